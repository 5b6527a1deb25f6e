use chrono::NaiveDate;

use super::{Indicator, Located, Page, Plan, ProgressReport};
use crate::diagnostic::Span;

/// Everything a site's sources say, as read.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Site {
    pub config: SiteConfig,
    pub units: Vec<Unit>,
    pub periods: Vec<Period>,
    pub plans: Vec<Plan>,
    pub indicators: Vec<Indicator>,
    pub reports: Vec<ProgressReport>,
    pub pages: Vec<Page>,
}

/// `site.toml`.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct SiteConfig {
    pub title: String,
    pub title_en: Option<String>,
    pub description: Option<String>,
    pub description_en: Option<String>,
    /// Only for canonical links, the sitemap and feeds; every link inside the site is relative.
    pub base_url: Option<String>,
    pub language: String,
    pub languages: Vec<String>,
    pub theme: String,
    pub current_period: Located<String>,
    #[serde(skip)]
    pub span: Span,
}

/// An agency that leads or supports work ("đơn vị").
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<Located<String>>,
    #[serde(skip)]
    pub span: Span,
}

/// A reporting period ("kỳ báo cáo").
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Period {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(skip)]
    pub span: Span,
}
