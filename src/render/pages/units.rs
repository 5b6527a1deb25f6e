//! The units: a list and one page per unit with what it leads and supports.

use super::*;

/// The unit list and each unit's page, what needs attention first.
pub(super) fn units(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, size, .. } = cx;
    let summaries = cx.summaries();
    let tasks = cx.tasks();
    let (site, a) = (ix.site, ix.assessment);
    let size = *size;
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
    jobs.push_pages(lang, "units/", "units.html", &lang.t("units"), unit_rows, size, |rows, pager| {
        object([("units", Value::Array(rows)), ("pager", pager)])
    });
    for u in &site.units {
        let c = &a.rollups.units[&u.id];
        // Overdue first, then not updated, then the rest: what needs attention comes first.
        let mut led: Vec<(u8, usize)> = Vec::new();
        let mut supported: Vec<(u8, usize)> = Vec::new();
        for (k, (_, t, ta)) in ix.tasks.iter().enumerate() {
            let rank = if ta.flags.overdue {
                0
            } else if ta.flags.not_updated {
                1
            } else {
                2
            };
            if t.lead.iter().any(|l| l.value == u.id) {
                led.push((rank, k));
            } else if t.support.iter().any(|s| s.value == u.id) {
                supported.push((rank, k));
            }
        }
        led.sort_by_key(|(r, _)| *r);
        supported.sort_by_key(|(r, _)| *r);
        let owned: Vec<usize> = site
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.owner.as_ref().is_some_and(|o| o.value == u.id))
            .map(|(n, _)| n)
            .collect();
        // A unit's pages are a group, made from its counts, and its tasks and indicators as
        // lists show them, in the order shown.
        let group = jobs.group(|| {
            let counts = serde_json::to_vec(c).unwrap_or_default();
            let tasks = led.iter().chain(&supported).flat_map(|&(_, k)| cx.task_keys()[k]).collect();
            let split = led.len().to_le_bytes().to_vec();
            let indicators = owned.iter().flat_map(|&n| cx.summary_keys()[n]).collect();
            vec![b"unit".to_vec(), u.id.as_bytes().to_vec(), counts, tasks, split, indicators]
        });
        let Some(group) = group else { continue };
        let led: Vec<Value> = led.into_iter().map(|(_, k)| tasks[k].clone()).collect();
        let supported: Vec<Value> = supported.into_iter().map(|(_, k)| tasks[k].clone()).collect();
        let owned: Vec<Value> = owned.into_iter().map(|n| summaries[n].clone()).collect();
        // What a shared link's preview says: what the documents assign to the unit.
        let share_text = lang
            .t("share_unit")
            .replace("{lead}", &c.lead.total.to_string())
            .replace("{support}", &c.support.total.to_string())
            .replace("{indicators}", &owned.len().to_string());
        let children: Vec<Value> = site
            .units
            .iter()
            .filter(|x| x.parent.as_ref().is_some_and(|p| p.value == u.id))
            .map(|x| views::unit_ref(lang, ix, &x.id))
            .collect();
        jobs.in_group(group, |jobs| {
            let mut data = views::unit_ref(lang, ix, &u.id);
            // The name in the other language; none when the heading already shows the Vietnamese
            // name for want of an English one (it would be said twice).
            let name_en = u.name_en.as_deref().filter(|e| !e.is_empty());
            data["name_other"] = json!(if lang.code == "en" { name_en.map(|_| u.name.as_str()) } else { name_en });
            data["doc_lang"] = json!(lang.doc_lang());
            data["aliases"] = json!(u.aliases);
            data["parent"] = json!(u.parent.as_ref().map(|p| views::unit_ref(lang, ix, &p.value)));
            data["children"] = Value::Array(children);
            data["lead_counts"] = views::task_counts(lang, &format!("unit-{}", u.id), &c.lead);
            data["support_total"] = json!(c.support.total);
            data["share_text"] = json!(share_text);
            // Each long list shows its first rows here, what needs attention first, and has pages
            // of its own.
            let (name, name_lang) = lang.pick_lang(&u.name, u.name_en.as_deref());
            let name = name.to_string();
            let crumbs = json!([
                { "href": lang.path("units/index.html"), "label": lang.t("units"), "label_lang": null },
                { "href": lang.path(&format!("units/{}/index.html", u.id)), "label": name, "label_lang": name_lang },
            ]);
            let lists = [
                ("led", "tasks", "tasks_led", led),
                ("supported", "tasks", "tasks_supported", supported),
                ("indicators", "indicators", "indicators_owned", owned),
            ];
            for (key, kind, heading, rows) in lists {
                let dir = format!("units/{}/{key}/", u.id);
                data[key] = jobs.list_pages(lang, &dir, kind, &crumbs, &name, &lang.t(heading), rows, size);
            }
            jobs.push(lang, &format!("units/{}/index.html", u.id), "unit.html", name, data);
        });
    }
}
