//! Task flags: what the plans ask to be flagged (late, due soon, not reported).

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{DeadlineKind, Task, TaskReport, TaskStatus};

/// How many days ahead a deadline counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Flags {
    /// The deadline has passed, or falls on the current period's last day, and the task is not
    /// done (nor cancelled): the period's report says where the task stood when it ended.
    pub overdue: bool,
    /// Not closed, and due within the next [`DUE_SOON_DAYS`] days.
    pub due_soon: bool,
    /// Not closed, and no report in the current period.
    pub not_updated: bool,
}

/// Flags a task as of `today` (the end of the current period), given its latest report and
/// whether that report is from the current period.
pub fn flags(task: &Task, latest: Option<&TaskReport>, reported_this_period: bool, today: NaiveDate) -> Flags {
    let status = latest.map(|r| r.status);
    let closed = status.is_some_and(TaskStatus::is_closed);
    let due = task.due.as_ref().and_then(|d| d.due_date(today));
    if closed {
        return Flags::default();
    }
    // A task done every year is due again each year: its year's end is never a deadline missed
    // for good, so the year-end report does not flag it.
    let recurring = task.due.as_ref().is_some_and(|d| matches!(d.kind, DeadlineKind::Annual));
    let overdue = due.is_some_and(|d| d < today || (d == today && !recurring));
    Flags {
        overdue,
        due_soon: !overdue && due.is_some_and(|d| d >= today && (d - today).num_days() <= DUE_SOON_DAYS),
        not_updated: !reported_this_period,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::model::{Deadline, Located, TimePoint};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn task(due: Option<DeadlineKind>) -> Task {
        Task {
            id: "1".into(),
            section: None,
            title: "t".into(),
            title_en: None,
            leader: None,
            lead: vec![],
            support: vec![],
            output: None,
            due: due.map(|kind| Deadline { written: "w".into(), kind }),
            due_text: None,
            change: None,
            change_basis: None,
            indicators: vec![],
            budget_vnd: None,
            note: None,
            source_ref: None,
            numbered: true,
            inferred: Default::default(),
            span: Span::default(),
        }
    }

    fn report(status: TaskStatus) -> TaskReport {
        TaskReport {
            task: Located::new("p/1".into(), Span::default()),
            status,
            percent: None,
            percent_span: None,
            note: None,
            evidence: vec![],
            disbursed_vnd: None,
            sample: false,
            span: Span::default(),
        }
    }

    #[test]
    fn overdue_when_past_due_and_not_done() {
        let t = task(Some(DeadlineKind::Point(TimePoint::Quarter { year: 2026, quarter: 2 })));
        let today = d(2026, 9, 30);
        let f = flags(&t, Some(&report(TaskStatus::InProgress)), true, today);
        assert!(f.overdue && !f.due_soon && !f.not_updated);
        assert_eq!(flags(&t, Some(&report(TaskStatus::Done)), false, today), Flags::default());
        assert_eq!(flags(&t, Some(&report(TaskStatus::Cancelled)), false, today), Flags::default());
        // Never reported at all: overdue and not updated.
        let never = flags(&t, None, false, today);
        assert!(never.overdue && never.not_updated);
    }

    #[test]
    fn due_soon_within_thirty_days() {
        let t = task(Some(DeadlineKind::Point(TimePoint::Day(d(2026, 10, 20)))));
        assert!(flags(&t, None, true, d(2026, 9, 30)).due_soon);
        assert!(!flags(&t, None, true, d(2026, 9, 1)).due_soon);
        assert!(!flags(&t, None, true, d(2026, 9, 30)).overdue);
    }

    #[test]
    fn a_deadline_on_the_periods_last_day_is_judged_by_that_periods_report() {
        let q3 = task(Some(DeadlineKind::Point(TimePoint::Quarter { year: 2026, quarter: 3 })));
        let f = flags(&q3, Some(&report(TaskStatus::InProgress)), true, d(2026, 9, 30));
        assert!(f.overdue && !f.due_soon, "{f:?}");
        assert!(!flags(&q3, Some(&report(TaskStatus::InProgress)), true, d(2026, 9, 29)).overdue);
        assert_eq!(flags(&q3, Some(&report(TaskStatus::Done)), true, d(2026, 9, 30)), Flags::default());
        // A yearly task is due again next year: its year's end does not make it late.
        let yearly = task(Some(DeadlineKind::Annual));
        let f = flags(&yearly, Some(&report(TaskStatus::InProgress)), true, d(2026, 12, 31));
        assert!(!f.overdue && f.due_soon, "{f:?}");
    }

    #[test]
    fn ongoing_and_undated_tasks_are_never_overdue() {
        for kind in [Some(DeadlineKind::Ongoing), Some(DeadlineKind::OnRequest), None] {
            let f = flags(&task(kind), None, false, d(2030, 1, 1));
            assert!(!f.overdue && !f.due_soon && f.not_updated);
        }
    }
}
