//! The units: a list and one page per unit with what it leads and supports.

use super::*;

/// The unit list and each unit's page, what needs attention first.
pub(super) fn units(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, summaries, .. } = cx;
    let (site, a) = (ix.site, ix.assessment);
    let mut push =
        |page: &str, template: &'static str, title: String, data: Value| jobs.push(lang, page, template, title, data);
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
}
