//! Links written in the site's texts (pages under content/, the notes and evidence of progress
//! files) lead where their writer meant from every page that shows them; footnotes link both
//! ways; every relative link that leads nowhere is an error at its place.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine;
use common::{check, minhbach, site_from};

/// A 1×1 PNG, so that browsers show the images.
fn png() -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
        .unwrap()
}

const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\n";

const PROGRESS: &str = "data/progress/2026-Q2.toml";

/// The basic fixture with texts that link in every way a site keeper writes.
fn linked_site(extra: &[(&str, Option<&[u8]>)]) -> tempfile::TempDir {
    let png = png();
    let progress = std::fs::read_to_string(common::fixture("basic").join(PROGRESS)).unwrap();
    let progress = progress
        .replace(
            "note = \"Đã tổ chức 2 lớp.\"\nevidence = [{ title = \"Công văn số 12/VP\", url = \"https://example.gov.vn/cv12.pdf\" }]",
            "note = \"Đã tổ chức 2 lớp (![ảnh](hinh/logo.png))[^1].\\n\\n[^1]: Theo [công văn](files/cv%2012.pdf).\"\n\
             evidence = [\n  { title = \"Công văn số 12/VP\", url = \"files/cv 12.pdf\" },\n  \
             { title = \"Tài liệu\", url = \"https://x.vn/tài liệu/Công văn 12.pdf\" },\n  \
             { title = \"Tra cứu\", url = \"https://x.vn/?a=1&b=<2>\" },\n  \
             { title = \"Giới thiệu\", url = \"/gioi-thieu/\" },\n]",
        )
        .replace("value = 61\n", "value = 61\nnote = \"Nguồn: [báo cáo](/files/cv%2012.pdf)[^a].\\n\\n[^a]: Số liệu sơ bộ.\"\n");
    let mut files: Vec<(&str, Option<&[u8]>)> = vec![
        (
            "content/_index.md",
            Some(
                "+++\ntitle = \"Trang chủ\"\n+++\nXem [giới thiệu](gioi-thieu.md#cach-tinh), [phần](gioi-thieu.md), [kế hoạch](/plans/kh-1/), \
                 [bài](updates/2026-Q1/ket-qua.md) và ![biểu trưng](hinh/logo.png).\n"
                    .as_bytes(),
            ),
        ),
        (
            "content/gioi-thieu.md",
            Some(
                "+++\ntitle = \"Giới thiệu\"\n+++\n![Ảnh](hinh/logo.png) [Công văn](<files/cv 12.pdf>) \
                 [Trang chủ](_index.md) [Chỉ tiêu](indicators/ky-nang-so/) [Đơn vị](/units/vp/index.html)\n\n\
                 Có chú thích[^1] và thứ hai[^hai].\n\n<a href=\"files/cv 12.pdf\">tải</a> <img src=\"/hinh/logo.png\" alt=\"logo\">\n\n\
                 ## Cách tính\n\nXem [cách tính](#cach-tinh).\n\n## Cách tính\n\n[Lần hai](#cach-tinh-2).\n\n## fn 1 1\n\n\
                 [^1]: Một.\n[^hai]: Hai.\n"
                    .as_bytes(),
            ),
        ),
        (
            "content/gioi-thieu.en.md",
            Some(
                "+++\ntitle = \"About\"\n+++\n[Home](/) and [in Vietnamese](/gioi-thieu/#cach-tinh); [below](#main).\n\n## Main\n\n## Search\n"
                    .as_bytes(),
            ),
        ),
        (
            "content/updates/2026-Q1/ket-qua.md",
            Some(
                "+++\ntitle = \"Kết quả quý I/2026\"\ndate = 2026-04-15\n+++\n![Ảnh bài](anh-bai.png) \
                 [Giới thiệu](../../gioi-thieu.md) [Kế hoạch](../../plans/kh-1.md#t-1.2) [Chú thích][^x]\n\n[^x]: Bài.\n"
                    .as_bytes(),
            ),
        ),
        (
            "content/plans/kh-1.md",
            Some("Xem [tệp](../files/cv%2012.pdf)[^1] và [việc 1.1](#t-1.1).\n\n[^1]: Chú thích kế hoạch.\n".as_bytes()),
        ),
        ("content/hinh/logo.png", Some(&png)),
        ("content/updates/2026-Q1/anh-bai.png", Some(&png)),
        ("content/files/cv 12.pdf", Some(PDF)),
        (PROGRESS, Some(progress.as_bytes())),
    ];
    files.extend_from_slice(extra);
    site_from("basic", &files)
}

fn build(root: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = minhbach(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (dir, out)
}

/// `%XX` escapes decoded.
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Every link and image of every page, followed: each relative one must reach a file of the
/// site (a fragment, an id of that file), none may start from the host's root, and every
/// address must hold only what a URL may (an HTML checker refuses spaces, quotes, `<`…).
fn broken(out: &Path) -> (usize, Vec<String>) {
    let pages = common::html_files(out);
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        if path.ends_with("404.html") {
            continue;
        }
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for link in common::attribute_values(html, "href").chain(common::attribute_values(html, "src")) {
            checked += 1;
            if let Some(bad) = link.chars().find(|c| !c.is_ascii_graphic() || "\"<>\\^`{|}".contains(*c)) {
                broken.push(format!("{path} → {link} (holds {bad:?})"));
            }
            if ["http://", "https://", "mailto:", "tel:"].iter().any(|s| link.starts_with(s)) {
                continue;
            }
            if link.starts_with('/') {
                broken.push(format!("{path} → {link} (from the host's root)"));
                continue;
            }
            let (file, fragment) = link.split_once('#').map_or((link.as_str(), None), |(f, x)| (f, Some(x)));
            let file = file.split('?').next().unwrap_or("");
            let target = if file.is_empty() { path.clone() } else { common::normalise(&dir.join(decode(file))) };
            if !out.join(&target).is_file() {
                broken.push(format!("{path} → {link} (no file {target})"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|_| target.ends_with(".html")) {
                let html = pages.get(&target).cloned().unwrap_or_default();
                if !common::ids(&html).contains(&decode(fragment)) {
                    broken.push(format!("{path} → {link} (no id {fragment})"));
                }
            }
        }
    }
    (checked, broken)
}

#[test]
fn relative_links_lead_where_their_writer_meant_from_every_page() {
    let site = linked_site(&[]);
    let (_dir, out) = build(site.path());
    let (checked, broken) = broken(&out);
    assert!(checked > 1000, "{checked}");
    assert!(broken.is_empty(), "{} broken of {checked}:\n{}", broken.len(), broken.join("\n"));
    let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // A page at the root of content/ shown one folder down.
    let about = page("gioi-thieu/index.html");
    for href in [
        "src=\"../hinh/logo.png\"",
        "href=\"../files/cv%2012.pdf\"",
        "href=\"../index.html\"",
        "href=\"../indicators/ky-nang-so/index.html\"",
        "href=\"../units/vp/index.html\"",
    ] {
        assert!(about.contains(href), "{href} in {about}");
    }
    // A post's image beside its Markdown file; a page by its Markdown file, in the reader's
    // language when written in it.
    let post = page("updates/2026-Q1/ket-qua/index.html");
    assert!(post.contains("src=\"../../../updates/2026-Q1/anh-bai.png\""), "{post}");
    assert!(post.contains("href=\"../../../plans/kh-1/index.html#t-1.2\""), "{post}");
    // The Vietnamese home text on the English home page links to English pages where they
    // exist, to the Vietnamese post otherwise.
    let home = page("en/index.html");
    assert!(home.contains("href=\"../en/gioi-thieu/index.html\""), "{home}");
    assert!(home.contains("href=\"../en/plans/kh-1/index.html\""), "{home}");
    assert!(home.contains("href=\"../updates/2026-Q1/ket-qua/index.html\""), "{home}");
    assert!(page("en/gioi-thieu/index.html").contains("href=\"../../en/gioi-thieu/index.html\""));
    // Headings have anchors that links name; one the theme's page already has is numbered on.
    let about_vi = page("gioi-thieu/index.html");
    assert!(about_vi.contains("<h2 id=\"cach-tinh\">Cách tính</h2>"), "{about_vi}");
    assert!(about_vi.contains("<h2 id=\"cach-tinh-2\">") && about_vi.contains("href=\"#cach-tinh\""), "{about_vi}");
    assert!(page("index.html").contains("href=\"gioi-thieu/index.html#cach-tinh\""));
    let about_en = page("en/gioi-thieu/index.html");
    assert!(about_en.contains("<h2 id=\"main-2\">Main</h2>") && about_en.contains("id=\"main\""), "{about_en}");
    // The text's own link to that heading follows it.
    assert!(about_en.contains("href=\"#main-2\""), "{about_en}");
    // A part that only one translation has is linked there, from every language.
    assert!(about_en.contains("href=\"../../gioi-thieu/index.html#cach-tinh\""), "{about_en}");
    assert!(home.contains("href=\"../gioi-thieu/index.html#cach-tinh\""), "{home}");
    // A heading's anchor keeps out of the footnotes' ids.
    assert!(about_vi.contains("<h2 id=\"muc-fn-1-1\">") && about_vi.contains("id=\"fn-1-1\""), "{about_vi}");
    // In a feed, a link within a post leads to the post's page, not to the feed.
    let feed = page("feed.xml");
    assert!(feed.contains("href=&quot;updates/2026-Q1/ket-qua/index.html#fn-"), "{feed}");
    assert!(!feed.contains("href=&quot;#"), "{feed}");
    // A note and its evidence, from pages at every depth and in both languages.
    for (path, root) in [
        ("plans/kh-1/index.html", "../../"),
        ("en/units/vp/index.html", "../../../"),
        ("periods/2026-Q2/index.html", "../../"),
    ] {
        let html = page(path);
        assert!(html.contains(&format!("src=\"{root}hinh/logo.png\"")), "{path}");
        assert!(html.contains(&format!("href=\"{root}files/cv%2012.pdf\"")), "{path}");
    }
    let plan = page("plans/kh-1/index.html");
    assert!(plan.contains("href=\"https://x.vn/t%C3%A0i%20li%E1%BB%87u/C%C3%B4ng%20v%C4%83n%2012.pdf\""), "{plan}");
    assert!(plan.contains("href=\"https://x.vn/?a=1&amp;b=%3C2%3E\""), "{plan}");
    assert!(plan.contains("href=\"../../gioi-thieu/index.html\""), "{plan}");
    // Open data gives each piece of evidence as a usable address, from the site's root, with
    // what the progress file says where that differs.
    let tasks: serde_json::Value = serde_json::from_str(&page("data/tasks.json")).unwrap();
    let evidence = tasks
        .as_array()
        .unwrap()
        .iter()
        .find_map(|t| t["evidence"].as_array().filter(|e| !e.is_empty()).cloned())
        .expect("a task with evidence");
    assert_eq!(evidence[0]["url"], "files/cv%2012.pdf");
    assert_eq!(evidence[0]["written"], "files/cv 12.pdf");
    assert_eq!(evidence[1]["url"], "https://x.vn/t%C3%A0i%20li%E1%BB%87u/C%C3%B4ng%20v%C4%83n%2012.pdf");
    assert_eq!(evidence[3]["url"], "gioi-thieu/index.html");
}

#[test]
fn footnotes_link_both_ways_with_ids_unique_on_every_page() {
    let site = linked_site(&[]);
    let (_dir, out) = build(site.path());
    let mut with_notes = 0;
    for (path, html) in common::html_files(&out) {
        let ids: Vec<String> = common::attribute_values(&html, "id").collect();
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "an id twice on {path}: {ids:?}");
        let notes: Vec<&String> = ids.iter().filter(|id| id.starts_with("fn-")).collect();
        for note in &notes {
            let back = format!("fnref-{}", &note[3..]);
            assert!(html.contains(&format!("href=\"#{note}\"")), "nothing refers to {note} on {path}");
            assert!(
                html.contains(&format!("href=\"#{back}\"")) && ids.contains(&back),
                "{note} leads nowhere back on {path}"
            );
        }
        with_notes += usize::from(!notes.is_empty());
        if path == "plans/kh-1/index.html" {
            // The plan's text and its task's note each have their own.
            assert!(notes.len() >= 2 && notes.iter().any(|n| n.starts_with("fn-2-")), "{notes:?}");
        }
    }
    assert!(with_notes >= 8, "{with_notes} pages with footnotes");
    let about = std::fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(about.contains("aria-label=\"Chú thích 1\">1</a></sup>"), "{about}");
    assert!(about.contains("aria-label=\"Trở lại chỗ dẫn chú thích 2\">↩</a>"), "{about}");
}

/// Asserts that `stderr` holds a diagnostic with `message` located at `location`.
fn assert_reports(stderr: &str, message: &str, location: &str) {
    let found = stderr.split("\n\n").any(|block| block.contains(message) && block.contains(&format!("--> {location}")));
    assert!(found, "expected «{message}» at {location} in:\n{stderr}");
}

#[test]
fn links_to_what_the_site_does_not_publish_are_errors_at_their_place() {
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\n![Ảnh](../hinh/logo.png) [a](files/khong-co.pdf)\n\
                 [b](/plans/khong-co/) [c](nhap.md) [d](../gioi-thieu/)\n<img src=\"hinh/khong.png\" alt=\"\">\n\
                 [e](plans/kh-1) [f](indicators/ky-nang-so) [g](files/a%zz.pdf)\n";
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\nChưa xong.\n";
    let post = "+++\ntitle = \"Bài\"\ndate = 2026-04-15\n+++\n![Ảnh](hinh-khong.png)\n";
    let progress = std::fs::read_to_string(common::fixture("basic").join(PROGRESS)).unwrap().replace(
        "note = \"Đã tổ chức 2 lớp.\"\nevidence = [{ title = \"Công văn số 12/VP\", url = \"https://example.gov.vn/cv12.pdf\" }]",
        "note = \"Xem [công văn](files/khong.pdf), [a](khong.pdf) và [a](khong.pdf).\"\nevidence = [\n  { title = \"a\", url = \"files/none.pdf\" },\n  \
         { title = \"b\", url = \"https://x.vn/%zz\" },\n]",
    );
    let site = site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some(about.as_bytes())),
            ("content/nhap.md", Some(draft.as_bytes())),
            ("content/updates/2026-Q1/ket-qua.md", Some(post.as_bytes())),
            ("content/hinh/logo.png", Some(&png())),
            (PROGRESS, Some(progress.as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let about = "content/gioi-thieu.md";
    assert_reports(&stderr, "the link `../hinh/logo.png` climbs with `..` above content/", &format!("{about}:4:1"));
    assert_reports(&stderr, "names content/files/khong-co.pdf, which does not exist", &format!("{about}:4:26"));
    // Said as a sentence: the link leads nowhere, and why.
    assert_reports(
        &stderr,
        "the link `/plans/khong-co/` leads nowhere: there is no plan `khong-co`",
        &format!("{about}:5:1"),
    );
    assert_reports(&stderr, "names content/nhap.md, but the site has no page `nhap/`", &format!("{about}:5:23"));
    assert_reports(&stderr, "the link `../gioi-thieu/` climbs with `..`", &format!("{about}:5:36"));
    assert!(stderr.contains("did you mean `/gioi-thieu/` (from content/, the site's root)?"), "{stderr}");
    assert_reports(&stderr, "the link `hinh/khong.png` names content/hinh/khong.png", &format!("{about}:6:11"));
    assert_reports(&stderr, "the link `files/a%zz.pdf` holds a `%`", &format!("{about}:7:44"));
    assert_reports(
        &stderr,
        "names content/updates/2026-Q1/hinh-khong.png, which does not exist",
        "content/updates/2026-Q1/ket-qua.md:5:1",
    );
    assert!(
        stderr.contains("accepted: a path from content/updates/2026-Q1/ (the folder of the file) to a file"),
        "{stderr}"
    );
    assert_reports(&stderr, "the link `files/khong.pdf` names content/files/khong.pdf", &format!("{PROGRESS}:24:13"));
    // The same link twice in one note: each at its own place.
    assert_reports(&stderr, "the link `khong.pdf` names content/khong.pdf", &format!("{PROGRESS}:24:42"));
    assert_reports(&stderr, "the link `khong.pdf` names content/khong.pdf", &format!("{PROGRESS}:24:60"));
    assert_reports(&stderr, "the link `files/none.pdf` names content/files/none.pdf", &format!("{PROGRESS}:26:25"));
    assert_reports(
        &stderr,
        "evidence links cannot hold a `%` that is not followed by two",
        &format!("{PROGRESS}:27:24"),
    );
    assert!(stderr.contains("\n13 error(s)"), "every problem at once:\n{stderr}");
}

/// What `check` says of a site where `content/gioi-thieu.md` links to `link`, a post written
/// only in English (`content/updates/2026-Q1/ban-tin.en.md`, with a part "Part 1"), with
/// `site_toml` for its site.toml when given; the link's own error is asserted.
fn linking_to_a_post_in_english_only(site_toml: Option<&str>, link: &str) -> String {
    let about = format!("+++\ntitle = \"Giới thiệu\"\n+++\nXem [bài]({link}).\n");
    let english = "+++\ntitle = \"Bulletin\"\ndate = 2026-03-15\n+++\n## Part 1\n";
    let mut files = vec![
        ("content/gioi-thieu.md", Some(about.as_bytes())),
        ("content/updates/2026-Q1/ban-tin.en.md", Some(english.as_bytes())),
    ];
    files.extend(site_toml.map(|t| ("site.toml", Some(t.as_bytes()))));
    let site = site_from("basic", &files);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let missing = "names content/updates/2026-Q1/ban-tin.md, which does not exist";
    assert_reports(&stderr, missing, "content/gioi-thieu.md:4:5");
    stderr
}

#[test]
fn a_link_to_a_text_written_only_in_another_language_names_the_file_to_link_to() {
    let stderr = linking_to_a_post_in_english_only(None, "updates/2026-Q1/ban-tin.md#muc-1");
    let hint = "the text is written only as content/updates/2026-Q1/ban-tin.en.md: link to `updates/2026-Q1/ban-tin.en.md#muc-1`";
    assert!(stderr.contains(hint), "{stderr}");
}

/// The same on a site that puts English first: an English text is still named `x.en.md`, and
/// the link from a Vietnamese text to one written only in English is told that name (it was
/// looked for under the names of the languages after the first, here `x.vi.md`).
#[test]
fn a_link_to_a_text_written_only_in_english_names_its_file_on_an_english_first_site() {
    let site_toml = "title = \"Minh bạch\"\ntitle_en = \"Transparency\"\nlanguages = [\"en\", \"vi\"]\n\
                     current_period = \"2026-Q2\"\n";
    let stderr = linking_to_a_post_in_english_only(Some(site_toml), "updates/2026-Q1/ban-tin.md");
    let hint =
        "the text is written only as content/updates/2026-Q1/ban-tin.en.md: link to `updates/2026-Q1/ban-tin.en.md`";
    assert!(stderr.contains(hint), "{stderr}");
}

/// On a site in Vietnamese only, a text written only in English is no page: the link is not
/// told to lead to it (which would then be reported as a page the site does not make).
#[test]
fn a_site_in_one_language_does_not_point_a_link_to_a_text_in_another() {
    let site_toml = "title = \"Minh bạch\"\nlanguage = \"vi\"\ncurrent_period = \"2026-Q2\"\n";
    let stderr = linking_to_a_post_in_english_only(Some(site_toml), "updates/2026-Q1/ban-tin.md");
    assert!(!stderr.contains("the text is written only as"), "{stderr}");
}

/// A tag written over the lines of an HTML block (Markdown gives the block a line at a time)
/// is read whole, as the page shows it: a link in it that leads nowhere is an error at its place.
#[test]
fn a_link_of_a_tag_written_over_lines_of_an_html_block_is_checked() {
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\nẢnh:\n\n<div><img src=\"hinh/khong.png\"\n  alt=\"Ảnh\"> \
                 <a href=\"files/khong.pdf\">a</a> <a href=\"files/khong.pdf\">b</a></div>\n\n\
                 > <p>\n> <img alt=\"x\"\n>  src=\"hinh/khong-nua.png\"></p>\n";
    let site = site_from("basic", &[("content/gioi-thieu.md", Some(about.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let about = "content/gioi-thieu.md";
    assert_reports(&stderr, "the link `hinh/khong.png` names content/hinh/khong.png", &format!("{about}:6:16"));
    // The same link twice: each at its own place.
    assert_reports(&stderr, "the link `files/khong.pdf` names content/files/khong.pdf", &format!("{about}:7:23"));
    assert_reports(&stderr, "the link `files/khong.pdf` names content/files/khong.pdf", &format!("{about}:7:55"));
    assert_reports(&stderr, "the link `hinh/khong-nua.png` names", &format!("{about}:11:9"));
    assert!(stderr.contains("\n4 error(s)"), "{stderr}");
}

/// A link to a part of a page written in Markdown names one of its headings; one that names
/// none is a warning at the link, with the anchor meant when it is close (GitHub keeps the
/// diacritics that the site's anchors fold).
#[test]
fn a_link_to_no_heading_of_a_page_is_a_warning_at_its_place() {
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\n## Cách tính trạng thái\n\n\
                 [a](#cách-tính-trạng-thái) [b](#cach-tinh-trang-thai) [c](lien-he.md#khong)\n\
                 <a href=\"#muc-khong-co\">d</a> <a href=\"#cach-tinh-trang-thai\">e</a>\n";
    let progress = std::fs::read_to_string(common::fixture("basic").join(PROGRESS)).unwrap().replace(
        "note = \"Đã tổ chức 2 lớp.\"",
        "note = \"Xem [mục](/plans/kh-1/#s-9) và [mục 1](/plans/kh-1/#s-1).\"",
    );
    let post = "+++\ntitle = \"Bài\"\ndate = 2026-04-15\n+++\n[x](../../gioi-thieu.md#phuong-phap) \
                [y](/gioi-thieu/#cach-tinh-trang-thai) [z](/plans/kh-1/#bat-ky) [w](/plans/kh-1/#t-1.9)\n";
    let site = site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some(about.as_bytes())),
            ("content/lien-he.md", Some("+++\ntitle = \"Liên hệ\"\n+++\nĐiện thoại.\n".as_bytes())),
            ("content/updates/2026-Q1/ket-qua.md", Some(post.as_bytes())),
            (PROGRESS, Some(progress.as_bytes())),
            ("content/plans/kh-1.md", Some("[a](#t-1.1) [b](#t-7) [c](#h-tasks)\n".as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "warnings only: {stderr}");
    // A progress note's link to a section of a plan is looked at too.
    assert_reports(&stderr, "the link `/plans/kh-1/#s-9` names no section of plan `kh-1`", &format!("{PROGRESS}:"));
    let at = "content/gioi-thieu.md";
    assert_reports(&stderr, "the link `#cách-tính-trạng-thái` names no heading of this page", &format!("{at}:6:1"));
    assert!(stderr.contains("did you mean `#cach-tinh-trang-thai`?"), "{stderr}");
    assert_reports(
        &stderr,
        "`lien-he.md#khong` names no heading of content/lien-he.md (it has no heading)",
        &format!("{at}:6:55"),
    );
    assert_reports(
        &stderr,
        "`../../gioi-thieu.md#phuong-phap` names no heading of content/gioi-thieu.md (its headings are #cach-tinh-trang-thai)",
        "content/updates/2026-Q1/ket-qua.md:5:1",
    );
    // A plan's page has an anchor for each task: a renumbered task is named, with the closest.
    assert_reports(
        &stderr,
        "the link `/plans/kh-1/#t-1.9` names no task of plan `kh-1`",
        "content/updates/2026-Q1/ket-qua.md:5:",
    );
    assert!(stderr.contains("did you mean `#t-1.1`?"), "{stderr}");
    // Written in HTML, a link to a part of the page is looked at as in Markdown.
    assert_reports(&stderr, "the link `#muc-khong-co` names no heading of this page", &format!("{at}:7:10"));
    // Anchors that are there, and other parts of pages made from the data, are not named.
    assert_eq!(stderr.matches("names no heading").count(), 4, "{stderr}");
    // A plan's commentary links to the plan's own tasks; the theme's parts are not looked at.
    assert_reports(&stderr, "the link `#t-7` names no task of plan `kh-1`", "content/plans/kh-1.md:1:13");
    assert_eq!(stderr.matches("names no task").count() + stderr.matches("names no section").count(), 3, "{stderr}");
}

#[test]
fn pages_with_links_footnotes_and_evidence_are_valid_html_and_accessible() {
    if !common::browser_checks_ready(true) {
        return;
    }
    let site = linked_site(&[]);
    let (_dir, out) = build(site.path());
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let pages = [
        "index.html",
        "en/index.html",
        "gioi-thieu/index.html",
        "updates/2026-Q1/ket-qua/index.html",
        "plans/kh-1/index.html",
        "en/plans/kh-1/index.html",
        "units/vp/index.html",
        "periods/2026-Q2/index.html",
        "indicators/ky-nang-so/index.html",
    ];
    let mut args = vec![browser.join("check.mjs").to_string_lossy().into_owned(), out.to_string_lossy().into_owned()];
    args.extend(pages.iter().map(|p| p.to_string()));
    let result = std::process::Command::new("node").args(&args).current_dir(&browser).output().unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{report}\n{}", String::from_utf8_lossy(&result.stderr));
    assert!(report.contains(&format!("browser checks: {} pages, 0 problem(s)", pages.len())), "{report}");
}

/// A site built as of an earlier period (a snapshot, `--as-of`) has no pages of later periods:
/// a link to one leads to the live site's page when the site has a `base_url`, and is an
/// error naming what to do when it has none; the files beside later posts are not published.
#[test]
fn a_site_as_of_an_earlier_period_links_later_pages_to_the_live_site() {
    let post = "+++\ntitle = \"Quý II\"\ndate = 2026-07-10\n+++\n## Mục\n\n![Ảnh](anh.png)\n";
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\nXem [bài quý II](updates/2026-Q2/quy-2.md#muc) và [kỳ](/periods/2026-Q2/).\n";
    let site = site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some(about.as_bytes())),
            ("content/updates/2026-Q2/quy-2.md", Some(post.as_bytes())),
            ("content/updates/2026-Q2/anh.png", Some(&png())),
        ],
    );
    let root = site.path().to_str().unwrap();
    let out = minhbach(&["check", "--root", root, "--as-of", "2026-Q1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_reports(
        &stderr,
        "which the site as of `2026-Q1` does not have; set `base_url`",
        "content/gioi-thieu.md:4:5",
    );
    assert_reports(&stderr, "leads to `periods/2026-Q2/`", "content/gioi-thieu.md:4:");
    // The live site is fine either way.
    assert_eq!(check(site.path()).0, 0);
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(site.path().join("site.toml"), format!("base_url = \"https://example.gov.vn/nq57/\"\n{config}"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("q1");
    let out = minhbach(&["build", "--root", root, "--output", target.to_str().unwrap(), "--as-of", "2026-Q1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let page = std::fs::read_to_string(target.join("gioi-thieu/index.html")).unwrap();
    assert!(page.contains("href=\"https://example.gov.vn/nq57/updates/2026-Q2/quy-2/#muc\""), "{page}");
    assert!(page.contains("href=\"https://example.gov.vn/nq57/periods/2026-Q2/\""), "{page}");
    assert!(!target.join("updates/2026-Q2").exists(), "nothing of the later period is published");
    let (_, broken) = broken(&target);
    assert!(broken.is_empty(), "{broken:?}");
}

/// From a page in another language, a later page of the live site is linked in that language
/// when the live site makes it there (a period's page always, a post when it is translated),
/// as links within the site are; a post written in one language only is linked in that one.
#[test]
fn a_later_page_of_the_live_site_is_linked_in_the_readers_language() {
    let post = "+++\ntitle = \"Quý II\"\ndate = 2026-07-10\n+++\nBài.\n";
    let post_en = "+++\ntitle = \"Q2\"\ndate = 2026-07-10\n+++\nPost.\n";
    let links = "[post](updates/2026-Q2/quy-2.md) [address](/updates/2026-Q2/quy-2/) [only](updates/2026-Q2/chi-viet.md) [period](/periods/2026-Q2/)";
    let about = format!("+++\ntitle = \"Giới thiệu\"\n+++\n{links}\n");
    let about_en = format!("+++\ntitle = \"About\"\n+++\n{links}\n");
    let site = site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some(about.as_bytes())),
            ("content/gioi-thieu.en.md", Some(about_en.as_bytes())),
            ("content/updates/2026-Q2/quy-2.md", Some(post.as_bytes())),
            ("content/updates/2026-Q2/quy-2.en.md", Some(post_en.as_bytes())),
            ("content/updates/2026-Q2/chi-viet.md", Some(post.as_bytes())),
        ],
    );
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    std::fs::write(site.path().join("site.toml"), format!("base_url = \"https://example.gov.vn/nq57/\"\n{config}"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("q1");
    let root = site.path().to_str().unwrap();
    let out = minhbach(&["build", "--root", root, "--output", target.to_str().unwrap(), "--as-of", "2026-Q1"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let live = "https://example.gov.vn/nq57/";
    let en = std::fs::read_to_string(target.join("en/gioi-thieu/index.html")).unwrap();
    for href in [
        format!("{live}en/updates/2026-Q2/quy-2/\" rel=\"noopener noreferrer\">post"),
        format!("{live}en/updates/2026-Q2/quy-2/\" rel=\"noopener noreferrer\">address"),
        format!("{live}updates/2026-Q2/chi-viet/\" rel=\"noopener noreferrer\">only"),
        format!("{live}en/periods/2026-Q2/\" rel=\"noopener noreferrer\">period"),
    ] {
        assert!(en.contains(&href), "{href} not in {en}");
    }
    let vi = std::fs::read_to_string(target.join("gioi-thieu/index.html")).unwrap();
    for href in [
        format!("{live}updates/2026-Q2/quy-2/\" rel=\"noopener noreferrer\">post"),
        format!("{live}updates/2026-Q2/chi-viet/\" rel=\"noopener noreferrer\">only"),
        format!("{live}periods/2026-Q2/\" rel=\"noopener noreferrer\">period"),
    ] {
        assert!(vi.contains(&href), "{href} not in {vi}");
    }
}

/// A file beside a later period's posts is published with them: a page published now that
/// links to it would show a broken link until then, and is refused; the later post itself links
/// to it freely.
#[test]
fn a_link_now_to_a_file_of_a_later_periods_posts_is_refused() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml")).unwrap()
        + "\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nstart = 2026-07-01\nend = 2026-09-30\n";
    let later_post = "+++\ntitle = \"Quý III\"\ndate = 2026-10-05\n+++\n![Ảnh](anh.png)\n";
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\nXem ![ảnh](updates/2026-Q3/anh.png).\n";
    let site = site_from(
        "basic",
        &[
            ("data/periods.toml", Some(periods.as_bytes())),
            ("content/updates/2026-Q3/bai.md", Some(later_post.as_bytes())),
            ("content/updates/2026-Q3/anh.png", Some(&png())),
            ("content/gioi-thieu.md", Some(about.as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(
        &stderr,
        "names content/updates/2026-Q3/anh.png, which is published with the posts of period `2026-Q3`, after `2026-Q2`, the current period",
        "content/gioi-thieu.md:4:5",
    );
    assert!(stderr.contains("goes outside updates/2026-Q3/"), "{stderr}");
    assert!(!stderr.contains("content/updates/2026-Q3/bai.md:"), "the later post's own link is fine: {stderr}");
    // Linked from outside its folder, the file is published now; the later post still finds it.
    std::fs::create_dir_all(site.path().join("content/files")).unwrap();
    std::fs::rename(site.path().join("content/updates/2026-Q3/anh.png"), site.path().join("content/files/anh.png"))
        .unwrap();
    std::fs::write(site.path().join("content/gioi-thieu.md"), about.replace("updates/2026-Q3/", "files/")).unwrap();
    std::fs::write(
        site.path().join("content/updates/2026-Q3/bai.md"),
        later_post.replace("(anh.png)", "(/files/anh.png)"),
    )
    .unwrap();
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "{stderr}");
}

/// A report's note that links to a file beside a later period's posts passes on the live site,
/// which publishes that file; the snapshot of the report's own period does not, and is refused.
/// The check says so before then, as a warning at the link.
#[test]
fn a_report_linking_to_a_later_periods_file_is_warned_before_its_snapshot() {
    let q1 = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q1.toml")).unwrap()
        + "note = \"Xem [biên bản](updates/2026-Q2/bien-ban.pdf).\"\n";
    let site = site_from(
        "basic",
        &[
            ("data/progress/2026-Q1.toml", Some(q1.as_bytes())),
            ("content/updates/2026-Q2/bien-ban.pdf", Some(b"%PDF-1.4\n".as_slice())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "a warning, not an error: {stderr}");
    assert_reports(
        &stderr,
        "names content/updates/2026-Q2/bien-ban.pdf, which is published with the posts of period `2026-Q2`: the snapshot of `2026-Q1`",
        "data/progress/2026-Q1.toml:",
    );
    assert!(stderr.contains("warning"), "{stderr}");
    // What it warns of: the snapshot of the report's period is refused.
    let out = minhbach(&["snapshot", "2026-Q1", "--root", site.path().to_str().unwrap()]);
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("updates/2026-Q2/bien-ban.pdf"));
    // Moved out of the posts' folder, the file is in every snapshot: no warning.
    std::fs::create_dir_all(site.path().join("content/files")).unwrap();
    std::fs::rename(
        site.path().join("content/updates/2026-Q2/bien-ban.pdf"),
        site.path().join("content/files/bien-ban.pdf"),
    )
    .unwrap();
    std::fs::write(site.path().join("data/progress/2026-Q1.toml"), q1.replace("updates/2026-Q2/", "files/")).unwrap();
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("bien-ban.pdf"), "{stderr}");
}

/// A note's link is said where the note writes it, even when the same words come earlier in
/// the record (in the figure's source).
#[test]
fn a_notes_broken_link_is_said_in_the_note_not_where_its_words_first_appear() {
    let progress = std::fs::read_to_string(common::fixture("basic").join(PROGRESS)).unwrap().replace(
        "indicator = \"thu-hang\"\nvalue = 10",
        "indicator = \"thu-hang\"\nvalue = 10\nsource = \"Bảng khong-co.pdf\"\nnote = \"Xem <a href=\\\"khong-co.pdf\\\">bảng</a>.\"",
    );
    let site = site_from("basic", &[(PROGRESS, Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let line = progress.lines().position(|l| l.starts_with("note = \"Xem <a")).unwrap() + 1;
    let column = progress.lines().nth(line - 1).unwrap().find("khong-co.pdf").unwrap() + 1;
    assert_reports(
        &stderr,
        "the link `khong-co.pdf` names content/khong-co.pdf",
        &format!("{PROGRESS}:{line}:{column}"),
    );
}
