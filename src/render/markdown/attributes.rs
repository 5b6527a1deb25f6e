//! The values the cleaner keeps in raw HTML, held to what HTML allows: a writer's
//! `width="50%"` or `colspan="0"` would make the page invalid for an HTML checker, and a
//! screen reader reads a `lang` it does not know as no language at all. A value HTML does not
//! allow is dropped with its attribute; the element and its words stay.

/// Attributes HTML no longer has (presentation, now done by the page's styles), and those that
/// point at ids, which the cleaner removes: `headers` would name cells that are not there.
pub const DROPPED: &[&str] = &["align", "char", "charoff", "summary", "size", "valign", "headers"];

/// `value` as HTML allows it for `attribute` on `element`, or `None` to drop the attribute.
/// Attributes with no rule of their own here keep their value.
pub fn allowed<'v>(element: &str, attribute: &str, value: &'v str) -> Option<&'v str> {
    let ok = match attribute {
        _ if DROPPED.contains(&attribute) => false,
        // On `<hr>` a width is presentation only; on `<img>` it is a count of pixels.
        "width" | "height" => element == "img" && whole(value).is_some(),
        "colspan" | "span" => whole(value).is_some_and(|n| (1..=1000).contains(&n)),
        "rowspan" => whole(value).is_some_and(|n| n <= 65534),
        "start" => value.strip_prefix('-').map_or_else(|| whole(value), whole).is_some(),
        "scope" => ["row", "col", "rowgroup", "colgroup"].contains(&value.to_ascii_lowercase().as_str()),
        "lang" | "hreflang" => value.is_empty() && attribute == "lang" || language_tag(value),
        "datetime" => date_or_time(value),
        _ => true,
    };
    ok.then_some(value)
}

/// A valid non-negative integer of HTML: digits only, not too long to be one.
fn whole(value: &str) -> Option<u64> {
    if value.is_empty() || value.len() > 9 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// A language tag (BCP 47) a checker accepts: a language of ISO 639-1 (two letters) or any of
/// three letters, then subtags of a script (four letters), a region (two letters or three
/// digits) or a variant (five to eight letters or digits, or four starting with a digit), each
/// in its place.
fn language_tag(value: &str) -> bool {
    let mut parts = value.split('-');
    let Some(language) = parts.next() else { return false };
    let language = language.to_ascii_lowercase();
    let known = match language.len() {
        2 => ISO_639_1.split(' ').any(|code| code == language),
        3 => language.bytes().all(|b| b.is_ascii_lowercase()),
        _ => false,
    };
    // Each subtag kind may come once and in this order: script, region, variants.
    let mut stage = 0;
    known
        && parts.all(|p| {
            let alpha = p.bytes().all(|b| b.is_ascii_alphabetic());
            let alnum = p.bytes().all(|b| b.is_ascii_alphanumeric());
            let next = match p.len() {
                4 if alpha => 1,
                2 if alpha => 2,
                3 if p.bytes().all(|b| b.is_ascii_digit()) => 2,
                4 if alnum && p.as_bytes()[0].is_ascii_digit() => 3,
                5..=8 if alnum => 3,
                _ => return false,
            };
            let fits = next > stage || next == 3;
            stage = next;
            fits
        })
}

/// A date (`2026-05-20`), or a date and time (`2026-05-20T08:30`, with seconds and a zone or
/// not), as `<del>` and `<ins>` take it.
fn date_or_time(value: &str) -> bool {
    let (date, time) = match value.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (value, None),
    };
    let date_ok = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() && date.len() == 10;
    let time_ok = time.is_none_or(|t| {
        let t = t.strip_suffix('Z').unwrap_or(t);
        let t = match t.rfind(['+', '-']) {
            Some(i) if i > 0 => {
                let zone = &t[i + 1..];
                if chrono::NaiveTime::parse_from_str(zone, "%H:%M").is_err() || zone.len() != 5 {
                    return false;
                }
                &t[..i]
            }
            _ => t,
        };
        ["%H:%M", "%H:%M:%S", "%H:%M:%S%.f"].iter().any(|f| chrono::NaiveTime::parse_from_str(t, f).is_ok())
    });
    date_ok && time_ok
}

/// The two-letter language codes of ISO 639-1.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu \
cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie \
ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml \
mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si \
sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo \
za zh zu";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_spans_are_whole_numbers_in_their_ranges() {
        assert_eq!(allowed("img", "width", "300"), Some("300"));
        for bad in ["50%", "300px", "", " 3", "-1", "1.5", "9999999999"] {
            assert_eq!(allowed("img", "width", bad), None, "{bad}");
        }
        assert_eq!(allowed("hr", "width", "300"), None, "presentation only");
        assert_eq!(allowed("td", "colspan", "0"), None);
        assert_eq!(allowed("td", "colspan", "2"), Some("2"));
        assert_eq!(allowed("td", "colspan", "1001"), None);
        assert_eq!(allowed("td", "rowspan", "0"), Some("0"));
        assert_eq!(allowed("td", "rowspan", "65535"), None);
        assert_eq!(allowed("ol", "start", "-3"), Some("-3"));
        assert_eq!(allowed("ol", "start", "a"), None);
        assert_eq!(allowed("th", "scope", "COL"), Some("COL"));
        assert_eq!(allowed("th", "scope", "column"), None);
        assert_eq!(allowed("td", "align", "right"), None);
        assert_eq!(allowed("td", "headers", "h1"), None);
        assert_eq!(allowed("img", "alt", "50%"), Some("50%"));
    }

    #[test]
    fn languages_are_tags_a_checker_knows() {
        for good in ["vi", "en-GB", "EN-gb", "zh-Hant", "zh-Hant-TW", "es-419", "fil", "de-CH-1901", ""] {
            assert!(allowed("span", "lang", good).is_some(), "{good}");
        }
        for bad in ["xx", "english", "vi_VN", "en-", "-en", "en-GB-US", "zh-TW-Hant", "e1", "vietnamese"] {
            assert!(allowed("span", "lang", bad).is_none(), "{bad}");
        }
        assert!(allowed("a", "hreflang", "").is_none(), "a link's language is named when given");
    }

    #[test]
    fn changes_are_dated_as_machines_read_dates() {
        for good in
            ["2026-05-20", "2026-05-20T08:30", "2026-05-20 08:30:15", "2026-05-20T08:30Z", "2026-05-20T08:30+07:00"]
        {
            assert!(date_or_time(good), "{good}");
        }
        for bad in ["20/5/2026", "2026-5-20", "2026-02-30", "quý III", "2026-05-20T25:00", "2026-05-20T08:30+7"] {
            assert!(!date_or_time(bad), "{bad}");
        }
    }
}
