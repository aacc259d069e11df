//! The report as one self-contained page: inline CSS and SVG charts, no
//! script, no request to anywhere. Each chart has its data in a table
//! below it, so a screen reader (and a spreadsheet paste) gets every
//! number the picture shows.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::formats::{COLUMNS, listed, money, percent, shown};
use super::{Figures, FlagKind, Report};

const CSS: &str = r#"
:root { --ink:#111827; --soft:#374151; --muted:#4b5563; --line:#e5e7eb; --wash:#f5f6fb;
  --brand:#3730a3; --good:#0f766e; --bad:#b91c1c; --warn:#92400e; color-scheme: light; }
*, *::before, *::after { box-sizing: border-box; }
body { margin:0; font:400 1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
  color:var(--ink); background:#fff; }
.wrap { max-width:72rem; margin:0 auto; padding:0 1.25rem; }
header { background:var(--wash); border-bottom:1px solid var(--line); padding:2rem 0 1.5rem; }
h1 { font-size:clamp(1.6rem,4vw,2.4rem); margin:0 0 .3rem; letter-spacing:-.02em; }
h2 { font-size:1.35rem; margin:2.2rem 0 .8rem; }
p { margin:0 0 1rem; }
.meta { color:var(--muted); margin:0; overflow-wrap:anywhere; }
.cards { display:grid; grid-template-columns:repeat(auto-fit,minmax(13rem,1fr)); gap:1rem; margin:1.5rem 0 0; padding:0; list-style:none; }
.cards li { background:#fff; border:1px solid var(--line); border-radius:12px; padding:1rem 1.1rem; }
.cards .label { color:var(--muted); font-size:.9rem; display:block; }
.cards .value { font-size:1.7rem; font-weight:750; display:block; line-height:1.2; margin:.2rem 0; }
.cards .note { color:var(--soft); font-size:.9rem; display:block; }
.flags { list-style:none; padding:0; margin:0; display:grid; gap:.6rem; }
.flags li { border:1px solid var(--line); border-left:5px solid var(--warn); border-radius:8px; padding:.6rem .9rem; overflow-wrap:anywhere; }
.flags li.unknown-code, .flags li.low-ltv-to-cost, .flags li.high-churn { border-left-color:var(--bad); }
.flags li.no-referrals { border-left-color:var(--muted); }
.kind { display:inline-block; font-size:.8rem; font-weight:650; background:var(--wash); color:var(--soft);
  border-radius:99px; padding:.05rem .55rem; margin-right:.4rem; }
figure { margin:0 0 1rem; }
figcaption { color:var(--soft); font-size:.95rem; margin-top:.4rem; }
svg { width:100%; height:auto; display:block; }
svg text { font-family:inherit; fill:var(--soft); }
.scroll { overflow-x:auto; border:1px solid var(--line); border-radius:10px; }
table { border-collapse:separate; border-spacing:0; width:100%; font-size:.92rem; font-variant-numeric:tabular-nums; }
caption { text-align:left; font-weight:650; padding:.6rem .8rem; position:sticky; left:0; max-width:calc(100vw - 2.6rem); }
th, td { padding:.45rem .55rem; border-top:1px solid var(--line); text-align:right; white-space:nowrap; }
th:first-child, td:first-child { text-align:left; }
thead th { background:var(--wash); font-weight:650; }
/* The row's name wraps (at its hyphens, else anywhere) rather than widen
   the table; on a phone, where the figures scroll, it stays in view. */
tbody th { white-space:normal; overflow-wrap:anywhere; min-width:7.5rem; max-width:15rem; font-weight:600; }
tbody th, thead th:first-child { position:sticky; left:0; background:#fff; }
thead th:first-child { background:var(--wash); }
@media (max-width:40rem) { table { font-size:.85rem; } tbody th { max-width:9rem; } }
td.flagged { color:var(--bad); font-weight:650; }
footer { color:var(--muted); font-size:.9rem; padding:2rem 0 3rem; }
"#;

/// The page.
pub fn page(r: &Report) -> String {
    let mut h = String::new();
    let title = format!("Partner quality report — {}", r.site);
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        text(&title)
    );
    let _ = writeln!(
        h,
        "<header><div class=\"wrap\">\n<h1>Partner quality</h1>\n<p class=\"meta\">{} · customers from {}{}</p>",
        text(&r.site),
        text(&r.customers.display().to_string()),
        match &r.commissions {
            Some(c) => format!(", commissions from {}", text(&c.display().to_string())),
            None => ", commissions from the offers in force".to_string(),
        }
    );
    summary(&mut h, r);
    h.push_str("</div></header>\n<main class=\"wrap\">\n");
    flags(&mut h, r);
    scatter(&mut h, r);
    churn_bars(&mut h, r);
    tables(&mut h, r);
    h.push_str("</main>\n<footer class=\"wrap\"><p>Made by <code>tailor report</code>. Churn intervals are Wilson 95% intervals; an affiliate is flagged only when its interval clears the program's rate or the guardrail.</p></footer>\n</body>\n</html>\n");
    h
}

fn summary(h: &mut String, r: &Report) {
    let p = &r.program;
    let card = |h: &mut String, label: &str, value: String, note: String| {
        let _ = writeln!(
            h,
            "<li><span class=\"label\">{}</span><span class=\"value\">{}</span><span class=\"note\">{}</span></li>",
            text(label),
            text(&value),
            text(&note)
        );
    };
    h.push_str("<ul class=\"cards\">\n");
    card(
        h,
        "Referred accounts",
        p.referred.to_string(),
        format!("{} still customers", p.active()),
    );
    let churn = |f: &Figures| f.churn().map_or("–".to_string(), |c| percent(c.value));
    card(
        h,
        "Churn of referred accounts",
        churn(p),
        format!("{} for accounts nobody referred", churn(&r.not_referred)),
    );
    card(
        h,
        "LTV / cost per referral",
        p.ltv_to_cost().map_or("–".into(), |v| format!("{v:.1}×")),
        r.min_ltv_to_cac
            .map_or("no guardrail set (economics)".into(), |m| {
                format!("guardrail: at least {m}×")
            }),
    );
    card(
        h,
        "Net revenue from referrals",
        p.net().map_or("–".into(), money),
        format!(
            "LTV less {} in rewards{}",
            p.cost().map_or("–".into(), money),
            r.currency
                .as_deref()
                .map_or(String::new(), |c| format!(" ({c})"))
        ),
    );
    h.push_str("</ul>\n");
}

fn flags(h: &mut String, r: &Report) {
    let _ = writeln!(h, "<h2>What to act on</h2>");
    if r.flags.is_empty() {
        h.push_str("<p>No flags: no unknown codes, and no affiliate whose referrals the data shows churn more or earn less than the program allows.</p>\n");
        return;
    }
    h.push_str("<ul class=\"flags\">\n");
    for f in &r.flags {
        let _ = writeln!(
            h,
            "<li class=\"{}\"><span class=\"kind\">{}</span>{}</li>",
            f.kind.name(),
            text(label(f.kind)),
            text(&f.message)
        );
    }
    h.push_str("</ul>\n");
}

fn label(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::UnknownCode => "credited to nobody",
        FlagKind::LowLtvToCost => "costs more than it earns",
        FlagKind::HighChurn => "referrals churn",
        FlagKind::InactiveReferring => "inactive, still referring",
        FlagKind::NoReferrals => "no referrals yet",
    }
}

/// Referrals against LTV / cost per affiliate, with the guardrail.
fn scatter(h: &mut String, r: &Report) {
    let points: Vec<(&str, f64, f64, bool)> = r
        .affiliates
        .iter()
        .filter_map(|a| {
            let ratio = a.figures.ltv_to_cost()?;
            let flagged = r
                .flags
                .iter()
                .any(|f| f.subject == a.slug && f.kind == FlagKind::LowLtvToCost);
            Some((a.slug.as_str(), a.figures.referred as f64, ratio, flagged))
        })
        .collect();
    h.push_str("<h2>Referrals and what they earn</h2>\n");
    if points.is_empty() {
        h.push_str("<p>No affiliate has both referrals with a known LTV and a known cost.</p>\n");
        return;
    }
    let (w, ht) = (720.0, 340.0);
    let (left, right, top, bottom) = (56.0, 20.0, 16.0, 44.0);
    let max_x = points.iter().map(|p| p.1).fold(1.0, f64::max);
    // One outlier (an inactive affiliate with nothing paid) must not
    // squash everyone else against the axis: the scale stops at three
    // times the guardrail or the 90th percentile, and a dot above it sits
    // on the top edge as a triangle, its value in its tooltip and table.
    let mut ratios: Vec<f64> = points.iter().map(|p| p.2).collect();
    ratios.sort_by(f64::total_cmp);
    let p90 = ratios[(ratios.len() - 1) * 9 / 10];
    let max_y = (ratios[ratios.len() - 1])
        .min(p90.max(r.min_ltv_to_cac.unwrap_or(1.0) * 3.0))
        .max(r.min_ltv_to_cac.unwrap_or(1.0))
        .max(1.0)
        * 1.1;
    let x = |v: f64| left + v / max_x * (w - left - right);
    let y = |v: f64| top + (1.0 - v / max_y) * (ht - top - bottom);
    let _ = writeln!(
        h,
        "<figure>\n<svg viewBox=\"0 0 {w} {ht}\" role=\"img\" aria-labelledby=\"scatter-title\">\n<title id=\"scatter-title\">Each affiliate's referred accounts against their LTV per referral cost{}</title>",
        r.min_ltv_to_cac.map_or(String::new(), |m| format!(
            "; the dashed line is the guardrail, {m}"
        ))
    );
    // Axes and grid.
    for i in 0..=4 {
        let v = max_y * f64::from(i) / 4.0;
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#e5e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\">{v:.1}×</text>",
            w - right,
            y(v),
            y(v),
            left - 6.0,
            y(v) + 4.0
        );
    }
    let _ = writeln!(
        h,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">referred accounts</text>",
        (left + w - right) / 2.0,
        ht - 6.0
    );
    if let Some(m) = r.min_ltv_to_cac {
        let _ = writeln!(
            h,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b91c1c\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" style=\"fill:#b91c1c\">guardrail {m}×</text>",
            w - right,
            y(m),
            y(m),
            w - right,
            y(m) - 6.0
        );
    }
    let below = |v: f64| r.min_ltv_to_cac.is_some_and(|m| v < m);
    for (slug, px, py, flagged) in &points {
        let colour = if *flagged || below(*py) {
            "#b91c1c"
        } else {
            "#3730a3"
        };
        // Below the guardrail without the evidence for a flag: a ring.
        let fill = if below(*py) && !*flagged {
            format!("fill=\"#fff\" stroke=\"{colour}\" stroke-width=\"2.5\"")
        } else {
            format!("fill=\"{colour}\" fill-opacity=\".8\"")
        };
        let tip = format!("{}: {} referred, {:.2}×", text(slug), px, py);
        if *py > max_y {
            let (cx, cy) = (x(*px), y(max_y));
            let _ = writeln!(
                h,
                "<path d=\"M{:.1} {:.1}l7 12h-14z\" fill=\"{colour}\"><title>{tip} (above the scale)</title></path>",
                cx,
                cy - 2.0
            );
        } else {
            let _ = writeln!(
                h,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\" {fill}><title>{tip}</title></circle>",
                x(*px),
                y(*py)
            );
        }
    }
    // The biggest referrers are named, where a name has room.
    let mut named: Vec<&(&str, f64, f64, bool)> = points.iter().collect();
    named.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    // Boxes taken: every dot, then every name placed.
    let mut placed: Vec<(f64, f64, f64)> = points
        .iter()
        .map(|p| (x(p.1) - 7.0, x(p.1) + 7.0, y(p.2.min(max_y)) + 4.0))
        .collect();
    for (slug, px, py, _) in named.into_iter().take(8) {
        let anchor = if x(*px) > w * 0.75 { "end" } else { "start" };
        let width = slug.chars().count() as f64 * 7.0;
        let start = if anchor == "end" {
            x(*px) - 9.0 - width
        } else {
            x(*px) + 9.0
        };
        let ty = y(py.min(max_y)) + if *py > max_y { 12.0 } else { 4.0 };
        if placed
            .iter()
            .any(|&(s, e, y)| (y - ty).abs() < 14.0 && start < e && s < start + width)
        {
            continue;
        }
        placed.push((start, start + width, ty));
        let _ = writeln!(
            h,
            "<text x=\"{start:.1}\" y=\"{ty:.1}\" font-size=\"12\">{}</text>",
            text(slug)
        );
    }
    // Whole numbers of accounts on the axis.
    let step = (max_x / 4.0).ceil().max(1.0);
    let ticks = (max_x / step).floor() as u32;
    for i in 0..=ticks {
        let v = step * f64::from(i);
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">{v:.0}</text>",
            x(v),
            ht - bottom + 16.0
        );
    }
    h.push_str("</svg>\n<figcaption>Each dot is an affiliate: how many accounts they referred, and the average LTV of those accounts over what a referral cost. Solid red: flagged (below the guardrail by more than chance); a red ring: below it, on too few referrals to say. The figures are in the affiliates table below.</figcaption>\n</figure>\n");
}

/// The most characters of an id the churn chart's labels show.
const LABEL_CHARS: usize = 34;

/// Churn per niche × channel, with intervals and the program's rate.
fn churn_bars(h: &mut String, r: &Report) {
    // The groups with the most referred accounts, biggest first.
    let mut groups: Vec<_> = r
        .groups
        .iter()
        .filter_map(|g| Some((g, g.figures.churn()?)))
        .collect();
    groups.sort_by(|a, b| {
        b.0.figures
            .referred
            .cmp(&a.0.figures.referred)
            .then(a.0.id.cmp(&b.0.id))
    });
    let shown = groups.len().min(12);
    let more = groups.len() - shown;
    groups.truncate(shown);
    h.push_str("<h2>Which customers stay</h2>\n");
    if groups.is_empty() {
        h.push_str("<p>The export has no niche and channel for the referred accounts.</p>\n");
        return;
    }
    let row = 30.0;
    let (left, right, top) = (262.0, 24.0, 12.0);
    let w = 720.0;
    let ht = top + row * groups.len() as f64 + 36.0;
    let x = |v: f64| left + v * (w - left - right);
    let _ = writeln!(
        h,
        "<figure>\n<svg viewBox=\"0 0 {w} {ht:.0}\" role=\"img\" aria-labelledby=\"churn-title\">\n<title id=\"churn-title\">Share of referred accounts that churned, per niche and channel, with 95% intervals{}</title>",
        r.program.churn().map_or(String::new(), |c| format!(
            "; the program's rate is {}",
            percent(c.value)
        ))
    );
    for i in 0..=4 {
        let v = f64::from(i) / 4.0;
        let _ = writeln!(
            h,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"#e5e7eb\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            x(v),
            x(v),
            ht - 28.0,
            x(v),
            ht - 12.0,
            percent(v).replace(".0%", "%")
        );
    }
    for (i, (g, c)) in groups.iter().enumerate() {
        let cy = top + row * i as f64 + row / 2.0;
        // A long id is shortened in its middle, where ids differ least
        // (`contabilidade-…-indicacao`); the whole id is its title (shown
        // on hover) and is in the table below.
        let chars: Vec<char> = g.id.chars().collect();
        let id: String = if chars.len() > LABEL_CHARS {
            let head = (LABEL_CHARS - 1) / 2;
            let tail = LABEL_CHARS - 1 - head;
            chars[..head]
                .iter()
                .chain(['…'].iter())
                .chain(chars[chars.len() - tail..].iter())
                .collect()
        } else {
            g.id.clone()
        };
        let label = format!("{id} ({})", g.figures.referred);
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\"><title>{} ({} referred)</title>{}</text>\n<rect x=\"{left}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"3\" fill=\"#0f766e\" fill-opacity=\".75\"><title>{}: {} of {} churned ({}, 95% interval {}–{})</title></rect>\n<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{cy:.1}\" y2=\"{cy:.1}\" stroke=\"#111827\" stroke-width=\"1.5\"/>",
            left - 8.0,
            cy + 4.0,
            text(&g.id),
            g.figures.referred,
            text(&label),
            cy - 7.0,
            x(c.value) - left,
            text(&g.id),
            g.figures.churned,
            g.figures.referred,
            percent(c.value),
            percent(c.low),
            percent(c.high),
            x(c.low),
            x(c.high),
        );
    }
    if let Some(base) = r.program.churn() {
        let _ = writeln!(
            h,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{top}\" y2=\"{:.1}\" stroke=\"#b91c1c\" stroke-dasharray=\"5 4\" stroke-width=\"1.5\"/>",
            x(base.value),
            x(base.value),
            ht - 28.0
        );
    }
    h.push_str("</svg>\n<figcaption>Bars: the share of referred accounts that churned; the black line across each bar is its 95% interval; the dashed line the whole program's rate. A bar whose line stays clear of the dashed one differs from the program by more than chance.");
    if more > 0 {
        let _ = write!(
            h,
            " The {shown} groups with the most referred accounts; {more} more are in the table below."
        );
    }
    h.push_str("</figcaption>\n</figure>\n");
}

fn tables(h: &mut String, r: &Report) {
    // The terminal's columns but health, which the page leaves out.
    let columns = || {
        COLUMNS
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c != "health")
    };
    let head: String = columns()
        .map(|(_, c)| format!("<th scope=\"col\">{}</th>", text(c)))
        .collect();
    let cells = |f: &Figures, low_ratio: bool, high_churn: bool| -> String {
        let values = shown(f);
        columns()
            .map(|(i, c)| {
                let flagged = (c == "churn" && high_churn) || (c == "LTV/cost" && low_ratio);
                let class = if flagged { " class=\"flagged\"" } else { "" };
                format!("<td{class}>{}</td>", values[i])
            })
            .collect()
    };
    let table = |h: &mut String, caption: &str, first: &str, rows: Vec<(String, String)>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(
            h,
            "<div class=\"scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\"><table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>{head}</tr></thead>\n<tbody>",
            attr(caption),
            text(caption),
            text(first)
        );
        for (name, cells) in rows {
            let _ = writeln!(h, "<tr><th scope=\"row\">{}</th>{cells}</tr>", text(&name));
        }
        h.push_str("</tbody></table></div>\n");
    };
    h.push_str("<h2>The figures</h2>\n");
    let flagged =
        |slug: &str, kind: FlagKind| r.flags.iter().any(|f| f.subject == slug && f.kind == kind);
    table(
        h,
        "Affiliates: the accounts credited to each affiliate's code",
        "affiliate",
        listed(r)
            .map(|(name, a)| {
                (
                    name,
                    cells(
                        &a.figures,
                        flagged(&a.slug, FlagKind::LowLtvToCost),
                        flagged(&a.slug, FlagKind::HighChurn),
                    ),
                )
            })
            .collect(),
    );
    h.push_str("<p></p>\n");
    table(
        h,
        "The affiliates' segments: the accounts credited to the affiliates of each segment",
        "segment",
        r.segments
            .iter()
            .map(|s| (s.id.clone(), cells(&s.figures, false, false)))
            .collect(),
    );
    h.push_str("<p></p>\n");
    table(
        h,
        "Niche × channel: every referred account by its own niche and channel, those of codes no affiliate has included",
        "niche × channel",
        r.groups
            .iter()
            .map(|g| (g.id.clone(), cells(&g.figures, false, false)))
            .collect(),
    );
    h.push_str("<p></p>\n");
    table(
        h,
        "Program: every referred account, and the accounts nobody referred",
        "accounts",
        vec![
            ("referred".into(), cells(&r.program, false, false)),
            (
                "nobody referred".into(),
                cells(&r.not_referred, false, false),
            ),
        ],
    );
}
