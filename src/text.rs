//! Text helpers shared by every stage: Unicode normalisation, comparison keys, slugs and
//! "did you mean" suggestions.

use unicode_normalization::UnicodeNormalization;

/// NFC-normalises and trims a string read from a source file, so that the same Vietnamese text
/// typed with combining marks or precomposed letters compares and renders identically. Line
/// breaks become `\n`: a file saved on Windows holds `\r\n` in a text over several lines, the
/// same text as a form's cell gives back with `\n`.
pub fn clean(s: &str) -> String {
    let text = nfc(s);
    let text = text.trim_matches(|c: char| c.is_whitespace() || INVISIBLE.contains(&c));
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() }
}

/// Characters that take no room on a page (zero-width spaces and joiners, the word joiner, a
/// byte-order mark, a soft hyphen), copied along from web pages and office files: a text of
/// them alone is empty, and two names that differ only by them are one name.
const INVISIBLE: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}'];

/// `s` in NFC, its spaces kept.
pub fn nfc_string(s: &str) -> String {
    nfc(s).into_owned()
}

/// A key under which names are compared: NFC, case-folded, inner whitespace collapsed.
pub fn fold_key(s: &str) -> String {
    nfc(s).to_lowercase().replace(INVISIBLE, "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `s` in NFC. Nearly all text is NFC already (precomposed Vietnamese as keyboards type it):
/// the quick check proves it far faster than composing, which loading a large site spent a
/// third of its time on.
fn nfc(s: &str) -> std::borrow::Cow<'_, str> {
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => std::borrow::Cow::Borrowed(s),
        _ => std::borrow::Cow::Owned(s.nfc().collect()),
    }
}

/// A URL- and file-safe slug: Vietnamese letters transliterated (đ → d, ộ → o), lower case,
/// runs of anything else collapsed to one hyphen.
///
/// ```
/// assert_eq!(minhbach::text::slugify("Đổi mới sáng tạo"), "doi-moi-sang-tao");
/// ```
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(&s.replace(['đ', 'Đ'], "d"));
    let mut out = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The candidates closest to `wanted`, best first, for "did you mean" hints. Compares folded
/// keys with normalised Levenshtein distance and keeps only reasonably close ones.
pub fn closest<'a, I>(wanted: &str, candidates: I, max: usize) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let w = fold_key(wanted);
    let mut scored: Vec<(f64, String)> = candidates
        .into_iter()
        .map(|c| {
            let k = fold_key(c);
            let mut score = strsim::normalized_levenshtein(&w, &k);
            if !w.is_empty() && (k.contains(&w) || w.contains(&k)) {
                score = score.max(0.7);
            }
            (score, c.to_string())
        })
        .filter(|(s, _)| *s >= 0.4)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// Joins names for messages, each between `quote`s: "`a`, `b` or `c`".
pub fn quoted_list(items: &[String], quote: char) -> String {
    let q: Vec<String> = items.iter().map(|i| format!("{quote}{i}{quote}")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!("{} or {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// `s` as one word of a command to copy into a terminal: as it is when a shell takes it so
/// (letters, digits, `_`, `-`, `.`, `/`, `:`, `@`, `+`, `,`, `=` and letters beyond ASCII), else
/// quoted, so that a folder named with a space is one argument.
pub fn shell_word(s: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-./:@+,=".contains(c);
    if !s.is_empty() && s.chars().all(plain) {
        return s.to_string();
    }
    if cfg!(windows) { format!("\"{}\"", s.replace('"', "\"\"")) } else { format!("'{}'", s.replace('\'', "'\\''")) }
}

/// Texts as the items of a TOML list: `"vi", "en"`, for messages that show what to write.
pub fn toml_items(items: &[String]) -> String {
    items.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ")
}

/// Escapes what HTML, SVG and XML text and attributes need escaped. Tera's default also escapes `/`, which bloats every
/// relative link (`..&#x2F;..&#x2F;`) without making anything safer.
pub fn escape(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    escape_into(&mut out, input);
    out
}

/// [`escape`], onto the end of `out`.
pub fn escape_into(out: &mut String, input: &str) {
    let mut safe = 0;
    // The escaped characters are ASCII, so a byte that is one is never inside another
    // character: the runs between them are copied whole.
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[safe..i]);
        out.push_str(entity);
        safe = i + 1;
    }
    out.push_str(&input[safe..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn line_breaks_are_one_character_whatever_system_saved_them() {
        assert_eq!(clean(" Dòng 1\r\nDòng 2\rDòng 3\n"), "Dòng 1\nDòng 2\nDòng 3");
    }

    #[test]
    fn a_path_for_a_command_is_quoted_only_when_a_shell_would_split_it() {
        assert_eq!(shell_word("/tmp/hai-phong_2026/site"), "/tmp/hai-phong_2026/site");
        assert_eq!(shell_word("/tmp/Hải Phòng site"), "'/tmp/Hải Phòng site'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word("a$b"), "'a$b'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn escape_replaces_only_what_markup_needs() {
        assert_eq!(escape(r#"a<b>&"c" 'd' ../x/"#), "a&lt;b&gt;&amp;&quot;c&quot; &#39;d&#39; ../x/");
        assert_eq!(escape("Sở “KH&CN” – đ"), "Sở “KH&amp;CN” – đ");
        assert_eq!(escape(""), "");
        assert_eq!(escape("<"), "&lt;");
    }

    #[test]
    fn slugs_transliterate_vietnamese() {
        assert_eq!(slugify("Sở Khoa học và Công nghệ"), "so-khoa-hoc-va-cong-nghe");
        assert_eq!(slugify("Đường điện đô thị"), "duong-dien-do-thi");
        assert_eq!(slugify("  Quý II/2026 "), "quy-ii-2026");
    }

    #[test]
    fn fold_key_ignores_case_form_and_spacing() {
        // "ộ" precomposed versus o + combining circumflex + combining dot below.
        let decomposed = "Co\u{0302}\u{0323}ng  Nghe\u{0323}\u{0302}";
        assert_eq!(fold_key(decomposed), fold_key("cộng nghệ"));
        // A zero-width space copied along makes no other name.
        assert_eq!(fold_key("Sở Tài\u{200B} chính"), fold_key("Sở Tài chính"));
    }

    #[test]
    fn a_text_of_invisible_characters_alone_is_empty() {
        assert_eq!(clean("\u{200B}\u{FEFF} \u{2060}"), "");
        assert_eq!(clean("\u{FEFF}Sở Y tế\u{200B} "), "Sở Y tế");
        assert_eq!(clean("Sở\u{200B}Y"), "Sở\u{200B}Y", "only at the ends: inside, a note keeps what it was given");
    }

    #[test]
    fn clean_composes_and_trims() {
        assert_eq!(clean(" Co\u{0302}\u{0323}ng nghe\u{0323}\u{0302}\n"), "Cộng nghệ");
        assert_eq!(clean("  Cộng nghệ "), "Cộng nghệ");
        // Already NFC but for one letter at the end.
        assert_eq!(clean("Công nghê\u{0323}"), "Công nghệ");
        assert_eq!(clean("plain ascii"), "plain ascii");
    }

    #[test]
    fn closest_suggests_near_names() {
        let c = closest("titel", ["title", "id", "section", "output"], 3);
        assert_eq!(c, vec!["title".to_string()]);
        assert!(closest("zzzz", ["title"], 3).is_empty());
    }
}
