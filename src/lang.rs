//! Languages: tags, names, and dates written the way each language writes
//! them. The material tailor was designed from was written in English,
//! German, Russian, Turkish and Lithuanian; those are spelled out here, and
//! other languages fall back to ISO dates.

use crate::date::Date;

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

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
/// Russian months in the genitive, as dates use them.
const RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];
const TR: [&str; 12] = [
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
    "Kasım", "Aralık",
];
/// Lithuanian months in the genitive, as dates use them.
const LT: [&str; 12] = [
    "sausio",
    "vasario",
    "kovo",
    "balandžio",
    "gegužės",
    "birželio",
    "liepos",
    "rugpjūčio",
    "rugsėjo",
    "spalio",
    "lapkričio",
    "gruodžio",
];

/// A date as a reader of `lang` expects it.
pub fn format_date(date: &Date, lang: &str) -> String {
    let (y, m, d) = (date.year(), usize::from(date.month() - 1), date.day());
    match primary(lang) {
        "en" => format!("{} {d}, {y}", EN[m]),
        "de" => format!("{d}. {} {y}", DE[m]),
        "ru" => format!("{d} {} {y} г.", RU[m]),
        "tr" => format!("{d} {} {y}", TR[m]),
        "lt" => format!("{y} m. {} {d} d.", LT[m]),
        _ => date.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            ("ru", "1 марта 2024 г."),
            ("tr", "1 Mart 2024"),
            ("lt", "2024 m. kovo 1 d."),
            ("fi", "2024-03-01"),
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
