//! A segment's or a case study's text in one language, resolved in one
//! place: each field is its translation's where the translation has it,
//! and otherwise the original's, in the site's default language. Pages,
//! social cards, meta descriptions and the translation coverage report
//! all read texts through here, so they agree on which text a visitor
//! sees and in which language it is.

use super::translation::{CaseStudyText, OfferLabels, SegmentText};
use super::{CaseStudy, CaseStudyId, Content, Segment, SegmentId};

/// A text and the language it is in: the one asked for, or the default
/// one it fell back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text<'a> {
    pub text: &'a str,
    pub lang: &'a str,
}

/// Resolves one field.
struct Fallback<'a> {
    lang: &'a str,
    default: &'a str,
}

impl<'a> Fallback<'a> {
    fn pick(&self, translated: Option<&'a str>, original: &'a str) -> Text<'a> {
        match translated {
            Some(text) => Text {
                text,
                lang: self.lang,
            },
            None => Text {
                text: original,
                lang: self.default,
            },
        }
    }
}

/// A segment's text in one language.
#[derive(Debug, Clone, Copy)]
pub struct SegmentIn<'a> {
    pub segment: &'a Segment,
    /// Its translation into the language, if it has one.
    pub translation: Option<&'a SegmentText>,
    /// The language asked for.
    pub lang: &'a str,
    pub name: Text<'a>,
    pub headline: Text<'a>,
    pub subheadline: Option<Text<'a>>,
    pub body_html: Text<'a>,
    pub description: Option<Text<'a>>,
}

impl<'a> SegmentIn<'a> {
    /// How the language writes a pain point or use case, when the
    /// translation says (`tags:` in it, matched as tags are matched).
    pub fn tag(&self, id: &str) -> Option<&'a str> {
        let key = crate::slug::tag_key(id);
        self.translation?
            .tags
            .iter()
            .find(|(k, _)| crate::slug::tag_key(k) == key)
            .map(|(_, label)| label.as_str())
    }

    /// The offer's labels in the language, when the translation has them.
    pub fn offer_labels(&self) -> Option<&'a OfferLabels> {
        self.translation.map(|t| &t.offer)
    }

    /// The text fields that show the default language's text though the
    /// segment has a translation into this one: what it leaves out.
    pub fn untranslated(&self) -> Vec<&'static str> {
        if self.translation.is_none() {
            return Vec::new();
        }
        let fell_back = |t: Option<Text<'_>>| t.is_some_and(|t| t.lang != self.lang);
        let body = (!self.segment.body_html.is_empty()).then_some(self.body_html);
        [
            ("name", Some(self.name)),
            ("headline", Some(self.headline)),
            ("subheadline", self.subheadline),
            ("body", body),
            ("description", self.description),
        ]
        .into_iter()
        .filter(|&(_, t)| fell_back(t))
        .map(|(field, _)| field)
        .collect()
    }
}

/// A case study's text in one language.
#[derive(Debug, Clone, Copy)]
pub struct CaseStudyIn<'a> {
    pub case_study: &'a CaseStudy,
    /// Its translation into the language, if it has one.
    pub translation: Option<&'a CaseStudyText>,
    /// The language asked for.
    pub lang: &'a str,
    pub default: &'a str,
    pub title: Text<'a>,
    pub excerpt_html: Text<'a>,
    pub body_html: Text<'a>,
    pub quote: Option<Text<'a>>,
    pub quote_role: Option<Text<'a>>,
}

impl<'a> CaseStudyIn<'a> {
    /// The metrics' labels, in the language when the translation has
    /// them, and the language they are in.
    pub fn metric_labels(&self) -> (Option<&'a [String]>, &'a str) {
        match self.translation.and_then(|t| t.metric_labels.as_deref()) {
            Some(labels) => (Some(labels), self.lang),
            None => (None, self.default),
        }
    }

    /// Metric `n`'s label and value: the translation's where it gives
    /// them (a value only when it is words), else the original's.
    pub fn metric(&self, n: usize) -> Option<(&'a str, &'a str)> {
        let m = self.case_study.metrics.get(n)?;
        let label = self
            .metric_labels()
            .0
            .and_then(|l| l.get(n))
            .map_or(m.label.as_str(), String::as_str);
        let value = self
            .translation
            .and_then(|t| t.metric_values.get(n))
            .and_then(Option::as_deref)
            .unwrap_or(&m.value);
        Some((label, value))
    }

    /// What a search result shows for the page: a description, else a
    /// summary, the translation's before the original's; `None` when
    /// neither is written (the page then describes itself by its excerpt).
    pub fn description(&self) -> Option<&'a str> {
        let t = self.translation;
        let c = self.case_study;
        t.and_then(|t| t.description.as_deref().or(t.summary.as_deref()))
            .or(c.description.as_deref())
            .or(c.summary.as_deref())
    }

    /// The text fields that show the default language's text though the
    /// case study has a translation into this one.
    pub fn untranslated(&self) -> Vec<&'static str> {
        let Some(t) = self.translation else {
            return Vec::new();
        };
        let c = self.case_study;
        let fell_back = |t: Option<Text<'_>>| t.is_some_and(|t| t.lang != self.lang);
        let body = (!c.body_html.is_empty()).then_some(self.body_html);
        let mut out: Vec<&'static str> = [
            ("title", Some(self.title)),
            ("body", body),
            ("quote", self.quote),
        ]
        .into_iter()
        .filter(|&(_, t)| fell_back(t))
        .map(|(field, _)| field)
        .collect();
        if !c.metrics.is_empty() && t.metric_labels.is_none() {
            out.push("metrics");
        }
        if c.description.is_some() && t.description.is_none() {
            out.push("description");
        }
        out
    }
}

impl Content {
    /// Segment `i`'s text in `lang`, falling back to `default` (the
    /// site's default language) field by field.
    pub fn segment_in<'a>(
        &'a self,
        i: SegmentId,
        lang: &'a str,
        default: &'a str,
    ) -> SegmentIn<'a> {
        let s = &self.segments[i];
        let t = self
            .translations
            .segments
            .get(&(s.id.clone(), lang.to_string()));
        let f = Fallback { lang, default };
        SegmentIn {
            segment: s,
            translation: t,
            lang,
            name: f.pick(t.and_then(|t| t.name.as_deref()), &s.name),
            headline: f.pick(t.and_then(|t| t.headline.as_deref()), &s.headline),
            subheadline: s
                .subheadline
                .as_deref()
                .map(|o| f.pick(t.and_then(|t| t.subheadline.as_deref()), o)),
            body_html: f.pick(t.and_then(|t| t.body_html.as_deref()), &s.body_html),
            description: s
                .description
                .as_deref()
                .map(|o| f.pick(t.and_then(|t| t.description.as_deref()), o)),
        }
    }

    /// Case study `i`'s text in `lang`, falling back to `default` field
    /// by field.
    pub fn case_study_in<'a>(
        &'a self,
        i: CaseStudyId,
        lang: &'a str,
        default: &'a str,
    ) -> CaseStudyIn<'a> {
        let c = &self.case_studies[i];
        let t = self
            .translations
            .case_studies
            .get(&(c.slug.clone(), lang.to_string()));
        let f = Fallback { lang, default };
        CaseStudyIn {
            case_study: c,
            translation: t,
            lang,
            default,
            title: f.pick(t.and_then(|t| t.title.as_deref()), &c.title),
            excerpt_html: f.pick(t.and_then(|t| t.excerpt_html.as_deref()), &c.excerpt_html),
            body_html: f.pick(t.and_then(|t| t.body_html.as_deref()), &c.body_html),
            quote: c
                .quote
                .as_ref()
                .map(|q| f.pick(t.and_then(|t| t.quote_text.as_deref()), &q.text)),
            quote_role: c
                .quote
                .as_ref()
                .and_then(|q| q.role.as_deref())
                .map(|r| f.pick(t.and_then(|t| t.quote_role.as_deref()), r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Quote;
    use crate::content::case_study::Metric;
    use crate::content::translation::Translations;

    fn content() -> Content {
        let segment = Segment {
            id: "fintech".into(),
            file: "segments/fintech.yaml".into(),
            name: "Fintech teams".into(),
            niche: Some("fintech".into()),
            channel: None,
            pain_points: vec!["churn".into(), "Late invoices".into()],
            use_cases: vec![],
            headline: "Keep your customers".into(),
            subheadline: Some("Sub".into()),
            body_html: "<p>Body</p>".into(),
            body_marked: String::new(),
            description: None,
            pins: None,
            pin_pos: vec![],
            incentive: None,
            incentive_pos: None,
            draft: false,
        };
        let case_study = CaseStudy {
            slug: "acme".into(),
            file: "content/case-studies/acme.md".into(),
            title: "Acme".into(),
            customer: "Acme".into(),
            niche: None,
            channel: None,
            pain_points: vec![],
            use_cases: vec![],
            metrics: vec![
                Metric {
                    label: "Time saved".into(),
                    value: "1 day".into(),
                },
                Metric {
                    label: "Churn".into(),
                    value: "-12%".into(),
                },
            ],
            quote: Some(Quote {
                text: "Great".into(),
                author: "Ann".into(),
                role: Some("CEO".into()),
            }),
            date: crate::date::Date::parse("2024-03-01").unwrap(),
            draft: false,
            summary: Some("Summary".into()),
            description: Some("Description".into()),
            body_html: "<p>Body</p>".into(),
            body_marked: String::new(),
            excerpt_html: "<p>Excerpt</p>".into(),
            excerpt_marked: String::new(),
        };
        let mut translations = Translations::default();
        translations.segments.insert(
            ("fintech".into(), "de".into()),
            SegmentText {
                file: "segments/fintech.de.yaml".into(),
                name: None,
                headline: Some("Behalten Sie Ihre Kunden".into()),
                subheadline: None,
                body_html: None,
                body_marked: None,
                description: Some("ignored: the original has none".into()),
                tags: [("late_invoices".to_string(), "Späte Rechnungen".to_string())].into(),
                offer: OfferLabels::default(),
            },
        );
        translations.case_studies.insert(
            ("acme".into(), "de".into()),
            CaseStudyText {
                file: "content/case-studies/acme.de.md".into(),
                title: Some("Acme auf Deutsch".into()),
                summary: Some("Zusammenfassung".into()),
                description: None,
                quote_text: Some("Großartig".into()),
                quote_role: None,
                metric_labels: Some(vec!["Gesparte Zeit".into(), "Abwanderung".into()]),
                metric_values: vec![Some("1 Tag".into()), None],
                body_html: None,
                excerpt_html: Some("<p>Auszug</p>".into()),
                body_marked: None,
                excerpt_marked: None,
            },
        );
        Content {
            segments: vec![segment],
            case_studies: vec![case_study],
            translations,
            ..Content::default()
        }
    }

    #[test]
    fn a_segment_falls_back_field_by_field_and_says_in_which_language() {
        let c = content();
        let de = c.segment_in(SegmentId(0), "de", "en");
        let t = |text, lang| Text { text, lang };
        assert_eq!(de.name, t("Fintech teams", "en"));
        assert_eq!(de.headline, t("Behalten Sie Ihre Kunden", "de"));
        assert_eq!(de.subheadline, Some(t("Sub", "en")));
        assert_eq!(de.body_html, t("<p>Body</p>", "en"));
        // A field the original does not have is not shown in any language.
        assert_eq!(de.description, None);
        assert_eq!(de.untranslated(), ["name", "subheadline", "body"]);
        // Tags match as tags do: case and separators aside.
        assert_eq!(de.tag("Late invoices"), Some("Späte Rechnungen"));
        assert_eq!(de.tag("churn"), None);
        // Without a translation every field is the default language's, and
        // nothing is reported as left out.
        let fr = c.segment_in(SegmentId(0), "fr", "en");
        assert_eq!(fr.headline, t("Keep your customers", "en"));
        assert!(fr.untranslated().is_empty() && fr.offer_labels().is_none());
        let en = c.segment_in(SegmentId(0), "en", "en");
        assert_eq!(en.name, t("Fintech teams", "en"));
    }

    #[test]
    fn a_case_study_falls_back_field_by_field() {
        let c = content();
        let de = c.case_study_in(CaseStudyId(0), "de", "en");
        let t = |text, lang| Text { text, lang };
        assert_eq!(de.title, t("Acme auf Deutsch", "de"));
        assert_eq!(de.excerpt_html, t("<p>Auszug</p>", "de"));
        assert_eq!(de.body_html, t("<p>Body</p>", "en"));
        assert_eq!(de.quote, Some(t("Großartig", "de")));
        assert_eq!(de.quote_role, Some(t("CEO", "en")));
        assert_eq!(de.metric(0), Some(("Gesparte Zeit", "1 Tag")));
        assert_eq!(de.metric(1), Some(("Abwanderung", "-12%")));
        assert_eq!(de.metric(2), None);
        assert_eq!(de.metric_labels().1, "de");
        // The translation's summary comes before the original's
        // description: the visitor's language first.
        assert_eq!(de.description(), Some("Zusammenfassung"));
        assert_eq!(de.untranslated(), ["body", "description"]);
        let fr = c.case_study_in(CaseStudyId(0), "fr", "en");
        assert_eq!(fr.description(), Some("Description"));
        assert_eq!(fr.metric(0), Some(("Time saved", "1 day")));
        assert_eq!(fr.metric_labels().1, "en");
    }
}
