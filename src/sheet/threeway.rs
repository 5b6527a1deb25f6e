//! An answer merged three ways, as version control merges: the form as it was made (its record
//! of what the answers were prefilled with, see `prefilled.rs`) is the base, the agency's answer
//! one side and the progress file as it is now the other. Field by field: an answer left as the
//! form gave it keeps what the file has now (an edit the keeper made after the form went out
//! stands); an answer the agency changed is taken while the file still holds what the form was
//! made with; a field both changed, differently, is a conflict, and the import writes nothing
//! until the keeper says which side wins (`--take-form`, `--keep-mine`).
//!
//! A file without the record (a form made before it, a CSV another program wrote, a form saved
//! without its hidden column) is merged as before, its answers replacing the file's values, and
//! the summary says so.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::cells::{Cell, Place, as_shown, format_number};
use super::merge::{TaskAnswer, ValueAnswer};
use super::prefilled::{self, TASK_FIELDS, VALUE_FIELDS};
use super::problem::Problem;
use super::read::{RawRow, SheetKind};
use super::rows::{evidence_text, task_entry, value_entry};
use super::validate::{Validator, what};
use crate::model::{Evidence, TaskStatus};

/// What to do with a field changed both in the file and in the form since the form was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnConflict {
    /// Name every conflict and write nothing.
    #[default]
    Refuse,
    /// The form's answer replaces the file's value (`--take-form`).
    TakeForm,
    /// The file's value stays (`--keep-mine`).
    KeepMine,
}

/// A field's value, as the three sides are compared.
#[derive(Clone, Debug)]
enum V {
    Empty,
    Status(TaskStatus),
    Number(f64),
    Text(String),
    Evidence(Vec<Evidence>),
}

/// Figures compare at the 15 significant digits a spreadsheet keeps: a figure the file gives
/// with more comes back from the form cut to them, and is the same figure, not an answer.
/// Texts compare without their tabs, which LibreOffice drops from a cell's text when it saves
/// a form again: a note left as made is not an answer that joins two words.
impl PartialEq for V {
    fn eq(&self, other: &V) -> bool {
        match (self, other) {
            (V::Empty, V::Empty) => true,
            (V::Status(a), V::Status(b)) => a == b,
            (V::Number(a), V::Number(b)) => as_shown(*a) == as_shown(*b),
            (V::Text(a), V::Text(b)) => a == b || a.replace('\t', "") == b.replace('\t', ""),
            (V::Evidence(a), V::Evidence(b)) => a == b,
            _ => false,
        }
    }
}

impl V {
    fn text(t: Option<String>) -> V {
        t.map_or(V::Empty, V::Text)
    }

    fn number(n: Option<f64>) -> V {
        n.map_or(V::Empty, V::Number)
    }

    fn evidence(e: Vec<Evidence>) -> V {
        if e.is_empty() { V::Empty } else { V::Evidence(e) }
    }

    /// On one line, quoted, cut at 100 characters.
    fn shown(&self, labels: &super::labels::StatusLabels) -> String {
        let text = match self {
            V::Empty => return "(empty)".into(),
            V::Status(s) => format!("{} ({})", labels.label(*s), s.as_str()),
            V::Number(n) => format_number(*n),
            V::Text(t) => t.clone(),
            V::Evidence(e) => evidence_text(e),
        };
        let line = text.lines().map(str::trim).collect::<Vec<_>>().join(" / ");
        let mut cut: String = line.chars().take(100).collect();
        if cut.len() < line.len() {
            cut.push('…');
        }
        format!("“{cut}”")
    }
}

/// One answer field as the three sides have it.
struct Field {
    name: &'static str,
    /// `None` when the sheet has no such column: the file's value stays, as it always did.
    form: Option<V>,
    /// `None` when the row's record is missing or damaged.
    base: Option<V>,
    file: V,
    /// The form's cell.
    place: Place,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Choice {
    Take,
    Keep,
}

/// What the import says about the merge besides its changes.
#[derive(Debug, Default)]
pub(super) struct Said {
    /// Fields the keeper changed in the file and the forms left as made: kept.
    kept: Vec<String>,
    /// Conflicts settled by `--take-form` or `--keep-mine`.
    settled: Vec<String>,
    /// Files with answers and no record of what they were prefilled with.
    unrecorded: BTreeSet<String>,
    /// Rows whose read-only columns the site changed after the form was made.
    changed_since: Vec<String>,
    /// Answers with nothing left to merge, for the count of answers.
    pub(super) dropped: usize,
    /// (task or indicator, field) already said, for a task on two rows.
    seen: BTreeSet<(String, &'static str)>,
}

impl Said {
    pub(super) fn render(&self, progress: &str) -> String {
        let mut out = String::new();
        if !self.kept.is_empty() {
            let _ = writeln!(
                out,
                "kept as {progress} has it, changed there after the form was made (the form left it as it was made):"
            );
            for line in &self.kept {
                let _ = writeln!(out, "  {line}");
            }
        }
        if !self.settled.is_empty() {
            let _ =
                writeln!(out, "changed both in {progress} and in the form after the form was made, settled as asked:");
            for line in &self.settled {
                let _ = writeln!(out, "  {line}");
            }
        }
        if !self.changed_since.is_empty() {
            let _ =
                writeln!(out, "changed in the site after the form was made, the rows left as the form showed them:");
            for line in &self.changed_since {
                let _ = writeln!(out, "  {line}");
            }
        }
        for file in &self.unrecorded {
            let _ = writeln!(
                out,
                "note: {file} does not record what its answers were prefilled with (a form made before minhbach \
                 recorded it, a file another program wrote, or a form saved without its hidden last column): \
                 its answers replace what {progress} has, edits made there after the form was made included"
            );
        }
        out
    }

    pub(super) fn changed_since(&mut self, line: String) {
        self.changed_since.push(line);
    }

    fn say(&mut self, key: &str, field: &'static str) -> bool {
        self.seen.insert((key.to_string(), field))
    }
}

impl Validator<'_> {
    fn progress_label(&self) -> String {
        format!("data/progress/{}.toml", self.period_id)
    }

    /// Answer cells read as the answers are; `None` if one does not read (the problems are
    /// taken back: these cells are the file's or the record's, not the agency's).
    fn fields_of(&mut self, kind: SheetKind, cells: &BTreeMap<&'static str, Cell>, place: &Place) -> Option<Vec<V>> {
        let before = self.problems.len();
        let mut out = Vec::new();
        for &field in kind.answer_fields() {
            let cell = cells.get(field).unwrap_or(&Cell::Empty);
            let v = match field {
                _ if cell.is_blank() => V::Empty,
                "status" => self.status(cell, place).map_or(V::Empty, V::Status),
                "percent" => V::number(self.percent(cell, place, true).flatten()),
                "value" => V::number(self.number(cell, place, "value")),
                "evidence" => V::evidence(self.evidence(cell, place).flatten().unwrap_or_default()),
                _ => V::text(self.text(cell, place, field).flatten()),
            };
            out.push(v);
        }
        if self.problems.len() > before {
            self.problems.truncate(before);
            return None;
        }
        Some(out)
    }

    /// The three sides of each answer field of a row; `None` when the file's own values do not
    /// read as answers (then the answer is merged as before).
    fn sides(
        &mut self,
        row: &RawRow,
        key: &str,
        form: Vec<Option<V>>,
        file: &BTreeMap<&'static str, Cell>,
    ) -> Option<Vec<Field>> {
        let (record, record_place) = row.cell(prefilled::FIELD)?;
        let file = self.fields_of(row.kind, file, &row.place)?;
        let base =
            prefilled::read(row.kind, key, record).and_then(|cells| self.fields_of(row.kind, &cells, record_place));
        let names = row.kind.answer_fields();
        let fields = form
            .into_iter()
            .zip(file)
            .enumerate()
            .map(|(i, (form, file))| Field {
                name: names[i],
                form,
                base: base.as_ref().map(|b| b[i].clone()),
                file,
                place: row.cell(names[i]).map_or_else(|| row.place.clone(), |(_, p)| p.clone()),
            })
            .collect();
        Some(fields)
    }

    /// A task's answer as merged three ways; `None` when nothing of it is to be merged.
    pub(super) fn resolve_task(&mut self, row: &RawRow, mut answer: TaskAnswer) -> Option<TaskAnswer> {
        if row.cell(prefilled::FIELD).is_none() {
            self.said.unrecorded.insert(row.place.file.clone());
            return Some(answer);
        }
        let report = self.site.reports.iter().find(|r| r.period.value == self.period_id);
        let entry = report.and_then(|r| task_entry(r, &answer.key));
        let file = prefilled::task_cells(entry);
        let form = vec![
            Some(V::Status(answer.status)),
            answer.percent.map(V::number),
            answer.note.clone().map(V::text),
            answer.evidence.clone().map(V::evidence),
        ];
        let Some(fields) = self.sides(row, &answer.key, form, &file) else { return Some(answer) };
        let choices = self.three_way(row.kind, &answer.key, &fields)?;
        answer.as_made = as_made(&fields);
        // A field kept is answered with the file's value as the file writes it (not as the
        // form's cell would read it back: an evidence title ending in `:` stays), and not
        // left out, so that a revision of a published figure carries it as it carries any
        // answer.
        for ((field, choice), side) in TASK_FIELDS.iter().zip(choices).zip(fields) {
            if choice == Choice::Take || side.form.is_none() {
                continue;
            }
            match (*field, entry) {
                ("status", Some(e)) => answer.status = e.status,
                ("percent", e) => answer.percent = Some(e.and_then(|e| e.percent)),
                ("note", e) => answer.note = Some(e.and_then(|e| e.note.clone())),
                ("evidence", e) => answer.evidence = Some(e.map(|e| e.evidence.clone()).unwrap_or_default()),
                _ => {}
            }
        }
        Some(answer)
    }

    /// A figure as merged three ways; `None` when nothing of it is to be merged. The record is
    /// of the figure for the period's end; a figure for another day is merged as before.
    pub(super) fn resolve_value(&mut self, row: &RawRow, mut answer: ValueAnswer) -> Option<ValueAnswer> {
        if row.cell(prefilled::FIELD).is_none() {
            self.said.unrecorded.insert(row.place.file.clone());
            return Some(answer);
        }
        if answer.date != self.period_end {
            return Some(answer);
        }
        let report = self.site.reports.iter().find(|r| r.period.value == self.period_id);
        let entry = report.and_then(|r| value_entry(r, &answer.indicator, self.period_end));
        let file = prefilled::value_cells(entry);
        let form =
            vec![Some(V::Number(answer.value)), answer.source.clone().map(V::text), answer.note.clone().map(V::text)];
        let Some(fields) = self.sides(row, &answer.indicator, form, &file) else { return Some(answer) };
        let choices = self.three_way(row.kind, &answer.indicator, &fields)?;
        answer.as_made = as_made(&fields);
        for ((field, choice), side) in VALUE_FIELDS.iter().zip(choices).zip(fields) {
            if choice == Choice::Take || side.form.is_none() {
                continue;
            }
            match (*field, entry) {
                ("value", Some(e)) => answer.value = e.value,
                ("source", e) => answer.source = Some(e.and_then(|e| e.source.clone())),
                ("note", e) => answer.note = Some(e.and_then(|e| e.note.clone())),
                _ => {}
            }
        }
        Some(answer)
    }

    /// Which side each field takes; `None` when nothing of the answer is to be merged: a
    /// conflict (said as a problem) or a report the file no longer has and the form left as made.
    fn three_way(&mut self, kind: SheetKind, key: &str, fields: &[Field]) -> Option<Vec<Choice>> {
        let labels = self.labels;
        let main = &fields[0];
        // The report was removed from the file after the form was made.
        if main.file == V::Empty && main.base.as_ref().is_some_and(|b| *b != V::Empty) {
            let changed = fields.iter().any(|f| f.form.is_some() && f.form != f.base);
            if !changed {
                if self.said.say(key, "") {
                    self.said.kept.push(format!(
                        "{} {key}: no {}, removed from the file after the form was made; the form's answer, left as it was made, is not put back ({})",
                        what(kind),
                        entry_word(kind),
                        main.place
                    ));
                }
                self.said.dropped += 1;
                return None;
            }
            return match self.on_conflict {
                OnConflict::Refuse => {
                    self.push(self.conflict(kind, key, main, true));
                    None
                }
                OnConflict::TakeForm => {
                    self.said.settled.push(format!(
                        "{} {key}: reported again as the form says, though its {} was removed from the file (--take-form)",
                        what(kind),
                        entry_word(kind)
                    ));
                    Some(vec![Choice::Take; fields.len()])
                }
                OnConflict::KeepMine => {
                    self.said.settled.push(format!(
                        "{} {key}: left without a {}, as the file has it, not as the form says (--keep-mine)",
                        what(kind),
                        entry_word(kind)
                    ));
                    self.said.dropped += 1;
                    None
                }
            };
        }
        let mut choices = Vec::new();
        let mut refused = false;
        for f in fields {
            let Some(form) = &f.form else {
                choices.push(Choice::Keep);
                continue;
            };
            let choice = match &f.base {
                Some(base) if form == base => {
                    if f.file != *base && self.said.say(key, f.name) {
                        self.said.kept.push(format!(
                            "{} {key}, {}: {} stays; the form still had {} ({})",
                            what(kind),
                            f.name,
                            f.file.shown(labels),
                            base.shown(labels),
                            f.place
                        ));
                    }
                    Choice::Keep
                }
                Some(base) if f.file == *base => Choice::Take,
                _ if *form == f.file => Choice::Take,
                _ => match self.on_conflict {
                    OnConflict::Refuse => {
                        self.push(self.conflict(kind, key, f, false));
                        refused = true;
                        Choice::Keep
                    }
                    OnConflict::TakeForm => {
                        self.said.settled.push(format!(
                            "{} {key}, {}: the form's {} replaces {} (--take-form; {})",
                            what(kind),
                            f.name,
                            form.shown(labels),
                            f.file.shown(labels),
                            f.place
                        ));
                        Choice::Take
                    }
                    OnConflict::KeepMine => {
                        self.said.settled.push(format!(
                            "{} {key}, {}: {} stays, not the form's {} (--keep-mine; {})",
                            what(kind),
                            f.name,
                            f.file.shown(labels),
                            form.shown(labels),
                            f.place
                        ));
                        Choice::Keep
                    }
                },
            };
            choices.push(choice);
        }
        if refused {
            return None;
        }
        // A status or figure kept where the file has none (its record damaged, --keep-mine):
        // there is no report to merge the rest into.
        if choices[0] == Choice::Keep && main.file == V::Empty {
            self.said.dropped += 1;
            return None;
        }
        Some(choices)
    }

    /// A row whose answer cells were all emptied, though the form gave it the report the
    /// progress file still has: the agency withdrew it, or has nothing new to say, or cleared
    /// the wrong row. An import does not remove a report, and keeping it without a word would
    /// drop what the agency did; said at the main answer's cell (`--keep-mine` keeps it).
    pub(super) fn cleared(&mut self, row: &RawRow, key: &str) {
        let Some((record, _)) = row.cell(prefilled::FIELD) else { return };
        let Some(made) = prefilled::read(row.kind, key, record) else { return };
        let main = row.kind.main_answer();
        if made.get(main).is_none_or(Cell::is_blank) {
            return;
        }
        let report = self.site.reports.iter().find(|r| r.period.value == self.period_id);
        let (entry, in_file) = match row.kind {
            SheetKind::Tasks => {
                (format!("[[task]] with ref = \"{key}\""), report.and_then(|r| task_entry(r, key)).is_some())
            }
            SheetKind::Values => (
                format!("[[value]] of indicator = \"{key}\""),
                report.and_then(|r| value_entry(r, key, self.period_end)).is_some(),
            ),
        };
        if !in_file {
            return;
        }
        let progress = self.progress_label();
        let place = row.cell(main).map_or_else(|| row.place.clone(), |(_, p)| p.clone());
        if self.on_conflict == OnConflict::KeepMine {
            self.said.settled.push(format!(
                "{} {key}: its answers were cleared in the form; the {} in {progress} stays (--keep-mine; {place})",
                what(row.kind),
                entry_word(row.kind)
            ));
            return;
        }
        let shown: Vec<String> = row
            .kind
            .answer_fields()
            .iter()
            .filter_map(|f| made.get(f).filter(|c| !c.is_blank()).map(|c| format!("{f}: {}", c.text())))
            .collect();
        self.push(
            Problem::new(format!(
                "the answers of this row were cleared, but the form gave it the {} that {progress} has ({entry}), and an import does not remove one",
                entry_word(row.kind)
            ))
            .at(place)
            .field(main)
            .found(format!("the form was made with: {}", shown.join("; ")))
            .help(format!(
                "to keep the {0}, put the form's answers back (or import again with --keep-mine); to withdraw it, delete the {entry} from {progress} and import again",
                entry_word(row.kind)
            )),
        );
    }

    fn conflict(&self, kind: SheetKind, key: &str, f: &Field, removed: bool) -> Problem {
        let progress = self.progress_label();
        let entry = match kind {
            SheetKind::Tasks => format!("the [[task]] with ref = \"{key}\""),
            SheetKind::Values => format!("the [[value]] of indicator = \"{key}\""),
        };
        let message = if removed {
            format!(
                "{} `{key}` has no {} in {progress} any more: {entry} was removed there after the form was made, and this form changes it",
                what(kind),
                entry_word(kind)
            )
        } else if f.base.is_none() {
            format!(
                "`{}` of {} `{key}` differs between this form and {progress} ({entry}), and the form's record of what this row was prefilled with is missing or damaged, so which side changed it cannot be told",
                f.name,
                what(kind)
            )
        } else {
            format!(
                "`{}` of {} `{key}` was changed both in {progress} ({entry}) and in this form after the form was made",
                f.name,
                what(kind)
            )
        };
        let shown = |v: Option<&V>| v.map_or("(not known)".to_string(), |v| v.shown(self.labels));
        let found = format!(
            "this form: {}\n{progress} now: {}\nthe form was made with: {}",
            shown(f.form.as_ref()),
            f.file.shown(self.labels),
            shown(f.base.as_ref())
        );
        Problem::new(message).at(f.place.clone()).field(f.name).found(found).help(
            "decide which stands and import again: --take-form puts the form's answer in the file, --keep-mine keeps \
             the file's (either settles every conflict of the run); or make the two agree first, in the file or by \
             asking the agency to correct its form",
        )
    }
}

/// Whether every answer field the sheet has is as the form was made, by the row's record.
fn as_made(fields: &[Field]) -> bool {
    fields.iter().all(|f| f.form.is_none() || (f.base.is_some() && f.form == f.base))
}

/// What the file holds for a task or an indicator of the period.
fn entry_word(kind: SheetKind) -> &'static str {
    match kind {
        SheetKind::Tasks => "report",
        SheetKind::Values => "figure",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_saved_again_without_its_tabs_is_the_same_text() {
        assert_eq!(V::Text("Báo cáo\tquý I".into()), V::Text("Báo cáoquý I".into()));
        assert_ne!(V::Text("Báo cáo quý I".into()), V::Text("Báo cáoquý I".into()));
        assert_eq!(V::Number(0.1), V::Number(1.0 - 0.9));
    }
}
