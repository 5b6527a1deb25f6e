//! Pages of text: the method page and the free pages.

use super::*;

/// The method page (text, thresholds, worked example) and every free page.
pub(super) fn text_pages(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, .. } = cx;
    let (site, a) = (ix.site, ix.assessment);
    let mut push =
        |page: &str, template: &'static str, title: String, data: Value| jobs.push(lang, page, template, title, data);
    // Method: the text of content/method.md with the thresholds and a worked example.
    let method = ix.content(&PageKind::Free { slug: "method".into() }, lang.code);
    // The worked example is best from a baseline and short of the path, so that every number
    // of the formula appears; any computed status will do otherwise.
    let example = site
        .indicators
        .iter()
        .zip(&a.indicators)
        .filter(|(_, ia)| ia.basis.as_ref().is_some_and(|b| b.progress.is_some()))
        .max_by_key(|(_, ia)| {
            let from_baseline = ia.basis.as_ref().is_some_and(|b| b.from_baseline);
            (from_baseline, !matches!(ia.status, Status::Achieved | Status::OnTrack))
        });
    push(
        "method/index.html",
        "method.html",
        // The heading in the reader's language, as the menu names the page: a text in another
        // language (shown marked with its language) does not name it.
        method.filter(|p| p.lang == lang.code).and_then(|p| p.title.clone()).unwrap_or_else(|| lang.t("method")),
        json!({
            "body": body_html(site, method, 2, lang.code),
            "on_track": format::number(ON_TRACK, lang.code, 2),
            "needs_acceleration": format::number(NEEDS_ACCELERATION, lang.code, 2),
            "statuses": Status::ALL.iter().map(|s| json!({ "status": status_json(lang, *s), "meaning": lang.t(&format!("meaning_{}", s.as_str())) })).collect::<Vec<_>>(),
            "example": example.map(|(i, ia)| json!({
                "indicator": views::indicator_summary(lang, ix, i, ia),
                "explanation": super::super::words::status_explanation(lang, &site.periods, i, ia),
                "explanation_html": super::super::words::status_explanation_html(lang, &site.periods, i, ia),
            })),
        }),
    );

    // Free pages, each only in the languages it is written in.
    for (slug, p) in free_pages(site, lang.code).into_iter().filter(|(_, p)| p.lang == lang.code) {
        let written = written_in(site, |k| matches!(k, PageKind::Free { slug: s } if slugify(s) == slug));
        jobs.push_written(
            lang,
            &written,
            &format!("{slug}/index.html"),
            "page.html",
            p.title.clone().unwrap_or_else(|| slug.clone()),
            json!({ "body": markdown::to_html(&p.body, 2, &markdown::Source::page(site, p, lang.code)), "summary": p.summary, "share_text": p.summary }),
        );
    }
}
