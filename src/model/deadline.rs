use chrono::NaiveDate;

/// A task's deadline: the wording of the document, kept for display, and what it means.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Deadline {
    pub written: String,
    pub kind: DeadlineKind,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A single point in time: a day, month, quarter or year.
    Point(TimePoint),
    /// "trước ngày 20/5/2026": due before the given day, so by the day before it.
    Before(NaiveDate),
    /// "2026-2027": due at the end of the span.
    Span(TimePoint, TimePoint),
    /// "Thường xuyên": never overdue, expected to report every period.
    Ongoing,
    /// "Hàng năm": due at the end of every year.
    Annual,
    /// "Theo yêu cầu": when asked; never overdue.
    OnRequest,
}

/// A day, month, quarter or year, as targets and deadlines name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimePoint {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year(i32),
}

impl serde::Serialize for TimePoint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.canonical())
    }
}

impl TimePoint {
    /// The last day the point covers: a year means 31 December, a quarter or month its last day.
    pub fn end(&self) -> NaiveDate {
        match *self {
            TimePoint::Day(d) => d,
            TimePoint::Month { year, month } => last_day_of_month(year, month),
            TimePoint::Quarter { year, quarter } => last_day_of_month(year, quarter * 3),
            TimePoint::Year(year) => last_day_of_month(year, 12),
        }
    }

    /// The canonical spelling: `2026-05-20`, `2026-05`, `2026-Q2`, `2026`.
    pub fn canonical(&self) -> String {
        match *self {
            TimePoint::Day(d) => d.format("%Y-%m-%d").to_string(),
            TimePoint::Month { year, month } => format!("{year:04}-{month:02}"),
            TimePoint::Quarter { year, quarter } => format!("{year:04}-Q{quarter}"),
            TimePoint::Year(year) => format!("{year:04}"),
        }
    }
}

/// The last day of a month; `month` is 1-12 and the year within chrono's range.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let (ny, nm) = if month >= 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
}

impl Deadline {
    /// The day by which the task is due, as of `today` for recurring deadlines; `None` when
    /// the deadline can never be missed (ongoing, on request).
    pub fn due_date(&self, today: NaiveDate) -> Option<NaiveDate> {
        use chrono::Datelike;
        match &self.kind {
            DeadlineKind::Point(p) => Some(p.end()),
            DeadlineKind::Before(d) => Some(d.pred_opt().unwrap_or(*d)),
            DeadlineKind::Span(_, end) => Some(end.end()),
            DeadlineKind::Annual => Some(last_day_of_month(today.year(), 12)),
            DeadlineKind::Ongoing | DeadlineKind::OnRequest => None,
        }
    }

    /// The canonical spelling of the meaning, as open data publishes it.
    pub fn canonical(&self) -> String {
        match &self.kind {
            DeadlineKind::Point(p) => p.canonical(),
            DeadlineKind::Before(d) => format!("before {}", d.format("%Y-%m-%d")),
            DeadlineKind::Span(a, b) => format!("{}..{}", a.canonical(), b.canonical()),
            DeadlineKind::Ongoing => "ongoing".into(),
            DeadlineKind::Annual => "annual".into(),
            DeadlineKind::OnRequest => "on_request".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn points_end_on_their_last_day() {
        assert_eq!(TimePoint::Year(2026).end(), d(2026, 12, 31));
        assert_eq!(TimePoint::Quarter { year: 2026, quarter: 1 }.end(), d(2026, 3, 31));
        assert_eq!(TimePoint::Month { year: 2024, month: 2 }.end(), d(2024, 2, 29));
        assert_eq!(TimePoint::Month { year: 2026, month: 12 }.end(), d(2026, 12, 31));
    }

    #[test]
    fn before_a_day_is_due_the_day_before() {
        let dl = Deadline { written: "trước ngày 20/5/2026".into(), kind: DeadlineKind::Before(d(2026, 5, 20)) };
        assert_eq!(dl.due_date(d(2026, 1, 1)), Some(d(2026, 5, 19)));
    }

    #[test]
    fn annual_is_due_at_the_end_of_the_current_year() {
        let dl = Deadline { written: "Hàng năm".into(), kind: DeadlineKind::Annual };
        assert_eq!(dl.due_date(d(2027, 4, 1)), Some(d(2027, 12, 31)));
        let ongoing = Deadline { written: "Thường xuyên".into(), kind: DeadlineKind::Ongoing };
        assert_eq!(ongoing.due_date(d(2027, 4, 1)), None);
    }
}
