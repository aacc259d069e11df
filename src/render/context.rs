//! What templates see. These structs are the theme's API: views of the
//! site, built once per language and shared by every page that shows them.
//!
//! Fields ending in `_html` are already HTML (rendered Markdown) and are
//! output with `| safe`; everything else is text and is escaped by Tera.
//! Translated text falls back to the default language field by field;
//! `langs` says which language each field is in, for `lang` attributes.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Incentive;
use crate::content::in_lang::Text;
use crate::content::{CaseStudy, CaseStudyId, Page, Quote, Segment, SegmentId};
use crate::lang::Lang;
use crate::plan::Site;

#[derive(Serialize, Clone)]
pub struct SiteCtx<'a> {
    pub name: &'a str,
    pub base_url: &'a str,
    pub signup_url: &'a str,
    /// The default language.
    pub locale: &'a str,
    /// Every language of the site, the default first.
    pub locales: &'a [String],
    /// `site.description`, written in the default language: on that
    /// language's pages only.
    pub description: Option<&'a str>,
    /// Root-relative URL of the index page in the page's language.
    pub home: String,
    /// Content pages for the footer, by `order`, then title.
    pub nav: Vec<NavLink<'a>>,
    pub incentive: &'a Incentive,
    /// The site's colours as CSS custom properties (`brand.colors`), for a
    /// `<style>` after the theme's stylesheet.
    pub brand_css: Option<&'a str>,
    /// `brand.logo`: its URL, and its size when shown 32 px high.
    pub logo: Option<LogoCtx>,
}

#[derive(Serialize, Clone)]
pub struct NavLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// A tag (pain point or use case) as it reads in a language.
#[derive(Serialize)]
pub struct Label<'a> {
    pub id: &'a str,
    pub label: String,
    pub lang: &'a str,
}

#[derive(Serialize)]
pub struct SegmentCtx<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub niche: Option<&'a str>,
    pub channel: Option<&'a str>,
    /// Ids, as in the segment file.
    pub pain_points: &'a [String],
    pub use_cases: &'a [String],
    /// As they read in this language.
    pub pain_point_labels: Vec<Label<'a>>,
    pub use_case_labels: Vec<Label<'a>>,
    pub headline: &'a str,
    pub subheadline: Option<&'a str>,
    pub body_html: &'a str,
    pub description: Option<&'a str>,
    /// The segment's page in this language, or in the default one.
    pub url: String,
    /// The language this view is for.
    pub lang: &'a str,
    /// The language of each text field.
    pub langs: BTreeMap<&'static str, &'a str>,
}

impl<'a> SegmentCtx<'a> {
    pub fn new(site: &'a Site, i: SegmentId, li: Lang) -> Self {
        let lang = site.config.locales[li].as_str();
        let s: &Segment = &site.content.segments[i];
        let default = site.config.locale.as_str();
        let view = site.content.segment_in(i, lang, default);
        let mut langs = BTreeMap::new();
        let mut field = |name: &'static str, t: Text<'a>| {
            langs.insert(name, t.lang);
            t.text
        };
        let name = field("name", view.name);
        let headline = field("headline", view.headline);
        let subheadline = view.subheadline.map(|t| field("subheadline", t));
        let body_html = field("body", view.body_html);
        let description = view.description.map(|t| field("description", t));
        let labels = |ids: &'a [String]| -> Vec<Label<'a>> {
            ids.iter()
                .map(|id| match view.tag(id) {
                    Some(label) => Label {
                        id,
                        label: label.to_string(),
                        lang,
                    },
                    None => Label {
                        id,
                        label: humanize(id),
                        lang: default,
                    },
                })
                .collect()
        };

        SegmentCtx {
            id: &s.id,
            name,
            niche: s.niche.as_deref(),
            channel: s.channel.as_deref(),
            pain_points: &s.pain_points,
            use_cases: &s.use_cases,
            pain_point_labels: labels(&s.pain_points),
            use_case_labels: labels(&s.use_cases),
            headline,
            subheadline,
            body_html,
            description,
            url: site.href(site.in_language(&site.segments[i].pages, li)),
            lang,
            langs,
        }
    }
}

/// `health-scores` → `Health scores`.
fn humanize(id: &str) -> String {
    let words = id.replace('-', " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Serialize)]
pub struct MetricCtx<'a> {
    pub label: &'a str,
    /// Its number held to its unit: see [`bind_numbers`].
    pub value: std::borrow::Cow<'a, str>,
}

/// `text` with the spaces inside a figure made non-breaking, so that a
/// line never ends between a number and its unit or currency (`12.500,0 €`,
/// `87 %`, `€ 500`, `1 Tag`) nor inside a number grouped by spaces
/// (`12 500`).
pub fn bind_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    const CURRENCIES: &str = "$€£¥₽₺₹₩₴₪";
    let chars: Vec<char> = text.chars().collect();
    let binds = |i: usize| {
        let (Some(&before), Some(&after)) = (
            i.checked_sub(1).and_then(|b| chars.get(b)),
            chars.get(i + 1),
        ) else {
            return false;
        };
        chars[i] == ' '
            && ((before.is_numeric() && !after.is_whitespace())
                || (CURRENCIES.contains(before) && after.is_numeric()))
    };
    if !(0..chars.len()).any(binds) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        (0..chars.len())
            .map(|i| if binds(i) { '\u{a0}' } else { chars[i] })
            .collect(),
    )
}

#[derive(Serialize)]
pub struct QuoteCtx<'a> {
    pub text: &'a str,
    pub author: &'a str,
    pub role: Option<&'a str>,
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
    pub metrics: Vec<MetricCtx<'a>>,
    pub quote: Option<QuoteCtx<'a>>,
    /// `2024-03-01`
    pub date: String,
    /// As the language writes dates: `March 1, 2024`, `1. März 2024`.
    pub date_human: String,
    pub excerpt_html: &'a str,
    /// The case study's page in this language, or in the default one.
    pub url: String,
    /// The theme's `partials/case_card.html` for this case study, rendered
    /// once per language and shown on every page that lists it.
    pub card_html: Option<String>,
    pub lang: &'a str,
    /// The language of each text field.
    pub langs: BTreeMap<&'static str, &'a str>,
    #[serde(skip)]
    pub body_html: &'a str,
}

impl<'a> CaseStudyCtx<'a> {
    pub fn new(site: &'a Site, i: CaseStudyId, li: Lang) -> Self {
        let lang = site.config.locales[li].as_str();
        let c: &CaseStudy = &site.content.case_studies[i];
        let default = site.config.locale.as_str();
        let view = site.content.case_study_in(i, lang, default);
        let mut langs = BTreeMap::new();
        let mut field = |name: &'static str, t: Text<'a>| {
            langs.insert(name, t.lang);
            t.text
        };
        let title = field("title", view.title);
        let excerpt_html = field("excerpt", view.excerpt_html);
        let body_html = field("body", view.body_html);
        let quote = c.quote.as_ref().map(|q: &'a Quote| QuoteCtx {
            text: view.quote.map_or(q.text.as_str(), |t| field("quote", t)),
            author: &q.author,
            role: view.quote_role.map(|t| field("role", t)),
        });
        langs.insert("metrics", view.metric_labels().1);
        let metrics = (0..c.metrics.len())
            .filter_map(|n| view.metric(n))
            .map(|(label, value)| MetricCtx {
                label,
                value: bind_numbers(value),
            })
            .collect();

        CaseStudyCtx {
            slug: &c.slug,
            title,
            customer: &c.customer,
            niche: c.niche.as_deref(),
            channel: c.channel.as_deref(),
            pain_points: &c.pain_points,
            use_cases: &c.use_cases,
            metrics,
            quote,
            date: c.date.to_string(),
            date_human: crate::lang::format_date(&c.date, lang),
            excerpt_html,
            url: site.href(site.in_language(&site.case_studies[i].pages, li)),
            card_html: None,
            lang,
            langs,
            body_html,
        }
    }
}

/// `tracking`: what the page's links carry, and how long a code is kept.
#[derive(Serialize)]
pub struct TrackingCtx<'a> {
    #[serde(flatten)]
    pub page: &'a crate::track::PageTracking,
    /// `tracking.cookie_days`.
    pub cookie_days: u32,
    /// `true`, `consent` or `false`.
    pub persist: &'static str,
}

#[derive(Serialize, Clone)]
pub struct LogoCtx {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Serialize)]
pub struct AffiliateCtx<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    /// The first word of the name, for friendly copy.
    pub first_name: &'a str,
    pub company: Option<&'a str>,
    pub message: Option<&'a str>,
    /// The message as HTML: escaped, with addresses of the product and
    /// the site as links (see `note`).
    pub message_html: Option<String>,
    pub code: &'a str,
    /// The language the affiliate writes in.
    pub locale: &'a str,
    /// Root-relative URL of their photo (square, 192 px), when they have one.
    pub photo: Option<String>,
}

/// A version of a page in a language.
#[derive(Serialize, Clone)]
pub struct Alternate {
    pub lang: String,
    /// The language's own name.
    pub name: String,
    pub url: String,
    /// This is the page being rendered.
    pub current: bool,
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
    /// `rtl` or `ltr`: the direction the page's language is written in.
    pub dir: &'static str,
    /// The page in every language it exists in (absolute URLs), for
    /// `hreflang` links and language switchers; empty when there is one.
    pub alternates: Vec<Alternate>,
    /// The default language's version, for `hreflang="x-default"`.
    pub x_default: Option<String>,
    /// `de_DE` for `de`: the page's language as Open Graph writes it, when
    /// tailor knows its territory.
    pub og_locale: Option<String>,
    /// JSON-LD for the organization and this page, safe to print inside
    /// `<script type="application/ld+json">` with `| safe`.
    pub json_ld: String,
    /// Absolute URL of the page's social card (1200x630 JPEG), when the
    /// theme draws cards and the page has one: affiliate and segment pages.
    pub image: Option<String>,
}

/// schema.org data for a page: the organization behind the site, and the
/// page itself, published by it.
pub fn structured_data(site_name: &str, base_url: &str, page: &PageCtx) -> String {
    #[derive(Serialize)]
    struct Graph<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@graph")]
        graph: (Organization<'a>, WebPage<'a>),
    }
    #[derive(Serialize)]
    struct Organization<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "@id")]
        id: &'a str,
        name: &'a str,
        url: &'a str,
    }
    #[derive(Serialize)]
    struct Id<'a> {
        #[serde(rename = "@id")]
        id: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct WebPage<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "@id")]
        id: &'a str,
        url: &'a str,
        name: &'a str,
        description: &'a str,
        in_language: &'a str,
        publisher: Id<'a>,
    }
    let org_id = format!("{base_url}#organization");
    let graph = Graph {
        context: "https://schema.org",
        graph: (
            Organization {
                kind: "Organization",
                id: &org_id,
                name: site_name,
                url: base_url,
            },
            WebPage {
                kind: "WebPage",
                id: &page.url,
                url: &page.url,
                name: &page.title,
                description: &page.description,
                in_language: page.lang,
                publisher: Id { id: &org_id },
            },
        ),
    };
    let json = serde_json::to_string(&graph).expect("strings always serialize");
    crate::escape::script_safe(&json)
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

#[cfg(test)]
mod tests {
    use super::bind_numbers;

    #[test]
    fn a_number_keeps_its_unit_and_its_groups_on_one_line() {
        for (text, want) in [
            ("12.500,0 €", "12.500,0\u{a0}€"),
            ("87 %", "87\u{a0}%"),
            ("€ 500", "€\u{a0}500"),
            ("1 Tag", "1\u{a0}Tag"),
            ("12 500 users", "12\u{a0}500\u{a0}users"),
            ("-32%", "-32%"),
            ("time saved", "time saved"),
            ("3 of 4", "3\u{a0}of 4"),
        ] {
            assert_eq!(bind_numbers(text), want, "{text}");
        }
    }
}
