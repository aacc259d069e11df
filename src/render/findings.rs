//! Links that lose credit, found by their text: the last resort of
//! `locate`, for a link no mark reaches (one a template puts together
//! from a string). The link is looked for in the site's content first,
//! then the theme's templates, then `tailor.yaml`.

use std::path::PathBuf;

use super::Theme;
use crate::config::CONFIG_FILE;
use crate::content::html::line_col;
use crate::diag::{Diagnostic, Severity};
use crate::plan::Site;
use crate::track::Finding;

/// A finding as a diagnostic at the first place that writes its link.
pub(super) fn by_text(
    site: &Site,
    theme: &Theme,
    sources: &[(PathBuf, String)],
    f: &Finding,
) -> Diagnostic {
    let (message, hint) = f.kind.explain(&f.href, &site.policy);
    let located = locate(sources, f);
    let file = located
        .as_ref()
        .map_or_else(|| theme.templates_dir.clone(), |(file, _)| file.clone());
    let mut d = match f.kind.severity() {
        Severity::Error => Diagnostic::error(file, message),
        Severity::Warning => Diagnostic::warning(file, message),
    }
    .hint(hint);
    if let Some((_, (line, col))) = located {
        d = d.at(line, col);
    }
    d
}

/// The files a link on a page can come from, with their text.
pub(super) fn sources(site: &Site, theme: &Theme) -> Vec<(PathBuf, String)> {
    let c = &site.content;
    let mut files: Vec<PathBuf> = c
        .segments
        .iter()
        .map(|s| s.file.clone())
        .chain(c.translations.segments.values().map(|t| t.file.clone()))
        .chain(c.case_studies.iter().map(|cs| cs.file.clone()))
        .chain(c.translations.case_studies.values().map(|t| t.file.clone()))
        .chain(c.pages.iter().map(|p| p.file.clone()))
        .collect();
    let root = &site.config.root;
    // Only what the site's own files say: the rule that loaded them.
    files.extend(
        crate::paths::walk(root, &theme.templates_dir, usize::MAX)
            .into_iter()
            .flatten()
            .filter(|f| f.regular)
            .map(|f| f.rel),
    );
    files.push(PathBuf::from(CONFIG_FILE));
    files
        .into_iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(crate::paths::input(root, &f).ok()?).ok()?;
            Some((f, text))
        })
        .collect()
}

/// Where the link of `finding` is written: the first file holding it in
/// its attribute (`action="…"`), or as a Markdown link, or at all; the URL
/// may be written HTML-escaped.
fn locate(sources: &[(PathBuf, String)], finding: &Finding) -> Option<(PathBuf, (usize, usize))> {
    let href = finding.href.as_str();
    let escaped = href.replace('&', "&amp;");
    let mut needles: Vec<(String, usize)> = Vec::new();
    for url in [href, escaped.as_str()] {
        for quote in ["\"", "'", ""] {
            let prefix = format!("{}={quote}", finding.attr);
            needles.push((format!("{prefix}{url}"), prefix.len()));
        }
        if finding.attr == "href" {
            needles.push((format!("]({url}"), 2));
            needles.push((format!("<{url}>"), 1));
        }
    }
    needles.push((href.to_string(), 0));
    needles.push((escaped, 0));
    needles.iter().find_map(|(needle, skip)| {
        sources.iter().find_map(|(file, text)| {
            text.find(needle.as_str())
                .map(|at| (file.clone(), line_col(text, at + skip)))
        })
    })
}
