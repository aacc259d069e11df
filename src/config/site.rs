//! `site:` in tailor.yaml: where the site is published, where its
//! visitors sign up, and the languages it is written in.

use std::path::Path;

use url::Url;

use super::RawSite;
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

/// The site's two URLs, each `None` when it is not one (reported).
pub(super) struct Urls {
    pub base: Option<Url>,
    pub signup: Option<Url>,
}

/// `site.base_url` (or `--base-url`, which wins) and `site.signup_url`.
pub(super) fn urls(
    site: &RawSite,
    base_override: Option<&str>,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Urls {
    let at = |path: &str| doc.value_pos(path);
    let base_src = base_override.unwrap_or(&site.base_url);
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
    let signup_url = match parse_http_url(&site.signup_url) {
        Ok(u) => Some(u),
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    file,
                    format!("site.signup_url \"{}\" {why}", site.signup_url),
                )
                .at_pos(at("site.signup_url"))
                .hint("use an absolute URL such as https://app.example.com/signup"),
            );
            None
        }
    };
    Urls {
        base: base_url,
        signup: signup_url,
    }
}

/// `site.locale` and `site.locales`: the site's languages as canonical
/// tags, the default first; `en` alone when none is given (or none is
/// one, reported).
pub(super) fn locales(
    site: &RawSite,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let at = |path: &str| doc.value_pos(path);
    // Tags as written, then canonical: `pt-br` is `pt-BR` everywhere.
    let written: Vec<String> = match (&site.locale, &site.locales) {
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
    locales
}

pub(super) fn parse_http_url(s: &str) -> Result<Url, &'static str> {
    let u = Url::parse(s.trim()).map_err(|_| "is not an absolute URL")?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err("is not an http(s) URL");
    }
    Ok(u)
}
