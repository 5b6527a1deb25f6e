//! Archives: one frozen snapshot per reporting period under `archive/<period>/`, each with a
//! manifest of SHA-256 digests and optionally an Ed25519 signature. The tool never rewrites
//! them; every build checks them and refuses to publish one that no longer matches.

pub mod keys;
pub mod manifest;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use manifest::{MANIFEST, Problem, SIGNATURE};

/// The file in a snapshot that says which period it shows, when and by what it was made.
pub const INFO: &str = "snapshot.json";
/// The complete input data of the period in one canonical file.
pub const DATA: &str = "data.json";

/// A verified snapshot, read from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct Archive {
    pub period: String,
    pub files: BTreeMap<String, Vec<u8>>,
    /// SHA-256 of MANIFEST.sha256: the one number that pins the whole snapshot.
    pub manifest_digest: String,
    /// RFC 3339 time the snapshot was made, from snapshot.json.
    pub created: Option<String>,
    pub signed: bool,
}

/// Files under `dir`, keyed by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> std::io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).map_err(std::io::Error::other)?;
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(rel, std::fs::read(entry.path())?);
        }
    }
    Ok(files)
}

/// The site's trusted public key, if it publishes one.
pub fn public_key(root: &Path) -> Result<Option<ed25519_dalek::VerifyingKey>, String> {
    let path = root.join("archive").join(keys::PUBLIC_KEY_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read archive/{}: {e}", keys::PUBLIC_KEY_FILE))?;
    keys::parse_public(&text).map(Some).map_err(|e| format!("archive/{}: {e}", keys::PUBLIC_KEY_FILE))
}

/// Reads and verifies every snapshot of the site; each changed, missing or unexpected file and
/// each bad signature is a diagnostic naming its path.
pub fn load(root: &Path) -> (Vec<Archive>, Vec<Diagnostic>) {
    let mut archives = Vec::new();
    let mut diags = Vec::new();
    let dir = root.join("archive");
    let Ok(entries) = std::fs::read_dir(&dir) else { return (archives, diags) };
    let key = match public_key(root) {
        Ok(k) => k,
        Err(e) => {
            diags.push(Diagnostic::site_error(e));
            None
        }
    };
    let mut periods: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    periods.sort();
    for period in periods {
        let at = |path: &str| format!("archive/{period}/{path}");
        let files = match read_tree(&dir.join(&period)) {
            Ok(f) => f,
            Err(e) => {
                diags.push(Diagnostic::site_error(format!("cannot read archive/{period}: {e}")));
                continue;
            }
        };
        let Some(manifest_bytes) = files.get(MANIFEST) else {
            diags.push(
                Diagnostic::site_error(format!("{} is missing, so the snapshot cannot be verified", at(MANIFEST)))
                    .with_help("snapshots are made by `minhbach snapshot PERIOD`; never edit or assemble them by hand"),
            );
            continue;
        };
        let manifest = match std::str::from_utf8(manifest_bytes).map_err(|e| e.to_string()).and_then(manifest::parse) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::site_error(format!("{} cannot be read: {e}", at(MANIFEST))));
                continue;
            }
        };
        let problems = manifest::compare(&manifest, &files);
        for p in &problems {
            let d = match p {
                Problem::Changed(path) => format!(
                    "{} was changed after the snapshot was published: its SHA-256 no longer matches MANIFEST.sha256",
                    at(path)
                ),
                Problem::Missing(path) => format!("{} is listed in MANIFEST.sha256 but missing", at(path)),
                Problem::Unexpected(path) => {
                    format!("{} is not part of the published snapshot (not in MANIFEST.sha256)", at(path))
                }
            };
            diags.push(
                Diagnostic::site_error(d)
                    .with_help("restore the snapshot from its published copy; archives are never edited by hand"),
            );
        }
        let signed = files.contains_key(SIGNATURE);
        if let Some(sig) = files.get(SIGNATURE) {
            match &key {
                None => diags.push(Diagnostic::site_error(format!(
                    "{} is signed but the site publishes no public key (archive/{})",
                    at(SIGNATURE),
                    keys::PUBLIC_KEY_FILE
                ))),
                Some(k) => {
                    if let Err(e) = keys::verify(k, manifest_bytes, &String::from_utf8_lossy(sig)) {
                        diags.push(Diagnostic::site_error(format!("{}: {e}", at(SIGNATURE))));
                    }
                }
            }
        }
        if !problems.is_empty() {
            continue;
        }
        let created = files
            .get(INFO)
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok())
            .and_then(|v| v["created"].as_str().map(String::from));
        let manifest_digest = manifest::digest(manifest_bytes);
        archives.push(Archive { period, files, manifest_digest, created, signed });
    }
    (archives, diags)
}

/// Figures a snapshot published: (indicator id, ISO date) → value.
pub type Published = BTreeMap<(String, String), f64>;

/// What `archive/` holds, by path, size and modification time: when it is unchanged, an earlier
/// verification still stands.
pub fn fingerprint(root: &Path) -> Vec<(String, u64, Option<std::time::SystemTime>)> {
    walkdir::WalkDir::new(root.join("archive"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.path().to_string_lossy().into_owned(), meta.len(), meta.modified().ok()))
        })
        .collect()
}

/// The values a snapshot published, from its open data.
pub fn published_values(archive: &Archive) -> Published {
    let mut out = BTreeMap::new();
    let Some(csv) = archive.files.get("data/values.csv") else { return out };
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    for row in reader.records().filter_map(Result::ok) {
        if row.get(4) != Some("true") {
            continue; // a figure the snapshot itself showed as replaced
        }
        if let (Some(ind), Some(date), Some(Ok(v))) = (row.get(0), row.get(1), row.get(2).map(str::parse::<f64>)) {
            out.insert((ind.to_string(), date.to_string()), v);
        }
    }
    out
}
