//! A theme: Tera templates, parsed once, its static files, fingerprinted,
//! and its text in every language.
//!
//! Every template is parsed on its own first so that each syntax error is
//! reported with its file and line; only a theme without errors is
//! assembled into the `Tera` instance pages are rendered with. The
//! theme's text reaches templates as a value of each page's context
//! (`texts`, in the page's language), read by `t()`: templates are never
//! rewritten as text.

mod assets;
mod errors;
mod functions;
pub(crate) use functions::text_args;
mod sugar;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::inputs::read_text;
use crate::track::LinkPolicy;

pub use errors::template_error;

pub use crate::i18n::I18n;

/// Templates a theme must have, one per kind of page.
pub const REQUIRED: [&str; 6] = [
    "index.html",
    "segment.html",
    "affiliate.html",
    "case_study.html",
    "page.html",
    "404.html",
];

/// A static file and the fingerprinted path it is published at.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Relative to the output folder: `assets/css/site.1a2b3c4d5e.css`.
    pub out: String,
}

pub struct Theme {
    /// The templates pages are rendered with: argument-less `t()` calls
    /// read as the context value they stand for (see `sugar`).
    pub tera: Tera,
    /// The templates as written: a page that fails to render is rendered
    /// again with these, so that the error's line and column are the file's.
    written: Tera,
    /// The templates with every start tag marked with where it is written
    /// (see `mark`): a page with a link problem is rendered again with
    /// these to say where. `None` if they did not compile.
    marked: Option<Tera>,
    /// `themes/<name>/templates`, relative to the site root.
    pub templates_dir: PathBuf,
    /// Keyed by the path under `static/`, e.g. `css/site.css`; and the
    /// site's logo, under `brand/`.
    pub assets: BTreeMap<String, Asset>,
    /// The site's own `static/` files (not the theme's), by path there:
    /// read with the theme, so an edit there reloads like a theme edit.
    pub site_files: Vec<String>,
    /// Where the site's logo (`brand.logo`) is published, if it has one.
    pub logo: Option<String>,
    /// The logo as a `data:` URL, for the partner kit: a kit is opened
    /// from a folder on the affiliate's computer as well as published, so
    /// it holds its logo rather than linking to the site's.
    pub logo_data: Option<String>,
    /// The theme's text in each language.
    pub i18n: Arc<I18n>,
    /// A template writes SVG or MathML.
    pub foreign: bool,
    /// The social card design, when the theme has `card/card.svg`.
    pub card: Option<super::card::Design>,
    /// Hash of the card design and of the theme's text: part of every
    /// card's file name.
    pub card_key: Option<String>,
}

impl Theme {
    /// Every static file: its path under `static/`, and where it is
    /// published.
    pub fn asset_outputs(&self) -> Vec<(String, String)> {
        self.assets
            .iter()
            .map(|(k, a)| (k.clone(), a.out.clone()))
            .collect()
    }

    /// Renders `template`; an error points into the theme's files.
    pub fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| {
            let e = self.written.render(template, ctx).err().unwrap_or(e);
            template_error(&e, &self.templates_dir, template)
        })
    }

    /// Renders `template` with every element the templates write marked
    /// with its place; `None` when the marked templates are unavailable.
    pub fn render_marked(&self, template: &str, ctx: &Context) -> Option<String> {
        self.marked.as_ref()?.render(template, ctx).ok()
    }

    pub fn load(
        config: &Config,
        policy: &LinkPolicy,
        base_path: &str,
        diags: &mut Diagnostics,
    ) -> Option<Theme> {
        let root = &config.root;
        let theme_dir = Path::new("themes").join(&config.theme);
        let templates_dir = theme_dir.join("templates");
        let mut sources = Vec::new();
        // Linked templates are followed inside the site; a link out of it,
        // a loop or a name that is not UTF-8 is an error, never skipped.
        for found in crate::paths::walk(root, &templates_dir, usize::MAX) {
            let found = match found {
                Ok(f) => f,
                Err(refused) => {
                    diags.push(refused.into());
                    continue;
                }
            };
            if found.name.starts_with('.') || found.name.contains("/.") {
                continue;
            }
            match read_text(root, &found.rel) {
                Ok(text) => sources.push((found.name, text)),
                Err(d) => diags.push(d),
            }
        }
        for required in REQUIRED {
            if !sources.iter().any(|(n, _)| n == required) {
                diags.push(
                    Diagnostic::error(templates_dir.join(required), format!("theme \"{}\" has no {required} template", config.theme))
                        .hint("every theme needs index, segment, affiliate, case_study, page and 404 templates"),
                );
            }
        }

        // Each template alone, for syntax errors with their own positions.
        let mut syntax_ok = true;
        for (name, text) in &sources {
            let mut scratch = Tera::new();
            if let Err(e) = scratch.add_raw_template(name, text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                syntax_ok = false;
                diags.push(template_error(&e, &templates_dir, name));
            }
        }
        // The theme's files and the site's own are listed whatever the
        // templates say, so that every problem is reported in one run.
        let mut assets = assets::load(root, &theme_dir, diags);
        let site_files = assets::site_files(root, diags);
        if !syntax_ok || diags.has_errors() {
            return None;
        }

        let mut logo = None;
        let mut logo_data = None;
        if let Some(file) = config.logo.as_ref().map(|l| &l.file) {
            match assets::site_file(root, file) {
                Ok((key, asset)) => {
                    logo = Some(asset.out.clone());
                    assets.insert(key, asset);
                }
                Err(d) => diags.push(d),
            }
            match crate::inputs::read_bytes(root, file, crate::inputs::MAX_LARGE) {
                Ok(bytes) => logo_data = Some(data_url(file, &bytes)),
                Err(d) => diags.push(d),
            }
        }
        let i18n = Arc::new(I18n::load(
            root,
            theme_dir.join("i18n"),
            &config.locale,
            &config.text,
            diags,
        ));
        let compile = |sources: &[(String, String)]| {
            let mut tera = Tera::new();
            functions::register(&mut tera, policy, &assets, base_path);
            functions::register_text(&mut tera, &i18n);
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .map(|()| tera)
        };
        let written = match compile(&sources) {
            Ok(tera) => tera,
            Err(e) => {
                diags.extend(errors::assembly(&e, &templates_dir));
                return None;
            }
        };
        let keys = i18n.keys_everywhere();
        let desugared: Vec<(String, String)> = sources
            .iter()
            .map(|(name, text)| (name.clone(), sugar::desugar(text, &keys)))
            .collect();
        // What compiled as written compiles desugared; should it not, the
        // templates as written are used.
        let tera = compile(&desugared)
            .unwrap_or_else(|_| compile(&sources).expect("the templates compiled a moment ago"));
        // Marked as written, so that each mark is the tag's own line and
        // column, then desugared as the templates pages are rendered with.
        let marked: Vec<(String, String)> = sources
            .iter()
            .map(|(name, text)| {
                let file = templates_dir.join(name);
                let marked = crate::mark::tags(text, true, &mut Default::default(), |at| {
                    let (line, col) = crate::content::html::line_col(text, at);
                    crate::mark::place(&file, line, col)
                });
                (name.clone(), sugar::desugar(&marked, &keys))
            })
            .collect();
        let marked = compile(&marked).ok();
        let foreign = sources
            .iter()
            .any(|(_, text)| crate::track::has_foreign_content(text.as_bytes()));
        let card = super::card::Design::load(root, &theme_dir, config.logo.as_ref(), &i18n, diags);
        // A card shows the theme's text: the texts as loaded are part of
        // every card's key (a comment edited in a text file draws nothing).
        let card_key = card.as_ref().map(|design| {
            let mut hasher = blake3::Hasher::new();
            hasher.update(design.key.as_bytes());
            let mut put = |text: &str| {
                hasher.update(&(text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            };
            for (lang, table) in &i18n.texts {
                put(lang);
                put(&table.len().to_string());
                for (key, text) in table {
                    put(key);
                    put(text);
                }
            }
            hasher.finalize().to_hex()[..16].to_string()
        });
        Some(Theme {
            tera,
            written,
            marked,
            templates_dir,
            assets,
            site_files,
            i18n,
            foreign,
            card,
            card_key,
            logo,
            logo_data,
        })
    }
}

/// `file`'s bytes as a `data:` URL of its type (an SVG, PNG or JPEG logo).
fn data_url(file: &Path, bytes: &[u8]) -> String {
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mime = match ext.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "image/jpeg",
    };
    format!("data:{mime};base64,{}", crate::platform::base64(bytes))
}
