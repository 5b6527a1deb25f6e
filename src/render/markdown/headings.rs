//! Anchors for the headings of a text, so that a reader can share a link to a part of a long
//! page (`gioi-thieu/#cach-tinh`) and a writer can link to one (`[Cách tính](#cach-tinh)`).
//!
//! A heading's anchor is its visible text as a slug, as addresses are made (`## Cách tính
//! trạng thái` → `cach-tinh-trang-thai`); a second heading of the same words in the text gets
//! `-2`, and so on. The cleaner lets no writer's id through, so anchors are written after it.
//! The page may already hold the same id (the theme's own, or another text's heading): each
//! anchor is written as a mark ([`HEADING`]) that the page puts in place, numbered past every
//! id the page holds (see `marks::place`); the text's own links to it ([`HEADING_LINK`]) follow
//! it there. Both name the text by a token, so that a link finds its own text's heading.

use std::collections::{HashMap, HashSet};

use super::marks::{HEADING, HEADING_LINK};
use crate::text::slugify;

/// What an anchor is when a heading's text has no letter or digit (only symbols).
const BARE: &str = "muc";

/// `html` (cleaned) with an anchor on each heading `<h1>`…`<h6>`, marked for the page, and
/// each of its links to one of them (`href="#anchor"`) marked to follow it. `text` is the
/// Markdown it was rendered from: what names the text in the marks.
pub fn add_ids(html: String, text: &str) -> String {
    if !html.contains("<h") {
        return html;
    }
    let token = token(text);
    let mut out = String::with_capacity(html.len() + 64);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut anchors = HashSet::new();
    let mut rest = html.as_str();
    while let Some((at, level)) = next_heading(rest) {
        // `<hN` then `>` or attributes.
        let open_end = at + 3;
        let Some(close) = rest[open_end..].find(&format!("</h{level}>")).map(|i| open_end + i) else { break };
        let inner = rest[open_end..close].split_once('>').map_or("", |(_, inner)| inner);
        let id = unique(&mut seen, slug_of(inner));
        out.push_str(&rest[..open_end]);
        out.push_str(&format!(" id=\"{HEADING}{token}:{id}\""));
        anchors.insert(id);
        rest = &rest[open_end..];
    }
    out.push_str(rest);
    if anchors.is_empty() {
        return out;
    }
    // The text's links to its own headings.
    let mut linked = String::with_capacity(out.len() + 32);
    let mut rest = out.as_str();
    while let Some(at) = rest.find("href=\"#") {
        let value = &rest[at + 7..];
        let end = value.find('"').unwrap_or(value.len());
        linked.push_str(&rest[..at + 7]);
        if anchors.contains(&value[..end]) {
            linked.push_str(&format!("{HEADING_LINK}{token}:"));
        }
        rest = value;
    }
    linked.push_str(rest);
    linked
}

/// What names a text in its marks: a digest of its Markdown, the same for the same text.
fn token(text: &str) -> String {
    use std::hash::{Hash, Hasher};
    // `DefaultHasher::new` has fixed keys: the same text, the same token, in every run.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// A heading's or a link's mark read from just after its mark character: the text's token,
/// the anchor, and how many bytes they take.
pub fn read_mark(rest: &str) -> (&str, &str, usize) {
    let is_token = |t: &str| t.len() == 16 && t.bytes().all(|b| b.is_ascii_hexdigit());
    let (token, after) = rest
        .get(..17)
        .filter(|t| t.ends_with(':') && is_token(&t[..16]))
        .map_or(("", rest), |_| (&rest[..16], &rest[17..]));
    let anchor = &after[..after.find(|c: char| !is_anchor_char(c)).unwrap_or(after.len())];
    let len = if token.is_empty() { anchor.len() } else { token.len() + 1 + anchor.len() };
    (token, anchor, len)
}

/// The anchors of a rendered text's headings, as written before the page numbers any past
/// the ids it holds: what a link to one of its headings may name.
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    let start = format!("id=\"{HEADING}");
    while let Some(i) = rest.find(&start) {
        rest = &rest[i + start.len()..];
        let (_, anchor, len) = read_mark(rest);
        out.push(anchor.to_string());
        rest = &rest[len..];
    }
    out
}

/// Whether `c` may be in an anchor: slugs are lowercase ASCII letters, digits and `-`.
pub fn is_anchor_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// Cleaned `html` with its headings renumbered from `<h{top}>` down, each at most one level
/// below the heading it comes under, so that no page skips a level (which HTML checkers report,
/// and screen readers' outlines show) whatever levels the writer chose, in Markdown or in HTML:
/// `####` before any `##` is the text's first level, `##` then `####` is `<h2>` then `<h3>`,
/// and an `<h1>` written in HTML is not a second title. A heading comes under the last one
/// before it that the writer gave a higher level (a smaller number).
pub fn renumber(html: String, top: u8) -> String {
    if next_heading(&html).is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    // The open headings: the level written, the level given.
    let mut open: Vec<(u8, u8)> = Vec::new();
    let mut rest = html.as_str();
    while let Some((at, written)) = next_heading(rest) {
        // Headings do not nest: the cleaner's parser closes one before the next opens.
        let close = format!("</h{written}>");
        let Some(end) = rest[at..].find(&close).map(|i| at + i) else { break };
        while open.last().is_some_and(|&(w, _)| w >= written) {
            open.pop();
        }
        let given = open.last().map_or(top, |&(_, given)| given + 1).min(6);
        open.push((written, given));
        out.push_str(&rest[..at]);
        out.push_str(&format!("<h{given}"));
        out.push_str(&rest[at + 3..end]);
        out.push_str(&format!("</h{given}>"));
        rest = &rest[end + close.len()..];
    }
    out.push_str(rest);
    out
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
        let marked = add_ids(html.to_string(), "văn bản");
        assert_eq!(ids(&marked), ["cach-tinh-trang-thai", "dau-tu", "cach-tinh-trang-thai-2", "muc"]);
        let token = token("văn bản");
        assert!(marked.contains(&format!("<h3 id=\"{HEADING}{token}:dau-tu\" lang=\"en\">")), "{marked}");
        assert!(marked.ends_with("<hr><header>"), "{marked}");
        assert_eq!(add_ids("<p>Không có tiêu đề</p>".into(), ""), "<p>Không có tiêu đề</p>");
    }

    #[test]
    fn anchors_keep_out_of_the_footnotes_way() {
        let html = "<h2>fn 1 1</h2><h2>Fnref 2</h2><h2>Chú thích<sup><a href=\"#fn-x\" class=\"footnote-ref\">1</a></sup> m<sup>2</sup></h2>";
        assert_eq!(ids(&add_ids(html.to_string(), "")), ["muc-fn-1-1", "muc-fnref-2", "chu-thich-m-2"]);
    }

    #[test]
    fn a_texts_links_to_its_headings_are_marked_to_follow_them() {
        let marked = add_ids("<h2>Một</h2><a href=\"#mot\">a</a> <a href=\"#khac\">b</a>".into(), "t");
        let token = token("t");
        assert!(marked.contains(&format!("href=\"#{HEADING_LINK}{token}:mot\"")), "{marked}");
        assert!(marked.contains("href=\"#khac\""), "{marked}");
    }
}
