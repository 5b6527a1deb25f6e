//! Snapshot files' digests, kept with the stamp each file had when it was hashed.
//!
//! Every build verifies every snapshot against its manifest before it publishes a copy: on a
//! small site that was most of a build, reading 150 MB. A file whose stamp (size, times, inode)
//! is still the one it had when it was hashed holds the same bytes, since any write moves its
//! change time and no tool can set that back (see [`crate::stamp`]); so its digest is taken from
//! here, as git's index takes a file as unchanged. The copy a build publishes is still checked
//! against the stamp it was verified with, and `minhbach verify` reads every byte.

use std::collections::HashMap;

use super::Cache;
use crate::archive::{Archive, source::Content};
use crate::stamp::Stamp;

const NAME: &str = "snapshot-digests";
const HEADER: &str = "# minhbach: the SHA-256 of each snapshot file, with its stamp when it was hashed";

/// Digests of snapshot files, by their path under `archive/`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Known {
    files: HashMap<String, (Stamp, String)>,
}

impl Known {
    /// The digest of `archive/<path>`, while its stamp is `stamp`.
    pub fn digest(&self, path: &str, stamp: &Stamp) -> Option<&str> {
        self.files.get(path).filter(|(was, _)| was == stamp).map(|(_, digest)| digest.as_str())
    }

    /// What the cache holds; nothing when it holds no record or one that cannot be read.
    pub fn read(cache: &Cache) -> Known {
        let Some(bytes) = cache.read(NAME) else { return Known::default() };
        let Ok(text) = std::str::from_utf8(&bytes) else { return Known::default() };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Known::default();
        }
        let files = lines
            .filter_map(|line| {
                let (digest_and_stamp, path) = line.split_once('\t')?;
                let (digest, stamp) = digest_and_stamp.split_once(' ')?;
                if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                Some((path.to_string(), (Stamp::from_words(stamp)?, digest.to_string())))
            })
            .collect();
        Known { files }
    }

    /// The digests of every file of `archives` (verified snapshots) that was left on disk with
    /// a stamp.
    pub fn of(archives: &[Archive]) -> Known {
        let mut files = HashMap::new();
        for archive in archives {
            for (path, content) in &archive.files {
                let (Content::OnDisk(source), Some(digest)) = (content, archive.digests.get(path)) else { continue };
                files.insert(format!("{}/{path}", archive.period), (source.stamp(), digest.clone()));
            }
        }
        Known { files }
    }

    /// Keeps these digests in the cache, in place of the last ones.
    pub fn keep(&self, cache: &Cache) -> std::io::Result<()> {
        let mut lines: Vec<String> = self
            .files
            .iter()
            // A name a line cannot hold is hashed each time instead.
            .filter(|(path, _)| !path.contains(['\t', '\n', '\r']))
            .map(|(path, (stamp, digest))| format!("{digest} {}\t{path}\n", stamp.to_words()))
            .collect();
        lines.sort();
        cache.write(NAME, format!("{HEADER}\n{}", lines.concat()).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_read_back_by_path_and_stamp_and_a_damaged_record_is_none() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let meta = std::fs::metadata(&file).unwrap();
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        let stamp = Stamp::settled_at(&meta, later).unwrap();
        let digest = "ab".repeat(32);
        let known = Known { files: HashMap::from([("2025-Q1/a b.html".to_string(), (stamp, digest.clone()))]) };
        let cache = Cache::of(root.path());
        known.keep(&cache).unwrap();
        let read = Known::read(&cache);
        assert_eq!(read, known);
        assert_eq!(read.digest("2025-Q1/a b.html", &stamp), Some(digest.as_str()));
        assert_eq!(read.digest("2025-Q1/other.html", &stamp), None);
        std::fs::write(&file, "xy").unwrap();
        let moved = Stamp::settled_at(&std::fs::metadata(&file).unwrap(), later).unwrap();
        assert_eq!(read.digest("2025-Q1/a b.html", &moved), None, "the file was written since");
        cache.write(NAME, format!("{HEADER}\nnot a digest 1 2\tx\n").as_bytes()).unwrap();
        assert_eq!(Known::read(&cache), Known::default());
    }
}
