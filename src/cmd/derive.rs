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
    let team_rule = config.as_ref().and_then(|c| c.success.clone());
    let rule = match (team_rule, args.min_health) {
        (Some(rule), Some(_)) => {
            let d = crate::diag::Diagnostic::error(
                crate::config::CONFIG_FILE,
                "--min-health applies to derive's own success rule, and tailor.yaml has one of its own (derive.success)",
            )
            .at_pos(rule.at)
            .hint("say the health threshold in derive.success (any: { health_score: at least 70 }), and leave --min-health out");
            report(&[d], &root);
            return FAILURE;
        }
        (Some(rule), None) => rule,
        (None, min_health) => {
            crate::exports::success::Rule::default_with(min_health.unwrap_or(70.0))
        }
    };
    let opts = Options {
        customers: args.customers,
        rule,
        rule_file: crate::config::CONFIG_FILE.into(),
        min_group: args.min_group as usize,
        skip_invalid: args.skip_invalid,
        map: crate::config::columns_over(&data.customer_columns, &args.columns),
        settings: crate::config::over(&data.customers, read.locale, read.delimiter, read.encoding),
        lang: config
            .as_ref()
            .map_or_else(|| "en".to_string(), |c| c.locale.clone()),
        // The JSON lists every successful customer; the table and the
        // drafts the best few.
        listed: match args.format {
            crate::cli::DeriveFormat::Json => None,
            _ => Some(derive::LISTED),
        },
    };
    let analysis = match derive::analyse(&opts) {
        Ok(a) => a,
        Err(diagnostics) => {
            // Messages about the rule point into the site's tailor.yaml,
            // the others into the export, named as it was given.
            let (rule, export): (Vec<_>, Vec<_>) = diagnostics
                .into_iter()
                .partition(|d| d.file == opts.rule_file);
            if !rule.is_empty() {
                report(&rule, &root);
            }
            if !export.is_empty() {
                report(&export, std::path::Path::new("."));
            }
            return FAILURE;
        }
    };
    report(&analysis.warnings, std::path::Path::new("."));
    if !analysis.unused.is_empty() {
        let names: Vec<&str> = analysis.unused.iter().map(|m| m.name()).collect();
        eprintln!(
            "note: the success rule does not use {} (in the export): {} nobody's success; derive.success in tailor.yaml sets the rule",
            names.join(", "),
            if names.len() == 1 {
                "it decides"
            } else {
                "they decide"
            }
        );
    }
    if args.dry_run {
        match args.format {
            crate::cli::DeriveFormat::Table => print!("{}", derive::table(&analysis)),
            crate::cli::DeriveFormat::Json => print!("{}", derive::json(&analysis)),
        }
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
