//! Where on the site a link read by [`super::address`] leads, in the language of the page it
//! is shown on: a page that exists in that language is linked there, else in the language it
//! is written in.

use super::address::{PageRef, Target, encode_path, encode_url, page_path};
use crate::model::{Page, PageKind, Site};
use crate::text::slugify;

/// The site's languages, the default first.
fn codes(site: &Site) -> impl Iterator<Item = &str> {
    let default = site.config.language.as_str();
    std::iter::once(default).chain(site.config.languages.iter().map(String::as_str).filter(move |l| *l != default))
}

/// The languages whose pages are under a folder of their name: all but the default.
pub fn prefixed_languages(site: &Site) -> Vec<String> {
    codes(site).skip(1).map(str::to_string).collect()
}

fn prefix(site: &Site, code: &str) -> String {
    if code == site.config.language { String::new() } else { format!("{code}/") }
}

/// The languages `page` is made in, in the site's order: a free page or a post only in those
/// it is written in; every other page in all.
pub fn languages_of<'s>(site: &'s Site, page: &PageRef) -> Vec<&'s str> {
    match page {
        PageRef::Free(_) | PageRef::Post { .. } => {
            codes(site).filter(|code| site.pages.iter().any(|p| p.lang == *code && written_as(&p.kind, page))).collect()
        }
        _ => codes(site).collect(),
    }
}

/// Whether a page of `kind` is the free page or post `page` (in some language).
pub fn written_as(kind: &PageKind, page: &PageRef) -> bool {
    match (page, kind) {
        (PageRef::Free(slug), PageKind::Free { slug: s }) => s != "method" && slugify(s) == *slug,
        // The site's method page and home page, made in every language, show these texts.
        (PageRef::Section("method"), PageKind::Free { slug }) => slug == "method",
        (PageRef::Home, PageKind::Home) => true,
        (PageRef::Post { period, slug }, PageKind::Update { period: p, slug: s }) => p == period && slugify(s) == *slug,
        _ => false,
    }
}

/// The Markdown page (a free page or a post) a link to `target` leads to from a page in
/// `lang`: in the reader's language when it is made there and, for a link to a part of it
/// (`fragment`), when that one has the part (headings differ from translation to
/// translation); else in the language the link names (its file's, or for an address the
/// site's default). `None` for pages the site makes from its data.
pub fn page_led_to<'s>(site: &'s Site, target: &Target, lang: &str, fragment: Option<&str>) -> Option<&'s Page> {
    let (page, named) = page_named(site, target)?;
    let find = |code: &str| site.pages.iter().find(|p| p.lang == code && written_as(&p.kind, page));
    if let Target::Page { lang: Some(_), .. } = target {
        return find(named);
    }
    let made = languages_of(site, page);
    // A page made in every language (the method page) shows, where its text has no
    // translation, the text it has: a part of it is in that text.
    let Some(led) = find(language_led_to(&made, lang, named)?) else {
        return find(named).or_else(|| find(&site.config.language));
    };
    match fragment {
        Some(part) if led.lang != named && !super::heading_ids(&led.body).iter().any(|id| id == part) => {
            find(named).or(Some(led))
        }
        _ => Some(led),
    }
}

/// The page a link names, and the language it names it in: the address's (`/en/…`), the
/// file's it names, or for an address without one the site's default. `None` for a file.
fn page_named<'t>(site: &'t Site, target: &'t Target) -> Option<(&'t PageRef, &'t str)> {
    match target {
        Target::Page { page, lang } => Some((page, lang.as_deref().unwrap_or(&site.config.language))),
        Target::Markdown { page, written, .. } => Some((page, written.as_str())),
        Target::File(_) => None,
    }
}

/// Of the languages a page is `made` in: the reader's `lang`, else `written`, else the first.
fn language_led_to<'a>(made: &[&'a str], lang: &'a str, written: &'a str) -> Option<&'a str> {
    [lang, written].into_iter().find(|c| made.contains(c)).or(made.first().copied())
}

/// The output path (from the site's root, percent-encoded) that a link to `target` leads to
/// from a page in `lang`, with `rest` (`?query#fragment`) after it.
pub fn href(site: &Site, target: &Target, rest: &str, lang: &str) -> String {
    if let Some(live) = on_the_live_site(site, target, lang) {
        let rest = encode_url(rest).unwrap_or_else(|| rest.to_string());
        return format!("{live}{rest}");
    }
    let part = rest.split_once('#').and_then(|(_, part)| super::address::decode(part)).filter(|p| !p.is_empty());
    let to_part = part.as_deref().and_then(|part| page_led_to(site, target, lang, Some(part)));
    let path = match (target, to_part) {
        (Target::File(path), _) => encode_path(path),
        (Target::Page { page, .. } | Target::Markdown { page, .. }, Some(led)) => {
            encode_path(&page_path(page, &prefix(site, &led.lang)))
        }
        (Target::Page { page, lang: Some(fixed) }, None) => encode_path(&page_path(page, &prefix(site, fixed))),
        (Target::Page { page, lang: None }, None) => in_language(site, page, lang, &site.config.language),
        (Target::Markdown { page, written, .. }, None) => in_language(site, page, lang, written),
    };
    let rest = encode_url(rest).unwrap_or_else(|| rest.to_string());
    format!("{path}{rest}")
}

/// A page of a later period than the one the site is built as of (a snapshot's, or a build
/// `--as-of`): the site as of then has no such page, so a link to it leads to the live site's
/// (checked when the site is read: this needs a `base_url`), in the reader's language `lang`
/// when the live site makes it in that one (a period's page always; a post when it is written
/// in it), as links within the site are. `None` for every other target.
fn on_the_live_site(site: &Site, target: &Target, lang: &str) -> Option<String> {
    let (page, named) = page_named(site, target)?;
    let period = match page {
        PageRef::Post { period, .. } | PageRef::Period(period) => period,
        _ => return None,
    };
    if site.periods.iter().any(|p| p.id == *period) {
        return None;
    }
    let base = site.config.base_url.as_deref()?;
    let base = if base.ends_with('/') { base.to_string() } else { format!("{base}/") };
    let made: Vec<&str> = match page {
        PageRef::Post { .. } => codes(site)
            .filter(|code| site.later_posts.iter().any(|(kind, l)| l == code && written_as(kind, page)))
            .collect(),
        _ => codes(site).collect(),
    };
    let code = language_led_to(&made, lang, named).unwrap_or(named);
    let path = page_path(page, &prefix(site, code));
    Some(format!("{base}{}", encode_path(path.trim_end_matches("index.html"))))
}

/// Whether an `href` [`href`] gave is an address of its own (the live site's), not a path
/// from the site's root.
pub fn is_absolute(href: &str) -> bool {
    href.starts_with("https://") || href.starts_with("http://")
}

/// `page` in the reader's language `lang` when it is made there, else in `written`, else in
/// the first language it is made in.
fn in_language(site: &Site, page: &PageRef, lang: &str, written: &str) -> String {
    let code = language_led_to(&languages_of(site, page), lang, written).unwrap_or(lang);
    encode_path(&page_path(page, &prefix(site, code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(PageKind, &str)]) -> Site {
        let mut site = Site::default();
        site.config.language = "vi".into();
        site.config.languages = vec!["vi".into(), "en".into()];
        site.pages = pages.iter().map(|(kind, lang)| Page::blank(kind.clone(), lang)).collect();
        site
    }

    #[test]
    fn a_page_is_linked_in_the_readers_language_when_it_is_made_there() {
        let free = |s: &str| PageKind::Free { slug: s.into() };
        let mut site = site(&[(free("gioi-thieu"), "vi"), (free("gioi-thieu"), "en"), (free("chi-vi"), "vi")]);
        site.pages[1].body = "## A b\n".into();
        let md = |page: PageRef, written: &str| Target::Markdown { path: String::new(), page, written: written.into() };
        let both = md(PageRef::Free("gioi-thieu".into()), "vi");
        assert_eq!(href(&site, &both, "", "vi"), "gioi-thieu/index.html");
        assert_eq!(href(&site, &both, "", "en"), "en/gioi-thieu/index.html");
        // A part of the page: in the translation that has it, else in the language written for.
        assert_eq!(href(&site, &both, "#a-b", "en"), "en/gioi-thieu/index.html#a-b");
        assert_eq!(href(&site, &both, "#muc", "en"), "gioi-thieu/index.html#muc");
        let only_vi = md(PageRef::Free("chi-vi".into()), "vi");
        assert_eq!(href(&site, &only_vi, "", "en"), "chi-vi/index.html");
        let plan = Target::Page { page: PageRef::Plan("KH.1".into()), lang: None };
        assert_eq!(href(&site, &plan, "#t-1", "en"), "en/plans/KH.1/index.html#t-1");
        let fixed = Target::Page { page: PageRef::Section("units"), lang: Some("en".into()) };
        assert_eq!(href(&site, &fixed, "", "vi"), "en/units/index.html");
        assert_eq!(href(&site, &Target::File("hinh/ảnh.png".into()), "", "en"), "hinh/%E1%BA%A3nh.png");
        assert_eq!(languages_of(&site, &PageRef::Free("khong-co".into())), Vec::<&str>::new());
    }

    #[test]
    fn a_part_of_the_method_or_home_page_is_linked_where_its_text_has_it() {
        let method = PageKind::Free { slug: "method".into() };
        let mut site = site(&[(method.clone(), "vi"), (method, "en"), (PageKind::Home, "vi")]);
        site.pages[0].body = "## Cách tính trạng thái\n".into();
        site.pages[1].body = "## How status is computed\n".into();
        site.pages[2].body = "## Mục tiêu\n".into();
        let md = |page: PageRef| Target::Markdown { path: String::new(), page, written: "vi".into() };
        let method = md(PageRef::Section("method"));
        assert_eq!(href(&site, &method, "#cach-tinh-trang-thai", "en"), "method/index.html#cach-tinh-trang-thai");
        assert_eq!(
            href(&site, &method, "#how-status-is-computed", "en"),
            "en/method/index.html#how-status-is-computed"
        );
        assert_eq!(href(&site, &method, "", "en"), "en/method/index.html");
        // Which text a check looks for the part in.
        assert_eq!(page_led_to(&site, &method, "en", Some("nothing-here")).map(|p| p.lang.as_str()), Some("vi"));
        let home = md(PageRef::Home);
        assert_eq!(page_led_to(&site, &home, "en", Some("muc-tieu")).map(|p| p.lang.as_str()), Some("vi"));
    }
}
