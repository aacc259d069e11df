//! Attribution: which links are product links, and what they must carry.
//!
//! This is the one implementation of the tracking rules (docs/tracking.md).
//! The Tera function `track(url, placement)` calls it, and so does the pass
//! over every finished page (`rewrite`), which is what guarantees that no product link —
//! from a template, a Markdown body, an excerpt or raw HTML — leaves the
//! build without the page's parameters. Applying it twice changes nothing.
//!
//! Links that would lose a signup's credit without a word — a look-alike of
//! a product host, a product link without its scheme, a link already
//! carrying someone's referral code — are reported as [`Finding`]s, each
//! with what to write instead.

pub mod lint;
pub mod medium;
mod persist;
mod rewrite;
pub mod script;
pub mod verify;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use url::Url;

use crate::config::Config;

pub use crate::urls::is_script_url;
pub use lint::{Finding, FindingKind};
pub use persist::PersistScript;
pub use rewrite::{Reading, has_foreign_content, rewrite_links_with};

/// Placement used when neither the link nor an enclosing region names one.
pub const DEFAULT_PLACEMENT: &str = "link";

/// Site-wide knowledge needed to classify and track links.
#[derive(Debug, Clone)]
pub struct LinkPolicy {
    ref_param: String,
    /// Every parameter the site's platform reads as a referral code, its
    /// own included, lowercase: a product link carries exactly one of them.
    reads: Vec<String>,
    product_hosts: Vec<String>,
    /// Each product host as it may be written in text: its ASCII form and,
    /// for an internationalised name, its Unicode one (see `script`).
    spellings: Vec<String>,
    /// The site's base URL: relative links resolve against it, as in a
    /// browser, and its host is the site's own.
    base: Url,
    /// Product links already parsed, by href: a site has few distinct ones,
    /// repeated on every page.
    prepared: Arc<RwLock<HashMap<String, Arc<Prepared>>>>,
}

/// A product link taken apart once, ready to be tracked for any page: its
/// tracked form as a sequence of fixed text and page values, one for pages
/// with a referral code and one for pages without.
#[derive(Debug)]
struct Prepared {
    with_code: Vec<Piece>,
    without_code: Vec<Piece>,
    /// What is wrong with the link as written, if anything.
    finding: Option<FindingKind>,
}

/// Part of a tracked URL.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Already encoded.
    Text(String),
    /// A page value, encoded when the page is rendered.
    Value(PageValue),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum PageValue {
    Code,
    Source,
    Medium,
    Campaign,
    Content,
}

impl Prepared {
    /// The tracking rules, applied once per link: existing parameters and
    /// the fragment kept in order, the author's own `utm_*` values (in
    /// lowercase) winning over the page's, exactly one referral parameter —
    /// the page's code, where the link had one or at the end — on pages
    /// with a code, none on others. Any parameter the platform reads as a
    /// code, in any case, counts as the link's referral parameter.
    fn new(mut url: Url, policy: &LinkPolicy) -> Prepared {
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let fragment = url.fragment().map(str::to_string);
        let finding = lint::product_link(&url, &pairs, policy);
        url.set_query(None);
        url.set_fragment(None);
        let head: String = url.into();
        let ref_param = policy.ref_param.as_str();
        let pieces = |with_code: bool| {
            let mut query: Vec<(String, Piece)> = Vec::with_capacity(pairs.len() + 5);
            let mut has_ref = false;
            for (k, v) in &pairs {
                if policy.is_read(k) {
                    if with_code && !has_ref {
                        has_ref = true;
                        query.push((ref_param.to_string(), Piece::Value(PageValue::Code)));
                    }
                } else if k.starts_with("utm_") {
                    if v.trim().is_empty() {
                        // An empty value would erase the page's own.
                        continue;
                    }
                    if !query.iter().any(|(qk, _)| qk == k) {
                        query.push((k.clone(), Piece::Text(encode(&v.to_lowercase()))));
                    }
                } else {
                    query.push((k.clone(), Piece::Text(encode(v))));
                }
            }
            if with_code && !has_ref {
                query.push((ref_param.to_string(), Piece::Value(PageValue::Code)));
            }
            let defaults = [
                PageValue::Source,
                PageValue::Medium,
                PageValue::Campaign,
                PageValue::Content,
            ];
            for (key, value) in UTM_KEYS.iter().zip(defaults) {
                if !query.iter().any(|(k, _)| k == key) {
                    query.push((key.to_string(), Piece::Value(value)));
                }
            }
            let mut out: Vec<Piece> = Vec::new();
            let mut text = format!("{head}?");
            for (n, (k, v)) in query.into_iter().enumerate() {
                if n > 0 {
                    text.push('&');
                }
                text.push_str(&encode(&k));
                text.push('=');
                match v {
                    Piece::Text(t) => text.push_str(&t),
                    value => {
                        out.push(Piece::Text(std::mem::take(&mut text)));
                        out.push(value);
                    }
                }
            }
            if let Some(f) = &fragment {
                text.push('#');
                text.push_str(f);
            }
            if !text.is_empty() {
                out.push(Piece::Text(text));
            }
            out
        };
        Prepared {
            with_code: pieces(true),
            without_code: pieces(false),
            finding,
        }
    }
}

/// Product hosts (ASCII, lowercase) and the Unicode form of each
/// internationalised one.
fn spellings(hosts: &[String]) -> Vec<String> {
    let mut out = hosts.to_vec();
    for host in hosts {
        if host.split('.').any(|label| label.starts_with("xn--")) {
            let (unicode, ok) = idna::domain_to_unicode(host);
            if ok.is_ok() && !out.contains(&unicode) {
                out.push(unicode);
            }
        }
    }
    out
}

/// A query key or value as `application/x-www-form-urlencoded`.
fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Entries kept in the cache of prepared links.
const PREPARED_MAX: usize = 10_000;

/// What the links of one page carry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PageTracking {
    /// The referral parameter's value, on affiliate pages only.
    pub code: Option<String>,
    pub source: String,
    pub medium: String,
    pub campaign: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Host in `tracking.product_hosts`.
    Product,
    /// A page of this site: relative, or on the site's own host.
    Internal,
    /// Anything else: other sites, mailto:, tel:, fragments.
    Other,
}

/// What the pass does with one link.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkRewrite {
    pub kind: LinkKind,
    /// The link's new URL, when it changes.
    pub new: Option<String>,
    pub finding: Option<FindingKind>,
}

enum Parsed {
    Absolute(Url),
    Relative,
    Other,
}

const UTM_KEYS: [&str; 4] = ["utm_source", "utm_medium", "utm_campaign", "utm_content"];

impl LinkPolicy {
    pub fn new(config: &Config) -> Self {
        let preset = config.tracking.preset;
        let mut reads: Vec<String> = std::iter::once(config.tracking.ref_param.as_str())
            .chain(std::iter::once(preset.param))
            .chain(preset.aliases.iter().copied())
            .map(str::to_ascii_lowercase)
            .collect();
        reads.dedup();
        LinkPolicy {
            ref_param: config.tracking.ref_param.clone(),
            reads,
            spellings: spellings(&config.tracking.product_hosts),
            product_hosts: config.tracking.product_hosts.clone(),
            base: config.base_url.clone(),
            prepared: Arc::default(),
        }
    }

    /// A policy without a config, for unit tests.
    #[cfg(test)]
    pub(crate) fn for_tests(ref_param: &str, hosts: &[&str], base: &str) -> Self {
        LinkPolicy {
            ref_param: ref_param.into(),
            reads: vec![ref_param.to_ascii_lowercase()],
            spellings: spellings(&hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>()),
            product_hosts: hosts.iter().map(|h| h.to_string()).collect(),
            base: Url::parse(base).unwrap(),
            prepared: Arc::default(),
        }
    }

    /// The site's base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    pub fn ref_param(&self) -> &str {
        &self.ref_param
    }

    pub fn product_hosts(&self) -> &[String] {
        &self.product_hosts
    }

    /// Every way a product host may be written in text, lowercase.
    pub fn host_spellings(&self) -> &[String] {
        &self.spellings
    }

    /// Whether the site's platform reads `param` as a referral code.
    pub fn is_read(&self, param: &str) -> bool {
        self.reads.iter().any(|r| r.eq_ignore_ascii_case(param))
    }

    pub fn classify(&self, href: &str) -> LinkKind {
        match self.parse(href) {
            Parsed::Absolute(u) => self.classify_url(&u),
            Parsed::Relative => LinkKind::Internal,
            Parsed::Other => LinkKind::Other,
        }
    }

    /// Parses `href` as a browser would, skipping the work for the plain
    /// relative links that make up most of a page: no `:` means no scheme,
    /// and without a leading `//` (or `\\`) no host.
    fn parse(&self, href: &str) -> Parsed {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return Parsed::Other;
        }
        let plain_relative = !href.contains(':') && {
            let slash = |c: Option<char>| c.is_some_and(|c| matches!(c, '/' | '\\'));
            let mut lead = href.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
            !(slash(lead.next()) && slash(lead.next()))
        };
        if plain_relative {
            return Parsed::Relative;
        }
        match Url::options().base_url(Some(&self.base)).parse(href) {
            Ok(u) => Parsed::Absolute(u),
            Err(_) => Parsed::Other,
        }
    }

    /// The product host `host` is, if it is one. A trailing dot names the
    /// same host to a browser.
    fn product_host(&self, host: &str) -> Option<&str> {
        let host = host.strip_suffix('.').unwrap_or(host);
        self.product_hosts
            .iter()
            .find(|p| p.eq_ignore_ascii_case(host))
            .map(String::as_str)
    }

    /// A partner site under a path of a product host
    /// (`https://acme.example/partners/`): its pages are the site's, every
    /// other path of that host is the product's.
    fn classify_url(&self, u: &Url) -> LinkKind {
        if !matches!(u.scheme(), "http" | "https") {
            return LinkKind::Other;
        }
        let host = u.host_str().unwrap_or_default();
        let on_site_host = host.eq_ignore_ascii_case(self.base.host_str().unwrap_or_default())
            && u.port_or_known_default() == self.base.port_or_known_default();
        if on_site_host && self.in_site_path(u.path()) {
            LinkKind::Internal
        } else if self.product_host(host).is_some() {
            LinkKind::Product
        } else if on_site_host {
            LinkKind::Internal
        } else {
            LinkKind::Other
        }
    }

    /// `path` (of a URL on the site's host) is under the site's base path.
    fn in_site_path(&self, path: &str) -> bool {
        let base = self.base.path();
        path.starts_with(base) || path == base.trim_end_matches('/')
    }

    /// The site's host and path when that host is also a product host: the
    /// scripts that add stored codes to product links must leave the
    /// site's own pages alone there, as the build does.
    pub fn site_on_product_host(&self) -> Option<(&str, &str)> {
        let host = self.base.host_str()?;
        self.product_host(host)?;
        Some((host, self.base.path()))
    }

    /// The URL `href` must have on a page tracked with `page`, or `None` when
    /// it needs no change (not a product link, or already right).
    #[cfg(test)]
    pub fn rewrite(&self, href: &str, page: &PageTracking, placement: &str) -> Option<String> {
        self.rewrite_link(href, page, placement).new
    }

    /// What `href` is, what it must become on a page tracked with `page`,
    /// and what is wrong with it as written.
    pub fn rewrite_link(&self, href: &str, page: &PageTracking, placement: &str) -> LinkRewrite {
        let cached = self.prepared.read().ok().and_then(|c| c.get(href).cloned());
        if let Some(prepared) = cached {
            let new = self.track_prepared(&prepared, page, placement);
            return LinkRewrite {
                kind: LinkKind::Product,
                new: (new != href).then_some(new),
                finding: prepared.finding.clone(),
            };
        }
        let done = |kind, new: Option<String>, finding| LinkRewrite {
            kind,
            new: new.filter(|n| n != href),
            finding,
        };
        match self.parse(href) {
            Parsed::Absolute(u) => match self.classify_url(&u) {
                LinkKind::Product => {
                    let prepared = Arc::new(Prepared::new(u, self));
                    if let Ok(mut cache) = self.prepared.write()
                        && cache.len() < PREPARED_MAX
                    {
                        cache.insert(href.to_string(), Arc::clone(&prepared));
                    }
                    let new = self.track_prepared(&prepared, page, placement);
                    done(LinkKind::Product, Some(new), prepared.finding.clone())
                }
                LinkKind::Internal => {
                    let (new, finding) = self.internal(href);
                    done(LinkKind::Internal, new, finding)
                }
                LinkKind::Other => done(LinkKind::Other, None, lint::other_link(&u, self)),
            },
            Parsed::Relative => {
                if let Some(finding) = lint::scheme_less(href, self) {
                    return done(LinkKind::Internal, None, Some(finding));
                }
                let based = self.under_base(href);
                let href = based.as_deref().unwrap_or(href);
                if href.contains('?') {
                    let (new, finding) = self.internal(href);
                    done(LinkKind::Internal, new.or(based), finding)
                } else {
                    done(LinkKind::Internal, based, None)
                }
            }
            Parsed::Other => done(LinkKind::Other, None, None),
        }
    }

    /// A root-relative link (`/customers/ledgerly/`, as Markdown and
    /// templates write them) on a site that lives under a path
    /// (`https://www.example.io/partners/`): the same link under that path.
    /// A link already under it, and every link of a site at its host's
    /// root, stay as written.
    fn under_base(&self, href: &str) -> Option<String> {
        let base = self.base.path();
        let rest = href.strip_prefix('/')?;
        if base == "/" || rest.starts_with('/') || rest.starts_with('\\') {
            return None;
        }
        let bare = base.trim_end_matches('/');
        if let Some(after) = href.strip_prefix(bare)
            && (after.is_empty() || after.starts_with(['/', '?', '#']))
        {
            return None;
        }
        Some(format!("{base}{rest}"))
    }

    /// An internal link without tracking parameters, and the referral
    /// parameter it carried, if any. Links between the site's own pages
    /// must not overwrite the visit's real source, and a code only ever
    /// comes from an affiliate's own page.
    fn internal(&self, href: &str) -> (Option<String>, Option<FindingKind>) {
        let (before_fragment, fragment) = match href.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (href, None),
        };
        let Some((path, query)) = before_fragment.split_once('?') else {
            return (None, None);
        };
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let referral = pairs
            .iter()
            .find(|(k, _)| self.is_referral_param(k))
            .map(|(k, _)| FindingKind::ReferralOnInternal { param: k.clone() });
        let tracking = |k: &str| k.starts_with("utm_") || self.is_referral_param(k);
        if !pairs.iter().any(|(k, _)| tracking(k)) {
            return (None, None);
        }
        let kept: Vec<_> = pairs.into_iter().filter(|(k, _)| !tracking(k)).collect();
        let mut out = path.to_string();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(
                &url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(&kept)
                    .finish(),
            );
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        (Some(out), referral)
    }

    /// A parameter some platform — this site's or another — reads as a
    /// referral code.
    pub fn is_referral_param(&self, key: &str) -> bool {
        self.is_read(key)
            || crate::platform::KNOWN_PARAMS
                .iter()
                .any(|p| p.eq_ignore_ascii_case(key))
    }

    /// `href` with the page's tracking parameters, if it is a product link.
    ///
    /// Existing parameters and the fragment are kept, in order. The author's
    /// own `utm_*` values win; the referral parameter is the page's code on an
    /// affiliate page (exactly one of it) and absent elsewhere. UTM values
    /// are lowercase.
    pub fn track(&self, href: &str, page: &PageTracking, placement: &str) -> Option<String> {
        match self.parse(href) {
            Parsed::Absolute(url) if self.classify_url(&url) == LinkKind::Product => {
                Some(self.track_prepared(&Prepared::new(url, self), page, placement))
            }
            _ => None,
        }
    }

    fn track_prepared(&self, link: &Prepared, page: &PageTracking, placement: &str) -> String {
        let pieces = if page.code.is_some() {
            &link.with_code
        } else {
            &link.without_code
        };
        let mut out = String::with_capacity(160);
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                // The code as the platform issued it: its case matters.
                Piece::Value(PageValue::Code) => out.extend(url::form_urlencoded::byte_serialize(
                    page.code.as_deref().unwrap_or_default().as_bytes(),
                )),
                Piece::Value(v) => {
                    let value = match v {
                        PageValue::Source => &page.source,
                        PageValue::Medium => &page.medium,
                        PageValue::Campaign => &page.campaign,
                        PageValue::Content | PageValue::Code => placement.trim(),
                    };
                    push_utm_value(&mut out, value);
                }
            }
        }
        out
    }
}

/// A UTM value as every tracked URL carries it — a link on a page, a QR
/// code's address: lowercase (analytics tell `Hero` from `hero`) and
/// form-encoded (a space is `+`).
pub fn push_utm_value(out: &mut String, value: &str) {
    if value.bytes().any(|b| b.is_ascii_uppercase()) || !value.is_ascii() {
        out.extend(url::form_urlencoded::byte_serialize(
            value.to_lowercase().as_bytes(),
        ));
    } else {
        out.extend(url::form_urlencoded::byte_serialize(value.as_bytes()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::for_tests(
            "ref",
            &["app.acme.example", "acme.example"],
            "https://partners.acme.example/",
        )
    }

    fn affiliate() -> PageTracking {
        PageTracking {
            code: Some("jane".into()),
            source: "jane-doe".into(),
            medium: "affiliate".into(),
            campaign: "fintech".into(),
        }
    }

    fn segment() -> PageTracking {
        PageTracking {
            code: None,
            source: "fintech".into(),
            medium: "affiliate".into(),
            campaign: "fintech".into(),
        }
    }

    #[test]
    fn classifies_links() {
        let p = policy();
        assert_eq!(
            p.classify("https://app.acme.example/signup"),
            LinkKind::Product
        );
        assert_eq!(p.classify("https://APP.acme.example/"), LinkKind::Product);
        assert_eq!(p.classify("//acme.example/pricing"), LinkKind::Product);
        assert_eq!(p.classify("https://www.acme.example/"), LinkKind::Other);
        assert_eq!(p.classify("/for/fintech/"), LinkKind::Internal);
        assert_eq!(p.classify("../x/"), LinkKind::Internal);
        assert_eq!(
            p.classify("https://partners.acme.example/x/"),
            LinkKind::Internal
        );
        assert_eq!(p.classify("mailto:a@b.c"), LinkKind::Other);
        assert_eq!(p.classify("#top"), LinkKind::Other);
        assert_eq!(p.classify("javascript:alert(1)"), LinkKind::Other);
        assert_eq!(p.classify("java\nscript:alert(1)"), LinkKind::Other);
        // What browsers read as another host is never taken for a relative link.
        assert_eq!(p.classify("\\\\app.acme.example/signup"), LinkKind::Product);
        assert_eq!(p.classify("/\\app.acme.example/signup"), LinkKind::Product);
        assert_eq!(
            p.classify("https:\\\\app.acme.example\\signup"),
            LinkKind::Product
        );
        assert_eq!(p.classify("https://app%2Eacme.example/"), LinkKind::Product);
        assert_eq!(p.classify("HTTPS://APP.ACME.EXAMPLE"), LinkKind::Product);
    }

    #[test]
    fn affiliate_links_carry_code_and_utms() {
        let got = policy()
            .track("https://app.acme.example/signup", &affiliate(), "Hero")
            .unwrap();
        assert_eq!(
            got,
            "https://app.acme.example/signup?ref=jane&utm_source=jane-doe&utm_medium=affiliate&utm_campaign=fintech&utm_content=hero"
        );
    }

    #[test]
    fn keeps_params_and_fragment_and_author_utms() {
        let got = policy()
            .track(
                "https://app.acme.example/signup?plan=pro&utm_content=Banner#top",
                &affiliate(),
                "hero",
            )
            .unwrap();
        assert_eq!(
            got,
            "https://app.acme.example/signup?plan=pro&utm_content=banner&ref=jane&utm_source=jane-doe&utm_medium=affiliate&utm_campaign=fintech#top"
        );
    }

    #[test]
    fn the_affiliate_code_always_wins_and_appears_once() {
        let got = policy()
            .track(
                "https://app.acme.example/?ref=evil&x=1&ref=other",
                &affiliate(),
                "hero",
            )
            .unwrap();
        assert!(
            got.starts_with("https://app.acme.example/?ref=jane&x=1&utm_source"),
            "{got}"
        );
        assert_eq!(got.matches("ref=").count(), 1);
    }

    #[test]
    fn segment_pages_carry_no_code() {
        let got = policy()
            .track(
                "https://acme.example/pricing?ref=someone",
                &segment(),
                "footer",
            )
            .unwrap();
        assert_eq!(
            got,
            "https://acme.example/pricing?utm_source=fintech&utm_medium=affiliate&utm_campaign=fintech&utm_content=footer"
        );
    }

    #[test]
    fn values_are_percent_encoded() {
        let page = PageTracking {
            campaign: "a b&c".into(),
            ..segment()
        };
        let got = policy().track("https://acme.example/", &page, "x").unwrap();
        assert!(got.contains("utm_campaign=a+b%26c"), "{got}");
    }

    #[test]
    fn tracking_is_idempotent() {
        let p = policy();
        for page in [affiliate(), segment()] {
            let once = p
                .track("https://app.acme.example/signup?a=1#f", &page, "hero")
                .unwrap();
            assert_eq!(p.rewrite(&once, &page, "other"), None, "{once}");
        }
    }

    #[test]
    fn root_relative_links_live_under_the_site_s_path() {
        let p = LinkPolicy::for_tests(
            "ref",
            &["app.acme.example"],
            "https://www.example.io/partners/",
        );
        let page = segment();
        for (written, want) in [
            (
                "/customers/ledgerly/",
                Some("/partners/customers/ledgerly/"),
            ),
            (
                "/customers/ledgerly/#results",
                Some("/partners/customers/ledgerly/#results"),
            ),
            ("/for/x/?utm_source=a&q=1", Some("/partners/for/x/?q=1")),
            ("/", Some("/partners/")),
            ("/partners/customers/x/", None),
            ("/partners", None),
            ("/partners?x=1", None),
            ("/partnership/", Some("/partners/partnership/")),
            ("//cdn.example/x", None),
            ("customers/x/", None),
            ("#top", None),
        ] {
            assert_eq!(p.rewrite(written, &page, "x").as_deref(), want, "{written}");
        }
        let root = LinkPolicy::for_tests("ref", &["app.acme.example"], "https://www.example.io/");
        assert_eq!(root.rewrite("/customers/x/", &page, "x"), None);
    }

    #[test]
    fn internal_links_lose_utms_only() {
        let p = policy();
        assert_eq!(
            p.rewrite("/for/x/?utm_source=a&q=1#h", &segment(), "x")
                .as_deref(),
            Some("/for/x/?q=1#h")
        );
        assert_eq!(
            p.rewrite("/for/x/?utm_source=a", &segment(), "x")
                .as_deref(),
            Some("/for/x/")
        );
        assert_eq!(p.rewrite("/for/x/?q=1", &segment(), "x"), None);
        assert_eq!(
            p.rewrite("https://other.example/?utm_source=a", &segment(), "x"),
            None
        );
    }

    fn query_strategy() -> impl proptest::strategy::Strategy<Value = Vec<(String, String)>> {
        proptest::collection::vec(
            (
                "(ref|utm_source|utm_content|plan|q|[a-z]{1,6}|\\PC{1,4})",
                "\\PC{0,8}",
            ),
            0..5,
        )
    }

    proptest::proptest! {
        /// For any product URL and any code: the result parses, keeps the
        /// other parameters in order and the fragment, and carries exactly
        /// one referral parameter, the affiliate's.
        #[test]
        fn tracked_urls_keep_what_they_had_and_carry_one_code(
            host in "(app\\.acme\\.example|acme\\.example)",
            path in "(/[a-zA-Z0-9%._~-]{0,8}){0,3}",
            query in query_strategy(),
            fragment in proptest::option::of("[a-zA-Z0-9 /?#%-]{0,12}"),
            code in "[a-z0-9_-]{1,64}",
            placement in "[a-zA-Z -]{1,12}",
        ) {
            let mut original = Url::parse(&format!("https://{host}{path}")).unwrap();
            if !query.is_empty() {
                original.query_pairs_mut().extend_pairs(&query);
            }
            original.set_fragment(fragment.as_deref());
            let page = PageTracking { code: Some(code.clone()), ..affiliate() };
            let tracked = policy().track(original.as_str(), &page, &placement).unwrap();
            let url = Url::parse(&tracked).unwrap();
            let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            let refs: Vec<&String> = pairs.iter().filter(|(k, _)| k == "ref").map(|(_, v)| v).collect();
            proptest::prop_assert_eq!(refs, vec![&code]);
            let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| k != "ref" && !k.starts_with("utm_")).collect();
            let had: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "ref" && !k.starts_with("utm_")).collect();
            proptest::prop_assert_eq!(kept, had);
            proptest::prop_assert_eq!(url.fragment(), original.fragment());
            for key in UTM_KEYS {
                proptest::prop_assert_eq!(pairs.iter().filter(|(k, _)| k == key).count(), 1, "{}", key);
            }
            // Tracking is idempotent.
            proptest::prop_assert_eq!(policy().rewrite(&tracked, &page, &placement), None);
        }

        /// Pages without a code carry no referral parameter at all.
        #[test]
        fn other_pages_carry_no_code(query in query_strategy()) {
            let mut original = Url::parse("https://app.acme.example/signup").unwrap();
            original.query_pairs_mut().extend_pairs(&query);
            let tracked = policy().track(original.as_str(), &segment(), "hero").unwrap();
            let url = Url::parse(&tracked).unwrap();
            proptest::prop_assert!(!url.query_pairs().any(|(k, _)| k == "ref"));
        }

        /// Any string at all is classified and rewritten without a panic.
        #[test]
        fn any_href_is_handled(href in "\\PC{0,40}") {
            let _ = policy().rewrite(&href, &affiliate(), "x");
        }
    }
}
