//! A theme's text in each language, from `i18n/<lang>.yaml`: buttons,
//! headings, the disclosure. A key missing in a language falls back to the
//! language's primary one (`de` for `de-AT`), then to the site's default
//! language, then to the text tailor itself writes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::Value;

use crate::diag::{Diagnostic, Diagnostics};
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
        [lang, crate::lang::primary(lang), &self.default]
            .into_iter()
            .find_map(|l| self.texts.get(l).and_then(|m| m.get(key)))
            .map(String::as_str)
            .or_else(|| BUILT_IN.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
    }

    /// [`text`](Self::text) with `{name}` placeholders filled.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        args: &[(&str, &str)],
    ) -> Result<String, Diagnostic> {
        let text = self.text(lang, key).ok_or_else(|| self.missing(key))?;
        Ok(fill(text, args))
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
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
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
    out
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
        texts.entry(o.lang).or_default().insert(o.key, o.text);
    }
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
    for (lang, own) in texts {
        let mut table = base.clone();
        let primary = crate::lang::primary(lang);
        if primary != lang {
            table.extend(texts.get(primary).cloned().unwrap_or_default());
        }
        table.extend(own.clone());
        tables.insert(lang.clone(), table);
    }
    tables.insert(default.to_string(), base);
    tables
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        assert_eq!(
            fill(
                "{name} shares {url}",
                &[("name", "{url}"), ("url", "https://x")]
            ),
            "{url} shares https://x"
        );
        assert_eq!(fill("{a}{b} {c} {", &[("a", "1"), ("b", "2")]), "12 {c} {");
        assert_eq!(fill("no placeholders", &[("a", "1")]), "no placeholders");
    }

    /// Words of the familiar register, in languages whose theme text
    /// addresses the reader formally (German `Sie`, Russian `вы`,
    /// Turkish `siz`, Lithuanian `jūs`): one of them in a text of the
    /// theme mixes registers within a page or a share text.
    const FAMILIAR: [(&str, &[&str]); 4] = [
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
            "tr",
            &[
                "sen",
                "sana",
                "seni",
                "senin",
                "sende",
                "senden",
                "beğenirsin",
                "alırsın",
                "kazanırsın",
            ],
        ),
        ("lt", &["tu", "tau", "tave", "tavo", "tavęs", "labas"]),
    ];

    #[test]
    fn each_language_of_the_theme_keeps_one_register() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        for (lang, familiar) in FAMILIAR {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).unwrap();
            let table: std::collections::BTreeMap<String, String> =
                yaml_serde::from_str(&text).unwrap();
            for (key, value) in &table {
                for word in value
                    .split(|c: char| !c.is_alphabetic())
                    .filter(|w| !w.is_empty())
                {
                    let word = word.to_lowercase();
                    assert!(
                        !familiar.contains(&word.as_str()),
                        "{lang}.yaml {key}: \"{word}\" is the familiar register in a formal text: {value}"
                    );
                }
            }
        }
    }
}
