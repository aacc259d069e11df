//! The preview's HTTP server: the built pages, with a live-reload script
//! and, while the site has an error, an overlay showing it.
//!
//! Both are added to HTML responses only; nothing of the kind is ever in
//! the files `tailor build` writes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware;
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

/// State shared by the server and the rebuild loop.
pub struct Shared {
    pub out: PathBuf,
    /// The errors of the last rebuild, while it has not been fixed.
    pub problem: RwLock<Option<String>>,
    /// Inactive affiliates' URLs, to their segment's.
    pub redirects: RwLock<HashMap<String, String>>,
    pub notices: broadcast::Sender<Notice>,
    pub shutdown: watch::Sender<bool>,
}

impl Shared {
    pub fn new(out: PathBuf) -> Arc<Shared> {
        Arc::new(Shared {
            out,
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
        .layer(middleware::map_response_with_state(
            Arc::clone(&shared),
            for_preview,
        ))
        .with_state(shared)
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
    match tokio::fs::read(shared.out.join("404.html")).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
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
    fn injects_before_the_end_of_the_body() {
        let out = inject("<html><body><p>x</p></body></html>", None);
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.ends_with("</script></body></html>"));
        let out = inject("<body></body>", Some("segments/a.yaml:1:1: <bad>"));
        assert!(out.contains("id=\"tailor-error\""));
        assert!(out.contains("segments/a.yaml:1:1: &lt;bad&gt;"));
    }
}
