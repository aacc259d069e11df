//! Pages in the affiliate's language: translated pages under `/<lang>/`,
//! `<html lang>`, hreflang alternates, fallback field by field, the
//! missing-translation report, and the tracking rules on translated pages.

use std::collections::{BTreeMap, BTreeSet};

use scraper::Html;

use crate::support::*;
use crate::tracking::check_site_tracking;

const BASE: &str = "https://partners.poly.example";

fn html_lang(page: &Html) -> String {
    select(page, "html")[0]
        .value()
        .attr("lang")
        .unwrap_or_default()
        .to_string()
}

fn text(page: &Html, css: &str) -> String {
    let found = select(page, css);
    assert!(!found.is_empty(), "nothing matches {css}");
    found[0].text().collect::<String>().trim().to_string()
}

/// An attribute of the first element matching `css`.
fn attr(page: &Html, css: &str, name: &str) -> String {
    let found = select(page, css);
    assert!(!found.is_empty(), "nothing matches {css}");
    found[0].value().attr(name).unwrap_or_default().to_string()
}

/// The nearest `lang` of the first element matching `css`: its own or an
/// ancestor's.
fn lang_of(page: &Html, css: &str) -> String {
    let el = select(page, css)[0];
    std::iter::once(el)
        .chain(el.ancestors().filter_map(scraper::ElementRef::wrap))
        .find_map(|e| e.value().attr("lang"))
        .unwrap()
        .to_string()
}

/// hreflang → href of a page's alternates.
fn alternates(page: &Html) -> BTreeMap<String, String> {
    select(page, r#"head link[rel="alternate"][hreflang]"#)
        .iter()
        .map(|l| {
            (
                l.value().attr("hreflang").unwrap().to_string(),
                l.value().attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn canonical(page: &Html) -> String {
    select(page, r#"link[rel="canonical"]"#)[0]
        .value()
        .attr("href")
        .unwrap()
        .to_string()
}

/// `https://partners.poly.example/de/for/ops/` → `de/for/ops/index.html`.
fn file_of(url: &str) -> String {
    let path = url.strip_prefix(BASE).unwrap().trim_start_matches('/');
    format!("{path}index.html")
}

#[test]
fn translated_pages_live_under_their_language_with_the_right_lang() {
    let site = fixture("languages");
    site.build();
    let expected = [
        ("for/ops/index.html", "en"),
        ("de/for/ops/index.html", "de"),
        ("ru/for/ops/index.html", "ru"),
        ("for/sales/index.html", "en"),
        ("customers/alpha/index.html", "en"),
        ("de/customers/alpha/index.html", "de"),
        ("customers/beta/index.html", "en"),
        ("index.html", "en"),
        ("404.html", "en"),
        ("de/index.html", "de"),
        ("de/404.html", "de"),
        ("ru/index.html", "ru"),
        ("ru/404.html", "ru"),
        ("tr/index.html", "tr"),
        ("tr/404.html", "tr"),
        ("lt/index.html", "lt"),
        ("lt/404.html", "lt"),
        ("juergen-mueller/index.html", "de"),
        ("klaus-oesterreicher/index.html", "de"),
        ("dmitrii-sokolov/index.html", "ru"),
        ("sukru-yildiz/index.html", "tr"),
        ("zygimantas-simkus/index.html", "lt"),
        ("pierre-dupont/index.html", "en"),
        ("anna-berg/index.html", "en"),
    ];
    let pages = site.html_files();
    let built: BTreeSet<&str> = pages.keys().map(String::as_str).collect();
    let wanted: BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
    // Only translations that exist get a page (no tr/for/ops, no
    // ru/customers/alpha); every language has its own index and 404.
    assert_eq!(built, wanted);
    for (path, lang) in expected {
        assert_eq!(html_lang(&pages[path]), lang, "{path}");
    }
    // The translated page speaks its language, theme text included.
    let de = &pages["de/for/ops/index.html"];
    assert_eq!(text(de, "h1"), "Ops-Überschrift");
    assert_eq!(text(de, ".skip-link"), "Zum Inhalt springen");
    let ru = &pages["ru/for/ops/index.html"];
    assert_eq!(text(ru, "h1"), "Заголовок для эксплуатации");
    assert!(text(ru, ".prose").starts_with("Текст"));
    // Every language is a whole site: the logo, the footer's link to the
    // program and the 404 page's way home stay in the page's language,
    // and each index speaks its language.
    for (page, home) in [
        ("de/for/ops/index.html", "/de/"),
        ("de/404.html", "/de/"),
        ("ru/index.html", "/ru/"),
        ("juergen-mueller/index.html", "/de/"),
        ("for/ops/index.html", "/"),
        ("404.html", "/"),
        ("pierre-dupont/index.html", "/"),
    ] {
        assert_eq!(attr(&pages[page], ".brand", "href"), home, "{page}");
        assert_eq!(attr(&pages[page], "footer nav a", "href"), home, "{page}");
    }
    assert_eq!(attr(&pages["ru/404.html"], "main p a", "href"), "/ru/");
    assert_eq!(
        text(&pages["de/404.html"], "h1"),
        "Diese Seite gibt es nicht"
    );
    assert_eq!(text(&pages["tr/index.html"], ".skip-link"), "İçeriğe geç");
    // The index's offer in its language's labels.
    assert_eq!(
        text(&pages["de/index.html"], "h1"),
        "Empfehlen Sie Polyglot. Ihre Prämie: 50 $ pro Kunde."
    );
    assert_eq!(
        text(&pages["index.html"], "h1"),
        "Recommend Polyglot. Your reward: $50 per customer."
    );
    // Dates in the page's language.
    assert_eq!(
        text(&pages["customers/alpha/index.html"], "time"),
        "March 5, 2024"
    );
    assert_eq!(
        text(&pages["de/customers/alpha/index.html"], "time"),
        "5. März 2024"
    );
}

#[test]
fn hreflang_sets_are_complete_and_symmetric() {
    let site = fixture("languages");
    site.build();
    let pages = site.html_files();
    let mut with_alternates = 0;
    for (path, page) in &pages {
        let alts = alternates(page);
        if alts.is_empty() {
            continue;
        }
        with_alternates += 1;
        // The page is in its own set, under its own language.
        let own = canonical(page);
        assert_eq!(alts.get(&html_lang(page)), Some(&own), "{path}");
        // x-default is the default language's version.
        assert_eq!(alts.get("x-default"), alts.get("en"), "{path}");
        // Every version lists exactly the same set, and says the language
        // the set says it is in.
        for (lang, href) in &alts {
            let other = &pages[&file_of(href)];
            assert_eq!(alternates(other), alts, "{path} → {href}");
            if lang != "x-default" {
                assert_eq!(html_lang(other), *lang, "{href}");
            }
        }
    }
    // ops in en, de, ru; alpha in en, de; the index in all five.
    assert_eq!(with_alternates, 10);
    assert_eq!(
        alternates(&pages["for/ops/index.html"])
            .keys()
            .collect::<Vec<_>>(),
        ["de", "en", "ru", "x-default"]
    );
    // Untranslated pages and affiliate pages have no alternates.
    for path in [
        "for/sales/index.html",
        "customers/beta/index.html",
        "juergen-mueller/index.html",
    ] {
        assert!(alternates(&pages[path]).is_empty(), "{path}");
    }
    // The switcher links the same versions, each named in its language.
    let switcher: Vec<(String, String)> = select(&pages["de/for/ops/index.html"], ".langs a")
        .iter()
        .map(|a| {
            (
                a.value().attr("hreflang").unwrap().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        switcher,
        [
            ("en".to_string(), "English".to_string()),
            ("ru".to_string(), "Русский".to_string())
        ]
    );
}

#[test]
fn the_sitemap_lists_each_translation_with_its_alternates() {
    let site = fixture("languages");
    site.build();
    let xml = site.read("sitemap.xml");
    for loc in [
        "/for/ops/",
        "/de/for/ops/",
        "/ru/for/ops/",
        "/customers/alpha/",
        "/de/customers/alpha/",
    ] {
        let start = xml
            .find(&format!("<loc>{BASE}{loc}</loc>"))
            .unwrap_or_else(|| panic!("{loc} not in the sitemap"));
        let entry = &xml[start..start + xml[start..].find("</url>").unwrap()];
        let family = if loc.contains("ops") {
            "for/ops/"
        } else {
            "customers/alpha/"
        };
        assert!(
            entry.contains(&format!(r#"hreflang="en" href="{BASE}/{family}""#)),
            "{entry}"
        );
        assert!(
            entry.contains(&format!(r#"hreflang="de" href="{BASE}/de/{family}""#)),
            "{entry}"
        );
        assert!(
            entry.contains(&format!(r#"hreflang="x-default" href="{BASE}/{family}""#)),
            "{entry}"
        );
    }
    assert!(xml.contains(&format!("<url><loc>{BASE}/for/sales/</loc></url>")));
    // Affiliate pages are not in the sitemap, in any language.
    assert!(!xml.contains("juergen-mueller"));
}

#[test]
fn untranslated_fields_fall_back_one_by_one_and_say_their_language() {
    let site = fixture("languages");
    site.build();
    let de = site.page("de/for/ops/index.html");
    // Translated: name, headline, two of three tags.
    assert_eq!(text(&de, ".eyebrow"), "Ops-Teams");
    assert_eq!(lang_of(&de, "h1"), "de");
    let chips: Vec<(String, String)> = select(&de, ".chips li")
        .iter()
        .map(|li| {
            (
                li.text().collect(),
                li.value().attr("lang").unwrap_or("de").to_string(),
            )
        })
        .collect();
    assert_eq!(
        chips,
        [
            ("Abwanderung".to_string(), "de".to_string()),
            ("Onboarding".to_string(), "en".to_string()),
            ("Health Scores".to_string(), "de".to_string()),
        ]
    );
    // Left out: subheadline and body, shown in English and marked so.
    assert_eq!(text(&de, ".hero__lead"), "Ops subheadline");
    assert_eq!(lang_of(&de, ".hero__lead"), "en");
    assert!(text(&de, ".prose").starts_with("Ops body"));
    assert_eq!(lang_of(&de, ".prose"), "en");
    // The translated case study, with its untranslated quote.
    assert_eq!(text(&de, ".case-card__title"), "Alpha wurde ruhiger");
    assert_eq!(lang_of(&de, ".case-card__title"), "de");
    assert_eq!(text(&de, ".metric dt"), "Abwanderung");
    // Its number held to its unit by a non-breaking space.
    assert_eq!(text(&de, ".metric dd"), "−20\u{a0}%");
    assert_eq!(text(&site.page("for/ops/index.html"), ".metric dd"), "-20%");
    assert_eq!(text(&de, ".case-card blockquote"), "Calm at last.");
    assert_eq!(lang_of(&de, ".case-card blockquote"), "en");
    // Theme text in the card stays in the page's language.
    assert_eq!(lang_of(&de, ".case-card__more a"), "de");
    // The card links the German version of the case study.
    assert_eq!(
        select(&de, ".case-card__title a")[0].value().attr("href"),
        Some("/de/customers/alpha/")
    );
    // The site's offer with its German labels.
    assert!(site.read("de/for/ops/index.html").contains("20 % Rabatt"));
    assert!(!site.read("de/for/ops/index.html").contains("20% off"));
}

#[test]
fn affiliates_get_pages_in_their_locale() {
    let site = fixture("languages");
    site.build();
    // German: translated segment, German theme, canonical to the German
    // segment page.
    let j = site.page("juergen-mueller/index.html");
    assert_eq!(text(&j, "h1"), "Ops-Überschrift");
    assert_eq!(text(&j, ".site-header .button"), "Kostenlos starten");
    assert_eq!(canonical(&j), format!("{BASE}/de/for/ops/"));
    // A regional locale takes its language's translation.
    let k = site.page("klaus-oesterreicher/index.html");
    assert_eq!(text(&k, "h1"), "Ops-Überschrift");
    // Turkish: no translation of the segment, so English text marked as
    // such inside a Turkish page with Turkish theme text.
    let s = site.page("sukru-yildiz/index.html");
    assert_eq!(text(&s, "h1"), "Ops headline");
    assert_eq!(lang_of(&s, "h1"), "en");
    assert_eq!(text(&s, ".skip-link"), "İçeriğe geç");
    assert_eq!(canonical(&s), format!("{BASE}/for/ops/"));
    // A locale the site does not publish: an English page; the message
    // keeps its own language.
    let p = site.page("pierre-dupont/index.html");
    assert_eq!(text(&p, "h1"), "Ops headline");
    assert_eq!(lang_of(&p, ".note blockquote"), "fr");
}

#[test]
fn tracking_rules_hold_on_every_translated_page() {
    let site = fixture("languages");
    site.build();
    check_site_tracking(
        &site,
        "ref",
        "affiliate",
        &["app.poly.example"],
        "partners.poly.example",
    );
    // The product link in the translated body is tracked like the original.
    let j = site.page("juergen-mueller/index.html");
    let hrefs = hrefs(&j);
    assert!(
        hrefs
            .iter()
            .any(|h| h.starts_with("https://app.poly.example/pricing?ref=juergen-mueller&")),
        "{hrefs:?}"
    );
    let d = site.page("dmitrii-sokolov/index.html");
    let body: Vec<String> = select(&d, ".prose a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(body.len(), 1);
    assert_eq!(param(&params(&body[0]), "ref"), ["dmitrii-sokolov"]);
    assert_eq!(param(&params(&body[0]), "utm_content"), ["body"]);
}

#[test]
fn check_lists_what_is_missing_and_strict_fails_on_it() {
    let site = fixture("languages");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains_all(
        &run.stderr,
        [
            "warning: segments: de: 1 of 2 segments have no translation: sales",
            "warning: segments/ops.de.yaml: no de text for subheadline; body; description; tags onboarding",
            "warning: content/case-studies/alpha.de.md: no de text for quote",
            "warning: content/case-studies: ru: 2 of 2 case studies have no translation: alpha, beta",
            "warning: segments: tr: 2 of 2 segments have no translation: ops, sales",
            "warning: tailor.yaml:9:1: ru: no text for the offer's referrer, referred",
            "warning: affiliates.yaml:16: 1 affiliate with locale fr, which is not in site.locales, gets pages in en: pierre-dupont",
        ],
    );
    // The full Russian translation of ops leaves nothing out.
    assert!(!run.stderr.contains("ops.ru.yaml"), "{}", run.stderr);
    assert!(run.stderr.contains("ok: 24 pages would be built"));

    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: segments/ops.de.yaml: no de text for subheadline"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("errors found"), "{}", run.stderr);

    // Complete every translation and --strict passes.
    let site = fixture("minimal");
    site.write(
        "tailor.yaml",
        &(std::fs::read_to_string(site.root.join("tailor.yaml"))
            .unwrap()
            .replace("  signup_url:", "  locales: [en, de]\n  signup_url:")
            + "  translations:\n    de: { referrer: \"50 $ pro Kunde\", referred: \"20 % Rabatt\" }\n"),
    );
    site.write(
        "segments/alpha.de.yaml",
        "name: Alpha-Teams\nheadline: Alpha-Überschrift\nsubheadline: Alpha-Unterzeile\ntags: { speed: Tempo, dashboards: Dashboards }\n",
    );
    site.write(
        "content/case-studies/one.de.md",
        "---\ntitle: One wurde schneller\n---\nOne war langsam. Dann nicht mehr.\n",
    );
    let run = site.run(&["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn bad_translations_are_errors_at_their_file() {
    let cases: [(&str, &str, &str); 4] = [
        (
            "segments/nope.de.yaml",
            "name: Nichts\n",
            "segments/nope.de.yaml",
        ),
        (
            "segments/ops.de.yaml",
            "name: Ops\nheadlin: Tippfehler\n",
            "segments/ops.de.yaml:2",
        ),
        (
            "content/case-studies/alpha.ru.md",
            "---\ntitle: Альфа\nmetrics: [один, два]\n---\n",
            "content/case-studies/alpha.ru.md",
        ),
        (
            "segments/ops.en.yaml",
            "name: Ops again\n",
            "segments/ops.en.yaml",
        ),
    ];
    for (file, body, at) in cases {
        let site = fixture("languages");
        site.write(file, body);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("error: {at}")),
            "{file}: {}",
            run.stderr
        );
        assert!(!site.out().exists(), "{file}: nothing is written");
    }
    // Offer labels for a language the site does not publish.
    let site = fixture("languages");
    let config = std::fs::read_to_string(site.root.join("tailor.yaml")).unwrap();
    site.write("tailor.yaml", &config.replace("    de: {", "    fr: {"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: tailor.yaml:12:") && run.stderr.contains("\"fr\""),
        "{}",
        run.stderr
    );

    // A translation into a language the site does not publish is left out
    // with a warning.
    let site = fixture("languages");
    site.write("segments/ops.fr.yaml", "name: Équipes ops\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: segments/ops.fr.yaml"),
        "{}",
        run.stderr
    );
    assert!(!site.out().join("fr").exists());
}

#[test]
fn a_slug_that_is_a_language_folder_is_refused() {
    let site = fixture("languages");
    site.write(
        "affiliates.yaml",
        "- name: De\n  slug: de\n  segment: ops\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("affiliates.yaml:"), "{}", run.stderr);
    assert!(run.stderr.contains("\"de\""), "{}", run.stderr);
}

#[test]
fn the_example_site_speaks_several_languages() {
    let site = example();
    site.build();
    let pages = site.html_files();
    let mut langs = BTreeSet::new();
    for a in site.links() {
        let path = a["path"].as_str().unwrap();
        let lang = html_lang(&pages[path]);
        assert_eq!(lang, a["lang"].as_str().unwrap(), "{path}");
        langs.insert(lang);
    }
    // Affiliates in at least two languages besides English.
    assert!(langs.len() >= 3, "{langs:?}");
    for (path, lang) in [
        ("de/for/fintech/index.html", "de"),
        ("ru/for/fintech/index.html", "ru"),
        ("de/customers/ledgerly/index.html", "de"),
    ] {
        assert_eq!(html_lang(&pages[path]), lang, "{path}");
    }
}

/// Offers are resolved once per language: an affiliate with an offer of
/// their own and a German page gets the German labels for every part they
/// do not override (issue 18: the parts used to stay English).
#[test]
fn an_affiliate_with_their_own_offer_gets_it_in_their_language() {
    let site = fixture("languages");
    site.write(
        "affiliates.yaml",
        "- name: Jürgen Müller\n  segment: ops\n  locale: de\n  incentive:\n    referrer: { label: \"75 $ pro Kunde\", value: 75 }\n",
    );
    site.build();
    let page = site.page("juergen-mueller/index.html");
    let labels: Vec<String> = select(&page, ".offer__label")
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(
        labels,
        ["20 % Rabatt", "75 $ pro Kunde"],
        "the referred side in German, the referrer side their own"
    );
}

/// Language tags compare as language tags: `pt-br` is `pt-BR` (issue 18:
/// `segments/fintech.pt-br.yaml` was "left out" of a `pt-BR` site).
#[test]
fn language_tags_compare_without_case() {
    let site = fixture("languages");
    let yaml = std::fs::read_to_string(site.root.join("tailor.yaml")).unwrap();
    site.write(
        "tailor.yaml",
        &yaml.replace(
            "locales: [en, de, ru, tr, lt]",
            "locales: [en, de, ru, tr, lt, pt-BR]",
        ),
    );
    site.write(
        "segments/ops.pt-br.yaml",
        "name: Operações\nheadline: Times de operações\n",
    );
    site.write(
        "affiliates.yaml",
        "- name: João Silva\n  segment: ops\n  locale: PT-br\n",
    );
    let run = site.build();
    assert!(!run.stderr.contains("left out"), "{}", run.stderr);
    let page = site.page("joao-silva/index.html");
    assert_eq!(html_lang(&page), "pt-BR");
    assert!(
        site.read("pt-BR/for/ops/index.html")
            .contains("Times de operações")
    );
}

/// A language the theme does not speak is named where docs/themes.md
/// ("Your own wording") says to write it: the site's own
/// `i18n/<lang>.yaml`, with the theme's file to copy the keys from;
/// written there, the warning is gone.
#[test]
fn a_language_the_theme_lacks_is_named_at_the_site_s_own_file() {
    let site = fixture("minimal");
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &config.replace("site:\n", "site:\n  locales: [en, vi]\n"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: i18n/vi.yaml: the theme has no text in this language — write it here, key by key as in themes/default/i18n/en.yaml"),
        "{}",
        run.stderr
    );
    let en = std::fs::read_to_string(site.root.join("themes/default/i18n/en.yaml")).unwrap();
    site.write("i18n/vi.yaml", &en);
    let run = site.run(&["check"]);
    assert!(!run.stderr.contains("i18n/vi.yaml"), "{}", run.stderr);
    // A regional language reads its primary language's text, and so is
    // not reported: pt-BR reads the theme's pt, es-MX its es.
    site.write(
        "tailor.yaml",
        &config.replace(
            "site:\n",
            "site:\n  locales: [en, pt-BR, es-MX, ar, he, ja]\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("i18n/"), "{}", run.stderr);
}

/// The index's count of days takes the plural form of the site's language
/// (CLDR, through the theme's plural blocks), for the number tailor.yaml
/// sets: Russian 21 день, 22 дня, 25 дней; Lithuanian 21 dieną, 12 dienų.
#[test]
fn the_count_of_days_takes_its_languages_plural_form() {
    for (lang, days, said) in [
        ("ru", 21, "21 день"),
        ("ru", 22, "22 дня"),
        ("ru", 25, "25 дней"),
        ("lt", 21, "21 dieną"),
        ("lt", 12, "12 dienų"),
        ("en", 1, "for 1 day."),
        ("en", 30, "for 30 days."),
    ] {
        let site = fixture("minimal");
        let config = site.read_src("tailor.yaml");
        let config = config
            .replace("site:\n", &format!("site:\n  locale: {lang}\n"))
            .replace(
                "tracking:\n",
                &format!("tracking:\n  cookie_days: {days}\n"),
            );
        site.write("tailor.yaml", &config);
        let run = site.build();
        assert_eq!(run.code, 0, "{}", run.stderr);
        let index = site.page("index.html");
        let text = index.root_element().text().collect::<String>();
        assert!(text.contains(said), "{lang} {days}: {text}");
    }
}

/// A site written right to left (tests/fixtures/rtl): Arabic and Hebrew
/// pages say `dir="rtl"`, English ones `ltr`; a Latin name or company in
/// an Arabic or Hebrew sentence is isolated (U+2068 … U+2069, as `<bdi>`)
/// so it keeps its order and the sentence keeps its own; the kit's link
/// reads left to right; every product link carries its code.
#[test]
fn right_to_left_pages_mirror_and_isolate_what_is_written_otherwise() {
    let site = fixture("rtl");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = site.html_files();
    let dir = |page: &str| {
        select(&pages[page], "html")[0]
            .value()
            .attr("dir")
            .map(str::to_string)
    };
    for (page, want) in [
        ("index.html", "rtl"),
        ("404.html", "rtl"),
        ("for/clinics/index.html", "rtl"),
        ("customers/shifa/index.html", "rtl"),
        ("mohammed-alali/index.html", "rtl"),
        ("anna-berg/index.html", "rtl"),
        ("he/index.html", "rtl"),
        ("he/for/clinics/index.html", "rtl"),
        ("noa-levi/index.html", "rtl"),
        ("en/index.html", "ltr"),
        ("en/for/clinics/index.html", "ltr"),
        ("john-smith/index.html", "ltr"),
    ] {
        assert_eq!(dir(page).as_deref(), Some(want), "{page}");
    }
    // The Latin name and company in the Arabic disclosure and eyebrow are
    // set apart; the Arabic ones too (isolating does not depend on the
    // value's script); nothing is set apart on an English page.
    let anna = site.read("anna-berg/index.html");
    assert!(
        anna.contains("\u{2068}Anna Berg\u{2069} (\u{2068}Berg Dental GmbH\u{2069}) من شركاء \u{2068}Sahm\u{2069}"),
        "{anna}"
    );
    let noa = site.read("noa-levi/index.html");
    assert!(noa.contains("\u{2068}Levi Dental\u{2069}"), "{noa}");
    assert!(!site.read("john-smith/index.html").contains('\u{2068}'));
    // A count is not isolated: it picks its plural form.
    let index = site.read("index.html");
    assert!(index.contains("30 يومًا"), "{index}");
    check_site_tracking(
        &site,
        "ref",
        "affiliate",
        &["app.sahm.example"],
        "partners.sahm.example",
    );
}
