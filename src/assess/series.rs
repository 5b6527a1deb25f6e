//! An indicator's reported values over time, with revisions: a value reported again in a
//! later period for the same date replaces the earlier one, which stays on record.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Period, ProgressReport};

/// One published figure: what a period's report said for a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reported {
    pub period: String,
    pub value: f64,
    pub source: Option<String>,
    pub note: Option<String>,
    pub sample: bool,
}

/// The value for one date as it stands now, and what was published for it before.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Observation {
    pub date: NaiveDate,
    /// The newest report for this date.
    pub current: Reported,
    /// Earlier reports for this date, oldest first: what was published first is `earlier[0]`.
    pub earlier: Vec<Reported>,
}

impl Observation {
    pub fn value(&self) -> f64 {
        self.current.value
    }

    /// Whether a later report changed the figure first published for this date.
    pub fn is_revised(&self) -> bool {
        self.earlier.iter().any(|e| e.value != self.current.value)
    }
}

/// The observations of every indicator from the reports of `periods` (in order), keyed by
/// indicator id, each series sorted by date. Reports must already be in period order.
pub fn collect(reports: &[&ProgressReport], periods: &[Period]) -> BTreeMap<String, Vec<Observation>> {
    let mut by_indicator: BTreeMap<String, BTreeMap<NaiveDate, Observation>> = BTreeMap::new();
    for report in reports {
        let Some(period) = periods.iter().find(|p| p.id == report.period.value) else {
            continue;
        };
        for v in &report.values {
            let date = v.as_of.unwrap_or(period.end);
            let reported = Reported {
                period: period.id.clone(),
                value: v.value,
                source: v.source.clone(),
                note: v.note.clone(),
                sample: v.sample,
            };
            let series = by_indicator.entry(v.indicator.value.clone()).or_default();
            match series.get_mut(&date) {
                Some(obs) => {
                    let previous = std::mem::replace(&mut obs.current, reported);
                    obs.earlier.push(previous);
                }
                None => {
                    series.insert(date, Observation { date, current: reported, earlier: Vec::new() });
                }
            }
        }
    }
    by_indicator.into_iter().map(|(id, series)| (id, series.into_values().collect())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use crate::model::{Located, ValueReport};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn period(id: &str, start: NaiveDate, end: NaiveDate) -> Period {
        Period { id: id.into(), label: id.into(), label_en: None, start, end, span: Span::default() }
    }

    fn report(period: &str, values: &[(f64, Option<NaiveDate>)]) -> ProgressReport {
        ProgressReport {
            period: Located::new(period.into(), Span::default()),
            reported: None,
            values: values
                .iter()
                .map(|(v, as_of)| ValueReport {
                    indicator: Located::new("x".into(), Span::default()),
                    value: *v,
                    as_of: *as_of,
                    source: None,
                    note: None,
                    sample: false,
                    span: Span::default(),
                    as_of_span: None,
                })
                .collect(),
            tasks: vec![],
            file: Default::default(),
        }
    }

    #[test]
    fn a_later_report_for_an_earlier_date_is_a_revision() {
        let periods = [period("Q1", d(2026, 1, 1), d(2026, 3, 31)), period("Q2", d(2026, 4, 1), d(2026, 6, 30))];
        let q1 = report("Q1", &[(80.0, None)]);
        let q2 = report("Q2", &[(78.5, Some(d(2026, 3, 31))), (83.0, None)]);
        let series = collect(&[&q1, &q2], &periods).remove("x").unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].date, d(2026, 3, 31));
        assert_eq!(series[0].value(), 78.5);
        assert_eq!(series[0].earlier[0].value, 80.0);
        assert_eq!(series[0].earlier[0].period, "Q1");
        assert_eq!(series[0].current.period, "Q2");
        assert!(series[0].is_revised());
        assert!(!series[1].is_revised());
        assert_eq!(series[1].value(), 83.0);
    }

    #[test]
    fn reconfirming_the_same_figure_is_not_a_revision() {
        let periods = [period("Q1", d(2026, 1, 1), d(2026, 3, 31)), period("Q2", d(2026, 4, 1), d(2026, 6, 30))];
        let q1 = report("Q1", &[(80.0, None)]);
        let q2 = report("Q2", &[(80.0, Some(d(2026, 3, 31)))]);
        let series = collect(&[&q1, &q2], &periods).remove("x").unwrap();
        assert_eq!(series.len(), 1);
        assert!(!series[0].is_revised());
    }
}
