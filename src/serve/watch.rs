//! Watching a site for edits: which files matter, what they touch, and
//! when a save is finished.
//!
//! Only the site's own inputs are watched (the table in `crate::inputs`:
//! `tailor.yaml`, the affiliates files, `segments/`, `content/`, `themes/`,
//! `i18n/` and `static/`, and the logo and photos its data names, wherever
//! they are), so output folders, `.git` and build directories never
//! trigger a rebuild, and editor temp files (`.#x`, `x~`, `x.swp`, vim's
//! `4913`) are ignored.
//!
//! Most editors save in place: they empty the file, then write it again,
//! maybe in several writes. A rebuild made in between would publish a site
//! built from half a file (an affiliate gone from a cut-short list, an
//! error the marketer never made). So a batch of edits is given to the
//! rebuild only when the writes are finished: every file written to has
//! been closed again (where the system says so: Linux), and the site has
//! been quiet for [`QUIET`]. A save that begins while the rebuild reads is
//! caught by `super::stamps`; one begun between the batch and the stamps,
//! by the events not taken yet ([`Watch::catch_up`], [`Watch::disturbed`]).
//! File times alone cannot tell: on a busy (virtual) machine the clock
//! they are taken from can lag the real one by tens of milliseconds.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::Changes;
use crate::inputs::{self, Kind, WATCHED_DIRS};

/// The site must be this quiet, every file written to closed again, before
/// a rebuild reads it.
pub const QUIET: Duration = Duration::from_millis(10);
/// A burst of finished saves is cut into rebuilds at least this often.
const LONGEST_WAIT: Duration = Duration::from_millis(200);
/// A file held open for writing, with no write for this long, is read as
/// it is: a program may keep a file open for a long time.
const STALLED: Duration = Duration::from_secs(1);
/// Whether the watcher says when a file written to is closed again
/// (inotify's close-write); elsewhere the quiet period alone decides.
const CLOSE_EVENTS: bool = cfg!(any(target_os = "linux", target_os = "android"));

/// The files the site's data names outside the watched folders: the logo
/// (`brand.logo`) and affiliates' photos, relative to the site's root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pictures {
    pub logo: Option<PathBuf>,
    pub photos: BTreeSet<PathBuf>,
}

impl Pictures {
    pub fn files(&self) -> Vec<PathBuf> {
        self.logo.iter().chain(&self.photos).cloned().collect()
    }
}

/// The watcher of one site, and what it knows of the site's files.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    rx: Receiver<Event>,
    seen: Arc<Seen>,
    /// Events taken from `rx`.
    taken: usize,
    /// Folders watched for pictures (not recursively).
    picture_dirs: HashSet<PathBuf>,
    /// A folder of the preview's own, watched with the site, where only
    /// [`Watch::catch_up`] makes files.
    mark: tempfile::TempDir,
    /// The files [`Watch::catch_up`] made in `mark` so far.
    marked: usize,
}

/// What the watcher's thread and the rebuild loop share.
struct Seen {
    root: PathBuf,
    pictures: RwLock<Pictures>,
    /// Events about the site's inputs sent so far, and the last one's
    /// file: a save that began after a batch was taken.
    sent: AtomicUsize,
    last: Mutex<Option<PathBuf>>,
    /// The preview's own folder of [`Watch::catch_up`], and the last of
    /// its files the watcher has seen made: the end of what it had been
    /// told before (the system reports the events of all watched folders
    /// in the order they happened).
    mark: PathBuf,
    marks: AtomicUsize,
}

impl Seen {
    /// Whether `path` is one of the site's inputs, or a watched folder the
    /// site gained after the server started.
    fn matters(&self, path: &Path) -> bool {
        self.what(path).is_some() || new_dir(&self.root, path)
    }

    /// What the file at `path` is to the site, if anything.
    fn what(&self, path: &Path) -> Option<Touches> {
        let pictures = self.pictures.read().ok()?;
        what(&self.root, &pictures, path)
    }
}

impl Watch {
    /// Starts watching `root`, which must be absolute: watched paths come
    /// back absolute. The folder [`Watch::catch_up`] uses is made in
    /// `private`, the preview's own.
    pub fn start(root: &Path, private: &Path) -> notify::Result<Watch> {
        let (tx, rx) = std::sync::mpsc::channel();
        let mark = tempfile::Builder::new()
            .prefix(".tailor-watch-")
            .tempdir_in(private)
            .map_err(notify::Error::io)?;
        let seen = Arc::new(Seen {
            mark: mark.path().to_path_buf(),
            root: root.to_path_buf(),
            pictures: RwLock::new(Pictures::default()),
            sent: AtomicUsize::new(0),
            last: Mutex::new(None),
            marks: AtomicUsize::new(0),
        });
        let watcher = watcher(root, tx, Arc::clone(&seen))?;
        Ok(Watch {
            root: root.to_path_buf(),
            watcher,
            rx,
            seen,
            taken: 0,
            picture_dirs: HashSet::new(),
            mark,
            marked: 0,
        })
    }

    /// Watches the folders of the site's logo and photos, as the last good
    /// build named them.
    pub fn see(&mut self, pictures: Pictures) {
        for file in pictures.files() {
            let Some(dir) = self.root.join(&file).parent().map(Path::to_path_buf) else {
                continue;
            };
            let covered = dir == self.root
                || WATCHED_DIRS
                    .iter()
                    .any(|d| dir.starts_with(self.root.join(d)));
            if !covered
                && !self.picture_dirs.contains(&dir)
                && self
                    .watcher
                    .watch(&dir, RecursiveMode::NonRecursive)
                    .is_ok()
            {
                self.picture_dirs.insert(dir);
            }
        }
        if let Ok(mut seen) = self.seen.pictures.write() {
            *seen = pictures;
        }
    }

    /// Waits until the watcher has passed on every event of a change made
    /// before now: makes a file in the preview's own watched folder, which
    /// the system reports after every event before it, and waits for that
    /// (for at most [`STALLED`]). The thread that reads the system's events
    /// may be kept waiting for a tenth of a second on a busy machine; a
    /// rebuild must not start before it has said that a save began.
    pub fn catch_up(&mut self) {
        // A file of a new name each time, so that no event of another
        // time is taken for this one's.
        self.marked += 1;
        let file = self.mark.path().join(self.marked.to_string());
        if std::fs::File::create(&file).is_err() {
            return;
        }
        let _ = std::fs::remove_file(&file);
        let deadline = Instant::now() + STALLED;
        while self.seen.marks.load(Ordering::SeqCst) < self.marked && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
    }

    /// An input written to since the last batch was taken, if any: a save
    /// that began then may have been half done when the rebuild read the
    /// file, and its events were not seen yet.
    pub fn disturbed(&self) -> Option<PathBuf> {
        if self.seen.sent.load(Ordering::SeqCst) == self.taken {
            return None;
        }
        let last = self.seen.last.lock().ok()?.clone()?;
        Some(last.strip_prefix(&self.root).unwrap_or(&last).to_path_buf())
    }

    /// The next batch of changed inputs, once their saves are finished
    /// (see the module's comment): waits for a change — for at most
    /// `first` when given, then the batch may be empty — and gathers the
    /// ones that follow. `None` when the watcher is gone.
    pub fn next_batch(&mut self, first: Option<Duration>) -> Option<Vec<PathBuf>> {
        let mut batch = Batch::default();
        // When the first change came.
        let started = match first {
            Some(wait) => match self.rx.recv_timeout(wait) {
                Ok(event) => {
                    self.taken += 1;
                    self.note(&mut batch, event);
                    Instant::now()
                }
                Err(RecvTimeoutError::Timeout) => return Some(Vec::new()),
                Err(RecvTimeoutError::Disconnected) => return None,
            },
            None => loop {
                let event = self.rx.recv().ok()?;
                self.taken += 1;
                if self.note(&mut batch, event) {
                    break Instant::now();
                }
            },
        };
        let mut last = started;
        loop {
            let (wait, settled) = if batch.writing.is_empty() {
                let cut = started + LONGEST_WAIT;
                ((last + QUIET).min(cut), Instant::now() >= cut)
            } else {
                (last + STALLED, false)
            };
            if settled && !batch.paths.is_empty() {
                return Some(batch.paths);
            }
            match self
                .rx
                .recv_timeout(wait.saturating_duration_since(Instant::now()))
            {
                Ok(event) => {
                    self.taken += 1;
                    if self.note(&mut batch, event) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return Some(batch.paths),
                Err(RecvTimeoutError::Disconnected) => return Some(batch.paths),
            }
        }
    }

    /// Adds `event` to `batch`; whether it was about an input.
    fn note(&mut self, batch: &mut Batch, event: Event) -> bool {
        let mut relevant = false;
        for path in event.paths {
            if new_dir(&self.root, &path) {
                let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
                batch.paths.push(path);
                relevant = true;
                continue;
            }
            if self.what(&path).is_none() {
                continue;
            }
            match event.kind {
                // Reads: every rebuild makes them.
                EventKind::Access(AccessKind::Close(AccessMode::Write)) => {
                    batch.writing.remove(&path);
                }
                EventKind::Access(_) => continue,
                EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any)
                | EventKind::Create(CreateKind::File | CreateKind::Any)
                    if CLOSE_EVENTS && path.is_file() =>
                {
                    batch.writing.insert(path.clone());
                }
                EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => {
                    batch.writing.remove(&path);
                }
                _ => {}
            }
            batch.paths.push(path);
            relevant = true;
        }
        relevant
    }

    /// What the file at `path` is to the site, if anything.
    fn what(&self, path: &Path) -> Option<Touches> {
        self.seen.what(path)
    }

    /// What the changed `paths` touch.
    pub fn classify(&self, paths: &[PathBuf]) -> Changes {
        match self.seen.pictures.read() {
            Ok(pictures) => classify(&self.root, &pictures, paths),
            Err(_) => classify(&self.root, &Pictures::default(), paths),
        }
    }
}

/// Changes seen while a save is going on.
#[derive(Default)]
struct Batch {
    paths: Vec<PathBuf>,
    /// Files written to and not closed again yet.
    writing: HashSet<PathBuf>,
}

/// What a changed file touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Touches {
    Input(Kind),
    Logo,
    Photo,
}

/// Whether `path` is a watched folder the site at `root` gained after the
/// server started.
fn new_dir(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && WATCHED_DIRS
            .iter()
            .any(|d| path.file_name().is_some_and(|n| n == *d))
        && path.is_dir()
}

/// Watches the site's inputs; every event about one but a mere read goes
/// to `tx`, and is counted in `seen`.
fn watcher(root: &Path, tx: Sender<Event>, seen: Arc<Seen>) -> notify::Result<RecommendedWatcher> {
    let seen_mark = seen.mark.clone();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
        let Ok(event) = res else {
            return;
        };
        if let [path] = event.paths.as_slice()
            && path.parent() == Some(seen.mark.as_path())
        {
            if let EventKind::Create(_) = event.kind
                && let Some(n) = path.file_name().and_then(|n| n.to_str()?.parse().ok())
            {
                seen.marks.fetch_max(n, Ordering::SeqCst);
            }
            return;
        }
        if matches!(
            event.kind,
            EventKind::Access(AccessKind::Open(_) | AccessKind::Read)
                | EventKind::Access(AccessKind::Close(AccessMode::Read))
        ) {
            return;
        }
        let Some(path) = event.paths.iter().find(|p| seen.matters(p)).cloned() else {
            return;
        };
        if let Ok(mut last) = seen.last.lock() {
            *last = Some(path);
        }
        seen.sent.fetch_add(1, Ordering::SeqCst);
        let _ = tx.send(event);
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    watcher.watch(&seen_mark, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// What the file at `path` is to the site at `root`, if anything.
fn what(root: &Path, pictures: &Pictures, path: &Path) -> Option<Touches> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if is_editor_temp(&name) {
        return None;
    }
    if pictures.logo.as_deref() == Some(rel) {
        return Some(Touches::Logo);
    }
    if pictures.photos.contains(rel) {
        return Some(Touches::Photo);
    }
    inputs::classify(rel).map(Touches::Input)
}

/// What the changed `paths` touch.
fn classify(root: &Path, pictures: &Pictures, paths: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        // Folders are reported when they are read; what changed inside one
        // is reported by its own path.
        if path.is_dir() {
            continue;
        }
        match what(root, pictures, path) {
            Some(Touches::Input(Kind::Config)) => changes.config = true,
            Some(Touches::Input(Kind::Affiliates)) => changes.content.affiliates = true,
            Some(Touches::Input(Kind::Segments)) => changes.content.segments = true,
            Some(Touches::Input(Kind::Theme)) => changes.theme = true,
            Some(Touches::Input(Kind::CaseStudies)) => changes.content.case_studies = true,
            Some(Touches::Input(Kind::Pages)) => changes.content.pages = true,
            // The logo is read with the config (its size) and the theme.
            Some(Touches::Logo) => changes.config = true,
            Some(Touches::Photo) => changes.photos = true,
            None => {}
        }
    }
    changes
}

pub(super) fn is_editor_temp(name: &str) -> bool {
    name.starts_with(".#")
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || (name.starts_with('.') && name != ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn catching_up_waits_for_the_watcher_not_for_its_time_limit() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let mut watch = Watch::start(&root, dir.path()).unwrap();
        for _ in 0..5 {
            let started = Instant::now();
            watch.catch_up();
            assert!(
                started.elapsed() < STALLED / 2,
                "{:?}; marks {} of {}",
                started.elapsed(),
                watch.seen.marks.load(Ordering::SeqCst),
                watch.marked
            );
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    #[test]
    fn a_save_in_place_is_given_once_the_file_is_closed() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let path = root.join("affiliates.yaml");
        std::fs::write(&path, "- name: Jane\n").unwrap();
        let mut watch = Watch::start(&root, dir.path()).unwrap();
        // Emptied, half written, a pause far longer than the quiet period,
        // the rest, closed.
        let writer = std::thread::spawn(move || {
            let mut file = std::fs::File::create(&path).unwrap();
            file.write_all(b"- name: Ja").unwrap();
            std::thread::sleep(QUIET * 10);
            file.write_all(b"ne\n").unwrap();
            // Taken before the close: the close event may reach the watcher,
            // and the batch be given, before this thread runs again.
            let closing = Instant::now();
            drop(file);
            closing
        });
        let batch = watch.next_batch(None).unwrap();
        let given = Instant::now();
        let closed = writer.join().unwrap();
        assert!(given >= closed, "the batch came before the file was closed");
        assert!(watch.classify(&batch).content.affiliates);
    }

    #[test]
    fn paths_to_changes() {
        let root = Path::new("/site");
        let pictures = Pictures {
            logo: Some(PathBuf::from("brand/logo.svg")),
            photos: [PathBuf::from("photos/jane.jpg")].into(),
        };
        let c = |paths: &[&str]| {
            classify(
                root,
                &pictures,
                &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>(),
            )
        };
        assert!(c(&["tailor.yaml"]).config);
        assert!(c(&["affiliates.csv"]).content.affiliates);
        assert!(c(&["segments/fintech.yaml"]).content.segments);
        assert!(c(&["content/case-studies/x.md"]).content.case_studies);
        assert!(c(&["content/pages/faq.md"]).content.pages);
        assert!(c(&["themes/default/templates/base.html"]).theme);
        assert!(c(&["i18n/de.yaml"]).theme);
        assert!(c(&["brand/logo.svg"]).config);
        assert!(c(&["photos/jane.jpg"]).photos);
        for ignored in [
            "public/index.html",
            ".git/index",
            "target/debug/x",
            "segments/.fintech.yaml.swp",
            "segments/fintech.yaml~",
            "segments/4913",
            "content/pages/.#faq.md",
            "README.md",
            "photos/john.jpg",
            "photos/.jane.jpg.swp",
        ] {
            assert!(c(&[ignored]).is_empty(), "{ignored}");
        }
        assert!(classify(root, &pictures, &[PathBuf::from("/elsewhere/tailor.yaml")]).is_empty());
    }
}
