//! Not checks: what a share picture costs to draw and encode, printed (see each test).

/// Not a check: what a picture costs to draw and encode, printed. Run with
/// `cargo test --release --lib share::measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn picture_cost_measured() {
    use super::*;
    let trend = IndicatorChart {
        values: vec![(2025.75, 80.0, false), (2026.75, 90.3, false)],
        targets: vec![chart::TargetMark { x: 2030.0, lo: 95.0, hi: 95.0, label: "≥ 95%".into() }],
        path: Some(((2025.75, 80.0), (2030.0, 95.0))),
        percent: true,
        ..Default::default()
    };
    let no_data = IndicatorChart {
        targets: vec![chart::TargetMark { x: 2026.0, lo: 70.0, hi: 70.0, label: "≥ 70%".into() }],
        percent: true,
        ..Default::default()
    };
    let titles = [
        "Tỷ lệ hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa",
        "Số doanh nghiệp công nghệ số đang hoạt động trên địa bàn thành phố",
        "Tỷ lệ hệ thống thông tin, cơ sở dữ liệu của các cơ quan đảng được đánh giá",
        "Share of Party agencies' information systems and databases assessed and secured by level",
    ];
    let draw = |i: usize| {
        let even = i.is_multiple_of(2);
        let card = IndicatorCard {
            site: "Minh bạch thực hiện Nghị quyết 57 — Hải Phòng",
            title: titles[i % titles.len()],
            latest: even.then(|| ("90,3%".to_string(), "30/9/2026".to_string())),
            target: Some("Mục tiêu 2030: ≥ 95%".into()),
            status: if even { Status::OnTrack } else { Status::NoData },
            status_label: if even { "Đúng tiến độ" } else { "Chưa có số liệu" },
            as_of: "Số liệu tính đến kỳ Quý III/2026 (30/9/2026)",
            chart: if even { &trend } else { &no_data },
        };
        indicator_png(&card)
    };
    let n = 200;
    let _ = draw(0);
    // The best of five rounds: the machine is shared.
    let mut best = std::time::Duration::MAX;
    let mut bytes = 0;
    for _ in 0..5 {
        let start = std::time::Instant::now();
        bytes = (0..n).map(|i| draw(i).len()).sum::<usize>();
        best = best.min(start.elapsed());
    }
    println!("indicator picture: {:?} and {} bytes a picture", best / n as u32, bytes / n);
}

/// Not a check: how the encoding settings compare on real pictures, printed. Run with
/// `MINHBACH_SHARE_DIR=<a built site> cargo test --release --lib share::measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn encoding_settings_measured() {
    let Ok(dir) = std::env::var("MINHBACH_SHARE_DIR") else {
        println!("set MINHBACH_SHARE_DIR to a built site's folder to measure its pictures");
        return;
    };
    let mut pictures = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        // Snapshots under archive/ are copied from the repository, not drawn by this program.
        let archived = entry.path().components().any(|c| c.as_os_str() == "archive");
        if entry.file_name() == "share.png" && !archived && pictures.len() < 200 {
            let bytes = std::fs::read(entry.path()).unwrap();
            let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
            decoder.set_transformations(png::Transformations::EXPAND);
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            reader.next_frame(&mut buf).unwrap();
            let n = buf.chunks_exact(3).map(|c| (c[0], c[1], c[2])).collect::<std::collections::BTreeSet<_>>().len();
            if n > 256 {
                println!("{n} colours: {}", entry.path().display());
            }
            pictures.push(buf);
        }
    }
    let mut colours: Vec<usize> = pictures
        .iter()
        .map(|p| p.chunks_exact(3).map(|c| (c[0], c[1], c[2])).collect::<std::collections::BTreeSet<_>>().len())
        .collect();
    colours.sort();
    println!(
        "{} pictures; colours min {} median {} max {}",
        pictures.len(),
        colours[0],
        colours[colours.len() / 2],
        colours[colours.len() - 1]
    );
    println!("<= 256 colours: {}", colours.iter().filter(|&&n| n <= 256).count());
    use super::encode::{Settings, png_with};
    use png::{DeflateCompression as D, Filter as F};
    let variants = [
        Settings { palette: false, filter: F::Sub, deflate: D::FdeflateUltraFast },
        Settings { palette: false, filter: F::Adaptive, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::NoFilter, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::Sub, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::Up, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::Paeth, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::Adaptive, deflate: D::FdeflateUltraFast },
        Settings { palette: true, filter: F::NoFilter, deflate: D::Level(1) },
        Settings { palette: true, filter: F::NoFilter, deflate: D::Level(3) },
        Settings { palette: true, filter: F::NoFilter, deflate: D::Level(6) },
        Settings { palette: true, filter: F::Sub, deflate: D::Level(1) },
        Settings { palette: true, filter: F::Up, deflate: D::Level(1) },
    ];
    let (mut indices, mut out) = (Vec::new(), Vec::new());
    for s in variants {
        // The best of three rounds: the machine is shared.
        let mut best = std::time::Duration::MAX;
        let mut bytes = 0;
        for _ in 0..3 {
            let start = std::time::Instant::now();
            bytes = 0;
            for p in &pictures {
                png_with(s, p, (super::WIDTH, super::HEIGHT), &mut indices, &mut out);
                bytes += out.len();
            }
            best = best.min(start.elapsed());
        }
        let n = pictures.len() as u32;
        println!("{s:?}: {:?} and {} bytes a picture", best / n, bytes / n as usize);
    }
    // The writer of `deflate.rs` against fdeflate (palette, Up), taking turns, the palette
    // found once before: the part of the encoding the two differ in.
    let indexed: Vec<(Vec<u8>, Vec<u8>)> = pictures
        .iter()
        .filter_map(|p| {
            let mut indices = Vec::new();
            let colours = super::encode::palette(p, super::WIDTH as usize, &mut indices)?;
            Some((indices, colours))
        })
        .collect();
    let (mut own, mut general, mut own_bytes, mut general_bytes) =
        (std::time::Duration::MAX, std::time::Duration::MAX, 0, 0);
    for _ in 0..5 {
        let start = std::time::Instant::now();
        own_bytes = 0;
        for (i, c) in &indexed {
            super::encode::indexed_png(i, c, (super::WIDTH, super::HEIGHT), &mut out);
            own_bytes += out.len();
        }
        own = own.min(start.elapsed());
        let start = std::time::Instant::now();
        general_bytes = 0;
        for (i, c) in &indexed {
            out.clear();
            let mut enc = png::Encoder::new(&mut out, super::WIDTH, super::HEIGHT);
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(c.as_slice());
            enc.set_filter(png::Filter::Up);
            enc.set_deflate_compression(D::FdeflateUltraFast);
            let _ = enc.write_header().and_then(|mut w| w.write_image_data(i));
            general_bytes += out.len();
        }
        general = general.min(start.elapsed());
    }
    let n = indexed.len().max(1);
    println!("deflate.rs: {:?} and {} bytes a picture", own / n as u32, own_bytes / n);
    println!("fdeflate:   {:?} and {} bytes a picture", general / n as u32, general_bytes / n);
    let start = std::time::Instant::now();
    for p in &pictures {
        let _ = super::encode::palette(p, super::WIDTH as usize, &mut indices);
    }
    println!("palette alone: {:?} a picture", start.elapsed() / pictures.len() as u32);
    // Where the colours are: the left (text) and right (chart) halves of the first pictures.
    for p in pictures.iter().take(3) {
        let half = |left: bool| {
            p.chunks_exact(3)
                .enumerate()
                .filter(|(i, _)| ((i % super::WIDTH as usize) < 560) == left)
                .map(|(_, c)| (c[0], c[1], c[2]))
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        };
        println!("left {} right {}", half(true), half(false));
    }
}
