//! Site search without a server: the build writes, per language, an index of static files
//! beside the language's search page (`tim-kiem/`, `en/search/`), and a small script on that
//! page (`static/search.js`) loads only the parts a query needs.
//!
//! Words are compared folded (case, tones and marks removed, `đ` → `d`), so a query typed
//! without diacritics finds what is written with them; a query typed with diacritics ranks the
//! records spelled that way first. See `docs/guide.md`, "Search".

pub mod fold;
pub mod index;
pub mod records;

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

/// Builds each language's index into `files` and says, for each language, the folder of its
/// index beside the search page. The index sits in a folder named after a digest of its
/// content, so that a browser never mixes files of two builds from its cache. `titles` are
/// each language's pages (path and title). Snapshots have no search.
pub fn add(
    languages: &[(String, String)],
    ix: &Index,
    theme: &Theme,
    context: &Context,
    titles: &[Vec<(String, String)>],
    memo: Option<&super::memo::Memo>,
    files: &mut Files,
) -> Vec<Option<String>> {
    if !matches!(context, Context::Live { .. }) {
        return vec![None; languages.len()];
    }
    let built: Vec<(String, String, super::memo::Index)> = languages
        .par_iter()
        .zip(titles)
        .map(|((code, prefix), titles)| {
            let lang = Lang { code, prefix: prefix.clone(), theme };
            let page = page_path(&lang);
            let recs = records::records(&lang, ix, titles);
            // Each record's words as a preview kept them, when its texts are the same.
            let terms_of = |r: &records::Record| match memo {
                Some(memo) => {
                    let tags: Vec<[u8; 1]> = r.fields.iter().map(|(f, _)| [*f as u8]).collect();
                    let parts =
                        r.fields.iter().zip(&tags).flat_map(|((_, text), tag)| [tag.as_slice(), text.as_bytes()]);
                    memo.terms(super::memo::Memo::key(parts), || index::terms(r))
                }
                None => std::sync::Arc::new(index::terms(r)),
            };
            let build = || index::files(&recs, |url| relative(&page, url), terms_of);
            let index = match memo {
                Some(memo) => {
                    let key = records_key(&page, &recs);
                    memo.index(key, build)
                }
                None => std::sync::Arc::new(build()),
            };
            let mut digest = Sha256::new();
            for (path, content) in index.iter() {
                digest.update(path.as_bytes());
                digest.update([0]);
                digest.update(content.as_bytes());
                digest.update([0]);
            }
            let hash: String = digest.finalize().iter().take(5).map(|b| format!("{b:02x}")).collect();
            (page, hash, index)
        })
        .collect();
    let mut folders = Vec::new();
    for (page, hash, index) in built {
        let dir = page.trim_end_matches("index.html");
        files.add_parallel(
            index.par_iter().map(|(path, content)| (format!("{dir}{hash}/{path}"), content.as_bytes().to_vec())),
        );
        folders.push(Some(format!("{hash}/")));
    }
    folders
}

/// The digest of a language's records: everything its index files are made from, each part
/// delimited. (Their `Debug` text was the digest before: escaping every character of every
/// text for it took longer than making the index.)
fn records_key(page: &str, recs: &[records::Record]) -> super::memo::Key {
    let mut h = Sha256::new();
    let mut part = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    part(page.as_bytes());
    for r in recs {
        part(&r.kind.to_le_bytes());
        for text in [&r.url, &r.title, &r.meta, &r.body] {
            part(text.as_bytes());
        }
        part(&r.status.as_ref().map_or([0; 32], super::memo::value_key));
        part(&r.fields.len().to_le_bytes());
        for (field, text) in &r.fields {
            part(&[*field as u8]);
            part(text.as_bytes());
        }
    }
    h.finalize().into()
}
