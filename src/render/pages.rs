//! The pages of a site in one language: which exist, at which output path, with which template
//! and data.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::context::{Lang, status_json};
use super::format;
use super::markdown;
use super::views::{self, Index};
use crate::assess::status::{NEEDS_ACCELERATION, ON_TRACK, Status};
use crate::model::{Page, PageKind};
use crate::text::slugify;

/// One page to render.
pub struct PageJob {
    /// Output path, e.g. `en/indicators/x/index.html`.
    pub path: String,
    pub template: &'static str,
    /// The same page in each language: language code → output path.
    pub alternates: BTreeMap<String, String>,
    pub title: String,
    pub data: Value,
}

/// Section names that free pages cannot take, because built-in pages live there.
pub const RESERVED: &[&str] =
    &["indicators", "plans", "units", "periods", "updates", "data", "static", "archive", "en", "vi", "404"];

/// The page of `kind` in language `lang`, if any (the Vietnamese text when no translation).
fn content<'a>(site: &'a crate::model::Site, kind: &PageKind, lang: &str) -> Option<&'a Page> {
    let find = |l: &str| site.pages.iter().find(|p| &p.kind == kind && p.lang == l);
    find(lang).or_else(|| find("vi"))
}

/// A page's Markdown as HTML whose headings start at `<h{top}>`.
fn body_html(page: Option<&Page>, top: u8) -> Option<String> {
    page.map(|p| markdown::to_html(&p.body, top)).filter(|h| !h.trim().is_empty())
}

/// The posts of every period, newest first, with their output slugs.
pub fn posts<'a>(site: &'a crate::model::Site, lang: &str) -> Vec<(String, String, &'a Page)> {
    let mut seen: BTreeMap<(String, String), &Page> = BTreeMap::new();
    for p in &site.pages {
        if let PageKind::Update { period, slug } = &p.kind {
            let key = (period.clone(), slugify(slug));
            if p.lang == lang || !seen.contains_key(&key) {
                seen.insert(key, p);
            }
        }
    }
    let mut out: Vec<(String, String, &Page)> = seen.into_iter().map(|((period, slug), p)| (period, slug, p)).collect();
    out.sort_by(|a, b| b.2.date.cmp(&a.2.date).then(a.1.cmp(&b.1)));
    out
}

fn post_json(lang: &Lang, ix: &Index, period: &str, slug: &str, p: &Page) -> Value {
    let label =
        ix.site.periods.iter().find(|x| x.id == period).map(|x| lang.pick(&x.label, x.label_en.as_deref()).to_string());
    json!({
        "title": p.title,
        "date": p.date.map(|d| format::date(d, lang.code)),
        "iso_date": p.date.map(|d| d.to_string()),
        "summary": p.summary,
        "sample": p.sample,
        "period": label,
        "period_href": lang.path(&format!("periods/{period}/index.html")),
        "href": lang.path(&format!("updates/{period}/{slug}/index.html")),
    })
}

/// Every page of the site in `lang`.
pub fn all(lang: &Lang, ix: &Index, languages: &[(String, String)], extra: &super::Extra) -> Vec<PageJob> {
    let site = ix.site;
    let a = ix.assessment;
    let mut jobs = Vec::new();
    let alternates = |page: &str| -> BTreeMap<String, String> {
        languages.iter().map(|(code, prefix)| (code.clone(), format!("{prefix}{page}"))).collect()
    };
    let mut push = |page: &str, template: &'static str, title: String, data: Value| {
        jobs.push(PageJob { path: lang.path(page), template, alternates: alternates(page), title, data });
    };

    // Charts dominate the time of a build: draw them on every core.
    let summaries: Vec<Value> = site
        .indicators
        .par_iter()
        .zip(&a.indicators)
        .map(|(i, ia)| views::indicator_summary(lang, ix, i, ia))
        .collect();

    // Home.
    let home = content(site, &PageKind::Home, lang.code);
    let status_counts: Vec<Value> = Status::ALL
        .iter()
        .map(|s| {
            let n = a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0);
            json!({ "status": status_json(lang, *s), "count": n, "href": lang.path(&format!("indicators/status/{}/index.html", s.as_str())) })
        })
        .collect();
    let key: Vec<Value> = {
        let commented: Vec<&Value> = site
            .indicators
            .iter()
            .zip(&summaries)
            .filter(|(i, _)| {
                site.pages.iter().any(|p| p.kind == PageKind::IndicatorCommentary { indicator: i.id.clone() })
            })
            .map(|(_, s)| s)
            .collect();
        let with_trend: Vec<&Value> = summaries.iter().filter(|s| !s["spark"].is_null()).collect();
        let mut chosen: Vec<Value> = commented.into_iter().cloned().collect();
        for s in with_trend {
            if chosen.len() >= 6 {
                break;
            }
            if !chosen.iter().any(|c| c["id"] == s["id"]) {
                chosen.push(s.clone());
            }
        }
        chosen
    };
    let plan_cards = plan_cards(lang, ix);
    let all_posts = posts(site, lang.code);
    let latest: Vec<Value> = all_posts.iter().take(3).map(|(per, slug, p)| post_json(lang, ix, per, slug, p)).collect();
    let any_sample = site.reports.iter().any(|r| r.values.iter().any(|v| v.sample) || r.tasks.iter().any(|t| t.sample));
    push(
        "index.html",
        "home.html",
        home.and_then(|p| p.title.clone())
            .unwrap_or_else(|| lang.pick(&site.config.title, site.config.title_en.as_deref()).to_string()),
        json!({
            "body": body_html(home, 2),
            "status_counts": status_counts,
            "indicator_total": a.rollups.site.indicators.total,
            "tasks": views::task_counts(lang, "site", &a.rollups.site.tasks),
            "key_indicators": key,
            "plans": &plan_cards,
            "posts": latest,
            "any_sample": any_sample,
        }),
    );

    // Indicator lists: all, and filtered by status, plan and unit.
    let filters = json!({
        "statuses": Status::ALL.iter().filter(|s| a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0) > 0).map(|s| json!({
            "label": lang.t(&format!("status_{}", s.as_str())), "href": lang.path(&format!("indicators/status/{}/index.html", s.as_str())),
            "count": a.rollups.site.indicators.by_status[s.as_str()],
        })).collect::<Vec<_>>(),
        "plans": site.plans.iter().filter(|p| a.rollups.plans[&p.id].indicators.total > 0).map(|p| {
            let mut v = views::plan_ref(lang, ix, &p.id);
            v["href"] = json!(lang.path(&format!("indicators/plan/{}/index.html", p.id)));
            v["count"] = json!(a.rollups.plans[&p.id].indicators.total);
            v
        }).collect::<Vec<_>>(),
        "units": site.units.iter().filter(|u| a.rollups.units.get(&u.id).is_some_and(|c| c.indicators.total > 0)).map(|u| {
            let mut v = views::unit_ref(lang, ix, &u.id);
            v["href"] = json!(lang.path(&format!("indicators/unit/{}/index.html", u.id)));
            v["count"] = json!(a.rollups.units[&u.id].indicators.total);
            v
        }).collect::<Vec<_>>(),
    });
    let group = |pick: &dyn Fn(&crate::model::Indicator, &crate::assess::IndicatorAssessment) -> bool| -> Vec<Value> {
        Status::ALL
            .iter()
            .filter_map(|s| {
                let items: Vec<Value> = site
                    .indicators
                    .iter()
                    .zip(&a.indicators)
                    .zip(&summaries)
                    .filter(|((i, ia), _)| ia.status == *s && pick(i, ia))
                    .map(|(_, sum)| sum.clone())
                    .collect();
                (!items.is_empty()).then(|| json!({ "status": status_json(lang, *s), "items": items }))
            })
            .collect()
    };
    push(
        "indicators/index.html",
        "indicators.html",
        lang.t("indicators"),
        json!({ "groups": group(&|_, _| true), "filters": filters, "filter": null }),
    );
    for s in Status::ALL {
        if a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0) == 0 {
            continue;
        }
        let label = lang.t(&format!("status_{}", s.as_str()));
        push(
            &format!("indicators/status/{}/index.html", s.as_str()),
            "indicators.html",
            format!("{} — {label}", lang.t("indicators")),
            json!({ "groups": group(&|_, ia| ia.status == s), "filters": filters, "filter": label }),
        );
    }
    for p in &site.plans {
        if a.rollups.plans[&p.id].indicators.total == 0 {
            continue;
        }
        let label = views::plan_ref(lang, ix, &p.id)["title"].as_str().unwrap_or("").to_string();
        push(
            &format!("indicators/plan/{}/index.html", p.id),
            "indicators.html",
            format!("{} — {}", lang.t("indicators"), p.code.as_deref().unwrap_or(&p.id)),
            json!({ "groups": group(&|i, _| i.plans.iter().any(|q| q.value == p.id)), "filters": filters, "filter": label }),
        );
    }
    for u in &site.units {
        if a.rollups.units.get(&u.id).is_none_or(|c| c.indicators.total == 0) {
            continue;
        }
        let label = lang.pick(&u.name, u.name_en.as_deref()).to_string();
        push(
            &format!("indicators/unit/{}/index.html", u.id),
            "indicators.html",
            format!("{} — {label}", lang.t("indicators")),
            json!({ "groups": group(&|i, _| i.owner.as_ref().is_some_and(|o| o.value == u.id)), "filters": filters, "filter": label }),
        );
    }

    // One page per indicator.
    let details: Vec<Value> = site
        .indicators
        .par_iter()
        .zip(&a.indicators)
        .map(|(ind, ia)| {
            let commentary = content(site, &PageKind::IndicatorCommentary { indicator: ind.id.clone() }, lang.code);
            let mut data = views::indicator_detail(lang, ix, ind, ia);
            data["commentary"] = json!(body_html(commentary, 3));
            data
        })
        .collect();
    for (ind, data) in site.indicators.iter().zip(details) {
        push(
            &format!("indicators/{}/index.html", ind.id),
            "indicator.html",
            lang.pick(&ind.name, ind.name_en.as_deref()).to_string(),
            data,
        );
    }

    // Plans.
    push("plans/index.html", "plans.html", lang.t("plans"), json!({ "plans": plan_cards }));
    for (plan, assessed) in site.plans.iter().zip(&a.tasks) {
        let commentary = content(site, &PageKind::PlanCommentary { plan: plan.id.clone() }, lang.code);
        let task_views: Vec<(Option<&str>, Value)> = plan
            .tasks
            .iter()
            .zip(assessed)
            .map(|(t, ta)| (t.section.as_ref().map(|s| s.value.as_str()), views::task_view(lang, ix, plan, t, ta)))
            .collect();
        let mut sections: Vec<Value> = plan
            .sections
            .iter()
            .map(|s| {
                let key = format!("{}/{}", plan.id, s.id);
                json!({
                    "id": s.id,
                    "anchor": format!("s-{}", s.id),
                    "title": lang.pick(&s.title, s.title_en.as_deref()),
                    "counts": views::task_counts(lang, &format!("sec-{}-{}", plan.id, slugify(&s.id)), &a.rollups.sections[&key]),
                    "tasks": task_views.iter().filter(|(sid, _)| *sid == Some(s.id.as_str())).map(|(_, v)| v.clone()).collect::<Vec<_>>(),
                })
            })
            .collect();
        let loose: Vec<Value> = task_views.iter().filter(|(sid, _)| sid.is_none()).map(|(_, v)| v.clone()).collect();
        if !loose.is_empty() {
            sections.push(json!({ "id": null, "anchor": "s-other", "title": lang.t("tasks_without_section"), "counts": null, "tasks": loose }));
        }
        let indicators: Vec<Value> = site
            .indicators
            .iter()
            .zip(&summaries)
            .filter(|(i, _)| i.plans.iter().any(|p| p.value == plan.id))
            .map(|(_, s)| s.clone())
            .collect();
        let mut data = views::plan_ref(lang, ix, &plan.id);
        data["issuer"] = json!(plan.issuer.as_deref().map(|i| lang.pick(i, plan.issuer_en.as_deref())));
        data["issued"] = json!(plan.issued.map(|d| format::date(d, lang.code)));
        data["year"] = json!(plan.year);
        data["based_on"] = json!(plan.based_on);
        data["supersedes"] = json!(plan.supersedes);
        data["source"] = json!(plan.source);
        data["title_other"] = json!(if lang.code == "en" { Some(plan.title.as_str()) } else { None });
        data["counts"] = views::task_counts(lang, &format!("plan-{}", plan.id), &a.rollups.plans[&plan.id].tasks);
        data["sections"] = json!(sections);
        data["indicators"] = json!(indicators);
        data["commentary"] = json!(body_html(commentary, 2));
        let title = lang.pick(&plan.title, plan.title_en.as_deref()).to_string();
        push(&format!("plans/{}/index.html", plan.id), "plan.html", title, data);
    }

    // Units.
    let unit_rows: Vec<Value> = site
        .units
        .iter()
        .map(|u| {
            let c = &a.rollups.units[&u.id];
            let mut v = views::unit_ref(lang, ix, &u.id);
            v["lead"] = json!(c.lead.total);
            v["support"] = json!(c.support.total);
            v["overdue"] = json!(c.lead.overdue);
            v["not_updated"] = json!(c.lead.not_updated);
            v["indicators"] = json!(c.indicators.total);
            v["aliases"] = json!(u.aliases);
            v
        })
        .collect();
    push("units/index.html", "units.html", lang.t("units"), json!({ "units": unit_rows }));
    for u in &site.units {
        let c = &a.rollups.units[&u.id];
        // Overdue first, then not updated, then the rest: what needs attention comes first.
        let mut led: Vec<(u8, Value)> = Vec::new();
        let mut supported: Vec<(u8, Value)> = Vec::new();
        for (p, t, ta) in &ix.tasks {
            let rank = if ta.flags.overdue {
                0
            } else if ta.flags.not_updated {
                1
            } else {
                2
            };
            if t.lead.iter().any(|l| l.value == u.id) {
                led.push((rank, views::task_view(lang, ix, p, t, ta)));
            } else if t.support.iter().any(|s| s.value == u.id) {
                supported.push((rank, views::task_view(lang, ix, p, t, ta)));
            }
        }
        led.sort_by_key(|(r, _)| *r);
        supported.sort_by_key(|(r, _)| *r);
        let owned: Vec<Value> = site
            .indicators
            .iter()
            .zip(&summaries)
            .filter(|(i, _)| i.owner.as_ref().is_some_and(|o| o.value == u.id))
            .map(|(_, s)| s.clone())
            .collect();
        let children: Vec<Value> = site
            .units
            .iter()
            .filter(|x| x.parent.as_ref().is_some_and(|p| p.value == u.id))
            .map(|x| views::unit_ref(lang, ix, &x.id))
            .collect();
        let mut data = views::unit_ref(lang, ix, &u.id);
        data["name_other"] = json!(if lang.code == "en" { Some(u.name.as_str()) } else { u.name_en.as_deref() });
        data["aliases"] = json!(u.aliases);
        data["parent"] = json!(u.parent.as_ref().map(|p| views::unit_ref(lang, ix, &p.value)));
        data["children"] = json!(children);
        data["lead_counts"] = views::task_counts(lang, &format!("unit-{}", u.id), &c.lead);
        data["support_total"] = json!(c.support.total);
        data["led"] = json!(led.into_iter().map(|(_, v)| v).collect::<Vec<_>>());
        data["supported"] = json!(supported.into_iter().map(|(_, v)| v).collect::<Vec<_>>());
        data["indicators"] = json!(owned);
        push(
            &format!("units/{}/index.html", u.id),
            "unit.html",
            lang.pick(&u.name, u.name_en.as_deref()).to_string(),
            data,
        );
    }

    // Periods and the press office's posts.
    let period_rows: Vec<Value> = site
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let counts = a.rollups.periods.get(i);
            json!({
                "id": p.id,
                "label": lang.pick(&p.label, p.label_en.as_deref()),
                "start": format::date(p.start, lang.code),
                "end": format::date(p.end, lang.code),
                "href": lang.path(&format!("periods/{}/index.html", p.id)),
                "current": p.id == a.as_of.period,
                "future": i > a.as_of.index,
                "counts": counts,
                "reported": counts.and_then(|c| c.reported).map(|d| format::date(d, lang.code)),
                "posts": all_posts.iter().filter(|(per, _, _)| per == &p.id).map(|(per, slug, post)| post_json(lang, ix, per, slug, post)).collect::<Vec<_>>(),
            })
        })
        .collect();
    push("periods/index.html", "periods.html", lang.t("periods"), json!({ "periods": period_rows }));
    let closed = closed_before_each(ix);
    for (i, p) in site.periods.iter().enumerate() {
        let report = site.reports.iter().find(|r| r.period.value == p.id);
        let values: Vec<Value> = report
            .map(|r| {
                r.values
                    .iter()
                    .filter_map(|v| {
                        let (ind, _) = ix.indicators.get(v.indicator.value.as_str())?;
                        let unit = lang.pick(&ind.unit, ind.unit_en.as_deref());
                        Some(json!({
                            "indicator": { "name": lang.pick(&ind.name, ind.name_en.as_deref()), "href": lang.path(&format!("indicators/{}/index.html", ind.id)) },
                            "text": format::with_unit(v.value, unit, lang.code),
                            "date": format::date(v.as_of.unwrap_or(p.end), lang.code),
                            "revision": v.as_of.is_some_and(|d| d < p.start),
                            "source": v.source,
                            "sample": v.sample,
                        }))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let reported_here: std::collections::BTreeSet<&str> =
            report.map(|r| r.tasks.iter().map(|t| t.task.value.as_str()).collect()).unwrap_or_default();
        let task_reports: Vec<Value> = report
            .map(|r| {
                r.tasks
                    .iter()
                    .filter_map(|tr| {
                        let (plan_id, task_id) = tr.task.value.split_once('/')?;
                        let plan = ix.plans.get(plan_id)?;
                        let task = plan.tasks.iter().find(|t| t.id == task_id)?;
                        Some(json!({
                            "task": { "id": task.id, "title": lang.pick(&task.title, task.title_en.as_deref()), "href": format!("{}#t-{}", lang.path(&format!("plans/{}/index.html", plan.id)), task.id), "plan": plan.code.as_deref().unwrap_or(&plan.id) },
                            "status": super::context::task_status_json(lang, Some(tr.status)),
                            "percent": tr.percent.map(|x| format::number(x, lang.code, 1)),
                            "note": tr.note.as_deref().map(markdown::inline),
                            "sample": tr.sample,
                        }))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let missing: Vec<Value> = if i <= a.as_of.index {
            ix.tasks
                .iter()
                .filter(|(pl, _, _)| pl.in_force_by(p.end))
                .filter(|(pl, t, _)| !reported_here.contains(format!("{}/{}", pl.id, t.id).as_str()))
                .filter(|(pl, t, _)| !closed[i].contains(format!("{}/{}", pl.id, t.id).as_str()))
                .map(|(pl, t, ta)| views::task_view(lang, ix, pl, t, ta))
                .collect()
        } else {
            Vec::new()
        };
        let changes = extra.changes.get(&p.id).map(|c| changes_json(lang, ix, c));
        let data = json!({
            "changes": changes,
            "period": period_rows[i],
            "report_filed": report.is_some(),
            "values": values,
            "task_reports": task_reports,
            "missing": missing,
            "posts": period_rows[i]["posts"],
        });
        push(
            &format!("periods/{}/index.html", p.id),
            "period.html",
            lang.pick(&p.label, p.label_en.as_deref()).to_string(),
            data,
        );
    }
    for (period, slug, post) in &all_posts {
        let mut data = post_json(lang, ix, period, slug, post);
        data["body"] = json!(markdown::to_html(&post.body, 2));
        push(&format!("updates/{period}/{slug}/index.html"), "post.html", post.title.clone().unwrap_or_default(), data);
    }

    // The archive of snapshots, on the live site.
    if let super::Context::Live { archives } = extra.context {
        let rows: Vec<Value> = archives
            .iter()
            .rev()
            .map(|a| {
                let label = site.periods.iter().find(|p| p.id == a.period).map_or(a.period.clone(), |p| lang.pick(&p.label, p.label_en.as_deref()).to_string());
                json!({
                    "period": a.period,
                    "label": label,
                    "created": a.created.as_deref().and_then(|c| c.get(..10)).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(|d| format::date(d, lang.code)),
                    "digest": a.manifest_digest,
                    "signed": a.signed,
                    "href": format!("archive/{}/{}index.html", a.period, lang.prefix),
                    "manifest": format!("archive/{}/MANIFEST.sha256", a.period),
                })
            })
            .collect();
        push("archive/index.html", "archive.html", lang.t("archive"), json!({ "archives": rows }));
    }

    // Method: the text of content/method.md with the thresholds and a worked example.
    let method = content(site, &PageKind::Free { slug: "method".into() }, lang.code);
    // The worked example is best from a baseline and short of the path, so that every number
    // of the formula appears; any computed status will do otherwise.
    let example = site
        .indicators
        .iter()
        .zip(&a.indicators)
        .filter(|(_, ia)| ia.basis.as_ref().is_some_and(|b| b.progress.is_some()))
        .max_by_key(|(_, ia)| {
            let from_baseline = ia.basis.as_ref().is_some_and(|b| b.from_baseline);
            (from_baseline, !matches!(ia.status, Status::Achieved | Status::OnTrack))
        });
    push(
        "method/index.html",
        "method.html",
        method.and_then(|p| p.title.clone()).unwrap_or_else(|| lang.t("method")),
        json!({
            "body": body_html(method, 2),
            "on_track": format::number(ON_TRACK, lang.code, 2),
            "needs_acceleration": format::number(NEEDS_ACCELERATION, lang.code, 2),
            "statuses": Status::ALL.iter().map(|s| json!({ "status": status_json(lang, *s), "meaning": lang.t(&format!("meaning_{}", s.as_str())) })).collect::<Vec<_>>(),
            "example": example.map(|(i, ia)| json!({
                "indicator": views::indicator_summary(lang, ix, i, ia),
                "explanation": views::status_explanation(lang, i, ia),
            })),
        }),
    );

    // Free pages.
    for (slug, p) in free_pages(site, lang.code) {
        push(
            &format!("{slug}/index.html"),
            "page.html",
            p.title.clone().unwrap_or_else(|| slug.clone()),
            json!({ "body": markdown::to_html(&p.body, 2), "summary": p.summary }),
        );
    }
    jobs
}

fn plan_cards(lang: &Lang, ix: &Index) -> Vec<Value> {
    ix.site
        .plans
        .iter()
        .map(|p| {
            let c = &ix.assessment.rollups.plans[&p.id];
            let mut v = views::plan_ref(lang, ix, &p.id);
            v["issuer"] = json!(p.issuer.as_deref().map(|i| lang.pick(i, p.issuer_en.as_deref())));
            v["issued"] = json!(p.issued.map(|d| format::date(d, lang.code)));
            v["tasks"] = views::task_counts(lang, &format!("plans-{}", p.id), &c.tasks);
            v["indicators"] = json!(c.indicators.total);
            v
        })
        .collect()
}

/// For each period (by position), the tasks reported done or cancelled in an earlier period.
fn closed_before_each(ix: &Index) -> Vec<std::collections::BTreeSet<String>> {
    let mut closed = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(ix.site.periods.len());
    for p in &ix.site.periods {
        out.push(closed.clone());
        for r in ix.site.reports.iter().filter(|r| r.period.value == p.id) {
            closed.extend(r.tasks.iter().filter(|t| t.status.is_closed()).map(|t| t.task.value.clone()));
        }
    }
    out
}

/// The free pages in `lang` by output slug (the Vietnamese text where no translation exists);
/// `content/method.md` is the method page's text, not a free page.
fn free_pages<'a>(site: &'a crate::model::Site, lang: &str) -> BTreeMap<String, &'a Page> {
    let mut pages: BTreeMap<String, &Page> = BTreeMap::new();
    for p in &site.pages {
        if let PageKind::Free { slug } = &p.kind {
            let s = slugify(slug);
            if slug != "method" && (p.lang == lang || !pages.contains_key(&s)) {
                pages.insert(s, p);
            }
        }
    }
    pages
}

/// Free pages' navigation entries, ordered by weight then title.
pub fn nav_pages(lang: &Lang, site: &crate::model::Site) -> Vec<Value> {
    let pages = free_pages(site, lang.code);
    let mut v: Vec<(i64, String, String)> =
        pages.into_iter().map(|(s, p)| (p.weight, p.title.clone().unwrap_or(s.clone()), s)).collect();
    v.sort();
    v.into_iter()
        .map(
            |(_, title, slug)| json!({ "title": title, "href": lang.path(&format!("{slug}/index.html")), "key": slug }),
        )
        .collect()
}

fn changes_json(lang: &Lang, ix: &Index, c: &super::changes::PeriodChanges) -> Value {
    let name = |id: &str| {
        ix.indicators.get(id).map_or(id.to_string(), |(i, _)| lang.pick(&i.name, i.name_en.as_deref()).to_string())
    };
    let href = |id: &str| lang.path(&format!("indicators/{id}/index.html"));
    let unit = |id: &str| ix.indicators.get(id).map_or("", |(i, _)| lang.pick(&i.unit, i.unit_en.as_deref()));
    let period = |id: &str| {
        ix.site
            .periods
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_string(), |p| lang.pick(&p.label, p.label_en.as_deref()).to_string())
    };
    json!({
        "statuses": c.statuses.iter().map(|s| json!({
            "name": name(&s.indicator), "href": href(&s.indicator),
            "from": status_json(lang, s.from), "to": status_json(lang, s.to),
        })).collect::<Vec<_>>(),
        "completed": c.completed.iter().filter_map(|r| {
            let (plan, task) = r.split_once('/')?;
            let p = ix.plans.get(plan)?;
            let t = p.tasks.iter().find(|t| t.id == task)?;
            Some(json!({
                "label": format!("{} · {}", p.code.as_deref().unwrap_or(&p.id), t.id),
                "title": lang.pick(&t.title, t.title_en.as_deref()),
                "href": format!("{}#t-{}", lang.path(&format!("plans/{plan}/index.html")), t.id),
            }))
        }).collect::<Vec<_>>(),
        "revisions": c.revisions.iter().map(|r| json!({
            "name": name(&r.indicator), "href": href(&r.indicator),
            "date": chrono::NaiveDate::parse_from_str(&r.date, "%Y-%m-%d").map(|d| format::date(d, lang.code)).unwrap_or(r.date.clone()),
            "archived": format::with_unit(r.archived, unit(&r.indicator), lang.code),
            "archived_period": period(&r.archived_period),
            "archive_href": format!("archive/{}/{}indicators/{}/index.html", r.archived_period, lang.prefix, r.indicator),
            "current": format::with_unit(r.current, unit(&r.indicator), lang.code),
        })).collect::<Vec<_>>(),
    })
}
