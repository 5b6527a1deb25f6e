//! What calamine does not say about an OpenDocument spreadsheet (LibreOffice's `.ods`): which
//! cells hold a percentage (`82,4%` is stored as 0.824 with the value type `percentage`), which
//! hold a formula's error (`#DIV/0!`, `Err:508`, which calamine reads as that text), which
//! cells are merged, and how far the cells reach (see `reach.rs`). Read from the file's
//! `content.xml`, cell positions counted the way calamine counts them (repeated rows and
//! columns expanded, covered cells taking their place).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufReader, Read, Seek};

use quick_xml::events::{BytesStart, Event};

use super::reach::Reach;

/// A merged area, 0-based and inclusive: (first row, first column, last row, last column).
pub type Area = (usize, usize, usize, usize);

/// One sheet's cells that calamine reads only as their values.
#[derive(Clone, Debug, Default)]
pub struct OdsSheet {
    /// (row, column) of cells holding a percentage.
    pub percent: BTreeSet<(usize, usize)>,
    /// (row, column) of cells whose formula failed: LibreOffice writes the error as the cell's
    /// text, with the value type `error`.
    pub errors: BTreeSet<(usize, usize)>,
    pub merged: Vec<Area>,
    /// The rows and columns its cells with a value or formula reach, which a reader that
    /// holds the sheet as a rectangle allocates whole.
    pub reach: Option<Reach>,
}

/// Repeats beyond this are empty filler (LibreOffice writes a million empty rows as one).
const MAX_REPEAT: usize = 10_000;

/// Every sheet by name; an error says why the file's content cannot be read.
pub fn scan<R: Read + Seek>(file: R) -> Result<BTreeMap<String, OdsSheet>, String> {
    let mut zip = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
    let content = zip.by_name("content.xml").map_err(|e| format!("content.xml: {e}"))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheets = BTreeMap::new();
    let mut sheet: Option<(String, OdsSheet)> = None;
    let (mut row, mut col) = (0usize, 0usize);
    let mut row_repeat = 1usize;
    let mut in_row = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| format!("content.xml: {e}"))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => {
                    let name = attr(&e, "table:name").unwrap_or_default();
                    sheet = Some((name, OdsSheet::default()));
                    row = 0;
                    if empty && let Some((n, s)) = sheet.take() {
                        sheets.insert(n, s);
                    }
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = repeat(&e, "table:number-rows-repeated");
                    in_row = !empty;
                    if empty {
                        row += row_repeat;
                    }
                }
                "table:table-cell" | "table:covered-table-cell" if in_row => {
                    let repeats = repeat(&e, "table:number-columns-repeated");
                    if let Some((_, s)) = sheet.as_mut() {
                        let kind = if attr(&e, "office:value-type").as_deref() == Some("percentage") {
                            Some(&mut s.percent)
                        } else if attr(&e, "calcext:value-type").as_deref() == Some("error") {
                            Some(&mut s.errors)
                        } else {
                            None
                        };
                        if let Some(cells) = kind {
                            for r in row..row + row_repeat.min(MAX_REPEAT) {
                                for c in col..col + repeats.min(MAX_REPEAT) {
                                    cells.insert((r, c));
                                }
                            }
                        }
                        let holds = e.try_get_attribute("office:value-type").ok().flatten().is_some()
                            || e.try_get_attribute("table:formula").ok().flatten().is_some();
                        if holds {
                            Reach::take_in(&mut s.reach, (row, col));
                            let last = (row.saturating_add(row_repeat - 1), col.saturating_add(repeats - 1));
                            Reach::take_in(&mut s.reach, last);
                        }
                        let rows = repeat(&e, "table:number-rows-spanned");
                        let cols = repeat(&e, "table:number-columns-spanned");
                        if rows > 1 || cols > 1 {
                            s.merged.push((row, col, row + rows - 1, col + cols - 1));
                        }
                    }
                    col = col.saturating_add(repeats);
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    in_row = false;
                    row = row.saturating_add(row_repeat);
                }
                "table:table" => {
                    if let Some((n, s)) = sheet.take() {
                        sheets.insert(n, s);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned())
}

fn repeat(e: &BytesStart, name: &str) -> usize {
    attr(e, name).and_then(|v| v.trim().parse::<usize>().ok()).filter(|n| *n >= 1).unwrap_or(1)
}
