//! Annotations placed by hand: each label tries places around its point, nearest first, and
//! takes the first that stays inside the plot and clear of the others.

use plotters::style::RGBColor;

use super::hex;
use crate::render::format::push_whole;

/// A box in pixels: left, top, right, bottom.
pub(super) type Bbox = (f64, f64, f64, f64);

pub(super) fn overlaps(a: &Bbox, b: &Bbox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A label placed by hand, so that annotations avoid each other and the plot's edges.
pub(super) struct Label {
    pub(super) x: f64,
    pub(super) y: f64,
    /// -1 right-aligned to x, 0 centred, 1 starting at x.
    pub(super) h: i8,
    /// -1 above y, 0 centred on y, 1 below y.
    pub(super) v: i8,
}

impl Label {
    /// Where the text's baseline goes (DejaVu Sans: ascent 0.93 em, descent 0.24 em).
    pub(super) fn baseline(&self, font: f64) -> f64 {
        match self.v {
            -1 => self.y - font * 0.24,
            0 => self.y + font * 0.35,
            _ => self.y + font * 0.93,
        }
    }

    /// The box the text covers, as a browser measures it, with a pixel to spare.
    pub(super) fn bbox(&self, w: f64, font: f64) -> Bbox {
        let left = match self.h {
            -1 => self.x - w,
            0 => self.x - w / 2.0,
            _ => self.x,
        };
        let base = self.baseline(font);
        (left - 1.0, base - font * 0.93 - 1.0, left + w + 1.0, base + font * 0.24 + 1.0)
    }

    pub(super) fn svg(&self, text: &str, font: f64, color: &RGBColor, bold: bool) -> String {
        let anchor = match self.h {
            -1 => " text-anchor=\"end\"",
            0 => " text-anchor=\"middle\"",
            _ => "",
        };
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let mut out = String::with_capacity(96 + text.len());
        out.push_str("<text x=\"");
        push_whole(&mut out, self.x);
        out.push_str("\" y=\"");
        push_whole(&mut out, self.baseline(font));
        out.push('"');
        out.push_str(anchor);
        out.push_str(&format!(" font-size=\"{font}\"{weight} fill=\"{}\">", hex(color)));
        crate::text::escape_into(&mut out, text);
        out.push_str("</text>\n");
        out
    }
}

/// Places around (x, y), nearest first: beside, above, below and diagonally, at growing
/// distances, so that a label finds room even among close milestones.
pub(super) fn around(x: f64, y: f64, prefer_left: bool) -> Vec<Label> {
    let mut out = Vec::new();
    for d in [9.0, 22.0, 40.0, 64.0] {
        let side = [(1, 0), (-1, 0)];
        let side = if prefer_left { [side[1], side[0]] } else { side };
        for (h, v) in side {
            out.push(Label { x: x + h as f64 * d, y, h, v });
        }
        out.push(Label { x, y: y - d, h: 0, v: -1 });
        out.push(Label { x, y: y + d, h: 0, v: 1 });
        for (h, v) in [(-1, -1), (1, -1), (-1, 1), (1, 1)] {
            out.push(Label { x: x + h as f64 * d, y: y + v as f64 * d * 0.5, h, v });
        }
    }
    out
}

/// The first candidate place that stays inside `area` and clear of `taken`, recorded as
/// taken; `None` when there is no room, for a label is better left out (the table beside the
/// chart carries every number) than written over another.
pub(super) fn place(candidates: Vec<Label>, w: f64, font: f64, area: Bbox, taken: &mut Vec<Bbox>) -> Option<Label> {
    let fits = |b: &Bbox| b.0 >= area.0 && b.1 >= area.1 && b.2 <= area.2 && b.3 <= area.3;
    let label = candidates.into_iter().find(|c| {
        let b = c.bbox(w, font);
        fits(&b) && !taken.iter().any(|t| overlaps(t, &b))
    })?;
    taken.push(label.bbox(w, font));
    Some(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_share_a_place() {
        let mut taken = Vec::new();
        let area = (0.0, 0.0, 300.0, 200.0);
        let a = place(around(100.0, 100.0, false), 40.0, 14.0, area, &mut taken).unwrap();
        let b = place(around(100.0, 100.0, false), 40.0, 14.0, area, &mut taken).unwrap();
        assert!(!overlaps(&a.bbox(40.0, 14.0), &b.bbox(40.0, 14.0)));
        // No room at all: the label is left out.
        assert!(place(around(10.0, 10.0, false), 400.0, 14.0, area, &mut taken).is_none());
    }
}
