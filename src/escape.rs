//! Escaping text for where it is written in a page.

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
