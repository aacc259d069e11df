//! The QR medium: an affiliate's QR code opens their page with
//! `utm_medium=qr` (`tracking.qr_medium`), and this inline script carries
//! that medium on to the page's product links, so signups from a poster or
//! an event are told apart from the rest. Only that one value is taken
//! from the URL — nothing else a link might carry — and only the
//! `utm_medium` of product links changes: their referral code stays the
//! page's own. Without JavaScript the links keep the page's medium and the
//! signup is still credited.

use super::LinkPolicy;
use crate::escape::script_safe;

/// The script for an affiliate page of a site whose QR medium is `medium`.
pub fn script(policy: &LinkPolicy, medium: &str) -> String {
    let config = serde_json::json!({ "hosts": policy.product_hosts(), "medium": medium });
    format!(
        "(function(){{try{{var c={},m=new URLSearchParams(location.search).get(\"utm_medium\");if(m!==c.medium)return;document.querySelectorAll(\"a[href],area[href]\").forEach(function(a){{try{{var u=new URL(a.href);if(c.hosts.indexOf(u.hostname)<0||!u.searchParams.has(\"utm_medium\"))return;u.searchParams.set(\"utm_medium\",m);a.href=u.href}}catch(e){{}}}})}}catch(e){{}}}})();",
        script_safe(&config.to_string())
    )
}
