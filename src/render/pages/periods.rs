//! Reporting periods: what was reported, what was not, what changed; and the press office's
//! posts.

use super::*;

/// The period list, each period's page and each post.
pub(super) fn periods(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, extra, posts: all_posts, size, .. } = cx;
    let task_table = cx.task_table();
    let size = *size;
    let (site, a) = (ix.site, ix.assessment);
    let mut push =
        |page: &str, template: &'static str, title: String, data: Value| jobs.push(lang, page, template, title, data);
    // Periods and the press office's posts.
    let period_rows: Vec<Value> = site
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let counts = a.rollups.periods.get(i);
            let report = site.reports.iter().find(|r| r.period.value == p.id);
            let posts: Vec<Value> = all_posts
                .iter()
                .filter(|(per, _, _)| per == &p.id)
                .map(|(per, slug, post)| post_json(lang, ix, per, slug, post))
                .collect();
            let mut row = json!({
                "id": p.id,
                "label": lang.pick(&p.label, p.label_en.as_deref()),
                "label_lang": lang.pick_lang(&p.label, p.label_en.as_deref()).1,
                "start": format::date(p.start, lang.code),
                "end": format::date(p.end, lang.code),
                "href": lang.path(&format!("periods/{}/index.html", p.id)),
                "current": p.id == a.as_of.period,
                "future": i > a.as_of.index,
                "counts": counts,
                "reported": counts.and_then(|c| c.reported).map(|d| format::date(d, lang.code)),
                "sample": report.and_then(|r| report_sample(lang, r)),
                // Where all of the period's posts are listed: its own pages when they are many.
                "posts_href": if posts.len() > size {
                    lang.path(&paginate::page_path(&format!("periods/{}/updates/", p.id), 1))
                } else {
                    format!("{}#h-posts", lang.path(&format!("periods/{}/index.html", p.id)))
                },
            });
            // Put in after: `json!` would copy the list.
            row["posts"] = Value::Array(posts);
            row
        })
        .collect();
    push(
        "periods/index.html",
        "periods.html",
        lang.t("periods"),
        object([("periods", Value::Array(period_rows.clone()))]),
    );
    let closed = closed_before_each(ix);
    let statuses = report_rows::Statuses::new(lang);
    let refs = ix.task_refs();
    for (i, p) in site.periods.iter().enumerate() {
        let report = site.reports.iter().find(|r| r.period.value == p.id);
        let reported_here: std::collections::HashSet<&str> =
            report.map(|r| r.tasks.iter().map(|t| t.task.value.as_str()).collect()).unwrap_or_default();
        // The tasks expected to report in the period that did not, as lists show them now.
        let missing: Vec<usize> = if i <= a.as_of.index {
            ix.tasks
                .iter()
                .zip(refs)
                .enumerate()
                .filter(|(_, ((pl, _, _), _))| pl.in_force_by(p.end))
                .filter(|(_, (_, task))| !reported_here.contains(task.as_str()) && !closed[i].contains(task.as_str()))
                .map(|(k, _)| k)
                .collect()
        } else {
            Vec::new()
        };
        let mut changes = extra.changes.get(&p.id).map(|c| changes_json(lang, ix, c));
        // A period's pages are a group, made from its report, what changed in it, how it is
        // listed and its missing tasks as lists show them.
        let report_keys = ix.report_keys(&p.id);
        // Each figure a later period's report changed: the page says what it is now.
        let later = report.map(|r| revised_later(lang, ix, p, r)).unwrap_or_default();
        let later_key = super::super::memo::value_key(&Value::Array(later.iter().flatten().cloned().collect()));
        let group = jobs.group(|| {
            let report = [&report_keys.whole[..], &later_key].concat();
            let changed = changes.as_ref().map_or([0; 32], super::super::memo::value_key);
            let listed = super::super::memo::value_key(&period_rows[i]);
            let missed = missing.iter().flat_map(|&k| cx.task_keys()[k]).collect();
            vec![b"period".to_vec(), p.id.as_bytes().to_vec(), report, changed.to_vec(), listed.to_vec(), missed]
        });
        // The pages of its longest lists, the figures and the task reports, are groups of
        // their own, made from that part of the report: an edited figure leaves the pages of
        // the task reports as they were. (`None`: no report; `Some(None)`: the pages are kept.)
        let mut split = |folder: &str, part: super::super::memo::Key| {
            let dir = format!("periods/{}/{folder}/", p.id);
            report.map(|_| jobs.group(|| vec![b"period list".to_vec(), dir.as_bytes().to_vec(), part.to_vec()]))
        };
        let mut values_list = split("values", super::super::memo::Memo::key([&report_keys.values[..], &later_key]));
        let mut tasks_list = split("tasks", report_keys.tasks);
        let made = |list: &Option<Option<Group>>| group.is_some() || matches!(list, Some(Some(_)));
        if !made(&values_list) && !made(&tasks_list) {
            continue;
        }
        let values: Vec<Value> = report.filter(|_| made(&values_list))
            .map(|r| {
                r.values
                    .iter()
                    .zip(&later)
                    .filter_map(|(v, later)| {
                        let (ind, _) = ix.indicators.get(v.indicator.value.as_str())?;
                        let unit = lang.pick(&ind.unit, ind.unit_en.as_deref());
                        let (name, name_lang) = lang.pick_lang(&ind.name, ind.name_en.as_deref());
                        Some(json!({
                            "indicator": { "name": name, "name_lang": name_lang, "href": lang.path(&format!("indicators/{}/index.html", ind.id)) },
                            "text": format::with_unit(v.value, unit, lang.code),
                            "unit_lang": views::unit_lang(lang, ind),
                            "doc_lang": lang.doc_lang(),
                            "date": format::date(v.as_of.unwrap_or(p.end), lang.code),
                            "revision": v.as_of.is_some_and(|d| d < p.start),
                            "later": later,
                            "source": v.source,
                            "sample": v.sample,
                        }))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // Ten thousand a period on a national site: plain rows, not JSON (see `report_rows`).
        let task_reports: Vec<ReportRow> = report
            .filter(|_| made(&tasks_list))
            .map(|r| r.tasks.iter().filter_map(|tr| ReportRow::of(lang, ix, &statuses, tr)).collect())
            .unwrap_or_default();
        let (label, label_lang) = lang.pick_lang(&p.label, p.label_en.as_deref());
        let label = label.to_string();
        let crumbs = json!([
            { "href": lang.path("periods/index.html"), "label": lang.t("periods"), "label_lang": null },
            { "href": lang.path(&format!("periods/{}/index.html", p.id)), "label": label, "label_lang": label_lang },
        ]);
        let Some(group) = group else {
            // The period's page is kept: only the pages of a list that changed are made.
            for (kind, folder, heading, rows, list) in [
                ("values", "values", "values_reported", ListRows::Json(values), values_list),
                ("task_reports", "tasks", "task_reports", ListRows::Reports(task_reports), tasks_list),
            ] {
                if let Some(Some(list)) = list {
                    let dir = format!("periods/{}/{folder}/", p.id);
                    let named = (label.as_str(), lang.t(heading));
                    jobs.in_group(list, |jobs| {
                        jobs.list_of(lang, &dir, kind, &crumbs, (named.0, &named.1), rows, size)
                    });
                }
            }
            continue;
        };
        jobs.in_group(group, |jobs| {
            let posts: Vec<Value> = period_rows[i]["posts"].as_array().cloned().unwrap_or_default();
            // Each long list shows its first rows here and has pages of its own.
            let lists = [
                ("values", "values", "values_reported", ListRows::Json(values)),
                ("task_reports", "tasks", "task_reports", ListRows::Reports(task_reports)),
                ("posts", "updates", "updates", ListRows::Json(posts)),
            ];
            // What changed: each of its lists likewise.
            if let Some(c) = changes.as_mut() {
                for (key, folder, heading) in [
                    ("statuses", "status-changes", "status_changes"),
                    ("completed", "completed", "tasks_completed"),
                    ("revisions", "revisions", "revisions"),
                ] {
                    let rows = match c[key].take() {
                        Value::Array(rows) => rows,
                        _ => Vec::new(),
                    };
                    let dir = format!("periods/{}/{folder}/", p.id);
                    let kind = if key == "statuses" { "status_changes" } else { key };
                    let list = jobs.list_pages(lang, &dir, kind, &crumbs, &label, &lang.t(heading), rows, size);
                    c[key] = list["rows"].clone();
                    c[format!("{key}_list")] = list;
                }
            }
            let mut data = object([
                ("changes", changes.unwrap_or(Value::Null)),
                ("period", period_rows[i].clone()),
                ("report_filed", report.is_some().into()),
            ]);
            for (kind, folder, heading, rows) in lists {
                let dir = format!("periods/{}/{folder}/", p.id);
                let split = match kind {
                    "values" => &mut values_list,
                    "task_reports" => &mut tasks_list,
                    _ => &mut None,
                };
                let named = (label.as_str(), lang.t(heading));
                data[kind] = match split.take() {
                    // Its pages are kept: the period's page shows its first rows.
                    Some(None) => rows.preview(lang, size, &dir),
                    Some(Some(list)) => jobs.in_group(list, |jobs| {
                        jobs.list_of(lang, &dir, kind, &crumbs, (named.0, &named.1), rows, size)
                    }),
                    None => jobs.list_of(lang, &dir, kind, &crumbs, (named.0, &named.1), rows, size),
                };
            }
            // The tasks that missed the report, picked from every task as lists show them.
            let dir = format!("periods/{}/missing/", p.id);
            let named = (label.as_str(), lang.t("not_reported_in_period"));
            data["missing"] =
                jobs.list_picked(lang, &dir, "missing", &crumbs, (named.0, &named.1), &task_table, missing, size);
            jobs.push(lang, &format!("periods/{}/index.html", p.id), "period.html", label, data);
        });
    }
}

/// For each figure of the period's report `r`, what the figure for its date is now when a
/// later period's report changed it (the build's own period at most): its text and the period
/// that changed it. A reader of the period's page is not left taking a withdrawn figure for
/// the official one.
fn revised_later(
    lang: &Lang,
    ix: &views::Index,
    p: &crate::model::Period,
    r: &crate::model::ProgressReport,
) -> Vec<Option<Value>> {
    r.values
        .iter()
        .map(|v| {
            let (ind, ia) = ix.indicators.get(v.indicator.value.as_str())?;
            let date = v.as_of.unwrap_or(p.end);
            let now = &ia.series.iter().find(|o| o.date == date)?.current;
            if now.period == p.id || now.value == v.value {
                return None;
            }
            let period = ix.site.periods.iter().find(|k| k.id == now.period)?;
            let (label, label_lang) = lang.pick_lang(&period.label, period.label_en.as_deref());
            let unit = lang.pick(&ind.unit, ind.unit_en.as_deref());
            Some(json!({
                "text": format::with_unit(now.value, unit, lang.code),
                "sample": now.sample,
                "period": label,
                "period_lang": label_lang,
                "href": format!("{}#h-values", lang.path(&format!("indicators/{}/index.html", ind.id))),
            }))
        })
        .collect()
}

/// What a period's report holds that is illustrative (sample), as a sentence, counted as the
/// period's counts are (every value; each task once): `None` when none of it is. The period's
/// page and the list of periods say it, with the badge, beside "report received", so that no
/// figure of the report passes for an official one.
fn report_sample(lang: &Lang, r: &crate::model::ProgressReport) -> Option<String> {
    let values = r.values.iter().filter(|v| v.sample).count();
    // Most reports have no illustrative line: the tasks are not counted for them (a national
    // period reports ten thousand).
    if values == 0 && !r.tasks.iter().any(|t| t.sample) {
        return None;
    }
    let tasks: std::collections::HashSet<&str> = r.tasks.iter().map(|t| t.task.value.as_str()).collect();
    let sample_tasks = r.tasks.iter().filter(|t| t.sample).map(|t| t.task.value.as_str());
    let sample_tasks = sample_tasks.collect::<std::collections::HashSet<&str>>().len();
    if values == r.values.len() && sample_tasks == tasks.len() {
        return (values + sample_tasks > 0).then(|| lang.t("report_illustrative_all"));
    }
    let count = |key: &str, n: usize, total: usize| {
        let key = if total == 1 { format!("{key}_one") } else { key.to_string() };
        (n > 0).then(|| lang.t(&key).replace("{n}", &n.to_string()).replace("{total}", &total.to_string()))
    };
    let parts: Vec<String> = [
        count("report_illustrative_values", values, r.values.len()),
        count("report_illustrative_tasks", sample_tasks, tasks.len()),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| lang.t("report_illustrative_part").replace("{parts}", &parts.join(&lang.t("and_sep"))))
}

/// The press office's posts, each only in the languages it is written in: the only pages that
/// show a post's text (lists show its title and summary).
pub(super) fn posts(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, posts: all_posts, .. } = cx;
    // The languages each post is written in, found once: not by a walk over every page for
    // every post.
    let mut written: BTreeMap<(&str, String), Vec<String>> = BTreeMap::new();
    for p in &ix.site.pages {
        if let PageKind::Update { period, slug } = &p.kind {
            written.entry((period.as_str(), slugify(slug))).or_default().push(p.lang.clone());
        }
    }
    for (period, slug, post) in all_posts.iter().filter(|(_, _, p)| p.lang == lang.code) {
        let page = format!("updates/{period}/{slug}/index.html");
        // Its page shows the post's text, and besides it only what every input but the text of
        // posts gives.
        let Some(group) = jobs.group(|| vec![b"post".to_vec(), page.clone().into_bytes(), post.digest.to_vec()]) else {
            continue;
        };
        let mut data = post_json(lang, ix, period, slug, post);
        data["body"] = json!(markdown::to_html(&post.body, 2, &markdown::Source::page(ix.site, post, lang.code)));
        // A shared link previews the post by its own summary, not the site's description.
        if let Some(summary) = &post.summary {
            data["share_text"] = json!(summary);
        }
        let written = written.get(&(period.as_str(), slug.clone())).map_or(&[][..], Vec::as_slice);
        let title = post.title.clone().unwrap_or_default();
        jobs.in_group(group, |jobs| jobs.push_written(lang, written, &page, "post.html", title, data));
    }
}
