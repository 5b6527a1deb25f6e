//! The home page: where things stand as of the current period.

use super::*;

/// Counts by status, key indicators, the latest updates and the plans.
pub(super) fn home(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, posts: all_posts, size, .. } = cx;
    let (summaries, plan_cards) = (cx.summaries(), cx.plan_cards());
    let (site, a) = (ix.site, ix.assessment);
    let mut push =
        |page: &str, template: &'static str, title: String, data: Value| jobs.push(lang, page, template, title, data);
    // Home.
    let home = ix.content(&PageKind::Home, lang.code);
    let status_counts: Vec<Value> = Status::ALL
        .iter()
        .map(|s| {
            let n = a.rollups.site.indicators.by_status.get(s.as_str()).copied().unwrap_or(0);
            json!({ "status": status_json(lang, *s), "count": n, "href": lang.path(&format!("indicators/status/{}/index.html", s.as_str())) })
        })
        .collect();
    let key: Vec<Value> = {
        // Found once: not by a walk over every page for every indicator.
        let with_commentary: std::collections::BTreeSet<&str> = site
            .pages
            .iter()
            .filter_map(|p| match &p.kind {
                PageKind::IndicatorCommentary { indicator } => Some(indicator.as_str()),
                _ => None,
            })
            .collect();
        let commented: Vec<&Value> = site
            .indicators
            .iter()
            .zip(summaries)
            .filter(|(i, _)| with_commentary.contains(i.id.as_str()))
            .map(|(_, s)| s)
            .collect();
        let with_trend: Vec<&Value> = summaries.iter().filter(|s| !s["spark"].is_null()).collect();
        // Every indicator with commentary, but never more than a page's worth of cards.
        let mut chosen: Vec<Value> = commented.into_iter().take(*size).cloned().collect();
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
    let latest: Vec<Value> = all_posts.iter().take(3).map(|(per, slug, p)| post_json(lang, ix, per, slug, p)).collect();
    let any_sample = site.reports.iter().any(|r| r.values.iter().any(|v| v.sample) || r.tasks.iter().any(|t| t.sample));
    let own_title = home.filter(|p| p.lang == lang.code).and_then(|p| p.title.clone());
    let (site_title, site_title_lang) = lang.pick_lang(&site.config.title, site.config.title_en.as_deref());
    push(
        "index.html",
        "home.html",
        // The heading in the reader's language: a text in another language (shown marked
        // with its language) does not name the page.
        own_title.clone().unwrap_or_else(|| site_title.to_string()),
        json!({
            // The site's title in another language, for want of one in the reader's.
            "title_lang": if own_title.is_some() { None } else { site_title_lang },
            "body": body_html(site, home, 2, lang.code),
            "status_counts": status_counts,
            "indicator_total": a.rollups.site.indicators.total,
            "indicators_illustrative": a.rollups.site.indicators.illustrative,
            "tasks": views::task_counts(lang, "site", &a.rollups.site.tasks),
            "key_indicators": key,
            "plans": preview(lang, plan_cards, *size, "plans/"),
            "posts": latest,
            "posts_total": all_posts.len(),
            "any_sample": any_sample,
        }),
    );
}
