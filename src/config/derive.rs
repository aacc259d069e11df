//! `derive:` in tailor.yaml: who counts as a successful customer, in the
//! team's own terms.
//!
//! ```yaml
//! derive:
//!   success:
//!     any:                      # at least one of these…
//!       csat: at least 4
//!       active_users: top 30%   # of the customer's niche × channel
//!     all:                      # …and every one of these
//!       support_tickets: at most median
//!     points:                   # the score that ranks the successful
//!       active_users: { when: top 10%, add: 25 }
//!       upsell: { when: "yes", add: 10 }
//!     min_score: 20             # and at least this score
//! ```
//!
//! Each criterion is checked where it is written: a metric tailor does not
//! read, or a test it cannot, is an error at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::exports::success::{Criterion, Metric, Rule, Test};
use crate::yaml;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDerive {
    /// Who counts as a successful customer; without it, derive's own rule
    /// (a promoter or healthy, no more tickets than the group's median).
    success: Option<RawSuccess>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuccess {
    /// Metric → test: a customer meets at least one.
    #[serde(default)]
    any: BTreeMap<String, String>,
    /// Metric → test: a customer meets every one (a blank cell passes).
    #[serde(default)]
    all: BTreeMap<String, String>,
    /// Metric → the points a customer who meets its test earns.
    #[serde(default)]
    points: BTreeMap<String, RawPoints>,
    /// The score a successful customer needs.
    min_score: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPoints {
    /// The test: `at least 9`, `top 10%`, `at most median`, `yes`.
    when: String,
    /// What meeting it adds to the score.
    add: f64,
}

const AT: &str = "derive.success";

/// The team's rule, each criterion checked at its line; None without one
/// (or when it has errors, reported in `diags`).
pub(super) fn resolve(
    raw: &RawDerive,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<Rule> {
    let success = raw.success.as_ref()?;
    let before = diags.error_count();
    let criterion = |diags: &mut Diagnostics,
                     section: &str,
                     name: &str,
                     test: &str,
                     test_at: &str| {
        let path = format!("{AT}.{section}.{name}");
        let metric = Metric::by_name(name).or_else(|| {
            let d = Diagnostic::error(
                file,
                format!("{path}: \"{name}\" is no metric tailor reads"),
            )
            .at_pos(doc.key_pos(&path));
            diags.push(match crate::diag::suggest(name, Metric::names()) {
                Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                None => d.hint(format!("the metrics are: {}", Metric::names().join(", "))),
            });
            None
        });
        let test_path = format!("{path}{test_at}");
        let test = Test::parse(test)
            .map_err(|why| {
                diags.push(
                    Diagnostic::error(file, format!("{test_path}: {why}"))
                        .at_pos(doc.value_pos(&test_path))
                        .hint("write a test as: at least 9, at most median, above 0, below 3, top 30%, bottom 50% or yes (>= and <= work too, quoted)"),
                )
            })
            .ok();
        Some(Criterion {
            at: doc.key_pos(&path),
            ..Criterion::new(metric?, test?)
        })
    };
    let any: Vec<Criterion> = success
        .any
        .iter()
        .filter_map(|(n, t)| criterion(diags, "any", n, t, ""))
        .collect();
    let all: Vec<Criterion> = success
        .all
        .iter()
        .filter_map(|(n, t)| criterion(diags, "all", n, t, ""))
        .collect();
    let mut points = Vec::new();
    for (name, p) in &success.points {
        if let Some(c) = criterion(diags, "points", name, &p.when, ".when") {
            points.push(Criterion { points: p.add, ..c });
        }
        if !p.add.is_finite() {
            diags.push(
                Diagnostic::error(file, format!("{AT}.points.{name}.add must be a number"))
                    .at_pos(doc.value_pos(&format!("{AT}.points.{name}.add"))),
            );
        }
    }
    if let Some(min) = success.min_score
        && !min.is_finite()
    {
        diags.push(
            Diagnostic::error(file, format!("{AT}.min_score must be a number"))
                .at_pos(doc.value_pos(&format!("{AT}.min_score"))),
        );
    }
    if success.any.is_empty() && success.all.is_empty() && success.min_score.is_none() {
        diags.push(
            Diagnostic::error(
                file,
                format!("{AT} has no gate: every customer who has not churned would count as successful"),
            )
            .at_pos(doc.key_pos(AT))
            .hint("say who succeeds with any: (one of them), all: (every one) or min_score: (a score from points:), e.g. any: { csat: at least 4 }"),
        );
    }
    if diags.error_count() > before {
        return None;
    }
    // Explanations list criteria in the metrics' order, whatever the
    // order of the file.
    let (mut any, mut all) = (any, all);
    for list in [&mut any, &mut all, &mut points] {
        list.sort_by_key(|c| c.metric);
    }
    Some(Rule {
        any,
        all,
        points,
        min_score: success.min_score,
        at: doc.key_pos(AT),
    })
}
