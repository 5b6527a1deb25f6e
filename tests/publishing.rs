//! What a build publishes and where it writes: only files the keeper meant to publish, only into
//! a folder minhbach made, with messages that say what happened.

mod common;

use std::fs;
use std::path::Path;

fn build(root: &Path, output: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = common::minhbach(&args);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn content_files_that_could_run_script_or_replace_pages_are_refused() {
    let site = common::site_from(
        "basic",
        &[
            ("content/index.html", Some(b"<script>alert(1)</script>")),
            ("content/logo.svg", Some(b"<svg onload=alert(1)></svg>")),
            ("content/data/indicators.csv", Some(b"id\nforged\n")),
            ("content/photo.png", Some(b"<html><script>")),
            ("content/report.pdf", Some(b"%PDF-1.7 ...")),
            // Markdown, but not read as a page: named as such, not as a kind never published.
            ("content/gioi-thieu.MD", Some(b"+++\ntitle = \"x\"\n+++\n")),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/index.html") && stderr.contains("run"), "{stderr}");
    assert!(stderr.contains("content/logo.svg"), "{stderr}");
    assert!(
        stderr.contains("content/data/indicators.csv") && stderr.contains("would replace `data/indicators.csv`"),
        "{stderr}"
    );
    assert!(stderr.contains("content/photo.png") && stderr.contains("first bytes"), "{stderr}");
    assert!(!stderr.contains("content/report.pdf"), "{stderr}");
    assert!(
        stderr.contains("pages are read only from files whose name ends in `.md`, in small letters (not `.MD`)"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn secret_keys_and_theme_leftovers_are_never_published() {
    let key = "# minhbach Ed25519 secret key. Keep it private and out of the site's repository.\n00ff\n";
    let site = common::site_from(
        "basic",
        &[
            ("content/khoa.txt", Some(key.as_bytes())),
            ("themes/rieng/static/style.css~", Some(b"body{}")),
            ("themes/rieng/static/ghi-chu.md", Some(b"# todo")),
            ("themes/rieng/static/logo.png", Some(b"\x89PNG\r\n\x1a\n")),
        ],
    );
    let config = fs::read_to_string(common::fixture("basic").join("site.toml")).unwrap();
    fs::write(site.path().join("site.toml"), format!("theme = \"rieng\"\n{config}")).unwrap();
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/khoa.txt") && stderr.contains("secret key"), "{stderr}");
    // An editor's backup is skipped, never read nor published (see `load::walk`).
    assert!(!stderr.contains("style.css~"), "{stderr}");
    assert!(stderr.contains("themes/rieng/static/ghi-chu.md is not published"), "{stderr}");
    assert!(!stderr.contains("logo.png"), "{stderr}");
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_document_beside_the_pages_is_published_as_is() {
    let site = common::site_from("basic", &[("content/docs/ke-hoach.pdf", Some(b"%PDF-1.7 ..."))]);
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(fs::read(out.join("docs/ke-hoach.pdf")).unwrap(), b"%PDF-1.7 ...");
}

/// `--output` naming another site (an older copy, the site a colleague keeps), even with
/// `--force`, is refused: the build would have deleted that site's data and content.
#[test]
fn another_sites_folder_is_never_an_output_even_with_force() {
    let site = common::site_from("basic", &[]);
    let other = common::site_from("basic", &[]);
    let before = fs::read(other.path().join("data/units.toml")).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let (code, stderr) = build(site.path(), other.path(), extra);
        assert_eq!(code, 1, "{stderr}");
        assert!(stderr.contains("holds a site.toml: it is a site's folder"), "{stderr}");
    }
    assert_eq!(fs::read(other.path().join("data/units.toml")).unwrap(), before);
    assert!(other.path().join("content/_index.md").is_file() && !other.path().join("index.html").exists());
}

#[test]
fn a_folder_of_someone_elses_files_is_never_replaced_without_force() {
    let site = common::site_from("basic", &[]);
    let thesis = site.path().join("../thesis-of-someone");
    fs::create_dir_all(&thesis).unwrap();
    fs::write(thesis.join("luan-van.docx"), "years of work").unwrap();
    let (code, stderr) = build(site.path(), &thesis, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("did not make") && stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(fs::read_to_string(thesis.join("luan-van.docx")).unwrap(), "years of work");
    let (code, stderr) = build(site.path(), &thesis, &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("--force removed 1 file(s)") && stderr.contains("luan-van.docx"), "{stderr}");
    assert!(!thesis.join("luan-van.docx").exists() && thesis.join("index.html").exists());
    fs::remove_dir_all(&thesis).unwrap();
}

/// A deploy checkout (a clone or `git worktree` of the branch a host publishes) is built into
/// in place: its `.git` is not the site's, so it neither blocks the build nor is ever deleted,
/// not even by `--force`.
#[test]
fn a_deploy_checkout_is_built_into_and_its_git_kept() {
    let site = common::site_from("basic", &[]);
    let deploy = site.path().join("deploy");
    fs::create_dir_all(deploy.join(".git/refs")).unwrap();
    fs::write(deploy.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let (code, stderr) = build(site.path(), &deploy, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(deploy.join("index.html").exists() && !stderr.contains(".git"), "{stderr}");
    fs::write(deploy.join("CNAME"), "nq57.example.gov.vn").unwrap();
    let (code, stderr) = build(site.path(), &deploy, &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("CNAME") && !stderr.contains(".git"), "{stderr}");
    assert_eq!(fs::read_to_string(deploy.join(".git/HEAD")).unwrap(), "ref: refs/heads/gh-pages\n");
    assert!(deploy.join("index.html").exists());
}

#[cfg(unix)]
#[test]
fn an_output_given_as_a_symbolic_link_is_refused_even_with_force() {
    let site = common::site_from("basic", &[]);
    let real = site.path().join("real");
    fs::create_dir_all(&real).unwrap();
    fs::write(real.join("keep.txt"), "mine").unwrap();
    let link = site.path().join("link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let (code, stderr) = build(site.path(), &link, extra);
        assert_eq!(code, 1, "{extra:?}: {stderr}");
        assert!(stderr.contains("is a symbolic link") && stderr.contains("nothing was written"), "{stderr}");
        // With a trailing slash too, which would otherwise resolve the link.
        let slashed = format!("{}/", link.display());
        let (code, _) = build(site.path(), Path::new(&slashed), extra);
        assert_eq!(code, 1, "{slashed}");
    }
    assert_eq!(fs::read_to_string(real.join("keep.txt")).unwrap(), "mine");
    assert_eq!(fs::read_dir(&real).unwrap().count(), 1, "nothing was written through the link");
}

#[test]
fn a_file_given_as_output_is_left_untouched() {
    let site = common::site_from("basic", &[]);
    let file = site.path().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    let (code, stderr) = build(site.path(), &file, &["--force"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is a file") && stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    let names: Vec<_> = fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().contains("minhbach")), "nothing moved aside: {names:?}");
}

#[test]
fn a_rebuild_rewrites_only_changed_files_and_keeps_the_others_times() {
    let site = common::site_from("basic", &[]);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).0, 0);
    let time = |p: &str| fs::metadata(out.join(p)).unwrap().modified().unwrap();
    let (robots, home) = (time("robots.txt"), time("index.html"));
    std::thread::sleep(std::time::Duration::from_millis(30));
    let index = site.path().join("content/_index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, format!("{text}\nMột câu mới.\n")).unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(time("robots.txt"), robots, "unchanged files are not rewritten");
    assert_ne!(time("index.html"), home, "the changed page is");
    assert!(fs::read_to_string(out.join("index.html")).unwrap().contains("Một câu mới."));
}

#[test]
fn csv_open_data_cannot_carry_formulas() {
    let site = common::site_from("basic", &[]);
    let progress = fs::read_dir(site.path().join("data/progress")).unwrap().next().unwrap().unwrap().path();
    let text = fs::read_to_string(&progress).unwrap();
    let forged = text.replacen("source = \"", "source = \"=HYPERLINK(\\\"http://evil.example\\\")", 1);
    assert_ne!(text, forged, "the fixture has a sourced value");
    fs::write(&progress, forged).unwrap();
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let csv = fs::read_to_string(out.join("data/values.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK") && !csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"), "{csv}");
}

#[test]
fn a_secret_key_put_in_the_output_folder_stops_the_build() {
    let site = common::site_from("basic", &[]);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out, &[]).0, 0);
    let home = fs::read(out.join("index.html")).unwrap();
    // What a host needs beside the pages is published as it is; a key never.
    fs::write(out.join("CNAME"), "example.gov.vn").unwrap();
    let minhbach_key = "# minhbach Ed25519 secret key. Keep it private and out of the site's repository.\n00ff\n";
    fs::write(out.join("k.key"), minhbach_key).unwrap();
    fs::create_dir_all(out.join(".ssh")).unwrap();
    fs::write(
        out.join(".ssh/id_ed25519"),
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n",
    )
    .unwrap();
    // Nothing changed in the site: the build that would find nothing to do stops too.
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    for name in ["k.key", ".ssh/id_ed25519"] {
        assert!(stderr.contains(&format!("{name} holds a secret key")), "{name}: {stderr}");
    }
    assert!(!stderr.contains("CNAME holds"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    // A changed site too, and the previous site stays as it was.
    let index = site.path().join("content/_index.md");
    let text = fs::read_to_string(&index).unwrap();
    fs::write(&index, format!("{text}\nMột câu mới.\n")).unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(fs::read(out.join("index.html")).unwrap(), home);
    fs::remove_file(out.join("k.key")).unwrap();
    fs::remove_dir_all(out.join(".ssh")).unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("CNAME"), "still named as a file minhbach did not write: {stderr}");
}

#[test]
fn force_never_deletes_a_secret_key_it_would_take_over() {
    // The folder a keeper keeps the signing key in, given as the output by mistake: --force
    // deletes what the site does not make, and a lost key can never sign the next snapshot.
    let site = common::site_from("basic", &[]);
    let keys = tempfile::tempdir().unwrap();
    let key = "# minhbach Ed25519 secret key. Keep it private and out of the site's repository.\n00ff\n";
    fs::write(keys.path().join("signing.key"), key).unwrap();
    fs::write(keys.path().join("notes.txt"), "where the key is kept").unwrap();
    let (code, stderr) = build(site.path(), keys.path(), &["--force"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("signing.key holds a secret key: --force would delete it"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(fs::read_to_string(keys.path().join("signing.key")).unwrap(), key);
    assert!(keys.path().join("notes.txt").exists());
    assert!(!keys.path().join("index.html").exists());
    // Moved away, the folder is taken over as --force says.
    fs::remove_file(keys.path().join("signing.key")).unwrap();
    let (code, stderr) = build(site.path(), keys.path(), &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(keys.path().join("index.html").exists() && !keys.path().join("notes.txt").exists());
}

#[test]
fn a_source_folder_spelled_in_another_case_is_still_a_source() {
    // On a disk that ignores case (macOS, Windows) `Content/` is `content/`, whose files are
    // published: a form or an output is never put there.
    let site = common::site_from("basic", &[]);
    let form = site.path().join("Content/z.xlsx");
    let out =
        common::minhbach(&["form", "2026-Q2", "--root", site.path().to_str().unwrap(), "-o", form.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("inside the site's `content`"), "{stderr}");
    assert!(!form.exists());
    for output in ["Content", "DATA/out"] {
        let (code, stderr) = build(site.path(), &site.path().join(output), &[]);
        assert_eq!(code, 1, "{output}: {stderr}");
        assert!(stderr.contains("is inside the site's"), "{output}: {stderr}");
    }
    assert!(!site.path().join("Content").exists() && !site.path().join("DATA").exists());
}

/// A `--force` build killed half way through taking over a folder is undone by the next build,
/// which says so even when it then refuses the folder (it is not minhbach's without `--force`).
#[test]
fn an_interrupted_takeover_is_undone_and_said_when_the_folder_is_refused() {
    let site = common::site_from("basic", &[]);
    let out = site.path().join("../taken-over");
    fs::create_dir_all(out.join(".minhbach-tmp/old")).unwrap();
    fs::write(out.join("notes.txt"), "mine").unwrap();
    // Killed after moving notes.txt aside and adding index.html: the journal says so.
    fs::rename(out.join("notes.txt"), out.join(".minhbach-tmp/old/notes.txt")).unwrap();
    fs::write(out.join("index.html"), "<p>half a site</p>").unwrap();
    fs::write(out.join(".minhbach-tmp/journal"), "remove notes.txt\nadd index.html\n").unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("restored the previous site") && stderr.contains("did not make"), "{stderr}");
    assert_eq!(fs::read_to_string(out.join("notes.txt")).unwrap(), "mine");
    assert!(!out.join("index.html").exists() && !out.join(".minhbach-tmp").exists());
    fs::remove_dir_all(&out).unwrap();
}

/// `--quiet` prints only errors: not the list of what `--force` removed, nor others' files.
#[test]
fn quiet_keeps_the_notes_about_others_files_quiet() {
    let site = common::site_from("basic", &[]);
    let out = site.path().join("../quiet-out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("old.html"), "old").unwrap();
    let (code, stderr) = build(site.path(), &out, &["--force", "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("old.html").exists() && !stderr.contains("old.html"), "{stderr}");
    fs::write(out.join("CNAME"), "example.gov.vn").unwrap();
    let (code, stderr) = build(site.path(), &out, &["--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("CNAME"), "{stderr}");
    let (_, stderr) = build(site.path(), &out, &[]);
    assert!(stderr.contains("CNAME"), "named without --quiet: {stderr}");
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn what_only_a_draft_links_to_waits_for_the_draft() {
    let draft = "+++\ntitle = \"Bài chưa đăng\"\ndate = 2026-04-20\ndraft = true\n+++\n\
                 ![Ảnh](anh-nhap.png) [Công văn](/files/cv-mat.pdf) [Chung](/files/chung.pdf) [Nhật ký](/files/nhat-ky.pdf)\n";
    let published = "+++\ntitle = \"Giới thiệu\"\n+++\nXem [công văn](files/chung.pdf).\n";
    let progress = fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml"))
        .unwrap()
        .replace("url = \"https://example.gov.vn/cv12.pdf\"", "url = \"files/nhat-ky.pdf\"");
    let site = common::site_from(
        "basic",
        &[
            ("content/updates/2026-Q2/bai-nhap.md", Some(draft.as_bytes())),
            ("content/updates/2026-Q2/anh-nhap.png", Some(b"\x89PNG\r\n\x1a\n")),
            ("content/updates/2026-Q2/bai-nhap/bang.xlsx", Some(b"PK\x03\x04")),
            ("content/files/cv-mat.pdf", Some(b"%PDF-1.7")),
            ("content/files/chung.pdf", Some(b"%PDF-1.7")),
            ("content/files/nhat-ky.pdf", Some(b"%PDF-1.7")),
            ("content/files/rieng.pdf", Some(b"%PDF-1.7")),
            ("content/gioi-thieu.md", Some(published.as_bytes())),
            ("data/progress/2026-Q2.toml", Some(progress.as_bytes())),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    for held in ["updates/2026-Q2/anh-nhap.png", "updates/2026-Q2/bai-nhap/bang.xlsx", "files/cv-mat.pdf"] {
        assert!(!out.join(held).exists(), "{held} was published for a draft");
    }
    // Linked from a published page or from evidence too; or linked by nothing, as the docs say.
    for kept in ["files/chung.pdf", "files/nhat-ky.pdf", "files/rieng.pdf"] {
        assert!(out.join(kept).exists(), "{kept} was held back");
    }
    assert!(
        stderr.contains(
            "this draft holds back 3 files that only drafts link to or that lie in its folder \
             content/updates/2026-Q2/bai-nhap/: content/files/cv-mat.pdf, content/updates/2026-Q2/anh-nhap.png, \
             content/updates/2026-Q2/bai-nhap/bang.xlsx"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("content/updates/2026-Q2/bai-nhap.md:4:9"), "{stderr}");

    // Published with the page: the same build over the same folder adds them.
    fs::write(site.path().join("content/updates/2026-Q2/bai-nhap.md"), draft.replace("draft = true\n", "")).unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("holds back"), "{stderr}");
    for now in ["updates/2026-Q2/anh-nhap.png", "updates/2026-Q2/bai-nhap/bang.xlsx", "files/cv-mat.pdf"] {
        assert!(out.join(now).exists(), "{now} was not published with its page");
    }

    // A draft again: taken down with it.
    fs::write(site.path().join("content/updates/2026-Q2/bai-nhap.md"), draft).unwrap();
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("files/cv-mat.pdf").exists() && !out.join("updates/2026-Q2/bai-nhap/bang.xlsx").exists());
}

#[test]
fn a_later_periods_progress_does_not_publish_what_a_draft_holds_back() {
    // Evidence of 2026-Q2 links the letter a draft holds back: published on the live site, not on
    // the site as of 2026-Q1, which has no 2026-Q2 progress to link it.
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\n[Công văn](files/cv-mat.pdf)\n";
    let progress = fs::read_to_string(common::fixture("basic").join("data/progress/2026-Q2.toml"))
        .unwrap()
        .replace("url = \"https://example.gov.vn/cv12.pdf\"", "url = \"files/cv-mat.pdf\"");
    let site = common::site_from(
        "basic",
        &[
            ("content/nhap.md", Some(draft.as_bytes())),
            ("content/files/cv-mat.pdf", Some(b"%PDF-1.7")),
            ("data/progress/2026-Q2.toml", Some(progress.as_bytes())),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("files/cv-mat.pdf").exists(), "linked by published evidence: {stderr}");
    assert!(!stderr.contains("holds back"), "{stderr}");

    let (code, stderr) = build(site.path(), &out, &["--as-of", "2026-Q1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("files/cv-mat.pdf").exists(), "published as of 2026-Q1 for a draft");
    assert!(stderr.contains("this draft holds back 1 file") && stderr.contains("content/files/cv-mat.pdf"), "{stderr}");
}

#[test]
fn a_draft_named_as_the_sites_own_pages_holds_back_nothing_of_theirs() {
    // `content/updates.md` cannot be published (its address is the posts' list): its folder is
    // the posts', whose files no text needs to link to.
    let draft = "+++\ntitle = \"Tin tức\"\ndraft = true\n+++\nViết sau.\n";
    let site = common::site_from(
        "basic",
        &[
            ("content/updates.md", Some(draft.as_bytes())),
            ("content/plans.md", Some(draft.as_bytes())),
            ("content/updates/2026-Q1/anh.png", Some(b"\x89PNG\r\n\x1a\n")),
            ("content/plans/qd.pdf", Some(b"%PDF-1.7")),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(out.join("updates/2026-Q1/anh.png").exists() && out.join("plans/qd.pdf").exists(), "{stderr}");
    assert!(!stderr.contains("holds back"), "{stderr}");
}

#[test]
fn an_image_written_over_lines_of_an_html_block_is_a_published_link() {
    // Markdown gives an HTML block a line at a time; the page shows the image all the same.
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\nViết sau.\n";
    let about = "+++\ntitle = \"Giới thiệu\"\n+++\nẢnh:\n\n<div><img src=\"nhap/anh.png\"\n  alt=\"Ảnh\"></div>\n";
    let site = common::site_from(
        "basic",
        &[
            ("content/nhap.md", Some(draft.as_bytes())),
            ("content/nhap/anh.png", Some(b"\x89PNG\r\n\x1a\n")),
            ("content/gioi-thieu.md", Some(about.as_bytes())),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    let page = fs::read_to_string(out.join("gioi-thieu/index.html")).unwrap();
    assert!(page.contains("src=\"../nhap/anh.png\""), "{page}");
    assert!(out.join("nhap/anh.png").exists(), "the image a published page shows was held back: {stderr}");
    assert!(!stderr.contains("holds back"), "{stderr}");
}

#[test]
fn a_drafts_folder_is_named_only_when_it_holds_a_file_held_back() {
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\n[Công văn](files/cv-mat.pdf)\n";
    let site = common::site_from(
        "basic",
        &[("content/nhap.md", Some(draft.as_bytes())), ("content/files/cv-mat.pdf", Some(b"%PDF-1.7"))],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("this draft holds back 1 file that only drafts link to: content/files/cv-mat.pdf"),
        "content/nhap/ holds nothing: {stderr}"
    );
}

#[test]
fn a_later_periods_draft_is_not_said_to_hold_back_what_waits_for_its_period() {
    // A post prepared for 2026-Q3 while 2026-Q2 is the current period: its photo waits for
    // 2026-Q3 whether it is a draft or not; the letter it links to waits for it.
    let periods = fs::read_to_string(common::fixture("basic").join("data/periods.toml")).unwrap()
        + "\n[[period]]\nid = \"2026-Q3\"\nlabel = \"Quý III/2026\"\nstart = 2026-07-01\nend = 2026-09-30\n";
    let draft = "+++\ntitle = \"Bài quý sau\"\ndate = 2026-07-20\ndraft = true\n+++\n![Ảnh](bai-sau/anh.png) \
                 [Công văn](/files/cv-mat.pdf)\n";
    let site = common::site_from(
        "basic",
        &[
            ("data/periods.toml", Some(periods.as_bytes())),
            ("content/updates/2026-Q3/bai-sau.md", Some(draft.as_bytes())),
            ("content/updates/2026-Q3/bai-sau/anh.png", Some(b"\x89PNG\r\n\x1a\n")),
            ("content/files/cv-mat.pdf", Some(b"%PDF-1.7")),
        ],
    );
    let out = site.path().join("public");
    let (code, stderr) = build(site.path(), &out, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("updates/2026-Q3/bai-sau/anh.png").exists() && !out.join("files/cv-mat.pdf").exists());
    assert!(
        stderr.contains("this draft holds back 1 file that only drafts link to: content/files/cv-mat.pdf\n"),
        "the photo waits for 2026-Q3, not for the draft: {stderr}"
    );
}

#[test]
fn a_drafts_folder_is_held_back_whether_its_name_is_composed_as_the_drafts_or_not() {
    // Saved on two computers: the draft's name with its accents composed (NFC), its folder's
    // decomposed (NFD), or the other way round. It is the same name; the folder is the draft's.
    use unicode_normalization::UnicodeNormalization;
    let (nfc, nfd): (String, String) = ("Bài Mới".nfc().collect(), "Bài Mới".nfd().collect());
    assert_ne!(nfc, nfd);
    let draft = "+++\ntitle = \"Nháp\"\ndraft = true\n+++\nChưa công bố.\n";
    for (page, folder) in [(&nfd, &nfc), (&nfc, &nfd)] {
        let (page, file) = (format!("content/{page}.md"), format!("content/{folder}/bien-ban-mat.pdf"));
        let site = common::site_from("basic", &[(&page, Some(draft.as_bytes())), (&file, Some(b"%PDF-1.7"))]);
        let out = site.path().join("public");
        let (code, stderr) = build(site.path(), &out, &[]);
        assert_eq!(code, 0, "{stderr}");
        let published: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("bien-ban"))
            .map(|e| e.path().display().to_string())
            .collect();
        assert!(published.is_empty(), "{page} beside {file}: {published:?}");
        assert!(stderr.contains("this draft holds back 1 file"), "{stderr}");
    }
}
