//! Entry points for the fuzz targets in `fuzz/`, and for the test that
//! replays their corpora and findings (`tests/it/fuzz_corpus.rs`).
//!
//! Each function takes the fuzzer's bytes, runs one part of tailor on them
//! as a site would, and panics when an oracle says the result is wrong —
//! not only when the code under test panics:
//!
//! - loaders (site, segment, affiliates YAML and CSV, case-study front
//!   matter): every problem is a diagnostic that points inside the file it
//!   names, and rendering it for a terminal works;
//! - `derive`: what it writes for a segment loads back as a segment;
//! - `report`: its figures add up (every customer counted once, churn
//!   within its interval, the program the sum of its affiliates), and the
//!   same exports give the same report in every format;
//! - the link pass: every link html5ever says a browser follows to the
//!   product carries exactly the page's code, and the pass saw every one;
//! - the tracked-URL builder: the result parses, carries one referral
//!   parameter with the page's code, and keeps the link's own parameters
//!   and fragment.
//!
//! Not part of tailor's interface: the names and behaviour change with the
//! targets.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::Config;
use crate::content;
use crate::diag::{Diagnostic, Diagnostics, Sources};
use crate::track::{self, LinkKind, LinkPolicy, PageTracking};

/// A target: the fuzzer's bytes in, a panic when something is wrong.
pub type Target = fn(&[u8]);

/// Every target, by the name `fuzz/` and the corpus folders use.
pub const TARGETS: &[(&str, Target)] = &[
    ("front_matter", front_matter),
    ("site_yaml", site_yaml),
    ("segment_yaml", segment_yaml),
    ("affiliates_yaml", affiliates_yaml),
    ("affiliates_csv", affiliates_csv),
    ("derive_csv", derive_csv),
    ("report_csv", report_csv),
    ("markdown_links", markdown_links),
    ("template_links", template_links),
    ("tracked_url", tracked_url),
];

const SITE_YAML: &str = "\
site:
  name: Fuzz
  base_url: https://partners.acme.example
  signup_url: https://app.acme.example/signup
  locales: [en, de]
tracking:
  platform: rewardful
  product_hosts: [app.acme.example, acme.example]
incentive:
  referrer: { label: \"$50 per customer\", value: 50 }
  referred: { label: \"20% off\", value: 20 }
economics: { avg_arr: 1000, avg_lifetime_years: 2, min_ltv_to_cac: 4 }
";

/// What the config looks for of a theme: loaders never read it.
const THEME: &str = "themes/default/templates";

const SEGMENT: &str = "\
name: Alpha teams
niche: alpha
channel: search
pain_points: [speed]
use_cases: [dashboards]
headline: Alpha headline
";

const CASE_STUDY: &str =
    "---\ntitle: One\ncustomer: One Inc\nniche: alpha\ndate: 2024-01-01\n---\nOne.\n";

const AFFILIATES: &str = "- name: Ann Active\n  segment: alpha\n  code: ann\n- name: Bo Gone\n  segment: alpha\n  code: Bo-1\n  active: false\n  email: bo@partners.example\n";

/// The site the loader targets put their file into: a small valid site
/// whose `file` is the fuzzer's.
fn site_with(file: &str, bytes: &[u8]) -> PathBuf {
    thread_local! {
        static SITES: RefCell<HashMap<String, Scratch>> = RefCell::new(HashMap::new());
    }
    SITES.with(|sites| {
        let mut sites = sites.borrow_mut();
        let scratch = sites
            .entry(file.to_string())
            .or_insert_with(|| Scratch::new(file));
        std::fs::write(scratch.0.join(file), bytes).expect("scratch site");
        scratch.0.clone()
    })
}

/// A folder of its own under the temporary folder, removed with it.
struct Scratch(PathBuf);

impl Scratch {
    fn new(file: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "tailor-fuzz-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&root);
        let files = [
            ("tailor.yaml", SITE_YAML),
            ("segments/alpha.yaml", SEGMENT),
            ("content/case-studies/one.md", CASE_STUDY),
            ("affiliates.yaml", AFFILIATES),
        ];
        for (name, text) in files {
            // The target's file replaces the site's own of its kind.
            let clash =
                name == file || (name == "affiliates.yaml" && file.starts_with("affiliates."));
            if !clash {
                let path = root.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).expect("scratch site");
                std::fs::write(path, text).expect("scratch site");
            }
        }
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).expect("scratch site");
        std::fs::create_dir_all(root.join(THEME)).expect("scratch site");
        Scratch(root)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Lines as an editor counts them: `\n`, `\r\n` and a lone `\r` each end
/// one.
fn line_count(bytes: &[u8]) -> usize {
    let mut lines = 1;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            lines += 1;
        }
    }
    lines
}

/// Every diagnostic names a file, and a line of `file` when it names that
/// one; each renders for a terminal.
fn check_diagnostics(root: &Path, file: &str, bytes: &[u8], diagnostics: &[Diagnostic]) {
    let lines = line_count(bytes);
    let mut sources = Sources::new(root);
    for d in diagnostics {
        assert!(
            !d.message.trim().is_empty(),
            "a diagnostic without a message: {d:?}"
        );
        let named = d.file.strip_prefix(root).unwrap_or(&d.file);
        if named == Path::new(file)
            && let Some(line) = d.line()
        {
            assert!(
                (1..=lines).contains(&line),
                "{d} points at line {line} of a file of {lines} lines"
            );
        }
        if let Some(col) = d.col() {
            assert!(col >= 1, "{d}: column 0");
        }
        let rendered = sources.render(d);
        assert!(!rendered.is_empty());
    }
}

/// Loads the site at `root` as `check` does and checks what it reports.
fn load_site(root: &Path, file: &str, bytes: &[u8]) -> Option<content::Content> {
    let config = match Config::load(root, None) {
        Ok(config) => config,
        Err(diagnostics) => {
            check_diagnostics(root, file, bytes, &diagnostics);
            return None;
        }
    };
    let mut diags = Diagnostics::new();
    let loaded = content::load(&config.inputs(), true, &mut diags);
    check_diagnostics(root, file, bytes, &diags.into_sorted());
    Some(loaded)
}

/// A case study: front matter split from the body, read as YAML, the body
/// rendered as Markdown.
pub fn front_matter(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(split) = content::front_matter::split(text)
    {
        // Both parts are the file's own text, in order.
        let yaml_at = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
        let body_at = split.body.as_ptr() as usize - text.as_ptr() as usize;
        assert!(yaml_at + split.yaml.len() <= body_at && body_at + split.body.len() == text.len());
    }
    let file = "content/case-studies/fuzz.md";
    let root = site_with(file, bytes);
    load_site(&root, file, bytes);
}

/// `tailor.yaml`, and the link policy built from it.
pub fn site_yaml(bytes: &[u8]) {
    let file = "tailor.yaml";
    let root = site_with(file, bytes);
    match Config::load(&root, None) {
        Ok(config) => {
            let policy = LinkPolicy::new(&config);
            let _ = policy.classify(config.signup_url.as_str());
            let _ = config.inputs();
        }
        Err(diagnostics) => check_diagnostics(&root, file, bytes, &diagnostics),
    }
}

/// A segment file.
pub fn segment_yaml(bytes: &[u8]) {
    let file = "segments/fuzz.yaml";
    let root = site_with(file, bytes);
    load_site(&root, file, bytes);
}

/// `affiliates.yaml`.
pub fn affiliates_yaml(bytes: &[u8]) {
    let file = "affiliates.yaml";
    let root = site_with(file, bytes);
    load_site(&root, file, bytes);
}

/// `affiliates.csv`, as a platform exports it.
pub fn affiliates_csv(bytes: &[u8]) {
    let file = "affiliates.csv";
    let root = site_with(file, bytes);
    load_site(&root, file, bytes);
}

/// A customer-success export read by `derive`; every segment it derives
/// is a file the segment loader reads without an error.
pub fn derive_csv(bytes: &[u8]) {
    let file = "customers.csv";
    let root = site_with(file, bytes);
    let opts = crate::derive::Options {
        customers: root.join(file),
        min_health: 70.0,
        min_group: 1,
        skip_invalid: true,
        map: Vec::new(),
    };
    let analysis = match crate::derive::analyse(&opts) {
        Ok(a) => a,
        Err(diagnostics) => {
            check_diagnostics(&root, file, bytes, &diagnostics);
            return;
        }
    };
    check_diagnostics(&root, file, bytes, &analysis.warnings);
    let _ = crate::derive::table(&analysis);
    let config = Config::load(&root, None).expect("the scratch site's tailor.yaml");
    for group in analysis.groups.iter().take(4) {
        let text = crate::derive::segment_yaml(group, &analysis, "Acme \"Analytics\": #1");
        let name = format!("segments/{}.yaml", group.id);
        let path = root.join(&name);
        if std::fs::write(&path, &text).is_err() {
            // An id no file system takes is the segment loader's to report.
            continue;
        }
        let mut diags = Diagnostics::new();
        let loaded = content::load(&config.inputs(), true, &mut diags);
        let _ = std::fs::remove_file(&path);
        let errors: Vec<String> = diags
            .into_sorted()
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "derive wrote {name} that does not load: {errors:?}\n{text}"
        );
        assert!(
            loaded.segments.iter().any(|s| s.id == group.id),
            "derive wrote {name} but no segment {} loaded\n{text}",
            group.id
        );
    }
}

/// The policy the link targets track with: Rewardful's `via`, which reads
/// `via` and no other parameter, on two product hosts.
fn policy() -> &'static LinkPolicy {
    static POLICY: OnceLock<LinkPolicy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let root = site_with("tailor.yaml", SITE_YAML.as_bytes());
        let config = Config::load(&root, None).expect("the scratch site's tailor.yaml");
        LinkPolicy::new(&config)
    })
}

fn affiliate_page() -> PageTracking {
    PageTracking {
        code: Some("jane".into()),
        source: "jane".into(),
        medium: "affiliate".into(),
        campaign: "alpha".into(),
    }
}

/// Runs the pass over `page` and holds it to html5ever's reading of the
/// result; with `canonical`, also to having seen every product link.
fn judge_pass(page: &str, canonical: bool) {
    let policy = policy();
    let tracking = affiliate_page();
    let reading = track::Reading {
        foreign: track::has_foreign_content(page.as_bytes()),
        ..track::Reading::default()
    };
    let once = track::rewrite_links_with(page, policy, &tracking, &reading).expect("the pass");
    let misses = track::verify::misses(&once.html, policy, &tracking);
    assert!(
        misses.is_empty(),
        "a browser follows {misses:?}\nin the page the pass wrote:\n{}\nfrom:\n{page}",
        once.html
    );
    if canonical {
        let product = track::verify::followed_links(&once.html)
            .into_iter()
            .filter(|href| policy.classify(href) == LinkKind::Product)
            .count();
        assert_eq!(
            product, once.product_links,
            "html5ever sees {product} product links, the pass {}:\n{}",
            once.product_links, once.html
        );
    }
    let reading = track::Reading {
        foreign: track::has_foreign_content(once.html.as_bytes()),
        ..track::Reading::default()
    };
    let twice =
        track::rewrite_links_with(&once.html, policy, &tracking, &reading).expect("the pass");
    assert_eq!(once.html, twice.html, "a second pass changed the page");
}

/// A customer export and, after a NUL byte, a commission export, read by
/// `report` against a site with an active and an inactive affiliate.
pub fn report_csv(bytes: &[u8]) {
    use crate::report::{Figures, Options, analyse, html, output};
    let (customers, commissions) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], Some(&bytes[at + 1..])),
        None => (bytes, None),
    };
    let root = site_with("customers.csv", customers);
    let commission_file = root.join("commissions.csv");
    match commissions {
        Some(c) => std::fs::write(&commission_file, c).expect("scratch site"),
        None => {
            let _ = std::fs::remove_file(&commission_file);
        }
    }
    let config = Config::load(&root, None).expect("the scratch site's tailor.yaml");
    let mut diags = Diagnostics::new();
    let content = content::load(&config.inputs(), false, &mut diags);
    let site = crate::plan::resolve(config, content, &[], None, &mut diags)
        .expect("the scratch site plans");
    let opts = Options {
        customers: root.join("customers.csv"),
        commissions: commissions.map(|_| commission_file.clone()),
        skip_invalid: true,
        ..Options::default()
    };
    let check = |diagnostics: &[Diagnostic]| {
        check_diagnostics(&root, "customers.csv", customers, diagnostics);
        if let Some(c) = commissions {
            check_diagnostics(&root, "commissions.csv", c, diagnostics);
        }
    };
    let report = match analyse(&site, &opts) {
        Ok(r) => r,
        Err(diagnostics) => {
            check(&diagnostics);
            return;
        }
    };
    check(&report.warnings);
    let sane = |what: &str, f: &Figures| {
        assert!(f.churned <= f.referred, "{what}: {f:?}");
        if let Some(c) = f.churn() {
            assert!(
                (0.0..=1.0).contains(&c.low)
                    && c.low <= c.value
                    && c.value <= c.high
                    && c.high <= 1.0,
                "{what}: churn {c:?}"
            );
        }
        for v in [f.cost(), f.ltv_to_cost(), f.net(), f.ltv.value()]
            .into_iter()
            .flatten()
        {
            assert!(v.is_finite(), "{what}: {f:?}");
        }
    };
    let (mut referred, mut churned) = (0, 0);
    for a in &report.affiliates {
        sane(&a.slug, &a.figures);
        referred += a.figures.referred;
        churned += a.figures.churned;
    }
    assert_eq!(
        (referred, churned),
        (report.program.referred, report.program.churned),
        "the program is its affiliates"
    );
    let stray: u64 = report.unknown.iter().map(|u| u.accounts).sum();
    assert_eq!(
        report.customer_rows,
        report.program.referred + report.not_referred.referred + stray,
        "every customer is counted once"
    );
    for g in report.segments.iter().chain(&report.groups) {
        sane(&g.id, &g.figures);
    }
    let json = output::json(&report);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON parses");
    let csv = output::csv(&report).expect("the CSV writes");
    let mut rows = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv.as_bytes());
    for row in rows.records() {
        row.expect("every CSV row has every column");
    }
    let page = html::page(&report);
    assert!(page.ends_with("</html>\n"));
    let _ = output::table(&report);
    let again = analyse(&site, &opts).expect("the second run reads the same files");
    assert_eq!(
        output::json(&again),
        json,
        "the same exports, the same report"
    );
}

/// A Markdown body as it reaches a page: rendered, read by html5ever and
/// written back canonical (refused when it has what a page must not), put
/// in the theme's markup, then through the link pass.
pub fn markdown_links(bytes: &[u8]) {
    let md = String::from_utf8_lossy(bytes);
    let origin = content::html::Origin {
        file: Path::new("content/case-studies/fuzz.md"),
        text: &md,
        from: 0,
    };
    let Ok(body) = content::markdown::to_html(&md, &origin).map(|r| r.html) else {
        return;
    };
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fuzz</title></head>\
         <body><p data-disclosure>Jane earns a commission.</p><main><article data-placement=\"body\">{body}</article>\
         <a class=\"button\" href=\"https://app.acme.example/signup\" data-placement=\"cta\">Start</a></main></body></html>"
    );
    judge_pass(&page, true);
}

/// Markup as a theme's template may write it, not read by html5ever
/// first: the pass alone must read it as a browser does.
pub fn template_links(bytes: &[u8]) {
    let markup = String::from_utf8_lossy(bytes);
    judge_pass(&markup, false);
}

/// The tracked-URL builder on a link written anywhere: the first line of
/// the input is the link, the second the page's code (blank: a page
/// without one).
pub fn tracked_url(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.splitn(3, '\n');
    let href = lines.next().unwrap_or_default();
    let code = lines.next().unwrap_or_default().trim();
    let placement = lines.next().unwrap_or("link");
    let mut page = affiliate_page();
    page.code = (!code.is_empty()).then(|| code.to_string());
    let policy = policy();
    let Some(out) = policy.track(href, &page, placement) else {
        return;
    };
    // As a browser reads it: `//host/…` and `https:host` are the page's
    // scheme's or the site's.
    let before = url::Url::options()
        .base_url(Some(policy.base()))
        .parse(href.trim())
        .expect("a product link is a URL");
    let after = url::Url::parse(&out)
        .unwrap_or_else(|e| panic!("{href:?} became {out:?}, which does not parse: {e}"));
    assert_eq!(
        policy.classify(&out),
        LinkKind::Product,
        "{href:?} became {out:?}"
    );
    assert_eq!(
        (
            before.scheme(),
            before.host_str(),
            before.port(),
            before.path()
        ),
        (after.scheme(), after.host_str(), after.port(), after.path()),
        "{href:?} became {out:?}"
    );
    assert_eq!(
        before.fragment(),
        after.fragment(),
        "{href:?} became {out:?}"
    );
    let pairs: Vec<(String, String)> = after.query_pairs().into_owned().collect();
    let codes: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| policy.is_referral_param(k))
        .map(|(_, v)| v.as_str())
        .collect();
    match &page.code {
        Some(code) => assert_eq!(codes, [code.as_str()], "{href:?} became {out:?}"),
        None => assert!(codes.is_empty(), "{href:?} became {out:?}"),
    }
    // The link's own parameters, in their order, with the same values
    // (`utm_*` lowercased; an empty `utm_*` gives way to the page's).
    let own: Vec<(String, String)> = before
        .query_pairs()
        .into_owned()
        .filter(|(k, _)| !policy.is_referral_param(k))
        .filter(|(k, v)| !(k.starts_with("utm_") && v.trim().is_empty()))
        .map(|(k, v)| {
            if k.starts_with("utm_") {
                (k, v.to_lowercase())
            } else {
                (k, v)
            }
        })
        .fold(Vec::new(), |mut kept: Vec<(String, String)>, (k, v)| {
            if !(k.starts_with("utm_") && kept.iter().any(|(q, _)| *q == k)) {
                kept.push((k, v));
            }
            kept
        });
    let kept: Vec<(String, String)> = pairs
        .into_iter()
        .filter(|(k, _)| !policy.is_referral_param(k))
        .filter(|(k, _)| own.iter().any(|(o, _)| o == k) || !k.starts_with("utm_"))
        .collect();
    assert_eq!(own, kept, "{href:?} became {out:?}");
    // Tracking twice changes nothing.
    assert_eq!(
        policy.track(&out, &page, placement).as_deref(),
        Some(out.as_str())
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_takes_a_valid_input_and_nonsense() {
        for (name, target) in TARGETS {
            for input in [
                &b""[..],
                b"\xff\xfe\x00",
                b"---\n: :\n---\n",
                b"name,code\nA,a\n",
            ] {
                let run = std::panic::catch_unwind(|| target(input));
                assert!(run.is_ok(), "{name} on {input:?}");
            }
        }
        tracked_url(b"https://app.acme.example/signup?plan=pro&utm_source=X#top\njane\n");
        derive_csv(b"name,niche,channel,status,nps,health\nA,Fin Tech,Search,active,9,90\n");
    }

    #[test]
    fn the_link_oracle_catches_a_missed_link() {
        let missed = std::panic::catch_unwind(|| {
            let policy = policy();
            let out = "<a href=\"https://app.acme.example/x\">x</a>";
            assert!(track::verify::misses(out, policy, &affiliate_page()).is_empty());
        });
        assert!(
            missed.is_err(),
            "the oracle would let a link without a code through"
        );
    }
}
