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
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::cells::{Place, format_number};
use super::problem::Problem;
use super::published::Published;
use crate::model::{Evidence, Period, Site, TaskStatus};
use crate::render::format;
use crate::text::clean;

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
    pub place: Place,
}

impl TaskAnswer {
    pub fn same_answer(&self, other: &TaskAnswer) -> bool {
        self.status == other.status
            && self.percent == other.percent
            && self.note == other.note
            && self.evidence == other.evidence
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
}

pub struct Merge<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub period: &'a Period,
    pub published: &'a Published,
    pub revise: bool,
}

/// A progress file being edited.
struct Doc {
    period: Period,
    label: String,
    path: PathBuf,
    doc: DocumentMut,
    changes: Vec<Change>,
}

impl Merge<'_> {
    fn open(&self, period: &Period) -> Result<Doc, Box<Problem>> {
        let label = format!("data/progress/{}.toml", period.id);
        let path = self.root.join(&label);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("period = \"{}\"\n", period.id),
            Err(e) => return Err(Box::new(Problem::new(format!("cannot read {label}: {e}")))),
        };
        let doc =
            text.parse::<DocumentMut>().map_err(|e| Box::new(Problem::new(format!("cannot read {label}: {e}"))))?;
        Ok(Doc { period: period.clone(), label, path, doc, changes: Vec::new() })
    }

    /// The period where revisions of figures published for `self.period` go: the site's
    /// current period, when it is later and not itself frozen.
    fn revision_period(&self) -> Result<&Period, String> {
        let current = &self.site.config.current_period.value;
        let index = |id: &str| self.site.periods.iter().position(|p| p.id == id);
        match (index(current), index(&self.period.id)) {
            (Some(c), Some(p)) if c > p && !self.published.frozen.contains(current) => Ok(&self.site.periods[c]),
            _ => Err(format!(
                "a revision is recorded in the current period's report, and the current period `{current}` is {}",
                if self.published.frozen.contains(current) {
                    "frozen too: open the next one with `minhbach new period` and set current_period in site.toml"
                        .to_string()
                } else {
                    format!("not after {}", self.period.id)
                }
            )),
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
                let mut scratch = main.doc.clone();
                if apply_task(&mut scratch, answer).is_some() {
                    problems.push(
                        Problem::new(format!(
                            "the reports of {} were published in archive/{}, and task `{}` would change",
                            self.period.id, self.period.id, answer.key
                        ))
                        .at(answer.place.clone())
                        .help(format!(
                            "a published period's task reports are not changed afterwards; report the task in the current period (`minhbach form {}`)",
                            self.site.config.current_period.value
                        )),
                    );
                }
                continue;
            }
            if let Some((kind, line)) = apply_task(&mut main.doc, answer) {
                main.changes.push(Change { unit, kind, line });
            }
        }
        for answer in values {
            let unit = answer.unit.clone().or_else(|| self.owner(&answer.indicator));
            let published = self.published.figure(&answer.indicator, answer.date);
            let mut scratch = main.doc.clone();
            let would_change = apply_value(&mut scratch, answer, main.period.end).is_some();
            if !would_change {
                continue;
            }
            let differs_from_published = published.is_some_and(|(v, _)| *v != answer.value);
            if !frozen && !differs_from_published {
                if let Some((kind, line)) = apply_value(&mut main.doc, answer, main.period.end) {
                    main.changes.push(Change { unit, kind, line });
                }
                continue;
            }
            // The answer changes a published period's file or a published figure.
            let (was, snapshot) = match published {
                Some((v, p)) => (format!("{} as published", format_number(*v)), p.clone()),
                None => ("no figure".to_string(), self.period.id.clone()),
            };
            if !self.revise {
                problems.push(
                    Problem::new(format!(
                        "`{}` for {} was published in archive/{snapshot} ({was}); this row says {}",
                        answer.indicator,
                        format::date(answer.date, "vi"),
                        format_number(answer.value)
                    ))
                    .at(answer.value_place.clone())
                    .field("value")
                    .help("a published figure is changed only on purpose: run again with --revise to record it as a revision (the site then shows what was published and what it is now)"),
                );
                continue;
            }
            if !frozen {
                // A revision in this period's own file (as_of before the period).
                if let Some((kind, line)) = apply_value(&mut main.doc, answer, main.period.end) {
                    main.changes.push(Change { unit, kind, line: format!("{line} (revision of {was})") });
                }
                continue;
            }
            let target = match self.revision_period() {
                Ok(p) => p.clone(),
                Err(e) => {
                    problems.push(Problem::new(e).at(answer.value_place.clone()).field("value"));
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
            let Some(rev) = revisions.as_mut() else { continue };
            // What the row repeats from the published entry (its source, its note) is not
            // part of the revision: the revision keeps its own unless the row changed them.
            let mut answer = answer.clone();
            if let Some(entry) = find_value(&main.doc, &answer.indicator, answer.date, main.period.end) {
                if answer.source.as_ref() == Some(&string(entry.get("source"))) {
                    answer.source = None;
                }
                if answer.note.as_ref() == Some(&string(entry.get("note"))) {
                    answer.note = None;
                }
            }
            if let Some((kind, line)) = apply_value(&mut rev.doc, &answer, rev.period.end) {
                rev.changes.push(Change { unit, kind, line: format!("{line} (revision of {was})") });
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut out = Vec::new();
        for (doc, is_revision) in std::iter::once((main, false)).chain(revisions.map(|r| (r, true))) {
            let text = doc.doc.to_string();
            // The edit must leave a file the site can read; it always should.
            if let Err(e) = text.parse::<DocumentMut>() {
                return Err(vec![Problem::new(format!("the merged {} would not be valid TOML: {e}", doc.label))]);
            }
            out.push(FileEdit { path: doc.path, label: doc.label, text, changes: doc.changes, revisions: is_revision });
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

/// The array of tables `name` of the document, created when missing.
fn array<'d>(doc: &'d mut DocumentMut, name: &str) -> Option<&'d mut ArrayOfTables> {
    if doc.get(name).is_none() {
        doc.insert(name, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    doc.get_mut(name)?.as_array_of_tables_mut()
}

fn number(item: Option<&Item>) -> Option<f64> {
    let v = item?.as_value()?;
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

fn string(item: Option<&Item>) -> Option<String> {
    item?.as_str().map(clean).filter(|s| !s.is_empty())
}

fn number_value(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 { Value::from(v as i64) } else { Value::from(v) }
}

fn date_of(item: Option<&Item>) -> Option<NaiveDate> {
    let v = item?.as_value()?;
    if let Some(dt) = v.as_datetime() {
        let d = dt.date?;
        return NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into());
    }
    v.as_str().and_then(super::numbers::parse_date)
}

fn evidence_of(item: Option<&Item>) -> Vec<Evidence> {
    let pair = |title: Option<&str>, url: Option<&str>| Some(Evidence { title: clean(title?), url: clean(url?) });
    match item {
        Some(Item::ArrayOfTables(a)) => {
            a.iter().filter_map(|t| pair(t.get("title")?.as_str(), t.get("url")?.as_str())).collect()
        }
        Some(Item::Value(Value::Array(a))) => a
            .iter()
            .filter_map(|v| {
                let t = v.as_inline_table()?;
                pair(t.get("title")?.as_str(), t.get("url")?.as_str())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn evidence_value(evidence: &[Evidence]) -> Value {
    let mut array = Array::new();
    for e in evidence {
        let mut t = InlineTable::new();
        t.insert("title", Value::from(e.title.as_str()));
        t.insert("url", Value::from(e.url.as_str()));
        array.push(Value::InlineTable(t));
    }
    Value::Array(array)
}

fn status_text(status: TaskStatus, percent: Option<f64>) -> String {
    match percent {
        Some(p) => format!("{} {}%", status.as_str(), format_number(p)),
        None => status.as_str().to_string(),
    }
}

/// Sets or removes `key` so that it holds `want`; whether anything changed.
fn set_field<T: PartialEq>(
    table: &mut Table,
    key: &str,
    want: Option<T>,
    have: Option<T>,
    to_value: impl Fn(T) -> Value,
) -> bool {
    if want == have {
        return false;
    }
    match want {
        Some(v) => {
            match table.get_mut(key).and_then(Item::as_value_mut) {
                // Keep the comment written after the old value.
                Some(old) => {
                    let decor = old.decor().clone();
                    *old = to_value(v);
                    *old.decor_mut() = decor;
                }
                None => {
                    table.insert(key, Item::Value(to_value(v)));
                }
            }
        }
        None => {
            table.remove(key);
        }
    }
    true
}

/// Applies a task's answer; what changed, if anything.
fn apply_task(doc: &mut DocumentMut, a: &TaskAnswer) -> Option<(ChangeKind, String)> {
    let tasks = array(doc, "task")?;
    let existing = tasks.iter_mut().find(|t| t.get("ref").and_then(Item::as_str).map(clean).as_deref() == Some(&a.key));
    match existing {
        Some(t) => {
            let old_status = t.get("status").and_then(Item::as_str).and_then(TaskStatus::parse);
            let old_percent = number(t.get("percent"));
            let mut changed = Vec::new();
            if set_field(t, "status", Some(a.status), old_status, |s| Value::from(s.as_str())) {
                changed.push("status");
            }
            if let Some(p) = a.percent
                && set_field(t, "percent", p, old_percent, number_value)
            {
                changed.push("percent");
            }
            if let Some(n) = &a.note
                && set_field(t, "note", n.clone(), string(t.get("note")), Value::from)
            {
                changed.push("note");
            }
            if let Some(e) = &a.evidence {
                let have = evidence_of(t.get("evidence"));
                let want = (!e.is_empty()).then(|| e.clone());
                let have = (!have.is_empty()).then_some(have);
                if set_field(t, "evidence", want, have, |e| evidence_value(&e)) {
                    changed.push("evidence");
                }
            }
            if changed.is_empty() {
                return None;
            }
            let old = old_status.map_or("?".to_string(), |s| status_text(s, old_percent));
            let new = status_text(a.status, number(t.get("percent")));
            let what =
                if old == new { format!("{new}; {} changed", changed.join(", ")) } else { format!("{old} → {new}") };
            Some((ChangeKind::TaskUpdated, format!("task {}: {what}", a.key)))
        }
        None => {
            let mut t = Table::new();
            t.insert("ref", Item::Value(Value::from(a.key.as_str())));
            t.insert("status", Item::Value(Value::from(a.status.as_str())));
            if let Some(Some(p)) = a.percent {
                t.insert("percent", Item::Value(number_value(p)));
            }
            if let Some(Some(n)) = &a.note {
                t.insert("note", Item::Value(Value::from(n.as_str())));
            }
            if let Some(e) = a.evidence.as_ref().filter(|e| !e.is_empty()) {
                t.insert("evidence", Item::Value(evidence_value(e)));
            }
            tasks.push(t);
            let p = a.percent.flatten();
            Some((ChangeKind::TaskAdded, format!("task {}: {} (new)", a.key, status_text(a.status, p))))
        }
    }
}

/// The entry of a file (of the period ending `end`) for an indicator's figure on `date`.
fn find_value<'d>(doc: &'d DocumentMut, indicator: &str, date: NaiveDate, end: NaiveDate) -> Option<&'d Table> {
    doc.get("value")?.as_array_of_tables()?.iter().find(|t| {
        t.get("indicator").and_then(Item::as_str).map(clean).as_deref() == Some(indicator)
            && date_of(t.get("as_of")).unwrap_or(end) == date
    })
}

/// Applies a figure to a file of the period ending `end`; what changed, if anything.
fn apply_value(doc: &mut DocumentMut, a: &ValueAnswer, end: NaiveDate) -> Option<(ChangeKind, String)> {
    let values = array(doc, "value")?;
    let existing = values.iter_mut().find(|t| {
        t.get("indicator").and_then(Item::as_str).map(clean).as_deref() == Some(&a.indicator)
            && date_of(t.get("as_of")).unwrap_or(end) == a.date
    });
    let when = if a.date == end { String::new() } else { format!(" as of {}", a.date) };
    match existing {
        Some(t) => {
            let old = number(t.get("value"));
            let mut changed = Vec::new();
            if set_field(t, "value", Some(a.value), old, number_value) {
                changed.push("value");
            }
            for (field, want) in [("source", &a.source), ("note", &a.note)] {
                if let Some(want) = want {
                    let have = string(t.get(field));
                    let verb = if want.is_none() {
                        "removed"
                    } else if have.is_none() {
                        "added"
                    } else {
                        "changed"
                    };
                    if set_field(t, field, want.clone(), have, Value::from) {
                        changed.push(match (field, verb) {
                            ("source", "removed") => "source removed",
                            ("source", "added") => "source added",
                            ("source", _) => "source changed",
                            (_, "removed") => "note removed",
                            (_, "added") => "note added",
                            _ => "note changed",
                        });
                    }
                }
            }
            if changed.is_empty() {
                return None;
            }
            let old = old.map_or("?".to_string(), format_number);
            let new = format_number(a.value);
            let others: Vec<&str> = changed.iter().copied().filter(|c| *c != "value").collect();
            let mut line = if changed.contains(&"value") {
                format!("value {}{when}: {old} → {new}", a.indicator)
            } else {
                format!("value {}{when}: {new}", a.indicator)
            };
            if !others.is_empty() {
                line.push_str(&format!("; {}", others.join(", ")));
            }
            Some((ChangeKind::ValueChanged, line))
        }
        None => {
            let mut t = Table::new();
            t.insert("indicator", Item::Value(Value::from(a.indicator.as_str())));
            t.insert("value", Item::Value(number_value(a.value)));
            if a.date != end {
                let d = toml_edit::Date {
                    year: chrono::Datelike::year(&a.date) as u16,
                    month: chrono::Datelike::month(&a.date) as u8,
                    day: chrono::Datelike::day(&a.date) as u8,
                };
                let dt = toml_edit::Datetime { date: Some(d), time: None, offset: None };
                t.insert("as_of", Item::Value(Value::from(dt)));
            }
            if let Some(Some(s)) = &a.source {
                t.insert("source", Item::Value(Value::from(s.as_str())));
            }
            if let Some(Some(n)) = &a.note {
                t.insert("note", Item::Value(Value::from(n.as_str())));
            }
            values.push(t);
            Some((ChangeKind::ValueAdded, format!("value {}{when}: {} (new)", a.indicator, format_number(a.value))))
        }
    }
}

/// What the edits change, by file and by unit.
pub fn report(site: &Site, edits: &[FileEdit], dry_run: bool) -> String {
    let mut out = String::new();
    let total: usize = edits.iter().map(|e| e.changes.len()).sum();
    if total == 0 {
        let files: Vec<&str> = edits.iter().map(|e| e.label.as_str()).collect();
        let _ = writeln!(out, "nothing to change: every answer is already in {}", files.join(" and "));
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
    }
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
