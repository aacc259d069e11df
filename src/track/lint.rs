//! Links that would lose a signup's credit, found before they ship.
//!
//! The tracking pass rewrites every product link it can; what it cannot
//! make right by rewriting — a link to a host that only looks like the
//! product, a product link without its scheme, someone else's referral
//! code pasted into a link, a form that posts to the product — is a
//! [`Finding`]. Findings where the author may have meant it (a `www.` host
//! that is not the product, an `http://` link) are warnings, errors under
//! `check --strict`; the ones that are never right are errors.

use url::Url;

use super::LinkPolicy;
use crate::diag::Severity;
use crate::platform::KNOWN_PARAMS;

/// What is wrong with one link as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// `app.acme.example/signup`: a browser reads it as a page of this site.
    SchemeLess { host: String },
    /// `www.acme.example` when only `acme.example` is a product host.
    LookAlike { host: String, product: String },
    /// `http://` to a product host.
    Insecure,
    /// `app.acme.example.`: the same host, written another way.
    TrailingDot,
    /// A product link already carrying a parameter the platform reads.
    PastedCode { param: String },
    /// A link carrying another platform's referral parameter.
    ForeignParam { param: String },
    /// A link between this site's pages carrying a referral parameter.
    ReferralOnInternal { param: String },
    /// A product URL where the pass cannot put a code: a form's action, a
    /// `<base>`, a refresh.
    Untrackable { place: &'static str },
    /// A `javascript:`, `vbscript:` or `data:` link (content has them
    /// refused at load; this is the theme's).
    ScriptLink,
    /// A product URL in script text, an event handler, a `data-*` value or
    /// a frame's `srcdoc` that is not the page's tracked URL: a script that
    /// navigates there sends the visitor without the page's code.
    Scripted { place: &'static str },
    /// A `<base href>` that sends the page's relative links to another site.
    BaseElsewhere,
}

/// A finding on a page: the link as written, the attribute that holds it
/// and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Finding {
    pub kind: FindingKind,
    pub href: String,
    /// `href`, `src`, `action`, `formaction`, `content`, `xlink:href`, an
    /// event handler's or a `data-*` attribute's name, or `script` for the
    /// text of a script.
    pub attr: String,
    /// Where the element that holds it was written, on a page rendered to
    /// be located (`render::locate`): `file:line:col`.
    pub at: Option<String>,
}

impl FindingKind {
    pub fn severity(&self) -> Severity {
        match self {
            FindingKind::LookAlike { .. }
            | FindingKind::Insecure
            | FindingKind::TrailingDot
            | FindingKind::PastedCode { .. } => Severity::Warning,
            FindingKind::SchemeLess { .. }
            | FindingKind::ForeignParam { .. }
            | FindingKind::ReferralOnInternal { .. }
            | FindingKind::Untrackable { .. }
            | FindingKind::ScriptLink
            | FindingKind::Scripted { .. }
            | FindingKind::BaseElsewhere => Severity::Error,
        }
    }

    /// What is wrong, and what to write instead, for `href`.
    pub fn explain(&self, href: &str, policy: &LinkPolicy) -> (String, String) {
        let param = policy.ref_param();
        match self {
            FindingKind::SchemeLess { host } => (
                format!("\"{href}\" has no https://, so browsers read it as a page of this site, not as a link to {host}"),
                format!("write https://{href}"),
            ),
            FindingKind::LookAlike { host, product } => (
                format!("\"{href}\" goes to {host}, which is not a product host: its visitors are credited to no affiliate"),
                format!("link to {product}, or add {host} to tracking.product_hosts if the product is served there"),
            ),
            FindingKind::Insecure => (
                format!("\"{href}\" is a product link over http://"),
                "write https:// (the redirect to https costs a round trip and can drop the referral parameter)".into(),
            ),
            FindingKind::TrailingDot => (
                format!("\"{href}\" names the product host with a trailing dot"),
                "remove the dot after the host name".into(),
            ),
            FindingKind::PastedCode { param: p } => (
                format!("\"{href}\" already carries a referral code ({p}=...)"),
                format!("remove {p}=...: tailor writes each page's own {param} itself (the affiliate's on their page, none elsewhere)"),
            ),
            FindingKind::ForeignParam { param: p } => (
                format!("\"{href}\" carries {p}=..., another affiliate platform's referral parameter: a visitor may be credited to whoever it names"),
                format!("remove {p}=...; this site's referral parameter is {param}, which tailor writes itself"),
            ),
            FindingKind::ReferralOnInternal { param: p } => (
                format!("\"{href}\" links to this site with {p}=...: one click would hand the visitor's referral to whoever it names"),
                format!("remove {p}=...: a code only ever comes from an affiliate's own page"),
            ),
            FindingKind::ScriptLink => (
                format!("a link to {}", crate::diag::quoted(href)),
                "tailor publishes no javascript:, vbscript: or data: links; remove this one".into(),
            ),
            FindingKind::Scripted { place } if href.contains("&amp;") => (
                format!("\"{href}\" is a product URL in {place} that was escaped for HTML (&amp; where & was meant): the platform reads its parameters wrongly, and UTM parameters are lost"),
                "write the URL with track() and | js in a script: {{ track(url=\"…\", placement=\"…\") | js }} (a quoted JavaScript string, right in a <script> and in an event handler)".into(),
            ),
            FindingKind::Scripted { place } => (
                format!("\"{href}\" is a product URL in {place}, where tailor cannot add the page's referral code: a visitor a script sends there is credited to no affiliate"),
                "link with <a href=\"…\">, which tailor tracks; or write the page's tracked URL with track(): data-href=\"{{ track(url=\"…\") }}\" in an attribute, {{ track(url=\"…\") | js }} in a script".into(),
            ),
            FindingKind::BaseElsewhere => (
                format!("a <base href=\"{href}\"> sends every relative link of the page to another site"),
                "remove the <base> element: tailor writes links that work without one".into(),
            ),
            FindingKind::Untrackable { place } => (
                format!("{place} points at the product ({href}), where no referral code can be added"),
                "link to the product with <a href> instead, which tailor tracks".into(),
            ),
        }
    }
}

/// What is wrong with a product link as written, the gravest first.
pub(super) fn product_link(
    url: &Url,
    pairs: &[(String, String)],
    policy: &LinkPolicy,
) -> Option<FindingKind> {
    if let Some((k, _)) = pairs
        .iter()
        .find(|(k, _)| !policy.is_read(k) && is_known(k))
    {
        return Some(FindingKind::ForeignParam { param: k.clone() });
    }
    if let Some((k, _)) = pairs.iter().find(|(k, _)| policy.is_read(k)) {
        return Some(FindingKind::PastedCode { param: k.clone() });
    }
    if url.scheme() == "http" {
        return Some(FindingKind::Insecure);
    }
    if url.host_str().is_some_and(|h| h.ends_with('.')) {
        return Some(FindingKind::TrailingDot);
    }
    None
}

fn is_known(key: &str) -> bool {
    KNOWN_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(key))
}

/// A link to another site that looks like the product: a `www.` variant
/// of a product host, or the parent domain of one.
pub(super) fn other_link(url: &Url, policy: &LinkPolicy) -> Option<FindingKind> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?;
    look_alike(host, policy).map(|product| FindingKind::LookAlike {
        host: host.to_string(),
        product,
    })
}

fn look_alike(host: &str, policy: &LinkPolicy) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if !host.contains('.') {
        return None;
    }
    policy
        .product_hosts()
        .iter()
        .find(|p| {
            host.strip_prefix("www.") == Some(p.as_str())
                || p.strip_prefix("www.") == Some(host.as_str())
                || p.strip_suffix(host.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
        .cloned()
}

/// `app.acme.example/signup`: a relative link whose first part names a
/// product host, or one that looks like it.
pub(super) fn scheme_less(href: &str, policy: &LinkPolicy) -> Option<FindingKind> {
    let href = href.trim();
    if href.starts_with(['/', '.', '?', '#', '\\']) {
        return None;
    }
    let first = href.split(['/', '?', '#']).next()?;
    let bare = first.trim_end_matches('.');
    let is_product = policy.product_host(bare).is_some();
    (is_product || look_alike(bare, policy).is_some()).then(|| FindingKind::SchemeLess {
        host: bare.to_ascii_lowercase(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::for_tests(
            "via",
            &["app.acme.example", "acme.example"],
            "https://partners.acme.example/",
        )
    }

    fn finding(href: &str) -> Option<FindingKind> {
        let page = super::super::PageTracking {
            code: Some("jane".into()),
            source: "jane".into(),
            medium: "affiliate".into(),
            campaign: "x".into(),
        };
        policy().rewrite_link(href, &page, "hero").finding
    }

    #[test]
    fn every_kind_is_found() {
        let cases: [(&str, Option<FindingKind>); 14] = [
            ("https://app.acme.example/signup", None),
            ("/for/fintech/", None),
            ("https://other.example/", None),
            (
                "app.acme.example/signup",
                Some(FindingKind::SchemeLess {
                    host: "app.acme.example".into(),
                }),
            ),
            (
                "www.acme.example",
                Some(FindingKind::SchemeLess {
                    host: "www.acme.example".into(),
                }),
            ),
            (
                "https://www.acme.example/pricing",
                Some(FindingKind::LookAlike {
                    host: "www.acme.example".into(),
                    product: "acme.example".into(),
                }),
            ),
            (
                "https://www.app.acme.example/",
                Some(FindingKind::LookAlike {
                    host: "www.app.acme.example".into(),
                    product: "app.acme.example".into(),
                }),
            ),
            ("http://app.acme.example/", Some(FindingKind::Insecure)),
            (
                "https://app.acme.example./x",
                Some(FindingKind::TrailingDot),
            ),
            (
                "https://app.acme.example/?via=bob",
                Some(FindingKind::PastedCode {
                    param: "via".into(),
                }),
            ),
            (
                "https://app.acme.example/?VIA=bob",
                Some(FindingKind::PastedCode {
                    param: "VIA".into(),
                }),
            ),
            (
                "https://app.acme.example/?fpr=bob",
                Some(FindingKind::ForeignParam {
                    param: "fpr".into(),
                }),
            ),
            (
                "/for/fintech/?ref=bob",
                Some(FindingKind::ReferralOnInternal {
                    param: "ref".into(),
                }),
            ),
            (
                "https://partners.acme.example/x/?Via=bob#a",
                Some(FindingKind::ReferralOnInternal {
                    param: "Via".into(),
                }),
            ),
        ];
        for (href, want) in cases {
            assert_eq!(finding(href), want, "{href}");
        }
    }

    #[test]
    fn a_parent_domain_of_a_product_host_is_a_look_alike() {
        let p = LinkPolicy::for_tests("ref", &["app.acme.example"], "https://p.example/");
        assert_eq!(
            look_alike("acme.example", &p).as_deref(),
            Some("app.acme.example")
        );
        assert_eq!(look_alike("example", &p), None);
        assert_eq!(look_alike("notacme.example", &p), None);
    }

    #[test]
    fn every_kind_explains_itself() {
        let p = policy();
        for kind in [
            FindingKind::SchemeLess { host: "h".into() },
            FindingKind::Insecure,
            FindingKind::Untrackable {
                place: "a form's action",
            },
        ] {
            let (message, hint) = kind.explain("x", &p);
            assert!(!message.is_empty() && !hint.is_empty());
        }
    }
}
