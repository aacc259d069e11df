//! The order of case studies on segment and affiliate pages. The scores of
//! the fixture's case studies against the `fintech` segment, by hand:
//! top 3+1+2+2 = 8; mid-a, mid-new, mid-old 3+2 = 5 (dates 2024-05-01,
//! 2024-05-01, 2023-05-01); low 1; zero 0.

use crate::support::*;

fn shown(site: &Site, path: &str) -> Vec<String> {
    select(&site.page(path), ".case-card__customer")
        .iter()
        .map(|e| e.text().collect())
        .collect()
}

#[test]
fn matched_by_score_then_date_then_slug() {
    let site = fixture("matching");
    site.build();
    let expected = ["top", "mid-a", "mid-new"];
    assert_eq!(shown(&site, "for/fintech/index.html"), expected);
    // The affiliate pages of the segment show the same, in the same order.
    assert_eq!(shown(&site, "fay-fintech/index.html"), expected);
}

#[test]
fn pinned_case_studies_in_their_order() {
    let site = fixture("matching");
    site.build();
    assert_eq!(shown(&site, "for/pinned/index.html"), ["zero", "low"]);
    assert_eq!(shown(&site, "pat-pinned/index.html"), ["zero", "low"]);
}

/// Tags written as people write them match: case, spaces, hyphens and `&`
/// do not make two tags of one. A segment that then still shares nothing
/// with any case study is a warning, not a page that silently shows none.
#[test]
fn tags_match_however_they_are_written() {
    let site = fixture("matching");
    site.write(
        "segments/written.yaml",
        "name: Written\nniche: Fin Tech\nchannel: Organic Search\npain_points: [Churn, On-Boarding, \"R&D\"]\nuse_cases: [Health Scores]\nheadline: Written\n",
    );
    site.write(
        "segments/lonely.yaml",
        "name: Lonely\nniche: aerospace\nheadline: Lonely\n",
    );
    let run = site.build();
    // The same scores as the fintech segment's, so the same order.
    assert_eq!(
        shown(&site, "for/written/index.html"),
        ["top", "mid-a", "mid-new"]
    );
    assert_contains_all(
        &run.stderr,
        [
            r#"warning: segments/lonely.yaml: segment "lonely" shows no case study: none shares its niche, channel, pain points or use cases"#,
        ],
    );
    assert!(!run.stderr.contains("\"written\" shows no case study"));
}
