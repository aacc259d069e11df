//! `t(key="x")` without arguments, read as the context value `texts.x`.
//!
//! A page's theme text is a value of its context (`texts`, in the page's
//! language). A call of `t()` with nothing to fill in is the same as
//! looking the text up there — but a function call costs Tera a thousand
//! times more than a lookup, and a page makes dozens. So, once per theme,
//! such calls are read as lookups. The reading follows Tera's syntax: only
//! inside `{{ }}` and `{% %}`, never inside a string, a comment or a
//! `{% raw %}` block; and only for keys every language has, so a mistyped
//! key stays a call and its error says which key is missing.

use std::collections::HashSet;

/// `source` with each argument-less `t(key="k")` call in an expression,
/// for a `k` in `keys`, written `texts.k`.
pub fn desugar(source: &str, keys: &HashSet<String>) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    loop {
        // The next tag: an expression, a statement or a comment.
        let Some(open) = rest.find('{') else {
            out.push_str(rest);
            return out;
        };
        let after = &rest[open..];
        let (close, kind) = if after.starts_with("{{") {
            ("}}", Tag::Expression)
        } else if after.starts_with("{%") {
            ("%}", Tag::Statement)
        } else if after.starts_with("{#") {
            ("#}", Tag::Comment)
        } else {
            out.push_str(&rest[..open + 1]);
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        let body_start = open + 2;
        let Some(end) = tag_end(&rest[body_start..], close, kind) else {
            // An unclosed tag: Tera reports it; leave it as written.
            out.push_str(&rest[open..]);
            return out;
        };
        let body = &rest[body_start..body_start + end];
        let tag_text = &rest[open..body_start + end + 2];
        match kind {
            Tag::Comment => out.push_str(tag_text),
            Tag::Statement if is_raw(body) => {
                // Everything up to `{% endraw %}` is text.
                let from = body_start + end + 2;
                let stop = find_endraw(&rest[from..]).map_or(rest.len(), |e| from + e);
                out.push_str(&rest[open..stop]);
                rest = &rest[stop..];
                continue;
            }
            _ => {
                out.push_str(&rest[open..body_start]);
                out.push_str(&desugar_expression(body, keys));
                out.push_str(close);
            }
        }
        rest = &rest[body_start + end + 2..];
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tag {
    Expression,
    Statement,
    Comment,
}

/// Where `close` ends a tag whose body starts at `s`, skipping strings in
/// expressions and statements.
fn tag_end(s: &str, close: &str, kind: Tag) -> Option<usize> {
    if kind == Tag::Comment {
        return s.find(close);
    }
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i += 1 + s[i + 1..].find(q as char)?;
            }
            _ if s[i..].starts_with(close) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// `raw`, with Tera's whitespace control: `{%- raw -%}`.
fn is_raw(body: &str) -> bool {
    body.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "raw"
}

fn find_endraw(s: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(open) = s[at..].find("{%") {
        let start = at + open;
        let end = s[start + 2..].find("%}")?;
        let body = &s[start + 2..start + 2 + end];
        if body.trim_matches(|c: char| c == '-' || c.is_whitespace()) == "endraw" {
            return Some(start);
        }
        at = start + 2;
    }
    None
}

/// One expression or statement body with its calls rewritten.
fn desugar_expression(body: &str, keys: &HashSet<String>) -> String {
    let bytes = body.as_bytes();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'`') => {
                i += 1 + body[i + 1..].find(q as char).unwrap_or(body.len() - i - 1) + 1;
                continue;
            }
            b't' => {
                let starts_word = i == 0 || {
                    let p = bytes[i - 1];
                    !(p.is_ascii_alphanumeric() || p == b'_' || p == b'.')
                };
                if starts_word
                    && let Some((key, len)) = call(&body[i..])
                    && keys.contains(key)
                {
                    out.push_str(&body[copied..i]);
                    out.push_str("texts.");
                    out.push_str(key);
                    i += len;
                    copied = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&body[copied..]);
    out
}

/// `t(key="k")` or `t( key = 'k' )` at the start of `s`: the key and the
/// call's length.
fn call(s: &str) -> Option<(&str, usize)> {
    let rest = s.strip_prefix('t')?;
    let rest = rest.trim_start().strip_prefix('(')?.trim_start();
    let rest = rest
        .strip_prefix("key")?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let end = rest[1..].find(quote)? + 1;
    let key = &rest[1..end];
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let tail = rest[end + 1..].trim_start();
    let tail = tail.strip_prefix(')')?;
    Some((key, s.len() - tail.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> HashSet<String> {
        ["start", "story"].iter().map(|k| k.to_string()).collect()
    }

    #[test]
    fn calls_become_lookups_only_inside_expressions() {
        let cases = [
            (
                r#"<a>{{ t(key="start") }}</a>"#,
                r#"<a>{{ texts.start }}</a>"#,
            ),
            (
                "{{ t( key = 'start' ) | upper }}",
                "{{ texts.start | upper }}",
            ),
            (
                r#"{% set a = t(key="start") %}"#,
                r#"{% set a = texts.start %}"#,
            ),
            // Arguments to fill in, unknown keys, other functions: left alone.
            (
                r#"{{ t(key="story", customer=c) }}"#,
                r#"{{ t(key="story", customer=c) }}"#,
            ),
            (r#"{{ t(key="nope") }}"#, r#"{{ t(key="nope") }}"#),
            (r#"{{ x.t(key="start") }}"#, r#"{{ x.t(key="start") }}"#),
            (r#"{{ at(key="start") }}"#, r#"{{ at(key="start") }}"#),
            // Strings, text, comments and raw blocks are not expressions.
            (
                r#"{{ "t(key='start')" ~ t(key="start") }}"#,
                r#"{{ "t(key='start')" ~ texts.start }}"#,
            ),
            (r#"<p>t(key="start")</p>"#, r#"<p>t(key="start")</p>"#),
            (
                r#"{# {{ t(key="start") }} #}"#,
                r#"{# {{ t(key="start") }} #}"#,
            ),
            (
                r#"{% raw %}{{ t(key="start") }}{% endraw %}{{ t(key="start") }}"#,
                r#"{% raw %}{{ t(key="start") }}{% endraw %}{{ texts.start }}"#,
            ),
            (
                r#"{%- raw -%}{{ t(key="start") }}{%- endraw %}"#,
                r#"{%- raw -%}{{ t(key="start") }}{%- endraw %}"#,
            ),
            (
                r#"{{ "}}" }} {{ t(key="start") }}"#,
                r#"{{ "}}" }} {{ texts.start }}"#,
            ),
            ("{ not a tag } {{ unclosed", "{ not a tag } {{ unclosed"),
        ];
        for (source, want) in cases {
            assert_eq!(desugar(source, &keys()), want, "{source}");
        }
    }
}
