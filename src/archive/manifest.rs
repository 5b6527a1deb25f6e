//! SHA-256 manifests in `sha256sum` format, so that anyone can check a downloaded snapshot with
//! standard tools (`sha256sum -c MANIFEST.sha256`).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

pub const MANIFEST: &str = "MANIFEST.sha256";
pub const SIGNATURE: &str = "MANIFEST.sha256.sig";

pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The manifest of a snapshot's files (paths `/`-separated, relative to the snapshot), sorted
/// by path; the manifest and its signature are not listed in it.
pub fn render<'a>(files: impl IntoIterator<Item = (&'a String, &'a [u8])>) -> String {
    let mut out = String::new();
    for (path, bytes) in files {
        if path == MANIFEST || path == SIGNATURE {
            continue;
        }
        out.push_str(&digest(bytes));
        out.push_str("  ");
        out.push_str(path);
        out.push('\n');
    }
    out
}

/// When a snapshot's manifest, which minhbach writes with LF line ends only, ends its lines in
/// CRLF, a copy converted the snapshot's text files (Git's `core.autocrlf`, which Git for
/// Windows sets, does so on checkout): the error that says so, for the whole snapshot rather
/// than for each of its files, and the manifest's digest with its line ends put back.
pub fn converted_line_ends(period: &str, manifest: &[u8]) -> Option<(crate::diagnostic::Diagnostic, String)> {
    if !manifest.windows(2).any(|w| w == b"\r\n") {
        return None;
    }
    let text = String::from_utf8_lossy(manifest).replace("\r\n", "\n");
    let error = crate::diagnostic::Diagnostic::site_error(format!(
        "archive/{period} had its line ends converted to CRLF ({MANIFEST} ends its lines in CRLF, as a Git checkout with core.autocrlf writes them), so its text files no longer match their published digests"
    ))
    .with_help(
        "keep Git from converting snapshots: add the line `/archive/** -text` to the site's .gitattributes, commit it, delete the archive/ folder and run `git checkout -- archive`",
    );
    Some((error, digest(text.as_bytes())))
}

/// Reads a manifest back: path → digest. Lines must be `<64 hex>  <path>`.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut entries = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let (hash, path) = line.split_once("  ").ok_or_else(|| format!("line {} is not `<digest>  <path>`", n + 1))?;
        if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("line {} has no SHA-256 digest", n + 1));
        }
        if path.is_empty() || path.starts_with('/') || path.split('/').any(|p| p == "..") {
            return Err(format!("line {} names an unsafe path `{path}`", n + 1));
        }
        entries.insert(path.to_string(), hash.to_ascii_lowercase());
    }
    Ok(entries)
}

/// What differs between a snapshot's files and its manifest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    Changed(String),
    Missing(String),
    Unexpected(String),
}

/// Compares files on disk with the manifest's digests.
pub fn compare(manifest: &BTreeMap<String, String>, files: &BTreeMap<String, Vec<u8>>) -> Vec<Problem> {
    use rayon::prelude::*;
    let digests: BTreeMap<String, String> =
        files.par_iter().map(|(path, bytes)| (path.clone(), digest(bytes))).collect();
    compare_digests(manifest, &digests)
}

/// Compares the digests of the files on disk, by path, with the manifest's.
pub fn compare_digests(manifest: &BTreeMap<String, String>, files: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut problems: Vec<Problem> = manifest
        .iter()
        .filter_map(|(path, expected)| match files.get(path) {
            None => Some(Problem::Missing(path.clone())),
            Some(found) if found != expected => Some(Problem::Changed(path.clone())),
            Some(_) => None,
        })
        .collect();
    for path in files.keys() {
        if path != MANIFEST && path != SIGNATURE && !manifest.contains_key(path) {
            problems.push(Problem::Unexpected(path.clone()));
        }
    }
    problems.sort();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeMap<String, Vec<u8>> {
        [("b.html".to_string(), b"b".to_vec()), ("a/x.css".to_string(), b"x".to_vec())].into_iter().collect()
    }

    #[test]
    fn manifest_is_sorted_sha256sum_format() {
        let m = render(files().iter().map(|(p, b)| (p, b.as_slice())));
        let lines: Vec<&str> = m.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("  a/x.css") && lines[1].ends_with("  b.html"));
        assert_eq!(&lines[1][..64], "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d");
        assert_eq!(parse(&m).unwrap().len(), 2);
    }

    #[test]
    fn compare_names_changed_missing_and_unexpected_files() {
        let manifest = parse(&render(files().iter().map(|(p, b)| (p, b.as_slice())))).unwrap();
        let mut now = files();
        now.insert("b.html".into(), b"B".to_vec());
        now.remove("a/x.css");
        now.insert("new.txt".into(), b"n".to_vec());
        assert_eq!(
            compare(&manifest, &now),
            vec![
                Problem::Changed("b.html".into()),
                Problem::Missing("a/x.css".into()),
                Problem::Unexpected("new.txt".into())
            ]
        );
    }

    #[test]
    fn rejects_malformed_and_unsafe_lines() {
        assert!(parse("nothex  a").is_err());
        assert!(parse(&format!("{}  ../etc/passwd", "0".repeat(64))).is_err());
    }
}
