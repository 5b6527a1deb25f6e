//! Reading a CSV file (UTF-8, with or without a byte order mark, separated by commas,
//! semicolons or tabs) into a grid, keeping how each line was written: how many fields it has
//! and which were in quotes, which tells a figure split by a decimal comma from two answers.

use std::path::Path;

use super::cells::{Cell, Grid, MAX_CELLS, too_spread};

/// How one line of a CSV file was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    /// Its fields as separated, empty ones at its end included (the grid's row leaves those
    /// out): a line split by a stray comma has one more.
    pub fields: usize,
    /// Whether each field was in double quotes: a number in quotes was written as one field.
    pub quoted: Vec<bool>,
}

/// How a CSV file was written: its separator and each line.
#[derive(Clone, Debug, Default)]
pub struct Written {
    pub separator: u8,
    pub lines: Vec<Line>,
}

impl Written {
    pub fn fields(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, |l| l.fields)
    }

    pub fn quoted(&self, row: usize, col: usize) -> bool {
        self.lines.get(row).and_then(|l| l.quoted.get(col)).copied().unwrap_or(false)
    }
}

/// More than any form's CSV file: a whole country's, with long notes, is a few megabytes.
const MAX_CSV_BYTES: u64 = 64 << 20;

pub fn read(path: &Path) -> Result<Grid, String> {
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_CSV_BYTES) {
        return Err(format!(
            "it is larger than {} MB, far more than any reporting form, so it is not read; ask the agency to send the form again",
            MAX_CSV_BYTES >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| not_utf8(bytes))?;
    parse(text)
}

fn parse(text: &str) -> Result<Grid, String> {
    let separator = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator).from_reader(text.as_bytes());
    // Each record with the byte it begins at, its number of fields and its cells.
    let mut records = Vec::new();
    let mut spanned = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| format!("it is not valid CSV: {e}"))?;
        spanned += record.len();
        if spanned > MAX_CELLS {
            return Err(too_spread());
        }
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let mut row: Vec<Cell> =
            record.iter().map(|f| if f.is_empty() { Cell::Empty } else { Cell::Text(f.to_string()) }).collect();
        while row.last().is_some_and(|c| *c == Cell::Empty) {
            row.pop();
        }
        records.push((at, record.len(), row));
    }
    // A spreadsheet shows a blank line as an empty row (the csv crate skips it) and a quoted
    // field over several lines in one row: rows are counted that way, so that a message names
    // the row the agency sees.
    let (mut rows, mut lines) = (Vec::new(), Vec::new());
    // Line breaks before the record being placed, and those inside quoted fields.
    let (mut line, mut folded, mut counted) = (0usize, 0usize, 0usize);
    let starts: Vec<usize> = records.iter().map(|(byte, ..)| *byte).collect();
    for (i, (start, fields, row)) in records.into_iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(text.len());
        let raw = text.get(start..end).unwrap_or("");
        // A record's position is where the one before it ended, blank lines included.
        let start = start + (raw.len() - raw.trim_start_matches(['\r', '\n']).len());
        line += text.as_bytes().get(counted..start).map_or(0, |b| b.iter().filter(|&&b| b == b'\n').count());
        counted = start;
        let (quoted, breaks) = scan_record(text.get(start..end).unwrap_or(""), separator);
        let r = line.saturating_sub(folded).max(rows.len());
        rows.resize(r, Vec::new());
        lines.resize(r, Line::default());
        rows.push(row);
        lines.push(Line { fields, quoted });
        folded += breaks;
    }
    Ok(Grid { name: None, rows, merged: Vec::new(), written: Some(Written { separator, lines }) })
}

/// Which fields of one CSV record, as written, begin with a double quote (a quote after a
/// space is part of the text, as the csv crate reads it), and how many line breaks its quoted
/// fields hold.
fn scan_record(raw: &str, separator: u8) -> (Vec<bool>, usize) {
    let separator = separator as char;
    let mut quoted = Vec::new();
    let mut breaks = 0;
    let mut chars = raw.chars().peekable();
    loop {
        let is_quoted = chars.next_if_eq(&'"').is_some();
        quoted.push(is_quoted);
        if is_quoted {
            // To the closing quote; `""` inside is a quote.
            while let Some(c) = chars.next() {
                match c {
                    '"' if chars.next_if_eq(&'"').is_none() => break,
                    '\n' => breaks += 1,
                    _ => {}
                }
            }
        }
        loop {
            match chars.next() {
                None | Some('\r' | '\n') => return (quoted, breaks),
                Some(c) if c == separator => break,
                Some(_) => {}
            }
        }
    }
}

/// Excel writes `;` where the decimal separator is a comma, as on Vietnamese systems; tabs come
/// from copying cells. The separator is the one that splits a line naming the progress fields,
/// or, in a file without them, the form's headings of the ids (see `read::field_row`), on
/// whichever line they are: a file may begin with a letterhead.
fn sniff_delimiter(text: &str) -> u8 {
    let ids = [super::columns::TASKS, super::columns::VALUES]
        .map(|cols| cols.iter().find(|c| c.kind == super::columns::Kind::Key).map_or("ref", |c| c.header));
    for names in [["ref", "indicator"], ids] {
        for line in text.lines() {
            for d in [b',', b';', b'\t'] {
                let fields: Vec<&str> = line.split(d as char).map(|f| f.trim().trim_matches('"')).collect();
                if fields.len() > 1 && fields.iter().any(|f| names.contains(&crate::text::nfc_string(f).as_str())) {
                    return d;
                }
            }
        }
    }
    b','
}

/// Why a CSV file is refused when it is not UTF-8: UTF-16 (Excel's "Unicode Text", whose
/// ASCII letters each have a zero byte beside them) named as such, any other encoding as not
/// UTF-8.
fn not_utf8(bytes: &[u8]) -> String {
    let save = "save it as \"CSV UTF-8 (Comma delimited)\" (Excel) or choose the UTF-8 character set (LibreOffice)";
    let utf16 =
        bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.iter().take(200).any(|&b| b == 0);
    if utf16 {
        format!("it is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; {save}")
    } else {
        format!("it is not UTF-8 text; {save}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_in_another_encoding_is_named() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("ref,status\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(not_utf8(&utf16).starts_with("it is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8; save it as"));
        let without_mark: Vec<u8> = "ref".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(not_utf8(&without_mark).starts_with("it is UTF-16 text"));
        assert!(not_utf8(b"ref,status\nkh-1/1.3,Ho\xe0n th\xe0nh\n").starts_with("it is not UTF-8 text; save it as"));
    }

    #[test]
    fn delimiters_are_found_by_the_field_names() {
        assert_eq!(sniff_delimiter("ref;status;percent\nx;y;z"), b';');
        assert_eq!(sniff_delimiter("Tiêu đề\nref\tstatus"), b'\t');
        assert_eq!(sniff_delimiter("indicator,value,note"), b',');
        // The form's headings, in a file without the row of field names.
        assert_eq!(sniff_delimiter("Kỳ báo cáo;Mã nhiệm vụ;\"Kết quả thực hiện, ghi chú\"\nx;y;z"), b';');
    }

    #[test]
    fn each_line_keeps_how_it_was_written() {
        let grid =
            parse("indicator,value,source\nky-nang-so,45,5\n\"ky-nang-so\",\"45\",\"a,\"\"b\"\"\",\r\n").unwrap();
        let written = grid.written.unwrap();
        assert_eq!(written.separator, b',');
        assert_eq!(written.lines[1], Line { fields: 3, quoted: vec![false, false, false] });
        assert_eq!(written.lines[2], Line { fields: 4, quoted: vec![true, true, true, false] });
        assert_eq!(grid.rows[2][2], Cell::Text("a,\"b\"".into()));
        // A quoted field over two lines is one field.
        let grid = parse("ref;note\nkh-1;\"dòng 1\ndòng 2\";x\n\n\nkh-2;y\r\n\r\nkh-3\n").unwrap();
        let written = grid.written.unwrap();
        assert_eq!(written.lines[1].quoted, vec![false, true, false]);
        // Rows as a spreadsheet shows them: a blank line is a row, a field's line break is not.
        assert_eq!(grid.rows.len(), 7);
        assert_eq!(grid.rows[4], vec![Cell::Text("kh-2".into()), Cell::Text("y".into())]);
        assert_eq!(grid.rows[6], vec![Cell::Text("kh-3".into())]);
        assert_eq!(written.fields(4), 2);
        assert!(grid.rows[2].is_empty() && grid.rows[5].is_empty());
    }
}
