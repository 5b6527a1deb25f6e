use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::{Indicator, Located, Page, PageKind, Plan, ProgressReport};
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
    /// Records left out as repeats of an id (see `load::unique`): never shown, but what they
    /// refer to is still checked, so that a build reports every problem at once rather than
    /// a repeat's own mistakes once it is renamed. Emptied once resolved.
    #[serde(skip)]
    pub repeats: Repeats,
    /// The posts a site as of an earlier period leaves out (see [`Site::as_of`]), each with
    /// its language: a link to one leads to the live site's page, in the reader's language
    /// when the live site makes it in that one.
    #[serde(skip)]
    pub later_posts: Vec<(PageKind, String)>,
}

/// Units, plans, tasks (with the id of their plan) and indicators left out as repeats of an id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Repeats {
    /// Still found by their names and aliases: a reference to one names a unit that is written,
    /// only with the id of another.
    pub units: Vec<Unit>,
    pub plans: Vec<Plan>,
    pub tasks: Vec<(String, super::Task)>,
    pub indicators: Vec<Indicator>,
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
    /// Whether site.toml lists `languages` (else only `language` is built).
    #[serde(skip)]
    pub languages_listed: bool,
    /// Whether a language written in site.toml was refused (`"EN"`, a language listed twice):
    /// which languages the keeper meant to build is then not known.
    #[serde(skip)]
    pub languages_refused: bool,
    pub theme: String,
    pub current_period: Located<String>,
    /// The most rows of one list a page holds (`page_size`); longer lists get pages of their own.
    pub page_size: usize,
    #[serde(skip)]
    pub span: Span,
}

/// `page_size` when site.toml does not set it.
pub const PAGE_SIZE_DEFAULT: usize = 50;
/// The `page_size` values site.toml accepts: below 10 a list is all pager; above 1,000 a page
/// is too heavy for a phone.
pub const PAGE_SIZES: std::ops::RangeInclusive<usize> = 10..=1000;

/// An agency that leads or supports work ("đơn vị").
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub aliases: Vec<Located<String>>,
    pub parent: Option<Located<String>>,
    #[serde(skip)]
    pub span: Span,
    /// Where `name` and `name_en` are written (as each alias is), so that a message about
    /// one of them points at it rather than at the unit's id.
    #[serde(skip)]
    pub name_span: Span,
    #[serde(skip)]
    pub name_en_span: Option<Span>,
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

impl Site {
    /// The site as known at the end of `period`: later periods, their reports and their posts are
    /// left out. The site's current period becomes `period`.
    pub fn as_of(&self, period: &str) -> Site {
        self.as_known_at(period).into_owned()
    }

    /// [`Site::as_of`], borrowing the site itself when it holds nothing after `period` and
    /// already stands at it (a site built as of its last period: copying a national site's
    /// model took a tenth of a preview's rebuild).
    pub fn as_known_at(&self, period: &str) -> std::borrow::Cow<'_, Site> {
        let Some(index) = self.periods.iter().position(|p| p.id == period) else {
            return std::borrow::Cow::Borrowed(self);
        };
        let known = |p: &str| self.periods[..=index].iter().any(|k| k.id == p);
        let later_page = self.pages.iter().any(|p| match &p.kind {
            PageKind::Update { period, .. } => !known(period),
            _ => false,
        });
        let unchanged = index + 1 == self.periods.len()
            && self.config.current_period.value == period
            && self.reports.iter().all(|r| known(&r.period.value))
            && !later_page;
        if unchanged { std::borrow::Cow::Borrowed(self) } else { std::borrow::Cow::Owned(self.cut_at(period)) }
    }

    fn cut_at(&self, period: &str) -> Site {
        let Some(index) = self.periods.iter().position(|p| p.id == period) else { return self.clone() };
        let kept: BTreeSet<&str> = self.periods[..=index].iter().map(|p| p.id.as_str()).collect();
        let mut out = self.clone();
        out.later_posts.extend(self.pages.iter().filter_map(|p| match &p.kind {
            PageKind::Update { period, .. } if !kept.contains(period.as_str()) => {
                Some((p.kind.clone(), p.lang.clone()))
            }
            _ => None,
        }));
        out.periods.truncate(index + 1);
        out.reports.retain(|r| kept.contains(r.period.value.as_str()));
        out.pages.retain(|p| match &p.kind {
            PageKind::Update { period, .. } => kept.contains(period.as_str()),
            _ => true,
        });
        out.config.current_period.value = period.to_string();
        out
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    #[test]
    fn a_site_at_its_last_period_is_borrowed_and_an_earlier_one_cut() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let site = crate::pipeline::check(&root, None).site;
        let last = site.periods.last().unwrap().id.clone();
        let first = site.periods.first().unwrap().id.clone();
        assert_ne!(first, last);
        if site.config.current_period.value == last {
            assert!(matches!(site.as_known_at(&last), Cow::Borrowed(_)));
        }
        let earlier = site.as_known_at(&first);
        assert!(matches!(earlier, Cow::Owned(_)));
        assert_eq!(earlier.periods.len(), 1);
        assert!(earlier.reports.iter().all(|r| r.period.value == first));
        // The same as the copy `as_of` gives, wherever it borrows.
        for p in &site.periods {
            let (known, copied) = (site.as_known_at(&p.id), site.as_of(&p.id));
            assert_eq!(serde_json::to_string(&*known).unwrap(), serde_json::to_string(&copied).unwrap());
            assert_eq!(known.config.current_period.value, p.id);
        }
    }
}
