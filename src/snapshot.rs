//! Snapshots: the site as it stood at the end of a period, frozen under `archive/<period>/`
//! with its input data, its manifest of digests and, when asked, a signature.

use std::path::{Path, PathBuf};

use crate::archive::{self, keys, manifest};
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::output::Files;
use crate::pipeline::{self, Checked, Mode};
use crate::write;

/// When the snapshot is made: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
fn creation_time() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Debug)]
pub enum SnapshotError {
    /// The input has errors (in `Checked`).
    Input,
    /// Anything else, said in words.
    Other(String),
}

/// What `minhbach snapshot` is asked to do.
pub struct SnapshotOptions<'a> {
    pub root: &'a Path,
    pub period: &'a str,
    pub sign_with: Option<&'a Path>,
    /// Freeze a period that has not ended or has no report.
    pub force: bool,
}

/// A snapshot written: where, and the SHA-256 of its manifest, which pins it and every
/// snapshot before it (the press office publishes it where the host cannot change it).
pub struct Snapshot {
    pub path: PathBuf,
    pub digest: String,
}

fn refuse<T>(checked: Option<Checked>, message: String) -> (Option<Checked>, Result<T, SnapshotError>) {
    (checked, Err(SnapshotError::Other(message)))
}

/// Renders the site as of `period` into `root/archive/<period>/`, chained to the snapshot
/// before it.
pub fn create(opts: &SnapshotOptions) -> (Option<Checked>, Result<Snapshot, SnapshotError>) {
    let period = opts.period;
    let root = match write::absolute(opts.root) {
        Ok(r) => r,
        Err(e) => return refuse(None, e.to_string()),
    };
    let target = root.join("archive").join(period);
    if target.exists() {
        return refuse(
            None,
            format!(
                "archive/{period} already exists; a published snapshot is never rewritten (corrections go in a later period's report)"
            ),
        );
    }
    let signing = match opts.sign_with.map(keys::read_secret).transpose() {
        Ok(k) => k,
        Err(e) => return refuse(None, e),
    };
    let site_key = match archive::signing(&root) {
        Ok(k) => k,
        Err(e) => return refuse(None, e),
    };
    match (&signing, &site_key) {
        (Some(key), Some((trusted, _))) if *trusted != key.verifying_key() => {
            return refuse(
                None,
                format!("this key does not match the site's public key in archive/{}", keys::PUBLIC_KEY_FILE),
            );
        }
        (None, Some(_)) => {
            return refuse(
                None,
                format!(
                    "this site signs its snapshots (archive/{}); give the secret key with --sign KEYFILE, since an unsigned snapshot would read as one whose signature was removed",
                    keys::PUBLIC_KEY_FILE
                ),
            );
        }
        _ => {}
    }
    let mut checked = pipeline::check(&root, Some(period));
    if checked.assessment.is_none() {
        return (Some(checked), Err(SnapshotError::Input));
    }
    let previous = checked.archives.last().map(|a| (a.period.clone(), a.manifest_digest.clone()));
    let position = |id: &str| checked.site.periods.iter().position(|p| p.id == id);
    if let Some((last, _)) = &previous
        && position(last) >= position(period)
    {
        return refuse(
            Some(checked),
            format!("archive/{last} is not earlier than {period}; snapshots are made in the order of the periods"),
        );
    }
    let current = &checked.site.config.current_period.value;
    if position(current).is_some_and(|c| position(period).is_some_and(|p| p > c)) {
        checked.diagnostics.push(Diagnostic::site_warning(format!(
            "{period} is after the current period ({current}): the live site publishes this snapshot only once current_period = \"{period}\" (or later) in site.toml"
        )));
    }
    let created = creation_time();
    if let Some(why) = not_ready(&checked.site, period, &created) {
        if !opts.force {
            return refuse(
                Some(checked),
                format!(
                    "{why}; a published snapshot can never be redone, so minhbach freezes only a period that is over and reported (pass --force to freeze it anyway)"
                ),
            );
        }
        checked
            .diagnostics
            .push(Diagnostic::site_warning(format!("{why}; frozen anyway (--force): a snapshot can never be redone")));
    }
    let Some((mut files, _)) =
        pipeline::render_files(&root, &mut checked, None, Mode::Snapshot { published: &created }, None)
    else {
        return (Some(checked), Err(SnapshotError::Input));
    };
    let signed_by = signing.as_ref().map(|k| keys::fingerprint(&k.verifying_key()));
    add_record(&mut files, &checked.site, period, &created, previous.as_ref(), signed_by.as_deref());
    let manifest_text = manifest::render(files.files.iter().map(|(p, b)| (p, b.as_slice())));
    let digest = manifest::digest(manifest_text.as_bytes());
    if let Some(key) = &signing {
        files.add(manifest::SIGNATURE, keys::sign(key, manifest_text.as_bytes()));
    }
    files.add(manifest::MANIFEST, manifest_text);
    if let Err(e) = write::write_new_dir(&target, &files) {
        return refuse(Some(checked), format!("cannot write archive/{period}: {e}"));
    }
    if let (Some(key), None) = (&signing, &site_key) {
        // The first signed snapshot: from this period on, every snapshot must be signed.
        let public = root.join("archive").join(keys::PUBLIC_KEY_FILE);
        if let Err(e) = std::fs::write(&public, keys::public_file(&key.verifying_key(), Some(period))) {
            return refuse(Some(checked), format!("cannot write {}: {e}", public.display()));
        }
    }
    (Some(checked), Ok(Snapshot { path: target, digest }))
}

/// Why a period is not ready to be frozen on `created` (RFC 3339): not over, or not reported.
fn not_ready(site: &Site, period: &str, created: &str) -> Option<String> {
    let p = site.periods.iter().find(|p| p.id == period)?;
    let today = created.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())?;
    if p.end >= today {
        // The snapshot's time is written in UTC, so its day is UTC's: said, since in Viet Nam
        // (UTC+7) the first seven hours of a day are still the day before in UTC.
        return Some(format!("{period} ends on {}, which is not over yet (today is {today} in UTC)", p.end));
    }
    let Some(report) = site.reports.iter().find(|r| r.period.value == period) else {
        return Some(format!("nothing was reported for {period} (no data/progress/{period}.toml)"));
    };
    // The form `new period` writes, left as it was, reports nothing: frozen, the period would
    // stand for good as one in which nobody reported.
    if report.values.is_empty() && report.tasks.is_empty() {
        return Some(format!("data/progress/{period}.toml reports no figure and no task"));
    }
    None
}

/// `data.json` (the period's complete input in one canonical file) and `snapshot.json`, which
/// records the key that signs the snapshot (`null` for none): under the manifest and the next
/// snapshot's chain link, so that the signature cannot be stripped with the key file.
fn add_record(
    files: &mut Files,
    site: &Site,
    period: &str,
    created: &str,
    previous: Option<&(String, String)>,
    signed_by: Option<&str>,
) {
    let data = site.as_of(period);
    let mut bytes = serde_json::to_vec_pretty(&data).expect("the model serialises");
    bytes.push(b'\n');
    files.add(archive::DATA, bytes);
    let info = serde_json::json!({
        "period": period,
        "created": created,
        "tool": format!("minhbach {}", env!("CARGO_PKG_VERSION")),
        "previous": previous.map(|(p, d)| serde_json::json!({ "period": p, "manifest_sha256": d })),
        (archive::SIGNING_KEY_FIELD): signed_by,
    });
    let mut bytes = serde_json::to_vec_pretty(&info).expect("json");
    bytes.push(b'\n');
    files.add(archive::INFO, bytes);
}
