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
}

#[derive(Clone, Debug, PartialEq)]
pub struct Revision {
    pub indicator: String,
    pub date: String,
    /// The snapshot that published the earlier figure, and that figure.
    pub archived_period: String,
    pub archived: f64,
    /// The figure now, and the period whose report changed it.
    pub current: f64,
    pub current_period: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodChanges {
    pub statuses: Vec<StatusChange>,
    /// `<plan>/<task>` first reported done in the period.
    pub completed: Vec<String>,
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
                    });
                }
            }
        }
        if let Some(report) = site.reports.iter().find(|r| r.period.value == a.as_of.period) {
            for t in &report.tasks {
                if t.status == TaskStatus::Done && done.insert(t.task.value.clone()) {
                    changes.completed.push(t.task.value.clone());
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
                    out.entry(o.current.period.clone()).or_default().revisions.push(Revision {
                        indicator: ind.id.clone(),
                        date: date.clone(),
                        archived_period: period.clone(),
                        archived,
                        current: o.value(),
                        current_period: o.current.period.clone(),
                    });
                }
            }
        }
    }
    out
}
