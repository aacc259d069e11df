//! The QR medium: an affiliate's QR code opens their page with
//! `utm_medium=qr` (`tracking.qr_medium`), and this inline script carries
//! that medium on to the page's product links, so signups from a poster or
//! an event are told apart from the rest. Only that one value is taken
//! from the URL — nothing else a link might carry — and only the
//! `utm_medium` of product links changes: their referral code stays the
//! page's own. Without JavaScript the links keep the page's medium and the
//! signup is still credited. Product links are found as the persistence
//! script finds them, by the build's rules (`persist::LINKS`).

use super::LinkPolicy;
use super::persist::{LINKS, compact, site_config};
use crate::escape::script_safe;

const SCRIPT: &str = r#"
(function () {
  try {
    var c = __CONFIG__, m = new URLSearchParams(location.search).get("utm_medium");
    if (m !== c.medium) return;
    __LINKS__
    links(c, function (u) {
      if (!u.searchParams.has("utm_medium")) return null;
      u.searchParams.set("utm_medium", m);
      return u.href;
    });
  } catch (e) {}
})();
"#;

/// The script for an affiliate page of a site whose QR medium is `medium`.
pub fn script(policy: &LinkPolicy, medium: &str) -> String {
    let mut config = site_config(policy);
    config.insert("medium", medium.into());
    let config = script_safe(&serde_json::to_string(&config).expect("a map of JSON values"));
    compact(&SCRIPT.replace("__LINKS__", LINKS)).replace("__CONFIG__", &config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_medium_is_the_one_thing_read_from_the_url() {
        let policy = LinkPolicy::for_tests("via", &["app.acme.example"], "https://p.example/");
        let s = script(&policy, "qr");
        assert!(
            s.starts_with(r#"(function(){try{var c={"hosts":["app.acme.example"],"medium":"qr"},m=new URLSearchParams(location.search).get("utm_medium");"#),
            "{s}"
        );
        assert_eq!(s.matches("location.search").count(), 1);
        assert!(!s.contains('\n'));
    }
}
