//! Producing every artifact of a planned site: pages rendered from the
//! theme's templates, the files beside them, the theme's static files.
//!
//! Shared data (the site, each segment and case study, in each language) is
//! turned into template values once; each page then only adds what is its
//! own. Artifacts are produced in parallel; every finished page goes
//! through the tracking pass, and the first page of each shape is read
//! again by a standards HTML5 parser, before its bytes are handed to the
//! caller's sink — the output folder of a build, or the preview's. A page
//! with a link problem is rendered once more, from marked templates and
//! content, to say where the link was written (`locate`).

pub mod card;
mod context;
mod findings;
pub mod kit;
mod locate;
mod note;
mod photo;
pub mod qr;
mod reach;
mod theme;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::content::SegmentId;
use crate::diag::Diagnostic;
use crate::lang::{Lang, PerLang};
use crate::output::files;
use crate::plan::{Artifact, ArtifactId, CardId, Kind, Output, Site};
use crate::track;
use context::*;
pub use theme::Theme;

/// An artifact produced: its bytes, and the links in it that lose credit.
pub struct Produced {
    pub bytes: Vec<u8>,
    pub findings: Vec<track::Finding>,
    /// A page's links to the site itself and its ids (see `reach`).
    pub internal: Vec<String>,
    pub ids: Vec<String>,
    /// Its `<base href>`, when it has one on the site: relative links
    /// resolve against it.
    pub base: Option<String>,
    /// On a marked page, where each of `internal` was written.
    pub internal_at: Vec<Option<String>>,
}

impl Produced {
    fn file(bytes: Vec<u8>) -> Produced {
        Produced {
            bytes,
            findings: Vec::new(),
            internal: Vec::new(),
            ids: Vec::new(),
            base: None,
            internal_at: Vec::new(),
        }
    }
}

/// What producing a set of artifacts found.
#[derive(Debug, Default)]
pub struct Report {
    /// Every failure, and every link problem that is an error, at the
    /// place it was written.
    pub errors: Vec<Diagnostic>,
    /// Link problems that are warnings (a look-alike host, `http://`),
    /// each once, at the place it was written.
    pub warnings: Vec<Diagnostic>,
    /// Artifacts produced and handed to the sink.
    pub produced: usize,
    /// Cards drawn; the others were kept (see `produce_all`).
    pub cards_drawn: usize,
}

impl Report {
    /// The report's diagnostics after `before` (the load's warnings, and
    /// any others of the run): all of them as `Err` when something failed,
    /// else the warnings. Build and serve report a run alike through this.
    pub fn into_diagnostics(
        self,
        mut before: Vec<Diagnostic>,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        before.extend(self.warnings);
        if self.errors.is_empty() {
            return Ok(before);
        }
        before.extend(self.errors);
        Err(before)
    }
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// By language: what every page in it sees — `site`, and the theme's
    /// `texts` in that language.
    bases: PerLang<Context>,
    /// By language, then segment.
    segments: PerLang<Vec<Value>>,
    /// By language, then segment: the cards of the case studies it shows.
    shown: PerLang<Vec<Value>>,
    /// By language, then case study.
    case_studies: PerLang<Vec<Value>>,
    /// By language, then segment: its offer.
    offers: PerLang<Vec<Value>>,
    /// `None` with `persist: false`.
    script: Option<track::PersistScript>,
    /// Carries the QR code's medium on to an affiliate page's links.
    medium_script: String,
    /// The theme or the content has SVG or MathML somewhere, so the link
    /// pass tracks where foreign content ends on every page.
    foreign: bool,
    /// Renders pages to be located (see `locate`): marked templates, and
    /// each content document's marked HTML in place of its HTML.
    marks: Option<std::collections::HashMap<&'a str, &'a str>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Self, Vec<Diagnostic>> {
        Self::with(site, theme, None)
    }

    /// A renderer whose pages say where each element was written: for
    /// `locate`, never for publishing.
    fn marked(&self) -> Result<Renderer<'a>, Vec<Diagnostic>> {
        Self::with(self.site, self.theme, Some(self.site.content.marked()))
    }

    /// A content document's HTML as this renderer shows it: marked, on a
    /// page rendered to be located.
    fn html(&self, html: &'a str) -> &'a str {
        self.marks
            .as_ref()
            .and_then(|m| m.get(html).copied())
            .unwrap_or(html)
    }

    fn with(
        site: &'a Site,
        theme: &'a Theme,
        marks: Option<std::collections::HashMap<&'a str, &'a str>>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let swap = |html: &'a str| {
            marks
                .as_ref()
                .and_then(|m| m.get(html).copied())
                .unwrap_or(html)
        };
        let config = &site.config;
        let mut nav: Vec<(i32, &str, String)> = site
            .content
            .pages
            .iter()
            .zip(&site.pages)
            .map(|(p, &a)| (p.order, p.title.as_str(), site.href(site.out(a))))
            .collect();
        nav.sort();
        let site_ctx = SiteCtx {
            name: &config.name,
            base_url: config.base_url.as_str(),
            signup_url: config.signup_url.as_str(),
            locale: &config.locale,
            locales: config.locales.as_slice(),
            description: config.description.as_deref(),
            home: String::new(),
            nav: nav
                .into_iter()
                .map(|(_, title, url)| NavLink { title, url })
                .collect(),
            incentive: &config.incentive,
            brand_css: config.brand_css.as_deref(),
            logo: config.logo.as_ref().and_then(|logo| {
                let out = theme.logo.as_deref()?;
                let height = 32;
                Some(LogoCtx {
                    url: format!("{}{out}", site.base_path),
                    width: ((logo.width * height as f32 / logo.height).round() as u32).max(1),
                    height,
                })
            }),
        };
        let bases: PerLang<Context> = config.locales.map(|li, lang| {
            let mut ctx = Context::new();
            let site_ctx = SiteCtx {
                home: site.href(site.out(site.indexes[li])),
                description: site_ctx.description.filter(|_| li.is_default()),
                ..site_ctx.clone()
            };
            ctx.insert("site", &site_ctx);
            ctx.insert_value("texts", theme.i18n.value(lang));
            ctx
        });
        let mut segments = Vec::new();
        let mut shown = Vec::new();
        let mut case_studies = Vec::new();
        let mut offers = Vec::new();
        let mut errors = Vec::new();
        for (li, base) in bases.with_langs() {
            segments.push(
                (0..site.content.segments.len())
                    .map(|i| {
                        let mut seg = SegmentCtx::new(site, SegmentId(i), li);
                        seg.body_html = swap(seg.body_html);
                        Value::from_serializable(&seg)
                    })
                    .collect(),
            );
            let cards = case_study_values(site, theme, base, li, &swap, marks.is_some())
                .unwrap_or_else(|e| {
                    errors.extend(e);
                    Vec::new()
                });
            if !errors.is_empty() {
                continue;
            }
            shown.push(
                site.segments
                    .iter()
                    .map(|plan| {
                        Value::from(
                            plan.shown
                                .iter()
                                .map(|&i| cards[i.0].clone())
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect(),
            );
            offers.push(
                site.segments
                    .iter()
                    .map(|plan| Value::from_serializable(&plan.offers[li]))
                    .collect(),
            );
            case_studies.push(cards);
        }
        if !errors.is_empty() {
            crate::diag::sort(&mut errors);
            return Err(errors);
        }
        let script = (config.tracking.persist != crate::config::Persist::Off).then(|| {
            track::PersistScript::new(
                &site.policy,
                config.tracking.persist,
                config.tracking.cookie_days,
                &site.base_path,
            )
        });
        let c = &site.content;
        let foreign = theme.foreign
            || c.segments.iter().any(|s| has_foreign(&s.body_html))
            || c.case_studies
                .iter()
                .any(|cs| has_foreign(&cs.body_html) || has_foreign(&cs.excerpt_html))
            || c.pages.iter().any(|p| has_foreign(&p.body_html))
            || c.translations
                .segments
                .values()
                .any(|t| t.body_html.as_deref().is_some_and(has_foreign))
            || c.translations.case_studies.values().any(|t| {
                t.body_html.as_deref().is_some_and(has_foreign)
                    || t.excerpt_html.as_deref().is_some_and(has_foreign)
            });
        Ok(Renderer {
            site,
            theme,
            bases,
            // One of each for every language: a language that failed
            // returned above.
            segments: segments.into_iter().collect(),
            shown: shown.into_iter().collect(),
            case_studies: case_studies.into_iter().collect(),
            offers: offers.into_iter().collect(),
            script,
            medium_script: track::medium::script(&site.policy, &config.tracking.qr_medium),
            foreign,
            marks,
        })
    }

    /// Produces `artifacts` (indices into the site's list) in parallel,
    /// handing each one's bytes to `sink`. Returns every failure, and every
    /// link that loses credit. The first page of each shape is read again
    /// by a standards HTML5 parser (`track::verify`).
    ///
    /// A card's (and a photo's) file name is the hash of what it shows, so
    /// `keep` is asked first whether the sink already has it (the previous
    /// output holds that name); a kept one is not drawn.
    ///
    /// A failure of the sink (a write that failed) stops the run: what is
    /// left is not drawn, and the report holds the failures alone. A page
    /// that fails to render does not: every such failure is reported in
    /// one run.
    pub fn produce_all<K, F>(&self, artifacts: &[ArtifactId], keep: K, sink: F) -> Report
    where
        K: Fn(&Artifact) -> bool + Sync,
        F: Fn(&Artifact, Vec<u8>) -> Result<(), Diagnostic> + Sync,
    {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let verify = self.verified(artifacts);
        let mut reach = reach::Reach::new(self.site, artifacts);
        let drawn = AtomicUsize::new(0);
        // A sink that fails (a full disk, a folder made read-only) fails
        // the build: nothing more is drawn or handed to it.
        let stopped = AtomicBool::new(false);
        let results: Vec<(ArtifactId, Option<Diagnostic>, Vec<track::Finding>)> = artifacts
            .par_iter()
            .map(|&n| {
                let artifact = &self.site.artifacts[n];
                if stopped.load(Ordering::Relaxed) {
                    return (n, None, Vec::new());
                }
                match artifact.kind {
                    Kind::Card(_) | Kind::Photo(_) if keep(artifact) => {
                        return (n, None, Vec::new());
                    }
                    Kind::Card(_) => {
                        drawn.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
                let produced = match self.produce(n) {
                    Ok(p) => p,
                    Err(e) => return (n, Some(e), Vec::new()),
                };
                if verify.contains(&n)
                    && let Err(e) = self.verify(artifact, &produced)
                {
                    return (n, Some(e), produced.findings);
                }
                reach.page(
                    n,
                    self.group(n),
                    &produced.internal,
                    &produced.ids,
                    produced.base.as_deref(),
                );
                let sunk = sink(artifact, produced.bytes).err();
                if sunk.is_some() {
                    stopped.store(true, Ordering::Relaxed);
                }
                (n, sunk, produced.findings)
            })
            .collect();
        let mut report = Report {
            cards_drawn: drawn.into_inner(),
            ..Report::default()
        };
        if stopped.into_inner() {
            // What was not produced cannot be counted or have its links
            // followed: the failures are the report.
            report.errors = results.into_iter().filter_map(|(_, e, _)| e).collect();
            crate::diag::sort(&mut report.errors);
            return report;
        }
        // Each finding once, with the first page of each group that has
        // it, for `locate` to render again.
        let mut found: locate::Found = std::collections::BTreeMap::new();
        for (n, error, findings) in results {
            match error {
                Some(e) => report.errors.push(e),
                None => report.produced += 1,
            }
            for f in findings {
                let first = found
                    .entry(f)
                    .or_default()
                    .entry(self.group(n))
                    .or_insert(n);
                *first = (*first).min(n);
            }
        }
        let problems = reach.problems(&|n| self.produce(n).map(|p| p.ids).unwrap_or_default());
        let (errors, warnings) = locate::diagnostics(self, &reach, found, problems);
        report.errors.extend(errors);
        report.warnings = warnings;
        crate::diag::sort(&mut report.errors);
        crate::diag::sort(&mut report.warnings);
        report
    }

    /// Which pages show the same content, as far as their links go: a
    /// problem is looked for again on the first page of each group that
    /// has it (see `locate`). Pages of one kind, of one segment, case
    /// study or content page, in one language, show the same documents;
    /// an affiliate's page, their note too, when it has an address.
    fn group(&self, n: ArtifactId) -> u64 {
        use std::hash::{Hash, Hasher};
        let site = self.site;
        let artifact = &site.artifacts[n];
        let key: (u8, usize, usize) = match &artifact.kind {
            Kind::Index => (0, 0, 0),
            Kind::NotFound => (1, 0, 0),
            Kind::Segment(i) => (2, i.0, 0),
            Kind::Affiliate(i) => {
                let plan = &site.affiliates[*i];
                let a = &site.content.affiliates[plan.affiliate];
                let note = a.message.as_deref().is_some_and(|m| m.contains("http"));
                (3, plan.segment.0, if note { i.0 + 1 } else { 0 })
            }
            Kind::CaseStudy(i) => (4, i.0, 0),
            Kind::Page(i) => (5, i.0, 0),
            _ => (6, n.0, 0),
        };
        let mut hasher = std::hash::DefaultHasher::new();
        (key, artifact.lang).hash(&mut hasher);
        hasher.finish()
    }

    /// One artifact's bytes.
    pub fn produce(&self, n: ArtifactId) -> Result<Produced, Diagnostic> {
        let site = self.site;
        let artifact = &site.artifacts[n];
        let text = |s: String| Ok(Produced::file(s.into_bytes()));
        match &artifact.kind {
            Kind::Sitemap => text(files::sitemap(site)),
            Kind::Robots => text(files::robots(site)),
            Kind::Redirects => text(files::redirects(site)),
            Kind::Headers => text(files::headers(site)),
            Kind::Card(c) => self.card(*c),
            Kind::Kit(i, file) => {
                let bytes = match file {
                    crate::plan::KitFile::Page => {
                        let files = kit::KitFiles {
                            // Root-relative: the published kit is on the site.
                            card: site.affiliates[*i]
                                .card
                                .map(|c| site.href(site.out(site.cards[c].artifact))),
                            qr_svg: "qr.svg".into(),
                            qr_png: "qr.png".into(),
                        };
                        self.kit_page(*i, &files, true)?.into_bytes()
                    }
                    crate::plan::KitFile::QrSvg | crate::plan::KitFile::QrPng => {
                        let url = kit::qr_url(site, *i);
                        let a = site.record(*i);
                        let made = if *file == crate::plan::KitFile::QrSvg {
                            qr::svg(&url, &a.name).map(String::into_bytes)
                        } else {
                            qr::png(&url)
                        };
                        made.map_err(|e| Diagnostic::error(&artifact.out.file, e))?
                    }
                };
                Ok(Produced::file(bytes))
            }
            Kind::Photo(i) => {
                let a = site.record(*i);
                let written = a.photo.as_deref().unwrap_or_default();
                let bytes = std::fs::read(site.config.root.join(written))
                    .map_err(|e| e.to_string())
                    .and_then(|b| photo::square(&b))
                    .map_err(|why| {
                        a.photo_at
                            .error(format!("photo {} {why}", crate::diag::quoted(written)))
                            .hint("save it again as a JPEG or PNG")
                    })?;
                Ok(Produced::file(bytes))
            }
            Kind::Static(rel) => {
                let file = std::path::Path::new(crate::inputs::STATIC).join(rel);
                let bytes =
                    crate::inputs::read_bytes(&site.config.root, &file, crate::inputs::MAX_LARGE)?;
                Ok(Produced::file(bytes))
            }
            Kind::Asset(key) => {
                let asset = self.theme.assets.get(key).ok_or_else(|| {
                    Diagnostic::error(&artifact.out.file, "the theme no longer has this file")
                })?;
                let bytes = std::fs::read(&asset.source)
                    .map_err(|e| Diagnostic::error(&asset.source, format!("cannot read: {e}")))?;
                Ok(Produced::file(bytes))
            }
            _ => self.render(n),
        }
    }

    /// Draws card `c`. Text the card's fonts cannot draw (a script they do
    /// not cover) is left off, never shown as empty boxes: a name the fonts
    /// lack makes the affiliate's card read like their segment's.
    fn card(&self, c: CardId) -> Result<Produced, Diagnostic> {
        let site = self.site;
        let design = self
            .theme
            .card
            .as_ref()
            .expect("cards are planned only when the theme draws them");
        let plan = &site.cards[c];
        let mut data = plan.data.clone();
        for field in [
            &mut data.name,
            &mut data.first_name,
            &mut data.company,
            &mut data.offer,
            &mut data.reward,
            &mut data.cap,
        ] {
            if field.as_deref().is_some_and(|t| !design.covers(t)) {
                *field = None;
            }
        }
        if data.name.is_none() {
            data.first_name = None;
            data.company = None;
        }
        if !design.covers(&data.headline) {
            data.headline = data.brand.clone();
        }
        if !design.covers(&data.segment) {
            data.segment = String::new();
        }
        let lang = &site.config.locales[site.artifacts[plan.artifact].lang];
        let mut ctx = Context::new();
        ctx.insert("card", &data);
        ctx.insert("logo", &design.logo);
        ctx.insert_value("texts", self.theme.i18n.value(lang));
        Ok(Produced::file(design.draw(&ctx)?))
    }

    /// The artifacts whose pages are read again by a standards parser: the
    /// first of each shape, since the theme's markup is the same on every
    /// page of one.
    fn verified(&self, artifacts: &[ArtifactId]) -> std::collections::HashSet<ArtifactId> {
        let mut seen = std::collections::HashSet::new();
        artifacts
            .iter()
            .copied()
            .filter(|&n| self.site.artifacts[n].kind.is_page())
            .filter(|&n| seen.insert(self.shape(&self.site.artifacts[n].kind)))
            .collect()
    }

    /// What decides which parts of its template a page shows.
    fn shape(&self, kind: &Kind) -> (u8, [bool; 6]) {
        let site = self.site;
        let segment = |i: SegmentId| {
            let seg = &site.content.segments[i];
            [
                !seg.body_html.is_empty(),
                seg.subheadline.is_some(),
                !site.segments[i].shown.is_empty(),
                site.segments[i].pages.iter().flatten().count() > 1,
            ]
        };
        match kind {
            Kind::Index => (0, [false; 6]),
            Kind::NotFound => (1, [false; 6]),
            Kind::Segment(i) => {
                let [a, b, c, d] = segment(*i);
                (2, [a, b, c, d, false, false])
            }
            Kind::Affiliate(i) => {
                let plan = &site.affiliates[*i];
                let a = &site.content.affiliates[plan.affiliate];
                let [b, s, c, _] = segment(plan.segment);
                (
                    3,
                    [
                        b,
                        s,
                        c,
                        a.message.is_some(),
                        a.company.is_some(),
                        plan.own_offer,
                    ],
                )
            }
            Kind::CaseStudy(i) => {
                let c = &site.content.case_studies[*i];
                (
                    4,
                    [
                        c.quote.is_some(),
                        !c.metrics.is_empty(),
                        site.case_studies[*i].pages.iter().flatten().count() > 1,
                        false,
                        false,
                        false,
                    ],
                )
            }
            _ => (5, [false; 6]),
        }
    }

    /// A page as a browser reads it carries the codes the pass gave it.
    fn verify(&self, artifact: &Artifact, page: &Produced) -> Result<(), Diagnostic> {
        let tracking = self.site.tracking(&artifact.kind);
        let html = String::from_utf8_lossy(&page.bytes);
        let misses = track::verify::misses(&html, &self.site.policy, &tracking);
        let Some(miss) = misses.first() else {
            return Ok(());
        };
        Err(Diagnostic::error(
            self.theme.templates_dir.join(template_of(&artifact.kind)),
            format!(
                "on {}, a browser follows {} and {}, although tailor's link pass read the page otherwise",
                artifact.out.file,
                crate::diag::quoted(&miss.href),
                miss.why
            ),
        )
        .hint("look in this template, and the ones it extends and includes, for markup a browser reads differently around that link: an unclosed comment, a <script>, <style> or <svg> that does not end where it seems, misnested tags"))
    }

    /// Renders the page of artifact `n`.
    fn render(&self, n: ArtifactId) -> Result<Produced, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let artifact = &site.artifacts[n];
        let li = artifact.lang;
        let lang = config.locales[li].as_str();
        let out = &artifact.out;
        let mut ctx = self.bases[li].clone();
        let text = |key: &str, args: &[(&str, &str)]| self.theme.i18n.format(lang, key, args);
        let mut page = match &artifact.kind {
            Kind::Index => {
                ctx.insert_value("segments", Value::from(self.segments[li].clone()));
                let mut newest: Vec<usize> = (0..site.content.case_studies.len()).collect();
                newest.sort_by(|&a, &b| {
                    let (a, b) = (&site.content.case_studies[a], &site.content.case_studies[b]);
                    b.date.cmp(&a.date).then(a.slug.cmp(&b.slug))
                });
                ctx.insert_value(
                    "case_studies",
                    Value::from(
                        newest
                            .iter()
                            .map(|&i| self.case_studies[li][i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                let offer = &site.offers[li];
                ctx.insert("offer", offer);
                // The site's description is written in its default
                // language; another language's index has the theme's
                // lead and description in that language.
                let own = config.description.as_ref().filter(|_| li.is_default());
                let description = match (own, &offer.referrer) {
                    (Some(d), _) => d.clone(),
                    (None, Some(reward)) => {
                        let (key, reward) = reward.sentence("index_description");
                        text(&key, &[("site", &config.name), ("reward", reward)])?
                    }
                    (None, None) => text("index_description_plain", &[("site", &config.name)])?,
                };
                let title = text("index_title", &[("site", &config.name)])?;
                let versions = site.language_versions(&artifact.kind);
                let alternates = self.alternates(&versions.unwrap_or_default(), li);
                self.page_ctx("index", title, description, out, None, lang, alternates)
            }
            Kind::NotFound => self.page_ctx(
                "404",
                text("not_found_title", &[])?,
                text("not_found_description", &[])?,
                out,
                None,
                lang,
                Vec::new(),
            ),
            Kind::Segment(i) => {
                let plan = &site.segments[*i];
                ctx.insert_value("segment", self.segments[li][i.0].clone());
                ctx.insert_value("case_studies", self.shown[li][i.0].clone());
                ctx.insert_value("offer", self.offers[li][i.0].clone());
                let seg = SegmentCtx::new(site, *i, li);
                let alternates = self.alternates(&plan.pages, li);
                self.page_ctx(
                    "segment",
                    seg.headline.to_string(),
                    segment_description(&seg),
                    out,
                    None,
                    lang,
                    alternates,
                )
            }
            Kind::Affiliate(i) => {
                let plan = &site.affiliates[*i];
                let a = &site.content.affiliates[plan.affiliate];
                ctx.insert_value("segment", self.segments[li][plan.segment.0].clone());
                ctx.insert_value("case_studies", self.shown[li][plan.segment.0].clone());
                if plan.own_offer {
                    ctx.insert("offer", &plan.offer);
                } else {
                    ctx.insert_value("offer", self.offers[li][plan.segment.0].clone());
                }
                ctx.insert(
                    "affiliate",
                    &AffiliateCtx {
                        slug: &a.slug,
                        name: &a.name,
                        first_name: a.first_name(),
                        company: a.company.as_deref(),
                        message: a.message.as_deref(),
                        message_html: a.message.as_deref().map(|m| match self.marks {
                            // Each link of the note is marked with where
                            // the note is written: the affiliate's record.
                            Some(_) => note::html_marked(
                                m,
                                &site.policy,
                                &crate::mark::place(
                                    &a.message_at.file,
                                    a.message_at.line,
                                    a.message_at.col.unwrap_or(1),
                                ),
                            ),
                            None => note::html(m, &site.policy),
                        }),
                        code: &plan.code,
                        locale: &a.locale,
                        photo: plan.photo.map(|p| site.href(site.out(p))),
                    },
                );
                // Its segment's page in its language, where there is one.
                let canonical =
                    site.absolute(site.in_language(&site.segments[plan.segment].pages, li));
                let seg = SegmentCtx::new(site, plan.segment, li);
                let title = text(
                    "affiliate_title",
                    &[("headline", seg.headline), ("name", &a.name)],
                )?;
                self.page_ctx(
                    "affiliate",
                    title,
                    segment_description(&seg),
                    out,
                    Some(canonical),
                    lang,
                    Vec::new(),
                )
            }
            Kind::CaseStudy(i) => {
                let view = CaseStudyCtx::new(site, *i, li);
                ctx.insert_value("case_study", self.case_studies[li][i.0].clone());
                ctx.insert_value("body_html", Value::from(self.html(view.body_html)));
                let description = site
                    .content
                    .case_study_in(*i, lang, &site.config.locale)
                    .description()
                    .map_or_else(|| plain_text(view.excerpt_html), str::to_string);
                let alternates = self.alternates(&site.case_studies[*i].pages, li);
                self.page_ctx(
                    "case_study",
                    view.title.to_string(),
                    description,
                    out,
                    None,
                    lang,
                    alternates,
                )
            }
            Kind::Page(i) => {
                let p = &site.content.pages[*i];
                let mut content = ContentPageCtx::new(p);
                content.body_html = self.html(content.body_html);
                ctx.insert("content", &content);
                let description = p
                    .description
                    .clone()
                    .unwrap_or_else(|| plain_text(&p.body_html));
                self.page_ctx(
                    "page",
                    p.title.clone(),
                    description,
                    out,
                    None,
                    lang,
                    Vec::new(),
                )
            }
            other => unreachable!("{other:?} is not a page"),
        };
        let card = match &artifact.kind {
            Kind::Segment(i) => site.segments[*i].cards.get(li).copied().flatten(),
            Kind::Affiliate(i) => site.affiliates[*i].card,
            _ => None,
        };
        page.image = card.map(|c| site.card_url(c));
        let template = template_of(&artifact.kind);
        let tracking = site.tracking(&artifact.kind);
        ctx.insert("page", &page);
        ctx.insert(
            "tracking",
            &TrackingCtx {
                page: &tracking,
                cookie_days: config.tracking.cookie_days,
                persist: config.tracking.persist.name(),
            },
        );
        let mut script = self
            .script
            .as_ref()
            .map(|s| s.for_code(tracking.code.as_deref()))
            .unwrap_or_default();
        if matches!(artifact.kind, Kind::Affiliate(_)) {
            script.push_str(&self.medium_script);
        }
        ctx.insert_value("persist_script", Value::safe_string(&script));

        let html = match &self.marks {
            Some(_) => self.theme.render_marked(template, &ctx).ok_or_else(|| {
                Diagnostic::error(
                    self.theme.templates_dir.join(template),
                    "the marked templates do not render",
                )
            })?,
            None => self.theme.render(template, &ctx)?,
        };
        let reading = track::Reading {
            foreign: self.foreign,
            own_script: &script,
            marked: self.marks.is_some(),
        };
        let rewritten = track::rewrite_links_with(&html, &site.policy, &tracking, &reading)
            .map_err(|e| {
                Diagnostic::error(
                    self.theme.templates_dir.join(template),
                    format!("the rendered page cannot be processed: {e}"),
                )
            })?;
        if matches!(artifact.kind, Kind::Affiliate(_)) && rewritten.product_links == 0 {
            return Err(Diagnostic::error(
                self.theme.templates_dir.join(template),
                "an affiliate page has no link to the product: its visitors cannot sign up through it, and no signup is credited",
            )
            .hint(format!(
                "link to {} (the signup URL in tailor.yaml) from the template",
                site.config.signup_url
            )));
        }
        if matches!(artifact.kind, Kind::Affiliate(_)) && !rewritten.disclosed_first {
            return Err(Diagnostic::error(
                self.theme.templates_dir.join(template),
                "an affiliate page shows a product link before the affiliate disclosure",
            )
            .hint("put an element with a data-disclosure attribute before the first link to the product"));
        }
        let findings = rewritten.findings;
        // A <base> elsewhere sends every relative link of the page there:
        // that is its one error, not one for each link.
        let (internal, internal_at, base) = match rewritten.base {
            Some(b) if site.policy.classify(&b) != track::LinkKind::Internal => {
                (Vec::new(), Vec::new(), None)
            }
            base => (rewritten.internal, rewritten.internal_at, base),
        };
        Ok(Produced {
            bytes: rewritten.html.into_bytes(),
            findings,
            internal,
            ids: rewritten.ids,
            base,
            internal_at,
        })
    }

    /// A page in every language it exists in: the default first.
    fn alternates(&self, pages: &PerLang<Option<ArtifactId>>, current: Lang) -> Vec<Alternate> {
        let site = self.site;
        if pages.iter().flatten().count() < 2 {
            return Vec::new();
        }
        Site::versions(pages)
            .map(|(li, a)| {
                let lang = &site.config.locales[li];
                Alternate {
                    lang: lang.clone(),
                    name: crate::lang::native_name(lang).to_string(),
                    url: site.absolute(site.out(a)),
                    current: li == current,
                }
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn page_ctx(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        out: &Output,
        canonical: Option<String>,
        lang: &'a str,
        alternates: Vec<Alternate>,
    ) -> PageCtx<'a> {
        let url = self.site.absolute(out);
        let x_default = alternates.first().map(|a| a.url.clone());
        let mut page = PageCtx {
            kind,
            title,
            description: truncate(&description, 160),
            canonical: canonical.unwrap_or_else(|| url.clone()),
            url,
            lang,
            dir: crate::lang::direction(lang),
            alternates,
            x_default,
            og_locale: crate::lang::og_locale(lang),
            json_ld: String::new(),
            image: None,
        };
        let config = &self.site.config;
        page.json_ld = structured_data(&config.name, config.base_url.as_str(), &page);
        page
    }
}

/// The template a page is rendered with.
pub(super) fn template_of(kind: &Kind) -> &'static str {
    match kind {
        Kind::Index => "index.html",
        Kind::NotFound => "404.html",
        Kind::Segment(_) => "segment.html",
        Kind::Affiliate(_) => "affiliate.html",
        Kind::CaseStudy(_) => "case_study.html",
        _ => "page.html",
    }
}

/// Content HTML is canonical (lowercase names) by now.
fn has_foreign(html: &str) -> bool {
    track::has_foreign_content(html.as_bytes())
}

fn segment_description(seg: &SegmentCtx) -> String {
    seg.description
        .or(seg.subheadline)
        .unwrap_or(seg.headline)
        .to_string()
}

/// The case studies as templates see them, in `lang`. With a
/// `partials/case_card.html` in the theme, each card is rendered here,
/// once per language, with `site`, `cs` and `page.lang`.
fn case_study_values<'a>(
    site: &'a Site,
    theme: &Theme,
    base: &Context,
    li: Lang,
    swap: &dyn Fn(&'a str) -> &'a str,
    marked: bool,
) -> Result<Vec<Value>, Vec<Diagnostic>> {
    let lang = site.config.locales[li].as_str();
    let card = "partials/case_card.html";
    let has_card = theme.tera.get_template_names().any(|n| n == card);
    let mut errors = Vec::new();
    let values = site
        .content
        .case_study_ids()
        .map(|i| {
            let mut cs = CaseStudyCtx::new(site, i, li);
            cs.body_html = swap(cs.body_html);
            cs.excerpt_html = swap(cs.excerpt_html);
            if has_card {
                let mut ctx = base.clone();
                ctx.insert("cs", &cs);
                ctx.insert("page", &serde_json::json!({ "lang": lang }));
                let rendered = match marked.then(|| theme.render_marked(card, &ctx)).flatten() {
                    Some(html) => Ok(html),
                    None => theme.render(card, &ctx),
                };
                match rendered {
                    Ok(html) => cs.card_html = Some(html),
                    Err(d) => errors.push(d),
                }
            }
            Value::from_serializable(&cs)
        })
        .collect();
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}

/// Text of a small HTML fragment, for meta descriptions.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = html_escape::decode_html_entities(&out);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max - 1).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(head, _)| head)
        .trim_end_matches([',', '.', ';', ':']);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_of_html() {
        assert_eq!(
            plain_text("<p>Hello <em>big</em>\n world &amp; co</p>"),
            "Hello big world & co"
        );
    }

    #[test]
    fn truncates_at_words() {
        assert_eq!(truncate("short", 160), "short");
        assert_eq!(truncate("one two three four", 10), "one two…");
    }
}
