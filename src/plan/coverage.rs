//! What is not translated yet: per language, the segments and case studies
//! without a translation, the fields a translation leaves out, and the
//! theme's text that is missing. `tailor check` lists it; with `--strict`
//! it is an error.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Incentive;
use crate::content::translation::OfferLabels;
use crate::content::{Affiliate, SegmentId};

use crate::diag::Diagnostic;
use crate::i18n::I18n;
use crate::plan::Site;

pub fn missing(site: &Site, i18n: &I18n) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let default = &site.config.locale;
    let t = &site.content.translations;
    if site.config.locales.len() > 1 {
        out.extend(unserved_affiliates(site));
    }
    for lang in site.config.locales.iter().skip(1) {
        let offer = &site.config.incentive;
        let labels = site.config.incentive_labels.get(lang);
        let gaps = offer_gaps(offer, labels);
        if !gaps.is_empty() {
            out.push(
                Diagnostic::warning(
                    crate::config::CONFIG_FILE,
                    format!("{lang}: no text for the offer's {}", gaps.join(", ")),
                )
                .at_pos(site.config.incentive_pos)
                .hint(format!(
                    "add incentive.translations.{lang}; until then the {default} labels are shown"
                )),
            );
        }
        let untranslated: Vec<&str> = site
            .content
            .segments
            .iter()
            .filter(|s| !t.segments.contains_key(&(s.id.clone(), lang.clone())))
            .map(|s| s.id.as_str())
            .collect();
        if !untranslated.is_empty() {
            out.push(
                Diagnostic::warning("segments", format!("{lang}: {} of {} segments have no translation: {}", untranslated.len(), site.content.segments.len(), untranslated.join(", ")))
                    .hint(format!("add segments/<id>.{lang}.yaml; until then {lang} affiliates of these segments get the {default} text")),
            );
        }
        for (i, seg) in site.content.segments.iter().enumerate() {
            let view = site.content.segment_in(SegmentId(i), lang, default);
            let Some(tr) = view.translation else {
                continue;
            };
            let mut gaps: Vec<String> = view.untranslated().into_iter().map(String::from).collect();
            let tags: Vec<&str> = seg
                .pain_points
                .iter()
                .chain(&seg.use_cases)
                .filter(|tag| view.tag(tag).is_none())
                .map(String::as_str)
                .collect();
            if !tags.is_empty() {
                gaps.push(format!("tags {}", tags.join(", ")));
            }
            if let Some(own) = &seg.incentive {
                let offer = offer_gaps(own, Some(&tr.offer));
                if !offer.is_empty() {
                    gaps.push(format!("incentive {}", offer.join(", ")));
                }
            }
            if let Some(d) = gap_warning(&tr.file, lang, default, &gaps) {
                out.push(d);
            }
        }
        let untranslated: Vec<&str> = site
            .content
            .case_studies
            .iter()
            .filter(|c| !t.case_studies.contains_key(&(c.slug.clone(), lang.clone())))
            .map(|c| c.slug.as_str())
            .collect();
        if !untranslated.is_empty() {
            out.push(
                Diagnostic::warning("content/case-studies", format!("{lang}: {} of {} case studies have no translation: {}", untranslated.len(), site.content.case_studies.len(), untranslated.join(", ")))
                    .hint(format!("add content/case-studies/<slug>.{lang}.md; until then {lang} affiliate pages show these in {default}")),
            );
        }
        for i in site.content.case_study_ids() {
            let view = site.content.case_study_in(i, lang, default);
            let Some(tr) = view.translation else {
                continue;
            };
            let gaps: Vec<String> = view.untranslated().into_iter().map(String::from).collect();
            if let Some(d) = gap_warning(&tr.file, lang, default, &gaps) {
                out.push(d);
            }
        }
        // Named where docs/themes.md ("Your own wording") says to write a
        // language the theme lacks: the site's own `i18n/<lang>.yaml`, not
        // the theme's folder.
        let file = Path::new(crate::inputs::SITE_TEXT).join(format!("{lang}.yaml"));
        let theme_file = i18n.dir.join(format!("{default}.yaml"));
        match i18n.untranslated(lang) {
            None => out.push(
                Diagnostic::warning(&file, "the theme has no text in this language").hint(format!(
                    "write it here, key by key as in {}; until then the theme's {default} text is shown",
                    theme_file.display()
                )),
            ),
            Some(keys) if !keys.is_empty() => out.push(
                Diagnostic::warning(
                    &file,
                    format!(
                        "no text for {} key{}: {}",
                        keys.len(),
                        if keys.len() == 1 { "" } else { "s" },
                        keys.join(", ")
                    ),
                )
                .hint(format!(
                    "write them here, as in {}; until then the {default} text is shown",
                    theme_file.display()
                )),
            ),
            Some(_) => {}
        }
    }
    out
}

/// The parts of an offer without a label in `labels`.
fn offer_gaps(offer: &Incentive, labels: Option<&OfferLabels>) -> Vec<&'static str> {
    let empty = OfferLabels::default();
    let labels = labels.unwrap_or(&empty);
    [
        (
            "referrer",
            offer.referrer.is_some(),
            labels.referrer.is_some(),
        ),
        (
            "referred",
            offer.referred.is_some(),
            labels.referred.is_some(),
        ),
        ("cap", offer.cap.is_some(), labels.cap.is_some()),
    ]
    .into_iter()
    .filter(|&(_, has, labelled)| has && !labelled)
    .map(|(part, ..)| part)
    .collect()
}

/// Affiliates whose language the site does not publish: their pages are in
/// the default language. One warning per language, at its first affiliate.
fn unserved_affiliates(site: &Site) -> Vec<Diagnostic> {
    let mut by_locale: BTreeMap<&str, Vec<&Affiliate>> = BTreeMap::new();
    for plan in &site.affiliates {
        let a = &site.content.affiliates[plan.affiliate];
        if crate::lang::primary(&a.locale) != crate::lang::primary(&site.config.locales[plan.lang])
        {
            by_locale.entry(&a.locale).or_default().push(a);
        }
    }
    by_locale
        .into_iter()
        .map(|(locale, list)| {
            let first = &list[0].origin;
            let slugs: Vec<&str> = list.iter().map(|a| a.slug.as_str()).collect();
            Diagnostic::warning(&*first.file, format!(
                "{} affiliate{} with locale {locale}, which is not in site.locales, get{} pages in {}: {}",
                list.len(),
                if list.len() == 1 { "" } else { "s" },
                if list.len() == 1 { "s" } else { "" },
                site.config.locale,
                slugs.join(", ")
            ))
            .at_line(Some(first.line))
            .hint(format!("add {locale} to site.locales and translate their segment to give them pages in their language"))
        })
        .collect()
}

fn gap_warning(file: &Path, lang: &str, default: &str, gaps: &[String]) -> Option<Diagnostic> {
    (!gaps.is_empty()).then(|| {
        Diagnostic::warning(file, format!("no {lang} text for {}", gaps.join("; ")))
            .hint(format!("the {default} text is shown in its place"))
    })
}
