//! Numbers and dates typed into cells as text, the way Vietnamese documents write them
//! (`1.234,5`, `85%`, `20/5/2026`) and the way other programs do (`1,234.5`, `2026-05-20`).
//! Whatever could be read two ways is refused with a way to write it unambiguously: a figure is
//! never silently multiplied or divided by a thousand.

use chrono::NaiveDate;

/// Why a text is not a number.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// `1.234` or `1,234`: a thousands separator or a decimal one. Holds both readings.
    Ambiguous(f64, f64),
}

/// Reads a number written as text: spaces (also non-breaking ones) between digit groups and a
/// trailing `%` are ignored; with both `.` and `,` the last one is the decimal separator; with
/// one of them once, it is the decimal separator unless exactly three digits follow a non-zero
/// integer part, which is ambiguous; repeated, it separates thousands.
pub fn parse_number(raw: &str) -> Result<f64, NumberError> {
    let s: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')).collect();
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

/// Reads a date written as text: `2026-05-20`, `20/5/2026`, `20-05-2026`, `20.5.2026`.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if let [d, m, y] = parts[..]
        && y.len() == 4
    {
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    None
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
}
