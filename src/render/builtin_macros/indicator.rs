//! The macros that write the tables of an indicator's page.

use serde_json::Value;

use super::Args;
use super::out::{Caption, Out, arg, at, fields, items, truthy};

fields! {
    /// What `indicator_values` reads of a figure.
    Figure { date, earlier, note, period, period_href, period_lang, revised, sample, source, text }
}

fields! {
    /// The theme's words `indicator_values` writes in every row.
    ValueWords { first_published, no_source_named, period, revised, source, value }
}

/// The macro `indicator_values(i, root, t)`: every figure reported for an indicator, as a
/// table on its page.
pub(super) fn indicator_values(i: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let (unit_lang, doc_lang) = (at(i, "unit_lang"), at(i, "doc_lang"));
    let mut o = Out(String::with_capacity(4096));
    let id = Value::String("cap-values".into());
    let caption = Caption { id: &id, text: at(t, "values_reported") };
    o.table_open(caption, (at(i, "name"), at(i, "name_lang")), t, &["date", "value", "period", "source"]);
    let w = ValueWords::of(t);
    for v in items(at(i, "values")) {
        let f = Figure::of(v);
        o.s("<tr>\n<th scope=\"row\">").v(f.date).s("</th>\n<td class=\"num\" data-label=\"").v(w.value);
        o.s("\"><strong").lang_attr(unit_lang).s(">").v(f.text).s("</strong>");
        if truthy(f.sample) {
            o.s(" ").sample(t);
        }
        if truthy(f.revised) {
            o.s(" <span class=\"badge plain\">").v(w.revised).s("</span>");
        }
        o.s("\n");
        for e in items(f.earlier) {
            o.s("<br><span class=\"muted\">").v(w.first_published).s(" <del").lang_attr(unit_lang).s(">");
            o.v(at(e, "text")).s("</del>");
            if truthy(at(e, "sample")) {
                o.s(" ").sample(t);
            }
            o.s(" (").marked(at(e, "period"), at(e, "period_lang")).s(")</span>");
        }
        o.s("</td>\n<td data-label=\"").v(w.period).s("\"><a href=\"").v(root).v(f.period_href).s("\"");
        o.lang_attr(f.period_lang).s(">").v(f.period).s("</a></td>\n<td data-label=\"").v(w.source);
        o.s("\">");
        if truthy(f.source) {
            o.marked(f.source, doc_lang);
        } else {
            o.s("<em>").v(w.no_source_named).s("</em>");
        }
        // A block: a note may hold a list or a table of its own.
        if truthy(f.note) {
            o.s("<div class=\"muted\"").lang_attr(doc_lang).s(">");
            o.safe(f.note);
            o.s("</div>");
        }
        o.s("</td>\n</tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

/// The macro `indicator_targets(i, root, t)`: an indicator's targets, as a table on its page.
pub(super) fn indicator_targets(i: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let unit_lang = at(i, "unit_lang");
    let mut o = Out(String::with_capacity(2048));
    let id = Value::String("cap-targets".into());
    let caption = Caption { id: &id, text: at(t, "targets") };
    let heads = ["milestone", "target", "framework", "plan", "outcome"];
    o.table_open(caption, (at(i, "name"), at(i, "name_lang")), t, &heads);
    for g in items(at(i, "targets")) {
        let f = |path: &str| at(g, path);
        let doc_lang = f("doc_lang");
        o.s("<tr>\n<th scope=\"row\">").marked(f("by"), f("by_lang"));
        if truthy(f("every_year")) {
            o.s(" <span class=\"muted\">(").v(at(t, "every_year")).s(")</span>");
        }
        o.s("</th>\n<td class=\"num\" data-label=\"").v(at(t, "target")).s("\">").marked(f("text"), unit_lang);
        if truthy(f("note")) {
            o.s("<br><span class=\"muted\"").lang_attr(doc_lang).s(">").v(f("note")).s("</span>");
        }
        o.s("</td>\n<td data-label=\"").v(at(t, "framework")).s("\">");
        if truthy(f("framework")) {
            o.marked(f("framework.text"), unit_lang);
        } else {
            o.s("—");
        }
        o.s("</td>\n<td data-label=\"").v(at(t, "plan")).s("\">");
        if truthy(f("plan")) {
            o.s("<a href=\"").v(root).v(f("plan.href")).s("\"").lang_attr(f("plan.label_lang")).s(">");
            o.v(f("plan.label")).s("</a>");
        } else {
            o.s("—");
        }
        if truthy(f("source_ref")) {
            o.s("<br><span class=\"muted\"").lang_attr(doc_lang).s(">").v(f("source_ref")).s("</span>");
        }
        o.s("</td>\n<td data-label=\"").v(at(t, "outcome")).s("\">");
        if truthy(f("outcome")) {
            o.v(f("outcome.label"));
            if truthy(f("outcome.illustrative")) {
                o.s(" ").sample(t);
            }
        }
        o.s("</td>\n</tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}
