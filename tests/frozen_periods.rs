//! A frozen period's progress stays as its snapshot published it: a hand edit of its progress
//! file is an error naming the file, the line and both figures, while a correction reported in
//! a later period (a revision) is what the site shows beside the published figure.

mod common;

use std::path::Path;

fn snapshot(root: &Path, period: &str) {
    let out = common::minhbach(&["snapshot", period, "--root", root.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn build(root: &Path) -> (bool, String) {
    let out = common::minhbach(&["build", "--root", root.to_str().unwrap()]);
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const HELP: &str =
    "a frozen period is never changed; report a correction as a revision in the current period (see format: revisions)";

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_hand_edit_of_a_frozen_period_is_an_error_with_the_old_and_new_figure() {
    let site = common::site_from("basic", &[]);
    snapshot(site.path(), "2026-Q1");
    assert_eq!(common::check(site.path()).0, 0, "unchanged, it checks");
    edit(site.path(), "data/progress/2026-Q1.toml", "value = 50", "value = 55");
    edit(site.path(), "data/progress/2026-Q1.toml", "percent = 60", "percent = 70\nnote = \"Thêm sau.\"");
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "the value of `ky-nang-so` differs from what the snapshot of 2026-Q1 published (archive/2026-Q1/data.json): value was 50, is now 55"
        ) && err.contains("--> data/progress/2026-Q1.toml:6:9"),
        "{err}"
    );
    assert!(
        err.contains("the report of task `kh-1/1.1` differs")
            && err.contains("percent was 60, is now 70; note was empty, is now \"Thêm sau.\""),
        "{err}"
    );
    assert!(err.contains(HELP), "{err}");
    assert_eq!(err.matches("error:").count(), 2, "{err}");
    let (ok, err) = build(site.path());
    assert!(!ok && err.contains("value was 50, is now 55"), "{err}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn figures_of_full_precision_read_back_from_a_snapshot_as_they_were_published() {
    // Figures as a spreadsheet's formulas give them, to the last digit a double holds: read
    // back from the snapshot's data.json, each must be the figure written, or an untouched
    // frozen period would be said to differ from what it published.
    let site = common::site_from("basic", &[]);
    edit(site.path(), "data/progress/2026-Q1.toml", "value = 50", "value = 44.68109510793729");
    edit(site.path(), "data/progress/2026-Q1.toml", "value = 12", "value = 909.7040631431023");
    edit(site.path(), "data/progress/2026-Q1.toml", "percent = 60", "percent = 36.158235594456636");
    snapshot(site.path(), "2026-Q1");
    let (code, err) = common::check(site.path());
    assert_eq!(code, 0, "unchanged, it checks:\n{err}");
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
}

#[test]
fn a_value_removed_from_or_added_to_a_frozen_period_is_named() {
    let site = common::site_from("basic", &[]);
    snapshot(site.path(), "2026-Q1");
    edit(site.path(), "data/progress/2026-Q1.toml", "[[value]]\nindicator = \"thu-hang\"\nvalue = 12\n", "");
    let path = site.path().join("data/progress/2026-Q1.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n[[task]]\nref = \"kh-1/1.2\"\nstatus = \"done\"\n")).unwrap();
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the value of `thu-hang` (12) was published in the snapshot of 2026-Q1 (archive/2026-Q1/data.json) but was removed from this file")
            && err.contains("--> data/progress/2026-Q1.toml"),
        "{err}"
    );
    assert!(err.contains("the report of task `kh-1/1.2` is not in what the snapshot of 2026-Q1 published"), "{err}");
    // The whole file removed.
    std::fs::remove_file(&path).unwrap();
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("data/progress/2026-Q1.toml is missing, but the snapshot of 2026-Q1"), "{err}");
}

#[test]
fn revisions_in_a_later_period_and_edits_of_the_open_one_are_not_changes_to_a_frozen_period() {
    // The fixture's 2026-Q2 already revises 2026-Q1's figure (48 for 50, as of 2026-03-31).
    let site = common::site_from("basic", &[]);
    snapshot(site.path(), "2026-Q1");
    let path = site.path().join("data/progress/2026-Q2.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let more = "\n[[value]]\nindicator = \"thu-hang\"\nvalue = 11\nas_of = 2026-03-31\n";
    std::fs::write(&path, format!("{}{more}", text.replacen("value = 61", "value = 62", 1))).unwrap();
    let (code, err) = common::check(site.path());
    assert_eq!(code, 0, "{err}");
    let (ok, err) = build(site.path());
    assert!(ok, "{err}");
    let q2 = std::fs::read_to_string(site.path().join("public/periods/2026-Q2/index.html")).unwrap();
    assert!(q2.contains("<del>50%</del>"), "the revision is shown against the published figure");
}

#[test]
fn a_frozen_period_with_errors_of_its_own_is_not_compared_too() {
    let site = common::site_from("basic", &[]);
    snapshot(site.path(), "2026-Q1");
    edit(site.path(), "data/progress/2026-Q1.toml", "value = 12", "value = \"mười hai\"");
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(!err.contains("snapshot of 2026-Q1"), "what could not be read is not reported as removed: {err}");
}

#[test]
fn the_default_site_refuses_a_hand_edit_of_its_frozen_2026_q2() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = tempfile::tempdir().unwrap();
    for part in ["site.toml", "data", "content", "archive"] {
        let from = repo.join(part);
        if from.is_dir() {
            common::copy_tree(&from, &site.path().join(part));
        } else {
            std::fs::copy(&from, site.path().join(part)).unwrap();
        }
    }
    let file = "data/progress/2026-Q2.toml";
    edit(
        site.path(),
        file,
        "indicator = \"phu-song-5g-dan-so\"\nvalue = 80.4",
        "indicator = \"phu-song-5g-dan-so\"\nvalue = 85",
    );
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the value of `phu-song-5g-dan-so` differs from what the snapshot of 2026-Q2 published")
            && err.contains("value was 80.4, is now 85")
            && err.contains(&format!("--> {file}:")),
        "{err}"
    );
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// Without the periods the progress files are left out, and each frozen period's report read as
/// a missing file, with help to restore files that were there: only the periods' error is said.
#[test]
fn periods_that_cannot_be_read_are_not_compared_with_their_snapshots() {
    let site = common::site_from("basic", &[]);
    snapshot(site.path(), "2026-Q1");
    let periods = site.path().join("data/periods.toml");
    let written = std::fs::read_to_string(&periods).unwrap();
    edit(site.path(), "data/periods.toml", "label = \"Quý I/2026\"", "label = Quý I/2026");
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("this is not valid TOML") && err.contains("--> data/periods.toml:3:9"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    // The same for a period left out for an error in its own record.
    std::fs::write(&periods, written).unwrap();
    edit(site.path(), "data/periods.toml", "start = 2026-01-01", "start = \"đầu năm\"");
    let (code, err) = common::check(site.path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("`start` in a period must be a calendar day"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}
