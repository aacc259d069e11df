//! A site's own brand from tailor.yaml and files in its folder: a logo in
//! the header of every page, affiliates' photos made square and small,
//! published fingerprinted, drawn again only when their file changes.

use crate::support::*;

fn img<'a>(html: &'a str, class: &str) -> Option<&'a str> {
    let at = html.find(&format!("<img class=\"{class}"))?;
    Some(&html[at..at + html[at..].find('>')? + 1])
}

fn src(tag: &str) -> &str {
    let at = tag.find("src=\"").expect("src") + 5;
    &tag[at..at + tag[at..].find('"').unwrap()]
}

#[test]
fn logo_and_photos_reach_every_page_that_shows_them() {
    let site = fixture("brand");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (page, _) in site.html_files() {
        let html = site.read(&page);
        let logo = img(&html, "brand__logo").unwrap_or_else(|| panic!("{page} has no logo"));
        assert!(logo.contains("alt=\"Brightdesk\""), "{logo}");
        assert!(logo.contains("width=\"160\" height=\"32\""), "{logo}");
        assert!(src(logo).starts_with("/assets/brand/logo."), "{logo}");
    }
    let logo = site.read("index.html");
    let logo = src(img(&logo, "brand__logo").unwrap()).trim_start_matches('/');
    assert_eq!(
        std::fs::read(site.out().join(logo)).unwrap(),
        std::fs::read(site.root.join("brand/logo.svg")).unwrap()
    );

    // With a message, the photo is beside it; without, beside the eyebrow.
    let ann = site.read("ann-active/index.html");
    let ann_photo = src(img(&ann, "note__avatar avatar").expect("Ann's photo")).to_string();
    // An address of the product in a note is a link with Ann's code; any
    // other stays text.
    assert!(
        ann.contains("<a href=\"https://app.brightdesk.example/signup?ref=ann&amp;"),
        "{ann}"
    );
    assert!(
        ann.contains("or read https://reviews.example/brightdesk.</p>"),
        "{ann}"
    );
    let bo = site.read("bo-bright/index.html");
    let bo_photo = src(img(&bo, "avatar").expect("Bo's photo")).to_string();
    assert!(!site.read("cy-plain/index.html").contains("class=\"avatar"));
    for photo in [&ann_photo, &bo_photo] {
        assert!(photo.starts_with("/assets/photos/") && photo.ends_with(".jpg"));
        let bytes = std::fs::read(site.out().join(photo.trim_start_matches('/'))).unwrap();
        let mut decoder = jpeg_decoder::Decoder::new(&bytes[..]);
        decoder.decode().unwrap();
        let info = decoder.info().unwrap();
        assert_eq!((info.width, info.height), (192, 192), "{photo}");
        assert!(bytes.len() < 30_000, "{photo}: {} bytes", bytes.len());
    }

    // Nothing changed: nothing drawn again, the same names.
    let again = site.run(&["build"]);
    let said = format!("{}{}", again.stdout, again.stderr);
    assert!(said.contains(" 0 files written"), "{said}");
    // Ann's picture changed: her photo has a new name, Bo's is kept.
    let mut jpeg = std::fs::read(site.root.join("photos/ann.jpg")).unwrap();
    jpeg.extend_from_slice(b"\0");
    std::fs::write(site.root.join("photos/ann.jpg"), jpeg).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ann2 = site.read("ann-active/index.html");
    assert_ne!(src(img(&ann2, "note__avatar avatar").unwrap()), ann_photo);
    let bo2 = site.read("bo-bright/index.html");
    assert_eq!(src(img(&bo2, "avatar").unwrap()), bo_photo);
    assert!(!site.out().join(ann_photo.trim_start_matches('/')).exists());
}

#[test]
fn a_photo_or_logo_that_cannot_be_shown_is_an_error_at_its_line() {
    let site = fixture("brand");
    let yaml = site.read_src("affiliates.yaml");
    site.write(
        "affiliates.yaml",
        &yaml
            .replace("photos/ann.jpg", "https://cdn.example/ann.jpg")
            .replace("photos/bo.png", "photos/missing.png"),
    );
    site.write("affiliates.yaml", &format!(
        "{}- name: Di Broken\n  segment: alpha\n  photo: photos/broken.png\n- name: Ed Escape\n  segment: alpha\n  photo: ../secret.jpg\n",
        site.read_src("affiliates.yaml")
    ));
    site.write("photos/broken.png", "not a picture");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let errors = run.errors();
    let expected = [
        "error: affiliates.yaml:4:10: photo \"https://cdn.example/ann.jpg\" is not a file in the site's folder",
        "error: affiliates.yaml:8:10: photo \"photos/missing.png\" does not exist",
        "error: affiliates.yaml:16:10: photo \"../secret.jpg\" is outside the site's folder",
    ];
    for e in expected {
        assert!(
            errors.iter().any(|l| l.starts_with(e)),
            "missing {e} in\n{}",
            run.stderr
        );
    }
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &config.replace("brand/logo.svg", "brand/logo.gif"),
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr
            .contains("error: tailor.yaml:13:9: brand.logo: cannot read \"brand/logo.gif\""),
        "{}",
        run.stderr
    );
    site.write(
        "brand/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>",
    );
    site.write("tailor.yaml", &config);
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains(
            "error: tailor.yaml:13:9: brand.logo: \"brand/logo.svg\" cannot be read as a picture"
        ),
        "{}",
        run.stderr
    );
    site.write(
        "brand/logo.svg",
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/brand/brand/logo.svg",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    );
    // A file that is no picture is found when it is drawn.
    site.write(
        "affiliates.yaml",
        &yaml.replace("photos/bo.png", "photos/broken.png"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: affiliates.yaml:8:10: photo \"photos/broken.png\" is not a JPEG or PNG picture"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}

/// The colour of the card's background near its top edge.
fn card_top(site: &Site, page: &str) -> [u8; 3] {
    let html = site.read(page);
    let at = html.find("og:image\" content=\"").expect("og:image") + 19;
    let url = &html[at..at + html[at..].find('"').unwrap()];
    let file = url.split_once("/cards/").unwrap().1;
    let bytes = std::fs::read(site.out().join("cards").join(file)).unwrap();
    let mut decoder = jpeg_decoder::Decoder::new(&bytes[..]);
    let pixels = decoder.decode().unwrap();
    let at = (8 * 1200 + 600) * 3;
    [pixels[at], pixels[at + 1], pixels[at + 2]]
}

#[test]
fn cards_take_the_sites_brand_colour_or_keep_the_themes() {
    let site = fixture("brand");
    assert_eq!(site.run(&["build"]).code, 0);
    let [r, g, b] = card_top(&site, "bo-bright/index.html");
    assert!(
        g > r + 20 && g > b + 10,
        "#0b6e4f-ish green, got {r},{g},{b}"
    );
    let theme = fixture("minimal");
    assert_eq!(theme.run(&["build"]).code, 0);
    let [r, g, b] = card_top(&theme, "ann-active/index.html");
    assert!(b > g + 40 && b > r, "the theme's indigo, got {r},{g},{b}");
}

/// The card of `page`, decoded: 1200x630 RGB.
fn card_pixels(site: &Site, page: &str) -> (String, Vec<u8>) {
    let html = site.read(page);
    let at = html.find("og:image\" content=\"").expect("og:image") + 19;
    let url = &html[at..at + html[at..].find('"').unwrap()];
    let file = url.split_once("/cards/").unwrap().1.to_string();
    let bytes = std::fs::read(site.out().join("cards").join(&file)).unwrap();
    let pixels = jpeg_decoder::Decoder::new(&bytes[..]).decode().unwrap();
    (file, pixels)
}

#[test]
fn cards_show_the_logo_and_a_new_logo_draws_them_again() {
    let site = fixture("brand");
    assert_eq!(site.run(&["build"]).code, 0);
    let (before, pixels) = card_pixels(&site, "bo-bright/index.html");
    let rgb = |x: usize, y: usize| {
        let at = (y * 1200 + x) * 3;
        (
            i32::from(pixels[at]),
            i32::from(pixels[at + 1]),
            i32::from(pixels[at + 2]),
        )
    };
    // The logo (160x32, shown 280x56 from x 80, centred on y 106) sits on
    // white, where the theme's picture mark and name would be drawn on the
    // brand's green.
    let (r, g, b) = rgb(74, 106);
    assert!(
        r > 240 && g > 240 && b > 240,
        "white behind the logo, got {r},{g},{b}"
    );
    // Its green square, then its name in navy (#12203a): navy pixels
    // (blue over green) are the logo's, the card itself is green.
    let (r, g, b) = rgb(86, 106);
    assert!(
        g > r + 50 && g > b + 10,
        "the logo's green square, got {r},{g},{b}"
    );
    let navy = (130..360)
        .flat_map(|x| (90..122).map(move |y| (x, y)))
        .filter(|&(x, y)| {
            let (r, g, b) = rgb(x, y);
            b > g + 10 && r < 80 && g < 90
        })
        .count();
    assert!(navy > 300, "the logo's name is drawn: {navy} navy pixels");
    // A new logo is a new card.
    let logo = site.read_src("brand/logo.svg");
    site.write("brand/logo.svg", &logo.replace("#12203a", "#3b0764"));
    assert_eq!(site.run(&["build"]).code, 0);
    let (after, _) = card_pixels(&site, "bo-bright/index.html");
    assert_ne!(before, after, "the logo is part of the card's hash");
}

#[test]
fn the_kit_is_in_the_brand_s_colours_with_its_logo() {
    let site = fixture("brand");
    let run = site.run(&["kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let kit = std::fs::read_to_string(site.root.join("kit/bo-bright/index.html")).unwrap();
    assert!(kit.contains("--brand:#0b6e4f;"), "the brand's colour");
    // The logo travels with the kit (opened from a folder as well as
    // published): the file's own bytes, in a data: URL.
    let at = kit
        .find("<p class=\"logo\"><img ")
        .expect("the logo in the kit's header")
        + "<p class=\"logo\">".len();
    let tag = &kit[at..at + kit[at..].find('>').unwrap() + 1];
    let encoded = src(tag)
        .strip_prefix("data:image/svg+xml;base64,")
        .expect("an SVG data: URL");
    let logo = std::fs::read(site.root.join("brand/logo.svg")).unwrap();
    assert_eq!(encoded.len(), logo.len().div_ceil(3) * 4, "the whole file");
    // 160x32, shown 32 px high.
    assert!(
        tag.contains("alt=\"Brightdesk\" width=\"160\" height=\"32\""),
        "{tag}"
    );
}
