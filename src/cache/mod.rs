//! What a build keeps between runs, beside the site's sources in `.minhbach-cache/`: results it
//! can take again instead of working them out, each filed under what it was worked out from.
//!
//! Nothing in it is published, and nothing in it is taken on trust beyond its key: a record
//! whose key does not match what the build has in hand is ignored, one that cannot be read is
//! as good as none, and the folder can be deleted at any time (the next build is only slower).
//! Like the output folder, it is changed only when minhbach made it: its `CACHEDIR.TAG` says so
//! (and tells backup tools to skip it).

pub mod pictures;
pub mod replay;
pub mod stamps;

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The cache's folder inside the site's root.
pub const NAME: &str = ".minhbach-cache";
const TAG: &str = "CACHEDIR.TAG";
/// The first line is the one every tool that honours cache folders looks for
/// (<https://bford.info/cachedir/>).
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This folder holds what minhbach keeps from one build for the next.\n\
# It is never published, and it can be deleted at any time.\n";

/// The cache of one site; see the module's documentation.
#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn of(root: &Path) -> Cache {
        Cache { dir: root.join(NAME) }
    }

    /// What is kept under `name`; `None` when nothing is, or the folder is not one minhbach
    /// made.
    pub fn read(&self, name: &str) -> Option<Vec<u8>> {
        self.ours().then(|| fs::read(self.dir.join(name)).ok()).flatten()
    }

    /// The file kept under `name`, open to be read in parts.
    pub fn open(&self, name: &str) -> Option<fs::File> {
        self.ours().then(|| fs::File::open(self.dir.join(name)).ok()).flatten()
    }

    /// Keeps `bytes` under `name` in place of what was there: written beside it and renamed
    /// over it, so a reader finds the old record or the new one, whole. The folder is made
    /// when missing; one that minhbach did not make (or a link) is left alone, with an error.
    pub fn write(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_with(name, |file| file.write_all(bytes))
    }

    /// [`Cache::write`], the bytes written by `fill` as it makes them.
    pub fn write_with(&self, name: &str, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        let mut draft = self.draft(name)?;
        fill(&mut draft.out)?;
        draft.keep()
    }

    /// A record of `name` to be written in parts, beside its place until [`Draft::keep`] puts
    /// it there; dropped, it is removed. The folder is made when missing.
    pub fn draft(&self, name: &str) -> io::Result<Draft> {
        match fs::symlink_metadata(&self.dir) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&self.dir)?;
                fs::write(self.dir.join(TAG), TAG_TEXT)?;
            }
            Err(e) => return Err(e),
            Ok(_) if self.ours() => {}
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} was not made by minhbach, so it is not used as its cache",
                    self.dir.display()
                )));
            }
        }
        let beside = self.dir.join(format!(".{name}.{}.new", std::process::id()));
        let out = io::BufWriter::new(fs::File::create(&beside)?);
        Ok(Draft { out, beside, target: self.dir.join(name), kept: false })
    }

    /// A real folder (not a link) holding minhbach's tag.
    fn ours(&self) -> bool {
        fs::symlink_metadata(&self.dir).is_ok_and(|m| m.is_dir())
            && fs::read(self.dir.join(TAG)).is_ok_and(|t| t == TAG_TEXT.as_bytes())
    }
}

/// A record being written (see [`Cache::draft`]).
pub struct Draft {
    pub out: io::BufWriter<fs::File>,
    beside: PathBuf,
    target: PathBuf,
    kept: bool,
}

impl Draft {
    /// Puts the record in place of the last one, whole.
    pub fn keep(mut self) -> io::Result<()> {
        self.out.flush()?;
        fs::rename(&self.beside, &self.target)?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for Draft {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.beside);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_records_read_back_and_replace_each_other_whole() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        assert_eq!(cache.read("a"), None);
        cache.write("a", b"one").unwrap();
        assert_eq!(cache.read("a").as_deref(), Some(&b"one"[..]));
        cache.write("a", b"two").unwrap();
        assert_eq!(cache.read("a").as_deref(), Some(&b"two"[..]));
        let names: Vec<String> = fs::read_dir(root.path().join(NAME))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "the record and the tag, nothing left beside them: {names:?}");
    }

    #[test]
    fn a_folder_minhbach_did_not_make_is_neither_read_nor_written() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join(NAME);
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("a"), b"someone's").unwrap();
        let cache = Cache::of(root.path());
        assert_eq!(cache.read("a"), None);
        assert!(cache.write("a", b"ours").is_err());
        assert_eq!(fs::read(dir.join("a")).unwrap(), b"someone's");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_its_place_is_not_followed() {
        let root = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        fs::write(elsewhere.path().join(TAG), TAG_TEXT).unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), root.path().join(NAME)).unwrap();
        let cache = Cache::of(root.path());
        assert!(cache.write("a", b"ours").is_err());
        assert!(!elsewhere.path().join("a").exists());
    }
}
