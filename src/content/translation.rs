//! Translations of segments and case studies, written beside their
//! originals: `segments/<id>.<lang>.yaml` and
//! `content/case-studies/<slug>.<lang>.md`.
//!
//! A translation holds only text; everything it leaves out is taken from
//! the original, field by field. What decides matching, dates and offers'
//! values (niche, channel, tags, dates, pins) is the original's alone; a
//! metric's value may be rewritten when it is words ("1 day").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::markdown;
use super::page::split;
use crate::diag::{Diagnostic, Diagnostics};
use crate::inputs::read_text;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegmentText {
    name: Option<String>,
    headline: Option<String>,
    subheadline: Option<String>,
    /// Markdown.
    body: Option<String>,
    description: Option<String>,
    /// How the segment's pain points and use cases read: `churn: Abwanderung`.
    tags: Option<BTreeMap<String, String>>,
    /// The offer's labels; its values stay the original's.
    incentive: Option<OfferLabels>,
}

pub use crate::offer::OfferLabels;

#[derive(Debug, Clone, PartialEq)]
pub struct SegmentText {
    pub file: PathBuf,
    pub name: Option<String>,
    pub headline: Option<String>,
    pub subheadline: Option<String>,
    pub body_html: Option<String>,
    /// `body_html` with where each link was written (see `mark`).
    pub body_marked: Option<String>,
    pub description: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub offer: OfferLabels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseStudyText {
    title: Option<String>,
    summary: Option<String>,
    description: Option<String>,
    quote: Option<RawQuoteText>,
    /// The metrics' labels, in the original's order; an entry may also
    /// rewrite a value that is words (`{ label: Zeit, value: "1 Tag" }`).
    metrics: Option<Vec<RawMetricText>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "each metric is its label, or { label: ..., value: ... } to rewrite a value too"
)]
enum RawMetricText {
    Label(String),
    Full {
        label: String,
        value: Option<String>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuoteText {
    text: Option<String>,
    role: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudyText {
    pub file: PathBuf,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub quote_text: Option<String>,
    pub quote_role: Option<String>,
    pub metric_labels: Option<Vec<String>>,
    /// Values rewritten for this language, by metric; `None` keeps the
    /// original's.
    pub metric_values: Vec<Option<String>>,
    /// `None` when the translation has no body of its own.
    pub body_html: Option<String>,
    pub excerpt_html: Option<String>,
    /// `body_html` and `excerpt_html` with where each link was written.
    pub body_marked: Option<String>,
    pub excerpt_marked: Option<String>,
}

/// Every translation of a site, by (id or slug, language).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Translations {
    pub segments: BTreeMap<(String, String), SegmentText>,
    pub case_studies: BTreeMap<(String, String), CaseStudyText>,
}

/// `fintech.de.yaml` → (`fintech`, `de`), when the part after the last dot
/// of the stem is a language tag.
pub fn split_name(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (id, lang) = stem.rsplit_once('.')?;
    crate::lang::canonical(lang).map(|lang| (id.to_string(), lang))
}

/// Whether a translation into `lang` belongs in this site.
pub fn check_language(file: &Path, lang: &str, locales: &[String]) -> Result<(), Diagnostic> {
    if lang == locales[0] {
        return Err(Diagnostic::error(
            file,
            format!("a translation into \"{lang}\", the site's default language"),
        )
        .hint("write the text in the original file"));
    }
    if !locales.iter().any(|l| l == lang) {
        return Err(Diagnostic::warning(
            file,
            format!("a translation into \"{lang}\", which is not in site.locales, is left out"),
        )
        .hint(format!(
            "add {lang} to site.locales in tailor.yaml to publish it"
        )));
    }
    Ok(())
}

pub fn load_segment(root: &Path, file: &Path) -> Result<SegmentText, Vec<Diagnostic>> {
    let src = read_text(root, file).map_err(|d| vec![d])?;
    let (raw, doc): (RawSegmentText, _) = yaml::read_doc(&src, file, 1)?;
    let origin = super::html::Origin {
        file,
        text: &src,
        from: super::field_offset(&src, &doc, "body"),
    };
    let body = raw
        .body
        .as_deref()
        .map(|md| markdown::to_html(md, &origin))
        .transpose()?;
    let (body_html, body_marked) = body.map(|b| (b.html, b.marked)).unzip();
    Ok(SegmentText {
        file: file.to_path_buf(),
        name: raw.name,
        headline: raw.headline,
        subheadline: raw.subheadline,
        body_html,
        body_marked,
        description: raw.description,
        tags: raw.tags.unwrap_or_default(),
        offer: raw.incentive.unwrap_or_default(),
    })
}

pub fn load_case_study(root: &Path, file: &Path) -> Result<CaseStudyText, Vec<Diagnostic>> {
    let text = read_text(root, file).map_err(|d| vec![d])?;
    let parts = split(&text, file).map_err(|d| vec![d])?;
    let raw: RawCaseStudyText = yaml::parse(parts.yaml, file, parts.yaml_line)?;
    let has_body = !parts.body.trim().is_empty();
    let origin = super::html::Origin {
        file,
        text: &text,
        from: text.len() - parts.body.len(),
    };
    let body = if has_body {
        Some(markdown::to_html(parts.body, &origin)?)
    } else {
        None
    };
    let excerpt = match &raw.summary {
        Some(s) => {
            let html = html_escape::encode_text(s).into_owned();
            Some(markdown::Rendered {
                marked: html.clone(),
                html,
            })
        }
        None if has_body => Some(markdown::first_paragraph_html(parts.body, &origin)?),
        None => None,
    };
    let (body_html, body_marked) = body.map(|b| (b.html, b.marked)).unzip();
    let (excerpt_html, excerpt_marked) = excerpt.map(|b| (b.html, b.marked)).unzip();
    Ok(CaseStudyText {
        file: file.to_path_buf(),
        title: raw.title,
        summary: raw.summary,
        description: raw.description,
        quote_text: raw.quote.as_ref().and_then(|q| q.text.clone()),
        quote_role: raw.quote.and_then(|q| q.role),
        metric_values: raw
            .metrics
            .iter()
            .flatten()
            .map(|m| match m {
                RawMetricText::Label(_) => None,
                RawMetricText::Full { value, .. } => value.clone(),
            })
            .collect(),
        metric_labels: raw.metrics.map(|list| {
            list.into_iter()
                .map(|m| match m {
                    RawMetricText::Label(label) | RawMetricText::Full { label, .. } => label,
                })
                .collect()
        }),
        body_html,
        excerpt_html,
        body_marked,
        excerpt_marked,
    })
}

/// Checks translations against the originals they translate.
pub fn check(
    translations: &Translations,
    segments: &[super::Segment],
    case_studies: &[super::CaseStudy],
    all_case_study_slugs: &[String],
    failed: &super::Failed,
    diags: &mut Diagnostics,
) {
    for ((id, _), t) in &translations.segments {
        match segments.iter().find(|s| &s.id == id) {
            // Its original failed to load and said so: one error, not one
            // per translation.
            None if failed.segments.contains(id) => {}
            None => diags.push(
                Diagnostic::error(
                    &t.file,
                    format!("translates segment \"{id}\", which does not exist"),
                )
                .hint(format!(
                    "there is no segments/{id}.yaml; name the translation <id>.<lang>.yaml after one of: {}",
                    segments.iter().map(|s| s.id.as_str()).collect::<Vec<_>>().join(", ")
                )),
            ),
            Some(seg) => {
                for tag in t.tags.keys() {
                    let key = crate::slug::tag_key(tag);
                    if !seg
                        .pain_points
                        .iter()
                        .chain(&seg.use_cases)
                        .any(|own| crate::slug::tag_key(own) == key)
                    {
                        diags.push(
                            Diagnostic::error(&t.file, format!("tags translates \"{tag}\", which is not a pain point or use case of {id}"))
                                .hint("translate the segment's own pain_points and use_cases"),
                        );
                    }
                }
            }
        }
    }
    for ((slug, _), t) in &translations.case_studies {
        match case_studies.iter().find(|c| &c.slug == slug) {
            Some(cs) => {
                if let Some(labels) = &t.metric_labels
                    && labels.len() != cs.metrics.len() {
                        diags.push(
                            Diagnostic::error(
                                &t.file,
                                format!(
                                    "metrics has {} labels; {slug} has {} metrics",
                                    labels.len(),
                                    cs.metrics.len()
                                ),
                            )
                            .hint("give one label per metric, in the original's order"),
                        );
                    }
            }
            // A draft's translation waits with it; a broken original has
            // its own error.
            None if all_case_study_slugs.contains(slug) || failed.case_studies.contains(slug) => {}
            None => diags.push(
                Diagnostic::error(
                    &t.file,
                    format!("translates case study \"{slug}\", which does not exist"),
                )
                .hint(format!(
                    "there is no content/case-studies/{slug}.md; name the translation <slug>.<lang>.md after an existing case study"
                )),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_names() {
        assert_eq!(
            split_name(Path::new("segments/fintech.de.yaml")),
            Some(("fintech".into(), "de".into()))
        );
        assert_eq!(
            split_name(Path::new("x/ledgerly.pt-BR.md")),
            Some(("ledgerly".into(), "pt-BR".into()))
        );
        assert_eq!(split_name(Path::new("segments/fintech.yaml")), None);
        assert_eq!(split_name(Path::new("segments/v1.2.yaml")), None);
    }
}
