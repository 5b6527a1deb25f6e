//! Text laid out on a share picture: how wide it is drawn, broken into lines that fit, and
//! at the largest size that fits.

use super::text;

/// How far `text` reaches when drawn, in pixels.
pub(super) fn width(text: &str, size: f64, bold: bool) -> i32 {
    text::width(text, size, bold)
}

/// `text` broken into at most `max_lines` lines of at most `max` pixels, the last one
/// shortened with "…" when the text does not fit. A word wider than a line (an address, a
/// code, a name written without spaces) is broken where the line ends, never left to run off
/// the picture.
pub(super) fn wrap(text: &str, size: f64, bold: bool, max: i32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() { word.to_string() } else { format!("{cur} {word}") };
        if width(&candidate, size, bold) <= max {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // The word starts a line; measured alone only then, when it may not fit one.
        let mut pieces = pieces(word, size, bold, max);
        cur = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.last_mut().expect("max_lines > 0");
        while !last.is_empty() && width(&format!("{last} …"), size, bold) > max {
            // Whole words go first; a line of one piece loses letters.
            match last.rfind(' ') {
                Some(cut) => last.truncate(cut),
                None => {
                    last.pop();
                }
            }
        }
        last.push_str(if last.is_empty() { "…" } else { " …" });
    }
    lines
}

/// `word` as it fits on lines of `max` pixels: whole when it fits, else in pieces that each
/// fill a line (at least one letter each).
fn pieces(word: &str, size: f64, bold: bool, max: i32) -> Vec<String> {
    if width(word, size, bold) <= max {
        return vec![word.to_string()];
    }
    let mut out = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        piece.push(c);
        if width(&piece, size, bold) > max && piece.chars().count() > 1 {
            piece.pop();
            out.push(std::mem::replace(&mut piece, c.to_string()));
        }
    }
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

/// `text` at the first of `sizes` (largest first) at which it fits one line of `max` pixels;
/// else wrapped at the smallest into at most `max_lines` lines. A figure is never cut short of
/// its unit while a smaller size would show it whole.
pub(super) fn fitted(text: &str, sizes: &[f64], bold: bool, max: i32, max_lines: usize) -> (f64, Vec<String>) {
    for &size in sizes {
        if width(text, size, bold) <= max {
            return (size, vec![text.to_string()]);
        }
    }
    let size = sizes.last().copied().unwrap_or(32.0);
    (size, wrap(text, size, bold, max, max_lines))
}
