//! What the site's input files were when a rebuild read them, so that a
//! rebuild made while an editor was still writing one is never published.
//!
//! The watcher waits for a save to finish before a rebuild starts; a save
//! that starts while the site is being read is caught here. Every input
//! file — the root files, everything under the watched folders, and the
//! files the site's data names (the logo, photos), but editors' temp
//! files — is stamped (size,
//! modification and change times, file id) before the rebuild reads, and
//! stamped again once the site is loaded, and the files rendering reads
//! (theme, `static/`, pictures) once more before it is published: a file
//! whose stamp moved was being written while it was read, and the rebuild
//! is made again from the finished file instead. A save that only begins
//! once a file has been read whole does not hold the rebuild up: it is
//! the next rebuild's.
//!
//! A file modified just before it was stamped may be in the middle of a
//! save whose events have not reached the watcher yet (the kernel queues
//! them after the file shows the change): it holds only if no program has
//! it open for writing once it was read (`super::writers`).
//!
//! File times are kept in ticks of a few milliseconds, so a second write
//! in the tick of the first can leave the stamp as it was. A file modified
//! in the last second is stamped by a hash of its bytes too ("racily
//! clean", as git says of its index).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::watch::is_editor_temp;
use crate::inputs::{self, Kind, ROOT_FILES, WATCHED_DIRS};

/// How deep the watched folders are stamped: deeper than any site's
/// folders go, and a bound on a folder that links into itself.
const DEPTH: usize = 32;

/// A file modified less than this before it was stamped may be written
/// again within the same tick of the file system's clock: it is hashed.
/// That clock lags the real one by a few milliseconds, by tens on a busy
/// virtual machine: a second is ample, and leaves only the files just
/// saved to be hashed.
const RACY: Duration = Duration::from_secs(1);

/// One file's stamp; `None` for a file that is not there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Change time and file id, where the system has them: a save by
    /// rename gives the file a new id even when size and time agree.
    changed: Option<SystemTime>,
    id: (u64, u64),
    /// The hash of the bytes, for a file modified just before the stamp.
    bytes: Option<blake3::Hash>,
}

impl Stamp {
    /// The stamp of the file at `path`, hashed if it was modified less than
    /// [`RACY`] before `now`.
    fn of(path: &Path, now: SystemTime) -> Option<Stamp> {
        let mut stamp = Stamp::bare(path)?;
        let recent = stamp
            .modified
            .is_none_or(|m| now.duration_since(m).map_or(true, |age| age < RACY));
        if recent {
            stamp.bytes = Some(hash(path)?);
        }
        Some(stamp)
    }

    /// Whether the file at `path` is still as stamped, and, if it had just
    /// been modified, no program holds it open for writing: a save in
    /// place shows its first steps (the file emptied, half written) before
    /// the watcher hears of them, but the file is open for writing
    /// throughout (`super::writers`).
    fn holds(&self, path: &Path) -> bool {
        let Some(now) = Stamp::bare(path) else {
            return false;
        };
        let same = Stamp {
            bytes: self.bytes,
            ..now
        } == *self;
        same && self.bytes.is_none_or(|bytes| {
            hash(path) == Some(bytes) && super::writers::open_for_writing(path) != Some(true)
        })
    }

    fn bare(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let (changed, id) = {
            use std::os::unix::fs::MetadataExt;
            let changed = u64::try_from(meta.ctime()).ok().map(|secs| {
                SystemTime::UNIX_EPOCH
                    + Duration::new(secs, u32::try_from(meta.ctime_nsec()).unwrap_or(0))
            });
            (changed, (meta.dev(), meta.ino()))
        };
        #[cfg(not(unix))]
        let (changed, id) = (None, (0, 0));
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed,
            id,
            bytes: None,
        })
    }
}

fn hash(path: &Path) -> Option<blake3::Hash> {
    std::fs::read(path).ok().map(|b| blake3::hash(&b))
}

/// The stamps of a site's input files, by path relative to its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamps {
    files: BTreeMap<PathBuf, Option<Stamp>>,
}

impl Stamps {
    /// Stamps every input of the site at `root`, and the `named` files
    /// (relative to it) wherever they are.
    pub fn take(root: &Path, named: &[PathBuf]) -> Stamps {
        let now = SystemTime::now();
        let mut files = BTreeMap::new();
        for file in ROOT_FILES {
            files.insert(
                PathBuf::from(file.name),
                Stamp::of(&root.join(file.name), now),
            );
        }
        for rel in Stamps::listed(root) {
            let stamp = Stamp::of(&root.join(&rel), now);
            files.insert(rel, stamp);
        }
        for rel in named {
            files.insert(rel.clone(), Stamp::of(&root.join(rel), now));
        }
        Stamps { files }
    }

    /// The files under the watched folders, relative to `root`.
    fn listed(root: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        for dir in WATCHED_DIRS {
            let walk = walkdir::WalkDir::new(root.join(dir))
                .follow_links(true)
                .max_depth(DEPTH)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .filter(|e| !is_editor_temp(&e.file_name().to_string_lossy()));
            for entry in walk {
                if let Ok(rel) = entry.path().strip_prefix(root) {
                    files.push(rel.to_path_buf());
                }
            }
        }
        files
    }

    /// Adds the `named` files not stamped yet: files the site names only
    /// since this rebuild read its data.
    pub fn add(&mut self, root: &Path, named: &[PathBuf]) {
        let now = SystemTime::now();
        for rel in named {
            if !self.files.contains_key(rel) {
                self.files
                    .insert(rel.clone(), Stamp::of(&root.join(rel), now));
            }
        }
    }

    /// The first input that is not as it was stamped — changed, gone, or
    /// new in a watched folder — if any.
    pub fn moved(&self, root: &Path) -> Option<PathBuf> {
        self.moved_of(root, |_| true)
    }

    /// [`Stamps::moved`] of the files rendering reads: all but the site's
    /// data (the config, affiliates, segments, case studies and pages),
    /// which is read whole while the site is loaded and not again.
    pub fn moved_while_rendering(&self, root: &Path) -> Option<PathBuf> {
        self.moved_of(root, |rel| {
            !matches!(
                inputs::classify(rel),
                Some(
                    Kind::Config
                        | Kind::Affiliates
                        | Kind::Segments
                        | Kind::CaseStudies
                        | Kind::Pages
                )
            )
        })
    }

    fn moved_of(&self, root: &Path, which: impl Fn(&Path) -> bool) -> Option<PathBuf> {
        let changed = self
            .files
            .iter()
            .filter(|(rel, _)| which(rel))
            .find(|(rel, stamp)| match stamp {
                Some(stamp) => !stamp.holds(&root.join(rel)),
                None => root.join(rel).exists(),
            });
        if let Some((rel, _)) = changed {
            return Some(rel.clone());
        }
        Stamps::listed(root)
            .into_iter()
            .find(|rel| which(rel) && !self.files.contains_key(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_after_the_stamp_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("segments")).unwrap();
        std::fs::create_dir_all(root.join("photos")).unwrap();
        std::fs::write(root.join("affiliates.yaml"), "- name: Jane\n").unwrap();
        std::fs::write(root.join("segments/a.yaml"), "id: a\n").unwrap();
        std::fs::write(root.join("photos/jane.jpg"), "jpeg").unwrap();
        let named = [PathBuf::from("photos/jane.jpg")];
        let stamps = Stamps::take(root, &named);
        assert_eq!(stamps.moved(root), None);

        // Cut short, as an editor saving in place leaves it for a moment.
        std::fs::write(root.join("affiliates.yaml"), "").unwrap();
        assert_eq!(stamps.moved(root), Some(PathBuf::from("affiliates.yaml")));
        // Data is read while loading, not while rendering.
        assert_eq!(stamps.moved_while_rendering(root), None);
        let stamps = Stamps::take(root, &named);
        // Saved by rename, with the same size.
        std::fs::write(root.join("segments/b.tmp"), "id: b\n").unwrap();
        let stamps_with_tmp = Stamps::take(root, &named);
        std::fs::rename(root.join("segments/b.tmp"), root.join("segments/a.yaml")).unwrap();
        assert!(stamps_with_tmp.moved(root).is_some());
        assert!(stamps.moved(root).is_some());
        // A named file outside the watched folders, and a new file.
        let stamps = Stamps::take(root, &named);
        std::fs::write(root.join("photos/jane.jpg"), "png!").unwrap();
        assert_eq!(stamps.moved(root), Some(PathBuf::from("photos/jane.jpg")));
        assert_eq!(
            stamps.moved_while_rendering(root),
            Some(PathBuf::from("photos/jane.jpg"))
        );
        let stamps = Stamps::take(root, &named);
        std::fs::write(root.join("segments/c.yaml"), "id: c\n").unwrap();
        assert_eq!(stamps.moved(root), Some(PathBuf::from("segments/c.yaml")));
    }
}
