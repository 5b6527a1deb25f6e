//! Snapshots: the site as it stood at the end of a period, frozen under `archive/<period>/`
//! with its input data, its manifest of digests and, when asked, a signature.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::archive::{self, keys, manifest};
use crate::build::{self, Checked, Mode};
use crate::model::{PageKind, Site};
use crate::output::Files;
use crate::write;

/// The site as known at the end of `period`: later periods, their reports and their posts are
/// left out. The site's current period becomes `period`.
pub fn site_as_of(site: &Site, period: &str) -> Site {
    let Some(index) = site.periods.iter().position(|p| p.id == period) else { return site.clone() };
    let kept: BTreeSet<&str> = site.periods[..=index].iter().map(|p| p.id.as_str()).collect();
    let mut out = site.clone();
    out.periods.truncate(index + 1);
    out.reports.retain(|r| kept.contains(r.period.value.as_str()));
    out.pages.retain(|p| match &p.kind {
        PageKind::Update { period, .. } => kept.contains(period.as_str()),
        _ => true,
    });
    out.config.current_period.value = period.to_string();
    out
}

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

/// Renders the site as of `period` into `root/archive/<period>/`.
pub fn create(
    root: &Path,
    period: &str,
    sign_with: Option<&Path>,
) -> (Option<Checked>, Result<PathBuf, SnapshotError>) {
    let root = match write::absolute(root) {
        Ok(r) => r,
        Err(e) => return (None, Err(SnapshotError::Other(e.to_string()))),
    };
    let target = root.join("archive").join(period);
    if target.exists() {
        return (
            None,
            Err(SnapshotError::Other(format!(
                "archive/{period} already exists; a published snapshot is never rewritten (corrections go in a later period's report)"
            ))),
        );
    }
    let signing = match sign_with.map(keys::read_secret).transpose() {
        Ok(k) => k,
        Err(e) => return (None, Err(SnapshotError::Other(e))),
    };
    if let Some(key) = &signing {
        match archive::public_key(&root) {
            Ok(Some(trusted)) if trusted != key.verifying_key() => {
                return (
                    None,
                    Err(SnapshotError::Other(format!(
                        "this key does not match the site's public key in archive/{}",
                        keys::PUBLIC_KEY_FILE
                    ))),
                );
            }
            Err(e) => return (None, Err(SnapshotError::Other(e))),
            _ => {}
        }
    }
    let mut checked = build::check(&root, Some(period));
    if checked.assessment.is_none() {
        return (Some(checked), Err(SnapshotError::Input));
    }
    let created = creation_time();
    let Some((mut files, _)) =
        build::render_files(&root, &mut checked, None, Mode::Snapshot { published: &created }, None)
    else {
        return (Some(checked), Err(SnapshotError::Input));
    };
    add_record(&mut files, &checked.site, period, &created);
    let manifest_text = manifest::render(&files.files);
    if let Some(key) = &signing {
        files.add(manifest::SIGNATURE, keys::sign(key, manifest_text.as_bytes()));
    }
    files.add(manifest::MANIFEST, manifest_text);
    if let Err(e) = write::write_new_dir(&target, &files) {
        return (Some(checked), Err(SnapshotError::Other(format!("cannot write archive/{period}: {e}"))));
    }
    if let Some(key) = &signing {
        let public = root.join("archive").join(keys::PUBLIC_KEY_FILE);
        let written =
            if public.exists() { Ok(()) } else { std::fs::write(&public, keys::public_file(&key.verifying_key())) };
        if let Err(e) = written {
            return (Some(checked), Err(SnapshotError::Other(format!("cannot write {}: {e}", public.display()))));
        }
    }
    (Some(checked), Ok(target))
}

/// `data.json` (the period's complete input in one canonical file) and `snapshot.json`.
fn add_record(files: &mut Files, site: &Site, period: &str, created: &str) {
    let data = site_as_of(site, period);
    let mut bytes = serde_json::to_vec_pretty(&data).expect("the model serialises");
    bytes.push(b'\n');
    files.add(archive::DATA, bytes);
    let info = serde_json::json!({
        "period": period,
        "created": created,
        "tool": format!("minhbach {}", env!("CARGO_PKG_VERSION")),
    });
    let mut bytes = serde_json::to_vec_pretty(&info).expect("json");
    bytes.push(b'\n');
    files.add(archive::INFO, bytes);
}
