//! Numbers as the program writes them: `8,681`, "1 highlight", "3 highlights".

/// `8681` → `8,681`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n`, grouped, and the noun, in the plural (`one` + "s") unless `n` is 1:
/// `counted(1, "highlight")` is "1 highlight", `counted(1024, "hit")` "1,024 hits".
pub fn counted(n: usize, one: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {one}{s}", grouped(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(8681), "8,681");
        assert_eq!(grouped(1234567), "1,234,567");
    }

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(counted(0, "highlight"), "0 highlights");
        assert_eq!(counted(1, "highlight"), "1 highlight");
        assert_eq!(counted(2, "document"), "2 documents");
        assert_eq!(counted(1024, "hit"), "1,024 hits");
    }
}
