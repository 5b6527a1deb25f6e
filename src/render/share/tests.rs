//! Tests of the share pictures: what they show, that they are the same every time, and
//! that what is encoded is what was drawn.

use super::*;

thread_local! {
    /// The pixels of the last picture this thread drew.
    pub(in crate::render::share) static LAST: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

pub(super) fn card(chart: &IndicatorChart) -> IndicatorCard<'_> {
    IndicatorCard {
        site: "Minh bạch Nghị quyết 57 — Hải Phòng",
        title: "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        latest: Some(("90,3%".into(), "30/9/2026".into())),
        target: Some("Mục tiêu 2026: ≥ 95%".into()),
        status: Status::NeedsAcceleration,
        status_label: "Cần tăng tốc",
        as_of: "Số liệu đến Quý III/2026",
        chart,
    }
}

#[test]
fn indicator_picture_is_a_deterministic_png_of_1200_by_630() {
    let chart = IndicatorChart {
        values: vec![(2025.75, 80.0, false), (2026.75, 90.3, false)],
        targets: vec![chart::TargetMark { x: 2027.0, lo: 95.0, hi: 95.0, label: "≥ 95%".into() }],
        path: Some(((2025.0, 79.9), (2027.0, 95.0))),
        percent: true,
        ..Default::default()
    };
    let png = indicator_png(&card(&chart));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1200, 630));
    assert_eq!(png, indicator_png(&card(&chart)), "same data, same bytes");
    // The frame copied from the one drawn first is the frame drawn in place.
    let mut in_place = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    frame(
        &mut Canvas { buf: &mut in_place, indices: &mut [], table: &mut None, drawn: &mut Vec::new() },
        card(&chart).site,
        card(&chart).as_of,
    );
    assert!(framed(card(&chart).site, card(&chart).as_of).pixels == in_place);
    let other_site = IndicatorCard { site: "Một trang khác", ..card(&chart) };
    assert_ne!(png, indicator_png(&other_site), "each site name has its own frame");
    // Text was drawn: the picture is not a blank frame.
    let blank = IndicatorChart::default();
    let mut other = card(&blank);
    other.title = "";
    other.latest = None;
    assert_ne!(png, indicator_png(&other));
}

#[test]
fn home_picture_renders() {
    let png = home_png(&HomeCard {
        site: "Site",
        subtitle: "Resolution 57 in Hai Phong".to_string(),
        as_of: "As of Q3 2026",
        counts: vec![(Status::OnTrack, "On track".into(), 3), (Status::OffTrack, "Off track".into(), 1)],
        tasks: Some("120 tasks".into()),
    });
    assert_eq!(&png[1..4], b"PNG");
}

/// `pixels` written by the encoder and read back by the `png` crate: its colour type and
/// its pixels as RGB.
fn round_trip(pixels: &[u8]) -> (png::ColorType, Vec<u8>) {
    let (mut indices, mut out) = (Vec::new(), Vec::new());
    encode::png(pixels, (WIDTH, HEIGHT), &mut indices, &mut out);
    decoded(&out)
}

#[test]
fn palette_encoding_round_trips_exactly() {
    // A picture's frame and text: few colours, written with a palette, read back the same.
    let mut pixels = framed("Minh bạch Nghị quyết 57 — Hải Phòng", "Số liệu đến Quý III/2026").pixels.clone();
    let mut canvas = Canvas { buf: &mut pixels, indices: &mut [], table: &mut None, drawn: &mut Vec::new() };
    canvas.text("Tỷ lệ hồ sơ được số hóa", (LEFT, 96), 50.0, true, &INK);
    badge(&mut canvas, Status::OnTrack, "Đúng tiến độ", (LEFT, 300), 34.0);
    assert_eq!(round_trip(&pixels), (png::ColorType::Indexed, pixels.clone()));
    // Exactly 256 colours still fit a palette; one more does not, and RGB is written.
    let mut many = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    for (i, px) in many.chunks_exact_mut(3).take(255).enumerate() {
        px.copy_from_slice(&[i as u8, 7, (i * 3) as u8]);
    }
    assert_eq!(round_trip(&many), (png::ColorType::Indexed, many.clone()));
    many[255 * 3..256 * 3].copy_from_slice(&[1, 2, 3]);
    assert_eq!(round_trip(&many), (png::ColorType::Rgb, many.clone()));
    // A real picture's bytes are a palette PNG too.
    let png = indicator_png(&card(&IndicatorChart::default()));
    let reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
    assert_eq!(reader.info().color_type, png::ColorType::Indexed);
}

/// A PNG's pixels as RGB, and its colour type.
fn decoded(png: &[u8]) -> (png::ColorType, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let colour = reader.info().color_type;
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut rgb).unwrap();
    (colour, rgb)
}

#[test]
fn pictures_are_exactly_the_pixels_drawn() {
    // The palette kept while drawing (text, badges, bars, a trend) is the pixels' own.
    let trend = IndicatorChart {
        values: vec![(2025.75, 80.0, false), (2026.0, 84.5, false), (2026.75, 90.3, false)],
        targets: vec![
            chart::TargetMark { x: 2027.0, lo: 92.0, hi: 98.0, label: "92–98%".into() },
            chart::TargetMark { x: 2030.0, lo: 95.0, hi: 95.0, label: "≥ 95%".into() },
        ],
        path: Some(((2025.75, 80.0), (2030.0, 95.0))),
        percent: true,
        ..Default::default()
    };
    let flat = IndicatorChart { targets: trend.targets[1..].to_vec(), ..Default::default() };
    let mut kinds = std::collections::BTreeSet::new();
    for (i, status) in Status::ALL.iter().enumerate() {
        let chart = if i % 3 == 0 { &trend } else { &flat };
        let card = IndicatorCard {
            status: *status,
            status_label: status.as_str(),
            latest: (i % 2 == 0).then(|| (format!("{i},5%"), "30/9/2026".into())),
            ..card(chart)
        };
        let png = indicator_png(&card);
        let (colour, rgb) = decoded(&png);
        assert!(rgb == LAST.with(|l| l.borrow().clone()), "{status:?}: the PNG shows what was drawn");
        kinds.insert(format!("{colour:?}"));
    }
    let home = home_png(&HomeCard {
        site: "Minh bạch Nghị quyết 57 — Hải Phòng",
        subtitle: "Tình hình tính đến Quý III/2026 (Minh họa)".into(),
        as_of: "Số liệu tính đến kỳ Quý III/2026 (30/9/2026)",
        counts: Status::ALL.iter().map(|s| (*s, s.as_str().to_string(), 3)).collect(),
        tasks: Some("124 chỉ tiêu · 290 nhiệm vụ".into()),
    });
    let (colour, rgb) = decoded(&home);
    assert!(rgb == LAST.with(|l| l.borrow().clone()), "home: the PNG shows what was drawn");
    assert_eq!(colour, png::ColorType::Indexed);
    assert!(kinds.contains("Indexed"), "{kinds:?}");
}

#[test]
fn cached_glyphs_draw_the_same_text_every_time() {
    // A mask taken from the cache is the mask rasterised afresh.
    for c in ['Ệ', 'ử', 'g', 'W', '%', ' '] {
        for bold in [false, true] {
            assert_eq!(*text::cached_mask(bold, 50.0, c), text::fresh_mask(bold, 50.0, c));
        }
    }
    // The same text drawn by threads racing to fill the cache (a size no other test uses),
    // then again from the filled cache: the same pixels each time.
    let draw = || {
        let mut buf = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
        text::draw(&mut buf, (WIDTH, HEIGHT), "Chuyển đổi số — Hải Phòng, 2026", (LEFT, 100), 47.0, true, (32, 33, 36));
        buf
    };
    let racing: Vec<Vec<u8>> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..4).map(|_| s.spawn(draw)).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let again = draw();
    assert!(again.iter().any(|&b| b != 255), "text was drawn");
    assert!(racing.iter().all(|r| *r == again));
    // Text that is not NFC is drawn as its NFC form: a letter and its marks are one glyph.
    let decomposed = "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}";
    assert_eq!(text::ink(decomposed, 50.0, true), text::ink("Chuyển đổi số", 50.0, true));
    assert_eq!(width(decomposed, 50.0, true), width("Chuyển đổi số", 50.0, true));
}

#[test]
fn glyphs_are_drawn_as_plotters_drew_them() {
    // One glyph at a time (plotters placed a glyph without its left bearing, and blended
    // 256 coverage steps rather than 16): each pixel within what those steps can differ by.
    chart::register_font();
    for (c, size, bold) in [('Ệ', 50.0, true), ('ữ', 30.0, false), ('%', 84.0, true), ('g', 28.0, false)] {
        let (x, y) = (100, 100);
        let mut ours = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
        text::draw(&mut ours, (WIDTH, HEIGHT), &c.to_string(), (x, y), size, bold, (23, 78, 166));
        let mut theirs = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
        {
            use plotters::prelude::{BitMapBackend, IntoDrawingArea};
            use plotters::style::text_anchor::{HPos, Pos, VPos};
            use plotters::style::{FontDesc, FontFamily, FontStyle};
            let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
            let font = FontDesc::new(FontFamily::Name("DejaVu Sans"), size, style);
            let area = BitMapBackend::with_buffer(&mut theirs, (WIDTH, HEIGHT)).into_drawing_area();
            let at = (x + text::left_bearing(bold, size as f32, c), y);
            area.draw_text(
                &c.to_string(),
                &font.color(&RGBColor(23, 78, 166)).pos(Pos::new(HPos::Left, VPos::Top)),
                at,
            )
            .unwrap();
        }
        assert!(ours != vec![255u8; ours.len()], "{c} was drawn");
        let worst = ours.iter().zip(&theirs).map(|(a, b)| a.abs_diff(*b)).max().unwrap();
        assert!(worst <= 9, "{c} at {size}: a pixel differs by {worst}");
    }
}

#[test]
fn width_is_the_extent_of_the_drawn_ink() {
    for (s, size, bold) in [
        ("Mục tiêu 2026: ≥ 95%", 32.0, false),
        ("Cần tăng tốc", 34.0, true),
        ("Tỷ lệ hồ sơ được số hóa", 50.0, true),
        ("90,3%", 84.0, true),
        ("Số liệu đến Quý III/2026", 28.0, false),
        ("Hải Phòng", 30.0, false),
    ] {
        let (left, right) = text::ink(s, size, bold).unwrap();
        let w = width(s, size, bold);
        // Ink starts at the text's origin and ends at its width, but for the side bearings
        // of its first and last glyphs (a few pixels at most), to within a pixel.
        let first = s.chars().next().unwrap();
        let last = s.chars().last().unwrap();
        assert!((left - text::left_bearing(bold, size as f32, first)).abs() <= 1, "{s}: ink starts at {left}");
        let end = w as f32 - text::right_bearing(bold, size as f32, last);
        assert!((right as f32 - end).abs() <= 1.5, "{s}: ink ends at {right}, width {w}, less bearing {end}");
        assert!(left >= 0 && right <= w + 1 && right as f64 >= w as f64 - size / 10.0, "{s}: {left}..{right} of {w}");
    }
}

#[test]
fn a_long_vietnamese_title_wraps_within_the_picture() {
    let title = "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa, tái sử dụng \
                 dữ liệu đã số hóa và kết nối liên thông với Cơ sở dữ liệu quốc gia về dân cư";
    let max = WIDTH as i32 - 2 * LEFT;
    let lines = wrap(title, 50.0, true, max, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with(" …"));
    for line in &lines {
        let (left, right) = text::ink(line, 50.0, true).unwrap();
        assert!(left >= 0 && right <= max, "{line:?} inks {left}..{right} of {max}");
    }
    // Whole words, in order, none lost but at the end.
    let shown = lines.join(" ");
    assert!(title.starts_with(shown.trim_end_matches(" …")), "{shown}");
    assert!(lines[0].split(' ').count() > 3);
}

#[test]
fn long_titles_wrap_and_shorten() {
    let lines = wrap(&"từ ".repeat(200), 50.0, true, 1072, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with('…'));
    assert!(lines.iter().all(|l| width(l, 50.0, true) <= 1072));
    assert_eq!(wrap("ngắn", 50.0, true, 1072, 3), vec!["ngắn".to_string()]);
}

/// A name without spaces wider than the picture is broken at the line's end, and shortened
/// with "…" on the last line: never drawn past the edge.
#[test]
fn a_word_wider_than_a_line_is_broken_within_the_picture() {
    let max = WIDTH as i32 - 2 * LEFT;
    let word = "CHỈ_TIÊU_KHÔNG_DẤU_CÁCH_".repeat(8);
    let lines = wrap(&word, 50.0, true, max, 3);
    assert_eq!(lines.len(), 3);
    assert!(lines[2].ends_with(" …"), "{lines:?}");
    assert!(lines.iter().all(|l| width(l, 50.0, true) <= max), "{lines:?}");
    assert!(word.starts_with(&format!("{}{}", lines[0], lines[1])), "{lines:?}");
    // A word that fits two lines is all there.
    let two = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".repeat(2);
    let lines = wrap(&two, 50.0, true, max, 3);
    assert_eq!(lines.concat(), two);
    assert!(lines.len() == 2 && lines.iter().all(|l| width(l, 50.0, true) <= max), "{lines:?}");
    // One line of one piece keeps the letters that fit beside "…".
    let one = wrap(&word, 30.0, false, 300, 1);
    assert!(one[0].ends_with(" …") && one[0].len() > 10 && width(&one[0], 30.0, false) <= 300, "{one:?}");
}

#[test]
fn a_figure_shrinks_to_keep_its_unit_rather_than_lose_it() {
    // The figure's column on an indicator's picture.
    let column = 540 - LEFT;
    assert!(width("231 doanh nghiệp", 84.0, true) > column, "the case that was cut to \"231 …\"");
    let (size, lines) = fitted("231 doanh nghiệp", &[84.0, 72.0, 60.0, 50.0], true, column, 2);
    assert!(size < 84.0);
    assert_eq!(lines.join(" "), "231 doanh nghiệp");
    assert!(lines.iter().all(|l| width(l, size, true) <= column));
    // A short figure keeps the largest size.
    assert_eq!(fitted("90,3%", &[84.0, 72.0], true, column, 2), (84.0, vec!["90,3%".to_string()]));
    // A target too long for one line at the smallest size wraps onto two, whole.
    let target = "Mục tiêu 2030: ≥ 400 doanh nghiệp khởi nghiệp đổi mới sáng tạo";
    let (size, lines) = fitted(target, &[32.0, 28.0, 24.0], false, column, 2);
    assert_eq!((size, lines.len()), (24.0, 2));
    assert_eq!(lines.join(" "), target);
}

#[test]
fn a_picture_drawn_after_others_is_the_picture_drawn_alone() {
    // A thread's buffers keep the last picture, and the next puts back only what it drew on:
    // every picture must be exactly the one a fresh thread draws, whatever came before it.
    let trend = IndicatorChart {
        values: vec![(2025.75, 10.0, false), (2026.0, 84.5, false), (2026.75, 190.3, false)],
        targets: vec![chart::TargetMark { x: 2027.0, lo: 92.0, hi: 298.0, label: "92–298".into() }],
        path: Some(((2025.75, 10.0), (2030.0, 295.0))),
        ..Default::default()
    };
    let flat = IndicatorChart::default();
    let long = "Tỷ lệ hồ sơ thủ tục hành chính được số hóa, ký số và lưu trữ điện tử theo quy định của Chính phủ, tính trên tổng số hồ sơ tiếp nhận trong kỳ báo cáo";
    let cards: Vec<IndicatorCard> = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, status)| IndicatorCard {
            status: *status,
            status_label: if i % 2 == 0 { "Cần đẩy nhanh tiến độ · Minh họa" } else { status.as_str() },
            title: if i % 3 == 0 { long } else { "Chỉ số" },
            latest: (i % 2 == 1).then(|| (format!("{}", 1000 * i + 7), "30/9/2026".into())),
            target: (i % 3 != 1).then(|| "Mục tiêu 2030: ≥ 95% (hằng năm)".into()),
            // Another frame now and then: the buffers are then filled from it whole.
            site: if i == 4 { "Another site" } else { "Minh bạch Nghị quyết 57 — Hải Phòng" },
            ..card(if i % 2 == 0 { &trend } else { &flat })
        })
        .collect();
    let alone: Vec<Vec<u8>> =
        cards.iter().map(|c| std::thread::scope(|s| s.spawn(|| indicator_png(c)).join().unwrap())).collect();
    let home = HomeCard {
        site: "Minh bạch Nghị quyết 57 — Hải Phòng",
        subtitle: "Tình hình".into(),
        as_of: "Số liệu đến Quý III/2026",
        counts: Status::ALL.iter().map(|s| (*s, s.as_str().to_string(), 3)).collect(),
        tasks: None,
    };
    let home_alone = std::thread::scope(|s| s.spawn(|| home_png(&home)).join().unwrap());
    std::thread::scope(|s| {
        s.spawn(|| {
            for order in [false, true] {
                for k in 0..cards.len() {
                    let i = if order { cards.len() - 1 - k } else { k };
                    assert!(indicator_png(&cards[i]) == alone[i], "picture {i} drawn after others");
                    if k % 3 == 0 {
                        assert!(home_png(&home) == home_alone, "home after picture {i}");
                    }
                }
            }
        });
    });
}

#[test]
fn text_says_the_rectangle_it_drew_in() {
    let mut buf = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    let rect = text::draw(&mut buf, (WIDTH, HEIGHT), "Ệgjỷ Quý — 90,3%", (1000, 600), 50.0, true, (0, 0, 0))
        .expect("text was drawn");
    assert!(rect.0.end <= HEIGHT as usize && rect.1.end <= WIDTH as usize, "clipped to the picture: {rect:?}");
    for (i, px) in buf.chunks_exact(3).enumerate() {
        if px != [255, 255, 255] {
            let (y, x) = (i / WIDTH as usize, i % WIDTH as usize);
            assert!(rect.0.contains(&y) && rect.1.contains(&x), "({x}, {y}) outside {rect:?}");
        }
    }
}

#[test]
fn text_drawn_through_the_palette_is_the_text_blended_in_rgb() {
    // Text over the frame, a badge, other text and a row of other colours, drawn by a canvas
    // that keeps the palette (each index and weight blended once), is the text blended pixel
    // by pixel; and so is text whose blends go past 256 colours on the way.
    let frame = framed("Minh bạch Nghị quyết 57 — Hải Phòng", "Số liệu đến Quý III/2026");
    assert!(frame.table.is_some(), "the frame has a palette");
    let draw = |by_palette: bool, extra_colours: usize, overlap: bool| {
        let mut pixels = frame.pixels.clone();
        let mut indices = frame.indices.clone();
        let mut table = frame.table.clone();
        let mut drawn = Vec::new();
        let mut canvas = Canvas { buf: &mut pixels, indices: &mut indices, table: &mut table, drawn: &mut drawn };
        if !by_palette {
            *canvas.table = None;
        }
        badge(&mut canvas, Status::OnTrack, "Đúng tiến độ", (LEFT, 290), 34.0);
        canvas.shapes((400..401, 0..WIDTH as i32), |pen| {
            for i in 0..extra_colours as i32 {
                pen.fill(400..401, i..i + 1, RGBColor(i as u8, 1, 2));
            }
        });
        canvas.text("Tỷ lệ hồ sơ được số hóa — Đạt 90,3%", (LEFT, 96), 50.0, true, &INK);
        canvas.text("Cần tăng tốc · Minh họa", (LEFT + 20, 302), 34.0, true, &chart::VALUE);
        // Over the text before it (every blend of two texts: past 256 colours), or below it.
        let y = if overlap { 310 } else { 380 };
        canvas.text("Ệgjỷ Quý — 90,3%", (LEFT + 40, y), 28.0, false, &MUTED);
        (pixels, indices, table.map(|t| t.colours().to_vec()))
    };
    let mut kept = Vec::new();
    for (extra, overlap) in [(0, false), (0, true), (90, false), (250, false)] {
        let (ours, indices, colours) = draw(true, extra, overlap);
        let (theirs, ..) = draw(false, extra, overlap);
        assert!(ours == theirs, "{extra} more colours, overlap {overlap}: the same pixels either way");
        if let Some(colours) = &colours {
            let shown: Vec<u8> = indices.iter().flat_map(|&i| colours[i as usize * 3..][..3].to_vec()).collect();
            assert!(shown == ours, "{extra} more colours: each index is its pixel's colour");
        }
        kept.push(colours.is_some());
    }
    assert_eq!(kept, [true, false, true, false], "past 256 colours only where the text overlaps or the row adds many");
}
