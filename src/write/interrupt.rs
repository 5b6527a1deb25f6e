//! Ctrl-C, or a signal to terminate, during a build: the output folder is never left half
//! old, half new, and no staged files are left behind. While the live site is being changed
//! (the renames that put the new files in place, or undo them) a signal waits for the change
//! to finish; at any other time the build stops at once, its staged files removed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Held while the live site changes; a signal takes it before ending the process.
static GATE: Mutex<()> = Mutex::new(());
/// The folders builds are staging files in now.
static STAGING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Set once a signal came: no more files are staged.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Ends the process on Ctrl-C or a termination signal as above. `false` when a handler is
/// already in place (a preview server's own).
pub fn install() -> bool {
    ctrlc::set_handler(|| {
        let _changing = GATE.lock().unwrap_or_else(|e| e.into_inner());
        STOPPING.store(true, Ordering::SeqCst);
        let staging = std::mem::take(&mut *STAGING.lock().unwrap_or_else(|e| e.into_inner()));
        for folder in staging {
            // A working folder that holds a journal holds the previous site's files too (a
            // change that could not be undone): the next build puts them back.
            // A file being written as the signal came may land after a first removal.
            for _ in 0..10 {
                if folder.join(super::sync::JOURNAL).exists() || fs::remove_dir_all(&folder).is_ok() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        eprintln!("interrupted: the output folder was left as it was, or as the finished build made it");
        std::process::exit(130);
    })
    .is_ok()
}

/// Whether a signal came: a file staged now would be left behind.
pub(super) fn stopping() -> bool {
    STOPPING.load(Ordering::SeqCst)
}

/// Records `folder` as one a build stages files in, until [`unstaged`].
pub(super) fn staging(folder: &Path) {
    STAGING.lock().unwrap_or_else(|e| e.into_inner()).push(folder.to_path_buf());
}

pub(super) fn unstaged(folder: &Path) {
    STAGING.lock().unwrap_or_else(|e| e.into_inner()).retain(|f| f != folder);
}

/// Runs `change` (which changes the live site) with signals held until it is done.
pub(super) fn changing<T>(change: impl FnOnce() -> T) -> T {
    let _changing = GATE.lock().unwrap_or_else(|e| e.into_inner());
    change()
}
