//! The one place YAML is parsed.
//!
//! Files are parsed into a tree whose every node knows where it is written
//! (marked-yaml), and read into tailor's types from there (serde). So every
//! position comes from the parser — the `headline:` of a record, never a
//! line that happens to say `headline:` inside an earlier `body: |` — and
//! every problem is said in a marketer's words: an unquoted colon, a quote
//! never closed, a line indented one space too far, a misspelt field (all
//! of them in one run, each with a "did you mean"), a number written as
//! `$2,200`. YAML that starts part-way into a file, like Markdown front
//! matter, is reported at the file's own lines.

use std::path::{Path, PathBuf};

use marked_yaml::{LoaderOptions, Node};
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, suggest};

/// A 1-based (line, column) position in a file.
pub type Pos = (usize, usize);

/// What a file's top level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Top {
    Mapping,
    Sequence,
}

/// A parsed YAML document and where it is written.
#[derive(Debug, Clone)]
pub struct Doc {
    node: Node,
    file: PathBuf,
    /// Added to the parser's lines: the document's first line in the file,
    /// less one.
    offset: usize,
    /// The source's last line and the column after it (see [`place`]).
    end: Pos,
}

/// The last line of `src` and the column after its last character.
fn end_of(src: &str) -> Pos {
    let last_line = src.split('\n').count();
    let last_col = src.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (last_line, last_col)
}

/// Where the parser's `marker` is in the file: its line moved by `offset`.
/// The scanner puts the end of a source without a final newline on the
/// line after its last; that is the end of the last line (`end`).
fn place(m: &marked_yaml::Marker, end: Pos, offset: usize) -> Pos {
    if m.line() > end.0 {
        (end.0 + offset, end.1)
    } else {
        (m.line() + offset, m.column())
    }
}

impl Doc {
    /// Parses `src`, which starts at line `first_line` (1-based) of `file`.
    pub fn parse(src: &str, file: &Path, first_line: usize, top: Top) -> Result<Doc, Diagnostic> {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let offset = first_line.saturating_sub(1);
        let options = match top {
            Top::Mapping => LoaderOptions::default().toplevel_mapping(),
            Top::Sequence => LoaderOptions::default().toplevel_sequence(),
        }
        .error_on_duplicate_keys(true);
        match marked_yaml::parse_yaml_with_options(0, src, options) {
            Ok(node) => Ok(Doc {
                node,
                file: file.to_path_buf(),
                offset,
                end: end_of(src),
            }),
            Err(e) => Err(load_error(&e, src, file, offset, top)),
        }
    }

    /// A document of one node of another (an item of a list).
    pub fn child(&self, node: Node) -> Doc {
        Doc {
            node,
            file: self.file.clone(),
            offset: self.offset,
            end: self.end,
        }
    }

    /// The items of a top-level list.
    pub fn items(&self) -> Vec<Doc> {
        self.node
            .as_sequence()
            .map(|s| s.iter().map(|n| self.child(n.clone())).collect())
            .unwrap_or_default()
    }

    /// Where the document starts.
    pub fn start(&self) -> Option<Pos> {
        self.marker(self.node.span().start())
    }

    fn marker(&self, m: Option<&marked_yaml::Marker>) -> Option<Pos> {
        m.map(|m| place(m, self.end, self.offset))
    }

    /// The node at `path`: keys of mappings and indices of lists, joined by
    /// dots (`incentive.referrer`, `case_studies.2`).
    fn at(&self, path: &str) -> Option<(&Node, Option<Pos>)> {
        let mut node = &self.node;
        let mut key = None;
        for part in path.split('.').filter(|p| !p.is_empty()) {
            if let Some(map) = node.as_mapping() {
                let (k, v) = map.iter().find(|(k, _)| k.as_str() == part)?;
                key = self.marker(k.span().start());
                node = v;
            } else if let Some(seq) = node.as_sequence() {
                node = seq.get(part.parse::<usize>().ok()?)?;
                key = None;
            } else {
                return None;
            }
        }
        Some((node, key))
    }

    /// Where the value at `path` is written; for a list or a mapping
    /// written on the lines below its key, where the key is.
    pub fn value_pos(&self, path: &str) -> Option<Pos> {
        let (node, key) = self.at(path)?;
        let value = self.marker(node.span().start());
        match node {
            Node::Scalar(_) => value.or(key),
            _ => match (key, value) {
                (Some(k), Some(v)) if v.0 > k.0 => Some(k),
                (k, v) => v.or(k),
            },
        }
    }

    /// Where the mapping at `path` begins: its first key.
    fn mapping_pos(&self, path: &str) -> Option<Pos> {
        let (node, _) = self.at(path)?;
        let first = node.as_mapping()?.keys().next()?;
        self.marker(first.span().start())
    }

    /// Where the key of `path` is written.
    pub fn key_pos(&self, path: &str) -> Option<Pos> {
        self.at(path).and_then(|(_, key)| key)
    }

    /// The text of the scalar at `path`.
    pub fn text(&self, path: &str) -> Option<&str> {
        self.at(path)?.0.as_scalar().map(|s| s.as_str())
    }

    /// The document read as a `T`. Every unknown field is reported, each at
    /// its key with a "did you mean"; then the first value of the wrong
    /// kind. `record` names the document in messages ("record 3 (Jane
    /// Doe)").
    pub fn read<T: DeserializeOwned>(&self, record: Option<&str>) -> Result<T, Vec<Diagnostic>> {
        let mut node = self.node.clone();
        let mut problems = Vec::new();
        self.hidden(&self.node, "", record, &mut problems);
        // Each unknown field is taken out and the rest read again, so one
        // run reports them all.
        for _ in 0..64 {
            match marked_yaml::from_node::<T>(&node) {
                Ok(value) if problems.is_empty() => return Ok(value),
                Ok(_) => return Err(problems),
                Err(e) => {
                    let path = e.path().map(str::to_string);
                    match e.into_inner() {
                        marked_yaml::Error::UnknownFieldError(field, expected, span) => {
                            let at = self
                                .marker(span.start())
                                .or_else(|| path.as_deref().and_then(|p| self.key_pos(p)));
                            let shown = path.clone().unwrap_or_else(|| field.clone());
                            let d = self.error(at, record, format!("unknown field \"{shown}\""));
                            problems.push(match suggest(&field, expected.iter().copied()) {
                                Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                                None if expected.is_empty() => d.hint("remove it"),
                                None => d.hint(format!("expected one of: {}", expected.join(", "))),
                            });
                            if !remove(&mut node, path.as_deref().unwrap_or(&field)) {
                                return Err(problems);
                            }
                        }
                        other => {
                            problems.push(self.value_error(other, path.as_deref(), record));
                            return Err(problems);
                        }
                    }
                }
            }
        }
        Err(problems)
    }

    /// Every text in `node` (at `path`) holding a character that is
    /// invisible or reorders text: such a value reads differently from
    /// what it says, and a code or tag with one silently matches nothing.
    fn hidden(&self, node: &Node, path: &str, record: Option<&str>, out: &mut Vec<Diagnostic>) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match node {
            Node::Scalar(s) => {
                let text = s.as_str();
                if let Some((n, c)) = text
                    .chars()
                    .enumerate()
                    .find(|&(_, c)| crate::diag::is_hidden_control(c))
                {
                    let what = if path.is_empty() {
                        "the value".to_string()
                    } else {
                        format!("\"{path}\"")
                    };
                    out.push(
                        self.error(
                            self.marker(s.span().start()),
                            record,
                            format!(
                                "{what} contains the hidden character U+{:04X} at character {}",
                                u32::from(c),
                                n + 1
                            ),
                        )
                        .hint("remove it: invisible and text-direction control characters make text read differently from what it says, and codes and tags that hold one match nothing"),
                    );
                }
            }
            Node::Mapping(m) => {
                for (k, v) in m.iter() {
                    self.hidden(&Node::Scalar(k.clone()), &join(k.as_str()), record, out);
                    self.hidden(v, &join(k.as_str()), record, out);
                }
            }
            Node::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.hidden(v, &join(&i.to_string()), record, out);
                }
            }
        }
    }

    fn error(&self, at: Option<Pos>, record: Option<&str>, message: String) -> Diagnostic {
        let message = match record {
            Some(r) => format!("{r}: {message}"),
            None => message,
        };
        let at = at.or_else(|| self.start());
        Diagnostic::error(&self.file, message).at_pos(at)
    }

    /// A value of the wrong kind, in a marketer's words.
    fn value_error(
        &self,
        e: marked_yaml::Error,
        path: Option<&str>,
        record: Option<&str>,
    ) -> Diagnostic {
        use marked_yaml::Error;
        let field = path.map(|p| format!("\"{p}\" ")).unwrap_or_default();
        let written = path.and_then(|p| self.text(p)).unwrap_or("").to_string();
        let at = |span: &marked_yaml::Span| {
            self.marker(span.start())
                .or_else(|| path.and_then(|p| self.value_pos(p)))
        };
        match e {
            Error::NotBoolean(span) => self
                .error(
                    at(&span),
                    record,
                    format!("{field}is {}, not true or false", quoted(&written)),
                )
                .hint("write true or false"),
            Error::IntegerParseFailure(_, span) => self
                .error(
                    at(&span),
                    record,
                    format!("{field}is {}, not a whole number", quoted(&written)),
                )
                .hint(number_hint(&written, true)),
            Error::FloatParseFailure(_, span) => self
                .error(
                    at(&span),
                    record,
                    format!("{field}is {}, not a number", quoted(&written)),
                )
                .hint(number_hint(&written, false)),
            Error::UnknownFieldError(f, _, span) => {
                self.error(at(&span), record, format!("unknown field \"{f}\""))
            }
            Error::Other(message, span) => {
                // A missing field is at the mapping that lacks it: its
                // first key (the span marked_yaml gives is after it).
                let missing = message.starts_with("missing field");
                let mapping = missing
                    .then(|| {
                        let p = path.unwrap_or("");
                        let parent = p.rsplit_once('.').map_or("", |(head, _)| head);
                        self.mapping_pos(p).or_else(|| self.mapping_pos(parent))
                    })
                    .flatten();
                let at = mapping.or_else(|| at(&span));
                let (message, hint) = plain_serde(&message, path);
                let d = self.error(at, record, message);
                match hint {
                    Some(h) => d.hint(h),
                    None => d,
                }
            }
        }
    }
}

/// Takes the field at `path` out of `node`; whether it was there.
fn remove(node: &mut Node, path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else {
        return false;
    };
    let mut node = node;
    for part in parts {
        node = match node {
            Node::Mapping(map) => match map.iter_mut().find(|(k, _)| k.as_str() == part) {
                Some((_, v)) => v,
                None => return false,
            },
            Node::Sequence(seq) => match part.parse::<usize>().ok().and_then(|i| seq.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            Node::Scalar(_) => return false,
        };
    }
    match node.as_mapping_mut() {
        Some(map) => map.remove(last).is_some(),
        None => false,
    }
}

fn quoted(s: &str) -> String {
    crate::diag::quoted(s)
}

/// "write a number such as 2200" — with the number the text seems to mean.
fn number_hint(written: &str, whole: bool) -> String {
    let digits: String = written
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    let example = if !digits.is_empty() && digits.parse::<f64>().is_ok() {
        digits
    } else if whole {
        "30".into()
    } else {
        "2200".into()
    };
    format!(
        "write a number such as {example}, without currency signs, spaces or thousands separators"
    )
}

/// serde's messages ("missing field `x`", "invalid type: ...") as people
/// say them.
fn plain_serde(message: &str, path: Option<&str>) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let full = match path.and_then(|p| p.rsplit_once('.')).map(|(head, _)| head) {
            Some(head) if !head.is_empty() => format!("{head}.{field}"),
            _ => field.to_string(),
        };
        return (
            format!("missing required field \"{full}\""),
            Some(format!("add a \"{field}:\" line")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let what = rest.replace('`', "\"");
        let field = path.map(|p| format!("\"{p}\" ")).unwrap_or_default();
        let hint = if what.contains("expected a sequence") {
            Some("write a list, e.g. [one, two] or one item per line starting with \"- \"".into())
        } else if what.contains("expected a string") {
            Some("write the text after the colon, in quotes if it holds a colon or starts with a symbol".into())
        } else {
            None
        };
        return (format!("{field}has the wrong kind of value: {what}"), hint);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let options: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let field = path.map(|p| format!("\"{p}\" ")).unwrap_or_default();
        let hint = match suggest(value, options.iter().copied()) {
            Some(best) => format!("did you mean \"{best}\"?"),
            None => format!("expected one of: {}", options.join(", ")),
        };
        return (
            format!("{field}has an unknown value \"{value}\""),
            Some(hint),
        );
    }
    (message.replace('`', "\""), None)
}

/// A file that is not YAML as it stands, in a marketer's words, at the
/// line of the cause.
fn load_error(
    e: &marked_yaml::LoadError,
    src: &str,
    file: &Path,
    offset: usize,
    top: Top,
) -> Diagnostic {
    use marked_yaml::LoadError;
    let end = end_of(src);
    let at = |m: &marked_yaml::Marker| {
        let (line, col) = place(m, end, offset);
        (line, col.max(1))
    };
    let lines: Vec<&str> = src.lines().collect();
    let d =
        |pos: (usize, usize), message: String| Diagnostic::error(file, message).at(pos.0, pos.1);
    match e {
        LoadError::TopLevelMustBeMapping(m) => {
            if src.trim().is_empty() {
                return d((offset + 1, 1), "the file is empty".into())
                    .hint("write its fields, one \"name: value\" per line");
            }
            d(at(m), "the file is not a list of fields".into())
                .hint("write one \"name: value\" per line")
        }
        LoadError::TopLevelMustBeSequence(m) => {
            d(at(m), "the file is not a list".into()).hint("start each record with \"- \"")
        }
        LoadError::UnexpectedAnchor(m) => {
            d(at(m), "anchors (&name) are not supported".into()).hint("write the value out in full")
        }
        LoadError::UnexpectedTag(m) => {
            d(at(m), "tags (!name) are not supported".into()).hint("remove the tag")
        }
        LoadError::MappingKeyMustBeScalar(m) => {
            d(at(m), "a field name must be plain text".into()).hint("write name: value")
        }
        LoadError::DuplicateKey(inner) => {
            let key = inner.prev_key.as_str().to_string();
            let pos = inner.key.span().start().map_or((offset + 1, 1), at);
            let mut diag =
                d(pos, format!("the field \"{key}\" is written twice")).hint("keep one of them");
            if let Some(first) = inner.prev_key.span().start() {
                let (l, c) = at(first);
                diag = diag.related(file, l, Some(c), "first here");
            }
            diag
        }
        LoadError::ScanError(m, scan) => {
            let (line, col) = at(m);
            let info = scan.info();
            let text = lines
                .get(line.saturating_sub(offset + 1))
                .copied()
                .unwrap_or("");
            scan_error(info, text, &lines, line, col, offset, top, file)
        }
    }
}

/// The scanner's complaint, said by its cause.
#[allow(clippy::too_many_arguments)]
fn scan_error(
    info: &str,
    text: &str,
    lines: &[&str],
    line: usize,
    col: usize,
    offset: usize,
    top: Top,
    file: &Path,
) -> Diagnostic {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let previous = (1..line.saturating_sub(offset))
        .rev()
        .filter_map(|i| lines.get(i - 1).map(|l| (i, *l)))
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let d = |l: usize, c: usize, message: String, hint: String| {
        Diagnostic::error(file, message).at(l, c).hint(hint)
    };
    if info.contains("tab") {
        // The scanner stops at the token before; the tab is at the start
        // of the first line from there that is indented with one.
        let local = line.saturating_sub(offset).max(1);
        let (line, col) = lines
            .iter()
            .enumerate()
            .skip(local - 1)
            .find_map(|(i, l)| {
                let indent = &l[..indent(l)];
                indent
                    .find('\t')
                    .map(|c| (i + 1 + offset, indent[..c].chars().count() + 1))
            })
            .unwrap_or((line, col));
        return d(
            line,
            col,
            "a tab character in the indentation".into(),
            "YAML indents with spaces only".into(),
        );
    }
    if info.contains("quoted scalar") {
        // Where the quote that never closes was opened.
        let opened = (1..=line.saturating_sub(offset))
            .rev()
            .filter_map(|i| lines.get(i - 1).map(|l| (i, *l)))
            .find_map(|(i, l)| {
                let q = unbalanced_quote(l)?;
                Some((
                    i + offset,
                    l[..q].chars().count() + 1,
                    l.as_bytes()[q] as char,
                ))
            });
        let (l, c, q) = opened.unwrap_or((line, col, '"'));
        return d(
            l,
            c,
            format!("the quote {q} opened here is never closed"),
            format!("end the text with {q} on the same line"),
        );
    }
    if info.contains("flow sequence") {
        return d(
            line,
            col,
            "a list in [ ] is not closed".into(),
            "end it with ]".into(),
        );
    }
    if info.contains("flow mapping") {
        return d(
            line,
            col,
            "a { } group is not closed".into(),
            "end it with }".into(),
        );
    }
    let trimmed = text.trim_start();
    let this_indent = indent(text);
    if let Some((prev_no, prev)) = previous {
        let prev_indent = indent(prev) + usize::from(prev.trim_start().starts_with("- ")) * 2;
        let key = trimmed.split(':').next().unwrap_or(trimmed).trim();
        let prev_key = prev
            .trim_start()
            .trim_start_matches("- ")
            .split(':')
            .next()
            .unwrap_or("")
            .trim();
        let misaligned = this_indent != prev_indent
            && this_indent.abs_diff(prev_indent) <= 2
            && trimmed.contains(':')
            && !trimmed.starts_with("- ");
        if misaligned && (info.contains("mapping values") || info.contains("did not find expected"))
        {
            return d(
                line,
                this_indent + 1,
                format!(
                    "\"{key}\" is indented by {this_indent} space{}, the line above by {prev_indent}: it no longer belongs to the same {}",
                    if this_indent == 1 { "" } else { "s" },
                    if top == Top::Sequence {
                        "record"
                    } else {
                        "block"
                    }
                ),
                format!(
                    "line \"{key}:\" up with \"{prev_key}:\" on line {}",
                    prev_no + offset
                ),
            );
        }
    }
    if info.contains("mapping values") {
        // `title: How X: a story` — a second colon in a plain value.
        if let Some((key, value)) = trimmed.trim_start_matches("- ").split_once(": ")
            && value.contains(": ")
        {
            let key = key.trim();
            return d(
                line,
                col,
                format!("the text of \"{key}\" holds a colon, which YAML reads as a new field"),
                format!(
                    "put the text in quotes: {key}: \"{}\"",
                    value.trim().replace('"', "\\\"")
                ),
            );
        }
        return d(
            line,
            col,
            "a colon YAML cannot read here".into(),
            "put text with a colon in quotes, and line each field up with the others".into(),
        );
    }
    d(
        line,
        col,
        info.to_string(),
        "check the line and the ones before it".into(),
    )
}

/// Where a quote that opens a value and is not closed on its line is.
fn unbalanced_quote(line: &str) -> Option<usize> {
    let value_start = line.find(": ").map(|i| i + 2).or_else(|| {
        line.trim_start()
            .strip_prefix("- ")
            .map(|_| line.len() - line.trim_start().len() + 2)
    })?;
    let rest = &line[value_start..];
    let lead = rest.len() - rest.trim_start().len();
    let q = rest
        .trim_start()
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\''))?;
    let body = &rest.trim_start()[1..];
    let closed = match q {
        '"' => {
            let mut escaped = false;
            body.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        }
        _ => body.contains('\''),
    };
    (!closed).then_some(value_start + lead)
}

/// Parses `src` as a mapping and reads it as a `T`.
pub fn parse<T: DeserializeOwned>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Vec<Diagnostic>> {
    read_doc(src, file, first_line).map(|(value, _)| value)
}

/// Parses `src` as a mapping and reads it as a `T`, keeping the tree for
/// the positions of its values.
pub fn read_doc<T: DeserializeOwned>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<(T, Doc), Vec<Diagnostic>> {
    if src.trim_start_matches('\u{feff}').trim().is_empty() {
        // An empty document is a `T` only when every field is optional.
        return marked_yaml::from_yaml::<T>(0, "{}")
            .map_err(|e| {
                let field = e.to_string().split('`').nth(1).map(str::to_string);
                let d = Diagnostic::error(file, "the file is empty").at(first_line, 1);
                vec![match field {
                    Some(f) => d.hint(format!("write its fields, starting with \"{f}:\"")),
                    None => d,
                }]
            })
            .map(|value| {
                let doc = Doc::parse("{}", file, first_line, Top::Mapping).expect("{} is YAML");
                (value, doc)
            });
    }
    let doc = Doc::parse(src, file, first_line, Top::Mapping).map_err(|d| vec![d])?;
    let value = doc.read(None)?;
    Ok((value, doc))
}

/// The start lines (1-based) of the items of a top-level block sequence,
/// so a list of records can be parsed one record at a time. `None` when
/// the document is not a plain block sequence.
pub fn block_sequence_items(src: &str) -> Option<Vec<usize>> {
    let mut starts = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.starts_with("- ") || line == "-" {
            starts.push(i + 1);
        } else if line.starts_with(|c: char| !c.is_whitespace() && c != '#') && line != "---" {
            // Anything else at the left margin: not a plain block sequence.
            return None;
        }
    }
    Some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Seg {
        name: String,
        #[serde(default)]
        pain_points: Vec<String>,
        incentive: Option<Inc>,
        headline: Option<String>,
        body: Option<String>,
        active: Option<bool>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inc {
        cap: Option<String>,
        value: Option<f64>,
    }

    fn errs(src: &str, first_line: usize) -> Vec<String> {
        parse::<Seg>(src, Path::new("segments/x.yaml"), first_line)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    fn err(src: &str) -> String {
        errs(src, 1).remove(0)
    }

    #[test]
    fn every_unknown_field_with_suggestion_and_position() {
        assert_eq!(
            errs(
                "name: x\n\npain_point: [a]\nincentive:\n  cap: c\n  capp: d\nheadlin: y\n",
                1
            ),
            [
                "segments/x.yaml:3:1: unknown field \"pain_point\" — did you mean \"pain_points\"?",
                "segments/x.yaml:6:3: unknown field \"incentive.capp\" — did you mean \"cap\"?",
                "segments/x.yaml:7:1: unknown field \"headlin\" — did you mean \"headline\"?",
            ]
        );
    }

    #[test]
    fn lines_are_offset_for_front_matter() {
        assert_eq!(err_at("name: x\npain_point: []\n", 2), Some((3, 1)));
    }

    fn err_at(src: &str, first: usize) -> Option<(usize, usize)> {
        let d = parse::<Seg>(src, Path::new("x.yaml"), first)
            .unwrap_err()
            .remove(0);
        d.line().zip(d.col())
    }

    #[test]
    fn missing_fields_and_wrong_values_in_plain_words() {
        assert_eq!(
            err("pain_points: []\n"),
            "segments/x.yaml:1:1: missing required field \"name\" — add a \"name:\" line"
        );
        assert_eq!(
            err("name: x\nincentive: { value: \"$2,200\" }\n"),
            "segments/x.yaml:2:21: \"incentive.value\" is \"$2,200\", not a number — write a number such as 2200, without currency signs, spaces or thousands separators"
        );
        assert_eq!(
            err("name: x\nactive: maybe\n"),
            "segments/x.yaml:2:9: \"active\" is \"maybe\", not true or false — write true or false"
        );
        assert!(
            err("name: x\npain_points: a\n")
                .starts_with("segments/x.yaml:2:14: \"pain_points\" has the wrong kind of value")
        );
    }

    #[test]
    fn syntax_errors_say_their_cause() {
        assert_eq!(
            err("name: x\nheadline: How Ledgerly: a story\n"),
            "segments/x.yaml:2:23: the text of \"headline\" holds a colon, which YAML reads as a new field — put the text in quotes: headline: \"How Ledgerly: a story\""
        );
        assert_eq!(
            err("name: \"Jane\nheadline: y\nbody: z\n"),
            "segments/x.yaml:1:7: the quote \" opened here is never closed — end the text with \" on the same line"
        );
        assert_eq!(
            err("name: x\n headline: y\n"),
            "segments/x.yaml:2:2: \"headline\" is indented by 1 space, the line above by 0: it no longer belongs to the same block — line \"headline:\" up with \"name:\" on line 1"
        );
        assert!(
            err("name: x\n\tpain_points: []\n")
                .starts_with("segments/x.yaml:2:1: a tab character in the indentation")
        );
        assert!(
            err("name: x\nlist:\n  - a\n \t- b\n")
                .starts_with("segments/x.yaml:4:2: a tab character in the indentation")
        );
        assert!(err("name: x\nname: y\n").contains("the field \"name\" is written twice"));
    }

    #[test]
    fn an_error_at_the_end_of_a_file_without_a_final_newline_is_on_its_last_line() {
        // Fuzzers' findings: the scanner's end-of-file position was a line
        // past the file, for a scan error and for a missing field alike.
        #[derive(Deserialize, Debug)]
        struct Required {
            #[allow(dead_code)]
            name: String,
        }
        use std::collections::BTreeMap;
        for src in [
            "a: { b: 1",
            "a: 1\nb: [1, 2",
            "- name: A\n  activ",
            "# only a comment",
        ] {
            let lines = src.split('\n').count();
            let Err(d) = parse::<BTreeMap<String, u32>>(src, Path::new("x.yaml"), 1)
                .and_then(|_| parse::<Required>(src, Path::new("x.yaml"), 1))
            else {
                panic!("{src:?} parsed");
            };
            for d in d {
                let line = d.line().unwrap_or(1);
                assert!(line <= lines, "{d} in a file of {lines} lines");
            }
        }
    }

    #[test]
    fn positions_come_from_the_parser() {
        let src = "name: x\nbody: |\n  headline: not a key\nheadline: the key\n";
        let doc = Doc::parse(src, Path::new("x.yaml"), 1, Top::Mapping).unwrap();
        assert_eq!(doc.key_pos("headline"), Some((4, 1)));
        assert_eq!(doc.value_pos("headline"), Some((4, 11)));
        let doc = Doc::parse(
            "pins:\n  - a\n  - b\n",
            Path::new("x.yaml"),
            5,
            Top::Mapping,
        )
        .unwrap();
        assert_eq!(doc.value_pos("pins.1"), Some((7, 5)));
        assert_eq!(doc.value_pos("pins"), Some((5, 1)));
    }

    #[test]
    fn empty_document_is_explained() {
        assert_eq!(
            err("  \n"),
            "segments/x.yaml:1:1: the file is empty — write its fields, starting with \"name:\""
        );
    }

    #[test]
    fn block_sequences_are_split_into_items() {
        let src = "# affiliates\n- name: a\n  segment: x\n\n- name: b\n";
        assert_eq!(block_sequence_items(src), Some(vec![2, 5]));
        assert_eq!(block_sequence_items("[{name: a}]"), None);
        assert_eq!(block_sequence_items("name: a\n"), None);
        assert_eq!(block_sequence_items("# only comments\n\n"), Some(vec![]));
    }

    proptest::proptest! {
        /// Any text, YAML or not, gives a value or a diagnostic with a
        /// position inside the file; never a panic.
        #[test]
        fn any_text_parses_or_is_an_error(text in "\\PC{0,300}", first_line in 1usize..50) {
            if let Err(ds) = parse::<Seg>(&text, Path::new("x.yaml"), first_line) {
                for d in ds {
                    let line = d.line().unwrap_or(first_line);
                    proptest::prop_assert!(line >= first_line);
                    proptest::prop_assert!(line <= first_line + text.lines().count() + 1);
                }
            }
        }

        #[test]
        fn yamlish_text_parses_or_is_an_error(text in "(name|pain_points|incentive|cap|  |- |: |\\[|\\]|\"|'|#|\n|\t|x|1){0,60}") {
            let _ = parse::<Seg>(&text, Path::new("x.yaml"), 1);
            let _ = block_sequence_items(&text);
        }
    }
}
