//! Merging checked answers into `data/progress/<period>.toml` by editing the file in place
//! (toml_edit): comments, order and every entry not answered stay as they are, and an entry is
//! only touched where a field actually changes, so an untouched form changes no byte.
//!
//! A period with a snapshot under `archive/` was published: its task reports are not changed
//! afterwards, and a changed figure, allowed only with `--revise`, goes into the current
//! period's report with `as_of` set to the published date, the way a revision is typed by hand.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml_edit::DocumentMut;

use super::cells::{Place, format_number};
use super::entries::{Entries, apply_task, apply_value, string, task_fields_changed, value_fields_changed};
use super::place::{Block, block_text, place};
use super::problem::Problem;
use super::published::Published;
use super::verify::{self, Intent};
use crate::model::{Evidence, Period, Site, TaskStatus};
use crate::render::format;

/// A task's answer; each optional field is `None` when the sheet had no such column (then the
/// file's value is kept) and `Some(None)` when its cell was empty (then it is removed).
#[derive(Clone, Debug)]
pub struct TaskAnswer {
    pub key: String,
    pub status: TaskStatus,
    pub percent: Option<Option<f64>>,
    pub note: Option<Option<String>>,
    /// Empty for no evidence.
    pub evidence: Option<Vec<Evidence>>,
    /// The unit the row was under, for the summary.
    pub unit: Option<String>,
    /// The row.
    pub place: Place,
    /// The cell of each answer field the row has (`status`, `percent`, `note`, `evidence`),
    /// for a message about one field.
    pub places: BTreeMap<&'static str, Place>,
    /// Every answer field left as the form was made (its record says so): the row says
    /// nothing new, and gives way to another row that changes the task.
    pub as_made: bool,
}

impl TaskAnswer {
    /// The answer fields in which two answers of one task differ.
    pub fn differs(&self, other: &TaskAnswer) -> Vec<&'static str> {
        let mut out = Vec::new();
        out.extend((self.status != other.status).then_some("status"));
        out.extend((self.percent != other.percent).then_some("percent"));
        out.extend((self.note != other.note).then_some("note"));
        out.extend((self.evidence != other.evidence).then_some("evidence"));
        out
    }
}

#[derive(Clone, Debug)]
pub struct ValueAnswer {
    pub indicator: String,
    pub value: f64,
    /// The day the figure describes: the period's end unless the row said otherwise.
    pub date: NaiveDate,
    pub source: Option<Option<String>>,
    pub note: Option<Option<String>>,
    pub unit: Option<String>,
    /// The value cell, for messages about the figure.
    pub value_place: Place,
    /// The cell of each answer field the row has (`value`, `source`, `note`, `as_of`).
    pub places: BTreeMap<&'static str, Place>,
    /// Every answer field left as the form was made: see [`TaskAnswer::as_made`].
    pub as_made: bool,
}

impl ValueAnswer {
    pub fn same_answer(&self, other: &ValueAnswer) -> bool {
        self.value == other.value && self.date == other.date && self.source == other.source && self.note == other.note
    }
}

/// One change, for the summary.
#[derive(Clone, Debug)]
pub struct Change {
    /// Unit id, or `None` when no unit is named.
    pub unit: Option<String>,
    pub kind: ChangeKind,
    pub line: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    TaskAdded,
    TaskUpdated,
    ValueAdded,
    ValueChanged,
}

/// A progress file and its new text.
pub struct FileEdit {
    pub path: PathBuf,
    /// Relative to the site, for messages.
    pub label: String,
    pub text: String,
    pub changes: Vec<Change>,
    /// Holds revisions of figures published for another period.
    pub revisions: bool,
    /// What else the summary says about the file (its layout changed, it is all samples).
    pub notes: Vec<String>,
}

pub struct Merge<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub period: &'a Period,
    pub published: &'a Published,
    pub revise: bool,
}

/// A progress file being edited.
#[derive(Clone)]
struct Doc<'a> {
    period: Period,
    label: String,
    path: PathBuf,
    /// The file as it was; `None` when there is none yet.
    original: Option<String>,
    entries: Entries,
    changes: Vec<Change>,
    /// The answers that changed something, for the final check.
    values: Vec<&'a ValueAnswer>,
    tasks: Vec<&'a TaskAnswer>,
}

impl<'a> Doc<'a> {
    fn task(&mut self, answer: &'a TaskAnswer, unit: Option<String>) {
        if let Some((kind, line)) = apply_task(&mut self.entries, answer) {
            self.changes.push(Change { unit, kind, line });
            self.tasks.push(answer);
        }
    }

    fn value(&mut self, answer: &'a ValueAnswer, unit: Option<String>, suffix: &str) {
        if let Some((kind, line)) = apply_value(&mut self.entries, answer) {
            self.changes.push(Change { unit, kind, line: format!("{line}{suffix}") });
            self.values.push(answer);
        }
    }

    /// Whether the answer would change this file.
    fn would_change_value(&self, answer: &ValueAnswer) -> bool {
        apply_value(&mut self.entries.clone(), answer).is_some()
    }

    /// The new text: the edited document, the new blocks placed among the file's comments,
    /// in the file's line endings; checked to hold every entry and every answer.
    fn finish(self) -> Result<FileEdit, Box<Problem>> {
        let Doc { period, label, path, original, entries, changes, values, tasks } = self;
        let mut notes = entries.notes.clone();
        let blocks: Vec<Block> = entries
            .new_values
            .iter()
            .map(|(key, plain, t)| Block { task: false, key: key.clone(), plain: *plain, text: block_text("value", t) })
            .chain(entries.new_tasks.iter().map(|(key, t)| Block {
                task: true,
                key: key.clone(),
                plain: true,
                text: block_text("task", t),
            }))
            .collect();
        let edited = entries.doc.to_string();
        let fail = |why: String| {
            Box::new(Problem::new(format!("the answers cannot be merged into {label}: {why}"))
                .help("nothing was written; please report this with the file and the forms (it is a fault of minhbach, not of the answers)"))
        };
        let mut text = place(&edited, &entries.dropped, &blocks).map_err(fail)?;
        let before = original.as_deref().unwrap_or("");
        if crlf(before) {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        if !changes.is_empty() {
            let intent = Intent { values, tasks };
            verify::check(before, &text, period.end, &intent).map_err(fail)?;
            if entries.doc.get("sample").and_then(|i| i.as_bool()) == Some(true) {
                notes.push(
                    "it says `sample = true`: every figure in it, the imported ones too, is shown as illustrative; remove that line once its figures are official"
                        .to_string(),
                );
            }
        }
        Ok(FileEdit { path, label, text, changes, revisions: false, notes })
    }
}

/// Whether a file's lines end in CRLF (saved on Windows): the merge keeps them so, so that a
/// diff shows only the answers.
fn crlf(text: &str) -> bool {
    let lines = text.matches('\n').count();
    lines > 0 && text.matches("\r\n").count() * 2 > lines
}

impl Merge<'_> {
    fn open<'x>(&self, period: &Period) -> Result<Doc<'x>, Box<Problem>> {
        let label = format!("data/progress/{}.toml", period.id);
        let path = self.root.join(&label);
        let original = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Box::new(Problem::new(format!("cannot read {label}: {e}")))),
        };
        let text = original.clone().unwrap_or_else(|| format!("period = \"{}\"\n", period.id));
        let doc =
            text.parse::<DocumentMut>().map_err(|e| Box::new(Problem::new(format!("cannot read {label}: {e}"))))?;
        Ok(Doc {
            period: period.clone(),
            label,
            path,
            original,
            entries: Entries::new(doc, period.end),
            changes: Vec::new(),
            values: Vec::new(),
            tasks: Vec::new(),
        })
    }

    /// The period where revisions of figures published for `self.period` go: the site's
    /// current period, when it is later and not itself frozen.
    fn revision_period(&self) -> Result<&Period, String> {
        let current = &self.site.config.current_period.value;
        let index = |id: &str| self.site.periods.iter().position(|p| p.id == id);
        match (index(current), index(&self.period.id)) {
            (Some(c), Some(p)) if c > p && !self.published.frozen.contains(current) => Ok(&self.site.periods[c]),
            (c, _) => {
                let why = if self.published.frozen.contains(current) {
                    // The next period may be declared already (then only current_period moves).
                    match c.and_then(|c| self.site.periods.get(c + 1)) {
                        Some(next) => format!(
                            "frozen too: set current_period = \"{}\" in site.toml (and, if data/progress/{}.toml does not exist yet, `minhbach new period {}` writes it)",
                            next.id, next.id, next.id
                        ),
                        None => "frozen too: open the next one with `minhbach new period` and set current_period in site.toml".to_string(),
                    }
                } else {
                    format!("not after {}", self.period.id)
                };
                Err(format!(
                    "a revision is recorded in the current period's report, and the current period `{current}` is {why}"
                ))
            }
        }
    }

    /// Works out every edit; problems when an answer would change what was published.
    pub fn run(&self, tasks: &[TaskAnswer], values: &[ValueAnswer]) -> Result<Vec<FileEdit>, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut main = self.open(self.period).map_err(|p| vec![*p])?;
        let mut revisions: Option<Doc> = None;
        let frozen = self.published.frozen.contains(&self.period.id);
        for answer in tasks {
            let unit = answer.unit.clone().or_else(|| self.task_lead(&answer.key));
            if frozen {
                // Said at the cell that changes it, as any other cell's problem; each other
                // field it changes is named with its cell.
                let changed = task_fields_changed(&main.entries, answer);
                if let Some(first) = changed.first() {
                    let at = |f: &str| answer.places.get(f).cloned().unwrap_or_else(|| answer.place.clone());
                    let which: Vec<String> = changed.iter().map(|f| format!("{f} ({})", at(f).cell())).collect();
                    problems.push(
                        Problem::new(format!(
                            "the reports of {} were published in archive/{}, and task `{}` would change: {}",
                            self.period.id,
                            self.period.id,
                            answer.key,
                            which.join(", ")
                        ))
                        .at(at(first))
                        .field(first)
                        .help(format!(
                            "a published period's task reports are not changed afterwards; report the task in the current period (`minhbach form {}`)",
                            self.site.config.current_period.value
                        )),
                    );
                }
                continue;
            }
            main.task(answer, unit);
        }
        // Revisions carry the row's source and note when they are new (the form shows the
        // published source, and a figure is not published without one); an existing
        // revision keeps its own unless the row changed them.
        let mut carried: Vec<ValueAnswer> = Vec::new();
        let mut to_revise: Vec<(usize, Option<String>, String)> = Vec::new();
        for answer in values {
            let unit = answer.unit.clone().or_else(|| self.owner(&answer.indicator));
            let published = self.published.figure(&answer.indicator, answer.date);
            if !main.would_change_value(answer) {
                continue;
            }
            let differs_from_published = published.is_some_and(|(v, _)| *v != answer.value);
            if !frozen && !differs_from_published {
                main.value(answer, unit, "");
                continue;
            }
            // The answer changes a published period's file or a published figure.
            let (was, snapshot) = match published {
                Some((v, p)) => (format!("{} as published", format_number(*v)), p.clone()),
                None => ("no figure".to_string(), self.period.id.clone()),
            };
            // Said at the cell that changes it: the figure's, or, where the figure is as
            // published, the source's or the note's.
            let (field, says) = match value_fields_changed(&main.entries, answer).into_iter().find(|f| *f != "value") {
                Some(other) if published.is_some_and(|(v, _)| *v == answer.value) => {
                    (other, format!("this row changes its {other}"))
                }
                _ => ("value", format!("this row says {}", format_number(answer.value))),
            };
            let at = answer.places.get(field).unwrap_or(&answer.value_place);
            let refuse = |problems: &mut Vec<Problem>| {
                problems.push(
                    Problem::new(format!(
                        "`{}` for {} was published in archive/{snapshot} ({was}); {says}",
                        answer.indicator,
                        format::date(answer.date, "vi"),
                    ))
                    .at(at.clone())
                    .field(field)
                    .help("a published figure is changed only on purpose: run again with --revise to record it as a revision (the site then shows what was published and what it is now)"),
                )
            };
            if !frozen {
                // A revision in this period's own file (as_of before the period).
                if self.revise {
                    main.value(answer, unit, &format!(" (revision of {was})"));
                } else {
                    refuse(&mut problems);
                }
                continue;
            }
            let target = match self.revision_period() {
                Ok(p) => p.clone(),
                Err(e) => {
                    if self.revise {
                        problems.push(Problem::new(e).at(at.clone()).field(field));
                    } else {
                        refuse(&mut problems);
                    }
                    continue;
                }
            };
            if revisions.is_none() {
                match self.open(&target) {
                    Ok(d) => revisions = Some(d),
                    Err(p) => {
                        problems.push(*p);
                        continue;
                    }
                }
            }
            let Some(rev) = revisions.as_ref() else { continue };
            let mut revision = answer.clone();
            if let Some(entry) = main.entries.find_value(&answer.indicator, answer.date)
                && rev.entries.find_value(&answer.indicator, answer.date).is_some()
            {
                if revision.source.as_ref() == Some(&string(entry.get("source"))) {
                    revision.source = None;
                }
                if revision.note.as_ref() == Some(&string(entry.get("note"))) {
                    revision.note = None;
                }
            }
            // Already recorded (an import run again): nothing to do, with or without --revise.
            if !rev.would_change_value(&revision) {
                continue;
            }
            if !self.revise {
                refuse(&mut problems);
                continue;
            }
            to_revise.push((carried.len(), unit, was));
            carried.push(revision);
        }
        if let Some(rev) = revisions.as_mut() {
            for (i, unit, was) in to_revise {
                rev.value(&carried[i], unit, &format!(" (revision of {was})"));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut out = Vec::new();
        for (doc, is_revision) in std::iter::once((main, false)).chain(revisions.map(|r| (r, true))) {
            let mut edit = doc.finish().map_err(|p| vec![*p])?;
            edit.revisions = is_revision;
            out.push(edit);
        }
        Ok(out)
    }

    fn task_lead(&self, key: &str) -> Option<String> {
        let (plan, task) = key.split_once('/')?;
        let plan = self.site.plans.iter().find(|p| p.id == plan)?;
        plan.tasks.iter().find(|t| t.id == task)?.lead.first().map(|l| l.value.clone())
    }

    fn owner(&self, id: &str) -> Option<String> {
        self.site.indicators.iter().find(|i| i.id == id)?.owner.as_ref().map(|o| o.value.clone())
    }
}

/// What the edits change, by file and by unit, then `said` (what the three-way merge kept).
/// `answers`: how many rows held an answer.
pub fn report(site: &Site, edits: &[FileEdit], dry_run: bool, answers: usize, said: &str) -> String {
    let mut out = String::new();
    let total: usize = edits.iter().map(|e| e.changes.len()).sum();
    if total == 0 {
        if answers == 0 {
            let _ = writeln!(out, "nothing to change: the files hold no answers (their answer columns are empty)");
        } else if said.is_empty() {
            let files: Vec<&str> = edits.iter().map(|e| e.label.as_str()).collect();
            let _ = writeln!(out, "nothing to change: every answer is already in {}", files.join(" and "));
        } else {
            let _ = writeln!(out, "nothing to change");
        }
        out.push_str(said);
        return out;
    }
    for e in edits.iter().filter(|e| !e.changes.is_empty()) {
        let revisions = if e.revisions { " (revisions of published figures)" } else { "" };
        let verb = if dry_run { "would change" } else { "changed" };
        let _ = writeln!(out, "{}{revisions}: {verb}", e.label);
        let mut by_unit: BTreeMap<usize, (String, Vec<&Change>)> = BTreeMap::new();
        for c in &e.changes {
            let (order, name) = match &c.unit {
                Some(id) => match site.units.iter().position(|u| &u.id == id) {
                    Some(i) => (i, site.units[i].name.clone()),
                    None => (usize::MAX - 1, id.clone()),
                },
                None => (usize::MAX, super::rows::NOBODY.to_string()),
            };
            by_unit.entry(order).or_insert_with(|| (name, Vec::new())).1.push(c);
        }
        for (name, changes) in by_unit.values() {
            let count = |k: ChangeKind| changes.iter().filter(|c| c.kind == k).count();
            let mut parts = Vec::new();
            for (k, what) in [
                (ChangeKind::TaskUpdated, "task(s) updated"),
                (ChangeKind::TaskAdded, "task(s) reported"),
                (ChangeKind::ValueChanged, "value(s) changed"),
                (ChangeKind::ValueAdded, "value(s) added"),
            ] {
                let n = count(k);
                if n > 0 {
                    parts.push(format!("{n} {what}"));
                }
            }
            let _ = writeln!(out, "  {name}: {}", parts.join(", "));
            for c in changes {
                let _ = writeln!(out, "    {}", c.line);
            }
        }
        for note in &e.notes {
            let _ = writeln!(out, "  note: {note}");
        }
    }
    out.push_str(said);
    if dry_run {
        let _ = writeln!(out, "dry run: nothing was written");
    }
    out
}

/// Writes a file through a temporary file in the same folder and a rename, so that a reader
/// never sees half a file and a failure leaves the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
