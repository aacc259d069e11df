//! A site's own wording: the theme's text is product-neutral, and a site
//! replaces any of it per language — `text:` in tailor.yaml or
//! `i18n/<lang>.yaml` at its root — without copying the theme.

use super::support::{fixture, select};

/// Sentences of the example company that once sat in the theme and showed
/// up on other companies' pages.
const EXAMPLE_COPY: [&str; 5] = [
    "Acme",
    "Connect your data",
    "your own numbers",
    "credit card",
    "Verbinden Sie Ihre Daten",
];

#[test]
fn another_company_s_pages_say_nothing_of_the_example_company() {
    let site = fixture("languages");
    site.build();
    let pages = site.html_files();
    assert!(pages.len() > 5);
    for (path, html) in &pages {
        let text = html.root_element().text().collect::<String>();
        for copy in EXAMPLE_COPY {
            assert!(!text.contains(copy), "{path} says \"{copy}\"");
        }
    }
}

#[test]
fn the_site_s_wording_replaces_the_theme_s_per_language() {
    let site = fixture("languages");
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &format!("{config}\ntext:\n  en:\n    closing_title: Ship on Friday, sleep on Saturday\n"),
    );
    site.write(
        "i18n/de.yaml",
        "closing_title: Freitags liefern, samstags schlafen\nstart_free: Loslegen\n",
    );
    let run = site.build();
    assert!(
        run.stderr.is_empty() || !run.stderr.contains("error"),
        "{}",
        run.stderr
    );
    let pages = site.html_files();
    let text = |path: &str| pages[path].root_element().text().collect::<String>();
    let en = pages
        .keys()
        .find(|p| p.starts_with("for/") && !p.starts_with("for/de"))
        .expect("an English segment page")
        .clone();
    assert!(
        text(&en).contains("Ship on Friday, sleep on Saturday"),
        "{en}"
    );
    let de = pages
        .keys()
        .find(|p| p.starts_with("de/for/"))
        .expect("a German segment page")
        .clone();
    let german = text(&de);
    assert!(
        german.contains("Freitags liefern, samstags schlafen"),
        "{de}"
    );
    assert!(
        !german.contains("Ship on Friday"),
        "{de}: English wording in German"
    );
    let buttons: Vec<String> = select(&pages[&de], "a")
        .iter()
        .map(|a| a.text().collect::<String>())
        .collect();
    assert!(
        buttons.iter().any(|b| b.contains("Loslegen")),
        "{de}: {buttons:?}"
    );
}

#[test]
fn a_misspelt_text_key_is_an_error_at_its_line() {
    let site = fixture("languages");
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &format!("{config}\ntext:\n  en:\n    closing_titel: Ship it\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = config.lines().count();
    assert!(
        run.stderr.contains(&format!(
            "tailor.yaml:{}:5: \"closing_titel\" is no text of the theme — did you mean \"closing_title\"?",
            lines + 4
        )),
        "{}",
        run.stderr
    );
    site.write("tailor.yaml", &config);
    site.write("i18n/de.yaml", "# German\nstrat_free: Loslegen\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "i18n/de.yaml:2:1: \"strat_free\" is no text of the theme — did you mean \"start_free\"?"
        ),
        "{}",
        run.stderr
    );
}

/// `brand.colors` in tailor.yaml restyle every page; a colour text cannot
/// be read in is an error with a darker shade that passes.
#[test]
fn brand_colours_reach_every_page_and_unreadable_ones_are_refused() {
    let site = fixture("minimal");
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &format!("{config}brand:\n  colors:\n    brand: \"#0B6E4F\"\n    accent: \"#9a3412\"\n"),
    );
    site.build();
    for (path, html) in site.html_files() {
        let styles: Vec<String> = select(&html, "head style")
            .iter()
            .map(|s| s.text().collect())
            .collect();
        assert!(
            styles
                .iter()
                .any(|s| s.starts_with(":root{--brand:#0b6e4f;--brand-strong:")
                    && s.contains("--accent:#9a3412;")),
            "{path}: {styles:?}"
        );
    }
    let lines = config.lines().count();
    site.write(
        "tailor.yaml",
        &format!("{config}brand:\n  colors:\n    brand: \"#7dd3fc\"\n    accent: teal\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            "tailor.yaml:{}:12: brand.colors.brand: #7dd3fc has a contrast of 1.",
            lines + 3
        )) && run
            .stderr
            .contains("need 4.5:1 (WCAG AA) — a darker shade of it, #"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "tailor.yaml:{}:13: brand.colors.accent: \"teal\" is no colour: write it as #rrggbb",
            lines + 4
        )),
        "{}",
        run.stderr
    );
}

/// Theme text is filled in one pass: a name that looks like a placeholder
/// or a count (`{site}`, `{days, plural, …}`, `#`) is printed as written,
/// never filled itself, wherever the theme names it.
#[test]
fn a_name_that_looks_like_a_placeholder_is_printed_as_written() {
    let site = fixture("minimal");
    let name = "{site} {company} #1 {days, plural, other {#}}";
    site.write(
        "affiliates.yaml",
        &format!(
            "- name: \"{name}\"\n  slug: braces\n  company: \"{{name}} Ltd\"\n  segment: alpha\n  code: braces\n"
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.page("braces/index.html");
    let disclosure = select(&page, "[data-disclosure]");
    assert!(!disclosure.is_empty(), "the page has its disclosure");
    let text = disclosure[0].text().collect::<String>();
    assert!(
        text.contains(&format!("{name} ({{name}} Ltd) is a partner of Mini")),
        "{text}"
    );
}
