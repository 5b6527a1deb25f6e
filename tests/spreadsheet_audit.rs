//! Answered forms as agencies really send them, beyond what the other spreadsheet tests cover:
//! a task's percent typed as text, figures computed by a formula, and a workbook that unpacks
//! to far more than any form. Workbooks are built with the helpers of `common/sheet.rs`.

mod common;

use std::io::Write as _;

use common::sheet::*;
use common::site_from;

#[test]
fn a_fraction_typed_as_text_for_a_tasks_percent_is_refused_as_in_a_number_cell() {
    // In a cell formatted as text (or in any CSV file) "0,85" is text: it was refused as a
    // number and must be refused as text too, not read as 0.85%.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let back = answered(
        &q2,
        &root.join("phan-so.xlsx"),
        &[
            ("Nhiệm vụ", "M4", text("0,85")),
            ("Nhiệm vụ", "L5", text("Đang thực hiện")),
            ("Nhiệm vụ", "M5", text("0.5")),
        ],
    );
    let csv = root.join("phan-so.csv");
    std::fs::write(&csv, "period,ref,status,percent\n2026-Q2,kh-1/1.3,Đang thực hiện,\"0,85\"\n").unwrap();
    let before = files(root);
    for (file, cell) in [(&back, "phan-so.xlsx: Nhiệm vụ!M4 (percent)"), (&csv, "phan-so.csv: D2 (percent)")] {
        let (code, out, err) = import(root, &[file], &[]);
        assert_eq!(code, 1, "{out}");
        assert!(err.contains("is ambiguous as a percentage of completion") && err.contains(cell), "{err}");
        assert!(err.contains("write the whole number (85) for 85%"), "{err}");
        assert_eq!(files(root), before);
    }
    let (_, _, err) = import(root, &[&back], &[]);
    assert!(err.contains("phan-so.xlsx: Nhiệm vụ!M5 (percent)"), "both cells at once: {err}");
    // Less than 1%, said with its sign, is read as written.
    std::fs::write(&csv, "period,ref,status,percent\n2026-Q2,kh-1/1.3,Đang thực hiện,\"0,5%\"\n").unwrap();
    let (code, out, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.3: in_progress 0.5% (new)"), "{out}");
}

#[test]
fn a_figure_computed_by_a_formula_is_written_as_the_spreadsheet_shows_it() {
    // `=1-0.9` is 0.09999999999999998 in the file and 0.1 on the screen; `=100*0.57` is
    // 56.99999999999999 and shows 57. Spreadsheets keep 15 significant digits.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let back = answered(
        &q2,
        &root.join("cong-thuc.xlsx"),
        &[
            ("Chỉ tiêu", "L4", C::N(1.0 - 0.9)),
            ("Chỉ tiêu", "L5", C::N(0.1 + 0.2)),
            ("Nhiệm vụ", "L5", text("Đang thực hiện")),
            ("Nhiệm vụ", "M5", C::N(100.0 * 0.57)),
        ],
    );
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang: 10 → 0.1\n"), "{out}");
    assert!(out.contains("task kh-1/1.3: in_progress 57% (new)"), "{out}");
    let after = progress(root, "2026-Q2");
    assert!(after.contains("value = 0.1\n") && after.contains("value = 0.3\n"), "{after}");
    assert!(after.contains("percent = 57\n") && !after.contains("99999"), "{after}");
    // The same answer from another agency, typed rather than computed, is the same answer.
    let typed = answered(
        &q2,
        &root.join("go-tay.xlsx"),
        &[("Chỉ tiêu", "L4", C::N(0.1)), ("Nhiệm vụ", "L5", text("Đang thực hiện")), ("Nhiệm vụ", "M5", C::N(57.0))],
    );
    let (code, out, err) = import(root, &[&back, &typed], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("nothing to change"), "{out}");
}

/// A copy of `form` whose shared strings hold one text of `size` bytes: a few hundred
/// kilobytes on disk, unpacked by any reader into memory.
fn zip_bomb(form: &std::path::Path, out: &std::path::Path, size: usize) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(form).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        writer.start_file(name.as_str(), deflated).unwrap();
        if name == "xl/sharedStrings.xml" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
            let (head, tail) = text.split_at(text.find("<si>").unwrap());
            writer.write_all(head.as_bytes()).unwrap();
            writer.write_all(b"<si><t>").unwrap();
            let chunk = vec![b'A'; 1 << 20];
            for _ in 0..size >> 20 {
                writer.write_all(&chunk).unwrap();
            }
            writer.write_all(b"</t></si>").unwrap();
            writer.write_all(tail.as_bytes()).unwrap();
        } else {
            std::io::copy(&mut entry, &mut writer).unwrap();
        }
    }
    writer.finish().unwrap();
}

#[test]
fn a_workbook_that_unpacks_to_far_more_than_any_form_is_refused_before_it_is_read() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let bomb = root.join("bom.xlsx");
    zip_bomb(&q2, &bomb, 400 << 20);
    assert!(std::fs::metadata(&bomb).unwrap().len() < 4 << 20);
    let before = files(root);
    // Without the check, a reader holds the whole text (and copies of it) in memory: an
    // address space of 1 GB is more than enough for any form, and not for that.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1000000; exec \"{}\" import --root \"{}\" \"{}\"",
            env!("CARGO_BIN_EXE_minhbach"),
            root.display(),
            bomb.display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("bom.xlsx unpacks to more than 100 MB"), "{err}");
    assert!(err.contains("import failed: 1 error(s); nothing was written"), "{err}");
    assert_eq!(files(root), before);
}

/// A sheet of the form as copied with only its visible cells into a new workbook: without the
/// hidden row of field names and the hidden record column.
fn visible_cells(form: &std::path::Path, sheet: &str) -> Vec<Vec<C>> {
    let rows = &read_book(form)[sheet];
    let hidden = rows[1].iter().position(|d| *d == "prefilled").unwrap();
    rows.iter()
        .enumerate()
        .filter(|(r, _)| *r != 1)
        .map(|(_, row)| row.iter().enumerate().filter(|(c, _)| *c != hidden).map(|(_, d)| c(d)).collect())
        .collect()
}

#[test]
fn a_sheet_copied_without_its_hidden_row_of_field_names_is_read_by_its_headings() {
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    // Row 4 of the form is row 3 here; column L is still the status, M the percent.
    let mut tasks = visible_cells(&q2, "Nhiệm vụ");
    tasks[3][11] = text("Hoàn thành");
    tasks[3][12] = C::N(100.0);
    // A column the agency added, with a heading of its own: not read, and said.
    tasks[0].push(text("Ghi chú riêng"));
    tasks[3].push(text("gọi lại sau"));
    let mut values = visible_cells(&q2, "Chỉ tiêu");
    values[2][11] = C::N(9.0);
    let copied = root.join("sao-chep.xlsx");
    write_book(&copied, &[("Báo cáo", tasks), ("Sheet2", values)]);
    let (code, out, err) = import(root, &[&copied], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("task kh-1/1.3: done 100% (new)") && out.contains("value thu-hang: 10 → 9"), "{out}");
    assert!(out.contains("sao-chep.xlsx does not record what its answers were prefilled with"), "{out}");
    assert!(err.contains("sao-chep.xlsx: Báo cáo!P4") && err.contains("gọi lại sau"), "{err}");
    check_ok(root);
    // The same copy saved as CSV by Excel on a Vietnamese system: `;` between the cells.
    let site = site_from("basic", &[]);
    let root = site.path();
    let csv = root.join("sao-chep.csv");
    let lines: Vec<String> = visible_cells(&q2, "Chỉ tiêu")
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    C::S(t) if t.contains([';', '"', '\n']) => format!("\"{}\"", t.replace('"', "\"\"")),
                    C::S(t) => t.clone(),
                    C::N(n) => n.to_string(),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect();
    std::fs::write(&csv, format!("\u{feff}{}\r\n", lines.join("\r\n")).replace(";10;", ";8,5;")).unwrap();
    let (code, out, err) = import(root, &[&csv], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("value thu-hang: 10 → 8.5"), "{out}");
}

#[test]
fn the_order_the_files_are_given_in_does_not_change_the_progress_file() {
    // `minhbach import replies/*.xlsx` lists the files in the shell's order, which depends on
    // the machine's language settings; the same answers must give the same file.
    let site = site_from("basic", &[]);
    let q2 = form(site.path(), "2026-Q2", &[]);
    let a = answered(&q2, &site.path().join("a.xlsx"), &[("Nhiệm vụ", "L5", text("Hoàn thành"))]);
    let b = answered(
        &q2,
        &site.path().join("b.xlsx"),
        &[("Nhiệm vụ", "L3", text("Hoàn thành")), ("Chỉ tiêu", "L5", C::N(3.0))],
    );
    let mut written = Vec::new();
    for files in [[&a, &b], [&b, &a]] {
        let other = site_from("basic", &[]);
        let (code, _, err) = import(other.path(), &files.map(|f| f.as_path()), &[]);
        assert_eq!(code, 0, "{err}");
        written.push(progress(other.path(), "2026-Q2"));
    }
    assert_eq!(written[0], written[1]);
    // New reports follow the plan's order.
    let (first, second) = (written[0].find("ref = \"kh-1/1.1\""), written[0].find("ref = \"kh-1/1.3\""));
    assert!(first.unwrap() < second.unwrap(), "{}", written[0]);
}

#[test]
fn a_link_at_the_end_of_a_sentence_is_written_without_the_sentences_punctuation() {
    // Typed as a sentence, or pasted from a letter: the full stop, the comma, the brackets are
    // no part of the address, and a link that keeps them is dead on the published page.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let evidence = "Công văn số 12/VP tại https://example.gov.vn/cv12.pdf.\n\
                    Quyết định 5 | https://example.gov.vn/qd5.pdf;\n\
                    Báo cáo tổng kết (https://example.gov.vn/bc.pdf)\n\
                    Bài viết: <https://example.gov.vn/wiki/Hai_Phong_(thanh_pho)>,";
    let back = answered(&q2, &root.join("cau.xlsx"), &[("Nhiệm vụ", "O4", text(evidence))]);
    let (code, out, err) = import(root, &[&back], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("evidence changed"), "{out}");
    let after = progress(root, "2026-Q2");
    for link in [
        "{ title = \"Công văn số 12/VP tại\", url = \"https://example.gov.vn/cv12.pdf\" }",
        "{ title = \"Quyết định 5\", url = \"https://example.gov.vn/qd5.pdf\" }",
        "{ title = \"Báo cáo tổng kết\", url = \"https://example.gov.vn/bc.pdf\" }",
        "{ title = \"Bài viết\", url = \"https://example.gov.vn/wiki/Hai_Phong_(thanh_pho)\" }",
    ] {
        assert!(after.contains(link), "{link}\n{after}");
    }
}

#[test]
fn a_word_document_or_a_zip_of_forms_named_xlsx_is_named_for_what_it_is() {
    // An agency attaches its cover letter instead of the form, or sends the forms zipped.
    let site = site_from("basic", &[]);
    let root = site.path();
    let q2 = form(root, "2026-Q2", &[]);
    let zipped = |path: &std::path::Path, entries: &[(&str, &[u8])]| {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        for (name, bytes) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap();
    };
    let letter = root.join("cong-van.xlsx");
    zipped(&letter, &[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
    let forms = root.join("cac-bieu-mau.xlsx");
    zipped(&forms, &[("bao-cao-vp.xlsx", &std::fs::read(&q2).unwrap())]);
    let before = files(root);
    let (code, _, err) = import(root, &[&letter, &forms], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("cong-van.xlsx is a Word document (.docx) named .xlsx, not a workbook"), "{err}");
    assert!(err.contains("cac-bieu-mau.xlsx is a zip archive named .xlsx, not a workbook"), "{err}");
    assert!(err.contains("bao-cao-vp.xlsx"), "what it holds: {err}");
    assert!(!err.contains("_rels/.rels"), "{err}");
    assert_eq!(files(root), before);
    // A scanned report or a photo of it, renamed.
    let pdf = root.join("bao-cao.xlsx");
    std::fs::write(&pdf, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n").unwrap();
    let photo = root.join("anh.ods");
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00").unwrap();
    let (code, _, err) = import(root, &[&pdf, &photo], &[]);
    assert_eq!(code, 1);
    assert!(err.contains("bao-cao.xlsx is a PDF document named .xlsx, not a workbook"), "{err}");
    assert!(err.contains("anh.ods is a JPEG picture named .ods, not a workbook"), "{err}");
    assert_eq!(files(root), before);
}
