//! The built-in theme's busiest macros, those that write a row for each task, figure or
//! indicator of a list (`tasks`, `period_tasks`, `period_values`, `indicator_rows`) and the
//! tables of an indicator's page (`indicator_values`, `indicator_targets`), written in Rust as
//! well as in Tera.
//!
//! A national site lists a quarter of a million task rows, and Tera looks up every name of
//! every row anew, a few hundred nanoseconds each: the rows of the first two alone were a
//! third of a national build. When a site's theme keeps such a macro, and every macro it
//! calls, as the built-in theme has them, the macro's body becomes a call to a filter that
//! writes the same bytes directly. A theme that changes any of them gets its own text,
//! rendered by Tera. A test renders whole sites both ways and compares every byte.

use std::collections::HashMap;

use serde_json::Value;

/// A macro written in Rust: the macros whose built-in text it stands for (itself first) and
/// what writes its output, given its first argument and the others by name.
struct Native {
    stands_for: &'static [&'static str],
    write: fn(&Value, &Args) -> String,
}

type Args = HashMap<String, Value>;

const NATIVE: &[Native] = &[
    Native { stands_for: &["tasks", "task_status", "units", "inferred", "sample"], write: tasks },
    Native { stands_for: &["period_tasks", "task_status", "sample"], write: period_tasks },
    Native { stands_for: &["period_values", "sample"], write: period_values },
    Native { stands_for: &["indicator_rows", "status", "sample", "spark"], write: indicator_rows },
    Native { stands_for: &["indicator_values", "sample"], write: indicator_values },
    Native { stands_for: &["indicator_targets", "sample"], write: indicator_targets },
];

/// The filter that stands for the macro `name`.
fn filter_name(name: &str) -> String {
    format!("builtin_{name}")
}

/// `macros` (a theme's `macros.html`) with the body of each macro written in Rust replaced by
/// a call to its filter, when the text of every macro it stands for is `builtin`'s.
pub fn substitute(macros: &str, builtin: &str) -> String {
    let mut out = macros.to_string();
    for native in NATIVE {
        let kept = native
            .stands_for
            .iter()
            .all(|m| matches!((text_of(macros, m), text_of(builtin, m)), (Some(a), Some(b)) if a == b));
        let name = native.stands_for[0];
        let Some(text) = text_of(&out, name).filter(|_| kept).map(str::to_string) else { continue };
        let Some(call) = filter_call(&text, name) else { continue };
        out = out.replacen(&text, &call, 1);
    }
    out
}

/// Registers the filters [`substitute`] calls.
pub fn register(tera: &mut tera::Tera) {
    for native in NATIVE {
        tera.register_filter(&filter_name(native.stands_for[0]), Filter(native.write));
    }
}

struct Filter(fn(&Value, &Args) -> String);

impl tera::Filter for Filter {
    fn filter(&self, value: &Value, args: &Args) -> tera::Result<Value> {
        Ok(Value::String((self.0)(value, args)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The whole text of the macro `name` in `macros`, from `{% macro` to `{% endmacro name %}`.
fn text_of<'a>(macros: &'a str, name: &str) -> Option<&'a str> {
    let start = macros.find(&format!("{{% macro {name}("))?;
    let end_tag = format!("{{% endmacro {name} %}}");
    let end = start + macros[start..].find(&end_tag)? + end_tag.len();
    Some(&macros[start..end])
}

/// The macro `text` with its body replaced by its filter applied to its first parameter,
/// with the others as the filter's arguments: `{{ list | builtin_tasks(root=root, …) | safe }}`.
fn filter_call(text: &str, name: &str) -> Option<String> {
    let header_end = text.find("%}")? + 2;
    let header = &text[..header_end];
    let params = &header[header.find('(')? + 1..header.rfind(')')?];
    let params: Vec<&str> = params.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let (first, rest) = params.split_first()?;
    let args: Vec<String> = rest.iter().map(|p| format!("{p}={p}")).collect();
    Some(format!(
        "{header}{{{{ {first} | {}({}) | safe }}}}{{% endmacro {name} %}}",
        filter_name(name),
        args.join(", ")
    ))
}

/// What a template writes, built as Tera would: strings escaped unless marked safe, numbers
/// as Tera shows them, nothing for a missing or null value.
struct Out(String);

static NULL: Value = Value::Null;

/// The value at a dotted path, or null.
fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').try_fold(v, |v, key| v.get(key)).unwrap_or(&NULL)
}

/// Whether Tera's `{% if %}` takes the value as true.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i != 0,
            (_, Some(u), _) => u != 0,
            (_, _, Some(f)) => f != 0.0 && !f.is_nan(),
            _ => false,
        },
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

impl Out {
    fn s(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    /// `{{ v }}`.
    fn v(&mut self, v: &Value) -> &mut Self {
        match v {
            Value::String(s) => crate::text::escape_into(&mut self.0, s),
            _ => self.safe(v),
        }
        self
    }

    /// `{{ v | safe }}`.
    fn safe(&mut self, v: &Value) {
        use std::fmt::Write;
        match v {
            Value::String(s) => self.0.push_str(s),
            Value::Number(n) => {
                let _ = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(i), _, _) => write!(self.0, "{i}"),
                    (_, Some(u), _) => write!(self.0, "{u}"),
                    (_, _, Some(f)) => write!(self.0, "{f}"),
                    _ => Ok(()),
                };
            }
            Value::Bool(b) => {
                let _ = write!(self.0, "{b}");
            }
            Value::Null => {}
            Value::Array(_) | Value::Object(_) => {
                // Never shown by these macros; Tera would show `[…]` or `[object]`.
            }
        }
    }

    /// `{% if lang %}<span lang="{{ lang }}">{{ text }}</span>{% else %}{{ text }}{% endif %}`.
    fn marked(&mut self, text: &Value, lang: &Value) -> &mut Self {
        if truthy(lang) { self.s("<span lang=\"").v(lang).s("\">").v(text).s("</span>") } else { self.v(text) }
    }

    /// `{% if lang %} lang="{{ lang }}"{% endif %}`.
    fn lang_attr(&mut self, lang: &Value) -> &mut Self {
        if truthy(lang) {
            self.s(" lang=\"").v(lang).s("\"");
        }
        self
    }

    /// A status as a badge of the class `prefix` and the status's key: its icon and its word.
    fn badge(&mut self, prefix: &str, s: &Value) -> &mut Self {
        self.s("<span class=\"badge ").s(prefix).v(at(s, "key")).s("\"><span aria-hidden=\"true\">");
        self.v(at(s, "icon")).s("</span> ").v(at(s, "label")).s("</span>")
    }

    /// The macro `task_status(s)`.
    fn task_status(&mut self, s: &Value) -> &mut Self {
        self.badge("ts-", s)
    }

    /// The macro `sample(t)`.
    fn sample(&mut self, t: &Value) -> &mut Self {
        self.s("<span class=\"badge sample\" title=\"")
            .v(at(t, "sample_note"))
            .s("\">")
            .v(at(t, "sample_badge"))
            .s("</span>")
    }

    /// The macro `status(s)`.
    fn status(&mut self, s: &Value) -> &mut Self {
        self.badge("st-", s);
        if truthy(at(s, "illustrative")) {
            self.s(" <span class=\"badge sample\" title=\"")
                .v(at(s, "sample_note"))
                .s("\">")
                .v(at(s, "sample_badge"))
                .s("</span>");
        }
        self
    }

    /// The macro `spark(s, root)`.
    fn spark(&mut self, s: &Value, root: &Value) -> &mut Self {
        self.s("<img class=\"spark\" src=\"").v(root).v(at(s, "src")).s("\" alt=\"").v(at(s, "alt"));
        self.s("\" width=\"").v(at(s, "width")).s("\" height=\"").v(at(s, "height"));
        self.s("\" loading=\"lazy\" decoding=\"async\">")
    }

    /// The opening of a table of rows: `{% macro NAME(rows, root, t, caption, about,
    /// about_lang, caption_id) %}` up to its `<tbody>`, with the columns `heads` names.
    fn table_head(&mut self, args: &Args, heads: &[&str]) -> &mut Self {
        let caption = Caption { id: arg(args, "caption_id"), text: arg(args, "caption") };
        self.table_open(caption, (arg(args, "about"), arg(args, "about_lang")), arg(args, "t"), heads)
    }

    /// A table's opening up to its `<tbody>`: captioned `caption: about`, with the columns
    /// `heads` names in the words `t`.
    fn table_open(
        &mut self,
        caption: Caption,
        (about, about_lang): (&Value, &Value),
        t: &Value,
        heads: &[&str],
    ) -> &mut Self {
        self.s("<div class=\"table-wrap\" role=\"region\" aria-labelledby=\"").v(caption.id);
        self.s("\" tabindex=\"0\">\n<table class=\"stack\">\n<caption id=\"").v(caption.id);
        self.s("\" class=\"sr-only\">").v(caption.text).s(": ");
        self.marked(about, about_lang).s("</caption>\n<thead><tr>");
        for head in heads {
            self.s("<th scope=\"col\">").v(at(t, head)).s("</th>");
        }
        self.s("</tr></thead>\n<tbody>\n")
    }

    /// The macro `units(list, root)`.
    fn units(&mut self, list: &Value, root: &Value) -> &mut Self {
        let units = list.as_array().map_or(&[][..], Vec::as_slice);
        for (n, u) in units.iter().enumerate() {
            self.s("<a href=\"").v(root).v(at(u, "href")).s("\"").lang_attr(at(u, "name_lang")).s(">");
            self.v(at(u, "name")).s("</a>");
            if n + 1 < units.len() {
                self.s("; ");
            }
        }
        self
    }

    /// The macro `inferred(k, field, t)`.
    fn inferred(&mut self, k: &Value, field: &str, t: &Value) -> &mut Self {
        let inferred = at(k, "inferred");
        let said = at(inferred, field);
        if truthy(inferred) && truthy(said) {
            self.s(" <span class=\"badge inferred\" title=\"")
                .v(at(t, "inferred_note"))
                .s("\">")
                .v(at(t, "inferred_badge"))
                .s("</span> <span class=\"muted\"")
                .lang_attr(at(k, "doc_lang"))
                .s(">(")
                .v(said)
                .s(")</span>");
        }
        self
    }
}

/// A table's caption: its id and its text.
#[derive(Clone, Copy)]
struct Caption<'a> {
    id: &'a Value,
    text: &'a Value,
}

fn arg<'a>(args: &'a Args, name: &str) -> &'a Value {
    args.get(name).unwrap_or(&NULL)
}

/// The macro `tasks(list, root, t, show_plan)`: tasks as lists show them.
fn tasks(list: &Value, args: &Args) -> String {
    let (root, t, show_plan) = (arg(args, "root"), arg(args, "t"), truthy(arg(args, "show_plan")));
    let tt = |key: &str| at(t, key);
    let mut o = Out(String::with_capacity(2048));
    o.s("<ol class=\"tasks\">\n");
    for k in list.as_array().map_or(&[][..], Vec::as_slice) {
        let f = |path: &str| at(k, path);
        let has = |path: &str| truthy(at(k, path));
        let doc_lang = f("doc_lang");
        o.s("<li class=\"task");
        if has("flags.overdue") {
            o.s(" is-overdue");
        }
        o.s("\"");
        if !show_plan {
            o.s(" id=\"").v(f("anchor")).s("\"");
        }
        o.s(">\n<h3 class=\"task-title\">");
        if show_plan {
            o.s("<a href=\"").v(root).v(f("href")).s("\">").marked(f("plan.label"), f("plan.label_lang"));
            if has("number") {
                o.s(" · ").v(f("number"));
            }
            o.s("</a>");
        } else if has("number") {
            o.s("<span class=\"task-id\">").v(f("number")).s("</span>");
        }
        o.s(" ").marked(f("title"), f("title_lang")).s("</h3>\n");
        o.s("<p class=\"task-badges\">").task_status(f("status"));
        if has("percent") {
            o.s(" <span class=\"pct\">").v(f("percent")).s("%</span>");
        }
        o.s("\n");
        if has("flags.overdue") {
            o.s(" <span class=\"badge flag-overdue\"><span aria-hidden=\"true\">!</span> ")
                .v(tt("overdue"))
                .s("</span>");
        }
        o.s("\n");
        if has("flags.due_soon") {
            o.s(" <span class=\"badge flag-soon\"><span aria-hidden=\"true\">◷</span> ").v(tt("due_soon")).s("</span>");
        }
        o.s("\n");
        if has("flags.not_updated") {
            o.s(" <span class=\"badge flag-stale\"><span aria-hidden=\"true\">✎</span> ")
                .v(tt("not_updated"))
                .s("</span>");
        }
        o.s("\n");
        if has("change") {
            o.s(" <span class=\"badge plain\">").v(f("change.label")).s("</span>");
        }
        o.s("\n");
        if has("sample") {
            o.s(" ").sample(t);
        }
        o.s("</p>\n<dl class=\"facts\">\n");
        let inferred = has("inferred");
        o.s("<div><dt>").v(tt("lead")).s("</dt><dd>");
        if has("lead") {
            o.units(f("lead"), root);
            if inferred {
                o.inferred(k, "lead", t);
            }
        } else {
            o.s("<em>").v(tt("no_unit_named")).s("</em>");
        }
        o.s("</dd></div>\n");
        if has("support") {
            o.s("<div><dt>").v(tt("support")).s("</dt><dd>").units(f("support"), root);
            if inferred {
                o.inferred(k, "support", t);
            }
            o.s("</dd></div>");
        }
        o.s("\n");
        if has("leader") {
            o.s("<div><dt>").v(tt("leader")).s("</dt><dd>").marked(f("leader"), doc_lang);
            if inferred {
                o.inferred(k, "leader", t);
            }
            o.s("</dd></div>");
        }
        o.s("\n<div><dt>").v(tt("output")).s("</dt><dd>");
        if has("output") {
            o.marked(f("output"), doc_lang);
            if inferred {
                o.inferred(k, "output", t);
            }
        } else {
            o.s("<em>").v(tt("no_output_stated")).s("</em>");
        }
        o.s("</dd></div>\n<div><dt>").v(tt("deadline")).s("</dt><dd>");
        if has("due") {
            o.marked(f("due"), f("due_lang"));
            if has("due_date") {
                o.s(" <span class=\"muted\">(").v(tt("due_by")).s(" ").v(f("due_date")).s(")</span>");
            }
            if inferred {
                o.inferred(k, "due", t);
            }
        } else {
            o.v(tt("no_deadline"));
        }
        o.s("</dd></div>\n");
        for (key, label) in [("source_ref", "source_ref"), ("change_basis", "change_basis")] {
            if has(key) {
                o.s("<div><dt>").v(tt(label)).s("</dt><dd").lang_attr(doc_lang).s(">").v(f(key)).s("</dd></div>");
            }
            o.s("\n");
        }
        if has("note") {
            o.s("<div><dt>").v(tt("progress_note")).s("</dt><dd").lang_attr(doc_lang).s(">");
            o.safe(f("note"));
            o.s("</dd></div>");
        }
        o.s("\n");
        if has("evidence") {
            o.s("<div><dt>").v(tt("evidence")).s("</dt><dd>");
            let evidence = f("evidence").as_array().map_or(&[][..], Vec::as_slice);
            for (n, e) in evidence.iter().enumerate() {
                o.s("<a href=\"").v(at(e, "url")).s("\" rel=\"noopener\"").lang_attr(doc_lang).s(">");
                o.v(at(e, "title")).s("</a>");
                if n + 1 < evidence.len() {
                    o.s("; ");
                }
            }
            o.s("</dd></div>");
        }
        o.s("\n<div><dt>").v(tt("reported_in")).s("</dt><dd>");
        if has("reported_in") {
            o.marked(f("reported_in"), f("reported_in_lang"));
        } else {
            o.v(tt("never_reported"));
        }
        o.s("</dd></div>\n");
        if has("indicators") {
            o.s("<div><dt>").v(tt("indicators")).s("</dt><dd>");
            let indicators = f("indicators").as_array().map_or(&[][..], Vec::as_slice);
            for (n, i) in indicators.iter().enumerate() {
                o.s("<a href=\"").v(root).v(at(i, "href")).s("\"").lang_attr(at(i, "name_lang")).s(">");
                o.v(at(i, "name")).s("</a>");
                if n + 1 < indicators.len() {
                    o.s("; ");
                }
            }
            o.s("</dd></div>");
        }
        o.s("\n</dl>\n</li>\n");
    }
    o.s("</ol>");
    o.0
}

/// The macro `period_tasks(rows, root, t, caption, about, about_lang, caption_id)`: a period's
/// task reports as a table.
fn period_tasks(rows: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.table_head(args, &["task", "status", "progress_note"]);
    for r in rows.as_array().map_or(&[][..], Vec::as_slice) {
        let f = |path: &str| at(r, path);
        o.s("<tr><th scope=\"row\"><a href=\"").v(root).v(f("task.href")).s("\">");
        o.marked(f("task.plan"), f("task.plan_lang"));
        if truthy(f("task.number")) {
            o.s(" · ").v(f("task.number"));
        }
        o.s("</a> ").marked(f("task.title"), f("task.title_lang")).s("</th><td data-label=\"").v(at(t, "status"));
        o.s("\">").task_status(f("status"));
        if truthy(f("percent")) {
            o.s(" ").v(f("percent")).s("%");
        }
        if truthy(f("sample")) {
            o.s(" ").sample(t);
        }
        o.s("</td><td data-label=\"").v(at(t, "progress_note")).s("\"");
        if truthy(f("note")) {
            o.lang_attr(f("doc_lang")).s(">");
            o.safe(f("note"));
        } else {
            o.s(">");
        }
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

/// The macro `period_values(rows, root, t, caption, about, about_lang, caption_id)`: the
/// figures reported in a period, as a table.
fn period_values(rows: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.table_head(args, &["indicator", "value", "date", "source"]);
    for v in rows.as_array().map_or(&[][..], Vec::as_slice) {
        let f = |path: &str| at(v, path);
        o.s("<tr><th scope=\"row\"><a href=\"").v(root).v(f("indicator.href")).s("\"");
        o.lang_attr(f("indicator.name_lang")).s(">").v(f("indicator.name")).s("</a></th>");
        o.s("<td class=\"num\" data-label=\"").v(at(t, "value")).s("\">").marked(f("text"), f("unit_lang"));
        if truthy(f("sample")) {
            o.s(" ").sample(t);
        }
        if truthy(f("revision")) {
            o.s(" <span class=\"badge plain\">").v(at(t, "revision")).s("</span>");
        }
        o.s("</td><td data-label=\"").v(at(t, "date")).s("\">").v(f("date")).s("</td>");
        o.s("<td data-label=\"").v(at(t, "source")).s("\">");
        if truthy(f("source")) {
            o.marked(f("source"), f("doc_lang"));
        } else {
            o.s("<em>").v(at(t, "no_source_named")).s("</em>");
        }
        o.s("</td></tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

/// The macro `indicator_rows(items, root, t)`: indicators as compact rows.
fn indicator_rows(items: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let mut o = Out(String::with_capacity(2048));
    o.s("<ul class=\"rows\">\n");
    for i in items.as_array().map_or(&[][..], Vec::as_slice) {
        let f = |path: &str| at(i, path);
        let unit_lang = f("unit_lang");
        o.s("<li class=\"row\">\n<a class=\"row-name\" href=\"").v(root).v(f("href")).s("\"");
        o.lang_attr(f("name_lang")).s(">").v(f("name")).s("</a>");
        if truthy(f("supplementary")) {
            o.s(" <span class=\"badge plain\">").v(at(t, "supplementary")).s("</span>");
        }
        o.s("\n<span class=\"row-figures\">").status(f("status")).s(" ");
        let (latest, target) = (truthy(f("latest")), truthy(f("target")));
        if latest {
            o.s("<span class=\"muted\">").v(at(t, "latest")).s("</span> <strong").lang_attr(unit_lang).s(">");
            o.v(f("latest.text")).s("</strong>");
            if truthy(f("latest.sample")) {
                o.s(" ").sample(t);
            }
        }
        if latest && target {
            o.s(" · ");
        }
        if target {
            o.s("<span class=\"muted\">").v(at(t, "target")).s(" ").marked(f("target.by"), f("target.by_lang"));
            o.s("</span> ").marked(f("target.text"), unit_lang);
        }
        o.s("</span>\n");
        if truthy(f("spark")) {
            o.s("<span class=\"row-spark\">").spark(f("spark"), root).s("</span>");
        }
        o.s("\n</li>\n");
    }
    o.s("</ul>");
    o.0
}

/// The macro `indicator_values(i, root, t)`: every figure reported for an indicator, as a
/// table on its page.
fn indicator_values(i: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let (unit_lang, doc_lang) = (at(i, "unit_lang"), at(i, "doc_lang"));
    let mut o = Out(String::with_capacity(4096));
    let id = Value::String("cap-values".into());
    let caption = Caption { id: &id, text: at(t, "values_reported") };
    o.table_open(caption, (at(i, "name"), at(i, "name_lang")), t, &["date", "value", "period", "source"]);
    for v in at(i, "values").as_array().map_or(&[][..], Vec::as_slice) {
        let f = |path: &str| at(v, path);
        o.s("<tr>\n<th scope=\"row\">").v(f("date")).s("</th>\n<td class=\"num\" data-label=\"").v(at(t, "value"));
        o.s("\"><strong").lang_attr(unit_lang).s(">").v(f("text")).s("</strong>");
        if truthy(f("sample")) {
            o.s(" ").sample(t);
        }
        if truthy(f("revised")) {
            o.s(" <span class=\"badge plain\">").v(at(t, "revised")).s("</span>");
        }
        o.s("\n");
        for e in f("earlier").as_array().map_or(&[][..], Vec::as_slice) {
            o.s("<br><span class=\"muted\">").v(at(t, "first_published")).s(" <del").lang_attr(unit_lang).s(">");
            o.v(at(e, "text")).s("</del> (").marked(at(e, "period"), at(e, "period_lang")).s(")</span>");
        }
        o.s("</td>\n<td data-label=\"").v(at(t, "period")).s("\"><a href=\"").v(root).v(f("period_href")).s("\"");
        o.lang_attr(f("period_lang")).s(">").v(f("period")).s("</a></td>\n<td data-label=\"").v(at(t, "source"));
        o.s("\">");
        if truthy(f("source")) {
            o.marked(f("source"), doc_lang);
        } else {
            o.s("<em>").v(at(t, "no_source_named")).s("</em>");
        }
        if truthy(f("note")) {
            o.s("<br><span class=\"muted\"").lang_attr(doc_lang).s(">");
            o.safe(f("note"));
            o.s("</span>");
        }
        o.s("</td>\n</tr>\n");
    }
    o.s("</tbody>\n</table>\n</div>");
    o.0
}

/// The macro `indicator_targets(i, root, t)`: an indicator's targets, as a table on its page.
fn indicator_targets(i: &Value, args: &Args) -> String {
    let (root, t) = (arg(args, "root"), arg(args, "t"));
    let unit_lang = at(i, "unit_lang");
    let mut o = Out(String::with_capacity(2048));
    let id = Value::String("cap-targets".into());
    let caption = Caption { id: &id, text: at(t, "targets") };
    let heads = ["milestone", "target", "framework", "plan", "outcome"];
    o.table_open(caption, (at(i, "name"), at(i, "name_lang")), t, &heads);
    for g in at(i, "targets").as_array().map_or(&[][..], Vec::as_slice) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_macro_is_replaced_only_while_it_and_the_macros_it_calls_are_the_built_in_ones() {
        let builtin = crate::theme::builtin_template("macros.html").unwrap();
        let replaced = substitute(builtin, builtin);
        let tasks = text_of(&replaced, "tasks").unwrap();
        assert_eq!(
            tasks,
            "{% macro tasks(list, root, t, show_plan) %}{{ list | builtin_tasks(root=root, t=t, show_plan=show_plan) | safe }}{% endmacro tasks %}"
        );
        assert!(
            text_of(&replaced, "period_tasks")
                .unwrap()
                .contains("builtin_period_tasks(root=root, t=t, caption=caption")
        );
        assert_eq!(text_of(&replaced, "task_status"), text_of(builtin, "task_status"), "the others stay");

        // A theme that changes a macro `tasks` calls keeps `tasks` as Tera text; `period_tasks`
        // does not call it.
        let changed = builtin.replacen("{% macro inferred(k, field, t) %}", "{% macro inferred(k, field, t) %}!", 1);
        let replaced = substitute(&changed, builtin);
        assert_eq!(text_of(&replaced, "tasks"), text_of(builtin, "tasks"));
        assert!(text_of(&replaced, "period_tasks").unwrap().contains("builtin_period_tasks"));
        // One that changes the macro itself likewise.
        let changed = builtin.replacen("<ol class=\"tasks\">", "<ul class=\"tasks\">", 1);
        assert!(!substitute(&changed, builtin).contains("builtin_tasks"));
    }

    /// A mark of each part of the two macros.
    const PARTS: &[&str] = &[
        "<ol class=\"tasks\">",
        "cap-tasks",
        "class=\"task-id\"",
        "is-overdue",
        "flag-soon",
        "flag-stale",
        "badge inferred",
        "rel=\"noopener\"",
        "class=\"pct\"",
        "badge sample",
        "<span lang=\"vi\">",
        "cap-values",
        "badge plain",
        "class=\"row-spark\"",
        "<ul class=\"rows\">",
        "badge st-",
        "cap-targets",
        "<del",
        "(every year)",
        "First published:",
    ];

    /// Every file of the site at `root` as rendered with `macros`.
    fn rendered(root: &std::path::Path, macros: crate::render::Macros) -> std::collections::BTreeMap<String, Vec<u8>> {
        let mut checked = crate::pipeline::check(root, None);
        assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
        let archives = std::mem::take(&mut checked.archives);
        let mode = crate::pipeline::Mode::Live { archives: &archives };
        let run = crate::render::Run { macros, ..Default::default() };
        let (files, _) = crate::pipeline::render_into(root, &mut checked, None, mode, run, Default::default())
            .unwrap_or_else(|| panic!("{}", checked.render_diagnostics()));
        files.files.into_iter().map(|(path, bytes)| (path, bytes.to_vec())).collect()
    }

    #[test]
    fn the_macros_written_in_rust_write_every_byte_tera_writes() {
        use crate::render::Macros;
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        // A larger site too, such as the benchmark's (`MINHBACH_BENCH_WRITE`), when named.
        let more = std::env::var_os("MINHBACH_EQUIVALENCE_SITE").map(std::path::PathBuf::from);
        for root in [repo.to_path_buf(), crate::test_support::fixture("basic")].into_iter().chain(more) {
            // The site's theme keeps both macros as built in: they are written in Rust.
            let theme = crate::theme::load(&root, "default", &mut Default::default(), &mut Vec::new());
            let builtin = crate::theme::builtin_template("macros.html").unwrap();
            let macros = substitute(&theme.templates["macros.html"], builtin);
            for name in NATIVE.iter().map(|n| n.stands_for[0]) {
                assert!(macros.contains(&format!("{}(", filter_name(name))), "{name}");
            }
            let (rust, tera) = (rendered(&root, Macros::Builtin), rendered(&root, Macros::Tera));
            assert_eq!(rust.len(), tera.len());
            let mut seen = std::collections::BTreeSet::new();
            for ((path, a), (_, b)) in rust.iter().zip(&tera) {
                let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
                if a != b {
                    let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                    let from = a.char_indices().nth(at.saturating_sub(80)).map_or(0, |(i, _)| i);
                    panic!("{}: {path} differs after\n{}", root.display(), &a[from..a.len().min(from + 200)]);
                }
                for mark in PARTS.iter().filter(|m| a.contains(**m)) {
                    seen.insert(*mark);
                }
            }
            if root == repo {
                // The default site has every part of both macros.
                assert_eq!(seen.len(), PARTS.len(), "{seen:?}");
            }
        }
    }

    #[test]
    fn values_are_written_as_tera_writes_them() {
        let mut o = Out(String::new());
        o.v(&serde_json::json!("a < b & \"c\"")).v(&serde_json::json!(40)).v(&serde_json::json!(2.5));
        o.v(&Value::Null).v(&serde_json::json!(true));
        o.safe(&serde_json::json!("<p>x</p>"));
        assert_eq!(o.0, format!("{}402.5true<p>x</p>", crate::text::escape("a < b & \"c\"")));
        assert!(!truthy(&serde_json::json!(0)) && !truthy(&serde_json::json!("")) && !truthy(&serde_json::json!([])));
        assert!(truthy(&serde_json::json!(0.5)) && truthy(&serde_json::json!({"a": 1})));
        assert_eq!(at(&serde_json::json!({"a": {"b": 3}}), "a.b"), &serde_json::json!(3));
        assert_eq!(at(&serde_json::json!({"a": 1}), "a.b"), &Value::Null);
    }
}
