use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, Parser, Subcommand};

use minhbach::build::{self, BuildError, BuildOptions, Checked};

// Rendering allocates many small strings on both cores; mimalloc spends a third of the time
// the system allocator did on them, and returns large picture buffers without page faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// minhbach: static transparency sites from plan data and commentary.
#[derive(Parser)]
#[command(name = "minhbach", version, about)]
struct Cli {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail: how long a check took, how many files a build wrote and where.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct RootArg {
    /// The site's directory (holding site.toml).
    #[arg(long, default_value = ".", value_name = "DIR")]
    root: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the site; print every problem. Exits 1 when there are errors.
    Check {
        #[command(flatten)]
        root: RootArg,
        /// Assess as of this period instead of the site's current one.
        #[arg(long, value_name = "PERIOD")]
        as_of: Option<String>,
    },
    /// Build the site into the output directory, replacing it only when everything succeeded.
    Build {
        #[command(flatten)]
        root: RootArg,
        /// Where to write the site [default: public/ under the root].
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The public address, used only for canonical links, the sitemap and feeds.
        #[arg(long, value_name = "URL", value_parser = minhbach::load::links::base_url)]
        base_url: Option<String>,
        /// Build the site as it stood at the end of this period.
        #[arg(long, value_name = "PERIOD")]
        as_of: Option<String>,
        /// Replace the output folder even if minhbach did not make it (deletes what it holds).
        #[arg(long)]
        force: bool,
        /// Open the built home page in the default browser.
        #[arg(long)]
        open: bool,
        /// Print how long each stage took (load, resolve, assess, render, write).
        #[arg(long)]
        timings: bool,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading pages as files change.
    Serve {
        #[command(flatten)]
        root: RootArg,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Show the pages marked `draft = true`, each with a banner saying so (a build never
        /// publishes them).
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new, working site in DIR (which must be missing, empty, or hold only a repository such as .git).
    Init { dir: PathBuf },
    /// Add something to a site.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Freeze the site as of PERIOD into archive/PERIOD/, with a manifest of digests.
    Snapshot {
        /// The reporting period to freeze, e.g. 2026-Q2.
        period: String,
        #[command(flatten)]
        root: RootArg,
        /// Sign the manifest with this Ed25519 secret key (made by `minhbach keygen`).
        #[arg(long, value_name = "KEYFILE")]
        sign: Option<PathBuf>,
        /// Freeze a period that has not ended yet or has no report (a snapshot is never redone).
        #[arg(long)]
        force: bool,
    },
    /// Check every snapshot under archive/ against its manifest and signature.
    Verify {
        #[command(flatten)]
        root: RootArg,
    },
    /// Make an Ed25519 key pair for signing snapshots: FILE (secret) and FILE with .pub in place of its extension (public).
    Keygen {
        /// Where to write the secret key; keep it out of the site's repository.
        #[arg(default_value = "minhbach-signing.key", value_name = "FILE")]
        out: PathBuf,
    },
    /// Write a period's reporting form as an Excel workbook, for one agency or all of them.
    Form {
        /// The reporting period, e.g. 2026-Q3.
        period: String,
        #[command(flatten)]
        root: RootArg,
        /// Only this unit's tasks and indicators (id, name or alias); repeat for several.
        #[arg(long = "unit", value_name = "ID")]
        units: Vec<String>,
        /// Where to write [default: bao-cao-PERIOD[-UNIT].xlsx in the current directory].
        #[arg(long, short, value_name = "FILE.xlsx")]
        output: Option<PathBuf>,
        /// Where agencies send the completed form, as the instructions sheet says it.
        #[arg(long, value_name = "TEXT")]
        send_to: Option<String>,
        /// Replace a file already at the output path (it may be a form an agency answered).
        #[arg(long)]
        force: bool,
    },
    /// Read answered forms (.xlsx, .xls, .ods, .csv) and merge them into the period's progress file.
    Import {
        /// The files, one per agency.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        root: RootArg,
        /// The period the answers are for [default: the period the files name].
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// Print what would change without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Allow changing figures already published in a snapshot; they are shown as revisions.
        #[arg(long)]
        revise: bool,
        /// Where an answer and the progress file both changed since the form was made, take the form's.
        #[arg(long, conflicts_with = "keep_mine")]
        take_form: bool,
        /// Where an answer and the progress file both changed since the form was made, keep the file's.
        #[arg(long)]
        keep_mine: bool,
    },
    /// Print shell completions for SHELL (bash, zsh, fish, powershell, elvish).
    Completions { shell: clap_complete::Shell },
}

#[derive(Subcommand)]
enum NewCommand {
    /// Add a reporting period and its progress form, pre-filled with the last reports.
    Period {
        /// The period's id: 2026-Q4 (quarter), 2026-H2 (half year), 2026-10 (month) or 2026.
        id: String,
        #[command(flatten)]
        root: RootArg,
    },
}

/// How much to print.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

struct Out {
    level: Verbosity,
}

impl Out {
    fn info(&self, text: &str) {
        if self.level >= Verbosity::Normal {
            eprintln!("{text}");
        }
    }

    fn detail(&self, text: &str) {
        if self.level == Verbosity::Verbose {
            eprintln!("{text}");
        }
    }

    /// Errors always; warnings unless quiet.
    fn diagnostics(&self, checked: &Checked) {
        for d in &checked.diagnostics {
            if d.is_error() || self.level >= Verbosity::Normal {
                eprintln!("{}", d.render(&checked.sources));
            }
        }
    }
}

fn summary(checked: &Checked) -> String {
    format!("{} error(s), {} warning(s)", checked.errors(), checked.warnings())
}

fn check(out: &Out, root: &Path, as_of: Option<&str>) -> ExitCode {
    let started = Instant::now();
    let checked = build::check_everything(root, as_of);
    out.diagnostics(&checked);
    out.info(&summary(&checked));
    out.detail(&format!("checked in {} ms", started.elapsed().as_millis()));
    if checked.errors() > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn progress_bar(out: &Out) -> Option<indicatif::ProgressBar> {
    if out.level == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}

/// The first `n` of `paths`, and how many more there are.
fn some_of(paths: &[String], n: usize) -> String {
    let shown = paths.iter().take(n).map(String::as_str).collect::<Vec<_>>().join(", ");
    match paths.len().saturating_sub(n) {
        0 => shown,
        more => format!("{shown} and {more} more (--verbose lists them all)"),
    }
}

/// Said when another build is writing into the folder of the output.
fn waiting_note(folder: &std::path::Path) {
    eprintln!("note: another build is writing into {}; waiting for it to finish", folder.display());
}

/// Said when another import (or new period) is writing into the site's `data/` folder.
fn import_waiting_note(folder: &std::path::Path) {
    eprintln!("note: another import is writing into {}; waiting for it to finish", folder.display());
}

fn build_site(out: &Out, opts: BuildOptions, open: bool, timings: bool) -> ExitCode {
    let started = Instant::now();
    minhbach::write::interrupt::install();
    let (checked, result) = build::build(&opts);
    if let Some(bar) = &opts.progress {
        bar.finish_and_clear();
    }
    out.diagnostics(&checked);
    let ms = started.elapsed().as_millis();
    if timings {
        eprintln!("timings:\n{}", checked.timings.report());
    }
    match result {
        Ok(built) => {
            for note in &built.notes {
                out.info(&format!("note: {note}"));
            }
            let w = &built.written.synced;
            if !w.foreign.is_empty() && out.level >= Verbosity::Normal {
                eprintln!(
                    "warning: {} holds {} file(s) that minhbach did not write, left as they are and published with the site: {}",
                    built.output.display(),
                    w.foreign.len(),
                    some_of(&w.foreign, if out.level == Verbosity::Verbose { usize::MAX } else { 5 })
                );
            }
            if built.written.forced && !w.removed.is_empty() && out.level >= Verbosity::Normal {
                eprintln!(
                    "note: --force removed {} file(s) from {} that the site does not make: {}",
                    w.removed.len(),
                    built.output.display(),
                    some_of(&w.removed, if out.level == Verbosity::Verbose { usize::MAX } else { 20 })
                );
            }
            out.info(&format!("{} pages, {} charts in {ms} ms ({})", built.pages, built.charts, summary(&checked)));
            if built.written.whole {
                out.detail(&format!("{} files written to {}", built.files, built.output.display()));
            } else {
                // Every file removed is named (with --force, above).
                let named = if built.written.forced || w.removed.is_empty() {
                    String::new()
                } else {
                    format!(": {}", some_of(&w.removed, usize::MAX))
                };
                out.detail(&format!(
                    "{}: {} file(s) written, {} unchanged, {} removed{named}",
                    built.output.display(),
                    w.written,
                    w.unchanged,
                    w.removed.len()
                ));
                if built.kept > 0 {
                    out.detail(&format!(
                        "{} of the pages kept from the last build: their inputs did not change",
                        built.kept
                    ));
                }
            }
            if let Some(note) = minhbach::cache::pictures::taken(built.pictures_found) {
                out.detail(&note);
            }
            if open {
                minhbach::browser::open(&built.output.join("index.html").to_string_lossy());
            }
            ExitCode::SUCCESS
        }
        Err(BuildError::Input) => {
            eprintln!("build failed: {}; nothing was written", summary(&checked));
            ExitCode::FAILURE
        }
        Err(BuildError::Refused(message)) => {
            eprintln!("error: {message}\nbuild failed; nothing was written");
            ExitCode::FAILURE
        }
        Err(BuildError::Failed { message, restored }) => {
            let state = if restored {
                "the previous site is in place, unchanged"
            } else {
                "the previous site could not be fully restored; the next build will finish restoring it"
            };
            eprintln!("error: {message}\nbuild failed; {state}");
            ExitCode::FAILURE
        }
    }
}

fn snapshot(out: &Out, root: &Path, period: &str, sign: Option<&Path>, force: bool) -> ExitCode {
    let opts = minhbach::snapshot::SnapshotOptions { root, period, sign_with: sign, force };
    let (checked, result) = minhbach::snapshot::create(&opts);
    if let Some(checked) = &checked {
        out.diagnostics(checked);
    }
    match result {
        Ok(snap) => {
            out.info(&format!("snapshot of {period} written to {}", snap.path.display()));
            // The one number that pins this snapshot and, through the chain, every earlier one.
            println!("{}  archive/{period}/MANIFEST.sha256", snap.digest);
            out.info("publish this digest where the web host cannot change it (an official letter, a post): it lets anyone check this snapshot and every earlier one");
            ExitCode::SUCCESS
        }
        Err(minhbach::snapshot::SnapshotError::Input) => {
            let summary = checked.as_ref().map(summary).unwrap_or_default();
            eprintln!("snapshot failed: {summary}; nothing was written");
            ExitCode::FAILURE
        }
        Err(minhbach::snapshot::SnapshotError::Other(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn verify(out: &Out, root: &Path) -> ExitCode {
    let (archives, problems) = minhbach::archive::verify::load(root);
    for p in &problems {
        eprint!("{}", p.render(&Default::default()));
    }
    // A snapshot some problem names is not said to be sound: its files may match a manifest
    // that is itself what was changed.
    let named = |period: &str| {
        let folder = format!("archive/{period}");
        problems.iter().any(|p| p.message.contains(&folder) || p.help.as_deref().is_some_and(|h| h.contains(&folder)))
    };
    for a in &archives {
        if named(&a.period) {
            out.info(&format!("archive/{}: NOT verified (see the problems above)", a.period));
            continue;
        }
        let signed = if a.signed { ", signature valid" } else { "" };
        out.info(&format!(
            "archive/{}: every file matches MANIFEST.sha256 (sha256 {}){signed}",
            a.period, a.manifest_digest
        ));
    }
    // A warning (a secret key left beside the snapshots) is said, but every snapshot is sound.
    let errors = problems.iter().filter(|p| p.is_error()).count();
    if errors == 0 {
        out.info(&format!("{} snapshot(s) verified", archives.len()));
        ExitCode::SUCCESS
    } else {
        eprintln!("verification failed: {errors} problem(s)");
        ExitCode::FAILURE
    }
}

/// A new key pair for signing snapshots (see `archive::keygen`).
fn keygen(out: &Out, path: &Path) -> ExitCode {
    let made = minhbach::archive::keygen::make_pair(path)
        .map(|public| format!("secret key: {} (keep it private)\npublic key: {}", path.display(), public.display()));
    done(made, out)
}

fn form(out: &Out, opts: &minhbach::sheet::FormOptions) -> ExitCode {
    done(
        minhbach::sheet::form(opts).map(|made| {
            format!(
                "wrote {}: {} task row(s), {} indicator row(s) in {} group(s)",
                made.path.display(),
                made.task_rows,
                made.value_rows,
                made.units
            )
        }),
        out,
    )
}

fn import(out: &Out, opts: &minhbach::sheet::ImportOptions) -> ExitCode {
    use minhbach::sheet::ImportError;
    match minhbach::sheet::import(opts) {
        Ok(imported) => {
            if out.level >= Verbosity::Normal {
                for w in &imported.warnings {
                    eprintln!("{}", w.render());
                }
                print!("{}", imported.report);
            }
            for path in &imported.written {
                out.detail(&format!("wrote {}", path.display()));
            }
            ExitCode::SUCCESS
        }
        Err(ImportError::Site(e)) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Err(ImportError::Problems(problems)) => {
            let warnings = problems.iter().filter(|p| p.warning).count();
            eprint!("{}", minhbach::sheet::render_all(&problems, out.level >= Verbosity::Normal));
            let also = match warnings {
                0 => String::new(),
                n => format!(", {n} warning(s)"),
            };
            eprintln!("import failed: {} error(s){also}; nothing was written", problems.len() - warnings);
            ExitCode::FAILURE
        }
    }
}

fn done(result: Result<String, String>, out: &Out) -> ExitCode {
    match result {
        Ok(message) => {
            out.info(&message);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Today's date (UTC), for laying out a new site's first period.
fn today() -> chrono::NaiveDate {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default().date_naive()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let level = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let out = Out { level };
    // See `allocator`. `serve` too: each rebuild needs about as much memory as the last, so
    // what one frees the next uses; its memory stays at the largest rebuild's.
    minhbach::allocator::keep_freed_memory();
    match cli.command {
        Command::Check { root, as_of } => check(&out, &root.root, as_of.as_deref()),
        Command::Build { root, output, base_url, as_of, force, open, timings } => {
            let output = output.unwrap_or_else(|| root.root.join("public"));
            let progress = if timings { None } else { progress_bar(&out) };
            let waiting = (out.level >= Verbosity::Normal).then_some(waiting_note as fn(&std::path::Path));
            let opts = BuildOptions { root: root.root, output, base_url, as_of, force, progress, waiting };
            build_site(&out, opts, open, timings)
        }
        Command::Serve { root, port, open, drafts } => {
            let quiet = level == Verbosity::Quiet;
            let log = move |text: &str| {
                if !quiet {
                    eprintln!("{text}");
                }
            };
            done(
                minhbach::serve::run(
                    minhbach::serve::Options { root: root.root, port, open, timings: cli.verbose, drafts },
                    log,
                )
                .map(|_| String::new()),
                &out,
            )
        }
        Command::Init { dir } => done(
            minhbach::scaffold::init(&dir, today()).map(|files| {
                format!(
                    "created a site with {} files in {}; try `minhbach serve --root {} --open`",
                    files.len(),
                    dir.display(),
                    minhbach::text::shell_word(&dir.to_string_lossy())
                )
            }),
            &out,
        ),
        Command::New { what: NewCommand::Period { id, root } } => done(
            minhbach::scaffold::new_period(&root.root, &id, import_waiting_note).map(|opened| opened.told(&id)),
            &out,
        ),
        Command::Snapshot { period, root, sign, force } => snapshot(&out, &root.root, &period, sign.as_deref(), force),
        Command::Verify { root } => verify(&out, &root.root),
        Command::Keygen { out: path } => keygen(&out, &path),
        Command::Form { period, root, units, output, send_to, force } => form(
            &out,
            &minhbach::sheet::FormOptions { root: &root.root, period: &period, units: &units, output, send_to, force },
        ),
        Command::Import { files, root, period, dry_run, revise, take_form, keep_mine } => {
            use minhbach::sheet::OnConflict;
            let on_conflict = match (take_form, keep_mine) {
                (true, _) => OnConflict::TakeForm,
                (_, true) => OnConflict::KeepMine,
                _ => OnConflict::Refuse,
            };
            let waiting = (out.level >= Verbosity::Normal).then_some(import_waiting_note as fn(&std::path::Path));
            import(
                &out,
                &minhbach::sheet::ImportOptions {
                    root: root.root,
                    files,
                    period,
                    dry_run,
                    revise,
                    on_conflict,
                    waiting,
                },
            )
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "minhbach", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}
