//! What a relative link written in the site's texts names, read the way site keepers expect
//! from any Markdown editor or GitHub: relative to the folder of the file it is written in,
//! inside `content/`, whose files are published at the same place under the site's root.
//!
//! - `hinh/anh.png`, `../files/cv.pdf`: a file under `content/`;
//! - `gioi-thieu.md`, `../_index.md#muc`: another page, by its Markdown file;
//! - `/files/cv.pdf`, `/plans/kh-1/`: the same, from `content/` itself (a leading `/` is the
//!   site's root, never the host's: the site may be served from a sub-path or from disk);
//! - `plans/kh-1/`, `indicators/x/index.html`, `/en/units/`: a page the site makes, by its
//!   address (a folder, with or without its `index.html`).
//!
//! Texts outside `content/` (the notes and evidence of progress files) are read from
//! `content/` itself, as if written there. Links with a scheme (`https:`, `mailto:`), `//host`
//! links and links within the page (`#…`, `?…`) are not relative and are left alone.
//!
//! Reading a link says what it names; whether the site has it is [`super::site`]'s to say.

use crate::model::PageKind;
use crate::text::slugify;

/// A page of the site, whatever language it is read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageRef {
    Home,
    /// A built-in list or text page: `indicators`, `plans`, `units`, `periods`, `updates`,
    /// `method`, `archive`.
    Section(&'static str),
    Indicator(String),
    Plan(String),
    Unit(String),
    Period(String),
    /// A post, by its period and the slug of its address.
    Post {
        period: String,
        slug: String,
    },
    /// A free page, by the slug of its address.
    Free(String),
}

/// The built-in pages whose address is a single folder.
pub const SECTIONS: &[&str] = &["indicators", "plans", "units", "periods", "updates", "method", "archive"];

/// What a relative link names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A file under `content/`, by its path there (decoded: `hinh/ảnh 1.png`).
    File(String),
    /// A page by its Markdown file: its path under `content/`, the page, and the language the
    /// file is written in (the page's language when the reader's has no translation).
    Markdown { path: String, page: PageRef, written: String },
    /// A page by its address; `lang` when the address names the language (`en/plans/`).
    Page { page: PageRef, lang: Option<String> },
}

/// A relative link read: what it names, and the `?query#fragment` after it, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link<'a> {
    pub target: Target,
    pub rest: &'a str,
}

/// Why a relative link names nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `..` above `content/`.
    Outside,
    /// A `%` not followed by two hexadecimal digits, or escapes that are not UTF-8.
    Escape,
    /// A Markdown file that is not in a place where pages are read.
    NotAPage(String),
    /// An address of the site that is no page it makes.
    NoSuchPage(String),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Outside => write!(f, "climbs with `..` above content/, where the site's files end"),
            Problem::Escape => {
                write!(
                    f,
                    "holds a `%` that is not followed by two hexadecimal digits of UTF-8 text (write `%25` for `%`)"
                )
            }
            Problem::NotAPage(path) => write!(f, "names content/{path}, which is not in a place where pages are read"),
            Problem::NoSuchPage(path) => write!(f, "names `{path}`, which is no page of the site"),
        }
    }
}

/// Whether `link` is relative to the site (a path), rather than an address with a scheme,
/// another host (`//`), or a place within the same page (`#…`, `?…`, empty).
pub fn is_relative(link: &str) -> bool {
    let link = link.trim();
    if link.is_empty() || link.starts_with(['#', '?']) || link.starts_with("//") {
        return false;
    }
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, starting with a letter;
    // a `:` after a `/`, `?` or `#` is inside a path (`files/a:b.pdf`).
    match link.find([':', '/', '?', '#']) {
        Some(i) if link.as_bytes()[i] == b':' => {
            let scheme = &link[..i];
            !(scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        }
        _ => true,
    }
}

/// The folder under `content/` a page's Markdown file is in, ending with `/` ("" for the root).
pub fn folder(kind: &PageKind) -> String {
    match kind {
        PageKind::Home | PageKind::Free { .. } => String::new(),
        PageKind::PlanCommentary { .. } => "plans/".into(),
        PageKind::IndicatorCommentary { .. } => "indicators/".into(),
        PageKind::Update { period, .. } => format!("updates/{period}/"),
    }
}

/// Reads the relative link `link` written in a file of the folder `dir` under `content/`
/// ("" for `content/` itself, else ending with `/`). `languages` are the site's languages
/// whose pages are under a folder of their name (all but the first).
pub fn read<'a>(link: &'a str, dir: &str, languages: &[String]) -> Result<Link<'a>, Problem> {
    let link = link.trim();
    let end = link.find(['?', '#']).unwrap_or(link.len());
    let (written, rest) = link.split_at(end);
    let decoded = decode(written).ok_or(Problem::Escape)?;
    let (base, written) = match decoded.strip_prefix('/') {
        Some(from_root) => ("", from_root),
        None => (dir, decoded.as_str()),
    };
    // Joined and `.`/`..` taken away; a path ending with `/` (or `.`, `..`) names a folder.
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let mut folder = false;
    for part in written.split('/') {
        folder = matches!(part, "" | "." | "..");
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(Problem::Outside)?;
            }
            part => parts.push(part),
        }
    }
    let path = parts.join("/");
    let last = parts.last().copied().unwrap_or("");
    let target = if !folder && last.ends_with(".md") {
        let (kind, written) = crate::load::content::classify(&path).ok_or_else(|| Problem::NotAPage(path.clone()))?;
        Target::Markdown { page: page_of(&kind), path, written }
    } else if folder || last == "index.html" || !last.contains('.') {
        // A page's address: a folder, its `index.html`, or a folder written without its `/`
        // (a published file always has an extension).
        if last == "index.html" {
            parts.pop();
        }
        let lang = parts.first().filter(|first| languages.iter().any(|l| l == *first)).map(|l| l.to_string());
        let page = page_at(&parts[usize::from(lang.is_some())..]).ok_or_else(|| Problem::NoSuchPage(path.clone()))?;
        Target::Page { page, lang }
    } else {
        Target::File(path)
    };
    Ok(Link { target, rest })
}

/// The page a Markdown file of `kind` is the text of.
pub fn page_of(kind: &PageKind) -> PageRef {
    match kind {
        PageKind::Home => PageRef::Home,
        PageKind::Free { slug } if slug == "method" => PageRef::Section("method"),
        PageKind::Free { slug } => PageRef::Free(slugify(slug)),
        PageKind::PlanCommentary { plan } => PageRef::Plan(plan.clone()),
        PageKind::IndicatorCommentary { indicator } => PageRef::Indicator(indicator.clone()),
        PageKind::Update { period, slug } => PageRef::Post { period: period.clone(), slug: slugify(slug) },
    }
}

/// The page at an address of the site (its folders, without a language's).
fn page_at(parts: &[&str]) -> Option<PageRef> {
    Some(match parts {
        [] => PageRef::Home,
        [section] => match SECTIONS.iter().find(|s| *s == section) {
            Some(s) => PageRef::Section(s),
            None => PageRef::Free((*section).to_string()),
        },
        ["indicators", id] => PageRef::Indicator((*id).to_string()),
        ["plans", id] => PageRef::Plan((*id).to_string()),
        ["units", id] => PageRef::Unit((*id).to_string()),
        ["periods", id] => PageRef::Period((*id).to_string()),
        ["updates", period, slug] => PageRef::Post { period: (*period).to_string(), slug: (*slug).to_string() },
        _ => return None,
    })
}

/// The output path of `page` in the language folder `prefix` ("" or "en/").
pub fn page_path(page: &PageRef, prefix: &str) -> String {
    let inner = match page {
        PageRef::Home => String::new(),
        PageRef::Section(s) => format!("{s}/"),
        PageRef::Indicator(id) => format!("indicators/{id}/"),
        PageRef::Plan(id) => format!("plans/{id}/"),
        PageRef::Unit(id) => format!("units/{id}/"),
        PageRef::Period(id) => format!("periods/{id}/"),
        PageRef::Post { period, slug } => format!("updates/{period}/{slug}/"),
        PageRef::Free(slug) => format!("{slug}/"),
    };
    format!("{prefix}{inner}index.html")
}

/// The period of the posts a file under `content/` lies beside (`updates/2026-Q2/anh.png` →
/// `2026-Q2`), if it lies beside posts.
pub fn posts_period(path: &str) -> Option<&str> {
    path.strip_prefix("updates/").and_then(|r| r.split_once('/')).map(|(period, _)| period)
}

/// `%XX` escapes decoded; `None` when one is malformed or the bytes are not UTF-8.
pub fn decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether every `%` in `s` starts an escape of two hexadecimal digits.
pub fn escapes_are_valid(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b'%')
        .all(|(i, _)| b.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)))
}

/// ASCII that a URL may hold as it is (the WHATWG URL standard's URL code points, with `%`
/// and `#` handled apart).
fn url_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!$&'()*+,-./:;=?@_~".contains(&b)
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn push_escaped(out: &mut String, b: u8) {
    out.push('%');
    out.push(char::from(HEX[usize::from(b >> 4)]));
    out.push(char::from(HEX[usize::from(b & 15)]));
}

/// A decoded path written for a URL: every byte that is not URL-safe percent-encoded (a
/// space, `%`, `#`, `?`, any letter beyond ASCII), so that `hinh/ảnh 1.png` is found as named.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if url_safe(b) && b != b'?' {
            out.push(char::from(b));
        } else {
            push_escaped(&mut out, b);
        }
    }
    out
}

/// A URL as typed, written so that an HTML checker accepts it, the way Markdown writes its
/// links: what a URL may hold is kept (valid `%XX` escapes too), the rest percent-encoded as
/// UTF-8 (spaces, quotes, `<`, `>`, letters beyond ASCII, a second `#`). The host of an
/// absolute address is kept as it is (the link check has read it). `None` when a `%` does
/// not start an escape: whether it was meant as `%25` cannot be told.
///
/// ```
/// use minhbach::render::markdown::address::encode_url;
/// assert_eq!(encode_url("https://x.vn/tài liệu/a.pdf").as_deref(), Some("https://x.vn/t%C3%A0i%20li%E1%BB%87u/a.pdf"));
/// assert_eq!(encode_url("https://x.vn/?a=1&b=<2>").as_deref(), Some("https://x.vn/?a=1&b=%3C2%3E"));
/// assert_eq!(encode_url("https://x.vn/%zz"), None);
/// ```
pub fn encode_url(url: &str) -> Option<String> {
    if !escapes_are_valid(url) {
        return None;
    }
    let url = url.trim();
    // The scheme and host, up to the path.
    let kept = match url.find("://") {
        Some(i) if !is_relative(url) => {
            let after = i + 3;
            after + url[after..].find(['/', '?', '#']).unwrap_or(url.len() - after)
        }
        _ => 0,
    };
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(&url[..kept]);
    let mut fragment = false;
    for &b in &url.as_bytes()[kept..] {
        match b {
            b'%' => out.push('%'),
            b'#' if !fragment => {
                fragment = true;
                out.push('#');
            }
            b if url_safe(b) => out.push(char::from(b)),
            b => push_escaped(&mut out, b),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Vec<String> {
        vec!["en".to_string()]
    }

    fn target(link: &str, dir: &str) -> Result<Target, Problem> {
        read(link, dir, &en()).map(|l| l.target)
    }

    #[test]
    fn relative_links_are_told_from_addresses_and_places_in_the_page() {
        for rel in ["files/a.pdf", "/files/a.pdf", "../a.md", "a b.png", "files/a:b.pdf", "gioi-thieu/", "./x", "1:2"] {
            assert!(is_relative(rel), "{rel}");
        }
        for not in ["https://a.vn", "mailto:a@b.vn", "tel:+84", "//evil.example", "#muc", "?a=1", "", "  ", "HTTP://A"]
        {
            assert!(!is_relative(not), "{not}");
        }
    }

    #[test]
    fn files_are_read_from_the_folder_of_the_text() {
        assert_eq!(target("hinh/anh.png", ""), Ok(Target::File("hinh/anh.png".into())));
        assert_eq!(target("hinh-bai.png", "updates/2026-Q1/"), Ok(Target::File("updates/2026-Q1/hinh-bai.png".into())));
        assert_eq!(target("../../hinh/anh.png", "updates/2026-Q1/"), Ok(Target::File("hinh/anh.png".into())));
        assert_eq!(target("/files/cv.pdf", "updates/2026-Q1/"), Ok(Target::File("files/cv.pdf".into())));
        assert_eq!(target("./files/c%20v.pdf", ""), Ok(Target::File("files/c v.pdf".into())));
        assert_eq!(target("../hinh/anh.png", ""), Err(Problem::Outside));
        assert_eq!(target("files/%zz.pdf", ""), Err(Problem::Escape));
        assert_eq!(target("files/%FF.pdf", ""), Err(Problem::Escape));
        let link = read("files/cv.pdf?x=1#p", "", &en()).unwrap();
        assert_eq!((link.target, link.rest), (Target::File("files/cv.pdf".into()), "?x=1#p"));
    }

    #[test]
    fn pages_are_named_by_their_markdown_file_or_their_address() {
        let md = |path: &str, page: PageRef, written: &str| Target::Markdown {
            path: path.into(),
            page,
            written: written.into(),
        };
        assert_eq!(target("gioi-thieu.md", ""), Ok(md("gioi-thieu.md", PageRef::Free("gioi-thieu".into()), "vi")));
        assert_eq!(
            target("../../Giới-Thiệu.en.md", "updates/2026-Q1/"),
            Ok(md("Giới-Thiệu.en.md", PageRef::Free("gioi-thieu".into()), "en"))
        );
        assert_eq!(target("/_index.md", "plans/"), Ok(md("_index.md", PageRef::Home, "vi")));
        assert_eq!(target("method.md", ""), Ok(md("method.md", PageRef::Section("method"), "vi")));
        assert_eq!(target("kh-1.md", "plans/"), Ok(md("plans/kh-1.md", PageRef::Plan("kh-1".into()), "vi")));
        assert_eq!(
            target("../2026-Q2/Bài Mới.md", "updates/2026-Q1/"),
            Ok(md(
                "updates/2026-Q2/Bài Mới.md",
                PageRef::Post { period: "2026-Q2".into(), slug: "bai-moi".into() },
                "vi"
            ))
        );
        assert_eq!(target("notes/x.md", ""), Err(Problem::NotAPage("notes/x.md".into())));

        let page = |page: PageRef, lang: Option<&str>| Ok(Target::Page { page, lang: lang.map(str::to_string) });
        assert_eq!(target("gioi-thieu/", ""), page(PageRef::Free("gioi-thieu".into()), None));
        assert_eq!(target("gioi-thieu", ""), page(PageRef::Free("gioi-thieu".into()), None));
        assert_eq!(target("/", "plans/"), page(PageRef::Home, None));
        assert_eq!(target("", ""), page(PageRef::Home, None));
        assert_eq!(target("..", "plans/"), page(PageRef::Home, None));
        assert_eq!(target("index.html", ""), page(PageRef::Home, None));
        assert_eq!(target("/plans/KH.Dac-Biet/", ""), page(PageRef::Plan("KH.Dac-Biet".into()), None));
        assert_eq!(target("../indicators/x/index.html", "plans/"), page(PageRef::Indicator("x".into()), None));
        assert_eq!(target("/en/units/", ""), page(PageRef::Section("units"), Some("en")));
        assert_eq!(target("/en/", ""), page(PageRef::Home, Some("en")));
        assert_eq!(
            target("/updates/2026-Q1/bai-1/", ""),
            page(PageRef::Post { period: "2026-Q1".into(), slug: "bai-1".into() }, None)
        );
        assert_eq!(
            target("/indicators/status/on_track/", ""),
            Err(Problem::NoSuchPage("indicators/status/on_track".into()))
        );
        // A dotted id names a file unless written as a folder.
        assert_eq!(target("plans/KH.Dac-Biet", ""), Ok(Target::File("plans/KH.Dac-Biet".into())));
    }

    #[test]
    fn paths_and_addresses_are_written_valid() {
        assert_eq!(encode_path("hinh/ảnh 1#2?.png"), "hinh/%E1%BA%A3nh%201%232%3F.png");
        assert_eq!(encode_path("a/b-c_d.e~f(1)"), "a/b-c_d.e~f(1)");
        assert_eq!(encode_url("https://x.vn/a b").as_deref(), Some("https://x.vn/a%20b"));
        assert_eq!(encode_url("https://x.vn/a\"b").as_deref(), Some("https://x.vn/a%22b"));
        assert_eq!(encode_url("https://x.vn/a%20b#c#d^").as_deref(), Some("https://x.vn/a%20b#c%23d%5E"));
        assert_eq!(encode_url("https://[::1]:8080/a|b").as_deref(), Some("https://[::1]:8080/a%7Cb"));
        assert_eq!(encode_url("files/c v.pdf").as_deref(), Some("files/c%20v.pdf"));
        assert_eq!(encode_url("https://x.vn/100%"), None);
        assert_eq!(page_path(&PageRef::Home, "en/"), "en/index.html");
        assert_eq!(page_path(&PageRef::Post { period: "P".into(), slug: "s".into() }, ""), "updates/P/s/index.html");
    }
}
