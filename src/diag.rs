//! Diagnostics: every problem tailor finds in a site, as a value.
//!
//! A diagnostic names the file (relative to the site root), the line and
//! column where there is one, what is wrong and — where we can tell — what
//! would be right. Loading and planning collect diagnostics instead of
//! stopping at the first one, so a run reports everything it finds.

use std::fmt;
use std::path::{Path, PathBuf};

/// How to fix a CSV that is not UTF-8, in the words of the tools that
/// write them.
pub const SAVE_CSV_AS_UTF8: &str = "save it as UTF-8: in Excel, Save As \"CSV UTF-8 (Comma delimited)\"; Google Sheets' File → Download → CSV is UTF-8 already";

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
    /// 1-based line, if the problem has one. (u32 keeps a diagnostic
    /// small enough to return by value; tailor reads files of at most
    /// 32 MB.)
    pub line: Option<u32>,
    /// 1-based column, if the problem has one.
    pub col: Option<u32>,
    pub message: String,
    /// What would be right, shown after an em dash.
    pub hint: Option<String>,
    /// Other places the problem involves (where a duplicate was first
    /// written), shown under it.
    pub related: Vec<Related>,
}

/// Another place a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Related {
    pub file: PathBuf,
    pub line: usize,
    pub col: Option<usize>,
    pub label: String,
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
            related: Vec::new(),
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, col: usize) -> Self {
        self.line = Some(small(line));
        self.col = Some(small(col));
        self
    }

    /// At a position found after parsing, if it was found.
    pub fn at_pos(self, pos: Option<(usize, usize)>) -> Self {
        match pos {
            Some((line, col)) => self.at(line, col),
            None => self,
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line.map(small);
        self
    }

    /// The 1-based line, as the rest of the code counts.
    pub fn line(&self) -> Option<usize> {
        self.line.map(|l| l as usize)
    }

    /// The 1-based column, as the rest of the code counts.
    pub fn col(&self) -> Option<usize> {
        self.col.map(|c| c as usize)
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Also points at `file:line:col` with `label`.
    pub fn related(
        mut self,
        file: impl Into<PathBuf>,
        line: usize,
        col: Option<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            line,
            col,
            label: label.into(),
        });
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

    /// The sort key: file, line, column, message. Every list of
    /// diagnostics tailor prints is in this order.
    fn key(&self) -> (&Path, Option<u32>, Option<u32>, &str) {
        (&self.file, self.line, self.col, &self.message)
    }
}

impl From<crate::paths::Refused> for Diagnostic {
    fn from(r: crate::paths::Refused) -> Diagnostic {
        let d = Diagnostic::error(r.file(), r.message());
        match r.hint() {
            Some(hint) => d.hint(hint),
            None => d,
        }
    }
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Prints diagnostics to stderr, with excerpts from the files under `root`,
/// and a count of errors at the end.
pub fn report(diagnostics: &[Diagnostic], root: &Path) {
    let mut stderr = String::new();
    let mut sources = Sources::new(root);
    for d in diagnostics {
        stderr.push_str(&sources.render(d));
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        stderr.push_str(&format!(
            "{errors} error{} found\n",
            if errors == 1 { "" } else { "s" }
        ));
    }
    eprint!("{stderr}");
}

/// Sorts diagnostics the one way tailor prints them, without repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.key().cmp(&b.key()));
    diagnostics.dedup();
}

/// The files diagnostics point into, each read once, with where its lines
/// start: a report of many problems in one large export reads it once,
/// and finds each line without scanning the file again.
pub struct Sources {
    root: PathBuf,
    cache: std::collections::HashMap<PathBuf, Option<Source>>,
    /// Files read so far.
    reads: usize,
}

struct Source {
    text: String,
    line_starts: Vec<usize>,
}

impl Source {
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.line_starts.get(n.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(n)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        Some(self.text.get(start..end.max(start))?.trim_end_matches('\r'))
    }
}

impl Sources {
    pub fn new(root: &Path) -> Sources {
        Sources {
            root: root.to_path_buf(),
            cache: std::collections::HashMap::new(),
            reads: 0,
        }
    }

    fn source(&mut self, file: &Path) -> Option<&Source> {
        if !self.cache.contains_key(file) {
            // A file named on the command line is read as given; a file of
            // the site only from inside it, so that no excerpt ever shows
            // what a link out of the site leads to.
            let given = file.is_absolute()
                || file
                    .components()
                    .any(|c| matches!(c, std::path::Component::ParentDir));
            let path = if given {
                Some(file.to_path_buf())
            } else {
                crate::paths::input(&self.root, file).ok()
            };
            self.reads += 1;
            let source = path.and_then(|p| std::fs::read(p).ok()).map(|bytes| {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let line_starts = std::iter::once(0)
                    .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                    .collect();
                Source { text, line_starts }
            });
            self.cache.insert(file.to_path_buf(), source);
        }
        self.cache.get(file).and_then(Option::as_ref)
    }

    /// A window of line `line` of `file` around column `col`, with its
    /// hidden characters escaped, and where the column falls in it.
    fn excerpt(&mut self, file: &Path, line: usize, col: Option<usize>) -> Option<(String, usize)> {
        let text = self.source(file)?.line(line)?;
        let col = col.unwrap_or(1).max(1);
        let chars: Vec<char> = text.chars().collect();
        let start = if chars.len() > EXCERPT {
            col.saturating_sub(EXCERPT / 2).min(chars.len() - EXCERPT)
        } else {
            0
        };
        let end = (start + EXCERPT).min(chars.len());
        let lead = if start > 0 { "…" } else { "" };
        let tail = if end < chars.len() { "…" } else { "" };
        let before: String = chars[start..(col - 1).clamp(start, end)].iter().collect();
        let shown: String = chars[start..end].iter().collect();
        let caret = lead.len() + printable(&before).len();
        Some((format!("{lead}{}{tail}", printable(&shown)), caret))
    }

    /// The diagnostic with an excerpt of each place it points at, for
    /// people at a terminal.
    pub fn render(&mut self, d: &Diagnostic) -> String {
        use annotate_snippets::{Level, Renderer, Snippet};
        let level = match d.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = format!("{label}: {d}\n");
        let mut parts: Vec<(String, usize, usize, bool, String, Option<String>)> = Vec::new();
        if let Some(line) = d.line()
            && let Some((text, caret)) = self.excerpt(&d.file, line, d.col())
        {
            parts.push((text, caret, line, d.col.is_some(), String::new(), None));
        }
        for r in &d.related {
            if let Some((text, caret)) = self.excerpt(&r.file, r.line, r.col) {
                // annotate-snippets adds the line and column.
                let origin = printable(&r.file.display().to_string()).into_owned();
                parts.push((
                    text,
                    caret,
                    r.line,
                    true,
                    printable(&r.label).into_owned(),
                    Some(origin),
                ));
            }
        }
        if parts.is_empty() {
            return title;
        }
        let snippets: Vec<Snippet> = parts
            .iter()
            // Every place is marked alike; the related ones say why.
            .map(|(text, caret, line, pointed, note, origin)| {
                let mut snippet = Snippet::source(text).line_start(*line);
                if let Some(o) = origin {
                    snippet = snippet.origin(o);
                }
                if *pointed {
                    let end = text[*caret..]
                        .chars()
                        .next()
                        .map_or(*caret, |c| *caret + c.len_utf8());
                    snippet = snippet.annotation(level.span(*caret..end.max(*caret)).label(note));
                }
                snippet
            })
            .collect();
        // The title is written by tailor (file:line:col first, as editors
        // read it); annotate-snippets draws the excerpts under it.
        let message = level.title("").snippets(snippets);
        let drawn = Renderer::plain().render(message).to_string();
        // Its own title line is dropped for tailor's.
        let mut lines: Vec<&str> = drawn.lines().skip(1).map(str::trim_end).collect();
        while lines
            .last()
            .is_some_and(|l| l.trim() == "|" || l.is_empty())
        {
            lines.pop();
        }
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        format!("{title}{body}")
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

/// Characters that are invisible or reorder text: C0 and C1 controls, the
/// Unicode bidirectional formatting characters, and the zero-width ones
/// that join or split words unseen (zero-width space, word joiner,
/// invisible operators, a byte-order mark inside text, the Mongolian vowel
/// separator). The zero-width joiner and non-joiner stay: Persian, Indic
/// scripts and emoji need them.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
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
        sort(&mut self.items);
        self.items
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
        assert!(
            !is_hidden_control('\u{200D}'),
            "emoji and scripts join with it"
        );
        for zero_width in ['\u{200B}', '\u{2060}', '\u{FEFF}', '\u{180E}'] {
            assert!(is_hidden_control(zero_width), "{zero_width:?}");
        }
    }

    #[test]
    fn suggestions_only_for_near_misses() {
        let fields = ["pain_points", "use_cases", "name"];
        assert_eq!(suggest("pain_point", fields), Some("pain_points"));
        assert_eq!(suggest("usecases", fields), Some("use_cases"));
        assert_eq!(suggest("zzz", fields), None);
    }

    #[test]
    fn excerpts_show_every_place_and_read_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let rows: String = (1..=500).map(|i| format!("row {i},x\n")).collect();
        std::fs::write(dir.path().join("big.csv"), rows).unwrap();
        std::fs::write(dir.path().join("a.yaml"), "- name: Ann\n  slug: ann\n").unwrap();
        let mut sources = Sources::new(dir.path());
        for line in 1..=400 {
            let d = Diagnostic::error("big.csv", "bad").at(line, 5);
            assert!(
                sources
                    .render(&d)
                    .contains(&format!("{line} | row {line},x"))
            );
        }
        assert_eq!(sources.reads, 1, "400 diagnostics, one read");
        let dup = Diagnostic::error("a.yaml", "duplicate slug \"ann\"")
            .at(2, 9)
            .related("big.csv", 3, Some(1), "first here");
        let out = sources.render(&dup);
        assert_eq!(
            out,
            "error: a.yaml:2:9: duplicate slug \"ann\"\n  |\n2 |   slug: ann\n  |         ^\n  |\n ::: big.csv:3:1\n  |\n3 | row 3,x\n  | ^ first here\n"
        );
        assert_eq!(sources.reads, 2);
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
