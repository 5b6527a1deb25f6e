//! Every relative link of the site's texts leads to something the site publishes: a page's
//! Markdown (links and images, in Markdown or raw HTML), a progress file's notes and evidence.
//! Read as the renderer reads them (see [`crate::render::markdown::address`]); each that
//! leads nowhere is an error at the link, so that no broken link is ever published.
//!
//! Run on the site as a whole once it is read: what a link names (another page, a plan, a file
//! beside the text) may be in any file.

use std::collections::HashSet;
use std::ops::Range;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Sources, Span};
use crate::model::{Evidence, Page, PageKind, Site};
use crate::render::markdown::address::{self, PageRef, Target};
use crate::render::markdown::site::{languages_of, written_as};

use super::link_reader::{KnownLinks, links_of, may_link, may_link_relatively};
pub use super::link_reader::{file_named, files_linked};

/// What a relative link may name, for help texts (after the folder it is read from).
pub const ACCEPTED: &str = "to a file under content/ (hinh/anh.png) or another page's Markdown file \
(gioi-thieu.md), or a page's address ending with `/` (plans/<id>/, indicators/<id>/, units/<id>/, periods/<id>/, \
updates/<period>/<post>/, <page>/); a leading `/` starts from content/, the site's root";

/// The help of a link read from the folder `dir` of `content/`.
fn accepted(dir: &str) -> String {
    let from = if dir.is_empty() {
        "content/ (the folder of pages such as content/gioi-thieu.md, and of every progress note and evidence link)"
            .to_string()
    } else {
        format!("content/{dir} (the folder of the file)")
    };
    format!("accepted: a path from {from} {ACCEPTED}")
}

/// The problems of every relative link of `site`'s texts; `content_files` are the files under
/// `content/` (relative to it), Markdown included. Each file is read on a core of its own;
/// `known` are the links of texts read before (a preview server's).
pub fn check(
    site: &Site,
    sources: &Sources,
    content_files: &[String],
    as_of: Option<&str>,
    unread: &super::Unread,
    known: Option<&KnownLinks>,
) -> Vec<Diagnostic> {
    let published = Published::new(site, content_files, as_of, unread, known);
    // A later period's posts are not part of a site built as of an earlier one: the live
    // site's check looks at their links.
    let built = |page: &&Page| match &page.kind {
        PageKind::Update { period, .. } => published.as_of.is_none() || published.built.contains(period.as_str()),
        _ => true,
    };
    let pages = site.pages.par_iter().filter(built).flat_map_iter(|page| {
        let text = &sources.get(page.file).text;
        let start = super::content::body_start(text);
        let dir = address::folder(&page.kind);
        published.markdown(&text[start..], &dir, Some(page)).into_iter().map(move |(range, link, problem)| {
            let span = Span { file: page.file, range: range.start + start..range.end + start };
            problem.diagnostic(&span, &link)
        })
    });
    let reports = site.reports.par_iter().flat_map_iter(|report| {
        let text = &sources.get(report.file).text;
        let values = report
            .values
            .iter()
            .map(|v| (v.span.range.start.min(v.indicator.span.range.start), &v.note, &[] as &[Evidence]));
        let tasks = report.tasks.iter().map(|t| (t.span.range.start, &t.note, t.evidence.as_slice()));
        let mut out = Vec::new();
        for (anchor, note, evidence) in values.chain(tasks) {
            let note = note.as_deref().unwrap_or_default();
            let mut problems: Vec<(&str, &str, String, Problem)> = published
                .markdown(note, "", None)
                .into_iter()
                .map(|(range, link, problem)| ("note", &note[range], link, problem))
                .collect();
            problems.extend(
                evidence
                    .iter()
                    .filter_map(|e| Some(("evidence", e.url.as_str(), e.url.clone(), published.problem(&e.url, "")?))),
            );
            // Published now, but not in the snapshot of the report's own period: said before
            // that snapshot is made and refused.
            // Only a note that may link relatively is parsed: most hold no link at all.
            let noted: Vec<(&str, &str, String)> = if may_link_relatively(note) {
                links_of(note, known).iter().map(|(range, link)| ("note", &note[range.clone()], link.clone())).collect()
            } else {
                Vec::new()
            };
            let cited = evidence.iter().map(|e| ("evidence", e.url.as_str(), e.url.clone()));
            let later = noted.into_iter().chain(cited).filter_map(|(key, at, link)| {
                let problem = published.file_of_later_period(&link, &report.period.value)?;
                (!problems.iter().any(|(_, _, l, _)| *l == link)).then_some((key, at, link, problem))
            });
            let later: Vec<_> = later.collect();
            problems.extend(later);
            if problems.is_empty() {
                continue;
            }
            // Where the record is written: its notes and evidence are found there as typed, from
            // the field that holds them (the same words may come earlier in the record), the
            // same link written twice at its second place the second time.
            let region = record(text, anchor);
            let mut after: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for (key, written, link, problem) in problems {
                let from = after.get(written).copied().unwrap_or_else(|| field_start(text, &region, key));
                let range = text[from..region.end].find(written).map_or(anchor..anchor + 1, |i| {
                    let at = from + i;
                    at..at + written.len()
                });
                after.insert(written, range.end.max(from));
                out.push(problem.diagnostic(&Span { file: report.file, range }, &link));
            }
        }
        out
    });
    let found = pages.chain(reports).collect();
    if let Some(known) = known {
        known.sweep();
    }
    found
}

/// Where the line setting `key` starts in `region` of a progress file (`note = …`); the
/// region's start when no line does (an inline table).
fn field_start(text: &str, region: &Range<usize>, key: &str) -> usize {
    let mut at = region.start;
    for line in text[region.clone()].split_inclusive('\n') {
        if let Some(rest) = line.trim_start().strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return at;
        }
        at += line.len();
    }
    region.start
}

/// The table of a progress file that holds the byte `anchor`: from its `[[…]]` header to the
/// next one.
fn record(text: &str, anchor: usize) -> Range<usize> {
    let anchor = anchor.min(text.len());
    let anchor = (0..=anchor).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    let start = text[..anchor].rfind("\n[[").map_or(0, |i| i + 1);
    let end = text[anchor..].find("\n[[").map_or(text.len(), |i| anchor + i);
    start..end
}

/// Why a link leads nowhere, or (a `warning`) to no part of the page it leads to.
struct Problem {
    message: String,
    help: String,
    warning: bool,
}

impl Problem {
    fn diagnostic(&self, span: &Span, link: &str) -> Diagnostic {
        let shown: String = link.chars().take(80).collect();
        let message = format!("the link `{shown}` {}", self.message);
        let diagnostic =
            if self.warning { Diagnostic::warning(span, message) } else { Diagnostic::error(span, message) };
        diagnostic.with_help(self.help.clone())
    }
}

/// A link to `#fragment` of `target` (a page written in Markdown) that names none of its
/// headings; `whose` says which page that is.
fn heading_problem(target: &Page, fragment: &str, whose: &str) -> Option<Problem> {
    let ids = crate::render::markdown::heading_ids(&target.body);
    if ids.iter().any(|id| id == fragment) {
        return None;
    }
    let known = if ids.is_empty() {
        "it has no heading".to_string()
    } else {
        let shown: Vec<String> = ids.iter().take(12).map(|id| format!("#{id}")).collect();
        let more = if ids.len() > 12 { format!(" and {} more", ids.len() - 12) } else { String::new() };
        format!("its headings are {}{more}", shown.join(", "))
    };
    Some(Problem {
        message: format!("names no heading of {whose} ({known})"),
        help: format!("{}{ANCHORS}", closest_anchor(fragment, &ids)),
        warning: true,
    })
}

/// "did you mean `#…`? " with the anchor of `anchors` closest to `fragment`, if one is close.
fn closest_anchor(fragment: &str, anchors: &[String]) -> String {
    let closest = crate::text::closest(fragment, anchors.iter().map(String::as_str), 1);
    closest.first().map(|c| format!("did you mean `#{c}`? ")).unwrap_or_default()
}

/// How a heading's anchor is made, for help texts.
const ANCHORS: &str = "a heading's anchor is its text without diacritics, in lowercase, its words joined by `-` \
(`## Cách tính trạng thái` is `#cach-tinh-trang-thai`; a second heading of the same words `-2`)";

/// What the site publishes.
struct Published<'a> {
    site: &'a Site,
    files: HashSet<&'a str>,
    /// Languages under a folder of their name.
    languages: Vec<String>,
    /// Periods up to the current one: the posts of later ones are not published yet.
    known: HashSet<&'a str>,
    /// Periods up to the one the site is built as of (a snapshot's, `--as-of`): the pages of
    /// later ones are the live site's, which a link leads to when the site has a `base_url`.
    built: HashSet<&'a str>,
    as_of: Option<&'a str>,
    /// The records whose file could not be read, or that were left out for an error in their
    /// own: a link to one is not judged, that error is the cause.
    unread: &'a super::Unread,
    /// The links of texts read before.
    known_links: Option<&'a KnownLinks>,
}

impl<'a> Published<'a> {
    fn new(
        site: &'a Site,
        content_files: &'a [String],
        as_of: Option<&'a str>,
        unread: &'a super::Unread,
        known_links: Option<&'a KnownLinks>,
    ) -> Published<'a> {
        let up_to = |period: &str| {
            let at = site.periods.iter().position(|p| p.id == period);
            site.periods[..at.map_or(site.periods.len(), |i| i + 1)].iter().map(|p| p.id.as_str()).collect()
        };
        Published {
            site,
            files: content_files.iter().map(String::as_str).collect(),
            languages: crate::render::markdown::site::prefixed_languages(site),
            known: up_to(&site.config.current_period.value),
            built: up_to(as_of.unwrap_or(&site.config.current_period.value)),
            as_of,
            unread,
            known_links,
        }
    }

    /// Whether a page of `period`, published on the live site, is missing from the site as of
    /// an earlier period; else why a link to it leads nowhere (no `base_url` to reach the live
    /// site's page by).
    fn later(&self, period: &str, path: &str) -> Result<(), String> {
        match self.as_of {
            Some(as_of)
                if !self.built.contains(period)
                    && self.site.config.base_url.is_none()
                    && !self.unread.period(period) =>
            {
                Err(format!(
                    "leads to `{path}`, of period `{period}`, which the site as of `{as_of}` does not have; set \
                 `base_url` in site.toml so that it leads to the live site's page, or remove the link"
                ))
            }
            _ => Ok(()),
        }
    }

    /// The problem of each relative link of the Markdown `text` written in the folder `dir`:
    /// its byte range in `text`, the link as written, and what is wrong, or (a warning) the part
    /// of a page it names that is not there (see [`Published::fragment_problem`]); `page` is the
    /// page whose text it is, `None` for a note of the data files.
    fn markdown(&self, text: &str, dir: &str, page: Option<&Page>) -> Vec<(Range<usize>, String, Problem)> {
        let mut out = Vec::new();
        let may = may_link(text);
        if !(may.relatively || page.is_some() && may.to_own_part) {
            return out;
        }
        let problem = |link: &str| self.problem(link, dir).or_else(|| self.fragment_problem(link, dir, page));
        for (range, link) in links_of(text, self.known_links).iter() {
            if let Some(problem) = problem(link) {
                out.push((range.clone(), link.clone(), problem));
            }
        }
        out
    }

    /// A warning for `link`, in a report of `period`, to a file published with the posts of a
    /// later period: the snapshot of `period` is the site as it stood then, without that file,
    /// and is refused.
    fn file_of_later_period(&self, link: &str, period: &str) -> Option<Problem> {
        if !address::is_relative(link) {
            return None;
        }
        let Target::File(path) = address::read(link, "", &self.languages).ok()?.target else { return None };
        let with = address::posts_period(&path).filter(|_| self.files.contains(path.as_str()))?;
        let index = |id: &str| self.site.periods.iter().position(|p| p.id == id);
        (index(with)? > index(period)?).then(|| Problem {
            message: format!(
                "names content/{path}, which is published with the posts of period `{with}`: the snapshot of `{period}`, \
                 the site as it stood then, will not have it and will be refused"
            ),
            help: format!(
                "a file a report links to goes outside updates/ (for example in files/), so that every snapshot from `{period}` on has it"
            ),
            warning: true,
        })
    }

    /// What is wrong with `link`, written in the folder `dir`, if it is relative and leads to
    /// nothing the site publishes. Addresses with a scheme are checked where they are read.
    /// One the cleaner refuses (`\\host`, `javascript:`) is reported where it is read.
    fn problem(&self, link: &str, dir: &str) -> Option<Problem> {
        let mut problem = self.plain_problem(link, dir)?;
        // Written from the site's root as a page's address reads (`../gioi-thieu/` on the page
        // gioi-thieu/), or from content/ in a folder below it: the link from the root is offered.
        let mut from_root = link.trim_start();
        while let Some(rest) = from_root.strip_prefix("../").or_else(|| from_root.strip_prefix("./")) {
            from_root = rest;
        }
        let from_root = format!("/{from_root}");
        if !link.trim_start().starts_with('/') && self.plain_problem(&from_root, "").is_none() {
            problem.help = format!("did you mean `{from_root}` (from content/, the site's root)? {}", problem.help);
        }
        Some(problem)
    }

    /// A link to a part (`#anchor`) of a page that names none: a warning, since the theme's
    /// own ids are not known before pages are made. Looked into: the headings of a free page
    /// or a post (or of the text's own `page`), and a plan's tasks (`#t-<id>`) and sections
    /// (`#s-<id>`); other parts of the pages the site makes from its data are not.
    fn fragment_problem(&self, link: &str, dir: &str, page: Option<&Page>) -> Option<Problem> {
        let link = link.trim();
        let (written, fragment) = link.split_once('#')?;
        let fragment = address::decode(fragment)?;
        if fragment.is_empty() || written.contains('?') {
            return None;
        }
        if written.is_empty() {
            // A part of the text's own page: only a free page's or a post's are all its text's;
            // a plan's page also has its tasks and sections, others the theme's parts.
            let page = page?;
            return match &page.kind {
                PageKind::Free { .. } | PageKind::Update { .. } => heading_problem(page, &fragment, "this page"),
                PageKind::PlanCommentary { plan } => self.plan_part_problem(plan, &fragment),
                _ => None,
            };
        }
        let read = address::read(link, dir, &self.languages).ok()?;
        if let Target::Page { page: PageRef::Plan(id), .. } | Target::Markdown { page: PageRef::Plan(id), .. } =
            &read.target
        {
            return self.plan_part_problem(id, &fragment);
        }
        let lang = page.map_or(self.site.config.language.as_str(), |p| p.lang.as_str());
        let target = crate::render::markdown::site::page_led_to(self.site, &read.target, lang, Some(&fragment))?;
        // The method and home pages have the theme's parts too (`#h-formula`), not known yet.
        if matches!(&target.kind, PageKind::Home) || matches!(&target.kind, PageKind::Free { slug } if slug == "method")
        {
            return None;
        }
        let whose = match &read.target {
            Target::Markdown { path, .. } => format!("content/{path}"),
            _ => written.to_string(),
        };
        heading_problem(target, &fragment, &whose)
    }

    /// A link to `#t-…` or `#s-…` of the plan `id`'s page that names none of its tasks or
    /// sections (a task renumbered, a typing mistake).
    fn plan_part_problem(&self, id: &str, fragment: &str) -> Option<Problem> {
        let plan = self.site.plans.iter().find(|p| p.id == id)?;
        let (kind, anchors): (&str, Vec<String>) = if fragment.starts_with("t-") {
            ("task", plan.tasks.iter().map(|t| format!("t-{}", t.id)).collect())
        } else if fragment.starts_with("s-") {
            let sections = plan.sections.iter().map(|s| format!("s-{}", s.id));
            ("section", sections.chain(std::iter::once("s-other".to_string())).collect())
        } else {
            return None;
        };
        if anchors.iter().any(|a| a == fragment) {
            return None;
        }
        Some(Problem {
            message: format!("names no {kind} of plan `{id}`"),
            help: format!(
                "{}a plan's page has an anchor for each task (`#t-<task id>`, as `#t-1.2`) and each \
                 section (`#s-<section id>`)",
                closest_anchor(fragment, &anchors)
            ),
            warning: true,
        })
    }

    /// [`Published::problem`], without a suggestion.
    fn plain_problem(&self, link: &str, dir: &str) -> Option<Problem> {
        if !address::is_relative(link) || super::links::check_link(link, true).is_err() {
            return None;
        }
        let problem = |message: String| Some(Problem { message, help: accepted(dir), warning: false });
        let read = match address::read(link, dir, &self.languages) {
            Ok(read) => read,
            Err(e) => return problem(e.to_string()),
        };
        if !address::escapes_are_valid(read.rest) {
            return problem(address::Problem::Escape.to_string());
        }
        match &read.target {
            Target::File(path) if self.files.contains(path.as_str()) => {
                // A file beside a later period's posts is published with them (see `assets`):
                // until then, not on the live site either.
                let period = address::posts_period(path)?;
                let index = |id: &str| self.site.periods.iter().position(|p| p.id == id);
                let at = index(period)?;
                // Written in a post of that period or a later one: published with it.
                let written_in = address::posts_period(dir).and_then(index);
                if self.built.contains(period) || written_in.is_some_and(|w| w >= at) {
                    return None;
                }
                let built_as_of = match self.as_of {
                    Some(as_of) => format!("`{as_of}` that the site is built as of"),
                    None => format!("`{}`, the current period", self.site.config.current_period.value),
                };
                let mut problem = problem(format!(
                    "names content/{path}, which is published with the posts of period `{period}`, after {built_as_of}"
                ))?;
                problem.help = format!(
                    "a file for pages published now goes outside updates/{period}/ (for example in files/); {}",
                    problem.help
                );
                Some(problem)
            }
            Target::File(path) => {
                let folder = format!("/{path}/");
                match address::read(&folder, "", &self.languages).ok().map(|l| l.target) {
                    Some(Target::Page { page, lang }) if self.page(&page, lang.as_deref()).is_ok() => Some(Problem {
                        message: format!("names content/{path}, which does not exist"),
                        help: format!("the page `{path}/` exists: write the link with a `/` at the end (`{link}/`)"),
                        warning: false,
                    }),
                    _ => problem(format!("names content/{path}, which does not exist")),
                }
            }
            Target::Markdown { path, page, .. } => {
                if !self.files.contains(path.as_str()) {
                    let mut missing = problem(format!("names content/{path}, which does not exist"))?;
                    // Written in another language only: that file is the page to link to, on
                    // a site that builds that language. Its name says its language
                    // (`x.en.md`), whichever language the site puts first.
                    let other = |l: &str| {
                        let stem = path.strip_suffix(".md")?;
                        let other = format!("{stem}.{l}.md");
                        // The link's own path, its `#part` or `?query` kept.
                        let (to, rest) = link.split_at(link.find(['#', '?']).unwrap_or(link.len()));
                        let link = format!("{}.{l}.md{rest}", to.strip_suffix(".md")?);
                        self.files.contains(other.as_str()).then_some((other, link))
                    };
                    let built = |l: &&str| self.site.config.languages.iter().any(|c| c == l);
                    if let Some((other, link)) = ["en"].into_iter().filter(built).find_map(other) {
                        missing.help = format!("the text is written only as content/{other}: link to `{link}`");
                    }
                    return Some(missing);
                }
                self.page(page, None).err().and_then(|why| problem(format!("names content/{path}, but {why}")))
            }
            // Why, as a clause of its own: after "leads nowhere", unless it says where it leads.
            Target::Page { page, lang } => self
                .page(page, lang.as_deref())
                .err()
                .and_then(|why| problem(if why.starts_with("leads ") { why } else { format!("leads nowhere: {why}") })),
        }
    }

    /// Whether the site makes `page` (in `lang`, when given); else why not.
    fn page(&self, page: &PageRef, lang: Option<&str>) -> Result<(), String> {
        let site = self.site;
        let has = |kind: &str, id: &str, found: bool| {
            if found { Ok(()) } else { Err(format!("there is no {kind} `{id}`")) }
        };
        let unread = &self.unread;
        match page {
            PageRef::Home | PageRef::Section(_) => Ok(()),
            PageRef::Indicator(id) => {
                has("indicator", id, unread.indicators || site.indicators.iter().any(|i| i.id == *id))
            }
            PageRef::Plan(id) => has("plan", id, unread.plans || site.plans.iter().any(|p| p.id == *id)),
            PageRef::Unit(id) => has("unit", id, unread.units || site.units.iter().any(|u| u.id == *id)),
            PageRef::Period(id) => has("period", id, unread.period(id) || site.periods.iter().any(|p| p.id == *id))
                .and_then(|()| self.later(id, &format!("periods/{id}/"))),
            // A text that could not be read may be the page named: its own error is the cause.
            // So may one in a language site.toml names wrongly (`"EN"`): that error is said.
            PageRef::Free(_) | PageRef::Post { .. } if unread.pages.iter().any(|kind| written_as(kind, page)) => Ok(()),
            PageRef::Free(_) | PageRef::Post { .. }
                if site.config.languages_refused && site.pages.iter().any(|p| written_as(&p.kind, page)) =>
            {
                Ok(())
            }
            PageRef::Free(_) | PageRef::Post { .. } => {
                let made = languages_of(site, page);
                let path = address::page_path(page, "");
                let path = path.trim_end_matches("index.html");
                if let PageRef::Post { period, .. } = page
                    && !made.is_empty()
                    && !self.unread.period(period)
                    && !self.known.contains(period.as_str())
                {
                    return Err(format!(
                        "the post `{path}` is not published before its period `{period}` is the current one"
                    ));
                }
                match lang {
                    Some(l) if !made.contains(&l) => Err(format!("the page `{path}` is not written in `{l}`")),
                    _ if made.is_empty() => Err(format!("the site has no page `{path}` (a draft is not published)")),
                    _ => match page {
                        PageRef::Post { period, .. } => self.later(period, path),
                        _ => Ok(()),
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_its_table() {
        let text = "period = \"q\"\n\n[[task]]\nref = \"a\"\nnote = \"x\"\n\n[[task]]\nref = \"b\"\n";
        let second = text.rfind("ref").unwrap();
        assert_eq!(&text[record(text, second)], "[[task]]\nref = \"b\"\n");
        assert_eq!(&text[record(text, text.find("note").unwrap())], "[[task]]\nref = \"a\"\nnote = \"x\"\n");
    }
}
