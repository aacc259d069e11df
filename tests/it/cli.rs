//! The command line: exit codes, `links` and `init`.

use std::fs;

use crate::support::*;

#[test]
fn usage_errors_exit_2() {
    let out = tailor().args(["build", "--no-such-flag"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = tailor().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let site = fixture("minimal");
    let run = site.run(&["links", "--segment", "nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("segments are: alpha"), "{}", run.stderr);
}

#[test]
fn links_as_json() {
    let site = fixture("minimal");
    let links = site.links();
    assert_eq!(
        links,
        vec![serde_json::json!({
            "slug": "ann-active",
            "name": "Ann Active",
            "segment": "alpha",
            "code": "ann",
            "lang": "en",
            "url": "https://partners.mini.example/ann-active/",
            "path": "ann-active/index.html",
        })]
    );
}

#[test]
fn links_as_csv_and_by_segment() {
    let site = example();
    let run = site.run(&["links"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("slug,name,segment,code,lang,url,path"));
    let rows: Vec<&str> = lines.collect();
    // 15 affiliates, one of them inactive.
    assert_eq!(rows.len(), 14, "{}", run.stdout);
    assert!(rows.contains(&"juergen-mueller,Jürgen Müller,edtech,juergen-mueller,de,https://partners.acme.example/juergen-mueller/,juergen-mueller/index.html"));
    assert!(rows.contains(&"jane-doe,Jane Doe,fintech,jane20,en,https://partners.acme.example/jane-doe/,jane-doe/index.html"));
    assert!(!run.stdout.contains("marco-bianchi"));

    let run = site.run(&["links", "--segment", "edtech", "--format", "csv"]);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert!(rows.iter().all(|r| r.contains(",edtech,")));
}

#[test]
fn links_match_the_pages_built() {
    let site = example();
    site.build();
    for a in site.links() {
        assert!(
            site.out().join(a["path"].as_str().unwrap()).is_file(),
            "{a}"
        );
    }
}

#[test]
fn init_into_an_empty_folder_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let out = tailor().arg("init").arg(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The same example as the repository root.
    for f in [
        "tailor.yaml",
        "affiliates.yaml",
        "affiliates.csv",
        "segments/fintech.yaml",
        "themes/default/templates/base.html",
    ] {
        assert_eq!(
            fs::read(dir.join(f)).unwrap(),
            fs::read(std::path::Path::new(REPO).join(f)).unwrap(),
            "{f}"
        );
    }
    let out = tailor()
        .args(["build", "--root"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("public/jane-doe/index.html").is_file());

    // An existing empty folder is fine too.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert!(
        tailor()
            .arg("init")
            .arg(&empty)
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("keep.txt"), "mine").unwrap();
    let out = tailor().arg("init").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["keep.txt"]);
}

#[test]
fn check_writes_nothing() {
    let site = fixture("minimal");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("ok: 6 pages would be built"),
        "{}",
        run.stderr
    );
    assert!(!site.out().exists());
}
