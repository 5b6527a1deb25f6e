//! Text in another language than its page's says so: on English pages, what the documents give
//! only in Vietnamese (deadlines as written, outputs, sources, notes, names with no English) is
//! inside an element with `lang="vi"`, so that a screen reader reads it with a Vietnamese
//! voice. Checked on the default site, and on a copy of it with its English names taken out,
//! where every name, title, unit and period label falls back to the Vietnamese.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default site built once, and a copy of it whose indicators of one file, units, one plan,
/// periods, site title, home text and method text have no English.
fn sites() -> &'static [(tempfile::TempDir, PathBuf); 2] {
    static BUILT: OnceLock<[(tempfile::TempDir, PathBuf); 2]> = OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let default = common::build_to_shared(root, "page-language-default");
        let copy = tempfile::tempdir().unwrap();
        for dir in ["data", "content"] {
            common::copy_tree(&root.join(dir), &copy.path().join(dir));
        }
        std::fs::copy(root.join("site.toml"), copy.path().join("site.toml")).unwrap();
        for file in ["site.toml", "data/units.toml", "data/periods.toml", "data/plans/12-kh-tu.toml"] {
            untranslate(&copy.path().join(file));
        }
        untranslate(&copy.path().join("data/indicators/ha-tang-so.toml"));
        // The home and method texts in Vietnamese only: the English pages show them, marked.
        for file in ["content/_index.en.md", "content/method.en.md"] {
            std::fs::remove_file(copy.path().join(file)).unwrap();
        }
        let untranslated = common::build_to_shared(copy.path(), "page-language-untranslated");
        drop(copy);
        [default, untranslated]
    })
}

/// Takes every English variant (`name_en`, `title_en`, …) out of a TOML file.
fn untranslate(file: &Path) {
    let text = std::fs::read_to_string(file).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let key = l.split('=').next().unwrap_or("").trim();
            !key.ends_with("_en") || key.contains(' ')
        })
        .collect();
    assert!(kept.len() < text.lines().count(), "{} has no English to take out", file.display());
    std::fs::write(file, kept.join("\n") + "\n").unwrap();
}

/// Letters Vietnamese has and English does not: ă â đ ê ô ơ ư and the tone marks.
const VIETNAMESE: &str = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";

/// English words that Vietnamese text does not hold: a text with one of them is English, with
/// Vietnamese names in it perhaps ("People's Committee of Ngô Quyền ward").
const ENGLISH: &[&str] =
    &["the", "of", "and", "in", "for", "on", "by", "with", "from", "is", "are", "as", "at", "an", "its", "or"];

/// Whether a text is Vietnamese: a word with Vietnamese letters that is not an abbreviation
/// (`QĐ`, `BCĐTW` in document numbers), and no English word.
fn is_vietnamese(text: &str) -> bool {
    let words: Vec<&str> = text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).collect();
    let vietnamese = words.iter().any(|w| {
        w.chars().any(|c| c.is_lowercase()) && w.chars().flat_map(char::to_lowercase).any(|c| VIETNAMESE.contains(c))
    });
    vietnamese && !words.iter().any(|w| ENGLISH.contains(w))
}

/// Elements with no end tag.
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];
/// Elements whose content is not text of the page (or not in the body): skipped whole.
const SKIPPED: &[&str] = &["script", "style", "textarea", "title", "svg"];

/// Each text of a page with the language it is in: that of its nearest ancestor with `lang`.
fn texts_with_language(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            break;
        };
        let text = &rest[..lt];
        if !text.trim().is_empty() {
            let lang = stack.iter().rev().find_map(|(_, l)| l.clone()).unwrap_or_default();
            out.push((text.trim().to_string(), lang));
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let end = rest.find('>').expect("a tag ends");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at);
            }
            continue;
        }
        let name = tag.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) {
            let close = format!("</{name}>");
            rest = rest.find(&close).map_or("", |e| &rest[e + close.len()..]);
            continue;
        }
        if VOID.contains(&name.as_str()) || tag.ends_with('/') {
            continue;
        }
        let lang = tag.find(" lang=\"").map(|at| {
            let value = &tag[at + 7..];
            value[..value.find('"').unwrap_or(value.len())].to_string()
        });
        stack.push((name, lang));
    }
    out
}

#[test]
fn the_detector_tells_vietnamese_text_from_english_text_with_vietnamese_names() {
    for vi in
        ["Thường xuyên", "Quý I/2026", "Văn bản/Báo cáo", "Phụ lục, dòng 19", "12 nền tảng", "Target Quý III/2026"]
    {
        assert!(is_vietnamese(vi), "{vi}");
    }
    for en in ["People's Committee of Ngô Quyền ward", "02-CTr/BCĐTW", "57-NQ/TW; 204-QĐ/TW", "Target Q3 2026", "2026"]
    {
        assert!(!is_vietnamese(en), "{en}");
    }
    let texts = texts_with_language(
        "<html lang=\"en\"><body><p>Due <span lang=\"vi\">Quý I/2026</span><br> — Thường xuyên</p><svg><title>Hằng năm</title></svg></body></html>",
    );
    assert_eq!(
        texts,
        [("Due".into(), "en".into()), ("Quý I/2026".into(), "vi".into()), ("— Thường xuyên".into(), "en".into())]
    );
}

#[test]
fn vietnamese_text_on_english_pages_is_marked_vietnamese() {
    for (_, site) in sites() {
        let mut unmarked: Vec<String> = Vec::new();
        let mut marked = 0;
        for (path, html) in common::html_files(&site.join("en")) {
            for (text, lang) in texts_with_language(&html) {
                if !is_vietnamese(&text) {
                    continue;
                }
                if lang == "vi" {
                    marked += 1;
                } else {
                    unmarked.push(format!("en/{path}: {text:?} (lang {lang:?})"));
                }
            }
        }
        unmarked.sort();
        unmarked.dedup();
        assert!(
            unmarked.is_empty(),
            "{}: {} Vietnamese texts on English pages not marked lang=\"vi\":\n{}",
            site.display(),
            unmarked.len(),
            unmarked.iter().take(40).cloned().collect::<Vec<_>>().join("\n")
        );
        assert!(marked > 1000, "{}: only {marked} Vietnamese texts on English pages", site.display());
    }
}

#[test]
fn vietnamese_pages_mark_no_vietnamese_text() {
    for (_, site) in sites() {
        for (path, html) in common::html_files(site) {
            if path.starts_with("en/") || path.starts_with("archive/") {
                continue;
            }
            let marks = html.matches(" lang=\"vi\"").count() - html.matches("<html lang=\"vi\"").count();
            assert_eq!(marks, 0, "{path} marks Vietnamese text on a Vietnamese page");
        }
    }
}

#[test]
fn no_page_names_its_subject_twice() {
    let mut checked = 0;
    for (_, site) in sites() {
        for (path, html) in common::html_files(site) {
            let Some(h1) = html.find("<h1") else { continue };
            // The heading's text, and the text right after it (a subtitle, when there is one).
            let after = texts_with_language(&html[h1..]);
            let (Some(heading), Some(next)) = (after.first(), after.get(1)) else { continue };
            checked += 1;
            assert_ne!(heading.0, next.0, "{path} shows {:?} twice, under itself", heading.0);
        }
    }
    assert!(checked > 500, "only {checked} pages checked");
}

#[test]
fn an_untranslated_name_is_shown_once_and_marked() {
    let (_, site) = &sites()[1];
    let html = std::fs::read_to_string(site.join("en/indicators/phu-song-5g/index.html")).unwrap();
    assert!(html.contains("<h1 lang=\"vi\">Tỷ lệ"), "the Vietnamese name is the heading, marked");
    assert_eq!(html.matches("<p class=\"muted\" lang=\"vi\">").count(), 0, "and not repeated under it");
    let plan = std::fs::read_to_string(site.join("en/plans/12-kh-tu/index.html")).unwrap();
    assert!(plan.contains("<h1 lang=\"vi\">"), "an untranslated plan title is marked");
    assert!(!plan.contains("<p class=\"muted\" lang=\"vi\">"), "and not repeated under it");
}

#[test]
fn an_indicator_s_description_is_in_english_where_it_has_one_and_marked_where_not() {
    let [(_, default), (_, untranslated)] = sites();
    let page = |site: &Path, path: &str| std::fs::read_to_string(site.join(path)).unwrap();
    let english = "<p>Plan 12-KH/TU, section III.2: “5G coverage rate in the territory”";
    assert!(page(default, "en/indicators/phu-song-5g/index.html").contains(english));
    let vietnamese = "<p>Kế hoạch 12-KH/TU, mục III.2: “Tỷ lệ phủ sóng 5G trên địa bàn”";
    assert!(page(default, "indicators/phu-song-5g/index.html").contains(vietnamese));
    // Without `description_en`, the English page shows the Vietnamese, marked.
    let marked = "<p lang=\"vi\">Kế hoạch 12-KH/TU, mục III.2: “Tỷ lệ phủ sóng 5G trên địa bàn”";
    assert!(page(untranslated, "en/indicators/phu-song-5g/index.html").contains(marked));
}

#[test]
fn figures_with_a_vietnamese_unit_inside_an_english_explanation_are_marked() {
    // The status explained in an English sentence, of an indicator whose unit has no English
    // (the fixture's `hạng`): each figure with its unit is marked, the sentence is not.
    let (_dir, site) = common::build_to_shared(&common::fixture("basic"), "page-language-basic");
    let html = std::fs::read_to_string(site.join("en/indicators/thu-hang/index.html")).unwrap();
    let at = html.find("<p class=\"explain\">").expect("an explanation");
    let p = &html[at..at + html[at..].find("</p>").unwrap() + 4];
    let mut marked = 0;
    for (text, lang) in texts_with_language(&format!("<div lang=\"en\">{p}</div>")) {
        if lang == "vi" {
            assert!(text.ends_with("hạng"), "{text:?} in:\n{p}");
            marked += 1;
        } else {
            assert!(!text.contains("hạng") && !is_vietnamese(&text), "{text:?} is not marked Vietnamese in:\n{p}");
        }
    }
    assert!(marked >= 3, "{marked} marked figures in:\n{p}");
    // The chart's title, the indicator's name, which has no English either.
    assert!(html.contains("-t\" lang=\"vi\">Thứ hạng chỉ số chuyển đổi số</title>"), "{html}");
}
