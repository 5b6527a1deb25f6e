//! Render: the assessed model → the files of the site, as bytes keyed by output path.

pub mod assets;
pub mod opendata;
pub mod snapshots;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::archive::source::Source;

/// Where a build's files go as soon as each is made, so that a build holds in memory only the
/// files it is working on, not the whole site (see `write::Stage`).
pub trait Sink: Send + Sync {
    /// Takes one file; may be called from several threads at once. A failure is kept by the
    /// sink and reported when the build ends: nothing reaches the live site before then.
    fn put(&self, path: &str, bytes: &[u8]);

    /// Like [`Sink::put`], for a file made from what `key` digests (a share picture): the
    /// output's manifest records it, so that the next build can keep the file.
    fn put_keyed(&self, path: &str, key: &str, bytes: &[u8]) {
        let _ = key;
        self.put(path, bytes);
    }

    /// Like [`Sink::put_keyed`], for a verified file published as it is, from where it is (a
    /// snapshot's: see [`crate::archive::source`]). An error says the file could not be read,
    /// or changed since it was verified.
    fn put_copy(&self, path: &str, key: &str, source: &Source) -> std::io::Result<()> {
        self.put_keyed(path, key, &source.read()?);
        Ok(())
    }

    /// Whether the output already holds `path` as the last build made it from `key`, intact;
    /// then the sink counts it as written, and it need not be made again.
    fn kept(&self, path: &str, key: &str) -> bool {
        let _ = (path, key);
        false
    }

    /// Like [`Sink::put_keyed`], for a page of a kind of page whose inputs `key` digests: the
    /// manifest also records what the site's search needs of it (see [`Sink::kept_pages`]).
    fn put_page(&self, path: &str, key: &str, page: &PageRecord, bytes: &[u8]) {
        let _ = page;
        self.put_keyed(path, key, bytes);
    }

    /// Every page the last build made from what `key` digests, sorted by path, when the
    /// output still holds each of them intact: then the sink counts them as written, and they
    /// need not be made again. A page's key is that of its kind of page, or `kind/group` for a
    /// page of a group (see [`page_key`]): `key` is a kind's, matching every page of the kind,
    /// or a group's. Kept pages are recorded under the kind `kind` and their own group.
    fn kept_pages(&self, key: &str, kind: &str) -> Option<Vec<KeptPage>> {
        let _ = (key, kind);
        None
    }
}

/// A sink that drops every file: a check renders the whole site to find what only rendering
/// finds, and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) {}

    fn put_copy(&self, _: &str, _: &str, _: &Source) -> std::io::Result<()> {
        Ok(())
    }
}

/// The key a page is recorded under: its kind's, and its group's when it has one (a group of
/// pages is kept or made again as one, within its kind: see [`Sink::kept_pages`]).
pub fn page_key(kind: &str, group: Option<&str>) -> String {
    match group {
        Some(group) => format!("{kind}/{group}"),
        None => kind.to_string(),
    }
}

/// A page's key split into its kind's and its group's (see [`page_key`]).
pub fn page_key_parts(key: &str) -> (&str, Option<&str>) {
    key.split_once('/').map_or((key, None), |(kind, group)| (kind, Some(group)))
}

/// A page kept from the output folder: its path and what the manifest records of it.
pub type KeptPage = (String, PageRecord);

/// What a build's manifest records of a page besides its size: its title (the site's search
/// lists text pages by it) and how many charts it draws (the build's summary counts them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRecord {
    pub title: String,
    pub charts: usize,
}

/// A file's bytes, shared between a build's output and the preview server's memory of it
/// without copying.
pub type Bytes = Arc<Vec<u8>>;

/// The files of a build, keyed by `/`-separated path relative to the output directory: held in
/// a sorted map (so that writing order and any listing of it are stable), or handed to a sink.
#[derive(Default)]
pub struct Files {
    /// The files held in memory; empty when the files go to a sink.
    pub files: BTreeMap<String, Bytes>,
    /// Paths written twice: one file would silently replace another, so the build refuses.
    pub clashes: Vec<String>,
    /// The paths handed to the sink.
    passed: BTreeSet<String>,
    sink: Option<Arc<dyn Sink>>,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files").field("paths", &self.len()).field("clashes", &self.clashes).finish()
    }
}

impl Files {
    /// Files handed to `sink` as they are added, rather than kept.
    pub fn streaming(sink: Arc<dyn Sink>) -> Files {
        Files { sink: Some(sink), ..Files::default() }
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.add_shared(path, Arc::new(bytes.into()));
    }

    /// Adds bytes that something else keeps too (the preview server's memo of unchanged files).
    pub fn add_shared(&mut self, path: impl Into<String>, bytes: Bytes) {
        let path = path.into();
        if self.contains(&path) {
            self.clashes.push(path);
            return;
        }
        match &self.sink {
            Some(sink) => {
                sink.put(&path, &bytes);
                self.passed.insert(path);
            }
            None => {
                self.files.insert(path, bytes);
            }
        }
    }

    /// Adds files made on every core; with a sink each is passed on (and its bytes dropped)
    /// as soon as it is made.
    pub fn add_parallel(&mut self, items: impl ParallelIterator<Item = (String, Vec<u8>)>) {
        let passer = self.passer();
        let made: Vec<Made> = items.map(|(path, bytes)| passer.pass(path, Arc::new(bytes))).collect();
        self.record(made);
    }

    /// What hands files to the sink from any thread, without holding these files; the files
    /// it returns are then [`Files::record`]ed.
    pub fn passer(&self) -> Passer {
        Passer(self.sink.clone())
    }

    /// Records files made with a [`Passer`].
    pub fn record(&mut self, made: Vec<Made>) {
        for Made(path, bytes) in made {
            if self.contains(&path) {
                self.clashes.push(path);
            } else if let Some(bytes) = bytes {
                self.files.insert(path, bytes);
            } else {
                self.passed.insert(path);
            }
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.passed.contains(path)
    }

    /// Every path of the build, sorted.
    pub fn paths(&self) -> BTreeSet<&String> {
        self.sorted_paths().collect()
    }

    /// Every path of the build in order, without gathering them: the files held and those
    /// handed to the sink are each kept sorted, and no path is in both (see [`Files::add_shared`]),
    /// so they are merged as they are read.
    pub fn sorted_paths(&self) -> impl Iterator<Item = &String> {
        let (mut held, mut passed) = (self.files.keys().peekable(), self.passed.iter().peekable());
        std::iter::from_fn(move || match (held.peek(), passed.peek()) {
            (Some(h), Some(p)) if p < h => passed.next(),
            (Some(_), _) => held.next(),
            (None, _) => passed.next(),
        })
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.passed.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A file made: its path, and its bytes unless they went to the sink.
#[derive(Clone)]
pub struct Made(String, Option<Bytes>);

/// Hands files to a build's sink from the thread that made them (see [`Files::passer`]).
#[derive(Clone)]
pub struct Passer(Option<Arc<dyn Sink>>);

impl Passer {
    /// `bytes` at `path`: handed to the sink by `put`, or kept in the returned file.
    fn hand(&self, path: String, bytes: Bytes, put: impl FnOnce(&dyn Sink, &str, &[u8])) -> Made {
        match &self.0 {
            Some(sink) => {
                put(sink.as_ref(), &path, &bytes);
                Made(path, None)
            }
            None => Made(path, Some(bytes)),
        }
    }

    pub fn pass(&self, path: String, bytes: Bytes) -> Made {
        self.hand(path, bytes, |sink, path, bytes| sink.put(path, bytes))
    }

    /// [`Passer::pass`] for a file made from what `key` digests (see [`Sink::put_keyed`]).
    pub fn pass_keyed(&self, path: String, key: &str, bytes: Bytes) -> Made {
        self.hand(path, bytes, |sink, path, bytes| sink.put_keyed(path, key, bytes))
    }

    /// [`Passer::pass_keyed`] for a verified file published from where it is (see
    /// [`Sink::put_copy`]); without a sink its bytes are read.
    pub fn pass_copy(&self, path: String, key: &str, source: &Source) -> std::io::Result<Made> {
        match &self.0 {
            Some(sink) => {
                sink.put_copy(&path, key, source)?;
                Ok(Made(path, None))
            }
            None => Ok(Made(path, Some(Arc::new(source.read()?)))),
        }
    }

    /// The file at `path` as the output already holds it, when the last build made it from
    /// `key` (see [`Sink::kept`]).
    pub fn kept(&self, path: &str, key: &str) -> Option<Made> {
        let sink = self.0.as_ref()?;
        sink.kept(path, key).then(|| Made(path.to_string(), None))
    }

    /// [`Passer::pass`] for a page of a kind of page whose inputs `key` digests (see
    /// [`Sink::put_page`]).
    pub fn pass_page(&self, path: String, key: &str, page: &PageRecord, bytes: Bytes) -> Made {
        self.hand(path, bytes, |sink, path, bytes| sink.put_page(path, key, page, bytes))
    }

    /// The pages of a kind of page or of a group as the output already holds them (see
    /// [`Sink::kept_pages`]).
    pub fn kept_pages(&self, key: &str, kind: &str) -> Option<(Vec<Made>, Vec<KeptPage>)> {
        let pages = self.0.as_ref()?.kept_pages(key, kind)?;
        Some((pages.iter().map(|(path, _)| Made(path.clone(), None)).collect(), pages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Collect(Mutex<Vec<String>>);

    impl Sink for Collect {
        fn put(&self, path: &str, _: &[u8]) {
            self.0.lock().unwrap().push(path.to_string());
        }
    }

    #[test]
    fn a_sink_receives_each_file_once_and_clashes_are_kept() {
        let sink = Arc::new(Collect::default());
        let mut files = Files::streaming(sink.clone());
        files.add("a.html", "x");
        files.add_parallel(vec![("b.html".to_string(), vec![1]), ("c.html".to_string(), vec![2])].into_par_iter());
        files.add("a.html", "y");
        assert!(files.files.is_empty(), "nothing is held");
        assert_eq!(files.len(), 3);
        assert_eq!(files.clashes, ["a.html"]);
        let mut got = sink.0.lock().unwrap().clone();
        got.sort();
        assert_eq!(got, ["a.html", "b.html", "c.html"]);
        assert!(files.contains("c.html"));
    }

    #[test]
    fn paths_held_and_handed_on_are_read_in_one_order() {
        let mut files = Files::default();
        let held = |p: &str| Made(p.to_string(), Some(Arc::new(Vec::new())));
        let passed = |p: &str| Made(p.to_string(), None);
        files.record(vec![held("b"), passed("a"), passed("d"), held("c"), held("e/f"), passed("e")]);
        let order: Vec<&str> = files.sorted_paths().map(String::as_str).collect();
        assert_eq!(order, ["a", "b", "c", "d", "e", "e/f"]);
        assert_eq!(files.paths().into_iter().map(String::as_str).collect::<Vec<_>>(), order);
        assert_eq!(Files::default().sorted_paths().count(), 0);
    }
}
