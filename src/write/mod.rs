//! Write: the rendered files into the output folder, all or nothing, and never into a folder
//! minhbach did not make.
//!
//! A folder is minhbach's when it holds the manifest a build writes (see [`manifest`]), or is
//! empty, or does not exist yet. Anything else is refused unless the keeper says `--force`;
//! the site's own sources, the home folder and the file-system root are refused always. A
//! version-control folder at the top of the output (a deploy checkout's `.git`) is never
//! touched, not even with `--force`.

pub mod interrupt;
pub mod lock;
pub mod manifest;
pub mod stage;
pub mod sync;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::output::{Files, Sink};
pub use stage::Stage;
pub use sync::{SyncError, Synced};

/// Makes `path` absolute and lexically normal ("a/../b" → "b") without requiring it to exist;
/// the longest existing prefix is canonicalised so that symlinks are seen through.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let normal = lexical(path)?;
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// `path` made absolute and lexically normal, without looking at what exists.
fn lexical(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut normal = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    Ok(normal)
}

/// Refuses an output folder given as a symbolic link, even with `--force`: [`absolute`] sees
/// through links, so this looks at the path as given. Replacing the link's target would
/// empty a folder the keeper named only indirectly, perhaps without knowing where it leads.
pub fn refuse_linked_output(output: &Path) -> Result<(), String> {
    let given = lexical(output).map_err(|e| e.to_string())?;
    match fs::symlink_metadata(&given) {
        Ok(meta) if meta.file_type().is_symlink() => Err(format!(
            "{} is a symbolic link; minhbach does not write through one (give the folder it points to, or another folder)",
            output.display()
        )),
        _ => Ok(()),
    }
}

/// What a site's root holds that minhbach never writes into: its sources, and the folders a
/// site's repository keeps beside them.
const SOURCES: &[&str] = &["site.toml", "data", "content", "themes", "archive", "docs", "src", ".git"];

/// Which of the site's sources at `root` holds `path` (both absolute), if one does. A source's
/// name is matched in any case (on a disk that ignores case, as macOS's and Windows' do,
/// `Content/` is `content/`, whose files are published), and an existing folder also by what it
/// is on disk, however the path reaches it.
pub fn source_holding(root: &Path, path: &Path) -> Option<&'static str> {
    SOURCES.iter().copied().find(|source| {
        within(path, &root.join(source))
            || path.ancestors().any(|a| {
                a.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case(source))
                    && a.parent().is_some_and(|p| same_place(p, root))
            })
    })
}

/// Whether `path` is `dir` or lies inside it: by name, or by file identity for the parts of
/// `path` that exist (another spelling of a folder, in case or through a link, is that folder).
fn within(path: &Path, dir: &Path) -> bool {
    path.starts_with(dir) || (identity(dir).is_some() && path.ancestors().any(|a| same_place(a, dir)))
}

/// Whether two paths name the same place: the same path, or the same existing file or folder.
fn same_place(a: &Path, b: &Path) -> bool {
    a == b || matches!((identity(a), identity(b)), (Some(x), Some(y)) if x == y)
}

/// What tells an existing file or folder apart from every other: its device and inode.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Where inodes are not at hand: the path as the file system resolves it, which on Windows
/// spells every name as it is on disk; compared without regard to case.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<String> {
    fs::canonicalize(path).ok().map(|p| p.to_string_lossy().to_lowercase())
}

/// Refuses an output directory that would overwrite or swallow the site's sources, or that is
/// (or lies inside) a version-control folder, any repository's history.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    if let Some(folder) = output.components().find(|c| is_repository(c.as_os_str())) {
        return Err(format!(
            "the output directory {} is inside a version-control folder (`{}`); a repository's own \
             files are never a site's output: build into the checkout's folder itself",
            output.display(),
            folder.as_os_str().to_string_lossy()
        ));
    }
    if same_place(output, root) {
        return Err(format!(
            "the output directory {} is the site's root; choose another, such as public/",
            output.display()
        ));
    }
    if within(root, output) {
        return Err(format!(
            "the output directory {} contains the site's sources; it would be replaced by the build",
            output.display()
        ));
    }
    match sources_holding(root, output) {
        Some((site, source)) if same_place(&site, root) => Err(format!(
            "the output directory {} is inside the site's `{source}`; choose another, such as public/",
            output.display()
        )),
        Some((site, source)) => Err(format!(
            "the output directory {} is inside `{source}` of the site at {}; a site's sources are never an output, \
             not even with --force: choose another folder",
            output.display(),
            site.display()
        )),
        None => Ok(()),
    }
}

/// Which site's source holds `path` (absolute), if one does: the site at `root`, or any site
/// whose root (a folder with a `site.toml`) is an ancestor of `path`, so that a build or a
/// form of one site never writes into another's sources. Returns that site's root and the
/// source (see [`source_holding`]).
pub fn sources_holding(root: &Path, path: &Path) -> Option<(PathBuf, &'static str)> {
    if let Some(source) = source_holding(root, path) {
        return Some((root.to_path_buf(), source));
    }
    path.ancestors()
        .skip(1)
        .filter(|site| site.join("site.toml").is_file())
        .find_map(|site| Some((site.to_path_buf(), source_holding(site, path)?)))
}

/// What the output folder holds now, decided before anything is rendered.
#[derive(Debug)]
pub enum Prepared {
    /// Missing or empty: written whole, then moved into place.
    New,
    /// A folder a previous build made, with its manifest; or one that holds only a
    /// version-control folder (a deploy checkout), taken with an empty manifest.
    Ours(manifest::Manifest),
    /// A folder of other files that the keeper asked, with `--force`, to replace: its files are
    /// listed as if a build had written them, so that the build replaces or removes each one
    /// (the version-control folder aside) and says which it removed.
    Forced(manifest::Manifest),
}

/// Folders of a version-control system: at the top of an output folder they make it a deploy
/// checkout (a `gh-pages` worktree, a clone pushed to a host), whose history is not the site's
/// to delete. A build leaves them as they are and does not count them as files of the folder.
const REPOSITORY: &[&str] = &[".git", ".hg", ".svn", ".jj", ".bzr", "_darcs"];

/// Whether a top-level entry of the output folder is a version-control folder (or, for a
/// `git worktree`, the `.git` file that points to one).
pub fn is_repository(name: &std::ffi::OsStr) -> bool {
    REPOSITORY.iter().any(|r| name == *r)
}

/// Whether a top-level entry of the output folder is not one of the site's files: minhbach's
/// own manifest and working folder, or a version-control folder.
fn outside_the_site(name: &std::ffi::OsStr) -> bool {
    name == manifest::NAME || name == sync::TMP || is_repository(name)
}

/// Whether a walk of the output folder leaves `entry` out, and does not look into it: what is
/// outside the site at its top, and a version-control folder (or `.git` file) at any depth,
/// such as a submodule's checkout kept in a subfolder. The site never writes a hidden name,
/// so none of them is ever one of its files.
pub(crate) fn walked_past(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name();
    is_repository(name) || (entry.depth() == 1 && outside_the_site(name))
}

/// Decides whether `output` may be written, refusing before anything is touched. `notes`
/// receives what was cleaned up from an interrupted run.
pub fn prepare(root: &Path, output: &Path, force: bool, notes: &mut Vec<String>) -> Result<Prepared, String> {
    check_output_dir(root, output)?;
    check_not_home(output)?;
    let meta = match fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            clean_sibling_leftovers(output, notes);
            return Ok(Prepared::New);
        }
        Err(e) => return Err(format!("cannot read {}: {e}", output.display())),
    };
    if meta.file_type().is_symlink() {
        return Err(format!(
            "{} is a symbolic link; give the folder it points to, or another folder",
            output.display()
        ));
    }
    if !meta.is_dir() {
        return Err(format!(
            "{} is a file, not a folder; minhbach writes a site only into a folder (choose another --output)",
            output.display()
        ));
    }
    // Another site's root (a build never writes a site.toml): `--force` would delete its sources.
    if output.join("site.toml").exists() {
        return Err(format!(
            "{} holds a site.toml: it is a site's folder, and a build would delete its sources; \
             choose another --output (not even --force replaces a site)",
            output.display()
        ));
    }
    clean_sibling_leftovers(output, notes);
    match sync::recover(output) {
        Ok(Some(note)) => notes.push(format!("{}: {note}", output.display())),
        Ok(None) => {}
        Err(e) => return Err(format!("cannot finish the interrupted build in {}: {e}", output.display())),
    }
    let manifest_path = output.join(manifest::NAME);
    if let Ok(text) = fs::read_to_string(&manifest_path) {
        match manifest::parse(&text) {
            // Forced, the folder's files are compared byte for byte, none kept on the word of
            // the manifest: an edit by hand that kept a file's size is undone too.
            Some(m) if force => return Ok(Prepared::Ours(manifest::Manifest { paths: m.paths, ..Default::default() })),
            Some(m) => return Ok(Prepared::Ours(m)),
            None if !force => {
                return Err(format!(
                    "{} is damaged, so minhbach cannot tell which files in {} it wrote; \
                     pass --force to replace the whole folder, or choose another --output",
                    manifest_path.display(),
                    output.display()
                ));
            }
            None => return taken_over(output).map(Prepared::Forced),
        }
    }
    let (repository, others): (Vec<_>, Vec<_>) = fs::read_dir(output)
        .map_err(|e| format!("cannot read {}: {e}", output.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .partition(|name| is_repository(name));
    let checkout = !repository.is_empty();
    match others.iter().map(|name| name.to_string_lossy()).min() {
        None if checkout => Ok(Prepared::Ours(manifest::Manifest::default())),
        None => Ok(Prepared::New),
        Some(_) if force => taken_over(output).map(Prepared::Forced),
        Some(name) => Err(format!(
            "{} holds files that minhbach did not make (such as `{name}`); it replaces only a folder \
             it made itself. Choose another --output (a new or empty folder), or pass --force to \
             delete everything in {} (but a version-control folder such as .git) and write the site there",
            output.display(),
            output.display()
        )),
    }
}

/// The files of a folder given with `--force`, as a manifest whose files the build may replace
/// or remove: all but version-control folders, at its top or deeper. A name that a manifest cannot
/// record (a control character, not UTF-8) is refused: the build could not put it back.
fn taken_over(output: &Path) -> Result<manifest::Manifest, String> {
    let mut taken = manifest::Manifest::default();
    let walk = walkdir::WalkDir::new(output).min_depth(1).sort_by_file_name().into_iter().filter_entry(|e| {
        // A checkout below the top keeps its history, but not its working files: those are
        // refused below rather than skipped.
        !(walked_past(e) && !(e.depth() > 1 && is_repository(e.file_name())))
    });
    for entry in walk {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", output.display()))?;
        let relative = entry.path().strip_prefix(output).unwrap_or(entry.path());
        if let Some(refusal) = not_to_take(output, relative, &entry) {
            return Err(refusal);
        }
        if entry.file_type().is_dir() {
            continue;
        }
        match relative.to_str().map(|r| r.replace('\\', "/")) {
            Some(path) if manifest::is_safe_path(&path) => {
                taken.paths.insert(path);
            }
            _ => {
                // Written as Rust writes strings: a line break or a byte that is no text shows.
                return Err(format!(
                    "{:?} has a name minhbach cannot record, so it could not put the file back if \
                     the build failed; move it away and build again",
                    entry.path()
                ));
            }
        }
    }
    Ok(taken)
}

/// Why `--force` must not take a folder's files at all, if it must not: another site's
/// sources or someone's checkout below the top of the folder, whose files (uncommitted work
/// among them) could not be told from what may go. A deploy checkout at the top is the
/// published site itself, and is taken.
fn not_to_take(output: &Path, relative: &Path, entry: &walkdir::DirEntry) -> Option<String> {
    let folder = relative.parent().filter(|p| !p.as_os_str().is_empty())?;
    let what = if entry.file_name() == "site.toml" && entry.file_type().is_file() {
        "another site (it holds a site.toml)"
    } else if is_repository(entry.file_name()) {
        "a version-control checkout"
    } else {
        return None;
    };
    Some(format!(
        "{} holds {what} in {}; --force would delete its files. Move it out of {}, or choose \
         another --output",
        output.display(),
        folder.display(),
        output.display()
    ))
}

/// The user's home folder and the file-system root are never an output, even with `--force`.
fn check_not_home(output: &Path) -> Result<(), String> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let home = home.and_then(|h| absolute(&h).ok());
    if output.parent().is_none() || home.is_some_and(|h| same_place(&h, output)) {
        return Err(format!(
            "{} is not a place for a site's output; choose a folder such as public/",
            output.display()
        ));
    }
    Ok(())
}

/// What a write did.
#[derive(Debug, Default)]
pub struct Written {
    pub synced: Synced,
    /// Whether the folder was written whole (it was new or empty).
    pub whole: bool,
    /// Whether the folder's files were taken over with `--force`: the files it removed
    /// (`synced.removed`) were not made by minhbach, or not known to be.
    pub forced: bool,
}

/// Writes `files` held in memory into `output` as prepared: a new folder whole, a folder of
/// ours by changing only what changed. On error the previous site is in place, or the message
/// says it is not. (A build streams its files into a [`Stage`] instead.)
pub fn write_site(output: &Path, prepared: &Prepared, files: &Files) -> Result<Written, SyncError> {
    let stage = Stage::begin(output, prepared)?;
    files.files.par_iter().for_each(|(path, bytes)| stage.put(path, bytes));
    stage.commit(&files.paths(), None)
}

/// Replaces one file of the site's sources (a progress form, `periods.toml`) through a
/// temporary file in the same folder, so a failure leaves the old file whole.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path.file_name().ok_or_else(|| io::Error::other("no file name"))?.to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.minhbach-tmp"));
    if let Err(e) = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(())
}

/// Writes a file that must not exist yet; an existing one is an error, never overwritten.
pub fn create_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Writes a folder that must not exist yet (a snapshot), staged beside it and renamed.
pub fn write_new_dir(target: &Path, files: &Files) -> io::Result<()> {
    // A second snapshot of the period at once would share the staged folder: it waits, then
    // finds the folder made.
    let _lock = lock::take(target, |_| {});
    if target.exists() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} already exists", target.display())));
    }
    let (staging, _) = sibling_names(target)?;
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    if let Err(e) = fill(&staging, files).and_then(|()| fs::rename(&staging, target)) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(())
}

pub(super) fn sibling_names(output: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let parent = output.parent().ok_or_else(|| io::Error::other("the output folder has no parent"))?;
    let name = output.file_name().ok_or_else(|| io::Error::other("the output folder has no name"))?.to_string_lossy();
    fs::create_dir_all(parent)?;
    Ok((parent.join(format!(".{name}.minhbach-new")), parent.join(format!(".{name}.minhbach-old"))))
}

/// Removes `.NAME.minhbach-new` / `-old` folders that a killed build left beside the output.
fn clean_sibling_leftovers(output: &Path, notes: &mut Vec<String>) {
    let Ok((staging, retired)) = sibling_names(output) else { return };
    for leftover in [staging, retired] {
        if fs::symlink_metadata(&leftover).is_ok_and(|m| m.is_dir()) && fs::remove_dir_all(&leftover).is_ok() {
            notes.push(format!("removed {}, left by an interrupted build", leftover.display()));
        }
    }
}

fn fill(dir: &Path, files: &Files) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let dirs: std::collections::BTreeSet<PathBuf> =
        files.files.keys().filter_map(|p| Path::new(p).parent().map(|d| dir.join(d))).collect();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    files.files.par_iter().try_for_each(|(path, bytes)| fs::write(dir.join(path), bytes.as_slice()))
}

#[cfg(test)]
mod tests;
