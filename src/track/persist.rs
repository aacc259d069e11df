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

use super::LinkPolicy;
use crate::config::Persist;
use crate::escape::script_safe;

/// The script, readable; [`compact`] takes out the indentation and line
/// breaks (no statement here relies on a line break).
const SCRIPT: &str = r#"
(function () {
  try {
    var c = __CONFIG__, d = document, w = window, k = "tailor_ref";
    var before = w.tailorConsent;
    if (navigator.globalPrivacyControl) {
      w.tailorConsent = function () {};
      return;
    }
    function read() {
      var m = d.cookie.match(/(?:^|;\s*)tailor_ref=([^;]{1,600})/);
      if (!m) return null;
      try { return decodeURIComponent(m[1]); } catch (e) { return null; }
    }
    function cookie(value, age) {
      d.cookie = k + "=" + value + ";max-age=" + age + ";path=" + c.path + ";samesite=lax" + (location.protocol == "https:" ? ";secure" : "");
    }
    function apply(v) {
      d.querySelectorAll("a[href],area[href]").forEach(function (a) {
        try {
          var u = new URL(a.href);
          if (c.hosts.indexOf(u.hostname) < 0 || u.searchParams.has(c.param)) return;
          u.searchParams.set(c.param, v);
          a.href = u.href;
        } catch (e) {}
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

/// `SCRIPT` without its layout: every line trimmed and joined, spaces
/// around operators kept only where JavaScript needs them.
fn compact(script: &str) -> String {
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
    before_code: String,
    after_code: String,
}

impl PersistScript {
    pub fn new(policy: &LinkPolicy, mode: Persist, cookie_days: u32, base_path: &str) -> Self {
        let config = serde_json::json!({
            "code": "\u{0}",
            "days": cookie_days,
            "hosts": policy.product_hosts(),
            "mode": mode.name(),
            "param": policy.ref_param(),
            "path": base_path,
        });
        // A script body must never be able to close its own element.
        let config = script_safe(&config.to_string());
        let script = compact(SCRIPT).replace("__CONFIG__", &config);
        let (before, after) = script
            .split_once("\"\\u0000\"")
            .expect("the code placeholder is in the script");
        PersistScript {
            before_code: before.to_string(),
            after_code: after.to_string(),
        }
    }

    /// The inline script for a page; `value` (the referral parameter's
    /// value) is set on affiliate pages.
    pub fn for_code(&self, value: Option<&str>) -> String {
        let code = value.map_or_else(
            || "null".to_string(),
            |c| script_safe(&serde_json::Value::from(c).to_string()),
        );
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
        assert!(s.contains(r"(?:^|;\s*)tailor_ref="), "{s}");
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
