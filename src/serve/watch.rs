//! Watching a site's sources and calling back once per burst of changes.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

/// The top-level entries of a site whose changes trigger a rebuild.
const SOURCES: &[&str] = &["site.toml", "data", "content", "themes", "archive"];

fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next().unwrap_or_default();
    SOURCES.contains(&first.as_ref()) && !rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// What a burst of changes touched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// A file under `archive/`: the snapshots must be read and verified again.
    pub archive: bool,
}

/// Starts watching `root`; `on_change` runs on a background thread after each burst of
/// changes has settled. Dropping the returned watcher stops it.
pub fn spawn(
    root: &Path,
    mut on_change: impl FnMut(Changed) + Send + 'static,
) -> Result<notify::RecommendedWatcher, String> {
    let (tx, rx) = mpsc::channel();
    let root_for_events = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading files (as every rebuild does) raises access events; only changes count.
        let Ok(event) = event else { return };
        if !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| is_source(&root_for_events, p))
        {
            let archive = event.paths.iter().any(|p| p.starts_with(root_for_events.join("archive")));
            let _ = tx.send(Changed { archive });
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    watcher.watch(root, RecursiveMode::Recursive).map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // Editors write a file in a few steps, close together; wait for the burst to settle.
            let mut changed = first;
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(25)) {
                changed.archive |= more.archive;
            }
            on_change(changed);
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_sources_count() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/data/units.toml")));
        assert!(is_source(root, Path::new("/site/site.toml")));
        assert!(is_source(root, Path::new("/site/content/a.md")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/data/.units.toml.swp")));
        assert!(!is_source(root, Path::new("/site/target/x")));
    }
}
