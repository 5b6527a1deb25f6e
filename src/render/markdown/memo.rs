//! Remembered renderings. Each is a pure function of (text, heading level and the language of
//! its footnotes' words, or plain), so keeping it between builds is safe, and lets `serve` skip
//! the texts an edit did not touch; the memory it holds is bounded (all is forgotten when it
//! grows past [`LIMIT`]). What depends on the page showing a text (its relative links, its
//! footnotes' numbers) is left as marks (see `marks`), so the same rendering serves every page.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// Bytes of text and HTML kept at most.
pub const LIMIT: usize = 64 << 20;

/// Where the plain texts are kept: after the HTML of each heading level in each language of
/// footnotes' words (see [`html_slot`]).
pub const TEXT: usize = 14;

/// Where the HTML of a text rendered from `<h{top}>` (1 to 6; 0 inline) is kept, with footnotes'
/// words in the language numbered `words` (0 or 1).
pub fn html_slot(top: u8, words: usize) -> usize {
    usize::from(top.min(6)) + 7 * words.min(1)
}

/// Text → HTML, one map per heading level and language, then text → plain text (looked up
/// without copying the text).
#[derive(Default)]
struct Memo {
    html: [HashMap<Box<str>, Box<str>>; TEXT + 1],
    bytes: usize,
}

static MEMO: LazyLock<Mutex<Memo>> = LazyLock::new(Mutex::default);

/// The remembered rendering of `text` in `slot`, if there is one.
pub fn get(text: &str, slot: usize) -> Option<String> {
    MEMO.lock().unwrap_or_else(|e| e.into_inner()).html[slot].get(text).map(|html| html.to_string())
}

pub fn get_or_insert(text: &str, slot: usize, render: impl FnOnce() -> String) -> String {
    // A poisoned lock only means another thread panicked while holding it: the map is
    // still whole, each insertion being a single call.
    let lock = || MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(html) = lock().html[slot].get(text) {
        return html.to_string();
    }
    // Rendered outside the lock so that other threads are not held up.
    let html = render();
    let mut memo = lock();
    memo.bytes += text.len() + html.len();
    if memo.bytes > LIMIT {
        memo.html.iter_mut().for_each(HashMap::clear);
        memo.bytes = text.len() + html.len();
    }
    memo.html[slot].insert(text.into(), html.as_str().into());
    html
}
