//! Every error kind of SPEC.md, reported with file, line and column, all in
//! one run.

use crate::support::*;

#[test]
fn every_error_in_one_run_with_its_position() {
    let site = fixture("errors");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let expected = [
        // unknown field, with a suggestion
        r#"error: segments/typo.yaml:3:1: unknown field "pain_point" — did you mean "pain_points"?"#,
        // missing required fields, in YAML files and front matter
        r#"error: segments/nohead.yaml:1:1: missing required field "headline""#,
        r#"error: content/case-studies/notitle.md:2:1: missing required field "title""#,
        // unknown segment reference
        r#"error: affiliates.yaml:2:12: unknown segment "godo" — did you mean "good"?"#,
        // unknown pinned case study
        r#"error: segments/pins.yaml:5:5: case_studies pins unknown case study "missing-story""#,
        // duplicate slugs and codes (codes compared without case)
        r#"error: affiliates.yaml:7:9: duplicate slug "dora-dup": affiliates.yaml:4"#,
        r#"error: affiliates.yaml:17:9: duplicate referral code "SHARED": affiliates.yaml:13 already has it"#,
        // a slug that would escape the output folder
        r#"error: affiliates.yaml:20:9: slug "../../etc" is not a valid slug"#,
        // two pages claiming one output path
        r#"error: affiliates.yaml:24:9: affiliate "terms" and page "terms" (content/pages/terms.md) both want terms/index.html"#,
        // CSV header typo
        r#"error: affiliates.csv:1:14: unknown column "compnay" (column 3) — did you mean "company"?"#,
        // bad values and broken front matter
        r#"error: content/case-studies/baddate.md:4:7: date "2024-02-30" is not a calendar date"#,
        r#"error: content/pages/unclosed.md:1:1: the front matter is never closed"#,
    ];
    for line in expected {
        assert!(
            run.stderr.contains(line),
            "missing:\n{line}\nin:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains(&format!("{} errors found", expected.len())),
        "{}",
        run.stderr
    );
    // Errors quote the offending line.
    assert!(
        run.stderr.contains("3 | pain_point: [churn]"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_writes_nothing_on_errors() {
    let site = fixture("errors");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(!site.out().exists());
}

#[test]
fn a_template_that_fails_to_render() {
    let site = fixture("template-error");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: themes/broken/templates/segment.html:3:15: template error: Field `no_such_field` is not defined"),
        "{}",
        run.stderr
    );
    // The error is reported once, not once per page using the template.
    assert_eq!(
        run.stderr.matches("no_such_field` is not defined").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_with_a_syntax_error() {
    let site = fixture("template-syntax");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: themes/broken/templates/segment.html:3:10: template error:"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

#[test]
fn errors_in_config() {
    let site = fixture("minimal");
    site.write(
        "tailor.yaml",
        "site:\n  name: X\n  base_url: partners.example\n  signup_url: https://app.x.example/\ntracking:\n  platform: rewardful\n  ref_param: ref\npaths:\n  affiliate: ../{slug}\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            r#"tailor.yaml:3:13: site.base_url "partners.example" is not an absolute URL"#,
            r#"tailor.yaml:7:14: tracking.platform rewardful reads "via", but tracking.ref_param is "ref""#,
            r#"tailor.yaml:9:14: paths.affiliate "../{slug}" has an empty, . or .. part"#,
        ],
    );
}

#[test]
fn not_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tailor()
        .args(["check", "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no tailor.yaml here"));
}

/// A spreadsheet's export: byte-order mark, CRLF, quoted cells with
/// commas, escaped quotes and a line break. Errors point at the cell as an
/// editor shows it.
#[test]
fn csv_errors_point_at_cells_as_written() {
    let site = fixture("minimal");
    site.write(
        "affiliates.csv",
        "\u{feff}name,segment,active\r\n\
         \"Ann, \"\"the\"\" Writer\",beta,\r\n\
         \"Bob\r\nJr\",alpha,maybe\r\n\
         Cy,alpha,yes,spare\r\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            r#"affiliates.csv:2:23: unknown segment "beta""#,
            r#"affiliates.csv:4:11: "active" is "maybe""#,
            "affiliates.csv:5:14: row has 4 cells, the header has 3",
        ],
    );
}

#[test]
fn csv_rows_are_reported_by_line() {
    let site = fixture("minimal");
    site.write(
        "affiliates.csv",
        "name,segment,active\nGood Row,alpha,\nWrong Segment,beta,\n\"Two, Commas\",alpha,yes,extra\nBad Flag,alpha,maybe\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            r#"affiliates.csv:3:15: unknown segment "beta""#,
            "affiliates.csv:4:25: row has 4 cells, the header has 3",
            r#"affiliates.csv:5:16: "active" is "maybe""#,
        ],
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = fixture("minimal");
    std::fs::write(
        site.root.join("segments/alpha.yaml"),
        b"name: Alpha\nheadline: caf\xe9\n",
    )
    .unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("segments/alpha.yaml:2:14: the file is not valid UTF-8"),
        "{}",
        run.stderr
    );
}

#[test]
fn crlf_and_bom_are_accepted() {
    let site = fixture("minimal");
    site.write(
        "segments/alpha.yaml",
        "\u{feff}name: Alpha\r\nniche: alpha\r\nheadline: Alpha\r\n",
    );
    site.write(
        "content/case-studies/one.md",
        "---\r\ntitle: One\r\ncustomer: One\r\ndate: 2024-01-01\r\n---\r\nBody.\r\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn an_affiliate_page_without_a_disclosure_first_is_an_error() {
    let site = fixture("minimal");
    let tpl = site.root.join("themes/default/templates/affiliate.html");
    let text = std::fs::read_to_string(&tpl)
        .unwrap()
        .replace(" data-disclosure>", ">");
    std::fs::write(&tpl, text).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/default/templates/affiliate.html: an affiliate page shows a product link before the affiliate disclosure"),
        "{}",
        run.stderr
    );
}

/// A theme whose affiliate page lost its call to action would publish
/// pages through which no signup can be credited.
#[test]
fn an_affiliate_page_without_a_product_link_is_an_error() {
    let site = fixture("minimal");
    site.write(
        "themes/default/templates/affiliate.html",
        "<!doctype html><html lang=\"en\"><head><title>{{ affiliate.name }}</title></head>\
         <body><aside data-disclosure>Affiliate</aside><p>{{ affiliate.name }}</p>\
         <a href=\"https://example.org/\">elsewhere</a></body></html>",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            "themes/default/templates/affiliate.html: an affiliate page has no link to the product: its visitors cannot sign up through it, and no signup is credited — link to https://app.mini.example/signup",
        ],
    );
    assert!(!site.root.join("public").exists(), "nothing is published");
}

#[test]
fn the_incentive_guardrail_names_each_offer_below_the_threshold() {
    let site = fixture("guardrail");
    for command in ["check", "build"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}");
        let errors = run.errors();
        assert_eq!(
            errors,
            [
                "error: affiliates.yaml:8:3: affiliate \"lavish-lu\"'s offer costs 600 per referral: LTV / cost = 3.33, below min_ltv_to_cac 4 — with LTV 2000 (avg_arr × avg_lifetime_years), an offer may cost at most 500",
                "error: segments/generous.yaml:3:1: segment \"generous\"'s offer costs 501 per referral: LTV / cost = 3.99, below min_ltv_to_cac 4 — with LTV 2000 (avg_arr × avg_lifetime_years), an offer may cost at most 500",
            ],
            "{command}: {}",
            run.stderr
        );
    }
    assert!(!site.out().exists());
}

#[test]
fn the_guardrail_passes_offers_at_the_threshold() {
    let site = fixture("guardrail");
    site.write(
        "segments/generous.yaml",
        "name: Generous\nheadline: Generous\n",
    );
    site.write("affiliates.yaml", "- name: Modest Mo\n  segment: fine\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_csv_saved_by_excel_as_windows_1252_says_how_to_save_it() {
    let site = fixture("minimal");
    std::fs::remove_file(site.root.join("affiliates.yaml")).unwrap();
    std::fs::write(
        site.root.join("affiliates.csv"),
        b"name,segment,code\r\nJos\xe9 Garc\xeda,alpha,jose\r\n",
    )
    .unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            "affiliates.csv:2:4: affiliates.csv is not UTF-8: byte 0xE9 here is \"é\" in windows-1252, the encoding it most likely is",
            "declare the encoding in tailor.yaml: affiliates: { encoding: windows-1252 }",
            "Save As \"CSV UTF-8 (Comma delimited)\"",
        ],
    );
    assert_eq!(
        run.errors().len(),
        1,
        "one error for the file: {}",
        run.stderr
    );
    // Declared, it is read as written.
    let config = std::fs::read_to_string(site.root.join("tailor.yaml")).unwrap();
    site.write(
        "tailor.yaml",
        &format!("{config}\naffiliates:\n  encoding: windows-1252\n"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.out().join("jose-garcia/index.html")).unwrap();
    assert!(page.contains("José García"), "{page}");
}

#[test]
fn a_file_that_fails_to_parse_is_one_error_not_a_cascade() {
    // Before: the segment's two translations and its affiliates each said
    // "segment ops does not exist", hiding the one error that mattered.
    let site = fixture("languages");
    let ops = std::fs::read_to_string(site.root.join("segments/ops.yaml")).unwrap();
    site.write(
        "segments/ops.yaml",
        &ops.replace("headline: Ops headline", "headline: Ops: the fast way"),
    );
    let alpha = std::fs::read_to_string(site.root.join("content/case-studies/alpha.md")).unwrap();
    site.write(
        "content/case-studies/alpha.md",
        &alpha.replacen("title: ", "title: Alpha: ", 1),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("2 errors found"), "{}", run.stderr);
    assert_contains_all(
        &run.stderr,
        [
            "segments/ops.yaml:6:14: the text of \"headline\" holds a colon",
            "content/case-studies/alpha.md:",
        ],
    );
    for cascade in [
        "does not exist",
        "did you mean",
        "ops.de.yaml",
        "alpha.de.md",
    ] {
        assert!(!run.stderr.contains(cascade), "{cascade}: {}", run.stderr);
    }
}

/// A case study that does not load is one error at its line; the segments
/// that would have shown it are not each warned about as well.
#[test]
fn a_broken_file_is_reported_without_its_consequences() {
    let site = fixture("minimal");
    site.write(
        "content/case-studies/one.md",
        "---\ntitle: One got faster\ncustomer: One Inc\nniche: [alpha\ndate: 2024-01-01\n---\nOne Inc was slow.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/case-studies/one.md:"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("shows no case study"),
        "{}",
        run.stderr
    );
}
