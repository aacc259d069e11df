//! `tailor report` on `tests/fixtures/report`: four affiliates (ANN, bob,
//! cat who left, dan who referred nobody), eight customers and a commission
//! export. Every figure asserted here was worked out by hand:
//!
//! - ann: A1 (1000), A2 (200, churned), A3 (1400, its cell a link with
//!   `?ref=ANN`): 3 referred, 1 churned, average LTV 866.67. With the
//!   offers only, a referral costs 100 + 50: 450 in all, LTV / cost
//!   866.67 / 150 = 5.78. With the export: 120 paid, 120 paid less a 20
//!   clawback (joined by customer c2, no token), 120 voided, a -30
//!   reversal: 190 paid, plus the referred side's 3 × 50: 340, so
//!   866.67 / 113.33 = 7.65.
//! - bob: B1 (100, churned); B2's cell says `Bob`, which the generic
//!   platform does not read as `bob`: an unknown code, near bob. Churn 1 of
//!   1 is above the program's 2 of 5, but Wilson's interval (20.7%–100%)
//!   says one referral is no evidence: no flag. Commission 80 pending,
//!   joined by customer c4.
//! - cat: inactive, one referral: flagged. dan: none: flagged.
//! - commission 5 names `zed` and no customer: unattributed, 50.

use std::fs;

use serde_json::Value;

use super::support::{Run, Site, fixture};

fn report(site: &Site, extra: &[&str]) -> Run {
    let mut args = vec!["report", "--customers", "customers.csv"];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

fn affiliate<'a>(doc: &'a Value, slug: &str) -> &'a Value {
    doc["affiliates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == slug)
        .unwrap_or_else(|| panic!("no affiliate {slug} in {doc:#}"))
}

fn flags(doc: &Value) -> Vec<(String, String)> {
    doc["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["subject"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn referred_accounts_join_their_affiliate_by_code_as_the_platform_compares_it() {
    let site = fixture("report");
    let doc = json(&report(&site, &["--format", "json"]));
    let ann = affiliate(&doc, "ann");
    assert_eq!(ann["referred"], 3, "a link in the cell counts: {ann:#}");
    assert_eq!(ann["churned"], 1);
    assert_eq!(ann["avg_ltv"], 866.67);
    assert_eq!(ann["cost"], 450.0);
    assert_eq!(ann["ltv_to_cost"], 5.78);
    assert_eq!(ann["net_revenue"], 2150.0);
    let bob = affiliate(&doc, "bob");
    assert_eq!(bob["referred"], 1, "\"Bob\" is not bob's code: {bob:#}");
    assert_eq!(affiliate(&doc, "dan")["referred"], 0);
    // The lead is no customer: left out of everything.
    assert_eq!(doc["customer_rows"], 8);
    assert_eq!(doc["not_referred"]["referred"], 2);
    assert_eq!(doc["program"]["referred"], 5);
    assert_eq!(doc["program"]["churned"], 2);
    assert_eq!(
        doc["unknown_codes"],
        serde_json::json!([{ "code": "Bob", "accounts": 1, "line": 6, "near": "bob" }])
    );
    // Niche spellings are one niche, as derive reads them.
    let groups: Vec<(&str, u64)> = doc["niche_channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["id"].as_str().unwrap(), g["referred"].as_u64().unwrap()))
        .collect();
    assert_eq!(groups, [("fintech-web", 3), ("retail-events", 3)]);
}

#[test]
fn flags_need_evidence_and_say_what_to_do() {
    let site = fixture("report");
    let doc = json(&report(&site, &["--format", "json"]));
    assert_eq!(
        flags(&doc),
        [
            ("unknown-code".to_string(), "Bob".to_string()),
            ("inactive-referring".to_string(), "cat".to_string()),
            ("no-referrals".to_string(), "dan".to_string()),
        ],
        "bob's one churned referral is no evidence of high churn, nor his 0.67 LTV / cost of a low one"
    );
    let run = report(&site, &[]);
    assert!(
        run.stdout.contains("\"Bob\", a code no affiliate has (first at customers.csv:6): credited to nobody — bob differs only in case"),
        "{}",
        run.stdout
    );
}

#[test]
fn commissions_from_the_export_replace_the_referrer_reward_of_the_offers() {
    let site = fixture("report");
    let run = report(
        &site,
        &["--commissions", "commissions.csv", "--format", "json"],
    );
    let doc = json(&run);
    assert_eq!(doc["currency"], "USD");
    let ann = affiliate(&doc, "ann");
    assert_eq!(ann["commissions_paid"], 190.0, "{ann:#}");
    assert_eq!(ann["commissions_owed"], 0.0);
    assert_eq!(ann["commissions_voided"], 1);
    assert_eq!(ann["offer_cost"], 150.0, "the referred side's rewards");
    assert_eq!(ann["cost"], 340.0);
    assert_eq!(ann["ltv_to_cost"], 7.65);
    let bob = affiliate(&doc, "bob");
    assert_eq!(bob["commissions_owed"], 80.0, "joined by customer: {bob:#}");
    assert_eq!(bob["cost"], 130.0);
    assert_eq!(affiliate(&doc, "cat")["cost"], 50.0);
    assert_eq!(
        doc["unattributed_commissions"],
        serde_json::json!({ "rows": 1, "amount": 50.0 })
    );
    assert!(
        run.stderr
            .contains("commissions.csv:6: 1 commission row names no affiliate of the site"),
        "{}",
        run.stderr
    );
}

#[test]
fn amounts_in_cents_are_read_as_cents() {
    let site = fixture("report");
    site.write(
        "commissions.csv",
        "amount_cents,state,affiliate_token\n12000,paid,ANN\n",
    );
    let doc = json(&report(
        &site,
        &["--commissions", "commissions.csv", "--format", "json"],
    ));
    assert_eq!(affiliate(&doc, "ann")["commissions_paid"], 120.0);
    site.write(
        "commissions.csv",
        "amount,state,affiliate_token\n12000,paid,ANN\n",
    );
    let doc = json(&report(
        &site,
        &[
            "--commissions",
            "commissions.csv",
            "--cents",
            "--format",
            "json",
        ],
    ));
    assert_eq!(affiliate(&doc, "ann")["commissions_paid"], 120.0);
}

#[test]
fn bad_exports_are_errors_at_their_cell() {
    let site = fixture("report");
    site.write(
        "commissions.csv",
        "amount,status,affiliate_token\n10,paid,ANN\n10,maybe,ANN\n",
    );
    let run = report(&site, &["--commissions", "commissions.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("commissions.csv:3:4: \"status\" has a value tailor does not read as a commission's status: \"maybe\" (1 row, first on line 3)"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no half report: {}", run.stdout);

    site.write(
        "commissions.csv",
        "amount,currency,affiliate_token\n10,USD,ANN\n10,EUR,ANN\n",
    );
    let run = report(&site, &["--commissions", "commissions.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "the commissions are in more than one currency: EUR (first on line 3), USD (first on line 2)"
        ),
        "{}",
        run.stderr
    );

    site.write("plain.csv", "Account,Industry,NPS\nA,fintech,9\n");
    let run = site.run(&["report", "--customers", "plain.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "plain.csv:1:1: the header row has not every column report needs: missing referred_by (referral_code, referrer, referred_by_code, ...)"
        ),
        "{}",
        run.stderr
    );

    site.write(
        "customers.csv",
        "Account,NPS,Referred By\nA,9,ANN\nB,eleven,ANN\n",
    );
    let run = report(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("customers.csv:3:3: nps: "),
        "{}",
        run.stderr
    );
    let run = report(&site, &["--skip-invalid", "--format", "json"]);
    assert_eq!(affiliate(&json(&run), "ann")["referred"], 1);
}

#[test]
fn fail_on_exits_1_only_for_the_kinds_asked() {
    let site = fixture("report");
    assert_eq!(report(&site, &["--fail-on", "flags"]).code, 1);
    assert_eq!(report(&site, &["--fail-on", "no-referrals"]).code, 1);
    assert_eq!(
        report(&site, &["--fail-on", "high-churn,low-ltv-to-cost"]).code,
        0
    );
    let run = report(&site, &["--fail-on", "loud"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("\"loud\" is no flag"), "{}", run.stderr);
}

#[test]
fn the_report_is_the_same_bytes_every_time_in_every_format() {
    let site = fixture("report");
    for format in ["table", "csv", "json"] {
        let args = ["--commissions", "commissions.csv", "--format", format];
        let (a, b) = (report(&site, &args), report(&site, &args));
        assert_eq!(a.code, 0, "{}", a.stderr);
        assert_eq!(a.stdout, b.stdout, "{format}");
    }
    let csv = report(&site, &["--format", "csv"]).stdout;
    let header = csv.lines().next().unwrap();
    assert!(header.starts_with("kind,id,name,segment,code,active_affiliate,flags,referred,active,churned,churn,churn_low,churn_high,avg_nps"), "{header}");
    assert!(
        csv.contains("\naffiliate,ann,Ann,alpha,ANN,true,,3,2,1,0.3333,"),
        "{csv}"
    );
    assert!(csv.contains("\nunknown-code,Bob,bob,"), "{csv}");
    let one = site.root.join("one");
    let two = site.root.join("two");
    for dir in [&one, &two] {
        let run = report(&site, &["--html", dir.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    assert_eq!(
        fs::read(one.join("index.html")).unwrap(),
        fs::read(two.join("index.html")).unwrap()
    );
}

#[test]
fn the_html_report_stands_alone_and_never_lands_in_the_published_site() {
    let site = fixture("report");
    let run = report(&site, &["--html", "public/report"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!site.root.join("public/report").exists());
    let run = report(
        &site,
        &[
            "--commissions",
            "commissions.csv",
            "--html",
            "partner-report",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = fs::read_to_string(site.root.join("partner-report/index.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    for (css, attr) in [
        ("[src]", "src"),
        ("[href]", "href"),
        ("link", "href"),
        ("script", "src"),
    ] {
        let sel = scraper::Selector::parse(css).unwrap();
        let loads: Vec<_> = html.select(&sel).map(|el| el.value().attr(attr)).collect();
        assert!(loads.is_empty(), "the report loads {loads:?}");
    }
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    // Both charts, each with a title, and every affiliate in the table.
    assert_eq!(page.matches("<svg ").count(), 2);
    assert_eq!(page.matches("role=\"img\" aria-labelledby=").count(), 2);
    for slug in ["ann", "bob", "cat (inactive)", "dan"] {
        assert!(
            page.contains(&format!("<th scope=\"row\">{slug}</th>")),
            "{slug}"
        );
    }
}

/// `--html DIR` never writes over a page it did not write (issue 26), nor
/// into the site's own folders; its own page it replaces while unchanged.
#[test]
fn the_html_report_never_overwrites_what_it_did_not_write() {
    let site = fixture("report");
    site.write("mine/index.html", "<p>my own page</p>");
    let run = report(&site, &["--html", "mine"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "error: mine/index.html: exists, and tailor report did not write it: it is left as it is"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "refused before any work");
    assert_eq!(site.read_src("mine/index.html"), "<p>my own page</p>");
    for (dir, said) in [
        (".", "is the site's own folder, or holds it"),
        ("content", "is inside the site's content/ folder"),
        ("segments/x", "is inside the site's segments/ folder"),
    ] {
        let run = report(&site, &["--html", dir]);
        assert_eq!(run.code, 1, "{dir}: {}", run.stderr);
        assert!(run.stderr.contains(said), "{dir}: {}", run.stderr);
    }
    assert!(!site.root.join("index.html").exists());
    assert!(!site.root.join("content/index.html").exists());
    // Its own page: written, then replaced.
    for _ in 0..2 {
        let run = report(&site, &["--html", "partner-report"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // Once someone edited it, it is theirs.
    site.write("partner-report/index.html", "<p>annotated</p>");
    let run = report(&site, &["--html", "partner-report"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        site.read_src("partner-report/index.html"),
        "<p>annotated</p>"
    );
}

/// A cell of the export printed in the terminal table cannot recolour or
/// reorder it: escape sequences and text-direction overrides come out as
/// `\u{..}` (issue 26).
#[test]
fn control_characters_from_a_cell_are_printed_escaped() {
    let site = fixture("report");
    let csv = site.read_src("customers.csv");
    site.write(
        "customers.csv",
        &format!("{csv}Z9,retail,web,7,Active,100,c99,z@x.io,\u{1b}[31mEVIL\u{202E}gnp.exe\n"),
    );
    let run = report(&site, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for raw in ['\u{1b}', '\u{202E}'] {
        assert!(!run.stdout.contains(raw), "{raw:?} in:\n{}", run.stdout);
        assert!(!run.stderr.contains(raw), "{raw:?} in:\n{}", run.stderr);
    }
    assert!(
        run.stdout.contains("\\u{1b}[31mEVIL\\u{202e}gnp.exe"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_inactive_affiliate_has_a_code_by_the_rules_of_an_active_one() {
    // Cat is inactive and her record has no code. Where codes are not
    // slugs (tracking.code_from_slug: false) she was never issued "cat",
    // and a referral that says "cat" is an unknown code, not hers, as an
    // active affiliate without a code would have no page to credit.
    let site = fixture("report");
    let records = site
        .read_src("affiliates.yaml")
        .replace("  code: cat\n", "");
    site.write("affiliates.yaml", &records);
    let config = site.read_src("tailor.yaml");
    site.write(
        "tailor.yaml",
        &config.replace("tracking:\n", "tracking:\n  code_from_slug: false\n"),
    );
    let doc = json(&report(&site, &["--format", "json"]));
    let cat = affiliate(&doc, "cat");
    assert_eq!(cat["referred"], 0, "{cat:#}");
    assert_eq!(cat["code"], "", "{cat:#}");
    let unknown = doc["unknown_codes"].to_string();
    assert!(unknown.contains("\"cat\""), "{unknown}");
    // Where codes are slugs (the default without a platform), "cat" is hers.
    site.write("tailor.yaml", &config);
    let doc = json(&report(&site, &["--format", "json"]));
    assert_eq!(affiliate(&doc, "cat")["referred"], 1);
    assert_eq!(affiliate(&doc, "cat")["code"], "cat");
}
