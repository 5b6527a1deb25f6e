//! Listing a site's files: only regular files inside the site are read or published.
//!
//! A symbolic link under `content/`, `data/` or a theme could read, and then publish, any file
//! of the machine that builds the site (`content/key -> ~/.ssh/id_ed25519`). Links are never
//! followed; each one is reported, as is every other entry that cannot be read as what it
//! seems: a name that is not UTF-8, a device or pipe, a folder that cannot be listed.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Whether the folder exists (as a folder or as a refused link).
    pub exists: bool,
    /// Regular files: full path, and path relative to the folder with `/` separators, sorted.
    pub files: Vec<(PathBuf, String)>,
    /// Links, non-UTF-8 names, special files and unreadable folders, as site-wide errors,
    /// each with the path (relative to the site root) it is about.
    pub problems: Vec<(String, Diagnostic)>,
}

/// The error for a symbolic link at `rel` (relative to the site root).
pub fn symlink_error(rel: &str) -> Diagnostic {
    Diagnostic::site_error(format!("{rel} is a symbolic link; minhbach does not follow links")).with_help(
        "a link could read or publish files from outside the site: replace it with the file or folder itself",
    )
}

fn bad_name_error(rel: &str) -> Diagnostic {
    Diagnostic::site_error(format!("the name of {rel} is not UTF-8 text (shown here with � for the unreadable bytes)"))
        .with_help("rename it; names in UTF-8 (any Vietnamese name typed on a current system) are read")
}

fn special_error(rel: &str) -> Diagnostic {
    Diagnostic::site_error(format!("{rel} is not a regular file or folder (a device, pipe or socket)"))
        .with_help("remove it, or replace it with a regular file")
}

/// Checks that `rel` (relative to `root`, `/`-separated) and every folder above it inside the
/// site are not links. Returns the problem for the first that is.
fn check_components(root: &Path, rel: &str) -> Result<(), (String, Diagnostic)> {
    let mut path = root.to_path_buf();
    let mut shown = String::new();
    for part in rel.split('/') {
        path.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err((shown.clone(), symlink_error(&shown))),
            Ok(_) => {}
            Err(_) => return Ok(()), // missing: nothing below it to check
        }
    }
    Ok(())
}

/// Whether the site file `rel` (such as `site.toml` or `data/units.toml`) exists as a regular
/// file; a link, a folder or a special file in its place is an error.
pub fn site_file(root: &Path, rel: &str) -> Result<bool, Diagnostic> {
    check_components(root, rel).map_err(|(_, d)| d)?;
    match std::fs::symlink_metadata(root.join(rel)) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) if m.is_dir() => Err(Diagnostic::site_error(format!("{rel} is a folder, not a file"))),
        Ok(_) => Err(special_error(rel)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Diagnostic::site_error(format!("cannot read {rel}: {e}"))),
    }
}

/// A file an editor or the system keeps beside the site's, never meant as the site's: a
/// backup (`post.md~`), an autosave (`#post.md#`), an office program's lock (`~$bang.xlsx`),
/// the file vim writes and deletes to test a folder (`4913`), or what Windows writes into a
/// folder by itself (`Thumbs.db`, `desktop.ini`, whatever their case). Skipped like hidden
/// files (`.DS_Store`), so that a save in progress neither stops a preview nor is published.
pub(crate) fn editors_file(name: &str) -> bool {
    name.ends_with('~')
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        || name == "4913"
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("ehthumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Regular files under `root/prefix` (`prefix` `/`-separated, such as `content` or
/// `themes/default`), hidden entries (`.git`, `.DS_Store`) skipped, in a stable order.
pub fn walk(root: &Path, prefix: &str) -> Walked {
    let dir = root.join(prefix);
    let mut out = Walked::default();
    if let Err(problem) = check_components(root, prefix) {
        out.exists = true;
        out.problems.push(problem);
        return out;
    }
    match std::fs::symlink_metadata(&dir) {
        Ok(m) if m.is_dir() => out.exists = true,
        Ok(_) => {
            out.exists = true;
            out.problems.push((prefix.to_string(), Diagnostic::site_error(format!("{prefix} is not a folder"))));
            return out;
        }
        Err(_) => return out,
    }
    let mut entries = walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().map_or_else(|| prefix.to_string(), |p| shown(root, p));
                out.problems.push((at.clone(), Diagnostic::site_error(format!("cannot read {at}: {e}"))));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.')
            || (entry.file_type().is_file() && editors_file(&name.to_string_lossy()))
        {
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        let rel_shown = shown(root, entry.path());
        if name.to_str().is_none() {
            out.problems.push((rel_shown.clone(), bad_name_error(&rel_shown)));
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        let ft = entry.file_type();
        if ft.is_symlink() {
            out.problems.push((rel_shown.clone(), symlink_error(&rel_shown)));
        } else if ft.is_file() {
            let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.files.push((entry.path().to_path_buf(), rel));
        } else if !ft.is_dir() {
            out.problems.push((rel_shown.clone(), special_error(&rel_shown)));
        } else if [".toml", ".md"].iter().any(|ext| name.to_string_lossy().ends_with(ext)) {
            // A folder where a data file or page was meant (`mkdir data/progress/2026-Q3.toml`)
            // would otherwise be passed over without a word.
            out.problems.push((
                rel_shown.clone(),
                Diagnostic::site_error(format!("{rel_shown} is a folder, though its name is that of a file"))
                    .with_help("data files and pages are files: replace the folder with the file, or rename it"),
            ));
        }
    }
    out.files.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// A path relative to the site root, `/`-separated, lossily decoded for messages.
fn shown(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_special_files_and_bad_names_are_reported_not_followed() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/sub")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::write(root.join("outside/secret.md"), "secret").unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::fs::write(root.join("content/.hidden.md"), "h").unwrap();
        for editors in ["post.md~", "#post.md#", "~$bang.xlsx", "4913", "Thumbs.db", "desktop.ini"] {
            std::fs::write(root.join("content").join(editors), "e").unwrap();
        }
        std::os::unix::fs::symlink(root.join("outside/secret.md"), root.join("content/b.md")).unwrap();
        std::os::unix::fs::symlink(root.join("outside"), root.join("content/sub/dir")).unwrap();
        let bad = std::ffi::OsStr::from_bytes(b"t\xean.md");
        std::fs::write(root.join("content").join(bad), "x").unwrap();
        let w = walk(root, "content");
        assert!(w.exists);
        assert_eq!(w.files.iter().map(|f| f.1.as_str()).collect::<Vec<_>>(), ["a.md"]);
        let messages: Vec<&str> = w.problems.iter().map(|(_, d)| d.message.as_str()).collect();
        assert!(messages.contains(&"content/b.md is a symbolic link; minhbach does not follow links"), "{messages:?}");
        assert!(messages.contains(&"content/sub/dir is a symbolic link; minhbach does not follow links"));
        assert!(messages.iter().any(|m| m.starts_with("the name of content/t�n.md is not UTF-8")), "{messages:?}");

        // A linked folder itself, and a linked single file, are refused too.
        std::os::unix::fs::symlink(root.join("outside"), root.join("data")).unwrap();
        let w = walk(root, "data");
        assert!(w.files.is_empty());
        assert_eq!(w.problems[0].1.message, "data is a symbolic link; minhbach does not follow links");
        assert!(site_file(root, "data/units.toml").is_err());
        std::os::unix::fs::symlink(root.join("outside/secret.md"), root.join("site.toml")).unwrap();
        assert!(site_file(root, "site.toml").is_err());
        assert_eq!(site_file(root, "content/a.md").map_err(|d| d.message), Ok(true));
        assert_eq!(site_file(root, "content/none.md").map_err(|d| d.message), Ok(false));
    }
}
