//! The built-in theme's page frame, `base.html` with the `share.html` it includes (head, link
//! preview, header, menu, footer), written in Rust as well as in Tera.
//!
//! Every page but the embed is framed, 20,000 times on a national site, and Tera looks up
//! each of the frame's sixty names anew on every page: most of the time of a small page. When
//! a theme keeps both templates as built in, a page template that extends `base.html` and fills
//! only its `content` block is rendered as that block alone (see [`content_templates`]) and
//! framed here. Any other template, or a page whose values the frame does not expect, is
//! rendered by Tera whole. The test of the macros renders whole sites both ways and compares
//! every byte.

use serde_json::Value;

use super::out::{NULL, Out, at, items, truthy};

/// The frame's templates.
pub const BASE: &str = "base.html";
pub const SHARE: &str = "share.html";

/// What is put before a page template's name for the template of its content block alone
/// (its name still ends in `.html`, so that Tera escapes what it writes).
const CONTENT: &str = "minhbach:content/";

/// The name of the template of `name`'s content block alone.
pub fn content_name(name: &str) -> String {
    format!("{CONTENT}{name}")
}

/// For each of `templates` that extends `base.html` and has no block but `content`: the
/// template of its content block alone, with the macros it imports.
pub fn content_templates<'a>(templates: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<(String, String)> {
    const EXTENDS: &str = "{% extends \"base.html\" %}";
    const OPEN: &str = "{% block content %}";
    const CLOSE: &str = "{% endblock content %}";
    templates
        .filter_map(|(name, text)| {
            let rest = text.strip_prefix(EXTENDS)?;
            // One block, `content`, and nothing after it that Tera would write.
            if text.matches("{%- block").count() + text.matches("{% block").count() != 1 {
                return None;
            }
            let start = rest.find(OPEN)?;
            let end = rest.rfind(CLOSE)?;
            if !rest[end + CLOSE.len()..].trim().is_empty() {
                return None;
            }
            // Outside its blocks a child template writes nothing: only its imports count.
            let (imports, others): (Vec<&str>, Vec<&str>) =
                rest[..start].lines().partition(|l| l.trim_start().starts_with("{% import "));
            if others.iter().any(|l| !l.trim().is_empty()) {
                return None;
            }
            Some((content_name(name), format!("{}{}", imports.concat(), &rest[start..end + CLOSE.len()])))
        })
        .collect()
}

/// The frame of a page, before and after its content: `base` as the page's base context gives
/// it, `page` its data, `t` the theme's words. `None` where a value is not what the templates
/// expect, so that Tera renders the page (and says what is wrong, if anything is).
pub fn frame(base: &Value, page: &Value, t: &Value) -> Option<(String, String)> {
    let word = |name: &str| t.get(name).filter(|w| w.is_string());
    let get = |name: &str| base.get(name).unwrap_or(&NULL);
    let section = get("section");
    let is = |name: &str| section.as_str() == Some(name);
    let site_title = at(base, "site.title");
    let description = at(base, "site.description");
    let share_text = at(page, "share_text");
    let title = get("title");
    let root = get("root");
    let home = get("home");
    let mut o = Out(String::with_capacity(4096));
    o.s("<!DOCTYPE html>\n<html lang=\"").v(get("lang")).s("\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if is("home") {
        o.v(site_title);
    } else {
        o.v(title).s(" — ").v(site_title);
    }
    o.s("</title>\n");
    if truthy(share_text) {
        o.s("<meta name=\"description\" content=\"").v(share_text).s("\">\n");
    } else if truthy(description) {
        o.s("<meta name=\"description\" content=\"").v(description).s("\">\n");
    }
    share(&mut o, &|name| base.get(name).unwrap_or(&NULL), page, word("sample_badge")?)?;
    o.s("\n");
    let canonical = get("canonical");
    if truthy(canonical) {
        o.s("<link rel=\"canonical\" href=\"").v(canonical).s("\">\n");
    }
    let alternates = items(get("alternates"));
    if alternates.len() > 1 {
        for a in alternates {
            // Its full address; else, but for this page itself, its relative one.
            let href = match at(a, "url") {
                url if truthy(url) => url,
                _ if truthy(at(a, "current")) => continue,
                _ => at(a, "href"),
            };
            o.s("<link rel=\"alternate\" hreflang=\"").v(at(a, "code")).s("\" href=\"").v(href).s("\">\n");
        }
        let default_version = get("default_version");
        if truthy(default_version) {
            o.s("<link rel=\"alternate\" hreflang=\"x-default\" href=\"").v(default_version).s("\">\n");
        }
    }
    o.s("<link rel=\"stylesheet\" href=\"").v(root).s("static/style.css\">\n");
    o.s("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"").v(get("feed"));
    o.s("\" title=\"").v(word("feed")?).s("\">\n</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    o.v(word("skip_to_content")?).s("</a>\n<header class=\"site-header\">\n<div class=\"wrap bar\">\n");
    o.s("<a class=\"brand\" href=\"").v(home).s("index.html\"").lang_attr(at(base, "site.title_lang"));
    o.s(">").v(site_title).s("</a>\n");
    let languages = items(get("languages"));
    if languages.len() > 1 {
        o.s("<nav class=\"langs\" aria-label=\"").v(word("language")?).s("\"><ul>\n");
        for a in languages {
            o.s("<li>");
            if truthy(at(a, "current")) {
                o.s("<span aria-current=\"true\">").v(at(a, "name")).s("</span>");
            } else {
                o.s("<a href=\"").v(at(a, "href")).s("\" hreflang=\"").v(at(a, "code")).s("\" lang=\"");
                o.v(at(a, "code")).s("\">").v(at(a, "name")).s("</a>");
            }
            o.s("</li>\n");
        }
        o.s("</ul></nav>");
    }
    o.s("\n");
    let search = get("search");
    if truthy(search) {
        let label = word("search")?;
        o.s("<form class=\"site-search\" role=\"search\" action=\"").v(search).s("\" method=\"get\">");
        o.s("<label class=\"sr-only\" for=\"site-q\">")
            .v(label)
            .s("</label><input id=\"site-q\" type=\"search\" name=\"q\">");
        o.s("<button type=\"submit\">").v(label).s("</button></form>\n");
    }
    o.s("</div>\n<nav class=\"main-nav wrap\" aria-label=\"").v(word("main_menu")?).s("\"><ul>\n");
    let menu = [
        ("", "home", is("home")),
        ("indicators/", "indicators", is("indicators")),
        ("plans/", "plans", is("plans")),
        ("units/", "units", is("units")),
        ("periods/", "periods", is("periods") || is("updates")),
        ("method/", "method", is("method")),
    ];
    for (path, name, current) in menu {
        o.s("<li><a href=\"").v(home).s(path).s("index.html\"");
        if current {
            o.s(" aria-current=\"page\"");
        }
        o.s(">").v(word(name)?).s("</a></li>\n");
    }
    for p in items(get("nav_pages")) {
        o.s("<li><a href=\"").v(root).v(at(p, "href")).s("\"");
        let lang = at(p, "lang");
        if truthy(lang) {
            o.s(" hreflang=\"").v(lang).s("\" lang=\"").v(lang).s("\"");
        }
        if section == at(p, "key") {
            o.s(" aria-current=\"page\"");
        }
        o.s(">").v(at(p, "title")).s("</a></li>\n");
    }
    o.s("</ul></nav>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
    let snapshot = get("snapshot");
    if truthy(snapshot) {
        let published = match at(snapshot, "published") {
            // `default(value="")` gives "" only for a value that is not there at all.
            Value::String(s) => s.as_str(),
            _ => return None,
        };
        let banner = word("snapshot_banner")?.as_str()?;
        let banner = banner.replace("{period}", at(base, "as_of.label").as_str()?).replace("{published}", published);
        o.s("<p class=\"archive-banner\" role=\"note\">").v(&Value::String(banner));
        o.s(" <a href=\"").v(at(snapshot, "live_home")).s("\">").v(word("snapshot_live")?).s("</a></p>\n");
    }
    let head = std::mem::take(&mut o.0);

    o.s("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>").v(word("as_of")?).s(" <strong");
    o.lang_attr(at(base, "as_of.label_lang"))
        .s(">")
        .v(at(base, "as_of.label"))
        .s("</strong> (")
        .v(at(base, "as_of.date"))
        .s(").</p>\n<p>");
    o.v(word("open_data")?).s(": <a href=\"").v(root).s("data/indicators.csv\">").v(word("indicators")?);
    o.s(" (CSV)</a> · <a href=\"").v(root).s("data/values.csv\">").v(word("values")?);
    o.s(" (CSV)</a> · <a href=\"").v(root).s("data/tasks.csv\">").v(word("tasks")?);
    o.s(" (CSV)</a> · <a href=\"").v(root).s("data/indicators.json\">JSON</a> · <a href=\"").v(get("feed"));
    o.s("\">").v(word("feed")?).s("</a>");
    if !truthy(snapshot) {
        o.s(" · <a href=\"").v(home).s("archive/index.html\">").v(word("archive")?).s("</a>");
    }
    o.s("</p>\n</div>\n</footer>\n</body>\n</html>\n");
    Some((head, o.0))
}

/// `share.html`: the link preview's tags, with `get` giving the page's base values by name.
pub(super) fn share<'a>(
    o: &mut Out,
    get: &dyn Fn(&str) -> &'a Value,
    page: &Value,
    sample_badge: &Value,
) -> Option<()> {
    let section = get("section").as_str();
    let site_title = at(get("site"), "title");
    let title = get("title");
    let sampled;
    let share_title = if section == Some("home") {
        site_title
    } else if section == Some("updates") && truthy(at(page, "sample")) {
        sampled = Value::String(format!("{} ({})", title.as_str()?, sample_badge.as_str()?));
        &sampled
    } else {
        title
    };
    let share = get("share");
    o.s("\n\n<meta property=\"og:type\" content=\"website\">\n<meta property=\"og:site_name\" content=\"");
    o.v(site_title).s("\">\n<meta property=\"og:title\" content=\"").v(share_title);
    o.s("\">\n<meta property=\"og:description\" content=\"");
    let (share_text, description) = (at(page, "share_text"), at(get("site"), "description"));
    if truthy(share_text) {
        o.v(share_text);
    } else if truthy(description) {
        o.v(description);
    } else {
        o.v(share_title);
    }
    o.s("\">\n<meta property=\"og:locale\" content=\"").v(at(share, "locale")).s("\">\n");
    for l in items(at(share, "alternate_locales")) {
        o.s("<meta property=\"og:locale:alternate\" content=\"").v(l).s("\">\n");
    }
    let url = at(share, "url");
    if truthy(url) {
        o.s("<meta property=\"og:url\" content=\"").v(url).s("\">\n");
    }
    let image = at(share, "image");
    if truthy(image) {
        o.s("<meta property=\"og:image\" content=\"").v(image).s("\">\n");
        o.s("<meta property=\"og:image:type\" content=\"image/png\">\n<meta property=\"og:image:width\" content=\"1200\">\n");
        o.s("<meta property=\"og:image:height\" content=\"630\">\n<meta property=\"og:image:alt\" content=\"");
        o.v(share_title).s("\">\n<meta name=\"twitter:card\" content=\"summary_large_image\">\n");
    } else {
        o.s("<meta name=\"twitter:card\" content=\"summary\">\n");
    }
    // The file's last line break.
    o.s("\n");
    Some(())
}

#[cfg(test)]
mod tests {
    use super::super::tests::{teras, theme, words};
    use super::*;
    use serde_json::json;

    /// A page's values: every branch of the frame can be reached by changing one of them.
    fn values(edit: impl Fn(&mut Value)) -> Value {
        let mut v = json!({
            "lang": "vi", "root": "../../", "home": "../../", "path": "gioi-thieu/index.html",
            "section": "gioi-thieu", "title": "Giới thiệu <& \"x\">", "canonical": "https://x.vn/a/gioi-thieu/",
            "site": { "title": "Minh bạch", "title_lang": null, "description": "Mô tả" },
            "alternates": [
                { "code": "en", "name": "English", "href": "../en/a/", "url": "https://x.vn/en/a/", "current": false },
                { "code": "vi", "name": "Tiếng Việt", "href": "./", "url": null, "current": true },
                { "code": "fr", "name": "Français", "href": "../fr/a/", "url": null, "current": false }
            ],
            "default_version": "https://x.vn/a/",
            "languages": [
                { "code": "vi", "name": "Tiếng Việt", "href": "./", "current": true, "translation": true },
                { "code": "en", "name": "English", "href": "../en/a/", "current": false, "translation": true }
            ],
            "nav_pages": [
                { "href": "gioi-thieu/index.html", "title": "Giới thiệu", "key": "gioi-thieu", "lang": null },
                { "href": "about/index.html", "title": "About", "key": "about", "lang": "en" }
            ],
            "as_of": { "label": "Quý II/2026", "label_lang": null, "date": "30/6/2026" },
            "feed": "../../feed.xml", "search": "../../tim-kiem/index.html", "snapshot": null,
            "share": { "locale": "vi_VN", "alternate_locales": ["en_US"], "url": "https://x.vn/a/", "image": "https://x.vn/a/share.png" },
            "page": { "body": "<p>Nội dung</p>", "share_text": "Tóm tắt", "sample": true },
        });
        edit(&mut v);
        v
    }

    #[test]
    fn the_frame_writes_every_byte_tera_writes() {
        let theme = theme();
        let (rust, whole) = teras(&theme);
        assert!(rust.get_template(&content_name("page.html")).is_ok(), "the frame is written in Rust");
        assert!(
            whole.get_template(&content_name("page.html")).is_err()
                && rust.get_template(&content_name("search.html")).is_err()
        );
        let t = words(&theme, "vi");
        let cases: [fn(&mut Value); 7] = [
            (|_| {}),
            (|v| v["section"] = json!("home")),
            (|v| v["section"] = json!("updates")),
            (|v| {
                v["section"] = json!("updates");
                v["page"]["sample"] = json!(false);
                v["page"]["share_text"] = json!(null);
            }),
            (|v| {
                v["site"]["description"] = json!(null);
                v["page"] = json!({ "body": "" });
                v["share"]["image"] = json!(null);
                v["share"]["url"] = json!(null);
                v["canonical"] = json!(null);
                v["search"] = json!(null);
                v["site"]["title_lang"] = json!("vi");
                v["as_of"]["label_lang"] = json!("vi");
            }),
            (|v| {
                v["alternates"] = json!([v["alternates"][1].clone()]);
                v["languages"] = json!([]);
                v["default_version"] = json!(null);
            }),
            (|v| {
                v["snapshot"] = json!({ "published": "1/7/2026", "live_home": "../../../../index.html" });
                v["section"] = json!("periods");
            }),
        ];
        for (i, edit) in cases.iter().enumerate() {
            let mut v = values(*edit);
            v["t"] = t.clone();
            let context = tera::Context::from_value(v.clone()).unwrap();
            let expected = whole.render("page.html", &context).unwrap();
            let (head, tail) = frame(&v, &v["page"], &t).unwrap();
            let content = rust.render(&content_name("page.html"), &context).unwrap();
            assert_eq!(format!("{head}{content}{tail}"), expected, "case {i}");
        }
        // A snapshot whose date could not be read: Tera's `default` keeps the null, and its
        // `replace` refuses it; the frame leaves the page to Tera.
        let v = values(|v| v["snapshot"] = json!({ "published": null, "live_home": "x" }));
        assert!(frame(&v, &v["page"], &t).is_none());
    }

    #[test]
    fn only_a_template_that_fills_the_content_block_alone_is_framed() {
        let framed = |text: &str| content_templates([("x.html", text)].into_iter());
        let page = "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block content %}\n<p>{{ m::x() }}</p>\n{% endblock content %}\n";
        assert_eq!(
            framed(page),
            vec![(
                content_name("x.html"),
                "{% import \"macros.html\" as m %}{% block content %}\n<p>{{ m::x() }}</p>\n{% endblock content %}"
                    .to_string()
            )]
        );
        assert!(
            framed(&page.replace(
                "{% block content %}",
                "{% block site_search %}{% endblock site_search %}{% block content %}"
            ))
            .is_empty()
        );
        assert!(framed(&page.replace("{% extends \"base.html\" %}", "{% extends \"other.html\" %}")).is_empty());
        assert!(framed("<p>{{ title }}</p>").is_empty());
    }
}
