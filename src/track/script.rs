//! Product URLs written where the link pass cannot track them: script
//! text, event handlers, `data-*` values, a frame's `srcdoc`.
//!
//! A script that navigates (`location.href = "…"`, `window.open('…')`, a
//! button whose handler reads its `data-href`, a `<script
//! type="text/template">` copied into the page) sends the visitor to
//! whatever URL its text holds: tailor cannot add a code there without
//! understanding the script. So a product URL in such text must already be
//! the page's tracked URL — what `track()` writes, with `| js` in a script
//! — and any other is reported (see `rewrite`). This module finds them:
//! the text is read as JavaScript reads a string (`\/`, `\u0026`, `\x2f`
//! unescaped), and a product host counts where a URL names it (after `//`,
//! `\\` or a user name's `@`), not where a host is merely named (an
//! analytics setting listing the product's domain).

use std::borrow::Cow;

use super::LinkPolicy;

/// Every URL on a product host written in `text`, as written (unescaped as
/// JavaScript reads it), each once, in order.
pub fn product_urls(text: &str, policy: &LinkPolicy) -> Vec<String> {
    let decoded = js_unescape(text);
    let lower = decoded.to_ascii_lowercase();
    let mut found: Vec<(usize, String)> = Vec::new();
    for host in policy.host_spellings() {
        let mut from = 0;
        while let Some(off) = lower.get(from..).and_then(|t| t.find(host.as_str())) {
            let at = from + off;
            from = at + host.len();
            if let Some(url) = url_at(&decoded, at, at + host.len()) {
                found.push((at, url));
            }
        }
    }
    found.sort();
    let mut out: Vec<String> = Vec::with_capacity(found.len());
    for (_, url) in found {
        if !out.contains(&url) {
            out.push(url);
        }
    }
    out
}

/// The URL around a host written at `decoded[at..end]`, when a URL names it
/// there: the host ends at a character no host name has (one trailing dot
/// allowed) and comes after `//`, `\\` or `@`.
fn url_at(decoded: &str, at: usize, end: usize) -> Option<String> {
    let bytes = decoded.as_bytes();
    let host_byte =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') || b >= 0x80;
    let mut after = end;
    if bytes.get(after) == Some(&b'.') {
        after += 1;
    }
    if bytes.get(after).is_some_and(|&b| host_byte(b)) {
        return None;
    }
    if !at
        .checked_sub(1)
        .and_then(|p| bytes.get(p))
        .is_some_and(|b| matches!(b, b'/' | b'\\' | b'@'))
    {
        return None;
    }
    let delimiter = |b: u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'"' | b'\''
                    | b'`'
                    | b'<'
                    | b'>'
                    | b'('
                    | b')'
                    | b'{'
                    | b'}'
                    | b'['
                    | b']'
                    | b'|'
                    | b'^'
            )
    };
    let start = bytes[..at]
        .iter()
        .rposition(|&b| delimiter(b))
        .map_or(0, |p| p + 1);
    let stop = bytes[after..]
        .iter()
        .position(|&b| delimiter(b))
        .map_or(bytes.len(), |p| after + p);
    decoded.get(start..stop).map(str::to_string)
}

/// `text` as a JavaScript string literal reads it: `\uXXXX`, `\u{X}`,
/// `\xXX` and `\c` escapes replaced by what they stand for. Applied to the
/// whole text, strings or not: it is only searched.
pub fn js_unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::iter::Peekable<std::str::Chars>, n: usize| {
            let digits: String = chars.clone().take(n).collect();
            (digits.len() == n && digits.chars().all(|d| d.is_ascii_hexdigit()))
                .then(|| {
                    for _ in 0..n {
                        chars.next();
                    }
                    u32::from_str_radix(&digits, 16).ok()
                })
                .flatten()
        };
        match chars.peek().copied() {
            Some('u') => {
                chars.next();
                let code = if chars.peek() == Some(&'{') {
                    let inner: String = chars.clone().skip(1).take_while(|&d| d != '}').collect();
                    let ok = inner.len() <= 6
                        && !inner.is_empty()
                        && inner.chars().all(|d| d.is_ascii_hexdigit());
                    if ok {
                        for _ in 0..inner.len() + 2 {
                            chars.next();
                        }
                        u32::from_str_radix(&inner, 16).ok()
                    } else {
                        None
                    }
                } else {
                    hex(&mut chars, 4)
                };
                match code.and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push('u'),
                }
            }
            Some('x') => {
                chars.next();
                match hex(&mut chars, 2).and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => out.push('x'),
                }
            }
            Some('n') => {
                chars.next();
                out.push('\n');
            }
            Some('t') => {
                chars.next();
                out.push('\t');
            }
            Some('r') => {
                chars.next();
                out.push('\r');
            }
            Some(other) => {
                chars.next();
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Cow::Owned(out)
}

/// `s` as a JavaScript string literal, in single quotes, that means the
/// same inside a `<script>` element and inside a double-quoted HTML
/// attribute (an event handler): every character either context treats
/// specially — quotes, `&`, `<`, `>`, the backslash, line breaks and the
/// two line separators — is a `\u` escape.
pub fn js_literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for ch in s.chars() {
        match ch {
            '\'' | '"' | '&' | '<' | '>' | '\\' | '`' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(ch)));
            }
            c if u32::from(c) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy::for_tests(
            "via",
            &["app.acme.example", "xn--bcher-kva.example"],
            "https://partners.acme.example/",
        )
    }

    #[test]
    fn urls_are_found_however_script_writes_them() {
        let p = policy();
        for (text, want) in [
            (
                "location.href = 'https://app.acme.example/signup';",
                vec!["https://app.acme.example/signup"],
            ),
            (
                "window.open(\"//APP.acme.example/x?a=1\")",
                vec!["//APP.acme.example/x?a=1"],
            ),
            (
                r#"{"u":"https:\/\/app.acme.example\/s\u0026b=2"}"#,
                vec!["https://app.acme.example/s&b=2"],
            ),
            (
                r"go('https:\x2f\x2fapp\u002eacme.example/y')",
                vec!["https://app.acme.example/y"],
            ),
            (
                "a = 'https://app.acme.example./t'",
                vec!["https://app.acme.example./t"],
            ),
            (
                "a = 'https://u@app.acme.example'",
                vec!["https://u@app.acme.example"],
            ),
            (
                "x = `https://bücher.example/a` + 'https://xn--bcher-kva.example/b'",
                vec![
                    "https://bücher.example/a",
                    "https://xn--bcher-kva.example/b",
                ],
            ),
            (
                "u = 'https://app.acme.example/?ref=jane&amp;utm_source=x'",
                vec!["https://app.acme.example/?ref=jane&amp;utm_source=x"],
            ),
            // A host named is no URL: an analytics setting, the persistence
            // script's own list.
            ("linker: {domains: ['app.acme.example']}", vec![]),
            (r#"{"hosts":["app.acme.example"]}"#, vec![]),
            // Other hosts that contain the name.
            (
                "'https://app.acme.example.evil.test/' 'https://notapp.acme.example/'",
                vec![],
            ),
            ("'https://www.app.acme.example/'", vec![]),
        ] {
            assert_eq!(product_urls(text, &p), want, "{text}");
        }
    }

    #[test]
    fn unescaping_keeps_what_is_not_an_escape() {
        assert_eq!(js_unescape("a\\u{1F600}b\\q\\"), "a😀bq\\");
        assert_eq!(js_unescape("\\u12"), "u12");
        assert_eq!(js_unescape("plain"), "plain");
    }

    #[test]
    fn a_literal_is_the_same_string_in_a_script_and_in_an_attribute() {
        let url = "https://app.acme.example/?a=1&b='\"</script>\u{2028}";
        let lit = js_literal(url);
        assert_eq!(
            lit,
            "'https://app.acme.example/?a=1\\u0026b=\\u0027\\u0022\\u003c/script\\u003e\\u2028'"
        );
        assert!(!lit[1..lit.len() - 1].contains(['\'', '"', '&', '<', '>']));
        assert_eq!(js_unescape(&lit[1..lit.len() - 1]), url);
    }
}
