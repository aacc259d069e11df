//! `tailor report`
//!
//! `--html DIR` writes `DIR/index.html`, and beside it a marker holding
//! the hash of what it wrote: a later report replaces the page only while
//! it is still that page. A file of someone else's is never written over,
//! and DIR may not be the published site, the site's own folder or one of
//! the folders the site is read from.

use std::path::{Path, PathBuf};

use super::{FAILURE, SUCCESS, USAGE, report};
use crate::cli::{ReportArgs, ReportFormat};
use crate::report::{self as partner, formats, html};

pub fn execute(args: ReportArgs) -> u8 {
    let root = args.root.root;
    if let Some(dir) = &args.html
        && super::in_published(&root, dir)
    {
        eprintln!(
            "error: --html {}: the report names customers and what partners earn; it is never written into the published site — write it elsewhere",
            dir.display()
        );
        return USAGE;
    }
    if let Some(dir) = &args.html
        && let Err(d) = html_target(&root, dir)
    {
        report(&[d], Path::new("."));
        return FAILURE;
    }
    let Some(loaded) = super::load_site(&root) else {
        return FAILURE;
    };
    let data = &loaded.site.config.data;
    let read = args.read;
    let opts = partner::Options {
        customers: args.customers,
        commissions: args.commissions,
        cents: args.cents,
        success: args.success.then(|| {
            loaded
                .site
                .config
                .success
                .clone()
                .unwrap_or_else(|| crate::exports::success::Rule::default_with(70.0))
        }),
        skip_invalid: args.skip_invalid,
        map: crate::config::columns_over(&data.customer_columns, &args.columns),
        commission_map: crate::config::columns_over(
            &data.commission_columns,
            &args.commission_columns,
        ),
        settings: crate::config::over(
            &data.customers,
            read.locale.clone(),
            read.delimiter,
            read.encoding,
        ),
        commission_settings: crate::config::over(&data.commissions, read.locale, None, None),
    };
    let r = match partner::analyse(&loaded.site, &opts) {
        Ok(r) => r,
        Err(diagnostics) => {
            report(&diagnostics, Path::new("."));
            return FAILURE;
        }
    };
    report(&r.warnings, Path::new("."));
    let printed = match args.format {
        ReportFormat::Table => Ok(formats::table(&r)),
        ReportFormat::Json => Ok(formats::json(&r)),
        ReportFormat::Csv => formats::csv(&r),
    };
    match printed {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot write the CSV: {e}");
            return FAILURE;
        }
    }
    if let Some(dir) = &args.html {
        match write_html(&root, dir, html::page(&r).as_bytes()) {
            Ok(file) => eprintln!("wrote {}", file.display()),
            Err(d) => {
                report(&[d], Path::new("."));
                return FAILURE;
            }
        }
    }
    if let Some(crate::cli::FailOn(kinds)) = &args.fail_on {
        let raised = r.flags.iter().filter(|f| kinds.contains(&f.kind)).count();
        if raised > 0 {
            eprintln!(
                "error: {raised} {} raised (--fail-on)",
                if raised == 1 { "flag" } else { "flags" }
            );
            return FAILURE;
        }
    }
    SUCCESS
}

/// The report page's name in `--html DIR`, and the marker beside it.
const PAGE: &str = "index.html";
const MARKER: &str = ".tailor-report";

/// `DIR/index.html`, when the report may write it: DIR is not the site nor
/// among its sources, and the page there (if any) is the one the last
/// report wrote, unchanged since.
fn html_target(root: &Path, dir: &Path) -> Result<PathBuf, crate::diag::Diagnostic> {
    crate::paths::output_dir(dir, root, &crate::inputs::SOURCE_DIRS)?;
    let file = dir.join(PAGE);
    crate::paths::not_a_link(&file)?;
    let Ok(bytes) = std::fs::read(&file) else {
        return Ok(file);
    };
    let ours = std::fs::read_to_string(dir.join(MARKER))
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix(&format!("{PAGE} ")).map(str::to_string))
        })
        .is_some_and(|hash| hash == blake3::hash(&bytes).to_hex().as_str());
    if ours {
        Ok(file)
    } else {
        Err(crate::diag::Diagnostic::error(
            &file,
            "exists, and tailor report did not write it: it is left as it is",
        )
        .hint(
            "pass --html a folder of the report's own (a new or empty one), or move the file away",
        ))
    }
}

/// Writes the report page into `dir`, and the marker that lets the next
/// report replace it.
fn write_html(root: &Path, dir: &Path, page: &[u8]) -> Result<PathBuf, crate::diag::Diagnostic> {
    let file = html_target(root, dir)?;
    crate::paths::write_file(&file, page)?;
    let marker = format!(
        "tailor report wrote {PAGE} here, and replaces it while it is unchanged:\n{PAGE} {}\n",
        blake3::hash(page).to_hex()
    );
    crate::paths::write_file(&dir.join(MARKER), marker.as_bytes())?;
    Ok(file)
}
