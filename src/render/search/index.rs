//! The index as static files, so that a query downloads only what it needs:
//!
//! - `m.js`, the manifest: which shards exist and which records are of which kind;
//! - `s/<prefix>.js`, the shards: every folded word starting with the prefix, with the
//!   spellings it was found in and, per record, how much it weighs there. A shard that grows
//!   past [`SHARD_LIMIT`] is split by one more letter, so shards stay small on any site;
//! - `r/<n>.js`, the records numbered `n × RECORDS_PER_FILE` and the next ones, each with its
//!   link, title, kind, status and the text its excerpt is cut from, fetched only for the
//!   results shown.
//!
//! Files are scripts that call `mbSearch(name, data)`, not JSON fetched with `fetch`, because a
//! page opened from disk (`file://`) may load scripts beside it but not fetch them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::output::Bytes;

use super::fold::{fold_and_lower, words};
use super::postings::{Postings, postings_of, repost, term_json};
use super::records::{Field, KINDS, Record};

/// Bytes of a shard above which it is split by the next letter of its words.
pub const SHARD_LIMIT: usize = 16_000;
/// Characters of a shard's prefix at most: its file name, `_` and the hex of up to four bytes
/// a character, then stays within the 255 bytes file systems allow.
const KEY_LIMIT: usize = 30;
/// Records in one file. One file each made half of a large site's files (16,000 of 30,000 in
/// a language), and a file costs the build, a rebuild's comparison and an upload more than its
/// few hundred bytes do; four keep what a phone downloads for a page of results small (about
/// 1.4 KB a file, 0.6 KB compressed), and no more requests than one file each.
pub const RECORDS_PER_FILE: usize = 4;
/// Characters of a record's text kept for its excerpt.
pub const BODY_LIMIT: usize = 1_500;

/// How much a word counts where it appears. Short titles and other names (a unit's alias, its
/// Vietnamese name on another language's page) weigh more per word, so that the page named
/// exactly what was typed comes before longer names that contain it.
fn weight(field: Field, words: usize) -> u32 {
    match field {
        Field::Title | Field::Key => 12 + 24 / words.max(1) as u32,
        Field::Id => 8,
        Field::Units => 7,
        Field::Meta => 3,
        Field::Body => 1,
    }
}

/// A record's words, (folded word, spelling) with its weight, in order.
pub type Terms = Vec<((String, String), u32)>;

/// Each record's words (see [`Terms`]).
pub fn terms(r: &Record) -> Terms {
    let mut terms = record_terms(r);
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Kept with the index while it is made (and by a preview server between rebuilds).
    terms.shrink_to_fit();
    terms
}

/// A hasher for words: short keys, hashed a few million times for a large site, where the
/// default hasher's resistance to chosen keys buys nothing (the words are the site's own
/// texts, and a map lives while one index is made). What the maps hold is sorted before use,
/// so the hash never shows in the output.
#[derive(Default)]
pub(super) struct WordHasher(u64);

impl WordHasher {
    /// FxHash's step (as in rustc), eight bytes at a time: hashing byte by byte was a chain of
    /// dependent multiplications as long as the word.
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // The map picks buckets by the low bits, which the multiplication mixes least.
        self.0.rotate_left(26)
    }
}

type WordMap<K> = HashMap<K, usize, std::hash::BuildHasherDefault<WordHasher>>;

/// Each record's words: (folded word, spelling) with its weight, each once, in no order.
fn record_terms(r: &Record) -> Vec<((String, String), u32)> {
    // Each distinct word is folded once (texts repeat their words): word → key number.
    let ws: Vec<(Field, Vec<std::borrow::Cow<str>>)> =
        r.fields.iter().map(|(f, text)| (*f, words(text).collect())).collect();
    // Room for every word from the start: growing the maps word by word rehashed them often.
    let count: usize = ws.iter().map(|(_, ws)| ws.len()).sum();
    let mut number_of_word: WordMap<&str> = WordMap::with_capacity_and_hasher(count, Default::default());
    // Each key is kept here only, not copied beside its weight: the order the keys came in
    // does not matter, as `terms` sorts them.
    let mut number_of_key: WordMap<(String, String)> = WordMap::with_capacity_and_hasher(count, Default::default());
    // Per key number: its weight so far, how often the body has it.
    let mut weights: Vec<(u32, u32)> = Vec::with_capacity(count);
    for (field, ws) in &ws {
        for w in ws {
            let k = *number_of_word.entry(w.as_ref()).or_insert_with(|| {
                let next = weights.len();
                *number_of_key.entry(fold_and_lower(w)).or_insert_with(|| {
                    weights.push((0, 0));
                    next
                })
            });
            let (best, body_count) = &mut weights[k];
            let mut wt = weight(*field, ws.len());
            if *field == Field::Body {
                *body_count += 1;
                // A word the text repeats counts a little more, up to three times.
                wt = (*body_count).min(3);
            }
            *best = (*best).max(wt);
        }
    }
    number_of_key.into_iter().map(|(key, k)| (key, weights[k].0)).collect()
}

/// A digest of what a file of the index is made from.
pub type Key = [u8; 32];

/// A language's index as made. A preview server keeps it, so that its next index is made from
/// the records that changed: their words are taken out of the postings and put back, and only
/// the entries, shards and record files they touch are made again.
#[derive(Default)]
pub struct Made {
    /// The records, each with its words, by record number.
    records: Vec<(std::sync::Arc<Record>, std::sync::Arc<Terms>)>,
    postings: Postings,
    /// Each folded word's serialised entry.
    entries: BTreeMap<String, std::sync::Arc<str>>,
    /// Each shard's file by name: the entries it holds, and its digest and bytes.
    shards: HashMap<String, (Vec<std::sync::Arc<str>>, Key, Bytes)>,
    /// The index's files by path under its folder: the digest of each and its bytes.
    pub files: BTreeMap<String, (Key, Bytes)>,
}

/// The files of a language's index (see [`Made::files`]); `last` is the index a preview made
/// last, if any.
pub fn files(records: Vec<std::sync::Arc<Record>>, url_of: impl Fn(&str) -> String + Sync, last: Option<Made>) -> Made {
    let Made { records: last_records, mut postings, mut entries, shards: last_shards, files: last_files } =
        last.unwrap_or_default();
    // Splitting texts into words is most of the work: on every core, and only for the records
    // whose texts differ from those of the record at the same address last time.
    let at: HashMap<&str, usize> = last_records.iter().enumerate().map(|(i, (r, _))| (r.url.as_str(), i)).collect();
    let words: Vec<std::sync::Arc<Terms>> = records
        .par_iter()
        // Records differ a hundredfold in length: a few at a time to each core (see `load`).
        .with_max_len(16)
        .map(|r| match at.get(r.url.as_str()).map(|i| &last_records[*i]) {
            Some((was, words)) if std::sync::Arc::ptr_eq(was, r) || was.fields == r.fields => words.clone(),
            _ => std::sync::Arc::new(terms(r)),
        })
        .collect();
    drop(at);
    // Records are numbered in order: when their number changed, the postings are made anew.
    let fresh = last_records.len() != records.len();
    let mut touched: BTreeSet<String> = BTreeSet::new();
    if fresh {
        (postings, entries) = (postings_of(&words), Default::default());
    } else {
        touched = repost(&mut postings, &last_records, &words);
    }
    if fresh {
        let made: Vec<(String, std::sync::Arc<str>)> =
            postings.par_iter().map(|(t, spellings)| (t.clone(), term_json(t, spellings).into())).collect();
        entries = made.into_iter().collect();
    } else {
        for t in &touched {
            match postings.get(t) {
                Some(spellings) => entries.insert(t.clone(), term_json(t, spellings).into()),
                None => entries.remove(t),
            };
        }
    }
    let mut out = BTreeMap::new();
    let mut shards = HashMap::new();
    let mut keys = Vec::new();
    let listed: Vec<Entry> = entries.iter().map(|(t, j)| (t.as_str(), j)).collect();
    for group in groups(&listed, 1) {
        place(group, 1, &mut |key, shard| {
            let name = format!("s/{}", file_name(key));
            let held: Vec<std::sync::Arc<str>> = shard.iter().map(|(_, j)| (*j).clone()).collect();
            let (digest, bytes) = match last_shards.get(&name) {
                Some((was, digest, bytes))
                    if was.len() == held.len() && was.iter().zip(&held).all(|(a, b)| std::sync::Arc::ptr_eq(a, b)) =>
                {
                    (*digest, bytes.clone())
                }
                _ => {
                    let bytes = script(&name, &shard_json(shard));
                    (Sha256::digest(&bytes).into(), std::sync::Arc::new(bytes))
                }
            };
            out.insert(format!("{name}.js"), (digest, bytes.clone()));
            shards.insert(name, (held, digest, bytes));
            keys.push(key.to_string());
        });
    }
    drop(listed);
    let mut kinds = Vec::new();
    for (k, name) in KINDS.iter().enumerate() {
        let start = records.partition_point(|r| r.kind < k);
        let end = records.partition_point(|r| r.kind <= k);
        if end > start {
            kinds.push(json!([name, start, end]));
        }
    }
    let manifest = json!({ "records": records.len(), "per": RECORDS_PER_FILE, "kinds": kinds, "shards": keys });
    let manifest = script("m", &manifest.to_string());
    out.insert("m.js".into(), (Sha256::digest(&manifest).into(), std::sync::Arc::new(manifest)));
    let record_files: Vec<(String, (Key, Bytes))> = records
        .par_chunks(RECORDS_PER_FILE)
        .enumerate()
        .map(|(n, group)| {
            let path = format!("r/{n}.js");
            let first = n * RECORDS_PER_FILE;
            let was = last_records.get(first..first + group.len()).filter(|_| !fresh);
            let same = was.is_some_and(|was| was.iter().zip(group).all(|((was, _), r)| shows_the_same(was, r)));
            if let Some(kept) = last_files.get(&path).filter(|_| same) {
                return (path, kept.clone());
            }
            let json: Vec<String> = group.iter().map(|r| record_json(r, url_of(&r.url))).collect();
            let bytes = script(&format!("r/{n}"), &format!("[{}]", json.join(",\n")));
            (path, (Sha256::digest(&bytes).into(), std::sync::Arc::new(bytes)))
        })
        .collect();
    out.extend(record_files);
    Made { records: records.into_iter().zip(words).collect(), postings, entries, shards, files: out }
}

/// Whether two records at the same number show the same in their files.
fn shows_the_same(a: &std::sync::Arc<Record>, b: &std::sync::Arc<Record>) -> bool {
    std::sync::Arc::ptr_eq(a, b)
        || (a.kind, &a.url, &a.title, &a.meta, &a.body, &a.status, &a.lang)
            == (b.kind, &b.url, &b.title, &b.meta, &b.body, &b.status, &b.lang)
}

/// A folded word and its serialised entry.
type Entry<'a> = (&'a str, &'a std::sync::Arc<str>);

fn prefix(term: &str, chars: usize) -> &str {
    term.char_indices().nth(chars).map_or(term, |(i, _)| &term[..i])
}

/// Consecutive runs of `entries` (sorted) that share their first `chars` characters.
fn groups<'a, 'b>(entries: &'a [Entry<'b>], chars: usize) -> Vec<&'a [Entry<'b>]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        if i == entries.len() || prefix(entries[i].0, chars) != prefix(entries[start].0, chars) {
            out.push(&entries[start..i]);
            start = i;
        }
    }
    out
}

/// Puts a group of words sharing `chars` first characters into one shard, or, when too big,
/// keeps the words that are exactly the prefix and splits the others by one more character.
/// A group is not split past [`KEY_LIMIT`] characters: one word bigger than a shard (a cell of
/// 20,000 letters without a space) would be split a letter at a time, one call deeper each,
/// into a shard whose file name no file system takes.
fn place(group: &[Entry], chars: usize, emit: &mut dyn FnMut(&str, &[Entry])) {
    let key = prefix(group[0].0, chars);
    let size: usize = group.iter().map(|(_, j)| j.len() + 2).sum();
    let (stay, deeper) = group.split_at(group.partition_point(|(t, _)| t.chars().count() <= chars));
    if size <= SHARD_LIMIT || deeper.is_empty() || chars >= KEY_LIMIT {
        emit(key, group);
        return;
    }
    if !stay.is_empty() {
        emit(key, stay);
    }
    for g in groups(deeper, chars + 1) {
        place(g, chars + 1, emit);
    }
}

/// A shard's file name: the prefix itself when plain ASCII, else its UTF-8 bytes in hex
/// after `_` (the script names files the same way).
pub fn file_name(key: &str) -> String {
    if key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        key.to_string()
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}")
    }
}

/// A record's file: its fields, named by one letter and written in the order of their names,
/// as a `serde_json` map is (the file was once made as one).
#[derive(Serialize)]
struct Shown<'a> {
    /// The start of its text, for the excerpt.
    b: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bl: Option<&'a str>,
    k: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<&'a str>,
    m: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    s: Option<&'a Value>,
    t: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tl: Option<&'a str>,
    u: String,
}

/// The JSON of a record's file (see [`Shown`]), `url` its link from the search page.
fn record_json(r: &Record, url: String) -> String {
    // The first characters of the text, and `…` when there are more.
    let b = match r.body.char_indices().nth(BODY_LIMIT) {
        Some((end, _)) => Cow::Owned(format!("{}…", &r.body[..end])),
        None => Cow::Borrowed(r.body.as_str()),
    };
    let shown = Shown {
        b,
        bl: r.body_lang,
        k: KINDS[r.kind],
        l: r.lang.as_deref(),
        m: &r.meta,
        s: r.status.as_ref(),
        t: &r.title,
        tl: r.title_lang,
        u: url,
    };
    serde_json::to_string(&shown).unwrap_or_default()
}

/// A shard's JSON: the array of its entries, one a line.
fn shard_json(shard: &[Entry]) -> String {
    let mut out = String::with_capacity(shard.iter().map(|(_, j)| j.len() + 2).sum::<usize>() + 2);
    out.push('[');
    for (n, (_, entry)) in shard.iter().enumerate() {
        if n > 0 {
            out.push_str(",\n");
        }
        out.push_str(entry);
    }
    out.push(']');
    out
}

/// A file of the index: a script that hands `json` to the page's `mbSearch`.
fn script(name: &str, json: &str) -> Vec<u8> {
    // U+2028/2029 end a line in older JavaScript, even inside a string. Few texts have them:
    // the others are copied once, as they are.
    let json = if json.contains('\u{2028}') || json.contains('\u{2029}') {
        Cow::Owned(json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029"))
    } else {
        Cow::Borrowed(json)
    };
    let name = Value::from(name).to_string();
    let mut out = Vec::with_capacity("mbSearch(,);\n".len() + name.len() + json.len());
    for part in ["mbSearch(", &name, ",", &json, ");\n"] {
        out.extend_from_slice(part.as_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: usize, title: &str, body: &str) -> Record {
        Record {
            kind,
            url: format!("x/{title}"),
            title: title.into(),
            status: None,
            meta: String::new(),
            body: body.into(),
            fields: vec![(Field::Title, title.into()), (Field::Body, body.into())],
            lang: None,
            title_lang: None,
            body_lang: None,
        }
    }

    #[test]
    fn titles_weigh_more_and_short_titles_most() {
        let r = record(0, "Sở Y tế", "sở y tế sở");
        let map = |r: &Record| -> BTreeMap<(String, String), u32> { terms(r).into_iter().collect() };
        let t = map(&r);
        assert_eq!(t[&("so".into(), "sở".into())], 20);
        let long = record(0, "Sở Y tế và Sở Tài chính phối hợp triển khai", "");
        assert!(map(&long)[&("so".into(), "sở".into())] < 20);
        // Other names weigh as titles do: a short one more per word than a long one.
        let mut short = record(0, "X", "");
        short.fields.push((Field::Key, "Sở Khoa học và Công nghệ".into()));
        let mut long = record(0, "X", "");
        long.fields.push((Field::Key, "Ban Chỉ đạo về phát triển khoa học, công nghệ và chuyển đổi số".into()));
        assert!(map(&short)[&("khoa".into(), "khoa".into())] > map(&long)[&("khoa".into(), "khoa".into())]);
        let body = record(0, "X", "đầu tư đầu tư đầu tư đầu tư");
        assert_eq!(map(&body)[&("dau".into(), "đầu".into())], 3);
    }

    /// The files of an index as text, by path.
    fn texts(made: &Made) -> BTreeMap<String, String> {
        made.files.iter().map(|(p, (_, b))| (p.clone(), String::from_utf8(b.to_vec()).unwrap())).collect()
    }

    fn made(recs: &[Record], last: Option<Made>) -> Made {
        files(recs.iter().cloned().map(std::sync::Arc::new).collect(), |u| u.to_string(), last)
    }

    #[test]
    fn terms_keep_their_spellings() {
        let recs = vec![record(0, "Sở Y tế", ""), record(0, "Số liệu", ""), record(1, "so sánh", "")];
        let files = texts(&made(&recs, None));
        let shard = &files["s/s.js"];
        assert!(shard.starts_with("mbSearch(\"s/s\",["), "{shard}");
        assert!(shard.contains(r#"["so",["so","số","sở"],[0,20,2,1,24,1,1,24,0]]"#), "{shard}");
        assert!(files["m.js"].contains(r#""kinds":[["indicator",0,2],["task",2,3]]"#), "{}", files["m.js"]);
        assert!(files["r/0.js"].contains(r#""t":"Sở Y tế""#));
    }

    #[test]
    fn big_shards_split_by_the_next_letter() {
        let recs: Vec<Record> =
            (0..3000).map(|i| record(0, &format!("ng{} nga{} ngu{}", i % 40, i % 50, i % 60), "")).collect();
        let files = texts(&made(&recs, None));
        assert!(
            files.keys().any(|k| k.starts_with("s/ng")),
            "{:?}",
            files.keys().filter(|k| k.starts_with("s/")).collect::<Vec<_>>()
        );
        for (path, f) in &files {
            if path.starts_with("s/") {
                assert!(f.len() <= SHARD_LIMIT + 200 || !f.contains("],\n["), "{path} is {} bytes", f.len());
            }
        }
    }

    #[test]
    fn a_word_on_every_record_leaves_every_shard_small() {
        let recs: Vec<Record> = (0..5000).map(|i| record(0, &format!("Sở số {i}"), "và của các")).collect();
        let files = texts(&made(&recs, None));
        for (path, f) in files.iter().filter(|(p, _)| p.starts_with("s/")) {
            assert!(f.len() <= SHARD_LIMIT, "{path} is {} bytes", f.len());
        }
        let shard = files.iter().find(|(_, f)| f.contains("[\"va\",")).map(|(p, f)| (p, f.len()));
        assert!(files.values().any(|f| f.contains(",5000]")), "says how many records have it: {shard:?}");
    }

    #[test]
    fn an_endless_word_is_not_split_past_a_file_name() {
        let long = "đ".repeat(40_000);
        let recs = vec![record(0, &long, ""), record(0, &format!("{long}a"), ""), record(0, "đường", "")];
        let files = texts(&made(&recs, None));
        // Every shard's file name fits a file system's 255 bytes.
        let shards: Vec<&String> = files.keys().filter(|k| k.starts_with("s/")).collect();
        assert!(!shards.is_empty() && shards.iter().all(|k| k.len() - 2 <= 255), "{shards:?}");
    }

    #[test]
    fn an_index_made_from_the_last_one_equals_one_made_anew() {
        // Enough records for shards to split, so that an edit moves words between shards.
        let recs: Vec<Record> = (0..3000)
            .map(|i| record(i % 3, &format!("ng{} nga{} ngu{} Sở", i % 40, i % 50, i % 60), &format!("thân {i}")))
            .collect();
        let mut edited: Vec<Record> = (0..3000)
            .map(|i| record(i % 3, &format!("ng{} nga{} ngu{} Sở", i % 40, i % 50, i % 60), &format!("thân {i}")))
            .collect();
        // A word only one record had is gone, a new word and spelling come, a title changes.
        edited[7] = record(1, "ng7 nga7", "mới hoàn toàn");
        edited[2999] = record(0, "Sổ tay", "ngaaaa ngaaab");
        edited[1500].title = "Tiêu đề khác".into();
        // The same words, weighing otherwise (a word the text repeats counts more).
        edited[1501].body = format!("{} thân thân", edited[1501].body);
        edited[1501].fields[1].1 = edited[1501].body.clone();
        let last = made(&recs, None);
        let before = texts(&last);
        let patched = made(&edited, Some(last));
        let anew = made(&edited, None);
        assert_eq!(texts(&patched), texts(&anew));
        assert_ne!(texts(&anew), before);
        // Back again: the words of the edited records are taken out as they were put in.
        assert_eq!(texts(&made(&recs, Some(patched))), before);
        // A record more renumbers the records after it: the index is made anew.
        let mut more = edited;
        more.insert(0, record(0, "Đầu", ""));
        assert_eq!(texts(&made(&more, Some(anew))), texts(&made(&more, None)));
    }

    #[test]
    fn record_files_cut_their_text_and_escape_line_separators() {
        let long = format!("a\u{2028}b\u{2029}{}", "ệ".repeat(BODY_LIMIT));
        let mut r = record(3, "Sở \"Y\" tế", &long);
        r.lang = Some("en".into());
        r.status = Some(json!({ "key": "done", "label": "Xong" }));
        let files = texts(&made(&[r, record(0, "X", "ngắn")], None));
        let cut: String = long.chars().take(BODY_LIMIT).collect();
        let cut = cut.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
        assert_eq!(
            files["r/0.js"],
            format!(
                r#"mbSearch("r/0",[{{"b":"{cut}…","k":"unit","l":"en","m":"","s":{{"key":"done","label":"Xong"}},"t":"Sở \"Y\" tế","u":"x/Sở \"Y\" tế"}},"#
            ) + "\n{\"b\":\"ngắn\",\"k\":\"indicator\",\"m\":\"\",\"t\":\"X\",\"u\":\"x/X\"}]);\n"
        );
    }

    #[test]
    fn records_are_grouped_a_few_to_a_file_in_order() {
        let recs: Vec<Record> = (0..RECORDS_PER_FILE * 2 + 1).map(|i| record(0, &format!("t{i}"), "")).collect();
        let files = texts(&made(&recs, None));
        let groups: Vec<&String> = files.keys().filter(|k| k.starts_with("r/")).collect();
        assert_eq!(groups, ["r/0.js", "r/1.js", "r/2.js"]);
        assert!(files["m.js"].contains(&format!(r#""per":{RECORDS_PER_FILE}"#)), "{}", files["m.js"]);
        // Record n is the (n mod per)-th of file n div per.
        let last = RECORDS_PER_FILE * 2;
        assert!(files["r/2.js"].contains(&format!(r#""t":"t{last}""#)), "{}", files["r/2.js"]);
        let second: Vec<&str> = files["r/1.js"].matches(r#""t":"t"#).collect();
        assert_eq!(second.len(), RECORDS_PER_FILE);
        assert!(
            files["r/1.js"].find(&format!("\"t{}\"", RECORDS_PER_FILE))
                < files["r/1.js"].find(&format!("\"t{}\"", RECORDS_PER_FILE + 1))
        );
        // One record edited: its file is made again and the others kept as they were.
        let last_made = made(&recs, None);
        let kept = last_made.files["r/0.js"].1.clone();
        let mut edited = recs.clone();
        edited[RECORDS_PER_FILE].title = "đổi".into();
        let again = made(&edited, Some(last_made));
        assert!(std::sync::Arc::ptr_eq(&again.files["r/0.js"].1, &kept));
        assert!(texts(&again)["r/1.js"].contains(r#""t":"đổi""#));
        assert_eq!(texts(&again), texts(&made(&edited, None)));
    }

    #[test]
    fn file_names_are_plain() {
        assert_eq!(file_name("ng"), "ng");
        assert_eq!(file_name("20"), "20");
        assert_eq!(file_name("ж"), "_d0b6");
    }
}
