//! Sharded builds and builds that rewrite only what changed.

use std::collections::BTreeMap;

use crate::support::*;

#[test]
fn the_union_of_the_shards_is_the_full_build() {
    let site = example();
    let full = site.run(&["build", "--out", "full"]);
    assert_eq!(full.code, 0, "{}", full.stderr);
    let mut union: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut affiliate_pages = Vec::new();
    for k in 1..=3 {
        let out = format!("shard-{k}");
        let run = site.run(&["build", "--shard", &format!("{k}/3"), "--out", &out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("(shard {k}/3)")),
            "{}",
            run.stderr
        );
        let files = files_under(&site.root.join(&out));
        affiliate_pages.push(
            files
                .keys()
                .filter(|f| !f.contains('/') || f.matches('/').count() == 1)
                .count(),
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
    assert_eq!(union, files_under(&site.root.join("full")));
    // Shard 1 has everything else; every shard has affiliate pages.
    let shard1 = files_under(&site.root.join("shard-1"));
    assert!(shard1.contains_key("sitemap.xml") && shard1.contains_key("index.html"));
    let shard2 = files_under(&site.root.join("shard-2"));
    assert!(
        !shard2.is_empty()
            && shard2.keys().all(|f| f.ends_with("/index.html")
                && !f.starts_with("for/")
                && !f.starts_with("customers/")),
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
    let site = example();
    site.build();
    let before = std::fs::metadata(site.out().join("jane-doe/index.html")).unwrap();
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
    // Untouched pages are the very same files as before.
    use std::os::unix::fs::MetadataExt;
    let other = std::fs::metadata(site.out().join("for/fintech/index.html")).unwrap();
    assert!(other.nlink() >= 1);
    let after = std::fs::metadata(site.out().join("jane-doe/index.html")).unwrap();
    assert_ne!(before.ino(), after.ino());
    let run = site.build();
    assert!(run.stderr.contains(": 0 files written, "), "{}", run.stderr);
}
