//! The record a form keeps of what it was prefilled with (a hidden last column), and the
//! three-way merge it makes possible: an answer left as the form gave it does not undo the
//! keeper's later edit, a field changed on both sides is a conflict, and a form without its
//! record (or with a damaged one) says so.

mod common;

use common::sheet::*;
use common::site_from;

#[test]
fn the_form_records_what_it_was_prefilled_with_in_a_hidden_column() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let book = read_book(&path);
    let tasks = &book["Nhiệm vụ"];
    // The visible columns are as they were; the record is the last column, P, hidden and locked.
    assert_eq!(tasks[1][14].to_string(), "evidence");
    assert_eq!(tasks[1][15].to_string(), "prefilled");
    // Each record also holds a digest of what the row's read-only columns show, 16 hex digits.
    let answers = |cell: &calamine::Data| {
        let mut record: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&cell.to_string()).unwrap();
        let shown = record.remove("shown").unwrap();
        let shown = shown.as_str().unwrap();
        assert!(shown.len() == 16 && shown.chars().all(|c| c.is_ascii_hexdigit()), "{shown}");
        serde_json::Value::Object(record).to_string()
    };
    assert_eq!(
        answers(&tasks[3][15]),
        r#"{"evidence":"Công văn số 12/VP | https://example.gov.vn/cv12.pdf","note":"Đã tổ chức 2 lớp.","percent":40.0,"ref":"kh-1/1.2","status":"in_progress"}"#
    );
    assert_eq!(answers(&tasks[2][15]), r#"{"ref":"kh-1/1.1"}"#, "nothing reported yet");
    let values = &book["Chỉ tiêu"];
    assert_eq!(values[1][14].to_string(), "prefilled");
    assert_eq!(answers(&values[3][14]), r#"{"indicator":"thu-hang","value":10.0}"#);
    let sheet = zip_entry(&path, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains(r#"<col min="16" max="16""#) && sheet.contains(r#"hidden="1""#), "{sheet}");
}

#[test]
fn a_keepers_edit_stands_where_the_agency_left_the_field_as_the_form_gave_it() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    // After the forms went out, the keeper corrects a note and a figure, and removes a figure.
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức 2 lớp; lớp thứ 3 ngày 5/6.\"");
    edit_progress(root, "2026-Q2", "indicator = \"thu-hang\"\nvalue = 10\n", "indicator = \"thu-hang\"\nvalue = 8\n");
    edit_progress(root, "2026-Q2", "[[value]]\nindicator = \"ky-nang-so\"\nvalue = 61\nsample = true\n\n", "");
    // The agency changes the percent and adds a source; it leaves the note and figures as given.
    let back = answered(
        &path,
        &root.join("bao-cao-vp.xlsx"),
        &[("Nhiệm vụ", "M4", C::N(55.0)), ("Chỉ tiêu", "M4", text("Báo cáo xếp hạng 2026"))],
    );
    let before = files(root);
    let (code, out, err) = import(root, &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let kept = [
        "kept as data/progress/2026-Q2.toml has it, changed there after the form was made (the form left it as it was made):",
        "  task kh-1/1.2, note: “Đã tổ chức 2 lớp; lớp thứ 3 ngày 5/6.” stays; the form still had “Đã tổ chức 2 lớp.” (bao-cao-vp.xlsx: Nhiệm vụ!N4)",
        "  indicator thu-hang, value: “8” stays; the form still had “10” (bao-cao-vp.xlsx: Chỉ tiêu!L4)",
        "  indicator ky-nang-so: no figure, removed from the file after the form was made; the form's answer, left as it was made, is not put back (bao-cao-vp.xlsx: Chỉ tiêu!L3)",
    ];
    for line in kept {
        assert!(out.contains(line), "missing «{line}» in:\n{out}");
    }
    assert!(out.contains("dry run: nothing was written") && !out.contains("does not record"), "{out}");
    assert_eq!(before, files(root));

    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%\n"), "{out}");
    assert!(out.contains("value thu-hang: 8; source added"), "{out}");
    assert!(out.contains(kept[1]), "{out}");
    let after = progress(root, "2026-Q2");
    assert!(after.contains("percent = 55\nnote = \"Đã tổ chức 2 lớp; lớp thứ 3 ngày 5/6.\""), "{after}");
    assert!(after.contains("indicator = \"thu-hang\"\nvalue = 8\nsource = \"Báo cáo xếp hạng 2026\"\n"), "{after}");
    assert!(!after.contains("value = 61"), "{after}");
    check_ok(root);
    // Again: nothing to change, and the keeper's edits are still said to stand.
    let (code, out, _) = import(root, &[&back], &[]);
    assert_eq!(code, 0);
    assert!(out.starts_with("nothing to change\n") && out.contains(kept[1]), "{out}");
}

#[test]
fn a_field_changed_both_in_the_file_and_in_the_form_is_a_conflict_and_nothing_is_written() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức 3 lớp.\"");
    edit_progress(root, "2026-Q2", "indicator = \"thu-hang\"\nvalue = 10\n", "indicator = \"thu-hang\"\nvalue = 8\n");
    edit_progress(root, "2026-Q2", "[[value]]\nindicator = \"ky-nang-so\"\nvalue = 61\nsample = true\n\n", "");
    let back = answered(
        &path,
        &root.join("bao-cao-vp.xlsx"),
        &[
            ("Nhiệm vụ", "M4", C::N(55.0)),
            ("Nhiệm vụ", "N4", text("Đã tổ chức 2 lớp, 120 người dự.")),
            ("Chỉ tiêu", "L3", C::N(62.0)),
            ("Chỉ tiêu", "L4", C::N(9.0)),
        ],
    );
    let before = files(root);
    for extra in [&[][..], &["--dry-run"][..]] {
        let (code, _, err) = import(root, &[&back], extra);
        assert_eq!(code, 1, "{extra:?}");
        let expect = [
            "error: `note` of task `kh-1/1.2` was changed both in data/progress/2026-Q2.toml (the [[task]] with ref = \"kh-1/1.2\") and in this form after the form was made\n  --> bao-cao-vp.xlsx: Nhiệm vụ!N4 (note)",
            "   | this form: “Đã tổ chức 2 lớp, 120 người dự.”\n   | data/progress/2026-Q2.toml now: “Đã tổ chức 3 lớp.”\n   | the form was made with: “Đã tổ chức 2 lớp.”",
            "error: `value` of indicator `thu-hang` was changed both in data/progress/2026-Q2.toml (the [[value]] of indicator = \"thu-hang\") and in this form after the form was made\n  --> bao-cao-vp.xlsx: Chỉ tiêu!L4 (value)",
            "   | this form: “9”\n   | data/progress/2026-Q2.toml now: “8”\n   | the form was made with: “10”",
            "error: indicator `ky-nang-so` has no figure in data/progress/2026-Q2.toml any more: the [[value]] of indicator = \"ky-nang-so\" was removed there after the form was made, and this form changes it\n  --> bao-cao-vp.xlsx: Chỉ tiêu!L3 (value)",
            "   | this form: “62”\n   | data/progress/2026-Q2.toml now: (empty)\n   | the form was made with: “61”",
            "--take-form puts the form's answer in the file, --keep-mine keeps the file's",
            "import failed: 3 error(s); nothing was written",
        ];
        for e in expect {
            assert!(err.contains(e), "missing «{e}» in:\n{err}");
        }
        assert_eq!(before, files(root));
    }
    // The keeper says which side wins.
    let (code, out, err) = import(root, &[&back], &["--keep-mine", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%\n"), "{out}");
    assert!(
        out.contains("  task kh-1/1.2, note: “Đã tổ chức 3 lớp.” stays, not the form's “Đã tổ chức 2 lớp, 120 người dự.” (--keep-mine; bao-cao-vp.xlsx: Nhiệm vụ!N4)"),
        "{out}"
    );
    assert!(!out.contains("value thu-hang") && !out.contains("value ky-nang-so"), "{out}");
    assert!(
        out.contains(
            "  indicator ky-nang-so: left without a figure, as the file has it, not as the form says (--keep-mine)"
        ),
        "{out}"
    );
    let (code, _, _) = import(root, &[&back], &["--keep-mine", "--take-form"]);
    assert_eq!(code, 2, "one or the other");
    let (code, out, err) = import(root, &[&back], &["--take-form"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang: 8 → 9") && out.contains("value ky-nang-so: 62 (new)"), "{out}");
    assert!(
        out.contains(
            "indicator thu-hang, value: the form's “9” replaces “8” (--take-form; bao-cao-vp.xlsx: Chỉ tiêu!L4)"
        ),
        "{out}"
    );
    let after = progress(root, "2026-Q2");
    assert!(after.contains("percent = 55\nnote = \"Đã tổ chức 2 lớp, 120 người dự.\""), "{after}");
    check_ok(root);
}

#[test]
fn a_form_without_its_record_replaces_the_files_values_and_says_so() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức 3 lớp.\"");
    let back = answered(&path, &root.join("full.xlsx"), &[("Nhiệm vụ", "M4", C::N(55.0))]);
    // Made before forms recorded their prefilled answers, or saved without the hidden column
    // (the visible cells copied into a new workbook): its answers replace the file's, as before.
    let old = without_column(&back, &root.join("bao-cao-cu.xlsx"), "prefilled");
    assert_eq!(read_book(&old)["Nhiệm vụ"][1].len(), 15);
    let (code, out, err) = import(root, &[&old], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%; note changed"), "{out}");
    assert!(
        out.contains(
            "note: bao-cao-cu.xlsx does not record what its answers were prefilled with (a form made before minhbach recorded it, a file another program wrote, or a form saved without its hidden last column): its answers replace what data/progress/2026-Q2.toml has, edits made there after the form was made included"
        ),
        "{out}"
    );
    assert!(progress(root, "2026-Q2").contains("percent = 55\nnote = \"Đã tổ chức 2 lớp.\""));
}

#[test]
fn a_record_damaged_or_moved_to_another_row_makes_every_difference_a_conflict() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức 3 lớp.\"");
    // The record of 1.2 holds 1.1's (as after sorting the visible columns alone); the figure's
    // record is cut short.
    let back = answered(
        &path,
        &root.join("bao-cao-vp.xlsx"),
        &[
            ("Nhiệm vụ", "M4", C::N(55.0)),
            ("Nhiệm vụ", "P4", text(r#"{"ref":"kh-1/1.1"}"#)),
            ("Chỉ tiêu", "L4", C::N(9.0)),
            ("Chỉ tiêu", "O4", text(r#"{"indicator":"thu-hang","val"#)),
        ],
    );
    let before = files(root);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1);
    for e in [
        "error: `percent` of task `kh-1/1.2` differs between this form and data/progress/2026-Q2.toml (the [[task]] with ref = \"kh-1/1.2\"), and the form's record of what this row was prefilled with is missing or damaged, so which side changed it cannot be told\n  --> bao-cao-vp.xlsx: Nhiệm vụ!M4 (percent)",
        "   | this form: “55”\n   | data/progress/2026-Q2.toml now: “40”\n   | the form was made with: (not known)",
        "--> bao-cao-vp.xlsx: Nhiệm vụ!N4 (note)",
        "--> bao-cao-vp.xlsx: Chỉ tiêu!L4 (value)",
        "import failed: 3 error(s)",
    ] {
        assert!(err.contains(e), "missing «{e}» in:\n{err}");
    }
    assert_eq!(before, files(root));
    // Fields that agree with the file are no conflict; --keep-mine keeps the file's for the rest.
    let (code, out, err) = import(root, &[&back], &["--keep-mine"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nothing to change\n"), "{out}");
    assert_eq!(before, files(root));
}

#[test]
fn a_csv_saved_from_the_form_keeps_its_record() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức 3 lớp.\"");
    // Saved as CSV, the active sheet with its hidden column, from the field-name row on.
    let book = read_book(&path);
    let csv = root.join("nhiem-vu.csv");
    let mut w = csv::Writer::from_path(&csv).unwrap();
    for (i, row) in book["Nhiệm vụ"].iter().enumerate().skip(1) {
        let mut cells: Vec<String> = row.iter().map(|d| d.to_string()).collect();
        if i == 3 {
            cells[12] = "55".into();
        }
        w.write_record(&cells).unwrap();
    }
    w.flush().unwrap();
    let (code, out, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%\n"), "{out}");
    assert!(out.contains("task kh-1/1.2, note: “Đã tổ chức 3 lớp.” stays"), "{out}");
    assert!(progress(root, "2026-Q2").contains("percent = 55\nnote = \"Đã tổ chức 3 lớp.\""));
}

#[test]
fn a_prefilled_report_whose_answers_were_cleared_is_said_not_silently_kept() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    // The agency empties the answers the form gave a task and a figure: "nothing to import"
    // was all the import said, and the file kept both reports.
    let cleared = [
        ("Nhiệm vụ", "L4", C::E),
        ("Nhiệm vụ", "M4", C::E),
        ("Nhiệm vụ", "N4", C::E),
        ("Nhiệm vụ", "O4", C::E),
        ("Chỉ tiêu", "L4", C::E),
    ];
    let back = answered(&path, &root.join("xoa.xlsx"), &cleared);
    let before = files(root);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: the answers of this row were cleared, but the form gave it the report that data/progress/2026-Q2.toml has ([[task]] with ref = \"kh-1/1.2\"), and an import does not remove one\n  --> xoa.xlsx: Nhiệm vụ!L4 (status)"
        ),
        "{err}"
    );
    assert!(err.contains("the form was made with: status: in_progress; percent: 40; note: Đã tổ chức 2 lớp."), "{err}");
    assert!(
        err.contains("the figure that data/progress/2026-Q2.toml has ([[value]] of indicator = \"thu-hang\"), and an import does not remove one\n  --> xoa.xlsx: Chỉ tiêu!L4 (value)"),
        "{err}"
    );
    assert!(err.contains("import failed: 2 error(s)"), "{err}");
    assert_eq!(files(root), before, "nothing was written");
    // --keep-mine keeps the file's reports and says so; a row the file no longer has is
    // cleared in agreement.
    let (code, out, err) = import(root, &[&back], &["--keep-mine"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: its answers were cleared in the form; the report in data/progress/2026-Q2.toml stays (--keep-mine; xoa.xlsx: Nhiệm vụ!L4)"), "{out}");
    assert_eq!(files(root), before);
    edit_progress(root, "2026-Q2", "[[value]]\nindicator = \"thu-hang\"\nvalue = 10\n", "");
    edit_progress(root, "2026-Q2", "[[task]]\nref = \"kh-1/1.2\"\n", "[[task]]\nref = \"kh-1/1.1\"\n");
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nothing to change"), "{out}");
}

#[test]
fn a_form_left_as_it_was_made_gives_way_to_one_that_changes_the_same_rows() {
    // The same rows in two forms (a unit's form and the whole city's, or a form sent back
    // twice, first untouched): the one left as made was taken as a second, different answer.
    let site = site_from("basic", &[]);
    let root = site.path();
    let path = form(root, "2026-Q2", &[]);
    let untouched = root.join("lan-1.xlsx");
    std::fs::copy(&path, &untouched).unwrap();
    let changed =
        answered(&path, &root.join("lan-2.xlsx"), &[("Nhiệm vụ", "M4", C::N(55.0)), ("Chỉ tiêu", "L4", C::N(9.0))]);
    for files in [[untouched.as_path(), changed.as_path()], [changed.as_path(), untouched.as_path()]] {
        let (code, out, err) = import(root, &files, &["--dry-run"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%"), "{out}");
        assert!(out.contains("value thu-hang: 10 → 9"), "{out}");
    }
    // Two forms that both change a row, differently, still disagree.
    let other = answered(&path, &root.join("lan-3.xlsx"), &[("Chỉ tiêu", "L4", C::N(8.0))]);
    let (code, _, err) = import(root, &[&untouched, &changed, &other], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("indicator `thu-hang` has two different figures"), "{err}");
}

/// Evidence the file holds in a way the form's cell reads back differently (a title ending in
/// `:`, an address ending in `.`, a title that names an address of its own, an address with
/// a `|`): a form imported untouched changes nothing and refuses nothing.
#[test]
fn an_untouched_form_keeps_evidence_as_the_file_writes_it() {
    let site = site_from("basic", &[]);
    let root = site.path();
    edit_progress(
        root,
        "2026-Q2",
        "evidence = [{ title = \"Công văn số 12/VP\", url = \"https://example.gov.vn/cv12.pdf\" }]",
        "evidence = [{ title = \"Công văn số 12:\", url = \"https://example.gov.vn/cv12.pdf\" }, \
         { title = \"Kế hoạch\", url = \"https://example.gov.vn/k.pdf.\" }, { title = \"Bản gốc tại https://vanban.gov.vn/12\", \
         url = \"https://example.gov.vn/g.pdf\" }, { title = \"Tra cứu\", url = \"https://example.gov.vn/search?q=a|b\" }]",
    );
    check_ok(root);
    let q2 = form(root, "2026-Q2", &[]);
    let before = files(root);
    let (code, out, err) = import(root, &[&q2], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nothing to change"), "{out}");
    assert_eq!(files(root), before);
}

/// LibreOffice drops a tab from a cell's text when it saves a form again (.xlsx to .ods and
/// back): a note left as the form gave it still changes nothing.
#[test]
fn a_tab_an_office_program_dropped_is_no_answer() {
    let site = site_from("basic", &[]);
    let root = site.path();
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", "note = \"Đã tổ chức\\t2 lớp.\"");
    check_ok(root);
    let q2 = form(root, "2026-Q2", &[]);
    let saved = answered(&q2, &root.join("luu-lai.xlsx"), &[("Nhiệm vụ", "N4", text("Đã tổ chức2 lớp."))]);
    let before = files(root);
    let (code, out, err) = import(root, &[&saved], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nothing to change"), "{out}");
    assert_eq!(files(root), before);
}
