//! Counts per plan, section, unit and period, as the home, plan and unit pages show them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::status::Status;
use super::task::Flags;
use crate::model::TaskStatus;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TaskCounts {
    pub total: usize,
    pub not_started: usize,
    pub in_progress: usize,
    pub done: usize,
    pub blocked: usize,
    pub cancelled: usize,
    /// Never reported on.
    pub unreported: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub not_updated: usize,
    /// Tasks whose status comes from an illustrative (sample) report.
    pub illustrative: usize,
}

impl TaskCounts {
    pub fn add(&mut self, status: Option<TaskStatus>, flags: Flags, illustrative: bool) {
        self.total += 1;
        self.illustrative += usize::from(illustrative);
        match status {
            None => self.unreported += 1,
            Some(TaskStatus::NotStarted) => self.not_started += 1,
            Some(TaskStatus::InProgress) => self.in_progress += 1,
            Some(TaskStatus::Done) => self.done += 1,
            Some(TaskStatus::Blocked) => self.blocked += 1,
            Some(TaskStatus::Cancelled) => self.cancelled += 1,
        }
        self.overdue += usize::from(flags.overdue);
        self.due_soon += usize::from(flags.due_soon);
        self.not_updated += usize::from(flags.not_updated);
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IndicatorCounts {
    pub total: usize,
    /// Every status name, with zero for those not present, so the shape never changes.
    pub by_status: BTreeMap<&'static str, usize>,
    /// Indicators whose status rests on an illustrative (sample) value.
    pub illustrative: usize,
}

impl IndicatorCounts {
    pub fn add(&mut self, status: Status, illustrative: bool) {
        self.illustrative += usize::from(illustrative);
        if self.by_status.is_empty() {
            self.by_status = Status::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        }
        self.total += 1;
        *self.by_status.entry(status.as_str()).or_default() += 1;
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tasks: TaskCounts,
    pub indicators: IndicatorCounts,
}

/// A unit's share: what it leads, what it supports, which indicators it owns.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct UnitCounts {
    pub lead: TaskCounts,
    pub support: TaskCounts,
    pub indicators: IndicatorCounts,
}

/// What was reported in one period, and what was not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PeriodCounts {
    pub period: String,
    /// Whether a progress file exists for the period.
    pub report_filed: bool,
    pub reported: Option<chrono::NaiveDate>,
    pub values: usize,
    pub revisions: usize,
    pub task_reports: usize,
    /// Tasks still open at the start of the period, all of which are expected to report.
    pub tasks_expected: usize,
    /// Expected tasks with no report in the period.
    pub tasks_missing: usize,
    /// Tasks first reported done in this period.
    pub tasks_completed: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rollups {
    pub site: Counts,
    pub plans: BTreeMap<String, Counts>,
    /// Keyed by `<plan id>/<section id>`.
    pub sections: BTreeMap<String, TaskCounts>,
    pub units: BTreeMap<String, UnitCounts>,
    pub periods: Vec<PeriodCounts>,
}
