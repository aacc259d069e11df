//! Writing the output folder, all or nothing, and never losing a file
//! tailor did not write.
//!
//! A build writes into a fresh staging folder beside the output folder and
//! only swaps it in once every page has been written. A failed or
//! interrupted build leaves the previous output exactly as it was; the
//! staging folder is removed when the build fails, and leftovers of killed
//! builds are dealt with by the next one.
//!
//! A file whose content is the same as in the previous output is not
//! written again: the staging folder gets a hard link to the old file, so
//! it keeps its modification time and CDN uploads that sync by time or
//! checksum move only what changed.
//!
//! **Files tailor did not write.** Every output folder holds a marker
//! naming the record of the files written into it; the record lies beside
//! the folder, never in it, so a published site never lists its pages
//! (nor the unlisted paths of partner kits). When the previous output is
//! replaced, its files that the record does not name — a
//! `.well-known/security.txt`, a verification file, a folder a user put
//! there — are moved into the new output and named, with where they
//! belong; a build that would write over one of them stops instead.
//! Without a record (a folder an older tailor wrote), every file the new
//! build does not write is kept and named the same way: a missing record
//! only ever keeps more.
//!
//! **Links.** An output folder that is a link is resolved
//! (`crate::paths::output_dir`): the folder it leads to is checked,
//! staged beside and replaced, and the link stays as it was.

pub mod files;

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::Diagnostic;

const STAGING_TAG: &str = ".tailor-staging-";
const OLD_TAG: &str = ".tailor-old-";
/// Beside the output folder: `.<name>.tailor-files-<id>`, the record of
/// the files tailor wrote into the folder whose marker holds `<id>`.
const RECORD_TAG: &str = ".tailor-files-";

/// For the test of a build killed mid-write: with
/// `TAILOR_TEST_PAUSE_AFTER=N:MARKER` set, the thread that writes the Nth
/// file creates the file MARKER and stops for good, so the build can never
/// finish and the test kills it at a known point. Nothing else reads the
/// variable, and only debug builds (the ones `cargo test` runs) have the
/// hook: a release binary never reads it.
#[cfg(debug_assertions)]
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

/// Who writes an output folder: its marker, and where a user's own files
/// belong instead.
pub struct Owner {
    /// The marker file at the top of the folder.
    pub marker: &'static str,
    /// The command, for messages: "tailor build".
    pub command: &'static str,
    /// What to do with a file of the user's found at this path of the
    /// folder (a file, or a folder ending in `/`).
    pub belongs: fn(&str) -> String,
    /// Whether a folder without the marker is this command's all the same
    /// (written by an older tailor).
    pub legacy: fn(&Path) -> bool,
}

/// `tailor build`'s output folder.
pub const BUILD: Owner = Owner {
    marker: crate::inputs::OUTPUT_MARKER,
    command: "tailor build",
    belongs: |rel| {
        format!(
            "to publish it on purpose, move it to {}/{rel} (the build copies {0}/ into every output); otherwise delete it",
            crate::inputs::STATIC
        )
    },
    legacy: looks_like_output,
};

/// A staging folder that becomes the output folder on `commit`.
pub struct Staging {
    /// The output folder as it was named, for messages.
    named: PathBuf,
    /// The folder replaced: the output folder, or the one its link leads
    /// to.
    out: PathBuf,
    dir: PathBuf,
    owner: &'static Owner,
    /// The output folder as it was, when there is one to compare with.
    previous: Option<PathBuf>,
    /// The files the previous output's record names; `None` without one.
    owned: Option<HashSet<String>>,
    committed: bool,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Every file put in the staging folder.
    files: Mutex<Vec<String>>,
    /// Files of the previous output that tailor did not write, at paths
    /// this build writes with other bytes.
    clashes: Mutex<Vec<String>>,
}

/// What `Staging::write` did with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrote {
    Written,
    Unchanged,
}

impl Staging {
    /// Prepares to replace the build's output folder `out`. Refuses folders
    /// tailor did not build, so a mistyped `--out` cannot wipe someone's
    /// documents.
    pub fn new(out: &Path, root: &Path) -> Result<Staging, Diagnostic> {
        Staging::replacing(out, root, &BUILD)
    }

    /// Prepares to replace `out`, an existing one only when it is
    /// `owner`'s.
    pub fn replacing(
        out: &Path,
        root: &Path,
        owner: &'static Owner,
    ) -> Result<Staging, Diagnostic> {
        let resolved = crate::paths::output_dir(out, root, &crate::inputs::SOURCE_DIRS)?;
        let real = resolved.real;
        let name = real
            .file_name()
            .ok_or_else(|| {
                Diagnostic::error(out, "the output folder needs a name").hint("pass --out public")
            })?
            .to_string_lossy()
            .into_owned();
        let parent = real
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if real.exists() && !is_ours(&real, owner) {
            return Err(Diagnostic::error(
                out,
                format!(
                    "refusing to replace a folder that {} did not write",
                    owner.command
                ),
            )
            .hint("remove it, or choose another --out"));
        }
        fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the folder", e))?;
        clean_leftovers(&parent, &name, &real, owner);
        // A new folder with a name no one can guess: nothing planted
        // beside the output is ever written through.
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}{STAGING_TAG}{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(|e| io_error(&parent, "cannot create the staging folder", e))?
            .keep();
        let previous = real.is_dir().then(|| real.clone());
        let owned = previous.as_deref().and_then(|p| record_of(p, owner));
        Ok(Staging {
            // As the site's other files are named: `public/…`, not
            // `./public/…`.
            named: out.strip_prefix(".").unwrap_or(out).to_path_buf(),
            out: real,
            dir,
            owner,
            previous,
            owned,
            committed: false,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            files: Mutex::new(Vec::new()),
            clashes: Mutex::new(Vec::new()),
        })
    }

    /// Files written, and files kept from the previous output, so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.written.load(Ordering::Relaxed),
            self.unchanged.load(Ordering::Relaxed),
        )
    }

    fn put(&self, rel: &str) {
        if let Ok(mut files) = self.files.lock() {
            files.push(rel.to_string());
        }
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging
    /// folder, or links the previous output's file when it already holds
    /// exactly these bytes.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Wrote, Diagnostic> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(&self.named.join(rel), "cannot create the folder", e))?;
        }
        self.put(rel);
        if let Some(previous) = &self.previous {
            let old = previous.join(rel);
            if let Ok(meta) = fs::symlink_metadata(&old) {
                let same = meta.is_file()
                    && meta.len() == bytes.len() as u64
                    && fs::read(&old).is_ok_and(|b| b == bytes);
                if same && fs::hard_link(&old, &path).is_ok() {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                    return Ok(Wrote::Unchanged);
                }
                if !same
                    && self.owned.as_ref().is_some_and(|o| !o.contains(rel))
                    && let Ok(mut clashes) = self.clashes.lock()
                {
                    clashes.push(rel.to_string());
                }
            }
        }
        fs::write(&path, bytes).map_err(|e| io_error(&self.named.join(rel), "cannot write", e))?;
        let _written = self.written.fetch_add(1, Ordering::Relaxed) + 1;
        #[cfg(debug_assertions)]
        test_hook::pause_after(_written);
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
            self.put(rel);
        }
        kept
    }

    /// Puts the staging folder in place of the output folder, and the
    /// previous output's files tailor did not write into it. Returns a
    /// warning naming each of those; a build that would have written over
    /// one is refused, and nothing changes.
    pub fn commit(mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let clashes = std::mem::take(&mut *self.clashes.lock().unwrap_or_else(|e| e.into_inner()));
        if !clashes.is_empty() {
            let mut clashes = clashes;
            clashes.sort();
            return Err(clashes
                .iter()
                .map(|rel| {
                    Diagnostic::error(
                        self.named.join(rel),
                        format!(
                            "{} did not write this file, and this run writes its own {rel} in its place",
                            self.owner.command
                        ),
                    )
                    .hint(format!(
                        "move your file out of {} first; to publish it, give it another name and {}",
                        self.named.display(),
                        (self.owner.belongs)(rel)
                    ))
                })
                .collect());
        }
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
        let mut files = std::mem::take(&mut *self.files.lock().unwrap_or_else(|e| e.into_inner()));
        files.sort_unstable();
        files.dedup();
        let listed = files.iter().fold(String::new(), |mut s, f| {
            s.push_str(f);
            s.push('\n');
            s
        });
        let id = blake3::hash(listed.as_bytes()).to_hex()[..16].to_string();
        let fail = |d: Diagnostic| vec![d];
        fs::write(
            self.dir.join(self.owner.marker),
            format!(
                "{} wrote this folder and replaces it whole; files it did not write are kept, and named when it runs.\nrecord: {id}\n",
                self.owner.command
            ),
        )
        .map_err(|e| fail(io_error(&self.named, "cannot write the marker", e)))?;
        let record = parent.join(format!(".{name}{RECORD_TAG}{id}"));
        crate::paths::write_file(&record, listed.as_bytes()).map_err(|r| fail(r.into()))?;
        let old = parent.join(format!(".{name}{OLD_TAG}{}", std::process::id()));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old).map_err(|e| {
                fail(io_error(
                    &self.named,
                    "cannot move the previous output aside",
                    e,
                ))
            })?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(fail(io_error(
                &self.named,
                "cannot put the new output in place",
                e,
            )));
        }
        self.committed = true;
        if !had_old {
            return Ok(Vec::new());
        }
        // The previous output's own record, read now: a build that ran
        // meanwhile may have replaced the folder this one started from.
        let old_id = record_id(&old, self.owner);
        let old_record = old_id
            .as_deref()
            .and_then(|id| read_record(&parent, &name, id));
        let recorded = old_record.is_some();
        // Without a record, what this build wrote is what the last one
        // did: every other file is kept.
        let mut owned = old_record.unwrap_or_else(|| files.into_iter().collect());
        owned.insert(self.owner.marker.to_string());
        let retired = retire(&old, &self.out, &owned);
        if let Some(old_id) = old_id
            && old_id != id
        {
            let _ = fs::remove_file(parent.join(format!(".{name}{RECORD_TAG}{old_id}")));
        }
        Ok(self.kept(&retired, recorded))
    }

    /// Warnings naming the user's files `retired` kept: one per top-level
    /// file or folder.
    fn kept(&self, retired: &Retired, recorded: bool) -> Vec<Diagnostic> {
        let mut groups: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for rel in &retired.kept {
            let top = rel.split('/').next().unwrap_or(rel);
            groups.entry(top).or_default().push(rel);
        }
        let why = if recorded {
            format!("{} did not write", self.owner.command)
        } else {
            format!(
                "no record says {} wrote (the folder is an older tailor's)",
                self.owner.command
            )
        };
        let mut out: Vec<Diagnostic> = groups
            .into_iter()
            .map(|(top, rels)| {
                if rels.len() == 1 {
                    let rel = rels[0];
                    Diagnostic::warning(self.named.join(rel), format!("a file {why}; it was kept"))
                        .hint((self.owner.belongs)(rel))
                } else {
                    Diagnostic::warning(
                        self.named.join(top),
                        format!(
                            "{} files {why} are in this folder; they were kept",
                            rels.len()
                        ),
                    )
                    .hint((self.owner.belongs)(&format!("{top}/")))
                }
            })
            .collect();
        if let Some(left) = &retired.left {
            out.push(
                Diagnostic::warning(
                    left,
                    format!(
                        "files {why} could not be put back into {} (the new output has something at their paths); they were left in this folder",
                        self.named.display()
                    ),
                )
                .hint("move what you need out of it, then delete it"),
            );
        }
        out
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Whether `dir` is `owner`'s: empty, marked, or an older tailor's.
fn is_ours(dir: &Path, owner: &Owner) -> bool {
    dir.join(owner.marker).is_file()
        || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
        || (owner.legacy)(dir)
}

/// The id of the record the marker of `dir` names.
fn record_id(dir: &Path, owner: &Owner) -> Option<String> {
    let marker = fs::read_to_string(dir.join(owner.marker)).ok()?;
    let id = marker
        .lines()
        .find_map(|l| l.strip_prefix("record: "))?
        .trim();
    (id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| id.to_string())
}

/// The files `name`'s record `id` (beside it in `parent`) names.
fn read_record(parent: &Path, name: &str, id: &str) -> Option<HashSet<String>> {
    let text = fs::read_to_string(parent.join(format!(".{name}{RECORD_TAG}{id}"))).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

/// The record of the output folder `dir`, if it has one.
fn record_of(dir: &Path, owner: &Owner) -> Option<HashSet<String>> {
    let id = record_id(dir, owner)?;
    read_record(dir.parent()?, &dir.file_name()?.to_string_lossy(), &id)
}

/// What retiring a previous output did with the files tailor did not write.
#[derive(Debug, Default)]
struct Retired {
    /// Moved into the new output, by path.
    kept: Vec<String>,
    /// The old folder, when some could not be moved and it was left.
    left: Option<PathBuf>,
}

/// Empties the previous output `old`: the files `owned` names are removed,
/// every other one is moved to the same path in `new`, unless `new` has
/// the very same bytes there. What cannot be moved stays in `old`, which is
/// then left in place. Links are moved as links, never followed.
fn retire(old: &Path, new: &Path, owned: &HashSet<String>) -> Retired {
    let top: Vec<PathBuf> = fs::read_dir(old)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    let kept = Mutex::new(Vec::new());
    top.par_iter().for_each(|entry| {
        for e in walkdir::WalkDir::new(entry)
            .contents_first(true)
            .into_iter()
            .flatten()
        {
            let path = e.path();
            if e.file_type().is_dir() {
                let _ = fs::remove_dir(path);
                continue;
            }
            let rel = path.strip_prefix(old).unwrap_or(path);
            let key = rel.to_string_lossy().replace('\\', "/");
            if rel.to_str().is_some() && owned.contains(&key) {
                let _ = fs::remove_file(path);
            } else if put_back(path, &new.join(rel))
                && let Ok(mut kept) = kept.lock()
            {
                kept.push(crate::paths::shown(rel).replace('\\', "/"));
            }
        }
    });
    let mut kept = kept.into_inner().unwrap_or_default();
    kept.sort();
    let left = fs::remove_dir(old).is_err() && old.exists();
    Retired {
        kept,
        left: left.then(|| old.to_path_buf()),
    }
}

/// Moves the user's file `from` to `to`, unless `to` holds the same bytes
/// already (then `from` goes). Returns whether it was moved; a file that
/// can be neither is left where it is.
fn put_back(from: &Path, to: &Path) -> bool {
    match fs::symlink_metadata(to) {
        Ok(m) => {
            let same = m.is_file()
                && fs::symlink_metadata(from).is_ok_and(|f| f.is_file() && f.len() == m.len())
                && fs::read(from).ok() == fs::read(to).ok();
            if same {
                let _ = fs::remove_file(from);
            }
            false
        }
        Err(_) => {
            to.parent().is_some_and(|p| fs::create_dir_all(p).is_ok())
                && fs::rename(from, to).is_ok()
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

/// Deals with what builds killed part-way left beside the output folder
/// `out` (named `name`, in `parent`): a staging folder is removed; a
/// previous output moved aside is put back when nothing took its place, or
/// else retired into the output like any previous output, so the files
/// tailor did not write are never lost. Records of outputs long replaced
/// go too, when no other build of this folder is running. A folder whose
/// process is still running (on Linux, where that can be told) is left
/// alone.
fn clean_leftovers(parent: &Path, name: &str, out: &Path, owner: &Owner) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}");
    let mut records = Vec::new();
    let mut busy = false;
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        if let Some(id) = rest.strip_prefix(RECORD_TAG) {
            records.push(id.to_string());
            continue;
        }
        let (aside, pid) = match (rest.strip_prefix(STAGING_TAG), rest.strip_prefix(OLD_TAG)) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        let Some(pid) = pid.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let alive = pid != std::process::id() && Path::new("/proc").join(pid.to_string()).exists();
        if alive {
            busy = true;
        } else if !aside {
            remove_tree(&entry.path());
        } else if !out.exists() {
            let _ = fs::rename(entry.path(), out);
        } else {
            let mut owned = record_id(&entry.path(), owner)
                .and_then(|id| read_record(parent, name, &id))
                .unwrap_or_default();
            owned.insert(owner.marker.to_string());
            retire(&entry.path(), out, &owned);
        }
    }
    if !busy {
        let current = record_id(out, owner);
        for id in records {
            if current.as_deref() != Some(id.as_str()) {
                let _ = fs::remove_file(parent.join(format!(".{name}{RECORD_TAG}{id}")));
            }
        }
    }
}

fn io_error(path: &Path, what: &str, e: io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("{what}: {e}"))
}

/// Writes `bytes` to `path` whole, never through a link: the rule of
/// `crate::paths::write_file`, as a diagnostic.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    crate::paths::write_file(path, bytes).map_err(Diagnostic::from)
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
        assert_eq!(s.commit().unwrap(), []);
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
        // The site, the output and its record.
        assert_eq!(names.len(), 3, "{names:?}");
    }

    /// A built output with `files`, and the site beside it.
    fn built(files: &[&str]) -> (tempfile::TempDir, PathBuf, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        let out = tmp.path().join("public");
        let s = Staging::new(&out, &root).unwrap();
        for f in files {
            s.write(f, f.as_bytes()).unwrap();
        }
        s.commit().unwrap();
        (tmp, root, out)
    }

    #[test]
    fn files_tailor_did_not_write_are_kept_and_named() {
        let (_tmp, root, out) = built(&["index.html", "old/index.html", "sitemap.xml"]);
        fs::create_dir_all(out.join(".well-known")).unwrap();
        fs::write(out.join(".well-known/security.txt"), "Contact: x").unwrap();
        fs::create_dir_all(out.join("userdocs/a")).unwrap();
        fs::write(out.join("userdocs/a/1.pdf"), "1").unwrap();
        fs::write(out.join("userdocs/2.pdf"), "2").unwrap();
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"new").unwrap();
        s.write("sitemap.xml", b"sitemap.xml").unwrap();
        let kept = s.commit().unwrap();
        let files: Vec<String> = walkdir::WalkDir::new(&out)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().display().to_string())
            .collect();
        assert_eq!(
            files,
            [
                ".tailor-output",
                ".well-known/security.txt",
                "index.html",
                "sitemap.xml",
                "userdocs/2.pdf",
                "userdocs/a/1.pdf"
            ],
            "the old page went, the user's files stayed"
        );
        let said: Vec<String> = kept.iter().map(|d| d.to_string()).collect();
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains(".well-known/security.txt: a file tailor build did not write; it was kept — to publish it on purpose, move it to static/.well-known/security.txt"), "{said:?}");
        assert!(
            said[1].contains("userdocs: 2 files tailor build did not write are in this folder"),
            "{said:?}"
        );
        // Kept again by the next build, and named again.
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"new").unwrap();
        assert_eq!(s.commit().unwrap().len(), 2);
        assert!(out.join(".well-known/security.txt").is_file());
    }

    #[test]
    fn a_build_that_would_write_over_a_users_file_changes_nothing() {
        let (_tmp, root, out) = built(&["index.html"]);
        fs::create_dir_all(out.join("about")).unwrap();
        fs::write(out.join("about/index.html"), "mine").unwrap();
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"index.html").unwrap();
        s.write("about/index.html", b"tailor's").unwrap();
        let errors = s.commit().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].to_string().contains("about/index.html: tailor build did not write this file, and this run writes its own about/index.html in its place"),
            "{}",
            errors[0]
        );
        assert_eq!(fs::read(out.join("about/index.html")).unwrap(), b"mine");
    }

    #[test]
    fn a_linked_output_folder_is_replaced_where_it_leads_and_the_link_stays() {
        let (tmp, root, out) = built(&["index.html"]);
        let real = tmp.path().join("www");
        fs::rename(&out, &real).unwrap();
        let record = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .find(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".public.tailor-files-")
            })
            .unwrap();
        fs::rename(
            record.path(),
            tmp.path().join(
                record
                    .file_name()
                    .to_string_lossy()
                    .replace(".public.", ".www."),
            ),
        )
        .unwrap();
        fs::write(real.join("notes.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(&real, &out).unwrap();
        let s = Staging::new(&out, &root).unwrap();
        s.write("index.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(fs::symlink_metadata(&out).unwrap().is_symlink());
        assert_eq!(fs::read(real.join("index.html")).unwrap(), b"two");
        assert_eq!(fs::read(real.join("notes.txt")).unwrap(), b"mine");
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
