//! The press office's spreadsheet round trip: `minhbach form` writes a period's reporting form
//! for one agency or all of them; `minhbach import` reads the answers back (from Excel,
//! LibreOffice or any program that writes the same field names, or CSV), checks every cell,
//! and merges them into `data/progress/<period>.toml` without losing a comment or a figure.

mod answers;
mod behind;
mod cells;
mod columns;
mod csv_file;
mod entries;
mod evidence;
mod form;
mod import;
mod labels;
mod merge;
mod numbers;
mod ods;
mod place;
mod prefilled;
mod problem;
mod published;
mod reach;
mod read;
mod rows;
mod sniff;
mod split;
mod threeway;
mod unpacked;
mod validate;
mod verify;
mod xls;

use std::path::{Path, PathBuf};

pub use cells::{Cell, Place, column_letters};
pub use form::{HELP_SHEET, TASK_SHEET, VALUE_SHEET};
pub use import::{ImportError, ImportOptions, Imported, import, lock_progress};
pub use numbers::{NumberError, parse_number};
pub use problem::{Problem, render_all};
pub use threeway::OnConflict;

use crate::assess::{self, Assessment};
use crate::build::{self, Checked};
use crate::model::Period;
use labels::StatusLabels;

/// A site checked and ready for a period's form or import.
struct Prepared {
    checked: Checked,
    period: Period,
    /// The site as of the period before, for last reports; `None` for the first period.
    previous: Option<Assessment>,
    labels: StatusLabels,
}

/// Checks the site (it must have no errors) and finds the period.
fn prepare(root: &Path, period: &str) -> Result<Prepared, String> {
    let checked = build::check(root, None);
    if checked.errors() > 0 {
        // Said first, so that the caller's `error: ` does not stand before the first
        // diagnostic's own.
        return Err(format!(
            "the site has {} error(s); fix them first (`minhbach check`):\n{}",
            checked.errors(),
            checked.render_diagnostics().trim_end()
        ));
    }
    let site = &checked.site;
    let Some(index) = site.periods.iter().position(|p| p.id == period) else {
        let ids: Vec<&str> = site.periods.iter().map(|p| p.id.as_str()).collect();
        let near = crate::text::closest(period, ids.iter().copied(), 1);
        let hint = near.first().map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
        return Err(format!(
            "there is no period `{period}` in data/periods.toml; {hint}periods: {} (`minhbach new period {period}` adds one)",
            ids.join(", ")
        ));
    };
    let period = site.periods[index].clone();
    let previous = index.checked_sub(1).and_then(|i| assess::assess(site, &site.periods[i].id));
    let mut sources = crate::diagnostic::Sources::default();
    let mut diags = Vec::new();
    let theme = crate::theme::load(root, &site.config.theme, &mut sources, &mut diags);
    if let Some(d) = diags.first() {
        return Err(d.render(&sources));
    }
    let labels = StatusLabels::from_theme(&theme);
    Ok(Prepared { checked, period, previous, labels })
}

pub struct FormOptions<'a> {
    pub root: &'a Path,
    pub period: &'a str,
    /// Units (id, name or alias) whose rows to include; empty for every unit.
    pub units: &'a [String],
    /// Where to write; by default `bao-cao-<period>[-<unit>].xlsx` in the current directory.
    pub output: Option<PathBuf>,
    /// Where the agencies send the completed form, said on the instructions sheet.
    pub send_to: Option<String>,
    /// Replace a file already at the output path.
    pub force: bool,
}

/// Refuses to write a form where it would replace what the keeper did not mean it to: a path
/// not ending in `.xlsx` (a typo could name `site.toml`), a path among the site's sources
/// (`content/` is published as it is) or a build's output (published at the next build), or an
/// existing file without `force` (it may be a form an agency answered).
/// Returns where to write: `path` made absolute and without `..`, so that a folder the path only
/// passes through (`X/../forms/z.xlsx`) is never made.
fn form_path_allowed(root: &Path, path: &Path, force: bool) -> Result<PathBuf, String> {
    let shown = path.display();
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")) {
        return Err(format!("{shown} does not end in .xlsx; a form is an Excel workbook (give -o FILE.xlsx)"));
    }
    let (at, root) = match (crate::write::absolute(path), crate::write::absolute(root)) {
        (Ok(a), Ok(r)) => (a, r),
        (Err(e), _) | (_, Err(e)) => return Err(format!("cannot resolve {shown}: {e}")),
    };
    if let Some((site, source)) = crate::write::sources_holding(&root, &at) {
        let whose = if site == root { "the site's".to_string() } else { format!("the site at {}:", site.display()) };
        return Err(format!(
            "{shown} is inside {whose} `{source}`; write the form outside a site's sources \
             (`content/` is published as it is)"
        ));
    }
    if let Some(output) = crate::archive::keys::inside_build_output(&at) {
        return Err(format!(
            "{shown} is inside {}, the output folder of a build (it holds {}); the next build would \
             publish the form. Write it outside every build output",
            output.display(),
            crate::write::manifest::NAME
        ));
    }
    match std::fs::symlink_metadata(&at) {
        Ok(meta) if meta.is_dir() => Err(format!("{shown} is a folder; give a file name ending in .xlsx")),
        Ok(_) if !force => Err(format!(
            "{shown} already exists and may be a form an agency answered; minhbach does not overwrite it \
             (give another name with -o, or pass --force to replace it)"
        )),
        _ => Ok(at),
    }
}

/// What `form` wrote.
#[derive(Debug)]
pub struct FormMade {
    pub path: PathBuf,
    pub task_rows: usize,
    pub value_rows: usize,
    pub units: usize,
}

/// Writes the period's reporting form.
pub fn form(opts: &FormOptions) -> Result<FormMade, String> {
    let prepared = prepare(opts.root, opts.period)?;
    let site = &prepared.checked.site;
    let mut unit_ids = Vec::new();
    let mut unknown = Vec::new();
    let mut index_diags = Vec::new();
    let index = crate::resolve::names::UnitIndex::build(&site.units, &mut index_diags);
    for u in opts.units {
        match index.find(u) {
            Some(id) if !unit_ids.iter().any(|x| x == id) => unit_ids.push(id.to_string()),
            Some(_) => {}
            None => {
                let names = site.units.iter().flat_map(|u| [u.id.as_str(), u.name.as_str()]);
                let near = crate::text::closest(u, names, 3);
                let hint = if near.is_empty() {
                    "units are listed in data/units.toml".to_string()
                } else {
                    format!("did you mean {}?", crate::text::quoted_list(&near, '"'))
                };
                unknown.push(format!("unknown unit \"{u}\"; {hint}"));
            }
        }
    }
    if !unknown.is_empty() {
        return Err(unknown.join("\n"));
    }
    let rows = rows::rows(site, &prepared.period, prepared.previous.as_ref(), &prepared.labels, &unit_ids);
    let unit_names: Vec<String> =
        unit_ids.iter().filter_map(|id| site.units.iter().find(|u| &u.id == id)).map(|u| u.name.clone()).collect();
    let send_to = opts.send_to.clone().unwrap_or_else(|| {
        "bộ phận tổng hợp báo cáo đã gửi biểu mẫu này cho đơn vị (theo địa chỉ ghi trong văn bản đề nghị báo cáo)"
            .into()
    });
    let cover =
        form::Cover { site_title: &site.config.title, period: &prepared.period, units: unit_names, send_to: &send_to };
    let too_long = form::cells_too_long(&rows);
    if !too_long.is_empty() {
        return Err(too_long.join("\n"));
    }
    let bytes =
        form::workbook(&rows, &prepared.labels, &cover).map_err(|e| format!("cannot make the workbook: {e}"))?;
    let path = opts.output.clone().unwrap_or_else(|| {
        let mut name = format!("bao-cao-{}", prepared.period.id);
        if unit_ids.len() == 1 {
            name.push('-');
            name.push_str(&unit_ids[0]);
        }
        PathBuf::from(format!("{name}.xlsx"))
    });
    let at = form_path_allowed(opts.root, &path, opts.force)?;
    merge::write_atomically(&at, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut groups: Vec<&Option<String>> = rows.tasks.iter().chain(&rows.values).map(|r| &r.unit).collect();
    groups.sort();
    groups.dedup();
    Ok(FormMade { path, task_rows: rows.tasks.len(), value_rows: rows.values.len(), units: groups.len() })
}
