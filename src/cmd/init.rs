//! `tailor init`: a new site from the example embedded in the binary, or
//! (`--empty`) one to fill in.

use std::path::Path;

use super::{FAILURE, SUCCESS};
use crate::example;

pub fn execute(dir: &Path, empty: bool) -> u8 {
    let written = if empty {
        example::write_empty_to(dir)
    } else {
        example::write_to(dir)
    };
    match written {
        Ok(n) => {
            eprintln!("created a new site in {} ({n} files)", dir.display());
            if empty {
                eprintln!(
                    "next: replace every \"Your ...\" in {0}/tailor.yaml, affiliates.yaml, segments/ and content/, then cd {0} && tailor check",
                    dir.display()
                );
            } else {
                eprintln!("next: cd {} && tailor build", dir.display());
            }
            SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", dir.display());
            FAILURE
        }
    }
}
