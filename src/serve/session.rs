//! The preview's build state: the last good site, and what an edit makes
//! of it.
//!
//! After an edit, only the files that changed are read again
//! (`build::reload`), and only the artifacts whose fingerprint changed —
//! a hash of every value they are made from (`plan::fingerprint`) — are
//! produced again; a file whose bytes came out the same is not written.
//! A failed rebuild changes nothing: the last good site and its files stay.
//!
//! A rebuild is made from whole inputs: if any of them was written while
//! it was read (`super::stamps`), nothing is written, and the caller makes
//! the rebuild again once the save is finished.
//!
//! Every file is written whole or not at all: into a temporary file beside
//! it, then renamed into place, so the server reads either the old file or
//! the new one, never half of one. A file is removed only when the site no
//! longer has it.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::stamps::Stamps;
use super::watch::Pictures;
use crate::build::{self, Changes, Loaded, Options};
use crate::diag::Diagnostic;
use crate::inputs::{Named, named_file};
use crate::plan::fingerprint::fingerprints;
use crate::plan::{ArtifactId, Site};
use crate::render::Renderer;

/// How long a failed rebuild waits before its errors are reported, for a
/// save that had just begun (a file emptied, not written yet, by a writer
/// the machine keeps waiting) to show itself.
const CONFIRM: Duration = Duration::from_millis(50);

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    /// Pages rendered again.
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    pub took: Duration,
    /// Warnings of the new site.
    pub warnings: Vec<Diagnostic>,
}

/// Why a rebuild was not published.
#[derive(Debug)]
pub enum Unpublished {
    /// The site has errors: the last good site stays.
    Errors(Vec<Diagnostic>),
    /// This input (relative to the site's root) was written while it was
    /// read: the rebuild must be made again.
    Moved(PathBuf),
}

pub struct Session {
    opts: Options,
    out: PathBuf,
    last: Option<Loaded>,
    /// What is on disk, by output file: a hash of each file's bytes.
    written: HashMap<String, blake3::Hash>,
    /// The fingerprint each file was produced from, by output file.
    made_from: HashMap<String, blake3::Hash>,
}

impl Session {
    pub fn new(opts: Options, out: PathBuf) -> Session {
        Session {
            opts,
            out,
            last: None,
            written: HashMap::new(),
            made_from: HashMap::new(),
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.last.as_ref().map(|l| &l.site)
    }

    /// The logo and photos the last good site names.
    pub fn pictures(&self) -> Pictures {
        self.site().map(pictures).unwrap_or_default()
    }

    /// Rebuilds after `changes`; everything on the first call. Nothing is
    /// written when an input was written while it was read.
    ///
    /// `begun` says which input a save had begun to write when it was
    /// called, if any (the watcher knows: the stamps cannot tell a file a
    /// save has just emptied from one the marketer emptied).
    pub fn rebuild(
        &mut self,
        changes: &Changes,
        begun: &mut dyn FnMut() -> Option<PathBuf>,
    ) -> Result<Rebuilt, Unpublished> {
        let started = Instant::now();
        let (loaded, made) = self.make(changes, begun)?;
        self.publish(loaded, made, started)
            .map_err(|e| Unpublished::Errors(vec![e]))
    }

    /// Loads and renders after `changes`, writing nothing.
    fn make(
        &self,
        changes: &Changes,
        begun: &mut dyn FnMut() -> Option<PathBuf>,
    ) -> Result<(Loaded, Made), Unpublished> {
        let root = self.opts.root.as_path();
        let timer = build::Timer::start();
        let mut stamps = Stamps::take(root, &self.pictures().files());
        timer.lap("stamp");
        // A save begun before the stamps may have left a file empty or cut
        // short, as the stamps saw it; one begun after changes a stamp.
        if let Some(file) = begun() {
            return Err(Unpublished::Moved(file));
        }
        // Errors are reported only when no input was being written: a file
        // cut short for a moment is not the marketer's mistake.
        // A failure is looked at again a moment later, a save that was
        // only beginning given the time to show itself.
        let mut failed = |stamps: &Stamps, errors| {
            std::thread::sleep(CONFIRM);
            match stamps.moved(root).or_else(&mut *begun) {
                Some(file) => Unpublished::Moved(file),
                None => Unpublished::Errors(errors),
            }
        };
        let loaded = match &self.last {
            Some(previous) => build::reload(&self.opts, previous, changes),
            None => build::load(&self.opts),
        };
        timer.lap("reload");
        let loaded = loaded.map_err(|errors| failed(&stamps, errors))?;
        // What was loaded is what the files hold: none changed since the
        // stamp, taken once the last save was finished.
        if let Some(file) = stamps.moved(root) {
            return Err(Unpublished::Moved(file));
        }
        // Pictures the new site names, read from here on.
        stamps.add(root, &pictures(&loaded.site).files());
        timer.lap("stamp again");
        let site = &loaded.site;
        let prints = fingerprints(site);
        // The config and the theme are in no fingerprint: either changed
        // means everything is made again.
        let everything = self.last.is_none() || changes.config || changes.theme;
        // Social cards are for sharing, and a preview is not shared: they
        // are left to `tailor build`, so that a preview of 10,000
        // affiliates starts in a second, not a minute.
        let wanted: Vec<ArtifactId> = site
            .artifact_ids()
            .filter(|&n| !matches!(site.artifacts[n].kind, crate::plan::Kind::Card(_)))
            .filter(|&n| {
                everything || self.made_from.get(&site.artifacts[n].out.file) != Some(&prints[n])
            })
            .collect();
        timer.lap("compare");
        let renderer = Renderer::new(site, &loaded.theme).map_err(|e| failed(&stamps, e))?;
        timer.lap("renderer");
        // Produce in parallel, keeping only what differs from what is on
        // disk; nothing is written unless everything was produced, so a bad
        // edit leaves the last good files in place.
        let on_disk = &self.written;
        let changed = Mutex::new(Vec::new());
        // Only cards whose name is new are wanted: none is kept.
        let report = renderer.produce_all(
            &wanted,
            |_| false,
            |artifact, bytes| {
                let hash = blake3::hash(&bytes);
                if on_disk.get(&artifact.out.file) != Some(&hash)
                    && let Ok(mut list) = changed.lock()
                {
                    list.push((artifact.out.file.clone(), hash, bytes));
                }
                Ok(())
            },
        );
        timer.lap("render");
        let warnings = report
            .into_diagnostics(loaded.warnings.clone())
            .map_err(|all| failed(&stamps, all))?;
        if let Some(file) = stamps.moved_while_rendering(root) {
            return Err(Unpublished::Moved(file));
        }
        timer.lap("stamp rendered");
        let to_write = changed.into_inner().unwrap_or_default();
        let made_from = wanted
            .iter()
            .map(|&n| (site.artifacts[n].out.file.clone(), prints[n]))
            .collect();
        let rendered = wanted
            .iter()
            .filter(|&&n| site.artifacts[n].kind.is_page())
            .count();
        Ok((
            loaded,
            Made {
                to_write,
                made_from,
                everything,
                rendered,
                warnings,
            },
        ))
    }

    /// Writes what [`Session::make`] made, and makes `loaded` the last good
    /// site.
    fn publish(
        &mut self,
        loaded: Loaded,
        made: Made,
        started: Instant,
    ) -> Result<Rebuilt, Diagnostic> {
        let timer = build::Timer::start();
        let Made {
            to_write,
            made_from,
            everything,
            rendered,
            warnings,
        } = made;
        let out = &self.out;
        use rayon::prelude::*;
        to_write
            .par_iter()
            .map(|(file, _, bytes)| crate::output::write_atomically(&out.join(file), bytes))
            .collect::<Result<Vec<()>, Diagnostic>>()?;
        let written = to_write.len();
        for (file, hash, _) in to_write {
            self.written.insert(file, hash);
        }
        if everything {
            self.made_from.clear();
        }
        self.made_from.extend(made_from);
        timer.lap("write");
        // Files of the last good site that the new one no longer has.
        let site = &loaded.site;
        let has: std::collections::HashSet<&str> = site.files().collect();
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|f| !has.contains(f.as_str()))
            .cloned()
            .collect();
        for file in &stale {
            let _ = fs::remove_file(self.out.join(file));
            self.written.remove(file);
            self.made_from.remove(file);
        }
        self.last = Some(loaded);
        Ok(Rebuilt {
            rendered,
            written,
            removed: stale.len(),
            took: started.elapsed(),
            warnings,
        })
    }
}

/// What a rebuild made, not written yet.
struct Made {
    /// Output files whose bytes changed: name, hash, bytes.
    to_write: Vec<(String, blake3::Hash, Vec<u8>)>,
    /// The fingerprint each produced file was made from.
    made_from: Vec<(String, blake3::Hash)>,
    /// Whether every file was made again.
    everything: bool,
    rendered: usize,
    warnings: Vec<Diagnostic>,
}

/// The logo and photos `site` names, as paths relative to its root.
fn pictures(site: &Site) -> Pictures {
    let plain = |path: &Path| -> PathBuf {
        path.components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .collect()
    };
    Pictures {
        logo: site.config.logo.as_ref().map(|l| plain(&l.file)),
        photos: site
            .content
            .affiliates
            .iter()
            .filter_map(|a| match named_file(a.photo.as_deref()?) {
                Named::File { path, .. } => Some(plain(path)),
                Named::Remote | Named::Outside => None,
            })
            .collect(),
    }
}
