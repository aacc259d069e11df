//! One module per subcommand, each with an `execute` that returns the exit
//! status: 0 success, 1 bad input or failed build (2, wrong usage, is
//! clap's).

pub mod build;
pub mod check;
pub mod derive;
pub mod help;
pub mod init;
pub mod kit;
pub mod links;
pub mod report;
#[cfg(feature = "serve")]
pub mod serve;

pub const SUCCESS: u8 = 0;
pub const FAILURE: u8 = 1;
pub const USAGE: u8 = 2;

pub use crate::diag::report;
