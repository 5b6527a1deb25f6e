//! Site search without a server: the build writes, per language, an index of static files
//! beside the language's search page (`tim-kiem/`, `en/search/`), and a small script on that
//! page (`static/search.js`) loads only the parts a query needs.
//!
//! Words are compared folded (case, tones and marks removed, `đ` → `d`), so a query typed
//! without diacritics finds what is written with them; a query typed with diacritics ranks the
//! records spelled that way first. See `docs/guide.md`, "Search".

mod common_words;
pub mod fold;
pub mod index;
mod postings;
pub mod records;

use std::sync::Arc;

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::Context;
use super::context::{Lang, relative};
use super::views::Index;
use crate::output::Files;
use crate::theme::Theme;

/// The search page's folder in a language: Vietnamese readers get a Vietnamese address.
pub fn slug(lang: &str) -> &'static str {
    if lang == "vi" { "tim-kiem" } else { "search" }
}

/// Output path of the search page of `lang`.
pub fn page_path(lang: &Lang) -> String {
    lang.path(&format!("{}/index.html", slug(lang.code)))
}

/// The folder of a language's index, beside its search page.
pub const FOLDER: &str = "index/";

/// Where a language's index is, as its search page names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The folder, relative to the search page.
    pub folder: String,
    /// A digest of all of its files, which the page's script adds to each file's address
    /// (`?v=`), so that a browser never mixes files of two builds from its cache. The folder
    /// keeps its name, so that a rebuild writes only the files whose bytes changed.
    pub version: String,
}

/// Builds each language's index into `files` and says, for each language, where it is.
/// `titles` are each language's pages (path and title). Snapshots have no search.
pub fn add(
    languages: &[(String, String)],
    ix: &Index,
    theme: &Theme,
    context: &Context,
    titles: &[Vec<(String, String)>],
    memo: Option<(&super::memo::Memo, &crate::inputs::Digests)>,
    files: &mut Files,
) -> Vec<Option<Located>> {
    if !matches!(context, Context::Live { .. }) {
        return vec![None; languages.len()];
    }
    let built: Vec<(String, String, index::Made)> = languages
        .par_iter()
        .zip(titles)
        .map(|((code, prefix), titles)| {
            let lang = Lang { code, prefix: prefix.clone(), theme };
            let page = page_path(&lang);
            let recs = match memo {
                // A preview keeps the records made from the data while only posts' text changes.
                Some((memo, inputs)) => {
                    let key = super::memo::Memo::key([b"search records", code.as_bytes(), &inputs.without_post_text]);
                    let data = memo.records(key, || records::of_data(&lang, ix).into_iter().map(Arc::new).collect());
                    let pages = records::of_pages(&lang, ix, titles, Some(memo));
                    data.iter().cloned().chain(pages).collect()
                }
                None => records::records(&lang, ix, titles),
            };
            let last = memo.and_then(|(memo, _)| memo.last_index(&page));
            let made = index::files(recs, |url| relative(&page, url), last);
            // Its version: a digest of its files' digests.
            let mut digest = Sha256::new();
            for (path, (key, _)) in &made.files {
                digest.update(path.as_bytes());
                digest.update([0]);
                digest.update(key);
            }
            let hash: String = digest.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
            (page, hash, made)
        })
        .collect();
    let mut located = Vec::new();
    for (page, version, made) in built {
        let dir = page.trim_end_matches("index.html");
        let passer = files.passer();
        let passed: Vec<crate::output::Made> = made
            .files
            .par_iter()
            .map(|(path, (_, bytes))| passer.pass(format!("{dir}{FOLDER}{path}"), bytes.clone()))
            .collect();
        files.record(passed);
        match memo {
            Some((memo, _)) => memo.keep_index(page, made),
            // Freed on whichever core is free first: its words and records are many small
            // values, and the next stages need not wait for them.
            None => rayon::spawn(move || drop(made)),
        }
        located.push(Some(Located { folder: FOLDER.to_string(), version }));
    }
    located
}
