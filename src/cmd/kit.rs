//! `tailor kit`: every affiliate's partner kit, outside the published site.
//!
//! `kit/<slug>/` holds their kit page (`index.html`, self-contained), their
//! social card (`card.jpg`) and QR code (`qr.svg`, `qr.png`); `kit/kit.csv`
//! is the mail-merge list (email, first name, URL, and the paths of each
//! file), safe to open in a spreadsheet. The folder is staged and swapped
//! in whole by the build's `output::Staging`; a folder that is not a kit is
//! never replaced.

use std::fs;
use std::path::Path;

use rayon::prelude::*;

use super::links::{Row, csv_text, value};
use super::{FAILURE, SUCCESS, USAGE, report};
use crate::cli::KitArgs;
use crate::diag::Diagnostic;
use crate::output::{Owner, Staging};
use crate::plan::{Active, Site};
use crate::render::Renderer;
use crate::render::kit::KitFiles;

/// The kit folder: marked `.tailor-kit` (a marker older kits have too).
const KIT: Owner = Owner {
    marker: ".tailor-kit",
    command: "tailor kit",
    belongs: |_| {
        "keep your own files outside the kit folder, which tailor kit writes anew each time".into()
    },
    legacy: |_| false,
};
const CSV: &str = "kit.csv";
const COLUMNS: [&str; 11] = [
    "email",
    "first_name",
    "name",
    "url",
    "signup_url",
    "qr_url",
    "kit_url",
    "kit_file",
    "card",
    "qr_svg",
    "qr_png",
];

pub fn execute(args: KitArgs) -> u8 {
    let root = args.root.root;
    let out = args.out.unwrap_or_else(|| root.join("kit"));
    if super::in_published(&root, &out) {
        eprintln!(
            "error: --out {}: kits are not written into the published site — write them elsewhere, or set TAILOR_KIT_SECRET to publish them at unlisted URLs with the build",
            out.display()
        );
        return USAGE;
    }
    let Some(loaded) = super::load_site(&root) else {
        return FAILURE;
    };
    match write(&loaded.site, &loaded.theme, &root, &out) {
        Ok((n, kept)) => {
            report(&kept, &root);
            eprintln!(
                "wrote {n} partner kit{} into {}",
                if n == 1 { "" } else { "s" },
                out.display()
            );
            SUCCESS
        }
        Err(errors) => {
            report(&errors, &root);
            eprintln!("no kit written; {} was left as it was", out.display());
            FAILURE
        }
    }
}

/// Writes every kit into a staging folder, then puts it in place of `out`.
fn write(
    site: &Site,
    theme: &crate::render::Theme,
    root: &Path,
    out: &Path,
) -> Result<(usize, Vec<Diagnostic>), Vec<Diagnostic>> {
    let staging = Staging::replacing(out, root, &KIT).map_err(|d| vec![d])?;
    let renderer = Renderer::new(site, theme)?;
    let errors: Vec<Diagnostic> = (0..site.affiliates.len())
        .into_par_iter()
        .filter_map(|i| one(site, &renderer, root, &staging, Active(i)).err())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let columns: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows: Vec<Row> = site
        .affiliates
        .iter()
        .enumerate()
        .map(|(i, plan)| {
            let slug = &site.content.affiliates[plan.affiliate].slug;
            Row(COLUMNS
                .iter()
                .map(|&c| {
                    let v = match c {
                        "kit_file" => format!("{slug}/index.html"),
                        "card" if plan.card.is_some() => format!("{slug}/card.jpg"),
                        "card" => String::new(),
                        "qr_svg" => format!("{slug}/qr.svg"),
                        "qr_png" => format!("{slug}/qr.png"),
                        other => value(site, Active(i), plan, other),
                    };
                    (c.to_string(), v)
                })
                .collect())
        })
        .collect();
    let text =
        csv_text(&columns, &rows, false).map_err(|e| vec![Diagnostic::error(out.join(CSV), e)])?;
    staging.write(CSV, text.as_bytes()).map_err(|d| vec![d])?;
    let kept = staging.commit()?;
    Ok((site.affiliates.len(), kept))
}

/// One affiliate's folder.
fn one(
    site: &Site,
    renderer: &Renderer,
    root: &Path,
    staging: &Staging,
    i: Active,
) -> Result<(), Diagnostic> {
    let plan = &site.affiliates[i];
    let slug = &site.content.affiliates[plan.affiliate].slug;
    let put = |name: &str, bytes: &[u8]| staging.write(&format!("{slug}/{name}"), bytes).map(drop);
    let qr_url = crate::render::kit::qr_url(site, i);
    let fail =
        |e: String| Diagnostic::error(&*site.content.affiliates[plan.affiliate].slug_at.file, e);
    let label = site.content.affiliates[plan.affiliate].name.clone();
    put(
        "qr.svg",
        crate::render::qr::svg(&qr_url, &label)
            .map_err(fail)?
            .as_bytes(),
    )?;
    put("qr.png", &crate::render::qr::png(&qr_url).map_err(fail)?)?;
    let card = match plan.card {
        Some(c) => {
            // The build's card when it has it (same name, same picture).
            let artifact = site.cards[c].artifact;
            let built = root.join("public").join(&site.out(artifact).file);
            let bytes = match fs::read(&built) {
                Ok(b) => b,
                Err(_) => renderer.produce(artifact)?.bytes,
            };
            put("card.jpg", &bytes)?;
            Some("card.jpg".to_string())
        }
        None => None,
    };
    let files = KitFiles {
        card,
        qr_svg: "qr.svg".into(),
        qr_png: "qr.png".into(),
    };
    put(
        "index.html",
        renderer.kit_page(i, &files, false)?.as_bytes(),
    )
}
