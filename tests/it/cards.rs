//! Social cards: every affiliate and segment page shows its own, drawn at
//! build time, the same bytes every build, drawn again only when what it
//! shows changed.

use std::collections::BTreeMap;

use crate::support::*;

/// Width and height from a JPEG's start-of-frame marker.
fn jpeg_size(bytes: &[u8]) -> Option<(u16, u16)> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 9 < bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
        if (0xC0..=0xC3).contains(&marker) {
            let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]);
            let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]);
            return Some((w, h));
        }
        i += 2 + len;
    }
    None
}

fn og_image(html: &scraper::Html) -> String {
    select(html, "meta[property='og:image']")[0]
        .value()
        .attr("content")
        .unwrap()
        .to_string()
}

fn cards(site: &Site) -> BTreeMap<String, Vec<u8>> {
    files_under(&site.out())
        .into_iter()
        .filter(|(f, _)| f.starts_with("cards/"))
        .collect()
}

#[test]
fn every_affiliate_and_segment_page_shows_its_own_card() {
    let site = example();
    site.build();
    let base = "https://partners.acme.example/";
    let files = cards(&site);
    let mut seen = std::collections::BTreeSet::new();
    let affiliates = site.links();
    assert!(affiliates.len() > 10);
    for a in &affiliates {
        let page = site.page(a["path"].as_str().unwrap());
        let image = og_image(&page);
        let twitter = select(&page, "meta[name='twitter:image']")[0]
            .value()
            .attr("content")
            .unwrap();
        assert_eq!(image, twitter);
        let rel = image
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("absolute https: {image}"));
        let slug = a["slug"].as_str().unwrap();
        assert!(
            rel.starts_with(&format!("cards/{slug}.")) && rel.ends_with(".jpg"),
            "{rel}"
        );
        let bytes = files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} was not written"));
        assert_eq!(jpeg_size(bytes), Some((1200, 630)), "{rel}");
        assert!(bytes.len() < 300 * 1024, "{rel}: {} bytes", bytes.len());
        assert!(seen.insert(rel.to_string()), "{rel} is shared");
    }
    // Segment pages in every language have theirs; other pages the
    // theme's picture.
    for (path, html) in site.html_files() {
        let image = og_image(&html);
        let segment =
            path.starts_with("for/") || path.get(3..).is_some_and(|p| p.starts_with("for/"));
        if segment {
            assert!(
                image.starts_with(&format!("{base}cards/for-")),
                "{path}: {image}"
            );
            assert!(
                files.contains_key(image.strip_prefix(base).unwrap()),
                "{path}: {image}"
            );
        } else if !affiliates.iter().any(|a| a["path"] == path.as_str()) {
            assert!(
                image.starts_with(&format!("{base}assets/social.")),
                "{path}: {image}"
            );
        }
    }
    // Cards are not pages: not in the sitemap; cached for good.
    assert!(!site.read("sitemap.xml").contains("/cards/"));
    assert!(
        site.read("_headers")
            .contains("/cards/*\n  Cache-Control: public, max-age=31536000, immutable")
    );
}

#[test]
fn cards_are_the_same_bytes_every_build() {
    let (one, two) = (example(), example());
    one.build();
    two.build();
    let a = cards(&one);
    assert!(!a.is_empty());
    assert!(a == cards(&two), "two builds drew different cards");
}

#[test]
fn an_edit_draws_only_the_card_it_changes() {
    let site = example();
    let first = site.build();
    let total = site.links().len();
    assert!(
        first.stderr.contains("social cards drawn"),
        "{}",
        first.stderr
    );
    let before = cards(&site);

    // Nothing changed: nothing drawn, every card kept as it was.
    let again = site.build();
    assert!(
        again
            .stderr
            .contains(&format!("; 0 of {} social cards drawn", before.len())),
        "{}",
        again.stderr
    );

    // One affiliate's company: their card, and only theirs.
    let yaml = std::fs::read_to_string(site.root.join("affiliates.yaml")).unwrap();
    assert!(yaml.contains("company: Ledgerly"));
    site.write(
        "affiliates.yaml",
        &yaml.replacen("company: Ledgerly", "company: Ledgerly Labs", 1),
    );
    let edited = site.build();
    assert!(
        edited
            .stderr
            .contains(&format!("; 1 of {} social cards drawn", before.len())),
        "{}",
        edited.stderr
    );
    let after = cards(&site);
    assert_eq!(after.len(), before.len());
    let new: Vec<_> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(total > 1);

    // The theme's text is on every card: a comment in a text file draws
    // none, a changed text draws them all again.
    let en = "themes/default/i18n/en.yaml";
    let text = std::fs::read_to_string(site.root.join(en)).unwrap();
    site.write(en, &format!("# reworded later\n{text}"));
    let commented = site.build();
    assert!(
        commented
            .stderr
            .contains(&format!("; 0 of {} social cards drawn", before.len())),
        "{}",
        commented.stderr
    );
    site.write(
        en,
        &text.replace("card_offer: For you", "card_offer: Just for you"),
    );
    let reworded = site.build();
    assert!(
        reworded.stderr.contains(&format!(
            "; {n} of {n} social cards drawn",
            n = before.len()
        )),
        "{}",
        reworded.stderr
    );
}

#[test]
fn a_theme_without_a_card_design_keeps_its_picture() {
    let site = example();
    std::fs::remove_dir_all(site.root.join("themes/default/card")).unwrap();
    site.build();
    assert!(cards(&site).is_empty());
    let page = site.page(site.links()[0]["path"].as_str().unwrap());
    assert!(og_image(&page).contains("/assets/social."));
}

#[test]
fn a_card_template_error_points_at_the_card_template() {
    let site = example();
    let path = site.root.join("themes/default/card/card.svg");
    let svg = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, svg.replacen("{{ t.size }}", "{{ t.size + }}", 1)).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/default/card/card.svg:"),
        "{}",
        run.stderr
    );
}
