//! `minhbach build --timings` tells where a build's time goes, stage by stage, and the stages
//! it names are the ones the build ran.

use std::process::Command;

#[test]
fn build_with_timings_lists_every_stage() {
    let out = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let run = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "-q", "--timings", "--root", root, "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let err = String::from_utf8(run.stderr).unwrap();
    let report = err.split_once("timings:\n").map(|(_, r)| r).unwrap_or_else(|| panic!("no timings in:\n{err}"));
    let stage = |name: &str| -> f64 {
        let line = report
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no stage `{name}` in:\n{report}"));
        let ms = line.split(" ms").next().unwrap().split_whitespace().last().unwrap();
        ms.parse().unwrap()
    };
    const TOP: &[&str] =
        &["archives", "load", "resolve", "links", "frozen periods", "assess", "prepare output", "render", "write"];
    // Parts of `render`.
    const INNER: &[&str] = &[
        "theme",
        "templates",
        "open data",
        "what changed",
        "small charts",
        "lists' data",
        "pages",
        "search index",
        "search page",
        "feeds",
        "share pictures",
        "sitemap",
        "snapshots",
    ];
    for name in TOP.iter().chain(INNER) {
        assert!(stage(name) >= 0.0);
    }
    // The default site has share pictures (it has a base_url) and pages: neither takes no time.
    assert!(stage("share pictures") > 0.0 && stage("pages") > 0.0, "{report}");
    let top: f64 = TOP.iter().map(|s| stage(s)).sum();
    let total = stage("total");
    assert!((top - total).abs() < 1.0, "top-level stages {top} ms, total {total} ms:\n{report}");
    // Inner stages are part of `render`, not added to it; the pictures are drawn beside the
    // pages, search and feeds, the snapshots copied beside the rest of render, and both say so.
    let inner: f64 = INNER.iter().filter(|s| !["share pictures", "snapshots"].contains(s)).map(|s| stage(s)).sum();
    assert!(inner <= stage("render") + 1.0, "{report}");
    let line = |name: &str| report.lines().find(|l| l.trim_start().starts_with(&format!("{name} "))).unwrap();
    assert!(line("share pictures").contains("share pictures (beside pages to feeds)"), "{report}");
    assert!(line("snapshots").contains("snapshots (beside the rest of render)"), "{report}");
    // The inputs' digest is taken while the snapshots are verified: part of that stage.
    assert!(stage("inputs digest") <= stage("archives") + 1.0, "{report}");
    assert!(
        line("inputs digest").starts_with("    "),
        "shown inside `archives`:
{report}"
    );
    assert!(out.path().join("site/index.html").is_file());
}

#[test]
fn without_the_flag_no_timings_are_printed() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_minhbach"))
        .args(["build", "-q", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(!String::from_utf8_lossy(&run.stderr).contains("timings:"));
}
