//! Answer cells as agencies fill them: a percentage cell, evidence without a link, revisions,
//! formulas without results and merged cells, a number in the date column, stray cells, an
//! endless word, a file that is not the workbook its name says, and progress files whose
//! layout (commented blocks, CRLF) an import keeps.

mod common;

use std::path::PathBuf;

use common::sheet::*;
use common::site_from;

fn site_with_q2(progress: &str) -> tempfile::TempDir {
    site_from("basic", &[("data/progress/2026-Q2.toml", Some(progress.as_bytes()))])
}

#[test]
fn a_percentage_cell_is_read_as_the_percentage_it_shows() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    // "82,4%" typed into Excel is 0.824 shown as 0.0%; "100%" is 1 shown as 0%.
    let back = answered(
        &path,
        &site.path().join("phan-tram.xlsx"),
        &[
            ("Chỉ tiêu", "L3", C::Fmt(0.824, "0.0%")),
            ("Nhiệm vụ", "L5", text("Hoàn thành")),
            ("Nhiệm vụ", "M5", C::Fmt(1.0, "0%")),
            ("Nhiệm vụ", "M4", C::Fmt(0.55, "0%")),
        ],
    );
    let (code, out, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value ky-nang-so: 61 → 82.4"), "{out}");
    assert!(out.contains("task kh-1/1.3: done 100% (new)"), "{out}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%"), "{out}");
    let after = progress(site.path(), "2026-Q2");
    assert!(after.contains("value = 82.4\n") && after.contains("percent = 100\n"), "{after}");

    // A percentage for a figure not measured in %: refused, not divided or multiplied.
    let back = answered(&path, &site.path().join("hang.xlsx"), &[("Chỉ tiêu", "L4", C::Fmt(0.09, "0%"))]);
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this cell is formatted as a percentage (9%), but `thu-hang` is measured in hạng")
            && err.contains("hang.xlsx: Chỉ tiêu!L4 (value)"),
        "{err}"
    );
    assert_eq!(before, files(site.path()));
    // The same typed as text: the % is not dropped.
    let back = answered(&path, &site.path().join("hang-text.xlsx"), &[("Chỉ tiêu", "L4", text("5%"))]);
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("this cell is typed as a percentage (5%), but `thu-hang` is measured in hạng")
            && err.contains("hang-text.xlsx: Chỉ tiêu!L4 (value)"),
        "{err}"
    );
    assert_eq!(before, files(site.path()));

    // LibreOffice's .ods: a percentage cell has the value type `percentage`.
    let ods = site.path().join("phan-tram.ods");
    write_ods(
        &ods,
        "Chỉ tiêu",
        &[
            r#"<table:table-cell office:value-type="string"><text:p>period</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>indicator</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>value</text:p></table:table-cell>"#,
            r#"<table:table-cell office:value-type="string"><text:p>2026-Q2</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>ky-nang-so</text:p></table:table-cell><table:table-cell office:value-type="percentage" office:value="0.715"><text:p>71,5%</text:p></table:table-cell>"#,
        ],
    );
    let (code, out, err) = import(site.path(), &[&ods], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value ky-nang-so: 82.4 → 71.5"), "{out}");
}

#[test]
fn evidence_without_a_link_is_refused_not_cut_into_a_dead_link() {
    // The site path given as evidence below is a file the site publishes.
    let site = site_from("basic", &[("content/files/hn.jpg", Some(b"\xff\xd8\xff\xe0".as_slice()))]);
    let path = form(site.path(), "2026-Q2", &[]);
    let back = answered(
        &path,
        &site.path().join("minh-chung.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("Hoàn thành")),
            ("Nhiệm vụ", "O3", text("Quyết định số 123/QĐ-UBND")),
            ("Nhiệm vụ", "O4", text("Báo cáo số 45/BC-SKHCN ngày 10/10/2026")),
            ("Nhiệm vụ", "L5", text("Hoàn thành")),
            ("Nhiệm vụ", "O5", text("T | x.gov.vn/a.pdf")),
        ],
    );
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    for cell in ["O3", "O4"] {
        assert!(
            err.contains(&format!(
                "error: this evidence line has no link\n  --> minh-chung.xlsx: Nhiệm vụ!{cell} (evidence)"
            )),
            "{cell}: {err}"
        );
    }
    assert!(err.contains("cited in the `note` column"), "{err}");
    assert!(
        err.contains("this evidence link `x.gov.vn/a.pdf` looks like a web address without https://")
            && err.contains("write https://x.gov.vn/a.pdf"),
        "{err}"
    );
    assert_eq!(before, files(site.path()), "nothing was written");

    // A link at the end of a line, a site path after `|`, a bare web address: all links.
    let back = answered(
        &path,
        &site.path().join("minh-chung-2.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("Hoàn thành")),
            (
                "Nhiệm vụ",
                "O3",
                text(
                    "Quyết định số 123/QĐ-UBND https://example.gov.vn/qd123.pdf\nẢnh | files/hn.jpg\nhttps://example.gov.vn/x",
                ),
            ),
        ],
    );
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(progress(site.path(), "2026-Q2").contains(
        "evidence = [{ title = \"Quyết định số 123/QĐ-UBND\", url = \"https://example.gov.vn/qd123.pdf\" }, { title = \"Ảnh\", url = \"files/hn.jpg\" }, { title = \"https://example.gov.vn/x\", url = \"https://example.gov.vn/x\" }]"
    ));
    // The form writes the evidence back so that it reads the same.
    let again = form(site.path(), "2026-Q2", &["--force"]);
    let (code, out, err) = import(site.path(), &[&again], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nothing to change"), "{out}");
}

#[test]
fn a_revision_carries_its_rows_source_and_importing_it_again_changes_nothing() {
    let q1 = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q1.toml")).unwrap().replace(
        "indicator = \"thu-hang\"\nvalue = 12\n",
        "indicator = \"thu-hang\"\nvalue = 12\nsource = \"Bảng xếp hạng quý I\"\n",
    );
    let site = site_from("basic", &[("data/progress/2026-Q1.toml", Some(q1.as_bytes()))]);
    let (code, _, err) = run(&["snapshot", "2026-Q1", "--root", s(site.path())]);
    assert_eq!(code, 0, "{err}");
    let form_q1 = form(site.path(), "2026-Q1", &[]);
    // Only the figure changes; the source cell keeps the published source.
    let back = answered(&form_q1, &site.path().join("sua.xlsx"), &[("Chỉ tiêu", "L4", C::N(11.0))]);
    let (code, out, err) = import(site.path(), &[&back], &["--revise"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang as of 2026-03-31: 11 (new) (revision of 12 as published)"), "{out}");
    let q2 = progress(site.path(), "2026-Q2");
    assert!(
        q2.contains("indicator = \"thu-hang\"\nvalue = 11\nas_of = 2026-03-31\nsource = \"Bảng xếp hạng quý I\"\n"),
        "{q2}"
    );
    // Already recorded: the same file again changes nothing, with or without --revise.
    let before = files(site.path());
    for extra in [&[][..], &["--revise"][..]] {
        let (code, out, err) = import(site.path(), &[&back], extra);
        assert_eq!(code, 0, "{extra:?}: {err}");
        assert!(out.contains("nothing to change"), "{out}");
    }
    assert_eq!(before, files(site.path()));
    // A revision that already has a source keeps it when the row repeats the published one.
    let back = answered(&form_q1, &site.path().join("sua-2.xlsx"), &[("Chỉ tiêu", "L4", C::N(10.5))]);
    let (code, out, err) = import(site.path(), &[&back], &["--revise"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang as of 2026-03-31: 11 → 10.5 (revision of 12 as published)"), "{out}");
    check_ok(site.path());

    // The current period frozen, the next declared: the advice names it.
    let periods = std::fs::read_to_string(site.path().join("data/periods.toml")).unwrap()
        + "\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nstart = 2026-07-01\nend = 2026-09-30\n";
    std::fs::write(site.path().join("data/periods.toml"), periods).unwrap();
    let (code, _, err) = run(&["snapshot", "2026-Q2", "--root", s(site.path())]);
    assert_eq!(code, 0, "{err}");
    let back = answered(&form_q1, &site.path().join("sua-3.xlsx"), &[("Chỉ tiêu", "L4", C::N(9.0))]);
    let (code, _, err) = import(site.path(), &[&back], &["--revise"]);
    assert_eq!(code, 1);
    assert!(err.contains("frozen too: set current_period = \"2026-Q3\" in site.toml"), "{err}");
}

#[test]
fn formulas_without_results_and_merged_answer_cells_are_errors_not_blanks() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let back = answered_merged(
        &path,
        &site.path().join("cong-thuc.xlsx"),
        &[
            ("Chỉ tiêu", "L3", C::Formula("=60+2")),
            ("Nhiệm vụ", "L4", text("Đang thực hiện")),
            ("Nhiệm vụ", "M4", C::Formula("=50*2")),
            ("Nhiệm vụ", "N5", C::Formula("=SUM(A1:A2)")),
            ("Nhiệm vụ", "L5", text("Hoàn thành")),
            ("Chỉ tiêu", "L4", C::N(9.0)),
        ],
        &[("Chỉ tiêu", 3, 11, 4, 11)],
    );
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    for (cell, field, formula) in
        [("Chỉ tiêu!L3", "value", "=60+2"), ("Nhiệm vụ!M4", "percent", "=50*2"), ("Nhiệm vụ!N5", "note", "=SUM(A1:A2)")]
    {
        assert!(
            err.contains(&format!(
                "error: this cell has a formula without a saved result\n  --> cong-thuc.xlsx: {cell} ({field})\n   |\n   | {formula}"
            )),
            "{cell}: {err}"
        );
    }
    assert!(err.contains("open and save the file in a spreadsheet program"), "{err}");
    assert!(err.contains("error: the cells L4:L5 are merged\n  --> cong-thuc.xlsx: Chỉ tiêu!L4 (value)"), "{err}");
    assert_eq!(before, files(site.path()));

    // The same in LibreOffice's .ods: a formula without a value, cells spanning two rows.
    let ods = site.path().join("cong-thuc.ods");
    let cell =
        |s: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#);
    write_ods(
        &ods,
        "Chỉ tiêu",
        &[
            &[cell("period"), cell("indicator"), cell("value")].concat(),
            &[cell("2026-Q2"), cell("ky-nang-so"), r#"<table:table-cell table:formula="of:=60+2"/>"#.into()].concat(),
            &[
                cell("2026-Q2"),
                cell("thu-hang"),
                r#"<table:table-cell table:number-rows-spanned="2" office:value-type="float" office:value="9"><text:p>9</text:p></table:table-cell>"#.into(),
            ]
            .concat(),
            &[cell("2026-Q2"), cell("chua-co-so-lieu"), "<table:covered-table-cell/>".into()].concat(),
        ],
    );
    let (code, _, err) = import(site.path(), &[&ods], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("this cell has a formula without a saved result\n  --> cong-thuc.ods: Chỉ tiêu!C2 (value)"),
        "{err}"
    );
    assert!(err.contains("error: the cells C3:C4 are merged\n  --> cong-thuc.ods: Chỉ tiêu!C3 (value)"), "{err}");
    assert_eq!(before, files(site.path()));

    // A formula's saved error is named as the spreadsheet shows it.
    let back = answered(&path, &site.path().join("loi.xlsx"), &[("Chỉ tiêu", "L3", C::Result("=1/0", "#DIV/0!"))]);
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("this cell holds the error #DIV/0!\n  --> loi.xlsx: Chỉ tiêu!L3 (value)"), "{err}");
    // With its result saved (as Excel and LibreOffice do), a formula is read; a unit's name
    // merged over its rows is only a description.
    let back = answered_merged(
        &path,
        &site.path().join("ket-qua.xlsx"),
        &[("Chỉ tiêu", "L3", C::Result("=60+2", "62"))],
        &[("Chỉ tiêu", 2, 1, 3, 1)],
    );
    let (code, out, err) = import(site.path(), &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value ky-nang-so: 61 → 62"), "{out}");
}

#[test]
fn answers_take_the_place_of_a_new_periods_commented_blocks() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let (code, _, err) = run(&["new", "period", "2026-Q3", "--root", s(root)]);
    assert_eq!(code, 0, "{err}");
    let template = progress(root, "2026-Q3");
    assert!(template.contains("# reported = ") && template.contains("# [[value]]\n# indicator = \"thu-hang\""));
    let path = form(root, "2026-Q3", &[]);
    let back = answered(
        &path,
        &root.join("q3.xlsx"),
        &[("Chỉ tiêu", "L4", C::N(8.0)), ("Nhiệm vụ", "L3", text("Hoàn thành")), ("Nhiệm vụ", "M3", C::N(100.0))],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang: 8 (new)") && out.contains("(new)"), "{out}");
    let after = progress(root, "2026-Q3");
    // The commented block is replaced by the answer, in its place; nothing else moves.
    let value_at = after.find("[[value]]\nindicator = \"thu-hang\"\nvalue = 8\n").expect(&after);
    assert!(!after.contains("# indicator = \"thu-hang\""), "{after}");
    assert!(after.find("# reported = ").unwrap() < value_at);
    assert!(after.find("── Tasks ──").unwrap() > value_at);
    let task_ref = out.lines().find_map(|l| l.trim().strip_prefix("task ")).unwrap().split(':').next().unwrap();
    let task_at =
        after.find(&format!("[[task]]\nref = \"{task_ref}\"\nstatus = \"done\"\npercent = 100\n")).expect(&after);
    assert!(task_at > after.find("── Tasks ──").unwrap());
    assert!(!after.contains(&format!("# ref = \"{task_ref}\"")), "{after}");
    // Every other line is as the template wrote it.
    let kept: Vec<&str> = after.lines().filter(|l| l.starts_with('#') || l.is_empty()).collect();
    assert!(kept.iter().all(|l| template.lines().any(|t| t == *l)));
    // The file's own instruction still works: uncomment `reported`.
    let fixed = after.replacen("# reported = ", "reported = ", 1);
    std::fs::write(root.join("data/progress/2026-Q3.toml"), fixed).unwrap();
    check_ok(root);
}

#[test]
fn a_crlf_progress_file_keeps_its_line_endings() {
    let q2 = std::fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml")).unwrap();
    let crlf = q2.replace('\n', "\r\n");
    let site = site_with_q2(&crlf);
    let path = form(site.path(), "2026-Q2", &[]);
    let back =
        answered(&path, &site.path().join("a.xlsx"), &[("Chỉ tiêu", "L4", C::N(9.0)), ("Chỉ tiêu", "L5", C::N(3.0))]);
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    let after = progress(site.path(), "2026-Q2");
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count(), "{after:?}");
    assert_eq!(after.replace("\r\n", "\n"), {
        let mut want = q2.replace("indicator = \"thu-hang\"\nvalue = 10\n", "indicator = \"thu-hang\"\nvalue = 9\n");
        let at = want.find("\n[[task]]").unwrap() + 1;
        want.insert_str(at, "[[value]]\nindicator = \"chua-co-so-lieu\"\nvalue = 3\n\n");
        want
    });
    check_ok(site.path());
}

#[test]
fn small_things_an_import_says_right() {
    let site = site_from("basic", &[]);
    let root = site.path();
    // A form of another period: one error for the file, not one per row.
    let q1 = form(root, "2026-Q1", &[]);
    let q2 = form(root, "2026-Q2", &[]);
    let (code, _, err) = import(root, &[&q2, &q1], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: form-2026-Q1.xlsx is the form for 2026-Q1, but the answers are imported for 2026-Q2"),
        "{err}"
    );
    assert!(err.contains("import failed: 1 error(s)"), "{err}");
    let (code, _, err) = import(root, &[&q1], &["--period", "2026-Q2"]);
    assert_eq!(code, 1);
    assert!(err.contains("import failed: 1 error(s)") && err.contains("--period 2026-Q2 was given"), "{err}");

    // Every change of a task is said; a sample figure an agency answers is no longer a sample.
    let back = answered(
        &q2,
        &root.join("b.xlsx"),
        &[
            ("Nhiệm vụ", "M4", C::N(45.0)),
            ("Nhiệm vụ", "N4", C::E),
            ("Nhiệm vụ", "O4", C::E),
            ("Chỉ tiêu", "L3", C::N(62.0)),
        ],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 45%; note removed, evidence removed"), "{out}");
    assert!(out.contains("value ky-nang-so: 61 → 62; no longer marked sample"), "{out}");
    let after = progress(root, "2026-Q2");
    assert!(after.contains("indicator = \"ky-nang-so\"\nvalue = 62\n\n"), "{after}");
    check_ok(root);

    // A file all of whose figures are samples says so, whatever is imported into it.
    let all_samples = std::fs::read_to_string(root.join("data/progress/2026-Q2.toml"))
        .unwrap()
        .replace("reported = 2026-07-08\n", "reported = 2026-07-08\nsample = true\n");
    std::fs::write(root.join("data/progress/2026-Q2.toml"), all_samples).unwrap();
    let back = answered(&q2, &root.join("c.xlsx"), &[("Chỉ tiêu", "L4", C::N(8.0))]);
    let (code, out, err) = import(root, &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "note: it says `sample = true`: every figure in it, the imported ones too, is shown as illustrative"
        ),
        "{out}"
    );

    // Excel's lock file for an open workbook is named as such.
    let lock = root.join("~$bao-cao.xlsx");
    std::fs::write(&lock, b"\x0bNguyen Van A").unwrap();
    let (code, _, err) = import(root, &[&lock], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("is not a workbook but the lock file Excel keeps while `bao-cao.xlsx` is open"), "{err}");

    // A broken site: one `error:` before each message.
    std::fs::write(root.join("data/progress/2026-Q2.toml"), "period = \"2026-Q2\"\nvalue = [\n").unwrap();
    let (code, _, err) = import(root, &[&q2], &[]);
    assert_eq!(code, 1);
    assert!(!err.contains("error: error:") && err.starts_with("error: the site has 1 error(s)"), "{err}");
}

#[test]
fn new_period_writes_the_file_of_a_period_declared_without_one() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml")).unwrap()
        + "\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026 (khai báo tay)\"\nstart = 2026-07-01\nend = 2026-09-30\n";
    let site = site_from("basic", &[("data/periods.toml", Some(periods.as_bytes()))]);
    let root = site.path();
    let (code, out, err) = run(&["new", "period", "2026-Q3", "--root", s(root)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2026-Q3.toml") || err.contains("2026-Q3.toml"), "{out}{err}");
    // The site still publishes its current period: the keeper is told what moves it on.
    let said = format!("{out}{err}");
    assert!(said.contains("then set current_period = \"2026-Q3\" in site.toml to publish it"), "{said}");
    assert_eq!(std::fs::read_to_string(root.join("data/periods.toml")).unwrap(), periods, "declared once");
    let file = progress(root, "2026-Q3");
    assert!(file.contains("Quý III/2026 (khai báo tay)") && file.contains("period = \"2026-Q3\""), "{file}");
    check_ok(root);
    let (code, _, err) = run(&["new", "period", "2026-Q3", "--root", s(root)]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    // A period the site publishes already (its file lost, say) is not said to need publishing:
    // moving current_period back to it would withdraw the later one.
    let current = site_from("basic", &[("data/progress/2026-Q1.toml", None)]);
    let (code, out, err) = run(&["new", "period", "2026-Q1", "--root", s(current.path())]);
    let said = format!("{out}{err}");
    assert!(code == 0 && said.contains("2026-Q1.toml") && !said.contains("current_period"), "{said}");
    // An import of an untouched form says there was nothing to import, not "already in".
    let path = form(root, "2026-Q3", &[]);
    let (code, out, _) = import(root, &[&path], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("the files hold no answers"), "{out}");
}

#[test]
fn a_form_path_through_a_folder_that_does_not_exist_makes_no_such_folder() {
    let site = site_from("basic", &[]);
    let away = tempfile::tempdir().unwrap();
    let typed = away.path().join("X/../forms/z.xlsx");
    let (code, _, err) = run(&["form", "2026-Q2", "--root", s(site.path()), "-o", s(&typed)]);
    assert_eq!(code, 0, "{err}");
    assert!(away.path().join("forms/z.xlsx").is_file());
    assert!(!away.path().join("X").exists(), "a folder the path only passes through is not made");
}

#[test]
fn a_number_in_the_date_column_is_a_date_only_when_it_is_a_days_number() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let before = files(root);
    // A year typed where the day goes is not day 2026 of the spreadsheet's calendar (18/7/1905),
    // nor is 31.3 typed in a cell that made it a number.
    // (The column is added after the form's last one, O, hidden.)
    let back = answered(
        &q2,
        &root.join("year.xlsx"),
        &[
            ("Chỉ tiêu", "P2", text("as_of")),
            ("Chỉ tiêu", "L4", C::N(7.0)),
            ("Chỉ tiêu", "P4", C::N(2026.0)),
            ("Chỉ tiêu", "L5", C::N(3.0)),
            ("Chỉ tiêu", "P5", C::N(31.3)),
        ],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: 2026 is a number, not a date\n  --> year.xlsx: Chỉ tiêu!P4 (as_of)"), "{err}");
    assert!(err.contains("error: 31.3 is a number, not a date\n  --> year.xlsx: Chỉ tiêu!P5 (as_of)"), "{err}");
    assert!(err.contains("import failed: 2 error(s)"), "{err}");
    assert_eq!(files(root), before);
    // A date cell whose format was lost holds the day's number: 46112 is 31/3/2026.
    let back = answered(
        &q2,
        &root.join("serial.xlsx"),
        &[("Chỉ tiêu", "P2", text("as_of")), ("Chỉ tiêu", "L4", C::N(7.0)), ("Chỉ tiêu", "P4", C::N(46112.0))],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang as of 2026-03-31: 7 (new)"), "{out}");
    check_ok(root);
}

#[test]
fn a_stray_cell_at_the_far_corner_of_a_sheet_is_no_reason_to_fail() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // Something typed in the last cell a sheet has (XFD1048576, after Ctrl+End or Ctrl+→↓):
    // the sheet is then as big as a sheet can be, though it holds a handful of cells.
    let back = answered(
        &q2,
        &root.join("far.xlsx"),
        &[("Nhiệm vụ", "L3", text("Hoàn thành")), ("Nhiệm vụ", "XFD1048576", text("x"))],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.1: done (new)"), "{out}");
    check_ok(root);
}

#[test]
fn a_note_of_one_endless_word_builds() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // A cell pasted from a system that lost its spaces, or a key held down: one word of 20,000
    // letters, which the search index once split letter by letter until the build overflowed
    // its stack.
    let word = "x".repeat(20_000);
    let back = answered(
        &q2,
        &root.join("long.xlsx"),
        &[("Nhiệm vụ", "L5", text("Hoàn thành")), ("Nhiệm vụ", "N5", text(&word))],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    check_ok(root);
    build_ok(root);
}

#[test]
fn a_file_that_is_not_the_workbook_its_name_says_is_named_for_what_it_is() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let before = files(root);
    let bytes = std::fs::read(&q2).unwrap();
    let empty = root.join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    let cut = root.join("cut.xlsx");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let csv = root.join("csv.xlsx");
    std::fs::write(&csv, "ref,status\nkh-1/1.1,done\n").unwrap();
    let html = root.join("export.xls");
    std::fs::write(&html, "\u{feff}<html><body><table><tr><td>ref</td></tr></table></body></html>").unwrap();
    let renamed = root.join("renamed.xls");
    std::fs::write(&renamed, &bytes).unwrap();
    // An encrypted workbook: an Office file of the old kind holding a stream `EncryptedPackage`.
    let mut locked = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    locked.resize(512, 0);
    locked.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    locked.resize(2048, 0);
    let password = root.join("password.xlsx");
    std::fs::write(&password, &locked).unwrap();
    let missing = root.join("missing.xlsx");
    let all = [&empty, &cut, &csv, &html, &renamed, &password, &missing];
    let (code, _, err) = import(root, &all.map(PathBuf::as_path), &[]);
    assert_eq!(code, 1);
    for said in [
        "empty.xlsx is empty (0 bytes): it holds no workbook",
        "cut.xlsx is cut short: only the first",
        "csv.xlsx is a text file named .xlsx, not a workbook",
        "rename it to .csv",
        "export.xls is a web page (HTML) named .xls, not a workbook",
        "renamed.xls is a workbook of the newer kind (.xlsx or .ods) named .xls",
        "password.xlsx is protected by a password",
        "missing.xlsx does not exist",
        "import failed: 7 error(s); nothing was written",
    ] {
        assert!(err.contains(said), "{said}\n{err}");
    }
    assert!(!err.contains("Zip error") && !err.contains("EOCD"), "{err}");
    assert_eq!(files(root), before);
}

/// A new period is refused, once, with the site's errors after it, while the site has any; an
/// id with a sign or a leading zero is no id.
#[test]
fn new_period_says_the_sites_errors_once_and_refuses_ids_with_signs() {
    let site = site_from("basic", &[]);
    let root = site.path();
    for id in ["2027-+1", "2027-Q+1", "2027-Q01"] {
        let (code, _, err) = run(&["new", "period", id, "--root", s(root)]);
        assert_eq!(code, 1, "{id}");
        assert!(err.starts_with(&format!("error: `{id}` is not a period id")), "{err}");
    }
    check_ok(root);
    let units =
        std::fs::read_to_string(root.join("data/units.toml")).unwrap() + "\n[[unit]]\nid = \"vp\"\nname = \"Lặp\"\n";
    std::fs::write(root.join("data/units.toml"), units).unwrap();
    let (code, _, err) = run(&["new", "period", "2026-Q3", "--root", s(root)]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: the site has 1 error(s); fix them before opening a new period:\n\nerror: "),
        "{err}"
    );
    assert!(!err.contains("error: error:"), "{err}");
}
