//! Assess: statuses, flags and roll-ups as of a reporting period, as pure functions over the
//! resolved model.

pub mod gaps;
pub mod rollup;
pub mod series;
pub mod status;
pub mod task;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::model::{Site, TaskReport, TaskStatus};
use rollup::{PeriodCounts, Rollups};
use series::Observation;
use status::{Basis, Outcome, Status};
use task::Flags;

/// The period the site reports as of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsOf {
    pub period: String,
    /// Position of the period in the site's (sorted) periods.
    pub index: usize,
    /// The period's last day: the reference date for statuses and flags.
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct IndicatorAssessment {
    pub series: Vec<Observation>,
    pub status: Status,
    pub basis: Option<Basis>,
    /// One per target, in the indicator's target order.
    pub outcomes: Vec<Outcome>,
    /// The status rests on an illustrative (sample) value.
    pub status_illustrative: bool,
    /// Per target: the outcome was judged on an illustrative value.
    pub outcomes_illustrative: Vec<bool>,
    /// Per target: the date of the latest value when the target was not met by its date and
    /// that value, reported since, meets it.
    pub outcomes_met_late: Vec<Option<status::MetLate>>,
    /// Per target set for every year: the outcomes of the years before the one it is judged
    /// for now.
    pub earlier_years: Vec<Vec<status::YearOutcome>>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TaskAssessment {
    /// The latest report up to the as-of period, with its period.
    pub latest: Option<(String, TaskReport)>,
    pub due_date: Option<NaiveDate>,
    pub flags: Flags,
}

impl TaskAssessment {
    pub fn status(&self) -> Option<TaskStatus> {
        self.latest.as_ref().map(|(_, r)| r.status)
    }

    /// The status (and flags drawn from it) rests on an illustrative report.
    pub fn illustrative(&self) -> bool {
        self.latest.as_ref().is_some_and(|(_, r)| r.sample)
    }
}

/// Everything derived about a site as of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    pub as_of: AsOf,
    /// Aligned with `site.indicators`.
    pub indicators: Vec<IndicatorAssessment>,
    /// Aligned with `site.plans[i].tasks`.
    pub tasks: Vec<Vec<TaskAssessment>>,
    pub rollups: Rollups,
}

/// Assesses a resolved site as of `period`; `None` when the period is not one of the site's.
pub fn assess(site: &Site, period: &str) -> Option<Assessment> {
    let index = site.periods.iter().position(|p| p.id == period)?;
    let as_of = AsOf { period: period.to_string(), index, date: site.periods[index].end };
    let included: BTreeSet<&str> = site.periods[..=index].iter().map(|p| p.id.as_str()).collect();
    let reports: Vec<_> = site.reports.iter().filter(|r| included.contains(r.period.value.as_str())).collect();

    let mut all_series = series::collect(&reports, &site.periods);
    let indicators: Vec<IndicatorAssessment> = site
        .indicators
        .iter()
        .map(|ind| {
            let series = all_series.remove(&ind.id).unwrap_or_default();
            let (status, basis) = status::assess(ind.baseline.as_ref(), &ind.targets, &series, as_of.date);
            let outcomes = status::outcomes(&ind.targets, &series, as_of.date);
            let outcomes_illustrative = status::outcomes_illustrative(&ind.targets, &series, as_of.date);
            let status_illustrative = status::status_illustrative(status, &series, ind.baseline.is_some());
            let outcomes_met_late = status::outcomes_met_late(&ind.targets, &series, as_of.date);
            let earlier_years = status::earlier_years(&ind.targets, &series, as_of.date);
            IndicatorAssessment {
                series,
                status,
                basis,
                outcomes,
                status_illustrative,
                outcomes_illustrative,
                outcomes_met_late,
                earlier_years,
            }
        })
        .collect();

    // Latest report per task, and whether it is from the as-of period.
    let mut latest: HashMap<&str, (&str, &TaskReport)> = HashMap::new();
    for report in &reports {
        for t in &report.tasks {
            latest.insert(t.task.value.as_str(), (report.period.value.as_str(), t));
        }
    }
    let tasks: Vec<Vec<TaskAssessment>> = site
        .plans
        .iter()
        .map(|plan| {
            plan.tasks
                .iter()
                .map(|t| {
                    let key = format!("{}/{}", plan.id, t.id);
                    let last = latest.get(key.as_str());
                    let this_period = last.is_some_and(|(p, _)| *p == as_of.period);
                    let flags = if !plan.in_force_by(as_of.date) {
                        Flags::default() // not yet expected to report
                    } else {
                        task::flags(t, last.map(|(_, r)| *r), this_period, as_of.date)
                    };
                    TaskAssessment {
                        latest: last.map(|(p, r)| (p.to_string(), (*r).clone())),
                        due_date: t.due.as_ref().and_then(|d| d.due_date(as_of.date)),
                        flags,
                    }
                })
                .collect()
        })
        .collect();

    let mut rollups = roll_up(site, &indicators, &tasks);
    rollups.periods = period_counts(site, index, &indicators);
    Some(Assessment { as_of, indicators, tasks, rollups })
}

fn roll_up(site: &Site, indicators: &[IndicatorAssessment], tasks: &[Vec<TaskAssessment>]) -> Rollups {
    let mut r = Rollups::default();
    for unit in &site.units {
        r.units.entry(unit.id.clone()).or_default();
    }
    for plan in &site.plans {
        r.plans.entry(plan.id.clone()).or_default();
        for s in &plan.sections {
            r.sections.entry(format!("{}/{}", plan.id, s.id)).or_default();
        }
    }
    for (plan, assessed) in site.plans.iter().zip(tasks) {
        for (t, a) in plan.tasks.iter().zip(assessed) {
            let status = a.status();
            let sample = a.illustrative();
            r.site.tasks.add(status, a.flags, sample);
            r.plans.entry(plan.id.clone()).or_default().tasks.add(status, a.flags, sample);
            if let Some(s) = &t.section {
                r.sections.entry(format!("{}/{}", plan.id, s.value)).or_default().add(status, a.flags, sample);
            }
            for u in &t.lead {
                r.units.entry(u.value.clone()).or_default().lead.add(status, a.flags, sample);
            }
            for u in &t.support {
                r.units.entry(u.value.clone()).or_default().support.add(status, a.flags, sample);
            }
        }
    }
    for (ind, a) in site.indicators.iter().zip(indicators) {
        let sample = a.status_illustrative;
        r.site.indicators.add(a.status, sample);
        for p in &ind.plans {
            r.plans.entry(p.value.clone()).or_default().indicators.add(a.status, sample);
        }
        for owner in ind.owners() {
            r.units.entry(owner.value.clone()).or_default().indicators.add(a.status, sample);
        }
    }
    r
}

/// Per period up to the as-of one: what was filed, what was missing, what was completed.
fn period_counts(site: &Site, upto: usize, indicators: &[IndicatorAssessment]) -> Vec<PeriodCounts> {
    let mut closed_before: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for period in &site.periods[..=upto] {
        let all_tasks: Vec<String> = site
            .plans
            .iter()
            .filter(|p| p.in_force_by(period.end))
            .flat_map(|p| p.tasks.iter().map(move |t| format!("{}/{}", p.id, t.id)))
            .collect();
        let report = site.reports.iter().find(|r| r.period.value == period.id);
        let reported: BTreeSet<&str> =
            report.map(|r| r.tasks.iter().map(|t| t.task.value.as_str()).collect()).unwrap_or_default();
        let expected: Vec<&String> = all_tasks.iter().filter(|t| !closed_before.contains(*t)).collect();
        let missing = expected.iter().filter(|t| !reported.contains(t.as_str())).count();
        let mut completed = 0;
        if let Some(r) = report {
            for t in &r.tasks {
                if t.status.is_closed() && closed_before.insert(t.task.value.clone()) && t.status == TaskStatus::Done {
                    completed += 1;
                }
            }
        }
        let revisions = indicators
            .iter()
            .flat_map(|a| a.series.iter())
            .filter(|o| o.current.period == period.id && o.is_revised())
            .count();
        out.push(PeriodCounts {
            period: period.id.clone(),
            report_filed: report.is_some(),
            reported: report.and_then(|r| r.reported),
            values: report.map_or(0, |r| r.values.len()),
            revisions,
            task_reports: reported.len(),
            tasks_expected: expected.len(),
            tasks_missing: missing,
            tasks_completed: completed,
        });
    }
    out
}
