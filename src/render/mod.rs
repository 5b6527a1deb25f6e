//! Render: the assessed model → HTML pages, charts, feeds and static files, in every language
//! of the site (the default language at the root, the others under `<lang>/`).

mod builtin_macros;
use builtin_macros::frame;
pub mod changes;
pub mod chart;
pub mod context;
pub mod feeds;
mod font;
pub mod format;
pub mod markdown;
pub mod memo;
pub mod milestone;
pub mod pages;
pub mod search;
mod sections;
pub mod share;
mod targets_view;
mod templates;
pub mod timeaxis;
pub mod views;
pub mod words;

use rayon::prelude::*;
use serde_json::{Value, json};

use crate::assess::Assessment;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::output::Files;
use crate::theme::Theme;
use context::{Lang, relative};
pub use templates::{Macros, template_errors};
use templates::{template_error, tera};

/// What the pages are part of: the live site with its archives, or a snapshot of one period
/// (whose pages carry a banner and link back to the live site).
pub enum Context<'a> {
    Live { archives: &'a [crate::archive::Archive] },
    Snapshot { published: &'a str },
}

impl Context<'_> {
    /// The period a snapshot is of (it is published at archive/<period>/ of the live site);
    /// `None` for the live site.
    pub fn snapshot_of<'s>(&self, site: &'s Site, a: &Assessment) -> Option<&'s str> {
        match self {
            Context::Snapshot { .. } => Some(site.periods[a.as_of.index].id.as_str()),
            Context::Live { .. } => None,
        }
    }
}

/// What pages need beyond the site and its assessment.
pub struct Extra<'a> {
    pub context: &'a Context<'a>,
    pub changes: std::sync::Arc<std::collections::BTreeMap<String, changes::PeriodChanges>>,
}

/// How a render runs: with a progress display, with what a preview server kept.
#[derive(Clone, Copy, Default)]
pub struct Run<'a> {
    pub progress: Option<&'a indicatif::ProgressBar>,
    pub memo: Option<&'a memo::Memo>,
    /// What the site was read from (with a memo: which kinds of page it can take as they were).
    pub inputs: Option<crate::inputs::Digests>,
    pub macros: Macros,
    /// Share pictures kept from an earlier build, for a build into another folder.
    pub pictures: Option<&'a crate::cache::pictures::Pictures>,
}

/// How many pages and charts a render produced, for the build summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    pub pages: usize,
    pub charts: usize,
    /// Of `pages`, those kept from the output folder's last build as they were.
    pub kept: usize,
}

/// The site's languages with their output prefixes, the default language first.
pub fn languages(site: &Site) -> Vec<(String, String)> {
    let default = &site.config.language;
    let mut out = vec![(default.clone(), String::new())];
    for l in &site.config.languages {
        if l != default {
            out.push((l.clone(), format!("{l}/")));
        }
    }
    out
}

/// Renders every page of `site` into `files`.
pub fn render(
    site: &Site,
    assessment: &Assessment,
    theme: &Theme,
    context: &Context,
    run: Run,
    files: &mut Files,
    timings: &mut crate::timings::Timings,
) -> Result<Rendered, Vec<Diagnostic>> {
    let Run { progress, memo, macros, .. } = run;
    let words = serde_json::to_vec(&theme.strings).unwrap_or_default();
    let mode = format!("{macros:?}");
    let templates = memo::Memo::key(
        theme
            .templates
            .iter()
            .flat_map(|(n, t)| [n.as_bytes(), t.as_bytes()])
            .chain([words.as_slice(), mode.as_bytes()]),
    );
    let tera = timings.time("render: templates", || match memo {
        Some(memo) => memo.templates(templates, || tera(theme, macros)),
        None => tera(theme, macros).map(std::sync::Arc::new),
    })?;
    let mut ix = views::Index::new(site, assessment);
    ix.memo = memo;
    let langs = languages(site);
    let extra = timings.time("render: what changed", || {
        let made = || {
            // The assessment as of each earlier period; the last one is the given. A preview
            // keeps each while the reports up to its period are the same.
            let earlier: Vec<std::sync::Arc<Option<Assessment>>> = site.periods[..assessment.as_of.index]
                .par_iter()
                .enumerate()
                .map(|(i, p)| {
                    let assess = || crate::assess::assess(site, &p.id);
                    let Some((memo, inputs)) = memo.zip(run.inputs) else { return std::sync::Arc::new(assess()) };
                    let reports: Vec<memo::Key> = site.periods[..=i].iter().map(|q| ix.report_key(&q.id)).collect();
                    let parts = [b"assessed".as_slice(), &inputs.without_progress, p.id.as_bytes()];
                    let key = memo::Memo::key(parts.into_iter().chain(reports.iter().map(|k| k.as_slice())));
                    memo.assessed(key, assess)
                })
                .collect();
            let mut history: Vec<&Assessment> = earlier.iter().filter_map(|a| a.as_ref().as_ref()).collect();
            history.push(assessment);
            let published: Vec<_> = match context {
                Context::Live { archives } => {
                    archives.iter().map(|a| (a.period.clone(), crate::archive::published_values(a))).collect()
                }
                Context::Snapshot { .. } => Vec::new(),
            };
            changes::per_period(site, &history, &published)
        };
        // Made from everything but the text of posts (the snapshots included: a preview counts
        // its readings of them among its options).
        let changes = match memo.zip(run.inputs) {
            Some((memo, inputs)) => {
                memo.changes(memo::Memo::key([b"changes".as_slice(), &inputs.without_post_text]), made)
            }
            None => std::sync::Arc::new(made()),
        };
        Extra { context, changes }
    });
    // Lists' small trend charts: one file per indicator, shared by every list and language.
    let sparks = timings.time("render: small charts", || {
        let draw = || -> Vec<(String, crate::output::Bytes)> {
            site.indicators
                .par_iter()
                .zip(&assessment.indicators)
                .filter_map(|(i, ia)| {
                    let (points, target) = views::spark_points(i, ia)?;
                    Some((
                        views::spark_path(i),
                        crate::output::Bytes::new(chart::sparkline(&points, target).into_bytes()),
                    ))
                })
                .collect()
        };
        match memo.zip(run.inputs) {
            // A preview keeps them while every input but the text of posts is the same.
            Some((memo, inputs)) => {
                memo.sparks(memo::Memo::key([b"sparks".as_slice(), &inputs.without_post_text]), draw)
            }
            None => std::sync::Arc::new(draw()),
        }
    });
    let count = Rendered { pages: 0, charts: sparks.len(), kept: 0 };
    for (path, svg) in sparks.iter() {
        files.add_shared(path.clone(), svg.clone());
    }
    let page = sections::Pages { tera: &tera, site, assessment, context, progress, memo, templates };
    let lang_list: Vec<Lang> =
        langs.iter().map(|(code, prefix)| Lang { code, prefix: prefix.clone(), theme }).collect();
    let cxs: Vec<pages::Cx> = timings.time("render: lists' data", || {
        lang_list
            .par_iter()
            .map(|lang| {
                let lists = match memo.zip(run.inputs) {
                    // A preview keeps them while every input but the text of posts is the same.
                    Some((memo, inputs)) => {
                        let key =
                            memo::Memo::key([b"lists".as_slice(), lang.code.as_bytes(), &inputs.without_post_text]);
                        memo.lists(key, || pages::Lists::new(lang, &ix))
                    }
                    None => std::sync::Arc::new(pages::Lists::new(lang, &ix)),
                };
                let kept_tasks = memo.zip(run.inputs).map(|(memo, inputs)| (memo, inputs.without_progress));
                pages::Cx::new(lang, &ix, &extra, lists, kept_tasks)
            })
            .collect()
    });
    // Link previews' pictures are drawn beside the pages, search index and feeds: they need
    // none of them, and a small site's kinds of page left a core idle while the last ran.
    let passer = files.passer();
    let (pictures, (count, diags, snapshot_of)) = rayon::join(
        || {
            let started = std::time::Instant::now();
            let made = share::pictures(site, assessment, &langs, theme, memo.zip(run.inputs), run.pictures, passer);
            (made, started.elapsed())
        },
        || {
            let mut count = count;
            let shared = std::sync::Mutex::new(&mut *files);
            let done = timings.time("render: pages", || {
                each_kind(&cxs, |s, cx| sections::render(&page, run.inputs, s, cx, &langs, &shared))
            });
            let mut diags = Vec::new();
            let mut titles: Vec<Vec<(String, String)>> = vec![Vec::new(); langs.len()];
            for (i, d) in done.into_iter().enumerate() {
                count.pages += d.pages;
                count.charts += d.charts;
                count.kept += d.kept;
                diags.extend(d.failures);
                titles[i % langs.len()].extend(d.titles);
            }
            // The search page last: its index is made from every other page.
            let indexes = timings.time("render: search index", || {
                search::add(&langs, &ix, theme, context, &titles, memo.zip(run.inputs.as_ref()), files)
            });
            timings.time("render: search page", || {
                for (cx, index) in cxs.iter().zip(indexes) {
                    let mut jobs = Vec::new();
                    pages::section(cx, &langs, pages::SEARCH, None, &mut |batch| jobs.extend(batch));
                    for job in &mut jobs {
                        job.data["index"] = json!(index.as_ref().map(|i| &i.folder));
                        job.data["version"] = json!(index.as_ref().map(|i| &i.version));
                    }
                    let done = page.render(cx.lang(), jobs, &std::sync::Mutex::new(&mut *files), None);
                    count.pages += done.pages;
                    diags.extend(done.failures);
                }
            });
            let snapshot_of = context.snapshot_of(site, assessment);
            timings.time("render: feeds", || {
                for (code, prefix) in &langs {
                    let lang = Lang { code, prefix: prefix.clone(), theme };
                    match not_found(&tera, &lang, site, assessment, context) {
                        Ok((path, html)) => files.add(path, html),
                        Err(d) => diags.push(d),
                    }
                    files.add(
                        format!("{prefix}feed.xml"),
                        feeds::atom(&lang, site, &ix.posts(code), feeds::published_at(site, snapshot_of)),
                    );
                }
            });
            (count, diags, snapshot_of)
        },
    );
    files.record(pictures.0);
    timings.add_beside("render: share pictures", "pages to feeds", pictures.1);
    // The lists' data, freed on every core.
    cxs.into_par_iter().for_each(drop);
    for (path, bytes) in &theme.statics {
        files.add(format!("static/{path}"), bytes.clone());
    }
    // What a search engine reads at the host's root: the live site's alone. A snapshot's copy
    // would list the live site's addresses as its own.
    if snapshot_of.is_none() {
        files.add("robots.txt", feeds::robots(site));
        for (path, sitemap) in timings.time("render: sitemap", || feeds::sitemaps(site, files, feeds::SITEMAP_LIMITS)) {
            files.add(path, sitemap);
        }
    }
    if diags.is_empty() { Ok(count) } else { Err(diags) }
}

/// What `make` gives for each kind of page ([`pages::SECTIONS`]) in each language (`cxs`), in
/// that order. One kind in one language at a time on each core, its pages' data made, rendered,
/// handed on and dropped before the next is made; each core takes the next kind as it finishes
/// one, those whose data takes longest first (see [`pages::Cost`]).
fn each_kind<T: Send>(cxs: &[pages::Cx], make: impl Fn(usize, &pages::Cx) -> T + Sync) -> Vec<T> {
    let mut work: Vec<(usize, usize)> =
        (0..pages::SECTIONS.len()).flat_map(|s| (0..cxs.len()).map(move |l| (s, l))).collect();
    // Stable: among kinds of one cost, the order of `SECTIONS`.
    work.sort_by_key(|&(s, _)| std::cmp::Reverse(pages::SECTIONS[s].2));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let made: Vec<std::sync::Mutex<Option<T>>> = (0..work.len()).map(|_| std::sync::Mutex::new(None)).collect();
    rayon::scope(|scope| {
        for _ in 0..rayon::current_num_threads().min(work.len()) {
            scope.spawn(|_| {
                while let Some(&(s, l)) = work.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let done = make(s, &cxs[l]);
                    *made[s * cxs.len() + l].lock().unwrap_or_else(|e| e.into_inner()) = Some(done);
                }
            });
        }
    });
    made.into_iter().filter_map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner())).collect()
}

/// The values every page has: `nav` is the menu's free pages ([`pages::nav_pages`], the same
/// on every page of a language: made once, not once per page, since finding them looks through
/// every page of the site), and `(path, alternates, title)` the page's own.
pub(super) fn base_context(
    lang: &Lang,
    site: &Site,
    a: &Assessment,
    context: &Context,
    nav: &[Value],
    (path, alternates, title): (&str, &std::collections::BTreeMap<String, String>, &str),
) -> Value {
    let root = "../".repeat(path.matches('/').count());
    let snapshot = match context {
        Context::Snapshot { published } => Some(json!({
            "published": published
                .get(..10)
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .map(|d| format::date(d, lang.code)),
            // The live site by its address when it is known: a snapshot is downloaded and kept
            // apart from the site, where a relative link leads nowhere. Otherwise relative:
            // a snapshot sits at archive/<period>/ of the live site.
            "live_home": match &site.config.base_url {
                Some(base) => format!("{}{}", with_slash(base), lang.prefix),
                None => format!("{root}../../{}index.html", lang.prefix),
            },
        })),
        Context::Live { .. } => None,
    };
    let period = &site.periods[a.as_of.index];
    let section = path.strip_prefix(lang.prefix.as_str()).unwrap_or(path).split('/').next().unwrap_or("").to_string();
    let canonical =
        site.config.base_url.as_ref().map(|b| format!("{}{}", with_slash(b), path.trim_end_matches("index.html")));
    // Search engines want every version's full address, this one's included: only the live
    // site's pages are where `base_url` says.
    let live_base = match context {
        Context::Live { .. } => site.config.base_url.as_deref().map(with_slash),
        Context::Snapshot { .. } => None,
    };
    let url_of = |p: &str| live_base.as_ref().map(|b| format!("{b}{}", p.trim_end_matches("index.html")));
    let languages = languages(site);
    let default_version = alternates.get(&site.config.language).and_then(|p| url_of(p));
    // A page's other locales are those it has a version in.
    let others: Vec<&str> =
        languages.iter().map(|(c, _)| c.as_str()).filter(|c| *c != lang.code && alternates.contains_key(*c)).collect();
    json!({
        "lang": lang.code,
        "root": root,
        "home": format!("{root}{}", lang.prefix),
        "path": path,
        "section": if section == "index.html" { "home".to_string() } else { section },
        "title": title,
        "canonical": canonical,
        "site": {
            "title": lang.pick(&site.config.title, site.config.title_en.as_deref()),
            "title_lang": lang.pick_lang(&site.config.title, site.config.title_en.as_deref()).1,
            "description": site.config.description.as_deref().map(|d| lang.pick(d, site.config.description_en.as_deref())),
        },
        // The versions of this page, one per language it has.
        "alternates": alternates.iter().map(|(code, p)| json!({
            "code": code,
            "name": lang.theme.text(code, "language_name"),
            "href": relative(path, p),
            "url": url_of(p),
            "current": code == lang.code,
        })).collect::<Vec<_>>(),
        "default_version": default_version,
        // Every language of the site, for its switcher: the page's version in it, or that
        // language's home page when the page has none.
        "languages": languages.iter().map(|(code, prefix)| {
            let version = alternates.get(code);
            json!({
                "code": code,
                "name": lang.theme.text(code, "language_name"),
                "href": relative(path, &version.cloned().unwrap_or_else(|| format!("{prefix}index.html"))),
                "current": code == lang.code,
                "translation": version.is_some(),
            })
        }).collect::<Vec<_>>(),
        "nav_pages": nav,
        "as_of": {
            "label": lang.pick(&period.label, period.label_en.as_deref()),
            "label_lang": lang.pick_lang(&period.label, period.label_en.as_deref()).1,
            "date": format::date(period.end, lang.code),
        },
        "feed": format!("{root}{}feed.xml", lang.prefix),
        "search": matches!(context, Context::Live { .. }).then(|| format!("{root}{}", search::page_path(lang))),
        "snapshot": snapshot,
        "share": share::meta(site, a, context, lang, path, &others),
    })
}

/// The theme's words in a page's language, as templates read them (`t.home`).
pub(super) fn strings(lang: &Lang) -> Value {
    json!(lang.theme.strings.get(lang.code).cloned().unwrap_or_default())
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') { url.to_string() } else { format!("{url}/") }
}

/// The 404 page is served at whatever address was not found, so relative links cannot work
/// there; it links from the site's own path (from `base_url`) when one is known.
fn not_found(
    tera: &tera::Tera,
    lang: &Lang,
    site: &Site,
    a: &Assessment,
    context: &Context,
) -> Result<(String, String), Diagnostic> {
    let path = lang.path("404.html");
    let alternates = std::collections::BTreeMap::new();
    let nav = pages::nav_pages(lang, site);
    let mut ctx = base_context(lang, site, a, context, &nav, (&path, &alternates, &lang.t("not_found")));
    // Inside a snapshot the site's own path is unknown, so its 404 keeps relative links.
    let live_base = match context {
        Context::Live { .. } => site.config.base_url.as_ref(),
        Context::Snapshot { .. } => None,
    };
    if let Some(base) = live_base {
        let site_path = base
            .splitn(4, '/')
            .nth(3)
            .map_or("/".to_string(), |p| format!("/{}", with_slash(p).trim_start_matches('/')));
        ctx["root"] = json!(site_path);
        ctx["home"] = json!(format!("{site_path}{}", lang.prefix));
        ctx["feed"] = json!(format!("{site_path}{}feed.xml", lang.prefix));
        ctx["search"] = json!(format!("{site_path}{}", search::page_path(lang)));
    }
    ctx["page"] = json!({});
    // Served at any address, it cannot link to other languages' pages relatively.
    ctx["languages"] = json!([]);
    ctx["t"] = strings(lang);
    let values = tera::Context::from_value(ctx).map_err(|e| template_error("internal", &e, lang.theme))?;
    tera.render("404.html", &values)
        .map(|html| (path, html))
        .map_err(|e| template_error("the 404 page could not be rendered", &e, lang.theme))
}
