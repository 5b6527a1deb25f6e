//! Pages made one kind in one language at a time: each kind's page data is made, its pages
//! rendered on every core and handed to the output, then dropped. A preview server's memo, or
//! the output folder as its last build left it, gives back a kind of page whole when the
//! inputs it is made from did not change, and a group of pages within it (an indicator's, a
//! period's) when what the group shows did not; the memo also any single page whose template
//! and data did not change.

use rayon::prelude::*;
use serde_json::Value;

use super::builtin_macros::{embed, indicator_list, indicator_page, list};
use super::context::Lang;
use super::{Context, base_context, frame, memo, pages, strings, template_error};
use crate::assess::Assessment;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::output::{self, Bytes, Files};

/// Renders kind of page number `s` of [`pages::SECTIONS`] in the language of `cx`.
pub(super) fn render(
    page: &Pages,
    inputs: Option<crate::inputs::Digests>,
    s: usize,
    cx: &pages::Cx,
    langs: &[(String, String)],
    files: &std::sync::Mutex<&mut Files>,
) -> Done {
    let (section, shows, _) = pages::SECTIONS[s];
    // What this kind of page in this language is made from: the templates, and every input
    // (the program, the options and the sources: see `inputs`) but the text of posts when it
    // shows none.
    let key = inputs.map(|inputs| {
        let from = match shows {
            pages::Shows::PostText => inputs.whole,
            pages::Shows::Lists => inputs.without_post_text,
        };
        memo::Memo::key([b"section".as_slice(), &s.to_le_bytes(), cx.lang().code.as_bytes(), &page.templates, &from])
    });
    // Its inputs did not change: its pages as a preview's last rebuild or the output folder's
    // last build left them, without making their data again.
    let hex = key.map(hex::encode);
    let keeper = Keeper { memo: page.memo, files, kind: hex.clone() };
    if let Some(kept) = key.and_then(|key| keeper.keep(key)) {
        return kept.into_done();
    }
    // Else each group of pages whose own inputs did not change (see `pages::Jobs::group`): in
    // a kind of page that shows no post's text, whose pages add the part of the progress each
    // one shows; in one that does, whose pages add the text of the post each one shows. Neither
    // shows more of the progress than its groups add (a post's page shows none of it), so an
    // edited figure leaves every post's page as it was.
    let groups = inputs.map(|inputs| pages::Groups {
        base: memo::Memo::key([
            b"groups".as_slice(),
            &s.to_le_bytes(),
            cx.lang().code.as_bytes(),
            &page.templates,
            &inputs.without_progress,
        ]),
        keeper: &keeper,
    });
    let mut titles: Vec<(String, String)> = Vec::new();
    let mut made_groups: Vec<memo::Key> = Vec::new();
    let mut done = Done::default();
    let kept = pages::section(cx, langs, section, groups, &mut |jobs| {
        titles.extend(jobs.iter().flat_map(pages::PageJob::titles));
        made_groups.extend(jobs.iter().filter_map(|j| j.group));
        done.add(page.render(cx.lang(), jobs, files, hex.as_deref()));
    });
    made_groups.sort_unstable();
    made_groups.dedup();
    let kept_pages = kept.titles.len();
    titles.extend(kept.titles);
    // In the order of their paths, as they are when kept from the folder.
    titles.sort();
    let done = Done {
        pages: done.pages + kept_pages,
        kept: done.kept + kept.from_folder,
        charts: done.charts + kept.charts,
        ..done
    };
    if let Some((memo, key)) = page.memo.zip(key).filter(|_| done.failures.is_empty()) {
        let groups = kept.groups.into_iter().chain(made_groups).collect();
        memo.keep_section(key, memo::Section { pages: titles.clone(), charts: done.charts, groups });
    }
    Done { titles, ..done }
}

/// Where pages made before are taken from: the preview server's memo, or the output folder
/// as its last build left it.
pub(super) struct Keeper<'a, 'f> {
    memo: Option<&'a memo::Memo>,
    files: &'a std::sync::Mutex<&'f mut Files>,
    /// The digest of what the kind of page is made from, as the output's manifest records it.
    kind: Option<String>,
}

/// What takes pages made before (a [`Keeper`], whatever the lifetime of its files).
pub(super) trait Keep: Sync {
    /// The pages made from what `key` digests, as last made, added to the files: `None` when
    /// they must be made (then they are recorded under `key`: see [`Pages::render`]).
    fn keep(&self, key: memo::Key) -> Option<Kept>;
}

/// Pages taken whole from a memo or the output folder: their paths and titles, the charts
/// they hold, and how many came from the folder.
#[derive(Default)]
pub(super) struct Kept {
    pub(super) titles: Vec<(String, String)>,
    pub(super) charts: usize,
    pub(super) from_folder: usize,
    /// The groups kept whole.
    pub(super) groups: Vec<memo::Key>,
}

impl Kept {
    pub(super) fn add(&mut self, other: Kept) {
        self.titles.extend(other.titles);
        self.charts += other.charts;
        self.from_folder += other.from_folder;
        self.groups.extend(other.groups);
    }

    fn into_done(self) -> Done {
        Done {
            pages: self.titles.len(),
            kept: self.from_folder,
            charts: self.charts,
            failures: Vec::new(),
            titles: self.titles,
        }
    }
}

impl Keep for Keeper<'_, '_> {
    fn keep(&self, key: memo::Key) -> Option<Kept> {
        let files = || self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((section, bytes)) = self.memo.and_then(|memo| memo.section(key)) {
            let mut files = files();
            for ((path, _), b) in section.pages.iter().zip(bytes) {
                files.add_shared(path.clone(), b);
            }
            return Some(Kept { titles: section.pages, charts: section.charts, from_folder: 0, groups: vec![key] });
        }
        let passer = files().passer();
        let (made, kept) = passer.kept_pages(&hex::encode(key), self.kind.as_deref()?)?;
        files().record(made);
        let charts = kept.iter().map(|(_, p)| p.charts).sum();
        let titles: Vec<(String, String)> = kept.into_iter().map(|(path, p)| (path, p.title)).collect();
        Some(Kept { from_folder: titles.len(), titles, charts, groups: vec![key] })
    }
}

/// What a section of pages rendered.
#[derive(Default)]
pub(super) struct Done {
    pub(super) pages: usize,
    /// Of `pages`, those kept from the output folder as its last build left them.
    pub(super) kept: usize,
    pub(super) charts: usize,
    pub(super) failures: Vec<Diagnostic>,
    /// Each page's path and title, for the search index.
    pub(super) titles: Vec<(String, String)>,
}

impl Done {
    /// Adds the pages of a batch rendered after these.
    fn add(&mut self, other: Done) {
        self.pages += other.pages;
        self.kept += other.kept;
        self.charts += other.charts;
        self.failures.extend(other.failures);
        self.titles.extend(other.titles);
    }
}

/// What every page's template is rendered with.
pub(super) struct Pages<'a> {
    pub(super) tera: &'a tera::Tera,
    pub(super) site: &'a Site,
    pub(super) assessment: &'a Assessment,
    pub(super) context: &'a Context<'a>,
    pub(super) progress: Option<&'a indicatif::ProgressBar>,
    /// Pages kept from the preview server's last rebuild, and the digest of the templates.
    pub(super) memo: Option<&'a memo::Memo>,
    pub(super) templates: memo::Key,
}

/// Which page templates are written in Rust (see `builtin_macros`).
#[derive(Clone, Copy)]
struct Native {
    list: bool,
    indicator: bool,
    indicators: bool,
    embed: bool,
}

impl Pages<'_> {
    /// Renders `jobs` on every core and adds them to `files`, dropping each page's data as soon
    /// as its page is made.
    /// `key_hex_of_kind` digests what these pages are made from, when known, and a page's
    /// group what the pages of its group are made from: the output's manifest records it with
    /// each page, and a preview's memo each group, so that the next build keeps them (see
    /// [`Keeper`]).
    pub(super) fn render(
        &self,
        lang: &Lang,
        jobs: Vec<pages::PageJob>,
        files: &std::sync::Mutex<&mut Files>,
        key_hex_of_kind: Option<&str>,
    ) -> Done {
        if let Some(bar) = self.progress {
            bar.inc_length(jobs.iter().map(pages::PageJob::count).sum::<usize>() as u64);
        }
        // Each page goes to the output from the thread that rendered it.
        let passer = files.lock().unwrap_or_else(|e| e.into_inner()).passer();
        // The theme's words are the same on every page: put in each worker's context once, and
        // each page's own values put over the last page's (every page sets the same names).
        let strings = strings(lang);
        let nav = pages::nav_pages(lang, self.site);
        let native = Native {
            list: self.tera.get_template(list::NATIVE).is_ok(),
            indicator: self.tera.get_template(indicator_page::NATIVE).is_ok(),
            indicators: self.tera.get_template(indicator_list::NATIVE).is_ok(),
            embed: self.tera.get_template(embed::NATIVE).is_ok(),
        };
        let words = || {
            let mut values = serde_json::Map::new();
            values.insert("t".to_string(), strings.clone());
            // An object is always a context.
            tera::Context::from_value(Value::Object(values)).unwrap_or_default()
        };
        // A few pages at a time to each core (see `load`): a run of a quarter of the pages left
        // the other core idle at the end of each kind of page.
        let made: Vec<Vec<Result<Page, Diagnostic>>> = jobs
            .into_par_iter()
            .with_max_len(8)
            .map_init(words, |values, job| {
                if let Some(bar) = self.progress {
                    bar.inc(job.count() as u64);
                }
                let pages::PageJob { path, template, alternates, title, mut data, twin, group, shared } = job;
                // A list page's rows kept apart (see `pages::SharedRows`) are read where they are
                // kept by a page written in Rust. Any other page, or a preview's, whose memo
                // keys each page by its data, has them copied into its data.
                let shared = match shared {
                    Some(rows) if self.memo.is_none() && template == list::LIST && native.list => Some(rows),
                    Some(rows) => {
                        pages::put_rows(&mut data, &rows);
                        None
                    }
                    None => None,
                };
                // Recorded with the digest of its kind's inputs, and of its group's.
                let key_hex = key_hex_of_kind.map(|kind| output::page_key(kind, group.map(hex::encode).as_deref()));
                // The same template and data make the same page. The words of the theme (`t`,
                // added only to render) are in `templates`; the page's language is in its data.
                let data_key = self.memo.map(|_| memo::value_key(&data));
                let mut page = serde_json::Map::new();
                page.insert("page".to_string(), data);
                // An object is always a context.
                values.extend(tera::Context::from_value(Value::Object(page)).unwrap_or_default());
                // The page, then its twin from the same data: each one's own values are put
                // over the last one's (every page sets the same names).
                let twin = twin.map(|t| (t.path, t.template, t.alternates, t.title));
                std::iter::once((path, template, alternates, title))
                    .chain(twin)
                    .map(|(path, template, alternates, title)| {
                        let base = base_context(
                            lang,
                            self.site,
                            self.assessment,
                            self.context,
                            &nav,
                            (&path, &alternates, &title),
                        );
                        let key = data_key.map(|data| {
                            let base = memo::value_key(&base);
                            memo::Memo::key([self.templates.as_slice(), template.as_bytes(), &base, &data])
                        });
                        // Only a page the preview's memo does not keep is framed and rendered.
                        let render = || {
                            // Its content alone, framed in Rust, when the theme keeps the frame as
                            // built in (see `frame`).
                            let content = frame::content_name(template);
                            let framed = self.tera.get_template(&content).ok().and_then(|_| {
                                frame::frame(&base, values.get("page").unwrap_or(&Value::Null), &strings)
                            });
                            values.extend(
                                tera::Context::from_value(base)
                                    .map_err(|e| template_error("internal", &e, lang.theme))?,
                            );
                            // The marks of the Markdown texts it shows put in place for this page.
                            let finish = |html| super::markdown::finish(html, &path).into_bytes();
                            // A list or an indicator's page, written in Rust while the theme
                            // keeps its frame and its template as built in.
                            let written = framed.as_ref().and_then(|_| {
                                let value = |name: &str| values.get(name);
                                match template {
                                    list::LIST if native.list => {
                                        let rows = list::Rows::of(value("page")?, shared.as_ref())?;
                                        list::content(value("page")?, rows, value("root")?, value("home")?, &strings)
                                    }
                                    indicator_page::INDICATOR if native.indicator => {
                                        indicator_page::content(value("page")?, value, &strings)
                                    }
                                    indicator_list::INDICATORS if native.indicators => {
                                        indicator_list::content(value("page")?, value, &strings)
                                    }
                                    _ => None,
                                }
                            });
                            // Rendered by Tera after all (it names what is wrong): with its rows.
                            if let (None, Some(rows)) = (&written, &shared) {
                                let mut page = values.get("page").cloned().unwrap_or_default();
                                pages::put_rows(&mut page, rows);
                                values.insert("page", &page);
                            }
                            let whole = || self.tera.render(template, values);
                            let html = match (&framed, written) {
                                (Some((head, tail)), Some(content)) => Ok([head.as_str(), &content, tail].concat()),
                                // A problem is said as Tera says it of the whole template.
                                (Some((head, tail)), None) => self
                                    .tera
                                    .render(&content, values)
                                    .map(|content| [head.as_str(), &content, tail].concat())
                                    .or_else(|_| whole()),
                                // The embed, written whole in Rust while the theme keeps it.
                                (None, _) if template == embed::EMBED && native.embed => {
                                    let value = |name: &str| values.get(name);
                                    value("page")
                                        .and_then(|page| embed::page(page, value, &strings))
                                        .map_or_else(whole, Ok)
                                }
                                (None, _) => whole(),
                            };
                            html.map(finish).map_err(|e| {
                                template_error(&format!("page {path} could not be rendered"), &e, lang.theme)
                            })
                        };
                        let html = match self.memo.zip(key) {
                            None => render().map(Bytes::new),
                            Some((memo, key)) => memo.page(&path, key, render),
                        }?;
                        let charts = count_charts(&html);
                        let made = match key_hex.as_deref() {
                            Some(key) => {
                                let page = output::PageRecord { title: title.clone(), charts };
                                passer.pass_page(path.clone(), key, &page, html)
                            }
                            None => passer.pass(path.clone(), html),
                        };
                        Ok(Page { made, charts, group, path, title })
                    })
                    .collect()
            })
            .collect();
        let mut done = Done::default();
        let mut made_ok = Vec::with_capacity(made.len());
        let mut groups: std::collections::BTreeMap<memo::Key, memo::Section> = std::collections::BTreeMap::new();
        for m in made.into_iter().flatten() {
            match m {
                Ok(page) => {
                    done.pages += 1;
                    done.charts += page.charts;
                    if let Some(group) = page.group {
                        let kept = groups.entry(group).or_default();
                        kept.pages.push((page.path, page.title));
                        kept.charts += page.charts;
                    }
                    made_ok.push(page.made);
                }
                Err(d) => done.failures.push(d),
            }
        }
        files.lock().unwrap_or_else(|e| e.into_inner()).record(made_ok);
        if let Some(memo) = self.memo.filter(|_| done.failures.is_empty()) {
            for (key, mut group) in groups {
                group.pages.sort();
                memo.keep_section(key, group);
            }
        }
        done
    }
}

/// A page made: for the output, and for the memo of its group.
struct Page {
    made: output::Made,
    charts: usize,
    group: Option<memo::Key>,
    path: String,
    title: String,
}

/// Charts drawn into a page: each is an image with a role (sparklines are files of their own).
fn count_charts(html: &[u8]) -> usize {
    // Every page's bytes are searched: a byte-by-byte comparison was a twentieth of a build.
    static CHART: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"role=\"img\""));
    CHART.find_iter(html).count()
}
