//! Rendering every page of a planned site.
//!
//! Shared data (the site, each segment and case study) is turned into
//! template values once; each page then only adds what is its own. Pages are
//! rendered in parallel, and every finished page goes through the tracking
//! pass before it is handed to the caller.

mod context;
mod theme;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::Diagnostic;
use crate::plan::{Output, Shard, Site};
use crate::track;
use context::*;
pub use theme::{Asset, Theme};

/// One page to render.
#[derive(Debug, Clone, Copy)]
pub enum Job {
    Index,
    NotFound,
    Segment(usize),
    Affiliate(usize),
    CaseStudy(usize),
    Page(usize),
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    base: Context,
    segments: Vec<Value>,
    /// Per segment: the cards of the case studies it shows.
    shown: Vec<Value>,
    case_studies: Vec<Value>,
    /// Per segment: its offer.
    offers: Vec<Value>,
    /// `None` with `persist: false`.
    script: Option<track::PersistScript>,
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
            description: config.description.as_deref(),
            home: &site.base_path,
            nav: nav
                .into_iter()
                .map(|(_, title, url)| NavLink { title, url })
                .collect(),
            incentive: &config.incentive,
        };
        let segments: Vec<Value> = (0..site.content.segments.len())
            .map(|i| Value::from_serializable(&SegmentCtx::new(site, i)))
            .collect();
        let mut base = Context::new();
        base.insert("site", &site_ctx);
        let case_studies = case_study_values(site, theme, &base)?;
        let shown = site
            .segments
            .iter()
            .map(|plan| {
                Value::from(
                    plan.shown
                        .iter()
                        .map(|&i| case_studies[i].clone())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let offers = site
            .segments
            .iter()
            .map(|plan| Value::from_serializable(&plan.incentive))
            .collect();
        let script = config.tracking.persist.then(|| {
            track::PersistScript::new(&site.policy, config.tracking.cookie_days, &site.base_path)
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
        })
    }

    /// Every page of the site, or of a shard of it, in a stable order.
    pub fn jobs(&self, shard: Option<Shard>) -> Vec<Job> {
        let s = self.site;
        let mut jobs = Vec::new();
        if shard.is_none_or(|sh| sh.has_the_rest()) {
            jobs.extend([Job::Index, Job::NotFound]);
            jobs.extend((0..s.segments.len()).map(Job::Segment));
            jobs.extend((0..s.case_studies.len()).map(Job::CaseStudy));
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
    /// every failure.
    pub fn render_all<F>(&self, jobs: &[Job], sink: F) -> Vec<Diagnostic>
    where
        F: Fn(&Output, String) -> Result<(), Diagnostic> + Sync,
    {
        let mut errors: Vec<Diagnostic> = jobs
            .par_iter()
            .filter_map(|&job| {
                let (out, html) = match self.render(job) {
                    Ok(x) => x,
                    Err(e) => return Some(e),
                };
                sink(&out, html).err()
            })
            .collect();
        errors.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
        errors.dedup();
        errors
    }

    pub fn render(&self, job: Job) -> Result<(Output, String), Diagnostic> {
        let site = self.site;
        let config = &site.config;
        let mut ctx = self.base.clone();
        let (template, out, tracking, page) = match job {
            Job::Index => {
                let out = site.index();
                ctx.insert_value("segments", Value::from(self.segments.clone()));
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
                            .map(|&i| self.case_studies[i].clone())
                            .collect::<Vec<_>>(),
                    ),
                );
                ctx.insert("offer", &config.incentive);
                let description = config.description.clone().unwrap_or_else(|| {
                    match &config.incentive.referrer {
                        Some(o) => {
                            format!("Refer customers to {} and earn {}.", config.name, o.label)
                        }
                        None => format!("Refer customers to {}.", config.name),
                    }
                });
                let page = self.page_ctx(
                    "index",
                    format!("{} partner program", config.name),
                    description,
                    &out,
                    None,
                );
                ("index.html", out, site.generic_tracking("index"), page)
            }
            Job::NotFound => {
                let out = site.not_found();
                let page = self.page_ctx(
                    "404",
                    "Page not found".into(),
                    "This page does not exist.".into(),
                    &out,
                    None,
                );
                ("404.html", out, site.generic_tracking("404"), page)
            }
            Job::Segment(i) => {
                let seg = &site.content.segments[i];
                let plan = &site.segments[i];
                ctx.insert_value("segment", self.segments[i].clone());
                ctx.insert_value("case_studies", self.shown[i].clone());
                ctx.insert("offer", &plan.incentive);
                let page = self.page_ctx(
                    "segment",
                    seg.headline.clone(),
                    segment_description(seg),
                    &plan.out,
                    None,
                );
                (
                    "segment.html",
                    plan.out.clone(),
                    site.segment_tracking(i),
                    page,
                )
            }
            Job::Affiliate(i) => {
                let plan = &site.affiliates[i];
                let a = &site.content.affiliates[plan.affiliate];
                let seg = &site.content.segments[plan.segment];
                ctx.insert_value("segment", self.segments[plan.segment].clone());
                ctx.insert_value("case_studies", self.shown[plan.segment].clone());
                match &plan.incentive {
                    Some(own) => ctx.insert("offer", own),
                    None => ctx.insert_value("offer", self.offers[plan.segment].clone()),
                }
                ctx.insert(
                    "affiliate",
                    &AffiliateCtx {
                        slug: &a.slug,
                        name: &a.name,
                        first_name: a.name.split_whitespace().next().unwrap_or(&a.name),
                        company: a.company.as_deref(),
                        message: a.message.as_deref(),
                        code: &a.code,
                    },
                );
                let canonical = site.absolute(&site.segments[plan.segment].out);
                let title = format!("{} — recommended by {}", seg.headline, a.name);
                let page = self.page_ctx(
                    "affiliate",
                    title,
                    segment_description(seg),
                    &plan.out,
                    Some(canonical),
                );
                (
                    "affiliate.html",
                    plan.out.clone(),
                    site.affiliate_tracking(plan),
                    page,
                )
            }
            Job::CaseStudy(i) => {
                let c = &site.content.case_studies[i];
                let out = site.case_studies[i].clone();
                ctx.insert_value("case_study", self.case_studies[i].clone());
                ctx.insert_value("body_html", Value::from(c.body_html.as_str()));
                let description = c
                    .description
                    .clone()
                    .or_else(|| c.summary.clone())
                    .unwrap_or_else(|| plain_text(&c.excerpt_html));
                let page = self.page_ctx("case_study", c.title.clone(), description, &out, None);
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
                let page = self.page_ctx("page", p.title.clone(), description, &out, None);
                ("page.html", out, site.generic_tracking("page"), page)
            }
        };
        ctx.insert("page", &page);
        ctx.insert("tracking", &tracking);
        let script = self
            .script
            .as_ref()
            .map(|s| s.for_code(tracking.code.as_deref()))
            .unwrap_or_default();
        ctx.insert_value("persist_script", Value::safe_string(&script));

        let html = self
            .theme
            .tera
            .render(template, &ctx)
            .map_err(|e| theme::template_error(&e, &self.theme.templates_dir, template))?;
        let rewritten = track::rewrite_links(&html, &site.policy, &tracking).map_err(|e| {
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
        Ok((out, rewritten.html))
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
            Job::CaseStudy(i) => vec![c.case_studies[i].file.clone()],
            Job::Page(i) => vec![c.pages[i].file.clone()],
            Job::Segment(i) => std::iter::once(c.segments[i].file.clone())
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

    fn page_ctx(
        &self,
        kind: &'static str,
        title: String,
        description: String,
        out: &Output,
        canonical: Option<String>,
    ) -> PageCtx<'a> {
        let url = self.site.absolute(out);
        PageCtx {
            kind,
            title,
            description: truncate(&description, 160),
            canonical: canonical.unwrap_or_else(|| url.clone()),
            url,
            lang: &self.site.config.locale,
        }
    }
}

fn segment_description(seg: &crate::content::Segment) -> String {
    seg.description
        .clone()
        .or_else(|| seg.subheadline.clone())
        .unwrap_or_else(|| seg.headline.clone())
}

/// The case studies as templates see them. With a `partials/case_card.html`
/// in the theme, each card is rendered here, once, with `site` and `cs`.
fn case_study_values(
    site: &Site,
    theme: &Theme,
    base: &Context,
) -> Result<Vec<Value>, Vec<Diagnostic>> {
    let card = "partials/case_card.html";
    let has_card = theme.tera.get_template_names().any(|n| n == card);
    let mut errors = Vec::new();
    let values = (0..site.content.case_studies.len())
        .map(|i| {
            let mut cs = CaseStudyCtx::new(site, i);
            if has_card {
                let mut ctx = base.clone();
                ctx.insert("cs", &cs);
                match theme.tera.render(card, &ctx) {
                    Ok(html) => cs.card_html = Some(html),
                    Err(e) => errors.push(theme::template_error(&e, &theme.templates_dir, card)),
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
