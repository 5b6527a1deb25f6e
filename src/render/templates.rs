//! The theme's templates compiled for a render, and what is wrong with them said as a keeper
//! can act on it: the file, the line and column, and what Tera expected there.

use super::builtin_macros::{self, frame};
use crate::diagnostic::Diagnostic;
use crate::theme::Theme;

/// Which templates write the built-in theme's busiest macros.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Macros {
    /// Rust, where the theme keeps them as built in (see [`builtin_macros`]).
    #[default]
    Builtin,
    /// Tera, always: what the Rust is compared with.
    Tera,
}

/// The template that holds the macros.
const MACROS: &str = "macros.html";

/// The theme's templates compiled; with `Macros::Builtin`, the busiest macros that the theme
/// keeps as the built-in theme has them are written in Rust (see [`builtin_macros`]).
pub(super) fn tera(theme: &Theme, macros: Macros) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(crate::text::escape);
    builtin_macros::register(&mut tera);
    let builtin = crate::theme::builtin_template(MACROS).filter(|_| macros == Macros::Builtin);
    let substituted = theme.templates.get(MACROS).zip(builtin).map(|(m, b)| builtin_macros::substitute(m, b));
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, s)| match &substituted {
            Some(m) if n == MACROS => (n.as_str(), m.as_str()),
            _ => (n.as_str(), s.as_str()),
        })
        .collect();
    // Pages framed in Rust while the theme keeps the frame as built in (see `frame`): each
    // page template's content alone, besides the whole.
    let framed = macros == Macros::Builtin
        && [frame::BASE, frame::SHARE]
            .iter()
            .all(|name| theme.templates.get(*name).map(String::as_str) == crate::theme::builtin_template(name));
    let mut contents = if framed { frame::content_templates(templates.iter().copied()) } else { Vec::new() };
    // List and indicator pages written in Rust while the theme keeps them, and every macro,
    // as built in.
    let builtin = |name: &str| theme.templates.get(name).map(String::as_str) == crate::theme::builtin_template(name);
    for (template, native) in [
        (builtin_macros::list::LIST, builtin_macros::list::NATIVE),
        (builtin_macros::indicator_page::INDICATOR, builtin_macros::indicator_page::NATIVE),
        (builtin_macros::indicator_list::INDICATORS, builtin_macros::indicator_list::NATIVE),
    ] {
        if framed && builtin(template) && builtin(MACROS) {
            contents.push((native.to_string(), String::new()));
        }
    }
    // The embed, which has no frame but includes the link preview's tags.
    let embed = [builtin_macros::embed::EMBED, frame::SHARE, MACROS].iter().all(|name| builtin(name));
    if macros == Macros::Builtin && embed {
        contents.push((builtin_macros::embed::NATIVE.to_string(), String::new()));
    }
    let templates: Vec<(&str, &str)> =
        templates.into_iter().chain(contents.iter().map(|(n, s)| (n.as_str(), s.as_str()))).collect();
    add_templates(&mut tera, &templates).map_err(|e| {
        let each = template_problems(theme);
        if each.is_empty() { vec![template_error("the theme's templates could not be read", &e, theme)] } else { each }
    })?;
    Ok(tera)
}

/// What `Tera::add_raw_templates` does, with the templates parsed on every core: parsing them
/// is a tenth of a small site's build.
fn add_templates(tera: &mut tera::Tera, templates: &[(&str, &str)]) -> tera::Result<()> {
    use rayon::prelude::*;
    let parsed: Vec<tera::Result<tera::Template>> = templates
        .par_iter()
        .map(|(name, text)| {
            tera::Template::new(name, None, text)
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))
        })
        .collect();
    for (template, (name, _)) in parsed.into_iter().zip(templates) {
        tera.templates.insert(name.to_string(), template?);
    }
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

/// What compiling the theme's templates finds wrong (their syntax, a template one extends that
/// the theme lacks), for a site whose other errors keep it from being rendered.
pub fn template_errors(theme: &Theme) -> Vec<Diagnostic> {
    tera(theme, Macros::default()).err().unwrap_or_default()
}

/// What is wrong with each of the theme's templates on its own: its syntax, or a template it
/// extends or imports that the theme does not have. Tera stops at the first problem it meets,
/// in no set order; this names every one, in the order of the templates' names.
fn template_problems(theme: &Theme) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, text) in &theme.templates {
        let file = theme.template_file(name);
        let template = match tera::Template::new(name, None, text) {
            Ok(t) => t,
            Err(e) => {
                let at = theme.site_template_ids.get(name).zip(syntax_error_at(&e, text));
                problems.push(match at {
                    Some((&file_id, (range, reason))) => Diagnostic::error(
                        &crate::diagnostic::Span { file: file_id, range },
                        format!("this template's syntax is wrong: {reason}"),
                    )
                    .with_help("templates are written in Tera's syntax (keats.github.io/tera)"),
                    None => Diagnostic::site_error(format!("the template {file} could not be read: {e}")).with_help(
                        "the line and column are after `-->`; templates are written in Tera's syntax (keats.github.io/tera)",
                    ),
                });
                continue;
            }
        };
        let needed = template
            .parent
            .iter()
            .map(|p| ("extends", p))
            .chain(template.imported_macro_files.iter().map(|(f, _)| ("imports", f)));
        for (how, other) in needed {
            if !theme.templates.contains_key(other) {
                problems.push(
                    Diagnostic::site_error(format!("the template {file} {how} `{other}`, which the theme does not have"))
                        .with_help(format!(
                            "a template may extend or import the built-in theme's templates ({}) and those in the site's theme folder",
                            crate::theme::builtin_template_names().join(", ")
                        )),
                );
            }
        }
    }
    problems
}

/// Where in `text` Tera's parser stopped, as a byte range, and what it expected there: read
/// from its message (` --> 2:29` … `= expected an identifier`), whose column counts characters.
fn syntax_error_at(e: &tera::Error, text: &str) -> Option<(std::ops::Range<usize>, String)> {
    let message = chain(e).join("\n");
    let place = message.split("--> ").nth(1)?.split_whitespace().next()?;
    let (line, column) = place.split_once(':')?;
    let (line, column): (usize, usize) = (line.parse().ok()?, column.parse().ok()?);
    let start = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum::<usize>();
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let offset = start + line_text.char_indices().nth(column.checked_sub(1)?).map_or(line_text.len(), |(i, _)| i);
    let width = text[offset..].chars().next().map_or(0, char::len_utf8);
    let reason = message.lines().find_map(|l| l.trim().strip_prefix("= ")).unwrap_or("not a template").to_string();
    Some((offset..offset + width, reason))
}

/// Tera's error and each error it was caused by, outermost first.
fn chain(e: &tera::Error) -> Vec<String> {
    let mut chain = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        chain.push(err.to_string());
        cur = err.source();
    }
    chain
}

pub(super) fn template_error(what: &str, e: &tera::Error, theme: &Theme) -> Diagnostic {
    let message = chain(e).join(": ");
    // Tera names templates in quotes ('list.html'); the innermost one named is where to look.
    let named = message.split('\'').skip(1).step_by(2).filter(|n| theme.templates.contains_key(*n)).last();
    let help = match named {
        Some(name) => template_help(name, theme),
        None => "check the template named in the message, under themes/<theme>/templates/".to_string(),
    };
    Diagnostic::site_error(format!("{what}: {message}")).with_help(help)
}

/// Where to look for what went wrong in the template `name`.
fn template_help(name: &str, theme: &Theme) -> String {
    if theme.site_templates.contains_key(name) {
        format!("the template is {}", theme.template_file(name))
    } else {
        format!(
            "{name} is the built-in default theme's; a template of the site's theme (themes/<theme>/templates/) \
             that it uses, or that extends or imports it, gives it what it reads"
        )
    }
}
