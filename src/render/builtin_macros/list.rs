//! The built-in theme's `list.html`, a page of a long list, written in Rust as well as in
//! Tera, with the pager macros it calls.
//!
//! A third of a national site's pages are list pages (each period's task reports and figures,
//! each unit's tasks, the indicators by plan and status), and on each Tera looked up the list's
//! names, its crumbs and its pager anew, before the row writer did the rest. When the theme keeps
//! `list.html` and `macros.html` as built in, a list page whose rows have a writer in Rust is
//! written here; any other is rendered by Tera. The test of the macros renders whole sites both
//! ways and compares every byte.

use serde_json::Value;

use super::Args;
use super::out::{Out, at, has_words, items, truthy};
use crate::render::pages::{ReportRow, SharedRows};

/// The template this stands for.
pub const LIST: &str = "list.html";

/// Registered, empty, when the theme keeps `list.html` and the macros it calls as built in:
/// its presence says the list pages may be written here.
pub const NATIVE: &str = "minhbach:native/list.html";

/// The content block of `list.html` for the page `page` (its data), with `root` and `home` as
/// the page's base context gives them and `t` the theme's words. `None` for a kind of list
/// without a writer in Rust, or where a value is not what the template expects, so that Tera
/// renders the page (and says what is wrong, if anything is).
pub fn content(page: &Value, rows: Rows, root: &Value, home: &Value, t: &Value) -> Option<String> {
    // The words used, each a string, else Tera says which is missing.
    let words = ["breadcrumbs", "home", "pager", "page_status", "page_n_of", "page_prev", "page_next", "page"];
    if !has_words(t, &words) {
        return None;
    }
    let crumbs = page.get("crumbs")?.as_array()?;
    let pager = at(page, "pager");
    if truthy(pager) && !pager_is_plain(pager) {
        return None;
    }
    let (heading, context, context_lang) = (at(page, "heading"), at(page, "context"), at(page, "context_lang"));
    let (caption_id, yes) = (Value::String("cap-list".to_string()), Value::Bool(true));
    // Each macro's arguments as `list.html` gives them.
    let table = [("root", root), ("t", t), ("caption", heading), ("about", context), ("about_lang", context_lang)];
    let table = [&table[..], &[("caption_id", &caption_id)]].concat();
    let list = match at(page, "kind").as_str()? {
        "values" => super::rows::period_values(rows.json()?, &Args(&table)),
        "task_reports" => match rows.reports() {
            Some(reports) => super::rows::period_task_rows(reports, &Args(&table)),
            None => super::rows::period_tasks(rows.json()?, &Args(&table)),
        },
        "tasks" => super::rows::tasks(rows.json()?, &Args(&[("root", root), ("t", t), ("show_plan", &yes)])),
        "indicators" => super::rows::indicator_rows(rows.json()?, &Args(&[("root", root), ("t", t)])),
        _ => return None,
    };
    let mut o = Out(String::with_capacity(list.len() + 2048));
    o.s("\n<nav class=\"crumbs\" aria-label=\"").v(at(t, "breadcrumbs")).s("\"><a href=\"").v(home);
    o.s("index.html\">").v(at(t, "home")).s("</a>");
    for c in crumbs {
        o.s(" › <a href=\"").v(root).v(at(c, "href")).s("\"").lang_attr(at(c, "label_lang")).s(">");
        o.v(at(c, "label")).s("</a>");
    }
    o.s("</nav>\n<h1").lang_attr(context_lang).s(">").v(context).s("</h1>\n");
    o.s("<section aria-labelledby=\"h-list\">\n<h2 id=\"h-list\">").v(heading).s(" (").v(at(page, "total")).s(")");
    pager_heading(&mut o, pager, t);
    o.s("</h2>\n").s(&list).s("\n\n</section>\n");
    write_pager(&mut o, pager, root, t);
    o.s("\n");
    Some(o.0)
}

/// A list page's rows: in its data (`page.rows`), or picked from rows kept for its kind of
/// page (see `pages::SharedRows`).
#[derive(Clone, Copy)]
pub enum Rows<'a> {
    Listed(&'a [Value]),
    Picked(&'a SharedRows),
}

impl<'a> Rows<'a> {
    /// The rows of `page`: those `shared` picks, else its own, `None` when they are not a list.
    pub fn of(page: &'a Value, shared: Option<&'a SharedRows>) -> Option<Rows<'a>> {
        match shared {
            Some(rows) => Some(Rows::Picked(rows)),
            None => page.get("rows").and_then(Value::as_array).map(|rows| Rows::Listed(rows)),
        }
    }

    /// The rows as JSON; `None` where they are plain task reports.
    fn json(self) -> Option<impl Iterator<Item = &'a Value>> {
        let (listed, picked) = match self {
            Rows::Listed(rows) => (Some(rows.iter()), None),
            Rows::Picked(rows) => (None, Some(rows.iter()?)),
        };
        Some(listed.into_iter().flatten().chain(picked.into_iter().flatten()))
    }

    /// The rows where they are plain task reports.
    fn reports(self) -> Option<impl Iterator<Item = &'a ReportRow>> {
        match self {
            Rows::Picked(rows) => rows.reports(),
            Rows::Listed(_) => None,
        }
    }
}

/// Whether a pager holds what the macros expect: its page numbers whole numbers, its items
/// objects. Anything else is left to Tera.
pub(super) fn pager_is_plain(p: &Value) -> bool {
    let whole = |v: &Value| v.is_u64();
    whole(at(p, "number"))
        && whole(at(p, "total"))
        && p.get("items").and_then(Value::as_array).is_some_and(|items| {
            items.iter().all(|i| i.is_object() && (truthy(at(i, "gap")) || whole(at(i, "number"))))
        })
}

/// `t.<word> | replace(from="{n}", to=p.number ~ "") | replace(from="{total}", to=p.total ~ "")`.
fn page_words(word: &Value, p: &Value) -> Value {
    let (n, total) = (at(p, "number").to_string(), at(p, "total").to_string());
    Value::String(word.as_str().unwrap_or_default().replace("{n}", &n).replace("{total}", &total))
}

/// The macro `pager_heading(p, t)`.
pub(super) fn pager_heading(o: &mut Out, p: &Value, t: &Value) {
    if truthy(p) {
        o.s(" <span class=\"muted\">– ").v(&page_words(at(t, "page_n_of"), p)).s("</span>");
    }
}

/// The macro `pager(p, root, t)`.
pub(super) fn write_pager(o: &mut Out, p: &Value, root: &Value, t: &Value) {
    if !truthy(p) {
        return;
    }
    o.s("<nav class=\"pager\" aria-label=\"").v(at(t, "pager")).s("\">\n<p class=\"pager-status\">");
    o.v(&page_words(at(t, "page_status"), p)).s("</p>\n<ul>\n");
    if truthy(at(p, "prev")) {
        o.s("<li class=\"pager-step\"><a href=\"").v(root).v(at(p, "prev")).s("\" rel=\"prev\">");
        o.s("<span aria-hidden=\"true\">‹</span> ").v(at(t, "page_prev")).s("</a></li>\n");
    }
    for i in items(at(p, "items")) {
        if truthy(at(i, "gap")) {
            o.s("<li class=\"pager-gap\"><span aria-hidden=\"true\">…</span></li>\n");
            continue;
        }
        o.s("<li><a href=\"").v(root).v(at(i, "href")).s("\"");
        if truthy(at(i, "current")) {
            o.s(" aria-current=\"page\"");
        }
        o.s("><span class=\"sr-only\">").v(at(t, "page")).s(" </span>").v(at(i, "number")).s("</a></li>\n");
    }
    if truthy(at(p, "next")) {
        o.s("<li class=\"pager-step\"><a href=\"").v(root).v(at(p, "next")).s("\" rel=\"next\">");
        o.v(at(t, "page_next")).s(" <span aria-hidden=\"true\">›</span></a></li>\n");
    }
    o.s("</ul>\n</nav>");
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::{teras, theme, words};
    use super::*;
    use crate::render::builtin_macros::frame::content_name;

    /// A list page's data of the kind `kind`, with `rows`, a pager that has every part (a gap,
    /// both steps, the current page) and crumbs with and without a language.
    fn page(kind: &str, rows: Value) -> Value {
        json!({
            "kind": kind,
            "crumbs": [
                { "href": "units/index.html", "label": "Đơn vị", "label_lang": null },
                { "href": "units/so-tt/index.html", "label": "Sở <TT>", "label_lang": "vi" },
            ],
            "context": "Sở <TT>", "context_lang": "vi", "heading": "Nhiệm vụ \"chủ trì\"", "total": 120,
            "rows": rows,
            "pager": {
                "number": 3, "total": 9, "first": "a/index.html", "last": "a/page/9/index.html",
                "prev": "a/page/2/index.html", "next": "a/page/4/index.html",
                "items": [
                    { "number": 1, "href": "a/index.html", "current": false },
                    { "gap": true },
                    { "number": 3, "href": "a/page/3/index.html", "current": true },
                    { "number": 9, "href": "a/page/9/index.html", "current": false },
                ],
            },
        })
    }

    #[test]
    fn list_pages_are_written_as_tera_writes_them() {
        let theme = theme();
        let (rust, whole) = teras(&theme);
        assert!(rust.get_template(NATIVE).is_ok(), "list pages are written in Rust");
        assert!(whole.get_template(NATIVE).is_err());
        let t = words(&theme, "vi");
        let status = json!({ "key": "on_track", "icon": "✓", "label": "Đúng tiến độ" });
        let task = json!({
            "href": "plans/p/index.html#t-1", "title": "Việc <một>", "title_lang": null, "number": "1",
            "plan": { "label": "KH 1", "label_lang": "vi" }, "status": status, "flags": { "overdue": true },
            "lead": [{ "href": "units/a/index.html", "name": "Sở A", "name_lang": null }], "doc_lang": null,
        });
        let cases = [
            (
                "values",
                json!([{ "indicator": { "href": "i/index.html", "name": "Chỉ tiêu" }, "text": "5 %", "date": "1/1/2026", "sample": true }]),
            ),
            (
                "task_reports",
                json!([{ "task": task.clone(), "status": status, "percent": "40", "note": "<em>x</em>", "doc_lang": "vi" }]),
            ),
            ("tasks", json!([task])),
            (
                "indicators",
                json!([{ "href": "i/index.html", "name": "Chỉ tiêu", "status": status, "latest": { "text": "5" } }]),
            ),
        ];
        for (kind, rows) in cases {
            for pager in [true, false] {
                let mut data = page(kind, rows.clone());
                if !pager {
                    data["pager"] = Value::Null;
                }
                let (root, home) = (json!("../../"), json!("../../"));
                let context =
                    tera::Context::from_value(json!({ "page": data, "root": root, "home": home, "t": t })).unwrap();
                // The rows are written in Rust either way (compared with Tera's elsewhere).
                let expected = rust.render(&content_name(LIST), &context).unwrap();
                let written = content(&data, Rows::of(&data, None).unwrap(), &root, &home, &t)
                    .unwrap_or_else(|| panic!("{kind} is written in Rust"));
                assert_eq!(written, expected, "{kind}, pager {pager}");
            }
        }
        // A kind without a writer in Rust, and a pager the macros would not expect, are Tera's.
        let missing = page("missing", json!([]));
        assert!(content(&missing, Rows::of(&missing, None).unwrap(), &json!(""), &json!(""), &t).is_none());
        let mut odd = page("tasks", json!([]));
        odd["pager"]["number"] = json!("3");
        assert!(content(&odd, Rows::of(&odd, None).unwrap(), &json!(""), &json!(""), &t).is_none());
    }
}
