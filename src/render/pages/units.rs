//! The units: a list and one page per unit with what it leads and supports.

use super::*;

/// The unit list and each unit's page, what needs attention first.
pub(super) fn units(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, summaries, size, .. } = cx;
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
        let mut led: Vec<(u8, Value)> = Vec::new();
        let mut supported: Vec<(u8, Value)> = Vec::new();
        for ((_, t, ta), view) in ix.tasks.iter().zip(tasks) {
            let rank = if ta.flags.overdue {
                0
            } else if ta.flags.not_updated {
                1
            } else {
                2
            };
            if t.lead.iter().any(|l| l.value == u.id) {
                led.push((rank, view.clone()));
            } else if t.support.iter().any(|s| s.value == u.id) {
                supported.push((rank, view.clone()));
            }
        }
        led.sort_by_key(|(r, _)| *r);
        supported.sort_by_key(|(r, _)| *r);
        let owned: Vec<Value> = site
            .indicators
            .iter()
            .zip(summaries)
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
        data["children"] = Value::Array(children);
        data["lead_counts"] = views::task_counts(lang, &format!("unit-{}", u.id), &c.lead);
        data["support_total"] = json!(c.support.total);
        // Each long list shows its first rows here, what needs attention first, and has pages
        // of its own.
        let name = lang.pick(&u.name, u.name_en.as_deref()).to_string();
        let crumbs = json!([
            { "href": lang.path("units/index.html"), "label": lang.t("units") },
            { "href": lang.path(&format!("units/{}/index.html", u.id)), "label": name },
        ]);
        let lists = [
            ("led", "tasks", "tasks_led", led.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
            ("supported", "tasks", "tasks_supported", supported.into_iter().map(|(_, v)| v).collect()),
            ("indicators", "indicators", "indicators_owned", owned),
        ];
        for (key, kind, heading, rows) in lists {
            let dir = format!("units/{}/{key}/", u.id);
            data[key] = jobs.list_pages(lang, &dir, kind, &crumbs, &name, &lang.t(heading), rows, size);
        }
        jobs.push(lang, &format!("units/{}/index.html", u.id), "unit.html", name, data);
    }
}
