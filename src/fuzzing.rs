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
//! - the table reader: an export and its twin as another market writes it
//!   (`;`, decimal commas, day-first dates, UTF-16) read to the same
//!   figures;
//! - `report`: its figures add up (every customer counted once, churn
//!   within its interval, the program the sum of its affiliates), and the
//!   same exports give the same report in every format;
//! - the link pass: every link html5ever says a browser follows to the
//!   product carries exactly the page's code, and the pass saw every one;
//! - the tracked-URL builder: the result parses, carries one referral
//!   parameter with the page's code, and keeps the link's own parameters
//!   and fragment;
//! - the path rule (`crate::paths`): on a site with links in and out of
//!   it, loops and dangling links, nothing it lets be read or listed lies
//!   outside the site, no output folder it accepts holds the site or lies
//!   in its sources, and a request path it serves is plain names only;
//! - `serve`: a request for any path is answered without a 5xx, and with
//!   nothing but the output's own files.
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
    ("table_twin", table_twin),
    ("report_csv", report_csv),
    ("markdown_links", markdown_links),
    ("template_links", template_links),
    ("tracked_url", tracked_url),
    #[cfg(unix)]
    ("path_rule", path_rule),
    #[cfg(feature = "serve")]
    ("serve_paths", serve_paths),
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
        std::fs::write(scratch.root.join(file), bytes).expect("scratch site");
        scratch.root.clone()
    })
}

/// A folder of its own under the temporary folder (made by tempfile:
/// private, never one planted there), removed with it.
struct Scratch {
    root: PathBuf,
    _dir: tempfile::TempDir,
}

impl Scratch {
    fn new(file: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix("tailor-fuzz-")
            .tempdir()
            .expect("scratch site");
        let root = dir.path().to_path_buf();
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
        Scratch { root, _dir: dir }
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

/// A customer export read as the US writes it, and its twin as a German
/// spreadsheet saved as Excel's "Unicode Text" would write it: `;`
/// between cells (set, not detected: a header cell with a comma would
/// make its own reading), every number of a numeric column with a
/// decimal comma and thousands points, every date day first with dots,
/// UTF-16 with a byte-order mark. Both read to the same `derive` figures,
/// or both fail. A cell the US reading refuses is made one the German
/// reading refuses too (`x` before it), so that the rows left out are the
/// same.
pub fn table_twin(bytes: &[u8]) {
    use crate::table::{DataLocale, Kind, date, number, source::parse_delimiter};
    // Lone carriage returns end lines in the reader but not in the csv
    // crate that writes the twin: the property is about values.
    let text: String = String::from_utf8_lossy(bytes)
        .trim_start_matches('\u{feff}')
        .replace('\r', "");
    let root = site_with("customers.csv", text.as_bytes());
    let us_locale = DataLocale::new("en-US").expect("a locale");
    let de_locale = DataLocale::new("de").expect("a locale");
    let mut records: Vec<Vec<String>> = Vec::new();
    for r in ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
    {
        match r {
            Ok(r) => records.push(r.iter().map(str::to_string).collect()),
            Err(_) => return,
        }
    }
    let Some(header) = records.first().cloned() else {
        return;
    };
    let kinds: Vec<Kind> = header
        .iter()
        .map(|h| crate::exports::customers::kind_of_header(h))
        .collect();
    let german = |v: f64| -> String {
        let plain = format!("{}", v.abs());
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push('.');
            }
            grouped.push(c);
        }
        let sign = if v < 0.0 { "-" } else { "" };
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped},{frac}")
        }
    };
    let mut twin = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for (n, record) in records.iter().enumerate() {
        let cells: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if n == 0 {
                    return cell.clone();
                }
                match kinds.get(i).copied().unwrap_or(Kind::Text) {
                    Kind::Text => cell.clone(),
                    Kind::Number => match number::read(cell) {
                        Ok(Some(r)) => match r.under(us_locale.mark) {
                            Ok(v) => german(v),
                            Err(_) => format!("x{cell}"),
                        },
                        Ok(None) | Err(_) => cell.clone(),
                    },
                    Kind::Date => match date::read(cell) {
                        Ok(Some(r)) => {
                            match r.under(us_locale.order.expect("en-US orders dates")) {
                                Ok(d) => format!("{:02}.{:02}.{:04}", d.day, d.month, d.year),
                                Err(_) => format!("x{cell}"),
                            }
                        }
                        Ok(None) | Err(_) => cell.clone(),
                    },
                }
            })
            .collect();
        if twin.write_record(&cells).is_err() {
            return;
        }
    }
    let Ok(twin) = twin.into_inner() else { return };
    let twin = String::from_utf8(twin).expect("the twin is written from text");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in twin.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(root.join("twin.csv"), &utf16).expect("the scratch site is writable");

    let analyse = |file: &str, locale: &DataLocale, delimiter: &str| {
        let mut settings = crate::table::Settings::new(crate::exports::customers::SETTINGS_AT);
        settings.locale = Some(locale.clone());
        settings.delimiter = Some(parse_delimiter(delimiter).expect("a delimiter"));
        crate::derive::analyse(&crate::derive::Options {
            customers: root.join(file),
            rule: crate::exports::success::Rule::default_with(70.0),
            rule_file: "tailor.yaml".into(),
            min_group: 1,
            skip_invalid: true,
            map: Vec::new(),
            settings,
            lang: "en".into(),
            listed: None,
        })
        .map(|a| crate::derive::table(&a))
    };
    let us = analyse("customers.csv", &us_locale, ",");
    let de = analyse("twin.csv", &de_locale, ";");
    match (&us, &de) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the twin reads to other figures:\n{twin}"),
        (Err(_), Err(_)) => {}
        _ => panic!(
            "one reading failed, the other did not: {:?} / {:?}\n{twin}",
            us.as_ref()
                .err()
                .map(|e| e.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
            de.as_ref()
                .err()
                .map(|e| e.iter().map(|d| d.to_string()).collect::<Vec<_>>())
        ),
    }
}

/// A customer-success export read by `derive`; every segment it derives
/// is a file the segment loader reads without an error.
pub fn derive_csv(bytes: &[u8]) {
    let file = "customers.csv";
    let root = site_with(file, bytes);
    let opts = crate::derive::Options {
        customers: root.join(file),
        rule: crate::exports::success::Rule::default_with(70.0),
        rule_file: "tailor.yaml".into(),
        min_group: 1,
        skip_invalid: true,
        map: Vec::new(),
        settings: crate::table::Settings::new(crate::exports::customers::SETTINGS_AT),
        lang: "en".into(),
        listed: None,
    };
    let analysis = match crate::derive::analyse(&opts) {
        Ok(a) => a,
        Err(diagnostics) => {
            check_diagnostics(&root, file, bytes, &diagnostics);
            return;
        }
    };
    check_diagnostics(&root, file, bytes, &analysis.warnings);
    // Keeping only the best few selects the first few of the full order.
    for k in [0, 1, 2, 5] {
        let few = crate::derive::analyse(&crate::derive::Options {
            listed: Some(k),
            ..opts.clone()
        })
        .expect("the same export reads the same way");
        for (all, some) in analysis.groups.iter().zip(&few.groups) {
            let best: Vec<_> = all.successful.iter().take(k).collect();
            let kept: Vec<_> = some.successful.iter().collect();
            assert_eq!(best, kept, "the best {k} of group {}", all.id);
            assert_eq!((all.total, some.total), (all.successful.len(), all.total));
        }
    }
    let _ = crate::derive::table(&analysis);
    let config = Config::load(&root, None).expect("the scratch site's tailor.yaml");
    let texts = crate::i18n::I18n::default();
    let wording = crate::derive::Wording {
        texts: &texts,
        lang: "en",
        product: "Acme \"Analytics\": #1",
    };
    for group in analysis.groups.iter().take(4) {
        let text = crate::derive::segment_yaml(group, &analysis, &wording);
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
    use crate::report::{Figures, Options, analyse, formats, html};
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
    let site = crate::plan::resolve(config, content, &[], &[], None, &mut diags)
        .expect("the scratch site plans");
    let opts = Options {
        commissions: commissions.map(|_| commission_file.clone()),
        skip_invalid: true,
        ..Options::new(root.join("customers.csv"))
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
    let json = formats::json(&report);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON parses");
    let csv = formats::csv(&report).expect("the CSV writes");
    let mut rows = ::csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(csv.as_bytes());
    for row in rows.records() {
        row.expect("every CSV row has every column");
    }
    let page = html::page(&report);
    assert!(page.ends_with("</html>\n"));
    let _ = formats::table(&report);
    let again = analyse(&site, &opts).expect("the second run reads the same files");
    assert_eq!(
        formats::json(&again),
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

/// A site with links that stay in it and links that leave it, a loop, a
/// link that leads nowhere, and a file outside it: the path rule's world.
#[cfg(unix)]
struct Links {
    root: PathBuf,
    real_root: PathBuf,
    _dir: tempfile::TempDir,
}

#[cfg(unix)]
impl Links {
    fn new() -> Links {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("scratch");
        let root = dir.path().join("site");
        let made = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(root.join("content/sub"))?;
            std::fs::create_dir_all(root.join("static/.well-known"))?;
            std::fs::write(root.join("content/a.md"), "a")?;
            std::fs::write(root.join("content/sub/b.md"), "b")?;
            std::fs::write(root.join("static/.well-known/security.txt"), "c")?;
            std::fs::write(dir.path().join("secret"), "outside")?;
            symlink("a.md", root.join("content/inside.md"))?;
            symlink("../../secret", root.join("content/out.md"))?;
            symlink("../..", root.join("content/up"))?;
            symlink(".", root.join("content/sub/here"))?;
            symlink("..", root.join("content/sub/loop"))?;
            symlink("nothing", root.join("content/dangling"))?;
            symlink("self", root.join("content/self"))?;
            symlink("../content", root.join("static/content"))?;
            Ok(())
        })();
        made.expect("the path rule's site");
        let real_root = std::fs::canonicalize(&root).expect("the site");
        Links {
            root,
            real_root,
            _dir: dir,
        }
    }
}

/// The path rule on the fuzzer's path, read three ways: a file of the
/// site to read, a folder of it to list, an output folder, and a request
/// path to serve. The input's first line is the path (any bytes: a name
/// need not be UTF-8).
#[cfg(unix)]
pub fn path_rule(bytes: &[u8]) {
    use std::os::unix::ffi::OsStrExt;
    thread_local! {
        static SITE: Links = Links::new();
    }
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let rel = Path::new(std::ffi::OsStr::from_bytes(first));
    // Links may change nothing: the rule follows them, never writes.
    SITE.with(|site| {
        let inside = |p: &Path| {
            std::fs::canonicalize(p).map_or(true, |real| real.starts_with(&site.real_root))
        };
        if let Ok(path) = crate::paths::input(&site.root, rel) {
            assert!(inside(&path), "{rel:?} reads {path:?}, outside the site");
        }
        if rel.components().count() <= 4 {
            for found in crate::paths::walk(&site.root, rel, 4).into_iter().flatten() {
                let path = site.root.join(&found.rel);
                assert!(
                    inside(&path),
                    "listing {rel:?} gave {path:?}, outside the site"
                );
                assert!(found.rel.to_str().is_some(), "{:?} is not UTF-8", found.rel);
            }
        }
        let sources = crate::inputs::SOURCE_DIRS;
        if let Ok(out) = crate::paths::output_dir(&site.root.join(rel), &site.root, &sources) {
            assert!(
                !site.real_root.starts_with(&out.real),
                "{rel:?}: the output {:?} holds the site",
                out.real
            );
            for source in sources {
                assert!(
                    !out.real.starts_with(site.real_root.join(source)),
                    "{rel:?}: the output {:?} is in {source}/",
                    out.real
                );
            }
        }
    });
    let text = String::from_utf8_lossy(first);
    let asked = if text.starts_with('/') {
        text.into_owned()
    } else {
        format!("/{text}")
    };
    if let Ok(served) = crate::paths::request(&asked) {
        let path = Path::new(&served);
        assert!(
            path.components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
            "{asked:?} serves {served:?}"
        );
        assert!(
            served
                .split('/')
                .all(|part| part.len() <= crate::paths::MAX_NAME && !part.contains(['\\', '\0'])),
            "{asked:?} serves {served:?}"
        );
    }
}

/// An output folder as `serve` has it, a file beside it that is not
/// served, and the preview's server on a runtime of its own.
#[cfg(feature = "serve")]
struct Preview {
    files: Vec<Vec<u8>>,
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    _dir: tempfile::TempDir,
}

/// What lies outside the output folder: never in a response.
#[cfg(feature = "serve")]
const OUTSIDE: &str = "OUTSIDE-THE-OUTPUT";

#[cfg(feature = "serve")]
impl Preview {
    fn new() -> Preview {
        let dir = tempfile::tempdir().expect("scratch");
        let out = dir.path().join("out");
        let pages = [
            ("index.html", "<html><body><p>home</p></body></html>"),
            (
                "404.html",
                "<html><body><p>This page does not exist</p></body></html>",
            ),
            (
                "for/alpha/index.html",
                "<html><body><p>alpha</p></body></html>",
            ),
            ("café/index.html", "<html><body><p>café</p></body></html>"),
            ("a b/c.txt", "spaced"),
            ("assets/site.0123456789.css", "p{}"),
            (".well-known/security.txt", "Contact: x"),
        ];
        for (rel, text) in pages {
            let path = out.join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("scratch");
            std::fs::write(path, text).expect("scratch");
        }
        std::fs::write(dir.path().join("secret.txt"), OUTSIDE).expect("scratch");
        std::fs::write(dir.path().join("index.html"), OUTSIDE).expect("scratch");
        Preview {
            files: pages.iter().map(|(_, t)| t.as_bytes().to_vec()).collect(),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime"),
            app: crate::serve::preview(out),
            _dir: dir,
        }
    }
}

/// `serve` asked for the fuzzer's request target (its first line): the
/// answer is never a 5xx, and a 200 is one of the output's files (an HTML
/// page with the preview's script), never anything from outside it.
#[cfg(feature = "serve")]
pub fn serve_paths(bytes: &[u8]) {
    use tower::ServiceExt;
    thread_local! {
        static PREVIEW: Preview = Preview::new();
    }
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let text = String::from_utf8_lossy(first);
    let target = if text.starts_with('/') || text.contains("://") {
        text.into_owned()
    } else {
        format!("/{text}")
    };
    // What does not parse as a request target never reaches the server:
    // hyper answers 400 itself.
    let Ok(uri) = target.parse::<axum::http::Uri>() else {
        return;
    };
    let Ok(request) = axum::http::Request::get(uri)
        .header(axum::http::header::HOST, "127.0.0.1")
        .body(axum::body::Body::empty())
    else {
        return;
    };
    PREVIEW.with(|preview| {
        let (status, body, streams) = preview.runtime.block_on(async {
            let response = preview
                .app
                .clone()
                .oneshot(request)
                .await
                .expect("the router answers");
            let status = response.status();
            // The live-reload stream stays open until the server stops:
            // its headers are the answer.
            let streams = response
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
            if streams {
                return (status, axum::body::Bytes::new(), true);
            }
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body");
            (status, body, false)
        });
        assert!(
            !status.is_server_error(),
            "{target:?} was answered {status}"
        );
        assert!(
            !String::from_utf8_lossy(&body).contains(OUTSIDE),
            "{target:?} was answered with a file outside the output"
        );
        if status == axum::http::StatusCode::OK && !streams {
            let known = preview.files.iter().any(|f| {
                body == f.as_slice()
                    || body.as_ref()
                        == crate::serve::inject(&String::from_utf8_lossy(f), None).as_bytes()
            });
            assert!(
                known,
                "{target:?} was answered with a file the output does not have"
            );
        }
    });
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
