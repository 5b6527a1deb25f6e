//! How search compares words: case and Vietnamese diacritics are folded on both the indexed
//! text and the query, so `dau tu` finds "đầu tư". Unicode decomposition removes tones and
//! vowel marks (ầ → a, ơ → o, ư → u) but leaves `đ` whole, so `đ`/`Đ` → `d` is done here.
//!
//! The same three functions exist in `themes/default/static/search.js`; a test checks that the
//! script still uses the same word pattern and rules.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The letters searched as `d`: `đ`, `Đ`, and the letters that look like them (Ð, ð, Ɖ, ɖ),
/// which text converted from old Vietnamese encodings holds in their place. Slugs read them as
/// `d` too.
const LIKE_D: [char; 6] = ['đ', 'Đ', 'Ð', 'ð', 'Ɖ', 'ɖ'];

/// A word as searched: lower case, no diacritics, `đ` → `d`.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        match c {
            c if is_combining_mark(c) => {}
            c if LIKE_D.contains(&c) => out.push('d'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A word as written, in lower case (NFC): what an exact-diacritics match compares.
pub fn lower(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    // The words of a text are already composed (see `words`): most need no normalising.
    if is_nfc_quick(word.chars()) == IsNormalized::Yes {
        return word.chars().flat_map(char::to_lowercase).collect();
    }
    word.nfc().flat_map(char::to_lowercase).collect()
}

/// A word of a text (see [`words`], so in NFC) as searched and as written: what [`fold`] and
/// [`lower`] give, made in one pass. Indexing a large site folds a few hundred thousand
/// distinct words, nearly all of them Latin (Vietnamese among them): their letters are looked
/// up in a table made once, rather than decomposed, recomposed and lowered one by one.
pub fn fold_and_lower(word: &str) -> (String, String) {
    if word.is_ascii() {
        let lowered = word.to_ascii_lowercase();
        return (lowered.clone(), lowered);
    }
    let table = latin();
    let (mut folded, mut lowered) = (String::with_capacity(word.len()), String::with_capacity(word.len()));
    for c in word.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            lowered.push(c.to_ascii_lowercase());
        } else if let Some(letter) = table.get(c) {
            folded.push_str(&letter.folded);
            lowered.push_str(&letter.lowered);
        } else {
            return (fold(word), lower(word));
        }
    }
    (folded, lowered)
}

/// A letter as [`fold`] and [`lower`] make it.
struct Letter {
    folded: String,
    lowered: String,
}

/// The non-ASCII letters of Latin-1, Latin Extended-A and -B and Latin Extended Additional,
/// folded and lowered. A word of such letters folds and lowers letter by letter: each is
/// composed and a starter (so `lower` leaves the word as it is but its case), and what
/// decomposing one adds are marks, which `fold` drops (so reordering them changes nothing);
/// a test checks both for every letter.
struct Latin {
    /// From U+0080 to U+024F.
    extended: Vec<Letter>,
    /// From U+1E00 to U+1EFF.
    additional: Vec<Letter>,
}

const EXTENDED: std::ops::Range<u32> = 0x80..0x250;
const ADDITIONAL: std::ops::Range<u32> = 0x1e00..0x1f00;

impl Latin {
    fn make() -> Self {
        let letters = |range: std::ops::Range<u32>| -> Vec<Letter> {
            range
                .map(|n| {
                    // Every number in these ranges is a character.
                    let c = char::from_u32(n).unwrap_or_default().to_string();
                    Letter { folded: fold(&c), lowered: lower(&c) }
                })
                .collect()
        };
        Latin { extended: letters(EXTENDED), additional: letters(ADDITIONAL) }
    }

    fn get(&self, c: char) -> Option<&Letter> {
        let n = u32::from(c);
        if EXTENDED.contains(&n) {
            self.extended.get((n - EXTENDED.start) as usize)
        } else if ADDITIONAL.contains(&n) {
            self.additional.get((n - ADDITIONAL.start) as usize)
        } else {
            None
        }
    }
}

/// Whether a character is ASCII or one of the letters of [`Latin`].
fn is_latin(c: char) -> bool {
    let n = u32::from(c);
    n < EXTENDED.end || ADDITIONAL.contains(&n)
}

fn latin() -> &'static Latin {
    static LATIN: std::sync::OnceLock<Latin> = std::sync::OnceLock::new();
    LATIN.get_or_init(Latin::make)
}

fn word_char(c: char) -> bool {
    // No ASCII character is a combining mark: most of a text is looked up no further. Nor is
    // a Vietnamese letter: Latin-1's and Latin Extended's letters (but × and ÷), and all of
    // Latin Extended Additional (ạ … ỹ), are letters, without a look in Unicode's tables.
    match u32::from(c) {
        0..=0x7f => c.is_ascii_alphanumeric(),
        0xc0..=0x24f => c != '×' && c != '÷',
        0x1e00..=0x1eff => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// The words of a text: runs of letters, digits and combining marks, in NFC. Everything else
/// (spaces, punctuation, `-`, `/`, `.`) separates words, so `12-KH/TU` is `12`, `KH`, `TU`.
/// Sources are read in NFC, so most words are already composed and are only borrowed.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !word_char(c)).filter(|w| !w.is_empty()).map(|w| {
        // A word of Latin letters is composed (see `Latin`): no need to look each one up.
        if w.is_ascii() || w.chars().all(is_latin) || is_nfc_quick(w.chars()) == IsNormalized::Yes {
            Cow::Borrowed(w)
        } else {
            Cow::Owned(w.nfc().collect())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_characters_are_the_letters_digits_and_marks_of_unicode() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(word_char(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
        }
    }

    #[test]
    fn folds_case_tones_marks_and_d_with_stroke() {
        assert_eq!(fold("Điện lực Hải Phòng"), "dien luc hai phong");
        assert_eq!(fold("ĐẦU TƯ"), "dau tu");
        // Ð (U+00D0), the look-alike an old encoding's conversion leaves, is searched as Đ,
        // letter by letter too, and its page's address reads it as `d` as well.
        assert_eq!(fold("Ðà Nẵng ðường"), "da nang duong");
        assert_eq!(fold_and_lower("Ðà").0, "da");
        assert_eq!(crate::text::slugify("Ðà Nẵng"), "da-nang");
        assert_eq!(fold("Sở Y tế"), "so y te");
        assert_eq!(fold("ưu tiên"), "uu tien");
        // Decomposed input folds the same as composed.
        assert_eq!(fold("s\u{1a1}\u{309}"), fold("sở"));
    }

    #[test]
    fn the_search_script_folds_the_same_way() {
        let js = include_str!("../../../themes/default/static/search.js");
        // `char::is_alphanumeric` is Alphabetic or Numeric; `is_combining_mark` is Mark.
        assert!(js.contains(r"var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;"));
        let like_d: String = LIKE_D.iter().collect();
        let fold = format!(r#"return w.normalize("NFD").replace(MARK, "").replace(/[{like_d}]/g, "d").toLowerCase();"#);
        assert!(js.contains(&fold), "{fold}");
        assert!(js.contains(r#"return w.normalize("NFC").toLowerCase();"#));
    }

    #[test]
    fn latin_letters_fold_and_lower_one_by_one() {
        use unicode_normalization::char::canonical_combining_class;
        for n in EXTENDED.chain(ADDITIONAL) {
            let c = char::from_u32(n).unwrap();
            let one = c.to_string();
            // Composed and a starter: a word of such letters is in NFC, so `words` takes it as
            // it is, and `lower` only changes its case.
            assert_eq!(is_nfc_quick(one.chars()), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            // What decomposing it adds but its first letter are marks, which `fold` drops.
            assert!(one.nfd().skip(1).all(is_combining_mark), "{c:?}");
            assert_eq!(fold_and_lower(&one), (fold(&one), lower(&one)), "{c:?}");
        }
        for word in ["Điện", "ĐẦU", "Tư", "ưu", "Ǆemal", "KH&CN", "sở", "Sổ", "naïve", "Ωmega", "s\u{1a1}\u{309}"]
        {
            assert_eq!(fold_and_lower(word), (fold(word), lower(word)), "{word}");
        }
    }

    #[test]
    fn lower_keeps_diacritics() {
        assert_eq!(lower("Sở Y Tế"), "sở y tế");
        assert_eq!(lower("s\u{1a1}\u{309}"), "sở");
        assert_ne!(lower("đầu"), lower("dầu"));
    }

    #[test]
    fn words_split_on_punctuation() {
        let w: Vec<Cow<str>> = words("Kế hoạch 12-KH/TU, ngày 1.2 (Sở KH&CN)").collect();
        assert_eq!(w, ["Kế", "hoạch", "12", "KH", "TU", "ngày", "1", "2", "Sở", "KH", "CN"]);
        let decomposed: Vec<Cow<str>> = words("so\u{31b}\u{309} y").collect();
        assert_eq!(decomposed, ["sở", "y"]);
    }
}
