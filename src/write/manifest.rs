//! The output manifest: the list of files a build wrote, kept in the output folder itself.
//!
//! It is how minhbach knows a folder is its own (only such a folder is ever changed) and which
//! files it may remove later: never one it did not write. It lists paths only, so two builds of
//! the same input leave byte-identical folders.

use std::collections::BTreeSet;

/// The manifest's name inside the output folder.
pub const NAME: &str = ".minhbach-output";
const HEADER: &str =
    "# minhbach output: the files this folder's last build wrote; minhbach replaces only what is listed here";

pub type Manifest = BTreeSet<String>;

/// Reads the manifest; `None` when the text is not one (then the folder is not taken as ours).
pub fn parse(text: &str) -> Option<Manifest> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut out = Manifest::new();
    for path in lines.filter(|l| !l.is_empty()) {
        if !is_safe_path(path) {
            return None;
        }
        out.insert(path.to_string());
    }
    Some(out)
}

pub fn render<'a>(paths: impl Iterator<Item = &'a String>) -> String {
    let mut s = String::from(HEADER);
    s.push('\n');
    for path in paths {
        s.push_str(path);
        s.push('\n');
    }
    s
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
        let m: Manifest = ["a b/index.html".to_string(), "x.css".to_string()].into();
        assert_eq!(parse(&render(m.iter())), Some(m));
        assert_eq!(parse("my thesis"), None);
        assert_eq!(parse(&format!("{HEADER}\n../etc/passwd\n")), None);
        assert_eq!(parse(&format!("{HEADER}\n/etc/passwd\n")), None);
    }
}
