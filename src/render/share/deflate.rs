//! A palette picture's rows as a zlib stream, written for what share pictures are: most rows
//! the same as the row above (margins, bands, the space between lines of text) and the rest
//! long runs of one colour broken by anti-aliased text.
//!
//! Each row is filtered by the row above (PNG's "Up"), so what stays the same is zeros, and
//! zeros are written as runs; other bytes as literals. That is what a general fast compressor
//! does too, but it filters, scans and sums every byte of every row: two rows in three of a
//! picture are the same as the row above, and here such a row is one run of zeros, neither
//! filtered, scanned nor summed byte by byte (its checksum follows from its length). The runs
//! and literals are then written in one block with codes made for the picture's own bytes
//! (see [`huffman`]): the small differences between neighbouring shades of anti-aliased text
//! get short codes.

mod huffman;

use huffman::Token;

/// Largest value of the Adler-32 sums.
const MOD: u32 = 65_521;
/// Deflate's longest match.
const MAX_MATCH: usize = 258;
/// Deflate's shortest match.
const MIN_MATCH: usize = 3;
/// PNG's filter type "Sub": each byte less the byte before it, for the first row.
const SUB: u8 = 1;
/// PNG's filter type "Up": each byte less the byte above it.
const UP: u8 = 2;

/// The zlib stream of `indices`, `width` pixels a row, each row filtered by the row above
/// (the first, which has none, by the pixel to the left), appended to `out`.
pub(super) fn zlib_rows(indices: &[u8], width: usize, out: &mut Vec<u8>) {
    let mut tokens = Vec::with_capacity(indices.len() / 8);
    let mut sums = Adler { a: 1, b: 0 };
    let stride = width + 1;
    let mut filtered = vec![0; width];
    let mut previous: Option<&[u8]> = None;
    // No picture is without width; then there is no row to write.
    let rows = if width == 0 { [].chunks_exact(1) } else { indices.chunks_exact(width) };
    for row in rows {
        let filter = if previous.is_some() { UP } else { SUB };
        tokens.push(Token::literal(filter));
        match previous {
            Some(up) if up == row => {
                zeros(&mut tokens, width);
                sums.append(filter, (0, 0), stride);
            }
            _ => {
                match previous {
                    Some(up) => difference(&mut filtered, row, up),
                    None => {
                        filtered[0] = row[0];
                        difference(&mut filtered[1..], &row[1..], &row[..width - 1]);
                    }
                }
                sums.append(filter, sums_from_zero(&filtered), stride);
                runs_and_literals(&mut tokens, &filtered);
            }
        }
        previous = Some(row);
    }
    // Deflate with a 32 KiB window, no dictionary; the header's check makes it divisible by 31.
    out.extend_from_slice(&[0x78, 0x01]);
    huffman::write_block(&tokens, out);
    let Adler { a, b } = sums;
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
}

/// Each byte of `row` less the byte of `base` in its place, into `out` (all of one length).
fn difference(out: &mut [u8], row: &[u8], base: &[u8]) {
    let n = out.len().min(row.len()).min(base.len());
    // Of one length, so the loop has no bounds to check and is done many bytes at a time.
    let (out, row, base) = (&mut out[..n], &row[..n], &base[..n]);
    for ((o, r), b) in out.iter_mut().zip(row).zip(base) {
        *o = r.wrapping_sub(*b);
    }
}

/// A filtered row's bytes: its runs of zeros as runs, thirty-two bytes looked at at once and
/// then eight (most of a row that differs from the one above is still zeros), the bytes between
/// them as literals.
fn runs_and_literals(tokens: &mut Vec<Token>, bytes: &[u8]) {
    let mut run = 0;
    let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        let words = [word(&block[..8]), word(&block[8..16]), word(&block[16..24]), word(&block[24..])];
        if words.iter().fold(0, |all, w| all | w) == 0 {
            run += 32;
            continue;
        }
        for (w, chunk) in words.into_iter().zip(block.chunks_exact(8)) {
            run = eight(tokens, run, w, chunk);
        }
    }
    let rest = blocks.remainder();
    let mut chunks = rest.chunks_exact(8);
    for chunk in &mut chunks {
        run = eight(tokens, run, word(chunk), chunk);
    }
    for &b in chunks.remainder() {
        if b == 0 {
            run += 1;
        } else {
            zeros(tokens, run);
            run = 0;
            tokens.push(Token::literal(b));
        }
    }
    zeros(tokens, run);
}

/// Eight bytes of a filtered row, `w` as a little-endian word, after `run` zeros: the zeros
/// up to its first byte that is not zero are written, and the zeros it ends with returned.
#[inline(always)]
fn eight(tokens: &mut Vec<Token>, run: usize, w: u64, chunk: &[u8]) -> usize {
    if w == 0 {
        return run + 8;
    }
    // The first byte is the lowest: zeros that end the run, and zeros that start the next.
    let (lead, trail) = ((w.trailing_zeros() / 8) as usize, (w.leading_zeros() / 8) as usize);
    zeros(tokens, run + lead);
    tokens.extend(chunk[lead..8 - trail].iter().map(|&b| Token::literal(b)));
    trail
}

/// `n` zeros: one as a literal, the rest copied from the byte before, in matches of at most
/// [`MAX_MATCH`]; a piece too short for a match is written as literals.
fn zeros(tokens: &mut Vec<Token>, n: usize) {
    if n == 0 {
        return;
    }
    tokens.push(Token::literal(0));
    let mut left = n - 1;
    while left >= MIN_MATCH {
        let len = left.min(MAX_MATCH);
        tokens.push(Token::copy_one_back(len));
        left -= len;
    }
    tokens.extend((0..left).map(|_| Token::literal(0)));
}

/// Adler-32's two sums over `bytes`, taken from zero: what they add to the sums of the bytes
/// before them, whatever those were.
fn sums_from_zero(bytes: &[u8]) -> (u32, u32) {
    let mut hash = simd_adler32::Adler32::from_checksum(0);
    hash.write(bytes);
    let both = hash.finish();
    (both & 0xffff, both >> 16)
}

/// Adler-32's sums so far.
struct Adler {
    a: u32,
    b: u32,
}

impl Adler {
    /// The sums after a row of `stride` bytes, its `filter` byte first, whose own sums from
    /// zero, without its filter byte, are `row`. Each byte adds itself to `a`, then `a` as it
    /// is then to `b`: the `a` each starts from is counted once for each of them.
    fn append(&mut self, filter: u8, (ra, rb): (u32, u32), stride: usize) {
        let (n, up, m) = ((stride % MOD as usize) as u64, u64::from(filter), u64::from(MOD));
        let (a, b) = (u64::from(self.a), u64::from(self.b));
        let (ra, rb) = (u64::from(ra), u64::from(rb));
        // The filter byte is counted in `b` once for each byte of the row and itself.
        self.b = ((b + n * a + n * up + rb) % m) as u32;
        self.a = ((a + up + ra) % m) as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels a PNG decoder reads back from the stream, as a palette picture.
    fn decoded(zlib: &[u8], width: usize, height: usize) -> Vec<u8> {
        let mut png = Vec::new();
        let palette: Vec<u8> = (0..=255u8).flat_map(|i| [i, i, i]).collect();
        super::super::encode::indexed_png_of(zlib, &palette, (width as u32, height as u32), &mut png);
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let info = reader.next_frame(&mut pixels).expect("its pixels");
        pixels.truncate(info.buffer_size());
        pixels
    }

    fn round_trip(indices: &[u8], width: usize) -> usize {
        let mut out = Vec::new();
        zlib_rows(indices, width, &mut out);
        assert_eq!(decoded(&out, width, indices.len() / width), indices, "width {width}");
        out.len()
    }

    /// A small generator, so the test needs no crate and draws the same pictures every run.
    fn noise(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn a_decoder_reads_back_every_pixel() {
        let mut seed = 0x9E37_79B9_7F4A_7C15;
        for width in [1, 2, 3, 7, 8, 9, 255, 256, 257, 258, 259, 260, 261, 515, 516, 517, 1200, 32_767, 32_768, 40_000]
        {
            for height in [1, 2, 5] {
                // Flat, same rows, runs broken by noise, and every byte different.
                let flat = vec![7u8; width * height];
                let mut mixed = flat.clone();
                for (i, px) in mixed.iter_mut().enumerate() {
                    let r = noise(&mut seed);
                    if r.is_multiple_of(5) {
                        *px = (r >> 8) as u8;
                    } else if (i / width) % 2 == 1 && r.is_multiple_of(3) {
                        *px = 200;
                    }
                }
                let random: Vec<u8> = (0..width * height).map(|_| noise(&mut seed) as u8).collect();
                round_trip(&flat, width);
                round_trip(&mixed, width);
                round_trip(&random, width);
            }
        }
    }

    #[test]
    fn a_row_like_the_one_above_costs_a_few_bytes() {
        let width = 1200;
        let mut indices = vec![3u8; width * 630];
        for (i, px) in indices[width * 100..width * 101].iter_mut().enumerate() {
            *px = (i % 251) as u8;
        }
        let len = round_trip(&indices, width);
        // 628 rows of a run of zeros; two rows (the one that differs and the one after it) of
        // 1,200 literals at most.
        assert!(len < 628 * 12 + 2 * 1400, "{len} bytes");
    }

    #[test]
    fn the_checksum_is_adler_32_of_the_stream() {
        let width = 300;
        let mut seed = 1;
        let mut indices: Vec<u8> = (0..width * 40).map(|_| (noise(&mut seed) % 4) as u8 * 60).collect();
        indices.copy_within(0..width, width);
        let mut out = Vec::new();
        zlib_rows(&indices, width, &mut out);
        // Each row behind its filter byte, less the pixel before it (the first) or the row above.
        let mut stream = vec![SUB];
        stream.extend(
            indices[..width].iter().zip(std::iter::once(&0).chain(&indices[..width])).map(|(b, a)| b.wrapping_sub(*a)),
        );
        for (row, up) in indices.chunks_exact(width).skip(1).zip(indices.chunks_exact(width)) {
            stream.push(UP);
            stream.extend(row.iter().zip(up).map(|(b, a)| b.wrapping_sub(*a)));
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &stream {
            a = (a + u32::from(byte)) % MOD;
            b = (b + a) % MOD;
        }
        assert_eq!(out[out.len() - 4..], ((b << 16) | a).to_be_bytes());
    }
}
