//! What a build keeps for the next one in the site's `.minhbach-cache/`: what its check found,
//! told again when the same inputs are built into an intact folder, and the snapshots' digests
//! by stamp. Neither may hide a change: an edit is checked, a damaged output is rebuilt, and a
//! snapshot file changed behind the cache is still refused.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{copy_tree, fixture, minhbach};

fn run(root: &Path, output: &Path, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = minhbach(&args);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn build(root: &Path, output: &Path, extra: &[&str]) -> String {
    let (ok, said) = run(root, output, extra);
    assert!(ok, "{said}");
    said
}

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), dir.path());
    dir
}

/// Every warning as told, whole (its quoted line and help too), in order.
fn warnings(said: &str) -> Vec<String> {
    said.split("\n\n").filter(|block| block.starts_with("warning:")).map(str::to_string).collect()
}

const NOTHING: &str = "nothing changed since the last build";

#[test]
fn inputs_built_before_are_not_checked_again_and_their_warnings_are_told_as_before() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let target = out.path().join("site");
    let first = build(root.path(), &target, &["--timings"]);
    assert!(first.contains("\n  load "), "a first build checks the site: {first}");
    assert!(!warnings(&first).is_empty(), "the fixture has warnings to tell: {first}");
    let cache = root.path().join(".minhbach-cache");
    assert!(
        std::fs::read_to_string(cache.join("CACHEDIR.TAG"))
            .unwrap()
            .starts_with("Signature: 8a477f597d28d172789f06886806bc55")
    );
    let again = build(root.path(), &target, &["--timings"]);
    assert!(again.contains(NOTHING), "{again}");
    assert!(!again.contains("\n  load "), "the check was not run again: {again}");
    assert_eq!(warnings(&again), warnings(&first));
    // Nothing of the cache is published.
    let published: Vec<String> = walkdir::WalkDir::new(&target)
        .into_iter()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!published.iter().any(|name| name.contains("minhbach-cache") || name == "checked.json"), "{published:?}");

    // A damaged output is built again, checked: the same folder as a fresh build makes.
    std::fs::remove_file(target.join("index.html")).unwrap();
    let repaired = build(root.path(), &target, &["--timings"]);
    assert!(!repaired.contains(NOTHING) && repaired.contains("\n  load "), "{repaired}");
    assert_eq!(warnings(&repaired), warnings(&first));
    let fresh = out.path().join("fresh");
    build(root.path(), &fresh, &[]);
    let manifest = |dir: &Path| std::fs::read_to_string(dir.join(".minhbach-output")).unwrap();
    assert_eq!(manifest(&target), manifest(&fresh));

    // An edit that adds a problem is checked and told, though an earlier build of the site
    // found none there.
    let units = root.path().join("data/units.toml");
    let text = std::fs::read_to_string(&units).unwrap();
    std::fs::write(&units, format!("{text}\nnam = \"typo\"\n")).unwrap();
    let (ok, broken) = run(root.path(), &target, &[]);
    assert!(!ok && broken.contains("error:") && broken.contains("data/units.toml"), "{broken}");
    // Put back, the inputs are those built before: told again, not checked.
    std::fs::write(&units, &text).unwrap();
    let back = build(root.path(), &target, &["--timings"]);
    assert!(back.contains(NOTHING) && !back.contains("\n  load "), "{back}");
    assert_eq!(warnings(&back), warnings(&first));
}

#[test]
fn a_cache_folder_minhbach_did_not_make_is_left_alone() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let cache = root.path().join(".minhbach-cache");
    std::fs::create_dir(&cache).unwrap();
    std::fs::write(cache.join("checked.json"), "someone's notes").unwrap();
    let target = out.path().join("site");
    build(root.path(), &target, &[]);
    let again = build(root.path(), &target, &["--timings"]);
    assert!(again.contains(NOTHING) && again.contains("\n  load "), "checked, the cache being none: {again}");
    assert_eq!(std::fs::read_to_string(cache.join("checked.json")).unwrap(), "someone's notes");
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
}

#[test]
fn a_snapshot_file_changed_behind_the_cache_is_still_refused() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let made = minhbach(&["snapshot", "2026-Q1", "--root", root.path().to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    // A file's stamp is trusted once its last write is a moment old.
    std::thread::sleep(Duration::from_millis(2100));
    let target = out.path().join("site");
    build(root.path(), &target, &[]);
    let kept = std::fs::read_to_string(root.path().join(".minhbach-cache/snapshot-digests")).unwrap();
    let page = "2026-Q1/index.html";
    assert!(kept.lines().any(|l| l.ends_with(&format!("\t{page}"))), "the page's digest is kept: {kept}");
    // The same size, and the modification time set back: its change time still moved.
    let file = root.path().join("archive").join(page);
    let bytes = std::fs::read(&file).unwrap();
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let mut changed = bytes.clone();
    let at = changed.iter().position(|b| *b == b'<').unwrap();
    changed[at + 1] = if changed[at + 1] == b'a' { b'b' } else { b'a' };
    std::fs::write(&file, &changed).unwrap();
    std::fs::File::options().write(true).open(&file).unwrap().set_modified(modified).unwrap();
    std::thread::sleep(Duration::from_millis(2100));
    let (ok, said) = run(root.path(), &target, &[]);
    assert!(!ok && said.contains(&format!("archive/{page} does not match its SHA-256")), "{said}");
    // Into a new folder too.
    let (ok, said) = run(root.path(), &out.path().join("new"), &[]);
    assert!(!ok && said.contains(&format!("archive/{page} does not match its SHA-256")), "{said}");
    // Restored, it verifies again.
    std::fs::write(&file, &bytes).unwrap();
    build(root.path(), &target, &[]);
}

#[test]
fn share_pictures_drawn_once_are_taken_from_the_cache_into_a_new_folder_byte_for_byte() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let url = ["--base-url", "https://example.org/plans/", "--verbose"];
    let pictures = |dir: &Path| -> std::collections::BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_name() == "share.png")
            .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect()
    };
    let first = out.path().join("first");
    let drawn = build(root.path(), &first, &url);
    assert!(!drawn.contains("taken from the cache"), "{drawn}");
    let made = pictures(&first);
    assert!(made.len() > 2, "{made:?}");
    let second = out.path().join("second");
    let found = build(root.path(), &second, &url);
    assert!(found.contains(&format!("{} share picture(s) taken from the cache", made.len())), "{found}");
    assert_eq!(pictures(&second), made);
    // With the cache gone, they are drawn again, the same.
    std::fs::remove_dir_all(root.path().join(".minhbach-cache")).unwrap();
    let third = out.path().join("third");
    let again = build(root.path(), &third, &url);
    assert!(!again.contains("taken from the cache"), "{again}");
    assert_eq!(pictures(&third), made);
    // A card that changes is drawn; the others are found. Every Vietnamese card shows the
    // site's title, the English ones `title_en`.
    let site_toml = root.path().join("site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, text.replacen("title = \"", "title = \"Mới: ", 1)).unwrap();
    let fourth = out.path().join("fourth");
    let retitled = build(root.path(), &fourth, &url);
    let english = made.keys().filter(|path| path.starts_with("en/")).count();
    assert!(retitled.contains(&format!("\n{english} share picture(s) taken from the cache")), "{retitled}");
    let now = pictures(&fourth);
    assert!(now.iter().all(|(path, png)| path.starts_with("en/") == (made[path] == *png)), "{:?}", now.keys());
}

#[test]
fn a_preview_takes_the_pictures_a_build_drew_and_never_writes_the_cache() {
    let root = site();
    let site_toml = root.path().join("site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, format!("base_url = \"https://example.org/plans/\"\n{text}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    build(root.path(), &out.path().join("site"), &[]);
    let drawn =
        walkdir::WalkDir::new(out.path()).into_iter().filter(|e| e.as_ref().unwrap().file_name() == "share.png");
    let drawn = drawn.count();
    let pack = root.path().join(".minhbach-cache/share-pictures");
    let before = (std::fs::read(&pack).unwrap(), std::fs::metadata(&pack).unwrap().modified().unwrap());
    let (mut child, _, said, rx) = common::start_serve_logged(root.path(), &[]);
    let said = said.join("\n");
    // An edit to a figure: its pictures are drawn again, in memory only.
    let progress = root.path().join("data/progress/2026-Q2.toml");
    let figures = std::fs::read_to_string(&progress).unwrap();
    assert!(figures.contains("value = 48\n"), "{figures}");
    std::fs::write(&progress, figures.replacen("value = 48\n", "value = 47\n", 1)).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    let mut lines = Vec::new();
    while !lines.last().is_some_and(|l: &String| l.starts_with("rebuilt")) && std::time::Instant::now() < deadline {
        lines.extend(rx.recv_timeout(Duration::from_millis(200)));
    }
    let _ = child.kill();
    assert!(said.contains(&format!("{drawn} share picture(s) taken from the cache")), "{said}");
    assert!(lines.last().is_some_and(|l| l.starts_with("rebuilt")), "the edit was rebuilt: {lines:?}");
    let after = (std::fs::read(&pack).unwrap(), std::fs::metadata(&pack).unwrap().modified().unwrap());
    assert!(after == before, "the cache is as the build left it");
    let names = std::fs::read_dir(root.path().join(".minhbach-cache")).unwrap().count();
    assert_eq!(names, 3, "the tag, the check's record and the pictures (no snapshots); nothing beside them");
}
