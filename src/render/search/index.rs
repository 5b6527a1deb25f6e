//! The index as static files, so that a query downloads only what it needs:
//!
//! - `m.js`, the manifest: which shards exist and which records are of which kind;
//! - `s/<prefix>.js`, the shards: every folded word starting with the prefix, with the
//!   spellings it was found in and, per record, how much it weighs there. A shard that grows
//!   past [`SHARD_LIMIT`] is split by one more letter, so shards stay small on any site;
//! - `r/<n>.js`, one per record: its link, title, kind, status and the text its excerpt is cut
//!   from, fetched only for the results shown.
//!
//! Files are scripts that call `mbSearch(name, data)`, not JSON fetched with `fetch`, because a
//! page opened from disk (`file://`) may load scripts beside it but not fetch them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::fold::{fold, lower, words};
use super::records::{Field, KINDS, Record};

/// Bytes of a shard above which it is split by the next letter of its words.
pub const SHARD_LIMIT: usize = 16_000;
/// Characters of a record's text kept for its excerpt.
pub const BODY_LIMIT: usize = 1_500;

/// How much a word counts where it appears. Short titles weigh more per word, so that the
/// page named exactly what was typed comes before longer titles that contain it.
fn weight(field: Field, title_words: usize) -> u32 {
    match field {
        Field::Title => 12 + 24 / title_words.max(1) as u32,
        Field::Key => 18,
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
    record_terms(r).into_iter().collect()
}

/// Each record's words: (folded word, spelling) → weight.
fn record_terms(r: &Record) -> BTreeMap<(String, String), u32> {
    // Each distinct word is folded once (texts repeat their words): word → key number.
    let mut number_of_word: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut number_of_key: std::collections::HashMap<(String, String), usize> = std::collections::HashMap::new();
    // Per key number: the key, its weight so far, how often the body has it.
    let mut keys: Vec<((String, String), u32, u32)> = Vec::new();
    let ws: Vec<(Field, Vec<std::borrow::Cow<str>>)> =
        r.fields.iter().map(|(f, text)| (*f, words(text).collect())).collect();
    for (field, ws) in &ws {
        for w in ws {
            let k = *number_of_word.entry(w.as_ref()).or_insert_with(|| {
                let key = (fold(w), lower(w));
                *number_of_key.entry(key.clone()).or_insert_with(|| {
                    keys.push((key, 0, 0));
                    keys.len() - 1
                })
            });
            let (_, best, body_count) = &mut keys[k];
            let mut wt = weight(*field, ws.len());
            if *field == Field::Body {
                *body_count += 1;
                // A word the text repeats counts a little more, up to three times.
                wt = (*body_count).min(3);
            }
            *best = (*best).max(wt);
        }
    }
    keys.into_iter().map(|(key, best, _)| (key, best)).collect()
}

/// The files of a language's index, by path under its index directory.
/// `terms_of` gives each record's words ([`terms`], or as a preview kept them).
pub fn files(
    records: &[Record],
    url_of: impl Fn(&str) -> String + Sync,
    terms_of: impl Fn(&Record) -> std::sync::Arc<Terms> + Sync,
) -> BTreeMap<String, String> {
    // folded word → spelling → [(record, weight)]
    let mut terms: BTreeMap<String, BTreeMap<String, Vec<(usize, u32)>>> = BTreeMap::new();
    // Splitting texts into words is most of the work: on every core, then merged in order.
    use rayon::prelude::*;
    let per_record: Vec<_> = records.par_iter().map(&terms_of).collect();
    for (i, words) in per_record.iter().enumerate() {
        for ((folded, spelling), w) in words.iter() {
            // Most words are already known: a copy of the word only for a new one.
            let spellings = match terms.get_mut(folded) {
                Some(s) => s,
                None => terms.entry(folded.clone()).or_default(),
            };
            match spellings.get_mut(spelling) {
                Some(list) => list.push((i, *w)),
                None => {
                    spellings.insert(spelling.clone(), vec![(i, *w)]);
                }
            }
        }
    }
    drop(per_record);
    let terms: Vec<_> = terms.into_iter().collect();
    let entries: Vec<Entry> = terms.par_iter().map(|(t, spellings)| (t.clone(), term_json(t, spellings))).collect();
    drop(terms);
    let mut out = BTreeMap::new();
    let mut keys = Vec::new();
    for group in groups(&entries, 1) {
        place(group, 1, &mut |key, shard| {
            let body = format!("[{}]", shard.iter().map(|(_, j)| j.as_str()).collect::<Vec<_>>().join(",\n"));
            out.insert(format!("s/{}.js", file_name(key)), script(&format!("s/{}", file_name(key)), &body));
            keys.push(key.to_string());
        });
    }
    let mut kinds = Vec::new();
    for (k, name) in KINDS.iter().enumerate() {
        let start = records.partition_point(|r| r.kind < k);
        let end = records.partition_point(|r| r.kind <= k);
        if end > start {
            kinds.push(json!([name, start, end]));
        }
    }
    let manifest = json!({ "records": records.len(), "kinds": kinds, "shards": keys });
    out.insert("m.js".into(), script("m", &manifest.to_string()));
    let record_files: Vec<(String, String)> = records
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let mut body: String = r.body.chars().take(BODY_LIMIT).collect();
            if body.len() < r.body.len() {
                body.push('…');
            }
            let mut v = json!({ "u": url_of(&r.url), "t": r.title, "k": KINDS[r.kind], "m": r.meta, "b": body });
            if let Some(s) = &r.status {
                v["s"] = s.clone();
            }
            (format!("r/{i}.js"), script(&format!("r/{i}"), &v.to_string()))
        })
        .collect();
    out.extend(record_files);
    out
}

/// `["word",["spelling",…],[record delta, weight, spelling, …]]`; the spellings list is empty
/// when the word is only ever written without diacritics.
fn term_json(term: &str, spellings: &BTreeMap<String, Vec<(usize, u32)>>) -> String {
    let names: Vec<&String> = spellings.keys().collect();
    let mut postings: Vec<(usize, u32, usize)> = Vec::new();
    for (s, (_, list)) in spellings.iter().enumerate() {
        postings.extend(list.iter().map(|(r, w)| (*r, *w, s)));
    }
    postings.sort_unstable();
    let mut flat = Vec::with_capacity(postings.len() * 3);
    let mut last = 0;
    for (r, w, s) in postings {
        flat.extend([r - last, w as usize, s]);
        last = r;
    }
    let names = if names.len() == 1 && names[0] == term { Vec::new() } else { names };
    json!([term, names, flat]).to_string()
}

/// A folded word and its serialised entry.
type Entry = (String, String);

fn prefix(term: &str, chars: usize) -> &str {
    term.char_indices().nth(chars).map_or(term, |(i, _)| &term[..i])
}

/// Consecutive runs of `entries` (sorted) that share their first `chars` characters.
fn groups(entries: &[Entry], chars: usize) -> Vec<&[Entry]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=entries.len() {
        if i == entries.len() || prefix(&entries[i].0, chars) != prefix(&entries[start].0, chars) {
            out.push(&entries[start..i]);
            start = i;
        }
    }
    out
}

/// Puts a group of words sharing `chars` first characters into one shard, or, when too big,
/// keeps the words that are exactly the prefix and splits the others by one more character.
fn place(group: &[Entry], chars: usize, emit: &mut dyn FnMut(&str, &[Entry])) {
    let key = prefix(&group[0].0, chars);
    let size: usize = group.iter().map(|(_, j)| j.len() + 2).sum();
    let (stay, deeper) = group.split_at(group.partition_point(|(t, _)| t.chars().count() <= chars));
    if size <= SHARD_LIMIT || deeper.is_empty() {
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

fn script(name: &str, json: &str) -> String {
    // U+2028/2029 end a line in older JavaScript, even inside a string.
    let json = json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029");
    format!("mbSearch({},{json});\n", Value::from(name))
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
        }
    }

    #[test]
    fn titles_weigh_more_and_short_titles_most() {
        let r = record(0, "Sở Y tế", "sở y tế sở");
        let t = record_terms(&r);
        assert_eq!(t[&("so".into(), "sở".into())], 20);
        let long = record(0, "Sở Y tế và Sở Tài chính phối hợp triển khai", "");
        assert!(record_terms(&long)[&("so".into(), "sở".into())] < 20);
        let body = record(0, "X", "đầu tư đầu tư đầu tư đầu tư");
        assert_eq!(record_terms(&body)[&("dau".into(), "đầu".into())], 3);
    }

    #[test]
    fn terms_keep_their_spellings() {
        let recs = vec![record(0, "Sở Y tế", ""), record(0, "Số liệu", ""), record(1, "so sánh", "")];
        let files = files(&recs, |u| u.to_string(), |r| std::sync::Arc::new(terms(r)));
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
        let files = files(&recs, |u| u.to_string(), |r| std::sync::Arc::new(terms(r)));
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
    fn file_names_are_plain() {
        assert_eq!(file_name("ng"), "ng");
        assert_eq!(file_name("20"), "20");
        assert_eq!(file_name("ж"), "_d0b6");
    }
}
