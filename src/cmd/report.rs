//! `tailor report`

use std::path::Path;

use super::{FAILURE, SUCCESS, USAGE, report};
use crate::cli::{ReportArgs, ReportFormat};
use crate::report::{self as partner, html, output};

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
    let Some(loaded) = super::load_site(&root) else {
        return FAILURE;
    };
    let data = &loaded.site.config.data;
    let read = args.read;
    let opts = partner::Options {
        customers: args.customers,
        commissions: args.commissions,
        cents: args.cents,
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
        ReportFormat::Table => Ok(output::table(&r)),
        ReportFormat::Json => Ok(output::json(&r)),
        ReportFormat::Csv => output::csv(&r),
    };
    match printed {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: cannot write the CSV: {e}");
            return FAILURE;
        }
    }
    if let Some(dir) = &args.html {
        let file = dir.join("index.html");
        match crate::output::write_atomically(&file, html::page(&r).as_bytes()) {
            Ok(()) => eprintln!("wrote {}", file.display()),
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
