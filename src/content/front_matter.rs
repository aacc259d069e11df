//! Splits a Markdown file into its YAML front matter and its body.
//!
//! The front matter sits between a first line `---` and the next line that is
//! `---` (or `...`). The line numbers of both parts are kept so YAML errors
//! point at the real line of the file.

/// A Markdown file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
}

/// Why a file could not be split, with the 1-based line to point at.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    NoOpening,
    NotClosed { opened_at: usize },
}

/// `text` must already have `\n` line endings and no byte-order mark.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
        .ok_or(SplitError::NoOpening)?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n').trim_end();
        if bare == "---" || bare == "..." {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(SplitError::NotClosed { opened_at: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let s = split("---\ntitle: x\n---\nHello\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "Hello\n");
    }

    #[test]
    fn empty_body_and_dots_terminator() {
        assert_eq!(split("---\na: 1\n...").unwrap().body, "");
        assert_eq!(split("---\n---\n").unwrap().yaml, "");
    }

    #[test]
    fn errors() {
        assert_eq!(split("title: x\n"), Err(SplitError::NoOpening));
        assert_eq!(
            split("---\ntitle: x\n"),
            Err(SplitError::NotClosed { opened_at: 1 })
        );
        assert_eq!(split(""), Err(SplitError::NoOpening));
    }

    #[test]
    fn a_dash_rule_inside_yaml_values_is_not_a_terminator() {
        let s = split("---\ntitle: \"---\"\n---\nbody").unwrap();
        assert_eq!(s.yaml, "title: \"---\"\n");
    }

    proptest::proptest! {
        /// Whatever the text, splitting does not panic, and what it finds
        /// is the text it was given, in order.
        #[test]
        fn splitting_never_panics_and_loses_nothing(text in "(---\n)?[-a-z: \n.]{0,80}(---\n)?[a-z \n]{0,40}") {
            if let Ok(s) = split(&text) {
                proptest::prop_assert!(text.contains(s.yaml));
                proptest::prop_assert!(text.ends_with(s.body));
                proptest::prop_assert!(text.len() >= s.yaml.len() + s.body.len() + 4);
            }
        }

        #[test]
        fn any_text_is_split_or_refused(text in "\\PC{0,200}") {
            let _ = split(&text);
        }
    }
}
