//! tailor: personalized affiliate and referral landing pages as a static
//! site. The pipeline is the layout: `config` → `content` → `plan` →
//! `render` (with `track`) → `output`; `build` strings them together and
//! `cmd` holds one entry point per subcommand.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod content;
pub mod derive;
pub mod diag;
mod example;
pub mod inputs;
pub mod lang;
pub mod offer;
pub mod output;
pub mod plan;
pub mod render;
pub mod table;
#[cfg(feature = "serve")]
pub mod serve;
pub mod track;
mod yaml;

use cli::{Cli, Command};

/// Runs a parsed command line and returns the process exit status.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Init { dir } => cmd::init::execute(&dir),
        Command::Build(args) => cmd::build::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::Links(args) => cmd::links::execute(args),
        Command::Derive(args) => cmd::derive::execute(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => cmd::serve::execute(args),
    }
}
