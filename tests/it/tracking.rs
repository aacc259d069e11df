//! Attribution across every page: the worst bug this product can have is a
//! product link without the right referral code on an affiliate page.

use std::collections::BTreeMap;

use scraper::Html;

use crate::support::*;

/// Checks every product link on every page of a built site against the
/// tracking rules: affiliate pages carry their affiliate's code and UTM
/// parameters, segment pages their segment's and no code, every other page
/// the site source and no code; internal links carry no UTM parameters.
pub(crate) fn check_site_tracking(
    site: &Site,
    ref_param: &str,
    medium: &str,
    hosts: &[&str],
    site_host: &str,
) {
    let affiliates: BTreeMap<String, serde_json::Value> = site
        .links()
        .into_iter()
        .map(|a| (a["path"].as_str().unwrap().to_string(), a))
        .collect();
    assert!(!affiliates.is_empty());
    let pages = site.html_files();
    let mut product_links_on_affiliate_pages: BTreeMap<&str, usize> = BTreeMap::new();
    let mut segment_pages = 0;
    for (path, html) in &pages {
        let kind = if let Some(a) = affiliates.get(path) {
            Kind::Affiliate(a)
        } else if let Some(id) = path
            .strip_prefix("for/")
            .or_else(|| without_language(path).strip_prefix("for/"))
            .and_then(|p| p.strip_suffix("/index.html"))
        {
            segment_pages += 1;
            Kind::Segment(id)
        } else {
            Kind::Other
        };
        for href in hrefs(html) {
            if is_product(&href, hosts) {
                let q = params(&href);
                let one = |key: &str| {
                    let v = param(&q, key);
                    assert_eq!(v.len(), 1, "{path}: {href} has {} {key}", v.len());
                    v[0].to_string()
                };
                assert_eq!(one("utm_medium"), medium, "{path}: {href}");
                assert!(!one("utm_content").is_empty(), "{path}: {href}");
                match &kind {
                    Kind::Affiliate(a) => {
                        *product_links_on_affiliate_pages.entry(path).or_default() += 1;
                        assert_eq!(
                            one(ref_param),
                            a["code"].as_str().unwrap(),
                            "{path}: {href}"
                        );
                        assert_eq!(
                            one("utm_source"),
                            a["slug"].as_str().unwrap(),
                            "{path}: {href}"
                        );
                        assert_eq!(
                            one("utm_campaign"),
                            a["segment"].as_str().unwrap(),
                            "{path}: {href}"
                        );
                    }
                    Kind::Segment(id) => {
                        assert!(
                            param(&q, ref_param).is_empty(),
                            "{path}: {href} carries a referral code"
                        );
                        assert_eq!(one("utm_source"), *id, "{path}: {href}");
                        assert_eq!(one("utm_campaign"), *id, "{path}: {href}");
                    }
                    Kind::Other => {
                        assert!(
                            param(&q, ref_param).is_empty(),
                            "{path}: {href} carries a referral code"
                        );
                        assert_eq!(one("utm_source"), "partner-site", "{path}: {href}");
                    }
                }
                for (k, v) in &q {
                    if k.starts_with("utm_") {
                        assert_eq!(
                            v,
                            &v.to_lowercase(),
                            "{path}: {href}: UTM values are lowercase"
                        );
                    }
                }
            } else if is_internal(&href, site_host) {
                assert!(
                    !href.contains("utm_"),
                    "{path}: internal link {href} carries UTM parameters"
                );
            }
        }
    }
    assert!(segment_pages > 0, "segment pages were checked");
    // Every affiliate page was built and has product links, all checked
    // above.
    for path in affiliates.keys() {
        assert!(pages.contains_key(path), "{path} was not built");
        assert!(
            product_links_on_affiliate_pages
                .get(path.as_str())
                .is_some_and(|&n| n > 0),
            "{path} has no product link"
        );
    }
}

/// `de/for/x/index.html` → `for/x/index.html`: translated pages follow
/// the same rules as the originals.
fn without_language(path: &str) -> &str {
    match path.split_once('/') {
        Some((first, rest))
            if (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_lowercase()) =>
        {
            rest
        }
        _ => path,
    }
}

enum Kind<'a> {
    Affiliate(&'a serde_json::Value),
    Segment(&'a str),
    Other,
}

fn is_internal(href: &str, site_host: &str) -> bool {
    match url::Url::parse(href) {
        Ok(u) => u.host_str() == Some(site_host),
        Err(_) => !href.starts_with('#'),
    }
}

#[test]
fn every_product_link_on_every_page_of_the_example_is_tracked() {
    let site = example();
    site.build();
    check_site_tracking(
        &site,
        "ref",
        "affiliate",
        &["app.acme.example", "acme.example"],
        "partners.acme.example",
    );
}

#[test]
fn every_product_link_of_the_tracking_fixture_is_tracked() {
    let site = fixture("tracking");
    site.build();
    check_site_tracking(
        &site,
        "via",
        "partner",
        &["app.track.example", "track.example"],
        "partners.track.example",
    );
}

#[test]
fn markdown_template_and_raw_links_get_the_rules() {
    let site = fixture("tracking");
    site.build();
    let html = site.read("alex-mixed-case/index.html");
    let page = Html::parse_document(&html);
    let links = hrefs(&page);
    let find = |needle: &str| {
        links
            .iter()
            .find(|h| h.contains(needle))
            .unwrap_or_else(|| panic!("no link with {needle} in {links:?}"))
            .clone()
    };

    // Existing parameters and the fragment are kept; the code is the
    // affiliate's, as the platform issued it; the preset names the parameter.
    assert_eq!(
        find("pricing"),
        "https://track.example/pricing?plan=pro&via=AlexCode&utm_source=alex-mixed-case&utm_medium=partner&utm_campaign=ops&utm_content=link#annual"
    );
    // Someone else's code is replaced; the author's own utm_content wins, lowercased.
    let trial = find("signup?via");
    assert_eq!(param(&params(&trial), "via"), ["AlexCode"]);
    assert_eq!(param(&params(&trial), "utm_content"), ["body-trial"]);
    // Raw HTML inside Markdown.
    assert!(find("/raw").contains("via=AlexCode"));
    // A raw link in a template, without track().
    let raw = page
        .select(&scraper::Selector::parse("a").unwrap())
        .find(|a| a.text().any(|t| t == "raw template link"))
        .unwrap();
    assert_eq!(
        raw.value().attr("href").unwrap(),
        "https://app.track.example/signup?via=AlexCode&utm_source=alex-mixed-case&utm_medium=partner&utm_campaign=ops&utm_content=link"
    );
    // The placement of a region.
    assert!(find("track.example/?").ends_with("utm_content=footer"));
    // Excerpts on the segment's pages.
    assert!(!find("app.track.example/signup?via=AlexCode&utm_source=alex-mixed-case&utm_medium=partner&utm_campaign=ops&utm_content=case-study").is_empty());
    // Internal links lose UTM parameters; other sites' links are untouched.
    assert!(links.contains(&"/for/ops/".to_string()), "{links:?}");
    assert!(links.contains(&"https://other.example/?utm_source=keep".to_string()));
    // track() returns the whole tracked URL.
    let tracked = select(&page, "#tracked")[0].text().collect::<String>();
    assert_eq!(
        tracked,
        "https://app.track.example/x?a=1&via=AlexCode&utm_source=alex-mixed-case&utm_medium=partner&utm_campaign=ops&utm_content=explicit"
    );
    assert!(
        !html.contains("data-placement"),
        "placement markers are removed"
    );
}

#[test]
fn the_disclosure_comes_before_the_first_product_link() {
    let site = example();
    site.build();
    let hosts = ["app.acme.example", "acme.example"];
    for a in site.links() {
        let path = a["path"].as_str().unwrap();
        let page = site.page(path);
        let mut disclosure_seen = false;
        for el in page
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            if el
                .value()
                .has_class("disclosure", scraper::CaseSensitivity::CaseSensitive)
            {
                disclosure_seen = true;
                let text: String = el.text().collect();
                assert!(
                    text.contains(a["name"].as_str().unwrap()),
                    "{path}: disclosure names the affiliate"
                );
            }
            if el.value().name() == "a"
                && el
                    .value()
                    .attr("href")
                    .is_some_and(|h| is_product(h, &hosts))
            {
                assert!(
                    disclosure_seen,
                    "{path}: a product link comes before the disclosure"
                );
                break;
            }
        }
        assert!(disclosure_seen, "{path} has no disclosure");
    }
}

#[test]
fn persistence_script_is_inline_and_first_party() {
    let site = example();
    site.build();
    // Structured data (application/ld+json) is data, not a script.
    const SCRIPT: &str = "script:not([type='application/ld+json'])";
    for (path, page) in site.html_files() {
        let scripts = select(&page, SCRIPT);
        assert_eq!(scripts.len(), 1, "{path}");
        assert!(
            scripts[0].value().attr("src").is_none(),
            "{path}: no external script"
        );
        let js: String = scripts[0].text().collect();
        assert!(js.contains("globalPrivacyControl"), "{path}");
        assert!(js.contains(r#""param":"ref""#), "{path}");
    }
    let js: String = select(&site.page("jane-doe/index.html"), SCRIPT)[0]
        .text()
        .collect();
    assert!(js.contains(r#""code":"jane20""#));
    let js: String = select(&site.page("for/fintech/index.html"), SCRIPT)[0]
        .text()
        .collect();
    assert!(js.contains(r#""code":null"#));
}

#[test]
fn no_script_without_persist() {
    let site = fixture("tracking");
    site.build();
    assert!(!site.read("alex-mixed-case/index.html").contains("<script"));
}
