//! The planners of a site's documents: a page for each segment and case
//! study in every language it is written in (the original in the default
//! language, a translation's file in another), and the content pages.
//! Each adds its artifacts and claims their paths in the one claims table.

use super::{
    Artifact, ArtifactId, Artifacts, CaseStudyPlan, Claim, Kind, Output, SegmentPlan, matching,
    pinned,
};
use crate::config::{Config, Incentive};
use crate::content::{CaseStudyId, Content, PageId, SegmentId};
use crate::diag::{Diagnostic, Diagnostics};
use crate::lang::{Lang, PerLang};

use std::path::Path;

/// The site's offer in each language, with that language's labels.
pub(super) fn site_offers(config: &Config) -> PerLang<Incentive> {
    config.locales.map(|_, lang| {
        config
            .incentive
            .localized(config.incentive_labels.get(lang))
    })
}

/// Every segment's case studies, offers and pages; a segment's offer is
/// the site's in each language (`site_offers`), the segment's parts over
/// it, the segment's labels over those.
pub(super) fn segments<'a>(
    config: &Config,
    content: &'a Content,
    site_offers: &PerLang<Incentive>,
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) -> Vec<SegmentPlan> {
    let locales = &config.locales;

    let matcher = matching::Matcher::new(&content.case_studies);
    let mut segments: Vec<SegmentPlan> = Vec::with_capacity(content.segments.len());
    for (i, seg) in content.segments.iter().enumerate() {
        let shown = match &seg.pins {
            Some(pins) => pinned(seg, pins, content, diags),
            None => matcher.best(seg, &content.case_studies),
        };
        // After a case study that did not load (its own error says why),
        // a segment without one is that error's consequence, not news.
        if shown.is_empty() && seg.pins.is_none() && content.failed.case_studies.is_empty() {
            diags.push(
                Diagnostic::warning(
                    &seg.file,
                    format!(
                        "segment \"{}\" shows no case study: none shares its niche, channel, pain points or use cases",
                        seg.id
                    ),
                )
                .hint("tag a case study with one of them, or pin case studies with case_studies: [<file name>]"),
            );
        }
        let offers = locales.map(|li, lang| {
            let labels = content
                .segment_in(SegmentId(i), lang, locales.default_lang())
                .offer_labels();
            site_offers[li]
                .overridden_by(seg.incentive.as_ref())
                .localized(labels)
        });
        let written = Written {
            what: "segment",
            name: &seg.id,
            file: &seg.file,
            path: config.paths.segment.replace("{id}", &seg.id),
        };
        let pages = in_languages(
            locales,
            &written,
            Kind::Segment(SegmentId(i)),
            |lang| {
                let key = (seg.id.clone(), lang.to_string());
                Some(content.translations.segments.get(&key)?.file.as_path())
            },
            artifacts,
            diags,
        );
        segments.push(SegmentPlan {
            shown,
            offers,
            pages,
            // Filled in by `cards::plan` when the theme draws cards.
            cards: PerLang::default(),
        });
    }
    segments
}

/// Every case study's pages.
pub(super) fn case_studies<'a>(
    config: &Config,
    content: &'a Content,
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) -> Vec<CaseStudyPlan> {
    let locales = &config.locales;
    let mut case_studies: Vec<CaseStudyPlan> = Vec::with_capacity(content.case_studies.len());
    for (i, cs) in content.case_studies.iter().enumerate() {
        let written = Written {
            what: "case study",
            name: &cs.slug,
            file: &cs.file,
            path: config.paths.case_study.replace("{slug}", &cs.slug),
        };
        let pages = in_languages(
            locales,
            &written,
            Kind::CaseStudy(CaseStudyId(i)),
            |lang| {
                let key = (cs.slug.clone(), lang.to_string());
                Some(content.translations.case_studies.get(&key)?.file.as_path())
            },
            artifacts,
            diags,
        );
        case_studies.push(CaseStudyPlan { pages });
    }
    case_studies
}

/// Every content page's artifact.
pub(super) fn pages<'a>(
    content: &'a Content,
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) -> Vec<ArtifactId> {
    content
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            artifacts.add(
                Artifact {
                    kind: Kind::Page(PageId(i)),
                    out: Output::from_path(&p.slug),
                    lang: Lang::DEFAULT,
                    indexable: true,
                },
                Claim::file("page", &p.slug, &p.file),
                diags,
            )
        })
        .collect()
}

/// A document as written in the default language.
struct Written<'a> {
    /// What it is, for messages: "segment".
    what: &'static str,
    /// Its id or slug.
    name: &'a str,
    file: &'a Path,
    /// Its page's path in the default language.
    path: String,
}

/// A document's page in every language it is written in: in the default
/// language at its path, from the original; in another, under `<lang>/`,
/// from its translation's file (`translation`), where it has one. By
/// language, the page's artifact: `None` where it has no translation or
/// its path was taken (reported).
fn in_languages<'a>(
    locales: &PerLang<String>,
    written: &Written<'a>,
    kind: Kind,
    translation: impl Fn(&str) -> Option<&'a Path>,
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) -> PerLang<Option<ArtifactId>> {
    let mut pages = PerLang::from_fn(locales.len(), |_| None);
    for (li, lang) in locales.with_langs() {
        let (path, file) = if li.is_default() {
            (written.path.clone(), written.file)
        } else {
            match translation(lang) {
                Some(file) => (format!("{lang}/{}", written.path), file),
                None => continue,
            }
        };
        pages[li] = artifacts.add(
            Artifact {
                kind: kind.clone(),
                out: Output::from_path(&path),
                lang: li,
                indexable: true,
            },
            Claim::file(written.what, written.name, file),
            diags,
        );
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::scratch::messages;

    /// A scratch site in English and German: `files` beside its
    /// tailor.yaml, which has `more` at its end.
    fn site(more: &str, files: &[(&str, &str)]) -> (tempfile::TempDir, Config, Content) {
        let yaml = format!(
            "site: {{ name: T, base_url: \"https://p.example\", signup_url: \"https://app.example/signup\", locales: [en, de] }}\ntracking: {{ platform: rewardful, product_hosts: [app.example] }}\n{more}"
        );
        let all: Vec<(&str, &str)> = [("tailor.yaml", yaml.as_str())]
            .into_iter()
            .chain(files.iter().copied())
            .collect();
        crate::plan::scratch::site(&all)
    }

    fn table() -> Artifacts<'static> {
        Artifacts {
            list: Vec::new(),
            claims: Default::default(),
        }
    }

    const SEGMENT: &str = "name: Alpha\nniche: alpha\nchannel: search\nheadline: H\n";
    const CASE_STUDY: &str =
        "---\ntitle: One\ncustomer: One Inc\nniche: alpha\ndate: 2024-01-01\n---\nOne.\n";

    #[test]
    fn a_document_has_a_page_in_each_language_it_is_written_in() {
        let (_dir, config, content) = site(
            "",
            &[
                ("segments/alpha.yaml", SEGMENT),
                ("segments/alpha.de.yaml", "headline: Hallo\n"),
                ("segments/beta.yaml", &SEGMENT.replace("alpha", "beta")),
                ("content/case-studies/one.md", CASE_STUDY),
            ],
        );
        let mut artifacts = table();
        let mut diags = Diagnostics::new();
        let segments = segments(
            &config,
            &content,
            &site_offers(&config),
            &mut artifacts,
            &mut diags,
        );
        let case_studies = case_studies(&config, &content, &mut artifacts, &mut diags);
        assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
        let files = |pages: &PerLang<Option<ArtifactId>>| -> Vec<Option<String>> {
            pages
                .iter()
                .map(|p| p.map(|a| artifacts.list[a].out.file.clone()))
                .collect()
        };
        let by_id = |id: &str| content.segments.iter().position(|s| s.id == id).unwrap();
        assert_eq!(
            files(&segments[by_id("alpha")].pages),
            [
                Some("for/alpha/index.html".to_string()),
                Some("de/for/alpha/index.html".to_string())
            ]
        );
        // Without a translation, no German page: German visitors get the
        // English one.
        assert_eq!(
            files(&segments[by_id("beta")].pages),
            [Some("for/beta/index.html".to_string()), None]
        );
        assert_eq!(
            files(&case_studies[0].pages),
            [Some("customers/one/index.html".to_string()), None]
        );
        // Each page is in its language, and its kind names its document.
        let alpha = &segments[by_id("alpha")].pages;
        let de = &artifacts.list[alpha[Lang(1)].unwrap()];
        assert_eq!(
            (de.lang, &de.kind),
            (Lang(1), &Kind::Segment(SegmentId(by_id("alpha"))))
        );
    }

    #[test]
    fn a_path_two_documents_want_is_an_error_naming_both() {
        // Segment pages at the site's root, where content pages are too.
        let (_dir, config, content) = site(
            "paths: { segment: \"{id}\" }\n",
            &[
                ("segments/about.yaml", SEGMENT),
                ("content/pages/about.md", "---\ntitle: About\n---\nText.\n"),
            ],
        );
        let mut artifacts = table();
        let mut diags = Diagnostics::new();
        let _ = segments(
            &config,
            &content,
            &site_offers(&config),
            &mut artifacts,
            &mut diags,
        );
        let planned = pages(&content, &mut artifacts, &mut diags);
        let said = messages(diags);
        // The segment claimed it first; the page is the one refused.
        assert!(planned.is_empty(), "{planned:?}");
        assert!(
            said.iter()
                .any(|m| m.contains("page \"about\"") && m.contains("both want about/index.html")),
            "{said:?}"
        );
    }
}
