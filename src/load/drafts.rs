//! What a draft holds back. A photo or a letter saved for a post not yet out would otherwise
//! be public the moment it is saved under `content/`: a file that only drafts link to, or that
//! lies in a draft's own folder (`content/updates/2026-Q3/bai-moi/` for
//! `content/updates/2026-Q3/bai-moi.md`), is not published until a published text (a page, a
//! progress note or evidence) links to it, or the draft's page is published.

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use super::content_links::{file_named, files_linked};
use crate::diagnostic::{Diagnostic, Span};
use crate::model::{Draft, PageKind, Site};
use crate::render::markdown::address;

/// The files held back, relative to `content/`, and a warning at each draft that holds one back.
#[derive(Debug, Default)]
pub struct HeldBack {
    pub files: BTreeSet<String>,
    pub warnings: Vec<Diagnostic>,
}

/// How many held-back files a warning names before it counts the rest.
const NAMED: usize = 5;

/// What the `drafts` of `site` hold back of its `content_files` (relative to `content/`) in the
/// site as of the period `as_of` (else the current one).
pub fn held_back(site: &Site, drafts: &[Draft], content_files: &[String], as_of: Option<&str>) -> HeldBack {
    if drafts.is_empty() {
        return HeldBack::default();
    }
    let languages = crate::render::markdown::site::prefixed_languages(site);
    let built = built_periods(site, as_of);
    // Those beside a later period's posts wait for that period, whatever links to them (see
    // `assets`): not the draft's to hold back.
    let later = |f: &str| {
        address::posts_period(f).is_some_and(|p| !built.contains(p) && site.periods.iter().any(|k| k.id == p))
    };
    let assets: BTreeSet<&str> =
        content_files.iter().map(String::as_str).filter(|f| !f.ends_with(".md") && !later(f)).collect();
    // What each draft would hold back: the files it links to and those in its folder.
    let claimed: Vec<(BTreeSet<String>, Vec<String>)> = drafts
        .iter()
        .map(|draft| {
            let kind = &draft.page.kind;
            let linked = files_linked(&draft.page.body, &address::folder(kind), &languages);
            let mut files: BTreeSet<String> = linked.into_iter().filter(|f| assets.contains(f.as_str())).collect();
            // A page published in another language keeps its folders.
            let published = site.pages.iter().any(|p| p.kind == *kind);
            let folders = if published { Vec::new() } else { own_folders(kind) };
            let in_folders = |f: &&&str| in_any(f, &folders);
            files.extend(assets.iter().filter(in_folders).map(|f| f.to_string()));
            (files, folders)
        })
        .collect();
    let wanted: HashSet<&str> = claimed.iter().flat_map(|(files, _)| files).map(String::as_str).collect();
    if wanted.is_empty() {
        return HeldBack::default();
    }
    let published = linked_by_published(site, &built, &languages, &wanted);
    let mut files = BTreeSet::new();
    let mut warnings = Vec::new();
    for (draft, (claimed, folders)) in drafts.iter().zip(&claimed) {
        let held: Vec<String> = claimed.iter().filter(|f| !published.contains(f.as_str())).cloned().collect();
        if held.is_empty() {
            continue;
        }
        // A folder is named only when a file held back lies in it.
        let folder = folders.iter().find(|folder| held.iter().any(|f| in_any(f, std::slice::from_ref(folder))));
        warnings.push(warning(&draft.span, &held, folder.map(String::as_str)));
        files.extend(held);
    }
    HeldBack { files, warnings }
}

/// The folders under `content/` whose files belong to a page of `kind` alone: the folder named
/// as its file is, and the folder of its address when that is spelt otherwise (`bai-moi/` for
/// `Bài Mới.md`, whose files are published in its page's folder).
fn own_folders(kind: &PageKind) -> Vec<String> {
    let (dir, slug) = match kind {
        // A name the site's own pages take (`updates`, `plans`, `method`…): its folder holds
        // theirs (the posts' files, a plan's), not the draft's.
        PageKind::Free { slug } if is_the_sites(slug) => return Vec::new(),
        PageKind::Free { slug } => (String::new(), slug),
        PageKind::Update { period, slug } => (format!("updates/{period}/"), slug),
        // Their addresses are the site's own pages, published with or without the text.
        PageKind::Home | PageKind::PlanCommentary { .. } | PageKind::IndicatorCommentary { .. } => return Vec::new(),
    };
    let mut folders = vec![crate::text::nfc_string(&format!("{dir}{slug}/"))];
    let address = format!("{dir}{}/", crate::text::slugify(slug));
    if address != folders[0] {
        folders.push(address);
    }
    folders
}

/// Whether the file `f` lies in one of `folders` (as [`own_folders`] gives them, composed):
/// compared composed, as a draft saved on one computer and its folder on another may spell
/// the same name with accents composed or not (`Bài Mới.md` beside `Bài Mới/`).
fn in_any(f: &str, folders: &[String]) -> bool {
    let f = crate::text::nfc_string(f);
    folders.iter().any(|folder| f.starts_with(folder.as_str()))
}

/// Whether a free page named `slug` would take the address of one of the site's own pages.
fn is_the_sites(slug: &str) -> bool {
    let slug = crate::text::slugify(slug);
    address::SECTIONS.contains(&slug.as_str()) || crate::render::pages::RESERVED.contains(&slug.as_str())
}

/// The periods of a site built as of `as_of` (else the current one): up to it.
fn built_periods<'a>(site: &'a Site, as_of: Option<&str>) -> HashSet<&'a str> {
    let period = as_of.unwrap_or(&site.config.current_period.value);
    let built = site.periods.iter().position(|p| p.id == period).map_or(site.periods.len(), |i| i + 1);
    site.periods[..built].iter().map(|p| p.id.as_str()).collect()
}

/// Which of `wanted` a text published in the `built` periods links to: a page's Markdown, a
/// progress note, evidence. A later period's posts and progress are not published yet (a
/// snapshot or `--as-of` leaves them out, as the live site leaves out those after the current
/// period).
fn linked_by_published<'a>(
    site: &Site,
    built: &HashSet<&str>,
    languages: &[String],
    wanted: &HashSet<&'a str>,
) -> HashSet<&'a str> {
    let keep = |path: String| wanted.get(path.as_str()).copied();
    let pages = site
        .pages
        .par_iter()
        .filter(|page| match &page.kind {
            PageKind::Update { period, .. } => built.contains(period.as_str()),
            _ => true,
        })
        .flat_map_iter(|page| {
            files_linked(&page.body, &address::folder(&page.kind), languages).into_iter().filter_map(keep)
        });
    let notes =
        site.reports.par_iter().filter(|report| built.contains(report.period.value.as_str())).flat_map_iter(|report| {
            let values = report.values.iter().filter_map(|v| v.note.as_deref());
            let tasks = report.tasks.iter().filter_map(|t| t.note.as_deref());
            let notes = values.chain(tasks).flat_map(|note| files_linked(note, "", languages));
            let evidence =
                report.tasks.iter().flat_map(|t| &t.evidence).filter_map(|e| file_named(&e.url, "", languages));
            notes.chain(evidence).filter_map(keep).collect::<Vec<_>>()
        });
    pages.chain(notes).collect()
}

/// The warning at `draft`, the `draft = true` of a draft that holds back `held`.
fn warning(draft: &Span, held: &[String], folder: Option<&str>) -> Diagnostic {
    let mut named: Vec<String> = held.iter().take(NAMED).map(|f| format!("content/{f}")).collect();
    if held.len() > NAMED {
        named.push(format!("and {} more", held.len() - NAMED));
    }
    let one = held.len() == 1;
    let (files, lie, they, them) = if one {
        ("1 file".to_string(), "lies", "it is", "it")
    } else {
        (format!("{} files", held.len()), "lie", "they are", "them")
    };
    let folder = folder.map(|f| format!(" or that {lie} in its folder content/{f}")).unwrap_or_default();
    Diagnostic::warning(
        draft,
        format!("this draft holds back {files} that only drafts link to{folder}: {}", named.join(", ")),
    )
    .with_help(format!(
        "{they} published once a page that is not a draft, a progress note or evidence links to {them}, \
         or with this page when `draft = true` is removed"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_named_as_the_sites_own_pages_has_no_folder_of_its_own() {
        let free = |slug: &str| own_folders(&PageKind::Free { slug: slug.into() });
        assert_eq!(free("gioi-thieu"), ["gioi-thieu/"]);
        assert_eq!(free("Giới thiệu"), ["Giới thiệu/", "gioi-thieu/"]);
        for taken in ["updates", "plans", "indicators", "files-x", "method", "archive", "en", "Updates"] {
            let expected: Vec<String> = if taken == "files-x" { vec!["files-x/".into()] } else { Vec::new() };
            assert_eq!(free(taken), expected, "{taken}");
        }
        let post = PageKind::Update { period: "2026-Q3".into(), slug: "Bài Mới".into() };
        assert_eq!(own_folders(&post), ["updates/2026-Q3/Bài Mới/", "updates/2026-Q3/bai-moi/"]);
        assert!(own_folders(&PageKind::Home).is_empty());
    }

    #[test]
    fn a_warning_about_one_file_speaks_of_it_alone() {
        let draft = Span::default();
        let one = warning(&draft, &["nhap/anh.png".into()], Some("nhap/"));
        assert_eq!(
            one.message,
            "this draft holds back 1 file that only drafts link to or that lies in its folder content/nhap/: \
             content/nhap/anh.png"
        );
        assert!(one.help.as_deref().unwrap().starts_with("it is published once a page"), "{:?}", one.help);
        assert!(one.help.as_deref().unwrap().contains("links to it,"), "{:?}", one.help);
        let two = warning(&draft, &["nhap/a.png".into(), "nhap/b.png".into()], Some("nhap/"));
        assert!(two.message.contains("2 files that only drafts link to or that lie in its folder"), "{}", two.message);
        assert!(two.help.as_deref().unwrap().starts_with("they are published"), "{:?}", two.help);
    }
}
