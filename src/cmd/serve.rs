//! `tailor serve`

use super::{FAILURE, SUCCESS};
use crate::cli::ServeArgs;
use crate::serve::{self, ServeOptions};

pub fn execute(args: ServeArgs) -> u8 {
    let served = serve::run(ServeOptions {
        root: args.root.root,
        port: args.port,
        bind: args.bind,
        drafts: args.drafts,
        allow_hosts: args.allow_hosts,
    });
    match served {
        Ok(()) => SUCCESS,
        Err(e) => {
            match e.hint() {
                Some(hint) => eprintln!("error: {e} — {hint}"),
                None => eprintln!("error: {e}"),
            }
            FAILURE
        }
    }
}
