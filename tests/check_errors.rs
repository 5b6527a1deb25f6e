//! Bad input: every problem is reported at once with file, line, column, what is wrong and what
//! is accepted, and nothing panics.

mod common;

use common::{check, site_from};

/// Asserts that `stderr` holds a diagnostic with `message` located at `location`.
fn assert_reports(stderr: &str, message: &str, location: &str) {
    let found = stderr.split("\n\n").any(|block| block.contains(message) && block.contains(&format!("--> {location}")));
    assert!(found, "expected «{message}» at {location} in:\n{stderr}");
}

#[test]
fn the_valid_fixture_checks_clean() {
    let (code, stderr) = check(&common::fixture("basic"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 error(s)"), "{stderr}");
}

/// The missing field an unknown one was taken for is not reported as well: the keeper did write
/// it, misspelt, and two errors for one word sent them looking for a second mistake.
#[test]
fn a_misspelt_field_is_reported_as_unknown_not_also_as_missing() {
    let plan = "id = \"kh-1\"\ncode = \"01/KH-BQL\"\ntitle = \"K\"\nyear = 2026\n\n[[task]]\nid = \"1\"\ntitel = \"x\"\nlead = [\"vp\"]\n\n\
                [[task]]\nid = \"2\"\ntitle = \"y\"\nlead_unit = [\"vp\"]\n";
    let site = site_from(
        "basic",
        &[
            ("data/plans/kh-1.toml", Some(plan.as_bytes())),
            ("data/progress/2026-Q1.toml", None),
            ("data/progress/2026-Q2.toml", None),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "unknown field `titel` in a task", "data/plans/kh-1.toml:8:1");
    assert!(stderr.contains("did you mean `title`?"), "{stderr}");
    assert_reports(&stderr, "unknown field `lead_unit` in a task", "data/plans/kh-1.toml:14:1");
    assert!(stderr.contains("did you mean `lead`?"), "{stderr}");
    assert!(!stderr.contains("has no `"), "{stderr}");
    assert!(stderr.contains("\n2 error(s)"), "{stderr}");
}

#[test]
fn all_problems_of_a_run_are_reported_together() {
    let progress = r#"period = "2026-Q2"

[[value]]
indicator = "ky-nang-so"
value = nan

[[value]]
indicator = "ky-nang-so"
value = 140
as_of = 2026-05-01

[[value]]
indicator = "ky-nang-so"
value = "3,0%"

[[value]]
indicator = "ky-nang-sô"
value = 3

[[task]]
ref = "kh-1/1.9"
status = "don"
percent = 120
evidence = [{ title = "x", url = "javascript:alert(1)" }]
"#;
    let site = site_from("basic", &[("data/progress/2026-Q2.toml", Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    let f = "data/progress/2026-Q2.toml";
    assert_reports(&stderr, "must be a finite number, found `nan`", &format!("{f}:5:9"));
    assert_reports(&stderr, "140 is not a percentage", &format!("{f}:9:9"));
    assert_reports(&stderr, "must be a number, found text \"3,0%\"", &format!("{f}:14:9"));
    assert!(stderr.contains("write it as a number, without quotes or %, with a decimal point: 3.0"), "{stderr}");
    assert_reports(&stderr, "unknown indicator `ky-nang-sô`", &format!("{f}:17:13"));
    assert!(stderr.contains("did you mean `ky-nang-so`"), "{stderr}");
    assert_reports(&stderr, "unknown task `kh-1/1.9`", &format!("{f}:21:7"));
    assert_reports(&stderr, "`status = \"don\"` is not a task status", &format!("{f}:22:10"));
    assert!(stderr.contains("did you mean \"done\"?"), "{stderr}");
    assert_reports(&stderr, "`percent = 120` is outside 0-100", &format!("{f}:23:11"));
    assert_reports(&stderr, "this evidence link cannot use `javascript:`", &format!("{f}:24:34"));
    assert!(stderr.contains("\n8 error(s)"), "{stderr}");
}

#[test]
fn unknown_units_suggest_close_names() {
    let plan = std::fs::read_to_string(common::fixture("basic/data/plans/kh-1.toml"))
        .unwrap()
        .replace("lead = [\"VP BQL\"]", "lead = [\"Văn phòng Ban Quản lí\"]");
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "unknown unit \"Văn phòng Ban Quản lí\"", "data/plans/kh-1.toml:15:9");
    assert!(stderr.contains("did you mean \"Văn phòng Ban Quản lý\""), "{stderr}");
}

/// Parents that lead back to their unit describe no structure: each unit's page would say it is
/// part of the other and includes it.
#[test]
fn units_that_are_each_others_parent_are_one_error() {
    let units = std::fs::read_to_string(common::fixture("basic/data/units.toml")).unwrap();
    let lines = units.lines().count();
    let cycle =
        "\n[[unit]]\nid = \"x\"\nname = \"X\"\nparent = \"Y\"\n\n[[unit]]\nid = \"y\"\nname = \"Y\"\nparent = \"x\"\n";
    let site = site_from("basic", &[("data/units.toml", Some(format!("{units}{cycle}").as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let at = format!("data/units.toml:{}:10", lines + 5);
    assert_reports(&stderr, "the units' parents lead back to this one: `x` → `y` → `x`", &at);
    assert_eq!(stderr.matches("lead back").count(), 1, "one error per cycle: {stderr}");
}

#[test]
fn syntax_errors_non_utf8_and_empty_files() {
    let site = site_from(
        "basic",
        &[
            ("data/indicators/kpi.toml", Some(b"[[indicator]]\nid = \"a\nname = 1\n")),
            ("data/plans/x.toml", Some(b"id = \"x\"\ntitle = \"\xff\xfe\"\n")),
            ("data/plans/empty.toml", Some(b"")),
            // Saved by Notepad as "Unicode": UTF-16 with its byte order mark.
            ("data/plans/utf16.toml", Some(b"\xff\xfei\0d\0 \0=\0 \0\"\0u\0\"\0\n\0")),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "this is not valid TOML", "data/indicators/kpi.toml:2:");
    assert_reports(&stderr, "this file is not UTF-8 text", "data/plans/x.toml:2:10");
    assert_reports(&stderr, "a plan has no `id`", "data/plans/empty.toml:1:1");
    assert_reports(&stderr, "this file is not UTF-8 text: it is saved as UTF-16", "data/plans/utf16.toml:1:1");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A figure typed as in the documents, with a decimal comma or thousands separators, is a TOML
/// syntax error: its help says how TOML writes that number.
#[test]
fn numbers_with_a_decimal_comma_say_how_to_write_them() {
    let progress = std::fs::read_to_string(common::fixture("basic/data/progress/2026-Q2.toml")).unwrap();
    let comma = progress.replacen("value = 48", "value = 3,5", 1);
    let plan = std::fs::read_to_string(common::fixture("basic/data/plans/kh-1.toml")).unwrap();
    let grouped = format!("{plan}\n[[task]]\nid = \"9\"\ntitle = \"x\"\nlead = []\nbudget_vnd = 1.500.000.000\n");
    let site = site_from(
        "basic",
        &[("data/progress/2026-Q2.toml", Some(comma.as_bytes())), ("data/plans/kh-1.toml", Some(grouped.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(&stderr, "this is not valid TOML", "data/progress/2026-Q2.toml:7:10");
    assert!(stderr.contains("with a decimal point and no thousands separator: 3.5 "), "{stderr}");
    assert!(stderr.contains("with a decimal point and no thousands separator: 1500000000 "), "{stderr}");
}

/// A progress file saved under a name that is no period id (a space for the `-`) is told to be
/// renamed, not to report the period its name spells, which no period could be.
#[test]
fn a_progress_file_misnamed_is_told_its_name() {
    let progress = std::fs::read(common::fixture("basic/data/progress/2026-Q2.toml")).unwrap();
    let site = site_from(
        "basic",
        &[("data/progress/2026-Q2.toml", None), ("data/progress/2026 Q2.toml", Some(progress.as_slice()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(
        &stderr,
        "this file reports period `2026-Q2` but is named `2026 Q2.toml`",
        "data/progress/2026 Q2.toml:1:10",
    );
    assert!(stderr.contains("help: name the file data/progress/2026-Q2.toml\n"), "{stderr}");
    assert!(!stderr.contains("period = \"2026 Q2\""), "{stderr}");
}

#[test]
fn duplicate_ids_and_periods_out_of_order() {
    let units = std::fs::read_to_string(common::fixture("basic/data/units.toml")).unwrap()
        + "\n[[unit]]\nid = \"vp\"\nname = \"Văn phòng khác\"\n"
        + "\n[[unit]]\nid = \"VP\"\nname = \"Văn phòng viết hoa\"\n";
    let periods = "[[period]]\nid = \"2026-Q1\"\nlabel = \"Q1\"\nstart = 2026-01-01\nend = 2026-03-31\n\n\
                   [[period]]\nid = \"2026-Q2\"\nlabel = \"Q2\"\nstart = 2026-03-01\nend = 2026-06-30\n\n\
                   [[period]]\nid = \"2026-Q3\"\nlabel = \"Q3\"\nstart = 2026-09-30\nend = 2026-07-01\n";
    let site = site_from(
        "basic",
        &[("data/units.toml", Some(units.as_bytes())), ("data/periods.toml", Some(periods.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "unit id `vp` is used twice", "data/units.toml:18:6");
    assert!(stderr.contains("the first is at line "), "{stderr}");
    // Capitals do not make another id: many hosts would serve both at one address.
    assert_reports(&stderr, "unit id `VP` is used twice (as `vp`: web addresses", "data/units.toml:22:6");
    assert_reports(&stderr, "period `2026-Q2` overlaps period `2026-Q1`", "data/periods.toml:8:6");
    assert_reports(&stderr, "period `2026-Q3` ends before it starts", "data/periods.toml:17:7");
}

#[test]
fn wrong_types_are_named_with_an_example() {
    let site_toml = "title = 5\ncurrent_period = \"2026-Q2\"\nlanguages = \"vi\"\n";
    let site = site_from("basic", &[("site.toml", Some(site_toml.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(
        &stderr,
        "`title` in site.toml must be text in double quotes, found a whole number",
        "site.toml:1:9",
    );
}

#[test]
fn a_missing_site_toml_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("there is no site.toml"), "{stderr}");
    assert!(stderr.contains("minhbach init"), "{stderr}");
    assert!(stderr.contains("1 error(s)"), "nothing else follows from it: {stderr}");
    // A site.toml that is a folder: its own error only, though data/ is complete.
    let site = site_from("basic", &[("site.toml", None), ("site.toml/x", Some(b""))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("site.toml is a folder") && stderr.contains("1 error(s)"), "{stderr}");
}

#[test]
fn misplaced_files_and_bad_front_matter_are_reported() {
    let site = site_from(
        "basic",
        &[
            ("data/notes.toml", Some(b"x = 1\n")),
            ("content/misc/deep/page.md", Some(b"+++\ntitle = \"x\"\n+++\n")),
            ("content/yaml.md", Some(b"---\ntitle: x\n---\n")),
            ("content/open.md", Some(b"+++\ntitle = \"x\"\n")),
            ("content/updates/2026-Q1/no-date.md", Some("+++\ntitle = \"Tin\"\n+++\nx\n".as_bytes())),
            ("content/updates/2026-Q1/bare.md", Some("Chỉ có chữ.\n".as_bytes())),
            ("content/plans.md", Some(b"+++\ntitle = \"Plans\"\n+++\n")),
            ("content/indicators/khong-co.md", Some(b"+++\ntitle = \"x\"\n+++\n")),
            // Folders where files were meant: the file inside keeps each folder from being empty.
            ("data/progress/2026-Q3.toml/x", Some(b"")),
            ("content/gioi-thieu.md/x", Some(b"")),
        ],
    );
    let (code, stderr) = check(site.path());
    assert!(
        stderr.contains("error: data/progress/2026-Q3.toml is a folder, though its name is that of a file"),
        "{stderr}"
    );
    assert!(stderr.contains("error: content/gioi-thieu.md is a folder, though its name is that of a file"), "{stderr}");
    assert_eq!(code, 1);
    assert!(stderr.contains("warning: data/notes.toml is not read by the build"), "{stderr}");
    assert!(stderr.contains("content/misc/deep/page.md is not in a place where pages are read"), "{stderr}");
    assert_reports(&stderr, "front matter must be TOML between `+++` lines, not YAML", "content/yaml.md:1:1");
    assert_reports(&stderr, "the front matter opened by `+++` on line 1 is never closed", "content/open.md:1:1");
    assert_reports(&stderr, "an update has no `date`", "content/updates/2026-Q1/no-date.md:2:1");
    assert!(stderr.contains("help: add it between the `+++` lines: date = 2026-04-15"), "{stderr}");
    // A post with no front matter at all is told to start with it, not to add a line `date = …`.
    assert_reports(&stderr, "an update has no `title`", "content/updates/2026-Q1/bare.md:1:1");
    assert!(
        stderr.contains(
            "help: start the file with front matter: a line `+++`, title = \"Kết quả quý I/2026\", and a closing `+++`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("a page cannot be named `plans`"), "{stderr}");
    assert!(stderr.contains("this page is about unknown indicator `khong-co`"), "{stderr}");
}

/// Front matter that lost its opening `+++` (or has a blank line above it) was read as the
/// page's text: a draft was published, its `draft = true` shown on the page.
#[test]
fn front_matter_without_its_opening_line_is_refused_not_published() {
    let site = site_from(
        "basic",
        &[
            ("content/nhap.md", Some("title = \"Nháp\"\ndraft = true\n+++\nBí mật\n".as_bytes())),
            ("content/cach.md", Some("\n+++\ntitle = \"Nháp\"\ndraft = true\n+++\nBí mật\n".as_bytes())),
            ("content/khong.md", Some("draft = true\n\nBí mật\n".as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    for file in ["nhap", "cach", "khong"] {
        assert_reports(&stderr, "front matter must start with a line `+++`", &format!("content/{file}.md:1:1"));
    }
}

/// A page with no text is most likely one not written yet: said, with what to do.
#[test]
fn a_page_with_no_text_is_said_to_be_empty() {
    let site = site_from(
        "basic",
        &[
            ("content/trong.md", Some(b"".as_slice())),
            ("content/chi-tieu-de.md", Some("+++\ntitle = \"Chưa viết\"\n+++\n\n".as_bytes())),
            ("content/co-chu.md", Some("+++\ntitle = \"Đã viết\"\n+++\nNội dung.\n".as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "a warning, not an error:\n{stderr}");
    for at in ["trong.md:1:1", "chi-tieu-de.md:4:1"] {
        assert_reports(&stderr, "this page has no text: it is published as an empty page", &format!("content/{at}"));
    }
    assert!(!stderr.contains("co-chu.md"), "{stderr}");
}

#[test]
fn deadlines_that_name_no_date_say_what_is_accepted() {
    let plan = std::fs::read_to_string(common::fixture("basic/data/plans/kh-1.toml"))
        .unwrap()
        .replace("due = \"Thường xuyên\"", "due = \"trước thời điểm tổ chức Hội thảo 01 ngày\"");
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "is not a deadline this tool understands", "data/plans/kh-1.toml:33:7");
    assert!(
        stderr.contains("Quý II/2026") && stderr.contains("Thường xuyên") && stderr.contains("`due_text`"),
        "{stderr}"
    );
}

#[test]
fn deadlines_as_toml_dates_or_years_are_read_and_impossible_days_are_named() {
    // `due = 2026-07-15` and `due = 2027` mean what they mean in quotes; 31 February is not a
    // form the tool fails to understand but a day that does not exist, and is said so.
    let plan = std::fs::read_to_string(common::fixture("basic/data/plans/kh-1.toml"))
        .unwrap()
        .replace("due = \"Quý I\"", "due = 2026-07-15")
        .replace("due = \"Thường xuyên\"", "due = 2027")
        .replace("due = \"trước ngày 20/7/2026\"", "due = \"31/02/2026\"");
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert_reports(
        &stderr,
        "`due = \"31/02/2026\"` names day 31 of month 2/2026, which does not exist",
        "data/plans/kh-1.toml:25:7",
    );
    assert!(stderr.contains("month 2/2026 has 28 days"), "{stderr}");
    let wrong = plan.replace("year = 2026", "year = 2026\nissued = 2026-04-31");
    let (_, stderr) = check(site_from("basic", &[("data/plans/kh-1.toml", Some(wrong.as_bytes()))]).path());
    assert_reports(&stderr, "invalid date", "data/plans/kh-1.toml:6:10");
    assert!(stderr.contains("no calendar has this day"), "{stderr}");
    let plan = plan.replace("due = \"31/02/2026\"", "due = \"28/02/2026\"");
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (_dir, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("plans/kh-1/index.html")).unwrap();
    assert!(page.contains("<dt>Thời hạn</dt><dd>2026-07-15"), "{page}");
    assert!(page.contains("<dt>Thời hạn</dt><dd>2027"), "{page}");
}

#[test]
fn page_size_out_of_range_or_not_a_whole_number_says_what_is_accepted() {
    for (value, message, column) in [
        ("5", "`page_size = 5` in site.toml is out of range", 13),
        ("5000", "`page_size = 5000` in site.toml is out of range", 13),
        ("-1", "`page_size = -1` in site.toml is out of range", 13),
        ("\"50\"", "`page_size` in site.toml must be a whole number, found text", 13),
        ("50.5", "`page_size` in site.toml must be a whole number", 13),
    ] {
        let site_toml = format!("title = \"T\"\ncurrent_period = \"2026-Q2\"\npage_size = {value}\n");
        let site = site_from("basic", &[("site.toml", Some(site_toml.as_bytes()))]);
        let (code, stderr) = check(site.path());
        assert_eq!(code, 1, "{value}");
        assert_reports(&stderr, message, &format!("site.toml:3:{column}"));
        assert!(stderr.contains("a whole number from 10 to 1000 (default 50)"), "{stderr}");
    }
    for ok in ["10", "1000", "1_00"] {
        let site_toml = format!("title = \"T\"\ncurrent_period = \"2026-Q2\"\npage_size = {ok}\n");
        let site = site_from("basic", &[("site.toml", Some(site_toml.as_bytes()))]);
        let (code, stderr) = check(site.path());
        assert_eq!(code, 0, "{ok}: {stderr}");
    }
}

#[test]
fn pages_whose_names_differ_only_in_accents_or_capitals_are_named() {
    let page = |title: &str| format!("+++\ntitle = \"{title}\"\n+++\nx\n");
    let update = |title: &str| format!("+++\ntitle = \"{title}\"\ndate = 2026-02-01\n+++\nx\n");
    let (one, two, three) = (page("Một"), page("Hai"), page("Ba"));
    let (u1, u2) = (update("Tin một"), update("Tin hai"));
    let site = site_from(
        "basic",
        &[
            ("content/giới-thiệu.md", Some(one.as_bytes())),
            ("content/Gioi-Thieu.md", Some(two.as_bytes())),
            // The same name in another language is its translation, not a clash.
            ("content/gioi-thieu.en.md", Some(three.as_bytes())),
            ("content/updates/2026-Q1/bản-tin.md", Some(u1.as_bytes())),
            ("content/updates/2026-Q1/ban-tin.md", Some(u2.as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let message = "2 pages would be published at the same address";
    assert_reports(&stderr, &format!("{message} `gioi-thieu/`"), "content/giới-thiệu.md");
    assert_reports(&stderr, &format!("{message} `gioi-thieu/`"), "content/Gioi-Thieu.md");
    assert_reports(&stderr, &format!("{message} `updates/2026-Q1/ban-tin/`"), "content/updates/2026-Q1/bản-tin.md");
    assert_reports(&stderr, &format!("{message} `updates/2026-Q1/ban-tin/`"), "content/updates/2026-Q1/ban-tin.md");
    assert!(!stderr.contains("gioi-thieu.en.md"), "{stderr}");
}

#[test]
fn check_reports_what_only_a_build_would_find() {
    let site = site_from(
        "basic",
        &[
            ("content/trang.html", Some(b"<script>alert(1)</script>")),
            ("themes/default/static/notes.md", Some(b"# todo")),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/trang.html"), "{stderr}");
    assert!(stderr.contains("themes/default/static/notes.md is not published"), "{stderr}");
    assert!(!site.path().join("public").exists(), "a check writes nothing");
}

#[test]
fn a_value_dated_after_its_period_is_reported_at_its_date() {
    let path = "data/progress/2026-Q1.toml";
    let progress = std::fs::read_to_string(common::fixture("basic").join(path)).unwrap().replacen(
        "value = 50\n",
        "value = 50\nas_of = 2026-05-02\n",
        1,
    );
    let site = site_from("basic", &[(path, Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let line = progress.lines().position(|l| l.starts_with("as_of = 2026-05-02")).unwrap() + 1;
    assert_reports(&stderr, "a value as of 2026-05-02 is reported for period `2026-Q1`", &format!("{path}:{line}:9"));
}

#[test]
fn a_theme_string_nothing_uses_is_named_with_the_key_it_was_meant_to_be() {
    let site = site_from(
        "basic",
        &[
            (
                "site.toml",
                Some(
                    format!(
                        "{}theme = \"rieng\"\n",
                        std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap()
                    )
                    .as_bytes(),
                ),
            ),
            ("themes/rieng/i18n/en.toml", Some(b"home = \"Start\"\nhoem = \"Start\"\nown_word = \"Ours\"\n")),
            ("themes/rieng/templates/extra.html", Some(b"{{ t.own_word }}")),
            ("themes/rieng/i18n/fr.toml", Some(b"home = \"Accueil\"\n")),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "warnings, not errors: {stderr}");
    assert_reports(&stderr, "the UI string `hoem` is not one the theme uses", "themes/rieng/i18n/en.toml:2:1");
    assert!(stderr.contains("did you mean `home`?"), "{stderr}");
    assert!(!stderr.contains("`own_word`"), "a string the theme's own template uses is fine: {stderr}");
    assert!(!stderr.contains("the UI string `home`"), "{stderr}");
    assert!(
        stderr.contains("themes/rieng/i18n/fr.toml holds strings for `fr`, a language no site can build"),
        "{stderr}"
    );
    // Warnings do not stop a build: the site is published, with the warnings said.
    let out = site.path().join("public");
    let built = common::minhbach(&["build", "--root", site.path().to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{stderr}");
    assert!(stderr.contains("the UI string `hoem` is not one the theme uses"), "{stderr}");
    assert!(out.join("en/index.html").is_file(), "{stderr}");
}

#[test]
fn a_post_dated_far_from_its_period_is_named() {
    let post = std::fs::read_to_string(common::fixture("basic").join("content/updates/2026-Q1/ket-qua.md")).unwrap();
    let before = post.replace("date = 2026-04-15", "date = 2020-04-15");
    let late = post.replace("date = 2026-04-15", "date = 2026-12-01");
    for (post, when) in [
        (before, "before its period starts (2026-01-01)"),
        (late, "more than three months after its period ended (2026-03-31)"),
    ] {
        let site = site_from("basic", &[("content/updates/2026-Q1/ket-qua.md", Some(post.as_bytes()))]);
        let (code, stderr) = check(site.path());
        assert_eq!(code, 0, "{stderr}");
        assert!(stderr.contains("warning: this post about `2026-Q1` is dated") && stderr.contains(when), "{stderr}");
        assert!(stderr.contains("content/updates/2026-Q1/ket-qua.md"), "{stderr}");
    }
    let (_, stderr) = check(&common::fixture("basic"));
    assert!(!stderr.contains("this post about"), "a post a few days after its period is fine: {stderr}");
}

/// An id typed with diacritics is one error at the id, with the id it could be; the records
/// that name it are not reported again.
#[test]
fn an_unusable_id_is_one_error_not_one_per_reference() {
    let root = common::fixture("basic");
    let mut files: Vec<(String, String)> = Vec::new();
    for rel in
        ["data/indicators/kpi.toml", "data/plans/kh-1.toml", "data/progress/2026-Q1.toml", "data/progress/2026-Q2.toml"]
    {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        assert!(text.contains("\"ky-nang-so\""), "{rel} names the indicator");
        files.push((rel.to_string(), text.replace("\"ky-nang-so\"", "\"kỹ-năng-số\"")));
    }
    let replaced: Vec<(&str, Option<&[u8]>)> = files.iter().map(|(p, t)| (p.as_str(), Some(t.as_bytes()))).collect();
    let site = site_from("basic", &replaced);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "`kỹ-năng-số` is not a usable id", "data/indicators/kpi.toml:2:6");
    assert!(stderr.contains("did you mean \"ky-nang-so\"?"), "{stderr}");
    assert!(!stderr.contains("unknown indicator"), "{stderr}");
    assert!(stderr.contains("\n1 error(s)"), "{stderr}");
}

/// An id that keeps every rule but its length is told its length and the limit.
#[test]
fn an_id_too_long_is_told_its_length() {
    let root = common::fixture("basic");
    let text = std::fs::read_to_string(root.join("data/indicators/kpi.toml")).unwrap();
    let long = "x".repeat(101);
    let text = text.replacen("\"ky-nang-so\"", &format!("\"{long}\""), 1);
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(text.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, &format!("`{long}` is not a usable id"), "data/indicators/kpi.toml:2:6");
    assert!(stderr.contains("at most 100 characters (this one has 101)"), "{stderr}");
}

/// A day no calendar has, in any date of the data (not only a deadline), is named as such,
/// with the month's length.
#[test]
fn a_day_that_does_not_exist_is_named_in_every_date() {
    let root = common::fixture("basic");
    let progress = std::fs::read_to_string(root.join("data/progress/2026-Q1.toml")).unwrap();
    let reported = progress.lines().find(|l| l.starts_with("reported")).unwrap().to_string();
    let progress = progress.replace(&reported, "reported = \"2026-04-31\"");
    let site = site_from("basic", &[("data/progress/2026-Q1.toml", Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "names day 31 of month 4/2026, which does not exist", "data/progress/2026-Q1.toml:");
    assert!(stderr.contains("month 4/2026 has 30 days"), "{stderr}");
}

/// A periods file that cannot be read is one error: the links to posts and period pages that
/// it would have told about are not reported on top of it.
#[test]
fn an_unreadable_periods_file_brings_no_link_errors_with_it() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml"))
        .unwrap()
        .replace("start = 2026-01-01", "start = 31/02/2026");
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\n[Bài](updates/2026-Q1/ket-qua.md) [Kỳ](/periods/2026-Q1/)\n";
    let site = site_from(
        "basic",
        &[("data/periods.toml", Some(periods.as_bytes())), ("content/gioi-thieu.md", Some(about.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("data/periods.toml"), "{stderr}");
    assert!(!stderr.contains("the link"), "{stderr}");
}

/// A site with no period at all is one error: not one more for each progress file, post or
/// setting that names a period.
#[test]
fn an_empty_periods_file_is_one_error() {
    let site = site_from("basic", &[("data/periods.toml", Some(b"".as_slice()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("error: the site has no reporting periods"), "{stderr}");
    assert!(!stderr.contains("unknown period"), "{stderr}");
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
}

/// A period left out for a mistake in its own record is one error there: the progress files,
/// posts and links that name it are not reported as naming an unknown period.
#[test]
fn a_period_with_a_bad_date_brings_no_unknown_period_errors() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml"))
        .unwrap()
        .replace("start = 2026-01-01", "start = \"31/02/2026\"");
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\n[Bài](updates/2026-Q1/ket-qua.md) [Kỳ](/periods/2026-Q1/)\n";
    let site = site_from(
        "basic",
        &[("data/periods.toml", Some(periods.as_bytes())), ("content/gioi-thieu.md", Some(about.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "names day 31 of month 2/2026, which does not exist", "data/periods.toml:");
    assert!(!stderr.contains("unknown period") && !stderr.contains("the link"), "{stderr}");
    assert!(stderr.contains("\n1 error(s)"), "{stderr}");
}

/// A range written upper bound first is told back with its own figures in order, not with an
/// example's (`[55, 60]` for `[70, 62.5]`).
#[test]
fn a_range_written_the_wrong_way_round_is_told_back_in_order() {
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap().replacen(
        "op = \">=\"\nvalue = 80",
        "op = \"between\"\nvalue = [70, 62.5]",
        1,
    );
    assert!(kpi.contains("[70, 62.5]"), "the fixture's target was changed");
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "the range's upper bound is below its lower bound", "data/indicators/kpi.toml:13:9");
    assert!(stderr.contains("write the lower bound first: value = [62.5, 70]"), "{stderr}");
}

/// A free page or a post whose front matter is not TOML (a key written twice) is one error there:
/// the links to it from other texts and notes, by its Markdown file or its address, are not
/// reported as leading nowhere (one mistake was a dozen errors on a site that links its about
/// page from every progress note).
#[test]
fn a_page_with_unreadable_front_matter_brings_no_link_errors_with_it() {
    let about = "+++\ntitle = \"Giới thiệu\"\ntitle = \"Lặp\"\n+++\nChào.\n";
    let post = std::fs::read_to_string(common::fixture("basic").join("content/updates/2026-Q1/ket-qua.md"))
        .unwrap()
        .replacen("+++\n", "+++\ndate = 2026-04-01\n", 1);
    let home = "+++\ntitle = \"Trang chủ\"\n+++\n[Giới thiệu](gioi-thieu.md) [Giới thiệu](/gioi-thieu/#muc) \
                [Bài](/updates/2026-Q1/ket-qua/) [Bài](updates/2026-Q1/ket-qua.md)\n";
    let progress = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml"))
        .unwrap()
        .replacen("note = \"Đã tổ chức 2 lớp.\"", "note = \"Xem [giới thiệu](/gioi-thieu/).\"", 1);
    assert!(progress.contains("giới thiệu"), "the fixture's report has a note");
    let site = site_from(
        "basic",
        &[
            ("content/gioi-thieu.md", Some(about.as_bytes())),
            ("content/updates/2026-Q1/ket-qua.md", Some(post.as_bytes())),
            ("content/_index.md", Some(home.as_bytes())),
            ("data/progress/2026-Q2.toml", Some(progress.as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "this is not valid TOML: duplicate key", "content/gioi-thieu.md:3:1");
    assert_reports(&stderr, "this is not valid TOML", "content/updates/2026-Q1/ket-qua.md:");
    assert!(!stderr.contains("the link"), "{stderr}");
    assert!(stderr.contains("\n2 error(s)"), "{stderr}");
}

/// Every TOML and Markdown example of the format reference, in both languages, put into a new
/// site where the reference says, is accepted as it is: a keeper copies them.
#[test]
fn the_examples_of_the_format_reference_are_accepted() {
    for doc in ["docs/format.md", "docs/format.vi.md"] {
        let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
        let blocks: Vec<&str> = text
            .split("```")
            .skip(1)
            .step_by(2)
            .filter_map(|b| b.strip_prefix("toml\n").or_else(|| b.strip_prefix("markdown\n")))
            .collect();
        let block =
            |start: &str| *blocks.iter().find(|b| b.starts_with(start)).unwrap_or_else(|| panic!("{doc}: {start}"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        assert!(common::minhbach(&["init", root.to_str().unwrap()]).status.success());
        let append = |path: &str, more: &str| {
            let old = std::fs::read_to_string(root.join(path)).unwrap();
            std::fs::write(root.join(path), format!("{old}\n{more}")).unwrap();
        };
        // The units and plans the examples name.
        append(
            "data/units.toml",
            &format!(
                "{}\n[[unit]]\nid = \"ubnd-tp\"\nname = \"UBND thành phố\"\n\n[[unit]]\nid = \"vp-bql\"\nname = \"Văn phòng Ban Quản lý\"\n",
                block("[[unit]]")
            ),
        );
        append("data/periods.toml", block("[[period]]"));
        std::fs::write(root.join("data/plans/bql-57-2026.toml"), block("id = \"bql-57-2026\"")).unwrap();
        for plan in ["12-kh-tu", "ctr-bcd-2026"] {
            std::fs::write(
                root.join(format!("data/plans/{plan}.toml")),
                format!("id = \"{plan}\"\ntitle = \"{plan}\"\n"),
            )
            .unwrap();
        }
        std::fs::write(root.join("data/indicators/vi-du.toml"), block("[[indicator]]")).unwrap();
        std::fs::write(root.join("data/progress/2026-Q1.toml"), block("period = \"2026-Q1\"")).unwrap();
        std::fs::create_dir_all(root.join("content/updates/2026-Q1")).unwrap();
        std::fs::write(root.join("content/updates/2026-Q1/bai.md"), block("+++")).unwrap();
        let (code, stderr) = check(&root);
        assert_eq!(code, 0, "{doc}: {stderr}");
        assert!(stderr.contains("0 error(s)"), "{doc}: {stderr}");
    }
}

/// A site with an error in its data is not rendered, but its theme and the files under
/// content/ are still looked at: one run names every problem, not these after the data is
/// fixed.
#[test]
fn theme_and_content_file_problems_come_with_the_data_errors() {
    let site_toml =
        std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap() + "theme = \"rieng\"\n";
    let plan = std::fs::read_to_string(common::fixture("basic/data/plans/kh-1.toml")).unwrap().replacen(
        "[[task]]",
        "[[task]]\ntitel = \"x\"",
        1,
    );
    let site = site_from(
        "basic",
        &[
            ("site.toml", Some(site_toml.as_bytes())),
            ("data/plans/kh-1.toml", Some(plan.as_bytes())),
            (
                "themes/rieng/templates/page.html",
                Some(b"{% extends \"base.html\" %}{% block main %}{{ x {% endblock %}"),
            ),
            ("content/logo.svg", Some(b"<svg onload=alert(1)></svg>")),
        ],
    );
    for command in ["check", "build"] {
        let out = common::minhbach(&[command, "--root", site.path().to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("unknown field `titel` in a task"), "{command}: {stderr}");
        assert_reports(&stderr, "this template's syntax is wrong", "themes/rieng/templates/page.html:1:");
        assert!(stderr.contains("content/logo.svg") && stderr.contains("files of type .svg"), "{command}: {stderr}");
        assert!(stderr.contains("3 error(s)"), "{command}: {stderr}");
    }
    assert!(!site.path().join("public").exists());
}

#[test]
fn a_percent_that_contradicts_the_status_is_refused_at_the_percent() {
    let progress = r#"period = "2026-Q2"

[[task]]
ref = "kh-1/1.1"
status = "done"
percent = 50

[[task]]
ref = "kh-1/1.2"
status = "not_started"
percent = 10

[[task]]
ref = "kh-1/1.3"
status = "in_progress"
percent = 100
"#;
    let site = site_from("basic", &[("data/progress/2026-Q2.toml", Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let f = "data/progress/2026-Q2.toml";
    assert_reports(
        &stderr,
        "`percent = 50` contradicts `status = \"done\"`: a task done is 100% done",
        &format!("{f}:6:11"),
    );
    assert_reports(
        &stderr,
        "`percent = 10` contradicts `status = \"not_started\"`: a task not started is 0% done",
        &format!("{f}:11:11"),
    );
    assert!(stderr.contains("write 100 or leave the percent out"), "{stderr}");
    // In progress at 100% may be a task whose last step awaits sign-off: not a contradiction.
    assert!(stderr.contains("2 error(s)"), "{stderr}");
}

#[test]
fn a_contradiction_a_snapshot_already_published_is_a_warning_there_and_an_error_elsewhere() {
    // Published before such reports were refused, a period's record can no longer change: the
    // build must not be stopped for good by what only a later report can correct.
    let q1 = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q1.toml")).unwrap();
    let q1 = q1.replacen("status = \"in_progress\"\npercent = 60", "status = \"done\"\npercent = 60", 1);
    assert!(q1.contains("status = \"done\"\npercent = 60"), "{q1}");
    let site = site_from("basic", &[("data/progress/2026-Q1.toml", Some(q1.as_bytes()))]);
    let loaded = minhbach::load::load(site.path());
    let said = |published: &[&str]| minhbach::load::progress::contradictions(&loaded.site, published);
    let unpublished = said(&[]);
    assert_eq!(unpublished.len(), 1);
    assert!(unpublished[0].is_error());
    let published = said(&["2026-Q1"]);
    assert_eq!(published.len(), 1);
    assert!(!published[0].is_error());
    assert!(
        published[0].message.contains("archive/2026-Q1 published it so, and it stays as published"),
        "{:?}",
        published[0]
    );
    // Another period's snapshot leaves it an error.
    assert!(said(&["2025-Q4"])[0].is_error());
}

/// A target that asks for more of a figure that should fall (or the reverse) is said at its
/// `op`: one of the two is most likely mistyped, and the status would count the wrong way.
#[test]
fn a_target_against_its_indicators_direction_is_said() {
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap();
    let kpi = kpi.replacen("op = \"<=\"\nvalue = 3", "op = \">=\"\nvalue = 3", 1);
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "a warning: {stderr}");
    let line = kpi[..kpi.find("op = \">=\"\nvalue = 3").unwrap()].matches('\n').count() + 1;
    assert_reports(
        &stderr,
        "warning: `op = \">=\"` asks for at least a figure, but the indicator's direction is `decrease` (lower is better)",
        &format!("data/indicators/kpi.toml:{line}:6"),
    );
}

/// A header left unclosed is one error at its line: the keys under it, which the TOML reader
/// puts in the table above where they clash, are not each a "duplicate key" as well.
#[test]
fn an_unclosed_table_header_is_one_error() {
    let plan = common::fixture("basic").join("data/plans/kh-1.toml");
    let text = std::fs::read_to_string(plan).unwrap();
    let broken = text.replacen("[[task]]\nid = \"1.2\"", "[[task]\nid = \"1.2\"", 1);
    assert_ne!(broken, text);
    let line = broken.lines().position(|l| l == "[[task]").unwrap() + 1;
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(broken.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "this is not valid TOML", &format!("data/plans/kh-1.toml:{line}:"));
    assert!(!stderr.contains("duplicate key"), "{stderr}");
    assert!(stderr.contains("1 error(s)"), "{stderr}");
}

/// A site whose only periods are wrong in their own records hears about those records, not
/// that it has no periods.
#[test]
fn periods_left_out_for_their_own_errors_are_not_said_to_be_missing() {
    let periods = "[[period]]\nid = \"2026-Q1\"\nlabel = \"Quý I/2026\"\nstart = 2026-03-31\nend = 2026-01-01\n\n\
                   [[period]]\nlabel = \"Quý II/2026\"\nstart = 2026-04-01\nend = 2026-06-30\n";
    let site = site_from("basic", &[("data/periods.toml", Some(periods.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "period `2026-Q1` ends before it starts", "data/periods.toml:5:");
    assert!(!stderr.contains("no reporting periods"), "{stderr}");
}

/// A picture saved under a text's name is called binary data, not a text in another encoding.
#[test]
fn a_binary_file_where_a_text_belongs_is_named_as_such() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\xb0\0\0\x02v\x08\x06\0\0\0\xf3\xa4\0\0\0\x01sRGB";
    let site =
        site_from("basic", &[("content/anh.md", Some(png)), ("data/plans/latin.toml", Some(b"id = \"H\xe1i\"\n"))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "this file is not text: it holds binary data", "content/anh.md:1:1");
    assert!(!stderr.contains("UTF-16"), "{stderr}");
    assert_reports(&stderr, "this file is not UTF-8 text", "data/plans/latin.toml:1:8");
    assert!(stderr.contains("TCVN3"), "an old Vietnamese encoding is named: {stderr}");
}
