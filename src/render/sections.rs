//! Pages made one kind in one language at a time: each kind's page data is made, its pages
//! rendered on every core and handed to the output, then dropped; a preview server's memo
//! gives back a kind of page whole when the inputs it is made from did not change, and any
//! single page whose template and data did not change.

use rayon::prelude::*;
use serde_json::Value;

use super::context::Lang;
use super::{Context, base_context, memo, pages, strings, template_error};
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
    let (section, shows) = pages::SECTIONS[s];
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
    // Its inputs did not change: its pages as a preview's last rebuild made them, without
    // making their data again,
    if let Some((section, bytes)) = page.memo.zip(key).and_then(|(memo, key)| memo.section(key)) {
        let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
        for ((path, _), b) in section.pages.iter().zip(bytes) {
            files.add_shared(path.clone(), b);
        }
        let pages = section.pages.len();
        return Done { pages, charts: section.charts, titles: section.pages, ..Done::default() };
    }
    // or as the last build of the output folder left them.
    let hex = key.map(hex::encode);
    let passer = files.lock().unwrap_or_else(|e| e.into_inner()).passer();
    if let Some((made, kept)) = hex.as_deref().and_then(|hex| passer.kept_pages(hex)) {
        files.lock().unwrap_or_else(|e| e.into_inner()).record(made);
        let charts = kept.iter().map(|(_, p)| p.charts).sum();
        let titles: Vec<(String, String)> = kept.into_iter().map(|(path, p)| (path, p.title)).collect();
        return Done { pages: titles.len(), kept: titles.len(), charts, failures: Vec::new(), titles };
    }
    let jobs = pages::section(cx, langs, section);
    let mut titles: Vec<(String, String)> = jobs.iter().flat_map(pages::PageJob::titles).collect();
    // In the order of their paths, as they are when kept from the folder.
    titles.sort();
    let done = page.render(cx.lang(), jobs, files, hex.as_deref());
    if let Some((memo, key)) = page.memo.zip(key).filter(|_| done.failures.is_empty()) {
        memo.keep_section(key, memo::Section { pages: titles.clone(), charts: done.charts });
    }
    Done { titles, ..done }
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

impl Pages<'_> {
    /// Renders `jobs` on every core and adds them to `files`, dropping each page's data as soon
    /// as its page is made.
    /// `key_hex` digests what these pages are made from, when known: the output's manifest
    /// records it with each page, so that the next build can keep them (see [`render`]).
    pub(super) fn render(
        &self,
        lang: &Lang,
        jobs: Vec<pages::PageJob>,
        files: &std::sync::Mutex<&mut Files>,
        key_hex: Option<&str>,
    ) -> Done {
        if let Some(bar) = self.progress {
            bar.inc_length(jobs.iter().map(pages::PageJob::count).sum::<usize>() as u64);
        }
        // Each page goes to the output from the thread that rendered it.
        let passer = files.lock().unwrap_or_else(|e| e.into_inner()).passer();
        // The theme's words are the same on every page: put in each worker's context once, and
        // each page's own values put over the last page's (every page sets the same names).
        let strings = strings(lang);
        let words = || {
            let mut values = serde_json::Map::new();
            values.insert("t".to_string(), strings.clone());
            // An object is always a context.
            tera::Context::from_value(Value::Object(values)).unwrap_or_default()
        };
        let made: Vec<Vec<Result<(output::Made, usize), Diagnostic>>> = jobs
            .into_par_iter()
            .map_init(words, |values, job| {
                if let Some(bar) = self.progress {
                    bar.inc(job.count() as u64);
                }
                let pages::PageJob { path, template, alternates, title, data, twin } = job;
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
                        let base =
                            base_context(lang, self.site, self.assessment, self.context, &path, &alternates, &title);
                        let key = data_key.map(|data| {
                            let base = memo::value_key(&base);
                            memo::Memo::key([self.templates.as_slice(), template.as_bytes(), &base, &data])
                        });
                        values.extend(tera::Context::from_value(base).map_err(|e| template_error("internal", &e))?);
                        let render = || {
                            self.tera
                                .render(template, values)
                                .map(String::into_bytes)
                                .map_err(|e| template_error(&format!("page {path} could not be rendered"), &e))
                        };
                        let html = match self.memo.zip(key) {
                            None => render().map(Bytes::new),
                            Some((memo, key)) => memo.page(&path, key, render),
                        }?;
                        let charts = count_charts(&html);
                        let made = match key_hex {
                            Some(key) => {
                                let page = output::PageRecord { title, charts };
                                passer.pass_page(path, key, &page, html)
                            }
                            None => passer.pass(path, html),
                        };
                        Ok((made, charts))
                    })
                    .collect()
            })
            .collect();
        let mut done = Done::default();
        let mut made_ok = Vec::with_capacity(made.len());
        for m in made.into_iter().flatten() {
            match m {
                Ok((file, charts)) => {
                    done.pages += 1;
                    done.charts += charts;
                    made_ok.push(file);
                }
                Err(d) => done.failures.push(d),
            }
        }
        files.lock().unwrap_or_else(|e| e.into_inner()).record(made_ok);
        done
    }
}

/// Charts drawn into a page: each is an image with a role (sparklines are files of their own).
fn count_charts(html: &[u8]) -> usize {
    html.windows(10).filter(|w| w == b"role=\"img\"").count()
}
