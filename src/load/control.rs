//! Control characters (U+0000–U+001F but tab and line ends, U+007F–U+009F): not text. A feed
//! holding one is not XML, and feed readers reject it whole; a page shows nothing for it. They
//! come with text pasted from office programs and old encoders, or written as TOML escapes.
//! Word's manual line break (U+000B) and page break (U+000C) in a Markdown text are read as
//! line breaks (see `render::markdown`); any other is an error where it stands.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::reader::Ctx;

/// Whether `c` is a control character that no text may hold.
pub fn is_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `c` is a break pasted from an office program, which a Markdown text keeps as a line
/// break.
pub fn is_pasted_break(c: char) -> bool {
    matches!(c, '\u{B}' | '\u{C}')
}

/// Reports each control character of a Markdown text that is not a pasted break; `at` is where
/// the text starts in `ctx`'s offsets.
pub fn check_markdown(ctx: &mut Ctx, markdown: &str, at: usize) {
    for (i, c) in markdown.char_indices().filter(|&(_, c)| is_forbidden(c) && !is_pasted_break(c)) {
        let start = at + i;
        ctx.error(start..start + c.len_utf8(), format!("the control character {} is not text", code(c))).help = Some(
            format!(
                "remove it: {HARM}; it often comes with text pasted from another program or converted from an old encoding"
            ),
        );
    }
}

/// Reports each text of a TOML document that holds a control character. TOML itself refuses
/// them written as they are, so only an escape (`\u0007`, `\b`, `\f`) can make one.
pub fn check_toml(ctx: &mut Ctx, text: &str, table: &Spanned<DeTable>) {
    if !text.contains('\\') {
        return;
    }
    for (_, value) in table.get_ref().iter() {
        check_value(ctx, value);
    }
}

fn check_value(ctx: &mut Ctx, value: &Spanned<DeValue>) {
    match value.get_ref() {
        DeValue::String(s) => {
            if let Some(c) = s.chars().find(|&c| is_forbidden(c)) {
                ctx.error(
                    value.span(),
                    format!("this text holds the control character {}, which is not text", code(c)),
                )
                .help = Some(format!("remove its escape: {HARM}; a line break is written \\n"));
            }
        }
        DeValue::Array(items) => items.iter().for_each(|item| check_value(ctx, item)),
        DeValue::Table(table) => table.iter().for_each(|(_, v)| check_value(ctx, v)),
        _ => {}
    }
}

/// What a control character would do on the site.
const HARM: &str = "a feed holding one is not XML and feed readers reject it whole, and a page shows nothing for it";

/// `c` as Unicode names it, `U+0007`.
fn code(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_characters_that_are_not_text_are_forbidden() {
        for c in ['\u{0}', '\u{7}', '\u{B}', '\u{1B}', '\u{7F}', '\u{85}', '\u{9F}'] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', 'đ', '\u{A0}', '\u{200B}', '\u{2028}'] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    fn errors_of_toml(text: &str) -> Vec<String> {
        let mut diags = Vec::new();
        let mut ctx = Ctx::new(crate::diagnostic::FileId(0), &mut diags);
        super::super::reader::parse(&mut ctx, text);
        diags.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn an_escaped_control_character_is_an_error_at_its_text_and_a_raw_one_is_not_toml() {
        let errors = errors_of_toml(
            "title = \"Tin \\u0007 mới\"\n[[task]]\nlead = [\"a\", \"b\\fc\"]\nnote = \"dòng\\ndòng\"\n",
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].contains("U+0007") && errors[1].contains("U+000C"), "{errors:?}");
        let raw = errors_of_toml("title = \"Tin \u{B} mới\"\n");
        assert!(raw.len() == 1 && raw[0].contains("not valid TOML"), "{raw:?}");
        assert!(errors_of_toml("title = \"C:\\\\tmp\\tx\"\n").is_empty());
    }
}
