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
    let static_dir = root.join(theme_dir).join("static");
    let mut assets = BTreeMap::new();
    if !static_dir.is_dir() {
        return assets;
    }
    for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    theme_dir.join("static"),
                    format!("cannot list static files: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let key = entry
            .path()
            .strip_prefix(&static_dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if key.starts_with('.') || key.contains("/.") {
            continue;
        }
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    theme_dir.join("static").join(&key),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let hash = blake3::hash(&bytes).to_hex();
        let out = fingerprinted(&key, &hash[..10]);
        assets.insert(
            key,
            Asset {
                source: entry.path().to_path_buf(),
                out: format!("{ASSETS_DIR}/{out}"),
            },
        );
    }
    assets
}

/// A file of the site itself (its logo), published like the theme's under
/// `assets/brand/`, keyed `brand/<name>`.
pub(super) fn site_file(root: &Path, rel: &Path) -> Result<(String, Asset), Diagnostic> {
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| Diagnostic::error(rel, format!("cannot read: {e}")))?;
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
