//! `tailor serve`: a live preview that never dies on a bad edit.
//!
//! The site is built into a private folder and served on localhost under
//! its own address. A watcher rebuilds what each edit touches; open pages
//! reload by themselves. A bad edit is shown in the terminal and over the
//! page, while the last good pages keep being served until it is fixed.

mod http;
mod session;
mod stamps;
mod watch;
mod writers;

use std::path::PathBuf;
use std::sync::Arc;

pub use http::inject;
pub use session::{Session, Unpublished};

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
    /// Host names answered besides localhost and the bound address.
    pub allow_hosts: Vec<String>,
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

/// Serves the site until Ctrl-C (or SIGTERM).
pub fn run(mut opts: ServeOptions) -> Result<(), ServeError> {
    writers::prepare();
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
    let everywhere = matches!(opts.bind.as_str(), "0.0.0.0" | "::" | "[::]");
    let host = match opts.bind.as_str() {
        _ if everywhere => "127.0.0.1".to_string(),
        b if b.contains(':') && !b.starts_with('[') => format!("[{b}]"),
        b => b.to_string(),
    };
    let base_url = format!("http://{host}:{port}/");
    // The preview's own folder: a new one with a name no one can guess,
    // created at once and private (mode 700), so nothing another user of
    // the machine planted in the temp folder is ever used or written
    // through; removed when the preview ends.
    let scratch = tempfile::Builder::new()
        .prefix("tailor-serve-")
        .permissions(private())
        .tempdir()
        .map_err(|source| ServeError::Folder {
            folder: std::env::temp_dir(),
            source,
        })?;
    let out = scratch.path().to_path_buf();
    let build_opts = Options {
        base_url: Some(base_url.clone()),
        drafts: opts.drafts,
        ..Options::new(opts.root.clone())
    };
    let mut hosts = http::Hosts::new(&opts.bind, &opts.allow_hosts);
    hosts.allow(&host);
    let shared = Shared::new(out.clone(), hosts);
    let mut session = Session::new(build_opts, out);
    // Watching starts first, so that an edit made during the first build
    // is seen.
    let mut watch =
        watch::Watch::start(&opts.root, scratch.path()).map_err(|source| ServeError::Watch {
            root: opts.root.clone(),
            source,
        })?;
    let mut made = rebuild(&mut session, &mut watch, &shared, &Changes::ALL, &opts.root);
    watch.see(session.pictures());
    let root = opts.root.clone();
    let loop_shared = Arc::clone(&shared);
    std::thread::spawn(move || {
        // Edits since the last good build: a later edit elsewhere must not
        // hide an earlier bad one.
        let mut pending = if made == Made::Good {
            Changes::default()
        } else {
            Changes::ALL
        };
        // Rebuilds in a row thrown away because an input was being written.
        let mut moved = 0;
        loop {
            // After a rebuild thrown away, the save that caused it is
            // waited for; if the watcher says nothing of it, the site is
            // read again all the same.
            let wait = matches!(made, Made::Moved(_)).then_some(watch::QUIET * 5);
            let Some(paths) = watch.next_batch(wait) else {
                break;
            };
            let changes = watch.classify(&paths);
            if changes.is_empty() && !matches!(made, Made::Moved(_)) {
                continue;
            }
            pending = union(pending, changes);
            made = rebuild(&mut session, &mut watch, &loop_shared, &pending, &root);
            match &made {
                Made::Good => {
                    pending = Changes::default();
                    watch.see(session.pictures());
                    moved = 0;
                }
                Made::Bad => moved = 0,
                Made::Moved(file) => {
                    moved += 1;
                    if moved == MOVING_FOR {
                        eprintln!(
                            "{}: written again each time the site is read; the preview waits until it is saved and left alone",
                            file.display()
                        );
                    }
                }
            }
        }
    });

    let listening = if everywhere {
        format!(" (listening on every address, {}:{port})", opts.bind)
    } else {
        String::new()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let served = runtime.block_on(async {
        // Ctrl-C is listened for before the preview says it stops it: a
        // signal that came between the two would be lost where the
        // process was started with SIGINT ignored (a background job of a
        // script), and the preview would never stop.
        let stop = stop_signal();
        eprintln!(
            "serving {} at {base_url}{listening} — Ctrl-C stops",
            opts.root.display()
        );
        if let Some(warning) = exposure(&opts.bind, everywhere, port, &opts.allow_hosts) {
            eprintln!("{warning}");
        }
        let listener = listener
            .set_nonblocking(true)
            .and_then(|_| tokio::net::TcpListener::from_std(listener))
            .map_err(listen)?;
        let app = http::app(Arc::clone(&shared));
        let stopping = Arc::clone(&shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                stop.await;
                let _ = stopping.shutdown.send(true);
            })
            .await
            .map_err(ServeError::Stopped)
    });
    eprintln!("stopped");
    drop(scratch);
    served
}

/// The preview's server for the output folder `out`, answering the
/// default host names: for the fuzz target, which asks it without a
/// socket.
pub(crate) fn preview(out: PathBuf) -> axum::Router {
    http::app(Shared::new(out, http::Hosts::new("127.0.0.1", &[])))
}

/// Only this user may read or enter the preview's folder.
fn private() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o700)
    }
    #[cfg(not(unix))]
    {
        std::env::temp_dir()
            .metadata()
            .map(|m| m.permissions())
            .expect("the temp folder")
    }
}

/// The warning for a preview other machines can reach: bound to any
/// address but this machine's loopback.
fn exposure(bind: &str, everywhere: bool, port: u16, allowed: &[String]) -> Option<String> {
    let bare = bind.trim_start_matches('[').trim_end_matches(']');
    let loopback = bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        return None;
    }
    let (reach, links, names) = if everywhere {
        (
            "every network this machine is on".to_string(),
            format!(
                " Pages link to http://127.0.0.1:{port}/, so their links work on this machine only."
            ),
            "localhost, 127.0.0.1 and [::1]".to_string(),
        )
    } else {
        (
            format!("{bind}, beyond this machine"),
            String::new(),
            format!("localhost, 127.0.0.1, [::1] and {bind}"),
        )
    };
    let also = if allowed.is_empty() {
        "; pass --allow-host NAME for each other name it is reached by".to_string()
    } else {
        format!(", and {} (--allow-host)", allowed.join(", "))
    };
    Some(format!(
        "warning: --bind {bind} listens on {reach} (port {port}): anyone who can reach it can read the preview, drafts included.{links} It answers requests for {names} only{also}."
    ))
}

/// Ctrl-C, or a polite request to stop from the system.
/// Listens for Ctrl-C and SIGTERM from now on (the listeners are made when
/// this is called, not when the future is first polled); the future ends
/// at the first of them.
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listeners = signal(SignalKind::interrupt()).and_then(|int| {
            let term = signal(SignalKind::terminate())?;
            Ok((int, term))
        });
        async move {
            let Ok((mut int, mut term)) = listeners else {
                return std::future::pending().await;
            };
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

/// Rebuilds thrown away in a row before the terminal says which file keeps
/// changing.
const MOVING_FOR: usize = 20;

/// What came of a rebuild.
#[derive(Debug, PartialEq, Eq)]
enum Made {
    /// Published.
    Good,
    /// The site has errors, reported; the last good pages stay.
    Bad,
    /// This input was written while it was read: nothing published, nothing
    /// reported, to be made again once the save is finished.
    Moved(PathBuf),
}

/// Rebuilds, reports to the terminal and the browsers.
fn rebuild(
    session: &mut Session,
    watch: &mut watch::Watch,
    shared: &Shared,
    changes: &Changes,
    root: &std::path::Path,
) -> Made {
    // A save begun since the batch was taken: its events may still be on
    // their way.
    let mut begun = || {
        watch.catch_up();
        watch.disturbed()
    };
    match session.rebuild(changes, &mut begun) {
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
            Made::Good
        }
        Err(Unpublished::Moved(file)) => Made::Moved(file),
        Err(Unpublished::Errors(diagnostics)) => {
            report(&diagnostics, root);
            let text = problem_text(&diagnostics);
            if let Ok(mut problem) = shared.problem.write() {
                *problem = Some(text.clone());
            }
            let _ = shared.notices.send(Notice::Problem(text));
            eprintln!("still serving the last good build; fix the file and save");
            Made::Bad
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
        photos: a.photos || b.photos,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
