//! Affiliates' photos: a JPEG or PNG in the site's folder, named in the
//! record (`photo: photos/jane.jpg`), published square and small under
//! `assets/photos/`, with the hash of the file in the name so it can be
//! cached for a year and is drawn again only when the file changes.
//!
//! Only a local file: a remote URL would make every visitor's browser ask
//! a third party for it.

use std::path::Path;

use crate::content::Affiliate;
use crate::diag::{Diagnostic, quoted};
use crate::inputs::{Named, named_file};
use crate::plan::ASSETS_DIR;

/// Part of every photo's hash: bump it when drawing or encoding changes.
const FORMAT: &str = "tailor-photo-1";
/// The largest photo file read.
const MAX_BYTES: u64 = 20 << 20;

/// Where affiliate `a`'s photo is published, after checking the file it
/// names: `assets/photos/<slug>.<hash>.jpg`.
pub fn output(root: &Path, a: &Affiliate, written: &str) -> Result<String, Diagnostic> {
    let err = |message: String, hint: &str| a.photo_at.error(message).hint(hint.to_string());
    let (path, ext) = match named_file(written) {
        Named::Remote => {
            return Err(err(
                format!(
                    "photo {} is not a file in the site's folder",
                    quoted(written)
                ),
                "save the picture in the site's folder (e.g. photos/jane.jpg) and name that file: a remote picture would make every visitor's browser ask another site for it",
            ));
        }
        Named::Outside => {
            return Err(err(
                format!("photo {} is outside the site's folder", quoted(written)),
                "name a file inside the site's folder, relative to it (e.g. photos/jane.jpg)",
            ));
        }
        Named::File { path, ext } => (path, ext),
    };
    if !matches!(ext.as_str(), "jpg" | "jpeg" | "png") {
        return Err(err(
            format!(
                "photo {} is not a .jpg, .jpeg or .png file",
                quoted(written)
            ),
            "save the picture as JPEG or PNG",
        ));
    }
    // By the rule of every input: a link out of the site is refused.
    let file = crate::paths::input(root, path).map_err(|r| {
        err(
            format!("photo {} {}", quoted(written), r.message()),
            &r.hint().unwrap_or_default(),
        )
    })?;
    let meta = std::fs::metadata(&file).map_err(|_| {
        err(
            format!("photo {} does not exist", quoted(written)),
            "put the picture there, or correct the path (it is relative to the site's folder)",
        )
    })?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Err(err(
            format!(
                "photo {} is not a regular file of at most 20 MB",
                quoted(written)
            ),
            "name a JPEG or PNG file; a few hundred kilobytes is plenty",
        ));
    }
    let bytes = std::fs::read(&file)
        .map_err(|e| err(format!("photo {}: cannot read: {e}", quoted(written)), ""))?;
    let mut hasher = blake3::Hasher::new();
    hasher.update(FORMAT.as_bytes());
    hasher.update(&bytes);
    let hash = hasher.finalize().to_hex();
    Ok(format!(
        "{ASSETS_DIR}/photos/{}.{}.jpg",
        a.slug,
        &hash[..10]
    ))
}
