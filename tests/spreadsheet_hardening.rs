//! The import against what happens to it outside the form's happy path: two imports of one
//! period at once, answers typed where no column is read, a frozen period's answers changed,
//! and numbers and dates as people type them (full-width digits, year first with slashes).
//! Workbooks are built as in `spreadsheet.rs`, with the helpers of `common/sheet.rs`.

mod common;

use std::io::BufRead as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::sheet::*;
use common::site_from;

/// Starts `minhbach import --root ROOT FILE` as a child process; its stderr, line by line,
/// comes through the receiver as it is written.
fn start_import(root: &Path, file: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    spawn_import(command.args(["import", "--root", s(root), s(file)]))
}

/// Starts `minhbach import --root . FILE` in the site's folder, as a keeper types it there.
fn start_import_within(root: &Path, file: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_minhbach"));
    spawn_import(command.current_dir(root).args(["import", "--root", ".", s(file)]))
}

fn spawn_import(command: &mut Command) -> (Child, mpsc::Receiver<String>) {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (child, rx)
}

/// Waits for the child to end, at most a minute; its exit code and stdout.
fn finish(mut child: Child) -> (i32, String) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "the import never finished");
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_second_import_waits_for_the_first_and_merges_over_what_it_wrote() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // Two agencies answer the same form: one reports a task, the other corrects a figure.
    let task = answered(&q2, &root.join("vp.xlsx"), &[("Nhiệm vụ", "L3", text("Hoàn thành"))]);
    let figure = answered(&q2, &root.join("khcn.xlsx"), &[("Chỉ tiêu", "L4", C::N(9.0))]);
    // What the first import writes, made on a copy of the site.
    let copy = tempfile::tempdir().unwrap();
    common::copy_tree(root, copy.path());
    let (code, _, err) = import(copy.path(), &[&task], &[]);
    assert_eq!(code, 0, "{err}");
    let first = progress(copy.path(), "2026-Q2");
    assert!(first.contains("ref = \"kh-1/1.1\"\nstatus = \"done\""), "{first}");
    let before = progress(root, "2026-Q2");

    // The first import holds the lock; the second starts, says it waits, and waits. Started
    // in the site's folder with `--root .`, it names the folder locked in full all the same.
    let held = minhbach::sheet::lock_progress(root, |_| panic!("nobody holds the lock yet"));
    let (mut child, stderr) = start_import_within(root, &figure);
    let note = stderr.recv_timeout(Duration::from_secs(60)).expect("the second import says it waits");
    let locked = root.canonicalize().unwrap().join("data");
    assert_eq!(note, format!("note: another import is writing into {}; waiting for it to finish", locked.display()));
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "the second import waits while the lock is held");
    assert_eq!(progress(root, "2026-Q2"), before, "nor has it written anything");
    // The first import writes its file and lets go.
    minhbach::write::replace_file(&root.join("data/progress/2026-Q2.toml"), first.as_bytes()).unwrap();
    drop(held);
    let (code, out) = finish(child);
    let rest: Vec<String> = stderr.try_iter().collect();
    assert_eq!(code, 0, "{rest:?}");
    assert!(out.contains("value thu-hang: 10 → 9"), "{out}");
    // The second merged over the first one's file: both answers are there.
    let after = progress(root, "2026-Q2");
    assert!(after.contains("ref = \"kh-1/1.1\"\nstatus = \"done\""), "the first import's answer is kept:\n{after}");
    assert!(after.contains("indicator = \"thu-hang\"\nvalue = 9\n"), "{after}");
    check_ok(root);

    // Two imports started together, on a fresh copy: whichever goes first, both answers land.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let task = answered(&q2, &root.join("vp.xlsx"), &[("Nhiệm vụ", "L3", text("Hoàn thành"))]);
    let figure = answered(&q2, &root.join("khcn.xlsx"), &[("Chỉ tiêu", "L4", C::N(9.0))]);
    let (a, _) = start_import(root, &task);
    let (b, _) = start_import(root, &figure);
    assert_eq!(finish(a).0, 0);
    assert_eq!(finish(b).0, 0);
    let after = progress(root, "2026-Q2");
    assert!(after.contains("ref = \"kh-1/1.1\"\nstatus = \"done\""), "{after}");
    assert!(after.contains("indicator = \"thu-hang\"\nvalue = 9\n"), "{after}");
}

#[test]
fn what_is_typed_into_a_column_without_a_field_name_is_said_not_dropped() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // The form itself has nothing outside its named columns.
    let (code, _, err) = import(root, &[&q2], &["--dry-run"]);
    assert_eq!((code, err.as_str()), (0, ""));
    // The agency adds columns after the form's last one (P, hidden): a remark column with a
    // heading in row 1 only, another with only a heading, and a figure far to the right.
    let back = answered(
        &q2,
        &root.join("them-cot.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("Hoàn thành")),
            ("Nhiệm vụ", "Q1", text("Ghi chú thêm")),
            ("Nhiệm vụ", "Q4", text("Chưa có kinh phí")),
            ("Nhiệm vụ", "Q5", text("Chờ hướng dẫn")),
            ("Nhiệm vụ", "R1", text("Cột trống")),
            ("Chỉ tiêu", "Z4", C::N(11.0)),
        ],
    );
    let before = files(root);
    let (code, out, err) = import(root, &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "a warning stops nothing: {err}");
    assert!(out.contains("task kh-1/1.1: done (new)"), "{out}");
    assert_eq!(files(root), before);
    let tasks = "warning: column Q has no field name in row 2, so what it holds is not read (and 1 more cell(s) below)\n  \
                 --> them-cot.xlsx: Nhiệm vụ!Q4\n   |\n   | Chưa có kinh phí\n   \
                 = help: only the columns named in row 2 are read, and the answers only from L `status`, M `percent`, \
                 N `note`, O `evidence`; put what column Q says into `note` (N), or name the column in row 2 if it is one \
                 of the form's fields, or delete it if it is not part of the report\n";
    assert!(err.contains(tasks), "{err}");
    let values = "warning: column Z has no field name in row 2, so what it holds is not read\n  \
                  --> them-cot.xlsx: Chỉ tiêu!Z4\n   |\n   | 11\n   \
                  = help: only the columns named in row 2 are read, and the answers only from L `value`, M `source`, N `note`;";
    assert!(err.contains(values), "{err}");
    // A column with only a heading holds nothing typed for the report: not said.
    assert!(!err.contains("column R"), "{err}");
    assert_eq!(err.matches("warning:").count(), 2, "{err}");
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Nhiệm vụ!Q4"), "said by the import that writes too: {err}");
    assert!(progress(root, "2026-Q2").contains("ref = \"kh-1/1.1\"\nstatus = \"done\""));
    // --quiet prints only errors.
    let (code, _, err) = run(&["--quiet", "import", "--root", s(root), s(&back)]);
    assert_eq!((code, err.as_str()), (0, ""));

    // A CSV line longer than its field names cannot be told from one split at a decimal
    // comma: refused, with every other error.
    let csv = root.join("them-cot.csv");
    std::fs::write(&csv, "period,ref,status,percent\n2026-Q2,kh-1/1.3,done,100,Đã xong sớm\n2026-Q2,kh-1/1.2,xong,\n")
        .unwrap();
    let before = files(root);
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: this line has 5 fields but the line of field names has 4\n  --> them-cot.csv: E2\n   |\n   | 2026-Q2 | kh-1/1.3 | done | 100 | Đã xong sớm\n"),
        "{err}"
    );
    assert!(err.contains("a remark of its own belongs in `note`, or under a field name added to line 1"), "{err}");
    assert!(err.contains("error: 'xong' is not a status"), "{err}");
    assert!(err.contains("import failed: 2 error(s); nothing was written"), "{err}");
    assert_eq!(files(root), before);
}

/// A figure with a decimal comma in a comma-separated file splits in two and shifts every
/// later field: refused at its line, never read as 45 with the rest moved over. Quoted, or in
/// a file separated by semicolons, it is read as 45.5.
#[test]
fn a_decimal_comma_that_splits_a_csv_line_is_refused() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("chi-tieu.csv");
    std::fs::write(&csv, "period,indicator,value,source,note\n2026-Q2,ky-nang-so,45,5,Sở KH&CN,\n").unwrap();
    let before = files(root);
    let (code, out, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("error: this line has 6 fields but the line of field names has 5\n  --> chi-tieu.csv: F2\n"),
        "{err}"
    );
    assert_eq!(files(root), before);
    for file in [
        "period,indicator,value,source,note\n2026-Q2,ky-nang-so,\"45,5\",Sở KH&CN,\n",
        "period;indicator;value;source;note\n2026-Q2;ky-nang-so;45,5;Sở KH&CN;\n",
    ] {
        std::fs::write(&csv, file).unwrap();
        let (code, out, err) = import(root, &[&csv], &["--dry-run"]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(out.contains("45.5"), "{file}: {out}");
    }
    // A line that leaves out its last empty field is no longer than the field names, split
    // or not: the figure followed by digits alone is what gives the split away.
    for (file, cell, said) in [
        (
            "indicator,value,source,note\nky-nang-so,45,5,Báo cáo quý I\n",
            "B2",
            "`45,5` looks like one number split in two by its comma: `45` is read as `value` and `5` under `source`",
        ),
        (
            "ref,status,percent,note\nkh-1/1.1,Đang thực hiện,45,5\n",
            "C2",
            "`45,5` looks like one number split in two by its comma: `45` is read as `percent` and `5` under `note`",
        ),
        (
            "indicator,value,note\nky-nang-so,12,345\n",
            "B2",
            "`12,345` looks like one number split in two by its comma: `12` is read as `value` and `345` under `note`",
        ),
    ] {
        std::fs::write(&csv, file).unwrap();
        let (code, _, err) = import(root, &[&csv], &["--period", "2026-Q2"]);
        assert_eq!(code, 1, "{file}: {err}");
        assert!(err.contains(&format!("error: {said}\n  --> chi-tieu.csv: {cell} (")), "{file}: {err}");
        assert!(err.contains("import failed: 1 error(s)"), "{err}");
        assert!(err.contains("if `"), "{err}");
        assert_eq!(files(root), before);
    }
    // In quotes, the digits are the next field as written; a text after the figure is no split.
    for file in [
        "indicator,value,source,note\nky-nang-so,45,\"5\",Báo cáo quý I\n",
        "indicator,value,source,note\nky-nang-so,45,Báo cáo 5,\n",
        "ref,status,percent,note\nkh-1/1.1,Đang thực hiện,45\n",
    ] {
        std::fs::write(&csv, file).unwrap();
        let (code, _, err) = import(root, &[&csv], &["--dry-run", "--period", "2026-Q2"]);
        assert_eq!(code, 0, "{file}: {err}");
    }
}

/// A letterhead above the form's rows (an agency's name, a document number, a title) moves
/// the row of field names down; the answers under it are read wherever it is. A sheet the
/// form made for answers that has lost that row is an error, never "nothing to change".
#[test]
fn a_letterhead_above_the_field_names_moves_nothing_out_of_reach() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let book = read_book(&q2);
    let head = |rows: &Vec<Vec<calamine::Data>>, lines: usize| -> Vec<Vec<C>> {
        let mut out: Vec<Vec<C>> =
            (0..lines).map(|i| vec![text(&format!("UBND THÀNH PHỐ — dòng {}", i + 1))]).collect();
        out.extend(rows.iter().map(|r| r.iter().map(c).collect()));
        out
    };
    let mut tasks = head(&book["Nhiệm vụ"], 14);
    tasks[14 + 2][11] = text("Hoàn thành");
    let values: Vec<Vec<C>> = book["Chỉ tiêu"].iter().map(|r| r.iter().map(c).collect()).collect();
    let letterhead = root.join("cong-van.xlsx");
    write_book(&letterhead, &[("Nhiệm vụ", tasks.clone()), ("Chỉ tiêu", values.clone())]);
    let (code, out, err) = import(root, &[&letterhead], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.1: done (new)"), "{out}");

    // Sorted with the hidden row of field names taken in: the answered row moved above it is
    // said, never dropped as part of the letterhead (nor are the letterhead and headings).
    let mut sorted = tasks.clone();
    sorted.swap(15, 16);
    let moved = root.join("da-sap-xep.xlsx");
    write_book(&moved, &[("Nhiệm vụ", sorted), ("Chỉ tiêu", values.clone())]);
    let before = files(root);
    let (code, _, err) = import(root, &[&moved], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: `kh-1/1.1` is in a row above the row of field names (row 17), so this row is not read\n  --> da-sap-xep.xlsx: Nhiệm vụ!E16 (ref)\n"),
        "{err}"
    );
    assert!(err.contains("import failed: 1 error(s)"), "{err}");
    assert_eq!(files(root), before);

    // The same sheet without its row of field names or the headings that stand for it.
    let lost: Vec<Vec<C>> =
        tasks.iter().enumerate().filter(|(r, _)| *r != 14 && *r != 15).map(|(_, row)| row.clone()).collect();
    let notes = vec![vec![text("Ghi chú của đơn vị")]];
    let broken = root.join("mat-dong.xlsx");
    write_book(&broken, &[("Nhiệm vụ", lost), ("Chỉ tiêu", values), ("Ghi chú", notes)]);
    let before = files(root);
    let (code, _, err) = import(root, &[&broken], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: the sheet \"Nhiệm vụ\" has no row naming the fields, so none of its answers can be read\n  --> mat-dong.xlsx: Nhiệm vụ!A1\n"), "{err}");
    assert!(err.contains("warning: the sheet \"Ghi chú\" is not read: it has no row naming the fields\n  --> mat-dong.xlsx: Ghi chú!A1\n"), "{err}");
    assert_eq!(files(root), before);
}

#[test]
fn a_frozen_periods_change_is_said_at_the_cell_that_makes_it() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let (code, _, err) = run(&["snapshot", "2026-Q1", "--root", s(root)]);
    assert_eq!(code, 0, "{err}");
    let q1 = form(root, "2026-Q1", &[]);
    let before = files(root);
    // Q1 published kh-1/1.1 as in progress, 60%: the percent alone changed.
    let back = answered(&q1, &root.join("pct.xlsx"), &[("Nhiệm vụ", "M3", C::N(65.0))]);
    let (code, _, err) = import(root, &[&back], &["--revise"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: the reports of 2026-Q1 were published in archive/2026-Q1, and task `kh-1/1.1` would change: percent (M3)\n  \
             --> pct.xlsx: Nhiệm vụ!M3 (percent)\n"
        ),
        "{err}"
    );
    // Done, with the 60% the form was filled with left as it was: the two contradict each
    // other, said at the percent.
    let back = answered(
        &q1,
        &root.join("status.xlsx"),
        &[("Nhiệm vụ", "L3", text("Hoàn thành")), ("Nhiệm vụ", "N3", text("Đã xong."))],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: 60% contradicts the status 'Hoàn thành': a task done is 100% done\n  --> status.xlsx: Nhiệm vụ!M3 (percent)\n"
        ),
        "{err}"
    );
    // Status, percent and note changed: said at the status cell, the others' cells named too.
    let back = answered(
        &q1,
        &root.join("status.xlsx"),
        &[
            ("Nhiệm vụ", "L3", text("Hoàn thành")),
            ("Nhiệm vụ", "M3", C::N(100.0)),
            ("Nhiệm vụ", "N3", text("Đã xong.")),
        ],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("would change: status (L3), percent (M3), note (N3)\n  --> status.xlsx: Nhiệm vụ!L3 (status)\n"),
        "{err}"
    );
    // A published figure's source changed, its figure not: said at the source's cell.
    let back = answered(&q1, &root.join("nguon.xlsx"), &[("Chỉ tiêu", "M3", text("Báo cáo quý I (sửa)"))]);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: `ky-nang-so` for 31/3/2026 was published in archive/2026-Q1 (50 as published); this row changes its source\n  \
             --> nguon.xlsx: Chỉ tiêu!M3 (source)\n"
        ),
        "{err}"
    );
    // A changed figure: at the figure's cell, as before.
    let back = answered(&q1, &root.join("so.xlsx"), &[("Chỉ tiêu", "L4", C::N(11.0))]);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("(12 as published); this row says 11\n  --> so.xlsx: Chỉ tiêu!L4 (value)\n"), "{err}");
    assert_eq!(files(root), before, "nothing was written");
}

#[test]
fn full_width_digits_and_year_first_dates_are_read_as_typed() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // Typed with an East Asian input method, and a date written year first with slashes.
    let back = answered(
        &q2,
        &root.join("toan-khoan.xlsx"),
        &[
            ("Nhiệm vụ", "M4", text("５５")),
            ("Chỉ tiêu", "P2", text("as_of")),
            ("Chỉ tiêu", "L3", text("８２，４")),
            ("Chỉ tiêu", "L4", text("９")),
            ("Chỉ tiêu", "P4", text("２０２６／０５／２０")),
            ("Chỉ tiêu", "L5", text("１．２３４，５")),
            ("Chỉ tiêu", "P5", text("2026/04/30")),
        ],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.2: in_progress 40% → in_progress 55%"), "{out}");
    assert!(out.contains("value ky-nang-so: 61 → 82.4"), "{out}");
    assert!(out.contains("value thu-hang as of 2026-05-20: 9 (new)"), "{out}");
    assert!(out.contains("value chua-co-so-lieu as of 2026-04-30: 1234.5 (new)"), "{out}");
    let after = progress(root, "2026-Q2");
    assert!(after.contains("indicator = \"thu-hang\"\nvalue = 9\nas_of = 2026-05-20\n"), "{after}");
    check_ok(root);

    // What reads two ways, or not at all, is still refused, each at its cell, with what is
    // accepted; a full-width percent sign is a percent sign.
    let q2 = form(root, "2026-Q2", &["--force"]);
    let before = files(root);
    let back = answered(
        &q2,
        &root.join("sai.xlsx"),
        &[
            ("Chỉ tiêu", "P2", text("as_of")),
            ("Chỉ tiêu", "L4", text("１．２３４")),
            ("Chỉ tiêu", "L5", text("７")),
            ("Chỉ tiêu", "P5", text("2026/20/05")),
            ("Nhiệm vụ", "M4", text("５５％")),
            ("Chỉ tiêu", "L3", text("５０")),
            ("Chỉ tiêu", "P3", text("05/20/2026")),
        ],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: '１．２３４' could be 1234 or 1.234\n  --> sai.xlsx: Chỉ tiêu!L4 (value)")
            && err.contains("or 1.2340 (one more decimal) for 1.234"),
        "{err}"
    );
    assert!(err.contains("error: '2026/20/05' is not a date\n  --> sai.xlsx: Chỉ tiêu!P5 (as_of)"), "{err}");
    assert!(err.contains("error: '05/20/2026' is not a date\n  --> sai.xlsx: Chỉ tiêu!P3 (as_of)"), "{err}");
    assert!(err.contains("31/3/2026, 2026-03-31 or 2026/03/31"), "{err}");
    assert!(err.contains("import failed: 3 error(s)"), "a full-width % in a percent cell is read: {err}");
    assert_eq!(files(root), before);
    // ５％ for a figure not measured in % is a percentage, refused as `5%` is.
    let back = answered(&q2, &root.join("pct.xlsx"), &[("Chỉ tiêu", "L4", text("５％"))]);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("this cell is typed as a percentage (５％), but `thu-hang` is measured in"), "{err}");
}

#[test]
fn a_formulas_error_in_an_ods_file_is_an_error_not_a_note() {
    // LibreOffice saves a failed formula with its error as the cell's text and the value type
    // `error`: read as text, `#DIV/0!` became a figure's source and `Err:508` a task's note.
    let site = site_from("basic", &[]);
    let root = site.path();
    let before = files(root);
    let cell =
        |s: &str| format!(r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#);
    let failed = |formula: &str, shown: &str| {
        format!(
            r#"<table:table-cell table:formula="of:{formula}" office:value-type="string" office:string-value="" calcext:value-type="error"><text:p>{shown}</text:p></table:table-cell>"#
        )
    };
    let ods = root.join("loi.ods");
    write_ods(
        &ods,
        "Chỉ tiêu",
        &[
            &[cell("period"), cell("indicator"), cell("value"), cell("source"), cell("note")].concat(),
            &[cell("2026-Q2"), cell("ky-nang-so"), cell("62"), failed("=1/0", "#DIV/0!"), cell("Đúng")].concat(),
            &[cell("2026-Q2"), cell("thu-hang"), cell("9"), cell("Báo cáo"), failed("=CONCATENATE(1;2)", "Err:508")]
                .concat(),
            &[cell("2026-Q2"), cell("chua-co-so-lieu"), failed("=A1/0", ""), cell("Báo cáo"), cell("")].concat(),
        ],
    );
    let (code, _, err) = import(root, &[&ods], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: this cell holds the error #DIV/0!\n  --> loi.ods: Chỉ tiêu!D2 (source)"), "{err}");
    assert!(err.contains("error: this cell holds the error Err:508\n  --> loi.ods: Chỉ tiêu!E3 (note)"), "{err}");
    assert!(err.contains("this cell holds the error Err\n  --> loi.ods: Chỉ tiêu!C4 (value)"), "{err}");
    assert!(err.contains("import failed: 3 error(s)"), "{err}");
    assert_eq!(files(root), before, "nothing was written");
}

#[test]
fn a_line_break_pasted_from_word_is_a_line_break_in_the_note() {
    // Word's manual line break (Shift+Enter) is a vertical tab; pasted into a cell, Excel keeps
    // it (as `_x000B_`), and a page showed nothing there, the two lines run together.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let back = answered(
        &q2,
        &root.join("word.xlsx"),
        &[
            ("Nhiệm vụ", "N4", text("Đã tổ chức 2 lớp.\u{0B}Lớp 3 ngày 5/6.")),
            ("Chỉ tiêu", "N4", text("Theo báo cáo\u{2028}số 12\rngày 1/7")),
        ],
    );
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    let after = progress(root, "2026-Q2");
    assert!(after.contains("note = \"\"\"\nĐã tổ chức 2 lớp.\nLớp 3 ngày 5/6.\"\"\""), "{after}");
    assert!(after.contains("note = \"\"\"\nTheo báo cáo\nsố 12\nngày 1/7\"\"\""), "{after}");
    check_ok(root);
}

#[test]
fn answers_whose_links_the_site_cannot_follow_are_refused_before_anything_is_written() {
    // A note's link to a page, and evidence naming a file, that the site does not have: the
    // progress file alone reads well, but `check` would refuse the site once it was written.
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("lien-ket.csv");
    std::fs::write(
        &csv,
        "period,ref,status,note,evidence\n2026-Q2,kh-1/1.3,done,Xem [báo cáo](khong-co.md),QĐ 5 | files/qd5.pdf\n",
    )
    .unwrap();
    let before = files(root);
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    // Each at the cell it came from, not at a line of a file that is not written.
    assert!(
        err.contains("error: the link `khong-co.md` names content/khong-co.md, which does not exist\n  --> lien-ket.csv: D2 (note)\n"),
        "{err}"
    );
    assert!(
        err.contains("error: the link `files/qd5.pdf` names content/files/qd5.pdf, which does not exist\n  --> lien-ket.csv: E2 (evidence)\n"),
        "{err}"
    );
    assert!(!err.contains("data/progress/2026-Q2.toml:"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(files(root), before);
    check_ok(root);
    // The same answer without them is merged, and the site checks as before.
    std::fs::write(&csv, "period,ref,status,note\n2026-Q2,kh-1/1.3,done,Xem báo cáo\n").unwrap();
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(progress(root, "2026-Q2").contains("note = \"Xem báo cáo\""), "{}", progress(root, "2026-Q2"));
    check_ok(root);
}

/// What the progress file alone refuses (a link that runs a script in a note, a figure larger
/// than any real one) is said at the form's cell, with the site's other errors, in one round.
#[test]
fn answers_a_progress_file_refuses_are_said_at_their_cells() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("tra-loi.csv");
    std::fs::write(
        &csv,
        "period,indicator,value,note\n2026-Q2,thu-hang,20000000000000000,\n2026-Q2,ky-nang-so,62,Xem [đây](javascript:alert(1))\n",
    )
    .unwrap();
    let before = files(root);
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("  --> tra-loi.csv: C2 (value)\n"), "{err}");
    assert!(err.contains("  --> tra-loi.csv: D3 (note)\n"), "{err}");
    assert!(!err.contains("data/progress/2026-Q2.toml"), "{err}");
    assert!(err.contains("import failed: 2 error(s)"), "{err}");
    assert_eq!(files(root), before);
}

#[test]
fn a_figure_typed_after_an_apostrophe_is_refused_with_what_to_delete() {
    // Typed into a cell formatted as text, the apostrophe meant to keep the figure as typed
    // stays part of it.
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("nhay.csv");
    std::fs::write(&csv, "period,indicator,value\n2026-Q2,thu-hang,'12\n").unwrap();
    let before = files(root);
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: ''12' is not a number: it begins with an apostrophe"), "{err}");
    assert!(err.contains("delete it (and format the cell as a number)"), "{err}");
    assert_eq!(files(root), before);
    // Words after an apostrophe are not a figure at all: said as before.
    std::fs::write(&csv, "period,indicator,value\n2026-Q2,thu-hang,'mười hai\n").unwrap();
    let (_, _, err) = import(root, &[&csv], &[]);
    assert!(err.contains("is not a number\n") && !err.contains("apostrophe"), "{err}");
}

/// A folder given to the import, named like a workbook or not, is said to be a folder, with
/// how to give its files.
#[test]
fn a_folder_given_as_a_form_is_said_to_be_one() {
    let site = site_from("basic", &[]);
    let root = site.path();
    for name in ["tra-loi.xlsx", "tra-loi"] {
        std::fs::create_dir_all(root.join(name)).unwrap();
    }
    let before = files(root);
    let (code, _, err) = import(root, &[&root.join("tra-loi.xlsx"), &root.join("tra-loi")], &[]);
    assert_eq!(code, 1, "{err}");
    for name in ["tra-loi.xlsx", "tra-loi"] {
        assert!(err.contains(&format!("{name} is a folder, not a file")), "{err}");
    }
    assert!(err.contains("forms/*.xlsx") && !err.contains("Zip"), "{err}");
    assert_eq!(files(root), before);
}

/// A CSV file typed by hand may name a task's unit by its id or an alias, as the site's own
/// files do; a unit that is not the task's is still refused.
#[test]
fn a_csv_names_a_unit_by_its_id_name_or_alias() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("tra-loi.csv");
    for unit in ["vp", "VP BQL", "Văn phòng Ban Quản lý", "văn phòng"] {
        std::fs::write(&csv, format!("period,ref,unit,status,percent\n2026-Q2,kh-1/1.2,{unit},Đang thực hiện,40\n"))
            .unwrap();
        let (code, _, err) = import(root, &[&csv], &["--dry-run"]);
        assert_eq!(code, 0, "{unit}: {err}");
    }
    std::fs::write(&csv, "period,ref,unit,status,percent\n2026-Q2,kh-1/1.2,so-khcn,Đang thực hiện,40\n").unwrap();
    let (code, _, err) = import(root, &[&csv], &["--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("the form lists task `kh-1/1.2` under \"Văn phòng Ban Quản lý\""), "{err}");
}

/// A figure outside the bounds of its indicator (81 or -5 for an index from 0 to 1) is
/// refused at its cell, with the bounds; one within them is taken.
#[test]
fn a_figure_outside_its_indicators_bounds_is_refused_at_its_cell() {
    let kpi = std::fs::read_to_string(common::fixture("basic").join("data/indicators/kpi.toml")).unwrap()
        + "\n[[indicator]]\nid = \"dti\"\nname = \"Chỉ số DTI\"\nunit = \"chỉ số\"\nbounds = [0, 1]\n";
    let site = site_from("basic", &[("data/indicators/kpi.toml", Some(kpi.as_bytes()))]);
    let root = site.path();
    let csv = root.join("dti.csv");
    for figure in ["81", "-5"] {
        std::fs::write(&csv, format!("period,indicator,value\n2026-Q2,dti,{figure}\n")).unwrap();
        let (code, _, err) = import(root, &[&csv], &["--dry-run"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(&format!("{figure} is outside 0 to 1, the bounds of `dti`")), "{err}");
        assert!(err.contains("--> dti.csv: C2 (value)"), "{err}");
    }
    // The form's own cell takes a figure from 0 to 1 only.
    let sheet = zip_entry(&form(root, "2026-Q2", &[]), "xl/worksheets/sheet3.xml");
    assert!(
        sheet.contains(r#"errorTitle="Cần nhập số từ 0 đến 1""#)
            && sheet.contains("<formula1>0</formula1><formula2>1</formula2>"),
        "{sheet}"
    );
    std::fs::write(&csv, "period,indicator,value\n2026-Q2,dti,\"0,81\"\n").unwrap();
    let (code, _, err) = import(root, &[&csv], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
}

/// A control character in an answer (left by a conversion, pasted with the text) is refused
/// at its cell; Word's manual line break is a line break in the note, as before.
#[test]
fn a_control_character_in_an_answer_is_refused_at_its_cell() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("ghi-chu.csv");
    std::fs::write(&csv, "period,ref,status,percent,note\n2026-Q2,kh-1/1.3,Hoàn thành,100,\"Đã đăng\u{7} 12 tin\"\n")
        .unwrap();
    let before = files(root);
    let (code, _, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("this cell holds the control character U+0007") && err.contains("--> ghi-chu.csv: E2 (note)"),
        "{err}"
    );
    assert_eq!(files(root), before);
}

/// A progress file as the keeper may have saved it (on Windows, with a note over two lines, a
/// figure with more digits than a spreadsheet keeps, an evidence address with a space) comes
/// back from an untouched form as it is: nothing to change, not a byte written.
#[test]
fn an_untouched_form_of_a_windows_saved_file_changes_nothing() {
    let site = site_from("basic", &[]);
    let root = site.path();
    edit_progress(
        root,
        "2026-Q2",
        "note = \"Đã tổ chức 2 lớp.\"",
        "note = \"\"\"Đã tổ chức 2 lớp.\nLớp 3 vào tháng 7.\"\"\"",
    );
    edit_progress(root, "2026-Q2", "value = 10\n", "value = 10.123456789012345678\n");
    edit_progress(root, "2026-Q2", "https://example.gov.vn/cv12.pdf", "https://example.gov.vn/cong van 12.pdf");
    let path = root.join("data/progress/2026-Q2.toml");
    let windows = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    std::fs::write(&path, windows).unwrap();
    check_ok(root);
    let q2 = form(root, "2026-Q2", &[]);
    let before = files(root);
    for _ in 0..2 {
        let (code, out, err) = import(root, &[&q2], &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("nothing to change"), "{out}");
        assert_eq!(files(root), before);
    }
}

/// A note longer than a spreadsheet cell holds stops the form with the task and field named.
#[test]
fn a_note_too_long_for_a_cell_is_named_when_the_form_is_made() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let long = "Đã tổ chức lớp. ".repeat(2100);
    edit_progress(root, "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", &format!("note = \"{}\"", long.trim()));
    check_ok(root);
    let out = root.join("bao-cao.xlsx");
    let (code, _, err) = run(&["form", "2026-Q2", "--root", s(root), "--output", s(&out)]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "task kh-1/1.2: its `note` is 33599 characters long, more than the 32767 a spreadsheet cell holds"
        ),
        "{err}"
    );
    assert!(!out.exists());
}

/// A title corrected in the plan after the forms went out does not refuse the forms that come
/// back: a row that still shows what its form showed (by the digest the form recorded) is
/// taken, and the summary says what changed. A row an agency changed is refused as before.
#[test]
fn a_plan_corrected_after_the_forms_went_out_still_takes_their_answers() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let back = answered(&q2, &root.join("vp.xlsx"), &[("Nhiệm vụ", "L3", text("Hoàn thành"))]);
    let plan = root.join("data/plans/kh-1.toml");
    let written = std::fs::read_to_string(&plan).unwrap();
    let corrected = written.replacen("title = \"Quán triệt Nghị quyết\"", "title = \"Quán triệt Nghị quyết 57\"", 1);
    std::fs::write(&plan, corrected).unwrap();
    check_ok(root);
    let (code, out, err) = import(root, &[&back], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.1: done"), "{out}");
    assert!(
        out.contains("task kh-1/1.1: `title` changed in the site after the form was made; the answer is taken for it as it is now (vp.xlsx: Nhiệm vụ!F3)"),
        "{out}"
    );
    // The agency edits a title itself: refused, the site unchanged or not.
    let edited = answered(
        &q2,
        &root.join("sua.xlsx"),
        &[("Nhiệm vụ", "L3", text("Hoàn thành")), ("Nhiệm vụ", "F4", text("Một nhiệm vụ khác"))],
    );
    let (code, _, err) = import(root, &[&edited], &["--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("this row was changed outside its answer columns: `title` should read"), "{err}");
    assert!(err.contains("--> sua.xlsx: Nhiệm vụ!F4 (title)"), "{err}");
}

/// Two units' files of one name, from two folders: each message names the file by its path.
#[test]
fn files_of_one_name_from_two_folders_are_told_apart() {
    let site = site_from("basic", &[]);
    let root = site.path();
    for (unit, status) in [("vp", "xong"), ("khcn", "Hoàn thành")] {
        std::fs::create_dir_all(root.join(unit)).unwrap();
        std::fs::write(root.join(unit).join("bao-cao.csv"), format!("period,ref,status\n2026-Q2,kh-1/1.3,{status}\n"))
            .unwrap();
    }
    let (vp, khcn) = (root.join("vp/bao-cao.csv"), root.join("khcn/bao-cao.csv"));
    let (code, _, err) = import(root, &[&vp, &khcn], &["--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("--> {}: C2 (status)", vp.display())), "{err}");
}

/// A scratch copy of the task sheet, made to try answers out, is read as answers too: said,
/// so that what was tried out there is not imported without a word.
#[test]
fn a_second_sheet_of_task_answers_is_said() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let book = read_book(&q2);
    let tasks: Vec<Vec<C>> = book["Nhiệm vụ"].iter().map(|r| r.iter().map(c).collect()).collect();
    let mut tried = tasks.clone();
    tried[2][11] = text("Hoàn thành");
    let values: Vec<Vec<C>> = book["Chỉ tiêu"].iter().map(|r| r.iter().map(c).collect()).collect();
    let copy = root.join("co-nhap.xlsx");
    write_book(&copy, &[("Nhiệm vụ", tasks), ("Nháp", tried), ("Chỉ tiêu", values)]);
    let (code, _, err) = import(root, &[&copy], &["--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: the sheet \"Nháp\" answers for tasks too, as \"Nhiệm vụ\" does: the answers of both are read\n  --> co-nhap.xlsx: Nháp!row 2\n"),
        "{err}"
    );
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
}

/// Problems of a cell, of the progress file and of the whole site are said in one round, each
/// at its cell: the agency gets the whole list at once, not one problem a round.
#[test]
fn every_kind_of_problem_is_said_in_one_round() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let back = answered(
        &q2,
        &root.join("ba-loi.xlsx"),
        &[
            ("Nhiệm vụ", "L4", text("Hoàn thành")),
            ("Nhiệm vụ", "M4", C::N(99.5)),
            ("Chỉ tiêu", "L4", C::N(1e20)),
            ("Chỉ tiêu", "N3", text("[a](files/khong-co.pdf)")),
        ],
    );
    let before = files(root);
    let (code, _, err) = import(root, &[&back], &[]);
    assert_eq!(code, 1, "{err}");
    for said in [
        "error: 99.5% contradicts the status 'Hoàn thành': a task done is 100% done\n  --> ba-loi.xlsx: Nhiệm vụ!M4 (percent)\n",
        "error: a reported value is too large: 100000000000000000000 is beyond what it can be\n  --> ba-loi.xlsx: Chỉ tiêu!L4 (value)\n",
        "--> ba-loi.xlsx: Chỉ tiêu!N3 (note)\n",
    ] {
        assert!(err.contains(said), "missing «{said}» in:\n{err}");
    }
    assert!(err.contains("import failed: 3 error(s); nothing was written"), "{err}");
    assert_eq!(files(root), before);
}

/// A sheet the reader cannot parse (a damaged file) says which sheet, and how to repair it.
#[test]
fn a_damaged_sheet_says_to_save_the_file_again() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let bad = root.join("hong.xlsx");
    std::fs::copy(&q2, &bad).unwrap();
    rewrite_zip(&bad, |name, text| {
        if name == "xl/worksheets/sheet3.xml" {
            text.replacen("<c r=\"L3\"", "<c r=\"L3\" t=\"n\"><v>abc</v></c><c r=\"Z3\"", 1)
        } else {
            text
        }
    });
    let before = files(root);
    let (code, _, err) = import(root, &[&bad], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("cannot read its sheet `Chỉ tiêu`: "), "{err}");
    assert!(err.contains("the file may be damaged: open it in Excel or LibreOffice and save it again"), "{err}");
    assert_eq!(files(root), before);
}
