//! Slugs: the URL-safe names of affiliates, derived from their names.
//!
//! Transliteration is by the record's language where a language has its own
//! convention (German writes ü as ue), and by `deunicode` otherwise, so
//! "Jürgen Müller" is `jurgen-muller`, or `juergen-mueller` in German.

/// The longest slug or id tailor accepts: a folder name everywhere the
/// output may be copied to, with room to spare.
pub const MAX_LEN: usize = 100;

/// A slug for `text`, written the way speakers of `lang` would spell it in
/// ASCII, at most [`MAX_LEN`] characters (a long name transliterates to
/// more: one Chinese character to a word). May be empty when `text` has no
/// letters or digits.
pub fn slugify(text: &str, lang: &str) -> String {
    limited(&ascii_words(text, lang), 0)
}

/// `slug` cut to leave `room` characters of [`MAX_LEN`] (for a suffix),
/// without a hyphen at the end.
pub fn limited(slug: &str, room: usize) -> String {
    let max = MAX_LEN.saturating_sub(room);
    match slug.get(..max) {
        Some(head) if slug.len() > max => head.trim_end_matches('-').to_string(),
        _ => slug.to_string(),
    }
}

/// `text` as lowercase ASCII words joined by hyphens, however long.
fn ascii_words(text: &str, lang: &str) -> String {
    let text = match crate::lang::primary(lang) {
        "de" => german(text),
        _ => text.to_string(),
    };
    let ascii = deunicode::deunicode(&text);
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        // Apostrophes join a word: O'Brien, and Russian soft signs (Ol'ga).
        if c == '\'' {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The form in which tags (niches, channels, pain points, use cases) are
/// compared, wherever they are: `Health Scores`, `health scores` and
/// `health-scores` are one tag; `R&D` and `R and D` too; `E-commerce` and
/// `ecommerce`; `Überweisung` and `uberweisung`. A tag with no letters or
/// digits is compared as written, without case.
pub fn tag_key(tag: &str) -> String {
    let key: String = ascii_words(&tag.replace('&', " and "), "en")
        .split('-')
        .collect();
    if key.is_empty() {
        tag.trim().to_lowercase()
    } else {
        key
    }
}

/// What a slug must be, said for `s`, which is not one.
pub fn rule(s: &str) -> String {
    if s.len() > MAX_LEN {
        format!("at most {MAX_LEN} characters")
    } else {
        "lowercase letters, digits and single hyphens".to_string()
    }
}

/// True for `[a-z0-9]` words joined by single hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_LEN
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why a slug cannot name a folder everywhere the output may be copied to,
/// if it cannot: Windows refuses these names, with any extension.
pub fn reserved(slug: &str) -> Option<&'static str> {
    let stem = slug.split('.').next().unwrap_or(slug);
    let device = matches!(stem, "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    device.then_some("is a reserved file name on Windows")
}

fn german(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'Ä' => out.push_str("Ae"),
            'Ö' => out.push_str("Oe"),
            'Ü' => out.push_str("Ue"),
            'ß' => out.push_str("ss"),
            'ẞ' => out.push_str("SS"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_compare_as_people_read_them() {
        for same in [
            ["Health Scores", "health scores", "health-scores"],
            ["R&D", "R and D", "r-and-d"],
            ["E-commerce", "ecommerce", "E commerce"],
            [
                "Sales & Marketing",
                "sales and marketing",
                "Sales-and-Marketing",
            ],
        ] {
            assert_eq!(tag_key(same[0]), tag_key(same[1]), "{same:?}");
            assert_eq!(tag_key(same[0]), tag_key(same[2]), "{same:?}");
        }
        assert_ne!(tag_key("churn"), tag_key("onboarding"));
        assert_eq!(tag_key(" !!! "), "!!!", "no letters: as written");
    }

    #[test]
    fn slugs_by_language() {
        let cases = [
            ("Jürgen Müller", "en", "jurgen-muller"),
            ("Jürgen Müller", "de", "juergen-mueller"),
            ("Jürgen Müller", "de-AT", "juergen-mueller"),
            ("Straße & Söhne GmbH", "de", "strasse-soehne-gmbh"),
            ("Şükrü Yıldız", "tr", "sukru-yildiz"),
            ("İlkay Çelik", "tr", "ilkay-celik"),
            ("Дмитрий Соколов", "ru", "dmitrii-sokolov"),
            ("Žygimantas Šimkus", "lt", "zygimantas-simkus"),
            ("Ąžuolė Vėjūnė", "lt", "azuole-vejune"),
            ("  Jane   O'Doe -- ", "en", "jane-odoe"),
            ("Ольга Петрова", "ru", "olga-petrova"),
            ("Lucía Fernández", "es", "lucia-fernandez"),
            ("!!!", "en", ""),
        ];
        for (name, lang, want) in cases {
            assert_eq!(slugify(name, lang), want, "{name} ({lang})");
        }
    }

    #[test]
    fn reserved_names() {
        for r in ["con", "nul", "com1", "lpt9", "aux"] {
            assert!(reserved(r).is_some(), "{r}");
        }
        for ok in ["console", "com0", "com", "nullable", "jane"] {
            assert!(reserved(ok).is_none(), "{ok}");
        }
    }

    #[test]
    fn slug_shape() {
        assert!(is_slug("jane-doe"));
        assert!(is_slug("a1"));
        for bad in [
            "", "-a", "a-", "a--b", "A", "a_b", "../x", "a/b", "a.b", "é",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// A slug made from any name, in any language, is a valid slug
        /// (so never longer than ids may be) or empty; it never holds a
        /// path separator or a dot.
        #[test]
        fn slugs_are_slugs(name in "\\PC{0,60}", lang in "(en|de|tr|ru|lt|de-AT)") {
            let s = slugify(&name, &lang);
            proptest::prop_assert!(s.is_empty() || is_slug(&s), "{s:?}");
            proptest::prop_assert!(!s.contains(['/', '\\', '.']));
        }
    }
}
