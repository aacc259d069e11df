//! `tailor check`

use super::{FAILURE, SUCCESS, report};
use crate::build::{self, Options};
use crate::cli::RootArg;

pub fn execute(args: RootArg) -> u8 {
    let opts = Options::new(args.root.clone());
    match build::check(&opts) {
        Ok(outcome) => {
            report(&outcome.diagnostics, &args.root);
            eprintln!("ok: {} pages would be built", outcome.pages);
            SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, &args.root);
            FAILURE
        }
    }
}
