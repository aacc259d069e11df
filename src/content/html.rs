//! HTML in content, read once per document by a standards HTML5 parser.
//!
//! Markdown lets authors write raw HTML, and a browser reads raw HTML by
//! the HTML5 parsing rules, which are full of corners (abrupt comments,
//! misnested tags, foreign content). Every document's HTML goes through
//! html5ever once, at load time, and is written back out as canonical
//! markup: what reaches the link pass on every page is exactly what a
//! browser will build, with nothing left for a hand-written tokenizer to
//! misread. On the way, what has no place in a partner page is refused with
//! its line: scripts, event-handler attributes, script URLs, `<base>` and
//! refreshes (which would send visitors elsewhere), and frames with inline
//! documents.

use std::path::Path;

use scraper::Html;
use scraper::node::Node;

use crate::diag::Diagnostic;
use crate::urls::is_script_url;

/// Where a piece of HTML was written: the file, its whole text and where
/// the document starts in it, to point errors at the right line.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// Byte offset in `text` where the document (or its field) starts.
    pub from: usize,
}

impl<'a> Origin<'a> {
    /// The line and column of the first `needle` (any case) at or after
    /// the document's start, or of the start itself.
    pub fn locate(&self, needle: &str) -> (usize, usize) {
        let lower_text = self.text.to_lowercase();
        // Lowercasing keeps byte offsets for ASCII needles in ASCII or
        // UTF-8 text only when lengths match; fall back to the start.
        let at = if lower_text.len() == self.text.len() {
            lower_text
                .get(self.from..)
                .and_then(|t| t.find(&needle.to_lowercase()))
                .map(|i| i + self.from)
        } else {
            self.text
                .get(self.from..)
                .and_then(|t| t.find(needle))
                .map(|i| i + self.from)
        };
        line_col(self.text, at.unwrap_or(self.from))
    }

    /// The line and column of byte `at` of `value`, this origin's
    /// document (a Markdown body, a YAML field's value). A body that
    /// stands in the file as written maps straight; a value the parser
    /// unfolded (a block scalar, without its indentation) is found by its
    /// line's text, the same occurrence of it as in the value.
    pub fn place_of(&self, value: &str, at: usize) -> (usize, usize) {
        if self.text.get(self.from..self.from + value.len()) == Some(value) {
            return line_col(self.text, self.from + at);
        }
        let rest = value.get(at..).unwrap_or("");
        let line = rest.split('\n').next().unwrap_or("");
        let mut end = line.len().min(60);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        let needle = &line[..end];
        if needle.trim().is_empty() {
            return line_col(self.text, self.from);
        }
        let before = value[..value.floor_char_boundary(at)]
            .matches(needle)
            .count();
        let found = self
            .text
            .get(self.from..)
            .and_then(|t| t.match_indices(needle).nth(before))
            .map(|(i, _)| self.from + i);
        line_col(self.text, found.unwrap_or(self.from))
    }

    fn error(&self, needle: &str, message: String, hint: &str) -> Diagnostic {
        let (line, col) = self.locate(needle);
        Diagnostic::error(self.file, message)
            .at(line, col)
            .hint(hint)
    }
}

/// 1-based line and column (in characters) of byte `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..text.floor_char_boundary(at)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Attributes whose value is a URL a browser loads or follows.
const URL_ATTRIBUTES: [&str; 10] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "srcset",
    "ping",
];

/// `html` as a standards parser reads it, written back as canonical markup;
/// or every construct in it that has no place on a partner page.
pub fn normalize(html: &str, origin: &Origin) -> Result<String, Vec<Diagnostic>> {
    if !html.contains('<') && !html.contains('&') {
        return Ok(html.to_string());
    }
    let fragment = Html::parse_fragment(html);
    let mut problems = Vec::new();
    for node in fragment.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let name = &*el.name.local;
        let is_html = &*el.name.ns == "http://www.w3.org/1999/xhtml";
        match name {
            "script" => problems.push(origin.error(
                "<script",
                "a <script> element in content".into(),
                "content may not run scripts; remove it (tailor adds its own first-party script to every page)",
            )),
            "base" if is_html => problems.push(origin.error(
                "<base",
                "a <base> element in content, which would change where every link of the page goes".into(),
                "remove it",
            )),
            "meta" if is_html => problems.push(origin.error(
                "<meta",
                "a <meta> element in content".into(),
                "remove it: a refresh or redirect in a page body sends visitors away from the page, without their referral",
            )),
            "iframe" | "frame" if el.attr("srcdoc").is_some() => problems.push(origin.error(
                "srcdoc",
                "a frame with an inline document (srcdoc) in content".into(),
                "remove it: its links and scripts escape every check",
            )),
            _ => {}
        }
        for (qual, value) in &el.attrs {
            let attr = &*qual.local;
            if attr.len() > 2 && attr[..2].eq_ignore_ascii_case("on") {
                problems.push(origin.error(
                    attr,
                    format!("the event-handler attribute {attr}=\"…\" on a <{name}> in content"),
                    "content may not run scripts; remove the attribute",
                ));
            } else if URL_ATTRIBUTES.contains(&attr) && is_script_url(value) {
                // A picture may be inline data; anything followed or run may not.
                let inline_picture = (name == "img" || name == "source")
                    && matches!(attr, "src" | "srcset")
                    && value
                        .trim_start()
                        .get(..11)
                        .is_some_and(|s| s.eq_ignore_ascii_case("data:image/"));
                if !inline_picture {
                    let needle: String = value.trim().chars().take(30).collect();
                    problems.push(origin.error(
                        &needle,
                        format!("a link to {}", crate::diag::quoted(value.trim())),
                        "tailor publishes no javascript:, vbscript: or data: links; remove this one",
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        problems.dedup();
        return Err(problems);
    }
    Ok(fragment.root_element().inner_html())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> Origin<'_> {
        Origin {
            file: Path::new("content/case-studies/x.md"),
            text,
            from: 0,
        }
    }

    fn ok(html: &str) -> String {
        normalize(html, &origin(html)).unwrap()
    }

    fn errors(text: &str) -> Vec<String> {
        normalize(text, &origin(text))
            .unwrap_err()
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn markup_comes_out_as_a_browser_builds_it() {
        assert_eq!(ok("<p>plain</p>\n"), "<p>plain</p>\n");
        assert_eq!(ok("<!--><a href=x>a</a>"), "<!----><a href=\"x\">a</a>");
        assert_eq!(
            ok("<svg><path d=\"x\"/><a href=\"https://app.acme.example/\"/>t</svg>"),
            "<svg><path d=\"x\"></path><a href=\"https://app.acme.example/\"></a>t</svg>"
        );
        assert_eq!(ok("<p>a<div>b</p>"), "<p>a</p><div>b<p></p></div>");
        assert_eq!(ok("no markup & no tags"), "no markup &amp; no tags");
        assert_eq!(ok("just text"), "just text");
    }

    #[test]
    fn scripts_handlers_and_script_urls_are_refused_at_their_line() {
        let text = "Intro\n\n<p>x</p>\n<SCRIPT>alert(1)</SCRIPT>\n<img src=x onerror=\"alert(1)\">\n<a href=\" JaVaScript:alert(1)\">x</a>\n";
        assert_eq!(
            errors(text),
            [
                "content/case-studies/x.md:4:1: a <script> element in content — content may not run scripts; remove it (tailor adds its own first-party script to every page)",
                "content/case-studies/x.md:5:12: the event-handler attribute onerror=\"…\" on a <img> in content — content may not run scripts; remove the attribute",
                "content/case-studies/x.md:6:11: a link to \"JaVaScript:alert(1)\" — tailor publishes no javascript:, vbscript: or data: links; remove this one",
            ]
        );
        assert_eq!(errors("<base href=\"https://evil.example/\">").len(), 1);
        assert_eq!(
            errors("<meta http-equiv=refresh content=\"0;url=x\">").len(),
            1
        );
        assert_eq!(errors("<iframe srcdoc=\"x\"></iframe>").len(), 1);
        assert_eq!(errors("<form action=\"javascript:x\"></form>").len(), 1);
        assert_eq!(
            errors("<svg><a xlink:href=\"javascript:x\">x</a></svg>").len(),
            1
        );
    }

    #[test]
    fn inline_pictures_are_allowed() {
        ok("<img src=\"data:image/png;base64,iVBOR\" alt=\"\">");
    }

    #[test]
    fn positions_count_from_the_document() {
        let text = "---\ntitle: <script>\n---\nbody <script>x</script>\n";
        let o = Origin {
            file: Path::new("x.md"),
            text,
            from: text.find("body").unwrap(),
        };
        assert_eq!(o.locate("<script"), (4, 6));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é\nx", 3), (2, 1));
    }
}
