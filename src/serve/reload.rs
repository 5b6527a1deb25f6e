//! Live reload: served pages ask the server for the build version and reload when it moves.
//! The question waits at the server until a rebuild finishes (or for [`WAIT`] at most), so a
//! page reloads as soon as its new version is ready, not at the next tick of a timer. Only the
//! preview server adds this script; built sites stay free of JavaScript.

pub const VERSION_PATH: &str = "/__minhbach/version";

/// How long the server holds a question about the version before answering "unchanged".
pub const WAIT: std::time::Duration = std::time::Duration::from_secs(20);

/// The version a request waits past: `/__minhbach/version?after=7` → 7.
pub fn waits_after(url: &str) -> Option<u64> {
    url.split_once('?')?.1.split('&').find_map(|kv| kv.strip_prefix("after=")?.parse().ok())
}

fn script(version: u64) -> String {
    format!(
        "<script>(function(){{var v=\"{version}\";function ask(){{fetch(\"{VERSION_PATH}?after=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{return r.text()}}).then(function(t){{if(t!==v)location.reload();else ask()}})\
.catch(function(){{setTimeout(ask,1000)}})}}ask()}})();</script>"
    )
}

/// The page with the reload script before `</body>`.
pub fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = script(version);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// What the browser shows while the site has errors: the same messages as `check`.
pub fn error_page(errors: &str, version: u64) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>The site has errors — minhbach</title><style>body{{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}\
pre{{background:#fce8e6;color:#5c0f0b;padding:1rem;overflow-x:auto;white-space:pre-wrap}}</style></head><body>\
<h1>The site has errors</h1><p>Fix the files named below; this page reloads by itself when they are fixed.</p><pre>{}</pre>{}</body></html>\n",
        crate::text::escape(errors),
        script(version)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_body_end_and_escapes_errors() {
        let html = inject(b"<html><body><p>x</p></body></html>", 7);
        let html = String::from_utf8(html).unwrap();
        assert!(html.contains("var v=\"7\"") && html.ends_with("</script></body></html>"));
        assert!(html.contains("?after="), "asks to be told of the next version");
        assert_eq!(waits_after("/__minhbach/version?after=12"), Some(12));
        assert_eq!(waits_after("/__minhbach/version"), None);
        let page = error_page("error: bad <thing>\n --> data/units.toml:3:1", 2);
        assert!(page.contains("bad &lt;thing&gt;") && page.contains("data/units.toml:3:1"));
    }
}
