//! The links a Markdown text holds, in Markdown or in raw HTML, read as the renderer reads
//! them: for the check that each leads somewhere (see [`super::content_links`]) and for the
//! files a draft holds back (see [`super::drafts`]).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::render::markdown::address::{self, Target};

/// A text's links with where each is written (see [`links`]).
pub(super) type Links = Arc<[(Range<usize>, String)]>;

/// The links of the texts the last check read, by text, for a preview server: after an edit,
/// only the texts that changed are parsed again (reading every post's links was a fifth of a
/// national site's rebuild). What a check did not read is dropped at [`KnownLinks::sweep`].
#[derive(Default)]
pub struct KnownLinks {
    /// Read by the check under way.
    now: Mutex<HashMap<Arc<str>, Links>>,
    /// Read by the last check.
    last: Mutex<HashMap<Arc<str>, Links>>,
}

impl KnownLinks {
    /// The links of `text`, read now unless a check read them before.
    pub(super) fn of(&self, text: &str) -> Links {
        let lock = |m: &'_ Mutex<HashMap<Arc<str>, Links>>| {
            // A check that panicked left nothing half-written: each entry is put in whole.
            m.lock().unwrap_or_else(|e| e.into_inner()).get(text).cloned()
        };
        if let Some(known) = lock(&self.now) {
            return known;
        }
        let known = match self.last.lock().unwrap_or_else(|e| e.into_inner()).remove_entry(text) {
            Some(entry) => entry,
            None => (Arc::from(text), Arc::from(links(text))),
        };
        let links = known.1.clone();
        self.now.lock().unwrap_or_else(|e| e.into_inner()).insert(known.0, known.1);
        links
    }

    /// Forgets the texts the last check did not read, so that what is kept does not grow.
    pub fn sweep(&self) {
        let now = std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()));
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = now;
    }
}

/// The links of `text`: from `known` when given (see [`KnownLinks`]), else read now.
pub(super) fn links_of(text: &str, known: Option<&KnownLinks>) -> Links {
    match known {
        Some(known) => known.of(text),
        None => Arc::from(links(text)),
    }
}

/// Every link and image of the Markdown `text`, in Markdown or in raw HTML, with where it is
/// written in `text`.
pub(super) fn links(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    // An HTML block comes a line at a time, but the renderer cleans it whole: a tag written over
    // lines (`<div><img src="a.png"` then `alt="…"></div>`) is read from the block as a whole.
    let mut block: Option<Vec<(String, Range<usize>)>> = None;
    for (event, range) in Parser::new_ext(text, crate::render::markdown::OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                out.push((range, super::links::link_address(link_type, &dest_url).into_owned()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => out.push((range, dest_url.to_string())),
            Event::Start(Tag::HtmlBlock) => block = Some(Vec::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(lines) = block.take() {
                    raw_html_links(&lines, &mut out);
                }
            }
            Event::Html(raw) if block.is_some() => block.get_or_insert_default().push((raw.to_string(), range)),
            Event::Html(raw) | Event::InlineHtml(raw) => raw_html_links(&[(raw.to_string(), range)], &mut out),
            _ => {}
        }
    }
    if let Some(lines) = block {
        raw_html_links(&lines, &mut out);
    }
    out
}

/// The links of a piece of raw HTML written in `parts` (each with where it is written), added
/// to `out` with where each is written, when written as it reads (else where its parts are).
fn raw_html_links(parts: &[(String, Range<usize>)], out: &mut Vec<(Range<usize>, String)>) {
    let (Some((_, first)), Some((_, last))) = (parts.first(), parts.last()) else { return };
    let whole = first.start..last.end;
    let raw: String = parts.iter().map(|(part, _)| part.as_str()).collect();
    // The part holding the byte `at` of `raw`: its offset there, and where it is written if it
    // is written as it reads.
    let part_at = |at: usize| {
        let mut offset = 0;
        for (part, range) in parts {
            if at < offset + part.len() {
                return (range.len() == part.len()).then_some((offset, range.start));
            }
            offset += part.len();
        }
        None
    };
    let mut from = 0;
    for link in raw_links(&raw) {
        let found = raw[from..].find(&link).map(|i| from + i).or_else(|| raw.find(&link));
        let at = found.filter(|_| !link.is_empty()).and_then(|i| {
            let end = i + link.len();
            let (first, start) = part_at(i)?;
            let (last, last_start) = part_at(end - 1)?;
            Some(start + (i - first)..last_start + (end - last))
        });
        if let Some(i) = found {
            from = i + link.len();
        }
        out.push((at.unwrap_or_else(|| whole.clone()), link));
    }
}

/// The files under `content/` (relative to it) that the Markdown `text`, written in the folder
/// `dir`, links to or shows; `languages` as [`address::read`] takes them.
pub fn files_linked(text: &str, dir: &str, languages: &[String]) -> Vec<String> {
    if !may_link_relatively(text) {
        return Vec::new();
    }
    links(text).into_iter().filter_map(|(_, link)| file_named(&link, dir, languages)).collect()
}

/// The file under `content/` the link `link`, written in the folder `dir`, names, if it names one.
pub fn file_named(link: &str, dir: &str, languages: &[String]) -> Option<String> {
    if !address::is_relative(link) {
        return None;
    }
    match address::read(link, dir, languages).ok()?.target {
        Target::File(path) => Some(path),
        _ => None,
    }
}

/// Whether `text` may hold a relative link: most notes hold none, or only web addresses, and
/// are not parsed (a national site's progress files hold a hundred thousand notes). A link
/// needs `](` (inline) or `]:` (a definition), raw HTML a `<`.
pub(super) fn may_link_relatively(text: &str) -> bool {
    may_link(text).relatively
}

/// What links a text may hold, found in one pass over its `]` and `<`: a check reads every
/// post and note of a site at each rebuild, and three searches of each text for `]:`, `<` and
/// `](` were a tenth of a preview's rebuild.
#[derive(Debug, Default, PartialEq)]
pub(super) struct MayLink {
    /// A relative link (see [`may_link_relatively`]).
    pub relatively: bool,
    /// An inline link to a part of the text's own page: `](#`.
    pub to_own_part: bool,
}

pub(super) fn may_link(text: &str) -> MayLink {
    let bytes = text.as_bytes();
    let mut may = MayLink::default();
    for i in memchr::memchr2_iter(b']', b'<', bytes) {
        let relative = match (bytes[i], bytes.get(i + 1)) {
            (b'<', _) | (_, Some(b':')) => true,
            (_, Some(b'(')) => {
                // `]` and `(` are one byte each: `i + 2` is where a character starts.
                let dest = &text[i + 2..];
                may.to_own_part |= dest.starts_with('#');
                let dest = dest.trim_start();
                !["http://", "https://", "mailto:", "tel:", "#"].iter().any(|s| dest.starts_with(s))
            }
            _ => false,
        };
        if relative {
            may.relatively = true;
            return may;
        }
    }
    may
}

/// The relative links of a piece of raw HTML, as the cleaner reads them.
fn raw_links(raw: &str) -> Vec<String> {
    // Raw HTML needs a `<`; `href`, `src` and `cite` name its addresses.
    let lower = raw.to_ascii_lowercase();
    if !(lower.contains("href") || lower.contains("src") || lower.contains("cite")) {
        return Vec::new();
    }
    let clean = crate::render::markdown::sanitise(raw);
    // With `<a href="#muc">`, to a part of the text's own page, looked at as in Markdown.
    [crate::render::markdown::marked_links(&clean), crate::render::markdown::links_to_own_parts(&clean)].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_links_are_a_texts_links_kept_while_checks_read_it() {
        let known = KnownLinks::default();
        let text = "[a](x.pdf) <img src=\"y.png\"> [b](https://a.vn)";
        let first = known.of(text);
        assert_eq!(&*first, &links(text)[..]);
        assert_eq!(first.len(), 3, "{first:?}");
        assert!(Arc::ptr_eq(&first, &known.of(text)), "read once in a check");
        known.sweep();
        assert!(Arc::ptr_eq(&first, &known.of(text)), "kept from the last check");
        let other = known.of("[c](z.pdf)");
        assert_eq!(other[0].1, "z.pdf");
        // Two checks that did not read it: gone, so that what is kept does not grow.
        known.sweep();
        known.sweep();
        assert!(!Arc::ptr_eq(&first, &known.of(text)));
        assert_eq!(&*known.of(text), &links(text)[..]);
    }

    #[test]
    fn an_email_autolink_goes_to_its_address_not_a_file() {
        let found: Vec<String> =
            links("Liên hệ <lienhe@example.gov.vn> hoặc <https://a.vn>.").into_iter().map(|(_, l)| l).collect();
        assert_eq!(found, ["mailto:lienhe@example.gov.vn", "https://a.vn"]);
    }

    #[test]
    fn texts_that_cannot_link_relatively_are_not_parsed() {
        for no in ["Đã xong.", "Xem [báo cáo](https://a.vn/x) và [thư]( mailto:a@b.vn), [mục](#a)", "a ] ( b"] {
            assert!(!may_link_relatively(no), "{no}");
        }
        for may in [
            "[a](files/x.pdf)",
            "![a](<x y.png>)",
            "[a][r]\n\n[r]: x.pdf",
            "<img src=x>",
            "[a](https://a.vn) [b](b.md)",
        ] {
            assert!(may_link_relatively(may), "{may}");
        }
        // A link to a part of the page itself is told apart, written as Markdown writes it.
        assert_eq!(may_link("Xem [mục](#a)."), MayLink { relatively: false, to_own_part: true });
        assert_eq!(may_link("Xem [mục]( #a)."), MayLink { relatively: false, to_own_part: false });
        assert_eq!(may_link("Xem [mục](#a) và [tệp](x.pdf)."), MayLink { relatively: true, to_own_part: true });
        assert_eq!(may_link("Hết ]"), MayLink::default());
    }
}
