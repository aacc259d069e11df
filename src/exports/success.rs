//! What a successful customer is: the metrics of the method (NPS, CSAT,
//! health, product usage, LTV and ARR, upsell and cross-sell, support
//! tickets), each read from its column of the customer export, and the
//! team's rule over them (`derive.success` in tailor.yaml).
//!
//! A rule has gates and points. A customer is successful when they have
//! not churned, meet at least one of the `any` criteria (when there are
//! some), every one of the `all` criteria, and score at least `min_score`
//! (when it is set); the score, the sum of the `points` criteria they
//! meet, ranks them. A criterion is absolute (`at least 9`) or relative to
//! the customer's niche × channel group (`top 30%`, `at most median`). A
//! blank cell neither qualifies nor earns points, and never fails an `all`
//! gate (a blank ticket count does not count against anyone).
//!
//! The default rule is the one `derive` always had: a promoter (NPS 9-10)
//! or healthy (health at or above `--min-health`), with no more tickets
//! than the group's median. It gives no points, so the successful are
//! ranked as they always were: NPS, then health, then LTV, then name.
//!
//! `derive` and `report` both judge by it, so "customers who succeed" and
//! "partners who send them" are one definition. Judging is two steps: a
//! group's values are collected while the export streams, and customers
//! are judged once every group is complete.

use std::fmt::Write;

use super::customers::{Column, Measures};
use crate::table::number::{self, Mark};

/// A position in tailor.yaml (line, column).
pub type Pos = (usize, usize);

/// A metric of the method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Nps,
    Csat,
    Health,
    ActiveUsers,
    Logins,
    SeatsUsed,
    SeatsBought,
    /// Seats used ÷ seats bought, as a percentage.
    SeatUse,
    FeatureAdoption,
    Ltv,
    Arr,
    /// Upsell or cross-sell: yes (1), no (0), a count or expansion revenue.
    Upsell,
    Tickets,
}

/// Every metric, in the order explanations list them.
pub const METRICS: [Metric; 13] = [
    Metric::Nps,
    Metric::Csat,
    Metric::Health,
    Metric::ActiveUsers,
    Metric::Logins,
    Metric::SeatsUsed,
    Metric::SeatsBought,
    Metric::SeatUse,
    Metric::FeatureAdoption,
    Metric::Ltv,
    Metric::Arr,
    Metric::Upsell,
    Metric::Tickets,
];

impl Metric {
    /// As the rule names it: the column's name (`seat_use` for the share
    /// of seats used).
    pub fn name(self) -> &'static str {
        match self {
            Metric::SeatUse => "seat_use",
            m => m.columns()[0].name(),
        }
    }

    /// As explanations write it.
    pub fn label(self) -> &'static str {
        match self {
            Metric::Nps => "NPS",
            Metric::Csat => "CSAT",
            Metric::Health => "health",
            Metric::ActiveUsers => "active users",
            Metric::Logins => "logins",
            Metric::SeatsUsed => "seats used",
            Metric::SeatsBought => "seats bought",
            Metric::SeatUse => "seat use",
            Metric::FeatureAdoption => "feature adoption",
            Metric::Ltv => "LTV",
            Metric::Arr => "ARR",
            Metric::Upsell => "upsell",
            Metric::Tickets => "tickets",
        }
    }

    /// The columns it is read from.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Metric::Nps => &[Column::Nps],
            Metric::Csat => &[Column::Csat],
            Metric::Health => &[Column::HealthScore],
            Metric::ActiveUsers => &[Column::ActiveUsers],
            Metric::Logins => &[Column::Logins],
            Metric::SeatsUsed => &[Column::SeatsUsed],
            Metric::SeatsBought => &[Column::SeatsBought],
            Metric::SeatUse => &[Column::SeatsUsed, Column::SeatsBought],
            Metric::FeatureAdoption => &[Column::FeatureAdoption],
            Metric::Ltv => &[Column::Ltv],
            Metric::Arr => &[Column::Arr],
            Metric::Upsell => &[Column::Upsell],
            Metric::Tickets => &[Column::SupportTickets],
        }
    }

    /// The metric a rule names: its column's name, or a short one
    /// (`health`, `tickets`).
    pub fn by_name(name: &str) -> Option<Metric> {
        let name = crate::table::normalise(name);
        match name.as_str() {
            "health" => return Some(Metric::Health),
            "tickets" => return Some(Metric::Tickets),
            "seat_utilisation" | "seat_utilization" => return Some(Metric::SeatUse),
            _ => {}
        }
        METRICS.into_iter().find(|m| m.name() == name)
    }

    /// Every metric's name, for messages.
    pub fn names() -> Vec<&'static str> {
        METRICS.iter().map(|m| m.name()).collect()
    }

    fn index(self) -> usize {
        self as usize
    }

    /// Its value as explanations write it: money grouped, shares as
    /// percentages.
    fn shown(self, v: f64) -> String {
        match self {
            Metric::Ltv | Metric::Arr => grouped(v),
            Metric::SeatUse | Metric::FeatureAdoption => format!("{}%", figure(v)),
            _ => figure(v),
        }
    }
}

/// One account's metrics; NaN where the export has no value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Values([f64; 13]);

impl Values {
    pub fn get(&self, m: Metric) -> Option<f64> {
        let v = self.0[m.index()];
        (!v.is_nan()).then_some(v)
    }

    /// `base`, and `kept`: the values of `metrics` in their order (NaN
    /// where blank).
    pub fn with(base: &[(Metric, Option<f64>)], metrics: &[Metric], kept: &[f64]) -> Values {
        let mut v = Values([f64::NAN; 13]);
        for &(m, x) in base {
            v.0[m.index()] = x.unwrap_or(f64::NAN);
        }
        for (m, &x) in metrics.iter().zip(kept) {
            v.0[m.index()] = x;
        }
        v
    }

    /// Values given by hand, every other metric blank.
    #[cfg(test)]
    pub fn of(given: &[(Metric, f64)]) -> Values {
        let mut v = Values([f64::NAN; 13]);
        for &(m, x) in given {
            v.0[m.index()] = x;
        }
        v
    }
}

impl From<&Measures> for Values {
    fn from(m: &Measures) -> Values {
        let f = |x: Option<f64>| x.unwrap_or(f64::NAN);
        let seat_use = match (m.seats_used, m.seats_bought) {
            (Some(u), Some(b)) if b > 0.0 => u / b * 100.0,
            _ => f64::NAN,
        };
        Values([
            f(m.nps),
            f(m.csat),
            f(m.health),
            f(m.active_users),
            f(m.logins),
            f(m.seats_used),
            f(m.seats_bought),
            seat_use,
            f(m.feature_adoption),
            f(m.ltv),
            f(m.arr),
            f(m.upsell),
            f(m.tickets.map(f64::from)),
        ])
    }
}

/// What a criterion compares with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Value(f64),
    /// The median of the customer's group.
    Median,
}

/// A criterion's test.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Test {
    AtLeast(Bound),
    AtMost(Bound),
    Above(Bound),
    Below(Bound),
    /// Among the top share (0-1] of the group's values: its place, ties
    /// sharing the best, is within that share of the group (in the top 30%
    /// of 10 values when at most 2 are above it).
    Top(f64),
    Bottom(f64),
    /// Any value above 0 (upsold, a login, a seat).
    Yes,
}

impl Test {
    /// Reads a test as a rule writes it: `at least 9` (or `>= 9`), `at
    /// most median` (`<= median`), `above 0`, `below 5`, `top 30%`,
    /// `bottom 50%`, `yes`.
    pub fn parse(text: &str) -> Result<Test, String> {
        let t = text.trim();
        let lower = t.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let bound = |s: &str| -> Result<Bound, String> {
            if s == "median" {
                return Ok(Bound::Median);
            }
            value(s).map(Bound::Value)
        };
        let rest = |n: usize| words[n..].join(" ");
        match words.as_slice() {
            ["yes"] | ["true"] => Ok(Test::Yes),
            ["at", "least", ..] if words.len() > 2 => Ok(Test::AtLeast(bound(&rest(2))?)),
            ["at", "most", ..] if words.len() > 2 => Ok(Test::AtMost(bound(&rest(2))?)),
            ["above", ..] if words.len() > 1 => Ok(Test::Above(bound(&rest(1))?)),
            ["below", ..] if words.len() > 1 => Ok(Test::Below(bound(&rest(1))?)),
            ["top", ..] if words.len() > 1 => Ok(Test::Top(share(&rest(1))?)),
            ["bottom", ..] if words.len() > 1 => Ok(Test::Bottom(share(&rest(1))?)),
            _ => {
                for (op, make) in [
                    (">=", Test::AtLeast as fn(Bound) -> Test),
                    ("≥", Test::AtLeast),
                    ("<=", Test::AtMost),
                    ("≤", Test::AtMost),
                    (">", Test::Above),
                    ("<", Test::Below),
                ] {
                    if let Some(r) = lower.strip_prefix(op) {
                        return Ok(make(bound(r.trim())?));
                    }
                }
                Err(format!("\"{t}\" is no test tailor reads"))
            }
        }
    }

    fn relative(self) -> bool {
        matches!(
            self,
            Test::AtLeast(Bound::Median)
                | Test::AtMost(Bound::Median)
                | Test::Above(Bound::Median)
                | Test::Below(Bound::Median)
                | Test::Top(_)
                | Test::Bottom(_)
        )
    }
}

/// A number as a rule writes it, read by the one number reader (a
/// decimal point, as YAML writes numbers).
fn value(s: &str) -> Result<f64, String> {
    match number::read(s) {
        Ok(Some(r)) => r
            .under(Mark::Point)
            .map_err(|_| format!("\"{s}\" is written with a decimal comma: write a point")),
        _ => Err(format!("\"{s}\" is no number (nor median)")),
    }
}

/// `30%` (or `30`) as a share of 0-1, above 0 and at most 1.
fn share(s: &str) -> Result<f64, String> {
    let v = value(s.trim_end_matches('%').trim())?;
    if v > 0.0 && v <= 100.0 {
        Ok(v / 100.0)
    } else {
        Err(format!(
            "\"{s}\" is no share: write a percentage above 0 and at most 100"
        ))
    }
}

/// One criterion of a rule, and where tailor.yaml writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub metric: Metric,
    pub test: Test,
    /// What meeting it adds to the score (0 for a gate).
    pub points: f64,
    pub at: Option<Pos>,
}

impl Criterion {
    pub fn new(metric: Metric, test: Test) -> Criterion {
        Criterion {
            metric,
            test,
            points: 0.0,
            at: None,
        }
    }
}

/// The success rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// At least one of these (when there are any).
    pub any: Vec<Criterion>,
    /// Every one of these.
    pub all: Vec<Criterion>,
    /// Each met adds its points to the score.
    pub points: Vec<Criterion>,
    pub min_score: Option<f64>,
    /// Where tailor.yaml writes the rule; None for the default.
    pub at: Option<Pos>,
}

impl Rule {
    /// The rule `derive` always had: a promoter or healthy, no more
    /// tickets than the group's median.
    pub fn default_with(min_health: f64) -> Rule {
        Rule {
            any: vec![
                Criterion::new(Metric::Nps, Test::AtLeast(Bound::Value(9.0))),
                Criterion::new(Metric::Health, Test::AtLeast(Bound::Value(min_health))),
            ],
            all: vec![Criterion::new(Metric::Tickets, Test::AtMost(Bound::Median))],
            points: Vec::new(),
            min_score: None,
            at: None,
        }
    }

    pub fn is_default(&self) -> bool {
        self.at.is_none()
    }

    fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.any.iter().chain(&self.all).chain(&self.points)
    }

    /// Every metric the rule names, in their order.
    pub fn metrics(&self) -> Vec<Metric> {
        let mut out: Vec<Metric> = self.criteria().map(|c| c.metric).collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether the rule gives points (the score ranks the successful).
    pub fn scores(&self) -> bool {
        self.points.iter().any(|c| c.points != 0.0)
    }

    /// The metrics an account must keep to be judged and explained,
    /// beside NPS, health, LTV and tickets (which derive keeps anyway):
    /// none for derive's own rule.
    pub fn kept(&self) -> Vec<Metric> {
        self.metrics()
            .into_iter()
            .filter(|m| {
                !matches!(
                    m,
                    Metric::Nps | Metric::Health | Metric::Ltv | Metric::Tickets
                )
            })
            .collect()
    }

    /// Whether a group's values of `m` are needed to judge its customers
    /// (the rule compares it with the group).
    pub fn collects(&self, m: Metric) -> bool {
        self.criteria().any(|c| c.metric == m && c.test.relative())
    }

    /// The metrics a group keeps the values of: those the rule compares
    /// with the group, and `always` (derive's median tickets figure).
    pub fn collected(&self, always: &[Metric]) -> Vec<Metric> {
        METRICS
            .into_iter()
            .filter(|&m| always.contains(&m) || self.collects(m))
            .collect()
    }

    /// Whether a customer who has not churned might be successful, from
    /// their own values alone: false only when an absolute gate already
    /// fails, so the rest need not be kept until the groups are complete.
    pub fn may_succeed(&self, v: &Values) -> bool {
        let open = Stats::default();
        let any = self.any.is_empty()
            || self
                .any
                .iter()
                .any(|c| c.test.relative() || holds(c, v, &open) == Some(true));
        any && self
            .all
            .iter()
            .all(|c| c.test.relative() || holds(c, v, &open) != Some(false))
    }

    /// What made a successful customer's score: every criterion they met,
    /// a gate's with 0 points; the points add up to the score.
    pub fn explain(&self, v: &Values, stats: &Stats) -> Vec<Part> {
        let mut parts: Vec<(Metric, Test, Part)> = Vec::new();
        for c in self.criteria() {
            if holds(c, v, stats) != Some(true) {
                continue;
            }
            let points = if self.points.iter().any(|p| std::ptr::eq(p, c)) {
                c.points
            } else {
                0.0
            };
            match parts
                .iter_mut()
                .find(|(m, t, _)| *m == c.metric && *t == c.test)
            {
                Some((_, _, p)) => p.points += points,
                None => parts.push((
                    c.metric,
                    c.test,
                    Part {
                        metric: c.metric,
                        says: says(c, v, stats),
                        points,
                    },
                )),
            }
        }
        parts.sort_by_key(|(m, _, _)| *m);
        parts.into_iter().map(|(_, _, p)| p).collect()
    }

    /// The rule in words, for the dry run and JSON.
    pub fn describe(&self) -> String {
        let list = |cs: &[Criterion]| {
            cs.iter()
                .map(|c| format!("{} {}", c.metric.label(), written(c.metric, c.test)))
                .collect::<Vec<_>>()
        };
        let mut out = String::from("not churned");
        if !self.any.is_empty() {
            let _ = write!(out, ", and {}", list(&self.any).join(" or "));
        }
        for c in list(&self.all) {
            let _ = write!(out, ", and {c}");
        }
        if let Some(min) = self.min_score {
            let _ = write!(out, ", and a score of at least {}", figure(min));
        }
        if self.scores() {
            let points: Vec<String> = self
                .points
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {}",
                        c.metric.label(),
                        written(c.metric, c.test),
                        signed(c.points)
                    )
                })
                .collect();
            let _ = write!(out, "; score: {}", points.join(", "));
        }
        out
    }
}

/// Says which metrics the rule names that the export has no column for:
/// one error for each, at its line in `rule_file` (tailor.yaml).
pub fn require(
    rule: &Rule,
    layout: &crate::table::Layout<Column>,
    export: &std::path::Path,
    rule_file: &std::path::Path,
) -> Result<(), Vec<crate::diag::Diagnostic>> {
    let export_name = export.file_name().map_or_else(
        || export.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let headers = layout.quoted_headers();
    let mut errors = Vec::new();
    for m in rule.metrics() {
        let missing: Vec<Column> = m
            .columns()
            .iter()
            .copied()
            .filter(|&c| !layout.has(c))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let at = rule.criteria().find(|c| c.metric == m).and_then(|c| c.at);
        let names: Vec<&str> = missing.iter().map(|c| c.name()).collect();
        let looked: Vec<String> = missing.iter().map(|&c| c.looked_for()).collect();
        let first = names[0];
        errors.push(
            crate::diag::Diagnostic::error(
                rule_file,
                format!(
                    "derive.success judges by {}, but {export_name} has no {} column (its columns are {})",
                    m.name(),
                    names.join(" or "),
                    headers.join(", ")
                ),
            )
            .at_pos(at.or(rule.at))
            .hint(format!(
                "add it to the export ({}), name the header that holds it in tailor.yaml (data: {{ customers: {{ columns: {{ {first}: \"Your header\" }} }} }}) or with --column {first}=\"Your header\", or take {} out of derive.success",
                looked.join("; "),
                m.name()
            )),
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The metrics the export has columns for (`present`) that the rule does
/// not judge by (seat use, made of two columns, is not one more).
pub fn unused(rule: &Rule, present: &[Column]) -> Vec<Metric> {
    let used = rule.metrics();
    let used_columns: Vec<Column> = used.iter().flat_map(|m| m.columns()).copied().collect();
    METRICS
        .into_iter()
        .filter(|m| {
            *m != Metric::SeatUse
                && !used.contains(m)
                && m.columns()
                    .iter()
                    .all(|c| present.contains(c) && !used_columns.contains(c))
        })
        .collect()
}

/// One thing that made a score.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub metric: Metric,
    /// `NPS 10`, `active users 120, top 10%`, `1 ticket vs median 3`.
    pub says: String,
    pub points: f64,
}

impl std::fmt::Display for Part {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.says, signed(self.points))
    }
}

/// A group's values of the metrics its customers are compared on, sorted
/// once the group is complete.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    values: Vec<(Metric, Vec<f64>)>,
}

impl Stats {
    /// Empty, to keep the values of `metrics` (see [`Rule::collected`]).
    pub fn new(metrics: &[Metric]) -> Stats {
        Stats {
            values: metrics.iter().map(|&m| (m, Vec::new())).collect(),
        }
    }

    /// Keeps a customer's values of the group's metrics.
    pub fn add(&mut self, v: &Values) {
        for (m, vs) in &mut self.values {
            if let Some(x) = v.get(*m) {
                vs.push(x);
            }
        }
    }

    /// Sorts the values: called once, when the group is complete.
    pub fn settle(&mut self) {
        for (_, vs) in &mut self.values {
            vs.sort_unstable_by(f64::total_cmp);
        }
    }

    fn of(&self, m: Metric) -> &[f64] {
        self.values
            .iter()
            .find(|(k, _)| *k == m)
            .map_or(&[], |(_, vs)| vs.as_slice())
    }

    /// The group's median of `m`.
    pub fn median(&self, m: Metric) -> Option<f64> {
        let vs = self.of(m);
        let n = vs.len();
        match n {
            0 => None,
            _ if n % 2 == 1 => Some(vs[n / 2]),
            _ => Some((vs[n / 2 - 1] + vs[n / 2]) / 2.0),
        }
    }

    /// How many of the group's values are above `x`, and how many there
    /// are.
    fn above(&self, m: Metric, x: f64) -> (usize, usize) {
        let vs = self.of(m);
        (vs.len() - vs.partition_point(|&y| y <= x), vs.len())
    }

    fn below(&self, m: Metric, x: f64) -> (usize, usize) {
        let vs = self.of(m);
        (vs.partition_point(|&y| y < x), vs.len())
    }
}

/// The rule made ready to judge one group's customers: each criterion's
/// cut-off is worked out once from the group's sorted values (its median,
/// or the value a customer must reach to be in the top or bottom share),
/// so judging a customer is one comparison per criterion, where [`holds`]
/// searches the group's values each time. Both say the same of every
/// value (a test below holds them to it); `holds` stays for the
/// explanations, which show the customer's place.
pub struct Judge<'r> {
    rule: &'r Rule,
    any: Vec<Check>,
    all: Vec<Check>,
    points: Vec<(Check, f64)>,
}

/// A criterion within one group.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Check {
    metric: Metric,
    cut: Cut,
}

/// What a criterion comes to within one group, for a value that is not
/// blank.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cut {
    /// Nothing to judge by: the group has no values of the metric.
    Open,
    Always,
    Never,
    AtLeast(f64),
    AtMost(f64),
    Above(f64),
    Below(f64),
}

impl<'r> Judge<'r> {
    pub fn new(rule: &'r Rule, stats: &Stats) -> Judge<'r> {
        let check = |c: &Criterion| Check::new(c, stats);
        Judge {
            rule,
            any: rule.any.iter().map(check).collect(),
            all: rule.all.iter().map(check).collect(),
            points: rule.points.iter().map(|c| (check(c), c.points)).collect(),
        }
    }

    /// Whether a customer who has not churned is successful, and their
    /// score.
    pub fn judge(&self, v: &Values) -> (bool, f64) {
        let score: f64 = self
            .points
            .iter()
            .filter(|(c, _)| c.holds(v) == Some(true))
            .map(|(_, points)| *points)
            .sum();
        let any = self.any.is_empty() || self.any.iter().any(|c| c.holds(v) == Some(true));
        let all = self.all.iter().all(|c| c.holds(v) != Some(false));
        let enough = self.rule.min_score.is_none_or(|min| score >= min);
        (any && all && enough, score)
    }
}

impl Check {
    fn new(c: &Criterion, stats: &Stats) -> Check {
        let m = c.metric;
        let bound = |b: Bound, cut: fn(f64) -> Cut| match b {
            Bound::Value(y) => cut(y),
            Bound::Median => stats.median(m).map_or(Cut::Open, cut),
        };
        let cut = match c.test {
            Test::AtLeast(b) => bound(b, Cut::AtLeast),
            Test::AtMost(b) => bound(b, Cut::AtMost),
            Test::Above(b) => bound(b, Cut::Above),
            Test::Below(b) => bound(b, Cut::Below),
            Test::Yes => Cut::Above(0.0),
            // In the top share when at most `k` values are above: when the
            // (k+1)-th largest is not above it.
            Test::Top(p) => {
                let vs = stats.of(m);
                match ahead(vs.len(), p) {
                    Place::Open => Cut::Open,
                    Place::Never => Cut::Never,
                    Place::Always => Cut::Always,
                    Place::Within(k) => Cut::AtLeast(vs[vs.len() - 1 - k]),
                }
            }
            Test::Bottom(p) => {
                let vs = stats.of(m);
                match ahead(vs.len(), p) {
                    Place::Open => Cut::Open,
                    Place::Never => Cut::Never,
                    Place::Always => Cut::Always,
                    Place::Within(k) => Cut::AtMost(vs[k]),
                }
            }
        };
        Check { metric: m, cut }
    }

    /// As [`holds`]: None when there is nothing to judge by.
    fn holds(&self, v: &Values) -> Option<bool> {
        let x = v.get(self.metric)?;
        Some(match self.cut {
            Cut::Open => return None,
            Cut::Always => true,
            Cut::Never => false,
            Cut::AtLeast(y) => x >= y,
            Cut::AtMost(y) => x <= y,
            Cut::Above(y) => x > y,
            Cut::Below(y) => x < y,
        })
    }
}

/// How many of a group's `n` values may come before a customer's for
/// their place to be within share `p` (as [`within`] counts it).
enum Place {
    /// The group has no values.
    Open,
    Never,
    Always,
    /// At most this many, fewer than `n`.
    Within(usize),
}

fn ahead(n: usize, p: f64) -> Place {
    if n == 0 {
        return Place::Open;
    }
    // `within` asks whether before + 1 <= p * n + 1e-9; for a whole
    // number that is before + 1 <= the floor of the right side.
    let places = (p * n as f64 + 1e-9).floor();
    if places < 1.0 {
        Place::Never
    } else if places - 1.0 >= n as f64 {
        Place::Always
    } else {
        Place::Within(places as usize - 1)
    }
}

/// Whether a customer meets a criterion: None when there is nothing to
/// judge by (a blank cell, a group without values).
fn holds(c: &Criterion, v: &Values, stats: &Stats) -> Option<bool> {
    let x = v.get(c.metric)?;
    let bound = |b: Bound| match b {
        Bound::Value(y) => Some(y),
        Bound::Median => stats.median(c.metric),
    };
    Some(match c.test {
        Test::AtLeast(b) => x >= bound(b)?,
        Test::AtMost(b) => x <= bound(b)?,
        Test::Above(b) => x > bound(b)?,
        Test::Below(b) => x < bound(b)?,
        // Its place among the group's values, ties sharing the best, is
        // within the share: the figure `says` shows (top 20%) is then at
        // most the rule's (top 30%).
        Test::Top(p) => {
            let (above, n) = stats.above(c.metric, x);
            within(above, n, p)?
        }
        Test::Bottom(p) => {
            let (below, n) = stats.below(c.metric, x);
            within(below, n, p)?
        }
        Test::Yes => x > 0.0,
    })
}

/// Whether the place after `before` others, of `n`, is within share `p`;
/// None for a group without values. The margin keeps `30% of 10` at 3
/// whatever floating point makes of it.
fn within(before: usize, n: usize, p: f64) -> Option<bool> {
    (n > 0).then(|| (before + 1) as f64 <= p * n as f64 + 1e-9)
}

/// What a met criterion says of the customer.
fn says(c: &Criterion, v: &Values, stats: &Stats) -> String {
    let m = c.metric;
    let x = v.get(m).unwrap_or(f64::NAN);
    let median = |b: Bound| {
        matches!(b, Bound::Median)
            .then(|| stats.median(m))
            .flatten()
    };
    match c.test {
        Test::AtLeast(b) | Test::AtMost(b) | Test::Above(b) | Test::Below(b) => {
            let own = if m == Metric::Tickets {
                format!(
                    "{} {}",
                    figure(x),
                    if x == 1.0 { "ticket" } else { "tickets" }
                )
            } else {
                format!("{} {}", m.label(), m.shown(x))
            };
            match median(b) {
                Some(med) => format!("{own} vs median {}", m.shown(med)),
                None => own,
            }
        }
        Test::Top(_) => {
            let (above, n) = stats.above(m, x);
            let top = ((above + 1) as f64 / n.max(1) as f64 * 100.0).ceil();
            format!("{} {}, top {}%", m.label(), m.shown(x), figure(top))
        }
        Test::Bottom(_) => {
            let (below, n) = stats.below(m, x);
            let bottom = ((below + 1) as f64 / n.max(1) as f64 * 100.0).ceil();
            format!("{} {}, bottom {}%", m.label(), m.shown(x), figure(bottom))
        }
        Test::Yes if m == Metric::Upsell && x == 1.0 => "upsold".to_string(),
        Test::Yes => format!("{} {}", m.label(), m.shown(x)),
    }
}

/// A test of `m` as the dry run writes it.
fn written(m: Metric, t: Test) -> String {
    let b = |b: Bound| match b {
        Bound::Value(v) => m.shown(v),
        Bound::Median => "the group's median".to_string(),
    };
    match t {
        Test::AtLeast(x) => format!("at least {}", b(x)),
        Test::AtMost(x) => format!("at most {}", b(x)),
        Test::Above(x) => format!("above {}", b(x)),
        Test::Below(x) => format!("below {}", b(x)),
        Test::Top(p) => format!("in the top {}% of its group", figure(p * 100.0)),
        Test::Bottom(p) => format!("in the bottom {}% of its group", figure(p * 100.0)),
        Test::Yes => "yes".to_string(),
    }
}

/// `+30`, `+2.5`, `-5`.
pub fn signed(points: f64) -> String {
    if points < 0.0 {
        format!("-{}", figure(-points))
    } else {
        format!("+{}", figure(points))
    }
}

/// A figure as people write it: no trailing `.0`, at most two decimals.
pub fn figure(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r}")
}

/// `14400.4` → `14,400`.
fn grouped(v: f64) -> String {
    let n = v.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_read_as_rules_write_them() {
        let cases: &[(&str, Test)] = &[
            ("at least 9", Test::AtLeast(Bound::Value(9.0))),
            (">= 9", Test::AtLeast(Bound::Value(9.0))),
            ("≥ 4.5", Test::AtLeast(Bound::Value(4.5))),
            ("at most median", Test::AtMost(Bound::Median)),
            ("<= median", Test::AtMost(Bound::Median)),
            ("above 0", Test::Above(Bound::Value(0.0))),
            ("< 3", Test::Below(Bound::Value(3.0))),
            ("top 30%", Test::Top(0.3)),
            ("Bottom 50 %", Test::Bottom(0.5)),
            ("yes", Test::Yes),
        ];
        for (text, test) in cases {
            assert_eq!(Test::parse(text).as_ref(), Ok(test), "{text}");
        }
        for bad in [
            "",
            "most 9",
            "at least",
            "top 0%",
            "top 120%",
            "at least 4,5",
            "about 3",
        ] {
            assert!(Test::parse(bad).is_err(), "{bad}");
        }
    }

    fn stats(m: Metric, vs: &[f64]) -> Stats {
        let rule = Rule {
            any: vec![Criterion::new(m, Test::Top(0.5))],
            all: Vec::new(),
            points: Vec::new(),
            min_score: None,
            at: Some((1, 1)),
        };
        let mut s = Stats::new(&rule.collected(&[]));
        for &v in vs {
            s.add(&Values::of(&[(m, v)]));
        }
        s.settle();
        s
    }

    #[test]
    fn top_and_bottom_shares_count_ties_together() {
        // 10 values; the top 30% are those with fewer than 3 above them.
        let s = stats(
            Metric::ActiveUsers,
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0, 10.0],
        );
        let c = Criterion::new(Metric::ActiveUsers, Test::Top(0.3));
        let at = |x: f64| holds(&c, &Values::of(&[(Metric::ActiveUsers, x)]), &s);
        assert_eq!(at(10.0), Some(true));
        assert_eq!(at(8.0), Some(true), "1 above: both 8s are in");
        assert_eq!(at(7.0), Some(false), "3 above");
        let c = Criterion::new(Metric::ActiveUsers, Test::Bottom(0.2));
        let at = |x: f64| holds(&c, &Values::of(&[(Metric::ActiveUsers, x)]), &s);
        assert_eq!(
            (at(1.0), at(2.0), at(3.0)),
            (Some(true), Some(true), Some(false))
        );
        assert_eq!(s.median(Metric::ActiveUsers), Some(5.5));
        // A blank value is nothing to judge by.
        assert_eq!(holds(&c, &Values::of(&[]), &s), None);
    }

    #[test]
    fn a_groups_cut_offs_judge_as_its_values_do() {
        // Ties, a single value, shares that fall between places and on
        // them; every value in and around the group's.
        let groups: &[&[f64]] = &[
            &[],
            &[5.0],
            &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 8.0, 10.0],
            &[3.0, 3.0, 3.0, 3.0],
            &[0.0, 0.0, 1.0, 2.0, 2.0, 2.0, 9.0],
            &[-0.0, 0.0, 0.5, 0.5, 7.25],
        ];
        let shares = [0.01, 0.1, 0.25, 0.3, 1.0 / 3.0, 0.5, 0.7, 0.99, 1.0];
        let mut tests = vec![
            Test::AtLeast(Bound::Median),
            Test::AtMost(Bound::Median),
            Test::Above(Bound::Median),
            Test::Below(Bound::Median),
            Test::AtLeast(Bound::Value(3.0)),
            Test::Below(Bound::Value(3.0)),
            Test::Yes,
        ];
        for p in shares {
            tests.push(Test::Top(p));
            tests.push(Test::Bottom(p));
        }
        let m = Metric::Logins;
        for vs in groups {
            let s = stats(m, vs);
            for &test in &tests {
                let c = Criterion::new(m, test);
                let check = Check::new(&c, &s);
                for x in (-4..=44)
                    .map(|i| f64::from(i) / 4.0)
                    .chain([f64::NAN, -0.0])
                {
                    let v = Values::of(&[(m, x)]);
                    assert_eq!(
                        check.holds(&v),
                        holds(&c, &v, &s),
                        "{test:?} of {x} in {vs:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_explanation_adds_up_to_the_score() {
        let rule = Rule {
            any: vec![Criterion::new(
                Metric::Csat,
                Test::AtLeast(Bound::Value(4.0)),
            )],
            all: vec![Criterion::new(Metric::Tickets, Test::AtMost(Bound::Median))],
            points: vec![
                Criterion {
                    points: 30.0,
                    ..Criterion::new(Metric::Csat, Test::AtLeast(Bound::Value(4.0)))
                },
                Criterion {
                    points: 25.0,
                    ..Criterion::new(Metric::ActiveUsers, Test::Top(0.5))
                },
                Criterion {
                    points: 10.0,
                    ..Criterion::new(Metric::Tickets, Test::AtMost(Bound::Median))
                },
                Criterion {
                    points: 10.0,
                    ..Criterion::new(Metric::Upsell, Test::Yes)
                },
            ],
            min_score: None,
            at: Some((1, 1)),
        };
        let mut s = Stats::new(&rule.collected(&[]));
        for (users, tickets) in [(10.0, 3.0), (20.0, 3.0), (120.0, 1.0), (40.0, 5.0)] {
            s.add(&Values::of(&[
                (Metric::ActiveUsers, users),
                (Metric::Tickets, tickets),
            ]));
        }
        s.settle();
        let v = Values::of(&[
            (Metric::Csat, 5.0),
            (Metric::ActiveUsers, 120.0),
            (Metric::Tickets, 1.0),
            (Metric::Upsell, 1.0),
        ]);
        let judge = Judge::new(&rule, &s);
        let (ok, score) = judge.judge(&v);
        assert!(ok);
        assert_eq!(score, 75.0);
        let parts = rule.explain(&v, &s);
        let shown: Vec<String> = parts.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "CSAT 5 (+30)",
                "active users 120, top 25% (+25)",
                "upsold (+10)",
                "1 ticket vs median 3 (+10)"
            ]
        );
        assert_eq!(parts.iter().map(|p| p.points).sum::<f64>(), score);
        // Too many tickets: the gate fails, whatever the score.
        let v = Values::of(&[(Metric::Csat, 5.0), (Metric::Tickets, 5.0)]);
        assert_eq!(judge.judge(&v), (false, 30.0));
    }

    #[test]
    fn metrics_are_named_as_columns_are() {
        assert_eq!(Metric::by_name("NPS"), Some(Metric::Nps));
        assert_eq!(Metric::by_name("health"), Some(Metric::Health));
        assert_eq!(Metric::by_name("health_score"), Some(Metric::Health));
        assert_eq!(Metric::by_name("support_tickets"), Some(Metric::Tickets));
        assert_eq!(Metric::by_name("Active Users"), Some(Metric::ActiveUsers));
        assert_eq!(Metric::by_name("seat_use"), Some(Metric::SeatUse));
        assert_eq!(Metric::by_name("mood"), None);
        for m in METRICS {
            assert_eq!(Metric::by_name(m.name()), Some(m));
        }
    }
}
