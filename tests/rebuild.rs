//! Rebuilds whose cost follows the change: a build of the same input into a folder that still
//! holds what the last build wrote does nothing, and anything else builds again.

mod common;

use std::path::Path;

use common::{copy_tree, fixture, minhbach};

fn build(root: &Path, output: &Path, extra: &[&str]) -> String {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = minhbach(&args);
    let text = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    text
}

const NOTHING: &str = "nothing changed since the last build";

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), dir.path());
    dir
}

fn manifest(out: &Path) -> String {
    std::fs::read_to_string(out.join(".minhbach-output")).unwrap()
}

#[test]
fn the_same_input_again_does_nothing_and_says_so() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let target = out.path().join("site");
    assert!(!build(root.path(), &target, &[]).contains(NOTHING));
    let before = manifest(&target);
    assert!(before.lines().nth(1).is_some_and(|l| l.starts_with("# inputs ")), "{before}");
    let home = target.join("index.html");
    let time = std::fs::metadata(&home).unwrap().modified().unwrap();
    let again = build(root.path(), &target, &[]);
    assert!(again.contains(NOTHING), "{again}");
    assert_eq!(std::fs::metadata(&home).unwrap().modified().unwrap(), time);
    assert_eq!(manifest(&target), before);
    // The folder a full build makes and the one left by a skipped build are the same.
    let fresh = out.path().join("fresh");
    build(root.path(), &fresh, &[]);
    assert_eq!(manifest(&fresh), before);
}

#[test]
fn an_edit_another_option_or_a_damaged_output_builds_again() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let target = out.path().join("site");
    build(root.path(), &target, &[]);
    // A Markdown edit that keeps the file's size and time is still seen.
    let post = walkdir::WalkDir::new(root.path().join("content"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.path().extension().is_some_and(|x| x == "md") && e.path().to_string_lossy().contains("updates"))
        .expect("the fixture has a post")
        .into_path();
    let text = std::fs::read_to_string(&post).unwrap();
    let time = std::fs::metadata(&post).unwrap().modified().unwrap();
    let edited = text.replacen("Nội dung.", "Nội-dung.", 1);
    assert_ne!(edited, text);
    std::fs::write(&post, &edited).unwrap();
    std::fs::File::options().write(true).open(&post).unwrap().set_modified(time).unwrap();
    assert!(!build(root.path(), &target, &[]).contains(NOTHING), "an edited post builds again");
    assert!(build(root.path(), &target, &[]).contains(NOTHING));
    // Another base URL makes other pages.
    assert!(!build(root.path(), &target, &["--base-url", "https://example.org/x/"]).contains(NOTHING));
    // A file of the output removed or changed in size by hand is written again.
    let home = target.join("index.html");
    let page = std::fs::read(&home).unwrap();
    std::fs::remove_file(&home).unwrap();
    let rebuilt = build(root.path(), &target, &["--base-url", "https://example.org/x/"]);
    assert!(!rebuilt.contains(NOTHING), "{rebuilt}");
    assert_eq!(std::fs::read(&home).unwrap(), page);
    std::fs::write(&home, "defaced").unwrap();
    build(root.path(), &target, &["--base-url", "https://example.org/x/"]);
    assert_eq!(std::fs::read(&home).unwrap(), page);
}

#[test]
fn share_pictures_of_unchanged_cards_are_kept_from_the_folder() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let target = out.path().join("site");
    let url = ["--base-url", "https://example.org/x/"];
    build(root.path(), &target, &url);
    let (skills, rank) = (target.join("indicators/ky-nang-so/share.png"), target.join("indicators/thu-hang/share.png"));
    let listed = manifest(&target);
    let line = listed.lines().find(|l| l.starts_with("indicators/thu-hang/share.png\t")).unwrap();
    assert_eq!(line.split('\t').count(), 3, "a picture's line names what it was drawn from: {line}");
    let time = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let (skills_time, rank_time, skills_png) = (time(&skills), time(&rank), std::fs::read(&skills).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(20));
    // A new figure for one indicator: its picture is drawn again, the other is kept as it is.
    let progress = root.path().join("data/progress/2026-Q2.toml");
    let text = std::fs::read_to_string(&progress).unwrap();
    std::fs::write(&progress, text.replace("value = 61", "value = 66")).unwrap();
    build(root.path(), &target, &url);
    assert_ne!(std::fs::read(&skills).unwrap(), skills_png);
    assert_ne!(time(&skills), skills_time);
    assert_eq!(time(&rank), rank_time, "the other picture is not written again");
    // The same as a build into a new folder, manifest included.
    let fresh = out.path().join("fresh");
    build(root.path(), &fresh, &url);
    assert_eq!(manifest(&fresh), manifest(&target));
    assert_eq!(std::fs::read(fresh.join("indicators/thu-hang/share.png")).unwrap(), std::fs::read(&rank).unwrap());
    // A picture damaged by hand (another size) is drawn again.
    std::fs::write(&rank, "x").unwrap();
    std::fs::write(&progress, text.replace("value = 61", "value = 67")).unwrap();
    build(root.path(), &target, &url);
    assert_eq!(std::fs::read(&rank).unwrap(), std::fs::read(fresh.join("indicators/thu-hang/share.png")).unwrap());
}
