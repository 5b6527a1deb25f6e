//! Anchors for the headings of a text, so that a reader can share a link to a part of a long
//! page (`gioi-thieu/#cach-tinh`) and a writer can link to one (`[Cách tính](#cach-tinh)`).
//!
//! A heading's anchor is its visible text as a slug, as addresses are made (`## Cách tính
//! trạng thái` → `cach-tinh-trang-thai`); a second heading of the same words in the text gets
//! `-2`, and so on. The cleaner lets no writer's id through, so anchors are written after it.
//! The page may already hold the same id (the theme's own, or another text's heading): each
//! anchor is written as a mark ([`HEADING`]) that the page puts in place, numbered past every
//! id the page holds (see `marks::place`).

use std::collections::HashMap;

use super::marks::HEADING;
use crate::text::slugify;

/// What an anchor is when a heading's text has no letter or digit (only symbols).
const BARE: &str = "muc";

/// `html` (cleaned) with an anchor on each heading `<h1>`…`<h6>`, marked for the page.
pub fn add_ids(html: String) -> String {
    if !html.contains("<h") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rest = html.as_str();
    while let Some((at, level)) = next_heading(rest) {
        // `<hN` then `>` or attributes.
        let open_end = at + 3;
        let Some(close) = rest[open_end..].find(&format!("</h{level}>")).map(|i| open_end + i) else { break };
        let inner = rest[open_end..close].split_once('>').map_or("", |(_, inner)| inner);
        let id = unique(&mut seen, slug_of(inner));
        out.push_str(&rest[..open_end]);
        out.push_str(&format!(" id=\"{HEADING}{id}\""));
        rest = &rest[open_end..];
    }
    out.push_str(rest);
    out
}

/// The anchors of a rendered text's headings, as written before the page numbers any past
/// the ids it holds: what a link to one of its headings may name.
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    let start = format!("id=\"{HEADING}");
    while let Some(i) = rest.find(&start) {
        rest = &rest[i + start.len()..];
        let end = rest.find(|c: char| !is_anchor_char(c)).unwrap_or(rest.len());
        out.push(rest[..end].to_string());
    }
    out
}

/// Whether `c` may be in an anchor: slugs are lowercase ASCII letters, digits and `-`.
pub fn is_anchor_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// Where the next heading tag starts in `html`, and its level.
fn next_heading(html: &str) -> Option<(usize, u8)> {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(bytes, b"<h").find_map(|i| {
        let level = *bytes.get(i + 2)?;
        let after = *bytes.get(i + 3)?;
        (matches!(level, b'1'..=b'6') && matches!(after, b'>' | b' ')).then_some((i, level - b'0'))
    })
}

/// A heading's HTML as an anchor: its visible text, slugged, without the numbers of footnote
/// references (adding a note before it must not move its anchor). A slug in the footnotes'
/// namespace (`fn-1-1`, see `footnotes`) starts with `muc-`, so that the two never meet.
fn slug_of(inner: &str) -> String {
    let slug = slugify(&super::text::text_of(&without_footnote_references(inner)));
    if slug.is_empty() {
        BARE.to_string()
    } else if slug == "fn" || slug == "fnref" || slug.starts_with("fn-") || slug.starts_with("fnref-") {
        format!("{BARE}-{slug}")
    } else {
        slug
    }
}

/// `html` without its footnote references (`<sup><a … class="footnote-ref" …>1</a></sup>`).
fn without_footnote_references(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains("footnote-ref") {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<sup>") {
        let end = rest[at..].find("</sup>").map_or(rest.len(), |e| at + e + "</sup>".len());
        out.push_str(&rest[..at]);
        if !rest[at..end].contains("class=\"footnote-ref\"") {
            out.push_str(&rest[at..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `slug`, or `slug-N` for the N-th heading of those words in the text.
fn unique(seen: &mut HashMap<String, usize>, slug: String) -> String {
    let n = seen.entry(slug.clone()).or_insert(0);
    *n += 1;
    if *n == 1 { slug } else { format!("{slug}-{n}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_heading_gets_its_words_as_an_anchor_once_in_the_text() {
        let html = "<h2>Cách tính <em>trạng thái</em></h2><p>x</p><h3 lang=\"en\">Đầu tư</h3><h2>Cách tính trạng thái</h2>\
                    <h2>★</h2><hr><header>";
        let marked = add_ids(html.to_string());
        assert_eq!(ids(&marked), ["cach-tinh-trang-thai", "dau-tu", "cach-tinh-trang-thai-2", "muc"]);
        assert!(marked.contains(&format!("<h3 id=\"{HEADING}dau-tu\" lang=\"en\">")), "{marked}");
        assert!(marked.ends_with("<hr><header>"), "{marked}");
        assert_eq!(add_ids("<p>Không có tiêu đề</p>".into()), "<p>Không có tiêu đề</p>");
    }

    #[test]
    fn anchors_keep_out_of_the_footnotes_way() {
        let html = "<h2>fn 1 1</h2><h2>Fnref 2</h2><h2>Chú thích<sup><a href=\"#fn-x\" class=\"footnote-ref\">1</a></sup> m<sup>2</sup></h2>";
        assert_eq!(ids(&add_ids(html.to_string())), ["muc-fn-1-1", "muc-fnref-2", "chu-thich-m-2"]);
    }
}
