//! The archive index of the live site.

use super::*;

/// Snapshots, their digests and how to verify them.
pub(super) fn archive(cx: &Cx, jobs: &mut Jobs) {
    let Cx { lang, ix, extra, .. } = cx;
    let site = ix.site;
    let mut push =
        |page: &str, template: &'static str, title: String, data: Value| jobs.push(lang, page, template, title, data);
    // The archive of snapshots, on the live site.
    if let crate::render::Context::Live { archives } = extra.context {
        let rows: Vec<Value> = archives
            .iter()
            .rev()
            .map(|a| {
                let label = site.periods.iter().find(|p| p.id == a.period).map_or(a.period.clone(), |p| lang.pick(&p.label, p.label_en.as_deref()).to_string());
                json!({
                    "period": a.period,
                    "label": label,
                    "created": a.created.as_deref().and_then(|c| c.get(..10)).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(|d| format::date(d, lang.code)),
                    "digest": a.manifest_digest,
                    "previous": a.previous.as_ref().map(|(p, d)| json!({ "period": p, "digest": d })),
                    "signed": a.signed,
                    "href": format!("archive/{}/{}index.html", a.period, lang.prefix),
                    "manifest": format!("archive/{}/MANIFEST.sha256", a.period),
                })
            })
            .collect();
        push("archive/index.html", "archive.html", lang.t("archive"), json!({ "archives": rows }));
    }
}
