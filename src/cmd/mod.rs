//! One module per subcommand, each with an `execute` that returns the exit
//! status: 0 success, 1 bad input or failed build (2, wrong usage, is
//! clap's).

pub mod build;
pub mod check;
pub mod derive;
pub mod help;
pub mod init;
pub mod kit;
pub mod links;
pub mod report;
#[cfg(feature = "serve")]
pub mod serve;

pub const SUCCESS: u8 = 0;
pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;

pub use crate::diag::report;

use std::path::{Path, PathBuf};

/// Loads the site at `root` for a command that reads it, reporting its
/// problems and warnings; `None` when it does not load.
pub fn load_site(root: &Path) -> Option<crate::build::Loaded> {
    match crate::build::load(&crate::build::Options::new(root.to_path_buf())) {
        Ok(loaded) => {
            report(&loaded.warnings, root);
            Some(loaded)
        }
        Err(diagnostics) => {
            report(&diagnostics, root);
            None
        }
    }
}

/// Whether `dir` is the site's published folder (`<root>/public`) or is
/// inside it, where what names partners and customers must never go.
pub fn in_published(root: &Path, dir: &Path) -> bool {
    fn absolute(p: &Path) -> PathBuf {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        std::fs::canonicalize(&p).unwrap_or(p)
    }
    absolute(dir).starts_with(absolute(&root.join("public")))
}
