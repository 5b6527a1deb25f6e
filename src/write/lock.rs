//! One build at a time for each output folder.
//!
//! Two builds writing one folder at once undid each other: the second took the first one's
//! staged files for a killed build's leftovers and removed them, or read its journal as an
//! interrupted build's and put the previous site back while the first was moving the new one
//! in. So a build holds a lock from the moment it looks at the folder until its files are in
//! place, and a second build waits for it.
//!
//! The lock is taken on the folder that holds the output (the staged folders are made there
//! too), so that it leaves no file behind: builds of two outputs side by side wait for each
//! other as well, which costs only time.
//!
//! An import locks the site's `data/` folder itself ([`take_folder`]) from before it reads the
//! site until its progress files are written: two imports of one period at once each merged
//! over the file as it was before the other, and the one renamed into place last lost the
//! other's answers.

use std::fs;
use std::path::{Path, PathBuf};

/// Held while a build changes a folder; released when dropped (or when the process ends,
/// however it ends).
#[derive(Debug)]
pub struct Lock {
    _held: Option<fs::File>,
}

/// What is locked for `output`: the folder that holds it, or, while that does not exist yet,
/// the nearest folder above it that does (two first builds of one new folder meet there).
pub fn locked_folder(output: &Path) -> Option<PathBuf> {
    output.ancestors().skip(1).find(|dir| dir.is_dir()).map(Path::to_path_buf)
}

/// Takes the lock for `output`, waiting for the build that holds it, if one does: `waiting` is
/// told first, with the folder locked. Where the folder cannot be opened or locked (some
/// network shares, systems without `flock`), a build goes on without the lock, as builds did
/// before there was one: refusing would stop every build there for a rare mishap.
pub fn take(output: &Path, waiting: impl FnOnce(&Path)) -> Lock {
    match locked_folder(output) {
        Some(folder) => hold(&folder, waiting),
        None => Lock { _held: None },
    }
}

/// Takes the lock on `folder` itself (or, while it does not exist, on the nearest folder above
/// it that does), waiting as [`take`] does: for a command that changes files inside a folder
/// rather than the folder, such as an import, which rewrites a progress file in `data/`.
pub fn take_folder(folder: &Path, waiting: impl FnOnce(&Path)) -> Lock {
    match folder.ancestors().find(|dir| dir.is_dir()) {
        Some(folder) => hold(folder, waiting),
        None => Lock { _held: None },
    }
}

fn hold(folder: &Path, waiting: impl FnOnce(&Path)) -> Lock {
    let unlocked = Lock { _held: None };
    if !cfg!(unix) {
        return unlocked;
    }
    let Ok(file) = fs::File::open(folder) else { return unlocked };
    match file.try_lock() {
        Ok(()) => Lock { _held: Some(file) },
        Err(fs::TryLockError::WouldBlock) => {
            waiting(folder);
            match file.lock() {
                Ok(()) => Lock { _held: Some(file) },
                Err(_) => unlocked,
            }
        }
        Err(fs::TryLockError::Error(_)) => unlocked,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = take(&out, |_| panic!("nobody holds it yet"));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no file is left for the lock");
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            // The same output not made yet, one folder deeper: its first existing folder is locked.
            let out = dir.path().join("new/public");
            std::thread::spawn(move || drop(take(&out, |p| tx.send(p.to_path_buf()).unwrap())))
        };
        let told = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert_eq!(told, dir.path());
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!waiter.is_finished(), "the second taker waits while the first holds the lock");
        drop(first);
        waiter.join().unwrap();
        // Released by the second too: a third takes it at once.
        take(&out, |_| panic!("released"));
    }

    #[test]
    fn a_folder_is_locked_itself_and_an_output_by_the_folder_holding_it() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir(&data).unwrap();
        let held = take_folder(&data, |_| panic!("nobody holds it yet"));
        // An output inside `data/` waits for it; one beside it does not.
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let out = data.join("public");
            std::thread::spawn(move || drop(take(&out, |p| tx.send(p.to_path_buf()).unwrap())))
        };
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap(), data);
        drop(take(&dir.path().join("public"), |_| panic!("the site's root is not locked")));
        drop(held);
        waiter.join().unwrap();
        // A folder not made yet: the nearest one above it is locked.
        let root = take_folder(&dir.path().join("new/data"), |_| {});
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = {
            let data = dir.path().join("other");
            std::thread::spawn(move || drop(take_folder(&data, |p| tx.send(p.to_path_buf()).unwrap())))
        };
        assert_eq!(rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap(), dir.path());
        drop(root);
        waiter.join().unwrap();
    }
}
