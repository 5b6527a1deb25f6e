//! A check of every merge before anything is written, independent of how the merge was done:
//! the new text, read as the site reads TOML, must hold every entry the file held (those the
//! import did not touch unchanged), plus one entry per answer added, each answer's entry
//! holding the answer. An answer that a file's layout would swallow, or an entry an edit
//! would lose, stops the import instead of passing silently.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::merge::{TaskAnswer, ValueAnswer};
use crate::text::clean;

/// What a merge was meant to do to one file.
#[derive(Default)]
pub struct Intent<'a> {
    /// Figures it changed or added.
    pub values: Vec<&'a ValueAnswer>,
    pub tasks: Vec<&'a TaskAnswer>,
}

/// An entry's identity: `value` (indicator, date) or `task` ref.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Value(String, NaiveDate),
    Task(String),
}

fn entries(text: &str, end: NaiveDate) -> Result<Vec<(Key, toml::Table)>, String> {
    let doc: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for name in ["value", "task"] {
        let list: Vec<&toml::Table> = match doc.get(name) {
            Some(toml::Value::Array(a)) => a.iter().filter_map(toml::Value::as_table).collect(),
            Some(toml::Value::Table(t)) => vec![t],
            _ => Vec::new(),
        };
        for t in list {
            let id = |k: &str| t.get(k).and_then(toml::Value::as_str).map(clean).unwrap_or_default();
            let key = if name == "value" {
                let date = match t.get("as_of") {
                    Some(toml::Value::Datetime(d)) => {
                        d.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
                    }
                    Some(toml::Value::String(s)) => super::numbers::parse_date(s),
                    _ => None,
                };
                Key::Value(id("indicator"), date.unwrap_or(end))
            } else {
                Key::Task(id("ref"))
            };
            out.push((key, t.clone()));
        }
    }
    Ok(out)
}

/// Whether `after` is `before` with exactly the intended changes; what is wrong otherwise.
pub fn check(before: &str, after: &str, end: NaiveDate, intent: &Intent) -> Result<(), String> {
    let old = entries(before, end).map_err(|e| format!("the file as it was cannot be read: {e}"))?;
    let new = entries(after, end).map_err(|e| format!("the merged text is not valid TOML: {e}"))?;
    let mut touched: BTreeMap<Key, bool> = BTreeMap::new();
    for v in &intent.values {
        touched.insert(Key::Value(v.indicator.clone(), v.date), false);
    }
    for t in &intent.tasks {
        touched.insert(Key::Task(t.key.clone()), false);
    }
    // Every entry not answered is still there, unchanged.
    let mut remaining: Vec<&(Key, toml::Table)> = new.iter().collect();
    for (key, table) in &old {
        if touched.contains_key(key) {
            continue;
        }
        match remaining.iter().position(|(k, t)| k == key && t == table) {
            Some(i) => {
                remaining.remove(i);
            }
            None => return Err(format!("the entry {} would be lost or changed", shown(key))),
        }
    }
    // Every answer is there, once, holding what was answered.
    for (key, table) in remaining {
        let Some(seen) = touched.get_mut(key) else {
            return Err(format!("an entry {} would appear that no answer made", shown(key)));
        };
        if *seen {
            return Err(format!("the entry {} would be there twice", shown(key)));
        }
        *seen = true;
        let holds = match key {
            Key::Value(..) => intent.values.iter().any(|v| {
                Key::Value(v.indicator.clone(), v.date) == *key && number(table.get("value")) == Some(v.value)
            }),
            Key::Task(r) => intent.tasks.iter().any(|t| {
                &t.key == r
                    && table.get("status").and_then(toml::Value::as_str) == Some(t.status.as_str())
                    && t.percent.is_none_or(|p| p == number(table.get("percent")))
            }),
        };
        if !holds {
            return Err(format!("the entry {} would not hold the answer", shown(key)));
        }
    }
    if let Some((key, _)) = touched.iter().find(|(_, seen)| !**seen) {
        return Err(format!("the answer for {} would be lost", shown(key)));
    }
    Ok(())
}

fn number(v: Option<&toml::Value>) -> Option<f64> {
    match v? {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn shown(key: &Key) -> String {
    match key {
        Key::Value(id, date) => format!("[[value]] `{id}` for {date}"),
        Key::Task(r) => format!("[[task]] `{r}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::cells::Place;

    fn answer(id: &str, value: f64) -> ValueAnswer {
        ValueAnswer {
            indicator: id.into(),
            value,
            date: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            source: None,
            note: None,
            unit: None,
            value_place: Place { file: "a.xlsx".into(), sheet: None, row: 0, col: None },
            places: Default::default(),
            as_made: false,
        }
    }

    #[test]
    fn a_lost_or_swallowed_answer_is_caught() {
        let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let before = "value = [{ indicator = \"a\", value = 1 }]\n";
        let b = answer("b", 2.0);
        let intent = Intent { values: vec![&b], tasks: vec![] };
        // Nothing written: the answer is lost.
        assert!(check(before, before, end, &intent).unwrap_err().contains("`b`"));
        let good = "value = [{ indicator = \"a\", value = 1 }, { indicator = \"b\", value = 2 }]\n";
        assert_eq!(check(before, good, end, &intent), Ok(()));
        // An untouched entry changed.
        let bad = "value = [{ indicator = \"a\", value = 3 }, { indicator = \"b\", value = 2 }]\n";
        assert!(check(before, bad, end, &intent).unwrap_err().contains("`a`"));
        // The answer's figure not what was answered.
        let wrong = "value = [{ indicator = \"a\", value = 1 }, { indicator = \"b\", value = 5 }]\n";
        assert!(check(before, wrong, end, &intent).is_err());
    }
}
