//! What the frozen snapshots published: the figure each indicator had for each date in the
//! newest snapshot that shows that date. Read from each snapshot's `data.json` (its complete
//! input), not from today's progress files, which may have changed since.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::archive::{Archive, DATA};

/// Published figures and the frozen periods.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// (indicator, date) → (figure, the snapshot's period).
    pub figures: BTreeMap<(String, NaiveDate), (f64, String)>,
    /// Periods with a snapshot under `archive/`.
    pub frozen: BTreeSet<String>,
}

impl Published {
    /// `archives` in any order; `order` lists the site's period ids in time order, so that a
    /// later snapshot's figure wins.
    pub fn from_archives(archives: &[Archive], order: &[&str]) -> Published {
        let mut sorted: Vec<&Archive> = archives.iter().collect();
        sorted.sort_by_key(|a| order.iter().position(|p| *p == a.period).unwrap_or(usize::MAX));
        let mut out = Published::default();
        for a in sorted {
            out.frozen.insert(a.period.clone());
            let Some(json) = a.bytes(DATA).and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok()) else {
                continue;
            };
            for (key, value) in figures(&json) {
                out.figures.insert(key, (value, a.period.clone()));
            }
        }
        out
    }

    pub fn figure(&self, indicator: &str, date: NaiveDate) -> Option<&(f64, String)> {
        self.figures.get(&(indicator.to_string(), date))
    }
}

/// The current figure per (indicator, date) in one snapshot's data: reports in period order,
/// a later report for the same date replacing an earlier one, as the site shows them.
fn figures(data: &serde_json::Value) -> BTreeMap<(String, NaiveDate), f64> {
    let date = |v: &serde_json::Value| v.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
    let ends: BTreeMap<&str, NaiveDate> = data["periods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, date(&p["end"])?)))
        .collect();
    let mut reports: Vec<&serde_json::Value> = data["reports"].as_array().into_iter().flatten().collect();
    reports.sort_by_key(|r| {
        let p = r["period"].as_str().unwrap_or("");
        ends.get(p).copied().unwrap_or(NaiveDate::MAX)
    });
    let mut out = BTreeMap::new();
    for r in reports {
        let Some(end) = r["period"].as_str().and_then(|p| ends.get(p)) else { continue };
        for v in r["values"].as_array().into_iter().flatten() {
            let (Some(id), Some(value)) = (v["indicator"].as_str(), v["value"].as_f64()) else { continue };
            let when = date(&v["as_of"]).unwrap_or(*end);
            out.insert((id.to_string(), when), value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_report_in_a_snapshot_is_what_it_published() {
        let data = serde_json::json!({
            "periods": [
                {"id": "2026-Q1", "end": "2026-03-31"},
                {"id": "2026-Q2", "end": "2026-06-30"}
            ],
            "reports": [
                {"period": "2026-Q2", "values": [{"indicator": "x", "value": 48.0, "as_of": "2026-03-31"}]},
                {"period": "2026-Q1", "values": [{"indicator": "x", "value": 50.0, "as_of": null}]}
            ]
        });
        let f = figures(&data);
        let q1 = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        assert_eq!(f.get(&("x".to_string(), q1)), Some(&48.0));
    }
}
