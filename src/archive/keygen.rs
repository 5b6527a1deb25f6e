//! `minhbach keygen FILE`: a new key pair, written only where the secret key can be neither
//! published nor committed, and never over a key.

use std::path::{Path, PathBuf};

use super::keys;

/// Makes a key pair: the secret key at `path`, the public key beside it with `.pub` in place of
/// its extension; returns the public key's path. Refuses a place inside a site's sources or a
/// build's output, and an existing file, before anything is written.
pub fn make_pair(path: &Path) -> Result<PathBuf, String> {
    let public = path.with_extension("pub");
    if public == path {
        return Err(format!(
            "{} ends in .pub, the name of the public key beside it; name the secret key FILE.key",
            path.display()
        ));
    }
    if let Some(site) = keys::inside_site_sources(path) {
        return Err(format!(
            "{} is inside the sources of the site at {}; a secret key there could be published or committed. \
             Keep it outside the site (for example ~/minhbach-signing.key)",
            path.display(),
            site.display()
        ));
    }
    if let Some(output) = keys::inside_build_output(path) {
        return Err(format!(
            "{} is inside {}, the output folder of a build (it holds {}); a build publishes every file in it. \
             Keep the key outside every site and build output (for example ~/minhbach-signing.key)",
            path.display(),
            output.display(),
            crate::write::manifest::NAME
        ));
    }
    if path.exists() || public.exists() {
        return Err(format!("{} or {} already exists; not overwriting a key", path.display(), public.display()));
    }
    let key = keys::generate()?;
    keys::write_private(path, &keys::secret_file(&key))
        .and_then(|_| std::fs::write(&public, keys::public_file(&key.verifying_key(), None)))
        .map_err(|e| match path.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
            Some(folder) => format!("cannot write the key {}: there is no folder {}", path.display(), folder.display()),
            None => format!("cannot write the key {}: {e}", path.display()),
        })?;
    Ok(public)
}
