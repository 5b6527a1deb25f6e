//! One deflate block with codes made for the symbols it holds (RFC 1951, "dynamic Huffman
//! codes"): the more often a symbol appears, the shorter its code. The only distance is one
//! byte back, so the distances have a single code.

/// A literal byte, or a copy of the byte before repeated some 3 to 258 times.
#[derive(Clone, Copy)]
pub(super) struct Token(u16);

/// Set in a token that is a copy; the rest is its length less three.
const COPY: u16 = 0x100;

impl Token {
    pub(super) fn literal(byte: u8) -> Token {
        Token(u16::from(byte))
    }

    pub(super) fn copy_one_back(len: usize) -> Token {
        debug_assert!((3..=258).contains(&len));
        Token(COPY | (len.clamp(3, 258) - 3) as u16)
    }
}

/// Symbols of literals, the end of the block and lengths.
const SYMBOLS: usize = 286;
const END: usize = 256;
/// The longest code deflate allows, and the longest of the codes that code the code lengths.
const LONGEST: u8 = 15;
const LONGEST_LENGTH_CODE: u8 = 7;
/// The order in which the code lengths' own code lengths are written.
const LENGTH_CODE_ORDER: [usize; 19] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/// Each length symbol's first length and its extra bits.
const LENGTH_BASE: [(u16, u8); 29] = [
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 0),
    (8, 0),
    (9, 0),
    (10, 0),
    (11, 1),
    (13, 1),
    (15, 1),
    (17, 1),
    (19, 2),
    (23, 2),
    (27, 2),
    (31, 2),
    (35, 3),
    (43, 3),
    (51, 3),
    (59, 3),
    (67, 4),
    (83, 4),
    (99, 4),
    (115, 4),
    (131, 5),
    (163, 5),
    (195, 5),
    (227, 5),
    (258, 0),
];

/// The symbol of a copy's length (3 to 258), its extra bits and their count.
fn length_symbol(len: u16) -> (u16, u32, u8) {
    let i = LENGTH_BASE.iter().rposition(|&(base, _)| base <= len).unwrap_or(0);
    let (base, extra) = LENGTH_BASE[i];
    (257 + i as u16, u32::from(len - base), extra)
}

/// `tokens` as the last block of a deflate stream, appended to `out` and padded to a byte.
pub(super) fn write_block(tokens: &[Token], out: &mut Vec<u8>) {
    let symbols = token_symbols();
    // Counted into four tables in turn: a run of one symbol would otherwise wait on each count
    // to be stored before the next could add to it.
    let mut tables = [[0u32; TOKENS]; 4];
    let mut quads = tokens.chunks_exact(4);
    for quad in &mut quads {
        for (table, &Token(t)) in tables.iter_mut().zip(quad) {
            table[usize::from(t)] += 1;
        }
    }
    for &Token(t) in quads.remainder() {
        tables[0][usize::from(t)] += 1;
    }
    let mut counts = [0u64; SYMBOLS];
    for t in 0..TOKENS {
        let n: u64 = tables.iter().map(|table| u64::from(table[t])).sum();
        counts[usize::from(symbols[t].0)] += n;
    }
    counts[END] = 1;
    let code_lengths = limited_lengths(&counts, LONGEST);
    let codes = canonical(&code_lengths);
    // Each token's whole code: its symbol's, then a copy's extra bits and its distance, whose
    // one code is a single 0 bit.
    let written: [(u32, u32); TOKENS] = std::array::from_fn(|t| {
        let (symbol, extra, extra_len) = symbols[t];
        let (code, len) = codes[usize::from(symbol)];
        if t < COPY as usize { (code, len) } else { (code | (extra << len), len + u32::from(extra_len) + 1) }
    });
    let mut bits = Bits { out, acc: 0, len: 0 };
    // The last block (1), of codes of its own (10).
    bits.put(0b101, 3);
    header(&mut bits, &code_lengths);
    for &Token(t) in tokens {
        let (code, len) = written[usize::from(t)];
        bits.put(code, len);
    }
    let (code, len) = codes[END];
    bits.put(code, len);
    bits.flush();
}

/// Literals, then copies of each length.
const TOKENS: usize = 512;

/// Each token's symbol, with a copy's extra bits and their count, worked out once.
fn token_symbols() -> &'static [(u16, u32, u8); TOKENS] {
    static TABLE: std::sync::OnceLock<[(u16, u32, u8); TOKENS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|t| match t.checked_sub(COPY as usize) {
            None => (t as u16, 0, 0),
            Some(len) => length_symbol(len as u16 + 3),
        })
    })
}

/// The block's header: how many codes there are, then every code's length, themselves coded.
fn header(bits: &mut Bits, lengths: &[u8; SYMBOLS]) {
    let literals = lengths.iter().rposition(|&l| l > 0).map_or(257, |last| (last + 1).max(257));
    // The code lengths of the literals and lengths, then of the one distance (one bit).
    let all: Vec<u8> = lengths[..literals].iter().copied().chain([1]).collect();
    let runs = run_lengths(&all);
    let mut counts = [0u64; 19];
    for &(symbol, _, _) in &runs {
        counts[usize::from(symbol)] += 1;
    }
    let length_lengths = limited_lengths(&counts, LONGEST_LENGTH_CODE);
    let length_codes = canonical(&length_lengths);
    let written = LENGTH_CODE_ORDER.iter().rposition(|&s| length_lengths[s] > 0).map_or(4, |last| (last + 1).max(4));
    bits.put((literals - 257) as u32, 5);
    // One distance code.
    bits.put(0, 5);
    bits.put((written - 4) as u32, 4);
    for &symbol in &LENGTH_CODE_ORDER[..written] {
        bits.put(u32::from(length_lengths[symbol]), 3);
    }
    for (symbol, extra, extra_len) in runs {
        let (code, len) = length_codes[usize::from(symbol)];
        bits.put(code | (extra << len), len + u32::from(extra_len));
    }
}

/// Code lengths as deflate writes them: a length, 16 (the last length again 3 to 6 times),
/// 17 (zero 3 to 10 times) or 18 (zero 11 to 138 times), each with its extra bits.
fn run_lengths(lengths: &[u8]) -> Vec<(u8, u32, u8)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let value = lengths[i];
        let same = lengths[i..].iter().take_while(|&&l| l == value).count();
        if value == 0 && same >= 3 {
            let n = same.min(138);
            runs.push(if n <= 10 { (17, (n - 3) as u32, 3) } else { (18, (n - 11) as u32, 7) });
            i += n;
        } else if value != 0 && i > 0 && lengths[i - 1] == value && same >= 3 {
            let n = same.min(6);
            runs.push((16, (n - 3) as u32, 2));
            i += n;
        } else {
            runs.push((value, 0, 0));
            i += 1;
        }
    }
    runs
}

/// Huffman code lengths for symbols seen `counts` times, none longer than `longest`; 0 for a
/// symbol never seen. Past `longest`, the counts are halved (a seen symbol kept at one) until
/// the code fits: a little longer than the best code, rarely needed.
fn limited_lengths<const N: usize>(counts: &[u64; N], longest: u8) -> [u8; N] {
    let mut counts = *counts;
    loop {
        let lengths = lengths_of(&counts);
        if lengths.iter().all(|&l| l <= longest) {
            return lengths;
        }
        for c in counts.iter_mut().filter(|c| **c > 0) {
            *c = (*c / 2).max(1);
        }
    }
}

/// Huffman code lengths, by joining the two least frequent trees until one is left. A single
/// symbol seen gets a code of one bit, as a decoder needs a whole code.
fn lengths_of<const N: usize>(counts: &[u64; N]) -> [u8; N] {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let mut lengths = [0u8; N];
    // Nodes: the symbols, then the trees joined; each knows its parent.
    let mut parent: Vec<usize> = vec![usize::MAX; N];
    let mut heap: BinaryHeap<Reverse<(u64, usize)>> =
        counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(s, &c)| Reverse((c, s))).collect();
    if heap.len() == 1 {
        if let Some(Reverse((_, s))) = heap.pop() {
            lengths[s] = 1;
        }
        return lengths;
    }
    while heap.len() > 1 {
        let (Some(Reverse((a, x))), Some(Reverse((b, y)))) = (heap.pop(), heap.pop()) else { break };
        let joined = parent.len();
        parent.push(usize::MAX);
        parent[x] = joined;
        parent[y] = joined;
        heap.push(Reverse((a + b, joined)));
    }
    // A node's depth is its parent's and one; parents come after their children.
    let mut depth = vec![0u8; parent.len()];
    for node in (0..parent.len()).rev() {
        if parent[node] != usize::MAX {
            depth[node] = depth[parent[node]].saturating_add(1);
        }
    }
    for (s, length) in lengths.iter_mut().enumerate() {
        if counts[s] > 0 {
            *length = depth[s];
        }
    }
    lengths
}

/// The canonical code of each symbol from the code lengths (RFC 1951, 3.2.2), its bits in the
/// order they are written (the code's first bit lowest), with its length.
fn canonical<const N: usize>(lengths: &[u8; N]) -> [(u32, u32); N] {
    let mut per_length = [0u32; 16];
    for &l in lengths {
        per_length[usize::from(l)] += 1;
    }
    per_length[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0;
    for bits in 1..16 {
        code = (code + per_length[bits - 1]) << 1;
        next[bits] = code;
    }
    let mut codes = [(0, 0); N];
    for (symbol, &l) in lengths.iter().enumerate() {
        if l > 0 {
            let len = u32::from(l);
            codes[symbol] = (next[usize::from(l)].reverse_bits() >> (32 - len), len);
            next[usize::from(l)] += 1;
        }
    }
    codes
}

/// Bits written from each byte's lowest, as deflate reads them.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    acc: u64,
    len: u32,
}

impl Bits<'_> {
    /// At most 32 bits at a time.
    #[inline(always)]
    fn put(&mut self, bits: u32, len: u32) {
        self.acc |= u64::from(bits) << self.len;
        self.len += len;
        if self.len >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.len -= 32;
        }
    }

    /// The bits left, padded to a whole byte.
    fn flush(&mut self) {
        while self.len > 0 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.len = self.len.saturating_sub(8);
        }
        self.acc = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lengths_fit_the_limit_and_make_a_whole_code() {
        // Counts that grow like Fibonacci's numbers make the longest codes of all.
        let mut counts = [0u64; SYMBOLS];
        let (mut a, mut b) = (1u64, 1u64);
        for c in counts.iter_mut().take(40) {
            *c = a;
            (a, b) = (b, a + b);
        }
        let unlimited = lengths_of(&counts);
        assert!(unlimited.iter().any(|&l| l > LONGEST), "the case tests the limit");
        let lengths = limited_lengths(&counts, LONGEST);
        assert!(lengths.iter().all(|&l| l <= LONGEST));
        // Kraft: a whole code, neither a code left over nor one too many.
        let kraft: f64 = lengths.iter().filter(|&&l| l > 0).map(|&l| 0.5f64.powi(i32::from(l))).sum();
        assert!((kraft - 1.0).abs() < 1e-12, "{kraft}");
        assert!(lengths[..40].iter().all(|&l| l > 0) && lengths[40..].iter().all(|&l| l == 0));
    }

    #[test]
    fn one_symbol_seen_has_a_code_of_one_bit() {
        let mut counts = [0u64; 19];
        counts[8] = 12;
        assert_eq!(limited_lengths(&counts, LONGEST_LENGTH_CODE)[8], 1);
    }

    #[test]
    fn runs_of_code_lengths_are_written_as_deflate_counts_them() {
        let lengths = [0, 0, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 3];
        let runs = run_lengths(&lengths);
        let expanded: Vec<u8> = runs
            .iter()
            .scan(0u8, |last, &(symbol, extra, _)| {
                let (value, n) = match symbol {
                    16 => (*last, extra as usize + 3),
                    17 => (0, extra as usize + 3),
                    18 => (0, extra as usize + 11),
                    v => (v, 1),
                };
                *last = value;
                Some(vec![value; n])
            })
            .flatten()
            .collect();
        assert_eq!(expanded, lengths);
        assert_eq!(runs.iter().filter(|r| r.0 == 16).count(), 2, "{runs:?}");
    }
}
