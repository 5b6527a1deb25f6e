//! The round trip through a real office program: a form opened, answered and saved by
//! LibreOffice Calc, as .xlsx, .ods and .xls, is read as the form minhbach wrote. The record
//! of what the form was prefilled with lives in a hidden last column; a program that dropped
//! it, or rewrote its text, would turn every answer left as the form gave it into an edit that
//! overwrites the keeper's later corrections.
//!
//! LibreOffice (`soffice`) is installed by `.ci/run`. Without it the tests are skipped with a
//! note, unless `MINHBACH_BROWSER_CHECKS=require` (CI), which makes that a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::sheet::*;
use common::site_from;

/// The formats an agency may save the form in, as LibreOffice names its filters.
const FORMATS: [(&str, &str); 3] =
    [("xlsx", "xlsx:Calc MS Excel 2007 XML"), ("ods", "ods"), ("xls", "xls:MS Excel 97")];

/// LibreOffice's program, when it can run here.
fn office() -> Option<String> {
    let program = std::env::var("SOFFICE").unwrap_or_else(|_| "soffice".into());
    let runs = Command::new(&program).arg("--version").output().is_ok_and(|o| o.status.success());
    if !runs {
        assert!(
            std::env::var("MINHBACH_BROWSER_CHECKS").as_deref() != Ok("require"),
            "office checks required but LibreOffice (`soffice`) is missing: install libreoffice-calc-nogui"
        );
        eprintln!("skipping office checks: install LibreOffice (libreoffice-calc-nogui) to run them");
        return None;
    }
    Some(program)
}

/// `book` opened and saved by LibreOffice in each of [`FORMATS`], beside it, named as the
/// agency's file (`bao-cao-vp.xlsx`, `.ods`, `.xls`). Each run has a profile of its own, so
/// that tests running at once do not share one.
fn saved_by_office(program: &str, book: &Path, name: &str) -> Vec<PathBuf> {
    let dir = book.parent().unwrap();
    let work = tempfile::tempdir().unwrap();
    let source = work.path().join(format!("{name}.xlsx"));
    std::fs::copy(book, &source).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
    FORMATS
        .iter()
        .map(|(extension, filter)| {
            let out = work.path().join(extension);
            let done = Command::new(program)
                .args([&profile, "--headless", "--norestore", "--convert-to", filter, "--outdir"])
                .arg(&out)
                .arg(&source)
                .output()
                .unwrap();
            let saved = out.join(format!("{name}.{extension}"));
            assert!(saved.is_file(), "LibreOffice did not save {extension}: {}", String::from_utf8_lossy(&done.stderr));
            let kept = dir.join(format!("{name}.{extension}"));
            std::fs::copy(&saved, &kept).unwrap();
            kept
        })
        .collect()
}

/// `form` with cells typed in, as a person fills it in the office program: each cell's value
/// replaced in the sheet's XML, the form's styles, protection and hidden column untouched.
/// `edits`: (sheet file, the cell's XML as the form wrote it, as typed).
fn typed(form: &Path, out: &Path, edits: &[(&str, &str, &str)]) -> PathBuf {
    std::fs::copy(form, out).unwrap();
    rewrite_zip(out, |name, text| {
        edits.iter().filter(|(sheet, _, _)| name == format!("xl/worksheets/{sheet}.xml")).fold(
            text,
            |text, (_, was, now)| {
                assert!(text.contains(was), "{was} not in {name}: the form changed");
                text.replacen(was, now, 1)
            },
        )
    });
    out.to_path_buf()
}

#[test]
fn a_form_saved_untouched_by_an_office_program_changes_nothing() {
    let Some(program) = office() else { return };
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let before = files(site.path());
    for saved in saved_by_office(&program, &path, "bao-cao-vp") {
        let (code, out, err) = import(site.path(), &[&saved], &[]);
        assert_eq!(code, 0, "{}: {err}", saved.display());
        assert!(out.starts_with("nothing to change"), "{}: {out}", saved.display());
        assert!(!out.contains("does not record"), "the hidden record was lost: {out}");
        assert_eq!(before, files(site.path()), "{}", saved.display());
    }
    check_ok(site.path());
}

#[test]
fn answers_typed_and_saved_in_an_office_program_keep_the_keepers_later_edits() {
    let Some(program) = office() else { return };
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    // The agency changes one task's percent and adds a figure's source; it leaves the task's
    // note and the figure as the form gave them.
    let answered = typed(
        &path,
        &site.path().join("typed.xlsx"),
        &[
            ("sheet2", r#"<c r="M4" s="10"><v>40</v></c>"#, r#"<c r="M4" s="10"><v>55</v></c>"#),
            (
                "sheet3",
                r#"<c r="M4" s="10"/>"#,
                r#"<c r="M4" s="10" t="inlineStr"><is><t>Báo cáo xếp hạng 2026</t></is></c>"#,
            ),
        ],
    );
    let saved = saved_by_office(&program, &answered, "bao-cao-vp");
    std::fs::remove_file(&answered).unwrap();
    // Meanwhile the keeper corrects the note and the figure in the progress file.
    let note = "note = \"Đã tổ chức 2 lớp; lớp thứ 3 ngày 5/6.\"";
    edit_progress(site.path(), "2026-Q2", "note = \"Đã tổ chức 2 lớp.\"", note);
    edit_progress(
        site.path(),
        "2026-Q2",
        "indicator = \"thu-hang\"\nvalue = 10\n",
        "indicator = \"thu-hang\"\nvalue = 8\n",
    );
    let edited = progress(site.path(), "2026-Q2");
    let mut results = Vec::new();
    for book in &saved {
        std::fs::write(site.path().join("data/progress/2026-Q2.toml"), &edited).unwrap();
        let file = book.file_name().unwrap().to_string_lossy().into_owned();
        let (code, out, err) = import(site.path(), &[book], &[]);
        assert_eq!(code, 0, "{file}: {err}");
        for said in [
            "task kh-1/1.2: in_progress 40% → in_progress 55%".to_string(),
            "value thu-hang: 8; source added".to_string(),
            format!(
                "task kh-1/1.2, note: “Đã tổ chức 2 lớp; lớp thứ 3 ngày 5/6.” stays; the form still had “Đã tổ chức 2 lớp.” ({file}: Nhiệm vụ!N4)"
            ),
            format!("indicator thu-hang, value: “8” stays; the form still had “10” ({file}: Chỉ tiêu!L4)"),
        ] {
            assert!(out.contains(&said), "{file}: missing «{said}» in:\n{out}");
        }
        let after = progress(site.path(), "2026-Q2");
        assert!(after.contains(&format!("percent = 55\n{note}")), "{file}:\n{after}");
        assert!(
            after.contains("indicator = \"thu-hang\"\nvalue = 8\nsource = \"Báo cáo xếp hạng 2026\"\n"),
            "{file}:\n{after}"
        );
        check_ok(site.path());
        results.push(after);
    }
    // Each format gives the same progress file.
    assert!(results.windows(2).all(|w| w[0] == w[1]), "{results:#?}");
}

/// One cell typed at the far corner of a sheet (IV65536, the last cell of an Excel 97 sheet):
/// the .xlsx is read cell by cell and says it; the .ods and .xls, which the reader would hold
/// as a rectangle of 16 million cells (gigabytes for a file of kilobytes), are refused at
/// that cell before they are read.
#[test]
fn a_cell_typed_at_the_far_corner_never_fills_the_memory() {
    let Some(program) = office() else { return };
    let site = site_from("basic", &[]);
    let path = form(site.path(), "2026-Q2", &[]);
    let far = answered(
        &path,
        &site.path().join("xa.xlsx"),
        &[("Chỉ tiêu", "L3", C::N(70.0)), ("Chỉ tiêu", "IV65536", text("x"))],
    );
    let saved = saved_by_office(&program, &far, "xa");
    let before = files(site.path());
    for book in &saved {
        let file = book.file_name().unwrap().to_string_lossy().into_owned();
        let (code, out, err) = import(site.path(), &[book], &["--dry-run"]);
        if file.ends_with(".xlsx") {
            assert_eq!(code, 0, "{file}: {err}");
            assert!(out.contains("value ky-nang-so"), "{file}: {out}");
            assert!(err.contains(&format!("--> {file}: Chỉ tiêu!IV65536")), "{file}: {err}");
        } else {
            assert_eq!(code, 1, "{file}: {err}");
            assert!(
                err.contains(&format!(
                    "error: the cells of this sheet reach IV65536, so far from the others that the file cannot be read\n  --> {file}: Chỉ tiêu!IV65536\n"
                )),
                "{file}: {err}"
            );
            assert!(err.contains("delete what lies outside the form's table"), "{file}: {err}");
        }
    }
    assert_eq!(files(site.path()), before);
}
