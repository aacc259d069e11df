//! The report as a terminal table, CSV or JSON. The CSV and JSON field
//! names are docs/report.md's ("Output" under "Partner quality"); numbers
//! are rounded (money to cents, shares to four places) so the same input
//! always gives the same bytes.

use serde_json::{Map, Value, json};

use super::{AffiliateLine, Figures, Report};

/// `1234.5` as `1,234.50`; whole amounts without cents.
pub fn money(v: f64) -> String {
    let neg = v < 0.0;
    let cents = (v.abs() * 100.0).round() as u64;
    let (whole, frac) = (cents / 100, cents % 100);
    let grouped = crate::derive::grouped(whole);
    let sign = if neg && cents > 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac:02}")
    }
}

/// `0.1234` as `12.3%`.
pub fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn round(v: f64, places: i32) -> Value {
    let f = 10f64.powi(places);
    let r = (v * f).round() / f;
    // -0.0 prints as "-0.0"; a report never means that.
    json!(if r == 0.0 { 0.0 } else { r })
}

fn opt(v: Option<f64>, places: i32) -> Value {
    v.map_or(Value::Null, |v| round(v, places))
}

/// The figures' fields, in order, as the CSV and JSON name them.
fn figures(f: &Figures) -> Vec<(&'static str, Value)> {
    let churn = f.churn();
    let money_total = f.commissions.map(|m| m.total());
    vec![
        ("referred", json!(f.referred)),
        ("active", json!(f.active())),
        ("churned", json!(f.churned)),
        ("churn", opt(churn.map(|c| c.value), 4)),
        ("churn_low", opt(churn.map(|c| c.low), 4)),
        ("churn_high", opt(churn.map(|c| c.high), 4)),
        ("avg_nps", opt(f.nps.value(), 2)),
        ("avg_health", opt(f.health.value(), 2)),
        ("avg_ltv", opt(f.ltv.value(), 2)),
        ("commissions_paid", opt(f.commissions.map(|m| m.paid), 2)),
        ("commissions_owed", opt(f.commissions.map(|m| m.owed), 2)),
        (
            "commissions_voided",
            f.commissions.map_or(Value::Null, |m| json!(m.voided)),
        ),
        ("commissions", opt(money_total, 2)),
        ("offer_cost", opt(f.offer_cost, 2)),
        ("cost", opt(f.cost(), 2)),
        ("ltv_to_cost", opt(f.ltv_to_cost(), 2)),
        ("net_revenue", opt(f.net(), 2)),
    ]
}

/// With `--success`, the success share's fields, after the others.
fn success_fields(f: &Figures) -> Vec<(&'static str, Value)> {
    let share = f.success();
    vec![
        ("successful", f.successful.map_or(Value::Null, |n| json!(n))),
        ("success", opt(share.map(|c| c.value), 4)),
        ("success_low", opt(share.map(|c| c.low), 4)),
        ("success_high", opt(share.map(|c| c.high), 4)),
    ]
}

/// A line's fields, in the CSV's column order.
type Line = Vec<(&'static str, Value)>;

/// Every line of the report: kind, id, name, its own fields, figures.
fn lines(r: &Report) -> Vec<Line> {
    let mut out = Vec::new();
    let judged = r.success_rule.is_some();
    let mut line = |kind: &str, id: &str, name: &str, own: Line, f: &Figures| {
        let mut m: Line = vec![
            ("kind", json!(kind)),
            ("id", json!(id)),
            ("name", json!(name)),
        ];
        m.extend(own);
        m.extend(figures(f));
        if judged {
            m.extend(success_fields(f));
        }
        out.push(m);
    };
    let no_fields = || -> Line {
        vec![
            ("segment", Value::Null),
            ("code", Value::Null),
            ("active_affiliate", Value::Null),
            ("flags", json!("")),
        ]
    };
    line(
        "program",
        "referred",
        "Referred accounts",
        no_fields(),
        &r.program,
    );
    line(
        "program",
        "not-referred",
        "Accounts nobody referred",
        no_fields(),
        &r.not_referred,
    );
    for a in &r.affiliates {
        let flags: Vec<&str> = r
            .flags
            .iter()
            .filter(|f| f.subject == a.slug && f.kind != super::FlagKind::UnknownCode)
            .map(|f| f.kind.name())
            .collect();
        line(
            "affiliate",
            &a.slug,
            &a.name,
            vec![
                ("segment", json!(a.segment)),
                ("code", json!(a.code)),
                ("active_affiliate", json!(a.active)),
                ("flags", json!(flags.join(";"))),
            ],
            &a.figures,
        );
    }
    for s in &r.segments {
        line("segment", &s.id, &s.name, no_fields(), &s.figures);
    }
    for g in &r.groups {
        line("niche-channel", &g.id, &g.name, no_fields(), &g.figures);
    }
    out
}

/// The report as JSON: its inputs, every line by kind, unknown codes and
/// flags.
pub fn json(r: &Report) -> String {
    let all: Vec<Map<String, Value>> = lines(r)
        .into_iter()
        .map(|l| l.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
        .collect();
    let of = |kind: &str| -> Vec<Value> {
        all.iter()
            .filter(|m| m["kind"] == kind)
            .map(|m| {
                let mut m = m.clone();
                m.remove("kind");
                if kind != "affiliate" {
                    for k in ["segment", "code", "active_affiliate", "flags"] {
                        m.remove(k);
                    }
                }
                Value::Object(m)
            })
            .collect()
    };
    let program = of("program");
    let doc = json!({
        "site": r.site,
        "customers": r.customers.display().to_string(),
        "commissions": r.commissions.as_ref().map(|p| p.display().to_string()),
        "currency": r.currency,
        "min_ltv_to_cac": r.min_ltv_to_cac,
        "customer_rows": r.customer_rows,
        "program": program[0],
        "not_referred": program[1],
        "affiliates": of("affiliate"),
        "segments": of("segment"),
        "niche_channels": of("niche-channel"),
        "unknown_codes": r.unknown.iter().map(|u| json!({
            "code": u.code,
            "accounts": u.accounts,
            "line": u.line,
            "near": u.near,
        })).collect::<Vec<_>>(),
        "unattributed_commissions": {
            "rows": r.unattributed.0,
            "amount": round(r.unattributed.1, 2),
        },
        "flags": r.flags.iter().map(|f| json!({
            "kind": f.kind.name(),
            "subject": f.subject,
            "message": f.message,
        })).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("a report is JSON");
    text.push('\n');
    text
}

/// The report as one CSV table: a row per line (`kind`: program,
/// affiliate, segment, niche-channel, unknown-code), safe for
/// spreadsheets.
pub fn csv(r: &Report) -> Result<String, String> {
    let mut all = lines(r);
    let columns: Vec<String> = all[0].iter().map(|(k, _)| k.to_string()).collect();
    for u in &r.unknown {
        all.push(vec![
            ("kind", json!("unknown-code")),
            ("id", json!(u.code)),
            ("name", json!(u.near.as_deref().unwrap_or(""))),
            ("referred", json!(u.accounts)),
            ("flags", json!("unknown-code")),
        ]);
    }
    let rows: Vec<Vec<String>> = all
        .iter()
        .map(|m| {
            columns
                .iter()
                .map(|c| match m.iter().find(|(k, _)| k == c).map(|(_, v)| v) {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                })
                .collect()
        })
        .collect();
    crate::table::csv_text(
        &columns,
        rows.iter().map(|r| r.iter().map(String::as_str)),
        false,
    )
}

/// The figure columns of the report's tables, in order.
pub const COLUMNS: [&str; 10] = [
    "referred",
    "active",
    "churn",
    "95% interval",
    "NPS",
    "health",
    "avg LTV",
    "cost",
    "LTV/cost",
    "net revenue",
];

/// The figures as the tables show them, in [`COLUMNS`] order; `–` where
/// one is unknown.
pub fn shown(f: &Figures) -> [String; 10] {
    let churn = f.churn();
    let dash = || "–".to_string();
    [
        f.referred.to_string(),
        f.active().to_string(),
        churn.map_or_else(dash, |c| percent(c.value)),
        churn.map_or_else(dash, |c| format!("{}–{}", percent(c.low), percent(c.high))),
        f.nps.value().map_or_else(dash, |v| format!("{v:.1}")),
        f.health.value().map_or_else(dash, |v| format!("{v:.0}")),
        f.ltv.value().map_or_else(dash, |v| money(v.round())),
        // Whole units in every money column, so that a column reads
        // alike down its rows; the CSV and JSON keep the cents.
        f.cost().map_or_else(dash, |v| money(v.round())),
        f.ltv_to_cost().map_or_else(dash, |v| format!("{v:.2}")),
        f.net().map_or_else(dash, |v| money(v.round())),
    ]
}

/// The affiliates the tables list — the active ones, and inactive ones
/// that referred someone — each by the name it is listed under.
pub fn listed(r: &Report) -> impl Iterator<Item = (String, &AffiliateLine)> {
    r.affiliates
        .iter()
        .filter(|a| a.active || a.figures.referred > 0)
        .map(|a| {
            let name = if a.active {
                a.slug.clone()
            } else {
                format!("{} (inactive)", a.slug)
            };
            (name, a)
        })
}

/// The report for a terminal.
pub fn table(r: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let cur = r
        .currency
        .as_deref()
        .map_or(String::new(), |c| format!(" ({c})"));
    // Names, ids and codes come from the exports and the site's files:
    // shown escaped, so a cell cannot recolour or reorder the terminal.
    let safe = |s: &str| crate::diag::printable(s).into_owned();
    let _ = writeln!(out, "Partner report: {}", safe(&r.site));
    let stray: u64 = r.unknown.iter().map(|u| u.accounts).sum();
    let _ = writeln!(
        out,
        "customers: {} ({} customers, {} referred{})",
        safe(&r.customers.display().to_string()),
        r.customer_rows,
        r.customer_rows - r.not_referred.referred,
        if stray > 0 {
            format!(", {stray} of them by codes no affiliate has")
        } else {
            String::new()
        }
    );
    match &r.commissions {
        Some(c) => {
            let _ = writeln!(
                out,
                "commissions: {}{}",
                safe(&c.display().to_string()),
                safe(&cur)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "commissions: from the offers in force (no --commissions export)"
            );
        }
    }
    out.push('\n');

    // With --success, each line's successful accounts, their share and
    // its interval.
    let judged = r.success_rule.is_some();
    if let Some(rule) = &r.success_rule {
        let _ = writeln!(out, "successful customers: {rule}\n");
    }
    let cells = |name: &str, f: &Figures| -> Vec<String> {
        let mut row: Vec<String> = std::iter::once(safe(name)).chain(shown(f)).collect();
        if judged {
            let share = f.success();
            let dash = || "–".to_string();
            row.push(f.successful.map_or_else(dash, |n| n.to_string()));
            row.push(share.map_or_else(dash, |c| percent(c.value)));
            row.push(
                share.map_or_else(dash, |c| format!("{}–{}", percent(c.low), percent(c.high))),
            );
        }
        row
    };
    let section = |out: &mut String, title: &str, rows: Vec<Vec<String>>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(out, "{title}");
        let success: &[&str] = if judged {
            &["successful", "success", "95% interval"]
        } else {
            &[]
        };
        let header = std::iter::once("")
            .chain(COLUMNS)
            .chain(success.iter().copied());
        let mut all = vec![header.map(str::to_string).collect::<Vec<_>>()];
        all.extend(rows);
        write_columns(out, &all);
        out.push('\n');
    };
    section(
        &mut out,
        "Program",
        vec![
            cells("referred accounts", &r.program),
            cells("nobody referred", &r.not_referred),
        ],
    );
    let base = r
        .min_ltv_to_cac
        .map_or(String::new(), |m| format!(" (guardrail: LTV/cost ≥ {m})"));
    section(
        &mut out,
        &format!("Affiliates (the accounts credited to each one's code){base}"),
        listed(r)
            .map(|(name, a)| cells(&name, &a.figures))
            .collect(),
    );
    section(
        &mut out,
        "Segments (the accounts credited to the affiliates of each segment)",
        r.segments
            .iter()
            .map(|s| cells(&s.id, &s.figures))
            .collect(),
    );
    section(
        &mut out,
        "Niche × channel (every referred account by its own niche and channel, those of codes no affiliate has included)",
        r.groups.iter().map(|g| cells(&g.id, &g.figures)).collect(),
    );
    if r.flags.is_empty() {
        let _ = writeln!(out, "No flags.");
    } else {
        let _ = writeln!(out, "Flags ({})", r.flags.len());
        for f in &r.flags {
            let _ = writeln!(out, "  {:<19} {}", f.kind.name(), safe(&f.message));
        }
    }
    out
}

/// Rows in columns: the first left-aligned, the rest right-aligned.
fn write_columns(out: &mut String, rows: &[Vec<String>]) {
    let width = |s: &str| s.chars().count();
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(cell));
            if i == 0 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands_and_keeps_cents() {
        assert_eq!(money(1234.5), "1,234.50");
        assert_eq!(money(1_000_000.0), "1,000,000");
        assert_eq!(money(-99.999), "-100");
        assert_eq!(money(-0.001), "0");
        assert_eq!(percent(0.1234), "12.3%");
    }
}
