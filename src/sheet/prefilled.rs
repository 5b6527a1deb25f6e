//! What a form's answer columns were prefilled with, recorded in the form itself, so that an
//! import can tell an answer the agency changed from one it left as the form gave it (see
//! `threeway.rs`): the form as made is the common base, the answers are one side and the
//! progress file as it is now the other.
//!
//! The record is the last column of each answer sheet, hidden and locked, one cell a row
//! holding that row's prefilled answers as JSON with the row's id. A hidden column rather than a
//! hidden sheet: Excel and LibreOffice keep both when they save again (as .xlsx, .ods or .xls),
//! but a column also travels with its row where a sheet is lost, when the answer sheet alone is
//! copied into another workbook ("Move or Copy", or select all and paste), when several
//! agencies' rows are gathered into one file, and when the sheet is saved as CSV (which keeps
//! hidden columns but only the active sheet). One cell a row rather than a column per field:
//! the row's id in the record tells a record still on its row from one moved to another (by a
//! sort of the visible columns only), a status is recorded by its keyword, which a theme's new
//! labels do not change, and a damaged record reads as damaged instead of as an answer.
//!
//! The protection has no password, so an agency can change a record on purpose; it gains
//! nothing by it: a changed record can only make an answer a conflict for the keeper to settle,
//! or make it replace the file's value, as a form made before this record does.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::cells::Cell;
use super::columns::Kind;
use super::read::SheetKind;
use super::rows::{Out, evidence_text};
use crate::model::{TaskReport, ValueReport};

/// The record's field name, in the form's hidden second row.
pub const FIELD: &str = "prefilled";

/// The answer fields of a task and of a figure, the main one (which a report needs) first.
pub const TASK_FIELDS: [&str; 4] = ["status", "percent", "note", "evidence"];
pub const VALUE_FIELDS: [&str; 3] = ["value", "source", "note"];

impl SheetKind {
    pub(super) fn answer_fields(self) -> &'static [&'static str] {
        match self {
            SheetKind::Tasks => &TASK_FIELDS,
            SheetKind::Values => &VALUE_FIELDS,
        }
    }
}

/// A task's report as the form's answer cells hold it, the status by its keyword.
pub fn task_cells(report: Option<&TaskReport>) -> BTreeMap<&'static str, Cell> {
    let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let mut cells = BTreeMap::new();
    cells.insert("status", text(report.map(|r| r.status.as_str())));
    cells.insert("percent", report.and_then(|r| r.percent).map_or(Cell::Empty, Cell::Number));
    cells.insert("note", text(report.and_then(|r| r.note.as_deref())));
    cells.insert("evidence", text(report.map(|r| evidence_text(&r.evidence)).as_deref()));
    cells
}

/// A figure as the form's answer cells hold it.
pub fn value_cells(report: Option<&ValueReport>) -> BTreeMap<&'static str, Cell> {
    let text = |s: Option<&str>| s.filter(|s| !s.is_empty()).map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
    let mut cells = BTreeMap::new();
    cells.insert("value", report.map_or(Cell::Empty, |r| Cell::Number(r.value)));
    cells.insert("source", text(report.and_then(|r| r.source.as_deref())));
    cells.insert("note", text(report.and_then(|r| r.note.as_deref())));
    cells
}

/// The record's key for the digest of what the row's read-only columns showed (see
/// [`described`]).
const SHOWN: &str = "shown";

/// A digest of what a row's read-only columns show (its title, deadline, target, last
/// period's report…; not its unit, which may be written several ways), each as `text_of`
/// gives it. Recorded with the row, it tells a row left as the form showed it, whose plan has
/// changed since (a title corrected), from a row an agency changed.
pub fn described(kind: SheetKind, text_of: impl Fn(&str) -> String) -> String {
    use sha2::Digest as _;
    let mut digest = sha2::Sha256::new();
    for column in kind.columns().iter().filter(|c| c.kind == Kind::Describe && c.field != "unit") {
        digest.update(super::validate::norm(&text_of(column.field)).as_bytes());
        digest.update([0x1F]);
    }
    digest.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest [`described`] recorded for the row `key`, if its record holds one.
pub fn read_described(kind: SheetKind, key: &str, cell: &Cell) -> Option<String> {
    let Cell::Text(text) = cell else { return None };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text.trim()) else { return None };
    if map.get(kind.key()).and_then(Value::as_str) != Some(key) {
        return None;
    }
    map.get(SHOWN).and_then(Value::as_str).map(str::to_string)
}

/// The record of a row: its id under the sheet's key field, then its answer cells and the
/// digest of what its read-only columns show. The same cells always give the same text (the
/// keys are sorted).
pub fn record(kind: SheetKind, key: &str, cells: &BTreeMap<&'static str, Cell>, shown: &str) -> Out {
    let mut map = Map::new();
    map.insert(kind.key().to_string(), Value::from(key));
    map.insert(SHOWN.to_string(), Value::from(shown));
    for (field, cell) in cells {
        let value = match cell {
            Cell::Text(t) => Value::from(t.as_str()),
            Cell::Number(n) => Value::from(*n),
            _ => continue,
        };
        map.insert(field.to_string(), value);
    }
    let record = Value::Object(map).to_string();
    // A record a cell cannot hold is left out: the row's answers are then merged as a form
    // without one merges them, which the import's summary says.
    if record.chars().count() > super::form::CELL_CHARS { Out::Empty } else { Out::Text(record) }
}

/// The answer cells a record holds, if the cell holds a record of this row (`key`); `None`
/// when it is empty, damaged or another row's.
pub fn read(kind: SheetKind, key: &str, cell: &Cell) -> Option<BTreeMap<&'static str, Cell>> {
    let Cell::Text(text) = cell else { return None };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text.trim()) else { return None };
    if map.get(kind.key()).and_then(Value::as_str) != Some(key) {
        return None;
    }
    let mut cells = BTreeMap::new();
    for &field in kind.answer_fields() {
        let cell = match map.get(field) {
            None | Some(Value::Null) => Cell::Empty,
            Some(Value::String(s)) => Cell::Text(s.clone()),
            Some(Value::Number(n)) => Cell::Number(n.as_f64()?),
            Some(_) => return None,
        };
        cells.insert(field, cell);
    }
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_the_cells_it_was_made_of() {
        let mut cells = BTreeMap::new();
        cells.insert("status", Cell::Text("in_progress".into()));
        cells.insert("percent", Cell::Number(40.5));
        cells.insert("note", Cell::Text("Đã tổ chức \"2\" lớp.\nCòn 1 lớp.".into()));
        cells.insert("evidence", Cell::Empty);
        let Out::Text(text) = record(SheetKind::Tasks, "kh-1/1.2", &cells, "d") else { panic!() };
        assert!(text.starts_with('{') && !text.contains('\n'), "{text}");
        assert_eq!(read(SheetKind::Tasks, "kh-1/1.2", &Cell::Text(text.clone())), Some(cells));
        // Another row's record, a damaged one, an empty cell: no record of this row.
        assert_eq!(read(SheetKind::Tasks, "kh-1/1.3", &Cell::Text(text.clone())), None);
        assert_eq!(read(SheetKind::Tasks, "kh-1/1.2", &Cell::Text(text[1..].to_string())), None);
        assert_eq!(read(SheetKind::Tasks, "kh-1/1.2", &Cell::Empty), None);
        let Out::Text(value) = record(SheetKind::Values, "thu-hang", &BTreeMap::new(), "d") else { panic!() };
        assert_eq!(value, r#"{"indicator":"thu-hang","shown":"d"}"#);
        assert_eq!(read_described(SheetKind::Values, "thu-hang", &Cell::Text(value.clone())).as_deref(), Some("d"));
        assert_eq!(read_described(SheetKind::Values, "ky-nang-so", &Cell::Text(value)), None);
    }

    #[test]
    fn the_digest_follows_what_the_read_only_columns_show_and_nothing_else() {
        let shows = |title: &'static str, note: &'static str| {
            described(SheetKind::Tasks, |f| match f {
                "title" => title.to_string(),
                "note" | "status" => note.to_string(),
                "ref" => "kh-1/1.1".to_string(),
                _ => String::new(),
            })
        };
        let made = shows("Quán triệt Nghị quyết", "");
        assert_eq!(made.len(), 16);
        assert_eq!(shows("Quán triệt  Nghị quyết ", "Đã xong"), made, "spacing and answers are not what was shown");
        assert_ne!(shows("Quán triệt Nghị quyết 57", ""), made);
    }
}
