//! Reading indicator files: each indicator with its baseline and targets per milestone.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::deadline::{self, ACCEPTED_POINTS};
use super::reader::{Ctx, MAX_FIGURE, Table, number_value, within};
use super::records::read_id;
use crate::diagnostic::{Diagnostic, FileId};
use crate::model::*;

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
            "leader",
            "in_charge",
            "output",
            "assigned_in",
            "plans",
            "supplementary",
            "description",
            "description_en",
            "baseline",
            "target",
            "bounds",
        ],
    );
    let id = read_id(t, ctx, "id", "\"phu-song-5g\"");
    // Messages about the indicator as a whole point at its id.
    let span = id.as_ref().map_or_else(|| ctx.span(t.head()), |i| i.span.clone());
    let name = t.req_string(ctx, "name", "\"Tỷ lệ dân số được phủ sóng 5G\"");
    let unit = t.req_string(ctx, "unit", "\"%\"");
    let direction = match t.opt_located(ctx, "direction") {
        None => Direction::Increase,
        Some(d) => match d.value.as_str() {
            "increase" => Direction::Increase,
            "decrease" => Direction::Decrease,
            other => {
                ctx.diags.push(
                    Diagnostic::error(&d.span, format!("`direction = \"{other}\"` is not a direction")).with_help(
                        "accepted: \"increase\" (higher is better) or \"decrease\" (lower is better, e.g. a rank)",
                    ),
                );
                Direction::Increase
            }
        },
    };
    let bounds = bounds(t, ctx);
    let scale = Scale::of(bounds, unit.as_ref().is_some_and(|u| u.value.trim() == "%"));
    let baseline = t.opt_table(ctx, "baseline", "a baseline").and_then(|b| {
        b.check_fields(ctx, &["at", "value", "source"]);
        let at = point(&b, ctx, "at");
        let value = b.req_number(ctx, "value", "79.95").and_then(|v| within(ctx, v, "a baseline", MAX_FIGURE));
        if let Some(v) = &value {
            check_scale(ctx, scale, v);
        }
        Some(Baseline { at: at?, value: value?.value, source: b.opt_string(ctx, "source"), span: ctx.span(b.head()) })
    });
    let mut owners = t.strings(ctx, "owner").into_iter();
    let owner = owners.next();
    let targets =
        t.tables(ctx, "target", "a target").iter().filter_map(|tt| target(tt, ctx, direction, scale)).collect();
    Some(Indicator {
        id: id?.value,
        name: name.map(|n| n.value).unwrap_or_default(),
        name_en: t.opt_string(ctx, "name_en"),
        unit: unit.map(|u| u.value).unwrap_or_default(),
        unit_en: t.opt_string(ctx, "unit_en"),
        direction,
        owner,
        co_owners: owners.collect(),
        leader: t.opt_string(ctx, "leader"),
        in_charge: t.opt_string(ctx, "in_charge"),
        output: t.opt_string(ctx, "output"),
        assigned_in: t.opt_string(ctx, "assigned_in"),
        plans: t.strings(ctx, "plans"),
        supplementary: t.bool(ctx, "supplementary"),
        description: t.opt_string(ctx, "description"),
        description_en: t.opt_string(ctx, "description_en"),
        baseline,
        targets,
        bounds,
        file,
        span,
    })
}

/// `bounds = [min, max]`, two numbers, the first below the second.
fn bounds(t: &Table, ctx: &mut Ctx) -> Option<[f64; 2]> {
    let v = t.get("bounds")?;
    let help = "write the least and the greatest value the indicator can take: bounds = [0, 1]";
    let DeValue::Array(items) = v.get_ref() else {
        ctx.error(v.span(), "`bounds` is two numbers in square brackets").help = Some(help.into());
        return None;
    };
    if items.len() != 2 {
        ctx.error(v.span(), format!("`bounds` is two numbers, not {}", items.len())).help = Some(help.into());
        return None;
    }
    let min = number_value(ctx, &items[0], "the least value")?;
    let min = within(ctx, min, "the least value", MAX_FIGURE)?;
    let max = number_value(ctx, &items[1], "the greatest value")?;
    let max = within(ctx, max, "the greatest value", MAX_FIGURE)?;
    if min.value >= max.value {
        ctx.error(v.span(), "the bounds' least value is not below their greatest").help =
            Some(format!("write the least first: bounds = [{}, {}]", max.value, min.value));
        return None;
    }
    Some([min.value, max.value])
}

fn check_scale(ctx: &mut Ctx, scale: Option<Scale>, v: &Located<f64>) -> bool {
    match scale {
        Some(scale) if !scale.holds(v.value) => {
            let (message, help) = scale.outside(v.value);
            ctx.diags.push(Diagnostic::error(&v.span, message).with_help(help));
            false
        }
        _ => true,
    }
}

/// A milestone field (`by`, `at`): text, a whole-number year, or a TOML date.
fn point(t: &Table, ctx: &mut Ctx, key: &str) -> Option<TimePoint> {
    let Some(v) = t.get(key) else {
        t.report_missing(
            ctx,
            key,
            format!("{} has no `{key}`", t.what),
            format!("add it, for example: {key} = \"2030\"; accepted: {ACCEPTED_POINTS}"),
        );
        return None;
    };
    let parsed = match v.get_ref() {
        DeValue::String(s) => deadline::parse_point(s, None).ok(),
        DeValue::Integer(i) => {
            i.as_str().parse::<i32>().ok().filter(|y| deadline::YEARS.contains(y)).map(TimePoint::Year)
        }
        DeValue::Datetime(_) => super::reader::date_value(ctx, v, key).map(|d| TimePoint::Day(d.value)),
        _ => None,
    };
    if parsed.is_none() {
        ctx.error(v.span(), format!("`{key}` in {} is not a point in time", t.what)).help =
            Some(format!("accepted: {ACCEPTED_POINTS}"));
    }
    parsed
}

fn target_value(ctx: &mut Ctx, t: &Table, op: Op, scale: Option<Scale>) -> Option<TargetValue> {
    let Some(v) = t.get("value") else {
        t.report_missing(
            ctx,
            "value",
            format!("{} has no `value`", t.what),
            "add it, for example: value = 60, or value = [55, 60] with op = \"between\"",
        );
        return None;
    };
    let value = match (op, v.get_ref()) {
        (Op::Between, DeValue::Array(items)) if items.len() == 2 => {
            let lo = number_value(ctx, &items[0], "the lower bound")?;
            let lo = within(ctx, lo, "the lower bound", MAX_FIGURE)?;
            let hi = number_value(ctx, &items[1], "the upper bound")?;
            let hi = within(ctx, hi, "the upper bound", MAX_FIGURE)?;
            if !(check_scale(ctx, scale, &lo) && check_scale(ctx, scale, &hi)) {
                return None;
            }
            if hi.value < lo.value {
                ctx.error(v.span(), "the range's upper bound is below its lower bound").help =
                    Some(format!("write the lower bound first: value = [{}, {}]", hi.value, lo.value));
                return None;
            }
            TargetValue::Range(lo.value, hi.value)
        }
        (Op::Between, _) => {
            ctx.error(v.span(), "`op = \"between\"` needs a range of two numbers").help =
                Some("for example: value = [55, 60]".into());
            return None;
        }
        (_, DeValue::Array(_)) => {
            ctx.error(v.span(), format!("a range needs `op = \"between\"`, not `{}`", op.as_str())).help =
                Some("write op = \"between\" for \"55-60%\", or a single number for the other comparators".into());
            return None;
        }
        _ => {
            let n = number_value(ctx, v, "`value` in a target")?;
            let n = within(ctx, n, "`value` in a target", MAX_FIGURE)?;
            if !check_scale(ctx, scale, &n) {
                return None;
            }
            TargetValue::Single(n.value)
        }
    };
    Some(value)
}

fn op_field(t: &Table, ctx: &mut Ctx, default: Op, direction: Direction) -> Option<Op> {
    match t.opt_located(ctx, "op") {
        None => Some(default),
        Some(o) => Op::parse(&o.value).inspect(|&op| against_direction(ctx, &o, op, direction)).or_else(|| {
            let accepted = Op::ACCEPTED.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ");
            let help = match op_meant(&o.value) {
                Some(meant) => format!("did you mean \"{meant}\"? accepted: {accepted}"),
                None => format!("accepted: {accepted}"),
            };
            ctx.diags.push(
                Diagnostic::error(&o.span, format!("`op = \"{}\"` is not a comparator", o.value)).with_help(help),
            );
            None
        }),
    }
}

/// A comparator that asks for more of an indicator whose `direction` says less is better (or
/// the reverse): one of the two is most likely mistyped, and the status would count the wrong
/// way. Said, not refused: the documents may mean it (a floor under a figure that should fall).
fn against_direction(ctx: &mut Ctx, o: &crate::model::Located<String>, op: Op, direction: Direction) {
    let (asks, better) = match (op, direction) {
        (Op::Ge | Op::Gt, Direction::Decrease) => ("at least", "`decrease` (lower is better)"),
        (Op::Le | Op::Lt, Direction::Increase) => ("at most", "`increase` (higher is better, the default)"),
        _ => return,
    };
    ctx.diags.push(
        Diagnostic::warning(&o.span, format!("`op = \"{}\"` asks for {asks} a figure, but the indicator's direction is {better}", o.value))
            .with_help("check both against the document: set the indicator's `direction` to the way the figure should move, and the target's `op` to what the document sets"),
    );
}

/// The comparator a mistyped `op` most likely means: `=>` written for `>=` (the order some
/// languages use), a capital or a space too many.
fn op_meant(written: &str) -> Option<&'static str> {
    let tidy: String = written.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let reversed: String = tidy.chars().rev().collect();
    [tidy.as_str(), reversed.as_str()]
        .into_iter()
        .find_map(Op::parse)
        .map(|op| Op::ACCEPTED.iter().copied().find(|a| Op::parse(a) == Some(op)).unwrap_or(""))
        .filter(|a| !a.is_empty())
}

fn target(t: &Table, ctx: &mut Ctx, direction: Direction, scale: Option<Scale>) -> Option<Target> {
    t.check_fields(ctx, &["by", "op", "value", "plan", "framework", "every", "note", "source_ref"]);
    let by_written = match t.get("by").map(|v| v.get_ref()) {
        Some(DeValue::String(s)) => crate::text::clean(s),
        Some(DeValue::Integer(i)) => i.as_str().to_string(),
        _ => String::new(),
    };
    let by = point(t, ctx, "by");
    // `op` left out is `between` for a range, else what the direction makes better; a target's
    // and its framework's each by its own value. Under an `op` that is wrong, the value is
    // still checked as if it were left out, so that every error is reported at once.
    let default_op =
        |t: &Table| match (matches!(t.get("value").map(|v| v.get_ref()), Some(DeValue::Array(_))), direction) {
            (true, _) => Op::Between,
            (false, Direction::Increase) => Op::Ge,
            (false, Direction::Decrease) => Op::Le,
        };
    let op = op_field(t, ctx, default_op(t), direction);
    let value = target_value(ctx, t, op.unwrap_or(default_op(t)), scale);
    let framework = t.opt_table(ctx, "framework", "a framework target").and_then(|f| {
        f.check_fields(ctx, &["op", "value", "note"]);
        let fop = op_field(&f, ctx, default_op(&f), direction);
        let fvalue = target_value(ctx, &f, fop.unwrap_or(default_op(&f)), scale);
        Some(Framework { op: fop?, value: fvalue?, note: f.opt_string(ctx, "note") })
    });
    let every_year = match t.opt_located(ctx, "every") {
        None => false,
        Some(e) if e.value == "year" => true,
        Some(e) => {
            ctx.diags.push(
                Diagnostic::error(&e.span, format!("`every = \"{}\"` is not supported", e.value))
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
        last_year: None,
        note: t.opt_string(ctx, "note"),
        source_ref: t.opt_string(ctx, "source_ref"),
        span: ctx.span(t.head()),
    })
}
