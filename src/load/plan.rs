//! Reading a plan file: its metadata, sections and tasks with their deadlines.

use toml::Spanned;
use toml::de::DeTable;

use super::deadline::{self, ACCEPTED_DEADLINES, DeadlineError};
use super::reader::{Ctx, Table};
use super::records::{non_negative, read_id};
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::*;

pub fn plan(root: &Spanned<DeTable>, ctx: &mut Ctx, file: FileId) -> Option<Plan> {
    let t = Table::new(root, "a plan");
    t.check_fields(
        ctx,
        &[
            "id",
            "code",
            "title",
            "title_en",
            "label",
            "label_en",
            "issuer",
            "issuer_en",
            "issued",
            "year",
            "based_on",
            "supersedes",
            "source",
            "inferred",
            "section",
            "task",
        ],
    );
    let id = read_id(&t, ctx, "id", "\"bql-57-2026\"");
    // Messages about the plan as a whole point at its id.
    let plan_span = id.as_ref().map_or_else(|| ctx.span(t.head()), |i| i.span.clone());
    let title = t.req_string(ctx, "title", "\"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW …\"");
    let issued = t.opt_date(ctx, "issued");
    let year = t.opt_integer(ctx, "year").and_then(|y| {
        let years = deadline::YEARS;
        match i32::try_from(y).ok().filter(|y| years.contains(y)) {
            Some(y) => Some(y),
            None => {
                let range = t.get("year").map_or(t.head(), |v| v.span());
                ctx.error(range, format!("`year = {y}` is not a plausible year for a plan")).help =
                    Some(format!("a plan's year lies between {} and {}: year = 2026", years.start(), years.end()));
                None
            }
        }
    });
    let plan_year = year.or(issued.as_ref().map(|d| chrono::Datelike::year(&d.value)));
    // A year that was written but refused is reported once, not again by every deadline that
    // needed it.
    let year_refused = plan_year.is_none() && (t.get("year").is_some() || t.get("issued").is_some());
    let mut sections = Vec::new();
    for s in t.tables(ctx, "section", "a section") {
        s.check_fields(ctx, &["id", "title", "title_en"]);
        let sid = read_id(&s, ctx, "id", "\"1\"");
        let stitle = s.req_string(ctx, "title", "\"Nâng cao nhận thức …\"");
        if let (Some(sid), Some(stitle)) = (sid, stitle) {
            sections.push(Section {
                title: stitle.value,
                title_en: s.opt_string(ctx, "title_en"),
                span: sid.span,
                id: sid.value,
            });
        }
    }
    let tasks = t
        .tables(ctx, "task", "a task")
        .into_iter()
        .filter_map(|task_table| task(&task_table, ctx, plan_year, year_refused))
        .collect();
    Some(Plan {
        id: id?.value,
        code: t.opt_string(ctx, "code"),
        title: title.map(|t| t.value).unwrap_or_default(),
        title_en: t.opt_string(ctx, "title_en"),
        label: t.opt_string(ctx, "label"),
        label_en: t.opt_string(ctx, "label_en"),
        issuer: t.opt_string(ctx, "issuer"),
        issuer_en: t.opt_string(ctx, "issuer_en"),
        issued: issued.map(|d| d.value),
        year,
        based_on: t.strings(ctx, "based_on").into_iter().map(|s| s.value).collect(),
        supersedes: t.strings(ctx, "supersedes").into_iter().map(|s| s.value).collect(),
        source: t.opt_string(ctx, "source"),
        inferred: inferred(&t, ctx, &["code", "issued", "issuer", "title", "year"]),
        sections,
        tasks,
        file,
        span: plan_span,
    })
}

fn task(t: &Table, ctx: &mut Ctx, plan_year: Option<i32>, year_refused: bool) -> Option<Task> {
    t.check_fields(
        ctx,
        &[
            "id",
            "section",
            "title",
            "title_en",
            "leader",
            "lead",
            "support",
            "output",
            "due",
            "due_text",
            "change",
            "change_basis",
            "indicators",
            "budget_vnd",
            "note",
            "source_ref",
            "numbered",
            "inferred",
        ],
    );
    let id = read_id(t, ctx, "id", "\"1.2\"");
    // Messages about the task as a whole point at its id.
    let span = id.as_ref().map_or_else(|| ctx.span(t.head()), |i| i.span.clone());
    let title = t.req_string(ctx, "title", "\"Tiếp tục tổ chức triển khai …\"");
    let lead = t.strings(ctx, "lead");
    if lead.is_empty() && t.get("lead").is_none() {
        t.report_missing(
            ctx,
            "lead",
            "a task has no `lead` unit",
            "every task names who leads it: lead = [\"Văn phòng Ban Quản lý\"] (an id, name or alias from data/units.toml)",
        );
    }
    let due = due_written(t, ctx).and_then(|written| match deadline::parse_deadline(&written.value, plan_year) {
        Ok(kind) => Some(Deadline { written: written.value, kind }),
        Err(DeadlineError::NoYear) if year_refused => None,
        Err(e) => {
            let (message, help) = match e {
                DeadlineError::Unknown => (
                    format!("`due = \"{}\"` is not a deadline this tool understands", written.value),
                    format!("accepted: {ACCEPTED_DEADLINES}"),
                ),
                DeadlineError::NoYear => (
                    format!("`due = \"{}\"` names no year and the plan has none", written.value),
                    "write the year (\"Quý II/2026\") or give the plan `issued = 2026-03-20` or `year = 2026`".into(),
                ),
                DeadlineError::Backwards => (
                    format!("`due = \"{}\"` ends before it starts", written.value),
                    "write the earlier time first: \"2026-2027\"".into(),
                ),
                DeadlineError::YearOutside(year) => (
                    format!("`due = \"{}\"` names the year {year}, which is not a plan's year", written.value),
                    format!(
                        "a year is written with four digits, from {} to {}; check it against the document",
                        deadline::YEARS.start(),
                        deadline::YEARS.end()
                    ),
                ),
                DeadlineError::NoSuchPart { what, number } => (
                    format!("`due = \"{}\"` names {what} {number}, which does not exist", written.value),
                    format!(
                        "a year has {}; check it against the document",
                        if what == "month" { "months 1 to 12" } else { "quarters I to IV (1 to 4)" }
                    ),
                ),
                DeadlineError::NoSuchDay { year, month, day } => (
                    format!(
                        "`due = \"{}\"` names day {day} of month {month}/{year}, which does not exist",
                        written.value
                    ),
                    format!(
                        "month {month}/{year} has {} days; check the date against the document",
                        deadline::days_in_month(year, month)
                    ),
                ),
            };
            ctx.diags.push(Diagnostic::error(&written.span, message).with_help(help));
            None
        }
    });
    let change = t.opt_located(ctx, "change").and_then(|c| match c.value.as_str() {
        "added" => Some(Change::Added),
        "adjusted" => Some(Change::Adjusted),
        other => {
            ctx.diags.push(
                Diagnostic::error(&c.span, format!("`change = \"{other}\"` is not a kind of change"))
                    .with_help("accepted: \"added\" (Nhiệm vụ bổ sung) or \"adjusted\" (Nhiệm vụ điều chỉnh)"),
            );
            None
        }
    });
    let budget_vnd = t.opt_number(ctx, "budget_vnd").and_then(|b| non_negative(ctx, b, "budget_vnd"));
    Some(Task {
        id: id?.value,
        section: t.opt_located(ctx, "section"),
        // A task missing its title is still resolved, so its other problems show in this run.
        title: title.map(|t| t.value).unwrap_or_default(),
        title_en: t.opt_string(ctx, "title_en"),
        leader: t.opt_string(ctx, "leader"),
        lead,
        support: t.strings(ctx, "support"),
        output: t.opt_string(ctx, "output"),
        due,
        due_text: t.opt_string(ctx, "due_text"),
        change,
        change_basis: t.opt_string(ctx, "change_basis"),
        indicators: t.strings(ctx, "indicators"),
        budget_vnd,
        note: t.opt_string(ctx, "note"),
        source_ref: t.opt_string(ctx, "source_ref"),
        numbered: t.get("numbered").is_none_or(|_| t.bool(ctx, "numbered")),
        inferred: inferred(t, ctx, &["due", "due_text", "lead", "support", "leader", "output", "title"]),
        span,
    })
}

/// `inferred = { due = "…" }`: each key must be a field the record sets, each value says where
/// the derived value came from, so the site can mark it as not printed in the document.
fn inferred(t: &Table, ctx: &mut Ctx, fields: &[&str]) -> Inferred {
    let mut out = Inferred::new();
    let Some(table) = t.opt_table(ctx, "inferred", "`inferred`") else {
        return out;
    };
    for (key, value) in table.entries() {
        let span = key.span();
        let name = key.get_ref().to_string();
        if !fields.contains(&name.as_str()) {
            ctx.error(span, format!("`inferred.{name}` names no field that can be inferred")).help =
                Some(format!("accepted keys: {}", fields.join(", ")));
            continue;
        }
        if t.get(&name).is_none() {
            ctx.error(span, format!("`inferred.{name}` explains a value, but `{name}` is not set")).help =
                Some(format!("set `{name}` too, or remove `inferred.{name}`"));
            continue;
        }
        match value.get_ref().as_str().map(crate::text::clean) {
            Some(from) if !from.is_empty() => {
                out.insert(name, from);
            }
            _ => {
                ctx.error(value.span(), format!("`inferred.{name}` must say where the value was derived from")).help =
                    Some(format!("for example: inferred = {{ {name} = \"Trích dẫn trong Kế hoạch số …\" }}"));
            }
        }
    }
    out
}

/// `due` as written: text, or a TOML date (`due = 2026-07-15`) or year (`due = 2026`), which
/// mean what the same in quotes means.
fn due_written(t: &Table, ctx: &mut Ctx) -> Option<Located<String>> {
    let v = t.get("due")?;
    let span = ctx.span(v.span());
    match v.get_ref() {
        toml::de::DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            dt.date.map(|d| Located::new(format!("{:04}-{:02}-{:02}", d.year, d.month, d.day), span))
        }
        toml::de::DeValue::Integer(i) if i.to_string().len() == 4 => Some(Located::new(i.to_string(), span)),
        _ => t.opt_located(ctx, "due"),
    }
}
