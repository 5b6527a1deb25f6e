//! Share pictures: the 1200×630 PNG that a link preview shows (`og:image`), one per indicator
//! and one for the home page, drawn at build time from the same data as the charts, with the bundled DejaVu Sans (never a font of the building machine).
//! Same input, same bytes: nothing here reads the clock or the machine.

use plotters::style::{RGBColor, WHITE};

use rayon::prelude::*;

use super::chart::{self, IndicatorChart};
use super::context::Lang;
use super::format;
use super::memo::Memo;
use super::views;
use crate::assess::Assessment;
use crate::assess::status::Status;
use crate::cache::pictures::{Pictures, Shows};
use crate::model::Site;
use crate::output::{Bytes, Made, Passer};
use crate::theme::Theme;

mod canvas;
mod deflate;
mod encode;
mod layout;
mod shapes;
mod text;

use canvas::{Canvas, Rect};
use layout::{fitted, width, wrap};
use shapes::Pen;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
const INK: RGBColor = RGBColor(32, 33, 36);
const MUTED: RGBColor = RGBColor(77, 81, 86);
const LINE: RGBColor = RGBColor(218, 220, 224);
const LEFT: i32 = 64;

/// The colours of a status badge as the stylesheet draws it: background, text, border.
pub fn status_colors(s: Status) -> (RGBColor, RGBColor, RGBColor) {
    match s {
        Status::Achieved => (RGBColor(230, 244, 234), RGBColor(30, 70, 32), RGBColor(168, 218, 181)),
        Status::OnTrack => (RGBColor(232, 240, 254), RGBColor(23, 78, 166), RGBColor(174, 203, 250)),
        Status::NeedsAcceleration => (RGBColor(254, 247, 224), RGBColor(107, 65, 0), RGBColor(253, 214, 99)),
        Status::OffTrack | Status::Regressing => {
            (RGBColor(252, 232, 230), RGBColor(140, 29, 24), RGBColor(246, 174, 169))
        }
        Status::Missed => (RGBColor(243, 232, 253), RGBColor(91, 42, 134), RGBColor(215, 174, 251)),
        Status::InsufficientData | Status::NoData => {
            (RGBColor(241, 243, 244), RGBColor(60, 64, 67), RGBColor(218, 220, 224))
        }
    }
}

/// An indicator's picture: its title, latest value against the target, status word, trend.
#[derive(Debug, serde::Serialize)]
pub struct IndicatorCard<'a> {
    pub site: &'a str,
    pub title: &'a str,
    /// "90,3%" and when, e.g. "30/9/2026".
    pub latest: Option<(String, String)>,
    /// "Mục tiêu 2026: ≥ 95%".
    pub target: Option<String>,
    pub status: Status,
    pub status_label: &'a str,
    pub as_of: &'a str,
    pub chart: &'a IndicatorChart,
}

/// The home page's picture: the site's title and its indicators counted by status.
#[derive(Debug, serde::Serialize)]
pub struct HomeCard<'a> {
    pub site: &'a str,
    pub subtitle: String,
    pub as_of: &'a str,
    /// (status, its word, how many), statuses with none left out.
    pub counts: Vec<(Status, String, usize)>,
    pub tasks: Option<String>,
}

/// A status as a solid colour: its badge's text colour, lighter grey for no data.
fn swatch(s: Status) -> RGBColor {
    if s == Status::NoData { RGBColor(154, 160, 166) } else { status_colors(s).1 }
}

/// The frame every picture shares: a coloured band, the site's name, and the date of the data.
fn frame(canvas: &mut Canvas, site: &str, as_of: &str) {
    let (w, h) = (WIDTH as i32, HEIGHT as i32);
    canvas.shapes((0..h, 0..w), |pen| {
        pen.fill(0..h, 0..w, WHITE);
        pen.fill(0..13, 0..w, chart::VALUE);
        pen.fill(h - 64..h, 0..w, RGBColor(246, 247, 248));
        pen.fill(h - 64..h - 62, 0..w, LINE);
    });
    let site = wrap(site, 30.0, false, WIDTH as i32 - 2 * LEFT, 1).join(" ");
    canvas.text(&site, (LEFT, 40), 30.0, false, &MUTED);
    canvas.text(as_of, (LEFT, HEIGHT as i32 - 46), 28.0, false, &MUTED);
}

fn badge(canvas: &mut Canvas, s: Status, label: &str, (x, y): (i32, i32), size: f64) {
    let (bg, fg, border) = status_colors(s);
    let w = width(label, size, true) + 36;
    let h = (size * 1.5) as i32;
    let (rows, cols) = (y..y + h + 1, x..x + w + 1);
    canvas.shapes((rows.clone(), cols.clone()), |pen| {
        pen.fill(rows.clone(), cols.clone(), bg);
        pen.outline(rows, cols, 3, border);
    });
    canvas.text(label, (x + 18, y + h / 2 - (size * 0.3) as i32), size, true, &fg);
}

/// The trend: the values' line against the target, without text (the picture says the
/// numbers in large type beside it), in the rectangle whose edges are `left`, `top`, `right`
/// and `bottom`, within a margin of 10 pixels.
fn trend(pen: &mut Pen, (left, top, right, bottom): (f64, f64, f64, f64), c: &IndicatorChart) {
    let ((x0, x1), (y0, y1)) = chart::bounds(c);
    let (left, top, right, bottom) = (left + 10.0, top + 10.0, right - 10.0, bottom - 10.0);
    let at = |(x, y): (f64, f64)| {
        (left + (x - x0) / (x1 - x0) * (right - left), bottom - (y - y0) / (y1 - y0) * (bottom - top))
    };
    pen.line(at((x0, y0)), at((x1, y0)), 3.0, MUTED);
    if let Some((a, b)) = c.path {
        pen.dashed(at(a), at(b), (14.0, 10.0), 4.0, chart::PATH);
    }
    for t in &c.targets {
        if t.hi > t.lo {
            let half = (x1 - x0) * 0.02;
            let ((l, up), (r, down)) = (at((t.x - half, t.hi)), at((t.x + half, t.lo)));
            let whole = |v: f64| v.round() as i32;
            pen.blend(whole(up)..whole(down) + 1, whole(l)..whole(r) + 1, chart::TARGET, 0.3);
        } else {
            pen.triangle(at((t.x, t.lo)), 16.0, chart::TARGET);
        }
    }
    let line: Vec<(f64, f64)> = c.values.iter().map(|(x, y, _)| at((*x, *y))).collect();
    for pair in line.windows(2) {
        pen.line(pair[0], pair[1], 7.0, chart::VALUE);
    }
    for p in &line {
        pen.disc(*p, 8.0, chart::VALUE);
    }
}

/// The buffers a thread draws and encodes its pictures in, kept from one picture to the
/// next rather than allocated (2.2 MB of pixels) for each. After a picture they hold its
/// frame and what was drawn over it: the next picture over the same frame puts back only
/// the rectangles drawn on, rather than copying the whole frame (3 MB) again.
#[derive(Default)]
struct Scratch {
    pixels: Vec<u8>,
    indices: Vec<u8>,
    png: Vec<u8>,
    /// The frame the buffers were last filled from, and the rectangles drawn on since.
    over: Option<std::sync::Arc<Frame>>,
    drawn: Vec<Rect>,
}

impl Scratch {
    /// The buffers as `frame` alone, ready to be drawn on.
    fn reset(&mut self, frame: &std::sync::Arc<Frame>) {
        let same = self.over.as_ref().is_some_and(|f| std::sync::Arc::ptr_eq(f, frame));
        if same && self.pixels.len() == frame.pixels.len() && self.indices.len() == frame.indices.len() {
            let width = WIDTH as usize;
            for (rows, cols) in self.drawn.drain(..) {
                for y in rows {
                    let (a, b) = (y * width + cols.start, y * width + cols.end);
                    self.pixels[a * 3..b * 3].copy_from_slice(&frame.pixels[a * 3..b * 3]);
                    self.indices[a..b].copy_from_slice(&frame.indices[a..b]);
                }
            }
            return;
        }
        self.pixels.clear();
        self.pixels.extend_from_slice(&frame.pixels);
        self.indices.clear();
        self.indices.extend_from_slice(&frame.indices);
        self.drawn.clear();
        self.over = Some(frame.clone());
    }
}

/// A picture painted over its frame (see [`framed`]), as a PNG.
fn draw(site: &str, as_of: &str, paint: impl FnOnce(&mut Canvas)) -> Vec<u8> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    }
    let frame = framed(site, as_of);
    SCRATCH.with(|scratch| {
        let mut guard = scratch.borrow_mut();
        guard.reset(&frame);
        let Scratch { pixels, indices, png, drawn, over } = &mut *guard;
        let mut table = frame.table.clone();
        paint(&mut Canvas { buf: pixels, indices, table: &mut table, drawn });
        #[cfg(test)]
        tests::LAST.with(|last| last.replace(pixels.clone()));
        // Most files are 30–50 KB, a few (RGB) up to 140 KB: room for most from the start.
        png.reserve(96 * 1024);
        match &table {
            Some(table) => encode::indexed_png(indices, table.colours(), (WIDTH, HEIGHT), png),
            // Past 256 colours as drawn, perhaps not as shown (a colour drawn over entirely
            // still counted): the encoder looks at every pixel, and numbers the colours of
            // every index anew, so the next picture starts from a whole copy of its frame.
            None => {
                encode::png(pixels, (WIDTH, HEIGHT), indices, png);
                *over = None;
            }
        }
        png.as_slice().to_vec()
    })
}

/// A frame as drawn, its pixels' indices into its colours, and those colours (`None` past 256).
struct Frame {
    pixels: Vec<u8>,
    indices: Vec<u8>,
    table: Option<encode::Table>,
}

/// The frame, drawn once for each site name and date and copied into every picture that shows
/// them (all the pictures of a language), rather than drawn again for each: its text was a
/// sixth of the time of a picture. A few frames are kept, for the languages.
fn framed(site: &str, as_of: &str) -> std::sync::Arc<Frame> {
    type Frames = Vec<((String, String), std::sync::Arc<Frame>)>;
    static FRAMES: std::sync::Mutex<Frames> = std::sync::Mutex::new(Vec::new());
    let lock = || FRAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, frame)) = lock().iter().find(|((s, a), _)| s == site && a == as_of) {
        return frame.clone();
    }
    let mut pixels = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    frame(&mut Canvas { buf: &mut pixels, indices: &mut [], table: &mut None, drawn: &mut Vec::new() }, site, as_of);
    let mut indices = vec![0; (WIDTH * HEIGHT) as usize];
    let mut table = Some(encode::Table::new());
    if let Some(t) = table.as_mut()
        && encode::scan(&pixels, WIDTH as usize, (0..HEIGHT as usize, 0..WIDTH as usize), &mut indices, t).is_none()
    {
        table = None;
    }
    let frame = std::sync::Arc::new(Frame { pixels, indices, table });
    let mut frames = lock();
    if frames.len() >= 8 {
        frames.remove(0);
    }
    frames.push(((site.to_string(), as_of.to_string()), frame.clone()));
    frame
}

/// The PNG of an indicator's share picture.
pub fn indicator_png(card: &IndicatorCard) -> Vec<u8> {
    draw(card.site, card.as_of, |canvas| {
        let title = wrap(card.title, 50.0, true, WIDTH as i32 - 2 * LEFT, 3);
        let mut y = 96;
        for line in &title {
            canvas.text(line, (LEFT, y), 50.0, true, &INK);
            y += 62;
        }
        y += 18;
        let column = 540;
        if let Some((value, date)) = &card.latest {
            let (size, lines) = fitted(value, &[84.0, 72.0, 60.0, 50.0], true, column - LEFT, 2);
            let step = (size * 1.1).round() as i32;
            for line in &lines {
                canvas.text(line, (LEFT, y), size, true, &chart::VALUE);
                y += step;
            }
            canvas.text(date, (LEFT, y + 92 - step), 28.0, false, &MUTED);
            y += 140 - step;
        }
        if let Some(target) = &card.target {
            let (size, lines) = fitted(target, &[32.0, 28.0, 24.0], false, column - LEFT, 2);
            for line in &lines {
                canvas.text(line, (LEFT, y), size, false, &chart::TARGET);
                y += (size * 1.3).round() as i32;
            }
            y += 52 - (size * 1.3).round() as i32;
        }
        badge(canvas, card.status, card.status_label, (LEFT, y.min(HEIGHT as i32 - 140)), 34.0);
        let top = (96 + 62 * title.len() as i32 + 10).max(250);
        if card.chart.values.len() + card.chart.targets.len() > 0 {
            // The trend's area, and its markers' reach past it.
            let (rows, cols) = (top..HEIGHT as i32 - 80, column + 40..WIDTH as i32 - LEFT);
            let edges = (f64::from(cols.start), f64::from(rows.start), f64::from(cols.end), f64::from(rows.end));
            canvas.shapes((rows.start - 16..rows.end + 16, cols.start - 16..cols.end + 16), |pen| {
                trend(pen, edges, card.chart)
            });
        }
    })
}

/// The PNG of the home page's share picture.
pub fn home_png(card: &HomeCard) -> Vec<u8> {
    draw(card.site, card.as_of, |canvas| {
        let mut y = 96;
        for line in wrap(&card.subtitle, 54.0, true, WIDTH as i32 - 2 * LEFT, 3) {
            canvas.text(&line, (LEFT, y), 54.0, true, &INK);
            y += 66;
        }
        y += 24;
        // Indicators by status: a bar, then each status in words with its count.
        let total: usize = card.counts.iter().map(|c| c.2).sum();
        let full = WIDTH as i32 - 2 * LEFT;
        let mut x = LEFT;
        for (i, (s, _, n)) in card.counts.iter().enumerate() {
            let w = if i + 1 == card.counts.len() {
                LEFT + full - x
            } else {
                (*n as f64 / total.max(1) as f64 * full as f64).round() as i32
            };
            canvas.shapes((y..y + 41, x..x + w + 1), |pen| pen.fill(y..y + 41, x..x + w + 1, swatch(*s)));
            x += w;
        }
        y += 64;
        let mut x = LEFT;
        for (s, label, n) in &card.counts {
            let words = format!("{label}: {n}");
            let w = width(&words, 30.0, false) + 64;
            if x + w > WIDTH as i32 - LEFT {
                x = LEFT;
                y += 48;
            }
            canvas.shapes((y + 2..y + 31, x..x + 29), |pen| pen.fill(y + 2..y + 31, x..x + 29, swatch(*s)));
            canvas.text(&words, (x + 38, y), 30.0, false, &INK);
            x += w;
        }
        if let Some(tasks) = &card.tasks {
            canvas.text(tasks, (LEFT, y + 64), 32.0, false, &INK);
        }
    })
}

/// Where a page's share picture is, as an output path: the home page's and each indicator's.
pub fn picture_path(lang: &Lang, page: &str) -> String {
    lang.path(&format!("{page}share.png"))
}

/// Said when a site has no `base_url`: its pages still work, but link previews cannot.
pub fn no_base_url_warning() -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic {
        severity: crate::diagnostic::Severity::Warning,
        file: None,
        range: None,
        message: "site.toml has no `base_url`: shared links will have no picture and no address (og:image, og:url)"
            .into(),
        help: Some("set base_url = \"https://…/\" in site.toml, or pass --base-url to build".into()),
    }
}

/// The Open Graph locale of a language.
fn locale(code: &str) -> &'static str {
    match code {
        "vi" => "vi_VN",
        _ => "en_US",
    }
}

/// What a page's link preview needs: its absolute address and picture (both only with a
/// `base_url`: previews cannot resolve relative addresses), its locale, and those of the other
/// languages it has a version in.
pub fn meta(
    site: &Site,
    a: &Assessment,
    context: &super::Context,
    lang: &Lang,
    path: &str,
    other_languages: &[&str],
) -> serde_json::Value {
    let root = super::feeds::published_at(site, context.snapshot_of(site, a));
    let page = path.strip_prefix(lang.prefix.as_str()).unwrap_or(path);
    let parts: Vec<&str> = page.split('/').collect();
    let pictured = page == "index.html"
        || (parts.len() == 3 && parts[0] == "indicators" && site.indicators.iter().any(|i| i.id == parts[1]));
    serde_json::json!({
        "locale": locale(lang.code),
        "alternate_locales": other_languages.iter().map(|c| locale(c)).collect::<Vec<_>>(),
        "url": root.as_ref().map(|r| format!("{r}{}", path.trim_end_matches("index.html"))),
        "image": root.as_ref().filter(|_| pictured).map(|r| format!("{r}{}", path.replace("index.html", "share.png"))),
    })
}

/// Every share picture of the site, in every language, drawn on every core and handed on by
/// `passer`; the files made are returned to be recorded. Only sites with a `base_url` get
/// them: a link preview needs the picture's absolute address.
pub fn pictures(
    site: &Site,
    a: &Assessment,
    langs: &[(String, String)],
    theme: &Theme,
    kept: Option<(&Memo, crate::inputs::Digests)>,
    cached: Option<&Pictures>,
    passer: Passer,
) -> Vec<Made> {
    if site.config.base_url.is_none() {
        return Vec::new();
    }
    let memo = kept.map(|(memo, _)| memo);
    let period = &site.periods[a.as_of.index];
    // Each language's frame texts: the site's name and the date the figures stand at.
    let framed: Vec<(Lang, String, String)> = langs
        .iter()
        .map(|(code, prefix)| {
            let lang = Lang { code, prefix: prefix.clone(), theme };
            let title = lang.pick(&site.config.title, site.config.title_en.as_deref()).to_string();
            let as_of = format!(
                "{} {} ({})",
                lang.t("as_of"),
                lang.pick(&period.label, period.label_en.as_deref()),
                format::date(period.end, lang.code)
            );
            (lang, title, as_of)
        })
        .collect();
    // Every picture of every language (`None`: the home page's), drawn on every core and
    // handed on as soon as it is drawn.
    let pictures: Vec<(usize, Option<usize>)> = (0..framed.len())
        .flat_map(|l| (0..site.indicators.len()).map(move |i| (l, Some(i))).chain(std::iter::once((l, None))))
        .collect();
    let program = crate::inputs::program().unwrap_or_default();
    let draw_all = || -> Vec<(crate::render::memo::Key, Made)> {
        pictures
            .into_par_iter()
            // A few pictures at a time to each core, so both finish together (see `load`).
            .with_max_len(4)
            .map(|(l, which)| {
                let (lang, title, as_of) = &framed[l];
                // A picture of the same card drawn by the same program is the same picture: kept
                // from the last build of the output folder, or from a preview's last rebuild, else
                // drawn. (A program that cannot read itself keeps nothing from the folder.)
                // Else from the cache an earlier build left, for a build into another folder.
                let picture = |path: String, card: Vec<u8>, draw: &dyn Fn() -> Vec<u8>| {
                    let key = Memo::key([b"share".as_slice(), program, card.as_slice()]);
                    let hex = hex::encode(key);
                    let cached = cached.filter(|_| !program.is_empty());
                    if let Some(made) = passer.kept(&path, &hex).filter(|_| !program.is_empty()) {
                        if let Some(cached) = cached {
                            cached.shown(&hex, Shows::Kept);
                        }
                        return (key, made);
                    }
                    let png = match (memo, cached) {
                        // A preview takes what it has in memory first, and only reads the cache.
                        (Some(memo), _) => memo.piece(key, || match cached.and_then(|c| c.get(&hex)) {
                            Some(png) => {
                                cached.inspect(|c| c.shown(&hex, Shows::Found));
                                png.to_vec()
                            }
                            None => draw(),
                        }),
                        (None, Some(cached)) => match cached.get(&hex) {
                            Some(png) => {
                                cached.shown(&hex, Shows::Found);
                                png
                            }
                            None => {
                                let png = Bytes::new(draw());
                                cached.shown(&hex, Shows::Drawn(&png));
                                png
                            }
                        },
                        (None, None) => Bytes::new(draw()),
                    };
                    (key, passer.pass_keyed(path, &hex, png))
                };
                match which {
                    Some(i) => {
                        let (ind, ia) = (&site.indicators[i], &a.indicators[i]);
                        let data = views::indicator_chart_data(lang, &site.periods, ind, ia);
                        let (latest, target) = super::words::headline(lang, &site.periods, ind, ia, a.as_of.date);
                        let target = target.map(|(by, text)| format!("{} {by}: {text}", lang.t("target")));
                        // A status drawn from illustrative figures says so in the picture too.
                        let mut label = lang.t(&format!("status_{}", ia.status.as_str())).to_string();
                        if ia.status_illustrative {
                            label = format!("{label} · {}", lang.t("sample_badge"));
                        }
                        let card = IndicatorCard {
                            site: title,
                            title: &data.title,
                            latest,
                            target,
                            status: ia.status,
                            status_label: &label,
                            as_of,
                            chart: &data,
                        };
                        let path = picture_path(lang, &format!("indicators/{}/", ind.id));
                        picture(path, card_bytes(&card), &|| indicator_png(&card))
                    }
                    None => {
                        let home = home_card(site, a, lang, title, as_of);
                        picture(picture_path(lang, ""), card_bytes(&home), &|| home_png(&home))
                    }
                }
            })
            .collect()
    };
    match kept {
        // A preview keeps the whole set while every input but the text of posts is the same,
        // without making each card again to know it did not change; the pictures stay kept
        // one by one for the rebuild after an edit that changes some of them.
        Some((memo, inputs)) => {
            let key = Memo::key([b"share pictures".as_slice(), program, &inputs.without_post_text]);
            let set = memo.share_pictures(key, draw_all);
            memo.keep_pieces(set.iter().map(|(key, _)| key));
            set.iter().map(|(_, made)| made.clone()).collect()
        }
        None => draw_all().into_iter().map(|(_, made)| made).collect(),
    }
}

/// Everything a card says, as the key of its picture. (Its `Debug` text was the key before:
/// escaping every character of it took as long as drawing some pictures.)
fn card_bytes<C: serde::Serialize + std::fmt::Debug>(card: &C) -> Vec<u8> {
    serde_json::to_vec(card).unwrap_or_else(|_| format!("{card:?}").into_bytes())
}

fn home_card<'a>(site: &Site, a: &Assessment, lang: &Lang, title: &'a str, as_of: &'a str) -> HomeCard<'a> {
    let period = &site.periods[a.as_of.index];
    let counts = Status::ALL
        .iter()
        .filter_map(|s| {
            let n = a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| (*s, lang.t(&format!("status_{}", s.as_str())), n))
        })
        .collect();
    let tasks = a.rollups.site.tasks.total;
    let mut subtitle = format!(
        "{} {}",
        lang.t("where_things_stand").trim_end_matches(':'),
        lang.pick(&period.label, period.label_en.as_deref())
    );
    if a.rollups.site.indicators.illustrative > 0 || a.rollups.site.tasks.illustrative > 0 {
        subtitle = format!("{subtitle} ({})", lang.t("sample_badge"));
    }
    HomeCard {
        site: title,
        subtitle,
        as_of,
        counts,
        tasks: Some(format!(
            "{} {} · {tasks} {}",
            site.indicators.len(),
            lang.t(if site.indicators.len() == 1 { "indicator_lc" } else { "indicators_lc" }),
            lang.t(if tasks == 1 { "task_lc" } else { "tasks_lc" })
        )),
    }
}

#[cfg(test)]
mod measure;
#[cfg(test)]
mod tests;
