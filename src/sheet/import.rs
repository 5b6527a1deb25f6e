//! `minhbach import`: answers read back from the agencies' files, every cell checked before
//! anything is written. A file's sheets are recognised by their field-name row (`ref` for tasks,
//! `indicator` for figures), so renamed or extra sheets, other programs' files and CSV exports
//! all work; the answer columns are read, the others compared with what the form said.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::cells::{self, Place};
use super::merge;
use super::problem::Problem;
use super::read::{RawRow, read_book};
use super::rows::Row;
use super::threeway::{OnConflict, Said};
use super::validate::Validator;
use crate::text::clean;

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    /// The period the answers are for; by default the one the files' rows name.
    pub period: Option<String>,
    /// Say what would change without writing.
    pub dry_run: bool,
    /// Allow changing figures already published in a frozen snapshot (as revisions).
    pub revise: bool,
    /// What to do with a field changed both in the progress file and in a form since the form
    /// was made.
    pub on_conflict: OnConflict,
    /// Told, with the folder locked, that another import is writing there, before this one
    /// waits for it to finish (see [`lock_progress`]).
    pub waiting: Option<fn(&Path)>,
}

/// Holds the lock of the site's progress files at `root`: taken by an import from before it
/// reads the site until its files are written, so that a second import of the same files
/// waits and then merges over what the first wrote, instead of both merging over the file as
/// it was and the last one renamed into place dropping the other's answers. The lock is on
/// `data/`, which every site has (`data/progress/` may not exist yet, and two imports must
/// not lock two different folders); `waiting` is told the folder locked, absolute and with
/// links seen through: `--root .` typed in a shell would otherwise name no folder at all.
pub fn lock_progress(root: &Path, waiting: impl FnOnce(&Path)) -> crate::write::lock::Lock {
    crate::write::lock::take_folder(&root.join("data"), |folder| {
        waiting(&folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf()))
    })
}

#[derive(Debug)]
pub enum ImportError {
    /// The site itself has errors, or cannot be read: said in words.
    Site(String),
    /// Problems in the files, errors and the warnings said with them (each marked), in the
    /// order of their places; nothing was written.
    Problems(Vec<Problem>),
}

/// What an import changed (or, in a dry run, would change).
#[derive(Debug)]
pub struct Imported {
    /// What changed, file by file and unit by unit, for people.
    pub report: String,
    /// Files written (none in a dry run or when nothing changed).
    pub written: Vec<PathBuf>,
    pub changes: usize,
    /// What the files hold that is not read, said but no reason to refuse them (see
    /// [`Problem::warning`]).
    pub warnings: Vec<Problem>,
}

pub fn import(opts: &ImportOptions) -> Result<Imported, ImportError> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut raw = Vec::new();
    let names: Vec<Option<&std::ffi::OsStr>> = opts.files.iter().map(|p| p.file_name()).collect();
    for path in &opts.files {
        match cells::read(path) {
            Ok(mut book) => {
                // Two files of one name from two folders (each unit's `bao-cao.xlsx`): each is
                // said by its path, so that a message names the one to correct.
                if names.iter().filter(|n| **n == path.file_name()).count() > 1 {
                    book.label = path.display().to_string();
                }
                read_book(&book, &mut raw, &mut problems, &mut warnings)
            }
            Err(p) => problems.push(*p),
        }
    }
    let (above, mut raw): (Vec<RawRow>, Vec<RawRow>) = raw.into_iter().partition(|r| r.above.is_some());
    // The period: as asked, or as the rows say.
    let named = raw
        .iter()
        .find_map(|r| r.cell("period").filter(|(c, _)| !c.is_blank()).map(|(c, p)| (clean(&c.text()), p.clone())));
    let (period_id, period_from) = match (&opts.period, named) {
        (Some(p), _) => (p.clone(), None),
        (None, Some((p, place))) => (p, Some(place)),
        (None, None) => {
            if !raw.is_empty() {
                problems.push(
                    Problem::new("the files do not say which period they report")
                        .help("give it with --period (e.g. --period 2026-Q3), or keep the form's `period` column"),
                );
            } else if problems.is_empty() {
                // Every file opened, and none holds an answer: say so, rather than fail silently.
                problems.push(
                    Problem::new("the files hold no answers: no row below the field names has a task or an indicator")
                        .help("a CSV needs one row per task or indicator below its field names (period, ref or indicator, …)"),
                );
            }
            return Err(fail(problems, &warnings));
        }
    };
    // Held until the progress files are written (or the import fails): the site, the
    // progress files the merge starts from and the files written are one state.
    let _lock = lock_progress(&opts.root, |folder| {
        if let Some(told) = opts.waiting {
            told(folder)
        }
    });
    let prepared = match super::prepare(&opts.root, &period_id) {
        Ok(p) => p,
        Err(e) if !opts.files.is_empty() && period_from.is_some() && e.starts_with("there is no period") => {
            let mut p = Problem::new(e);
            if let Some(place) = period_from {
                p = p.at(place).field("period");
            }
            problems.push(p);
            return Err(fail(problems, &warnings));
        }
        Err(e) => return Err(ImportError::Site(e)),
    };
    let site = &prepared.checked.site;
    let period = &prepared.period;
    other_periods(&mut raw, &period.id, period_from.as_ref(), &mut problems);
    above_field_names(&above, site, &mut problems);
    let expected = super::rows::rows(site, period, prepared.previous.as_ref(), &prepared.labels, &[]);
    let mut v = Validator {
        site,
        labels: &prepared.labels,
        period_id: &period.id,
        period_end: period.end,
        period_from: period_from.as_ref(),
        expected_tasks: by_key(&expected.tasks),
        expected_values: by_key(&expected.values),
        problems,
        tasks: Vec::new(),
        values: Vec::new(),
        seen_tasks: BTreeMap::new(),
        seen_values: BTreeMap::new(),
        on_conflict: opts.on_conflict,
        said: Said::default(),
    };
    for row in &raw {
        v.row(row);
    }
    // A row with a problem is left out from here on; the others go through every later
    // check, so that one round names every problem an agency has to correct.
    let Validator { mut problems, mut tasks, mut values, said, .. } = v;
    // The order the files were given in (a shell's `*.xlsx`, sorted by the machine's language
    // settings) says nothing: the answers are merged in the site's order, plan by plan and
    // task by task, indicator by indicator, so that the same answers give the same file.
    let task_order: BTreeMap<String, usize> = site
        .plans
        .iter()
        .flat_map(|p| p.tasks.iter().map(move |t| format!("{}/{}", p.id, t.id)))
        .enumerate()
        .map(|(i, key)| (key, i))
        .collect();
    tasks.sort_by_key(|a| task_order.get(&a.key).copied().unwrap_or(usize::MAX));
    let indicator_order: BTreeMap<&str, usize> =
        site.indicators.iter().enumerate().map(|(i, ind)| (ind.id.as_str(), i)).collect();
    values.sort_by_key(|a| (indicator_order.get(a.indicator.as_str()).copied().unwrap_or(usize::MAX), a.date));
    let order: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
    let published = super::published::Published::from_archives(&prepared.checked.archives, &order);
    let plan = merge::Merge { root: &opts.root, site, period, published: &published, revise: opts.revise };
    let edits = match plan.run(&tasks, &values) {
        Ok(e) => e,
        Err(p) => {
            problems.extend(p);
            return Err(fail(problems, &warnings));
        }
    };
    // What the merge would write is read back as a check reads it: an answer the form let
    // through but the site refuses (a figure beyond any real one, a note longer than a page
    // holds) stops the import here, not the next build.
    let answered = (period.end, tasks.as_slice(), values.as_slice());
    let mut file_errors = false;
    for e in edits.iter().filter(|e| !e.changes.is_empty()) {
        let of = e.path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let errors = crate::load::progress_file_errors(&of, &e.text);
        let written = if errors.is_empty() { None } else { super::behind::Written::parse(&e.text) };
        file_errors |= !errors.is_empty();
        for (d, shown) in errors {
            let behind = written.as_ref().zip(d.range.as_ref()).and_then(|(w, r)| w.cell_behind(r.start, answered));
            problems.push(at_cell(&d, behind).unwrap_or_else(|| {
                Problem::new(format!("the answers would make {} fail the check:\n{shown}", e.path.display()))
                    .help("correct the answer that holds this figure or note in the form, then import again")
            }));
        }
    }
    // Then with the whole site, as `check` would read it once written: a note's link or an
    // evidence file the site does not have, a frozen period's figure.
    // (Not when a progress file would not load: the site check would say its errors again.)
    if !file_errors {
        problems.extend(site_check(&opts.root, &edits, &prepared.checked.archives, answered));
    }
    if !problems.is_empty() {
        return Err(fail(problems, &warnings));
    }
    let answers = tasks.len() + values.len() + said.dropped;
    let said = said.render(&format!("data/progress/{}.toml", period.id));
    let report = merge::report(site, &edits, opts.dry_run, answers, &said);
    let changes = edits.iter().map(|e| e.changes.len()).sum();
    let mut written = Vec::new();
    if !opts.dry_run {
        for e in edits.iter().filter(|e| !e.changes.is_empty()) {
            merge::write_atomically(&e.path, e.text.as_bytes())
                .map_err(|err| ImportError::Site(format!("cannot write {}: {err}", e.path.display())))?;
            written.push(e.path.clone());
        }
    }
    warnings.sort_by(|a, b| (&a.at, &a.message).cmp(&(&b.at, &b.message)));
    Ok(Imported { report, written, changes, warnings })
}

/// The errors `check` would find in the site with the progress files as the merge would write
/// them (the site had none before: an import starts only from a site without errors), each at
/// the form's cell it comes from where an answer of this import wrote it.
fn site_check(
    root: &std::path::Path,
    edits: &[merge::FileEdit],
    archives: &[crate::archive::Archive],
    answered: super::behind::Answered,
) -> Vec<Problem> {
    let given = edits.iter().filter(|e| !e.changes.is_empty()).map(|e| (e.label.clone(), e.text.clone()));
    let parsed = crate::load::Parsed::given(given);
    let checked =
        crate::pipeline::check_with_archives(root, None, (archives.to_vec(), Vec::new()), Some(&parsed), None, false);
    // Each file read once, however many errors it holds, and only when there is one.
    let written: Vec<(&str, Option<super::behind::Written>)> = if checked.diagnostics.iter().any(|d| d.is_error()) {
        edits.iter().map(|e| (e.label.as_str(), super::behind::Written::parse(&e.text))).collect()
    } else {
        Vec::new()
    };
    let behind = |d: &crate::diagnostic::Diagnostic| {
        let label = checked.sources.path(d.file?);
        let (_, file) = written.iter().find(|(l, _)| *l == label)?;
        file.as_ref()?.cell_behind(d.range.as_ref()?.start, answered)
    };
    checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            at_cell(d, behind(d)).unwrap_or_else(|| {
                Problem::new(format!(
                    "the answers would make the site fail the check (lines as the import would write them):\n{}",
                    d.render(&checked.sources).trim_end()
                ))
                .help("correct the answer that holds this link, file or figure in the form, then import again")
            })
        })
        .collect()
}

/// A check's error said at the form's cell behind it, when an answer of this import wrote it.
fn at_cell(d: &crate::diagnostic::Diagnostic, behind: Option<(Place, Option<&'static str>)>) -> Option<Problem> {
    let (place, field) = behind?;
    let mut p = Problem::new(d.message.clone()).at(place);
    if let Some(field) = field {
        p = p.field(field);
    }
    Some(p.help(d.help.clone().unwrap_or_else(|| "correct the answer in the form, then import again".into())))
}

/// A file whose rows all name another period is the form of that period: said once for the
/// file (its rows are not compared with this period's form, which would fail on every row).
fn other_periods(raw: &mut Vec<RawRow>, period: &str, from: Option<&Place>, problems: &mut Vec<Problem>) {
    let mut named: BTreeMap<&str, BTreeMap<String, &Place>> = BTreeMap::new();
    for r in raw.iter() {
        if let Some((cell, place)) = r.cell("period").filter(|(c, _)| !c.is_blank()) {
            named.entry(r.place.file.as_str()).or_default().entry(clean(&cell.text())).or_insert(place);
        }
    }
    let mut others: Vec<String> = Vec::new();
    for (file, periods) in &named {
        let Some((other, place)) = periods.iter().next().filter(|_| periods.len() == 1) else { continue };
        if other == period {
            continue;
        }
        let mut p = Problem::new(format!("{file} is the form for {other}, but the answers are imported for {period}"))
            .at((*place).clone())
            .field("period");
        p = match from {
            Some(first) => p
                .also(first.clone(), format!("`{period}` was taken from"))
                .help(format!("import each period's files separately: `minhbach import {file}` for {other}")),
            None => p.help(format!(
                "--period {period} was given; import this file separately, with --period {other} or without --period"
            )),
        };
        problems.push(p);
        others.push(file.to_string());
    }
    raw.retain(|r| !others.contains(&r.place.file));
}

/// A row above the row of field names that names one of the site's tasks or indicators is
/// not read: it got there by a sort that took in the hidden row of field names, or by rows
/// pasted above it, and its answers would vanish while the import says nothing changed.
fn above_field_names(rows: &[RawRow], site: &crate::model::Site, problems: &mut Vec<Problem>) {
    for row in rows {
        let (Some((cell, place)), Some(field_row)) = (row.cell(row.kind.key()), row.above) else { continue };
        let key = clean(&cell.text());
        if super::validate::exists(site, row.kind, &key) {
            problems.push(
                Problem::new(format!(
                    "`{key}` is in a row above the row of field names (row {}), so this row is not read",
                    field_row + 1
                ))
                .at(place.clone())
                .field(row.kind.key())
                .help(format!(
                    "rows sorted or pasted over the row of field names moved it into the table; undo the sort, or move row {} \
                     (it may be hidden: unhide rows 1–3) back above every task and indicator, then import again",
                    field_row + 1
                )),
            );
        }
    }
}

fn fail(mut problems: Vec<Problem>, warnings: &[Problem]) -> ImportError {
    problems.extend_from_slice(warnings);
    problems.sort_by(|a, b| (&a.at, &a.message).cmp(&(&b.at, &b.message)));
    problems.dedup();
    ImportError::Problems(problems)
}

fn by_key(rows: &[Row]) -> BTreeMap<&str, Vec<&Row>> {
    let mut out: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        out.entry(r.key.as_str()).or_default().push(r);
    }
    out
}
