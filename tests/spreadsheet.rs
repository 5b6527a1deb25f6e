//! The spreadsheet round trip: `minhbach form` writes a period's reporting workbook and
//! `minhbach import` reads answers back from it, from workbooks other programs wrote, and from
//! CSV. Workbooks are built with rust_xlsxwriter and read back with calamine, on temporary
//! copies of the `basic` fixture (never the default site, except one read-only `form`).

//! Its helpers are in `common/sheet.rs`, shared with `spreadsheet_hardening.rs`,
//! `spreadsheet_cells.rs` (answer cells as agencies fill them),
//! `spreadsheet_prefilled.rs` (the record of what a form was prefilled with) and
//! `spreadsheet_office.rs` (the round trip through LibreOffice).

mod common;

use std::path::Path;

use calamine::Data;
use common::sheet::*;
use common::site_from;

#[test]
fn the_form_has_instructions_tasks_and_indicators_grouped_by_unit() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    assert_eq!(sheet_names(&path), ["Hướng dẫn", "Nhiệm vụ", "Chỉ tiêu"]);
    let book = read_book(&path);
    let help: Vec<String> = book["Hướng dẫn"].iter().map(|r| r[0].to_string()).collect();
    assert!(help.iter().any(|l| l.contains("Quý II/2026")), "{help:?}");
    assert!(help.iter().any(|l| l.contains("Gửi báo cáo")), "{help:?}");
    // The forms the import reads besides the plain ones are said where the agency types them.
    for accepted in ["８２，４", "２０２６／０５／２０", "2026/05/20", "20/5/2026"] {
        assert!(help.iter().any(|l| l.contains(accepted)), "{accepted}: {help:?}");
    }

    let tasks = &book["Nhiệm vụ"];
    let fields: Vec<String> = tasks[1].iter().map(|d| d.to_string()).collect();
    for f in ["ref", "status", "percent", "note", "evidence", "period"] {
        assert!(fields.contains(&f.to_string()), "{fields:?}");
    }
    assert_eq!(tasks[0][4].to_string(), "Mã nhiệm vụ");
    let col = |name: &str| fields.iter().position(|f| f == name).unwrap();
    let refs: Vec<String> = tasks[2..].iter().map(|r| r[col("ref")].to_string()).collect();
    assert_eq!(refs, ["kh-1/1.1", "kh-1/1.2", "kh-1/1.3"]);
    let units: Vec<String> = tasks[2..].iter().map(|r| r[col("unit")].to_string()).collect();
    assert_eq!(units, ["Văn phòng Ban Quản lý", "Văn phòng Ban Quản lý", "Các phòng chuyên môn"]);
    // 1.1: last period's report shown, nothing answered yet this period.
    let r11 = &tasks[2];
    assert_eq!(r11[col("last_status")].to_string(), "Đang thực hiện");
    assert_eq!(r11[col("last_percent")], Data::Float(60.0));
    assert_eq!(r11[col("status")], Data::Empty);
    assert_eq!(r11[col("due")].to_string(), "Quý I");
    assert_eq!(r11[col("section")].to_string(), "1. Nâng cao nhận thức");
    assert_eq!(r11[col("plan")].to_string(), "01/KH-BQL");
    // 1.2: this period's report is already in the answer columns.
    let r12 = &tasks[3];
    assert_eq!(r12[col("status")].to_string(), "Đang thực hiện");
    assert_eq!(r12[col("percent")], Data::Float(40.0));
    assert_eq!(r12[col("note")].to_string(), "Đã tổ chức 2 lớp.");
    assert_eq!(r12[col("evidence")].to_string(), "Công văn số 12/VP | https://example.gov.vn/cv12.pdf");

    let values = &book["Chỉ tiêu"];
    let vfields: Vec<String> = values[1].iter().map(|d| d.to_string()).collect();
    for f in ["indicator", "value", "source", "note"] {
        assert!(vfields.contains(&f.to_string()), "{vfields:?}");
    }
    let vcol = |name: &str| vfields.iter().position(|f| f == name).unwrap();
    let ids: Vec<String> = values[2..].iter().map(|r| r[vcol("indicator")].to_string()).collect();
    assert_eq!(ids, ["ky-nang-so", "thu-hang", "chua-co-so-lieu"]);
    let kns = &values[2];
    assert_eq!(kns[vcol("target")].to_string(), "≥ 80% (2026)");
    assert_eq!(kns[vcol("measure")].to_string(), "%");
    assert_eq!(kns[vcol("last_value")], Data::Float(50.0));
    assert_eq!(kns[vcol("value")], Data::Float(61.0));
    assert_eq!(values[4][vcol("unit")].to_string(), "Chưa xác định đơn vị");

    // Locked descriptions, a hidden field-name row, drop-downs, A4 landscape.
    let sheet = zip_entry(&path, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(!sheet.contains("password"), "without a password");
    assert!(sheet.contains(r#"<row r="2""#) && sheet.contains(r#"hidden="1""#), "row 2 hidden");
    assert!(sheet.contains(r#"type="list""#) && sheet.contains("Hoàn thành"), "status drop-down");
    assert!(sheet.contains(r#"type="decimal""#), "percent validation");
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"state="frozen""#));
    let styles = zip_entry(&path, "xl/styles.xml");
    assert!(styles.contains(r#"locked="0""#), "answer cells unlocked");
    let core = zip_entry(&path, "docProps/core.xml");
    assert!(core.contains("2026-06-30T00:00:00Z"), "{core}");
}

#[test]
fn the_same_site_gives_the_same_bytes() {
    let site = site_from("basic", &[]);
    let a = form(site.path(), "2026-Q2", &[]);
    let first = std::fs::read(&a).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = form(site.path(), "2026-Q2", &["--force"]);
    assert_eq!(first, std::fs::read(&b).unwrap());
}

#[test]
fn a_unit_gets_only_its_rows() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &["--unit", "Sở KH&CN"]);
    let book = read_book(&path);
    assert_eq!(book["Nhiệm vụ"].len(), 2, "no task is led by so-khcn");
    let ids: Vec<String> = book["Chỉ tiêu"][2..].iter().map(|r| r[3].to_string()).collect();
    assert_eq!(ids, ["ky-nang-so", "thu-hang"], "no row of nobody's with --unit");

    let (code, _, err) = run(&["form", "2026-Q2", "--root", s(site.path()), "--unit", "so-khc"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown unit \"so-khc\"") && err.contains("so-khcn"), "{err}");
    let (code, _, err) = run(&["form", "2026-Q9", "--root", s(site.path())]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no period `2026-Q9`"), "{err}");
}

#[test]
fn a_form_never_replaces_a_file_it_was_not_asked_to() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let units = std::fs::read(root.join("data/units.toml")).unwrap();
    for (target, says) in [
        ("site.toml", "does not end in .xlsx"),
        ("data/units.toml", "does not end in .xlsx"),
        ("content/bieu-mau.xlsx", "inside the site's `content`"),
        ("data/bieu-mau.xlsx", "inside the site's `data`"),
    ] {
        let (code, _, err) = run(&["form", "2026-Q2", "--root", s(root), "-o", s(&root.join(target)), "--force"]);
        assert_eq!(code, 1, "{target}");
        assert!(err.contains(says), "{target}: {err}");
    }
    assert_eq!(std::fs::read(root.join("data/units.toml")).unwrap(), units);
    assert!(!root.join("content/bieu-mau.xlsx").exists());
    // Nor into a build's output, whose every file the next build publishes.
    let (code, _, err) = run(&["build", "--root", s(root), "--output", s(&root.join("public"))]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) =
        run(&["form", "2026-Q2", "--root", s(root), "-o", s(&root.join("public/forms/bieu-mau.xlsx")), "--force"]);
    assert_eq!(code, 1);
    assert!(err.contains("the output folder of a build"), "{err}");
    assert!(!root.join("public/forms").exists());
    // An answered form with the name a new form would take is kept, unless --force says so.
    let answered = root.join("bao-cao.xlsx");
    std::fs::write(&answered, "answers").unwrap();
    let (code, _, err) = run(&["form", "2026-Q2", "--root", s(root), "-o", s(&answered)]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&answered).unwrap(), "answers");
    let (code, _, err) = run(&["form", "2026-Q2", "--root", s(root), "-o", s(&answered), "--force"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sheet_names(&answered).len(), 3);
}

#[test]
fn tasks_without_a_lead_unit_form_their_own_group() {
    let plan = std::fs::read_to_string(common::fixture("basic").join("data/plans/kh-1.toml")).unwrap()
        + "\n[[task]]\nid = \"1.4\"\ntitle = \"Việc chưa giao\"\nlead = []\n";
    let site = site_from("basic", &[("data/plans/kh-1.toml", Some(plan.as_bytes()))]);
    let book = read_book(&form(site.path(), "2026-Q2", &[]));
    let last = book["Nhiệm vụ"].last().unwrap();
    assert_eq!(last[4].to_string(), "kh-1/1.4");
    assert_eq!(last[1].to_string(), "Chưa xác định đơn vị");
}

#[test]
fn a_file_without_answers_says_so() {
    let site = site_from("basic", &[]);
    let csv = site.path().join("chi-tieu-de.csv");
    std::fs::write(&csv, "period,ref,status,percent,note\n").unwrap();
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&csv], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("the files hold no answers") && err.contains("1 error(s)"), "{err}");
    assert_eq!(before, files(site.path()));
}

#[test]
fn an_untouched_form_changes_nothing() {
    let site = site_from("basic", &[]);
    for period in ["2026-Q1", "2026-Q2"] {
        let path = form(site.path(), period, &[]);
        let before = files(site.path());
        let (code, out, err) = import(site.path(), &[&path], &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("nothing to change"), "{out}");
        assert_eq!(before, files(site.path()), "{period}");
        // The same answers saved by another program (no styles, no protection).
        let copy = answered(&path, &site.path().join("copy.xlsx"), &[]);
        let (code, out, err) = import(site.path(), &[&copy], &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("nothing to change"), "{out}");
        std::fs::remove_file(&copy).unwrap();
        assert_eq!(before, files(site.path()));
    }
    check_ok(site.path());
}

#[test]
fn answers_are_merged_in_place_keeping_comments_and_order() {
    // The photo an answer names as evidence is published beside the pages.
    let jpeg = b"\xff\xd8\xff\xe0".as_slice();
    let site = site_from("basic", &[("content/files/hn.jpg", Some(jpeg))]);
    let path = form(site.path(), "2026-Q2", &[]);
    let back = answered(
        &path,
        &site.path().join("bao-cao-vp.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("Hoàn thành")),
            ("Nhiệm vụ", "M3", C::N(100.0)),
            ("Nhiệm vụ", "N3", text("Đã quán triệt tới 100% cán bộ.")),
            (
                "Nhiệm vụ",
                "O3",
                text("Báo cáo số 5/BC-VP | https://example.gov.vn/bc5.pdf\nẢnh hội nghị | files/hn.jpg"),
            ),
            ("Nhiệm vụ", "M4", C::N(55.0)),
            ("Chỉ tiêu", "L4", C::N(9.0)),
            ("Chỉ tiêu", "M4", text("Báo cáo xếp hạng 2026")),
            ("Chỉ tiêu", "L5", text("57,5")),
        ],
    );
    let before = progress(site.path(), "2026-Q2");
    let (code, out, err) = import(site.path(), &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("would change") && out.contains("dry run: nothing was written"), "{out}");
    assert_eq!(before, progress(site.path(), "2026-Q2"));

    let (code, out, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Văn phòng Ban Quản lý: 1 task(s) updated, 1 task(s) reported"), "{out}");
    assert!(out.contains("task kh-1/1.1: done 100% (new)"), "{out}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%"), "{out}");
    assert!(out.contains("Sở Khoa học và Công nghệ: 1 value(s) changed"), "{out}");
    assert!(out.contains("value thu-hang: 10 → 9; source added"), "{out}");
    assert!(out.contains("Chưa xác định đơn vị: 1 value(s) added"), "{out}");
    let after = progress(site.path(), "2026-Q2");
    // The comment, the revision typed by hand and the order are kept; only answers changed.
    assert!(after.starts_with(&before[..before.find("[[value]]\nindicator = \"thu-hang\"").unwrap()]), "{after}");
    assert!(after.contains("[[value]]\nindicator = \"thu-hang\"\nvalue = 9\nsource = \"Báo cáo xếp hạng 2026\"\n"));
    assert!(after.contains("[[value]]\nindicator = \"chua-co-so-lieu\"\nvalue = 57.5\n"), "{after}");
    assert!(
        after.contains("ref = \"kh-1/1.2\"\nstatus = \"in_progress\"\npercent = 55\nnote = \"Đã tổ chức 2 lớp.\""),
        "{after}"
    );
    assert!(after.contains(
        "[[task]]\nref = \"kh-1/1.1\"\nstatus = \"done\"\npercent = 100\nnote = \"Đã quán triệt tới 100% cán bộ.\"\nevidence = [{ title = \"Báo cáo số 5/BC-VP\", url = \"https://example.gov.vn/bc5.pdf\" }, { title = \"Ảnh hội nghị\", url = \"files/hn.jpg\" }]\n"
    ), "{after}");
    // Values stay before tasks.
    assert!(after.find("chua-co-so-lieu").unwrap() < after.find("[[task]]").unwrap());
    check_ok(site.path());
    build_ok(site.path());

    // The same workbook again changes nothing; a fresh form shows the new answers.
    let (code, out, _) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("nothing to change"), "{out}");
    let again = read_book(&form(site.path(), "2026-Q2", &["--force"]));
    assert_eq!(again["Nhiệm vụ"][2][11].to_string(), "Hoàn thành");
    let no_temp = std::fs::read_dir(site.path().join("data/progress")).unwrap().count();
    assert_eq!(no_temp, 2, "no temporary file left behind");
}

#[test]
fn every_bad_cell_is_reported_at_once_and_nothing_is_written() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let back = answered(
        &path,
        &site.path().join("bao-cao-so-khcn.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("xong")),
            ("Nhiệm vụ", "M4", C::N(150.0)),
            ("Nhiệm vụ", "L5", text("done")),
            ("Nhiệm vụ", "M5", text("1.234")),
            ("Nhiệm vụ", "F4", text("Tập huấn kỹ năng số cho toàn bộ cán bộ")),
            ("Nhiệm vụ", "O4", text("Xem | javascript:alert(1)")),
            ("Nhiệm vụ", "E6", text("kh-1/1.31")),
            ("Nhiệm vụ", "L6", text("done")),
            ("Chỉ tiêu", "L3", text("khoảng 60")),
            ("Chỉ tiêu", "L4", C::Date(2026, 5, 1)),
            ("Chỉ tiêu", "A5", text("2026-Q1")),
            ("Chỉ tiêu", "L5", C::N(3.0)),
            ("Chỉ tiêu", "D6", text("ky-nang")),
            ("Chỉ tiêu", "L6", C::N(1.0)),
        ],
    );
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    let expect = [
        "error: 'xong' is not a status\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!L3 (status)",
        "accepted: the labels the site shows, Chưa bắt đầu, Đang thực hiện, Hoàn thành, Vướng mắc, Đã hủy, or the format's keywords not_started, in_progress, done, blocked, cancelled",
        "error: 150 is outside 0-100\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!M4 (percent)",
        "error: '1.234' could be 1234 or 1.234\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!M5 (percent)",
        "write 1234 (no thousands separator) for 1234, or 1.2340 (one more decimal) for 1.234",
        "changed outside its answer columns: `title` should read \"Tập huấn kỹ năng số\"\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!F4 (title)",
        "this evidence link cannot use `javascript:`\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!O4",
        "error: unknown task `kh-1/1.31`\n  --> bao-cao-so-khcn.xlsx: Nhiệm vụ!E6 (ref)",
        "`kh-1/1.3`",
        "error: 'khoảng 60' is not a number\n  --> bao-cao-so-khcn.xlsx: Chỉ tiêu!L3 (value)",
        "this cell holds a date (1/5/2026), not a number\n  --> bao-cao-so-khcn.xlsx: Chỉ tiêu!L4 (value)",
        "this row is for the period `2026-Q1`, but the answers are imported for `2026-Q2`\n  --> bao-cao-so-khcn.xlsx: Chỉ tiêu!A5 (period)",
        "`2026-Q2` was taken from: bao-cao-so-khcn.xlsx: Nhiệm vụ!A3",
        "error: unknown indicator `ky-nang`\n  --> bao-cao-so-khcn.xlsx: Chỉ tiêu!D6 (indicator)",
        "did you mean `ky-nang-so`",
        "nothing was written",
    ];
    for e in expect {
        assert!(err.contains(e), "missing «{e}» in:\n{err}");
    }
    assert_eq!(before, files(site.path()));
}

#[test]
fn one_task_answered_two_ways_in_two_files_names_both() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let a = answered(&path, &site.path().join("a.xlsx"), &[("Nhiệm vụ", "L3", text("Hoàn thành"))]);
    let b = answered(&path, &site.path().join("b.xlsx"), &[("Nhiệm vụ", "L3", text("Vướng mắc"))]);
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&a, &b], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "task `kh-1/1.1` is answered differently in two places (its status): here Vướng mắc\n  --> b.xlsx: Nhiệm vụ!L3 (status)"
        ),
        "{err}"
    );
    assert!(err.contains("the other answer, Hoàn thành, is at: a.xlsx: Nhiệm vụ!L3"), "{err}");
    assert!(!err.contains("kh-1/1.2"), "the same answer twice is no conflict:\n{err}");
    // Two answers alike but for their notes: said at the notes.
    let f = answered(&path, &site.path().join("f.xlsx"), &[("Nhiệm vụ", "N4", text("Đã tổ chức 3 lớp."))]);
    let g = answered(&path, &site.path().join("g.xlsx"), &[("Nhiệm vụ", "N4", text("Đã tổ chức 4 lớp."))]);
    let (code, _, err) = import(site.path(), &[&f, &g], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("task `kh-1/1.2` is answered differently in two places (its note): here"), "{err}");
    assert!(err.contains("--> g.xlsx: Nhiệm vụ!N4 (note)") && err.contains("is at: f.xlsx: Nhiệm vụ!N4"), "{err}");

    let c = site.path().join("c.csv");
    std::fs::write(&c, "period,indicator,value\n2026-Q2,chua-co-so-lieu,8\n").unwrap();
    let d = site.path().join("d.csv");
    std::fs::write(&d, "period,indicator,value\n2026-Q2,chua-co-so-lieu,\"8,0\"\n2026-Q2,thu-hang,7\n").unwrap();
    let e = site.path().join("e.csv");
    std::fs::write(&e, "indicator,value\nthu-hang,6\n").unwrap();
    let (code, _, err) = import(site.path(), &[&c, &d, &e], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("indicator `thu-hang` has two different figures for 30/6/2026"), "{err}");
    assert!(err.contains("--> e.csv: B2 (value)") && err.contains("the other, 7, is at: d.csv: C3"), "{err}");
    assert!(!err.contains("chua-co-so-lieu"), "the same figure twice is no conflict:\n{err}");
    assert_eq!(before, files(site.path()));
}

#[test]
fn workbooks_from_other_programs_are_read() {
    let site = site_from("basic", &[]);
    // Field names in row 1, columns in another order, numbers typed as text, a date cell and a
    // date serial number, empty rows, a sheet renamed and an extra sheet.
    let path = site.path().join("tu-chuong-trinh-khac.xlsx");
    write_book(
        &path,
        &[
            ("Ghi chú", vec![vec![text("Báo cáo của Sở")], vec![text("ref"), text("không phải bảng trả lời")]]),
            (
                "Tasks",
                vec![
                    vec![text("status"), text("ref"), text("percent"), text("period")],
                    vec![],
                    vec![text("in_progress"), text("kh-1/1.3"), text("35"), text("2026-Q2")],
                    vec![C::E, C::E, C::E, C::E],
                    vec![text("Đang thực hiện"), text("kh-1/1.1"), C::N(70.0)],
                ],
            ),
            (
                "Values",
                vec![
                    vec![text("indicator"), text("value"), text("as_of"), text("source")],
                    vec![text("thu-hang"), text("9"), C::Date(2026, 5, 31), text("Bảng xếp hạng tháng 5")],
                    vec![],
                    vec![text("chua-co-so-lieu"), text("1.234,5"), C::N(46203.0), C::E],
                ],
            ),
        ],
    );
    let (code, out, err) = import(site.path(), &[&path], &[]);
    // The first sheet names `ref` but is not a valid answer sheet: it is reported.
    assert_eq!(code, 1, "{out}");
    assert!(err.contains("unknown column `không phải bảng trả lời`"), "{err}");
    assert!(err.contains("this sheet has no `status` column"), "{err}");

    write_book(
        &path,
        &[
            ("Ghi chú", vec![vec![text("Báo cáo của Sở, không có bảng")]]),
            (
                "Tasks",
                vec![
                    vec![text("status"), text("ref"), text("percent"), text("period")],
                    vec![],
                    vec![text("in_progress"), text("kh-1/1.3"), text("35"), text("2026-Q2")],
                    vec![C::E, C::E, C::E, C::E],
                    vec![text("Đang thực hiện"), text("kh-1/1.1"), C::N(70.0)],
                ],
            ),
            (
                "Values",
                vec![
                    vec![text("indicator"), text("value"), text("as_of"), text("source")],
                    vec![text("thu-hang"), text("9"), C::Date(2026, 5, 31), text("Bảng xếp hạng tháng 5")],
                    vec![],
                    vec![text("chua-co-so-lieu"), text("1.234,5"), C::N(46203.0), C::E],
                ],
            ),
        ],
    );
    let (code, out, err) = import(site.path(), &[&path], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.3: in_progress 35% (new)"), "{out}");
    assert!(out.contains("value thu-hang as of 2026-05-31: 9 (new)"), "{out}");
    assert!(
        out.contains("value chua-co-so-lieu as of 2026-06-30: 1234.5 (new)")
            || out.contains("value chua-co-so-lieu: 1234.5 (new)"),
        "{out}"
    );
    let after = progress(site.path(), "2026-Q2");
    assert!(
        after.contains("indicator = \"thu-hang\"\nvalue = 9\nas_of = 2026-05-31\nsource = \"Bảng xếp hạng tháng 5\""),
        "{after}"
    );
    assert!(
        after.contains("indicator = \"chua-co-so-lieu\"\nvalue = 1234.5\n"),
        "serial 46203 is 2026-06-30, the period's end:\n{after}"
    );
    check_ok(site.path());
}

#[test]
fn a_percentage_cell_and_a_missing_period_are_not_guessed() {
    let site = site_from("basic", &[]);
    let path = site.path().join("p.xlsx");
    write_book(
        &path,
        &[(
            "x",
            vec![vec![text("ref"), text("status"), text("percent")], vec![text("kh-1/1.3"), text("done"), C::N(0.85)]],
        )],
    );
    let (code, _, err) = import(site.path(), &[&path], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("the files do not say which period they report") && err.contains("--period"), "{err}");
    let (code, _, err) = import(site.path(), &[&path], &["--period", "2026-Q2"]);
    assert_eq!(code, 1);
    assert!(err.contains("0.85 is ambiguous as a percentage") && err.contains("write the whole number (85)"), "{err}");
    let broken = site.path().join("hong.xlsx");
    std::fs::write(&broken, b"not a zip").unwrap();
    let (code, _, err) = import(site.path(), &[&broken], &["--period", "2026-Q2"]);
    assert_eq!(code, 1);
    assert!(err.contains("hong.xlsx is a text file named .xlsx, not a workbook"), "{err}");
    let (code, _, err) = import(site.path(), &[&path], &["--period", "2026-Q7"]);
    assert_eq!(code, 1);
    assert!(err.contains("there is no period `2026-Q7`"), "{err}");
}

#[test]
fn csv_in_utf8_with_and_without_bom() {
    for (name, bom, sep) in [("plain.csv", false, ","), ("bom.csv", true, ","), ("excel.csv", true, ";")] {
        let site = site_from("basic", &[]);
        let mut bytes = if bom { b"\xEF\xBB\xBF".to_vec() } else { Vec::new() };
        let body = "period,ref,status,percent,note\n2026-Q2,kh-1/1.3,Hoàn thành,100,\"Đã đăng 12 tin, bài\"\n\n"
            .replace(',', sep)
            .replace("tin; bài", "tin, bài");
        bytes.extend_from_slice(body.as_bytes());
        let csv = site.path().join(name);
        std::fs::write(&csv, &bytes).unwrap();
        let (code, out, err) = import(site.path(), &[&csv], &[]);
        assert_eq!(code, 0, "{name}: {err}");
        assert!(out.contains("task kh-1/1.3: done 100% (new)"), "{name}: {out}");
        assert!(progress(site.path(), "2026-Q2").contains("note = \"Đã đăng 12 tin, bài\""), "{name}");
        check_ok(site.path());
    }
    let site = site_from("basic", &[]);
    let latin = site.path().join("latin1.csv");
    std::fs::write(&latin, b"ref,status\nkh-1/1.3,Ho\xe0n th\xe0nh\n").unwrap();
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&latin], &["--period", "2026-Q2"]);
    assert_eq!(code, 1);
    assert!(err.contains("latin1.csv: it is not UTF-8 text") || err.contains("not UTF-8"), "{err}");
    assert_eq!(before, files(site.path()));
}

#[test]
fn answers_the_site_would_refuse_are_never_written() {
    let site = site_from("basic", &[]);
    let csv = site.path().join("qua-lon.csv");
    let note = "x".repeat(1100 * 1024);
    std::fs::write(&csv, "period,indicator,value\n2026-Q2,thu-hang,9999999999999999999\n").unwrap();
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    // At the cell it came from, not at a line of a file that is not written.
    assert!(
        err.contains("too large: 10000000000000000000 is beyond what it can be\n  --> qua-lon.csv: C2 (value)\n"),
        "{err}"
    );
    assert!(!err.contains("data/progress/2026-Q2.toml:"), "{err}");
    assert_eq!(before, files(site.path()), "nothing was written");
    // A note longer than a page may hold.
    let tasks = site.path().join("ghi-chu.csv");
    std::fs::write(&tasks, format!("period,ref,status,note\n2026-Q2,kh-1/1.3,Hoàn thành,{note}\n")).unwrap();
    let (code, _, err) = import(site.path(), &[&tasks], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("1024 KiB") && err.contains("  --> ghi-chu.csv: D2 (note)\n"), "{err}");
    assert_eq!(before, files(site.path()), "nothing was written");
}

#[test]
fn a_published_figure_changes_only_with_revise_and_shows_as_a_revision() {
    let site = site_from("basic", &[]);
    let (code, _, err) = run(&["snapshot", "2026-Q1", "--root", s(site.path())]);
    assert_eq!(code, 0, "{err}");
    let q1 = form(site.path(), "2026-Q1", &[]);
    // Q1 published 50 for ky-nang-so; Q2's file already revises it to 48 by hand.
    let back = answered(&q1, &site.path().join("sua-so-lieu.xlsx"), &[("Chỉ tiêu", "L3", C::N(47.0))]);
    let task = answered(&q1, &site.path().join("sua-nhiem-vu.xlsx"), &[("Nhiệm vụ", "M3", C::N(65.0))]);
    let before = files(site.path());
    let (code, _, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("`ky-nang-so` for 31/3/2026 was published in archive/2026-Q1"), "{err}");
    assert!(err.contains("--revise"), "{err}");
    let (code, _, err) = import(site.path(), &[&task], &["--revise"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("the reports of 2026-Q1 were published in archive/2026-Q1, and task `kh-1/1.1` would change"),
        "{err}"
    );
    assert_eq!(before, files(site.path()));

    let q1_before = progress(site.path(), "2026-Q1");
    let (code, out, err) = import(site.path(), &[&back], &["--revise"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("data/progress/2026-Q2.toml (revisions of published figures): changed"), "{out}");
    assert!(out.contains("value ky-nang-so as of 2026-03-31: 48 → 47 (revision of 50 as published)"), "{out}");
    assert_eq!(q1_before, progress(site.path(), "2026-Q1"), "the published period's file is untouched");
    assert!(progress(site.path(), "2026-Q2").contains("value = 47\nas_of = 2026-03-31"));

    let checked = minhbach::build::check(site.path(), None);
    assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
    let a = checked.assessment.unwrap();
    let i = checked.site.indicators.iter().position(|x| x.id == "ky-nang-so").unwrap();
    let obs = &a.indicators[i].series[0];
    assert!(obs.is_revised());
    assert_eq!((obs.earlier[0].value, obs.current.value), (50.0, 47.0));
    build_ok(site.path());
}

#[test]
fn form_runs_on_the_default_site() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("all.xlsx");
    let root = env!("CARGO_MANIFEST_DIR");
    let current = minhbach::build::check(Path::new(root), None).site.config.current_period.value;
    let (code, _, err) = run(&["form", &current, "--root", root, "--output", s(&path)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sheet_names(&path), ["Hướng dẫn", "Nhiệm vụ", "Chỉ tiêu"]);
    let book = read_book(&path);
    assert!(book["Nhiệm vụ"].len() > 10 && book["Chỉ tiêu"].len() > 10);
    assert_eq!(book["Nhiệm vụ"][1][4].to_string(), "ref");
    assert!(book["Nhiệm vụ"][2..].iter().all(|r| r[0].to_string() == current));
}

/// The basic site with its 2026-Q2 progress file replaced.
fn site_with_q2(progress: &str) -> tempfile::TempDir {
    site_from("basic", &[("data/progress/2026-Q2.toml", Some(progress.as_bytes()))])
}

#[test]
fn answers_are_merged_into_inline_lists_and_placeholders_never_dropped() {
    // `value = [ {…}, … ]` as a person may write it: every answer goes into it.
    let inline = "period = \"2026-Q2\"\nreported = 2026-07-08\nvalue = [\n  { indicator = \"ky-nang-so\", value = 61, source = \"BC 1\" },  # hàng 1\n  { indicator = \"thu-hang\", value = 10 },\n]\ntask = [ { ref = \"kh-1/1.2\", status = \"in_progress\", percent = 40 } ]\n";
    let site = site_with_q2(inline);
    check_ok(site.path());
    let path = form(site.path(), "2026-Q2", &[]);
    let back = answered(
        &path,
        &site.path().join("a.xlsx"),
        &[("Chỉ tiêu", "L3", C::N(65.0)), ("Chỉ tiêu", "L5", C::N(50.0)), ("Nhiệm vụ", "M4", C::N(60.0))],
    );
    let (code, out, err) = import(site.path(), &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value ky-nang-so: 61 → 65"), "{out}");
    assert!(out.contains("value chua-co-so-lieu: 50 (new)"), "{out}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 60%"), "{out}");
    let after = progress(site.path(), "2026-Q2");
    assert_eq!(
        after,
        "period = \"2026-Q2\"\nreported = 2026-07-08\nvalue = [\n  { indicator = \"ky-nang-so\", value = 65, source = \"BC 1\" },  # hàng 1\n  { indicator = \"thu-hang\", value = 10 },\n  { indicator = \"chua-co-so-lieu\", value = 50 },\n]\ntask = [ { ref = \"kh-1/1.2\", status = \"in_progress\", percent = 60 } ]\n"
    );
    check_ok(site.path());

    // Empty placeholders become blocks; a one-line CSV's figure is not lost either.
    let site = site_with_q2("period = \"2026-Q2\"\nvalue = []\ntask = []\n");
    let csv = site.path().join("mot-dong.csv");
    std::fs::write(&csv, "period,indicator,value\n2026-Q2,thu-hang,7\n").unwrap();
    let (code, out, err) = import(site.path(), &[&csv], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang: 7 (new)") && out.contains("the empty `value = []` is replaced"), "{out}");
    assert_eq!(
        progress(site.path(), "2026-Q2"),
        "period = \"2026-Q2\"\ntask = []\n\n[[value]]\nindicator = \"thu-hang\"\nvalue = 7\n"
    );
    let tasks = site.path().join("nhiem-vu.csv");
    std::fs::write(&tasks, "period,ref,status\n2026-Q2,kh-1/1.3,Hoàn thành\n").unwrap();
    let (code, out, err) = import(site.path(), &[&tasks], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.3: done (new)"), "{out}");
    assert_eq!(
        progress(site.path(), "2026-Q2"),
        "period = \"2026-Q2\"\n\n[[value]]\nindicator = \"thu-hang\"\nvalue = 7\n\n[[task]]\nref = \"kh-1/1.3\"\nstatus = \"done\"\n"
    );
    check_ok(site.path());
}
