//! The example site, embedded in the binary for `tailor init`.
//!
//! It is the very site at the repository root, so the example that is
//! built and tested there is the one new users get. Every file is created
//! new (`paths::create_new`): nothing there is overwritten, and nothing is
//! written through a link planted meanwhile.

use std::fs;
use std::io;
use std::path::Path;

use include_dir::{Dir, DirEntry, include_dir};

use crate::inputs;
use crate::paths;

static SEGMENTS: Dir = include_dir!("$CARGO_MANIFEST_DIR/segments");
static CONTENT: Dir = include_dir!("$CARGO_MANIFEST_DIR/content");
static THEMES: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// What a new site's repository leaves out: the outputs, and the record of
/// the files each build wrote, kept beside its output folder (it lists
/// every page and the kits' unlisted paths).
const GITIGNORE: &[u8] = b"/public/\n/kit/\n/.*.tailor-files-*\n";

/// The example's files at the root, named as `crate::inputs` names them.
const FILES: [(&str, &[u8]); 4] = [
    (inputs::CONFIG, include_bytes!("../tailor.yaml")),
    (
        inputs::AFFILIATES_YAML[0],
        include_bytes!("../affiliates.yaml"),
    ),
    (inputs::AFFILIATES_CSV, include_bytes!("../affiliates.csv")),
    // Kits hold partners' emails: never committed by accident.
    (".gitignore", GITIGNORE),
];

/// The empty site of `tailor init --empty`: one segment, one case study
/// and one affiliate, each to fill in, and the default theme.
static EMPTY: Dir = include_dir!("$CARGO_MANIFEST_DIR/src/example_empty");

/// Words of the empty site that are there to be replaced: a site that
/// still has one is not ready to publish (`check` warns, `check --strict`
/// fails). Each is in the files above (a test holds them to it), and none
/// is a word a real site would write.
pub const PLACEHOLDERS: [&str; 17] = [
    "Your Product",
    "your-product.example",
    "Your First Partner",
    "Their Company",
    "first-partner",
    "Why they recommend",
    "Teams like your best customers",
    "your-niche",
    "the-problem-you-solve",
    "what-they-use-it-for",
    "The headline your best customers would have wanted to read",
    "One sentence on what changes for them.",
    "How your first customer got results",
    "Your First Customer",
    "What they said about it.",
    "Their Name",
    "What they struggled with, what they did, and what changed.",
];

/// Writes the empty site into `dir`, which must be empty or absent.
pub fn write_empty_to(dir: &Path) -> io::Result<usize> {
    prepare(dir)?;
    let mut count = write_tree(dir, &EMPTY)?;
    paths::create_new(&dir.join(".gitignore"), GITIGNORE)?;
    count += 1;
    count += write_tree(&dir.join(inputs::THEMES), &THEMES)?;
    Ok(count)
}

/// `dir` exists and is empty, or is created.
fn prepare(dir: &Path) -> io::Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(io::Error::other("exists and is not a folder"));
        }
        if fs::read_dir(dir)?.next().is_some() {
            return Err(io::Error::other(
                "the folder is not empty; tailor init only writes into an empty or new folder",
            ));
        }
    }
    fs::create_dir_all(dir)
}

/// Writes the example into `dir`, which must be empty or absent. Returns the
/// number of files written.
pub fn write_to(dir: &Path) -> io::Result<usize> {
    prepare(dir)?;
    let mut count = 0;
    for (name, bytes) in FILES {
        paths::create_new(&dir.join(name), bytes)?;
        count += 1;
    }
    for (folder, tree) in [
        (inputs::SEGMENTS.dir, &SEGMENTS),
        ("content", &CONTENT),
        (inputs::THEMES, &THEMES),
    ] {
        count += write_tree(&dir.join(folder), tree)?;
    }
    Ok(count)
}

fn write_tree(target: &Path, tree: &Dir) -> io::Result<usize> {
    paths::not_a_link(target).map_err(|r| io::Error::other(r.to_string()))?;
    fs::create_dir_all(target)?;
    let mut count = 0;
    for entry in tree.entries() {
        match entry {
            DirEntry::Dir(d) => {
                let name = d.path().file_name().unwrap_or_default();
                count += write_tree(&target.join(name), d)?;
            }
            DirEntry::File(f) => {
                let name = f.path().file_name().unwrap_or_default();
                paths::create_new(&target.join(name), f.contents())?;
                count += 1;
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(dir: &'static Dir<'static>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => out.extend(texts(d)),
                DirEntry::File(f) => out.push((
                    f.path().display().to_string(),
                    String::from_utf8_lossy(f.contents()).into_owned(),
                )),
            }
        }
        out
    }

    #[test]
    fn every_placeholder_is_the_empty_site_s_and_every_file_has_one() {
        let files = texts(&EMPTY);
        assert!(files.len() >= 4);
        for word in PLACEHOLDERS {
            assert!(
                files.iter().any(|(_, text)| text.contains(word)),
                "{word} is not in the empty site"
            );
        }
        for (name, text) in &files {
            assert!(
                PLACEHOLDERS.iter().any(|w| text.contains(w)),
                "{name} has no placeholder: a copy left as it is would pass"
            );
        }
    }

    #[test]
    fn the_example_has_no_placeholder() {
        for (name, bytes) in FILES {
            let text = String::from_utf8_lossy(bytes);
            for word in PLACEHOLDERS {
                assert!(!text.contains(word), "{name} has {word}");
            }
        }
        for (name, text) in texts(&SEGMENTS).into_iter().chain(texts(&CONTENT)) {
            for word in PLACEHOLDERS {
                assert!(!text.contains(word), "{name} has {word}");
            }
        }
    }
}
