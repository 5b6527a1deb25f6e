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
    assert!(check_output_dir(root, Path::new("/site/Content")).is_err(), "content/ on a disk that ignores case");
}

#[test]
fn another_sites_sources_are_never_an_output() {
    let tmp = tempfile::tempdir().unwrap();
    let (own, other) = (tmp.path().join("own"), tmp.path().join("other"));
    for site in [&own, &other] {
        fs::create_dir_all(site.join("data")).unwrap();
        fs::write(site.join("site.toml"), "").unwrap();
    }
    for folder in ["data", "content", "themes/default", "archive/2026-Q3", "Data/x"] {
        let err = check_output_dir(&own, &other.join(folder)).unwrap_err();
        assert!(err.contains("of the site at") && err.contains("not even with --force"), "{folder}: {err}");
    }
    assert!(check_output_dir(&own, &other.join("public")).is_ok(), "another site's output folder is an output");
    assert!(check_output_dir(&own, &own.join("public")).is_ok());
    assert!(check_output_dir(&own, &tmp.path().join("www")).is_ok());
    assert_eq!(sources_holding(&own, &other.join("content/f.xlsx")), Some((other.clone(), "content")));
}

#[test]
fn a_source_is_found_in_any_case_and_through_another_path_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = absolute(&tmp.path().join("site")).unwrap();
    fs::create_dir_all(root.join("content")).unwrap();
    // On a disk that ignores case, `Content/` is `content/`, whose files are published.
    assert_eq!(source_holding(&root, &root.join("Content/z.xlsx")), Some("content"));
    assert_eq!(source_holding(&root, &root.join("CONTENT")), Some("content"));
    assert_eq!(source_holding(&root, &root.join("Data/progress/x.xlsx")), Some("data"));
    assert_eq!(source_holding(&root, &root.join("contents/z.xlsx")), None);
    assert_eq!(source_holding(&root, &root.join("forms/z.xlsx")), None);
    // The same folder reached through a link.
    #[cfg(unix)]
    {
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(root.join("content"), &link).unwrap();
        assert_eq!(source_holding(&root, &link.join("z.xlsx")), Some("content"));
        let site_link = tmp.path().join("site-link");
        std::os::unix::fs::symlink(&root, &site_link).unwrap();
        assert_eq!(source_holding(&root, &site_link.join("Content/z.xlsx")), Some("content"));
        assert!(check_output_dir(&root, &site_link).is_err(), "the root under another name");
    }
}

fn files(list: &[(&str, &str)]) -> Files {
    let mut f = Files::default();
    for (p, b) in list {
        f.add(*p, *b);
    }
    f
}

fn build(root: &Path, out: &Path, f: &Files, force: bool) -> Result<Written, String> {
    let prepared = prepare(root, out, force, &mut Vec::new())?;
    write_site(out, &prepared, f).map_err(|e| format!("{e:?}"))
}

fn mtime(p: &Path) -> std::time::SystemTime {
    fs::metadata(p).unwrap().modified().unwrap()
}

#[test]
fn a_folder_of_other_files_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("thesis");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("chapter1.docx"), "years of work").unwrap();
    let err = build(tmp.path(), &out, &files(&[("index.html", "x")]), false).unwrap_err();
    assert!(err.contains("did not make") && err.contains("--force"), "{err}");
    assert_eq!(fs::read_to_string(out.join("chapter1.docx")).unwrap(), "years of work");
    assert!(!out.join("index.html").exists());
    // Asked explicitly, the folder is replaced.
    build(tmp.path(), &out, &files(&[("index.html", "x")]), true).unwrap();
    assert!(!out.join("chapter1.docx").exists());
}

#[test]
fn a_file_as_output_is_refused_before_anything_is_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("notes.txt");
    fs::write(&out, "mine").unwrap();
    let err = build(tmp.path(), &out, &files(&[("index.html", "x")]), true).unwrap_err();
    assert!(err.contains("is a file"), "{err}");
    assert_eq!(fs::read_to_string(&out).unwrap(), "mine");
    let names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "nothing moved aside: {names:?}");
}

#[test]
fn a_version_control_folder_is_never_an_output() {
    let tmp = tempfile::tempdir().unwrap();
    for inside in [".git", ".git/objects", "deploy/.hg", "x/_darcs/y"] {
        let out = tmp.path().join("elsewhere").join(inside);
        let err = prepare(&tmp.path().join("site"), &out, true, &mut Vec::new()).unwrap_err();
        assert!(err.contains("inside a version-control folder"), "{inside}: {err}");
    }
}

#[test]
fn home_and_root_are_never_outputs() {
    let home = absolute(Path::new(&std::env::var("HOME").unwrap())).unwrap();
    assert!(prepare(Path::new("/nowhere/site"), &home, true, &mut Vec::new()).is_err());
    assert!(prepare(Path::new("/nowhere/site"), Path::new("/"), true, &mut Vec::new()).is_err());
}

#[test]
fn a_rebuild_touches_only_what_changed_and_removes_only_its_own_files() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let first = build(tmp.path(), &out, &files(&[("a.html", "a"), ("b/index.html", "b"), ("c.html", "c")]), false);
    assert!(first.unwrap().whole);
    let a_time = mtime(&out.join("a.html"));
    fs::write(out.join("CNAME"), "example.gov.vn").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = build(tmp.path(), &out, &files(&[("a.html", "a"), ("c.html", "C"), ("d.html", "d")]), false).unwrap();
    assert!(!second.whole);
    assert_eq!((second.synced.written, second.synced.unchanged), (2, 1));
    assert_eq!(second.synced.removed, vec!["b/index.html".to_string()]);
    assert_eq!(second.synced.foreign, vec!["CNAME".to_string()]);
    assert_eq!(mtime(&out.join("a.html")), a_time, "an unchanged file keeps its time");
    assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
    assert!(!out.join("b").exists(), "a removed page's empty folder goes too");
    assert_eq!(fs::read_to_string(out.join("CNAME")).unwrap(), "example.gov.vn");
    assert!(!out.join(sync::TMP).exists());
    // Same input again: nothing written.
    let third = build(tmp.path(), &out, &files(&[("a.html", "a"), ("c.html", "C"), ("d.html", "d")]), false);
    assert_eq!(third.unwrap().synced.written, 0);
}

/// Files others put in the folder are named in the order of a walk sorted by name, at the
/// top and deep down, each folder at the top listed on its own core; a repository's files
/// are never listed, at the top or deeper.
#[test]
fn foreign_files_are_listed_in_order_at_every_depth_without_repositories() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    for file in [
        "CNAME",
        "a/ours.html",
        "a/z.txt",
        "a/b/c/deep.txt",
        "a/.git/HEAD",
        "en/x.html",
        "en/ours.html",
        ".git/config",
        "b.txt",
        "en/sub/.svn/entries",
    ] {
        fs::create_dir_all(out.join(file).parent().unwrap()).unwrap();
        fs::write(out.join(file), "x").unwrap();
    }
    let ours = ["a/ours.html".to_string(), "en/ours.html".to_string()];
    let previous = manifest::Manifest { paths: ours.iter().cloned().collect(), ..Default::default() };
    let listed = sync::foreign_files(out, &ours.iter().collect(), &previous);
    assert_eq!(listed, ["CNAME", "a/b/c/deep.txt", "a/z.txt", "b.txt", "en/x.html"]);
}

/// A deploy checkout (`git worktree add public gh-pages`) holds only `.git`: it is taken as
/// an empty folder of ours, written in place, and its `.git` is never touched or listed.
#[test]
fn a_deploy_checkout_keeps_its_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages").unwrap();
    fs::write(out.join(".git/objects/pack"), "history").unwrap();
    let first = build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap();
    assert!(!first.whole && first.synced.foreign.is_empty(), "{first:?}");
    assert_eq!(fs::read_to_string(out.join(".git/objects/pack")).unwrap(), "history");
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
    let second = build(tmp.path(), &out, &files(&[("b.html", "b")]), false).unwrap();
    assert_eq!(second.synced.removed, vec!["a.html".to_string()]);
    assert!(second.synced.foreign.is_empty(), "{second:?}");
    assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages");
}

/// `--force` removes a folder's other files, says which, and still keeps its `.git`.
#[test]
fn force_replaces_other_files_but_not_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages").unwrap();
    fs::create_dir_all(out.join("old-site")).unwrap();
    fs::write(out.join("old-site/index.html"), "hugo").unwrap();
    fs::write(out.join("a.html"), "old a").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap_err();
    assert!(err.contains("a.html") && err.contains("--force"), "{err}");
    let written = build(tmp.path(), &out, &files(&[("a.html", "a")]), true).unwrap();
    assert!(written.forced && !written.whole);
    assert_eq!(written.synced.removed, vec!["old-site/index.html".to_string()]);
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
    assert!(!out.join("old-site").exists());
    assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages");
    // The folder is now ours: the next build needs no --force.
    assert!(!build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap().forced);
}

/// A version-control folder deeper in the folder (a submodule's checkout, a `.git` file
/// pointing to one) is never removed nor listed as someone's file; and `--force` does not take
/// a folder that holds one, whose working files may be uncommitted work.
#[test]
fn a_repository_below_the_top_is_kept_and_not_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(out.join("old-site/.git/objects")).unwrap();
    fs::write(out.join("old-site/.git/objects/pack"), "history").unwrap();
    fs::write(out.join("old-site/index.html"), "uncommitted").unwrap();
    fs::create_dir_all(out.join("vendor/lib")).unwrap();
    fs::write(out.join("vendor/lib/.git"), "gitdir: ../../.git/modules/lib").unwrap();
    fs::write(out.join("vendor/lib/x.js"), "x").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a")]), true).unwrap_err();
    assert!(err.contains("version-control checkout") && err.contains("old-site"), "{err}");
    assert_eq!(fs::read_to_string(out.join("old-site/index.html")).unwrap(), "uncommitted");
    fs::remove_dir_all(out.join("old-site")).unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a")]), true).unwrap_err();
    assert!(err.contains("version-control checkout") && err.contains("vendor/lib"), "{err}");
    assert_eq!(fs::read_to_string(out.join("vendor/lib/x.js")).unwrap(), "x");
    assert!(!out.join("a.html").exists());
    fs::remove_dir_all(out.join("vendor")).unwrap();
    build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap();
    // Put there after a build, a repository below the top is not someone's file to name, and
    // stays.
    fs::create_dir_all(out.join("docs/.hg")).unwrap();
    fs::write(out.join("docs/.hg/store"), "h").unwrap();
    fs::create_dir_all(out.join("en/lib")).unwrap();
    fs::write(out.join("en/lib/.git"), "gitdir: elsewhere").unwrap();
    let again = build(tmp.path(), &out, &files(&[("b.html", "B")]), false).unwrap();
    assert!(again.synced.foreign.is_empty(), "{again:?}");
    assert_eq!(again.synced.removed, vec!["a.html".to_string()]);
    assert_eq!(fs::read_to_string(out.join("docs/.hg/store")).unwrap(), "h");
    assert_eq!(fs::read_to_string(out.join("en/lib/.git")).unwrap(), "gitdir: elsewhere");
}

/// Another site's folder anywhere inside the folder stops a forced build before anything
/// changes: its sources are not the output's files.
#[test]
fn force_refuses_a_folder_holding_another_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(out.join("projects/other/data")).unwrap();
    fs::write(out.join("projects/other/site.toml"), "title = \"x\"").unwrap();
    fs::write(out.join("projects/other/data/units.toml"), "precious").unwrap();
    fs::write(out.join("old.html"), "old").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a")]), true).unwrap_err();
    assert!(err.contains("another site") && err.contains("projects/other"), "{err}");
    assert_eq!(fs::read_to_string(out.join("projects/other/data/units.toml")).unwrap(), "precious");
    assert_eq!(fs::read_to_string(out.join("old.html")).unwrap(), "old");
}

/// A name a manifest cannot hold stops a forced build before anything changes, shown so
/// that the keeper can find it.
#[cfg(unix)]
#[test]
fn force_refuses_a_name_it_could_not_put_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("a\nb.txt"), "mine").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a")]), true).unwrap_err();
    assert!(err.contains("a\\nb.txt") && err.contains("cannot record"), "{err}");
    assert_eq!(fs::read_to_string(out.join("a\nb.txt")).unwrap(), "mine");
    assert!(!out.join("a.html").exists());
}

/// Someone's folder where the last build wrote a file is never taken for that file: not
/// replaced by a page, not removed with a page that is gone.
#[test]
fn a_folder_where_a_page_was_is_someones_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, &files(&[("404.html", "a"), ("gt/index.html", "g")]), false).unwrap();
    for folder in ["404.html", "gt/index.html"] {
        fs::remove_file(out.join(folder)).unwrap();
        fs::create_dir_all(out.join(folder).join("deep")).unwrap();
        fs::write(out.join(folder).join("deep/z"), "years of work").unwrap();
    }
    let err = build(tmp.path(), &out, &files(&[("404.html", "A")]), false).unwrap_err();
    assert!(err.contains("is a folder that minhbach did not make"), "{err}");
    assert_eq!(fs::read_to_string(out.join("404.html/deep/z")).unwrap(), "years of work");
    fs::remove_dir_all(out.join("404.html")).unwrap();
    let written = build(tmp.path(), &out, &files(&[("404.html", "A")]), false).unwrap();
    assert!(written.synced.removed.is_empty(), "{written:?}");
    assert_eq!(written.synced.foreign, vec!["gt/index.html/deep/z".to_string()]);
    assert_eq!(fs::read_to_string(out.join("gt/index.html/deep/z")).unwrap(), "years of work");
}

#[test]
fn a_foreign_file_where_the_site_needs_a_folder_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap();
    fs::write(out.join("static"), "mine").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "a"), ("static/x.js", "x")]), false).unwrap_err();
    assert!(err.contains("static is a file that minhbach did not write, where the site needs a folder"), "{err}");
    assert_eq!(fs::read_to_string(out.join("static")).unwrap(), "mine");
}

#[test]
fn a_foreign_file_where_a_page_goes_is_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap();
    fs::write(out.join("b.html"), "hand-made").unwrap();
    let err = build(tmp.path(), &out, &files(&[("a.html", "A"), ("b.html", "b")]), false).unwrap_err();
    assert!(err.contains("not written by minhbach"), "{err}");
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "hand-made");
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a", "refused before any write");
}

#[test]
fn a_killed_build_is_undone_by_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, &files(&[("a.html", "a"), ("b.html", "b")]), false).unwrap();
    // What a build killed half way through its renames leaves: b replaced, c added, a
    // removed, journal written, manifest still the old one.
    let t = out.join(sync::TMP);
    fs::create_dir_all(t.join("old")).unwrap();
    fs::create_dir_all(t.join("new")).unwrap();
    fs::rename(out.join("a.html"), t.join("old/a.html")).unwrap();
    fs::rename(out.join("b.html"), t.join("old/b.html")).unwrap();
    fs::write(out.join("b.html"), "B").unwrap();
    fs::write(out.join("c.html"), "c").unwrap();
    fs::write(t.join("journal"), "remove a.html\nreplace b.html\nadd c.html\n").unwrap();
    let mut notes = Vec::new();
    let prepared = prepare(tmp.path(), &out, false, &mut notes).unwrap();
    assert!(notes.iter().any(|n| n.contains("restored the previous site")), "{notes:?}");
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
    assert_eq!(fs::read_to_string(out.join("b.html")).unwrap(), "b");
    assert!(!out.join("c.html").exists() && !t.exists());
    write_site(&out, &prepared, &files(&[("a.html", "a"), ("b.html", "b")])).unwrap();
}

#[test]
fn a_failed_write_leaves_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, &files(&[("a.html", "a")]), false).unwrap();
    // A name no file system takes: the write fails while staging.
    let long = format!("{}.html", "x".repeat(300));
    let err = build(tmp.path(), &out, &files(&[("a.html", "A"), (long.as_str(), "x")]), false).unwrap_err();
    assert!(err.contains("restored: true"), "{err}");
    assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "a");
    assert!(!out.join(sync::TMP).exists());
}

/// Two snapshots of one period at once: the second waits for the first, then finds its folder
/// made and writes nothing; before, each removed the other's staged folder.
#[cfg(unix)]
#[test]
fn a_second_new_folder_of_one_name_waits_then_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2026-Q1");
    let files = || {
        let mut files = Files::default();
        files.add("a.html".to_string(), b"second".to_vec());
        files
    };
    // The first snapshot, holding the folder while it writes.
    let held = lock::take(&target, |_| {});
    let second = {
        let (target, files) = (target.clone(), files());
        std::thread::spawn(move || write_new_dir(&target, &files))
    };
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!second.is_finished(), "it waits while another holds the folder");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("a.html"), b"first").unwrap();
    drop(held);
    let refused = second.join().unwrap().unwrap_err();
    assert_eq!(refused.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(target.join("a.html")).unwrap(), b"first");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "nothing staged is left beside it");
}

/// A rebuild removes only the files the last build wrote, as it wrote them: never through a
/// symbolic link in the folder (its target is someone else's), never inside a version-control
/// folder, never a file of another size; whatever a manifest edited by hand (or committed with
/// such lines) says. What it leaves is named.
#[cfg(unix)]
#[test]
fn a_rebuild_removes_nothing_through_a_link_in_a_repository_or_changed_since() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = [("a.html", "a"), ("gt/index.html", "g"), ("edited.html", "e")];
    build(tmp.path(), &out, &files(&site), false).unwrap();
    // The keeper moves a folder elsewhere and links it in its place; edits a page by hand.
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::rename(out.join("gt"), elsewhere.join("gt")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("gt"), out.join("gt")).unwrap();
    fs::write(out.join("edited.html"), "edited by hand").unwrap();
    // A deploy checkout, and a manifest that names its files and a file behind a link.
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::create_dir_all(out.join("sub/.git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref").unwrap();
    fs::write(out.join("sub/.git/HEAD"), "ref").unwrap();
    fs::write(elsewhere.join("notes.txt"), "years of work").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("ext")).unwrap();
    let manifest = out.join(manifest::NAME);
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str(".git/HEAD\t3\nsub/.git/HEAD\t3\next/notes.txt\t13\n");
    fs::write(&manifest, text).unwrap();
    // The next build makes none of them.
    let written = build(tmp.path(), &out, &files(&[("a.html", "A")]), false).unwrap();
    assert!(written.synced.removed.is_empty(), "{:?}", written.synced.removed);
    assert_eq!(fs::read_to_string(elsewhere.join("gt/index.html")).unwrap(), "g");
    assert_eq!(fs::read_to_string(elsewhere.join("notes.txt")).unwrap(), "years of work");
    assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
    assert_eq!(fs::read_to_string(out.join("sub/.git/HEAD")).unwrap(), "ref");
    assert_eq!(fs::read_to_string(out.join("edited.html")).unwrap(), "edited by hand");
    for named in ["edited.html", "ext/notes.txt", "gt/index.html"] {
        assert!(written.synced.foreign.contains(&named.to_string()), "{named}: {:?}", written.synced.foreign);
    }
}
