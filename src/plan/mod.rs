//! Resolving a loaded site into a plan of every output file.
//!
//! This is where cross-references are checked (an affiliate's segment, a
//! segment's pinned case studies), slugs and codes are proven unique, the
//! matched case studies of every segment are chosen, offers are resolved in
//! every language, and every file the site publishes becomes an
//! [`Artifact`]: one list, from which the path claims (two artifacts
//! claiming one path is an error here, before anything is rendered), the
//! render jobs, the sitemap, `_headers` and the preview's file list are all
//! derived. A new kind of output is one new [`Kind`] and one producer.

mod affiliates;
pub mod cards;
pub mod coverage;
mod documents;
pub mod fingerprint;
pub mod guardrail;
pub mod matching;
mod photos;
pub mod publishing;
mod shard;
mod statics;

pub use shard::Shard;

use ahash::AHashMap as HashMap;
use std::path::Path;

use crate::config::{Config, Incentive};
use crate::content::{AffiliateId, CaseStudyId, Content, PageId, SegmentId};
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::lang::{Lang, PerLang};
use crate::track::{LinkPolicy, PageTracking};

/// Where a file goes: its path in the output folder and its URL relative
/// to the site's base URL.
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

    /// A file that is its own URL.
    fn file(path: &str) -> Output {
        Output {
            file: path.to_string(),
            rel_url: path.to_string(),
        }
    }
}

/// What an artifact is, and so how it is produced.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Kind {
    Index,
    NotFound,
    /// A segment page.
    Segment(SegmentId),
    /// An affiliate page.
    Affiliate(Active),
    /// A case study page; index into `content.case_studies`.
    CaseStudy(CaseStudyId),
    /// A content page; index into `content.pages`.
    Page(PageId),
    Sitemap,
    Robots,
    Redirects,
    Headers,
    /// A theme file under `static/`, by its path there.
    Asset(String),
    /// A social card.
    Card(CardId),
    /// A file of a published partner kit.
    Kit(Active, KitFile),
    /// An affiliate's photo.
    Photo(Active),
    /// A file of the site's own `static/`, by its path there, published
    /// as it is.
    Static(String),
}

/// An active affiliate: their plan's place in `Site::affiliates`. (Their
/// record is `Site::affiliates[id].affiliate`, an [`AffiliateId`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Active(pub usize);

typed_index!(Active => AffiliatePlan);
typed_index!(SegmentId => SegmentPlan);
typed_index!(CaseStudyId => CaseStudyPlan);

/// An artifact: its place in `Site::artifacts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArtifactId(pub usize);

// Fingerprints (`fingerprint::fingerprints`) are in the artifacts' order too.
typed_index!(ArtifactId => Artifact, blake3::Hash);

/// A social card: its place in `Site::cards`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CardId(pub usize);

typed_index!(CardId => cards::CardPlan);

/// The files of a published partner kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KitFile {
    Page,
    QrSvg,
    QrPng,
}

/// Folder of published partner kits.
pub const KIT_DIR: &str = "kit";

impl Kind {
    /// An HTML page, rendered from a template.
    pub fn is_page(&self) -> bool {
        matches!(
            self,
            Kind::Index
                | Kind::NotFound
                | Kind::Segment(_)
                | Kind::Affiliate(_)
                | Kind::CaseStudy(_)
                | Kind::Page(_)
        )
    }
}

/// One file the site publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    pub kind: Kind,
    pub out: Output,
    /// Its language.
    pub lang: Lang,
    /// Listed in the sitemap.
    pub indexable: bool,
}

#[derive(Debug)]
pub struct SegmentPlan {
    /// The case studies it shows, in display order.
    pub shown: Vec<CaseStudyId>,
    /// Its offer in each language: the site's, overridden by the segment's
    /// own parts, with the labels of that language.
    pub offers: PerLang<Incentive>,
    /// Its page in each language it is published in.
    pub pages: PerLang<Option<ArtifactId>>,
    /// Its card in each language it is published in, when the theme draws
    /// cards.
    pub cards: PerLang<Option<CardId>>,
}

#[derive(Debug)]
pub struct CaseStudyPlan {
    /// Its page in each language it is published in.
    pub pages: PerLang<Option<ArtifactId>>,
}

#[derive(Debug)]
pub struct AffiliatePlan {
    /// Their record.
    pub affiliate: AffiliateId,
    /// The referral code as the platform has it.
    pub code: String,
    /// The value of the referral parameter: the code, encoded as the
    /// platform reads it.
    pub param_value: String,
    /// Their segment.
    pub segment: SegmentId,
    /// Its page.
    pub artifact: ArtifactId,
    /// The language of the page: the affiliate's, when the site has it.
    pub lang: Lang,
    /// The offer on their page, in its language: their segment's, with
    /// their own parts over it.
    pub offer: Incentive,
    /// They override their segment's offer.
    pub own_offer: bool,
    /// Their card, when the theme draws cards.
    pub card: Option<CardId>,
    /// Their published kit page's artifact, with `TAILOR_KIT_SECRET` set.
    pub kit: Option<ArtifactId>,
    /// Their photo's artifact, when their record names one.
    pub photo: Option<ArtifactId>,
}

/// An inactive affiliate: no page, but referrals made while they were
/// active may still carry their code, which `report` credits. Their code
/// and offer follow the rules of an active affiliate's.
#[derive(Debug, Clone)]
pub struct Retired {
    /// Their record.
    pub affiliate: AffiliateId,
    /// The code as the platform has it; `None` when their record has none
    /// and codes are not their slugs (`tracking.code_from_slug`): nothing
    /// can be credited to them.
    pub code: Option<String>,
    /// The offer their page had, in its language.
    pub offer: Incentive,
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
    /// Every file the site publishes.
    pub artifacts: Vec<Artifact>,
    /// Parallel to `content.segments`.
    pub segments: Vec<SegmentPlan>,
    /// Active affiliates, sorted by slug.
    pub affiliates: Vec<AffiliatePlan>,
    /// Inactive affiliates, sorted by slug.
    pub retired: Vec<Retired>,
    /// Parallel to `content.case_studies`.
    pub case_studies: Vec<CaseStudyPlan>,
    /// Parallel to `content.pages`: their artifacts.
    pub pages: Vec<ArtifactId>,
    pub redirects: Vec<Redirect>,
    /// Social cards, when the theme draws them.
    pub cards: Vec<cards::CardPlan>,
    /// Each language's index page. (Each has a 404 page in its folder
    /// too.)
    pub indexes: PerLang<ArtifactId>,
    /// The site's offer in each language, with its labels there.
    pub offers: PerLang<Incentive>,
}

pub const ASSETS_DIR: &str = "assets";

impl Site {
    /// Every file of the site, in every language.
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.artifacts.iter().map(|a| a.out.file.as_str())
    }

    /// Every artifact's id, in the artifacts' order.
    pub fn artifact_ids(&self) -> impl Iterator<Item = ArtifactId> + use<> {
        (0..self.artifacts.len()).map(ArtifactId)
    }

    pub fn out(&self, artifact: ArtifactId) -> &Output {
        &self.artifacts[artifact].out
    }

    pub fn absolute(&self, out: &Output) -> String {
        format!("{}{}", self.config.base_url, out.rel_url)
    }

    /// Root-relative URL, used for links between the site's pages.
    pub fn href(&self, out: &Output) -> String {
        format!("{}{}", self.base_path, out.rel_url)
    }

    /// A page in `lang`, or in the default language when it has none there.
    pub fn in_language<'a>(
        &'a self,
        pages: &PerLang<Option<ArtifactId>>,
        lang: Lang,
    ) -> &'a Output {
        let artifact = pages
            .get(lang)
            .copied()
            .flatten()
            .or(*pages.default_lang())
            .expect("every page exists in the default language");
        self.out(artifact)
    }

    /// The versions of a page: (language, artifact), default first.
    pub fn versions(
        pages: &PerLang<Option<ArtifactId>>,
    ) -> impl Iterator<Item = (Lang, ArtifactId)> + '_ {
        pages
            .with_langs()
            .filter_map(|(lang, a)| a.map(|a| (lang, a)))
    }

    /// The versions of a page that has one per language: an index, a
    /// segment's or a case study's page.
    pub fn language_versions(&self, kind: &Kind) -> Option<PerLang<Option<ArtifactId>>> {
        match kind {
            Kind::Index => Some(self.indexes.map(|_, &index| Some(index))),
            Kind::Segment(i) => Some(self.segments[*i].pages.clone()),
            Kind::CaseStudy(i) => Some(self.case_studies[*i].pages.clone()),
            _ => None,
        }
    }

    /// An active affiliate's record.
    pub fn record(&self, a: Active) -> &crate::content::Affiliate {
        &self.content.affiliates[self.affiliates[a].affiliate]
    }

    /// The affiliate a card is for; `None` for a segment's card.
    pub fn card_owner(&self, card: CardId) -> Option<&AffiliatePlan> {
        self.cards[card].affiliate.map(|a| &self.affiliates[a])
    }

    /// The absolute URL of a card.
    pub fn card_url(&self, card: CardId) -> String {
        self.absolute(self.out(self.cards[card].artifact))
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

    pub fn segment_tracking(&self, segment: SegmentId) -> PageTracking {
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

    /// What the links of an artifact's page carry.
    pub fn tracking(&self, kind: &Kind) -> PageTracking {
        match kind {
            Kind::Segment(i) => self.segment_tracking(*i),
            Kind::Affiliate(i) => self.affiliate_tracking(&self.affiliates[*i]),
            Kind::CaseStudy(_) => self.generic_tracking("case-study"),
            Kind::Page(_) => self.generic_tracking("page"),
            Kind::NotFound => self.generic_tracking("404"),
            _ => self.generic_tracking("index"),
        }
    }

    /// The artifacts a build of `shard` produces: an affiliate's page (and
    /// whatever is made for them) goes to the shard of their slug; shard 1
    /// also produces everything else.
    pub fn in_shard(&self, shard: Option<Shard>) -> Vec<ArtifactId> {
        self.artifact_ids()
            .filter(|&i| match (shard, &self.artifacts[i].kind) {
                (None, _) => true,
                (Some(sh), Kind::Affiliate(a)) => sh.has_affiliate(&self.record(*a).slug),
                (Some(sh), Kind::Kit(a, _) | Kind::Photo(a)) => {
                    sh.has_affiliate(&self.record(*a).slug)
                }
                (Some(sh), Kind::Card(c)) => match self.card_owner(*c) {
                    Some(a) => sh.has_affiliate(&self.content.affiliates[a.affiliate].slug),
                    None => sh.has_the_rest(),
                },
                (Some(sh), _) => sh.has_the_rest(),
            })
            .collect()
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

    /// A path an affiliate's record claims, at their slug.
    fn affiliate(kind: &'static str, a: &'a crate::content::Affiliate) -> Claim<'a> {
        Claim {
            kind,
            name: &a.slug,
            file: &a.slug_at.file,
            line: Some(a.slug_at.line),
            col: a.slug_at.col,
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

/// The artifacts being planned, and who claimed each output path.
struct Artifacts<'a> {
    list: Vec<Artifact>,
    claims: HashMap<String, Claim<'a>>,
}

impl<'a> Artifacts<'a> {
    /// Adds an artifact, unless another already claimed its path (an
    /// error, naming both) or it would land among the theme's files.
    /// Returns its index.
    fn add(
        &mut self,
        artifact: Artifact,
        claim: Claim<'a>,
        diags: &mut Diagnostics,
    ) -> Option<ArtifactId> {
        let asset = matches!(artifact.kind, Kind::Asset(_) | Kind::Photo(_));
        if !self.claim(&artifact.out, claim, asset, diags) {
            return None;
        }
        self.list.push(artifact);
        Some(ArtifactId(self.list.len() - 1))
    }

    /// Claims `out` for something that is not published there itself (an
    /// inactive affiliate's URL, which redirects).
    fn claim(
        &mut self,
        out: &Output,
        claim: Claim<'a>,
        asset: bool,
        diags: &mut Diagnostics,
    ) -> bool {
        let key = out.file.to_lowercase();
        let among_assets = key
            .strip_prefix(ASSETS_DIR)
            .is_some_and(|rest| rest.starts_with('/'));
        if among_assets && !asset {
            diags.push(
                claim
                    .error(format!(
                        "{} would be written inside {ASSETS_DIR}/, which holds the theme's files",
                        claim.what()
                    ))
                    .hint(format!("choose another slug than \"{ASSETS_DIR}\"")),
            );
            return false;
        }
        if let Some(first) = self.claims.get(&key) {
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
            let mut d = claim
                .error(format!(
                    "{} and {}{first_at} both want {}",
                    claim.what(),
                    first.what(),
                    out.file
                ))
                .hint("give one of them another slug");
            if !first.file.as_os_str().is_empty() {
                d = d.related(
                    first.file,
                    first.line.unwrap_or(1),
                    first.col,
                    "also wants it",
                );
            }
            diags.push(d);
            return false;
        }
        self.claims.insert(key, claim);
        true
    }

    /// Claims the path of a file every build writes. Built-ins are
    /// claimed first, so a page that wants one of their paths is the one
    /// reported.
    fn claim_built_in(&mut self, out: &Output, name: &'a str) {
        self.claims.insert(
            out.file.to_lowercase(),
            Claim::file("built-in", name, Path::new("")),
        );
    }

    /// Adds an artifact whose path was claimed already.
    fn push(&mut self, kind: Kind, out: Output, lang: Lang, indexable: bool) -> ArtifactId {
        self.list.push(Artifact {
            kind,
            out,
            lang,
            indexable,
        });
        ArtifactId(self.list.len() - 1)
    }
}

/// Plans every output of the site; `assets` are the theme's static files
/// (path under `static/`, output path), `site_files` the site's own (path
/// under its `static/`, which is the output path too). Errors are
/// collected into `diags`; the plan is only returned when there are none.
pub fn resolve(
    config: Config,
    content: Content,
    assets: &[(String, String)],
    site_files: &[String],
    card_design: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let policy = LinkPolicy::new(&config);
    let base_path = config.base_url.path().to_string();
    let mut artifacts = Artifacts {
        list: Vec::new(),
        claims: HashMap::new(),
    };
    const FILES: [&str; 4] = ["sitemap.xml", "robots.txt", "_redirects", "_headers"];
    for file in FILES {
        artifacts.claim_built_in(&Output::file(file), file);
    }
    for (_, out) in assets {
        artifacts.claim_built_in(&Output::file(out), out);
    }
    // Every language is a whole site: its own index and 404 page, in its
    // folder (the default language's at the root).
    let indexes: PerLang<ArtifactId> = config
        .locales
        .with_langs()
        .map(|(li, lang)| {
            let folder = if li.is_default() {
                String::new()
            } else {
                format!("{lang}/")
            };
            let index = Output {
                file: format!("{folder}index.html"),
                rel_url: folder.clone(),
            };
            let not_found = Output::file(&format!("{folder}404.html"));
            artifacts.claim_built_in(&index, "index.html");
            artifacts.claim_built_in(&not_found, "404.html");
            let id = artifacts.push(Kind::Index, index, li, true);
            artifacts.push(Kind::NotFound, not_found, li, false);
            id
        })
        .collect();

    let offers = documents::site_offers(&config);
    let mut segments = documents::segments(&config, &content, &offers, &mut artifacts, diags);
    let case_studies = documents::case_studies(&config, &content, &mut artifacts, diags);
    let pages = documents::pages(&content, &mut artifacts, diags);
    let affiliates::Planned {
        mut affiliates,
        retired,
        redirects,
    } = affiliates::affiliates(
        &config,
        &content,
        &segments,
        &base_path,
        &mut artifacts,
        diags,
    );
    affiliates::kits(&config, &content, &mut affiliates, &mut artifacts, diags);
    affiliates::photos(&config, &content, &mut affiliates, &mut artifacts, diags);
    let card_plans = match card_design {
        Some(design) => cards::plan(
            &config,
            &content,
            &mut segments,
            &mut affiliates,
            design,
            &mut artifacts,
        ),
        None => Vec::new(),
    };

    for (kind, file) in [
        (Kind::Sitemap, "sitemap.xml"),
        (Kind::Robots, "robots.txt"),
        (Kind::Redirects, "_redirects"),
        (Kind::Headers, "_headers"),
    ] {
        artifacts.push(kind, Output::file(file), Lang::DEFAULT, false);
    }
    for (key, out) in assets {
        artifacts.push(
            Kind::Asset(key.clone()),
            Output::file(out),
            Lang::DEFAULT,
            false,
        );
    }

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
    statics::plan(&mut artifacts, site_files, diags);
    guardrail::check(&config, &content, &segments, &affiliates, diags);
    // The claims borrow the content; only the list outlives planning.
    let Artifacts { list, claims } = artifacts;
    drop(claims);
    if diags.has_errors() {
        return None;
    }
    Some(Site {
        config,
        content,
        policy,
        base_path,
        artifacts: list,
        segments,
        affiliates,
        retired,
        case_studies,
        pages,
        redirects,
        cards: card_plans,
        indexes,
        offers,
    })
}

/// "Rewardful" or "your affiliate platform", for messages.
pub(crate) fn platform_words(config: &Config) -> String {
    if config.tracking.platform_named && config.tracking.preset.name != "generic" {
        config.tracking.preset.display.to_string()
    } else {
        "your affiliate platform".to_string()
    }
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
    seg: &crate::content::Segment,
    pins: &[String],
    content: &Content,
    diags: &mut Diagnostics,
) -> Vec<CaseStudyId> {
    let mut shown = Vec::new();
    for (n, pin) in pins.iter().enumerate() {
        let pos = seg.pin_pos.get(n).copied().flatten();
        match content
            .case_studies
            .iter()
            .position(|c| &c.slug == pin)
            .map(CaseStudyId)
        {
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
            None if content.failed.case_studies.contains(pin) => {}
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

/// Scratch sites for the planners' tests.
#[cfg(test)]
pub(crate) mod scratch {
    use crate::config::Config;
    use crate::content::{self, Content};
    use crate::diag::Diagnostics;

    /// A site of `files` (tailor.yaml among them) in a temporary folder,
    /// loaded; its content must load without errors.
    pub fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, Config, Content) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in files {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::create_dir_all(root.join("themes/default/templates")).unwrap();
        let config = Config::load(root, None).expect("the scratch site's tailor.yaml");
        let mut diags = Diagnostics::new();
        let content = content::load(&config.inputs(), false, &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
        (dir, config, content)
    }

    /// What `diags` says, sorted.
    pub fn messages(diags: Diagnostics) -> Vec<String> {
        diags.into_sorted().into_iter().map(|d| d.message).collect()
    }
}
