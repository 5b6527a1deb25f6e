//! Numbers and dates typed into cells as text, the way Vietnamese documents write them
//! (`1.234,5`, `85%`, `20/5/2026`) and the way other programs do (`1,234.5`, `2026-05-20`).
//! Whatever could be read two ways is refused with a way to write it unambiguously: a figure is
//! never silently multiplied or divided by a thousand.
//!
//! Digits and signs typed in full width, as Chinese, Japanese and Korean input methods type
//! them (`８２，４`, `２０２６／０５／２０`), are read as their ordinary forms first.

use std::borrow::Cow;

use chrono::NaiveDate;

/// Full-width forms (U+FF01–U+FF5E: digits, `，` `．` `／` `－` `％` `＋`, Latin letters) as the
/// ASCII characters they stand for, and the ideographic space as a space: what NFKC makes of
/// them. Only these: NFKC would also make `²` a 2 and `①` a 1, reading `5²` as 52.
pub fn half_width(s: &str) -> Cow<'_, str> {
    let wide = |c: char| matches!(c, '\u{ff01}'..='\u{ff5e}' | '\u{3000}');
    if !s.chars().any(wide) {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            c if wide(c) => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Why a text is not a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// `1.234` or `1,234`: a thousands separator or a decimal one. Holds both readings.
    Ambiguous(f64, f64),
}

/// Reads a number written as text: full-width digits and signs are read as ordinary ones
/// ([`half_width`]); spaces (also non-breaking ones) between digit groups and a trailing `%` are
/// ignored; with both `.` and `,` the last one is the decimal separator; with one of them once,
/// it is the decimal separator unless exactly three digits follow a non-zero integer part, which
/// is ambiguous; repeated, it separates thousands.
pub fn parse_number(raw: &str) -> Result<f64, NumberError> {
    let s: String =
        half_width(raw).trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')).collect();
    let s = s.strip_suffix('%').unwrap_or(&s);
    let (negative, digits) = match s.strip_prefix('-').or_else(|| s.strip_prefix('\u{2212}')) {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(NumberError::NotANumber);
    }
    if !digits.starts_with(|c: char| c.is_ascii_digit()) || !digits.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    let sign = if negative { -1.0 } else { 1.0 };
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let value = match (dots, commas) {
        (0, 0) => plain(digits)?,
        (_, _) if dots > 0 && commas > 0 => {
            let last_dot = digits.rfind('.').unwrap_or(0);
            let last_comma = digits.rfind(',').unwrap_or(0);
            let (thousands, decimal) = if last_comma > last_dot { ('.', ',') } else { (',', '.') };
            if digits.matches(decimal).count() > 1 {
                return Err(NumberError::NotANumber);
            }
            let (int, frac) = digits.split_once(decimal).ok_or(NumberError::NotANumber)?;
            let int = grouped(int, thousands)?;
            plain(&format!("{int}.{frac}"))?
        }
        (1, 0) | (0, 1) => {
            let sep = if dots == 1 { '.' } else { ',' };
            let (int, frac) = digits.split_once(sep).ok_or(NumberError::NotANumber)?;
            let decimal = plain(&format!("{int}.{frac}"))?;
            if frac.len() == 3 && int != "0" && int.len() <= 3 {
                let thousands = plain(&format!("{int}{frac}"))?;
                return Err(NumberError::Ambiguous(sign * thousands, sign * decimal));
            }
            decimal
        }
        _ => {
            let sep = if dots > 0 { '.' } else { ',' };
            plain(&grouped(digits, sep)?)?
        }
    };
    Ok(sign * value)
}

fn plain(s: &str) -> Result<f64, NumberError> {
    s.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or(NumberError::NotANumber)
}

/// `1.234.567` → `1234567`, checking that every group after the first has three digits.
fn grouped(s: &str, sep: char) -> Result<String, NumberError> {
    let mut parts = s.split(sep);
    let first = parts.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 {
        return Err(NumberError::NotANumber);
    }
    let mut out = first.to_string();
    for p in parts {
        if p.len() != 3 {
            return Err(NumberError::NotANumber);
        }
        out.push_str(p);
    }
    Ok(out)
}

/// Reads a date written as text: day first, `20/5/2026`, `20-05-2026`, `20.5.2026`, as
/// Vietnamese documents write it, or year first, `2026-05-20`, `2026/05/20`, `2026.5.20`, as
/// ISO 8601 and East Asian writing do; full-width digits and signs too ([`half_width`]). A
/// four-digit year at one end says which way round it is; a two-digit year, or a month after
/// the day in the American way (`5/20/2026`), is not a date.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let wide = half_width(raw);
    let s = wide.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let digits =
        |p: &str, len: std::ops::RangeInclusive<usize>| len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [d, m, y] if y.len() == 4 => NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?),
        [y, m, d] if digits(y, 4..=4) && digits(m, 1..=2) && digits(d, 1..=2) => {
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// A spreadsheet date serial number (days since 30 December 1899, as Excel and LibreOffice
/// count them) as a date, for date cells whose format was lost.
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_and_english_forms() {
        assert_eq!(parse_number("1.234,5"), Ok(1234.5));
        assert_eq!(parse_number("1,234.5"), Ok(1234.5));
        assert_eq!(parse_number("85%"), Ok(85.0));
        assert_eq!(parse_number(" 85 % "), Ok(85.0));
        assert_eq!(parse_number("3,5"), Ok(3.5));
        assert_eq!(parse_number("82.4"), Ok(82.4));
        assert_eq!(parse_number("0,125"), Ok(0.125));
        assert_eq!(parse_number("1.234.567"), Ok(1_234_567.0));
        assert_eq!(parse_number("1 234 567"), Ok(1_234_567.0));
        assert_eq!(parse_number("1\u{a0}234,5"), Ok(1234.5));
        assert_eq!(parse_number("-2,5"), Ok(-2.5));
        assert_eq!(parse_number("12,50"), Ok(12.5));
        assert_eq!(parse_number("1234,567"), Ok(1234.567));
    }

    #[test]
    fn ambiguous_and_wrong_forms_are_refused() {
        assert_eq!(parse_number("1.234"), Err(NumberError::Ambiguous(1234.0, 1.234)));
        assert_eq!(parse_number("1,234"), Err(NumberError::Ambiguous(1234.0, 1.234)));
        for bad in ["", "abc", "1.2.3,4,5", "1.23.456", ",5", "5,", "1..2", "12a", "1.234,5,6"] {
            assert_eq!(parse_number(bad), Err(NumberError::NotANumber), "{bad}");
        }
    }

    #[test]
    fn dates_in_the_usual_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        assert_eq!(parse_date("2026-05-20"), Some(d));
        assert_eq!(parse_date("20/5/2026"), Some(d));
        assert_eq!(parse_date("20.05.2026"), Some(d));
        assert_eq!(parse_date("31/2/2026"), None);
        assert_eq!(serial_date(46162.0), Some(d));
    }

    #[test]
    fn year_first_with_slashes_or_dots() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        assert_eq!(parse_date("2026/05/20"), Some(d));
        assert_eq!(parse_date(" 2026/5/20 "), Some(d));
        assert_eq!(parse_date("2026.05.20"), Some(d));
        // No month 20; no two-digit year; no month after the day.
        for bad in ["2026/20/05", "26/05/20", "5/20/2026", "2026/05/20/1", "2026/005/20", "20/05/26", "2026//20"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn full_width_digits_and_signs_are_read_as_ordinary_ones() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
        assert_eq!(parse_date("２０２６-０５-２０"), Some(d));
        assert_eq!(parse_date("２０２６／０５／２０"), Some(d));
        assert_eq!(parse_date("２０／５／２０２６"), Some(d));
        assert_eq!(parse_date("２０２６－０５－２０"), Some(d));
        assert_eq!(parse_number("８２，４"), Ok(82.4));
        assert_eq!(parse_number("８２．４"), Ok(82.4));
        assert_eq!(parse_number("１．２３４，５"), Ok(1234.5));
        assert_eq!(parse_number("－２，５"), Ok(-2.5));
        assert_eq!(parse_number("８５％"), Ok(85.0));
        assert_eq!(parse_number("１\u{3000}２３４"), Ok(1234.0));
        // Still ambiguous, still not numbers.
        assert_eq!(parse_number("１．２３４"), Err(NumberError::Ambiguous(1234.0, 1.234)));
        for bad in ["８２、４", "８２。４", "5²", "①", "８２ａ"] {
            assert_eq!(parse_number(bad), Err(NumberError::NotANumber), "{bad}");
        }
        assert_eq!(half_width("Báo cáo số ５"), "Báo cáo số 5");
        assert!(matches!(half_width("82,4"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// Whatever is typed, of digits, separators and signs in either width or none of them,
        /// reads without a panic, and a full-width text reads as its ordinary twin does.
        #[test]
        fn any_text_reads_as_its_half_width_twin(
            typed in "[0-9０-９.,．，/／\\-－%％+＋ 　²①a-zａ-ｚ\u{a0}\u{2212}]{0,14}"
        ) {
            let twin = half_width(&typed).into_owned();
            proptest::prop_assert_eq!(parse_number(&typed), parse_number(&twin));
            proptest::prop_assert_eq!(parse_date(&typed), parse_date(&twin));
            let wide = twin.chars().any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c));
            proptest::prop_assert!(!wide, "{}", twin);
        }
    }
}
