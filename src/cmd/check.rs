//! `tailor check`

use super::{FAILURE, SUCCESS, report};
use crate::build::{self, Options};
use crate::cli::CheckArgs;

pub fn execute(args: CheckArgs) -> u8 {
    let root = args.root.root;
    let opts = Options::new(root.clone());
    match build::check(&opts, args.strict) {
        Ok(outcome) => {
            report(&outcome.diagnostics, &root);
            eprintln!("ok: {} pages would be built", outcome.pages);
            SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, &root);
            FAILURE
        }
    }
}
