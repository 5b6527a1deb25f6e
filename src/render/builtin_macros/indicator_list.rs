//! The built-in theme's `indicators.html`, a page of the list of indicators (all of them, or
//! those of a status, a plan or a unit), written in Rust as well as in Tera. Each page has a
//! menu of every status, plan and unit to filter by, which Tera wrote name by name on every
//! page: on a national site, 140 links on each of hundreds of pages. When the theme keeps
//! `indicators.html` and `macros.html` as built in, the page is written here; the test of the
//! macros renders whole sites both ways and compares every byte, and a test here takes every
//! branch.

use serde_json::Value;

use super::Args;
use super::list::{pager_heading, pager_is_plain, write_pager};
use super::out::{Out, at, has_words, items, truthy};

/// The template this stands for.
pub const INDICATORS: &str = "indicators.html";

/// Registered, empty, when the theme keeps `indicators.html` and its macros as built in.
pub const NATIVE: &str = "minhbach:native/indicators.html";

/// The words the page uses: each must be a string, else Tera says which is missing.
const WORDS: &[&str] = &[
    "indicators",
    "filter",
    "all_indicators",
    "filter_by_status",
    "filter_by_plan",
    "filter_by_unit",
    "inferred_note",
    "inferred_badge",
    "show_list",
    "nothing_here",
    "page_n_of",
    "pager",
    "page_status",
    "page_prev",
    "page_next",
    "page",
];

/// The content block of `indicators.html` for the page `page` (its data), with `value` giving
/// the page's other values by name (`root`, `home`, `path`) and `t` the theme's words; `None`
/// where a value is not what the template expects, so that Tera renders the page (and says
/// what is wrong, if anything is).
pub fn content<'a>(page: &'a Value, value: impl Fn(&str) -> Option<&'a Value>, t: &'a Value) -> Option<String> {
    if !has_words(t, WORDS) {
        return None;
    }
    let (root, home, path) = (value("root")?, value("home")?, value("path")?);
    let groups = page.get("groups")?.as_array()?;
    let filters = page.get("filters")?;
    let lists = ["statuses", "plans", "units"].map(|k| filters.get(k).and_then(Value::as_array));
    let [Some(statuses), Some(plans), Some(units)] = lists else { return None };
    let plain = |g: &Value| at(g, "status").is_object() && at(g, "items").is_array();
    let pager = at(page, "pager");
    if !groups.iter().all(plain) || (truthy(pager) && !pager_is_plain(pager)) {
        return None;
    }
    let w = |word: &str| at(t, word);
    let (filter, list_href) = (at(page, "filter"), at(page, "list_href"));
    let mut o = Out(String::with_capacity(32 * 1024));
    o.s("\n<h1>").v(w("indicators"));
    if truthy(filter) {
        o.s(": ").marked(filter, at(page, "filter_lang"));
    }
    pager_heading(&mut o, pager, t);
    o.s("</h1>\n<nav class=\"filters\" aria-label=\"").v(w("filter")).s("\">\n<p><a href=\"").v(home);
    o.s("indicators/index.html\"");
    if !truthy(filter) {
        o.s(" aria-current=\"").s(if list_href == path { "page" } else { "true" }).s("\"");
    }
    o.s(">").v(w("all_indicators")).s("</a></p>\n<details");
    if truthy(filter) {
        o.s(" open");
    }
    // A filter's link, marked as the list shown (and as this very page on its first page).
    let link = |o: &mut Out, f: &Value| {
        o.s("<li><a href=\"").v(root).v(at(f, "href")).s("\"");
        if at(f, "href") == list_href {
            o.s(" aria-current=\"").s(if at(f, "href") == path { "page" } else { "true" }).s("\"");
        }
        o.s(">");
    };
    o.s("><summary>").v(w("filter_by_status")).s("</summary><ul>\n");
    for f in statuses {
        link(&mut o, f);
        o.v(at(f, "label")).s("</a> (").v(at(f, "count")).s(")</li>");
    }
    o.s("\n</ul></details>\n<details><summary>").v(w("filter_by_plan")).s("</summary><ul>\n");
    for f in plans {
        link(&mut o, f);
        if truthy(at(f, "code")) {
            o.v(at(f, "code"));
            if truthy(at(f, "inferred")) && truthy(at(f, "inferred.code")) {
                o.s(" <span class=\"badge inferred\" title=\"").v(w("inferred_note")).s("\">");
                o.v(w("inferred_badge")).s("</span>");
            }
            o.s(": ");
        }
        o.marked(at(f, "title"), at(f, "title_lang")).s("</a> (").v(at(f, "count")).s(")</li>");
    }
    o.s("\n</ul></details>\n<details><summary>").v(w("filter_by_unit")).s("</summary><ul>\n");
    for f in units {
        link(&mut o, f);
        o.marked(at(f, "name"), at(f, "name_lang")).s("</a> (").v(at(f, "count")).s(")</li>");
    }
    o.s("\n</ul></details>\n</nav>\n");
    let args = [("root", root), ("t", t)];
    for g in groups {
        let (status, group_items) = (at(g, "status"), at(g, "items"));
        let rows = super::rows::indicator_rows(super::out::items(group_items), &Args(&args));
        o.s("<section aria-labelledby=\"g-").v(at(status, "key")).s("\">\n<h2 id=\"g-").v(at(status, "key"));
        o.s("\">").status(status).s(" <span class=\"muted\">(").v(at(g, "total")).s(")</span></h2>\n");
        if at(status, "key") == "no_data" && groups.len() > 1 {
            o.s("<details class=\"fold\"><summary>").v(w("show_list")).s(" (");
            o.s(&items(group_items).len().to_string()).s(")</summary>\n").s(&rows).s("\n</details>");
        } else {
            o.s(&rows);
        }
        o.s("\n</section>\n");
    }
    if groups.is_empty() {
        o.s("<p>").v(w("nothing_here")).s("</p>\n");
    }
    o.s("\n");
    write_pager(&mut o, pager, root, t);
    o.s("\n");
    Some(o.0)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{teras, theme, words};
    use super::*;
    use crate::render::builtin_macros::frame::content_name;

    /// A page of the list filtered by a plan, with every kind of filter link and two groups.
    fn page() -> Value {
        let status = |key: &str| json!({ "key": key, "icon": "•", "label": format!("<{key}>"), "illustrative": false });
        let row = json!({ "href": "indicators/a/index.html", "name": "Chỉ tiêu A", "status": status("on_track") });
        json!({
            "filter": "Kế hoạch <1>", "filter_lang": "vi", "list_href": "indicators/plan/p/index.html",
            "filters": {
                "statuses": [{ "label": "Đúng tiến độ", "href": "indicators/status/on_track/index.html", "count": 3 }],
                "plans": [
                    { "href": "indicators/plan/p/index.html", "code": "12/KH", "inferred": { "code": "từ tên" }, "title": "Kế hoạch", "title_lang": "vi", "count": 2 },
                    { "href": "indicators/plan/q/index.html", "code": "13/KH", "inferred": null, "title": "Q", "title_lang": null, "count": 1 },
                    { "href": "indicators/plan/r/index.html", "code": null, "title": "R", "count": 1 },
                ],
                "units": [{ "href": "indicators/unit/a/index.html", "name": "Sở A", "name_lang": "vi", "count": 4 }],
            },
            "groups": [
                { "status": status("on_track"), "total": 7, "items": [row.clone()] },
                { "status": status("no_data"), "total": 2, "items": [row.clone(), row] },
            ],
            "pager": { "number": 1, "total": 2, "prev": null, "next": "indicators/plan/p/page/2/index.html",
                "items": [{ "number": 1, "href": "indicators/plan/p/index.html", "current": true },
                          { "number": 2, "href": "indicators/plan/p/page/2/index.html", "current": false }] },
        })
    }

    #[test]
    fn a_list_of_indicators_is_written_as_tera_writes_it() {
        let theme = theme();
        let (rust, whole) = teras(&theme);
        assert!(rust.get_template(NATIVE).is_ok(), "lists of indicators are written in Rust");
        assert!(whole.get_template(NATIVE).is_err());
        let t = words(&theme, "vi");
        let cases: [fn(&mut Value, &mut Value); 6] = [
            // The list's first page.
            (|_, _| {}),
            // Its second page.
            (|_, base| base["path"] = json!("indicators/plan/p/page/2/index.html")),
            // All indicators, one page, one group: no data.
            (|page, base| {
                page["filter"] = Value::Null;
                page["list_href"] = json!("indicators/index.html");
                page["pager"] = Value::Null;
                page["groups"] = json!([page["groups"][1].clone()]);
                base["path"] = json!("indicators/index.html");
            }),
            // A page of that list other than the first, and a filter without a language.
            (|page, _| {
                page["filter_lang"] = Value::Null;
                page["list_href"] = json!("indicators/index.html");
            }),
            // Nothing to list.
            (|page, _| page["groups"] = json!([])),
            // All indicators, second page.
            (|page, base| {
                page["filter"] = Value::Null;
                page["list_href"] = json!("indicators/index.html");
                base["path"] = json!("indicators/page/2/index.html");
            }),
        ];
        for (n, edit) in cases.iter().enumerate() {
            let (mut data, mut base) =
                (page(), json!({ "root": "../../../", "home": "../../../", "path": "indicators/plan/p/index.html" }));
            edit(&mut data, &mut base);
            let mut values = base.clone();
            values["page"] = data.clone();
            values["t"] = t.clone();
            let context = tera::Context::from_value(values).unwrap();
            // The rows are written in Rust either way (compared with Tera's elsewhere).
            let expected = rust.render(&content_name(INDICATORS), &context).unwrap();
            let written = content(&data, |name| base.get(name), &t).expect("written in Rust");
            assert_eq!(written, expected, "case {n}");
        }
        let mut odd = page();
        odd["filters"]["units"] = Value::Null;
        let base = json!({ "root": "", "home": "", "path": "" });
        assert!(content(&odd, |name| base.get(name), &t).is_none());
    }
}
