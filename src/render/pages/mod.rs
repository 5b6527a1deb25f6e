//! The pages of a site in one language: which exist, at which output path, with which template
//! and data. Each kind of page has a module of its own.

mod archive;
mod home;
mod indicators;
mod jobs;
mod paginate;
mod periods;
mod plans;
mod report_rows;
mod search;
mod shared;
mod text;
mod units;
mod updates;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::context::{Lang, marked_status_json, object, status_json};
use super::format;
use super::markdown;
use super::views::{self, Index};
use crate::assess::status::{NEEDS_ACCELERATION, ON_TRACK, Status};
use crate::model::{Page, PageKind};
use crate::text::slugify;

use jobs::ListRows;
pub(super) use jobs::{Group, Groups, Jobs, section};
pub use report_rows::ReportRow;
pub use shared::{SharedRows, put_rows};

/// One page to render.
pub struct PageJob {
    /// Output path, e.g. `en/indicators/x/index.html`.
    pub path: String,
    pub template: &'static str,
    /// The same page in each language: language code → output path.
    pub alternates: BTreeMap<String, String>,
    pub title: String,
    pub data: Value,
    /// A second page made from the same data (an indicator's embed), so that the data is
    /// neither made nor copied twice.
    pub twin: Option<Twin>,
    /// The digest of what the pages of its group are made from (see [`Jobs::group`]).
    pub group: Option<super::memo::Key>,
    /// A list page's rows, when kept apart from its data (see [`shared`]).
    pub shared: Option<SharedRows>,
}

/// A page made from the data of another (see [`PageJob::twin`]).
pub struct Twin {
    pub path: String,
    pub template: &'static str,
    pub alternates: BTreeMap<String, String>,
    pub title: String,
}

impl PageJob {
    /// A page at `path` (in its language) with its `alternates`, alone: no twin, no group, its
    /// rows (if any) in its data.
    fn new(
        path: String,
        template: &'static str,
        alternates: BTreeMap<String, String>,
        title: String,
        data: Value,
    ) -> Self {
        PageJob { path, template, alternates, title, data, twin: None, group: None, shared: None }
    }

    /// How many pages it makes.
    pub fn count(&self) -> usize {
        1 + usize::from(self.twin.is_some())
    }

    /// The path and title of each page it makes.
    pub fn titles(&self) -> impl Iterator<Item = (String, String)> + '_ {
        std::iter::once((self.path.clone(), self.title.clone()))
            .chain(self.twin.iter().map(|t| (t.path.clone(), t.title.clone())))
    }
}

/// Section names that free pages cannot take, because built-in pages live there.
pub const RESERVED: &[&str] = &[
    "indicators",
    "plans",
    "units",
    "periods",
    "updates",
    "data",
    "static",
    "archive",
    "en",
    "vi",
    "404",
    "tim-kiem",
    "search",
];

/// A page's Markdown as HTML whose headings start at `<h{top}>`; text shown on a page of
/// another language (no translation yet) says which language it is in.
pub(super) fn body_html(site: &crate::model::Site, page: Option<&Page>, top: u8, lang: &str) -> Option<String> {
    let p = page?;
    let html = markdown::to_html(&p.body, top, &markdown::Source::page(site, p, lang));
    if html.trim().is_empty() {
        return None;
    }
    Some(if p.lang == lang { html } else { format!("<div lang=\"{}\">{html}</div>", p.lang) })
}

/// The output folder prefix of a language: "" for the site's language, "en/" for the others.
pub(super) fn prefix_of(site: &crate::model::Site, code: &str) -> String {
    if code == site.config.language { String::new() } else { format!("{code}/") }
}

/// The languages a piece of content is written in (a translation is a page of its own).
pub(super) fn written_in(site: &crate::model::Site, same: impl Fn(&PageKind) -> bool) -> Vec<String> {
    site.pages.iter().filter(|p| same(&p.kind)).map(|p| p.lang.clone()).collect()
}

/// The posts of every period, newest first, with their output slugs.
pub fn posts<'a>(site: &'a crate::model::Site, lang: &str) -> super::views::Posts<'a> {
    let mut seen: BTreeMap<(String, String), &Page> = BTreeMap::new();
    for p in &site.pages {
        if let PageKind::Update { period, slug } = &p.kind {
            let key = (period.clone(), slugify(slug));
            if p.lang == lang || !seen.contains_key(&key) {
                seen.insert(key, p);
            }
        }
    }
    let mut out: Vec<(String, String, &Page)> = seen.into_iter().map(|((period, slug), p)| (period, slug, p)).collect();
    out.sort_by(|a, b| b.2.date.cmp(&a.2.date).then(a.1.cmp(&b.1)));
    out
}

pub(super) fn post_json(lang: &Lang, ix: &Index, period: &str, slug: &str, p: &Page) -> Value {
    let label =
        ix.site.periods.iter().find(|x| x.id == period).map(|x| lang.pick_lang(&x.label, x.label_en.as_deref()));
    json!({
        "title": p.title,
        "date": p.date.map(|d| format::date(d, lang.code)),
        "iso_date": p.date.map(|d| d.to_string()),
        "summary": p.summary,
        "sample": p.sample,
        "period": label.map(|l| l.0),
        "period_lang": label.and_then(|l| l.1),
        "period_href": lang.path(&format!("periods/{period}/index.html")),
        // An untranslated post has one page, in its own language: lists link there.
        "href": format!("{}updates/{period}/{slug}/index.html", prefix_of(ix.site, &p.lang)),
        "lang": (p.lang != lang.code).then_some(&p.lang),
    })
}

/// The part of a long list a larger page shows: its first `size` rows, how many there are in
/// all and, when there are more, the address of the list's own pages (see `Jobs::list_pages`).
pub(super) fn preview(lang: &Lang, rows: &[Value], size: usize, dir: &str) -> Value {
    preview_of(lang, Value::Array(rows[..rows.len().min(size)].to_vec()), rows.len(), size, dir)
}

/// [`preview`] of a list of `total` rows, of which `first` are shown.
pub(super) fn preview_of(lang: &Lang, first: Value, total: usize, size: usize, dir: &str) -> Value {
    object([
        ("rows", first),
        ("total", total.into()),
        ("all", (total > size).then(|| lang.path(&paginate::page_path(dir, 1))).into()),
    ])
}

/// Everything the page builders share.
pub(super) struct Cx<'a> {
    lang: &'a Lang<'a>,
    ix: &'a Index<'a>,
    extra: &'a super::Extra<'a>,
    /// Each indicator as lists show it, in site order, and the plans' cards.
    lists: std::sync::Arc<Lists>,
    /// Each task as lists show it, in the order of `ix.tasks`: made once, though a task is
    /// listed on its plan, its units, its indicators and every period that misses its report;
    /// and only when a kind of page that lists tasks is made (a preview may keep them all).
    tasks: std::sync::OnceLock<std::sync::Arc<TaskViews>>,
    /// Where a preview keeps `tasks`, and the digest of every input but the progress files.
    kept_tasks: Option<(&'a super::memo::Memo, super::memo::Key)>,
    posts: std::sync::Arc<super::views::Posts<'a>>,
    /// The most rows of one list a page holds.
    size: usize,
}

/// A kind of page: the site is built one kind in one language at a time, so that a build
/// holds only the page data of the kinds it is working on, never the whole site's.
pub(super) type Section = fn(&Cx, &mut Jobs);

/// Every kind of page but the search page, which is made last: it needs the others' titles.
/// Each says whether it shows the text of posts, which all other pages leave out (so a preview
/// that sees only a post's text change makes only the post's pages again), and how long making
/// its data takes (see [`Cost`]).
pub(super) const SECTIONS: &[(Section, Shows, Cost)] = &[
    (home::home, Shows::Lists, Cost::Small),
    (indicators::lists, Shows::Lists, Cost::Some),
    (indicators::details, Shows::Lists, Cost::Most),
    (plans::plans, Shows::Lists, Cost::Some),
    (units::units, Shows::Lists, Cost::More),
    (periods::periods, Shows::Lists, Cost::Most),
    (periods::posts, Shows::PostText, Cost::More),
    (updates::updates, Shows::Lists, Cost::Small),
    (archive::archive, Shows::Lists, Cost::Small),
    (text::text_pages, Shows::Lists, Cost::Small),
];

/// How long a kind of page's data takes to make, on one core (its pages are rendered on every
/// core), as measured on a large site: a build starts the longest first, so that the last kinds
/// to finish are short ones and no core waits long for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Cost {
    Small,
    Some,
    More,
    Most,
}

/// What of the posts a kind of page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shows {
    /// At most their front matter (title, date, summary), in lists.
    Lists,
    /// Their text.
    PostText,
}

/// The search page.
pub(super) const SEARCH: Section = search::search_page;

/// Each task as lists show it, in the order of `Index::tasks`, and the digest of each: what a
/// group of pages that lists them is made from (see [`Jobs::group`]).
pub struct TaskViews {
    views: Vec<Value>,
    keys: Vec<super::memo::Key>,
}

impl TaskViews {
    fn new(lang: &Lang, ix: &Index) -> TaskViews {
        let views: Vec<Value> = ix.tasks.iter().map(|(p, t, ta)| views::task_view(lang, ix, p, t, ta)).collect();
        let keys = views.iter().map(super::memo::value_key).collect();
        TaskViews { views, keys }
    }
}

/// What lists in one language show of each indicator and plan.
pub struct Lists {
    /// Each indicator as lists show it, in site order.
    summaries: Vec<Value>,
    plan_cards: Vec<Value>,
    /// The digest of each of `summaries`: what a group of pages that lists them is made from
    /// (see [`Jobs::group`]); made when first asked for.
    summary_keys: std::sync::OnceLock<Vec<super::memo::Key>>,
}

impl Lists {
    pub(super) fn new(lang: &Lang, ix: &Index) -> Lists {
        let (site, a) = (ix.site, ix.assessment);
        let summaries: Vec<Value> = site
            .indicators
            .par_iter()
            .zip(&a.indicators)
            .map(|(i, ia)| views::indicator_summary(lang, ix, i, ia))
            .collect();
        Lists { summaries, plan_cards: plan_cards(lang, ix), summary_keys: std::sync::OnceLock::new() }
    }
}

impl<'a> Cx<'a> {
    /// What the pages of one language share: each indicator as lists show it, the plans'
    /// cards (`lists`) and the posts.
    pub(super) fn new(
        lang: &'a Lang<'a>,
        ix: &'a Index<'a>,
        extra: &'a super::Extra<'a>,
        lists: std::sync::Arc<Lists>,
        kept_tasks: Option<(&'a super::memo::Memo, super::memo::Key)>,
    ) -> Cx<'a> {
        let site = ix.site;
        let size = match site.config.page_size {
            0 => crate::model::PAGE_SIZE_DEFAULT,
            n => n,
        };
        Cx { lang, ix, extra, lists, tasks: Default::default(), kept_tasks, posts: ix.posts(lang.code), size }
    }

    /// Every task as lists show it (see `tasks`). Made on one core: kinds of page are made in
    /// parallel, and a worker that waited inside a parallel loop here could be handed another
    /// kind of page that waits for this same list.
    pub(super) fn tasks(&self) -> &[Value] {
        &self.task_views().views
    }

    /// The digest of each task as lists show it (made on one core, as [`Cx::tasks`]).
    pub(super) fn task_keys(&self) -> &[super::memo::Key] {
        &self.task_views().keys
    }

    /// Every task as lists show it, for pages that pick their rows from it.
    pub(super) fn task_table(&self) -> shared::Table {
        shared::Table::Tasks(self.task_views().clone())
    }

    /// Every indicator as lists show it, for pages that pick their rows from it.
    pub(super) fn indicator_table(&self) -> shared::Table {
        shared::Table::Indicators(self.lists.clone())
    }

    /// A preview keeps them while every input but the progress files, and every task's
    /// assessment, are the same: an edited figure leaves them as they were.
    fn task_views(&self) -> &std::sync::Arc<TaskViews> {
        let (lang, ix) = (self.lang, self.ix);
        self.tasks.get_or_init(|| match self.kept_tasks {
            Some((memo, base)) => {
                let key =
                    super::memo::Memo::key([b"task views".as_slice(), lang.code.as_bytes(), &base, &ix.tasks_key()]);
                memo.task_views(key, || TaskViews::new(lang, ix))
            }
            None => std::sync::Arc::new(TaskViews::new(lang, ix)),
        })
    }

    /// The digest of each indicator as lists show it.
    pub(super) fn summary_keys(&self) -> &[super::memo::Key] {
        let lists = &self.lists;
        lists.summary_keys.get_or_init(|| lists.summaries.iter().map(super::memo::value_key).collect())
    }

    pub(super) fn lang(&self) -> &Lang<'a> {
        self.lang
    }

    /// Each indicator as lists show it, in site order.
    pub(super) fn summaries(&self) -> &[Value] {
        &self.lists.summaries
    }

    /// Each plan's card, in site order.
    pub(super) fn plan_cards(&self) -> &[Value] {
        &self.lists.plan_cards
    }
}

fn plan_cards(lang: &Lang, ix: &Index) -> Vec<Value> {
    ix.site
        .plans
        .iter()
        .map(|p| {
            let c = &ix.assessment.rollups.plans[&p.id];
            let mut v = views::plan_ref(lang, ix, &p.id);
            let issuer = p.issuer.as_deref().map(|i| lang.pick_lang(i, p.issuer_en.as_deref()));
            v["issuer"] = json!(issuer.map(|i| i.0));
            v["issuer_lang"] = json!(issuer.and_then(|i| i.1));
            v["issued"] = json!(p.issued.map(|d| format::date(d, lang.code)));
            v["tasks"] = views::task_counts(lang, &format!("plans-{}", p.id), &c.tasks);
            v["indicators"] = json!(c.indicators.total);
            v
        })
        .collect()
}

/// For each period (by position), the tasks reported done or cancelled in an earlier period.
pub(super) fn closed_before_each<'a>(ix: &Index<'a>) -> Vec<std::collections::HashSet<&'a str>> {
    let mut closed = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(ix.site.periods.len());
    for p in &ix.site.periods {
        out.push(closed.clone());
        for r in ix.site.reports.iter().filter(|r| r.period.value == p.id) {
            closed.extend(r.tasks.iter().filter(|t| t.status.is_closed()).map(|t| t.task.value.as_str()));
        }
    }
    out
}

/// The free pages in `lang` by output slug (the Vietnamese text where no translation exists);
/// `content/method.md` is the method page's text, not a free page.
pub(super) fn free_pages<'a>(site: &'a crate::model::Site, lang: &str) -> BTreeMap<String, &'a Page> {
    let mut pages: BTreeMap<String, &Page> = BTreeMap::new();
    for p in &site.pages {
        if let PageKind::Free { slug } = &p.kind {
            let s = slugify(slug);
            if slug != "method" && (p.lang == lang || !pages.contains_key(&s)) {
                pages.insert(s, p);
            }
        }
    }
    pages
}

/// A free page's place in the menu: its own `weight`, else that of a version in another
/// language. Keepers order the menu in the original and give a translation only its words: the
/// menu keeps one order in every language.
fn menu_weight(site: &crate::model::Site, page: &Page) -> i64 {
    if page.weight_given {
        return page.weight;
    }
    let twins = site.pages.iter().filter(|p| p.kind == page.kind && p.weight_given);
    twins.map(|p| p.weight).next().unwrap_or(page.weight)
}

/// Free pages' navigation entries, ordered by weight then title.
pub fn nav_pages(lang: &Lang, site: &crate::model::Site) -> Vec<Value> {
    let pages = free_pages(site, lang.code);
    let mut v: Vec<(i64, String, String, &str)> = pages
        .into_iter()
        .map(|(s, p)| (menu_weight(site, p), p.title.clone().unwrap_or(s.clone()), s, p.lang.as_str()))
        .collect();
    v.sort();
    v.into_iter()
        .map(|(_, title, slug, written)| {
            json!({
                "title": title,
                "href": format!("{}{slug}/index.html", prefix_of(site, written)),
                "key": slug,
                "lang": (written != lang.code).then_some(written),
            })
        })
        .collect()
}

pub(super) fn changes_json(lang: &Lang, ix: &Index, c: &super::changes::PeriodChanges) -> Value {
    let name = |id: &str| {
        ix.indicators.get(id).map_or((id.to_string(), None), |(i, _)| {
            let (name, l) = lang.pick_lang(&i.name, i.name_en.as_deref());
            (name.to_string(), l)
        })
    };
    let unit_lang = |id: &str| ix.indicators.get(id).and_then(|(i, _)| views::unit_lang(lang, i));
    let href = |id: &str| lang.path(&format!("indicators/{id}/index.html"));
    let unit = |id: &str| ix.indicators.get(id).map_or("", |(i, _)| lang.pick(&i.unit, i.unit_en.as_deref()));
    let period = |id: &str| {
        ix.site.periods.iter().find(|p| p.id == id).map_or((id.to_string(), None), |p| {
            let (label, l) = lang.pick_lang(&p.label, p.label_en.as_deref());
            (label.to_string(), l)
        })
    };
    // Each list made, then moved in: `json!` would copy it.
    let statuses = c.statuses.iter().map(|s| {
        let mut row =
            json!({ "name": name(&s.indicator).0, "name_lang": name(&s.indicator).1, "href": href(&s.indicator) });
        row["from"] = marked_status_json(lang, s.from, s.from_illustrative);
        row["to"] = marked_status_json(lang, s.to, s.to_illustrative);
        row
    });
    let completed = c.completed.iter().filter_map(|r| {
        let (p, t, _) = ix.task(&r.task)?;
        let (label, label_lang) = views::plan_label_lang(lang, p);
        let (title, title_lang) = lang.pick_lang(&t.title, t.title_en.as_deref());
        Some(json!({
            "label": if t.numbered { format!("{label} · {}", t.id) } else { label.to_string() },
            "label_lang": label_lang,
            "title": title,
            "title_lang": title_lang,
            "href": format!("{}#t-{}", lang.path(&format!("plans/{}/index.html", p.id)), t.id),
            "sample": r.sample,
        }))
    });
    let revisions = c.revisions.iter().map(|r| json!({
            "name": name(&r.indicator).0, "name_lang": name(&r.indicator).1, "href": href(&r.indicator),
            "date": chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").map(|d| format::date(d, lang.code)).unwrap_or(r.date.clone()),
            "archived": format::with_unit(r.archived, unit(&r.indicator), lang.code),
            "unit_lang": unit_lang(&r.indicator),
            "archived_period": period(&r.archived_period).0,
            "archived_period_lang": period(&r.archived_period).1,
            "archive_href": format!("archive/{}/{}indicators/{}/index.html", r.archived_period, lang.prefix, r.indicator),
            "current": format::with_unit(r.current, unit(&r.indicator), lang.code),
            "archived_sample": r.archived_sample,
            "current_sample": r.current_sample,
        }));
    object([
        ("statuses", Value::Array(statuses.collect())),
        ("completed", Value::Array(completed.collect())),
        ("revisions", Value::Array(revisions.collect())),
    ])
}
