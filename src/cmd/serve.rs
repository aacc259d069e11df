//! `tailor serve`

use crate::cli::ServeArgs;
use crate::serve::{self, ServeOptions};

pub fn execute(args: ServeArgs) -> u8 {
    serve::run(ServeOptions {
        root: args.root.root,
        port: args.port,
        bind: args.bind,
        drafts: args.drafts,
    })
}
