//! A target's milestone (`by`) in the page's language. The documents write it in Vietnamese
//! ("Quý III/2026") or the keeper in a machine form ("2026-12"); an English page shows the
//! period's English label where the site defines that period, a month or day in English words,
//! and anything else as written, marked as Vietnamese.

use super::context::Lang;
use super::format;
use crate::model::{Period, TimePoint};

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// What a target set for every year adds to its milestone: "every year", and, once it is
/// judged for a later year than its first, since when ("every year since 2025"), lest "2026"
/// read as its first year. `None` for any other target.
pub fn every_year_words(lang: &Lang, target: &crate::model::Target, as_of: chrono::NaiveDate) -> Option<String> {
    if !target.every_year {
        return None;
    }
    let first = chrono::Datelike::year(&target.by.end());
    let judged = chrono::Datelike::year(&crate::assess::status::effective_date(target, as_of));
    Some(if judged > first {
        lang.t("every_year_since").replace("{year}", &first.to_string())
    } else {
        lang.t("every_year")
    })
}

/// The milestone a target is judged at on `as_of`, in words: its own, but for a target set
/// for every year, which past its first year is judged for the year of `as_of`, and is named
/// by that year ("2026", not the "Năm 2025" it was first set for).
pub fn judged_label(
    lang: &Lang,
    periods: &[Period],
    target: &crate::model::Target,
    as_of: chrono::NaiveDate,
) -> (String, Option<&'static str>) {
    let date = crate::assess::status::effective_date(target, as_of);
    if date > target.by.end() {
        let year = chrono::Datelike::year(&date);
        return label(lang, periods, &year.to_string(), TimePoint::Year(year));
    }
    label(lang, periods, &target.by_written, target.by)
}

/// The milestone `written` (meaning `by`) as the page shows it, and the language of that text
/// when it is not the page's.
pub fn label(lang: &Lang, periods: &[Period], written: &str, by: TimePoint) -> (String, Option<&'static str>) {
    let written = written.trim();
    // A reporting period the site defines, by its Vietnamese label or its id.
    if let Some(p) = periods.iter().find(|p| p.label.trim() == written || p.id == written) {
        let (text, l) = lang.pick_lang(&p.label, p.label_en.as_deref());
        return (text.to_string(), l);
    }
    // A machine form ("2026-12", "2026-Q3", "2026-05-20") says no language: it is written in
    // the page's. A plain year is the same in every language.
    if written == by.canonical() {
        let vi = lang.code == "vi";
        let text = match by {
            TimePoint::Year(y) => y.to_string(),
            TimePoint::Month { year, month } if vi => format!("{month}/{year}"),
            TimePoint::Month { year, month } => {
                format!("{} {year}", MONTHS_EN.get(month as usize - 1).copied().unwrap_or("?"))
            }
            TimePoint::Quarter { year, quarter } if vi => {
                format!("Quý {}/{year}", ROMAN.get(quarter as usize - 1).copied().unwrap_or("?"))
            }
            TimePoint::Quarter { year, quarter } => format!("Q{quarter} {year}"),
            TimePoint::Day(d) => format::date(d, lang.code),
        };
        return (text, None);
    }
    (written.to_string(), lang.foreign(written))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn periods() -> Vec<Period> {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        vec![
            Period {
                id: "2026-Q3".into(),
                label: "Quý III/2026".into(),
                label_en: Some("Q3 2026".into()),
                start: d(2026, 7, 1),
                end: d(2026, 9, 30),
                span: Default::default(),
            },
            Period {
                id: "2026-Q4".into(),
                label: "Quý IV/2026".into(),
                label_en: None,
                start: d(2026, 10, 1),
                end: d(2026, 12, 31),
                span: Default::default(),
            },
        ]
    }

    fn theme() -> crate::theme::Theme {
        crate::theme::Theme::default()
    }

    fn show(code: &str, written: &str, by: TimePoint) -> (String, Option<&'static str>) {
        let theme = theme();
        let lang = Lang { code, prefix: String::new(), theme: &theme };
        label(&lang, &periods(), written, by)
    }

    #[test]
    fn a_period_of_the_site_takes_its_label_in_the_page_language() {
        let q3 = TimePoint::Quarter { year: 2026, quarter: 3 };
        assert_eq!(show("en", "Quý III/2026", q3), ("Q3 2026".into(), None));
        assert_eq!(show("en", "2026-Q3", q3), ("Q3 2026".into(), None));
        assert_eq!(show("vi", "Quý III/2026", q3), ("Quý III/2026".into(), None));
        assert_eq!(show("vi", "2026-Q3", q3), ("Quý III/2026".into(), None));
        // A period with no English label: its Vietnamese label, marked.
        let q4 = TimePoint::Quarter { year: 2026, quarter: 4 };
        assert_eq!(show("en", "Quý IV/2026", q4), ("Quý IV/2026".into(), Some("vi")));
    }

    #[test]
    fn a_year_stays_and_machine_forms_are_written_in_the_page_language() {
        assert_eq!(show("en", "2030", TimePoint::Year(2030)), ("2030".into(), None));
        assert_eq!(show("vi", "2030", TimePoint::Year(2030)), ("2030".into(), None));
        let dec = TimePoint::Month { year: 2026, month: 12 };
        assert_eq!(show("en", "2026-12", dec), ("Dec 2026".into(), None));
        assert_eq!(show("vi", "2026-12", dec), ("12/2026".into(), None));
        let q2 = TimePoint::Quarter { year: 2027, quarter: 2 };
        assert_eq!(show("en", "2027-Q2", q2), ("Q2 2027".into(), None));
        assert_eq!(show("vi", "2027-Q2", q2), ("Quý II/2027".into(), None));
        let day = TimePoint::Day(NaiveDate::from_ymd_opt(2026, 5, 20).unwrap());
        assert_eq!(show("en", "2026-05-20", day), ("20 May 2026".into(), None));
    }

    #[test]
    fn other_wording_is_shown_as_written_and_marked_vietnamese_on_english_pages() {
        let q2 = TimePoint::Quarter { year: 2027, quarter: 2 };
        assert_eq!(show("en", "Quý II/2027", q2), ("Quý II/2027".into(), Some("vi")));
        assert_eq!(show("vi", "Quý II/2027", q2), ("Quý II/2027".into(), None));
        let y = TimePoint::Year(2026);
        assert_eq!(show("en", "Năm 2026", y), ("Năm 2026".into(), Some("vi")));
    }
}
