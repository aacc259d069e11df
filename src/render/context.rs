//! What templates see. These structs are the theme's API: borrowed views of
//! the site, built once and shared by every page that shows them.
//!
//! Fields ending in `_html` are already HTML (rendered Markdown) and are
//! output with `| safe`; everything else is text and is escaped by Tera.

use serde::Serialize;

use crate::config::Incentive;
use crate::content::{CaseStudy, Metric, Page, Quote, Segment};
use crate::plan::Site;

#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub name: &'a str,
    pub base_url: &'a str,
    pub signup_url: &'a str,
    pub locale: &'a str,
    pub description: Option<&'a str>,
    /// Root-relative URL of the index page.
    pub home: &'a str,
    /// Content pages for the footer, by `order`, then title.
    pub nav: Vec<NavLink<'a>>,
    pub incentive: &'a Incentive,
}

#[derive(Serialize)]
pub struct NavLink<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct SegmentCtx<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub niche: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub pain_points: &'a [String],
    pub use_cases: &'a [String],
    pub headline: &'a str,
    pub subheadline: Option<&'a str>,
    pub body_html: &'a str,
    pub url: String,
}

impl<'a> SegmentCtx<'a> {
    pub fn new(site: &'a Site, i: usize) -> Self {
        let s: &Segment = &site.content.segments[i];
        SegmentCtx {
            id: &s.id,
            name: &s.name,
            niche: s.niche.as_deref(),
            channel: s.channel.as_deref(),
            pain_points: &s.pain_points,
            use_cases: &s.use_cases,
            headline: &s.headline,
            subheadline: s.subheadline.as_deref(),
            body_html: &s.body_html,
            url: site.href(&site.segments[i].out),
        }
    }
}

#[derive(Serialize)]
pub struct CaseStudyCtx<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub customer: &'a str,
    pub niche: Option<&'a str>,
    pub channel: Option<&'a str>,
    pub pain_points: &'a [String],
    pub use_cases: &'a [String],
    pub metrics: &'a [Metric],
    pub quote: Option<&'a Quote>,
    /// `2024-03-01`
    pub date: String,
    /// `March 1, 2024`
    pub date_human: String,
    pub excerpt_html: &'a str,
    pub url: String,
    /// The theme's `partials/case_card.html` for this case study, rendered
    /// once and shown on every page that lists it.
    pub card_html: Option<String>,
}

impl<'a> CaseStudyCtx<'a> {
    pub fn new(site: &'a Site, i: usize) -> Self {
        let c: &CaseStudy = &site.content.case_studies[i];
        CaseStudyCtx {
            slug: &c.slug,
            title: &c.title,
            customer: &c.customer,
            niche: c.niche.as_deref(),
            channel: c.channel.as_deref(),
            pain_points: &c.pain_points,
            use_cases: &c.use_cases,
            metrics: &c.metrics,
            quote: c.quote.as_ref(),
            date: c.date.to_string(),
            date_human: c.date.human(),
            excerpt_html: &c.excerpt_html,
            url: site.href(&site.case_studies[i]),
            card_html: None,
        }
    }
}

#[derive(Serialize)]
pub struct AffiliateCtx<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// The first word of the name, for friendly copy.
    pub first_name: &'a str,
    pub company: Option<&'a str>,
    pub message: Option<&'a str>,
    pub code: &'a str,
}

#[derive(Serialize)]
pub struct PageCtx<'a> {
    /// index, segment, affiliate, case_study, page or 404
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    /// Absolute URL of this page.
    pub url: String,
    /// Absolute canonical URL: an affiliate page's is its segment page.
    pub canonical: String,
    pub lang: &'a str,
}

#[derive(Serialize)]
pub struct ContentPageCtx<'a> {
    pub title: &'a str,
    pub body_html: &'a str,
}

impl<'a> ContentPageCtx<'a> {
    pub fn new(p: &'a Page) -> Self {
        ContentPageCtx {
            title: &p.title,
            body_html: &p.body_html,
        }
    }
}
