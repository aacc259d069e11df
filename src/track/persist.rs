//! The first-party script that keeps a visitor's referral code.
//!
//! It is inlined into every page (no request, nothing to load first). On an
//! affiliate page it stores that affiliate's code in a first-party cookie
//! for `cookie_days`; on other pages it adds a stored code to product links
//! that carry none. Codes only ever come from an affiliate page of this
//! site, never from a URL, so a link someone else wrote cannot move a
//! visitor's code to another affiliate. It never replaces a code a link
//! already carries, and it does nothing when the browser sends Global
//! Privacy Control.
//!
//! With `persist: consent` it stores and reads nothing until the site's
//! consent manager says yes: `window.tailorConsent(true)` (or
//! `window.tailorConsent = true` set before the script runs), or an IAB TCF
//! v2 consent for purpose 1 ("store and/or access information on a
//! device") through `__tcfapi`. `tailorConsent(false)` forgets the code.
//! The affiliate page's own links carry the code in every mode: attribution
//! on the page never depends on storage.
//!
//! The script finds product links by the build's own rules ([`LINKS`],
//! shared with the QR medium script): `<a>`/`<area>` `href`, SVG `<a>`
//! (`href`, else `xlink:href`), `<iframe>`/`<frame>`/`<embed>` `src` and
//! `<object>` `data`; a host compared as `url` and browsers write it
//! (lowercase, punycode, one trailing dot dropped) against the product
//! hosts as `tailor.yaml` normalises them; and, for a site under a path of
//! a product host, the site's own pages left alone. `tests/browser/
//! differential.mjs` holds the two readings to each other in Chromium.
//!
//! At the root of an https host the cookie is `__Host-tailor_ref`: a
//! sibling subdomain can set a cookie for the whole domain
//! (`domain=.example.com`), which a plain name would read first, but never
//! a `__Host-` one. A site under a path keeps `tailor_ref` on its path
//! (a `__Host-` cookie must be set for `/`).

use std::collections::BTreeMap;

use super::LinkPolicy;
use crate::config::Persist;
use crate::escape::script_safe;

/// Every product link of the page, found as the build finds them, handed
/// to `f` as a `URL`; what `f` returns (a URL, or nothing) becomes the
/// link's target. `c.hosts` are the product hosts; `c.site`, `c.port` and
/// `c.path` the site's own host, port and path where that host is also a
/// product host.
pub(super) const LINKS: &str = r#"
function links(c, f) {
  var d = document, H = "http://www.w3.org/1999/xhtml", X = "http://www.w3.org/1999/xlink";
  d.querySelectorAll("a,area,iframe,frame,embed,object").forEach(function (e) {
    try {
      var n = e.localName, x = false, a;
      if (e.namespaceURI == H) {
        a = n == "object" ? "data" : n == "a" || n == "area" ? "href" : "src";
      } else if (n == "a" && e.namespaceURI == "http://www.w3.org/2000/svg") {
        a = "href";
        x = !e.hasAttribute(a) && e.hasAttributeNS(X, a);
      } else return;
      var v = x ? e.getAttributeNS(X, a) : e.getAttribute(a);
      if (v == null) return;
      var u = new URL(v, d.baseURI);
      if (u.protocol != "https:" && u.protocol != "http:") return;
      if (c.hosts.indexOf(u.hostname.replace(/\.$/, "")) < 0) return;
      if (c.site == u.hostname && c.port == (u.port || (u.protocol == "https:" ? "443" : "80")) && (u.pathname.indexOf(c.path) == 0 || u.pathname + "/" == c.path)) return;
      var w = f(u);
      if (w) x ? e.setAttributeNS(X, "xlink:href", w) : e.setAttribute(a, w);
    } catch (y) {}
  });
}
"#;

/// The script, readable; [`compact`] takes out the indentation and line
/// breaks (no statement here relies on a line break).
const SCRIPT: &str = r#"
(function () {
  try {
    var c = __CONFIG__, d = document, w = window;
    var k = (location.protocol == "https:" && c.path == "/" ? "__Host-" : "") + "tailor_ref";
    var before = w.tailorConsent;
    if (navigator.globalPrivacyControl) {
      w.tailorConsent = function () {};
      return;
    }
    function read() {
      var m = d.cookie.match(new RegExp("(?:^|;\\s*)" + k + "=([^;]{1,600})"));
      if (!m) return null;
      try { return decodeURIComponent(m[1]); } catch (e) { return null; }
    }
    function cookie(value, age) {
      d.cookie = k + "=" + value + ";max-age=" + age + ";path=" + c.path + ";samesite=lax" + (location.protocol == "https:" ? ";secure" : "");
    }
    __LINKS__
    function apply(v) {
      links(c, function (u) {
        if (u.searchParams.has(c.param)) return null;
        u.searchParams.set(c.param, v);
        return u.href;
      });
    }
    function run() {
      if (c.code) {
        cookie(encodeURIComponent(c.code), c.days * 86400);
      } else {
        var v = read();
        if (v && v.length <= 256) apply(v);
      }
    }
    if (c.mode != "consent") {
      run();
      return;
    }
    var given = false;
    w.tailorConsent = function (yes) {
      if (yes && !given) {
        given = true;
        run();
      } else if (!yes) {
        given = false;
        cookie("", 0);
      }
    };
    if (before === true) w.tailorConsent(true);
    if (typeof w.__tcfapi == "function") {
      w.__tcfapi("addEventListener", 2, function (t, ok) {
        if (ok && t && (t.eventStatus == "tcloaded" || t.eventStatus == "useractioncomplete")) {
          w.tailorConsent(t.gdprApplies === false || !!(t.purpose && t.purpose.consents && t.purpose.consents[1]));
        }
      });
    }
  } catch (e) {}
})();
"#;

/// What the scripts know of the site: the product hosts, and the site's
/// own host, port and path where that host is one of them.
pub(super) fn site_config(policy: &LinkPolicy) -> BTreeMap<&'static str, serde_json::Value> {
    let mut c = BTreeMap::new();
    c.insert("hosts", serde_json::json!(policy.product_hosts()));
    if let Some((host, path)) = policy.site_on_product_host() {
        let port = policy.base().port_or_known_default().unwrap_or(443);
        c.insert("site", host.into());
        c.insert("port", port.to_string().into());
        c.insert("path", path.into());
    }
    c
}

/// `SCRIPT` without its layout: every line trimmed and joined, spaces
/// around operators kept only where JavaScript needs them.
pub(super) fn compact(script: &str) -> String {
    let mut out = String::with_capacity(script.len());
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut in_string: Option<char> = None;
        let mut prev = '\0';
        let chars: Vec<char> = line.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            match in_string {
                Some(q) => {
                    out.push(ch);
                    if ch == q && prev != '\\' {
                        in_string = None;
                    }
                }
                None if ch == '"' => {
                    in_string = Some(ch);
                    out.push(ch);
                }
                None if ch == ' ' => {
                    let next = chars.get(i + 1).copied().unwrap_or(' ');
                    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
                    if word(prev) && word(next) {
                        out.push(' ');
                    }
                }
                None => out.push(ch),
            }
            prev = ch;
        }
    }
    out
}

/// The script, prepared once per site: only the code differs by page.
#[derive(Debug, Clone)]
pub struct PersistScript {
    /// The whole script, for pages without a code of their own.
    without_code: String,
    /// The script around an affiliate page's code. That page only stores
    /// its code, never adds one to links: its script goes without
    /// [`LINKS`].
    before_code: String,
    after_code: String,
}

impl PersistScript {
    pub fn new(policy: &LinkPolicy, mode: Persist, cookie_days: u32, base_path: &str) -> Self {
        let mut config = site_config(policy);
        config.insert("code", "\u{0}".into());
        config.insert("days", cookie_days.into());
        config.insert("mode", mode.name().into());
        config.insert("param", policy.ref_param().into());
        config.insert("path", base_path.into());
        // A script body must never be able to close its own element.
        let config = script_safe(&serde_json::to_string(&config).expect("a map of JSON values"));
        let script = |links: &str| {
            compact(&SCRIPT.replace("__LINKS__", links)).replace("__CONFIG__", &config)
        };
        let placeholder = "\"\\u0000\"";
        let (before, after) = script("")
            .split_once(placeholder)
            .map(|(b, a)| (b.to_string(), a.to_string()))
            .expect("the code placeholder is in the script");
        PersistScript {
            without_code: script(LINKS).replacen(placeholder, "null", 1),
            before_code: before,
            after_code: after,
        }
    }

    /// The inline script for a page; `value` (the referral parameter's
    /// value) is set on affiliate pages.
    pub fn for_code(&self, value: Option<&str>) -> String {
        let Some(c) = value else {
            return self.without_code.clone();
        };
        let code = script_safe(&serde_json::Value::from(c).to_string());
        let mut s =
            String::with_capacity(self.before_code.len() + code.len() + self.after_code.len());
        s.push_str(&self.before_code);
        s.push_str(&code);
        s.push_str(&self.after_code);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::for_tests("via", &["app.acme.example"], "https://p.example/")
    }

    #[test]
    fn the_code_is_the_only_difference() {
        let s = PersistScript::new(&policy(), Persist::On, 30, "/");
        let with = s.for_code(Some("jane"));
        assert!(
            with.starts_with(r#"(function(){try{var c={"code":"jane","days":30,"hosts":["app.acme.example"],"mode":"true","param":"via","path":"/"},"#),
            "{with}"
        );
        assert!(s.for_code(None).contains(r#"var c={"code":null,"days":30"#));
        assert!(!s.for_code(Some("</script>")).contains("</script>"));
        assert!(!with.contains('\n'));
        // An affiliate page only stores its code; pages without one add it
        // to their links.
        assert!(!with.contains("function links("));
        assert!(s.for_code(None).contains("function links("));
    }

    #[test]
    fn a_site_under_a_path_of_a_product_host_tells_the_script_its_own_pages() {
        let p = LinkPolicy::for_tests("via", &["acme.example"], "https://acme.example/partners/");
        let s = PersistScript::new(&p, Persist::On, 30, "/partners/").for_code(None);
        assert!(
            s.contains(r#""path":"/partners/","port":"443","site":"acme.example"}"#),
            "{s}"
        );
        // Elsewhere the script is told nothing of the site.
        assert!(
            !PersistScript::new(&policy(), Persist::On, 30, "/")
                .for_code(None)
                .contains("\"site\"")
        );
    }

    #[test]
    fn compacting_keeps_strings_and_word_breaks() {
        assert_eq!(
            compact("  var a = \"x  y\", b = 1;\n  if (a == b) return a;\n"),
            "var a=\"x  y\",b=1;if(a==b)return a;"
        );
        assert_eq!(
            compact("typeof w.f == \"function\""),
            "typeof w.f==\"function\""
        );
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        // Compacting must not touch the space-sensitive parts of the script.
        let s = PersistScript::new(&policy(), Persist::On, 7, "/").for_code(None);
        assert!(
            s.contains(r#"new RegExp("(?:^|;\\s*)"+k+"=([^;]{1,600})")"#),
            "{s}"
        );
        assert!(
            s.contains(r#"(location.protocol=="https:"&&c.path=="/"?"__Host-":"")+"tailor_ref""#),
            "{s}"
        );
        assert!(
            !SCRIPT.contains("/ "),
            "no regular expression may hold a space"
        );
    }

    #[test]
    fn no_url_is_ever_read_for_a_code() {
        let s = PersistScript::new(&policy(), Persist::Consent, 7, "/").for_code(None);
        assert!(!s.contains("location.search"), "{s}");
        assert!(!s.contains("URLSearchParams"), "{s}");
        assert!(s.contains(r#""mode":"consent""#));
    }
}
