//! Affiliates, from `affiliates.yaml` (or `.yml`) and `affiliates.csv`
//! (both may exist; their records are merged).
//!
//! Each file has its reader — `yaml` parses records one at a time, so every
//! bad record is reported with its own line and a preview re-reads only
//! the records whose text changed; `csv` reads headers as spreadsheets and
//! platform exports write them — and every record, wherever it came from,
//! is finished by [`finish`]: its text checked, its slug derived from its
//! name by its language.

mod csv;
mod yaml;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, quoted};
use crate::inputs;
use crate::offer::Incentive;
use crate::slug;

pub use self::csv::{CsvField, SETTINGS_AT as AFFILIATES_AT};

/// What reading the affiliates needs to know of the site.
#[derive(Debug, Clone)]
pub struct Rules {
    /// The site's default language.
    pub site_locale: String,
    /// `affiliates.columns` of tailor.yaml: which CSV header holds which
    /// field, where the headers alone are ambiguous.
    pub columns: Vec<(CsvField, String)>,
    /// `affiliates:` of tailor.yaml: how affiliates.csv is written.
    pub table: crate::table::Settings,
}

/// An affiliate record as written, in either file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAffiliate {
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
    /// Where to write to the affiliate; never published.
    email: Option<String>,
    /// A picture of them: a JPEG or PNG file in the site's folder.
    photo: Option<String>,
}

/// Where a record (or one of its fields) was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<Path>,
    pub line: usize,
    /// The column, where the record's field is known.
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

    pub fn warning(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: crate::diag::Severity::Warning,
            ..self.error(message)
        }
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file.display(), self.line)
    }
}

/// An affiliate of the site, active or not: their place in
/// `Content::affiliates`. Pages, cards and kits are made for active ones
/// only, and name them by their plan's id (`plan::Active`), which is not
/// this one: the two cannot be mixed up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AffiliateId(pub usize);

typed_index!(AffiliateId => Affiliate);

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
    /// Where to write to the affiliate (never published; `tailor links`
    /// lists it).
    pub email: Option<String>,
    /// Their photo as written: a path in the site's folder, checked and
    /// read in `plan`.
    pub photo: Option<String>,
    /// The `photo` field.
    pub photo_at: Origin,
    /// The CSV's other columns, by header, as written (never published;
    /// `tailor links --columns` lists them).
    pub extra: Vec<(String, String)>,
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
    /// The `message` field: a link in the note is reported there.
    pub message_at: Origin,
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
    /// The first word of their name, for greetings ("Hi Jane"); the whole
    /// name when it has no space.
    pub fn first_name(&self) -> &str {
        self.name.split_whitespace().next().unwrap_or(&self.name)
    }

    /// The same affiliate, written `by` lines further down the file. Every
    /// field is named, so a new position field cannot be left behind.
    fn moved(&self, by: isize) -> Affiliate {
        let shift = |o: Origin| Origin {
            line: o.line.saturating_add_signed(by),
            ..o
        };
        let Affiliate {
            slug,
            name,
            company,
            segment,
            code,
            message,
            incentive,
            locale,
            active,
            email,
            photo,
            photo_at,
            extra,
            origin,
            segment_at,
            slug_at,
            code_at,
            incentive_at,
            message_at,
        } = self.clone();
        Affiliate {
            slug,
            name,
            company,
            segment,
            code,
            message,
            incentive,
            locale,
            active,
            email,
            photo,
            photo_at: shift(photo_at),
            extra,
            origin: shift(origin),
            segment_at: shift(segment_at),
            slug_at: shift(slug_at),
            code_at: shift(code_at),
            incentive_at: shift(incentive_at),
            message_at: shift(message_at),
        }
    }
}

/// Every affiliate of the site, and the YAML records for the next reload.
pub(crate) fn load_all(
    root: &Path,
    rules: &Rules,
    cache: &RecordCache,
    diags: &mut Diagnostics,
) -> (Vec<Affiliate>, RecordCache) {
    let mut out = Vec::new();
    let mut records = RecordCache::default();
    let present: Vec<&str> = inputs::AFFILIATES_YAML
        .iter()
        .copied()
        .filter(|f| root.join(f).exists())
        .collect();
    if present.len() > 1 {
        diags.push(
            Diagnostic::error(
                present[1],
                format!("both {} and {} are here", present[0], present[1]),
            )
            .hint(format!(
                "move the records of {} into {} and delete it",
                present[1], present[0]
            )),
        );
    }
    if let Some(file) = present.first() {
        records = yaml::load(
            root,
            Path::new(file),
            &rules.site_locale,
            cache,
            &mut out,
            diags,
        );
    }
    if root.join(inputs::AFFILIATES_CSV).exists() {
        csv::load(root, rules, &mut out, diags);
    }
    (out, records)
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

/// Finishes a record, wherever it was read: its text checked, its slug and
/// locale derived. `at` says where a field was written.
pub(super) fn finish(
    raw: RawAffiliate,
    extra: Vec<(String, String)>,
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
        ("email", raw.email.as_ref(), MAX_NAME * 3, false),
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
                let rule = slug::rule(&s);
                diags.push(if better.is_empty() {
                    d.hint(format!("use {rule}"))
                } else {
                    d.hint(format!("use {rule}, e.g. {}", quoted(&better)))
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
    let code = raw
        .code
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    if let Some(c) = &code
        && let Err((message, hint)) = check_text("code", c, MAX_CODE, false)
    {
        diags.push(at("code").error(message).hint(hint));
        return;
    }
    let code_at = if code.is_some() {
        at("code")
    } else {
        origin.clone()
    };
    out.push(Affiliate {
        slug,
        name: raw.name.trim().to_string(),
        company: raw.company,
        segment: raw.segment.trim().to_string(),
        code,
        message: raw.message,
        incentive: raw.incentive,
        incentive_at: at("incentive"),
        message_at: at("message"),
        locale,
        active: raw.active.unwrap_or(true),
        email: raw
            .email
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty()),
        photo: raw
            .photo
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty()),
        photo_at: at("photo"),
        extra,
        segment_at: at("segment"),
        origin,
        slug_at,
        code_at,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            site_locale: "en".into(),
            columns: Vec::new(),
            table: crate::table::Settings::new(csv::SETTINGS_AT),
        }
    }

    fn load(dir: &Path, cache: &RecordCache) -> (Vec<Affiliate>, RecordCache, Vec<String>) {
        let mut diags = Diagnostics::new();
        let (affiliates, cache) = load_all(dir, &rules(), cache, &mut diags);
        (
            affiliates,
            cache,
            diags.into_sorted().iter().map(|d| d.to_string()).collect(),
        )
    }

    #[test]
    fn a_reload_from_the_cache_equals_a_fresh_load() {
        let dir = tempfile::tempdir().unwrap();
        let write =
            |text: &str| std::fs::write(dir.path().join(inputs::AFFILIATES_YAML[0]), text).unwrap();
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
                errors[0]
                    .starts_with("affiliates.yaml:3:3: record 1 (Ann): unknown field \"sluggy\""),
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
            std::fs::write(dir.path().join(inputs::AFFILIATES_CSV), content).unwrap();
            let mut diags = Diagnostics::new();
            let _ = load_all(dir.path(), &rules(), &RecordCache::default(), &mut diags);
        }

        /// Whatever text affiliates.yaml holds, loading reports or accepts it.
        #[test]
        fn any_yaml_loads_or_is_reported(text in "(- |  |name: |segment: |slug: |code: |message: |x|\"|\n|#|: |\\[|\\]){0,60}") {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(inputs::AFFILIATES_YAML[0]), &text).unwrap();
            let mut diags = Diagnostics::new();
            let (_, cache) = load_all(dir.path(), &rules(), &RecordCache::default(), &mut diags);
            let mut again = Diagnostics::new();
            let _ = load_all(dir.path(), &rules(), &cache, &mut again);
        }
    }
}
