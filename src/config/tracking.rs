//! `tracking:` in tailor.yaml: the referral parameter (from the
//! platform's preset), the product hosts whose links are tracked, the UTM
//! values and whether the code is kept in the visitor's browser.

use std::path::Path;

use super::site::Urls;
use super::{RawTracking, Tracking};
use crate::diag::{Diagnostic, Diagnostics};
use crate::platform::Platform;
use crate::yaml;

pub(super) fn resolve(
    raw: RawTracking,
    urls: &Urls,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Tracking {
    let at = |path: &str| doc.value_pos(path);
    let preset = raw.platform.unwrap_or(Platform::Generic).preset();
    let ref_param = match (raw.platform, raw.ref_param.as_deref()) {
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
    for host in &raw.product_hosts {
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
    if let Some(h) = urls
        .signup
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
    if let (Some(b), Some(h)) = (&urls.base, urls.base.as_ref().and_then(|u| u.host_str()))
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
        } else if let Some(s) = &urls.signup
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
        .utm_medium
        .unwrap_or_else(|| "affiliate".into())
        .to_lowercase();
    let qr_medium = raw.qr_medium.unwrap_or_else(|| "qr".into()).to_lowercase();
    let site_source = raw
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
    let cookie_days = raw.cookie_days.unwrap_or(30);
    if cookie_days == 0 {
        diags.push(
            Diagnostic::error(file, "tracking.cookie_days is 0")
                .at_pos(at("tracking.cookie_days"))
                .hint("set a number of days, or persist: false to keep no code"),
        );
    }
    Tracking {
        preset,
        platform_named: raw.platform.is_some(),
        code_from_slug: raw
            .code_from_slug
            .unwrap_or(matches!(raw.platform, None | Some(Platform::Generic))),
        ref_param,
        utm_medium,
        qr_medium,
        site_source,
        product_hosts,
        persist: raw.persist.unwrap_or_default(),
        cookie_days,
    }
}

/// A host name as browsers and the `url` crate write it: lowercase, an
/// internationalised name in its ASCII (punycode) form, without the
/// trailing dot that names the same host. `None` when it is no host name.
fn host_name(host: &str) -> Option<String> {
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
