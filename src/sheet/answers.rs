//! Reading single answer cells: a status, a figure, a percentage, a number, a date, a text, a
//! list of evidence; each problem is added to the validator's, at the cell.

use chrono::NaiveDate;

use super::cells::{self, Cell, Place};
use super::evidence::evidence_line;
use super::numbers::{NumberError, half_width, parse_date, parse_number, serial_date};
use super::problem::Problem;
use super::validate::Validator;
use crate::model::{Evidence, TaskStatus};
use crate::render::format;
use crate::text::{self, clean};

/// The first day a number in a date column is read as: a spreadsheet's day number (days since
/// 30/12/1899) before it is a year or a figure typed where the day goes, not a day of the 1900s.
const EARLIEST_SERIAL_DATE: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();

impl Validator<'_> {
    pub(super) fn status(&mut self, cell: &Cell, place: &Place) -> Option<TaskStatus> {
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

    /// An indicator's figure. A cell formatted as a percentage shows `82,4%` and holds 0.824:
    /// for an indicator measured in % the figure is what it shows, 82.4. Where the file does
    /// not say which cells are percentages, a number from 0 to 1 for such an indicator could
    /// be either, and is refused rather than guessed.
    pub(super) fn figure(
        &mut self,
        cell: &Cell,
        place: &Place,
        ind: Option<&crate::model::Indicator>,
        percent_known: bool,
    ) -> Option<f64> {
        let in_percent = ind.is_some_and(|i| i.is_percent());
        match (cell, ind) {
            (Cell::Percent(stored), _) if in_percent => Some(cells::percent_shown(*stored)),
            // A percentage for a figure not measured in %, formatted as one or typed as "5%":
            // refused, not read without its sign (5% growth is not 5 incubators).
            (_, Some(ind)) if !in_percent && shows_percent(cell) => {
                let how = match cell {
                    Cell::Percent(_) => "is formatted as a percentage",
                    _ => "is typed as a percentage",
                };
                self.push(
                    Problem::new(format!(
                        "this cell {how} ({}), but `{}` is measured in {}",
                        cell.text().trim(),
                        ind.id,
                        ind.unit
                    ))
                    .at(place.clone())
                    .field("value")
                    .found(cell.text())
                    .help(format!(
                        "write the figure in {}, without %, in a cell formatted as a number (Format Cells → Number)",
                        ind.unit
                    )),
                );
                None
            }
            (Cell::Number(n), _) if in_percent && !percent_known && *n > 0.0 && *n <= 1.0 => {
                self.push(unknown_format(cell, place, "value", *n));
                None
            }
            _ => self.number(cell, place, "value"),
        }
    }

    /// `Some(None)` for an empty cell, `None` after a problem.
    pub(super) fn percent(&mut self, cell: &Cell, place: &Place, percent_known: bool) -> Option<Option<f64>> {
        if cell.is_blank() {
            return Some(None);
        }
        let v = match cell {
            // What the cell shows: 100% is stored as 1.
            Cell::Percent(stored) => cells::percent_shown(*stored),
            Cell::Number(n) if !percent_known && *n > 0.0 && *n <= 1.0 => {
                self.push(unknown_format(cell, place, "percent", *n));
                return None;
            }
            // A fraction of a percent of a task is not what anyone reports: 0,85 typed for 85%,
            // into a number cell or as text (a cell formatted as text, a CSV file); less than 1%
            // is said with its sign, "0,5%".
            Cell::Number(n) if *n > 0.0 && *n < 1.0 => {
                self.push(fraction_of_a_percent(*n, cell, place));
                return None;
            }
            Cell::Text(t) if !shows_percent(cell) && parse_number(t).is_ok_and(|n| n > 0.0 && n < 1.0) => {
                self.push(fraction_of_a_percent(parse_number(t).unwrap_or_default(), cell, place));
                return None;
            }
            _ => self.number(cell, place, "percent")?,
        };
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

    pub(super) fn number(&mut self, cell: &Cell, place: &Place, field: &str) -> Option<f64> {
        let problem = match cell {
            Cell::Number(n) if n.is_finite() => return Some(*n),
            Cell::Percent(n) if n.is_finite() => return Some(cells::percent_shown(*n)),
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
                    half_width(t).trim(),
                    cells::format_number(decimal)
                )),
                // A leading apostrophe, typed to keep a spreadsheet from changing the figure,
                // is kept as part of the text in a cell formatted as text.
                Err(NumberError::NotANumber) if t.trim().strip_prefix('\'').is_some_and(|n| parse_number(n).is_ok()) => {
                    Problem::new(format!("'{}' is not a number: it begins with an apostrophe", t.trim())).help(
                        "a cell formatted as text keeps the apostrophe typed before a figure; delete it (and format the cell as a number) so that the figure alone is left",
                    )
                }
                Err(NumberError::NotANumber) => Problem::new(format!("'{}' is not a number", t.trim())).help(
                    "write digits only, with a decimal comma (82,4) or point (82.4); 1.234,5, 85% and full-width digits (８２，４) are read too; put words in the note",
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

    pub(super) fn date(&mut self, cell: &Cell, place: &Place) -> Option<NaiveDate> {
        let d = match cell {
            Cell::Empty => return None,
            Cell::Date(d) => Some(*d),
            // A date cell whose format was lost holds the day's number (46112 for 31/3/2026);
            // a year typed there (2026) or a day and month (31.3) is not day 2026 or 31 of the
            // spreadsheet's calendar, in 1905 or 1900.
            Cell::Number(n) => match serial_date(*n).filter(|d| *d >= EARLIEST_SERIAL_DATE) {
                Some(d) => Some(d),
                None => {
                    self.push(
                        Problem::new(format!("{} is a number, not a date", cell.text()))
                            .at(place.clone())
                            .field("as_of")
                            .found(cell.text())
                            .help(format!(
                                "write the day the figure describes as 31/3/2026, 2026-03-31 or 2026/03/31, or leave it empty for the period's end; \
                                 a number is read as a spreadsheet's day number only from {} on",
                                format::date(EARLIEST_SERIAL_DATE, "vi")
                            )),
                    );
                    return None;
                }
            },
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
                    .help("write the day the figure describes as 31/3/2026, 2026-03-31 or 2026/03/31, or leave it empty for the period's end"),
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
    pub(super) fn text(&mut self, cell: &Cell, place: &Place, field: &str) -> Option<Option<String>> {
        if let Cell::Error(e) = cell {
            self.push(
                Problem::new(format!("this cell holds the error {e}"))
                    .at(place.clone())
                    .field(field)
                    .help("type the text itself"),
            );
            return None;
        }
        let t = clean(&line_breaks(&cell.text()));
        // Not text: what is left of a conversion or a paste, which no page or feed may hold.
        if let Some(c) = t.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n')) {
            self.push(
                Problem::new(format!(
                    "this cell holds the control character U+{:04X}, which is not text",
                    u32::from(c)
                ))
                .at(place.clone())
                .field(field)
                .found(cell.text())
                .help("delete it (it is invisible: retype the text around it, or paste the text as plain text)"),
            );
            return None;
        }
        Some(if t.is_empty() { None } else { Some(t) })
    }

    /// One document a line: `title | link`, or a title and a web address (`https://…`). As
    /// the form's instructions say, only an address starting with https:// or http:// is a
    /// link when there is no `|`: "Quyết định số 123/QĐ-UBND" is a citation, not a title and
    /// the link "123/QĐ-UBND". After `|`, a path of the site (files/cv-12.pdf) is a link too,
    /// as in a progress file. A line without a link is refused: the format's evidence is a
    /// link, and a document that is not online is cited in the note.
    pub(super) fn evidence(&mut self, cell: &Cell, place: &Place) -> Option<Option<Vec<Evidence>>> {
        let text = self.text(cell, place, "evidence")??;
        let mut out = Vec::new();
        let mut ok = true;
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match evidence_line(line) {
                Ok(e) => out.push(e),
                Err((message, help)) => {
                    ok = false;
                    self.push(Problem::new(message).at(place.clone()).field("evidence").found(line).help(help));
                }
            }
        }
        ok.then_some(if out.is_empty() { None } else { Some(out) })
    }
}

/// Every line break as `\n`: Windows' `\r\n`, and the vertical tab that Word's manual line
/// break (Shift+Enter) becomes when a paragraph is pasted into a cell (Excel stores it as
/// `_x000B_`), which a page would show as nothing, joining the two lines; likewise a form feed
/// and Unicode's line and paragraph separators.
fn line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace(['\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}'], "\n")
}

/// Whether a cell shows a percentage: formatted as one, or typed with its sign ("5%").
fn shows_percent(cell: &Cell) -> bool {
    match cell {
        Cell::Percent(_) => true,
        // `５％` as an input method types it too.
        Cell::Text(t) => half_width(t).trim().ends_with('%'),
        _ => false,
    }
}

/// A number between 0 and 1 for a task's percent, without a % sign: most likely 0,85 typed for
/// 85%, not 0.85% done.
fn fraction_of_a_percent(n: f64, cell: &Cell, place: &Place) -> Problem {
    Problem::new(format!("{} is ambiguous as a percentage of completion", cells::format_number(n)))
        .at(place.clone())
        .field("percent")
        .found(cell.text())
        .help(format!(
            "percent is written from 0 to 100: write the whole number ({}) for {}%, or \"{}%\" as text if less than 1% is meant",
            cells::format_number(cells::percent_shown(n)),
            cells::format_number(cells::percent_shown(n)),
            format::number(n, "vi", 4)
        ))
}

/// A number from 0 to 1 for a percentage, in a file whose cell formats are not read: 100%
/// typed into a cell is stored as 1, 82,4% as 0.824.
fn unknown_format(cell: &Cell, place: &Place, field: &str, n: f64) -> Problem {
    Problem::new(format!(
        "{} is ambiguous: {}% typed into a cell is stored as {}, and the format of this file's cells is not read",
        cells::format_number(n),
        cells::format_number(cells::percent_shown(n)),
        cells::format_number(n)
    ))
    .at(place.clone())
    .field(field)
    .found(cell.text())
    .help("save the file as .xlsx (Excel Workbook) or .ods and import that; percentages are written from 0 to 100 (85 for 85%)")
}
