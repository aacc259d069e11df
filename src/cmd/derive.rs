//! `tailor derive`

use super::{FAILURE, SUCCESS, report};
use crate::cli::DeriveArgs;
use crate::derive::{self, Options, Written};

pub fn execute(args: DeriveArgs) -> u8 {
    let root = args.root.root;
    // The site's settings for its exports, when derive runs in a site.
    let config = match site_config(&root) {
        Ok(c) => c,
        Err(diagnostics) => {
            report(&diagnostics, &root);
            return FAILURE;
        }
    };
    let data = config
        .as_ref()
        .map_or_else(crate::config::Data::none, |c| c.data.clone());
    let read = args.read;
    let opts = Options {
        customers: args.customers,
        min_health: args.min_health,
        min_group: args.min_group as usize,
        skip_invalid: args.skip_invalid,
        map: crate::config::columns_over(&data.customer_columns, &args.columns),
        settings: crate::config::over(&data.customers, read.locale, read.delimiter, read.encoding),
        lang: config
            .as_ref()
            .map_or_else(|| "en".to_string(), |c| c.locale.clone()),
    };
    let analysis = match derive::analyse(&opts) {
        Ok(a) => a,
        Err(diagnostics) => {
            report(&diagnostics, std::path::Path::new("."));
            return FAILURE;
        }
    };
    report(&analysis.warnings, std::path::Path::new("."));
    if args.dry_run {
        print!("{}", derive::table(&analysis));
        return SUCCESS;
    }
    let product = config
        .as_ref()
        .map_or_else(|| "our product".to_string(), |c| c.name.clone());
    // Drafts in the site's language, from its theme's texts; without a
    // site, in English.
    let mut diags = crate::diag::Diagnostics::new();
    let texts = match &config {
        Some(c) => crate::i18n::I18n::load(
            &root,
            std::path::Path::new("themes").join(&c.theme).join("i18n"),
            &c.locale,
            &c.text,
            &mut diags,
        ),
        None => crate::i18n::I18n::default(),
    };
    if diags.has_errors() {
        report(&diags.into_sorted(), &root);
        return FAILURE;
    }
    let lang = config.as_ref().map_or("en", |c| c.locale.as_str());
    let wording = derive::Wording {
        texts: &texts,
        lang,
        product: &product,
    };
    let out = args.out.unwrap_or_else(|| derive::default_out(&root));
    match derive::write_segments(&analysis, &out, args.force, &wording) {
        Ok(written) => {
            for w in &written {
                match w {
                    Written::Created(p) => eprintln!("wrote {}", p.display()),
                    Written::Overwritten(p) => eprintln!("overwrote {}", p.display()),
                    Written::Kept(p) => {
                        eprintln!("kept {} (it exists; --force overwrites it)", p.display())
                    }
                }
            }
            if written.is_empty() {
                eprintln!(
                    "no niche × channel group has {} successful customers; see --dry-run for the figures",
                    opts.min_group
                );
            }
            SUCCESS
        }
        Err(d) => {
            report(&[d], &root);
            FAILURE
        }
    }
}

/// The site's settings, when derive runs in a site (a folder with a
/// tailor.yaml); a tailor.yaml with errors is reported, not passed over:
/// its `data:` section says how the export is read.
fn site_config(
    root: &std::path::Path,
) -> Result<Option<crate::config::Config>, Vec<crate::diag::Diagnostic>> {
    if !root.join(crate::config::CONFIG_FILE).exists() {
        return Ok(None);
    }
    crate::config::Config::load(root, None).map(Some)
}
