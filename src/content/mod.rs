//! Loading a site's data: segments, affiliates, case studies and pages.
//!
//! Every file is read, parsed and checked on its own; problems become
//! diagnostics and loading carries on, so one run reports every bad file.
//! Cross-references (an affiliate's segment, a pinned case study) are
//! checked later, in `plan`, once everything is loaded.

mod affiliate;
mod case_study;
pub(crate) mod front_matter;
pub mod html;
pub mod in_lang;
pub mod markdown;
mod page;
mod segment;
pub mod translation;

use std::path::{Path, PathBuf};

pub use affiliate::{
    AFFILIATES_AT, Affiliate, AffiliateId, CsvField, Origin, Rules as AffiliateRules,
};
pub use case_study::{CaseStudy, CaseStudyId, Quote};
pub use page::{Page, PageId};
pub use segment::{Segment, SegmentId};

use crate::diag::{Diagnostic, Diagnostics};

/// Everything loaded from a site's folders, each list sorted by its id.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub segments: Vec<Segment>,
    pub affiliates: Vec<Affiliate>,
    pub case_studies: Vec<CaseStudy>,
    pub pages: Vec<Page>,
    /// Slugs of draft case studies left out of this build.
    pub skipped_drafts: Vec<String>,
    /// Ids of draft segments left out of this build.
    pub draft_segments: Vec<String>,
    /// The parsed records of affiliates.yaml, for the next reload.
    pub affiliate_records: affiliate::RecordCache,
    /// Translations of segments and case studies (by slug).
    pub translations: translation::Translations,
    /// Files that did not load, by id: their own errors say why, and what
    /// refers to them need not say it again.
    pub failed: Failed,
}

impl Content {
    /// Every case study's id, in their order.
    pub fn case_study_ids(&self) -> impl Iterator<Item = CaseStudyId> + use<> {
        (0..self.case_studies.len()).map(CaseStudyId)
    }

    /// Each document's HTML and its marked HTML (see `mark`), by the
    /// HTML: a page rendered to be located shows the marked one.
    pub fn marked(&self) -> std::collections::HashMap<&str, &str> {
        let mut out = std::collections::HashMap::new();
        let pairs = self
            .segments
            .iter()
            .map(|s| (s.body_html.as_str(), s.body_marked.as_str()))
            .chain(self.case_studies.iter().flat_map(|c| {
                [
                    (c.body_html.as_str(), c.body_marked.as_str()),
                    (c.excerpt_html.as_str(), c.excerpt_marked.as_str()),
                ]
            }))
            .chain(
                self.pages
                    .iter()
                    .map(|p| (p.body_html.as_str(), p.body_marked.as_str())),
            )
            .chain(
                self.translations
                    .segments
                    .values()
                    .filter_map(|t| Some((t.body_html.as_deref()?, t.body_marked.as_deref()?))),
            )
            .chain(self.translations.case_studies.values().flat_map(|t| {
                [
                    t.body_html.as_deref().zip(t.body_marked.as_deref()),
                    t.excerpt_html.as_deref().zip(t.excerpt_marked.as_deref()),
                ]
                .into_iter()
                .flatten()
            }));
        for (html, marked) in pairs {
            if !html.is_empty() && html != marked {
                out.entry(html).or_insert(marked);
            }
        }
        out
    }
}

/// The ids of segments and case studies whose files did not load.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Failed {
    pub segments: std::collections::BTreeSet<String>,
    pub case_studies: std::collections::BTreeSet<String>,
}

/// Which kinds of content to load again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Kinds {
    pub segments: bool,
    pub affiliates: bool,
    pub case_studies: bool,
    pub pages: bool,
}

impl Kinds {
    pub const ALL: Kinds = Kinds {
        segments: true,
        affiliates: true,
        case_studies: true,
        pages: true,
    };
}

/// What loading content needs to know of the site: where it is, its
/// languages, how to read its affiliates. (Content does not read the
/// config; the config says this.)
#[derive(Debug, Clone)]
pub struct Inputs {
    pub root: PathBuf,
    /// Every language, the default first.
    pub locales: Vec<String>,
    pub affiliates: affiliate::Rules,
}

/// Loads all content under the site root. Drafts are kept only with `drafts`.
pub fn load(inputs: &Inputs, drafts: bool, diags: &mut Diagnostics) -> Content {
    reload(inputs, drafts, &Content::default(), Kinds::ALL, diags)
}

/// Loads the kinds of content in `kinds` again and takes the others from
/// `previous`: after an edit, only what changed is read.
pub fn reload(
    inputs: &Inputs,
    drafts: bool,
    previous: &Content,
    kinds: Kinds,
    diags: &mut Diagnostics,
) -> Content {
    let root = &inputs.root;
    let mut translations = previous.translations.clone();
    let mut failed = previous.failed.clone();
    let (segments, draft_segments) = if kinds.segments {
        let Loaded {
            items: mut segments,
            translations: mut texts,
            failed: broken,
        } = segment::load_all(root, &inputs.locales, diags);
        let mut left_out = Vec::new();
        if !drafts {
            left_out = segments
                .iter()
                .filter(|s| s.draft)
                .map(|s| s.id.clone())
                .collect();
            segments.retain(|s| !s.draft);
            texts.retain(|(id, _), _| !left_out.contains(id));
        }
        translations.segments = texts;
        failed.segments = broken;
        (segments, left_out)
    } else {
        (previous.segments.clone(), previous.draft_segments.clone())
    };
    let (affiliates, affiliate_records) = if kinds.affiliates {
        affiliate::load_all(root, &inputs.affiliates, &previous.affiliate_records, diags)
    } else {
        (
            previous.affiliates.clone(),
            previous.affiliate_records.clone(),
        )
    };
    let (case_studies, pages, skipped_drafts, all_slugs) = if kinds.case_studies || kinds.pages {
        // Few and small: both are read again together, drafts filtered below.
        let Loaded {
            items: mut case_studies,
            translations: texts,
            failed: broken,
        } = case_study::load_all(root, &inputs.locales, diags);
        failed.case_studies = broken;
        let mut pages = page::load_all(root, diags);
        // Translations are named after the original's file; pages know
        // case studies by slug.
        translations.case_studies = texts
            .into_iter()
            .map(|((stem, lang), t)| {
                let slug = case_studies
                    .iter()
                    .find(|c| crate::inputs::stem(&c.file) == stem)
                    .map_or(stem, |c| c.slug.clone());
                ((slug, lang), t)
            })
            .collect();
        let all_slugs: Vec<String> = case_studies.iter().map(|c| c.slug.clone()).collect();
        let mut skipped_drafts = Vec::new();
        if !drafts {
            skipped_drafts = case_studies
                .iter()
                .filter(|c| c.draft)
                .map(|c| c.slug.clone())
                .collect();
            case_studies.retain(|c| !c.draft);
            pages.retain(|p| !p.draft);
        }
        (case_studies, pages, skipped_drafts, all_slugs)
    } else {
        let all = previous
            .case_studies
            .iter()
            .map(|c| c.slug.clone())
            .chain(previous.skipped_drafts.iter().cloned())
            .collect();
        (
            previous.case_studies.clone(),
            previous.pages.clone(),
            previous.skipped_drafts.clone(),
            all,
        )
    };
    if kinds.segments || kinds.case_studies {
        translation::check(
            &translations,
            &segments,
            &case_studies,
            &all_slugs,
            &failed,
            diags,
        );
    }
    Content {
        segments,
        affiliates,
        case_studies,
        pages,
        skipped_drafts,
        draft_segments,
        affiliate_records,
        translations,
        failed,
    }
}

/// What one folder of content files gave: the documents read, their
/// translations by (file stem, language), and the ids of files that failed.
pub(super) struct Loaded<T, X> {
    pub items: Vec<T>,
    pub translations: std::collections::BTreeMap<(String, String), X>,
    pub failed: std::collections::BTreeSet<String>,
}

/// Where the Markdown of the YAML field `key` starts in `src`: the line of
/// the key, so an error inside the field is searched for from there.
pub(crate) fn field_offset(src: &str, doc: &crate::yaml::Doc, key: &str) -> usize {
    doc.key_pos(key)
        .map(|(line, _)| src.split_inclusive('\n').take(line - 1).map(str::len).sum())
        .unwrap_or(0)
}

/// Checks an id taken from a file name; the file must be renamed otherwise.
pub(crate) fn check_file_id(path: &Path, what: &str) -> Result<String, Diagnostic> {
    let id = crate::inputs::stem(path);
    if let Some(reason) = crate::slug::reserved(&id) {
        return Err(Diagnostic::error(path, format!("\"{id}\" {reason}")).hint("rename the file"));
    }
    if crate::slug::is_slug(&id) {
        return Ok(id);
    }
    let better = crate::slug::slugify(&id, "en");
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let d = Diagnostic::error(
        path,
        format!(
            "\"{id}\" cannot be a {what} id: ids are {}",
            crate::slug::rule(&id)
        ),
    );
    Err(if better.is_empty() {
        d.hint("rename the file")
    } else {
        d.hint(format!("rename the file to {better}.{ext}"))
    })
}

/// Accepts strings and numbers for values like metrics (`value: 32`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum Scalar {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    pub fn into_string(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
        }
    }
}
