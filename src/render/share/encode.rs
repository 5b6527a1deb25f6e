//! A share picture's RGB pixels as a PNG. A picture of flat colours and anti-aliased text
//! mostly has at most 256 colours: then it is written with a palette, one byte a pixel rather
//! than three, exactly the same pixels, in a third of the data to filter and compress. A
//! picture with more colours is written as RGB.

/// Colours in order of first appearance (row by row) and each pixel's index into them, or
/// `None` when there are more than 256. `indices` is reused from picture to picture.
pub(super) fn palette(rgb: &[u8], width: usize, indices: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut table = Table::new();
    indices.clear();
    indices.resize(rgb.len() / 3, 0);
    let rows = rgb.len() / 3 / width.max(1);
    scan(rgb, width, (0..rows, 0..width), indices, &mut table)?;
    Some(table.colours)
}

/// Each pixel's index in a rectangle of `rgb` (`width` pixels a row), its rows and columns
/// clipped to the picture, into `table`, which gains the colours it did not have; `None` past
/// 256 colours. The indices of the pixels above it must already be right: a row like the one
/// above it copies them.
pub(super) fn scan(
    rgb: &[u8],
    width: usize,
    (rows, cols): (std::ops::Range<usize>, std::ops::Range<usize>),
    indices: &mut [u8],
    table: &mut Table,
) -> Option<()> {
    let width = width.max(1);
    let end = rows.end.min(rgb.len() / 3 / width);
    let (x0, x1) = (cols.start.min(width), cols.end.min(width));
    for y in rows.start..end {
        let at = y * width + x0;
        let len = x1 - x0;
        let row = &rgb[at * 3..(at + len) * 3];
        // A row like the one above it (most rows: margins, bands, between lines of text) has
        // its indices too.
        if y > 0 && rgb[(at - width) * 3..(at - width + len) * 3] == *row {
            indices.copy_within(at - width..at - width + len, at);
            continue;
        }
        let indices = &mut indices[at..at + len];
        for (px16, index16) in row.chunks_exact(RUN).zip(indices.chunks_exact_mut(RUN / 3)) {
            // Sixteen pixels of the last colour at once, then four: most of a row is flat.
            if same(px16, &table.run) {
                index16.fill(table.last_index);
                continue;
            }
            for (px4, index4) in px16.chunks_exact(12).zip(index16.chunks_exact_mut(4)) {
                if same(px4, &table.run[..12]) {
                    index4.fill(table.last_index);
                    continue;
                }
                for (px, index) in px4.chunks_exact(3).zip(index4.iter_mut()) {
                    *index = table.lookup(px)?;
                }
                table.remember(&px4[9..], index4[3]);
            }
        }
        let done = row.len() / RUN * (RUN / 3);
        for (px, index) in row[done * 3..].chunks_exact(3).zip(indices[done..].iter_mut()) {
            *index = table.lookup(px)?;
            table.remember(px, *index);
        }
    }
    Some(())
}

/// Whether `a` and `b` (of one length, a multiple of 4) are the same bytes, compared eight at
/// a time in registers rather than by a call to `memcmp`.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8]| u64::from_ne_bytes(s.try_into().unwrap_or([0; 8]));
    let half = |s: &[u8]| u32::from_ne_bytes(s.try_into().unwrap_or([0; 4]));
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (a8.remainder(), b8.remainder());
    let words = a8.zip(b8).fold(0, |d, (x, y)| d | (word(x) ^ word(y)));
    let rest = ra.chunks_exact(4).zip(rb.chunks_exact(4)).fold(0, |d, (x, y)| d | (half(x) ^ half(y)));
    words == 0 && rest == 0 && a.len() == b.len()
}

const SLOTS: usize = 1024;

/// Where a colour's key is first looked for: the top ten bits of a multiplicative hash.
#[inline(always)]
fn slot(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 22) as usize % SLOTS
}
/// Sixteen pixels' bytes: what the scan compares at once.
const RUN: usize = 48;

/// Colours seen so far, by open addressing: each key a colour with bit 24 set, or 0 when empty.
#[derive(Clone)]
pub(super) struct Table {
    keys: [u32; SLOTS],
    values: [u8; SLOTS],
    colours: Vec<u8>,
    /// The last colour looked up, as a key, its index, and sixteen pixels of it.
    last: u32,
    last_index: u8,
    run: [u8; RUN],
}

impl Table {
    pub(super) fn new() -> Self {
        Table {
            keys: [0; SLOTS],
            values: [0; SLOTS],
            colours: Vec::with_capacity(256 * 3),
            last: 0,
            last_index: 0,
            run: [0; RUN],
        }
    }

    /// The colours, red, green, blue, in the order of their indices.
    pub(super) fn colours(&self) -> &[u8] {
        &self.colours
    }
    /// The colour of index `i`; black for an index not given yet, which no pixel has.
    #[inline(always)]
    pub(super) fn colour(&self, i: u8) -> [u8; 3] {
        let at = usize::from(i) * 3;
        match self.colours.get(at..at + 3) {
            Some(c) => [c[0], c[1], c[2]],
            None => [0; 3],
        }
    }

    /// The index of a pixel's colour. Within a row's text the colour changes from pixel to
    /// pixel, so this goes straight to the table, whose slot holds it but for a collision.
    #[inline(always)]
    pub(super) fn lookup(&mut self, px: &[u8]) -> Option<u8> {
        self.lookup_rgb([px[0], px[1], px[2]])
    }

    #[inline(always)]
    pub(super) fn lookup_rgb(&mut self, [r, g, b]: [u8; 3]) -> Option<u8> {
        let key = u32::from_le_bytes([r, g, b, 1]);
        let slot = slot(key);
        if self.keys[slot] == key { Some(self.values[slot]) } else { self.index(key, &[r, g, b]) }
    }

    /// `px`, of index `i`, as the colour that flat runs are compared with.
    #[inline(always)]
    fn remember(&mut self, px: &[u8], i: u8) {
        let key = u32::from_le_bytes([px[0], px[1], px[2], 1]);
        if key != self.last {
            self.last = key;
            self.last_index = i;
            for p in self.run.chunks_exact_mut(3) {
                p.copy_from_slice(&px[..3]);
            }
        }
    }

    /// The index of colour `px` (as `key`), given the next one when new; `None` past 256.
    fn index(&mut self, key: u32, px: &[u8]) -> Option<u8> {
        let mut slot = slot(key);
        loop {
            if self.keys[slot] == key {
                return Some(self.values[slot]);
            }
            if self.keys[slot] == 0 {
                let n = self.colours.len() / 3;
                if n == 256 {
                    return None;
                }
                self.keys[slot] = key;
                self.values[slot] = n as u8;
                self.colours.extend_from_slice(&px[..3]);
                return Some(n as u8);
            }
            slot = (slot + 1) % SLOTS;
        }
    }
}

/// How a picture is written: with a palette when it can be, its rows' filter, its deflate.
#[derive(Clone, Copy, Debug)]
pub(super) struct Settings {
    pub palette: bool,
    pub filter: png::Filter,
    pub deflate: png::DeflateCompression,
}

/// How the pictures are written, measured on 200 of the default site's pictures (see
/// `encoding_settings_measured` in the tests; times include finding the palette, about 0.3 ms):
/// RGB, Sub, fdeflate 0.55 ms and 133 KB a picture; palette, Up, fdeflate 0.62 ms and 46 KB;
/// palette unfiltered with fdeflate 390 KB (fdeflate only shortens runs of zeros, which
/// filtering makes); Paeth or adaptive filters 37–38 KB for 0.1 ms more; zlib levels 1, 3, 6
/// unfiltered 39, 29, 27 KB for 0.77, 1.2, 2.0 ms. A picture of at most 256 colours is written
/// with a palette by [`super::deflate`]: Up's runs of zeros, without looking at the rows that
/// repeat the one above, and codes made for its own bytes: as fast as fdeflate and 15% smaller
/// (0.28 ms and 32.9 KB against 0.29 ms and 38.5 KB; the last two lines the test prints).
/// Pictures of more than 256 colours (a few, with a trend's anti-aliased lines) are RGB with
/// Sub: a third of the time of trying every filter per row.
const RGB: Settings =
    Settings { palette: false, filter: png::Filter::Sub, deflate: png::DeflateCompression::FdeflateUltraFast };

/// The PNG of `width` × `height` RGB pixels, written into `out` (cleared first): with a
/// palette when there are at most 256 colours, as [`indexed_png`] writes one, else as RGB.
pub(super) fn png(rgb: &[u8], dims: (u32, u32), indices: &mut Vec<u8>, out: &mut Vec<u8>) {
    match palette(rgb, dims.0 as usize, indices) {
        Some(colours) => indexed_png(indices, &colours, dims, out),
        None => png_with(RGB, rgb, dims, indices, out),
    }
}

/// The PNG of pixels already indexed into `colours` (at most 256 of them), its rows written
/// by [`super::deflate`].
pub(super) fn indexed_png(indices: &[u8], colours: &[u8], (width, height): (u32, u32), out: &mut Vec<u8>) {
    thread_local! {
        static ZLIB: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    ZLIB.with_borrow_mut(|zlib| {
        zlib.clear();
        super::deflate::zlib_rows(indices, width as usize, zlib);
        indexed_png_of(zlib, colours, (width, height), out);
    })
}

/// The PNG of a palette picture whose rows, each behind its filter byte, `zlib` holds.
pub(super) fn indexed_png_of(zlib: &[u8], colours: &[u8], (width, height): (u32, u32), out: &mut Vec<u8>) {
    out.clear();
    let mut enc = png::Encoder::new(&mut *out, width, height);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_color(png::ColorType::Indexed);
    enc.set_palette(colours);
    // Writing into memory cannot fail; the end chunk is written as the writer is dropped.
    if let Ok(mut w) = enc.write_header() {
        let _ = w.write_chunk(png::chunk::IDAT, zlib);
    }
}

/// The PNG of RGB pixels written through the `png` crate with `s` (with a palette, fdeflate's):
/// what the measurements compare.
pub(super) fn png_with(s: Settings, rgb: &[u8], (width, height): (u32, u32), indices: &mut Vec<u8>, out: &mut Vec<u8>) {
    out.clear();
    let mut enc = png::Encoder::new(&mut *out, width, height);
    enc.set_depth(png::BitDepth::Eight);
    let colours = if s.palette { palette(rgb, width as usize, indices) } else { None };
    let data: &[u8] = match colours {
        Some(colours) => {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(colours);
            enc.set_filter(s.filter);
            enc.set_deflate_compression(s.deflate);
            indices
        }
        None => {
            enc.set_color(png::ColorType::Rgb);
            enc.set_filter(if s.palette { RGB.filter } else { s.filter });
            enc.set_deflate_compression(if s.palette { RGB.deflate } else { s.deflate });
            rgb
        }
    };
    // Writing into memory cannot fail but for a wrong buffer size, which is a bug.
    if let Ok(mut w) = enc.write_header() {
        let _ = w.write_image_data(data);
    }
}
