//! A theme's text in each language, from `i18n/<lang>.yaml`: buttons,
//! headings, the disclosure. A key missing in a language falls back to the
//! language's primary one (`de` for `de-AT`), then to the site's default
//! language, then to the text tailor itself writes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::Value;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::inputs::read_text;

/// Text tailor itself writes (page titles and descriptions), in English,
/// for themes that do not say it in `i18n/`.
const BUILT_IN: [(&str, &str); 16] = [
    ("index_title", "{site} partner program"),
    // The reward as a phrase ("$200 for every customer"), as a label
    // ("$200 credit per referred customer"), or none.
    (
        "index_description",
        "Refer customers to {site} and earn {reward}.",
    ),
    (
        "index_description_label",
        "Refer customers to {site}. Your reward: {reward}.",
    ),
    ("index_description_plain", "Refer customers to {site}."),
    ("not_found_title", "Page not found"),
    ("not_found_description", "This page does not exist."),
    ("affiliate_title", "{headline} — recommended by {name}"),
    // The copy of segments `tailor derive` drafts.
    ("derive_name", "{niche} teams from {channel}"),
    (
        "derive_headline",
        "{niche} teams beat {pain} with {use_case}",
    ),
    (
        "derive_headline_use",
        "{niche} teams run on {use_case} with {product}",
    ),
    (
        "derive_headline_pain",
        "{niche} teams beat {pain} with {product}",
    ),
    ("derive_headline_plain", "{product} for {niche} teams"),
    (
        "derive_subheadline",
        "{niche} teams use {product} for {use_cases}, after {pains} held them back.",
    ),
    (
        "derive_subheadline_uses",
        "{niche} teams use {product} for {use_cases}.",
    ),
    (
        "derive_subheadline_pains",
        "{niche} teams chose {product} after {pains} held them back.",
    ),
    (
        "derive_subheadline_plain",
        "{niche} teams already use {product}.",
    ),
];

/// The site's own wording for a theme text, in one language: from
/// `text:` in tailor.yaml or `i18n/<lang>.yaml` at the site's root.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub lang: String,
    pub key: String,
    pub text: String,
    /// Where it is written, relative to the site root.
    pub file: PathBuf,
    pub pos: Option<(usize, usize)>,
}

/// A theme's text — buttons, headings — from `i18n/<lang>.yaml`: a map of
/// keys to strings with `{placeholders}`. A key missing in a language falls
/// back to the site's default language. The site's own wording (its
/// `i18n/` folder, then `text:` in tailor.yaml) replaces the theme's, key
/// by key, in its language.
#[derive(Debug, Default)]
pub struct I18n {
    default: String,
    /// `themes/<name>/i18n`, relative to the site root.
    pub dir: PathBuf,
    pub texts: BTreeMap<String, BTreeMap<String, String>>,
    /// The same, HTML-escaped, as a template value: the `texts` of every
    /// page in that language, which `t()` prints.
    values: HashMap<String, Value>,
    /// The keys every language has a text for.
    keys: std::collections::HashSet<String>,
}

impl I18n {
    pub(super) fn load(
        root: &Path,
        dir: PathBuf,
        default: &str,
        config_text: &[Override],
        diags: &mut Diagnostics,
    ) -> I18n {
        let mut texts = BTreeMap::new();
        for file in crate::inputs::list(
            root,
            &dir.to_string_lossy(),
            &["yaml", "yml"],
            "text file",
            diags,
        ) {
            let stem = crate::inputs::stem(&file);
            let lang = crate::lang::canonical(&stem).unwrap_or(stem);
            match read_text(root, &file)
                .map_err(|d| vec![d])
                .and_then(|src| crate::yaml::parse::<BTreeMap<String, String>>(&src, &file, 1))
            {
                Ok(map) => {
                    for (key, text) in &map {
                        for (severity, why) in plural_problems(&lang, text) {
                            diags.push(plural_diagnostic(severity, &file, None, key, why));
                        }
                    }
                    texts.insert(lang, map);
                }
                Err(d) => diags.extend(d),
            }
        }
        let mut overrides = site_texts(root, diags);
        overrides.extend(config_text.iter().cloned());
        apply(&mut texts, overrides, diags);
        let resolved = resolved_tables(default, &texts);
        let values = resolved
            .iter()
            .map(|(lang, table)| {
                let table: BTreeMap<&String, Value> = table
                    .iter()
                    .map(|(k, v)| (k, Value::safe_string(&html_escape::encode_safe(v))))
                    .collect();
                (lang.clone(), Value::from_serializable(&table))
            })
            .collect();
        let keys = resolved
            .get(default)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        I18n {
            keys,
            default: default.to_string(),
            dir,
            texts,
            values,
        }
    }

    /// The keys every language has a text for: the default language's
    /// (every other language falls back to it).
    pub(super) fn keys_everywhere(&self) -> std::collections::HashSet<String> {
        self.keys.clone()
    }

    /// Every text of `lang`, escaped, as a template value: the `texts` of
    /// a page in `lang`.
    pub fn value(&self, lang: &str) -> Value {
        self.values
            .get(lang)
            .or_else(|| self.values.get(crate::lang::primary(lang)))
            .or_else(|| self.values.get(&self.default))
            .cloned()
            .unwrap_or_else(|| Value::from_serializable(&BTreeMap::<String, String>::new()))
    }

    /// The text for `key` in `lang`: the language itself, its primary
    /// language (`de` for `de-AT`), then the default language.
    pub fn text(&self, lang: &str, key: &str) -> Option<&str> {
        own_tables(&self.texts, lang)
            .chain(self.texts.get(&self.default))
            .find_map(|m| m.get(key))
            .map(String::as_str)
            .or_else(|| BUILT_IN.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
    }

    /// What of the default language's text `lang` shows in the default
    /// language, by the same fallback as [`text`](Self::text): `None`
    /// when neither the language nor its primary language has any text,
    /// else the keys neither has (`pt-BR` reads `pt`'s).
    pub fn untranslated(&self, lang: &str) -> Option<Vec<&str>> {
        let Some(base) = self.texts.get(&self.default) else {
            return Some(Vec::new());
        };
        let own: Vec<&BTreeMap<String, String>> = own_tables(&self.texts, lang).collect();
        if own.is_empty() {
            return None;
        }
        Some(
            base.keys()
                .filter(|k| !own.iter().any(|t| t.contains_key(*k)))
                .map(String::as_str)
                .collect(),
        )
    }

    /// [`text`](Self::text) with `{name}` placeholders filled.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        args: &[(&str, &str)],
    ) -> Result<String, Diagnostic> {
        let text = self.text(lang, key).ok_or_else(|| self.missing(key))?;
        Ok(fill(lang, text, args))
    }

    pub(super) fn missing(&self, key: &str) -> Diagnostic {
        Diagnostic::error(
            self.dir.join(format!("{}.yaml", self.default)),
            format!("no text for \"{key}\""),
        )
        .hint(format!(
            "add a line \"{key}: ...\" for the default language"
        ))
    }
}

/// `text` with each `{name}` of `args` replaced by its value, in one pass
/// over the text: a value is never read for placeholders itself (an
/// affiliate named `{url}` stays so). A `{name}` `args` lacks stays.
///
/// A count is written the way ICU MessageFormat writes it, which
/// translators know: `{days, plural, one {# day} other {# days}}` picks
/// the form of the CLDR plural category of the value of `days` in `lang`
/// (ICU4X's rules: Russian 1, 21 `one`; 2, 22 `few`; 5, 11, 25 `many`;
/// 1.5 `other`), or an exact `=0 {…}` form first; `#` in the form is the
/// value. A value that is no number takes `other`.
pub fn fill(lang: &str, text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    fill_into(&mut out, lang, text, args, None);
    out
}

fn fill_into(out: &mut String, lang: &str, text: &str, args: &[(&str, &str)], hash: Option<&str>) {
    let mut rest = text;
    loop {
        let next = match hash {
            Some(_) => rest.find(['{', '#']),
            None => rest.find('{'),
        };
        let Some(open) = next else {
            break;
        };
        out.push_str(&rest[..open]);
        if rest.as_bytes()[open] == b'#' {
            out.push_str(hash.unwrap_or("#"));
            rest = &rest[open + 1..];
            continue;
        }
        let after = &rest[open + 1..];
        if let Some(Ok(plural)) = plural_block(after) {
            let value = args
                .iter()
                .find(|(n, _)| *n == plural.name)
                .map(|(_, v)| *v);
            match value.and_then(|v| plural.form_for(lang, v)) {
                Some(form) => fill_into(out, lang, form, args, value),
                // Without its value the block stays as written.
                None => out.push_str(&rest[open..open + 1 + plural.len]),
            }
            rest = &after[plural.len..];
            continue;
        }
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (close, *v))
        });
        match value {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// A `{count, plural, one {…} other {…}}` block, read from just after its
/// opening brace.
#[derive(Debug, PartialEq)]
struct Plural<'a> {
    name: &'a str,
    /// Each selector (`one`, `=0`) with its form, as written.
    forms: Vec<(&'a str, &'a str)>,
    /// Bytes from after the opening brace to after the closing one.
    len: usize,
}

impl Plural<'_> {
    /// The form for `value` in `lang`: an exact `=N` first, then the
    /// value's CLDR category, then `other`.
    fn form_for(&self, lang: &str, value: &str) -> Option<&str> {
        let number: Option<f64> = value.trim().parse().ok();
        let exact = self.forms.iter().find(|(sel, _)| {
            sel.strip_prefix('=')
                .and_then(|n| n.parse::<f64>().ok())
                .is_some_and(|n| Some(n) == number)
        });
        let category = number.and_then(|_| plural_category(lang, value.trim()));
        let by = |name: &str| self.forms.iter().find(|(sel, _)| *sel == name);
        exact
            .or_else(|| category.and_then(by))
            .or_else(|| by("other"))
            .map(|(_, form)| *form)
    }
}

/// The CLDR name of `number`'s cardinal plural category in `lang`.
fn plural_category(lang: &str, number: &str) -> Option<&'static str> {
    let rules = plural_rules(lang)?;
    let number = fixed_decimal::Decimal::try_from_str(number).ok()?;
    Some(category_name(rules.category_for(&number)))
}

fn plural_rules(lang: &str) -> Option<icu_plurals::PluralRules> {
    let locale = icu_locale_core::Locale::try_from_str(lang).ok()?;
    icu_plurals::PluralRules::try_new_cardinal((&locale).into()).ok()
}

fn category_name(c: icu_plurals::PluralCategory) -> &'static str {
    use icu_plurals::PluralCategory::*;
    match c {
        Zero => "zero",
        One => "one",
        Two => "two",
        Few => "few",
        Many => "many",
        Other => "other",
    }
}

/// Reads a plural block from just after its `{`: `None` when it is no
/// plural block (a plain `{name}`), an error saying what is wrong when it
/// starts as one (`{name, plural,`) but is not written right.
fn plural_block(after: &str) -> Option<Result<Plural<'_>, String>> {
    let comma = after.find([',', '}'])?;
    if after.as_bytes()[comma] != b',' {
        return None;
    }
    let name = after[..comma].trim();
    let rest = &after[comma + 1..];
    let kind_end = rest.find([',', '}'])?;
    if rest[..kind_end].trim() != "plural" {
        return None;
    }
    if name.is_empty() || name.contains(['{', ' ']) {
        return Some(Err(format!(
            "\"{{{name}, plural, …}}\" names no placeholder"
        )));
    }
    if rest.as_bytes()[kind_end] != b',' {
        return Some(Err(format!(
            "{{{name}, plural}} has no forms: write {{{name}, plural, one {{…}} other {{…}}}}"
        )));
    }
    let base = comma + 1 + kind_end + 1;
    let mut at = base;
    let bytes = after.as_bytes();
    let mut forms = Vec::new();
    loop {
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        match bytes.get(at) {
            None => {
                return Some(Err(format!(
                    "{{{name}, plural, …}} is not closed: it needs a }} after its last form"
                )));
            }
            Some(b'}') => break,
            _ => {}
        }
        let sel_start = at;
        while at < bytes.len()
            && !bytes[at].is_ascii_whitespace()
            && bytes[at] != b'{'
            && bytes[at] != b'}'
        {
            at += 1;
        }
        let selector = &after[sel_start..at];
        while at < bytes.len() && bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        if bytes.get(at) != Some(&b'{') {
            return Some(Err(format!(
                "{{{name}, plural, …}}: \"{selector}\" needs its form in braces, as in one {{# day}}"
            )));
        }
        let form_start = at + 1;
        let mut depth = 1;
        at += 1;
        while at < bytes.len() && depth > 0 {
            match bytes[at] {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
            at += 1;
        }
        if depth > 0 {
            return Some(Err(format!(
                "{{{name}, plural, …}}: the form of \"{selector}\" is not closed"
            )));
        }
        forms.push((selector, &after[form_start..at - 1]));
    }
    Some(Ok(Plural {
        name,
        forms,
        len: at + 1,
    }))
}

/// What is wrong with the plural blocks of a text in `lang`: one that is
/// not written right, a selector that is no CLDR category, no `other`
/// form, or a category the language's numbers fall in (CLDR) without its
/// form — Russian needs `one`, `few` and `many` besides `other`.
pub fn plural_problems(lang: &str, text: &str) -> Vec<(Severity, String)> {
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match plural_block(after) {
            None => {
                rest = after;
                continue;
            }
            Some(Err(why)) => {
                problems.push((Severity::Error, why));
                break;
            }
            Some(Ok(plural)) => {
                let name = plural.name;
                for (sel, form) in &plural.forms {
                    let known = icu_plurals::PluralCategory::get_for_cldr_string(sel).is_some()
                        || sel
                            .strip_prefix('=')
                            .is_some_and(|n| n.parse::<f64>().is_ok());
                    if !known {
                        problems.push((Severity::Error, format!(
                            "{{{name}, plural, …}}: \"{sel}\" is no plural category (zero, one, two, few, many, other, or =N for one number)"
                        )));
                    }
                    problems.extend(plural_problems(lang, form));
                }
                let has = |c: &str| plural.forms.iter().any(|(sel, _)| *sel == c);
                if !has("other") {
                    problems.push((Severity::Error, format!("{{{name}, plural, …}} has no \"other\" form, which every number may fall back to")));
                }
                if let Some(rules) = plural_rules(lang) {
                    let needed: Vec<&str> = rules.categories().map(category_name).collect();
                    let missing: Vec<&str> = needed.iter().copied().filter(|c| !has(c)).collect();
                    if !missing.is_empty() {
                        problems.push((Severity::Warning, format!(
                            "{{{name}, plural, …}} has no {} form: numbers in {lang} take {} (CLDR), and those fall back to \"other\"",
                            missing.join(", "),
                            needed.join(", ")
                        )));
                    }
                }
                rest = &after[plural.len..];
            }
        }
    }
    problems
}

fn plural_diagnostic(
    severity: Severity,
    file: &Path,
    pos: Option<(usize, usize)>,
    key: &str,
    why: String,
) -> Diagnostic {
    let d = match severity {
        Severity::Error => Diagnostic::error(file, format!("{key}: {why}")),
        Severity::Warning => Diagnostic::warning(file, format!("{key}: {why}")),
    };
    d.at_pos(pos).hint(
        "write a count as {days, plural, one {# day} other {# days}}, with a form for each category the language's numbers take",
    )
}

/// `i18n/<lang>.yaml` at the site root, each key with where it is.
fn site_texts(root: &Path, diags: &mut Diagnostics) -> Vec<Override> {
    let mut out = Vec::new();
    if !root.join(crate::inputs::SITE_TEXT).is_dir() {
        return out;
    }
    for file in crate::inputs::list(
        root,
        crate::inputs::SITE_TEXT,
        &["yaml", "yml"],
        "text file",
        diags,
    ) {
        let stem = crate::inputs::stem(&file);
        let Some(lang) = crate::lang::canonical(&stem) else {
            diags.push(
                Diagnostic::error(&file, format!("\"{stem}\" is no language"))
                    .hint("name the file after its language: i18n/en.yaml, i18n/de.yaml"),
            );
            continue;
        };
        let read = read_text(root, &file)
            .map_err(|d| vec![d])
            .and_then(|src| crate::yaml::read_doc::<BTreeMap<String, String>>(&src, &file, 1));
        match read {
            Ok((map, doc)) => {
                for (key, text) in map {
                    out.push(Override {
                        pos: doc.key_pos(&key),
                        lang: lang.clone(),
                        key,
                        text,
                        file: file.clone(),
                    });
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    out
}

/// The site's wording over the theme's. A key no theme text has is an
/// error: a misspelt key would silently change nothing.
fn apply(
    texts: &mut BTreeMap<String, BTreeMap<String, String>>,
    overrides: Vec<Override>,
    diags: &mut Diagnostics,
) {
    let known: std::collections::BTreeSet<String> = texts
        .values()
        .flat_map(|t| t.keys().cloned())
        .chain(BUILT_IN.iter().map(|(k, _)| k.to_string()))
        .collect();
    for o in overrides {
        if !known.contains(&o.key) {
            let d = Diagnostic::error(&o.file, format!("\"{}\" is no text of the theme", o.key))
                .at_pos(o.pos);
            diags.push(
                match crate::diag::suggest(&o.key, known.iter().map(String::as_str)) {
                    Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                    None => d.hint("the keys are those of the theme's i18n/<lang>.yaml"),
                },
            );
            continue;
        }
        for (severity, why) in plural_problems(&o.lang, &o.text) {
            diags.push(plural_diagnostic(severity, &o.file, o.pos, &o.key, why));
        }
        texts.entry(o.lang).or_default().insert(o.key, o.text);
    }
}

/// The tables `lang` reads before the default language's, nearest first:
/// its own, then its primary language's (`de` for `de-AT`), those that
/// exist. The one fallback rule of theme text.
fn own_tables<'a>(
    texts: &'a BTreeMap<String, BTreeMap<String, String>>,
    lang: &str,
) -> impl Iterator<Item = &'a BTreeMap<String, String>> {
    let primary = crate::lang::primary(lang);
    let primary = (primary != lang).then_some(primary);
    std::iter::once(lang)
        .chain(primary)
        .filter_map(move |l| texts.get(l))
}

/// Every language's texts with their fallbacks (its primary language, the
/// default language, the built-in texts).
fn resolved_tables(
    default: &str,
    texts: &BTreeMap<String, BTreeMap<String, String>>,
) -> HashMap<String, HashMap<String, String>> {
    let mut base: HashMap<String, String> = BUILT_IN
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    base.extend(texts.get(default).cloned().unwrap_or_default());
    let mut tables = HashMap::new();
    for lang in texts.keys() {
        let mut table = base.clone();
        // The primary language's texts, then the language's own over them.
        let own: Vec<_> = own_tables(texts, lang).collect();
        for t in own.into_iter().rev() {
            table.extend(t.clone());
        }
        tables.insert(lang.clone(), table);
    }
    tables.insert(default.to_string(), base);
    tables
}

#[cfg(test)]
mod tests {
    use super::{fill, plural_problems};

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        assert_eq!(
            fill(
                "en",
                "{name} shares {url}",
                &[("name", "{url}"), ("url", "https://x")]
            ),
            "{url} shares https://x"
        );
        assert_eq!(
            fill("en", "{a}{b} {c} {", &[("a", "1"), ("b", "2")]),
            "12 {c} {"
        );
        assert_eq!(
            fill("en", "no placeholders", &[("a", "1")]),
            "no placeholders"
        );
        // A value is never read as a plural block or a `#` either.
        assert_eq!(
            fill(
                "en",
                "{name}: {n, plural, one {# item for {name}} other {# items}}",
                &[("name", "{n, plural, other {#}} #"), ("n", "1")]
            ),
            "{n, plural, other {#}} #: 1 item for {n, plural, other {#}} #"
        );
        // `#` outside a plural block is text.
        assert_eq!(fill("en", "#1 {a}", &[("a", "x")]), "#1 x");
    }

    /// The theme's count of days, in each language it speaks, for the
    /// numbers whose forms differ somewhere.
    #[test]
    fn counts_take_the_plural_form_of_their_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let numbers = [
            "0", "1", "2", "3", "5", "11", "21", "22", "25", "101", "1.5",
        ];
        // The forms for the numbers above, as the theme's step 2 reads
        // them ("for 21 days"), written by native speakers.
        let expected = [
            (
                "en",
                "0 days|1 day|2 days|3 days|5 days|11 days|21 days|22 days|25 days|101 days|1.5 days",
            ),
            (
                "de",
                "0 Tage|1 Tag|2 Tage|3 Tage|5 Tage|11 Tage|21 Tage|22 Tage|25 Tage|101 Tage|1.5 Tage",
            ),
            (
                "ru",
                "0 дней|1 день|2 дня|3 дня|5 дней|11 дней|21 день|22 дня|25 дней|101 день|1.5 дня",
            ),
            (
                "uk",
                "0 днів|1 день|2 дні|3 дні|5 днів|11 днів|21 день|22 дні|25 днів|101 день|1.5 дня",
            ),
            (
                "pl",
                "0 dni|1 dzień|2 dni|3 dni|5 dni|11 dni|21 dni|22 dni|25 dni|101 dni|1.5 dnia",
            ),
            (
                "cs",
                "0 dní|1 den|2 dny|3 dny|5 dní|11 dní|21 dní|22 dní|25 dní|101 dní|1.5 dne",
            ),
            (
                "lt",
                "0 dienų|1 dieną|2 dienas|3 dienas|5 dienas|11 dienų|21 dieną|22 dienas|25 dienas|101 dieną|1.5 dienos",
            ),
            (
                "tr",
                "0 gün|1 gün|2 gün|3 gün|5 gün|11 gün|21 gün|22 gün|25 gün|101 gün|1.5 gün",
            ),
            (
                "fr",
                "0 jour|1 jour|2 jours|3 jours|5 jours|11 jours|21 jours|22 jours|25 jours|101 jours|1.5 jour",
            ),
            (
                "es",
                "0 días|1 día|2 días|3 días|5 días|11 días|21 días|22 días|25 días|101 días|1.5 días",
            ),
            (
                "pt",
                "0 dia|1 dia|2 dias|3 dias|5 dias|11 dias|21 dias|22 dias|25 dias|101 dias|1.5 dia",
            ),
            (
                "pt-PT",
                "0 dias|1 dia|2 dias|3 dias|5 dias|11 dias|21 dias|22 dias|25 dias|101 dias|1.5 dias",
            ),
            (
                "it",
                "0 giorni|1 giorno|2 giorni|3 giorni|5 giorni|11 giorni|21 giorni|22 giorni|25 giorni|101 giorni|1.5 giorni",
            ),
            (
                "nl",
                "0 dagen|1 dag|2 dagen|3 dagen|5 dagen|11 dagen|21 dagen|22 dagen|25 dagen|101 dagen|1.5 dagen",
            ),
            (
                "sv",
                "0 dagar|1 dag|2 dagar|3 dagar|5 dagar|11 dagar|21 dagar|22 dagar|25 dagar|101 dagar|1.5 dagar",
            ),
            (
                "da",
                "0 dage|1 dag|2 dage|3 dage|5 dage|11 dage|21 dage|22 dage|25 dage|101 dage|1.5 dag",
            ),
            (
                "nb",
                "0 dager|1 dag|2 dager|3 dager|5 dager|11 dager|21 dager|22 dager|25 dager|101 dager|1.5 dager",
            ),
            (
                "fi",
                "0 päivän|1 päivän|2 päivän|3 päivän|5 päivän|11 päivän|21 päivän|22 päivän|25 päivän|101 päivän|1.5 päivän",
            ),
            (
                "ar",
                "0 يوم|1 يوم|2 يومين|3 أيام|5 أيام|11 يومًا|21 يومًا|22 يومًا|25 يومًا|101 يوم|1.5 يوم",
            ),
            (
                "he",
                "0 ימים|1 יום|2 ימים|3 ימים|5 ימים|11 ימים|21 ימים|22 ימים|25 ימים|101 ימים|1.5 ימים",
            ),
            (
                "ja",
                "0日間|1日間|2日間|3日間|5日間|11日間|21日間|22日間|25日間|101日間|1.5日間",
            ),
            ("zh", "0天|1天|2天|3天|5天|11天|21天|22天|25天|101天|1.5天"),
            ("ko", "0일|1일|2일|3일|5일|11일|21일|22일|25일|101일|1.5일"),
        ];
        for (lang, forms) in expected {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            let table: std::collections::BTreeMap<String, String> =
                yaml_serde::from_str(&text).unwrap();
            for key in ["step2_text", "step2_text_consent"] {
                let text = &table[key];
                assert!(
                    plural_problems(lang, text).is_empty(),
                    "{lang} {key}: {:?}",
                    plural_problems(lang, text)
                );
                for (n, form) in numbers.iter().zip(forms.split('|')) {
                    // A no-break space between the number and its noun
                    // reads as a space.
                    let filled =
                        fill(lang, text, &[("days", n)]).replace(['\u{a0}', '\u{202f}'], " ");
                    // The form as a whole word: "1 day", not "1 days"
                    // (Japanese, Chinese and Korean have one form and
                    // write no spaces).
                    let spaced = !matches!(lang, "ja" | "zh" | "ko");
                    let whole = filled.match_indices(form).any(|(at, _)| {
                        !spaced
                            || !filled[at + form.len()..]
                                .chars()
                                .next()
                                .is_some_and(char::is_alphabetic)
                    });
                    assert!(whole, "{lang} {key} {n}: {filled}");
                }
            }
        }
    }

    /// Every language of the default theme has every key of its English
    /// text, and fills in the same values: a translation that drops
    /// `{name}` from the disclosure, or a key left out (the page would
    /// fall back to English), is caught here.
    #[test]
    fn every_language_of_the_theme_has_every_text_with_its_values() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let read = |lang: &str| -> std::collections::BTreeMap<String, String> {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            yaml_serde::from_str(&text).unwrap()
        };
        let en = read("en");
        // Every name English fills in, each with a value that shows where
        // it went; counts get a number.
        let mut names = std::collections::BTreeSet::new();
        for text in en.values() {
            for (i, _) in text.match_indices('{') {
                let name: String = text[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        }
        let values: Vec<(String, String)> = names
            .iter()
            .map(|n| {
                let value = if n == "days" {
                    "1000003".into()
                } else {
                    format!("⟦{n}⟧")
                };
                (n.clone(), value)
            })
            .collect();
        let args: Vec<(&str, &str)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        let filled = |lang: &str, text: &str| -> std::collections::BTreeSet<String> {
            let out = fill(lang, text, &args);
            assert!(!out.contains('{'), "{lang}: a placeholder is left in {out}");
            let mut found: std::collections::BTreeSet<String> = out
                .split('⟦')
                .skip(1)
                .filter_map(|s| s.split_once('⟧').map(|(n, _)| n.to_string()))
                .collect();
            if out.contains("1000003") {
                found.insert("days".into());
            }
            found
        };
        let mut langs: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| {
                e.unwrap()
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        langs.sort();
        assert!(langs.len() >= 23, "{langs:?}");
        for lang in &langs {
            let table = read(lang);
            let missing: Vec<&String> = en.keys().filter(|k| !table.contains_key(*k)).collect();
            let extra: Vec<&String> = table.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang}.yaml has no {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang}.yaml has {extra:?}, which en.yaml does not"
            );
            for (key, text) in &table {
                assert_eq!(
                    filled(lang, text),
                    filled("en", &en[key]),
                    "{lang}.yaml {key}: {text}"
                );
            }
        }
    }

    #[test]
    fn a_plural_block_written_wrong_or_short_of_a_form_is_named() {
        let problems = |lang: &str, text: &str| -> Vec<String> {
            plural_problems(lang, text)
                .into_iter()
                .map(|(severity, why)| format!("{severity:?}: {why}"))
                .collect()
        };
        assert_eq!(
            problems(
                "ru",
                "{n, plural, one {# день} few {# дня} many {# дней} other {# дня}}"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            problems("ru", "{n, plural, one {# день} other {# дней}}"),
            [
                "Warning: {n, plural, …} has no few, many form: numbers in ru take one, few, many, other (CLDR), and those fall back to \"other\""
            ]
        );
        assert_eq!(
            problems("en", "{n, plural, one {# day} lots {# days}}"),
            [
                "Error: {n, plural, …}: \"lots\" is no plural category (zero, one, two, few, many, other, or =N for one number)",
                "Error: {n, plural, …} has no \"other\" form, which every number may fall back to",
                "Warning: {n, plural, …} has no other form: numbers in en take one, other (CLDR), and those fall back to \"other\"",
            ]
        );
        assert_eq!(
            problems("en", "{n, plural, one {# day} other {# days}"),
            ["Error: {n, plural, …} is not closed: it needs a } after its last form"]
        );
        assert_eq!(
            problems("en", "{n, plural, one # day}"),
            ["Error: {n, plural, …}: \"one\" needs its form in braces, as in one {# day}"]
        );
        // Exact forms pick one number.
        assert_eq!(
            fill(
                "en",
                "{n, plural, =0 {no days} one {# day} other {# days}}",
                &[("n", "0")]
            ),
            "no days"
        );
        // A count that is no number takes `other`; a missing one leaves the
        // block as written.
        assert_eq!(
            fill(
                "en",
                "{n, plural, one {# day} other {# days}}",
                &[("n", "many")]
            ),
            "many days"
        );
        assert_eq!(
            fill("en", "{n, plural, one {# day} other {# days}}", &[]),
            "{n, plural, one {# day} other {# days}}"
        );
    }

    /// Words of the register a language's theme text does not use: each
    /// language addresses the reader one way throughout (German, Czech,
    /// Russian, Ukrainian, Turkish, Lithuanian and French formally; Spanish,
    /// Portuguese, Italian, Dutch, Polish, the Nordic languages familiarly;
    /// Japanese です/ます, Chinese 您, Korean 합니다). One of these words in
    /// a text of the theme mixes registers within a page or a share text.
    /// Danish and Norwegian are left out: their formal De/Dem/Deres differ
    /// from "they/them/their" only by the capital.
    const OTHER_REGISTER: [(&str, &[&str]); 21] = [
        (
            "de",
            &[
                "du", "dir", "dich", "dein", "deine", "deinen", "deinem", "deiner", "deines",
            ],
        ),
        (
            "ru",
            &[
                "ты",
                "тебе",
                "тебя",
                "тобой",
                "твой",
                "твоя",
                "твоё",
                "твои",
                "твоего",
                "твоей",
            ],
        ),
        (
            "uk",
            &[
                "ти",
                "тебе",
                "тобі",
                "тобою",
                "твій",
                "твоя",
                "твоє",
                "твої",
                "твого",
                "твоїх",
                "маєш",
                "отримаєш",
                "отримуєш",
                "привіт",
            ],
        ),
        (
            "tr",
            &[
                "sen",
                "sana",
                "seni",
                "senin",
                "sende",
                "senden",
                "alırsın",
                "kazanırsın",
            ],
        ),
        ("lt", &["tu", "tau", "tave", "tavo", "tavęs", "labas"]),
        (
            "cs",
            &[
                "ty",
                "tebe",
                "tobě",
                "tě",
                "tvůj",
                "tvoje",
                "tvá",
                "tvé",
                "tvého",
                "tvým",
                "tvou",
                "jsi",
                "máš",
                "získáš",
                "ahoj",
            ],
        ),
        (
            "fr",
            &["tu", "toi", "ton", "ta", "tes", "te", "t", "tien", "tienne"],
        ),
        (
            "es",
            &[
                "usted", "ustedes", "vosotros", "vosotras", "vuestro", "vuestra", "vuestros",
                "vuestras", "os",
            ],
        ),
        (
            "pt",
            &[
                "tu", "ti", "te", "contigo", "teu", "tua", "teus", "tuas", "senhor", "senhora",
            ],
        ),
        (
            "pt-PT",
            &[
                "tu", "ti", "te", "contigo", "teu", "tua", "teus", "tuas", "você", "vocês",
                "senhor", "senhora",
            ],
        ),
        (
            "it",
            &[
                "lei",
                "suo",
                "sua",
                "suoi",
                "sue",
                "scopra",
                "ottenga",
                "condivida",
            ],
        ),
        ("nl", &["u", "uw", "uwe", "uzelf"]),
        ("sv", &["ni", "er", "ert", "era", "eder", "edra", "edert"]),
        (
            "fi",
            &[
                "te", "teidän", "teitä", "teille", "teillä", "teiltä", "teistä", "teissä",
                "teihin", "teidät", "olette", "voitte",
            ],
        ),
        (
            "pl",
            &[
                "pan", "pana", "panu", "pani", "państwo", "państwa", "państwu", "wy", "was", "wam",
                "wasz", "wasza", "wasze", "waszego",
            ],
        ),
        (
            "ar",
            &[
                "أنتم",
                "لكم",
                "بكم",
                "عليكم",
                "سجّلوا",
                "ابدؤوا",
                "احصلوا",
                "شاركوا",
                "جرّبوا",
                "تحصلون",
                "تحصلين",
                "ابدئي",
                "سجّلي",
                "احصلي",
                "شاركي",
            ],
        ),
        (
            "he",
            &[
                "אתה",
                "שלך",
                "לך",
                "אותך",
                "בשבילך",
                "עליך",
                "תקבל",
                "תקבלי",
                "הירשם",
                "הירשמי",
                "נסה",
                "נסי",
                "התחל",
                "התחילי",
            ],
        ),
        (
            "ko",
            &[
                "너는",
                "너의",
                "네가",
                "너를",
                "너희",
                "니가",
                "해요",
                "하세요",
                "안녕하세요",
                "있어요",
                "돼요",
                "거예요",
                "했어",
                "거야",
            ],
        ),
        // Written without spaces: these are looked for inside the text.
        (
            "ja",
            &[
                "だよ",
                "だね",
                "じゃん",
                "よね",
                "してね",
                "しよう",
                "使ってる",
                "思う",
                "だろう",
                "である",
                "君",
                "お前",
            ],
        ),
        ("zh", &["你", "妳"]),
        ("en", &[]),
    ];

    #[test]
    fn each_language_of_the_theme_keeps_one_register() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        for (lang, other) in OTHER_REGISTER {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            let table: std::collections::BTreeMap<String, String> =
                yaml_serde::from_str(&text).unwrap();
            for (key, value) in &table {
                let value = value.to_lowercase();
                let found = if matches!(lang, "ja" | "zh") {
                    other.iter().find(|w| value.contains(*w))
                } else {
                    other.iter().find(|w| {
                        value
                            .split(|c: char| !c.is_alphabetic() && c != '\u{301}' && c != '\u{651}')
                            .any(|word| word == **w)
                    })
                };
                assert!(
                    found.is_none(),
                    "{lang}.yaml {key}: \"{}\" is the other register: {value}",
                    found.unwrap()
                );
            }
        }
    }
}
