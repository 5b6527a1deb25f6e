//! Resolve: every reference in the model is checked and replaced by the canonical id of what
//! it names; duplicates and impossible dates are reported.

pub mod names;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::load::Unread;
use crate::model::{Located, PageKind, Site};
use names::{UnitIndex, unknown};

/// Resolves references in place. After it, every unit, plan, indicator, section and period
/// reference holds a canonical id that exists; unresolvable ones are dropped and reported.
/// Ids are already unique: the loader reports and drops repeats.
pub fn resolve(site: Site) -> (Site, Vec<Diagnostic>) {
    resolve_with(site, &Unread::default())
}

/// Like [`resolve`], knowing which kinds of record had a file that could not be read: a
/// reference to such a kind is not reported as unknown, since the file's own error is the
/// cause (one bad byte in data/units.toml is one error, not one per unit named).
pub fn resolve_with(mut site: Site, unread: &Unread) -> (Site, Vec<Diagnostic>) {
    let mut all = Vec::new();
    let diags = &mut all;
    check_periods(&mut site, unread, diags);
    let units = check_units(&mut site, diags);
    resolve_plans(&mut site, &units, diags);
    resolve_indicators(&mut site, &units, diags);
    resolve_reports(&mut site, diags);
    resolve_pages(&site, unread.config, diags);
    let period_ids: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
    let current = &site.config.current_period;
    if !current.value.is_empty() && !period_ids.contains(&current.value.as_str()) {
        diags.push(unknown(current, "period", &period_ids, "data/periods.toml"));
    }
    // With no period at all, that is the error: not each use of one.
    let no_periods = site.periods.is_empty();
    all.retain(|d| !(follows_from_unread(d, unread) || (no_periods && about_unknown(&d.message, "period"))));
    (site, all)
}

/// Whether a message is about an unknown record of a kind ("unknown unit `…`").
fn about_unknown(m: &str, kind: &str) -> bool {
    m.starts_with(&format!("unknown {kind} ")) || m.contains(&format!("is about unknown {kind} "))
}

/// Whether a diagnostic is an "unknown …" reference into a kind of record whose file could not
/// be read.
fn follows_from_unread(d: &Diagnostic, unread: &Unread) -> bool {
    let m = d.message.as_str();
    let about = |kind: &str| about_unknown(m, kind);
    // The period named as "unknown period `ID`".
    let period = m.split('`').nth(1).unwrap_or_default();
    (unread.units && about("unit"))
        || (unread.period(period) && about("period"))
        || (unread.plans && (about("plan") || about("task")))
        || (unread.indicators && about("indicator"))
}

/// Periods must follow one another without overlapping.
fn check_periods(site: &mut Site, unread: &Unread, diags: &mut Vec<Diagnostic>) {
    // Periods left out for an error in their own record are not missing: that error says why.
    if site.periods.is_empty() && !unread.periods && unread.dropped_periods.is_empty() {
        diags.push(
            Diagnostic::site_error("the site has no reporting periods")
                .with_help("define them in data/periods.toml as [[period]] blocks with id, label, start and end"),
        );
    }
    site.periods.sort_by(|a, b| a.start.cmp(&b.start).then(a.end.cmp(&b.end)));
    for pair in site.periods.windows(2) {
        if pair[1].start <= pair[0].end {
            diags.push(
                Diagnostic::error(&pair[1].span, format!("period `{}` overlaps period `{}`", pair[1].id, pair[0].id))
                    .with_help(format!("a period starts after the previous one ends ({})", pair[0].end)),
            );
        }
    }
}

fn check_units(site: &mut Site, diags: &mut Vec<Diagnostic>) -> UnitIndex {
    let repeats = std::mem::take(&mut site.repeats.units);
    let index = UnitIndex::build(&site.units, diags).with_repeats(&repeats, &site.units, diags);
    // What a repeat names as its parent is checked too, and the repeat dropped.
    for parent in repeats.iter().filter_map(|u| u.parent.as_ref()) {
        index.resolve(parent, diags);
    }
    for unit in &mut site.units {
        if let Some(parent) = &mut unit.parent {
            match index.resolve(parent, diags) {
                Some(id) if id == unit.id => {
                    diags.push(Diagnostic::error(&parent.span, "a unit cannot be its own parent").with_help(
                        "`parent` names the unit this one belongs to (its id, name or an alias); leave it out for a unit that belongs to none",
                    ));
                    unit.parent = None;
                }
                Some(id) => parent.value = id,
                None => unit.parent = None,
            }
        }
    }
    check_parent_cycles(&mut site.units, diags);
    index
}

/// Parents that lead back to their unit ("X is part of Y", "Y is part of X") describe no
/// structure a reader could follow, and the unit pages would say both; a mistyped `parent` is
/// the likely cause. Reported once per cycle, at the `parent` of its unit listed first.
fn check_parent_cycles(units: &mut [crate::model::Unit], diags: &mut Vec<Diagnostic>) {
    let parent_of: BTreeMap<String, String> =
        units.iter().filter_map(|u| Some((u.id.clone(), u.parent.as_ref()?.value.clone()))).collect();
    let mut in_reported_cycle = BTreeSet::new();
    for unit in units.iter_mut() {
        let Some(chain) = cycle_from(&unit.id, &parent_of) else { continue };
        if in_reported_cycle.contains(&unit.id) {
            continue;
        }
        in_reported_cycle.extend(chain.iter().cloned());
        let shown: Vec<String> = chain.iter().chain([&unit.id]).map(|id| format!("`{id}`")).collect();
        // A unit in a cycle has a parent; the check costs nothing and no input can panic here.
        let Some(parent) = unit.parent.take() else { continue };
        diags.push(
            Diagnostic::error(&parent.span, format!("the units' parents lead back to this one: {}", shown.join(" → ")))
                .with_help("a unit is part of a unit above it: correct or remove one `parent` of the cycle"),
        );
    }
}

/// The units from `id` up its parents, when they lead back to `id`.
fn cycle_from(id: &str, parent_of: &BTreeMap<String, String>) -> Option<Vec<String>> {
    let mut chain = vec![id.to_string()];
    let mut at = parent_of.get(id)?;
    while at != id {
        // A cycle above `id` that does not pass through it is reported from its own units.
        if chain.contains(at) || chain.len() > parent_of.len() {
            return None;
        }
        chain.push(at.clone());
        at = parent_of.get(at)?;
    }
    Some(chain)
}

/// Resolves a list of unit references, dropping unknown and repeated ones.
fn resolve_units(refs: &mut Vec<Located<String>>, units: &UnitIndex, diags: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    refs.retain_mut(|r| match units.resolve(r, diags) {
        Some(id) => {
            r.value = id.clone();
            seen.insert(id)
        }
        None => false,
    });
}

fn resolve_plans(site: &mut Site, units: &UnitIndex, diags: &mut Vec<Diagnostic>) {
    let indicator_ids: Vec<String> = site.indicators.iter().map(|i| i.id.clone()).collect();
    let indicator_refs: Vec<&str> = indicator_ids.iter().map(String::as_str).collect();
    for plan in &mut site.plans {
        let section_ids: Vec<&str> = plan.sections.iter().map(|s| s.id.as_str()).collect();
        for task in &mut plan.tasks {
            resolve_task(task, &plan.id, &section_ids, units, &indicator_refs, diags);
        }
    }
    // What repeats of a plan's or a task's id refer to is checked too, and they are dropped.
    for mut plan in std::mem::take(&mut site.repeats.plans) {
        let section_ids: Vec<&str> = plan.sections.iter().map(|s| s.id.as_str()).collect();
        for task in &mut plan.tasks {
            resolve_task(task, &plan.id, &section_ids, units, &indicator_refs, diags);
        }
    }
    for (plan_id, mut task) in std::mem::take(&mut site.repeats.tasks) {
        let sections = site.plans.iter().find(|p| p.id == plan_id).map(|p| &p.sections);
        let section_ids: Vec<&str> = sections.into_iter().flatten().map(|s| s.id.as_str()).collect();
        resolve_task(&mut task, &plan_id, &section_ids, units, &indicator_refs, diags);
    }
}

/// Resolves a task's section, units and indicators, dropping and reporting unknown ones.
fn resolve_task(
    task: &mut crate::model::Task,
    plan_id: &str,
    section_ids: &[&str],
    units: &UnitIndex,
    indicator_refs: &[&str],
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(section) = &task.section
        && !section_ids.contains(&section.value.as_str())
    {
        let where_defined = format!("[[section]] blocks of plan `{plan_id}`");
        diags.push(unknown(section, "section", section_ids, &where_defined));
        task.section = None;
    }
    resolve_units(&mut task.lead, units, diags);
    resolve_units(&mut task.support, units, diags);
    task.support.retain(|s| !task.lead.iter().any(|l| l.value == s.value));
    task.indicators.retain(|i| {
        let ok = indicator_refs.contains(&i.value.as_str());
        if !ok {
            diags.push(unknown(i, "indicator", indicator_refs, "data/indicators/*.toml"));
        }
        ok
    });
}

/// Finds a plan by id or by its printed code.
fn plan_id(site_plans: &[(String, Option<String>)], r: &str) -> Option<String> {
    let key = crate::text::fold_key(r);
    site_plans
        .iter()
        .find(|(id, code)| *id == r || code.as_deref().is_some_and(|c| crate::text::fold_key(c) == key))
        .map(|(id, _)| id.clone())
}

fn resolve_indicators(site: &mut Site, units: &UnitIndex, diags: &mut Vec<Diagnostic>) {
    let plans: Vec<(String, Option<String>)> = site.plans.iter().map(|p| (p.id.clone(), p.code.clone())).collect();
    let plan_refs: Vec<&str> = plans.iter().map(|(id, _)| id.as_str()).collect();
    let resolve_plan = |r: &mut Located<String>, diags: &mut Vec<Diagnostic>| match plan_id(&plans, &r.value) {
        Some(id) => {
            r.value = id;
            true
        }
        None => {
            diags.push(unknown(r, "plan", &plan_refs, "data/plans/*.toml"));
            false
        }
    };
    // Repeats of an indicator's id are checked as the others are, then dropped.
    let mut repeats = std::mem::take(&mut site.repeats.indicators);
    for ind in site.indicators.iter_mut().chain(repeats.iter_mut()) {
        if let Some(owner) = &mut ind.owner {
            match units.resolve(owner, diags) {
                Some(id) => owner.value = id,
                None => ind.owner = None,
            }
        }
        resolve_units(&mut ind.co_owners, units, diags);
        let owner = ind.owner.as_ref().map(|o| o.value.as_str());
        ind.co_owners.retain(|c| Some(c.value.as_str()) != owner);
        ind.plans.retain_mut(|p| resolve_plan(p, diags));
        for target in &mut ind.targets {
            if let Some(p) = &mut target.plan
                && !resolve_plan(p, diags)
            {
                target.plan = None;
            }
        }
        // A target's plan counts as one of the indicator's plans.
        for target in &ind.targets {
            if let Some(p) = &target.plan
                && !ind.plans.iter().any(|q| q.value == p.value)
            {
                ind.plans.push(p.clone());
            }
        }
        ind.targets.sort_by_key(|t| t.by.end());
        crate::assess::status::end_yearly_targets(&mut ind.targets);
        if let Some(b) = &ind.baseline
            && let Some(first) = ind.targets.first()
            && first.by.end() <= b.at.end()
        {
            diags.push(
                Diagnostic::error(
                    &first.span,
                    format!(
                        "indicator `{}` has a target ({}) no later than its baseline ({})",
                        ind.id,
                        first.by_written,
                        b.at.canonical()
                    ),
                )
                .with_help("targets are set for dates after the baseline"),
            );
        }
    }
}

fn resolve_reports(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let period_ids: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
    let indicators: BTreeMap<&str, Option<crate::model::Scale>> =
        site.indicators.iter().map(|i| (i.id.as_str(), i.scale())).collect();
    let indicator_refs: Vec<&str> = indicators.keys().copied().collect();
    let tasks: BTreeSet<String> =
        site.plans.iter().flat_map(|p| p.tasks.iter().map(move |t| format!("{}/{}", p.id, t.id))).collect();
    let task_refs: Vec<&str> = tasks.iter().map(String::as_str).collect();
    let order: BTreeMap<&str, usize> = period_ids.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    site.reports.retain(|r| {
        let known = period_ids.contains(&r.period.value.as_str());
        if !known {
            diags.push(unknown(&r.period, "period", &period_ids, "data/periods.toml"));
        }
        known
    });
    for report in &mut site.reports {
        let Some(period) = site.periods.iter().find(|p| p.id == report.period.value) else {
            continue;
        };
        report.values.retain(|v| {
            let Some(&scale) = indicators.get(v.indicator.value.as_str()) else {
                diags.push(unknown(&v.indicator, "indicator", &indicator_refs, "data/indicators/*.toml"));
                return false;
            };
            if v.value.is_nan() {
                return true; // unreadable, already reported by the loader
            }
            let as_of = v.as_of.unwrap_or(period.end);
            if as_of > period.end {
                diags.push(
                    Diagnostic::error(
                        v.as_of_span.as_ref().unwrap_or(&v.span),
                        format!(
                            "a value as of {as_of} is reported for period `{}`, which ends {}",
                            period.id, period.end
                        ),
                    )
                    .with_help("report it in the period it belongs to, or correct `as_of`"),
                );
                return false;
            }
            if let Some(scale) = scale.filter(|s| !s.holds(v.value)) {
                let (message, help) = scale.outside(v.value);
                diags.push(
                    Diagnostic::error(&v.span, message).with_help(format!("indicator `{}`: {help}", v.indicator.value)),
                );
                return false;
            }
            true
        });
        report.tasks.retain(|t| {
            if !tasks.contains(&t.task.value) {
                let mut d = unknown(&t.task, "task", &task_refs, "data/plans/*.toml");
                if !t.task.value.contains('/') {
                    d.message.push_str(": a task is written `<plan id>/<task id>`");
                }
                diags.push(d);
                return false;
            }
            true
        });
        if let Some(reported) = report.reported
            && reported < period.start
        {
            diags.push(
                Diagnostic::error(
                    &report.period.span,
                    format!(
                        "the report for `{}` is dated {reported}, before the period starts ({})",
                        period.id, period.start
                    ),
                )
                .with_help(format!(
                    "`reported` is the day the report was received, on or after {}: check its year, or whether the file is the right period's",
                    period.start
                )),
            );
        }
    }
    site.reports.sort_by_key(|r| order.get(r.period.value.as_str()).copied().unwrap_or(usize::MAX));
}

/// Pages whose file names differ only in accents, capitals or punctuation (`giới-thiệu.md`,
/// `Gioi-Thieu.md`) get one address: each is an error naming its file, or all but one would
/// silently vanish from the site.
fn same_address(pages: &[crate::model::Page], diags: &mut Vec<Diagnostic>) {
    let mut by_address: std::collections::BTreeMap<String, Vec<&crate::model::Page>> = Default::default();
    for page in pages {
        let address = match &page.kind {
            PageKind::Free { slug } => format!("{}/", crate::text::slugify(slug)),
            PageKind::Update { period, slug } => format!("updates/{period}/{}/", crate::text::slugify(slug)),
            _ => continue,
        };
        by_address.entry(format!("{}\0{address}", page.lang)).or_default().push(page);
    }
    for (key, group) in by_address.into_iter().filter(|(_, g)| g.len() > 1) {
        let address = key.split('\0').nth(1).unwrap_or_default();
        for page in &group {
            diags.push(
                Diagnostic::file_error(
                    page.file,
                    format!("{} pages would be published at the same address `{address}`, this one among them", group.len()),
                )
                .with_help("file names that differ only in accents, capitals or punctuation give one address; rename or merge the pages"),
            );
        }
    }
}

/// A page written in a language the site does not build. A free page or a post has a page of
/// its own only in the languages it is written in: it would be published nowhere, and lists
/// and menus would link to it in a folder that is never built. Home and commentary texts in
/// Vietnamese stand in for missing translations; in English, on a site without English, they
/// are shown nowhere.
fn unbuilt_language(site: &Site, page: &crate::model::Page) -> Option<Diagnostic> {
    let languages = &site.config.languages;
    if languages.contains(&page.lang) {
        return None;
    }
    let name = |code: &str| {
        match code {
            "vi" => "Vietnamese",
            "en" => "English",
            other => other,
        }
        .to_string()
    };
    let listed = crate::text::toml_items(languages);
    let written = name(&page.lang);
    let own_page = matches!(page.kind, PageKind::Free { .. } | PageKind::Update { .. });
    // A Vietnamese text stands in for its missing translation; beside one, it is shown nowhere.
    let translated = site.pages.iter().any(|p| p.kind == page.kind && languages.contains(&p.lang));
    if !own_page && page.lang == "vi" && !translated {
        return None;
    }
    // Quoted only when written: a keeper who wrote no `languages` line would look for it in vain.
    let built = if site.config.languages_listed {
        format!("`languages = [{listed}]` in site.toml")
    } else {
        format!("site.toml lists no `languages`, so only `language`, \"{}\", is built", site.config.language)
    };
    let message = format!(
        "this page is in {written}{}, a language the site does not build ({built})",
        if page.lang == "vi" { " (its name has no `.en` before `.md`)" } else { "" },
    );
    let help = if translated && !own_page {
        format!("its translation is shown instead: remove this file, or add \"{}\" to `languages`", page.lang)
    } else if page.lang == "vi" {
        "if it is written in English, name it with `.en.md`; otherwise add \"vi\" to `languages`".to_string()
    } else {
        format!("add \"{}\" to `languages` in site.toml, or remove the file", page.lang)
    };
    let mut d = Diagnostic::file_error(page.file, message).with_help(help);
    if !own_page {
        d.severity = crate::diagnostic::Severity::Warning;
        d.message.push_str(": it is shown nowhere");
    }
    Some(d)
}

/// A post dated before its period began, or more than a quarter after it ended, is most
/// likely a typing mistake in its year or a file in the wrong period's folder: it would be
/// listed under that period with that date.
fn misdated_post(site: &Site, page: &crate::model::Page) -> Option<Diagnostic> {
    let PageKind::Update { period, .. } = &page.kind else { return None };
    let (date, period) = (page.date?, site.periods.iter().find(|p| &p.id == period)?);
    let late = period.end + chrono::Duration::days(92);
    let (when, bound) = if date < period.start {
        ("before its period starts", period.start)
    } else if date > late {
        ("more than three months after its period ended", period.end)
    } else {
        return None;
    };
    let d =
        Diagnostic::warning(&page.span, format!("this post about `{}` is dated {date}, {when} ({bound})", period.id))
            .with_help("check the year in `date`, or move the file to the folder of the period it reports on");
    Some(d)
}

fn resolve_pages(site: &Site, config_unread: bool, diags: &mut Vec<Diagnostic>) {
    // Which languages the site builds is not known while site.toml cannot be read, or while
    // one of the languages it names is refused: its pages are not judged by a guess.
    if !config_unread && !site.config.languages_refused {
        diags.extend(site.pages.iter().filter_map(|page| unbuilt_language(site, page)));
    }
    diags.extend(site.pages.iter().filter_map(|page| misdated_post(site, page)));
    let plan_ids: Vec<&str> = site.plans.iter().map(|p| p.id.as_str()).collect();
    let indicator_ids: Vec<&str> = site.indicators.iter().map(|i| i.id.as_str()).collect();
    let period_ids: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
    same_address(&site.pages, diags);
    for page in &site.pages {
        if let PageKind::Free { slug } = &page.kind {
            let s = crate::text::slugify(slug);
            if s.is_empty() || crate::render::pages::RESERVED.contains(&s.as_str()) {
                diags.push(
                    Diagnostic::file_error(
                        page.file,
                        format!("a page cannot be named `{slug}`: that address belongs to the site's own pages"),
                    )
                    .with_help(format!("rename the file; taken names: {}", crate::render::pages::RESERVED.join(", "))),
                );
            }
        }
        let (id, kind, known, where_defined) = match &page.kind {
            PageKind::PlanCommentary { plan } => (plan, "plan", &plan_ids, "data/plans/*.toml"),
            PageKind::IndicatorCommentary { indicator } => {
                (indicator, "indicator", &indicator_ids, "data/indicators/*.toml")
            }
            PageKind::Update { period, .. } => (period, "period", &period_ids, "data/periods.toml"),
            PageKind::Home | PageKind::Free { .. } => continue,
        };
        if !known.contains(&id.as_str()) {
            let r = Located::new(id.clone(), crate::diagnostic::Span { file: page.file, range: 0..0 });
            let mut d = unknown(&r, kind, known, where_defined);
            d.range = None;
            d.message = format!("{} is about {d_msg}", "this page", d_msg = d.message);
            diags.push(d);
        }
    }
}
