//! Reading a period's progress file: reported values and task reports with their evidence.

use toml::Spanned;
use toml::de::DeTable;

use super::reader::{Ctx, Table};
use super::records::non_negative;
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::*;

/// A progress file; `period_from_name` is the file's stem, used when `period` is left out.
pub fn progress(
    root: &Spanned<DeTable>,
    ctx: &mut Ctx,
    file: FileId,
    period_from_name: &str,
) -> Option<ProgressReport> {
    let t = Table::new(root, "a progress file");
    t.check_fields(ctx, &["period", "reported", "sample", "value", "task"]);
    let period = match t.opt_located(ctx, "period") {
        Some(p) => {
            if p.value != period_from_name {
                ctx.diags.push(
                    Diagnostic::error(
                        &p.span,
                        format!("this file reports period `{}` but is named `{period_from_name}.toml`", p.value),
                    )
                    .with_help(if super::records::valid_id(period_from_name) {
                        format!("name the file data/progress/{}.toml, or set period = \"{period_from_name}\"", p.value)
                    } else {
                        // A name such as `2026 Q1` is no period id: only renaming the file helps.
                        format!("name the file data/progress/{}.toml", p.value)
                    }),
                );
            }
            p
        }
        None => Located::new(period_from_name.to_string(), ctx.span(t.head())),
    };
    let reported = t.opt_date(ctx, "reported").map(|d| d.value);
    let all_sample = t.bool(ctx, "sample");
    let mut values = Vec::new();
    for v in t.tables(ctx, "value", "a reported value") {
        v.check_fields(ctx, &["indicator", "value", "as_of", "source", "note", "sample"]);
        let indicator = v.req_string(ctx, "indicator", "\"phu-song-5g\"");
        let value = v
            .req_number(ctx, "value", "82.4")
            .and_then(|n| super::reader::within(ctx, n, "a reported value", super::reader::MAX_FIGURE));
        let as_of = v.opt_date(ctx, "as_of");
        let (as_of, as_of_span) = (as_of.as_ref().map(|d| d.value), as_of.map(|d| d.span));
        let Some(indicator) = indicator else { continue };
        // A value that could not be read is kept as NaN so that its indicator is still resolved
        // in this run; the error already reported stops the build, and resolve checks nothing
        // else about a NaN.
        let (value, span) = match value {
            Some(v) => (v.value, v.span),
            None => (f64::NAN, ctx.span(v.head())),
        };
        values.push(ValueReport {
            indicator,
            value,
            as_of,
            source: v.opt_string(ctx, "source"),
            note: note(&v, ctx),
            sample: all_sample || v.bool(ctx, "sample"),
            span,
            as_of_span,
        });
    }
    let mut tasks = Vec::new();
    for r in t.tables(ctx, "task", "a task report") {
        r.check_fields(ctx, &["ref", "status", "percent", "note", "evidence", "disbursed_vnd", "sample"]);
        let task = r.req_string(ctx, "ref", "\"bql-57-2026/1.2\"");
        let status = r.req_string(ctx, "status", "\"in_progress\"").and_then(|s| {
            TaskStatus::parse(&s.value).or_else(|| {
                let near = crate::text::closest(&s.value, TaskStatus::ACCEPTED.iter().copied(), 1);
                let mut help = String::new();
                if let Some(n) = near.first() {
                    help.push_str(&format!("did you mean \"{n}\"? "));
                }
                help.push_str("accepted: not_started, in_progress, done, blocked, cancelled");
                ctx.diags.push(
                    Diagnostic::error(&s.span, format!("`status = \"{}\"` is not a task status", s.value))
                        .with_help(help),
                );
                None
            })
        });
        let percent = r.opt_number(ctx, "percent").filter(|p| {
            let ok = (0.0..=100.0).contains(&p.value);
            if !ok {
                ctx.diags.push(
                    Diagnostic::error(&p.span, format!("`percent = {}` is outside 0-100", p.value))
                        .with_help("percent is how much of the task is done, from 0 to 100"),
                );
            }
            ok
        });
        let evidence = evidence(&r, ctx);
        let disbursed_vnd = r.opt_number(ctx, "disbursed_vnd").and_then(|b| non_negative(ctx, b, "disbursed_vnd"));
        let Some(task) = task else { continue };
        tasks.push(TaskReport {
            task,
            // As with values: a stand-in keeps the reference checked; the error stops the build.
            status: status.unwrap_or(TaskStatus::NotStarted),
            percent: percent.as_ref().map(|p| p.value),
            percent_span: percent.map(|p| p.span),
            note: note(&r, ctx),
            evidence,
            disbursed_vnd,
            sample: all_sample || r.bool(ctx, "sample"),
            span: ctx.span(r.head()),
        });
    }
    Some(ProgressReport { period, reported, values, tasks, file })
}

/// Each task report whose percent contradicts its status, at the percent: an error, but for a
/// period whose reports a snapshot in `archive/` published (`published`), which can no longer
/// change: a warning there, whose correction is a later period's report.
pub fn contradictions(site: &Site, published: &[&str]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for report in &site.reports {
        let period = report.period.value.as_str();
        for task in &report.tasks {
            let (Some(percent), Some(span)) = (task.percent, &task.percent_span) else { continue };
            let Some(allowed) = task.status.contradicted_by(percent) else { continue };
            let message = contradiction(task.status, percent, allowed);
            out.push(if published.contains(&period) {
                Diagnostic::warning(
                    span,
                    format!("{message}; archive/{period} published it so, and it stays as published"),
                )
                .with_help("say what is true in the task's report of a later period")
            } else {
                Diagnostic::error(span, message).with_help(contradiction_help(allowed))
            });
        }
    }
    out
}

/// What is wrong with a status and a percent that contradict it (also the import's words).
pub fn contradiction(status: TaskStatus, percent: f64, allowed: f64) -> String {
    format!(
        "`percent = {percent}` contradicts `status = \"{}\"`: a task {} is {allowed}% done",
        status.as_str(),
        status.as_str().replace('_', " ")
    )
}

/// How to mend a contradiction, for a percent that should be `allowed`.
pub fn contradiction_help(allowed: f64) -> String {
    format!(
        "write {allowed} or leave the percent out, or give the status the report means (in_progress for a task under way)"
    )
}

/// A note, which is rendered as Markdown: checked like a page's text, each problem reported
/// at the note.
fn note(t: &Table, ctx: &mut Ctx) -> Option<String> {
    let note = t.opt_located(ctx, "note")?;
    let problems = super::markdown::check(&note.value);
    for problem in &problems {
        let message = format!("in this note: {}", problem.message);
        let said = if problem.warning {
            Diagnostic::warning(&note.span, message)
        } else {
            Diagnostic::error(&note.span, message)
        };
        ctx.diags.push(said.with_help(problem.help.clone()));
    }
    problems.iter().all(|p| p.warning).then_some(note.value)
}

fn evidence(t: &Table, ctx: &mut Ctx) -> Vec<Evidence> {
    let mut out = Vec::new();
    for e in t.tables(ctx, "evidence", "an evidence link") {
        e.check_fields(ctx, &["title", "url"]);
        let title = e.req_string(ctx, "title", "\"Công văn số …\"");
        let url = e.req_string(ctx, "url", "\"https://…\"");
        let (Some(title), Some(url)) = (title, url) else {
            continue;
        };
        if let Err(problem) = super::links::check_link(&url.value, false) {
            ctx.diags.push(
                Diagnostic::error(&url.span, format!("this evidence link {problem}"))
                    .with_help(format!("accepted: {}", super::links::ACCEPTED_LINKS)),
            );
            continue;
        }
        // Written percent-encoded on pages; a `%` that starts no escape cannot be told from a
        // literal one. A relative link's target is checked with the site's other links.
        if crate::render::markdown::address::encode_url(&url.value).is_none() {
            ctx.diags.push(
                Diagnostic::error(
                    &url.span,
                    "evidence links cannot hold a `%` that is not followed by two hexadecimal digits",
                )
                    .with_help("an escape is `%` and two hexadecimal digits (%20 for a space); copy the address from the browser's address bar"),
            );
            continue;
        }
        out.push(Evidence { title: title.value, url: url.value });
    }
    out
}
