//! Reading Markdown pages under `content/`: where a file sits says what it is; its TOML front
//! matter between `+++` lines says its title, date and the rest.

use super::reader::{self, Ctx, Table};
use crate::diagnostic::FileId;
use crate::model::{Draft, Page, PageKind};
use sha2::Digest;

/// The layout of `content/`, for messages about misplaced files.
pub const LAYOUT: &str = "content/_index.md (home), content/<page>.md, content/plans/<plan>.md, \
content/indicators/<id>.md, content/updates/<period>/<post>.md; add `.en` before `.md` for English";

/// What a content path (relative to `content/`, `/`-separated) is, and its language.
pub fn classify(rel: &str) -> Option<(PageKind, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (stem, lang) = match stem.strip_suffix(".en") {
        Some(s) => (s, "en"),
        None => (stem, "vi"),
    };
    let parts: Vec<&str> = stem.split('/').collect();
    let kind = match parts.as_slice() {
        ["_index"] => PageKind::Home,
        [slug] => PageKind::Free { slug: (*slug).to_string() },
        ["plans", plan] => PageKind::PlanCommentary { plan: (*plan).to_string() },
        ["indicators", id] => PageKind::IndicatorCommentary { indicator: (*id).to_string() },
        ["updates", period, slug] => PageKind::Update { period: (*period).to_string(), slug: (*slug).to_string() },
        _ => return None,
    };
    Some((kind, lang.to_string()))
}

/// What is wrong with the name of a Markdown file under `content/` that ends as if naming a
/// language other than English (`gioi-thieu.fr.md`, `gioi-thieu.vi.md`): read as a page's
/// name it would be published as a page of its own (`gioi-thieu-fr/`), in Vietnamese, which is
/// never what such a name means. The message, and what is accepted.
pub fn language_not_read(rel: &str) -> Option<(String, String)> {
    let stem = rel.strip_suffix(".md")?;
    let (name, suffix) = stem.rsplit_once('.')?;
    if name.ends_with('/') || name.is_empty() || suffix == "en" {
        return None;
    }
    let language = |s: &str| (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase());
    let tag = suffix.split_once('-').map_or(suffix, |(lang, _)| lang);
    if !language(tag) {
        return None;
    }
    let file = name.rsplit('/').next().unwrap_or(name);
    Some(if suffix == "vi" {
        (
            format!("`.vi` before `.md` is not read as a language: this would be a page named `{file}.vi`"),
            format!("a page in Vietnamese, the site's own language, is named without it: {file}.md"),
        )
    } else {
        (
            format!("`.{suffix}` before `.md` names a language pages are not read in"),
            format!(
                "pages are read in Vietnamese ({file}.md) and English ({file}.en.md); if `.{suffix}` is part of \
                 the page's name, write it with a hyphen: {file}-{suffix}.md"
            ),
        )
    })
}

/// Splits `+++` front matter from the body; returns (front matter, its byte offset, body).
fn split_front_matter(text: &str) -> Result<Option<(&str, usize, &str)>, &'static str> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let first = text[..first_line_end].trim_end();
    if first == "---" {
        return Err("front matter must be TOML between `+++` lines, not YAML between `---`");
    }
    if first != "+++" {
        if lost_front_matter(text) {
            return Err("front matter must start with a line `+++` at the very top of the file; as it is, \
                        its lines would be published as the page's text");
        }
        return Ok(None);
    }
    let start = first_line_end;
    let mut pos = start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "+++" {
            return Ok(Some((&text[start..pos], start, &text[end..])));
        }
        pos = end;
    }
    Err("the front matter opened by `+++` on line 1 is never closed")
}

/// Whether a text that does not start with `+++` holds front matter all the same: a `+++` line
/// with only blank lines or `key = …` lines above it (the opening `+++` lost, or moved down), or
/// a first line that sets a front matter field with no `+++` at all.
fn lost_front_matter(text: &str) -> bool {
    let is_field = |line: &str| {
        line.split_once('=').is_some_and(|(key, _)| {
            let key = key.trim();
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
    };
    for line in text.lines() {
        match line.trim() {
            "+++" => return true,
            "" => {}
            other if is_field(other) => {}
            _ => break,
        }
    }
    let first = text.lines().next().unwrap_or("");
    first.split_once('=').is_some_and(|(key, _)| {
        ["title", "date", "summary", "sample", "weight", "draft"].contains(&key.trim()) && is_field(first)
    })
}

/// Where the body of a page's text starts, after its front matter.
pub fn body_start(text: &str) -> usize {
    match split_front_matter(text) {
        Ok(Some((_, _, body))) => text.len() - body.len(),
        _ => 0,
    }
}

/// What a Markdown file under `content/` holds.
pub enum Content {
    Page(Page),
    Draft(Draft),
}

pub fn page(ctx: &mut Ctx, text: &str, kind: PageKind, lang: String, file: FileId) -> Option<Content> {
    let (front, offset, body) = match split_front_matter(text) {
        Ok(Some(parts)) => parts,
        Ok(None) => ("", 0, text),
        Err(message) => {
            ctx.error(0..3.min(text.len()), message).help =
                Some("start the file with a line `+++`, then `title = \"…\"`, then a closing `+++`".into());
            return None;
        }
    };
    ctx.base = offset;
    let root = reader::parse(ctx, front);
    let body_at = (body.as_ptr() as usize - text.as_ptr() as usize).saturating_sub(offset);
    super::control::check_markdown(ctx, body, body_at);
    let page = root.map(|root| {
        let t = Table::new(&root, "front matter");
        t.check_fields(ctx, &["title", "date", "summary", "sample", "weight", "draft"]);
        let title = t.opt_string(ctx, "title");
        // `title = ""` is never meant: it would build a page with an empty heading.
        if let Some(v) = t.get("title")
            && title.is_none()
            && matches!(v.get_ref(), toml::de::DeValue::String(_))
        {
            let needed = matches!(kind, PageKind::Update { .. });
            ctx.error(v.span(), "`title` in front matter is empty").help = Some(if needed {
                "an update needs its title: title = \"Kết quả quý I/2026\"".into()
            } else {
                "write the page's title, or leave the line out".into()
            });
        }
        let date = t.opt_date(ctx, "date").map(|d| d.value);
        if let PageKind::Update { .. } = kind {
            // A file with no front matter at all: a line `date = …` alone would be its text.
            let between = |line: &str| {
                if offset == 0 {
                    format!("start the file with front matter: a line `+++`, {line}, and a closing `+++`")
                } else {
                    format!("add it between the `+++` lines: {line}")
                }
            };
            if date.is_none() && t.get("date").is_none() {
                t.report_missing(ctx, "date", "an update has no `date`", between("date = 2026-04-15"));
            }
            if title.is_none() && t.get("title").is_none() {
                t.report_missing(ctx, "title", "an update has no `title`", between("title = \"Kết quả quý I/2026\""));
            }
        }
        let draft = t.bool(ctx, "draft");
        // A page of its own with no text is most likely one not written yet: it would be
        // published as an empty page.
        if !draft && matches!(kind, PageKind::Free { .. } | PageKind::Update { .. }) && body.trim().is_empty() {
            // Said where its text would begin.
            ctx.warning(body_at..body_at, "this page has no text: it is published as an empty page").help =
                Some("write its text below the front matter, or mark it `draft = true` until it is written".into());
        }
        let weight = t.opt_integer(ctx, "weight");
        let page = Page {
            kind,
            lang,
            title,
            date,
            summary: t.opt_string(ctx, "summary"),
            sample: t.bool(ctx, "sample"),
            weight: weight.unwrap_or(0),
            weight_given: weight.is_some(),
            body: crate::text::clean(body),
            draft,
            file,
            span: ctx.span(t.head()),
            digest: sha2::Sha256::digest(text).into(),
        };
        match t.get("draft").filter(|_| draft) {
            Some(line) => Content::Draft(Draft { page, span: ctx.span(line.span()) }),
            None => Content::Page(page),
        }
    });
    ctx.base = 0;
    let body_offset = text.len() - body.len();
    for problem in super::markdown::check(body) {
        let range = problem.range.start + body_offset..problem.range.end + body_offset;
        let said =
            if problem.warning { ctx.warning(range, problem.message) } else { ctx.error(range, problem.message) };
        said.help = Some(problem.help);
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_content_paths() {
        assert_eq!(classify("_index.md"), Some((PageKind::Home, "vi".into())));
        assert_eq!(classify("about.en.md"), Some((PageKind::Free { slug: "about".into() }, "en".into())));
        assert_eq!(
            classify("updates/2026-Q1/ket-qua.md"),
            Some((PageKind::Update { period: "2026-Q1".into(), slug: "ket-qua".into() }, "vi".into()))
        );
        assert_eq!(classify("misc/deep/x.md"), None);
        assert_eq!(classify("notes.txt"), None);
    }

    #[test]
    fn a_name_ending_in_another_language_is_refused_with_what_to_write() {
        let (message, help) = language_not_read("updates/2026-Q1/ket-qua.fr.md").unwrap();
        assert!(
            message.contains("`.fr`") && help.contains("ket-qua.en.md") && help.contains("ket-qua-fr.md"),
            "{help}"
        );
        let (message, help) = language_not_read("gioi-thieu.vi.md").unwrap();
        assert!(message.contains("`.vi`") && help.contains("gioi-thieu.md"), "{help}");
        assert!(language_not_read("gioi-thieu.zh-Hant.md").is_some());
        for accepted in
            ["gioi-thieu.md", "gioi-thieu.en.md", "nq-57.2024.md", "ban.v2.md", "a.Bao.md", ".fr.md", "x/.fr.md"]
        {
            assert_eq!(language_not_read(accepted), None, "{accepted}");
        }
    }

    #[test]
    fn splits_front_matter() {
        let (fm, off, body) = split_front_matter("+++\ntitle = \"a\"\n+++\nbody\n").unwrap().unwrap();
        assert_eq!((fm, off, body), ("title = \"a\"\n", 4, "body\n"));
        assert!(split_front_matter("+++\ntitle = 1\n").is_err());
        assert!(split_front_matter("---\ntitle: a\n---\n").is_err());
        assert_eq!(split_front_matter("# Hello\n").unwrap(), None);
        assert!(split_front_matter("title = \"a\"\ndraft = true\n+++\nbody\n").is_err());
        assert!(split_front_matter("\n+++\ntitle = \"a\"\n+++\nbody\n").is_err());
        assert!(split_front_matter("draft = true\n\nbody\n").is_err());
        assert_eq!(split_front_matter("Xin chào\n\n+++\n").unwrap(), None);
    }
}
