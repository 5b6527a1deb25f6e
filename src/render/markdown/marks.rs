//! Marks that a text's HTML carries until the page showing it is known.
//!
//! A text is rendered once and shown on many pages (a task's note on its plan, its units, its
//! period, their list pages, at several depths), so what depends on the page is left as a
//! mark, one of the noncharacters Unicode keeps for a program's own use (no text holds them,
//! unlike the private use area that symbol fonts fill), put in place when the page is made
//! ([`place`]):
//!
//! - [`ROOT`]: the way from the page back to the site's root (`../../`), before each link to
//!   a page or file of the site, so that every link is relative and the site works from any
//!   sub-path and from disk;
//! - [`NEW_GROUP`] then [`GROUP`]: the number of the text among those with footnotes on the
//!   page, in its footnotes' ids (`fn-2-1`), so that two texts never give the same id;
//! - [`HEADING`]: before a heading's anchor (see `headings`), which becomes `-2`, `-3`… when
//!   the page already holds that id, so that no two elements of a page share one; and
//!   [`HEADING_LINK`], before a link's anchor, which follows its text's heading there.
//!
//! Writers' texts never hold marks: they are taken out before a text is read ([`strip`]).

use std::borrow::Cow;

/// The way back to the site's root from the page.
pub const ROOT: char = '\u{FDD0}';
/// The footnote group of the text this mark is in.
pub const GROUP: char = '\u{FDD1}';
/// The first mark of a text with footnotes: its group is the next number.
pub const NEW_GROUP: char = '\u{FDD2}';
/// A relative link as written, inside a text's HTML until it is resolved (see `links`).
pub const LINK: char = '\u{FDD3}';
/// A footnote reference, inside a text's HTML until its link is written (see `footnotes`).
pub const NOTE: char = '\u{FDD4}';
/// A heading's anchor follows, to be made unique on the page (see `headings`).
pub const HEADING: char = '\u{FDD5}';
/// A link to a heading of its own text follows: it leads where that heading's anchor is put.
pub const HEADING_LINK: char = '\u{FDD6}';

/// The first two bytes of every mark in UTF-8 (U+FDC0 to U+FDFF); the third tells them apart.
const LEAD: u8 = 0xEF;
const SECOND: u8 = 0xB7;

fn is_mark(c: char) -> bool {
    (ROOT..=HEADING_LINK).contains(&c)
}

/// `text` without marks.
pub fn strip(text: &str) -> Cow<'_, str> {
    if memchr::memchr(LEAD, text.as_bytes()).is_none() || !text.chars().any(is_mark) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|c| !is_mark(*c)).collect())
}

/// The marks of a page put in place: [`ROOT`] becomes `root`, each footnote group its number
/// in the page's order, each heading's anchor one no other element of the page has. A page
/// without marks is returned as it is, not copied.
pub fn place(html: String, root: impl FnOnce() -> String) -> String {
    let bytes = html.as_bytes();
    let marked =
        |i: usize| bytes.get(i + 1) == Some(&SECOND) && matches!(bytes.get(i + 2), Some(0x90..=0x92 | 0x95 | 0x96));
    let Some(first) = memchr::memchr_iter(LEAD, bytes).find(|i| marked(*i)) else {
        return html;
    };
    let marks: Vec<usize> =
        memchr::memchr_iter(LEAD, &bytes[first..]).map(|i| i + first).filter(|i| marked(*i)).collect();
    let anchors = anchors(&html, &marks);
    let root = root();
    let mut out = String::with_capacity(html.len() + 64);
    let mut group = 0usize;
    let mut heading = 0usize;
    let mut done = 0;
    for i in marks {
        out.push_str(&html[done..i]);
        done = i + 3;
        match bytes[i + 2] {
            0x90 => out.push_str(&root),
            0x91 => out.push_str(&group.to_string()),
            0x92 => {
                group += 1;
                out.push_str(&group.to_string());
            }
            0x95 => {
                let (_, _, len) = super::headings::read_mark(&html[done..]);
                out.push_str(&anchors.placed[heading]);
                heading += 1;
                done += len;
            }
            _ => {
                let (token, anchor, len) = super::headings::read_mark(&html[done..]);
                out.push_str(anchors.first.get(&(token, anchor)).map_or(anchor, String::as_str));
                done += len;
            }
        }
    }
    out.push_str(&html[done..]);
    out
}

/// Where the page puts its headings' anchors: each heading's, in order, numbered past every id
/// the page holds and every anchor put before it; and by text and anchor, the first such
/// heading's, which its text's links lead to.
struct Anchors<'a> {
    placed: Vec<String>,
    first: std::collections::HashMap<(&'a str, &'a str), String>,
}

fn anchors<'a>(html: &'a str, marks: &[usize]) -> Anchors<'a> {
    let mut out = Anchors { placed: Vec::new(), first: std::collections::HashMap::new() };
    let headings: Vec<usize> = marks.iter().copied().filter(|i| html.as_bytes()[i + 2] == 0x95).collect();
    if headings.is_empty() {
        return out;
    }
    let ids = page_ids(html);
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for i in headings {
        let (token, anchor, _) = super::headings::read_mark(&html[i + 3..]);
        let mut id = anchor.to_string();
        let mut n = 1;
        while ids.contains(id.as_str()) || taken.contains(&id) {
            n += 1;
            id = format!("{anchor}-{n}");
        }
        taken.insert(id.clone());
        out.first.entry((token, anchor)).or_insert_with(|| id.clone());
        out.placed.push(id);
    }
    out
}

/// The ids written on a page as they are (those holding a mark are not yet): its theme's, and
/// the footnotes' once numbered, which a heading's anchor must not take. Footnote ids hold a
/// mark until placed, but their namespace (`fn-`, `fnref-`) is one no anchor is in.
fn page_ids(html: &str) -> std::collections::HashSet<&str> {
    memchr::memmem::find_iter(html.as_bytes(), b" id=\"")
        .filter_map(|at| {
            let value = &html[at + 5..];
            value.find('"').map(|end| &value[..end])
        })
        .filter(|id| !id.starts_with(HEADING))
        .collect()
}

/// The way back to the site's root from the page at the output path `path`.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_put_in_place_in_page_order() {
        let page = format!(
            "<a href=\"{ROOT}files/a.pdf\">a</a> <a href=\"#fn-{NEW_GROUP}-1\" id=\"fnref-{GROUP}-1\">1</a> \
             <li id=\"fn-{GROUP}-1\"></li> <a href=\"#fn-{NEW_GROUP}-1\">1</a> ẩn {ROOT}"
        );
        assert_eq!(
            place(page, || "../../".into()),
            "<a href=\"../../files/a.pdf\">a</a> <a href=\"#fn-1-1\" id=\"fnref-1-1\">1</a> \
             <li id=\"fn-1-1\"></li> <a href=\"#fn-2-1\">1</a> ẩn ../../"
        );
        let plain = String::from("<p>Không có dấu \u{FDDF} \u{E000} \u{FEFF} nào.</p>");
        let at = plain.as_ptr();
        let placed = place(plain, || unreachable!());
        assert_eq!(placed.as_ptr(), at, "returned, not copied");
    }

    #[test]
    fn a_heading_anchor_is_numbered_past_the_ids_the_page_holds() {
        let page = format!(
            "<main id=\"main\"><h2 id=\"{HEADING}main\">Main</h2><h2 id=\"{HEADING}ket-qua\">a</h2>\
             <h2 id=\"{HEADING}ket-qua\">b</h2><h2 id=\"{HEADING}search\">c</h2></main><form id=\"search\">"
        );
        assert_eq!(
            place(page, String::new),
            "<main id=\"main\"><h2 id=\"main-2\">Main</h2><h2 id=\"ket-qua\">a</h2>\
             <h2 id=\"ket-qua-2\">b</h2><h2 id=\"search-2\">c</h2></main><form id=\"search\">"
        );
    }

    /// A text's link to its own heading leads where that heading's anchor is put, though
    /// another text's heading of the same words came first.
    #[test]
    fn a_texts_links_follow_its_headings() {
        let (a, b) = ("00000000000000aa", "00000000000000bb");
        let page = format!(
            "<h2 id=\"{HEADING}{a}:ghi-chu\">A</h2><a href=\"#{HEADING_LINK}{b}:ghi-chu\">b</a>\
             <h2 id=\"{HEADING}{b}:ghi-chu\">B</h2><a href=\"#{HEADING_LINK}{a}:ghi-chu\">a</a>"
        );
        assert_eq!(
            place(page, String::new),
            "<h2 id=\"ghi-chu\">A</h2><a href=\"#ghi-chu-2\">b</a><h2 id=\"ghi-chu-2\">B</h2><a href=\"#ghi-chu\">a</a>"
        );
    }

    #[test]
    fn writers_texts_lose_their_marks() {
        assert_eq!(strip("a\u{FDD0}b\u{FDD3}c\u{FDD4}\u{FDD5}\u{FDD6}\u{FDD7}\u{E000}"), "abc\u{FDD7}\u{E000}");
        assert!(matches!(strip("Hải Phòng"), Cow::Borrowed(_)));
        assert_eq!(root_of("en/plans/x/index.html"), "../../../");
        assert_eq!(root_of("index.html"), "");
    }
}
