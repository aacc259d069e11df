//! `tailor serve`: a live preview that never dies on a bad edit.
//!
//! The site is built into a private folder and served on localhost under
//! its own address. A watcher rebuilds what each edit touches; open pages
//! reload by themselves. A bad edit is shown in the terminal and over the
//! page, while the last good pages keep being served until it is fixed.

mod http;
mod session;
mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;

pub use session::Session;

use crate::build::{Changes, Options};
use crate::diag::{Diagnostic, report};
use http::{Notice, Shared};

/// What to serve, from the command line.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
}

/// Why the preview could not start, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{}: {source}", root.display())]
    Root {
        root: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot listen on {address}: {source}")]
    Listen {
        address: String,
        source: std::io::Error,
    },
    #[error("cannot create {}: {source}", folder.display())]
    Folder {
        folder: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot watch {}: {source}", root.display())]
    Watch {
        root: PathBuf,
        source: notify::Error,
    },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
    #[error("the server stopped: {0}")]
    Stopped(std::io::Error),
}

impl ServeError {
    /// What to do about it, where there is something to do.
    pub fn hint(&self) -> Option<String> {
        match self {
            ServeError::Listen { address, source }
                if source.kind() == std::io::ErrorKind::AddrInUse =>
            {
                let port = address.rsplit(':').next().unwrap_or(address);
                Some(format!(
                    "port {port} is in use, maybe by another tailor serve; pass --port with another number"
                ))
            }
            _ => None,
        }
    }
}

/// The preview's private output folder, removed however the preview ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Serves the site until Ctrl-C (or SIGTERM).
pub fn run(mut opts: ServeOptions) -> Result<(), ServeError> {
    // Watched paths come back absolute; the root must be too.
    opts.root = std::fs::canonicalize(&opts.root).map_err(|source| ServeError::Root {
        root: opts.root.clone(),
        source,
    })?;
    let address = format!("{}:{}", opts.bind, opts.port);
    let listen = |source| ServeError::Listen {
        address: address.clone(),
        source,
    };
    let listener = std::net::TcpListener::bind(&address).map_err(listen)?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let host = match opts.bind.as_str() {
        "0.0.0.0" | "::" | "[::]" => "127.0.0.1".to_string(),
        b if b.contains(':') && !b.starts_with('[') => format!("[{b}]"),
        b => b.to_string(),
    };
    let base_url = format!("http://{host}:{port}/");
    let out = std::env::temp_dir().join(format!("tailor-serve-{}", std::process::id()));
    std::fs::create_dir_all(&out).map_err(|source| ServeError::Folder {
        folder: out.clone(),
        source,
    })?;
    let _scratch = Scratch(out.clone());
    let build_opts = Options {
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        ..Options::new(opts.root.clone())
    };
    let shared = Shared::new(out.clone());
    let mut session = Session::new(build_opts, out);
    rebuild(&mut session, &shared, &Changes::ALL, &opts.root);

    let (tx, rx) = mpsc::channel();
    let mut watcher = watch::watch(&opts.root, tx).map_err(|source| ServeError::Watch {
        root: opts.root.clone(),
        source,
    })?;
    let root = opts.root.clone();
    let loop_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        // Edits since the last good build: a later edit elsewhere must not
        // hide an earlier bad one.
        let mut pending = Changes::default();
        while let Some(paths) = watch::next_batch(&rx) {
            watch::watch_new_dirs(&mut watcher, &root, &paths);
            let changes = watch::classify(&root, &paths);
            if changes.is_empty() {
                continue;
            }
            pending = union(pending, changes);
            if rebuild(&mut session, &loop_shared, &pending, &root) {
                pending = Changes::default();
            }
        }
    });

    eprintln!(
        "serving {} at {base_url} — Ctrl-C stops",
        opts.root.display()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let served = runtime.block_on(async {
        let listener = listener
            .set_nonblocking(true)
            .and_then(|_| tokio::net::TcpListener::from_std(listener))
            .map_err(listen)?;
        let app = http::app(Arc::clone(&shared));
        let stopping = Arc::clone(&shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stop_signal().await;
                let _ = stopping.shutdown.send(true);
            })
            .await
            .map_err(ServeError::Stopped)
    });
    eprintln!("stopped");
    served
}

/// Ctrl-C, or a polite request to stop from the system.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Rebuilds, reports to the terminal and the browsers. Returns whether the
/// site is good again.
fn rebuild(
    session: &mut Session,
    shared: &Shared,
    changes: &Changes,
    root: &std::path::Path,
) -> bool {
    match session.rebuild(changes) {
        Ok(r) => {
            report(&r.warnings, root);
            eprintln!(
                "rebuilt: {} page{} rendered, {} file{} written{} in {:.1?}",
                r.rendered,
                plural(r.rendered),
                r.written,
                plural(r.written),
                if r.removed > 0 {
                    format!(", {} removed", r.removed)
                } else {
                    String::new()
                },
                r.took
            );
            if let (Ok(mut redirects), Some(site)) = (shared.redirects.write(), session.site()) {
                *redirects = site
                    .redirects
                    .iter()
                    .map(|r| (r.from.clone(), r.to.clone()))
                    .collect();
            }
            if let Ok(mut problem) = shared.problem.write() {
                *problem = None;
            }
            let _ = shared.notices.send(Notice::Reload);
            true
        }
        Err(diagnostics) => {
            report(&diagnostics, root);
            let text = problem_text(&diagnostics);
            if let Ok(mut problem) = shared.problem.write() {
                *problem = Some(text.clone());
            }
            let _ = shared.notices.send(Notice::Problem(text));
            eprintln!("still serving the last good build; fix the file and save");
            false
        }
    }
}

fn problem_text(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("error: {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn union(a: Changes, b: Changes) -> Changes {
    Changes {
        config: a.config || b.config,
        theme: a.theme || b.theme,
        content: crate::content::Kinds {
            segments: a.content.segments || b.content.segments,
            affiliates: a.content.affiliates || b.content.affiliates,
            case_studies: a.content.case_studies || b.content.case_studies,
            pages: a.content.pages || b.content.pages,
        },
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
