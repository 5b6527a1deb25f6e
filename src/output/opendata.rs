//! Open data: every indicator, value, task and unit as JSON and CSV under `data/`, so that
//! anyone can check the site's figures with their own tools.

use serde::Serialize;
use serde_json::{Value, json};

use super::Files;
use crate::assess::Assessment;
use crate::assess::rollup::UnitCounts;
use crate::assess::status::Basis;
use crate::model::{Indicator, Site, TargetValue};

fn target_value(v: TargetValue) -> Value {
    match v {
        TargetValue::Single(x) => json!(x),
        TargetValue::Range(lo, hi) => json!([lo, hi]),
    }
}

fn target_value_text(v: TargetValue) -> String {
    match v {
        TargetValue::Single(x) => x.to_string(),
        TargetValue::Range(lo, hi) => format!("{lo}-{hi}"),
    }
}

#[derive(Serialize)]
struct IndicatorRecord<'a> {
    id: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    unit: &'a str,
    direction: crate::model::Direction,
    owner: Option<&'a str>,
    plans: Vec<&'a str>,
    supplementary: bool,
    baseline: Option<Value>,
    targets: Vec<Value>,
    latest: Option<Value>,
    status: &'static str,
    /// The status rests on an illustrative (sample) value.
    status_illustrative: bool,
    basis: Option<&'a Basis>,
    values: usize,
    revisions: usize,
    /// The other units named with the owner, the leader who directs, the person in charge, the
    /// output and where the document assigns them; after the fields above, which readers know.
    co_owners: Vec<&'a str>,
    leader: Option<&'a str>,
    in_charge: Option<&'a str>,
    output: Option<&'a str>,
    assigned_in: Option<&'a str>,
}

fn indicator_record<'a>(ind: &'a Indicator, a: &'a crate::assess::IndicatorAssessment) -> IndicatorRecord<'a> {
    IndicatorRecord {
        id: &ind.id,
        name: &ind.name,
        name_en: ind.name_en.as_deref(),
        unit: &ind.unit,
        direction: ind.direction,
        owner: ind.owner.as_ref().map(|o| o.value.as_str()),
        plans: ind.plans.iter().map(|p| p.value.as_str()).collect(),
        supplementary: ind.supplementary,
        baseline: ind.baseline.as_ref().map(|b| {
            json!({ "at": b.at.canonical(), "date": b.at.end().to_string(), "value": b.value, "source": b.source })
        }),
        targets: ind
            .targets
            .iter()
            .zip(a.outcomes.iter().zip(&a.outcomes_illustrative).zip(&a.outcomes_met_late))
            .zip(&a.earlier_years)
            .map(|((t, ((outcome, illustrative), met_late)), earlier)| {
                json!({
                    "by": t.by_written,
                    "date": t.by.end().to_string(),
                    "op": t.op,
                    "value": target_value(t.value),
                    "plan": t.plan.as_ref().map(|p| &p.value),
                    "framework": t.framework.as_ref().map(|f| json!({ "op": f.op, "value": target_value(f.value), "note": f.note })),
                    "every_year": t.every_year,
                    "note": t.note,
                    "source_ref": t.source_ref,
                    "outcome": outcome,
                    "outcome_illustrative": illustrative,
                    "met_late": met_late.map(|l| l.date.to_string()),
                    "met_late_illustrative": met_late.is_some_and(|l| l.illustrative),
                    "earlier_years": earlier,
                })
            })
            .collect(),
        latest: a.series.last().map(|o| {
            json!({
                "date": o.date.to_string(),
                "value": o.value(),
                "period": o.current.period,
                "source": o.current.source,
                "sample": o.current.sample,
                "revised": o.is_revised(),
            })
        }),
        status: a.status.as_str(),
        status_illustrative: a.status_illustrative,
        basis: a.basis.as_ref(),
        values: a.series.len(),
        revisions: a.series.iter().filter(|o| o.is_revised()).count(),
        co_owners: ind.co_owners.iter().map(|o| o.value.as_str()).collect(),
        leader: ind.leader.as_deref(),
        in_charge: ind.in_charge.as_deref(),
        output: ind.output.as_deref(),
        assigned_in: ind.assigned_in.as_deref(),
    }
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("open data serialises");
    bytes.push(b'\n');
    bytes
}

fn opt_num(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("in-memory write");
    for row in rows {
        w.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned())).expect("in-memory write");
    }
    w.into_inner().expect("in-memory write")
}

/// A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab or carriage
/// return first) gets a leading `'`, as OWASP advises against CSV injection; numbers such as
/// `-3.5` stay numbers.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().map_or(true, |x| !x.is_finite() || cell.contains(|c: char| c.is_alphabetic())) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A published snapshot as open data lists it: period, SHA-256 of its manifest, and the digest
/// of the snapshot before it that it records (the chain anyone can check).
pub struct SnapshotDigest {
    pub period: String,
    pub manifest_sha256: String,
    pub previous_sha256: Option<String>,
}

/// Adds `data/*.json` and `data/*.csv` to the build.
pub fn render(site: &Site, assessment: &Assessment, snapshots: &[SnapshotDigest], files: &mut Files) {
    use rayon::prelude::*;
    // The files are made on every core, and added in one order.
    let indicators = || {
        let records: Vec<IndicatorRecord> =
            site.indicators.iter().zip(&assessment.indicators).map(|(i, a)| indicator_record(i, a)).collect();
        (to_json(&records), indicators_csv(site, assessment))
    };
    let tasks = || {
        let tasks = task_records(site, assessment);
        (to_json(&tasks), tasks_csv(&tasks))
    };
    let each = || -> Vec<(String, Vec<u8>)> {
        site.indicators
            .par_iter()
            .zip(&assessment.indicators)
            .map(|(ind, a)| (format!("data/indicators/{}.csv", ind.id), csv_bytes(&VALUES_HEADER, value_rows(ind, a))))
            .collect()
    };
    let (((indicators_json, indicators_csv), values), ((tasks_json, tasks_csv), each)) =
        rayon::join(|| rayon::join(indicators, || values_csv(site, assessment)), || rayon::join(tasks, each));
    files.add("data/indicators.json", indicators_json);
    files.add("data/indicators.csv", indicators_csv);
    files.add("data/values.csv", values);
    for (path, csv) in each {
        files.add(path, csv);
    }
    files.add("data/tasks.json", tasks_json);
    files.add("data/tasks.csv", tasks_csv);
    files.add("data/units.json", to_json(&unit_records(site, assessment)));
    files.add(
        "data/summary.json",
        to_json(&json!({
            "title": site.config.title,
            "as_of": { "period": assessment.as_of.period, "date": assessment.as_of.date.to_string() },
            "rollups": assessment.rollups,
            "snapshots": snapshots.iter().map(|s| json!({
                "period": s.period,
                "manifest_sha256": s.manifest_sha256,
                "previous_manifest_sha256": s.previous_sha256,
            })).collect::<Vec<_>>(),
        })),
    );
}

fn indicators_csv(site: &Site, assessment: &Assessment) -> Vec<u8> {
    let header = [
        "id",
        "name",
        "name_en",
        "unit",
        "direction",
        "owner",
        "plans",
        "supplementary",
        "baseline_at",
        "baseline_value",
        "latest_date",
        "latest_value",
        "status",
        "status_illustrative",
        "target_by",
        "target_op",
        "target_value",
        "t0",
        "y0",
        "tT",
        "yT",
        "t",
        "yt",
        "expected",
        "P",
        // Appended, so that readers of the columns above keep working.
        "target_outcome",
        "target_outcome_illustrative",
        "target_met_late",
        "target_met_late_illustrative",
        "missed_targets",
        "co_owners",
        "leader",
        "in_charge",
        "output",
        "assigned_in",
    ];
    let rows = site
        .indicators
        .iter()
        .zip(&assessment.indicators)
        .map(|(ind, a)| {
            let latest = a.series.last();
            // With no value to judge, the target it would be judged against, as its page shows.
            let judged = a
                .basis
                .as_ref()
                .map(|b| b.target)
                .or_else(|| crate::assess::status::judged(&ind.targets, assessment.as_of.date));
            let target = judged.and_then(|i| ind.targets.get(i));
            let b = a.basis.as_ref();
            let mut row = vec![
                ind.id.clone(),
                ind.name.clone(),
                ind.name_en.clone().unwrap_or_default(),
                ind.unit.clone(),
                format!("{:?}", ind.direction).to_lowercase(),
                ind.owner.as_ref().map(|o| o.value.clone()).unwrap_or_default(),
                ind.plans.iter().map(|p| p.value.as_str()).collect::<Vec<_>>().join(";"),
                ind.supplementary.to_string(),
                ind.baseline.as_ref().map(|b| b.at.canonical()).unwrap_or_default(),
                opt_num(ind.baseline.as_ref().map(|b| b.value)),
                latest.map(|o| o.date.to_string()).unwrap_or_default(),
                opt_num(latest.map(|o| o.value())),
                a.status.as_str().to_string(),
                a.status_illustrative.to_string(),
                target.map(|t| t.by_written.clone()).unwrap_or_default(),
                target.map(|t| t.op.as_str().to_string()).unwrap_or_default(),
                target.map(|t| target_value_text(t.value)).unwrap_or_default(),
                b.map(|b| b.t0.to_string()).unwrap_or_default(),
                opt_num(b.map(|b| b.y0)),
                b.map(|b| b.t_target.to_string()).unwrap_or_default(),
                opt_num(b.map(|b| b.y_target)),
                b.map(|b| b.t.to_string()).unwrap_or_default(),
                opt_num(b.map(|b| b.yt)),
                opt_num(b.and_then(|b| b.expected)),
                opt_num(b.and_then(|b| b.progress)),
            ];
            row.extend(status_target_outcome(a, judged));
            row.push(missed_targets(ind, a));
            row.push(ind.co_owners.iter().map(|o| o.value.as_str()).collect::<Vec<_>>().join(";"));
            row.extend(
                [&ind.leader, &ind.in_charge, &ind.output, &ind.assigned_in].map(|f| f.clone().unwrap_or_default()),
            );
            row
        })
        .collect();
    csv_bytes(&header, rows)
}

/// The outcome at its date of the target the status is judged against (target `judged`), and
/// whether it was met since: a status of `achieved` may rest on a value reported after that
/// target was missed. Empty when the indicator has no target.
fn status_target_outcome(a: &crate::assess::IndicatorAssessment, judged: Option<usize>) -> [String; 4] {
    let Some(i) = judged.filter(|&i| i < a.outcomes.len()) else {
        return Default::default();
    };
    let late = a.outcomes_met_late[i];
    [
        a.outcomes[i].as_str().to_string(),
        a.outcomes_illustrative[i].to_string(),
        late.map(|l| l.date.to_string()).unwrap_or_default(),
        late.is_some_and(|l| l.illustrative).to_string(),
    ]
}

/// Every target not met by its date, in one cell, so that one row per indicator still shows a
/// miss the status no longer does: `2025 >= 55: missed, met late 2026-06-30`, each marked
/// `(illustrative)` where that figure is, separated by `;` as lists are in these files.
fn missed_targets(ind: &Indicator, a: &crate::assess::IndicatorAssessment) -> String {
    let mark = |illustrative: bool| if illustrative { " (illustrative)" } else { "" };
    let item = |when: &str, t: &crate::model::Target, outcome: crate::assess::status::Outcome, illustrative: bool| {
        let (op, value) = (t.op.as_str(), target_value_text(t.value));
        format!("{when} {op} {value}: {}{}", outcome.as_str(), mark(illustrative))
    };
    // A target for every year: each earlier year not met by its end, by its year.
    let years = ind.targets.iter().zip(&a.earlier_years).flat_map(|(t, years)| {
        let missed = years.iter().filter(|y| y.outcome.not_met_by_date());
        missed.map(move |y| item(&y.year.to_string(), t, y.outcome, y.illustrative))
    });
    let judged = a.outcomes.iter().zip(&a.outcomes_illustrative).zip(&a.outcomes_met_late);
    let current = ind.targets.iter().zip(judged).filter(|(_, ((outcome, _), _))| outcome.not_met_by_date()).map(
        |(t, ((outcome, illustrative), late))| {
            let said = item(&t.by_written, t, *outcome, *illustrative);
            match late {
                Some(l) => format!("{said}, met late {}{}", l.date, mark(l.illustrative)),
                None => said,
            }
        },
    );
    years.chain(current).collect::<Vec<_>>().join("; ")
}

const VALUES_HEADER: [&str; 8] = ["indicator", "date", "value", "period", "current", "sample", "source", "note"];

/// Every figure ever published, current ones and those a later report replaced.
fn values_csv(site: &Site, assessment: &Assessment) -> Vec<u8> {
    let rows = site.indicators.iter().zip(&assessment.indicators).flat_map(|(ind, a)| value_rows(ind, a)).collect();
    csv_bytes(&VALUES_HEADER, rows)
}

fn value_rows(ind: &Indicator, a: &crate::assess::IndicatorAssessment) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for o in &a.series {
        for (r, current) in o.earlier.iter().map(|r| (r, false)).chain(std::iter::once((&o.current, true))) {
            rows.push(vec![
                ind.id.clone(),
                o.date.to_string(),
                r.value.to_string(),
                r.period.clone(),
                current.to_string(),
                r.sample.to_string(),
                r.source.clone().unwrap_or_default(),
                r.note.clone().unwrap_or_default(),
            ]);
        }
    }
    rows
}

#[derive(Serialize)]
struct TaskRecord {
    plan: String,
    id: String,
    section: Option<String>,
    title: String,
    leader: Option<String>,
    lead: Vec<String>,
    support: Vec<String>,
    output: Option<String>,
    due: Option<Value>,
    due_text: Option<String>,
    change: Option<crate::model::Change>,
    change_basis: Option<String>,
    indicators: Vec<String>,
    source_ref: Option<String>,
    /// The document's own note on the task (its note column).
    doc_note: Option<String>,
    numbered: bool,
    /// The values the document does not print but that were derived: field → where from.
    inferred: crate::model::Inferred,
    status: Option<crate::model::TaskStatus>,
    percent: Option<f64>,
    reported_in: Option<String>,
    note: Option<String>,
    evidence: Vec<Value>,
    sample: bool,
    overdue: bool,
    due_soon: bool,
    not_updated: bool,
}

fn task_records(site: &Site, assessment: &Assessment) -> Vec<TaskRecord> {
    let ids = |v: &[crate::model::Located<String>]| v.iter().map(|l| l.value.clone()).collect::<Vec<_>>();
    let mut out = Vec::new();
    for (plan, assessed) in site.plans.iter().zip(&assessment.tasks) {
        for (t, a) in plan.tasks.iter().zip(assessed) {
            let report = a.latest.as_ref().map(|(_, r)| r);
            out.push(TaskRecord {
                plan: plan.id.clone(),
                id: t.id.clone(),
                section: t.section.as_ref().map(|s| s.value.clone()),
                title: t.title.clone(),
                leader: t.leader.clone(),
                lead: ids(&t.lead),
                support: ids(&t.support),
                output: t.output.clone(),
                due: t.due.as_ref().map(|d| {
                    json!({ "written": d.written, "meaning": d.canonical(), "date": a.due_date.map(|x| x.to_string()) })
                }),
                due_text: t.due_text.clone(),
                change: t.change,
                change_basis: t.change_basis.clone(),
                indicators: ids(&t.indicators),
                source_ref: t.source_ref.clone(),
                doc_note: t.note.clone(),
                numbered: t.numbered,
                inferred: t.inferred.clone(),
                status: report.map(|r| r.status),
                percent: report.and_then(|r| r.percent),
                reported_in: a.latest.as_ref().map(|(p, _)| p.clone()),
                note: report.and_then(|r| r.note.clone()),
                evidence: report
                    .map(|r| r.evidence.iter().map(|e| evidence_record(site, e)).collect())
                    .unwrap_or_default(),
                sample: report.is_some_and(|r| r.sample),
                overdue: a.flags.overdue,
                due_soon: a.flags.due_soon,
                not_updated: a.flags.not_updated,
            });
        }
    }
    out
}

/// A piece of evidence as data: its `url` usable as it is, as pages link it (a file or page
/// of the site by its path from the site's root, an address percent-encoded); `written` as the
/// progress file has it, when that differs.
fn evidence_record(site: &Site, e: &crate::model::Evidence) -> Value {
    use crate::render::markdown::{Evidence, evidence_target};
    let url = match evidence_target(&e.url, site, &site.config.language) {
        Evidence::Site(path) | Evidence::Web(path) => path,
    };
    if url == e.url {
        json!({ "title": e.title, "url": url })
    } else {
        json!({ "title": e.title, "url": url, "written": e.url })
    }
}

fn tasks_csv(tasks: &[TaskRecord]) -> Vec<u8> {
    let header = [
        "plan",
        "id",
        "section",
        "title",
        "leader",
        "lead",
        "support",
        "output",
        "due_written",
        "due_meaning",
        "due_date",
        "due_text",
        "change",
        "change_basis",
        "source_ref",
        "doc_note",
        "status",
        "percent",
        "reported_in",
        "sample",
        "overdue",
        "due_soon",
        "not_updated",
        "inferred",
    ];
    let rows = tasks
        .iter()
        .map(|t| {
            let due = |k: &str| t.due.as_ref().and_then(|d| d[k].as_str()).unwrap_or_default().to_string();
            vec![
                t.plan.clone(),
                t.id.clone(),
                t.section.clone().unwrap_or_default(),
                t.title.clone(),
                t.leader.clone().unwrap_or_default(),
                t.lead.join(";"),
                t.support.join(";"),
                t.output.clone().unwrap_or_default(),
                due("written"),
                due("meaning"),
                due("date"),
                t.due_text.clone().unwrap_or_default(),
                t.change.map(|c| c.as_str().to_string()).unwrap_or_default(),
                t.change_basis.clone().unwrap_or_default(),
                t.source_ref.clone().unwrap_or_default(),
                t.doc_note.clone().unwrap_or_default(),
                t.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
                opt_num(t.percent),
                t.reported_in.clone().unwrap_or_default(),
                t.sample.to_string(),
                t.overdue.to_string(),
                t.due_soon.to_string(),
                t.not_updated.to_string(),
                t.inferred.iter().map(|(field, from)| format!("{field}: {from}")).collect::<Vec<_>>().join("; "),
            ]
        })
        .collect();
    csv_bytes(&header, rows)
}

#[derive(Serialize)]
struct UnitRecord<'a> {
    id: &'a str,
    name: &'a str,
    name_en: Option<&'a str>,
    aliases: &'a [crate::model::Located<String>],
    parent: Option<&'a str>,
    #[serde(flatten)]
    counts: &'a UnitCounts,
}

fn unit_records<'a>(site: &'a Site, assessment: &'a Assessment) -> Vec<UnitRecord<'a>> {
    site.units
        .iter()
        .map(|u| UnitRecord {
            id: &u.id,
            name: &u.name,
            name_en: u.name_en.as_deref(),
            aliases: &u.aliases,
            parent: u.parent.as_ref().map(|p| p.value.as_str()),
            // Roll-ups hold an entry for every unit, even one with nothing to do.
            counts: &assessment.rollups.units[&u.id],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("+cmd"), "'+cmd");
        assert_eq!(spreadsheet_safe("\tx"), "'\tx");
        assert_eq!(spreadsheet_safe("-inf"), "'-inf");
        assert_eq!(spreadsheet_safe("-3.5"), "-3.5");
        assert_eq!(spreadsheet_safe("+2"), "+2");
        assert_eq!(spreadsheet_safe("Sở Y tế"), "Sở Y tế");
        let bytes = csv_bytes(&["a", "b"], vec![vec!["=1+1".into(), "-2".into()]]);
        assert_eq!(String::from_utf8(bytes).unwrap(), "a,b\n'=1+1,-2\n");
    }
}
