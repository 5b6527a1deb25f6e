//! Reading each kind of data file into the model: `site.toml`, units, periods, plans,
//! indicators and progress reports.

use toml::Spanned;
use toml::de::DeTable;

use super::deadline::{self, ACCEPTED_DEADLINES, ACCEPTED_POINTS, DeadlineError};
use super::reader::{Ctx, Table, number_value};
use crate::diagnostic::FileId;
use crate::model::*;

/// An id that can appear in a URL and a file name.
pub fn read_id(t: &Table, ctx: &mut Ctx, key: &str, example: &str) -> Option<Located<String>> {
    let id = t.req_string(ctx, key, example)?;
    if valid_id(&id.value) {
        Some(id)
    } else {
        ctx.diags.push(
            crate::diagnostic::Diagnostic::error(&id.span, format!("`{}` is not a usable id", id.value)).with_help(
                "ids are used in web addresses: letters a-z, A-Z, digits, `.`, `_` and `-`, not starting with `.` \
                 (for example \"so-khcn\", \"1.2\", \"2026-Q1\")",
            ),
        );
        None
    }
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= 100
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub fn site_config(root: &Spanned<DeTable>, ctx: &mut Ctx) -> Option<SiteConfig> {
    let t = Table::new(root, "site.toml");
    t.check_fields(
        ctx,
        &[
            "title",
            "title_en",
            "description",
            "description_en",
            "base_url",
            "language",
            "languages",
            "theme",
            "current_period",
        ],
    );
    let title = t.req_string(ctx, "title", "\"Minh bạch thực hiện Nghị quyết 57 — Hải Phòng\"");
    let current_period = t.req_string(ctx, "current_period", "\"2026-Q3\"");
    let language = t.opt_string(ctx, "language").unwrap_or_else(|| "vi".into());
    let mut languages: Vec<String> = t.strings(ctx, "languages").into_iter().map(|l| l.value).collect();
    if languages.is_empty() {
        languages.push(language.clone());
    }
    for lang in languages.iter().chain(std::iter::once(&language)) {
        if !["vi", "en"].contains(&lang.as_str()) {
            let range = t.get("languages").or(t.get("language")).map(|v| v.span()).unwrap_or(t.head());
            ctx.error(range, format!("language `{lang}` is not supported")).help =
                Some("accepted languages: \"vi\", \"en\"".into());
        }
    }
    if !languages.contains(&language) {
        languages.insert(0, language.clone());
    }
    let base_url = t.opt_located(ctx, "base_url");
    if let Some(url) = &base_url
        && !(url.value.starts_with("https://") || url.value.starts_with("http://"))
    {
        ctx.diags.push(
            crate::diagnostic::Diagnostic::error(&url.span, "`base_url` must be a full web address").with_help(
                "for example: base_url = \"https://example.gov.vn/nq57/\"; every link inside the site stays relative",
            ),
        );
    }
    let config = SiteConfig {
        title: title?.value,
        title_en: t.opt_string(ctx, "title_en"),
        description: t.opt_string(ctx, "description"),
        description_en: t.opt_string(ctx, "description_en"),
        base_url: base_url.map(|u| u.value),
        language,
        languages,
        theme: t.opt_string(ctx, "theme").unwrap_or_else(|| "default".into()),
        current_period: current_period?,
        span: ctx.span(t.head()),
    };
    Some(config)
}

pub fn units(root: &Spanned<DeTable>, ctx: &mut Ctx) -> Vec<Unit> {
    let t = Table::new(root, "data/units.toml");
    t.check_fields(ctx, &["unit"]);
    let mut out = Vec::new();
    for u in t.tables(ctx, "unit", "a unit") {
        u.check_fields(ctx, &["id", "name", "name_en", "aliases", "parent"]);
        let id = read_id(&u, ctx, "id", "\"so-khcn\"");
        let name = u.req_string(ctx, "name", "\"Sở Khoa học và Công nghệ\"");
        let unit = Unit {
            id: id.map(|i| i.value).unwrap_or_default(),
            name: name.map(|n| n.value).unwrap_or_default(),
            name_en: u.opt_string(ctx, "name_en"),
            aliases: u.strings(ctx, "aliases").into_iter().map(|a| a.value).collect(),
            parent: u.opt_located(ctx, "parent"),
            span: ctx.span(u.head()),
        };
        if !unit.id.is_empty() && !unit.name.is_empty() {
            out.push(unit);
        }
    }
    out
}

pub fn periods(root: &Spanned<DeTable>, ctx: &mut Ctx) -> Vec<Period> {
    let t = Table::new(root, "data/periods.toml");
    t.check_fields(ctx, &["period"]);
    let mut out = Vec::new();
    for p in t.tables(ctx, "period", "a period") {
        p.check_fields(ctx, &["id", "label", "label_en", "start", "end"]);
        let id = read_id(&p, ctx, "id", "\"2026-Q1\"");
        let label = p.req_string(ctx, "label", "\"Quý I/2026\"");
        let start = p.req_date(ctx, "start", "2026-01-01");
        let end = p.req_date(ctx, "end", "2026-03-31");
        let label_en = p.opt_string(ctx, "label_en");
        let (Some(id), Some(label), Some(start), Some(end)) = (id, label, start, end) else {
            continue;
        };
        if end.value < start.value {
            ctx.diags.push(
                crate::diagnostic::Diagnostic::error(&end.span, format!("period `{}` ends before it starts", id.value))
                    .with_help(format!("`end` must be on or after `start` ({})", start.value)),
            );
            continue;
        }
        out.push(Period {
            id: id.value,
            label: label.value,
            label_en,
            start: start.value,
            end: end.value,
            span: ctx.span(p.head()),
        });
    }
    out
}

pub fn plan(root: &Spanned<DeTable>, ctx: &mut Ctx, file: FileId) -> Option<Plan> {
    let t = Table::new(root, "a plan");
    t.check_fields(
        ctx,
        &[
            "id",
            "code",
            "title",
            "title_en",
            "issuer",
            "issuer_en",
            "issued",
            "year",
            "based_on",
            "supersedes",
            "source",
            "section",
            "task",
        ],
    );
    let id = read_id(&t, ctx, "id", "\"bql-57-2026\"");
    // Messages about the plan as a whole point at its id.
    let plan_span = id.as_ref().map_or_else(|| ctx.span(t.head()), |i| i.span.clone());
    let title = t.req_string(ctx, "title", "\"Kế hoạch thực hiện Nghị quyết số 57-NQ/TW …\"");
    let issued = t.opt_date(ctx, "issued");
    let year = t.opt_integer(ctx, "year").map(|y| y as i32);
    let plan_year = year.or(issued.as_ref().map(|d| chrono::Datelike::year(&d.value)));
    let mut sections = Vec::new();
    for s in t.tables(ctx, "section", "a section") {
        s.check_fields(ctx, &["id", "title", "title_en"]);
        let sid = read_id(&s, ctx, "id", "\"1\"");
        let stitle = s.req_string(ctx, "title", "\"Nâng cao nhận thức …\"");
        if let (Some(sid), Some(stitle)) = (sid, stitle) {
            sections.push(Section {
                id: sid.value,
                title: stitle.value,
                title_en: s.opt_string(ctx, "title_en"),
                span: ctx.span(s.head()),
            });
        }
    }
    let tasks = t
        .tables(ctx, "task", "a task")
        .into_iter()
        .filter_map(|task_table| task(&task_table, ctx, plan_year))
        .collect();
    Some(Plan {
        id: id?.value,
        code: t.opt_string(ctx, "code"),
        title: title.map(|t| t.value).unwrap_or_default(),
        title_en: t.opt_string(ctx, "title_en"),
        issuer: t.opt_string(ctx, "issuer"),
        issuer_en: t.opt_string(ctx, "issuer_en"),
        issued: issued.map(|d| d.value),
        year,
        based_on: t.strings(ctx, "based_on").into_iter().map(|s| s.value).collect(),
        supersedes: t.strings(ctx, "supersedes").into_iter().map(|s| s.value).collect(),
        source: t.opt_string(ctx, "source"),
        sections,
        tasks,
        file,
        span: plan_span,
    })
}

fn task(t: &Table, ctx: &mut Ctx, plan_year: Option<i32>) -> Option<Task> {
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
        ],
    );
    let id = read_id(t, ctx, "id", "\"1.2\"");
    let title = t.req_string(ctx, "title", "\"Tiếp tục tổ chức triển khai …\"");
    let lead = t.strings(ctx, "lead");
    if lead.is_empty() && t.get("lead").is_none() {
        ctx.error(t.head(), "a task has no `lead` unit")
            .help = Some("every task names who leads it: lead = [\"Văn phòng Ban Quản lý\"] (an id, name or alias from data/units.toml)".into());
    }
    let due = t.opt_located(ctx, "due").and_then(|written| match deadline::parse_deadline(&written.value, plan_year) {
        Ok(kind) => Some(Deadline { written: written.value, kind }),
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
            };
            ctx.diags.push(crate::diagnostic::Diagnostic::error(&written.span, message).with_help(help));
            None
        }
    });
    let change = t.opt_located(ctx, "change").and_then(|c| match c.value.as_str() {
        "added" => Some(Change::Added),
        "adjusted" => Some(Change::Adjusted),
        other => {
            ctx.diags.push(
                crate::diagnostic::Diagnostic::error(
                    &c.span,
                    format!("`change = \"{other}\"` is not a kind of change"),
                )
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
        span: ctx.span(t.head()),
    })
}

fn non_negative(ctx: &mut Ctx, n: Located<f64>, key: &str) -> Option<f64> {
    if n.value < 0.0 {
        ctx.diags.push(crate::diagnostic::Diagnostic::error(&n.span, format!("`{key}` cannot be negative")));
        None
    } else {
        Some(n.value)
    }
}

pub fn indicators(root: &Spanned<DeTable>, ctx: &mut Ctx, file: FileId) -> Vec<Indicator> {
    let t = Table::new(root, "an indicators file");
    t.check_fields(ctx, &["indicator"]);
    t.tables(ctx, "indicator", "an indicator").iter().filter_map(|i| indicator(i, ctx, file)).collect()
}

fn indicator(t: &Table, ctx: &mut Ctx, file: FileId) -> Option<Indicator> {
    t.check_fields(
        ctx,
        &[
            "id",
            "name",
            "name_en",
            "unit",
            "unit_en",
            "direction",
            "owner",
            "plans",
            "supplementary",
            "description",
            "baseline",
            "target",
        ],
    );
    let id = read_id(t, ctx, "id", "\"phu-song-5g\"");
    let name = t.req_string(ctx, "name", "\"Tỷ lệ dân số được phủ sóng 5G\"");
    let unit = t.req_string(ctx, "unit", "\"%\"");
    let direction = match t.opt_located(ctx, "direction") {
        None => Direction::Increase,
        Some(d) => match d.value.as_str() {
            "increase" => Direction::Increase,
            "decrease" => Direction::Decrease,
            other => {
                ctx.diags.push(
                    crate::diagnostic::Diagnostic::error(
                        &d.span,
                        format!("`direction = \"{other}\"` is not a direction"),
                    )
                    .with_help(
                        "accepted: \"increase\" (higher is better) or \"decrease\" (lower is better, e.g. a rank)",
                    ),
                );
                Direction::Increase
            }
        },
    };
    let is_percent = unit.as_ref().is_some_and(|u| u.value == "%");
    let baseline = t.opt_table(ctx, "baseline", "a baseline").and_then(|b| {
        b.check_fields(ctx, &["at", "value", "source"]);
        let at = point(&b, ctx, "at");
        let value = b.req_number(ctx, "value", "79.95");
        if let Some(v) = &value {
            check_percent(ctx, is_percent, v);
        }
        Some(Baseline { at: at?, value: value?.value, source: b.opt_string(ctx, "source"), span: ctx.span(b.head()) })
    });
    let targets =
        t.tables(ctx, "target", "a target").iter().filter_map(|tt| target(tt, ctx, direction, is_percent)).collect();
    Some(Indicator {
        id: id?.value,
        name: name.map(|n| n.value).unwrap_or_default(),
        name_en: t.opt_string(ctx, "name_en"),
        unit: unit.map(|u| u.value).unwrap_or_default(),
        unit_en: t.opt_string(ctx, "unit_en"),
        direction,
        owner: t.opt_located(ctx, "owner"),
        plans: t.strings(ctx, "plans"),
        supplementary: t.bool(ctx, "supplementary"),
        description: t.opt_string(ctx, "description"),
        baseline,
        targets,
        file,
        span: ctx.span(t.head()),
    })
}

fn check_percent(ctx: &mut Ctx, is_percent: bool, v: &Located<f64>) -> bool {
    if is_percent && !(0.0..=100.0).contains(&v.value) {
        ctx.diags.push(
            crate::diagnostic::Diagnostic::error(&v.span, format!("{} is not a percentage", v.value))
                .with_help("the indicator's unit is \"%\": values lie between 0 and 100"),
        );
        return false;
    }
    true
}

/// A milestone field (`by`, `at`): text, a whole-number year, or a TOML date.
fn point(t: &Table, ctx: &mut Ctx, key: &str) -> Option<TimePoint> {
    let Some(v) = t.get(key) else {
        ctx.error(t.head(), format!("{} has no `{key}`", t.what)).help =
            Some(format!("add it, for example: {key} = \"2030\"; accepted: {ACCEPTED_POINTS}"));
        return None;
    };
    let parsed = match v.get_ref() {
        toml::de::DeValue::String(s) => deadline::parse_point(s, None).ok(),
        toml::de::DeValue::Integer(i) => {
            i.as_str().parse::<i32>().ok().filter(|y| (1900..=2200).contains(y)).map(TimePoint::Year)
        }
        toml::de::DeValue::Datetime(_) => super::reader::date_value(ctx, v, key).map(|d| TimePoint::Day(d.value)),
        _ => None,
    };
    if parsed.is_none() {
        ctx.error(v.span(), format!("`{key}` in {} is not a point in time", t.what)).help =
            Some(format!("accepted: {ACCEPTED_POINTS}"));
    }
    parsed
}

fn target_value(ctx: &mut Ctx, t: &Table, op: Op, is_percent: bool) -> Option<TargetValue> {
    let Some(v) = t.get("value") else {
        ctx.error(t.head(), format!("{} has no `value`", t.what)).help =
            Some("add it, for example: value = 60, or value = [55, 60] with op = \"between\"".into());
        return None;
    };
    let value = match (op, v.get_ref()) {
        (Op::Between, toml::de::DeValue::Array(items)) if items.len() == 2 => {
            let lo = number_value(ctx, &items[0], "the lower bound")?;
            let hi = number_value(ctx, &items[1], "the upper bound")?;
            if !(check_percent(ctx, is_percent, &lo) && check_percent(ctx, is_percent, &hi)) {
                return None;
            }
            if hi.value < lo.value {
                ctx.error(v.span(), "the range's upper bound is below its lower bound").help =
                    Some("write the lower bound first: value = [55, 60]".into());
                return None;
            }
            TargetValue::Range(lo.value, hi.value)
        }
        (Op::Between, _) => {
            ctx.error(v.span(), "`op = \"between\"` needs a range of two numbers").help =
                Some("for example: value = [55, 60]".into());
            return None;
        }
        (_, toml::de::DeValue::Array(_)) => {
            ctx.error(v.span(), format!("a range needs `op = \"between\"`, not `{}`", op.as_str())).help =
                Some("write op = \"between\" for \"55-60%\", or a single number for the other comparators".into());
            return None;
        }
        _ => {
            let n = number_value(ctx, v, "`value` in a target")?;
            if !check_percent(ctx, is_percent, &n) {
                return None;
            }
            TargetValue::Single(n.value)
        }
    };
    Some(value)
}

fn op_field(t: &Table, ctx: &mut Ctx, default: Op) -> Option<Op> {
    match t.opt_located(ctx, "op") {
        None => Some(default),
        Some(o) => Op::parse(&o.value).or_else(|| {
            ctx.diags.push(
                crate::diagnostic::Diagnostic::error(&o.span, format!("`op = \"{}\"` is not a comparator", o.value))
                    .with_help(format!(
                        "accepted: {}",
                        Op::ACCEPTED.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
                    )),
            );
            None
        }),
    }
}

fn target(t: &Table, ctx: &mut Ctx, direction: Direction, is_percent: bool) -> Option<Target> {
    t.check_fields(ctx, &["by", "op", "value", "plan", "framework", "every", "note"]);
    let by_written = match t.get("by").map(|v| v.get_ref()) {
        Some(toml::de::DeValue::String(s)) => crate::text::clean(s),
        Some(toml::de::DeValue::Integer(i)) => i.as_str().to_string(),
        _ => String::new(),
    };
    let by = point(t, ctx, "by");
    let is_range = matches!(t.get("value").map(|v| v.get_ref()), Some(toml::de::DeValue::Array(_)));
    let default_op = match (is_range, direction) {
        (true, _) => Op::Between,
        (false, Direction::Increase) => Op::Ge,
        (false, Direction::Decrease) => Op::Le,
    };
    let op = op_field(t, ctx, default_op);
    let value = op.and_then(|op| target_value(ctx, t, op, is_percent));
    let framework = t.opt_table(ctx, "framework", "a framework target").and_then(|f| {
        f.check_fields(ctx, &["op", "value", "note"]);
        let fop = op_field(&f, ctx, default_op)?;
        let fvalue = target_value(ctx, &f, fop, is_percent)?;
        Some(Framework { op: fop, value: fvalue, note: f.opt_string(ctx, "note") })
    });
    let every_year = match t.opt_located(ctx, "every") {
        None => false,
        Some(e) if e.value == "year" => true,
        Some(e) => {
            ctx.diags.push(
                crate::diagnostic::Diagnostic::error(&e.span, format!("`every = \"{}\"` is not supported", e.value))
                    .with_help("accepted: every = \"year\" for a target that holds for each year"),
            );
            false
        }
    };
    let by = by?;
    Some(Target {
        by_written: if by_written.is_empty() { by.canonical() } else { by_written },
        by,
        op: op?,
        value: value?,
        plan: t.opt_located(ctx, "plan"),
        framework,
        every_year,
        note: t.opt_string(ctx, "note"),
        span: ctx.span(t.head()),
    })
}

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
                    crate::diagnostic::Diagnostic::error(
                        &p.span,
                        format!("this file reports period `{}` but is named `{period_from_name}.toml`", p.value),
                    )
                    .with_help(format!(
                        "name the file data/progress/{}.toml, or set period = \"{period_from_name}\"",
                        p.value
                    )),
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
        let value = v.req_number(ctx, "value", "82.4");
        let as_of = v.opt_date(ctx, "as_of").map(|d| d.value);
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
            note: v.opt_string(ctx, "note"),
            sample: all_sample || v.bool(ctx, "sample"),
            span,
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
                    crate::diagnostic::Diagnostic::error(
                        &s.span,
                        format!("`status = \"{}\"` is not a task status", s.value),
                    )
                    .with_help(help),
                );
                None
            })
        });
        let percent = r.opt_number(ctx, "percent").filter(|p| {
            let ok = (0.0..=100.0).contains(&p.value);
            if !ok {
                ctx.diags.push(
                    crate::diagnostic::Diagnostic::error(&p.span, format!("`percent = {}` is outside 0-100", p.value))
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
            percent: percent.map(|p| p.value),
            note: r.opt_string(ctx, "note"),
            evidence,
            disbursed_vnd,
            sample: all_sample || r.bool(ctx, "sample"),
            span: ctx.span(r.head()),
        });
    }
    Some(ProgressReport { period, reported, values, tasks, file })
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
        if let Err(scheme) = safe_link(&url.value) {
            ctx.diags.push(
                crate::diagnostic::Diagnostic::error(&url.span, format!("evidence links cannot use `{scheme}:`"))
                    .with_help(
                        "accepted: a web address starting with https:// or http://, or a path to a file of the site",
                    ),
            );
            continue;
        }
        out.push(Evidence { title: title.value, url: url.value });
    }
    out
}

/// Accepts http(s) addresses and scheme-less relative paths; returns the scheme otherwise.
/// Browsers ignore tabs, newlines and leading spaces inside a scheme, so those are removed
/// before looking at it ("java\tscript:" is still JavaScript).
pub fn safe_link(url: &str) -> Result<(), String> {
    let squeezed: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = squeezed.to_ascii_lowercase();
    let scheme_end = lower.find(':');
    let first_delim = lower.find(['/', '?', '#']);
    match scheme_end {
        Some(i) if first_delim.is_none_or(|d| i < d) => {
            let scheme = &lower[..i];
            if scheme == "http" || scheme == "https" { Ok(()) } else { Err(scheme.to_string()) }
        }
        _ if lower.starts_with("//") => Err("//".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_allow_web_and_relative_only() {
        assert!(safe_link("https://haiphong.gov.vn/x").is_ok());
        assert!(safe_link("http://a.vn").is_ok());
        assert!(safe_link("files/cv-123.pdf").is_ok());
        assert_eq!(safe_link("javascript:alert(1)"), Err("javascript".into()));
        assert_eq!(safe_link(" JaVa\tScript:alert(1)"), Err("javascript".into()));
        assert_eq!(safe_link("data:text/html,x"), Err("data".into()));
        assert!(safe_link("//evil.example").is_err());
    }

    #[test]
    fn ids_are_url_safe() {
        assert!(valid_id("so-khcn") && valid_id("1.2") && valid_id("2026-Q1"));
        assert!(!valid_id("sở") && !valid_id("a/b") && !valid_id(".x") && !valid_id("a b"));
    }
}
