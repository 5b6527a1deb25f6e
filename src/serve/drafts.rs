//! Drafts in the preview (`serve --drafts`): a page that shows the text of a page marked
//! `draft = true` carries a banner saying so, in any theme, so that a draft previewed is never
//! taken for a page published. Only the preview server shows drafts; a build never does.

use std::collections::BTreeMap;

use crate::model::Site;
use crate::output::Bytes;
use crate::render::markdown::address::{page_of, page_path};
use crate::render::markdown::site::prefixed_languages;

const BANNER: &str = "<p role=\"note\" class=\"minhbach-draft\" style=\"margin:0;padding:.6rem 1rem;\
background:#fef7e0;color:#3c2a00;border-bottom:3px solid #f9ab00;font:600 1rem/1.4 system-ui,sans-serif\">\
<span lang=\"vi\">Bản nháp: chỉ hiện trong bản xem trước, không được đăng (draft = true).</span> · \
<span lang=\"en\">Draft: shown only in this preview, never published (draft = true).</span></p>";

/// The output paths of the pages that show a draft's text: its own language's, and another
/// language's that shows it for want of a text of its own (a home page, a commentary).
pub fn paths(site: &Site) -> Vec<String> {
    let default = site.config.language.as_str();
    let codes: Vec<String> = std::iter::once(default.to_string()).chain(prefixed_languages(site)).collect();
    let mut out = Vec::new();
    for draft in site.pages.iter().filter(|p| p.draft) {
        for code in &codes {
            let own = *code == draft.lang;
            if own || !site.pages.iter().any(|p| p.kind == draft.kind && p.lang == *code) {
                let prefix = if code == default { String::new() } else { format!("{code}/") };
                out.push(page_path(&page_of(&draft.kind), &prefix));
            }
        }
    }
    out
}

/// The mark after each link to a draft's page in a list (the home page's latest posts, a
/// period's posts), in both languages.
const LINK_MARK: &str = " <span class=\"minhbach-draft-mark\" style=\"padding:0 .3em;background:#fef7e0;color:#3c2a00;\
border:1px solid #f9ab00;font:600 .8em/1.4 system-ui,sans-serif\"><span lang=\"vi\">bản nháp</span> · \
<span lang=\"en\">draft</span></span>";

/// Puts the banner at the top of each page of `files` that shows a draft's text, and a mark
/// after every link to one of those pages elsewhere, so that a list showing a draft is not
/// taken for the list as published either.
pub fn mark(site: &Site, files: &mut BTreeMap<String, Bytes>) {
    let drafts = paths(site);
    if drafts.is_empty() {
        return;
    }
    for path in &drafts {
        if let Some(bytes) = files.get_mut(path) {
            *bytes = Bytes::new(with_banner(bytes));
        }
    }
    let drafts: std::collections::BTreeSet<&str> = drafts.iter().map(String::as_str).collect();
    for (path, bytes) in files.iter_mut().filter(|(p, _)| p.ends_with(".html")) {
        if let Some(marked) = with_link_marks(path, bytes, &drafts) {
            *bytes = Bytes::new(marked.into_bytes());
        }
    }
}

/// `html`, the page at `path`, with [`LINK_MARK`] after each link to a page of `drafts` (but
/// its own); `None` when it links to none.
fn with_link_marks(path: &str, html: &[u8], drafts: &std::collections::BTreeSet<&str>) -> Option<String> {
    let text = String::from_utf8_lossy(html);
    let folder = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut out = String::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(at) = text[from..].find(" href=\"").map(|i| from + i) {
        let start = at + " href=\"".len();
        let Some(end) = text[start..].find('"').map(|i| start + i) else { break };
        from = end;
        // Of a link (`<a class="row-name" href=…>`), not of a stylesheet.
        if !text[..at].rfind('<').is_some_and(|tag| text[tag..].starts_with("<a ")) {
            continue;
        }
        let target = resolve(folder, &text[start..end]);
        if target.as_deref().is_none_or(|t| t == path || !drafts.contains(t)) {
            continue;
        }
        let Some(close) = text[end..].find("</a>").map(|i| end + i + "</a>".len()) else { break };
        out.push_str(&text[done..close]);
        out.push_str(LINK_MARK);
        done = close;
        from = close;
    }
    if done == 0 {
        return None;
    }
    out.push_str(&text[done..]);
    Some(out)
}

/// The output path a relative link written on a page in `folder` leads to (`index.html` for a
/// folder); `None` for an address with a scheme, or one that leaves the site.
fn resolve(folder: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next()?;
    if href.is_empty() || href.contains(':') || href.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    let mut target = parts.join("/");
    if href.ends_with('/') {
        target.push_str(if target.is_empty() { "index.html" } else { "/index.html" });
    }
    Some(target)
}

/// `html` with the banner first in its `<body>`.
fn with_banner(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let at = text.find("<body").and_then(|i| text[i..].find('>').map(|j| i + j + 1)).unwrap_or(0);
    format!("{}{BANNER}{}", &text[..at], &text[at..]).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A link to a draft's page is marked wherever it is, however it is written; other links,
    /// and the draft's links to itself, are not.
    #[test]
    fn links_to_a_draft_are_marked_in_lists() {
        let drafts: std::collections::BTreeSet<&str> = ["updates/2026-Q1/nhap/index.html"].into();
        let html = b"<li><a href=\"updates/2026-Q1/nhap/\">Nh\xc3\xa1p</a></li><li><a href=\"updates/2026-Q1/cu/\">C\xc5\xa9</a></li>";
        let marked = with_link_marks("index.html", html, &drafts).unwrap();
        assert_eq!(marked.matches("minhbach-draft-mark").count(), 1, "{marked}");
        assert!(
            marked.starts_with("<li><a href=\"updates/2026-Q1/nhap/\">Nháp</a> <span class=\"minhbach-draft-mark\""),
            "{marked}"
        );
        let from_period = b"<link href=\"../../updates/2026-Q1/nhap/\"><a class=\"row-name\" href=\"../../updates/2026-Q1/nhap/index.html#x\">a</a>";
        let marked = with_link_marks("periods/2026-Q1/index.html", from_period, &drafts).unwrap();
        assert!(
            marked.contains("#x\">a</a> <span class=\"minhbach-draft-mark\"")
                && marked.matches("minhbach-draft").count() == 1
        );
        assert!(with_link_marks("updates/2026-Q1/nhap/index.html", b"<a href=\"./\">self</a>", &drafts).is_none());
        assert!(
            with_link_marks("index.html", b"<a href=\"https://x.vn/updates/2026-Q1/nhap/\">x</a>", &drafts).is_none()
        );
        assert_eq!(resolve("a/b", "../../../x"), None);
        assert_eq!(resolve("", "./").as_deref(), Some("index.html"));
    }

    #[test]
    fn the_banner_comes_first_in_the_body() {
        let html = with_banner(b"<html><body class=\"x\"><main>a</main></body></html>");
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body class=\"x\"><p role=\"note\""), "{html}");
        assert!(html.ends_with("</p><main>a</main></body></html>"), "{html}");
    }
}
