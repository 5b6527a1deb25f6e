//! Build speed on a large generated site and rebuild speed of the default site.
//!
//! `cargo bench` builds generated sites of a tenth and a third of issue #14's national scale
//! (40 plans × 250 tasks, 2,000 indicators × 12 periods, 4,000 posts, 100 units), checks what
//! they built, and prints the median of several runs: full build (as a fresh clone builds, and
//! with the cache an earlier build left), rebuild with nothing changed,
//! rebuild in memory as `serve` does, time per page and the time of each stage.
//! `MINHBACH_BENCH_SCALE=national cargo bench` adds the national site itself.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use minhbach::build::{self, BuildOptions, Mode};
use minhbach::output::Files;
use minhbach::render::memo::Memo;

// The allocator of the `minhbach` command, so that the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The size of a generated site. `NATIONAL` is issue #14's goal: a ministry-wide site.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub name: &'static str,
    pub units: usize,
    pub plans: usize,
    pub tasks: usize,
    pub indicators: usize,
    pub posts: usize,
}

/// 40 plans × 250 tasks, 2,000 indicators × 12 periods, 4,000 posts, 100 units.
const NATIONAL: Scale = Scale { name: "national", units: 100, plans: 40, tasks: 250, indicators: 2000, posts: 4000 };

impl Scale {
    /// `1/n` of the national site in every dimension but tasks per plan.
    fn fraction(n: usize, name: &'static str) -> Scale {
        let d = |x: usize| x.div_ceil(n).max(1);
        Scale {
            name,
            units: d(NATIONAL.units),
            plans: d(NATIONAL.plans),
            tasks: NATIONAL.tasks,
            indicators: d(NATIONAL.indicators),
            posts: d(NATIONAL.posts),
        }
    }
}

const YEARS: [i32; 3] = [2024, 2025, 2026];
const PERIODS: usize = 12;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site of the given scale with a report of every indicator and task in every period, task
/// notes in Markdown (some repeated, as real reports repeat them), and posts spread over the
/// periods. With a `base_url`, so that share pictures are drawn as on a published site.
fn generate(root: &Path, sc: &Scale) {
    let last = format!("{}-Q4", YEARS[YEARS.len() - 1]);
    write(
        root,
        "site.toml",
        &format!(
            "title = \"Trang thử tải lớn\"\nlanguages = [\"vi\", \"en\"]\ncurrent_period = \"{last}\"\nbase_url = \"https://example.gov.vn/thu/\"\n"
        ),
    );
    let mut units = String::new();
    for u in 0..sc.units {
        let _ = write!(units, "[[unit]]\nid = \"u{u}\"\nname = \"Đơn vị số {u}\"\naliases = [\"ĐV{u}\"]\n\n");
    }
    write(root, "data/units.toml", &units);
    let mut periods = String::new();
    let mut ids = Vec::new();
    for y in YEARS {
        for (q, (s, e)) in
            [("01-01", "03-31"), ("04-01", "06-30"), ("07-01", "09-30"), ("10-01", "12-31")].iter().enumerate()
        {
            let id = format!("{y}-Q{}", q + 1);
            let _ = write!(
                periods,
                "[[period]]\nid = \"{id}\"\nlabel = \"Quý {}/{y}\"\nstart = {y}-{s}\nend = {y}-{e}\n\n",
                q + 1
            );
            ids.push(id);
        }
    }
    write(root, "data/periods.toml", &periods);
    let dues = ["Quý II/2025", "Thường xuyên", "Tháng 12/2026", "Hàng năm", "2025-2027", "trước ngày 20/5/2026"];
    let sections = sc.tasks.div_ceil(10);
    for p in 0..sc.plans {
        let mut plan = format!("id = \"p{p}\"\ncode = \"{p}/KH\"\ntitle = \"Kế hoạch số {p}\"\nyear = 2025\n\n");
        for s in 0..sections {
            let _ = write!(plan, "[[section]]\nid = \"{s}\"\ntitle = \"Mục {s} của kế hoạch {p}\"\n\n");
        }
        for t in 0..sc.tasks {
            let _ = write!(
                plan,
                "[[task]]\nid = \"{}.{}\"\nsection = \"{}\"\ntitle = \"Nhiệm vụ {t} của kế hoạch {p}: triển khai chuyển đổi số\"\nlead = [\"ĐV{}\"]\nsupport = [\"u{}\"]\noutput = \"Báo cáo\"\ndue = \"{}\"\nindicators = [\"i{}\"]\n\n",
                t / 10,
                t % 10,
                t / 10,
                (p + t) % sc.units,
                (p * 7 + t) % sc.units,
                dues[t % dues.len()],
                (p * sc.tasks + t) % sc.indicators
            );
        }
        write(root, &format!("data/plans/p{p}.toml"), &plan);
    }
    for f in 0..sc.indicators.div_ceil(100) {
        let mut text = String::new();
        for i in f * 100..((f + 1) * 100).min(sc.indicators) {
            let _ = write!(
                text,
                "[[indicator]]\nid = \"i{i}\"\nname = \"Chỉ tiêu số {i}\"\nunit = \"%\"\nowner = \"u{}\"\nplans = [\"p{}\"]\nbaseline = {{ at = \"2023\", value = {} }}\n\n[[indicator.target]]\nby = \"2025\"\nvalue = {}\n\n[[indicator.target]]\nby = \"2030\"\nvalue = 95\n\n",
                i % sc.units,
                i % sc.plans,
                10 + i % 40,
                50 + i % 30
            );
        }
        write(root, &format!("data/indicators/f{f}.toml"), &text);
    }
    for (n, id) in ids.iter().enumerate() {
        let mut text = format!("period = \"{id}\"\n\n");
        for i in 0..sc.indicators {
            let _ = write!(text, "[[value]]\nindicator = \"i{i}\"\nvalue = {}\n\n", (10 + i % 40 + n * 3).min(100));
        }
        for p in 0..sc.plans {
            for t in 0..sc.tasks {
                let status = if n > 8 && t % 3 == 0 { "done" } else { "in_progress" };
                let _ = write!(
                    text,
                    "[[task]]\nref = \"p{p}/{}.{}\"\nstatus = \"{status}\"\npercent = {}\n",
                    t / 10,
                    t % 10,
                    if status == "done" { 100 } else { (n * 8).min(99) }
                );
                if t % 2 == 0 {
                    let _ = writeln!(
                        text,
                        "note = \"Đã triển khai **{}%** khối lượng; xem [báo cáo quý](https://example.gov.vn/bc/{}) và *kế hoạch* kèm theo.\"",
                        (n * 8).min(100),
                        t % 7
                    );
                }
                text.push('\n');
            }
        }
        write(root, &format!("data/progress/{id}.toml"), &text);
    }
    write(root, "content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\nTrang thử tải.\n");
    for k in 0..sc.posts {
        let period = &ids[k % PERIODS];
        write(root, &format!("content/updates/{period}/bai-{k}.md"), &post(k, period));
    }
}

/// A post of about 300 words, with headings, a list and links, dated inside its period.
fn post(k: usize, period: &str) -> String {
    let (year, q) = period.split_once("-Q").unwrap();
    let month = (q.parse::<usize>().unwrap() - 1) * 3 + 1 + k % 3;
    let mut text = format!(
        "+++\ntitle = \"Bài viết số {k}: tiến độ chuyển đổi số quý {q}/{year}\"\ndate = {year}-{month:02}-{:02}\nsummary = \"Tóm tắt bài viết số {k} về kết quả thực hiện các nhiệm vụ trong quý.\"\n+++\n",
        1 + k % 28
    );
    for s in 0..3 {
        let _ = write!(
            text,
            "## Phần {s}\n\nTrong quý {q}/{year}, các sở, ban, ngành đã tiếp tục triển khai **nhiệm vụ {k}.{s}** theo kế hoạch; \
             tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt mức cao hơn cùng kỳ năm trước. Việc đào tạo kỹ năng số \
             cho cán bộ, công chức cấp xã được đẩy mạnh, với sự tham gia của nhiều đơn vị sự nghiệp và doanh nghiệp công nghệ \
             trên địa bàn. Xem thêm [báo cáo chi tiết](https://example.gov.vn/bc/{k}/{s}).\n\n\
             - Hạ tầng số: phủ sóng băng rộng di động đến các thôn, tổ dân phố.\n\
             - Dữ liệu số: chuẩn hóa cơ sở dữ liệu chuyên ngành, kết nối với nền tảng dùng chung.\n\
             - Chính quyền số: *ứng dụng* chữ ký số trong xử lý văn bản điện tử.\n\n"
        );
    }
    text
}

type Verified = (Vec<minhbach::archive::Archive>, Vec<minhbach::diagnostic::Diagnostic>);

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn time(label: &str, n: usize, mut f: impl FnMut()) {
    let runs: Vec<Duration> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    println!("{label:<48} {:>8.1} ms (median of {n})", median(runs).as_secs_f64() * 1000.0);
}

/// What `serve` keeps between rebuilds: what it made, each source file as parsed and its
/// digest, and the site as resolved and assessed.
#[derive(Default)]
struct Kept {
    memo: Memo,
    parsed: minhbach::load::Parsed,
    seen: std::sync::Mutex<minhbach::inputs::Seen>,
    resolved: std::sync::Mutex<minhbach::pipeline::Resolved>,
}

/// What `serve` does on every change: check and render the whole site in memory, with the
/// snapshots it verified at start (it verifies them again only when `archive/` changes), taking
/// from `kept` what the last rebuild made from the same input and the files it parsed.
fn rebuild(root: &Path, verified: &Verified, kept: Option<&Kept>) -> usize {
    let memo = kept.map(|k| &k.memo);
    // As serve does: the inputs' digest first, before the sources are read.
    let inputs = kept.and_then(|k| {
        let mut seen = k.seen.lock().unwrap();
        minhbach::inputs::digests_with(root, "", minhbach::inputs::Archive::Left, Some(&mut seen))
    });
    let mut resolved = kept.map(|k| k.resolved.lock().unwrap());
    let resolving = resolved.as_deref_mut().zip(inputs.map(|d| d.without_post_text));
    let mut checked =
        build::check_with_archives(root, None, verified.clone(), kept.map(|k| &k.parsed), resolving, false);
    let archives = std::mem::take(&mut checked.archives);
    let mode = Mode::Live { archives: &archives };
    let run = minhbach::render::Run { memo, inputs, ..Default::default() };
    let rendered = build::render_into(root, &mut checked, None, mode, run, Files::default());
    let Some((files, _)) = rendered else { panic!("{}", checked.render_diagnostics()) };
    if let Some(resolved) = resolved.as_deref_mut() {
        resolved.keep(&mut checked);
    }
    if let Some(memo) = memo {
        memo.sweep();
    }
    files.len()
}

/// Appends a sentence to one post.
fn edit_post(root: &Path, n: usize) {
    let post = root.join(format!("content/updates/{}/bai-0.md", period_of(0)));
    let mut text = std::fs::read_to_string(&post).unwrap();
    text.push_str(&format!("\nMột câu thêm lần {n}.\n"));
    std::fs::write(post, text).unwrap();
}

/// Changes the latest value of the first indicator in the last period's progress file.
fn edit_progress(root: &Path, n: usize) {
    let path = root.join(format!("data/progress/{}.toml", period_of(PERIODS - 1)));
    let text = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = text.split_once("value = ").unwrap();
    let end = rest.find('\n').unwrap();
    std::fs::write(&path, format!("{head}value = {}{}", 90 + n, &rest[end..])).unwrap();
}

/// Rebuilds after one edit: on disk as `build` does, and in memory as `serve` does.
fn edits(root: &Path, out: &Path, sc: &Scale) {
    let t = Instant::now();
    edit_post(root, 0);
    build_checked(root, out, sc);
    println!("  build over the output, one post edited {:>8.2} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    edit_progress(root, 0);
    build_checked(root, out, sc);
    println!("  build over the output, one figure edited {:>6.2} s", t.elapsed().as_secs_f64());
    let verified = minhbach::archive::load(root);
    let kept = Kept::default();
    let t = Instant::now();
    rebuild(root, &verified, Some(&kept));
    println!("  serve: first build in memory          {:>8.2} s", t.elapsed().as_secs_f64());
    let mut post = Vec::new();
    let mut progress = Vec::new();
    for n in 1..=3 {
        edit_post(root, n);
        let t = Instant::now();
        rebuild(root, &verified, Some(&kept));
        post.push(t.elapsed());
        edit_progress(root, n);
        let t = Instant::now();
        rebuild(root, &verified, Some(&kept));
        progress.push(t.elapsed());
    }
    println!("  serve: one post edited                {:>8.3} s (median of 3)", median(post).as_secs_f64());
    println!("  serve: one progress file edited       {:>8.3} s (median of 3)", median(progress).as_secs_f64());
}

/// The sizes to measure: a tenth and a third of the national site by default (a few minutes
/// on two cores); `MINHBACH_BENCH_SCALE=national` adds the full national site.
fn sizes() -> Vec<Scale> {
    let mut v = vec![Scale::fraction(10, "1/10 national"), Scale::fraction(3, "1/3 national")];
    match std::env::var("MINHBACH_BENCH_SCALE").as_deref() {
        Ok("national") => v.push(NATIONAL),
        Ok("small") => v.truncate(1),
        _ => {}
    }
    v
}

/// Peak resident memory of this process so far (Linux), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line.split_whitespace().nth(1)?.parse::<f64>().ok()? / 1024.0)
}

/// Builds the site at `root` into `out` and checks that what was built is whole: no errors,
/// at least one page per indicator, plan, unit and period in each language and one per post,
/// each of them on disk.
fn build_checked(root: &Path, out: &Path, sc: &Scale) -> (usize, minhbach::timings::Timings) {
    let (checked, r) = build::build(&options(root, out));
    assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
    let built = r.expect("the generated site builds");
    let per_lang = sc.indicators + sc.plans + sc.units + PERIODS;
    assert!(built.pages >= 2 * per_lang + sc.posts, "{} pages for {sc:?}", built.pages);
    for (page, lang) in [("indicators/i0", ""), ("plans/p0", "en/"), ("units/u0", ""), ("periods/2026-Q4", "en/")] {
        assert!(out.join(format!("{lang}{page}/index.html")).is_file(), "{lang}{page} missing");
    }
    let last = sc.indicators - 1;
    assert!(out.join(format!("indicators/i{last}/index.html")).is_file());
    assert!(out.join(format!("updates/{}/bai-{}/index.html", period_of(sc.posts - 1), sc.posts - 1)).is_file());
    (built.pages, checked.timings)
}

/// A build of the site at `root` into `out`, as the command makes it with no option.
fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: out.to_path_buf(),
        base_url: None,
        as_of: None,
        force: false,
        progress: None,
        waiting: None,
    }
}

fn period_of(post: usize) -> String {
    let n = post % PERIODS;
    format!("{}-Q{}", YEARS[n / 4], n % 4 + 1)
}

fn measure(dir: &Path, sc: &Scale) {
    let root = dir.join(sc.name.replace([' ', '/'], "-"));
    generate(&root, sc);
    let runs = if sc.posts >= NATIONAL.posts { 3 } else { 5 };
    // Into a new folder: first as a fresh clone builds (the cache a build keeps beside the
    // sources removed before each run), then with the cache the run before left.
    let cache = root.join(minhbach::cache::NAME);
    let (mut full, mut warm) = (Vec::new(), Vec::new());
    let mut pages = 0;
    let mut stages = None;
    for n in 0..2 * runs {
        let cold = n < runs;
        if cold && cache.exists() {
            std::fs::remove_dir_all(&cache).unwrap();
        }
        let out = dir.join(format!("out-{n}"));
        let t = Instant::now();
        let (p, timings) = build_checked(&root, &out, sc);
        if cold { &mut full } else { &mut warm }.push(t.elapsed());
        pages = p;
        stages = Some(timings);
        if n + 1 < 2 * runs {
            std::fs::remove_dir_all(&out).unwrap();
        }
    }
    let out = dir.join(format!("out-{}", 2 * runs - 1));
    let mut again = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let (_, _) = build_checked(&root, &out, sc);
        again.push(t.elapsed());
    }
    let bytes: u64 = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let verified = minhbach::archive::load(&root);
    let t = Instant::now();
    rebuild(&root, &verified, None);
    let in_memory = t.elapsed();
    let full = median(full);
    println!(
        "{}: {} units, {} plans × {} tasks, {} indicators × {PERIODS} periods, {} posts → {pages} pages, {:.0} MB",
        sc.name,
        sc.units,
        sc.plans,
        sc.tasks,
        sc.indicators,
        sc.posts,
        bytes as f64 / 1e6
    );
    println!(
        "  full build into a new folder  {:>8.2} s (median of {runs}) = {:.2} ms per page",
        full.as_secs_f64(),
        full.as_secs_f64() * 1000.0 / pages as f64
    );
    let warm = median(warm);
    println!(
        "  the same, with the cache      {:>8.2} s (median of {runs}) = {:.2} ms per page",
        warm.as_secs_f64(),
        warm.as_secs_f64() * 1000.0 / pages as f64
    );
    println!("  rebuild, nothing changed      {:>8.2} s (median of {runs})", median(again).as_secs_f64());
    println!("  rebuild in memory (serve)     {:>8.2} s", in_memory.as_secs_f64());
    if let Some(mb) = peak_mb() {
        println!("  peak memory of the bench so far: {mb:.0} MB");
    }
    if let Some(t) = stages {
        println!("  stages of the last full build (with the cache):\n  {}", t.report().replace('\n', "\n  "));
    }
    edits(&root, &out, sc);
    if let Some(mb) = peak_mb() {
        println!("  peak memory of the bench so far: {mb:.0} MB");
    }
    std::fs::remove_dir_all(&out).unwrap();
}

fn main() {
    // `MINHBACH_BENCH_WRITE=DIR`: only write the site of MINHBACH_BENCH_SCALE (national unless
    // `1/10` or `1/3`) into DIR, for timing the command line and benches/hugo-compare.sh.
    if let Ok(dir) = std::env::var("MINHBACH_BENCH_WRITE") {
        let sc = match std::env::var("MINHBACH_BENCH_SCALE").as_deref() {
            Ok("1/10") => Scale::fraction(10, "1/10 national"),
            Ok("1/3") => Scale::fraction(3, "1/3 national"),
            _ => NATIONAL,
        };
        generate(Path::new(&dir), &sc);
        println!("wrote the {} site into {dir}", sc.name);
        return;
    }
    // As the command does, for a build and for `serve`.
    minhbach::allocator::keep_freed_memory();
    let dir = tempfile::tempdir().unwrap();
    for sc in sizes() {
        measure(dir.path(), &sc);
    }
    let largest = dir.path().join(sizes().last().unwrap().name.replace([' ', '/'], "-"));
    let out = dir.path().join("search-out");
    build_checked(&largest, &out, sizes().last().unwrap());
    search_figures(&largest, &out);
    let default_site = Path::new(env!("CARGO_MANIFEST_DIR"));
    default_site_builds(default_site, dir.path());
    time("default site: check", 10, || {
        build::check(default_site, None);
    });
    let verified = minhbach::archive::load(default_site);
    time("default site: rebuild in memory, nothing kept", 10, || {
        rebuild(default_site, &verified, None);
    });
    let kept = Kept::default();
    time("default site: rebuild in memory (serve), all kept", 10, || {
        rebuild(default_site, &verified, Some(&kept));
    });
}

/// The default site's full build into a new folder, as a fresh clone builds it (no cache: every
/// snapshot byte hashed to verify it, every share picture drawn) and with the cache the build
/// before left; from a copy of its sources, so that the repository's own cache is left alone.
fn default_site_builds(repo: &Path, dir: &Path) {
    let root = dir.join("default-site");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::copy(repo.join("site.toml"), root.join("site.toml")).unwrap();
    for part in ["content", "data", "themes", "archive"] {
        for e in walkdir::WalkDir::new(repo.join(part)).into_iter().map(Result::unwrap) {
            let target = root.join(e.path().strip_prefix(repo).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    }
    let cache = root.join(minhbach::cache::NAME);
    let out = dir.join("default-site-out");
    let build_new = |fresh: bool| {
        if fresh && cache.exists() {
            std::fs::remove_dir_all(&cache).unwrap();
        }
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let t = Instant::now();
        let (checked, r) = build::build(&options(&root, &out));
        let elapsed = t.elapsed();
        assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
        let built = r.expect("the default site builds");
        assert!(built.pages > 800 && out.join("archive/2025-Q3/index.html").is_file(), "{} pages", built.pages);
        elapsed
    };
    for (label, fresh) in [("as a fresh clone builds it", true), ("with the cache", false)] {
        let runs: Vec<Duration> = (0..10).map(|_| build_new(fresh)).collect();
        let (min, max) = (*runs.iter().min().unwrap(), *runs.iter().max().unwrap());
        println!(
            "default site: full build into a new folder, {label:<27} {:>6.0} ms (median of 10; {:.0}–{:.0})",
            median(runs).as_secs_f64() * 1000.0,
            min.as_secs_f64() * 1000.0,
            max.as_secs_f64() * 1000.0
        );
    }
}

/// Time to build the search index of the large site, and what its files weigh.
fn search_figures(root: &Path, out: &Path) {
    use minhbach::render::{self, search};
    let checked = build::check(root, None);
    let a = checked.assessment.clone().expect("assessed");
    let ix = render::views::Index::new(&checked.site, &a);
    let (mut sources, mut diags) = (checked.sources.clone(), Vec::new());
    let theme = minhbach::theme::load(root, &checked.site.config.theme, &mut sources, &mut diags);
    let langs = render::languages(&checked.site);
    time("large site: search index, both languages, in memory", 3, || {
        let mut files = minhbach::output::Files::default();
        search::add(
            &langs,
            &ix,
            &theme,
            &Mode::Live { archives: &[] },
            &vec![Vec::new(); langs.len()],
            None,
            &mut files,
        );
    });
    let index = std::fs::read_dir(out.join("tim-kiem"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .unwrap()
        .path();
    let sizes = |sub: &str| -> Vec<u64> {
        let mut v: Vec<u64> = std::fs::read_dir(index.join(sub))
            .unwrap()
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .collect();
        v.sort();
        v
    };
    let (shards, records) = (sizes("s"), sizes("r"));
    let manifest = std::fs::metadata(index.join("m.js")).unwrap().len();
    let total: u64 = shards.iter().chain(&records).sum::<u64>() + manifest;
    println!(
        "large site search index (vi): {:.1} MB in {} files; manifest {manifest} B; {} shards (median {} B, largest {} B); {} files of records, {} a file (median {} B)",
        total as f64 / 1e6,
        shards.len() + records.len() + 1,
        shards.len(),
        shards[shards.len() / 2],
        shards[shards.len() - 1],
        records.len(),
        minhbach::render::search::index::RECORDS_PER_FILE,
        records[records.len() / 2],
    );
}
