use chrono::NaiveDate;

use super::{Deadline, Located};
use crate::diagnostic::{FileId, Span};

/// One plan or programme (`data/plans/<plan>.toml`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Plan {
    pub id: String,
    /// The number printed on the document, e.g. `12-KH/TU`.
    pub code: Option<String>,
    pub title: String,
    pub title_en: Option<String>,
    /// A short name that tells the plan apart in lists ("KH 12-KH/TU"); defaults to `code`.
    pub label: Option<String>,
    pub label_en: Option<String>,
    pub issuer: Option<String>,
    pub issuer_en: Option<String>,
    pub issued: Option<NaiveDate>,
    /// The year the plan covers, for deadlines such as "Quý II" that name no year; defaults to
    /// the year of `issued`.
    pub year: Option<i32>,
    pub based_on: Vec<String>,
    pub supersedes: Vec<String>,
    /// Where the keeper took the text from (a file or address): a working note, never published.
    #[serde(skip)]
    pub source: Option<String>,
    /// Values the document does not print but that were derived: field name → where from.
    pub inferred: Inferred,
    pub sections: Vec<Section>,
    pub tasks: Vec<Task>,
    #[serde(skip)]
    pub file: FileId,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl Plan {
    /// Whether the plan was in force by `day`: issued by then, or, when undated, its year had
    /// begun. Tasks of a plan not yet in force are not expected to report.
    pub fn in_force_by(&self, day: NaiveDate) -> bool {
        match (self.issued, self.year) {
            (Some(issued), _) => issued <= day,
            (None, Some(year)) => NaiveDate::from_ymd_opt(year, 1, 1).is_some_and(|start| start <= day),
            (None, None) => true,
        }
    }
}

/// Whether a task was changed by a later programme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// "Nhiệm vụ bổ sung".
    Added,
    /// "Nhiệm vụ điều chỉnh".
    Adjusted,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Adjusted => "adjusted",
        }
    }
}

/// One row of a plan: who does what, by when, producing what.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Task {
    /// As printed; unique inside the plan.
    pub id: String,
    pub section: Option<Located<String>>,
    pub title: String,
    pub title_en: Option<String>,
    /// The leader in charge ("chủ trì chỉ đạo").
    pub leader: Option<String>,
    /// Lead units ("đơn vị chủ trì"); unit ids after resolution.
    pub lead: Vec<Located<String>>,
    /// Supporting units ("đơn vị phối hợp"); unit ids after resolution.
    pub support: Vec<Located<String>>,
    /// The concrete product ("sản phẩm").
    pub output: Option<String>,
    pub due: Option<Deadline>,
    /// Deadline wording that names no date, shown as is.
    pub due_text: Option<String>,
    pub change: Option<Change>,
    pub change_basis: Option<String>,
    pub indicators: Vec<Located<String>>,
    pub budget_vnd: Option<f64>,
    pub note: Option<String>,
    /// Where in the document the task is written (part, item, appendix row).
    pub source_ref: Option<String>,
    /// False when the document prints no number for the task: its id is then only the site's key.
    pub numbered: bool,
    /// Values the document does not print but that were derived: field name → where from.
    pub inferred: Inferred,
    #[serde(skip)]
    pub span: Span,
}

/// Derived values and where each came from, keyed by the field they fill.
pub type Inferred = std::collections::BTreeMap<String, String>;

impl Task {
    /// The deadline as the document words it, for display.
    pub fn due_wording(&self) -> Option<&str> {
        self.due_text.as_deref().or(self.due.as_ref().map(|d| d.written.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_is_in_force_from_its_issue_date_or_year() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let mut plan = Plan {
            id: "p".into(),
            code: None,
            title: "t".into(),
            title_en: None,
            label: None,
            label_en: None,
            issuer: None,
            issuer_en: None,
            issued: Some(d(2025, 8, 26)),
            year: None,
            based_on: vec![],
            supersedes: vec![],
            source: None,
            inferred: Default::default(),
            sections: vec![],
            tasks: vec![],
            file: Default::default(),
            span: Default::default(),
        };
        assert!(!plan.in_force_by(d(2025, 6, 30)));
        assert!(plan.in_force_by(d(2025, 9, 30)));
        plan.issued = None;
        plan.year = Some(2026);
        assert!(!plan.in_force_by(d(2025, 12, 31)));
        assert!(plan.in_force_by(d(2026, 3, 31)));
    }
}
