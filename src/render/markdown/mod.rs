//! Markdown commentary → safe HTML. The press office's text may contain HTML; it is cleaned
//! so that no script, event handler or `javascript:` link reaches a citizen's browser.
//!
//! A text is rendered once and shown on many pages; what depends on the page is written as
//! marks that the page puts in place ([`finish`]): its relative links are read as the site's
//! paths from the folder of the text's file ([`address`]) and written from the page; its
//! footnotes' ids are numbered among the page's texts ([`footnotes`]); its headings' anchors
//! are made unique on the page ([`headings`]).

pub mod address;
mod attributes;
mod autolink;
mod clean;
mod footnotes;
mod headings;
mod links;
mod marks;
mod memo;
mod scroll;
pub mod site;
mod text;

use pulldown_cmark::{Event, Options, Parser, html};

use crate::model::{Page, Site};

pub use links::{Evidence, evidence_href, evidence_target, marked as marked_links, to_own_parts as links_to_own_parts};

/// The Markdown dialect of pages and notes; the loader checks texts with the same one.
pub const OPTIONS: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_FOOTNOTES);

/// Where a text comes from and who reads it: what its relative links are read from and lead
/// to.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub site: &'a Site,
    /// The page whose Markdown file the text is; `None` for a text of the data files (a
    /// progress note), whose links are read from `content/` itself.
    pub page: Option<&'a Page>,
    /// The language of the page that shows it: links to pages lead to theirs in it.
    pub lang: &'a str,
}

impl<'a> Source<'a> {
    /// The text of a page under `content/`, shown on a page in `lang`.
    pub fn page(site: &'a Site, page: &'a Page, lang: &'a str) -> Source<'a> {
        Source { site, page: Some(page), lang }
    }

    /// A text of the data files (a note), shown on a page in `lang`.
    pub fn data(site: &'a Site, lang: &'a str) -> Source<'a> {
        Source { site, page: None, lang }
    }

    /// The folder under `content/` its relative links are read from.
    fn folder(&self) -> String {
        self.page.map(|p| address::folder(&p.kind)).unwrap_or_default()
    }

    /// The language it is written in: a page's own; the data files' are the site's.
    fn written(&self) -> &'a str {
        self.page.map_or(self.site.config.language.as_str(), |p| p.lang.as_str())
    }
}

/// Renders Markdown to sanitised HTML whose highest heading is `<h{top}>`, so that the page's
/// own `<h1>` stays the only one and no level is skipped, however the writer started. The HTML
/// holds marks for the page to put in place (see [`finish`]).
///
/// The same text is shown in many places (a task's note on its plan, its units, its period and
/// its indicators, in every language; a post on its page, in the feed and in search), so each
/// distinct text is rendered once and remembered (see `memo`); only its relative links, when
/// it has any, are written for each reader.
pub fn to_html(markdown: &str, top: u8, source: &Source) -> String {
    links::resolve(rendered(markdown, top, footnotes::Words::of(source.written())), source)
}

/// The remembered rendering, links not yet resolved; `top` 0 for a text shown inline.
fn rendered(markdown: &str, top: u8, words: footnotes::Words) -> String {
    let slot = memo::html_slot(top, usize::from(words == footnotes::Words::En));
    memo::get_or_insert(markdown, slot, || render(markdown, top, words))
}

/// The visible text of a Markdown text, as search indexes it: remembered like [`to_html`].
pub fn to_text(markdown: &str) -> String {
    memo::get_or_insert(markdown, memo::TEXT, || {
        let slot = memo::html_slot(2, 0);
        match memo::get(markdown, slot) {
            Some(html) => text::text_of(&html),
            None if plain(markdown) => text::text_of(&unclean_html(markdown)),
            None => text::text_of(&rendered(markdown, 2, footnotes::Words::Vi)),
        }
    })
}

/// Whether a text's visible words are those of its HTML before it is cleaned and marked: with
/// no raw HTML (nor `<…>` link), no footnote, no mark and no NUL, the cleaner and the marks change
/// tags and attributes only. Cleaning is most of the time of a rendering, and a build whose
/// pages of posts were kept renders every post for its search record alone.
fn plain(markdown: &str) -> bool {
    // The HTML parser behind the cleaner drops NUL characters too.
    memchr::memchr2(b'<', 0, markdown.as_bytes()).is_none()
        && memchr::memmem::find(markdown.as_bytes(), b"[^").is_none()
        && matches!(marks::strip(markdown), std::borrow::Cow::Borrowed(_))
}

/// The HTML of a [`plain`] text, neither cleaned nor marked: for its words only.
fn unclean_html(markdown: &str) -> String {
    let markdown = pasted_breaks(markdown);
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    html::push_html(&mut html, Parser::new_ext(&markdown, OPTIONS));
    html
}

/// `markdown` with the line and page breaks of text pasted from an office program (U+000B,
/// U+000C; the load accepts no other control character) as Markdown's line break, two spaces
/// and a line end: as breaks they were written, and as characters no page or feed may hold them.
fn pasted_breaks(markdown: &str) -> std::borrow::Cow<'_, str> {
    match memchr::memchr2(0x0B, 0x0C, markdown.as_bytes()) {
        None => std::borrow::Cow::Borrowed(markdown),
        Some(_) => std::borrow::Cow::Owned(markdown.replace(['\u{B}', '\u{C}'], "  \n")),
    }
}

/// A page's HTML with the marks of the texts it shows put in place (see `marks`): links from
/// the page at the output path `path`, footnotes numbered. Every page goes through here.
pub fn finish(html: String, path: &str) -> String {
    marks::place(html, || marks::root_of(path))
}

/// Like [`finish`], for a document whose way back to the site's root is `root` (a feed, whose
/// links are absolute when the site's address is known).
pub fn finish_at(html: String, root: &str) -> String {
    marks::place(html, || root.to_string())
}

/// Renders from `<h{top}>`; `top` 0 renders inline (see [`inline`]), headings from `<h2>`.
fn render(markdown: &str, top: u8, words: footnotes::Words) -> String {
    let inline = top == 0;
    let top = if inline { 2 } else { top };
    let markdown = pasted_breaks(markdown);
    let markdown = marks::strip(&markdown);
    let markdown = markdown.as_ref();
    let parser = autolink::bare_addresses(Parser::new_ext(markdown, OPTIONS).map(literal_unknown_tags()));
    if markdown.contains("[^") {
        let html = headings::renumber(footnotes::render(parser, words, inline), top);
        return headings::add_ids(scroll::scrollable(html, words), markdown);
    }
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    let html = headings::add_ids(scroll::scrollable(headings::renumber(clean::clean(&raw), top), words), markdown);
    if inline { unwrap_paragraph(&html) } else { html }
}

/// Raw HTML that is one tag of no HTML element (`nhân lực <CNTT>`) as the text it was written
/// as: the cleaner would drop it, and the writer's words with it. Inside an `<svg>` or a
/// `<math>` such tags are its shapes and symbols (`<circle>`, `<mi>`), which go with it.
fn literal_unknown_tags<'e>() -> impl FnMut(Event<'e>) -> Event<'e> {
    let mut foreign = false;
    move |event| match &event {
        Event::InlineHtml(html) | Event::Html(html) => {
            let lower = html.to_ascii_lowercase();
            let last = |a: &str, b: &str| lower.rfind(a).max(lower.rfind(b));
            let (opens, closes) = (last("<svg", "<math"), last("</svg", "</math"));
            let was_foreign = foreign;
            foreign = match (opens, closes) {
                (Some(o), Some(c)) => o > c,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => foreign,
            };
            if !was_foreign && !foreign && clean::names_no_element(html) { Event::Text(html.clone()) } else { event }
        }
        _ => event,
    }
}

/// The anchors of the headings of a page's Markdown text: what a link to a part of the page
/// may name (see `headings`).
pub fn heading_ids(markdown: &str) -> Vec<String> {
    headings::ids(&rendered(markdown, 2, footnotes::Words::Vi))
}

/// Keeps ordinary formatting, drops scripts, styles, event handlers, ids and unsafe URL
/// schemes. Every address (`href`, `src`, `cite`…) must also pass the input's link rule, so
/// that `\\host/x` or `//host/x` written in raw HTML cannot leave the site disguised as a
/// path; relative ones come out marked, to be written for the page (see [`to_html`]). For a
/// piece of raw HTML as Markdown gives it, one tag at a time: a link it opens is kept.
pub fn sanitise(html: &str) -> String {
    clean::clean_piece(html)
}

/// A short piece of Markdown (a note) rendered inline, without a wrapping paragraph, its
/// footnotes after it in the same line; remembered like [`to_html`].
pub fn inline(markdown: &str, source: &Source) -> String {
    links::resolve(rendered(markdown, 0, footnotes::Words::of(source.written())), source)
}

/// HTML of a single paragraph without its tags; any other HTML as it is, trimmed.
fn unwrap_paragraph(html: &str) -> String {
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests;
