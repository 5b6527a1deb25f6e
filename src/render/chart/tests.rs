use super::*;

pub(super) fn sample_chart() -> IndicatorChart {
    IndicatorChart {
        id: "c1".into(),
        title: "Tỷ lệ phủ sóng 5G".into(),
        title_lang: None,
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
        value_labels: vec!["Quý IV/2025: 58,2%".into(), "Quý II/2026: 80,4%".into()],
        latest: Some("80,4%".into()),
        granularity: Granularity::Quarter,
    }
}

/// The font sizes of every `<text>` in an SVG.
fn font_sizes(svg: &str) -> Vec<f64> {
    svg.split("font-size=\"").skip(1).filter_map(|r| r.split('"').next()?.parse().ok()).collect()
}

#[test]
fn percentages_start_at_zero_and_reach_a_hundred_unless_far_below_or_above_it() {
    assert_eq!(percent_scale(40.0, 95.0), (0.0, 100.0));
    assert_eq!(percent_scale(0.0, 50.0), (0.0, 100.0));
    assert_eq!(percent_scale(2.0, 5.0), (0.0, 6.0), "a small share fills the chart");
    assert_eq!(percent_scale(10.0, 30.0), (0.0, 40.0));
    assert_eq!(percent_scale(80.0, 135.0), (0.0, 150.0), "nothing above the top");
    assert_eq!(percent_scale(-12.0, 8.0), (-15.0, 10.0), "a fall below zero is shown");
    assert_eq!(percent_scale(0.0, 0.0), (0.0, 1.0));
    let ((_, _), (y0, y1)) = bounds(&IndicatorChart {
        values: vec![(2026.0, 3.1, false)],
        earlier: vec![],
        baseline: Some((2025.0, 2.0)),
        targets: vec![TargetMark { x: 2030.0, lo: 5.0, hi: 5.0, label: "5%".into() }],
        framework: vec![],
        path: None,
        ..sample_chart()
    });
    assert_eq!((y0, y1), (0.0, 6.0));
}

#[test]
fn both_layouts_keep_text_readable_where_they_are_shown() {
    // Shown from 609 px (wide, 640 units) and at 343 px (narrow, 360 units) up: 12 px or more.
    let wide = indicator_for(&sample_chart(), Layout::Wide);
    let narrow = indicator_for(&sample_chart(), Layout::Narrow);
    assert!(wide.contains("class=\"chart wide\"") && narrow.contains("class=\"chart narrow\""));
    assert!(narrow.contains("id=\"c1-n-t\""), "ids stay unique when both are on a page");
    for size in font_sizes(&wide) {
        assert!(size * 609.0 / 640.0 >= 12.0, "wide text at {size}");
    }
    for size in font_sizes(&narrow) {
        assert!(size * 343.0 / 360.0 >= 12.0, "narrow text at {size}");
    }
}

/// Each label of the value axis (right-aligned at `x`) and where its left edge falls.
fn value_axis_lefts(svg: &str, font: f64) -> Vec<(String, f64)> {
    svg.split("<text x=\"")
        .skip(1)
        .filter(|t| t.split('>').next().is_some_and(|tag| tag.contains("text-anchor=\"end\"")))
        .filter_map(|t| {
            let x: f64 = t.split('"').next()?.parse().ok()?;
            let label = t.split('>').nth(1)?.split('<').next()?.trim().to_string();
            let left = x - text_width(&label, font, false);
            Some((label, left))
        })
        .collect()
}

#[test]
fn large_figures_on_the_value_axis_are_never_cut_at_the_edge() {
    for top in [1.0e7, 5.0e13] {
        let chart = IndicatorChart {
            percent: false,
            values: vec![(2025.0, top / 5.0, false), (2026.0, top * 0.6, false)],
            earlier: vec![],
            baseline: None,
            targets: vec![TargetMark { x: 2026.0, lo: top, hi: top, label: "≥ top".into() }],
            framework: vec![],
            path: None,
            ..sample_chart()
        };
        for layout in [Layout::Wide, Layout::Narrow] {
            let svg = indicator_for(&chart, layout);
            let labels = value_axis_lefts(&svg, layout.dims().font);
            assert!(labels.len() >= 3, "{labels:?}");
            for (label, left) in labels {
                assert!(left >= 0.0, "{label} starts at {left}");
            }
        }
    }
}

#[test]
fn quarters_points_and_the_latest_value_are_labelled() {
    let wide = indicator(&sample_chart());
    assert!(wide.contains(">Q") || wide.contains(">Quý"), "quarter ticks");
    assert!(wide.contains("Quý II/2026</text>") || wide.contains("Quý IV/2025</text>"), "{wide}");
    let narrow = indicator_for(&sample_chart(), Layout::Narrow);
    assert!(narrow.contains("QII/26</text>") || narrow.contains("QIV/25</text>"), "short quarters");
    assert!(wide.contains("<title>Quý II/2026: 80,4%</title></circle>"), "values on hover");
    assert!(wide.contains("font-weight=\"bold\" fill=\"#174EA6\">80,4%</text>"), "latest value by the line");
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
    assert!(svg.contains("stroke-dasharray") || svg.matches("<line").count() + svg.matches("<polyline").count() > 2);
    let yearly = indicator(&IndicatorChart { granularity: Granularity::Year, ..sample_chart() });
    assert!(yearly.contains(">2026</text>") && yearly.contains(">2025</text>"), "year labels");
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
    let s = sparkline(&[(2025.0, 1.0), (2026.0, 2.0)], Some(3.0));
    assert!(s.starts_with("<svg") && s.contains("xmlns=\"http://www.w3.org/2000/svg\""), "a file of its own: {s}");
    assert!(!s.contains("<text"), "no words in the shared file: {s}");
    let b = status_bar("b1", "t", "d", &[Segment { count: 2, color: VALUE }, Segment { count: 1, color: TARGET }]);
    assert!(b.contains("class=\"bar\""));
}

#[test]
fn labels_are_measured_as_plotters_measures_them() {
    use plotters::style::{FontDesc, FontFamily, FontStyle};
    register_font();
    for text in ["", "0", "10.000.000", "Quý IV/2026", "Mục tiêu 2030: ≥ 95%", "AVAWTo", "Đúng tiến độ · minh hoạ"]
    {
        for px in [11.0, 12.5, 13.0, 16.0] {
            for bold in [false, true] {
                let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
                let font = FontDesc::new(FontFamily::Name(FONT), px * 1.24, style);
                let (w, _) = font.box_size(text).unwrap();
                assert_eq!(text_width(text, px, bold), w as f64, "{text:?} at {px}, bold {bold}");
            }
        }
    }
}
