//! Watching a site for edits: which files matter, and what they touch.
//!
//! Only the site's own inputs are watched (the table in `crate::inputs`:
//! `tailor.yaml`, the affiliates files, `segments/`, `content/` and
//! `themes/`), so output folders, `.git` and build directories never
//! trigger a rebuild, and editor temp files (`.#x`, `x~`, `x.swp`, vim's
//! `4913`) are ignored.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::Changes;

/// Edits closer together than this are one rebuild.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// A burst of edits is cut into rebuilds at least this often.
const LONGEST_WAIT: Duration = Duration::from_millis(200);

use crate::inputs::{self, Kind, WATCHED_DIRS};

/// Starts watching `root`; the paths of changes (not of mere reads, which
/// every rebuild makes) go to `tx`.
pub fn watch(root: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(event) = res
            && !matches!(event.kind, EventKind::Access(_))
            && !event.paths.is_empty()
        {
            let _ = tx.send(event.paths);
        }
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// The next batch of changed paths: waits for a change, then gathers the
/// ones that follow until the site has been quiet for [`DEBOUNCE`]. `None`
/// when the watcher is gone.
pub fn next_batch(rx: &Receiver<Vec<PathBuf>>) -> Option<Vec<PathBuf>> {
    let mut paths = rx.recv().ok()?;
    let started = Instant::now();
    loop {
        let left = LONGEST_WAIT.saturating_sub(started.elapsed());
        match rx.recv_timeout(DEBOUNCE.min(left)) {
            Ok(more) if !left.is_zero() => paths.extend(more),
            Ok(more) => {
                paths.extend(more);
                return Some(paths);
            }
            Err(RecvTimeoutError::Timeout) => return Some(paths),
            Err(RecvTimeoutError::Disconnected) => return Some(paths),
        }
    }
}

/// Starts watching a folder the site gained after the server started.
pub fn watch_new_dirs(watcher: &mut RecommendedWatcher, root: &Path, paths: &[PathBuf]) {
    for p in paths {
        if p.parent() == Some(root)
            && WATCHED_DIRS
                .iter()
                .any(|d| p.file_name().is_some_and(|n| n == *d))
            && p.is_dir()
        {
            let _ = watcher.watch(p, RecursiveMode::Recursive);
        }
    }
}

/// What the changed `paths` touch.
pub fn classify(root: &Path, paths: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        // Folders are reported when they are read; what changed inside one
        // is reported by its own path.
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if path.is_dir() {
            continue;
        }
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_editor_temp(&name) {
            continue;
        }
        match inputs::classify(rel) {
            Some(Kind::Config) => changes.config = true,
            Some(Kind::Affiliates) => changes.content.affiliates = true,
            Some(Kind::Segments) => changes.content.segments = true,
            Some(Kind::Theme) => changes.theme = true,
            Some(Kind::CaseStudies) => changes.content.case_studies = true,
            Some(Kind::Pages) => changes.content.pages = true,
            None => {}
        }
    }
    changes
}

fn is_editor_temp(name: &str) -> bool {
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

    #[test]
    fn paths_to_changes() {
        let root = Path::new("/site");
        let c = |paths: &[&str]| {
            classify(
                root,
                &paths.iter().map(|p| root.join(p)).collect::<Vec<_>>(),
            )
        };
        assert!(c(&["tailor.yaml"]).config);
        assert!(c(&["affiliates.csv"]).content.affiliates);
        assert!(c(&["segments/fintech.yaml"]).content.segments);
        assert!(c(&["content/case-studies/x.md"]).content.case_studies);
        assert!(c(&["content/pages/faq.md"]).content.pages);
        assert!(c(&["themes/default/templates/base.html"]).theme);
        for ignored in [
            "public/index.html",
            ".git/index",
            "target/debug/x",
            "segments/.fintech.yaml.swp",
            "segments/fintech.yaml~",
            "segments/4913",
            "content/pages/.#faq.md",
            "README.md",
        ] {
            assert!(c(&[ignored]).is_empty(), "{ignored}");
        }
        assert!(classify(root, &[PathBuf::from("/elsewhere/tailor.yaml")]).is_empty());
    }
}
