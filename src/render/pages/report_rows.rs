//! A period's task reports as its pages list them, made as plain rows rather than as JSON.
//!
//! Each period of a national site lists ten thousand task reports in each language: made as
//! JSON objects (two maps of named values a row, its status a third), read back by name by the
//! row writer, and freed, they were the largest part of the periods' pages. A row here holds
//! each value the writer shows, in its place; the list's own pages read them there (see
//! [`super::shared`]). A page a theme's template renders, the period's own page among them,
//! gets the row as the JSON object it always had ([`ReportRow::to_value`]).

use std::sync::Arc;

use serde_json::{Value, json};

use super::{Index, Lang, markdown, views};
use crate::model::{TaskReport, TaskStatus};
use crate::render::context::task_status_json;
use crate::render::format;

/// One task's report in a period, each value as the row writer reads it.
pub struct ReportRow {
    /// The task's id, title, plan and link.
    pub id: Value,
    pub title: Value,
    pub title_lang: Value,
    pub plan: Value,
    pub plan_lang: Value,
    pub number: Value,
    pub href: Value,
    /// The report's own values.
    pub doc_lang: Value,
    pub sample: Value,
    /// The same few statuses for every row of a language: shared, not made for each.
    pub status: Arc<Value>,
    pub percent: Value,
    pub note: Value,
}

/// Each task status as a language's rows show it, made once.
pub struct Statuses([Arc<Value>; 5]);

impl Statuses {
    pub fn new(lang: &Lang) -> Statuses {
        use crate::model::TaskStatus::*;
        Statuses([NotStarted, InProgress, Done, Blocked, Cancelled].map(|s| Arc::new(task_status_json(lang, Some(s)))))
    }

    fn of(&self, status: TaskStatus) -> Arc<Value> {
        use crate::model::TaskStatus::*;
        let at = match status {
            NotStarted => 0,
            InProgress => 1,
            Done => 2,
            Blocked => 3,
            Cancelled => 4,
        };
        self.0[at].clone()
    }
}

impl ReportRow {
    /// The row of the report `tr`, in `lang`; `None` for a report of a task the site does not
    /// have (said when the site was checked).
    pub fn of(lang: &Lang, ix: &Index, statuses: &Statuses, tr: &TaskReport) -> Option<ReportRow> {
        let (plan, task, _) = ix.task(&tr.task.value)?;
        let (title, title_lang) = lang.pick_lang(&task.title, task.title_en.as_deref());
        let (plan_label, plan_lang) = views::plan_label_lang(lang, plan);
        let href = format!("{}#t-{}", lang.path(&format!("plans/{}/index.html", plan.id)), task.id);
        let note = tr.note.as_deref().map(|n| markdown::inline(n, &markdown::Source::data(ix.site, lang.code)));
        Some(ReportRow {
            id: task.id.as_str().into(),
            title: title.into(),
            title_lang: title_lang.into(),
            plan: plan_label.into(),
            plan_lang: plan_lang.into(),
            number: task.numbered.then_some(task.id.as_str()).into(),
            href: href.into(),
            doc_lang: lang.doc_lang().into(),
            sample: tr.sample.into(),
            status: statuses.of(tr.status),
            percent: tr.percent.map(|x| format::number(x, lang.code, 1)).into(),
            note: note.into(),
        })
    }

    /// The row as a template reads it.
    pub fn to_value(&self) -> Value {
        json!({
            "task": {
                "id": self.id, "title": self.title, "title_lang": self.title_lang, "plan": self.plan,
                "plan_lang": self.plan_lang, "number": self.number, "href": self.href,
            },
            "doc_lang": self.doc_lang,
            "sample": self.sample,
            "status": *self.status,
            "percent": self.percent,
            "note": self.note,
        })
    }
}
