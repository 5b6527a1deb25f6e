use chrono::NaiveDate;

use super::Located;
use crate::diagnostic::{FileId, Span};

/// What was reported for one period (`data/progress/<period>.toml`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ProgressReport {
    pub period: Located<String>,
    /// The day the report was received.
    pub reported: Option<NaiveDate>,
    pub values: Vec<ValueReport>,
    pub tasks: Vec<TaskReport>,
    #[serde(skip)]
    pub file: FileId,
}

/// One indicator value.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ValueReport {
    pub indicator: Located<String>,
    pub value: f64,
    /// The date the value describes; defaults to the period's end.
    pub as_of: Option<NaiveDate>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// Illustrative, not an official figure: always badged.
    pub sample: bool,
    #[serde(skip)]
    pub span: Span,
    /// Where `as_of` is written, for messages about the date.
    #[serde(skip)]
    pub as_of_span: Option<Span>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    NotStarted,
    InProgress,
    Done,
    Blocked,
    Cancelled,
}

impl TaskStatus {
    pub const ACCEPTED: &'static [&'static str] = &["not_started", "in_progress", "done", "blocked", "cancelled"];

    pub fn parse(s: &str) -> Option<TaskStatus> {
        Some(match s {
            "not_started" => TaskStatus::NotStarted,
            "in_progress" => TaskStatus::InProgress,
            "done" => TaskStatus::Done,
            "blocked" => TaskStatus::Blocked,
            "cancelled" => TaskStatus::Cancelled,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Self::ACCEPTED[self as usize]
    }

    /// The one percent a status allows, when `percent` is not it: a task done is done in full,
    /// one not started has none of it done. Both published, a reader would have to guess.
    pub fn contradicted_by(self, percent: f64) -> Option<f64> {
        match self {
            TaskStatus::Done if percent < 100.0 => Some(100.0),
            TaskStatus::NotStarted if percent > 0.0 => Some(0.0),
            _ => None,
        }
    }

    /// Done and cancelled tasks need no more reports and can no longer be late.
    pub fn is_closed(self) -> bool {
        matches!(self, TaskStatus::Done | TaskStatus::Cancelled)
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Evidence {
    pub title: String,
    pub url: String,
}

/// One task's status in a period.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TaskReport {
    /// `<plan id>/<task id>`.
    pub task: Located<String>,
    pub status: TaskStatus,
    pub percent: Option<f64>,
    /// Where the percent is written, for a message about it.
    #[serde(skip)]
    pub percent_span: Option<Span>,
    pub note: Option<String>,
    pub evidence: Vec<Evidence>,
    pub disbursed_vnd: Option<f64>,
    pub sample: bool,
    #[serde(skip)]
    pub span: Span,
}
