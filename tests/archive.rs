//! Snapshots: frozen, verifiable with standard tools, signed on request, never rewritten, and
//! checked by every build.

mod common;

use std::path::Path;
use std::process::Output;

use common::{minhbach, site_from};

fn run(args: &[&str]) -> (bool, String) {
    let out: Output = minhbach(args);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn snapshot(root: &Path, period: &str, extra: &[&str]) -> (bool, String) {
    let mut args = vec!["snapshot", period, "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&args)
}

fn verify(root: &Path) -> (bool, String) {
    run(&["verify", "--root", root.to_str().unwrap()])
}

fn build(root: &Path) -> (bool, String) {
    run(&["build", "--root", root.to_str().unwrap()])
}

/// A snapshot is downloaded and kept apart from the site, where a relative link to the live
/// site leads nowhere: with the site's address known, its banner links there in full.
#[test]
fn a_snapshots_banner_links_to_the_live_site_by_its_address_when_known() {
    let config = std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap();
    let config = format!("base_url = \"https://example.gov.vn/nq57\"\n{config}");
    let site = site_from("basic", &[("site.toml", Some(config.as_bytes()))]);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &[]);
    assert!(ok, "{err}");
    let snap = site.path().join("archive/2026-Q1");
    let page = std::fs::read_to_string(snap.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("<a href=\"https://example.gov.vn/nq57/\">"), "{page}");
    let en = std::fs::read_to_string(snap.join("en/indicators/ky-nang-so/index.html")).unwrap();
    assert!(en.contains("<a href=\"https://example.gov.vn/nq57/en/\">See the current site.</a>"), "{en}");
}

#[test]
fn snapshot_then_verify_and_build_publish_it() {
    let site = site_from("basic", &[]);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &[]);
    assert!(ok, "{err}");
    let snap = site.path().join("archive/2026-Q1");
    for f in ["index.html", "en/index.html", "data.json", "snapshot.json", "MANIFEST.sha256", "data/values.csv"] {
        assert!(snap.join(f).is_file(), "missing {f}");
    }
    let info: serde_json::Value = serde_json::from_slice(&std::fs::read(snap.join("snapshot.json")).unwrap()).unwrap();
    assert_eq!(info["period"], "2026-Q1");
    assert!(info["tool"].as_str().unwrap().starts_with("minhbach "));
    // The snapshot shows only what was known at the end of 2026-Q1.
    assert!(!snap.join("periods/2026-Q2").exists());
    let data = std::fs::read_to_string(snap.join("data.json")).unwrap();
    assert!(
        data.contains("\"period\": \"2026-Q1\"") && !data.contains("\"period\": \"2026-Q2\""),
        "data.json holds only reports up to the period"
    );
    let page = std::fs::read_to_string(snap.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("class=\"archive-banner\"") && page.contains("Quý I/2026"), "banner names the period");
    assert!(page.contains("href=\"../../../../index.html\""), "banner links to the live site");
    let (ok, err) = verify(site.path());
    assert!(ok && err.contains("1 snapshot(s) verified"), "{err}");
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    let out = site.path().join("public");
    assert_eq!(
        std::fs::read(out.join("archive/2026-Q1/index.html")).unwrap(),
        std::fs::read(snap.join("index.html")).unwrap()
    );
    let index = std::fs::read_to_string(out.join("archive/index.html")).unwrap();
    assert!(index.contains("sha256sum -c MANIFEST.sha256"), "explains how to verify");
    let digest = minhbach::archive::manifest::digest(&std::fs::read(snap.join("MANIFEST.sha256")).unwrap());
    assert!(index.contains(&digest), "publishes the manifest digest");
    // The live site reports the revision of a figure the snapshot had published.
    let q2 = std::fs::read_to_string(out.join("periods/2026-Q2/index.html")).unwrap();
    assert!(q2.contains("<del>50%</del>") && q2.contains("<strong>48%</strong>"), "revision against the snapshot");
}

#[test]
fn sha256sum_accepts_the_manifest() {
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q2", &[]).0);
    let Ok(out) = std::process::Command::new("sha256sum")
        .args(["-c", "--quiet", "MANIFEST.sha256"])
        .current_dir(site.path().join("archive/2026-Q2"))
        .output()
    else {
        panic!("sha256sum (coreutils) is needed for this test");
    };
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// A snapshot's feeds name its own address under `archive/<period>/`, and it has no sitemap
/// or robots.txt: those are the live site's, which list the live site's addresses.
#[test]
fn a_snapshot_names_its_own_address_and_leaves_the_sitemap_to_the_live_site() {
    let config = std::fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap();
    let config = format!("base_url = \"https://example.org/nq57/\"\n{config}");
    let site = site_from("basic", &[("site.toml", Some(config.as_bytes()))]);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &[]);
    assert!(ok, "{err}");
    let snap = site.path().join("archive/2026-Q1");
    assert!(!snap.join("sitemap.xml").exists() && !snap.join("robots.txt").exists());
    let feed = std::fs::read_to_string(snap.join("feed.xml")).unwrap();
    assert!(feed.contains(r#"<link rel="self" href="https://example.org/nq57/archive/2026-Q1/feed.xml"/>"#), "{feed}");
    assert!(feed.contains("https://example.org/nq57/archive/2026-Q1/updates/2026-Q1/ket-qua/"), "{feed}");
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    let live = std::fs::read_to_string(site.path().join("public/feed.xml")).unwrap();
    assert!(live.contains(r#"<link rel="self" href="https://example.org/nq57/feed.xml"/>"#), "{live}");
    assert!(site.path().join("public/sitemap.xml").is_file() && site.path().join("public/robots.txt").is_file());
}

#[test]
fn a_second_snapshot_of_a_period_is_refused() {
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    let before = std::fs::read(site.path().join("archive/2026-Q1/MANIFEST.sha256")).unwrap();
    let (ok, err) = snapshot(site.path(), "2026-Q1", &[]);
    assert!(!ok && err.contains("archive/2026-Q1 already exists"), "{err}");
    assert_eq!(std::fs::read(site.path().join("archive/2026-Q1/MANIFEST.sha256")).unwrap(), before);
}

#[test]
fn what_a_system_leaves_in_a_snapshots_folders_is_neither_refused_nor_published() {
    // The Finder writes .DS_Store into every folder it shows, Windows Explorer Thumbs.db and
    // desktop.ini: opening a snapshot to look at it must not make every build fail.
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    let snap = site.path().join("archive/2026-Q1");
    for left in [".DS_Store", "plans/.DS_Store", "plans/kh-1/Thumbs.db", "en/desktop.ini", "._index.html"] {
        std::fs::write(snap.join(left), "\0\0\x01Bud1").unwrap();
    }
    std::fs::create_dir_all(snap.join(".Spotlight-V100")).unwrap();
    std::fs::write(snap.join(".Spotlight-V100/store.db"), "x").unwrap();
    let (ok, err) = verify(site.path());
    assert!(ok && err.contains("every file matches"), "{err}");
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    let out = site.path().join("public/archive/2026-Q1");
    assert!(out.join("index.html").is_file());
    for left in
        [".DS_Store", "plans/.DS_Store", "plans/kh-1/Thumbs.db", "en/desktop.ini", "._index.html", ".Spotlight-V100"]
    {
        assert!(!out.join(left).exists(), "{left} published");
    }
    // A file of the snapshot's own kind is still one nobody may add.
    std::fs::write(snap.join("plans/kh-1/ghi-chu.html"), "x").unwrap();
    let (ok, err) = verify(site.path());
    assert!(
        !ok && err.contains("archive/2026-Q1/plans/kh-1/ghi-chu.html is not part of the published snapshot"),
        "{err}"
    );
}

#[test]
fn a_snapshot_whose_line_ends_a_checkout_converted_is_one_error_that_says_so() {
    // Git for Windows checks text files out with CRLF line ends unless told otherwise: every
    // text file of every snapshot then differs from its digest.
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    assert!(snapshot(site.path(), "2026-Q2", &[]).0);
    for period in ["2026-Q1", "2026-Q2"] {
        for entry in walkdir::WalkDir::new(site.path().join("archive").join(period)) {
            let entry = entry.unwrap();
            if !entry.file_type().is_file() {
                continue;
            }
            let bytes = std::fs::read(entry.path()).unwrap();
            if let Ok(text) = String::from_utf8(bytes) {
                std::fs::write(entry.path(), text.replace('\n', "\r\n")).unwrap();
            }
        }
    }
    let (ok, err) = verify(site.path());
    assert!(!ok, "{err}");
    for period in ["2026-Q1", "2026-Q2"] {
        assert_eq!(err.matches(&format!("archive/{period} had its line ends converted to CRLF")).count(), 1, "{err}");
    }
    assert!(err.contains("/archive/** -text"), "{err}");
    assert!(!err.contains("does not match its SHA-256") && !err.contains("chain"), "one error a snapshot: {err}");
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains("had its line ends converted to CRLF"), "{err}");
}

#[test]
fn verify_given_a_folder_with_nothing_to_check_says_so_rather_than_succeed() {
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    assert!(build(site.path()).0);
    // A site, and the site as published, are checked.
    for root in [site.path().to_path_buf(), site.path().join("public")] {
        let (ok, err) = verify(&root);
        assert!(ok && err.contains("1 snapshot(s) verified"), "{err}");
    }
    // A reader who downloaded one snapshot's folder is told how to check it.
    let (ok, err) = verify(&site.path().join("public/archive/2026-Q1"));
    assert!(!ok && err.contains("is a snapshot's own folder") && err.contains("sha256sum -c"), "{err}");
    assert!(!err.contains("verified"), "{err}");
    let (ok, err) = verify(&site.path().join("content"));
    assert!(!ok && err.contains("holds neither a site.toml nor an archive/ folder"), "{err}");
    let (ok, err) = verify(&site.path().join("missing"));
    assert!(!ok && err.contains("is not a folder"), "{err}");
}

#[test]
fn tampering_is_caught_by_verify_and_build_naming_the_path() {
    for (what, change) in [
        (
            "changed",
            Box::new(|d: &Path| {
                let p = d.join("plans/kh-1/index.html");
                let mut bytes = std::fs::read(&p).unwrap();
                bytes[100] ^= 1;
                std::fs::write(p, bytes).unwrap();
            }) as Box<dyn Fn(&Path)>,
        ),
        (
            "listed in MANIFEST.sha256 but missing",
            Box::new(|d: &Path| std::fs::remove_file(d.join("plans/kh-1/index.html")).unwrap()),
        ),
        (
            "not part of the published snapshot",
            Box::new(|d: &Path| std::fs::write(d.join("plans/kh-1/extra.html"), "x").unwrap()),
        ),
    ] {
        let site = site_from("basic", &[]);
        assert!(snapshot(site.path(), "2026-Q1", &[]).0);
        assert!(build(site.path()).0);
        let published = std::fs::read(site.path().join("public/index.html")).unwrap();
        change(&site.path().join("archive/2026-Q1"));
        let path = if what.starts_with("not") {
            "archive/2026-Q1/plans/kh-1/extra.html"
        } else {
            "archive/2026-Q1/plans/kh-1/index.html"
        };
        let (ok, err) = verify(site.path());
        assert!(!ok && err.contains(path) && err.contains(what), "verify after a file was {what}:\n{err}");
        let (ok, err) = build(site.path());
        assert!(!ok && err.contains(path), "build after a file was {what}:\n{err}");
        assert_eq!(
            std::fs::read(site.path().join("public/index.html")).unwrap(),
            published,
            "the previous output stays"
        );
    }
}

#[test]
fn signed_manifests_verify_and_tampered_ones_do_not() {
    let site = site_from("basic", &[]);
    let key = site.path().join("../snap-test.key");
    let key = key.to_str().unwrap();
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
    let (ok, err) = run(&["keygen", key]);
    assert!(ok, "{err}");
    let (ok, err) = snapshot(site.path(), "2026-Q1", &["--sign", key]);
    assert!(ok, "{err}");
    assert!(site.path().join("archive/signing-key.pub").is_file(), "the site publishes its public key");
    let (ok, err) = verify(site.path());
    assert!(ok && err.contains("signature valid"), "{err}");
    // Rewrite the manifest to match a changed page: digests agree, the signature does not.
    let snap = site.path().join("archive/2026-Q1");
    std::fs::write(snap.join("index.html"), "forged").unwrap();
    let files = minhbach::archive::read_tree(&snap).unwrap();
    std::fs::write(
        snap.join("MANIFEST.sha256"),
        minhbach::archive::manifest::render(files.iter().map(|(p, b)| (p, b.as_slice()))),
    )
    .unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("MANIFEST.sha256.sig: the signature does not match the manifest"), "{err}");
    // Never said to be sound as well.
    assert!(!err.contains("signature valid") && err.contains("archive/2026-Q1: NOT verified"), "{err}");
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
}

#[test]
fn links_inside_an_archive_stay_in_it_or_reach_the_live_site() {
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    assert!(build(site.path()).0);
    let out = site.path().join("public");
    let (checked, broken) = common::broken_links(&out.join("archive/2026-Q1"), &out);
    assert!(checked > 100, "only {checked} links");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn build_as_of_a_period_shows_only_what_was_known_then() {
    let site = site_from("basic", &[]);
    let out = site.path().join("out");
    let (ok, err) = run(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-Q1",
    ]);
    assert!(ok, "{err}");
    assert!(out.join("periods/2026-Q1/index.html").is_file());
    assert!(!out.join("periods/2026-Q2").exists());
    let page = std::fs::read_to_string(out.join("indicators/ky-nang-so/index.html")).unwrap();
    assert!(page.contains("50%") && !page.contains("61%"), "only values up to 2026-Q1");
    // Nor the snapshots of later periods.
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    assert!(snapshot(site.path(), "2026-Q2", &["--force"]).0);
    let (ok, err) = run(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-Q1",
        "--force",
    ]);
    assert!(ok, "{err}");
    assert!(out.join("archive/2026-Q1/index.html").is_file());
    assert!(!out.join("archive/2026-Q2").exists(), "a later period's snapshot is not published");
    let list = std::fs::read_to_string(out.join("archive/index.html")).unwrap();
    assert!(!list.contains("2026-Q2"), "{list}");
}

#[test]
fn keys_are_never_overwritten_and_a_foreign_key_cannot_sign() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.key"), dir.path().join("b.key"));
    assert!(run(&["keygen", first.to_str().unwrap()]).0);
    let (ok, err) = run(&["keygen", first.to_str().unwrap()]);
    assert!(!ok && err.contains("not overwriting a key"), "{err}");
    assert!(run(&["keygen", second.to_str().unwrap()]).0);
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &["--sign", first.to_str().unwrap()]).0);
    let (ok, err) = snapshot(site.path(), "2026-Q2", &["--sign", second.to_str().unwrap()]);
    assert!(!ok && err.contains("does not match the site's public key"), "{err}");
    assert!(!site.path().join("archive/2026-Q2").exists());
}

#[test]
fn a_secret_key_is_never_made_where_it_could_be_published_or_lost() {
    let dir = tempfile::tempdir().unwrap();
    // Its public key would take the secret key's own name.
    let (ok, err) = run(&["keygen", dir.path().join("ky.pub").to_str().unwrap()]);
    assert!(!ok && err.contains("ends in .pub"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Into a folder that is not there: named, not made.
    let (ok, err) = run(&["keygen", dir.path().join("khong-co/ky.key").to_str().unwrap()]);
    assert!(!ok && err.contains("there is no folder") && err.contains("khong-co"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Inside a site's folder (content/ is published as it is; the rest is committed).
    let site = site_from("basic", &[]);
    for at in ["content/khoa.txt", "signing.key"] {
        let (ok, err) = run(&["keygen", site.path().join(at).to_str().unwrap()]);
        assert!(!ok && err.contains("inside the sources of the site"), "{at}: {err}");
        assert!(!site.path().join(at).exists());
    }
}

#[test]
fn a_secret_key_copied_into_the_sites_data_or_archive_is_said() {
    // Copied there by hand: not published, but kept with the sources, which are often public.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    assert!(run(&["keygen", key.to_str().unwrap()]).0);
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    std::fs::copy(&key, site.path().join("data/khoa.key")).unwrap();
    std::fs::copy(&key, site.path().join("archive/khoa-ky")).unwrap();
    let (ok, err) = run(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(ok, "a warning: {err}");
    for rel in ["data/khoa.key", "archive/khoa-ky"] {
        assert!(
            err.contains(&format!("warning: {rel} holds a secret key: the build does not publish it")),
            "{rel}: {err}"
        );
    }
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    let out = site.path().join("public");
    assert!(!out.join("archive/khoa-ky").exists() && !out.join("data/khoa.key").exists());
    // The snapshots are sound: verify says so, and names the key too.
    let (ok, err) = verify(site.path());
    assert!(
        ok && err.contains("1 snapshot(s) verified") && err.contains("archive/khoa-ky holds a secret key"),
        "{err}"
    );
}

/// Rewrites a snapshot's home page and its manifest so that every digest agrees: a forgery that
/// only the signature or the chain can catch.
fn forge_consistently(snap: &Path) {
    std::fs::write(snap.join("index.html"), "forged").unwrap();
    let files = minhbach::archive::read_tree(snap).unwrap();
    std::fs::write(
        snap.join("MANIFEST.sha256"),
        minhbach::archive::manifest::render(files.iter().map(|(p, b)| (p, b.as_slice()))),
    )
    .unwrap();
}

#[test]
fn a_removed_signature_is_noticed_once_the_site_signs() {
    let site = site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signing.key");
    let key = key.to_str().unwrap();
    assert!(run(&["keygen", key]).0);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &["--sign", key]);
    assert!(ok, "{err}");
    // Once the site has a key, an unsigned snapshot is refused.
    let (ok, err) = snapshot(site.path(), "2026-Q2", &[]);
    assert!(!ok && err.contains("--sign"), "{err}");
    // Strip the signature of a signed snapshot and forge it consistently.
    let snap = site.path().join("archive/2026-Q1");
    std::fs::remove_file(snap.join("MANIFEST.sha256.sig")).unwrap();
    forge_consistently(&snap);
    let (ok, err) = verify(site.path());
    assert!(
        !ok && err.contains("archive/2026-Q1 is not signed, but the site signs its snapshots since 2026-Q1"),
        "{err}"
    );
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains("is not signed"), "{err}");
}

#[test]
fn snapshots_are_chained_so_rewriting_an_old_one_breaks_the_next() {
    let site = site_from("basic", &[]);
    let out = minhbach(&["snapshot", "2026-Q1", "--root", site.path().to_str().unwrap()]);
    assert!(out.status.success());
    let first_digest = String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap().to_string();
    assert_eq!(first_digest.len(), 64, "snapshot prints its digest");
    assert!(snapshot(site.path(), "2026-Q2", &[]).0);
    let info = std::fs::read_to_string(site.path().join("archive/2026-Q2/snapshot.json")).unwrap();
    assert!(info.contains(&first_digest), "the second snapshot records the first's digest: {info}");
    forge_consistently(&site.path().join("archive/2026-Q1"));
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("archive/2026-Q2 was made after a snapshot of 2026-Q1"), "{err}");
    // Deleting the first breaks the chain too.
    std::fs::remove_dir_all(site.path().join("archive/2026-Q1")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("follows the snapshot of 2026-Q1, which is missing"), "{err}");
    // The digests are published on the live site.
    let site2 = site_from("basic", &[]);
    assert!(snapshot(site2.path(), "2026-Q1", &[]).0);
    assert!(build(site2.path()).0);
    let summary = std::fs::read_to_string(site2.path().join("public/data/summary.json")).unwrap();
    assert!(summary.contains("\"manifest_sha256\""), "{summary}");
}

#[test]
fn a_symbolic_link_inside_a_snapshot_is_reported() {
    let site = site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    std::os::unix::fs::symlink("/etc/hostname", site.path().join("archive/2026-Q1/extra.html")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("symbolic link"), "{err}");
}

#[test]
fn a_period_that_is_not_over_or_not_reported_is_not_frozen() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml")).unwrap();
    let more = format!(
        "{periods}\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nstart = 2026-07-01\nend = 2026-09-30\n\n[[period]]\nid = \"2099-Q4\"\nlabel = \"Quý IV/2099\"\nstart = 2099-10-01\nend = 2099-12-31\n"
    );
    let site = site_from("basic", &[("data/periods.toml", Some(more.as_bytes()))]);
    let (ok, err) = snapshot(site.path(), "2099-Q4", &[]);
    assert!(!ok && err.contains("not over yet") && err.contains("--force"), "{err}");
    assert!(!site.path().join("archive/2099-Q4").exists());
    let (ok, err) = snapshot(site.path(), "2026-Q3", &[]);
    assert!(!ok && err.contains("nothing was reported for 2026-Q3"), "{err}");
    // A progress file that reports nothing (the form `new period` writes, left untouched).
    std::fs::write(site.path().join("data/progress/2026-Q3.toml"), "period = \"2026-Q3\"\n").unwrap();
    let (ok, err) = snapshot(site.path(), "2026-Q3", &[]);
    assert!(!ok && err.contains("data/progress/2026-Q3.toml reports no figure and no task"), "{err}");
    assert!(err.contains("--force") && !site.path().join("archive/2026-Q3").exists(), "{err}");
    let (ok, err) = snapshot(site.path(), "2026-Q3", &["--force"]);
    assert!(ok, "{err}");
    // Forced, as the promises say, with a warning that it can never be redone.
    assert!(err.contains("warning: data/progress/2026-Q3.toml reports no figure and no task"), "{err}");
    assert!(err.contains("frozen anyway (--force): a snapshot can never be redone"), "{err}");
}

#[test]
fn the_first_signed_snapshot_gone_is_noticed_by_verify_and_build() {
    // The key file says from which period the site signs: that snapshot removed, its period's
    // figures would be published unfrozen.
    let site = site_from("basic", &[]);
    let key = site.path().join("../first-signed.key");
    let key = key.to_str().unwrap();
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
    assert!(run(&["keygen", key]).0);
    assert!(snapshot(site.path(), "2026-Q1", &["--sign", key]).0);
    assert!(verify(site.path()).0);
    std::fs::remove_dir_all(site.path().join("archive/2026-Q1")).unwrap();
    let said =
        "archive/signing-key.pub says this site signs its snapshots from 2026-Q1 on, but archive/2026-Q1 is missing";
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains(said), "{err}");
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains(said) && !site.path().join("public").exists(), "{err}");
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
}

#[test]
fn a_changed_snapshot_is_one_error_not_a_broken_chain_besides() {
    let site = site_from("basic", &[]);
    for period in ["2026-Q1", "2026-Q2"] {
        let (ok, err) = snapshot(site.path(), period, &[]);
        assert!(ok, "{period}: {err}");
    }
    let page = site.path().join("archive/2026-Q1/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&page, bytes).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok);
    assert!(err.contains("archive/2026-Q1/index.html does not match its SHA-256"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "the later snapshot's link to it follows from it:\n{err}");
    assert!(!err.contains("MANIFEST.sha256 was changed"), "the manifest is intact:\n{err}");
}

#[test]
fn a_changed_manifest_line_is_named_as_a_change_to_the_manifest() {
    let site = site_from("basic", &[]);
    for period in ["2026-Q1", "2026-Q2"] {
        let (ok, err) = snapshot(site.path(), period, &[]);
        assert!(ok, "{period}: {err}");
    }
    // The file is intact; its digest in the manifest is not.
    let manifest = site.path().join("archive/2026-Q1/MANIFEST.sha256");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let line = text.lines().find(|l| l.ends_with("  index.html")).unwrap();
    let forged = format!("{}{}", if line.starts_with('0') { "1" } else { "0" }, &line[1..]);
    std::fs::write(&manifest, text.replace(line, &forged)).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok);
    assert!(
        err.contains("archive/2026-Q1/index.html does not match its SHA-256 in MANIFEST.sha256: the file or that line"),
        "{err}"
    );
    assert!(
        err.contains(
            "archive/2026-Q1/MANIFEST.sha256 was changed after the snapshot was published: the snapshot of 2026-Q2"
        ),
        "the next snapshot's record of the manifest tells which changed:\n{err}"
    );
    assert!(err.contains("archive/2026-Q2: every file matches"), "the later snapshot is sound:\n{err}");
}

#[test]
fn a_build_publishes_each_snapshot_byte_for_byte_whether_held_or_copied() {
    // Snapshots older than a moment are verified as they stream past and copied from where
    // they are; one written just now is held and copied from memory. Both publish the same
    // bytes.
    let site = site_from("basic", &[]);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &[]);
    assert!(ok, "{err}");
    let (_fresh_dir, fresh) = common::build_to_temp(site.path());
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (_settled_dir, settled) = common::build_to_temp(site.path());
    let snap = minhbach::archive::read_tree(&site.path().join("archive/2026-Q1")).unwrap();
    for out in [&fresh, &settled] {
        assert_eq!(minhbach::archive::read_tree(&out.join("archive/2026-Q1")).unwrap(), snap);
    }
    // The repository's own site, whose snapshots were made long ago.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (_dir, out) = common::build_to_temp(repo);
    for entry in std::fs::read_dir(repo.join("archive")).unwrap().map(Result::unwrap) {
        if entry.path().is_dir() {
            let name = entry.file_name();
            let published = minhbach::archive::read_tree(&out.join("archive").join(&name)).unwrap();
            assert_eq!(published, minhbach::archive::read_tree(&entry.path()).unwrap(), "{name:?}");
        }
    }
}

/// Rewrites a snapshot's snapshot.json with `edit` and its manifest to match: a forgery that
/// only the signature or the chain can catch.
fn forge_info(snap: &Path, edit: impl Fn(&mut serde_json::Value)) {
    let mut info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(snap.join("snapshot.json")).unwrap()).unwrap();
    edit(&mut info);
    std::fs::write(snap.join("snapshot.json"), serde_json::to_vec_pretty(&info).unwrap()).unwrap();
    std::fs::remove_file(snap.join("MANIFEST.sha256")).unwrap();
    let _ = std::fs::remove_file(snap.join("MANIFEST.sha256.sig"));
    let files = minhbach::archive::read_tree(snap).unwrap();
    std::fs::write(
        snap.join("MANIFEST.sha256"),
        minhbach::archive::manifest::render(files.iter().map(|(p, b)| (p, b.as_slice()))),
    )
    .unwrap();
}

/// Makes a signed snapshot look as one made before snapshots recorded their key: no record,
/// signed again with `key`.
fn make_unrecorded(snap: &Path, key: &Path) {
    forge_info(snap, |info| {
        info.as_object_mut().unwrap().remove("signing_key_sha256");
    });
    let secret = minhbach::archive::keys::read_secret(key).unwrap();
    let manifest = std::fs::read(snap.join("MANIFEST.sha256")).unwrap();
    std::fs::write(snap.join("MANIFEST.sha256.sig"), minhbach::archive::keys::sign(&secret, &manifest)).unwrap();
}

#[test]
fn a_renamed_snapshot_is_refused_naming_its_folder() {
    let site = common::site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    std::fs::rename(site.path().join("archive/2026-Q1"), site.path().join("archive/2026-Q2")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(
        !ok && err.contains("archive/2026-Q2 holds the snapshot of 2026-Q1") && err.contains("archive/2026-Q1"),
        "{err}"
    );
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains("archive/2026-Q2 holds the snapshot of 2026-Q1"), "{err}");
    assert!(!site.path().join("public").exists(), "nothing published under the wrong period");
    // Renamed back, it verifies.
    std::fs::rename(site.path().join("archive/2026-Q2"), site.path().join("archive/2026-Q1")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(ok, "{err}");
}

#[test]
fn a_signed_snapshot_records_its_key_so_stripping_the_signature_and_the_key_is_caught() {
    let site = common::site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signing.key");
    assert!(run(&["keygen", key.to_str().unwrap()]).0);
    // The SHA-256 of the public key's 32 bytes, as `keygen` wrote them in hexadecimal.
    let public = std::fs::read_to_string(keys.path().join("signing.pub")).unwrap();
    let hex = public.lines().find(|l| !l.starts_with('#')).unwrap();
    let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    let fingerprint = minhbach::archive::manifest::digest(&bytes);
    let (ok, err) = snapshot(site.path(), "2026-Q1", &["--sign", key.to_str().unwrap()]);
    assert!(ok, "{err}");
    let snap = site.path().join("archive/2026-Q1");
    let info: serde_json::Value = serde_json::from_slice(&std::fs::read(snap.join("snapshot.json")).unwrap()).unwrap();
    assert_eq!(info["signing_key_sha256"], fingerprint.as_str(), "{info}");
    // Both the signature and the key file removed: the snapshot still says it was signed.
    std::fs::remove_file(snap.join("MANIFEST.sha256.sig")).unwrap();
    let public = std::fs::read(site.path().join("archive/signing-key.pub")).unwrap();
    std::fs::remove_file(site.path().join("archive/signing-key.pub")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(
        !ok && err.contains(&format!("archive/2026-Q1 was signed with the key whose SHA-256 is {fingerprint}"))
            && err.contains("signing-key.pub) are missing"),
        "{err}"
    );
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains("archive/2026-Q1 was signed with the key"), "{err}");
    // Another key put in its place.
    let other = keys.path().join("other.key");
    assert!(run(&["keygen", other.to_str().unwrap()]).0);
    std::fs::copy(keys.path().join("other.pub"), site.path().join("archive/signing-key.pub")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("now holds another key"), "{err}");
    std::fs::write(site.path().join("archive/signing-key.pub"), public).unwrap();
    // An unsigned snapshot of a signed one's successor, forged with its manifest while the key
    // file stays: the chain says the one before it was signed. Reported once.
    let site = common::site_from("basic", &[]);
    for period in ["2026-Q1", "2026-Q2"] {
        let (ok, err) = snapshot(site.path(), period, &["--sign", key.to_str().unwrap()]);
        assert!(ok, "{err}");
    }
    forge_info(&site.path().join("archive/2026-Q2"), |info| info["signing_key_sha256"] = serde_json::Value::Null);
    let (ok, err) = verify(site.path());
    assert!(
        !ok && err.contains(
            "archive/2026-Q2 is not recorded as signed, but archive/2026-Q1 before it was signed with the key"
        ),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[test]
fn snapshots_made_before_they_recorded_their_key_still_verify() {
    // The repository's own snapshots are unsigned and older than the record.
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (ok, err) = verify(repo);
    assert!(ok, "{err}");
    // A signed one of that age: no record of its key, a valid signature.
    let site = common::site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signing.key");
    assert!(run(&["keygen", key.to_str().unwrap()]).0);
    assert!(snapshot(site.path(), "2026-Q1", &["--sign", key.to_str().unwrap()]).0);
    make_unrecorded(&site.path().join("archive/2026-Q1"), &key);
    let (ok, err) = verify(site.path());
    assert!(ok && err.contains("signature valid"), "{err}");
}

#[test]
fn a_build_over_its_output_refuses_to_withdraw_a_published_snapshot_or_key() {
    let site = common::site_from("basic", &[]);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    assert!(build(site.path()).0);
    let out = site.path().join("public");
    std::fs::remove_dir_all(site.path().join("archive/2026-Q1")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(ok, "from the files alone, a deleted newest snapshot cannot be told: {err}");
    let (ok, err) = build(site.path());
    assert!(
        !ok && err.contains("archive/2026-Q1 was published by the last build of")
            && err.contains("a snapshot is never withdrawn"),
        "{err}"
    );
    assert!(out.join("archive/2026-Q1/index.html").is_file(), "the published copy stays");
    // Restored from the published copy, as the message says, it builds again.
    common::copy_tree(&out.join("archive/2026-Q1"), &site.path().join("archive/2026-Q1"));
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    // A build into another folder knows nothing of what was published before.
    std::fs::remove_dir_all(site.path().join("archive/2026-Q1")).unwrap();
    let (_dir, _elsewhere) = common::build_to_temp(site.path());

    // A signed snapshot of the age before snapshots recorded their key: removing its signature
    // with the key file leaves nothing in archive/ to tell, but the output published the key.
    let site = common::site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signing.key");
    assert!(run(&["keygen", key.to_str().unwrap()]).0);
    assert!(snapshot(site.path(), "2026-Q1", &["--sign", key.to_str().unwrap()]).0);
    let snap = site.path().join("archive/2026-Q1");
    make_unrecorded(&snap, &key);
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    assert!(site.path().join("public/archive/signing-key.pub").is_file());
    std::fs::remove_file(site.path().join("archive/signing-key.pub")).unwrap();
    std::fs::remove_file(snap.join("MANIFEST.sha256.sig")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(ok, "{err}");
    let (ok, err) = build(site.path());
    assert!(
        !ok && err.contains("published the site's signing key (archive/signing-key.pub), but the site no longer has"),
        "{err}"
    );
    assert!(site.path().join("public/archive/signing-key.pub").is_file(), "still published");
}

#[test]
fn a_snapshot_of_a_period_after_the_current_one_is_said_and_once_published_never_withdrawn() {
    let site = common::site_from("basic", &[]);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let set_current = |period: &str| {
        let changed = text.replace("current_period = \"2026-Q2\"", &format!("current_period = \"{period}\""));
        std::fs::write(&toml, changed).unwrap();
    };
    // Frozen before its period is published: said by the snapshot and by every check and build,
    // at current_period, since the live site leaves it out.
    set_current("2026-Q1");
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    let (ok, err) = snapshot(site.path(), "2026-Q2", &[]);
    assert!(ok && err.contains("2026-Q2 is after the current period (2026-Q1)"), "{err}");
    let (ok, err) = run(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(
        err.contains("archive/2026-Q2 is a snapshot of a period after the current one (2026-Q1)")
            && err.contains("site.toml:5:"),
        "{err}"
    );
    let (ok, err) = build(site.path());
    assert!(ok && err.contains("archive/2026-Q2 is a snapshot of a period after"), "{err}");
    let out = site.path().join("public");
    assert!(!out.join("archive/2026-Q2").exists());
    // Published once its period is current, it is never withdrawn by setting the period back,
    // nor by a build as of an earlier period into the same folder.
    set_current("2026-Q2");
    let (ok, err) = build(site.path());
    assert!(ok && !err.contains("after the current one"), "{err}");
    assert!(out.join("archive/2026-Q2/index.html").is_file());
    set_current("2026-Q1");
    let (ok, err) = build(site.path());
    assert!(
        !ok && err.contains("archive/2026-Q2 was published by the last build of")
            && err.contains("this build is as of 2026-Q1, an earlier period, and would withdraw it")
            && err.contains("set current_period = \"2026-Q2\""),
        "{err}"
    );
    assert!(out.join("archive/2026-Q2/index.html").is_file(), "the published copy stays");
    set_current("2026-Q2");
    let (ok, err) = run(&[
        "build",
        "--root",
        site.path().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--as-of",
        "2026-Q1",
    ]);
    assert!(!ok && err.contains("would withdraw it") && err.contains("into another --output"), "{err}");
    assert!(out.join("archive/2026-Q2/index.html").is_file());
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
}

#[test]
fn a_secret_key_is_never_made_inside_a_build_output() {
    let site = common::site_from("basic", &[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("www");
    let (ok, err) = run(&["build", "--root", site.path().to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    for at in ["k.key", "archive/k.key", "deep/er/k.key"] {
        let path = out.join(at);
        let (ok, err) = run(&["keygen", path.to_str().unwrap()]);
        assert!(!ok && err.contains("the output folder of a build"), "{at}: {err}");
        assert!(!path.exists() && !path.with_extension("pub").exists(), "{at}");
    }
    // Beside the output, not in it, is fine.
    let (ok, err) = run(&["keygen", dir.path().join("k.key").to_str().unwrap()]);
    assert!(ok, "{err}");
}

#[test]
fn a_broken_key_file_is_one_error_and_a_bad_signature_says_what_to_do() {
    let site = site_from("basic", &[]);
    let key = site.path().join("../one-error.key");
    let key = key.to_str().unwrap();
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
    assert!(run(&["keygen", key]).0);
    assert!(snapshot(site.path(), "2026-Q1", &["--sign", key]).0);
    let pub_file = site.path().join("archive/signing-key.pub");
    let kept = std::fs::read(&pub_file).unwrap();
    std::fs::write(&pub_file, "garbage\n").unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("signing-key.pub"), "{err}");
    assert!(!err.contains("publishes no public key"), "a second error that follows from the first:\n{err}");
    assert_eq!(err.matches("error").count(), 1, "{err}");
    // A signature that does not match: what to do is said.
    std::fs::write(&pub_file, kept).unwrap();
    let sig = site.path().join("archive/2026-Q1/MANIFEST.sha256.sig");
    let text = std::fs::read_to_string(&sig).unwrap();
    let flipped = if text.starts_with('0') { text.replacen('0', "1", 1) } else { format!("0{}", &text[1..]) };
    std::fs::write(&sig, flipped).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("MANIFEST.sha256.sig") && err.contains("restore archive/2026-Q1"), "{err}");
    let _ = std::fs::remove_file(key);
    let _ = std::fs::remove_file(key.replace(".key", ".pub"));
}

#[test]
fn a_snapshot_missing_from_the_middle_of_the_chain_is_named() {
    let periods = std::fs::read_to_string(common::fixture("basic").join("data/periods.toml")).unwrap();
    let more = format!(
        "{periods}\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nstart = 2026-07-01\nend = 2026-09-30\n"
    );
    let site = site_from(
        "basic",
        &[
            ("data/periods.toml", Some(more.as_bytes())),
            ("data/progress/2026-Q3.toml", Some(b"period = \"2026-Q3\"\n")),
        ],
    );
    for period in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        let (ok, err) = snapshot(site.path(), period, &["--force"]);
        assert!(ok, "{period}: {err}");
    }
    std::fs::remove_dir_all(site.path().join("archive/2026-Q2")).unwrap();
    let (ok, err) = verify(site.path());
    assert!(!ok && err.contains("archive/2026-Q3 follows the snapshot of 2026-Q2, which is missing"), "{err}");
    assert!(!err.contains("2026-Q1 was changed"), "the snapshot before the gap is intact:\n{err}");
}

/// A site built as of a period before its first signed snapshot publishes no key: as it stood
/// then, it had none, and the key would tell `verify` that a snapshot it never had was removed.
/// Built as of the signed period, it publishes the key, and both copies verify.
#[test]
fn a_site_as_of_a_period_before_signing_publishes_no_key_and_verifies() {
    let site = site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("signing.key");
    assert!(run(&["keygen", key.to_str().unwrap()]).0);
    assert!(snapshot(site.path(), "2026-Q1", &[]).0);
    let (ok, err) = snapshot(site.path(), "2026-Q2", &["--force", "--sign", key.to_str().unwrap()]);
    assert!(ok, "{err}");
    for (as_of, signed) in [("2026-Q1", false), ("2026-Q2", true)] {
        let out = site.path().join(format!("out-{as_of}"));
        let root = site.path().to_str().unwrap();
        let (ok, err) = run(&["build", "--root", root, "--output", out.to_str().unwrap(), "--as-of", as_of, "--force"]);
        assert!(ok, "{err}");
        assert_eq!(out.join("archive/signing-key.pub").is_file(), signed, "{as_of}");
        assert_eq!(out.join("archive/signing-key.pem").is_file(), signed, "{as_of}");
        let (ok, err) = verify(&out);
        assert!(ok, "{as_of}: {err}");
    }
}
