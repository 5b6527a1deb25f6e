//! The output manifest: the list of files a build wrote, kept in the output folder itself.
//!
//! It is how minhbach knows a folder is its own (only such a folder is ever changed) and which
//! files it may remove later: never one it did not write. It lists paths and sizes, and a digest
//! of what the build read, all of which depend only on the input: two builds of the same input
//! leave byte-identical folders.

use std::collections::{BTreeMap, BTreeSet};

use crate::output::PageRecord;

/// The manifest's name inside the output folder.
pub const NAME: &str = ".minhbach-output";
const HEADER: &str =
    "# minhbach output: the files this folder's last build wrote; minhbach replaces only what is listed here";
const INPUTS: &str = "# inputs ";

/// What the output folder's last build wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Every file it wrote.
    pub paths: BTreeSet<String>,
    /// Each file's size, where recorded.
    pub sizes: BTreeMap<String, u64>,
    /// For files made from a digest of their input (share pictures, and pages: the digest of
    /// the inputs of their kind of page): that digest.
    pub keys: BTreeMap<String, String>,
    /// For pages: their title and charts.
    pub pages: BTreeMap<String, PageRecord>,
    /// What the build was made from, where recorded (see `Recorded`).
    pub recorded: Option<Recorded>,
}

/// A digest of everything a build read, with what it made: a later build of the same inputs
/// into a folder that still holds every file at its size has nothing to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub inputs: String,
    pub pages: usize,
    pub charts: usize,
}

impl Manifest {
    pub fn contains(&self, path: &str) -> bool {
        self.paths.contains(path)
    }
}

/// Reads the manifest; `None` when the text is not one (then the folder is not taken as ours).
pub fn parse(text: &str) -> Option<Manifest> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut out = Manifest::default();
    for line in lines.filter(|l| !l.is_empty()) {
        if let Some(rest) = line.strip_prefix(INPUTS) {
            let words: Vec<&str> = rest.split(' ').collect();
            if let [inputs, "pages", pages, "charts", charts] = words[..] {
                out.recorded = Some(Recorded {
                    inputs: inputs.to_string(),
                    pages: pages.parse().ok()?,
                    charts: charts.parse().ok()?,
                });
            }
            continue;
        }
        let mut columns = line.split('\t');
        let path = columns.next().unwrap_or_default();
        let size = match columns.next() {
            Some(size) => Some(size.parse::<u64>().ok()?),
            None => None,
        };
        // A digest, or a page's kind's and group's (see `output::page_key`).
        let key = columns.next().filter(|k| k.bytes().all(|b| b.is_ascii_hexdigit() || b == b'/'));
        let page = match (columns.next(), columns.next()) {
            (Some(charts), Some(title)) => Some(PageRecord { charts: charts.parse().ok()?, title: unescape(title)? }),
            (None, None) => None,
            _ => return None,
        };
        if !is_safe_path(path) || columns.next().is_some() {
            return None;
        }
        if let Some(page) = page {
            out.pages.insert(path.to_string(), page);
        }
        if let Some(size) = size {
            out.sizes.insert(path.to_string(), size);
        }
        if let Some(key) = key {
            out.keys.insert(path.to_string(), key.to_string());
        }
        out.paths.insert(path.to_string());
    }
    Some(out)
}

/// The manifest of `files` (path and size), made from `recorded` when known. Sizes and the
/// digest depend only on the input, so two builds of it still leave byte-identical folders.
pub fn render<'a>(
    files: impl Iterator<Item = (&'a String, u64, Option<&'a String>, Option<&'a PageRecord>)>,
    recorded: Option<&Recorded>,
) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    if let Some(r) = recorded {
        s.push_str(&format!("{INPUTS}{} pages {} charts {}\n", r.inputs, r.pages, r.charts));
    }
    for (path, size, key, page) in files {
        s.push_str(path);
        s.push('\t');
        s.push_str(&size.to_string());
        if let Some(key) = key {
            s.push('\t');
            s.push_str(key);
            if let Some(page) = page {
                s.push_str(&format!("\t{}\t{}", page.charts, escape(&page.title)));
            }
        }
        s.push('\n');
    }
    s
}

/// A title on one line of the manifest: tabs, line ends and backslashes written as `\t`,
/// `\n`, `\r` and `\\`, so that it reads back exactly.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(out)
}

/// A relative `/`-separated path with no `..` and no empty parts: the only kind of path a
/// manifest may name, so a forged manifest cannot point outside the folder.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|p| !p.is_empty() && p != "." && p != ".." && !p.chars().any(char::is_control))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_what_is_not_a_manifest() {
        let sizes: BTreeMap<String, u64> = [("a b/index.html".to_string(), 3), ("x.png".to_string(), 0)].into();
        let keys: BTreeMap<String, String> =
            [("x.png".to_string(), "9f0a".to_string()), ("a b/index.html".to_string(), "c3".to_string())].into();
        let title = "Tab\there, a line\nend, C:\\ and đ".to_string();
        let pages: BTreeMap<String, PageRecord> =
            [("a b/index.html".to_string(), PageRecord { title, charts: 2 })].into();
        let recorded = Recorded { inputs: "ab12".into(), pages: 1, charts: 2 };
        let m = Manifest {
            paths: sizes.keys().cloned().collect(),
            sizes: sizes.clone(),
            keys: keys.clone(),
            pages: pages.clone(),
            recorded: Some(recorded),
        };
        let text = render(sizes.iter().map(|(p, s)| (p, *s, keys.get(p), pages.get(p))), m.recorded.as_ref());
        assert_eq!(text.lines().count(), 4, "one line per file: {text}");
        assert_eq!(parse(&text), Some(m));
        assert_eq!(parse(&format!("{HEADER}\na.html\t1\tc3\t0\tbad \\q escape\n")), None);
        assert_eq!(parse(&format!("{HEADER}\na.html\t1\tc3\t0\n")), None, "a page has charts and a title");
        assert_eq!(parse(&format!("{HEADER}\na.html\tbig\n")), None, "a size is a number");
        // A manifest of paths alone (an older build's) is still read.
        let old = parse(&format!("{HEADER}\na.html\n")).unwrap();
        assert!(old.contains("a.html") && old.sizes.is_empty() && old.recorded.is_none());
        assert_eq!(parse("my thesis"), None);
        assert_eq!(parse(&format!("{HEADER}\n../etc/passwd\n")), None);
        assert_eq!(parse(&format!("{HEADER}\n/etc/passwd\n")), None);
    }
}
