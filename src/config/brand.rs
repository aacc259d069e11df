//! `brand:` in tailor.yaml: the site's colours over the theme's, checked
//! for contrast, and its logo.

use std::path::{Path, PathBuf};

use super::{RawBrand, RawColors};
use crate::colour::Rgb;
use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml;

/// What `brand:` resolves to; all `None` without one.
#[derive(Default)]
pub(super) struct Brand {
    /// `brand.colors` as CSS custom properties.
    pub css: Option<String>,
    /// The brand colour and its darker shade, for the social cards.
    pub colors: Option<[String; 2]>,
    pub logo: Option<Logo>,
}

pub(super) fn resolve(
    raw: Option<&RawBrand>,
    root: &Path,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Brand {
    let Some(raw) = raw else {
        return Brand::default();
    };
    let css = brand_css(&raw.colors, doc, file, diags);
    let colors = css
        .as_ref()
        .and(raw.colors.brand.as_deref())
        .and_then(|c| Rgb::parse(c).ok())
        .map(|c| [c.hex(), c.mix(Rgb(0, 0, 0), 0.35).hex()]);
    let logo = raw.logo.as_deref().and_then(|written| {
        Logo::load(root, written)
            .map_err(|(why, hint)| {
                diags.push(
                    Diagnostic::error(file, format!("brand.logo: {why}"))
                        .at_pos(doc.value_pos("brand.logo"))
                        .hint(hint),
                )
            })
            .ok()
    });
    Brand { css, colors, logo }
}

/// The site's logo: a file in its folder, and its size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// Relative to the site's root.
    pub file: PathBuf,
    pub width: f32,
    pub height: f32,
}

impl Logo {
    /// The picture at `written` (relative to `root`), or why it cannot be
    /// the logo and what to do.
    fn load(root: &Path, written: &str) -> Result<Logo, (String, String)> {
        let crate::inputs::Named::File { path, ext } = crate::inputs::named_file(written.trim())
        else {
            return Err((
                format!("{} is not a file in the site's folder", crate::diag::quoted(written)),
                "save the logo in the site's folder (e.g. brand/logo.svg) and name it relative to it: a remote logo would make every visitor's browser ask another site for it".into(),
            ));
        };
        // By the rule of every input: a link out of the site is refused.
        let file = crate::paths::input(root, path).map_err(|r| {
            (
                format!("{} {}", crate::diag::quoted(written), r.message()),
                r.hint().unwrap_or_default(),
            )
        })?;
        let bytes = std::fs::read(file).map_err(|e| {
            (
                format!("cannot read {}: {e}", crate::diag::quoted(written)),
                "put the logo there, or correct the path (relative to the site's folder)".into(),
            )
        })?;
        let size = match ext.as_str() {
            "svg" => resvg::usvg::Tree::from_data(&bytes, &resvg::usvg::Options::default())
                .map(|t| (t.size().width(), t.size().height()))
                .map_err(|e| e.to_string()),
            "png" | "jpg" | "jpeg" => image::ImageReader::new(std::io::Cursor::new(&bytes))
                .with_guessed_format()
                .map_err(|e| e.to_string())
                .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
                .map(|(w, h)| (w as f32, h as f32)),
            _ => {
                return Err((
                    format!(
                        "{} is not an .svg, .png or .jpg file",
                        crate::diag::quoted(written)
                    ),
                    "use an SVG logo (sharp at every size), or a PNG".into(),
                ));
            }
        };
        match size {
            Ok((width, height)) if width >= 1.0 && height >= 1.0 => Ok(Logo {
                file: path.to_path_buf(),
                width,
                height,
            }),
            Ok(_) => Err((
                format!("{} has no size", crate::diag::quoted(written)),
                "give the SVG a viewBox or width and height".into(),
            )),
            Err(e) => Err((
                format!(
                    "{} cannot be read as a picture ({e})",
                    crate::diag::quoted(written)
                ),
                "save it again as SVG or PNG".into(),
            )),
        }
    }
}

/// The page colours the theme's text sits on: white and its wash.
const BACKGROUNDS: [(Rgb, &str); 2] = [
    (Rgb::WHITE, "white"),
    (Rgb(0xf5, 0xf6, 0xfb), "the light sections' #f5f6fb"),
];

/// WCAG AA for text.
const AA: f64 = 4.5;

/// `brand.colors` as CSS custom properties, or errors where a colour is
/// not one or text in it would be hard to read: each is text on white and
/// on the light sections, and the background of white text.
fn brand_css(
    colors: &RawColors,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Option<String> {
    let mut css = String::new();
    let mut ok = true;
    for (key, written) in [("brand", &colors.brand), ("accent", &colors.accent)] {
        let Some(written) = written else {
            continue;
        };
        let path = format!("brand.colors.{key}");
        let at = doc.value_pos(&path);
        let colour = match Rgb::parse(written) {
            Ok(c) => c,
            Err(why) => {
                diags.push(Diagnostic::error(file, format!("{path}: {why}")).at_pos(at));
                ok = false;
                continue;
            }
        };
        let worst = BACKGROUNDS
            .iter()
            .map(|&(bg, name)| (colour.contrast(bg), name))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .expect("backgrounds");
        if worst.0 < AA {
            // The same hue, darkened until it reads.
            let mut darker = colour;
            for step in 1..=20 {
                darker = colour.mix(Rgb(0, 0, 0), f64::from(step) * 0.05);
                if BACKGROUNDS.iter().all(|&(bg, _)| darker.contrast(bg) >= AA) {
                    break;
                }
            }
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "{path}: {} has a contrast of {:.2}:1 with {}; text in it, and white text on it, need {AA}:1 (WCAG AA)",
                        colour.hex(),
                        worst.0,
                        worst.1
                    ),
                )
                .at_pos(at)
                .hint(format!("a darker shade of it, {}, passes", darker.hex())),
            );
            ok = false;
            continue;
        }
        css.push_str(&format!("--{key}:{};", colour.hex()));
        if key == "brand" {
            // Hover and the tinted backgrounds, from the same hue.
            css.push_str(&format!(
                "--brand-strong:{};--brand-wash:{};",
                colour.mix(Rgb(0, 0, 0), 0.22).hex(),
                colour.mix(Rgb::WHITE, 0.92).hex()
            ));
        }
    }
    (ok && !css.is_empty()).then(|| format!(":root{{{css}}}"))
}
