//! A snapshot's files as listed and read from its folder.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::{Hold, READ, source};
use crate::cache::stamps::Known;

/// Files under `dir`, keyed by `/`-separated relative path. A symbolic link is an error: a
/// snapshot holds files only, and a link would let its content change without its digests.
pub fn read_tree(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    listed(dir)?.into_iter().map(|(rel, path)| Ok((rel, std::fs::read(path)?))).collect()
}

/// The files under `dir`: each one's `/`-separated relative path and its path. What a system
/// or an editor leaves in a folder it shows (`.DS_Store` from the Finder, `Thumbs.db` and
/// `desktop.ini` from Windows, hidden files, backups) is skipped, as everywhere in a site:
/// never a snapshot's file, never published, and no reason to refuse the snapshot.
fn listed(dir: &Path) -> std::io::Result<Vec<(String, std::path::PathBuf)>> {
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0
            || !(name.starts_with('.') || (e.file_type().is_file() && crate::load::walk::editors_file(&name)))
    });
    for entry in walk {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.path_is_symlink() {
            return Err(std::io::Error::other(format!(
                "{} is a symbolic link; a snapshot holds files only",
                entry.path().display()
            )));
        }
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).map_err(std::io::Error::other)?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            found.push((rel, entry.into_path()));
        }
    }
    Ok(found)
}

/// Each file of the snapshot of `period` with its digest: held as `hold` says, hashed as it is
/// read unless `known` has its digest.
pub(super) fn read_snapshot(
    dir: &Path,
    period: &str,
    hold: Hold,
    known: &Known,
) -> std::io::Result<BTreeMap<String, (source::Content, String)>> {
    // Every build verifies every snapshot: on every core, a few files at a time.
    listed(dir)?
        .into_par_iter()
        .with_max_len(4)
        .map(|(rel, path)| {
            let hold = hold == Hold::All || READ.contains(&rel.as_str());
            let known = |stamp: &_| known.digest(&format!("{period}/{rel}"), stamp).map(str::to_string);
            let (digest, content) = source::read(&path, hold, known)?;
            Ok((rel, (content, digest)))
        })
        .collect()
}
