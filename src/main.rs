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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
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
