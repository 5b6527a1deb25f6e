//! The press office's cycle: start a site, open a period, preview it live.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> (u16, String) {
    get_as(port, path, "127.0.0.1")
}

fn get_as(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// Waits until the server's build version differs from `old`, and returns the new one.
fn next_version(port: u16, old: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, v) = get(port, "/__minhbach/version");
        if v != old {
            return v;
        }
        assert!(Instant::now() < deadline, "the server did not rebuild");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts `minhbach serve` on a free port for `root`; returns the child and its port.
fn serve(root: &std::path::Path) -> (std::process::Child, u16) {
    common::start_serve(root)
}

/// Stops the server as Ctrl+C or a service manager would, and checks it exits cleanly.
fn stop(mut child: std::process::Child) {
    Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "stops cleanly: {status:?}");
}

#[test]
fn serve_rebuilds_reloads_shows_errors_and_recovers() {
    let site = common::site_from("basic", &[]);
    let (child, port) = serve(site.path());
    let (status, home) = get(port, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Chào mừng.") && home.contains("/__minhbach/version"), "home page with the reload script");
    let (_, v1) = get(port, "/__minhbach/version");

    let index = site.path().join("content/_index.md");
    std::fs::write(&index, "+++\ntitle = \"Trang chủ\"\n+++\nNội dung mới.\n").unwrap();
    let v2 = next_version(port, &v1);
    let (status, home) = get(port, "/");
    assert!(status == 200 && home.contains("Nội dung mới."), "the new content is served");

    let units = site.path().join("data/units.toml");
    let good = std::fs::read_to_string(&units).unwrap();
    std::fs::write(&units, good.replace("name = \"Văn phòng Ban Quản lý\"", "nam = \"Văn phòng Ban Quản lý\""))
        .unwrap();
    let v3 = next_version(port, &v2);
    let (status, page) = get(port, "/plans/kh-1/");
    assert_eq!(status, 500);
    assert!(page.contains("unknown field `nam` in a unit") && page.contains("data/units.toml:3:1"), "{page}");
    assert!(page.contains("/__minhbach/version"), "the error page reloads by itself");

    std::fs::write(&units, good).unwrap();
    next_version(port, &v3);
    let (status, page) = get(port, "/plans/kh-1/");
    assert!(status == 200 && page.contains("Quán triệt Nghị quyết"), "recovers once fixed");

    stop(child);
}

#[test]
fn serve_verifies_archives_again_when_they_change() {
    let site = common::site_from("basic", &[]);
    let out = common::minhbach(&["snapshot", "2026-Q1", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (child, port) = serve(site.path());
    let (status, _) = get(port, "/archive/2026-Q1/index.html");
    assert_eq!(status, 200, "the snapshot is served");
    let (_, v1) = get(port, "/__minhbach/version");
    std::fs::write(site.path().join("archive/2026-Q1/index.html"), "forged").unwrap();
    next_version(port, &v1);
    let (status, page) = get(port, "/");
    assert_eq!(status, 500);
    assert!(page.contains("archive/2026-Q1/index.html does not match its SHA-256 in MANIFEST.sha256"), "{page}");
    let (status, _) = get(port, "/nope/");
    assert_eq!(status, 500, "every page shows the errors");
    stop(child);
}

#[test]
fn serve_answers_unknown_addresses_with_the_404_page() {
    let site = common::site_from("basic", &[]);
    let (child, port) = serve(site.path());
    let (status, page) = get(port, "/khong-co/");
    assert!(status == 404 && page.contains("Không tìm thấy trang"), "{status} {page}");
    stop(child);
}

#[test]
fn serve_answers_only_requests_addressed_to_this_machine() {
    let site = common::site_from("basic", &[]);
    let (child, port) = serve(site.path());
    let (status, page) = get_as(port, "/", &format!("localhost:{port}"));
    assert_eq!(status, 200, "{page}");
    // DNS rebinding: a foreign name that resolves to 127.0.0.1.
    let (status, page) = get_as(port, "/", &format!("attacker.example:{port}"));
    assert!(status == 421 && !page.contains("<html"), "{status} {page}");
    stop(child);
}

#[test]
fn init_then_check_then_build() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("trang-moi");
    let root = site.to_str().unwrap();
    let out = common::minhbach(&["init", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!site.join("themes").exists(), "the embedded theme serves");
    assert!(site.join("README.md").is_file());
    // Git never converts the line ends of snapshots, which are checked byte for byte.
    let attributes = std::fs::read_to_string(site.join(".gitattributes")).unwrap();
    assert!(attributes.lines().any(|l| l == "/archive/** -text"), "{attributes}");
    let out = common::minhbach(&["check", "--root", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 error(s), 0 warning(s)"));
    let out = common::minhbach(&["build", "--root", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.join("public/index.html").is_file() && site.join("public/en/index.html").is_file());
    // Neither the output nor the cache the build keeps beside the sources is committed.
    assert!(site.join(".minhbach-cache/CACHEDIR.TAG").is_file());
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/public") && ignored.lines().any(|l| l == "/.minhbach-cache"), "{ignored}");
    // One of a kind is said in the singular in English ("1 task", not "1 tasks").
    let home = std::fs::read_to_string(site.join("public/en/index.html")).unwrap();
    assert!(home.contains("<p>1 task · 1 indicator</p>"), "{home}");
    let periods = std::fs::read_to_string(site.join("public/en/periods/index.html")).unwrap();
    assert!(periods.contains("1 value, 1 task report."), "{periods}");
    // The README's command for the next period works as written.
    let readme = std::fs::read_to_string(site.join("README.md")).unwrap();
    let next = readme.split("`minhbach new period ").nth(1).and_then(|r| r.split('`').next()).unwrap();
    let out = common::minhbach(&["new", "period", next, "--root", root]);
    assert!(out.status.success(), "{next}: {}", String::from_utf8_lossy(&out.stderr));
    // A non-empty directory is refused.
    let out = common::minhbach(&["init", root]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    // One holding only a repository (`git init` first) is written into, its `.git` untouched.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join(".git/objects")).unwrap();
    std::fs::write(repo.path().join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let out = common::minhbach(&["init", repo.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(repo.path().join("site.toml").is_file() && repo.path().join(".gitignore").is_file());
    assert_eq!(std::fs::read_to_string(repo.path().join(".git/HEAD")).unwrap(), "ref: refs/heads/main\n");
    assert!(common::minhbach(&["check", "--root", repo.path().to_str().unwrap()]).status.success());
}

#[test]
fn new_period_writes_a_form_that_parses_and_checks() {
    let site = common::site_from("basic", &[]);
    let root = site.path().to_str().unwrap();
    let out = common::minhbach(&["new", "period", "2026-Q3", "--root", root]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let form = std::fs::read_to_string(site.path().join("data/progress/2026-Q3.toml")).unwrap();
    assert!(form.contains("period = \"2026-Q3\""));
    assert!(
        form.contains("# indicator = \"ky-nang-so\"")
            && form.contains("# last reported: 61 as of 2026-06-30 (2026-Q2)"),
        "{form}"
    );
    assert!(
        form.contains("# ref = \"kh-1/1.2\"") && form.contains("# last reported: in_progress, 40% (2026-Q2)"),
        "{form}"
    );
    let periods = std::fs::read_to_string(site.path().join("data/periods.toml")).unwrap();
    assert!(periods.contains(
        "id = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nlabel_en = \"Q3 2026\"\nstart = 2026-07-01\nend = 2026-09-30"
    ));
    let out = common::minhbach(&["check", "--root", root, "--as-of", "2026-Q3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Uncommenting a block gives a valid report.
    let filled = form.replacen(
        "# [[task]]\n# ref = \"kh-1/1.2\"\n# status = \"in_progress\"\n# percent = 40",
        "[[task]]\nref = \"kh-1/1.2\"\nstatus = \"done\"\npercent = 100",
        1,
    );
    std::fs::write(site.path().join("data/progress/2026-Q3.toml"), filled).unwrap();
    let out = common::minhbach(&["check", "--root", root, "--as-of", "2026-Q3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The same period twice is refused.
    let out = common::minhbach(&["new", "period", "2026-Q3", "--root", root]);
    assert!(!out.status.success());
}

#[test]
fn completions_and_quiet_output() {
    let out = common::minhbach(&["completions", "bash"]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("minhbach"));
    let dir = tempfile::tempdir().unwrap();
    let out = common::minhbach(&[
        "build",
        "--quiet",
        "--root",
        common::fixture("basic").to_str().unwrap(),
        "--output",
        dir.path().join("o").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "quiet prints nothing on success: {}", String::from_utf8_lossy(&out.stderr));
    let out = common::minhbach(&[
        "build",
        "--root",
        common::fixture("basic").to_str().unwrap(),
        "--output",
        dir.path().join("o").to_str().unwrap(),
    ]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(text.contains(" pages, ") && text.contains(" charts in ") && text.contains(" ms"), "{text}");
    assert!(!text.contains('\r'), "no progress bar when not a terminal");
}

/// The search index of the served site's Vietnamese search page: its version and its records' titles.
fn served_search(port: u16) -> (String, Vec<String>) {
    let (status, page) = get(port, "/tim-kiem/?q=khoa+hoc");
    assert_eq!(status, 200, "the search page is served");
    let dir = common::attribute_values(&page, "data-index").next().expect("the page names its index");
    let version = common::attribute_values(&page, "data-version").next().expect("the page names its version");
    let (status, manifest) = get(port, &format!("/tim-kiem/{dir}m.js?v={version}"));
    assert!(status == 200 && manifest.starts_with("mbSearch(\"m\","), "{manifest}");
    let data = |script: &str, name: &str| -> serde_json::Value {
        let json = script.strip_prefix(&format!("mbSearch(\"{name}\",")).and_then(|s| s.strip_suffix(");\n"));
        serde_json::from_str(json.unwrap_or_else(|| panic!("{name}: {script}"))).unwrap()
    };
    let manifest = data(&manifest, "m");
    let (count, per) = (manifest["records"].as_u64().unwrap() as usize, manifest["per"].as_u64().unwrap() as usize);
    let titles: Vec<String> = (0..count.div_ceil(per))
        .flat_map(|n| {
            let (status, group) = get(port, &format!("/tim-kiem/{dir}r/{n}.js"));
            assert_eq!(status, 200);
            let group = data(&group, &format!("r/{n}"));
            group.as_array().unwrap().iter().map(|r| r["t"].as_str().unwrap().to_string()).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(titles.len(), count, "every record is in its file");
    (version, titles)
}

#[test]
fn serve_serves_search_and_rebuilds_its_index() {
    let site = common::site_from("basic", &[]);
    let (child, port) = serve(site.path());
    let (_, v1) = get(port, "/__minhbach/version");
    let (version, titles) = served_search(port);
    assert!(titles.iter().any(|t| t == "Sở Khoa học và Công nghệ"), "{titles:?}");

    let units = site.path().join("data/units.toml");
    let text = std::fs::read_to_string(&units).unwrap();
    let renamed = text.replace(
        "name = \"Sở Khoa học và Công nghệ\"\naliases = [",
        "name = \"Sở Khoa học, Công nghệ và Đổi mới\"\naliases = [\"Sở Khoa học và Công nghệ\", ",
    );
    assert_ne!(renamed, text);
    std::fs::write(&units, renamed).unwrap();
    next_version(port, &v1);
    let (new_version, titles) = served_search(port);
    assert_ne!(version, new_version, "a new index has a new version, so no browser mixes it with the old one");
    assert!(titles.iter().any(|t| t == "Sở Khoa học, Công nghệ và Đổi mới"), "{titles:?}");
    // The index made from the last one is the index a build makes anew: its version is a
    // digest of all of its files.
    let out = tempfile::tempdir().unwrap();
    let built = out.path().join("site");
    let root = site.path().to_str().unwrap();
    assert!(common::minhbach(&["build", "-q", "--root", root, "--output", built.to_str().unwrap()]).status.success());
    let page = std::fs::read_to_string(built.join("tim-kiem/index.html")).unwrap();
    assert_eq!(common::attribute_values(&page, "data-version").next().as_deref(), Some(new_version.as_str()));
    stop(child);
}

#[test]
fn serve_tells_waiting_pages_at_once_and_rebuilds_only_what_an_edit_touched() {
    let site = common::site_from("basic", &[]);
    let (child, port) = serve(site.path());
    let (_, v1) = get(port, "/__minhbach/version");
    let (_, plan_before) = get(port, "/plans/kh-1/");
    let (_, post_before) = get(port, "/updates/2026-Q1/ket-qua/");
    // A page asks to be told of the next version; the answer waits for the edit.
    let waiting = std::thread::spawn(move || {
        let asked = Instant::now();
        let (status, v) = get(port, &format!("/__minhbach/version?after={v1}"));
        (status, v, asked.elapsed())
    });
    std::thread::sleep(Duration::from_millis(600));
    let post = site.path().join("content/updates/2026-Q1/ket-qua.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, text.replace("Nội dung.", "Nội dung đã sửa.")).unwrap();
    let (status, v2, waited) = waiting.join().unwrap();
    assert_eq!(status, 200);
    assert_ne!(v2.trim(), "", "a version");
    assert!(waited >= Duration::from_millis(500), "held until the rebuild, not answered at once: {waited:?}");
    let (_, post_after) = get(port, "/updates/2026-Q1/ket-qua/");
    assert!(post_after.contains("Nội dung đã sửa.") && !post_before.contains("Nội dung đã sửa."));
    // A page the edit does not touch is served as before (taken from the last rebuild).
    let (_, plan_after) = get(port, "/plans/kh-1/");
    let without_script = |html: &str| html.split("<script>(function(){var v=").next().unwrap().to_string();
    assert_eq!(without_script(&plan_after), without_script(&plan_before));
    // Back to the first text: the first page again, byte for byte.
    std::fs::write(&post, &text).unwrap();
    let v3 = next_version(port, &v2);
    let (_, post_again) = get(port, "/updates/2026-Q1/ket-qua/");
    assert_eq!(without_script(&post_again), without_script(&post_before));
    // A new title is in the lists that show the post: they are made again.
    let (_, period_before) = get(port, "/periods/2026-Q1/");
    assert!(period_before.contains("Kết quả quý I/2026"), "the period lists its post");
    std::fs::write(&post, text.replace("Kết quả quý I/2026", "Kết quả đã cập nhật")).unwrap();
    next_version(port, &v3);
    let (_, period_after) = get(port, "/periods/2026-Q1/");
    let (_, home) = get(port, "/");
    assert!(period_after.contains("Kết quả đã cập nhật") && !period_after.contains("Kết quả quý I/2026"));
    assert!(home.contains("Kết quả đã cập nhật"), "the home page's latest posts too");
    // A figure: the open data and the period's page (kept while only posts changed) follow it.
    let (_, csv_before) = get(port, "/data/values.csv");
    assert!(csv_before.contains("ky-nang-so,2026-03-31,48,2026-Q2"), "{csv_before}");
    let progress = site.path().join("data/progress/2026-Q2.toml");
    let figures = std::fs::read_to_string(&progress).unwrap();
    let v4 = get(port, "/__minhbach/version").1;
    std::fs::write(&progress, figures.replace("value = 48", "value = 47")).unwrap();
    next_version(port, &v4);
    let (_, csv_after) = get(port, "/data/values.csv");
    assert!(csv_after.contains("ky-nang-so,2026-03-31,47,2026-Q2"), "{csv_after}");
    assert!(get(port, "/periods/2026-Q2/").1.contains(">47% <"));
    stop(child);
}
