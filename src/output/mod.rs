//! Writing the output folder, all or nothing.
//!
//! A build writes into a fresh staging folder beside the output folder and
//! only swaps it in once every page has been written. A failed or
//! interrupted build leaves the previous output exactly as it was; the
//! staging folder is removed when the build fails, and leftovers of killed
//! builds are removed by the next one.
//!
//! A file whose content is the same as in the previous output is not
//! written again: the staging folder gets a hard link to the old file, so
//! it keeps its modification time and CDN uploads that sync by time or
//! checksum move only what changed.

pub mod files;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostic;

const STAGING_TAG: &str = ".tailor-staging-";
const OLD_TAG: &str = ".tailor-old-";

/// For the test of a build killed mid-write: with
/// `TAILOR_TEST_PAUSE_AFTER=N:MARKER` set, the thread that writes the Nth
/// file creates the file MARKER and stops for good, so the build can never
/// finish and the test kills it at a known point. Nothing else reads the
/// variable.
mod test_hook {
    use std::path::PathBuf;
    use std::sync::LazyLock;

    static PAUSE: LazyLock<Option<(usize, PathBuf)>> = LazyLock::new(|| {
        let value = std::env::var("TAILOR_TEST_PAUSE_AFTER").ok()?;
        let (n, marker) = value.split_once(':')?;
        Some((n.parse().ok()?, PathBuf::from(marker)))
    });

    pub fn pause_after(written: usize) {
        if let Some((n, marker)) = &*PAUSE
            && written == *n
        {
            let _ = std::fs::write(marker, b"");
            loop {
                std::thread::park();
            }
        }
    }
}

/// A staging folder that becomes the output folder on `commit`.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    /// The output folder as it was, when there is one to compare with.
    previous: Option<PathBuf>,
    committed: bool,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

/// What `Staging::write` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrote {
    Written,
    Unchanged,
}

impl Staging {
    /// Prepares to replace `out`. Refuses folders tailor did not write, so a
    /// mistyped `--out` cannot wipe someone's documents.
    pub fn new(out: &Path, root: &Path) -> Result<Staging, Diagnostic> {
        Staging::replacing(out, root, looks_like_output, "tailor did not build")
    }

    /// Prepares to replace `out`, an existing one only when `is_ours` says
    /// the command wrote it; `not_ours` ends the refusal ("refusing to
    /// replace a folder that …").
    pub fn replacing(
        out: &Path,
        root: &Path,
        is_ours: fn(&Path) -> bool,
        not_ours: &str,
    ) -> Result<Staging, Diagnostic> {
        let out = absolute(out);
        let name = out
            .file_name()
            .ok_or_else(|| {
                Diagnostic::error(&out, "the output folder needs a name").hint("pass --out public")
            })?
            .to_string_lossy()
            .into_owned();
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let root_abs = absolute(root);
        let root_canon = fs::canonicalize(&root_abs).unwrap_or(root_abs);
        let out_canon = fs::canonicalize(&out).unwrap_or_else(|_| out.clone());
        if root_canon.starts_with(&out_canon) {
            return Err(
                Diagnostic::error(&out, "the output folder contains the site itself")
                    .hint("build into a folder of its own, e.g. --out public"),
            );
        }
        if out.exists() {
            if !out.is_dir() {
                return Err(
                    Diagnostic::error(&out, "the output path exists and is not a folder")
                        .hint("remove it or choose another --out"),
                );
            }
            if !is_ours(&out) {
                return Err(Diagnostic::error(
                    &out,
                    format!("refusing to replace a folder that {not_ours}"),
                )
                .hint("remove it, or choose another --out"));
            }
        }
        fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the folder", e))?;
        clean_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_TAG}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)
                .map_err(|e| io_error(&dir, "cannot clear the staging folder", e))?;
        }
        fs::create_dir(&dir).map_err(|e| io_error(&dir, "cannot create the staging folder", e))?;
        let previous = out.is_dir().then(|| out.clone());
        Ok(Staging {
            out,
            dir,
            previous,
            committed: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Files written, and files kept from the previous output, so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.unchanged.load(Ordering::Relaxed),
        )
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging
    /// folder, or links the previous output's file when it already holds
    /// exactly these bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Wrote, Diagnostic> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(&self.out.join(rel), "cannot create the folder", e))?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            let same = fs::symlink_metadata(&old)
                .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && fs::read(&old).is_ok_and(|b| b == bytes);
            if same && fs::hard_link(&old, &path).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(Wrote::Unchanged);
            }
        }
        fs::write(&path, bytes).map_err(|e| io_error(&self.out.join(rel), "cannot write", e))?;
        let written = self.written.fetch_add(1, Ordering::Relaxed) + 1;
        test_hook::pause_after(written);
        Ok(Wrote::Written)
    }

    /// Links `rel` from the previous output when it has that file: for
    /// files whose name is the hash of their content, which are the same
    /// file whenever the name is. Returns whether it did.
    pub fn keep(&self, rel: &str) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let old = previous.join(rel);
        let path = self.dir.join(rel);
        // One system call for the common case; the folder is made once.
        let mut kept = fs::hard_link(&old, &path).is_ok();
        if !kept
            && fs::symlink_metadata(&old).is_ok_and(|m| m.is_file())
            && path.parent().is_some_and(|p| fs::create_dir_all(p).is_ok())
        {
            kept = fs::hard_link(&old, &path).is_ok();
        }
        if kept {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        kept
    }

    /// Puts the staging folder in place of the output folder.
    pub fn commit(mut self) -> Result<(), Diagnostic> {
        let parent = self
            .out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = self
            .out
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let old = parent.join(format!(".{name}{OLD_TAG}{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old)
                .map_err(|e| io_error(&self.out, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(io_error(&self.out, "cannot put the new output in place", e));
        }
        self.committed = true;
        if had_old {
            remove_tree(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Removes a folder, its top-level entries in parallel: an output folder
/// holds a folder per affiliate page.
fn remove_tree(dir: &Path) {
    if let Ok(entries) = fs::read_dir(dir) {
        let entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.par_iter().for_each(|p| {
            let _ = if p.is_dir() {
                fs::remove_dir_all(p)
            } else {
                fs::remove_file(p)
            };
        });
    }
    let _ = fs::remove_dir_all(dir);
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Empty, or holding what a tailor build writes: a whole site, or a shard
/// of one (nothing but HTML pages).
fn looks_like_output(dir: &Path) -> bool {
    let whole = dir.join("sitemap.xml").is_file()
        && dir.join("robots.txt").is_file()
        && dir.join("_headers").is_file();
    whole
        || walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .all(|e| {
                // A shard other than the first: affiliate pages, and their
                // cards.
                e.is_ok_and(|e| {
                    let card = e
                        .path()
                        .strip_prefix(dir)
                        .is_ok_and(|p| p.starts_with(crate::plan::cards::DIR))
                        && e.path().extension().is_some_and(|x| x == "jpg");
                    e.file_type().is_dir()
                        || card
                        || e.path().extension().is_some_and(|x| x == "html")
                })
            })
}

/// Removes staging and old folders that builds killed part-way left behind.
/// A folder whose process is still running (on Linux, where that can be
/// told) is left alone.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest
            .strip_prefix(STAGING_TAG)
            .or_else(|| rest.strip_prefix(OLD_TAG));
        let Some(pid) = pid.and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists();
        if !alive {
            remove_tree(&entry.path());
        }
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}

/// Writes `bytes` to `path` whole: into a temporary file beside it, then
/// renamed over it, so that a reader sees the old file or the new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let fail = |e: std::io::Error| Diagnostic::error(path, format!("cannot write: {e}"));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.tailor-tmp-{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(fail)?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        fail(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_writes_replace_whole_files_and_leave_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/index.html");
        write_atomically(&path, b"one").unwrap();
        write_atomically(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["index.html"]);
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        let out = tmp.path().join("public");

        let s = Staging::new(&out, &root).unwrap();
        s.write("a/index.html", b"one").unwrap();
        for f in ["sitemap.xml", "robots.txt", "_headers"] {
            s.write(f, b"").unwrap();
        }
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::new(&out, &root).unwrap();
        assert_eq!(s.write("a/index.html", b"two").unwrap(), Wrote::Written);
        assert_eq!(s.write("sitemap.xml", b"").unwrap(), Wrote::Unchanged);
        assert_eq!(s.counts(), (1, 1));
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn refuses_foreign_folders_and_the_site_itself() {
        let tmp = tempfile::tempdir().unwrap();
        let docs = tmp.path().join("docs");
        fs::create_dir(&docs).unwrap();
        fs::write(docs.join("thesis.txt"), "precious").unwrap();
        assert!(Staging::new(&docs, tmp.path()).is_err());
        assert!(Staging::new(tmp.path(), &tmp.path().join("x")).is_err());
        assert!(fs::read(docs.join("thesis.txt")).is_ok());
    }
}
