//! The site's own files in the plan: each file of `static/` is published
//! as it is, at its own path — a favicon, `.well-known/security.txt`, a
//! search console's verification file, pictures for Markdown.
//!
//! tailor's paths stay tailor's: a file that would take the path of one of
//! the site's pages or built-in files, be a folder's name where the site
//! has pages under it (or the other way round), or land in one of the
//! folders tailor fills itself (`assets/`, `cards/`, `kit/`), is an error
//! naming it. Paths are compared as the claims table compares them,
//! without regard to case, since many file systems and CDNs do the same.

use std::collections::HashSet;
use std::path::Path;

use super::{ASSETS_DIR, Artifacts, Claim, KIT_DIR, Kind, Output, cards};
use crate::diag::{Diagnostic, Diagnostics};
use crate::inputs::STATIC;
use crate::lang::Lang;

/// The folders tailor fills itself, and what each holds.
const TAILORS: [(&str, &str); 3] = [
    (
        ASSETS_DIR,
        "the theme's fingerprinted files, cached for a year",
    ),
    (cards::DIR, "the social cards"),
    (KIT_DIR, "the published partner kits"),
];

/// Adds the site's `files` (paths under `static/`) to the plan, after every
/// other path has been claimed.
pub(super) fn plan<'a>(
    artifacts: &mut Artifacts<'a>,
    files: &'a [String],
    diags: &mut Diagnostics,
) {
    if files.is_empty() {
        return;
    }
    // Every folder a claimed path is in: a file of static/ may not be one.
    let mut folders: HashSet<&str> = HashSet::new();
    for key in artifacts.claims.keys() {
        for (at, _) in key.match_indices('/') {
            folders.insert(&key[..at]);
        }
    }
    let folders: HashSet<String> = folders.into_iter().map(str::to_string).collect();
    for rel in files {
        let key = rel.to_lowercase();
        let source = Path::new(STATIC).join(rel);
        let top = key.split('/').next().unwrap_or(&key);
        let refused = if let Some((dir, holds)) = TAILORS
            .iter()
            .find(|(dir, _)| key.len() > dir.len() && top == *dir)
        {
            Some((
                format!("{dir}/ is tailor's own folder: it holds {holds}"),
                format!("move the file to another folder of {STATIC}/"),
            ))
        } else if key == crate::inputs::OUTPUT_MARKER {
            Some((
                "is the name of the marker tailor keeps in every output folder".to_string(),
                "rename the file".to_string(),
            ))
        } else if let Some(first) = artifacts.claims.get(&key) {
            Some((
                format!("the site publishes {} at {rel}", first.what()),
                format!(
                    "rename or remove the file: {STATIC}/ holds files tailor does not make itself"
                ),
            ))
        } else if folders.contains(&key) {
            Some((
                format!("the site has pages under {rel}/, so {rel} cannot be a file"),
                "rename the file".to_string(),
            ))
        } else {
            key.match_indices('/')
                .map(|(at, _)| &key[..at])
                .find(|folder| artifacts.claims.contains_key(*folder))
                .map(|folder| {
                    (
                        format!("{folder} is a file of the site, so it cannot be a folder"),
                        "move the file to another folder".to_string(),
                    )
                })
        };
        if let Some((message, hint)) = refused {
            diags.push(Diagnostic::error(source, message).hint(hint));
            continue;
        }
        let out = Output::file(rel);
        artifacts
            .claims
            .insert(key, Claim::file("file", rel, Path::new("")));
        artifacts.push(Kind::Static(rel.clone()), out, Lang::DEFAULT, false);
    }
}
