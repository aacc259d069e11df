//! The command line, as clap's derive API describes it. Raw flags stop
//! here: each subcommand turns them into options for the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "tailor",
    version,
    about = "Personalized affiliate and referral landing pages, as a static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site from the built-in example.
    Init {
        /// Folder to create the site in; must be empty or absent.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate everything and render every page, writing nothing.
    Check(RootArg),
    /// List affiliates with the URLs to hand them.
    Links(LinksArgs),
}

#[derive(Debug, Args)]
pub struct RootArg {
    /// The site's folder (where tailor.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Output folder [default: <root>/public].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Publish at this URL instead of site.base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include case studies and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub enum Format {
    #[default]
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct LinksArgs {
    #[command(flatten)]
    pub root: RootArg,
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Only the affiliates of this segment.
    #[arg(long)]
    pub segment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
