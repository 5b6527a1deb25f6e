//! Indicator pages: the lists (all, and filtered by status, plan and unit) and one page per
//! indicator.

use super::*;

/// Lists grouped by status; filters are plain links to pages of their own.
pub(super) fn lists(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, .. } = cx;
    let summaries = cx.summaries();
    let (site, a) = (ix.site, ix.assessment);
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
    // The flat list in the order shown, grouped by status; a page shows the groups of its own
    // rows and each group heading keeps the group's whole count.
    let list =
        |pick: &dyn Fn(&crate::model::Indicator, &crate::assess::IndicatorAssessment) -> bool| -> Vec<(Status, usize)> {
            Status::ALL
                .iter()
                .flat_map(|s| {
                    site.indicators
                        .iter()
                        .zip(&a.indicators)
                        .enumerate()
                        .filter(move |(_, (i, ia))| ia.status == *s && pick(i, ia))
                        .map(move |(n, _)| (*s, n))
                })
                .collect()
        };
    let filters_key = std::sync::OnceLock::new();
    // `filter` names the list with the language of its name when that is not the page's.
    let mut pages = |dir: String, title: String, filter: Option<(String, Option<&str>)>, rows: Vec<(Status, usize)>| {
        // Each list's pages are a group, made from the filters and its rows as lists show them.
        let group = jobs.group(|| {
            let filters = filters_key.get_or_init(|| super::super::memo::value_key(&filters));
            let shown = rows.iter().flat_map(|&(s, n)| [&[s as u8][..], &cx.summary_keys()[n]].concat()).collect();
            vec![b"list".to_vec(), dir.as_bytes().to_vec(), filters.to_vec(), shown]
        });
        let Some(group) = group else { return };
        let rows: Vec<(Status, &Value)> = rows.into_iter().map(|(s, n)| (s, &summaries[n])).collect();
        let totals: BTreeMap<&str, usize> = rows.iter().fold(BTreeMap::new(), |mut m, (s, _)| {
            *m.entry(s.as_str()).or_default() += 1;
            m
        });
        let list_href = lang.path(&paginate::page_path(&dir, 1));
        jobs.in_group(group, |jobs| {
            jobs.push_pages(lang, &dir, "indicators.html", &title, rows, cx.size, |page, pager| {
                let mut groups: Vec<Value> = Vec::new();
                for (s, sum) in page {
                    if groups.last().is_none_or(|g| g["status"]["key"] != s.as_str()) {
                        groups
                            .push(json!({ "status": status_json(lang, s), "total": totals[s.as_str()], "items": [] }));
                    }
                    if let Some(items) = groups.last_mut().and_then(|g| g["items"].as_array_mut()) {
                        items.push(sum.clone());
                    }
                }
                object([
                    ("groups", Value::Array(groups)),
                    ("filters", filters.clone()),
                    ("filter", filter.as_ref().map(|f| f.0.clone()).into()),
                    ("filter_lang", filter.as_ref().and_then(|f| f.1).into()),
                    ("list_href", list_href.clone().into()),
                    ("pager", pager),
                ])
            })
        });
    };
    pages("indicators/".into(), lang.t("indicators"), None, list(&|_, _| true));
    for s in Status::ALL {
        if a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0) == 0 {
            continue;
        }
        let label = lang.t(&format!("status_{}", s.as_str()));
        pages(
            format!("indicators/status/{}/", s.as_str()),
            format!("{} — {label}", lang.t("indicators")),
            Some((label, None)),
            list(&|_, ia| ia.status == s),
        );
    }
    for p in &site.plans {
        if a.rollups.plans[&p.id].indicators.total == 0 {
            continue;
        }
        let (label, label_lang) = lang.pick_lang(&p.title, p.title_en.as_deref());
        let label = label.to_string();
        pages(
            format!("indicators/plan/{}/", p.id),
            format!("{} — {}", lang.t("indicators"), p.code.as_deref().unwrap_or(&p.id)),
            Some((label, label_lang)),
            list(&|i, _| i.plans.iter().any(|q| q.value == p.id)),
        );
    }
    for u in &site.units {
        if a.rollups.units.get(&u.id).is_none_or(|c| c.indicators.total == 0) {
            continue;
        }
        let (label, label_lang) = lang.pick_lang(&u.name, u.name_en.as_deref());
        let label = label.to_string();
        pages(
            format!("indicators/unit/{}/", u.id),
            format!("{} — {label}", lang.t("indicators")),
            Some((label, label_lang)),
            list(&|i, _| i.owners().any(|o| o.value == u.id)),
        );
    }
}

/// One page per indicator, charts drawn on every core. Each indicator's pages are a group
/// made from its figures and its tasks as lists show them (see `Jobs::group`).
pub(super) fn details(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, .. } = cx;
    let tasks = cx.tasks();
    let (site, a) = (ix.site, ix.assessment);
    let made: Vec<(usize, Group)> = site
        .indicators
        .iter()
        .zip(&a.indicators)
        .enumerate()
        .filter_map(|(n, (ind, ia))| {
            let group = jobs.group(|| {
                let figures = serde_json::to_vec(ia).unwrap_or_default();
                let linked = ix.tasks_of.get(ind.id.as_str()).map_or(&[][..], Vec::as_slice);
                let linked = linked.iter().flat_map(|&k| cx.task_keys()[k]).collect();
                vec![b"indicator".to_vec(), ind.id.as_bytes().to_vec(), figures, linked]
            });
            group.map(|g| (n, g))
        })
        .collect();
    let details: Vec<Value> = made
        .par_iter()
        // A few at a time to each core, so both finish together (see `load`).
        .with_max_len(8)
        .map(|(n, _)| {
            let (ind, ia) = (&site.indicators[*n], &a.indicators[*n]);
            let commentary = ix.content(&PageKind::IndicatorCommentary { indicator: ind.id.clone() }, lang.code);
            let mut data = views::indicator_detail(lang, ix, ind, ia, tasks);
            data["commentary"] = json!(body_html(ix.site, commentary, 3, lang.code));
            data
        })
        .collect();
    for ((n, group), mut data) in made.into_iter().zip(details) {
        let (ind, ia) = (&site.indicators[n], &a.indicators[n]);
        let name = lang.pick(&ind.name, ind.name_en.as_deref()).to_string();
        // What a link preview says: the status in a word and the trend in a sentence, and that
        // the figures are illustrative when they are (a preview shows no badge).
        data["share_text"] = json!(format!(
            "{}. {}",
            lang.t(&format!("status_{}", ia.status.as_str())),
            super::super::words::trend_sentence_marked(lang, ind, ia)
        ));
        jobs.in_group(group, |jobs| {
            jobs.push(lang, &format!("indicators/{}/index.html", ind.id), "indicator.html", name, data);
            // A bare page of the chart for news sites to put in an iframe, linking back here.
            jobs.twin(lang, &format!("indicators/{}/embed/index.html", ind.id), "embed.html");
        });
    }
}
