//! The built-in theme's `indicator.html`, an indicator's page, written in Rust as well as in
//! Tera. A national site has thousands of indicators in each language, and on each page Tera
//! looked up some ninety names anew around the tables its macros' writers write: a sixth of
//! the time of the indicators' pages. When the theme keeps `indicator.html` and `macros.html`
//! as built in, the page is written here; the test of the macros renders whole sites both ways
//! and compares every byte, and a test here takes every branch.

use serde_json::Value;

use super::Args;
use super::out::{NULL, Out, at, has_words, truthy};

/// The template this stands for.
pub const INDICATOR: &str = "indicator.html";

/// Registered, empty, when the theme keeps `indicator.html` and its macros as built in.
pub const NATIVE: &str = "minhbach:native/indicator.html";

/// The words the page uses: each must be a string, else Tera says which is missing.
const WORDS: &[&str] = &[
    "breadcrumbs",
    "home",
    "indicators",
    "supplementary",
    "unit_of_measure",
    "owner",
    "owners",
    "indicator_leader",
    "in_charge",
    "output",
    "assigned_in",
    "no_unit_named",
    "plans",
    "baseline",
    "status_how",
    "how_computed",
    "chart",
    "legend_values",
    "legend_sample",
    "legend_earlier",
    "legend_target",
    "framework",
    "legend_path",
    "values_reported",
    "no_values",
    "targets",
    "no_targets",
    "commentary",
    "linked_tasks",
    "embed_heading",
    "embed_help",
    "embed_preview",
    "embed_code",
    "embed_no_base_url",
    "download",
    "download_indicator_csv",
    "download_all_json",
    "sample_note",
    "sample_badge",
];

/// The content block of `indicator.html` for the indicator `i` (the page's data), with
/// `value` giving the page's other values by name (`root`, `home`, `lang`, `share`) and `t`
/// the theme's words; `None` where a value is not what the template expects, so that Tera
/// renders the page (and says what is wrong, if anything is).
pub fn content<'a>(i: &'a Value, value: impl Fn(&str) -> Option<&'a Value>, t: &'a Value) -> Option<String> {
    if !has_words(t, WORDS) || !expected(i) {
        return None;
    }
    let name = i.get("name")?.as_str()?;
    let (root, home) = (value("root")?, value("home")?);
    let (lang, share_url) = (value("lang")?.as_str()?, value("share").map_or(&NULL, |s| at(s, "url")));
    let f = |path: &str| at(i, path);
    let has = |path: &str| truthy(at(i, path));
    let w = |word: &str| at(t, word);
    let (unit_lang, doc_lang, status) = (f("unit_lang"), f("doc_lang"), f("status"));
    // The macros' arguments as the template gives them.
    let yes = Value::Bool(true);
    let args = [("root", root), ("t", t), ("show_plan", &yes)];
    let (tables, list) = (Args(&args[..2]), Args(&args));
    let values = has("values").then(|| super::indicator::indicator_values(i, &tables));
    let targets = has("targets").then(|| super::indicator::indicator_targets(i, &tables));
    let tasks = has("tasks").then(|| super::rows::tasks(super::out::items(f("tasks")), &list));

    let mut o = Out(String::with_capacity(16 * 1024));
    o.s("\n\n<nav class=\"crumbs\" aria-label=\"").v(w("breadcrumbs")).s("\"><a href=\"").v(home).s("index.html\">");
    o.v(w("home")).s("</a> › <a href=\"").v(home).s("indicators/index.html\">").v(w("indicators")).s("</a></nav>\n");
    o.s("<h1").lang_attr(f("name_lang")).s(">").v(f("name")).s("</h1>\n");
    if has("name_other") {
        let other = if lang == "en" { "vi" } else { "en" };
        o.s("<p class=\"muted\" lang=\"").s(other).s("\">").v(f("name_other")).s("</p>");
    }
    o.s("\n<p>").status(status);
    if has("supplementary") {
        o.s(" <span class=\"badge plain\">").v(w("supplementary")).s("</span>");
    }
    if has("has_sample") && !truthy(at(status, "illustrative")) {
        o.s(" ").sample(t);
    }
    o.s("</p>\n<dl class=\"facts\">\n<div><dt>").v(w("unit_of_measure")).s("</dt><dd>").marked(f("unit"), unit_lang);
    o.s(" · ").v(f("direction")).s("</dd></div>\n");
    let said = |o: &mut Out, field: &str, label: &str| {
        if has(field) {
            o.s("<div><dt>").v(w(label)).s("</dt><dd").lang_attr(doc_lang).s(">").v(f(field)).s("</dd></div>\n");
        }
    };
    said(&mut o, "leader", "indicator_leader");
    said(&mut o, "in_charge", "in_charge");
    o.s("<div><dt>").v(w(if has("co_owners") { "owners" } else { "owner" })).s("</dt><dd>");
    let unit = |o: &mut Out, u: &Value| {
        o.s("<a href=\"").v(root).v(at(u, "href")).s("\"").lang_attr(at(u, "name_lang")).s(">");
        o.v(at(u, "name")).s("</a>");
    };
    if has("owner") {
        unit(&mut o, f("owner"));
        for u in super::out::items(f("co_owners")) {
            o.s("; ");
            unit(&mut o, u);
        }
    } else {
        o.s("<em>").v(w("no_unit_named")).s("</em>");
    }
    o.s("</dd></div>\n");
    said(&mut o, "output", "output");
    said(&mut o, "assigned_in", "assigned_in");
    if has("plans") {
        o.s("<div><dt>").v(w("plans")).s("</dt><dd>");
        o.joined(f("plans"), |o, p| {
            o.s("<a href=\"").v(root).v(at(p, "href")).s("\"").lang_attr(at(p, "label_lang")).s(">");
            o.v(at(p, "label")).s("</a>");
        });
        o.s("</dd></div>");
    }
    o.s("\n");
    if has("baseline") {
        o.s("<div><dt>").v(w("baseline")).s("</dt><dd>").marked(f("baseline.text"), unit_lang);
        o.s(" (").v(f("baseline.at")).s(")");
        if has("baseline.source") {
            o.s(" — <span class=\"muted\"").lang_attr(doc_lang).s(">").v(f("baseline.source")).s("</span>");
        }
        o.s("</dd></div>");
    }
    o.s("\n</dl>\n");
    if has("description") {
        o.s("<p").lang_attr(f("description_lang")).s(">").v(f("description")).s("</p>");
    }
    o.s("\n<section aria-labelledby=\"h-status\">\n<h2 id=\"h-status\">").v(w("status_how"));
    o.s("</h2>\n<p class=\"explain\">");
    if truthy(at(status, "illustrative")) {
        o.sample(t).s(" ");
    }
    o.safe(f("explanation_html"));
    o.s("</p>\n<p><a href=\"").v(home).s("method/index.html\">").v(w("how_computed")).s("</a></p>\n</section>\n");
    o.s("<section aria-labelledby=\"h-chart\">\n<h2 id=\"h-chart\">").v(w("chart"));
    o.s("</h2>\n<figure class=\"chart-figure\">\n");
    o.safe(f("chart"));
    o.s("\n");
    if has("chart_narrow") {
        o.safe(f("chart_narrow"));
        o.s("\n");
    }
    o.s("<figcaption>\n<ul class=\"legend\">\n");
    let key = |o: &mut Out, class: &str, word: &str| {
        o.s("<li><span class=\"key ").s(class).s("\" aria-hidden=\"true\"></span>").v(w(word)).s("</li>");
    };
    if has("has_reported") {
        key(&mut o, "k-value", "legend_values");
    }
    for (shown, class, word) in [
        (has("has_sample"), "k-sample", "legend_sample"),
        (has("has_revision"), "k-earlier", "legend_earlier"),
        (has("baseline"), "k-baseline", "baseline"),
    ] {
        o.s("\n");
        if shown {
            key(&mut o, class, word);
        }
    }
    o.s("\n");
    if has("targets") {
        key(&mut o, "k-target", "legend_target");
    }
    for (shown, class, word) in
        [(has("has_framework"), "k-framework", "framework"), (has("has_path"), "k-path", "legend_path")]
    {
        o.s("\n");
        if shown {
            key(&mut o, class, word);
        }
    }
    o.s("\n</ul>\n</figcaption>\n</figure>\n</section>\n");
    for (id, heading, table, none) in
        [("h-values", "values_reported", values, "no_values"), ("h-targets", "targets", targets, "no_targets")]
    {
        o.s("<section aria-labelledby=\"").s(id).s("\">\n<h2 id=\"").s(id).s("\">").v(w(heading)).s("</h2>\n");
        match table {
            Some(table) => o.s(&table),
            None => o.s("<p>").v(w(none)).s("</p>"),
        };
        o.s("\n</section>\n");
    }
    if has("commentary") {
        o.s("<section aria-labelledby=\"h-comment\" class=\"prose\">\n<h2 id=\"h-comment\">").v(w("commentary"));
        o.s("</h2>\n");
        o.safe(f("commentary"));
        o.s("\n</section>");
    }
    o.s("\n");
    if let Some(tasks) = tasks {
        o.s("<section aria-labelledby=\"h-tasks\">\n<h2 id=\"h-tasks\">").v(w("linked_tasks")).s("</h2>\n");
        o.s(&tasks).s("\n</section>");
    }
    o.s("\n<section aria-labelledby=\"h-embed\" class=\"embed-code\">\n<h2 id=\"h-embed\">").v(w("embed_heading"));
    o.s("</h2>\n<p>").v(w("embed_help")).s(" <a href=\"embed/index.html\">").v(w("embed_preview")).s("</a></p>\n");
    if truthy(share_url) {
        o.s("<label for=\"embed-code\">").v(w("embed_code")).s("</label>\n");
        o.s("<textarea id=\"embed-code\" readonly rows=\"3\">&lt;iframe src=\"").v(share_url).s("embed/\" title=\"");
        // `{{ i.name | escape }}`: Tera's escape, then the page's own.
        o.v(&Value::String(tera::escape_html(name)));
        o.s("\" width=\"100%\" height=\"520\" loading=\"lazy\" style=\"border:0\"&gt;&lt;/iframe&gt;</textarea>\n");
    } else {
        o.s("<p class=\"muted\">").v(w("embed_no_base_url")).s("</p>");
    }
    o.s("\n</section>\n<section aria-labelledby=\"h-data\">\n<h2 id=\"h-data\">").v(w("download"));
    o.s("</h2>\n<ul>\n<li><a href=\"").v(root).v(f("csv")).s("\" download>").v(w("download_indicator_csv"));
    o.s("</a></li>\n<li><a href=\"").v(root).s("data/indicators.json\">").v(w("download_all_json"));
    o.s("</a></li>\n</ul>\n</section>\n");
    Some(o.0)
}

/// Whether the indicator's values are of the kinds the template takes: what it shows as HTML
/// is text, what it lists is a list, its status a status.
fn expected(i: &Value) -> bool {
    let text_or_absent = |path: &str| !truthy(at(i, path)) || at(i, path).is_string();
    let list_or_absent = |path: &str| !truthy(at(i, path)) || at(i, path).is_array();
    at(i, "chart").is_string()
        && at(i, "explanation_html").is_string()
        && ["chart_narrow", "commentary", "leader", "in_charge", "output", "assigned_in"]
            .into_iter()
            .all(text_or_absent)
        && ["plans", "values", "targets", "tasks", "co_owners"].into_iter().all(list_or_absent)
        && at(i, "status").is_object()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{teras, theme, words};
    use super::*;
    use crate::render::builtin_macros::frame::content_name;

    /// An indicator's page with every part the template can show.
    fn full() -> Value {
        let status = json!({
            "key": "on_track", "icon": "✓", "label": "Đúng <tiến độ>", "illustrative": false,
            "sample_note": "Số liệu minh hoạ", "sample_badge": "Minh hoạ",
        });
        json!({
            "name": "Tỷ lệ \"5G\" & 'phủ sóng' a/b", "name_lang": "vi", "name_other": "5G coverage",
            "status": status, "supplementary": true, "has_sample": true, "unit": "%", "unit_lang": "vi",
            "direction": "tăng", "owner": { "href": "units/a/index.html", "name": "Sở A", "name_lang": "vi" },
            "co_owners": [
                { "href": "units/b/index.html", "name": "Sở <B>", "name_lang": "vi" },
                { "href": "units/c/index.html", "name": "Unit C", "name_lang": null },
            ],
            "leader": "Đồng chí A, Phó Chủ tịch", "in_charge": "Giám đốc Sở A", "output": "Bộ số liệu <báo cáo>",
            "assigned_in": "Phụ lục 1, dòng 1",
            "plans": [
                { "href": "plans/p/index.html", "label": "KH 1", "label_lang": "vi" },
                { "href": "plans/q/index.html", "label": "KH 2", "label_lang": null },
            ],
            "baseline": { "text": "40%", "at": "2025", "source": "Báo cáo" }, "doc_lang": "vi",
            "description": "Mô tả <b>", "description_lang": "vi", "explanation_html": "<strong>Đúng</strong> tiến độ",
            "chart": "<svg>wide</svg>", "chart_narrow": "<svg>narrow</svg>",
            "has_revision": true, "has_framework": true, "has_path": true, "has_reported": true,
            "values": [{ "date": "1/1/2026", "text": "50%", "period": "Quý I", "period_href": "periods/q1/index.html" }],
            "targets": [{ "by": "2030", "text": "≥ 95%" }],
            "commentary": "<p>Nhận xét</p>",
            "tasks": [{ "href": "plans/p/index.html#t-1", "title": "Việc", "plan": { "label": "KH 1" }, "status": status }],
            "csv": "data/indicators/x.csv",
        })
    }

    #[test]
    fn an_indicator_page_is_written_as_tera_writes_it() {
        let theme = theme();
        let (rust, whole) = teras(&theme);
        assert!(rust.get_template(NATIVE).is_ok(), "indicator pages are written in Rust");
        assert!(whole.get_template(NATIVE).is_err());
        let cases: [fn(&mut Value); 4] = [
            (|_| {}),
            (|v| {
                for key in [
                    "name_lang",
                    "name_other",
                    "supplementary",
                    "has_sample",
                    "unit_lang",
                    "owner",
                    "co_owners",
                    "leader",
                    "in_charge",
                    "output",
                    "assigned_in",
                    "plans",
                    "baseline",
                    "doc_lang",
                    "description",
                    "description_lang",
                    "chart_narrow",
                    "has_revision",
                    "has_reported",
                    "has_framework",
                    "has_path",
                    "commentary",
                    "tasks",
                ] {
                    v[key] = Value::Null;
                }
                v["values"] = json!([]);
                v["targets"] = json!([]);
                v["status"]["illustrative"] = json!(true);
            }),
            (|v| {
                v["baseline"]["source"] = Value::Null;
                v["co_owners"] = json!([]);
                v["doc_lang"] = Value::Null;
            }),
            (|v| {
                v["has_sample"] = json!(true);
                v["status"]["illustrative"] = json!(true);
            }),
        ];
        for lang in ["vi", "en"] {
            let t = words(&theme, lang);
            for (n, edit) in cases.iter().enumerate() {
                for share in [json!({ "url": "https://x.vn/indicators/a/" }), json!({ "url": null })] {
                    let mut page = full();
                    edit(&mut page);
                    let base = json!({ "root": "../../", "home": "../../", "lang": lang, "share": share });
                    let mut values = base.clone();
                    values["page"] = page.clone();
                    values["t"] = t.clone();
                    let context = tera::Context::from_value(values).unwrap();
                    // The tables are written in Rust either way (compared with Tera's elsewhere).
                    let expected = rust.render(&content_name(INDICATOR), &context).unwrap();
                    let written = content(&page, |name| base.get(name), &t).expect("written in Rust");
                    assert_eq!(written, expected, "case {n} in {lang}, share {share}");
                }
            }
        }
        // Values the template does not expect are Tera's, which says what is wrong.
        let mut odd = full();
        odd["chart"] = Value::Null;
        let base = json!({ "root": "", "home": "", "lang": "vi", "share": null });
        let t = words(&theme, "vi");
        assert!(content(&odd, |name| base.get(name), &t).is_none());
    }
}
