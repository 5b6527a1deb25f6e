//! Choices a keeper of another city may make that the default site does not: what the pages
//! then say must still be what the data says.

mod common;

use std::path::Path;

/// The fixture site `basic` with `extra` appended to some of its files.
fn basic_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let files: Vec<(String, Vec<u8>)> = extra
        .iter()
        .map(|(path, text)| {
            let before = std::fs::read_to_string(common::fixture("basic").join(path)).unwrap_or_default();
            ((*path).to_string(), format!("{before}\n{text}").into_bytes())
        })
        .collect();
    let changes: Vec<(&str, Option<&[u8]>)> = files.iter().map(|(p, b)| (p.as_str(), Some(b.as_slice()))).collect();
    common::site_from("basic", &changes)
}

fn page(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap()
}

/// The sentence that explains an indicator's status.
fn explanation(html: &str) -> &str {
    let start = html.find("<p class=\"explain\">").expect("an explanation");
    let end = start + html[start..].find("</p>").unwrap();
    &html[start..end]
}

/// An indicator for which two documents set different figures for one milestone, 2026-Q1.
const TWO_TARGETS: &str = r#"[[indicator]]
id = "hai-muc-tieu"
name = "Thứ hạng chỉ số cải cách hành chính"
name_en = "Administrative reform rank"
unit = "hạng"
unit_en = "rank"
direction = "decrease"
baseline = { at = "2024", value = 10 }

[[indicator.target]]
by = "2026-Q1"
op = "<="
value = 3
source_ref = "Kế hoạch, mục II"

[[indicator.target]]
by = "2026-Q1"
op = "<"
value = 5
source_ref = "Chương trình, mục I"
"#;

#[test]
fn of_two_targets_for_a_past_milestone_the_status_follows_the_one_listed_first() {
    // Two documents set different figures for the same milestone, which has passed as of the
    // current period (2026-Q2): the page says the status follows the one listed first, and
    // so it must, as it does while the milestone is ahead.
    let site = basic_with(&[
        ("data/indicators/kpi.toml", TWO_TARGETS),
        ("data/progress/2026-Q2.toml", "[[value]]\nindicator = \"hai-muc-tieu\"\nvalue = 4\n"),
    ]);
    let (_dir, out) = common::build_to_temp(site.path());
    let html = page(&out, "en/indicators/hai-muc-tieu/index.html");
    let said = explanation(&html);
    assert!(said.contains("the Q1 2026 target is ≤ 3 rank"), "{said}");
    assert!(said.contains("the status is measured against ≤ 3 rank, the one listed first"), "{said}");
    // 4 does not meet ≤ 3, and its date has passed.
    assert!(html.contains("<span class=\"badge st-missed\""), "{said}");
    assert!(!html.contains("<span class=\"badge st-achieved\""), "{said}");
    let vi = page(&out, "indicators/hai-muc-tieu/index.html");
    assert!(explanation(&vi).contains("trạng thái được tính theo mục tiêu ≤ 3 hạng"), "{}", explanation(&vi));
}

#[test]
fn an_expected_value_too_small_for_two_decimals_is_not_written_as_zero() {
    // A rate measured in thousandths: the value on the path is 0.0033, not 0.
    let site = basic_with(&[
        (
            "data/indicators/kpi.toml",
            r#"[[indicator]]
id = "ty-le-nho"
name = "Tỷ lệ hồ sơ trễ hạn"
name_en = "Share of late files"
unit = "%"
direction = "decrease"
baseline = { at = "2024", value = 0.004 }

[[indicator.target]]
by = "2030"
value = 0.001
"#,
        ),
        ("data/progress/2026-Q2.toml", "[[value]]\nindicator = \"ty-le-nho\"\nvalue = 0.003\n"),
    ]);
    let (_dir, out) = common::build_to_temp(site.path());
    let html = page(&out, "en/indicators/ty-le-nho/index.html");
    assert!(explanation(&html).contains("the expected value now is 0.0033%;"), "{}", explanation(&html));
    let vi = page(&out, "indicators/ty-le-nho/index.html");
    assert!(explanation(&vi).contains("0,0033%"), "{}", explanation(&vi));
}

#[test]
fn the_chart_of_an_indicator_with_no_target_has_no_key_for_targets() {
    let site = basic_with(&[
        (
            "data/indicators/kpi.toml",
            "[[indicator]]\nid = \"khong-muc-tieu\"\nname = \"Số lượt truy cập\"\nunit = \"lượt\"\n",
        ),
        ("data/progress/2026-Q2.toml", "[[value]]\nindicator = \"khong-muc-tieu\"\nvalue = 120\n"),
    ]);
    let (_dir, out) = common::build_to_temp(site.path());
    for path in ["indicators/khong-muc-tieu/index.html", "en/indicators/khong-muc-tieu/index.html"] {
        let html = page(&out, path);
        assert!(html.contains("<ul class=\"legend\">"), "{path}");
        assert!(!html.contains("k-target"), "{path}: the chart draws no target, its key must not show one");
    }
    // An indicator with a target keeps its key.
    assert!(page(&out, "indicators/ky-nang-so/index.html").contains("k-target"));
}

#[test]
fn the_chart_of_an_indicator_with_no_value_says_so_once_and_has_no_key_for_values() {
    let site = basic_with(&[(
        "data/indicators/kpi.toml",
        "[[indicator]]\nid = \"chua-bao-cao-lan-nao\"\nname = \"Số lượt truy cập\"\nunit = \"lượt\"\n\n[[indicator.target]]\nby = \"2030\"\nop = \">=\"\nvalue = 100\n",
    )]);
    let (_dir, out) = common::build_to_temp(site.path());
    for path in ["indicators/chua-bao-cao-lan-nao/index.html", "en/indicators/chua-bao-cao-lan-nao/index.html"] {
        let html = page(&out, path);
        let start = html.find("<desc").expect("the chart's description");
        let desc = &html[start..start + html[start..].find("</desc>").unwrap()];
        let sentences = desc.matches(". ").count() + 1;
        assert_eq!(sentences, 1, "{path}: one sentence says no value was reported: {desc}");
        assert!(
            html.contains("<ul class=\"legend\">") && !html.contains("k-value"),
            "{path}: no key for values none drawn"
        );
    }
    // An indicator with values keeps both.
    let html = page(&out, "indicators/ky-nang-so/index.html");
    assert!(html.contains("k-value"));
}

#[test]
fn the_chart_of_an_indicator_with_only_illustrative_values_has_no_key_for_reported_values() {
    let site = basic_with(&[
        (
            "data/indicators/kpi.toml",
            "[[indicator]]\nid = \"minh-hoa\"\nname = \"Số lượt truy cập\"\nunit = \"lượt\"\n\n[[indicator.target]]\nby = \"2030\"\nop = \">=\"\nvalue = 100\n",
        ),
        ("data/progress/2026-Q2.toml", "[[value]]\nindicator = \"minh-hoa\"\nvalue = 12\nsample = true\n"),
    ]);
    let (_dir, out) = common::build_to_temp(site.path());
    for path in ["indicators/minh-hoa/index.html", "en/indicators/minh-hoa/index.html"] {
        let html = page(&out, path);
        assert!(html.contains("k-sample"), "{path}: the illustrative value has its key");
        assert!(!html.contains("k-value"), "{path}: no official figure is drawn, so none is keyed");
    }
}

/// A description written in English only is shown on English pages, as English, and the
/// Vietnamese page shows none rather than English text.
#[test]
fn a_description_in_english_only_is_shown_on_english_pages() {
    let site = basic_with(&[(
        "data/indicators/kpi.toml",
        "[[indicator]]\nid = \"mo-ta\"\nname = \"Số lượt truy cập\"\nunit = \"lượt\"\ndescription_en = \"Visits counted by the portal.\"\n",
    )]);
    let (_dir, out) = common::build_to_temp(site.path());
    assert!(page(&out, "en/indicators/mo-ta/index.html").contains("<p>Visits counted by the portal.</p>"));
    assert!(!page(&out, "indicators/mo-ta/index.html").contains("Visits counted"));
}

#[test]
fn the_agencies_form_shows_the_target_the_status_is_judged_against() {
    use calamine::Reader;
    let site = basic_with(&[("data/indicators/kpi.toml", TWO_TARGETS)]);
    let form = site.path().join("bieu-mau.xlsx");
    let made = common::minhbach(&[
        "form",
        "2026-Q2",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        form.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let mut book = calamine::open_workbook_auto(&form).unwrap();
    let mut row_of_it = None;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            if cells.iter().any(|c| c == "hai-muc-tieu") {
                row_of_it = Some(cells);
            }
        }
    }
    let row = row_of_it.expect("the indicator's row in the form");
    // Past its milestone, the page judges it by the target listed first: so does the form.
    assert!(row.iter().any(|c| c.starts_with("≤ 3")), "{row:?}");
    assert!(!row.iter().any(|c| c.starts_with("< 5")), "{row:?}");
}

#[test]
fn an_indicator_with_no_value_shows_its_next_target_not_its_last() {
    let targets = "[[indicator.target]]\nby = \"2025\"\nop = \">=\"\nvalue = 10\n\n\
                   [[indicator.target]]\nby = \"2030\"\nop = \">=\"\nvalue = 50\n\n\
                   [[indicator.target]]\nby = \"2045\"\nop = \">=\"\nvalue = 90\n";
    let site = basic_with(&[(
        "data/indicators/kpi.toml",
        &format!("[[indicator]]\nid = \"chua-bao-cao\"\nname = \"Số bài báo\"\nunit = \"bài\"\n\n{targets}"),
    )]);
    let (_dir, out) = common::build_to_temp(site.path());
    // As of 2026-Q2, 2025 has passed: the target in play is 2030's, in lists as on its embed.
    let embed = page(&out, "indicators/chua-bao-cao/embed/index.html");
    assert!(embed.contains("Mục tiêu 2030: ≥ 50 bài") && !embed.contains("2045: ≥ 90"), "{embed}");
    let list = page(&out, "indicators/index.html");
    let row = &list[list.find("chua-bao-cao").expect("its row")..];
    let row = &row[..row.find("</li>").unwrap()];
    assert!(row.contains("≥ 50") && !row.contains("≥ 90"), "{row}");
}

/// A plan transcribed before its tasks, or a site with no plan yet: the pages say there is
/// nothing there, rather than a heading with nothing under it.
#[test]
fn a_plan_without_tasks_and_a_site_without_plans_say_so() {
    let plan = "id = \"kh-2\"\ntitle = \"Kế hoạch chưa nhập nhiệm vụ\"\nissuer = \"Ban Quản lý\"\nyear = 2026\n";
    let site = common::site_from("basic", &[("data/plans/kh-2.toml", Some(plan.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    for (path, nothing) in
        [("plans/kh-2/index.html", "Không có mục nào."), ("en/plans/kh-2/index.html", "Nothing here.")]
    {
        let html = page(&out, path);
        assert!(html.contains(&format!("<p>{nothing}</p>")), "{path}:\n{html}");
    }
    assert!(!page(&out, "plans/kh-1/index.html").contains("<p>Không có mục nào.</p>"), "a plan with tasks");

    let bare = tempfile::tempdir().unwrap();
    for file in ["site.toml", "data/periods.toml"] {
        std::fs::create_dir_all(bare.path().join(file).parent().unwrap()).unwrap();
        std::fs::copy(common::fixture("basic").join(file), bare.path().join(file)).unwrap();
    }
    let (_dir, out) = common::build_to_temp(bare.path());
    for path in ["index.html", "plans/index.html"] {
        let html = page(&out, path);
        assert!(
            html.contains("<p>Không có mục nào.</p>") && !html.contains("<ul class=\"cards wide\">"),
            "{path}:\n{html}"
        );
    }
    assert!(page(&out, "en/plans/index.html").contains("<p>Nothing here.</p>"));
    // Nor a unit: the units' page says so, rather than a table with no row.
    for (path, nothing) in [("units/index.html", "Không có mục nào."), ("en/units/index.html", "Nothing here.")] {
        let html = page(&out, path);
        assert!(html.contains(&format!("<p>{nothing}</p>")) && !html.contains("<table"), "{path}:\n{html}");
    }
}

/// A theme's macro that always calls itself would overflow the stack and abort the process
/// with no word of where: it is an error at the macro, and nothing is written.
#[test]
fn a_themes_macro_that_never_ends_is_an_error_at_it_not_a_crash() {
    let page = "{% extends \"base.html\" %}\n{% macro rec(n) %}{{ self::rec(n=n+1) }}{% endmacro rec %}\n\
                {% block content %}<h1>{{ title }}</h1>{{ self::rec(n=0) }}{% endblock content %}\n";
    let site = common::site_from("basic", &[("themes/default/templates/page.html", Some(page.as_bytes()))]);
    let out = site.path().join("public");
    let r = common::minhbach(&["build", "--root", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the macro `rec` always calls itself"), "{stderr}");
    assert!(stderr.contains("themes/default/templates/page.html:2:1"), "{stderr}");
    assert!(!out.exists());
}
