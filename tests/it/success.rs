//! The success rule: a team's own, from tailor.yaml, worked by hand on a
//! usage-and-CSAT export without NPS (`tests/fixtures/success/`), and the
//! default one, which must say what derive always said.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn derive(root: &Path, args: &[&str]) -> Run {
    tailor()
        .arg("derive")
        .args(args)
        .arg("--root")
        .arg(root)
        .current_dir(root)
        .output()
        .unwrap()
        .into()
}

fn export() -> PathBuf {
    Path::new(REPO).join("tests/fixtures/success/customers.csv")
}

fn dry_json(root: &Path, customers: &Path) -> serde_json::Value {
    let run = derive(
        root,
        &[
            "--customers",
            customers.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Each candidate of group `id`: name and score, best first.
fn ranking(doc: &serde_json::Value, id: &str) -> Vec<(String, f64)> {
    doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == id)
        .unwrap()["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().to_string(),
                c["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

// The rule (tests/fixtures/success/tailor.yaml): CSAT at least 4 or weekly
// active users in the top 50% of the group, and no more tickets than the
// group's median; points: CSAT ≥ 4 +20, top 50% users +30, seat use ≥ 80%
// +10.
//
// SaaS × Paid Social, six customers (Fern churned, counted in the group's
// values): users 10 30 90 120 150 200, so the top 50% (places 1-3) are 200
// (Birch), 150 (Dune), 120 (Aster); tickets 0 1 1 1 2 6, median 1.
//   Aster  CSAT 5, users 120 (3rd: top 50%), seats 45/50 = 90%, 1 ticket
//          → successful, 20 + 30 + 10 = 60
//   Birch  CSAT 3, users 200 (1st: top 17%), seats 20/40 = 50%, 1 ticket
//          → successful, 30
//   Cedar  CSAT 4, users 30, seats 10/10 = 100%, 0 tickets
//          → successful, 20 + 10 = 30 (a tie with Birch: by name, after)
//   Dune   6 tickets, above the median: not successful
//   Elm    CSAT 2, users 10: neither
//   Fern   churned
// 3 successful: a segment, pain points slow reporting 2 (Aster, Birch).
// Fintech × Events: users 5 50 80, top 50% is place 1 of 3 only (80, Iris);
// tickets 0 3 1, median 1. Gale (CSAT 5, seats 5/10, 0 tickets) 20, Iris
// (users 80, seats 8/10 = 80%, 1 ticket) 30 + 10 = 40, Hazel 3 tickets: 2
// successful, below 3. Juniper is a lead.
#[test]
fn a_usage_and_csat_export_without_nps_yields_the_segments_worked_by_hand() {
    let site = fixture("success");
    let run = derive(
        &site.root,
        &["--customers", export().to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[1..3],
        [
            "fintech-events (below 3)          3           2  66.7%        -        -  compliance (1), reconciliation (1)                   audit trail (2)",
            "saas-paid-social                  6           3  50.0%        -        -  slow reporting (2), onboarding (1), seat sprawl (1)  usage dashboards (2), team rollout (1)",
        ]
    );
    let candidates = run
        .stdout
        .split("saas-paid-social: case-study and affiliate candidates\n")
        .nth(1)
        .unwrap();
    assert_eq!(
        candidates,
        "  Aster                        tickets 1  (line 2)
    score 60: CSAT 5 (+20), active users 120, top 50% (+30), seat use 90% (+10), 1 ticket vs median 1
  Birch                        tickets 1  (line 3)
    score 30: active users 200, top 17% (+30), 1 ticket vs median 1
  Cedar                        tickets 0  (line 4)
    score 30: CSAT 4 (+20), seat use 100% (+10), 0 tickets vs median 1
"
    );
    assert!(
        run.stdout.contains("Successful (derive.success in tailor.yaml): not churned, and CSAT at least 4 or active users in the top 50% of its group, and tickets at most the group's median; score: CSAT at least 4 +20, active users in the top 50% of its group +30, seat use at least 80% +10.\n"),
        "{}",
        run.stdout
    );
    // ARR is in the export and in no criterion.
    assert!(
        run.stderr
            .contains("note: the success rule does not use arr (in the export)"),
        "{}",
        run.stderr
    );

    let doc = dry_json(&site.root, &export());
    assert_eq!(
        ranking(&doc, "fintech-events"),
        [("Iris".to_string(), 40.0), ("Gale".to_string(), 20.0)]
    );

    // The draft says the same in its comment block.
    let run = derive(&site.root, &["--customers", export().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<_> = fs::read_dir(site.root.join("segments"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["saas-paid-social.yaml"]);
    let draft = fs::read_to_string(site.root.join("segments/saas-paid-social.yaml")).unwrap();
    assert!(
        draft.contains("#   Aster                        tickets 1  (line 2)\n#     score 60: CSAT 5 (+20), active users 120, top 50% (+30), seat use 90% (+10), 1 ticket vs median 1\n"),
        "{draft}"
    );
}

// Seat use ≥ 80% worth 25 instead of 10: Aster 20 + 30 + 25 = 75, Cedar
// 20 + 25 = 45, Birch 30 — Cedar now before Birch.
#[test]
fn weights_change_the_ranking_as_worked_by_hand() {
    let site = fixture("success");
    let config = site.root.join("tailor.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let heavier = text.replace(
        "seat_use: { when: at least 80%, add: 10 }",
        "seat_use: { when: at least 80%, add: 25 }",
    );
    assert_ne!(text, heavier);
    let before = dry_json(&site.root, &export());
    assert_eq!(
        ranking(&before, "saas-paid-social"),
        [
            ("Aster".to_string(), 60.0),
            ("Birch".to_string(), 30.0),
            ("Cedar".to_string(), 30.0)
        ]
    );
    fs::write(&config, heavier).unwrap();
    let after = dry_json(&site.root, &export());
    assert_eq!(
        ranking(&after, "saas-paid-social"),
        [
            ("Aster".to_string(), 75.0),
            ("Cedar".to_string(), 45.0),
            ("Birch".to_string(), 30.0)
        ]
    );
}

/// `derive` before the rule could be set (d87da92) on the example site's
/// export: its dry run and the drafts it wrote.
fn before(rel: &str) -> PathBuf {
    Path::new(REPO)
        .join("tests/fixtures/success/default")
        .join(rel)
}

#[test]
fn the_default_rule_says_what_derive_always_said_byte_for_byte() {
    let site = example();
    let customers = Path::new(REPO).join("data/customers.csv");
    let customers = customers.to_str().unwrap();
    let run = derive(&site.root, &["--customers", customers, "--dry-run"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        fs::read_to_string(before("dry-run.txt")).unwrap()
    );
    let out = site.root.join("derived");
    let run = derive(
        &site.root,
        &["--customers", customers, "--out", out.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = fs::read_dir(before("segments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in &names {
        assert_eq!(
            fs::read(out.join(name)).unwrap(),
            fs::read(before(&format!("segments/{name}"))).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn the_explanation_adds_up_to_the_score() {
    let site = example();
    let config = site.root.join("tailor.yaml");
    let mut text = fs::read_to_string(&config).unwrap();
    text.push_str(
        "derive:
  success:
    any: { nps: at least 9, health: at least 70, csat: at least 5 }
    all: { support_tickets: at most median }
    points:
      nps: { when: at least 9, add: 30 }
      health: { when: top 25%, add: 12.5 }
      csat: { when: at least 4, add: 10 }
      ltv: { when: top 25%, add: 15 }
      upsell: { when: \"yes\", add: 10 }
      support_tickets: { when: below median, add: 5 }
      arr: { when: bottom 10%, add: -20 }
",
    );
    fs::write(&config, text).unwrap();
    let doc = dry_json(&site.root, &Path::new(REPO).join("data/customers.csv"));
    assert_eq!(doc["unused_metrics"], serde_json::json!([]));
    let mut checked = 0;
    let mut distinct = std::collections::BTreeSet::new();
    for g in doc["groups"].as_array().unwrap() {
        let mut last = f64::INFINITY;
        for c in g["candidates"].as_array().unwrap() {
            let score = c["score"].as_f64().unwrap();
            let sum: f64 = c["parts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["points"].as_f64().unwrap())
                .sum();
            assert_eq!(sum, score, "{c}");
            assert!(score <= last, "best first: {g}");
            last = score;
            distinct.insert((score * 10.0) as i64);
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} candidates");
    assert!(distinct.len() > 5, "the points make scores: {distinct:?}");
}

#[test]
fn rule_errors_point_at_their_line_in_tailor_yaml() {
    let site = fixture("success");
    let config = site.root.join("tailor.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let (head, _) = text.split_once("derive:").unwrap();
    fs::write(
        &config,
        format!(
            "{head}derive:
  success:
    any:
      nsp: at least 9
      csat: about 4
    points:
      upsell: {{ when: top 0%, add: 5 }}
"
        ),
    )
    .unwrap();
    let run = derive(
        &site.root,
        &["--customers", export().to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.errors(),
        [
            "error: tailor.yaml:10:7: derive.success.any.nsp: \"nsp\" is no metric tailor reads — the metrics are: nps, csat, health_score, active_users, logins, seats_used, seats_bought, seat_use, feature_adoption, ltv, arr, upsell, support_tickets",
            "error: tailor.yaml:11:13: derive.success.any.csat: \"about 4\" is no test tailor reads — write a test as: at least 9, at most median, above 0, below 3, top 30%, bottom 50% or yes (>= and <= work too, quoted)",
            "error: tailor.yaml:13:23: derive.success.points.upsell.when: \"0%\" is no share: write a percentage above 0 and at most 100 — write a test as: at least 9, at most median, above 0, below 3, top 30%, bottom 50% or yes (>= and <= work too, quoted)",
        ],
        "{}",
        run.stderr
    );

    // A metric the rule needs and the export lacks: one error, at the
    // rule's line, naming the column to add and the rule to change.
    fs::write(
        &config,
        format!(
            "{head}derive:\n  success:\n    any:\n      nps: at least 9\n      csat: at least 4\n"
        ),
    )
    .unwrap();
    let run = derive(
        &site.root,
        &["--customers", export().to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.errors(),
        [
            "error: tailor.yaml:10:7: derive.success judges by nps, but customers.csv has no nps column (its columns are \"Company\", \"Industry\", \"Lead Source\", \"CSAT\", \"Weekly Active Users\", \"Seats Used\", \"Seats Purchased\", \"Support Tickets\", ...) — add it to the export (nps (nps_score, net_promoter_score, latest_nps, ...)), name the header that holds it in tailor.yaml (data: { customers: { columns: { nps: \"Your header\" } } }) or with --column nps=\"Your header\", or take nps out of derive.success"
        ],
        "{}",
        run.stderr
    );

    // --min-health is derive's own rule's; a site with its own says it there.
    let run = derive(
        &site.root,
        &[
            "--customers",
            export().to_str().unwrap(),
            "--dry-run",
            "--min-health",
            "60",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: tailor.yaml:8:3: --min-health applies to derive's own success rule"),
        "{}",
        run.stderr
    );
}

// report --success judges referred accounts by the rule derive uses: each
// line has its successful accounts and their share with its interval, and
// the program's are its affiliates' together.
#[test]
fn the_report_shows_each_affiliates_success_share_by_the_same_rule() {
    let site = example();
    let run: Run = tailor()
        .args(["report", "--success", "--format", "json", "--customers"])
        .arg(Path::new(REPO).join("data/customers.csv"))
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let affiliates = doc["affiliates"].as_array().unwrap();
    let sum: u64 = affiliates
        .iter()
        .map(|a| a["successful"].as_u64().unwrap())
        .sum();
    assert_eq!(doc["program"]["successful"].as_u64(), Some(sum));
    assert!(sum > 0);
    for a in affiliates {
        let (n, k) = (
            a["referred"].as_u64().unwrap(),
            a["successful"].as_u64().unwrap(),
        );
        assert!(k <= n, "{a}");
        if n > 0 {
            let (low, share, high) = (
                a["success_low"].as_f64().unwrap(),
                a["success"].as_f64().unwrap(),
                a["success_high"].as_f64().unwrap(),
            );
            assert!(low <= share && share <= high, "{a}");
            assert!((share - k as f64 / n as f64).abs() < 1e-4, "{a}");
        }
    }
    // Without --success, the report is as it was: no such field.
    let run: Run = tailor()
        .args(["report", "--format", "json", "--customers"])
        .arg(Path::new(REPO).join("data/customers.csv"))
        .arg("--root")
        .arg(&site.root)
        .output()
        .unwrap()
        .into();
    assert!(!run.stdout.contains("\"successful\""), "{}", run.stdout);
}
