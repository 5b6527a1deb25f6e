//! Share pictures kept from the last build that showed them, for a build into another folder.
//!
//! A picture is filed under the digest of its card and of the program that drew it (see
//! `render::share`): the same key is the same picture, byte for byte. A build over its own
//! output folder already keeps the pictures there; this keeps them for a build into a new or
//! forced folder, where drawing them was most of a small site's work and a quarter of a large
//! one's. They are kept in one file: the pictures, an index of where each is, and the index's
//! place on the last line; each is read only when a build asks for it. A build that draws a
//! picture writes it into the next file as soon as it is drawn (so a build of a large site does
//! not hold them all), adds the others it showed, and puts the file in place of the last one:
//! the file holds what the latest build showed, and does not grow with the site's history. A
//! build over its own folder, which keeps its pictures there, leaves the file as it is: copying
//! every other picture into a new file would cost more than drawing the few that changed.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::{Mutex, OnceLock};

use super::Cache;
use crate::output::Bytes;

const NAME: &str = "share-pictures";
const HEADER: &str = "minhbach share pictures 3";
/// The last line: where the index starts.
const INDEX: &str = "index ";

/// Where a picture the build shows comes from.
pub enum Shows<'a> {
    /// The output folder, as its last build left it.
    Kept,
    /// This cache.
    Found,
    /// Drawn by this build.
    Drawn(&'a Bytes),
}

/// The pictures the cache holds (its index read when first asked for: a build over its own
/// folder rarely needs it), and those the build shows.
pub struct Pictures {
    cache: Cache,
    kept: OnceLock<Option<Pack>>,
    shown: Mutex<Shown>,
}

/// The cache's file as a build found it: open, with where each picture is in it.
struct Pack {
    file: Mutex<File>,
    at: HashMap<String, (u64, usize)>,
}

#[derive(Default)]
struct Shown {
    /// Each picture found here, by its key.
    found: Vec<String>,
    /// The next file, begun with the first picture drawn: those drawn are written into it at
    /// once, with where each is.
    next: Option<Next>,
    /// Whether one was kept in the output folder: then the file stays as it is.
    kept: bool,
    /// Whether the next file could not be written: then it is not kept.
    failed: bool,
}

struct Next {
    draft: super::Draft,
    at: Vec<(String, u64, usize)>,
    len: u64,
}

impl Next {
    fn add(&mut self, key: &str, bytes: &[u8]) -> io::Result<()> {
        self.draft.out.write_all(bytes)?;
        self.at.push((key.to_string(), self.len, bytes.len()));
        self.len += bytes.len() as u64;
        Ok(())
    }
}

impl Pictures {
    /// The pictures in `cache`.
    pub fn of(cache: &Cache) -> Pictures {
        Pictures { cache: cache.clone(), kept: OnceLock::new(), shown: Mutex::default() }
    }

    /// The picture kept under `key`, when it reads back whole.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        self.pack()?.read(key).map(Bytes::new)
    }

    /// How many of the pictures the build showed were found here.
    pub fn found(&self) -> usize {
        self.lock().found.len()
    }

    /// Notes that the build shows the picture `key`, as `how` says; one drawn is written into
    /// the next file at once.
    pub fn shown(&self, key: &str, how: Shows) {
        let mut shown = self.lock();
        match how {
            Shows::Kept => shown.kept = true,
            Shows::Found => shown.found.push(key.to_string()),
            Shows::Drawn(bytes) if !shown.failed => {
                if shown.next.is_none() {
                    shown.next = self.begin().ok();
                }
                let written = shown.next.as_mut().map(|next| next.add(key, bytes));
                if !matches!(written, Some(Ok(()))) {
                    shown.failed = true;
                    shown.next = None;
                }
            }
            Shows::Drawn(_) => {}
        }
    }

    /// Puts the next file in place of the last one, when the build drew a picture and kept
    /// none in its folder: with each one it drew, and each one it found in the last file.
    pub fn keep(self) -> io::Result<()> {
        let shown = std::mem::take(&mut *self.lock());
        let Shown { mut found, next: Some(mut next), kept: false, failed: false } = shown else { return Ok(()) };
        found.sort();
        found.dedup();
        if let Some(pack) = self.pack() {
            for key in &found {
                if let Some(bytes) = pack.read(key) {
                    next.add(key, &bytes)?;
                }
            }
        }
        // A card shown twice is drawn twice: its first copy is the one listed.
        next.at.sort();
        next.at.dedup_by(|a, b| a.0 == b.0);
        let index = next.len;
        for (key, at, len) in &next.at {
            writeln!(next.draft.out, "{key} {at} {len}")?;
        }
        writeln!(next.draft.out, "{INDEX}{index}")?;
        next.draft.keep()
    }

    fn begin(&self) -> io::Result<Next> {
        let mut draft = self.cache.draft(NAME)?;
        writeln!(draft.out, "{HEADER}")?;
        Ok(Next { draft, at: Vec::new(), len: HEADER.len() as u64 + 1 })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shown> {
        self.shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn pack(&self) -> Option<&Pack> {
        self.kept.get_or_init(|| Pack::open(&self.cache)).as_ref()
    }
}

impl Pack {
    /// The pack in `cache`; `None` when there is none, or its index does not fit it.
    fn open(cache: &Cache) -> Option<Pack> {
        let mut file = cache.open(NAME)?;
        let size = file.metadata().ok()?.len();
        let mut head = vec![0; HEADER.len() + 1];
        file.read_exact(&mut head).ok()?;
        if head != format!("{HEADER}\n").as_bytes() {
            return None;
        }
        // The last line says where the index starts.
        let tail_len = size.min(64);
        file.seek(SeekFrom::Start(size - tail_len)).ok()?;
        let mut tail = vec![0; tail_len as usize];
        file.read_exact(&mut tail).ok()?;
        let tail = tail.strip_suffix(b"\n")?;
        let last = &tail[tail.iter().rposition(|b| *b == b'\n').map_or(0, |at| at + 1)..];
        let index: u64 = std::str::from_utf8(last).ok()?.strip_prefix(INDEX)?.parse().ok()?;
        file.seek(SeekFrom::Start(index)).ok()?;
        let mut lines = String::new();
        io::BufReader::new(&mut file).read_to_string(&mut lines).ok()?;
        let mut at = HashMap::new();
        let mut listed = lines.lines();
        listed.next_back();
        for line in listed {
            let mut words = line.split(' ');
            let (key, offset, len) = (words.next()?, words.next()?.parse::<u64>().ok()?, words.next()?.parse().ok()?);
            if offset < head.len() as u64 || offset.checked_add(len as u64)? > index {
                return None;
            }
            at.insert(key.to_string(), (offset, len));
        }
        Some(Pack { file: Mutex::new(file), at })
    }

    /// The picture under `key`, when it is there and is a whole PNG.
    fn read(&self, key: &str) -> Option<Vec<u8>> {
        let &(offset, len) = self.at.get(key)?;
        let mut bytes = vec![0; len];
        {
            let mut file = self.file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            file.seek(SeekFrom::Start(offset)).ok()?;
            file.read_exact(&mut bytes).ok()?;
        }
        whole_png(&bytes).then_some(bytes)
    }
}

/// What a build or a preview says when it took `found` pictures from the cache.
pub fn taken(found: usize) -> Option<String> {
    (found > 0).then(|| format!("{found} share picture(s) taken from the cache, as an earlier build drew them"))
}

/// Starts as a PNG does and ends with its closing chunk: not a picture cut short or zeroed.
fn whole_png(bytes: &[u8]) -> bool {
    const START: &[u8] = b"\x89PNG\r\n\x1a\n";
    const END: &[u8] = b"\0\0\0\0IEND\xae\x42\x60\x82";
    bytes.starts_with(START) && bytes.ends_with(END)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(text: &str) -> Bytes {
        Bytes::new([b"\x89PNG\r\n\x1a\n".as_slice(), text.as_bytes(), b"\0\0\0\0IEND\xae\x42\x60\x82"].concat())
    }

    #[test]
    fn the_pictures_a_build_showed_are_kept_for_the_next_and_only_those() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        let first = Pictures::of(&cache);
        assert_eq!(first.get("a"), None);
        let (a, b) = (png("a"), png("bb"));
        first.shown("b", Shows::Drawn(&b));
        first.shown("a", Shows::Drawn(&a));
        first.keep().unwrap();
        let second = Pictures::of(&cache);
        assert_eq!(second.get("a"), Some(a.clone()));
        assert_eq!(second.get("b"), Some(b.clone()));
        // Found, not drawn: the pack stays as it is.
        second.shown("a", Shows::Found);
        assert_eq!(second.found(), 1);
        second.keep().unwrap();
        assert_eq!(Pictures::of(&cache).get("b"), Some(b.clone()));
        // A build that drew one and found another: the other comes from the pack; what it did
        // not show is dropped.
        let third = Pictures::of(&cache);
        let c = png("c");
        third.shown("a", Shows::Found);
        third.shown("c", Shows::Drawn(&c));
        third.keep().unwrap();
        let fourth = Pictures::of(&cache);
        assert_eq!((fourth.get("a"), fourth.get("b"), fourth.get("c")), (Some(a.clone()), None, Some(c.clone())));
        // A build over its own folder, which kept one there, leaves the pack as it is.
        fourth.shown("a", Shows::Kept);
        fourth.shown("d", Shows::Drawn(&png("d")));
        fourth.keep().unwrap();
        let fifth = Pictures::of(&cache);
        assert_eq!((fifth.get("a"), fifth.get("c"), fifth.get("d")), (Some(a), Some(c), None));
    }

    #[test]
    fn a_pack_cut_short_or_a_damaged_picture_is_not_taken() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        let a = png("a");
        let mut pack = format!("{HEADER}\n").into_bytes();
        let start = pack.len();
        pack.extend_from_slice(&a);
        pack.extend_from_slice(b"\0\0\0\0");
        let index = pack.len();
        pack.extend_from_slice(format!("a {start} {}\nb {} 4\n{INDEX}{index}\n", a.len(), start + a.len()).as_bytes());
        cache.write(NAME, &pack).unwrap();
        let pictures = Pictures::of(&cache);
        assert_eq!(pictures.get("a"), Some(a.clone()));
        assert_eq!(pictures.get("b"), None, "not a PNG");
        cache.write(NAME, &pack[..pack.len() - 1]).unwrap();
        assert_eq!(Pictures::of(&cache).get("a"), None, "cut short: no index");
        let mut beyond = pack[..index].to_vec();
        beyond.extend_from_slice(format!("a {start} {}\n{INDEX}{index}\n", index).as_bytes());
        cache.write(NAME, &beyond).unwrap();
        assert_eq!(Pictures::of(&cache).get("a"), None, "a picture past the index");
        let mut huge = pack[..index].to_vec();
        huge.extend_from_slice(format!("a {} {}\n{INDEX}{index}\n", u64::MAX, usize::MAX).as_bytes());
        cache.write(NAME, &huge).unwrap();
        assert_eq!(Pictures::of(&cache).get("a"), None, "a place beyond any file");
    }

    #[test]
    fn a_build_that_fails_leaves_the_last_pack_and_nothing_beside_it() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        let first = Pictures::of(&cache);
        first.shown("a", Shows::Drawn(&png("a")));
        first.keep().unwrap();
        let failed = Pictures::of(&cache);
        failed.shown("b", Shows::Drawn(&png("b")));
        drop(failed);
        let names: Vec<String> = std::fs::read_dir(root.path().join(super::super::NAME))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(Pictures::of(&cache).get("a"), Some(png("a")));
    }
}
