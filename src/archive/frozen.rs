//! A frozen period's progress stays as its snapshot recorded it. The snapshot's `data.json`
//! holds the period's report as it was published; a hand edit of the period's progress file
//! afterwards would change the live site's figures with no trace of the figure first published.
//! A correction is a revision reported in a later period (a value with an earlier `as_of`),
//! which is shown beside the published figure; those live in later periods' files and are
//! never compared here: only each frozen period's own report is.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use rayon::prelude::*;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use super::{Archive, DATA};
use crate::diagnostic::{Diagnostic, FileId, Span};
use crate::model::{Evidence, ProgressReport, Site, TaskReport, ValueReport};

/// What every difference says to do instead.
pub const HELP: &str =
    "a frozen period is never changed; report a correction as a revision in the current period (see format: revisions)";

/// Every difference between a frozen period's progress (the report of the period a snapshot
/// shows) and what that snapshot recorded. `broken(period)` says the period's progress file,
/// or its record in periods.toml, has errors of its own: it is not compared, since what could
/// not be read would show as removed.
pub fn compare(site: &Site, archives: &[Archive], broken: impl Fn(&str) -> bool + Sync) -> Vec<Diagnostic> {
    archives
        .par_iter()
        .filter(|a| !broken(&a.period))
        .flat_map_iter(|a| {
            let report = site.reports.iter().find(|r| r.period.value == a.period);
            compare_one(a, report)
        })
        .collect()
}

fn compare_one(archive: &Archive, report: Option<&ProgressReport>) -> Vec<Diagnostic> {
    let period = archive.period.as_str();
    let at = format!("archive/{period}/{DATA}");
    let Some(bytes) = archive.bytes(DATA) else { return Vec::new() };
    let recorded = match recorded_report(bytes, period) {
        Ok(r) => r.unwrap_or_default(),
        Err(e) => return vec![Diagnostic::site_error(format!("{at} cannot be read: {e}"))],
    };
    let Some(report) = report else {
        if recorded.values.is_empty() && recorded.tasks.is_empty() {
            return Vec::new();
        }
        return vec![
            Diagnostic::site_error(format!(
                "data/progress/{period}.toml is missing, but the snapshot of {period} ({at}) published its report: {} value(s), {} task report(s)",
                recorded.values.len(),
                recorded.tasks.len()
            ))
            .with_help(format!("restore the file as it was when {period} was frozen; {HELP}")),
        ];
    };
    let mut out = Vec::new();
    let differ = |what: String, span: &Span, changes: Vec<String>| {
        Diagnostic::error(
            span,
            format!("{what} differs from what the snapshot of {period} published ({at}): {}", changes.join("; ")),
        )
        .with_help(HELP)
    };
    // Values, matched by indicator and date; tasks by task.
    let now: Vec<(Key, &ValueReport)> =
        report.values.iter().map(|v| ((v.indicator.value.clone(), v.as_of.map(|d| d.to_string())), v)).collect();
    let then: Vec<(Key, &Json)> = recorded.values.iter().filter_map(|v| Some((value_key(v)?, v))).collect();
    for pair in pair_up(now, then) {
        match pair {
            Paired::Both(v, old) => {
                let changes = changes(&value_fields(v), old);
                if !changes.is_empty() {
                    out.push(differ(format!("the value of `{}`{}", v.indicator.value, dated(v)), &v.span, changes));
                }
            }
            Paired::Added(v) => out.push(
                Diagnostic::error(
                    &v.span,
                    format!(
                        "the value of `{}`{} ({}) is not in what the snapshot of {period} published ({at}): it was added after the period was frozen",
                        v.indicator.value,
                        dated(v),
                        Shown(&Field::Number(Some(v.value)))
                    ),
                )
                .with_help(HELP),
            ),
            Paired::Removed(old) => out.push(removed(
                report.file,
                format!(
                    "the value of `{}`{} ({})",
                    old["indicator"].as_str().unwrap_or_default(),
                    old["as_of"].as_str().map(|d| format!(" as of {d}")).unwrap_or_default(),
                    ShownJson(&old["value"])
                ),
                period,
                &at,
            )),
        }
    }
    let now: Vec<(Key, &TaskReport)> = report.tasks.iter().map(|t| ((t.task.value.clone(), None), t)).collect();
    let then: Vec<(Key, &Json)> =
        recorded.tasks.iter().filter_map(|t| Some(((t["task"].as_str()?.to_string(), None), t))).collect();
    for pair in pair_up(now, then) {
        match pair {
            Paired::Both(t, old) => {
                let changes = changes(&task_fields(t), old);
                if !changes.is_empty() {
                    out.push(differ(format!("the report of task `{}`", t.task.value), &t.span, changes));
                }
            }
            Paired::Added(t) => out.push(
                Diagnostic::error(
                    &t.span,
                    format!(
                        "the report of task `{}` is not in what the snapshot of {period} published ({at}): it was added after the period was frozen",
                        t.task.value
                    ),
                )
                .with_help(HELP),
            ),
            Paired::Removed(old) => out.push(removed(
                report.file,
                format!("the report of task `{}`", old["task"].as_str().unwrap_or_default()),
                period,
                &at,
            )),
        }
    }
    out
}

fn removed(file: FileId, what: String, period: &str, at: &str) -> Diagnostic {
    Diagnostic::file_error(
        file,
        format!("{what} was published in the snapshot of {period} ({at}) but was removed from this file"),
    )
    .with_help(HELP)
}

fn dated(v: &ValueReport) -> String {
    v.as_of.map(|d| format!(" as of {d}")).unwrap_or_default()
}

/// Indicator (or task) and date.
type Key = (String, Option<String>);

fn value_key(v: &Json) -> Option<Key> {
    let date = match &v["as_of"] {
        Json::Null => None,
        Json::String(d) => Some(d.clone()),
        _ => return None,
    };
    Some((v["indicator"].as_str()?.to_string(), date))
}

enum Paired<'a, T> {
    Both(&'a T, &'a Json),
    Added(&'a T),
    Removed(&'a Json),
}

/// Entries now and as recorded, matched by key, in order where a key is repeated.
fn pair_up<'a, T>(now: Vec<(Key, &'a T)>, then: Vec<(Key, &'a Json)>) -> Vec<Paired<'a, T>> {
    let mut recorded: BTreeMap<Key, std::collections::VecDeque<&'a Json>> = BTreeMap::new();
    for (key, j) in then {
        recorded.entry(key).or_default().push_back(j);
    }
    let mut out = Vec::new();
    for (key, t) in now {
        match recorded.get_mut(&key).and_then(|q| q.pop_front()) {
            Some(j) => out.push(Paired::Both(t, j)),
            None => out.push(Paired::Added(t)),
        }
    }
    out.extend(recorded.into_values().flatten().map(Paired::Removed));
    out
}

/// A compared field, as the model holds it.
enum Field<'a> {
    Number(Option<f64>),
    Text(Option<&'a str>),
    Flag(bool),
    Links(&'a [Evidence]),
}

fn value_fields(v: &ValueReport) -> Vec<(&'static str, Field<'_>)> {
    vec![
        ("value", Field::Number(Some(v.value))),
        ("source", Field::Text(v.source.as_deref())),
        ("note", Field::Text(v.note.as_deref())),
        ("sample", Field::Flag(v.sample)),
    ]
}

fn task_fields(t: &TaskReport) -> Vec<(&'static str, Field<'_>)> {
    vec![
        ("status", Field::Text(Some(t.status.as_str()))),
        ("percent", Field::Number(t.percent)),
        ("note", Field::Text(t.note.as_deref())),
        ("evidence", Field::Links(&t.evidence)),
        ("disbursed_vnd", Field::Number(t.disbursed_vnd)),
        ("sample", Field::Flag(t.sample)),
    ]
}

/// What differs, field by field, as "FIELD was OLD, is now NEW". A field the snapshot does not
/// record (one made before the field existed) is not compared.
fn changes(fields: &[(&str, Field)], old: &Json) -> Vec<String> {
    fields
        .iter()
        .filter_map(|(name, now)| {
            let then = old.get(*name)?;
            (!same(now, then)).then(|| format!("{name} was {}, is now {}", ShownJson(then), Shown(now)))
        })
        .collect()
}

fn same(now: &Field, then: &Json) -> bool {
    match (now, then) {
        (Field::Number(None) | Field::Text(None), Json::Null) => true,
        (Field::Number(Some(a)), Json::Number(b)) => b.as_f64() == Some(*a),
        // A value that is not a number is written as null.
        (Field::Number(Some(a)), Json::Null) => a.is_nan(),
        (Field::Text(Some(a)), Json::String(b)) => a == b,
        (Field::Flag(a), Json::Bool(b)) => a == b,
        (Field::Links(links), Json::Array(items)) => {
            links.len() == items.len()
                && links.iter().zip(items).all(|(l, j)| j["title"] == l.title.as_str() && j["url"] == l.url.as_str())
        }
        _ => false,
    }
}

/// A field as the message shows it: numbers as written, text quoted and cut short.
struct Shown<'a, 'b>(&'a Field<'b>);

impl fmt::Display for Shown<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            Field::Number(Some(n)) => number(*n, f),
            Field::Number(None) | Field::Text(None) => f.write_str("empty"),
            Field::Text(Some(s)) => text(s, f),
            Field::Flag(b) => write!(f, "{b}"),
            Field::Links(links) => links_shown(links.iter().map(|l| l.url.as_str()), f),
        }
    }
}

struct ShownJson<'a>(&'a Json);

impl fmt::Display for ShownJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            Json::Null => f.write_str("empty"),
            Json::Number(n) => match n.as_f64() {
                Some(n) => number(n, f),
                None => write!(f, "{n}"),
            },
            Json::String(s) => text(s, f),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Array(items) => links_shown(items.iter().map(|i| i["url"].as_str().unwrap_or("?")), f),
            Json::Object(_) => write!(f, "{}", self.0),
        }
    }
}

fn number(n: f64, f: &mut fmt::Formatter) -> fmt::Result {
    if n.fract() == 0.0 && n.abs() < 1e15 { write!(f, "{}", n as i64) } else { write!(f, "{n}") }
}

fn text(s: &str, f: &mut fmt::Formatter) -> fmt::Result {
    const LONGEST: usize = 60;
    if s.chars().count() > LONGEST {
        let cut: String = s.chars().take(LONGEST).collect();
        write!(f, "\"{cut}…\"")
    } else {
        write!(f, "\"{s}\"")
    }
}

fn links_shown<'a>(urls: impl Iterator<Item = &'a str>, f: &mut fmt::Formatter) -> fmt::Result {
    let urls: Vec<&str> = urls.collect();
    if urls.is_empty() { f.write_str("no links") } else { write!(f, "[{}]", urls.join(", ")) }
}

/// A period's report as a snapshot recorded it: its values and task reports, as JSON.
#[derive(Debug, Default, PartialEq)]
pub struct Recorded {
    pub values: Vec<Json>,
    pub tasks: Vec<Json>,
}

/// The report of `period` in a snapshot's `data.json`, if it holds one. Only that report is
/// kept: the rest of the file (every plan, indicator and earlier report) is skipped as it is
/// read, so that a snapshot of a large site is compared at about the speed it is hashed.
pub fn recorded_report(data: &[u8], period: &str) -> Result<Option<Recorded>, String> {
    let mut de = serde_json::Deserializer::from_slice(data);
    let found = Top(period).deserialize(&mut de).map_err(|e| e.to_string())?;
    de.end().map_err(|e| e.to_string())?;
    Ok(found)
}

struct Top<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = Option<Recorded>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Option<Recorded>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a snapshot's data (an object with \"reports\")")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "reports" {
                found = map.next_value_seed(Reports(self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

struct Reports<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for Reports<'_> {
    type Value = Option<Recorded>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Reports<'_> {
    type Value = Option<Recorded>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of reports")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(report) = seq.next_element_seed(Report(self.0))? {
            if report.is_some() {
                found = report;
            }
        }
        Ok(found)
    }
}

struct Report<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for Report<'_> {
    type Value = Option<Recorded>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Report<'_> {
    type Value = Option<Recorded>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a report")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut period: Option<String> = None;
        let mut recorded = Recorded::default();
        while let Some(key) = map.next_key::<String>()? {
            // The period comes first in what minhbach writes: the entries of other periods are
            // then skipped unread.
            let wanted = period.as_deref().is_none_or(|p| p == self.0);
            match key.as_str() {
                "period" => period = Some(map.next_value()?),
                "values" if wanted => recorded.values = map.next_value()?,
                "tasks" if wanted => recorded.tasks = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((period.as_deref() == Some(self.0)).then_some(recorded))
    }
}

/// The periods whose progress file has errors of its own (by its path in `sources`).
pub fn broken_periods<'a>(diagnostics: &[Diagnostic], sources: &'a crate::diagnostic::Sources) -> BTreeSet<&'a str> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file)
        .filter_map(|f| sources.path(f).strip_prefix("data/progress/")?.strip_suffix(".toml"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_periods_own_report_is_read_whatever_the_order_of_its_keys() {
        let data = serde_json::json!({
            "config": {"title": "x"},
            "reports": [
                {"period": "2026-Q1", "values": [{"indicator": "a", "value": 1.0}], "tasks": []},
                {"values": [{"indicator": "a", "value": 2.0}], "tasks": [{"task": "p/1"}], "period": "2026-Q2"},
            ],
            "pages": []
        });
        let bytes = serde_json::to_vec(&data).unwrap();
        let q2 = recorded_report(&bytes, "2026-Q2").unwrap().unwrap();
        assert_eq!(q2.values, vec![serde_json::json!({"indicator": "a", "value": 2.0})]);
        assert_eq!(q2.tasks.len(), 1);
        let q1 = recorded_report(&bytes, "2026-Q1").unwrap().unwrap();
        assert_eq!(q1.values[0]["value"], 1.0);
        assert_eq!(recorded_report(&bytes, "2026-Q3").unwrap(), None);
        assert!(recorded_report(b"{\"reports\": 3}", "2026-Q1").is_err());
    }

    #[test]
    fn fields_compare_as_numbers_and_absent_fields_are_not_compared() {
        let old = serde_json::json!({"value": 100, "source": "A", "note": null});
        let fields = [
            ("value", Field::Number(Some(100.0))),
            ("source", Field::Text(Some("B"))),
            ("note", Field::Text(None)),
            ("sample", Field::Flag(true)),
        ];
        assert_eq!(changes(&fields, &old), vec!["source was \"A\", is now \"B\"".to_string()]);
        let changed = [("value", Field::Number(Some(85.0)))];
        assert_eq!(changes(&changed, &serde_json::json!({"value": 80.4})), vec!["value was 80.4, is now 85"]);
    }

    #[test]
    fn repeated_keys_pair_in_order_and_the_rest_are_added_or_removed() {
        let (a, b) = (1, 2);
        let (j1, j2, j3) = (serde_json::json!(1), serde_json::json!(2), serde_json::json!(3));
        let key = |s: &str| (s.to_string(), None);
        let pairs =
            pair_up(vec![(key("x"), &a), (key("y"), &b)], vec![(key("x"), &j1), (key("x"), &j2), (key("z"), &j3)]);
        let shown: Vec<String> = pairs
            .iter()
            .map(|p| match p {
                Paired::Both(t, j) => format!("both {t} {j}"),
                Paired::Added(t) => format!("added {t}"),
                Paired::Removed(j) => format!("removed {j}"),
            })
            .collect();
        assert_eq!(shown, ["both 1 1", "added 2", "removed 2", "removed 3"]);
    }
}
