//! `tailor build`

use std::time::Instant;

use super::{FAILURE, SUCCESS, report};
use crate::build::{self, Options};
use crate::cli::BuildArgs;

pub fn execute(args: BuildArgs) -> u8 {
    let started = Instant::now();
    let root = args.root.root;
    let out = args.out.unwrap_or_else(|| root.join("public"));
    let opts = Options {
        base_url: args.base_url,
        drafts: args.drafts,
        shard: args.shard,
        progress: true,
        ..Options::new(root.clone())
    };
    match build::build(&opts, &out) {
        Ok(outcome) => {
            report(&outcome.diagnostics, &root);
            let shard = opts
                .shard
                .map(|s| format!(" (shard {s})"))
                .unwrap_or_default();
            let cards = if outcome.cards > 0 {
                format!(
                    "; {} of {} social cards drawn, the others unchanged",
                    outcome.cards_drawn, outcome.cards
                )
            } else {
                String::new()
            };
            eprintln!(
                "built {} pages{shard} into {}: {} files written, {} unchanged, in {:.2?}{cards}",
                outcome.pages,
                out.display(),
                outcome.written,
                outcome.unchanged,
                started.elapsed()
            );
            SUCCESS
        }
        Err(diagnostics) => {
            report(&diagnostics, &root);
            eprintln!("build failed; {} was left as it was", out.display());
            FAILURE
        }
    }
}
