//! How the allocator of the `minhbach` command (mimalloc) is tuned.

/// Keeps the memory the process frees for its next allocations instead of handing it back to
/// the system. A build frees and allocates the data of every kind of page in turn: handed back,
/// each reuse cost a page fault and the zeroing of the page, a fifth of a national build's
/// time. For a command that runs once this costs nothing, and its peak memory is unchanged; a
/// preview server's rebuilds each need about as much as the last, so its memory stays at the
/// largest one's.
pub fn keep_freed_memory() {
    no_huge_pages();
    // `mi_option_purge_delay` in mimalloc 3's `mi_option_e`, which the bindings do not name
    // (hence libmimalloc-sys is pinned): milliseconds before freed memory is handed back; -1
    // for never.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets a number mimalloc reads when it decides to purge; mimalloc's options are
    // plain integers, and a rebuild on another thread reads the old or the new value.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// Gives the process's memory to it in small pages only. With transparent huge pages, which
/// mimalloc asks for, each first touch of a 2 MiB region has the kernel clear all of it, used
/// or not: a national build spent a sixth of its CPU there (system time 3.0 s against 1.5 s
/// without, 0.9 s of wall time). The memory the process keeps is what it uses either way.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: `PR_SET_THP_DISABLE` takes plain integers and changes only how the kernel backs
    // this process's future page faults; an error (an old kernel) leaves things as they were.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn option_fifteen_is_the_purge_delay() {
        // Its default in mimalloc 3 is a second; no neighbouring option defaults to 1000, so a
        // renumbered enum fails here rather than tuning some other option.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reads an integer option.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(15) }, 1000);
        super::keep_freed_memory();
        // SAFETY: as above.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(15) }, -1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn huge_pages_are_turned_off() {
        super::no_huge_pages();
        // SAFETY: reads the process's flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) }, 1);
    }
}
