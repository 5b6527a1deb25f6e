//! The default site against its five source documents, driven by one file of expectations per
//! plan in tests/expected/transcription/: counts taken from the documents and rows copied from
//! them field by field. Generic rules hold for every task: it says where in the document it is,
//! and every unit its text names as a partner is one of its units.

use std::collections::BTreeSet;
use std::path::Path;

use minhbach::build;
use minhbach::model::{Site, Task};
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    document: String,
    plan: String,
    tasks: usize,
    sections: usize,
    indicators: usize,
    targets: usize,
    #[serde(default)]
    task: Vec<ExpectedTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedTask {
    id: String,
    title: String,
    lead: Vec<String>,
    #[serde(default)]
    support: Vec<String>,
    due: Option<String>,
    source_ref: String,
    output: Option<String>,
    leader: Option<String>,
    indicators: Option<Vec<String>>,
    due_text: Option<String>,
    numbered: Option<bool>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn site() -> Site {
    let checked = build::check(root(), None);
    assert_eq!(checked.errors(), 0, "{}", checked.render_diagnostics());
    checked.site
}

fn expectations() -> Vec<(String, Expected)> {
    let dir = root().join("tests/expected/transcription");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let e: Expected = toml::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
            (name, e)
        })
        .collect()
}

fn ids(list: &[minhbach::model::Located<String>]) -> Vec<String> {
    list.iter().map(|l| l.value.clone()).collect()
}

#[test]
fn every_document_has_its_expectations_and_every_plan_its_document() {
    let site = site();
    let expected = expectations();
    let plans: BTreeSet<&str> = site.plans.iter().map(|p| p.id.as_str()).collect();
    let covered: BTreeSet<&str> = expected.iter().map(|(_, e)| e.plan.as_str()).collect();
    assert_eq!(plans, covered, "each plan of the default site has one expectations file");
    let documents: BTreeSet<&str> = expected.iter().map(|(_, e)| e.document.as_str()).collect();
    assert_eq!(documents.len(), 5, "the five source documents");
}

#[test]
fn counts_per_document() {
    let site = site();
    for (name, e) in expectations() {
        let plan = site.plans.iter().find(|p| p.id == e.plan).unwrap_or_else(|| panic!("{name}: plan {}", e.plan));
        assert_eq!(plan.tasks.len(), e.tasks, "{name}: tasks");
        assert_eq!(plan.sections.len(), e.sections, "{name}: sections");
        let of_plan = |t: &minhbach::model::Target| t.plan.as_ref().is_some_and(|p| p.value == e.plan);
        let indicators = site.indicators.iter().filter(|i| i.targets.iter().any(of_plan)).count();
        assert_eq!(indicators, e.indicators, "{name}: indicators with a target of this plan");
        let targets: usize = site.indicators.iter().map(|i| i.targets.iter().filter(|t| of_plan(t)).count()).sum();
        assert_eq!(targets, e.targets, "{name}: targets of this plan");
    }
}

#[test]
fn spot_checked_rows_match_the_documents_field_by_field() {
    let site = site();
    for (name, e) in expectations() {
        let plan = site.plans.iter().find(|p| p.id == e.plan).unwrap();
        assert!(e.task.len() >= 8, "{name}: at least eight rows are spot-checked");
        for x in &e.task {
            let t = plan.tasks.iter().find(|t| t.id == x.id).unwrap_or_else(|| panic!("{name}: task {}", x.id));
            let at = format!("{name}: task {}", x.id);
            assert_eq!(t.title, x.title.nfc().collect::<String>(), "{at}: title");
            assert_eq!(ids(&t.lead), x.lead, "{at}: lead");
            assert_eq!(ids(&t.support), x.support, "{at}: support");
            // `due` as written, or the wording when the document gives no date.
            let written = t.due.as_ref().map(|d| d.written.clone()).or(t.due_text.clone());
            assert_eq!(written, x.due, "{at}: deadline as written");
            if let Some(due_text) = &x.due_text {
                assert_eq!(t.due_text.as_ref(), Some(due_text), "{at}: due_text");
            }
            if let Some(numbered) = x.numbered {
                assert_eq!(t.numbered, numbered, "{at}: numbered");
            }
            assert_eq!(t.source_ref.as_deref(), Some(x.source_ref.as_str()), "{at}: source_ref");
            if let Some(output) = &x.output {
                assert_eq!(t.output.as_deref(), Some(output.as_str()), "{at}: output");
            }
            if let Some(indicators) = &x.indicators {
                assert_eq!(&ids(&t.indicators), indicators, "{at}: indicators");
            }
            if let Some(leader) = &x.leader {
                assert_eq!(t.leader.as_deref(), Some(leader.as_str()), "{at}: leader");
            }
        }
    }
}

#[test]
fn every_task_says_where_in_its_document_it_is() {
    let site = site();
    for p in &site.plans {
        for t in &p.tasks {
            assert!(t.source_ref.as_deref().is_some_and(|s| !s.is_empty()), "{}/{} has no source_ref", p.id, t.id);
        }
    }
}

#[test]
fn every_plan_has_a_label_of_its_own() {
    let site = site();
    let mut seen = BTreeSet::new();
    for p in &site.plans {
        let label = p.label.as_deref().unwrap_or_else(|| panic!("plan {} has no label", p.id));
        assert!(seen.insert(label), "two plans share the label {label:?}");
        assert!(p.label_en.is_some(), "plan {} has no English label", p.id);
    }
}

/// Lower case without diacritics, for finding names in running text whatever their spelling
/// ("Uỷ" and "Ủy" are the same word in two conventions).
fn fold(s: &str) -> String {
    deunicode::deunicode(&s.nfc().collect::<String>()).to_lowercase()
}

/// The units whose name or alias appears in `text`, longest names first and without overlaps,
/// so "Văn phòng Thành ủy" is not also read as "Thành ủy".
fn units_named(site: &Site, text: &str) -> BTreeSet<String> {
    let text = fold(text);
    let mut names: Vec<(String, &str)> = site
        .units
        .iter()
        .flat_map(|u| {
            std::iter::once(&u.name).chain(u.aliases.iter().map(|a| &a.value)).map(move |n| (fold(n), u.id.as_str()))
        })
        .filter(|(n, _)| n.chars().count() >= 6)
        .collect();
    names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
    let mut taken = vec![false; text.len()];
    let mut found = BTreeSet::new();
    for (name, id) in names {
        let mut from = 0;
        while let Some(pos) = text[from..].find(&name) {
            let (start, end) = (from + pos, from + pos + name.len());
            let whole_word = !text[end..].chars().next().is_some_and(char::is_alphanumeric)
                && !text[..start].chars().next_back().is_some_and(char::is_alphanumeric);
            if whole_word && !taken[start..end].iter().any(|t| *t) {
                taken[start..end].iter_mut().for_each(|t| *t = true);
                found.insert(id.to_string());
            }
            from = end;
        }
    }
    found
}

/// Words that end the list of partners after "phối hợp (với)": the action begins there.
const ACTION_WORDS: [&str; 22] = [
    " chuan bi",
    " trong ",
    " de ",
    " tham muu",
    " trien khai",
    " to chuc",
    " xay dung",
    " thuc hien",
    " hoan thanh",
    " gui ",
    " theo ",
    " bao cao",
    " tuyen truyen",
    " huong ung",
    " bao dam",
    " ve ",
    " cua ",
    " nham ",
    " lam ",
    " thu hut",
    " hoan thien",
    " dam bao",
];

/// The clauses of a task's text that name partners: from "phối hợp" to where the action or
/// the sentence begins.
fn partner_clauses(t: &Task) -> Vec<String> {
    let mut out = Vec::new();
    for text in [Some(&t.title), t.output.as_ref()].into_iter().flatten() {
        let lower = fold(text);
        let mut from = 0;
        while let Some(pos) = lower[from..].find("phoi hop") {
            let start = from + pos + "phoi hop".len();
            let mut end = lower[start..].find(['.', ';', '\n', '(']).map_or(lower.len(), |e| start + e);
            for word in ACTION_WORDS {
                if let Some(e) = lower[start..end].find(word) {
                    end = end.min(start + e);
                }
            }
            out.push(lower[start..end].to_string());
            from = end;
        }
    }
    out
}

/// A unit and every unit above it: naming a parent body as partner is met by its parts.
fn with_parents(site: &Site, ids: impl Iterator<Item = String>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for mut id in ids {
        while out.insert(id.clone()) {
            match site.units.iter().find(|u| u.id == id).and_then(|u| u.parent.as_ref()) {
                Some(p) => id = p.value.clone(),
                None => break,
            }
        }
    }
    out
}

#[test]
fn every_partner_a_task_names_is_one_of_its_units() {
    let site = site();
    let mut missing = Vec::new();
    for p in &site.plans {
        for t in &p.tasks {
            let units = with_parents(&site, t.lead.iter().chain(&t.support).map(|u| u.value.clone()));
            for clause in partner_clauses(t) {
                for named in units_named(&site, &clause) {
                    if !units.contains(&named) {
                        missing.push(format!("{}/{}: names {named} as partner (\"{clause}\")", p.id, t.id));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "partners missing from lead/support:\n{}", missing.join("\n"));
}

#[test]
fn the_partner_rule_can_fail() {
    let site = site();
    let unit = site.units.iter().find(|u| u.id == "so-tai-chinh").expect("Sở Tài chính is a unit");
    let mut t = site.plans[0].tasks[0].clone();
    t.title = format!("Xây dựng đề án, phối hợp với {}.", unit.name);
    t.output = None;
    let clauses = partner_clauses(&t);
    assert_eq!(clauses.len(), 1);
    assert!(units_named(&site, &clauses[0]).contains("so-tai-chinh"));
}
