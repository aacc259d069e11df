//! Rendering every page of a planned site.
//!
//! Shared data (the site, each segment and case study, in each language) is
//! turned into template values once; each page then only adds what is its
//! own. Pages are rendered in parallel, and every finished page goes through
//! the tracking pass before it is handed to the caller.

mod context;
pub mod findings;
mod theme;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::Diagnostic;
use crate::plan::{Output, Shard, Site};
use crate::track;
use context::*;
pub use theme::{Asset, I18n, Theme, script_safe};

/// A page rendered and tracked: where it goes, its HTML, and the links in
/// it that lose credit.
pub struct Rendered {
    pub out: Output,
    pub html: String,
    pub findings: Vec<track::Finding>,
}

/// What rendering a set of pages found.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    /// Each link that loses credit, once, however many pages show it.
    pub findings: std::collections::BTreeSet<track::Finding>,
}

/// One page to render. Languages are indices into `site.locales`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Index,
    NotFound,
    Segment(usize, usize),
    Affiliate(usize),
    CaseStudy(usize, usize),
    Page(usize),
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: Context,
    /// By language, then segment.
    segments: Vec<Vec<Value>>,
    /// By language, then segment: the cards of the case studies it shows.
    shown: Vec<Vec<Value>>,
    /// By language, then case study.
    case_studies: Vec<Vec<Value>>,
    /// By language, then segment: its offer.
    offers: Vec<Vec<Value>>,
    /// `None` with `persist: false`.
    script: Option<track::PersistScript>,
    /// The theme or the content has SVG or MathML somewhere, so the link
    /// pass tracks where foreign content ends on every page.
    foreign: bool,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme) -> Result<Self, Vec<Diagnostic>> {
        let config = &site.config;
        let mut nav: Vec<(i32, &str, String)> = site
            .content
            .pages
            .iter()
            .zip(&site.pages)
            .map(|(p, out)| (p.order, p.title.as_str(), site.href(out)))
            .collect();
        nav.sort();
        let site_ctx = SiteCtx {
            name: &config.name,
            base_url: config.base_url.as_str(),
            signup_url: config.signup_url.as_str(),
            locale: &config.locale,
            locales: &config.locales,
            description: config.description.as_deref(),
            home: &site.base_path,
            nav: nav
                .into_iter()
                .map(|(_, title, url)| NavLink { title, url })
                .collect(),
            incentive: &config.incentive,
        };
        let mut base = Context::new();
        base.insert("site", &site_ctx);
        let mut segments = Vec::new();
        let mut shown = Vec::new();
        let mut case_studies = Vec::new();
        let mut offers = Vec::new();
        let mut errors = Vec::new();
        for lang in &config.locales {
            segments.push(
                (0..site.content.segments.len())
                    .map(|i| Value::from_serializable(&SegmentCtx::new(site, i, lang)))
                    .collect(),
            );
            let cards = case_study_values(site, theme, &base, lang).unwrap_or_else(|e| {
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
                                .map(|&i| cards[i].clone())
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect(),
            );
            offers.push(
                site.content
                    .segments
                    .iter()
                    .map(|seg| {
                        // The site's offer in this language, then the
                        // segment's own parts, then the segment's labels.
                        let site_offer = config.incentive.localized(config.incentive_labels.get(lang));
                        let offer = site_offer.overridden_by(seg.incentive.as_ref());
                        let labels = site
                            .content
                            .translations
                            .segments
                            .get(&(seg.id.clone(), lang.clone()))
                            .map(|t| &t.offer);
                        Value::from_serializable(&offer.localized(labels))
                    })
                    .collect(),
            );
            case_studies.push(cards);
        }
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            errors.dedup();
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
            || c.translations.segments.values().any(|t| {
                t.body_html.as_deref().is_some_and(has_foreign)
            })
            || c.translations.case_studies.values().any(|t| {
                t.body_html.as_deref().is_some_and(has_foreign)
                    || t.excerpt_html.as_deref().is_some_and(has_foreign)
            });
        Ok(Renderer {
            site,
            theme,
            base,
            segments,
            shown,
            case_studies,
            offers,
            script,
            foreign,
        })
    }

    /// Every page of the site, or of a shard of it, in a stable order.
    pub fn jobs(&self, shard: Option<Shard>) -> Vec<Job> {
        let s = self.site;
        let lang = |l: &String| s.config.locales.iter().position(|x| x == l).unwrap_or(0);
        let mut jobs = Vec::new();
        if shard.is_none_or(|sh| sh.has_the_rest()) {
            jobs.extend([Job::Index, Job::NotFound]);
            for (i, plan) in s.segments.iter().enumerate() {
                jobs.push(Job::Segment(i, 0));
                jobs.extend(
                    plan.translations
                        .iter()
                        .map(|(l, _)| Job::Segment(i, lang(l))),
                );
            }
            for (i, translations) in s.case_study_translations.iter().enumerate() {
                jobs.push(Job::CaseStudy(i, 0));
                jobs.extend(translations.iter().map(|(l, _)| Job::CaseStudy(i, lang(l))));
            }
            jobs.extend((0..s.pages.len()).map(Job::Page));
        }
        jobs.extend(
            (0..s.affiliates.len())
                .filter(|&i| {
                    shard.is_none_or(|sh| {
                        sh.has_affiliate(&s.content.affiliates[s.affiliates[i].affiliate].slug)
                    })
                })
                .map(Job::Affiliate),
        );
        jobs
    }

    /// Renders every job in parallel, handing each page to `sink`. Returns
    /// every failure, and every link that loses credit. One page of each
    /// shape is read again by a standards HTML5 parser (`track::verify`).
    pub fn render_all<F>(&self, jobs: &[Job], sink: F) -> Report
    where
        F: Fn(&Output, String) -> Result<(), Diagnostic> + Sync,
    {
        let verify = self.verified(jobs);
        let results: Vec<(Option<Diagnostic>, Vec<track::Finding>)> = jobs
            .par_iter()
            .enumerate()
            .map(|(n, &job)| {
                let page = match self.render(job) {
                    Ok(page) => page,
                    Err(e) => return (Some(e), Vec::new()),
                };
                if verify.contains(&n)
                    && let Err(e) = self.verify(job, &page)
                {
                    return (Some(e), page.findings);
                }
                (sink(&page.out, page.html).err(), page.findings)
            })
            .collect();
        let mut report = Report::default();
        for (error, findings) in results {
            report.errors.extend(error);
            report.findings.extend(findings);
        }
        report
            .errors
            .sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        report.errors.dedup();
        report
    }

    /// The jobs whose pages are read again by a standards parser: the first
    /// of each shape, since the theme's markup is the same on every page
    /// of one.
    fn verified(&self, jobs: &[Job]) -> std::collections::HashSet<usize> {
        let mut seen = std::collections::HashSet::new();
        jobs.iter()
            .enumerate()
            .filter(|(_, job)| seen.insert(self.shape(**job)))
            .map(|(n, _)| n)
            .collect()
    }

    /// What decides which parts of its template a page shows.
    fn shape(&self, job: Job) -> (u8, [bool; 6]) {
        let site = self.site;
        let segment = |i: usize| {
            let seg = &site.content.segments[i];
            [
                !seg.body_html.is_empty(),
                seg.subheadline.is_some(),
                !site.segments[i].shown.is_empty(),
                !site.segments[i].translations.is_empty(),
            ]
        };
        match job {
            Job::Index => (0, [false; 6]),
            Job::NotFound => (1, [false; 6]),
            Job::Segment(i, _) => {
                let [a, b, c, d] = segment(i);
                (2, [a, b, c, d, false, false])
            }
            Job::Affiliate(i) => {
                let plan = &site.affiliates[i];
                let a = &site.content.affiliates[plan.affiliate];
                let [b, s, c, _] = segment(plan.segment);
                (
                    3,
                    [b, s, c, a.message.is_some(), a.company.is_some(), plan.incentive.is_some()],
                )
            }
            Job::CaseStudy(i, _) => {
                let c = &site.content.case_studies[i];
                (
                    4,
                    [
                        c.quote.is_some(),
                        !c.metrics.is_empty(),
                        !site.case_study_translations[i].is_empty(),
                        false,
                        false,
                        false,
                    ],
                )
            }
            Job::Page(_) => (5, [false; 6]),
        }
    }

    /// A page as a browser reads it carries the codes the pass gave it.
    fn verify(&self, job: Job, page: &Rendered) -> Result<(), Diagnostic> {
        let tracking = self.tracking(job);
        let misses = track::verify::misses(&page.html, &self.site.policy, &tracking);
        let Some(miss) = misses.first() else {
            return Ok(());
        };
        Err(Diagnostic::error(
            self.theme.templates_dir.join(template_of(job)),
            format!(
                "on {}, a browser follows {} and {}, although tailor's link pass read the page otherwise",
                page.out.file,
                crate::diag::quoted(&miss.href),
                miss.why
            ),
        )
        .hint("look in this template, and the ones it extends and includes, for markup a browser reads differently around that link: an unclosed comment, a <script>, <style> or <svg> that does not end where it seems, misnested tags"))
    }

    /// What the links of a job's page carry.
    fn tracking(&self, job: Job) -> crate::track::PageTracking {
        let site = self.site;
        match job {
            Job::Index => site.generic_tracking("index"),
            Job::NotFound => site.generic_tracking("404"),
            Job::Segment(i, _) => site.segment_tracking(i),
            Job::Affiliate(i) => site.affiliate_tracking(&site.affiliates[i]),
            Job::CaseStudy(..) => site.generic_tracking("case-study"),
            Job::Page(_) => site.generic_tracking("page"),
        }
    }

    pub fn render(&self, job: Job) -> Result<Rendered, Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let default = 0;
        let mut ctx = self.base.clone();
        let text =
            |lang: &str, key: &str, args: &[(&str, &str)]| self.theme.i18n.format(lang, key, args);
        let (template, out, tracking, page) = match job {
            Job::Index => {
                let out = site.index();
                ctx.insert_value("segments", Value::from(self.segments[default].clone()));
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
                            .map(|&i| self.case_studies[default][i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                ctx.insert("offer", &config.incentive);
                let lang = &config.locale;
                let reward = config
                    .incentive
                    .referrer
                    .as_ref()
                    .map_or("", |o| o.label.as_str());
                let description = match &config.description {
                    Some(d) => d.clone(),
                    None => text(
                        lang,
                        "index_description",
                        &[("site", &config.name), ("reward", reward)],
                    )?,
                };
                let title = text(lang, "index_title", &[("site", &config.name)])?;
                let page = self.page_ctx("index", title, description, &out, None, lang, Vec::new());
                ("index.html", out, site.generic_tracking("index"), page)
            }
            Job::NotFound => {
                let out = site.not_found();
                let lang = &config.locale;
                let page = self.page_ctx(
                    "404",
                    text(lang, "not_found_title", &[])?,
                    text(lang, "not_found_description", &[])?,
                    &out,
                    None,
                    lang,
                    Vec::new(),
                );
                ("404.html", out, site.generic_tracking("404"), page)
            }
            Job::Segment(i, li) => {
                let lang = &config.locales[li];
                let plan = &site.segments[i];
                let out = if li == default {
                    plan.out.clone()
                } else {
                    translated_out(&plan.translations, lang)
                };
                ctx.insert_value("segment", self.segments[li][i].clone());
                ctx.insert_value("case_studies", self.shown[li][i].clone());
                ctx.insert_value("offer", self.offers[li][i].clone());
                let seg = SegmentCtx::new(site, i, lang);
                let alternates = self.alternates(&plan.out, &plan.translations, lang);
                let page = self.page_ctx(
                    "segment",
                    seg.headline.to_string(),
                    segment_description(&seg),
                    &out,
                    None,
                    lang,
                    alternates,
                );
                ("segment.html", out, site.segment_tracking(i), page)
            }
            Job::Affiliate(i) => {
                let plan = &site.affiliates[i];
                let a = &site.content.affiliates[plan.affiliate];
                let lang = &plan.lang;
                let li = config
                    .locales
                    .iter()
                    .position(|l| l == lang)
                    .unwrap_or(default);
                ctx.insert_value("segment", self.segments[li][plan.segment].clone());
                ctx.insert_value("case_studies", self.shown[li][plan.segment].clone());
                match &plan.incentive {
                    Some(own) => ctx.insert("offer", own),
                    None => ctx.insert_value("offer", self.offers[li][plan.segment].clone()),
                }
                ctx.insert(
                    "affiliate",
                    &AffiliateCtx {
                        slug: &a.slug,
                        name: &a.name,
                        first_name: a.name.split_whitespace().next().unwrap_or(&a.name),
                        company: a.company.as_deref(),
                        message: a.message.as_deref(),
                        code: &plan.code,
                        locale: &a.locale,
                    },
                );
                // Its segment's page in its language, where there is one.
                let seg_plan = &site.segments[plan.segment];
                let segment_page = seg_plan
                    .translations
                    .iter()
                    .find(|(l, _)| l == lang)
                    .map_or(&seg_plan.out, |(_, o)| o);
                let canonical = site.absolute(segment_page);
                let seg = SegmentCtx::new(site, plan.segment, lang);
                let title = text(
                    lang,
                    "affiliate_title",
                    &[("headline", seg.headline), ("name", &a.name)],
                )?;
                let page = self.page_ctx(
                    "affiliate",
                    title,
                    segment_description(&seg),
                    &plan.out,
                    Some(canonical),
                    lang,
                    Vec::new(),
                );
                (
                    "affiliate.html",
                    plan.out.clone(),
                    site.affiliate_tracking(plan),
                    page,
                )
            }
            Job::CaseStudy(i, li) => {
                let lang = &config.locales[li];
                let c = &site.content.case_studies[i];
                let translations = &site.case_study_translations[i];
                let out = if li == default {
                    site.case_studies[i].clone()
                } else {
                    translated_out(translations, lang)
                };
                let view = CaseStudyCtx::new(site, i, lang);
                ctx.insert_value("case_study", self.case_studies[li][i].clone());
                ctx.insert_value("body_html", Value::from(view.body_html));
                let t = site
                    .content
                    .translations
                    .case_studies
                    .get(&(c.slug.clone(), lang.clone()));
                let description = t
                    .and_then(|t| t.description.clone().or_else(|| t.summary.clone()))
                    .or_else(|| c.description.clone())
                    .or_else(|| c.summary.clone())
                    .unwrap_or_else(|| plain_text(view.excerpt_html));
                let alternates = self.alternates(&site.case_studies[i], translations, lang);
                let page = self.page_ctx(
                    "case_study",
                    view.title.to_string(),
                    description,
                    &out,
                    None,
                    lang,
                    alternates,
                );
                (
                    "case_study.html",
                    out,
                    site.generic_tracking("case-study"),
                    page,
                )
            }
            Job::Page(i) => {
                let p = &site.content.pages[i];
                let out = site.pages[i].clone();
                ctx.insert("content", &ContentPageCtx::new(p));
                let description = p
                    .description
                    .clone()
                    .unwrap_or_else(|| plain_text(&p.body_html));
                let page = self.page_ctx(
                    "page",
                    p.title.clone(),
                    description,
                    &out,
                    None,
                    &config.locale,
                    Vec::new(),
                );
                ("page.html", out, site.generic_tracking("page"), page)
            }
        };
        ctx.insert("page", &page);
        ctx.insert(
            "tracking",
            &TrackingCtx {
                page: &tracking,
                cookie_days: config.tracking.cookie_days,
                persist: config.tracking.persist.name(),
            },
        );
        let script = self
            .script
            .as_ref()
            .map(|s| s.for_code(tracking.code.as_deref()))
            .unwrap_or_default();
        ctx.insert_value("persist_script", Value::safe_string(&script));

        let html = self.theme.render(template, &ctx, page.lang)?;
        let rewritten = track::rewrite_links_with(&html, &site.policy, &tracking, self.foreign)
            .map_err(|e| {
            Diagnostic::error(
                self.theme.templates_dir.join(template),
                format!("the rendered page cannot be processed: {e}"),
            )
        })?;
        if matches!(job, Job::Affiliate(_)) && !rewritten.disclosed_first {
            return Err(Diagnostic::error(
                self.theme.templates_dir.join(template),
                "an affiliate page shows a product link before the affiliate disclosure",
            )
            .hint("put an element with a data-disclosure attribute before the first link to the product"));
        }
        if let Some(url) = rewritten.script_links.first() {
            return Err(self.script_link_error(job, template, &out, url));
        }
        Ok(Rendered {
            out,
            html: rewritten.html,
            findings: rewritten.findings,
        })
    }

    /// A page in every language it exists in: the default first.
    fn alternates(
        &self,
        default_out: &Output,
        translations: &[(String, Output)],
        current: &str,
    ) -> Vec<Alternate> {
        if translations.is_empty() {
            return Vec::new();
        }
        let site = self.site;
        std::iter::once((&site.config.locale, default_out))
            .chain(translations.iter().map(|(l, o)| (l, o)))
            .map(|(lang, out)| Alternate {
                lang: lang.clone(),
                name: crate::lang::native_name(lang).to_string(),
                url: site.absolute(out),
                current: lang == current,
            })
            .collect()
    }

    /// A page links to a script or data URL: the error points at the
    /// content file that writes it, or else at the page's template.
    fn script_link_error(&self, job: Job, template: &str, out: &Output, url: &str) -> Diagnostic {
        let site = self.site;
        let c = &site.content;
        let shown = |seg: usize| {
            site.segments[seg]
                .shown
                .iter()
                .map(|&i| c.case_studies[i].file.clone())
        };
        let sources: Vec<std::path::PathBuf> = match job {
            Job::CaseStudy(i, _) => vec![c.case_studies[i].file.clone()],
            Job::Page(i) => vec![c.pages[i].file.clone()],
            Job::Segment(i, _) => std::iter::once(c.segments[i].file.clone())
                .chain(shown(i))
                .collect(),
            Job::Affiliate(i) => {
                let seg = site.affiliates[i].segment;
                std::iter::once(c.segments[seg].file.clone())
                    .chain(shown(seg))
                    .collect()
            }
            Job::Index => c.case_studies.iter().map(|cs| cs.file.clone()).collect(),
            Job::NotFound => Vec::new(),
        };
        let message = format!(
            "the page {} links to {}",
            out.file,
            crate::diag::quoted(url)
        );
        let hint = "tailor publishes no javascript:, vbscript: or data: links; remove this one";
        for file in sources {
            let Ok(text) = std::fs::read_to_string(site.config.root.join(&file)) else {
                continue;
            };
            if let Some(at) = text.find(url) {
                let line = text[..at].matches('\n').count() + 1;
                let col = text[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count())
                    + 1;
                return Diagnostic::error(file, message).at(line, col).hint(hint);
            }
        }
        Diagnostic::error(self.theme.templates_dir.join(template), message).hint(hint)
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
            alternates,
            x_default,
            og_locale: crate::lang::og_locale(lang),
            json_ld: String::new(),
        };
        let config = &self.site.config;
        page.json_ld = structured_data(&config.name, config.base_url.as_str(), &page);
        page
    }
}

/// Content HTML is canonical (lowercase names) by now.
fn has_foreign(html: &str) -> bool {
    html.contains("<svg") || html.contains("<math")
}

/// The template a job's page is rendered with.
fn template_of(job: Job) -> &'static str {
    match job {
        Job::Index => "index.html",
        Job::NotFound => "404.html",
        Job::Segment(..) => "segment.html",
        Job::Affiliate(_) => "affiliate.html",
        Job::CaseStudy(..) => "case_study.html",
        Job::Page(_) => "page.html",
    }
}

fn translated_out(translations: &[(String, Output)], lang: &str) -> Output {
    translations
        .iter()
        .find(|(l, _)| l == lang)
        .map(|(_, o)| o.clone())
        .expect("a job for a translated page has its output")
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
fn case_study_values(
    site: &Site,
    theme: &Theme,
    base: &Context,
    lang: &str,
) -> Result<Vec<Value>, Vec<Diagnostic>> {
    let card = "partials/case_card.html";
    let has_card = theme.tera.get_template_names().any(|n| n == card);
    let mut errors = Vec::new();
    let values = (0..site.content.case_studies.len())
        .map(|i| {
            let mut cs = CaseStudyCtx::new(site, i, lang);
            if has_card {
                let mut ctx = base.clone();
                ctx.insert("cs", &cs);
                ctx.insert("page", &serde_json::json!({ "lang": lang }));
                match theme.render(card, &ctx, lang) {
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
