//! tailor: personalized affiliate and referral landing pages as a static
//! site. The pipeline is the layout: `config` → `content` → `plan` →
//! `render` (with `track`) → `output`; `build` strings them together and
//! `cmd` holds one entry point per subcommand.

// Without `serve` (`--no-default-features`), the incremental rebuild that
// only serve uses goes unused; the default build still reports dead code.
#![cfg_attr(not(feature = "serve"), allow(dead_code))]

/// A typed index into the lists named: `typed_index!(Id => T, U)` lets an
/// `Id` index `[T]` and `Vec<T>` (and mutably), and nothing else, so an
/// index into one list cannot be given to another.
macro_rules! typed_index {
    ($id:ty => $($t:ty),+) => {$(
        impl std::ops::Index<$id> for [$t] {
            type Output = $t;
            fn index(&self, id: $id) -> &$t {
                &self[id.0]
            }
        }
        impl std::ops::IndexMut<$id> for [$t] {
            fn index_mut(&mut self, id: $id) -> &mut $t {
                &mut self[id.0]
            }
        }
        impl std::ops::Index<$id> for Vec<$t> {
            type Output = $t;
            fn index(&self, id: $id) -> &$t {
                &self[id.0]
            }
        }
        impl std::ops::IndexMut<$id> for Vec<$t> {
            fn index_mut(&mut self, id: $id) -> &mut $t {
                &mut self[id.0]
            }
        }
    )+};
}

pub(crate) mod build;
pub mod cli;
pub(crate) mod cmd;
pub(crate) mod colour;
pub(crate) mod config;
pub(crate) mod content;
pub(crate) mod date;
pub(crate) mod derive;
pub(crate) mod diag;
pub(crate) mod escape;
mod example;
pub(crate) mod exports;
#[doc(hidden)]
pub mod fuzzing;
pub(crate) mod i18n;
pub(crate) mod inputs;
pub(crate) mod lang;
pub(crate) mod mark;
pub(crate) mod offer;
pub(crate) mod output;
pub(crate) mod paths;
pub(crate) mod plan;
pub(crate) mod platform;
pub(crate) mod render;
pub(crate) mod report;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub(crate) mod slug;
pub(crate) mod table;
pub(crate) mod track;
pub(crate) mod urls;
mod yaml;

use cli::{Cli, Command};

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Init { dir, empty } => cmd::init::execute(&dir, empty),
        Command::Build(args) => cmd::build::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::Links(args) => cmd::links::execute(args),
        Command::Kit(args) => cmd::kit::execute(args),
        Command::Derive(args) => cmd::derive::execute(args),
        Command::Report(args) => cmd::report::execute(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => cmd::serve::execute(args),
        Command::Completions { shell } => cmd::help::completions(shell),
        Command::Man => cmd::help::man(),
    }
}
