//! The rows of a period's reporting form, worked out from the site: one per task a unit leads
//! and per indicator it owns, grouped by unit, each with what the agency needs to answer and
//! the answer already on file. `form` writes them; `import` compares what comes back with them,
//! so that a row edited outside its answer columns is noticed.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::labels::StatusLabels;
use super::prefilled;
use super::read::SheetKind;
use crate::assess::Assessment;
use crate::model::{Indicator, Period, ProgressReport, Site, TargetValue, TaskReport, ValueReport};
use crate::render::format;

/// A cell of the form, as written.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Number(f64),
}

impl Out {
    fn text(s: impl Into<String>) -> Out {
        let s = s.into();
        if s.is_empty() { Out::Empty } else { Out::Text(s) }
    }

    fn opt_text(s: Option<&str>) -> Out {
        s.map_or(Out::Empty, Out::text)
    }

    /// The cell as a spreadsheet shows it: what the same cell reads back as.
    pub fn shown(&self) -> String {
        match self {
            Out::Empty => String::new(),
            Out::Text(t) => t.clone(),
            Out::Number(n) => super::cells::format_number(*n),
        }
    }
}

/// One row of a sheet: the task or indicator it is about, its group and every cell by field.
#[derive(Clone, Debug)]
pub struct Row {
    /// `plan/task` or the indicator id.
    pub key: String,
    /// The unit whose group it is in; `None` for the group of rows nobody is named for.
    pub unit: Option<String>,
    pub cells: BTreeMap<&'static str, Out>,
    /// The values an indicator's figure can take (see [`crate::model::Indicator::scale`]),
    /// which the form's cell accepts; `None` for a task, or an indicator without limits.
    pub scale: Option<crate::model::Scale>,
}

/// Both sheets' rows for one period, grouped by unit in the order of `data/units.toml`.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    pub tasks: Vec<Row>,
    pub values: Vec<Row>,
}

/// The name shown for the group of tasks that name no lead unit and indicators with no owner.
pub const NOBODY: &str = "Chưa xác định đơn vị";

/// Evidence as written in a cell: one document a line, `title | address`; a web address
/// that is its own title alone. (A path of the site keeps the `|`: read back without one, it
/// would be a citation without a link.)
pub fn evidence_text(evidence: &[crate::model::Evidence]) -> String {
    let web = |u: &str| {
        let u = u.to_ascii_lowercase();
        u.starts_with("https://") || u.starts_with("http://")
    };
    evidence
        .iter()
        .map(|e| if e.title == e.url && web(&e.url) { e.url.clone() } else { format!("{} | {}", e.title, e.url) })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The period's rows. `units`: only these units' rows (ids); empty for every unit and the
/// rows of nobody. `previous`: the site assessed as of the period before, for last reports.
pub fn rows(
    site: &Site,
    period: &Period,
    previous: Option<&Assessment>,
    labels: &StatusLabels,
    units: &[String],
) -> Rows {
    let current = site.reports.iter().find(|r| r.period.value == period.id);
    let mut groups: Vec<Option<&str>> = site.units.iter().map(|u| Some(u.id.as_str())).collect();
    groups.push(None);
    let wanted =
        |g: Option<&str>| if units.is_empty() { true } else { g.is_some_and(|g| units.iter().any(|u| u == g)) };
    let mut out = Rows::default();
    for group in groups.into_iter().filter(|g| wanted(*g)) {
        let unit_name =
            group.and_then(|g| site.units.iter().find(|u| u.id == g)).map_or(NOBODY.to_string(), |u| u.name.clone());
        for (p, plan) in site.plans.iter().enumerate() {
            if !plan.in_force_by(period.end) {
                continue;
            }
            for (t, task) in plan.tasks.iter().enumerate() {
                let leads = &task.lead;
                let in_group = match group {
                    Some(g) => leads.iter().any(|l| l.value == g),
                    None => leads.is_empty(),
                };
                if !in_group {
                    continue;
                }
                let key = format!("{}/{}", plan.id, task.id);
                let answer = current.and_then(|r| task_entry(r, &key));
                let last = previous.and_then(|a| a.tasks[p][t].latest.as_ref());
                // A task closed in an earlier period needs no more reports, unless this
                // period's file already holds one (then the form must show it).
                if answer.is_none() && last.is_some_and(|(_, r)| r.status.is_closed()) {
                    continue;
                }
                let section = task.section.as_ref().map(|s| {
                    plan.sections
                        .iter()
                        .find(|x| x.id == s.value)
                        .map_or(s.value.clone(), |x| format!("{}. {}", x.id, x.title))
                });
                let mut cells = BTreeMap::new();
                cells.insert("period", Out::text(&period.id));
                cells.insert("unit", Out::text(&unit_name));
                cells.insert("plan", Out::text(plan.code.as_deref().unwrap_or(&plan.id)));
                cells.insert("section", Out::opt_text(section.as_deref()));
                cells.insert("ref", Out::text(&key));
                cells.insert("title", Out::text(&task.title));
                cells.insert("due", Out::opt_text(task.due_wording()));
                let last = last.map(|(_, r)| r);
                cells.insert("last_status", Out::opt_text(last.map(|r| labels.label(r.status))));
                cells.insert("last_percent", last.and_then(|r| r.percent).map_or(Out::Empty, Out::Number));
                cells.insert("last_note", Out::opt_text(last.and_then(|r| r.note.as_deref())));
                cells.insert("last_evidence", Out::text(last.map(|r| evidence_text(&r.evidence)).unwrap_or_default()));
                cells.insert("status", Out::opt_text(answer.map(|r| labels.label(r.status))));
                cells.insert("percent", answer.and_then(|r| r.percent).map_or(Out::Empty, Out::Number));
                cells.insert("note", Out::opt_text(answer.and_then(|r| r.note.as_deref())));
                cells.insert("evidence", Out::text(answer.map(|r| evidence_text(&r.evidence)).unwrap_or_default()));
                let shown = prefilled::described(SheetKind::Tasks, |f| cells.get(f).map_or(String::new(), Out::shown));
                let record = prefilled::record(SheetKind::Tasks, &key, &prefilled::task_cells(answer), &shown);
                cells.insert(prefilled::FIELD, record);
                out.tasks.push(Row { key, unit: group.map(str::to_string), cells, scale: None });
            }
        }
        for (i, ind) in site.indicators.iter().enumerate() {
            let owner = ind.owner.as_ref().map(|o| o.value.as_str());
            if owner != group {
                continue;
            }
            let answer = current.and_then(|r| value_entry(r, &ind.id, period.end));
            let last = previous.and_then(|a| a.indicators[i].series.last());
            let plans: Vec<&str> = ind
                .plans
                .iter()
                .map(|p| {
                    site.plans.iter().find(|x| x.id == p.value).and_then(|x| x.code.as_deref()).unwrap_or(&p.value)
                })
                .collect();
            let mut cells = BTreeMap::new();
            cells.insert("period", Out::text(&period.id));
            cells.insert("unit", Out::text(&unit_name));
            cells.insert("plan", Out::text(plans.join(", ")));
            cells.insert("indicator", Out::text(&ind.id));
            cells.insert("name", Out::text(&ind.name));
            cells.insert("measure", Out::text(&ind.unit));
            cells.insert("target", Out::text(target_text(ind, period.end)));
            cells.insert("last_value", last.map_or(Out::Empty, |o| Out::Number(o.value())));
            cells.insert("last_as_of", last.map_or(Out::Empty, |o| Out::text(format::date(o.date, "vi"))));
            cells.insert("last_source", Out::opt_text(last.and_then(|o| o.current.source.as_deref())));
            cells.insert("last_note", Out::opt_text(last.and_then(|o| o.current.note.as_deref())));
            cells.insert("value", answer.map_or(Out::Empty, |v| Out::Number(v.value)));
            cells.insert("source", Out::opt_text(answer.and_then(|v| v.source.as_deref())));
            cells.insert("note", Out::opt_text(answer.and_then(|v| v.note.as_deref())));
            let shown = prefilled::described(SheetKind::Values, |f| cells.get(f).map_or(String::new(), Out::shown));
            let record = prefilled::record(SheetKind::Values, &ind.id, &prefilled::value_cells(answer), &shown);
            cells.insert(prefilled::FIELD, record);
            out.values.push(Row { key: ind.id.clone(), unit: group.map(str::to_string), cells, scale: ind.scale() });
        }
    }
    out
}

/// The period's report of a task, if its file holds one.
pub fn task_entry<'a>(report: &'a ProgressReport, key: &str) -> Option<&'a TaskReport> {
    report.tasks.iter().find(|t| t.task.value == key)
}

/// The period's figure of an indicator for `date` (a figure with no `as_of` is for the
/// period's end).
pub fn value_entry<'a>(report: &'a ProgressReport, id: &str, date: NaiveDate) -> Option<&'a ValueReport> {
    report.values.iter().find(|v| v.indicator.value == id && v.as_of.unwrap_or(date) == date)
}

/// The target the site judges the indicator against at the end of the period (see
/// [`crate::assess::status::judged`]), as the documents write it: "≥ 80% (2026)".
pub fn target_text(ind: &Indicator, end: NaiveDate) -> String {
    let Some(t) = crate::assess::status::judged(&ind.targets, end).and_then(|i| ind.targets.get(i)) else {
        return String::new();
    };
    let n = |v: f64| format::with_unit(v, &ind.unit, "vi");
    let figure = match (t.op, t.value) {
        (_, TargetValue::Range(a, b)) => format!("{} – {}", format::number(a, "vi", 4), n(b)),
        (op, TargetValue::Single(v)) => {
            let sign = if op.sign().is_empty() { "=" } else { op.sign() };
            format!("{sign} {}", n(v))
        }
    };
    let when = if t.every_year { format!("mỗi năm từ {}", t.by_written) } else { t.by_written.clone() };
    format!("{figure} ({when})")
}
