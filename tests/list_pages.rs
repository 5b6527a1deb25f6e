//! The pages of a unit's long lists (tasks led and supported, indicators owned) and of a
//! period's missing tasks pick their rows from the tasks and indicators kept for their kind of
//! page when they are written in Rust, and have the rows copied into their data when a theme's
//! template renders them or the preview's memo keys them by their data. Whichever way a page is
//! made, it shows every row, and the preview serves what a build writes.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::generated::generated_site;

/// The list pages of a site that pick their rows, in both languages: every page of each list.
const PICKED: &[&str] = &[
    "units/vp/led/",
    "units/so-khcn/supported/",
    "units/so-khcn/indicators/",
    "periods/2026-Q1/missing/",
    "periods/2026-Q2/missing/",
];

/// Every file a build of `root` writes (its manifest aside), by path.
fn built(root: &Path) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = common::minhbach(&["build", "-q", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let files = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".minhbach-output")
        .map(|e| {
            let path = e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            (path, std::fs::read(e.path()).unwrap())
        })
        .collect();
    (dir, files)
}

/// The pages of the lists that pick their rows, in `files`: each list has at least two.
fn picked_pages(files: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| {
            PICKED.iter().any(|dir| p.starts_with(dir) || p.strip_prefix("en/").is_some_and(|p| p.starts_with(dir)))
        })
        .filter(|p| p.ends_with(".html"))
        .collect();
    for dir in PICKED {
        for lang in ["", "en/"] {
            let second = format!("{lang}{dir}page/2/index.html");
            assert!(files.contains_key(&second), "{second}: the list is longer than a page");
        }
    }
    pages
}

/// The body of `GET path`, with its status; a body sent in chunks put back together.
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    if !head.contains("\r\ntransfer-encoding: chunked") {
        return (status, raw[end..].to_vec());
    }
    let (mut body, mut rest) = (Vec::new(), &raw[end..]);
    loop {
        let line = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = std::str::from_utf8(&rest[..line]).unwrap().split(';').next().unwrap().trim();
        let size = usize::from_str_radix(size, 16).unwrap();
        if size == 0 {
            return (status, body);
        }
        body.extend_from_slice(&rest[line + 2..line + 2 + size]);
        rest = &rest[line + 2 + size + 2..];
    }
}

/// The address a browser asks for the file at `path`: a folder's `index.html` by the folder,
/// every byte but the unreserved ones percent-encoded.
fn address(path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let mut out = String::from("/");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A served page without the script the preview adds to it (and only it adds).
fn without_reload(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    match text.find("<script>(function(){var v=") {
        Some(start) => {
            let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
            [&text[..start], &text[end..]].concat().into_bytes()
        }
        None => page.to_vec(),
    }
}

/// The running preview; stopped (as Ctrl+C would) when dropped, also when a check fails.
struct Serve {
    child: Child,
    port: u16,
}

impl Serve {
    fn version(&self) -> String {
        String::from_utf8(get(self.port, "/__minhbach/version").1).unwrap()
    }

    /// Waits until the version differs from `old`: the edit is served.
    fn next_version(&self, old: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.version() == old {
            assert!(Instant::now() < deadline, "the preview did not rebuild");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every file a build of `root` writes is served as the build writes it, its pages but for
    /// the preview's script; the pages of the lists that pick their rows among them.
    fn serves_what_build_writes(&self, root: &Path, after: &str) {
        let (_dir, files) = built(root);
        let picked = picked_pages(&files);
        for (path, bytes) in &files {
            let (status, body) = get(self.port, &address(path));
            assert_eq!(status, 200, "{after}: {path}");
            let body = if path.ends_with(".html") { without_reload(&body) } else { body };
            assert!(&body == bytes, "{after}: {path} is served otherwise than built");
        }
        assert!(picked.len() > 20, "{after}: {picked:?}");
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.wait();
    }
}

/// Writes `text` at `path` under `root` as an editor that saves atomically does: the preview
/// sees one change, never the file half written (which a rebuild of its own would serve).
fn write(root: &Path, path: &str, text: &str) {
    let staged = root.join(".edit");
    std::fs::write(&staged, text).unwrap();
    std::fs::rename(&staged, root.join(path)).unwrap();
}

/// Writes `path` under `root` with `from` replaced by `to` (which must be there).
fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(path)).unwrap();
    assert!(text.contains(from), "{path} holds {from:?}");
    write(root, path, &text.replacen(from, to, 1));
}

#[test]
fn serve_shows_each_page_of_a_long_list_as_build_writes_it_after_each_edit() {
    let site = generated_site();
    let root = site.path();
    let (child, port) = common::start_serve(root);
    let serve = Serve { child, port };
    serve.serves_what_build_writes(root, "the first build");
    // Reports of tasks missing in the second quarter, led by `vp` and supported by `so-khcn`:
    // each moves in the unit's lists and leaves the period's missing tasks.
    let v = serve.version();
    let progress = "data/progress/2026-Q2.toml";
    let mut text = std::fs::read_to_string(root.join(progress)).unwrap();
    text.push_str("\n[[task]]\nref = \"kh-2/3\"\nstatus = \"done\"\n");
    text.push_str("\n[[task]]\nref = \"kh-2/7\"\nstatus = \"blocked\"\nnote = \"Thiếu *kinh phí*.\"\n");
    write(root, progress, &text);
    serve.next_version(&v);
    serve.serves_what_build_writes(root, "reports added");
    // A figure: the indicators its owner lists.
    let v = serve.version();
    edit(
        root,
        "data/progress/2026-Q1.toml",
        "indicator = \"g-01\"\nvalue = 13\n",
        "indicator = \"g-01\"\nvalue = 88\n",
    );
    serve.next_version(&v);
    serve.serves_what_build_writes(root, "a figure edited");
    // A post's text, then a task's title: every list that shows the task.
    let v = serve.version();
    edit(root, "content/updates/2026-Q1/tin-03.md", "Nội dung.", "Nội dung đã sửa.");
    serve.next_version(&v);
    serve.serves_what_build_writes(root, "a post edited");
    let v = serve.version();
    edit(root, "data/plans/kh-2.toml", "title = \"Nhiệm vụ sinh số 17\"", "title = \"Nhiệm vụ sinh số mười bảy\"");
    serve.next_version(&v);
    serve.serves_what_build_writes(root, "a task's title edited");
}

/// A theme that changes `list.html`, the frame (`base.html`) or the `tasks` macro has the list
/// pages rendered by Tera, from rows copied into their data: the rows are those the built-in
/// theme writes in Rust, every one of them.
#[test]
fn a_theme_that_changes_the_list_page_its_frame_or_the_tasks_macro_shows_every_row() {
    let site = generated_site();
    let (_dir, builtin) = built(site.path());
    let pages = picked_pages(&builtin);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let changes = [
        ("list.html", "<section aria-labelledby=\"h-list\">", "<section aria-labelledby=\"h-list\" class=\"own\">"),
        ("base.html", "</body>", "<!-- own frame --></body>"),
        ("macros.html", "<ol class=\"tasks\">", "<ol class=\"tasks own\">"),
    ];
    for (template, from, to) in changes {
        let text = std::fs::read_to_string(templates.join(template)).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{template}");
        let site = generated_site();
        let own = site.path().join("themes/default/templates");
        std::fs::create_dir_all(&own).unwrap();
        std::fs::write(own.join(template), text.replace(from, to)).unwrap();
        let (_dir, themed) = built(site.path());
        let mut changed = 0;
        for page in &pages {
            let page = page.as_str();
            let themed = String::from_utf8(themed[page].clone()).unwrap();
            changed += usize::from(themed.contains(to));
            let expected = String::from_utf8_lossy(&builtin[page]);
            assert!(themed.replace(to, from) == expected, "{template}: {page} differs from the built-in theme's");
        }
        assert!(changed > 0, "{template}: the theme's own template made the pages");
    }
}
