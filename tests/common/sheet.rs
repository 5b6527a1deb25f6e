//! Helpers of the spreadsheet tests: running `form` and `import`, reading workbooks back with
//! calamine, and writing the workbooks an agency sends back with rust_xlsxwriter, as Excel
//! and other programs save them.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

use super::minhbach;

/// Runs the tool; (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = minhbach(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every input file of the site (its data and snapshots), to show that nothing changed.
pub fn files(root: &Path) -> BTreeMap<String, String> {
    use sha2::Digest as _;
    ["data", "archive", "site.toml"]
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(root.join(d)).sort_by_file_name().into_iter().filter_map(Result::ok))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let digest = sha2::Sha256::digest(std::fs::read(e.path()).unwrap());
            (e.path().strip_prefix(root).unwrap().display().to_string(), hex::encode(digest))
        })
        .collect()
}

pub fn progress(root: &Path, period: &str) -> String {
    std::fs::read_to_string(root.join(format!("data/progress/{period}.toml"))).unwrap()
}

/// Writes the period's form into the site's folder and returns its path.
pub fn form(root: &Path, period: &str, extra: &[&str]) -> PathBuf {
    let out = root.join(format!("form-{period}.xlsx"));
    let mut args = vec!["form", period, "--root", s(root), "--output", s(&out)];
    args.extend_from_slice(extra);
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    out
}

pub fn import(root: &Path, files: &[&Path], extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["import", "--root", s(root)];
    args.extend(files.iter().map(|f| s(f)));
    args.extend_from_slice(extra);
    run(&args)
}

/// A workbook's sheets as calamine reads them, cells at their absolute positions.
pub fn read_book(path: &Path) -> BTreeMap<String, Vec<Vec<Data>>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut out = BTreeMap::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let mut rows: Vec<Vec<Data>> = Vec::new();
        if let Some((top, left)) = range.start() {
            rows.resize(top as usize, Vec::new());
            for r in range.rows() {
                let mut row = vec![Data::Empty; left as usize];
                row.extend(r.iter().cloned());
                rows.push(row);
            }
        }
        out.insert(name, rows);
    }
    out
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    calamine::open_workbook_auto(path).unwrap().sheet_names()
}

/// A cell to write into a workbook made by "another program".
#[derive(Clone, Debug)]
pub enum C {
    E,
    S(String),
    N(f64),
    Date(u16, u8, u8),
    /// A number shown with a number format, as Excel stores "82,4%": (0.824, "0.0%").
    Fmt(f64, &'static str),
    /// A formula saved without its result, as some programs other than Excel write them.
    Formula(&'static str),
    /// A formula with the result the program saved (`#DIV/0!`).
    Result(&'static str, &'static str),
}

pub fn c(data: &Data) -> C {
    match data {
        Data::String(t) => C::S(t.clone()),
        Data::Float(f) => C::N(*f),
        Data::Int(i) => C::N(*i as f64),
        Data::Empty => C::E,
        other => C::S(other.to_string()),
    }
}

/// Writes sheets of cells with rust_xlsxwriter, without the form's styles or protection.
pub fn write_book(path: &Path, sheets: &[(&str, Vec<Vec<C>>)]) {
    write_merged_book(path, sheets, &[]);
}

/// The same, with areas merged: (sheet, first row, first column, last row, last column),
/// 0-based; the first cell keeps what the sheet holds there.
pub fn write_merged_book(path: &Path, sheets: &[(&str, Vec<Vec<C>>)], merged: &[(&str, u32, u16, u32, u16)]) {
    let mut book = Workbook::new();
    let mut no_result = Vec::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                match cell {
                    C::E => {}
                    C::S(t) => {
                        ws.write_string(r, col, t).unwrap();
                    }
                    C::N(n) => {
                        ws.write_number(r, col, *n).unwrap();
                    }
                    C::Date(y, m, d) => {
                        ws.write_datetime_with_format(r, col, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date)
                            .unwrap();
                    }
                    C::Fmt(n, format) => {
                        ws.write_number_with_format(r, col, *n, &Format::new().set_num_format(*format)).unwrap();
                    }
                    C::Formula(f) => {
                        ws.write_formula(r, col, *f).unwrap();
                        no_result.push(f.trim_start_matches('=').to_string());
                    }
                    C::Result(f, result) => {
                        ws.write_formula(r, col, Formula::new(*f).set_result(*result)).unwrap();
                    }
                }
            }
        }
        for &(_, r0, c0, r1, c1) in merged.iter().filter(|m| m.0 == *name) {
            let first = rows.get(r0 as usize).and_then(|r| r.get(c0 as usize)).cloned();
            ws.merge_range(r0, c0, r1, c1, "", &Format::new()).unwrap();
            match first {
                Some(C::N(n)) => {
                    ws.write_number(r0, c0, n).unwrap();
                }
                Some(C::S(text)) => {
                    ws.write_string(r0, c0, text).unwrap();
                }
                _ => {}
            }
        }
    }
    book.save(path).unwrap();
    // rust_xlsxwriter saves 0 as every formula's result; take it out.
    if !no_result.is_empty() {
        rewrite_zip(path, |name, text| {
            if !name.starts_with("xl/worksheets/") {
                return text;
            }
            no_result.iter().fold(text, |t, f| t.replace(&format!("<f>{f}</f><v>0</v>"), &format!("<f>{f}</f>")))
        });
    }
}

/// Rewrites the text entries of a zip file (a workbook) through `edit(name, text)`.
pub fn rewrite_zip(path: &Path, edit: impl Fn(&str, String) -> String) {
    use std::io::Write as _;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        let name = entry.name().unwrap().into_owned();
        let bytes: Vec<u8> = match String::from_utf8(bytes) {
            Ok(text) => edit(&name, text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        entries.push((name, bytes));
    }
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, bytes) in entries {
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// The form's answer sheets with some cells replaced, saved as a new workbook: what an agency
/// sends back. `edits`: (sheet, Excel cell like "L3", new content).
pub fn answered(form: &Path, out: &Path, edits: &[(&str, &str, C)]) -> PathBuf {
    answered_merged(form, out, edits, &[])
}

/// The same, with areas merged (see [`write_merged_book`]).
pub fn answered_merged(
    form: &Path,
    out: &Path,
    edits: &[(&str, &str, C)],
    merged: &[(&str, u32, u16, u32, u16)],
) -> PathBuf {
    let book = read_book(form);
    let mut sheets = Vec::new();
    for name in sheet_names(form) {
        let mut rows: Vec<Vec<C>> = book[&name].iter().map(|r| r.iter().map(c).collect()).collect();
        for (sheet, cell, value) in edits {
            if *sheet != name {
                continue;
            }
            let (col, row) = cell_ref(cell);
            if rows.len() <= row {
                rows.resize(row + 1, Vec::new());
            }
            if rows[row].len() <= col {
                rows[row].resize(col + 1, C::E);
            }
            rows[row][col] = value.clone();
        }
        sheets.push((name, rows));
    }
    let refs: Vec<(&str, Vec<Vec<C>>)> = sheets.iter().map(|(n, r)| (n.as_str(), r.clone())).collect();
    write_merged_book(out, &refs, merged);
    out.to_path_buf()
}

/// "L3" → (column 11, row 2).
pub fn cell_ref(cell: &str) -> (usize, usize) {
    let letters: String = cell.chars().take_while(char::is_ascii_alphabetic).collect();
    let col = letters.bytes().fold(0usize, |acc, b| acc * 26 + (b - b'A' + 1) as usize) - 1;
    let row: usize = cell[letters.len()..].parse().unwrap();
    (col, row - 1)
}

pub fn text(s: &str) -> C {
    C::S(s.to_string())
}

pub fn zip_entry(path: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    entry.read_to_string(&mut text).unwrap();
    text
}

pub fn check_ok(root: &Path) {
    let (code, err) = super::check(root);
    assert_eq!(code, 0, "{err}");
}

pub fn build_ok(root: &Path) {
    let out = root.join("public");
    let (code, _, err) = run(&["build", "--root", s(root), "--output", s(&out)]);
    assert_eq!(code, 0, "{err}");
}

/// Replaces `from` by `to` in a period's progress file, as the keeper edits it by hand.
pub fn edit_progress(root: &Path, period: &str, from: &str, to: &str) {
    let path = root.join(format!("data/progress/{period}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A workbook's sheets with the column named `field` in the field-name row taken out, saved as
/// a new workbook: a form saved by copying only what shows, or made before the column was.
pub fn without_column(book_path: &Path, out: &Path, field: &str) -> PathBuf {
    let book = read_book(book_path);
    let mut sheets = Vec::new();
    for name in sheet_names(book_path) {
        let rows = &book[&name];
        let at = rows.get(1).and_then(|r| r.iter().position(|d| *d == field));
        let rows: Vec<Vec<C>> = rows
            .iter()
            .map(|r| r.iter().enumerate().filter(|(i, _)| Some(*i) != at).map(|(_, d)| c(d)).collect())
            .collect();
        sheets.push((name, rows));
    }
    let refs: Vec<(&str, Vec<Vec<C>>)> = sheets.iter().map(|(n, r)| (n.as_str(), r.clone())).collect();
    write_book(out, &refs);
    out.to_path_buf()
}

/// Writes a one-sheet .ods file whose rows hold the given cells (OpenDocument XML).
pub fn write_ods(path: &Path, sheet: &str, rows: &[&str]) {
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
