//! The built-in theme's `embed.html`, an indicator as other sites embed it (a chart, its status
//! and its figures), written in Rust as well as in Tera: one for each indicator in each
//! language, on which Tera looked up the link preview's and the figures' names anew. When the
//! theme keeps `embed.html`, the `share.html` it includes and `macros.html` as built in, the
//! page is written here; the test of the macros renders whole sites both ways and compares
//! every byte, and a test here takes every branch.

use serde_json::Value;

use super::out::{NULL, Out, at, has_words, items, truthy};

/// The template this stands for.
pub const EMBED: &str = "embed.html";

/// Registered, empty, when the theme keeps `embed.html`, `share.html` and `macros.html` as
/// built in.
pub const NATIVE: &str = "minhbach:native/embed.html";

/// The words the page uses: each must be a string, else Tera says which is missing.
const WORDS: &[&str] =
    &["latest", "target", "values_reported", "date", "value", "embed_source", "as_of", "sample_badge"];

/// The whole page of the indicator `i` (the page's data), with `value` giving the page's other
/// values by name and `t` the theme's words; `None` where a value is not what the template
/// expects, so that Tera renders the page (and says what is wrong, if anything is).
pub fn page<'a>(i: &'a Value, value: impl Fn(&str) -> Option<&'a Value>, t: &'a Value) -> Option<String> {
    if !has_words(t, WORDS) || !expected(i) {
        return None;
    }
    let get = |name: &str| value(name).unwrap_or(&NULL);
    let canonical = get("canonical");
    if truthy(canonical) && !canonical.is_string() {
        return None;
    }
    let f = |path: &str| at(i, path);
    let has = |path: &str| truthy(at(i, path));
    let w = |word: &str| at(t, word);
    let (site, unit_lang) = (get("site"), f("unit_lang"));
    let mut o = Out(String::with_capacity(16 * 1024));
    o.s("<!DOCTYPE html>\n<html lang=\"").v(get("lang")).s("\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.s("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>").v(get("title"));
    o.s(" — ").v(at(site, "title")).s("</title>\n<meta name=\"robots\" content=\"noindex\">\n");
    super::frame::share(&mut o, &get, i, w("sample_badge"))?;
    o.s("\n");
    if let Some(canonical) = canonical.as_str().filter(|c| !c.is_empty()) {
        o.s("<link rel=\"canonical\" href=\"").v(&Value::String(canonical.replace("embed/", ""))).s("\">\n");
    }
    o.s("<link rel=\"stylesheet\" href=\"").v(get("root")).s("static/style.css\">\n</head>\n");
    o.s("<body class=\"embed\">\n\n<main>\n<h1 class=\"embed-title\"><a href=\"../index.html\" target=\"_top\"");
    o.lang_attr(f("name_lang")).s(">").v(f("name")).s("</a></h1>\n<p>").status(f("status"));
    if has("latest") {
        o.s(" ").v(w("latest")).s(": <strong").lang_attr(unit_lang).s(">").v(f("latest.text")).s("</strong> (");
        o.v(f("latest.date")).s(")");
    }
    if has("target") {
        o.s(" · ").v(w("target")).s(" ").marked(f("target.by"), f("target.by_lang")).s(": ");
        o.marked(f("target.text"), unit_lang);
    }
    o.s("</p>\n<figure class=\"chart-figure\">\n");
    o.safe(f("chart"));
    o.s("\n");
    if has("chart_narrow") {
        o.safe(f("chart_narrow"));
        o.s("\n");
    }
    o.s("</figure>\n");
    let values = items(f("values"));
    if !values.is_empty() {
        o.s("<details>\n<summary>").v(w("values_reported")).s(" (").s(&values.len().to_string()).s(")</summary>\n");
        o.s("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"cap-embed\" tabindex=\"0\">\n<table>\n");
        o.s("<caption id=\"cap-embed\" class=\"sr-only\">").v(w("values_reported")).s(": ");
        o.marked(f("name"), f("name_lang")).s("</caption>\n<thead><tr><th scope=\"col\">").v(w("date"));
        o.s("</th><th scope=\"col\">").v(w("value")).s("</th></tr></thead>\n<tbody>\n");
        for v in values {
            o.s("<tr><th scope=\"row\">").v(at(v, "date")).s("</th><td class=\"num\">");
            o.marked(at(v, "text"), unit_lang);
            if truthy(at(v, "sample")) {
                o.s(" ").sample(t);
            }
            o.s("</td></tr>\n");
        }
        o.s("</tbody>\n</table>\n</div>\n</details>");
    }
    o.s("\n<p class=\"embed-source\">").v(w("embed_source")).s(" <a href=\"../index.html\" target=\"_top\"");
    o.lang_attr(at(site, "title_lang")).s(">").v(at(site, "title")).s("</a> · ").v(w("as_of")).s(" ");
    let as_of = get("as_of");
    o.marked(at(as_of, "label"), at(as_of, "label_lang")).s("</p>\n</main>\n</body>\n</html>\n");
    Some(o.0)
}

/// Whether the indicator's values are of the kinds the template takes: its charts text, its
/// figures a list, its status a status.
fn expected(i: &Value) -> bool {
    let chart_narrow = at(i, "chart_narrow");
    let values = at(i, "values");
    at(i, "chart").is_string()
        && (!truthy(chart_narrow) || chart_narrow.is_string())
        && (!truthy(values) || values.is_array())
        && at(i, "status").is_object()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{teras, theme, words};
    use super::*;

    /// An embedded indicator with every part the template can show, and the page's values.
    fn values() -> Value {
        let status = json!({
            "key": "on_track", "icon": "✓", "label": "Đúng <tiến độ>", "illustrative": true,
            "sample_note": "Số liệu minh hoạ", "sample_badge": "Minh hoạ",
        });
        json!({
            "lang": "vi", "title": "Tỷ lệ \"5G\"", "section": "indicators", "root": "../../../",
            "canonical": "https://x.vn/indicators/a/embed/",
            "site": { "title": "Hải Phòng", "title_lang": "vi", "description": "Mô tả" },
            "as_of": { "label": "Quý II/2026", "label_lang": "vi" },
            "share": { "locale": "vi_VN", "alternate_locales": ["en_US"], "url": "https://x.vn/a/", "image": "https://x.vn/a/share.png" },
            "page": {
                "name": "Tỷ lệ \"5G\" & <phủ sóng>", "name_lang": "vi", "status": status, "unit_lang": "vi",
                "latest": { "text": "50%", "date": "30/6/2026" },
                "target": { "by": "2030", "by_lang": "vi", "text": "≥ 95%" },
                "chart": "<svg>wide</svg>", "chart_narrow": "<svg>narrow</svg>",
                "values": [{ "date": "1/1/2026", "text": "40%", "sample": true }, { "date": "30/6/2026", "text": "50%" }],
                "share_text": "Tóm tắt",
            },
        })
    }

    #[test]
    fn the_embed_is_written_as_tera_writes_it() {
        let theme = theme();
        let (rust, whole) = teras(&theme);
        assert!(rust.get_template(NATIVE).is_ok(), "the embed is written in Rust");
        assert!(whole.get_template(NATIVE).is_err());
        let cases: [fn(&mut Value); 3] = [
            (|_| {}),
            (|v| {
                for key in ["name_lang", "unit_lang", "latest", "target", "chart_narrow", "share_text"] {
                    v["page"][key] = Value::Null;
                }
                v["page"]["values"] = json!([]);
                v["page"]["status"]["illustrative"] = json!(false);
                v["canonical"] = Value::Null;
                v["share"] = json!({ "locale": "en_US", "alternate_locales": [], "url": null, "image": null });
                v["site"] = json!({ "title": "Hai Phong", "title_lang": null, "description": null });
                v["as_of"]["label_lang"] = Value::Null;
            }),
            (|v| {
                v["page"]["target"]["by_lang"] = Value::Null;
                v["page"]["latest"] = Value::Null;
            }),
        ];
        for lang in ["vi", "en"] {
            let t = words(&theme, lang);
            for (n, edit) in cases.iter().enumerate() {
                let mut v = values();
                v["lang"] = json!(lang);
                edit(&mut v);
                v["t"] = t.clone();
                let expected = whole.render(EMBED, &tera::Context::from_value(v.clone()).unwrap()).unwrap();
                let written = page(&v["page"], |name| v.get(name), &t).expect("written in Rust");
                assert_eq!(written, expected, "case {n} in {lang}");
            }
        }
        // Values the template does not expect are Tera's, which says what is wrong.
        let mut odd = values();
        odd["page"]["chart"] = Value::Null;
        let t = words(&theme, "vi");
        assert!(page(&odd["page"], |name| odd.get(name), &t).is_none());
    }
}
