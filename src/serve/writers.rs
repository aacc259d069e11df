//! Whether another program holds a file open for writing.
//!
//! An editor saving in place truncates the file, then writes it, then
//! closes it. The file system shows each step at once, but the watcher
//! hears of it only once the kernel has queued its event, which on a busy
//! machine can come tens of milliseconds later: a rebuild can read a file
//! a save has just emptied, and no event yet says so. The file being open
//! for writing says so at once, for the whole of the save.
//!
//! Linux tells it without reading the other program's state: a read lease
//! (`fcntl(F_SETLEASE, F_RDLCK)`) cannot be taken on a file that any
//! process has open for writing (`EAGAIN`). The lease is given back at
//! once; an editor that opens the file in that moment waits for it, and
//! the signal that tells a lease holder to give it back (`SIGIO`) is
//! ignored (see [`prepare`]). Where a lease cannot be taken at all (a file
//! of another user's, a file system without leases, another system), the
//! answer is `None`: the watcher's events alone decide, as before.

use std::path::Path;

/// Makes the process ready to take leases: the signal a broken lease sends
/// would otherwise end it. Called once, when the preview starts.
pub fn prepare() {
    #[cfg(target_os = "linux")]
    // SAFETY: setting SIGIO's disposition to "ignore" installs no handler
    // (no code runs on the signal); nothing else in tailor uses SIGIO.
    unsafe {
        libc::signal(libc::SIGIO, libc::SIG_IGN);
    }
}

/// Whether some process holds the file at `path` open for writing; `None`
/// when this cannot be told here.
#[cfg(target_os = "linux")]
pub fn open_for_writing(path: &Path) -> Option<bool> {
    use std::os::fd::AsRawFd;
    // Read-only: a read lease is taken on a descriptor opened for reading.
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let fd = file.as_raw_fd();
    // SAFETY: `fd` is an open descriptor owned by `file`, which outlives
    // both calls; F_SETLEASE takes an int argument.
    let taken = unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_RDLCK) };
    if taken == 0 {
        // SAFETY: as above.
        unsafe { libc::fcntl(fd, libc::F_SETLEASE, libc::F_UNLCK) };
        return Some(false);
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EAGAIN) => Some(true),
        // EACCES: not the owner's file; EINVAL: no leases on this file
        // system.
        _ => None,
    }
}

#[cfg(not(target_os = "linux"))]
pub fn open_for_writing(_path: &Path) -> Option<bool> {
    None
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_file_open_for_writing_is_seen_and_a_closed_one_is_not() {
        prepare();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("affiliates.yaml");
        std::fs::write(&path, "- name: Ann\n").unwrap();
        let readable = open_for_writing(&path);
        // Leases need the file's owner (or CAP_LEASE): a test run as
        // someone else cannot tell, and says so.
        let Some(open) = readable else {
            panic!("cannot take a lease on a file of one's own here");
        };
        assert!(!open);
        // An editor saving in place: emptied and held open.
        let mut writer = std::fs::File::create(&path).unwrap();
        assert_eq!(open_for_writing(&path), Some(true));
        writer.write_all(b"- name: Ann\n").unwrap();
        assert_eq!(open_for_writing(&path), Some(true));
        // Read by another program: not written.
        drop(writer);
        let _reader = std::fs::File::open(&path).unwrap();
        assert_eq!(open_for_writing(&path), Some(false));
        // A writer that opens the file just after the lease was taken
        // waits for it to be given back, and the process lives on.
        for _ in 0..200 {
            let opening = path.clone();
            let opener = std::thread::spawn(move || std::fs::File::create(&opening).map(drop));
            let _ = open_for_writing(&path);
            opener.join().unwrap().unwrap();
        }
    }
}
