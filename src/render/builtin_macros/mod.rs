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

pub mod embed;
pub mod frame;
mod indicator;
pub mod indicator_list;
pub mod indicator_page;
pub mod list;
mod out;
mod rows;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde_json::Value;

use indicator::{indicator_targets, indicator_values};
use rows::{indicator_rows, period_tasks, period_values, tasks};

/// A macro written in Rust: the macros whose built-in text it stands for (itself first) and
/// what writes its output, given its first argument and the others by name.
struct Native {
    stands_for: &'static [&'static str],
    write: fn(&Value, &Args) -> String,
}

/// A macro's arguments, by name.
#[derive(Clone, Copy)]
struct Args<'a>(&'a [(&'a str, &'a Value)]);

const NATIVE: &[Native] = &[
    Native {
        stands_for: &["tasks", "task_status", "units", "inferred", "sample"],
        write: |list, args| tasks(out::items(list), args),
    },
    Native {
        stands_for: &["period_tasks", "task_status", "sample"],
        write: |rows, args| period_tasks(out::items(rows), args),
    },
    Native { stands_for: &["period_values", "sample"], write: |rows, args| period_values(out::items(rows), args) },
    Native {
        stands_for: &["indicator_rows", "status", "sample", "spark"],
        write: |list, args| indicator_rows(out::items(list), args),
    },
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
        let words = words_used(native.stands_for.iter().filter_map(|m| text_of(builtin, m)));
        let Some(call) = filter_call(&text, name, &words) else { continue };
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
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        if args.contains_key("t") {
            let pairs: Vec<(&str, &Value)> = args.iter().map(|(name, v)| (name.as_str(), v)).collect();
            return Ok(Value::String((self.0)(value, &Args(&pairs))));
        }
        // The theme's words come one by one (see `filter_call`): put back together as `t`.
        let mut t = serde_json::Map::new();
        let mut pairs = Vec::with_capacity(args.len());
        for (name, v) in args {
            match name.strip_prefix(WORD) {
                Some(word) => {
                    t.insert(word.to_string(), v.clone());
                }
                None => pairs.push((name.as_str(), v)),
            }
        }
        let t = Value::Object(t);
        pairs.push(("t", &t));
        Ok(Value::String((self.0)(value, &Args(&pairs))))
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

/// The prefix of an argument that is one of the theme's words (`t__overdue=t.overdue`).
const WORD: &str = "t__";

/// The theme's words (`t.overdue`) that `macros` use, each once, in order.
fn words_used<'a>(macros: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut words = std::collections::BTreeSet::new();
    for text in macros {
        for (at, _) in text.match_indices("t.") {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let word: String = text[at + 2..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !word.is_empty() {
                words.insert(word);
            }
        }
    }
    words.into_iter().collect()
}

/// The macro `text` with its body replaced by its filter applied to its first parameter,
/// with the others as the filter's arguments: `{{ list | builtin_tasks(root=root, …) | safe }}`.
/// The theme's words `t` are passed as the `words` the macros use, one argument each: Tera
/// copies every argument of a filter, and the whole of `t` (some 250 words) was most of the
/// cost of a call.
fn filter_call(text: &str, name: &str, words: &[String]) -> Option<String> {
    let header_end = text.find("%}")? + 2;
    let header = &text[..header_end];
    let params = &header[header.find('(')? + 1..header.rfind(')')?];
    let params: Vec<&str> = params.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let (first, rest) = params.split_first()?;
    let args: Vec<String> = rest
        .iter()
        .flat_map(|p| match *p {
            "t" => words.iter().map(|w| format!("{WORD}{w}=t.{w}")).collect(),
            _ => vec![format!("{p}={p}")],
        })
        .collect();
    Some(format!(
        "{header}{{{{ {first} | {}({}) | safe }}}}{{% endmacro {name} %}}",
        filter_name(name),
        args.join(", ")
    ))
}
