//! Never lose a user's file, never trust a path (issue 26): linked output
//! folders, files a user put in the output, the site's own `static/`,
//! links out of the site, names that are not UTF-8, and writes through
//! links. Each of these failed before the rule of `src/paths.rs`.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::support::*;

/// The folder the fixture's site is in: outside the site.
fn outside(site: &Site) -> PathBuf {
    site.root.parent().unwrap().to_path_buf()
}

#[test]
fn a_linked_output_folder_is_built_where_it_leads_and_keeps_the_users_files() {
    let site = fixture("minimal");
    site.build();
    // public/ becomes a link to the folder tailor wrote, which also holds
    // a file of the user's.
    let www = outside(&site).join("www");
    fs::rename(site.out(), &www).unwrap();
    for record in fs::read_dir(&site.root).unwrap().flatten() {
        let name = record.file_name().to_string_lossy().into_owned();
        if let Some(id) = name.strip_prefix(".public.tailor-files-") {
            fs::rename(
                record.path(),
                outside(&site).join(format!(".www.tailor-files-{id}")),
            )
            .unwrap();
        }
    }
    symlink(&www, site.out()).unwrap();
    fs::create_dir_all(www.join("notes")).unwrap();
    fs::write(www.join("notes/mine.txt"), "precious").unwrap();
    let before = files_under(&www).len();

    let run = site.build();
    assert!(
        fs::symlink_metadata(site.out()).unwrap().is_symlink(),
        "public/ is still the link"
    );
    assert_eq!(
        fs::read_to_string(www.join("notes/mine.txt")).unwrap(),
        "precious"
    );
    assert!(www.join("ann-active/index.html").is_file());
    assert_eq!(
        files_under(&www).len(),
        before,
        "nothing lost, nothing added"
    );
    assert!(
        run.stderr
            .contains("public/notes/mine.txt: a file tailor build did not write; it was kept — to publish it on purpose, move it to static/notes/mine.txt"),
        "{}",
        run.stderr
    );
    // Staging happened beside the folder the link leads to, and left
    // nothing behind.
    let beside: Vec<String> = fs::read_dir(outside(&site))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tailor-staging-") || n.contains(".tailor-old-"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_linked_kit_folder_keeps_the_users_files() {
    let site = fixture("minimal");
    assert_eq!(site.run(&["kit"]).code, 0);
    let elsewhere = outside(&site).join("kits");
    fs::rename(site.root.join("kit"), &elsewhere).unwrap();
    symlink(&elsewhere, site.root.join("kit")).unwrap();
    fs::write(elsewhere.join("todo.txt"), "mine").unwrap();
    let run = site.run(&["kit"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fs::symlink_metadata(site.root.join("kit"))
            .unwrap()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(elsewhere.join("todo.txt")).unwrap(),
        "mine"
    );
    assert!(elsewhere.join("kit.csv").is_file());
    assert!(
        run.stderr.contains("kit/todo.txt: a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_output_folder_inside_the_sites_sources_is_refused() {
    let site = fixture("minimal");
    symlink(site.root.join("content"), site.root.join("public")).unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("is inside the site's content/ folder, which tailor reads the site from"),
        "{}",
        run.stderr
    );
    assert!(site.root.join("content/case-studies/one.md").is_file());
    let run = site.run(&["build", "--out", "segments/out"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn files_a_user_put_in_the_output_are_kept_and_named_with_where_they_belong() {
    let site = fixture("minimal");
    site.build();
    let mine = [
        (
            ".well-known/security.txt",
            "Contact: mailto:security@mini.example\n",
        ),
        (
            "google1234abcd.html",
            "google-site-verification: google1234abcd.html",
        ),
        ("userdocs/guide.pdf", "%PDF-1.4"),
        ("userdocs/img/a.png", "png"),
    ];
    for (rel, text) in mine {
        let path = site.out().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    // Twice: kept by each build, named by each.
    for _ in 0..2 {
        let run = site.build();
        for (rel, text) in mine {
            assert_eq!(site.read(rel), text, "{rel}");
        }
        assert_contains_all(
            &run.stderr,
            [
                "warning: public/.well-known/security.txt: a file tailor build did not write; it was kept — to publish it on purpose, move it to static/.well-known/security.txt",
                "warning: public/google1234abcd.html: a file tailor build did not write; it was kept",
                "warning: public/userdocs: 2 files tailor build did not write are in this folder; they were kept — to publish it on purpose, move it to static/userdocs/",
            ],
        );
    }
    // A page of tailor's own that was edited in the output is still
    // tailor's: the next build writes it again.
    fs::write(site.out().join("about/index.html"), "edited").unwrap();
    site.build();
    assert!(site.read("about/index.html").contains("<html"));
    // A page the build would write over a file of the user's: nothing
    // changes.
    fs::create_dir_all(site.out().join("story")).unwrap();
    fs::write(site.out().join("story/index.html"), "mine").unwrap();
    site.write(
        "content/pages/story.md",
        "---\ntitle: Our story\n---\nOnce.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("public/story/index.html: tailor build did not write this file, and this run writes its own story/index.html in its place"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("story/index.html"), "mine");
}

#[test]
fn the_sites_static_folder_is_published_as_it_is_and_kept() {
    let site = fixture("minimal");
    let files: [(&str, &[u8]); 4] = [
        (
            ".well-known/security.txt",
            b"Contact: mailto:security@mini.example\n",
        ),
        ("favicon.ico", &[0, 0, 1, 0, 1, 0, 16, 16, 0xff, 0xfe]),
        (
            "google1234abcd.html",
            b"google-site-verification: google1234abcd.html",
        ),
        ("images/chart.png", b"\x89PNG\r\n\x1a\nnot really"),
    ];
    for (rel, bytes) in files {
        let path = site.root.join("static").join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    site.write("static/.DS_Store", "junk");
    // A Markdown picture and link to them pass the link check.
    site.write(
        "content/case-studies/one.md",
        "---\ntitle: One got faster\ncustomer: One Inc\nniche: alpha\ndate: 2024-01-01\n---\nOne Inc was slow. ![A chart](/images/chart.png) [Report a problem](/.well-known/security.txt).\n",
    );
    let run = site.build();
    assert!(!run.stderr.contains("warning: public/"), "{}", run.stderr);
    for (rel, bytes) in files {
        assert_eq!(fs::read(site.out().join(rel)).unwrap(), bytes, "{rel}");
    }
    assert!(!site.out().join(".DS_Store").exists());
    let story = site.page("customers/one/index.html");
    assert_eq!(
        select(&story, "img")[0].value().attr("src"),
        Some("/images/chart.png")
    );
    // Kept across builds, unchanged (the same file, linked from the last
    // output), and gone when removed from static/.
    let run = site.build();
    assert!(run.stderr.contains("0 files written"), "{}", run.stderr);
    assert!(site.out().join(".well-known/security.txt").is_file());
    fs::remove_file(site.root.join("static/favicon.ico")).unwrap();
    site.build();
    assert!(!site.out().join("favicon.ico").exists());
}

#[test]
fn a_static_file_never_takes_one_of_tailors_paths() {
    let site = fixture("minimal");
    site.build();
    let before = files_under(&site.out());
    for (rel, text) in [
        ("index.html", "mine"),
        ("About/index.html", "mine"),
        ("sitemap.xml", "mine"),
        ("assets/site.css", "mine"),
        ("cards/x.jpg", "mine"),
        ("ann-active", "a file where the affiliate's folder is"),
        ("404.html/x", "under a file"),
    ] {
        site.write(&format!("static/{rel}"), text);
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            "error: static/index.html: the site publishes the built-in index.html at index.html — rename or remove the file",
            "error: static/About/index.html: the site publishes page \"about\" at About/index.html",
            "error: static/sitemap.xml: the site publishes the built-in sitemap.xml",
            "error: static/assets/site.css: assets/ is tailor's own folder",
            "error: static/cards/x.jpg: cards/ is tailor's own folder",
            "error: static/ann-active: the site has pages under ann-active/, so ann-active cannot be a file",
            "error: static/404.html/x: 404.html is a file of the site, so it cannot be a folder",
        ],
    );
    assert_eq!(files_under(&site.out()), before);
}

#[test]
fn a_case_study_linked_from_outside_the_site_is_refused_and_never_quoted() {
    let site = fixture("minimal");
    let secret = outside(&site).join("passwd");
    fs::write(&secret, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    symlink(&secret, site.root.join("content/case-studies/passwd.md")).unwrap();
    // A whole case study outside: it would have been published.
    let story = outside(&site).join("elsewhere.md");
    fs::write(
        &story,
        "---\ntitle: Elsewhere\ncustomer: Private Inc\nniche: alpha\ndate: 2024-01-01\n---\nConfidential.\n",
    )
    .unwrap();
    symlink(&story, site.root.join("content/case-studies/elsewhere.md")).unwrap();
    // A link inside the site is followed.
    site.write(
        "shared/two.md",
        "---\ntitle: Two\ncustomer: Two Inc\nniche: alpha\ndate: 2024-02-01\n---\nShared.\n",
    );
    symlink(
        "../../shared/two.md",
        site.root.join("content/case-studies/two.md"),
    )
    .unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            format!(
                "error: content/case-studies/passwd.md: is a link to {}, outside the site's folder — tailor reads only the site's own files",
                fs::canonicalize(&secret).unwrap().display()
            ),
            "error: content/case-studies/elsewhere.md: is a link to".to_string(),
        ],
    );
    assert!(!run.stderr.contains("root:x"), "{}", run.stderr);
    assert!(!run.stderr.contains("two.md"), "{}", run.stderr);
    assert!(!site.out().exists());
    fs::remove_file(site.root.join("content/case-studies/passwd.md")).unwrap();
    fs::remove_file(site.root.join("content/case-studies/elsewhere.md")).unwrap();
    site.build();
    assert!(site.out().join("customers/two/index.html").is_file());
    assert!(!site.out().join("customers/elsewhere").exists());
}

#[test]
fn linked_theme_files_and_loops_are_named_never_skipped() {
    let site = fixture("minimal");
    let theme = site.root.join("themes/default");
    let outside_css = outside(&site).join("outside.css");
    fs::write(&outside_css, "body{}").unwrap();
    symlink(&outside_css, theme.join("static/outside.css")).unwrap();
    symlink("..", theme.join("static/loop")).unwrap();
    symlink("missing.html", theme.join("templates/dangling.html")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_contains_all(
        &run.stderr,
        [
            "error: themes/default/static/outside.css: is a link to",
            "error: themes/default/static/loop: is a link back to itself or to a folder it is in (a loop)",
            "error: themes/default/templates/dangling.html: is a link that leads nowhere",
        ],
    );
    // A theme file linked from inside the site is used.
    for link in [
        "static/outside.css",
        "static/loop",
        "templates/dangling.html",
    ] {
        fs::remove_file(theme.join(link)).unwrap();
    }
    site.write("brand/extra.css", "p{}");
    symlink("../../../brand/extra.css", theme.join("static/extra.css")).unwrap();
    site.build();
    let assets: Vec<String> = files_under(&site.out().join("assets"))
        .into_keys()
        .filter(|k| k.starts_with("extra."))
        .collect();
    assert_eq!(assets.len(), 1, "{assets:?}");
}

#[test]
fn a_theme_file_whose_name_is_not_utf8_is_refused_by_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let site = fixture("minimal");
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.css");
    fs::write(site.root.join("themes/default/static").join(name), "p{}").unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: themes/default/static/caf\\xE9.css: the name is not UTF-8 text — rename it"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{FFFD}'), "{}", run.stderr);
    assert!(!site.out().exists());
}

#[test]
fn derive_force_never_writes_through_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let export = Path::new(REPO).join("tests/fixtures/derive/basic.csv");
    let derive = |extra: &[&str]| -> Run {
        tailor()
            .args(["derive", "--customers", export.to_str().unwrap()])
            .args(extra)
            .arg("--root")
            .arg(tmp.path())
            .current_dir(tmp.path())
            .output()
            .unwrap()
            .into()
    };
    assert_eq!(derive(&[]).code, 0);
    let segment = tmp.path().join("segments/fintech-organic-search.yaml");
    assert!(segment.is_file());
    let victim = tmp.path().join("victim.txt");
    fs::write(&victim, "not a segment").unwrap();
    fs::remove_file(&segment).unwrap();
    symlink(&victim, &segment).unwrap();
    let run = derive(&["--force"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fintech-organic-search.yaml: is a link (to")
            && run.stderr.contains("tailor never writes through a link"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "not a segment");
    assert!(fs::symlink_metadata(&segment).unwrap().is_symlink());
}
