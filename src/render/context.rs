//! What every page needs to know about where it is: its language, its UI strings and how to
//! reach any other page by a relative link.

use serde_json::{Value, json};

use crate::assess::status::Status;
use crate::model::TaskStatus;
use crate::theme::Theme;

/// A JSON object of values already made, moved in. `json!` would serialise each of them into
/// a copy of itself, which for the long lists of a large site was a tenth of its build.
pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
    Value::Object(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The language a page is rendered in, and where its language's pages live.
#[derive(Clone, Debug)]
pub struct Lang<'a> {
    pub code: &'a str,
    /// Output path prefix of the language: "" for the default language, "en/" for the others.
    pub prefix: String,
    pub theme: &'a Theme,
}

impl Lang<'_> {
    pub fn t(&self, key: &str) -> String {
        self.theme.text(self.code, key)
    }

    /// Picks the English text when rendering English and one exists.
    pub fn pick<'s>(&self, vi: &'s str, en: Option<&'s str>) -> &'s str {
        match (self.code, en) {
            ("en", Some(e)) if !e.is_empty() => e,
            _ => vi,
        }
    }

    /// [`Lang::pick`], and the language of what it picked when that is not the page's (the
    /// Vietnamese text on an English page where no translation exists): what its element's
    /// `lang` says, so that a screen reader reads it with the right voice.
    pub fn pick_lang<'s>(&self, vi: &'s str, en: Option<&'s str>) -> (&'s str, Option<&'static str>) {
        let text = self.pick(vi, en);
        let fallback = !matches!((self.code, en), ("en", Some(e)) if !e.is_empty());
        (text, if fallback { self.foreign(text) } else { None })
    }

    /// The language of a text the documents give only in Vietnamese (deadlines as written,
    /// outputs, sources, notes) when this page is in another language; `None` for text with
    /// no letters ("%", "2026"), which every language reads alike.
    pub fn foreign(&self, vi: &str) -> Option<&'static str> {
        (self.code != "vi" && vi.chars().any(char::is_alphabetic)).then_some("vi")
    }

    /// The language of the documents' own wording on this page, when it is not the page's:
    /// one mark for a record whose every such text is Vietnamese.
    pub fn doc_lang(&self) -> Option<&'static str> {
        (self.code != "vi").then_some("vi")
    }

    /// Output path of a page of this language, e.g. `en/plans/x/index.html`.
    pub fn path(&self, page: &str) -> String {
        format!("{}{}", self.prefix, page)
    }
}

/// The relative link from the page at `from` to the file at `to`, both output paths.
/// Links always name a file (`…/index.html`) so that the site also works from `file://`.
pub fn relative(from: &str, to: &str) -> String {
    let depth = from.matches('/').count();
    let mut s = "../".repeat(depth);
    s.push_str(to);
    s
}

pub fn status_icon(s: Status) -> &'static str {
    match s {
        Status::Achieved => "✓",
        Status::OnTrack => "↗",
        Status::NeedsAcceleration => "⚠",
        Status::OffTrack => "✗",
        Status::Regressing => "↘",
        Status::Missed => "✗",
        Status::InsufficientData => "…",
        Status::NoData => "–",
    }
}

pub fn task_status_icon(s: Option<TaskStatus>) -> &'static str {
    match s {
        Some(TaskStatus::Done) => "✓",
        Some(TaskStatus::InProgress) => "▶",
        Some(TaskStatus::NotStarted) => "○",
        Some(TaskStatus::Blocked) => "‖",
        Some(TaskStatus::Cancelled) => "⊘",
        None => "?",
    }
}

pub fn status_json(lang: &Lang, s: Status) -> Value {
    json!({ "key": s.as_str(), "label": lang.t(&format!("status_{}", s.as_str())), "icon": status_icon(s) })
}

/// A status that may rest on illustrative values: the badge travels with it wherever it is shown.
pub fn marked_status_json(lang: &Lang, s: Status, illustrative: bool) -> Value {
    let mut v = status_json(lang, s);
    if illustrative {
        v["illustrative"] = json!(true);
        v["sample_badge"] = json!(lang.t("sample_badge"));
        v["sample_note"] = json!(lang.t("sample_note"));
    }
    v
}

pub fn task_status_json(lang: &Lang, s: Option<TaskStatus>) -> Value {
    let key = s.map_or("unreported", TaskStatus::as_str);
    json!({ "key": key, "label": lang.t(&format!("task_{key}")), "icon": task_status_icon(s) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_climb_to_the_root() {
        assert_eq!(relative("index.html", "plans/index.html"), "plans/index.html");
        assert_eq!(relative("en/plans/x/index.html", "static/style.css"), "../../../static/style.css");
        assert_eq!(relative("plans/x/index.html", "en/plans/x/index.html"), "../../en/plans/x/index.html");
    }
}
