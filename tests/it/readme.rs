//! The README's examples are what a marketer copies first: every YAML,
//! Markdown and CSV block in it parses, and the blocks that name their file
//! (```` ```yaml file=segments/fintech.yaml ````) together make a site that
//! `tailor check` passes.

use std::path::Path;

use crate::support::*;

struct Block {
    lang: String,
    /// `file=path` in the fence's info string: where the example goes in a
    /// site.
    file: Option<String>,
    /// The README line of the opening fence.
    line: usize,
    text: String,
}

fn blocks() -> Vec<Block> {
    let readme = std::fs::read_to_string(Path::new(REPO).join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in readme.lines().enumerate() {
        if let Some(fence) = line.strip_prefix("```") {
            match open.take() {
                Some(block) => out.push(block),
                None => {
                    let mut words = fence.split_whitespace();
                    open = Some(Block {
                        lang: words.next().unwrap_or("").to_string(),
                        file: words
                            .find_map(|w| w.strip_prefix("file="))
                            .map(str::to_string),
                        line: i + 1,
                        text: String::new(),
                    })
                }
            }
        } else if let Some(block) = &mut open {
            block.text.push_str(line);
            block.text.push('\n');
        }
    }
    assert!(open.is_none(), "README.md: a code block is never closed");
    out
}

/// The front matter of a Markdown example.
fn front_matter(block: &Block) -> &str {
    let rest = block.text.strip_prefix("---\n").unwrap_or_else(|| {
        panic!(
            "README.md:{}: a Markdown example opens with ---",
            block.line
        )
    });
    let end = rest
        .find("\n---")
        .unwrap_or_else(|| panic!("README.md:{}: the front matter is never closed", block.line));
    &rest[..end + 1]
}

#[test]
fn every_example_in_the_readme_parses() {
    let blocks = blocks();
    let mut checked = 0;
    for block in &blocks {
        let at = format!("README.md:{}", block.line);
        match block.lang.as_str() {
            "yaml" => {
                yaml_serde::from_str::<yaml_serde::Value>(&block.text)
                    .unwrap_or_else(|e| panic!("{at}: {e}\n{}", block.text));
            }
            "markdown" => {
                yaml_serde::from_str::<yaml_serde::Value>(front_matter(block))
                    .unwrap_or_else(|e| panic!("{at}: {e}\n{}", block.text));
            }
            "csv" => {
                let mut reader = csv::Reader::from_reader(block.text.as_bytes());
                for record in reader.records() {
                    record.unwrap_or_else(|e| panic!("{at}: {e}"));
                }
            }
            _ => continue,
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples found");
}

#[test]
fn the_readme_file_examples_make_a_site_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut files = Vec::new();
    for block in blocks() {
        if let Some(name) = block.file.clone() {
            assert!(
                !root.join(&name).exists(),
                "README.md:{}: {name} is given twice",
                block.line
            );
            let path = root.join(&name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &block.text).unwrap();
            files.push(name);
        }
    }
    for expected in [
        "tailor.yaml",
        "segments/fintech.yaml",
        "affiliates.yaml",
        "affiliates.csv",
        "content/case-studies/ledgerly.md",
        "content/pages/faq.md",
        "segments/fintech.de.yaml",
        "content/case-studies/ledgerly.de.md",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "no README example names {expected}: {files:?}"
        );
    }
    copy_dir(&Path::new(REPO).join("themes"), &root.join("themes"));
    let run = |args: &[&str]| -> Run {
        tailor()
            .args(args)
            .current_dir(root)
            .output()
            .unwrap()
            .into()
    };
    // Warnings are only for what the examples leave untranslated (they show
    // German, and list five languages).
    let check = run(&["check"]);
    assert_eq!(
        check.code, 0,
        "the README's examples, as a site:\n{}",
        check.stderr
    );
    for line in check.stderr.lines().filter(|l| l.starts_with("warning")) {
        assert!(
            line.contains("translation")
                || line.contains("no text for")
                || line.contains("no de text"),
            "{line}\n{}",
            check.stderr
        );
    }
    let links = run(&["links", "--columns", "name,code"]);
    assert_eq!(
        links.stdout, "name,code\nDana Ruiz,dana-r\nJürgen Müller,jurgen\n",
        "{}",
        links.stderr
    );
}
