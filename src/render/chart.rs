//! Charts as inline SVG, drawn with plotters. Labels are measured with the bundled DejaVu Sans
//! (it covers Vietnamese), never with fonts of the machine that builds the site. Every chart
//! carries `role="img"`, a `<title>` and a `<desc>` stating what it shows in words; the pages
//! put a table of the same numbers beside it.

use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use super::format;

const FONT: &str = "DejaVu Sans";
pub const VALUE: RGBColor = RGBColor(23, 78, 166);
pub const SAMPLE: RGBColor = RGBColor(122, 74, 0);
pub const EARLIER: RGBColor = RGBColor(95, 99, 104);
pub const TARGET: RGBColor = RGBColor(140, 29, 24);
pub const FRAMEWORK: RGBColor = RGBColor(91, 42, 134);
pub const PATH: RGBColor = RGBColor(60, 64, 67);
const GRID: RGBColor = RGBColor(218, 220, 224);

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is compiled in; failing to parse it would be a packaging bug caught by tests.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
        let _ = plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold());
    });
}

/// A target milestone as drawn: a single value (lo == hi) or a band.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetMark {
    pub x: f64,
    pub lo: f64,
    pub hi: f64,
    pub label: String,
}

/// Everything the indicator chart draws, in chart units: x in fractional years.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IndicatorChart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub lang: String,
    pub percent: bool,
    /// Current values: (x, y, sample).
    pub values: Vec<(f64, f64, bool)>,
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
fn finish_svg(svg: String, id: &str, title: &str, desc: &str, class: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
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
    if class == "bar" {
        // A bar stretches to the width of its column at any height.
        attrs.push_str(" preserveAspectRatio=\"none\"");
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs} class=\"{class}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(desc),
        &svg[open_end + 1..]
    )
}

fn bounds(chart: &IndicatorChart) -> ((f64, f64), (f64, f64)) {
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
        // Percentages keep their whole scale, so that small gaps do not look large.
        y0 = 0.0;
        y1 = 100.0;
    } else {
        let pad = ((y1 - y0).abs() * 0.15).max(y1.abs() * 0.05).max(1e-6);
        y0 = if y0 >= 0.0 && y0 - pad < 0.0 { 0.0 } else { y0 - pad };
        y1 += pad;
    }
    (drawable_range(x0.floor() - 0.1, x1.ceil() + 0.1), drawable_range(y0, y1))
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

/// The full chart of an indicator page.
pub fn indicator(chart: &IndicatorChart) -> String {
    register_font();
    let mut svg = String::new();
    let lang = chart.lang.clone();
    let percent = chart.percent;
    {
        let root = SVGBackend::with_string(&mut svg, (640, 320)).into_drawing_area();
        let ((x0, x1), (y0, y1)) = bounds(chart);
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let mut c = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(28)
                .y_label_area_size(56)
                .build_cartesian_2d(x0..x1, y0..y1)?;
            c.configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(6)
                .max_light_lines(0)
                .bold_line_style(GRID)
                .axis_style(PATH)
                .label_style((FONT, 16).into_font().color(&PATH))
                .y_label_formatter(&|y| {
                    if percent { format!("{}%", format::number(*y, &lang, 1)) } else { format::number(*y, &lang, 2) }
                })
                .draw()?;
            // Years on the x axis, at each 1 January.
            let label = (FONT, 16).into_font().color(&PATH);
            for year in (x0.ceil() as i32)..=(x1.floor() as i32) {
                let x = year as f64;
                c.draw_series(std::iter::once(PathElement::new(vec![(x, y0), (x, y1)], GRID)))?;
                c.draw_series(std::iter::once(Text::new(
                    year.to_string(),
                    (x, y0),
                    label.clone().pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Center,
                        plotters::style::text_anchor::VPos::Top,
                    )),
                )))?;
            }
            if let Some((a, b)) = chart.path {
                c.draw_series(DashedLineSeries::new(vec![a, b], 6, 4, PATH.stroke_width(2)))?;
            }
            for t in &chart.targets {
                if t.hi > t.lo {
                    c.draw_series(std::iter::once(Rectangle::new(
                        [(t.x - 0.06, t.lo), (t.x + 0.06, t.hi)],
                        TARGET.mix(0.25).filled(),
                    )))?;
                    c.draw_series(std::iter::once(Rectangle::new(
                        [(t.x - 0.06, t.lo), (t.x + 0.06, t.hi)],
                        TARGET.stroke_width(2),
                    )))?;
                } else {
                    c.draw_series(std::iter::once(TriangleMarker::new((t.x, t.lo), 8, TARGET.filled())))?;
                }
                // The comparator and value beside each milestone: "≥ 95%", "55 – 60%".
                use plotters::style::text_anchor::{HPos, Pos, VPos};
                let style = (FONT, 15).into_font().color(&TARGET).pos(Pos::new(HPos::Right, VPos::Bottom));
                c.draw_series(std::iter::once(Text::new(t.label.clone(), (t.x - 0.04, t.hi), style)))?;
            }
            for (x, y) in &chart.framework {
                c.draw_series(std::iter::once(Cross::new((*x, *y), 6, FRAMEWORK.stroke_width(2))))?;
            }
            if let Some((x, y)) = chart.baseline {
                c.draw_series(std::iter::once(Rectangle::new([(x - 0.04, y), (x + 0.04, y)], PATH.stroke_width(10))))?;
            }
            let line: Vec<(f64, f64)> = chart.values.iter().map(|(x, y, _)| (*x, *y)).collect();
            c.draw_series(LineSeries::new(line, VALUE.stroke_width(2)))?;
            for (x, y) in &chart.earlier {
                c.draw_series(std::iter::once(Circle::new((*x, *y), 5, EARLIER.stroke_width(2))))?;
            }
            for (x, y, sample) in &chart.values {
                let style = if *sample { SAMPLE.stroke_width(2) } else { VALUE.filled() };
                c.draw_series(std::iter::once(Circle::new((*x, *y), 4, style)))?;
            }
            root.present()?;
            Ok(())
        };
        // Drawing into a string cannot fail for I/O; a failure would leave an empty chart,
        // and the data table beside it still carries the numbers.
        let _ = draw();
    }
    finish_svg(svg, &chart.id, &chart.title, &chart.desc, "chart")
}

/// A small trend line for lists: values only, no axes.
pub fn sparkline(id: &str, title: &str, desc: &str, values: &[(f64, f64)], target: Option<f64>) -> String {
    register_font();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (120, 32)).into_drawing_area();
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
    finish_svg(svg, id, title, desc, "spark")
}

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
    finish_svg(svg, id, title, desc, "bar")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn sample_chart() -> IndicatorChart {
        IndicatorChart {
            id: "c1".into(),
            title: "Tỷ lệ phủ sóng 5G".into(),
            desc: "Giá trị mới nhất 88,9% <đúng lộ trình>".into(),
            lang: "vi".into(),
            percent: true,
            values: vec![(2026.0, 58.2, false), (2026.5, 80.4, true)],
            earlier: vec![(2026.0, 60.0)],
            baseline: Some((2025.0, 40.0)),
            targets: vec![
                TargetMark { x: 2027.0, lo: 95.0, hi: 95.0, label: "≥ 95%".into() },
                TargetMark { x: 2030.0, lo: 55.0, hi: 60.0, label: "55-60%".into() },
            ],
            framework: vec![(2027.0, 70.0)],
            path: Some(((2025.0, 40.0), (2027.0, 95.0))),
        }
    }

    #[test]
    fn axis_ranges_are_always_drawable() {
        assert_eq!(drawable_range(0.0, 10.0), (0.0, 10.0));
        assert_eq!(drawable_range(5.0, f64::INFINITY), (4.0, 6.0));
        assert_eq!(drawable_range(f64::NAN, f64::NAN), (-1.0, 1.0));
        assert_eq!(drawable_range(3.0, 3.0), (2.0, 4.0));
        assert_eq!(drawable_range(-f64::MAX, f64::MAX), (-1.0, 1.0));
        assert_eq!(drawable_range(10.0, 2.0), (9.0, 11.0));
        // The overflow that once made `build` loop forever: the chart is drawn and returns.
        let huge = IndicatorChart { percent: false, values: vec![(2026.0, 1.6e308, false)], ..sample_chart() };
        assert!(indicator(&huge).contains("</svg>"));
    }

    #[test]
    fn charts_are_accessible_scalable_svg() {
        let svg = indicator(&sample_chart());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox="), "{}", &svg[..200]);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"c1-t\">Tỷ lệ phủ sóng 5G</title>"));
        assert!(svg.contains("<desc id=\"c1-d\">Giá trị mới nhất 88,9% &lt;đúng lộ trình&gt;</desc>"));
        assert!(
            svg.contains("stroke-dasharray") || svg.matches("<line").count() + svg.matches("<polyline").count() > 2
        );
        assert!(svg.contains("\n2026\n</text>") || svg.contains(">2026</text>"), "year labels");
        assert!(svg.contains("80%"), "percent axis labels");
        assert!(svg.contains("≥ 95%") && svg.contains("55-60%"), "targets are labelled with their comparator");
        assert!(svg.ends_with("</svg>\n") || svg.ends_with("</svg>"));
    }

    #[test]
    fn charts_are_deterministic() {
        assert_eq!(indicator(&sample_chart()), indicator(&sample_chart()));
    }

    #[test]
    fn sparkline_and_bar_render() {
        let s = sparkline("s1", "t", "d", &[(2025.0, 1.0), (2026.0, 2.0)], Some(3.0));
        assert!(s.contains("role=\"img\"") && s.contains("class=\"spark\""));
        let b = status_bar("b1", "t", "d", &[Segment { count: 2, color: VALUE }, Segment { count: 1, color: TARGET }]);
        assert!(b.contains("class=\"bar\""));
    }
}
