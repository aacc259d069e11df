//! `tailor serve` end to end: a real server on a free port, real edits.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::*;

/// The error overlay as the server writes it into a page.
const OVERLAY: &str = "<div id=\"tailor-error\"";

struct Server {
    child: Child,
    port: u16,
    log: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    /// `tailor serve --port 0` with more arguments.
    fn start_with(site: &Site, args: &[&str]) -> Server {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("tailor"));
        command.args(["serve", "--port", "0"]).args(args);
        Server::spawn(command.current_dir(&site.root))
    }

    /// Runs `command` (a `tailor serve`) until it prints its address.
    fn spawn(command: &mut Command) -> Server {
        let mut child = command.stderr(Stdio::piped()).spawn().unwrap();
        let (tx, log) = mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let Ok(line) = log.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                // Never leave a server running behind a failed test.
                let _ = child.kill();
                let _ = child.wait();
                panic!("serve did not print its address within 30 s");
            };
            if let Some(rest) = line.split(" at http://127.0.0.1:").nth(1) {
                let port = rest.split('/').next().unwrap().parse().unwrap();
                return Server { child, port, log };
            }
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.get_for(path, "127.0.0.1")
    }

    /// `GET path` with `host` as the Host header.
    fn get_for(&self, path: &str, host: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Polls `path` until `want` holds for its body.
    fn wait_for(&self, path: &str, what: &str, want: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, body) = self.get(path);
            if want(&body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last body:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(&mut self) -> (Option<i32>, Vec<String>) {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The log ends when the server's stderr closes.
                return (status.code(), self.log.iter().collect());
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    /// A failed test must not leave a server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn edits_are_served_bad_edits_shown_and_the_server_stops_cleanly() {
    let site = fixture("minimal");
    let server = Server::start(&site);
    let (status, body) = server.get("/ann-active/");
    assert_eq!(status, 200);
    assert!(body.contains("Ann Active"));
    // Served under its own address, so links work locally.
    assert!(
        body.contains(&format!(
            "href=\"http://127.0.0.1:{}/for/alpha/\"",
            server.port
        )),
        "{body}"
    );
    assert!(body.contains("/__tailor/events"), "live reload is injected");
    // ... but never written by `build`.
    site.build();
    assert!(!site.read("ann-active/index.html").contains("__tailor"));

    // An edit is served.
    site.write("affiliates.yaml", "- name: Ann Active\n  segment: alpha\n  code: ann\n  message: Hello from the preview\n- name: Ivan Inactive\n  segment: alpha\n  active: false\n");
    server.wait_for("/ann-active/", "the edited message", |b| {
        b.contains("Hello from the preview")
    });

    // A bad edit: the error is shown, the last good page still served.
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nheadline: Alpha\npain_point: [x]\n",
    );
    let body = server.wait_for("/ann-active/", "the error overlay", |b| b.contains(OVERLAY));
    assert!(
        body.contains("segments/alpha.yaml:3:1: unknown field"),
        "{body}"
    );
    assert!(
        body.contains("Hello from the preview"),
        "the last good page is served"
    );

    // Fixing it clears the overlay.
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nniche: alpha\nheadline: Alpha, fixed\n",
    );
    let body = server.wait_for("/ann-active/", "the fix", |b| {
        !b.contains(OVERLAY) && b.contains("Alpha, fixed")
    });
    assert!(body.contains("Hello from the preview"));

    // A case study: its page, and the segment and affiliate pages and the
    // index that show it, are rendered again; nothing else.
    site.write("content/case-studies/one.md", "---\ntitle: One got faster\ncustomer: One Inc\nniche: alpha\ndate: 2024-01-01\n---\nOne Inc was slow. Then it was very fast.\n");
    server.wait_for("/ann-active/", "the edited case study", |b| {
        b.contains("Then it was very fast.")
    });
    // A template: every page.
    let tpl = site.root.join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&tpl).unwrap().replace(
        "<article class=\"page\">",
        "<article class=\"page page--edited\">",
    );
    std::fs::write(&tpl, text).unwrap();
    server.wait_for("/about/", "the edited template", |b| {
        b.contains("page--edited")
    });

    // Inactive affiliates redirect; unknown pages are the 404 page.
    assert_eq!(server.get("/ivan-inactive/").0, 302);
    let (status, body) = server.get("/no-such-page/");
    assert_eq!(status, 404);
    assert!(body.contains("This page does not exist"));
    for outside in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
    ] {
        let (status, body) = server.get(outside);
        assert_eq!(status, 404, "{outside}");
        assert!(!body.contains("root:"), "{outside}");
    }

    let mut server = server;
    let (code, log) = server.stop();
    assert_eq!(code, Some(0), "{log:?}");
    assert!(
        log.iter().any(|l| l.contains("segments/alpha.yaml:3:1")),
        "errors reach the terminal: {log:?}"
    );
    assert!(
        !log.iter().any(|l| l.contains("unknown segment")),
        "a broken segment file is one error, not one per affiliate: {log:?}"
    );
    let rebuilt: Vec<&str> = log
        .iter()
        .filter(|l| l.starts_with("rebuilt: "))
        .map(String::as_str)
        .collect();
    // (The first build's line was read while waiting for the address.)
    assert!(
        rebuilt[0].starts_with("rebuilt: 1 page rendered, 1 file written"),
        "one affiliate edit, one page: {rebuilt:?}"
    );
    assert!(
        rebuilt
            .iter()
            .any(|l| l.starts_with("rebuilt: 4 pages rendered, 4 files written")),
        "case study edit: {rebuilt:?}"
    );
    assert!(
        rebuilt
            .last()
            .unwrap()
            .starts_with("rebuilt: 6 pages rendered, 1 file written"),
        "template edit: every page rendered, one changed: {rebuilt:?}"
    );
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = fixture("minimal");
    let run = site.run(&["serve", "--port", &port]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("port {port} is in use")),
        "{}",
        run.stderr
    );
}

#[test]
fn translated_pages_survive_an_edit_elsewhere() {
    let site = fixture("languages");
    let server = Server::start(&site);
    assert_eq!(server.get("/de/for/ops/").0, 200);
    assert_eq!(server.get("/de/customers/alpha/").0, 200);
    // An edit that re-renders only the sales segment's pages.
    let sales = std::fs::read_to_string(site.root.join("segments/sales.yaml")).unwrap();
    site.write(
        "segments/sales.yaml",
        &sales.replace("Sales headline", "Sales headline, edited"),
    );
    server.wait_for("/for/sales/", "the edited headline", |b| {
        b.contains("Sales headline, edited")
    });
    assert_eq!(server.get("/de/for/ops/").0, 200);
    assert_eq!(server.get("/de/customers/alpha/").0, 200);
}

/// The body of a raw HTTP/1.1 response, de-chunked when it came in chunks.
fn body_of(response: &str) -> Option<(u16, String)> {
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    if !head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return Some((status, body.to_string()));
    }
    let mut out = String::new();
    let mut rest = body;
    loop {
        let (size, after) = rest.split_once("\r\n")?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            return Some((status, out));
        }
        out.push_str(after.get(..size)?);
        rest = after.get(size + 2..)?;
    }
}

#[test]
fn readers_never_see_a_half_written_page_while_files_are_edited() {
    // 16 clients read pages while the affiliates, a segment and a case
    // study are edited every 50 ms: every response is a whole page, the
    // old one or the new one.
    let site = fixture("minimal");
    let server = Server::start(&site);
    let port = server.port;
    let paths = EDITED_PAGES;
    for p in paths {
        assert_eq!(server.get(p).0, 200, "{p}");
    }
    let segment = std::fs::read_to_string(site.root.join("segments/alpha.yaml")).unwrap();
    let story = std::fs::read_to_string(site.root.join("content/case-studies/one.md")).unwrap();
    // Saved by rename, a new file over the old one (saving in place is the
    // next test's).
    let save = |rel: &str, text: &str| {
        let path = site.root.join(rel);
        let tmp = path.with_extension("saving");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    let affiliates = |v: &str| {
        format!(
            "- name: Ann Active\n  segment: alpha\n  code: ann\n  message: {v}\n- name: Ivan Inactive\n  segment: alpha\n  active: false\n"
        )
    };
    save("affiliates.yaml", &affiliates("Version A"));
    save(
        "segments/alpha.yaml",
        &segment.replace("Alpha headline", "Version A"),
    );
    server.wait_for("/for/alpha/", "the first edit", |b| b.contains("Version A"));
    server.wait_for("/ann-active/", "the first edit", |b| {
        b.contains("Version A")
    });
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let made = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let readers = readers(port, &EDITED_PAGES, &stop, &made);
    edit_while_read(&made, |round| {
        let v = ["Version A", "Version B", "Version C"][round % 3];
        save("affiliates.yaml", &affiliates(v));
        save("segments/alpha.yaml", &segment.replace("Alpha headline", v));
        save(
            "content/case-studies/one.md",
            &story.replace("Then it was not.", &format!("Then it was not ({round}).")),
        );
    });
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (total, bad) = tally(readers);
    assert!(
        bad.is_empty(),
        "{} of {total} responses were not a whole page:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Edits the site with `edit(round)` every 50 ms: at least 40 rounds, and
/// on until the readers have made [`READS`] requests, however slow the
/// machine (within a minute).
fn edit_while_read(made: &std::sync::atomic::AtomicUsize, mut edit: impl FnMut(usize)) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut round = 0;
    while round < 40 || made.load(std::sync::atomic::Ordering::Relaxed) < READS {
        assert!(
            Instant::now() < deadline,
            "the readers made only {} requests in a minute",
            made.load(std::sync::atomic::Ordering::Relaxed)
        );
        edit(round);
        std::thread::sleep(Duration::from_millis(50));
        round += 1;
    }
}

/// Requests the readers make while the site is edited, at the least.
const READS: usize = 500;

/// The pages three files make, all at "Version A" (an affiliate page shows
/// its segment's headline and its own message).
const EDITED_PAGES: [&str; 3] = ["/ann-active/", "/for/alpha/", "/customers/one/"];

/// 16 clients reading `paths` in turn until `stop`, counting their requests
/// in `made`: each returns how many requests it made, and what was wrong with the responses that were not
/// a whole page of some version, free of the error overlay.
fn readers(
    port: u16,
    paths: &'static [&'static str],
    stop: &std::sync::Arc<std::sync::atomic::AtomicBool>,
    made: &std::sync::Arc<std::sync::atomic::AtomicUsize>,
) -> Vec<std::thread::JoinHandle<(usize, Vec<String>)>> {
    (0..16)
        .map(|t| {
            let stop = std::sync::Arc::clone(stop);
            let made = std::sync::Arc::clone(made);
            std::thread::spawn(move || {
                let mut bad = Vec::new();
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let path = paths[(t + n) % paths.len()];
                    n += 1;
                    made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
                        bad.push(format!("{path}: cannot connect"));
                        continue;
                    };
                    let _ = write!(
                        stream,
                        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    );
                    let mut response = String::new();
                    if stream.read_to_string(&mut response).is_err() {
                        bad.push(format!("{path}: read failed"));
                        continue;
                    }
                    match body_of(&response) {
                        Some((200, body)) if body.trim_end().ends_with("</html>") => {
                            // A page of some version: the edits' text
                            // is on it.
                            let versions = ["Version A", "Version B", "Version C"]
                                .iter()
                                .filter(|v| body.contains(*v))
                                .count();
                            if path != "/customers/one/" && versions == 0 {
                                bad.push(format!("{path}: a page of no version"));
                            }
                            if body.contains(OVERLAY) {
                                bad.push(format!("{path}: the error overlay"));
                            }
                        }
                        Some((status, body)) => bad.push(format!(
                            "{path}: {status}, {} bytes ending {:?}",
                            body.len(),
                            &body[body.len().saturating_sub(40)..]
                        )),
                        None => bad.push(format!("{path}: not an HTTP response")),
                    }
                }
                (n, bad)
            })
        })
        .collect()
}

/// All the readers' requests, and what was wrong.
fn tally(readers: Vec<std::thread::JoinHandle<(usize, Vec<String>)>>) -> (usize, Vec<String>) {
    let mut total = 0;
    let mut bad = Vec::new();
    for r in readers {
        let (n, b) = r.join().unwrap();
        total += n;
        bad.extend(b);
    }
    (total, bad)
}

/// Issue 35's test. Before serve asked whether a just-modified file is
/// still open for writing (`serve::writers`), it failed about one run in
/// ten on a busy 2-core machine: the kernel shows a save's first steps
/// (the file emptied, half written) before it queues their events, and a
/// rebuild could read the file in between and be published.
#[test]
fn readers_never_see_a_page_made_from_a_file_saved_in_place() {
    // Most editors save in place: they empty the file and write it again.
    // 16 clients read pages while the affiliates, a segment and a case
    // study are saved every 50 ms, in turn in place — emptied, then
    // written in two parts with a pause between them — and by rename:
    // every response is a whole page of some version, never a 404 for an
    // affiliate whose file was cut short for a moment, never the error
    // overlay; and the terminal reports no error.
    let site = fixture("minimal");
    let mut server = Server::start(&site);
    let segment = std::fs::read_to_string(site.root.join("segments/alpha.yaml")).unwrap();
    let story = std::fs::read_to_string(site.root.join("content/case-studies/one.md")).unwrap();
    let in_place = |rel: &str, text: &str| {
        let mut file = std::fs::File::create(site.root.join(rel)).unwrap();
        let half = text.len() / 2;
        file.write_all(&text.as_bytes()[..half]).unwrap();
        // Longer than serve's quiet period: only the file's closing says
        // the save is finished.
        std::thread::sleep(Duration::from_millis(30));
        file.write_all(&text.as_bytes()[half..]).unwrap();
    };
    let by_rename = |rel: &str, text: &str| {
        let path = site.root.join(rel);
        let tmp = path.with_extension("saving");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    };
    // Ann last: the first half of the file is a list without her.
    let affiliates = |v: &str| {
        format!(
            "- name: Ivan Inactive\n  segment: alpha\n  active: false\n- name: Ann Active\n  segment: alpha\n  code: ann\n  message: {v}\n"
        )
    };
    let save_all = |save: &dyn Fn(&str, &str), v: &str, round: usize| {
        save("affiliates.yaml", &affiliates(v));
        save("segments/alpha.yaml", &segment.replace("Alpha headline", v));
        save(
            "content/case-studies/one.md",
            &format!("{story}\nThen it was edited ({round}).\n"),
        );
    };
    save_all(&by_rename, "Version A", 0);
    for p in EDITED_PAGES {
        server.wait_for(p, "the first edit", |b| {
            p == "/customers/one/" || b.contains("Version A")
        });
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let made = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let readers = readers(server.port, &EDITED_PAGES, &stop, &made);
    let mut last = 0;
    edit_while_read(&made, |round| {
        let v = ["Version A", "Version B", "Version C"][round % 3];
        if round % 2 == 0 {
            save_all(&in_place, v, round);
        } else {
            save_all(&by_rename, v, round);
        }
        last = round;
    });
    // The last save is served: the edits landed, the site did not freeze.
    let edited = format!("Then it was edited ({last}).");
    server.wait_for("/customers/one/", "the last edit", |b| b.contains(&edited));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let (total, bad) = tally(readers);
    let (_, log) = server.stop();
    let errors: Vec<_> = log.iter().filter(|l| l.contains("error")).collect();
    assert!(
        bad.is_empty() && errors.is_empty(),
        "{} of {total} responses were not a whole page:\n{}\nserve reported: {errors:#?}",
        bad.len(),
        bad.join("\n")
    );
    let rebuilds = log.iter().filter(|l| l.starts_with("rebuilt:")).count();
    assert!(rebuilds > 1, "no rebuild after the first: {log:#?}");
    eprintln!("{total} responses, all whole pages; {rebuilds} rebuilds published");
}

/// A live-reload client: the event stream open on a socket of its own.
struct Listener {
    stream: TcpStream,
    seen: String,
}

impl Listener {
    fn open(port: u16) -> Listener {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /__tailor/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream.set_nonblocking(true).unwrap();
        Listener {
            stream,
            seen: String::new(),
        }
    }

    /// Reads what has arrived; how many times the stream has said
    /// `reload`.
    fn reloads(&mut self) -> usize {
        let mut buf = [0u8; 4096];
        loop {
            match self.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(k) => self.seen.push_str(&String::from_utf8_lossy(&buf[..k])),
                Err(_) => break,
            }
        }
        self.seen.matches("event: reload").count()
    }

    /// The server has answered: the stream is subscribed to what comes.
    fn answered(&mut self) -> bool {
        self.reloads();
        self.seen.contains("\r\n\r\n")
    }
}

/// What the kernel says of the server process: resident memory in kB and
/// open file descriptors.
fn usage(pid: u32) -> (u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let rss = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    (rss, fds)
}

#[test]
fn two_hundred_open_pages_all_reload_and_leaving_ones_disturb_no_one() {
    // 200 pages hold the live-reload stream open while the site is edited:
    // each edit reaches every one of them; clients that hang up mid-page
    // or mid-stream change nothing for the others, and leave nothing open
    // in the server; memory stays flat over many edits.
    let site = fixture("minimal");
    let mut server = Server::start(&site);
    let port = server.port;
    let pid = server.child.id();
    let (_, fds_before) = usage(pid);
    let mut listeners: Vec<Listener> = (0..200).map(|_| Listener::open(port)).collect();
    // A page whose stream opens after an edit has no reload to get: wait
    // until the server has answered every one.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let waiting = listeners
            .iter_mut()
            .map(|l| l.answered())
            .filter(|a| !a)
            .count();
        if waiting == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{waiting} of 200 streams got no answer"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let segment = std::fs::read_to_string(site.root.join("segments/alpha.yaml")).unwrap();
    // Saved as editors save (a torn input would be a problem event, not
    // a reload).
    let edit = |round: usize| {
        let text = segment.replace("Alpha headline", &format!("Headline {round}"));
        let tmp = site.root.join("segments/alpha.saving");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, site.root.join("segments/alpha.yaml")).unwrap();
    };
    // Every listener receives reload number `n`.
    let all_reloaded = |listeners: &mut Vec<Listener>, n: usize| {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let behind = listeners
                .iter_mut()
                .map(|l| l.reloads())
                .filter(|&r| r < n)
                .count();
            if behind == 0 {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{behind} of {} open pages did not get reload {n}",
                listeners.len()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    let mut rss = Vec::new();
    for round in 1..=30 {
        edit(round);
        server.wait_for("/for/alpha/", "the edit", |b| {
            b.contains(&format!("Headline {round}<"))
        });
        all_reloaded(&mut listeners, round);
        if round == 1 {
            // The count below sees connections: here are the 200.
            let (_, fds) = usage(pid);
            assert!(
                fds >= fds_before + 200,
                "{fds} descriptors with 200 pages open"
            );
        }
        if round == 5 {
            // Some hang up mid-page: a page asked for and the socket closed
            // after its first bytes.
            for _ in 0..20 {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                write!(s, "GET /for/alpha/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
                let mut first = [0u8; 64];
                let _ = s.read(&mut first);
            }
            // And 50 pages close, their stream mid-way.
            listeners.truncate(150);
        }
        rss.push(usage(pid).0);
    }
    assert_eq!(server.get("/ann-active/").0, 200);
    // Memory after 30 edits is that after 10, within noise.
    let (at10, at30) = (rss[9], rss[29]);
    assert!(
        at30 < at10 + 16 * 1024,
        "the server grew from {at10} kB to {at30} kB over 20 edits with {} open pages",
        listeners.len()
    );
    // Every stream closed is closed in the server too: once the others
    // hang up, the server holds as many descriptors as before them.
    drop(listeners);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut round = 30;
    loop {
        round += 1;
        edit(round);
        server.wait_for("/for/alpha/", "the edit", |b| {
            b.contains(&format!("Headline {round}<"))
        });
        let (_, fds) = usage(pid);
        if fds <= fds_before + 2 {
            eprintln!(
                "descriptors: {fds_before} before, {fds} after; resident memory after 10 and 30 edits: {at10} kB, {at30} kB"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server still holds {fds} descriptors, {fds_before} before the pages opened"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let (code, log) = server.stop();
    assert_eq!(code, Some(0), "{log:?}");
    let times: Vec<&str> = log
        .iter()
        .filter(|l| l.starts_with("rebuilt"))
        .map(String::as_str)
        .collect();
    eprintln!(
        "rebuilds with 200, then 150 open pages:\n{}",
        times.join("\n")
    );
}

/// The preview's folder is new, private and unpredictable: a folder or a
/// link planted where the old, guessable name (`tailor-serve-<pid>`) would
/// be is neither served nor written through; the folder goes when the
/// preview stops (issue 26).
#[test]
fn the_preview_folder_is_private_and_never_one_planted_for_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture("minimal");
    let tmp = tempfile::tempdir().unwrap();
    let victim = tmp.path().join("victim");
    std::fs::create_dir(&victim).unwrap();
    std::fs::write(victim.join("index.html"), "VICTIM").unwrap();
    for plant in [
        // A world-writable folder holding a page of the planter's.
        "mkdir -m 777 \"$TMPDIR/tailor-serve-$$\" && echo PLANTED > \"$TMPDIR/tailor-serve-$$/index.html\"",
        // A link to someone else's folder.
        "ln -s \"$VICTIM\" \"$TMPDIR/tailor-serve-$$\"",
    ] {
        // The shell plants the name for its own process id, then becomes
        // tailor serve: the pid the old name was made of.
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("{plant} && exec \"$0\" serve --port 0"))
            .arg(assert_cmd::cargo::cargo_bin("tailor"))
            .env("TMPDIR", tmp.path())
            .env("VICTIM", &victim)
            .current_dir(&site.root);
        let mut server = Server::spawn(&mut command);
        let planted = format!("tailor-serve-{}", server.child.id());
        let (status, body) = server.get("/");
        assert_eq!(status, 200);
        assert!(!body.contains("PLANTED") && body.contains("Mini"), "{body}");
        let ours: Vec<std::path::PathBuf> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with("tailor-serve-") && name != planted
            })
            .map(|e| e.path())
            .collect();
        assert_eq!(ours.len(), 1, "{ours:?}");
        let mode = std::fs::metadata(&ours[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{:o}", mode);
        assert!(ours[0].join("index.html").is_file());
        let (code, _) = server.stop();
        assert_eq!(code, Some(0));
        assert!(!ours[0].exists(), "removed when the preview stops");
        assert!(
            std::fs::symlink_metadata(tmp.path().join(&planted)).is_ok(),
            "what was planted is left alone"
        );
        std::fs::remove_file(tmp.path().join(&planted))
            .or_else(|_| std::fs::remove_dir_all(tmp.path().join(&planted)))
            .unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(victim.join("index.html")).unwrap(),
        "VICTIM"
    );
    assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 1);
}

/// The preview answers its own host names only, so a web page whose name
/// is made to point at 127.0.0.1 (DNS rebinding) cannot read it; the
/// refusal says so, and how to allow a name (issue 26).
#[test]
fn only_the_previews_own_host_names_are_answered() {
    let site = fixture("minimal");
    let mut server = Server::start_with(&site, &["--allow-host", "Preview.Test"]);
    let port = server.port;
    for host in [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
        format!("[::1]:{port}"),
        "app.localhost".to_string(),
        format!("preview.test:{port}"),
    ] {
        assert_eq!(server.get_for("/ann-active/", &host).0, 200, "{host}");
    }
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        "127.0.0.1.evil.example".to_string(),
        "localhost.evil.example".to_string(),
    ] {
        let (status, body) = server.get_for("/ann-active/", &host);
        assert_eq!(status, 403, "{host}");
        assert!(!body.contains("Ann Active"), "{host}: {body}");
        assert!(
            body.contains("tailor serve refused a request for") && body.contains("--allow-host"),
            "{body}"
        );
    }
    let (_, log) = server.stop();
    let refusals: Vec<&String> = log.iter().filter(|l| l.starts_with("refused")).collect();
    assert!(
        refusals.iter().any(|l| l
            .contains("refused a request for evil.example: the preview answers")
            && l.contains("--allow-host evil.example")),
        "{log:?}"
    );
    assert_eq!(
        refusals
            .iter()
            .filter(|l| l.contains("for evil.example:"))
            .count(),
        1,
        "said once per name: {log:?}"
    );
}

/// A path part longer than a file name can be is the 404 page, a path
/// longer than any of the site's is 414; never a 500, and any 5xx would be
/// printed in the terminal (issue 26).
#[test]
fn long_paths_are_404_or_414_never_500() {
    let site = fixture("minimal");
    let mut server = Server::start(&site);
    for (path, want) in [
        (format!("/{}", "a".repeat(255)), 404),
        (format!("/{}", "a".repeat(256)), 404),
        (format!("/{}/", "a".repeat(300)), 404),
        (format!("/for/{}/index.html", "%61".repeat(256)), 404),
        (format!("/ann-active/{}", "b".repeat(1000)), 404),
        (format!("/{}", "a/".repeat(3000)), 414),
    ] {
        let (status, body) = server.get(&path);
        assert_eq!(status, want, "{} bytes", path.len());
        if want == 404 {
            assert!(body.contains("This page does not exist"), "{body}");
        }
    }
    assert_eq!(server.get("/ann-active/").0, 200);
    let (_, log) = server.stop();
    assert!(!log.iter().any(|l| l.starts_with("error:")), "{log:?}");
}

/// Bound beyond this machine, the preview says so, where its pages link
/// and which names it answers (issue 26).
#[test]
fn binding_beyond_loopback_is_warned_about() {
    let site = fixture("minimal");
    let mut server = Server::start_with(&site, &["--bind", "0.0.0.0"]);
    assert_eq!(server.get("/").0, 200);
    let (_, log) = server.stop();
    let all = log.join("\n");
    assert!(
        all.contains("warning: --bind 0.0.0.0 listens on every network this machine is on")
            && all.contains("anyone who can reach it can read the preview, drafts included")
            && all.contains(&format!("Pages link to http://127.0.0.1:{}/", server.port))
            && all.contains("pass --allow-host NAME"),
        "{all}"
    );
    let mut quiet = Server::start(&site);
    let (_, log) = quiet.stop();
    assert!(
        !log.iter().any(|l| l.contains("warning: --bind")),
        "{log:?}"
    );
}

#[test]
fn ctrl_c_stops_the_preview_at_once_even_where_it_was_ignored() {
    // A background job of a script starts with SIGINT ignored; the preview
    // listens for it before it says "Ctrl-C stops", so a Ctrl-C sent the
    // moment it says so is not lost (before, one in a full test run was,
    // and the preview never stopped).
    let site = fixture("minimal");
    for _ in 0..5 {
        let mut command = Command::new("sh");
        command
            .args(["-c", "trap '' INT; exec \"$0\" serve --port 0"])
            .arg(assert_cmd::cargo::cargo_bin("tailor"));
        let mut server = Server::spawn(command.current_dir(&site.root));
        let (code, _) = server.stop();
        assert_eq!(code, Some(0));
    }
}
