//! The documentation's examples are what a marketer copies first: every
//! YAML, Markdown and CSV block in `README.md` and `docs/**/*.md` parses,
//! and the blocks that name their file
//! (```` ```yaml file=segments/fintech.yaml ````) together make a site that
//! `tailor check` passes.

use std::path::{Path, PathBuf};

use crate::support::*;

struct Block {
    lang: String,
    /// `file=path` in the fence's info string: where the example goes in a
    /// site.
    file: Option<String>,
    /// The document and the line of the opening fence, as `docs/x.md:12`.
    at: String,
    text: String,
}

/// `README.md` and every Markdown file under `docs/`, relative to the
/// repository, in a fixed order.
fn documents() -> Vec<PathBuf> {
    let mut docs: Vec<PathBuf> = walkdir::WalkDir::new(Path::new(REPO).join("docs"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(REPO).unwrap().to_path_buf())
        .collect();
    docs.insert(0, PathBuf::from("README.md"));
    docs
}

fn blocks() -> Vec<Block> {
    let mut out = Vec::new();
    for doc in documents() {
        let name = doc.display().to_string();
        let text = std::fs::read_to_string(Path::new(REPO).join(&doc)).unwrap();
        // A block indented in a list is read without its indentation.
        let mut open: Option<(Block, usize)> = None;
        for (i, line) in text.lines().enumerate() {
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(fence) = line.trim_start_matches(' ').strip_prefix("```") {
                match open.take() {
                    Some((block, _)) => out.push(block),
                    None => {
                        let mut words = fence.split_whitespace();
                        let block = Block {
                            lang: words.next().unwrap_or("").to_string(),
                            file: words
                                .find_map(|w| w.strip_prefix("file="))
                                .map(str::to_string),
                            at: format!("{name}:{}", i + 1),
                            text: String::new(),
                        };
                        open = Some((block, indent));
                    }
                }
            } else if let Some((block, indent)) = &mut open {
                let cut = line.len() - line.trim_start_matches(' ').len();
                block.text.push_str(&line[cut.min(*indent)..]);
                block.text.push('\n');
            }
        }
        if let Some((block, _)) = open {
            panic!("{}: a code block is never closed", block.at);
        }
    }
    out
}

/// The front matter of a Markdown example.
fn front_matter(block: &Block) -> &str {
    let rest = block
        .text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{}: a Markdown example opens with ---", block.at));
    let end = rest
        .find("\n---")
        .unwrap_or_else(|| panic!("{}: the front matter is never closed", block.at));
    &rest[..end + 1]
}

#[test]
fn every_example_in_the_documentation_parses() {
    let blocks = blocks();
    let mut checked = 0;
    for block in &blocks {
        let at = &block.at;
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
fn the_documentation_s_file_examples_make_a_site_that_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut files = Vec::new();
    for block in blocks() {
        if let Some(name) = block.file.clone() {
            assert!(
                !root.join(&name).exists(),
                "{}: {name} is given twice",
                block.at
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
            "no example in the documentation names {expected}: {files:?}"
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
        "the documentation's examples, as a site:\n{}",
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
