//! What each artifact is made from, as a hash.
//!
//! The preview renders an artifact again only when its fingerprint
//! changed: a hash of every value its file is produced from — the page's
//! own record, its segment and case studies in every language, its offer,
//! the URLs of its versions, the footer's links. Records are hashed whole
//! (through their `Debug` form), so a field added to one can never be
//! forgotten here; only where a record is written in its file is left out,
//! so that inserting an affiliate above others re-renders one page, not
//! all of those below. The config and the theme are not in it: a change to
//! either renders everything.

use std::fmt::Write as _;

use super::{ArtifactId, Kind, Site};
use crate::content::Affiliate;
use crate::lang::PerLang;

/// A hasher written to with `write!`.
struct Fp(blake3::Hasher);

impl std::fmt::Write for Fp {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

impl Fp {
    fn new(tag: &str) -> Fp {
        let mut h = blake3::Hasher::new();
        h.update(tag.as_bytes());
        Fp(h)
    }

    fn hash(&mut self, part: &blake3::Hash) {
        self.0.update(part.as_bytes());
    }

    fn done(self) -> blake3::Hash {
        self.0.finalize()
    }
}

fn of(tag: &str, value: &dyn std::fmt::Debug) -> blake3::Hash {
    let mut fp = Fp::new(tag);
    let _ = write!(fp, "{value:?}");
    fp.done()
}

/// An affiliate's record, without where it is written.
fn affiliate(a: &Affiliate) -> blake3::Hash {
    let mut fp = Fp::new("affiliate");
    let _ = write!(
        fp,
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        a.slug, a.name, a.company, a.segment, a.code, a.message, a.incentive, a.locale, a.active
    );
    fp.done()
}

/// The fingerprint of every artifact of `site`, in its order.
pub fn fingerprints(site: &Site) -> Vec<blake3::Hash> {
    let c = &site.content;
    let outs = |pages: &PerLang<Option<ArtifactId>>| -> Vec<Option<&str>> {
        pages
            .iter()
            .map(|p| p.map(|a| site.artifacts[a].out.file.as_str()))
            .collect()
    };
    // The footer of every page lists the content pages.
    let nav = of(
        "nav",
        &c.pages
            .iter()
            .zip(&site.pages)
            .map(|(p, &a)| (&p.title, p.order, &site.artifacts[a].out))
            .collect::<Vec<_>>(),
    );
    let case_studies: Vec<blake3::Hash> = c
        .case_studies
        .iter()
        .zip(&site.case_studies)
        .map(|(cs, plan)| {
            let texts: Vec<_> = site
                .config
                .locales
                .iter()
                .map(|l| {
                    c.translations
                        .case_studies
                        .get(&(cs.slug.clone(), l.clone()))
                })
                .collect();
            of("case study", &(cs, texts, outs(&plan.pages)))
        })
        .collect();
    let segments: Vec<blake3::Hash> = c
        .segments
        .iter()
        .zip(&site.segments)
        .map(|(seg, plan)| {
            let texts: Vec<_> = site
                .config
                .locales
                .iter()
                .map(|l| c.translations.segments.get(&(seg.id.clone(), l.clone())))
                .collect();
            let mut fp = Fp::new("segment");
            let cards: Vec<Option<&str>> = plan
                .cards
                .iter()
                .map(|c| c.map(|c| site.artifacts[site.cards[c].artifact].out.file.as_str()))
                .collect();
            let _ = write!(
                fp,
                "{:?}",
                (seg, texts, &plan.offers, outs(&plan.pages), cards)
            );
            for &shown in &plan.shown {
                fp.hash(&case_studies[shown.0]);
            }
            fp.done()
        })
        .collect();
    let files = of(
        "files",
        &(
            site.artifacts.iter().map(|a| &a.out).collect::<Vec<_>>(),
            &site.redirects,
        ),
    );
    site.artifacts
        .iter()
        .map(|artifact| {
            let mut fp = Fp::new("artifact");
            let _ = write!(
                fp,
                "{:?}|{}|{}",
                artifact.out, artifact.lang.0, artifact.indexable
            );
            fp.hash(&nav);
            match &artifact.kind {
                Kind::Index => {
                    let _ = write!(fp, "index {:?}", site.config.incentive);
                    for h in segments.iter().chain(&case_studies) {
                        fp.hash(h);
                    }
                }
                Kind::NotFound => {
                    let _ = write!(fp, "404");
                }
                Kind::Segment(i) => fp.hash(&segments[i.0]),
                Kind::CaseStudy(i) => fp.hash(&case_studies[i.0]),
                Kind::Page(i) => fp.hash(&of("page", &c.pages[*i])),
                Kind::Affiliate(i) | Kind::Kit(i, _) => {
                    let plan = &site.affiliates[*i];
                    fp.hash(&affiliate(&c.affiliates[plan.affiliate]));
                    let card = plan
                        .card
                        .map(|c| &site.artifacts[site.cards[c].artifact].out);
                    let photo = plan.photo.map(|p| &site.artifacts[p].out);
                    let _ = write!(
                        fp,
                        "{}|{}|{}|{:?}|{:?}|{:?}",
                        plan.code, plan.param_value, plan.lang.0, plan.offer, card, photo
                    );
                    fp.hash(&segments[plan.segment.0]);
                }
                Kind::Sitemap | Kind::Robots | Kind::Redirects | Kind::Headers => {
                    let _ = write!(fp, "{:?}", artifact.kind);
                    fp.hash(&files);
                }
                Kind::Asset(key) => {
                    // The output path carries the file's content hash.
                    let _ = write!(fp, "asset {key}");
                }
                Kind::Card(_) => {
                    // So does a card's: of the design and what it shows.
                    let _ = write!(fp, "card");
                }
                Kind::Photo(_) => {
                    // And a photo's, of its file.
                    let _ = write!(fp, "photo");
                }
                Kind::Static(rel) => {
                    // Read with the theme: an edit of static/ makes
                    // everything again, as a theme edit does.
                    let _ = write!(fp, "static {rel}");
                }
            }
            fp.done()
        })
        .collect()
}
