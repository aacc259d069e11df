//! The files beside the pages: sitemap, robots.txt, and the `_redirects`
//! and `_headers` files that Netlify, Cloudflare Pages and similar CDNs read.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::plan::{ASSETS_DIR, Kind, Site};

/// Every indexable page: not affiliate pages (their canonical is their
/// segment's), not the 404 page.
pub fn sitemap(site: &Site) -> String {
    // Each indexable page, with its versions in other languages when it
    // has some.
    let versions = |kind: &Kind| -> Vec<(String, String)> {
        let Some(pages) = site.language_versions(kind) else {
            return Vec::new();
        };
        if pages.iter().flatten().count() < 2 {
            return Vec::new();
        }
        Site::versions(&pages)
            .map(|(li, a)| (site.config.locales[li].clone(), site.absolute(site.out(a))))
            .collect()
    };
    let entries: Vec<(String, Vec<(String, String)>)> = site
        .artifacts
        .iter()
        .filter(|a| a.indexable)
        .map(|a| (site.absolute(&a.out), versions(&a.kind)))
        .collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (url, versions) in entries {
        if versions.is_empty() {
            let _ = writeln!(
                xml,
                "  <url><loc>{}</loc></url>",
                html_escape::encode_text(&url)
            );
            continue;
        }
        let _ = writeln!(xml, "  <url><loc>{}</loc>", html_escape::encode_text(&url));
        for (lang, href) in versions.iter().chain(
            versions
                .first()
                .map(|(_, d)| ("x-default".to_string(), d.clone()))
                .as_ref(),
        ) {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>",
                html_escape::encode_double_quoted_attribute(href)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

/// Inactive affiliates' URLs, temporarily redirected to their segment page
/// (302: the affiliate may come back).
pub fn redirects(site: &Site) -> String {
    let mut out =
        String::from("# Inactive affiliates: their pages redirect to their segment page.\n");
    for r in &site.redirects {
        let _ = writeln!(out, "{} {} 302", r.from, r.to);
        if let Some(bare) = r.from.strip_suffix('/') {
            let _ = writeln!(out, "{bare} {} 302", r.to);
        }
    }
    out
}

const LONG: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=0, must-revalidate";

/// Long-lived caching for fingerprinted assets, short for everything else.
///
/// CDNs merge the headers of every rule that matches a path, so the HTML
/// rules must not match `/assets/*`: they use one `:placeholder` per path
/// segment of the page URLs the site actually has.
pub fn headers(site: &Site) -> String {
    let base = &site.base_path;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
    );
    let _ = writeln!(out, "{base}{ASSETS_DIR}/*\n  Cache-Control: {LONG}\n");
    if site.config.kit_key.is_some() {
        // Published kits: never indexed, and their secret path never sent
        // on to the sites their share links open.
        let _ = writeln!(
            out,
            "{base}{}/*\n  X-Robots-Tag: noindex, nofollow\n  Referrer-Policy: no-referrer\n  Cache-Control: {SHORT}\n",
            crate::plan::KIT_DIR
        );
    }
    if !site.cards.is_empty() {
        // A card's name is the hash of what it shows.
        let _ = writeln!(
            out,
            "{base}{}/*\n  Cache-Control: {LONG}\n",
            crate::plan::cards::DIR
        );
    }

    let mut html_rules = BTreeSet::new();
    let page_urls = site
        .artifacts
        .iter()
        .filter(|a| a.kind.is_page())
        .map(|a| a.out.rel_url.as_str());
    for url in page_urls {
        if url.ends_with(".html") {
            html_rules.insert(format!("{base}{url}"));
            continue;
        }
        let depth = url.matches('/').count();
        let shape: String = (1..=depth).map(|i| format!(":p{i}/")).collect();
        html_rules.insert(format!("{base}{shape}"));
        html_rules.insert(format!("{base}{shape}index.html"));
    }
    for fixed in ["404.html", "sitemap.xml", "robots.txt"] {
        html_rules.insert(format!("{base}{fixed}"));
    }
    for rule in html_rules {
        let _ = writeln!(out, "{rule}\n  Cache-Control: {SHORT}\n");
    }
    out
}
