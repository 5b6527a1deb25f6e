//! `minhbach serve`: build the site in memory, serve it on 127.0.0.1, rebuild when a source file
//! changes and make open pages reload. When the input is bad, every page shows the same
//! messages as `check` until the files are fixed, then recovers by itself.

mod archives;
mod drafts;
mod reload;
mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use crate::output::{Bytes, Files};
use crate::pipeline::{self, Mode};
use crate::render::memo::{Memo, Reuse};
use crate::timings::Timings;

/// What the server currently has to show.
struct State {
    /// Goes up by one at every rebuild; open pages ask for it and reload when it moves.
    version: u64,
    /// The site's files, or the problems that stopped the build.
    site: Result<BTreeMap<String, Bytes>, String>,
}

/// The version again, for the pages waiting for it to move: they sleep until told.
#[derive(Default)]
struct Signal {
    version: std::sync::Mutex<u64>,
    moved: std::sync::Condvar,
}

impl Signal {
    fn set(&self, version: u64) {
        *self.version.lock().unwrap_or_else(|e| e.into_inner()) = version;
        self.moved.notify_all();
    }

    /// Waits, at most [`reload::WAIT`], for the version to differ from `after`.
    fn wait_past(&self, after: u64) {
        let version = self.version.lock().unwrap_or_else(|e| e.into_inner());
        let _ = self.moved.wait_timeout_while(version, reload::WAIT, |v| *v == after);
    }
}

pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub open: bool,
    /// Log how long each stage of every rebuild took.
    pub timings: bool,
    /// Show the pages marked `draft = true`, each with a banner that says it is a draft.
    pub drafts: bool,
}

/// What the server keeps from one rebuild to the next.
#[derive(Default)]
struct Kept {
    archives: archives::ArchiveCache,
    /// Pages, charts and pictures, by what they are made from.
    memo: Memo,
    /// Each source file as last parsed.
    parsed: crate::load::Parsed,
    /// Each source file's digest, by its stamp.
    seen: crate::inputs::Seen,
    /// The site as last resolved and assessed.
    resolved: pipeline::Resolved,
    /// Whether drafts are shown (see [`Options::drafts`]).
    show_drafts: bool,
    /// Share pictures an earlier build drew (see [`crate::cache::pictures`]), only read.
    pictures: Option<crate::cache::pictures::Pictures>,
    /// The warnings of the last rebuild that succeeded, as `check` prints them: said again only
    /// when they change, so that a keeper sees them without a log that repeats them at every edit.
    warnings: String,
}

/// Builds the site in memory, taking from `kept` every page, chart and picture whose input
/// did not change; also says how long each stage took and how much was reused.
fn rebuild(
    root: &Path,
    kept: &mut Kept,
    changed: watch::Changed,
) -> (Result<BTreeMap<String, Bytes>, String>, Timings, Reuse) {
    let mut timings = Timings::default();
    // Before the sources are read: an edit during the rebuild makes the next one differ.
    let verified = timings.time("archives", || kept.archives.get(root, changed.archive));
    let archives = format!("archives read {} time(s)", kept.archives.reads);
    let inputs = timings.time("inputs digest", || {
        crate::inputs::digests_with(root, &archives, crate::inputs::Archive::Left, Some(&mut kept.seen))
    });
    let resolved = inputs.map(|d| (&mut kept.resolved, d.without_post_text));
    let mut checked =
        pipeline::check_with_archives(root, None, verified, Some(&kept.parsed), resolved, kept.show_drafts);
    checked.timings = timings.then(std::mem::take(&mut checked.timings));
    if checked.assessment.is_none() {
        // The theme and the files under content/ too, as `check` and `build` report them.
        pipeline::check_unrendered(root, &mut checked);
        kept.resolved.keep(&mut checked);
        return (Err(checked.render_errors_first()), checked.timings, Reuse::default());
    }
    let archives = std::mem::take(&mut checked.archives);
    let mode = Mode::Live { archives: &archives };
    let run =
        crate::render::Run { memo: Some(&kept.memo), inputs, pictures: kept.pictures.as_ref(), ..Default::default() };
    if checked.site.config.base_url.is_none() {
        checked.diagnostics.push(crate::render::share::no_base_url_warning());
    }
    let rendered = pipeline::render_into(root, &mut checked, None, mode, run, Files::default());
    let result = match rendered {
        Some((mut files, _)) => {
            drafts::mark(&checked.site, &mut files.files);
            kept.warnings = checked.render_diagnostics();
            Ok(files.files)
        }
        None => Err(checked.render_errors_first()),
    };
    kept.resolved.keep(&mut checked);
    // A failed rebuild keeps everything: the next one most likely makes the same again.
    let reuse = if result.is_ok() { kept.memo.sweep() } else { Reuse::default() };
    (result, checked.timings, reuse)
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "js" => "text/javascript; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The file a request path names: `/` and directories mean their `index.html`.
fn lookup<'a>(files: &'a BTreeMap<String, Bytes>, url: &str) -> Option<(String, &'a Bytes)> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path.trim_start_matches('/'));
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.clone(), format!("{path}/index.html")]
    };
    candidates.into_iter().find_map(|c| files.get(&c).map(|b| (c, b)))
}

/// Whether `url` named a folder without its trailing slash and was answered with the folder's
/// `index.html` (`path`).
fn folder_without_slash(url: &str, path: &str) -> bool {
    let asked = url.split(['?', '#']).next().unwrap_or("");
    path.ends_with("/index.html") && !asked.ends_with('/') && !asked.ends_with("index.html")
}

/// Where the browser is sent for the folder whose `index.html` is `path`, asked as `url`
/// without its slash: written from the folder found, not from the address asked, in which
/// `//units` would send the browser to a host named `units`.
fn folder_location(url: &str, path: &str) -> String {
    let folder = crate::render::markdown::address::encode_path(path.strip_suffix("index.html").unwrap_or(path));
    match url.split_once('?') {
        Some((_, query)) => format!("/{folder}?{query}"),
        None => format!("/{folder}"),
    }
}

/// The deepest address, in folders, whose not-found page is the site's own.
const MAX_DEPTH: usize = 64;

/// The not-found page for `url`: the one of the language its address is under (`/en/…`), its
/// relative links written from the folder the browser asked about, since it is shown there.
fn not_found_page(files: &BTreeMap<String, Bytes>, url: &str) -> Option<Vec<u8>> {
    let path = url.split(['?', '#']).next().unwrap_or("").trim_start_matches('/');
    // No page of the site is this deep: the plain answer, rather than a page whose links climb
    // back from every level asked (its work and size would grow with the square of the address).
    if path.matches('/').count() > MAX_DEPTH {
        return None;
    }
    // The nearest folder above the address with a 404 page of its own: a language's
    // (`en/`), or a snapshot's (`archive/2026-Q3/en/`).
    let folders: Vec<&str> = path.split('/').collect();
    let (page, bytes) = (0..folders.len())
        .rev()
        .map(|k| folders[..k].iter().map(|f| format!("{f}/")).collect::<String>() + "404.html")
        .find_map(|p| files.get(&p).map(|b| (p, b)))?;
    // From the asked folder back to the site's root, then down to the page's folder.
    let down = page.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let asked = path.rsplit_once('/').map_or(String::new(), |(dir, _)| format!("{dir}/"));
    let up = "../".repeat(path.matches('/').count());
    let html = String::from_utf8_lossy(bytes);
    // Its links now lead from the site's root, whatever folder it was written for; also when
    // asked from the page's own folder (`/gone`, `/en/gone`), where links from the site's
    // path would still lead outside the preview.
    if let Some(from_root) = from_site_path(&html) {
        return Some(from_folder(&from_root, &up, "").into_bytes());
    }
    if asked == down {
        return Some(bytes.to_vec());
    }
    Some(from_folder(&html, &up, &down).into_bytes())
}

/// A 404 page built with a `base_url` links from the site's path there (`/minh-bach/…`), but
/// the preview serves the site at `/`: those links, found by the path its stylesheet link
/// shows, written from the site's root instead. `None` for a page with relative links.
fn from_site_path(html: &str) -> Option<String> {
    let at = html.find("static/style.css\"")?;
    let start = html[..at].rfind('"')?;
    let prefix = &html[start + 1..at];
    if !prefix.starts_with('/') || prefix.contains(['<', '>', ' ']) {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let marker = format!("=\"{prefix}");
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + marker.len()..];
    }
    out.push_str(rest);
    Some(out)
}

/// `html` with every relative `href`, `src` and `action` led `up` to the site's root and
/// `down` to the folder the page was written for (`../` of the link and `down` cancelled).
fn from_folder(html: &str, up: &str, down: &str) -> String {
    if up.is_empty() && down.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    let attributes = [" href=\"", " src=\"", " action=\""];
    while let Some(at) = attributes.iter().filter_map(|a| rest.find(a).map(|i| i + a.len())).min() {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let value = rest.split('"').next().unwrap_or("");
        if rest.starts_with(['#', '/']) || value.contains(':') {
            continue;
        }
        let mut down: Vec<&str> = down.split_terminator('/').collect();
        while !down.is_empty()
            && let Some(after) = rest.strip_prefix("../")
        {
            down.pop();
            rest = after;
        }
        out.push_str(up);
        for dir in down {
            out.push_str(dir);
            out.push('/');
        }
    }
    out.push_str(rest);
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = if bytes[i] == b'%' { s.get(i + 1..i + 3) } else { None };
        if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Whether a request's `Host` names this machine. The preview may show unpublished input
/// (error pages quote it), so a page elsewhere must not read it through DNS rebinding, where a
/// foreign name resolves to 127.0.0.1 and the browser sends that name as the host.
pub fn loopback_host(host: Option<&str>) -> bool {
    let Some(host) = host else { return true };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or("", |(inside, _)| inside),
        None => host
            .rsplit_once(':')
            .map_or(host, |(name, port)| if port.chars().all(|c| c.is_ascii_digit()) { name } else { host }),
    };
    matches!(name.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1")
}

fn respond(state: &RwLock<State>, signal: &Signal, request: tiny_http::Request) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !loopback_host(host.as_deref()) {
        let response = tiny_http::Response::from_string(
            "minhbach serve answers only requests addressed to localhost or 127.0.0.1\n",
        )
        .with_status_code(421);
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    if url.starts_with(reload::VERSION_PATH)
        && let Some(after) = reload::waits_after(&url)
    {
        // Held until a rebuild moves the version past the page's own.
        signal.wait_past(after);
    }
    let state = state.read().unwrap_or_else(|e| e.into_inner());
    let no_store = header("Cache-Control", "no-store");
    let response = if url.starts_with(reload::VERSION_PATH) {
        tiny_http::Response::from_string(state.version.to_string()).with_header(no_store)
    } else {
        match &state.site {
            Err(errors) => tiny_http::Response::from_string(reload::error_page(errors, state.version))
                .with_status_code(500)
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
                .with_header(no_store),
            Ok(files) => match lookup(files, &url) {
                // A folder asked for without its slash: the browser must ask again with it, or
                // the page's relative links would be read from the folder above.
                Some((path, _)) if folder_without_slash(&url, &path) => tiny_http::Response::from_string(String::new())
                    .with_status_code(301)
                    .with_header(header("Location", &folder_location(&url, &path)))
                    .with_header(no_store),
                Some((path, bytes)) => {
                    let body =
                        if path.ends_with(".html") { reload::inject(bytes, state.version) } else { bytes.to_vec() };
                    tiny_http::Response::from_data(body)
                        .with_header(header("Content-Type", content_type(&path)))
                        .with_header(no_store)
                }
                None => {
                    let body =
                        not_found_page(files, &url).map(|b| reload::inject(&b, state.version)).unwrap_or_default();
                    tiny_http::Response::from_data(body)
                        .with_status_code(404)
                        .with_header(header("Content-Type", "text/html; charset=utf-8"))
                }
            },
        }
    };
    drop(state);
    let _ = request.respond(response);
}

/// Runs the preview server until interrupted.
pub fn run(opts: Options, log: impl Fn(&str) + Send + Sync + 'static) -> Result<(), String> {
    let root = crate::write::absolute(&opts.root).map_err(|e| e.to_string())?;
    if !root.join("site.toml").is_file() {
        return Err(format!("there is no site.toml in {}; pass --root DIR", root.display()));
    }
    let pictures = Some(crate::cache::pictures::Pictures::of(&crate::cache::Cache::of(&root)));
    let mut kept = Kept { show_drafts: opts.drafts, pictures, ..Kept::default() };
    let (first, timings, _) = rebuild(&root, &mut kept, watch::Changed { archive: true });
    if first.is_ok() && !kept.warnings.is_empty() {
        log(&kept.warnings);
    }
    if let Some(note) = crate::cache::pictures::taken(kept.pictures.as_ref().map_or(0, |p| p.found())) {
        log(&note);
    }
    match &first {
        Err(e) => log(e),
        Ok(_) if opts.timings => log(&format!("built in memory:\n{}", timings.report())),
        Ok(_) => {}
    }
    let state = Arc::new(RwLock::new(State { version: 1, site: first }));
    let signal = Arc::new(Signal::default());
    signal.set(1);
    let server = tiny_http::Server::http(("127.0.0.1", opts.port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", opts.port))?;
    let server = Arc::new(server);
    let addr = server.server_addr().to_ip().ok_or("the server has no IP address")?;
    let url = format!("http://{addr}/");

    let stop = Arc::new(AtomicBool::new(false));
    {
        let (server, stop) = (server.clone(), stop.clone());
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        })
        .map_err(|e| format!("cannot handle Ctrl+C: {e}"))?;
    }
    let log = Arc::new(log);
    let watcher = {
        let (state, root, stop, log, show_timings) =
            (state.clone(), root.clone(), stop.clone(), log.clone(), opts.timings);
        let signal = signal.clone();
        watch::spawn(&root.clone(), move |changed| {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            let started = std::time::Instant::now();
            // Those of the last rebuild that succeeded: a failed one between says no warning.
            let warned = kept.warnings.clone();
            let (result, timings, reuse) = rebuild(&root, &mut kept, changed);
            if result.is_ok() && kept.warnings != warned && !kept.warnings.is_empty() {
                log(&kept.warnings);
            }
            match &result {
                Ok(files) if show_timings => log(&format!(
                    "rebuilt {} files in {} ms ({} pages, charts and pictures made, {} kept):\n{}",
                    files.len(),
                    started.elapsed().as_millis(),
                    reuse.made,
                    reuse.kept,
                    timings.report()
                )),
                Ok(files) => log(&format!("rebuilt {} files in {} ms", files.len(), started.elapsed().as_millis())),
                Err(e) => log(&format!("{e}\nthe site has errors; the browser shows them until they are fixed")),
            }
            let version = {
                let mut s = state.write().unwrap_or_else(|e| e.into_inner());
                s.version += 1;
                s.site = result;
                s.version
            };
            signal.set(version);
        })?
    };
    // Said once edits are watched: an edit from then on is seen.
    log(&format!("serving {} at {url} (Ctrl+C stops)", root.display()));
    if opts.open {
        crate::browser::open(&url);
    }
    for request in server.incoming_requests() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let (state, signal) = (state.clone(), signal.clone());
        std::thread::spawn(move || respond(&state, &signal, request));
    }
    drop(watcher);
    log("stopped");
    Ok(())
}

#[cfg(test)]
mod tests;
