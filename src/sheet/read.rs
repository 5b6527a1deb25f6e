//! Reading an answered form: which sheet is which, by its field-name row, and each data row
//! as cells by field.

use std::collections::BTreeMap;

use super::cells::{self, Book, Cell, Grid, Place};
use super::columns::{self, Column, Kind};
use super::problem::Problem;
use crate::text;

/// Which sheet a grid is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SheetKind {
    Tasks,
    Values,
}

impl SheetKind {
    pub(super) fn columns(self) -> &'static [Column] {
        match self {
            SheetKind::Tasks => columns::TASKS,
            SheetKind::Values => columns::VALUES,
        }
    }

    pub(super) fn key(self) -> &'static str {
        match self {
            SheetKind::Tasks => "ref",
            SheetKind::Values => "indicator",
        }
    }

    pub(super) fn main_answer(self) -> &'static str {
        match self {
            SheetKind::Tasks => "status",
            SheetKind::Values => "value",
        }
    }
}

/// A data row: where it is and its cells by field.
pub(super) struct RawRow {
    pub(super) kind: SheetKind,
    pub(super) place: Place,
    pub(super) cells: BTreeMap<&'static str, (Cell, Place)>,
    /// Whether the file tells percentage cells from plain numbers (see [`Book::percent_known`]).
    pub(super) percent_known: bool,
    /// For a row above the row of field names, that row (0-based): such a row is not read,
    /// but one that names a task or indicator was moved there (a sort that took in the hidden
    /// row of field names, rows pasted above it) and is said.
    pub(super) above: Option<usize>,
}

impl RawRow {
    pub(super) fn cell(&self, field: &str) -> Option<&(Cell, Place)> {
        self.cells.get(field)
    }

    pub(super) fn has_answer(&self) -> bool {
        self.cells.iter().any(|(f, (c, _))| {
            self.kind.columns().iter().any(|col| col.field == *f && col.kind == Kind::Answer) && !c.is_blank()
        })
    }
}

/// Finds the answer sheets of a file and reads their rows.
/// Problems that stop the import go into `problems`, what is only said into `warnings`.
pub(super) fn read_book(book: &Book, raw: &mut Vec<RawRow>, problems: &mut Vec<Problem>, warnings: &mut Vec<Problem>) {
    let before = raw.len();
    let mut found = false;
    // Sheets of answers by kind, with where their field names are.
    let mut answer_sheets: Vec<(SheetKind, &str, Place)> = Vec::new();
    for grid in &book.grids {
        let place =
            |row: usize, col: Option<usize>| Place { file: book.label.clone(), sheet: grid.name.clone(), row, col };
        let Some((header_row, kind, by_header)) = field_row(grid) else {
            unread_sheet(grid, &place, problems, warnings);
            continue;
        };
        found = true;
        if let Some(name) = grid.name.as_deref() {
            answer_sheets.push((kind, name, place(header_row, None)));
        }
        let mut fields: Vec<(usize, &'static str)> = Vec::new();
        let mut header_ok = true;
        for (c, cell) in grid.rows[header_row].iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            let name = cell.text().trim().to_string();
            let column = if by_header {
                let name = text::fold_key(&name);
                match kind.columns().iter().find(|col| text::fold_key(col.header) == name) {
                    Some(col) => Some(col),
                    // A column the agency added, with a heading of its own: not read, and said
                    // so below if it holds something.
                    None => continue,
                }
            } else {
                kind.columns().iter().find(|col| col.field == name)
            };
            match column {
                Some(col) if fields.iter().any(|(_, f)| *f == col.field) => {
                    header_ok = false;
                    problems.push(
                        Problem::new(format!("the column `{name}` appears twice"))
                            .at(place(header_row, Some(c)))
                            .help("keep one column per field; the form's second row names each field once"),
                    );
                }
                Some(col) => fields.push((c, col.field)),
                None => {
                    header_ok = false;
                    let known: Vec<&str> = kind.columns().iter().map(|c| c.field).collect();
                    let near = text::closest(&name, known.iter().copied(), 1);
                    let mut help = near.first().map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                    help.push_str(&format!("accepted column names: {}", known.join(", ")));
                    problems.push(
                        Problem::new(format!("unknown column `{name}`")).at(place(header_row, Some(c))).help(help),
                    );
                }
            }
        }
        for needed in [kind.key(), kind.main_answer()] {
            if !fields.iter().any(|(_, f)| *f == needed) {
                header_ok = false;
                problems.push(
                    Problem::new(format!("this sheet has no `{needed}` column")).at(place(header_row, None)).help(
                        format!("the row of field names must name `{}` and `{}`", kind.key(), kind.main_answer()),
                    ),
                );
            }
        }
        if !header_ok {
            continue;
        }
        unnamed_columns(grid, header_row, kind, &fields, &place, warnings);
        super::split::split_lines(grid, header_row, &fields, &place, problems);
        // A merged area holds one value for several rows or columns: the rows under its
        // first cell would be read as unanswered. Said once per area, not guessed. (A merged
        // description, such as a unit's name over its rows, is read as blank, which is fine.)
        let read_by_row = |field: &str| {
            field == kind.key() || kind.columns().iter().any(|col| col.field == field && col.kind == Kind::Answer)
        };
        for &(r0, c0, r1, c1) in &grid.merged {
            let field = fields.iter().find(|(c, f)| (c0..=c1).contains(c) && read_by_row(f)).map(|(_, f)| *f);
            if let Some(field) = field
                && r1 > header_row
                && (r0 != r1 || c0 != c1)
            {
                let area = format!("{}{}:{}{}", cells::column_letters(c0), r0 + 1, cells::column_letters(c1), r1 + 1);
                problems.push(
                    Problem::new(format!("the cells {area} are merged"))
                        .at(place(r0, Some(c0)))
                        .field(field)
                        .help("each row is one task or indicator and needs its own cells: unmerge them and write each row's answer in its own cell"),
                );
            }
        }
        for (r, row) in grid.rows.iter().enumerate().skip(header_row + 1) {
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            let mut formula = false;
            for &(c, f) in &fields {
                if let cell @ Cell::Formula(_) = grid.get(r, c) {
                    formula = true;
                    problems.push(
                        Problem::new("this cell has a formula without a saved result")
                            .at(place(r, Some(c)))
                            .field(f)
                            .found(cell.text())
                            .help("open and save the file in a spreadsheet program (Excel, LibreOffice), which saves each formula's result, or type the value itself"),
                    );
                }
            }
            if formula {
                continue;
            }
            let cells = fields.iter().map(|&(c, f)| (f, (grid.get(r, c).clone(), place(r, Some(c))))).collect();
            raw.push(RawRow { kind, place: place(r, None), cells, percent_known: book.percent_known, above: None });
        }
        // Above the field names, a letterhead or the form's headings; a row with an id of its
        // own is kept to be said if that id is the site's.
        let key = fields.iter().find(|(_, f)| *f == kind.key()).map(|(c, _)| *c);
        let heading = kind.columns().iter().find(|col| col.field == kind.key()).map(|col| text::fold_key(col.header));
        for (r, _) in grid.rows.iter().enumerate().take(header_row) {
            let Some(c) = key.filter(|&c| !grid.get(r, c).is_blank()) else { continue };
            let id = text::fold_key(&grid.get(r, c).text());
            if id == kind.key() || Some(&id) == heading.as_ref() {
                continue;
            }
            let cells = fields.iter().map(|&(c, f)| (f, (grid.get(r, c).clone(), place(r, Some(c))))).collect();
            raw.push(RawRow {
                kind,
                place: place(r, None),
                cells,
                percent_known: book.percent_known,
                above: Some(header_row),
            });
        }
    }
    two_sheets_of_one_kind(&answer_sheets, warnings);
    if !found {
        problems.push(
            Problem::new(format!("{} has no sheet of answers", book.label)).help(
                "an answer sheet has a row naming the fields: `ref`, `status`, … for tasks or `indicator`, `value`, … for indicators (row 2 of the form made by `minhbach form`, or the first line of a CSV file)",
            ),
        );
    } else if raw.len() == before {
        // A form with nothing in it is fine: nothing to import from this file.
    }
}

/// A second sheet of task or indicator answers in one file (a scratch copy of `Nhiệm vụ` an
/// agency made to try answers out) is read like the form's own: said, so that answers tried
/// out there are not imported without a word.
fn two_sheets_of_one_kind(sheets: &[(SheetKind, &str, Place)], warnings: &mut Vec<Problem>) {
    for (i, (kind, name, place)) in sheets.iter().enumerate() {
        let Some((_, first, _)) = sheets[..i].iter().find(|(k, ..)| k == kind) else { continue };
        let what = match kind {
            SheetKind::Tasks => "tasks",
            SheetKind::Values => "indicators",
        };
        warnings.push(
            Problem::warning(format!(
                "the sheet \"{name}\" answers for {what} too, as \"{first}\" does: the answers of both are read"
            ))
            .at(place.clone())
            .help(format!(
                "if \"{name}\" is a copy made to try answers out, delete it (or its row of field names) and import again"
            )),
        );
    }
}

/// A sheet without a row of field names is not read. One the form made for answers (named as
/// it named them) has lost that row, or has it moved out of reach: an error, or its answers
/// would vanish while the import says there is nothing to change. Any other sheet holding
/// something (an agency's own notes) is said, so that nothing typed is dropped without a word;
/// the form's instructions are not.
fn unread_sheet(
    grid: &Grid,
    place: &dyn Fn(usize, Option<usize>) -> Place,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) {
    let Some(name) = grid.name.as_deref() else { return };
    let first =
        grid.rows.iter().enumerate().find_map(|(r, row)| row.iter().position(|c| !c.is_blank()).map(|c| (r, c)));
    let Some((r, c)) = first else { return };
    let folded = text::fold_key(name);
    let is = |sheet: &str| folded == text::fold_key(sheet);
    let fields = "a row naming the fields (`ref`, `status`, … for tasks; `indicator`, `value`, … for indicators), as row 2 of the form made by `minhbach form`";
    if is(super::TASK_SHEET) || is(super::VALUE_SHEET) {
        problems.push(
            Problem::new(format!("the sheet \"{name}\" has no row naming the fields, so none of its answers can be read"))
                .at(place(r, Some(c)))
                .help(format!("an answer sheet needs {fields}; copy that row back from a fresh form (it may be hidden: unhide rows 1–3)")),
        );
    } else if !is(super::HELP_SHEET) {
        warnings.push(
            Problem::warning(format!("the sheet \"{name}\" is not read: it has no row naming the fields"))
                .at(place(r, Some(c)))
                .found(grid.get(r, c).text())
                .help(format!("answers are read only from a sheet with {fields}; move any answer on this sheet into the form's sheets")),
        );
    }
}

/// A column without a field name is not read; what an agency typed into one (a remark beside
/// a row, a figure for a column it added) would vanish without a word. Each such column that
/// holds something below the field names is said once, at its first cell that does, with the
/// columns that are read. A stray cell far from the table is said the same way: it stops
/// nothing. A column with nothing in it is not said.
fn unnamed_columns(
    grid: &Grid,
    header_row: usize,
    kind: SheetKind,
    fields: &[(usize, &'static str)],
    place: &dyn Fn(usize, Option<usize>) -> Place,
    warnings: &mut Vec<Problem>,
) {
    // Column → (first row holding something, how many cells do).
    let mut unread: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (r, row) in grid.rows.iter().enumerate().skip(header_row + 1) {
        if grid.written.as_ref().is_some_and(|w| w.fields(r) > w.fields(header_row)) {
            // Refused whole by `split::split_lines`: its extra field is no unnamed column.
            continue;
        }
        for (c, cell) in row.iter().enumerate() {
            if cell.is_blank() || fields.iter().any(|(named, _)| *named == c) {
                continue;
            }
            unread.entry(c).and_modify(|(_, n)| *n += 1).or_insert((r, 1));
        }
    }
    if unread.is_empty() {
        return;
    }
    let answers: Vec<String> = fields
        .iter()
        .filter(|(_, f)| kind.columns().iter().any(|col| col.field == *f && col.kind == Kind::Answer))
        .map(|(c, f)| format!("{} `{f}`", cells::column_letters(*c)))
        .collect();
    let field_row = header_row + 1;
    let note = fields.iter().find(|(_, f)| *f == "note").map(|(c, _)| cells::column_letters(*c));
    for (c, (r, count)) in unread {
        let letter = cells::column_letters(c);
        let into_note =
            note.as_ref().map(|n| format!("put what column {letter} says into `note` ({n}), ")).unwrap_or_default();
        let more = match count {
            1 => String::new(),
            n => format!(" (and {} more cell(s) below)", n - 1),
        };
        warnings.push(
            Problem::warning(format!(
                "column {letter} has no field name in row {field_row}, so what it holds is not read{more}"
            ))
            .at(place(r, Some(c)))
            .found(grid.get(r, c).text())
            .help(format!(
                "only the columns named in row {field_row} are read, and the answers only from {}; {into_note}or name \
                 the column in row {field_row} if it is one of the form's fields, or delete it if it is not part of the \
                 report",
                answers.join(", ")
            )),
        );
    }
}

/// The row naming the fields (row 2 of the form, row 1 of a CSV file), and the sheet's kind;
/// without one, the form's row of headings, which people read (`Mã nhiệm vụ`, `Trạng thái
/// (chọn)`), with `true`: the field names are in a hidden row, which a copy of only the
/// visible cells into another workbook leaves behind. Headings are taken only from a row that
/// has both the id's and the main answer's, as the form wrote them.
pub(super) fn field_row(grid: &Grid) -> Option<(usize, SheetKind, bool)> {
    for (r, row) in grid.rows.iter().enumerate() {
        let names: Vec<String> = row.iter().map(|c| c.text().trim().to_string()).collect();
        if names.iter().any(|n| n == "ref") {
            return Some((r, SheetKind::Tasks, false));
        }
        if names.iter().any(|n| n == "indicator") {
            return Some((r, SheetKind::Values, false));
        }
    }
    for (r, row) in grid.rows.iter().enumerate() {
        let names: Vec<String> = row.iter().map(|c| text::fold_key(&c.text())).collect();
        for kind in [SheetKind::Tasks, SheetKind::Values] {
            let heading = |field: &str| {
                kind.columns().iter().find(|c| c.field == field).map(|c| text::fold_key(c.header)).unwrap_or_default()
            };
            let (key, main) = (heading(kind.key()), heading(kind.main_answer()));
            if names.contains(&key) && names.contains(&main) {
                return Some((r, kind, true));
            }
        }
    }
    None
}
