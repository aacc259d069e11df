//! `tailor derive`

use super::{FAILURE, SUCCESS, report};
use crate::cli::DeriveArgs;
use crate::derive::{self, Options, Written};

pub fn execute(args: DeriveArgs) -> u8 {
    let root = args.root.root;
    let opts = Options {
        customers: args.customers,
        min_health: args.min_health,
        min_group: args.min_group as usize,
        skip_invalid: args.skip_invalid,
        map: args.columns,
    };
    let analysis = match derive::analyse(&opts) {
        Ok(a) => a,
        Err(diagnostics) => {
            report(&diagnostics, std::path::Path::new("."));
            return FAILURE;
        }
    };
    report(&analysis.warnings, std::path::Path::new("."));
    if args.dry_run {
        print!("{}", derive::table(&analysis));
        return SUCCESS;
    }
    let product = product_name(&root);
    let out = args.out.unwrap_or_else(|| derive::default_out(&root));
    match derive::write_segments(&analysis, &out, args.force, &product) {
        Ok(written) => {
            for w in &written {
                match w {
                    Written::Created(p) => eprintln!("wrote {}", p.display()),
                    Written::Overwritten(p) => eprintln!("overwrote {}", p.display()),
                    Written::Kept(p) => {
                        eprintln!("kept {} (it exists; --force overwrites it)", p.display())
                    }
                }
            }
            if written.is_empty() {
                eprintln!(
                    "no niche × channel group has {} successful customers; see --dry-run for the figures",
                    opts.min_group
                );
            }
            SUCCESS
        }
        Err(d) => {
            report(&[d], &root);
            FAILURE
        }
    }
}

/// The product's name for draft copy: the site's name when there is a site.
fn product_name(root: &std::path::Path) -> String {
    crate::config::Config::load(root, None)
        .map(|c| c.name)
        .unwrap_or_else(|_| "our product".to_string())
}
