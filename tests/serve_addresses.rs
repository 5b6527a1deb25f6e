//! `minhbach serve` answers addresses as a web host would, seen by real clients: the binary
//! serves a copy of the default site (whose `base_url` has a path, `/nq57/`) and the basic
//! fixture (no `base_url`) on a free port. A folder asked for without its slash is redirected
//! (301) to the address with it; a missing address gets the nearest folder's 404 page, whose
//! every link (stylesheet, menus, footer) leads, from the address asked for, to a page the
//! preview serves. Raw HTTP requests check every link; headless Chromium (tests/browser/serve.mjs)
//! follows the redirect, loads the missing pages, and clicks through.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

struct Response {
    status: u16,
    /// Header names in lower case.
    headers: BTreeMap<String, String>,
    body: String,
}

/// Asks for `path` as a browser would (HTTP/1.1) and reads the whole answer: a body the
/// server sends in chunks (tiny_http does for 32 KiB and more) is put back together.
fn get(port: u16, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("{path}: no end of headers"));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split_whitespace().nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let sent = &raw[end + 4..];
    let chunked = headers.get("transfer-encoding").is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let body = if chunked { dechunk(sent).unwrap_or_else(|e| panic!("{path}: {e}")) } else { sent.to_vec() };
    if let Some(length) = headers.get("content-length") {
        assert_eq!(
            length.parse::<usize>().ok(),
            Some(body.len()),
            "{path}: the body is not as long as the server said"
        );
    }
    Response { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
}

/// A body sent with `Transfer-Encoding: chunked` (RFC 9112 §7.1): each chunk's size in
/// hexadecimal (perhaps with extensions after `;`), its bytes, and a last chunk of size 0,
/// after which trailer fields, if any, are not part of the body.
fn dechunk(mut sent: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = sent.windows(2).position(|w| w == b"\r\n").ok_or("a chunk's size has no line end")?;
        let line = std::str::from_utf8(&sent[..line_end]).map_err(|_| "a chunk's size is not text")?;
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| format!("{size:?} is not a chunk size"))?;
        sent = &sent[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        let chunk = sent.get(..size).ok_or("the body ends inside a chunk")?;
        body.extend_from_slice(chunk);
        sent = sent[size..].strip_prefix(b"\r\n").ok_or("a chunk does not end with a line end")?;
    }
}

/// The running preview; stopped (as Ctrl+C would) when dropped, also when a check fails.
struct Serve {
    child: Child,
    port: u16,
}

impl Serve {
    fn start(root: &Path) -> Serve {
        let (child, port) = common::start_serve(root);
        Serve { child, port }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
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

/// A copy of the repository's own site (its sources and snapshots), so that the preview
/// watches only what it serves.
fn default_site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    for part in ["site.toml", "data", "content", "themes", "archive"] {
        let from = repo.join(part);
        if from.is_dir() {
            common::copy_tree(&from, &dir.path().join(part));
        } else {
            std::fs::copy(&from, dir.path().join(part)).unwrap();
        }
    }
    dir
}

/// The address `link` (as a page at `page` writes it) leads to, as a path from the server's
/// root, or why it cannot lead anywhere the preview serves.
fn resolve(page: &str, link: &str) -> Result<String, String> {
    let link = link.split('#').next().unwrap();
    if link.starts_with('/') {
        return Err("a link from the root breaks when the site is not at the root".into());
    }
    let page = page.split(['?', '#']).next().unwrap();
    let mut parts: Vec<&str> = page.trim_start_matches('/').split('/').collect();
    parts.pop(); // The page's own name: links are read from its folder.
    let (path, query) = link.split_once('?').map_or((link, None), |(p, q)| (p, Some(q)));
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop().ok_or("leads above the site's root")?;
            }
            "." => {}
            part => parts.push(part),
        }
    }
    Ok(format!("/{}{}", parts.join("/"), query.map_or(String::new(), |q| format!("?{q}"))))
}

/// Asks for a missing address and checks that the answer is the 404 page it should be
/// (`lang`, containing `shows`), and that every relative link on it leads to a page the
/// preview serves (the stylesheet as CSS). Returns how many links were followed.
fn check_not_found(port: u16, address: &str, lang: &str, shows: &str) -> usize {
    let r = get(port, address);
    assert_eq!(r.status, 404, "{address}");
    assert!(r.headers.get("content-type").is_some_and(|t| t.starts_with("text/html")), "{address}: {:?}", r.headers);
    assert!(r.body.contains(&format!("<html lang=\"{lang}\"")), "{address}: not the {lang} 404 page");
    assert!(r.body.contains(shows), "{address}: no “{shows}” in\n{}", r.body);
    let links: Vec<String> = ["href", "src", "action"]
        .iter()
        .flat_map(|attribute| common::attribute_values(&r.body, attribute))
        .filter(|l| !l.starts_with('#') && !l.contains(':'))
        .collect();
    assert!(links.iter().any(|l| l.ends_with("static/style.css")), "{address}: no stylesheet");
    assert!(links.len() >= 10, "{address}: only {links:?}");
    for link in &links {
        let target = resolve(address, link).unwrap_or_else(|e| panic!("{address}: {link}: {e}"));
        let answer = get(port, &target);
        assert_eq!(answer.status, 200, "{address}: {link} leads to {target}, answered {}", answer.status);
        if link.ends_with(".css") {
            assert!(answer.headers["content-type"].starts_with("text/css"), "{address}: {link}");
            assert!(answer.body.len() > 1000, "{address}: {link} is not the stylesheet");
        }
    }
    links.len()
}

/// Asks for `address` and checks that it is sent on to `to`, which is a page.
fn check_redirect(port: u16, address: &str, to: &str) {
    let r = get(port, address);
    assert_eq!((r.status, r.headers.get("location").map(String::as_str)), (301, Some(to)), "{address}");
    let page = get(port, to);
    assert!(page.status == 200 && page.body.contains("<html"), "{to}: {}", page.status);
}

#[test]
fn serve_redirects_folders_and_answers_missing_addresses_on_the_default_site() {
    let site = default_site();
    let serve = Serve::start(site.path());
    let port = serve.port;

    // A folder without its slash, in each language, in a snapshot, with a query kept.
    check_redirect(port, "/indicators", "/indicators/");
    check_redirect(port, "/en/plans/bql-57-2026", "/en/plans/bql-57-2026/");
    check_redirect(port, "/tim-kiem?q=y+te", "/tim-kiem/?q=y+te");
    check_redirect(port, "/en/search?q=5g&kind=indicator", "/en/search/?q=5g&kind=indicator");
    check_redirect(port, "/archive/2026-Q2/units", "/archive/2026-Q2/units/");
    // What is no folder is answered as it is.
    for address in ["/indicators/", "/indicators/index.html", "/static/style.css", "/data/indicators.csv", "/"] {
        assert_eq!(get(port, address).status, 200, "{address}");
    }
    // A file of more than 32 KiB comes in chunks, and is read whole: as a build writes it.
    let (_built, out) = common::build_to_temp(site.path());
    let written = std::fs::read_to_string(out.join("data/indicators.csv")).unwrap();
    assert!(written.len() > 32 * 1024, "the file is large enough to be sent in chunks");
    let csv = get(port, "/data/indicators.csv");
    assert_eq!(csv.headers.get("transfer-encoding").map(String::as_str), Some("chunked"), "{:?}", csv.headers);
    assert!(csv.body == written, "the CSV served differs from the one built:\n{}", csv.body);

    // Built with base_url https://example.gov.vn/nq57/, the 404 pages link from /nq57/; the
    // preview serves the site at its root, at any depth.
    let mut followed = 0;
    for (address, lang, shows) in [
        ("/khong-co", "vi", "Không tìm thấy trang"),
        ("/khong-co/trang/nay/", "vi", "Không tìm thấy trang"),
        ("/indicators/khong-co?q=1", "vi", "Không tìm thấy trang"),
        ("/en/no/such/page", "en", "Page not found"),
        ("/en/indicators/khong-co/", "en", "Page not found"),
        // A snapshot's own 404 page, whose links are relative to its folder.
        ("/archive/2026-Q2/khong-co/trang/", "vi", "archive-banner"),
        ("/archive/2026-Q2/en/no/such", "en", "archive-banner"),
    ] {
        followed += check_not_found(port, address, lang, shows);
    }
    assert!(followed > 100, "only {followed} links followed");
    // The snapshot's page leads to the snapshot's pages, not the live site's.
    let snapshot = get(port, "/archive/2026-Q2/khong-co/trang/");
    let menu = common::attribute_values(&snapshot.body, "href").find(|l| l.ends_with("indicators/index.html")).unwrap();
    assert_eq!(resolve("/archive/2026-Q2/khong-co/trang/", &menu).unwrap(), "/archive/2026-Q2/indicators/index.html");

    // And in headless Chromium: the redirect followed, the missing pages styled, their links
    // fetched and clicked.
    if !common::browser_checks_ready(false) {
        return;
    }
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let result = Command::new("node")
        .args([browser_dir.join("serve.mjs").to_str().unwrap(), &serve.origin()])
        .current_dir(&browser_dir)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    assert!(result.status.success(), "{report}\n{}", String::from_utf8_lossy(&result.stderr));
    assert!(report.contains("serve checks: 0 problem(s)") && report.matches("ok ").count() >= 7, "{report}");
}

/// Without a base_url, 404 pages link relatively from their own folder; the preview writes
/// them from the folder asked about.
#[test]
fn serve_answers_missing_addresses_of_a_site_without_base_url() {
    let site = common::site_from("basic", &[]);
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    assert!(!config.contains("base_url"), "the fixture has no base_url");
    let serve = Serve::start(site.path());
    check_redirect(serve.port, "/units", "/units/");
    check_redirect(serve.port, "/en/periods?x=1", "/en/periods/?x=1");
    for (address, lang, shows) in [
        ("/khong-co", "vi", "Không tìm thấy trang"),
        ("/a/b/c/", "vi", "Không tìm thấy trang"),
        ("/en/x/y", "en", "Page not found"),
    ] {
        check_not_found(serve.port, address, lang, shows);
    }
}

#[test]
fn a_chunked_body_is_put_back_together() {
    assert_eq!(dechunk(b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n").unwrap(), b"hello, world");
    assert_eq!(dechunk(b"A\r\n0123456789\r\n0\r\n\r\n").unwrap(), b"0123456789");
    assert_eq!(dechunk(b"0\r\n\r\n").unwrap(), b"");
    assert!(dechunk(b"5\r\nhel").is_err(), "a body cut short");
    assert!(dechunk(b"zz\r\nhello\r\n0\r\n\r\n").is_err(), "a size that is not hexadecimal");
    assert!(dechunk(b"5\r\nhello").is_err(), "no last chunk");
}

#[test]
fn links_resolve_as_a_browser_reads_them() {
    assert_eq!(resolve("/a/b/", "../static/style.css").unwrap(), "/a/static/style.css");
    assert_eq!(resolve("/a/b/", "../../static/style.css").unwrap(), "/static/style.css");
    assert_eq!(resolve("/a/b", "../static/style.css").unwrap(), "/static/style.css");
    assert_eq!(resolve("/a/b?q=1", "c/index.html#x").unwrap(), "/a/c/index.html");
    assert_eq!(resolve("/", "tim-kiem/index.html?q=x").unwrap(), "/tim-kiem/index.html?q=x");
    assert!(resolve("/a", "../x").is_err());
    assert!(resolve("/a/", "/nq57/x").is_err());
}

/// A press office previews a post before it is published: `serve --drafts` shows it, with its
/// files, under a banner that says it is a draft; without the option the preview is the site
/// a build would publish.
#[test]
fn serve_shows_drafts_only_when_asked_and_says_they_are_drafts() {
    let draft = "+++\ntitle = \"Bài chưa đăng\"\ndate = 2026-04-20\ndraft = true\n+++\n![Ảnh](bai-nhap/anh.png)\n";
    let site = common::site_from(
        "basic",
        &[
            ("content/updates/2026-Q2/bai-nhap.md", Some(draft.as_bytes())),
            ("content/updates/2026-Q2/bai-nhap/anh.png", Some(b"\x89PNG\r\n\x1a\n")),
            ("content/gioi-thieu.md", Some(b"+++\ntitle = \"Gi\xe1\xbb\x9bi thi\xe1\xbb\x87u\"\ndraft = true\n+++\nS\xe1\xba\xafp c\xc3\xb3.\n")),
        ],
    );
    let post = "/updates/2026-Q2/bai-nhap/";
    let (mut plain, port) = common::start_serve(site.path());
    let (without, picture) = (get(port, post), get(port, "/updates/2026-Q2/bai-nhap/anh.png"));
    let _ = plain.kill();
    assert_eq!((without.status, picture.status), (404, 404), "a draft or its picture was previewed without --drafts");

    let (mut child, port) = common::start_serve_with(site.path(), &["--drafts"]);
    let shown = get(port, post);
    let picture = get(port, "/updates/2026-Q2/bai-nhap/anh.png");
    let about = get(port, "/gioi-thieu/");
    let home = get(port, "/");
    let _ = child.kill();
    assert_eq!(shown.status, 200, "{}", shown.body);
    assert!(shown.body.contains("Bài chưa đăng"), "{}", shown.body);
    assert!(shown.body.contains("<span lang=\"vi\">Bản nháp: chỉ hiện trong bản xem trước"), "{}", shown.body);
    assert_eq!(picture.status, 200, "the draft's own picture is previewed with it");
    assert!(about.body.contains("Sắp có.") && about.body.contains("class=\"minhbach-draft\""), "{}", about.body);
    assert_eq!(home.status, 200);
    assert!(!home.body.contains("class=\"minhbach-draft\""), "a page that shows no draft's text has no banner");
    // Its list of posts marks the draft's link as a draft.
    let listed = home.body.split("updates/2026-Q2/bai-nhap/").nth(1).unwrap_or_default();
    let mark = listed.find("</a>").map(|i| &listed[i..]).unwrap_or_default();
    assert!(mark.starts_with("</a> <span class=\"minhbach-draft-mark\""), "{}", home.body);
}

/// The preview says the site's warnings as `check` does: when it starts, and again whenever an
/// edit changes them, never at every rebuild, nor after a rebuild that failed.
#[test]
fn serve_says_the_warnings_when_they_change() {
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\n[Công văn](files/cv.pdf)\n";
    let site = common::site_from(
        "basic",
        &[("content/nhap.md", Some(draft.as_bytes())), ("content/files/cv.pdf", Some(b"%PDF-1.7"))],
    );
    let (mut child, _, said, rx) = common::start_serve_logged(site.path(), &[]);
    let said = said.join("\n");
    let next = |until: &str| -> String {
        let mut lines = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
                let done = line.starts_with(until);
                lines.push(line);
                if done {
                    break;
                }
            }
        }
        lines.join("\n")
    };
    // An edit that changes no warning: the rebuild alone is said.
    std::fs::write(site.path().join("content/nhap.md"), draft.replace("Nháp", "Bản nháp")).unwrap();
    let same = next("rebuilt");
    // One that does: the new warnings are said.
    std::fs::write(site.path().join("content/files/bang.pdf"), b"%PDF-1.7").unwrap();
    std::fs::write(
        site.path().join("content/nhap.md"),
        draft.replace("(files/cv.pdf)", "(files/cv.pdf) [b](files/bang.pdf)"),
    )
    .unwrap();
    let changed = next("rebuilt");
    // A mistake, then the same text as before it: the warnings did not change, so they are
    // not said again.
    let two = draft.replace("(files/cv.pdf)", "(files/cv.pdf) [b](files/bang.pdf)");
    std::fs::write(site.path().join("content/nhap.md"), two.replace("draft = true", "draft = ")).unwrap();
    let failed = next("the site has errors");
    std::fs::write(site.path().join("content/nhap.md"), &two).unwrap();
    let mended = next("rebuilt");
    let _ = child.kill();
    assert!(said.contains("this draft holds back 1 file") && said.contains("content/nhap.md:3:9"), "{said}");
    assert!(same.contains("rebuilt") && !same.contains("holds back"), "{same}");
    assert!(changed.contains("this draft holds back 2 files"), "{changed}");
    assert!(failed.contains("content/nhap.md"), "{failed}");
    assert!(mended.contains("rebuilt") && !mended.contains("holds back"), "{mended}");
}
