//! The preview's build state: the last good site, and what an edit makes
//! of it.
//!
//! After an edit, only the files that changed are read again
//! (`build::reload`), and only the artifacts whose fingerprint changed —
//! a hash of every value they are made from (`plan::fingerprint`) — are
//! produced again; a file whose bytes came out the same is not written.
//! A failed rebuild changes nothing: the last good site and its files stay.
//!
//! Every file is written whole or not at all: into a temporary file beside
//! it, then renamed into place, so the server reads either the old file or
//! the new one, never half of one. A file is removed only when the site no
//! longer has it.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::build::{self, Changes, Loaded, Options};
use crate::diag::Diagnostic;
use crate::plan::Site;
use crate::plan::fingerprint::fingerprints;
use crate::render::Renderer;

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

    /// Rebuilds after `changes`; everything on the first call.
    pub fn rebuild(&mut self, changes: &Changes) -> Result<Rebuilt, Vec<Diagnostic>> {
        let started = Instant::now();
        let timer = build::Timer::start();
        let loaded = match &self.last {
            Some(previous) => build::reload(&self.opts, previous, changes)?,
            None => build::load(&self.opts)?,
        };
        timer.lap("reload");
        let site = &loaded.site;
        let prints = fingerprints(site);
        // The config and the theme are in no fingerprint: either changed
        // means everything is made again.
        let everything = self.last.is_none() || changes.config || changes.theme;
        // Social cards are for sharing, and a preview is not shared: they
        // are left to `tailor build`, so that a preview of 10,000
        // affiliates starts in a second, not a minute.
        let wanted: Vec<usize> = (0..site.artifacts.len())
            .filter(|&n| !matches!(site.artifacts[n].kind, crate::plan::Kind::Card(_)))
            .filter(|&n| {
                everything || self.made_from.get(&site.artifacts[n].out.file) != Some(&prints[n])
            })
            .collect();
        timer.lap("compare");
        let renderer = Renderer::new(site, &loaded.theme)?;
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
        let mut errors = report.errors;
        let mut warnings = loaded.warnings.clone();
        warnings.extend(report.warnings);
        if !errors.is_empty() {
            crate::diag::sort(&mut errors);
            return Err(errors);
        }
        let to_write = changed.into_inner().unwrap_or_default();
        let out = &self.out;
        use rayon::prelude::*;
        to_write
            .par_iter()
            .map(|(file, _, bytes)| crate::output::write_atomically(&out.join(file), bytes))
            .collect::<Result<Vec<()>, Diagnostic>>()
            .map_err(|e| vec![e])?;
        let written = to_write.len();
        for (file, hash, _) in to_write {
            self.written.insert(file, hash);
        }
        if everything {
            self.made_from.clear();
        }
        for &n in &wanted {
            self.made_from
                .insert(site.artifacts[n].out.file.clone(), prints[n]);
        }
        timer.lap("write");
        // Files of the last good site that the new one no longer has.
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
        let rendered = wanted
            .iter()
            .filter(|&&n| site.artifacts[n].kind.is_page())
            .count();
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
