//! Text of the share pictures, drawn straight into their RGB buffer from glyph coverage masks
//! that are rasterised once per (face, size, glyph) and kept for every later picture: drawing
//! through plotters rasterised every glyph outline again on every call and blended pixel by
//! pixel through the backend, half of a picture's time.
//!
//! The layout is plotters' own, so pictures keep their look: advances and kerning as ab_glyph
//! gives them, the baseline half a size below the given top, pixels blended as plotters'
//! bitmap backend blends them. Two things differ on purpose: each glyph is placed by its own
//! left bearing (plotters dropped it, which spaced letters unevenly, "Nghị qu yết", and would
//! put a combining mark beside its letter rather than over it), and coverage comes in 16 steps
//! (see [`STEP`]). Glyph origins are rounded to whole pixels, so one mask serves every position.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use ab_glyph::{Font, GlyphId, ScaleFont, point};

use crate::render::font::face;
use unicode_normalization::UnicodeNormalization;

/// One glyph's coverage, placed relative to its origin on the baseline: each pixel's blending
/// weight out of 256, as plotters' bitmap backend weighs it (see [`weight`]).
#[derive(Debug, PartialEq)]
pub(super) struct Mask {
    left: i32,
    top: i32,
    width: usize,
    weights: Box<[u16]>,
}

type Key = (bool, u32, u16);

/// Every mask rasterised so far. Its contents depend only on their keys, so which thread
/// rasterised a glyph first changes nothing in any picture.
static MASKS: RwLock<BTreeMap<Key, Arc<Mask>>> = RwLock::new(BTreeMap::new());

fn mask(bold: bool, size: f32, id: GlyphId) -> Arc<Mask> {
    let key = (bold, size.to_bits(), id.0);
    if let Some(m) = MASKS.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return m.clone();
    }
    let m = Arc::new(rasterise(bold, size, id));
    MASKS.write().unwrap_or_else(|e| e.into_inner()).entry(key).or_insert(m).clone()
}

/// A coverage as plotters blends it: a colour of alpha `c`, opaque from 255/256 up, else
/// weighed `floor(c × 256)` out of 256; then rounded to a multiple of [`STEP`].
fn weight(c: f32) -> u16 {
    let a = c as f64;
    let w = if a >= 1.0 - 1.0 / 256.0 {
        256
    } else if a <= 0.0 {
        0
    } else {
        (a * 256.0).floor() as u16
    };
    ((w + STEP / 2) / STEP * STEP).min(256)
}

/// Edges are anti-aliased in 16 steps rather than 256: at these sizes (28 px and up) a reader
/// sees no difference, and a picture then mostly has at most 256 colours, so it is written
/// with a palette (see `encode`): a third of the data to compress, files a third the size.
pub(super) const STEP: u16 = 16;

fn rasterise(bold: bool, size: f32, id: GlyphId) -> Mask {
    let font = face(bold);
    let Some(outline) = font.outline_glyph(id.with_scale_and_position(size, point(0.0, 0.0))) else {
        // A space, or a glyph without an outline: nothing to draw.
        return Mask { left: 0, top: 0, width: 0, weights: Box::new([]) };
    };
    let bounds = outline.px_bounds();
    let (width, height) = (bounds.width() as usize, bounds.height() as usize);
    let mut weights = vec![0u16; width * height];
    outline.draw(|x, y, c| {
        if let Some(w) = weights.get_mut(y as usize * width + x as usize) {
            *w = weight(c);
        }
    });
    Mask { left: bounds.min.x as i32, top: bounds.min.y as i32, width, weights: weights.into_boxed_slice() }
}

/// The text as drawn: NFC, so a letter and its diacritics are one precomposed glyph.
fn nfc(text: &str) -> Cow<'_, str> {
    if unicode_normalization::is_nfc(text) { Cow::Borrowed(text) } else { Cow::Owned(text.nfc().collect()) }
}

/// Each glyph of `text` with its pen position: advances and kerning as the font gives them.
fn layout(text: &str, size: f32, bold: bool, mut each: impl FnMut(f32, GlyphId)) -> f32 {
    let font = face(bold).as_scaled(size);
    let mut pen = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in nfc(text).chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        each(pen, id);
        pen += font.h_advance(id);
        prev = Some(id);
    }
    pen
}

/// How far `text` advances the pen, in whole pixels: what [`draw`] takes of the width.
pub(super) fn width(text: &str, size: f64, bold: bool) -> i32 {
    layout(text, size as f32, bold, |_, _| {}) as i32
}

/// The weight `a` out of 256 of `new` over `prev`, as plotters' bitmap backend blends.
fn blend(prev: u8, new: u8, a: u16) -> u8 {
    let a = u32::from(a);
    if new > prev {
        prev + ((u32::from(new - prev) * a) >> 8) as u8
    } else {
        prev - ((u32::from(prev - new) * a) >> 8) as u8
    }
}

/// Draws `text` into `buf` (`w` × `h` RGB pixels) with its top-left at `(x, y)` as plotters
/// places text anchored top-left: the baseline half a size below `y`. Returns the rectangle
/// (rows, columns) that holds every glyph drawn, clipped to the picture.
pub(super) fn draw(
    buf: &mut [u8],
    (w, h): (u32, u32),
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    rgb: (u8, u8, u8),
) -> Option<super::Rect> {
    let colour = [rgb.0, rgb.1, rgb.2];
    cover((w, h), text, (x, y), size, bold, |first, weights| {
        let line = &mut buf[first * 3..(first + weights.len()) * 3];
        for (px, &a) in line.chunks_exact_mut(3).zip(weights) {
            if a > 0 {
                let new = blend_rgb([px[0], px[1], px[2]], colour, a);
                px.copy_from_slice(&new);
            }
        }
    })
}

/// `new` over `prev` with weight `a` out of 256, channel by channel, as plotters blends.
pub(super) fn blend_rgb(prev: [u8; 3], new: [u8; 3], a: u16) -> [u8; 3] {
    [blend(prev[0], new[0], a), blend(prev[1], new[1], a), blend(prev[2], new[2], a)]
}

/// Each row of each glyph of `text` laid out as [`draw`] draws it in a `w` × `h` picture,
/// clipped to it: the number of its first pixel (row by row) and its pixels' weights out of
/// 256, each a multiple of [`STEP`]. Returns the rectangle that holds every glyph.
pub(super) fn cover(
    (w, h): (u32, u32),
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    bold: bool,
    mut row: impl FnMut(usize, &[u16]),
) -> Option<super::Rect> {
    let size = size as f32;
    let (w, h) = (w as i32, h as i32);
    let mut inked: Option<super::Rect> = None;
    layout(text, size, bold, |pen, id| {
        let m = mask(bold, size, id);
        if m.width == 0 {
            return;
        }
        let left = x + pen.round() as i32 + m.left;
        let top = y + (size / 2.0 + m.top as f32) as i32;
        // The columns of the glyph inside the picture: the rest is clipped.
        let (x0, x1) = (left.max(0), (left + m.width as i32).min(w));
        if x0 >= x1 {
            return;
        }
        let cols = (x0 - left) as usize..(x1 - left) as usize;
        let rows = m.weights.len() / m.width;
        let (y0, y1) = (top.clamp(0, h), (top + rows as i32).clamp(0, h));
        if y0 < y1 {
            let (y0, y1, x0, x1) = (y0 as usize, y1 as usize, x0 as usize, x1 as usize);
            inked = Some(match inked.take() {
                None => (y0..y1, x0..x1),
                Some((r, c)) => (r.start.min(y0)..r.end.max(y1), c.start.min(x0)..c.end.max(x1)),
            });
        }
        for (n, weights) in m.weights.chunks_exact(m.width).enumerate() {
            let py = top + n as i32;
            if (0..h).contains(&py) {
                row((py * w + x0) as usize, &weights[cols.clone()]);
            }
        }
    });
    inked
}

/// The leftmost and one past the rightmost column that text drawn at `x = 0` inks, if any.
#[cfg(test)]
pub(super) fn ink(text: &str, size: f64, bold: bool) -> Option<(i32, i32)> {
    let size = size as f32;
    let mut span: Option<(i32, i32)> = None;
    layout(text, size, bold, |pen, id| {
        let m = mask(bold, size, id);
        let left = pen.round() as i32 + m.left;
        for row in m.weights.chunks_exact(m.width.max(1)) {
            for (col, &a) in row.iter().enumerate() {
                if a > 0 {
                    let px = left + col as i32;
                    span = Some(span.map_or((px, px + 1), |(a, b)| (a.min(px), b.max(px + 1))));
                }
            }
        }
    });
    span
}

#[cfg(test)]
pub(super) fn cached_mask(bold: bool, size: f32, c: char) -> Arc<Mask> {
    mask(bold, size, face(bold).glyph_id(c))
}

#[cfg(test)]
pub(super) fn fresh_mask(bold: bool, size: f32, c: char) -> Mask {
    rasterise(bold, size, face(bold).glyph_id(c))
}

/// Where a lone glyph's ink starts right of its origin: plotters drew it that much further left.
#[cfg(test)]
pub(super) fn left_bearing(bold: bool, size: f32, c: char) -> i32 {
    mask(bold, size, face(bold).glyph_id(c)).left
}

/// How far short of its advance a lone glyph's ink ends, in whole pixels.
#[cfg(test)]
pub(super) fn right_bearing(bold: bool, size: f32, c: char) -> f32 {
    let id = face(bold).glyph_id(c);
    let m = mask(bold, size, id);
    face(bold).as_scaled(size).h_advance(id) - (m.left + m.width as i32) as f32
}
