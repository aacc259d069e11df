//! Hostile affiliate records: every payload is either escaped — the page
//! gains no element, attribute or URL scheme it would not have had with a
//! plain value — or refused with an error naming where it is written.

use std::path::Path;

use scraper::Html;

use crate::support::*;

/// The base site with one family of hostile affiliate records.
fn hostile(family: &str) -> Site {
    let site = fixture("hostile/base");
    copy_dir(
        &Path::new(REPO).join("tests/fixtures/hostile").join(family),
        &site.root,
    );
    site
}

/// The same records with every affiliate-written value made plain.
fn plain(affiliates_yaml: &str) -> String {
    affiliates_yaml
        .lines()
        .map(|line| {
            for (key, value) in [
                ("name", "\"Plain Name\""),
                ("company", "\"Plain Company\""),
                ("message", "\"A plain message.\""),
            ] {
                if line
                    .trim_start()
                    .strip_prefix("- ")
                    .unwrap_or(line.trim_start())
                    .starts_with(&format!("{key}:"))
                {
                    let indent = &line[..line.len() - line.trim_start().len()];
                    let dash = if line.trim_start().starts_with("- ") {
                        "- "
                    } else {
                        ""
                    };
                    return format!("{indent}{dash}{key}: {value}");
                }
            }
            line.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every element in document order, with its attribute names; but the
/// links tailor makes of product addresses in a note (docs/files.md: a `message`),
/// whose URLs are checked below to carry the page's own code only.
fn structure(page: &Html) -> Vec<(String, Vec<String>)> {
    page.root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
        .filter(|e| {
            !(e.value().name() == "a"
                && e.ancestors()
                    .filter_map(scraper::ElementRef::wrap)
                    .any(|a| a.value().name() == "blockquote"))
        })
        .map(|e| {
            let mut attrs: Vec<String> = e.value().attrs().map(|(k, _)| k.to_string()).collect();
            attrs.sort();
            (e.value().name().to_string(), attrs)
        })
        .collect()
}

fn url_schemes(page: &Html) -> Vec<String> {
    select(page, "[href], [src], [action], [formaction]")
        .iter()
        .flat_map(|e| {
            ["href", "src", "action", "formaction"]
                .into_iter()
                .filter_map(|a| e.value().attr(a))
        })
        .filter_map(|url| url.split_once(':').map(|(s, _)| s.to_ascii_lowercase()))
        .filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'))
        .collect()
}

#[test]
fn escaped_payloads_add_no_element_attribute_or_url_scheme() {
    for family in ["html", "quotes", "urls"] {
        let site = hostile(family);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{family}: {}", run.stderr);
        let clean = hostile(family);
        let yaml = std::fs::read_to_string(clean.root.join("affiliates.yaml")).unwrap();
        clean.write("affiliates.yaml", &plain(&yaml));
        clean.build();
        let hostile_pages = site.html_files();
        let clean_pages = clean.html_files();
        assert_eq!(
            hostile_pages.keys().collect::<Vec<_>>(),
            clean_pages.keys().collect::<Vec<_>>(),
            "{family}"
        );
        for (path, page) in &hostile_pages {
            assert_eq!(
                structure(page),
                structure(&clean_pages[path]),
                "{family}: {path} gained markup"
            );
            for scheme in url_schemes(page) {
                assert!(
                    matches!(scheme.as_str(), "http" | "https" | "mailto"),
                    "{family}: {path} has a {scheme}: URL"
                );
            }
            // The page's own referral code is the only one.
            for href in hrefs(page) {
                assert!(
                    !href.contains("ref=evil") && !href.contains("ref=someone-else"),
                    "{family}: {path}: {href}"
                );
            }
        }
        // The text is there, as text.
        let page = site.read(&format!(
            "{}/index.html",
            if family == "html" {
                "markup-1"
            } else if family == "quotes" {
                "quote-1"
            } else {
                "url-1"
            }
        ));
        assert!(
            page.contains("&lt;")
                || page.contains("&quot;")
                || page.contains("javascript:alert(1)"),
            "{family}"
        );
    }
}

#[test]
fn hidden_characters_are_refused_and_never_echoed() {
    let site = hostile("controls");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            r#"affiliates.yaml:3:9: record 1 (Jane \u{202e}evil): "name" contains the hidden character U+202E at character 6"#,
            r#"affiliates.yaml:7:12: record 2 (Bob): "company" contains the hidden character U+2066 at character 6"#,
            r#"affiliates.yaml:12:12: record 3 (Eve): "message" contains the hidden character U+0007 at character 6"#,
        ],
    );
    assert!(
        run.stderr.contains("3 errors found"),
        "control-ok is fine: {}",
        run.stderr
    );
    // The terminal never receives the characters themselves.
    assert!(
        !run.stderr
            .chars()
            .any(|c| matches!(c, '\u{202E}' | '\u{2066}' | '\u{7}' | '\u{1b}'))
    );
}

/// Zero-width characters copied from web pages and chat apps: a code
/// with one credits nobody, a tag with one matches no case study, a name
/// with one is not the name it shows. Each is refused where it is written,
/// in every kind of file.
#[test]
fn zero_width_characters_are_refused_everywhere() {
    let site = fixture("minimal");
    site.write(
        "affiliates.yaml",
        "- name: Ann\n  segment: alpha\n  code: \"ann\u{200B}\"\n- name: \"Bo\u{2060}b\"\n  segment: alpha\n",
    );
    site.write(
        "affiliates.csv",
        "name,segment,company,email,Country\nCy,alpha,\"Acme\u{FEFF}Co\",\"cy\u{200B}@x.example\",\"D\u{200B}E\"\n",
    );
    site.write(
        "segments/zw.yaml",
        "name: ZW\nheadline: Zero width\npain_points: [\"churn\u{200B}\"]\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_contains_all(
        &run.stderr,
        [
            r#"affiliates.yaml:3:9: record 1 (Ann): "code" contains the hidden character U+200B at character 4"#,
            r#"affiliates.yaml:4:9: record 2 (Bo\u{2060}b): "name" contains the hidden character U+2060 at character 3"#,
            "affiliates.csv:2:10: company contains the hidden character U+FEFF at character 5",
            "affiliates.csv:2:20: email contains the hidden character U+200B at character 3",
            "affiliates.csv:2:36: Country contains the hidden character U+200B at character 2",
            r#"segments/zw.yaml:3:15: "pain_points.0" contains the hidden character U+200B at character 6"#,
        ],
    );
    assert!(!run.stderr.contains('\u{200B}') && !run.stderr.contains('\u{FEFF}'));
}

#[test]
fn overlong_values_are_refused() {
    let site = hostile("long");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "affiliates.yaml:3:9: name is 5000 characters long; at most 100 fit on a page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("affiliates.yaml:8:12: message is 100000 characters long; at most 1000"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "affiliates.yaml:9:9: slug \"{}…\" is not a valid slug",
            "a".repeat(60)
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.len() < 10_000,
        "errors quote values, they do not repeat them whole"
    );
}

#[test]
fn slugs_and_codes_that_would_escape_or_collide_are_all_refused_in_one_run() {
    let site = hostile("paths");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let expected = [
        "affiliates.yaml:3:9: slug \"../escape\" is not a valid slug",
        "affiliates.yaml:6:9: slug \"/etc/passwd\" is not a valid slug",
        "affiliates.yaml:9:9: slug \"%2e%2e\" is not a valid slug",
        "affiliates.yaml:12:9: slug \"a\\b\" is not a valid slug",
        "affiliates.yaml:15:9: slug \"con\" is a reserved file name on Windows",
        "affiliates.yaml:17:9: no slug can be made from the name \"!!!\"",
        "affiliates.yaml:21:9: duplicate slug \"jurgen-muller\": affiliates.yaml:19",
        "affiliates.yaml:27:9: duplicate referral code \"abc\": affiliates.yaml:24",
        "affiliates.yaml:30:9: affiliate \"Spacey\": the referral code has a space: codes in links are letters, digits and - _ .",
        "affiliates.yaml:33:9: affiliate \"Dotty\": the referral code has \"/\": codes in links are letters, digits and - _ .",
        "affiliates.yaml:36:9: affiliate \"about\" and page \"about\" (content/pages/about.md) both want about/index.html",
    ];
    assert_contains_all(&run.stderr, expected);
    assert!(
        run.stderr
            .contains(&format!("{} errors found", expected.len())),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

#[test]
fn script_links_in_content_are_refused_at_their_line() {
    let site = fixture("minimal");
    site.write(
        "segments/alpha.yaml",
        "name: Alpha\nniche: alpha\nheadline: Alpha\nbody: |\n  Read [this](javascript:alert(document.cookie)) first.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("segments/alpha.yaml:5:15: a link to \"javascript:alert(document.cookie)\""),
        "{}",
        run.stderr
    );
}
