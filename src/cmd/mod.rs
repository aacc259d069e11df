//! One module per subcommand, each with an `execute` that returns the exit
//! status: 0 success, 1 bad input or failed build (2, wrong usage, is
//! clap's).

pub mod build;
pub mod check;
pub mod derive;
pub mod init;
pub mod links;
#[cfg(feature = "serve")]
pub mod serve;

use std::path::Path;

use crate::diag::Diagnostic;

pub const SUCCESS: u8 = 0;
pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;

/// Prints diagnostics to stderr, with excerpts from the files under `root`,
/// and a count of errors at the end.
pub fn report(diagnostics: &[Diagnostic], root: &Path) {
    let mut stderr = String::new();
    let mut sources = crate::diag::Sources::new(root);
    for d in diagnostics {
        stderr.push_str(&sources.render(d));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        stderr.push_str(&format!(
            "{errors} error{} found\n",
            if errors == 1 { "" } else { "s" }
        ));
    }
    eprint!("{stderr}");
}
