//! Where new `[[value]]` and `[[task]]` blocks go in a progress file's text, so that the
//! file's own instructions still work afterwards. A file made by `minhbach new period` lists
//! every indicator and task as a commented-out block (`# [[value]]`, `# indicator = "…"`)
//! below its header keys and a commented `# reported = …`: an answer takes the place of its
//! commented block (uncommenting that block later would make a duplicate), a new figure
//! otherwise goes after the file's last figure or commented figure, a new task after the last
//! task, and nothing is put between the header keys and what follows them (a table there
//! would capture `reported` once it is uncommented).
//!
//! Positions come from toml_edit's spans of the file, so that text inside a multi-line
//! string is never taken for a comment or a table.

use std::ops::Range;

use toml_edit::{Item, Table};

/// A block to add: which kind, the indicator or task it is for, whether it is written
/// without `as_of` (only such a figure replaces a commented block), and its text.
pub struct Block {
    pub task: bool,
    pub key: String,
    pub plain: bool,
    pub text: String,
}

/// A block's text, `[[value]]` and its keys, as toml_edit writes a new table.
pub fn block_text(name: &str, table: &Table) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    let mut blocks = toml_edit::ArrayOfTables::new();
    blocks.push(table.clone());
    doc.insert(name, Item::ArrayOfTables(blocks));
    doc.to_string()
}

/// A commented-out block found between the file's entries.
struct Template {
    task: bool,
    key: String,
    /// It names `as_of`: a figure for another day than the period's end.
    dated: bool,
    lines: Range<usize>,
}

/// What the file holds, located.
struct Layout {
    /// Where the header keys (and any other key before the first table) end.
    root_end: usize,
    /// `[[value]]` and `[[task]]` tables: (is a task, from its header to its last value).
    tables: Vec<(bool, Range<usize>)>,
    /// Root keys to remove: from the key to the end of its value.
    dropped: Vec<Range<usize>>,
    templates: Vec<Template>,
}

/// The text with the blocks added and the `dropped` root keys (empty inline arrays the blocks
/// replace) removed; an error if the text cannot be read.
pub fn place(text: &str, dropped: &[&str], blocks: &[Block]) -> Result<String, String> {
    if blocks.is_empty() && dropped.is_empty() {
        return Ok(text.to_string());
    }
    let layout = layout(text, dropped)?;
    // (position, replaced length, text); several at one position keep their order.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for r in &layout.dropped {
        let (start, end) = (r.start, r.end.max(r.start));
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let alone = text[line_start..start].trim().is_empty();
        if alone && text[end..line_end].trim().is_empty() {
            // The whole line goes.
            edits.push((line_start, line_end - line_start, String::new()));
        } else if alone {
            // A comment after it stays, at the start of its line.
            let rest = end + (text[end..line_end].len() - text[end..line_end].trim_start().len());
            edits.push((line_start, rest - line_start, String::new()));
        } else {
            edits.push((start, end - start, String::new()));
        }
    }
    let mut used = vec![false; layout.templates.len()];
    for b in blocks {
        let template = layout
            .templates
            .iter()
            .enumerate()
            .find(|(i, t)| !used[*i] && t.task == b.task && t.key == b.key && (b.task || (!t.dated && b.plain)));
        if let Some((i, t)) = template {
            used[i] = true;
            edits.push((t.lines.start, t.lines.len(), b.text.clone()));
            continue;
        }
        let last = |task: bool| {
            let tables = layout.tables.iter().filter(|(k, _)| *k == task).map(|(_, r)| r.end);
            let templates = layout.templates.iter().filter(|t| t.task == task).map(|t| t.lines.end);
            tables.chain(templates).max()
        };
        match last(b.task) {
            Some(end) => edits.push((line_end(text, end), 0, format!("\n{}", b.text))),
            None if !b.task => {
                // Figures go before the first task (and the comments just above it).
                let first_task = layout
                    .tables
                    .iter()
                    .filter(|(k, _)| *k)
                    .map(|(_, r)| r.start)
                    .chain(layout.templates.iter().filter(|t| t.task).map(|t| t.lines.start))
                    .min();
                match first_task {
                    Some(start) => {
                        let at = attached_comments(text, start, layout.root_end);
                        edits.push((at, 0, format!("{}\n", b.text)));
                    }
                    None => edits.push((text.len(), 0, at_end(text, &b.text))),
                }
            }
            None => edits.push((text.len(), 0, at_end(text, &b.text))),
        }
    }
    // At one position, additions before a replacement (which moves past it).
    edits.sort_by_key(|(at, len, _)| (*at, *len > 0));
    let mut out = String::with_capacity(text.len() + blocks.iter().map(|b| b.text.len() + 1).sum::<usize>());
    let mut from = 0;
    for (at, len, insert) in edits {
        if at < from {
            return Err("two edits of the file overlap".into());
        }
        out.push_str(&text[from..at]);
        if at == text.len() && !out.is_empty() && !out.ends_with('\n') && !insert.is_empty() {
            out.push('\n');
        }
        out.push_str(&insert);
        from = at + len;
    }
    out.push_str(&text[from..]);
    Ok(out)
}

/// A block added at the end of the file, after a blank line.
fn at_end(text: &str, block: &str) -> String {
    if text.trim().is_empty() { block.to_string() } else { format!("\n{block}") }
}

/// The start of the line after the one holding position `at - 1`.
fn line_end(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Where the comment lines directly above `start` (no blank line between) begin, not before
/// `floor`.
fn attached_comments(text: &str, start: usize, floor: usize) -> usize {
    let mut at = text[..start].rfind('\n').map_or(0, |i| i + 1);
    while at > floor {
        let prev_start = text[..at - 1].rfind('\n').map_or(0, |i| i + 1);
        if prev_start < floor || !text[prev_start..at].trim_start().starts_with('#') {
            break;
        }
        at = prev_start;
    }
    at
}

fn layout(text: &str, dropped: &[&str]) -> Result<Layout, String> {
    let doc = toml_edit::Document::parse(text.to_string()).map_err(|e| e.to_string())?;
    let mut root_end = 0;
    let mut tables = Vec::new();
    let mut covered: Vec<Range<usize>> = Vec::new();
    let mut drop = Vec::new();
    for (key, item) in doc.iter() {
        let key_start = doc.key(key).and_then(|k| k.span()).map(|s| s.start);
        match item {
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    if let Some(r) = table_range(t) {
                        tables.push((key == "task", r.clone()));
                        covered.push(r);
                    }
                }
            }
            Item::Table(t) if !t.is_dotted() => {
                if let Some(r) = table_range(t) {
                    covered.push(r);
                }
            }
            _ => {
                // A key of the root (dotted keys included): part of the header.
                let end = item_end(item).unwrap_or(0);
                let start = key_start.unwrap_or(end);
                root_end = root_end.max(end);
                covered.push(start..end);
                if dropped.contains(&key) {
                    drop.push(start..end);
                }
            }
        }
    }
    covered.sort_by_key(|r| r.start);
    let templates = templates(text, root_end, &covered);
    Ok(Layout { root_end, tables, dropped: drop, templates })
}

/// A table from its header to the end of its last value (nested tables included).
fn table_range(t: &Table) -> Option<Range<usize>> {
    let start = t.span().map(|s| s.start).or_else(|| t.iter().filter_map(|(_, i)| item_start(i)).min())?;
    let end = t.iter().filter_map(|(_, i)| item_end(i)).chain(t.span().map(|s| s.end)).max()?;
    Some(start..end)
}

fn item_start(item: &Item) -> Option<usize> {
    match item {
        Item::Table(t) => table_range(t).map(|r| r.start),
        Item::ArrayOfTables(a) => a.iter().filter_map(table_range).map(|r| r.start).min(),
        _ => item.span().map(|s| s.start),
    }
}

fn item_end(item: &Item) -> Option<usize> {
    match item {
        Item::Table(t) => table_range(t).map(|r| r.end),
        Item::ArrayOfTables(a) => a.iter().filter_map(table_range).map(|r| r.end).max(),
        _ => item.span().map(|s| s.end),
    }
}

/// The commented-out `[[value]]` / `[[task]]` blocks after the header: a line `# [[value]]`
/// and the commented `key = value` lines right after it, read as TOML once uncommented.
fn templates(text: &str, root_end: usize, covered: &[Range<usize>]) -> Vec<Template> {
    let in_gap = |r: &Range<usize>| covered.iter().all(|c| c.end <= r.start || c.start >= r.end);
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at..at + line.len(), line));
        at += line.len();
    }
    let uncomment = |line: &str| line.trim_start().strip_prefix('#').map(|l| l.trim().to_string());
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (range, line) = &lines[i];
        let head = uncomment(line).filter(|_| range.start >= root_end && in_gap(range));
        let task = match head.as_deref().map(|h| h.replace(' ', "")) {
            Some(h) if h == "[[value]]" => false,
            Some(h) if h == "[[task]]" => true,
            _ => {
                i += 1;
                continue;
            }
        };
        let mut body = format!("[[{}]]\n", if task { "task" } else { "value" });
        let mut j = i + 1;
        while j < lines.len() {
            let (r, l) = &lines[j];
            let Some(u) = uncomment(l).filter(|u| in_gap(r) && is_key_line(u)) else { break };
            body.push_str(&u);
            body.push('\n');
            j += 1;
        }
        let parsed = toml::from_str::<toml::Table>(&body).ok();
        let entry = parsed
            .as_ref()
            .and_then(|p| p.get(if task { "task" } else { "value" })?.as_array()?.first()?.as_table().cloned());
        let key = entry
            .as_ref()
            .and_then(|e| e.get(if task { "ref" } else { "indicator" })?.as_str().map(crate::text::clean));
        if let (Some(entry), Some(key)) = (entry, key) {
            let lines_range = range.start..lines[j - 1].0.end;
            out.push(Template { task, key, dated: entry.contains_key("as_of"), lines: lines_range });
        }
        i = j.max(i + 1);
    }
    out
}

/// `name = …` once uncommented.
fn is_key_line(line: &str) -> bool {
    let Some((key, _)) = line.split_once('=') else { return false };
    let key = key.trim();
    !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: &str, text: &str) -> Block {
        Block { task: false, key: key.into(), plain: true, text: text.into() }
    }

    fn task(key: &str, text: &str) -> Block {
        Block { task: true, key: key.into(), plain: true, text: text.into() }
    }

    #[test]
    fn an_answer_takes_the_place_of_its_commented_block() {
        let file = "period = \"2027-Q1\"\n# reported = 2027-04-10   # the day\n\n# ── Indicators ──\n\n# Chỉ số (chỉ số)\n# [[value]]\n# indicator = \"a\"\n# value = 0.81\n# source = \"\"\n\n# Khác\n# [[value]]\n# indicator = \"b\"\n# value = 0\n\n# ── Tasks ──\n\n# [[task]]\n# ref = \"p/1\"\n# status = \"in_progress\"\n";
        let out = place(
            file,
            &[],
            &[
                value("a", "[[value]]\nindicator = \"a\"\nvalue = 0.9\n"),
                task("p/1", "[[task]]\nref = \"p/1\"\nstatus = \"done\"\n"),
                value("c", "[[value]]\nindicator = \"c\"\nvalue = 1\n"),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "period = \"2027-Q1\"\n# reported = 2027-04-10   # the day\n\n# ── Indicators ──\n\n# Chỉ số (chỉ số)\n[[value]]\nindicator = \"a\"\nvalue = 0.9\n\n# Khác\n# [[value]]\n# indicator = \"b\"\n# value = 0\n\n[[value]]\nindicator = \"c\"\nvalue = 1\n\n# ── Tasks ──\n\n[[task]]\nref = \"p/1\"\nstatus = \"done\"\n"
        );
        // Uncommenting `reported` now gives a valid file, with `reported` a header key.
        let fixed = out.replace("# reported", "reported");
        let parsed: toml::Table = toml::from_str(&fixed).unwrap();
        assert!(parsed.contains_key("reported"));
    }

    #[test]
    fn figures_go_after_figures_and_tasks_after_tasks() {
        let file = "period = \"x\"\n\n[[value]]\nindicator = \"a\"\nnote = \"\"\"\n[[task]]\n# not a comment\n\"\"\"\n\n# about the task\n[[task]]\nref = \"p/1\"\nstatus = \"done\"\n";
        let out =
            place(file, &[], &[task("p/2", "[[task]]\nref = \"p/2\"\n"), value("b", "[[value]]\nindicator = \"b\"\n")])
                .unwrap();
        assert_eq!(
            out,
            "period = \"x\"\n\n[[value]]\nindicator = \"a\"\nnote = \"\"\"\n[[task]]\n# not a comment\n\"\"\"\n\n[[value]]\nindicator = \"b\"\n\n# about the task\n[[task]]\nref = \"p/1\"\nstatus = \"done\"\n\n[[task]]\nref = \"p/2\"\n"
        );
        // No figure yet: before the first task and its comment, after the header.
        let file = "period = \"x\" # q\n\n# about the task\n[[task]]\nref = \"p/1\"\n";
        let out = place(file, &[], &[value("b", "[[value]]\nindicator = \"b\"\n")]).unwrap();
        assert_eq!(
            out,
            "period = \"x\" # q\n\n[[value]]\nindicator = \"b\"\n\n# about the task\n[[task]]\nref = \"p/1\"\n"
        );
    }

    #[test]
    fn an_addition_where_a_replaced_block_starts_is_kept() {
        let file = "period = \"x\"\n# [[value]]\n# indicator = \"a\"\n# [[task]]\n# ref = \"p/1\"\n";
        let out =
            place(file, &[], &[task("p/1", "[[task]]\nref = \"p/1\"\n"), value("b", "[[value]]\nindicator = \"b\"\n")])
                .unwrap();
        assert_eq!(
            out,
            "period = \"x\"\n# [[value]]\n# indicator = \"a\"\n\n[[value]]\nindicator = \"b\"\n[[task]]\nref = \"p/1\"\n"
        );
    }

    #[test]
    fn an_empty_inline_list_is_replaced_by_blocks() {
        let file = "period = \"x\"\n# the figures\nvalue = []\ntask = [] # later\n";
        let out = place(file, &["value", "task"], &[value("b", "[[value]]\nindicator = \"b\"\n")]).unwrap();
        assert_eq!(out, "period = \"x\"\n# the figures\n# later\n\n[[value]]\nindicator = \"b\"\n");
    }
}
