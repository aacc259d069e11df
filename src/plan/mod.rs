//! Resolving a loaded site into a plan of every output file.
//!
//! This is where cross-references are checked (an affiliate's segment, a
//! segment's pinned case studies), slugs and codes are proven unique, the
//! matched case studies of every segment are chosen, offers are resolved,
//! and every page is given an output path — two pages claiming one path is
//! an error here, before anything is rendered.

pub mod coverage;
pub mod guardrail;
pub mod matching;
mod shard;

pub use shard::Shard;

use ahash::AHashMap as HashMap;
use std::path::Path;

use crate::config::{Config, Incentive};
use crate::content::{Content, Origin};
use crate::diag::{Diagnostic, Diagnostics, quoted, suggest};
use crate::track::{LinkPolicy, PageTracking};

/// Where a page goes: its file in the output folder and its URL relative to
/// the site's base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// e.g. `for/fintech/index.html`
    pub file: String,
    /// e.g. `for/fintech/` (empty for the index)
    pub rel_url: String,
}

impl Output {
    /// From a filled path pattern: `for/fintech` is a folder with an
    /// `index.html`; `x.html` is the file itself.
    fn from_path(path: &str) -> Output {
        if path.ends_with(".html") {
            Output {
                file: path.to_string(),
                rel_url: path.to_string(),
            }
        } else {
            Output {
                file: format!("{path}/index.html"),
                rel_url: format!("{path}/"),
            }
        }
    }
}

#[derive(Debug)]
pub struct SegmentPlan {
    pub out: Output,
    /// Indices into `content.case_studies`, in display order.
    pub shown: Vec<usize>,
    pub incentive: Incentive,
    /// Its pages in the other languages it is translated into, in the
    /// order of `site.locales`.
    pub translations: Vec<(String, Output)>,
}

#[derive(Debug)]
pub struct AffiliatePlan {
    /// Index into `content.affiliates`.
    pub affiliate: usize,
    /// The referral code as the platform has it.
    pub code: String,
    /// The value of the referral parameter: the code, encoded as the
    /// platform reads it.
    pub param_value: String,
    /// Index into `content.segments`.
    pub segment: usize,
    pub out: Output,
    /// The affiliate's own offer, when they override their segment's.
    pub incentive: Option<Incentive>,
    /// The language of the page: the affiliate's, when the site has it.
    pub lang: String,
}

impl AffiliatePlan {
    /// The offer in force on the affiliate's page.
    pub fn offer<'a>(&'a self, site: &'a Site) -> &'a Incentive {
        self.incentive
            .as_ref()
            .unwrap_or(&site.segments[self.segment].incentive)
    }
}

/// An inactive affiliate's URL, sent to their segment page.
#[derive(Debug, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

/// A site ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub content: Content,
    pub policy: LinkPolicy,
    /// Path part of the base URL: `/` or `/partners/`.
    pub base_path: String,
    /// Parallel to `content.segments`.
    pub segments: Vec<SegmentPlan>,
    /// Active affiliates, sorted by slug.
    pub affiliates: Vec<AffiliatePlan>,
    pub redirects: Vec<Redirect>,
    /// Parallel to `content.case_studies`.
    pub case_studies: Vec<Output>,
    /// Parallel to `content.case_studies`: their translated pages.
    pub case_study_translations: Vec<Vec<(String, Output)>>,
    /// Parallel to `content.pages`.
    pub pages: Vec<Output>,
}

/// Files every build writes besides pages.
const FIXED: [&str; 6] = [
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "_redirects",
    "_headers",
];
pub const ASSETS_DIR: &str = "assets";

impl Site {
    /// Every file the site's pages and fixed files are written to, in every
    /// language (not the theme's assets).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        let segments = self
            .segments
            .iter()
            .flat_map(|s| std::iter::once(&s.out).chain(s.translations.iter().map(|(_, o)| o)));
        let case_studies = self.case_studies.iter().chain(
            self.case_study_translations
                .iter()
                .flatten()
                .map(|(_, o)| o),
        );
        FIXED.into_iter().chain(
            segments
                .chain(self.affiliates.iter().map(|a| &a.out))
                .chain(case_studies)
                .chain(&self.pages)
                .map(|o| o.file.as_str()),
        )
    }

    pub fn absolute(&self, out: &Output) -> String {
        format!("{}{}", self.config.base_url, out.rel_url)
    }

    /// Root-relative URL, used for links between the site's pages.
    pub fn href(&self, out: &Output) -> String {
        format!("{}{}", self.base_path, out.rel_url)
    }

    pub fn index(&self) -> Output {
        Output {
            file: "index.html".into(),
            rel_url: String::new(),
        }
    }

    pub fn not_found(&self) -> Output {
        Output {
            file: "404.html".into(),
            rel_url: "404.html".into(),
        }
    }

    /// What the links of a page of `kind` carry, for pages that belong to no
    /// segment.
    pub fn generic_tracking(&self, campaign: &str) -> PageTracking {
        PageTracking {
            code: None,
            source: self.config.tracking.site_source.clone(),
            medium: self.config.tracking.utm_medium.clone(),
            campaign: campaign.to_string(),
        }
    }

    pub fn segment_tracking(&self, segment: usize) -> PageTracking {
        let id = &self.content.segments[segment].id;
        PageTracking {
            code: None,
            source: id.clone(),
            medium: self.config.tracking.utm_medium.clone(),
            campaign: id.clone(),
        }
    }

    pub fn affiliate_tracking(&self, plan: &AffiliatePlan) -> PageTracking {
        let a = &self.content.affiliates[plan.affiliate];
        PageTracking {
            code: Some(plan.param_value.clone()),
            source: a.slug.clone(),
            medium: self.config.tracking.utm_medium.clone(),
            campaign: self.content.segments[plan.segment].id.clone(),
        }
    }
}

/// Who claimed an output path, for collision errors. Borrowed: a site
/// has a claim per page, and only collisions need the words.
struct Claim<'a> {
    /// "affiliate", "page", ...
    kind: &'static str,
    name: &'a str,
    file: &'a Path,
    line: Option<usize>,
    col: Option<usize>,
}

impl<'a> Claim<'a> {
    fn file(kind: &'static str, name: &'a str, file: &'a Path) -> Claim<'a> {
        Claim {
            kind,
            name,
            file,
            line: None,
            col: None,
        }
    }

    fn what(&self) -> String {
        if self.kind == "built-in" {
            format!("the built-in {}", self.name)
        } else {
            format!("{} \"{}\"", self.kind, self.name)
        }
    }

    fn error(&self, message: String) -> Diagnostic {
        let d = Diagnostic::error(self.file, message).at_line(self.line);
        match (self.line, self.col) {
            (Some(l), Some(c)) => d.at(l, c),
            _ => d,
        }
    }
}

struct Claims<'a> {
    by_file: HashMap<String, Claim<'a>>,
}

impl<'a> Claims<'a> {
    fn new() -> Self {
        let by_file = FIXED
            .iter()
            .map(|f| (f.to_string(), Claim::file("built-in", f, Path::new(""))))
            .collect();
        Claims { by_file }
    }

    fn claim(&mut self, out: &Output, claim: Claim<'a>, diags: &mut Diagnostics) {
        let key = out.file.to_lowercase();
        if key
            .strip_prefix(ASSETS_DIR)
            .is_some_and(|rest| rest.starts_with('/'))
        {
            diags.push(
                claim
                    .error(format!(
                        "{} would be written inside {ASSETS_DIR}/, which holds the theme's files",
                        claim.what()
                    ))
                    .hint(format!("choose another slug than \"{ASSETS_DIR}\"")),
            );
            return;
        }
        match self.by_file.get(&key) {
            Some(first) => {
                let first_at = if first.file.as_os_str().is_empty() {
                    String::new()
                } else {
                    let mut s = format!(" ({}", first.file.display());
                    if let Some(l) = first.line {
                        s.push_str(&format!(":{l}"));
                    }
                    s.push(')');
                    s
                };
                diags.push(
                    claim
                        .error(format!(
                            "{} and {}{first_at} both want {}",
                            claim.what(),
                            first.what(),
                            out.file
                        ))
                        .hint("give one of them another slug"),
                );
            }
            None => {
                self.by_file.insert(key, claim);
            }
        }
    }
}

/// Plans every output of the site. Errors are collected into `diags`; the
/// plan is only returned when there are none.
pub fn resolve(config: Config, content: Content, diags: &mut Diagnostics) -> Option<Site> {
    guardrail::check(&config, &content, diags);
    let policy = LinkPolicy::new(&config);
    let base_path = config.base_url.path().to_string();
    let mut claims = Claims::new();

    let case_studies: Vec<Output> = content
        .case_studies
        .iter()
        .map(|cs| {
            let out = Output::from_path(&config.paths.case_study.replace("{slug}", &cs.slug));
            claims.claim(&out, Claim::file("case study", &cs.slug, &cs.file), diags);
            out
        })
        .collect();
    let case_study_translations: Vec<Vec<(String, Output)>> = content
        .case_studies
        .iter()
        .map(|cs| {
            translated(config.locales.iter().skip(1), |lang| {
                content
                    .translations
                    .case_studies
                    .get(&(cs.slug.clone(), lang.clone()))
            })
            .map(|(lang, t)| {
                let out = Output::from_path(&format!(
                    "{lang}/{}",
                    config.paths.case_study.replace("{slug}", &cs.slug)
                ));
                claims.claim(&out, Claim::file("case study", &cs.slug, &t.file), diags);
                (lang, out)
            })
            .collect()
        })
        .collect();

    let pages: Vec<Output> = content
        .pages
        .iter()
        .map(|p| {
            let out = Output::from_path(&p.slug);
            claims.claim(&out, Claim::file("page", &p.slug, &p.file), diags);
            out
        })
        .collect();

    let matcher = matching::Matcher::new(&content.case_studies);
    let segments: Vec<SegmentPlan> = content
        .segments
        .iter()
        .map(|seg| {
            let out = Output::from_path(&config.paths.segment.replace("{id}", &seg.id));
            claims.claim(&out, Claim::file("segment", &seg.id, &seg.file), diags);
            let shown = match &seg.pins {
                Some(pins) => pinned(&config.root, seg, pins, &content, diags),
                None => matcher.best(seg, &content.case_studies),
            };
            let translations = translated(config.locales.iter().skip(1), |lang| {
                content
                    .translations
                    .segments
                    .get(&(seg.id.clone(), lang.clone()))
            })
            .map(|(lang, t)| {
                let out = Output::from_path(&format!(
                    "{lang}/{}",
                    config.paths.segment.replace("{id}", &seg.id)
                ));
                claims.claim(&out, Claim::file("segment", &seg.id, &t.file), diags);
                (lang, out)
            })
            .collect();
            SegmentPlan {
                out,
                shown,
                incentive: config.incentive.overridden_by(seg.incentive.as_ref()),
                translations,
            }
        })
        .collect();

    let mut order: Vec<usize> = (0..content.affiliates.len()).collect();
    order.sort_by(|&a, &b| {
        content.affiliates[a]
            .slug
            .cmp(&content.affiliates[b].slug)
            .then(a.cmp(&b))
    });

    let mut slugs: HashMap<&str, &Origin> = HashMap::with_capacity(content.affiliates.len());
    // Codes are compared without case: no platform documents that `Jane`
    // and `jane` are two partners, and people read them as one.
    let mut codes: HashMap<String, &Origin> = HashMap::with_capacity(content.affiliates.len());
    let preset = config.tracking.preset;
    let segment_index: HashMap<&str, usize> = content
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut affiliates = Vec::new();
    let mut redirects = Vec::new();
    // In file order, so a duplicate is reported where it is repeated.
    for (i, a) in content.affiliates.iter().enumerate() {
        // Slugs are lowercase by now.
        if let Some(first) = slugs.get(a.slug.as_str()) {
            diags.push(
                a.slug_at
                    .error(format!(
                        "duplicate slug \"{}\": {} already has it",
                        a.slug, first
                    ))
                    .hint("give this affiliate its own slug: field"),
            );
            continue;
        }
        slugs.insert(&a.slug, &a.slug_at);
        let code = match &a.code {
            Some(written) => match preset.code(written) {
                Ok(code) => Some(code),
                Err(why) => {
                    diags.push(
                        a.code_at
                            .error(format!("affiliate {}: {why}", quoted(&a.name)))
                            .hint(format!(
                                "write the code exactly as {} shows it",
                                platform_words(&config)
                            )),
                    );
                    continue;
                }
            },
            None if config.tracking.code_from_slug => Some(a.slug.clone()),
            // An inactive affiliate has no page to credit.
            None if !a.active => None,
            None => {
                diags.push(
                    a.code_at
                        .error(format!(
                            "affiliate {} has no referral code: their page would credit \"{}\", a code {} never issued",
                            quoted(&a.name),
                            a.slug,
                            platform_words(&config)
                        ))
                        .hint(format!(
                            "add their code: field from {}, or set tracking.code_from_slug: true if every affiliate's code there is their slug",
                            platform_words(&config)
                        )),
                );
                continue;
            }
        };
        if let Some(code) = &code {
            let key = code.to_lowercase();
            if let Some(first) = codes.get(&key) {
                diags.push(
                    a.code_at
                        .error(format!(
                            "duplicate referral code \"{code}\": {first} already has it"
                        ))
                        .hint("give this affiliate its own code: field (codes are compared without case)"),
                );
                continue;
            }
            codes.insert(key, &a.code_at);
        }
        let Some(&segment) = segment_index.get(a.segment.as_str()) else {
            // A segment whose file did not load has its own error; its
            // affiliates need not repeat it.
            if config
                .root
                .join("segments")
                .join(format!("{}.yaml", a.segment))
                .is_file()
            {
                continue;
            }
            let ids = content.segments.iter().map(|s| s.id.as_str());
            let d = a
                .segment_at
                .error(format!("unknown segment \"{}\"", a.segment));
            diags.push(match suggest(&a.segment, ids) {
                Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                None => d.hint(format!(
                    "segments are: {}",
                    content
                        .segments
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
            continue;
        };
        let out = Output::from_path(&config.paths.affiliate.replace("{slug}", &a.slug));
        let claim = Claim {
            kind: "affiliate",
            name: &a.slug,
            file: &a.slug_at.file,
            line: Some(a.slug_at.line),
            col: a.slug_at.col,
        };
        claims.claim(&out, claim, diags);
        if a.active {
            let incentive = a
                .incentive
                .as_ref()
                .map(|own| segments[segment].incentive.overridden_by(Some(own)));
            let code = code.unwrap_or_else(|| a.slug.clone());
            affiliates.push(AffiliatePlan {
                affiliate: i,
                param_value: preset.encode(&code),
                code,
                segment,
                out,
                incentive,
                lang: page_language(&config.locales, &a.locale),
            });
        } else {
            let to = format!("{base_path}{}", segments[segment].out.rel_url);
            let from = format!("{base_path}{}", out.rel_url);
            redirects.push(Redirect { from, to });
        }
    }

    if diags.has_errors() {
        return None;
    }
    affiliates.sort_by(|a, b| {
        content.affiliates[a.affiliate]
            .slug
            .cmp(&content.affiliates[b.affiliate].slug)
    });
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    for (slug, file, line) in content
        .affiliates
        .iter()
        .map(|a| (&a.slug, &*a.slug_at.file, Some(a.slug_at.line)))
        .chain(
            content
                .pages
                .iter()
                .map(|p| (&p.slug, p.file.as_path(), None)),
        )
    {
        if config.locales.iter().skip(1).any(|l| l == slug) {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("slug \"{slug}\" is the folder of the site's {slug} pages"),
                )
                .at_line(line)
                .hint("choose another slug"),
            );
        }
    }
    if diags.has_errors() {
        return None;
    }
    Some(Site {
        config,
        content,
        policy,
        base_path,
        segments,
        affiliates,
        redirects,
        case_studies,
        case_study_translations,
        pages,
    })
}

/// "Rewardful" or "your affiliate platform", for messages.
fn platform_words(config: &Config) -> String {
    if config.tracking.platform_named && config.tracking.preset.name != "generic" {
        let name = config.tracking.preset.name;
        let mut c = name.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        "your affiliate platform".to_string()
    }
}

/// The languages among `locales` for which `find` has a translation.
fn translated<'a, T: 'a>(
    locales: impl Iterator<Item = &'a String>,
    find: impl Fn(&String) -> Option<&'a T>,
) -> impl Iterator<Item = (String, &'a T)> {
    locales.filter_map(move |lang| find(lang).map(|t| (lang.clone(), t)))
}

/// The language of an affiliate's page: theirs when the site is written in
/// it (`de-AT` reads `de` pages), else the site's default.
pub fn page_language(locales: &[String], wanted: &str) -> String {
    locales
        .iter()
        .find(|l| *l == wanted)
        .or_else(|| {
            locales
                .iter()
                .find(|l| crate::lang::primary(l) == crate::lang::primary(wanted))
        })
        .unwrap_or(&locales[0])
        .clone()
}

fn pinned(
    root: &Path,
    seg: &crate::content::Segment,
    pins: &[String],
    content: &Content,
    diags: &mut Diagnostics,
) -> Vec<usize> {
    let mut shown = Vec::new();
    for (n, pin) in pins.iter().enumerate() {
        let pos = seg.pin_pos.get(n).copied().flatten();
        match content.case_studies.iter().position(|c| &c.slug == pin) {
            Some(i) if !shown.contains(&i) => shown.push(i),
            Some(_) => diags.push(
                Diagnostic::warning(&seg.file, format!("case study \"{pin}\" is pinned twice"))
                    .at_pos(pos),
            ),
            None if content.skipped_drafts.contains(pin) => diags.push(
                Diagnostic::warning(
                    &seg.file,
                    format!("pinned case study \"{pin}\" is a draft and is left out"),
                )
                .at_pos(pos)
                .hint("build with --drafts to preview it"),
            ),
            // Its file did not load: its own error says why.
            None if root
                .join("content/case-studies")
                .join(format!("{pin}.md"))
                .is_file() => {}
            None => {
                let d = Diagnostic::error(
                    &seg.file,
                    format!("case_studies pins unknown case study \"{pin}\""),
                )
                .at_pos(pos);
                let slugs = content.case_studies.iter().map(|c| c.slug.as_str());
                diags.push(match suggest(pin, slugs) {
                    Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                    None => d.hint(
                        "pin one of the file names in content/case-studies/, or remove the pin",
                    ),
                });
            }
        }
    }
    shown
}
