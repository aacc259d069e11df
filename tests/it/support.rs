//! Fixture sites copied to a temp folder, the binary run on them, and the
//! output read back as parsed HTML.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{Html, Selector};
use tempfile::TempDir;
use url::Url;

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

pub struct Site {
    _tmp: TempDir,
    pub root: PathBuf,
}

/// `tests/fixtures/<name>` in a fresh temp folder, with the repository's
/// themes when the fixture brings none.
pub fn fixture(name: &str) -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&Path::new(REPO).join("tests/fixtures").join(name), &root);
    if !root.join("themes").exists() {
        copy_dir(&Path::new(REPO).join("themes"), &root.join("themes"));
    }
    Site { _tmp: tmp, root }
}

/// The example site at the repository root.
pub fn example() -> Site {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    fs::create_dir_all(&root).unwrap();
    for f in ["tailor.yaml", "affiliates.yaml", "affiliates.csv"] {
        fs::copy(Path::new(REPO).join(f), root.join(f)).unwrap();
    }
    for d in ["segments", "content", "themes"] {
        copy_dir(&Path::new(REPO).join(d), &root.join(d));
    }
    Site { _tmp: tmp, root }
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub fn tailor() -> Command {
    Command::cargo_bin("tailor").unwrap()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The lines of stderr that report an error, in order.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect()
    }
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Site {
    pub fn run(&self, args: &[&str]) -> Run {
        tailor()
            .args(args)
            .current_dir(&self.root)
            .output()
            .unwrap()
            .into()
    }

    /// `tailor build`, which must succeed.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    pub fn out(&self) -> PathBuf {
        self.root.join("public")
    }

    /// A file of the site itself.
    pub fn read_src(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Every HTML file of the output, by path.
    pub fn html_files(&self) -> BTreeMap<String, Html> {
        files_under(&self.out())
            .into_iter()
            .filter(|(rel, _)| rel.ends_with(".html"))
            .map(|(rel, bytes)| {
                (
                    rel,
                    Html::parse_document(&String::from_utf8(bytes).unwrap()),
                )
            })
            .collect()
    }

    /// The affiliates as `tailor links --format json` lists them.
    pub fn links(&self) -> Vec<serde_json::Value> {
        let run = self.run(&["links", "--format", "json"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        serde_json::from_str(&run.stdout).unwrap()
    }
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, fs::read(entry.path()).unwrap());
        }
    }
    out
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

pub fn hrefs(html: &Html) -> Vec<String> {
    select(html, "a[href], area[href]")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect()
}

pub fn is_product(href: &str, hosts: &[&str]) -> bool {
    Url::parse(href)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .is_some_and(|h| hosts.contains(&h.as_str()))
}

/// The query of `href` as (key, value) pairs, decoded.
pub fn params(href: &str) -> Vec<(String, String)> {
    Url::parse(href)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// Every one of `lines` appears in `text` (a command's output); the failure
/// names the missing line and shows the whole text.
#[track_caller]
pub fn assert_contains_all<S: AsRef<str>>(text: &str, lines: impl IntoIterator<Item = S>) {
    for line in lines {
        let line = line.as_ref();
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}
