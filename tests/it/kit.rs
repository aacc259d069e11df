//! The partner kit: `tailor kit` writes every affiliate's kit outside the
//! published site; with TAILOR_KIT_SECRET a build publishes them at
//! unlisted paths, and only then.

use std::collections::BTreeMap;

use resvg::tiny_skia::Pixmap;
use resvg::usvg;

use crate::support::*;

const SECRET: &str = "a-long-test-secret-0123456789";

/// The text of the QR code in `pixmap`.
fn decode(pixmap: &Pixmap) -> String {
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let data = pixmap.data();
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| data[(y * w + x) * 4]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the code decodes").1
}

fn decode_png(bytes: &[u8]) -> String {
    decode(&Pixmap::decode_png(bytes).expect("a PNG"))
}

fn decode_svg(text: &str) -> String {
    let tree = usvg::Tree::from_str(text, &usvg::Options::default()).expect("an SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    decode(&pixmap)
}

fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn the_kit_has_every_affiliate_with_a_qr_code_that_opens_their_page() {
    let site = example();
    site.build();
    let run = site.run(&["kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kit = site.root.join("kit");
    let links = site.links();
    let rows = csv_rows(&std::fs::read_to_string(kit.join("kit.csv")).unwrap());
    assert_eq!(
        rows.len(),
        links.len(),
        "a row per affiliate tailor links lists"
    );
    for (row, link) in rows.iter().zip(&links) {
        for key in ["name", "url", "signup_url"] {
            assert_eq!(row[key], link[key].as_str().unwrap(), "{key}");
        }
        let slug = link["slug"].as_str().unwrap();
        let folder = kit.join(slug);
        assert_eq!(row["kit_file"], format!("{slug}/index.html"));
        let qr_url = format!("{}?utm_medium=qr", link["url"].as_str().unwrap());
        assert_eq!(row["qr_url"], qr_url);
        assert_eq!(
            decode_png(&std::fs::read(folder.join("qr.png")).unwrap()),
            qr_url,
            "{slug} qr.png"
        );
        assert_eq!(
            decode_svg(&std::fs::read_to_string(folder.join("qr.svg")).unwrap()),
            qr_url,
            "{slug} qr.svg"
        );
        // The card is the page's own.
        let page = site.page(link["path"].as_str().unwrap());
        let og = select(&page, "meta[property='og:image']")[0]
            .value()
            .attr("content")
            .unwrap()
            .to_string();
        let card = site
            .out()
            .join(og.strip_prefix("https://partners.acme.example/").unwrap());
        assert_eq!(
            std::fs::read(folder.join("card.jpg")).unwrap(),
            std::fs::read(card).unwrap()
        );
        // The kit page: their URL, the QR code inline, share texts holding
        // their URL, in their language.
        let html = std::fs::read_to_string(folder.join("index.html")).unwrap();
        let doc = scraper::Html::parse_document(&html);
        assert_eq!(
            select(&doc, "html")[0].value().attr("lang"),
            link["lang"].as_str()
        );
        assert!(html.contains(link["url"].as_str().unwrap()));
        assert_eq!(select(&doc, "svg[role=img]").len(), 1);
        let texts = select(&doc, ".text");
        assert!(texts.len() >= 4);
        let intents: Vec<_> = select(&doc, "a[target=_blank]")
            .iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        assert!(
            intents.iter().any(|h| h.starts_with("mailto:?subject=")),
            "{intents:?}"
        );
        assert!(
            intents
                .iter()
                .any(|h| h.starts_with("https://www.linkedin.com/sharing/share-offsite/?url=")),
            "{intents:?}"
        );
        assert!(
            intents
                .iter()
                .any(|h| h.starts_with("https://x.com/intent/post?text=")),
            "{intents:?}"
        );
        assert!(
            intents
                .iter()
                .any(|h| h.starts_with("https://wa.me/?text=")),
            "{intents:?}"
        );
        assert!(
            !html.contains("noindex"),
            "a kit on disk is no published page"
        );
        // Self-contained: nothing loaded from anywhere.
        assert!(select(&doc, "link[rel=stylesheet], script[src], img[src^=http]").is_empty());
    }
    // Nothing of the kit reaches the published site.
    assert!(!site.out().join("kit").exists());
    assert!(
        !files_under(&site.out())
            .keys()
            .any(|f| f.ends_with("qr.png") || f.ends_with("kit.csv"))
    );
}

#[test]
fn kits_are_published_only_with_the_secret_at_unlisted_paths() {
    let site = example();
    site.build();
    let plain = files_under(&site.out());
    assert!(
        !plain.keys().any(|f| f.starts_with("kit/")),
        "no kit without the secret"
    );

    let run: Run = tailor()
        .args(["build"])
        .env("TAILOR_KIT_SECRET", SECRET)
        .current_dir(&site.root)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Run = tailor()
        .args([
            "links",
            "--format",
            "json",
            "--columns",
            "slug,url,kit_url,qr_url",
        ])
        .env("TAILOR_KIT_SECRET", SECRET)
        .current_dir(&site.root)
        .output()
        .unwrap()
        .into();
    let listed: Vec<serde_json::Value> = serde_json::from_str(&listed.stdout).unwrap();
    let files = files_under(&site.out());
    let mut tokens = std::collections::BTreeSet::new();
    for a in &listed {
        let kit_url = a["kit_url"].as_str().unwrap();
        let rel = kit_url
            .strip_prefix("https://partners.acme.example/")
            .unwrap();
        let token = rel.strip_prefix("kit/").unwrap().trim_end_matches('/');
        assert_eq!(token.len(), 32, "128 bits: {token}");
        assert!(!token.contains(a["slug"].as_str().unwrap()));
        assert!(tokens.insert(token.to_string()));
        let html = String::from_utf8(files[&format!("{rel}index.html")].clone()).unwrap();
        assert!(html.contains(r#"<meta name="robots" content="noindex, nofollow">"#));
        assert_eq!(
            decode_png(&files[&format!("{rel}qr.png")]),
            a["qr_url"].as_str().unwrap()
        );
    }
    // Never listed: not in the sitemap, not linked from any page.
    for (path, bytes) in &files {
        if path.starts_with("kit/") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "{path} gives away a kit path"
            );
        }
    }
    assert!(
        site.read("_headers")
            .contains("/kit/*\n  X-Robots-Tag: noindex, nofollow\n  Referrer-Policy: no-referrer")
    );

    // Without the secret again, the published kits go.
    let plain_again = site.build();
    assert_eq!(plain_again.code, 0);
    assert!(
        !files_under(&site.out())
            .keys()
            .any(|f| f.starts_with("kit/"))
    );
}

#[test]
fn the_kit_is_never_written_into_the_published_site_nor_over_other_folders() {
    let site = example();
    let run = site.run(&["kit", "--out", "public/kit"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("TAILOR_KIT_SECRET"), "{}", run.stderr);
    std::fs::create_dir_all(site.root.join("docs")).unwrap();
    std::fs::write(site.root.join("docs/notes.txt"), "mine").unwrap();
    let run = site.run(&["kit", "--out", "docs"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("refusing to replace a folder that tailor kit did not write"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root.join("docs/notes.txt")).unwrap(),
        "mine"
    );
    // A kit folder is replaced whole.
    assert_eq!(site.run(&["kit"]).code, 0);
    assert_eq!(site.run(&["kit"]).code, 0);
}

#[test]
fn a_qr_visit_carries_its_medium_to_the_product_links_and_keeps_the_code() {
    let site = example();
    site.build();
    let link = &site.links()[0];
    let html = site.read(link["path"].as_str().unwrap());
    assert!(
        html.contains(r#""medium":"qr""#),
        "the affiliate page carries the QR medium script"
    );
    let segment = site.read("for/fintech/index.html");
    assert!(
        !segment.contains(r#""medium":"qr""#),
        "only affiliate pages"
    );
}

/// A kit secret must be random: set but empty, whitespace, one character
/// repeated or too few different ones is an error saying how to make one,
/// never "no kits" in silence (issue 26).
#[test]
fn a_kit_secret_without_entropy_is_refused_with_how_to_make_one() {
    let site = fixture("minimal");
    for (secret, said) in [
        ("", "TAILOR_KIT_SECRET: is set but empty"),
        (
            "                ",
            "TAILOR_KIT_SECRET: holds only whitespace",
        ),
        (
            "xxxxxxxxxxxxxxxxxxxxxxxx",
            "TAILOR_KIT_SECRET: is one character repeated",
        ),
    ] {
        for command in [&["build"][..], &["links", "--columns", "slug,kit_url"]] {
            let run: Run = tailor()
                .args(command)
                .env("TAILOR_KIT_SECRET", secret)
                .current_dir(&site.root)
                .output()
                .unwrap()
                .into();
            assert_eq!(run.code, 1, "{command:?} {secret:?}: {}", run.stderr);
            assert!(run.stderr.contains(said), "{}", run.stderr);
            assert!(
                run.stderr.contains("openssl rand -hex 32"),
                "{}",
                run.stderr
            );
        }
    }
    assert!(!site.out().exists());
}

#[test]
fn offers_read_as_phrases_in_sentences_and_as_labels_elsewhere() {
    let site = fixture("minimal");
    // Labels only: sentences frame them as labels, never paste a heading
    // mid-sentence ("you get 20% off" is right by chance, "you get First
    // month free" is not).
    site.build();
    assert_eq!(site.run(&["kit"]).code, 0);
    let kit = std::fs::read_to_string(site.root.join("kit/ann-active/index.html")).unwrap();
    assert!(
        kit.contains("My link comes with an offer for you: 20% off."),
        "{kit}"
    );
    assert!(!kit.contains("you get 20% off"), "{kit}");
    let index = site.read("index.html");
    assert!(index.contains("Your reward: $50 per customer."), "{index}");
    assert!(
        index.contains("Refer customers to Mini. Your reward: $50 per customer."),
        "the description frames the label too"
    );
    // With phrases, sentences say them; headings and buttons keep labels.
    let yaml = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &yaml
            .replace(
                r#"label: "$50 per customer","#,
                r#"label: "$50 per customer", phrase: "$50 for every customer you refer","#,
            )
            .replace(
                r#"label: "20% off","#,
                r#"label: "20% off", phrase: "20% off your first year","#,
            ),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(site.run(&["kit"]).code, 0);
    let kit = std::fs::read_to_string(site.root.join("kit/ann-active/index.html")).unwrap();
    assert!(
        kit.contains("With my link you get 20% off your first year."),
        "{kit}"
    );
    assert!(
        kit.contains("<dd>20% off</dd>"),
        "the offer's list keeps the label"
    );
    let index = site.read("index.html");
    assert!(
        index.contains("Earn $50 for every customer you refer."),
        "{index}"
    );
    assert!(index.contains("Refer customers to Mini and earn $50 for every customer you refer."));
}
