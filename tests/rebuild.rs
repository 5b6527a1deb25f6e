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
    let first = build(root.path(), &target, &[]);
    assert!(!first.contains(NOTHING));
    let before = manifest(&target);
    assert!(before.lines().nth(1).is_some_and(|l| l.starts_with("# inputs ")), "{before}");
    let home = target.join("index.html");
    let time = std::fs::metadata(&home).unwrap().modified().unwrap();
    let again = build(root.path(), &target, &[]);
    assert!(again.contains(NOTHING), "{again}");
    // The same warnings as the build that made the folder.
    let warned = |text: &str| text.lines().filter(|l| l.starts_with("warning:")).map(String::from).collect::<Vec<_>>();
    assert_eq!(warned(&again), warned(&first));
    assert_eq!(std::fs::metadata(&home).unwrap().modified().unwrap(), time);
    assert_eq!(manifest(&target), before);
    // The folder a full build makes and the one left by a skipped build are the same.
    let fresh = out.path().join("fresh");
    build(root.path(), &fresh, &[]);
    assert_eq!(manifest(&fresh), before);
    // A file put in the folder by hand is named though nothing else changed, and left there.
    std::fs::write(target.join("stray.txt"), "x").unwrap();
    let stray = build(root.path(), &target, &[]);
    assert!(stray.contains(NOTHING) && stray.contains("did not write") && stray.contains("stray.txt"), "{stray}");
    assert!(target.join("stray.txt").is_file());
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
    // An edit by hand that keeps the size is not looked for, but --force compares every file.
    let mut same_size = page.clone();
    same_size[page.len() - 3] = b'X';
    std::fs::write(&home, &same_size).unwrap();
    assert!(build(root.path(), &target, &["--base-url", "https://example.org/x/"]).contains(NOTHING));
    assert_eq!(std::fs::read(&home).unwrap(), same_size);
    let forced = build(root.path(), &target, &["--base-url", "https://example.org/x/", "--force", "--verbose"]);
    assert!(!forced.contains(NOTHING) && forced.contains("1 file(s) written"), "{forced}");
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

/// The number in "N of the pages kept from the last build", or 0 when the build says none.
fn kept(said: &str) -> usize {
    said.lines()
        .find_map(|l| l.strip_suffix(" of the pages kept from the last build: their inputs did not change"))
        .map_or(0, |n| n.trim().parse().unwrap())
}

/// The folder `target` is the one a build into a new folder makes, manifest included.
fn same_as_fresh(root: &Path, out: &Path, target: &Path) {
    let fresh = out.join("fresh");
    let _ = std::fs::remove_dir_all(&fresh);
    build(root, &fresh, &[]);
    assert_eq!(manifest(&fresh), manifest(target));
    for (path, html) in common::html_files(&fresh) {
        assert_eq!(std::fs::read_to_string(target.join(&path)).unwrap(), html, "{path}");
    }
}

#[test]
fn a_post_text_edit_keeps_every_kind_of_page_that_does_not_show_it() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let other_post = root.path().join("content/updates/2026-Q1/bai-khac.md");
    std::fs::write(&other_post, "+++\ntitle = \"Bài khác\"\ndate = 2026-04-20\n+++\nMột bài khác.\n").unwrap();
    let target = out.path().join("site");
    let first = build(root.path(), &target, &["--verbose"]);
    assert_eq!(kept(&first), 0, "a new folder has nothing to keep: {first}");
    let listed = manifest(&target);
    let line = listed.lines().find(|l| l.starts_with("plans/index.html\t")).unwrap();
    let columns: Vec<&str> = line.split('\t').collect();
    assert_eq!(columns.len(), 5, "a page's line names its kind's digest, charts and title: {line}");
    // An indicator's pages are a group within their kind: kept or made again as one.
    let line = listed.lines().find(|l| l.starts_with("indicators/thu-hang/index.html\t")).unwrap();
    let key = line.split('\t').nth(2).unwrap();
    assert!(matches!(key.split_once('/'), Some((kind, group)) if kind.len() == 64 && group.len() == 64), "{line}");
    let home = target.join("indicators/index.html");
    let time = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let home_time = time(&home);
    // An indicator's search record: the index keeps its folder, and a file its bytes.
    let record = target.join("tim-kiem/index/r/0.js");
    let record_time = time(&record);
    // Each post's page is a group of its own, made from the post's text.
    let other_page = target.join("updates/2026-Q1/bai-khac/index.html");
    let other_page_time = time(&other_page);
    std::thread::sleep(std::time::Duration::from_millis(20));

    // New words in the text of a post: only the posts' pages (and the search) are made again.
    let post = root.path().join("content/updates/2026-Q1/ket-qua.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{text}\nMột câu mới về kết quả.\n")).unwrap();
    let again = build(root.path(), &target, &["--verbose"]);
    let pages = |said: &str| -> usize {
        let line = said.lines().find(|l| l.contains(" pages, ")).unwrap();
        line.split(' ').next().unwrap().parse().unwrap()
    };
    assert!(kept(&again) > 0 && kept(&again) < pages(&again), "{again}");
    assert_eq!(time(&home), home_time, "a kept page is not written again");
    assert_eq!(time(&record), record_time, "an index file whose bytes did not change is not written again");
    let post_page = walkdir::WalkDir::new(target.join("updates"))
        .into_iter()
        .map(Result::unwrap)
        .find(|e| e.file_name() == "index.html" && e.path().to_string_lossy().contains("ket-qua"))
        .expect("the post's page")
        .into_path();
    assert!(std::fs::read_to_string(&post_page).unwrap().contains("Một câu mới về kết quả."));
    assert_eq!(time(&other_page), other_page_time, "another post's page is kept");
    assert_eq!(
        pages(&again) - kept(&again),
        3,
        "made: the edited post's page and each language's search page: {again}"
    );
    same_as_fresh(root.path(), out.path(), &target);

    // A page damaged by hand (another size): its kind of page is made again, and it is whole.
    let page = std::fs::read(&home).unwrap();
    std::fs::write(&home, "defaced").unwrap();
    std::fs::write(&post, format!("{text}\nMột câu khác.\n")).unwrap();
    let repaired = build(root.path(), &target, &["--verbose"]);
    assert!(kept(&repaired) > 0, "other kinds are still kept: {repaired}");
    assert_eq!(std::fs::read(&home).unwrap(), page);

    // A new figure: the pages that show it are made again (its indicator's, its period's, the
    // lists'), those of the other indicator and the other period are kept.
    let progress = root.path().join("data/progress/2026-Q2.toml");
    let figures = std::fs::read_to_string(&progress).unwrap();
    let other = target.join("indicators/thu-hang/index.html");
    let (other_time, earlier) = (time(&other), time(&target.join("periods/2026-Q1/index.html")));
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&progress, figures.replace("value = 61", "value = 66")).unwrap();
    let figure = build(root.path(), &target, &["--verbose"]);
    assert!(kept(&figure) > 0 && kept(&figure) < pages(&figure), "{figure}");
    assert_eq!(time(&other), other_time, "another indicator's page is kept");
    assert_eq!(time(&target.join("periods/2026-Q1/index.html")), earlier, "an earlier period's page is kept");
    let shown = std::fs::read_to_string(target.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(shown.contains("66"), "the indicator's page shows the new figure");
    same_as_fresh(root.path(), out.path(), &target);
    // A task's status: every page that lists the task follows, wherever it is kept.
    let edited = std::fs::read_to_string(&progress).unwrap();
    std::fs::write(
        &progress,
        edited.replacen("status = \"in_progress\"\npercent = 40", "status = \"done\"\npercent = 100", 1),
    )
    .unwrap();
    build(root.path(), &target, &["--verbose"]);
    same_as_fresh(root.path(), out.path(), &target);
    // A post's title shows in lists: nothing is kept.
    std::fs::write(&post, text.replacen("title = \"", "title = \"Mới: ", 1)).unwrap();
    assert_eq!(kept(&build(root.path(), &target, &["--verbose"])), 0);
}

#[test]
fn snapshot_copies_are_kept_by_their_published_digests() {
    let (root, out) = (site(), tempfile::tempdir().unwrap());
    let made = minhbach(&["snapshot", "2026-Q1", "--root", root.path().to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let target = out.path().join("site");
    build(root.path(), &target, &[]);
    // Each copy's line names its digest: the one MANIFEST.sha256 publishes for it.
    let published = std::fs::read_to_string(root.path().join("archive/2026-Q1/MANIFEST.sha256")).unwrap();
    let (digest, file) = published.lines().next().unwrap().split_once("  ").unwrap();
    let listed = manifest(&target);
    let line = listed.lines().find(|l| l.starts_with(&format!("archive/2026-Q1/{file}\t"))).unwrap();
    assert_eq!(line.split('\t').nth(2), Some(digest), "{line}");
    let copy = target.join("archive/2026-Q1").join(file);
    let time = std::fs::metadata(&copy).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    // An edit elsewhere leaves the copies as they are; a copy damaged by hand is written again.
    let post = root.path().join("content/updates/2026-Q1/ket-qua.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(&post, format!("{text}\nThêm.\n")).unwrap();
    build(root.path(), &target, &[]);
    assert_eq!(std::fs::metadata(&copy).unwrap().modified().unwrap(), time);
    std::fs::write(&copy, "x").unwrap();
    std::fs::write(&post, format!("{text}\nThêm nữa.\n")).unwrap();
    build(root.path(), &target, &[]);
    assert_eq!(std::fs::read(&copy).unwrap(), std::fs::read(root.path().join("archive/2026-Q1").join(file)).unwrap());
    let fresh = out.path().join("fresh");
    build(root.path(), &fresh, &[]);
    assert_eq!(manifest(&fresh), manifest(&target));
}
