//! The incentive guardrail: no offer may cost more than the unit economics
//! allow.
//!
//! With `economics` set, LTV = average ARR × average lifetime in years, and
//! every offer in force — the site's, each segment's that overrides it, each
//! affiliate's that overrides that — costs referrer value + referred value
//! per referral. An offer whose LTV / cost falls below `min_ltv_to_cac` is an
//! error naming the offer, where it was defined, and its ratio. An offer
//! exactly at the threshold passes.

use std::path::Path;

use super::{AffiliatePlan, SegmentPlan};
use crate::config::{CONFIG_FILE, Config, Economics, Incentive};
use crate::content::Content;
use crate::diag::{Diagnostic, Diagnostics};

/// One offer in force and where it was defined.
struct InForce<'a> {
    what: String,
    offer: Incentive,
    file: &'a Path,
    pos: Option<(usize, usize)>,
}

/// Judges every offer in force, as `plan` resolved them: the site's, each
/// segment's that overrides it, each active affiliate's that overrides
/// that. (Values are the same in every language; the default's are read.)
pub fn check(
    config: &Config,
    content: &Content,
    segments: &[SegmentPlan],
    affiliates: &[AffiliatePlan],
    diags: &mut Diagnostics,
) {
    let Some(economics) = &config.economics else {
        return;
    };
    let mut offers = vec![InForce {
        what: "the site's offer".into(),
        offer: config.incentive.clone(),
        file: Path::new(CONFIG_FILE),
        pos: config.incentive_pos,
    }];
    for (seg, plan) in content.segments.iter().zip(segments) {
        if seg.incentive.is_some() {
            offers.push(InForce {
                what: format!("segment \"{}\"'s offer", seg.id),
                offer: plan.offers.default_lang().clone(),
                file: &seg.file,
                pos: seg.incentive_pos,
            });
        }
    }
    for plan in affiliates.iter().filter(|p| p.own_offer) {
        let a = &content.affiliates[plan.affiliate];
        offers.push(InForce {
            what: format!("affiliate \"{}\"'s offer", a.slug),
            offer: plan.offer.clone(),
            file: &a.incentive_at.file,
            pos: a.incentive_at.col.map(|c| (a.incentive_at.line, c)),
        });
    }
    for o in offers {
        if let Some(d) = judge(&o, economics) {
            diags.push(d);
        }
    }
}

fn judge(o: &InForce, e: &Economics) -> Option<Diagnostic> {
    let at = |message: String| Diagnostic::error(o.file, message).at_pos(o.pos);
    let mut cost = 0.0;
    for (side, offer) in [
        ("referrer", &o.offer.referrer),
        ("referred", &o.offer.referred),
    ] {
        if let Some(offer) = offer {
            match offer.value {
                Some(v) if v.is_finite() && v >= 0.0 => cost += v,
                Some(v) => {
                    return Some(
                        at(format!("{}: the {side} value {v} is not a cost", o.what))
                            .hint("use a number of 0 or more"),
                    );
                }
                None => {
                    return Some(
                        at(format!(
                            "{}: the {side} reward \"{}\" has no value",
                            o.what, offer.label
                        ))
                        .hint("add value: <money> beside the label, for the incentive guardrail"),
                    );
                }
            }
        }
    }
    if cost == 0.0 {
        return None;
    }
    let ltv = e.avg_arr * e.avg_lifetime_years;
    let ratio = ltv / cost;
    // Below the threshold by more than rounding: a ratio of exactly the
    // minimum passes.
    if ltv < e.min_ltv_to_cac * cost * (1.0 - 1e-12) {
        let max_cost = ltv / e.min_ltv_to_cac;
        Some(
            at(format!(
                "{} costs {} per referral: LTV / cost = {:.2}, below min_ltv_to_cac {}",
                o.what,
                money(cost),
                ratio,
                e.min_ltv_to_cac
            ))
            .hint(format!(
                "with LTV {} (avg_arr × avg_lifetime_years), an offer may cost at most {}",
                money(ltv),
                money(max_cost)
            )),
        )
    } else {
        None
    }
}

fn money(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Offer;

    fn offer(referrer: f64, referred: f64) -> InForce<'static> {
        InForce {
            what: "the site's offer".into(),
            offer: Incentive {
                referrer: Some(Offer {
                    label: "a".into(),
                    phrase: None,
                    value: Some(referrer),
                }),
                referred: Some(Offer {
                    label: "b".into(),
                    phrase: None,
                    value: Some(referred),
                }),
                cap: None,
            },
            file: Path::new("tailor.yaml"),
            pos: Some((20, 3)),
        }
    }

    const ECONOMICS: Economics = Economics {
        avg_arr: 1000.0,
        avg_lifetime_years: 2.0,
        min_ltv_to_cac: 4.0,
    };

    #[test]
    fn fires_exactly_below_the_threshold() {
        // LTV 2000, minimum ratio 4: an offer may cost 500.
        assert!(judge(&offer(300.0, 200.0), &ECONOMICS).is_none());
        let d = judge(&offer(300.0, 200.01), &ECONOMICS).unwrap();
        assert_eq!(
            d.to_string(),
            "tailor.yaml:20:3: the site's offer costs 500.01 per referral: LTV / cost = 4.00, below min_ltv_to_cac 4 — with LTV 2000 (avg_arr × avg_lifetime_years), an offer may cost at most 500"
        );
        let d = judge(&offer(400.0, 200.0), &ECONOMICS).unwrap();
        assert!(d.message.contains("LTV / cost = 3.33"), "{}", d.message);
    }

    #[test]
    fn thresholds_with_fractions() {
        // 4800 × 3 = 14400; at 4, 3600 is the most an offer may cost.
        let e = Economics {
            avg_arr: 4800.0,
            avg_lifetime_years: 3.0,
            min_ltv_to_cac: 4.0,
        };
        assert!(judge(&offer(3000.0, 600.0), &e).is_none());
        assert!(judge(&offer(3000.0, 600.5), &e).is_some());
        let e = Economics {
            avg_arr: 0.1 * 3.0,
            avg_lifetime_years: 1.0,
            min_ltv_to_cac: 3.0,
        };
        assert!(
            judge(&offer(0.05, 0.05), &e).is_none(),
            "0.3 / 0.1 is 3, whatever the rounding"
        );
    }

    #[test]
    fn an_offer_without_a_value_is_an_error() {
        let mut o = offer(1.0, 1.0);
        o.offer.referred.as_mut().unwrap().value = None;
        assert!(
            judge(&o, &ECONOMICS)
                .unwrap()
                .message
                .contains("has no value")
        );
    }
}
