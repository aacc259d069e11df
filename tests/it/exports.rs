//! Affiliate platforms' exports used as `affiliates.csv` as they come:
//! Rewardful, FirstPromoter, PartnerStack, Tolt and Dub, each shaped like
//! the platform's own export (its column names, status words, BOM or CRLF),
//! with the one column a marketer adds (the segment) or maps.

use std::collections::BTreeSet;

use crate::support::*;
use crate::tracking::check_site_tracking;

const HOSTS: &[&str] = &["app.export.example", "export.example"];

struct Export {
    platform: &'static str,
    param: &'static str,
    /// (name, slug, the parameter's value on their page) of everyone who
    /// gets a page.
    pages: &'static [(&'static str, &'static str, &'static str)],
    /// Names of everyone the platform has not approved.
    no_page: &'static [&'static str],
    /// Cells that must never reach a page: payout details, admins' notes.
    private: &'static [&'static str],
}

const EXPORTS: &[Export] = &[
    Export {
        platform: "rewardful",
        param: "via",
        pages: &[
            ("Jane Doe", "jane-doe", "jane"),
            ("Björn Ångström", "bjorn-angstrom", "Bjorn-A"),
            ("Carla", "carla", "carla"),
        ],
        no_page: &["Sam Spammer"],
        private: &[
            "payouts@doe.example",
            "bjorn@wise.example",
            "6f1d0c2e",
            "Partners, 2025",
        ],
    },
    Export {
        platform: "firstpromoter",
        param: "fpr",
        pages: &[
            ("Jane Doe", "jane-doe", "jane.doe"),
            ("Ayşe Kaya", "ayse-kaya", "ayse_k"),
        ],
        no_page: &["Pat Pending", "Rex Rejected", "Bo Blocked"],
        private: &[
            "Paid late twice",
            "keep an eye",
            "payouts@doe.example",
            "cus_Q1",
            "Self-referrals",
        ],
    },
    Export {
        platform: "partnerstack",
        // The partner key in Base64, as PartnerStack reads it.
        param: "ps_partner_key",
        pages: &[
            ("Jane Doe", "jane-doe", "amFuZWRvZTQy"),
            ("Jürgen Koß", "jurgen-koss", "anVyZ2VuLWs="),
        ],
        no_page: &["Olga Old", "Nina New"],
        private: &["jurgen@koss.example", "2025-01-04"],
    },
    Export {
        platform: "tolt",
        param: "ref",
        pages: &[
            ("Jane Doe", "jane-doe", "janedoe"),
            ("Dmitri Иванов", "dmitri-ivanov", "dmitri"),
        ],
        no_page: &["Sue Suspended", "Penny Pending"],
        private: &["dmitri@ivanov.example", "pt_01", "Main program"],
    },
    Export {
        platform: "dub",
        param: "via",
        pages: &[
            ("Jane Doe", "jane-doe", "jane"),
            ("Łukasz Wiśniewski", "lukasz-wisniewski", "lukasz"),
        ],
        no_page: &["Ban Ned", "Dee Clined", "Dee Activated", "Ivy Invited"],
        private: &["lukasz@example.pl", "refer.export.example", "pn_2"],
    },
];

fn export_site(platform: &str) -> Site {
    let site = fixture(&format!("exports/{platform}"));
    copy_dir(
        &std::path::Path::new(REPO).join("tests/fixtures/exports/site"),
        &site.root,
    );
    site
}

#[test]
fn every_platform_export_builds_as_it_comes() {
    for export in EXPORTS {
        let p = export.platform;
        let site = export_site(p);
        let run = site.build();
        assert!(
            !run.stderr.contains("warning"),
            "{p}: a clean export builds without a warning:\n{}",
            run.stderr
        );

        // Everyone approved has a page whose every product link carries
        // their code the way the platform reads it; nobody else does.
        let pages = site.html_files();
        let mut seen = BTreeSet::new();
        for (path, html) in &pages {
            let owner = export
                .pages
                .iter()
                .find(|(_, slug, _)| path == &format!("{slug}/index.html"));
            for href in hrefs(html).iter().filter(|h| is_product(h, HOSTS)) {
                let q = params(href);
                let codes = param(&q, export.param);
                match owner {
                    Some((name, _, code)) => {
                        assert_eq!(codes, vec![*code], "{p}: {name}'s page {path}: {href}");
                        seen.insert(*name);
                    }
                    None => assert!(codes.is_empty(), "{p}: {path}: {href} carries a code"),
                }
            }
        }
        let expected: BTreeSet<&str> = export.pages.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(
            seen, expected,
            "{p}: every approved affiliate has a tracked page"
        );

        // The codes as links lists them are the codes the pages carry.
        let listed: BTreeSet<String> = site
            .links()
            .iter()
            .map(|a| a["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            listed,
            expected.iter().map(|s| s.to_string()).collect(),
            "{p}: links lists the affiliates with a page"
        );

        let everything: String = files_under(&site.out())
            .into_values()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect();
        for name in export.no_page {
            assert!(
                !everything.contains(name),
                "{p}: {name} is not approved but was published"
            );
        }
        for cell in export.private {
            assert!(!everything.contains(cell), "{p}: {cell:?} was published");
        }

        // Where the parameter is the code as issued, the whole-site rules
        // hold too (UTM values, segment and other pages).
        if p != "partnerstack" {
            check_site_tracking(
                &site,
                export.param,
                "affiliate",
                HOSTS,
                "partners.export.example",
            );
        }
    }
}

#[test]
fn an_export_feeds_a_mail_merge() {
    let site = export_site("firstpromoter");
    let run = site.run(&[
        "links",
        "--columns",
        "email,first_name,company,Paypal email,url",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "email,first_name,company,paypal_email,url\n\
         ayse@kaya.example,Ayşe,Kaya Dijital,,https://partners.export.example/ayse-kaya/\n\
         jane@doe.example,Jane,Doe & Daughters,payouts@doe.example,https://partners.export.example/jane-doe/\n"
    );
}

#[test]
fn a_status_tailor_cannot_read_is_an_error_at_its_cell() {
    let site = export_site("dub");
    let csv = std::fs::read_to_string(site.root.join("affiliates.csv")).unwrap();
    site.write(
        "affiliates.csv",
        &csv.replace(",approved,lukasz", ",on vacation,lukasz"),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("affiliates.csv:3:"),
        "the cell's line: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("\"Status\" is \"on vacation\""),
        "{}",
        run.stderr
    );
}
