//! Property tests over the input side: mutated site files and arbitrary Markdown never make
//! `check` or the renderer panic or hang, and every error points into a file it names (or is
//! about the site as a whole). Bounded so that it runs in seconds in CI.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use proptest::prelude::*;

/// The fixture's files that a mutation may hit.
const FILES: &[&str] = &[
    "site.toml",
    "data/units.toml",
    "data/periods.toml",
    "data/plans/kh-1.toml",
    "data/indicators/kpi.toml",
    "data/progress/2026-Q1.toml",
    "data/progress/2026-Q2.toml",
    "content/_index.md",
    "content/updates/2026-Q1/ket-qua.md",
];

/// Pieces that exercise the readers' edges: TOML syntax, numbers at f64's limits, dates,
/// links that leave the site, deep Markdown, Vietnamese text, invalid UTF-8.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"'",
    b"[[task]]\n",
    b"[[value]]\n",
    b"[[unit]]\nid = \"vp\"\nname = \"x\"\n",
    b"=",
    b"\n",
    b"id = \"1.1\"\n",
    b"1.6e308",
    b"-1e308",
    b"nan",
    b"inf",
    b"2147483647",
    b"0000-01-01",
    b"9999-12-31",
    b"\"Qu\xc3\xbd IV/99999\"",
    b"\\\\evil.example/x",
    b"//evil.example",
    b"javascript:alert(1)",
    b">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>",
    b"<div><div><div><div>",
    b"+++\n",
    b"title = \"\"\n",
    b"S\xe1\xbb\x9f KH&CN",
    b"\xff\xfe",
    b"\x00",
    b"{ a = 1 }",
    b"[1, 2]",
];

#[derive(Clone, Debug)]
enum Mutation {
    /// Insert a token at a fraction of the file's length.
    Insert(usize, f64),
    /// Overwrite a byte.
    Byte(f64, u8),
    /// Cut the file at a fraction of its length.
    Truncate(f64),
    /// Repeat a line.
    DuplicateLine(f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (0..TOKENS.len(), 0.0..1.0f64).prop_map(|(t, at)| Mutation::Insert(t, at)),
        2 => (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
        1 => (0.0..1.0f64).prop_map(Mutation::Truncate),
        2 => (0.0..1.0f64).prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |f: f64, len: usize| ((len as f64) * f) as usize;
    match m {
        Mutation::Insert(t, f) => {
            let i = at(*f, bytes.len());
            bytes.splice(i..i, TOKENS[*t].iter().copied());
        }
        Mutation::Byte(f, b) => {
            if !bytes.is_empty() {
                let i = at(*f, bytes.len()).min(bytes.len() - 1);
                bytes[i] = *b;
            }
        }
        Mutation::Truncate(f) => bytes.truncate(at(*f, bytes.len())),
        Mutation::DuplicateLine(f) => {
            let text = bytes.clone();
            let lines: Vec<&[u8]> = text.split_inclusive(|b| *b == b'\n').collect();
            if !lines.is_empty() {
                let i = at(*f, lines.len()).min(lines.len() - 1);
                let start: usize = lines[..i].iter().map(|l| l.len()).sum();
                bytes.splice(start..start, lines[i].iter().copied());
            }
        }
    }
}

/// Runs `f` on another thread; fails the case if it panics or takes longer than `limit`.
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> Result<T, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => Ok(v),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!("no answer within {limit:?}"))),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(TestCaseError::fail("panicked")),
    }
}

/// The values of `href` and `src` attributes inside tags of sanitised HTML (where text's `<` is
/// always escaped, so a `<` starts a tag).
fn addresses(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        for attr in [" href=\"", " src=\""] {
            if let Some(i) = tag.find(attr) {
                let value = &tag[i + attr.len()..];
                let value = value.split('"').next().unwrap_or("");
                out.push(value.replace("&amp;", "&"));
            }
        }
    }
    out
}

proptest! {
    // FUZZ_CASES=2000 for a longer search than CI's.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn mutated_sites_are_checked_without_panic_hang_or_unplaced_errors(
        edits in prop::collection::vec((0..FILES.len(), prop::collection::vec(mutation(), 1..4)), 1..3)
    ) {
        let site = common::site_from("basic", &[]);
        for (file, mutations) in &edits {
            let path = site.path().join(FILES[*file]);
            let mut bytes = std::fs::read(&path).unwrap();
            for m in mutations {
                apply(&mut bytes, m);
            }
            std::fs::write(&path, bytes).unwrap();
        }
        let root = site.path().to_path_buf();
        let checked = within(Duration::from_secs(20), move || minhbach::build::check(&root, None))?;
        for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
            // Site-wide errors name no file; every other error points inside the file it names.
            if let Some(file) = d.file {
                let text = &checked.sources.get(file).text;
                if let Some(range) = &d.range {
                    prop_assert!(range.start <= range.end && range.end <= text.len() + 1,
                        "{} points outside its file: {range:?} of {}", d.message, text.len());
                }
                prop_assert!(d.location(&checked.sources).is_some_and(|l| l.line >= 1));
            } else {
                prop_assert!(d.range.is_none(), "{}", d.message);
            }
        }
    }

    #[test]
    fn any_markdown_is_checked_and_rendered_without_panic_or_hang(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "> ", "- ", "1. ", "* ", "**", "_", "`", "```\n", "[", "](", ")", "![", "<", ">", "</div>", "<div>",
            "\n", "\n\n", "#", "|", "|-|", "\\", "//", "javascript:", "&#", "ơ", "ữ", "\t", "    ", "[^1]", "[^1]: ",
            "~~", "<!--", "-->", "<a href=\"", "\">", "http://a.vn", "mailto:a@b", "x",
        ]), 0..400),
        depth in 0usize..200,
    ) {
        let text = format!("{}{}", ">".repeat(depth), pieces.concat());
        within(Duration::from_secs(10), move || {
            let problems = minhbach::load::markdown::check(&text);
            for p in &problems {
                assert!(p.range.end <= text.len(), "{p:?}");
            }
            if problems.is_empty() {
                let site = minhbach::model::Site::default();
                let source = minhbach::render::markdown::Source::data(&site, "vi");
                let html = minhbach::render::markdown::finish(minhbach::render::markdown::to_html(&text, 2, &source), "a/index.html");
                for address in addresses(&html) {
                    assert!(minhbach::load::links::check_link(&address, true).is_ok(), "{address} in {html}");
                }
            }
        })?;
    }
}
