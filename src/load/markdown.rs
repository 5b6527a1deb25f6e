//! Checks on Markdown text at load time, so that what the renderer would silently drop or
//! choke on is reported with its file and line instead.
//!
//! The HTML sanitiser takes time quadratic in the nesting depth (100,000 `>` stalled every
//! build for minutes), so depth and size are bounded far above what any page needs; links
//! obey the same rule as evidence links (see [`super::links`]).

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::links::{LinkProblem, check_link};
use crate::render::markdown::address;

/// The largest Markdown text read: a page's body, or a note. Commentary pages are a few
/// kilobytes; 1 MiB is hundreds of printed pages.
pub const MAX_BYTES: usize = 1 << 20;

/// The deepest nesting of block quotes and lists accepted.
pub const MAX_DEPTH: usize = 32;

/// The deepest nesting of anything (blocks, emphasis, links, raw HTML elements) accepted.
pub const MAX_ANY_DEPTH: usize = 64;

/// One problem, with its byte range in the checked text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
    /// Said, but the text is published as it is.
    pub warning: bool,
}

/// Every problem of one Markdown text.
pub fn check(text: &str) -> Vec<Problem> {
    if text.len() > MAX_BYTES {
        return vec![Problem {
            range: 0..0,
            message: format!("this text is {} KiB, more than the {} KiB accepted", text.len() / 1024, MAX_BYTES / 1024),
            help: "split it into several pages, or move long material into a document the page links to".into(),
            warning: false,
        }];
    }
    if is_plain(text) {
        return Vec::new();
    }
    parsed_problems(text)
}

/// Every problem of one Markdown text of at most [`MAX_BYTES`], found by parsing it.
fn parsed_problems(text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut blocks = 0usize;
    let mut depth = 0usize;
    let mut html = HtmlDepth::default();
    let too_deep = |range, what: &str, max: usize| Problem {
        range,
        message: format!("{what} nested more than {max} levels deep"),
        help: "block quotes (`>`), lists, emphasis and HTML elements may nest, but not this deep; flatten the text"
            .into(),
        warning: false,
    };
    for (event, range) in Parser::new_ext(text, crate::render::markdown::OPTIONS).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                depth += 1;
                if matches!(tag, Tag::BlockQuote(_) | Tag::List(_)) {
                    blocks += 1;
                }
                // One message says it; the rest of the text is not read further.
                if blocks > MAX_DEPTH {
                    problems.push(too_deep(range, "block quotes and lists", MAX_DEPTH));
                    return problems;
                }
                if depth + html.depth > MAX_ANY_DEPTH {
                    problems.push(too_deep(range, "Markdown", MAX_ANY_DEPTH));
                    return problems;
                }
                let (dest, what) = match &tag {
                    Tag::Link { link_type, dest_url, .. } => (super::links::link_address(*link_type, dest_url), "link"),
                    Tag::Image { dest_url, .. } => (std::borrow::Cow::Borrowed(dest_url.as_ref()), "image"),
                    _ => continue,
                };
                let dest = dest.as_ref();
                if let Err(problem) = check_link(dest, what == "link") {
                    problems.push(link_problem(range, what, dest, &problem));
                } else if !address::is_relative(dest) && !address::escapes_are_valid(dest) {
                    // A relative link's are reported with the rest of what it names (see
                    // `content_links`).
                    let shown: String = dest.chars().take(80).collect();
                    problems.push(Problem {
                        range,
                        message: format!("the {what} `{shown}` {}", address::Problem::Escape),
                        help: "an escape is `%` and two hexadecimal digits (%20 for a space); copy the address from                                the browser's address bar"
                            .into(),
                        warning: false,
                    });
                } else if what == "image"
                    && let Some(host) = elsewhere(dest)
                {
                    problems.push(image_elsewhere(range, dest, host));
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if matches!(end, TagEnd::BlockQuote(_) | TagEnd::List(_)) {
                    blocks = blocks.saturating_sub(1);
                }
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // The deepest point within the raw HTML counts: a line of a thousand `<div>`s
                // closed on the same line is as deep as a thousand lines.
                let deepest = depth + html.read(&raw);
                if deepest > MAX_ANY_DEPTH {
                    problems.push(too_deep(range, "HTML elements", MAX_ANY_DEPTH));
                    return problems;
                }
                // The cleaner drops an address it refuses, silently: said here as in Markdown.
                let as_written = text.get(range.clone()) == Some(&*raw);
                for (at, name) in left_out_tags(&raw) {
                    let at =
                        if as_written { range.start + at..range.start + at + name.len() + 1 } else { range.clone() };
                    problems.push(left_out(at, &name));
                }
                for (at, attribute, dest) in raw_addresses(&raw) {
                    let what = if attribute == "src" { "image" } else { "link" };
                    let of_left_out = LEFT_OUT.contains(&tag_around(&raw, at).as_str());
                    let at = if as_written { range.start + at..range.start + at + dest.len() } else { range.clone() };
                    if let Err(problem) = check_link(&dest, what == "link") {
                        problems.push(link_problem(at, what, &dest, &problem));
                    } else if what == "image"
                        && !of_left_out
                        && let Some(host) = elsewhere(&dest)
                    {
                        problems.push(image_elsewhere(at, &dest, host));
                    }
                }
            }
            _ => {}
        }
    }
    problems
}

/// Whether `text` is one line of plain words, in which no problem above can be: no link,
/// picture, raw HTML or emphasis can start without one of the bytes looked for, and no list or
/// quote can nest without a marker at the start of a line. Most progress notes are such a line
/// ("Đã tổ chức 3 hội nghị quán triệt"); a national site's hundred thousand of them were a
/// tenth of loading it when each was parsed.
fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.iter().any(|b| matches!(b, b'\n' | b'\r' | b'[' | b']' | b'<' | b'>' | b'*' | b'_' | b'~' | b'`')) {
        return false;
    }
    let start = text.trim_start_matches([' ', '\t']);
    let digits = start.trim_start_matches(|c: char| c.is_ascii_digit());
    let list_number = digits.len() < start.len() && digits.starts_with(['.', ')']);
    !list_number && !start.starts_with(['-', '+', '#', '=', '|', ':'])
}

/// A rough count of open raw HTML elements: enough to see runaway nesting, not a parser.
/// Elements that never hold others or close themselves implicitly are not counted.
#[derive(Default)]
struct HtmlDepth {
    depth: usize,
}

impl HtmlDepth {
    const FLAT: &'static [&'static str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p",
        "li", "dt", "dd", "tr", "td", "th", "option",
    ];

    /// Reads the tags of `raw`; returns the deepest nesting reached while reading them.
    fn read(&mut self, raw: &str) -> usize {
        let mut deepest = self.depth;
        let mut rest = raw;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            let closing = rest.starts_with('/');
            let name: String = rest
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
            if Self::FLAT.contains(&name.as_str()) || self_closing {
                continue;
            }
            if closing {
                self.depth = self.depth.saturating_sub(1);
            } else {
                self.depth += 1;
                deepest = deepest.max(self.depth);
            }
        }
        deepest
    }
}

/// The addresses written in the attributes `href`, `src` and `cite` of raw HTML, each with
/// where its value starts in `raw` and its attribute's name in lower case. Values are taken as
/// written (quoted or not); entities are left to the cleaner, which refuses what they hide.
fn raw_addresses(raw: &str) -> Vec<(usize, String, String)> {
    let lower = raw.to_ascii_lowercase();
    let mut found = Vec::new();
    for name in ["href", "src", "cite"] {
        for (i, _) in lower.match_indices(name) {
            // A whole attribute name: after a space (not `data-href`), before `=`.
            if !lower[..i].ends_with(|c: char| c.is_ascii_whitespace()) {
                continue;
            }
            let after = &raw[i + name.len()..];
            let Some(value) = after.trim_start().strip_prefix('=') else { continue };
            let value = value.trim_start();
            let start = raw.len() - value.len();
            let (start, dest) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => (start + 1, value[1..].split(q).next().unwrap_or_default()),
                _ => (start, value.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or_default()),
            };
            found.push((start, name.to_string(), dest.to_string()));
        }
    }
    found.sort();
    found
}

/// Elements of raw HTML that a page never shows (the cleaner removes them): frames, players and
/// anything that runs or sends something. An address in one is not fetched either.
const LEFT_OUT: &[&str] = &[
    "iframe", "frame", "video", "audio", "embed", "object", "canvas", "svg", "math", "form", "input", "button",
    "select", "textarea", "script", "style",
];

/// The opening tags of [`LEFT_OUT`] elements in `raw`, each with where its `<` is.
fn left_out_tags(raw: &str) -> Vec<(usize, String)> {
    raw.match_indices('<')
        .filter_map(|(at, _)| {
            let name: String =
                raw[at + 1..].chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
            LEFT_OUT.contains(&name.as_str()).then_some((at, name))
        })
        .collect()
}

/// The name (in lower case) of the tag of `raw` that byte `at` is within.
fn tag_around(raw: &str, at: usize) -> String {
    let open = raw[..at].rfind('<').map_or(0, |i| i + 1);
    raw[open..].chars().take_while(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// Said, not refused: the text around it is shown, and the keeper may have pasted a player's
/// code without knowing a page of this site carries none.
fn left_out(range: Range<usize>, name: &str) -> Problem {
    Problem {
        range,
        message: format!("the `<{name}>` is left out of the page: pages show no embedded frames, players, scripts or forms"),
        help: "link to what it shows instead, e.g. [Video of the meeting](https://…); a file can be saved under content/ and linked the same way".into(),
        warning: true,
    }
}

fn link_problem(range: Range<usize>, what: &str, dest: &str, problem: &LinkProblem) -> Problem {
    let shown: String = dest.chars().take(80).collect();
    Problem {
        range,
        message: format!("the {what} `{shown}` {problem}"),
        help: format!(
            "accepted: {}{}",
            super::links::ACCEPTED_LINKS,
            if what == "link" { ", or mailto: and tel:" } else { "" }
        ),
        warning: false,
    }
}

/// The host an address on another site names (`https://host/…`), if it names one.
fn elsewhere(dest: &str) -> Option<&str> {
    let dest = dest.trim();
    let scheme = dest.find("://")?;
    if !["http", "https"].iter().any(|s| dest[..scheme].eq_ignore_ascii_case(s)) {
        return None;
    }
    let rest = &dest[scheme + 3..];
    Some(&rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())])
}

/// A picture shown from another site: every reader's browser fetches it from there, so the
/// page depends on that site keeping it (a frozen snapshot then shows whatever it serves later)
/// and tells that site who reads the page. Said, not refused: the keeper may mean it.
fn image_elsewhere(range: Range<usize>, dest: &str, host: &str) -> Problem {
    let shown: String = dest.chars().take(80).collect();
    Problem {
        range,
        message: format!("the image `{shown}` is fetched from {host} by every reader's browser"),
        help: "the page then shows it only while that site keeps it unchanged (a frozen snapshot cannot vouch for \
               it), and tells that site who reads the page: save the picture under content/, beside the text, \
               and show it from there"
            .into(),
        warning: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut for plain lines finds what the parser finds: nothing. Texts are made of
    /// the characters Markdown gives meaning to, at random, and each the shortcut passes is
    /// parsed too.
    #[test]
    fn a_line_the_shortcut_passes_has_no_problem_the_parser_would_find() {
        let alphabet: Vec<char> = "ab đ1.)-+#=|:!&\\$^()x:/%<>[]*_~`\n\t".chars().collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let (mut plain, mut parsed) = (0, 0);
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            if is_plain(&text) {
                plain += 1;
                assert_eq!(parsed_problems(&text), vec![], "{text:?}");
                // Nothing nests either: the deepest a plain line goes is a paragraph or a
                // code block.
                let deepest = Parser::new_ext(&text, crate::render::markdown::OPTIONS)
                    .scan(0i32, |depth, e| {
                        *depth += match e {
                            Event::Start(_) => 1,
                            Event::End(_) => -1,
                            _ => 0,
                        };
                        Some(*depth)
                    })
                    .max()
                    .unwrap_or(0);
                assert!(deepest <= 1, "{text:?}");
            } else {
                parsed += 1;
            }
        }
        assert!(plain > 1000 && parsed > 1000, "{plain} {parsed}");
        assert!(is_plain("Đã tổ chức 3 hội nghị; đạt 100% kế hoạch (quý I/2026)."));
        for marked in ["- x", " 1. x", "2) x", "> x", "a *b*", "a [b](c)", "a <b>", "a\n- b", "# x"] {
            assert!(!is_plain(marked), "{marked:?}");
        }
    }

    #[test]
    fn ordinary_commentary_passes() {
        let text = "# Mục tiêu\n\n> Trích dẫn\n\n- một\n  - hai\n\n[Công văn](files/cv.pdf), [web](https://a.vn), \
                    [thư](mailto:vp@a.vn), <lienhe@example.gov.vn>, ![hình](images/a.png)\n";
        assert_eq!(check(text), vec![]);
    }

    #[test]
    fn a_player_pasted_into_a_text_is_said_to_be_left_out_not_called_an_image() {
        let text = "Xem video:\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\nvà <video src=\"https://a.vn/v.mp4\"></video>\n";
        let p = check(text);
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the `<iframe>` is left out of the page: pages show no embedded frames, players, scripts or forms",
                "the `<video>` is left out of the page: pages show no embedded frames, players, scripts or forms",
            ]
        );
        assert!(p.iter().all(|p| p.warning));
        assert_eq!(&text[p[0].range.clone()], "<iframe");
        assert_eq!(&text[p[1].range.clone()], "<video");
        // A picture from elsewhere is still said as one.
        assert!(check("<img src=\"https://a.vn/a.png\" alt=\"a\">\n")[0].message.starts_with("the image"));
    }

    #[test]
    fn addresses_with_broken_escapes_are_reported() {
        let p = check("[a](https://x.vn/%zz) [b](https://x.vn/%20) ![c](https://x.vn/100%)\n");
        let messages: Vec<&str> = p.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains("`https://x.vn/%zz` holds a `%`"), "{messages:?}");
        assert!(messages[1].starts_with("the image `https://x.vn/100%`"), "{messages:?}");
    }

    #[test]
    fn deep_nesting_huge_texts_and_escaping_links_are_reported() {
        let deep = ">".repeat(100_000);
        let p = check(&deep);
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("nested more than 32 levels"), "{p:?}");
        assert_eq!(check(&format!("{} x", ">".repeat(32))), vec![]);
        assert!(check(&"<div>".repeat(65))[0].message.contains("HTML elements nested more than 64"));
        // Opened and closed on one line: one block of raw HTML, as deep as it goes within it.
        let one_line = format!("{}x{}\n", "<div>".repeat(90_000), "</div>".repeat(90_000));
        assert!(check(&one_line)[0].message.contains("HTML elements nested more than 64"));
        assert_eq!(check(&format!("{}x{}\n", "<div>".repeat(63), "</div>".repeat(63))), vec![]);
        assert_eq!(check(&"<p>x<br>".repeat(1000)), vec![]);
        assert!(check(&format!("{}x{}", "*".repeat(5000), "*".repeat(5000)))[0].message.contains("nested"));
        let deep_list: String = (0..40).map(|i| format!("{}- x\n", "  ".repeat(i))).collect();
        assert!(check(&deep_list)[0].message.contains("nested"));
        assert!(check(&"a".repeat(MAX_BYTES + 1))[0].message.contains("more than the 1024 KiB"));
        let links =
            check("[a](\\\\\\\\evil.example/x) [b](//evil.example) [c](javascript:alert(1)) ![d](mailto:a@b)\n");
        let messages: Vec<&str> = links.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].contains("cannot hold `\\`"), "{messages:?}");
        assert!(messages[1].contains("cannot start with `//`"));
        assert!(messages[2].contains("cannot use `javascript:`"));
        assert!(messages[3].contains("cannot use `mailto:`"));
        assert_eq!(links[1].range.start, "[a](\\\\\\\\evil.example/x) ".len());
        assert_eq!(check(&"<div>x</div>".repeat(10_000)), vec![]);
    }

    /// An address the cleaner would drop from raw HTML is said where it is written, as in
    /// Markdown; the addresses it keeps, and attributes that only end in `href`, are not.
    #[test]
    fn refused_addresses_in_raw_html_are_reported_where_they_are_written() {
        let text = "Xem <a href=\"javascript:alert(1)\">đây</a> và <img alt=x SRC='data:image/png,x'>.\n\n\
                    <div data-href=\"javascript:x\"><a href=/gioi-thieu/>a</a> <a href = mailto:vp@a.vn>b</a>\n\
                    <q cite=//evil.example/q>c</q></div>\n";
        let problems = check(text);
        let found: Vec<(&str, &str)> =
            problems.iter().map(|p| (&text[p.range.clone()], p.message.split(' ').nth(1).unwrap_or(""))).collect();
        assert_eq!(
            found,
            [("javascript:alert(1)", "link"), ("data:image/png,x", "image"), ("//evil.example/q", "link")],
            "{problems:?}"
        );
        assert!(problems[0].message.contains("cannot use `javascript:`"), "{problems:?}");
    }

    /// A picture shown from another site is said, as a warning, in Markdown and in raw HTML;
    /// a link to another site, or a picture of the site's own, is not.
    #[test]
    fn a_picture_from_another_site_is_a_warning() {
        let text = "![Ảnh](https://cdn.example.vn/a.png) [trang](https://haiphong.gov.vn/) ![](anh.png)\n\n\
                    <img alt=\"b\" src=\"HTTP://Other.example:8080?x=1\">\n";
        let problems = check(text);
        let found: Vec<(&str, bool)> = problems.iter().map(|p| (&text[p.range.clone()], p.warning)).collect();
        assert_eq!(found, [("![Ảnh](https://cdn.example.vn/a.png)", true), ("HTTP://Other.example:8080?x=1", true)]);
        assert!(
            problems[0].message.ends_with("is fetched from cdn.example.vn by every reader's browser"),
            "{problems:?}"
        );
        assert!(problems[1].message.contains("from Other.example:8080 by"), "{problems:?}");
    }
}
