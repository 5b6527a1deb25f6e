//! Indicator status: the same progress measure as Open SDG, on the straight path from the
//! baseline to the next target, so that a citizen can check it by hand.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::series::Observation;
use crate::model::{Baseline, Op, Target, TargetValue, TimePoint};

/// `P ≥ ON_TRACK` is on track.
pub const ON_TRACK: f64 = 0.95;
/// `NEEDS_ACCELERATION ≤ P < ON_TRACK` needs acceleration; below it, off track.
pub const NEEDS_ACCELERATION: f64 = 0.60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Achieved,
    OnTrack,
    NeedsAcceleration,
    OffTrack,
    Regressing,
    Missed,
    InsufficientData,
    NoData,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Achieved,
        Status::OnTrack,
        Status::NeedsAcceleration,
        Status::OffTrack,
        Status::Regressing,
        Status::Missed,
        Status::InsufficientData,
        Status::NoData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::NeedsAcceleration => "needs_acceleration",
            Status::OffTrack => "off_track",
            Status::Regressing => "regressing",
            Status::Missed => "missed",
            Status::InsufficientData => "insufficient_data",
            Status::NoData => "no_data",
        }
    }
}

/// The numbers a status was computed from, published so that anyone can redo the sum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Basis {
    /// Index of the target judged against, in the indicator's (date-sorted) targets.
    pub target: usize,
    /// Whether (t0, y0) is the baseline (otherwise the first reported value).
    pub from_baseline: bool,
    pub t0: NaiveDate,
    pub y0: f64,
    #[serde(rename = "tT")]
    pub t_target: NaiveDate,
    #[serde(rename = "yT")]
    pub y_target: f64,
    pub t: NaiveDate,
    pub yt: f64,
    pub expected: Option<f64>,
    #[serde(rename = "P")]
    pub progress: Option<f64>,
    /// The year a target for every year is judged for, while no value of that year is
    /// reported: a value of a year before shows neither that it is met nor how far along.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub awaiting_year: Option<i32>,
}

/// What became of one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The value at the target's date met it.
    Met,
    /// The date has passed and the value then did not meet it.
    Missed,
    /// The date has passed with no value reported by then.
    NoData,
    /// The date is still ahead (the latest value may already meet it).
    Pending,
}

impl Outcome {
    /// The word open data uses, as the JSON spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::Missed => "missed",
            Outcome::NoData => "no_data",
            Outcome::Pending => "pending",
        }
    }

    /// The target's date passed without it being met: missed, or no figure by then.
    pub fn not_met_by_date(self) -> bool {
        matches!(self, Outcome::Missed | Outcome::NoData)
    }
}

/// Whether `y` satisfies the target's condition.
pub fn meets(op: Op, value: TargetValue, y: f64) -> bool {
    let tol = 1e-9 * y.abs().max(1.0);
    match (op, value) {
        (Op::Between, TargetValue::Range(lo, hi)) => y >= lo - tol && y <= hi + tol,
        (Op::Between, TargetValue::Single(v)) | (Op::Eq, TargetValue::Single(v)) => (y - v).abs() <= tol,
        (Op::Eq, TargetValue::Range(lo, hi)) => y >= lo - tol && y <= hi + tol,
        (Op::Ge, v) => y >= lower(v) - tol,
        (Op::Gt, v) => y > lower(v),
        (Op::Le, v) => y <= upper(v) + tol,
        (Op::Lt, v) => y < upper(v),
    }
}

fn lower(v: TargetValue) -> f64 {
    match v {
        TargetValue::Single(x) => x,
        TargetValue::Range(lo, _) => lo,
    }
}

fn upper(v: TargetValue) -> f64 {
    match v {
        TargetValue::Single(x) => x,
        TargetValue::Range(_, hi) => hi,
    }
}

/// The target value the path leads to: for a range, the bound nearer the starting value.
pub fn path_end(value: TargetValue, y0: f64) -> f64 {
    match value {
        TargetValue::Single(v) => v,
        TargetValue::Range(lo, hi) => {
            if (lo - y0).abs() <= (hi - y0).abs() {
                lo
            } else {
                hi
            }
        }
    }
}

/// The date a target applies to as of `as_of`: its own, or for a target that holds every year
/// (from its `by` year on), the end of the current year, or of its last year once a later
/// target for every year has taken its place.
pub fn effective_date(target: &Target, as_of: NaiveDate) -> NaiveDate {
    let own = target.by.end();
    if !target.every_year || as_of <= own {
        return own;
    }
    let year = target.last_year.map_or(as_of.year(), |last| last.min(as_of.year()));
    if year > own.year() { TimePoint::Year(year).end() } else { own }
}

/// Sets each target for every year's last year (of `targets`, in order of date): the year
/// before the next one for every year that begins in a later year. The documents raise a
/// yearly figure from milestone to milestone ("mỗi năm ≥ 40" by 2030, "mỗi năm ≥ 80" by 2035),
/// and the later one is what each year from its own is judged against.
pub fn end_yearly_targets(targets: &mut [Target]) {
    let starts: Vec<Option<i32>> = targets.iter().map(|t| t.every_year.then(|| t.by.end().year())).collect();
    for (i, target) in targets.iter_mut().enumerate() {
        let Some(first) = starts[i] else { continue };
        target.last_year = starts.iter().flatten().filter(|&&start| start > first).min().map(|start| start - 1);
    }
}

/// The target judged once every target's date has passed: of the targets set for the last
/// milestone, the one listed first, as a target still ahead is chosen (the documents may set
/// more than one figure for a milestone, and the page says which one the status follows).
pub fn last_milestone(targets: &[Target]) -> Option<usize> {
    let last = targets.last()?;
    targets.iter().position(|t| t.by == last.by && t.every_year == last.every_year)
}

/// The target a status is judged against as of `as_of` (of `targets` in order of date): the
/// next one still ahead, or failing that the first listed of the last milestone's. The
/// agencies' forms show the same one. A target due on `as_of` itself is no longer ahead: the
/// reference date is a period's end, and the report of the period that ends on a target's
/// date (the year-end report for a target "by 2026") is the one that says whether it was met.
pub fn judged(targets: &[Target], as_of: NaiveDate) -> Option<usize> {
    targets.iter().position(|tg| effective_date(tg, as_of) > as_of).or_else(|| last_milestone(targets))
}

/// Fractional days from `a` to `b`.
fn days(a: NaiveDate, b: NaiveDate) -> f64 {
    (b - a).num_days() as f64
}

/// The status of an indicator as of `as_of`, from its baseline, date-sorted targets and
/// date-sorted series, with the numbers behind it.
pub fn assess(
    baseline: Option<&Baseline>,
    targets: &[Target],
    series: &[Observation],
    as_of: NaiveDate,
) -> (Status, Option<Basis>) {
    let Some(latest) = series.last() else {
        return (Status::NoData, None);
    };
    let (t, yt) = (latest.date, latest.value());
    let (t0, y0, from_baseline) = match baseline {
        Some(b) => (b.at.end(), b.value, true),
        None => (series[0].date, series[0].value(), false),
    };
    // One value and no baseline: no path to measure, save that a target for every year in a
    // later year than the value's is waiting for a figure of its own year (said as such).
    let single = baseline.is_none() && series.len() == 1;
    let Some(index) = judged(targets, as_of) else {
        return (Status::InsufficientData, None);
    };
    let target = &targets[index];
    let t_target = effective_date(target, as_of);
    let y_target = path_end(target.value, y0);
    let mut basis = Basis {
        target: index,
        from_baseline,
        t0,
        y0,
        t_target,
        y_target,
        t,
        yt,
        expected: None,
        progress: None,
        awaiting_year: None,
    };
    // A target for every year, in a year it holds for, is judged on that year's figures: one
    // of a year before says nothing of this year's, neither that it is met nor how far along.
    // (Before its first year it is a milestone ahead like any other.)
    let year = as_of.year();
    if target.every_year && t_target.year() == year && t.year() < year {
        basis.awaiting_year = Some(year);
        return (Status::InsufficientData, Some(basis));
    }
    if single {
        return (Status::InsufficientData, None);
    }
    let span = days(t0, t_target);
    let elapsed = days(t0, t);
    if span > 0.0 && elapsed > 0.0 {
        let expected = y0 + (y_target - y0) * elapsed.min(span) / span;
        basis.expected = Some(expected);
        if expected != y0 {
            basis.progress = Some((yt - y0) / (expected - y0));
        }
    }
    if meets(target.op, target.value, yt) {
        return (Status::Achieved, Some(basis));
    }
    if t_target <= as_of {
        return (Status::Missed, Some(basis));
    }
    let status = match basis.progress {
        Some(p) if p >= ON_TRACK => Status::OnTrack,
        Some(p) if p >= NEEDS_ACCELERATION => Status::NeedsAcceleration,
        Some(p) if p >= 0.0 => Status::OffTrack,
        Some(_) => Status::Regressing,
        // The path is flat (the target equals the start) or has no length yet.
        None if basis.expected.is_some() => {
            if moved_away(target, y0, yt) {
                Status::Regressing
            } else {
                Status::OffTrack
            }
        }
        None => Status::InsufficientData,
    };
    (status, Some(basis))
}

/// Whether `yt` is further from meeting the target than `y0` was.
fn moved_away(target: &Target, y0: f64, yt: f64) -> bool {
    match target.op {
        Op::Ge | Op::Gt => yt < y0,
        Op::Le | Op::Lt => yt > y0,
        Op::Eq | Op::Between => {
            let aim = path_end(target.value, y0);
            (yt - aim).abs() > (y0 - aim).abs()
        }
    }
}

/// What became of each target as of `as_of`.
pub fn outcomes(targets: &[Target], series: &[Observation], as_of: NaiveDate) -> Vec<Outcome> {
    targets.iter().map(|tg| judge(tg, series, as_of).0).collect()
}

/// For each target, whether its outcome was judged on an illustrative (sample) value: such a
/// verdict is itself illustrative and must be shown so.
pub fn outcomes_illustrative(targets: &[Target], series: &[Observation], as_of: NaiveDate) -> Vec<bool> {
    targets.iter().map(|tg| judge(tg, series, as_of).1.is_some_and(|o| o.current.sample)).collect()
}

/// A target not met by its date and met since by the latest value: that value's date, and
/// whether it is illustrative (the outcome at the date may rest on an official figure).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MetLate {
    pub date: NaiveDate,
    pub illustrative: bool,
}

/// For each target, the latest value when it was not met by the target's date (missed, or no
/// value by then) and the latest value, reported since, meets it. The status follows the
/// latest value (achieved, unless a later target it falls short of lies ahead) while the
/// target's own outcome stays what it was at its date, and the page says both, lest they read
/// as a contradiction.
pub fn outcomes_met_late(targets: &[Target], series: &[Observation], as_of: NaiveDate) -> Vec<Option<MetLate>> {
    let late = |o: &Observation| MetLate { date: o.date, illustrative: o.current.sample };
    targets.iter().map(|tg| met_late(tg, series, as_of).map(late)).collect()
}

/// The latest value, when `tg`'s date has passed without it being met and that value, from
/// after the date, meets it.
fn met_late<'s>(tg: &Target, series: &'s [Observation], as_of: NaiveDate) -> Option<&'s Observation> {
    let (outcome, _) = judge(tg, series, as_of);
    let latest = series.last()?;
    let late = outcome.not_met_by_date() && latest.date > effective_date(tg, as_of);
    (late && meets(tg.op, tg.value, latest.value())).then_some(latest)
}

/// Whether a status rests on an illustrative value: a sample value among those it is computed
/// from (see [`assess`]): the latest value, and the first when there is no baseline. A sample
/// value between them takes no part in it.
pub fn status_illustrative(status: Status, series: &[Observation], has_baseline: bool) -> bool {
    let sample = |o: Option<&Observation>| o.is_some_and(|o| o.current.sample);
    status != Status::NoData && (sample(series.last()) || (!has_baseline && sample(series.first())))
}

/// An earlier year's outcome of a target set for every year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct YearOutcome {
    pub year: i32,
    pub outcome: Outcome,
    /// Judged on an illustrative value.
    pub illustrative: bool,
}

/// For each target set for every year, the outcome of each year from its first up to the one
/// it is judged for now (whose outcome is the target's own), judged at that year's end on the
/// latest figure dated in that year (a figure of the year before says nothing of this year's);
/// empty for any other target. A target judged only for the current year would lose a year it
/// was missed in as soon as the next began.
pub fn earlier_years(targets: &[Target], series: &[Observation], as_of: NaiveDate) -> Vec<Vec<YearOutcome>> {
    let each = |tg: &Target| {
        let first = tg.by.end();
        let now = effective_date(tg, as_of).year();
        (first.year()..now)
            .map(|year| {
                let due = if year == first.year() { first } else { TimePoint::Year(year).end() };
                let of_year = &series[series.partition_point(|o| o.date.year() < year)..];
                let (outcome, o) = judge_at(tg.op, tg.value, of_year, due, as_of);
                YearOutcome { year, outcome, illustrative: o.is_some_and(|o| o.current.sample) }
            })
            .collect()
    };
    targets.iter().map(|tg| if tg.every_year { each(tg) } else { Vec::new() }).collect()
}

/// A target's outcome and the value it was judged on, if any.
fn judge<'s>(tg: &Target, series: &'s [Observation], as_of: NaiveDate) -> (Outcome, Option<&'s Observation>) {
    judge_at(tg.op, tg.value, series, effective_date(tg, as_of), as_of)
}

/// The outcome of a target of `op` and `value` due at `due`, and the value it was judged on.
fn judge_at(
    op: Op,
    value: TargetValue,
    series: &[Observation],
    due: NaiveDate,
    as_of: NaiveDate,
) -> (Outcome, Option<&Observation>) {
    // Due on `as_of` itself is judged, as in [`judged`].
    if due > as_of {
        return (Outcome::Pending, None);
    }
    match series.iter().rev().find(|o| o.date <= due) {
        None => (Outcome::NoData, None),
        Some(o) if meets(op, value, o.value()) => (Outcome::Met, Some(o)),
        Some(o) => (Outcome::Missed, Some(o)),
    }
}

#[cfg(test)]
mod tests;
