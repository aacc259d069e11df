//! A finished page as a browser reads it: the judge of the link pass.
//!
//! The pass reads pages with a purpose-built tokenizer, which is fast
//! enough for every page of a large site. A standards HTML5 parser
//! (html5ever) reads a sample of them again — every kind of page and
//! every shape of affiliate page — and every link it says a browser
//! follows to the product must carry exactly the page's code. Content is
//! canonical markup by then (`content::html`), so what could still read
//! differently is the theme's own markup, which is the same on every page
//! of a shape: one page of each is enough to catch it.

use scraper::Html;
use scraper::node::Node;

use super::{LinkKind, LinkPolicy, PageTracking, is_script_url};

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";
const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// A link a browser follows on the page that does not carry what the page
/// requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub href: String,
    pub why: String,
}

/// Every link of `html` a browser follows — `<a>`/`<area>` in HTML, `<a>`
/// in SVG (`href`, else `xlink:href`) — and every document it loads into
/// the page (`<iframe>`, `<frame>`, `<embed>` `src`, `<object>` `data`),
/// as written.
pub fn followed_links(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let href = match (&*el.name.ns, &*el.name.local) {
            (HTML_NS, "a" | "area") => el.attr("href"),
            (HTML_NS, "iframe" | "frame" | "embed") => el.attr("src"),
            (HTML_NS, "object") => el.attr("data"),
            (SVG_NS, "a") => el.attr("href").or_else(|| {
                el.attrs
                    .iter()
                    .find(|(q, _)| &*q.local == "href" && &*q.ns == XLINK_NS)
                    .map(|(_, v)| &**v)
            }),
            _ => None,
        };
        if let Some(href) = href {
            out.push(href.to_string());
        }
    }
    out
}

/// The links a browser follows on the page that do not carry exactly what
/// `page` requires: the code on an affiliate page, none elsewhere; and any
/// script link.
pub fn misses(html: &str, policy: &LinkPolicy, page: &PageTracking) -> Vec<Miss> {
    let mut out = Vec::new();
    for href in followed_links(html) {
        if is_script_url(&href) {
            out.push(Miss {
                why: "a script link".into(),
                href,
            });
            continue;
        }
        if policy.classify(&href) != LinkKind::Product {
            continue;
        }
        let Ok(url) = policy.base().join(href.trim()) else {
            continue;
        };
        let codes: Vec<String> = url
            .query_pairs()
            .filter(|(k, _)| policy.is_read(k))
            .map(|(_, v)| v.into_owned())
            .collect();
        let why = match &page.code {
            Some(code) if codes.len() != 1 || &codes[0] != code => Some(format!(
                "it carries {} referral code{} where it must carry \"{code}\" once",
                codes.len(),
                if codes.len() == 1 { "" } else { "s" }
            )),
            None if !codes.is_empty() => {
                Some("it carries a referral code on a page without one".into())
            }
            _ => None,
        };
        if let Some(why) = why {
            out.push(Miss { href, why });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::for_tests("via", &["app.acme.example"], "https://p.example/")
    }

    fn page() -> PageTracking {
        PageTracking {
            code: Some("jane".into()),
            source: "jane".into(),
            medium: "affiliate".into(),
            campaign: "x".into(),
        }
    }

    #[test]
    fn what_a_browser_follows_is_judged() {
        let html = r#"<a href="https://app.acme.example/?via=jane">ok</a><svg><a xlink:href="https://app.acme.example/">svg</a></svg><!--><a href="https://app.acme.example/?via=bob">bob</a><a href="javascript:x">js</a><a href="/internal/">i</a>"#;
        let misses = misses(html, &policy(), &page());
        let hrefs: Vec<&str> = misses.iter().map(|m| m.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "https://app.acme.example/",
                "https://app.acme.example/?via=bob",
                "javascript:x"
            ]
        );
        let none = PageTracking {
            code: None,
            ..page()
        };
        assert_eq!(
            super::misses(
                r#"<a href="https://app.acme.example/?VIA=x">x</a>"#,
                &policy(),
                &none
            )
            .len(),
            1
        );
    }
}
