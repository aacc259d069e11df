//! Offers: what the referrer and the referred customer get, and how a
//! segment or an affiliate overrides parts of the site's offer, in each
//! language. A leaf: `config`, `content` and `plan` use it; it uses none
//! of them.

use serde::{Deserialize, Serialize};

/// A double-sided offer; every part may be overridden per segment and
/// per affiliate.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Incentive {
    /// What the affiliate gets.
    pub referrer: Option<Offer>,
    /// What the referred customer gets.
    pub referred: Option<Offer>,
    /// Limit shown beside the referrer's reward.
    pub cap: Option<String>,
}

impl Incentive {
    /// `self` with every part that `over` sets replaced.
    pub fn overridden_by(&self, over: Option<&Incentive>) -> Incentive {
        let Some(over) = over else {
            return self.clone();
        };
        Incentive {
            referrer: over.referrer.clone().or_else(|| self.referrer.clone()),
            referred: over.referred.clone().or_else(|| self.referred.clone()),
            cap: over.cap.clone().or_else(|| self.cap.clone()),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// The offer as a heading or a button says it: "First month free".
    pub label: String,
    /// The offer as a sentence says it, after "you get": "your first month
    /// free". Without one, sentences frame the label as a label ("Your
    /// offer: First month free"), never paste it mid-sentence.
    #[serde(default)]
    pub phrase: Option<String>,
    /// Money value, used by the incentive guardrail.
    pub value: Option<f64>,
}

impl Offer {
    /// The text key a theme sentence about this offer takes, and the text
    /// it fills in: `key` with the phrase when the offer has one, else
    /// `key_label` (the sentence that frames a label) with the label.
    pub fn sentence<'a>(&'a self, key: &str) -> (String, &'a str) {
        match &self.phrase {
            Some(phrase) => (key.to_string(), phrase.as_str()),
            None => (format!("{key}_label"), self.label.as_str()),
        }
    }
}

/// Translated labels of an offer.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfferLabels {
    pub referrer: Option<String>,
    pub referred: Option<String>,
    pub cap: Option<String>,
    /// The phrase forms of the two offers in the language.
    pub referrer_phrase: Option<String>,
    pub referred_phrase: Option<String>,
}

impl Incentive {
    /// The offer with its labels in a language; its values stay.
    pub fn localized(&self, labels: Option<&OfferLabels>) -> Incentive {
        let Some(labels) = labels else {
            return self.clone();
        };
        // A phrase is the language's own, or the original's when the
        // label is the original's too: a translated label never takes the
        // phrase of another language.
        let relabel = |o: &Option<Offer>, label: &Option<String>, phrase: &Option<String>| {
            o.as_ref().map(|o| Offer {
                label: label.clone().unwrap_or_else(|| o.label.clone()),
                phrase: match (label, phrase) {
                    (_, Some(phrase)) => Some(phrase.clone()),
                    (None, None) => o.phrase.clone(),
                    (Some(_), None) => None,
                },
                value: o.value,
            })
        };
        Incentive {
            referrer: relabel(&self.referrer, &labels.referrer, &labels.referrer_phrase),
            referred: relabel(&self.referred, &labels.referred, &labels.referred_phrase),
            cap: self
                .cap
                .as_ref()
                .map(|cap| labels.cap.clone().unwrap_or_else(|| cap.clone())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incentive_override_is_per_part() {
        let site = Incentive {
            referrer: Some(Offer {
                label: "a".into(),
                phrase: None,
                value: Some(1.0),
            }),
            referred: Some(Offer {
                label: "b".into(),
                phrase: None,
                value: None,
            }),
            cap: Some("c".into()),
        };
        let over = Incentive {
            referred: Some(Offer {
                label: "x".into(),
                phrase: None,
                value: None,
            }),
            ..Default::default()
        };
        let got = site.overridden_by(Some(&over));
        assert_eq!(got.referrer, site.referrer);
        assert_eq!(got.referred.unwrap().label, "x");
        assert_eq!(got.cap.as_deref(), Some("c"));
    }

    fn offer(label: &str, value: f64) -> Option<Offer> {
        Some(Offer {
            label: label.into(),
            phrase: None,
            value: Some(value),
        })
    }

    #[test]
    fn offers_are_relabelled_part_by_part_and_keep_their_values() {
        let site = Incentive {
            referrer: offer("$50 per customer", 50.0),
            referred: offer("20% off", 20.0),
            cap: None,
        };
        let de = OfferLabels {
            referrer: Some("50 $ pro Kunde".into()),
            referred: None,
            // No cap to label: a translation cannot add one.
            cap: Some("bis zu 10".into()),
            ..Default::default()
        };
        let got = site.localized(Some(&de));
        assert_eq!(got.referrer, offer("50 $ pro Kunde", 50.0));
        assert_eq!(got.referred, offer("20% off", 20.0));
        assert_eq!(got.cap, None);
        assert_eq!(site.localized(None), site);
    }

    #[test]
    fn a_translated_label_never_takes_another_language_s_phrase() {
        let phrased = |label: &str, phrase: &str| {
            Some(Offer {
                label: label.into(),
                phrase: Some(phrase.into()),
                value: None,
            })
        };
        let site = Incentive {
            referrer: phrased("$50 per customer", "$50 for every customer"),
            referred: phrased("First month free", "your first month free"),
            cap: None,
        };
        let de = OfferLabels {
            referrer: Some("50 $ pro Kunde".into()),
            referred: Some("Erster Monat gratis".into()),
            referred_phrase: Some("den ersten Monat gratis".into()),
            ..Default::default()
        };
        let got = site.localized(Some(&de));
        let referrer = got.referrer.unwrap();
        assert_eq!(referrer.phrase, None);
        assert_eq!(
            referrer.sentence("share_pitch"),
            ("share_pitch_label".to_string(), "50 $ pro Kunde")
        );
        let referred = got.referred.unwrap();
        assert_eq!(
            referred.sentence("share_pitch"),
            ("share_pitch".to_string(), "den ersten Monat gratis")
        );
        // A language without labels of its own keeps the original's pair.
        let fr = OfferLabels::default();
        assert_eq!(site.localized(Some(&fr)), site);
    }
}
