//! Reading deadlines and milestones as the plan documents word them.

use chrono::NaiveDate;

use crate::model::{DeadlineKind, TimePoint};
use crate::text;

/// What `due` accepts, for error messages and the docs.
pub const ACCEPTED_DEADLINES: &str = "a day (2026-05-20, 20/5/2026, trước ngày 20/5/2026), \
a month (2026-12, 12/2026, Tháng 12/2026, Hoàn thành trong tháng 8/2025), \
a quarter (2026-Q2, Quý II/2026, or Quý II with the plan's year), \
a year (2026, Năm 2026, Hoàn thành trong năm 2026), a span (2026..2027, 2026-2027), \
ongoing / Thường xuyên, annual / Hàng năm / Hằng năm, on_request / Theo yêu cầu; \
wording that names no date goes in `due_text`";

/// What a milestone (`by`, `at`) accepts.
pub const ACCEPTED_POINTS: &str =
    "a year (\"2030\"), quarter (\"2026-Q2\", \"Quý II/2026\"), month (\"2026-12\", \"12/2026\") or day (2026-05-20)";

/// The years a plan, deadline, milestone or date may name. Anything outside is a typing
/// mistake (`year = 2147483647` once produced deadlines like "+262142-12-31").
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Why a deadline could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum DeadlineError {
    /// Not one of the accepted forms.
    Unknown,
    /// "Quý II" with no year, in a plan that has neither `year` nor `issued`.
    NoYear,
    /// A span whose end comes before its start.
    Backwards,
    /// A day that no calendar has, such as 31/2/2026.
    NoSuchDay { year: i32, month: u32, day: u32 },
    /// A year outside [`YEARS`] (`20266`, `2301`): a typing mistake.
    YearOutside(i64),
    /// A month past 12 or a quarter past IV.
    NoSuchPart { what: &'static str, number: u32 },
}

/// Parses a deadline in any of the forms of the input format. `plan_year` fills in quarters
/// and months written without a year.
///
/// ```
/// use minhbach::load::deadline::parse_deadline;
/// use minhbach::model::{DeadlineKind, TimePoint};
/// assert_eq!(parse_deadline("Quý II/2026", None), Ok(DeadlineKind::Point(TimePoint::Quarter { year: 2026, quarter: 2 })));
/// assert_eq!(parse_deadline("Thường xuyên", None), Ok(DeadlineKind::Ongoing));
/// ```
pub fn parse_deadline(written: &str, plan_year: Option<i32>) -> Result<DeadlineKind, DeadlineError> {
    let s = normalise(written);
    match s.as_str() {
        "ongoing" | "thường xuyên" | "liên tục" => return Ok(DeadlineKind::Ongoing),
        "annual" | "hàng năm" | "hằng năm" | "annually" => return Ok(DeadlineKind::Annual),
        "on_request" | "theo yêu cầu" | "khi có yêu cầu" => {
            return Ok(DeadlineKind::OnRequest);
        }
        _ => {}
    }
    let (before, rest) = strip_prefixes(&s);
    if let Some((a, b)) = split_span(rest) {
        let from = parse_point_normalised(a, plan_year)?;
        let to = parse_point_normalised(b, plan_year)?;
        if to.end() < from.end() {
            return Err(DeadlineError::Backwards);
        }
        return Ok(DeadlineKind::Span(from, to));
    }
    let point = parse_point_normalised(rest, plan_year)?;
    if before { Ok(DeadlineKind::Before(start_of(point))) } else { Ok(DeadlineKind::Point(point)) }
}

/// Parses a milestone: a year, quarter, month or day.
pub fn parse_point(written: &str, plan_year: Option<i32>) -> Result<TimePoint, DeadlineError> {
    let s = normalise(written);
    let (_, rest) = strip_prefixes(&s);
    parse_point_normalised(rest, plan_year)
}

fn normalise(written: &str) -> String {
    let s = text::fold_key(written).replace(['–', '—', '‑'], "-");
    s.trim_end_matches(['.', '*', ';', ',']).trim().to_string()
}

/// Removes leading words such as "hoàn thành trong", reporting whether "trước" was among them.
fn strip_prefixes(s: &str) -> (bool, &str) {
    const PREFIXES: &[&str] =
        &["hoàn thành", "chậm nhất", "trước", "trong", "ngày", "đến", "giai đoạn", "by", "before", "in"];
    let mut rest = s;
    let mut before = false;
    loop {
        let trimmed = rest.trim_start();
        let found = PREFIXES.iter().find(|p| {
            trimmed.starts_with(**p)
                && trimmed[p.len()..].starts_with(|c: char| c.is_whitespace() || c.is_ascii_digit())
        });
        match found {
            Some(p) => {
                before |= *p == "trước" || *p == "before";
                rest = &trimmed[p.len()..];
            }
            None => return (before, trimmed),
        }
    }
}

fn split_span(s: &str) -> Option<(&str, &str)> {
    if let Some((a, b)) = s.split_once("..") {
        return Some((a.trim(), b.trim()));
    }
    // "2026-2027" and "2025 - 2030": two years joined by a dash, never a month like "2026-05".
    let (a, b) = s.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let year = |x: &str| x.len() == 4 && x.chars().all(|c| c.is_ascii_digit());
    (year(a) && year(b)).then_some((a, b))
}

fn parse_point_normalised(s: &str, plan_year: Option<i32>) -> Result<TimePoint, DeadlineError> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix("quý") {
        return parse_quarter(rest.trim(), plan_year);
    }
    if let Some(rest) = s.strip_prefix("tháng") {
        return parse_month_words(rest.trim(), plan_year);
    }
    if let Some(rest) = s.strip_prefix("năm") {
        return year(rest.trim()).map(TimePoint::Year);
    }
    if is_digits(s) {
        return year(s).map(TimePoint::Year);
    }
    if let Some((y, q)) = s.split_once("-q") {
        let (y, q) = (year(y)?, number(q).ok_or(DeadlineError::Unknown)?);
        return quarter(y, q);
    }
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    match parts.as_slice() {
        [y, m, d] if s.contains('-') => day(year(y)?, number(m), number(d)),
        [d, m, y] if s.contains('/') => day(year(y)?, number(m), number(d)),
        [y, m] if s.contains('-') => month(year(y)?, number(m)),
        [m, y] if s.contains('/') => month(year(y)?, number(m)),
        _ => Err(DeadlineError::Unknown),
    }
}

fn parse_quarter(rest: &str, plan_year: Option<i32>) -> Result<TimePoint, DeadlineError> {
    let (q, y) = match rest.split_once(['/', ' ']) {
        Some((q, y)) => {
            let y = y.trim().trim_start_matches("năm").trim();
            (q.trim(), Some(year(y)?))
        }
        None => (rest, None),
    };
    let q = roman(q).or_else(|| number(q)).ok_or(DeadlineError::Unknown)?;
    let y = y.or(plan_year).ok_or(DeadlineError::NoYear)?;
    quarter(y, q)
}

fn parse_month_words(rest: &str, plan_year: Option<i32>) -> Result<TimePoint, DeadlineError> {
    let (m, y) = match rest.split_once(['/', ' ']) {
        Some((m, y)) => {
            let y = y.trim().trim_start_matches("năm").trim();
            (m.trim(), Some(year(y)?))
        }
        None => (rest, None),
    };
    let y = y.or(plan_year).ok_or(DeadlineError::NoYear)?;
    month(y, number(m))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

/// A year of four digits within [`YEARS`]; one of four to six digits outside them is named as
/// such (`20266` typed for 2026), anything else is no year.
fn year(s: &str) -> Result<i32, DeadlineError> {
    let s = s.trim();
    if !is_digits(s) || !(4..=6).contains(&s.len()) {
        return Err(DeadlineError::Unknown);
    }
    let y: i64 = s.parse().map_err(|_| DeadlineError::Unknown)?;
    match i32::try_from(y) {
        Ok(y) if s.len() == 4 && YEARS.contains(&y) => Ok(y),
        _ => Err(DeadlineError::YearOutside(y)),
    }
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn roman(s: &str) -> Option<u32> {
    Some(match s {
        "i" => 1,
        "ii" => 2,
        "iii" => 3,
        "iv" => 4,
        _ => return None,
    })
}

fn quarter(year: i32, q: u32) -> Result<TimePoint, DeadlineError> {
    match q {
        1..=4 => Ok(TimePoint::Quarter { year, quarter: q }),
        0 => Err(DeadlineError::Unknown),
        _ => Err(DeadlineError::NoSuchPart { what: "quarter", number: q }),
    }
}

fn month(year: i32, m: Option<u32>) -> Result<TimePoint, DeadlineError> {
    match m {
        Some(month @ 1..=12) => Ok(TimePoint::Month { year, month }),
        Some(month @ 13..) => Err(DeadlineError::NoSuchPart { what: "month", number: month }),
        _ => Err(DeadlineError::Unknown),
    }
}

fn day(y: i32, m: Option<u32>, d: Option<u32>) -> Result<TimePoint, DeadlineError> {
    let (m, d) = (m.ok_or(DeadlineError::Unknown)?, d.ok_or(DeadlineError::Unknown)?);
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok(TimePoint::Day(date)),
        None if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Err(DeadlineError::NoSuchDay { year: y, month: m, day: d })
        }
        None => Err(DeadlineError::Unknown),
    }
}

/// How many days month `month` of `year` has.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(next.0, next.1, 1).and_then(|d| d.pred_opt()).map_or(31, |d| chrono::Datelike::day(&d))
}

/// The first day a point covers.
fn start_of(p: TimePoint) -> NaiveDate {
    let ymd = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
    match p {
        TimePoint::Day(d) => d,
        TimePoint::Month { year, month } => ymd(year, month),
        TimePoint::Quarter { year, quarter } => ymd(year, quarter * 3 - 2),
        TimePoint::Year(y) => ymd(y, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeadlineKind::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn p(s: &str) -> DeadlineKind {
        parse_deadline(s, Some(2026)).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn days() {
        assert_eq!(p("2026-05-20"), Point(TimePoint::Day(d(2026, 5, 20))));
        assert_eq!(p("20/5/2026"), Point(TimePoint::Day(d(2026, 5, 20))));
        assert_eq!(p("ngày 20/05/2026"), Point(TimePoint::Day(d(2026, 5, 20))));
        assert_eq!(p("trước ngày 20/5/2026"), Before(d(2026, 5, 20)));
        assert_eq!(p("hoàn thành trước ngày 22/5/2026"), Before(d(2026, 5, 22)));
        assert_eq!(p("Hoàn thành trước ngày 20/5/2026*"), Before(d(2026, 5, 20)));
    }

    #[test]
    fn months() {
        let dec = Point(TimePoint::Month { year: 2026, month: 12 });
        assert_eq!(p("2026-12"), dec);
        assert_eq!(p("12/2026"), dec);
        assert_eq!(p("Tháng 12/2026"), dec);
        assert_eq!(p("tháng 12 năm 2026"), dec);
        assert_eq!(p("Tháng 01/2026"), Point(TimePoint::Month { year: 2026, month: 1 }));
        assert_eq!(p("Hoàn thành trong tháng 8/2025"), Point(TimePoint::Month { year: 2025, month: 8 }));
        assert_eq!(p("Tháng 6"), Point(TimePoint::Month { year: 2026, month: 6 }));
    }

    #[test]
    fn quarters_with_roman_numerals() {
        let q2 = Point(TimePoint::Quarter { year: 2026, quarter: 2 });
        assert_eq!(p("2026-Q2"), q2);
        assert_eq!(p("Quý II/2026"), q2);
        assert_eq!(p("quý 2/2026"), q2);
        assert_eq!(p("Quý II năm 2026"), q2);
        assert_eq!(p("Quý II"), q2);
        assert_eq!(p("Quý IV/2025"), Point(TimePoint::Quarter { year: 2025, quarter: 4 }));
        assert_eq!(p("Quý III/2030"), Point(TimePoint::Quarter { year: 2030, quarter: 3 }));
        assert_eq!(parse_deadline("Quý II", None), Err(DeadlineError::NoYear));
        assert_eq!(parse_deadline("Quý V/2026", None), Err(DeadlineError::Unknown));
    }

    #[test]
    fn years() {
        assert_eq!(p("2026"), Point(TimePoint::Year(2026)));
        assert_eq!(p("Năm 2026"), Point(TimePoint::Year(2026)));
        assert_eq!(p("Hoàn thành trong năm 2026"), Point(TimePoint::Year(2026)));
    }

    #[test]
    fn spans() {
        let span = Span(TimePoint::Year(2026), TimePoint::Year(2027));
        assert_eq!(p("2026..2027"), span);
        assert_eq!(p("2026-2027"), span);
        assert_eq!(p("2026 – 2027"), span);
        assert_eq!(p("Giai đoạn 2025-2030"), Span(TimePoint::Year(2025), TimePoint::Year(2030)));
        assert_eq!(
            p("2026-Q1..2026-Q3").clone(),
            Span(TimePoint::Quarter { year: 2026, quarter: 1 }, TimePoint::Quarter { year: 2026, quarter: 3 })
        );
        assert_eq!(parse_deadline("2027-2026", None), Err(DeadlineError::Backwards));
    }

    #[test]
    fn recurring_and_open() {
        assert_eq!(p("Thường xuyên"), Ongoing);
        assert_eq!(p("ongoing"), Ongoing);
        assert_eq!(p("Hàng năm"), Annual);
        assert_eq!(p("Hằng năm"), Annual);
        assert_eq!(p("annual"), Annual);
        assert_eq!(p("Theo yêu cầu"), OnRequest);
        assert_eq!(p("on_request"), OnRequest);
    }

    #[test]
    fn rejects_what_names_no_date() {
        for s in ["trước thời điểm tổ chức Hội thảo 01 ngày", "sớm", "32/1/2026", "", "Quý V/2026", "12"]
        {
            assert_eq!(parse_deadline(s, Some(2026)), Err(DeadlineError::Unknown), "{s}");
        }
    }

    #[test]
    fn a_mistyped_year_month_or_quarter_is_named() {
        let month = |number| Err(DeadlineError::NoSuchPart { what: "month", number });
        assert_eq!(parse_deadline("13/2026", None), month(13));
        assert_eq!(parse_deadline("2026-13", None), month(13));
        assert_eq!(parse_deadline("Tháng 13/2026", None), month(13));
        assert_eq!(parse_deadline("Quý 5/2026", None), Err(DeadlineError::NoSuchPart { what: "quarter", number: 5 }));
        assert_eq!(parse_deadline("trước ngày 20/7/20266", None), Err(DeadlineError::YearOutside(20266)));
        assert_eq!(parse_deadline("Năm 1850", None), Err(DeadlineError::YearOutside(1850)));
        assert_eq!(parse_deadline("2301", None), Err(DeadlineError::YearOutside(2301)));
    }

    #[test]
    fn points_for_milestones() {
        assert_eq!(parse_point("2030", None), Ok(TimePoint::Year(2030)));
        assert_eq!(parse_deadline("31/02/2026", None), Err(DeadlineError::NoSuchDay { year: 2026, month: 2, day: 31 }));
        assert_eq!(
            parse_deadline("trước ngày 2026-04-31", None),
            Err(DeadlineError::NoSuchDay { year: 2026, month: 4, day: 31 })
        );
        assert_eq!(parse_deadline("32/1/2026", None), Err(DeadlineError::Unknown));
        assert_eq!((days_in_month(2028, 2), days_in_month(2026, 2), days_in_month(2026, 12)), (29, 28, 31));
        assert_eq!(parse_point("Quý II/2026", None), Ok(TimePoint::Quarter { year: 2026, quarter: 2 }));
        assert_eq!(parse_point("2026-05-20", None), Ok(TimePoint::Day(d(2026, 5, 20))));
    }
}
