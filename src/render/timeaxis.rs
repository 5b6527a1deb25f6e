//! Time axes labelled at the data's own granularity: years as years, quarters as "Q1/2026"
//! ("Quý I/2026"), months as "T3/2026" ("Mar 2026"), with a short form for narrow charts
//! ("Q1/26", "QI/26", "T3/26"). Each tick sits at the end of its period, where reported values
//! are dated, and ticks are thinned until no two labels touch.

use chrono::{Datelike, NaiveDate};

use super::chart::year_fraction;

/// How finely an indicator's values are dated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum Granularity {
    #[default]
    Year,
    Quarter,
    Month,
}

fn is_month_end(d: NaiveDate) -> bool {
    d.succ_opt().is_some_and(|n| n.day() == 1)
}

/// The granularity of a series from its dates: quarters when every value closes a quarter and
/// not all close a year; months when every value closes a month and some do not close a
/// quarter; years otherwise (including a single year-end value, or dates inside months).
pub fn granularity(dates: &[NaiveDate]) -> Granularity {
    if dates.is_empty() || !dates.iter().all(|d| is_month_end(*d)) {
        return Granularity::Year;
    }
    if dates.iter().any(|d| d.month() % 3 != 0) {
        Granularity::Month
    } else if dates.iter().any(|d| d.month() != 12) {
        Granularity::Quarter
    } else {
        Granularity::Year
    }
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// The label of the period that ends on `end`, in `lang`; `short` for narrow charts.
pub fn label(g: Granularity, end: NaiveDate, lang: &str, short: bool) -> String {
    let (y, m) = (end.year(), end.month() as usize);
    let year = if short { format!("{:02}", y.rem_euclid(100)) } else { y.to_string() };
    match (g, lang == "vi") {
        (Granularity::Year, _) => y.to_string(),
        (Granularity::Quarter, true) if short => format!("Q{}/{year}", ROMAN[(m - 1) / 3]),
        (Granularity::Quarter, true) => format!("Quý {}/{year}", ROMAN[(m - 1) / 3]),
        (Granularity::Quarter, false) => format!("Q{}/{year}", (m - 1) / 3 + 1),
        (Granularity::Month, true) => format!("T{m}/{year}"),
        (Granularity::Month, false) => format!("{} {year}", MONTHS_EN[m - 1]),
    }
}

/// Every period end between `x0` and `x1` (fractional years), with its date.
pub fn period_ends(g: Granularity, x0: f64, x1: f64) -> Vec<(f64, NaiveDate)> {
    let months_per = match g {
        Granularity::Year => 12,
        Granularity::Quarter => 3,
        Granularity::Month => 1,
    };
    let mut out = Vec::new();
    let first = x0.floor() as i32 - 1;
    let last = x1.ceil() as i32;
    for y in first..=last {
        for m in (months_per..=12).step_by(months_per as usize) {
            let Some(end) = NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                .and_then(|d| d.pred_opt())
            else {
                continue;
            };
            let x = year_fraction(end);
            if x >= x0 && x <= x1 {
                out.push((x, end));
            }
        }
    }
    out
}

fn steps(g: Granularity) -> &'static [usize] {
    match g {
        Granularity::Year => &[1, 2, 5, 10, 20, 50],
        Granularity::Quarter => &[1, 2, 4, 8, 12, 20, 40],
        Granularity::Month => &[1, 2, 3, 6, 12, 24, 60, 120],
    }
}

/// A candidate tick in pixels: centre and label width.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span {
    pub centre: f64,
    pub width: f64,
}

/// Which candidates to label: every `step`-th one counted from `anchor` (the latest value's
/// period, so that it is always labelled when it fits), with the smallest step at which no two
/// labels come closer than `gap` pixels; labels that would leave `lo..hi` are dropped.
pub fn choose(g: Granularity, spans: &[Span], anchor: usize, gap: f64, lo: f64, hi: f64) -> Vec<usize> {
    let inside = |s: &Span| s.centre - s.width / 2.0 >= lo && s.centre + s.width / 2.0 <= hi;
    for &step in steps(g) {
        let picked: Vec<usize> =
            (0..spans.len()).filter(|i| i.abs_diff(anchor) % step == 0 && inside(&spans[*i])).collect();
        let fits = picked.windows(2).all(|w| {
            let (a, b) = (spans[w[0]], spans[w[1]]);
            b.centre - b.width / 2.0 - (a.centre + a.width / 2.0) >= gap
        });
        if fits {
            return picked;
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn granularity_follows_the_dates() {
        assert_eq!(granularity(&[d(2025, 9, 30), d(2025, 12, 31), d(2026, 3, 31)]), Granularity::Quarter);
        assert_eq!(granularity(&[d(2024, 12, 31), d(2025, 12, 31)]), Granularity::Year);
        assert_eq!(granularity(&[d(2026, 1, 31), d(2026, 3, 31)]), Granularity::Month);
        assert_eq!(granularity(&[d(2026, 1, 15)]), Granularity::Year);
        assert_eq!(granularity(&[]), Granularity::Year);
        assert_eq!(granularity(&[d(2024, 2, 29)]), Granularity::Month);
    }

    #[test]
    fn labels_in_both_languages() {
        assert_eq!(label(Granularity::Quarter, d(2026, 3, 31), "vi", false), "Quý I/2026");
        assert_eq!(label(Granularity::Quarter, d(2026, 12, 31), "vi", true), "QIV/26");
        assert_eq!(label(Granularity::Quarter, d(2026, 6, 30), "en", false), "Q2/2026");
        assert_eq!(label(Granularity::Quarter, d(2026, 6, 30), "en", true), "Q2/26");
        assert_eq!(label(Granularity::Month, d(2026, 3, 31), "vi", false), "T3/2026");
        assert_eq!(label(Granularity::Month, d(2026, 3, 31), "en", true), "Mar 26");
        assert_eq!(label(Granularity::Year, d(2025, 12, 31), "vi", true), "2025");
    }

    #[test]
    fn period_ends_cover_the_range() {
        let q = period_ends(Granularity::Quarter, 2025.0, 2027.0);
        // The end of 2024 is the start of 2025: year fractions count days gone.
        assert_eq!(q.first().map(|p| p.1), Some(d(2024, 12, 31)));
        assert_eq!(q.last().map(|p| p.1), Some(d(2026, 12, 31)));
        assert_eq!(q.len(), 9);
        let y = period_ends(Granularity::Year, 2024.9, 2030.1);
        assert_eq!(y.iter().map(|p| p.1.year()).collect::<Vec<_>>(), vec![2024, 2025, 2026, 2027, 2028, 2029]);
        // December 2025 to December 2026, both ends included.
        assert_eq!(period_ends(Granularity::Month, 2026.0, 2027.0).len(), 13);
    }

    #[test]
    fn ticks_thin_until_labels_do_not_touch() {
        let spans: Vec<Span> = (0..8).map(|i| Span { centre: 50.0 + 40.0 * i as f64, width: 50.0 }).collect();
        // 40 px apart with 50 px labels: every other one overlaps, every second fits.
        let picked = choose(Granularity::Quarter, &spans, 7, 6.0, 0.0, 400.0);
        assert_eq!(picked, vec![1, 3, 5, 7]);
        let roomy: Vec<Span> = (0..4).map(|i| Span { centre: 50.0 + 100.0 * i as f64, width: 50.0 }).collect();
        assert_eq!(choose(Granularity::Year, &roomy, 3, 6.0, 0.0, 400.0), vec![0, 1, 2, 3]);
        // A label that would leave the chart is dropped.
        assert_eq!(choose(Granularity::Year, &roomy, 3, 6.0, 30.0, 400.0), vec![1, 2, 3]);
    }
}
