//! `tailor kit`: every affiliate's partner kit, outside the published site.
//!
//! `kit/<slug>/` holds their kit page (`index.html`, self-contained), their
//! social card (`card.jpg`) and QR code (`qr.svg`, `qr.png`); `kit/kit.csv`
//! is the mail-merge list (email, first name, URL, and the paths of each
//! file), safe to open in a spreadsheet. The folder is written beside the
//! old one and swapped in whole, like a build; a folder that is not a kit
//! is never replaced.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::links::{Row, csv_text, value};
use super::{FAILURE, SUCCESS, USAGE, report};
use crate::build::{self, Options};
use crate::cli::KitArgs;
use crate::diag::Diagnostic;
use crate::plan::Site;
use crate::render::Renderer;
use crate::render::kit::KitFiles;

/// Marks a folder as written by `tailor kit`.
const MARKER: &str = ".tailor-kit";
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
    let published = root.join("public");
    if absolute(&out).starts_with(absolute(&published)) {
        eprintln!(
            "error: --out {}: kits are not written into the published site — write them elsewhere, or set TAILOR_KIT_SECRET to publish them at unlisted URLs with the build",
            out.display()
        );
        return USAGE;
    }
    let loaded = match build::load(&Options::new(root.clone())) {
        Ok(l) => l,
        Err(diagnostics) => {
            report(&diagnostics, &root);
            return FAILURE;
        }
    };
    report(&loaded.warnings, &root);
    match write(&loaded.site, &loaded.theme, &root, &out) {
        Ok(n) => {
            eprintln!("wrote {n} partner kits into {}", out.display());
            SUCCESS
        }
        Err(errors) => {
            report(&errors, &root);
            eprintln!("no kit written; {} was left as it was", out.display());
            FAILURE
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    fs::canonicalize(&p).unwrap_or(p)
}

fn io(path: &Path, what: &str, e: std::io::Error) -> Vec<Diagnostic> {
    vec![Diagnostic::error(path, format!("{what}: {e}"))]
}

/// Writes every kit into a staging folder, then puts it in place of `out`.
fn write(
    site: &Site,
    theme: &crate::render::Theme,
    root: &Path,
    out: &Path,
) -> Result<usize, Vec<Diagnostic>> {
    if out.exists() && !out.join(MARKER).is_file() {
        return Err(vec![
            Diagnostic::error(
                out,
                "refusing to replace a folder that tailor kit did not write",
            )
            .hint("remove it, or choose another --out"),
        ]);
    }
    let renderer = Renderer::new(site, theme)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kit".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| io(parent, "cannot create the folder", e))?;
    let staging = parent.join(format!(".{name}.tailor-staging-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).map_err(|e| io(&staging, "cannot create the folder", e))?;
    let result = fill(site, &renderer, root, &staging);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = parent.join(format!(".{name}.tailor-old-{}", std::process::id()));
    if out.exists() {
        fs::rename(out, &old).map_err(|e| io(out, "cannot move the old kits aside", e))?;
    }
    if let Err(e) = fs::rename(&staging, out) {
        let _ = fs::rename(&old, out);
        let _ = fs::remove_dir_all(&staging);
        return Err(io(out, "cannot put the kits in place", e));
    }
    let _ = fs::remove_dir_all(&old);
    Ok(site.affiliates.len())
}

/// Every affiliate's folder, and the list.
fn fill(site: &Site, renderer: &Renderer, root: &Path, dir: &Path) -> Result<(), Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = (0..site.affiliates.len())
        .into_par_iter()
        .filter_map(|i| one(site, renderer, root, dir, i).err())
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
                        other => value(site, i, plan, other),
                    };
                    (c.to_string(), v)
                })
                .collect())
        })
        .collect();
    let text =
        csv_text(&columns, &rows, false).map_err(|e| vec![Diagnostic::error(dir.join(CSV), e)])?;
    fs::write(dir.join(CSV), text).map_err(|e| io(&dir.join(CSV), "cannot write", e))?;
    fs::write(dir.join(MARKER), b"").map_err(|e| io(&dir.join(MARKER), "cannot write", e))?;
    Ok(())
}

/// One affiliate's folder.
fn one(
    site: &Site,
    renderer: &Renderer,
    root: &Path,
    dir: &Path,
    i: usize,
) -> Result<(), Diagnostic> {
    let plan = &site.affiliates[i];
    let slug = &site.content.affiliates[plan.affiliate].slug;
    let folder = dir.join(slug);
    fs::create_dir_all(&folder)
        .map_err(|e| Diagnostic::error(&folder, format!("cannot create the folder: {e}")))?;
    let put = |name: &str, bytes: &[u8]| {
        fs::write(folder.join(name), bytes)
            .map_err(|e| Diagnostic::error(folder.join(name), format!("cannot write: {e}")))
    };
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
