//! Markdown commentary → safe HTML. The press office's text may contain HTML; it is cleaned
//! so that no script, event handler or `javascript:` link reaches a citizen's browser.

use pulldown_cmark::{Options, Parser, html};

/// The Markdown dialect of pages and notes; the loader checks texts with the same one.
pub const OPTIONS: Options =
    Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH).union(Options::ENABLE_FOOTNOTES);

/// Renders Markdown to sanitised HTML whose highest heading is `<h{top}>`, so that the page's
/// own `<h1>` stays the only one and no level is skipped, however the writer started.
///
/// The same text is shown in many places (a task's note on its plan, its units, its period and
/// its indicators, in every language; a post on its page, in the feed and in search), so each
/// distinct text is rendered once and remembered: see [`memo`].
pub fn to_html(markdown: &str, top: u8) -> String {
    memo::get_or_insert(markdown, usize::from(top.min(6)), || render(markdown, top))
}

/// The visible text of a Markdown text, as search indexes it: remembered like [`to_html`].
pub fn to_text(markdown: &str) -> String {
    memo::get_or_insert(markdown, memo::TEXT, || text_of(&to_html(markdown, 2)))
}

/// The visible text of an HTML fragment: tags dropped, entities decoded, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        out.push(' ');
        rest = rest[lt..].find('>').map_or("", |gt| &rest[lt + gt + 1..]);
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|e| *e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => {
                    let n = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"));
                    let code = match n {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Remembered renderings. Each is a pure function of (text, heading level or plain), so keeping it between
/// builds is safe, and lets `serve` skip the texts an edit did not touch; the memory it holds is
/// bounded (all is forgotten when it grows past [`memo::LIMIT`]).
mod memo {
    use std::collections::HashMap;
    use std::sync::{LazyLock, Mutex};

    /// Bytes of text and HTML kept at most.
    pub const LIMIT: usize = 64 << 20;

    /// Where the plain texts are kept, after the HTML of each heading level.
    pub const TEXT: usize = 7;

    /// Text → HTML, one map per heading level, then text → plain text (looked up without
    /// copying the text).
    #[derive(Default)]
    struct Memo {
        html: [HashMap<Box<str>, Box<str>>; 8],
        bytes: usize,
    }

    static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Mutex::default);

    pub fn get_or_insert(text: &str, slot: usize, render: impl FnOnce() -> String) -> String {
        // A poisoned lock only means another thread panicked while holding it: the map is
        // still whole, each insertion being a single call.
        let lock = || MEMO.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(html) = lock().html[slot].get(text) {
            return html.to_string();
        }
        // Rendered outside the lock so that other threads are not held up.
        let html = render();
        let mut memo = lock();
        memo.bytes += text.len() + html.len();
        if memo.bytes > LIMIT {
            memo.html.iter_mut().for_each(HashMap::clear);
            memo.bytes = text.len() + html.len();
        }
        memo.html[slot].insert(text.into(), html.as_str().into());
        html
    }
}

fn render(markdown: &str, top: u8) -> String {
    let options = OPTIONS;
    let highest = Parser::new_ext(markdown, options)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) => Some(level as i8),
            _ => None,
        })
        .min()
        .unwrap_or(top as i8);
    let shift = top as i8 - highest;
    let parser = Parser::new_ext(markdown, options).map(|event| shift_heading(event, shift));
    let mut raw = String::new();
    html::push_html(&mut raw, parser);
    sanitise(&raw)
}

fn shift_heading(event: pulldown_cmark::Event<'_>, shift: i8) -> pulldown_cmark::Event<'_> {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    let down =
        |l: HeadingLevel| HeadingLevel::try_from((l as i8 + shift).clamp(1, 6) as usize).unwrap_or(HeadingLevel::H6);
    match event {
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Event::Start(Tag::Heading { level: down(level), id, classes, attrs })
        }
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(down(level))),
        other => other,
    }
}

/// Keeps ordinary formatting, drops scripts, styles, event handlers and unsafe URL schemes.
/// Every address (`href`, `src`, `cite`…) must also pass the input's link rule, so that
/// `\\host/x` or `//host/x` written in raw HTML cannot leave the site disguised as a path.
pub fn sanitise(html: &str) -> String {
    // Setting up a cleaner builds its tables of tags and attributes: done once, not per text.
    static CLEANER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
        let mut b = ammonia::Builder::default();
        b.url_schemes(["http", "https", "mailto"].into_iter().collect())
            .attribute_filter(|_element, attribute, value| match attribute {
                "href" | "src" | "cite" | "longdesc" | "action" | "formaction" | "poster" | "srcset" => {
                    crate::load::links::check_link(value, true).is_ok().then_some(value.into())
                }
                _ => Some(value.into()),
            })
            .link_rel(Some("noopener noreferrer"));
        b
    });
    CLEANER.clean(html).to_string()
}

/// A short piece of Markdown (a note) rendered inline, without a wrapping paragraph.
pub fn inline(markdown: &str) -> String {
    let html = to_html(markdown, 2);
    let trimmed = html.trim();
    match trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_of_drops_tags_and_decodes_entities() {
        assert_eq!(text_of("<p>Sở <b>Y</b>&nbsp;tế &amp; KH&#38;CN &#x110;</p>\n<p>x</p>"), "Sở Y tế & KH&CN Đ x");
        assert_eq!(text_of("a & b &unknown; <"), "a & b &unknown;");
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_links() {
        let html = to_html(
            "Hi <script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">y</a>",
            2,
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn links_that_would_leave_the_site_disguised_are_dropped() {
        let html = to_html(
            "[a](\\\\evil.example/x) <a href=\"\\\\evil.example/y\">b</a> <a href=\"//evil.example\">c</a> \
             <a href=\"/\\evil.example\">d</a> <img src=\"//evil.example/i.png\"> [ok](files/x.pdf)",
            2,
        );
        // Markdown's own links are percent-encoded by the renderer: `%5C` is a path, not a host.
        assert!(html.contains("href=\"%5Cevil.example/x\""), "{html}");
        assert_eq!(html.matches("evil.example").count(), 1, "{html}");
        assert!(html.contains("href=\"files/x.pdf\""), "{html}");
    }

    #[test]
    fn shifts_headings_and_keeps_vietnamese() {
        let html = to_html("# Mục tiêu\n\nĐạt **95%**.\n\n## Chi tiết", 2);
        assert!(html.contains("<h2>Mục tiêu</h2>") && html.contains("<h3>Chi tiết</h3>"), "{html}");
        assert!(html.contains("<strong>95%</strong>"), "{html}");
        let html = to_html("### Sâu\n\n#### Sâu hơn", 2);
        assert!(html.contains("<h2>Sâu</h2>") && html.contains("<h3>Sâu hơn</h3>"), "{html}");
    }

    #[test]
    fn remembered_renderings_are_the_renderings() {
        let texts = ["Đã *xong*.", "# Mục\n\nĐoạn <script>x</script>", "[a](https://example.org)"];
        for _ in 0..2 {
            for t in texts {
                for top in [2, 3] {
                    assert_eq!(to_html(t, top), render(t, top), "{t} at h{top}");
                }
            }
        }
        // The level is part of what is remembered.
        assert!(to_html("# Mục", 2).contains("<h2>") && to_html("# Mục", 3).contains("<h3>"));
    }

    #[test]
    fn inline_notes_lose_their_paragraph() {
        assert_eq!(inline("Đã *xong*."), "Đã <em>xong</em>.");
    }
}
