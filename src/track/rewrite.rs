//! The pass over every finished page that enforces the tracking rules.
//!
//! Templates and Markdown may write product links any way they like; this
//! pass finds every `<a href>` and `<area href>` and gives it exactly what
//! the page requires. A link's placement (`utm_content`) comes from the
//! nearest enclosing `data-placement` attribute — a theme marks its regions
//! (`<header data-placement="hero">`) — or is already set by `track()`.
//! The `data-placement` attributes are removed from the output.
//!
//! The pass also notes whether an affiliate disclosure (an element with a
//! `data-disclosure` attribute) comes before the first product link, which
//! every affiliate page must show.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, end_tag, rewrite_str};

use super::{DEFAULT_PLACEMENT, LinkKind, LinkPolicy, PageTracking};

/// A page after the pass.
#[derive(Debug)]
pub struct Rewritten {
    pub html: String,
    pub product_links: usize,
    /// A `data-disclosure` element came before every product link.
    pub disclosed_first: bool,
}

pub fn rewrite_links(
    html: &str,
    policy: &LinkPolicy,
    page: &PageTracking,
) -> Result<Rewritten, String> {
    let placements: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));
    let region_stack = Rc::clone(&placements);
    let link_stack = Rc::clone(&placements);
    let disclosed = Rc::new(Cell::new(false));
    let disclosed_in_links = Rc::clone(&disclosed);
    let product_links = Rc::new(Cell::new(0usize));
    let counted = Rc::clone(&product_links);
    let disclosed_first = Rc::new(Cell::new(true));
    let first = Rc::clone(&disclosed_first);
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("[data-disclosure]", move |_: &mut Element| {
            disclosed.set(true);
            Ok(())
        }))
        .append_element_content_handler(element!("[data-placement]", move |el: &mut Element| {
            let placement = el.get_attribute("data-placement").unwrap_or_default();
            el.remove_attribute("data-placement");
            if el.can_have_content() {
                region_stack.borrow_mut().push(decode(&placement));
                let stack = Rc::clone(&region_stack);
                el.on_end_tag(end_tag!(move |_| {
                    stack.borrow_mut().pop();
                    Ok(())
                }))?;
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "a[href], area[href]",
            move |el: &mut Element| {
                let Some(raw) = el.get_attribute("href") else {
                    return Ok(());
                };
                let href = decode(&raw);
                if policy.classify(&href) == LinkKind::Product {
                    counted.set(counted.get() + 1);
                    if !disclosed_in_links.get() {
                        first.set(false);
                    }
                }
                let stack = link_stack.borrow();
                let placement = stack.last().map_or(DEFAULT_PLACEMENT, String::as_str);
                if let Some(new) = policy.rewrite(&href, page, placement) {
                    el.set_attribute("href", &html_escape::encode_double_quoted_attribute(&new))?;
                }
                Ok(())
            }
        ));
    let html = rewrite_str(html, settings).map_err(|e| e.to_string())?;
    Ok(Rewritten {
        html,
        product_links: product_links.get(),
        disclosed_first: disclosed_first.get(),
    })
}

fn decode(attr: &str) -> String {
    if attr.contains('&') {
        html_escape::decode_html_entities(attr).into_owned()
    } else {
        attr.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy {
            ref_param: "via".into(),
            product_hosts: vec!["app.acme.example".into()],
            site_host: "partners.acme.example".into(),
            site_port: Some(443),
        }
    }

    fn page() -> PageTracking {
        PageTracking {
            code: Some("jane".into()),
            source: "jane".into(),
            medium: "affiliate".into(),
            campaign: "seg".into(),
        }
    }

    #[test]
    fn links_get_the_placement_of_their_region() {
        let html = r#"<header data-placement="hero"><a href="https://app.acme.example/signup">Go</a></header><p><a href="https://app.acme.example/">x</a></p>"#;
        let out = rewrite_links(html, &policy(), &page()).unwrap().html;
        assert!(out.contains(r#"<header><a href="https://app.acme.example/signup?via=jane&amp;utm_source=jane&amp;utm_medium=affiliate&amp;utm_campaign=seg&amp;utm_content=hero">"#), "{out}");
        assert!(out.contains("utm_content=link"), "{out}");
        assert!(!out.contains("data-placement"));
    }

    #[test]
    fn nested_regions_and_own_placement() {
        let html = r#"<div data-placement="outer"><section data-placement="inner"><a href="https://app.acme.example/">a</a></section><a href="https://app.acme.example/">b</a><a data-placement="own" href="https://app.acme.example/">c</a></div>"#;
        let out = rewrite_links(html, &policy(), &page()).unwrap().html;
        let contents: Vec<_> = out
            .match_indices("utm_content=")
            .map(|(i, _)| &out[i + 12..i + 17])
            .collect();
        assert_eq!(contents, ["inner", "outer", "own\">"]);
    }

    #[test]
    fn escaped_hrefs_are_decoded_before_tracking() {
        let html = r#"<a href="https://app.acme.example/?a=1&amp;via=evil">x</a>"#;
        let out = rewrite_links(html, &policy(), &page()).unwrap().html;
        assert!(out.contains("?a=1&amp;via=jane&amp;"), "{out}");
        assert!(!out.contains("evil"));
    }

    #[test]
    fn notes_a_disclosure_before_the_first_product_link() {
        let link = r#"<a href="https://app.acme.example/">x</a>"#;
        let first = format!("<p data-disclosure>Partner link</p>{link}{link}");
        let r = rewrite_links(&first, &policy(), &page()).unwrap();
        assert_eq!((r.product_links, r.disclosed_first), (2, true));
        let late = format!("{link}<p data-disclosure>Partner link</p>{link}");
        assert!(
            !rewrite_links(&late, &policy(), &page())
                .unwrap()
                .disclosed_first
        );
    }

    #[test]
    fn other_links_are_untouched() {
        let html =
            r#"<a href="https://example.org/?utm_source=x">x</a><a href="mailto:a@b.c">m</a>"#;
        assert_eq!(rewrite_links(html, &policy(), &page()).unwrap().html, html);
    }
}
