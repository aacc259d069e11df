//! A theme: Tera templates, parsed once, and static files, fingerprinted.
//!
//! Every template is parsed on its own first so that each syntax error is
//! reported with its file and line; only a theme without errors is
//! assembled into the `Tera` instance pages are rendered with.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Error, ErrorKind, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::content::read_text;
use crate::diag::{Diagnostic, Diagnostics};
use crate::plan::ASSETS_DIR;
use crate::track::{DEFAULT_PLACEMENT, LinkPolicy, PageTracking};

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
    /// The templates as written: `t()` looks every text up.
    pub tera: Tera,
    /// Per language of the site, the templates with their fixed texts
    /// written in (see [`inline_texts`]); what pages are rendered with.
    localized: Vec<(String, Tera)>,
    /// `themes/<name>/templates`, relative to the site root.
    pub templates_dir: PathBuf,
    /// Keyed by the path under `static/`, e.g. `css/site.css`.
    pub assets: BTreeMap<String, Asset>,
    /// The theme's text in each language.
    pub i18n: Arc<I18n>,
    /// A template writes SVG or MathML.
    pub foreign: bool,
}

/// Text tailor itself writes (page titles and descriptions), in English,
/// for themes that do not say it in `i18n/`.
const BUILT_IN: [(&str, &str); 5] = [
    ("index_title", "{site} partner program"),
    (
        "index_description",
        "Refer customers to {site} and earn {reward}.",
    ),
    ("not_found_title", "Page not found"),
    ("not_found_description", "This page does not exist."),
    ("affiliate_title", "{headline} — recommended by {name}"),
];

/// A theme's text — buttons, headings — from `i18n/<lang>.yaml`: a map of
/// keys to strings with `{placeholders}`. A key missing in a language falls
/// back to the site's default language.
#[derive(Debug, Default)]
pub struct I18n {
    default: String,
    /// `themes/<name>/i18n`, relative to the site root.
    pub dir: PathBuf,
    pub texts: BTreeMap<String, BTreeMap<String, String>>,
    /// Per language, every key with its fallbacks applied.
    resolved: HashMap<String, HashMap<String, String>>,
    /// The same, HTML-escaped: what `t()` prints.
    escaped: HashMap<String, HashMap<String, String>>,
}

impl I18n {
    fn load(root: &Path, dir: PathBuf, default: &str, diags: &mut Diagnostics) -> I18n {
        let mut texts = BTreeMap::new();
        for file in crate::content::files_in(root, &dir.to_string_lossy(), "yaml", diags) {
            let stem = crate::content::stem(&file);
            let lang = crate::lang::canonical(&stem).unwrap_or(stem);
            match read_text(root, &file)
                .and_then(|src| crate::yaml::parse::<BTreeMap<String, String>>(&src, &file, 1))
            {
                Ok(map) => {
                    texts.insert(lang, map);
                }
                Err(d) => diags.push(d),
            }
        }
        let resolved = resolved_tables(default, &texts);
        let escaped = resolved
            .iter()
            .map(|(lang, table)| {
                let table = table
                    .iter()
                    .map(|(k, v)| (k.clone(), html_escape::encode_safe(v).into_owned()))
                    .collect();
                (lang.clone(), table)
            })
            .collect();
        I18n {
            default: default.to_string(),
            dir,
            texts,
            resolved,
            escaped,
        }
    }

    /// The table of `lang`, its primary language, or the default.
    fn table<'a>(
        &self,
        tables: &'a HashMap<String, HashMap<String, String>>,
        lang: &str,
    ) -> Option<&'a HashMap<String, String>> {
        tables
            .get(lang)
            .or_else(|| tables.get(crate::lang::primary(lang)))
            .or_else(|| tables.get(&self.default))
    }

    /// Every text of `lang`, escaped.
    fn escaped(&self, lang: &str) -> Option<&HashMap<String, String>> {
        self.table(&self.escaped, lang)
    }

    /// Every text of `lang`, as written.
    fn resolved(&self, lang: &str) -> Option<&HashMap<String, String>> {
        self.table(&self.resolved, lang)
    }

    /// The text for `key` in `lang`: the language itself, its primary
    /// language (`de` for `de-AT`), then the default language.
    pub fn text(&self, lang: &str, key: &str) -> Option<&str> {
        [lang, crate::lang::primary(lang), &self.default]
            .into_iter()
            .find_map(|l| self.texts.get(l).and_then(|m| m.get(key)))
            .map(String::as_str)
            .or_else(|| BUILT_IN.iter().find(|(k, _)| *k == key).map(|(_, v)| *v))
    }

    /// [`text`](Self::text) with `{name}` placeholders filled.
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        args: &[(&str, &str)],
    ) -> Result<String, Diagnostic> {
        let text = self.text(lang, key).ok_or_else(|| self.missing(key))?;
        let mut out = text.to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Ok(out)
    }

    fn missing(&self, key: &str) -> Diagnostic {
        Diagnostic::error(
            self.dir.join(format!("{}.yaml", self.default)),
            format!("no text for \"{key}\""),
        )
        .hint(format!(
            "add a line \"{key}: ...\" for the default language"
        ))
    }
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

    /// Renders `template` for a page in `lang`. An error is reported from
    /// the templates as written, so that its line and column are the file's.
    pub fn render(&self, template: &str, ctx: &Context, lang: &str) -> Result<String, Diagnostic> {
        let localized = self.localized.iter().find(|(l, _)| l == lang);
        let tera = localized.map_or(&self.tera, |(_, tera)| tera);
        rendering_in(lang, || tera.render(template, ctx)).map_err(|e| {
            let e = match localized {
                Some(_) => rendering_in(lang, || self.tera.render(template, ctx))
                    .err()
                    .unwrap_or(e),
                None => e,
            };
            template_error(&e, &self.templates_dir, template)
        })
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
        for entry in walkdir::WalkDir::new(root.join(&templates_dir)).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error(
                        &templates_dir,
                        format!("cannot list templates: {e}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap_or(entry.path())
                .to_path_buf();
            let name = entry
                .path()
                .strip_prefix(root.join(&templates_dir))
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            if name.starts_with('.') || name.contains("/.") {
                continue;
            }
            match read_text(root, &rel) {
                Ok(text) => sources.push((name, text)),
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
        if !syntax_ok || diags.has_errors() {
            return None;
        }

        let assets = load_assets(root, &theme_dir, diags);
        let i18n = Arc::new(I18n::load(
            root,
            theme_dir.join("i18n"),
            &config.locale,
            diags,
        ));
        let compile = |sources: &[(String, String)]| {
            let mut tera = Tera::new();
            register_functions(&mut tera, policy, &assets, base_path);
            register_text_functions(&mut tera, &i18n);
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .map(|()| tera)
        };
        let tera = match compile(&sources) {
            Ok(tera) => tera,
            Err(e) => {
                diags.extend(assembly_errors(&e, &templates_dir));
                return None;
            }
        };
        let mut localized = Vec::with_capacity(config.locales.len());
        for lang in &config.locales {
            let Some(texts) = i18n.resolved(lang) else {
                continue;
            };
            let inlined: Vec<(String, String)> = sources
                .iter()
                .map(|(name, source)| (name.clone(), inline_texts(source, texts)))
                .collect();
            // Anything wrong compiled above with the calls in place; a
            // failure here only means this language keeps the calls.
            if let Ok(tera) = compile(&inlined) {
                localized.push((lang.clone(), tera));
            }
        }
        let foreign = sources.iter().any(|(_, text)| {
            let lower = text.to_ascii_lowercase();
            lower.contains("<svg") || lower.contains("<math")
        });
        Some(Theme {
            tera,
            localized,
            templates_dir,
            assets,
            i18n,
            foreign,
        })
    }
}

fn load_assets(root: &Path, theme_dir: &Path, diags: &mut Diagnostics) -> BTreeMap<String, Asset> {
    let static_dir = root.join(theme_dir).join("static");
    let mut assets = BTreeMap::new();
    if !static_dir.is_dir() {
        return assets;
    }
    for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    theme_dir.join("static"),
                    format!("cannot list static files: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let key = entry
            .path()
            .strip_prefix(&static_dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if key.starts_with('.') || key.contains("/.") {
            continue;
        }
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(
                    theme_dir.join("static").join(&key),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let hash = blake3::hash(&bytes).to_hex();
        let out = fingerprinted(&key, &hash[..10]);
        assets.insert(
            key,
            Asset {
                source: entry.path().to_path_buf(),
                out: format!("{ASSETS_DIR}/{out}"),
            },
        );
    }
    assets
}

/// `css/site.css` → `css/site.<hash>.css`.
fn fingerprinted(key: &str, hash: &str) -> String {
    let (dir, file) = key.rsplit_once('/').map_or(("", key), |(d, f)| (d, f));
    let named = match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{file}.{hash}"),
    };
    if dir.is_empty() {
        named
    } else {
        format!("{dir}/{named}")
    }
}

fn register_functions(
    tera: &mut Tera,
    policy: &LinkPolicy,
    assets: &BTreeMap<String, Asset>,
    base_path: &str,
) {
    let base = policy.base().clone();
    let policy = Arc::new(policy.clone());
    tera.register_function(
        "track",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let url = kwargs.must_get::<&str>("url")?;
            let placement = kwargs
                .get::<&str>("placement")?
                .unwrap_or(DEFAULT_PLACEMENT);
            let page = page_tracking(state)?;
            Ok(policy
                .track(url, &page, placement)
                .unwrap_or_else(|| url.to_string()))
        },
    );

    // Root-relative and absolute URLs of every static file.
    let urls: Arc<BTreeMap<String, (String, String)>> = Arc::new(
        assets
            .iter()
            .map(|(k, a)| {
                let path = format!("{base_path}{}", a.out);
                let absolute = base.join(&path).map_or_else(|_| path.clone(), String::from);
                (k.clone(), (path, absolute))
            })
            .collect(),
    );
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
            let (root_relative, full) = urls.get(path.trim_start_matches('/')).ok_or_else(|| {
                Error::message(format!(
                    "asset(path=\"{path}\"): no such file in the theme's static/ folder (it has: {})",
                    urls.keys().cloned().collect::<Vec<_>>().join(", ")
                ))
            })?;
            Ok(if absolute { full } else { root_relative }.clone())
        },
    );
    tera.register_filter("json_ld", |value: Value, _: Kwargs, _: &State| {
        json_ld(&value).map(|s| Value::safe_string(&s))
    });
}

/// `value` as JSON that can stand inside a `<script>` element: nothing in it
/// can end the element or open a comment, whatever the data holds.
fn json_ld(value: &Value) -> TeraResult<String> {
    let json = serde_json::to_string(value)
        .map_err(|e| Error::message(format!("json_ld: cannot write the value as JSON: {e}")))?;
    Ok(script_safe(&json))
}

/// JSON text made safe to stand inside a `<script>` element: `<`, `>`, `&`
/// and the two line separators JavaScript once rejected become `\u` escapes,
/// which mean the same to any JSON reader.
pub fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// `t(key="...", name=...)`: the theme's text in the page's language, with
/// placeholders filled; `lang_attr(lang=...)`: ` lang="xx"` when a text is
/// in another language than the page.
fn register_text_functions(tera: &mut Tera, i18n: &Arc<I18n>) {
    let i18n = Arc::clone(i18n);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let key = kwargs.must_get::<&str>("key")?;
            let text = with_page_lang(state, |lang| {
                i18n.escaped(lang).and_then(|t| t.get(key)).cloned()
            })?
            .ok_or_else(|| Error::message(i18n.missing(key).to_string()))?;
            let mut out = text;
            for (name, value) in kwargs.iter() {
                let Some(name) = name.as_str().filter(|n| *n != "key") else {
                    continue;
                };
                let placeholder = format!("{{{name}}}");
                if !out.contains(&placeholder) {
                    continue;
                }
                let value = match value.as_str() {
                    Some(s) if value.is_safe() => s.to_string(),
                    Some(s) => html_escape::encode_safe(s).into_owned(),
                    None => html_escape::encode_safe(&value.to_string()).into_owned(),
                };
                out = out.replace(&placeholder, &value);
            }
            // Escaped here, once per text and language, not on every page.
            Ok(Value::safe_string(&out))
        },
    );
    tera.register_function(
        "lang_attr",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let lang = kwargs.must_get::<&str>("lang")?;
            Ok(if with_page_lang(state, |page| page == lang)? {
                Value::safe_string("")
            } else {
                Value::safe_string(&format!(
                    " lang=\"{}\"",
                    html_escape::encode_double_quoted_attribute(lang)
                ))
            })
        },
    );
}

/// Every language's texts with their fallbacks (its primary language, the
/// default language, the built-in texts).
fn resolved_tables(
    default: &str,
    texts: &BTreeMap<String, BTreeMap<String, String>>,
) -> HashMap<String, HashMap<String, String>> {
    let mut base: HashMap<String, String> = BUILT_IN
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    base.extend(texts.get(default).cloned().unwrap_or_default());
    let mut tables = HashMap::new();
    for (lang, own) in texts {
        let mut table = base.clone();
        let primary = crate::lang::primary(lang);
        if primary != lang {
            table.extend(texts.get(primary).cloned().unwrap_or_default());
        }
        table.extend(own.clone());
        tables.insert(lang.clone(), table);
    }
    tables.insert(default.to_string(), base);
    tables
}

/// `source` with each `t(key="...")` call that has nothing to fill in
/// replaced by its text as a string literal, so that pages in `lang` do not
/// call a function for text that is the same on every page. Calls with
/// arguments, unknown keys and texts no literal can hold stay calls.
fn inline_texts(source: &str, texts: &HashMap<String, String>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find("t(key=") {
        let before = &rest[..at];
        let after = &rest[at + "t(key=".len()..];
        let starts_word = !before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.');
        let call = starts_word.then(|| simple_call(after)).flatten();
        match call.and_then(|(key, len)| Some((literal(texts.get(key)?), len))) {
            Some((lit, len)) => {
                out.push_str(before);
                out.push_str(&lit);
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `"key")` or `'key' )` at the start of `s`: the key and the length up to
/// and including the closing parenthesis.
fn simple_call(s: &str) -> Option<(&str, usize)> {
    let quote = s.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let end = s[1..].find(quote)? + 1;
    let key = &s[1..end];
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let tail = &s[end + 1..];
    let spaces = tail.len() - tail.trim_start().len();
    tail[spaces..]
        .starts_with(')')
        .then_some((key, end + 1 + spaces + 1))
}

/// `text` as a Tera string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

thread_local! {
    /// The language of the page being rendered on this thread, set by
    /// [`rendering_in`]: `t()` and `lang_attr()` run dozens of times a page
    /// and read it here rather than from the context.
    static PAGE_LANG: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `render` with `lang` as the page language of `t()` and
/// `lang_attr()` on this thread.
pub fn rendering_in<T>(lang: &str, render: impl FnOnce() -> T) -> T {
    PAGE_LANG.with(|l| {
        let mut l = l.borrow_mut();
        match l.as_mut() {
            Some(s) => {
                s.clear();
                s.push_str(lang);
            }
            None => *l = Some(lang.to_string()),
        }
    });
    let out = render();
    PAGE_LANG.with(|l| {
        if let Some(s) = l.borrow_mut().as_mut() {
            s.clear();
        }
    });
    out
}

/// Calls `f` with the page's language: the one [`rendering_in`] set, or
/// `page.lang` from the context.
fn with_page_lang<T>(state: &State, f: impl Fn(&str) -> T) -> TeraResult<T> {
    let set = PAGE_LANG.with(|l| l.borrow().as_deref().filter(|s| !s.is_empty()).map(&f));
    match set {
        Some(out) => Ok(out),
        None => Ok(f(&page_lang(state)?)),
    }
}

fn page_lang(state: &State) -> TeraResult<String> {
    let page: Value = state
        .get::<Value>("page")?
        .ok_or_else(|| Error::message("t() needs a page"))?;
    Ok(page
        .get_from_path("lang")
        .and_then(|v| v.as_str())
        .unwrap_or("en")
        .to_string())
}

/// The `tracking` variable every page context carries, read back for
/// `track()`.
fn page_tracking(state: &State) -> TeraResult<PageTracking> {
    let t: Value = state
        .get::<Value>("tracking")?
        .ok_or_else(|| Error::message("track() is only available in page templates"))?;
    let field = |name: &str| {
        t.get_from_path(name)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    Ok(PageTracking {
        code: field("code"),
        source: field("source").unwrap_or_default(),
        medium: field("medium").unwrap_or_default(),
        campaign: field("campaign").unwrap_or_default(),
    })
}

/// A Tera error as a diagnostic pointing into the theme's files.
pub fn template_error(e: &Error, templates_dir: &Path, template: &str) -> Diagnostic {
    let mut message = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let file = if r.filename().is_empty() {
                template
            } else {
                r.filename()
            };
            let span = r.span();
            return with_sources(
                Diagnostic::error(
                    templates_dir.join(file),
                    format!("template error: {}", r.message()),
                )
                .at(span.start_line.max(1), span.start_col + 1),
                e,
            );
        }
        other => format!("template error: {other}"),
    };
    message = message.lines().next().unwrap_or_default().to_string();
    with_sources(Diagnostic::error(templates_dir.join(template), message), e)
}

/// Errors found when the templates are put together (unknown functions,
/// filters, includes, blocks) come as one message of several reports; each
/// becomes a diagnostic with its own position.
fn assembly_errors(e: &Error, templates_dir: &Path) -> Vec<Diagnostic> {
    if matches!(
        e.kind(),
        ErrorKind::SyntaxError(_) | ErrorKind::RenderingError(_)
    ) {
        return vec![template_error(e, templates_dir, "")];
    }
    let text = e.to_string();
    let mut out = Vec::new();
    for report in text.split("\n\n") {
        let mut lines = report.lines();
        let message = lines.next().unwrap_or_default();
        let Some(message) = message.strip_prefix("error: ") else {
            continue;
        };
        let locus = lines
            .next()
            .and_then(|l| l.trim().strip_prefix("--> "))
            .and_then(|l| {
                let mut parts = l.rsplitn(3, ':');
                let col = parts.next()?.parse::<usize>().ok()?;
                let line = parts.next()?.parse::<usize>().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
        out.push(match locus {
            Some((file, line, col)) => Diagnostic::error(
                templates_dir.join(file),
                format!("template error: {message}"),
            )
            .at(line, col),
            None => Diagnostic::error(templates_dir, format!("template error: {message}")),
        });
    }
    if out.is_empty() {
        out.push(Diagnostic::error(
            templates_dir,
            format!(
                "template error: {}",
                text.lines().next().unwrap_or_default()
            ),
        ));
    }
    out
}

fn with_sources(mut d: Diagnostic, e: &Error) -> Diagnostic {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        d.message.push_str(&format!(": {s}"));
        source = s.source();
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let value = Value::from_serializable(&serde_json::json!({
            "name": "</script><!-- & \u{2028}",
            "n": 2,
        }));
        let out = json_ld(&value).unwrap();
        assert!(
            !out.contains('<') && !out.contains('>') && !out.contains('&'),
            "{out}"
        );
        assert!(!out.contains('\u{2028}'), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["name"], "</script><!-- & \u{2028}");
        assert_eq!(back["n"], 2);
    }

    #[test]
    fn fixed_texts_are_written_into_the_templates() {
        let texts: HashMap<String, String> = [
            ("start", "Kostenlos starten"),
            ("quoted", r#"Say "hi" \ 'there'"#),
            ("story", "Die Geschichte von {customer}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let cases = [
            (
                r#"<a>{{ t(key="start") }}</a>"#,
                r#"<a>{{ "Kostenlos starten" }}</a>"#,
            ),
            ("{{ t(key='start' ) }}", r#"{{ "Kostenlos starten" }}"#),
            (
                r#"{{ t(key="quoted") }}"#,
                r#"{{ "Say \"hi\" \\ 'there'" }}"#,
            ),
            // Arguments to fill in, unknown keys, other functions: left alone.
            (
                r#"{{ t(key="story", customer=c) }}"#,
                r#"{{ t(key="story", customer=c) }}"#,
            ),
            (r#"{{ t(key="nope") }}"#, r#"{{ t(key="nope") }}"#),
            (
                r#"{{ format(key="start") }}"#,
                r#"{{ format(key="start") }}"#,
            ),
            (r#"{{ x.t(key="start") }}"#, r#"{{ x.t(key="start") }}"#),
            (r#"{{ t(key="start" }}"#, r#"{{ t(key="start" }}"#),
            ("no calls at all", "no calls at all"),
        ];
        for (source, want) in cases {
            assert_eq!(inline_texts(source, &texts), want, "{source}");
        }
        // The literal renders as the text, escaped like any other.
        let mut tera = Tera::new();
        tera.add_raw_template(
            "t.html",
            &inline_texts(r#"<p title="{{ t(key='quoted') }}">"#, &texts),
        )
        .unwrap();
        assert_eq!(
            tera.render("t.html", &Context::new()).unwrap(),
            r#"<p title="Say &quot;hi&quot; \ &#39;there&#39;">"#
        );
    }

    #[test]
    fn fingerprints_keep_folder_and_extension() {
        assert_eq!(fingerprinted("css/site.css", "abc"), "css/site.abc.css");
        assert_eq!(fingerprinted("logo.svg", "abc"), "logo.abc.svg");
        assert_eq!(fingerprinted("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(fingerprinted("a/.hidden", "abc"), "a/.hidden.abc");
    }
}
