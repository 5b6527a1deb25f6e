//! Ctrl-C or a termination signal during a build leaves the output folder as it was or as the
//! finished build made it, never a mix of the two, and no staged files behind.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Every file under `dir` (its manifest aside) with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != ".minhbach-output")
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build(root: &Path, out: &Path) {
    let r = common::minhbach(&["build", "-q", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

#[test]
fn a_build_interrupted_at_any_moment_leaves_the_old_site_or_the_new_one() {
    // The default site (its snapshots make the new files many), and the same with another
    // title, which changes every page.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (old_site, new_site) = (tmp.path().join("old"), tmp.path().join("new"));
    for site in [&old_site, &new_site] {
        for part in ["site.toml", "data", "content", "themes", "archive"] {
            if repo.join(part).is_dir() {
                common::copy_tree(&repo.join(part), &site.join(part));
            } else {
                std::fs::create_dir_all(site).unwrap();
                std::fs::copy(repo.join(part), site.join(part)).unwrap();
            }
        }
    }
    let toml = std::fs::read_to_string(new_site.join("site.toml")).unwrap();
    std::fs::write(new_site.join("site.toml"), toml.replacen("title = \"", "title = \"Mới: ", 1)).unwrap();
    let (old_ref, new_ref) = (tmp.path().join("old-ref"), tmp.path().join("new-ref"));
    build(&old_site, &old_ref);
    // How long a build takes here: the signals are spread over it and a little past it.
    let started = std::time::Instant::now();
    build(&new_site, &new_ref);
    let took = started.elapsed();
    let (old, new) = (files(&old_ref), files(&new_ref));
    assert_ne!(old, new);
    let out = tmp.path().join("public");
    let (mut kept, mut made) = (0, 0);
    const ROUNDS: u32 = 8;
    for (round, signal) in (0..ROUNDS).zip([libc::SIGINT, libc::SIGTERM].into_iter().cycle()) {
        if !out.exists() || files(&out) != old {
            build(&old_site, &out);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_minhbach"))
            .args(["build", "-q", "--root", new_site.to_str().unwrap(), "--output", out.to_str().unwrap()])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(took.mul_f64(1.4 * f64::from(round) / f64::from(ROUNDS - 1)) + Duration::from_millis(20));
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        let now = files(&out);
        if now != old && now != new {
            let differ = |other: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
                now.keys().chain(other.keys()).filter(|k| now.get(*k) != other.get(*k)).take(5).cloned().collect()
            };
            panic!(
                "round {round}: a mix of the old site and the new ({status:?}); not old: {:?}; not new: {:?}",
                differ(&old),
                differ(&new)
            );
        }
        assert!(!out.join(".minhbach-tmp").exists(), "round {round}: staged files left in the output");
        let beside: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("minhbach"))
            .collect();
        assert!(beside.is_empty(), "round {round}: {beside:?} left beside the output");
        if now == old { kept += 1 } else { made += 1 }
    }
    // The first signal comes before anything could change.
    assert!(kept > 0, "kept {kept}, made {made}");
}
