//! The status rules and each target's outcome, on small series.

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
    assert_eq!((basis.t0, basis.y0, basis.t_target, basis.y_target), (d(2024, 12, 31), 60.0, d(2026, 12, 31), 80.0));
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

/// The year-end report judges the year's targets: a target due on the reference date (the
/// current period's end) is no longer ahead, and the one after it is what the status follows.
#[test]
fn a_target_due_on_the_periods_last_day_is_judged_in_that_periods_report() {
    let b = baseline(2024, 60.0);
    let t = [target(2025, Op::Ge, TargetValue::Single(70.0)), target(2030, Op::Ge, TargetValue::Single(90.0))];
    let year_end = d(2025, 12, 31);
    let s = [obs(year_end, 65.0)];
    assert_eq!(outcomes(&t, &s, year_end), vec![Outcome::Missed, Outcome::Pending]);
    assert_eq!(outcomes(&t, &s, d(2025, 12, 30)), vec![Outcome::Pending, Outcome::Pending]);
    assert_eq!(assess(Some(&b), &t, &s, year_end).1.unwrap().target, 1);
    assert_eq!(outcomes(&t, &[obs(year_end, 71.0)], year_end), vec![Outcome::Met, Outcome::Pending]);
    // With no later target, a missed last milestone is missed on its day.
    let last = &t[..1];
    assert_eq!(assess(Some(&b), last, &s, year_end).0, Status::Missed);
    let q3 = d(2025, 9, 30);
    assert_eq!(assess(Some(&b), last, &[obs(q3, 65.0)], q3).0, Status::NeedsAcceleration);
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
    // Without a baseline, one figure of last year: waiting for this year's, as with one.
    let (status, basis) = assess(None, std::slice::from_ref(&tg), &short, d(2026, 6, 30));
    assert_eq!(status, Status::InsufficientData);
    assert_eq!(basis.and_then(|b| b.awaiting_year), Some(2026), "not asked for a baseline or a second figure");
    // One figure of this year and no baseline: nothing to measure a path from.
    let (status, basis) = assess(None, std::slice::from_ref(&tg), &this_year[1..], d(2026, 6, 30));
    assert_eq!((status, basis.is_none()), (Status::InsufficientData, true));
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
    assert_eq!(ends, [Some(2034), None, None, None], "a target for one date ends none; one of the same year neither");
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
