//! `tailor derive` on small exports whose right answers were worked out by
//! hand (see the comments), and the segments it writes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn export(name: &str) -> PathBuf {
    Path::new(REPO).join("tests/fixtures/derive").join(name)
}

fn derive(dir: &Path, args: &[&str]) -> Run {
    let out = tailor()
        .arg("derive")
        .args(args)
        .arg("--root")
        .arg(dir)
        .current_dir(dir)
        .output()
        .unwrap();
    out.into()
}

// basic.csv, fintech × organic-search: tickets 1,2,2,9,0,2 → median 2.
// Alpha (NPS 10) and Beta (NPS 9) are promoters, Gamma healthy (75 ≥ 70),
// all with ≤ 2 tickets: successful. Delta has 9 tickets, Epsilon churned,
// Zeta is neither promoter nor healthy. 3 of 6 → a segment.
// Pain points among the three: churn 3, onboarding 2. Use cases:
// churn-prediction 2, health-scores 2 (a tie, by name).
// healthtech × events: Eta (promoter) and Theta (healthy) succeed, Iota does
// not: 2 < 3, no segment. Kappa has no niche and is left out.
#[test]
fn successful_customers_groups_and_rankings() {
    let tmp = tempfile::tempdir().unwrap();
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            export("basic.csv").to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        rows[1],
        "fintech-organic-search               6           3  50.0%      8.0    8,667  churn (3), onboarding (2)     churn-prediction (2), health-scores (2)"
    );
    assert_eq!(
        rows[2],
        "healthtech-events (below 3)          3           2  66.7%      7.0    3,667  adoption (2), compliance (1)  usage-analytics (2)"
    );
    assert!(run.stdout.contains("10 rows: 9 grouped into 2 niche × channel groups, 1 without niche or channel, 0 invalid. 1 of the groups has at least 3 successful customers."));
    let candidates: Vec<&str> = run
        .stdout
        .split("fintech-organic-search: case-study and affiliate candidates\n")
        .nth(1)
        .unwrap()
        .lines()
        .collect();
    assert!(candidates[0].starts_with("  Alpha "), "{candidates:?}");
    assert!(candidates[1].starts_with("  Beta "));
    assert!(candidates[2].starts_with("  Gamma "));
    assert!(
        fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "--dry-run writes nothing"
    );
}

#[test]
fn writes_the_segment_with_its_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let run = derive(
        tmp.path(),
        &["--customers", export("basic.csv").to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<_> = fs::read_dir(tmp.path().join("segments"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["fintech-organic-search.yaml"]);
    let written =
        fs::read_to_string(tmp.path().join("segments/fintech-organic-search.yaml")).unwrap();
    assert_eq!(
        written,
        fs::read_to_string(export("basic.expected.yaml")).unwrap()
    );
}

#[test]
fn thresholds_are_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = export("basic.csv");
    // With two successful customers enough, healthtech × events qualifies.
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--dry-run",
            "--min-group",
            "2",
        ],
    );
    assert!(
        run.stdout.contains("\nhealthtech-events  "),
        "{}",
        run.stdout
    );
    // At a health threshold of 90, Gamma (75, NPS 6) no longer counts.
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--dry-run",
            "--min-health",
            "90",
        ],
    );
    assert!(
        run.stdout
            .contains("fintech-organic-search (below 3)          6           2  33.3%"),
        "{}",
        run.stdout
    );
    let run = derive(
        tmp.path(),
        &["--customers", csv.to_str().unwrap(), "--min-health", "101"],
    );
    assert_eq!(run.code, 2);
}

// aliases.csv: aliased headers, "E-commerce"/"ecommerce"/"Ecommerce" one
// niche, money as "$12,000", health as "85%", status Active/Churned.
// Tickets 0,1,1,5 → median 1: Lumen, Kite and Orbit succeed; Gone churned.
#[test]
fn header_aliases_and_noisy_values() {
    let tmp = tempfile::tempdir().unwrap();
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            export("aliases.csv").to_str().unwrap(),
            "--dry-run",
            // "$12,000": thousands, as the US writes them (nothing in the
            // file says so; see the test of numbers that read two ways).
            "--locale",
            "en-US",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("ecommerce-partner-referral          4           3  75.0%      9.7   14,625  Reporting (2), client retention (2)  Client Dashboards (2), automated reports (2)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Columns not used: Owner."));
}

#[test]
fn bad_rows_are_reported_not_guessed() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = export("bad.csv");
    let run = derive(tmp.path(), &["--customers", csv.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    let file = csv.display().to_string();
    assert_contains_all(
        &run.stderr,
        [
            format!("error: {file}:3:25: nps: 11 is outside 0-10"),
            format!("error: {file}:4:29: health_score: 101 is outside 0-100"),
            format!("error: {file}:5:23: nps: \"nine\" is not a number"),
            format!("error: {file}:6:31: row has 7 cells, the header has 6"),
            format!(
                "error: {file}:7:29: \"churned\" has a value tailor does not read as a customer's standing: \"maybe\" (1 row, first on line 7)"
            ),
            format!("error: {file}: 5 of 6 rows are invalid; nothing was derived"),
        ],
    );
    assert!(!tmp.path().join("segments").exists());

    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--skip-invalid",
            "--dry-run",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "warning: {file}:3:25: nps: 11 is outside 0-10 (row left out)"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("6 rows: 1 grouped"), "{}", run.stdout);
}

/// Exports as CRMs write them: a byte-order mark, CRLF line endings,
/// quoted cells holding commas, `""` escapes and line breaks. Every error
/// points at the cell as an editor shows it.
#[test]
fn errors_point_at_cells_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("export.csv");
    fs::write(
        &csv,
        "\u{feff}\"Account, Inc\",Industry,Source,NPS\r\n\
         \"Acme, \"\"the\"\" Co\",fintech,organic,eleven\r\n\
         \"Two\r\nLines\",fintech,organic,12\r\n\
         Plain,fintech,organic,9,spare\r\n",
    )
    .unwrap();
    let run = derive(tmp.path(), &["--customers", csv.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = csv.display().to_string();
    assert_contains_all(
        &run.stderr,
        [
            // "Acme, ""the"" Co" is 18 characters, then three commas and
            // two words: the NPS cell starts at column 36.
            format!("error: {file}:2:36: nps: \"eleven\" is not a number"),
            // The cell is on the record's second line.
            format!("error: {file}:4:24: nps: 12 is outside 0-10"),
            format!("error: {file}:5:25: row has 5 cells, the header has 4"),
        ],
    );
}

#[test]
fn a_file_without_the_columns_says_what_it_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let run = derive(
        tmp.path(),
        &["--customers", export("missing.csv").to_str().unwrap()],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the header row has none of the columns derive needs: missing niche (industry, vertical, sector, ...); channel (source,"), "{}", run.stderr);
    let run = derive(tmp.path(), &["--customers", "no-such-file.csv"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("no-such-file.csv: cannot read the export"),
        "{}",
        run.stderr
    );
}

#[test]
fn existing_segments_are_kept_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = export("basic.csv");
    let target = tmp.path().join("segments/fintech-organic-search.yaml");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, "name: Edited by hand\nheadline: Mine\n").unwrap();
    let run = derive(tmp.path(), &["--customers", csv.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.contains("kept"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(&target).unwrap(),
        "name: Edited by hand\nheadline: Mine\n"
    );
    let run = derive(
        tmp.path(),
        &["--customers", csv.to_str().unwrap(), "--force"],
    );
    assert_eq!(run.code, 0);
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .starts_with("# Derived by `tailor derive`")
    );
}

#[test]
fn output_is_deterministic() {
    let csv = Path::new(REPO).join("data/customers.csv");
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert_eq!(
        derive(
            a.path(),
            &["--customers", csv.to_str().unwrap(), "--locale", "en-US"]
        )
        .code,
        0
    );
    assert_eq!(
        derive(
            b.path(),
            &["--customers", csv.to_str().unwrap(), "--locale", "en-US"]
        )
        .code,
        0
    );
    let one = files_under(&a.path().join("segments"));
    assert!(one.len() >= 4, "{:?}", one.keys());
    assert_eq!(one, files_under(&b.path().join("segments")));
}

#[test]
fn derived_segments_build_as_they_are() {
    let site = fixture("minimal");
    let csv = Path::new(REPO).join("data/customers.csv");
    let run = derive(
        &site.root,
        &["--customers", csv.to_str().unwrap(), "--locale", "en-US"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let derived =
        fs::read_to_string(site.root.join("segments/fintech-organic-search.yaml")).unwrap();
    assert!(
        derived.contains("Mini"),
        "the site's name is used in the copy:\n{derived}"
    );
    // A draft until a marketer has read it: not published, but previewed
    // with --drafts.
    let page = "for/fintech-organic-search/index.html";
    let run = site.build();
    assert!(!site.out().join(page).exists(), "{}", run.stderr);
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join(page).is_file());
    site.write(
        "segments/fintech-organic-search.yaml",
        &derived.replace("draft: true\n", ""),
    );
    site.build();
    assert!(site.out().join(page).is_file());
}

/// An affiliate of a draft segment gets no page until the segment is
/// published, and is told why, not "unknown segment".
#[test]
fn affiliates_of_a_draft_segment_wait_for_it() {
    let site = fixture("minimal");
    site.write(
        "segments/beta.yaml",
        "name: Beta\nheadline: Beta\ndraft: true\n",
    );
    site.write("segments/beta.de.yaml", "headline: Beta auf Deutsch\n");
    site.write(
        "affiliates.yaml",
        "- name: Ann Active\n  segment: alpha\n  code: ann\n- name: Bea Beta\n  segment: beta\n  code: bea\n",
    );
    let run = site.build();
    assert_contains_all(
        &run.stderr,
        [
            r#"warning: affiliates.yaml:5:12: "Bea Beta" is in segment "beta", a draft: no page until the segment is published"#,
        ],
    );
    assert!(!run.stderr.contains("unknown segment"), "{}", run.stderr);
    assert!(!run.stderr.contains("does not exist"), "{}", run.stderr);
    assert!(!site.out().join("bea-beta/index.html").exists());
    assert!(!site.out().join("for/beta/index.html").exists());
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.out().join("bea-beta/index.html").is_file());
}

// hubspot-companies.csv: HubSpot's company export as it comes (labels as
// headers, a byte-order mark, CRLF). Financial Services × Organic Search:
// Alpha, Beta, Gamma, Delta, Golf are customers (Delta a former one); Echo
// (Lead) and Foxtrot (Opportunity) never were, Hotel has no industry.
// Tickets 1, 2, 0, 5, 1 → median 1. Alpha (NPS 10) and Golf (NPS 9) are
// promoters with 1 ticket, Gamma is Green (100) with 0; Beta has 2 tickets,
// Delta churned. Pain points of the three: churn 2, onboarding 2; use
// cases: health-scores 2 (Health Scores, health-scores), reporting 1.
#[test]
fn a_hubspot_company_export_as_it_comes() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = export("hubspot-companies.csv");
    let run = derive(
        tmp.path(),
        &["--customers", csv.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains_all(
        &run.stdout,
        [
            "financial-services-organic-search          5           3  60.0%      7.8        -  Churn (2), Onboarding (2)  Health Scores (2), Reporting (1)",
            "8 rows: 5 grouped into 1 niche × channel groups, 1 without niche or channel, 0 invalid.",
            "2 rows are not customers (a lead, opportunity or subscriber stage) and were left out.",
            "Columns not used: Record ID, Company owner, Create Date.",
            // Lines as an editor shows them, CRLF or not.
            "Alpha Pay                    NPS 10  health 100  tickets 1  (line 2)",
            "Gamma, Inc.                  health 100  tickets 0  (line 4)",
        ],
    );
    let run = derive(tmp.path(), &["--customers", csv.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = fs::read_to_string(
        tmp.path()
            .join("segments/financial-services-organic-search.yaml"),
    )
    .unwrap();
    assert_contains_all(
        &written,
        [
            // Labels as the export writes them; the id is their slug.
            "niche: Financial Services\n",
            "channel: Organic Search\n",
            "pain_points:\n- Churn\n- Onboarding\n",
            "use_cases:\n- Health Scores\n- Reporting\n",
            "headline: Financial Services teams beat Churn with Health Scores\n",
            "draft: true\n",
        ],
    );
    assert!(
        !written.contains("Delta"),
        "a churned account is no candidate:\n{written}"
    );
}

// salesforce-accounts.csv: a Data Loader export of Accounts (API names,
// CRLF, quoted commas). Its Type column says who is a customer, and derive
// is told so with --column. Healthcare × Partner Referral: Harbor, Island,
// Juniper, Kestrel (Former Customer), Lark; Maple is a Prospect. Tickets
// 2, 1, 3, 9, 0 → median 2. Harbor (NPS 10, 2 tickets), Island (health
// 85, 1) and Lark (health 75, 0) are successful; Juniper has 3 tickets.
// Pain points: compliance 3, no-shows 1; use cases: patient-reminders 3,
// reporting 1.
#[test]
fn a_salesforce_account_export_with_a_column_named() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = export("salesforce-accounts.csv");
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--dry-run",
            "--column",
            "churned=Type",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_contains_all(
        &run.stdout,
        [
            "healthcare-partner-referral          5           3  60.0%      7.2        -  Compliance (3), No shows (1)  Patient Reminders (3), Reporting (1)",
            "1 row is not a customer",
            "Columns not used: Id, AnnualRevenue.",
            "Harbor Clinic                NPS 10  health 90  tickets 2  (line 2)",
        ],
    );
    assert!(!run.stdout.contains("Kestrel"), "{}", run.stdout);
    // A name derive does not know, or a header the file does not have.
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--dry-run",
            "--column",
            "churn_flag=Type",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("\"churn_flag\" is no column derive and report read"),
        "{}",
        run.stderr
    );
    let run = derive(
        tmp.path(),
        &[
            "--customers",
            csv.to_str().unwrap(),
            "--dry-run",
            "--column",
            "churned=Typ",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("the header row has no column \"Typ\", which --column or data.customers.columns in tailor.yaml names for churned — did you mean \"Type\"?"),
        "{}",
        run.stderr
    );
}
