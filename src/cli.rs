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
    Check(CheckArgs),
    /// List affiliates with the URLs to hand them.
    Links(LinksArgs),
    /// Draft segments from a CSV export of customer-success data.
    Derive(DeriveArgs),
    /// Write each affiliate's partner kit (link, QR code, card, share
    /// texts) and a mail-merge list, outside the published site.
    Kit(KitArgs),
    /// Preview the site on localhost, rebuilding and reloading on every edit.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to serve on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Include segments, case studies and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Args)]
pub struct RootArg {
    /// The site's folder (where tailor.yaml is).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Fail when a language misses translations (they are warnings otherwise).
    #[arg(long)]
    pub strict: bool,
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
    /// Include segments, case studies and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build the K-th of N shares of the affiliate pages (shard 1 also
    /// builds everything else), e.g. one job of a CI matrix.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<crate::plan::Shard>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
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
    /// The columns to print, comma-separated: slug, name, segment, code,
    /// lang, url, path, signup_url (the defaults), first_name, company,
    /// email, message, locale, active, or any column of affiliates.csv.
    #[arg(long, value_name = "A,B,...")]
    pub columns: Option<String>,
    /// Start the CSV with a UTF-8 byte-order mark, so Excel on Windows
    /// reads "Björn Ångström" as written.
    #[arg(long)]
    pub bom: bool,
}

#[derive(Debug, Args)]
pub struct KitArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Folder to write the kits to [default: <root>/kit]; never the
    /// published output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// CSV export of accounts from a CRM or customer-success tool.
    #[arg(long, value_name = "FILE.csv")]
    pub customers: PathBuf,
    #[command(flatten)]
    pub root: RootArg,
    /// Where to write segment files [default: <root>/segments].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print the groups and their figures instead of writing files.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite segment files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Health score (0-100) at or above which a customer counts as healthy.
    #[arg(long, default_value_t = 70.0, value_parser = health_threshold)]
    pub min_health: f64,
    /// Successful customers a niche × channel group needs to become a segment.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_group: u32,
    /// Leave invalid rows out (reported as warnings) instead of failing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Which header holds a column derive reads, for headers it does not
    /// know: --column niche="Customer Type". Repeatable.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = column_map)]
    pub columns: Vec<(crate::derive::Column, String)>,
}

fn column_map(s: &str) -> Result<(crate::derive::Column, String), String> {
    use crate::derive::Column;
    let Some((field, header)) = s.split_once('=') else {
        return Err(format!(
            "write FIELD=HEADER, e.g. niche=\"Customer Type\" (fields: {})",
            Column::names().join(", ")
        ));
    };
    let header = header.trim().trim_matches('"').to_string();
    match Column::by_name(field.trim()) {
        Some(c) if !header.is_empty() => Ok((c, header)),
        Some(_) => Err(format!("{field}= names no header")),
        None => Err(format!(
            "\"{field}\" is no column derive reads; the columns are: {}",
            Column::names().join(", ")
        )),
    }
}

fn health_threshold(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("{s} is not a health score between 0 and 100")),
    }
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
