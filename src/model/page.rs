use chrono::NaiveDate;

use crate::diagnostic::{FileId, Span};

/// What a Markdown file under `content/` is, by where it sits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// `content/_index.md`.
    Home,
    /// `content/<slug>.md`.
    Free { slug: String },
    /// `content/plans/<plan>.md`.
    PlanCommentary { plan: String },
    /// `content/indicators/<id>.md`.
    IndicatorCommentary { indicator: String },
    /// `content/updates/<period>/<slug>.md`.
    Update { period: String, slug: String },
}

/// A page marked `draft = true`: left out of the site (but for a preview that shows drafts),
/// and known, so that what only it links to is held back with it (see [`crate::load::drafts`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub page: Page,
    /// The `draft` line, for what is said about the page.
    pub span: Span,
}

/// A Markdown page with its front matter.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Page {
    pub kind: PageKind,
    /// `vi` for `x.md`, `en` for `x.en.md`.
    pub lang: String,
    pub title: Option<String>,
    pub date: Option<NaiveDate>,
    pub summary: Option<String>,
    pub sample: bool,
    /// Orders free pages in navigation.
    pub weight: i64,
    /// Whether the front matter sets `weight`: a translation that does not takes its
    /// original's place in the menu.
    #[serde(skip)]
    pub weight_given: bool,
    pub body: String,
    /// Marked `draft = true`: in a site only when a preview shows drafts.
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub file: FileId,
    /// The front matter, for messages about the page as a whole.
    #[serde(skip)]
    pub span: Span,
    /// SHA-256 of the file's text: with its place (kind and language), everything the page is
    /// made from. What is kept of a page between builds is keyed by it rather than by hashing
    /// its text again for each language and each use.
    #[serde(skip)]
    pub digest: [u8; 32],
}

#[cfg(test)]
impl Page {
    /// A page of `kind` in `lang` with no front matter and no text, for tests to fill in.
    pub fn blank(kind: PageKind, lang: &str) -> Page {
        Page {
            kind,
            lang: lang.into(),
            title: None,
            date: None,
            summary: None,
            sample: false,
            weight: 0,
            weight_given: false,
            body: String::new(),
            draft: false,
            file: Default::default(),
            span: Default::default(),
            digest: Default::default(),
        }
    }
}
