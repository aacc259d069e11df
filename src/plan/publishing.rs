//! Warnings about publishing the site, for the commands that publish it
//! (`build`, `check`): words of the `init --empty` template still in the
//! site, and work to do outside tailor that `acknowledged:` in tailor.yaml
//! has not said is done. Other commands (`links`, `report`, `kit`) do not
//! repeat them.

use std::path::{Path, PathBuf};

use memchr::memmem;

use super::Site;
use crate::config::Ack;
use crate::diag::Diagnostic;
use crate::example::PLACEHOLDERS;
use crate::inputs;

/// The publishing warnings of `site`, whose files are under `root`.
pub fn warnings(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let mut out = placeholders(site, root);
    out.extend(robots(site));
    out
}

/// A warning per file that still has a word of the empty site, at the
/// first such word, with how many others there are.
fn placeholders(site: &Site, root: &Path) -> Vec<Diagnostic> {
    let content = &site.content;
    let mut files: Vec<PathBuf> = [inputs::CONFIG, inputs::AFFILIATES_CSV]
        .into_iter()
        .chain(inputs::AFFILIATES_YAML)
        .map(PathBuf::from)
        .chain(content.segments.iter().map(|s| s.file.clone()))
        .chain(content.case_studies.iter().map(|c| c.file.clone()))
        .chain(content.pages.iter().map(|p| p.file.clone()))
        .chain(
            content
                .translations
                .segments
                .values()
                .map(|t| t.file.clone()),
        )
        .chain(
            content
                .translations
                .case_studies
                .values()
                .map(|t| t.file.clone()),
        )
        .collect();
    files.sort();
    files.dedup();
    let finders: Vec<memmem::Finder> = PLACEHOLDERS.iter().map(memmem::Finder::new).collect();
    let mut out = Vec::new();
    for file in files {
        let Ok(bytes) = std::fs::read(root.join(&file)) else {
            continue;
        };
        let mut found: Vec<(usize, &str)> = finders
            .iter()
            .zip(PLACEHOLDERS)
            .flat_map(|(f, word)| f.find_iter(&bytes).map(move |at| (at, word)))
            .collect();
        found.sort_unstable();
        let Some(&(at, word)) = found.first() else {
            continue;
        };
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&bytes[line_start..at])
            .chars()
            .count()
            + 1;
        let more = match found.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more placeholder in the file)".to_string(),
            n => format!(" (and {n} more placeholders in the file)"),
        };
        out.push(
            Diagnostic::warning(
                &file,
                format!(
                    "\"{word}\" is the placeholder text of `tailor init --empty`{more}: the site would publish it"
                ),
            )
            .at_pos(Some((line, col)))
            .hint("write your own words in its place; `tailor check --strict` fails until every placeholder is replaced"),
        );
    }
    out
}

/// A site under a sub-path: crawlers read robots.txt only at the host's
/// root, which tailor does not write.
fn robots(site: &Site) -> Option<Diagnostic> {
    let config = &site.config;
    let base_path = config.base_url.path();
    if base_path == "/" || config.acknowledged.contains(&Ack::RobotsTxt) {
        return None;
    }
    let mut host = config.base_url.clone();
    host.set_path("/");
    Some(
        Diagnostic::warning(
            crate::config::CONFIG_FILE,
            format!(
                "the site lives under {base_path}: crawlers read robots.txt only at {host}robots.txt, never the {base_path}robots.txt this build writes"
            ),
        )
        .at_pos(config.base_url_pos)
        .hint(format!(
            "add \"Sitemap: {}sitemap.xml\" to {host}robots.txt, so search engines find the site's pages; then add `acknowledged: [{}]` to tailor.yaml to say it is done",
            config.base_url,
            Ack::RobotsTxt.code()
        )),
    )
}
