//! `segments/<id>.yaml`: who a landing page speaks to.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use std::collections::BTreeMap;

use super::translation::{self, SegmentText};
use super::{check_file_id, field_offset, html, markdown};
use crate::diag::Diagnostics;
use crate::inputs::{files_in, read_text};
use crate::offer::Incentive;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegment {
    /// Internal name, shown in listings.
    name: String,
    niche: Option<String>,
    /// Acquisition channel the segment's best customers came from.
    channel: Option<String>,
    #[serde(default)]
    pain_points: Vec<String>,
    #[serde(default)]
    use_cases: Vec<String>,
    headline: String,
    subheadline: Option<String>,
    /// Markdown shown below the hero.
    body: Option<String>,
    /// Meta description; the subheadline when absent.
    description: Option<String>,
    /// Pinned case studies, in order; otherwise they are matched.
    case_studies: Option<Vec<String>>,
    incentive: Option<Incentive>,
    /// Not published without `--drafts` (what `tailor derive` writes).
    #[serde(default)]
    draft: bool,
}

/// A segment: its place in `Content::segments`, and in `Site::segments`,
/// which is parallel to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId(pub usize);

typed_index!(SegmentId => Segment);

#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: String,
    pub file: PathBuf,
    pub name: String,
    pub niche: Option<String>,
    pub channel: Option<String>,
    pub pain_points: Vec<String>,
    pub use_cases: Vec<String>,
    pub headline: String,
    pub subheadline: Option<String>,
    pub body_html: String,
    /// `body_html` with where each link was written (see `mark`).
    pub body_marked: String,
    pub description: Option<String>,
    pub pins: Option<Vec<String>>,
    /// Where each pin is written, for errors about it.
    pub pin_pos: Vec<Option<(usize, usize)>>,
    pub incentive: Option<Incentive>,
    /// Where `incentive:` is written.
    pub incentive_pos: Option<(usize, usize)>,
    pub draft: bool,
}

/// Segments, and their translations by (id, language).
pub(super) fn load_all(
    root: &Path,
    locales: &[String],
    diags: &mut Diagnostics,
) -> super::Loaded<Segment, SegmentText> {
    let mut out = Vec::new();
    let mut failed = std::collections::BTreeSet::new();
    let mut translations = BTreeMap::new();
    for file in files_in(root, &crate::inputs::SEGMENTS, diags) {
        if let Some((id, lang)) = translation::split_name(&file) {
            match translation::check_language(&file, &lang, locales)
                .map_err(|d| vec![d])
                .and_then(|_| translation::load_segment(root, &file))
            {
                Ok(t) => {
                    translations.insert((id, lang), t);
                }
                Err(d) => diags.extend(d),
            }
            continue;
        }
        match load(root, &file) {
            Ok(s) => out.push(s),
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

fn load(root: &Path, file: &Path) -> Result<Segment, Vec<crate::diag::Diagnostic>> {
    let id = check_file_id(file, "segment").map_err(|d| vec![d])?;
    let src = read_text(root, file).map_err(|d| vec![d])?;
    let (raw, doc): (RawSegment, _) = yaml::read_doc(&src, file, 1)?;
    let body = match raw.body.as_deref() {
        Some(md) => markdown::to_html(
            md,
            &html::Origin {
                file,
                text: &src,
                from: field_offset(&src, &doc, "body"),
            },
        )?,
        None => markdown::Rendered {
            html: String::new(),
            marked: String::new(),
        },
    };
    Ok(Segment {
        id,
        file: file.to_path_buf(),
        name: raw.name,
        niche: raw.niche,
        channel: raw.channel,
        pain_points: raw.pain_points,
        use_cases: raw.use_cases,
        headline: raw.headline,
        subheadline: raw.subheadline,
        body_html: body.html,
        body_marked: body.marked,
        description: raw.description,
        pin_pos: (0..raw.case_studies.as_ref().map_or(0, Vec::len))
            .map(|n| doc.value_pos(&format!("case_studies.{n}")))
            .collect(),
        pins: raw.case_studies,
        incentive: raw.incentive,
        incentive_pos: doc.key_pos("incentive"),
        draft: raw.draft,
    })
}
