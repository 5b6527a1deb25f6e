//! Render: the assessed model → the files of the site, as bytes keyed by output path.

pub mod assets;
pub mod opendata;

use std::collections::BTreeMap;

/// The files of a build, keyed by `/`-separated path relative to the output directory.
/// A sorted map, so that writing order and any listing of it are stable.
#[derive(Debug, Default)]
pub struct Files {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Paths written twice: one file would silently replace another, so the build refuses.
    pub clashes: Vec<String>,
}

impl Files {
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        if self.files.insert(path.clone(), bytes.into()).is_some() {
            self.clashes.push(path);
        }
    }
}
