//! `minhbach build`: the site rendered by the pipeline, written into its output folder.

use std::path::PathBuf;

use crate::cache::{Cache, replay};
use crate::output::Files;
pub use crate::pipeline::{Checked, Mode, check, check_with_archives, render_files, render_into};
use crate::write;

pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub as_of: Option<String>,
    /// Replace an output folder that minhbach did not make.
    pub force: bool,
    /// Shown while pages render; `None` for no progress display.
    pub progress: Option<indicatif::ProgressBar>,
    /// Told, with the folder locked, that another build is writing there, before this one waits
    /// for it to finish (see [`write::lock`]).
    pub waiting: Option<fn(&std::path::Path)>,
}

/// What a successful build wrote.
pub struct Built {
    pub files: usize,
    pub pages: usize,
    pub charts: usize,
    /// Of `pages`, those kept as the folder's last build left them: every kind of page whose
    /// inputs did not change.
    pub kept: usize,
    /// Share pictures taken from the cache, drawn by an earlier build.
    pub pictures_found: usize,
    pub output: PathBuf,
    pub written: write::Written,
    /// What was cleaned up from an interrupted build, and other notes for the keeper.
    pub notes: Vec<String>,
}

#[derive(Debug)]
pub enum BuildError {
    /// The input has errors; nothing was written.
    Input,
    /// The output folder was refused; nothing was written.
    Refused(String),
    /// Writing failed; `restored` says whether the previous site is back in place.
    Failed { message: String, restored: bool },
}

/// What `f` gives, and how long it took.
/// Everything a build of the site would find wrong, without writing anything: the inputs as
/// [`check`] reads them and, when they are sound, what only rendering finds (the theme, the
/// files under `content/`, two files or a file and a folder at one path).
pub fn check_everything(root: &std::path::Path, as_of: Option<&str>) -> Checked {
    let mut checked = check(root, as_of);
    if checked.assessment.is_none() || checked.errors() > 0 {
        crate::pipeline::check_unrendered(root, &mut checked);
        return checked;
    }
    let archives = std::mem::take(&mut checked.archives);
    let files = Files::streaming(std::sync::Arc::new(crate::output::Discard));
    // No warning about a missing base_url: a build may be given it (`--base-url`), a check
    // cannot know.
    let _ = render_into(root, &mut checked, None, Mode::Live { archives: &archives }, Default::default(), files);
    checked.archives = archives;
    checked
}

/// Builds the site; on any error nothing in the output directory changes.
pub fn build(opts: &BuildOptions) -> (Checked, Result<Built, BuildError>) {
    let root = match write::absolute(&opts.root) {
        Ok(r) => r,
        Err(e) => {
            let checked = check(&opts.root, opts.as_of.as_deref());
            return (checked, Err(BuildError::Refused(e.to_string())));
        }
    };
    // Taken before the sources are read: a file changed while the build runs makes the next
    // build's digest differ, never this one's record wrong.
    // The snapshots are verified meanwhile, on the other core: they are not sources.
    let options = format!("base_url={:?} as_of={:?}", opts.base_url, opts.as_of);
    let cache = Cache::of(&root);
    let known = crate::cache::stamps::Known::read(&cache);
    let mut timings = crate::timings::Timings::default();
    // One stage, whose processor time counts both: the digest is taken alongside.
    let started = crate::timings::Start::now();
    let ((digests, digest_took), (archives, archive_found)) = rayon::join(
        || crate::pipeline::timed(|| crate::inputs::digests(&root, &options, crate::inputs::Archive::Beside)),
        || crate::archive::load_knowing(&root, crate::archive::Hold::Read, &known),
    );
    let digests = digests.map(|d| d.with_snapshots(&archives));
    timings.stop("archives", started);
    timings.add("archives: inputs digest", digest_took);
    // A cache that cannot be written leaves the next build to hash the snapshots again.
    let verified = crate::cache::stamps::Known::of(&archives);
    if verified != known {
        let _ = verified.keep(&cache);
    }
    let inputs = digests.map(|d| hex::encode(d.whole));
    // Inputs built before without error are not checked again unless the output needs
    // rendering: what that build found is told as it was (see `cache::replay`).
    let recalled = inputs.as_deref().filter(|_| archive_found.is_empty()).and_then(|i| replay::recall(&cache, i));
    let recalling = recalled.is_some();
    let mut checked = match recalled {
        Some(found) => Checked::recalled(archives, found, timings),
        None => {
            let mut checked =
                check_with_archives(&root, opts.as_of.as_deref(), (archives, archive_found), None, None, false);
            checked.timings = timings.then(std::mem::take(&mut checked.timings));
            if checked.assessment.is_none() {
                crate::pipeline::check_unrendered(&root, &mut checked);
                return (checked, Err(BuildError::Input));
            }
            checked
        }
    };
    if let Err(e) = write::refuse_linked_output(&opts.output) {
        return (checked, Err(BuildError::Refused(e)));
    }
    let output = match write::absolute(&opts.output) {
        Ok(o) => o,
        Err(e) => return (checked, Err(BuildError::Refused(e.to_string()))),
    };
    // Held until the new files are in place: another build of the folder waits meanwhile.
    let _lock = write::lock::take(&output, |folder| {
        if let Some(told) = opts.waiting {
            told(folder)
        }
    });
    let mut notes = Vec::new();
    let prepared = checked.timings.time("prepare output", || write::prepare(&root, &output, opts.force, &mut notes));
    let prepared = match prepared {
        Ok(p) => p,
        // What was put right in the folder first (an interrupted build undone) is said too.
        Err(e) => {
            let done: String = notes.iter().map(|n| format!("\nnote: {n}")).collect();
            return (checked, Err(BuildError::Refused(format!("{e}{done}"))));
        }
    };
    // A secret key among the files `--force` would delete stops the build before anything
    // changes: a lost signing key can never sign the site's next snapshot.
    if let write::Prepared::Forced(taken) = &prepared {
        let secrets = crate::archive::published::secret_keys_taken_over(&output, &taken.paths);
        if !secrets.is_empty() {
            checked.diagnostics.extend(secrets);
            return (checked, Err(BuildError::Input));
        }
    }
    if !recalling && let Err(e) = checked_for(&root, &output, &prepared, opts, &mut checked) {
        return (checked, Err(e));
    }
    if let Some(built) = up_to_date(&prepared, inputs.as_deref(), &output, &mut notes) {
        // A secret key among the files others put in the folder would be published with it.
        let secrets = crate::archive::published::secret_keys(&output, &built.written.synced.foreign);
        if !secrets.is_empty() {
            checked.diagnostics.extend(secrets);
            return (checked, Err(BuildError::Input));
        }
        if let (false, Some(inputs)) = (recalling, &inputs) {
            let _ = replay::keep(&cache, inputs, &checked);
        }
        return (checked, Ok(built));
    }
    // The output must be rendered after all: the site is checked and loaded for it.
    if recalling {
        let archives = (std::mem::take(&mut checked.archives), Vec::new());
        let mut fresh = check_with_archives(&root, opts.as_of.as_deref(), archives, None, None, false);
        fresh.timings = std::mem::take(&mut checked.timings).then(std::mem::take(&mut fresh.timings));
        checked = fresh;
        if checked.assessment.is_none() {
            crate::pipeline::check_unrendered(&root, &mut checked);
            return (checked, Err(BuildError::Input));
        }
        if let Err(e) = checked_for(&root, &output, &prepared, opts, &mut checked) {
            return (checked, Err(e));
        }
    }
    let archives = std::mem::take(&mut checked.archives);
    let mode = Mode::Live { archives: &archives };
    // Files go to the stage beside the site as they are rendered; the site changes at commit.
    let stage = match write::Stage::begin(&output, &prepared) {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => return (checked, Err(sync_error(&output, e))),
    };
    let files = Files::streaming(stage.clone());
    let pictures = crate::cache::pictures::Pictures::of(&cache);
    // Meanwhile the files others put in the folder are searched for a secret key, which would
    // be published with them.
    let (rendered, secrets) = rayon::join(
        || {
            render_into(
                &root,
                &mut checked,
                opts.base_url.as_deref(),
                mode,
                // The digests also let each kind of page whose inputs did not change be kept
                // from the folder's last build (see `render::sections`).
                crate::render::Run {
                    progress: opts.progress.as_ref(),
                    inputs: digests,
                    pictures: Some(&pictures),
                    ..Default::default()
                },
                files,
            )
        },
        || match &prepared {
            write::Prepared::Ours(previous) => crate::archive::published::secret_keys_in(&output, previous),
            _ => Vec::new(),
        },
    );
    let no_secrets = secrets.is_empty();
    checked.diagnostics.extend(secrets);
    let (files, rendered) = match rendered {
        Some(r) if no_secrets => r,
        // Dropped uncommitted, the stage removes what it wrote.
        _ => return (checked, Err(BuildError::Input)),
    };
    let paths: std::collections::BTreeSet<String> = files.paths().into_iter().cloned().collect();
    drop(files);
    // The rendered files were the stage's only other owner, and they are gone.
    let Ok(stage) = std::sync::Arc::try_unwrap(stage) else {
        let message = "the staged files are still in use".to_string();
        return (checked, Err(BuildError::Failed { message, restored: true }));
    };
    let written = checked.timings.time("write", || {
        let recorded = inputs.clone().map(|inputs| write::manifest::Recorded {
            inputs,
            pages: rendered.pages,
            charts: rendered.charts,
        });
        stage.commit(&paths.iter().collect(), recorded.as_ref())
    });
    let written = match written {
        Ok(w) => w,
        Err(e) => return (checked, Err(sync_error(&output, e))),
    };
    if let Some(inputs) = &inputs {
        let _ = replay::keep(&cache, inputs, &checked);
    }
    let pictures_found = pictures.found();
    let _ = pictures.keep();
    let built = Built {
        files: paths.len(),
        pages: rendered.pages,
        charts: rendered.charts,
        kept: rendered.kept,
        pictures_found,
        output,
        written,
        notes,
    };
    (checked, Ok(built))
}

/// What a build checks of the site against its output folder, once it has it: that no
/// snapshot its last build published was withdrawn; and the warning said by every build that
/// has no base URL, the one that finds nothing changed too.
fn checked_for(
    root: &std::path::Path,
    output: &std::path::Path,
    prepared: &write::Prepared,
    opts: &BuildOptions,
    checked: &mut Checked,
) -> Result<(), BuildError> {
    if let (write::Prepared::Ours(previous), Some(assessment)) = (prepared, &checked.assessment) {
        let as_of = &assessment.as_of;
        let withdrawn =
            crate::archive::published::withdrawn(root, output, previous, &checked.archives, &checked.site, as_of);
        if !withdrawn.is_empty() {
            checked.diagnostics.extend(withdrawn);
            return Err(BuildError::Input);
        }
    }
    if checked.site.config.base_url.is_none() && opts.base_url.is_none() {
        checked.diagnostics.push(crate::render::share::no_base_url_warning());
    }
    Ok(())
}

/// The build that made `output` read exactly these inputs, and every file it wrote is still
/// there at its size: there is nothing to do.
fn up_to_date(
    prepared: &write::Prepared,
    inputs: Option<&str>,
    output: &std::path::Path,
    notes: &mut Vec<String>,
) -> Option<Built> {
    use rayon::prelude::*;
    let write::Prepared::Ours(manifest) = prepared else { return None };
    let recorded = manifest.recorded.as_ref()?;
    if Some(recorded.inputs.as_str()) != inputs || manifest.sizes.len() != manifest.paths.len() {
        return None;
    }
    // Files put in the folder by others are named by every build, this one too.
    let (intact, foreign) = rayon::join(
        || {
            manifest.sizes.par_iter().all(|(path, size)| {
                std::fs::symlink_metadata(output.join(path)).is_ok_and(|m| m.is_file() && m.len() == *size)
            })
        },
        || write::sync::foreign_files(output, &Default::default(), manifest),
    );
    if !intact {
        return None;
    }
    notes.push("nothing changed since the last build of this folder".to_string());
    let synced = write::Synced { unchanged: manifest.paths.len(), foreign, ..Default::default() };
    Some(Built {
        files: manifest.paths.len(),
        pages: recorded.pages,
        charts: recorded.charts,
        kept: recorded.pages,
        pictures_found: 0,
        output: output.to_path_buf(),
        written: write::Written { synced, whole: false, forced: false },
        notes: std::mem::take(notes),
    })
}

fn sync_error(output: &std::path::Path, e: write::SyncError) -> BuildError {
    match e {
        write::SyncError::Refused(message) => BuildError::Refused(message),
        write::SyncError::Failed { message, restored } => {
            BuildError::Failed { message: format!("cannot write {}: {message}", output.display()), restored }
        }
    }
}
