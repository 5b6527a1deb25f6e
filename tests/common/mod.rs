//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod generated;
pub mod sheet;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a directory tree, but for the cache a build of it in place left (a copy is a site
/// never built).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_entry(|e| e.file_name() != ".minhbach-cache") {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture site, with some files replaced (`None` deletes the file).
pub fn site_from(name: &str, changes: &[(&str, Option<&[u8]>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    for (path, content) in changes {
        let p = dir.path().join(path);
        match content {
            Some(bytes) => {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, bytes).unwrap();
            }
            None => {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    dir
}

pub fn minhbach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minhbach")).args(args).output().unwrap()
}

/// A temporary folder for what a whole test run shares (a site built once, kept in a
/// `static`, which is never dropped): made under the target's folder for tests, where the
/// folders of earlier runs with the same `name` are removed first, so that they do not pile up.
pub fn shared_tempdir(name: &str) -> tempfile::TempDir {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shared");
    std::fs::create_dir_all(&base).unwrap();
    let prefix = format!("{name}-");
    for entry in std::fs::read_dir(&base).unwrap().filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    tempfile::Builder::new().prefix(&prefix).tempdir_in(&base).unwrap()
}

/// Like [`build_to_temp`], into a [`shared_tempdir`] named `name`.
pub fn build_to_shared(root: &Path, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = shared_tempdir(name);
    let out = dir.path().join("site");
    let r = minhbach(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (dir, out)
}

/// Builds the site at `root` into a new temporary folder: the folder (removed when dropped) and
/// the built site inside it. A failed build fails the test.
pub fn build_to_temp(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = minhbach(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    (dir, out)
}

/// Runs `minhbach check` on a site and returns (exit code, stderr).
pub fn check(root: &Path) -> (i32, String) {
    let out = minhbach(&["check", "--root", root.to_str().unwrap()]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

pub fn html_files(dir: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Values of `attr="…"` in an HTML text, with the few entities templates produce decoded.
pub fn attribute_values(html: &str, attr: &str) -> std::vec::IntoIter<String> {
    let pat = format!(" {attr}=\"");
    let values: Vec<String> = html
        .match_indices(&pat)
        .filter_map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&").replace("&#39;", "'"))
        })
        .collect();
    values.into_iter()
}

pub fn ids(html: &str) -> BTreeSet<String> {
    attribute_values(html, "id").collect()
}

pub fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Follows every relative `href` and `src` of the HTML pages under `pages_dir` (404 pages
/// excepted: they link from the site's own path) and returns how many links were checked and
/// the broken ones. Links may leave `pages_dir` but must stay inside `allowed_root`.
pub fn broken_links(pages_dir: &Path, allowed_root: &Path) -> (usize, Vec<String>) {
    let pages = html_files(pages_dir);
    let prefix = pages_dir.strip_prefix(allowed_root).unwrap_or(Path::new("")).to_path_buf();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (path, html) in &pages {
        if path.ends_with("404.html") {
            continue;
        }
        let base = prefix.join(Path::new(path).parent().unwrap_or(Path::new("")));
        for link in attribute_values(html, "href").chain(attribute_values(html, "src")) {
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("mailto:") {
                continue;
            }
            if link.starts_with('/') {
                broken.push(format!("{path} → {link} (root-relative links break under a sub-path)"));
                continue;
            }
            let (file, fragment) = match link.split_once('#') {
                Some((f, frag)) => (f.to_string(), Some(frag.to_string())),
                None => (link.clone(), None),
            };
            let target = if file.is_empty() {
                prefix.join(path).to_string_lossy().into_owned()
            } else {
                normalise(&base.join(&file))
            };
            checked += 1;
            let escapes =
                base.join(&file).components().filter(|c| matches!(c, std::path::Component::ParentDir)).count()
                    > base.components().count();
            if escapes || !allowed_root.join(&target).is_file() {
                broken.push(format!("{path} → {link}"));
                continue;
            }
            if let Some(frag) = fragment {
                let target_html = std::fs::read_to_string(allowed_root.join(&target)).unwrap_or_default();
                if !ids(&target_html).contains(&frag) {
                    broken.push(format!("{path} → {link} (no id {frag})"));
                }
            }
        }
    }
    (checked, broken)
}

/// Whether the browser checks can run here (Node.js, Chromium, the packages of tests/browser,
/// and Java for the HTML checker when `java` is asked for). When they cannot, they are skipped
/// with a note, unless `MINHBACH_BROWSER_CHECKS=require`, which makes that a failure.
pub fn browser_checks_ready(java: bool) -> bool {
    let runs = |program: &str, arg: &str| Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success());
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = runs("node", "--version")
        && (!java || runs("java", "-version"))
        && Path::new(&chromium).exists()
        && browser_dir.join("node_modules/axe-core").is_dir()
        && browser_dir.join("node_modules/puppeteer-core").is_dir();
    if !ready {
        assert!(
            std::env::var("MINHBACH_BROWSER_CHECKS").as_deref() != Ok("require"),
            "browser checks required but Node.js, Java, Chromium or tests/browser/node_modules is missing"
        );
        eprintln!("skipping browser checks: run `npm ci` in tests/browser and install chromium and java to run them");
    }
    ready
}

/// Starts `minhbach serve` for `root` on a free port; returns the child and its port, once the
/// server says where it listens. A server that does not start is killed, and what it said
/// is the panic's message.
pub fn start_serve(root: &Path) -> (std::process::Child, u16) {
    start_serve_with(root, &[])
}

/// Like [`start_serve`], with more options (`--drafts`).
pub fn start_serve_with(root: &Path, options: &[&str]) -> (std::process::Child, u16) {
    let (child, port, _, _) = start_serve_logged(root, options);
    (child, port)
}

/// Like [`start_serve_with`], also giving what the server said before it listened and the
/// lines it says after.
pub fn start_serve_logged(
    root: &Path,
    options: &[&str],
) -> (std::process::Child, u16, Vec<String>, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["serve", "--port", "0", "--root", root.to_str().unwrap()])
        .args(options)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    // Read to the end, so that the server never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut said = Vec::new();
    let port = loop {
        let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("the server did not start: {said:?}");
        };
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.trim_end_matches(|c: char| !c.is_ascii_digit()).split('/').next().unwrap().parse().unwrap();
        }
        said.push(line);
    };
    (child, port, said, rx)
}
