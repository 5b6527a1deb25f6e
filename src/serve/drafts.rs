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

/// Puts the banner at the top of each page of `files` that shows a draft's text.
pub fn mark(site: &Site, files: &mut BTreeMap<String, Bytes>) {
    for path in paths(site) {
        if let Some(bytes) = files.get_mut(&path) {
            *bytes = Bytes::new(with_banner(bytes));
        }
    }
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

    #[test]
    fn the_banner_comes_first_in_the_body() {
        let html = with_banner(b"<html><body class=\"x\"><main>a</main></body></html>");
        let html = String::from_utf8(html).unwrap();
        assert!(html.starts_with("<html><body class=\"x\"><p role=\"note\""), "{html}");
        assert!(html.ends_with("</p><main>a</main></body></html>"), "{html}");
    }
}
