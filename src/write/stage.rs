//! Files written as they are rendered, beside the live site, so that a build needs memory only
//! for what it is working on; the live site changes only at [`Stage::commit`].
//!
//! A new folder is filled whole in a sibling `.NAME.minhbach-new` and renamed into place. A
//! folder of ours (or one taken over with `--force`) gets only the files whose bytes changed,
//! under `.minhbach-tmp/new/`; committing moves them in (see [`super::sync`]). Dropping a stage
//! that was not committed removes what it wrote: the live site is as it was.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{self, Manifest, Recorded};
use super::sync::{self, Op, SyncError, Synced};
use super::{Prepared, Written};
use crate::archive::source::Source;
use crate::output::{self, KeptPage, PageRecord, Sink};

pub struct Stage {
    output: PathBuf,
    kind: Kind,
    /// Whether the folder's files were taken over with `--force`.
    forced: bool,
    made_dirs: Mutex<HashSet<PathBuf>>,
    state: Mutex<State>,
    committed: bool,
}

enum Kind {
    /// The whole site, in a folder beside the output.
    Whole { staging: PathBuf, retired: PathBuf },
    /// Only the changes, inside the output's working folder. `pages` lists the last build's
    /// pages under each digest they were recorded with (see [`pages_by_key`]).
    Changes { tmp: PathBuf, previous: Manifest, pages: HashMap<String, Vec<String>> },
}

#[derive(Default)]
struct State {
    changed: Vec<(String, Op)>,
    /// Every file's size, for the manifest.
    sizes: std::collections::BTreeMap<String, u64>,
    /// The digests that files made from one were made from, for the manifest.
    keys: std::collections::BTreeMap<String, String>,
    /// What the manifest records of pages.
    pages: std::collections::BTreeMap<String, PageRecord>,
    unchanged: usize,
    /// The first file that may not be written (a foreign file in the way).
    refused: Option<String>,
    /// The first write that failed.
    failed: Option<String>,
}

impl Stage {
    /// Starts writing into the output as prepared; nothing in the live site changes yet.
    pub fn begin(output: &Path, prepared: &Prepared) -> Result<Stage, SyncError> {
        let failed = |e: io::Error| SyncError::Failed { message: e.to_string(), restored: true };
        let kind = match prepared {
            Prepared::New => {
                let (staging, retired) = super::sibling_names(output).map_err(failed)?;
                for leftover in [&staging, &retired] {
                    if leftover.exists() {
                        fs::remove_dir_all(leftover).map_err(failed)?;
                    }
                }
                fs::create_dir_all(&staging).map_err(failed)?;
                super::interrupt::staging(&staging);
                Kind::Whole { staging, retired }
            }
            Prepared::Ours(previous) | Prepared::Forced(previous) => {
                let tmp = output.join(sync::TMP);
                if fs::symlink_metadata(&tmp).is_ok() {
                    fs::remove_dir_all(&tmp).map_err(failed)?;
                }
                fs::create_dir_all(tmp.join("new")).map_err(failed)?;
                super::interrupt::staging(&tmp);
                Kind::Changes { tmp, previous: previous.clone(), pages: pages_by_key(previous) }
            }
        };
        Ok(Stage {
            output: output.to_path_buf(),
            kind,
            forced: matches!(prepared, Prepared::Forced(_)),
            made_dirs: Mutex::new(HashSet::new()),
            state: Mutex::new(State::default()),
            committed: false,
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self, dir: &Path, path: &str, bytes: &[u8]) -> io::Result<()> {
        let target = dir.join(path);
        self.make_parent(&target)?;
        fs::write(target, bytes)
    }

    fn make_parent(&self, target: &Path) -> io::Result<()> {
        if super::interrupt::stopping() {
            return Err(io::Error::other("the build was interrupted"));
        }
        if let Some(parent) = target.parent() {
            let known = self.made_dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(parent);
            if !known {
                fs::create_dir_all(parent)?;
                // Its parents too: a file beside a folder made earlier needs no `mkdir`.
                let mut made = self.made_dirs.lock().unwrap_or_else(|e| e.into_inner());
                for dir in parent.ancestors() {
                    if !made.insert(dir.to_path_buf()) {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// Moves what was staged into place, removes the previous build's files that `paths` no
    /// longer holds, and records the new manifest. On error the previous site is in place,
    /// or the error says it is not.
    pub fn commit(mut self, paths: &BTreeSet<&String>, recorded: Option<&Recorded>) -> Result<Written, SyncError> {
        let state = std::mem::take(&mut *self.state());
        let manifest_text = manifest::render(
            paths.iter().map(|&p| {
                let at = p.as_str();
                (p, state.sizes.get(at).copied().unwrap_or(0), state.keys.get(at), state.pages.get(at))
            }),
            recorded,
        );
        if let Some(message) = state.refused {
            return Err(SyncError::Refused(message));
        }
        if let Some(message) = state.failed {
            return Err(SyncError::Failed {
                message: format!("cannot write the new files: {message}"),
                restored: true,
            });
        }
        // A signal meanwhile waits until the live site is whole again (see `interrupt`).
        let written = super::interrupt::changing(|| match &self.kind {
            Kind::Whole { staging, retired } => {
                fs::write(staging.join(manifest::NAME), &manifest_text)
                    .and_then(|()| move_into_place(&self.output, staging, retired))
                    .map_err(|e| SyncError::Failed { message: e.to_string(), restored: true })?;
                let synced = Synced { written: paths.len(), ..Default::default() };
                Ok(Written { synced, whole: true, forced: false })
            }
            Kind::Changes { tmp, previous, .. } => {
                let mut changed = state.changed;
                changed.sort();
                let synced =
                    sync::finish(&self.output, tmp, &changed, paths, previous, &manifest_text, state.unchanged)?;
                Ok(Written { synced, whole: false, forced: self.forced })
            }
        })?;
        self.committed = true;
        Ok(written)
    }
}

impl Sink for Stage {
    fn put(&self, path: &str, bytes: &[u8]) {
        {
            let mut state = self.state();
            if state.refused.is_some() {
                return;
            }
            state.sizes.insert(path.to_string(), bytes.len() as u64);
        }
        let result = match &self.kind {
            Kind::Whole { staging, .. } => self.write(staging, path, bytes),
            Kind::Changes { tmp, previous, .. } => {
                let on_disk = self.output.join(path);
                let op = match fs::symlink_metadata(&on_disk) {
                    Err(_) => Op::Add,
                    Ok(m)
                        if m.is_file()
                            && m.len() == bytes.len() as u64
                            && fs::read(&on_disk).is_ok_and(|b| b == bytes) =>
                    {
                        self.state().unchanged += 1;
                        return;
                    }
                    // A folder where the last build wrote a file is someone's since: never replaced.
                    Ok(m) if previous.contains(path) && !m.is_dir() => Op::Replace,
                    Ok(m) => {
                        let what = if m.is_dir() {
                            "is a folder that minhbach did not make"
                        } else {
                            "was not written by minhbach"
                        };
                        self.state().refused.get_or_insert(format!(
                            "{} {what} and would be replaced by a file of the site; move it away",
                            on_disk.display()
                        ));
                        return;
                    }
                };
                let staged = self.write(&tmp.join("new"), path, bytes);
                if staged.is_ok() {
                    self.state().changed.push((path.to_string(), op));
                }
                staged
            }
        };
        if let Err(e) = result {
            self.state().failed.get_or_insert(format!("{path}: {e}"));
        }
    }

    fn put_keyed(&self, path: &str, key: &str, bytes: &[u8]) {
        self.state().keys.insert(path.to_string(), key.to_string());
        self.put(path, bytes);
    }

    fn put_copy(&self, path: &str, key: &str, source: &Source) -> io::Result<()> {
        let Kind::Whole { staging, .. } = &self.kind else {
            // Into a folder of ours, a copy the last build did not make (the output keeps
            // those it did) is compared with what is there like any other file.
            self.put_keyed(path, key, &source.read()?);
            return Ok(());
        };
        if self.state().refused.is_some() {
            return Ok(());
        }
        let target = staging.join(path);
        self.make_parent(&target)?;
        let len = source.copy_to(&target)?;
        let mut state = self.state();
        state.keys.insert(path.to_string(), key.to_string());
        state.sizes.insert(path.to_string(), len);
        Ok(())
    }

    fn put_page(&self, path: &str, key: &str, page: &PageRecord, bytes: &[u8]) {
        self.state().pages.insert(path.to_string(), page.clone());
        self.put_keyed(path, key, bytes);
    }

    fn kept_pages(&self, key: &str, kind: &str) -> Option<Vec<KeptPage>> {
        let Kind::Changes { previous, pages: by_key, .. } = &self.kind else { return None };
        let mut pages = Vec::new();
        for path in by_key.get(key)? {
            let recorded = previous.keys.get(path)?;
            let (of_kind, group) = output::page_key_parts(recorded);
            // A kind's digest finds its pages by their kind, a group's by their group.
            if (key == kind && of_kind != key) || (key != kind && group != Some(key)) {
                continue;
            }
            let page = previous.pages.get(path)?;
            let size = previous.sizes.get(path)?;
            let intact = fs::symlink_metadata(self.output.join(path)).is_ok_and(|m| m.is_file() && m.len() == *size);
            if !intact {
                return None;
            }
            pages.push((path.clone(), page.clone(), *size, output::page_key(kind, group)));
        }
        if pages.is_empty() {
            return None;
        }
        let mut state = self.state();
        state.unchanged += pages.len();
        Some(
            pages
                .into_iter()
                .map(|(path, page, size, key)| {
                    state.sizes.insert(path.clone(), size);
                    state.keys.insert(path.clone(), key);
                    state.pages.insert(path.clone(), page.clone());
                    (path, page)
                })
                .collect(),
        )
    }

    fn kept(&self, path: &str, key: &str) -> bool {
        let Kind::Changes { previous, .. } = &self.kind else { return false };
        let Some(size) = previous.sizes.get(path).filter(|_| previous.keys.get(path).is_some_and(|k| k == key)) else {
            return false;
        };
        let intact = fs::symlink_metadata(self.output.join(path)).is_ok_and(|m| m.is_file() && m.len() == *size);
        if intact {
            let mut state = self.state();
            state.unchanged += 1;
            state.sizes.insert(path.to_string(), *size);
            state.keys.insert(path.to_string(), key.to_string());
        }
        intact
    }
}

/// The last build's pages under each digest they were recorded with: their kind's, and their
/// group's when they have one (see `output::page_key`), each list in path order. Looked up once
/// per kind and group of pages, rather than by a walk over the whole manifest each time.
fn pages_by_key(previous: &Manifest) -> HashMap<String, Vec<String>> {
    let mut by_key: HashMap<String, Vec<String>> = HashMap::new();
    for (path, key) in previous.keys.iter().filter(|(path, _)| previous.pages.contains_key(*path)) {
        let (kind, group) = output::page_key_parts(key);
        by_key.entry(kind.to_string()).or_default().push(path.clone());
        if let Some(group) = group {
            by_key.entry(group.to_string()).or_default().push(path.clone());
        }
    }
    by_key
}

impl Drop for Stage {
    /// A stage not committed (the build failed, or was refused) leaves no trace.
    fn drop(&mut self) {
        let (Kind::Whole { staging: folder, .. } | Kind::Changes { tmp: folder, .. }) = &self.kind;
        super::interrupt::unstaged(folder);
        if self.committed {
            return;
        }
        match &self.kind {
            Kind::Whole { staging, .. } => {
                let _ = fs::remove_dir_all(staging);
            }
            Kind::Changes { tmp, .. } => {
                // Only staged copies: the journal is written at commit, which cleans up itself.
                if !tmp.join(sync::JOURNAL).exists() {
                    let _ = fs::remove_dir_all(tmp);
                }
            }
        }
    }
}

/// Renames the filled staging folder over the output; the previous folder, if any, is retired
/// and removed only after the new one is in place.
fn move_into_place(output: &Path, staging: &Path, retired: &Path) -> io::Result<()> {
    let had_previous = output.exists();
    if had_previous {
        fs::rename(output, retired)?;
    }
    if let Err(e) = fs::rename(staging, output) {
        if had_previous {
            let _ = fs::rename(retired, output);
        }
        return Err(e);
    }
    if had_previous {
        fs::remove_dir_all(retired)?;
    }
    Ok(())
}
