//! Task statuses as the site shows them ("Hoàn thành") and as the format writes them (`done`):
//! the form offers the labels, and an answer may use either, in either language, with or
//! without diacritics, in any case.

use crate::model::TaskStatus;
use crate::text::fold_key;
use crate::theme::Theme;

const ALL: [TaskStatus; 5] =
    [TaskStatus::NotStarted, TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Blocked, TaskStatus::Cancelled];

#[derive(Clone, Debug)]
pub struct StatusLabels {
    /// Vietnamese labels, in the order of [`ALL`].
    vi: Vec<String>,
    /// Every accepted spelling, folded, with its status.
    accepted: Vec<(String, TaskStatus)>,
}

/// Case, spacing, Unicode form and Vietnamese diacritics do not matter, nor the invisible
/// characters text copied from a web page or Word carries (zero-width spaces and joiners, soft
/// hyphens, a byte order mark): "Đang\u{200b} thực hiện" looks like the label, and was refused
/// as "not a status" with a suggestion that read the same.
fn loose(s: &str) -> String {
    let s: String =
        s.chars().filter(|c| !matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}')).collect();
    deunicode::deunicode(&fold_key(&s.replace(['đ', 'Đ'], "d"))).to_lowercase()
}

impl StatusLabels {
    /// The labels of the site's theme (its overrides included).
    pub fn from_theme(theme: &Theme) -> Self {
        let mut vi = Vec::new();
        let mut accepted = Vec::new();
        for status in ALL {
            let key = format!("task_{}", status.as_str());
            let label = theme.text("vi", &key);
            accepted.push((loose(status.as_str()), status));
            accepted.push((loose(&status.as_str().replace('_', " ")), status));
            accepted.push((loose(&label), status));
            accepted.push((loose(&theme.text("en", &key)), status));
            vi.push(label);
        }
        StatusLabels { vi, accepted }
    }

    pub fn label(&self, status: TaskStatus) -> &str {
        &self.vi[status as usize]
    }

    /// The labels offered in the drop-down, in the order of the format's keywords.
    pub fn labels(&self) -> &[String] {
        &self.vi
    }

    /// The status a cell names, if it names one unambiguously.
    pub fn parse(&self, written: &str) -> Option<TaskStatus> {
        let key = loose(written);
        let mut found = self.accepted.iter().filter(|(k, _)| *k == key).map(|(_, s)| *s);
        let first = found.next()?;
        found.all(|s| s == first).then_some(first)
    }

    /// Every spelling that could be meant, for "did you mean".
    pub fn suggestions(&self) -> Vec<&str> {
        self.vi.iter().map(String::as_str).chain(TaskStatus::ACCEPTED.iter().copied()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> StatusLabels {
        let mut theme = Theme::default();
        let vi = [
            ("task_not_started", "Chưa bắt đầu"),
            ("task_in_progress", "Đang thực hiện"),
            ("task_done", "Hoàn thành"),
            ("task_blocked", "Vướng mắc"),
            ("task_cancelled", "Đã hủy"),
        ];
        theme.strings.insert("vi".into(), vi.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
        theme.strings.insert("en".into(), [("task_done".to_string(), "Done".to_string())].into());
        StatusLabels::from_theme(&theme)
    }

    #[test]
    fn labels_keywords_and_loose_spellings() {
        let l = labels();
        assert_eq!(l.parse("Hoàn thành"), Some(TaskStatus::Done));
        assert_eq!(l.parse("  hoàn   THÀNH "), Some(TaskStatus::Done));
        assert_eq!(l.parse("Hoan thanh"), Some(TaskStatus::Done));
        assert_eq!(l.parse("done"), Some(TaskStatus::Done));
        assert_eq!(l.parse("Done"), Some(TaskStatus::Done));
        assert_eq!(l.parse("in_progress"), Some(TaskStatus::InProgress));
        assert_eq!(l.parse("in progress"), Some(TaskStatus::InProgress));
        assert_eq!(l.parse("Đã hủy"), Some(TaskStatus::Cancelled));
        assert_eq!(l.parse("Đang\u{200b} thực hiện"), Some(TaskStatus::InProgress));
        assert_eq!(l.parse("\u{feff}Hoàn\u{ad} thành\u{200d}"), Some(TaskStatus::Done));
        assert_eq!(l.parse("\u{200b}"), None);
        assert_eq!(l.parse("xong"), None);
        assert_eq!(l.label(TaskStatus::Blocked), "Vướng mắc");
    }
}
