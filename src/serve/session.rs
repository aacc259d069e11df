//! The preview's build state: the last good site, and what an edit makes
//! of it.
//!
//! After an edit, only the files that changed are read again
//! (`build::reload`), the new site is compared with the last good one, and
//! only the pages whose inputs differ are rendered; a page whose HTML came
//! out the same is not written again. A failed rebuild changes nothing: the
//! last good site and its pages stay.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::{self, Changes, Loaded, Options};
use crate::diag::Diagnostic;
use crate::output::files;
use crate::plan::Site;
use crate::render::{Job, Renderer};
use rayon::prelude::*;

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rebuilt {
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    pub took: Duration,
}

pub struct Session {
    opts: Options,
    out: PathBuf,
    last: Option<Loaded>,
    /// What is on disk, by output file: a hash of each file's bytes.
    written: HashMap<String, blake3::Hash>,
}

impl Session {
    pub fn new(opts: Options, out: PathBuf) -> Session {
        Session {
            opts,
            out,
            last: None,
            written: HashMap::new(),
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
        let jobs = match &self.last {
            Some(previous) if !(changes.config || changes.theme) => {
                affected(&previous.site, &loaded.site)
            }
            _ => None,
        };
        timer.lap("compare");
        let renderer = Renderer::new(&loaded.site, &loaded.theme)?;
        timer.lap("renderer");
        let jobs = jobs.unwrap_or_else(|| renderer.jobs(None));
        let site = &loaded.site;
        let extras = [
            ("sitemap.xml", files::sitemap(site)),
            ("robots.txt", files::robots(site)),
            ("_redirects", files::redirects(site)),
            ("_headers", files::headers(site)),
        ];
        // Render in parallel, keeping only what differs from what is on
        // disk; nothing is written unless every page rendered, so a bad edit
        // leaves the last good pages in place.
        let on_disk = &self.written;
        let changed = |file: &str, bytes: Vec<u8>| {
            let hash = blake3::hash(&bytes);
            (on_disk.get(file) != Some(&hash)).then(|| (file.to_string(), hash, bytes))
        };
        let findings = std::sync::Mutex::new(std::collections::BTreeSet::new());
        let results: Vec<Result<Option<(String, blake3::Hash, Vec<u8>)>, Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                renderer.render(*job).map(|page| {
                    if !page.findings.is_empty()
                        && let Ok(mut all) = findings.lock()
                    {
                        all.extend(page.findings);
                    }
                    changed(&page.out.file, page.html.into_bytes())
                })
            })
            .chain(
                extras
                    .par_iter()
                    .map(|(file, text)| Ok(changed(file, text.clone().into_bytes()))),
            )
            .chain(loaded.theme.assets.par_iter().map(|(_, asset)| {
                fs::read(&asset.source)
                    .map(|bytes| changed(&asset.out, bytes))
                    .map_err(|e| Diagnostic::error(&asset.source, format!("cannot read: {e}")))
            }))
            .collect();
        timer.lap("render");
        let findings = findings.into_inner().unwrap_or_default();
        let mut errors: Vec<Diagnostic> =
            crate::render::findings::diagnostics(site, &loaded.theme, &findings)
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
        let mut to_write = Vec::new();
        for r in results {
            match r {
                Ok(Some(file)) => to_write.push(file),
                Ok(None) => {}
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            errors.dedup();
            return Err(errors);
        }
        let out = &self.out;
        to_write
            .par_iter()
            .map(|(file, _, bytes)| {
                let path = out.join(file);
                path.parent()
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|_| fs::write(&path, bytes))
                    .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
            })
            .collect::<Result<Vec<()>, Diagnostic>>()
            .map_err(|e| vec![e])?;
        let written = to_write.len();
        for (file, hash, _) in to_write {
            self.written.insert(file, hash);
        }
        timer.lap("write");
        // Pages of the last good site that the new one no longer has.
        let wanted: HashSet<&str> = site.files().collect();
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|f| {
                (!f.starts_with("assets/") && !wanted.contains(f.as_str()))
                    || is_old_asset(f, &loaded)
            })
            .cloned()
            .collect();
        for file in &stale {
            let _ = fs::remove_file(self.out.join(file));
            self.written.remove(file);
        }
        let rendered = jobs.len();
        self.last = Some(loaded);
        Ok(Rebuilt {
            rendered,
            written,
            removed: stale.len(),
            took: started.elapsed(),
        })
    }

    pub fn out(&self) -> &Path {
        &self.out
    }
}

fn is_old_asset(file: &str, loaded: &Loaded) -> bool {
    file.starts_with("assets/") && !loaded.theme.assets.values().any(|a| a.out == file)
}

fn lang_index(site: &Site, lang: &str) -> usize {
    site.config
        .locales
        .iter()
        .position(|l| l == lang)
        .unwrap_or(0)
}

/// The slugs of the case studies segment `i` shows.
fn shown(s: &Site, i: usize) -> Vec<&str> {
    s.segments[i]
        .shown
        .iter()
        .map(|&c| s.content.case_studies[c].slug.as_str())
        .collect()
}

/// The pages whose inputs differ between two versions of a site with the
/// same config and theme; `None` when every page may have changed.
fn affected(old: &Site, new: &Site) -> Option<Vec<Job>> {
    let nav = |s: &Site| -> Vec<(String, i32, String)> {
        s.content
            .pages
            .iter()
            .zip(&s.pages)
            .map(|(p, o)| (p.title.clone(), p.order, o.file.clone()))
            .collect()
    };
    if nav(old) != nav(new) || old.content.translations != new.content.translations {
        // The footer of every page lists the content pages.
        return None;
    }
    let mut jobs = Vec::new();
    let old_cs: HashMap<&str, &crate::content::CaseStudy> = old
        .content
        .case_studies
        .iter()
        .map(|c| (c.slug.as_str(), c))
        .collect();
    let changed_cs: HashSet<&str> = new
        .content
        .case_studies
        .iter()
        .filter(|c| old_cs.get(c.slug.as_str()) != Some(c))
        .map(|c| c.slug.as_str())
        .chain(
            old.content
                .case_studies
                .iter()
                .filter(|c| !new.content.case_studies.iter().any(|n| n.slug == c.slug))
                .map(|c| c.slug.as_str()),
        )
        .collect();
    for (i, c) in new.content.case_studies.iter().enumerate() {
        if changed_cs.contains(c.slug.as_str()) {
            jobs.push(Job::CaseStudy(i, 0));
            jobs.extend(
                new.case_study_translations[i]
                    .iter()
                    .map(|(l, _)| Job::CaseStudy(i, lang_index(new, l))),
            );
        }
    }
    // A segment page changes with its own data, its offer, or the case
    // studies it shows; its affiliates' pages with it.
    let old_seg: HashMap<&str, usize> = old
        .content
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();

    let mut changed_segments: HashSet<&str> = HashSet::new();
    for (i, seg) in new.content.segments.iter().enumerate() {
        let same = old_seg.get(seg.id.as_str()).is_some_and(|&o| {
            old.content.segments[o] == *seg
                && old.segments[o].incentive == new.segments[i].incentive
                && old.segments[o].out == new.segments[i].out
                && shown(old, o) == shown(new, i)
        }) && !shown(new, i).iter().any(|c| changed_cs.contains(c));
        if !same {
            changed_segments.insert(seg.id.as_str());
            jobs.push(Job::Segment(i, 0));
            jobs.extend(
                new.segments[i]
                    .translations
                    .iter()
                    .map(|(l, _)| Job::Segment(i, lang_index(new, l))),
            );
        }
    }
    let segments_list_changed =
        old.content.segments.len() != new.content.segments.len() || !changed_segments.is_empty();
    if segments_list_changed || !changed_cs.is_empty() {
        jobs.push(Job::Index);
    }
    let old_aff: HashMap<&str, &crate::plan::AffiliatePlan> = old
        .affiliates
        .iter()
        .map(|p| (old.content.affiliates[p.affiliate].slug.as_str(), p))
        .collect();
    for (i, plan) in new.affiliates.iter().enumerate() {
        let a = &new.content.affiliates[plan.affiliate];
        let same = old_aff.get(a.slug.as_str()).is_some_and(|o| {
            old.content.affiliates[o.affiliate].same_page(a)
                && o.incentive == plan.incentive
                && o.out == plan.out
        });
        if !same || changed_segments.contains(new.content.segments[plan.segment].id.as_str()) {
            jobs.push(Job::Affiliate(i));
        }
    }
    let old_pages: HashMap<&str, &crate::content::Page> = old
        .content
        .pages
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    for (i, p) in new.content.pages.iter().enumerate() {
        if old_pages.get(p.slug.as_str()) != Some(&p) {
            jobs.push(Job::Page(i));
        }
    }
    Some(jobs)
}
