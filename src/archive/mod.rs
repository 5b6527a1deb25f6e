//! Archives: one frozen snapshot per reporting period under `archive/<period>/`, each with a
//! manifest of SHA-256 digests and optionally an Ed25519 signature. The tool never rewrites
//! them; every build checks them and refuses to publish one that no longer matches.

mod files;
pub mod frozen;
pub mod keygen;
pub mod keys;
pub mod manifest;
pub mod published;
pub mod source;
pub mod verify;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::cache::stamps::Known;
use crate::diagnostic::Diagnostic;
use files::read_snapshot;
pub use files::read_tree;
use manifest::{MANIFEST, Problem, SIGNATURE};

/// The file in a snapshot that says which period it shows, when and by what it was made.
pub const INFO: &str = "snapshot.json";
/// The complete input data of the period in one canonical file.
pub const DATA: &str = "data.json";
/// The figures the snapshot published, one a row.
pub const VALUES: &str = "data/values.csv";
/// The files of a snapshot that a build reads; the others it only verifies and publishes.
const READ: &[&str] = &[MANIFEST, SIGNATURE, INFO, DATA, VALUES];

/// Which of a snapshot's files [`load_with`] holds in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// Only those a build reads; the rest are copied from where they are when published.
    Read,
    /// All of them (a preview server, which serves them from memory rebuild after rebuild).
    All,
}

/// A verified snapshot, read from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct Archive {
    pub period: String,
    pub files: BTreeMap<String, source::Content>,
    /// Each file's SHA-256 (hex): as its manifest lists it, or of its bytes for the files the
    /// manifest does not list (the manifest itself and its signature). A build keeps a copy of
    /// the snapshot in its output by these digests, without comparing the bytes again.
    pub digests: BTreeMap<String, String>,
    /// SHA-256 of MANIFEST.sha256: the one number that pins the whole snapshot.
    pub manifest_digest: String,
    /// RFC 3339 time the snapshot was made, from snapshot.json.
    pub created: Option<String>,
    pub signed: bool,
    /// What its snapshot.json records of the key that signs it.
    pub signed_by: SignedBy,
    /// The snapshot before it in the chain: (period, SHA-256 of its manifest).
    pub previous: Option<(String, String)>,
}

/// The key a snapshot records, in its snapshot.json, as the one that signs it. Recorded inside
/// the manifest (and so under the signature and in the next snapshot's chain link), it keeps a
/// signature from being stripped together with the site's key file: the snapshot still says it
/// was signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedBy {
    /// Made before snapshots recorded it (the field is absent): only the key file's `since`
    /// line tells whether it must be signed.
    Unrecorded,
    /// Made unsigned.
    Nobody,
    /// Signed with the key whose SHA-256 (of its 32 bytes, hex) this is.
    Key(String),
}

/// The field of snapshot.json that records the signing key (see [`SignedBy`]).
pub const SIGNING_KEY_FIELD: &str = "signing_key_sha256";

impl SignedBy {
    /// What `info` (a snapshot.json) records; `None` when the field holds something else.
    pub fn of(info: &serde_json::Value) -> Option<SignedBy> {
        match info.get(SIGNING_KEY_FIELD) {
            None => Some(SignedBy::Unrecorded),
            Some(serde_json::Value::Null) => Some(SignedBy::Nobody),
            Some(serde_json::Value::String(s)) if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(SignedBy::Key(s.to_ascii_lowercase()))
            }
            Some(_) => None,
        }
    }
}

impl Archive {
    /// The bytes of a file the build reads (see [`READ`]), or any file of a snapshot loaded
    /// with [`Hold::All`].
    pub fn bytes(&self, path: &str) -> Option<&[u8]> {
        held(&self.files, path)
    }
}

fn held<'a>(files: &'a BTreeMap<String, source::Content>, path: &str) -> Option<&'a [u8]> {
    match files.get(path)? {
        source::Content::Held(bytes) => Some(bytes),
        source::Content::OnDisk(_) => None,
    }
}

/// The chain link a snapshot records in snapshot.json.
pub fn previous_of(info: &serde_json::Value) -> Option<(String, String)> {
    let p = &info["previous"];
    Some((p["period"].as_str()?.to_string(), p["manifest_sha256"].as_str()?.to_string()))
}

/// The site's trusted public key, if it publishes one.
pub fn public_key(root: &Path) -> Result<Option<ed25519_dalek::VerifyingKey>, String> {
    Ok(signing(root)?.map(|(k, _)| k))
}

/// The site's public key and the first period it signs (`None` for a key file without one).
pub fn signing(root: &Path) -> Result<Option<(ed25519_dalek::VerifyingKey, Option<String>)>, String> {
    let path = root.join("archive").join(keys::PUBLIC_KEY_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("cannot read archive/{}: {e}", keys::PUBLIC_KEY_FILE))?;
    let key = keys::parse_public(&text).map_err(|e| format!("archive/{}: {e}", keys::PUBLIC_KEY_FILE))?;
    Ok(Some((key, keys::parse_since(&text))))
}

/// Reads and verifies every snapshot of the site; each changed, missing or unexpected file and
/// each bad signature is a diagnostic naming its path. Holds in memory only the files a build
/// reads (see [`load_with`]).
pub fn load(root: &Path) -> (Vec<Archive>, Vec<Diagnostic>) {
    load_with(root, Hold::Read)
}

/// [`load`], holding the files `hold` says.
pub fn load_with(root: &Path, hold: Hold) -> (Vec<Archive>, Vec<Diagnostic>) {
    load_knowing(root, hold, &Known::default())
}

/// [`load`], taking the digest of each file whose stamp `known` has from there rather than
/// reading the file (see [`crate::cache::stamps`]).
pub fn load_knowing(root: &Path, hold: Hold, known: &Known) -> (Vec<Archive>, Vec<Diagnostic>) {
    let mut archives = Vec::new();
    let mut diags = Vec::new();
    let dir = root.join("archive");
    let Ok(entries) = std::fs::read_dir(&dir) else { return (archives, diags) };
    // A key file that cannot be read is one error: its snapshots' signatures are not then
    // said to lack a key as well.
    let mut unreadable_key = false;
    let (key, since) = match signing(root) {
        Ok(Some((k, since))) => (Some(k), since),
        Ok(None) => (None, None),
        Err(e) => {
            diags.push(Diagnostic::site_error(e));
            unreadable_key = true;
            (None, None)
        }
    };
    let entries: Vec<std::fs::DirEntry> = entries.filter_map(Result::ok).collect();
    // Beside the snapshots, only the public key is read: a secret key put there is said.
    for e in entries.iter().filter(|e| e.path().is_file()) {
        let name = e.file_name().to_string_lossy().into_owned();
        if name != keys::PUBLIC_KEY_FILE && crate::output::assets::holds_secret_key(&e.path()) {
            diags.push(crate::output::assets::secret_among_sources(&format!("archive/{name}")));
        }
    }
    let mut periods: Vec<String> = entries
        .iter()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        // `.PERIOD.minhbach-new`: a snapshot being written, or one a killed run left; the next
        // snapshot of that period removes it.
        .filter(|name| !name.starts_with('.'))
        .collect();
    periods.sort();
    // The key file's `since` is written with the first signed snapshot: that snapshot gone,
    // the site would publish that period's figures unfrozen, with nothing to say so.
    if let (Some(_), Some(since)) = (&key, &since)
        && !periods.contains(since)
    {
        diags.push(
            Diagnostic::site_error(format!(
                "archive/{} says this site signs its snapshots from {since} on, but archive/{since} is missing",
                keys::PUBLIC_KEY_FILE
            ))
            .with_help(format!(
                "restore archive/{since} from the published site; a published snapshot is never removed"
            )),
        );
    }
    // Snapshots whose own problems are reported, with their manifest's digest when it could be
    // read: the chain is not checked against them again, but tells whether it was the manifest
    // that changed.
    let mut failed: BTreeMap<String, Option<String>> = BTreeMap::new();
    // Every snapshot is read at once: listing a snapshot's folders takes one core, so one
    // snapshot at a time left the other core idle while each was listed.
    let read: Vec<_> = periods
        .into_par_iter()
        .map(|period| (read_snapshot(&dir.join(&period), &period, hold, known), period))
        .collect();
    for (snapshot, period) in read {
        failed.insert(period.clone(), None);
        let at = |path: &str| format!("archive/{period}/{path}");
        let (files, digests): (BTreeMap<String, source::Content>, BTreeMap<String, String>) = match snapshot {
            Ok(f) => f.into_iter().map(|(path, (content, digest))| ((path.clone(), content), (path, digest))).unzip(),
            Err(e) => {
                diags.push(Diagnostic::site_error(format!("cannot read archive/{period}: {e}")));
                continue;
            }
        };
        let Some(manifest_bytes) = held(&files, MANIFEST) else {
            diags.push(
                Diagnostic::site_error(format!("{} is missing, so the snapshot cannot be verified", at(MANIFEST)))
                    .with_help("snapshots are made by `minhbach snapshot PERIOD`; never edit or assemble them by hand"),
            );
            continue;
        };
        if let Some((error, digest)) = manifest::converted_line_ends(&period, manifest_bytes) {
            diags.push(error);
            failed.insert(period.clone(), Some(digest));
            continue;
        }
        let manifest = match std::str::from_utf8(manifest_bytes).map_err(|e| e.to_string()).and_then(manifest::parse) {
            Ok(m) => m,
            Err(e) => {
                diags.push(Diagnostic::site_error(format!("{} cannot be read: {e}", at(MANIFEST))));
                continue;
            }
        };
        failed.insert(period.clone(), digests.get(MANIFEST).cloned());
        let problems = manifest::compare_digests(&manifest, &digests);
        for p in &problems {
            let d = match p {
                // Which of the two changed, the file or its line, only the signature or the
                // next snapshot's record of this manifest can tell (see `check_chain`).
                Problem::Changed(path) => format!(
                    "{} does not match its SHA-256 in MANIFEST.sha256: the file or that line was changed after the snapshot was published",
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
        // snapshot.json is trusted only when every file matches the manifest.
        let info = held(&files, INFO)
            .filter(|_| problems.is_empty())
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(b).ok());
        let signed_by = info.as_ref().and_then(SignedBy::of);
        let site_key = key.as_ref().map(keys::fingerprint);
        let replaced_key = match (&signed_by, &site_key) {
            (Some(SignedBy::Key(recorded)), Some(now)) if recorded != now => Some((recorded, now)),
            _ => None,
        };
        if let Some((recorded, now)) = replaced_key {
            // The signature cannot match another key: the key file is what changed.
            diags.push(
                Diagnostic::site_error(format!(
                    "archive/{period} was signed with the key whose SHA-256 is {recorded} (its {INFO} says so), but archive/{} now holds another key (SHA-256 {now})",
                    keys::PUBLIC_KEY_FILE
                ))
                .with_help(format!(
                    "restore archive/{} from the published site; a site signs every snapshot with the one key it published",
                    keys::PUBLIC_KEY_FILE
                )),
            );
        } else if let Some(sig) = held(&files, SIGNATURE) {
            match &key {
                None if unreadable_key => {}
                None => diags.push(
                    Diagnostic::site_error(format!(
                        "{} is signed but the site publishes no public key (archive/{})",
                        at(SIGNATURE),
                        keys::PUBLIC_KEY_FILE
                    ))
                    .with_help(format!(
                        "restore archive/{} from the published site; once a site signs its snapshots it keeps its key",
                        keys::PUBLIC_KEY_FILE
                    )),
                ),
                Some(k) => {
                    if let Err(e) = keys::verify(k, manifest_bytes, &String::from_utf8_lossy(sig)) {
                        diags.push(Diagnostic::site_error(format!("{}: {e}", at(SIGNATURE))).with_help(format!(
                            "restore archive/{period} and archive/{} from the published site; a snapshot, its signature and the site's key are never edited",
                            keys::PUBLIC_KEY_FILE
                        )));
                    }
                }
            }
        }
        if !problems.is_empty() {
            continue;
        }
        let Some(info) = info else {
            diags.push(
                Diagnostic::site_error(format!(
                    "{} is missing or is not JSON, so it cannot be told which period archive/{period} shows",
                    at(INFO)
                ))
                .with_help("snapshots are made by `minhbach snapshot PERIOD`; never edit or assemble them by hand"),
            );
            continue;
        };
        if let Some(d) = misplaced(&period, &info) {
            diags.push(d);
            continue;
        }
        let Some(signed_by) = signed_by else {
            diags.push(Diagnostic::site_error(format!(
                "{}: `{SIGNING_KEY_FIELD}` is neither null nor the SHA-256 of a key",
                at(INFO)
            )));
            continue;
        };
        let created = info["created"].as_str().map(String::from);
        let previous = previous_of(&info);
        let manifest_digest = digests.get(MANIFEST).cloned().unwrap_or_default();
        failed.remove(&period);
        archives.push(Archive { period, files, digests, manifest_digest, created, signed, signed_by, previous });
    }
    diags.extend(check_chain(&archives, &failed));
    // Each unsigned snapshot that must be signed is reported once, by the first rule that
    // finds it.
    let (sticky, mut reported) = check_sticky(&archives);
    diags.extend(sticky);
    if key.is_some() {
        diags.extend(check_signed(&archives, since.as_deref(), &mut reported));
    }
    diags.extend(check_recorded(&archives, key.is_some(), &reported));
    (archives, diags)
}

/// A snapshot that records the key that signs it must carry its signature, and the site its
/// key: removing both leaves the record, under the manifest, saying the snapshot was signed.
fn check_recorded(
    archives: &[Archive],
    site_key: bool,
    reported: &std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    let missing = if site_key {
        format!("its signature ({SIGNATURE}) is missing")
    } else {
        format!("its signature ({SIGNATURE}) and the site's public key (archive/{}) are missing", keys::PUBLIC_KEY_FILE)
    };
    archives
        .iter()
        .filter(|a| !a.signed && !reported.contains(&a.period))
        .filter_map(|a| {
            let SignedBy::Key(recorded) = &a.signed_by else { return None };
            Some(
                Diagnostic::site_error(format!(
                    "archive/{} was signed with the key whose SHA-256 is {recorded} (its {INFO} says so), but {missing}",
                    a.period
                ))
                .with_help(format!(
                    "restore them from the published site; a signed snapshot stays signed (the signature is archive/{}/{SIGNATURE}, the key archive/{})",
                    a.period,
                    keys::PUBLIC_KEY_FILE
                )),
            )
        })
        .collect()
}

/// A snapshot is published under the period it shows: its folder must be named as its
/// snapshot.json (which its manifest pins, and the next snapshot's chain link through it) says.
/// A renamed folder would publish one period's figures as another's.
fn misplaced(folder: &str, info: &serde_json::Value) -> Option<Diagnostic> {
    let help = |period: &str| {
        format!(
            "rename the folder back to archive/{period}; a snapshot's folder is always named after the period it shows, and a snapshot is never moved to another"
        )
    };
    match info["period"].as_str() {
        Some(period) if period == folder => None,
        Some(period) => Some(
            Diagnostic::site_error(format!(
                "archive/{folder} holds the snapshot of {period} (its {INFO} says so): it would be published as the snapshot of {folder}"
            ))
            .with_help(help(period)),
        ),
        None => Some(
            Diagnostic::site_error(format!(
                "archive/{folder}/{INFO} does not say which period the snapshot shows (no \"period\")"
            ))
            .with_help("snapshots are made by `minhbach snapshot PERIOD`; never edit or assemble them by hand"),
        ),
    }
}

/// Once a snapshot records the key that signs it, every snapshot chained after it records the
/// same key: a later snapshot cannot be made, or remade, unsigned. The periods reported, so
/// that the key file's own rule ([`check_signed`]) does not report them again.
fn check_sticky(archives: &[Archive]) -> (Vec<Diagnostic>, std::collections::BTreeSet<String>) {
    let mut diags = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for pair in archives.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let chained = after.previous.as_ref() == Some(&(before.period.clone(), before.manifest_digest.clone()));
        let SignedBy::Key(key) = &before.signed_by else { continue };
        if !chained || after.signed_by == before.signed_by {
            continue;
        }
        let what = match &after.signed_by {
            SignedBy::Key(other) => format!("was signed with another key (SHA-256 {other})"),
            _ => "is not recorded as signed".to_string(),
        };
        diags.push(
            Diagnostic::site_error(format!(
                "archive/{} {what}, but archive/{} before it was signed with the key whose SHA-256 is {key}: every snapshot after a signed one is signed with the same key",
                after.period, before.period
            ))
            .with_help(format!("restore archive/{} from its published copy", after.period)),
        );
        reported.insert(after.period.clone());
    }
    (diags, reported)
}

/// Each snapshot records the digest of the manifest before it, so rewriting an old snapshot,
/// even consistently, breaks every later one; deleting one breaks the next.
fn check_chain(archives: &[Archive], failed: &BTreeMap<String, Option<String>>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let help = "restore the snapshots from their published copies; the chain is checked against the digests the site published";
    for (i, a) in archives.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| &archives[j]);
        // A snapshot after one that failed its own check: that failure is the problem. This
        // snapshot's record of that one's manifest still tells whether the manifest changed.
        let gap_failed = failed
            .keys()
            .any(|f| f.as_str() < a.period.as_str() && before.is_none_or(|b| f.as_str() > b.period.as_str()));
        if gap_failed {
            if let Some((period, recorded)) = &a.previous
                && let Some(Some(now)) = failed.get(period)
                && now != recorded
            {
                diags.push(
                    Diagnostic::site_error(format!(
                        "archive/{period}/{MANIFEST} was changed after the snapshot was published: the snapshot of {}, made after it, recorded its SHA-256 as {recorded}, it is now {now}",
                        a.period
                    ))
                    .with_help(help),
                );
            }
            continue;
        }
        match (&a.previous, before) {
            (None, None) => {}
            (None, Some(b)) => diags.push(
                Diagnostic::site_error(format!(
                    "archive/{}/{INFO} does not record the snapshot before it (archive/{}), so the chain of snapshots is broken",
                    a.period, b.period
                ))
                .with_help(help),
            ),
            (Some((period, _)), None) => diags.push(
                Diagnostic::site_error(format!(
                    "archive/{} follows the snapshot of {period}, which is missing",
                    a.period
                ))
                .with_help(help),
            ),
            (Some((period, _)), Some(b)) if *period != b.period => diags.push(
                Diagnostic::site_error(format!(
                    "archive/{} follows the snapshot of {period}, which is missing (the snapshot before it here is archive/{})",
                    a.period, b.period
                ))
                .with_help(help),
            ),
            (Some((period, digest)), Some(b)) if *digest != b.manifest_digest => diags.push(
                Diagnostic::site_error(format!(
                    "archive/{} was made after a snapshot of {period} whose manifest had SHA-256 {digest}; archive/{}'s manifest now has {}: an earlier snapshot was changed or replaced",
                    a.period, b.period, b.manifest_digest
                ))
                .with_help(help),
            ),
            _ => {}
        }
    }
    diags
}

/// Once a site signs its snapshots, every snapshot from then on must be signed: a missing
/// signature is one that was removed.
fn check_signed(
    archives: &[Archive],
    since: Option<&str>,
    reported: &mut std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    let first_signed = archives.iter().find(|a| a.signed).map(|a| a.period.as_str());
    let Some(since) = since.or(first_signed) else {
        return if archives.is_empty() {
            Vec::new()
        } else {
            vec![Diagnostic::site_error(format!(
                "the site publishes a signing key (archive/{}) but none of its snapshots is signed",
                keys::PUBLIC_KEY_FILE
            ))
            .with_help("a signature was removed, or the key was added by hand; snapshots are signed by `minhbach snapshot PERIOD --sign KEYFILE`")]
        };
    };
    let mut found = Vec::new();
    for a in archives.iter().filter(|a| !a.signed && a.period.as_str() >= since) {
        if !reported.insert(a.period.clone()) {
            continue;
        }
        found.push(
            Diagnostic::site_error(format!(
                "archive/{} is not signed, but the site signs its snapshots since {since}",
                a.period
            ))
            .with_help(format!(
                "its signature ({SIGNATURE}) was removed; restore the snapshot from its published copy"
            )),
        );
    }
    found
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
    let Some(csv) = archive.bytes(VALUES) else { return out };
    let mut reader = csv::Reader::from_reader(csv);
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
