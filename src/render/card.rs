//! Social cards: a 1200x630 JPEG per affiliate and per segment page, drawn
//! at build time from the theme's `card/card.svg`.
//!
//! The design is the theme's: `card.svg` is a Tera template of an SVG, given
//! what the card shows (`card`, see `plan::cards::CardData`) and the
//! theme's text in the card's language (`texts`). SVG has no line
//! wrapping, so the template asks `fit()` to wrap and shrink a text to a
//! box, measured with the very fonts it is drawn in (every `.otf`/`.ttf`
//! in `card/`): text is wrapped at spaces, shrunk until it fits, and broken
//! between letters only when one word is wider than the box — never cut.
//! resvg draws the SVG; the picture is encoded as a baseline JPEG. Both are
//! deterministic, so a card is byte-identical across builds. The JPEG is
//! written by `tailor_jpeg`, which compresses the background once and then
//! only the blocks a card's text touches.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::{tiny_skia, usvg};
use serde::Serialize;
use skrifa::MetadataProvider;
use tera::{Context, Error, Kwargs, State, Tera, TeraResult, Value};

use crate::diag::{Diagnostic, Diagnostics};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// Part of every card's hash: bump it when drawing or encoding changes, so
/// cached cards are drawn again.
const FORMAT: &str = "tailor-card-2";
const QUALITY: u8 = 82;
/// The smallest size `fit()` shrinks to before it breaks words.
const SMALLEST: f32 = 12.0;

/// A theme's card design, ready to draw.
pub struct Design {
    tera: Tera,
    /// The theme has `card/background.svg`: drawn once for every card that
    /// has the same background, then the card's own layer over it.
    background: bool,
    /// Drawn backgrounds, by their SVG, with their compressed blocks.
    drawn: std::sync::Mutex<std::collections::HashMap<blake3::Hash, Drawn>>,
    jpeg: tailor_jpeg::Encoder,
    options: usvg::Options<'static>,
    fonts: Arc<Fonts>,
    /// Hex hash of the template, the fonts, the logo and the drawing code.
    pub key: String,
    /// `brand.logo`, fitted to the box cards show it in: the template's
    /// `logo` (`<image href="logo" ...>` draws it).
    pub logo: Option<LogoBox>,
    /// `themes/<name>/card/card.svg`, for errors.
    pub file: PathBuf,
}

/// The site's logo as a card shows it: at most `LOGO_HEIGHT` high and
/// `LOGO_WIDTH` wide, its proportions kept.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct LogoBox {
    pub width: f32,
    pub height: f32,
}

const LOGO_HEIGHT: f32 = 56.0;
const LOGO_WIDTH: f32 = 480.0;

impl LogoBox {
    fn fit(width: f32, height: f32) -> LogoBox {
        let scale = (LOGO_HEIGHT / height).min(LOGO_WIDTH / width);
        LogoBox {
            width: (width * scale * 10.0).round() / 10.0,
            height: (height * scale * 10.0).round() / 10.0,
        }
    }
}

/// The logo's picture, for `<image href="logo">`.
/// An SVG logo's own text is drawn with the card's fonts (a logo names
/// `sans-serif` or a face the card does not have: the card's first).
fn logo_image(
    root: &Path,
    logo: &crate::config::Logo,
    fonts: &usvg::fontdb::Database,
) -> Result<(usvg::ImageKind, Vec<u8>), Diagnostic> {
    let bytes = crate::inputs::read_bytes(root, &logo.file, crate::inputs::MAX_LARGE)?;
    let ext = logo
        .file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = match ext.as_str() {
        "svg" => usvg::Tree::from_data(&bytes, &{
            let mut db = fonts.clone();
            let first: Option<String> = db
                .faces()
                .next()
                .and_then(|f| f.families.first())
                .map(|(name, _)| name.clone());
            if let Some(family) = first {
                db.set_sans_serif_family(&family);
                db.set_serif_family(&family);
                db.set_monospace_family(&family);
                db.set_cursive_family(&family);
                db.set_fantasy_family(&family);
            }
            usvg::Options {
                fontdb: Arc::new(db),
                font_family: "sans-serif".into(),
                ..usvg::Options::default()
            }
        })
        .map(usvg::ImageKind::SVG)
        .map_err(|e| {
            Diagnostic::error(&logo.file, format!("cannot be drawn on the cards: {e}"))
                .hint("save the logo again as SVG or PNG")
        })?,
        "png" => usvg::ImageKind::PNG(Arc::new(bytes.clone())),
        _ => usvg::ImageKind::JPEG(Arc::new(bytes.clone())),
    };
    Ok((kind, bytes))
}

/// The fonts `fit()` measures with, by weight.
struct Fonts {
    faces: Vec<(u16, Vec<u8>)>,
}

impl Fonts {
    /// The face nearest `weight`.
    fn face(&self, weight: u16) -> Option<skrifa::FontRef<'_>> {
        let (_, data) = self.faces.iter().min_by_key(|(w, _)| w.abs_diff(weight))?;
        skrifa::FontRef::new(data).ok()
    }

    /// Width of `text` at `size`, in pixels.
    fn width(&self, font: &skrifa::FontRef<'_>, text: &str, size: f32) -> f32 {
        let map = font.charmap();
        let metrics = font.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        text.chars()
            .map(|c| {
                let glyph = map.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(size * 0.6)
            })
            .sum()
    }

    /// Every character of `text` has a glyph in the card's fonts.
    fn covers(&self, text: &str) -> bool {
        let Some(font) = self.face(400) else {
            return false;
        };
        let map = font.charmap();
        text.chars()
            .all(|c| c.is_whitespace() || map.map(c).is_some())
    }
}

/// A text wrapped and sized to a box.
#[derive(Debug, Serialize, PartialEq)]
pub struct Fit {
    pub size: f32,
    pub line_height: f32,
    pub lines: Vec<String>,
    /// The widest line's width, for what the template places after it.
    pub width: f32,
}

impl Design {
    /// The theme's design, or `None` when it has no `card/card.svg` (its
    /// pages then use their template's picture).
    pub fn load(
        root: &Path,
        theme_dir: &Path,
        logo: Option<&crate::config::Logo>,
        i18n: &Arc<crate::i18n::I18n>,
        diags: &mut Diagnostics,
    ) -> Option<Design> {
        let dir = theme_dir.join("card");
        let file = dir.join("card.svg");
        if !root.join(&file).is_file() {
            return None;
        }
        let template = match crate::inputs::read_text(root, &file) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        };
        let mut hasher = blake3::Hasher::new();
        hasher.update(FORMAT.as_bytes());
        hasher.update(template.as_bytes());
        let background_file = dir.join("background.svg");
        let background = if root.join(&background_file).is_file() {
            match crate::inputs::read_text(root, &background_file) {
                Ok(t) => {
                    hasher.update(b"background");
                    hasher.update(t.as_bytes());
                    Some(t)
                }
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        } else {
            None
        };
        let mut db = usvg::fontdb::Database::new();
        let mut faces = Vec::new();
        for found in crate::paths::walk(root, &dir, 1) {
            let found = match found {
                Ok(f) => f,
                Err(refused) => {
                    diags.push(refused.into());
                    continue;
                }
            };
            let rel = found.rel;
            let is_font = rel
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_ascii_lowercase().as_str(), "otf" | "ttf"));
            if !is_font {
                continue;
            }
            let data = match crate::inputs::read_bytes(root, &rel, crate::inputs::MAX_LARGE) {
                Ok(d) => d,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let Ok(font) = skrifa::FontRef::new(&data) else {
                diags.push(
                    Diagnostic::error(&rel, "is not a font tailor can read")
                        .hint("use an OpenType (.otf) or TrueType (.ttf) file"),
                );
                continue;
            };
            let weight = font.attributes().weight.value().round() as u16;
            hasher.update(&data);
            db.load_font_data(data.clone());
            faces.push((weight, data));
        }
        if faces.is_empty() {
            diags.push(
                Diagnostic::error(&file, "the card has no font to draw its text with").hint(
                    format!("put an .otf or .ttf file beside it in {}", dir.display()),
                ),
            );
            return None;
        }
        let fonts = Arc::new(Fonts { faces });
        let mut tera = Tera::new();
        tera.autoescape_on([".svg"]);
        // `t(key="card_recommends", name=card.name, brand=card.brand)`: the
        // theme's text in the card's language, filled by the one formatter
        // of theme text (a name is never read for placeholders). Plain
        // text: `fit()` measures it and the SVG escapes it as it prints.
        let texts = Arc::clone(i18n);
        tera.register_function(
            "t",
            move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
                let key = kwargs.must_get::<&str>("key")?;
                let lang = state
                    .get::<Value>("card")?
                    .and_then(|c| {
                        c.get_from_path("lang")
                            .and_then(|l| l.as_str().map(String::from))
                    })
                    .unwrap_or_default();
                let args = crate::render::theme::text_args(&kwargs, false);
                let args: Vec<(&str, &str)> =
                    args.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                texts
                    .format(&lang, key, &args)
                    .map(|text| Value::from(text.as_str()))
                    .map_err(|d| Error::message(d.to_string()))
            },
        );
        let measure = Arc::clone(&fonts);
        tera.register_function(
            "fit",
            move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
                let text = kwargs.must_get::<&str>("text")?;
                let width = kwargs.must_get::<f64>("width")? as f32;
                let size = kwargs.must_get::<f64>("size")? as f32;
                let lines = kwargs.get::<i64>("lines")?.unwrap_or(1).max(1) as usize;
                let weight = kwargs.get::<i64>("weight")?.unwrap_or(400).clamp(1, 1000) as u16;
                let height = kwargs.get::<f64>("height")?.map(|h| h as f32);
                let box_ = Box {
                    width,
                    height,
                    lines,
                };
                Ok(Value::from_serializable(&fit(
                    &measure, text, &box_, size, weight,
                )))
            },
        );
        if let Err(e) = tera.add_raw_template("card.svg", &template) {
            diags.push(crate::render::theme::template_error(&e, &dir, "card.svg"));
            return None;
        }
        if let Some(text) = &background
            && let Err(e) = tera.add_raw_template("background.svg", text)
        {
            diags.push(crate::render::theme::template_error(
                &e,
                &dir,
                "background.svg",
            ));
            return None;
        }
        // The logo is in the key: a new logo draws every card again.
        let mut image = None;
        if let Some(logo) = logo {
            match logo_image(root, logo, &db) {
                Ok((kind, bytes)) => {
                    hasher.update(b"logo");
                    hasher.update(&(bytes.len() as u64).to_le_bytes());
                    hasher.update(&bytes);
                    image = Some((kind, LogoBox::fit(logo.width, logo.height)));
                }
                Err(d) => {
                    diags.push(d);
                    return None;
                }
            }
        }
        let logo_box = image.as_ref().map(|(_, b)| *b);
        let image_href_resolver = usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            // `href="logo"` is the site's logo; nothing else is read.
            resolve_string: std::boxed::Box::new(move |href, _| match &image {
                Some((kind, _)) if href == "logo" => Some(kind.clone()),
                _ => None,
            }),
        };
        let options = usvg::Options {
            fontdb: Arc::new(db),
            image_href_resolver,
            ..usvg::Options::default()
        };
        Some(Design {
            tera,
            background: background.is_some(),
            drawn: Default::default(),
            jpeg: tailor_jpeg::Encoder::new(WIDTH as usize, HEIGHT as usize, QUALITY),
            options,
            fonts,
            key: hasher.finalize().to_hex()[..16].to_string(),
            logo: logo_box,
            file,
        })
    }

    /// Every letter of `text` can be drawn with the card's fonts.
    pub fn covers(&self, text: &str) -> bool {
        self.fonts.covers(text)
    }

    fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let dir = self.file.parent().unwrap_or(Path::new(""));
            crate::render::theme::template_error(&e, dir, name)
        })
    }

    /// The card for `ctx` (`card` and `texts`), as a JPEG.
    ///
    /// Each thread draws on a canvas of its own that holds the background:
    /// the card's layer is drawn over it, encoded, and the blocks it
    /// touched are put back from the background, so no card copies a whole
    /// picture.
    pub fn draw(&self, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        thread_local! {
            static CANVAS: std::cell::RefCell<Option<(blake3::Hash, tiny_skia::Pixmap)>> =
                const { std::cell::RefCell::new(None) };
        }
        let base = match self.background {
            true => {
                let svg = self.render("background.svg", ctx)?;
                self.background(&svg)?
            }
            false => self.background("")?,
        };
        let svg = self.render("card.svg", ctx)?;
        CANVAS.with(|canvas| {
            let mut canvas = canvas.borrow_mut();
            if canvas.as_ref().is_none_or(|(key, _)| *key != base.key) {
                *canvas = Some((base.key, (*base.pixmap).clone()));
            }
            let (_, pixmap) = canvas.as_mut().expect("set above");
            let drawn = self.paint(&svg, "card.svg", pixmap);
            // Only the blocks under what the card's own layer drew can
            // differ from the background's.
            let (mx, my) = self.jpeg.mcus();
            let mut touched = vec![false; mx * my];
            let jpeg = drawn.map(|tree| {
                let scale = (
                    WIDTH as f32 / tree.size().width(),
                    HEIGHT as f32 / tree.size().height(),
                );
                mark(tree.root(), scale, mx, my, &mut touched);
                self.jpeg
                    .encode(pixmap.data(), Some((&*base.compressed, &touched[..])))
            });
            #[cfg(test)]
            if let Ok(jpeg) = &jpeg {
                assert!(
                    *jpeg == self.jpeg.encode(pixmap.data(), None),
                    "the blocks reused from the background are the card's"
                );
            }
            self.jpeg
                .restore(pixmap.data_mut(), base.pixmap.data(), &touched);
            #[cfg(test)]
            assert!(
                pixmap.data() == base.pixmap.data(),
                "the card drew outside the blocks it marked"
            );
            if jpeg.is_err() {
                // A card that failed half-drawn leaves no trace for the next.
                *canvas = None;
            }
            jpeg
        })
    }

    /// The background drawn from `svg` (none: white), drawn and compressed
    /// once.
    fn background(&self, svg: &str) -> Result<Drawn, Diagnostic> {
        let key = blake3::hash(svg.as_bytes());
        if let Some(d) = self.drawn.lock().expect("not poisoned").get(&key) {
            return Ok(d.clone());
        }
        let mut pixmap = white();
        if !svg.is_empty() {
            self.paint(svg, "background.svg", &mut pixmap)?;
        }
        let drawn = Drawn {
            key,
            compressed: Arc::new(self.jpeg.background(pixmap.data().to_vec())),
            pixmap: Arc::new(pixmap),
        };
        self.drawn
            .lock()
            .expect("not poisoned")
            .insert(key, drawn.clone());
        Ok(drawn)
    }

    /// Draws `svg` over `pixmap`, scaled to the card's size.
    fn paint(
        &self,
        svg: &str,
        name: &str,
        pixmap: &mut tiny_skia::Pixmap,
    ) -> Result<usvg::Tree, Diagnostic> {
        let file = self.file.with_file_name(name);
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| {
            Diagnostic::error(&file, format!("the card is not valid SVG: {e}"))
                .hint("check the markup the template writes")
        })?;
        let size = tree.size();
        let transform = tiny_skia::Transform::from_scale(
            WIDTH as f32 / size.width(),
            HEIGHT as f32 / size.height(),
        );
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        Ok(tree)
    }
}

/// Marks the 16x16 blocks that what `group` draws touches, with a pixel of
/// margin for anti-aliasing. A group with a filter (a shadow, a blur) is
/// marked whole, with the region its filters draw in.
fn mark(group: &usvg::Group, scale: (f32, f32), mx: usize, my: usize, touched: &mut [bool]) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) if g.filters().is_empty() => mark(g, scale, mx, my, touched),
            usvg::Node::Text(t) => mark(t.flattened(), scale, mx, my, touched),
            _ => {
                let b = match node {
                    usvg::Node::Group(g) => g.abs_layer_bounding_box().to_rect(),
                    _ => node.abs_stroke_bounding_box(),
                };
                let blocks = |lo: f32, hi: f32, s: f32, n: usize| {
                    let first = ((lo * s - 2.0).max(0.0) / 16.0) as usize;
                    let last = (((hi * s + 2.0).max(0.0) / 16.0) as usize).min(n - 1);
                    first.min(n - 1)..=last
                };
                for y in blocks(b.top(), b.bottom(), scale.1, my) {
                    for x in blocks(b.left(), b.right(), scale.0, mx) {
                        touched[y * mx + x] = true;
                    }
                }
            }
        }
    }
}

/// A background drawn, and its JPEG blocks.
#[derive(Clone)]
struct Drawn {
    /// The hash of its SVG.
    key: blake3::Hash,
    pixmap: Arc<tiny_skia::Pixmap>,
    compressed: Arc<tailor_jpeg::Background>,
}

fn white() -> tiny_skia::Pixmap {
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a card has a size");
    pixmap.fill(tiny_skia::Color::WHITE);
    pixmap
}

/// The box a text is fitted to: at most `lines` lines of at most `width`
/// pixels, and with `height`, lines whose baselines stay within it.
struct Box {
    width: f32,
    height: Option<f32>,
    lines: usize,
}

const LINE_HEIGHT: f32 = 1.18;

/// Wraps `text` into the box at `size`, or the largest size below it that
/// fits.
fn fit(fonts: &Fonts, text: &str, b: &Box, size: f32, weight: u16) -> Fit {
    let (width, max_lines) = (b.width, b.lines.max(1));
    let words: Vec<&str> = text.split_whitespace().collect();
    let Some(font) = fonts.face(weight) else {
        return Fit {
            size,
            line_height: size * LINE_HEIGHT,
            lines: vec![words.join(" ")],
            width,
        };
    };
    let measure = |s: &str, size: f32| fonts.width(&font, s, size);
    let result = |size: f32, lines: Vec<String>| Fit {
        size: (size * 10.0).round() / 10.0,
        line_height: (size * LINE_HEIGHT * 10.0).round() / 10.0,
        width: lines
            .iter()
            .map(|l| measure(l, size))
            .fold(0.0_f32, f32::max)
            .ceil(),
        lines,
    };
    let tall = |size: f32, n: usize| size + (n.saturating_sub(1)) as f32 * size * LINE_HEIGHT;
    let mut current = size.max(SMALLEST);
    loop {
        let breaking = current <= SMALLEST;
        let lines = wrap(&words, width, |s| measure(s, current), breaking);
        if lines.len() <= max_lines
            && b.height.is_none_or(|h| tall(current, lines.len()) <= h)
            && lines.iter().all(|l| measure(l, current) <= width)
        {
            return result(current, lines);
        }
        if breaking {
            // Too long for the box at the smallest size: the lines that fit,
            // the last ending in an ellipsis at a letter.
            let mut lines = lines;
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && measure(&format!("{last}…"), current) > width {
                    last.pop();
                }
                let kept = last.trim_end().to_string();
                *last = format!("{kept}…");
            }
            return result(current, lines);
        }
        current = (current * 0.92).max(SMALLEST);
    }
}

/// Greedy wrapping at spaces; with `breaking`, a word wider than the box is
/// broken between letters.
fn wrap(words: &[&str], width: f32, measure: impl Fn(&str) -> f32, breaking: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width || line.is_empty() && !breaking {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if measure(word) <= width || !breaking {
            line = word.to_string();
            continue;
        }
        for c in word.chars() {
            line.push(c);
            if measure(&line) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/card");
        Fonts {
            faces: vec![
                (400, std::fs::read(dir.join("Inter-Regular.otf")).unwrap()),
                (700, std::fs::read(dir.join("Inter-Bold.otf")).unwrap()),
            ],
        }
    }

    fn bx(width: f32, lines: usize) -> Box {
        Box {
            width,
            height: None,
            lines,
        }
    }

    #[test]
    fn a_box_of_some_height_takes_fewer_lines_or_a_smaller_size() {
        let f = fonts();
        let text = "Halten Sie Schulen und Lernende über das Sommerloch hinweg";
        let free = fit(&f, text, &bx(1040.0, 3), 74.0, 700);
        assert_eq!((free.size, free.lines.len()), (74.0, 3));
        let low = fit(
            &f,
            text,
            &Box {
                width: 1040.0,
                height: Some(200.0),
                lines: 3,
            },
            74.0,
            700,
        );
        let tall = low.size + (low.lines.len() - 1) as f32 * low.line_height;
        assert!(tall <= 200.5 && low.size < 74.0, "{low:?}");
    }

    #[test]
    fn short_text_keeps_its_size_and_long_text_wraps_then_shrinks() {
        let f = fonts();
        let short = fit(&f, "Jane Doe", &bx(1000.0, 2), 72.0, 700);
        assert_eq!((short.size, short.lines.len()), (72.0, 1));
        let two = fit(
            &f,
            "Jane Doe recommends Acme Analytics to agencies",
            &bx(1000.0, 2),
            72.0,
            700,
        );
        assert_eq!(two.size, 72.0);
        assert_eq!(two.lines.len(), 2);
        let long = "Maximilian Alexander von Hohenzollern-Sigmaringen recommends Acme Analytics for every agency in the Baltic states";
        let shrunk = fit(&f, long, &bx(1000.0, 2), 72.0, 700);
        assert!(shrunk.size < 72.0 && shrunk.lines.len() <= 2, "{shrunk:?}");
        assert_eq!(shrunk.lines.join(" "), long, "nothing is cut");
        let font = f.face(700).unwrap();
        for line in &shrunk.lines {
            assert!(f.width(&font, line, shrunk.size) <= 1000.0, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_the_box_is_broken_between_letters_not_cut() {
        let f = fonts();
        let word =
            "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft";
        let fitted = fit(&f, word, &bx(400.0, 3), 60.0, 700);
        assert_eq!(fitted.lines.concat(), word);
        let font = f.face(700).unwrap();
        for line in &fitted.lines {
            assert!(f.width(&font, line, fitted.size) <= 400.0, "{line}");
        }
    }

    /// The default theme's card design, with its texts.
    fn default_design() -> (Arc<crate::i18n::I18n>, Design) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diags = Diagnostics::new();
        let i18n = Arc::new(crate::i18n::I18n::load(
            root,
            Path::new("themes/default/i18n").to_path_buf(),
            "en",
            &[],
            &mut diags,
        ));
        let design = Design::load(root, Path::new("themes/default"), None, &i18n, &mut diags)
            .expect("a design");
        assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
        (i18n, design)
    }

    /// The card's title is filled by the one formatter of theme text: a
    /// name that looks like a placeholder is drawn as written, and an
    /// ampersand in it once, not as "&amp;amp;".
    #[test]
    fn a_card_draws_a_name_as_written() {
        let (i18n, design) = default_design();
        let data = crate::plan::cards::CardData {
            kind: "affiliate",
            lang: "en".into(),
            name: Some("{brand} & Co".into()),
            first_name: None,
            company: None,
            segment: "Fintech".into(),
            headline: "Headline".into(),
            offer: None,
            reward: None,
            cap: None,
            brand: "Acme".into(),
            host: "partners.acme.example".into(),
            color: None,
            color_dark: None,
        };
        let mut ctx = Context::new();
        ctx.insert("card", &data);
        ctx.insert_value("texts", i18n.value("en"));
        let svg = design.render("card.svg", &ctx).expect("rendered");
        let title: String = svg
            .split("<tspan")
            .skip(1)
            .filter_map(|t| {
                t.split_once('>')
                    .and_then(|(_, rest)| rest.split_once("</tspan>"))
            })
            .map(|(text, _)| text)
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(title, "{brand} &amp; Co recommends Acme", "{svg}");
    }

    /// Real cards of the default theme: drawing them checks (in test
    /// builds) that every block reused from the background is the card's.
    #[test]
    fn default_theme_cards_reuse_only_untouched_blocks() {
        let (i18n, design) = default_design();
        for (lang, name, company, offer) in [
            (
                "en",
                Some("Jane Doe"),
                Some("Doe & Daughters"),
                Some("First month free"),
            ),
            (
                "ru",
                Some("Дмитрий Соколов"),
                None,
                Some("Первый месяц бесплатно"),
            ),
            (
                "de",
                Some("Maximilian Alexander von Hohenzollern-Sigmaringen"),
                Some("Hohenzollern Digitalberatung GmbH & Co. KG"),
                Some("Erster Monat gratis"),
            ),
            ("en", None, None, None),
        ] {
            let data = crate::plan::cards::CardData {
                kind: if name.is_some() {
                    "affiliate"
                } else {
                    "segment"
                },
                lang: lang.into(),
                name: name.map(Into::into),
                first_name: None,
                company: company.map(Into::into),
                segment: "Fintech".into(),
                headline: "Stop losing fintech customers you already won".into(),
                offer: offer.map(Into::into),
                reward: None,
                cap: None,
                brand: "Acme Analytics".into(),
                host: "partners.acme.example".into(),
                color: None,
                color_dark: None,
            };
            let mut ctx = Context::new();
            ctx.insert("card", &data);
            ctx.insert_value("texts", i18n.value(lang));
            let jpeg = design.draw(&ctx).expect("drawn");
            assert!(jpeg.len() < 300 * 1024);
        }
    }

    #[test]
    fn the_fonts_cover_latin_cyrillic_turkish_and_lithuanian_but_not_everything() {
        let f = fonts();
        for name in [
            "Jürgen Koß",
            "Дмитрий Соколов",
            "Şükrü Yıldız",
            "Žygimantas Šimkus",
            "Łukasz Wiśniewski",
        ] {
            assert!(f.covers(name), "{name}");
        }
        assert!(!f.covers("田中太郎"));
    }
}
