//! The model seen by templates: each record turned into plain JSON with its texts in the page's
//! language, its numbers formatted and its links as output paths (templates prefix `root`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::chart;
use super::context::{Lang, marked_status_json, task_status_json};
use super::format;
use super::markdown;
use super::words::{status_explanation, trend_sentence_marked};
use crate::assess::{Assessment, IndicatorAssessment, TaskAssessment};
use crate::model::{Indicator, Op, Plan, Site, Target, TargetValue, Task, Unit};

/// Lookups shared by every page.
pub struct Index<'a> {
    pub site: &'a Site,
    pub assessment: &'a Assessment,
    pub units: BTreeMap<&'a str, &'a Unit>,
    pub plans: BTreeMap<&'a str, &'a Plan>,
    pub indicators: BTreeMap<&'a str, (&'a Indicator, &'a IndicatorAssessment)>,
    /// Every task with its plan and assessment, in plan order.
    pub tasks: Vec<(&'a Plan, &'a Task, &'a TaskAssessment)>,
    /// Charts kept from the preview server's last rebuild.
    pub memo: Option<&'a super::memo::Memo>,
    /// Each content page by what it is and its language: pages look up their commentary
    /// here rather than through every post of the site.
    pub pages: BTreeMap<(&'a crate::model::PageKind, &'a str), &'a crate::model::Page>,
    /// For each indicator, the positions in `tasks` of the tasks that report on it.
    pub tasks_of: BTreeMap<&'a str, Vec<usize>>,
    /// Digests of each period's report, made once for every language.
    report_keys: std::sync::OnceLock<BTreeMap<&'a str, ReportKeys>>,
    /// Each task as `plan/task`, in the order of `tasks`: how reports name it.
    task_refs: std::sync::OnceLock<Vec<String>>,
    /// The position in `tasks` of each task by its plan's id and its own.
    task_positions: std::sync::OnceLock<std::collections::HashMap<(&'a str, &'a str), usize>>,
    /// A digest of every task's assessment, made once for every language.
    tasks_key: std::sync::OnceLock<super::memo::Key>,
    /// The posts each language lists (see [`Index::posts`]), found once for every kind of page
    /// and the feed and search records that list them.
    posts: std::sync::Mutex<BTreeMap<String, std::sync::Arc<Posts<'a>>>>,
}

/// The posts of every period, newest first: each with its period and output slug.
pub type Posts<'a> = Vec<(String, String, &'a crate::model::Page)>;

/// Digests of a period's report: all of it, its figures, its task reports.
#[derive(Clone, Copy, Default)]
pub struct ReportKeys {
    pub whole: super::memo::Key,
    pub values: super::memo::Key,
    pub tasks: super::memo::Key,
}

impl<'a> Index<'a> {
    pub fn new(site: &'a Site, assessment: &'a Assessment) -> Self {
        let tasks = site
            .plans
            .iter()
            .zip(&assessment.tasks)
            .flat_map(|(p, ts)| p.tasks.iter().zip(ts).map(move |(t, a)| (p, t, a)))
            .collect::<Vec<_>>();
        let mut tasks_of: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, (_, t, _)) in tasks.iter().enumerate() {
            for i in &t.indicators {
                let list = tasks_of.entry(i.value.as_str()).or_default();
                // A task that names an indicator twice is listed once.
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        Index {
            site,
            assessment,
            units: site.units.iter().map(|u| (u.id.as_str(), u)).collect(),
            plans: site.plans.iter().map(|p| (p.id.as_str(), p)).collect(),
            indicators: site
                .indicators
                .iter()
                .zip(&assessment.indicators)
                .map(|(i, a)| (i.id.as_str(), (i, a)))
                .collect(),
            tasks,
            memo: None,
            pages: site.pages.iter().rev().map(|p| ((&p.kind, p.lang.as_str()), p)).collect(),
            tasks_of,
            report_keys: std::sync::OnceLock::new(),
            task_refs: std::sync::OnceLock::new(),
            task_positions: std::sync::OnceLock::new(),
            tasks_key: std::sync::OnceLock::new(),
            posts: Default::default(),
        }
    }

    /// The posts the language `lang` lists (see [`super::pages::posts`]).
    pub fn posts(&self, lang: &str) -> std::sync::Arc<Posts<'a>> {
        let mut all = self.posts.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(lang.to_string()).or_insert_with(|| std::sync::Arc::new(super::pages::posts(self.site, lang))).clone()
    }

    /// A digest of the report of `period` (of nothing when there is none): what the pages of
    /// the period show of it.
    pub fn report_key(&self, period: &str) -> super::memo::Key {
        self.report_keys(period).whole
    }

    /// Digests of the report of `period`, of its figures and of its task reports (all of
    /// nothing when there is none).
    pub fn report_keys(&self, period: &str) -> ReportKeys {
        let keys = self.report_keys.get_or_init(|| {
            use rayon::prelude::*;
            // The figures and the task reports are digested once each, as they are written
            // out, and the whole from their digests: a national period's ten thousand task
            // reports, serialised twice into a buffer for every rebuild, were a fourteenth of
            // a preview's rebuild after an edited figure.
            self.site
                .reports
                .par_iter()
                .map(|r| {
                    let (values, tasks) =
                        rayon::join(|| super::memo::json_key(&r.values), || super::memo::json_key(&r.tasks));
                    let whole = super::memo::json_key(&(&r.period, &r.reported, values, tasks));
                    (r.period.value.as_str(), ReportKeys { whole, values, tasks })
                })
                .collect()
        });
        keys.get(period).copied().unwrap_or_default()
    }

    /// A digest of every task's assessment: with the inputs but the progress files, what
    /// lists show of every task is made from it.
    pub fn tasks_key(&self) -> super::memo::Key {
        *self.tasks_key.get_or_init(|| {
            super::memo::Memo::key([serde_json::to_vec(&self.assessment.tasks).unwrap_or_default().as_slice()])
        })
    }

    /// Each task as reports name it (`plan/task`), in the order of `tasks`.
    pub fn task_refs(&self) -> &[String] {
        self.task_refs.get_or_init(|| self.tasks.iter().map(|(p, t, _)| format!("{}/{}", p.id, t.id)).collect())
    }

    /// The task a report names `plan/task`, with its plan and assessment.
    pub fn task(&self, reference: &str) -> Option<(&'a Plan, &'a Task, &'a TaskAssessment)> {
        let positions = self.task_positions.get_or_init(|| {
            let mut positions = std::collections::HashMap::new();
            for (k, (plan, task, _)) in self.tasks.iter().enumerate() {
                positions.entry((plan.id.as_str(), task.id.as_str())).or_insert(k);
            }
            positions
        });
        let (plan, task) = reference.split_once('/')?;
        positions.get(&(plan, task)).map(|&k| self.tasks[k])
    }

    /// The page of `kind` in language `lang`, if any (the Vietnamese text when no translation).
    pub fn content(&self, kind: &crate::model::PageKind, lang: &str) -> Option<&'a crate::model::Page> {
        self.pages.get(&(kind, lang)).or_else(|| self.pages.get(&(kind, "vi"))).copied()
    }
}

pub fn unit_ref(lang: &Lang, ix: &Index, id: &str) -> Value {
    let (name, name_lang) = ix.units.get(id).map_or((id, None), |u| lang.pick_lang(&u.name, u.name_en.as_deref()));
    json!({ "id": id, "name": name, "name_lang": name_lang, "href": lang.path(&format!("units/{id}/index.html")) })
}

pub fn plan_ref(lang: &Lang, ix: &Index, id: &str) -> Value {
    let Some(p) = ix.plans.get(id) else {
        return json!({
            "id": id, "title": id, "title_lang": null, "label": id, "label_lang": null,
            "href": lang.path(&format!("plans/{id}/index.html")),
        });
    };
    let (title, title_lang) = lang.pick_lang(&p.title, p.title_en.as_deref());
    let (label, label_lang) = plan_label_lang(lang, p);
    json!({
        "id": id,
        "title": title,
        "title_lang": title_lang,
        "code": p.code,
        "label": label,
        "label_lang": label_lang,
        "inferred": p.inferred,
        "href": lang.path(&format!("plans/{id}/index.html")),
    })
}

/// The short name lists use: the keeper's label, else the printed number, else the title.
pub fn plan_label<'p>(lang: &Lang, p: &'p Plan) -> &'p str {
    plan_label_lang(lang, p).0
}

/// [`plan_label`], and its language when it is not the page's (a printed number has none).
pub fn plan_label_lang<'p>(lang: &Lang, p: &'p Plan) -> (&'p str, Option<&'static str>) {
    match (&p.label, &p.code) {
        (Some(label), _) => lang.pick_lang(label, p.label_en.as_deref()),
        (None, Some(code)) => (code, None),
        (None, None) => lang.pick_lang(&p.title, p.title_en.as_deref()),
    }
}

/// The language of an indicator's figures as written with its unit ("12 nền tảng") when the
/// unit has no English and the page is English; `None` for "%" and translated units.
pub fn unit_lang(lang: &Lang, ind: &Indicator) -> Option<&'static str> {
    lang.pick_lang(&ind.unit, ind.unit_en.as_deref()).1
}

/// A target's milestone as the page shows it, and its language when not the page's.
pub fn milestone(lang: &Lang, ix: &Index, t: &Target) -> (String, Option<&'static str>) {
    super::milestone::label(lang, &ix.site.periods, &t.by_written, t.by)
}

pub fn op_text(op: Op, value: TargetValue, unit: &str, lang: &Lang) -> String {
    let v = |x: f64| format::with_unit(x, unit, lang.code);
    match (op, value) {
        (Op::Between, TargetValue::Range(lo, hi)) | (_, TargetValue::Range(lo, hi)) => {
            format!("{} – {}", format::number(lo, lang.code, 4), v(hi))
        }
        (op, TargetValue::Single(x)) => {
            let sign = op.sign();
            if sign.is_empty() { v(x) } else { format!("{sign} {}", v(x)) }
        }
    }
}

pub(super) fn unit_label<'s>(lang: &Lang, ind: &'s Indicator) -> &'s str {
    lang.pick(&ind.unit, ind.unit_en.as_deref())
}

/// An indicator as lists show it: status, latest value, next target, a small trend chart.
pub fn indicator_summary(lang: &Lang, ix: &Index, ind: &Indicator, a: &IndicatorAssessment) -> Value {
    let unit = unit_label(lang, ind);
    let (name, name_lang) = lang.pick_lang(&ind.name, ind.name_en.as_deref());
    let latest = a.series.last();
    let judged = super::words::judged_target(ind, a, ix.assessment.as_of.date);
    let spark = spark_points(ind, a).map(|_| {
        json!({
            "src": spark_path(ind),
            "alt": format!("{name}: {}", trend_sentence_marked(lang, ind, a)),
            "width": chart::SPARK_WIDTH,
            "height": chart::SPARK_HEIGHT,
        })
    });
    json!({
        "id": ind.id,
        "name": name,
        "name_lang": name_lang,
        "unit": unit,
        "unit_lang": unit_lang(lang, ind),
        "href": lang.path(&format!("indicators/{}/index.html", ind.id)),
        "status": marked_status_json(lang, a.status, a.status_illustrative),
        "latest": latest.map(|o| json!({
            "text": format::with_unit(o.value(), unit, lang.code),
            "date": format::date(o.date, lang.code),
            "sample": o.current.sample,
            "revised": o.is_revised(),
        })),
        "target": judged.map(|t| {
            let (by, by_lang) = super::milestone::judged_label(lang, &ix.site.periods, t, ix.assessment.as_of.date);
            // A target for every year says so wherever it is shown, as the indicator's page does.
            let every = super::milestone::every_year_words(lang, t, ix.assessment.as_of.date);
            let by = every.map_or(by.clone(), |w| format!("{by} ({w})"));
            json!({ "by": by, "by_lang": by_lang, "text": op_text(t.op, t.value, unit, lang) })
        }),
        "owner": ind.owner.as_ref().map(|o| unit_ref(lang, ix, &o.value)),
        "supplementary": ind.supplementary,
        "spark": spark,
    })
}

/// An indicator's chart in one layout, taken from the memo when it draws the same.
fn drawn(ix: &Index, data: &chart::IndicatorChart, layout: chart::Layout) -> String {
    let Some(memo) = ix.memo else { return chart::indicator_for(data, layout) };
    // What it draws, as JSON: its `Debug` text took longer to write than some charts to draw.
    let drawn = serde_json::to_vec(&(data, layout)).unwrap_or_else(|_| format!("{data:?} {layout:?}").into_bytes());
    let key = super::memo::Memo::key([b"chart".as_slice(), drawn.as_slice()]);
    let svg = memo.piece(key, || chart::indicator_for(data, layout).into_bytes());
    String::from_utf8_lossy(&svg).into_owned()
}

/// A trend's points (fractional year, value) and the level its target asks for.
pub type SparkPoints = (Vec<(f64, f64)>, Option<f64>);

/// What an indicator's small trend chart draws: its values, and the level its judged target
/// asks for; `None` when there are fewer than two values to draw a trend from.
pub fn spark_points(ind: &Indicator, a: &IndicatorAssessment) -> Option<SparkPoints> {
    let points: Vec<(f64, f64)> = a.series.iter().map(|o| (chart::year_fraction(o.date), o.value())).collect();
    if points.len() < 2 {
        return None;
    }
    // With two values and a target there is always a status, and so a judged target.
    let judged = a.basis.as_ref().and_then(|b| ind.targets.get(b.target));
    let target = judged.map(|t| crate::assess::status::path_end(t.value, points[0].1));
    Some((points, target))
}

/// Where an indicator's small trend chart is written: one file for every language.
pub fn spark_path(ind: &Indicator) -> String {
    format!("indicators/{}/spark.svg", ind.id)
}

/// What an indicator's charts draw (the page's two layouts and its share picture), naming
/// milestones that are among `periods` in the page's language.
pub fn indicator_chart_data(
    lang: &Lang,
    periods: &[crate::model::Period],
    ind: &Indicator,
    a: &IndicatorAssessment,
) -> chart::IndicatorChart {
    let unit = unit_label(lang, ind);
    let dates: Vec<chrono::NaiveDate> = a.series.iter().map(|o| o.date).collect();
    let granularity = super::timeaxis::granularity(&dates);
    let when = |d: chrono::NaiveDate| {
        // The period's name where the value closes one, the date otherwise.
        if super::timeaxis::granularity(&[d]) == granularity && granularity != super::timeaxis::Granularity::Year {
            super::timeaxis::label(granularity, d, lang.code, false)
        } else {
            format::date(d, lang.code)
        }
    };
    let value_labels = a
        .series
        .iter()
        .map(|o| format!("{}: {}", when(o.date), format::with_unit(o.value(), unit, lang.code)))
        .collect();
    // In the chart a unit is written only when it is short ("%"); the page and table carry it.
    let short_unit = if unit.chars().count() <= 4 { unit } else { "" };
    let latest = a.series.last().map(|o| format::with_unit(o.value(), short_unit, lang.code));
    let yf = chart::year_fraction;
    // Targets up to the judged one (or the next ahead), so that far milestones do not squash
    // the recent years; the table lists all of them.
    let last_shown = a.basis.as_ref().map_or(ind.targets.len().min(2), |b| b.target + 1);
    let shown = &ind.targets[..last_shown.min(ind.targets.len())];
    chart::IndicatorChart {
        id: format!("ch-{}", ind.id),
        title: lang.pick(&ind.name, ind.name_en.as_deref()).to_string(),
        title_lang: lang.pick_lang(&ind.name, ind.name_en.as_deref()).1.map(str::to_string),
        desc: super::words::chart_description(lang, periods, ind, a),
        lang: lang.code.to_string(),
        percent: ind.is_percent(),
        value_labels,
        latest,
        granularity,
        values: a.series.iter().map(|o| (yf(o.date), o.value(), o.current.sample)).collect(),
        earlier: a.series.iter().flat_map(|o| o.earlier.iter().map(move |e| (yf(o.date), e.value))).collect(),
        baseline: ind.baseline.as_ref().map(|b| (yf(b.at.end()), b.value)),
        targets: shown
            .iter()
            .map(|t| {
                let (lo, hi) = match t.value {
                    TargetValue::Single(x) => (x, x),
                    TargetValue::Range(lo, hi) => (lo, hi),
                };
                chart::TargetMark { x: yf(t.by.end()), lo, hi, label: op_text(t.op, t.value, short_unit, lang) }
            })
            .collect(),
        framework: shown
            .iter()
            .filter_map(|t| {
                t.framework.as_ref().map(|f| {
                    let y = match f.value {
                        TargetValue::Single(x) => x,
                        TargetValue::Range(lo, _) => lo,
                    };
                    (yf(t.by.end()), y)
                })
            })
            .collect(),
        path: a.basis.as_ref().map(|b| ((yf(b.t0), b.y0), (yf(b.t_target), b.y_target))),
    }
}

/// An indicator's page: everything known about it.
/// `tasks` are every task as lists show it, in the order of `ix.tasks`.
/// An indicator's description in `lang`, with its language when not the page's: the English
/// one on English pages when there is one, else the Vietnamese, marked; on Vietnamese pages
/// the Vietnamese only.
pub fn indicator_description<'i>(lang: &Lang, ind: &'i Indicator) -> Option<(&'i str, Option<&'static str>)> {
    let english = ind.description_en.as_deref().filter(|e| !e.is_empty());
    match (ind.description.as_deref(), english) {
        (Some(vi), en) => Some(lang.pick_lang(vi, en)),
        (None, Some(en)) if lang.code == "en" => Some((en, None)),
        _ => None,
    }
}

pub fn indicator_detail(lang: &Lang, ix: &Index, ind: &Indicator, a: &IndicatorAssessment, tasks: &[Value]) -> Value {
    let unit = unit_label(lang, ind);
    let mut v = indicator_summary(lang, ix, ind, a);
    let periods: BTreeMap<&str, &crate::model::Period> = ix.site.periods.iter().map(|p| (p.id.as_str(), p)).collect();
    let period_label = |id: &str| {
        periods.get(id).map_or((id.to_string(), None), |p| {
            let (label, l) = lang.pick_lang(&p.label, p.label_en.as_deref());
            (label.to_string(), l)
        })
    };
    let values: Vec<Value> = a
        .series
        .iter()
        .rev()
        .map(|o| {
            let period = period_label(&o.current.period);
            json!({
                "date": format::date(o.date, lang.code),
                "text": format::with_unit(o.value(), unit, lang.code),
                "period": period.0,
                "period_lang": period.1,
                "period_href": lang.path(&format!("periods/{}/index.html", o.current.period)),
                "source": o.current.source,
                "note": o.current.note.as_deref().map(|n| markdown::inline(n, &markdown::Source::data(ix.site, lang.code))),
                "sample": o.current.sample,
                "revised": o.is_revised(),
                "earlier": o.earlier.iter().rev().map(|e| {
                    let earlier_period = period_label(&e.period);
                    json!({
                        "text": format::with_unit(e.value, unit, lang.code),
                        "period": earlier_period.0,
                        "period_lang": earlier_period.1,
                        "source": e.source,
                        "sample": e.sample,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let tasks: Vec<Value> =
        ix.tasks_of.get(ind.id.as_str()).map_or(&[][..], Vec::as_slice).iter().map(|&k| tasks[k].clone()).collect();
    let obj = v.as_object_mut().expect("summary is an object");
    // The name in the other language, under the heading; none when the heading already
    // shows the Vietnamese name for want of an English one (it would be said twice).
    let other = if lang.code == "en" {
        Some(ind.name.as_str()).filter(|_| ind.name_en.as_deref().is_some_and(|e| !e.is_empty()))
    } else {
        ind.name_en.as_deref().filter(|e| !e.is_empty())
    };
    obj.insert("name_other".into(), json!(other));
    obj.insert(
        "direction".into(),
        json!(lang.t(&format!(
            "direction_{}",
            if ind.direction == crate::model::Direction::Increase { "increase" } else { "decrease" }
        ))),
    );
    let description = indicator_description(lang, ind);
    obj.insert("description".into(), json!(description.map(|d| d.0)));
    obj.insert("description_lang".into(), json!(description.and_then(|d| d.1)));
    // Description, sources, notes and where figures are printed: the documents' own words.
    obj.insert("doc_lang".into(), json!(lang.doc_lang()));
    obj.insert("plans".into(), json!(ind.plans.iter().map(|p| plan_ref(lang, ix, &p.value)).collect::<Vec<_>>()));
    // Who answers for it as the document assigns it, in the document's words.
    let co_owners: Vec<Value> = ind.co_owners.iter().map(|o| unit_ref(lang, ix, &o.value)).collect();
    obj.insert("co_owners".into(), Value::Array(co_owners));
    obj.insert("leader".into(), json!(ind.leader));
    obj.insert("in_charge".into(), json!(ind.in_charge));
    obj.insert("output".into(), json!(ind.output));
    obj.insert("assigned_in".into(), json!(ind.assigned_in));
    obj.insert(
        "baseline".into(),
        json!(ind.baseline.as_ref().map(|b| json!({
            "at": super::milestone::label(lang, &ix.site.periods, &b.at.canonical(), b.at).0,
            "text": format::with_unit(b.value, unit, lang.code),
            "source": b.source,
        }))),
    );
    obj.insert("targets".into(), Value::Array(super::targets_view::targets(lang, ix, ind, a)));
    obj.insert("values".into(), Value::Array(values));
    obj.insert("has_sample".into(), json!(a.series.iter().any(|o| o.current.sample)));
    // The legend names official figures only when the chart draws one.
    obj.insert("has_reported".into(), json!(a.series.iter().any(|o| !o.current.sample)));
    obj.insert("has_revision".into(), json!(a.series.iter().any(|o| o.is_revised())));
    obj.insert("explanation".into(), Value::from(status_explanation(lang, &ix.site.periods, ind, a)));
    obj.insert(
        "explanation_html".into(),
        Value::from(super::words::status_explanation_html(lang, &ix.site.periods, ind, a)),
    );
    let data = indicator_chart_data(lang, &ix.site.periods, ind, a);
    obj.insert("chart".into(), Value::from(drawn(ix, &data, chart::Layout::Wide)));
    obj.insert("chart_narrow".into(), Value::from(drawn(ix, &data, chart::Layout::Narrow)));
    obj.insert("has_framework".into(), json!(ind.targets.iter().any(|t| t.framework.is_some())));
    obj.insert("has_path".into(), json!(a.basis.is_some()));
    obj.insert("tasks".into(), Value::Array(tasks));
    obj.insert("csv".into(), json!(format!("data/indicators/{}.csv", ind.id)));
    v
}

/// A task with who, what, when and where it stands.
/// A deadline as the page shows it, and its language when not the page's. The document's own
/// words ("Quý I/2026", "Thường xuyên") are Vietnamese, "2026" the same in every language; the
/// format's keywords (`ongoing`, `annual`, `on_request`) are said in the page's language.
fn due_words(lang: &Lang, written: &str) -> (String, Option<&'static str>) {
    let key = match written.trim().to_lowercase().as_str() {
        "ongoing" => "due_ongoing",
        "annual" | "annually" => "due_annual",
        "on_request" => "due_on_request",
        _ => return (written.to_string(), lang.foreign(written)),
    };
    (lang.t(key), None)
}

pub fn task_view(lang: &Lang, ix: &Index, plan: &Plan, t: &Task, a: &TaskAssessment) -> Value {
    let report = a.latest.as_ref().map(|(_, r)| r);
    let period = a.latest.as_ref().and_then(|(p, _)| ix.site.periods.iter().find(|x| &x.id == p));
    let (title, title_lang) = lang.pick_lang(&t.title, t.title_en.as_deref());
    let reported_in = period.map(|p| lang.pick_lang(&p.label, p.label_en.as_deref()));
    let due = t.due_wording().map(|d| due_words(lang, d));
    let mut v = json!({
        "id": t.id,
        "number": t.numbered.then_some(t.id.as_str()),
        "source_ref": t.source_ref,
        "inferred": t.inferred,
        "title": title,
        "title_lang": title_lang,
        // Leader, output, deadline as written, where in the document, notes: the documents' own
        // words, in Vietnamese.
        "doc_lang": lang.doc_lang(),
        "leader": t.leader,
        "output": t.output,
        "due": due.as_ref().map(|d| &d.0),
        "due_lang": due.and_then(|d| d.1),
        "reported_in": reported_in.map(|r| r.0),
        "reported_in_lang": reported_in.and_then(|r| r.1),
        "sample": report.is_some_and(|r| r.sample),
        "flags": { "overdue": a.flags.overdue, "due_soon": a.flags.due_soon, "not_updated": a.flags.not_updated },
        "change": t.change.map(|c| json!({ "key": c.as_str(), "label": lang.t(&format!("change_{}", c.as_str())) })),
        "change_basis": t.change_basis,
        "doc_note": t.note,
    });
    // Values made here are moved in rather than written in `json!`, which would copy them: a
    // national site has tens of thousands of tasks in each language.
    let source = markdown::Source::data(ix.site, lang.code);
    let units = |ids: &[crate::model::Located<String>]| ids.iter().map(|u| unit_ref(lang, ix, &u.value)).collect();
    let evidence = |r: &crate::model::TaskReport| {
        r.evidence
            .iter()
            .map(|e| json!({ "title": e.title, "url": markdown::evidence_href(&e.url, &source) }))
            .collect()
    };
    let indicators = t.indicators.iter().filter_map(|i| ix.indicators.get(i.value.as_str())).map(|(ind, _)| {
        json!({
            "name": lang.pick(&ind.name, ind.name_en.as_deref()),
            "name_lang": lang.pick_lang(&ind.name, ind.name_en.as_deref()).1,
            "href": lang.path(&format!("indicators/{}/index.html", ind.id)),
        })
    });
    let fields = [
        ("plan", plan_ref(lang, ix, &plan.id)),
        ("anchor", Value::String(format!("t-{}", t.id))),
        ("href", Value::String(format!("{}#t-{}", lang.path(&format!("plans/{}/index.html", plan.id)), t.id))),
        ("lead", Value::Array(units(&t.lead))),
        ("support", Value::Array(units(&t.support))),
        ("due_date", a.due_date.map(|d| format::date(d, lang.code)).into()),
        ("status", task_status_json(lang, report.map(|r| r.status))),
        ("percent", report.and_then(|r| r.percent).map(|p| format::number(p, lang.code, 1)).into()),
        ("note", report.and_then(|r| r.note.as_deref()).map(|n| markdown::inline(n, &source)).into()),
        ("evidence", Value::Array(report.map(evidence).unwrap_or_default())),
        ("indicators", Value::Array(indicators.collect())),
    ];
    if let Some(o) = v.as_object_mut() {
        o.extend(fields.map(|(k, x)| (k.to_string(), x)));
    }
    v
}

/// Task counts as a list of labelled numbers and a status bar.
pub fn task_counts(lang: &Lang, id: &str, c: &crate::assess::rollup::TaskCounts) -> Value {
    use chart::Segment;
    use plotters::style::RGBColor;
    let parts = [
        ("done", c.done, RGBColor(30, 112, 60)),
        ("in_progress", c.in_progress, chart::VALUE),
        ("not_started", c.not_started, RGBColor(154, 160, 166)),
        ("blocked", c.blocked, chart::TARGET),
        ("cancelled", c.cancelled, RGBColor(95, 99, 104)),
        ("unreported", c.unreported, RGBColor(218, 220, 224)),
    ];
    let items: Vec<Value> =
        parts.iter().map(|(k, n, _)| json!({ "key": k, "label": lang.t(&format!("task_{k}")), "count": n })).collect();
    let desc = parts
        .iter()
        .filter(|(_, n, _)| *n > 0)
        .map(|(k, n, _)| format!("{}: {n}", lang.t(&format!("task_{k}"))))
        .collect::<Vec<_>>()
        .join("; ");
    let segments: Vec<Segment> = parts.iter().map(|(_, n, col)| Segment { count: *n, color: *col }).collect();
    json!({
        "total": c.total,
        "items": items,
        "overdue": c.overdue,
        "due_soon": c.due_soon,
        "not_updated": c.not_updated,
        "illustrative": c.illustrative,
        "bar": chart::status_bar(&format!("bar-{id}"), &lang.t("tasks_by_status"), &desc, &segments),
    })
}
