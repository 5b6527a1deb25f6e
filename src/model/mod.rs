//! The site as plain data: what the loader reads and every later stage works on.
//!
//! References between records (a task's units, an indicator's plans, ...) are kept as written
//! with their source span until the resolve stage replaces them by canonical ids.

mod deadline;
mod indicator;
mod page;
mod plan;
mod progress;
mod site;

pub use deadline::{Deadline, DeadlineKind, TimePoint, last_day_of_month};
pub use indicator::{Baseline, Direction, Framework, Indicator, Op, Scale, Target, TargetValue};
pub use page::{Draft, Page, PageKind};
pub use plan::{Change, Inferred, Plan, Section, Task};
pub use progress::{Evidence, ProgressReport, TaskReport, TaskStatus, ValueReport};
pub use site::{PAGE_SIZE_DEFAULT, PAGE_SIZES, Period, Site, SiteConfig, Unit};

use crate::diagnostic::Span;

/// A value together with where it was written, for messages about it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

/// Open data and snapshots carry what was written, not where.
impl<T: serde::Serialize> serde::Serialize for Located<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}
