//! The postings: for each folded word, its spellings and, for each, the records that have it
//! with the word's weight there. Made at once for a build; a preview server changes them
//! record by record (see [`super::index::Made`]).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use super::index::{Terms, WordHasher};
use super::records::Record;

/// Each record (by number, in order) that has a spelling, with the word's weight there.
pub type List = Vec<(usize, u32)>;
/// A folded word's spellings, each with its [`List`].
pub type Spellings = BTreeMap<String, List>;

/// Folded word → spelling → each record (by number, in order) with the word's weight there.
pub type Postings = BTreeMap<String, Spellings>;

/// The postings of all records, made at once: each word of each record is looked up once in a
/// hash map, and only the distinct words are sorted, where putting each word in the sorted
/// postings one by one compared it with a dozen others.
pub fn postings_of(words: &[Arc<Terms>]) -> Postings {
    let mut lists: HashMap<&(String, String), List, std::hash::BuildHasherDefault<WordHasher>> = HashMap::default();
    // Records in order, so each list is in order of record.
    for (i, terms) in words.iter().enumerate() {
        for (word, w) in terms.iter() {
            lists.entry(word).or_default().push((i, *w));
        }
    }
    let mut lists: Vec<(&(String, String), List)> = lists.into_iter().collect();
    lists.sort_unstable_by(|a, b| a.0.cmp(b.0));
    // Sorted, the words go into the map in bulk.
    let mut by_word: Vec<(String, Spellings)> = Vec::new();
    for ((folded, spelling), list) in lists {
        match by_word.last_mut() {
            Some((last, spellings)) if last == folded => {
                spellings.insert(spelling.clone(), list);
            }
            _ => by_word.push((folded.clone(), BTreeMap::from([(spelling.clone(), list)]))),
        }
    }
    by_word.into_iter().collect()
}

/// Takes out of the postings the words of the records that changed since the last index and
/// puts in their new ones; says which folded words it touched.
pub fn repost(
    postings: &mut Postings,
    last_records: &[(Arc<Record>, Arc<Terms>)],
    words: &[Arc<Terms>],
) -> BTreeSet<String> {
    let mut touched = BTreeSet::new();
    for (i, now) in words.iter().enumerate() {
        let before = last_records.get(i).map(|(_, words)| words);
        if before.is_some_and(|b| Arc::ptr_eq(b, now) || b == now) {
            continue;
        }
        // Only the words that came, went or weigh otherwise: an edit to a long text leaves
        // most of its words, and a common word's entry is long to write.
        let before = before.map_or(&[][..], |b| b.as_slice());
        for change in changes(before, now) {
            match change {
                Change::Gone((folded, spelling)) => unpost(postings, folded, spelling, i),
                Change::Weighs((folded, spelling), w) => post(postings, folded, spelling, i, w),
            }
            touched.insert(change.folded().to_string());
        }
    }
    touched
}

/// A change to a record's words.
enum Change<'a> {
    Gone(&'a (String, String)),
    /// A word that came, or whose weight changed.
    Weighs(&'a (String, String), u32),
}

impl Change<'_> {
    fn folded(&self) -> &str {
        match self {
            Change::Gone((folded, _)) | Change::Weighs((folded, _), _) => folded,
        }
    }
}

/// What changed from one record's words to the next (both sorted by word).
fn changes<'a>(before: &'a [((String, String), u32)], now: &'a [((String, String), u32)]) -> Vec<Change<'a>> {
    let (mut b, mut n) = (before.iter().peekable(), now.iter().peekable());
    let mut out = Vec::new();
    loop {
        match (b.peek(), n.peek()) {
            (None, None) => return out,
            (Some((word, _)), None) => {
                out.push(Change::Gone(word));
                b.next();
            }
            (None, Some((word, w))) => {
                out.push(Change::Weighs(word, *w));
                n.next();
            }
            (Some((bw, bweight)), Some((nw, nweight))) => match bw.cmp(nw) {
                std::cmp::Ordering::Less => {
                    out.push(Change::Gone(bw));
                    b.next();
                }
                std::cmp::Ordering::Greater => {
                    out.push(Change::Weighs(nw, *nweight));
                    n.next();
                }
                std::cmp::Ordering::Equal => {
                    if bweight != nweight {
                        out.push(Change::Weighs(nw, *nweight));
                    }
                    b.next();
                    n.next();
                }
            },
        }
    }
}

/// Adds record `i`'s weight `w` for a spelling of a folded word, or sets it when it has one. Records are mostly added in
/// order, so at the end of the list.
fn post(postings: &mut Postings, folded: &str, spelling: &str, i: usize, w: u32) {
    // Most words are already known: a copy of the word only for a new one.
    let spellings = match postings.get_mut(folded) {
        Some(s) => s,
        None => postings.entry(folded.to_string()).or_default(),
    };
    let list = match spellings.get_mut(spelling) {
        Some(list) => list,
        None => spellings.entry(spelling.to_string()).or_default(),
    };
    match list.last() {
        Some((last, _)) if *last >= i => {
            let at = list.partition_point(|(r, _)| *r < i);
            match list.get_mut(at) {
                Some((r, weight)) if *r == i => *weight = w,
                _ => list.insert(at, (i, w)),
            }
        }
        _ => list.push((i, w)),
    }
}

/// Takes record `i` out of a spelling's list, and the spelling and word when nothing is left.
fn unpost(postings: &mut Postings, folded: &str, spelling: &str, i: usize) {
    let Some(spellings) = postings.get_mut(folded) else { return };
    if let Some(list) = spellings.get_mut(spelling) {
        list.retain(|(r, _)| *r != i);
        if list.is_empty() {
            spellings.remove(spelling);
        }
    }
    if spellings.is_empty() {
        postings.remove(folded);
    }
}

/// `["word",["spelling",…],[record delta, weight, spelling, …]]`, cut when it is too big (see
/// [`super::common_words`]); the spellings list is empty when the word is only ever written
/// without diacritics.
pub fn term_json(term: &str, spellings: &Spellings) -> String {
    let names: Vec<&String> = spellings.keys().collect();
    let mut postings: Vec<(usize, u32, usize)> = Vec::with_capacity(spellings.values().map(Vec::len).sum());
    for (s, (_, list)) in spellings.iter().enumerate() {
        postings.extend(list.iter().map(|(r, w)| (*r, *w, s)));
    }
    // One spelling's list is in order of record already.
    if spellings.len() > 1 {
        postings.sort_unstable();
    }
    let names = if names.len() == 1 && names[0] == term { Vec::new() } else { names };
    super::common_words::entry(term, &names, &postings)
}
