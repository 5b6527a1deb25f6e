//! What `minhbach verify` is given: a site, or a site as published, both of which hold their
//! snapshots under `archive/`.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The snapshots under `root` as [`super::load`] reads and verifies them; when `root` holds
/// nothing to verify, the one error that says why.
pub fn load(root: &Path) -> (Vec<super::Archive>, Vec<Diagnostic>) {
    match nothing_to_verify(root) {
        Some(refusal) => (Vec::new(), vec![Diagnostic::site_error(refusal)]),
        None => super::load(root),
    }
}

/// Why `root` holds nothing `verify` can check, when it is neither a site nor a published copy
/// of one: "0 snapshot(s) verified" would read as a success to someone checking a download.
fn nothing_to_verify(root: &Path) -> Option<String> {
    let shown = root.display();
    if root.join("archive").is_dir() || root.join("site.toml").is_file() {
        return None;
    }
    if !root.is_dir() {
        return Some(format!("{shown} is not a folder; give the folder of a site, or of a site as published"));
    }
    if root.join("MANIFEST.sha256").is_file() && root.join("snapshot.json").is_file() {
        return Some(format!(
            "{shown} is a snapshot's own folder; give the folder that holds its archive/ (the site, or the whole site as published) to check it with the others and its signature, or run `sha256sum -c MANIFEST.sha256` in it to check its digests"
        ));
    }
    Some(format!(
        "{shown} holds neither a site.toml nor an archive/ folder, so there is nothing to verify; give the folder of a site, or of a site as published"
    ))
}
