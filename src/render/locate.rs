//! Link problems reported where they were written.
//!
//! The link pass and `reach` find problems on finished pages, where a link
//! written in a template, a Markdown body, `tailor.yaml` or an affiliate's
//! note looks the same. Each problem comes with the first page of each
//! group that has it (the pages of a group show the same documents: see
//! `Renderer::group`). Each of those pages is rendered once more from
//! marked sources (`mark`) and read by the same pass, which then says of
//! every link the place its element was written; the place is narrowed to
//! the attribute's value in the tag, or to the URL in a script or a note.
//! One problem written in one place is one error, however many pages show
//! it; a link in `{{ site.signup_url }}` is reported at `tailor.yaml`,
//! where its value is. Only a link no mark reaches (one a template puts
//! together from a string) is looked for by its text, as a last resort
//! (`findings`, `reach::Reach::written`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Renderer;
use super::reach::{Problem, Reach};
use crate::content::html::line_col;
use crate::diag::{Diagnostic, Severity};
use crate::plan::ArtifactId;
use crate::track::Finding;

/// Each finding of the site's pages, with the first page of each group
/// that has it.
pub type Found = BTreeMap<Finding, BTreeMap<u64, ArtifactId>>;

/// What a marked page says of its links.
struct Marked {
    findings: Vec<Finding>,
    /// Its internal links, with their marks.
    internal: Vec<(String, Option<String>)>,
    base: Option<String>,
}

/// Every finding and problem as diagnostics at the places that write
/// them: (errors, warnings).
pub(super) fn diagnostics(
    renderer: &Renderer,
    reach: &Reach,
    found: Found,
    problems: Vec<Problem>,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    if found.is_empty() && problems.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let site = renderer.site;
    let theme = renderer.theme;
    let pages: BTreeSet<ArtifactId> = found
        .values()
        .flat_map(|groups| groups.values().copied())
        .chain(problems.iter().flat_map(|p| p.pages.iter().copied()))
        .collect();
    let marked: HashMap<ArtifactId, Marked> = match renderer.marked() {
        Ok(again) => pages
            .par_iter()
            .filter_map(|&n| {
                let p = again.produce(n).ok()?;
                let internal = p
                    .internal
                    .into_iter()
                    .zip(p.internal_at.into_iter().chain(std::iter::repeat(None)))
                    .collect();
                Some((
                    n,
                    Marked {
                        findings: p.findings,
                        internal,
                        base: p.base,
                    },
                ))
            })
            .collect(),
        Err(_) => HashMap::new(),
    };
    let mut files = Files {
        root: &site.config.root,
        text: HashMap::new(),
    };
    let templates = &theme.templates_dir;
    let signup = site.config.signup_url_pos.map(|(line, col)| {
        (
            PathBuf::from(crate::config::CONFIG_FILE),
            site.config.signup_url.as_str(),
            line,
            col,
        )
    });
    // One error for each kind of problem at each place: the same template
    // expression writes a different URL on every page (a track() escaped
    // for HTML), which is one cause.
    type Place = (Severity, PathBuf, Option<u32>, Option<u32>, String);
    let mut out: BTreeMap<Place, (String, String)> = BTreeMap::new();
    let mut add = |kind: String, d: Diagnostic| {
        out.entry((d.severity, d.file, d.line, d.col, kind))
            .or_insert((d.message, d.hint.unwrap_or_default()));
    };
    let mut by_text = None;
    for (finding, groups) in &found {
        let (message, hint) = finding.kind.explain(&finding.href, &site.policy);
        let severity = finding.kind.severity();
        let kind = format!("{:?} {}", finding.kind, finding.attr);
        let mut places = BTreeSet::new();
        for n in groups.values() {
            let Some(m) = marked.get(n) else { continue };
            for f in &m.findings {
                if f.kind == finding.kind && f.href == finding.href && f.attr == finding.attr {
                    places.extend(f.at.clone());
                }
            }
        }
        let mut located = false;
        for at in &places {
            let Some((file, line, col, value)) = files.place(at, &[&finding.attr], &finding.href)
            else {
                continue;
            };
            located = true;
            // The signup URL a template writes as {{ site.signup_url }}
            // is wrong in tailor.yaml, once, not in every template.
            let (file, line, col) = match &signup {
                Some((config, url, l, c))
                    if file.starts_with(templates)
                        && finding.href == *url
                        && value.starts_with("{{") =>
                {
                    (config.clone(), *l, *c)
                }
                _ => (file, line, col),
            };
            add(
                kind.clone(),
                diagnostic(severity, file, &message, &hint).at(line, col),
            );
        }
        if !located {
            let sources = by_text.get_or_insert_with(|| super::findings::sources(site, theme));
            add(
                kind,
                super::findings::by_text(site, theme, sources, finding),
            );
        }
    }
    let theme_dir = templates.parent().unwrap_or(Path::new(""));
    for problem in &problems {
        let mut places = BTreeSet::new();
        for &n in &problem.pages {
            let Some(m) = marked.get(&n) else { continue };
            for (href, at) in &m.internal {
                if let Some(at) = at
                    && reach
                        .reach(n, href, m.base.as_deref())
                        .is_some_and(|r| r.target() == &problem.target)
                {
                    places.insert((at.clone(), href.clone()));
                }
            }
        }
        let mut located = false;
        for (at, href) in &places {
            let attrs = ["href", "src", "data", "xlink:href"];
            if let Some((file, line, col, _)) = files.place(at, &attrs, href) {
                located = true;
                let message = problem.message(href);
                add(
                    problem.kind.to_string(),
                    diagnostic(problem.severity, file, &message, &problem.hint).at(line, col),
                );
            }
        }
        if !located {
            for d in reach.written(problem, theme_dir) {
                add(problem.kind.to_string(), d);
            }
        }
    }
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    for ((severity, file, line, col, _), (message, hint)) in out {
        let mut d = diagnostic(severity, file, &message, &hint);
        d.line = line;
        d.col = col;
        match severity {
            Severity::Error => errors.push(d),
            Severity::Warning => warnings.push(d),
        }
    }
    (errors, warnings)
}

fn diagnostic(severity: Severity, file: PathBuf, message: &str, hint: &str) -> Diagnostic {
    let d = match severity {
        Severity::Error => Diagnostic::error(file, message),
        Severity::Warning => Diagnostic::warning(file, message),
    };
    if hint.is_empty() { d } else { d.hint(hint) }
}

/// The site's files a mark names, read once each.
struct Files<'a> {
    root: &'a Path,
    text: HashMap<PathBuf, Option<String>>,
}

impl Files<'_> {
    /// The file, line and column a mark (`file:line:col`) says, narrowed
    /// to where the link is: in a tag, to the value of the first of
    /// `attrs` it has; anywhere else (a script, a note, a Markdown link),
    /// to `href` written at or after the mark. And the text written there
    /// (the attribute's value as written, for a tag).
    fn place(
        &mut self,
        mark: &str,
        attrs: &[&str],
        href: &str,
    ) -> Option<(PathBuf, usize, usize, String)> {
        let (file, line, col) = crate::mark::parse(mark)?;
        let root = self.root;
        let text = self
            .text
            .entry(file.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&file)).ok());
        let Some(text) = text.as_deref() else {
            return Some((file, line, col, String::new()));
        };
        let at = offset_of(text, line, col);
        let tag = text[at..].starts_with('<') && attrs.first() != Some(&"script");
        let found = if tag {
            // In the value, at the URL where it is written out (a refresh's
            // `0; url=…`).
            attrs
                .iter()
                .find_map(|a| attribute_value(text, at, a))
                .map(|(from, to)| match text[from..to].find(href) {
                    Some(i) => from + i,
                    None => from,
                })
        } else {
            written_after(text, at, href)
        };
        let pos = found.unwrap_or(at);
        let value: String = text[pos..]
            .chars()
            .take_while(|&c| !matches!(c, '"' | '\'' | '>' | '\n'))
            .collect();
        let (line, col) = line_col(text, pos);
        Some((file, line, col, value))
    }
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..).unwrap_or("");
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// Where the value of attribute `name` is in the tag written at `lt` (a
/// template's `{{ … }}` and `{% … %}` stepped over), if it has one.
fn attribute_value(text: &str, lt: usize, name: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = lt + 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'>' | b'/') {
        i += 1;
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return None;
        }
        if b[i] == b'{' && matches!(b.get(i + 1), Some(b'{' | b'%' | b'#')) {
            let close: &[u8] = match b[i + 1] {
                b'{' => b"}}",
                b'%' => b"%}",
                _ => b"#}",
            };
            i = memchr::memmem::find(&b[i + 2..], close).map_or(b.len(), |e| i + 2 + e + 2);
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attr = &text[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            if attr.eq_ignore_ascii_case(name) {
                return None;
            }
            continue;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let from = i + 1;
                let to = memchr::memchr(q, &b[from..]).map_or(b.len(), |e| from + e);
                i = (to + 1).min(b.len());
                (from, to)
            }
            _ => {
                let from = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                (from, i)
            }
        };
        if attr.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// Where `href` is written at or after `at`: as it is, or (a URL a
/// script writes escaped) from its host on.
fn written_after(text: &str, at: usize, href: &str) -> Option<usize> {
    let rest = text.get(at..)?;
    if let Some(i) = rest.find(href) {
        return Some(at + i);
    }
    let host = href
        .split_once("//")
        .map(|(_, h)| h.split(['/', '?', '#', '\\']).next().unwrap_or(h))
        .filter(|h| !h.is_empty())?;
    let lower = rest.to_ascii_lowercase();
    lower.find(&host.to_ascii_lowercase()).map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_s_attribute_value_is_found_among_others() {
        let text =
            "x\n  <form method=post {% if a %}data-x{% endif %} ACTION='https://a.example/'>";
        let lt = text.find('<').unwrap();
        let (at, end) = attribute_value(text, lt, "action").unwrap();
        assert_eq!(&text[at..end], "https://a.example/");
        assert_eq!(line_col(text, at), (2, 57));
        assert_eq!(attribute_value(text, lt, "href"), None);
        assert_eq!(attribute_value("<a href=/x>", 0, "href"), Some((8, 10)));
    }

    #[test]
    fn lines_and_columns_read_back() {
        let text = "ab\ncdé\nf";
        for at in [0, 1, 3, 5, 8] {
            let (line, col) = line_col(text, at);
            assert_eq!(offset_of(text, line, col), at);
        }
    }

    #[test]
    fn a_url_is_found_after_its_mark_as_written_or_by_its_host() {
        let text = "<script>\nlocation = 'https:\\/\\/app.acme.example\\/x';\n</script>";
        let at = written_after(text, 0, "https://app.acme.example/x").unwrap();
        assert!(text[at..].starts_with("app.acme.example"));
        assert_eq!(written_after("a b", 0, "https://c.example/"), None);
    }
}
