//! Load: the site's files on disk → the model, with every problem reported as a diagnostic.

pub mod content;
pub mod content_links;
mod control;
pub mod deadline;
pub mod drafts;
mod encoding;
pub mod indicators;
mod link_reader;
pub mod links;
pub mod markdown;
mod parsed;

pub use parsed::Parsed;
pub mod plan;
pub mod progress;
pub mod reader;
pub mod records;
mod table_headers;
mod unique;
pub mod walk;

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, FileId, Sources};
use crate::model::{Draft, Indicator, Page, Plan, ProgressReport, Site, SiteConfig};
use crate::stamp::Stamp;
use reader::Ctx;

/// The result of loading: the model, the files it came from, and what was wrong with them.
pub struct Loaded {
    pub site: Site,
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids given twice (each repeat is dropped from the site); empty when only pages were wanted.
    pub repeated: Vec<Diagnostic>,
    /// Which kinds of record could not be read at all, so that references to them are not
    /// reported as unknown on top of the real cause.
    pub unread: Unread,
    /// Every file under `content/`, relative to it, Markdown or not: what links may name (see
    /// [`content_links`]).
    pub content_files: Vec<String>,
    /// The pages marked `draft = true`, left out of `site`.
    pub drafts: Vec<Draft>,
}

/// Kinds of record of which a file could not be read (missing bytes, not UTF-8, not TOML, a
/// refused link): their absence says nothing about the references that name them. The same
/// for the periods left out for an error in their own record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    /// site.toml: the languages it builds are not known, nor which pages they leave out.
    pub config: bool,
    pub units: bool,
    pub periods: bool,
    pub plans: bool,
    pub indicators: bool,
    pub dropped_periods: std::collections::BTreeSet<String>,
    /// Texts under `content/` that could not be read (front matter that is not TOML, a file
    /// that is not UTF-8): a link to the page one of them makes is not judged.
    pub pages: std::collections::BTreeSet<crate::model::PageKind>,
}

impl Unread {
    /// Whether the period `id` may be missing only because of an error elsewhere: its file
    /// could not be read, or its own record was left out.
    pub fn period(&self, id: &str) -> bool {
        self.periods || self.dropped_periods.contains(id)
    }

    /// Nothing was read: without site.toml the rest of the site is not looked at, so nothing
    /// is missing from it either.
    fn all() -> Unread {
        Unread { config: true, units: true, periods: true, plans: true, indicators: true, ..Unread::default() }
    }

    fn mark(&mut self, role: &Role) {
        match role {
            Role::Config => self.config = true,
            Role::Units => self.units = true,
            Role::Periods => self.periods = true,
            Role::Plan => self.plans = true,
            Role::Indicators => self.indicators = true,
            Role::Content(kind, _) => {
                self.pages.insert(kind.clone());
            }
            _ => {}
        }
    }

    /// Marks what a refused path under the site (a link, an unreadable name) may have held.
    fn mark_path(&mut self, rel: &str) {
        let all = rel == "data";
        self.units |= all || rel == "data/units.toml";
        self.periods |= all || rel == "data/periods.toml";
        self.plans |= all || rel.starts_with("data/plans");
        self.indicators |= all || rel.starts_with("data/indicators");
    }
}

/// What a source file is, by its place in the tree.
#[derive(Clone, Debug, PartialEq)]
enum Role {
    Config,
    Units,
    Periods,
    Plan,
    Indicators,
    Progress(String),
    Content(crate::model::PageKind, String),
    /// A file under `data/` that no rule reads: reported so that a misnamed file is noticed.
    Stray,
}

/// What reading one file gave: its share of the model and its problems (shared with what a
/// preview server keeps).
type Read = Arc<(Part, Vec<Diagnostic>)>;

/// One file's share of the model.
#[derive(Clone)]
enum Part {
    Config(SiteConfig),
    Units(Vec<crate::model::Unit>),
    /// The periods, and the ids of those left out for an error in their own record.
    Periods(Vec<crate::model::Period>, Vec<String>),
    Plan(Plan),
    Indicators(Vec<Indicator>),
    Progress(ProgressReport),
    Page(Page),
    Draft(Draft),
    Nothing,
    /// Read, but not wanted by this load.
    Skipped,
}

/// Lists the site's source files, relative to `root`, in a stable order.
fn discover(
    root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    unread: &mut Unread,
    content_files: &mut Vec<String>,
) -> Vec<(String, Role)> {
    let mut files = Vec::new();
    files.push(("site.toml".to_string(), Role::Config));
    for (name, role) in [("data/units.toml", Role::Units), ("data/periods.toml", Role::Periods)] {
        match walk::site_file(root, name) {
            Ok(true) => files.push((name.to_string(), role)),
            Ok(false) => {}
            Err(problem) => {
                diagnostics.push(problem);
                unread.mark(&role);
            }
        }
    }
    let data = walk::walk(root, "data");
    for (rel, problem) in data.problems {
        if rel == "data/units.toml" || rel == "data/periods.toml" {
            continue; // reported above
        }
        unread.mark_path(&rel);
        diagnostics.push(problem);
    }
    for (path, rel) in data.files {
        let rel_full = format!("data/{rel}");
        if rel_full == "data/units.toml" || rel_full == "data/periods.toml" {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let is_toml = rel.ends_with(".toml") && !rel[..rel.len() - 5].contains('/');
        let role = match rel.split_once('/') {
            Some(("plans", rest)) if rest.ends_with(".toml") && !rest.contains('/') => Role::Plan,
            Some(("indicators", rest)) if rest.ends_with(".toml") && !rest.contains('/') => Role::Indicators,
            Some(("progress", rest)) if rest.ends_with(".toml") && !rest.contains('/') => Role::Progress(stem),
            _ if is_toml || rel.ends_with(".toml") => Role::Stray,
            _ => {
                if crate::output::assets::holds_secret_key(&path) {
                    diagnostics.push(crate::output::assets::secret_among_sources(&rel_full));
                }
                continue;
            }
        };
        files.push((rel_full, role));
    }
    let content = walk::walk(root, "content");
    diagnostics.extend(content.problems.into_iter().map(|(_, d)| d));
    for (_, rel) in content.files {
        content_files.push(rel.clone());
        if !rel.ends_with(".md") {
            continue; // images and other files are copied as they are
        }
        let rel_full = format!("content/{rel}");
        if let Some(problem) = content::language_not_read(&rel) {
            diagnostics.push(Diagnostic::site_error(format!("{rel_full}: {}", problem.0)).with_help(problem.1));
            continue;
        }
        match content::classify(&rel) {
            Some((kind, lang)) => files.push((rel_full, Role::Content(kind, lang))),
            None => diagnostics.push(
                Diagnostic::site_error(format!("{rel_full} is not in a place where pages are read"))
                    .with_help(format!("accepted: {}", content::LAYOUT)),
            ),
        }
    }
    files
}

/// Reads one file as UTF-8 text; a file that is not UTF-8 is kept (lossily) for messages and
/// reported at the first bad byte.
fn read_text(path: &Path) -> Result<(String, Option<usize>), std::io::Error> {
    let bytes = std::fs::read(path)?;
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok((s, None))
        }
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            Ok((String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(bad)))
        }
    }
}

/// Loads the site at `root`.
pub fn load(root: &Path) -> Loaded {
    load_with(root, None, Want::All, false)
}

/// What a load is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// The whole site.
    All,
    /// The site's configuration and pages, with every file's problems: the caller has the rest
    /// as resolved from the same data (a preview server after an edit to a post's text). Data
    /// kept by `parsed` is not copied out, and repeated ids are not looked for.
    Pages,
}

/// Like [`load`], taking from `parsed` each file whose text did not change since it was last
/// read there (a preview server's rebuilds), and keeping there what it reads.
/// `show_drafts`: pages marked `draft = true` are part of the site (a preview's), marked as such.
pub fn load_with(root: &Path, parsed: Option<&Parsed>, want: Want, show_drafts: bool) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut sources = Sources::default();
    let mut unread = Unread::default();
    let unusable = match walk::site_file(root, "site.toml") {
        Ok(true) => None,
        Ok(false) => Some(
            Diagnostic::site_error(format!("there is no site.toml in {}", root.display()))
                .with_help("run the command inside a site, pass --root DIR, or create a site with `minhbach init DIR`"),
        ),
        Err(problem) => Some(problem),
    };
    if let Some(problem) = unusable {
        diagnostics.push(problem);
        return Loaded {
            site: Site::default(),
            sources,
            diagnostics,
            repeated: Vec::new(),
            unread: Unread::all(),
            content_files: Vec::new(),
            drafts: Vec::new(),
        };
    }
    let mut content_files = Vec::new();
    let mut files = discover(root, &mut diagnostics, &mut unread, &mut content_files);
    // A progress file given but not yet written is read as if it were there.
    for rel in parsed.map(Parsed::given_paths).unwrap_or_default() {
        if let Some(stem) = rel.strip_prefix("data/progress/").and_then(|r| r.strip_suffix(".toml"))
            && !stem.contains('/')
            && !files.iter().any(|(f, _)| f == rel)
        {
            files.push((rel.to_string(), Role::Progress(stem.to_string())));
        }
    }
    let texts: Vec<_> = files
        .par_iter()
        .map(|(rel, _)| {
            if let Some(text) = parsed.and_then(|p| p.given_text(rel)) {
                return Ok(((text, None), None));
            }
            let path = root.join(rel);
            // Taken before the read: a write after it leaves a stamp that differs next time.
            let stamp = parsed.and_then(|_| std::fs::metadata(&path).ok().as_ref().and_then(Stamp::of));
            match parsed.zip(stamp).and_then(|(p, s)| p.text(rel, s)) {
                Some(kept) => Ok((kept, stamp)),
                None => read_text(&path).map(|(text, bad_utf8)| ((Arc::from(text), bad_utf8), stamp)),
            }
        })
        .collect();
    let mut jobs = Vec::new();
    for ((rel, role), text) in files.into_iter().zip(texts) {
        match text {
            Ok(((text, bad_utf8), stamp)) => {
                let id = sources.add(rel, text);
                jobs.push((id, role, bad_utf8, stamp));
            }
            Err(e) => {
                unread.mark(&role);
                diagnostics.push(Diagnostic::site_error(format!("cannot read {rel}: {e}")));
            }
        }
    }
    let round = parsed.map(Parsed::start);
    // One file at a time to each core: rayon otherwise hands out runs of a quarter of the
    // files, and a run holding every large progress file kept one core busy long after the
    // other ran out of posts to read.
    let results: Vec<(Role, Part, Vec<Diagnostic>)> = jobs
        .into_par_iter()
        .with_max_len(1)
        .map(|(id, role, bad_utf8, stamp)| {
            let source = sources.get(id);
            let file = parsed::File { path: &source.path, id, role: &role, text: &source.text, bad_utf8, stamp };
            let kept = parsed.zip(round).and_then(|(p, r)| p.get(&file, r));
            let read = kept.unwrap_or_else(|| {
                let read = Arc::new(read_part(&sources, id, role.clone(), bad_utf8));
                if let Some((p, r)) = parsed.zip(round) {
                    p.put(&file, &read, r);
                }
                read
            });
            // Kept by `parsed` too: copied out (on every core); otherwise moved.
            let (part, diags) = match Arc::try_unwrap(read) {
                Ok(read) => read,
                Err(shared) => {
                    let part = match &shared.0 {
                        Part::Page(_) | Part::Draft(_) | Part::Config(_) | Part::Nothing => shared.0.clone(),
                        _ if want == Want::Pages => Part::Skipped,
                        part => part.clone(),
                    };
                    (part, shared.1.clone())
                }
            };
            (role, part, diags)
        })
        .collect();
    if let Some((p, r)) = parsed.zip(round) {
        p.finish(r);
    }
    let mut site = Site::default();
    let mut drafts = Vec::new();
    let mut have_config = false;
    for (role, part, diags) in results {
        diagnostics.extend(diags);
        match part {
            Part::Config(c) => {
                site.config = c;
                have_config = true;
            }
            Part::Units(u) => site.units = u,
            Part::Periods(p, dropped) => {
                site.periods = p;
                unread.dropped_periods.extend(dropped);
            }
            Part::Plan(p) => site.plans.push(p),
            Part::Indicators(i) => site.indicators.extend(i),
            Part::Progress(p) => site.reports.push(p),
            Part::Page(p) => site.pages.push(p),
            Part::Draft(d) if show_drafts => site.pages.push(d.page),
            Part::Draft(d) => drafts.push(d),
            Part::Nothing => unread.mark(&role),
            Part::Skipped => {}
        }
    }
    // Reading site.toml reports its own problems; this only guards against a silent gap.
    if !have_config && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(Diagnostic::site_error("site.toml could not be read"));
    }
    let mut repeated = Vec::new();
    if want == Want::All {
        unique::drop_duplicates(&mut site, &sources, &mut repeated);
    }
    Loaded { site, sources, diagnostics, repeated, unread, content_files, drafts }
}

/// The errors a check would find in `text` read alone as the progress file of `period`, each
/// with its rendering at its line and column (an import tries what it would write with this
/// first, and says each at the form's cell it came from where it can).
pub fn progress_file_errors(period: &str, text: &str) -> Vec<(Diagnostic, String)> {
    let mut sources = Sources::default();
    let id = sources.add(format!("data/progress/{period}.toml"), text.to_string());
    let (_, diags) = read_part(&sources, id, Role::Progress(period.to_string()), None);
    diags
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let shown = d.render(&sources);
            (d, shown)
        })
        .collect()
}

fn read_part(sources: &Sources, id: FileId, role: Role, bad_utf8: Option<usize>) -> (Part, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let file = sources.get(id);
    if let Some(offset) = bad_utf8 {
        let span = crate::diagnostic::Span { file: id, range: offset..offset + 1 };
        let (message, help) = encoding::not_utf8(&file.text);
        diags.push(Diagnostic::error(&span, message).with_help(help));
        return (Part::Nothing, diags);
    }
    let mut ctx = Ctx::new(id, &mut diags);
    let part = match role {
        Role::Content(kind, lang) => content::page(&mut ctx, &file.text, kind, lang, id).map(|c| match c {
            content::Content::Page(page) => Part::Page(page),
            content::Content::Draft(draft) => Part::Draft(draft),
        }),
        Role::Stray => {
            ctx.diags.push(Diagnostic::file_error(id, format!("{} is not read by the build", file.path)).with_help(
                "data files go in data/units.toml, data/periods.toml, data/plans/<plan>.toml, \
                     data/indicators/<name>.toml or data/progress/<period>.toml",
            ));
            ctx.diags.last_mut().expect("just pushed").severity = crate::diagnostic::Severity::Warning;
            None
        }
        role => reader::parse(&mut ctx, &file.text).and_then(|root| match role {
            Role::Config => records::site_config(&root, &mut ctx).map(Part::Config),
            Role::Units => Some(Part::Units(records::units(&root, &mut ctx))),
            Role::Periods => {
                let (periods, dropped) = records::periods(&root, &mut ctx);
                Some(Part::Periods(periods, dropped))
            }
            Role::Plan => plan::plan(&root, &mut ctx, id).map(Part::Plan),
            Role::Indicators => Some(Part::Indicators(indicators::indicators(&root, &mut ctx, id))),
            Role::Progress(stem) => progress::progress(&root, &mut ctx, id, &stem).map(Part::Progress),
            Role::Content(..) | Role::Stray => None,
        }),
    };
    (part.unwrap_or(Part::Nothing), diags)
}
