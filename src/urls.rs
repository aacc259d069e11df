//! What a URL is, before any site is known.

/// A URL that runs or embeds code when followed, read as a browser reads
/// it: leading spaces and controls skipped, tabs and line breaks ignored,
/// any case.
pub fn is_script_url(url: &str) -> bool {
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    // Most URLs start with `/`, `h` or `#`: no script scheme starts so.
    if !trimmed
        .bytes()
        .next()
        .is_some_and(|b| matches!(b.to_ascii_lowercase(), b'j' | b'v' | b'd'))
    {
        return false;
    }
    let scheme: String = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}
