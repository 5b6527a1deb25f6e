//! Write: the rendered files into the output directory, all or nothing.
//!
//! Files go into a fresh directory beside the output, which replaces the output only once
//! every file is written; a failure leaves the previous output as it was.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::output::Files;

/// Makes `path` absolute and lexically normal ("a/../b" → "b") without requiring it to exist;
/// the longest existing prefix is canonicalised so that symlinks are seen through.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut normal = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other.as_os_str()),
        }
    }
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// Refuses an output directory that would overwrite or swallow the site's sources.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    if output == root {
        return Err(format!(
            "the output directory {} is the site's root; choose another, such as public/",
            output.display()
        ));
    }
    if root.starts_with(output) {
        return Err(format!(
            "the output directory {} contains the site's sources; it would be replaced by the build",
            output.display()
        ));
    }
    for source in ["site.toml", "data", "content", "themes", "archive", "docs", "src", ".git"] {
        if output.starts_with(root.join(source)) {
            return Err(format!(
                "the output directory {} is inside the site's `{source}`; choose another, such as public/",
                output.display()
            ));
        }
    }
    Ok(())
}

/// Writes `files` as the whole content of `output`, replacing what was there.
pub fn write_atomically(output: &Path, files: &Files) -> io::Result<()> {
    let parent = output.parent().ok_or_else(|| io::Error::other("the output directory has no parent"))?;
    let name =
        output.file_name().ok_or_else(|| io::Error::other("the output directory has no name"))?.to_string_lossy();
    fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.minhbach-new"));
    let retired = parent.join(format!(".{name}.minhbach-old"));
    for leftover in [&staging, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    let written = fill(&staging, files);
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_previous = output.exists();
    if had_previous {
        fs::rename(output, &retired)?;
    }
    if let Err(e) = fs::rename(&staging, output) {
        if had_previous {
            let _ = fs::rename(&retired, output);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if had_previous {
        fs::remove_dir_all(&retired)?;
    }
    Ok(())
}

fn fill(dir: &Path, files: &Files) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    let mut dirs: Vec<PathBuf> =
        files.files.keys().filter_map(|p| Path::new(p).parent().map(|d| dir.join(d))).collect();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    files.files.par_iter().try_for_each(|(path, bytes)| fs::write(dir.join(path), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_outputs_that_hold_or_sit_in_sources() {
        let root = Path::new("/site");
        assert!(check_output_dir(root, Path::new("/site")).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/site/data/out")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content")).is_err());
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/elsewhere/www")).is_ok());
    }

    #[test]
    fn replaces_the_whole_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/stale.txt"), "x").unwrap();
        let mut files = Files::default();
        files.add("data/a.json", "{}");
        write_atomically(&out, &files).unwrap();
        assert_eq!(fs::read_to_string(out.join("data/a.json")).unwrap(), "{}");
        assert!(!out.join("old").exists());
        let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }
}
