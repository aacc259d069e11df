//! The first-party script that keeps a visitor's referral code.
//!
//! It is inlined into every page (no request, nothing to load first). It
//! stores the code found on an affiliate page or in the URL's referral
//! parameter in a first-party cookie for `cookie_days`, and adds it to the
//! product links of pages the visitor reaches later. It never replaces a code
//! a link already carries, and it does nothing at all when the browser sends
//! Global Privacy Control.

use super::LinkPolicy;
use crate::render::script_safe;

const SCRIPT: &str = r#"(function(){try{var c=__CONFIG__,d=document,n=navigator;if(n.globalPrivacyControl)return;var k="tailor_ref",ok=/^[a-z0-9_-]{1,64}$/,v=c.code;if(!v){var q=new URLSearchParams(location.search).get(c.param);if(q&&ok.test(q.toLowerCase()))v=q.toLowerCase()}if(v){d.cookie=k+"="+v+";max-age="+c.days*86400+";path="+c.path+";samesite=lax"+(location.protocol=="https:"?";secure":"")}else{var m=d.cookie.match(/(?:^|; )tailor_ref=([a-z0-9_-]{1,64})(?:;|$)/);v=m&&m[1]}if(!v)return;d.querySelectorAll("a[href]").forEach(function(a){try{var u=new URL(a.href);if(c.hosts.indexOf(u.hostname)<0||u.searchParams.has(c.param))return;u.searchParams.set(c.param,v);a.href=u.href}catch(e){}})}catch(e){}})();"#;

/// The script, prepared once per site: only the code differs by page.
#[derive(Debug, Clone)]
pub struct PersistScript {
    before_code: String,
    after_code: String,
}

impl PersistScript {
    pub fn new(policy: &LinkPolicy, cookie_days: u32, base_path: &str) -> Self {
        let config = serde_json::json!({
            "code": "\u{0}",
            "days": cookie_days,
            "hosts": policy.product_hosts(),
            "param": policy.ref_param(),
            "path": base_path,
        });
        // `<` cannot appear in the values we emit, but a script body must
        // never be able to close its own element.
        let config = script_safe(&config.to_string());
        let script = SCRIPT.replace("__CONFIG__", &config);
        let (before, after) = script
            .split_once("\"\\u0000\"")
            .expect("the code placeholder is in the script");
        PersistScript {
            before_code: before.to_string(),
            after_code: after.to_string(),
        }
    }

    /// The inline script for a page; `code` is set on affiliate pages.
    pub fn for_code(&self, code: Option<&str>) -> String {
        let code = code.map_or_else(
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

    #[test]
    fn the_code_is_the_only_difference() {
        let policy = LinkPolicy {
            ref_param: "via".into(),
            product_hosts: vec!["app.acme.example".into()],
            base: url::Url::parse("https://p.example/").unwrap(),
            prepared: Default::default(),
        };
        let s = PersistScript::new(&policy, 30, "/");
        let with = s.for_code(Some("jane"));
        assert!(with.starts_with(r#"(function(){try{var c={"code":"jane","days":30,"hosts":["app.acme.example"],"param":"via","path":"/"},"#), "{with}");
        assert!(s.for_code(None).contains(r#"var c={"code":null,"days":30"#));
        assert!(!s.for_code(Some("</script>")).contains("</script>"));
    }
}
