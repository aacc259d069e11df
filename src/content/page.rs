//! `content/pages/*.md`: program terms, FAQ and other plain pages.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::front_matter::{self, SplitError};
use super::{check_file_id, html, markdown};
use crate::diag::{Diagnostic, Diagnostics};
use crate::inputs::{files_in, read_text};
use crate::slug;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
    description: Option<String>,
    /// Output folder name; the file name when absent.
    slug: Option<String>,
    #[serde(default)]
    draft: bool,
    /// Position in the footer navigation (lower first).
    order: Option<i32>,
}

/// A content page: its place in `Content::pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub usize);

typed_index!(PageId => Page);

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub order: i32,
    pub body_html: String,
    /// `body_html` with where each link was written (see `mark`).
    pub body_marked: String,
}

pub(super) fn load_all(root: &Path, diags: &mut Diagnostics) -> Vec<Page> {
    let mut out = Vec::new();
    for file in files_in(root, &crate::inputs::PAGES, diags) {
        match load(root, &file) {
            Ok(p) => out.push(p),
            Err(d) => diags.extend(d),
        }
    }
    out
}

fn load(root: &Path, file: &Path) -> Result<Page, Vec<Diagnostic>> {
    let id = check_file_id(file, "page").map_err(|d| vec![d])?;
    let text = read_text(root, file).map_err(|d| vec![d])?;
    let parts = split(&text, file).map_err(|d| vec![d])?;
    let (raw, doc): (RawPage, _) = yaml::read_doc(parts.yaml, file, parts.yaml_line)?;
    let body = markdown::to_html(
        parts.body,
        &html::Origin {
            file,
            text: &text,
            from: text.len() - parts.body.len(),
        },
    )?;
    let slug = match raw.slug {
        Some(s) if slug::is_slug(&s) => s,
        Some(s) => {
            return Err(vec![
                Diagnostic::error(file, format!("slug \"{s}\" is not a valid slug"))
                    .at_pos(doc.value_pos("slug"))
                    .hint(format!("use {}", slug::rule(&s))),
            ]);
        }
        None => id,
    };
    Ok(Page {
        slug,
        file: file.to_path_buf(),
        title: raw.title,
        description: raw.description,
        draft: raw.draft,
        order: raw.order.unwrap_or(0),
        body_html: body.html,
        body_marked: body.marked,
    })
}

/// Front matter split with errors for people.
pub(super) fn split<'a>(text: &'a str, file: &Path) -> Result<front_matter::Split<'a>, Diagnostic> {
    front_matter::split(text).map_err(|e| match e {
        SplitError::NoOpening => Diagnostic::error(file, "no front matter")
            .at(1, 1)
            .hint("start the file with a line \"---\", the YAML fields, and another \"---\""),
        SplitError::NotClosed { opened_at } => {
            Diagnostic::error(file, "the front matter is never closed")
                .at(opened_at, 1)
                .hint("end the YAML fields with a line \"---\"")
        }
    })
}
