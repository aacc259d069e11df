//! The command line: exit codes, `links` and `init`.

use std::fs;
use std::path::{Path, PathBuf};

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
            "signup_url": "https://app.mini.example/signup?ref=ann&utm_source=ann-active&utm_medium=affiliate&utm_campaign=alpha&utm_content=direct",
        })]
    );
}

#[test]
fn links_as_csv_and_by_segment() {
    let site = example();
    let run = site.run(&["links"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("slug,name,segment,code,lang,url,path,signup_url")
    );
    let rows: Vec<&str> = lines.collect();
    // 15 affiliates, one of them inactive.
    assert_eq!(rows.len(), 14, "{}", run.stdout);
    assert!(rows.contains(&"juergen-mueller,Jürgen Müller,edtech,juergen-mueller,de,https://partners.acme.example/juergen-mueller/,juergen-mueller/index.html,https://app.acme.example/signup?ref=juergen-mueller&utm_source=juergen-mueller&utm_medium=affiliate&utm_campaign=edtech&utm_content=direct"));
    assert!(rows.contains(&"jane-doe,Jane Doe,fintech,jane20,en,https://partners.acme.example/jane-doe/,jane-doe/index.html,https://app.acme.example/signup?ref=jane20&utm_source=jane-doe&utm_medium=affiliate&utm_campaign=fintech&utm_content=direct"));
    assert!(!run.stdout.contains("marco-bianchi"));

    let run = site.run(&["links", "--segment", "edtech", "--format", "csv"]);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    assert!(rows.iter().all(|r| r.contains(",edtech,")));
}

/// The list feeds a mail merge: any column of the export, in the order
/// asked for; cells a spreadsheet would run as formulas are defused; with
/// --bom Excel reads the accents.
#[test]
fn links_with_the_columns_a_mail_merge_needs() {
    let site = fixture("minimal");
    site.write(
        "affiliates.csv",
        "First Name,Last Name,E-mail,Company Name,Segment ID,Referral Code,Country,Payout Email\n\
         Björn,Ångström,bjorn@x.example,=HYPERLINK(\"http://evil.example\"),alpha,bjorn1,SE,-pay@x.example\n",
    );
    let run = site.run(&[
        "links",
        "--columns",
        "email,first_name,company,Country,payout email,signup_url",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("email,first_name,company,country,payout_email,signup_url")
    );
    // The YAML affiliate has no such columns: empty cells.
    assert_eq!(
        lines.next(),
        Some(
            ",Ann,,,,https://app.mini.example/signup?ref=ann&utm_source=ann-active&utm_medium=affiliate&utm_campaign=alpha&utm_content=direct"
        )
    );
    assert_eq!(
        lines.next(),
        Some(
            "bjorn@x.example,Björn,\"'=HYPERLINK(\"\"http://evil.example\"\")\",SE,'-pay@x.example,https://app.mini.example/signup?ref=bjorn1&utm_source=bjorn-angstrom&utm_medium=affiliate&utm_campaign=alpha&utm_content=direct"
        )
    );

    let run = site.run(&["links", "--bom", "--columns", "name"]);
    assert!(run.stdout.starts_with("\u{feff}name\n"), "{:?}", run.stdout);
    assert!(run.stdout.contains("Björn Ångström"));

    let run = site.run(&["links", "--columns", "emial"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(r#"no column "emial" — did you mean "email"?"#),
        "{}",
        run.stderr
    );
    let run = site.run(&["links", "--format", "json", "--bom"]);
    assert_eq!(run.code, 2);
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
    // Nothing anywhere: not in the site's folder nor beside it (where
    // build keeps its record of the files it wrote), not in the temp
    // folder (check decodes a code-page export into a temp copy and must
    // remove it), not in the home folder's caches.
    let code_page = fixture("minimal");
    std::fs::write(
        code_page.root.join("affiliates.csv"),
        b"name,segment,code\r\nJos\xe9 Garc\xeda,alpha,jose\r\n",
    )
    .unwrap();
    let config = code_page.read_src("tailor.yaml");
    code_page.write(
        "tailor.yaml",
        &format!("{config}\naffiliates:\n  encoding: windows-1252\n"),
    );
    for site in [fixture("minimal"), code_page, super::support::example()] {
        let around = site.root.parent().unwrap().to_path_buf();
        let elsewhere = tempfile::tempdir().unwrap();
        let (tmp, home) = (elsewhere.path().join("tmp"), elsewhere.path().join("home"));
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let before = everything_under(&around);
        let out = super::support::tailor()
            .arg("check")
            .current_dir(&site.root)
            .env("TMPDIR", &tmp)
            .env("HOME", &home)
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("pages would be built"),
            "{}: {stderr}",
            site.root.display()
        );
        assert_eq!(everything_under(&around), before, "{stderr}");
        assert_eq!(everything_under(elsewhere.path()).len(), 3, "{stderr}");
        assert!(!site.out().exists());
    }
}

/// Every file and folder under `dir`, with its size, modification time and
/// a hash of its bytes.
fn everything_under(dir: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>, u64)> {
    use std::hash::{Hash, Hasher};
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let meta = e.metadata().unwrap();
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            if meta.is_file() {
                std::fs::read(e.path()).unwrap().hash(&mut hasher);
            }
            (
                e.path().to_path_buf(),
                meta.len(),
                meta.modified().ok(),
                hasher.finish(),
            )
        })
        .collect()
}

/// Completion scripts and the man page come from clap's description of the
/// command line: every subcommand is in them.
#[test]
fn completions_and_the_man_page_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = super::support::tailor()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in ["build", "report", "derive", "kit", "links"] {
            assert!(script.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    let out = super::support::tailor().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH tailor 1"), "{page}");
    assert!(page.contains("report"), "{page}");
    let out = super::support::tailor()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `tailor init --empty`: a site to fill in, with nothing of the example
/// company, that builds; `check` names every file with the template's
/// words still in it, `check --strict` fails on them, and a site with its
/// own words checks clean.
#[test]
fn an_empty_site_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new");
    let out = tailor()
        .args(["init", "--empty"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = tailor().arg("check").current_dir(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    for at in [
        "tailor.yaml:6:9: \"Your Product\" is the placeholder text",
        "affiliates.yaml:3:9: \"Your First Partner\" is the placeholder text",
        "segments/your-customers.yaml:3:7: \"Teams like your best customers\"",
        "content/case-studies/first-customer.md:2:8: \"How your first customer got results\"",
    ] {
        assert!(stderr.contains(at), "{at}: {stderr}");
    }
    assert_eq!(stderr.matches("warning:").count(), 4, "{stderr}");
    let strict = tailor()
        .args(["check", "--strict"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
    let build = tailor().arg("build").current_dir(&dir).output().unwrap();
    assert!(build.status.success());
    let page = fs::read_to_string(dir.join("public/your-first-partner/index.html")).unwrap();
    assert!(
        page.contains("ref=first-partner"),
        "the partner's links carry their code"
    );
    for file in ["tailor.yaml", "affiliates.yaml", "public/index.html"] {
        let text = fs::read_to_string(dir.join(file)).unwrap();
        assert!(!text.contains("Acme"), "{file} names the example company");
    }
    // The record of what the build wrote sits beside public/ and is left
    // out of the site's repository, as public/ is.
    let ignored = fs::read_to_string(dir.join(".gitignore")).unwrap();
    let records: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.tailor-files-"))
        .collect();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(
        ignored.lines().any(|l| l == "/.*.tailor-files-*"),
        "{ignored}"
    );
    // Every placeholder replaced: nothing to say.
    let mut filled = 0;
    for entry in walkdir::WalkDir::new(&dir) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(&dir).unwrap();
        // The site's own files, not the output, the theme or the record
        // of what the build wrote.
        if !entry.file_type().is_file()
            || rel.starts_with("public")
            || rel.starts_with("themes")
            || rel.to_string_lossy().starts_with('.')
        {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        let own = text
            .replace("Your Product", "Ledgerly")
            .replace("your-product.example", "ledgerly.example")
            .replace("Your First Partner", "Anna Berg")
            .replace("Their Company", "Berg Consulting")
            .replace("first-partner", "anna10")
            .replace("Why they recommend", "Anna recommends")
            .replace("Teams like your best customers", "Accounting firms")
            .replace("your-niche", "accounting")
            .replace("the-problem-you-solve", "late-invoices")
            .replace("what-they-use-it-for", "reminders")
            .replace(
                "The headline your best customers would have wanted to read",
                "Invoices paid on time",
            )
            .replace(
                "One sentence on what changes for them.",
                "Reminders go out by themselves.",
            )
            .replace(
                "How your first customer got results",
                "How Nordbuch got paid faster",
            )
            .replace("Your First Customer", "Nordbuch")
            .replace("What they said about it.", "We stopped chasing invoices.")
            .replace("Their Name", "Lena Nord")
            .replace(
                "What they struggled with, what they did, and what changed.",
                "Nordbuch chased invoices by hand; now reminders go out on their own.",
            );
        if own != text {
            filled += 1;
            fs::write(path, own).unwrap();
        }
    }
    assert_eq!(filled, 4);
    let check = tailor()
        .args(["check", "--strict"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    // Not over a site that is there.
    let again = tailor()
        .args(["init", "--empty"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}
