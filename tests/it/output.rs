//! The output folder: layout, canonical URLs, sitemap, CDN files,
//! determinism and all-or-nothing replacement.

use std::fs;

use crate::support::*;

#[test]
fn layout_of_the_output_folder() {
    let site = fixture("minimal");
    site.build();
    let files = files_under(&site.out());
    for expected in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "_redirects",
        "_headers",
        "for/alpha/index.html",
        "ann-active/index.html",
        "customers/one/index.html",
        "about/index.html",
    ] {
        assert!(
            files.contains_key(expected),
            "missing {expected}; have {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        !files.contains_key("ivan-inactive/index.html"),
        "inactive affiliates get no page"
    );
    assert!(
        !files.keys().any(|f| f.contains("affiliates")),
        "the affiliate list is never published"
    );
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("Ivan Inactive"),
            "{name} mentions an inactive affiliate"
        );
    }
}

#[test]
fn assets_are_fingerprinted_and_linked() {
    let site = fixture("minimal");
    site.build();
    let page = site.page("index.html");
    let css = select(&page, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    let name = css
        .strip_prefix("/assets/css/site.")
        .and_then(|r| r.strip_suffix(".css"))
        .unwrap();
    assert_eq!(name.len(), 10, "{css}");
    assert!(name.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(site.out().join(css.trim_start_matches('/')).is_file());
}

#[test]
fn canonical_urls_and_sitemap() {
    let site = fixture("minimal");
    site.build();
    let base = "https://partners.mini.example/";
    let canonical = |path: &str| {
        select(&site.page(path), "link[rel=canonical]")[0]
            .value()
            .attr("href")
            .unwrap()
            .to_string()
    };
    assert_eq!(canonical("index.html"), base);
    assert_eq!(
        canonical("for/alpha/index.html"),
        format!("{base}for/alpha/")
    );
    assert_eq!(
        canonical("customers/one/index.html"),
        format!("{base}customers/one/")
    );
    assert_eq!(canonical("about/index.html"), format!("{base}about/"));
    // An affiliate page is duplicate content of its segment page.
    assert_eq!(
        canonical("ann-active/index.html"),
        format!("{base}for/alpha/")
    );
    // ... but is shared under its own URL.
    let og = select(
        &site.page("ann-active/index.html"),
        "meta[property='og:url']",
    )[0]
    .value()
    .attr("content")
    .unwrap()
    .to_string();
    assert_eq!(og, format!("{base}ann-active/"));

    let sitemap = site.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("<url><loc>")?
                .strip_suffix("</loc></url>")
        })
        .collect();
    assert_eq!(
        locs,
        [
            base.to_string(),
            format!("{base}for/alpha/"),
            format!("{base}customers/one/"),
            format!("{base}about/")
        ]
    );
    assert!(!sitemap.contains("ann-active"));
    assert!(
        locs.iter().all(|l| !l.contains('?')),
        "no tracking parameters in canonical URLs"
    );
    assert_eq!(
        site.read("robots.txt"),
        format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n")
    );
}

#[test]
fn every_page_has_a_social_card_and_structured_data() {
    let site = example();
    site.build();
    let base = "https://partners.acme.example/";
    let meta = |page: &scraper::Html, css: &str| -> String {
        let found = select(page, css);
        assert_eq!(found.len(), 1, "{css}");
        found[0].value().attr("content").unwrap().to_string()
    };
    let mut titles = std::collections::BTreeMap::new();
    let pages = site.html_files();
    assert!(pages.len() > 40);
    for (path, page) in &pages {
        let og_url = meta(page, "meta[property='og:url']");
        for css in ["meta[property='og:image']", "meta[name='twitter:image']"] {
            // Absolute, and a file the build wrote.
            let image = meta(page, css);
            let file = image
                .strip_prefix(base)
                .unwrap_or_else(|| panic!("{path}: {image}"));
            assert!(site.out().join(file).is_file(), "{path}: {image}");
        }
        assert_eq!(meta(page, "meta[property='og:image:width']"), "1200");
        assert_eq!(meta(page, "meta[property='og:image:height']"), "630");
        assert_eq!(
            meta(page, "meta[name='twitter:card']"),
            "summary_large_image"
        );
        let title = meta(page, "meta[property='og:title']");
        let description = meta(page, "meta[name='description']");
        assert!(
            !title.trim().is_empty() && !description.trim().is_empty(),
            "{path}"
        );
        assert!(description.chars().count() <= 160, "{path}: {description}");
        assert_eq!(meta(page, "meta[property='og:description']"), description);

        let data = select(page, "script[type='application/ld+json']");
        assert_eq!(data.len(), 1, "{path}");
        let json: serde_json::Value =
            serde_json::from_str(&data[0].text().collect::<String>()).unwrap();
        let graph = json["@graph"].as_array().unwrap();
        assert_eq!(json["@context"], "https://schema.org");
        assert_eq!(graph[0]["@type"], "Organization");
        assert_eq!(graph[0]["name"], "Acme Analytics");
        assert_eq!(graph[0]["url"], base);
        assert_eq!(graph[1]["@type"], "WebPage");
        assert_eq!(graph[1]["url"], og_url.as_str(), "{path}");
        assert_eq!(graph[1]["name"], title.as_str(), "{path}");
        assert_eq!(graph[1]["publisher"]["@id"], graph[0]["@id"]);
        let lang = select(page, "html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        assert_eq!(graph[1]["inLanguage"], lang.as_str(), "{path}");
        let og_locale = meta(page, "meta[property='og:locale']");
        let territory = match lang.as_str() {
            "en" => "US",
            other => &other.to_uppercase(),
        };
        assert_eq!(og_locale, format!("{lang}_{territory}"), "{path}");

        let full: String = select(page, "title")[0].text().collect();
        if let Some(other) = titles.insert(full.clone(), path.clone()) {
            panic!("{path} and {other} are both titled {full:?}");
        }
    }
}

#[test]
fn redirects_and_headers_for_cdns() {
    let site = fixture("minimal");
    site.build();
    let redirects = site.read("_redirects");
    assert!(
        redirects.contains("/ivan-inactive/ /for/alpha/ 302\n"),
        "{redirects}"
    );
    assert!(
        redirects.contains("/ivan-inactive /for/alpha/ 302\n"),
        "{redirects}"
    );
    assert!(!redirects.contains("ann-active"));

    let headers = site.read("_headers");
    assert!(
        headers.contains("/assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"),
        "{headers}"
    );
    for rule in ["/\n", "/:p1/\n", "/:p1/:p2/\n", "/404.html\n"] {
        assert!(
            headers.contains(&format!(
                "{rule}  Cache-Control: public, max-age=0, must-revalidate\n"
            )),
            "{rule} in {headers}"
        );
    }
    // No rule with a Cache-Control both matches /assets/ and is not the assets rule.
    let rules: Vec<&str> = headers
        .split("\n\n")
        .filter(|r| r.contains("Cache-Control"))
        .collect();
    let matching_assets: Vec<_> = rules
        .iter()
        .filter(|r| r.starts_with("/*") || r.starts_with("/assets"))
        .collect();
    assert_eq!(matching_assets.len(), 1, "{headers}");
}

#[test]
fn base_url_override() {
    let site = fixture("minimal");
    let run = site.run(&["build", "--base-url", "http://127.0.0.1:8080/sub"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("ann-active/index.html");
    let canonical = select(&page, "link[rel=canonical]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(canonical, "http://127.0.0.1:8080/sub/for/alpha/");
    let css = select(&page, "link[rel=stylesheet]")[0]
        .value()
        .attr("href")
        .unwrap();
    assert!(css.starts_with("/sub/assets/"), "{css}");
    let image = select(&page, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap();
    assert!(
        image.starts_with("http://127.0.0.1:8080/sub/cards/ann-active."),
        "an affiliate's page shows their card: {image}"
    );
    let index = site.page("index.html");
    let image = select(&index, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap();
    assert!(
        image.starts_with("http://127.0.0.1:8080/sub/assets/social."),
        "{image}"
    );
    assert!(
        site.read("_redirects")
            .contains("/sub/ivan-inactive/ /sub/for/alpha/ 302")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = example();
    let a = site.run(&["build", "--out", "one"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    let b = tailor()
        .args(["build", "--out", "two"])
        .env("RAYON_NUM_THREADS", "1")
        .current_dir(&site.root)
        .output()
        .unwrap();
    assert!(b.status.success());
    let one = files_under(&site.root.join("one"));
    let two = files_under(&site.root.join("two"));
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &one {
        assert!(bytes == &two[name], "{name} differs between builds");
    }
    assert!(one.len() > 30);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = fixture("minimal");
    site.build();
    let before = files_under(&site.out());
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nheadline: x\nnot_a_field: 1\n",
    );
    site.write("affiliates.yaml", "- name: New Person\n  segment: alpha\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("left as it was"), "{}", run.stderr);
    assert_eq!(files_under(&site.out()), before);
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tailor-staging-") || n.contains(".tailor-old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_render_failure_also_leaves_the_previous_output() {
    let site = fixture("minimal");
    site.build();
    let before = files_under(&site.out());
    let tpl = site.root.join("themes/default/templates/case_study.html");
    let text = fs::read_to_string(&tpl)
        .unwrap()
        .replace("{{ case_study.title }}", "{{ case_study.nope }}");
    fs::write(&tpl, text).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(files_under(&site.out()), before);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_build() {
    let site = fixture("minimal");
    site.write("docs/notes.txt", "precious");
    let run = site.run(&["build", "--out", "docs"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("refusing to replace"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(site.root.join("docs/notes.txt")).unwrap(),
        "precious"
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let site = example();
    site.build();
    assert!(!site.out().join("customers/orbitcrm/index.html").exists());
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join("customers/orbitcrm/index.html").exists());
}

/// Theme text reaches templates as a value of the page's context: a
/// template that shows a `t()` call verbatim in a `{% raw %}` block gets
/// it verbatim (issue 18: templates used to be rewritten as text, which
/// turned the call into the text itself).
#[test]
fn theme_text_in_a_raw_block_stays_verbatim() {
    let site = fixture("minimal");
    let base = site.root.join("themes/default/templates/page.html");
    let text = std::fs::read_to_string(&base).unwrap();
    site.write(
        "themes/default/templates/page.html",
        &text.replacen(
            "{% block main %}",
            "{% block main %}<pre id=\"doc\">{% raw %}{{ t(key=\"start_free\") }}{% endraw %}</pre><p id=\"said\">{{ t(key=\"start_free\") }}</p>",
            1,
        ),
    );
    site.build();
    let page = site.page("about/index.html");
    let doc: String = select(&page, "#doc")[0].text().collect();
    assert_eq!(doc, "{{ t(key=\"start_free\") }}");
    let said: String = select(&page, "#said")[0].text().collect();
    assert_eq!(said, "Start free");
}

/// A site under a path: the links authors write from the site's root
/// (`/customers/one/` in Markdown, `/` in a template) go under that path on
/// every page, and `check` says where crawlers look for robots.txt.
#[test]
fn a_site_under_a_path_keeps_every_internal_link_under_it() {
    let site = fixture("minimal");
    let config = site.read_src("tailor.yaml").replace(
        "base_url: https://partners.mini.example",
        "base_url: https://www.mini.example/partners/",
    );
    site.write("tailor.yaml", &config);
    site.write(
        "content/case-studies/one.md",
        "---\ntitle: One got faster\ncustomer: One Inc\nniche: alpha\ndate: 2024-01-01\n---\nOne Inc was slow. See [the alpha page](/for/alpha/) and [the program](/#segments), or [ours](/partners/about/).\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("tailor.yaml:3:13: the site lives under /partners/: crawlers read robots.txt only at https://www.mini.example/robots.txt"),
        "{}",
        run.stderr
    );
    // Said by the commands that publish, not by every command; and once
    // the host's robots.txt has the line, not at all.
    for command in ["links", "report"] {
        let run = site.run(&[command]);
        assert!(
            !run.stderr.contains("robots.txt"),
            "{command}: {}",
            run.stderr
        );
    }
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict.stderr.contains("acknowledged: [robots-txt]"),
        "{}",
        strict.stderr
    );
    site.write(
        "tailor.yaml",
        &format!("{config}acknowledged: [robots-txt]\n"),
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 0, "{}", strict.stderr);
    site.write(
        "tailor.yaml",
        &format!("{config}acknowledged: [robot-txt]\n"),
    );
    let wrong = site.run(&["check"]);
    assert_eq!(wrong.code, 1);
    assert!(
        wrong
            .stderr
            .contains("acknowledged: \"robot-txt\" is not a warning")
            && wrong.stderr.contains("did you mean \"robots-txt\"?"),
        "{}",
        wrong.stderr
    );
    site.write("tailor.yaml", &config);
    site.build();
    let pages = site.html_files();
    let mut internal = 0;
    for (path, html) in &pages {
        for href in hrefs(html) {
            if href.starts_with('/') && !href.starts_with("//") {
                internal += 1;
                assert!(
                    href.starts_with("/partners/"),
                    "{path}: {href} is outside the site"
                );
            }
        }
    }
    assert!(internal > 10, "{internal} internal links");
    let story = hrefs(&site.page("customers/one/index.html"));
    for want in [
        "/partners/for/alpha/",
        "/partners/#segments",
        "/partners/about/",
    ] {
        assert!(story.iter().any(|h| h == want), "{want} in {story:?}");
    }
}
