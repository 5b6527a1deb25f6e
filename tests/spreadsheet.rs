//! The spreadsheet round trip: `minhbach form` writes a period's reporting workbook and
//! `minhbach import` reads answers back from it, from workbooks other programs wrote, and from
//! CSV. Workbooks are built with rust_xlsxwriter and read back with calamine, on temporary
//! copies of the `basic` fixture (never the default site, except one read-only `form`).

//! Its helpers are in `common/sheet.rs`, shared with `spreadsheet_hardening.rs`.

mod common;

use std::path::{Path, PathBuf};

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
            "task `kh-1/1.1` is answered differently in two places: here Vướng mắc\n  --> b.xlsx: Nhiệm vụ!row 3"
        ),
        "{err}"
    );
    assert!(err.contains("the other answer, Hoàn thành, is at: a.xlsx: Nhiệm vụ!row 3"), "{err}");
    assert!(!err.contains("kh-1/1.2"), "the same answer twice is no conflict:\n{err}");

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
    assert!(err.contains("would make") && err.contains("fail the check") && err.contains("too large"), "{err}");
    assert!(err.contains("data/progress/2026-Q2.toml:"), "the check's own place: {err}");
    assert_eq!(before, files(site.path()), "nothing was written");
    // A note longer than a page may hold.
    let tasks = site.path().join("ghi-chu.csv");
    std::fs::write(&tasks, format!("period,ref,status,note\n2026-Q2,kh-1/1.3,Hoàn thành,{note}\n")).unwrap();
    let (code, _, err) = import(site.path(), &[&tasks], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("fail the check") && err.contains("1024 KiB"), "{err}");
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

/// Writes a one-sheet .ods file whose rows hold the given cells (OpenDocument XML).
fn write_ods(path: &Path, sheet: &str, rows: &[&str]) {
    use std::io::Write as _;
    let ns = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2""#;
    let body: String = rows.iter().map(|r| format!("<table:table-row>{r}</table:table-row>")).collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{sheet}">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    out.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(manifest.as_bytes()).unwrap();
    out.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap();
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
    assert_eq!(std::fs::read_to_string(root.join("data/periods.toml")).unwrap(), periods, "declared once");
    let file = progress(root, "2026-Q3");
    assert!(file.contains("Quý III/2026 (khai báo tay)") && file.contains("period = \"2026-Q3\""), "{file}");
    check_ok(root);
    let (code, _, err) = run(&["new", "period", "2026-Q3", "--root", s(root)]);
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
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

#[test]
fn the_form_records_what_it_was_prefilled_with_in_a_hidden_column() {
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let book = read_book(&path);
    let tasks = &book["Nhiệm vụ"];
    // The visible columns are as they were; the record is the last column, P, hidden and locked.
    assert_eq!(tasks[1][14].to_string(), "evidence");
    assert_eq!(tasks[1][15].to_string(), "prefilled");
    assert_eq!(
        tasks[3][15].to_string(),
        r#"{"evidence":"Công văn số 12/VP | https://example.gov.vn/cv12.pdf","note":"Đã tổ chức 2 lớp.","percent":40.0,"ref":"kh-1/1.2","status":"in_progress"}"#
    );
    assert_eq!(tasks[2][15].to_string(), r#"{"ref":"kh-1/1.1"}"#, "nothing reported yet");
    let values = &book["Chỉ tiêu"];
    assert_eq!(values[1][14].to_string(), "prefilled");
    assert_eq!(values[3][14].to_string(), r#"{"indicator":"thu-hang","value":10.0}"#);
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
