//! Social cards in the plan: what each card shows, and the file it is
//! published as.
//!
//! A card's file name carries a hash of everything it shows and of the
//! theme's card design (template, fonts, text), so a card whose name is in
//! the previous output is that very picture: it is linked from there,
//! never drawn again.

use serde::Serialize;

use super::{
    Active, AffiliatePlan, Artifact, ArtifactId, Artifacts, CardId, Kind, Output, SegmentPlan,
};
use crate::config::Config;
use crate::content::{Content, SegmentId};
use crate::lang::{Lang, PerLang};
use crate::offer::Incentive;

/// Output folder of the cards.
pub const DIR: &str = "cards";

/// Everything a card shows: the `card` value of the theme's `card.svg`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CardData {
    /// `affiliate` or `segment`.
    pub kind: &'static str,
    pub lang: String,
    /// The affiliate's name, first name and company.
    pub name: Option<String>,
    pub first_name: Option<String>,
    pub company: Option<String>,
    /// The segment's name and headline, in the card's language.
    pub segment: String,
    pub headline: String,
    /// What the referred customer gets, what the affiliate gets, its cap.
    pub offer: Option<String>,
    pub reward: Option<String>,
    pub cap: Option<String>,
    /// The site's name and host.
    pub brand: String,
    pub host: String,
    /// `brand.colors.brand` of tailor.yaml and a darker shade of it
    /// (`#rrggbb`), when the site sets it; the theme's colours otherwise.
    pub color: Option<String>,
    pub color_dark: Option<String>,
}

#[derive(Debug)]
pub struct CardPlan {
    pub data: CardData,
    pub artifact: ArtifactId,
    /// The active affiliate it is for; `None` for a segment's.
    pub affiliate: Option<super::Active>,
}

impl CardData {
    pub fn new(
        kind: &'static str,
        lang: &str,
        segment: (&str, &str),
        offer: &Incentive,
        brand: &str,
        host: &str,
    ) -> CardData {
        CardData {
            kind,
            lang: lang.to_string(),
            name: None,
            first_name: None,
            company: None,
            segment: segment.0.to_string(),
            headline: segment.1.to_string(),
            offer: offer.referred.as_ref().map(|o| o.label.clone()),
            reward: offer.referrer.as_ref().map(|o| o.label.clone()),
            cap: offer.cap.clone(),
            brand: brand.to_string(),
            host: host.to_string(),
            color: None,
            color_dark: None,
        }
    }

    /// The same card in the site's colours, `[brand, darker]`.
    pub fn in_colors(mut self, colors: Option<&[String; 2]>) -> CardData {
        if let Some([color, dark]) = colors {
            self.color = Some(color.clone());
            self.color_dark = Some(dark.clone());
        }
        self
    }

    /// The card's file: `cards/<stem>.<hash>.jpg`, the hash of the design
    /// and of what the card shows.
    pub fn output(&self, stem: &str, design: &str) -> Output {
        let mut hasher = blake3::Hasher::new();
        hasher.update(design.as_bytes());
        // Every field, each with its length first, so that no two cards
        // hash alike by moving text from one field to the next.
        let CardData {
            kind,
            lang,
            name,
            first_name,
            company,
            segment,
            headline,
            offer,
            reward,
            cap,
            brand,
            host,
            color,
            color_dark,
        } = self;
        let mut field = |text: Option<&str>| match text {
            Some(t) => {
                hasher.update(&(t.len() as u64).to_le_bytes());
                hasher.update(t.as_bytes());
            }
            None => {
                hasher.update(&u64::MAX.to_le_bytes());
            }
        };
        for text in [
            Some(*kind),
            Some(lang),
            Some(segment),
            Some(headline),
            Some(brand),
            Some(host),
        ] {
            field(text);
        }
        for text in [
            name, first_name, company, offer, reward, cap, color, color_dark,
        ] {
            field(text.as_deref());
        }
        let hash = hasher.finalize().to_hex();
        Output::file(&format!("{DIR}/{stem}.{}.jpg", &hash[..12]))
    }
}

/// Adds a card artifact for `data`; returns its id.
pub(super) fn add(
    artifacts: &mut Artifacts<'_>,
    cards: &mut Vec<CardPlan>,
    data: CardData,
    stem: &str,
    design: &str,
    lang: Lang,
    affiliate: Option<super::Active>,
) -> CardId {
    let out = data.output(stem, design);
    push(artifacts, cards, data, out, lang, affiliate)
}

/// Adds a card artifact whose file is decided; returns its id.
pub(super) fn push(
    artifacts: &mut Artifacts<'_>,
    cards: &mut Vec<CardPlan>,
    data: CardData,
    out: Output,
    lang: Lang,
    affiliate: Option<super::Active>,
) -> CardId {
    let artifact = ArtifactId(artifacts.list.len());
    artifacts.list.push(Artifact {
        kind: Kind::Card(CardId(cards.len())),
        out,
        lang,
        indexable: false,
    });
    cards.push(CardPlan {
        data,
        artifact,
        affiliate,
    });
    CardId(cards.len() - 1)
}

/// A social card for every segment page and every active affiliate, drawn
/// by `design`; each adds its artifact.
pub(super) fn plan(
    config: &Config,
    content: &Content,
    segments: &mut [SegmentPlan],
    affiliates: &mut [AffiliatePlan],
    design: &str,
    artifacts: &mut Artifacts<'_>,
) -> Vec<CardPlan> {
    let locales = &config.locales;
    let mut card_plans = Vec::new();
    {
        let host = config.base_url.host_str().unwrap_or_default().to_string();
        let texts = |i: SegmentId, lang: &str| {
            let view = content.segment_in(i, lang, locales.default_lang());
            (view.name.text.to_string(), view.headline.text.to_string())
        };
        for (i, plan) in segments.iter_mut().enumerate() {
            plan.cards = PerLang::from_fn(locales.len(), |_| None);
            for (li, page) in plan.pages.with_langs() {
                if page.is_none() {
                    continue;
                }
                let (name, headline) = texts(SegmentId(i), &locales[li]);
                let data = CardData::new(
                    "segment",
                    &locales[li],
                    (&name, &headline),
                    &plan.offers[li],
                    &config.name,
                    &host,
                )
                .in_colors(config.brand_colors.as_ref());
                let stem = format!("for-{}-{}", content.segments[i].id, locales[li]);
                plan.cards[li] = Some(add(
                    artifacts,
                    &mut card_plans,
                    data,
                    &stem,
                    design,
                    li,
                    None,
                ));
            }
        }
        // What each affiliate's card shows, and its file, in parallel: a
        // hash per card.
        use rayon::prelude::*;
        let made: Vec<(CardData, Output)> = affiliates
            .par_iter()
            .map(|plan| {
                let a = &content.affiliates[plan.affiliate];
                let lang = &locales[plan.lang];
                let (name, headline) = texts(plan.segment, lang);
                let mut data = CardData::new(
                    "affiliate",
                    lang,
                    (&name, &headline),
                    &plan.offer,
                    &config.name,
                    &host,
                )
                .in_colors(config.brand_colors.as_ref());
                data.first_name = Some(a.first_name().to_string());
                data.name = Some(a.name.clone());
                data.company = a.company.clone();
                let out = data.output(&a.slug, design);
                (data, out)
            })
            .collect();
        for (n, (plan, (data, out))) in affiliates.iter_mut().zip(made).enumerate() {
            plan.card = Some(push(
                artifacts,
                &mut card_plans,
                data,
                out,
                plan.lang,
                Some(Active(n)),
            ));
        }
    }
    card_plans
}
