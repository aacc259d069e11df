//! The planners of what is made for affiliates: their pages (and the
//! redirects of inactive ones), their partner kits and their photos. Each
//! adds its artifacts and claims their paths in the one claims table.

use ahash::AHashMap as HashMap;

use super::{
    Active, AffiliatePlan, Artifact, Artifacts, Claim, KIT_DIR, Kind, KitFile, Output, Redirect,
    Retired, SegmentPlan, page_language, photos, platform_words,
};
use crate::config::Config;
use crate::content::{AffiliateId, Content, Origin, SegmentId};
use crate::diag::{Diagnostics, quoted, suggest};
use crate::lang::Lang;

/// What planning the affiliates gives: the active ones' plans (in slug
/// order), the inactive ones, and their URLs' redirects.
pub(super) struct Planned {
    pub affiliates: Vec<AffiliatePlan>,
    pub retired: Vec<Retired>,
    pub redirects: Vec<Redirect>,
}

/// Plans a page for each active affiliate and a redirect for each
/// inactive one, of those [`accept`] accepts.
pub(super) fn affiliates<'a>(
    config: &Config,
    content: &'a Content,
    segments: &[SegmentPlan],
    base_path: &str,
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) -> Planned {
    let locales = &config.locales;
    let lang_index = |lang: &str| locales.position(|l| l == lang);
    let preset = config.tracking.preset;
    let mut redirects = Vec::new();
    let mut accepted = accept(config, content, diags);
    // Affiliate pages are planned in slug order, so their artifacts are.
    accepted.sort_by(|x, y| {
        content.affiliates[x.0]
            .slug
            .cmp(&content.affiliates[y.0].slug)
    });
    let mut affiliates = Vec::new();
    let mut retired = Vec::new();
    for (i, code, segment) in accepted {
        let a = &content.affiliates[i];
        let out = Output::from_path(&config.paths.affiliate.replace("{slug}", &a.slug));
        let claim = Claim::affiliate("affiliate", a);
        let lang =
            lang_index(&page_language(locales.as_slice(), &a.locale)).unwrap_or(Lang::DEFAULT);
        if !a.active {
            // Claimed all the same: the URL redirects.
            if !artifacts.claim(&out, claim, false, diags) {
                continue;
            }
            retired.push(Retired {
                affiliate: i,
                code,
                offer: segments[segment].offers[lang].overridden_by(a.incentive.as_ref()),
            });
            let to = format!(
                "{base_path}{}",
                segments[segment]
                    .pages
                    .default_lang()
                    .map_or(String::new(), |p| artifacts.list[p].out.rel_url.clone())
            );
            redirects.push(Redirect {
                from: format!("{base_path}{}", out.rel_url),
                to,
            });
            continue;
        }
        // Every active affiliate has a code: one missing is an error above.
        let code = code.unwrap_or_else(|| a.slug.clone());
        let Some(artifact) = artifacts.add(
            Artifact {
                kind: Kind::Affiliate(Active(affiliates.len())),
                out,
                lang,
                indexable: false,
            },
            claim,
            diags,
        ) else {
            continue;
        };
        let offer = segments[segment].offers[lang].overridden_by(a.incentive.as_ref());
        affiliates.push(AffiliatePlan {
            affiliate: i,
            param_value: preset.encode(&code),
            code,
            segment,
            artifact,
            lang,
            offer,
            own_offer: a.incentive.is_some(),
            card: None,
            kit: None,
            photo: None,
        });
    }
    redirects.sort_by(|a, b| a.from.cmp(&b.from));
    Planned {
        affiliates,
        retired,
        redirects,
    }
}

/// The affiliates whose slug and code are their own and whose segment is
/// published: each with their code as the platform has it (`None` for an
/// inactive one without one) and their segment. The others are reported.
fn accept(
    config: &Config,
    content: &Content,
    diags: &mut Diagnostics,
) -> Vec<(AffiliateId, Option<String>, SegmentId)> {
    let mut slugs: HashMap<&str, &Origin> = HashMap::with_capacity(content.affiliates.len());
    // Codes are compared without case: no platform documents that `Jane`
    // and `jane` are two partners, and people read them as one.
    let mut codes: HashMap<String, &Origin> = HashMap::with_capacity(content.affiliates.len());
    let preset = config.tracking.preset;
    let segment_index: HashMap<&str, SegmentId> = content
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), SegmentId(i)))
        .collect();
    let mut accepted: Vec<(AffiliateId, Option<String>, SegmentId)> = Vec::new();
    // In file order, so a duplicate is reported where it is repeated.
    for (i, a) in content.affiliates.iter().enumerate() {
        // Slugs are lowercase by now.
        if let Some(first) = slugs.get(a.slug.as_str()) {
            diags.push(
                a.slug_at
                    .error(format!(
                        "duplicate slug \"{}\": {} already has it",
                        a.slug, first
                    ))
                    .hint("give this affiliate its own slug: field")
                    .related(&*first.file, first.line, first.col, "first here"),
            );
            continue;
        }
        slugs.insert(&a.slug, &a.slug_at);
        let code = match &a.code {
            Some(written) => match preset.code(written) {
                Ok(code) => Some(code),
                Err(why) => {
                    diags.push(
                        a.code_at
                            .error(format!("affiliate {}: {why}", quoted(&a.name)))
                            .hint(format!(
                                "write the code exactly as {} shows it",
                                platform_words(config)
                            )),
                    );
                    continue;
                }
            },
            None if config.tracking.code_from_slug => Some(a.slug.clone()),
            // An inactive affiliate has no page to credit.
            None if !a.active => None,
            None => {
                diags.push(
                    a.code_at
                        .error(format!(
                            "affiliate {} has no referral code: their page would credit \"{}\", a code {} never issued",
                            quoted(&a.name),
                            a.slug,
                            platform_words(config)
                        ))
                        .hint(format!(
                            "add their code: field from {}, or set tracking.code_from_slug: true if every affiliate's code there is their slug",
                            platform_words(config)
                        )),
                );
                continue;
            }
        };
        if let Some(code) = &code {
            let key = code.to_lowercase();
            if let Some(first) = codes.get(&key) {
                diags.push(
                    a.code_at
                        .error(format!(
                            "duplicate referral code \"{code}\": {first} already has it"
                        ))
                        .hint("give this affiliate its own code: field (codes are compared without case)")
                        .related(&*first.file, first.line, first.col, "first here"),
                );
                continue;
            }
            codes.insert(key, &a.code_at);
        }
        let Some(&segment) = segment_index.get(a.segment.as_str()) else {
            // A segment whose file did not load has its own error; its
            // affiliates need not repeat it.
            if content.failed.segments.contains(&a.segment) {
                continue;
            }
            if content.draft_segments.contains(&a.segment) {
                diags.push(
                    a.segment_at
                        .warning(format!(
                            "\"{}\" is in segment \"{}\", a draft: no page until the segment is published",
                            a.name, a.segment
                        ))
                        .hint(format!(
                            "remove draft: true from segments/{}.yaml once it is reviewed, or build with --drafts to preview",
                            a.segment
                        )),
                );
                continue;
            }
            let ids = content.segments.iter().map(|s| s.id.as_str());
            let d = a
                .segment_at
                .error(format!("unknown segment \"{}\"", a.segment));
            diags.push(match suggest(&a.segment, ids) {
                Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                None => d.hint(format!(
                    "segments are: {}",
                    content
                        .segments
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            });
            continue;
        };
        accepted.push((AffiliateId(i), code, segment));
    }
    accepted
}

/// A published partner kit for every active affiliate, when
/// `TAILOR_KIT_SECRET` is set.
pub(super) fn kits<'a>(
    config: &Config,
    content: &'a Content,
    affiliates: &mut [AffiliatePlan],
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) {
    if let Some(key) = &config.kit_key {
        for (n, plan) in affiliates.iter_mut().enumerate() {
            let a = &content.affiliates[plan.affiliate];
            let folder = format!("{KIT_DIR}/{}", key.token(&a.slug));
            for (file, name) in [
                (KitFile::Page, "index.html"),
                (KitFile::QrSvg, "qr.svg"),
                (KitFile::QrPng, "qr.png"),
            ] {
                let out = if file == KitFile::Page {
                    Output::from_path(&folder)
                } else {
                    Output::file(&format!("{folder}/{name}"))
                };
                let claim = Claim::affiliate("partner kit", a);
                let artifact = artifacts.add(
                    Artifact {
                        kind: Kind::Kit(Active(n), file),
                        out,
                        lang: plan.lang,
                        indexable: false,
                    },
                    claim,
                    diags,
                );
                if file == KitFile::Page {
                    plan.kit = artifact;
                }
            }
        }
    }
}

/// The photo an active affiliate's record names.
pub(super) fn photos<'a>(
    config: &Config,
    content: &'a Content,
    affiliates: &mut [AffiliatePlan],
    artifacts: &mut Artifacts<'a>,
    diags: &mut Diagnostics,
) {
    for (n, plan) in affiliates.iter_mut().enumerate() {
        let a = &content.affiliates[plan.affiliate];
        let Some(written) = &a.photo else {
            continue;
        };
        match photos::output(&config.root, a, written) {
            Ok(file) => {
                plan.photo = artifacts.add(
                    Artifact {
                        kind: Kind::Photo(Active(n)),
                        out: Output::file(&file),
                        lang: plan.lang,
                        indexable: false,
                    },
                    Claim::affiliate("photo", a),
                    diags,
                );
            }
            Err(d) => diags.push(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::scratch::messages;

    /// A scratch site of one segment and `affiliates` (affiliates.yaml).
    fn site(affiliates: &str) -> (tempfile::TempDir, Config, Content) {
        crate::plan::scratch::site(&[
            (
                "tailor.yaml",
                "site: { name: T, base_url: \"https://p.example\", signup_url: \"https://app.example/signup\" }\ntracking: { platform: rewardful, product_hosts: [app.example] }\n",
            ),
            (
                "segments/alpha.yaml",
                "name: Alpha\nniche: alpha\nchannel: search\nheadline: H\n",
            ),
            ("affiliates.yaml", affiliates),
        ])
    }

    #[test]
    fn accepts_each_slug_and_code_once_and_known_segments_only() {
        let (_dir, config, content) = site(
            "- { name: Zoe, segment: alpha, code: Z1 }\n\
             - { name: Adam, segment: alpha, code: A1 }\n\
             - { name: Bob, segment: alpha, code: a1 }\n\
             - { name: Carl, segment: alpha, active: false }\n\
             - { name: Dana, segment: alpah, code: D1 }\n\
             - { name: Eve, segment: alpha }\n",
        );
        let mut diags = Diagnostics::new();
        let accepted = accept(&config, &content, &mut diags);
        let names: Vec<(&str, Option<&str>)> = accepted
            .iter()
            .map(|(id, code, _)| (content.affiliates[*id].name.as_str(), code.as_deref()))
            .collect();
        // In file order; an inactive affiliate without a code has none.
        assert_eq!(
            names,
            [("Zoe", Some("Z1")), ("Adam", Some("A1")), ("Carl", None)]
        );
        let said = messages(diags);
        assert!(
            said.iter()
                .any(|m| m.contains("duplicate referral code \"a1\"")),
            "{said:?}"
        );
        assert!(
            said.iter().any(|m| m.contains("unknown segment \"alpah\"")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|m| m.contains("Eve") && m.contains("no referral code")),
            "{said:?}"
        );
    }

    #[test]
    fn plans_pages_in_slug_order_and_redirects_the_inactive() {
        let (_dir, config, content) = site(
            "- { name: Zoe, segment: alpha, code: Z1 }\n\
             - { name: Adam, segment: alpha, code: A1 }\n\
             - { name: Carl, segment: alpha, code: C1, active: false }\n",
        );
        let mut diags = Diagnostics::new();
        let mut artifacts = Artifacts {
            list: Vec::new(),
            claims: Default::default(),
        };
        let segments = super::super::documents::segments(
            &config,
            &content,
            &super::super::documents::site_offers(&config),
            &mut artifacts,
            &mut diags,
        );
        let planned = affiliates(
            &config,
            &content,
            &segments,
            "/",
            &mut artifacts,
            &mut diags,
        );
        assert!(!diags.has_errors());
        let slugs: Vec<&str> = planned
            .affiliates
            .iter()
            .map(|p| content.affiliates[p.affiliate].slug.as_str())
            .collect();
        assert_eq!(slugs, ["adam", "zoe"]);
        for (n, plan) in planned.affiliates.iter().enumerate() {
            assert_eq!(
                artifacts.list[plan.artifact].kind,
                Kind::Affiliate(Active(n))
            );
        }
        assert_eq!(planned.retired.len(), 1);
        assert_eq!(planned.retired[0].code.as_deref(), Some("C1"));
        assert_eq!(planned.redirects.len(), 1);
        assert!(
            planned.redirects[0].from.contains("carl"),
            "{:?}",
            planned.redirects
        );
        // Carl's URL is claimed though it has no page: nothing else may
        // be written there.
        let carl = Output::from_path(&config.paths.affiliate.replace("{slug}", "carl"));
        assert!(artifacts.claims.contains_key(&carl.file.to_lowercase()));
    }
}
