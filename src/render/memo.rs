//! What the preview server keeps between rebuilds: rendered pages, charts and share pictures,
//! each under a digest of everything it is made from. An edit to one post then renders that
//! post's pages and the lists that show it; every other page, chart and picture is taken from
//! the memo. What a rebuild no longer makes is dropped when it ends ([`Memo::sweep`]), so the
//! memory a long preview session holds stays that of one site.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::output::Bytes;

/// A digest of what a piece is made from.
pub type Key = [u8; 32];

#[derive(Default)]
pub struct Memo {
    round: AtomicU64,
    kept: AtomicUsize,
    made: AtomicUsize,
    /// Pages by output path: the digest of their template and data, and the page.
    pages: Mutex<HashMap<String, Entry>>,
    /// Charts and pictures by the digest of what they draw.
    pieces: Mutex<HashMap<Key, Entry>>,
    /// Each language's search index as last made, by the address of its search page: the next
    /// one is made from the records that changed.
    indexes: Mutex<HashMap<String, (u64, super::search::index::Made)>>,
    /// Kinds of page in one language, by the digest of the inputs they are made from: the
    /// pages they made (path, title), and how many charts those hold.
    sections: Mutex<HashMap<Key, (u64, Section)>>,
    /// The theme's templates, compiled, by the digest of their text: compiling them took a
    /// fifth of a preview's rebuild after a post edit.
    templates: Slot<tera::Tera>,
    /// What changed in each period, by the digest of every input but the text of posts: it
    /// assesses the site as of every earlier period again.
    changes: Slot<std::collections::BTreeMap<String, super::changes::PeriodChanges>>,
    /// The open data files, by the digest of every input but the text of posts.
    open_data: Slot<Vec<(String, Bytes)>>,
    /// The site as assessed as of each earlier period, by the digest of what that is made
    /// from (the reports up to the period): "what changed" compares them, and an edit to the
    /// current period's figures leaves them all as they were.
    assessed: Shelf<Option<crate::assess::Assessment>>,
    /// Each language's search records made from the data (indicators, tasks, plans, units,
    /// periods), by the digest of every input but the text of posts and the language.
    records: Shelf<Vec<Arc<super::search::records::Record>>>,
    /// Each language's list data (indicators and plans as lists show them), by the digest of
    /// every input but the text of posts and the language.
    lists: Shelf<super::pages::Lists>,
    /// Each language's tasks as lists show them, by the digest of every input but the
    /// progress files, of every task's assessment and the language.
    task_views: Shelf<super::pages::TaskViews>,
    /// The lists' small trend charts (path, SVG), by the digest of every input but the text of
    /// posts.
    sparks: Slot<Vec<(String, Bytes)>>,
    /// Every share picture (the digest of its card, and the file), by the digest of every
    /// input but the text of posts; each picture is also kept as a piece.
    share_pictures: Slot<Vec<(Key, crate::output::Made)>>,
}

/// The last one of a thing made, with the digest of what it was made from.
struct Slot<T>(Mutex<Option<(Key, Arc<T>)>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(Mutex::new(None))
    }
}

impl<T> Slot<T> {
    /// The thing made from `key`: the one kept, or a new one from `make`, then kept.
    fn get<E>(&self, key: Key, make: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        if let Some((_, kept)) = lock(&self.0).as_ref().filter(|(k, _)| *k == key) {
            return Ok(kept.clone());
        }
        let made = Arc::new(make()?);
        *lock(&self.0) = Some((key, made.clone()));
        Ok(made)
    }

    /// [`Slot::get`] for a thing whose making cannot fail.
    fn made(&self, key: Key, make: impl FnOnce() -> T) -> Arc<T> {
        match self.get(key, || Ok::<_, std::convert::Infallible>(make())) {
            Ok(made) => made,
            Err(never) => match never {},
        }
    }
}

/// Things kept under the digest of what each is made from, each with the last rebuild that
/// used it, and the last rebuild that used any.
struct Shelf<T> {
    kept: Mutex<HashMap<Key, (u64, Arc<T>)>>,
    used: AtomicU64,
}

impl<T> Default for Shelf<T> {
    fn default() -> Self {
        Shelf { kept: Mutex::new(HashMap::new()), used: AtomicU64::new(0) }
    }
}

impl<T> Shelf<T> {
    /// The thing made from `key`, used in rebuild `round`: the one kept, or a new one from
    /// `make`, then kept.
    fn get(&self, round: u64, key: Key, make: impl FnOnce() -> T) -> Arc<T> {
        self.used.store(round, Ordering::Relaxed);
        if let Some((used, kept)) = lock(&self.kept).get_mut(&key) {
            *used = round;
            return kept.clone();
        }
        let made = Arc::new(make());
        lock(&self.kept).insert(key, (round, made.clone()));
        made
    }

    /// Drops what rebuild `round` did not use, when it used the shelf at all: a rebuild that
    /// needed none of it (one that kept every page that shows it) says nothing of what the
    /// next one needs.
    fn sweep(&self, round: u64) {
        if self.used.load(Ordering::Relaxed) == round {
            lock(&self.kept).retain(|_, (used, _)| *used == round);
        }
    }
}

/// The pages one kind of page made in one language.
#[derive(Clone, Debug, Default)]
pub struct Section {
    pub pages: Vec<(String, String)>,
    pub charts: usize,
    /// The groups of pages within it (see `pages::Jobs::group`), kept with it: a rebuild that
    /// keeps the section whole keeps them for the next one that does not.
    pub groups: Vec<Key>,
}

struct Entry {
    key: Key,
    bytes: Bytes,
    /// The last rebuild that used it.
    round: u64,
}

/// How many pieces a rebuild took from the memo, and how many it had to make.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reuse {
    pub kept: usize,
    pub made: usize,
}

impl Memo {
    /// The digest of `parts`, each delimited so that no two lists of parts run together.
    pub fn key<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Key {
        let mut h = Sha256::new();
        for p in parts {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p);
        }
        h.finalize().into()
    }

    fn round(&self) -> u64 {
        self.round.load(Ordering::Relaxed)
    }

    /// The page at `path` made from `key`: the one kept when it was made from the same, else
    /// a new one from `make` (kept for the next rebuild).
    pub fn page<E>(&self, path: &str, key: Key, make: impl FnOnce() -> Result<Vec<u8>, E>) -> Result<Bytes, E> {
        let round = self.round();
        if let Some(e) = lock(&self.pages).get_mut(path).filter(|e| e.key == key) {
            e.round = round;
            self.kept.fetch_add(1, Ordering::Relaxed);
            return Ok(e.bytes.clone());
        }
        self.made.fetch_add(1, Ordering::Relaxed);
        let bytes = Bytes::new(make()?);
        lock(&self.pages).insert(path.to_string(), Entry { key, bytes: bytes.clone(), round });
        Ok(bytes)
    }

    /// The chart or picture made from `key`, drawn by `make` when not kept.
    pub fn piece(&self, key: Key, make: impl FnOnce() -> Vec<u8>) -> Bytes {
        let round = self.round();
        if let Some(e) = lock(&self.pieces).get_mut(&key) {
            e.round = round;
            self.kept.fetch_add(1, Ordering::Relaxed);
            return e.bytes.clone();
        }
        self.made.fetch_add(1, Ordering::Relaxed);
        let bytes = Bytes::new(make());
        lock(&self.pieces).insert(key, Entry { key, bytes: bytes.clone(), round });
        bytes
    }

    /// The templates compiled from the text `key` digests, compiled by `make` when not kept.
    pub fn templates<E>(&self, key: Key, make: impl FnOnce() -> Result<tera::Tera, E>) -> Result<Arc<tera::Tera>, E> {
        self.templates.get(key, make)
    }

    /// What changed in each period, made from the inputs `key` digests.
    pub fn changes(
        &self,
        key: Key,
        make: impl FnOnce() -> std::collections::BTreeMap<String, super::changes::PeriodChanges>,
    ) -> Arc<std::collections::BTreeMap<String, super::changes::PeriodChanges>> {
        self.changes.made(key, make)
    }

    /// The open data files made from the inputs `key` digests (path, bytes).
    pub fn open_data(&self, key: Key, make: impl FnOnce() -> Vec<(String, Bytes)>) -> Arc<Vec<(String, Bytes)>> {
        self.open_data.made(key, make)
    }

    /// The site as assessed as of an earlier period, from what `key` digests, assessed by
    /// `make` when not kept.
    pub fn assessed(
        &self,
        key: Key,
        make: impl FnOnce() -> Option<crate::assess::Assessment>,
    ) -> Arc<Option<crate::assess::Assessment>> {
        self.assessed.get(self.round(), key, make)
    }

    /// The search records made from the data that `key` digests, made by `make` when not kept.
    pub fn records(
        &self,
        key: Key,
        make: impl FnOnce() -> Vec<Arc<super::search::records::Record>>,
    ) -> Arc<Vec<Arc<super::search::records::Record>>> {
        self.records.get(self.round(), key, make)
    }

    /// The list data of one language made from what `key` digests, made by `make` when not
    /// kept.
    pub fn lists(&self, key: Key, make: impl FnOnce() -> super::pages::Lists) -> Arc<super::pages::Lists> {
        self.lists.get(self.round(), key, make)
    }

    /// The tasks of one language as lists show them, made from what `key` digests, made by
    /// `make` when not kept.
    pub fn task_views(&self, key: Key, make: impl FnOnce() -> super::pages::TaskViews) -> Arc<super::pages::TaskViews> {
        self.task_views.get(self.round(), key, make)
    }

    /// The small trend charts made from what `key` digests, drawn by `make` when not kept.
    pub fn sparks(&self, key: Key, make: impl FnOnce() -> Vec<(String, Bytes)>) -> Arc<Vec<(String, Bytes)>> {
        self.sparks.made(key, make)
    }

    /// Every share picture made from what `key` digests, drawn by `make` when not kept (see
    /// [`Memo::keep_pieces`]).
    pub fn share_pictures(
        &self,
        key: Key,
        make: impl FnOnce() -> Vec<(Key, crate::output::Made)>,
    ) -> Arc<Vec<(Key, crate::output::Made)>> {
        self.share_pictures.made(key, make)
    }

    /// Marks the pieces made from `keys` as used by this rebuild, though they were taken from a
    /// whole set kept: the next rebuild that must make the set again then finds them.
    pub fn keep_pieces<'k>(&self, keys: impl IntoIterator<Item = &'k Key>) {
        let round = self.round();
        let mut pieces = lock(&self.pieces);
        for key in keys {
            if let Some(e) = pieces.get_mut(key) {
                e.round = round;
            }
        }
    }

    /// The search index last made for the search page at `page`, taken: the next one is made
    /// from it, then kept with [`Memo::keep_index`].
    pub fn last_index(&self, page: &str) -> Option<super::search::index::Made> {
        lock(&self.indexes).remove(page).map(|(_, made)| made)
    }

    /// Keeps the search index made for the search page at `page`.
    pub fn keep_index(&self, page: String, made: super::search::index::Made) {
        lock(&self.indexes).insert(page, (self.round(), made));
    }

    /// The pages of a section made from `key` last time, each with its bytes (and kept for the
    /// next rebuild); `None` when the section must be made (then [`Memo::keep_section`]).
    pub fn section(&self, key: Key) -> Option<(Section, Vec<Bytes>)> {
        let round = self.round();
        let section = lock(&self.sections).get(&key).map(|(_, s)| s.clone())?;
        let mut pages = lock(&self.pages);
        let mut bytes = Vec::with_capacity(section.pages.len());
        for (path, _) in &section.pages {
            let entry = pages.get_mut(path)?;
            entry.round = round;
            bytes.push(entry.bytes.clone());
        }
        drop(pages);
        let mut sections = lock(&self.sections);
        for key in section.groups.iter().chain([&key]) {
            if let Some((used, _)) = sections.get_mut(key) {
                *used = round;
            }
        }
        drop(sections);
        self.kept.fetch_add(section.pages.len(), Ordering::Relaxed);
        Some((section, bytes))
    }

    /// Records what a section made from `key` (its pages are kept by [`Memo::page`]).
    pub fn keep_section(&self, key: Key, section: Section) {
        lock(&self.sections).insert(key, (self.round(), section));
    }

    /// Ends a rebuild: drops what it did not use, and says how much it reused.
    pub fn sweep(&self) -> Reuse {
        let round = self.round.fetch_add(1, Ordering::Relaxed);
        lock(&self.pages).retain(|_, e| e.round == round);
        lock(&self.pieces).retain(|_, e| e.round == round);
        lock(&self.indexes).retain(|_, (used, _)| *used == round);
        self.assessed.sweep(round);
        self.records.sweep(round);
        self.lists.sweep(round);
        self.task_views.sweep(round);
        lock(&self.sections).retain(|_, (used, _)| *used == round);
        Reuse { kept: self.kept.swap(0, Ordering::Relaxed), made: self.made.swap(0, Ordering::Relaxed) }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The SHA-256 of `value` written as JSON, without holding the JSON.
pub fn json_key(value: &impl serde::Serialize) -> Key {
    use sha2::Digest;
    struct Hashing(sha2::Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // serde_json writes a few bytes at a time: gathered first, they are hashed in blocks.
    let mut hashing = std::io::BufWriter::with_capacity(16 * 1024, Hashing(sha2::Sha256::new()));
    // Writing into a hasher cannot fail, and every value here serialises.
    let _ = serde_json::to_writer(&mut hashing, value);
    match hashing.into_inner() {
        Ok(hashing) => hashing.0.finalize().into(),
        Err(_) => Default::default(),
    }
}

/// The digest of a page's data: each value's kind, then its content (strings and object keys
/// with their lengths before them), so that no two different values feed the same bytes.
/// Serialising the data to JSON for this spent most of its time escaping strings.
pub fn value_key(value: &serde_json::Value) -> Key {
    use serde_json::Value;
    fn bytes(out: &mut Vec<u8>, b: &[u8]) {
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    }
    fn feed(out: &mut Vec<u8>, v: &Value) {
        match v {
            Value::Null => out.push(0),
            Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
            Value::Number(n) => {
                out.push(2);
                bytes(out, n.to_string().as_bytes());
            }
            Value::String(s) => {
                out.push(3);
                bytes(out, s.as_bytes());
            }
            Value::Array(items) => {
                out.push(4);
                out.extend_from_slice(&(items.len() as u64).to_le_bytes());
                for item in items {
                    feed(out, item);
                }
            }
            Value::Object(map) => {
                out.push(5);
                out.extend_from_slice(&(map.len() as u64).to_le_bytes());
                for (k, item) in map {
                    bytes(out, k.as_bytes());
                    feed(out, item);
                }
            }
        }
    }
    // Written out whole, then digested at once: many small updates of the digest cost more
    // than the copy.
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut out = buffer.borrow_mut();
        out.clear();
        feed(&mut out, value);
        Sha256::digest(out.as_slice()).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_data_digests_tell_apart_what_json_tells_apart() {
        use serde_json::json;
        let same = [json!({ "a": "x", "b": [1, 2.5, null] }), json!({ "b": [1, 2.5, null], "a": "x" })];
        assert_eq!(value_key(&same[0]), value_key(&same[1]), "objects are maps: order does not matter");
        let different = [
            json!({ "a": "x" }),
            json!({ "a": "x " }),
            json!({ "a": ["x"] }),
            json!({ "ax": "" }),
            json!({ "a": "", "x": "" }),
            json!({ "a": 1 }),
            json!({ "a": "1" }),
            json!({ "a": 1.5 }),
            json!({ "a": true }),
            json!({ "a": null }),
            json!(["a", "x"]),
            json!(["ax"]),
            json!([["a"], "x"]),
            json!([["a", "x"]]),
        ];
        let keys: std::collections::BTreeSet<Key> = different.iter().map(value_key).collect();
        assert_eq!(keys.len(), different.len());
    }

    #[test]
    fn templates_are_compiled_again_only_when_their_text_changes() {
        let memo = Memo::default();
        let compiled = std::cell::Cell::new(0);
        let compile = |text: &str| {
            compiled.set(compiled.get() + 1);
            let mut tera = tera::Tera::default();
            tera.add_raw_template("page.html", text).map(|()| tera)
        };
        let (a, b) = (Memo::key([b"a".as_slice()]), Memo::key([b"b".as_slice()]));
        let first = memo.templates(a, || compile("one {{ x }}")).unwrap();
        let again = memo.templates(a, || compile("never compiled")).unwrap();
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        assert_eq!(compiled.get(), 1);
        let other = memo.templates(b, || compile("two {{ x }}")).unwrap();
        let mut values = tera::Context::new();
        values.insert("x", &1);
        assert_eq!(other.render("page.html", &values).unwrap(), "two 1");
        assert_eq!(compiled.get(), 2);
        assert!(memo.templates(b, || compile("{% if %}")).is_ok(), "kept: not compiled again");
    }

    #[test]
    fn a_section_kept_whole_keeps_its_groups_for_the_next_rebuild() {
        let memo = Memo::default();
        let (section, group) = (Memo::key([b"section".as_slice()]), Memo::key([b"group".as_slice()]));
        let page = || vec![("a/index.html".to_string(), "A".to_string())];
        memo.page("a/index.html", group, || Ok::<_, ()>(b"a".to_vec())).unwrap();
        memo.keep_section(group, Section { pages: page(), charts: 0, groups: Vec::new() });
        memo.keep_section(section, Section { pages: page(), charts: 0, groups: vec![group] });
        memo.sweep();
        // A post's text changed: the section is kept whole, its group is not asked for.
        assert!(memo.section(section).is_some());
        memo.sweep();
        // Then a figure: the section is made again, and its group is still there to keep.
        assert!(memo.section(group).is_some());
    }

    #[test]
    fn an_earlier_assessment_is_kept_while_its_inputs_are_used() {
        let memo = Memo::default();
        let (a, b) = (Memo::key([b"a".as_slice()]), Memo::key([b"b".as_slice()]));
        let made = std::cell::Cell::new(0);
        let assess = || {
            made.set(made.get() + 1);
            None
        };
        let first = memo.assessed(a, assess);
        assert!(Arc::ptr_eq(&first, &memo.assessed(a, assess)), "kept");
        memo.sweep();
        memo.assessed(b, assess);
        memo.sweep();
        // `a` was not asked for in the last rebuild: it is gone, and assessed again.
        memo.assessed(a, assess);
        assert_eq!(made.get(), 3);
        // A rebuild that asks for none (it kept every page that shows them) drops none.
        memo.sweep();
        memo.sweep();
        memo.assessed(a, assess);
        assert_eq!(made.get(), 3, "still kept");
    }

    #[test]
    fn a_search_index_is_kept_for_the_next_rebuild_only() {
        let memo = Memo::default();
        let made = super::super::search::index::Made::default;
        memo.keep_index("tim-kiem/index.html".into(), made());
        memo.sweep();
        assert!(memo.last_index("tim-kiem/index.html").is_some());
        assert!(memo.last_index("tim-kiem/index.html").is_none(), "taken, to be kept again when made");
        memo.keep_index("search/index.html".into(), made());
        memo.sweep();
        // A rebuild that made no index for that page (the language is gone): it is dropped.
        memo.sweep();
        assert!(memo.last_index("search/index.html").is_none());
    }

    #[test]
    fn what_changed_is_made_again_only_from_other_inputs() {
        let memo = Memo::default();
        let period = |id: &str| {
            let mut m = std::collections::BTreeMap::new();
            m.insert(id.to_string(), super::super::changes::PeriodChanges::default());
            m
        };
        let (a, b) = (Memo::key([b"a".as_slice()]), Memo::key([b"b".as_slice()]));
        let first = memo.changes(a, || period("2026-Q1"));
        assert!(Arc::ptr_eq(&first, &memo.changes(a, || panic!("kept, not made again"))));
        assert!(memo.changes(b, || period("2026-Q2")).contains_key("2026-Q2"));
    }

    #[test]
    fn same_input_is_reused_other_input_is_made_and_unused_is_dropped() {
        let memo = Memo::default();
        let made = std::cell::Cell::new(0);
        let make = |text: &str| {
            made.set(made.get() + 1);
            Ok::<_, ()>(text.as_bytes().to_vec())
        };
        let a = Memo::key([b"page a".as_slice()]);
        assert_eq!(*memo.page("a.html", a, || make("A")).unwrap(), b"A");
        assert_eq!(*memo.page("a.html", a, || make("again")).unwrap(), b"A", "kept");
        assert_eq!(made.get(), 1);
        let a2 = Memo::key([b"page a, edited".as_slice()]);
        assert_eq!(*memo.page("a.html", a2, || make("A2")).unwrap(), b"A2", "its data changed");
        let chart = Memo::key([b"chart".as_slice()]);
        assert_eq!(*memo.piece(chart, || b"svg".to_vec()), b"svg");
        memo.sweep();
        // The next rebuild uses only the page: the chart is dropped at its end.
        memo.page("a.html", a2, || make("unused")).unwrap();
        assert_eq!(memo.sweep(), Reuse { kept: 1, made: 0 });
        assert_eq!(*memo.piece(chart, || b"drawn again".to_vec()), b"drawn again");
        assert_ne!(Memo::key([b"ab".as_slice(), b"c"]), Memo::key([b"a".as_slice(), b"bc"]));
    }

    #[test]
    fn a_json_key_is_the_digest_of_the_json_written_out() {
        use sha2::Digest;
        // Longer than the buffer it is gathered in, so that it is hashed in several writes.
        let long: Vec<String> = (0..3000).map(|n| format!("báo cáo {n}")).collect();
        let value = (&long, Some(1.5), "đ");
        let written: Key = sha2::Sha256::digest(serde_json::to_vec(&value).unwrap()).into();
        assert_eq!(json_key(&value), written);
        assert_ne!(json_key(&(&long, Some(1.25), "đ")), written);
    }
}
