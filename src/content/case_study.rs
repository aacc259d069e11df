//! `content/case-studies/*.md`: customer stories, matched to segments.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::page::split;
use super::translation::{self, CaseStudyText};
use super::{Scalar, check_file_id, html, markdown};
use crate::date::Date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::inputs::{files_in, read_text};
use crate::slug;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseStudy {
    title: String,
    customer: String,
    niche: Option<String>,
    channel: Option<String>,
    #[serde(default)]
    pain_points: Vec<String>,
    #[serde(default)]
    use_cases: Vec<String>,
    #[serde(default)]
    metrics: Vec<RawMetric>,
    quote: Option<Quote>,
    /// Publication date, `YYYY-MM-DD`; newer stories win ties.
    date: Scalar,
    #[serde(default)]
    draft: bool,
    /// Output folder name; the file name when absent.
    slug: Option<String>,
    /// One-sentence teaser for cards; the first paragraph when absent.
    summary: Option<String>,
    /// Meta description; the summary when absent.
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMetric {
    label: String,
    value: Scalar,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    pub author: String,
    pub role: Option<String>,
}

/// A case study: its place in `Content::case_studies`, and in
/// `Site::case_studies`, which is parallel to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseStudyId(pub usize);

typed_index!(CaseStudyId => CaseStudy);

#[derive(Debug, Clone, PartialEq)]
pub struct CaseStudy {
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub customer: String,
    pub niche: Option<String>,
    pub channel: Option<String>,
    pub pain_points: Vec<String>,
    pub use_cases: Vec<String>,
    pub metrics: Vec<Metric>,
    pub quote: Option<Quote>,
    pub date: Date,
    pub draft: bool,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub body_html: String,
    /// `body_html` with where each link was written (see `mark`).
    pub body_marked: String,
    /// The summary as HTML, or the body's first paragraph.
    pub excerpt_html: String,
    pub excerpt_marked: String,
}

/// Case studies, and their translations by (file name, language).
pub(super) fn load_all(
    root: &Path,
    locales: &[String],
    diags: &mut Diagnostics,
) -> super::Loaded<CaseStudy, CaseStudyText> {
    let mut out = Vec::new();
    let mut failed = std::collections::BTreeSet::new();
    let mut translations = BTreeMap::new();
    for file in files_in(root, &crate::inputs::CASE_STUDIES, diags) {
        if let Some((id, lang)) = translation::split_name(&file) {
            match translation::check_language(&file, &lang, locales)
                .map_err(|d| vec![d])
                .and_then(|_| translation::load_case_study(root, &file))
            {
                Ok(t) => {
                    translations.insert((id, lang), t);
                }
                Err(d) => diags.extend(d),
            }
            continue;
        }
        match load(root, &file) {
            Ok(c) => out.push(c),
            Err(d) => {
                failed.insert(crate::inputs::stem(&file));
                diags.extend(d);
            }
        }
    }
    super::Loaded {
        items: out,
        translations,
        failed,
    }
}

fn load(root: &Path, file: &Path) -> Result<CaseStudy, Vec<Diagnostic>> {
    let id = check_file_id(file, "case study").map_err(|d| vec![d])?;
    let text = read_text(root, file).map_err(|d| vec![d])?;
    let parts = split(&text, file).map_err(|d| vec![d])?;
    let (raw, doc): (RawCaseStudy, _) = yaml::read_doc(parts.yaml, file, parts.yaml_line)?;
    let origin = html::Origin {
        file,
        text: &text,
        from: text.len() - parts.body.len(),
    };
    let body = markdown::to_html(parts.body, &origin)?;
    let pos_of = |key: &str| doc.value_pos(key);
    let date_text = raw.date.into_string();
    let date = Date::parse(&date_text).ok_or_else(|| {
        vec![
            Diagnostic::error(file, format!("date \"{date_text}\" is not a calendar date"))
                .at_pos(pos_of("date"))
                .hint("write it as YYYY-MM-DD, e.g. 2024-03-01"),
        ]
    })?;
    let slug = match raw.slug {
        Some(s) if slug::is_slug(&s) => s,
        Some(s) => {
            return Err(vec![
                Diagnostic::error(file, format!("slug \"{s}\" is not a valid slug"))
                    .at_pos(pos_of("slug"))
                    .hint(format!("use {}", slug::rule(&s))),
            ]);
        }
        None => id,
    };
    let excerpt = match &raw.summary {
        Some(s) => {
            let html = html_escape::encode_text(s).into_owned();
            markdown::Rendered {
                marked: html.clone(),
                html,
            }
        }
        None => markdown::first_paragraph_html(parts.body, &origin)?,
    };
    Ok(CaseStudy {
        slug,
        file: file.to_path_buf(),
        title: raw.title,
        customer: raw.customer,
        niche: raw.niche,
        channel: raw.channel,
        pain_points: raw.pain_points,
        use_cases: raw.use_cases,
        metrics: raw
            .metrics
            .into_iter()
            .map(|m| Metric {
                label: m.label,
                value: m.value.into_string(),
            })
            .collect(),
        quote: raw.quote,
        date,
        draft: raw.draft,
        summary: raw.summary,
        description: raw.description,
        body_html: body.html,
        body_marked: body.marked,
        excerpt_html: excerpt.html,
        excerpt_marked: excerpt.marked,
    })
}
