//! A theme's static files, published under `assets/` with a fingerprint
//! of their content in the name, so they can be cached for a year.

use std::collections::BTreeMap;
use std::path::Path;

use super::Asset;
use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::ASSETS_DIR;

/// Every file under `static/`, by its path there.
pub(super) fn load(
    root: &Path,
    theme_dir: &Path,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Asset> {
    let static_dir = theme_dir.join("static");
    let mut assets = BTreeMap::new();
    for found in crate::paths::walk(root, &static_dir, usize::MAX) {
        let found = match found {
            Ok(f) => f,
            Err(refused) => {
                diags.push(refused.into());
                continue;
            }
        };
        let key = found.name;
        if key.starts_with('.') || key.contains("/.") {
            continue;
        }
        let bytes = match crate::inputs::read_bytes(root, &found.rel, crate::inputs::MAX_FILE) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let hash = blake3::hash(&bytes).to_hex();
        let out = fingerprinted(&key, &hash[..10]);
        assets.insert(
            key,
            Asset {
                source: root.join(&found.rel),
                out: format!("{ASSETS_DIR}/{out}"),
            },
        );
    }
    assets
}

/// The files of the site's own `static/` folder, by path there, to be
/// published as they are: dot files too (`.well-known/`), but not what
/// systems and editors leave beside files (`.DS_Store`, `x~`, `.git/`).
pub(super) fn site_files(root: &Path, diags: &mut Diagnostics) -> Vec<String> {
    let mut files = Vec::new();
    for found in crate::paths::walk(root, Path::new(crate::inputs::STATIC), usize::MAX) {
        let found = match found {
            Ok(f) => f,
            Err(refused) => {
                diags.push(refused.into());
                continue;
            }
        };
        let junk = found.name.split('/').any(|part| {
            matches!(part, ".git" | ".DS_Store" | "Thumbs.db" | "desktop.ini")
                || crate::inputs::is_editor_leftover(part)
        });
        if junk {
            continue;
        }
        if !found.regular {
            diags.push(
                Diagnostic::error(&found.rel, "is not a regular file")
                    .hint("replace it with a file, or remove it"),
            );
            continue;
        }
        files.push(found.name);
    }
    files
}

/// A file of the site itself (its logo), published like the theme's under
/// `assets/brand/`, keyed `brand/<name>`.
pub(super) fn site_file(root: &Path, rel: &Path) -> Result<(String, Asset), Diagnostic> {
    let bytes = crate::inputs::read_bytes(root, rel, crate::inputs::MAX_FILE)?;
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let key = format!("brand/{name}");
    let hash = blake3::hash(&bytes).to_hex();
    let out = fingerprinted(&key, &hash[..10]);
    Ok((
        key,
        Asset {
            source: root.join(rel),
            out: format!("{ASSETS_DIR}/{out}"),
        },
    ))
}

/// `css/site.css` → `css/site.<hash>.css`.
fn fingerprinted(key: &str, hash: &str) -> String {
    let (dir, file) = key.rsplit_once('/').map_or(("", key), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        named
    } else {
        format!("{dir}/{named}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_keep_folder_and_extension() {
        assert_eq!(fingerprinted("css/site.css", "abc"), "css/site.abc.css");
        assert_eq!(fingerprinted("logo.svg", "abc"), "logo.abc.svg");
        assert_eq!(fingerprinted("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(fingerprinted("a/.hidden", "abc"), "a/.hidden.abc");
    }
}
