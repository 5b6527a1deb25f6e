//! What the macros written in Rust write with: values written as Tera writes them, and the
//! small macros the others call.

use serde_json::Value;

use super::Args;

/// What a template writes, built as Tera would: strings escaped unless marked safe, numbers
/// as Tera shows them, nothing for a missing or null value.
pub(super) struct Out(pub(super) String);

pub(super) static NULL: Value = Value::Null;

/// The value at a dotted path, or null.
pub(super) fn at<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').try_fold(v, |v, key| v.get(key)).unwrap_or(&NULL)
}

/// A struct of the named fields of an object, each its value or null, found in one walk over
/// the object's entries: a row writer reads some thirty fields of every row, and looking each
/// up by name searched the row's map, comparing names, for each (a tenth of the rows' cost).
/// The names are compared with each entry's as constants, without a call.
macro_rules! fields {
    ($(#[$doc:meta])* $name:ident { $($field:ident),* $(,)? }) => {
        $(#[$doc])*
        pub(super) struct $name<'a> {
            $(pub(super) $field: &'a serde_json::Value,)*
        }

        impl<'a> $name<'a> {
            pub(super) fn of(v: &'a serde_json::Value) -> Self {
                let mut f = $name { $($field: &$crate::render::builtin_macros::out::NULL,)* };
                if let serde_json::Value::Object(map) = v {
                    for (key, value) in map {
                        match key.as_str() {
                            $(stringify!($field) => f.$field = value,)*
                            _ => {}
                        }
                    }
                }
                f
            }
        }
    };
}
pub(super) use fields;

/// The items of a list, or none.
pub(super) fn items(v: &Value) -> &[Value] {
    v.as_array().map_or(&[][..], Vec::as_slice)
}

/// Whether each of `words` is one of the theme's words `t` and a string: a page written in Rust
/// leaves a missing or odd word to Tera, which says which is wrong.
pub(super) fn has_words(t: &Value, words: &[&str]) -> bool {
    words.iter().all(|w| t.get(*w).is_some_and(Value::is_string))
}

/// Whether Tera's `{% if %}` takes the value as true.
pub(super) fn truthy(v: &Value) -> bool {
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
    pub(super) fn s(&mut self, text: &str) -> &mut Self {
        self.0.push_str(text);
        self
    }

    /// `{{ v }}`.
    pub(super) fn v(&mut self, v: &Value) -> &mut Self {
        match v {
            Value::String(s) => crate::text::escape_into(&mut self.0, s),
            _ => self.safe(v),
        }
        self
    }

    /// `{{ v | safe }}`.
    pub(super) fn safe(&mut self, v: &Value) {
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
    pub(super) fn marked(&mut self, text: &Value, lang: &Value) -> &mut Self {
        if truthy(lang) { self.s("<span lang=\"").v(lang).s("\">").v(text).s("</span>") } else { self.v(text) }
    }

    /// `{% if lang %} lang="{{ lang }}"{% endif %}`.
    pub(super) fn lang_attr(&mut self, lang: &Value) -> &mut Self {
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
    pub(super) fn task_status(&mut self, s: &Value) -> &mut Self {
        self.badge("ts-", s)
    }

    /// The macro `sample(t)`.
    pub(super) fn sample(&mut self, t: &Value) -> &mut Self {
        self.sample_badge(t)
    }

    /// The illustrative-figure badge, with its words from `words` (`sample_note`, `sample_badge`).
    fn sample_badge(&mut self, words: &Value) -> &mut Self {
        self.s("<span class=\"badge sample\" title=\"").v(at(words, "sample_note")).s("\">");
        self.v(at(words, "sample_badge")).s("</span>")
    }

    /// The macro `status(s)`.
    pub(super) fn status(&mut self, s: &Value) -> &mut Self {
        self.badge("st-", s);
        if truthy(at(s, "illustrative")) {
            self.s(" ").sample_badge(s);
        }
        self
    }

    /// The macro `spark(s, root)`.
    pub(super) fn spark(&mut self, s: &Value, root: &Value) -> &mut Self {
        self.s("<img class=\"spark\" src=\"").v(root).v(at(s, "src")).s("\" alt=\"").v(at(s, "alt"));
        self.s("\" width=\"").v(at(s, "width")).s("\" height=\"").v(at(s, "height"));
        self.s("\" loading=\"lazy\" decoding=\"async\">")
    }

    /// The opening of a table of rows: `{% macro NAME(rows, root, t, caption, about,
    /// about_lang, caption_id) %}` up to its `<tbody>`, with the columns `heads` names.
    pub(super) fn table_head(&mut self, args: &Args<'_>, heads: &[&str]) -> &mut Self {
        let caption = Caption { id: arg(args, "caption_id"), text: arg(args, "caption") };
        self.table_open(caption, (arg(args, "about"), arg(args, "about_lang")), arg(args, "t"), heads)
    }

    /// A table's opening up to its `<tbody>`: captioned `caption: about`, with the columns
    /// `heads` names in the words `t`.
    pub(super) fn table_open(
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

    /// Each item of `list` as `item` writes it, with `; ` between them:
    /// `{% for x in list %}…{% if not loop.last %}; {% endif %}{% endfor %}`.
    pub(super) fn joined<'v>(&mut self, list: &'v Value, mut item: impl FnMut(&mut Self, &'v Value)) -> &mut Self {
        for (n, x) in items(list).iter().enumerate() {
            if n > 0 {
                self.s("; ");
            }
            item(self, x);
        }
        self
    }

    /// A link to `{{ root }}{{ x.href }}` named `x.name`, marked with `x.name_lang`.
    pub(super) fn named_link(&mut self, x: &Value, root: &Value) -> &mut Self {
        self.s("<a href=\"").v(root).v(at(x, "href")).s("\"").lang_attr(at(x, "name_lang")).s(">");
        self.v(at(x, "name")).s("</a>")
    }

    /// The macro `units(list, root)`.
    pub(super) fn units(&mut self, list: &Value, root: &Value) -> &mut Self {
        self.joined(list, |o, u| {
            o.named_link(u, root);
        })
    }

    /// The macro `inferred(k, field, t)`.
    pub(super) fn inferred(&mut self, k: &Value, field: &str, t: &Value) -> &mut Self {
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
pub(super) struct Caption<'a> {
    pub(super) id: &'a Value,
    pub(super) text: &'a Value,
}

pub(super) fn arg<'a>(args: &Args<'a>, name: &str) -> &'a Value {
    args.0.iter().find(|(n, _)| *n == name).map_or(&NULL, |(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        o.0.clear();
        o.joined(&serde_json::json!([1, 2, 3]), |o, x| {
            o.v(x);
        });
        assert_eq!(o.0, "1; 2; 3");
    }
}
