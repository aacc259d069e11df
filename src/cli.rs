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
        /// A site to fill in (one segment, one case study, one affiliate)
        /// instead of the example company's.
        #[arg(long)]
        empty: bool,
    },
    /// Build the site into the output folder.
    Build(BuildArgs),
    /// Validate everything and render every page, writing nothing.
    Check(CheckArgs),
    /// List affiliates with the URLs to hand them.
    Links(LinksArgs),
    /// Draft segments from a CSV export of customer-success data.
    Derive(DeriveArgs),
    /// Which partners send customers who stay: referred accounts, churn,
    /// LTV and what they cost, per affiliate, segment and niche × channel.
    Report(ReportArgs),
    /// Write each affiliate's partner kit (link, QR code, card, share
    /// texts) and a mail-merge list, outside the published site.
    Kit(KitArgs),
    /// Preview the site on localhost, rebuilding and reloading on every edit.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
    /// Print a shell's completion script: tailor completions bash >
    /// ~/.local/share/bash-completion/completions/tailor
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print tailor's man page (roff): tailor man > ~/.local/share/man/man1/tailor.1
    Man,
}

#[cfg(feature = "serve")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub root: RootArg,
    /// Port to serve on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on (an address beyond this machine is warned
    /// about: anyone who reaches it can read the preview).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Also answer requests for this host name (repeatable); the preview
    /// answers only localhost and the bound address otherwise, so that no
    /// web page can read it through a name of its own.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
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

/// How an export is written, for one run (over `data:` in tailor.yaml).
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// How the export writes numbers and dates: a locale such as de,
    /// pt-BR, ru, tr, lt or en-US [default: data.locale in tailor.yaml,
    /// else what the values themselves show].
    #[arg(long, value_name = "LOCALE", value_parser = data_locale)]
    pub locale: Option<crate::table::DataLocale>,
    /// The character between the customer export's columns: "," ";"
    /// tab or "|" [default: the one that splits its rows alike].
    #[arg(long, value_parser = delimiter)]
    pub delimiter: Option<u8>,
    /// The customer export's encoding when it is not UTF-8 and has no
    /// byte-order mark: windows-1252, windows-1251, windows-1254,
    /// windows-1257, utf-16le...
    #[arg(long, value_parser = encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

fn data_locale(s: &str) -> Result<crate::table::DataLocale, String> {
    crate::table::DataLocale::new(s)
}

fn delimiter(s: &str) -> Result<u8, String> {
    crate::table::source::parse_delimiter(s)
}

fn encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    crate::table::source::parse_encoding(s)
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
    /// How --dry-run prints: a table, or JSON (every group, and each
    /// successful customer with their score and what made it).
    #[arg(long, value_enum, default_value_t = DeriveFormat::Table, requires = "dry_run")]
    pub format: DeriveFormat,
    /// Overwrite segment files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Health score (0-100) at or above which a customer counts as
    /// healthy, under derive's own success rule [default: 70] (a rule in
    /// tailor.yaml, derive.success, says it there).
    #[arg(long, value_parser = health_threshold)]
    pub min_health: Option<f64>,
    /// Successful customers a niche × channel group needs to become a segment.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub min_group: u32,
    /// Leave invalid rows out (reported as warnings) instead of failing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Which header holds a column derive reads, for headers it does not
    /// know: --column niche="Customer Type". Repeatable.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = column_map)]
    pub columns: Vec<(crate::exports::customers::Column, String)>,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DeriveFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The customer-success export (the one derive reads), with a column
    /// naming who referred each account (referred_by, referral code, ref,
    /// via, fpr, ...).
    #[arg(long, value_name = "FILE.csv")]
    pub customers: PathBuf,
    /// The affiliate platform's commission export: what was paid or is
    /// owed, for which customer or affiliate.
    #[arg(long, value_name = "FILE.csv")]
    pub commissions: Option<PathBuf>,
    #[command(flatten)]
    pub root: RootArg,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Also write the report as a self-contained page, DIR/index.html
    /// (never into the published site).
    #[arg(long, value_name = "DIR")]
    pub html: Option<PathBuf>,
    /// Exit with 1 when the report raises flags: `flags` for any, or the
    /// kinds, comma-separated (unknown-code, low-ltv-to-cost, high-churn,
    /// inactive-referring, no-referrals).
    #[arg(long, value_name = "flags|KIND,...", value_parser = fail_on)]
    pub fail_on: Option<FailOn>,
    /// Commission amounts are in cents (as the platforms' APIs give
    /// them), whatever their header says.
    #[arg(long)]
    pub cents: bool,
    /// Also show the success share of each affiliate's referred accounts
    /// (and each segment's, niche × channel's and the program's), judged
    /// by the success rule `derive` uses (derive.success in tailor.yaml,
    /// or derive's own), with its 95% interval.
    #[arg(long)]
    pub success: bool,
    /// Leave invalid rows out (reported as warnings) instead of failing.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Which header of the customer export holds a column:
    /// --column referred_by="Partner". Repeatable.
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = column_map)]
    pub columns: Vec<(crate::exports::customers::Column, String)>,
    /// Which header of the commission export holds a column:
    /// --commission-column amount="Commission (USD)". Repeatable.
    #[arg(long = "commission-column", value_name = "FIELD=HEADER", value_parser = commission_column_map)]
    pub commission_columns: Vec<(crate::exports::commissions::Column, String)>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// The flag kinds `--fail-on` names (one value: clap reads an
/// `Option<Vec<_>>` as many).
#[derive(Debug, Clone, PartialEq)]
pub struct FailOn(pub Vec<crate::report::FlagKind>);

fn fail_on(s: &str) -> Result<FailOn, String> {
    use crate::report::FlagKind;
    if s.trim() == "flags" {
        return Ok(FailOn(FlagKind::ALL.to_vec()));
    }
    s.split(',')
        .map(|k| {
            FlagKind::by_name(k.trim()).ok_or_else(|| {
                format!(
                    "\"{}\" is no flag; write flags, or some of: {}",
                    k.trim(),
                    FlagKind::ALL.map(FlagKind::name).join(", ")
                )
            })
        })
        .collect::<Result<_, _>>()
        .map(FailOn)
}

fn commission_column_map(s: &str) -> Result<(crate::exports::commissions::Column, String), String> {
    use crate::exports::commissions::Column;
    field_map(
        s,
        Column::by_name,
        &Column::names(),
        "the commission export",
    )
}

fn column_map(s: &str) -> Result<(crate::exports::customers::Column, String), String> {
    use crate::exports::customers::Column;
    field_map(
        s,
        Column::by_name,
        &Column::names(),
        "derive and report read",
    )
}

/// `field=Header`, `field` one of `names`.
fn field_map<C>(
    s: &str,
    by_name: impl Fn(&str) -> Option<C>,
    names: &[&str],
    whose: &str,
) -> Result<(C, String), String> {
    let Some((field, header)) = s.split_once('=') else {
        return Err(format!(
            "write FIELD=HEADER, e.g. {}=\"Your header\" (fields: {})",
            names[0],
            names.join(", ")
        ));
    };
    let header = header.trim().trim_matches('"').to_string();
    match by_name(field.trim()) {
        Some(c) if !header.is_empty() => Ok((c, header)),
        Some(_) => Err(format!("{field}= names no header")),
        None => Err(format!(
            "\"{field}\" is no column {whose}; the columns are: {}",
            names.join(", ")
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

    /// Every flag of every subcommand given a value: an argument whose
    /// type clap reads otherwise than it is declared panics here, not in
    /// a user's hands.
    #[test]
    fn every_option_parses_into_its_field() {
        let lines: [&[&str]; 3] = [
            &[
                "tailor",
                "report",
                "--customers",
                "c.csv",
                "--commissions",
                "m.csv",
                "--format",
                "json",
                "--html",
                "out",
                "--fail-on",
                "high-churn,no-referrals",
                "--cents",
                "--skip-invalid",
                "--column",
                "referred_by=Partner",
                "--commission-column",
                "amount=Paid",
            ],
            &[
                "tailor",
                "report",
                "--customers",
                "c.csv",
                "--fail-on",
                "flags",
            ],
            &[
                "tailor",
                "derive",
                "--customers",
                "c.csv",
                "--dry-run",
                "--force",
                "--min-health",
                "60",
                "--min-group",
                "2",
                "--skip-invalid",
                "--column",
                "niche=Segment",
                "--out",
                "x",
            ],
        ];
        for line in lines {
            let cli = Cli::try_parse_from(line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
            let _ = format!("{cli:?}");
        }
    }
}
