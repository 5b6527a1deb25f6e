//! Wide parts of a text made to scroll on their own, so that a phone never scrolls the whole
//! page sideways: each table in a region of its own, named for screen readers and reachable by
//! keyboard (as the theme's own tables are), and each code block reachable by keyboard.
//! Applied to cleaned HTML, in which `<table` and `<pre` only ever start those elements.

use super::footnotes::Words;

/// `html` with its tables wrapped and its code blocks made focusable.
pub fn scrollable(html: String, words: Words) -> String {
    if !html.contains("<table") && !html.contains("<pre") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 128);
    let mut rest = html.as_str();
    let mut tables = 0;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = start_of(rest, "<table") {
            tables += 1;
            // Named by its first heading cell too, so that two texts' tables on one page are
            // told apart.
            let label = match first_heading(after) {
                Some(heading) => format!("{}: {heading}", words.table(tables)),
                None => words.table(tables),
            };
            out.push_str(&format!(
                "<div class=\"table-wrap\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\"><table"
            ));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("</table>") {
            out.push_str("</table></div>");
            rest = after;
        } else if let Some(after) = start_of(rest, "<pre") {
            out.push_str("<pre tabindex=\"0\"");
            rest = after;
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// What names the table (`html` is the rest of it): its caption, else its first heading cell,
/// as text that may stand in an attribute.
fn first_heading(html: &str) -> Option<String> {
    let end = html.find("</table>").unwrap_or(html.len());
    let table = &html[..end];
    let named = |tag: &str| -> Option<&str> {
        let start = table.find(&format!("<{tag}"))?;
        let open = start + table[start..].find('>')? + 1;
        let close = open + table[open..].find(&format!("</{tag}>"))?;
        Some(&table[open..close])
    };
    let cell = named("caption").or_else(|| named("th"))?;
    // A footnote's number is not part of the name.
    let cell = match cell.find("<sup") {
        Some(at) => &cell[..at],
        None => cell,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '"' if !in_tag => text.push_str("&quot;"),
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// What follows the tag name `tag` when `html` starts with that tag (not a longer name).
fn start_of<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let after = html.strip_prefix(tag)?;
    after.starts_with(['>', ' ', '\n', '\t', '/']).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_get_a_named_focusable_region_and_code_blocks_focus() {
        let html = "<p>a &lt;table&gt; b</p>\n<table>\n<thead><tr><th><em>x</em></th></tr></thead></table>\n<pre><code>wide</code></pre>\n<table><tr><td>y</td></tr></table><preface>";
        let out = scrollable(html.to_string(), Words::Vi);
        assert_eq!(
            out,
            "<p>a &lt;table&gt; b</p>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Bảng 1: x\" tabindex=\"0\"><table>\n<thead><tr><th><em>x</em></th></tr></thead></table></div>\n<pre tabindex=\"0\"><code>wide</code></pre>\n<div class=\"table-wrap\" role=\"region\" aria-label=\"Bảng 2\" tabindex=\"0\"><table><tr><td>y</td></tr></table></div><preface>"
        );
        assert!(scrollable("<table></table>".into(), Words::En).contains("aria-label=\"Table 1\""));
        let captioned = "<table><caption>Chi tiêu</caption><tr><th>a<sup>1</sup></th></tr></table>";
        assert!(scrollable(captioned.into(), Words::Vi).contains("aria-label=\"Bảng 1: Chi tiêu\""));
        let noted = "<table><tr><th>Năm<sup class=\"footnote-reference\">1</sup></th></tr></table>";
        assert!(scrollable(noted.into(), Words::Vi).contains("aria-label=\"Bảng 1: Năm\""));
        assert_eq!(scrollable("<p>plain</p>".into(), Words::En), "<p>plain</p>");
    }
}
