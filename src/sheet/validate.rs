//! Every cell of an answered form checked against the format and against what the form said,
//! collecting answers and problems.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::cells::{self, Cell, Place};
use super::columns::Kind;
use super::merge::{TaskAnswer, ValueAnswer};
use super::numbers::{parse_date, parse_number};
use super::problem::Problem;
use super::read::{RawRow, SheetKind};
use super::rows::{Out, Row};
use super::threeway::{OnConflict, Said};
use crate::model::Site;
use crate::render::format;
use crate::text::{self, clean};

pub(super) struct Validator<'a> {
    pub(super) site: &'a Site,
    pub(super) labels: &'a super::labels::StatusLabels,
    pub(super) period_id: &'a str,
    pub(super) period_end: NaiveDate,
    pub(super) period_from: Option<&'a Place>,
    pub(super) expected_tasks: BTreeMap<&'a str, Vec<&'a Row>>,
    pub(super) expected_values: BTreeMap<&'a str, Vec<&'a Row>>,
    pub(super) problems: Vec<Problem>,
    pub(super) tasks: Vec<TaskAnswer>,
    pub(super) values: Vec<ValueAnswer>,
    /// Answers seen so far, to catch one task answered two ways.
    pub(super) seen_tasks: BTreeMap<String, usize>,
    pub(super) seen_values: BTreeMap<(String, NaiveDate), usize>,
    /// What to do with a field changed both in the file and in the form.
    pub(super) on_conflict: OnConflict,
    pub(super) said: Said,
}

/// Text as compared: NFC, spacing collapsed.
pub(super) fn norm(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether a cell still holds what the form wrote, allowing for what other programs do to a
/// cell (a text of digits turned into a number, a date turned into a date cell).
pub(super) fn same(cell: &Cell, expected: &Out) -> bool {
    match expected {
        Out::Empty => cell.is_blank(),
        Out::Number(n) => match cell {
            Cell::Number(m) | Cell::Percent(m) => (n - m).abs() <= 1e-9 * n.abs().max(1.0),
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

pub(super) fn shown(out: &Out) -> String {
    match out {
        Out::Empty => "(empty)".into(),
        Out::Text(t) => t.clone(),
        Out::Number(n) => cells::format_number(*n),
    }
}

impl Validator<'_> {
    pub(super) fn push(&mut self, p: Problem) {
        self.problems.push(p);
    }

    pub(super) fn row(&mut self, row: &RawRow) {
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
        if !exists(self.site, row.kind, &key) {
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
            self.cleared(row, &key);
            return;
        }
        match row.kind {
            SheetKind::Tasks => self.task(row, key, unit),
            SheetKind::Values => self.value(row, key, unit),
        }
    }

    /// Compares the read-only columns with the form's; returns the row's unit (id).
    pub(super) fn check_descriptions(&mut self, row: &RawRow, key: &str) -> Option<String> {
        let expected = match row.kind {
            SheetKind::Tasks => self.expected_tasks.get(key),
            SheetKind::Values => self.expected_values.get(key),
        };
        let expected = expected.cloned()?;
        let chosen = match row.cell("unit").filter(|(c, _)| !c.is_blank()) {
            Some((cell, place)) => {
                let names_it = |e: &&&Row| {
                    same(cell, e.cells.get("unit").unwrap_or(&Out::Empty)) || self.names_unit(cell, &e.unit)
                };
                match expected.iter().find(names_it) {
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
        let changed: Vec<(&'static str, &Cell, &Place, &Out)> = row
            .kind
            .columns()
            .iter()
            .filter(|c| c.kind == Kind::Describe && c.field != "unit")
            .filter_map(|column| {
                let (cell, place) = row.cell(column.field)?;
                let want = chosen.cells.get(column.field).unwrap_or(&Out::Empty);
                (!same(cell, want)).then_some((column.field, cell, place, want))
            })
            .collect();
        if changed.is_empty() {
            return chosen.unit.clone();
        }
        // A row that still shows what its form showed, by the digest the form recorded: the
        // plan or the last report changed since the form was made (a title corrected, a
        // deadline revised), not the row. Its answer is the agency's as much as before.
        let as_made = row
            .cell(super::prefilled::FIELD)
            .and_then(|(c, _)| super::prefilled::read_described(row.kind, key, c))
            .is_some_and(|recorded| {
                recorded
                    == super::prefilled::described(row.kind, |f| row.cell(f).map_or(String::new(), |(c, _)| c.text()))
            });
        if as_made {
            let fields: Vec<String> = changed.iter().map(|(f, ..)| format!("`{f}`")).collect();
            self.said.changed_since(format!(
                "{} {key}: {} changed in the site after the form was made; the answer is taken for it as it is now ({})",
                what(row.kind),
                fields.join(", "),
                changed[0].2
            ));
            return chosen.unit.clone();
        }
        for (field, cell, place, want) in changed {
            self.push(
                Problem::new(format!(
                    "this row was changed outside its answer columns: `{field}` should read \"{}\"",
                    shown(want)
                ))
                .at(place.clone())
                .field(field)
                .found(cell.text())
                .help(edited_help(self.period_id)),
            );
        }
        chosen.unit.clone()
    }

    /// Whether `cell` names the unit `unit` by its id, name or an alias, as a CSV file typed by
    /// hand may (the site's files accept all three wherever a unit is meant).
    fn names_unit(&self, cell: &Cell, unit: &Option<String>) -> bool {
        let Some(unit) = unit.as_deref().and_then(|id| self.site.units.iter().find(|u| u.id == id)) else {
            return false;
        };
        let written = text::fold_key(&cell.text());
        [&unit.id, &unit.name]
            .into_iter()
            .chain(unit.aliases.iter().map(|a| &a.value))
            .any(|n| text::fold_key(n) == written)
    }

    pub(super) fn task(&mut self, row: &RawRow, key: String, unit: Option<String>) {
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
        let percent = row.cell("percent").map(|(c, p)| self.percent(c, p, row.percent_known));
        if let (Some(status), Some(Some(Some(p))), Some((cell, place))) = (status, percent, row.cell("percent"))
            && let Some(allowed) = status.contradicted_by(p)
        {
            self.push(
                Problem::new(format!(
                    "{}% contradicts the status '{}': a task {} is {}% done",
                    cells::format_number(p),
                    self.labels.label(status),
                    status.as_str().replace('_', " "),
                    cells::format_number(allowed)
                ))
                .at(place.clone())
                .field("percent")
                .found(cell.text())
                .help(crate::load::progress::contradiction_help(allowed)),
            );
        }
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
            places: answer_places(row),
            as_made: false,
        };
        let Some(answer) = self.resolve_task(row, answer) else { return };
        if let Some(&i) = self.seen_tasks.get(&key) {
            // A row left as its form was made says nothing new: another row's change stands.
            if self.tasks[i].as_made && !answer.as_made {
                self.tasks[i] = answer;
                return;
            }
            let other = &self.tasks[i];
            let differs = other.differs(&answer);
            if !answer.as_made && !differs.is_empty() {
                let brief = |a: &TaskAnswer| {
                    let pct =
                        a.percent.flatten().map(|p| format!(", {}%", cells::format_number(p))).unwrap_or_default();
                    format!("{}{pct}", self.labels.label(a.status))
                };
                // Said at the first field that differs, where both rows have its cell.
                let field = differs[0];
                let at = |a: &TaskAnswer| a.places.get(field).cloned().unwrap_or_else(|| a.place.clone());
                let p = Problem::new(format!(
                    "task `{key}` is answered differently in two places (its {}): here {}",
                    differs.join(", "),
                    brief(&answer)
                ))
                .at(at(&answer))
                .field(field)
                .also(at(other), format!("the other answer, {}, is at", brief(other)))
                .help("keep one answer: correct one of the two rows, or leave it empty");
                self.push(p);
            }
            return;
        }
        self.seen_tasks.insert(key, self.tasks.len());
        self.tasks.push(answer);
    }

    pub(super) fn value(&mut self, row: &RawRow, key: String, unit: Option<String>) {
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
            self.figure(&value_cell, &value_place, ind, row.percent_known)
        };
        if let (Some(v), Some(scale)) = (value, ind.and_then(|i| i.scale()))
            && !scale.holds(v)
        {
            let problem = if scale.percent {
                Problem::new(format!("{} is outside 0-100, and `{}` is measured in %", cells::format_number(v), key))
                    .help("write the percentage as a number from 0 to 100: 85 for 85%")
            } else {
                let (min, max) = (cells::format_number(scale.min), cells::format_number(scale.max));
                Problem::new(format!("{} is outside {min} to {max}, the bounds of `{key}`", cells::format_number(v)))
                    .help(format!(
                        "write a figure from {min} to {max}, as the indicator's definition sets{}",
                        scale.example()
                    ))
            };
            self.push(problem.at(value_place.clone()).field("value").found(value_cell.text()));
        }
        // Said here with the other cells' problems, not in a later round by the progress file.
        let max = crate::load::reader::MAX_FIGURE;
        if let Some(v) = value.filter(|v| v.abs() > max) {
            let (message, help) = crate::load::reader::too_large("a reported value", v, max);
            self.push(Problem::new(message).at(value_place.clone()).field("value").found(value_cell.text()).help(help));
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
            places: answer_places(row),
            value_place,
            as_made: false,
        };
        let Some(answer) = self.resolve_value(row, answer) else { return };
        let seen = (key.clone(), date);
        if let Some(&i) = self.seen_values.get(&seen) {
            if self.values[i].as_made && !answer.as_made {
                self.values[i] = answer;
                return;
            }
            let other = &self.values[i];
            if !answer.as_made && !other.same_answer(&answer) {
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
}

/// Whether the site has the task (`plan/task`) or indicator a row names.
pub(super) fn exists(site: &Site, kind: SheetKind, key: &str) -> bool {
    match kind {
        SheetKind::Tasks => site.plans.iter().any(|p| {
            key.split_once('/').is_some_and(|(plan, task)| p.id == plan && p.tasks.iter().any(|t| t.id == task))
        }),
        SheetKind::Values => site.indicators.iter().any(|i| i.id == key),
    }
}

/// The cell of each answer field the row has.
fn answer_places(row: &RawRow) -> BTreeMap<&'static str, Place> {
    row.cells
        .iter()
        .filter(|(f, _)| row.kind.columns().iter().any(|c| c.field == **f && c.kind == Kind::Answer))
        .map(|(f, (_, place))| (*f, place.clone()))
        .collect()
}

pub(super) fn what(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Tasks => "task",
        SheetKind::Values => "indicator",
    }
}

pub(super) fn example(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Tasks => "<plan id>/<task id>, e.g. bql-57-2026/1.2",
        SheetKind::Values => "e.g. phu-song-5g",
    }
}

pub(super) fn edited_help(period: &str) -> String {
    format!(
        "only the shaded answer columns are read; undo the change (put remarks in `note`), or, if the plan itself changed, make a new form with `minhbach form {period}`"
    )
}
