//! Affiliates, from `affiliates.yaml` and `affiliates.csv` (both may exist;
//! their records are merged).
//!
//! Records are parsed one at a time so every bad record is reported with its
//! own line. Slugs are derived from names when absent, by the record's
//! language; codes default to the slug.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::{read_text, slug};
use crate::config::Incentive;
use crate::diag::{Diagnostic, Diagnostics, quoted, suggest};
use crate::yaml;

pub const YAML_FILE: &str = "affiliates.yaml";
pub const CSV_FILE: &str = "affiliates.csv";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAffiliate {
    /// URL name; derived from `name` when absent.
    slug: Option<String>,
    name: String,
    company: Option<String>,
    /// Id of the segment whose page this affiliate's page is based on.
    segment: String,
    /// Referral code, as the affiliate platform has it.
    code: Option<String>,
    /// A personal note shown on the page.
    message: Option<String>,
    incentive: Option<Incentive>,
    /// Language of the record, e.g. `de`; the site's when absent.
    locale: Option<String>,
    /// Inactive affiliates get no page; their URL redirects to the segment.
    active: Option<bool>,
}

/// CSV has the YAML fields that fit in a cell; per-affiliate incentives
/// need YAML.
const CSV_COLUMNS: [&str; 8] = [
    "slug", "name", "company", "segment", "code", "message", "locale", "active",
];

/// Where a record (or one of its fields) was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<Path>,
    pub line: usize,
    /// Known for YAML fields; CSV rows have none.
    pub col: Option<usize>,
}

impl Origin {
    pub fn error(&self, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::error(&*self.file, message).at_line(Some(self.line));
        match self.col {
            Some(col) => d.at(self.line, col),
            None => d,
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Affiliate {
    pub slug: String,
    pub name: String,
    pub company: Option<String>,
    pub segment: String,
    /// The referral code as written; `plan` turns it into the platform's.
    pub code: Option<String>,
    pub message: Option<String>,
    pub incentive: Option<Incentive>,
    pub locale: String,
    pub active: bool,
    /// The record.
    pub origin: Origin,
    /// The `segment` field.
    pub segment_at: Origin,
    /// The `slug` field, or the `name` it was derived from.
    pub slug_at: Origin,
    /// The `code` field, or the record when it has none.
    pub code_at: Origin,
    /// The `incentive` field.
    pub incentive_at: Origin,
}

/// The affiliates of `affiliates.yaml` as last loaded, by the text of the
/// record they came from: after an edit only the records whose text
/// changed are parsed again, which keeps a preview of a site with many
/// affiliates quick. Records with errors are never cached.
#[derive(Debug, Clone, Default)]
pub struct RecordCache(Arc<HashMap<String, Arc<Cached>>>);

#[derive(Debug)]
pub struct Cached {
    /// The record's first line when it was loaded.
    start: usize,
    affiliates: Vec<Affiliate>,
}

impl Affiliate {
    /// The same affiliate, written `by` lines further down the file.
    fn moved(&self, by: isize) -> Affiliate {
        let shift = |o: &Origin| Origin {
            line: o.line.saturating_add_signed(by),
            ..o.clone()
        };
        Affiliate {
            origin: shift(&self.origin),
            segment_at: shift(&self.segment_at),
            slug_at: shift(&self.slug_at),
            code_at: shift(&self.code_at),
            incentive_at: shift(&self.incentive_at),
            ..self.clone()
        }
    }
}

pub(super) fn load_all(
    root: &Path,
    site_locale: &str,
    cache: &RecordCache,
    diags: &mut Diagnostics,
) -> (Vec<Affiliate>, RecordCache) {
    let mut out = Vec::new();
    let mut records = RecordCache::default();
    if root.join(YAML_FILE).exists() {
        records = load_yaml(root, site_locale, cache, &mut out, diags);
    }
    if root.join(CSV_FILE).exists() {
        load_csv(root, site_locale, &mut out, diags);
    }
    (out, records)
}

fn load_yaml(
    root: &Path,
    site_locale: &str,
    cache: &RecordCache,
    out: &mut Vec<Affiliate>,
    diags: &mut Diagnostics,
) -> RecordCache {
    let file = Path::new(YAML_FILE);
    let src = match read_text(root, file) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return RecordCache::default();
        }
    };
    let items = yaml::block_sequence_items(&src);
    if items.as_ref().is_some_and(Vec::is_empty) {
        // Only comments and blank lines: no affiliates yet.
        return RecordCache::default();
    }
    let shared_file: Arc<Path> = file.into();
    // Where each line starts, to cut out a record's text by its lines.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let record_text = |(start, end): (usize, usize)| -> &str {
        let from = line_starts.get(start - 1).copied().unwrap_or(src.len());
        let to = line_starts.get(end - 1).copied().unwrap_or(src.len());
        &src[from..to]
    };
    let bounds = |starts: &[usize], i: usize| {
        (
            starts[i],
            starts.get(i + 1).copied().unwrap_or(line_starts.len() + 1),
        )
    };
    // Finishes records spanning `lines` (when known); returns whether they
    // had no errors.
    let push = |raws: Vec<RawAffiliate>,
                lines: Option<(usize, usize)>,
                out: &mut Vec<Affiliate>,
                diags: &mut Diagnostics| {
        let errors = diags.error_count();
        for raw in raws {
            let at = |key: &str| match lines {
                Some(lines) => {
                    // Searched in the record's own lines: the file may hold
                    // a hundred thousand records.
                    let (line, col) = yaml::value_pos(record_text(lines), key)
                        .map_or((lines.0, 1), |(l, c)| (l + lines.0 - 1, c));
                    Origin {
                        file: Arc::clone(&shared_file),
                        line,
                        col: Some(col),
                    }
                }
                None => Origin {
                    file: Arc::clone(&shared_file),
                    line: 1,
                    col: None,
                },
            };
            push_record(raw, &at, site_locale, out, diags);
        }
        diags.error_count() == errors
    };

    let Some(starts) = items else {
        // Not a plain block list: parsed whole, positions unknown.
        match yaml::parse::<Vec<RawAffiliate>>(&src, file, 1) {
            Ok(raws) => {
                push(raws, None, out, diags);
            }
            Err(d) => diags
                .push(d.hint("affiliates.yaml is a list of records, each starting with \"- \"")),
        }
        return RecordCache::default();
    };

    // The whole list in one go is the fast way to read it the first time;
    // after that, records come from the cache, and only new or changed
    // ones are parsed, each on its own. So is every record when the whole
    // list has an error, so that every bad record is reported.
    let whole = if cache.0.is_empty() {
        yaml::parse::<Vec<RawAffiliate>>(&src, file, 1).ok()
    } else {
        None
    };
    let mut whole = whole
        .filter(|raws| raws.len() == starts.len())
        .map(Vec::into_iter);
    let mut next: HashMap<String, Arc<Cached>> = HashMap::with_capacity(starts.len());
    for i in 0..starts.len() {
        let lines = bounds(&starts, i);
        let text = record_text(lines);
        if let Some(cached) = cache.0.get(text) {
            out.extend(
                cached
                    .affiliates
                    .iter()
                    .map(|a| a.moved(lines.0 as isize - cached.start as isize)),
            );
            next.insert(text.to_string(), Arc::clone(cached));
            continue;
        }
        let raws = match whole.as_mut().and_then(Iterator::next) {
            Some(raw) => vec![raw],
            None => match yaml::parse::<Vec<RawAffiliate>>(text, file, lines.0) {
                Ok(raws) => raws,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            },
        };
        let before = out.len();
        if push(raws, Some(lines), out, diags) {
            next.insert(
                text.to_string(),
                Arc::new(Cached {
                    start: lines.0,
                    affiliates: out[before..].to_vec(),
                }),
            );
        }
    }
    RecordCache(Arc::new(next))
}

fn load_csv(root: &Path, site_locale: &str, out: &mut Vec<Affiliate>, diags: &mut Diagnostics) {
    let file = Path::new(CSV_FILE);
    let csv_file: Arc<Path> = file.into();
    let src = match super::read_text_up_to(root, file, super::MAX_CSV) {
        Ok(s) => s,
        Err(d) => return diags.push(d),
    };
    if src.trim().is_empty() {
        // No affiliates yet, like an empty affiliates.yaml.
        return;
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(src.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect::<Vec<_>>(),
        Err(e) => {
            return diags.push(
                Diagnostic::error(file, format!("cannot read the header row: {e}")).at(1, 1),
            );
        }
    };
    let mut header_ok = true;
    for (i, h) in headers.iter().enumerate() {
        if !CSV_COLUMNS.contains(&h.as_str()) {
            header_ok = false;
            let d = Diagnostic::error(file, format!("unknown column \"{h}\" (column {})", i + 1))
                .at(1, 1);
            diags.push(match suggest(h, CSV_COLUMNS) {
                Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                None => d.hint(format!("columns are: {}", CSV_COLUMNS.join(", "))),
            });
        }
        if headers[..i].contains(h) {
            header_ok = false;
            diags.push(Diagnostic::error(file, format!("column \"{h}\" appears twice")).at(1, 1));
        }
    }
    for required in ["name", "segment"] {
        if !headers.iter().any(|h| h == required) {
            header_ok = false;
            diags.push(
                Diagnostic::error(file, format!("missing required column \"{required}\""))
                    .at(1, 1)
                    .hint(format!("add \"{required}\" to the header row")),
            );
        }
    }
    if !header_ok {
        return;
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                diags.push(
                    Diagnostic::error(file, format!("unreadable row: {e}")).at_line(Some(line)),
                );
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != headers.len() {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "row has {} cells, the header has {}",
                        record.len(),
                        headers.len()
                    ),
                )
                .at_line(Some(line))
                .hint("quote cells that contain commas"),
            );
            continue;
        }
        let cell = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let origin = Origin {
            file: csv_file.clone(),
            line,
            col: None,
        };
        let (Some(name), Some(segment)) = (cell("name"), cell("segment")) else {
            let missing = if cell("name").is_none() {
                "name"
            } else {
                "segment"
            };
            diags.push(
                origin
                    .error(format!("the \"{missing}\" cell is empty"))
                    .hint(format!("every affiliate needs a {missing}")),
            );
            continue;
        };
        let active = match cell("active")
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("true" | "yes" | "y" | "1") => true,
            Some("false" | "no" | "n" | "0") => false,
            Some(other) => {
                diags.push(
                    origin
                        .error(format!("\"active\" is {}", quoted(other)))
                        .hint("write true or false (or leave it empty for true)"),
                );
                continue;
            }
        };
        let raw = RawAffiliate {
            slug: cell("slug"),
            name,
            company: cell("company"),
            segment,
            code: cell("code"),
            message: cell("message"),
            incentive: None,
            locale: cell("locale"),
            active: Some(active),
        };
        let at = |_: &str| origin.clone();
        push_record(raw, &at, site_locale, out, diags);
    }
}

impl Affiliate {
    /// Whether `other` would give the same page: the same record, wherever
    /// in the file it is written.
    pub fn same_page(&self, other: &Affiliate) -> bool {
        self.slug == other.slug
            && self.name == other.name
            && self.company == other.company
            && self.segment == other.segment
            && self.code == other.code
            && self.message == other.message
            && self.incentive == other.incentive
            && self.locale == other.locale
            && self.active == other.active
    }
}

/// The longest name or company an affiliate may have, in characters.
const MAX_NAME: usize = 100;
/// The longest personal message, in characters.
const MAX_MESSAGE: usize = 1000;
/// The longest referral code as written (platforms allow fewer).
const MAX_CODE: usize = 256;

/// Affiliate-supplied text is escaped on every page; what cannot be made
/// safe by escaping is refused: characters that are invisible or reorder
/// text (a name that reads differently from what it says), and lengths no
/// layout holds.
fn check_text(field: &str, value: &str, max: usize, lines: bool) -> Result<(), (String, String)> {
    if field == "name" && value.trim().is_empty() {
        return Err((
            "the name is empty".into(),
            "write the affiliate's name".into(),
        ));
    }
    if let Some((n, c)) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| crate::diag::is_hidden_control(c) && !(lines && c == '\n'))
    {
        return Err((
            format!("{field} contains the hidden character U+{:04X} at character {}", u32::from(c), n + 1),
            "remove it: invisible and text-direction control characters can make text read differently from what it says".into(),
        ));
    }
    if !lines && value.contains('\n') {
        return Err((
            format!("{field} has a line break"),
            format!("write the {field} on one line"),
        ));
    }
    let length = value.chars().count();
    if length > max {
        return Err((
            format!("{field} is {length} characters long; at most {max} fit on a page"),
            format!("shorten the {field}"),
        ));
    }
    Ok(())
}

/// Finishes a record: slug, code and locale derived and checked.
fn push_record(
    raw: RawAffiliate,
    at: &dyn Fn(&str) -> Origin,
    site_locale: &str,
    out: &mut Vec<Affiliate>,
    diags: &mut Diagnostics,
) {
    let origin = at("name");
    let mut bad_text = false;
    for (field, value, max, lines) in [
        ("name", Some(&raw.name), MAX_NAME, false),
        ("company", raw.company.as_ref(), MAX_NAME, false),
        ("message", raw.message.as_ref(), MAX_MESSAGE, true),
    ] {
        if let Some(Err((message, hint))) = value.map(|v| check_text(field, v, max, lines)) {
            diags.push(at(field).error(message).hint(hint));
            bad_text = true;
        }
    }
    if bad_text {
        return;
    }
    let locale = match raw.locale {
        None => site_locale.to_string(),
        Some(written) => match crate::lang::canonical(&written) {
            Some(tag) => tag,
            None => {
                diags.push(
                    at("locale")
                        .error(format!("locale {} is not a language tag", quoted(&written)))
                        .hint("use a code such as en, de, tr, ru, lt or pt-BR"),
                );
                return;
            }
        },
    };
    let (slug, slug_at) = match raw.slug {
        Some(s) => {
            let s = s.trim().to_string();
            if !slug::is_slug(&s) {
                let better = slug::slugify(&s, &locale);
                let d = at("slug").error(format!("slug {} is not a valid slug", quoted(&s)));
                diags.push(if better.is_empty() {
                    d.hint("use lowercase letters, digits and single hyphens")
                } else {
                    d.hint(format!(
                        "use lowercase letters, digits and single hyphens, e.g. {}",
                        quoted(&better)
                    ))
                });
                return;
            }
            if let Some(reason) = slug::reserved(&s) {
                diags.push(
                    at("slug")
                        .error(format!("slug \"{s}\" {reason}"))
                        .hint("choose another slug"),
                );
                return;
            }
            (s, at("slug"))
        }
        None => {
            let s = slug::slugify(&raw.name, &locale);
            if s.is_empty() {
                diags.push(
                    at("name")
                        .error(format!(
                            "no slug can be made from the name {}",
                            quoted(&raw.name)
                        ))
                        .hint("add a slug field of lowercase letters, digits and hyphens"),
                );
                return;
            }
            if let Some(reason) = slug::reserved(&s) {
                diags.push(
                    at("name")
                        .error(format!("the slug made from this name, \"{s}\", {reason}"))
                        .hint("add a slug field"),
                );
                return;
            }
            (s, at("name"))
        }
    };
    // The code as written; what the platform makes of it is decided in
    // `plan`, which knows the platform.
    let code = raw.code.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
    if let Some(c) = &code
        && let Err((message, hint)) = check_text("code", c, MAX_CODE, false)
    {
        diags.push(at("code").error(message).hint(hint));
        return;
    }
    let code_at = if code.is_some() { at("code") } else { origin.clone() };
    out.push(Affiliate {
        slug,
        name: raw.name.trim().to_string(),
        company: raw.company,
        segment: raw.segment.trim().to_string(),
        code,
        message: raw.message,
        incentive: raw.incentive,
        incentive_at: at("incentive"),
        locale,
        active: raw.active.unwrap_or(true),
        segment_at: at("segment"),
        origin,
        slug_at,
        code_at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(dir: &Path, cache: &RecordCache) -> (Vec<Affiliate>, RecordCache, Vec<String>) {
        let mut diags = Diagnostics::new();
        let (affiliates, cache) = load_all(dir, "en", cache, &mut diags);
        (
            affiliates,
            cache,
            diags.into_sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn a_reload_from_the_cache_equals_a_fresh_load() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| std::fs::write(dir.path().join(YAML_FILE), text).unwrap();
        write(
            "- name: Ann\n  segment: a\n- name: Bob\n  segment: b\n  code: bobby\n- name: Cy\n  segment: c\n",
        );
        let (_, cache, _) = load(dir.path(), &RecordCache::default());
        assert_eq!(cache.0.len(), 3);

        // A record added above the others, and one changed.
        write(
            "- name: Dee\n  segment: d\n- name: Ann\n  segment: a\n- name: Bob\n  segment: b\n  code: bobby\n- name: Cy\n  segment: z\n",
        );
        let (cached, cache, _) = load(dir.path(), &cache);
        let (fresh, _, _) = load(dir.path(), &RecordCache::default());
        assert_eq!(cached, fresh);
        assert_eq!(
            cached[2].code_at.line, 7,
            "positions follow the record down the file"
        );

        // A bad record is reported on every load, never cached.
        write("- name: Ann\n  segment: a\n  sluggy: x\n- name: Bob\n  segment: b\n  code: bobby\n");
        for _ in 0..2 {
            let (affiliates, next, errors) = load(dir.path(), &cache);
            assert_eq!(affiliates.len(), 1);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with("affiliates.yaml:3:3: unknown field"),
                "{errors:?}"
            );
            assert_eq!(next.0.len(), 1);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        /// Whatever bytes the CSV holds, loading reports or accepts them;
        /// it never panics.
        #[test]
        fn any_csv_loads_or_is_reported(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300), header in "(name,segment(,code|,slug|,active|,locale)?\n)?") {
            let dir = tempfile::tempdir().unwrap();
            let mut content = header.into_bytes();
            content.extend(bytes);
            std::fs::write(dir.path().join(CSV_FILE), content).unwrap();
            let mut diags = Diagnostics::new();
            let _ = load_all(dir.path(), "en", &RecordCache::default(), &mut diags);
        }

        /// Whatever text affiliates.yaml holds, loading reports or accepts it.
        #[test]
        fn any_yaml_loads_or_is_reported(text in "(- |  |name: |segment: |slug: |code: |message: |x|\"|\n|#|: |\\[|\\]){0,60}") {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(YAML_FILE), &text).unwrap();
            let mut diags = Diagnostics::new();
            let (_, cache) = load_all(dir.path(), "en", &RecordCache::default(), &mut diags);
            let mut again = Diagnostics::new();
            let _ = load_all(dir.path(), "en", &cache, &mut again);
        }
    }
}
