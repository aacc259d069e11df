//! The files a site is made of, in one table: the loaders read them from
//! here, the preview's watcher decides from here what an edit touched, and
//! `tailor init` writes the example's from here. A new kind of input is one
//! new row. Every file is read by the rule of `crate::paths`: from inside
//! the site's folder only.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};

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
/// The site's own wording over the theme's text (`i18n/<lang>.yaml`): read
/// with the theme, so an edit reloads it.
pub const SITE_TEXT: &str = "i18n";

/// The site's own files, published as they are (favicons, `.well-known/`,
/// verification files, pictures for Markdown). Read with the theme, so an
/// edit reloads everything, as a theme edit does.
pub const STATIC: &str = "static";

/// The marker `tailor build` keeps at the top of every output folder (the
/// record of what it wrote there): no file of `static/` may take its name.
pub const OUTPUT_MARKER: &str = ".tailor-output";

pub const FOLDERS: [&Folder; 3] = [&SEGMENTS, &CASE_STUDIES, &PAGES];

/// The folders the watcher watches, recursively.
pub const WATCHED_DIRS: [&str; 5] = ["segments", "content", THEMES, SITE_TEXT, STATIC];

/// Every folder the site is read from: no output may be written inside
/// one.
pub const SOURCE_DIRS: [&str; 5] = ["segments", "content", THEMES, SITE_TEXT, STATIC];

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
    if first == THEMES || first == SITE_TEXT || first == STATIC {
        return Some(Kind::Theme);
    }
    let rel_text = rel.to_string_lossy().replace('\\', "/");
    FOLDERS
        .iter()
        .find(|f| rel_text.starts_with(&format!("{}/", f.dir)))
        .map(|f| f.kind)
}

/// A file the site's data names (a logo, a photo), as written.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Named<'a> {
    /// `https://…`, `//host/…`, `data:…`: not a file of the site; a page
    /// showing it would make every visitor's browser ask another site.
    Remote,
    /// `..` or an absolute path: outside the site's folder.
    Outside,
    /// A path relative to the site's root, and its extension in lowercase.
    File { path: &'a Path, ext: String },
}

/// What `written` names; see [`Named`].
pub(crate) fn named_file(written: &str) -> Named<'_> {
    if written.contains("://") || written.starts_with("//") || written.starts_with("data:") {
        return Named::Remote;
    }
    let path = Path::new(written);
    if !path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    }) {
        return Named::Outside;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Named::File { path, ext }
}

/// The largest file tailor reads, but for the affiliates CSV.
pub(crate) const MAX_FILE: u64 = 32 << 20;
/// The largest file published or drawn with as it is: a font, a file of
/// `static/`.
pub(crate) const MAX_LARGE: u64 = 64 << 20;
/// The largest affiliates CSV: a million affiliates fit.
pub(crate) const MAX_CSV: u64 = 256 << 20;

pub use crate::diag::SAVE_CSV_AS_UTF8;

/// The file at `rel`, a regular file of at most `max` bytes inside the
/// site's folder (`crate::paths`), and its size: a pipe or device in the
/// site's folders would never end.
pub(crate) fn regular_file_up_to(
    root: &Path,
    rel: &Path,
    max: u64,
) -> Result<(std::path::PathBuf, u64), Diagnostic> {
    let path = crate::paths::input(root, rel)?;
    let meta = std::fs::metadata(&path)
        .map_err(|e| Diagnostic::error(rel, format!("cannot read the file: {e}")))?;
    if !meta.is_file() {
        return Err(
            Diagnostic::error(rel, "is not a regular file").hint("replace it with a text file")
        );
    }
    if meta.len() > max {
        return Err(Diagnostic::error(
            rel,
            format!(
                "the file is {} MB; tailor reads files of at most {} MB",
                meta.len() >> 20,
                max >> 20
            ),
        )
        .hint("split it, or check that this is the file you meant"));
    }
    Ok((path, meta.len()))
}

/// The bytes of the file at `rel`, of at most `max` bytes, read from
/// inside the site's folder only (`crate::paths`).
pub(crate) fn read_bytes(root: &Path, rel: &Path, max: u64) -> Result<Vec<u8>, Diagnostic> {
    let (path, _) = regular_file_up_to(root, rel, max)?;
    std::fs::read(&path).map_err(|e| Diagnostic::error(rel, format!("cannot read the file: {e}")))
}

/// Reads a UTF-8 text file of at most [`MAX_FILE`] bytes, dropping a
/// byte-order mark and normalising CRLF line endings, so the parsers see
/// one form of text.
pub(crate) fn read_text(root: &Path, rel: &Path) -> Result<String, Diagnostic> {
    read_text_up_to(root, rel, MAX_FILE)
}

/// [`read_text`] with another size limit.
pub(crate) fn read_text_up_to(root: &Path, rel: &Path, max: u64) -> Result<String, Diagnostic> {
    let bytes = read_bytes(root, rel, max)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
        let byte = e.as_bytes()[valid.len()];
        // Windows-1252 agrees with Latin-1 from 0xA0 up: the letters a
        // spreadsheet saved as plain "CSV" writes so (é is 0xE9).
        let message = if byte >= 0xA0 {
            format!(
                "the file is not valid UTF-8: byte 0x{byte:02X} here is \"{}\" in Windows-1252, the encoding Excel's plain \"CSV\" uses",
                char::from(byte)
            )
        } else {
            format!("the file is not valid UTF-8 (byte 0x{byte:02X})")
        };
        let hint = if rel.extension().is_some_and(|x| x == "csv") {
            SAVE_CSV_AS_UTF8
        } else {
            "save it as UTF-8 (your editor's \"Save with encoding\")"
        };
        Diagnostic::error(rel, message).at(line, col).hint(hint)
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    })
}

/// The files of one of the site's content folders, sorted by name. A file
/// with another extension is left out with a warning naming it (a
/// `fintech.yml.bak`, a `story.txt`): nothing is skipped without a word. A
/// missing folder is an empty list.
pub(crate) fn files_in(root: &Path, folder: &Folder, diags: &mut Diagnostics) -> Vec<PathBuf> {
    list(root, folder.dir, folder.extensions, folder.what, diags)
}

/// [`files_in`] for any folder: the files with one of `extensions`, each
/// other file a warning.
pub(crate) fn list(
    root: &Path,
    dir: &str,
    extensions: &[&str],
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    // Links are followed while they stay inside the site (sites share
    // content that way); one that leaves it, loops or leads nowhere is an
    // error, as is a name that is not UTF-8.
    for found in crate::paths::walk(root, Path::new(dir), 1) {
        let found = match found {
            Ok(f) => f,
            Err(refused) => {
                diags.push(refused.into());
                continue;
            }
        };
        let name = found.name.as_str();
        if name.starts_with('.') {
            continue;
        }
        let ext = found
            .rel
            .extension()
            .map(|x| x.to_string_lossy().into_owned());
        if ext.as_deref().is_some_and(|x| extensions.contains(&x)) {
            files.push(found.rel);
        } else if !is_editor_leftover(name) {
            diags.push(
                Diagnostic::warning(
                    &found.rel,
                    format!(
                        "is not read: {dir}/ holds {} files",
                        extensions
                            .iter()
                            .map(|x| format!(".{x}"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ),
                )
                .hint(format!(
                    "rename it to {}.{} to publish it as a {}, or move it out of {dir}/",
                    found
                        .rel
                        .file_stem()
                        .map_or(name.to_string(), |s| s.to_string_lossy().into_owned()),
                    extensions[0],
                    what
                )),
            );
        }
    }
    files
}

/// Backups editors leave beside a file (`x.yaml~`, `#x#`): not the user's
/// content, not worth a warning.
pub(crate) fn is_editor_leftover(name: &str) -> bool {
    name.ends_with('~') || name.starts_with('#') || name.ends_with(".swp") || name.ends_with(".tmp")
}

/// The file stem, which is the id of a segment, case study or page.
pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_files_are_relative_paths_inside_the_site() {
        for remote in [
            "https://cdn.example/a.jpg",
            "//cdn.example/a.jpg",
            "data:image/png;base64,x",
        ] {
            assert_eq!(named_file(remote), Named::Remote, "{remote}");
        }
        for outside in ["../a.jpg", "/etc/a.jpg", "photos/../../a.jpg"] {
            assert_eq!(named_file(outside), Named::Outside, "{outside}");
        }
        assert_eq!(
            named_file("./photos/Jane.JPG"),
            Named::File {
                path: Path::new("./photos/Jane.JPG"),
                ext: "jpg".into()
            }
        );
    }

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
            ("static/.well-known/security.txt", Some(Kind::Theme)),
            ("content/other/x.md", None),
            ("README.md", None),
        ] {
            assert_eq!(classify(Path::new(path)), kind, "{path}");
        }
    }
}
