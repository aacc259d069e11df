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

use crate::colour::Rgb;
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::PerLang;
pub use crate::offer::{Incentive, Offer, OfferLabels};
pub use crate::platform::Platform;
use crate::platform::Preset;
use crate::yaml;

mod data;
mod derive;
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
    let at = |path: &str| doc.value_pos(path);

    let base_src = base_override.unwrap_or(&raw.site.base_url);
    let base_url = match parse_http_url(base_src) {
        Ok(mut u) => {
            if !u.path().ends_with('/') {
                let p = format!("{}/", u.path());
                u.set_path(&p);
            }
            u.set_query(None);
            u.set_fragment(None);
            Some(u)
        }
        Err(why) => {
            let d = if base_override.is_some() {
                Diagnostic::error("--base-url", format!("\"{base_src}\" {why}"))
            } else {
                Diagnostic::error(file, format!("site.base_url \"{base_src}\" {why}"))
                    .at_pos(at("site.base_url"))
            };
            diags.push(d.hint("use an absolute URL such as https://partners.example.com"));
            None
        }
    };
    let signup_url = match parse_http_url(&raw.site.signup_url) {
        Ok(u) => Some(u),
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("site.signup_url \"{}\" {why}", raw.site.signup_url),
                )
                .at_pos(at("site.signup_url"))
                .hint("use an absolute URL such as https://app.example.com/signup"),
            );
            None
        }
    };

    // Tags as written, then canonical: `pt-br` is `pt-BR` everywhere.
    let written: Vec<String> = match (&raw.site.locale, &raw.site.locales) {
        (_, Some(list)) if list.is_empty() => {
            diags.push(
                Diagnostic::error(file, "site.locales is empty")
                    .at_pos(at("site.locales"))
                    .hint("list the site's languages, the default first, e.g. [en, de]"),
            );
            vec!["en".into()]
        }
        (Some(one), Some(list))
            if crate::lang::canonical(one) != crate::lang::canonical(&list[0]) =>
        {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "site.locale is \"{one}\" but site.locales starts with \"{}\"",
                        list[0]
                    ),
                )
                .at_pos(at("site.locale"))
                .hint("the default language comes first in site.locales; remove site.locale"),
            );
            list.clone()
        }
        (_, Some(list)) => list.clone(),
        (Some(one), None) => vec![one.clone()],
        (None, None) => vec!["en".into()],
    };
    let mut locales: Vec<String> = Vec::with_capacity(written.len());
    for tag in &written {
        match crate::lang::canonical(tag) {
            None => diags.push(
                Diagnostic::error(file, format!("\"{tag}\" is not a language tag"))
                    .at_pos(at("site.locales").or(at("site.locale")))
                    .hint("use codes such as en, de, ru, tr, lt, pt-BR"),
            ),
            Some(c) if locales.contains(&c) => diags.push(
                Diagnostic::error(file, format!("site.locales lists \"{tag}\" twice"))
                    .at_pos(at("site.locales")),
            ),
            Some(c) => locales.push(c),
        }
    }
    if locales.is_empty() {
        locales.push("en".into());
    }
    let mut acknowledged = Vec::new();
    for (i, code) in raw.acknowledged.iter().enumerate() {
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
    let incentive_labels: BTreeMap<String, OfferLabels> = raw
        .incentive
        .translations
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

    let preset = raw.tracking.platform.unwrap_or(Platform::Generic).preset();
    let ref_param = match (raw.tracking.platform, raw.tracking.ref_param.as_deref()) {
        (Some(_), Some(r)) if !preset.reads(r) => {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "tracking.platform {} reads \"{}\", but tracking.ref_param is \"{r}\"",
                        preset.name, preset.param
                    ),
                )
                .at_pos(at("tracking.ref_param"))
                .hint(format!(
                    "remove ref_param: the {} preset writes its links with \"{}\"",
                    preset.name, preset.param
                )),
            );
            r.to_string()
        }
        (_, Some(r)) => r.to_string(),
        (_, None) => preset.param.to_string(),
    };
    if !is_param_name(&ref_param) || ref_param.starts_with("utm_") {
        diags.push(
            Diagnostic::error(
                file,
                format!("tracking.ref_param \"{ref_param}\" is not a usable query parameter"),
            )
            .at_pos(at("tracking.ref_param"))
            .hint("use letters, digits, - or _, not starting with utm_ (e.g. ref, via, fpr, gspk)"),
        );
    }

    let mut product_hosts = Vec::new();
    for host in &raw.tracking.product_hosts {
        let h = match host_name(host) {
            Some(h) if !host.contains(['/', ':', '?', '#', ' ', '@', '\\']) => h,
            _ => String::new(),
        };
        if h.is_empty() {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("tracking.product_hosts: \"{host}\" is not a host name"),
                )
                .at_pos(at("tracking.product_hosts"))
                .hint("write the bare host, e.g. app.example.com"),
            );
        } else if !product_hosts.contains(&h) {
            product_hosts.push(h);
        }
    }
    if let Some(h) = signup_url
        .as_ref()
        .and_then(|u| u.host_str())
        .and_then(host_name)
        && !product_hosts.contains(&h)
    {
        product_hosts.push(h);
    }
    // A partner site may live under a path of a product host
    // (https://acme.example/partners/): its pages are the site's, every
    // other path of the host the product's. At the host's root, the whole
    // host cannot be both.
    if let (Some(b), Some(h)) = (&base_url, base_url.as_ref().and_then(|u| u.host_str()))
        && product_hosts.iter().any(|p| p == h)
    {
        if b.path() == "/" {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("site.base_url host \"{h}\" is also a product host"),
                )
                .at_pos(at("tracking.product_hosts"))
                .hint(format!(
                    "publish the partner site on its own host, or under a path of this one ({}partners/), not at {}",
                    b.as_str(),
                    b.as_str()
                )),
            );
        } else if let Some(s) = &signup_url
            && s.host_str() == Some(h)
            && s.port_or_known_default() == b.port_or_known_default()
            && (s.path().starts_with(b.path()) || s.path() == b.path().trim_end_matches('/'))
        {
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "site.signup_url \"{s}\" is under the partner site's own path ({b}), so it would be a page of the site, not the product"
                    ),
                )
                .at_pos(at("site.signup_url"))
                .hint("link to the product's signup page, outside the partner site's path"),
            );
        }
    }

    let utm_medium = raw
        .tracking
        .utm_medium
        .unwrap_or_else(|| "affiliate".into())
        .to_lowercase();
    let qr_medium = raw
        .tracking
        .qr_medium
        .unwrap_or_else(|| "qr".into())
        .to_lowercase();
    let site_source = raw
        .tracking
        .site_source
        .unwrap_or_else(|| "partner-site".into())
        .to_lowercase();
    for (key, v) in [
        ("utm_medium", &utm_medium),
        ("qr_medium", &qr_medium),
        ("site_source", &site_source),
    ] {
        if v.trim().is_empty() {
            diags.push(
                Diagnostic::error(file, format!("tracking.{key} is empty"))
                    .at_pos(at(&format!("tracking.{key}"))),
            );
        }
    }
    let cookie_days = raw.tracking.cookie_days.unwrap_or(30);
    if cookie_days == 0 {
        diags.push(
            Diagnostic::error(file, "tracking.cookie_days is 0")
                .at_pos(at("tracking.cookie_days"))
                .hint("set a number of days, or persist: false to keep no code"),
        );
    }

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
    let paths = Paths {
        segment: pattern("segment", raw.paths.segment, "for/{id}", "{id}"),
        affiliate: pattern("affiliate", raw.paths.affiliate, "{slug}", "{slug}"),
        case_study: pattern(
            "case_study",
            raw.paths.case_study,
            "customers/{slug}",
            "{slug}",
        ),
    };

    if raw.theme.is_empty() || raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
        diags.push(
            Diagnostic::error(
                file,
                format!("theme \"{}\" is not a folder name", raw.theme),
            )
            .at_pos(at("theme"))
            .hint("name a folder under themes/, e.g. default"),
        );
    } else if !root
        .join("themes")
        .join(&raw.theme)
        .join("templates")
        .is_dir()
    {
        diags.push(
            Diagnostic::error(file, format!("theme \"{}\" not found", raw.theme))
                .at_pos(at("theme"))
                .hint(if raw.theme == "default" {
                    "copy the themes/ folder of a site made with `tailor init`, or create themes/default/templates/".to_string()
                } else {
                    format!("create themes/{}/templates/ or use theme: default", raw.theme)
                }),
        );
    }

    if let Some(e) = &raw.economics {
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

    let mut text = Vec::new();
    for (lang, texts) in &raw.text {
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

    let brand_css = raw
        .brand
        .as_ref()
        .and_then(|b| brand_css(&b.colors, doc, file, &mut diags));
    let brand_colors = brand_css
        .as_ref()
        .and(raw.brand.as_ref())
        .and_then(|b| b.colors.brand.as_deref())
        .and_then(|c| Rgb::parse(c).ok())
        .map(|c| [c.hex(), c.mix(Rgb(0, 0, 0), 0.35).hex()]);
    let logo = raw
        .brand
        .as_ref()
        .and_then(|b| b.logo.as_deref())
        .and_then(|written| {
            Logo::load(root, written)
                .map_err(|(why, hint)| {
                    diags.push(
                        Diagnostic::error(file, format!("brand.logo: {why}"))
                            .at_pos(doc.value_pos("brand.logo"))
                            .hint(hint),
                    )
                })
                .ok()
        });

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
        base_url: base_url.expect("checked above"),
        signup_url: signup_url.expect("checked above"),
        locale: locales[0].clone(),
        locales: locales.into_iter().collect(),
        description: raw.site.description,
        theme: raw.theme,
        tracking: Tracking {
            preset,
            platform_named: raw.tracking.platform.is_some(),
            code_from_slug: raw.tracking.code_from_slug.unwrap_or(matches!(
                raw.tracking.platform,
                None | Some(Platform::Generic)
            )),
            ref_param,
            utm_medium,
            qr_medium,
            site_source,
            product_hosts,
            persist: raw.tracking.persist.unwrap_or_default(),
            cookie_days,
        },
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
        brand_css,
        logo,
        brand_colors,
        acknowledged,
    })
}

/// The site's logo: a file in its folder, and its size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Relative to the site's root.
    pub file: PathBuf,
    pub width: f32,
    pub height: f32,
}

impl Logo {
    /// The picture at `written` (relative to `root`), or why it cannot be
    /// the logo and what to do.
    fn load(root: &Path, written: &str) -> Result<Logo, (String, String)> {
        let crate::inputs::Named::File { path, ext } = crate::inputs::named_file(written.trim())
        else {
            return Err((
                format!("{} is not a file in the site's folder", crate::diag::quoted(written)),
                "save the logo in the site's folder (e.g. brand/logo.svg) and name it relative to it: a remote logo would make every visitor's browser ask another site for it".into(),
            ));
        };
        // By the rule of every input: a link out of the site is refused.
        let file = crate::paths::input(root, path).map_err(|r| {
            (
                format!("{} {}", crate::diag::quoted(written), r.message()),
                r.hint().unwrap_or_default(),
            )
        })?;
        let bytes = std::fs::read(file).map_err(|e| {
            (
                format!("cannot read {}: {e}", crate::diag::quoted(written)),
                "put the logo there, or correct the path (relative to the site's folder)".into(),
            )
        })?;
        let size = match ext.as_str() {
            "svg" => resvg::usvg::Tree::from_data(&bytes, &resvg::usvg::Options::default())
                .map(|t| (t.size().width(), t.size().height()))
                .map_err(|e| e.to_string()),
            "png" | "jpg" | "jpeg" => image::ImageReader::new(std::io::Cursor::new(&bytes))
                .with_guessed_format()
                .map_err(|e| e.to_string())
                .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
                .map(|(w, h)| (w as f32, h as f32)),
            _ => {
                return Err((
                    format!(
                        "{} is not an .svg, .png or .jpg file",
                        crate::diag::quoted(written)
                    ),
                    "use an SVG logo (sharp at every size), or a PNG".into(),
                ));
            }
        };
        match size {
            Ok((width, height)) if width >= 1.0 && height >= 1.0 => Ok(Logo {
                file: path.to_path_buf(),
                width,
                height,
            }),
            Ok(_) => Err((
                format!("{} has no size", crate::diag::quoted(written)),
                "give the SVG a viewBox or width and height".into(),
            )),
            Err(e) => Err((
                format!(
                    "{} cannot be read as a picture ({e})",
                    crate::diag::quoted(written)
                ),
                "save it again as SVG or PNG".into(),
            )),
        }
    }
}

/// The page colours the theme's text sits on: white and its wash.
const BACKGROUNDS: [(Rgb, &str); 2] = [
    (Rgb::WHITE, "white"),
    (Rgb(0xf5, 0xf6, 0xfb), "the light sections' #f5f6fb"),
];

/// WCAG AA for text.
const AA: f64 = 4.5;

/// `brand.colors` as CSS custom properties, or errors where a colour is
/// not one or text in it would be hard to read: each is text on white and
/// on the light sections, and the background of white text.
fn brand_css(
    colors: &RawColors,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut css = String::new();
    let mut ok = true;
    for (key, written) in [("brand", &colors.brand), ("accent", &colors.accent)] {
        let Some(written) = written else {
            continue;
        };
        let path = format!("brand.colors.{key}");
        let at = doc.value_pos(&path);
        let colour = match Rgb::parse(written) {
            Ok(c) => c,
            Err(why) => {
                diags.push(Diagnostic::error(file, format!("{path}: {why}")).at_pos(at));
                ok = false;
                continue;
            }
        };
        let worst = BACKGROUNDS
            .iter()
            .map(|&(bg, name)| (colour.contrast(bg), name))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .expect("backgrounds");
        if worst.0 < AA {
            // The same hue, darkened until it reads.
            let mut darker = colour;
            for step in 1..=20 {
                darker = colour.mix(Rgb(0, 0, 0), f64::from(step) * 0.05);
                if BACKGROUNDS.iter().all(|&(bg, _)| darker.contrast(bg) >= AA) {
                    break;
                }
            }
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "{path}: {} has a contrast of {:.2}:1 with {}; text in it, and white text on it, need {AA}:1 (WCAG AA)",
                        colour.hex(),
                        worst.0,
                        worst.1
                    ),
                )
                .at_pos(at)
                .hint(format!("a darker shade of it, {}, passes", darker.hex())),
            );
            ok = false;
            continue;
        }
        css.push_str(&format!("--{key}:{};", colour.hex()));
        if key == "brand" {
            // Hover and the tinted backgrounds, from the same hue.
            css.push_str(&format!(
                "--brand-strong:{};--brand-wash:{};",
                colour.mix(Rgb(0, 0, 0), 0.22).hex(),
                colour.mix(Rgb::WHITE, 0.92).hex()
            ));
        }
    }
    (ok && !css.is_empty()).then(|| format!(":root{{{css}}}"))
}

fn parse_http_url(s: &str) -> Result<Url, &'static str> {
    let u = Url::parse(s.trim()).map_err(|_| "is not an absolute URL")?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err("is not an http(s) URL");
    }
    Ok(u)
}

/// A host name as browsers and the `url` crate write it: lowercase, an
/// internationalised name in its ASCII (punycode) form, without the
/// trailing dot that names the same host. `None` when it is no host name.
pub(crate) fn host_name(host: &str) -> Option<String> {
    let host = host.trim();
    let host = host.strip_suffix('.').unwrap_or(host);
    match url::Host::parse(host).ok()? {
        url::Host::Domain(d) if !d.is_empty() && !d.ends_with('.') => Some(d),
        _ => None,
    }
}

fn is_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
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
