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
/// agencies' forms show the same one.
pub fn judged(targets: &[Target], as_of: NaiveDate) -> Option<usize> {
    targets.iter().position(|tg| effective_date(tg, as_of) >= as_of).or_else(|| last_milestone(targets))
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
    if baseline.is_none() && series.len() == 1 {
        return (Status::InsufficientData, None);
    }
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
    if t_target < as_of {
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
    if due >= as_of {
        return (Outcome::Pending, None);
    }
    match series.iter().rev().find(|o| o.date <= due) {
        None => (Outcome::NoData, None),
        Some(o) if meets(op, value, o.value()) => (Outcome::Met, Some(o)),
        Some(o) => (Outcome::Missed, Some(o)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::series::Reported;
    use crate::diagnostic::Span;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn obs(date: NaiveDate, value: f64) -> Observation {
        Observation {
            date,
            current: Reported { period: "p".into(), value, source: None, note: None, sample: false },
            earlier: vec![],
        }
    }

    fn target(year: i32, op: Op, value: TargetValue) -> Target {
        Target {
            by_written: year.to_string(),
            by: TimePoint::Year(year),
            op,
            value,
            plan: None,
            framework: None,
            every_year: false,
            last_year: None,
            note: None,
            source_ref: None,
            span: Span::default(),
        }
    }

    fn baseline(year: i32, value: f64) -> Baseline {
        Baseline { at: TimePoint::Year(year), value, source: None, span: Span::default() }
    }

    #[test]
    fn increase_on_the_path_is_on_track() {
        // Baseline 2024: 60; target 2026: ≥ 80. Halfway (end of 2025) expected 70.
        let b = baseline(2024, 60.0);
        let t = [target(2026, Op::Ge, TargetValue::Single(80.0))];
        let s = [obs(d(2025, 12, 31), 70.0)];
        let (status, basis) = assess(Some(&b), &t, &s, d(2026, 3, 31));
        let basis = basis.unwrap();
        assert_eq!(status, Status::OnTrack);
        assert!((basis.expected.unwrap() - 70.0).abs() < 1e-9);
        assert!((basis.progress.unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(
            (basis.t0, basis.y0, basis.t_target, basis.y_target),
            (d(2024, 12, 31), 60.0, d(2026, 12, 31), 80.0)
        );
    }

    #[test]
    fn progress_thresholds() {
        let b = baseline(2024, 60.0);
        let t = [target(2026, Op::Ge, TargetValue::Single(80.0))];
        let at = |y: f64| assess(Some(&b), &t, &[obs(d(2025, 12, 31), y)], d(2026, 3, 31)).0;
        assert_eq!(at(69.6), Status::OnTrack); // P = 0.96
        assert_eq!(at(66.0), Status::NeedsAcceleration); // P = 0.6
        assert_eq!(at(65.9), Status::OffTrack); // P = 0.59
        assert_eq!(at(60.0), Status::OffTrack); // P = 0
        assert_eq!(at(58.0), Status::Regressing); // P < 0
    }

    #[test]
    fn decrease_needs_no_special_case() {
        // A rank: baseline 10th, target top 3 (≤ 3) by 2030.
        let b = baseline(2024, 10.0);
        let t = [target(2030, Op::Le, TargetValue::Single(3.0))];
        let at = |y: f64| assess(Some(&b), &t, &[obs(d(2027, 12, 31), y)], d(2027, 12, 31));
        let (status, basis) = at(6.0);
        // Expected after 3 of 6 years: 6.5; P = (6-10)/(6.5-10) > 1.
        assert_eq!(status, Status::OnTrack);
        assert!(basis.unwrap().progress.unwrap() > 1.0);
        assert_eq!(at(9.0).0, Status::OffTrack);
        assert_eq!(at(12.0).0, Status::Regressing);
        assert_eq!(at(3.0).0, Status::Achieved);
    }

    #[test]
    fn between_aims_at_the_nearer_bound_and_achieves_inside() {
        let b = baseline(2024, 40.0);
        let t = [target(2030, Op::Between, TargetValue::Range(55.0, 60.0))];
        let (status, basis) = assess(Some(&b), &t, &[obs(d(2027, 12, 31), 48.0)], d(2027, 12, 31));
        let basis = basis.unwrap();
        assert_eq!(basis.y_target, 55.0);
        assert_eq!(status, Status::OnTrack);
        assert_eq!(assess(Some(&b), &t, &[obs(d(2027, 12, 31), 57.0)], d(2027, 12, 31)).0, Status::Achieved);
        // Above the range is not "within".
        assert_ne!(assess(Some(&b), &t, &[obs(d(2027, 12, 31), 61.0)], d(2027, 12, 31)).0, Status::Achieved);
    }

    #[test]
    fn achieved_and_missed() {
        let b = baseline(2024, 60.0);
        let t = [target(2025, Op::Ge, TargetValue::Single(70.0))];
        let achieved = assess(Some(&b), &t, &[obs(d(2025, 12, 31), 71.0)], d(2026, 6, 30));
        assert_eq!(achieved.0, Status::Achieved);
        let missed = assess(Some(&b), &t, &[obs(d(2025, 12, 31), 65.0)], d(2026, 6, 30));
        assert_eq!(missed.0, Status::Missed);
    }

    #[test]
    fn past_the_last_milestone_the_first_listed_of_its_targets_is_judged() {
        let b = baseline(2024, 10.0);
        let t = [target(2025, Op::Le, TargetValue::Single(3.0)), target(2025, Op::Lt, TargetValue::Single(5.0))];
        let (status, basis) = assess(Some(&b), &t, &[obs(d(2026, 3, 31), 4.0)], d(2026, 3, 31));
        assert_eq!((status, basis.unwrap().target), (Status::Missed, 0));
    }

    #[test]
    fn no_baseline_uses_the_first_value() {
        let t = [target(2026, Op::Ge, TargetValue::Single(100.0))];
        let s = [obs(d(2025, 12, 31), 50.0), obs(d(2026, 6, 30), 60.0)];
        let (status, basis) = assess(None, &t, &s, d(2026, 6, 30));
        let basis = basis.unwrap();
        assert!(!basis.from_baseline);
        assert_eq!((basis.t0, basis.y0), (d(2025, 12, 31), 50.0));
        // 181 of 365 days: expected ≈ 74.8, P ≈ 0.40.
        assert_eq!(status, Status::OffTrack);
        assert_eq!(assess(None, &t, &s[..1], d(2026, 6, 30)).0, Status::InsufficientData);
    }

    #[test]
    fn no_data() {
        let t = [target(2026, Op::Ge, TargetValue::Single(100.0))];
        assert_eq!(assess(Some(&baseline(2024, 1.0)), &t, &[], d(2026, 6, 30)), (Status::NoData, None));
    }

    #[test]
    fn judges_the_next_target_and_records_past_outcomes() {
        let b = baseline(2024, 60.0);
        let t = [target(2025, Op::Ge, TargetValue::Single(70.0)), target(2030, Op::Ge, TargetValue::Single(90.0))];
        let s = [obs(d(2025, 12, 31), 65.0), obs(d(2026, 6, 30), 66.0)];
        let (_, basis) = assess(Some(&b), &t, &s, d(2026, 6, 30));
        assert_eq!(basis.unwrap().target, 1);
        assert_eq!(outcomes(&t, &s, d(2026, 6, 30)), vec![Outcome::Missed, Outcome::Pending]);
        assert_eq!(outcomes(&t, &[], d(2026, 6, 30)), vec![Outcome::NoData, Outcome::Pending]);
    }

    #[test]
    fn a_target_missed_at_its_date_and_met_since_says_so() {
        let b = baseline(2024, 60.0);
        let t = [target(2025, Op::Ge, TargetValue::Single(70.0))];
        let (late, now) = (d(2026, 6, 30), d(2026, 9, 30));
        // Missed at the end of 2025; the value of mid-2026 meets it: achieved, and the target's
        // outcome stays missed with the date it was met by.
        let s = [obs(d(2025, 12, 31), 65.0), obs(late, 71.0)];
        assert_eq!(assess(Some(&b), &t, &s, now).0, Status::Achieved);
        assert_eq!(outcomes(&t, &s, now), vec![Outcome::Missed]);
        let official = Some(MetLate { date: late, illustrative: false });
        assert_eq!(outcomes_met_late(&t, &s, now), vec![official]);
        // No value by its date, met since.
        assert_eq!(outcomes(&t, &s[1..], now), vec![Outcome::NoData]);
        assert_eq!(outcomes_met_late(&t, &s[1..], now), vec![official]);
        // The latest value falls short again: nothing met late.
        let again = [obs(d(2025, 12, 31), 65.0), obs(late, 71.0), obs(now, 69.0)];
        assert_eq!(outcomes_met_late(&t, &again, now), vec![None]);
        // Met at its date, or not yet due: nothing to add.
        let met = [obs(d(2025, 12, 31), 72.0), obs(late, 75.0)];
        assert_eq!(outcomes_met_late(&t, &met, now), vec![None]);
        assert_eq!(outcomes_met_late(&t, &s, d(2025, 6, 30)), vec![None]);
        // Met since by a sample value: that is illustrative, the miss at its date (judged on
        // an official figure) is not.
        let mut sample = obs(late, 71.0);
        sample.current.sample = true;
        let s = [obs(d(2025, 12, 31), 65.0), sample];
        assert_eq!(outcomes_met_late(&t, &s, now), vec![Some(MetLate { date: late, illustrative: true })]);
        assert_eq!(outcomes_illustrative(&t, &s, now), vec![false]);
    }

    #[test]
    fn verdicts_drawn_from_sample_values_are_illustrative() {
        let t = [target(2025, Op::Ge, TargetValue::Single(70.0)), target(2026, Op::Ge, TargetValue::Single(80.0))];
        let mut sample = obs(d(2026, 12, 31), 85.0);
        sample.current.sample = true;
        let s = [obs(d(2025, 12, 31), 75.0), sample];
        // 2025 was judged on an official value, 2026 on a sample one.
        assert_eq!(outcomes(&t, &s, d(2027, 3, 31)), vec![Outcome::Met, Outcome::Met]);
        assert_eq!(outcomes_illustrative(&t, &s, d(2027, 3, 31)), vec![false, true]);
        // Not yet due: nothing was judged, nothing is illustrative.
        assert_eq!(outcomes_illustrative(&t, &s, d(2026, 6, 30)), vec![false, false]);
        assert!(status_illustrative(Status::OnTrack, &s, true));
        assert!(!status_illustrative(Status::OnTrack, &s[..1], true));
        assert!(!status_illustrative(Status::NoData, &s, true));
        // A sample value the status is not computed from: an earlier one, with a baseline.
        let mut early = obs(d(2025, 6, 30), 72.0);
        early.current.sample = true;
        let s = [early, obs(d(2025, 12, 31), 75.0)];
        assert!(!status_illustrative(Status::OnTrack, &s, true));
        // Without a baseline the first value is the start of the path: it counts.
        assert!(status_illustrative(Status::OnTrack, &s, false));
    }

    #[test]
    fn every_year_targets_are_judged_for_the_current_year() {
        let mut tg = target(2025, Op::Ge, TargetValue::Single(30.0));
        tg.every_year = true;
        assert_eq!(effective_date(&tg, d(2027, 3, 31)), d(2027, 12, 31));
        assert_eq!(effective_date(&tg, d(2025, 3, 31)), d(2025, 12, 31));
    }

    #[test]
    fn a_target_for_every_year_is_judged_on_figures_of_the_year_it_is_judged_for() {
        let mut tg = target(2025, Op::Ge, TargetValue::Single(30.0));
        tg.every_year = true;
        let b = baseline(2024, 10.0);
        let last_year = [obs(d(2025, 12, 31), 35.0)];
        // 2025's figure met 2025's target; it does not say that 2026's is met.
        assert_eq!(assess(Some(&b), std::slice::from_ref(&tg), &last_year, d(2025, 12, 31)).0, Status::Achieved);
        let (status, basis) = assess(Some(&b), std::slice::from_ref(&tg), &last_year, d(2026, 6, 30));
        assert_eq!(status, Status::InsufficientData);
        let basis = basis.expect("the target and the latest figure are still said");
        assert_eq!((basis.t_target, basis.expected, basis.progress), (d(2026, 12, 31), None, None));
        // Nor is a shortfall of last year carried into this one.
        let short = [obs(d(2025, 12, 31), 20.0)];
        assert_eq!(assess(Some(&b), std::slice::from_ref(&tg), &short, d(2026, 6, 30)).0, Status::InsufficientData);
        // A figure of this year is judged as any.
        let this_year = [obs(d(2025, 12, 31), 20.0), obs(d(2026, 3, 31), 31.0)];
        assert_eq!(assess(Some(&b), std::slice::from_ref(&tg), &this_year, d(2026, 6, 30)).0, Status::Achieved);
        // In its first year too: a figure of the year before the target begins does not count.
        let before = [obs(d(2024, 6, 30), 40.0)];
        assert_eq!(assess(Some(&b), std::slice::from_ref(&tg), &before, d(2025, 6, 30)).0, Status::InsufficientData);
        // A target for one date is met early by any figure.
        let once = target(2025, Op::Ge, TargetValue::Single(30.0));
        assert_eq!(assess(Some(&b), &[once], &before, d(2025, 6, 30)).0, Status::Achieved);
        // Before its first year it is a milestone ahead: the path to it is measured.
        let mut by_2030 = target(2030, Op::Ge, TargetValue::Single(40.0));
        by_2030.every_year = true;
        let (status, basis) = assess(Some(&b), std::slice::from_ref(&by_2030), &this_year, d(2026, 6, 30));
        assert_eq!(status, Status::OnTrack, "31 early in 2026, on a path from 10 in 2024 to 40 by 2030");
        assert!(basis.is_some_and(|b| b.awaiting_year.is_none() && b.progress.is_some()));
    }

    #[test]
    fn a_later_target_for_every_year_takes_the_place_of_an_earlier_one_from_its_first_year() {
        let yearly = |year, value| {
            let mut tg = target(year, Op::Ge, TargetValue::Single(value));
            tg.every_year = true;
            tg
        };
        let once = target(2032, Op::Ge, TargetValue::Single(60.0));
        let mut targets = [yearly(2030, 40.0), once, yearly(2035, 80.0), yearly(2035, 90.0)];
        end_yearly_targets(&mut targets);
        let ends: Vec<_> = targets.iter().map(|t| t.last_year).collect();
        assert_eq!(
            ends,
            [Some(2034), None, None, None],
            "a target for one date ends none; one of the same year neither"
        );
        let first = &targets[0];
        assert_eq!(effective_date(first, d(2031, 3, 31)), d(2031, 12, 31));
        assert_eq!(effective_date(first, d(2034, 6, 30)), d(2034, 12, 31));
        assert_eq!(effective_date(first, d(2036, 6, 30)), d(2034, 12, 31), "its last year");
        // From 2035 the status follows the 2035 target.
        assert_eq!(judged(&targets, d(2033, 6, 30)), Some(0));
        assert_eq!(judged(&targets, d(2035, 6, 30)), Some(2));
        // The first keeps the outcome of each of its years, up to its last and no further.
        let series = [obs(d(2033, 12, 31), 45.0), obs(d(2034, 12, 31), 30.0), obs(d(2035, 12, 31), 85.0)];
        let years = earlier_years(&targets, &series, d(2036, 6, 30));
        let first_years: Vec<_> = years[0].iter().map(|y| (y.year, y.outcome)).collect();
        assert_eq!(first_years[3..], [(2033, Outcome::Met)]);
        assert_eq!(first_years.len(), 4, "2030 to 2033; 2034 is the target's own outcome");
        assert_eq!(outcomes(&targets, &series, d(2036, 6, 30))[0], Outcome::Missed, "30 in 2034");
        let second: Vec<_> = years[2].iter().map(|y| (y.year, y.outcome)).collect();
        assert_eq!(second, [(2035, Outcome::Met)]);
    }

    #[test]
    fn every_earlier_year_of_a_target_for_every_year_keeps_its_outcome() {
        let mut tg = target(2024, Op::Ge, TargetValue::Single(30.0));
        tg.every_year = true;
        let other = target(2030, Op::Ge, TargetValue::Single(30.0));
        let mut s = [obs(d(2024, 12, 31), 35.0), obs(d(2025, 6, 30), 20.0), obs(d(2026, 3, 31), 40.0)];
        s[1].current.sample = true;
        let years = earlier_years(&[tg.clone(), other], &s, d(2026, 6, 30));
        let said: Vec<_> = years[0].iter().map(|y| (y.year, y.outcome, y.illustrative)).collect();
        // 2026 is the year it is judged for now: its outcome is the target's own.
        assert_eq!(said, vec![(2024, Outcome::Met, false), (2025, Outcome::Missed, true)]);
        assert!(years[1].is_empty(), "a target for one date has no years");
        assert!(earlier_years(std::slice::from_ref(&tg), &s, d(2024, 6, 30))[0].is_empty(), "in its first year");
        // No figure of 2025: the figure of 2024 does not stand for it.
        let without_2025 = [s[0].clone(), s[2].clone()];
        let years = earlier_years(&[tg], &without_2025, d(2026, 6, 30));
        assert_eq!(years[0][1].outcome, Outcome::NoData);
    }
}
