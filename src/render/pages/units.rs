//! The units: a list and one page per unit with what it leads and supports.

use std::collections::HashMap;

use super::*;

/// The unit list and each unit's page, what needs attention first.
pub(super) fn units(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, size, .. } = cx;
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
    let mut tasks_of = tasks_by_unit(ix);
    let (task_table, indicator_table) = (cx.task_table(), cx.indicator_table());
    let mut owned_by: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, i) in site.indicators.iter().enumerate() {
        for owner in i.owners() {
            owned_by.entry(owner.value.as_str()).or_default().push(n);
        }
    }
    for u in &site.units {
        let c = &a.rollups.units[&u.id];
        let UnitTasks { mut led, mut supported } = tasks_of.remove(u.id.as_str()).unwrap_or_default();
        // Overdue first, then not updated, then the rest: what needs attention comes first.
        led.sort_by_key(|(r, _)| *r);
        supported.sort_by_key(|(r, _)| *r);
        let owned = owned_by.remove(u.id.as_str()).unwrap_or_default();
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
        // Picked from every task and indicator as lists show them, not copied.
        let led: Vec<usize> = led.into_iter().map(|(_, k)| k).collect();
        let supported: Vec<usize> = supported.into_iter().map(|(_, k)| k).collect();
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
                ("led", "tasks", "tasks_led", &task_table, led),
                ("supported", "tasks", "tasks_supported", &task_table, supported),
                ("indicators", "indicators", "indicators_owned", &indicator_table, owned),
            ];
            for (key, kind, heading, table, picks) in lists {
                let dir = format!("units/{}/{key}/", u.id);
                let named = (name.as_str(), lang.t(heading));
                data[key] = jobs.list_picked(lang, &dir, kind, &crumbs, (named.0, &named.1), table, picks, size);
            }
            jobs.push(lang, &format!("units/{}/index.html", u.id), "unit.html", name, data);
        });
    }
}

/// A unit's tasks, each with its rank (0 overdue, 1 not updated, 2 the rest) and its place in
/// `ix.tasks`, in that order.
#[derive(Default)]
struct UnitTasks {
    led: Vec<(u8, usize)>,
    /// Those it supports and does not lead.
    supported: Vec<(u8, usize)>,
}

/// Every unit's tasks, found in one pass over the tasks rather than one for each unit (a
/// national site has a hundred units and ten thousand tasks).
fn tasks_by_unit<'a>(ix: &'a Index) -> HashMap<&'a str, UnitTasks> {
    let mut of: HashMap<&str, UnitTasks> = HashMap::new();
    for (k, (_, t, ta)) in ix.tasks.iter().enumerate() {
        let rank = if ta.flags.overdue {
            0
        } else if ta.flags.not_updated {
            1
        } else {
            2
        };
        // A unit named twice counts once; one that leads is not also a supporter.
        for (n, l) in t.lead.iter().enumerate() {
            if !t.lead[..n].iter().any(|e| e.value == l.value) {
                of.entry(l.value.as_str()).or_default().led.push((rank, k));
            }
        }
        for (n, s) in t.support.iter().enumerate() {
            let named = t.lead.iter().chain(&t.support[..n]).any(|e| e.value == s.value);
            if !named {
                of.entry(s.value.as_str()).or_default().supported.push((rank, k));
            }
        }
    }
    of
}
