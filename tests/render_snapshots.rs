//! Snapshot tests of rendered pages and charts of the basic fixture: any change to what a
//! citizen sees shows up as a reviewable diff (`cargo insta review`).

mod common;

use std::path::Path;
use std::sync::OnceLock;

fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, std::path::PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = common::shared_tempdir("render-snapshots");
        let out = dir.path().join("site");
        let r = common::minhbach(&[
            "build",
            "--root",
            common::fixture("basic").to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        (dir, out)
    });
    out
}

fn page(path: &str) -> String {
    std::fs::read_to_string(built().join(path)).unwrap()
}

/// The `<main>` of a page, without its charts (snapshotted on their own).
fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    let mut out = String::new();
    let mut rest = &html[start..end];
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        let close = rest[i..].find("</svg>").unwrap() + i + "</svg>".len();
        out.push_str("<svg …/>");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[test]
fn home_page() {
    insta::assert_snapshot!(main_text(&page("index.html")));
}

#[test]
fn indicator_page() {
    insta::assert_snapshot!(main_text(&page("indicators/ky-nang-so/index.html")));
}

#[test]
fn indicator_page_in_english() {
    insta::assert_snapshot!(main_text(&page("en/indicators/ky-nang-so/index.html")));
}

#[test]
fn plan_page() {
    insta::assert_snapshot!(main_text(&page("plans/kh-1/index.html")));
}

#[test]
fn unit_page() {
    insta::assert_snapshot!(main_text(&page("units/vp/index.html")));
}

#[test]
fn indicator_chart() {
    let html = page("indicators/ky-nang-so/index.html");
    let start = html.find("<svg xmlns").unwrap();
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    insta::assert_snapshot!(&html[start..end]);
}
