//! One digest of everything a build reads: the site's files, the program itself and the
//! options it was given. A build records it in the output's manifest; the next build of the
//! same digest into a folder that still holds every file it wrote has nothing to do.
//!
//! Sources (`site.toml`, `data/`, `content/`, `themes/`) are read whole, so a change is seen
//! even when a tool keeps a file's modification time; a preview server reads again only the
//! files whose stamp changed (see [`crate::stamp`]: a write always moves a file's change time).
//! Snapshots under `archive/` are verified by every build anyway: a build adds each file's
//! digest as verified ([`Digests::with_snapshots`]) rather than list them all a second time.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::stamp::Stamp;

const SOURCES: &[&str] = &["site.toml", "data", "content", "themes"];
const ARCHIVE: &str = "archive";

/// What of `archive/` is part of a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Archive {
    /// The files beside the snapshots (the site's public key, which is published), read
    /// whole; the caller adds the snapshots once verified (see [`Digests::with_snapshots`]).
    Beside,
    /// Not at all: the caller accounts for them itself (the preview server re-reads them only
    /// when a change touches `archive/`, and says so in `options`).
    Left,
}

/// Three digests of a site's inputs: of everything; of everything but the text of posts
/// (their front matter counts): what the pages that do not show a post's text are made from;
/// and of that but the progress files, which a page made from a part of the progress (one
/// indicator's figures, one period's report) adds itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digests {
    pub whole: [u8; 32],
    pub without_post_text: [u8; 32],
    pub without_progress: [u8; 32],
}

impl Digests {
    /// These digests with the snapshots `archives` added, each file by the digest it was
    /// verified with: a snapshot's file cannot change without its digest, or its verification,
    /// changing.
    pub fn with_snapshots(self, archives: &[crate::archive::Archive]) -> Digests {
        let mut listing = Sha256::new();
        for archive in archives {
            listing.update(archive.period.as_bytes());
            listing.update([1]);
            for (path, digest) in &archive.digests {
                listing.update(path.as_bytes());
                listing.update([0]);
                listing.update(digest.as_bytes());
                listing.update([0]);
            }
        }
        let listing = listing.finalize();
        let with = |digest: [u8; 32]| Sha256::new().chain_update(digest).chain_update(listing).finalize().into();
        Digests {
            whole: with(self.whole),
            without_post_text: with(self.without_post_text),
            without_progress: with(self.without_progress),
        }
    }
}

/// The digests of the site at `root` built with `options` (any text that changes the output,
/// such as the base URL and the period built); `None` when some input cannot be read (then
/// the build runs in full and its own errors say what is wrong).
pub fn digests(root: &Path, options: &str, archive: Archive) -> Option<Digests> {
    digests_with(root, options, archive, None)
}

/// What a preview server keeps of the last digest: each source file's digests with the stamp
/// it had when read, so that only files whose stamp changed are read again.
#[derive(Default)]
pub struct Seen {
    files: HashMap<std::path::PathBuf, (Stamp, FileDigests)>,
}

/// A file's digest, and the digest of what lists show of it.
type FileDigests = (Vec<u8>, Vec<u8>);

/// Like [`digests`], reading again only the files whose stamp is not the one in `seen`, and
/// keeping there what it read.
pub fn digests_with(root: &Path, options: &str, archive: Archive, seen: Option<&mut Seen>) -> Option<Digests> {
    let mut entries: Vec<(String, std::path::PathBuf, Kind)> = Vec::new();
    let archive = (archive == Archive::Beside).then_some((ARCHIVE, 1));
    for (top, depth) in SOURCES.iter().map(|s| (*s, usize::MAX)).chain(archive) {
        for entry in walkdir::WalkDir::new(root.join(top)).max_depth(depth).sort_by_file_name() {
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
            } else {
                Kind::Content
            };
            entries.push((rel, entry.into_path(), kind));
        }
    }
    let kept = seen.as_deref();
    let parts: Vec<Option<(FileDigests, Option<Stamp>)>> = entries
        .par_iter()
        .map(|(rel, path, kind)| {
            // Taken before the read: a write after it leaves a stamp that differs next time.
            let stamp = match (kept, kind) {
                (Some(_), Kind::Content) => std::fs::metadata(path).ok().as_ref().and_then(Stamp::of),
                _ => None,
            };
            let known = kept.zip(stamp).and_then(|(k, s)| k.files.get(path).filter(|(was, _)| *was == s));
            let parts = match known {
                Some((_, parts)) => parts.clone(),
                None => kind.digests(path, rel.starts_with(POSTS) && rel.ends_with(".md"))?,
            };
            Some((parts, stamp))
        })
        .collect();
    let parts = parts.into_iter().collect::<Option<Vec<_>>>()?;
    let mut all = Sha256::new();
    all.update(program()?);
    all.update(options.as_bytes());
    all.update([0]);
    let mut listed = all.clone();
    let mut structure = all.clone();
    for ((rel, _, _), ((whole, front), _)) in entries.iter().zip(&parts) {
        let add = |h: &mut Sha256, part: &[u8]| {
            h.update(rel.as_bytes());
            h.update([0]);
            h.update(part);
        };
        add(&mut all, whole);
        add(&mut listed, front);
        if !rel.starts_with(PROGRESS) {
            add(&mut structure, front);
        }
    }
    if let Some(seen) = seen {
        seen.files = entries
            .into_iter()
            .zip(parts)
            .filter_map(|((_, path, _), (parts, stamp))| Some((path, (stamp?, parts))))
            .collect();
    }
    Some(Digests {
        whole: all.finalize().into(),
        without_post_text: listed.finalize().into(),
        without_progress: structure.finalize().into(),
    })
}

/// Where posts are kept.
const POSTS: &str = "content/updates/";
/// Where the progress of each period is kept.
const PROGRESS: &str = "data/progress/";

/// The front matter of a Markdown file (between its first two `+++` lines), or all of it.
fn front_matter(text: &[u8]) -> &[u8] {
    let Some(rest) = text.strip_prefix(b"+++") else { return text };
    match rest.windows(4).position(|w| w == b"\n+++") {
        Some(end) => &text[..3 + end + 4],
        None => text,
    }
}

enum Kind {
    /// Read whole.
    Content,
    /// A symbolic link: where it points (the build itself refuses links; this only notices one).
    Link,
}

impl Kind {
    /// The file's digest, and the digest of what lists show of it: for a post (`post`), its
    /// front matter; for any other file, all of it again.
    fn digests(&self, path: &Path, post: bool) -> Option<(Vec<u8>, Vec<u8>)> {
        let whole = match self {
            Kind::Content => {
                let text = std::fs::read(path).ok()?;
                let whole = Sha256::digest(&text).to_vec();
                if post {
                    return Some((whole, Sha256::digest(front_matter(&text)).to_vec()));
                }
                whole
            }
            Kind::Link => std::fs::read_link(path).ok()?.to_string_lossy().into_owned().into_bytes(),
        };
        Some((whole.clone(), whole))
    }
}

/// A digest of the running program: a new version, or a rebuilt one, makes other pages and
/// pictures. `None` when the program cannot read itself.
///
/// Taken from the program file's stamp (size, times, inode), as a preview server trusts a
/// source's: installing or rebuilding the program writes the file, which moves its stamp.
/// Reading the 20 MB program whole took a sixth of the CPU of a build of the default site. A copy of the same program elsewhere has another stamp, so a build
/// with it makes everything again: slower once, never wrong.
pub fn program() -> Option<&'static [u8]> {
    static PROGRAM: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    PROGRAM
        .get_or_init(|| {
            let path = std::env::current_exe().ok()?;
            let mut hasher = Sha256::new();
            hasher.update(env!("CARGO_PKG_VERSION"));
            // A build right after the program was built or installed knows it by the same
            // digest as every build after it.
            match std::fs::metadata(&path).ok().as_ref().and_then(Stamp::of_replaced) {
                Some(stamp) => hasher.update(format!("{path:?} {stamp:?}")),
                None => hash_file(&path, &mut hasher)?,
            }
            Some(hasher.finalize().to_vec())
        })
        .as_deref()
}

/// Adds the bytes of the file at `path` to `hasher`.
fn hash_file(path: &Path, hasher: &mut Sha256) -> Option<()> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut buf = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buf).ok()?;
        if n == 0 {
            return Some(());
        }
        hasher.update(&buf[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(root: &Path, options: &str) -> Option<[u8; 32]> {
        digests(root, options, Archive::Beside).map(|d| d.whole)
    }

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

    #[test]
    fn a_progress_edit_leaves_only_the_digest_without_progress() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        std::fs::create_dir_all(root.join("data/progress")).unwrap();
        std::fs::write(root.join("data/progress/2026-Q1.toml"), "period = \"2026-Q1\"\n").unwrap();
        let first = digests(root, "", Archive::Beside).unwrap();
        std::fs::write(root.join("data/progress/2026-Q1.toml"), "period = \"2026-Q1\"\n# sửa\n").unwrap();
        let edited = digests(root, "", Archive::Beside).unwrap();
        assert_ne!(edited.without_post_text, first.without_post_text);
        assert_eq!(edited.without_progress, first.without_progress);
        std::fs::write(root.join("data/progress/2026-Q2.toml"), "period = \"2026-Q2\"\n").unwrap();
        assert_eq!(digests(root, "", Archive::Beside).unwrap().without_progress, first.without_progress);
        std::fs::write(root.join("site.toml"), "title = \"y\"\n").unwrap();
        assert_ne!(digests(root, "", Archive::Beside).unwrap().without_progress, first.without_progress);
        let now = digests(root, "", Archive::Beside).unwrap();
        assert_ne!(digests(root, "--as-of 2026-Q1", Archive::Beside).unwrap().without_progress, now.without_progress);
    }

    #[test]
    fn a_post_text_edit_leaves_the_digest_without_post_text() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::write(root.join("site.toml"), "title = \"x\"\n").unwrap();
        std::fs::create_dir_all(root.join("content/updates/2026-Q1")).unwrap();
        let post = root.join("content/updates/2026-Q1/a.md");
        std::fs::write(&post, "+++\ntitle = \"Một\"\n+++\nNội dung.\n").unwrap();
        let first = digests(root, "", Archive::Beside).unwrap();
        std::fs::write(&post, "+++\ntitle = \"Một\"\n+++\nNội dung đã sửa.\n").unwrap();
        let text = digests(root, "", Archive::Beside).unwrap();
        assert_ne!(text.whole, first.whole);
        assert_eq!(text.without_post_text, first.without_post_text, "only the text changed");
        std::fs::write(&post, "+++\ntitle = \"Hai\"\n+++\nNội dung đã sửa.\n").unwrap();
        let title = digests(root, "", Archive::Beside).unwrap();
        assert_ne!(title.without_post_text, text.without_post_text, "the title is in lists");
        // A page that is not a post counts whole.
        std::fs::write(root.join("content/_index.md"), "+++\ntitle = \"Trang\"\n+++\nMột.\n").unwrap();
        let home = digests(root, "", Archive::Beside).unwrap();
        std::fs::write(root.join("content/_index.md"), "+++\ntitle = \"Trang\"\n+++\nHai.\n").unwrap();
        assert_ne!(digests(root, "", Archive::Beside).unwrap().without_post_text, home.without_post_text);
        assert_eq!(front_matter(b"no front matter"), b"no front matter");
    }
}
