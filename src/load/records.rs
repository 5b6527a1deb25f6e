//! Reading the site-wide data files into the model: `site.toml`, units and periods, and the
//! helpers every record reader shares.

use toml::Spanned;
use toml::de::DeTable;

use super::reader::{Ctx, Table};
use crate::diagnostic::Diagnostic;
use crate::model::*;

/// An id that can appear in a URL and a file name. One that cannot is an error, but its record
/// is kept, so that the references to it resolve: one mistyped id is one error, not one more
/// for every place that names it. (A site with an error is never rendered.)
pub fn read_id(t: &Table, ctx: &mut Ctx, key: &str, example: &str) -> Option<Located<String>> {
    let id = t.req_string(ctx, key, example)?;
    if !valid_id(&id.value) {
        let slug = crate::text::slugify(&id.value);
        let suggestion = if valid_id(&slug) { format!("; did you mean \"{slug}\"?") } else { String::new() };
        // An id that breaks only the length rule is told so: the help's other rules it keeps.
        let length =
            if id.value.len() > MAX_ID { format!(" (this one has {})", id.value.len()) } else { String::new() };
        ctx.diags.push(Diagnostic::error(&id.span, format!("`{}` is not a usable id", id.value)).with_help(format!(
            "ids are used in web addresses: letters a-z, A-Z, digits, `.`, `_` and `-`, not starting with `.`, \
                 at most {MAX_ID} characters{length} (for example \"so-khcn\", \"1.2\", \"2026-Q1\"){suggestion}",
        )));
    }
    Some(id)
}

/// The longest id: it is a folder's name in the output, beside the names of the pages under it.
pub const MAX_ID: usize = 100;

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id.len() <= MAX_ID
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

pub fn site_config(root: &Spanned<DeTable>, ctx: &mut Ctx) -> Option<SiteConfig> {
    let t = Table::new(root, "site.toml");
    t.check_fields(
        ctx,
        &[
            "title",
            "title_en",
            "description",
            "description_en",
            "base_url",
            "language",
            "languages",
            "theme",
            "current_period",
            "page_size",
        ],
    );
    let title = t.req_string(ctx, "title", "\"Minh bạch thực hiện Nghị quyết 57 — Hải Phòng\"");
    let current_period = t.req_string(ctx, "current_period", "\"2026-Q3\"");
    let before = ctx.diags.len();
    let (language, languages) = languages(&t, ctx);
    let languages_refused = ctx.diags.len() > before;
    let base_url = t.opt_located(ctx, "base_url").and_then(|url| match super::links::base_url(&url.value) {
        Ok(normalised) => Some(normalised),
        Err(why) => {
            ctx.diags.push(Diagnostic::error(&url.span, format!("`base_url` is not usable: {why}")).with_help(
                "for example: base_url = \"https://example.gov.vn/nq57/\"; every link inside the site stays relative",
            ));
            None
        }
    });
    let theme = t.opt_located(ctx, "theme").and_then(|name| {
        if crate::theme::valid_name(&name.value) {
            Some(name.value)
        } else {
            ctx.diags.push(
                Diagnostic::error(&name.span, format!("`theme = \"{}\"` is not a theme name", name.value)).with_help(
                    "a theme is a folder under themes/ named with a-z, 0-9, `-` and `_` only \
                     (theme = \"default\" or theme = \"hai-phong\"); paths are not accepted",
                ),
            );
            None
        }
    });
    let config = SiteConfig {
        title: title?.value,
        title_en: t.opt_string(ctx, "title_en"),
        description: t.opt_string(ctx, "description"),
        description_en: t.opt_string(ctx, "description_en"),
        base_url,
        language,
        languages,
        languages_listed: t.get("languages").is_some(),
        languages_refused,
        theme: theme.unwrap_or_else(|| "default".into()),
        current_period: current_period?,
        page_size: page_size(&t, ctx),
        span: ctx.span(t.head()),
    };
    Some(config)
}

/// The default language and the languages built, each one checked where it is written: one
/// the tool has no words for, one listed twice, and a default language left out of an explicit
/// list are errors, not guesses about what was meant.
fn languages(t: &Table, ctx: &mut Ctx) -> (String, Vec<String>) {
    const ACCEPTED: &str = "accepted languages: \"vi\", \"en\" (in small letters)";
    let supported = |ctx: &mut Ctx, lang: &Located<String>| {
        let ok = ["vi", "en"].contains(&lang.value.as_str());
        if !ok {
            ctx.diags.push(
                Diagnostic::error(&lang.span, format!("language `{}` is not supported", lang.value))
                    .with_help(ACCEPTED),
            );
        }
        ok
    };
    let given = t.opt_located(ctx, "language");
    let given = given.filter(|l| supported(ctx, l)).map(|l| l.value);
    let listed = t.strings(ctx, "languages");
    // Without `language`, the first language listed is the default.
    let first = listed.first().map(|l| l.value.clone()).filter(|l| ["vi", "en"].contains(&l.as_str()));
    let language = given.or(first).unwrap_or_else(|| "vi".to_string());
    if listed.is_empty() {
        if let Some(v) = t.get("languages") {
            ctx.error(v.span(), "`languages` lists no language").help =
                Some(format!("list the languages to build, the default first: languages = [\"{language}\"]"));
        }
        return (language.clone(), vec![language]);
    }
    let mut languages: Vec<String> = Vec::new();
    for lang in &listed {
        if !supported(ctx, lang) {
            continue;
        }
        if languages.contains(&lang.value) {
            ctx.diags.push(
                Diagnostic::error(&lang.span, format!("language `{}` is listed twice", lang.value))
                    .with_help("list each language once"),
            );
            continue;
        }
        languages.push(lang.value.clone());
    }
    if !languages.is_empty() && !languages.contains(&language) && t.get("language").is_some() {
        let span = t.get("language").map(|v| v.span()).unwrap_or(t.head());
        ctx.error(span, format!("the default language `{language}` is not among the languages built")).help =
            Some(format!(
                "add it to `languages`, e.g. languages = [\"{language}\", {}]",
                crate::text::toml_items(&languages)
            ));
    }
    if !languages.contains(&language) {
        languages.insert(0, language.clone());
    }
    (language, languages)
}

/// `page_size`: a whole number in [`PAGE_SIZES`], [`PAGE_SIZE_DEFAULT`] when absent.
fn page_size(t: &Table, ctx: &mut Ctx) -> usize {
    let Some(v) = t.get("page_size") else {
        return PAGE_SIZE_DEFAULT;
    };
    let accepted = format!(
        "page_size is how many rows of one list a page shows: a whole number from {} to {} (default {}), \
         for example: page_size = 50",
        PAGE_SIZES.start(),
        PAGE_SIZES.end(),
        PAGE_SIZE_DEFAULT
    );
    let message = match v.get_ref() {
        toml::de::DeValue::Integer(i) => {
            match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .ok()
                .and_then(|n| usize::try_from(n).ok())
            {
                Some(n) if PAGE_SIZES.contains(&n) => return n,
                _ => format!("`page_size = {}` in site.toml is out of range", i.as_str()),
            }
        }
        toml::de::DeValue::String(_) => "`page_size` in site.toml must be a whole number, found text".to_string(),
        _ => "`page_size` in site.toml must be a whole number".to_string(),
    };
    ctx.error(v.span(), message).help = Some(accepted);
    PAGE_SIZE_DEFAULT
}

pub fn units(root: &Spanned<DeTable>, ctx: &mut Ctx) -> Vec<Unit> {
    let t = Table::new(root, "data/units.toml");
    t.check_fields(ctx, &["unit"]);
    let mut out = Vec::new();
    for u in t.tables(ctx, "unit", "a unit") {
        u.check_fields(ctx, &["id", "name", "name_en", "aliases", "parent"]);
        let id = read_id(&u, ctx, "id", "\"so-khcn\"");
        let name = u.req_string(ctx, "name", "\"Sở Khoa học và Công nghệ\"");
        // Messages about the unit as a whole point at its id.
        let span = id.as_ref().map_or_else(|| ctx.span(u.head()), |i| i.span.clone());
        let name_en = u.opt_located(ctx, "name_en");
        let unit = Unit {
            id: id.map(|i| i.value).unwrap_or_default(),
            name_span: name.as_ref().map_or_else(|| span.clone(), |n| n.span.clone()),
            name: name.map(|n| n.value).unwrap_or_default(),
            name_en_span: name_en.as_ref().map(|n| n.span.clone()),
            name_en: name_en.map(|n| n.value),
            aliases: u.strings(ctx, "aliases"),
            parent: u.opt_located(ctx, "parent"),
            span,
        };
        if !unit.id.is_empty() && !unit.name.is_empty() {
            out.push(unit);
        }
    }
    out
}

/// The periods of `data/periods.toml`, and the ids of those left out for an error in their own
/// record (a date no calendar has, a missing label): references to them follow from that error.
pub fn periods(root: &Spanned<DeTable>, ctx: &mut Ctx) -> (Vec<Period>, Vec<String>) {
    let t = Table::new(root, "data/periods.toml");
    t.check_fields(ctx, &["period"]);
    let mut out = Vec::new();
    let mut dropped = Vec::new();
    for p in t.tables(ctx, "period", "a period") {
        p.check_fields(ctx, &["id", "label", "label_en", "start", "end"]);
        let id = read_id(&p, ctx, "id", "\"2026-Q1\"");
        let label = p.req_string(ctx, "label", "\"Quý I/2026\"");
        let start = p.req_date(ctx, "start", "2026-01-01");
        let end = p.req_date(ctx, "end", "2026-03-31");
        let label_en = p.opt_string(ctx, "label_en");
        let (Some(id), Some(label), Some(start), Some(end)) = (id.clone(), label, start, end) else {
            // Left out with no id of its own, it is still a period the file meant to have.
            dropped.push(id.map_or_else(String::new, |id| id.value));
            continue;
        };
        if end.value < start.value {
            ctx.diags.push(
                Diagnostic::error(&end.span, format!("period `{}` ends before it starts", id.value))
                    .with_help(format!("`end` must be on or after `start` ({})", start.value)),
            );
            dropped.push(id.value);
            continue;
        }
        out.push(Period {
            id: id.value,
            label: label.value,
            label_en,
            start: start.value,
            end: end.value,
            span: id.span,
        });
    }
    (out, dropped)
}

pub fn non_negative(ctx: &mut Ctx, n: Located<f64>, key: &str) -> Option<f64> {
    if n.value < 0.0 {
        ctx.diags.push(
            Diagnostic::error(&n.span, format!("`{key}` cannot be negative"))
                .with_help(format!("an amount in VND is 0 or more, for example: {key} = 1_500_000_000")),
        );
        None
    } else {
        super::reader::within(ctx, n, &format!("`{key}`"), super::reader::MAX_AMOUNT).map(|n| n.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_url_safe() {
        assert!(valid_id("so-khcn") && valid_id("1.2") && valid_id("2026-Q1"));
        assert!(!valid_id("sở") && !valid_id("a/b") && !valid_id(".x") && !valid_id("a b"));
    }
}
