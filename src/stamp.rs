//! What the file system says of a file's bytes without reading them, for a preview server that
//! reads the same thousands of files on every rebuild. A build reads every file it uses.

use std::fs::Metadata;
use std::time::{Duration, SystemTime};

/// A file's size, modification and change times, inode and device. Any write to a file sets
/// its change time to the moment of the write, and no tool can set it back, so while the stamp
/// is equal the bytes are the ones read with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
    device: u64,
}

/// File times advance in clock ticks, not nanoseconds: two writes within one tick may leave
/// the same stamp. A stamp is trusted only once its change time is this far in the past, so a
/// file written just before (or while) it was read is read again the next time.
const SETTLED: Duration = Duration::from_secs(2);

impl Stamp {
    /// The stamp of a file with `meta`, taken before its bytes are read; `None` when it cannot
    /// be trusted yet (written within [`SETTLED`]) or the platform gives no change time.
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        Self::settled(meta, SystemTime::now())
    }

    #[cfg(unix)]
    fn settled(meta: &Metadata, now: SystemTime) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let changed = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(u64::try_from(meta.ctime()).ok()?, u32::try_from(meta.ctime_nsec()).ok()?))?;
        if now.duration_since(changed).map_or(true, |age| age < SETTLED) {
            return None;
        }
        Self::of_replaced(meta)
    }

    /// The stamp of a file with `meta` however recently it was written: for a file that is
    /// replaced whole rather than written again in place (the program itself: a build or an
    /// installer writes a new file), and whose size and times a rewrite within the same clock
    /// tick would also have to keep.
    #[cfg(unix)]
    pub fn of_replaced(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        })
    }

    /// [`Stamp::of`] as seen at `now`.
    #[cfg(test)]
    pub(crate) fn settled_at(meta: &Metadata, now: SystemTime) -> Option<Stamp> {
        Self::settled(meta, now)
    }

    /// The stamp as words, for a record kept between runs (see [`crate::cache`]).
    pub fn to_words(&self) -> String {
        let Stamp { len, modified, changed, inode, device } = self;
        format!("{len} {} {} {} {} {inode} {device}", modified.0, modified.1, changed.0, changed.1)
    }

    /// A stamp written by [`Stamp::to_words`].
    pub fn from_words(text: &str) -> Option<Stamp> {
        let words: Vec<&str> = text.split(' ').collect();
        let [len, m, mn, c, cn, inode, device] = words[..] else { return None };
        let time = |s: &str, n: &str| Some((s.parse().ok()?, n.parse().ok()?));
        Some(Stamp {
            len: len.parse().ok()?,
            modified: time(m, mn)?,
            changed: time(c, cn)?,
            inode: inode.parse().ok()?,
            device: device.parse().ok()?,
        })
    }

    #[cfg(not(unix))]
    fn settled(_meta: &Metadata, _now: SystemTime) -> Option<Stamp> {
        None
    }

    #[cfg(not(unix))]
    pub fn of_replaced(_meta: &Metadata) -> Option<Stamp> {
        None
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_trusted_by_its_stamp_only_once_its_last_write_has_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(Stamp::of(&meta), None, "just written");
        let later = SystemTime::now() + SETTLED + Duration::from_millis(10);
        let stamp = Stamp::settled(&meta, later).expect("settled");
        assert_eq!(Stamp::settled(&std::fs::metadata(&path).unwrap(), later), Some(stamp), "not touched");
        // Same size, and the modification time set back as some tools do: the change time moved.
        let modified = meta.modified().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "a = 2\n").unwrap();
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
        let now = SystemTime::now() + SETTLED + Duration::from_millis(10);
        assert_ne!(Stamp::settled(&std::fs::metadata(&path).unwrap(), now), Some(stamp));
    }

    #[test]
    fn a_stamp_reads_back_from_its_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        let later = SystemTime::now() + SETTLED + Duration::from_millis(10);
        let stamp = Stamp::settled(&std::fs::metadata(&path).unwrap(), later).unwrap();
        assert_eq!(Stamp::from_words(&stamp.to_words()), Some(stamp));
        assert_eq!(Stamp::from_words(&format!("{} 1", stamp.to_words())), None, "a word too many");
        assert_eq!(Stamp::from_words("6 1 2 3"), None, "words missing");
        assert_eq!(Stamp::from_words("-6 1 2 3 4 5 6"), None, "a negative size");
    }
}
