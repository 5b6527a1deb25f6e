//! A snapshot file that a build verifies but does not hold: its digest is taken as it streams
//! through a small buffer, and the output gets its copy straight from the file (by the kernel,
//! or by the file system sharing the blocks), rather than through a second copy in memory.
//! Snapshots are most of a small site's bytes: holding them made a build's memory grow with
//! every period archived.
//!
//! The copy is of the bytes verified: the file's stamp (see [`crate::stamp`]) is taken when it
//! is verified and must be the same before and after it is copied, since any write moves it.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::stamp::Stamp;

/// A verified file left where it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub path: PathBuf,
    stamp: Stamp,
}

/// How much of a file is hashed at a time; each thread reuses its buffer.
const CHUNK: usize = 256 * 1024;

/// A snapshot file as read: its bytes, or where it is when it was only verified.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    Held(crate::output::Bytes),
    OnDisk(Source),
}

/// A file's SHA-256 (hex), and its bytes when `hold` asks for them or when its stamp cannot
/// yet be trusted to show a later write (a file written in the last moments); else the file
/// as a [`Source`]. A file left on disk is not read when `known` gives the digest it had with
/// the stamp it still has.
pub fn read(path: &Path, hold: bool, known: impl FnOnce(&Stamp) -> Option<String>) -> io::Result<(String, Content)> {
    // A file known by its stamp is not even opened (a build's snapshot files mostly are): the
    // copy checks the stamp again on the file it opens.
    let on_path = if hold { None } else { std::fs::metadata(path).ok().as_ref().and_then(Stamp::of) };
    if let Some(stamp) = on_path
        && let Some(digest) = known(&stamp)
    {
        return Ok((digest, Content::OnDisk(Source { path: path.to_path_buf(), stamp })));
    }
    let mut file = File::open(path)?;
    let stamp = if hold { None } else { Stamp::of(&file.metadata()?) };
    let Some(stamp) = stamp else {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        return Ok((super::manifest::digest(&bytes), Content::Held(std::sync::Arc::new(bytes))));
    };
    let hasher = BUFFER.with_borrow_mut(|buf| -> io::Result<Sha256> {
        buf.resize(CHUNK, 0);
        let mut hasher = Sha256::new();
        loop {
            match file.read(buf) {
                Ok(0) => return Ok(hasher),
                Ok(n) => hasher.update(&buf[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    })?;
    // A write while it was hashed moved its stamp: the copy, which compares the stamp once
    // more, refuses it.
    Ok((hex::encode(hasher.finalize()), Content::OnDisk(Source { path: path.to_path_buf(), stamp })))
}

thread_local! {
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl Source {
    /// The stamp the file had when it was verified.
    pub fn stamp(&self) -> Stamp {
        self.stamp
    }

    /// Copies the file to `target` (which must not exist), failing if it changed since it was
    /// verified.
    pub fn copy_to(&self, target: &Path) -> io::Result<u64> {
        let mut from = File::open(&self.path)?;
        let mut to = File::options().write(true).create_new(true).open(target)?;
        // `io::copy` between two files lets the kernel copy (copy_file_range), or the file
        // system share the blocks, without the bytes passing through this process.
        let copied = io::copy(&mut from, &mut to)?;
        self.unchanged(&from)?;
        Ok(copied)
    }

    /// The file's bytes, failing if it changed since it was verified.
    pub fn read(&self) -> io::Result<Vec<u8>> {
        let mut file = File::open(&self.path)?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        self.unchanged(&file)?;
        Ok(bytes)
    }

    /// Checked once the bytes are copied or read: any write since the file was verified, before
    /// or during the copy, moved its stamp.
    fn unchanged(&self, file: &File) -> io::Result<()> {
        if Stamp::of(&file.metadata()?) == Some(self.stamp) {
            Ok(())
        } else {
            Err(io::Error::other(format!(
                "{} changed while the site was being built; build again",
                self.path.display()
            )))
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// A file old enough for its stamp to be trusted.
    fn settled_file(dir: &Path, bytes: &[u8]) -> PathBuf {
        let path = dir.join("page.html");
        std::fs::write(&path, bytes).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(2100));
        path
    }

    #[test]
    fn a_verified_file_is_copied_as_verified_and_a_changed_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = vec![7u8; CHUNK * 2 + 5];
        let path = settled_file(dir.path(), &bytes);
        let (digest, content) = super::read(&path, false, |_| None).unwrap();
        assert_eq!(digest, super::super::manifest::digest(&bytes));
        let Content::OnDisk(source) = content else { panic!("a settled file is left on disk") };
        let (held_digest, held) = super::read(&path, true, |_| None).unwrap();
        assert_eq!((held_digest, held), (digest.clone(), Content::Held(std::sync::Arc::new(bytes.clone()))));
        source.copy_to(&dir.path().join("copy.html")).unwrap();
        assert_eq!(std::fs::read(dir.path().join("copy.html")).unwrap(), bytes);
        assert!(source.copy_to(&dir.path().join("copy.html")).is_err(), "never over an existing file");
        assert_eq!(source.read().unwrap(), bytes);
        // A digest known for the stamp the file still has is taken without reading the file
        // (here one it does not have, to show it was not read); any other stamp is read.
        let stamp = source.stamp();
        let known = |s: &Stamp| (*s == stamp).then(|| "known".to_string());
        assert_eq!(super::read(&path, false, known).unwrap().0, "known");
        let other = |_: &Stamp| None;
        assert_eq!(super::read(&path, false, other).unwrap().0, digest);

        std::fs::write(&path, b"changed").unwrap();
        assert!(source.read().is_err());
        let err = source.copy_to(&dir.path().join("again.html")).unwrap_err();
        assert!(err.to_string().contains("changed while the site was being built"), "{err}");
    }

    #[test]
    fn a_file_just_written_is_not_left_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.html");
        std::fs::write(&path, b"fresh").unwrap();
        let (digest, content) = super::read(&path, false, |_| None).unwrap();
        assert_eq!(digest, super::super::manifest::digest(b"fresh"));
        assert_eq!(
            content,
            Content::Held(std::sync::Arc::new(b"fresh".to_vec())),
            "its stamp cannot show the next write yet"
        );
    }
}
