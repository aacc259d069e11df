//! The preview's HTTP server: the built pages, with a live-reload script
//! and, while the site has an error, an overlay showing it.
//!
//! Both are added to HTML responses only; nothing of the kind is ever in
//! the files `tailor build` writes.
//!
//! Before any of that, a request must be for one of the preview's own host
//! names — a web page whose own name is made to point at this machine (DNS
//! rebinding) would otherwise read the preview — and for a path that can
//! name a file of the output (`crate::paths::request`): anything else is
//! refused with a 4xx, never a 5xx. A 5xx that happens all the same is
//! printed in the terminal.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::ServeDir;

/// What the rebuild side tells browsers.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A rebuild succeeded: reload.
    Reload,
    /// A rebuild failed: show this.
    Problem(String),
}

/// The host names the preview answers, and those it refused so far (each
/// is said once in the terminal).
pub struct Hosts {
    names: BTreeSet<String>,
    refused: Mutex<HashSet<String>>,
}

impl Hosts {
    /// localhost, this machine's loopback addresses, the bound address and
    /// the names given with `--allow-host`.
    pub fn new(bind: &str, extra: &[String]) -> Hosts {
        let mut hosts = Hosts {
            names: BTreeSet::new(),
            refused: Mutex::new(HashSet::new()),
        };
        for name in ["localhost", "127.0.0.1", "[::1]", bind]
            .into_iter()
            .chain(extra.iter().map(String::as_str))
        {
            hosts.allow(name);
        }
        hosts
    }

    pub fn allow(&mut self, name: &str) {
        let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
        // An IPv6 address is written in brackets in a Host header.
        let name = if name.contains(':') && !name.starts_with('[') {
            format!("[{name}]")
        } else {
            name
        };
        self.names.insert(name);
    }

    /// Whether a request for `host` (a Host header: a name, maybe a port)
    /// is answered. Names under `.localhost` are this machine's by
    /// definition (RFC 6761).
    pub fn answers(&self, host: &str) -> bool {
        let name = host_name(host);
        name == "localhost" || name.ends_with(".localhost") || self.names.contains(&name)
    }

    /// The names answered, for messages.
    fn listed(&self) -> String {
        self.names.iter().cloned().collect::<Vec<_>>().join(", ")
    }

    /// Whether `name` is refused for the first time.
    fn first_refusal(&self, name: &str) -> bool {
        self.refused
            .lock()
            .map(|mut seen| seen.len() < 64 && seen.insert(name.to_string()))
            .unwrap_or(false)
    }
}

/// The name of a Host header, without its port, in lowercase.
fn host_name(host: &str) -> String {
    let host = host.trim();
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else if host.matches(':').count() == 1 {
        host.split(':').next().unwrap_or(host)
    } else {
        host
    };
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// State shared by the server and the rebuild loop.
pub struct Shared {
    pub out: PathBuf,
    pub hosts: Hosts,
    /// The errors of the last rebuild, while it has not been fixed.
    pub problem: RwLock<Option<String>>,
    /// Inactive affiliates' URLs, to their segment's.
    pub redirects: RwLock<HashMap<String, String>>,
    pub notices: broadcast::Sender<Notice>,
    pub shutdown: watch::Sender<bool>,
}

impl Shared {
    pub fn new(out: PathBuf, hosts: Hosts) -> Arc<Shared> {
        Arc::new(Shared {
            out,
            hosts,
            problem: RwLock::new(None),
            redirects: RwLock::new(HashMap::new()),
            notices: broadcast::channel(16).0,
            shutdown: watch::channel(false).0,
        })
    }
}

pub const EVENTS_PATH: &str = "/__tailor/events";

/// The preview: live-reload events, and the built files served by
/// `ServeDir` (content types, ranges, `..` refused, directories to their
/// `index.html` with the trailing-slash redirect). A path with no file is
/// an inactive affiliate's redirect or the site's 404 page. Every HTML
/// response gets the live-reload script, and the overlay while the site
/// has an error; nothing is cached.
pub fn app(shared: Arc<Shared>) -> Router {
    let missing = {
        let shared = Arc::clone(&shared);
        move |uri: Uri| missing(Arc::clone(&shared), uri)
    };
    let files = ServeDir::new(&shared.out).fallback(missing.into_service());
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .layer(middleware::map_response_with_state(
            Arc::clone(&shared),
            for_preview,
        ))
        .layer(middleware::from_fn(log_errors))
        .with_state(shared)
}

/// Answers only the preview's own host names, and only paths that can
/// name a file of the output: a longer part than a file name can have is
/// the 404 page, a path longer than any the site has is 414.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let header = request
        .headers()
        .get(header::HOST)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let authority = request.uri().authority().map(|a| a.to_string());
    let asked = [header.as_deref(), authority.as_deref()];
    let refused = match asked {
        [None, None] => Some(String::new()),
        _ => asked
            .into_iter()
            .flatten()
            .find(|h| !shared.hosts.answers(h))
            .map(host_name),
    };
    if let Some(name) = refused {
        return refuse(&shared, &name);
    }
    match crate::paths::request(request.uri().path()) {
        Ok(_) => next.run(request).await,
        Err(crate::paths::Unserved::TooLong) => (
            StatusCode::URI_TOO_LONG,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "The address is longer than any of this site's.\n",
        )
            .into_response(),
        Err(crate::paths::Unserved::NotFound) => missing(shared, request.uri().clone()).await,
    }
}

/// The refusal of a request for a host name the preview does not answer,
/// said in the response and, once per name, in the terminal.
fn refuse(shared: &Shared, name: &str) -> Response {
    let shown = crate::diag::printable(name);
    let what = if name.is_empty() {
        "a request without a Host header".to_string()
    } else {
        format!("a request for {shown}")
    };
    let answered = shared.hosts.listed();
    let hint = if name.is_empty() {
        String::new()
    } else {
        format!(" — to preview under that name, start tailor serve with --allow-host {shown}")
    };
    if shared.hosts.first_refusal(name) {
        eprintln!(
            "refused {what}: the preview answers {answered} only, so that no other site can read it through a name of its own{hint}"
        );
    }
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("tailor serve refused {what}: it answers {answered} only{hint}.\n"),
    )
        .into_response()
}

/// Prints every 5xx response in the terminal: none should happen, and one
/// that does must not pass unseen.
async fn log_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    if response.status().is_server_error() {
        eprintln!(
            "error: {method} {} was answered {}",
            crate::diag::printable(&path),
            response.status()
        );
    }
    response
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut stop = shared.shutdown.subscribe();
    let notices = BroadcastStream::new(shared.notices.subscribe())
        .filter_map(|n| n.ok())
        .map(|notice| {
            Ok(match notice {
                Notice::Reload => Event::default().event("reload").data("reload"),
                Notice::Problem(text) => Event::default().event("problem").data(text),
            })
        });
    // Open pages keep this stream open; it ends when the server stops.
    let stream = futures_util::StreamExt::take_until(notices, async move {
        let _ = stop.wait_for(|stopping| *stopping).await;
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// No file at `uri`: an inactive affiliate's URL goes to their segment's
/// page; anything else is the site's 404 page.
async fn missing(shared: Arc<Shared>, uri: Uri) -> Response {
    let path = percent_encoding::percent_decode_str(uri.path()).decode_utf8_lossy();
    let target = shared
        .redirects
        .read()
        .ok()
        .and_then(|r| r.get(path.as_ref()).cloned());
    if let Some(to) = target {
        let mut r = StatusCode::FOUND.into_response();
        if let Ok(v) = HeaderValue::from_str(&to) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    let asked = crate::paths::request(uri.path()).unwrap_or_default();
    for page in not_found_pages(&asked) {
        if let Ok(page) = tokio::fs::read(shared.out.join(page)).await {
            return (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page,
            )
                .into_response();
        }
    }
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// The 404 pages that may answer a missing file, nearest first, as
/// Cloudflare Pages looks for them: up the folders of `asked` (a path
/// from [`crate::paths::request`]), so a missing `es/x/` gets the Spanish
/// `es/404.html`, and everything else the root's `404.html`.
fn not_found_pages(asked: &str) -> Vec<String> {
    let folders: Vec<&str> = asked.split('/').collect();
    (0..folders.len())
        .rev()
        .map(|depth| {
            let mut page: String = folders[..depth].iter().map(|f| format!("{f}/")).collect();
            page.push_str("404.html");
            page
        })
        .collect()
}

/// Every response uncached; an HTML one with the live-reload script and
/// the error overlay.
async fn for_preview(State(shared): State<Arc<Shared>>, response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A whole page only: never a range of one.
    if !html || parts.status == StatusCode::PARTIAL_CONTENT {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    let problem = shared.problem.read().ok().and_then(|p| p.clone());
    let page = inject(&String::from_utf8_lossy(&bytes), problem.as_deref());
    // The body changed: its length and validators with it.
    for stale in [
        header::CONTENT_LENGTH,
        header::ETAG,
        header::LAST_MODIFIED,
        header::ACCEPT_RANGES,
    ] {
        parts.headers.remove(stale);
    }
    Response::from_parts(parts, Body::from(page))
}

/// The largest page the preview adds its script to.
const MAX_PAGE: usize = 64 << 20;

/// The page with the live-reload script, and the error overlay while there
/// is an error, before `</body>`.
pub fn inject(html: &str, problem: Option<&str>) -> String {
    let mut extra = String::new();
    if let Some(text) = problem {
        extra.push_str(&format!(
            "<div id=\"tailor-error\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>tailor: the site has errors; showing the last good build.</strong>\n{}</div>",
            html_escape::encode_text(text)
        ));
    }
    extra.push_str(&live_reload());
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

const OVERLAY_STYLE: &str = "position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#2b0a0a;color:#ffe4e4;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;border-top:4px solid #f87171";

/// Reloads on a good rebuild; shows a bad one's errors over the page.
fn live_reload() -> String {
    format!(
        r#"<script>/* tailor serve: live reload */(function(){{var s=new EventSource("{EVENTS_PATH}");s.addEventListener("reload",function(){{location.reload()}});s.addEventListener("problem",function(e){{var d=document.getElementById("tailor-error");if(!d){{d=document.createElement("div");d.id="tailor-error";d.setAttribute("role","alert");document.body.appendChild(d)}}d.style.cssText="{OVERLAY_STYLE}";d.textContent="tailor: the site has errors; showing the last good build.\n"+e.data}})}})();</script>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_gets_the_nearest_404_page() {
        assert_eq!(
            not_found_pages("es/for/nobody/"),
            [
                "es/for/nobody/404.html",
                "es/for/404.html",
                "es/404.html",
                "404.html"
            ]
        );
        assert_eq!(not_found_pages("es/x.png"), ["es/404.html", "404.html"]);
        assert_eq!(not_found_pages("nothing"), ["404.html"]);
        assert_eq!(not_found_pages(""), ["404.html"]);
    }

    #[test]
    fn host_names_are_the_previews_own_or_refused() {
        let hosts = Hosts::new("192.168.1.5", &["Preview.Test.".to_string()]);
        for ok in [
            "localhost",
            "LOCALHOST:1111",
            "app.localhost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]:1111",
            "192.168.1.5:1111",
            "preview.test",
            "preview.test.:80",
        ] {
            assert!(hosts.answers(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::2]:1111",
            "",
            "192.168.1.6",
        ] {
            assert!(!hosts.answers(refused), "{refused}");
        }
        let v6 = Hosts::new("::1", &[]);
        assert!(v6.answers("[::1]:80"));
    }

    #[test]
    fn injects_before_the_end_of_the_body() {
        let out = inject("<html><body><p>x</p></body></html>", None);
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.ends_with("</script></body></html>"));
        let out = inject("<body></body>", Some("segments/a.yaml:1:1: <bad>"));
        assert!(out.contains("id=\"tailor-error\""));
        assert!(out.contains("segments/a.yaml:1:1: &lt;bad&gt;"));
    }
}
