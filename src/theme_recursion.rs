//! Template macros that call themselves without end. Tera has no limit on how deep macros
//! call one another, so a macro that always calls itself (`{{ self::rec(n=n) }}` outside any
//! `{% if %}` or `{% for %}`), directly or through other macros, overflows the stack and
//! aborts the whole build with no word of where. Such a cycle is found in the templates'
//! text before anything is rendered, and named at the macro. A macro that calls itself only
//! under a condition (a tree walked down to its leaves) is left alone: it may end.

use std::collections::{BTreeMap, BTreeSet};

/// A macro that always calls itself: the template it is in, the byte where it is defined,
/// and the macros of the cycle in order (`template::macro`), starting with it.
#[derive(Debug, PartialEq, Eq)]
pub struct Endless {
    pub template: String,
    pub at: usize,
    pub cycle: Vec<String>,
}

/// Every cycle of macros that always call one another in `templates` (name → text), each once,
/// named at its first macro in the order of the templates and of their text.
pub fn endless(templates: &BTreeMap<String, String>) -> Vec<Endless> {
    // Each macro (template, name) with where it is defined and what it always calls.
    let mut calls: Calls = BTreeMap::new();
    for (template, text) in templates {
        let imports = imports(text);
        for (name, at, body) in macros(text) {
            let callees = unconditional_calls(body)
                .into_iter()
                .filter_map(|(space, callee)| {
                    let of = if space == "self" { template.clone() } else { imports.get(&space)?.clone() };
                    Some((of, callee))
                })
                .collect();
            calls.insert((template.clone(), name), (at, callees));
        }
    }
    let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
    let mut found = Vec::new();
    for (start, (at, _)) in &calls {
        if reported.contains(start) {
            continue;
        }
        if let Some(cycle) = cycle_from(start, &calls) {
            reported.extend(cycle.iter().cloned());
            found.push(Endless {
                template: start.0.clone(),
                at: *at,
                cycle: cycle.iter().map(|(t, m)| if *t == start.0 { m.clone() } else { format!("{t}::{m}") }).collect(),
            });
        }
    }
    found
}

/// A macro: its template and its name.
type Macro = (String, String);
/// Each macro with where it is defined and the macros it always calls.
type Calls = BTreeMap<Macro, (usize, Vec<Macro>)>;

/// The macros from `start` back to it, when `start` always calls itself through them.
fn cycle_from(start: &Macro, calls: &Calls) -> Option<Vec<Macro>> {
    // Breadth first, so that the shortest cycle is named.
    let mut came_from: BTreeMap<&Macro, &Macro> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(m) = queue.pop_front() {
        for next in calls.get(m).map(|(_, c)| c.as_slice()).unwrap_or_default() {
            if next == start {
                let mut cycle = vec![m.clone()];
                let mut at = m;
                while at != start {
                    at = came_from[at];
                    cycle.push(at.clone());
                }
                cycle.reverse();
                return Some(cycle);
            }
            if calls.contains_key(next) && !came_from.contains_key(next) {
                came_from.insert(next, m);
                queue.push_back(next);
            }
        }
    }
    None
}

/// The tags of `text`: each `{% … %}`'s words (without `-` trims), with where it starts and
/// ends. A tag left open ends them (Tera reports it).
fn tags(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text[from..].find("{%")?;
        let close = start + 2 + text[start + 2..].find("%}")?;
        from = close + 2;
        let inner = text[start + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        Some((start, from, inner))
    })
}

/// `{% import "file" as space %}`: space → file.
fn imports(text: &str) -> BTreeMap<String, String> {
    tags(text)
        .filter_map(|(_, _, tag)| {
            let rest = tag.strip_prefix("import")?.trim();
            let (file, space) = rest.rsplit_once(" as ")?;
            Some((space.trim().to_string(), file.trim().trim_matches(|c| c == '"' || c == '\'').to_string()))
        })
        .collect()
}

/// Each `{% macro name(…) %}…{% endmacro %}` of `text`: its name, where it starts, its body.
fn macros(text: &str) -> Vec<(String, usize, &str)> {
    let mut found = Vec::new();
    let mut open: Option<(String, usize, usize)> = None;
    for (start, end, tag) in tags(text) {
        if let Some(rest) = tag.strip_prefix("macro ") {
            let name: String = rest.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            open = Some((name, start, end));
        } else if tag.starts_with("endmacro")
            && let Some((name, at, body)) = open.take()
        {
            found.push((name, at, &text[body..start]));
        }
    }
    found
}

/// The macros `body` calls outside any `{% if %}` or `{% for %}`: (namespace, name).
fn unconditional_calls(body: &str) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (start, end, tag) in tags(body).chain(std::iter::once((body.len(), body.len(), ""))) {
        if depth == 0 {
            calls.extend(calls_in(&body[from..start]));
        }
        let word = tag.split_whitespace().next().unwrap_or_default();
        match word {
            "if" | "for" => depth += 1,
            "endif" | "endfor" => depth = depth.saturating_sub(1),
            _ => {}
        }
        from = end;
    }
    calls
}

/// `space::name(` in `text`.
fn calls_in(text: &str) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    for (i, _) in text.match_indices("::") {
        let space: String = text[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let name: String = text[i + 2..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !space.is_empty() && !name.is_empty() && text[i + 2 + name.len()..].trim_start().starts_with('(') {
            calls.push((space, name));
        }
    }
    calls
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
    }

    #[test]
    fn a_macro_that_always_calls_itself_is_found_at_its_definition() {
        let page = "{% extends \"base.html\" %}\n{% macro rec(n) %}{{ self::rec(n=n+1) }}{% endmacro rec %}\n";
        let found = endless(&templates(&[("page.html", page)]));
        assert_eq!(
            found,
            vec![Endless {
                template: "page.html".into(),
                at: page.find("{% macro").unwrap(),
                cycle: vec!["rec".into()]
            }]
        );
    }

    #[test]
    fn a_cycle_through_another_file_is_found_once() {
        let a = "{% import \"m.html\" as m %}{%- macro a() -%}x {{ m::b() }}{%- endmacro -%}";
        let m = "{% import \"a.html\" as other %}{% macro b() %}{{ other::a() }}{% endmacro %}";
        let found = endless(&templates(&[("a.html", a), ("m.html", m)]));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].cycle, vec!["a".to_string(), "m.html::b".to_string()]);
    }

    #[test]
    fn a_macro_that_calls_itself_under_a_condition_may_end_and_is_left() {
        let tree = "{% macro node(n) %}{{ n.name }}{% for c in n.children %}{{ self::node(n=c) }}{% endfor %}{% endmacro %}\
                    {% macro down(k) %}{% if k > 0 %}{{ self::down(k=k-1) }}{% endif %}{% endmacro %}\
                    {% macro plain() %}{{ self::node(n=1) }}{% endmacro %}";
        assert_eq!(endless(&templates(&[("m.html", tree)])), vec![]);
        // Tags left open, one ending in a character of three bytes: nothing, no panic.
        for open in ["{% macro a…", "{% macro é", "{% macro a() %}{{ self::a() }}{%", "{%}", "{% macro a() %}é%}"] {
            assert_eq!(endless(&templates(&[("m.html", open)])), vec![], "{open}");
        }
        // The built-in theme has none.
        let builtin: BTreeMap<String, String> = crate::theme::builtin_template_names()
            .into_iter()
            .filter_map(|n| Some((n.to_string(), crate::theme::builtin_template(n)?.to_string())))
            .collect();
        assert_eq!(endless(&builtin), vec![]);
    }
}
