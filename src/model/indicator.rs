use super::{Located, TimePoint};
use crate::diagnostic::{FileId, Span};

/// Which way is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    #[default]
    Increase,
    Decrease,
}

/// A target's comparator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Op {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "between")]
    Between,
}

impl Op {
    pub const ACCEPTED: &'static [&'static str] = &[">=", ">", "<=", "<", "=", "between"];

    pub fn parse(s: &str) -> Option<Op> {
        Some(match s {
            ">=" | "≥" => Op::Ge,
            ">" => Op::Gt,
            "<=" | "≤" => Op::Le,
            "<" => Op::Lt,
            "=" | "==" => Op::Eq,
            "between" => Op::Between,
            _ => return None,
        })
    }

    /// The sign a reader sees before a single figure ("≥ 60%"); none for `=` and ranges.
    pub fn sign(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq | Op::Between => "",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "=",
            Op::Between => "between",
        }
    }
}

/// A target's number: one value, or a range for `between`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum TargetValue {
    Single(f64),
    Range(f64, f64),
}

/// The national framework target a city target answers to.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Framework {
    pub op: Op,
    pub value: TargetValue,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Baseline {
    pub at: TimePoint,
    pub value: f64,
    pub source: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Target {
    /// The milestone as written ("2030") and what it means.
    pub by_written: String,
    pub by: TimePoint,
    pub op: Op,
    pub value: TargetValue,
    pub plan: Option<Located<String>>,
    pub framework: Option<Framework>,
    /// `every = "year"`: the target holds for each year, not once.
    pub every_year: bool,
    /// For a target for every year, the last year it holds: the year before the indicator's
    /// next target for every year begins ("mỗi năm ≥ 40" to 2030, "mỗi năm ≥ 80" to 2035: the
    /// first holds from 2030 to 2034). Set when the site is resolved; `None`: with no end.
    #[serde(skip)]
    pub last_year: Option<i32>,
    pub note: Option<String>,
    /// Where in the document the figure is printed.
    pub source_ref: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A KPI ("chỉ tiêu") with its baseline and targets.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub unit: String,
    pub unit_en: Option<String>,
    pub direction: Direction,
    /// The unit that answers for the indicator: the first the document names.
    pub owner: Option<Located<String>>,
    /// The other units named with the owner (`owner = ["…", "…"]`), in the document's order.
    /// Left out of a snapshot's data when there are none, as in the snapshots made before it
    /// existed; so are the four fields below when absent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub co_owners: Vec<Located<String>>,
    /// The leader who directs the work on it ("lãnh đạo chỉ đạo"), as the document words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leader: Option<String>,
    /// The person who answers for it ("chủ trì"), as the document words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_charge: Option<String>,
    /// What is delivered to show it ("sản phẩm đầu ra"), e.g. "Bộ số liệu báo cáo".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// Where the document makes the assignment above ("Phụ lục 1, dòng 12").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned_in: Option<String>,
    pub plans: Vec<Located<String>>,
    /// "Chỉ tiêu bổ sung": set by the city beyond the framework.
    pub supplementary: bool,
    pub description: Option<String>,
    /// The description in English, for English pages. Left out of a snapshot's data when
    /// absent, as in the snapshots made before it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    pub baseline: Option<Baseline>,
    pub targets: Vec<Target>,
    /// `bounds = [min, max]`: the least and greatest value the indicator's definition allows
    /// (an index from 0 to 1). Left out of a snapshot's data when absent, as in the snapshots
    /// made before it existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bounds: Option<[f64; 2]>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

impl Indicator {
    /// Every unit that answers for it: the owner, then the others named with it.
    pub fn owners(&self) -> impl Iterator<Item = &Located<String>> {
        self.owner.iter().chain(&self.co_owners)
    }

    /// Percentages must lie within 0-100.
    pub fn is_percent(&self) -> bool {
        self.unit.trim() == "%"
    }

    /// The values the indicator can take, if its definition limits them.
    pub fn scale(&self) -> Option<Scale> {
        Scale::of(self.bounds, self.is_percent())
    }
}

/// The values an indicator can take: those of its `bounds`, or 0 to 100 for one measured in %.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
    /// Set by the unit `%` rather than by `bounds`.
    pub percent: bool,
}

impl Scale {
    /// The scale of an indicator with `bounds`, measured in % or not.
    pub fn of(bounds: Option<[f64; 2]>, percent: bool) -> Option<Scale> {
        match bounds {
            Some([min, max]) => Some(Scale { min, max, percent: false }),
            None => percent.then_some(Scale { min: 0.0, max: 100.0, percent: true }),
        }
    }

    pub fn holds(&self, value: f64) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// What is wrong with `value`, outside the scale, and what is accepted.
    pub fn outside(&self, value: f64) -> (String, String) {
        if self.percent {
            return (
                format!("{value} is not a percentage"),
                "the indicator's unit is \"%\": values lie between 0 and 100 (85 for 85%)".into(),
            );
        }
        let (min, max) = (self.min, self.max);
        (
            format!("{value} is outside the indicator's bounds, {min} to {max}"),
            format!("its definition says `bounds = [{min}, {max}]`: check the figure{}, or the bounds", self.example()),
        )
    }

    /// The mistake most often made on a scale from 0 to 1, said where it may be the one made.
    pub fn example(&self) -> &'static str {
        if self.max <= 1.0 { " (on a scale from 0 to 1, 81% is written 0.81)" } else { "" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scale holds its bounds; outside it, what is said fits the scale: the 0-to-1 mistake
    /// only where the scale ends at 1, the percentage's rule for a unit in %.
    #[test]
    fn a_scale_holds_its_bounds_and_says_what_fits_it() {
        let index = Scale::of(Some([0.0, 1.0]), false).unwrap();
        assert!(index.holds(0.0) && index.holds(1.0) && !index.holds(1.01) && !index.holds(-0.5));
        assert!(index.outside(81.0).1.contains("81% is written 0.81"));
        let points = Scale::of(Some([0.0, 10.0]), true).unwrap();
        assert!(!points.percent && !points.outside(11.0).1.contains("0.81"), "bounds take the place of %");
        let percent = Scale::of(None, true).unwrap();
        assert_eq!((percent.min, percent.max), (0.0, 100.0));
        assert_eq!(percent.outside(120.0).0, "120 is not a percentage");
        assert_eq!(Scale::of(None, false), None);
    }
}
