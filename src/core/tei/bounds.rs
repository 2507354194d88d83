//! What an XML file would cost before it is parsed: one pass over its text that counts
//! the text its entities would add when expanded, and the attributes of each element.
//! The parser bounds the file's size, not what its entities expand to (a 200 KB file that
//! uses one 50,000-character entity 50,000 times is 2.5 GB of text), and it checks an
//! element's attributes against each other (quadratic in their number). A FRUS volume
//! declares no entities of its own and sets a handful of attributes on an element; files
//! far past either bound are refused with a message before anything large is allocated.

use std::collections::HashMap;

/// Text that entities may add to a volume when expanded: 32 MiB.
pub const MAX_EXPANDED_BYTES: u64 = 32 * 1024 * 1024;
/// Attributes one element may have.
pub const MAX_ATTRIBUTES: usize = 1_000;
/// Elements, texts and other nodes a volume may have: enough for the largest FRUS volumes
/// many times over, and a bound on the parser's memory.
pub const MAX_NODES: u32 = 10_000_000;

/// A bound the text goes past.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Excess {
    /// Its entities would add this many bytes of text.
    Expansion { bytes: u64 },
    /// The element starting at this line and column has this many attributes (or more).
    Attributes {
        line: usize,
        column: usize,
        count: usize,
    },
}

/// Checks `text` against the bounds above in one pass.
pub fn check(text: &str) -> Result<(), Excess> {
    let bytes = text.as_bytes();
    let mut entities: HashMap<&str, &str> = HashMap::new();
    let mut uses: HashMap<&str, u64> = HashMap::new();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(at) = find(bytes, i, b"<") {
        count_references(&text[text_start..at], &mut uses);
        let rest = &bytes[at..];
        i = if rest.starts_with(b"<!--") {
            end_of(bytes, at + 4, b"-->")
        } else if rest.starts_with(b"<![CDATA[") {
            end_of(bytes, at + 9, b"]]>")
        } else if rest.starts_with(b"<?") {
            end_of(bytes, at + 2, b"?>")
        } else if rest.starts_with(b"<!DOCTYPE") {
            let end = doctype_end(bytes, at);
            declarations(&text[at..end], &mut entities);
            end
        } else if rest.starts_with(b"</") {
            end_of(bytes, at + 2, b">")
        } else {
            let (end, count) = start_tag(text, at, &mut uses);
            if count > MAX_ATTRIBUTES {
                let (line, column) = line_and_column(bytes, at);
                return Err(Excess::Attributes {
                    line,
                    column,
                    count,
                });
            }
            end
        };
        text_start = i;
    }
    count_references(&text[text_start.min(text.len())..], &mut uses);
    if uses.is_empty() || entities.is_empty() {
        return Ok(());
    }
    let mut sizes: HashMap<&str, u64> = HashMap::new();
    let mut added: u64 = 0;
    for (name, times) in uses {
        let size = expanded(name, &entities, &mut sizes, &mut Vec::new());
        added = added.saturating_add(size.saturating_mul(times));
    }
    if added > MAX_EXPANDED_BYTES {
        return Err(Excess::Expansion { bytes: added });
    }
    Ok(())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The position just past `closing` (searched from `from`), or the end of the text.
fn end_of(bytes: &[u8], from: usize, closing: &[u8]) -> usize {
    find(bytes, from, closing).map_or(bytes.len(), |p| p + closing.len())
}

/// The end of a `<!DOCTYPE … [ … ]>`: past its internal subset, whose declarations hold
/// `>` of their own, and past quoted strings.
fn doctype_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    for (k, &b) in bytes.iter().enumerate().skip(at + 2) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[') => depth += 1,
            (None, b']') => depth = depth.saturating_sub(1),
            (None, b'>') if depth == 0 => return k + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The internal general entities `<!ENTITY name "value">` of a DOCTYPE, by name.
fn declarations<'a>(doctype: &'a str, entities: &mut HashMap<&'a str, &'a str>) {
    let mut rest = doctype;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = rest[at + 8..].trim_start();
        // A parameter entity (`%`) is the DTD's own: not text of the document.
        let parameter = rest.starts_with('%');
        if parameter {
            rest = rest[1..].trim_start();
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let Some(close) = rest[1..].find(quote) else {
            return;
        };
        if !parameter {
            // The first declaration of a name is the one that counts.
            entities.entry(name).or_insert(&rest[1..1 + close]);
        }
        rest = &rest[1 + close + 1..];
    }
}

/// A start tag at `at`: where it ends and how many attributes it has; references in its
/// attribute values are counted.
fn start_tag<'a>(text: &'a str, at: usize, uses: &mut HashMap<&'a str, u64>) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut k = at + 1;
    while k < bytes.len() {
        match bytes[k] {
            b'>' => return (k + 1, count),
            b'=' => count += 1,
            q @ (b'"' | b'\'') => {
                let end = find(bytes, k + 1, &[q]).unwrap_or(bytes.len());
                count_references(&text[k + 1..end], uses);
                k = end;
            }
            _ => {}
        }
        k += 1;
    }
    (bytes.len(), count)
}

/// Counts each `&name;` in `text` (character references and the five predefined
/// entities aside: they stand for one character).
fn count_references<'a>(text: &'a str, uses: &mut HashMap<&'a str, u64>) {
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        rest = &rest[at + 1..];
        let Some(end) = rest.find(';') else {
            return;
        };
        let name = &rest[..end];
        let plain = !name.is_empty()
            && !name.starts_with('#')
            && !matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            && !name.contains(|c: char| c.is_whitespace() || c == '&' || c == '<');
        if plain {
            *uses.entry(name).or_insert(0) += 1;
        }
        rest = &rest[end + 1..];
    }
}

/// The length of `name`'s value with every entity it uses expanded in turn. A loop adds
/// nothing here; the parser refuses it with its own message.
fn expanded<'a>(
    name: &'a str,
    entities: &HashMap<&'a str, &'a str>,
    sizes: &mut HashMap<&'a str, u64>,
    open: &mut Vec<&'a str>,
) -> u64 {
    if let Some(&size) = sizes.get(name) {
        return size;
    }
    let Some(value) = entities.get(name) else {
        return 0;
    };
    if open.contains(&name) {
        return 0;
    }
    open.push(name);
    let mut inner = HashMap::new();
    count_references(value, &mut inner);
    // The value's own text, each reference in it replaced by what it expands to.
    let mut size = value.len() as u64;
    for (used, times) in inner {
        let each = expanded(used, entities, sizes, open);
        let token = used.len() as u64 + 2;
        size = size
            .saturating_sub(token.saturating_mul(times))
            .saturating_add(each.saturating_mul(times));
    }
    open.pop();
    sizes.insert(name, size);
    size
}

fn line_and_column(bytes: &[u8], at: usize) -> (usize, usize) {
    crate::core::document::error::line_and_column(bytes, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_used_many_times_is_counted_as_expanded() {
        let value = "x".repeat(50_000);
        let uses = "&big;".repeat(50_000);
        let text = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE TEI [<!ENTITY big \"{value}\">]><TEI>{uses}</TEI>"
        );
        let start = std::time::Instant::now();
        assert_eq!(
            check(&text),
            Err(Excess::Expansion {
                bytes: 50_000 * 50_000
            })
        );
        assert!(start.elapsed().as_secs() < 5);
    }

    #[test]
    fn nested_entities_multiply() {
        let text = "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]><r a=\"&h;\">&h;</r>";
        // Each level ten of the one below: h is 10^8 bytes, used twice.
        assert_eq!(check(text), Err(Excess::Expansion { bytes: 200_000_000 }));
    }

    #[test]
    fn ordinary_volumes_and_small_entities_pass() {
        let text = "<?xml version=\"1.0\"?><!-- a < comment --><!DOCTYPE r [<!ENTITY n \"note\">]><TEI a=\"1\" b='x>y'><p>&n; &amp; &#38; <![CDATA[&q; <x a=1 b=2>]]></p></TEI>";
        assert_eq!(check(text), Ok(()));
    }

    #[test]
    fn an_element_with_absurdly_many_attributes_is_found() {
        let attributes: String = (0..100_000).map(|i| format!(" a{i}=\"v\"")).collect();
        let text = format!("<TEI>\n<p{attributes}/></TEI>");
        assert_eq!(
            check(&text),
            Err(Excess::Attributes {
                line: 2,
                column: 1,
                count: 100_000
            })
        );
    }
}
