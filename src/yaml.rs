//! The one place YAML is parsed.
//!
//! serde's messages are written for programmers ("unknown field `x`,
//! expected one of ..."); this module turns them into diagnostics for
//! marketers, with the real line and column in the file — including for
//! YAML that starts part-way into a file, like Markdown front matter — and a
//! "did you mean" for misspelt field names.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, suggest};

/// Parses `src`, which starts at line `first_line` (1-based) of `file`.
pub fn parse<T: DeserializeOwned>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if src.trim().is_empty() {
        // serde_yaml reports an empty document as a missing first field;
        // say what actually happened.
        return serde_yaml::from_str::<T>("{}").map_err(|e| {
            let d = Diagnostic::error(file, "the file is empty").at(first_line, 1);
            let text = e.to_string();
            match text
                .strip_prefix("missing field `")
                .and_then(|r| r.split('`').next())
            {
                Some(field) => d.hint(format!("write its fields, starting with \"{field}:\"")),
                None => d,
            }
        });
    }
    serde_yaml::from_str(src).map_err(|e| to_diagnostic(&e, src, file, first_line))
}

fn to_diagnostic(e: &serde_yaml::Error, src: &str, file: &Path, first_line: usize) -> Diagnostic {
    let (line, col) = e
        .location()
        .map(|l| (l.line() + first_line - 1, l.column()))
        .unwrap_or((first_line, 1));
    let raw = e.to_string();
    let message = strip_location(&raw);
    let (path, message) = split_path(message);
    let mut d = Diagnostic::error(file, String::new()).at(line, col);

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = split_ticked(rest);
        let candidates = ticked_words(expected);
        d.message = format!("unknown field \"{}\"", join_path(path, field));
        d.hint = Some(
            match suggest(field, candidates.iter().map(String::as_str)) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None if candidates.is_empty() => "remove it".to_string(),
                None => format!("expected one of: {}", candidates.join(", ")),
            },
        );
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = split_ticked(rest);
        let candidates = ticked_words(expected);
        d.message = match path {
            Some(p) => format!("\"{p}\" has an unknown value \"{value}\""),
            None => format!("unknown value \"{value}\""),
        };
        d.hint = Some(
            match suggest(value, candidates.iter().map(String::as_str)) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("expected one of: {}", candidates.join(", ")),
            },
        );
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let (field, _) = split_ticked(rest);
        d.message = format!("missing required field \"{}\"", join_path(path, field));
        d.hint = Some(format!("add a \"{field}:\" line"));
    } else if let Some(rest) = message.strip_prefix("invalid type: ") {
        d.message = match path {
            Some(p) => format!("\"{p}\" has the wrong type: {}", plain_message(rest)),
            None => format!("wrong type: {}", plain_message(rest)),
        };
    } else if indented_with_tab(src, e.location().map(|l| l.line())) {
        d.message = "a tab character in the indentation".to_string();
        d.hint = Some("YAML indents with spaces only".to_string());
    } else {
        d.message = match path {
            Some(p) => format!("{p}: {}", plain_message(message)),
            None => plain_message(message),
        };
    }
    d
}

/// Tabs are the commonest cause of YAML scanner errors; the error is
/// rephrased when the reported line is indented with one.
fn indented_with_tab(src: &str, line: Option<usize>) -> bool {
    line.and_then(|l| src.lines().nth(l.checked_sub(1)?))
        .is_some_and(|l| {
            l.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        })
}

fn strip_location(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(" column ") => &msg[..i],
        _ => msg,
    }
}

/// serde_yaml prefixes nested errors with their path: `incentive.value: ...`.
fn split_path(msg: &str) -> (Option<&str>, &str) {
    if let Some((head, rest)) = msg.split_once(": ") {
        let looks_like_path = !head.is_empty()
            && head
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'));
        if looks_like_path {
            return (Some(head), rest);
        }
    }
    (None, msg)
}

fn join_path(path: Option<&str>, field: &str) -> String {
    match path {
        Some(p) => format!("{p}.{field}"),
        None => field.to_string(),
    }
}

/// Splits "name`, rest" into ("name", "rest").
fn split_ticked(s: &str) -> (&str, &str) {
    match s.split_once('`') {
        Some((word, rest)) => (word, rest),
        None => (s, ""),
    }
}

fn ticked_words(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde's backticks read as noise outside a terminal of programmers.
fn plain_message(msg: &str) -> String {
    msg.replace('`', "\"")
}

/// A 1-based (line, column) position in a file.
pub type Pos = (usize, usize);

/// Where the value of the first `key:` entry in `src` is, at any
/// indentation, for pointing semantic errors (an unknown segment, a
/// duplicate slug) at the right place after parsing succeeded. For a key
/// whose value is on the following lines, the key itself.
pub fn value_pos(src: &str, key: &str) -> Option<Pos> {
    src.lines()
        .enumerate()
        .find_map(|(i, line)| key_value_col(line, key).map(|col| (i + 1, col)))
}

/// The column where `token` (a list item) first appears on or after line
/// `from`.
pub fn token_pos(src: &str, token: &str, from: usize) -> Option<Pos> {
    src.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            line.match_indices(token)
                .find(|(at, _)| {
                    let before = line[..*at].chars().next_back();
                    let after = line[at + token.len()..].chars().next();
                    let boundary = |c: Option<char>| {
                        c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'))
                    };
                    boundary(before) && boundary(after)
                })
                .map(|(at, _)| (i + 1, line[..at].chars().count() + 1))
        })
}

fn key_value_col(line: &str, key: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let mut t = &line[indent..];
    let mut offset = indent;
    if let Some(rest) = t.strip_prefix("- ") {
        offset += t.len() - rest.trim_start().len();
        t = rest.trim_start();
    }
    let quoted = t.starts_with('"');
    let t2 = if quoted { &t[1..] } else { t };
    let rest = t2.strip_prefix(key)?;
    let rest = if quoted {
        rest.strip_prefix('"')?
    } else {
        rest
    };
    let value = rest.strip_prefix(':')?;
    let key_len = t.len() - value.len();
    let trimmed = value.trim_start();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Some(line[..offset].chars().count() + 1);
    }
    let value_at = offset + key_len + (value.len() - trimmed.len());
    Some(line[..value_at].chars().count() + 1)
}

/// The start lines (1-based) of the items of a top-level block sequence,
/// so a list of records can be parsed one record at a time and every bad
/// record reported. `None` when the document is not a plain block sequence.
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
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inc {
        cap: Option<String>,
    }

    fn err(src: &str, first_line: usize) -> Diagnostic {
        parse::<Seg>(src, Path::new("segments/x.yaml"), first_line).unwrap_err()
    }

    #[test]
    fn unknown_field_with_suggestion_and_position() {
        let d = err("name: x\n\npain_point: [a]\n", 1);
        assert_eq!(
            d.to_string(),
            "segments/x.yaml:3:1: unknown field \"pain_point\" — did you mean \"pain_points\"?"
        );
    }

    #[test]
    fn nested_unknown_field_keeps_its_path() {
        let d = err("name: x\nincentive:\n  cap: c\n  capp: d\n", 1);
        assert_eq!(d.message, "unknown field \"incentive.capp\"");
        assert_eq!(d.line, Some(4));
        assert_eq!(d.col, Some(3));
    }

    #[test]
    fn lines_are_offset_for_front_matter() {
        let d = err("name: x\npain_point: []\n", 2);
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn missing_field_and_wrong_type() {
        assert_eq!(
            err("pain_points: []\n", 1).message,
            "missing required field \"name\""
        );
        let d = err("name: x\npain_points: a\n", 1);
        assert!(
            d.message.starts_with("\"pain_points\" has the wrong type"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn empty_document_is_explained() {
        let d = err("  \n", 1);
        assert_eq!(
            d.to_string(),
            "segments/x.yaml:1:1: the file is empty — write its fields, starting with \"name:\""
        );
    }

    #[test]
    fn tabs_are_explained() {
        let d = err("name: x\n\tpain_points: []\n", 1);
        assert_eq!(d.message, "a tab character in the indentation");
    }

    #[test]
    fn value_positions() {
        let src = "- name: a\n  segment: x\n- name: b\n  segment:   y\nlist:\n  - one\n  - two-x\n  - two\n";
        assert_eq!(value_pos(src, "segment"), Some((2, 12)));
        assert_eq!(value_pos(src, "list"), Some((5, 1)));
        assert_eq!(value_pos(src, "nope"), None);
        assert_eq!(token_pos(src, "two", 5), Some((8, 5)));
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
            match parse::<Seg>(&text, Path::new("x.yaml"), first_line) {
                Ok(_) => {}
                Err(d) => {
                    let line = d.line.unwrap_or(first_line);
                    proptest::prop_assert!(line >= first_line);
                    proptest::prop_assert!(line <= first_line + text.lines().count() + 1);
                }
            }
        }

        #[test]
        fn yamlish_text_parses_or_is_an_error(text in "(name|pain_points|incentive|cap|  |- |: |\\[|\\]|\"|'|#|\n|\t|x|1){0,60}") {
            let _ = parse::<Seg>(&text, Path::new("x.yaml"), 1);
            let _ = block_sequence_items(&text);
            let _ = value_pos(&text, "name");
        }
    }
}
