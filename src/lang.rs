//! Languages: the site's languages as typed ids, tags, names, and dates
//! written the way each language writes them (CLDR, through ICU4X).

use crate::date::Date;

/// A language of the site: its place in `Config::locales`, the default
/// language first. Only a `Lang` indexes a [`PerLang`], so a segment's or
/// an artifact's index cannot be given for a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(pub usize);

impl Lang {
    /// The site's default language.
    pub const DEFAULT: Lang = Lang(0);

    pub fn is_default(self) -> bool {
        self == Lang::DEFAULT
    }
}

/// One value for each language of the site, in `Config::locales` order,
/// indexed by [`Lang`].
#[derive(Clone, PartialEq, Eq)]
pub struct PerLang<T>(Vec<T>);

impl<T> PerLang<T> {
    /// A value for each of `langs` languages, made by `f`.
    pub fn from_fn(langs: usize, f: impl FnMut(Lang) -> T) -> Self {
        PerLang((0..langs).map(Lang).map(f).collect())
    }

    pub fn get(&self, lang: Lang) -> Option<&T> {
        self.0.get(lang.0)
    }

    /// The value of the default language.
    pub fn default_lang(&self) -> &T {
        &self.0[0]
    }

    /// Each language with its value, the default first.
    pub fn with_langs(&self) -> impl Iterator<Item = (Lang, &T)> {
        self.0.iter().enumerate().map(|(i, v)| (Lang(i), v))
    }

    pub fn with_langs_mut(&mut self) -> impl Iterator<Item = (Lang, &mut T)> {
        self.0.iter_mut().enumerate().map(|(i, v)| (Lang(i), v))
    }

    /// The values alone, the default language's first.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }

    /// The values alone, the default language's first.
    pub fn as_slice(&self) -> &[T] {
        &self.0
    }

    /// The first language whose value `f` accepts.
    pub fn position(&self, f: impl FnMut(&T) -> bool) -> Option<Lang> {
        self.0.iter().position(f).map(Lang)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn map<U>(&self, mut f: impl FnMut(Lang, &T) -> U) -> PerLang<U> {
        PerLang(self.with_langs().map(|(l, v)| f(l, v)).collect())
    }
}

/// No languages yet: a map to be filled.
impl<T> Default for PerLang<T> {
    fn default() -> Self {
        PerLang(Vec::new())
    }
}

impl<T> FromIterator<T> for PerLang<T> {
    /// The values in `Config::locales` order.
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        PerLang(iter.into_iter().collect())
    }
}

impl<T> std::ops::Index<Lang> for PerLang<T> {
    type Output = T;
    fn index(&self, lang: Lang) -> &T {
        &self.0[lang.0]
    }
}

impl<T> std::ops::IndexMut<Lang> for PerLang<T> {
    fn index_mut(&mut self, lang: Lang) -> &mut T {
        &mut self.0[lang.0]
    }
}

/// Written as the list it is, so that what hashes a plan's `Debug` form
/// (the fingerprints) reads the same as before languages were typed.
impl<T: std::fmt::Debug> std::fmt::Debug for PerLang<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A language tag such as `de` or `pt-BR`, in its canonical form (BCP 47
/// case: `pt-br`, `PT_BR` and `pt-BR` are all `pt-BR`), parsed by ICU4X.
/// `None` when `s` is not one: tailor's tags name a language of two or
/// three letters, optionally with a script, region or variant.
pub fn canonical(s: &str) -> Option<String> {
    let s = s.trim().replace('_', "-");
    let primary = s.split('-').next().unwrap_or("");
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let id = icu_locale_core::LanguageIdentifier::try_from_str(&s).ok()?;
    (!id.language.is_unknown()).then(|| id.to_string())
}

/// `de` of `de-AT` (tags are canonical, so lowercase, by then).
pub fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The direction a language is written in, as HTML's `dir` says it:
/// `rtl` for Arabic, Hebrew, Persian, Urdu and every language CLDR writes
/// right to left by default (ICU4X's likely script), else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    // Compiled data: made without cost, borrowing static tables.
    let directionality = icu_locale::LocaleDirectionality::new_extended();
    let rtl = icu_locale_core::LanguageIdentifier::try_from_str(tag)
        .is_ok_and(|id| directionality.is_right_to_left(&id));
    if rtl { "rtl" } else { "ltr" }
}

/// The language's own name, for language switchers.
pub fn native_name(tag: &str) -> &str {
    match primary(tag) {
        "en" => "English",
        "de" => "Deutsch",
        "ru" => "Русский",
        "tr" => "Türkçe",
        "lt" => "Lietuvių",
        "fr" => "Français",
        "es" => "Español",
        "it" => "Italiano",
        "pl" => "Polski",
        "nl" => "Nederlands",
        "pt" => "Português",
        _ => tag,
    }
}

/// The Open Graph locale (`language_TERRITORY`) of a tag: its own region
/// when it names one (`pt-BR` → `pt_BR`), else the territory where most of
/// the language's readers live; `None` for a language without one here.
pub fn og_locale(tag: &str) -> Option<String> {
    let lang = primary(tag);
    let region = tag
        .split(['-', '_'])
        .skip(1)
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()));
    if let Some(region) = region {
        return Some(format!("{lang}_{}", region.to_ascii_uppercase()));
    }
    let territory = match lang {
        "en" => "US",
        "de" => "DE",
        "ru" => "RU",
        "tr" => "TR",
        "lt" => "LT",
        "lv" => "LV",
        "et" => "EE",
        "fr" => "FR",
        "es" => "ES",
        "it" => "IT",
        "pt" => "PT",
        "nl" => "NL",
        "pl" => "PL",
        "cs" => "CZ",
        "sk" => "SK",
        "uk" => "UA",
        "sv" => "SE",
        "da" => "DK",
        "nb" | "no" => "NO",
        "fi" => "FI",
        "hu" => "HU",
        "ro" => "RO",
        "bg" => "BG",
        "el" => "GR",
        "he" => "IL",
        "ar" => "AR",
        "ja" => "JP",
        "ko" => "KR",
        "zh" => "CN",
        "id" => "ID",
        "vi" => "VN",
        "th" => "TH",
        "hi" => "IN",
        _ => return None,
    };
    Some(format!("{lang}_{territory}"))
}

/// A date as a reader of `lang` expects it: CLDR's long date of the
/// language (ICU4X), "March 5, 2024", "5. März 2024", "5 марта 2024 г.",
/// "5 de março de 2024", "2024年3月5日"; ISO (`2024-03-05`) for a tag ICU4X
/// has no data for.
pub fn format_date(date: &Date, lang: &str) -> String {
    use icu_datetime::FixedCalendarDateTimeFormatter;
    use icu_datetime::fieldsets::YMD;
    let written = |lang: &str| {
        let locale: icu_locale_core::Locale = lang.parse().ok()?;
        let formatter = FixedCalendarDateTimeFormatter::<icu_calendar::Gregorian, YMD>::try_new(
            (&locale).into(),
            YMD::long(),
        )
        .ok()?;
        let day = icu_datetime::input::Date::try_new_gregorian(
            i32::from(date.year()),
            date.month(),
            date.day(),
        )
        .ok()?;
        Some(formatter.format(&day).to_string())
    };
    // ICU4X falls back to the root locale's "2024 M03 1" for a language
    // it has no data for: ISO reads better.
    written(lang)
        .filter(|w| Some(w) != written("und").as_ref())
        .unwrap_or_else(|| date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_are_those_cldr_writes_so() {
        for tag in ["ar", "he", "fa", "ur", "ar-EG", "he-IL", "yi", "ps"] {
            assert_eq!(direction(tag), "rtl", "{tag}");
        }
        for tag in ["en", "de", "ru", "ja", "zh-Hans", "tr", "az-Latn", "pa"] {
            assert_eq!(direction(tag), "ltr", "{tag}");
        }
        // A script in the tag decides: Azerbaijani and Punjabi in Arabic
        // script are right to left.
        assert_eq!(direction("az-Arab"), "rtl");
        assert_eq!(direction("pa-Arab"), "rtl");
    }

    #[test]
    fn a_per_language_map_is_indexed_by_language_in_the_sites_order() {
        let locales: PerLang<String> = ["en", "de", "pt-BR"]
            .map(String::from)
            .into_iter()
            .collect();
        assert_eq!(locales[Lang(2)], "pt-BR");
        assert_eq!(locales.default_lang(), "en");
        assert_eq!(locales.position(|l| l == "de"), Some(Lang(1)));
        assert_eq!(locales.position(|l| l == "fr"), None);
        assert_eq!(locales.get(Lang(3)), None);
        let pages = locales.map(|l, tag| (!l.is_default()).then(|| format!("{tag}/")));
        assert_eq!(
            pages
                .with_langs()
                .filter_map(|(l, p)| Some((l, p.clone()?)))
                .collect::<Vec<_>>(),
            [
                (Lang(1), "de/".to_string()),
                (Lang(2), "pt-BR/".to_string())
            ]
        );
        // Written as the list it is (fingerprints hash this form).
        assert_eq!(format!("{pages:?}"), format!("{:?}", pages.as_slice()));
        let mut empty: PerLang<u8> = PerLang::default();
        assert!(empty.is_empty());
        empty = PerLang::from_fn(2, |l| l.0 as u8);
        assert_eq!(empty.iter().copied().collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn tags_are_canonical() {
        for (written, want) in [
            ("en", Some("en")),
            ("pt-br", Some("pt-BR")),
            ("PT_BR", Some("pt-BR")),
            ("zh-hant-tw", Some("zh-Hant-TW")),
            ("DE-at", Some("de-AT")),
            (" lt ", Some("lt")),
            ("draft", None),
            ("2", None),
            ("e", None),
            ("en--US", None),
            ("und", None),
        ] {
            assert_eq!(canonical(written).as_deref(), want, "{written}");
        }
    }

    #[test]
    fn dates_by_language() {
        let date = Date::parse("2024-03-01").unwrap();
        for (lang, want) in [
            ("en", "March 1, 2024"),
            ("de", "1. März 2024"),
            ("de-AT", "1. März 2024"),
            ("ru", "1 марта 2024\u{202f}г."),
            ("tr", "1 Mart 2024"),
            ("lt", "2024 m. kovo 1 d."),
            ("pt-BR", "1 de março de 2024"),
            ("es", "1 de marzo de 2024"),
            ("fr", "1 mars 2024"),
            ("pl", "1 marca 2024"),
            ("fi", "1. maaliskuuta 2024"),
            ("ja", "2024年3月1日"),
            ("ar", "1 مارس 2024"),
            // No data: ISO.
            ("tlh", "2024-03-01"),
        ] {
            assert_eq!(format_date(&date, lang), want, "{lang}");
        }
    }

    #[test]
    fn open_graph_locales() {
        for (tag, want) in [
            ("en", Some("en_US")),
            ("de", Some("de_DE")),
            ("de-AT", Some("de_AT")),
            ("pt-BR", Some("pt_BR")),
            ("zh-Hant-tw", Some("zh_TW")),
            ("zh-Hant", Some("zh_CN")),
            ("lt", Some("lt_LT")),
            ("xx", None),
        ] {
            assert_eq!(og_locale(tag).as_deref(), want, "{tag}");
        }
    }

    #[test]
    fn tags() {
        for ok in ["en", "de", "de-AT", "pt-BR", "zh-Hant"] {
            assert!(canonical(ok).is_some(), "{ok}");
        }
        for bad in ["", "E", "english", "de-", "1a"] {
            assert!(canonical(bad).is_none(), "{bad}");
        }
        assert_eq!(primary("de-AT"), "de");
        assert_eq!(native_name("lt"), "Lietuvių");
    }
}
