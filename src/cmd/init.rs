//! `tailor init`: a new site from the example embedded in the binary.

use std::path::Path;

use super::{FAILURE, SUCCESS};
use crate::example;

pub fn execute(dir: &Path) -> u8 {
    match example::write_to(dir) {
        Ok(n) => {
            eprintln!("created a new site in {} ({n} files)", dir.display());
            eprintln!("next: cd {} && tailor build", dir.display());
            SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            FAILURE
        }
    }
}
