//! Which links from the input may reach a page, decided the way a browser reads them.
//!
//! Browsers parse addresses by the WHATWG URL standard: they drop tabs and newlines, read `\`
//! as `/` and take `//host` as "another site". A check that looks at the text instead lets
//! `\\evil.example/x` through as "a path of the site". So every link is parsed with the `url`
//! crate (which implements that standard) and judged on what it parses to.

use url::Url;

/// Why a link is refused; `Display` says it in words for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// A scheme other than http(s) (or mailto where allowed): `javascript`, `data`, `file`…
    Scheme(String),
    /// Control characters (tab, newline…), which browsers silently remove.
    Control,
    /// A backslash, which browsers read as `/`.
    Backslash,
    /// `//host/…` (protocol-relative): another site, though it looks like a path.
    OtherHost,
    /// `https://name@host/`: the part before `@` is shown, the host after it is visited.
    Credentials,
    /// Not an address at all (`https://` with no host, a malformed host): why, in words.
    Malformed(String),
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkProblem::Scheme(s) => write!(f, "cannot use `{s}:`"),
            LinkProblem::Control => write!(f, "cannot hold tabs, line breaks or other control characters"),
            LinkProblem::Backslash => {
                write!(f, "cannot hold `\\`: browsers read it as `/`, so the link could lead to another site")
            }
            LinkProblem::OtherHost => {
                write!(f, "cannot start with `//`: browsers read it as the address of another site")
            }
            LinkProblem::Credentials => {
                write!(f, "cannot hold a user name or password (`…@`): it hides which site the link opens")
            }
            LinkProblem::Malformed(why) => write!(f, "is not a web address: {why}"),
        }
    }
}

/// Why an address could not be read, in the words of its part that is wrong.
fn malformed(e: url::ParseError) -> LinkProblem {
    let why = match e {
        url::ParseError::EmptyHost => "it names no host (the site's name after `https://`)".to_string(),
        url::ParseError::IdnaError | url::ParseError::InvalidDomainCharacter => {
            "its host (the site's name after `https://`) holds characters no site name has, such as a space or `…`"
                .to_string()
        }
        url::ParseError::InvalidPort => "its port (the number after `:`) is not one".to_string(),
        other => other.to_string(),
    };
    LinkProblem::Malformed(why)
}

/// What links accept, for help texts.
pub const ACCEPTED_LINKS: &str =
    "a web address starting with https:// or http://, or a path to a file of the site (files/cv-123.pdf)";

/// A stand-in for the site's own address: a relative link is resolved against it and must
/// stay on it.
const SITE: &str = "https://site.invalid/a/b/";

/// Accepts absolute http(s) addresses with a host and relative paths that stay on the site;
/// The address a Markdown link goes to: an e-mail autolink (`<vp@haiphong.gov.vn>`) is parsed
/// without its scheme, which the HTML gets as `mailto:`; read bare, it would name a file.
pub fn link_address(link_type: pulldown_cmark::LinkType, dest: &str) -> std::borrow::Cow<'_, str> {
    match link_type {
        pulldown_cmark::LinkType::Email => std::borrow::Cow::Owned(format!("mailto:{dest}")),
        _ => std::borrow::Cow::Borrowed(dest),
    }
}

/// `mailto:` and `tel:` too when `allow_mailto` (Markdown text may link to an e-mail address or
/// a telephone number).
pub fn check_link(link: &str, allow_mailto: bool) -> Result<(), LinkProblem> {
    if link.chars().any(char::is_control) {
        return Err(LinkProblem::Control);
    }
    if link.contains('\\') {
        return Err(LinkProblem::Backslash);
    }
    match Url::parse(link) {
        Ok(url) => match url.scheme() {
            "http" | "https" => {
                if !written_with_two_slashes(link) {
                    Err(LinkProblem::Malformed(format!(
                        "write two slashes after `{}:` ({}://example.vn/…): with fewer, a browser reads it on the published site as a path of that site",
                        url.scheme(),
                        url.scheme()
                    )))
                } else if url.host_str().is_none_or(str::is_empty) {
                    Err(LinkProblem::Malformed("it names no host (the site's name after `https://`)".into()))
                } else if !url.username().is_empty() || url.password().is_some() {
                    Err(LinkProblem::Credentials)
                } else {
                    Ok(())
                }
            }
            "mailto" | "tel" if allow_mailto => Ok(()),
            scheme => Err(LinkProblem::Scheme(scheme.to_string())),
        },
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            // Browsers strip leading spaces before reading `//`.
            if link.trim_start().starts_with("//") {
                return Err(LinkProblem::OtherHost);
            }
            let site = Url::parse(SITE).expect("a constant, valid address");
            match site.join(link) {
                Ok(u) if u.scheme() == "https" && u.host_str() == Some("site.invalid") && u.username().is_empty() => {
                    Ok(())
                }
                Ok(_) => Err(LinkProblem::OtherHost),
                Err(e) => Err(malformed(e)),
            }
        }
        Err(e) => Err(malformed(e)),
    }
}

/// Whether an address written with a scheme has `//` right after its `:`. The URL standard
/// reads `https:/host/x` and `https:host/x` as `https://host/x` only on a page that is not
/// itself `https:` (a preview from disk); on the published site they are paths of that site.
fn written_with_two_slashes(link: &str) -> bool {
    link.trim_start().split_once(':').is_some_and(|(_, rest)| rest.starts_with("//"))
}

/// Validates a site's public address (`base_url` in site.toml, `build --base-url`) and writes
/// it in one form: http(s), a host, no user name or password, no `?query` or `#fragment`,
/// ending with `/`. It ends up in every canonical link, the sitemap and the feeds, so anything
/// a browser would read differently from what was written is refused.
///
/// ```
/// use minhbach::load::links::base_url;
/// assert_eq!(base_url("https://Example.gov.vn/nq57").as_deref(), Ok("https://example.gov.vn/nq57/"));
/// assert!(base_url("javascript:alert(1)//").is_err());
/// ```
pub fn base_url(text: &str) -> Result<String, String> {
    const EXAMPLE: &str = "write the full address, for example https://example.gov.vn/nq57/";
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) || text.contains('\\') {
        return Err(format!("the address holds spaces, control characters or `\\`; {EXAMPLE}"));
    }
    let mut url = Url::parse(text).map_err(|e| format!("`{text}` is not a web address ({e}); {EXAMPLE}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("the address must start with https:// or http://, not `{}:`; {EXAMPLE}", url.scheme()));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("the address names no host; {EXAMPLE}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("the address cannot hold a user name or password (`…@`)".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("the address cannot hold `?` or `#`: pages are added after it; {EXAMPLE}"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_and_site_paths_are_accepted() {
        for ok in [
            "https://haiphong.gov.vn/x",
            "http://a.vn",
            "files/cv-123.pdf",
            "/files/cv-123.pdf",
            "../files/a b.pdf",
            "?x=1",
            "#muc-1",
            "files/x:y.pdf",
        ] {
            assert_eq!(check_link(ok, false), Ok(()), "{ok}");
        }
        assert_eq!(check_link("mailto:vp@haiphong.gov.vn", true), Ok(()));
        assert_eq!(check_link("tel:+842253842999", true), Ok(()));
    }

    #[test]
    fn links_a_browser_would_send_elsewhere_are_refused() {
        use LinkProblem::*;
        assert_eq!(check_link("javascript:alert(1)", false), Err(Scheme("javascript".into())));
        assert_eq!(check_link(" JaVaScript:alert(1)", false), Err(Scheme("javascript".into())));
        assert_eq!(check_link("java\tscript:alert(1)", false), Err(Control));
        assert_eq!(check_link("data:text/html,x", false), Err(Scheme("data".into())));
        assert_eq!(check_link("mailto:a@b.vn", false), Err(Scheme("mailto".into())));
        assert_eq!(check_link("//evil.example", false), Err(OtherHost));
        assert_eq!(check_link(" //evil.example", false), Err(OtherHost));
        assert_eq!(check_link("\\\\evil.example/x", false), Err(Backslash));
        assert_eq!(check_link("/\\evil.example/y", false), Err(Backslash));
        assert_eq!(check_link("https:\\\\evil.example", false), Err(Backslash));
        assert_eq!(check_link("https://haiphong.gov.vn@evil.example/", false), Err(Credentials));
        // One slash or none after the scheme: fine from disk, a path of the site once published.
        for link in ["https:/example.vn/cv.pdf", "https:example.vn/cv.pdf", "HTTP:/example.vn", " http:example.vn"] {
            assert!(
                matches!(check_link(link, false), Err(Malformed(why)) if why.contains("two slashes")),
                "{link}: {:?}",
                check_link(link, false)
            );
        }
        assert_eq!(check_link(" HTTPS://example.vn/cv.pdf", false), Ok(()));
        assert!(matches!(check_link("https://", false), Err(Malformed(why)) if why.contains("no host")));
        assert!(
            matches!(check_link("https://exa mple.vn/", false), Err(Malformed(why)) if why.contains("such as a space"))
        );
        assert!(matches!(check_link("https://…", false), Err(Malformed(why)) if why.contains("`…`")));
        assert_eq!(check_link("file:///etc/passwd", false), Err(Scheme("file".into())));
        assert_eq!(check_link("\u{1}//evil.example", false), Err(Control));
    }

    #[test]
    fn base_urls_are_validated_and_end_with_a_slash() {
        assert_eq!(base_url("https://example.gov.vn").as_deref(), Ok("https://example.gov.vn/"));
        assert_eq!(base_url("http://example.gov.vn/a/b/").as_deref(), Ok("http://example.gov.vn/a/b/"));
        for bad in [
            "javascript:alert(1)//",
            "example.gov.vn",
            "/nq57/",
            "ftp://example.gov.vn/",
            "https://user:pw@example.gov.vn/",
            "https://example.gov.vn/?a=1",
            "https://example.gov.vn/#x",
            "https:\\\\evil.example",
            "https://exa mple.gov.vn/",
            "",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }
}
