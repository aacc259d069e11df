//! Every way a page sends a visitor to the product is known to the build
//! (issue 27): navigation done by script, `track()` inside a script,
//! frames and embedded documents, links to another affiliate's page, a
//! `<base>`, a partner site under a path of a product host — each either
//! carries the page's code or is an error at the file, line and column
//! that writes it.

use scraper::Html;

use crate::support::*;

const BASE: &str = "themes/default/templates/base.html";

/// The 1-based line and column (in characters) of the first `needle` in
/// `text`.
fn pos(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

/// The error line for `needle` in `file` (whose text is `text`).
fn at(file: &str, text: &str, needle: &str) -> String {
    let (line, col) = pos(text, needle);
    format!("error: {file}:{line}:{col}: ")
}

/// The theme's base.html with `markup` at the end of `<main>`.
fn with_markup(site: &Site, markup: &str) -> String {
    let text = site
        .read_src(BASE)
        .replace("</main>", &format!("{markup}\n</main>"));
    site.write(BASE, &text);
    text
}

fn error_lines(run: &Run) -> Vec<String> {
    run.errors().into_iter().map(str::to_string).collect()
}

#[track_caller]
fn assert_error(run: &Run, start: &str, contains: &str) {
    assert!(
        run.errors()
            .iter()
            .any(|e| e.starts_with(start) && e.contains(contains)),
        "no error starting {start:?} with {contains:?} in:\n{}",
        run.stderr
    );
}

#[test]
fn navigation_done_by_script_is_an_error_at_its_line_with_the_tracked_alternative() {
    let site = fixture("attribution");
    let text = with_markup(
        &site,
        r##"<button type="button" data-href="https://app.attr.example/signup" onclick="location.href=this.dataset.href">Go</button>
<a href="/" onclick="window.open('https://app.attr.example/demo'); return false">Demo</a>
<script>if (location.hash == "#go") window.location = "https://app.attr.example/welcome";</script>
<script type="text/template" id="cta"><a href="https://app.attr.example/from-template">Sign up</a></script>"##,
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_error(
        &run,
        &at(BASE, &text, "https://app.attr.example/signup\" onclick"),
        "\"https://app.attr.example/signup\" is a product URL in a data-* attribute, where tailor cannot add the page's referral code: a visitor a script sends there is credited to no affiliate — link with <a href=\"…\">, which tailor tracks; or write the page's tracked URL with track(): data-href=\"{{ track(url=\"…\") }}\" in an attribute, {{ track(url=\"…\") | js }} in a script",
    );
    assert_error(
        &run,
        &at(BASE, &text, "https://app.attr.example/demo"),
        "is a product URL in an event handler",
    );
    assert_error(
        &run,
        &at(BASE, &text, "https://app.attr.example/welcome"),
        "is a product URL in a <script>",
    );
    assert_error(
        &run,
        &at(BASE, &text, "https://app.attr.example/from-template"),
        "\"https://app.attr.example/from-template\" is a product URL in a <script>",
    );
    // One error each, however many pages show them.
    assert_eq!(run.errors().len(), 4, "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn track_in_a_script_needs_js_and_then_carries_the_code_and_every_utm() {
    let site = fixture("attribution");
    // HTML-escaped: the platform would read `amp;utm_source`.
    let text = with_markup(
        &site,
        r#"<script>var signup = "{{ track(url=site.signup_url, placement='hero') }}";</script>"#,
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_error(
        &run,
        &at(BASE, &text, "<script>var signup"),
        "that was escaped for HTML (&amp; where & was meant)",
    );
    assert_eq!(run.errors().len(), 1, "{}", run.stderr);

    // With | js, in a script and in a handler; in a data-* value as
    // track() writes any attribute.
    let site = fixture("attribution");
    with_markup(
        &site,
        r#"<script>var signup = {{ track(url=site.signup_url, placement='hero') | js }};</script>
<button type="button" id="go" onclick="location.href={{ track(url='https://attr.example/pricing', placement='button') | js }}">Pricing</button>
<button type="button" id="data" data-href="{{ track(url='https://attr.example/demo') }}" onclick="location.href=this.dataset.href">Demo</button>"#,
    );
    site.build();
    for (path, code) in [
        ("jane-doe/index.html", Some("JaneCode")),
        ("for/ops/index.html", None),
    ] {
        let page = site.page(path);
        let script: String = select(&page, "main script")[0].text().collect();
        let handler = select(&page, "#go")[0]
            .value()
            .attr("onclick")
            .unwrap()
            .to_string();
        let data = select(&page, "#data")[0]
            .value()
            .attr("data-href")
            .unwrap()
            .to_string();
        for (written, content) in [(script, "hero"), (handler, "button")] {
            let literal = written
                .split('\'')
                .nth(1)
                .unwrap_or_else(|| panic!("{path}: no string in {written}"));
            assert!(!literal.contains('&'), "{path}: {literal}");
            let url = literal.replace("\\u0026", "&");
            let q = params(&url);
            assert_eq!(
                param(&q, "via"),
                code.map_or(vec![], |c| vec![c]),
                "{path}: {url}"
            );
            assert_eq!(param(&q, "utm_content"), [content], "{path}: {url}");
            assert_eq!(param(&q, "utm_medium"), ["affiliate"], "{path}: {url}");
        }
        assert_eq!(
            param(&params(&data), "via"),
            code.map_or(vec![], |c| vec![c])
        );
    }
}

#[test]
fn frames_and_embedded_documents_carry_the_page_s_code() {
    let site = fixture("attribution");
    site.write(
        "segments/ops.yaml",
        "name: Ops teams\nniche: ops\nheadline: Ops teams ship faster\nbody: |\n  Sign up right here:\n\n  <iframe src=\"https://app.attr.example/embed/signup\" title=\"Sign up\"></iframe>\n\n  <object data=\"https://attr.example/demo.html\" title=\"Demo\"></object>\n",
    );
    with_markup(
        &site,
        r#"<embed src="https://app.attr.example/tour" title="Tour">"#,
    );
    site.build();
    let check = |path: &str, code: Option<&str>| {
        let page = site.page(path);
        let mut urls = Vec::new();
        for (css, attr) in [("iframe", "src"), ("object", "data"), ("embed", "src")] {
            for el in select(&page, css) {
                urls.push(el.value().attr(attr).unwrap().to_string());
            }
        }
        assert_eq!(urls.len(), 3, "{path}: {urls:?}");
        for url in urls {
            let q = params(&url);
            assert_eq!(
                param(&q, "via"),
                code.map_or(vec![], |c| vec![c]),
                "{path}: {url}"
            );
            assert_eq!(param(&q, "utm_campaign"), ["ops"], "{path}: {url}");
        }
    };
    check("jane-doe/index.html", Some("JaneCode"));
    check("bob-stone/index.html", Some("bob-1"));
    check("for/ops/index.html", None);
}

#[test]
fn a_link_to_another_affiliate_s_page_is_an_error_where_it_is_written() {
    let site = fixture("attribution");
    let segment = "name: Ops teams\nniche: ops\nheadline: Ops teams ship faster\nbody: |\n  Read [what Bob says](/bob-stone/) before you\n  [start](https://app.attr.example/signup).\n";
    site.write("segments/ops.yaml", segment);
    let story = "---\ntitle: A story\ncustomer: Story Co\nniche: ops\ndate: 2024-02-02\n---\nStory Co [signed up](https://app.attr.example/signup) after [Jane's page](https://partners.attr.example/jane-doe/).\n";
    site.write("content/case-studies/story.md", story);
    let affiliates = "- name: Jane Doe\n  segment: ops\n  code: JaneCode\n  message: My own page is https://partners.attr.example/jane-doe/ and Bob's is https://partners.attr.example/bob-stone/ too.\n\n- name: Bob Stone\n  segment: ops\n  code: bob-1\n";
    site.write("affiliates.yaml", affiliates);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_error(
        &run,
        &at("segments/ops.yaml", segment, "/bob-stone/"),
        "the link \"/bob-stone/\" (on for/ops/index.html and 1 other page) goes to Bob Stone's affiliate page: a visitor who follows it is credited to Bob Stone from then on, whoever's page they came from — link to the segment's page, \"/for/ops/\", instead",
    );
    assert_error(
        &run,
        &at(
            "content/case-studies/story.md",
            story,
            "https://partners.attr.example/jane-doe/",
        ),
        "goes to Jane Doe's affiliate page",
    );
    // Jane's own note: her own page is hers, Bob's is not.
    assert_error(
        &run,
        &at(
            "affiliates.yaml",
            affiliates,
            "https://partners.attr.example/bob-stone/",
        ),
        "the link \"https://partners.attr.example/bob-stone/\" (on jane-doe/index.html) goes to Bob Stone's affiliate page",
    );
    assert_eq!(run.errors().len(), 3, "{}", run.stderr);
}

/// Issue 27's "done means": a link error in a template, a segment, a case
/// study and an affiliate's note each lands at its own file:line:col.
#[test]
fn a_link_error_lands_where_it_is_written_template_segment_case_study_or_note() {
    let site = fixture("attribution");
    let segment = "name: Ops teams\nniche: ops\nheadline: Ops teams ship faster\nbody: |\n  Plans are on\n  [the pricing page](https://attr.example/pricing?fpr=seg).\n";
    site.write("segments/ops.yaml", segment);
    let story = "---\ntitle: A story\ncustomer: Story Co\nniche: ops\ndate: 2024-02-02\n---\nStory Co.\n\nThey [signed up](https://app.attr.example/signup?fpr=story) and never looked back.\n";
    site.write("content/case-studies/story.md", story);
    let affiliates = "- name: Jane Doe\n  segment: ops\n  code: JaneCode\n  message: |\n    Start from the fintech page,\n    https://partners.attr.example/for/ops/?ref=bob-1 as Bob told me.\n\n- name: Bob Stone\n  segment: ops\n  code: bob-1\n";
    site.write("affiliates.yaml", affiliates);
    let text = with_markup(
        &site,
        r#"<p><a href="https://app.attr.example/signup?fpr=theme">Sign up</a></p>"#,
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = error_lines(&run);
    for (file, text, needle) in [
        (
            BASE,
            text.as_str(),
            "https://app.attr.example/signup?fpr=theme",
        ),
        (
            "segments/ops.yaml",
            segment,
            "https://attr.example/pricing?fpr=seg",
        ),
        (
            "content/case-studies/story.md",
            story,
            "https://app.attr.example/signup?fpr=story",
        ),
        (
            "affiliates.yaml",
            affiliates,
            "https://partners.attr.example/for/ops/?ref=bob-1",
        ),
    ] {
        let start = at(file, text, needle);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&start) && e.contains(needle)),
            "no error at {start} in:\n{}",
            run.stderr
        );
    }
    assert_eq!(errors.len(), 4, "{}", run.stderr);
}

#[test]
fn a_refresh_in_a_template_is_reported_at_the_template_not_where_its_url_also_appears() {
    let site = fixture("attribution");
    let text = site.read_src(BASE).replace(
        "<meta charset=\"utf-8\">",
        "<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"30; url=https://app.attr.example/signup\">",
    );
    site.write(BASE, &text);
    // The same URL is a link of the segment's body, which is fine.
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        error_lines(&run),
        [format!(
            "{}a <meta http-equiv=refresh> points at the product (https://app.attr.example/signup), where no referral code can be added — link to the product with <a href> instead, which tailor tracks",
            at(BASE, &text, "https://app.attr.example/signup")
        )],
        "{}",
        run.stderr
    );
}

#[test]
fn a_base_element_is_one_error_not_one_for_every_link_it_sends_elsewhere() {
    for (href, says) in [
        (
            "https://app.attr.example/",
            "a <base href> points at the product",
        ),
        (
            "https://elsewhere.example/",
            "a <base href=\"https://elsewhere.example/\"> sends every relative link of the page to another site",
        ),
    ] {
        let site = fixture("attribution");
        let text = site.read_src(BASE).replace(
            "<meta charset=\"utf-8\">",
            &format!("<meta charset=\"utf-8\">\n<base href=\"{href}\">"),
        );
        site.write(BASE, &text);
        let run = site.run(&["check"]);
        assert_eq!(run.code, 1);
        let errors = error_lines(&run);
        assert_eq!(errors.len(), 1, "{}", run.stderr);
        assert!(
            errors[0].starts_with(&at(BASE, &text, href)) && errors[0].contains(says),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_partner_site_under_a_path_of_a_product_host() {
    let site = fixture("attribution");
    let config = site.read_src("tailor.yaml").replace(
        "https://partners.attr.example",
        "https://attr.example/partners/",
    );
    site.write("tailor.yaml", &config);
    site.write(
        "segments/ops.yaml",
        "name: Ops teams\nniche: ops\nheadline: Ops teams ship faster\nbody: |\n  See [pricing](https://attr.example/pricing), [our stories](https://attr.example/partners/customers/story/)\n  and [this page](/for/ops/).\n",
    );
    site.build();
    let page = site.page("jane-doe/index.html");
    let links = hrefs(&page);
    let pricing = links.iter().find(|h| h.contains("/pricing")).unwrap();
    assert_eq!(param(&params(pricing), "via"), ["JaneCode"], "{pricing}");
    // The site's own pages on that host are the site's: no code, no UTM.
    for own in [
        "https://attr.example/partners/customers/story/",
        "/partners/for/ops/",
    ] {
        assert!(links.iter().any(|h| h == own), "{own} in {links:?}");
    }
    assert!(
        links
            .iter()
            .filter(|h| h.contains("/partners/"))
            .all(|h| !h.contains("utm_") && !h.contains("via=")),
        "{links:?}"
    );
    // The scripts know which paths of the host are the site's.
    let html = site.read("for/ops/index.html");
    assert!(
        html.contains(r#""path":"/partners/","port":"443","site":"attr.example""#),
        "the persistence script is told the site's path"
    );
    // A relative link that climbs out of the site's path goes to the
    // product with no code: an error where it is written.
    let story = "---\ntitle: A story\ncustomer: Story Co\nniche: ops\ndate: 2024-02-02\n---\nCompare [plans](../../../pricing/).\n";
    site.write("content/case-studies/story.md", story);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_error(
        &run,
        &at("content/case-studies/story.md", story, "../../../pricing/"),
        "the link \"../../../pricing/\" (on index.html and 4 other pages) leaves the site's path for https://attr.example/pricing/, a page of the product, where it carries no referral code — write the product's URL in full, https://attr.example/pricing/, which tailor tracks",
    );
    // At the host's root the whole host cannot be both.
    site.write(
        "tailor.yaml",
        &config.replace("https://attr.example/partners/", "https://attr.example/"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        ["site.base_url host \"attr.example\" is also a product host"],
    );
    // Nor may the signup page be one of the site's.
    site.write(
        "tailor.yaml",
        &config.replace(
            "signup_url: https://app.attr.example/signup",
            "signup_url: https://attr.example/partners/signup",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(&run.stderr, ["is under the partner site's own path"]);
}

/// The spellings of product links a browser accepts, in the fixture the
/// browser checks compare the scripts against: every one a browser follows
/// carries the page's code, SVG, frames and all.
#[test]
fn every_spelling_of_a_product_link_carries_the_code() {
    let site = fixture("spellings");
    let run = site.build();
    // The trailing dot is tracked, and said.
    assert_contains_all(&run.stderr, ["names the product host with a trailing dot"]);
    let hosts = [
        "app.spell.example",
        "spell.example",
        "xn--bcher-kva.spell.example",
    ];
    for a in site.links() {
        let path = a["path"].as_str().unwrap();
        let code = a["code"].as_str().unwrap();
        let page = Html::parse_document(&site.read(path));
        let mut seen = 0;
        for el in page
            .root_element()
            .descendants()
            .filter_map(scraper::ElementRef::wrap)
        {
            let v = el.value();
            let url = match (v.name.ns.as_ref(), v.name()) {
                ("http://www.w3.org/1999/xhtml", "a" | "area") => v.attr("href"),
                ("http://www.w3.org/1999/xhtml", "iframe" | "embed") => v.attr("src"),
                ("http://www.w3.org/1999/xhtml", "object") => v.attr("data"),
                ("http://www.w3.org/2000/svg", "a") => v.attr("href").or_else(|| {
                    v.attrs()
                        .find(|(name, _)| *name == "href")
                        .map(|(_, value)| value)
                }),
                _ => None,
            };
            let Some(url) = url else { continue };
            let Ok(parsed) = url::Url::parse("https://partners.spell.example/")
                .unwrap()
                .join(url)
            else {
                continue;
            };
            let host = parsed.host_str().unwrap_or_default().trim_end_matches('.');
            if hosts.contains(&host) {
                seen += 1;
                let codes: Vec<String> = parsed
                    .query_pairs()
                    .filter(|(k, _)| k == "ref")
                    .map(|(_, v)| v.into_owned())
                    .collect();
                assert_eq!(codes, [code], "{path}: {url}");
            }
        }
        assert!(seen >= 10, "{path}: {seen} product links");
    }
}
