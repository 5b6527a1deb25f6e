//! Bringing a folder minhbach owns to a new set of files, touching only what changed.
//!
//! Changed files are first written beside the site, under `.minhbach-tmp/new/` (by
//! [`super::stage`], while the site renders); only when all of them are on disk does the site
//! change, by renames: files to remove and files to replace
//! are moved to `.minhbach-tmp/old/`, new ones moved in. A journal written before the first
//! rename lets the next run put the previous site back if the process was killed half way; an
//! error while renaming puts it back at once. Unchanged files are not touched, so they keep
//! their modification time and sync tools upload only what changed.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::manifest::{self, Manifest};

/// The working folder inside the output; never part of a finished site.
pub const TMP: &str = ".minhbach-tmp";
pub(super) const JOURNAL: &str = "journal";
const DONE: &str = "done";

/// What a sync did.
#[derive(Debug, Default)]
pub struct Synced {
    pub written: usize,
    pub unchanged: usize,
    /// The files removed, in path order.
    pub removed: Vec<String>,
    /// Files in the folder that minhbach did not write: left as they are.
    pub foreign: Vec<String>,
}

#[derive(Debug)]
pub enum SyncError {
    /// Refused before anything was changed.
    Refused(String),
    /// Failed; `restored` says whether the previous site is back in place.
    Failed { message: String, restored: bool },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Op {
    Remove,
    Replace,
    Add,
}

impl Op {
    fn word(self) -> &'static str {
        match self {
            Op::Remove => "remove",
            Op::Replace => "replace",
            Op::Add => "add",
        }
    }
}

/// Brings `output` to `paths` once the changed files are staged under `tmp/new/` (see
/// [`super::stage`]): removes the previous build's files that are no longer made, moves the
/// staged ones in, and records the new manifest. A journal written before the first rename
/// lets the next run undo a half-done finish.
pub(super) fn finish(
    output: &Path,
    tmp: &Path,
    changed: &[(String, Op)],
    paths: &BTreeSet<&String>,
    previous: &Manifest,
    manifest_text: &str,
    unchanged: usize,
) -> Result<Synced, SyncError> {
    let mut report = Synced { unchanged, ..Synced::default() };
    // What the last build wrote and this one does not make, as that build left it: a folder
    // now where it wrote a file holds someone's files; a file of another size, or reached
    // through a symbolic link or inside a version-control folder (a manifest edited by hand or
    // committed with such a line), is not the file it wrote. Those are left, and named.
    let (removed, changed_since): (Vec<&str>, Vec<&str>) = previous
        .paths
        .iter()
        .filter(|p| !paths.contains(p) && fs::symlink_metadata(output.join(p.as_str())).is_ok_and(|m| !m.is_dir()))
        .map(String::as_str)
        .partition(|p| {
            let written = fs::symlink_metadata(output.join(p))
                .is_ok_and(|m| m.is_file() && previous.sizes.get(*p).is_none_or(|size| m.len() == *size));
            written && ours_to_touch(output, p)
        });
    let cleanup = || {
        let _ = fs::remove_dir_all(tmp);
    };
    if let Err(e) = check_folders(output, changed.iter().map(|(p, _)| p.as_str()), &removed) {
        cleanup();
        return Err(e);
    }
    report.foreign = foreign_files(output, paths, previous);
    report.foreign.extend(changed_since.iter().map(|p| p.to_string()));
    let manifest_current = fs::read_to_string(output.join(manifest::NAME)).is_ok_and(|text| text == manifest_text);
    if changed.is_empty() && removed.is_empty() && manifest_current {
        cleanup();
        return Ok(report);
    }
    let mut ops: Vec<(&str, Op)> = removed.iter().map(|p| (*p, Op::Remove)).collect();
    ops.extend(changed.iter().map(|(p, op)| (p.as_str(), *op)));
    if let Err(e) = fs::write(tmp.join(JOURNAL), journal(&ops)) {
        cleanup();
        return Err(SyncError::Failed { message: format!("cannot write the journal: {e}"), restored: true });
    }
    let mut done = Vec::new();
    for &(path, op) in &ops {
        if let Err(e) = apply(output, tmp, path, op) {
            let restored = roll_back(output, tmp, &done).is_ok();
            if restored {
                cleanup();
            }
            return Err(SyncError::Failed { message: format!("cannot update {path}: {e}"), restored });
        }
        done.push((path, op));
    }
    if let Err(e) = write_manifest(output, tmp, manifest_text) {
        let restored = roll_back(output, tmp, &done).is_ok();
        return Err(SyncError::Failed { message: format!("cannot write the output manifest: {e}"), restored });
    }
    let _ = fs::rename(tmp.join(JOURNAL), tmp.join(DONE));
    prune_empty_dirs(output, removed.iter().copied());
    cleanup();
    report.written = changed.len();
    report.removed = removed.into_iter().map(str::to_string).collect();
    Ok(report)
}

/// Whether `path` (relative, checked safe) is the build's to move or remove: not inside a
/// version-control folder, and reached without a symbolic link, so that nothing outside the
/// output folder is touched through one.
pub(super) fn ours_to_touch(output: &Path, path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    if parts.iter().any(|p| super::is_repository(std::ffi::OsStr::new(p))) {
        return false;
    }
    let mut folder = output.to_path_buf();
    parts[..parts.len().saturating_sub(1)].iter().all(|p| {
        folder.push(p);
        fs::symlink_metadata(&folder).is_ok_and(|m| m.is_dir())
    })
}

fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

fn journal(ops: &[(&str, Op)]) -> String {
    ops.iter().map(|(p, op)| format!("{} {p}\n", op.word())).collect()
}

fn apply(output: &Path, tmp: &Path, path: &str, op: Op) -> io::Result<()> {
    let live = output.join(path);
    if op != Op::Add {
        let old = tmp.join("old").join(path);
        fs::create_dir_all(old.parent().unwrap_or(tmp))?;
        fs::rename(&live, &old)?;
    }
    if op != Op::Remove {
        fs::create_dir_all(live.parent().unwrap_or(output))?;
        fs::rename(tmp.join("new").join(path), &live)?;
    }
    Ok(())
}

/// Undoes applied operations, newest first.
fn roll_back(output: &Path, tmp: &Path, done: &[(&str, Op)]) -> io::Result<()> {
    let mut result = Ok(());
    for &(path, op) in done.iter().rev() {
        let live = output.join(path);
        let step = match op {
            Op::Add => fs::remove_file(&live),
            Op::Remove | Op::Replace => fs::rename(tmp.join("old").join(path), &live),
        };
        if let Err(e) = step {
            result = Err(e);
        }
    }
    prune_empty_dirs(output, done.iter().filter(|(_, op)| *op == Op::Add).map(|(p, _)| *p));
    result
}

/// Finishes what an interrupted run left in `output/.minhbach-tmp`: puts the previous site back
/// when the renames had begun, or just removes the staged files. Says what it did.
pub fn recover(output: &Path) -> io::Result<Option<String>> {
    let tmp = output.join(TMP);
    if !exists(&tmp) {
        return Ok(None);
    }
    let message = if exists(&tmp.join(DONE)) {
        "finished cleaning up after an interrupted build (its new site was complete)".to_string()
    } else if let Ok(text) = fs::read_to_string(tmp.join(JOURNAL)) {
        let ops: Vec<(&str, Op)> = text
            .lines()
            .filter_map(|l| {
                let (word, path) = l.split_once(' ')?;
                let op = match word {
                    "remove" => Op::Remove,
                    "replace" => Op::Replace,
                    "add" => Op::Add,
                    _ => return None,
                };
                (manifest::is_safe_path(path) && ours_to_touch(output, path)).then_some((path, op))
            })
            .collect();
        for &(path, op) in &ops {
            let old = tmp.join("old").join(path);
            let live = output.join(path);
            match op {
                Op::Remove | Op::Replace if exists(&old) => {
                    if let Some(parent) = live.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::rename(&old, &live)?;
                }
                // Added and already moved in: the staged copy is gone, the live one is ours.
                Op::Add if !exists(&tmp.join("new").join(path)) && exists(&live) => fs::remove_file(&live)?,
                _ => {}
            }
        }
        prune_empty_dirs(output, ops.iter().filter(|(_, op)| *op == Op::Add).map(|(p, _)| *p));
        format!("restored the previous site after an interrupted build ({} file(s) put back)", ops.len())
    } else {
        "removed the staged files of an interrupted build; the site was not changed".to_string()
    };
    fs::remove_dir_all(&tmp)?;
    Ok(Some(message))
}

fn write_manifest(output: &Path, tmp: &Path, text: &str) -> io::Result<()> {
    let staged = tmp.join(manifest::NAME);
    fs::write(&staged, text)?;
    fs::rename(staged, output.join(manifest::NAME))
}

/// Removes the folders left empty by removed files, up to the output folder.
fn prune_empty_dirs<'a>(output: &Path, paths: impl Iterator<Item = &'a str>) {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for p in paths {
        let mut d = Path::new(p).parent();
        while let Some(dir) = d.filter(|d| !d.as_os_str().is_empty()) {
            dirs.insert(dir.to_path_buf());
            d = dir.parent();
        }
    }
    // Deepest first; remove_dir fails, harmlessly, on a folder that is not empty.
    let mut ordered: Vec<_> = dirs.into_iter().collect();
    ordered.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in ordered {
        let _ = fs::remove_dir(output.join(d));
    }
}

/// Every folder the new files go into must be a real folder, or nothing yet: a symbolic link
/// would send files elsewhere, and a file someone put where the site needs a folder would have
/// to go (one the last build wrote, and that this one removes, goes first).
fn check_folders<'a>(output: &Path, paths: impl Iterator<Item = &'a str>, removed: &[&str]) -> Result<(), SyncError> {
    let mut seen = BTreeSet::new();
    for p in paths {
        let mut d = Path::new(p).parent();
        while let Some(dir) = d.filter(|d| !d.as_os_str().is_empty()) {
            if !seen.insert(dir.to_path_buf()) {
                break;
            }
            let full = output.join(dir);
            match fs::symlink_metadata(&full) {
                Ok(m) if m.file_type().is_symlink() => {
                    return Err(SyncError::Refused(format!(
                        "{} is a symbolic link; minhbach writes only into real folders it owns",
                        full.display()
                    )));
                }
                Ok(m) if !m.is_dir() && !removed.iter().any(|r| Path::new(r) == dir) => {
                    return Err(SyncError::Refused(format!(
                        "{} is a file that minhbach did not write, where the site needs a folder; move it away",
                        full.display()
                    )));
                }
                _ => {}
            }
            d = dir.parent();
        }
    }
    Ok(())
}

/// Files in the folder that are neither written now nor by the last build; a version-control
/// folder, at its top or deeper, is not the site's, and not looked into. Each folder at the
/// top is listed on a core of its own (a national site's output has 60,000 files, half of
/// them under `en/`), in the order of a walk sorted by name.
pub(crate) fn foreign_files(output: &Path, paths: &BTreeSet<&String>, previous: &Manifest) -> Vec<String> {
    use rayon::prelude::*;
    let foreign = |rel: String| (!paths.contains(&rel) && !previous.contains(&rel)).then_some(rel);
    let relative = |path: &Path| path.strip_prefix(output).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let top: Vec<walkdir::DirEntry> = walkdir::WalkDir::new(output)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !super::walked_past(e))
        .filter_map(Result::ok)
        .collect();
    let found: Vec<Vec<String>> = top
        .par_iter()
        .map(|entry| {
            if !entry.file_type().is_dir() {
                return foreign(relative(entry.path())).into_iter().collect();
            }
            walkdir::WalkDir::new(entry.path())
                .min_depth(1)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !super::is_repository(e.file_name()))
                .filter_map(Result::ok)
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| foreign(relative(e.path())))
                .collect()
        })
        .collect();
    found.into_iter().flatten().collect()
}
