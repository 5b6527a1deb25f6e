//! The search page of a language (`tim-kiem/`, `en/search/`): a form, the place results go,
//! and the strings its script needs. The index itself is added by `render::search`.

use super::*;
use crate::render::search::{self, records::KINDS};

pub(super) fn search_page(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, extra, .. } = cx;
    if !matches!(extra.context, crate::render::Context::Live { .. }) {
        return;
    }
    let path = search::page_path(lang);
    // The page has a different address in each language, so its alternates are its own.
    let alternates = jobs
        .languages
        .iter()
        .map(|(code, prefix)| (code.clone(), format!("{prefix}{}/index.html", search::slug(code))))
        .collect();
    let kinds: serde_json::Map<String, Value> =
        KINDS.iter().map(|k| (k.to_string(), json!(lang.t(&format!("search_kind_{k}"))))).collect();
    let lists: Vec<Value> = ["indicators", "plans", "units"]
        .iter()
        .map(|l| {
            let href = super::super::context::relative(&path, &lang.path(&format!("{l}/index.html")));
            json!({ "title": lang.t(l), "href": href })
        })
        .collect();
    let strings = json!({
        "kinds": kinds,
        "all": lang.t("search_all"),
        "filter": lang.t("search_kinds"),
        "results": lang.t("search_results"),
        "result": lang.t("search_result"),
        "none": lang.t("search_none"),
        "suggest": lang.t("search_suggest"),
        "partial": lang.t("search_partial"),
        "partialCount": lang.t("search_partial_count"),
        "unmatched": lang.t("search_unmatched"),
        "common": lang.t("search_common"),
        "read": lang.t("search_read"),
        "more": lang.t("search_more"),
        "loading": lang.t("search_loading"),
        "failed": lang.t("search_failed"),
        "empty": lang.t("search_empty"),
        "lists": lists,
    });
    jobs.list.push(PageJob::new(
        path.clone(),
        "search.html",
        alternates,
        lang.t("search"),
        json!({
            "index": null,
            "version": null,
            "strings": strings.to_string().replace("</", "<\\/"),
            "lists": [
                { "title": lang.t("indicators"), "href": lang.path("indicators/index.html") },
                { "title": lang.t("plans"), "href": lang.path("plans/index.html") },
                { "title": lang.t("units"), "href": lang.path("units/index.html") },
            ],
        }),
    ));
}
