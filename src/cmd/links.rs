//! `tailor links`: the URL to hand each affiliate.
//!
//! The affiliate list never goes into the published site; this is where a
//! marketer (or a script that mails affiliates) gets it.

use serde::Serialize;

use super::{FAILURE, SUCCESS, USAGE, report};
use crate::build::{self, Options};
use crate::cli::{Format, LinksArgs};

#[derive(Serialize)]
struct Link<'a> {
    slug: &'a str,
    name: &'a str,
    segment: &'a str,
    code: &'a str,
    /// The language of their page.
    lang: &'a str,
    url: String,
    path: &'a str,
}

pub fn execute(args: LinksArgs) -> u8 {
    let root = args.root.root;
    let opts = Options::new(root.clone());
    let loaded = match build::load(&opts) {
        Ok(l) => l,
        Err(diagnostics) => {
            report(&diagnostics, &root);
            return FAILURE;
        }
    };
    report(&loaded.warnings, &root);
    let site = &loaded.site;
    if let Some(id) = &args.segment
        && !site.content.segments.iter().any(|s| &s.id == id)
    {
        let ids: Vec<_> = site
            .content
            .segments
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        eprintln!(
            "error: --segment {id}: no such segment (segments are: {})",
            ids.join(", ")
        );
        return USAGE;
    }
    let links: Vec<Link> = site
        .affiliates
        .iter()
        .filter(|plan| {
            args.segment
                .as_ref()
                .is_none_or(|id| *id == site.content.segments[plan.segment].id)
        })
        .map(|plan| {
            let a = &site.content.affiliates[plan.affiliate];
            Link {
                slug: &a.slug,
                name: &a.name,
                segment: &site.content.segments[plan.segment].id,
                code: &plan.code,
                lang: &site.config.locales[plan.lang],
                url: site.absolute(site.out(plan.artifact)),
                path: &site.out(plan.artifact).file,
            }
        })
        .collect();
    let printed = match args.format {
        Format::Json => serde_json::to_string_pretty(&links)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        Format::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let result = if links.is_empty() {
                w.write_record(["slug", "name", "segment", "code", "lang", "url", "path"])
                    .map_err(|e| e.to_string())
            } else {
                links
                    .iter()
                    .try_for_each(|l| w.serialize(l))
                    .map_err(|e| e.to_string())
            };
            result
                .and_then(|_| w.into_inner().map_err(|e| e.to_string()))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
        }
    };
    match printed {
        Ok(text) => {
            print!("{text}");
            SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the list: {e}");
            FAILURE
        }
    }
}
