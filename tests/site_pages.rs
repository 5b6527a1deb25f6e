//! The built default site as a browser and a link checker see it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default site, built once for all tests of this file.
fn site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = BUILT.get_or_init(|| {
        let dir = common::shared_tempdir("site-pages");
        let out = dir.path().join("site");
        let root = env!("CARGO_MANIFEST_DIR");
        let r = common::minhbach(&["build", "--root", root, "--output", out.to_str().unwrap()]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        (dir, out)
    });
    out
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let (checked, broken) = common::broken_links(site(), site());
    assert!(checked > 1000, "only {checked} links checked");
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
}

#[test]
fn every_page_type_exists_in_both_languages() {
    let dir = site();
    for page in [
        "index.html",
        "indicators/index.html",
        "indicators/phu-song-5g/index.html",
        "indicators/status/on_track/index.html",
        "indicators/plan/12-kh-tu/index.html",
        "indicators/unit/so-khcn/index.html",
        "plans/index.html",
        "plans/bql-57-2026/index.html",
        "units/index.html",
        "units/bql-van-phong/index.html",
        "periods/index.html",
        "periods/2026-Q2/index.html",
        "method/index.html",
        "gioi-thieu/index.html",
        "404.html",
        "feed.xml",
    ] {
        assert!(dir.join(page).is_file(), "missing {page}");
        assert!(dir.join("en").join(page).is_file(), "missing en/{page}");
    }
    for file in
        ["sitemap.xml", "robots.txt", "static/style.css", "data/indicators.csv", "data/indicators/phu-song-5g.csv"]
    {
        assert!(dir.join(file).is_file(), "missing {file}");
    }
}

#[test]
fn pages_declare_language_title_and_one_h1() {
    for (path, html) in common::html_files(site()) {
        let lang = if path.starts_with("en/") || path.contains("/en/") { "en" } else { "vi" };
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"") && html.contains(&format!("<html lang=\"{lang}\">")),
            "{path}"
        );
        assert!(html.contains("<title>") && !html.contains("<title></title>"), "{path}");
        assert_eq!(html.matches("<h1").count(), 1, "{path} must have one h1");
        // Search is the one page that needs a script, and it says so without one.
        let search = path == "tim-kiem/index.html" || path == "en/search/index.html";
        assert!(search || !html.contains("<script"), "{path} must not need JavaScript");
    }
}

#[test]
fn charts_have_a_text_alternative_and_a_table() {
    let html = std::fs::read_to_string(site().join("indicators/so-hoa-ho-so-tthc/index.html")).unwrap();
    let svg_start = html.find("<svg").expect("chart");
    let svg = &html[svg_start..html[svg_start..].find("</svg>").unwrap() + svg_start];
    assert!(svg.contains("role=\"img\"") && svg.contains("<title id=") && svg.contains("<desc id="));
    assert!(svg.contains("Giá trị tăng từ"), "the description states the trend");
    assert!(html.contains("<table class=\"stack\">") && html.contains("90,3%"), "table of the same numbers");
    // The revised first-quarter figure shows what was first published and what it is now.
    assert!(html.contains("<del>85%</del>") && html.contains("84,2%"), "revision shown");
    assert!(html.contains("Minh họa"), "sample values are badged");
}

#[test]
fn pages_are_light() {
    let dir = site();
    let css = std::fs::metadata(dir.join("static/style.css")).unwrap().len();
    let home = std::fs::metadata(dir.join("index.html")).unwrap().len() + css;
    assert!(home <= 100_000, "home page weighs {home} bytes");
    for entry in std::fs::read_dir(dir.join("indicators")).unwrap() {
        let page = entry.unwrap().path().join("index.html");
        if page.is_file() && !page.to_string_lossy().contains("/status/") {
            let weight = std::fs::metadata(&page).unwrap().len() + css;
            assert!(weight <= 80_000, "{} weighs {weight} bytes", page.display());
        }
    }
}

#[test]
fn vietnamese_text_is_clean_and_nfc() {
    use unicode_normalization::is_nfc;
    for (path, html) in common::html_files(site()) {
        assert!(is_nfc(&html), "{path} is not NFC");
        for garbled in ["¢", "§", "ﬁ", "nghi¢p", "cong nghé", "Thanh uy Hai Phong"] {
            assert!(!html.contains(garbled), "{path} contains OCR residue {garbled:?}");
        }
    }
}

/// A `javascript:` address in raw HTML is an error where it is written; one hidden from the
/// check by an entity is still dropped by the cleaner, with scripts and handlers.
#[test]
fn markdown_is_sanitised_on_the_page() {
    let page = "+++\ntitle = \"A\"\n+++\n<a href=\"javascript:alert(1)\">x</a>\n";
    let site_dir = common::site_from("basic", &[("content/gioi-thieu.md", Some(page.as_bytes()))]);
    let (code, stderr) = common::check(site_dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("the link `javascript:alert(1)` cannot use `javascript:`"), "{stderr}");
    assert!(stderr.contains("--> content/gioi-thieu.md:4:10"), "{stderr}");
    let site_dir = common::site_from(
        "basic",
        &[("content/gioi-thieu.md", Some(b"+++\ntitle = \"A\"\n+++\n<script>alert(1)</script>\n<a href=\"java&#115;cript:alert(1)\" onclick=\"x()\">x</a>\n"))],
    );
    let out = site_dir.path().join("public");
    let r = common::minhbach(&["build", "--root", site_dir.path().to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(!html.contains("<script") && !html.contains("onclick") && !html.contains("javascript:"), "{html}");
}

#[test]
fn a_site_theme_overrides_the_embedded_one_file_by_file() {
    let site_dir = common::site_from(
        "basic",
        &[
            ("themes/default/i18n/vi.toml", Some("home = \"Trang nhà\"\n".as_bytes())),
            ("themes/default/static/style.css", Some(b"body { color: black }\n")),
            ("themes/default/static/logo.svg", Some(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>")),
            ("themes/default/templates/page.html", Some("{% extends \"base.html\" %}{% block content %}<h1>{{ title }}</h1><p class=\"custom\">{{ t.indicators }}</p>{% endblock content %}".as_bytes())),
            ("content/lien-he.md", Some("+++\ntitle = \"Liên hệ\"\n+++\nx\n".as_bytes())),
        ],
    );
    let out = site_dir.path().join("public");
    let r = common::minhbach(&["build", "--root", site_dir.path().to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains(">Trang nhà</a>"), "overridden string");
    assert!(home.contains(">Chỉ tiêu</a>"), "the other strings stay");
    assert_eq!(std::fs::read_to_string(out.join("static/style.css")).unwrap(), "body { color: black }\n");
    assert!(out.join("static/logo.svg").is_file(), "extra static files are published");
    let page = std::fs::read_to_string(out.join("lien-he/index.html")).unwrap();
    assert!(page.contains("<p class=\"custom\">Chỉ tiêu</p>"), "overridden template");
    assert!(std::fs::read_to_string(out.join("en/index.html")).unwrap().contains(">Home</a>"), "English untouched");
}

#[test]
fn a_broken_theme_template_is_reported_and_nothing_is_written() {
    let site_dir = common::site_from(
        "basic",
        &[
            ("themes/default/templates/page.html", Some(b"{% if %}")),
            ("themes/default/templates/post.html", Some(b"<p>\n{% for %}")),
            ("themes/default/templates/plans.html", Some(b"{% extends \"nope.html\" %}")),
            ("themes/default/templates/units.html", Some(b"{% import \"gone.html\" as g %}")),
        ],
    );
    let r = common::minhbach(&["build", "--root", site_dir.path().to_str().unwrap()]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("nothing was written"), "{err}");
    // Every broken template at once, each by its file, line and column.
    assert!(
        err.contains("this template's syntax is wrong") && err.contains("--> themes/default/templates/page.html:1:7"),
        "{err}"
    );
    assert!(err.contains("--> themes/default/templates/post.html:2:8\n"), "{err}");
    assert!(
        err.contains("themes/default/templates/plans.html extends `nope.html`, which the theme does not have"),
        "{err}"
    );
    assert!(
        err.contains("themes/default/templates/units.html imports `gone.html`, which the theme does not have"),
        "{err}"
    );
    assert!(!site_dir.path().join("public").exists());
}

#[test]
fn a_template_that_fails_to_render_is_named_by_its_file() {
    let page = "{% extends \"base.html\" %}{% block content %}{{ page.no_such_field }}{% endblock content %}";
    let site_dir = common::site_from(
        "basic",
        &[
            ("themes/default/templates/page.html", Some(page.as_bytes())),
            ("content/lien-he.md", Some("+++\ntitle = \"Liên hệ\"\n+++\nx\n".as_bytes())),
        ],
    );
    let r = common::minhbach(&["build", "--root", site_dir.path().to_str().unwrap()]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("page.no_such_field") && err.contains("the template is themes/default/templates/page.html"),
        "{err}"
    );
}

#[test]
fn two_builds_of_the_default_site_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("again");
    let r = common::minhbach(&["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output", second.to_str().unwrap()]);
    assert!(r.status.success());
    let a = common::html_files(site());
    let b = common::html_files(&second);
    assert_eq!(a.len(), b.len());
    for (path, html) in &a {
        assert!(b.get(path) == Some(html), "{path} differs between two builds");
    }
    for data in ["data/indicators.json", "data/values.csv", "data/tasks.csv", "feed.xml", "sitemap.xml"] {
        assert_eq!(std::fs::read(site().join(data)).unwrap(), std::fs::read(second.join(data)).unwrap(), "{data}");
    }
}

#[test]
fn no_page_names_a_source_file() {
    // The documents are named as citizens know them (number, date, issuer), never by the
    // keeper's file names such as "004_4ccf0e9dcda0cdaf.txt".
    for (path, html) in common::html_files(site()) {
        let bytes = html.as_bytes();
        let found = bytes.windows(25).any(|w| {
            w[..3].iter().all(u8::is_ascii_digit)
                && w[3] == b'_'
                && w[4..20].iter().all(|b| b.is_ascii_hexdigit())
                && &w[20..24] == b".txt"
        });
        assert!(!found, "{path} shows a source file's name");
    }
}

#[test]
fn every_post_is_listed_at_updates_newest_first_and_the_home_page_leads_there() {
    for (prefix, home) in [("", "index.html"), ("en/", "en/index.html")] {
        let list = std::fs::read_to_string(site().join(prefix).join("updates/index.html")).unwrap();
        let links: Vec<String> = common::attribute_values(&list, "href").filter(|h| h.contains("updates/20")).collect();
        let posts = std::fs::read_dir(env!("CARGO_MANIFEST_DIR").to_owned() + "/content/updates")
            .unwrap()
            .map(|period| std::fs::read_dir(period.unwrap().path()).unwrap().count())
            .sum::<usize>();
        assert!(!links.is_empty() && links.len() <= posts, "{prefix}: {links:?}");
        // Newest first: the periods in the links never go forward.
        let periods: Vec<&str> =
            links.iter().map(|h| h.split("updates/").nth(1).unwrap().split('/').next().unwrap()).collect();
        assert!(periods.windows(2).all(|w| w[0] >= w[1]), "{prefix}: {periods:?}");
        for link in &links {
            assert!(site().join(prefix).join("updates").join(link).is_file(), "{prefix}: {link}");
        }
        let home = std::fs::read_to_string(site().join(home)).unwrap();
        assert!(
            home.contains("href=\"updates/index.html\"") || home.contains("href=\"../en/updates/index.html\""),
            "{prefix}"
        );
        // A post leads back to the list.
        let post = site().join(prefix).join("updates").join(&links[0]);
        let post = std::fs::read_to_string(post).unwrap();
        assert!(post.contains("updates/index.html\">"), "{prefix}");
    }
}

#[test]
fn the_table_of_sections_adds_up_to_the_plan_and_a_plan_without_sections_has_none() {
    let plan = std::fs::read_to_string(common::fixture("basic").join("data/plans/kh-1.toml")).unwrap();
    // One task outside any section: counted on a row of its own.
    let loose = plan.replacen("id = \"1.3\"\nsection = \"1\"\n", "id = \"1.3\"\n", 1);
    assert_ne!(loose, plan, "the fixture's task 1.3 is in section 1");
    let site = common::site_from("basic", &[("data/plans/kh-1.toml", Some(loose.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("plans/kh-1/index.html")).unwrap();
    assert!(page.contains("<caption id=\"h-sections\">Số nhiệm vụ theo mục</caption>"), "{page}");
    assert!(
        page.contains("<th scope=\"row\"><a href=\"#s-other\">Nhiệm vụ khác</a></th><td class=\"num\" data-label=\"Nhiệm vụ\">1</td>"),
        "{page}"
    );
    // No sections at all: no table of them, every task listed.
    let flat: String = plan
        .lines()
        .filter(|l| !l.starts_with("section = "))
        .collect::<Vec<_>>()
        .join("\n")
        .replace("[[section]]\nid = \"1\"\n", "");
    let flat = flat.lines().filter(|l| !l.starts_with("title = \"Nâng cao")).collect::<Vec<_>>().join("\n") + "\n";
    let site = common::site_from("basic", &[("data/plans/kh-1.toml", Some(flat.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("plans/kh-1/index.html")).unwrap();
    assert!(!page.contains("h-sections"), "{page}");
    assert!(page.contains("id=\"s-other\""), "{page}");
}

#[test]
fn a_section_with_no_tasks_has_its_heading_and_says_so() {
    // The document has a section under which it assigns nothing: the table of sections links to
    // it, so it has its heading, which says that there is no task in it.
    let plan = std::fs::read_to_string(common::fixture("basic").join("data/plans/kh-1.toml")).unwrap();
    let empty = plan.replacen("[[task]]", "[[section]]\nid = \"2\"\ntitle = \"Mục trống\"\n\n[[task]]", 1);
    let site = common::site_from("basic", &[("data/plans/kh-1.toml", Some(empty.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    for (prefix, said) in [
        ("", "Văn bản không giao nhiệm vụ nào trong mục này."),
        ("en/", "The document assigns no task in this section."),
    ] {
        let page = std::fs::read_to_string(out.join(format!("{prefix}plans/kh-1/index.html"))).unwrap();
        assert!(page.contains("<a href=\"#s-2\">"), "{prefix}: the table links to the section:\n{page}");
        let section = page.split("<h2 id=\"s-2\">").nth(1).unwrap_or_else(|| panic!("{prefix}: no heading:\n{page}"));
        let section = section.split("</section>").next().unwrap();
        assert!(section.contains(said), "{prefix}: {section}");
    }
    let (checked, broken) = common::broken_links(&out, &out);
    assert!(checked > 100 && broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn a_feed_with_no_posts_is_dated_by_the_latest_report_not_1970() {
    let site = common::site_from("basic", &[("content/updates/2026-Q1/ket-qua.md", None)]);
    let (_keep, out) = common::build_to_temp(site.path());
    for feed in ["feed.xml", "en/feed.xml"] {
        let xml = std::fs::read_to_string(out.join(feed)).unwrap();
        assert!(!xml.contains("<entry>"), "{feed} has no post to carry");
        // The 2026-Q2 report of the fixture was received on 8 July 2026.
        assert!(xml.contains("<updated>2026-07-08T00:00:00Z</updated>"), "{feed}: {xml}");
        assert!(!xml.contains("1970"), "{feed}");
    }
}
