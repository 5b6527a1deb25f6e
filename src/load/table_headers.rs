//! One mistake in a table header, reported once.
//!
//! A `[value]` among `[[value]]` entries makes the TOML parser report "duplicate key" at that
//! header and again at every `[[value]]` after it — each a correct line — so the one typo reads
//! as a page of errors about the lines that are right. The headers are read again here, with
//! the parser's own tokens so that text inside strings is never taken for a header, to find the
//! header that is wrong.

use std::collections::HashMap;
use std::ops::Range;

use toml_parser::Source;
use toml_parser::decoder::Encoding;
use toml_parser::parser::{EventReceiver, parse_document};
use toml_parser::{ErrorSink, Raw, Span};

/// One mistake behind a run of "duplicate key" errors.
pub struct Mistake {
    /// The header to point at, brackets included.
    pub at: Range<usize>,
    pub message: String,
    pub help: String,
    /// Every header of the key in question: the parser's errors inside them are this mistake.
    covers: Vec<Range<usize>>,
}

impl Mistake {
    pub fn covers(&self, offset: usize) -> bool {
        self.covers.iter().any(|r| r.contains(&offset))
    }
}

struct Header {
    span: Range<usize>,
    path: Vec<String>,
    array: bool,
}

/// The mistakes of `text`'s headers: a key written both `[key]` and `[[key]]` for the same
/// table, or `[key]` written twice.
pub fn mistakes(text: &str) -> Vec<Mistake> {
    let headers = headers(text);
    // A header's table also depends on which entry of each enclosing list it falls in:
    // `[indicator.target]` under the third `[[indicator]]` is not the one under the second.
    let mut entries: HashMap<&[String], usize> = HashMap::new();
    let mut groups: Vec<(Vec<usize>, Vec<&Header>)> = Vec::new();
    let mut group_of: HashMap<(&[String], Vec<usize>), usize> = HashMap::new();
    for h in &headers {
        let scope: Vec<usize> = (1..h.path.len()).map(|n| entries.get(&h.path[..n]).copied().unwrap_or(0)).collect();
        let next = groups.len();
        let g = *group_of.entry((&h.path[..], scope.clone())).or_insert(next);
        if g == next {
            groups.push((scope, Vec::new()));
        }
        groups[g].1.push(h);
        if h.array {
            *entries.entry(&h.path[..]).or_default() += 1;
        }
    }
    groups.into_iter().filter_map(|(_, group)| mistake(&group)).collect()
}

fn mistake(group: &[&Header]) -> Option<Mistake> {
    let mut singles = group.iter().filter(|h| !h.array);
    let first_single = singles.next()?;
    let key = shown(&first_single.path);
    let covers = group.iter().map(|h| h.span.clone()).collect();
    if group.iter().any(|h| h.array) {
        return Some(Mistake {
            at: first_single.span.clone(),
            message: format!(
                "`{key}` is written as a table (`[{key}]`) where the file uses a list of tables (`[[{key}]]`)"
            ),
            help: format!(
                "write `[[{key}]]` with double brackets, as the file's other `{key}` entries are: each `[[{key}]]` \
                 starts one more entry of the list"
            ),
            covers,
        });
    }
    let second = singles.next()?;
    Some(Mistake {
        at: second.span.clone(),
        message: format!("the table `[{key}]` is written a second time"),
        help: format!(
            "a table is written once: merge the two `[{key}]`; for a list of entries write each as `[[{key}]]` \
             with double brackets"
        ),
        covers,
    })
}

/// A key path as written in a header: bare keys as they are, others quoted.
fn shown(path: &[String]) -> String {
    let bare = |k: &String| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let parts: Vec<String> = path.iter().map(|k| if bare(k) { k.clone() } else { format!("{k:?}") }).collect();
    parts.join(".")
}

fn headers(text: &str) -> Vec<Header> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut reader = Headers { source, open: None, done: Vec::new() };
    parse_document(&tokens, &mut reader, &mut ());
    reader.done
}

/// Collects the headers from the parser's events; everything else is skipped.
struct Headers<'i> {
    source: Source<'i>,
    open: Option<Header>,
    done: Vec<Header>,
}

impl Headers<'_> {
    fn start(&mut self, span: Span, array: bool) {
        self.open = Some(Header { span: span.start()..span.end(), path: Vec::new(), array });
    }

    fn finish(&mut self, span: Span) {
        if let Some(mut h) = self.open.take() {
            h.span.end = span.end();
            // A header the parser could not read has no key to compare.
            if !h.path.is_empty() {
                self.done.push(h);
            }
        }
    }
}

impl EventReceiver for Headers<'_> {
    fn std_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.start(span, false);
    }
    fn std_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.finish(span);
    }
    fn array_table_open(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.start(span, true);
    }
    fn array_table_close(&mut self, span: Span, _error: &mut dyn ErrorSink) {
        self.finish(span);
    }
    fn simple_key(&mut self, span: Span, encoding: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let (Some(h), Some(raw)) = (self.open.as_mut(), self.source.get(span)) else { return };
        // `get` does not know the quotes a key was written with: the event does.
        let raw = Raw::new_unchecked(raw.as_str(), encoding, span);
        let mut key = String::new();
        raw.decode_key(&mut key, &mut ());
        h.path.push(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, mistakes: &[Mistake]) -> Vec<usize> {
        mistakes.iter().map(|m| text[..m.at.start].matches('\n').count() + 1).collect()
    }

    #[test]
    fn a_single_bracket_among_lists_is_the_one_mistake() {
        let text = "[[value]]\na = 1\n[value]\na = 2\n[[value]]\na = 3\n[[value]]\n";
        let found = mistakes(text);
        assert_eq!(lines(text, &found), [3]);
        assert_eq!(&text[found[0].at.clone()], "[value]");
        let first = "[value]\na = 2\n[[value]]\na = 3\n[[value]]\n";
        assert_eq!(lines(first, &mistakes(first)), [1]);
    }

    #[test]
    fn lists_inside_other_entries_are_told_apart() {
        // The second indicator's single `[indicator.target]` is a table of its own, no clash.
        let text = "[[indicator]]\n[[indicator.target]]\n[[indicator.target]]\n[[indicator]]\n[indicator.target]\n";
        assert!(mistakes(text).is_empty());
        let text = "[[indicator]]\n[[indicator.target]]\n[indicator.target]\n";
        assert_eq!(lines(text, &mistakes(text)), [3]);
    }

    #[test]
    fn headers_inside_strings_are_not_headers() {
        let text = "[[value]]\nnote = \"\"\"\n[value]\n\"\"\"\n[[value]]\n";
        assert!(mistakes(text).is_empty());
    }

    #[test]
    fn quoted_keys_are_the_keys_they_spell() {
        let text = "[[value]]\n[\"value\"]\n";
        let found = mistakes(text);
        assert_eq!(lines(text, &found), [2]);
        assert!(found[0].message.contains("`[value]`"), "{}", found[0].message);
    }
}
