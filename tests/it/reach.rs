//! Internal links and fragments: every one of every page reaches a file of
//! the site and an element of its page, or is an error where it was written.

use crate::support::*;

#[test]
fn broken_links_and_fragments_are_errors_at_the_line_that_has_them() {
    let site = fixture("links");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors = run.errors();
    assert_eq!(
        errors,
        [
            r#"error: content/case-studies/two.md:11:22: the link "/partners/customers/three/" (on customers/two/index.html) goes to no page of the site — link to a page the site publishes (tailor links lists the affiliate pages; the others follow the paths in tailor.yaml)"#,
            r#"error: content/case-studies/two.md:12:26: the link "/partners/customers/one/#result" (on customers/two/index.html) names the fragment #result, but customers/one/index.html has no element with id="result" — did you mean #results?"#,
        ],
        "{}",
        run.stderr
    );
    // build says the same and writes nothing.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(build.stderr.contains("two.md:12:26"), "{}", build.stderr);
    assert!(!site.root.join("public").exists());

    // Mended, every link of the site reaches: relative, root-relative,
    // under the base path or not, headings' own and derived ids, #top, a
    // redirect of an inactive affiliate.
    let two = site.read_src("content/case-studies/two.md");
    site.write(
        "content/case-studies/two.md",
        &two.replace("/customers/three/", "/customers/one/")
            .replace("#result)", "#results)"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let one = site.read("customers/one/index.html");
    assert!(one.contains(r#"<h2 id="results">Results</h2>"#), "{one}");
    assert!(one.contains(r#"<h2 id="measured">What we measured</h2>"#));
}

#[test]
fn a_broken_fragment_in_a_template_is_reported_once_at_its_line() {
    let site = fixture("minimal");
    let template = "themes/default/templates/segment.html";
    let text = site.read_src(template);
    let line = text
        .lines()
        .position(|l| l.contains("href=\"#stories\""))
        .expect("the theme links to its stories")
        + 1;
    site.write(
        template,
        &text.replace("href=\"#stories\"", "href=\"#storiez\""),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with(&format!("error: {template}:{line}:")),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("names the fragment #storiez, but its page has no element with id=\"storiez\" — did you mean #stories?"),
        "{}",
        errors[0]
    );
}
