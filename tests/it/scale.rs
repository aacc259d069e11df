//! Sharded builds and builds that rewrite only what changed.

use std::collections::BTreeMap;

use crate::support::*;

const MARKER: &str = ".tailor-output";

#[test]
fn the_union_of_the_shards_is_the_full_build() {
    let site = example();
    let full = site.run(&["build", "--out", "full"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let affiliate_pages: Vec<String> = site
        .links()
        .iter()
        .map(|a| a["path"].as_str().unwrap().to_string())
        .collect();
    assert!(affiliate_pages.len() >= 3, "enough affiliates to share out");
    for k in 1..=3 {
        let out = format!("shard-{k}");
        let run = site.run(&["build", "--shard", &format!("{k}/3"), "--out", &out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("(shard {k}/3)")),
            "{}",
            run.stderr
        );
        let mut files = files_under(&site.root.join(&out));
        // Each output folder has its own marker (the record of what that
        // build wrote); the published files are the rest.
        assert!(files.remove(MARKER).is_some(), "shard {k}/3 has a marker");
        assert!(
            affiliate_pages.iter().any(|p| files.contains_key(p)),
            "shard {k}/3 has affiliate pages: {:?}",
            files.keys()
        );
        for (name, bytes) in files {
            assert!(
                union.insert(name.clone(), bytes).is_none(),
                "{name} is in two shards"
            );
        }
        // Rebuilding a shard into its own folder is allowed.
        assert_eq!(
            site.run(&["build", "--shard", &format!("{k}/3"), "--out", &out])
                .code,
            0
        );
    }
    let mut full = files_under(&site.root.join("full"));
    full.remove(MARKER);
    assert_eq!(union, full);
    // Shard 1 has everything else; every shard has affiliate pages.
    let shard1 = files_under(&site.root.join("shard-1"));
    assert!(shard1.contains_key("sitemap.xml") && shard1.contains_key("index.html"));
    let mut shard2 = files_under(&site.root.join("shard-2"));
    shard2.remove(MARKER);
    // Its affiliates' pages, and their cards.
    let page = |f: &str| {
        f.ends_with("/index.html") && !f.starts_with("for/") && !f.starts_with("customers/")
    };
    let card_of_a_page = |f: &str| {
        f.strip_prefix("cards/")
            .and_then(|c| c.split_once('.'))
            .is_some_and(|(slug, _)| shard2.contains_key(&format!("{slug}/index.html")))
    };
    assert!(
        !shard2.is_empty() && shard2.keys().all(|f| page(f) || card_of_a_page(f)),
        "{:?}",
        shard2.keys()
    );
}

#[test]
fn a_bad_shard_is_a_usage_error() {
    let site = fixture("minimal");
    for bad in ["0/2", "3/2", "x"] {
        assert_eq!(site.run(&["build", "--shard", bad]).code, 2, "{bad}");
    }
}

#[test]
fn a_rebuild_with_one_affiliate_changed_rewrites_one_page() {
    use std::os::unix::fs::MetadataExt;
    let site = example();
    site.build();
    let before = std::fs::metadata(site.out().join("jane-doe/index.html")).unwrap();
    let other_before = std::fs::metadata(site.out().join("for/fintech/index.html")).unwrap();
    let yaml = std::fs::read_to_string(site.root.join("affiliates.yaml")).unwrap();
    site.write(
        "affiliates.yaml",
        &yaml.replace("try this.", "try it this week."),
    );
    let run = site.build();
    assert!(run.stderr.contains(": 1 files written, "), "{}", run.stderr);
    assert!(
        site.read("jane-doe/index.html")
            .contains("try it this week.")
    );
    // Untouched pages are the very same files as before: same inode, not
    // written again.
    let other = std::fs::metadata(site.out().join("for/fintech/index.html")).unwrap();
    assert_eq!(
        (other.ino(), other.mtime(), other.mtime_nsec()),
        (
            other_before.ino(),
            other_before.mtime(),
            other_before.mtime_nsec()
        )
    );
    let after = std::fs::metadata(site.out().join("jane-doe/index.html")).unwrap();
    assert_ne!(before.ino(), after.ino());
    let run = site.build();
    assert!(run.stderr.contains(": 0 files written, "), "{}", run.stderr);
}
