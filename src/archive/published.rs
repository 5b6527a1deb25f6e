//! What a build over its own output folder must notice before it changes anything there.
//!
//! The folder's manifest lists what its last build published. A snapshot, or the site's signing
//! key, published then and gone from `archive/` now would silently disappear from the site: a
//! deleted newest snapshot leaves no broken chain behind it, and a removed key file together
//! with the signatures of snapshots made before snapshots recorded their key leaves nothing to
//! check. A snapshot is never withdrawn, so this is an error, not a change to publish.
//!
//! A build also publishes every file others put in its folder (a `CNAME`, a host's
//! verification file): one holding a secret key must stop it, as it does under `content/`.

use std::path::Path;

use rayon::prelude::*;

use super::{Archive, keys};
use crate::diagnostic::Diagnostic;
use crate::write::manifest::Manifest;

/// The files others put in `output` (those its last build, whose manifest is `previous`, did
/// not write) that hold a secret key, each an error naming it.
pub fn secret_keys_in(output: &Path, previous: &Manifest) -> Vec<Diagnostic> {
    secret_keys(output, &crate::write::sync::foreign_files(output, &Default::default(), previous))
}

/// Snapshots and the signing key that `previous` lists and a build of `site` as of `as_of`
/// would no longer publish: gone from the site, or of a period after `as_of`.
pub fn withdrawn(
    root: &Path,
    output: &Path,
    previous: &Manifest,
    archives: &[Archive],
    site: &crate::model::Site,
    as_of: &crate::assess::AsOf,
) -> Vec<Diagnostic> {
    let out = output.display();
    let mut found: Vec<Diagnostic> = previous
        .paths
        .iter()
        .filter_map(|p| p.strip_prefix("archive/")?.strip_suffix(&format!("/{}", super::manifest::MANIFEST)))
        .filter(|period| !period.contains('/') && !archives.iter().any(|a| a.period == *period))
        .filter(|period| !root.join("archive").join(period).exists())
        .map(|period| {
            Diagnostic::site_error(format!(
                "archive/{period} was published by the last build of {out} but is missing from the site's archive/ folder; this build would withdraw it"
            ))
            .with_help(format!(
                "restore it from the published site (a copy is in {out}/archive/{period}); a snapshot is never withdrawn"
            ))
        })
        .collect();
    // A snapshot still in archive/ but of a period after the one the site is built as of
    // (`current_period` set back, or `--as-of` into the live folder) is not published either.
    let after: Vec<&str> = site.periods.iter().skip(as_of.index + 1).map(|p| p.id.as_str()).collect();
    found.extend(
        previous
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix("archive/")?.strip_suffix(&format!("/{}", super::manifest::MANIFEST)))
            .filter(|period| after.contains(period) && root.join("archive").join(period).exists())
            .map(|period| {
                Diagnostic::site_error(format!(
                    "archive/{period} was published by the last build of {out}, but this build is as of {}, an earlier period, and would withdraw it",
                    as_of.period
                ))
                .with_help(if as_of.period == site.config.current_period.value {
                    format!(
                        "set current_period = \"{period}\" (or a later period) in site.toml; a snapshot is never withdrawn"
                    )
                } else {
                    format!("build as of {} into another --output; a snapshot is never withdrawn", as_of.period)
                })
            }),
    );
    let key = format!("archive/{}", keys::PUBLIC_KEY_FILE);
    if previous.contains(&key) && !root.join(&key).exists() {
        found.push(
            Diagnostic::site_error(format!(
                "the last build of {out} published the site's signing key ({key}), but the site no longer has {key}; this build would stop publishing it"
            ))
            .with_help(format!(
                "restore it from the published site (a copy is in {out}/{key}); once a site signs its snapshots it keeps its key"
            )),
        );
    }
    found
}

/// The files among `files` (paths in `output`) holding a secret key.
fn holding_a_secret_key<'a>(output: &Path, files: impl IntoParallelIterator<Item = &'a String>) -> Vec<&'a String> {
    let mut found: Vec<&String> = files
        .into_par_iter()
        .filter(|rel| crate::output::assets::holds_secret_key(&output.join(rel.as_str())))
        .collect();
    found.sort();
    found
}

/// The files of a folder taken over with `--force` (`taken`, paths in `output`) that hold a
/// secret key, each an error naming it: the build would delete it with the folder's other
/// files, and a lost signing key can never sign the site's next snapshot.
pub fn secret_keys_taken_over(output: &Path, taken: &std::collections::BTreeSet<String>) -> Vec<Diagnostic> {
    holding_a_secret_key(output, taken)
        .into_iter()
        .map(|rel| {
            Diagnostic::site_error(format!(
                "{} holds a secret key: --force would delete it with the other files of {} that the site does not make",
                output.join(rel).display(),
                output.display()
            ))
            .with_help(
                "move the key out of the output folder, and out of every site (for example to ~/minhbach-signing.key), then build again",
            )
        })
        .collect()
}

/// The files among `files` (paths in `output` that minhbach did not write) holding a secret
/// key, each an error naming it.
pub fn secret_keys(output: &Path, files: &[String]) -> Vec<Diagnostic> {
    holding_a_secret_key(output, files)
        .into_iter()
        .map(|rel| {
            Diagnostic::site_error(format!(
                "{} holds a secret key: the build publishes every file in its output folder, and a secret key must never be published",
                output.join(rel).display()
            ))
            .with_help(
                "move it out of the output folder, and out of every site (for example to ~/minhbach-signing.key); if the folder was uploaded while it held the key, make a new key",
            )
        })
        .collect()
}
