//! "What changed" in each period: statuses that moved, tasks completed, and revisions, that is
//! figures that now differ from what an archived snapshot published.

use std::collections::{BTreeMap, BTreeSet};

use crate::assess::Assessment;
use crate::assess::status::Status;
use crate::model::{Site, TaskStatus};

#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    pub indicator: String,
    pub from: Status,
    pub to: Status,
    /// Each status rests on an illustrative (sample) value: the change shows it, as every
    /// other place a status is shown does.
    pub from_illustrative: bool,
    pub to_illustrative: bool,
}

/// A task first reported done in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct Completed {
    /// `<plan>/<task>`.
    pub task: String,
    /// The report that said so is illustrative (sample).
    pub sample: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub indicator: String,
    pub date: String,
    /// The snapshot that published the earlier figure, and that figure.
    pub archived_period: String,
    pub archived: f64,
    /// The archived figure was an illustrative (sample) one, as far as the record of earlier
    /// reports tells.
    pub archived_sample: bool,
    /// The figure now, and the period whose report changed it.
    pub current: f64,
    pub current_period: String,
    /// The figure now is an illustrative (sample) one.
    pub current_sample: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodChanges {
    pub statuses: Vec<StatusChange>,
    /// Tasks first reported done in the period.
    pub completed: Vec<Completed>,
    pub revisions: Vec<Revision>,
}

/// Changes per period, keyed by period id, from the assessment as of each period (in order)
/// and the values each archived snapshot published.
pub fn per_period(
    site: &Site,
    history: &[&Assessment],
    published: &[(String, crate::archive::Published)],
) -> BTreeMap<String, PeriodChanges> {
    let mut out: BTreeMap<String, PeriodChanges> = BTreeMap::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    for (i, a) in history.iter().enumerate() {
        let changes = out.entry(a.as_of.period.clone()).or_default();
        if i > 0 {
            for ((ind, now), before) in site.indicators.iter().zip(&a.indicators).zip(&history[i - 1].indicators) {
                if now.status != before.status {
                    changes.statuses.push(StatusChange {
                        indicator: ind.id.clone(),
                        from: before.status,
                        to: now.status,
                        from_illustrative: before.status_illustrative,
                        to_illustrative: now.status_illustrative,
                    });
                }
            }
        }
        if let Some(report) = site.reports.iter().find(|r| r.period.value == a.as_of.period) {
            for t in &report.tasks {
                if t.status == TaskStatus::Done && done.insert(t.task.value.clone()) {
                    changes.completed.push(Completed { task: t.task.value.clone(), sample: t.sample });
                }
            }
        }
    }
    let Some(latest) = history.last() else { return out };
    for (ind, a) in site.indicators.iter().zip(&latest.indicators) {
        for o in &a.series {
            let date = o.date.to_string();
            for (period, values) in published {
                let Some(&archived) = values.get(&(ind.id.clone(), date.clone())) else { continue };
                if archived != o.value() {
                    // The report that first gave the archived figure: the latest earlier one
                    // with that value (archives record figures, not whether they were samples).
                    let archived_sample =
                        o.earlier.iter().rev().find(|e| e.value == archived).is_some_and(|e| e.sample);
                    out.entry(o.current.period.clone()).or_default().revisions.push(Revision {
                        indicator: ind.id.clone(),
                        date: date.clone(),
                        archived_period: period.clone(),
                        archived,
                        archived_sample,
                        current: o.value(),
                        current_period: o.current.period.clone(),
                        current_sample: o.current.sample,
                    });
                }
            }
        }
    }
    out
}
