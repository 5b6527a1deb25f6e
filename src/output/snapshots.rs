//! The snapshots under `archive/`, published in the output as they are.

use rayon::prelude::*;

use super::{Made, Passer};
use crate::archive::Archive;
use crate::archive::source::Content;
use crate::diagnostic::Diagnostic;

/// Every snapshot file published as it is, under its digest: a build over its own folder
/// keeps the copies there rather than reading them back to compare. What could not be copied
/// is said.
pub fn copies(archives: &[Archive], passer: Passer) -> (Vec<Made>, Vec<Diagnostic>) {
    let copies: Vec<(String, &String, &Content)> = archives
        .iter()
        .flat_map(|a| {
            a.files.iter().filter_map(move |(path, content)| {
                Some((format!("archive/{}/{path}", a.period), a.digests.get(path)?, content))
            })
        })
        .collect();
    let made: Vec<Result<Made, Diagnostic>> = copies
        .into_par_iter()
        .with_max_len(4)
        .map(|(path, key, content)| match passer.kept(&path, key) {
            Some(kept) => Ok(kept),
            None => match content {
                Content::Held(bytes) => Ok(passer.pass_keyed(path, key, bytes.clone())),
                Content::OnDisk(source) => passer
                    .pass_copy(path.clone(), key, source)
                    .map_err(|e| Diagnostic::site_error(format!("cannot publish the snapshot file {path}: {e}"))),
            },
        })
        .collect();
    let (made, failed): (Vec<_>, Vec<_>) = made.into_iter().partition(Result::is_ok);
    (made.into_iter().filter_map(Result::ok).collect(), failed.into_iter().filter_map(Result::err).collect())
}
