//! Charts as inline SVG, drawn with plotters. Labels are measured with the bundled DejaVu Sans
//! (it covers Vietnamese), never with fonts of the machine that builds the site. Every chart
//! carries `role="img"`, a `<title>` and a `<desc>` stating what it shows in words; the pages
//! put a table of the same numbers beside it.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use super::format::{self, push_whole};
use super::timeaxis::{self, Granularity};

mod labels;

use labels::{Bbox, Label, around, place};

const FONT: &str = "DejaVu Sans";
pub const VALUE: RGBColor = RGBColor(23, 78, 166);
pub const SAMPLE: RGBColor = RGBColor(122, 74, 0);
pub const EARLIER: RGBColor = RGBColor(95, 99, 104);
pub const TARGET: RGBColor = RGBColor(140, 29, 24);
pub const FRAMEWORK: RGBColor = RGBColor(91, 42, 134);
pub const PATH: RGBColor = RGBColor(60, 64, 67);
const GRID: RGBColor = RGBColor(218, 220, 224);

pub(super) fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; failing to parse it would be a packaging bug caught by tests.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// A target milestone as drawn: a single value (lo == hi) or a band.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TargetMark {
    pub x: f64,
    pub lo: f64,
    pub hi: f64,
    pub label: String,
}

/// Everything the indicator chart draws, in chart units: x in fractional years.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct IndicatorChart {
    pub id: String,
    pub title: String,
    /// The title's language when it is not the page's (a name with no translation).
    pub title_lang: Option<String>,
    pub desc: String,
    pub lang: String,
    pub percent: bool,
    /// Current values: (x, y, sample).
    pub values: Vec<(f64, f64, bool)>,
    /// What each value's point says on hover ("Q3/2026: 90,3%"), in the order of `values`.
    pub value_labels: Vec<String>,
    /// The latest value as written next to the end of the line.
    pub latest: Option<String>,
    /// How finely the values are dated, for the time axis.
    pub granularity: Granularity,
    /// Figures a later report replaced.
    pub earlier: Vec<(f64, f64)>,
    pub baseline: Option<(f64, f64)>,
    pub targets: Vec<TargetMark>,
    pub framework: Vec<(f64, f64)>,
    /// The expected path from the start to the judged target.
    pub path: Option<((f64, f64), (f64, f64))>,
}

/// Fractional year of a date: 2026-07-02 → about 2026.5.
pub fn year_fraction(d: chrono::NaiveDate) -> f64 {
    use chrono::Datelike;
    let days = if d.leap_year() { 366.0 } else { 365.0 };
    d.year() as f64 + (d.ordinal() as f64) / days
}

/// Wraps plotters' SVG so that it scales with the page and reads well to assistive technology.
fn finish_svg(svg: String, id: &str, (title, title_lang): (&str, Option<&str>), desc: &str, class: &str) -> String {
    let Some(open_end) = svg.find('>') else { return svg };
    let open = &svg[..open_end];
    // Keep the viewBox; drop fixed width/height so CSS sizes the chart.
    let mut attrs = String::new();
    for part in ["viewBox"] {
        if let Some(i) = open.find(&format!("{part}=\"")) {
            let rest = &open[i..];
            let end = rest[part.len() + 2..].find('"').map(|e| e + part.len() + 3).unwrap_or(rest.len());
            attrs.push_str(&rest[..end]);
        }
    }
    if class.starts_with("chart") {
        // Texts are measured with DejaVu Sans; this reaches them where the theme's CSS does not.
        attrs.push_str(" font-family=\"DejaVu Sans, Verdana, sans-serif\"");
    }
    if class == "bar" {
        // A bar stretches to the width of its column at any height.
        attrs.push_str(" preserveAspectRatio=\"none\"");
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs} class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\"{}>{}</title><desc id=\"{id}-d\">{}</desc>{}",
        title_lang.map_or(String::new(), |l| format!(" lang=\"{l}\"")),
        crate::text::escape(title),
        crate::text::escape(desc),
        &svg[open_end + 1..]
    )
}

pub(super) fn bounds(chart: &IndicatorChart) -> ((f64, f64), (f64, f64)) {
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for (x, y, _) in &chart.values {
        xs.push(*x);
        ys.push(*y);
    }
    for (x, y) in chart.earlier.iter().chain(chart.baseline.iter()).chain(chart.framework.iter()) {
        xs.push(*x);
        ys.push(*y);
    }
    for t in &chart.targets {
        xs.push(t.x);
        ys.push(t.lo);
        ys.push(t.hi);
    }
    let (x0, x1) = min_max(&xs).unwrap_or((2025.0, 2026.0));
    let (mut y0, mut y1) = min_max(&ys).unwrap_or((0.0, 1.0));
    if chart.percent {
        (y0, y1) = percent_scale(y0, y1);
    } else {
        let pad = ((y1 - y0).abs() * 0.15).max(y1.abs() * 0.05).max(1e-6);
        y0 = if y0 >= 0.0 && y0 - pad < 0.0 { 0.0 } else { y0 - pad };
        y1 += pad;
    }
    (drawable_range(x0.floor() - 0.1, x1.ceil() + 0.1), drawable_range(y0, y1))
}

/// The scale of a chart of percentages whose figures run from `lo` to `hi`. It starts at zero,
/// so that small gaps do not look large, and ends at 100% when the figures reach half of it;
/// figures that stay far below (a share of 2–5%, flat along the bottom of a scale to 100%) or
/// go above it (a growth of 150%, off the chart) get a round top just above the highest.
fn percent_scale(lo: f64, hi: f64) -> (f64, f64) {
    let top = if (50.0..=100.0).contains(&hi) { 100.0 } else { round_up(hi * 1.1) };
    let bottom = if lo < 0.0 { -round_up(-lo * 1.1) } else { 0.0 };
    (bottom, top)
}

/// The first round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at or
/// above `v`; 1 for nothing above zero.
fn round_up(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    if v.is_infinite() {
        return v;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|r| *r >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// An axis range plotters can draw: finite, increasing and of finite width. Anything else (a
/// padding that overflowed to infinity, NaN, an empty range) sends plotters' tick search into
/// an endless loop, so it is replaced by a small range around the finite end, if any.
pub fn drawable_range(lo: f64, hi: f64) -> (f64, f64) {
    if lo.is_finite() && hi.is_finite() && hi > lo && (hi - lo).is_finite() {
        return (lo, hi);
    }
    let centre = [lo, hi].into_iter().find(|v| v.is_finite() && v.abs() < 1e300).unwrap_or(0.0);
    let half = (centre.abs() * 0.05).max(1.0);
    (centre - half, centre + half)
}

fn min_max(v: &[f64]) -> Option<(f64, f64)> {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// Which screen a chart is laid out for. Each layout keeps every text at 12 CSS px or more
/// where the stylesheet shows it: the wide one from 40rem up (at least 609 px wide for 640
/// units), the narrow one below (343 px for 360 units on a 375 px phone).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Layout {
    Wide,
    Narrow,
}

struct Dims {
    w: u32,
    h: u32,
    /// Text size in SVG units.
    font: f64,
    y_labels: usize,
    y_area: u32,
    short: bool,
    class: &'static str,
    suffix: &'static str,
}

impl Layout {
    fn dims(self) -> Dims {
        match self {
            Layout::Wide => Dims {
                w: 640,
                h: 320,
                font: 14.0,
                y_labels: 6,
                y_area: 64,
                short: false,
                class: "chart wide",
                suffix: "",
            },
            Layout::Narrow => Dims {
                w: 360,
                h: 300,
                font: 15.0,
                y_labels: 5,
                y_area: 56,
                short: true,
                class: "chart narrow",
                suffix: "-n",
            },
        }
    }
}

/// The width of `text` at `px` SVG units, measured with the bundled font as plotters
/// estimates it (slightly generous, which leaves room for a fallback font): its advances and
/// kerning at 1.24 times the size, summed in that order, in whole units. Measured here rather
/// than through plotters, which looked the font up by name for every label of every chart.
pub fn text_width(text: &str, px: f64, bold: bool) -> f64 {
    // Charts measure the same few labels (years, quarters, round numbers) over and over, and a
    // font's kerning is looked up pair by pair: each thread remembers what it measured.
    thread_local! {
        static MEASURED: std::cell::RefCell<std::collections::HashMap<(String, u64, bool), f64>> =
            std::cell::RefCell::default();
    }
    MEASURED.with(|measured| {
        let mut measured = measured.borrow_mut();
        let key = (text.to_string(), px.to_bits(), bold);
        if let Some(w) = measured.get(&key) {
            return *w;
        }
        // A bound, for a preview that runs for days.
        if measured.len() >= 4096 {
            measured.clear();
        }
        let w = measure(text, px, bold);
        measured.insert(key, w);
        w
    })
}

fn measure(text: &str, px: f64, bold: bool) -> f64 {
    use ab_glyph::{Font, ScaleFont};
    let font = super::font::face(bold).as_scaled((px * 1.24) as f32);
    let mut width = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        width += font.h_advance(id);
        if let Some(p) = prev {
            width += font.kern(p, id);
        }
        prev = Some(id);
    }
    f64::from(width as i32)
}

fn hex(c: &RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The width left of the plot for the value axis: `least`, or more when the widest of its
/// labels needs it (the ticks are the ones the mesh draws), so that "10.000.000" is never cut
/// at the picture's edge.
fn y_label_area(least: u32, font: f64, label: &dyn Fn(&f64) -> String, (y0, y1): (f64, f64), ticks: usize) -> u32 {
    use plotters::coord::ranged1d::{BoldPoints, Ranged};
    let spec: plotters::coord::types::RangedCoordf64 = (y0..y1).into();
    // The label's width, the gap plotters leaves before the axis, and a little room.
    let widest =
        spec.key_points(BoldPoints(ticks)).iter().map(|y| text_width(&label(y), font, false)).fold(0.0, f64::max);
    least.max((widest + 12.0).ceil() as u32)
}

/// The full chart of an indicator page, laid out for wide screens.
pub fn indicator(chart: &IndicatorChart) -> String {
    indicator_for(chart, Layout::Wide)
}

/// The full chart of an indicator page, laid out for `layout`.
pub fn indicator_for(chart: &IndicatorChart, layout: Layout) -> String {
    register_font();
    let d = layout.dims();
    let font = d.font;
    let mut svg = String::new();
    let mut extra = String::new();
    let lang = chart.lang.clone();
    let percent = chart.percent;
    {
        let root = SVGBackend::with_string(&mut svg, (d.w, d.h)).into_drawing_area();
        let ((x0, x1), (y0, y1)) = bounds(chart);
        let y_label = |y: &f64| {
            if percent { format!("{}%", format::number(*y, &lang, 1)) } else { format::number(*y, &lang, 2) }
        };
        let y_area = y_label_area(d.y_area, font, &y_label, (y0, y1), d.y_labels);
        let draw = |extra: &mut String| -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut c = ChartBuilder::on(&root)
                .margin(10)
                .margin_right(14)
                .x_label_area_size((font * 1.9) as u32)
                .y_label_area_size(y_area)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            c.configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(d.y_labels)
                .max_light_lines(0)
                .bold_line_style(GRID)
                .axis_style(PATH)
                .label_style((FONT, font * 1.24).into_font().color(&PATH))
                .y_label_formatter(&y_label)
                .draw()?;
            let coord = c.as_coord_spec().clone();
            let px = |x: f64, y: f64| {
                let (a, b) = plotters::coord::CoordTranslate::translate(&coord, &(x, y));
                (a as f64, b as f64)
            };
            let (left, top) = px(x0, y1);
            let (_, bottom) = px(x1, y0);
            // Time ticks at the data's granularity, thinned until no two labels touch.
            let ends = timeaxis::period_ends(chart.granularity, x0, x1);
            let labels: Vec<String> =
                ends.iter().map(|(_, e)| timeaxis::label(chart.granularity, *e, &chart.lang, d.short)).collect();
            let spans: Vec<timeaxis::Span> = ends
                .iter()
                .zip(&labels)
                .map(|((x, _), l)| timeaxis::Span { centre: px(*x, y0).0, width: text_width(l, font, false) })
                .collect();
            let last_x = chart.values.last().map_or(x1, |v| v.0);
            let anchor = ends
                .iter()
                .enumerate()
                .min_by(|a, b| (a.1.0 - last_x).abs().total_cmp(&(b.1.0 - last_x).abs()))
                .map_or(0, |(i, _)| i);
            for i in timeaxis::choose(chart.granularity, &spans, anchor, font * 0.6, left - 6.0, d.w as f64 - 2.0) {
                let x = ends[i].0;
                c.draw_series(std::iter::once(PathElement::new(vec![(x, y0), (x, y1)], GRID)))?;
                let l = Label { x: spans[i].centre, y: bottom + 5.0, h: 0, v: 1 };
                extra.push_str(&l.svg(&labels[i], font, &PATH, false));
            }
            let area: Bbox = (left + 2.0, top - 8.0, d.w as f64 - 2.0, bottom - 2.0);
            let mut taken: Vec<Bbox> = Vec::new();
            for t in &chart.targets {
                let half = 0.06 * (x1 - x0) / 4.0;
                if t.hi > t.lo {
                    c.draw_series(std::iter::once(Rectangle::new(
                        [(t.x - half, t.lo), (t.x + half, t.hi)],
                        TARGET.mix(0.25).filled(),
                    )))?;
                    c.draw_series(std::iter::once(Rectangle::new(
                        [(t.x - half, t.lo), (t.x + half, t.hi)],
                        TARGET.stroke_width(2),
                    )))?;
                } else {
                    c.draw_series(std::iter::once(TriangleMarker::new((t.x, t.lo), 8, TARGET.filled())))?;
                }
                let (mx, my) = px(t.x, t.hi);
                taken.push((mx - 8.0, my - 8.0, mx + 8.0, px(t.x, t.lo).1 + 8.0));
            }
            // Values: the line, then each point with its value on hover.
            let line: Vec<(f64, f64)> = chart.values.iter().map(|(x, y, _)| px(*x, *y)).collect();
            for (x, y) in &line {
                taken.push((x - 5.0, y - 5.0, x + 5.0, y + 5.0));
            }
            // The comparator and value beside each milestone: "≥ 95%", "55 – 60%".
            for t in &chart.targets {
                let (mx, my) = px(t.x, t.hi);
                let w = text_width(&t.label, font, false);
                let cands = around(mx, my, true);
                if let Some(l) = place(cands, w, font, area, &mut taken) {
                    extra.push_str(&l.svg(&t.label, font, &TARGET, false));
                }
            }
            for (x, y) in &chart.framework {
                c.draw_series(std::iter::once(Cross::new((*x, *y), 6, FRAMEWORK.stroke_width(2))))?;
            }
            if let Some((x, y)) = chart.baseline {
                // A short thick bar (plotters draws a zero-height rectangle as nothing visible).
                let (bx, by) = px(x, y);
                line_svg(extra, [(bx - 8.0, by), (bx + 8.0, by)], &hex(&PATH), "6\"");
            }
            for (x, y) in &chart.earlier {
                c.draw_series(std::iter::once(Circle::new((*x, *y), 5, EARLIER.stroke_width(2))))?;
            }
            if let Some((a, b)) = chart.path {
                let (a, b) = (px(a.0, a.1), px(b.0, b.1));
                line_svg(extra, [a, b], &hex(&PATH), "2\" stroke-dasharray=\"6 4\"");
            }
            if line.len() > 1 {
                extra.push_str("<polyline fill=\"none\" stroke=\"");
                extra.push_str(&hex(&VALUE));
                extra.push_str("\" stroke-width=\"2\" points=\"");
                for (n, (x, y)) in line.iter().enumerate() {
                    if n > 0 {
                        extra.push(' ');
                    }
                    push_whole(extra, *x);
                    extra.push(',');
                    push_whole(extra, *y);
                }
                extra.push_str("\"/>\n");
            }
            for (i, ((x, y), (_, _, sample))) in line.iter().zip(&chart.values).enumerate() {
                let paint = if *sample {
                    format!("fill=\"#FFFFFF\" stroke=\"{}\" stroke-width=\"2\"", hex(&SAMPLE))
                } else {
                    format!("fill=\"{}\"", hex(&VALUE))
                };
                let tip = chart
                    .value_labels
                    .get(i)
                    .map(|t| format!("<title>{}</title>", crate::text::escape(t)))
                    .unwrap_or_default();
                extra.push_str("<circle cx=\"");
                push_whole(extra, *x);
                extra.push_str("\" cy=\"");
                push_whole(extra, *y);
                extra.push_str("\" r=\"5\" ");
                extra.push_str(&paint);
                extra.push('>');
                extra.push_str(&tip);
                extra.push_str("</circle>\n");
            }
            // The latest value, written next to the end of the line.
            if let (Some(text), Some((lx, ly))) = (&chart.latest, line.last()) {
                let w = text_width(text, font, true);
                let cands = around(*lx, *ly, false);
                if let Some(l) = place(cands, w, font, area, &mut taken) {
                    extra.push_str(&l.svg(text, font, &VALUE, true));
                }
            }
            root.present()?;
            Ok(())
        };
        // Drawing into a string cannot fail for I/O; a failure would leave an empty chart,
        // and the data table beside it still carries the numbers.
        let _ = draw(&mut extra);
    }
    let svg = match svg.rfind("</svg>") {
        Some(i) => format!("{}{extra}{}", &svg[..i], &svg[i..]),
        None => svg,
    };
    finish_svg(
        svg,
        &format!("{}{}", chart.id, d.suffix),
        (&chart.title, chart.title_lang.as_deref()),
        &chart.desc,
        d.class,
    )
}

/// A small trend line for lists, values only, no axes: a standalone SVG file with no text in
/// it, so one file serves every list and language that shows the indicator (each `<img>` that
/// shows it carries the words in its `alt`).
pub fn sparkline(values: &[(f64, f64)], target: Option<f64>) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (SPARK_WIDTH, SPARK_HEIGHT)).into_drawing_area();
        let xs: Vec<f64> = values.iter().map(|v| v.0).collect();
        let mut ys: Vec<f64> = values.iter().map(|v| v.1).collect();
        ys.extend(target);
        let (x0, x1) = min_max(&xs).unwrap_or((0.0, 1.0));
        let (y0, y1) = min_max(&ys).unwrap_or((0.0, 1.0));
        let pad = ((y1 - y0) * 0.1).max(1e-6);
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut c = ChartBuilder::on(&root).margin(3).build_cartesian_2d(x0 - 0.01..x1 + 0.01, {
                let (lo, hi) = drawable_range(y0 - pad, y1 + pad);
                lo..hi
            })?;
            if let Some(t) = target {
                c.draw_series(DashedLineSeries::new(vec![(x0, t), (x1, t)], 3, 2, TARGET.stroke_width(1)))?;
            }
            c.draw_series(LineSeries::new(values.iter().copied(), VALUE.stroke_width(2)))?;
            if let Some(last) = values.last() {
                c.draw_series(std::iter::once(Circle::new(*last, 2, VALUE.filled())))?;
            }
            root.present()?;
            Ok(())
        };
        let _ = draw();
    }
    svg.push('\n');
    svg
}

/// The size of a sparkline in CSS pixels, for the `<img>` that shows it.
pub const SPARK_WIDTH: u32 = 120;
pub const SPARK_HEIGHT: u32 = 32;

/// One segment of a status bar.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    pub count: usize,
    pub color: RGBColor,
}

/// A horizontal bar split by status, for plan and unit pages.
pub fn status_bar(id: &str, title: &str, desc: &str, segments: &[Segment]) -> String {
    register_font();
    let total: usize = segments.iter().map(|s| s.count).sum();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (600, 24)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&RGBColor(241, 243, 244))?;
            let mut x = 0i32;
            for s in segments {
                if total == 0 || s.count == 0 {
                    continue;
                }
                let w = ((s.count as f64 / total as f64) * 600.0).round() as i32;
                root.draw(&Rectangle::new([(x, 0), (x + w, 24)], s.color.filled()))?;
                root.draw(&Rectangle::new([(x + w - 1, 0), (x + w, 24)], WHITE.filled()))?;
                x += w;
            }
            root.present()?;
            Ok(())
        };
        let _ = draw();
    }
    finish_svg(svg, id, (title, None), desc, "bar")
}

#[cfg(test)]
mod tests;

/// A straight line from `a` to `b` of colour `stroke`, its width and what follows it in
/// `width` (`2" stroke-dasharray="6 4"`), as SVG.
fn line_svg(out: &mut String, [a, b]: [(f64, f64); 2], stroke: &str, width: &str) {
    for (name, v) in [("<line x1=\"", a.0), ("\" y1=\"", a.1), ("\" x2=\"", b.0), ("\" y2=\"", b.1)] {
        out.push_str(name);
        push_whole(out, v);
    }
    out.push_str("\" stroke=\"");
    out.push_str(stroke);
    out.push_str("\" stroke-width=\"");
    out.push_str(width);
    out.push_str("/>\n");
}
