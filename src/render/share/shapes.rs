//! The shapes of the share pictures (rectangles, lines, dashes, discs, triangles), drawn
//! straight onto the canvas: each shape's pixels row by row, and while the picture keeps its
//! palette, each pixel's index with it. Drawing them with plotters' bitmap backend and then
//! finding the indices of the rectangle drawn on again was a sixth of a picture's time.
//!
//! A pixel is inside a shape when its centre is, counting the shape's left and top edges in
//! and its right and bottom edges out, so that shapes side by side share no pixel: whole
//! coordinates `(x, y)` are the top-left corner of pixel `(x, y)`. No edge is anti-aliased, so a shape adds one
//! colour to the picture (a blended one, one for each colour under it).

use std::ops::Range;

use plotters::style::RGBColor;

use super::canvas::{Canvas, Rect};

/// A canvas being drawn on within a rectangle, which every shape is clipped to.
pub(super) struct Pen<'c, 'b> {
    canvas: &'c mut Canvas<'b>,
    rows: Range<usize>,
    cols: Range<usize>,
}

/// How a shape colours a pixel: over it, or blended with what is there.
#[derive(Clone, Copy)]
enum Ink {
    Solid([u8; 3]),
    /// The colour, weighing `a` out of 256 (as the text blends).
    Blend([u8; 3], u16),
}

impl<'c, 'b> Pen<'c, 'b> {
    /// A pen for `canvas` that draws only within `clip` (then recorded as drawn on).
    pub(super) fn within(canvas: &'c mut Canvas<'b>, clip: Rect) -> Self {
        canvas.drawn.push(clip.clone());
        let (rows, cols) = clip;
        Pen { canvas, rows, cols }
    }

    /// The pixels of `rows` × `cols` (whole pixels, ends excluded) in `colour`.
    pub(super) fn fill(&mut self, rows: Range<i32>, cols: Range<i32>, colour: RGBColor) {
        let ink = Ink::Solid(rgb(colour));
        let (x0, x1) = (cols.start, cols.end);
        self.spans(rows.map(|y| (y, x0, x1)), ink);
    }

    /// [`Pen::fill`] with `colour` weighing `alpha` (0 to 1) over what is there.
    pub(super) fn blend(&mut self, rows: Range<i32>, cols: Range<i32>, colour: RGBColor, alpha: f64) {
        let ink = Ink::Blend(rgb(colour), (alpha.clamp(0.0, 1.0) * 256.0) as u16);
        let (x0, x1) = (cols.start, cols.end);
        self.spans(rows.map(|y| (y, x0, x1)), ink);
    }

    /// A rectangle's outline `width` pixels wide, centred on the edges of the pixels
    /// `rows` × `cols`.
    pub(super) fn outline(&mut self, rows: Range<i32>, cols: Range<i32>, width: i32, colour: RGBColor) {
        let (lo, hi) = (width / 2, width - width / 2);
        let (top, bottom, left, right) = (rows.start, rows.end - 1, cols.start, cols.end - 1);
        let (outer_cols, outer_rows) = (left - lo..right + hi, top - lo..bottom + hi);
        self.fill(top - lo..top + hi, outer_cols.clone(), colour);
        self.fill(bottom - lo..bottom + hi, outer_cols, colour);
        self.fill(outer_rows.clone(), left - lo..left + hi, colour);
        self.fill(outer_rows, right - lo..right + hi, colour);
    }

    /// A straight line from `a` to `b`, `width` pixels wide, its ends cut square.
    pub(super) fn line(&mut self, a: (f64, f64), b: (f64, f64), width: f64, colour: RGBColor) {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        if length.is_nan() || length <= 0.0 {
            return;
        }
        let (nx, ny) = (-dy / length * width / 2.0, dx / length * width / 2.0);
        let corners = [(a.0 + nx, a.1 + ny), (b.0 + nx, b.1 + ny), (b.0 - nx, b.1 - ny), (a.0 - nx, a.1 - ny)];
        self.polygon(&corners, colour);
    }

    /// A dashed line from `a` to `b`: dashes `dash` pixels long, `gap` pixels apart. Only the
    /// dashes near the pen's rectangle are drawn, however long the line.
    pub(super) fn dashed(
        &mut self,
        a: (f64, f64),
        b: (f64, f64),
        (dash, gap): (f64, f64),
        width: f64,
        colour: RGBColor,
    ) {
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        let period = dash + gap;
        if !length.is_finite() || length <= 0.0 || dash.is_nan() || dash <= 0.0 || !period.is_finite() {
            return;
        }
        let at = |d: f64| (a.0 + (b.0 - a.0) * d / length, a.1 + (b.1 - a.1) * d / length);
        // Where the line is within the rectangle (widened by the stroke), as lengths along it.
        let reach = width.abs() + 1.0;
        let (mut from, mut to) = (0.0, length);
        for (p, q, lo, hi) in [(a.0, b.0, self.cols.start, self.cols.end), (a.1, b.1, self.rows.start, self.rows.end)] {
            let (lo, hi) = (lo as f64 - reach, hi as f64 + reach);
            let step = (q - p) / length;
            if step == 0.0 {
                if p < lo || p > hi {
                    return;
                }
                continue;
            }
            let (t0, t1) = ((lo - p) / step, (hi - p) / step);
            from = f64::max(from, t0.min(t1));
            to = f64::min(to, t0.max(t1));
        }
        let mut start = (from / period).floor().max(0.0) * period;
        while start < to {
            self.line(at(start), at((start + dash).min(length)), width, colour);
            start += period;
        }
    }

    /// A disc of radius `r` around `c`.
    pub(super) fn disc(&mut self, c: (f64, f64), r: f64, colour: RGBColor) {
        let rows = self.clipped(first_inside(c.1 - r), first_inside(c.1 + r));
        let spans = rows.filter_map(|y| {
            let dy = f64::from(y) + 0.5 - c.1;
            let half = (r * r - dy * dy).sqrt();
            (half >= 0.0).then(|| (y, first_inside(c.0 - half), first_inside(c.0 + half)))
        });
        self.spans(spans, Ink::Solid(rgb(colour)));
    }

    /// A triangle pointing up, its corners `r` from `c`.
    pub(super) fn triangle(&mut self, c: (f64, f64), r: f64, colour: RGBColor) {
        let corner = |degrees: f64| {
            let (sin, cos) = degrees.to_radians().sin_cos();
            (c.0 + r * cos, c.1 + r * sin)
        };
        self.polygon(&[corner(-90.0), corner(30.0), corner(150.0)], colour);
    }

    /// A convex polygon through `corners`, in either order.
    fn polygon(&mut self, corners: &[(f64, f64)], colour: RGBColor) {
        let (top, bottom) =
            corners.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(t, b), p| (t.min(p.1), b.max(p.1)));
        if !(top.is_finite() && bottom.is_finite()) {
            return;
        }
        let rows = self.clipped(first_inside(top), first_inside(bottom));
        let spans = rows.filter_map(|y| {
            let centre = f64::from(y) + 0.5;
            // Where each edge crosses the row of pixel centres; a convex shape spans the
            // columns between the first and the last crossing.
            let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
            for (i, p) in corners.iter().enumerate() {
                let q = corners[(i + 1) % corners.len()];
                let (y0, y1) = (p.1.min(q.1), p.1.max(q.1));
                if centre < y0 || centre > y1 {
                    continue;
                }
                let x = if q.1 == p.1 { p.0.min(q.0) } else { p.0 + (q.0 - p.0) * (centre - p.1) / (q.1 - p.1) };
                let far = if q.1 == p.1 { p.0.max(q.0) } else { x };
                lo = lo.min(x);
                hi = hi.max(far);
            }
            (lo <= hi).then(|| (y, first_inside(lo), first_inside(hi)))
        });
        self.spans(spans, Ink::Solid(rgb(colour)));
    }

    /// The rows `start..end` that the pen draws on.
    fn clipped(&self, start: i32, end: i32) -> Range<i32> {
        let clip = |v: usize| i32::try_from(v).unwrap_or(i32::MAX);
        start.max(clip(self.rows.start))..end.min(clip(self.rows.end))
    }

    /// Each row's columns `x0..x1` inked, clipped to the pen's rectangle.
    fn spans(&mut self, spans: impl Iterator<Item = (i32, i32, i32)>, ink: Ink) {
        let width = super::WIDTH as usize;
        let Canvas { buf, indices, table, .. } = &mut *self.canvas;
        // Each index's blend, plus one; 0 while not yet made (see `Canvas::text`).
        let mut blended = [0u16; 256];
        let mut solid = None;
        for (y, x0, x1) in spans {
            let clip = |v: i32| (v.max(0) as usize).clamp(self.cols.start, self.cols.end);
            let (Ok(y), x0, x1) = (usize::try_from(y), clip(x0), clip(x1)) else { continue };
            if !self.rows.contains(&y) || x0 >= x1 {
                continue;
            }
            let (first, end) = (y * width + x0, y * width + x1);
            let (Some(under), Some(rgb)) = (indices.get_mut(first..end), buf.get_mut(first * 3..end * 3)) else {
                // A canvas without indices (a frame being drawn): its colours alone.
                if let Some(rgb) = buf.get_mut(first * 3..end * 3) {
                    paint_rgb(rgb, ink);
                }
                continue;
            };
            let Some(t) = table.as_mut() else {
                paint_rgb(rgb, ink);
                continue;
            };
            match ink {
                Ink::Solid(colour) => {
                    let index = *solid.get_or_insert_with(|| t.lookup_rgb(colour));
                    match index {
                        Some(i) => {
                            under.fill(i);
                            paint_rgb(rgb, ink);
                        }
                        // Past 256 colours: from here on the picture is drawn in RGB alone.
                        None => {
                            **table = None;
                            paint_rgb(rgb, ink);
                        }
                    }
                }
                Ink::Blend(colour, a) => {
                    let mut full = false;
                    for (index, px) in under.iter_mut().zip(rgb.chunks_exact_mut(3)) {
                        let new = match blended[usize::from(*index)] {
                            _ if full => None,
                            0 => t.lookup_rgb(super::text::blend_rgb(t.colour(*index), colour, a)),
                            n => Some((n - 1) as u8),
                        };
                        match new {
                            Some(n) => {
                                blended[usize::from(*index)] = u16::from(n) + 1;
                                *index = n;
                                px.copy_from_slice(&t.colour(n));
                            }
                            None => {
                                full = true;
                                let new = super::text::blend_rgb([px[0], px[1], px[2]], colour, a);
                                px.copy_from_slice(&new);
                            }
                        }
                    }
                    if full {
                        **table = None;
                    }
                }
            }
        }
    }
}

/// The first whole pixel whose centre is at or past `x` (a saturated number far off).
fn first_inside(x: f64) -> i32 {
    (x - 0.5).ceil() as i32
}

fn rgb(c: RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

/// `ink` over RGB pixels.
fn paint_rgb(rgb: &mut [u8], ink: Ink) {
    for px in rgb.chunks_exact_mut(3) {
        let new = match ink {
            Ink::Solid(colour) => colour,
            Ink::Blend(colour, a) => super::text::blend_rgb([px[0], px[1], px[2]], colour, a),
        };
        px.copy_from_slice(&new);
    }
}

#[cfg(test)]
mod tests {
    use super::super::encode::Table;
    use super::*;

    const W: usize = super::super::WIDTH as usize;
    const H: usize = super::super::HEIGHT as usize;
    const RED: RGBColor = RGBColor(200, 30, 20);

    /// A white picture with its palette, `paint`ed through a pen clipped to `clip`: its
    /// pixels, indices, colours (`None` past 256) and the rectangles recorded as drawn on.
    fn painted(clip: Rect, paint: impl FnOnce(&mut Pen)) -> (Vec<u8>, Vec<u8>, Option<Vec<u8>>, Vec<Rect>) {
        let (mut buf, mut indices) = (vec![255u8; W * H * 3], vec![0u8; W * H]);
        let mut table = Some(Table::new());
        assert_eq!(table.as_mut().and_then(|t| t.lookup_rgb([255; 3])), Some(0));
        let mut drawn = Vec::new();
        let mut canvas = Canvas { buf: &mut buf, indices: &mut indices, table: &mut table, drawn: &mut drawn };
        paint(&mut Pen::within(&mut canvas, clip));
        (buf, indices, table.map(|t| t.colours().to_vec()), drawn)
    }

    fn inked(buf: &[u8]) -> Vec<(usize, usize)> {
        (0..W * H).filter(|i| buf[i * 3..i * 3 + 3] != [255; 3]).map(|i| (i / W, i % W)).collect()
    }

    #[test]
    fn nothing_is_drawn_outside_the_pen_even_far_off_or_not_a_number() {
        let clip: Rect = (100..200, 300..500);
        let (buf, _, _, drawn) = painted(clip.clone(), |pen| {
            pen.fill(-1000..5000, -1000..5000, RED);
            pen.line((-1e12, -1e12), (1e12, 1e12), 40.0, RED);
            pen.line((f64::NAN, 0.0), (10.0, f64::INFINITY), 5.0, RED);
            pen.disc((400.0, 150.0), 1e9, RED);
            pen.disc((f64::NAN, f64::NAN), 8.0, RED);
            pen.dashed((0.0, 0.0), (1e15, 1e15), (0.0, 10.0), 3.0, RED);
            // A dash every 24 pixels of a line 10¹² long: only those over the pen are drawn.
            pen.dashed((-1e12, 150.0), (1e12, 150.0), (14.0, 10.0), 3.0, RED);
            pen.triangle((f64::INFINITY, 3.0), 16.0, RED);
        });
        let ink = inked(&buf);
        assert_eq!(ink.len(), 100 * 200, "the whole pen's rectangle, and nothing else");
        assert!(ink.iter().all(|(y, x)| clip.0.contains(y) && clip.1.contains(x)));
        assert_eq!(drawn, vec![clip], "what the next picture puts back");
    }

    #[test]
    fn shapes_cover_the_pixels_whose_centres_they_hold() {
        let whole: Rect = (0..H, 0..W);
        // A disc of radius 8: about π·64 pixels, symmetric about its centre.
        let (buf, ..) = painted(whole.clone(), |pen| pen.disc((100.0, 100.0), 8.0, RED));
        let disc = inked(&buf);
        assert!((190..=212).contains(&disc.len()), "{}", disc.len());
        assert!(disc.iter().all(|&(y, x)| disc.contains(&(199 - y, 199 - x))));
        // A level line 3 wide and 100 long, its ends cut square: 3 rows of 100 pixels.
        let (buf, ..) = painted(whole.clone(), |pen| pen.line((10.0, 50.0), (110.0, 50.0), 3.0, RED));
        let line = inked(&buf);
        assert_eq!(line.len(), 300);
        assert_eq!(line.first(), Some(&(48, 10)));
        // A slanted line: about its length times its width.
        let (buf, ..) = painted(whole.clone(), |pen| pen.line((0.0, 0.0), (300.0, 400.0), 6.0, RED));
        assert!((2900..=3100).contains(&inked(&buf).len()), "{}", inked(&buf).len());
        // Dashes 14 long, 10 apart, over 100 pixels: five of them, 14 × 2 each but the last (4).
        let (buf, ..) = painted(whole.clone(), |pen| pen.dashed((0.0, 20.0), (100.0, 20.0), (14.0, 10.0), 2.0, RED));
        assert_eq!(inked(&buf).len(), (14 * 4 + 4) * 2);
        // The same dashes, of a line that starts far to the left and is clipped.
        let clip: Rect = (0..H, 0..100);
        let (buf, ..) = painted(clip, |pen| pen.dashed((-2400.0, 20.0), (3000.0, 20.0), (14.0, 10.0), 2.0, RED));
        assert_eq!(inked(&buf).len(), (14 * 4 + 4) * 2);
        // An outline 3 wide centred on the edge pixels of a rectangle of 10 × 20 pixels: one
        // pixel past them, two within.
        let (buf, ..) = painted(whole, |pen| pen.outline(10..20, 30..50, 3, RED));
        assert_eq!(inked(&buf).len(), 12 * 22 - 6 * 16);
    }

    #[test]
    fn each_index_is_its_pixels_colour_and_a_blend_is_blended_as_in_rgb() {
        let paint = |pen: &mut Pen| {
            pen.fill(10..60, 10..60, RED);
            pen.disc((80.0, 40.0), 20.0, RGBColor(20, 30, 200));
            // Over white, red and blue: three blends.
            pen.blend(20..50, 40..110, RGBColor(150, 40, 40), 0.3);
        };
        let (buf, indices, colours, _) = painted((0..H, 0..W), paint);
        let colours = colours.expect("a few colours keep the palette");
        assert_eq!(colours.len() / 3, 1 + 2 + 3, "white, red, blue and three blends");
        let shown: Vec<u8> = indices.iter().flat_map(|&i| colours[i as usize * 3..][..3].to_vec()).collect();
        assert!(shown == buf, "each index is its pixel's colour");
        // The same shapes without a palette: the same pixels.
        let (mut rgb, mut table) = (vec![255u8; W * H * 3], None);
        let mut canvas = Canvas { buf: &mut rgb, indices: &mut [], table: &mut table, drawn: &mut Vec::new() };
        paint(&mut Pen::within(&mut canvas, (0..H, 0..W)));
        assert!(rgb == buf, "blended as in RGB");
    }

    #[test]
    fn past_256_colours_the_picture_is_drawn_in_rgb() {
        let (buf, _, colours, _) = painted((0..H, 0..W), |pen| {
            for i in 0..300 {
                pen.fill(5..6, i..i + 1, RGBColor((i % 256) as u8, (i / 256) as u8, 7));
            }
        });
        assert!(colours.is_none());
        assert_eq!(&buf[(5 * W + 299) * 3..][..3], &[43, 1, 7]);
    }
}
