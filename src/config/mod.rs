//! `tailor.yaml`: the site's settings, validated once.
//!
//! The raw file is deserialized into [`RawConfig`] (every field documented,
//! unknown fields rejected) and then checked and resolved into [`Config`],
//! which the rest of the build uses: URLs parsed, product hosts normalised,
//! the referral parameter chosen from the platform preset, output path
//! patterns proven unable to leave the output folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use url::Url;

use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::PerLang;
pub use crate::offer::{Incentive, Offer, OfferLabels};
pub use crate::platform::Platform;
use crate::platform::Preset;
use crate::yaml;

mod brand;
mod data;
mod derive;
mod site;
mod tracking;
pub use brand::Logo;
pub use data::{Data, columns_over, over};

pub const CONFIG_FILE: &str = "tailor.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    site: RawSite,
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    tracking: RawTracking,
    #[serde(default)]
    paths: RawPaths,
    /// The default double-sided offer.
    #[serde(default)]
    incentive: RawSiteIncentive,
    /// Unit economics for the incentive guardrail.
    economics: Option<Economics>,
    /// How to read the affiliates files.
    #[serde(default)]
    affiliates: data::RawTable,
    /// How the exports `derive` and `report` read are written.
    #[serde(default)]
    data: data::RawData,
    /// Who counts as a successful customer (`derive`, `report --success`).
    #[serde(default)]
    derive: derive::RawDerive,
    /// The site's own wording over the theme's, per language:
    /// `text: { en: { closing_title: "..." } }`.
    #[serde(default)]
    text: BTreeMap<String, BTreeMap<String, String>>,
    /// The site's colours over the theme's.
    brand: Option<RawBrand>,
    /// Warnings about work outside tailor that is done: `[robots-txt]`.
    #[serde(default)]
    acknowledged: Vec<String>,
}

/// A warning that asks for something done outside tailor, which
/// `acknowledged:` in tailor.yaml says is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ack {
    /// A sub-path site: the host's own robots.txt names the site's sitemap.
    RobotsTxt,
}

impl Ack {
    pub const ALL: [(Ack, &'static str, &'static str); 1] = [(
        Ack::RobotsTxt,
        "robots-txt",
        "the host's robots.txt names the sitemap of a site under a sub-path",
    )];

    /// As `acknowledged:` writes it.
    pub fn code(self) -> &'static str {
        Ack::ALL
            .iter()
            .find(|(a, ..)| *a == self)
            .map_or("", |(_, code, _)| code)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    #[serde(default)]
    colors: RawColors,
    /// The site's logo, with its name in it: an SVG, PNG or JPEG file in
    /// the site's folder.
    logo: Option<String>,
}

/// `brand.colors`: `brand` for buttons, links and headings' accents,
/// `accent` for the second colour (quotes, customer names).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColors {
    brand: Option<String>,
    accent: Option<String>,
}

/// The site's offer, with its labels in the site's other languages.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteIncentive {
    referrer: Option<Offer>,
    referred: Option<Offer>,
    cap: Option<String>,
    /// `de: { referrer: "...", referred: "...", cap: "..." }`
    #[serde(default)]
    translations: BTreeMap<String, OfferLabels>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: String,
    /// Absolute URL the site is published at.
    base_url: String,
    /// The main call to action.
    signup_url: String,
    /// The default language; the first of `locales` when those are given.
    locale: Option<String>,
    /// Every language the site is written in, the default first.
    locales: Option<Vec<String>>,
    /// Meta description of the index page.
    description: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTracking {
    /// Preset for the affiliate platform in use; sets `ref_param`.
    platform: Option<Platform>,
    /// The query parameter the affiliate platform reads.
    ref_param: Option<String>,
    utm_medium: Option<String>,
    /// `utm_medium` of an affiliate's QR code; carried on to the page's
    /// product links.
    qr_medium: Option<String>,
    /// `utm_source` on pages that belong to no segment or affiliate.
    site_source: Option<String>,
    /// Hosts whose links are product links.
    #[serde(default)]
    product_hosts: Vec<String>,
    /// true, false or consent.
    persist: Option<Persist>,
    cookie_days: Option<u32>,
    /// An affiliate without a `code` gets their slug as their code: for a
    /// platform whose codes the marketer sets to each affiliate's slug.
    code_from_slug: Option<bool>,
}

/// `tracking.persist`: whether and when the persistence script may store
/// the referral code in the visitor's browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Persist {
    /// Never: pages carry no script.
    Off,
    /// Unless the browser sends Global Privacy Control.
    #[default]
    On,
    /// Only once the site's consent manager says yes (and never with
    /// Global Privacy Control).
    Consent,
}

impl Persist {
    pub fn name(self) -> &'static str {
        match self {
            Persist::Off => "false",
            Persist::On => "true",
            Persist::Consent => "consent",
        }
    }
}

impl<'de> Deserialize<'de> for Persist {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Persist;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false or consent")
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Persist, E> {
                Ok(if v { Persist::On } else { Persist::Off })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Persist, E> {
                match v {
                    "consent" => Ok(Persist::Consent),
                    "true" => Ok(Persist::On),
                    "false" => Ok(Persist::Off),
                    other => Err(E::custom(format!(
                        "persist is \"{other}\": write true, false or consent"
                    ))),
                }
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPaths {
    segment: Option<String>,
    affiliate: Option<String>,
    case_study: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    pub avg_arr: f64,
    pub avg_lifetime_years: f64,
    pub min_ltv_to_cac: f64,
}

fn default_theme() -> String {
    "default".into()
}

/// The validated settings of a site.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub name: String,
    /// Always ends with `/`.
    pub base_url: Url,
    pub signup_url: Url,
    /// The default language.
    pub locale: String,
    /// Every language, the default first.
    pub locales: PerLang<String>,
    pub description: Option<String>,
    pub theme: String,
    pub tracking: Tracking,
    pub paths: Paths,
    pub incentive: Incentive,
    /// The offer's labels in other languages, by language.
    pub incentive_labels: BTreeMap<String, OfferLabels>,
    /// Where `incentive:` is written in tailor.yaml.
    pub incentive_pos: Option<(usize, usize)>,
    pub economics: Option<Economics>,
    /// `affiliates.columns`: the CSV header that holds each field named.
    pub affiliate_columns: Vec<(crate::content::CsvField, String)>,
    /// How affiliates.csv is written (delimiter, encoding, value map).
    pub affiliate_table: crate::table::Settings,
    /// `data:`: how the exports are written.
    pub data: Data,
    /// `derive.success`: the team's success rule; None for derive's own.
    pub success: Option<crate::exports::success::Rule>,
    /// From `TAILOR_KIT_SECRET`: partner kits are published at paths only
    /// it gives.
    pub kit_key: Option<KitKey>,
    /// `text:`: the site's wording over the theme's.
    pub text: Vec<crate::i18n::Override>,
    /// Where `site.base_url` is written.
    pub base_url_pos: Option<(usize, usize)>,
    /// Where `site.signup_url` is written: a link error in the signup URL,
    /// which every page's templates show, is reported there once.
    pub signup_url_pos: Option<(usize, usize)>,
    /// `brand.colors` as CSS custom properties over the theme's
    /// (`--brand: #0b6e4f; ...`), for the page's `<style>`.
    pub brand_css: Option<String>,
    /// `brand.logo`, checked.
    pub logo: Option<Logo>,
    /// `acknowledged:`: warnings about work outside tailor that is done.
    pub acknowledged: Vec<Ack>,
    /// `brand.colors.brand` and a darker shade of it (`#rrggbb`), for what
    /// is drawn rather than styled: the social cards.
    pub brand_colors: Option<[String; 2]>,
}

/// Environment variable holding the secret of published kits' paths.
pub const KIT_SECRET: &str = "TAILOR_KIT_SECRET";

/// A key derived from the kit secret; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct KitKey([u8; 32]);

impl std::fmt::Debug for KitKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KitKey(..)")
    }
}

impl KitKey {
    /// The unguessable folder of `slug`'s kit: a keyed BLAKE3 hash (a MAC,
    /// like an HMAC) of the slug, 128 bits in hex.
    pub fn token(&self, slug: &str) -> String {
        blake3::keyed_hash(&self.0, slug.as_bytes()).to_hex()[..32].to_string()
    }

    /// The key of `TAILOR_KIT_SECRET`, when it is set; a secret that could
    /// be guessed is an error. Set but empty is an error too, not "unset":
    /// a CI secret that failed to reach the build must not quietly publish
    /// no kits and blank `kit_url`s.
    fn from_env() -> Result<Option<KitKey>, Diagnostic> {
        let Some(secret) = std::env::var_os(KIT_SECRET) else {
            return Ok(None);
        };
        KitKey::from_secret(&secret.to_string_lossy()).map(Some)
    }

    /// The key of `secret`, when it has the entropy of a random value.
    fn from_secret(secret: &str) -> Result<KitKey, Diagnostic> {
        const MAKE: &str = "make one with `openssl rand -hex 32` and keep it in your CI's secrets";
        let refuse = |why: &str, hint: String| Err(Diagnostic::error(KIT_SECRET, why).hint(hint));
        let distinct = secret
            .chars()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if secret.is_empty() {
            return refuse(
                "is set but empty: with no secret, no kit is published and kit_url is blank",
                format!(
                    "{MAKE}; or unset it (`unset {KIT_SECRET}`) to build without published kits"
                ),
            );
        }
        if secret.trim().is_empty() {
            return refuse(
                "holds only whitespace: the paths of published kits could be guessed",
                MAKE.into(),
            );
        }
        if secret.trim() != secret {
            return refuse(
                "starts or ends with whitespace (a line break pasted with it?): the kits' paths would change with it",
                format!("set it without the whitespace; to make one, {MAKE}"),
            );
        }
        if distinct == 1 {
            return refuse(
                "is one character repeated: the paths of published kits could be guessed",
                MAKE.into(),
            );
        }
        if secret.chars().count() < 16 {
            return refuse(
                "is shorter than 16 characters: the paths of published kits could be guessed",
                MAKE.into(),
            );
        }
        // A random value of 16 characters or more has many distinct ones
        // (16 random hex digits have fewer than 5 less than once in a
        // million); "abababab…" or "abcabcabc…" has few.
        if distinct < 5 {
            return refuse(
                &format!(
                    "has only {distinct} different characters: it is not random, and the paths of published kits could be guessed"
                ),
                MAKE.into(),
            );
        }
        Ok(KitKey(blake3::derive_key(
            "tailor partner kit paths",
            secret.as_bytes(),
        )))
    }
}

#[derive(Debug, Clone)]
pub struct Tracking {
    /// The platform's facts; `generic` when none is named.
    pub preset: &'static Preset,
    /// Whether `tracking.platform` was given.
    pub platform_named: bool,
    pub ref_param: String,
    pub utm_medium: String,
    /// `utm_medium` of QR codes (default `qr`).
    pub qr_medium: String,
    pub site_source: String,
    /// Lowercase host names, signup host included.
    pub product_hosts: Vec<String>,
    pub persist: Persist,
    pub cookie_days: u32,
    /// A missing code is the slug, rather than an error.
    pub code_from_slug: bool,
}

/// Output path patterns, relative to the output folder.
#[derive(Debug, Clone)]
pub struct Paths {
    pub segment: String,
    pub affiliate: String,
    pub case_study: String,
}

impl Config {
    /// What loading the site's content needs to know of it.
    pub fn inputs(&self) -> crate::content::Inputs {
        crate::content::Inputs {
            root: self.root.clone(),
            locales: self.locales.as_slice().to_vec(),
            affiliates: crate::content::AffiliateRules {
                site_locale: self.locale.clone(),
                columns: self.affiliate_columns.clone(),
                table: self.affiliate_table.clone(),
            },
        }
    }

    /// Loads `tailor.yaml` from `root`. `base_url` overrides the file's.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new(CONFIG_FILE);
        if !root.join(file).exists() {
            return Err(vec![Diagnostic::error(root.join(file), "no tailor.yaml here: this is not a tailor site")
                .hint("run tailor in the site's folder, pass --root DIR, or create one with `tailor init`")]);
        }
        let src = crate::inputs::read_text(root, file).map_err(|d| vec![d])?;
        let (raw, doc): (RawConfig, _) = yaml::read_doc(&src, file, 1)?;
        resolve(raw, &doc, root, base_url)
    }
}

fn resolve(
    raw: RawConfig,
    doc: &yaml::Doc,
    root: &Path,
    base_override: Option<&str>,
) -> Result<Config, Vec<Diagnostic>> {
    let file = Path::new(CONFIG_FILE);
    let mut diags = Diagnostics::new();
    let urls = site::urls(&raw.site, base_override, doc, file, &mut diags);
    let locales = site::locales(&raw.site, doc, file, &mut diags);
    let acknowledged = acknowledged(&raw.acknowledged, doc, file, &mut diags);
    let incentive_labels =
        incentive_labels(raw.incentive.translations, &locales, doc, file, &mut diags);
    let tracking = tracking::resolve(raw.tracking, &urls, doc, file, &mut diags);
    let paths = paths(raw.paths, doc, file, &mut diags);
    theme(&raw.theme, root, doc, file, &mut diags);
    economics(raw.economics.as_ref(), doc, file, &mut diags);
    let affiliate_columns = data::columns(
        &raw.affiliates.columns,
        "affiliates",
        crate::content::CsvField::by_name,
        &crate::content::CsvField::names(),
        "field of an affiliate",
        doc,
        file,
        &mut diags,
    );
    let affiliate_table = data::table(
        &raw.affiliates,
        crate::content::AFFILIATES_AT,
        doc,
        file,
        &mut diags,
    );
    let data = data::resolve(&raw.data, doc, file, &mut diags);
    let success = derive::resolve(&raw.derive, doc, file, &mut diags);
    let text = texts(&raw.text, doc, file, &mut diags);
    let brand = brand::resolve(raw.brand.as_ref(), root, doc, file, &mut diags);
    let kit_key = KitKey::from_env().unwrap_or_else(|d| {
        diags.push(d);
        None
    });
    if diags.has_errors() {
        return Err(diags.into_sorted());
    }
    Ok(Config {
        kit_key,
        root: root.to_path_buf(),
        name: raw.site.name,
        base_url: urls.base.expect("checked above"),
        signup_url: urls.signup.expect("checked above"),
        locale: locales[0].clone(),
        locales: locales.into_iter().collect(),
        description: raw.site.description,
        theme: raw.theme,
        tracking,
        paths,
        incentive: Incentive {
            referrer: raw.incentive.referrer,
            referred: raw.incentive.referred,
            cap: raw.incentive.cap,
        },
        incentive_labels,
        incentive_pos: doc.key_pos("incentive"),
        economics: raw.economics,
        affiliate_columns,
        affiliate_table,
        data,
        success,
        text,
        base_url_pos: doc.value_pos("site.base_url"),
        signup_url_pos: doc.value_pos("site.signup_url"),
        brand_css: brand.css,
        logo: brand.logo,
        brand_colors: brand.colors,
        acknowledged,
    })
}

/// `acknowledged:`: the warnings about work outside tailor that is done.
fn acknowledged(
    written: &[String],
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<Ack> {
    let at = |path: &str| doc.value_pos(path);
    let mut acknowledged = Vec::new();
    for (i, code) in written.iter().enumerate() {
        match Ack::ALL.iter().find(|(_, c, _)| c == code) {
            Some((ack, ..)) => acknowledged.push(*ack),
            None => diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "acknowledged: \"{code}\" is not a warning tailor can be told is answered"
                    ),
                )
                .at_pos(at(&format!("acknowledged.{i}")))
                .hint(format!(
                    "{}{}",
                    crate::diag::suggest(code, Ack::ALL.iter().map(|(_, c, _)| *c))
                        .map(|s| format!("did you mean \"{s}\"? "))
                        .unwrap_or_default(),
                    Ack::ALL
                        .iter()
                        .map(|(_, c, what)| format!("\"{c}\": {what}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
            ),
        }
    }
    acknowledged
}

/// `incentive.translations`: the offer's labels in the site's other
/// languages, by canonical tag.
fn incentive_labels(
    written: BTreeMap<String, OfferLabels>,
    locales: &[String],
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> BTreeMap<String, OfferLabels> {
    let at = |path: &str| doc.value_pos(path);
    let incentive_labels: BTreeMap<String, OfferLabels> = written
        .into_iter()
        .map(|(lang, labels)| (crate::lang::canonical(&lang).unwrap_or(lang), labels))
        .collect();
    for lang in incentive_labels.keys() {
        if !locales.contains(lang) || *lang == locales[0] {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("incentive.translations has \"{lang}\", which is not one of the site's other languages"),
                )
                .at_pos(at("incentive.translations"))
                .hint(if locales.len() > 1 {
                    format!(
                        "the site's other languages are {}; to add one, list it in site.locales",
                        locales[1..].join(", ")
                    )
                } else {
                    format!("list {lang} in site.locales, after the default language")
                }),
            );
        }
    }
    incentive_labels
}

/// `paths:`: the output path patterns, each proven to stay in the output
/// folder.
fn paths(raw: RawPaths, doc: &yaml::Doc, file: &Path, diags: &mut Diagnostics) -> Paths {
    let at = |path: &str| doc.value_pos(path);
    let mut pattern =
        |key: &str, value: Option<String>, default: &str, placeholder: &str| -> String {
            let p = value.unwrap_or_else(|| default.to_string());
            if let Err(why) = check_path_pattern(&p, placeholder) {
                diags.push(
                    Diagnostic::error(file, format!("paths.{key} \"{p}\" {why}"))
                        .at_pos(at(&format!("paths.{key}")))
                        .hint(format!(
                            "use a relative path containing {placeholder}, e.g. \"{default}\""
                        )),
                );
            }
            p
        };
    Paths {
        segment: pattern("segment", raw.segment, "for/{id}", "{id}"),
        affiliate: pattern("affiliate", raw.affiliate, "{slug}", "{slug}"),
        case_study: pattern("case_study", raw.case_study, "customers/{slug}", "{slug}"),
    }
}

/// `theme:`: a folder under `themes/` with templates.
fn theme(name: &str, root: &Path, doc: &yaml::Doc, file: &Path, diags: &mut Diagnostics) {
    let at = |path: &str| doc.value_pos(path);
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        diags.push(
            Diagnostic::error(file, format!("theme \"{}\" is not a folder name", name))
                .at_pos(at("theme"))
                .hint("name a folder under themes/, e.g. default"),
        );
    } else if !root.join("themes").join(name).join("templates").is_dir() {
        diags.push(
            Diagnostic::error(file, format!("theme \"{}\" not found", name))
                .at_pos(at("theme"))
                .hint(if name == "default" {
                    "copy the themes/ folder of a site made with `tailor init`, or create themes/default/templates/".to_string()
                } else {
                    format!("create themes/{}/templates/ or use theme: default", name)
                }),
        );
    }
}

/// `economics:`: every figure positive.
fn economics(raw: Option<&Economics>, doc: &yaml::Doc, file: &Path, diags: &mut Diagnostics) {
    let at = |path: &str| doc.value_pos(path);
    if let Some(e) = raw {
        for (key, v) in [
            ("avg_arr", e.avg_arr),
            ("avg_lifetime_years", e.avg_lifetime_years),
            ("min_ltv_to_cac", e.min_ltv_to_cac),
        ] {
            if !(v.is_finite() && v > 0.0) {
                diags.push(
                    Diagnostic::error(file, format!("economics.{key} must be a positive number"))
                        .at_pos(at(&format!("economics.{key}"))),
                );
            }
        }
    }
}

/// `text:`: the site's wording over the theme's, per language.
fn texts(
    raw: &BTreeMap<String, BTreeMap<String, String>>,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<crate::i18n::Override> {
    let mut text = Vec::new();
    for (lang, texts) in raw {
        let Some(canonical) = crate::lang::canonical(lang) else {
            diags.push(
                Diagnostic::error(file, format!("text: \"{lang}\" is no language"))
                    .at_pos(doc.key_pos(&format!("text.{lang}")))
                    .hint("write the texts under a language code: text: { en: { closing_title: \"...\" } }"),
            );
            continue;
        };
        for (key, value) in texts {
            text.push(crate::i18n::Override {
                lang: canonical.clone(),
                key: key.clone(),
                text: value.clone(),
                file: file.to_path_buf(),
                pos: doc.key_pos(&format!("text.{lang}.{key}")),
            });
        }
    }
    text
}

/// An output path pattern must stay inside the output folder whatever
/// slug fills it, and must contain its placeholder.
fn check_path_pattern(p: &str, placeholder: &str) -> Result<(), &'static str> {
    if !p.contains(placeholder) {
        return Err("does not contain its placeholder");
    }
    if p.starts_with('/') || p.contains('\\') || p.contains(':') {
        return Err("must be a relative path");
    }
    let ok_chars = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '{' | '}'));
    if !ok_chars {
        return Err("may only contain letters, digits, - _ . / and placeholders");
    }
    if p.split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Err("has an empty, . or .. part");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns() {
        assert!(check_path_pattern("for/{id}", "{id}").is_ok());
        assert!(check_path_pattern("{slug}", "{slug}").is_ok());
        assert!(check_path_pattern("p/{slug}.html", "{slug}").is_ok());
        assert!(check_path_pattern("../{slug}", "{slug}").is_err());
        assert!(check_path_pattern("/abs/{slug}", "{slug}").is_err());
        assert!(check_path_pattern("a//{slug}", "{slug}").is_err());
        assert!(check_path_pattern("for/x", "{id}").is_err());
        assert!(check_path_pattern("c:{slug}", "{slug}").is_err());
    }

    #[test]
    fn kit_secrets_must_be_random_and_the_refusal_says_how_to_make_one() {
        for (secret, why) in [
            ("", "is set but empty"),
            (&" ".repeat(16), "holds only whitespace"),
            ("\t\n  \t\n  \t\n  \t\n", "holds only whitespace"),
            ("0123456789abcdef0123\n", "starts or ends with whitespace"),
            (&"a".repeat(40), "is one character repeated"),
            ("short-secret", "is shorter than 16 characters"),
            (&"ab".repeat(20), "has only 2 different characters"),
            (&"abcd".repeat(8), "has only 4 different characters"),
        ] {
            let d = KitKey::from_secret(secret).unwrap_err();
            let said = d.to_string();
            assert!(said.contains(why), "{secret:?}: {said}");
            assert!(said.contains("openssl rand -hex 32"), "{secret:?}: {said}");
            assert!(
                !said.contains(secret.trim()) || secret.trim().len() < 2,
                "the secret is never printed: {said}"
            );
        }
        for good in [
            "a-long-test-secret-0123456789",
            "3f9c0a1b7e2d4c68",
            "correct horse battery staple",
        ] {
            assert!(KitKey::from_secret(good).is_ok(), "{good}");
        }
    }
}
