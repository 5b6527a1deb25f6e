//! Numbers and dates as each language writes them: Vietnamese "79,95" and "30/9/2026",
//! English "79.95" and "30 Sep 2026".

use chrono::{Datelike, NaiveDate};

/// A number with at most `decimals` decimals (trailing zeros dropped) and grouped thousands.
///
/// ```
/// assert_eq!(minhbach::render::format::number(1234.5, "vi", 2), "1.234,5");
/// ```
pub fn number(value: f64, lang: &str, decimals: usize) -> String {
    let (group, point) = if lang == "vi" { ('.', ',') } else { (',', '.') };
    // A whole number (most figures) needs no rounding: written as one, without the exact
    // decimal expansion that fixed-precision formatting works out.
    let rounded = if value.fract() == 0.0 && value.abs() < 1e15 {
        (value.abs() as u64).to_string()
    } else {
        // The figure as written when it has no more decimals than asked: fixed precision
        // would write out a large figure's binary expansion (123456789012345.67 as
        // …345.6719), digits nobody reported.
        let shortest = value.abs().to_string();
        let written = shortest.split_once('.').map_or(0, |(_, f)| f.len());
        let shown = if written <= decimals { shortest } else { format!("{:.*}", decimals, value.abs()) };
        // A figure too small for the decimals asked is never written as 0: it gets the
        // decimals that show its first two digits.
        if value != 0.0 && value.is_finite() && shown.bytes().all(|b| b == b'0' || b == b'.') {
            let needed = (-value.abs().log10()).ceil() as usize + 1;
            format!("{:.*}", needed.min(20), value.abs())
        } else {
            shown
        }
    };
    let (int, frac) = match rounded.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (rounded.clone(), String::new()),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && (int != "0" || !frac.is_empty()) { "−" } else { "" };
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}{point}{frac}") }
}

/// A value with its unit: "79,95%" or "150 doanh nghiệp".
pub fn with_unit(value: f64, unit: &str, lang: &str) -> String {
    let n = number(value, lang, 4);
    if unit == "%" {
        format!("{n}%")
    } else if unit.is_empty() {
        n
    } else {
        format!("{n} {unit}")
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// `x` pushed onto `out` as `{:.0}` writes it: the nearest whole number, a half to the even
/// one, `-0` for a negative that rounds to zero. A chart's coordinates are written so; the
/// fixed-precision formatting works out each one's exact decimal expansion, some two thousand
/// instructions a number, a tenth of a chart's time.
pub fn push_whole(out: &mut String, x: f64) {
    use std::fmt::Write;
    // Below 2^53 every half is exact, so rounding the binary value is rounding its decimals.
    if x.is_finite() && x.abs() < 4.0e15 {
        let r = x.round_ties_even();
        if r == 0.0 && x.is_sign_negative() {
            out.push_str("-0");
        } else {
            let _ = write!(out, "{}", r as i64);
        }
    } else {
        let _ = write!(out, "{x:.0}");
    }
}

pub fn date(d: NaiveDate, lang: &str) -> String {
    if lang == "vi" {
        format!("{}/{}/{}", d.day(), d.month(), d.year())
    } else {
        format!("{} {} {}", d.day(), MONTHS_EN[d.month0() as usize], d.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_fixed_precision_writes_them() {
        let mut cases = vec![0.5, 1.5, 2.5, -0.5, -1.5, -0.4, -0.0, 0.0, 0.49999999999999994, 7.4999999, 1e15 + 0.5];
        cases.extend([4.0e15, 9.1e15, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, f64::MIN_POSITIVE]);
        // And a spread of chart-like coordinates, halves included.
        cases.extend((0..20_000).map(|n| (n as f64 - 10_000.0) * 0.0625 + (n % 7) as f64 * 1e-9));
        for x in cases {
            let mut out = String::new();
            push_whole(&mut out, x);
            assert_eq!(out, format!("{x:.0}"), "{x:?}");
        }
    }

    #[test]
    fn vietnamese_and_english_numbers() {
        assert_eq!(number(79.95, "vi", 2), "79,95");
        assert_eq!(number(79.95, "en", 2), "79.95");
        assert_eq!(number(1_500_000.0, "vi", 0), "1.500.000");
        assert_eq!(number(1_500_000.0, "en", 0), "1,500,000");
        assert_eq!(number(60.0, "vi", 2), "60");
        assert_eq!(number(-2.5, "en", 1), "−2.5");
        assert_eq!(with_unit(88.9, "%", "vi"), "88,9%");
        // A small figure is never shown as 0.
        assert_eq!(number(0.000000012, "vi", 4), "0,000000012");
        assert_eq!(number(-0.00004, "en", 2), "−0.00004");
        assert_eq!(number(0.0, "en", 2), "0");
        assert_eq!(number(0.12345, "en", 2), "0.12");
        // A large figure is written as reported, without its binary expansion's digits.
        assert_eq!(number(123456789012345.67, "vi", 4), "123.456.789.012.345,67");
        assert_eq!(number(-98765432109.876, "en", 4), "−98,765,432,109.876");
        assert_eq!(with_unit(123456789012345.67, "đồng", "en"), "123,456,789,012,345.67 đồng");
        // More decimals than asked are rounded; a sum's noise is not shown.
        assert_eq!(number(1.0 / 3.0, "en", 4), "0.3333");
        assert_eq!(number(0.1 + 0.2, "vi", 4), "0,3");
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(date(d, "vi"), "30/9/2026");
        assert_eq!(date(d, "en"), "30 Sep 2026");
    }
}
