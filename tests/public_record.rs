//! The built sites say what their documents say and no more: a figure, or anything computed from
//! one, that is illustrative is marked wherever it is shown or put in words; a gap is said, never
//! left blank; and what browsers and search engines are told agrees with the pages.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default site, whose reports of 2025-Q4 to 2026-Q3 are wholly illustrative
/// (`sample = true`) and whose 2025-Q3 report is not.
fn default_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT.get_or_init(|| common::build_to_shared(Path::new(env!("CARGO_MANIFEST_DIR")), "public-record-default")).1
}

/// The small fixture: in 2026-Q2 one value of three is illustrative; in 2026-Q1 a value names
/// no source.
fn basic_site() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT.get_or_init(|| common::build_to_shared(&common::fixture("basic"), "public-record-basic")).1
}

/// The site's own pages: not the archived snapshots under `archive/<period>/`, which are kept
/// as they were published (and signed).
fn live_pages(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let mut pages = common::html_files(dir);
    pages.retain(|path, _| !path.starts_with("archive/") || path == "archive/index.html");
    pages
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The text from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)?;
    let rest = &html[from..];
    Some(&rest[..rest.find(end).map_or(rest.len(), |i| i + end.len())])
}

/// The text after `start` up to the next `end`, neither included.
fn inside<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &html[html.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// The paragraph that says a period's report was received.
fn report_line<'a>(html: &'a str, lang: &str, date: &str) -> &'a str {
    let received = if lang == "en" { "Report received" } else { "Đã nhận báo cáo" };
    html.match_indices(received)
        .map(|(i, _)| &html[i..i + html[i..].find("</p>").unwrap()])
        .find(|line| line.contains(date))
        .unwrap_or_else(|| panic!("no report line dated {date}"))
}

const BADGE: &str = "<span class=\"badge sample\"";

#[test]
fn what_changed_in_an_illustrative_period_is_badged() {
    let dir = default_site();
    for prefix in ["", "en/"] {
        for period in ["2026-Q2", "2026-Q3"] {
            let folder = dir.join(format!("{prefix}periods/{period}"));
            // The period's page and the pages of its lists of changes.
            let mut lists: Vec<String> = Vec::new();
            let page = read(dir, &format!("{prefix}periods/{period}/index.html"));
            lists.push(between(&page, "<section aria-labelledby=\"h-changes\">", "</section>").unwrap().to_string());
            for e in walkdir::WalkDir::new(&folder).into_iter().filter_map(Result::ok) {
                let rel = e.path().strip_prefix(&folder).unwrap().to_string_lossy().to_string();
                if ["status-changes", "completed", "revisions"].iter().any(|f| rel.starts_with(f))
                    && rel.ends_with(".html")
                {
                    let html = std::fs::read_to_string(e.path()).unwrap();
                    lists.push(between(&html, "<ul class=\"plain-list\">", "</ul>").unwrap().to_string());
                }
            }
            let mut rows = 0;
            for list in &lists {
                for row in list.split("<li>").skip(1) {
                    rows += 1;
                    // Every figure and status here comes from the period's illustrative report.
                    if let Some((_, to)) = row.split_once('→') {
                        assert!(to.contains(BADGE), "{prefix}{period}: new status without its badge: {row}");
                    } else if let Some((_, now)) = row.split_once("<strong>") {
                        assert!(now.contains(BADGE), "{prefix}{period}: revised figure without its badge: {row}");
                    } else {
                        assert!(row.contains(BADGE), "{prefix}{period}: completion without its badge: {row}");
                    }
                }
            }
            assert!(rows > 3, "{prefix}{period}: only {rows} changes");
        }
    }
}

#[test]
fn a_report_says_how_much_of_it_is_illustrative() {
    let dir = default_site();
    for (prefix, lang, whole) in
        [("", "vi", "Toàn bộ báo cáo này là số liệu minh họa"), ("en/", "en", "This whole report is illustrative")]
    {
        let list = read(dir, &format!("{prefix}periods/index.html"));
        for (period, date, sample) in [
            ("2025-Q3", if lang == "en" { "26 Aug 2025" } else { "26/8/2025" }, false),
            ("2026-Q2", if lang == "en" { "10 Jul 2026" } else { "10/7/2026" }, true),
            ("2026-Q3", if lang == "en" { "12 Oct 2026" } else { "12/10/2026" }, true),
        ] {
            let page = read(dir, &format!("{prefix}periods/{period}/index.html"));
            for line in [report_line(&list, lang, date), report_line(&page, lang, date)] {
                assert_eq!(line.contains(BADGE), sample, "{prefix}{period}: {line}");
                assert_eq!(line.contains(whole), sample, "{prefix}{period}: {line}");
            }
        }
    }
    // Partly illustrative: how much of it is counted.
    let dir = basic_site();
    for (prefix, lang, part, q2, q1) in [
        ("", "vi", "1 trên 3 giá trị của báo cáo này là số liệu minh họa", "8/7/2026", "10/4/2026"),
        ("en/", "en", "Illustrative, not official figures: 1 of 3 values in this report.", "8 Jul 2026", "10 Apr 2026"),
    ] {
        let list = read(dir, &format!("{prefix}periods/index.html"));
        let page = read(dir, &format!("{prefix}periods/2026-Q2/index.html"));
        for line in [report_line(&list, lang, q2), report_line(&page, lang, q2)] {
            assert!(line.contains(BADGE) && line.contains(part), "{prefix}: {line}");
        }
        assert!(!report_line(&list, lang, q1).contains(BADGE));
    }
}

#[test]
fn a_task_with_no_unit_named_says_so_where_it_is_missing() {
    let dir = default_site();
    for (prefix, none) in [("", "Văn bản không giao đơn vị cụ thể"), ("en/", "The document names no unit")]
    {
        let mut said = 0;
        for e in walkdir::WalkDir::new(dir.join(format!("{prefix}periods"))).into_iter().filter_map(Result::ok) {
            if e.path().extension().is_some_and(|x| x == "html") {
                let html = std::fs::read_to_string(e.path()).unwrap();
                assert!(!html.contains("— </li>"), "{}: a dash followed by nothing", e.path().display());
                if e.path().to_string_lossy().contains("/missing/") {
                    said += html.matches(none).count();
                }
            }
        }
        assert!(said > 0, "{prefix}: no missing task says that the document names no unit");
    }
}

/// Every task's note in its document (the plan file's `note`) is published: on its plan's page
/// in both languages, beside the task, and in the open data.
#[test]
fn a_task_s_note_in_its_document_is_published() {
    let dir = default_site();
    let escaped = |s: &str| {
        s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
    };
    let tasks: serde_json::Value = serde_json::from_str(&read(dir, "data/tasks.json")).unwrap();
    let mut notes = 0;
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plans");
    for entry in std::fs::read_dir(plans).unwrap() {
        let plan: toml::Value = toml::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let id = plan["id"].as_str().unwrap();
        for task in plan.get("task").and_then(|t| t.as_array()).into_iter().flatten() {
            let Some(note) = task.get("note").and_then(|n| n.as_str()) else { continue };
            let task_id = task["id"].as_str().unwrap();
            notes += 1;
            for (prefix, label) in [("", "Ghi chú của văn bản"), ("en/", "The document&#39;s note")] {
                let html = read(dir, &format!("{prefix}plans/{id}/index.html"));
                let li = between(&html, &format!("id=\"t-{task_id}\""), "</li>")
                    .unwrap_or_else(|| panic!("{prefix}plans/{id}: no task {task_id}"));
                assert!(
                    li.contains(&format!("<dt>{label}</dt><dd lang=\"vi\">{}</dd>", escaped(note)))
                        || (prefix.is_empty() && li.contains(&format!("<dt>{label}</dt><dd>{}</dd>", escaped(note)))),
                    "{prefix}plans/{id}, task {task_id}: its note is not shown:\n{li}"
                );
            }
            let record = tasks
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["plan"] == id && t["id"] == task_id)
                .unwrap_or_else(|| panic!("tasks.json: no {id}/{task_id}"));
            assert_eq!(record["doc_note"].as_str(), Some(note), "tasks.json: {id}/{task_id}");
        }
    }
    assert!(notes > 10, "the default site's documents have notes: {notes}");
    let csv = read(dir, "data/tasks.csv");
    assert!(csv.lines().next().unwrap().contains(",doc_note,"), "tasks.csv has the column");
}

/// An indicator the documents give no unit for says so; a status computed from illustrative
/// figures is badged beside the words that explain it, not only beside the status itself.
#[test]
fn an_indicator_page_says_what_is_missing_and_what_is_illustrative() {
    let dir = default_site();
    for (prefix, owner, none) in [
        ("", "Đơn vị chịu trách nhiệm", "Văn bản không giao đơn vị cụ thể"),
        ("en/", "Responsible unit", "The document names no unit"),
    ] {
        let html = read(dir, &format!("{prefix}indicators/ho-so-dien-tu/index.html"));
        assert!(html.contains(&format!("<dt>{owner}</dt><dd><em>{none}</em></dd>")), "{prefix}ho-so-dien-tu: {html}");
        let mut badged = 0;
        for e in std::fs::read_dir(dir.join(format!("{prefix}indicators"))).unwrap().filter_map(Result::ok) {
            let Ok(html) = std::fs::read_to_string(e.path().join("index.html")) else { continue };
            let Some(status) = between(&html, "</h1>", "<dl class=\"facts\">") else { continue };
            let explain = between(&html, "<p class=\"explain\">", "</p>").unwrap();
            // The status's own badge says illustrative ("title" of its sample badge) when it is.
            let illustrative = status.contains("<span class=\"badge st-") && status.contains(BADGE);
            let has_sample = html.contains(BADGE);
            if illustrative {
                badged += 1;
                assert!(explain.contains(BADGE), "{prefix}{:?}: {explain}", e.file_name());
            } else if !has_sample {
                assert!(!explain.contains(BADGE), "{prefix}{:?}: {explain}", e.file_name());
            }
        }
        assert!(badged > 0, "{prefix}: no indicator's status is illustrative");
        // Two figures for one milestone (95% in the targets, 100% in the appendix): both said,
        // and which one the status is measured against.
        let html = read(dir, &format!("{prefix}indicators/so-hoa-ho-so-tthc/index.html"));
        let explain = between(&html, "<p class=\"explain\">", "</p>").unwrap();
        assert!(explain.contains("≥ 95%") && explain.contains("≥ 100%"), "{prefix}: {explain}");
        // A target for every year says so in lists too, as on the indicator's page.
        let every = if prefix.is_empty() { "Mục tiêu 2026 (hằng năm)" } else { "Target 2026 (every year)" };
        assert!(read(dir, &format!("{prefix}plans/bql-57-2026/index.html")).contains(every), "{prefix}: {every}");
    }
}

#[test]
fn a_value_with_no_source_says_so() {
    let dir = basic_site();
    for (prefix, none) in [("", "Báo cáo không nêu nguồn"), ("en/", "The report names no source")] {
        for page in ["indicators/thu-hang/index.html", "periods/2026-Q1/index.html"] {
            let html = read(dir, &format!("{prefix}{page}"));
            assert!(html.contains(none), "{prefix}{page} does not say that no source was named");
        }
    }
    for (name, dir) in [("basic", basic_site()), ("default", default_site())] {
        for (page, html) in live_pages(dir) {
            for label in ["Nguồn", "Source"] {
                assert!(
                    !html.contains(&format!("data-label=\"{label}\"></td>")),
                    "{name}: {page}: an empty source cell"
                );
            }
        }
    }
}

#[test]
fn words_about_illustrative_figures_say_they_are_illustrative() {
    let dir = default_site();
    for (prefix, all, some) in [
        ("", "Các số liệu này là số liệu minh họa", "Một phần số liệu là số liệu minh họa"),
        ("en/", "These figures are illustrative", "Some of these figures are illustrative"),
    ] {
        let says = |text: &str| text.contains(all) || text.contains(some);
        let list = read(dir, &format!("{prefix}indicators/index.html"));
        let (mut with, mut without) = (0, 0);
        for e in std::fs::read_dir(dir.join(format!("{prefix}indicators"))).unwrap().filter_map(Result::ok) {
            let id = e.file_name().to_string_lossy().to_string();
            let Ok(html) = std::fs::read_to_string(e.path().join("index.html")) else { continue };
            let Some(values) = between(&html, "<section aria-labelledby=\"h-values\">", "</section>") else { continue };
            // What the page's table badges is what its words must say.
            let sample = values.contains(BADGE);
            if sample {
                with += 1
            } else {
                without += 1
            }
            let og = inside(&html, "<meta property=\"og:description\" content=\"", "\"").unwrap();
            assert_eq!(says(og), sample, "{prefix}{id}: {og}");
            let desc = inside(&html, "<desc id=\"ch-", "</desc>").unwrap();
            assert_eq!(says(desc), sample, "{prefix}{id}: {desc}");
            let embed = read(dir, &format!("{prefix}indicators/{id}/embed/index.html"));
            let desc = inside(&embed, "<desc id=\"ch-", "</desc>").unwrap();
            assert_eq!(says(desc), sample, "{prefix}{id}/embed: {desc}");
            let spark = format!("indicators/{id}/spark.svg\" alt=\"");
            if let Some(alt) = inside(&list, &spark, "\"") {
                assert_eq!(says(alt), sample, "{prefix}{id}: small chart: {alt}");
            }
        }
        assert!(with > 0 && without > 0, "{prefix}: {with} indicators with illustrative figures, {without} without");
    }
}

#[test]
fn no_two_landmarks_share_a_name() {
    for (page, html) in live_pages(default_site()) {
        let mut names: Vec<String> = Vec::new();
        for (i, _) in html.match_indices("<section aria-labelledby=\"") {
            names.push(html[i..].split('"').nth(1).unwrap().to_string());
        }
        for (i, _) in html.match_indices("role=\"region\"") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            let name = inside(tag, "aria-labelledby=\"", "\"").or_else(|| inside(tag, "aria-label=\"", "\""));
            names.push(name.unwrap_or_else(|| panic!("{page}: a region with no name: {tag}")).to_string());
        }
        let mut seen = std::collections::BTreeSet::new();
        for n in &names {
            assert!(seen.insert(n), "{page}: two landmarks are named by {n}");
        }
    }
}

#[test]
fn scrolling_code_can_be_reached_by_keyboard_and_is_named() {
    let dir = default_site();
    let mut blocks = 0;
    for (page, html) in live_pages(dir) {
        for (i, _) in html.match_indices("<pre") {
            let tag = &html[i..i + html[i..].find('>').unwrap()];
            blocks += 1;
            assert!(tag.contains("tabindex=\"0\""), "{page}: {tag}");
            assert!(inside(tag, "aria-label=\"", "\"").is_some_and(|n| !n.trim().is_empty()), "{page}: {tag}");
        }
    }
    assert!(blocks >= 4, "only {blocks} code blocks");
}

#[test]
fn the_sitemap_lists_no_page_that_asks_not_to_be_indexed() {
    let dir = default_site();
    let sitemap = read(dir, "sitemap.xml");
    let config = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("site.toml")).unwrap();
    let base = inside(&config, "base_url = \"", "\"").unwrap();
    let mut listed = 0;
    for (i, _) in sitemap.match_indices("<loc>") {
        let loc = &sitemap[i + 5..i + sitemap[i..].find("</loc>").unwrap()];
        // The address after the site's base, as a file of the output.
        let path = loc.strip_prefix(base).unwrap_or_else(|| panic!("{loc} is not under {base}"));
        let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
        let html = std::fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{loc} -> {file}: {e}"));
        assert!(!html.contains("content=\"noindex\""), "{loc} asks not to be indexed");
        listed += 1;
    }
    assert!(listed > 100, "only {listed} pages listed");
    // Such pages exist, and are left out.
    assert!(read(dir, "indicators/phu-song-5g/embed/index.html").contains("content=\"noindex\""));
    assert!(!sitemap.contains("/embed/"));
}

#[test]
fn a_shared_post_is_previewed_by_its_own_summary() {
    for (page, summary) in [
        (
            "updates/2025-Q3/ke-hoach-hanh-dong/index.html",
            "Kế hoạch hành động thực hiện Nghị quyết 57 đặt các chỉ tiêu đến năm 2025, 2030, 2035, 2040 và 2045.",
        ),
        (
            "en/updates/2025-Q3/ke-hoach-hanh-dong/index.html",
            "The action plan for Resolution 57 sets targets for 2025, 2030, 2035, 2040 and 2045.",
        ),
    ] {
        let html = read(default_site(), page);
        assert_eq!(inside(&html, "<meta property=\"og:description\" content=\"", "\""), Some(summary), "{page}");
        assert_eq!(inside(&html, "<meta name=\"description\" content=\"", "\""), Some(summary), "{page}");
    }
}

#[test]
fn a_shared_plan_or_unit_is_previewed_by_what_the_documents_assign_it() {
    let site = default_site();
    let pages = live_pages(site);
    let mut seen = 0;
    for (path, html) in &pages {
        let kind = ["plans/", "units/", "en/plans/", "en/units/"].into_iter().find(|k| {
            path.strip_prefix(k).is_some_and(|rest| rest.matches('/').count() == 1 && rest.ends_with("/index.html"))
        });
        if kind.is_none() {
            continue;
        }
        seen += 1;
        let og = inside(html, "<meta property=\"og:description\" content=\"", "\"").unwrap();
        let first = if path.starts_with("en/") { "Task" } else { "Nhiệm vụ" };
        assert!(og.starts_with(first), "{path}: {og}");
        assert!(og.chars().any(|c| c.is_ascii_digit()), "{path}: {og}");
        assert_eq!(inside(html, "<meta name=\"description\" content=\"", "\""), Some(og), "{path}");
    }
    assert!(seen > 20, "plan and unit pages: {seen}");
}

#[test]
fn a_report_partly_illustrative_says_so_in_words_with_their_spaces() {
    // The theme's separator " và " is its spaces: a string file's text is not trimmed.
    let report = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml")).unwrap();
    let report = report.replace("percent = 40\n", "percent = 40\nsample = true\n");
    let site = common::site_from("basic", &[("data/progress/2026-Q2.toml", Some(report.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let vi = std::fs::read_to_string(out.join("periods/2026-Q2/index.html")).unwrap();
    assert!(vi.contains("giá trị và 1 trên"), "{vi}");
    let en = std::fs::read_to_string(out.join("en/periods/2026-Q2/index.html")).unwrap();
    assert!(en.contains("values and 1 of"), "{en}");
}

#[test]
fn the_formats_deadline_keywords_are_said_in_the_pages_language() {
    // `ongoing`, `annual`, `on_request` are the format's words, not the document's: a page says
    // them in its language; the document's own words stay as written.
    let plan = std::fs::read_to_string(common::fixture("basic").join("data/plans/kh-1.toml")).unwrap();
    for (keyword, vi, en) in [
        ("ongoing", "Thường xuyên", "Ongoing"),
        ("annual", "Hằng năm", "Every year"),
        ("on_request", "Theo yêu cầu", "On request"),
    ] {
        let plan = plan.replace("due = \"Quý I\"", &format!("due = \"{keyword}\""));
        let site = common::site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
        let (_dir, out) = common::build_to_temp(site.path());
        let page = std::fs::read_to_string(out.join("plans/kh-1/index.html")).unwrap();
        assert!(page.contains(&format!("<dt>Thời hạn</dt><dd>{vi}")), "{keyword}: {page}");
        assert!(!page.contains(&format!(">{keyword}")), "{keyword}: {page}");
        let page = std::fs::read_to_string(out.join("en/plans/kh-1/index.html")).unwrap();
        assert!(page.contains(&format!("<dt>Deadline</dt><dd>{en}")), "{keyword}: {page}");
    }
}

#[test]
fn too_little_data_is_explained_by_its_cause_and_a_target_by_a_date_without_a_figure_says_so() {
    // A baseline and a target, but the latest figure is of the baseline's own day: the page
    // says that, not that a baseline or a second figure is missing.
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replace("baseline = { at = \"2025\", value = 40", "baseline = { at = \"2026-06-30\", value = 40");
    let site = common::site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("cùng ngày với giá trị cơ sở (30/6/2026)"), "{page}");
    assert!(!page.contains("cần giá trị cơ sở hoặc ít nhất hai"), "{page}");
    // A milestone passed with no figure by its date: the table says it was not measured by
    // then, which the status "missed" (judged on a later figure) does not contradict.
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi
        .replacen("by = \"2026\"", "by = \"2025\"", 1)
        .replace("at = \"2025\", value = 40", "at = \"2024\", value = 40");
    let site = common::site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("Không có số liệu đến mốc"), "{page}");
    let page = std::fs::read_to_string(out.join("en/indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("No figure by this date"), "{page}");
}

/// The basic fixture with the first indicator's target moved to "≥ 55 by 2025", which the 50
/// reported for the end of 2025 missed and the 61 of mid-2026 meets; `kpi` and `q2` edit the
/// indicators and the second quarter's progress further.
fn met_late_site(kpi: impl Fn(String) -> String, q2: impl Fn(String) -> String) -> tempfile::TempDir {
    let read = |path: &str| std::fs::read_to_string(common::fixture("basic").join(path)).unwrap();
    let indicators = read("data/indicators/kpi.toml")
        .replacen("by = \"2026\"\nop = \">=\"\nvalue = 80", "by = \"2025\"\nop = \">=\"\nvalue = 55", 1)
        .replace("at = \"2025\", value = 40", "at = \"2024\", value = 40");
    let q1 = read("data/progress/2026-Q1.toml").replacen("value = 50\n", "value = 50\nas_of = 2025-12-31\n", 1);
    let (indicators, q2) = (kpi(indicators), q2(read("data/progress/2026-Q2.toml")));
    common::site_from(
        "basic",
        &[
            ("data/indicators/kpi.toml", Some(indicators.as_bytes())),
            ("data/progress/2026-Q1.toml", Some(q1.as_bytes())),
            ("data/progress/2026-Q2.toml", Some(q2.as_bytes())),
        ],
    )
}

/// A target missed at its date and met by a later value: the status says achieved, and the
/// targets table says both, so the two do not read as a contradiction.
#[test]
fn a_target_missed_at_its_date_and_met_since_says_both() {
    let site = met_late_site(|kpi| kpi, |q2| q2);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    // 50 at the end of 2025 missed "≥ 55"; 61 (an illustrative figure) at mid-2026 meets it.
    assert!(page.contains("Không đạt; giá trị mới nhất (30/6/2026) đã đạt <span class=\"badge sample\""), "{page}");
    assert!(page.contains("class=\"badge st-achieved\""), "{page}");
    let page = std::fs::read_to_string(out.join("en/indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("Missed; met by the latest value (30 Jun 2026)"), "{page}");
    let data = std::fs::read_to_string(out.join("data/indicators.json")).unwrap();
    assert!(data.contains("\"met_late\": \"2026-06-30\""), "{data}");
    // The miss at the end of 2025 was judged on an official figure; the 61 met since is not one.
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    let indicator = data.as_array().unwrap().iter().find(|i| i["id"] == "ky-nang-so").unwrap();
    let target = &indicator["targets"][0];
    assert_eq!((&target["outcome_illustrative"], &target["met_late_illustrative"]), (&false.into(), &true.into()));
}

/// An indicator's row of `data/indicators.csv`, by column name.
fn indicators_csv_row(out: &Path, id: &str) -> std::collections::BTreeMap<String, String> {
    let mut csv = csv::Reader::from_path(out.join("data/indicators.csv")).unwrap();
    let header = csv.headers().unwrap().clone();
    let row = csv.records().map(Result::unwrap).find(|r| &r[0] == id).unwrap();
    header.iter().map(String::from).zip(row.iter().map(String::from)).collect()
}

/// The CSV has one row per indicator and its status reads `achieved`: the row says too that
/// its only target was missed at its date, on an official figure, and met since by an
/// illustrative one, as the JSON's targets do.
#[test]
fn the_csv_says_a_target_was_missed_at_its_date_and_met_since() {
    let site = met_late_site(|kpi| kpi, |q2| q2);
    let (_dir, out) = common::build_to_temp(site.path());
    let row = indicators_csv_row(&out, "ky-nang-so");
    assert_eq!((row["status"].as_str(), row["target_by"].as_str()), ("achieved", "2025"), "{row:?}");
    let outcome = ["target_outcome", "target_outcome_illustrative", "target_met_late", "target_met_late_illustrative"]
        .map(|column| row[column].as_str());
    assert_eq!(outcome, ["missed", "false", "2026-06-30", "true"], "{row:?}");
    assert_eq!(row["missed_targets"], "2025 >= 55: missed, met late 2026-06-30 (illustrative)", "{row:?}");
}

/// With a later target ahead, the table still says the earlier one was met late, while the
/// status follows the later one, as the format says: on track, not achieved. An official
/// latest value has no illustrative badge, here or in the open data.
#[test]
fn a_target_met_since_with_another_ahead_leaves_the_status_to_that_one() {
    let later = |kpi: String| {
        let first = "framework = { op = \">=\", value = 70 }\n";
        assert!(kpi.contains(first));
        kpi.replacen(first, &format!("{first}\n[[indicator.target]]\nby = \"2030\"\nop = \">=\"\nvalue = 90\n"), 1)
    };
    let site = met_late_site(later, |q2| q2.replacen("value = 61\nsample = true\n", "value = 61\n", 1));
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("Không đạt; giá trị mới nhất (30/6/2026) đã đạt</td>"), "{page}");
    assert!(page.contains("class=\"badge st-on_track\"") && !page.contains("st-achieved"), "{page}");
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("data/indicators.json")).unwrap()).unwrap();
    let indicator = data.as_array().unwrap().iter().find(|i| i["id"] == "ky-nang-so").unwrap();
    assert_eq!(indicator["status"], "on_track");
    let targets = indicator["targets"].as_array().unwrap();
    assert_eq!((&targets[0]["outcome"], &targets[0]["met_late"]), (&"missed".into(), &"2026-06-30".into()));
    assert_eq!(
        (&targets[0]["outcome_illustrative"], &targets[0]["met_late_illustrative"]),
        (&false.into(), &false.into())
    );
    assert_eq!((&targets[1]["outcome"], &targets[1]["met_late"]), (&"pending".into(), &serde_json::Value::Null));
    // The CSV's status target is the one ahead; the earlier miss is still in its row.
    let row = indicators_csv_row(&out, "ky-nang-so");
    assert_eq!((row["target_by"].as_str(), row["target_outcome"].as_str()), ("2030", "pending"), "{row:?}");
    assert_eq!((row["target_met_late"].as_str(), row["target_met_late_illustrative"].as_str()), ("", "false"));
    assert_eq!(row["missed_targets"], "2025 >= 55: missed, met late 2026-06-30", "{row:?}");
}

#[test]
fn a_shared_illustrative_post_says_so_in_its_preview() {
    let post = std::fs::read_to_string(common::fixture("basic").join("content/updates/2026-Q1/ket-qua.md")).unwrap();
    let post = post.replacen("+++\n", "+++\nsample = true\n", 1);
    let site = common::site_from("basic", &[("content/updates/2026-Q1/ket-qua.md", Some(post.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("updates/2026-Q1/ket-qua/index.html")).unwrap();
    assert!(page.contains("<meta property=\"og:title\" content=\"Kết quả quý I/2026 (Minh họa)\">"), "{page}");
    let list = std::fs::read_to_string(out.join("updates/index.html")).unwrap();
    assert!(!list.contains("(Minh họa)\">"), "the list of posts is not illustrative: {list}");
}

/// A value's note may be more than a line of text (a list, a table): it is a block of its
/// own in the table's cell, never a block inside an inline element.
#[test]
fn a_value_note_of_several_blocks_stays_valid_html() {
    let progress = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml")).unwrap();
    let noted = progress.replacen(
        "source = \"Báo cáo quý II (điều chỉnh)\"\n",
        "source = \"Báo cáo quý II (điều chỉnh)\"\nnote = \"Điều chỉnh vì:\\n\\n- số liệu mới\\n- cách tính mới\"\n",
        1,
    );
    assert_ne!(noted, progress);
    let site = common::site_from("basic", &[("data/progress/2026-Q2.toml", Some(noted.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let html = read(&out, "indicators/ky-nang-so/index.html");
    let at = html.find("số liệu mới").expect("the note is shown");
    let before = &html[..at];
    let opened = before.rfind("<div class=\"muted\"").expect("the note is a block");
    assert!(before.rfind("<span class=\"muted\"").is_none_or(|s| s < opened), "{}", &html[opened..at + 40]);
    assert!(html[opened..].contains("<ul>"), "{}", &html[opened..at + 40]);
}

/// One of one is said in the singular: a report's only task report, illustrative.
#[test]
fn one_of_one_is_said_in_the_singular() {
    let progress = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml")).unwrap();
    let sample = progress.replacen("status = \"in_progress\"\n", "status = \"in_progress\"\nsample = true\n", 1);
    assert_ne!(sample, progress);
    let site = common::site_from("basic", &[("data/progress/2026-Q2.toml", Some(sample.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = read(&out, "en/periods/2026-Q2/index.html");
    let said = "Illustrative, not official figures: 1 of 3 values and 1 of 1 task report in this report.";
    assert!(page.contains(said), "{}", report_line(&page, "en", "8 Jul 2026"));
}

/// A figure first published as illustrative and revised later keeps its badge where the page
/// shows it struck through: it was never an official figure.
#[test]
fn a_revised_illustrative_figure_keeps_its_badge() {
    let first = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q1.toml")).unwrap();
    let first = first.replacen("value = 50\n", "value = 50\nsample = true\n", 1);
    let site = common::site_from("basic", &[("data/progress/2026-Q1.toml", Some(first.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    for (prefix, badge) in [("", "Minh họa"), ("en/", "Illustrative")] {
        let html = read(&out, &format!("{prefix}indicators/ky-nang-so/index.html"));
        let struck = between(&html, "<del", "</span>").unwrap_or_else(|| panic!("{prefix}: no first figure:\n{html}"));
        assert!(
            struck.contains("50%</del> <span class=\"badge sample\"") && struck.contains(badge),
            "{prefix}: {struck}"
        );
    }
}

#[test]
fn a_target_for_every_year_is_named_by_the_year_it_is_judged_for() {
    // First set for 2025, judged in 2026: "the 2026 target", not the 2025 one, with the date.
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replacen("at = \"2025\", value = 40", "at = \"2024\", value = 40", 1).replacen(
        "by = \"2026\"\nop = \">=\"\nvalue = 80",
        "by = \"2025\"\nevery = \"year\"\nop = \">=\"\nvalue = 80",
        1,
    );
    assert!(kpi.contains("every = \"year\""), "the fixture changed");
    let root = common::site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (_out, dir) = common::build_to_temp(root.path());
    for (prefix, judged, first) in [
        ("", "Mục tiêu 2026 (hằng năm từ 2025)", "Mục tiêu 2025"),
        ("en/", "Target 2026 (every year since 2025)", "Target 2025"),
    ] {
        let html = read(&dir, &format!("{prefix}indicators/ky-nang-so/index.html"));
        let explain = between(&html, "<p class=\"explain\">", "</p>").unwrap();
        assert!(
            explain.contains("2026") && !explain.contains("2025 target") && !explain.contains("Năm 2025"),
            "{prefix}: {explain}"
        );
        let list = read(&dir, &format!("{prefix}indicators/index.html"));
        assert!(list.contains(judged) && !list.contains(first), "{prefix}: the list names {first}");
        // The year it was first set for keeps its outcome once the next year has begun.
        let said = if prefix.is_empty() {
            "2025: Không có số liệu đến mốc; 2026: Chưa đến hạn"
        } else {
            "2025: No figure by this date; 2026: Not yet due"
        };
        assert!(html.contains(said), "{prefix}: the targets table does not say {said}");
    }
    let csv = read(&dir, "data/indicators.csv");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let missed = rows.headers().unwrap().iter().position(|h| h == "missed_targets").unwrap();
    let row = rows.records().map(Result::unwrap).find(|r| &r[0] == "ky-nang-so").unwrap();
    assert_eq!(&row[missed], "2025 >= 80: no_data", "{csv}");
    let json: serde_json::Value = serde_json::from_str(&read(&dir, "data/indicators.json")).unwrap();
    let years = &json[0]["targets"][0]["earlier_years"];
    assert_eq!(years, &serde_json::json!([{ "year": 2025, "outcome": "no_data", "illustrative": false }]), "{json}");
}

/// A target for every year, whose latest figure is of the year before: that year's outcome
/// stands, and this year's status waits for a figure of this year rather than taking last
/// year's for it.
#[test]
fn a_target_for_every_year_is_not_judged_this_year_on_last_year_s_figure() {
    let fixture = |path: &str| std::fs::read_to_string(common::fixture("basic").join(path)).unwrap();
    let kpi = fixture("data/indicators/kpi.toml").replacen("at = \"2025\", value = 40", "at = \"2024\", value = 40", 1);
    let kpi = kpi.replacen(
        "by = \"2026\"\nop = \">=\"\nvalue = 80",
        "by = \"2025\"\nevery = \"year\"\nop = \">=\"\nvalue = 80",
        1,
    );
    let q1 = fixture("data/progress/2026-Q1.toml").replacen("value = 50\n", "value = 85\nas_of = 2025-12-31\n", 1);
    let q2 = fixture("data/progress/2026-Q2.toml");
    let q2 = q2.split("\n[[").filter(|block| !block.contains("ky-nang-so")).collect::<Vec<_>>().join("\n[[");
    assert!(kpi.contains("every") && q1.contains("2025-12-31") && !q2.contains("ky-nang-so"), "the fixture changed");
    let root = common::site_from(
        "basic",
        &[
            ("data/indicators/kpi.toml", Some(kpi.as_bytes())),
            ("data/progress/2026-Q1.toml", Some(q1.as_bytes())),
            ("data/progress/2026-Q2.toml", Some(q2.as_bytes())),
        ],
    );
    let (_out, dir) = common::build_to_temp(root.path());
    for (prefix, status, why, table) in [
        ("", "Chưa đủ dữ liệu", "Chưa có giá trị nào của năm 2026 được báo cáo", "2025: Đạt; 2026: Chưa đến hạn"),
        ("en/", "Insufficient data", "No value of 2026 has been reported yet", "2025: Met; 2026: Not yet due"),
    ] {
        let html = read(&dir, &format!("{prefix}indicators/ky-nang-so/index.html"));
        let explain = between(&html, "<p class=\"explain\">", "</p>").unwrap();
        assert!(explain.contains(why), "{prefix}: {explain}");
        assert!(html.contains(status) && html.contains(table), "{prefix}: status or targets table");
    }
    let json: serde_json::Value = serde_json::from_str(&read(&dir, "data/indicators.json")).unwrap();
    assert_eq!(json[0]["status"], "insufficient_data", "{}", json[0]);
    assert_eq!(json[0]["basis"]["awaiting_year"], 2026, "{}", json[0]);
    assert_eq!(json[0]["targets"][0]["earlier_years"][0]["outcome"], "met", "{}", json[0]);
}

#[test]
fn a_period_page_says_when_a_later_report_revised_a_figure_it_shows() {
    // 2026-Q1 reported 85% for 31/3/2026; the 2026-Q2 report revised it to 84.2%. The Q1 page
    // still shows what Q1 reported, and says what the figure is now and where it changed.
    let site = default_site();
    let q1 = read(site, "periods/2026-Q1/index.html");
    let start = "<tr><th scope=\"row\"><a href=\"../../indicators/so-hoa-ho-so-tthc/index.html\">";
    let row = between(&q1, start, "</tr>").expect("the figure's row");
    assert!(row.contains("85% "), "{row}");
    assert!(
        row.contains(
            "<span class=\"badge plain\">Đã điều chỉnh</span> nay là \
             <a href=\"../../indicators/so-hoa-ho-so-tthc/index.html#h-values\">84,2%</a>"
        ) && row.contains("(kỳ Quý II/2026)"),
        "{row}"
    );
    let en = read(site, "en/periods/2026-Q1/index.html");
    let start = "<tr><th scope=\"row\"><a href=\"../../../en/indicators/so-hoa-ho-so-tthc/index.html\">";
    let row = between(&en, start, "</tr>").expect("the figure's row");
    assert!(
        row.contains("<span class=\"badge plain\">Revised</span> now") && row.contains("(published Q2 2026)"),
        "{row}"
    );
    // The period that made the revision shows its own figure, unmarked.
    let q2 = read(site, "periods/2026-Q2/index.html");
    assert!(!q2.contains("Đã điều chỉnh</span> nay là"), "the latest figures are not revised later");
}

/// A value the document does not print, derived from elsewhere, is marked as such in the open
/// data as on the pages: no date reaches a reuser as if the document printed it.
#[test]
fn an_inferred_value_is_marked_in_the_open_data() {
    let dir = default_site();
    let tasks: serde_json::Value = serde_json::from_str(&read(dir, "data/tasks.json")).unwrap();
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/plans");
    let mut inferred = 0;
    for entry in std::fs::read_dir(plans).unwrap() {
        let plan: toml::Value = toml::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        let id = plan["id"].as_str().unwrap();
        for task in plan.get("task").and_then(|t| t.as_array()).into_iter().flatten() {
            let task_id = task["id"].as_str().unwrap();
            let record = tasks.as_array().unwrap().iter().find(|t| t["plan"] == id && t["id"] == task_id).unwrap();
            let given = task.get("inferred").and_then(|i| i.as_table()).cloned().unwrap_or_default();
            inferred += given.len();
            let recorded = record["inferred"].as_object().expect("every record says what is inferred");
            assert_eq!(recorded.len(), given.len(), "{id}/{task_id}");
            for (field, from) in &given {
                assert_eq!(recorded[field].as_str(), from.as_str(), "{id}/{task_id}: {field}");
            }
        }
    }
    assert!(inferred > 5, "the default site's plans have inferred deadlines: {inferred}");
    let csv = read(dir, "data/tasks.csv");
    assert!(csv.lines().next().unwrap().ends_with(",inferred"), "tasks.csv has the column");
    assert!(csv.contains("due: Tiêu đề mục III.2.1: “Đến hết năm 2025”"), "and fills it");
}

/// A value past the far bound of a target range is not within it, so not achieved, while P,
/// measured to the nearer bound, may be large: the page says so rather than leave the status
/// to be read as praise or blame.
#[test]
fn a_value_beyond_a_target_range_is_said_to_be_outside_it() {
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replacen("op = \">=\"\nvalue = 80\n", "op = \"between\"\nvalue = [50, 55]\n", 1).replacen(
        "framework = { op = \">=\", value = 70 }\n",
        "",
        1,
    );
    assert!(kpi.contains("value = [50, 55]"));
    let site = common::site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (_out, dir) = common::build_to_temp(site.path());
    // 40 in 2025, 61 (illustrative) in 2026-Q2: past 55.
    let page = read(&dir, "indicators/ky-nang-so/index.html");
    assert!(page.contains("Giá trị mới nhất nằm ngoài khoảng mục tiêu"), "{page}");
    let en = read(&dir, "en/indicators/ky-nang-so/index.html");
    assert!(
        en.contains("past the bound farther from the baseline, so it does not count as achieved; P is measured to the bound nearer the baseline."),
        "{en}"
    );
    // Within the range, nothing of the kind is said.
    let within = kpi.replacen("value = [50, 55]", "value = [50, 65]", 1);
    let site = common::site_from("basic", &[("data/indicators/kpi.toml", Some(within.as_bytes()))]);
    let (_out, dir) = common::build_to_temp(site.path());
    assert!(!read(&dir, "indicators/ky-nang-so/index.html").contains("nằm ngoài khoảng mục tiêu"));
}
