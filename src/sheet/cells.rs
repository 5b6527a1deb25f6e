//! Reading spreadsheets into plain grids of cells, whatever program wrote them: `.xlsx`,
//! `.xls` and `.ods` through calamine, `.csv` through `csv_file`. Cells keep their absolute
//! position so that every message can name the cell as a spreadsheet shows it (`F12`).

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader, Sheets};
use chrono::NaiveDate;

use super::ods::Area;
use super::problem::Problem;

/// One cell's content, as the file holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A number in a cell formatted as a percentage: the file holds 0.824 where the cell shows
    /// `82,4%`. Kept apart from [`Cell::Number`] so that the answer is read as 82.4.
    Percent(f64),
    Date(NaiveDate),
    Bool(bool),
    /// A formula error such as `#N/A`, as a spreadsheet shows it.
    Error(String),
    /// A formula saved without its result (programs other than Excel and LibreOffice may do
    /// that): its value is not in the file.
    Formula(String),
}

impl Cell {
    /// Empty, or text made only of spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a needless `.0`, percentages as shown (`82.4%`),
    /// dates as `YYYY-MM-DD`, a formula without a result as its formula.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => format_number(*n),
            Cell::Percent(n) => format!("{}%", format_number(percent_shown(*n))),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
            Cell::Formula(f) if f.starts_with('=') => f.clone(),
            Cell::Formula(f) => format!("={f}"),
        }
    }
}

/// The figure a percentage cell shows: 0.824 → 82.4, without the binary noise of `0.824 * 100`
/// (82.39999999999999).
pub fn percent_shown(stored: f64) -> f64 {
    let shown = stored * 100.0;
    format!("{shown:.12e}").parse().unwrap_or(shown)
}

/// A number to the 15 significant digits a spreadsheet keeps and shows: a formula's result
/// carries binary noise beyond them (`=1-0.9` is stored as 0.09999999999999998 and shown as
/// 0.1, `=100*0.57` as 56.99999999999999 and shown as 57), which is no part of the figure.
pub fn as_shown(n: f64) -> f64 {
    if !n.is_finite() || n == 0.0 {
        return n;
    }
    format!("{n:.14e}").parse().unwrap_or(n)
}

/// A number as a person writes it: `82.4`, `100`, never `100.0` or `8.24e1`.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

/// One sheet: rows of cells, `rows[r][c]` being the cell in row `r + 1`, column `c`.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    /// `None` for a CSV file, which has a single unnamed sheet.
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Merged areas, 0-based and inclusive: (first row, first column, last row, last column).
    pub merged: Vec<Area>,
    /// For a CSV file, how each line was written.
    pub written: Option<super::csv_file::Written>,
}

impl Grid {
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&EMPTY)
    }
}

/// A file read into grids, labelled as the user named it.
#[derive(Clone, Debug)]
pub struct Book {
    /// The file name as given on the command line, for messages.
    pub label: String,
    pub grids: Vec<Grid>,
    /// Whether a cell formatted as a percentage can be told from a plain number: not in the
    /// old `.xls` and the binary `.xlsb` formats, whose formats are not read.
    pub percent_known: bool,
}

/// The column letters of a 0-based column index: 0 → `A`, 26 → `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where a cell is, as a person finds it: `bao-cao.xlsx: Nhiệm vụ!F12`, or `bao-cao.csv: F12`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: String,
    pub sheet: Option<String>,
    /// 0-based.
    pub row: usize,
    /// 0-based; `None` for a whole row or sheet.
    pub col: Option<usize>,
}

impl Place {
    /// The cell alone, as a spreadsheet names it (`M3`), or the row (`row 3`).
    pub fn cell(&self) -> String {
        match self.col {
            Some(c) => format!("{}{}", column_letters(c), self.row + 1),
            None => format!("row {}", self.row + 1),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "{sheet}!")?;
        }
        write!(f, "{}", self.cell())
    }
}

/// Reads a spreadsheet or CSV file; the problem says why it cannot be read.
pub fn read(path: &Path) -> Result<Book, Box<Problem>> {
    let label = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let cannot = |e: String| Box::new(Problem::new(format!("cannot read {}: {e}", path.display())));
    // A folder named like a workbook (a copy of one unpacked, or `forms.xlsx/` made by hand).
    if path.is_dir() {
        return Err(Box::new(
            Problem::new(format!("{} is a folder, not a file", path.display()))
                .help("give the answered files themselves (.xlsx, .xls, .ods or .csv), or the folder's files with a pattern such as forms/*.xlsx"),
        ));
    }
    let (grids, percent_known) = match ext.as_str() {
        // A CSV file holds text: "82,4%" is read as written.
        "csv" | "txt" => (vec![super::csv_file::read(path).map_err(cannot)?], true),
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => {
            // Before any reader unpacks it into memory.
            if let Some(too_large) = super::unpacked::too_large(path) {
                return Err(Box::new(too_large));
            }
            // calamine reads an .ods whole as it opens it, each sheet a rectangle.
            let ods = match ext.as_str() {
                "ods" => std::fs::File::open(path).ok().and_then(|f| super::ods::scan(f).ok()),
                _ => None,
            };
            let too_far = match (&ods, ext.as_str()) {
                (Some(sheets), _) => super::reach::too_far(sheets.iter().map(|(n, s)| (n, s.reach)), &label),
                (None, "xls") => super::xls::reach(path)
                    .and_then(|sheets| super::reach::too_far(sheets.iter().map(|(n, r)| (n, Some(*r))), &label)),
                _ => None,
            };
            if let Some(too_far) = too_far {
                return Err(Box::new(too_far));
            }
            match read_workbook(path, ods) {
                Ok(read) => read,
                Err(e) => {
                    let why = lock_file(path, &label).or_else(|| super::sniff::not_a_workbook(path, &ext));
                    return Err(why.map(Box::new).unwrap_or_else(|| cannot(e)));
                }
            }
        }
        _ => {
            return Err(Box::new(Problem::new(format!(
                "`{label}` is not a file this tool reads; accepted: .xlsx, .xls, .ods (spreadsheets) and .csv (UTF-8)"
            ))));
        }
    };
    Ok(Book { label, grids, percent_known })
}

/// Excel keeps `~$name.xlsx` beside a workbook while it is open (and leaves it behind when it
/// stops abruptly); a folder's `*.xlsx` then names it too. It holds no answers.
fn lock_file(path: &Path, label: &str) -> Option<Problem> {
    let workbook = label.strip_prefix("~$")?;
    Some(
        Problem::new(format!(
            "{} is not a workbook but the lock file Excel keeps while `{workbook}` is open",
            path.display()
        ))
        .help(format!(
            "save and close `{workbook}` in Excel (answers not saved are not in the file), then import again without the `~$` file; \
             a lock file left behind when nobody has the workbook open can be deleted"
        )),
    )
}

/// Reads a workbook through calamine; for an .ods, with what `ods::scan` found in it (should
/// calamine read a file this scan cannot, its percentages are not known, and a 0-1 figure
/// for a percentage is refused, rather than the file refused).
fn read_workbook(
    path: &Path,
    mut ods: Option<BTreeMap<String, super::ods::OdsSheet>>,
) -> Result<(Vec<Grid>, bool), String> {
    let mut book = calamine::open_workbook_auto(path).map_err(|e| format!("cannot read it as a spreadsheet: {e}"))?;
    let percent_known = matches!(book, Sheets::Xlsx(_)) || ods.is_some();
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let cannot = |e: &dyn std::fmt::Display| {
            format!(
                "cannot read its sheet `{name}`: {e}; the file may be damaged: open it in Excel or LibreOffice and save it again"
            )
        };
        let (percent, errors, mut merged) = match ods.as_mut().and_then(|o| o.remove(&name)) {
            Some(sheet) => (sheet.percent, sheet.errors, sheet.merged),
            None => Default::default(),
        };
        let merges = match &mut book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).ok(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).ok(),
            _ => None,
        };
        for d in merges.into_iter().flatten() {
            merged.push((d.start.0 as usize, d.start.1 as usize, d.end.0 as usize, d.end.1 as usize));
        }
        let mut rows = Rows::default();
        match &mut book {
            // Read cell by cell: calamine's ranges are rectangles, and one cell typed at the
            // far corner of a sheet (XFD1048576) would make one of 17 billion cells.
            Sheets::Xlsx(x) => xlsx_cells(x, &name, &mut rows).map_err(|e| cannot(&e))?,
            book => {
                let range = book.worksheet_range(&name).map_err(|e| cannot(&e))?;
                for (r, c, data) in range.used_cells() {
                    let (r, c) =
                        (r + range.start().map_or(0, |s| s.0 as usize), c + range.start().map_or(0, |s| s.1 as usize));
                    let cell = match cell_of(data) {
                        Cell::Number(n) if percent.contains(&(r, c)) => Cell::Percent(n),
                        cell => cell,
                    };
                    put(&mut rows, r, c, cell).map_err(|e| cannot(&e))?;
                }
                // A failed formula's error, which calamine reads as text (`#DIV/0!`) or as
                // nothing: an error, as in .xlsx and .xls, never a note that reads `Err:508`.
                for &(r, c) in &errors {
                    let shown = rows.get(r, c).map(Cell::text).unwrap_or_default();
                    let shown = if shown.trim().is_empty() { "Err".to_string() } else { shown };
                    put(&mut rows, r, c, Cell::Error(shown)).map_err(|e| cannot(&e))?;
                }
                // A formula's text, where the file holds no result for it.
                if let Ok(formulas) = book.worksheet_formula(&name)
                    && let Some((top, left)) = formulas.start()
                {
                    for (r, c, f) in formulas.used_cells() {
                        put_formula(&mut rows, r + top as usize, c + left as usize, f).map_err(|e| cannot(&e))?;
                    }
                }
            }
        }
        grids.push(Grid { name: Some(name), rows: rows.rows, merged, written: None });
    }
    Ok((grids, percent_known))
}

/// An .xlsx sheet's cells, read one by one as the file lists them: each value (a number in a
/// cell formatted as a percentage as [`Cell::Percent`]), then each formula without a result.
fn xlsx_cells<R: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<R>,
    name: &str,
    rows: &mut Rows,
) -> Result<(), String> {
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart sheet holds no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(()),
        Err(e) => return Err(e.to_string()),
    };
    while let Some((cell, style)) = cells.next_cell_with_style_id().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        let percent = || {
            cells
                .styles()
                .get(style)
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| is_percent_format(&f.format_code))
        };
        let cell = match cell_of(&cell.get_value().clone().into()) {
            Cell::Number(n) if style > 0 && percent() => Cell::Percent(n),
            cell => cell,
        };
        put(rows, r as usize, c as usize, cell)?;
    }
    drop(cells);
    let mut cells = book.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    while let Some(f) = cells.next_formula().map_err(|e| e.to_string())? {
        let (r, c) = f.get_position();
        put_formula(rows, r as usize, c as usize, f.get_value())?;
    }
    Ok(())
}

/// The most cells a sheet's rows may span (each row as wide as its last cell): a form of a
/// whole country's plans spans a few hundred thousand. Rows are held whole, so cells typed far
/// apart (one in each row at column XFD) would take gigabytes of memory for a few megabytes of
/// file; such a sheet is refused instead.
pub(super) const MAX_CELLS: usize = 4_000_000;

pub(super) fn too_spread() -> String {
    format!(
        "its cells spread over more than {MAX_CELLS} cells, far more than any reporting form; delete what lies \
         outside the form's table (select the rows and columns after it and delete them), or ask the agency to send \
         the form again"
    )
}

/// Puts a cell into the rows, which grow to hold it; an empty cell is not put.
fn put(rows: &mut Rows, r: usize, c: usize, cell: Cell) -> Result<(), String> {
    if cell == Cell::Empty {
        return Ok(());
    }
    let width = rows.rows.get(r).map_or(0, Vec::len);
    if width <= c {
        rows.spanned += c + 1 - width;
        if rows.spanned > MAX_CELLS || r > MAX_CELLS {
            return Err(too_spread());
        }
        if rows.rows.len() <= r {
            rows.rows.resize(r + 1, Vec::new());
        }
        rows.rows[r].resize(c + 1, Cell::Empty);
    }
    rows.rows[r][c] = cell;
    Ok(())
}

/// A sheet's rows as they are read, with how many cells they span.
#[derive(Default)]
struct Rows {
    rows: Vec<Vec<Cell>>,
    spanned: usize,
}

impl Rows {
    fn get(&self, r: usize, c: usize) -> Option<&Cell> {
        self.rows.get(r).and_then(|row| row.get(c))
    }
}

/// A formula where the file holds no value for its cell: a formula saved without its result.
fn put_formula(rows: &mut Rows, r: usize, c: usize, formula: &str) -> Result<(), String> {
    let holds_value = rows.get(r, c).is_some_and(|cell| *cell != Cell::Empty);
    if !formula.trim().is_empty() && !holds_value {
        put(rows, r, c, Cell::Formula(formula.to_string()))?;
    }
    Ok(())
}

/// Whether a number format shows the number as a percentage: a `%` in its first section
/// (the one for positive numbers), not inside quotes, brackets or after a backslash.
pub fn is_percent_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(ch) = chars.next() {
        match ch {
            ';' => return false,
            '%' => return true,
            '\\' => {
                chars.next();
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(as_shown(*f)),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(as_shown(dt.as_f64())),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or(Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        // As the spreadsheet shows it: `#DIV/0!`, `#N/A`.
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_typed_far_apart_are_refused_before_they_fill_the_memory() {
        let mut rows = Rows::default();
        // A form's table: read.
        for r in 0..1000 {
            for c in 0..20 {
                put(&mut rows, r, c, Cell::Number(1.0)).unwrap();
            }
        }
        assert_eq!(rows.spanned, 20_000);
        // One cell at the last column of each row after it: 16,384 cells a row.
        let far = (1000..2000).find_map(|r| put(&mut rows, r, 16_383, Cell::Text("x".into())).err());
        assert!(far.is_some_and(|e| e.starts_with("its cells spread over more than 4000000 cells")));
        assert!(rows.spanned <= MAX_CELLS + 16_384);
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(5), "F");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn places_read_like_spreadsheet_references() {
        let p = Place { file: "a.xlsx".into(), sheet: Some("Nhiệm vụ".into()), row: 11, col: Some(5) };
        assert_eq!(p.to_string(), "a.xlsx: Nhiệm vụ!F12");
        let p = Place { file: "a.csv".into(), sheet: None, row: 2, col: Some(0) };
        assert_eq!(p.to_string(), "a.csv: A3");
    }
}
