//! The entries of a progress file as it is written, edited in place with toml_edit: an
//! answer changes only the fields that differ, keeping the comments and the spelling of the
//! rest. A progress file may list its entries as `[[value]]` blocks, as an inline array
//! (`value = [ { … }, … ]`, `value = []`) or as one table (`[value]`); all are read, and a new
//! entry is added in the file's own way, so that no answer is lost to the layout.

use chrono::NaiveDate;
use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::cells::format_number;
use super::merge::{ChangeKind, TaskAnswer, ValueAnswer};
use crate::model::{Evidence, TaskStatus};
use crate::text::clean;

/// A progress file's document and the entries to add to it as new blocks of text (see
/// [`super::place`]), which finds their place among the file's comments.
#[derive(Clone)]
pub struct Entries {
    pub doc: DocumentMut,
    /// The period's end: a figure without `as_of` is for that day.
    pub end: NaiveDate,
    /// New `[[value]]` blocks: (indicator, written without `as_of`, the block).
    pub new_values: Vec<(String, bool, Table)>,
    /// New `[[task]]` blocks: (ref, the block).
    pub new_tasks: Vec<(String, Table)>,
    /// Root keys holding an empty inline array (`value = []`) that new blocks replace.
    pub dropped: Vec<&'static str>,
    /// How the file's layout was changed to take new entries, said in the summary.
    pub notes: Vec<String>,
}

/// The shape of a file's `value` or `task` key.
enum Shape {
    Missing,
    Blocks,
    /// `value = [ {…}, … ]` with at least one entry.
    Inline,
    EmptyInline,
    /// `[value]` or `value = { … }`: one entry.
    Single,
}

impl Entries {
    pub fn new(doc: DocumentMut, end: NaiveDate) -> Self {
        Entries { doc, end, new_values: Vec::new(), new_tasks: Vec::new(), dropped: Vec::new(), notes: Vec::new() }
    }

    fn shape(&self, name: &str) -> Shape {
        match self.doc.get(name) {
            None => Shape::Missing,
            Some(Item::ArrayOfTables(_)) => Shape::Blocks,
            Some(Item::Value(Value::Array(a))) if a.is_empty() => Shape::EmptyInline,
            Some(Item::Value(Value::Array(_))) => Shape::Inline,
            Some(_) => Shape::Single,
        }
    }

    /// Every entry of `name`, whatever its layout; a table-like view of each.
    fn entries_mut(&mut self, name: &str) -> Vec<&mut dyn TableLike> {
        match self.doc.get_mut(name) {
            Some(Item::ArrayOfTables(a)) => a.iter_mut().map(|t| t as &mut dyn TableLike).collect(),
            Some(Item::Value(Value::Array(a))) => {
                a.iter_mut().filter_map(|v| v.as_inline_table_mut()).map(|t| t as &mut dyn TableLike).collect()
            }
            Some(Item::Table(t)) => vec![t as &mut dyn TableLike],
            Some(Item::Value(Value::InlineTable(t))) => vec![t as &mut dyn TableLike],
            _ => Vec::new(),
        }
    }

    /// Every entry of `name`, read only.
    pub fn entries(&self, name: &str) -> Vec<&dyn TableLike> {
        match self.doc.get(name) {
            Some(Item::ArrayOfTables(a)) => a.iter().map(|t| t as &dyn TableLike).collect(),
            Some(Item::Value(Value::Array(a))) => {
                a.iter().filter_map(|v| v.as_inline_table()).map(|t| t as &dyn TableLike).collect()
            }
            Some(Item::Table(t)) => vec![t as &dyn TableLike],
            Some(Item::Value(Value::InlineTable(t))) => vec![t as &dyn TableLike],
            _ => Vec::new(),
        }
    }

    /// The entry for an indicator's figure on `date`.
    pub fn find_value(&self, indicator: &str, date: NaiveDate) -> Option<&dyn TableLike> {
        let end = self.end;
        self.entries("value").into_iter().find(|t| is_value(*t, indicator, date, end))
    }

    /// Whether a new block for this figure is waiting to be added.
    fn new_value(&self, indicator: &str, date: NaiveDate) -> bool {
        self.new_values.iter().any(|(id, _, t)| id == indicator && date_of(t.get("as_of")).unwrap_or(self.end) == date)
    }

    /// Adds a new entry the way the file lists the others.
    fn add(&mut self, name: &'static str, key: &str, plain: bool, table: Table) {
        match self.shape(name) {
            Shape::Missing | Shape::Blocks => self.push_new(name, key, plain, table),
            Shape::EmptyInline => {
                if !self.dropped.contains(&name) {
                    self.dropped.push(name);
                    self.notes.push(format!("the empty `{name} = []` is replaced by [[{name}]] blocks"));
                }
                self.push_new(name, key, plain, table);
            }
            Shape::Inline => {
                if let Some(Item::Value(Value::Array(a))) = self.doc.get_mut(name) {
                    push_inline(a, table);
                }
            }
            Shape::Single => {
                let Some(item) = self.doc.remove(name) else { return };
                match item {
                    Item::Table(t) => {
                        // `[value]` becomes `[[value]]`: the same entry, now one of several.
                        let mut blocks = ArrayOfTables::new();
                        blocks.push(t);
                        self.doc.insert(name, Item::ArrayOfTables(blocks));
                        self.notes.push(format!("its single [{name}] table is now a [[{name}]] block"));
                        self.push_new(name, key, plain, table);
                    }
                    Item::Value(Value::InlineTable(mut t)) => {
                        t.decor_mut().clear();
                        let mut a = Array::new();
                        a.push(Value::InlineTable(t));
                        push_inline(&mut a, table);
                        self.doc.insert(name, Item::Value(Value::Array(a)));
                        self.notes.push(format!("its `{name} = {{ … }}` is now a list `{name} = [{{ … }}, …]`"));
                    }
                    other => {
                        self.doc.insert(name, other);
                    }
                }
            }
        }
    }

    fn push_new(&mut self, name: &str, key: &str, plain: bool, table: Table) {
        if name == "value" {
            self.new_values.push((key.to_string(), plain, table));
        } else {
            self.new_tasks.push((key.to_string(), table));
        }
    }
}

/// Adds an entry to an inline array, laid out like its last entry (on a line of its own when
/// the others are).
fn push_inline(a: &mut Array, table: Table) {
    let mut inline = table.into_inline_table();
    inline.fmt();
    let prefix = match a.iter().last().map(|v| v.decor().prefix().and_then(|p| p.as_str()).unwrap_or("")) {
        Some(p) => p.rfind('\n').map_or(" ".to_string(), |i| p[i..].to_string()),
        None => String::new(),
    };
    let mut value = Value::InlineTable(inline);
    value.decor_mut().set_prefix(prefix);
    // The space before `]` of `[ { … } ]` moves after the new last entry.
    if let Some(last) = a.iter_mut().last() {
        let suffix = last.decor().suffix().and_then(|s| s.as_str()).unwrap_or("").to_string();
        if !suffix.is_empty() && suffix.trim().is_empty() {
            last.decor_mut().set_suffix("");
            value.decor_mut().set_suffix(suffix);
        }
    }
    a.push_formatted(value);
}

fn is_value(t: &dyn TableLike, indicator: &str, date: NaiveDate, end: NaiveDate) -> bool {
    t.get("indicator").and_then(Item::as_str).map(clean).as_deref() == Some(indicator)
        && date_of(t.get("as_of")).unwrap_or(end) == date
}

/// A figure of the file at the 15 significant digits a spreadsheet keeps, as answers are read
/// (see [`super::cells::as_shown`]): one written with more is the same figure as the form gives
/// back, and stays as written.
fn number(item: Option<&Item>) -> Option<f64> {
    let v = item?.as_value()?;
    v.as_float().map(super::cells::as_shown).or_else(|| v.as_integer().map(|i| i as f64))
}

pub fn string(item: Option<&Item>) -> Option<String> {
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
    table: &mut dyn TableLike,
    key: &str,
    want: Option<T>,
    have: Option<T>,
    to_value: impl Fn(T) -> Value,
) -> bool {
    if want == have {
        return false;
    }
    match want {
        Some(v) => match table.get_mut(key).and_then(Item::as_value_mut) {
            // Keep the comment written after the old value.
            Some(old) => {
                let decor = old.decor().clone();
                *old = to_value(v);
                *old.decor_mut() = decor;
            }
            None => {
                table.insert(key, Item::Value(to_value(v)));
            }
        },
        None => {
            table.remove(key);
        }
    }
    true
}

/// How a text field changed, for the summary: `note added`, `source removed`…
fn verb(field: &str, had: bool, has: bool) -> String {
    let how = match (had, has) {
        (false, _) => "added",
        (true, false) => "removed",
        (true, true) => "changed",
    };
    format!("{field} {how}")
}

/// An agency's answer is an official figure or report: an entry it changes is no longer
/// marked `sample` (illustrative), and the summary says so.
fn unmark_sample(t: &mut dyn TableLike, changed: &mut Vec<String>) {
    if t.get("sample").and_then(Item::as_bool) == Some(true) {
        t.remove("sample");
        changed.push("no longer marked sample".into());
    }
}

/// The fields of its task's report that an answer would change, in the form's order: every
/// field it gives when the file has no report of the task. Empty when [`apply_task`] would
/// change nothing.
pub fn task_fields_changed(doc: &Entries, a: &TaskAnswer) -> Vec<&'static str> {
    let existing = doc
        .entries("task")
        .into_iter()
        .find(|t| t.get("ref").and_then(Item::as_str).map(clean).as_deref() == Some(a.key.as_str()));
    let Some(t) = existing else {
        if doc.new_tasks.iter().any(|(key, _)| key == &a.key) {
            return Vec::new();
        }
        let mut out = vec!["status"];
        out.extend(a.percent.flatten().map(|_| "percent"));
        out.extend(a.note.as_ref().and_then(Option::as_ref).map(|_| "note"));
        out.extend(a.evidence.as_ref().filter(|e| !e.is_empty()).map(|_| "evidence"));
        return out;
    };
    let mut out = Vec::new();
    if t.get("status").and_then(Item::as_str).and_then(TaskStatus::parse) != Some(a.status) {
        out.push("status");
    }
    if a.percent.is_some_and(|p| p.map(super::cells::as_shown) != number(t.get("percent"))) {
        out.push("percent");
    }
    if a.note.as_ref().is_some_and(|n| *n != string(t.get("note"))) {
        out.push("note");
    }
    if let Some(e) = &a.evidence
        && *e != evidence_of(t.get("evidence"))
    {
        out.push("evidence");
    }
    out
}

/// The fields of its entry that a figure would change (`value`, `source`, `note`): every one
/// it gives when the file has no figure of the indicator for that day.
pub fn value_fields_changed(doc: &Entries, a: &ValueAnswer) -> Vec<&'static str> {
    let Some(t) = doc.find_value(&a.indicator, a.date) else {
        let mut out = vec!["value"];
        out.extend(a.source.as_ref().and_then(Option::as_ref).map(|_| "source"));
        out.extend(a.note.as_ref().and_then(Option::as_ref).map(|_| "note"));
        return out;
    };
    let mut out = Vec::new();
    if number(t.get("value")) != Some(super::cells::as_shown(a.value)) {
        out.push("value");
    }
    for (field, want) in [("source", &a.source), ("note", &a.note)] {
        if want.as_ref().is_some_and(|w| *w != string(t.get(field))) {
            out.push(field);
        }
    }
    out
}

/// Applies a task's answer; what changed, if anything.
pub fn apply_task(doc: &mut Entries, a: &TaskAnswer) -> Option<(ChangeKind, String)> {
    let mut entries = doc.entries_mut("task");
    let existing =
        entries.iter_mut().find(|t| t.get("ref").and_then(Item::as_str).map(clean).as_deref() == Some(a.key.as_str()));
    if let Some(t) = existing {
        let t: &mut dyn TableLike = &mut **t;
        let old_status = t.get("status").and_then(Item::as_str).and_then(TaskStatus::parse);
        let old_percent = number(t.get("percent"));
        let mut progress = false;
        let mut others: Vec<String> = Vec::new();
        if set_field(t, "status", Some(a.status), old_status, |s| Value::from(s.as_str())) {
            progress = true;
        }
        if let Some(p) = a.percent
            && set_field(t, "percent", p.map(super::cells::as_shown), old_percent, number_value)
        {
            progress = true;
        }
        if let Some(n) = &a.note {
            let had = string(t.get("note"));
            if set_field(t, "note", n.clone(), had.clone(), Value::from) {
                others.push(verb("note", had.is_some(), n.is_some()));
            }
        }
        if let Some(e) = &a.evidence {
            let have = evidence_of(t.get("evidence"));
            let want = (!e.is_empty()).then(|| e.clone());
            let have = (!have.is_empty()).then_some(have);
            let had = have.is_some();
            if set_field(t, "evidence", want, have, |e| evidence_value(&e)) {
                others.push(verb("evidence", had, !e.is_empty()));
            }
        }
        if !progress && others.is_empty() {
            return None;
        }
        unmark_sample(t, &mut others);
        let old = old_status.map_or("?".to_string(), |s| status_text(s, old_percent));
        let new = status_text(a.status, number(t.get("percent")));
        let mut line =
            if progress { format!("task {}: {old} → {new}", a.key) } else { format!("task {}: {new}", a.key) };
        if !others.is_empty() {
            line.push_str(&format!("; {}", others.join(", ")));
        }
        return Some((ChangeKind::TaskUpdated, line));
    }
    drop(entries);
    if doc.new_tasks.iter().any(|(key, _)| key == &a.key) {
        return None;
    }
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
    doc.add("task", &a.key, true, t);
    let p = a.percent.flatten();
    Some((ChangeKind::TaskAdded, format!("task {}: {} (new)", a.key, status_text(a.status, p))))
}

/// Applies a figure; what changed, if anything.
pub fn apply_value(doc: &mut Entries, a: &ValueAnswer) -> Option<(ChangeKind, String)> {
    let end = doc.end;
    let when = if a.date == end { String::new() } else { format!(" as of {}", a.date) };
    let mut entries = doc.entries_mut("value");
    if let Some(t) = entries.iter_mut().find(|t| is_value(&***t, &a.indicator, a.date, end)) {
        let t: &mut dyn TableLike = &mut **t;
        let old = number(t.get("value"));
        let changed_value = set_field(t, "value", Some(super::cells::as_shown(a.value)), old, number_value);
        let mut others = Vec::new();
        for (field, want) in [("source", &a.source), ("note", &a.note)] {
            if let Some(want) = want {
                let have = string(t.get(field));
                if set_field(t, field, want.clone(), have.clone(), Value::from) {
                    others.push(verb(field, have.is_some(), want.is_some()));
                }
            }
        }
        if !changed_value && others.is_empty() {
            return None;
        }
        unmark_sample(t, &mut others);
        let old = old.map_or("?".to_string(), format_number);
        let new = format_number(a.value);
        let mut line = if changed_value {
            format!("value {}{when}: {old} → {new}", a.indicator)
        } else {
            format!("value {}{when}: {new}", a.indicator)
        };
        if !others.is_empty() {
            line.push_str(&format!("; {}", others.join(", ")));
        }
        return Some((ChangeKind::ValueChanged, line));
    }
    drop(entries);
    if doc.new_value(&a.indicator, a.date) {
        return None;
    }
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
    doc.add("value", &a.indicator, a.date == end, t);
    Some((ChangeKind::ValueAdded, format!("value {}{when}: {} (new)", a.indicator, format_number(a.value))))
}
