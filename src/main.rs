use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use minhbach::build::{self, BuildError, BuildOptions};

/// minhbach: static transparency sites from plan data and commentary.
#[derive(Parser)]
#[command(name = "minhbach", version, about)]
struct Cli {
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
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Build the site as it stood at the end of this period.
        #[arg(long, value_name = "PERIOD")]
        as_of: Option<String>,
        /// Open the built home page in the default browser.
        #[arg(long)]
        open: bool,
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
    },
    /// Check every snapshot under archive/ against its manifest and signature.
    Verify {
        #[command(flatten)]
        root: RootArg,
    },
    /// Make an Ed25519 key pair for signing snapshots: FILE (secret) and FILE.pub.
    Keygen {
        /// Where to write the secret key; keep it out of the site's repository.
        #[arg(default_value = "minhbach-signing.key", value_name = "FILE")]
        out: PathBuf,
    },
}

/// Opens a file in the desktop's default browser; prints where it is when that is not possible.
fn open_in_browser(path: &std::path::Path) {
    let opener: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let opened = std::process::Command::new(opener[0])
        .args(&opener[1..])
        .arg(path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !opened {
        eprintln!("open {} in a browser to see the site", path.display());
    }
}

fn print_diagnostics(checked: &build::Checked) {
    let text = checked.render_diagnostics();
    if !text.is_empty() {
        eprintln!("{text}");
    }
}

fn summary(checked: &build::Checked) -> String {
    format!("{} error(s), {} warning(s)", checked.errors(), checked.warnings())
}

fn snapshot(root: &std::path::Path, period: &str, sign: Option<&std::path::Path>) -> ExitCode {
    let (checked, result) = minhbach::snapshot::create(root, period, sign);
    if let Some(checked) = &checked {
        print_diagnostics(checked);
    }
    match result {
        Ok(path) => {
            eprintln!("snapshot of {period} written to {}", path.display());
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

fn verify(root: &std::path::Path) -> ExitCode {
    let (archives, problems) = minhbach::archive::load(root);
    for p in &problems {
        eprint!("{}", p.render(&Default::default()));
    }
    for a in &archives {
        let signed = if a.signed { ", signature valid" } else { "" };
        eprintln!(
            "archive/{}: {} files match MANIFEST.sha256 (sha256 {}){signed}",
            a.period,
            a.files.len() - 1 - usize::from(a.signed),
            a.manifest_digest
        );
    }
    if problems.is_empty() {
        eprintln!("{} snapshot(s) verified", archives.len());
        ExitCode::SUCCESS
    } else {
        eprintln!("verification failed: {} problem(s)", problems.len());
        ExitCode::FAILURE
    }
}

fn keygen(out: &std::path::Path) -> ExitCode {
    use minhbach::archive::keys;
    let public = out.with_extension("pub");
    if out.exists() || public.exists() {
        eprintln!("error: {} or {} already exists; not overwriting a key", out.display(), public.display());
        return ExitCode::FAILURE;
    }
    let key = match keys::generate() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let written = write_private(out, &keys::secret_file(&key))
        .and_then(|_| std::fs::write(&public, keys::public_file(&key.verifying_key())));
    match written {
        Ok(()) => {
            eprintln!("secret key: {} (keep it private)\npublic key: {}", out.display(), public.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the key: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes a file only its owner can read, where the platform supports it.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Snapshot { period, root, sign } => snapshot(&root.root, &period, sign.as_deref()),
        Command::Verify { root } => verify(&root.root),
        Command::Keygen { out } => keygen(&out),
        Command::Check { root, as_of } => {
            let checked = build::check(&root.root, as_of.as_deref());
            print_diagnostics(&checked);
            eprintln!("{}", summary(&checked));
            if checked.errors() > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }
        Command::Build { root, output, base_url, as_of, open } => {
            let output = output.unwrap_or_else(|| root.root.join("public"));
            let opts = BuildOptions { root: root.root, output, base_url, as_of };
            let (checked, result) = build::build(&opts);
            print_diagnostics(&checked);
            match result {
                Ok(built) => {
                    eprintln!(
                        "built {} pages, {} charts ({} files) into {} ({})",
                        built.pages,
                        built.charts,
                        built.files,
                        built.output.display(),
                        summary(&checked)
                    );
                    if open {
                        open_in_browser(&built.output.join("index.html"));
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Input) => {
                    eprintln!("build failed: {}; nothing was written", summary(&checked));
                    ExitCode::FAILURE
                }
                Err(BuildError::Output(message)) => {
                    eprintln!("error: {message}\nbuild failed; nothing was written");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
