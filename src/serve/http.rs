//! The preview's HTTP server: the built pages, with a live-reload script
//! and, while the site has an error, an overlay showing it.
//!
//! Both are added to HTML responses only; nothing of the kind is ever in
//! the files `tailor build` writes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

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

pub fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(page))
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

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = percent_decode(uri.path());
    let Some(rel) = inside(&path) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let mut file = shared.out.join(&rel);
    if file.is_dir() {
        if !path.ends_with('/') {
            return redirect(&format!("{path}/"), StatusCode::MOVED_PERMANENTLY);
        }
        file = file.join("index.html");
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => respond(&shared, &file, bytes, StatusCode::OK),
        Err(_) => {
            let target = shared
                .redirects
                .read()
                .ok()
                .and_then(|r| r.get(&path).cloned());
            if let Some(to) = target {
                return redirect(&to, StatusCode::FOUND);
            }
            let not_found = tokio::fs::read(shared.out.join("404.html"))
                .await
                .unwrap_or_else(|_| b"Not found".to_vec());
            respond(
                &shared,
                Path::new("404.html"),
                not_found,
                StatusCode::NOT_FOUND,
            )
        }
    }
}

fn redirect(to: &str, status: StatusCode) -> Response {
    let mut r = status.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn respond(shared: &Shared, file: &Path, bytes: Vec<u8>, status: StatusCode) -> Response {
    let kind = content_type(file);
    let body = if kind.starts_with("text/html") {
        let problem = shared.problem.read().ok().and_then(|p| p.clone());
        Body::from(inject(&String::from_utf8_lossy(&bytes), problem.as_deref()))
    } else {
        Body::from(bytes)
    };
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

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

/// A request path as a path inside the output folder; `None` if it would
/// leave it.
fn inside(path: &str) -> Option<PathBuf> {
    let mut rel = PathBuf::new();
    for c in Path::new(path.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => rel.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(rel)
}

fn percent_decode(path: &str) -> String {
    url::form_urlencoded::parse(format!("p={}", path.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| path.to_string())
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "xml" => "application/xml",
        "json" => "application/json",
        "txt" | "" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert_eq!(inside("/for/x/"), Some(PathBuf::from("for/x")));
        assert_eq!(inside("/"), Some(PathBuf::new()));
        assert_eq!(inside("/../etc/passwd"), None);
        assert_eq!(inside("/a/../../b"), None);
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
