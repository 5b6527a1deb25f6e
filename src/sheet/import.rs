//! `minhbach import`: answers read back from the agencies' files, every cell checked before
//! anything is written. A file's sheets are recognised by their field-name row (`ref` for tasks,
//! `indicator` for figures), so renamed or extra sheets, other programs' files and CSV exports
//! all work; the answer columns are read, the others compared with what the form said.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::cells::{self, Book, Cell, Grid, Place};
use super::columns::{self, Column, Kind};
use super::merge::{self, TaskAnswer, ValueAnswer};
use super::numbers::{NumberError, parse_date, parse_number, serial_date};
use super::problem::Problem;
use super::rows::{Out, Row};
use crate::model::{Evidence, Site, TaskStatus};
use crate::render::format;
use crate::text::{self, clean};

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// The period the answers are for; by default the one the files' rows name.
    pub period: Option<String>,
    /// Say what would change without writing.
    pub dry_run: bool,
    /// Allow changing figures already published in a frozen snapshot (as revisions).
    pub revise: bool,
}

#[derive(Debug)]
pub enum ImportError {
    /// The site itself has errors, or cannot be read: said in words.
    Site(String),
    /// Problems in the files; nothing was written.
    Problems(Vec<Problem>),
}

/// What an import changed (or, in a dry run, would change).
#[derive(Debug)]
pub struct Imported {
    /// What changed, file by file and unit by unit, for people.
    pub report: String,
    /// Files written (none in a dry run or when nothing changed).
    pub written: Vec<PathBuf>,
    pub changes: usize,
}

/// Which sheet a grid is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SheetKind {
    Tasks,
    Values,
}

impl SheetKind {
    fn columns(self) -> &'static [Column] {
        match self {
            SheetKind::Tasks => columns::TASKS,
            SheetKind::Values => columns::VALUES,
        }
    }

    fn key(self) -> &'static str {
        match self {
            SheetKind::Tasks => "ref",
            SheetKind::Values => "indicator",
        }
    }

    fn main_answer(self) -> &'static str {
        match self {
            SheetKind::Tasks => "status",
            SheetKind::Values => "value",
        }
    }
}

/// A data row: where it is and its cells by field.
struct RawRow {
    kind: SheetKind,
    place: Place,
    cells: BTreeMap<&'static str, (Cell, Place)>,
}

impl RawRow {
    fn cell(&self, field: &str) -> Option<&(Cell, Place)> {
        self.cells.get(field)
    }

    fn has_answer(&self) -> bool {
        self.cells.iter().any(|(f, (c, _))| {
            self.kind.columns().iter().any(|col| col.field == *f && col.kind == Kind::Answer) && !c.is_blank()
        })
    }
}

pub fn import(opts: &ImportOptions) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let mut raw = Vec::new();
    for path in &opts.files {
        match cells::read(path) {
            Ok(book) => read_book(&book, &mut raw, &mut problems),
            Err(e) => problems.push(Problem::new(format!("cannot read {}: {e}", path.display()))),
        }
    }
    // The period: as asked, or as the rows say.
    let named = raw
        .iter()
        .find_map(|r| r.cell("period").filter(|(c, _)| !c.is_blank()).map(|(c, p)| (clean(&c.text()), p.clone())));
    let (period_id, period_from) = match (&opts.period, named) {
        (Some(p), _) => (p.clone(), None),
        (None, Some((p, place))) => (p, Some(place)),
        (None, None) => {
            if !raw.is_empty() {
                problems.push(
                    Problem::new("the files do not say which period they report")
                        .help("give it with --period (e.g. --period 2026-Q3), or keep the form's `period` column"),
                );
            }
            return Err(fail(problems));
        }
    };
    let prepared = match super::prepare(&opts.root, &period_id) {
        Ok(p) => p,
        Err(e) if !opts.files.is_empty() && period_from.is_some() && e.starts_with("there is no period") => {
            let mut p = Problem::new(e);
            if let Some(place) = period_from {
                p = p.at(place).field("period");
            }
            problems.push(p);
            return Err(fail(problems));
        }
        Err(e) => return Err(ImportError::Site(e)),
    };
    let site = &prepared.checked.site;
    let period = &prepared.period;
    let expected = super::rows::rows(site, period, prepared.previous.as_ref(), &prepared.labels, &[]);
    let mut v = Validator {
        site,
        labels: &prepared.labels,
        period_id: &period.id,
        period_end: period.end,
        period_from: period_from.as_ref(),
        expected_tasks: by_key(&expected.tasks),
        expected_values: by_key(&expected.values),
        problems,
        tasks: Vec::new(),
        values: Vec::new(),
        seen_tasks: BTreeMap::new(),
        seen_values: BTreeMap::new(),
    };
    for row in &raw {
        v.row(row);
    }
    let Validator { mut problems, tasks, values, .. } = v;
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let order: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
    let published = super::published::Published::from_archives(&prepared.checked.archives, &order);
    let plan = merge::Merge { root: &opts.root, site, period, published: &published, revise: opts.revise };
    let edits = match plan.run(&tasks, &values) {
        Ok(e) => e,
        Err(p) => {
            problems.extend(p);
            return Err(fail(problems));
        }
    };
    let report = merge::report(site, &edits, opts.dry_run);
    let changes = edits.iter().map(|e| e.changes.len()).sum();
    let mut written = Vec::new();
    if !opts.dry_run {
        for e in edits.iter().filter(|e| !e.changes.is_empty()) {
            merge::write_atomically(&e.path, e.text.as_bytes())
                .map_err(|err| ImportError::Site(format!("cannot write {}: {err}", e.path.display())))?;
            written.push(e.path.clone());
        }
    }
    Ok(Imported { report, written, changes })
}

fn fail(mut problems: Vec<Problem>) -> ImportError {
    problems.sort_by(|a, b| (&a.at, &a.message).cmp(&(&b.at, &b.message)));
    problems.dedup();
    ImportError::Problems(problems)
}

fn by_key(rows: &[Row]) -> BTreeMap<&str, Vec<&Row>> {
    let mut out: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        out.entry(r.key.as_str()).or_default().push(r);
    }
    out
}

/// Finds the answer sheets of a file and reads their rows.
fn read_book(book: &Book, raw: &mut Vec<RawRow>, problems: &mut Vec<Problem>) {
    let before = raw.len();
    let mut found = false;
    for grid in &book.grids {
        let Some((header_row, kind)) = field_row(grid) else { continue };
        found = true;
        let place =
            |row: usize, col: Option<usize>| Place { file: book.label.clone(), sheet: grid.name.clone(), row, col };
        let mut fields: Vec<(usize, &'static str)> = Vec::new();
        let mut header_ok = true;
        for (c, cell) in grid.rows[header_row].iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            let name = cell.text().trim().to_string();
            match kind.columns().iter().find(|col| col.field == name) {
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
        for (r, row) in grid.rows.iter().enumerate().skip(header_row + 1) {
            if row.iter().all(Cell::is_blank) {
                continue;
            }
            let cells = fields.iter().map(|&(c, f)| (f, (grid.get(r, c).clone(), place(r, Some(c))))).collect();
            raw.push(RawRow { kind, place: place(r, None), cells });
        }
    }
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

/// The row naming the fields (row 2 of the form, row 1 of a CSV file), and the sheet's kind.
fn field_row(grid: &Grid) -> Option<(usize, SheetKind)> {
    for (r, row) in grid.rows.iter().enumerate().take(10) {
        let names: Vec<String> = row.iter().map(|c| c.text().trim().to_string()).collect();
        if names.iter().any(|n| n == "ref") {
            return Some((r, SheetKind::Tasks));
        }
        if names.iter().any(|n| n == "indicator") {
            return Some((r, SheetKind::Values));
        }
    }
    None
}

struct Validator<'a> {
    site: &'a Site,
    labels: &'a super::labels::StatusLabels,
    period_id: &'a str,
    period_end: NaiveDate,
    period_from: Option<&'a Place>,
    expected_tasks: BTreeMap<&'a str, Vec<&'a Row>>,
    expected_values: BTreeMap<&'a str, Vec<&'a Row>>,
    problems: Vec<Problem>,
    tasks: Vec<TaskAnswer>,
    values: Vec<ValueAnswer>,
    /// Answers seen so far, to catch one task answered two ways.
    seen_tasks: BTreeMap<String, usize>,
    seen_values: BTreeMap<(String, NaiveDate), usize>,
}

/// Text as compared: NFC, spacing collapsed.
fn norm(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a cell still holds what the form wrote, allowing for what other programs do to a
/// cell (a text of digits turned into a number, a date turned into a date cell).
fn same(cell: &Cell, expected: &Out) -> bool {
    match expected {
        Out::Empty => cell.is_blank(),
        Out::Number(n) => match cell {
            Cell::Number(m) => (n - m).abs() <= 1e-9 * n.abs().max(1.0),
            Cell::Text(t) => parse_number(t).is_ok_and(|m| (n - m).abs() <= 1e-9 * n.abs().max(1.0)),
            _ => false,
        },
        Out::Text(s) => {
            if norm(&cell.text()) == norm(s) {
                return true;
            }
            match cell {
                Cell::Number(m) => s.trim().parse::<f64>().is_ok_and(|x| x == *m),
                Cell::Date(d) => parse_date(s) == Some(*d),
                _ => false,
            }
        }
    }
}

fn shown(out: &Out) -> String {
    match out {
        Out::Empty => "(empty)".into(),
        Out::Text(t) => t.clone(),
        Out::Number(n) => cells::format_number(*n),
    }
}

impl Validator<'_> {
    fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    fn row(&mut self, row: &RawRow) {
        let Some((key_cell, key_place)) = row.cell(row.kind.key()) else { return };
        let key = clean(&key_cell.text());
        if key.is_empty() {
            if row.has_answer() {
                self.push(
                    Problem::new(format!("this row answers but names no {}", what(row.kind)))
                        .at(key_place.clone())
                        .field(row.kind.key())
                        .help(format!("fill in `{}` (the form's id column) or leave the row empty", row.kind.key())),
                );
            }
            return;
        }
        // The period.
        if let Some((cell, place)) = row.cell("period")
            && !cell.is_blank()
            && clean(&cell.text()) != self.period_id
        {
            let mut p = Problem::new(format!(
                "this row is for the period `{}`, but the answers are imported for `{}`",
                clean(&cell.text()),
                self.period_id
            ))
            .at(place.clone())
            .field("period");
            p = match self.period_from {
                Some(first) => p
                    .also(first.clone(), format!("`{}` was taken from", self.period_id))
                    .help("import each period's files separately, with --period to say which"),
                None => p.help(format!(
                    "--period {} was given; import this file with --period {}, separately",
                    self.period_id,
                    clean(&cell.text())
                )),
            };
            self.push(p);
        }
        // The id.
        let exists = match row.kind {
            SheetKind::Tasks => self.site.plans.iter().any(|p| {
                key.split_once('/').is_some_and(|(plan, task)| p.id == plan && p.tasks.iter().any(|t| t.id == task))
            }),
            SheetKind::Values => self.site.indicators.iter().any(|i| i.id == key),
        };
        if !exists {
            let known: Vec<String> = match row.kind {
                SheetKind::Tasks => self
                    .site
                    .plans
                    .iter()
                    .flat_map(|p| p.tasks.iter().map(move |t| format!("{}/{}", p.id, t.id)))
                    .collect(),
                SheetKind::Values => self.site.indicators.iter().map(|i| i.id.clone()).collect(),
            };
            let near = text::closest(&key, known.iter().map(String::as_str), 3);
            let help = if near.is_empty() {
                format!("{} ids are as the form shows them ({})", what(row.kind), example(row.kind))
            } else {
                format!("did you mean {}?", text::quoted_list(&near, '`'))
            };
            self.push(
                Problem::new(format!("unknown {} `{key}`", what(row.kind)))
                    .at(key_place.clone())
                    .field(row.kind.key())
                    .found(key_cell.text())
                    .help(help),
            );
            return;
        }
        let unit = self.check_descriptions(row, &key);
        if !row.has_answer() {
            return;
        }
        match row.kind {
            SheetKind::Tasks => self.task(row, key, unit),
            SheetKind::Values => self.value(row, key, unit),
        }
    }

    /// Compares the read-only columns with the form's; returns the row's unit (id).
    fn check_descriptions(&mut self, row: &RawRow, key: &str) -> Option<String> {
        let expected = match row.kind {
            SheetKind::Tasks => self.expected_tasks.get(key),
            SheetKind::Values => self.expected_values.get(key),
        };
        let expected = expected.cloned()?;
        let chosen = match row.cell("unit").filter(|(c, _)| !c.is_blank()) {
            Some((cell, place)) => {
                match expected.iter().find(|e| same(cell, e.cells.get("unit").unwrap_or(&Out::Empty))) {
                    Some(e) => *e,
                    None => {
                        let names: Vec<String> =
                            expected.iter().map(|e| shown(e.cells.get("unit").unwrap_or(&Out::Empty))).collect();
                        self.push(
                            Problem::new(format!(
                                "this row was changed outside its answer columns: the form lists {} `{key}` under {}",
                                what(row.kind),
                                text::quoted_list(&names, '"')
                            ))
                            .at(place.clone())
                            .field("unit")
                            .found(cell.text())
                            .help(edited_help(self.period_id)),
                        );
                        return None;
                    }
                }
            }
            None => expected[0],
        };
        for column in row.kind.columns().iter().filter(|c| c.kind == Kind::Describe && c.field != "unit") {
            let Some((cell, place)) = row.cell(column.field) else { continue };
            let want = chosen.cells.get(column.field).unwrap_or(&Out::Empty);
            if !same(cell, want) {
                self.push(
                    Problem::new(format!(
                        "this row was changed outside its answer columns: `{}` should read \"{}\"",
                        column.field,
                        shown(want)
                    ))
                    .at(place.clone())
                    .field(column.field)
                    .found(cell.text())
                    .help(edited_help(self.period_id)),
                );
            }
        }
        chosen.unit.clone()
    }

    fn task(&mut self, row: &RawRow, key: String, unit: Option<String>) {
        let before = self.problems.len();
        let (status_cell, status_place) = row.cell("status").cloned().unwrap_or((Cell::Empty, row.place.clone()));
        let status = if status_cell.is_blank() {
            self.push(
                Problem::new("a task's report needs a status")
                    .at(status_place.clone())
                    .field("status")
                    .help(format!("choose one of: {}", self.labels.labels().join(", "))),
            );
            None
        } else {
            self.status(&status_cell, &status_place)
        };
        let percent = row.cell("percent").map(|(c, p)| self.percent(c, p));
        let note = row.cell("note").map(|(c, p)| self.text(c, p, "note"));
        let evidence = row.cell("evidence").map(|(c, p)| self.evidence(c, p));
        if self.problems.len() > before {
            return;
        }
        let Some(status) = status else { return };
        let answer = TaskAnswer {
            key: key.clone(),
            status,
            percent: percent.map(Option::flatten),
            note: note.map(Option::flatten),
            evidence: evidence.map(|e| e.flatten().unwrap_or_default()),
            unit,
            place: row.place.clone(),
        };
        if let Some(&i) = self.seen_tasks.get(&key) {
            let other = &self.tasks[i];
            if !other.same_answer(&answer) {
                let brief = |a: &TaskAnswer| {
                    let pct =
                        a.percent.flatten().map(|p| format!(", {}%", cells::format_number(p))).unwrap_or_default();
                    format!("{}{pct}", self.labels.label(a.status))
                };
                let p = Problem::new(format!(
                    "task `{key}` is answered differently in two places: here {}",
                    brief(&answer)
                ))
                .at(answer.place.clone())
                .also(other.place.clone(), format!("the other answer, {}, is at", brief(other)))
                .help("keep one answer: correct one of the two rows, or leave it empty");
                self.push(p);
            }
            return;
        }
        self.seen_tasks.insert(key, self.tasks.len());
        self.tasks.push(answer);
    }

    fn value(&mut self, row: &RawRow, key: String, unit: Option<String>) {
        let before = self.problems.len();
        let ind = self.site.indicators.iter().find(|i| i.id == key);
        let (value_cell, value_place) = row.cell("value").cloned().unwrap_or((Cell::Empty, row.place.clone()));
        let value = if value_cell.is_blank() {
            self.push(
                Problem::new("a reported figure needs a value")
                    .at(value_place.clone())
                    .field("value")
                    .help("write the figure as a number, or leave the whole row's answer columns empty"),
            );
            None
        } else {
            self.number(&value_cell, &value_place, "value")
        };
        if let (Some(v), Some(ind)) = (value, ind)
            && ind.is_percent()
            && !(0.0..=100.0).contains(&v)
        {
            self.push(
                Problem::new(format!("{} is outside 0-100, and `{}` is measured in %", cells::format_number(v), key))
                    .at(value_place.clone())
                    .field("value")
                    .found(value_cell.text())
                    .help("write the percentage as a number from 0 to 100: 85 for 85%"),
            );
        }
        let as_of = row.cell("as_of").and_then(|(c, p)| self.date(c, p));
        let source = row.cell("source").map(|(c, p)| self.text(c, p, "source"));
        let note = row.cell("note").map(|(c, p)| self.text(c, p, "note"));
        if self.problems.len() > before {
            return;
        }
        let Some(value) = value else { return };
        let date = as_of.unwrap_or(self.period_end);
        let answer = ValueAnswer {
            indicator: key.clone(),
            value,
            date,
            source: source.map(|s| s.flatten()),
            note: note.map(|n| n.flatten()),
            unit,
            value_place,
        };
        let seen = (key.clone(), date);
        if let Some(&i) = self.seen_values.get(&seen) {
            let other = &self.values[i];
            if !other.same_answer(&answer) {
                self.push(
                    Problem::new(format!(
                        "indicator `{key}` has two different figures for {}",
                        format::date(date, "vi")
                    ))
                    .at(answer.value_place.clone())
                    .field("value")
                    .also(other.value_place.clone(), format!("the other, {}, is at", cells::format_number(other.value)))
                    .help("keep one figure: correct one of the two rows, or leave it empty"),
                );
            }
            return;
        }
        self.seen_values.insert(seen, self.values.len());
        self.values.push(answer);
    }

    fn status(&mut self, cell: &Cell, place: &Place) -> Option<TaskStatus> {
        let written = cell.text();
        if let Cell::Text(t) = cell
            && let Some(s) = self.labels.parse(t)
        {
            return Some(s);
        }
        let near = text::closest(&written, self.labels.suggestions(), 1);
        let mut help = near.first().map(|n| format!("did you mean \"{n}\"? ")).unwrap_or_default();
        help.push_str(&format!(
            "accepted: the labels the site shows, {}, or the format's keywords {}",
            self.labels.labels().join(", "),
            TaskStatus::ACCEPTED.join(", ")
        ));
        self.push(
            Problem::new(format!("'{}' is not a status", written.trim()))
                .at(place.clone())
                .field("status")
                .found(written)
                .help(help),
        );
        None
    }

    /// `Some(None)` for an empty cell, `None` after a problem.
    fn percent(&mut self, cell: &Cell, place: &Place) -> Option<Option<f64>> {
        if cell.is_blank() {
            return Some(None);
        }
        // A cell formatted as a percentage holds 0.85 for "85%": refuse the guess.
        if let Cell::Number(n) = cell
            && *n > 0.0
            && *n < 1.0
        {
            self.push(
                Problem::new(format!("{n} is ambiguous as a percentage of completion"))
                    .at(place.clone())
                    .field("percent")
                    .found(cell.text())
                    .help(format!(
                        "a cell formatted as a percentage stores 85% as 0.85; write the whole number ({}) in a cell without % format, or \"{}%\" as text if less than 1% is meant",
                        cells::format_number(n * 100.0),
                        format::number(*n, "vi", 4)
                    )),
            );
            return None;
        }
        let v = self.number(cell, place, "percent")?;
        if !(0.0..=100.0).contains(&v) {
            self.push(
                Problem::new(format!("{} is outside 0-100", cells::format_number(v)))
                    .at(place.clone())
                    .field("percent")
                    .found(cell.text())
                    .help("percent is how much of the task is done, from 0 to 100"),
            );
            return None;
        }
        Some(Some(v))
    }

    fn number(&mut self, cell: &Cell, place: &Place, field: &str) -> Option<f64> {
        let problem = match cell {
            Cell::Number(n) if n.is_finite() => return Some(*n),
            Cell::Text(t) => match parse_number(t) {
                Ok(n) => return Some(n),
                Err(NumberError::Ambiguous(thousands, decimal)) => Problem::new(format!(
                    "'{}' could be {} or {}",
                    t.trim(),
                    cells::format_number(thousands),
                    cells::format_number(decimal)
                ))
                .help(format!(
                    "a separator followed by exactly three digits reads both ways; write {} (no thousands separator) for {}, or {}0 (one more decimal) for {}; or type the number into a number cell",
                    cells::format_number(thousands),
                    cells::format_number(thousands),
                    t.trim(),
                    cells::format_number(decimal)
                )),
                Err(NumberError::NotANumber) => Problem::new(format!("'{}' is not a number", t.trim())).help(
                    "write digits only, with a decimal comma (82,4) or point (82.4); 1.234,5 and 85% are read too; put words in the note",
                ),
            },
            Cell::Date(d) => Problem::new(format!("this cell holds a date ({}), not a number", format::date(*d, "vi")))
                .help("the spreadsheet turned what was typed into a date (e.g. 1.5 became 1 May): format the cell as a number and type the figure again"),
            Cell::Error(e) => Problem::new(format!("this cell holds the error {e}")).help("type the figure itself, not a formula that fails"),
            _ => Problem::new(format!("'{}' is not a number", cell.text())).help("write the figure as a number"),
        };
        self.push(problem.at(place.clone()).field(field).found(cell.text()));
        None
    }

    fn date(&mut self, cell: &Cell, place: &Place) -> Option<NaiveDate> {
        let d = match cell {
            Cell::Empty => return None,
            Cell::Date(d) => Some(*d),
            Cell::Number(n) => serial_date(*n),
            Cell::Text(t) if t.trim().is_empty() => return None,
            Cell::Text(t) => parse_date(t),
            _ => None,
        };
        let Some(d) = d else {
            self.push(
                Problem::new(format!("'{}' is not a date", cell.text()))
                    .at(place.clone())
                    .field("as_of")
                    .found(cell.text())
                    .help("write the day the figure describes as 31/3/2026 or 2026-03-31, or leave it empty for the period's end"),
            );
            return None;
        };
        if d > self.period_end {
            self.push(
                Problem::new(format!(
                    "{} is after the end of the period {} ({})",
                    format::date(d, "vi"),
                    self.period_id,
                    format::date(self.period_end, "vi")
                ))
                .at(place.clone())
                .field("as_of")
                .help(
                    "a period's report gives figures as of its end or earlier; report later figures in a later period",
                ),
            );
            return None;
        }
        Some(d)
    }

    /// `Some(None)` for an empty cell, `None` after a problem.
    fn text(&mut self, cell: &Cell, place: &Place, field: &str) -> Option<Option<String>> {
        if let Cell::Error(e) = cell {
            self.push(
                Problem::new(format!("this cell holds the error {e}"))
                    .at(place.clone())
                    .field(field)
                    .help("type the text itself"),
            );
            return None;
        }
        let t = clean(&cell.text().replace("\r\n", "\n"));
        Some(if t.is_empty() { None } else { Some(t) })
    }

    /// One document a line: `title | address`, or a title and the address as its last word.
    fn evidence(&mut self, cell: &Cell, place: &Place) -> Option<Option<Vec<Evidence>>> {
        let text = self.text(cell, place, "evidence")??;
        let mut out = Vec::new();
        let mut ok = true;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (title, url) = match line.rsplit_once('|') {
                Some((t, u)) => (t.trim().to_string(), u.trim().to_string()),
                None => match line.rsplit_once(char::is_whitespace) {
                    Some((t, u)) => (t.trim().trim_end_matches([':', '-', '–', '—']).trim().to_string(), u.to_string()),
                    None => (String::new(), line.to_string()),
                },
            };
            if let Err(problem) = crate::load::links::check_link(&url, false) {
                ok = false;
                self.push(
                    Problem::new(format!("this evidence link {problem}"))
                        .at(place.clone())
                        .field("evidence")
                        .found(line)
                        .help("accepted: a web address starting with https:// or http://, or a path to a file of the site"),
                );
                continue;
            }
            let looks_like_address = !url.is_empty()
                && !url.contains(char::is_whitespace)
                && (url.contains("://") || url.contains('/') || url.contains('.'));
            if !looks_like_address {
                ok = false;
                self.push(
                    Problem::new("this evidence line has no address")
                        .at(place.clone())
                        .field("evidence")
                        .found(line)
                        .help("write one document a line: its title, then | and its address, e.g. Công văn số 12/SKHCN | https://…"),
                );
                continue;
            }
            let title = if title.is_empty() { url.clone() } else { title };
            out.push(Evidence { title, url });
        }
        ok.then_some(if out.is_empty() { None } else { Some(out) })
    }
}

fn what(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Tasks => "task",
        SheetKind::Values => "indicator",
    }
}

fn example(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Tasks => "<plan id>/<task id>, e.g. bql-57-2026/1.2",
        SheetKind::Values => "e.g. phu-song-5g",
    }
}

fn edited_help(period: &str) -> String {
    format!(
        "only the shaded answer columns are read; undo the change (put remarks in `note`), or, if the plan itself changed, make a new form with `minhbach form {period}`"
    )
}
