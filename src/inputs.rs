//! The files a site is made of, in one table: the loaders read them from
//! here, the preview's watcher decides from here what an edit touched, and
//! `tailor init` writes the example's from here. A new kind of input is one
//! new row.

use std::path::Path;

/// What a file of the site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Config,
    Affiliates,
    Segments,
    CaseStudies,
    Pages,
    Theme,
}

/// A file at the site's root.
#[derive(Debug)]
pub struct RootFile {
    pub name: &'static str,
    pub kind: Kind,
}

/// A folder of the site's content, and the extensions of its files.
#[derive(Debug)]
pub struct Folder {
    pub dir: &'static str,
    pub extensions: &'static [&'static str],
    pub kind: Kind,
    /// What one of its files is, for messages.
    pub what: &'static str,
}

pub const CONFIG: &str = "tailor.yaml";
/// Either name of the affiliates list (both at once is an error).
pub const AFFILIATES_YAML: [&str; 2] = ["affiliates.yaml", "affiliates.yml"];
pub const AFFILIATES_CSV: &str = "affiliates.csv";

pub const ROOT_FILES: [RootFile; 4] = [
    RootFile {
        name: CONFIG,
        kind: Kind::Config,
    },
    RootFile {
        name: AFFILIATES_YAML[0],
        kind: Kind::Affiliates,
    },
    RootFile {
        name: AFFILIATES_YAML[1],
        kind: Kind::Affiliates,
    },
    RootFile {
        name: AFFILIATES_CSV,
        kind: Kind::Affiliates,
    },
];

pub const SEGMENTS: Folder = Folder {
    dir: "segments",
    extensions: &["yaml", "yml"],
    kind: Kind::Segments,
    what: "segment",
};

pub const CASE_STUDIES: Folder = Folder {
    dir: "content/case-studies",
    extensions: &["md", "markdown"],
    kind: Kind::CaseStudies,
    what: "case study",
};

pub const PAGES: Folder = Folder {
    dir: "content/pages",
    extensions: &["md", "markdown"],
    kind: Kind::Pages,
    what: "page",
};

pub const THEMES: &str = "themes";

pub const FOLDERS: [&Folder; 3] = [&SEGMENTS, &CASE_STUDIES, &PAGES];

/// The folders the watcher watches, recursively.
pub const WATCHED_DIRS: [&str; 3] = ["segments", "content", THEMES];

/// What the file at `rel` (relative to the site root) is, if it is one of
/// the site's inputs.
pub fn classify(rel: &Path) -> Option<Kind> {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = parts.next()?;
    if let Some(f) = ROOT_FILES.iter().find(|f| f.name == first) {
        return Some(f.kind);
    }
    if first == THEMES {
        return Some(Kind::Theme);
    }
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    FOLDERS
        .iter()
        .find(|f| rel_text.starts_with(&format!("{}/", f.dir)))
        .map(|f| f.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        for (path, kind) in [
            ("tailor.yaml", Some(Kind::Config)),
            ("affiliates.yml", Some(Kind::Affiliates)),
            ("affiliates.csv", Some(Kind::Affiliates)),
            ("segments/fintech.yaml", Some(Kind::Segments)),
            ("content/case-studies/x.markdown", Some(Kind::CaseStudies)),
            ("content/pages/faq.md", Some(Kind::Pages)),
            ("themes/default/templates/base.html", Some(Kind::Theme)),
            ("content/other/x.md", None),
            ("README.md", None),
        ] {
            assert_eq!(classify(Path::new(path)), kind, "{path}");
        }
    }
}
