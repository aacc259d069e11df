//! The functions and filters templates call: `track()`, `asset()`, `t()`,
//! `lang_attr()`, `json_ld` and `js`.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use super::{Asset, I18n};
use crate::track::{DEFAULT_PLACEMENT, LinkPolicy, PageTracking};

pub(super) fn register(
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
    // `{{ track(url=…) | js }}`: a tracked URL where a script navigates.
    // HTML escaping is wrong there (`&amp;` in a script is four
    // characters, and the platform reads `amp;utm_source`): this writes a
    // quoted JavaScript string that means the same URL in a <script> and
    // in an event handler.
    tera.register_filter("js", |value: Value, _: Kwargs, _: &State| {
        let text = match value.as_str() {
            Some(s) => s.to_string(),
            None => value.to_string(),
        };
        Value::safe_string(&crate::track::script::js_literal(&text))
    });
}

/// `value` as JSON that can stand inside a `<script>` element: nothing in it
/// can end the element or open a comment, whatever the data holds.
fn json_ld(value: &Value) -> TeraResult<String> {
    let json = serde_json::to_string(value)
        .map_err(|e| Error::message(format!("json_ld: cannot write the value as JSON: {e}")))?;
    Ok(crate::escape::script_safe(&json))
}

/// `t(key="...", name=...)`: the theme's text in the page's language —
/// from the page context's `texts`, already escaped — with placeholders
/// filled (and escaped); `lang_attr(lang=...)`: ` lang="xx"` when a text
/// is in another language than the page.
pub(super) fn register_text(tera: &mut Tera, i18n: &Arc<I18n>) {
    let i18n = Arc::clone(i18n);
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let key = kwargs.must_get::<&str>("key")?;
            let texts: Value = state.get::<Value>("texts")?.ok_or_else(|| {
                Error::message("t() needs the page's texts: render templates through tailor")
            })?;
            let text = texts
                .get_from_path(key)
                .and_then(|v| v.as_str().map(str::to_string))
                .ok_or_else(|| Error::message(i18n.missing(key).to_string()))?;
            // The values escaped, then filled in by the one formatter of
            // theme text, in one pass: a value is never read for
            // placeholders, and a count picks its plural form in the
            // page's language.
            let lang = page_lang(state).unwrap_or_default();
            let mut args = text_args(&kwargs, true);
            if crate::lang::direction(&lang) == "rtl" {
                isolate(&mut args);
            }
            let args: Vec<(&str, &str)> =
                args.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            let out = crate::i18n::fill(&lang, &text, &args);
            Ok(Value::safe_string(&out))
        },
    );
    tera.register_function(
        "lang_attr",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let lang = kwargs.must_get::<&str>("lang")?;
            Ok(if page_lang(state)? == lang {
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

/// The arguments of a `t()` call (all but `key`), as the values that fill
/// the text's placeholders: HTML-escaped with `escape` (a page's text, a
/// value already safe left as it is), as written without (a card's, which
/// `fit()` measures and the SVG escapes as it prints).
pub(crate) fn text_args(kwargs: &Kwargs, escape: bool) -> Vec<(String, String)> {
    kwargs
        .iter()
        .filter_map(|(name, value)| {
            let name = name.as_str().filter(|n| *n != "key")?;
            let value = match value.as_str() {
                Some(s) if !escape || value.is_safe() => s.to_string(),
                Some(s) => html_escape::encode_safe(s).into_owned(),
                None if !escape => value.to_string(),
                None => html_escape::encode_safe(&value.to_string()).into_owned(),
            };
            Some((name.to_string(), value))
        })
        .collect()
}

/// Each value but a number set apart from the sentence around it, with
/// Unicode's first-strong isolate (U+2068 … U+2069, what `<bdi>` does,
/// and allowed in attributes too): on a right-to-left page, a Latin name,
/// company or code in an Arabic or Hebrew sentence keeps its own order
/// and does not carry the sentence's punctuation or words with it. A
/// count stays as it is: it picks its plural form.
fn isolate(args: &mut [(String, String)]) {
    for (_, value) in args.iter_mut() {
        if value.trim().parse::<f64>().is_err() {
            *value = format!("\u{2068}{value}\u{2069}");
        }
    }
}

fn page_lang(state: &State) -> TeraResult<String> {
    let page: Value = state
        .get::<Value>("page")?
        .ok_or_else(|| Error::message("lang_attr() needs a page"))?;
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
}
