//! Citizens on phones: link previews on every page, share pictures, embeds, and (in headless
//! Chromium) chart text size, overlapping labels, sideways scrolling and the indicator list's
//! height at 375 px and 1280 px. Counts are read from the built site, never hard-coded, because
//! the default site's data keeps growing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const BASE: &str = "https://example.gov.vn/nq57/";

fn build_default(out: &Path) {
    let r = common::minhbach(&[
        "build",
        "--quiet",
        "--root",
        env!("CARGO_MANIFEST_DIR"),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        BASE,
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

/// The content of `<meta property|name="key" content="…">`, if the page has one.
fn meta(html: &str, key: &str) -> Option<String> {
    for attr in ["property", "name"] {
        let needle = format!("<meta {attr}=\"{key}\" content=\"");
        if let Some(i) = html.find(&needle) {
            let rest = &html[i + needle.len()..];
            return rest.find('"').map(|e| rest[..e].to_string());
        }
    }
    None
}

/// Width and height from a PNG's header, or `None` when the bytes are not a PNG.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

/// The live site's pages (snapshots under archive/ are frozen as they were published).
fn live_pages(out: &Path) -> Vec<(String, String)> {
    common::html_files(out).into_iter().filter(|(p, _)| !p.starts_with("archive/")).collect()
}

#[test]
fn every_page_shares_well_and_pictures_are_pngs_of_1200_by_630() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_default(&out);
    let pages = live_pages(&out);
    assert!(pages.len() > 50, "the default site has many pages");
    let mut pictured = 0;
    for (path, html) in &pages {
        for key in ["og:title", "og:description", "og:url", "og:locale", "twitter:card"] {
            let v = meta(html, key).unwrap_or_else(|| panic!("{path} has no {key}"));
            assert!(!v.trim().is_empty(), "{path}: empty {key}");
        }
        let url = meta(html, "og:url").unwrap();
        assert_eq!(url, format!("{BASE}{}", path.trim_end_matches("index.html")), "{path}: og:url");
        let locale = if path.starts_with("en/") { "en_US" } else { "vi_VN" };
        assert_eq!(meta(html, "og:locale").as_deref(), Some(locale), "{path}");
        let rel = path.strip_prefix("en/").unwrap_or(path);
        let parts: Vec<&str> = rel.split('/').collect();
        let indicator_page = parts.len() == 3 && parts[0] == "indicators" && html.contains("class=\"chart wide\"");
        let needs_picture = rel == "index.html" || indicator_page;
        match meta(html, "og:image") {
            Some(image) => {
                assert!(needs_picture, "{path} has a picture it was not meant to have");
                let file = image.strip_prefix(BASE).unwrap_or_else(|| panic!("{path}: og:image {image} not absolute"));
                let bytes = std::fs::read(out.join(file)).unwrap_or_else(|e| panic!("{path}: {file}: {e}"));
                assert_eq!(png_size(&bytes), Some((1200, 630)), "{file}");
                assert_eq!(meta(html, "twitter:card").as_deref(), Some("summary_large_image"), "{path}");
                pictured += 1;
            }
            None => assert!(!needs_picture, "{path} has no og:image"),
        }
    }
    let indicators =
        pages.iter().filter(|(p, _)| p.starts_with("indicators/") && p.ends_with("/embed/index.html")).count();
    assert!(indicators > 0);
    // Each indicator in two languages, and the two home pages.
    assert_eq!(pictured, 2 * indicators + 2);
}

#[test]
fn share_pictures_are_byte_identical_between_builds() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_default(&a);
    build_default(&b);
    let pngs: Vec<PathBuf> = walkdir::WalkDir::new(&a)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "share.png" && !e.path().starts_with(a.join("archive")))
        .map(|e| e.path().strip_prefix(&a).unwrap().to_path_buf())
        .collect();
    assert!(pngs.len() > 2);
    for p in pngs {
        assert!(std::fs::read(a.join(&p)).unwrap() == std::fs::read(b.join(&p)).unwrap(), "{} differs", p.display());
    }
}

#[test]
fn embeds_link_back_and_indicator_pages_offer_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_default(&out);
    let pages = live_pages(&out);
    let embeds: Vec<&(String, String)> = pages.iter().filter(|(p, _)| p.ends_with("/embed/index.html")).collect();
    assert!(!embeds.is_empty());
    for (path, html) in embeds {
        assert!(html.contains("role=\"img\""), "{path}: the chart");
        assert!(html.contains("href=\"../index.html\" target=\"_top\""), "{path}: links back");
        assert!(!html.contains("class=\"main-nav"), "{path}: no navigation");
        let page = path.replace("embed/index.html", "index.html");
        let parent = &pages.iter().find(|(p, _)| *p == page).unwrap().1;
        let code = format!("&lt;iframe src=&quot;{BASE}{}&quot;", path.trim_end_matches("index.html"));
        assert!(parent.contains(&code) || parent.contains(&code.replace("&quot;", "\"")), "{page}: embed code");
        assert!(parent.contains("<textarea id=\"embed-code\" readonly"), "{page}");
    }
}

#[test]
fn the_embed_code_keeps_a_name_with_quotes_and_tags_inside_its_title() {
    // The code is text to copy: what the reader copies must itself be valid HTML, so the
    // name is escaped for the attribute, and that again for the page.
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replace("name = \"Tỷ lệ cán bộ có kỹ năng số\"", r#"name = "Tỷ lệ \"DTI\" & <b>x</b> it's""#);
    let site = common::site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = common::minhbach(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        BASE,
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    let start = page.find("<textarea id=\"embed-code\" readonly rows=\"3\">").expect("the embed code");
    let code = &page[start..];
    let code = &code[code.find('>').unwrap() + 1..code.find("</textarea>").unwrap()];
    // What the reader sees and copies: the textarea's text, its character references read.
    let copied = code
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    assert!(
        copied.contains(" title=\"Tỷ lệ &quot;DTI&quot; &amp; &lt;b&gt;x&lt;&#x2F;b&gt; it&#x27;s\" width=\"100%\""),
        "{copied}"
    );
    assert!(copied.starts_with("<iframe src=\"") && copied.ends_with("></iframe>"), "{copied}");
}

#[test]
fn a_site_without_base_url_builds_and_warns_that_shares_have_no_picture() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = common::minhbach(&[
        "build",
        "--root",
        common::fixture("basic").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("no `base_url`") && stderr.contains("no picture"), "{stderr}");
    for (path, html) in common::html_files(&out) {
        assert!(meta(&html, "og:url").is_none() && meta(&html, "og:image").is_none(), "{path}");
        assert!(meta(&html, "og:title").is_some() && meta(&html, "twitter:card").is_some(), "{path}");
    }
    assert!(!walkdir::WalkDir::new(&out).into_iter().any(|e| e.unwrap().file_name() == "share.png"));
}

/// In headless Chromium (skipped like tests/browser.rs when it is missing): every visible
/// chart's smallest text is at least 12 CSS px and no two of its labels overlap, no page
/// scrolls sideways (from a 320 px phone up: WCAG's reflow), and the indicator list is at most
/// 12,000 px tall on a phone.
#[test]
fn charts_and_lists_read_well_at_320_375_and_1280_px() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(false) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_default(&out);
    // Every indicator page with a chart, both home pages, every plan page, the lists.
    let mut pages: Vec<String> = live_pages(&out)
        .into_iter()
        .filter(|(p, html)| {
            let rel = p.strip_prefix("en/").unwrap_or(p);
            rel == "index.html"
                || rel == "indicators/index.html"
                || rel == "plans/index.html"
                || (rel.starts_with("plans/") && rel.matches('/').count() == 2)
                || (rel.starts_with("indicators/") && html.contains("class=\"chart wide\""))
        })
        .map(|(p, _)| p)
        .collect();
    pages.sort();
    let mut args =
        vec![browser_dir.join("phone.mjs").to_string_lossy().into_owned(), out.to_string_lossy().into_owned()];
    args.extend(pages.iter().cloned());
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    let mut problems = Vec::new();
    let mut measured = 0;
    let mut chart_texts = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (page, width) = (v["page"].as_str().unwrap(), v["width"].as_u64().unwrap());
        measured += 1;
        if v["scrollsSideways"].as_bool().unwrap() {
            problems.push(format!("{page}@{width}: scrolls sideways"));
        }
        for c in v["charts"].as_array().unwrap() {
            // Text is measured from a 375 px phone up; at 320 px nothing may scroll sideways.
            if let Some(size) = c["smallest"].as_f64().filter(|_| width >= 375) {
                chart_texts += 1;
                if size < 12.0 {
                    problems.push(format!("{page}@{width}: chart {} has text at {size:.1} px", c["id"]));
                }
            }
            for o in c["overlaps"].as_array().unwrap() {
                problems.push(format!("{page}@{width}: chart {} labels overlap: {o}", c["id"]));
            }
        }
        for c in v["narrowCaptions"].as_array().unwrap() {
            problems.push(format!("{page}@{width}: a table's title is squeezed: {c}"));
        }
        if page.trim_start_matches("en/") == "indicators/index.html" && width == 375 {
            let h = v["height"].as_f64().unwrap();
            if h > 12_000.0 {
                problems.push(format!("{page}@375: {h} px tall"));
            }
        }
    }
    assert_eq!(measured, pages.len() * 3, "{stdout}");
    assert!(chart_texts > 0, "no chart text was measured");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Names and units with no place to break (`người/vạn_dân_…`, a long code) wrap on a phone
/// instead of pushing the page sideways.
#[test]
fn long_unbroken_names_wrap_on_a_phone() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(false) {
        return;
    }
    let long = "người/vạn_dân_ABCDEFGHIJKLMNOPQRSTUVWXYZ_ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replacen("unit = \"%\"", &format!("unit = \"{long}\""), 1);
    let units = std::fs::read_to_string(common::fixture("basic").join("data/units.toml")).unwrap();
    let units = units.replacen("name = \"Văn phòng Ban Quản lý\"", &format!("name = \"VănPhòng_{long}\""), 1).replacen(
        "aliases = [\"VP BQL\", \"Văn phòng\"]",
        "aliases = [\"VP BQL\", \"Văn phòng\", \"Văn phòng Ban Quản lý\"]",
        1,
    );
    assert!(units.contains(long), "the fixture's unit was renamed");
    // A post with a table and a code block wider than any phone: they scroll on their own.
    let cells: String = (1..=9).map(|i| format!(" Chỉ tiêu số {i} năm 2026 |")).collect();
    let post = format!(
        "+++\ntitle = \"Bảng số liệu\"\ndate = 2026-04-20\n+++\n|{cells}\n|{}\n|{cells}\n\n```\n{}\n```\n",
        "---|".repeat(9),
        "x".repeat(300)
    );
    let site = common::site_from(
        "basic",
        &[
            ("data/indicators/kpi.toml", Some(kpi.as_bytes())),
            ("data/units.toml", Some(units.as_bytes())),
            ("content/updates/2026-Q1/bang.md", Some(post.as_bytes())),
        ],
    );
    let (_dir, out) = common::build_to_temp(site.path());
    let pages = [
        "indicators/ky-nang-so/index.html",
        "indicators/index.html",
        "plans/kh-1/index.html",
        "units/vp/index.html",
        "updates/2026-Q1/bang/index.html",
    ];
    let mut args =
        vec![browser_dir.join("phone.mjs").to_string_lossy().into_owned(), out.to_string_lossy().into_owned()];
    args.extend(pages.iter().map(|p| p.to_string()));
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    let sideways: Vec<String> = stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["scrollsSideways"].as_bool().unwrap())
        .map(|v| format!("{}@{}", v["page"], v["width"]))
        .collect();
    assert_eq!(stdout.lines().count(), pages.len() * 3, "{stdout}");
    assert!(sideways.is_empty(), "{sideways:?}");
    // The table and the code block can be scrolled from the keyboard, and are valid HTML.
    if common::browser_checks_ready(true) {
        let check = browser_dir.join("check.mjs").to_string_lossy().into_owned();
        let args = [check.as_str(), out.to_str().unwrap(), "updates/2026-Q1/bang/index.html"];
        let result = Command::new("node").args(args).current_dir(&browser_dir).output().unwrap();
        let stdout = String::from_utf8_lossy(&result.stdout);
        assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    }
}

/// A post's table with short headings over a column of figures and a long last column keeps
/// its headings' words whole on a phone: the theme's rule that lets its own tables' headings
/// break anywhere squeezed this one's "Điểm" to "Điể" / "m", although the table scrolls in a box
/// of its own.
#[test]
fn a_texts_table_keeps_its_headings_words_whole_on_a_phone() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(false) {
        return;
    }
    let post = "+++\ntitle = \"Wi-Fi công cộng\"\ndate = 2026-04-20\n+++\n\
                | Phường | Điểm Wi-Fi mới | Tổ dân phố được phủ | Ghi chú dài về tình hình triển khai tại địa bàn |\n\
                |---|---:|---:|---|\n\
                | UBND phường Ngô Quyền | 42 | 61% | Đã hoàn thành giai đoạn 1, chuẩn bị giai đoạn 2 với sự phối hợp của doanh nghiệp viễn thông |\n\
                | UBND phường Lê Chân | 35 | 52% | Đang khảo sát vị trí lắp đặt |\n";
    let site = common::site_from("basic", &[("content/updates/2026-Q1/wifi.md", Some(post.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = "updates/2026-Q1/wifi/index.html";
    let args =
        [browser_dir.join("phone.mjs").to_string_lossy().into_owned(), out.to_string_lossy().into_owned(), page.into()];
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let at = format!("{page}@{}", v["width"]);
        assert!(!v["scrollsSideways"].as_bool().unwrap(), "{at}: scrolls sideways");
        assert_eq!(v["brokenWords"].as_array().unwrap().len(), 0, "{at}: headings' words broken: {}", v["brokenWords"]);
    }
}

/// A 4000 × 10 PNG: wider than any screen, as a scanned document or a wide chart is.
fn wide_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 4000, 10);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[0x80; 4000 * 10]).unwrap();
    writer.finish().unwrap();
    bytes
}

/// Pictures in every kind of text (a post, a free page, a plan's and an indicator's commentary,
/// a task's progress note), Markdown or HTML with its own `width`, fit their column: a picture
/// 4000 px wide makes no page scroll sideways and reaches past no screen, from 320 px up; the
/// lists' small charts keep their size.
#[test]
fn wide_pictures_in_texts_fit_the_column_on_a_phone() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(false) {
        return;
    }
    let png = wide_png();
    assert_eq!(png_size(&png), Some((4000, 10)));
    let post = "+++\ntitle = \"Biểu đồ toàn cảnh\"\ndate = 2026-04-20\n+++\n![Biểu đồ rộng](rong.png)\n\n\
                <p><img src=\"rong.png\" width=\"4000\" height=\"10\" alt=\"Cùng biểu đồ, kích thước ghi sẵn\"></p>\n";
    let page = "+++\ntitle = \"Giới thiệu\"\n+++\n![Bản quét văn bản](/files/rong.png)\n";
    let commentary = "Tiến độ chung:\n\n![Tiến độ](../files/rong.png)\n";
    let progress = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q1.toml")).unwrap();
    let progress =
        progress.replacen("percent = 60", "percent = 60\nnote = \"Ảnh hội nghị: ![Hội nghị](files/rong.png)\"", 1);
    assert!(progress.contains("note = "), "the fixture's task report has a note");
    let site = common::site_from(
        "basic",
        &[
            ("content/updates/2026-Q1/rong.png", Some(&png)),
            ("content/updates/2026-Q1/bieu-do.md", Some(post.as_bytes())),
            ("content/files/rong.png", Some(&png)),
            ("content/gioi-thieu.md", Some(page.as_bytes())),
            ("content/plans/kh-1.md", Some(commentary.as_bytes())),
            ("content/indicators/ky-nang-so.md", Some(commentary.as_bytes())),
            ("data/progress/2026-Q1.toml", Some(progress.as_bytes())),
        ],
    );
    let (_dir, out) = common::build_to_temp(site.path());
    // Each page, and how many of the wide pictures it shows.
    let pages = [
        ("updates/2026-Q1/bieu-do/index.html", 2),
        ("gioi-thieu/index.html", 1),
        ("plans/kh-1/index.html", 2),
        ("indicators/ky-nang-so/index.html", 1),
        ("periods/2026-Q1/index.html", 1),
        ("indicators/index.html", 0),
    ];
    for (page, pictures) in pages {
        let html = std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert_eq!(html.matches("rong.png\"").count(), pictures, "{page}");
    }
    let mut args =
        vec![browser_dir.join("phone.mjs").to_string_lossy().into_owned(), out.to_string_lossy().into_owned()];
    args.extend(pages.iter().map(|(p, _)| p.to_string()));
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(stdout.lines().count(), pages.len() * 3, "{stdout}");
    let mut problems = Vec::new();
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let at = format!("{}@{}", v["page"].as_str().unwrap(), v["width"]);
        if v["scrollsSideways"].as_bool().unwrap() {
            problems.push(format!("{at}: scrolls sideways"));
        }
        for i in v["wideImages"].as_array().unwrap() {
            problems.push(format!("{at}: {} is {} px wide, its right edge at {} px", i["src"], i["width"], i["right"]));
        }
        for src in v["brokenImages"].as_array().unwrap() {
            problems.push(format!("{at}: {src} did not load"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The share pictures, written by the project's own compressor, are read by a browser as
/// exactly the pixels the PNG decoder the project uses reads: every one of the default site's.
#[test]
fn share_pictures_decode_in_a_browser_to_the_pixels_written() {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !common::browser_checks_ready(false) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    build_default(&out);
    let pictures: Vec<PathBuf> = walkdir::WalkDir::new(&out)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "share.png") && !p.starts_with(out.join("archive")))
        .collect();
    assert!(pictures.len() > 100, "{} pictures", pictures.len());
    let mut args = vec![browser_dir.join("pictures.mjs").to_string_lossy().into_owned()];
    args.extend(pictures.iter().map(|p| p.to_string_lossy().into_owned()));
    let result = Command::new("node").args(&args).current_dir(&browser_dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&result.stderr));
    let read: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(read.len(), pictures.len());
    for (path, seen) in pictures.iter().zip(&read) {
        let (width, height, digest) = rgb_digest(path);
        assert_eq!(
            (seen["width"].as_u64(), seen["height"].as_u64(), seen["digest"].as_u64()),
            (Some(width), Some(height), Some(digest)),
            "{}: {seen}",
            path.display()
        );
    }
}

/// A PNG's size and the FNV-1a digest of its pixels' red, green and blue, as `pictures.mjs`
/// takes it.
fn rgb_digest(path: &Path) -> (u64, u64, u64) {
    let mut decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let mut h: u32 = 0x811c_9dc5;
    for px in pixels[..info.buffer_size()].chunks_exact(channels) {
        for &c in &px[..3] {
            h ^= u32::from(c);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    (u64::from(info.width), u64::from(info.height), u64::from(h))
}
