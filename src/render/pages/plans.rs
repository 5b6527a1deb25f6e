//! The plans: a list and one page per plan with every task by section.

use super::*;

/// The plan list and each plan's page.
pub(super) fn plans(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, .. } = cx;
    let (summaries, plan_cards) = (cx.summaries(), cx.plan_cards());
    let tasks = cx.tasks();
    let (site, a) = (ix.site, ix.assessment);
    // Plans.
    jobs.push_pages(lang, "plans/", "plans.html", &lang.t("plans"), plan_cards.to_vec(), cx.size, |rows, pager| {
        object([("plans", Value::Array(rows)), ("pager", pager)])
    });
    // `tasks` holds every plan's tasks, plan after plan.
    let mut first = 0;
    for (n, plan) in site.plans.iter().enumerate() {
        let range = first..first + plan.tasks.len();
        first += plan.tasks.len();
        let owned: Vec<usize> = site
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.plans.iter().any(|p| p.value == plan.id))
            .map(|(n, _)| n)
            .collect();
        // A plan's page is a group, made from its counts, and its tasks and indicators as
        // lists show them.
        let group = jobs.group(|| {
            let sections: Vec<_> =
                plan.sections.iter().map(|s| a.rollups.sections.get(&format!("{}/{}", plan.id, s.id))).collect();
            let counts = serde_json::to_vec(&(&a.rollups.plans[&plan.id], sections)).unwrap_or_default();
            let tasks = cx.task_keys()[range.clone()].concat();
            let indicators = owned.iter().flat_map(|&n| cx.summary_keys()[n]).collect();
            vec![b"plan".to_vec(), plan.id.as_bytes().to_vec(), counts, tasks, indicators]
        });
        let Some(group) = group else { continue };
        let commentary = ix.content(&PageKind::PlanCommentary { plan: plan.id.clone() }, lang.code);
        let views = &tasks[range];
        let task_views: Vec<(Option<&str>, &Value)> =
            plan.tasks.iter().zip(views).map(|(t, v)| (t.section.as_ref().map(|s| s.value.as_str()), v)).collect();
        let mut sections: Vec<Value> = plan
            .sections
            .iter()
            .map(|s| {
                let key = format!("{}/{}", plan.id, s.id);
                object([
                    ("id", s.id.as_str().into()),
                    ("anchor", format!("s-{}", s.id).into()),
                    ("title", lang.pick(&s.title, s.title_en.as_deref()).into()),
                    ("title_lang", lang.pick_lang(&s.title, s.title_en.as_deref()).1.into()),
                    (
                        "counts",
                        views::task_counts(
                            lang,
                            &format!("sec-{}-{}", plan.id, slugify(&s.id)),
                            &a.rollups.sections[&key],
                        ),
                    ),
                    (
                        "tasks",
                        task_views
                            .iter()
                            .filter(|(sid, _)| *sid == Some(s.id.as_str()))
                            .map(|(_, v)| (*v).clone())
                            .collect(),
                    ),
                ])
            })
            .collect();
        let loose: Vec<Value> = task_views.iter().filter(|(sid, _)| sid.is_none()).map(|(_, v)| (*v).clone()).collect();
        if !loose.is_empty() {
            // Counted like a section, so that the table of sections adds up to the plan.
            let mut counts = crate::assess::rollup::TaskCounts::default();
            for (_, ta) in plan.tasks.iter().zip(&a.tasks[n]).filter(|(t, _)| t.section.is_none()) {
                counts.add(ta.status(), ta.flags, ta.illustrative());
            }
            let counts = if plan.sections.is_empty() {
                Value::Null
            } else {
                views::task_counts(lang, &format!("sec-{}-other", plan.id), &counts)
            };
            sections.push(object([
                ("id", Value::Null),
                ("anchor", "s-other".into()),
                ("title", lang.t("tasks_without_section").into()),
                ("title_lang", Value::Null),
                ("counts", counts),
                ("tasks", Value::Array(loose)),
            ]));
        }
        let indicators: Vec<Value> = owned.into_iter().map(|n| summaries[n].clone()).collect();
        // What a shared link's preview says: what the plan holds, from the document itself.
        let share_text = lang
            .t("share_plan")
            .replace("{tasks}", &plan.tasks.len().to_string())
            .replace("{indicators}", &indicators.len().to_string());
        let mut data = views::plan_ref(lang, ix, &plan.id);
        let issuer = plan.issuer.as_deref().map(|i| lang.pick_lang(i, plan.issuer_en.as_deref()));
        data["issuer"] = json!(issuer.map(|i| i.0));
        data["issuer_lang"] = json!(issuer.and_then(|i| i.1));
        // The notes behind "inferred" badges are the keeper's, in Vietnamese.
        data["doc_lang"] = json!(lang.doc_lang());
        data["issued"] = json!(plan.issued.map(|d| format::date(d, lang.code)));
        data["year"] = json!(plan.year);
        data["based_on"] = json!(plan.based_on);
        data["supersedes"] = json!(plan.supersedes);
        // The Vietnamese title under the English one; none when the heading already shows it
        // for want of a translation (it would be said twice).
        let translated = plan.title_en.as_deref().is_some_and(|e| !e.is_empty());
        data["title_other"] = json!((lang.code == "en" && translated).then_some(plan.title.as_str()));
        data["counts"] = views::task_counts(lang, &format!("plan-{}", plan.id), &a.rollups.plans[&plan.id].tasks);
        // A plan without sections has no table of them.
        data["has_sections"] = json!(!plan.sections.is_empty());
        data["sections"] = Value::Array(sections);
        data["indicators"] = Value::Array(indicators);
        data["commentary"] = json!(body_html(ix.site, commentary, 2, lang.code));
        data["share_text"] = json!(share_text);
        let title = lang.pick(&plan.title, plan.title_en.as_deref()).to_string();
        jobs.in_group(group, |jobs| {
            jobs.push(lang, &format!("plans/{}/index.html", plan.id), "plan.html", title, data)
        });
    }
}
