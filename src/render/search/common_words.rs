//! A word that very many records have ("và", "của", "sở" on a large site) would make the shard
//! that holds it, which a query downloads whole, grow with the site: 160 KB for "sở" on a
//! national site, where any other shard is under 16 KB. Its entry keeps the records where it
//! weighs most (names and titles before texts), as many as [`ENTRY_LIMIT`] holds, and says how
//! many records have it in all. The search page requires such a word of its results only when
//! every word of the query is one, and then says that only those records were counted.

/// Bytes of one word's entry at most, when cutting its records can bring it there: a shard
/// (at most [`super::index::SHARD_LIMIT`]) holds at least one entry.
pub const ENTRY_LIMIT: usize = 12_000;

/// One posting: the record (by number), the word's weight there and the spelling (by number).
pub type Posting = (usize, u32, usize);

/// A word's entry, `["word",["spelling",…],[record delta, weight, spelling, …]]`, with, when
/// its records were cut to fit [`ENTRY_LIMIT`], how many records have the word after them.
/// `postings` are in order of record, then spelling.
pub fn entry(term: &str, names: &[&String], postings: &[Posting]) -> String {
    let whole = encode(term, names, postings, None);
    if whole.len() <= ENTRY_LIMIT {
        return whole;
    }
    let records = postings.windows(2).filter(|p| p[0].0 != p[1].0).count() + 1;
    let ranked = heaviest_first(postings, names.len().max(1));
    let cut = |n: usize| {
        let mut kept: Vec<Posting> = ranked[..n].to_vec();
        kept.sort_unstable_by_key(|&(r, _, s)| (r, s));
        encode(term, names, &kept, Some(records))
    };
    let fits = |n: usize| cut(n).len() <= ENTRY_LIMIT;
    // A word whose own letters pass the limit is left whole: cutting it would only lose records.
    if !fits(1) {
        return whole;
    }
    // The most postings that fit; each one more adds at least a weight and a spelling.
    let (mut fit, mut over) = (1, postings.len());
    while over - fit > 1 {
        let mid = fit + (over - fit) / 2;
        if fits(mid) { fit = mid } else { over = mid }
    }
    cut(fit)
}

/// The postings in the order they are kept: each spelling's heaviest in turn (so that a
/// spelling found only in texts keeps its share beside one found in titles: "sở" beside
/// "số"); among equal weights in a spelling, records in an order that mixes the kinds (records
/// are numbered kind by kind, and taking the first would keep indicators and drop units).
fn heaviest_first(postings: &[Posting], spellings: usize) -> Vec<Posting> {
    let mut by_spelling: Vec<Vec<Posting>> = vec![Vec::new(); spellings];
    for &p in postings {
        by_spelling[p.2.min(spellings - 1)].push(p);
    }
    let mut ranked: Vec<(usize, u32, u64, Posting)> = Vec::with_capacity(postings.len());
    for list in &mut by_spelling {
        list.sort_by_key(|&(r, w, _)| (std::cmp::Reverse(w), mixed(r), r));
        ranked.extend(list.iter().enumerate().map(|(rank, &p)| (rank, p.1, mixed(p.0), p)));
    }
    ranked.sort_unstable_by_key(|&(rank, w, m, (r, _, s))| (rank, std::cmp::Reverse(w), m, r, s));
    ranked.into_iter().map(|(_, _, _, p)| p).collect()
}

/// A record's number scrambled (SplitMix64's finaliser): the same on every build and machine.
fn mixed(record: usize) -> u64 {
    let mut z = (record as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn encode(term: &str, names: &[&String], postings: &[Posting], records: Option<usize>) -> String {
    let mut flat = Vec::with_capacity(postings.len() * 3);
    let mut last = 0;
    for &(r, w, s) in postings {
        flat.extend([r - last, w as usize, s]);
        last = r;
    }
    // The same array as `json!` would make, written straight from the values.
    match records {
        None => serde_json::to_string(&(term, names, flat)),
        Some(n) => serde_json::to_string(&(term, names, flat, n)),
    }
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(entry: &str) -> (Vec<Posting>, Option<usize>) {
        let v: serde_json::Value = serde_json::from_str(entry).unwrap();
        let flat: Vec<usize> = v[2].as_array().unwrap().iter().map(|n| n.as_u64().unwrap() as usize).collect();
        let mut rec = 0;
        let postings = flat
            .chunks(3)
            .map(|c| {
                rec += c[0];
                (rec, c[1] as u32, c[2])
            })
            .collect();
        (postings, v.get(3).and_then(|n| n.as_u64()).map(|n| n as usize))
    }

    #[test]
    fn a_small_entry_is_whole_and_a_big_one_keeps_its_heaviest_records_and_says_how_many() {
        let names = [&"so".to_string(), &"số".to_string(), &"sở".to_string()];
        let small = entry("so", &names, &[(0, 20, 2), (1, 24, 1), (1, 24, 0)]);
        assert_eq!(small, r#"["so",["so","số","sở"],[0,20,2,1,24,1,0,24,0]]"#);
        // 6,000 records have "số" in their text; 50 have "sở" in their text; every hundredth
        // has "số" in its title.
        let mut postings: Vec<Posting> = (0..6000).map(|r| (r, if r % 100 == 7 { 20 } else { 1 }, 1)).collect();
        postings.extend((0..50).map(|i| (i * 120 + 3, 1, 2)));
        postings.sort_unstable();
        let big = entry("so", &names, &postings);
        assert!(big.len() <= ENTRY_LIMIT && big.len() > ENTRY_LIMIT - 100, "{}", big.len());
        let (kept, records) = decode(&big);
        assert_eq!(records, Some(6000), "every record with the word, \"sở\" ones among them");
        assert!(kept.is_sorted() && kept.len() > 1000 && kept.len() < postings.len());
        assert!(kept.iter().all(|p| postings.contains(p)));
        // Every title of "số" is kept, and "sở", found in texts only, keeps all its records.
        assert_eq!(kept.iter().filter(|p| p.1 == 20).count(), 60);
        assert_eq!(kept.iter().filter(|p| p.2 == 2).count(), 50);
        // Records of equal weight are taken from all over, not the first numbers (one kind).
        assert!(kept.iter().any(|p| p.1 == 1 && p.2 == 1 && p.0 >= 5400), "{kept:?}");
        // The same input, the same entry.
        assert_eq!(entry("so", &names, &postings), big);
    }

    #[test]
    fn a_word_longer_than_an_entry_is_left_whole() {
        let long = "a".repeat(ENTRY_LIMIT + 10);
        let postings: Vec<Posting> = (0..5).map(|r| (r, 1, 0)).collect();
        let whole = entry(&long, &[], &postings);
        assert_eq!(decode(&whole), (postings, None));
    }
}
