//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A temporary copy of a fixture site, with some files replaced (`None` deletes the file).
pub fn site_from(name: &str, changes: &[(&str, Option<&[u8]>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), dir.path());
    for (path, content) in changes {
        let p = dir.path().join(path);
        match content {
            Some(bytes) => {
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(&p, bytes).unwrap();
            }
            None => {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    dir
}

pub fn minhbach(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_minhbach")).args(args).output().unwrap()
}

/// Runs `minhbach check` on a site and returns (exit code, stderr).
pub fn check(root: &Path) -> (i32, String) {
    let out = minhbach(&["check", "--root", root.to_str().unwrap()]);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}
