//! What can be found: one record per page a citizen may look for (indicator, plan, unit,
//! period, update, text page) and one per task (a task lives at its anchor on its plan's page),
//! each with the texts of the page in its language, weighed by where they appear.

use std::sync::Arc;

use serde_json::Value;

use super::super::context::{Lang, status_json, task_status_json};
use super::super::pages;
use super::super::views::{self, Index};
use super::super::{format, markdown};
use crate::model::PageKind;

/// Kinds of result, in the order records are numbered (and filters are shown).
pub const KINDS: &[&str] = &["indicator", "task", "plan", "unit", "period", "update", "page"];

/// Where a word appears, which sets how much a match counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The record's name.
    Title,
    /// Codes and aliases: what people copy from documents (`12-KH/TU`, `Sở KH&CN`).
    Key,
    /// The address's id, mostly the name again without diacritics.
    Id,
    /// Names of the units that lead or support, or issued.
    Units,
    /// Context shown with the result: plan, status, period, parent unit.
    Meta,
    /// The text of the page.
    Body,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Index into [`KINDS`].
    pub kind: usize,
    /// Output path, with a fragment for tasks.
    pub url: String,
    pub title: String,
    /// For indicators and tasks: `{key, label, icon}`.
    pub status: Option<Value>,
    /// One line of context under the title.
    pub meta: String,
    /// The text the excerpt is cut from.
    pub body: String,
    /// Every text to index, with where it appears.
    pub fields: Vec<(Field, String)>,
    /// The language the page is written in, when it is not the search page's: a post or free
    /// page that has no translation is found in every language, and leads to its one page.
    pub lang: Option<String>,
    /// The language of the title when it is not the search page's: a name the documents give
    /// only in Vietnamese, shown on another language's page.
    pub title_lang: Option<&'static str>,
    /// The language of the text the excerpt is cut from, when the documents give it only in
    /// Vietnamese (a task's output and notes) and the search page is in another language.
    pub body_lang: Option<&'static str>,
}

impl Record {
    fn new(kind: &str, url: String, title: &str) -> Self {
        let kind = KINDS.iter().position(|k| *k == kind).expect("a known kind");
        let fields = vec![(Field::Title, title.to_string())];
        Record {
            kind,
            url,
            title: title.to_string(),
            status: None,
            meta: String::new(),
            body: String::new(),
            fields,
            lang: None,
            title_lang: None,
            body_lang: None,
        }
    }

    /// A record named as [`Lang::pick_lang`] picks it, its language kept.
    fn named(kind: &str, url: String, (title, lang): (&str, Option<&'static str>)) -> Self {
        let mut r = Record::new(kind, url, title);
        r.title_lang = lang;
        r
    }

    fn add(&mut self, field: Field, text: &str) {
        if !text.trim().is_empty() {
            self.fields.push((field, text.to_string()));
        }
    }

    fn body(&mut self, text: String) {
        self.add(Field::Body, &text);
        self.body = text;
    }
}

fn md_text(body: &str) -> String {
    markdown::to_text(body)
}

/// Every record of the site in `lang`, in the order of [`KINDS`]. `pages` are the language's
/// pages (path and title): list and text pages are indexed only when they exist.
pub fn records(lang: &Lang, ix: &Index, pages: &[(String, String)]) -> Vec<Arc<Record>> {
    let mut out: Vec<Arc<Record>> = of_data(lang, ix).into_iter().map(Arc::new).collect();
    out.extend(of_pages(lang, ix, pages, None));
    out
}

/// The records of indicators, tasks, plans, units and periods, in the order of [`KINDS`]: made
/// from the site's data, its commentary and the assessment, never from the text of posts.
pub fn of_data(lang: &Lang, ix: &Index) -> Vec<Record> {
    let site = ix.site;
    let a = ix.assessment;
    let unit_name =
        |id: &str| ix.units.get(id).map_or(id.to_string(), |u| lang.pick(&u.name, u.name_en.as_deref()).into());
    // Named as the lists name them; the printed number stays searchable beside the label.
    let plan_label = |id: &str| ix.plans.get(id).map_or(id.to_string(), |p| views::plan_label(lang, p).to_string());
    let plan_code = |id: &str| ix.plans.get(id).and_then(|p| p.code.clone()).unwrap_or_default();
    let commentary = |kind: PageKind| ix.content(&kind, lang.code).map(|p| md_text(&p.body));
    let mut out = Vec::new();

    for (ind, ia) in site.indicators.iter().zip(&a.indicators) {
        let mut r = Record::named(
            "indicator",
            lang.path(&format!("indicators/{}/index.html", ind.id)),
            lang.pick_lang(&ind.name, ind.name_en.as_deref()),
        );
        let status = status_json(lang, ia.status);
        r.add(Field::Id, &ind.id);
        original(&mut r, lang, &ind.name, ind.name_en.as_deref());
        let owners: Vec<String> = ind.owners().map(|o| unit_name(&o.value)).collect();
        for o in &owners {
            r.add(Field::Units, o);
        }
        // The people the document assigns it to, as a task's leader is found.
        r.add(Field::Units, ind.leader.as_deref().unwrap_or(""));
        r.add(Field::Units, ind.in_charge.as_deref().unwrap_or(""));
        let plans: Vec<String> = ind.plans.iter().map(|p| plan_label(&p.value)).collect();
        r.add(Field::Meta, &plans.join(" "));
        r.add(Field::Meta, &ind.plans.iter().map(|p| plan_code(&p.value)).collect::<Vec<_>>().join(" "));
        r.add(Field::Meta, status["label"].as_str().unwrap_or(""));
        r.meta = owners.into_iter().chain(plans).collect::<Vec<_>>().join(" · ");
        r.status = Some(status);
        let description = crate::render::views::indicator_description(lang, ind).map(|(d, _)| d);
        let mut body = description.map(md_text).unwrap_or_default();
        if let Some(c) = commentary(PageKind::IndicatorCommentary { indicator: ind.id.clone() }) {
            body = format!("{body} {c}").trim().to_string();
        }
        r.body(body);
        out.push(r);
    }

    for (plan, task, ta) in &ix.tasks {
        let url = format!("{}#t-{}", lang.path(&format!("plans/{}/index.html", plan.id)), task.id);
        let mut r = Record::named("task", url, lang.pick_lang(&task.title, task.title_en.as_deref()));
        let label = plan_label(&plan.id);
        r.add(Field::Key, &task.id);
        r.add(Field::Meta, &label);
        r.add(Field::Meta, &plan_code(&plan.id));
        let lead: Vec<String> = task.lead.iter().map(|u| unit_name(&u.value)).collect();
        let support: Vec<String> = task.support.iter().map(|u| unit_name(&u.value)).collect();
        r.add(Field::Units, &lead.join(" "));
        r.add(Field::Units, &support.join(" "));
        r.add(Field::Units, task.leader.as_deref().unwrap_or(""));
        let status = task_status_json(lang, ta.status());
        r.add(Field::Meta, status["label"].as_str().unwrap_or(""));
        r.add(Field::Meta, lang.pick(&plan.title, plan.title_en.as_deref()));
        // A task the document does not number is shown without the site's key for it.
        let named = if task.numbered { format!("{label} · {}", task.id) } else { label };
        r.meta = [named, lead.join(", ")].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
        r.status = Some(status);
        let note = ta.latest.as_ref().and_then(|(_, rep)| rep.note.as_deref()).map(md_text);
        let body: Vec<String> = [task.output.clone(), note, task.note.clone()].into_iter().flatten().collect();
        r.body(body.join(" "));
        r.body_lang = lang.foreign(&r.body);
        out.push(r);
    }

    for plan in &site.plans {
        let mut r = Record::named(
            "plan",
            lang.path(&format!("plans/{}/index.html", plan.id)),
            lang.pick_lang(&plan.title, plan.title_en.as_deref()),
        );
        r.add(Field::Key, plan.code.as_deref().unwrap_or(""));
        // The documents it implements: "57-NQ/TW" finds the plans that carry it out.
        for code in &plan.based_on {
            r.add(Field::Key, code);
        }
        r.add(Field::Id, &plan.id);
        original(&mut r, lang, &plan.title, plan.title_en.as_deref());
        if let Some(label) = &plan.label {
            original(&mut r, lang, label, plan.label_en.as_deref());
        }
        let issuer = plan.issuer.as_deref().map(|i| lang.pick(i, plan.issuer_en.as_deref()));
        r.add(Field::Units, issuer.unwrap_or(""));
        for s in &plan.sections {
            r.add(Field::Meta, lang.pick(&s.title, s.title_en.as_deref()));
        }
        r.meta = [plan.code.clone(), issuer.map(str::to_string), plan.issued.map(|d| format::date(d, lang.code))]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
        r.body(commentary(PageKind::PlanCommentary { plan: plan.id.clone() }).unwrap_or_default());
        out.push(r);
    }

    for unit in &site.units {
        let mut r = Record::named(
            "unit",
            lang.path(&format!("units/{}/index.html", unit.id)),
            lang.pick_lang(&unit.name, unit.name_en.as_deref()),
        );
        r.add(Field::Id, &unit.id);
        for alias in &unit.aliases {
            r.add(Field::Key, &alias.value);
        }
        original(&mut r, lang, &unit.name, unit.name_en.as_deref());
        if let Some(parent) = &unit.parent {
            let name = unit_name(&parent.value);
            r.add(Field::Meta, &name);
            r.meta = name;
        }
        out.push(r);
    }

    for p in &site.periods {
        let mut r = Record::named(
            "period",
            lang.path(&format!("periods/{}/index.html", p.id)),
            lang.pick_lang(&p.label, p.label_en.as_deref()),
        );
        r.add(Field::Id, &p.id);
        original(&mut r, lang, &p.label, p.label_en.as_deref());
        r.meta = format!("{} – {}", format::date(p.start, lang.code), format::date(p.end, lang.code));
        out.push(r);
    }

    debug_assert!(out.is_sorted_by_key(|r| r.kind));
    out
}

/// The name as the documents write it, on a page that shows its translation: a reader holding
/// a document types the name it prints, in every language.
fn original(r: &mut Record, lang: &Lang, name: &str, translated: Option<&str>) {
    if lang.pick(name, translated) != name {
        r.add(Field::Key, name);
    }
}

/// The records of posts and of text pages (home, lists, method and free pages), in the order
/// of [`KINDS`].
/// `memo`, a preview's, keeps each post's record for the next rebuild: after an edit to one
/// post, the others' texts are not turned into records again.
pub fn of_pages(
    lang: &Lang,
    ix: &Index,
    pages: &[(String, String)],
    memo: Option<&super::super::memo::Memo>,
) -> Vec<Arc<Record>> {
    let site = ix.site;
    let mut out = Vec::new();
    for (period, slug, post) in ix.posts(lang.code).iter() {
        // An untranslated post has one page, in its own language.
        let url = format!("{}updates/{period}/{slug}/index.html", pages::prefix_of(site, &post.lang));
        let label = site.periods.iter().find(|x| x.id == *period).map(|x| lang.pick(&x.label, x.label_en.as_deref()));
        let make = || {
            let title = post.title.clone().unwrap_or_else(|| slug.clone());
            let mut r = Record::new("update", url.clone(), &title);
            r.lang = (post.lang != lang.code).then(|| post.lang.clone());
            r.add(Field::Id, slug);
            r.add(Field::Meta, label.unwrap_or(period));
            r.add(Field::Meta, post.summary.as_deref().unwrap_or(""));
            r.meta = [post.date.map(|d| format::date(d, lang.code)), label.map(str::to_string)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let body = md_text(&post.body);
            r.body(match &post.summary {
                Some(s) => format!("{s} {body}"),
                None => body,
            });
            Arc::new(r)
        };
        out.push(match memo {
            Some(memo) => {
                // Everything the record is made from: the post's file (its digest) and place,
                // and its period's name.
                let optional = |s: Option<&str>| s.map_or(vec![0], |s| [&[1], s.as_bytes()].concat());
                let key = super::super::memo::Memo::key([
                    b"post record".as_slice(),
                    lang.code.as_bytes(),
                    url.as_bytes(),
                    slug.as_bytes(),
                    period.as_bytes(),
                    &optional(label),
                    post.lang.as_bytes(),
                    &post.digest,
                ]);
                memo.records(key, || vec![make()])[0].clone()
            }
            None => make(),
        });
    }

    // Text pages: home, lists, method and free pages, as rendered.
    let text = |kind: &PageKind| ix.content(kind, lang.code).map(|p| md_text(&p.body)).unwrap_or_default();
    let free = pages::free_pages(site, lang.code);
    for (path, page_title) in pages {
        let page = path.strip_prefix(lang.prefix.as_str()).unwrap_or(path);
        let body = match page {
            "index.html" => text(&PageKind::Home),
            "indicators/index.html"
            | "plans/index.html"
            | "units/index.html"
            | "periods/index.html"
            | "archive/index.html" => String::new(),
            "method/index.html" => text(&PageKind::Free { slug: "method".into() }),
            // Free pages follow, each in the language it is written in.
            _ => continue,
        };
        let title = if page == "index.html" {
            lang.pick(&site.config.title, site.config.title_en.as_deref()).to_string()
        } else {
            page_title.clone()
        };
        let mut r = Record::new("page", path.clone(), &title);
        r.body(body);
        out.push(Arc::new(r));
    }
    // Every free page the language's menu shows: its translation, else its one page.
    for (slug, p) in &free {
        let url = format!("{}{slug}/index.html", pages::prefix_of(site, &p.lang));
        let mut r = Record::new("page", url, p.title.as_deref().unwrap_or(slug));
        r.lang = (p.lang != lang.code).then(|| p.lang.clone());
        r.body(md_text(&p.body));
        out.push(Arc::new(r));
    }
    debug_assert!(out.is_sorted_by_key(|r| r.kind));
    out
}
