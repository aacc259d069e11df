//! Which case studies a segment's pages show.
//!
//! A segment shows the case studies it pins, in order. Otherwise the top
//! three by score: niche match 3, channel match 1, each shared pain point 2,
//! each shared use case 2; ties by newer date, then slug. A case study that
//! scores 0 is never shown. Tags are compared as `slug::tag_key` reads them
//! (`Health Scores` is `health-scores`).

use crate::content::{CaseStudy, CaseStudyId, Segment};

pub const SHOWN: usize = 3;

/// The case studies' tags, as compared: normalised once for all
/// the segments of a site.
pub struct Matcher {
    case_studies: Vec<Tags>,
}

struct Tags {
    niche: Option<String>,
    channel: Option<String>,
    pain_points: Vec<String>,
    use_cases: Vec<String>,
}

impl Tags {
    fn new(
        niche: &Option<String>,
        channel: &Option<String>,
        pains: &[String],
        uses: &[String],
    ) -> Tags {
        let norm = |s: &String| crate::slug::tag_key(s);
        Tags {
            niche: niche.as_ref().map(norm),
            channel: channel.as_ref().map(norm),
            pain_points: pains.iter().map(norm).collect(),
            use_cases: uses.iter().map(norm).collect(),
        }
    }

    fn score(&self, cs: &Tags) -> u32 {
        let same = |a: &Option<String>, b: &Option<String>| a.is_some() && a == b;
        let shared = |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).count() as u32;
        3 * u32::from(same(&self.niche, &cs.niche))
            + u32::from(same(&self.channel, &cs.channel))
            + 2 * shared(&self.pain_points, &cs.pain_points)
            + 2 * shared(&self.use_cases, &cs.use_cases)
    }
}

impl Matcher {
    pub fn new(case_studies: &[CaseStudy]) -> Matcher {
        Matcher {
            case_studies: case_studies
                .iter()
                .map(|c| Tags::new(&c.niche, &c.channel, &c.pain_points, &c.use_cases))
                .collect(),
        }
    }

    /// Indices into `case_studies` (those the matcher was made from) of the
    /// best matches for `segment`, best first.
    pub fn best(&self, segment: &Segment, case_studies: &[CaseStudy]) -> Vec<CaseStudyId> {
        let seg = Tags::new(
            &segment.niche,
            &segment.channel,
            &segment.pain_points,
            &segment.use_cases,
        );
        let mut scored: Vec<(u32, usize)> = self
            .case_studies
            .iter()
            .enumerate()
            .map(|(i, cs)| (seg.score(cs), i))
            .filter(|(s, _)| *s > 0)
            .collect();
        scored.sort_by(|(sa, a), (sb, b)| {
            let (a, b) = (&case_studies[*a], &case_studies[*b]);
            sb.cmp(sa)
                .then(b.date.cmp(&a.date))
                .then(a.slug.cmp(&b.slug))
        });
        scored
            .into_iter()
            .take(SHOWN)
            .map(|(_, i)| CaseStudyId(i))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn score(segment: &Segment, cs: &CaseStudy) -> u32 {
        let seg = Tags::new(
            &segment.niche,
            &segment.channel,
            &segment.pain_points,
            &segment.use_cases,
        );
        seg.score(&Tags::new(
            &cs.niche,
            &cs.channel,
            &cs.pain_points,
            &cs.use_cases,
        ))
    }

    /// Indices into `case_studies` of the best matches, best first.
    pub fn best(segment: &Segment, case_studies: &[CaseStudy]) -> Vec<usize> {
        Matcher::new(case_studies)
            .best(segment, case_studies)
            .into_iter()
            .map(|id| id.0)
            .collect()
    }
    use crate::date::Date;

    fn seg() -> Segment {
        Segment {
            id: "fintech".into(),
            file: "segments/fintech.yaml".into(),
            name: "n".into(),
            niche: Some("fintech".into()),
            channel: Some("organic-search".into()),
            pain_points: vec!["churn".into(), "onboarding".into()],
            use_cases: vec!["health-scores".into()],
            headline: "h".into(),
            subheadline: None,
            body_html: String::new(),
            body_marked: String::new(),
            description: None,
            pins: None,
            pin_pos: vec![],
            incentive: None,
            incentive_pos: None,
            draft: false,
        }
    }

    fn cs(
        slug: &str,
        niche: &str,
        channel: &str,
        pains: &[&str],
        uses: &[&str],
        date: &str,
    ) -> CaseStudy {
        CaseStudy {
            slug: slug.into(),
            file: format!("content/case-studies/{slug}.md").into(),
            title: slug.into(),
            customer: slug.into(),
            niche: Some(niche.into()),
            channel: Some(channel.into()),
            pain_points: pains.iter().map(|s| s.to_string()).collect(),
            use_cases: uses.iter().map(|s| s.to_string()).collect(),
            metrics: vec![],
            quote: None,
            date: Date::parse(date).unwrap(),
            draft: false,
            summary: None,
            description: None,
            body_html: String::new(),
            body_marked: String::new(),
            excerpt_html: String::new(),
            excerpt_marked: String::new(),
        }
    }

    #[test]
    fn scores_by_the_rule() {
        let s = seg();
        assert_eq!(
            score(
                &s,
                &cs(
                    "a",
                    "fintech",
                    "organic-search",
                    &["churn"],
                    &["health-scores"],
                    "2024-01-01"
                )
            ),
            3 + 1 + 2 + 2
        );
        assert_eq!(
            score(
                &s,
                &cs(
                    "b",
                    "FinTech",
                    "paid",
                    &["churn", "onboarding"],
                    &[],
                    "2024-01-01"
                )
            ),
            3 + 4
        );
        assert_eq!(
            score(&s, &cs("c", "health", "paid", &[], &[], "2024-01-01")),
            0
        );
        assert_eq!(
            score(
                &s,
                &cs("d", "health", "organic-search", &[], &[], "2024-01-01")
            ),
            1
        );
    }

    #[test]
    fn orders_by_score_then_newer_date_then_slug_and_drops_zero() {
        let s = seg();
        let all = vec![
            cs("zero", "health", "paid", &[], &[], "2025-01-01"),
            cs("b-old", "fintech", "paid", &[], &[], "2023-01-01"),
            cs("a-new", "fintech", "paid", &[], &[], "2024-01-01"),
            cs("a-same", "fintech", "paid", &[], &[], "2024-01-01"),
            cs(
                "top",
                "fintech",
                "organic-search",
                &["churn"],
                &[],
                "2020-01-01",
            ),
        ];
        let got: Vec<_> = best(&s, &all)
            .into_iter()
            .map(|i| all[i].slug.as_str())
            .collect();
        assert_eq!(got, ["top", "a-new", "a-same"]);
        let few = vec![all[0].clone(), all[1].clone()];
        let got: Vec<_> = best(&s, &few)
            .into_iter()
            .map(|i| few[i].slug.as_str())
            .collect();
        assert_eq!(got, ["b-old"]);
    }
}
