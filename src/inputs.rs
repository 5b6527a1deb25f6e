//! One digest of everything a build reads: the site's files, the program itself and the
//! options it was given. A build records it in the output's manifest; the next build of the
//! same digest into a folder that still holds every file it wrote has nothing to do.
//!
//! Sources (`site.toml`, `data/`, `content/`, `themes/`) are read whole, so a change is seen
//! even when a tool keeps a file's modification time. Snapshots under `archive/` are
//! verified byte by byte by every build anyway; here their names, sizes and times suffice.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

const SOURCES: &[&str] = &["site.toml", "data", "content", "themes"];
const ARCHIVE: &str = "archive";

/// The digest of the site at `root` built with `options` (any text that changes the output,
/// such as the base URL and the period built); `None` when some input cannot be read (then
/// the build runs in full and its own errors say what is wrong).
pub fn digest(root: &Path, options: &str) -> Option<String> {
    let mut entries: Vec<(String, std::path::PathBuf, Kind)> = Vec::new();
    for (top, whole) in SOURCES.iter().map(|s| (*s, true)).chain([(ARCHIVE, false)]) {
        for entry in walkdir::WalkDir::new(root.join(top)).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) if e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) => continue,
                Err(_) => return None,
            };
            let rel = entry.path().strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
            let kind = if entry.path_is_symlink() {
                Kind::Link
            } else if !entry.file_type().is_file() {
                continue;
            } else if whole {
                Kind::Content
            } else {
                Kind::Stat
            };
            entries.push((rel, entry.into_path(), kind));
        }
    }
    let parts: Vec<Option<Vec<u8>>> = entries.par_iter().map(|(_, path, kind)| kind.digest(path)).collect();
    let mut all = Sha256::new();
    all.update(program()?);
    all.update(options.as_bytes());
    all.update([0]);
    for ((rel, _, _), part) in entries.iter().zip(parts) {
        all.update(rel.as_bytes());
        all.update([0]);
        all.update(part?);
    }
    Some(hex::encode(all.finalize()))
}

enum Kind {
    /// Read whole.
    Content,
    /// Name, size and modification time.
    Stat,
    /// A symbolic link: where it points (the build itself refuses links; this only notices one).
    Link,
}

impl Kind {
    fn digest(&self, path: &Path) -> Option<Vec<u8>> {
        match self {
            Kind::Content => Some(Sha256::digest(std::fs::read(path).ok()?).to_vec()),
            Kind::Stat => {
                let meta = std::fs::metadata(path).ok()?;
                let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
                Some(format!("{} {}", meta.len(), modified.as_nanos()).into_bytes())
            }
            Kind::Link => Some(std::fs::read_link(path).ok()?.to_string_lossy().into_owned().into_bytes()),
        }
    }
}

/// A digest of the running program: a new version, or a rebuilt one, makes other pages.
fn program() -> Option<&'static [u8]> {
    static PROGRAM: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let mut file = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0; 1 << 16];
            loop {
                let n = file.read(&mut buf).ok()?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
            hasher.update(env!("CARGO_PKG_VERSION"));
            Some(hasher.finalize().to_vec())
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_a_source_or_an_option_changes_the_digest() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        std::fs::create_dir_all(root.join("content/updates")).unwrap();
        std::fs::write(root.join("content/updates/a.md"), "Một").unwrap();
        let first = digest(root, "").unwrap();
        assert_eq!(digest(root, "").unwrap(), first, "same input, same digest");
        assert_ne!(digest(root, "--as-of 2026-Q1").unwrap(), first);
        // Same size, same time: the content is read, so the change is seen.
        let time = std::fs::metadata(root.join("content/updates/a.md")).unwrap().modified().unwrap();
        std::fs::write(root.join("content/updates/a.md"), "Hai").unwrap();
        std::fs::File::options()
            .write(true)
            .open(root.join("content/updates/a.md"))
            .unwrap()
            .set_modified(time)
            .unwrap();
        let edited = digest(root, "").unwrap();
        assert_ne!(edited, first);
        std::fs::write(root.join("content/updates/b.md"), "").unwrap();
        let added = digest(root, "").unwrap();
        assert_ne!(added, edited, "a new file");
        // Files the build does not read do not count.
        std::fs::write(root.join("README.md"), "notes").unwrap();
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public/index.html"), "out").unwrap();
        assert_eq!(digest(root, "").unwrap(), added);
    }
}
