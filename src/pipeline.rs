//! The pipeline below every command: load → resolve → assess (`check`), then render every file
//! of the site in memory (`render_files`). `build`, `snapshot` and `serve` call it and decide
//! where the files go.

use std::path::Path;

use crate::assess::{self, Assessment};
use crate::diagnostic::{self, Diagnostic, Severity, Sources};
use crate::model::Site;
use crate::output::{self, Files};
use crate::timings::Timings;
use crate::{archive, load, render, resolve, theme};

/// A site read, resolved and assessed, with every problem found on the way.
pub struct Checked {
    pub site: Site,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the site has errors.
    pub assessment: Option<Assessment>,
    /// The verified snapshots under `archive/`.
    pub archives: Vec<archive::Archive>,
    /// The files under `content/` that only drafts link to or hold: not published.
    pub held_back: std::collections::BTreeSet<String>,
    /// How long each stage took so far; rendering and writing add theirs.
    pub timings: Timings,
}

impl Checked {
    /// What an earlier build of the same inputs found (see [`crate::cache::replay`]), without
    /// the site, which was not loaded: enough for a build that finds its output up to date.
    pub fn recalled(archives: Vec<archive::Archive>, diagnostics: Vec<Diagnostic>, timings: Timings) -> Checked {
        Checked {
            site: Site::default(),
            sources: Sources::default(),
            diagnostics,
            assessment: None,
            archives,
            held_back: Default::default(),
            timings,
        }
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// Every diagnostic rendered for a terminal or a log, errors and warnings in source order.
    pub fn render_diagnostics(&self) -> String {
        self.diagnostics.iter().map(|d| d.render(&self.sources)).collect::<Vec<_>>().join("\n")
    }

    /// Every diagnostic, the errors first: what stops a build is what a preview's page shows
    /// at its top, above the warnings a site may carry for weeks.
    pub fn render_errors_first(&self) -> String {
        let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            self.diagnostics.iter().partition(|d| d.is_error());
        errors.into_iter().chain(warnings).map(|d| d.render(&self.sources)).collect::<Vec<_>>().join("\n")
    }
}

/// Loads, resolves and assesses the site at `root`, as of `as_of` or the site's current period.
pub fn check(root: &Path, as_of: Option<&str>) -> Checked {
    let mut timings = Timings::default();
    let archives = timings.time("archives", || archive::load(root));
    checked(root, as_of, archives, timings, None, None, false)
}

/// Like [`check`], with the site's snapshots already read and verified (the preview server
/// keeps them between rebuilds while `archive/` does not change).
/// `parsed` keeps each source file as read, so that the next call parses only what changed;
/// `resolved` keeps the site as resolved and assessed under `key`, a digest of every input but
/// the text of posts, so that the next call with the same key only loads. `show_drafts`: the
/// pages marked `draft = true` are part of the site (a preview's), with the files they hold.
pub fn check_with_archives(
    root: &Path,
    as_of: Option<&str>,
    archives: (Vec<archive::Archive>, Vec<Diagnostic>),
    parsed: Option<&load::Parsed>,
    resolved: Option<(&mut Resolved, [u8; 32])>,
    show_drafts: bool,
) -> Checked {
    checked(root, as_of, archives, Timings::default(), parsed, resolved, show_drafts)
}

/// What a preview server keeps of its last check: the site as resolved and assessed, with what
/// resolving and assessing found. Neither reads the text of posts, so while every other input
/// is the same (the key says so), a rebuild after an edit to a post's text takes them from here
/// and only swaps in the pages just loaded.
#[derive(Default)]
pub struct Resolved {
    key: Option<[u8; 32]>,
    as_of: Option<String>,
    /// Given back by [`Resolved::keep`] after the rebuild that used it.
    site: Option<Site>,
    assessment: Option<Assessment>,
    /// What resolving found.
    found: Vec<Diagnostic>,
    /// What assessing found, when the site was assessed.
    assessed: Option<Vec<Diagnostic>>,
}

impl Resolved {
    /// Takes back the site and its assessment once a rebuild is done with them.
    pub fn keep(&mut self, checked: &mut Checked) {
        self.site = Some(std::mem::take(&mut checked.site));
        self.assessment = checked.assessment.take();
    }
}

fn checked(
    root: &Path,
    as_of: Option<&str>,
    (archives, archive_diags): (Vec<archive::Archive>, Vec<Diagnostic>),
    mut timings: Timings,
    parsed: Option<&load::Parsed>,
    resolved: Option<(&mut Resolved, [u8; 32])>,
    show_drafts: bool,
) -> Checked {
    let as_of = as_of.map(str::to_string);
    let (memo, mut kept) = match resolved {
        Some((memo, key)) => {
            let same = memo.key == Some(key) && memo.as_of == as_of && memo.site.is_some();
            // Taken either way: a site that cannot be used is dropped before the new one is
            // loaded, so that the two are never held at once.
            let (site, assessment) = (memo.site.take(), memo.assessment.take());
            let kept = if same { site.map(|site| (site, assessment)) } else { None };
            memo.key = Some(key);
            memo.as_of.clone_from(&as_of);
            (Some(memo), kept)
        }
        None => (None, None),
    };
    let want = if kept.is_some() { load::Want::Pages } else { load::Want::All };
    let loaded = timings.time("load", || load::load_with(root, parsed, want, show_drafts));
    let (site, found) = match kept.as_mut() {
        Some((site, _)) => {
            let memo = memo.as_deref().expect("kept from it");
            let mut site = std::mem::take(site);
            site.pages = loaded.site.pages;
            (site, memo.found.clone())
        }
        None => {
            let (site, mut found) = timings.time("resolve", || resolve::resolve_with(loaded.site, &loaded.unread));
            found.splice(0..0, loaded.repeated);
            (site, found)
        }
    };
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(found.iter().cloned());
    // Assessing reads no diagnostic: it runs on the other core while the links are checked, and
    // is used only when nothing found is an error (a national site: 0.07 s less to wait).
    let period = as_of.clone().unwrap_or_else(|| site.config.current_period.value.clone());
    let assess_early = !diagnostics.iter().any(Diagnostic::is_error) && kept.as_ref().is_none_or(|(_, a)| a.is_none());
    let ((links, links_took), early) = rayon::join(
        // On every check, a preview's too: a post's links may name any page or file.
        || {
            timed(|| {
                let (files, unread) = (&loaded.content_files, &loaded.unread);
                let known = parsed.map(|p| &p.links);
                load::content_links::check(&site, &loaded.sources, files, as_of.as_deref(), unread, known)
            })
        },
        || assess_early.then(|| timed(|| assess::assess(&site, &period))),
    );
    timings.add("links", links_took);
    diagnostics.extend(links);
    let held_back = load::drafts::held_back(&site, &loaded.drafts, &loaded.content_files, as_of.as_deref());
    diagnostics.extend(held_back.warnings);
    diagnostics.extend(archive_diags);
    if as_of.is_none() {
        diagnostics.extend(later_snapshots(&site, &archives));
    }
    let published: Vec<&str> = archives.iter().map(|a| a.period.as_str()).collect();
    diagnostics.extend(load::progress::contradictions(&site, &published));
    let sources = loaded.sources;
    // A frozen period's progress must be as its snapshot published it. A period that could
    // not be read (periods.toml is not TOML, or its own record has an error) has lost its
    // report in resolving: compared, every such report would read as a missing file.
    let frozen = timings.time("frozen periods", || {
        let broken = archive::frozen::broken_periods(&diagnostics, &sources);
        let unread = &loaded.unread;
        archive::frozen::compare(&site, &archives, |period| broken.contains(period) || unread.period(period))
    });
    diagnostics.extend(frozen);
    let mut assessment = None;
    let mut assessed = None;
    if !diagnostics.iter().any(Diagnostic::is_error) {
        let kept_assessment = kept.and_then(|(_, a)| a).zip(memo.as_deref().and_then(|m| m.assessed.clone()));
        let assess_now = || match early {
            Some((a, took)) => {
                timings.add("assess", took);
                a
            }
            None => timings.time("assess", || assess::assess(&site, &period)),
        };
        let (a, found) = match kept_assessment {
            Some(both) => (Some(both.0), both.1),
            None => match assess_now() {
                Some(a) => {
                    let warnings = assess::gaps::reporting_warnings(&site, &a);
                    (Some(a), warnings)
                }
                None => {
                    let ids: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
                    let missing = Diagnostic::site_error(format!("there is no period `{period}`"))
                        .with_help(format!("periods of this site: {}", ids.join(", ")));
                    (None, vec![missing])
                }
            },
        };
        diagnostics.extend(found.iter().cloned());
        assessment = a;
        assessed = Some(found);
    }
    if let Some(memo) = memo {
        memo.found = found;
        memo.assessed = assessed;
    }
    diagnostic::sort(&mut diagnostics, &sources);
    Checked { site, sources, diagnostics, assessment, archives, timings, held_back: held_back.files }
}

/// A warning at `current_period` for each snapshot of a later period: made before its period
/// was published, it is left out of the live site (its archive page, the chain of digests) until
/// `current_period` reaches it, and nothing else would say so.
fn later_snapshots(site: &Site, archives: &[archive::Archive]) -> Vec<Diagnostic> {
    let current = &site.config.current_period;
    let Some(index) = site.periods.iter().position(|p| p.id == current.value) else { return Vec::new() };
    let after: Vec<&str> = site.periods[index + 1..].iter().map(|p| p.id.as_str()).collect();
    archives
        .iter()
        .filter(|a| after.contains(&a.period.as_str()))
        .map(|a| {
            let period = &a.period;
            Diagnostic::warning(
                &current.span,
                format!(
                    "archive/{period} is a snapshot of a period after the current one ({}): the site does not publish it until current_period is {period} or later",
                    current.value
                ),
            )
            .with_help(format!("set current_period = \"{period}\" when {period} is ready to publish"))
        })
        .collect()
}

/// `f`'s result, and how long it took.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    (f(), started.elapsed())
}

pub use render::Context as Mode;

/// What a render would have found besides the inputs' errors, for a site those errors keep
/// from being rendered: its theme's problems and the files under `content/` that may not be
/// published. One run then reports every problem it can, not these after the others are fixed.
pub fn check_unrendered(root: &Path, checked: &mut Checked) {
    let mut theme_diags = Vec::new();
    // Without a site.toml read, no theme is named: the built-in one.
    let name = Some(checked.site.config.theme.as_str()).filter(|n| !n.is_empty()).unwrap_or("default");
    let theme = theme::load(root, name, &mut checked.sources, &mut theme_diags);
    if !theme_diags.iter().any(Diagnostic::is_error) {
        theme_diags.extend(render::template_errors(&theme));
    }
    checked.diagnostics.extend(theme_diags);
    check_content_files(root, checked);
}

/// Adds to `checked` the problems of the files under `content/` that a build would publish,
/// for a site that is not rendered.
fn check_content_files(root: &Path, checked: &mut Checked) {
    let mut unwritten = Files::default();
    let problems = output::assets::add(root, &mut unwritten, &mut checked.sources, &[], &checked.held_back);
    checked.diagnostics.extend(problems);
}

/// Renders every file of a checked site (as of its assessment's period) in memory; `None`
/// when the theme or a template fails, with the problems added to `checked`.
pub fn render_files(
    root: &Path,
    checked: &mut Checked,
    base_url: Option<&str>,
    mode: Mode,
    progress: Option<&indicatif::ProgressBar>,
) -> Option<(Files, render::Rendered)> {
    render_into(root, checked, base_url, mode, render::Run { progress, ..Default::default() }, Files::default())
}

/// Like [`render_files`], adding to `files`: a build passes files that hand each file on to
/// the output as soon as it is made; the preview server passes, in `run`, what it kept from
/// its last rebuild.
pub fn render_into(
    root: &Path,
    checked: &mut Checked,
    base_url: Option<&str>,
    mode: Mode,
    run: render::Run,
    files: Files,
) -> Option<(Files, render::Rendered)> {
    let started = crate::timings::Start::now();
    let rendered = render_files_timed(root, checked, base_url, mode, run, files);
    checked.timings.stop("render", started);
    rendered
}

fn render_files_timed(
    root: &Path,
    checked: &mut Checked,
    base_url: Option<&str>,
    mode: Mode,
    run: render::Run,
    files: Files,
) -> Option<(Files, render::Rendered)> {
    // Lent to the render and given back, rather than copied (a national site's is large).
    let assessment = checked.assessment.take()?;
    let rendered = render_assessed(root, checked, &assessment, base_url, mode, run, files);
    checked.assessment = Some(assessment);
    rendered
}

fn render_assessed(
    root: &Path,
    checked: &mut Checked,
    assessment: &Assessment,
    base_url: Option<&str>,
    mode: Mode,
    run: render::Run,
    mut files: Files,
) -> Option<(Files, render::Rendered)> {
    // Only what was known at the end of the period reaches its pages.
    if let Some(url) = base_url {
        checked.site.config.base_url = Some(url.to_string());
    }
    // Nor the snapshots of later periods: a site as of an earlier period publishes those
    // made up to it.
    let later = |a: &crate::archive::Archive| {
        checked.site.periods.iter().position(|p| p.id == a.period).is_some_and(|i| i > assessment.as_of.index)
    };
    let earlier: Vec<crate::archive::Archive>;
    let mode = match mode {
        Mode::Live { archives } if archives.iter().any(later) => {
            earlier = archives.iter().filter(|a| !later(a)).cloned().collect();
            Mode::Live { archives: &earlier }
        }
        mode => mode,
    };
    let site = checked.site.as_known_at(&assessment.as_of.period);
    let mut theme_diags = Vec::new();
    let theme = checked
        .timings
        .time("render: theme", || theme::load(root, &site.config.theme, &mut checked.sources, &mut theme_diags));
    let broken = theme_diags.iter().any(Diagnostic::is_error);
    // Warnings (a UI string nothing uses) are said, and the site is built all the same.
    checked.diagnostics.extend(theme_diags);
    if broken {
        // Nothing is rendered with a broken theme, but the files under content/ are still
        // looked at, so that one build reports every problem it can.
        check_content_files(root, checked);
        return None;
    }
    let snapshots: Vec<output::opendata::SnapshotDigest> = match &mode {
        Mode::Live { archives } => archives
            .iter()
            .map(|a| output::opendata::SnapshotDigest {
                period: a.period.clone(),
                manifest_sha256: a.manifest_digest.clone(),
                previous_sha256: a.previous.as_ref().map(|(_, d)| d.clone()),
            })
            .collect(),
        Mode::Snapshot { .. } => Vec::new(),
    };
    checked.timings.time("render: open data", || match run.memo.zip(run.inputs) {
        // A preview keeps them while every input but the text of posts is the same.
        Some((memo, inputs)) => {
            let key = render::memo::Memo::key([b"open data".as_slice(), &inputs.without_post_text]);
            let made = memo.open_data(key, || {
                let mut made = Files::default();
                output::opendata::render(&site, assessment, &snapshots, &mut made);
                made.files.into_iter().collect()
            });
            for (path, bytes) in made.iter() {
                files.add_shared(path.clone(), bytes.clone());
            }
        }
        None => output::opendata::render(&site, assessment, &snapshots, &mut files),
    });
    // The snapshots are copied beside the rendering: the copies are the kernel's work, and
    // need nothing the pages make.
    let passer = files.passer();
    let (rendered, copied) = rayon::join(
        || render::render(&site, assessment, &theme, &mode, run, &mut files, &mut checked.timings),
        || match &mode {
            Mode::Live { archives } => {
                let started = std::time::Instant::now();
                Some((output::snapshots::copies(archives, passer), started.elapsed()))
            }
            Mode::Snapshot { .. } => None,
        },
    );
    let rendered = match rendered {
        Ok(r) => r,
        Err(diags) => {
            checked.diagnostics.extend(diags);
            return None;
        }
    };
    // The files beside the posts of a later period go with them.
    let later: Vec<String> = checked
        .site
        .periods
        .iter()
        .filter(|p| !site.periods.iter().any(|k| k.id == p.id))
        .map(|p| p.id.clone())
        .collect();
    let asset_diags = checked.timings.time("render: assets", || {
        output::assets::add(root, &mut files, &mut checked.sources, &later, &checked.held_back)
    });
    if !asset_diags.is_empty() {
        checked.diagnostics.extend(asset_diags);
        return None;
    }
    if let Some(((made, failed), took)) = copied {
        checked.timings.add_beside("render: snapshots", "the rest of render", took);
        files.record(made);
        if !failed.is_empty() {
            checked.diagnostics.extend(failed);
            return None;
        }
    }
    // A site as of a period before its first signed snapshot had no key yet: published with
    // it, the key would tell every reader that a snapshot it never had was removed.
    if let Mode::Live { archives } = mode
        && let Ok(Some((key, since))) = archive::signing(root)
        && since.is_none_or(|since| archives.iter().any(|a| a.period == since))
    {
        // The key file as kept, with the period it signs from.
        let path = root.join("archive").join(archive::keys::PUBLIC_KEY_FILE);
        if let Ok(bytes) = std::fs::read(path) {
            files.add(format!("archive/{}", archive::keys::PUBLIC_KEY_FILE), bytes);
        }
        files.add("archive/signing-key.pem", archive::keys::public_pem(&key));
    }
    let nested = files_used_as_folders(&files);
    for (file, inside) in &nested {
        checked.diagnostics.push(
            Diagnostic::site_error(format!("`{file}` would be both a file of the site and the folder of `{inside}`"))
                .with_help("an id is used as a folder name in the site's addresses: rename the id that makes this path (ids such as \"index.html\" take the name of a page)"),
        );
    }
    if !nested.is_empty() {
        return None;
    }
    if !files.clashes.is_empty() {
        // Pages are made on several cores: the same order every time.
        files.clashes.sort();
        files.clashes.dedup();
        for path in &files.clashes {
            checked.diagnostics.push(
                Diagnostic::site_error(format!("two files of the site would be written to `{path}`"))
                    .with_help("a free page's name may not be one of the site's own sections (indicators, plans, units, periods, updates, archive, data, static, en)"),
            );
        }
        return None;
    }
    Some((files, rendered))
}

/// Each path the build makes that another path would need as a folder (`indicators/index.html`
/// and `indicators/index.html/index.html`), with the first such other path: no folder can
/// hold both, and the write would fail halfway.
fn files_used_as_folders(files: &Files) -> Vec<(String, String)> {
    let set: std::collections::HashSet<&str> = files.sorted_paths().map(|p| p.as_str()).collect();
    let mut found = std::collections::BTreeMap::new();
    for path in files.sorted_paths() {
        let mut at = 0;
        while let Some(slash) = path[at..].find('/') {
            let folder = &path[..at + slash];
            if set.contains(folder) {
                found.entry(folder.to_string()).or_insert_with(|| path.to_string());
            }
            at += slash + 1;
        }
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests;
