//! The canvas a share picture is drawn on: its RGB pixels, and while it has at most 256
//! colours each pixel's index into them, kept as shapes and text are drawn.

use std::ops::Range;

use plotters::style::RGBColor;

use super::shapes::Pen;
use super::{HEIGHT, WIDTH, encode, text};

/// A picture's RGB pixels being drawn on: shapes (see [`Pen`]), text from cached glyphs.
/// While the picture has at most 256 colours, each pixel's index into `table`'s colours is
/// kept as it is drawn, so that it can be written with a palette without looking at every
/// pixel again (finding the palette afterwards was a third of a picture's time).
pub(super) struct Canvas<'b> {
    pub buf: &'b mut [u8],
    pub indices: &'b mut [u8],
    /// `None`: past 256 colours, or not kept (then the encoder finds the palette, if any).
    pub table: &'b mut Option<encode::Table>,
    /// Every rectangle drawn on, as rows and columns: what the next picture puts back.
    pub drawn: &'b mut Vec<Rect>,
}

/// Rows and columns of pixels.
pub(super) type Rect = (Range<usize>, Range<usize>);

impl Canvas<'_> {
    /// Shapes drawn by `paint`, each clipped to the rectangle of `rows` and `cols` widened by
    /// a few pixels (a stroke is centred on its shape's edge).
    pub(super) fn shapes(&mut self, (rows, cols): (Range<i32>, Range<i32>), paint: impl FnOnce(&mut Pen)) {
        let wider =
            |r: Range<i32>, end: u32| (r.start - 4).max(0) as usize..((r.end + 4).max(0) as usize).min(end as usize);
        paint(&mut Pen::within(self, (wider(rows, HEIGHT), wider(cols, WIDTH))));
    }

    /// `s` with its top-left at `(x, y)`, as plotters anchors text top-left.
    pub(super) fn text(&mut self, s: &str, (x, y): (i32, i32), size: f64, bold: bool, color: &RGBColor) {
        let colour = [color.0, color.1, color.2];
        let Canvas { buf, indices, table, drawn } = self;
        let inked = match table.as_mut() {
            // While the picture has a palette, a pixel's colour is its index's: what the text
            // makes of it at each weight is blended and looked up once for each index under it,
            // not for every pixel (that was a third of a picture's text).
            Some(t) => {
                const WEIGHTS: usize = 256 / text::STEP as usize + 1;
                // Each index and weight's new index, plus one; 0 while not yet made.
                let mut made = [0u16; 256 * WEIGHTS];
                let mut full = false;
                let inked = text::cover((WIDTH, HEIGHT), s, (x, y), size, bold, |first, weights| {
                    let end = first + weights.len();
                    let (Some(under), Some(rgb)) = (indices.get_mut(first..end), buf.get_mut(first * 3..end * 3))
                    else {
                        return;
                    };
                    for ((index, px), &a) in under.iter_mut().zip(rgb.chunks_exact_mut(3)).zip(weights) {
                        if a == 0 {
                            continue;
                        }
                        let slot = usize::from(*index) * WEIGHTS + usize::from(a / text::STEP);
                        let new = match made[slot] {
                            _ if full => None,
                            0 => t.lookup_rgb(text::blend_rgb(t.colour(*index), colour, a)),
                            n => Some((n - 1) as u8),
                        };
                        match new {
                            Some(n) => {
                                made[slot] = u16::from(n) + 1;
                                *index = n;
                                px.copy_from_slice(&t.colour(n));
                            }
                            // Past 256 colours: from here on the picture is drawn in RGB alone.
                            None => {
                                full = true;
                                let new = text::blend_rgb([px[0], px[1], px[2]], colour, a);
                                px.copy_from_slice(&new);
                            }
                        }
                    }
                });
                if full {
                    **table = None;
                }
                inked
            }
            None => text::draw(buf, (WIDTH, HEIGHT), s, (x, y), size, bold, (colour[0], colour[1], colour[2])),
        };
        drawn.extend(inked);
    }
}
