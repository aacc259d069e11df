//! The build pipeline: load config → load content → plan → render → write.
//!
//! `check` runs the same pipeline and throws the pages away, so anything
//! `build` would reject, `check` rejects too.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::Config;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::plan::{self, Site};
use crate::render::{Renderer, Theme};

/// What to build, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Build only this share of the affiliate pages (and, for shard 1,
    /// everything else).
    pub shard: Option<plan::Shard>,
    /// Show a progress bar on a terminal when the build is large.
    pub progress: bool,
}

impl Options {
    /// A whole build of the site at `root`, as it is configured.
    pub fn new(root: PathBuf) -> Options {
        Options {
            root,
            base_url: None,
            drafts: false,
            shard: None,
            progress: false,
        }
    }
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub pages: usize,
    /// Social cards in the site, and how many were drawn (the others were
    /// linked from the previous output, unchanged).
    pub cards: usize,
    pub cards_drawn: usize,
    /// Files written, and files left as the previous build wrote them.
    pub written: usize,
    pub unchanged: usize,
    /// Warnings, or every diagnostic when the run failed.
    pub diagnostics: Vec<Diagnostic>,
}

/// A site loaded, checked and planned, with its theme.
pub struct Loaded {
    pub site: Site,
    /// Shared with the next load when the theme has not changed.
    pub theme: Arc<Theme>,
    pub warnings: Vec<Diagnostic>,
}

/// What an edit touched, so a reload reads only that.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub config: bool,
    pub theme: bool,
    pub content: content::Kinds,
    /// An affiliate's photo: the data is as it was, the plan is made again
    /// (a photo's published name holds a hash of the file).
    pub photos: bool,
}

impl Changes {
    pub const ALL: Changes = Changes {
        config: true,
        theme: true,
        content: content::Kinds::ALL,
        photos: true,
    };

    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }
}

/// Everything up to rendering. Errors come back all at once.
pub fn load(opts: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let timer = Timer::start();
    let config = Config::load(&opts.root, opts.base_url.as_deref())?;
    let mut diags = Diagnostics::new();
    let content = content::load(&config.inputs(), opts.drafts, &mut diags);
    timer.lap("load content");
    let policy = crate::track::LinkPolicy::new(&config);
    let theme = Theme::load(&config, &policy, config.base_url.path(), &mut diags);
    timer.lap("load theme");
    let assets = theme.as_ref().map(Theme::asset_outputs).unwrap_or_default();
    let card_key = theme.as_ref().and_then(|t| t.card_key.clone());
    let site_files = theme
        .as_ref()
        .map(|t| t.site_files.clone())
        .unwrap_or_default();
    let site = plan::resolve(
        config,
        content,
        &assets,
        &site_files,
        card_key.as_deref(),
        &mut diags,
    );
    timer.lap("plan");
    match (site, theme) {
        (Some(site), Some(theme)) if !diags.has_errors() => Ok(Loaded {
            site,
            theme: Arc::new(theme),
            warnings: diags.into_sorted(),
        }),
        _ => Err(diags.into_sorted()),
    }
}

/// Loads again after an edit, reading only what `changes` touched and
/// taking the rest from `previous`. The config or the theme changed means
/// everything is read again.
pub fn reload(
    opts: &Options,
    previous: &Loaded,
    changes: &Changes,
) -> Result<Loaded, Vec<Diagnostic>> {
    if changes.config || changes.theme {
        return load(opts);
    }
    let timer = Timer::start();
    let config = previous.site.config.clone();
    let mut diags = Diagnostics::new();
    let content = content::reload(
        &config.inputs(),
        opts.drafts,
        &previous.site.content,
        changes.content,
        &mut diags,
    );
    timer.lap("reload content");
    let assets = previous.theme.asset_outputs();
    let site = plan::resolve(
        config,
        content,
        &assets,
        &previous.theme.site_files,
        previous.theme.card_key.as_deref(),
        &mut diags,
    );
    timer.lap("reload plan");
    match site {
        Some(site) if !diags.has_errors() => Ok(Loaded {
            site,
            theme: Arc::clone(&previous.theme),
            warnings: diags.into_sorted(),
        }),
        _ => Err(diags.into_sorted()),
    }
}

/// Builds the site into `out`, replacing it only if everything succeeded.
pub fn build(opts: &Options, out: &Path) -> Result<Outcome, Vec<Diagnostic>> {
    let loaded = load(opts)?;
    let timer = Timer::start();
    let staging = Staging::new(out, &opts.root).map_err(|d| vec![d])?;
    let mut outcome = render_into(&loaded, Some(&staging), opts)?;
    timer.lap("render and write");
    // The user's own files found in the previous output, kept and named.
    let kept = staging.commit().map_err(|mut errors| {
        errors.splice(0..0, outcome.diagnostics.drain(..));
        errors
    })?;
    outcome.diagnostics.extend(kept);
    timer.lap("commit");
    drop(loaded);
    timer.lap("free");
    Ok(outcome)
}

/// Loads, plans and renders everything without writing anything, and
/// lists what is not translated yet. With `strict`, every warning — a
/// missing translation, a link that may lose credit — is an error.
pub fn check(opts: &Options, strict: bool) -> Result<Outcome, Vec<Diagnostic>> {
    let strictly = |mut all: Vec<Diagnostic>| {
        if strict {
            for d in &mut all {
                d.severity = crate::diag::Severity::Error;
            }
        }
        all
    };
    let loaded = load(opts).map_err(strictly)?;
    let missing = plan::coverage::missing(&loaded.site, &loaded.theme.i18n);
    let mut outcome = render_into(&loaded, None, opts).map_err(strictly)?;
    outcome.diagnostics.extend(missing);
    if strict && !outcome.diagnostics.is_empty() {
        return Err(strictly(outcome.diagnostics));
    }
    Ok(outcome)
}

fn render_into(
    loaded: &Loaded,
    staging: Option<&Staging>,
    opts: &Options,
) -> Result<Outcome, Vec<Diagnostic>> {
    let site = &loaded.site;
    let renderer = Renderer::new(site, &loaded.theme).map_err(|mut errors| {
        errors.splice(0..0, loaded.warnings.iter().cloned());
        errors
    })?;
    let artifacts = site.in_shard(opts.shard);
    let progress = progress_bar(opts.progress, artifacts.len());
    let done = AtomicUsize::new(0);
    // A build links the cards the previous output has; a check draws one
    // card of each kind in each language, enough to prove the design
    // draws, and keeps the rest.
    let checked = std::sync::Mutex::new(std::collections::HashSet::new());
    let keep = |artifact: &plan::Artifact| match staging {
        Some(s) => s.keep(&artifact.out.file),
        None => {
            let plan::Kind::Card(c) = artifact.kind else {
                return false;
            };
            let kind = site.cards[c].data.kind;
            !checked
                .lock()
                .map(|mut seen| seen.insert((kind, artifact.lang)))
                .unwrap_or(false)
        }
    };
    let report = renderer.produce_all(&artifacts, keep, |artifact, bytes| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(256) {
            progress.set_position(n as u64);
        }
        match staging {
            Some(s) => s.write(&artifact.out.file, &bytes).map(|_| ()),
            None => Ok(()),
        }
    });
    progress.finish_and_clear();
    let cards_drawn = report.cards_drawn;
    let mut before = loaded.warnings.clone();
    before.extend(plan::publishing::warnings(site, &opts.root));
    let warnings = report.into_diagnostics(before)?;
    let pages = artifacts
        .iter()
        .filter(|&&n| site.artifacts[n].kind.is_page())
        .count();
    let (written, unchanged) = staging.map_or((0, 0), Staging::counts);
    Ok(Outcome {
        pages,
        cards: site.cards.len(),
        cards_drawn,
        written,
        unchanged,
        diagnostics: warnings,
    })
}

/// A bar on stderr for builds of many pages, when stderr is a terminal.
fn progress_bar(wanted: bool, pages: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !wanted || pages < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(pages as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} pages, {eta} left")
            .expect("a valid template"),
    );
    bar
}

/// Builds of fewer pages finish before a bar is worth drawing.
const PROGRESS_FROM: usize = 5_000;

/// Wall time of the build's stages, printed to stderr when
/// `TAILOR_TIMINGS` is set; for finding where the time goes.
pub(crate) struct Timer {
    last: std::cell::Cell<std::time::Instant>,
    on: bool,
}

impl Timer {
    pub(crate) fn start() -> Self {
        Timer {
            last: std::cell::Cell::new(std::time::Instant::now()),
            on: std::env::var_os("TAILOR_TIMINGS").is_some(),
        }
    }

    pub(crate) fn lap(&self, stage: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!("timing: {stage:<18} {:>8.1?}", now - self.last.get());
            self.last.set(now);
        }
    }
}
