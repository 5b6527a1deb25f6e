//! Share pictures kept from the last build that showed them, for a build into another folder.
//!
//! A picture is filed under the digest of its card and of the program that drew it (see
//! `render::share`): the same key is the same picture, byte for byte. A build over its own
//! output folder already keeps the pictures there; this keeps them for a build into a new or
//! forced folder, where drawing them was most of a small site's work and a quarter of a large
//! one's. They are kept in one file, an index of keys and sizes followed by the pictures, each
//! read only when a build asks for it. The file is replaced whole by each build that drew a
//! picture, with what that build showed: it does not grow with the site's history.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom};
use std::sync::{Mutex, OnceLock};

use super::Cache;
use crate::output::Bytes;

const NAME: &str = "share-pictures";
const HEADER: &str = "minhbach share pictures 2";

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
    /// Each picture's key, with its bytes when drawn (the others are in the pack, or not kept).
    pictures: Vec<(String, Option<Bytes>)>,
    /// Whether any was drawn: only then is there anything new to keep.
    drawn: bool,
    /// How many were found here.
    found: usize,
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
        self.shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner).found
    }

    /// Notes that the build shows the picture `key`, as `how` says.
    pub fn shown(&self, key: &str, how: Shows) {
        let mut shown = self.shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let bytes = match how {
            Shows::Kept => None,
            Shows::Found => {
                shown.found += 1;
                None
            }
            Shows::Drawn(bytes) => {
                shown.drawn = true;
                Some(bytes.clone())
            }
        };
        shown.pictures.push((key.to_string(), bytes));
    }

    /// Keeps the pictures the build showed in place of the last build's, when it drew any: each
    /// one drawn, and each one found here or kept in the output folder that the pack holds.
    pub fn keep(self) -> io::Result<()> {
        let shown = std::mem::take(&mut *self.shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        let Shown { mut pictures, drawn, .. } = shown;
        if !drawn {
            return Ok(());
        }
        // Handed on from every core at once: sorted, so that the file depends only on the site.
        pictures.sort_by(|a, b| a.0.cmp(&b.0));
        pictures.dedup_by(|a, b| a.0 == b.0);
        let pack = self.pack();
        let pictures: Vec<(String, Bytes)> = pictures
            .into_iter()
            .filter_map(|(key, bytes)| {
                let bytes = bytes.or_else(|| pack?.read(&key).map(Bytes::new))?;
                Some((key, bytes))
            })
            .collect();
        self.cache.write_with(NAME, |out| {
            writeln!(out, "{HEADER}\n{}", pictures.len())?;
            for (key, bytes) in &pictures {
                writeln!(out, "{key} {}", bytes.len())?;
            }
            pictures.iter().try_for_each(|(_, bytes)| out.write_all(bytes))
        })
    }

    fn pack(&self) -> Option<&Pack> {
        self.kept.get_or_init(|| Pack::open(&self.cache)).as_ref()
    }
}

impl Pack {
    /// The pack in `cache`; `None` when there is none, or its index and size do not agree.
    fn open(cache: &Cache) -> Option<Pack> {
        let file = cache.open(NAME)?;
        let size = file.metadata().ok()?.len();
        let mut reader = io::BufReader::new(file);
        let mut line = String::new();
        let mut next = |line: &mut String| {
            line.clear();
            reader.read_line(line).ok().filter(|n| *n > 0).map(|_| line.trim_end_matches('\n').to_string())
        };
        if next(&mut line)? != HEADER {
            return None;
        }
        let count: usize = next(&mut line)?.parse().ok()?;
        let mut sizes = Vec::with_capacity(count.min(1 << 20));
        for _ in 0..count {
            let text = next(&mut line)?;
            let (key, len) = text.split_once(' ')?;
            sizes.push((key.to_string(), len.parse::<usize>().ok()?));
        }
        let mut offset = reader.stream_position().ok()?;
        let mut at = HashMap::with_capacity(sizes.len());
        for (key, len) in sizes {
            at.insert(key, (offset, len));
            offset += len as u64;
        }
        (offset == size).then(|| Pack { file: Mutex::new(reader.into_inner()), at })
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
        // A build that drew one and kept another in its folder: the other comes from the pack;
        // what it did not show is dropped.
        let third = Pictures::of(&cache);
        let c = png("c");
        third.shown("a", Shows::Kept);
        third.shown("c", Shows::Drawn(&c));
        third.keep().unwrap();
        let fourth = Pictures::of(&cache);
        assert_eq!((fourth.get("a"), fourth.get("b"), fourth.get("c")), (Some(a), None, Some(c)));
    }

    #[test]
    fn a_pack_cut_short_or_a_damaged_picture_is_not_taken() {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::of(root.path());
        let a = png("a");
        let mut pack = format!("{HEADER}\n2\na {}\nb 4\n", a.len()).into_bytes();
        pack.extend_from_slice(&a);
        pack.extend_from_slice(b"\0\0\0\0");
        cache.write(NAME, &pack).unwrap();
        let pictures = Pictures::of(&cache);
        assert_eq!(pictures.get("a"), Some(a.clone()));
        assert_eq!(pictures.get("b"), None, "not a PNG");
        cache.write(NAME, &pack[..pack.len() - 1]).unwrap();
        assert_eq!(Pictures::of(&cache).get("a"), None, "cut short: the index does not match");
    }
}
