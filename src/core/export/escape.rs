//! Escaping user text for markup: HTML for the HTML export, XML for the REFI-QDA project.

/// Escapes `text` for HTML content and attribute values: `& < > " '`.
pub fn html(text: &str) -> String {
    markup(text, false)
}

/// Escapes `text` for XML 1.0 content and attribute values: as for HTML, and white space
/// other than a space written as a character reference (an attribute keeps it then), and
/// control characters, which XML 1.0 forbids outright, left out.
pub fn xml(text: &str) -> String {
    markup(text, true)
}

/// Whether `url` may be written as a link: a web address (`http://` or `https://`) with no
/// white space or control character anywhere. Anything else — `javascript:`, `data:`,
/// `file:`, an address a browser would read past a tab or a line break — is shown as
/// text, never made live.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn markup(text: &str, xml: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' if xml => out.push_str("&#13;"),
            '\t' if xml => out.push_str("&#9;"),
            '\n' if xml => out.push_str("&#10;"),
            c if xml && (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_escape_markup_and_xml_also_white_space_and_controls() {
        let text = "a<b> & \"c\" 'd'\n\te\u{1}";
        assert_eq!(
            html(text),
            "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;\n\te\u{1}"
        );
        assert_eq!(
            xml(text),
            "a&lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;&#10;&#9;e"
        );
        // Escaped, any text makes a well-formed attribute and element, and reads back
        // as itself (less the controls).
        let doc = format!("<r a=\"{}\">{}</r>", xml(text), xml(text));
        let parsed = roxmltree::Document::parse(&doc).expect("well-formed");
        let root = parsed.root_element();
        assert_eq!(root.attribute("a"), Some("a<b> & \"c\" 'd'\n\te"));
        assert_eq!(root.text(), Some("a<b> & \"c\" 'd'\n\te"));
    }
}
