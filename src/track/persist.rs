//! The first-party script that keeps a visitor's referral code.
//!
//! It is inlined into every page (no request, nothing to load first). It
//! stores the code found on an affiliate page or in the URL's referral
//! parameter in a first-party cookie for `cookie_days`, and adds it to the
//! product links of pages the visitor reaches later. It never replaces a code
//! a link already carries, and it does nothing at all when the browser sends
//! Global Privacy Control.

use super::LinkPolicy;

const SCRIPT: &str = r#"(function(){try{var c=__CONFIG__,d=document,n=navigator;if(n.globalPrivacyControl)return;var k="tailor_ref",ok=/^[a-z0-9_-]{1,64}$/,v=c.code;if(!v){var q=new URLSearchParams(location.search).get(c.param);if(q&&ok.test(q.toLowerCase()))v=q.toLowerCase()}if(v){d.cookie=k+"="+v+";max-age="+c.days*86400+";path="+c.path+";samesite=lax"+(location.protocol=="https:"?";secure":"")}else{var m=d.cookie.match(/(?:^|; )tailor_ref=([a-z0-9_-]{1,64})(?:;|$)/);v=m&&m[1]}if(!v)return;d.querySelectorAll("a[href]").forEach(function(a){try{var u=new URL(a.href);if(c.hosts.indexOf(u.hostname)<0||u.searchParams.has(c.param))return;u.searchParams.set(c.param,v);a.href=u.href}catch(e){}})}catch(e){}})();"#;

/// The inline script for a page; `code` is set on affiliate pages.
pub fn script(
    policy: &LinkPolicy,
    code: Option<&str>,
    cookie_days: u32,
    base_path: &str,
) -> String {
    let config = serde_json::json!({
        "param": policy.ref_param(),
        "code": code,
        "days": cookie_days,
        "hosts": policy.product_hosts(),
        "path": base_path,
    });
    // `<` cannot appear in the values we emit, but a script body must never
    // be able to close its own element.
    let config = config.to_string().replace('<', "\\u003c");
    SCRIPT.replace("__CONFIG__", &config)
}
