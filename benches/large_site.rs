//! Build speed on a large generated site and rebuild speed of the default site.
//!
//! `cargo bench` prints the median of several runs of each step. The large site has 120 units,
//! 30 plans of 80 tasks, 1,200 indicators and 12 quarterly periods with a report of every
//! indicator and every task: about ten times the default site in every dimension.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use minhbach::build::{self, BuildOptions, Mode};

const UNITS: usize = 120;
const PLANS: usize = 30;
const TASKS: usize = 80;
const INDICATORS: usize = 1200;
const YEARS: [i32; 3] = [2024, 2025, 2026];

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn generate(root: &Path) {
    let last = format!("{}-Q4", YEARS[YEARS.len() - 1]);
    write(
        root,
        "site.toml",
        &format!("title = \"Trang thử tải lớn\"\nlanguages = [\"vi\", \"en\"]\ncurrent_period = \"{last}\"\n"),
    );
    let mut units = String::new();
    for u in 0..UNITS {
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
    for p in 0..PLANS {
        let mut plan = format!("id = \"p{p}\"\ncode = \"{p}/KH\"\ntitle = \"Kế hoạch số {p}\"\nyear = 2025\n\n");
        for s in 0..8 {
            let _ = write!(plan, "[[section]]\nid = \"{s}\"\ntitle = \"Mục {s} của kế hoạch {p}\"\n\n");
        }
        for t in 0..TASKS {
            let _ = write!(
                plan,
                "[[task]]\nid = \"{}.{}\"\nsection = \"{}\"\ntitle = \"Nhiệm vụ {t} của kế hoạch {p}: triển khai chuyển đổi số\"\nlead = [\"ĐV{}\"]\nsupport = [\"u{}\"]\noutput = \"Báo cáo\"\ndue = \"{}\"\nindicators = [\"i{}\"]\n\n",
                t / 10,
                t % 10,
                t / 10,
                (p + t) % UNITS,
                (p * 7 + t) % UNITS,
                dues[t % dues.len()],
                (p * TASKS + t) % INDICATORS
            );
        }
        write(root, &format!("data/plans/p{p}.toml"), &plan);
    }
    for f in 0..INDICATORS / 100 {
        let mut text = String::new();
        for i in f * 100..(f + 1) * 100 {
            let _ = write!(
                text,
                "[[indicator]]\nid = \"i{i}\"\nname = \"Chỉ tiêu số {i}\"\nunit = \"%\"\nowner = \"u{}\"\nplans = [\"p{}\"]\nbaseline = {{ at = \"2023\", value = {} }}\n\n[[indicator.target]]\nby = \"2025\"\nvalue = {}\n\n[[indicator.target]]\nby = \"2030\"\nvalue = 95\n\n",
                i % UNITS,
                i % PLANS,
                10 + i % 40,
                50 + i % 30
            );
        }
        write(root, &format!("data/indicators/f{f}.toml"), &text);
    }
    for (n, id) in ids.iter().enumerate() {
        let mut text = format!("period = \"{id}\"\n\n");
        for i in 0..INDICATORS {
            let _ = write!(text, "[[value]]\nindicator = \"i{i}\"\nvalue = {}\n\n", (10 + i % 40 + n * 3).min(100));
        }
        for p in 0..PLANS {
            for t in 0..TASKS {
                let status = if n > 8 && t % 3 == 0 { "done" } else { "in_progress" };
                let _ = write!(
                    text,
                    "[[task]]\nref = \"p{p}/{}.{}\"\nstatus = \"{status}\"\npercent = {}\n\n",
                    t / 10,
                    t % 10,
                    (n * 8).min(100)
                );
            }
        }
        write(root, &format!("data/progress/{id}.toml"), &text);
    }
    write(root, "content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\nTrang thử tải.\n");
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

/// What `serve` does on every change: check and render the whole site in memory, with the
/// snapshots it verified at start (it verifies them again only when `archive/` changes).
fn rebuild(root: &Path, verified: &Verified) -> usize {
    let mut checked = build::check_with_archives(root, None, verified.clone());
    let archives = std::mem::take(&mut checked.archives);
    let (files, _) =
        build::render_files(root, &mut checked, None, Mode::Live { archives: &archives }, None).expect("builds");
    files.files.len()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let large = dir.path().join("large");
    generate(&large);
    let files = rebuild(&large, &minhbach::archive::load(&large));
    println!(
        "large site: {UNITS} units, {PLANS} plans × {TASKS} tasks, {INDICATORS} indicators, 12 periods → {files} files"
    );
    time("large site: check (load, resolve, assess)", 5, || {
        let c = build::check(&large, None);
        assert_eq!(c.errors(), 0);
    });
    time("large site: full build written to disk", 3, || {
        let opts = BuildOptions {
            root: large.clone(),
            output: dir.path().join("out"),
            base_url: None,
            as_of: None,
            force: false,
            progress: None,
        };
        let (_, r) = build::build(&opts);
        assert!(r.is_ok());
    });
    let bytes: u64 = walkdir::WalkDir::new(dir.path().join("out"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!("large site output: {:.1} MB", bytes as f64 / 1e6);
    search_figures(&large, &dir.path().join("out"));
    let default_site = Path::new(env!("CARGO_MANIFEST_DIR"));
    time("default site: check", 10, || {
        build::check(default_site, None);
    });
    let verified = minhbach::archive::load(default_site);
    time("default site: rebuild in memory (serve)", 10, || {
        rebuild(default_site, &verified);
    });
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
        search::add(&langs, &ix, &theme, &Mode::Live { archives: &[] }, &mut Vec::new(), &mut files);
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
        "large site search index (vi): {:.1} MB in {} files; manifest {manifest} B; {} shards (median {} B, largest {} B); {} records (median {} B)",
        total as f64 / 1e6,
        shards.len() + records.len() + 1,
        shards.len(),
        shards[shards.len() / 2],
        shards[shards.len() - 1],
        records.len(),
        records[records.len() / 2],
    );
}
