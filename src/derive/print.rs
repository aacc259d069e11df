//! What `derive` prints and writes: the `--dry-run` table (or JSON), and
//! segment drafts whose comment block explains, with figures, why each
//! exists. Under a team's success rule every candidate also says what made
//! it successful and its score; derive's own rule ranks by the figures its
//! line shows (NPS, health, LTV), and prints as it always did.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Account, Analysis, Group, LISTED};
use crate::diag::Diagnostic;
use crate::exports::success::{self, Metric, Rule};

/// Top pain points and use cases a segment takes.
const TOP: usize = 3;

/// The fields of a derived segment, in the order they are written.
#[derive(Serialize)]
struct SegmentDraft<'a> {
    name: String,
    niche: &'a str,
    channel: &'a str,
    pain_points: Vec<&'a str>,
    use_cases: Vec<&'a str>,
    headline: String,
    subheadline: String,
    /// Not published until a marketer has read it and removed this.
    draft: bool,
}

/// The words drafts are written in: the site's default language, from
/// its theme's texts (`derive_*` in `i18n/<lang>.yaml`, the site's own
/// wording over them), with lists joined as the language joins them
/// (CLDR, by ICU4X).
pub struct Wording<'a> {
    pub texts: &'a crate::i18n::I18n,
    pub lang: &'a str,
    pub product: &'a str,
}

impl Wording<'_> {
    /// The text of `key` with `args` in it, as prose: a label written as
    /// a slug (`churn-prediction`) reads as words, and the text starts
    /// with a capital.
    fn text(&self, key: &str, args: &[(&str, &str)]) -> String {
        let words: Vec<String> = args.iter().map(|(_, v)| prose(v)).collect();
        let mut all: Vec<(&str, &str)> = vec![("product", self.product)];
        all.extend(args.iter().zip(&words).map(|((k, _), v)| (*k, v.as_str())));
        let text = self
            .texts
            .format(self.lang, key, &all)
            .unwrap_or_else(|_| key.to_string());
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => text,
        }
    }

    /// `a, b and c` in the draft's language.
    fn list(&self, items: &[&str]) -> String {
        use icu_list::ListFormatter;
        use icu_list::options::{ListFormatterOptions, ListLength};
        let locale: Option<icu_locale_core::Locale> = self.lang.parse().ok();
        let formatter = locale.and_then(|l| {
            ListFormatter::try_new_and(
                (&l).into(),
                ListFormatterOptions::default().with_length(ListLength::Wide),
            )
            .ok()
        });
        let items: Vec<String> = items.iter().map(|i| prose(i)).collect();
        match formatter {
            Some(f) => f.format(items.iter()).to_string(),
            None => items.join(", "),
        }
    }
}

/// A label as words in a sentence: as written, but for one written as a
/// slug (`organic-search` reads `organic search`).
fn prose(label: &str) -> String {
    if crate::slug::is_slug(label) {
        label.replace('-', " ")
    } else {
        label.to_string()
    }
}

/// A segment file's text: the figures as comments, then the segment.
pub fn segment_yaml(g: &Group, a: &Analysis, wording: &Wording) -> String {
    let source = a.source.file_name().map_or_else(
        || a.source.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Derived by `tailor derive` from {source}. This file is yours to edit:"
    );
    let _ = writeln!(
        out,
        "# derive does not overwrite it again unless run with --force."
    );
    let _ = writeln!(
        out,
        "# It is a draft: `tailor serve --drafts` previews it; remove `draft: true`"
    );
    let _ = writeln!(out, "# once the copy is reviewed, and it is published.");
    let _ = writeln!(out, "#");
    let _ = writeln!(out, "# {} × {}", g.niche, g.channel);
    for (label, value) in figures(g) {
        let _ = writeln!(out, "#   {label:<24}{value}");
    }
    let _ = writeln!(out, "#");
    let _ = writeln!(
        out,
        "# Successful accounts — case-study and affiliate candidates:"
    );
    candidates(&mut out, g, a, "#   ");
    let pains: Vec<&str> = g
        .pain_points
        .iter()
        .take(TOP)
        .map(|(t, _)| t.as_str())
        .collect();
    let uses: Vec<&str> = g
        .use_cases
        .iter()
        .take(TOP)
        .map(|(t, _)| t.as_str())
        .collect();
    let draft = SegmentDraft {
        name: wording.text(
            "derive_name",
            &[("niche", &g.niche), ("channel", &g.channel)],
        ),
        niche: &g.niche,
        channel: &g.channel,
        headline: headline(g, wording, &pains, &uses),
        subheadline: subheadline(g, wording, &pains, &uses),
        pain_points: pains,
        use_cases: uses,
        draft: true,
    };
    out.push_str(&yaml_serde::to_string(&draft).expect("a segment draft is plain data"));
    out
}

fn headline(g: &Group, wording: &Wording, pains: &[&str], uses: &[&str]) -> String {
    let niche = ("niche", g.niche.as_str());
    match (uses.first(), pains.first()) {
        (Some(u), Some(p)) => {
            wording.text("derive_headline", &[niche, ("pain", p), ("use_case", u)])
        }
        (Some(u), None) => wording.text("derive_headline_use", &[niche, ("use_case", u)]),
        (None, Some(p)) => wording.text("derive_headline_pain", &[niche, ("pain", p)]),
        (None, None) => wording.text("derive_headline_plain", &[niche]),
    }
}

fn subheadline(g: &Group, wording: &Wording, pains: &[&str], uses: &[&str]) -> String {
    let niche = ("niche", g.niche.as_str());
    let (uses, pains) = (wording.list(uses), wording.list(pains));
    match (uses.is_empty(), pains.is_empty()) {
        (false, false) => wording.text(
            "derive_subheadline",
            &[niche, ("use_cases", &uses), ("pains", &pains)],
        ),
        (false, true) => wording.text("derive_subheadline_uses", &[niche, ("use_cases", &uses)]),
        (true, false) => wording.text("derive_subheadline_pains", &[niche, ("pains", &pains)]),
        (true, true) => wording.text("derive_subheadline_plain", &[niche]),
    }
}

fn figures(g: &Group) -> Vec<(&'static str, String)> {
    let counts = |v: &[(String, u64)]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.iter()
                .take(TOP)
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    vec![
        ("customers", g.customers.to_string()),
        (
            "successful",
            format!("{} ({:.1}%)", g.total, g.successful_share() * 100.0),
        ),
        ("churned", g.churned.to_string()),
        (
            "average NPS",
            g.avg_nps.map_or("-".into(), |v| format!("{v:.1}")),
        ),
        ("average LTV", g.avg_ltv.map_or("-".into(), money)),
        (
            "median support tickets",
            g.median_tickets.map_or("-".into(), |v| format!("{v}")),
        ),
        ("top pain points", counts(&g.pain_points)),
        ("top use cases", counts(&g.use_cases)),
    ]
}

/// A group's first successful accounts, each with why it counts under the
/// team's rule, and how many more there are: the same list in the drafts
/// (as comments, `prefix` "#   ") and in the table (`prefix` "  ").
fn candidates(out: &mut String, g: &Group, a: &Analysis, prefix: &str) {
    for acc in g.successful.iter().take(LISTED) {
        let _ = writeln!(out, "{prefix}{}", account_line(acc).trim_end());
        if let Some(why) = explanation(acc, g, &a.rule, &a.kept) {
            let _ = writeln!(out, "{prefix}  {why}");
        }
    }
    if g.total > LISTED {
        let _ = writeln!(out, "{prefix}... and {} more", g.total - LISTED);
    }
}

fn account_line(a: &super::Account) -> String {
    let mut parts = Vec::new();
    if let Some(v) = a.nps {
        parts.push(format!("NPS {v}"));
    }
    if let Some(v) = a.health {
        parts.push(format!("health {v}"));
    }
    if let Some(v) = a.ltv {
        parts.push(format!("LTV {}", money(v)));
    }
    if let Some(v) = a.tickets {
        parts.push(format!("tickets {v}"));
    }
    parts.push(format!("(line {})", a.line));
    format!("{:<28} {}", a.name, parts.join("  "))
}

/// What made a successful account under a team's rule: its score and
/// the criteria it met (`score 65: NPS 10 (+30), 1 ticket vs median 3
/// (+10)`), or, for a rule without points, the criteria alone. None under
/// derive's own rule, whose line already shows what ranks it.
fn explanation(acc: &Account, g: &Group, rule: &Rule, kept: &[Metric]) -> Option<String> {
    if rule.is_default() {
        return None;
    }
    let parts = rule.explain(&acc.values(kept), &g.stats);
    let shown: Vec<String> = parts
        .iter()
        .map(|p| {
            if p.points == 0.0 {
                p.says.clone()
            } else {
                p.to_string()
            }
        })
        .collect();
    Some(if rule.scores() {
        format!("score {}: {}", success::figure(acc.score), shown.join(", "))
    } else {
        format!("meets: {}", shown.join(", "))
    })
}

/// `--dry-run --format json`: every group and its figures, and each
/// successful customer with their score and its parts (which add up to
/// it).
pub fn json(a: &Analysis) -> String {
    use serde_json::{Value, json};
    let opt = |v: Option<f64>| v.map_or(Value::Null, |v| json!(v));
    let counts = |v: &[(String, u64)]| -> Vec<Value> {
        v.iter()
            .map(|(t, n)| json!({ "name": t, "count": n }))
            .collect()
    };
    let groups: Vec<Value> = a
        .groups
        .iter()
        .map(|g| {
            let candidates: Vec<Value> = g
                .successful
                .iter()
                .map(|acc| {
                    let parts: Vec<Value> = a
                        .rule
                        .explain(&acc.values(&a.kept), &g.stats)
                        .into_iter()
                        .map(|p| json!({ "metric": p.metric.name(), "says": p.says, "points": p.points }))
                        .collect();
                    json!({
                        "name": acc.name,
                        "line": acc.line,
                        "score": acc.score,
                        "parts": parts,
                        "nps": opt(acc.nps),
                        "health": opt(acc.health),
                        "ltv": opt(acc.ltv),
                        "tickets": acc.tickets,
                    })
                })
                .collect();
            json!({
                "id": g.id,
                "niche": g.niche,
                "channel": g.channel,
                "customers": g.customers,
                "successful": g.total,
                "successful_share": g.successful_share(),
                "churned": g.churned,
                "avg_nps": opt(g.avg_nps),
                "avg_ltv": opt(g.avg_ltv),
                "median_tickets": opt(g.median_tickets),
                "qualifies": g.qualifies,
                "pain_points": counts(&g.pain_points),
                "use_cases": counts(&g.use_cases),
                "candidates": candidates,
            })
        })
        .collect();
    let doc = json!({
        "customers": a.source.display().to_string(),
        "rule": {
            "from": if a.rule.is_default() { "derive" } else { "tailor.yaml" },
            "says": a.rule.describe(),
        },
        "unused_metrics": a.unused.iter().map(|m| m.name()).collect::<Vec<_>>(),
        "ignored_columns": a.ignored_columns,
        "rows": a.rows,
        "ungrouped": a.ungrouped,
        "not_customers": a.not_customers,
        "invalid": a.invalid,
        "min_group": a.min_group,
        "groups": groups,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The `--dry-run` report: every group, qualifying or not, then each
/// segment's candidate accounts.
pub fn table(a: &Analysis) -> String {
    let mut out = String::new();
    let header = [
        "segment",
        "customers",
        "successful",
        "share",
        "avg NPS",
        "avg LTV",
        "top pain points",
        "top use cases",
    ];
    let mut rows: Vec<[String; 8]> = Vec::new();
    for g in &a.groups {
        let top = |v: &[(String, u64)]| {
            v.iter()
                .take(TOP)
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        rows.push([
            if g.qualifies {
                g.id.clone()
            } else {
                format!("{} (below {})", g.id, a.min_group)
            },
            g.customers.to_string(),
            g.total.to_string(),
            format!("{:.1}%", g.successful_share() * 100.0),
            g.avg_nps.map_or("-".into(), |v| format!("{v:.1}")),
            g.avg_ltv.map_or("-".into(), money),
            top(&g.pain_points),
            top(&g.use_cases),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = widths[i] - c.chars().count();
            // Figures right-aligned, text left-aligned.
            if (1..=5).contains(&i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&" ".repeat(pad));
                }
            }
            if i + 1 < cells.len() {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(&header.map(String::from)));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
    let qualifying = a.groups.iter().filter(|g| g.qualifies).count();
    let _ = writeln!(
        out,
        "\n{} rows: {} grouped into {} niche × channel groups, {} without niche or channel, {} invalid. {} of the groups {} at least {} successful customers.",
        a.rows,
        a.rows - a.ungrouped - a.invalid - a.not_customers,
        a.groups.len(),
        a.ungrouped,
        a.invalid,
        qualifying,
        if qualifying == 1 { "has" } else { "have" },
        a.min_group
    );
    if a.not_customers > 0 {
        let _ = writeln!(
            out,
            "{}",
            if a.not_customers == 1 {
                "1 row is not a customer (a lead, opportunity or subscriber stage) and was left out.".to_string()
            } else {
                format!(
                    "{} rows are not customers (a lead, opportunity or subscriber stage) and were left out.",
                    a.not_customers
                )
            }
        );
    }
    if !a.has_tickets && a.rule.is_default() {
        let _ = writeln!(
            out,
            "No support-ticket column: the ticket rule was not applied."
        );
    }
    if !a.ignored_columns.is_empty() {
        let _ = writeln!(out, "Columns not used: {}.", a.ignored_columns.join(", "));
    }
    if !a.rule.is_default() {
        let _ = writeln!(
            out,
            "Successful (derive.success in tailor.yaml): {}.",
            a.rule.describe()
        );
    }
    for g in a.groups.iter().filter(|g| g.qualifies) {
        let _ = writeln!(out, "\n{}: case-study and affiliate candidates", g.id);
        candidates(&mut out, g, a, "  ");
    }
    out
}

/// What happened to one segment file.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created(PathBuf),
    Overwritten(PathBuf),
    /// Existed, and `--force` was not given.
    Kept(PathBuf),
}

/// Writes a segment file per qualifying group into `out`.
pub fn write_segments(
    a: &Analysis,
    out: &Path,
    force: bool,
    wording: &Wording,
) -> Result<Vec<Written>, Diagnostic> {
    std::fs::create_dir_all(out)
        .map_err(|e| Diagnostic::error(out, format!("cannot create the folder: {e}")))?;
    let mut written = Vec::new();
    for g in a.groups.iter().filter(|g| g.qualifies) {
        let path = out.join(format!("{}.yaml", g.id));
        // A link counts as a file that exists; --force never writes
        // through one (`crate::paths`).
        let existed = std::fs::symlink_metadata(&path).is_ok();
        if existed && !force {
            written.push(Written::Kept(path));
            continue;
        }
        crate::paths::write_file(&path, segment_yaml(g, a, wording).as_bytes())?;
        written.push(if existed {
            Written::Overwritten(path)
        } else {
            Written::Created(path)
        });
    }
    Ok(written)
}

/// `14400.0` → `14,400`.
fn money(v: f64) -> String {
    let rounded = v.round() as i64;
    let out = grouped(rounded.unsigned_abs());
    if rounded < 0 { format!("-{out}") } else { out }
}

/// `1234567` → `1,234,567`: thousands separated as figures are read.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_thousands_separators() {
        assert_eq!(money(14400.0), "14,400");
        assert_eq!(money(999.6), "1,000");
        assert_eq!(money(1234567.0), "1,234,567");
        assert_eq!(money(-5.0), "-5");
    }
}
