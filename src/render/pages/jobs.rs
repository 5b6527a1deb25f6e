//! The pages of a kind as they are pushed: each with its paths in every language, grouped by
//! what they are made from, and handed on to be rendered a few groups at a time.

use super::shared::{SharedRows, Table};
use super::*;

/// The pages built so far, with the paths of each page in every language.
pub(in crate::render) struct Jobs<'l> {
    pub(super) languages: &'l [(String, String)],
    pub(super) list: Vec<PageJob>,
    groups: Option<Groups<'l>>,
    /// The pages of groups kept whole.
    kept: crate::render::sections::Kept,
    /// How many groups are open around the pages being pushed: pages are handed on only
    /// between groups, whose pages must all be known first.
    open: usize,
    /// Where the pages go to be rendered, a batch at a time (see [`section`]).
    batch: &'l mut dyn FnMut(Vec<PageJob>),
}

/// Pages handed on to be rendered at once, at least: a kind of page's data is made, rendered
/// and dropped a few groups at a time (a group whole), so that its memory is reused rather
/// than grown into. Made whole, the periods of a national site held all twelve periods' task
/// reports at once; by groups, the build's peak memory fell from 0.93 to 0.79 GB, and with it
/// the pages the kernel clears on first touch.
const BATCH: usize = 32;

/// What the groups of pages of a kind of page in one language are made from besides their own
/// inputs, and where their pages made before are kept.
pub(in crate::render) struct Groups<'a> {
    pub base: crate::render::memo::Key,
    pub keeper: &'a dyn crate::render::sections::Keep,
}

/// A group of pages to push (see [`Jobs::group`]).
pub(in crate::render) struct Group {
    key: Option<crate::render::memo::Key>,
}

impl Jobs<'_> {
    /// A group of pages made from what `parts` digest (each naming what it is, one naming the
    /// group: an indicator's id), besides the inputs every group of this kind of page is made
    /// from, which leave out the progress files. `parts` is called only when the pages are
    /// grouped: when what they are made from is known. `None` when the group's pages did not
    /// change since they were last made: they are then taken whole, and need no data. Else its
    /// pages are pushed with [`Jobs::in_group`].
    pub(super) fn group(&mut self, parts: impl FnOnce() -> Vec<Vec<u8>>) -> Option<Group> {
        let Some(groups) = &self.groups else { return Some(Group { key: None }) };
        let parts = parts();
        let key = crate::render::memo::Memo::key(
            std::iter::once(groups.base.as_slice()).chain(parts.iter().map(Vec::as_slice)),
        );
        if let Some(kept) = groups.keeper.keep(key) {
            self.kept.add(kept);
            return None;
        }
        Some(Group { key: Some(key) })
    }

    /// Pushes the pages of `group` with `push`; a group pushed inside it keeps its pages.
    pub(super) fn in_group<T>(&mut self, group: Group, push: impl FnOnce(&mut Self) -> T) -> T {
        let start = self.list.len();
        self.open += 1;
        let pushed = push(self);
        self.open -= 1;
        for job in self.list[start..].iter_mut().filter(|job| job.group.is_none()) {
            job.group = group.key;
        }
        if self.open == 0 && self.list.len() >= BATCH {
            (self.batch)(std::mem::take(&mut self.list));
        }
        pushed
    }

    pub(super) fn push(&mut self, lang: &Lang, page: &str, template: &'static str, title: String, data: Value) {
        let alternates = self.alternates(page);
        self.list.push(PageJob::new(lang.path(page), template, alternates, title, data));
    }

    /// The same page in each language.
    pub(super) fn alternates(&self, page: &str) -> BTreeMap<String, String> {
        self.languages.iter().map(|(code, prefix)| (code.clone(), format!("{prefix}{page}"))).collect()
    }

    /// Makes the page last pushed a second time at `page`, with `template`, from its data.
    pub(super) fn twin(&mut self, lang: &Lang, page: &str, template: &'static str) {
        let alternates = self.alternates(page);
        if let Some(job) = self.list.last_mut() {
            let title = job.title.clone();
            job.twin = Some(Twin { path: lang.path(page), template, alternates, title });
        }
    }

    /// The pages of a list at `dir` (`indicators/`), at most `size` rows each: `data` makes a
    /// page's data from its rows (moved, not copied) and its pager. Every language has the
    /// same pages, so each page's alternates are the same page number.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn push_pages<T>(
        &mut self,
        lang: &Lang,
        dir: &str,
        template: &'static str,
        title: &str,
        rows: Vec<T>,
        size: usize,
        data: impl Fn(Vec<T>, Value) -> Value,
    ) {
        self.push_paged(lang, (dir, template, title), rows, size, |rows, pager| (data(rows, pager), None));
    }

    /// [`Jobs::push_pages`], where `data` also gives the rows a page picks apart from its data
    /// (see [`shared`]).
    fn push_paged<T>(
        &mut self,
        lang: &Lang,
        (dir, template, title): (&str, &'static str, &str),
        rows: Vec<T>,
        size: usize,
        data: impl Fn(Vec<T>, Value) -> (Value, Option<SharedRows>),
    ) {
        let which = lang.t("page_n_of");
        let slices = paginate::split(rows.len(), size, dir);
        let mut rows = rows.into_iter();
        for s in slices {
            let page = rows.by_ref().take(s.rows.len()).collect();
            let (d, shared) = data(page, paginate::pager(&lang.prefix, dir, &s));
            self.push(lang, &s.path, template, paginate::title(title, &which, &s), d);
            if let Some(job) = self.list.last_mut() {
                job.shared = shared;
            }
        }
    }

    /// A long list shown in part on a larger page (a period, a unit): when it holds more than
    /// `size` rows, its own pages at `dir` (template `list.html`), with crumbs back to the page
    /// it belongs to. `context` names that page, `heading` the list. Returns what the larger
    /// page shows of it (see [`preview`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list_pages(
        &mut self,
        lang: &Lang,
        dir: &str,
        kind: &str,
        crumbs: &Value,
        context: &str,
        heading: &str,
        rows: Vec<Value>,
        size: usize,
    ) -> Value {
        if rows.len() <= size {
            // All of it shown where it belongs: moved, not copied.
            let total = rows.len();
            return object([("rows", Value::Array(rows)), ("total", total.into()), ("all", Value::Null)]);
        }
        let shown = preview(lang, &rows, size, dir);
        let total = rows.len();
        let title = format!("{heading} — {context}");
        let list = List { kind, crumbs, context, heading, total };
        self.push_pages(lang, dir, "list.html", &title, rows, size, |page, pager| list.data(Value::Array(page), pager));
        shown
    }

    /// Like [`Jobs::list_pages`], for rows picked from `table` (`picks`, in the order shown):
    /// the list's own pages pick their rows where they are kept (see [`shared`]).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list_picked(
        &mut self,
        lang: &Lang,
        dir: &str,
        kind: &str,
        crumbs: &Value,
        (context, heading): (&str, &str),
        table: &Table,
        picks: Vec<usize>,
        size: usize,
    ) -> Value {
        let total = picks.len();
        let first = SharedRows::new(table.clone(), picks[..total.min(size)].to_vec()).to_value();
        if total <= size {
            return object([("rows", first), ("total", total.into()), ("all", Value::Null)]);
        }
        let shown = preview_of(lang, first, total, size, dir);
        let title = format!("{heading} — {context}");
        let list = List { kind, crumbs, context, heading, total };
        self.push_paged(lang, (dir, "list.html", &title), picks, size, |page, pager| {
            (list.data(Value::Null, pager), Some(SharedRows::new(table.clone(), page)))
        });
        shown
    }

    /// [`Jobs::list_pages`] of `rows` as JSON, or [`Jobs::list_picked`] of plain rows, which
    /// the list's own pages read where they are kept.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn list_of(
        &mut self,
        lang: &Lang,
        dir: &str,
        kind: &str,
        crumbs: &Value,
        (context, heading): (&str, &str),
        rows: ListRows,
        size: usize,
    ) -> Value {
        match rows {
            ListRows::Json(rows) => self.list_pages(lang, dir, kind, crumbs, context, heading, rows, size),
            ListRows::Reports(rows) => {
                let picks = (0..rows.len()).collect();
                let table = Table::Reports(std::sync::Arc::new(rows));
                self.list_picked(lang, dir, kind, crumbs, (context, heading), &table, picks, size)
            }
        }
    }

    /// A page that exists only in the languages `written` (content without a translation):
    /// its language links offer only those.
    pub(super) fn push_written(
        &mut self,
        lang: &Lang,
        written: &[String],
        page: &str,
        template: &'static str,
        title: String,
        data: Value,
    ) {
        let alternates = self
            .languages
            .iter()
            .filter(|(code, _)| written.contains(code))
            .map(|(code, prefix)| (code.clone(), format!("{prefix}{page}")))
            .collect();
        self.list.push(PageJob::new(lang.path(page), template, alternates, title, data));
    }
}

/// The pages of one kind in the language of `cx`, handed to `batch` a few groups at a time
/// (see [`BATCH`]). Pages grouped by what they are made from (see [`Jobs::group`]) when
/// `groups` is given; the pages of groups kept whole are not made, and are returned.
pub(in crate::render) fn section<'l>(
    cx: &Cx,
    languages: &'l [(String, String)],
    section: Section,
    groups: Option<Groups<'l>>,
    batch: &'l mut dyn FnMut(Vec<PageJob>),
) -> crate::render::sections::Kept {
    let mut jobs = Jobs { languages, list: Vec::new(), groups, kept: Default::default(), open: 0, batch };
    section(cx, &mut jobs);
    let rest = std::mem::take(&mut jobs.list);
    if !rest.is_empty() {
        (jobs.batch)(rest);
    }
    jobs.kept
}

/// A long list's rows: as JSON, or a period's task reports as plain rows (see
/// [`super::report_rows`]).
pub(super) enum ListRows {
    Json(Vec<Value>),
    Reports(Vec<super::ReportRow>),
}

impl ListRows {
    /// What the page the list belongs to shows of it, when the list's own pages are kept.
    pub(super) fn preview(&self, lang: &Lang, size: usize, dir: &str) -> Value {
        match self {
            ListRows::Json(rows) => preview(lang, rows, size, dir),
            ListRows::Reports(rows) => {
                let first = rows[..rows.len().min(size)].iter().map(super::ReportRow::to_value).collect();
                preview_of(lang, Value::Array(first), rows.len(), size, dir)
            }
        }
    }
}

/// What every page of a long list's own pages shows besides its rows.
struct List<'a> {
    kind: &'a str,
    crumbs: &'a Value,
    context: &'a str,
    heading: &'a str,
    total: usize,
}

impl List<'_> {
    /// A page's data with `rows` and its pager.
    fn data(&self, rows: Value, pager: Value) -> Value {
        let crumbs = self.crumbs;
        object([
            ("kind", self.kind.into()),
            ("crumbs", crumbs.clone()),
            ("context", self.context.into()),
            // The page the list belongs to is named by the last crumb, in its language.
            ("context_lang", crumbs.as_array().and_then(|c| c.last()).map_or(Value::Null, |c| c["label_lang"].clone())),
            ("heading", self.heading.into()),
            ("rows", rows),
            ("total", self.total.into()),
            ("pager", pager),
        ])
    }
}
