//! An indicator's figures in words: its latest value and target, where its values went, why
//! it has its status, and whether any of it is illustrative. Charts' text alternatives, link
//! previews and share pictures say with these what a chart or badge shows.

use super::context::Lang;
use super::format;
use super::views::{op_text, unit_label};
use crate::assess::IndicatorAssessment;
use crate::assess::status::Status;
use crate::model::Indicator;

/// Two texts that go together: a value and its date, a target's year and its wording.
pub type TwoWords = (String, String);

/// An indicator's latest value with its date, and the target it is judged against with its
/// date, in words: what its share picture says, without drawing its list's small chart. The
/// milestone is in the page's language where it names one of `periods`.
pub fn headline(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
    as_of: chrono::NaiveDate,
) -> (Option<TwoWords>, Option<TwoWords>) {
    let unit = unit_label(lang, ind);
    let judged = judged_target(ind, a, as_of);
    (
        a.series.last().map(|o| (format::with_unit(o.value(), unit, lang.code), format::date(o.date, lang.code))),
        judged.map(|t| (super::milestone::judged_label(lang, periods, t, as_of).0, op_text(t.op, t.value, unit, lang))),
    )
}

/// The target an indicator is judged against as of `as_of`, or would be once it has a value:
/// its status's, else the next one ahead, else the first listed of the last milestone's (see
/// [`crate::assess::status::judged`]). Not the last of all: an indicator with no value yet
/// showed its 2045 target where the next is due in 2030.
pub fn judged_target<'a>(
    ind: &'a Indicator,
    a: &IndicatorAssessment,
    as_of: chrono::NaiveDate,
) -> Option<&'a crate::model::Target> {
    let index = a.basis.as_ref().map(|b| b.target).or_else(|| crate::assess::status::judged(&ind.targets, as_of));
    index.and_then(|i| ind.targets.get(i))
}

/// What a chart of the indicator says in words: where its values went, and its status
/// explained. With no value, the explanation alone: the trend would say the same thing first.
pub fn chart_description(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
) -> String {
    let explained = status_explanation(lang, periods, ind, a);
    if a.series.is_empty() { explained } else { format!("{} {explained}", trend_sentence_marked(lang, ind, a)) }
}

/// One sentence saying where the values went, for chart descriptions.
/// What became of a target (`key`: met, missed, no_data, pending), and when it was not met by
/// its date but the latest value, of `late`, meets it, that too: the status then says
/// achieved, and the two would read as a contradiction.
pub fn outcome(lang: &Lang, key: &str, late: Option<chrono::NaiveDate>) -> String {
    let said = lang.t(&format!("outcome_{key}"));
    match late {
        Some(date) => {
            format!("{said}; {}", lang.t("outcome_met_late").replace("{date}", &format::date(date, lang.code)))
        }
        None => said,
    }
}

/// A target's outcome in words: for a target set for every year, past its first year, each
/// year's, the earlier years first ("2025: Missed; 2026: Not yet due"), `year` being the one
/// it is judged for now.
pub fn target_outcome(
    lang: &Lang,
    now: crate::assess::status::Outcome,
    late: Option<chrono::NaiveDate>,
    earlier: &[crate::assess::status::YearOutcome],
    year: i32,
) -> String {
    let said = outcome(lang, now.as_str(), late);
    if earlier.is_empty() {
        return said;
    }
    let each = earlier.iter().map(|y| format!("{}: {}", y.year, lang.t(&format!("outcome_{}", y.outcome.as_str()))));
    each.chain([format!("{year}: {said}")]).collect::<Vec<_>>().join("; ")
}

pub fn trend_sentence(lang: &Lang, ind: &Indicator, a: &IndicatorAssessment) -> String {
    let unit = unit_label(lang, ind);
    let v = |x: f64| format::with_unit(x, unit, lang.code);
    match (a.series.first(), a.series.last()) {
        (Some(first), Some(last)) if a.series.len() > 1 => {
            trend_between(lang, unit, (first.value(), first.date), (last.value(), last.date))
        }
        (Some(only), _) => lang
            .t("trend_single")
            .replace("{value}", &v(only.value()))
            .replace("{date}", &format::date(only.date, lang.code)),
        _ => lang.t("trend_none"),
    }
}

/// Where the values went from the first, `(value, date)`, to the last, in a sentence. Each
/// direction is a sentence of its own: "stayed at 100% from … to …" says what "stayed from 100%
/// to 100%" does not, and Vietnamese says "lên" only of a rise.
pub fn trend_between(
    lang: &Lang,
    unit: &str,
    first: (f64, chrono::NaiveDate),
    last: (f64, chrono::NaiveDate),
) -> String {
    let key = if last.0 > first.0 {
        "trend_rose"
    } else if last.0 < first.0 {
        "trend_fell"
    } else {
        "trend_stayed"
    };
    lang.t(key)
        .replace("{from}", &format::with_unit(first.0, unit, lang.code))
        .replace("{from_date}", &format::date(first.1, lang.code))
        .replace("{to}", &format::with_unit(last.0, unit, lang.code))
        .replace("{to_date}", &format::date(last.1, lang.code))
}

/// The trend in a sentence, followed, when any of its figures is illustrative (sample), by a
/// sentence saying so: for the places that put figures in words where no badge is seen (a link
/// preview, a chart's text alternative, a small chart's `alt`).
pub fn trend_sentence_marked(lang: &Lang, ind: &Indicator, a: &IndicatorAssessment) -> String {
    let trend = trend_sentence(lang, ind, a);
    match illustrative_sentence(lang, a) {
        Some(note) => format!("{trend} {note}"),
        None => trend,
    }
}

/// That all, or some, of an indicator's figures are illustrative; `None` when none is.
pub fn illustrative_sentence(lang: &Lang, a: &IndicatorAssessment) -> Option<String> {
    let n = a.series.iter().filter(|o| o.current.sample).count();
    (n > 0).then(|| lang.t(if n == a.series.len() { "figures_illustrative_all" } else { "figures_illustrative_some" }))
}

/// The status in words with the numbers behind it, so that anyone can redo the sum.
pub fn status_explanation(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
) -> String {
    explanation(lang, periods, ind, a, &|text, _| text)
}

/// [`status_explanation`] as HTML: a figure whose unit, or a milestone whose label, is in
/// another language than the page's (a unit without its English name) is marked with its
/// `lang`, so that a screen reader says it in that language.
pub fn status_explanation_html(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
) -> String {
    const OPEN: char = '\u{E000}';
    const SHUT: char = '\u{E001}';
    let marked = explanation(lang, periods, ind, a, &|text, other| match other {
        Some(code) => format!("{OPEN}{code}{SHUT}{text}{OPEN}{SHUT}"),
        None => text,
    });
    // The markers are private-use characters, never in a theme's words nor a site's data
    // (which is NFC text from TOML): escaping leaves them, then they become the spans.
    let escaped = crate::text::escape(&marked);
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        rest = &rest[at + OPEN.len_utf8()..];
        let end = rest.find(SHUT).unwrap_or(rest.len());
        let code = &rest[..end];
        rest = rest.get(end + SHUT.len_utf8()..).unwrap_or_default();
        if code.is_empty() {
            out.push_str("</span>");
        } else {
            out.push_str(&format!("<span lang=\"{code}\">"));
        }
    }
    out.push_str(rest);
    out
}

/// The explanation, each figure with a foreign unit and a foreign milestone given to `mark`
/// with its language.
fn explanation(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
    mark: &dyn Fn(String, Option<&str>) -> String,
) -> String {
    let unit = unit_label(lang, ind);
    let unit_lang = super::views::unit_lang(lang, ind);
    let v = |x: f64| mark(format::with_unit(x, unit, lang.code), unit_lang);
    let Some(b) = &a.basis else { return lang.t(&format!("explain_{}", a.status.as_str())) };
    let target = &ind.targets[b.target];
    let aim = |t: &crate::model::Target| mark(op_text(t.op, t.value, unit, lang), unit_lang);
    // The date of the target as judged: for a target set for every year, this year's end.
    let (by, by_lang) = super::milestone::judged_label(lang, periods, target, b.t_target);
    let mut s = lang
        .t("explain_latest")
        .replace("{yt}", &v(b.yt))
        .replace("{t}", &format::date(b.t, lang.code))
        .replace("{target}", &aim(target))
        .replace("{by}", &mark(by, by_lang));
    s.push(' ');
    if let (Some(expected), Some(p)) = (b.expected, b.progress) {
        // Rounded to cents as a citizen redoes the sum, unless that makes a figure of
        // thousandths 0: then written as figures are, with its first digits.
        let rounded = (expected * 100.0).round() / 100.0;
        let expected = if rounded == 0.0 { expected } else { rounded };
        let start = if b.from_baseline { lang.t("explain_baseline") } else { lang.t("explain_first_value") };
        s.push_str(
            &lang
                .t("explain_path")
                .replace("{start}", &start)
                .replace("{y0}", &v(b.y0))
                .replace("{t0}", &format::date(b.t0, lang.code))
                .replace("{yT}", &v(b.y_target))
                .replace("{tT}", &format::date(b.t_target, lang.code))
                .replace("{expected}", &v(expected))
                .replace("{P}", &progress_shown(p, lang.code)),
        );
        s.push(' ');
    }
    // Past the far bound of a range: not within it, so not achieved, though P, measured to the
    // nearer bound, may be large; said, so that the status is not read as praise or blame.
    if let crate::model::TargetValue::Range(lo, hi) = target.value
        && a.status != Status::Achieved
        && b.awaiting_year.is_none()
    {
        let far = if b.y_target == lo { hi } else { lo };
        let beyond = if far >= b.y_target { b.yt > far } else { b.yt < far };
        if beyond {
            let start = if b.from_baseline { lang.t("explain_baseline") } else { lang.t("explain_first_value") };
            s.push_str(&lang.t("explain_beyond_range").replace("{target}", &aim(target)).replace("{start}", &start));
            s.push(' ');
        }
    }
    // With a start and a target, data is short only when the path has no length yet: say
    // which, rather than asking for data the page shows.
    let key = match a.status {
        Status::InsufficientData if b.awaiting_year.is_some() => "explain_insufficient_year".to_string(),
        Status::InsufficientData if b.t <= b.t0 => "explain_insufficient_same_day".to_string(),
        Status::InsufficientData if b.t_target <= b.t0 => "explain_insufficient_target_at_start".to_string(),
        status => format!("explain_{}", status.as_str()),
    };
    s.push_str(
        &lang
            .t(&key)
            .replace(
                "{start}",
                &if b.from_baseline { lang.t("explain_baseline") } else { lang.t("explain_first_value") },
            )
            .replace("{t0}", &format::date(b.t0, lang.code))
            .replace("{year}", &b.awaiting_year.map(|y| y.to_string()).unwrap_or_default()),
    );
    // The documents may set more than one figure for the same milestone: each is said (the
    // table of targets beside says where), and which one the status is measured against.
    let others: Vec<String> = ind
        .targets
        .iter()
        .enumerate()
        .filter(|(i, t)| *i != b.target && t.by == target.by && t.every_year == target.every_year)
        .map(|(_, t)| aim(t))
        .collect();
    if !others.is_empty() {
        s.push(' ');
        s.push_str(
            &lang.t("explain_other_targets").replace("{others}", &others.join("; ")).replace("{target}", &aim(target)),
        );
    }
    s
}

/// P as the explanation writes it: to two decimals, or to as many more as keep it on the side
/// of each threshold the status was judged by (0.947 is not written "0,95" beside "P from 0.60
/// to below 0.95").
pub(crate) fn progress_shown(p: f64, lang: &str) -> String {
    use crate::assess::status::{NEEDS_ACCELERATION, ON_TRACK};
    let band = |x: f64| [0.0, NEEDS_ACCELERATION, ON_TRACK].iter().filter(|t| x >= **t).count();
    for decimals in 2..=6 {
        let scale = 10f64.powi(decimals as i32);
        let rounded = (p * scale).round() / scale;
        if band(rounded) == band(p) {
            return format::number(rounded, lang, decimals);
        }
    }
    // Within a millionth below a threshold: cut, not rounded, so it stays below.
    format::number((p * 1e6).floor() / 1e6, lang, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme() -> crate::theme::Theme {
        let mut sources = crate::diagnostic::Sources::default();
        crate::theme::load(std::path::Path::new("/nonexistent"), "default", &mut sources, &mut Vec::new())
    }

    #[test]
    fn the_trend_sentence_says_where_the_values_went_in_each_language() {
        let theme = theme();
        let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let (from, to) = (d(2024, 12, 31), d(2026, 9, 30));
        let en = Lang { code: "en", prefix: "en/".into(), theme: &theme };
        let vi = Lang { code: "vi", prefix: String::new(), theme: &theme };
        assert_eq!(
            trend_between(&en, "%", (100.0, from), (100.0, to)),
            "The value stayed at 100% from 31 Dec 2024 to 30 Sep 2026."
        );
        assert_eq!(
            trend_between(&vi, "%", (100.0, from), (100.0, to)),
            "Giá trị giữ nguyên ở mức 100% từ 31/12/2024 đến 30/9/2026."
        );
        assert_eq!(
            trend_between(&en, "%", (40.0, from), (55.5, to)),
            "The value rose from 40% (31 Dec 2024) to 55.5% (30 Sep 2026)."
        );
        assert_eq!(
            trend_between(&vi, "hạng", (12.0, from), (9.0, to)),
            "Giá trị giảm từ 12 hạng (31/12/2024) xuống 9 hạng (30/9/2026)."
        );
        assert_eq!(
            trend_between(&vi, "%", (40.0, from), (55.5, to)),
            "Giá trị tăng từ 40% (31/12/2024) lên 55,5% (30/9/2026)."
        );
    }

    #[test]
    fn p_is_written_on_the_side_of_the_threshold_it_was_judged_by() {
        let shown = |p: f64| super::progress_shown(p, "vi");
        assert_eq!(shown(0.9473), "0,947", "not 0,95: below 0.95 it needs acceleration");
        assert_eq!(shown(0.94996), "0,94996");
        assert_eq!(shown(0.5999), "0,5999");
        assert_eq!(shown(-0.0004), "−0,0004", "below 0, not 0,00");
        assert_eq!(shown(0.9499999999), "0,949999");
        assert_eq!(shown(0.95), "0,95");
        assert_eq!(shown(0.8123), "0,81");
        assert_eq!(super::progress_shown(0.9473, "en"), "0.947");
    }
}
