//! The macros that write a row for each task, figure or indicator of a list.

use serde_json::Value;

use super::Args;
use super::out::{Out, arg, at, fields, truthy};
use crate::render::pages::ReportRow;

fields! {
    /// What `tasks` reads of a task.
    Task {
        anchor, change, change_basis, doc_lang, doc_note, due, due_date, due_lang, evidence, flags, href,
        indicators, inferred, lead, leader, note, number, output, percent, plan, reported_in,
        reported_in_lang, sample, source_ref, status, support, title, title_lang,
    }
}

fields! {
    /// The theme's words `tasks` writes.
    TaskWords {
        change_basis, deadline, doc_note, due_by, due_soon, evidence, indicators, lead, leader,
        never_reported, no_deadline, no_output_stated, no_unit_named, not_updated, output, overdue,
        progress_note, reported_in, source_ref, support,
    }
}

/// The macro `tasks(list, root, t, show_plan)`: tasks as lists show them.
pub(super) fn tasks<'v>(list: impl IntoIterator<Item = &'v Value>, args: &Args) -> String {
    let (root, t, show_plan) = (arg(args, "root"), arg(args, "t"), truthy(arg(args, "show_plan")));
    let w = TaskWords::of(t);
    let mut o = Out(String::with_capacity(2048));
    o.s("<ol class=\"tasks\">\n");
    for k in list {
        let f = Task::of(k);
        let doc_lang = f.doc_lang;
        let flag = |name: &str| truthy(at(f.flags, name));
        o.s("<li class=\"task");
        if flag("overdue") {
            o.s(" is-overdue");
        }
        o.s("\"");
        if !show_plan {
            o.s(" id=\"").v(f.anchor).s("\"");
        }
        o.s(">\n<h3 class=\"task-title\">");
        if show_plan {
            o.s("<a href=\"").v(root).v(f.href).s("\">").marked(at(f.plan, "label"), at(f.plan, "label_lang"));
            if truthy(f.number) {
                o.s(" · ").v(f.number);
            }
            o.s("</a>");
        } else if truthy(f.number) {
            o.s("<span class=\"task-id\">").v(f.number).s("</span>");
        }
        o.s(" ").marked(f.title, f.title_lang).s("</h3>\n");
        o.s("<p class=\"task-badges\">").task_status(f.status);
        if truthy(f.percent) {
            o.s(" <span class=\"pct\">").v(f.percent).s("%</span>");
        }
        o.s("\n");
        if flag("overdue") {
            o.s(" <span class=\"badge flag-overdue\"><span aria-hidden=\"true\">!</span> ").v(w.overdue).s("</span>");
        }
        o.s("\n");
        if flag("due_soon") {
            o.s(" <span class=\"badge flag-soon\"><span aria-hidden=\"true\">◷</span> ").v(w.due_soon).s("</span>");
        }
        o.s("\n");
        if flag("not_updated") {
            o.s(" <span class=\"badge flag-stale\"><span aria-hidden=\"true\">✎</span> ").v(w.not_updated).s("</span>");
        }
        o.s("\n");
        if truthy(f.change) {
            o.s(" <span class=\"badge plain\">").v(at(f.change, "label")).s("</span>");
        }
        o.s("\n");
        if truthy(f.sample) {
            o.s(" ").sample(t);
        }
        o.s("</p>\n<dl class=\"facts\">\n");
        let inferred = truthy(f.inferred);
        o.s("<div><dt>").v(w.lead).s("</dt><dd>");
        if truthy(f.lead) {
            o.units(f.lead, root);
            if inferred {
                o.inferred(k, "lead", t);
            }
        } else {
            o.s("<em>").v(w.no_unit_named).s("</em>");
        }
        o.s("</dd></div>\n");
        if truthy(f.support) {
            o.s("<div><dt>").v(w.support).s("</dt><dd>").units(f.support, root);
            if inferred {
                o.inferred(k, "support", t);
            }
            o.s("</dd></div>");
        }
        o.s("\n");
        if truthy(f.leader) {
            o.s("<div><dt>").v(w.leader).s("</dt><dd>").marked(f.leader, doc_lang);
            if inferred {
                o.inferred(k, "leader", t);
            }
            o.s("</dd></div>");
        }
        o.s("\n<div><dt>").v(w.output).s("</dt><dd>");
        if truthy(f.output) {
            o.marked(f.output, doc_lang);
            if inferred {
                o.inferred(k, "output", t);
            }
        } else {
            o.s("<em>").v(w.no_output_stated).s("</em>");
        }
        o.s("</dd></div>\n<div><dt>").v(w.deadline).s("</dt><dd>");
        if truthy(f.due) {
            o.marked(f.due, f.due_lang);
            if truthy(f.due_date) {
                o.s(" <span class=\"muted\">(").v(w.due_by).s(" ").v(f.due_date).s(")</span>");
            }
            if inferred {
                o.inferred(k, "due", t);
            }
        } else {
            o.v(w.no_deadline);
        }
        o.s("</dd></div>\n");
        for (value, label) in [(f.source_ref, w.source_ref), (f.change_basis, w.change_basis), (f.doc_note, w.doc_note)]
        {
            if truthy(value) {
                o.s("<div><dt>").v(label).s("</dt><dd").lang_attr(doc_lang).s(">").v(value).s("</dd></div>");
            }
            o.s("\n");
        }
        if truthy(f.note) {
            o.s("<div><dt>").v(w.progress_note).s("</dt><dd").lang_attr(doc_lang).s(">");
            o.safe(f.note);
            o.s("</dd></div>");
        }
        o.s("\n");
        if truthy(f.evidence) {
            o.s("<div><dt>").v(w.evidence).s("</dt><dd>");
            o.joined(f.evidence, |o, e| {
                o.s("<a href=\"").v(at(e, "url")).s("\" rel=\"noopener\"").lang_attr(doc_lang).s(">");
                o.v(at(e, "title")).s("</a>");
            });
            o.s("</dd></div>");
        }
        o.s("\n<div><dt>").v(w.reported_in).s("</dt><dd>");
        if truthy(f.reported_in) {
            o.marked(f.reported_in, f.reported_in_lang);
        } else {
            o.v(w.never_reported);
        }
        o.s("</dd></div>\n");
        if truthy(f.indicators) {
            o.s("<div><dt>").v(w.indicators).s("</dt><dd>");
            o.joined(f.indicators, |o, i| {
                o.named_link(i, root);
            });
            o.s("</dd></div>");
        }
        o.s("\n</dl>\n</li>\n");
    }
    o.s("</ol>");
    o.0
}

fields! {
    /// What `period_tasks` reads of a task's report.
    Report { doc_lang, note, percent, sample, status, task }
}

fields! {
    /// What `period_tasks` reads of a reported task.
    ReportedTask { href, number, plan, plan_lang, title, title_lang }
}

/// The macro `period_tasks(rows, root, t, caption, about, about_lang, caption_id)`: a period's
/// task reports as a table.
pub(super) fn period_tasks<'v>(rows: impl IntoIterator<Item = &'v Value>, args: &Args) -> String {
    write_period_tasks(
        rows.into_iter().map(|r| {
            let f = Report::of(r);
            (ReportedTask::of(f.task), f)
        }),
        args,
    )
}

/// [`period_tasks`] of rows kept as plain rows (see `pages::ReportRow`): the same table.
pub(super) fn period_task_rows<'v>(rows: impl IntoIterator<Item = &'v ReportRow>, args: &Args) -> String {
    write_period_tasks(
        rows.into_iter().map(|r| {
            let task = ReportedTask {
                href: &r.href,
                number: &r.number,
                plan: &r.plan,
                plan_lang: &r.plan_lang,
                title: &r.title,
                title_lang: &r.title_lang,
            };
            let report = Report {
                doc_lang: &r.doc_lang,
                note: &r.note,
                percent: &r.percent,
                sample: &r.sample,
                status: &r.status,
                // Read as `ReportedTask` above, not from here.
                task: &r.id,
            };
            (task, report)
        }),
        args,
    )
}

fn write_period_tasks<'v>(rows: impl Iterator<Item = (ReportedTask<'v>, Report<'v>)>, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.table_head(args, &["task", "status", "progress_note"]);
    let (status, progress_note) = (at(t, "status"), at(t, "progress_note"));
    for (task, f) in rows {
        o.s("<tr><th scope=\"row\"><a href=\"").v(root).v(task.href).s("\">");
        o.marked(task.plan, task.plan_lang);
        if truthy(task.number) {
            o.s(" · ").v(task.number);
        }
        o.s("</a> ").marked(task.title, task.title_lang).s("</th><td data-label=\"").v(status);
        o.s("\">").task_status(f.status);
        if truthy(f.percent) {
            o.s(" ").v(f.percent).s("%");
        }
        if truthy(f.sample) {
            o.s(" ").sample(t);
        }
        o.s("</td><td data-label=\"").v(progress_note).s("\"");
        if truthy(f.note) {
            o.lang_attr(f.doc_lang).s(">");
            o.safe(f.note);
        } else {
            o.s(">");
        }
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

fields! {
    /// What `period_values` reads of a figure.
    PeriodValue { date, doc_lang, indicator, later, revision, sample, source, text, unit_lang }
}

fields! {
    /// What `period_values` reads of the figure a later report gave for the same date.
    Later { href, period, period_lang, sample, text }
}

fields! {
    /// What rows read of a link to what they name.
    Named { href, name, name_lang }
}

fields! {
    /// The theme's words `period_values` writes in every row.
    PeriodValueWords { date, no_source_named, revised, revision, revision_in, revision_now, source, value }
}

/// The macro `period_values(rows, root, t, caption, about, about_lang, caption_id)`: the
/// figures reported in a period, as a table.
pub(super) fn period_values<'v>(rows: impl IntoIterator<Item = &'v Value>, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.table_head(args, &["indicator", "value", "date", "source"]);
    let w = PeriodValueWords::of(t);
    for v in rows {
        let f = PeriodValue::of(v);
        let ind = Named::of(f.indicator);
        o.s("<tr><th scope=\"row\"><a href=\"").v(root).v(ind.href).s("\"");
        o.lang_attr(ind.name_lang).s(">").v(ind.name).s("</a></th>");
        o.s("<td class=\"num\" data-label=\"").v(w.value).s("\">").marked(f.text, f.unit_lang);
        if truthy(f.sample) {
            o.s(" ").sample(t);
        }
        if truthy(f.revision) {
            o.s(" <span class=\"badge plain\">").v(w.revision).s("</span>");
        }
        if truthy(f.later) {
            let l = Later::of(f.later);
            o.s(" <span class=\"badge plain\">").v(w.revised).s("</span> ").v(w.revision_now);
            o.s(" <a href=\"").v(root).v(l.href).s("\"").lang_attr(f.unit_lang).s(">").v(l.text).s("</a>");
            if truthy(l.sample) {
                o.s(" ").sample(t);
            }
            o.s(" (").v(w.revision_in).s(" ").marked(l.period, l.period_lang).s(")");
        }
        o.s("</td><td data-label=\"").v(w.date).s("\">").v(f.date).s("</td>");
        o.s("<td data-label=\"").v(w.source).s("\">");
        if truthy(f.source) {
            o.marked(f.source, f.doc_lang);
        } else {
            o.s("<em>").v(w.no_source_named).s("</em>");
        }
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

/// The macro `indicator_rows(items, root, t)`: indicators as compact rows.
pub(super) fn indicator_rows<'v>(list: impl IntoIterator<Item = &'v Value>, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.s("<ul class=\"rows\">\n");
    for i in list {
        let f = |path: &str| at(i, path);
        let unit_lang = f("unit_lang");
        o.s("<li class=\"row\">\n<a class=\"row-name\" href=\"").v(root).v(f("href")).s("\"");
        o.lang_attr(f("name_lang")).s(">").v(f("name")).s("</a>");
        if truthy(f("supplementary")) {
            o.s(" <span class=\"badge plain\">").v(at(t, "supplementary")).s("</span>");
        }
        o.s("\n<span class=\"row-figures\">").status(f("status")).s(" ");
        let (latest, target) = (truthy(f("latest")), truthy(f("target")));
        if latest {
            o.s("<span class=\"muted\">").v(at(t, "latest")).s("</span> <strong").lang_attr(unit_lang).s(">");
            o.v(f("latest.text")).s("</strong>");
            if truthy(f("latest.sample")) {
                o.s(" ").sample(t);
            }
        }
        if latest && target {
            o.s(" · ");
        }
        if target {
            o.s("<span class=\"muted\">").v(at(t, "target")).s(" ").marked(f("target.by"), f("target.by_lang"));
            o.s("</span> ").marked(f("target.text"), unit_lang);
        }
        o.s("</span>\n");
        if truthy(f("spark")) {
            o.s("<span class=\"row-spark\">").spark(f("spark"), root).s("</span>");
        }
        o.s("\n</li>\n");
    }
    o.s("</ul>");
    o.0
}
