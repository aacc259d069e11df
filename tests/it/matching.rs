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
