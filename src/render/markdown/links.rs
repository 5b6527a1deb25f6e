//! Relative links of a text written for the page that shows it.
//!
//! The cleaner marks each relative `href`/`src` of a text's HTML (see `clean`), the same
//! whoever shows the text; here each is read as [`super::address`] says, from the folder of
//! the text's file, and written as the site's path of what it names after a [`ROOT`] mark,
//! which the page puts in place. Links to pages go to the reader's language where the page
//! is made in it.

use super::Source;
use super::address::{self, encode_url};
use super::marks::{LINK, ROOT};

/// `html` with each marked link written for `source`; as it is when it has none.
pub fn resolve(html: String, source: &Source) -> String {
    let Some(first) = html.find(LINK) else { return html };
    let languages = super::site::prefixed_languages(source.site);
    let dir = source.folder();
    let mut out = String::with_capacity(html.len() + 32);
    out.push_str(&html[..first]);
    let mut rest = &html[first..];
    while let Some(at) = rest.find(LINK) {
        out.push_str(&rest[..at]);
        let value_start = at + LINK.len_utf8();
        // Attribute values are written between double quotes, with `"` as `&quot;`.
        let len = rest[value_start..].find('"').unwrap_or(rest.len() - value_start);
        let written = unescape(&rest[value_start..value_start + len]);
        let mut hreflang = None;
        match address::read(&written, &dir, &languages) {
            Ok(link) => {
                let href = super::site::href(source.site, &link.target, link.rest, source.lang);
                if !super::site::is_absolute(&href) {
                    out.push(ROOT);
                    // A link to a page that leads to another language's (the page has no
                    // translation in the reader's) says so, as the site's lists do.
                    let page = !matches!(link.target, address::Target::File(_));
                    let to = language_of(source.site, &languages, &href);
                    if page && to != source.lang && out[..out.len() - ROOT.len_utf8()].ends_with(" href=\"") {
                        hreflang = Some(to);
                    }
                }
                crate::text::escape_into(&mut out, &href);
            }
            // Reported when the site was checked; written as it was, never as a mark.
            Err(_) => crate::text::escape_into(&mut out, &written),
        }
        rest = &rest[value_start + len..];
        if let Some(code) = hreflang
            && let Some(after) = rest.strip_prefix('"')
        {
            out.push_str(&format!("\" hreflang=\"{code}\""));
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The language of the page at the site's path `path`: that of its folder's language prefix
/// (`en/…`), else the site's own.
fn language_of<'s>(site: &'s crate::model::Site, prefixed: &'s [String], path: &str) -> &'s str {
    prefixed
        .iter()
        .find(|code| path.strip_prefix(code.as_str()).is_some_and(|rest| rest.starts_with('/')))
        .map_or(site.config.language.as_str(), String::as_str)
}

/// The relative links the cleaner marked in `html`, as written.
pub fn marked(html: &str) -> Vec<String> {
    html.split(LINK).skip(1).map(|s| unescape(&s[..s.find('"').unwrap_or(s.len())])).collect()
}

/// The links of cleaned `html` to a part of its own page (`href="#muc"`), as written.
pub fn to_own_parts(html: &str) -> Vec<String> {
    html.split("href=\"#").skip(1).map(|s| format!("#{}", unescape(&s[..s.find('"').unwrap_or(s.len())]))).collect()
}

/// An attribute value as the cleaner wrote it, its entities decoded.
fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// An evidence link of a progress file as the page's `href`: a relative one is read from
/// `content/` like a note's links (see [`super::address`]) and marked for the page's root;
/// an address is percent-encoded so that it is valid HTML (see [`address::encode_url`]). Not
/// HTML-escaped: the template does that.
pub fn evidence_href(url: &str, source: &Source) -> String {
    match evidence_target(url, source.site, source.lang) {
        Evidence::Site(path) => format!("{ROOT}{path}"),
        Evidence::Web(address) => address,
    }
}

/// Where an evidence link leads, percent-encoded as pages write it.
pub enum Evidence {
    /// A file or page of the site, by its path from the site's root, in the reader's language.
    Site(String),
    /// An address elsewhere.
    Web(String),
}

/// Where the evidence link `url` (as written in a progress file) leads for a reader in `lang`.
pub fn evidence_target(url: &str, site: &crate::model::Site, lang: &str) -> Evidence {
    if address::is_relative(url)
        && let Ok(link) = address::read(url, "", &super::site::prefixed_languages(site))
    {
        let href = super::site::href(site, &link.target, link.rest, lang);
        return if super::site::is_absolute(&href) { Evidence::Web(href) } else { Evidence::Site(href) };
    }
    Evidence::Web(encode_url(url).unwrap_or_else(|| url.to_string()))
}
