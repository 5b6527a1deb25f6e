//! Footnotes (`text[^1]` with `[^1]: note`), as GitHub shows them: each reference is a raised
//! number linking to its note, the notes are listed at the end of the text in the order they
//! are first referred to, and each note links back to where it is referred to.
//!
//! The cleaner lets no writer's id through, so the ids are written here, after the text and
//! each note are cleaned apart: `fn-G-N` for note N and `fnref-G-N` (`-K` for its K-th
//! reference after the first) for its reference, where G is the text's number among those with
//! footnotes on the page (a mark, see `marks`). No id of the page's own starts with `fn`.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

use super::marks::{GROUP, NEW_GROUP, NOTE};

/// The language of the words footnotes add for screen readers: that of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    Vi,
    En,
}

impl Words {
    pub fn of(lang: &str) -> Words {
        if lang == "vi" { Words::Vi } else { Words::En }
    }

    fn reference(self, n: usize) -> String {
        match self {
            Words::Vi => format!("Chú thích {n}"),
            Words::En => format!("Footnote {n}"),
        }
    }

    /// The name a screen reader gives the `n`th table of a text, as a region.
    pub fn table(self, n: usize) -> String {
        match self {
            Words::Vi => format!("Bảng {n}"),
            Words::En => format!("Table {n}"),
        }
    }

    fn back(self, n: usize, k: usize) -> String {
        let which = if k > 1 { format!("{n} ({k})") } else { n.to_string() };
        match self {
            Words::Vi => format!("Trở lại chỗ dẫn chú thích {which}"),
            Words::En => format!("Back to reference {which}"),
        }
    }
}

/// How footnote labels are matched: without regard to case or runs of spaces.
fn key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The text's footnotes as they are numbered.
struct Notes<'a> {
    /// Each definition's events, by label; the first of a label counts.
    defs: HashMap<String, Vec<Event<'a>>>,
    /// Labels in the order they are first referred to: note N is `order[N - 1]`.
    order: Vec<String>,
    /// How many times each note is referred to.
    refs: Vec<usize>,
}

impl<'a> Notes<'a> {
    /// Each reference replaced by a placeholder (`NOTE` N `:` K `NOTE`) the cleaner keeps as
    /// text; a reference to no note is left as the text it was written as.
    /// A reference inside a link or an image's text cannot be a link (links do not nest, and
    /// an image's text is an attribute): it stays as written.
    fn number(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut within = 0usize;
        events
            .into_iter()
            .map(|event| match event {
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    within += 1;
                    Event::Start(tag)
                }
                Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                    within = within.saturating_sub(1);
                    Event::End(end)
                }
                Event::FootnoteReference(label) => {
                    let k = key(&label);
                    if within > 0 || !self.defs.contains_key(&k) {
                        return Event::Text(CowStr::from(format!("[^{label}]")));
                    }
                    let n = match self.order.iter().position(|l| *l == k) {
                        Some(i) => i + 1,
                        None => {
                            self.order.push(k);
                            self.refs.push(0);
                            self.order.len()
                        }
                    };
                    self.refs[n - 1] += 1;
                    Event::Text(CowStr::from(format!("{NOTE}{n}:{}{NOTE}", self.refs[n - 1])))
                }
                other => other,
            })
            .collect()
    }
}

/// Renders a text's events with footnotes: the text, then its notes, each cleaned apart. An
/// inline text (a note shown in a line of a table) keeps to phrasing content: its paragraph's
/// tags are dropped (see [`super::unwrap_paragraph`]) and its notes follow in a line of
/// their own.
pub fn render<'a>(events: impl Iterator<Item = Event<'a>>, words: Words, inline: bool) -> String {
    let mut main = Vec::new();
    let mut defs: HashMap<String, Vec<Event<'a>>> = HashMap::new();
    let mut inside: Option<(String, Vec<Event<'a>>)> = None;
    let mut depth = 0usize;
    for event in events {
        match (&mut inside, event) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => inside = Some((key(&label), Vec::new())),
            (Some((label, body)), event) => {
                match &event {
                    Event::Start(Tag::FootnoteDefinition(_)) => depth += 1,
                    Event::End(TagEnd::FootnoteDefinition) if depth == 0 => {
                        let label = std::mem::take(label);
                        let body = std::mem::take(body);
                        defs.entry(label).or_insert(body);
                        inside = None;
                        continue;
                    }
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
                body.push(event);
            }
            (None, event) => main.push(event),
        }
    }
    let mut notes = Notes { defs, order: Vec::new(), refs: Vec::new() };
    let main = notes.number(main);
    let mut out = with_references(&clean(main), words);
    if inline {
        out = super::unwrap_paragraph(&out);
    }
    if notes.order.is_empty() {
        return out;
    }
    // Notes referred to only from other notes are numbered as they are met.
    let mut bodies = Vec::new();
    let mut n = 0;
    while n < notes.order.len() {
        let events = notes.defs.remove(&notes.order[n]).unwrap_or_default();
        let events = notes.number(events);
        bodies.push(with_references(&clean(events), words));
        n += 1;
    }
    let bodies: Vec<String> =
        bodies.into_iter().map(|b| if inline { super::unwrap_paragraph(&b) } else { b }).collect();
    // A note shown in a line keeps its notes in a line too, unless one holds blocks of its own
    // (paragraphs, a list, a table), which cannot sit inside a line's elements.
    let blocks = inline && bodies.iter().any(|b| has_blocks(b));
    out.push_str(match (inline, blocks) {
        (true, false) => " <small class=\"footnotes\">",
        (true, true) => "<div class=\"footnotes-inline\">",
        (false, _) => "<div class=\"footnotes\"><hr><ol>\n",
    });
    for (i, body) in bodies.iter().enumerate() {
        let n = i + 1;
        let mut back = String::new();
        for k in 1..=notes.refs[i] {
            let suffix = if k > 1 { format!("-{k}") } else { String::new() };
            back.push_str(&format!(
                " <a href=\"#fnref-{GROUP}-{n}{suffix}\" class=\"footnote-back\" aria-label=\"{}\">↩</a>",
                words.back(n, k)
            ));
        }
        if inline {
            let sep = if i > 0 && !blocks { " " } else { "" };
            let element = if blocks { "div" } else { "span" };
            out.push_str(&format!("{sep}<{element} id=\"fn-{GROUP}-{n}\">{n}. {body}{back}</{element}>"));
            continue;
        }
        let body = body.trim_end();
        // The way back goes at the end of the note's last paragraph, as GitHub puts it.
        let item = match body.strip_suffix("</p>") {
            Some(open) => format!("{open}{back}</p>"),
            None => format!("{body}{back}"),
        };
        out.push_str(&format!("<li id=\"fn-{GROUP}-{n}\">{item}</li>\n"));
    }
    out.push_str(match (inline, blocks) {
        (true, false) => "</small>",
        (true, true) => "</div>",
        (false, _) => "</ol></div>\n",
    });
    // The text's first mark starts its group (see `marks`).
    if let Some(first) = out.find(GROUP) {
        out.replace_range(first..first + GROUP.len_utf8(), NEW_GROUP.encode_utf8(&mut [0; 4]));
    }
    out
}

/// Whether cleaned HTML holds an element that is not phrasing content.
fn has_blocks(html: &str) -> bool {
    [
        "<p>",
        "<p ",
        "<div",
        "<table",
        "<ul",
        "<ol",
        "<pre",
        "<blockquote",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<hr",
        "<dl",
    ]
    .iter()
    .any(|tag| html.contains(tag))
}

fn clean(events: Vec<Event<'_>>) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, events.into_iter());
    super::clean::clean(&raw)
}

/// Cleaned HTML with each reference placeholder replaced by its link.
fn with_references(html: &str, words: Words) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(start) = rest.find(NOTE) {
        out.push_str(&rest[..start]);
        let after = &rest[start + NOTE.len_utf8()..];
        let Some(end) = after.find(NOTE) else {
            rest = after;
            continue;
        };
        let (n, k) = after[..end].split_once(':').unwrap_or((&after[..end], "1"));
        let suffix = if k == "1" { String::new() } else { format!("-{k}") };
        let label = words.reference(n.parse().unwrap_or(0));
        out.push_str(&format!(
            "<sup><a href=\"#fn-{GROUP}-{n}\" id=\"fnref-{GROUP}-{n}{suffix}\" class=\"footnote-ref\" aria-label=\"{label}\">{n}</a></sup>"
        ));
        rest = &after[end + NOTE.len_utf8()..];
    }
    out.push_str(rest);
    out
}
