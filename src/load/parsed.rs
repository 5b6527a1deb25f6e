//! What a preview server keeps of the last load: each source file's share of the model, with
//! the text it was read from. A file whose text, place and number did not change is not parsed
//! again; at national scale parsing every file was the larger part of a rebuild's load. A file
//! whose stamp did not change is not even read again.
//!
//! It can also hold texts to read in place of files (`Parsed::given`): what an import would
//! write, checked with the whole site before a byte of it is.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::{Read, Role};
use crate::diagnostic::FileId;
use crate::stamp::Stamp;

#[derive(Default)]
pub struct Parsed {
    round: AtomicU64,
    files: Mutex<HashMap<String, Kept>>,
    /// Texts read in place of their files' (whether or not the file exists): what an import
    /// would write, checked with the whole site before it is written.
    given: HashMap<String, Arc<str>>,
    /// The links of the texts the last load's check read.
    pub links: super::link_reader::KnownLinks,
}

/// A source file as this load reads it.
pub(super) struct File<'a> {
    pub path: &'a str,
    pub id: FileId,
    pub role: &'a Role,
    pub text: &'a Arc<str>,
    pub bad_utf8: Option<usize>,
    /// Taken before the text was read.
    pub stamp: Option<Stamp>,
}

struct Kept {
    /// Spans in the part name the file by its number.
    id: FileId,
    role: Role,
    text: Arc<str>,
    bad_utf8: Option<usize>,
    stamp: Option<Stamp>,
    read: Read,
    round: u64,
}

impl Parsed {
    /// A load that reads `texts` (path under the site's root → text) in place of those files.
    pub fn given(texts: impl IntoIterator<Item = (String, String)>) -> Parsed {
        Parsed { given: texts.into_iter().map(|(path, text)| (path, Arc::from(text))).collect(), ..Default::default() }
    }

    /// The text given for the file at `path`, if any.
    pub(super) fn given_text(&self, path: &str) -> Option<Arc<str>> {
        self.given.get(path).cloned()
    }

    /// The paths of the texts given, in order.
    pub(super) fn given_paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.given.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// Starts a load: what it does not read again is dropped at [`Parsed::finish`].
    pub(super) fn start(&self) -> u64 {
        self.round.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The text of the file at `path` as last read, when its stamp is still `stamp`.
    pub(super) fn text(&self, path: &str, stamp: Stamp) -> Option<(Arc<str>, Option<usize>)> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let kept = files.get(path).filter(|k| k.stamp == Some(stamp))?;
        Some((kept.text.clone(), kept.bad_utf8))
    }

    /// The file's part as last read, when it is the same file with the same text.
    pub(super) fn get(&self, file: &File, round: u64) -> Option<Read> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let kept = files.get_mut(file.path).filter(|k| {
            k.id == file.id
                && &k.role == file.role
                && k.bad_utf8 == file.bad_utf8
                && (k.stamp.is_some() && k.stamp == file.stamp || k.text == *file.text)
        })?;
        kept.round = round;
        Some(kept.read.clone())
    }

    /// Keeps what reading `file` gave.
    pub(super) fn put(&self, file: &File, read: &Read, round: u64) {
        let kept = Kept {
            id: file.id,
            role: file.role.clone(),
            text: file.text.clone(),
            bad_utf8: file.bad_utf8,
            stamp: file.stamp,
            read: read.clone(),
            round,
        };
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path.to_string(), kept);
    }

    /// Drops the files the load of `round` did not read (removed, or unreadable now).
    pub(super) fn finish(&self, round: u64) {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).retain(|_, k| k.round == round);
    }

    /// How many files are kept.
    pub fn len(&self) -> usize {
        self.files.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The site and the problems a load reports, as text to compare.
    fn read(root: &Path, parsed: Option<&Parsed>) -> (String, String) {
        let loaded = super::super::load_with(root, parsed, super::super::Want::All, false);
        (serde_json::to_string(&loaded.site).unwrap(), format!("{:?}", loaded.diagnostics))
    }

    #[test]
    fn a_load_that_keeps_parsed_files_reads_what_a_fresh_load_reads() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        crate::test_support::copy_tree(&crate::test_support::fixture("basic"), root);
        let parsed = Parsed::default();
        assert_eq!(read(root, Some(&parsed)), read(root, None));
        let files = parsed.len();
        assert!(files > 5, "{files}");
        assert_eq!(read(root, Some(&parsed)), read(root, None), "from what was kept");
        // An edited figure is read again.
        let progress = root.join("data/progress/2026-Q2.toml");
        let text = std::fs::read_to_string(&progress).unwrap();
        std::fs::write(&progress, text.replace("value = 61", "value = 66")).unwrap();
        let edited = read(root, Some(&parsed));
        assert!(edited.0.contains("66.0") || edited.0.contains(":66"), "{}", edited.0);
        assert_eq!(edited, read(root, None));
        // A mistake is reported as a fresh load reports it, and so is its repair.
        std::fs::write(&progress, text.replace("value = 61", "value = \"sáu mốt\"")).unwrap();
        let broken = read(root, Some(&parsed));
        assert!(broken.1.contains("value"), "{}", broken.1);
        assert_eq!(broken, read(root, None));
        std::fs::write(&progress, &text).unwrap();
        assert_eq!(read(root, Some(&parsed)), read(root, None));
        // A removed file is dropped, and the files after it (numbered anew) read again.
        let post = walkdir::WalkDir::new(root.join("content/updates"))
            .into_iter()
            .map(Result::unwrap)
            .find(|e| e.file_type().is_file())
            .unwrap()
            .into_path();
        std::fs::remove_file(post).unwrap();
        assert_eq!(read(root, Some(&parsed)), read(root, None));
        assert_eq!(parsed.len(), files - 1);
    }
}
