//! Every post of the site, newest first, at `updates/`: the address a reader trims a post's
//! link back to, and where the home page's latest posts lead on.

use super::*;

/// The list of every post, in pages of the site's list size; none for a site without posts.
pub(super) fn updates(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, posts, size, .. } = cx;
    if posts.is_empty() {
        return;
    }
    let rows: Vec<Value> = posts.iter().map(|(period, slug, p)| post_json(lang, ix, period, slug, p)).collect();
    let total = rows.len();
    let (title, heading) = (lang.t("updates"), lang.t("all_updates_site"));
    jobs.push_pages(lang, "updates/", "list.html", &title, rows, *size, |page, pager| {
        object([
            ("kind", "posts".into()),
            ("crumbs", json!([])),
            ("context", title.clone().into()),
            ("heading", heading.clone().into()),
            ("rows", Value::Array(page)),
            ("total", total.into()),
            ("pager", pager),
        ])
    });
}
