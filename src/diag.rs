//! Diagnostics: every problem tailor finds in a site, as a value.
//!
//! A diagnostic names the file (relative to the site root), the line and
//! column where there is one, what is wrong and — where we can tell — what
//! would be right. Loading and planning collect diagnostics instead of
//! stopping at the first one, so a run reports everything it finds.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is. Errors fail the run; warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pinned to a place in the site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, or as given on the command line.
    pub file: PathBuf,
    /// 1-based line, if the problem has one.
    pub line: Option<usize>,
    /// 1-based column, if the problem has one.
    pub col: Option<usize>,
    pub message: String,
    /// What would be right, shown after an em dash.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            col: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self
    }

    /// At a position found after parsing, if it was found.
    pub fn at_pos(mut self, pos: Option<(usize, usize)>) -> Self {
        if let Some((line, col)) = pos {
            self.line = Some(line);
            self.col = Some(col);
        }
        self
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:col` part of the message.
    pub fn location(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.col {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }

    /// The diagnostic with a short excerpt of the offending line, read from
    /// the file under `root`, for people at a terminal.
    pub fn report(&self, root: &Path) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {self}\n");
        if let Some(excerpt) = self.excerpt(root) {
            out.push_str(&excerpt);
        }
        out
    }

    fn excerpt(&self, root: &Path) -> Option<String> {
        let line_no = self.line?;
        let path = if self.file.is_absolute() {
            self.file.clone()
        } else {
            root.join(&self.file)
        };
        let text = std::fs::read(&path).ok()?;
        let text = String::from_utf8_lossy(&text);
        let line = text.lines().nth(line_no.checked_sub(1)?)?;
        let line = line.trim_end_matches('\r');
        // A window of the line around the column: lines can be very long.
        let col = self.col.unwrap_or(1).max(1);
        let chars: Vec<char> = line.chars().collect();
        let start = if chars.len() > EXCERPT {
            col.saturating_sub(EXCERPT / 2).min(chars.len() - EXCERPT)
        } else {
            0
        };
        let end = (start + EXCERPT).min(chars.len());
        let mut shown: String = chars[start..end].iter().collect();
        shown = printable(&shown).into_owned();
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < chars.len() { "…" } else { "" };
        let gutter = line_no.to_string().len();
        let mut out = format!("{:gutter$} |\n{line_no} | {lead}{shown}{tail}\n", "");
        if self.col.is_some() {
            let pad: String = chars[start..(col - 1).clamp(start, end)]
                .iter()
                .map(|&c| if c == '\t' { '\t' } else { ' ' })
                .chain(lead.chars().map(|_| ' '))
                .collect();
            out.push_str(&format!("{:gutter$} | {pad}^\n", ""));
        }
        Some(out)
    }
}

/// Characters of a source line shown under a diagnostic.
const EXCERPT: usize = 100;

impl fmt::Display for Diagnostic {
    /// Messages quote what files say, and files come from spreadsheets and
    /// sign-up forms: control and bidirectional characters are shown as
    /// escapes, so they cannot rewrite the terminal or the reader's view.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            printable(&self.location()),
            printable(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " — {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Characters that are invisible or reorder text: C0 and C1 controls and
/// the Unicode bidirectional formatting characters.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every hidden control character written as `\u{..}`.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_hidden_control(c) || c == '\n' || c == '\t')
    {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hidden_control(c) || c == '\n' || c == '\t' {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A value from a file, quoted for a message: at most 60 characters.
pub fn quoted(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(60).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

/// Everything a run found, in a stable order.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Sorted by file, then line, then column, so output is deterministic
    /// whatever order loading happened in.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, &a.message).cmp(&(&b.file, b.line, b.col, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// Returns `Err` with every diagnostic when there is at least one error.
    pub fn check(self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        if self.has_errors() {
            Err(self.into_sorted())
        } else {
            Ok(self.into_sorted())
        }
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_message_and_hint() {
        let d = Diagnostic::error("segments/fintech.yaml", "unknown field \"pain_point\"")
            .at(7, 3)
            .hint("did you mean \"pain_points\"?");
        assert_eq!(
            d.to_string(),
            "segments/fintech.yaml:7:3: unknown field \"pain_point\" — did you mean \"pain_points\"?"
        );
    }

    #[test]
    fn hidden_characters_are_shown_as_escapes() {
        let d = Diagnostic::error("affiliates.yaml", "name \"a\u{202E}b\u{1b}[31m\"").at(1, 1);
        assert_eq!(
            d.to_string(),
            "affiliates.yaml:1:1: name \"a\\u{202e}b\\u{1b}[31m\""
        );
        assert_eq!(quoted(&"x".repeat(100)), format!("\"{}…\"", "x".repeat(60)));
        assert!(!is_hidden_control('é') && !is_hidden_control('\u{200C}'));
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let fields = ["pain_points", "use_cases", "name"];
        assert_eq!(suggest("pain_point", fields), Some("pain_points"));
        assert_eq!(suggest("usecases", fields), Some("use_cases"));
        assert_eq!(suggest("zzz", fields), None);
    }

    #[test]
    fn sorted_and_deduplicated() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.yaml", "x").at(1, 1));
        ds.push(Diagnostic::error("a.yaml", "y").at(9, 1));
        ds.push(Diagnostic::error("a.yaml", "y").at(9, 1));
        let sorted = ds.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].file, PathBuf::from("a.yaml"));
    }
}
