//! Ids that must be unique, checked once everything is read: each repeat is reported at the
//! repeated id with the place of the first, and dropped so that later stages see one record
//! per id (and no second wave of messages about the same mistake).

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Sources, Span};
use crate::model::Site;

/// Keeps the items whose key was not seen before; reports each repeat at its own span,
/// naming where the first one is, and returns the repeats. Items without a key are kept and
/// not compared.
fn retain_first<T>(
    items: &mut Vec<T>,
    key_span: impl Fn(&T) -> Option<(String, Span)>,
    message: impl Fn(&str) -> String,
    help: &str,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<T> {
    // Key → the span of its first item and its spelling. Hashed: a national site checks tens
    // of thousands. Ids become folder names, and many hosts (and every copy on Windows or
    // macOS) do not tell `Page` from `page`: capitals do not make an id another.
    let mut first: HashMap<String, (Span, String)> = HashMap::with_capacity(items.len());
    // Which items to keep, found first: most sites repeat nothing, and then no item is moved
    // (a national site's reports hold a hundred and fifty thousand).
    let kept: Vec<bool> = items
        .iter()
        .map(|item| {
            let Some((key, span)) = key_span(item) else { return true };
            let lower = key.to_ascii_lowercase();
            match first.get(&lower) {
                Some((earlier, spelled)) => {
                    let mut said = message(&key);
                    if *spelled != key {
                        said.push_str(&format!(
                            " (as `{spelled}`: web addresses on many hosts do not tell capitals apart)"
                        ));
                    }
                    diags.push(
                        Diagnostic::error(&span, said)
                            .with_help(format!("the first is at {}; {help}", place(earlier, &span, sources))),
                    );
                    false
                }
                None => {
                    first.insert(lower, (span, key));
                    true
                }
            }
        })
        .collect();
    if kept.iter().all(|k| *k) {
        return Vec::new();
    }
    let mut kept = kept.into_iter();
    items.extract_if(.., |_| !kept.next().unwrap_or(true)).collect()
}

/// `line 12` in the same file, `data/plans/a.toml:12` in another.
fn place(earlier: &Span, here: &Span, sources: &Sources) -> String {
    let (line, _) = sources.line_col(earlier.file, earlier.range.start);
    if earlier.file == here.file { format!("line {line}") } else { format!("{}:{line}", sources.path(earlier.file)) }
}

/// Reports and drops every repeated id of the site.
pub fn drop_duplicates(site: &mut Site, sources: &Sources, diags: &mut Vec<Diagnostic>) {
    let rename = |kind: &str| format!("each {kind} needs its own id: rename or remove one of them");
    site.repeats.units = retain_first(
        &mut site.units,
        |u| Some((u.id.clone(), u.span.clone())),
        |id| format!("unit id `{id}` is used twice"),
        &rename("unit"),
        sources,
        diags,
    );
    retain_first(
        &mut site.periods,
        |p| Some((p.id.clone(), p.span.clone())),
        |id| format!("period id `{id}` is used twice"),
        &rename("period"),
        sources,
        diags,
    );
    site.repeats.plans = retain_first(
        &mut site.plans,
        |p| Some((p.id.clone(), p.span.clone())),
        |id| format!("plan id `{id}` is used twice"),
        &rename("plan"),
        sources,
        diags,
    );
    site.repeats.indicators = retain_first(
        &mut site.indicators,
        |i| Some((i.id.clone(), i.span.clone())),
        |id| format!("indicator id `{id}` is used twice"),
        &rename("indicator"),
        sources,
        diags,
    );
    for plan in &mut site.plans {
        retain_first(
            &mut plan.sections,
            |s| Some((s.id.clone(), s.span.clone())),
            |id| format!("section id `{id}` is used twice in this plan"),
            &rename("section"),
            sources,
            diags,
        );
        let tasks = retain_first(
            &mut plan.tasks,
            |t| Some((t.id.clone(), t.span.clone())),
            |id| format!("task id `{id}` is used twice in this plan"),
            &rename("task"),
            sources,
            diags,
        );
        site.repeats.tasks.extend(tasks.into_iter().map(|t| (plan.id.clone(), t)));
    }
    for report in &mut site.reports {
        retain_first(
            &mut report.tasks,
            |t| Some((t.task.value.clone(), t.task.span.clone())),
            |id| format!("task `{id}` is reported twice in this file"),
            "keep one report per task and period",
            sources,
            diags,
        );
        // A value without `as_of` stands for the period's end: the same date as one written out.
        let end = site.periods.iter().find(|p| p.id == report.period.value).map(|p| p.end);
        retain_first(
            &mut report.values,
            |v| {
                // A value that could not be read (kept as NaN) was reported already.
                if v.value.is_nan() {
                    return None;
                }
                let date = v.as_of.or(end).map_or_else(|| "the period's end".to_string(), |d| d.to_string());
                Some((format!("{}\u{0}{date}", v.indicator.value), v.indicator.span.clone()))
            },
            |key| {
                let (indicator, date) = key.split_once('\u{0}').unwrap_or((key, ""));
                format!("indicator `{indicator}` is reported twice for {date} in this file")
            },
            "keep one value per indicator and date; a correction of an earlier period's figure goes in the \
             current period's file with `as_of`",
            sources,
            diags,
        );
    }
    // Two files for one period: the first (in path order) is kept.
    retain_first(
        &mut site.reports,
        |r| Some((r.period.value.clone(), r.period.span.clone())),
        |id| format!("period `{id}` is reported in two files"),
        "keep one progress file per period, named data/progress/<period>.toml",
        sources,
        diags,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_each_id_is_kept_in_order_and_the_repeats_returned() {
        let mut sources = Sources::default();
        sources.add("data/units.toml".into(), "a\nb\n");
        let mut diags = Vec::new();
        let mut items = vec!["a", "b", "", "A", "c", "b", "", "d"];
        let key = |s: &&str| (!s.is_empty()).then(|| (s.to_string(), Span::default()));
        let repeats = retain_first(&mut items, key, |id| format!("`{id}` twice"), "rename", &sources, &mut diags);
        assert_eq!(items, ["a", "b", "", "c", "", "d"], "items without an id are kept");
        assert_eq!(repeats, ["A", "b"]);
        let said: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(said.len(), 2);
        assert!(said[0].starts_with("`A` twice (as `a`"), "{said:?}");
        assert_eq!(said[1], "`b` twice");
        // Nothing repeated: nothing moved, nothing said.
        let mut once = vec!["x", "y"];
        assert!(retain_first(&mut once, key, |id| id.to_string(), "", &sources, &mut diags).is_empty());
        assert_eq!(once, ["x", "y"]);
        assert_eq!(diags.len(), 2);
    }
}
