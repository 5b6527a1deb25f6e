//! `build`: open data as expected, byte-identical runs, and all-or-nothing writing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{fixture, minhbach, site_from};

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    minhbach(&args)
}

/// The open data of the basic fixture matches the files under tests/expected/basic, which
/// were checked by hand. Set UPDATE_EXPECTED=1 to rewrite them after a deliberate change.
#[test]
fn open_data_matches_the_expected_files() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let result = build(&fixture("basic"), &target, &[]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/basic");
    let built: BTreeMap<_, _> = read_tree(&target).into_iter().filter(|(p, _)| p.starts_with("data/")).collect();
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in &built {
            let p = expected_dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
    let expected = read_tree(&expected_dir);
    assert_eq!(built.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>());
    for (path, bytes) in &built {
        assert!(
            bytes == &expected[path],
            "{path} differs from tests/expected/basic/{path}:\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert!(build(&fixture("basic"), &a, &[]).status.success());
    assert!(build(&fixture("basic"), &b, &[]).status.success());
    assert_eq!(read_tree(&a), read_tree(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = site_from("basic", &[]);
    let output = site.path().join("public");
    assert!(build(site.path(), &output, &[]).status.success());
    let before = read_tree(&output);
    let beside = || {
        let mut names: Vec<_> =
            std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    };
    // The output, and the cache the build keeps for the next one.
    assert_eq!(beside(), [".minhbach-cache", "content", "data", "public", "site.toml"]);
    let cache = read_tree(&site.path().join(".minhbach-cache"));
    std::fs::write(site.path().join("data/units.toml"), "[[unit]]\nid = \"vp\"\n").unwrap();
    let result = build(site.path(), &output, &[]);
    assert!(!result.status.success());
    assert!(String::from_utf8_lossy(&result.stderr).contains("nothing was written"));
    assert_eq!(read_tree(&output), before);
    // Nothing else appeared beside it, and the cache holds what it held.
    assert_eq!(beside(), [".minhbach-cache", "content", "data", "public", "site.toml"]);
    assert_eq!(read_tree(&site.path().join(".minhbach-cache")), cache);
}

#[test]
fn a_failed_first_build_creates_nothing() {
    let site = site_from("basic", &[("data/units.toml", Some(b"[[unit]]\nid = 1\n"))]);
    let output = site.path().join("out/deeper");
    assert!(!build(site.path(), &output, &[]).status.success());
    assert!(!site.path().join("out").exists());
}

#[test]
fn refuses_an_output_that_is_or_holds_the_sources() {
    let site = site_from("basic", &[]);
    for bad in
        [site.path().to_path_buf(), site.path().join("data"), site.path().join("content/x"), site.path().join("..")]
    {
        let result = build(site.path(), &bad, &[]);
        assert!(!result.status.success(), "accepted {}", bad.display());
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("output directory"), "{stderr}");
    }
    assert!(site.path().join("data/units.toml").exists());
}

#[test]
fn build_as_of_an_earlier_period_ignores_later_reports() {
    let out = tempfile::tempdir().unwrap();
    let result = build(&fixture("basic"), out.path(), &["--as-of", "2026-Q1"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let values = std::fs::read_to_string(out.path().join("data/values.csv")).unwrap();
    assert!(values.contains("ky-nang-so,2026-03-31,50,2026-Q1,true"), "{values}");
    assert!(!values.contains("2026-Q2"), "{values}");
}

/// Two builds of one folder at once: the second waits for the first to finish, saying so,
/// then builds. Before, it removed the first one's staged files or put the previous site back
/// while the first moved the new one in.
#[test]
fn a_build_waits_for_another_build_of_the_same_folder() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let first = build(&fixture("basic"), &target, &[]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let before = read_tree(&target);
    // Another build holds the folder (this test, standing in for it).
    let held = minhbach::write::lock::take(&target, |_| panic!("no build holds it"));
    let mut second = std::process::Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "--root", fixture("basic").to_str().unwrap(), "--output", target.to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    let waited = second.try_wait().unwrap().is_none();
    let unchanged = read_tree(&target) == before;
    drop(held);
    let done = second.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&done.stderr);
    assert!(waited, "the second build waits while the folder is held: {said}");
    assert!(unchanged, "nothing in the folder changes while it waits");
    assert!(done.status.success(), "{said}");
    assert!(said.contains("another build is writing into") && said.contains("waiting for it to finish"), "{said}");
    assert_eq!(read_tree(&target), before, "then it builds the same site");
}
