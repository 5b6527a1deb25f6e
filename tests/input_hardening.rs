//! What minhbach refuses to read (docs/promises.md), one regression test per defect found by
//! attacking the input side: each is refused with its file and line, and says what to do.

mod common;

use common::{check, fixture, minhbach, site_from};

/// Asserts that `stderr` holds a diagnostic with `message` located at `location`.
fn assert_reports(stderr: &str, message: &str, location: &str) {
    let found = stderr.split("\n\n").any(|block| block.contains(message) && block.contains(&format!("--> {location}")));
    assert!(found, "expected «{message}» at {location} in:\n{stderr}");
}

fn fixture_text(path: &str) -> String {
    std::fs::read_to_string(fixture(&format!("basic/{path}"))).unwrap()
}

const PROGRESS: &str = "data/progress/2026-Q2.toml";

#[test]
fn evidence_links_that_browsers_send_to_another_host_are_refused() {
    let progress = fixture_text(PROGRESS).replace(
        "evidence = [{ title = \"Công văn số 12/VP\", url = \"https://example.gov.vn/cv12.pdf\" }]",
        "evidence = [\n  { title = \"a\", url = '\\\\evil.example/x' },\n  { title = \"b\", url = '/\\evil.example/y' },\n  \
         { title = \"c\", url = \"//evil.example/z\" },\n  { title = \"d\", url = \"https://haiphong.gov.vn@evil.example/\" },\n  \
         { title = \"e\", url = \"files/cv-12.pdf\" },\n]",
    );
    // A path of the site is accepted when the site publishes what it names.
    let pdf = b"%PDF-1.4\n".as_slice();
    let site = site_from("basic", &[(PROGRESS, Some(progress.as_bytes())), ("content/files/cv-12.pdf", Some(pdf))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(&stderr, "this evidence link cannot hold `\\`", &format!("{PROGRESS}:26:24"));
    assert_reports(&stderr, "this evidence link cannot hold `\\`", &format!("{PROGRESS}:27:24"));
    assert_reports(&stderr, "this evidence link cannot start with `//`", &format!("{PROGRESS}:28:24"));
    assert_reports(&stderr, "this evidence link cannot hold a user name or password", &format!("{PROGRESS}:29:24"));
    assert!(stderr.contains("\n4 error(s)"), "the site path is accepted:\n{stderr}");
}

#[test]
fn markdown_links_nesting_and_size_are_checked_with_their_line() {
    let page = format!(
        "+++\ntitle = \"Trang\"\n+++\nMở đầu.\n\n[tài liệu](\\\\\\\\evil.example/x) và [thư](mailto:vp@a.vn)\n\n{}\n",
        ">".repeat(100_000)
    );
    let note = format!("note = \"{}\"", "x".repeat((1 << 20) + 1));
    let progress = fixture_text(PROGRESS).replace("note = \"Đã tổ chức 2 lớp.\"", &note);
    let site =
        site_from("basic", &[("content/gioi-thieu.md", Some(page.as_bytes())), (PROGRESS, Some(progress.as_bytes()))]);
    let started = std::time::Instant::now();
    let (code, stderr) = check(site.path());
    assert!(started.elapsed().as_secs() < 20, "checking took {:?}", started.elapsed());
    assert_eq!(code, 1);
    assert_reports(&stderr, "the link `\\\\evil.example/x` cannot hold `\\`", "content/gioi-thieu.md:6:1");
    assert_reports(&stderr, "block quotes and lists nested more than 32 levels deep", "content/gioi-thieu.md:8:");
    assert_reports(
        &stderr,
        "in this note: this text is 1024 KiB, more than the 1024 KiB accepted",
        &format!("{PROGRESS}:24:8"),
    );
    assert!(stderr.contains("\n3 error(s)"), "{stderr}");
}

#[test]
fn base_url_is_validated_the_same_in_site_toml_and_on_the_command_line() {
    let site_toml = fixture_text("site.toml") + "base_url = \"javascript:alert(1)//\"\n";
    let site = site_from("basic", &[("site.toml", Some(site_toml.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "`base_url` is not usable: the address must start with https://", "site.toml:6:12");

    let site = site_from("basic", &[]);
    let out_dir = site.path().join("public");
    let root = site.path().to_str().unwrap();
    let out = minhbach(&[
        "build",
        "--root",
        root,
        "--output",
        out_dir.to_str().unwrap(),
        "--base-url",
        "javascript:alert(1)//",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("invalid value 'javascript:alert(1)//' for '--base-url <URL>'"), "{stderr}");
    assert!(!out_dir.exists(), "nothing is built");

    // A good address is written in one form, ending with `/`, in the sitemap.
    let out = minhbach(&[
        "build",
        "--root",
        root,
        "--output",
        out_dir.to_str().unwrap(),
        "--base-url",
        "https://Example.gov.vn/nq57",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sitemap = std::fs::read_to_string(out_dir.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.gov.vn/nq57/</loc>"), "{sitemap}");
}

#[test]
fn a_theme_is_a_plain_folder_name_under_themes() {
    for (theme, col) in [("../../outside", 9), ("/etc", 9), ("Default", 9)] {
        let site_toml = fixture_text("site.toml") + &format!("theme = \"{theme}\"\n");
        let site = site_from("basic", &[("site.toml", Some(site_toml.as_bytes()))]);
        let (code, stderr) = check(site.path());
        assert_eq!(code, 1, "{theme}");
        assert_reports(&stderr, &format!("`theme = \"{theme}\"` is not a theme name"), &format!("site.toml:6:{col}"));
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_refused_everywhere_in_the_site_with_what_to_do() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "+++\ntitle = \"Bí mật\"\n+++\nkhoá riêng\n").unwrap();
    let units = outside.path().join("units.toml");
    std::fs::copy(fixture("basic/data/units.toml"), &units).unwrap();
    let site = site_from("basic", &[("data/units.toml", None)]);
    let root = site.path();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), root.join("content/bi-mat.md")).unwrap();
    std::os::unix::fs::symlink(&units, root.join("data/units.toml")).unwrap();
    std::fs::create_dir_all(root.join("themes/rieng")).unwrap();
    std::os::unix::fs::symlink(outside.path(), root.join("themes/rieng/static")).unwrap();
    let site_toml = fixture_text("site.toml") + "theme = \"rieng\"\n";
    std::fs::write(root.join("site.toml"), site_toml).unwrap();
    let (code, stderr) = check(root);
    assert_eq!(code, 1, "{stderr}");
    for link in ["content/bi-mat.md", "data/units.toml"] {
        assert!(stderr.contains(&format!("error: {link} is a symbolic link")), "{link}:\n{stderr}");
    }
    assert!(stderr.contains("replace it with the file or folder itself"), "{stderr}");
    assert_eq!(stderr.matches("data/units.toml is a symbolic link").count(), 1, "{stderr}");
    // The units could not be read: their references are not reported one by one.
    let loaded = minhbach::load::load(root);
    assert!(loaded.unread.units);
    // The theme is read by `build`: its link is refused there, and nothing is written.
    let out_dir = root.join("public");
    std::fs::remove_file(root.join("content/bi-mat.md")).unwrap();
    std::fs::remove_file(root.join("data/units.toml")).unwrap();
    std::fs::copy(&units, root.join("data/units.toml")).unwrap();
    let out = minhbach(&["build", "--root", root.to_str().unwrap(), "--output", out_dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("themes/rieng/static is a symbolic link"), "{stderr}");
    assert!(!out_dir.exists());

    // site.toml itself.
    let other = site_from("basic", &[]);
    std::fs::rename(other.path().join("site.toml"), outside.path().join("site.toml")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("site.toml"), other.path().join("site.toml")).unwrap();
    let (code, stderr) = check(other.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("site.toml is a symbolic link"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_named_as_such() {
    use std::os::unix::ffi::OsStrExt;
    let site = site_from("basic", &[]);
    let name = std::ffi::OsStr::from_bytes(b"gi\xf4i-thi\xeau.md");
    std::fs::write(site.path().join("content").join(name), "+++\ntitle = \"x\"\n+++\n").unwrap();
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("error: the name of content/gi�i-thi�u.md is not UTF-8 text"), "{stderr}");
    assert!(stderr.contains("rename it"), "{stderr}");
    assert!(!stderr.contains("No such file"), "{stderr}");
}

#[test]
fn figures_no_indicator_can_have_are_refused_and_build_finishes() {
    let progress = fixture_text(PROGRESS).replace("value = 10\n", "value = 1.6e308\n");
    let plan = fixture_text("data/plans/kh-1.toml")
        .replace("indicators = [\"ky-nang-so\"]", "indicators = [\"ky-nang-so\"]\nbudget_vnd = 1e19");
    let site =
        site_from("basic", &[(PROGRESS, Some(progress.as_bytes())), ("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "a reported value is too large", &format!("{PROGRESS}:18:9"));
    // Each says its own kind's bound: an indicator's figure 10^15, a budget 10^18.
    assert_reports(&stderr, "figures of this kind are at most 1e15", &format!("{PROGRESS}:18:9"));
    assert_reports(&stderr, "`budget_vnd` is too large", "data/plans/kh-1.toml:27:14");
    assert_reports(&stderr, "figures of this kind are at most 1e18", "data/plans/kh-1.toml:27:14");
    // The largest accepted figure builds (its chart's range stays finite).
    let progress = fixture_text(PROGRESS).replace("value = 10\n", "value = 1e15\n");
    let site = site_from("basic", &[(PROGRESS, Some(progress.as_bytes()))]);
    let out_dir = site.path().join("public");
    let out = minhbach(&["build", "--root", site.path().to_str().unwrap(), "--output", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn an_update_with_an_empty_title_is_refused() {
    let page = "+++\ntitle = \"  \"\ndate = 2026-04-15\n+++\nNội dung.\n";
    let site = site_from("basic", &[("content/updates/2026-Q1/ket-qua.md", Some(page.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "`title` in front matter is empty", "content/updates/2026-Q1/ket-qua.md:2:9");
}

#[test]
fn years_outside_1900_to_2200_are_refused() {
    let plan = fixture_text("data/plans/kh-1.toml").replace("year = 2026", "year = 2147483647");
    let progress = fixture_text(PROGRESS).replace("reported = 2026-07-08", "reported = \"8/7/2500\"");
    let site =
        site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes())), (PROGRESS, Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "`year = 2147483647` is not a plausible year for a plan", "data/plans/kh-1.toml:5:8");
    assert_reports(&stderr, "is in the year 2500, outside 1900–2200", &format!("{PROGRESS}:2:12"));
    assert!(!stderr.contains("+262142"), "{stderr}");
    // The refused year is the one cause: deadlines that needed it are not reported as well.
    assert!(!stderr.contains("names no year"), "{stderr}");
}

#[test]
fn duplicates_point_at_the_repeated_id_and_name_the_first() {
    let plan = fixture_text("data/plans/kh-1.toml").replace("id = \"1.2\"", "id = \"1.1\"");
    let indicators =
        fixture_text("data/indicators/kpi.toml") + "\n[[indicator]]\nid = \"thu-hang\"\nname = \"x\"\nunit = \"x\"\n";
    let progress = fixture_text(PROGRESS)
        + "\n[[task]]\nref = \"kh-1/1.1\"\nstatus = \"done\"\n\n[[task]]\nref = \"kh-1/1.1\"\nstatus = \"done\"\n";
    let site = site_from(
        "basic",
        &[
            ("data/plans/kh-1.toml", Some(plan.as_bytes())),
            ("data/indicators/more.toml", Some(indicators.as_bytes())),
            (PROGRESS, Some(progress.as_bytes())),
        ],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    assert_reports(&stderr, "task id `1.1` is used twice in this plan", "data/plans/kh-1.toml:21:6");
    assert!(stderr.contains("the first is at line 12;"), "{stderr}");
    assert_reports(&stderr, "indicator id `ky-nang-so` is used twice", "data/indicators/more.toml:2:6");
    assert!(stderr.contains("the first is at data/indicators/kpi.toml:2;"), "{stderr}");
    let last_ref = progress.lines().count() - 1;
    assert_reports(&stderr, "task `kh-1/1.1` is reported twice in this file", &format!("{PROGRESS}:{last_ref}:7"));
}

#[test]
fn an_unreadable_units_file_is_one_error_not_one_per_reference() {
    let mut units = fixture_text("data/units.toml").into_bytes();
    units.insert(3, 0xff);
    let site = site_from("basic", &[("data/units.toml", Some(&units))]);
    // Through the library, as `check` runs it once build.rs passes `Loaded::unread` on.
    let loaded = minhbach::load::load(site.path());
    let (_, resolve_diags) = minhbach::resolve::resolve_with(loaded.site, &loaded.unread);
    let mut all = loaded.diagnostics;
    all.extend(resolve_diags);
    let messages: Vec<&str> = all.iter().filter(|d| d.is_error()).map(|d| d.message.as_str()).collect();
    assert_eq!(messages, ["this file is not UTF-8 text"]);

    // A plan file that is not TOML: progress reports naming its tasks are not reported too.
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(b"id = \"kh-1\n"))]);
    let loaded = minhbach::load::load(site.path());
    let (_, resolve_diags) = minhbach::resolve::resolve_with(loaded.site, &loaded.unread);
    assert!(resolve_diags.iter().all(|d| !d.message.contains("unknown")), "{resolve_diags:?}");
}

#[test]
fn a_repeated_id_does_not_hide_what_the_repeat_refers_to() {
    // Every problem in one run: a repeat is left out of the site, but its own unknown unit,
    // indicator, section and owner are reported with the repeat itself, not after it is renamed.
    let plan = fixture_text("data/plans/kh-1.toml")
        + "\n[[task]]\nid = \"1.1\"\nsection = \"9\"\ntitle = \"Lặp\"\nlead = [\"Sở Không Tồn Tại\"]\nindicators = [\"khong-co\"]\ndue = \"Quý I\"\n";
    let indicators = fixture_text("data/indicators/kpi.toml")
        + "\n[[indicator]]\nid = \"thu-hang\"\nname = \"x\"\nunit = \"x\"\nowner = \"Ban Không Có\"\n";
    let site = site_from(
        "basic",
        &[("data/plans/kh-1.toml", Some(plan.as_bytes())), ("data/indicators/more.toml", Some(indicators.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1);
    let line = |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let plan_line = |needle: &str| line(&plan, needle);
    assert_reports(&stderr, "task id `1.1` is used twice in this plan", "data/plans/kh-1.toml:");
    assert_reports(&stderr, "Sở Không Tồn Tại", &format!("data/plans/kh-1.toml:{}:", plan_line("Sở Không Tồn Tại")));
    assert_reports(&stderr, "khong-co", &format!("data/plans/kh-1.toml:{}:", plan_line("khong-co")));
    assert_reports(&stderr, "section", &format!("data/plans/kh-1.toml:{}:", plan_line("section = \"9\"")));
    assert_reports(&stderr, "indicator id `thu-hang` is used twice", "data/indicators/more.toml:");
    assert_reports(
        &stderr,
        "Ban Không Có",
        &format!("data/indicators/more.toml:{}:", line(&indicators, "Ban Không Có")),
    );
}

/// `op` may be left out of a framework target as of any target: a range is then `between`
/// (it was refused as "a range needs `op = \"between\"`"); and a target or framework whose
/// `op` is wrong still has its value checked, so that both errors come in one run.
#[test]
fn a_framework_range_needs_no_op_and_a_wrong_op_hides_no_other_error() {
    let kpi = fixture_text("data/indicators/kpi.toml");
    let ranged = kpi.replace("framework = { op = \">=\", value = 70 }", "framework = { value = [65, 70] }");
    assert_ne!(ranged, kpi);
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(ranged.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "{stderr}");

    let wrong = kpi.replace(
        "op = \">=\"\nvalue = 80\nplan = \"01/KH-BQL\"\nframework = { op = \">=\", value = 70 }",
        "op = \"=>\"\nvalue = \"80\"\nplan = \"01/KH-BQL\"\nframework = { op = \"gte\", value = \"70\" }",
    );
    assert_ne!(wrong, kpi);
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(wrong.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let file = "data/indicators/kpi.toml";
    assert_reports(&stderr, "`op = \"=>\"` is not a comparator", &format!("{file}:12:6"));
    assert_reports(&stderr, "`value` in a target must be a number, found text \"80\"", &format!("{file}:13:9"));
    assert_reports(&stderr, "`op = \"gte\"` is not a comparator", &format!("{file}:15:20"));
    assert_reports(&stderr, "must be a number, found text \"70\"", &format!("{file}:15:35"));
    assert!(stderr.contains("\n4 error(s)"), "{stderr}");
    // `=>` is `>=` written the other way round: the help says so; `gte` is no comparator at all.
    assert!(stderr.contains("did you mean \">=\"? accepted: \">=\""), "{stderr}");
    assert_eq!(stderr.matches("did you mean").count(), 1, "{stderr}");
}

/// A task written without its plan was "unknown task (written <plan id>/<task id>) `x`" with
/// "task (written <plan id>/<task id>)s are defined in …" for help; a number too large to read
/// (`1e400`) was named with no help at all.
#[test]
fn a_task_without_its_plan_and_a_number_too_large_are_said_plainly() {
    let progress = fixture_text(PROGRESS)
        .replace("ref = \"kh-1/1.2\"", "ref = \"kh-1\"")
        .replace("value = 61\nsample = true", "value = 1e400\nsample = true");
    let site = site_from("basic", &[(PROGRESS, Some(progress.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(
        &stderr,
        "unknown task `kh-1`: a task is written `<plan id>/<task id>`",
        &format!("{PROGRESS}:21:7"),
    );
    assert!(
        stderr.contains("= help: did you mean `kh-1/1.1`, `kh-1/1.2` or `kh-1/1.3`? tasks are defined in"),
        "{stderr}"
    );
    assert!(!stderr.contains("task (written"), "{stderr}");
    assert_reports(&stderr, "`value` in a reported value is too large", &format!("{PROGRESS}:13:9"));
    assert!(stderr.contains("check for a typing mistake (an extra digit or exponent)"), "{stderr}");
}

/// A unit named as its own parent was the one error of `check` that said nothing of what is
/// accepted.
#[test]
fn a_unit_that_is_its_own_parent_is_told_what_parent_names() {
    let units = format!("{}\n[[unit]]\nid = \"x\"\nname = \"X\"\nparent = \"X\"\n", fixture_text("data/units.toml"));
    let site = site_from("basic", &[("data/units.toml", Some(units.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(&stderr, "a unit cannot be its own parent", "data/units.toml:20:10");
    assert!(stderr.contains("= help: `parent` names the unit this one belongs to"), "{stderr}");
}

/// The errors that said what is wrong but not what is accepted: a report received before its
/// period starts, an empty text in a list, a number that must be whole, a negative amount.
#[test]
fn every_error_says_what_is_accepted() {
    let progress = fixture_text(PROGRESS)
        .replace("reported = 2026-07-08", "reported = 2025-07-08")
        .replace("percent = 40", "percent = 40\ndisbursed_vnd = -5");
    let plan = fixture_text("data/plans/kh-1.toml")
        .replace("year = 2026", "year = 2026.5")
        .replace("support = [\"Các phòng chuyên môn\"]", "support = [\"Các phòng chuyên môn\", \"\"]");
    let site =
        site_from("basic", &[(PROGRESS, Some(progress.as_bytes())), ("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let blocks: Vec<&str> = stderr.split("\n\n").filter(|b| b.contains("error: ")).collect();
    assert_eq!(blocks.len(), 4, "{stderr}");
    for block in blocks {
        assert!(block.contains("= help: "), "an error without help:\n{block}");
    }
    assert!(stderr.contains("is dated 2025-07-08, before the period starts (2026-04-01)"), "{stderr}");
    assert!(stderr.contains("must be a whole number") && stderr.contains("empty text in `support`"), "{stderr}");
    assert!(stderr.contains("`disbursed_vnd` cannot be negative"), "{stderr}");
}

/// One `[value]` among `[[value]]` entries made the parser report a duplicate key at every
/// correct `[[value]]` after it, with a hint about quotes; it is one error at the typo.
#[test]
fn a_single_bracket_header_among_a_list_is_one_error_at_the_typo() {
    let progress = fixture_text(PROGRESS);
    let mut at = progress.match_indices("[[value]]").map(|(i, _)| i);
    let second = at.nth(1).unwrap();
    let progress = format!("{}[value]{}", &progress[..second], &progress[second + "[[value]]".len()..]);
    let line = progress[..second].lines().count() + 1;
    // The plan's typo is its first task, so that the clash is at the correct ones after it.
    let plan = fixture_text("data/plans/kh-1.toml").replacen("[[task]]", "[task]", 1);
    let plan_line = plan.lines().position(|l| l == "[task]").unwrap() + 1;
    let site =
        site_from("basic", &[(PROGRESS, Some(progress.as_bytes())), ("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let said = "`value` is written as a table (`[value]`) where the file uses a list of tables (`[[value]]`)";
    assert_reports(&stderr, said, &format!("{PROGRESS}:{line}:1"));
    let said = "`task` is written as a table (`[task]`) where the file uses a list of tables (`[[task]]`)";
    assert_reports(&stderr, said, &format!("data/plans/kh-1.toml:{plan_line}:1"));
    assert!(stderr.contains("write `[[task]]` with double brackets"), "{stderr}");
    assert!(stderr.contains("\n2 error(s)"), "one error a typo:\n{stderr}");
    assert!(!stderr.contains("double quotes"), "{stderr}");
}

/// A unit given the id of another is left out, but its name and aliases still name a unit that
/// is written: references by them were each "unknown", a cascade from the one repeated id. A
/// reference by an id no unit has is still unknown, with help that points at the repeat.
#[test]
fn a_unit_whose_id_is_repeated_is_still_found_by_its_name() {
    let units = fixture_text("data/units.toml").replace("id = \"phong-cm\"", "id = \"vp\"")
        + "\n[[unit]]\nid = \"so-khcn\"\nname = \"Sở Khoa học\"\nparent = \"Ban Không Có\"\n";
    let site = site_from("basic", &[("data/units.toml", Some(units.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let line = |needle: &str| units.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_reports(&stderr, "unit id `vp` is used twice", &format!("data/units.toml:{}:6", line("Các phòng") - 1));
    assert!(!stderr.contains("unknown unit \"Các phòng chuyên môn\""), "{stderr}");
    assert_reports(&stderr, "unknown unit \"Ban Không Có\"", &format!("data/units.toml:{}:10", line("Ban Không Có")));
    // The plan's task 1.3 names the repeat by the id it had.
    assert_reports(&stderr, "unknown unit \"phong-cm\"", "data/plans/kh-1.toml:");
    assert!(stderr.contains("`vp` or `so-khcn` is the id of two units in data/units.toml"), "{stderr}");
    assert!(stderr.contains("\n4 error(s)"), "{stderr}");
}

/// A folder under content/ named as a page the site writes was reported with no place, as a
/// clash of ids; the folder is named, and what to do with it.
#[test]
fn a_content_folder_named_as_a_page_of_the_site_is_named_itself() {
    let site = site_from(
        "basic",
        &[("content/index.html/a.txt", Some("một".as_bytes())), ("content/index.html/b.txt", Some(b"hai".as_slice()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let said =
        "this folder cannot be published: `index.html` is a page the site writes, and a folder cannot take its name";
    assert_reports(&stderr, said, "content/index.html:1:1");
    assert!(stderr.contains("rename the folder (for example to `index-html`)"), "{stderr}");
    assert!(!stderr.contains("an id"), "{stderr}");
    assert!(stderr.contains("\n1 error(s)"), "{stderr}");
}

/// Word's manual line break pasted into a post is a line break on its page and in the feed,
/// which stays XML; any other control character, raw in Markdown or escaped in TOML, is an
/// error where it stands.
#[test]
fn control_characters_never_reach_a_page_or_a_feed() {
    let post = "+++\ntitle = \"Tin mới\"\ndate = 2026-04-16\n+++\nDòng một\u{B}dòng hai.\n";
    let site = site_from("basic", &[("content/updates/2026-Q1/tin.md", Some(post.as_bytes()))]);
    let (_tmp, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("updates/2026-Q1/tin/index.html")).unwrap();
    assert!(page.contains("Dòng một<br>\ndòng hai."), "{page}");
    for feed in ["feed.xml", "en/feed.xml"] {
        let xml = std::fs::read_to_string(out.join(feed)).unwrap();
        assert!(xml.contains("Tin mới"), "{feed}: {xml}");
        assert!(!xml.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')), "{feed}");
    }
    let post = "+++\ntitle = \"Tin \\u0007 mới\"\ndate = 2026-04-16\n+++\nMột\u{1B}[0m hai.\n";
    let site = site_from("basic", &[("content/updates/2026-Q1/tin.md", Some(post.as_bytes()))]);
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    assert_reports(&stderr, "this text holds the control character U+0007", "content/updates/2026-Q1/tin.md:2:9");
    assert_reports(&stderr, "the control character U+001B is not text", "content/updates/2026-Q1/tin.md:5:4");
    assert!(stderr.contains("\n2 error(s)"), "{stderr}");
}

/// An indicator's `bounds` hold its baseline, targets and every reported figure: 81 reported
/// for an index from 0 to 1 (a percentage typed for a fraction) is an error where it is
/// written. Bounds that are not two numbers, least first, are errors too.
#[test]
fn figures_outside_an_indicators_bounds_are_refused_where_they_are_written() {
    let indicators = fixture_text("data/indicators/kpi.toml")
        + "\n[[indicator]]\nid = \"dti\"\nname = \"Chỉ số DTI\"\nunit = \"chỉ số\"\nbounds = [0, 1]\n\
           baseline = { at = \"2023\", value = 0.74 }\n\n[[indicator.target]]\nby = \"2030\"\nvalue = 1.2\n\n\
           [[indicator]]\nid = \"nguoc\"\nname = \"Ngược\"\nunit = \"điểm\"\nbounds = [10, 0]\n\n\
           [[indicator]]\nid = \"mot\"\nname = \"Một\"\nunit = \"điểm\"\nbounds = [0]\n";
    let progress = fixture_text(PROGRESS)
        + "\n[[value]]\nindicator = \"dti\"\nvalue = 81\n\n[[value]]\nindicator = \"dti\"\nvalue = 0.81\nas_of = 2026-05-31\n";
    let site = site_from(
        "basic",
        &[("data/indicators/kpi.toml", Some(indicators.as_bytes())), (PROGRESS, Some(progress.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 1, "{stderr}");
    let file = "data/indicators/kpi.toml";
    let line = |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert_reports(
        &stderr,
        "1.2 is outside the indicator's bounds, 0 to 1",
        &format!("{file}:{}:9", line(&indicators, "value = 1.2")),
    );
    assert_reports(
        &stderr,
        "the bounds' least value is not below their greatest",
        &format!("{file}:{}:10", line(&indicators, "[10, 0]")),
    );
    assert_reports(
        &stderr,
        "`bounds` is two numbers, not 1",
        &format!("{file}:{}:10", line(&indicators, "bounds = [0]")),
    );
    assert_reports(
        &stderr,
        "81 is outside the indicator's bounds, 0 to 1",
        &format!("{PROGRESS}:{}:9", line(&progress, "value = 81")),
    );
    assert!(stderr.contains("on a scale from 0 to 1, 81% is written 0.81"), "{stderr}");
    assert!(stderr.contains("\n4 error(s)"), "the baseline and the figure within the bounds are accepted:\n{stderr}");
}

/// A picture shown from another site, in a post or a progress note, is a warning at its place
/// and the text is published as written.
#[test]
fn a_picture_from_another_site_is_said_and_kept() {
    let progress = fixture_text(PROGRESS).replace(
        "note = \"Đã tổ chức 2 lớp.\"",
        "note = \"Đã tổ chức 2 lớp. ![Lớp học](https://anh.example.vn/lop.jpg)\"",
    );
    let post = "+++\ntitle = \"Tin\"\ndate = 2026-04-16\n+++\nẢnh:\n\n![Hội nghị](https://anh.example.vn/hn.jpg)\n";
    let site = site_from(
        "basic",
        &[(PROGRESS, Some(progress.as_bytes())), ("content/updates/2026-Q1/tin.md", Some(post.as_bytes()))],
    );
    let (code, stderr) = check(site.path());
    assert_eq!(code, 0, "{stderr}");
    let line = progress.lines().position(|l| l.contains("lop.jpg")).unwrap() + 1;
    assert_reports(
        &stderr,
        "in this note: the image `https://anh.example.vn/lop.jpg` is fetched from anh.example.vn",
        &format!("{PROGRESS}:{line}:8"),
    );
    assert_reports(
        &stderr,
        "the image `https://anh.example.vn/hn.jpg` is fetched from anh.example.vn",
        "content/updates/2026-Q1/tin.md:7:1",
    );
    let (_tmp, out) = common::build_to_temp(site.path());
    let page = std::fs::read_to_string(out.join("plans/kh-1/index.html")).unwrap();
    assert!(page.contains("https://anh.example.vn/lop.jpg"), "the note is shown as written");
}
