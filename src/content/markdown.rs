//! Markdown to HTML, once per document.
//!
//! Bodies are rendered here once and reused on every page that shows them.
//! Product links inside them are left as the author wrote them: tracking is
//! applied to the finished page (see `track::rewrite`), so a link reaches the
//! page tracked however it got there.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The whole document as HTML.
pub fn to_html(md: &str) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, options()));
    out
}

/// The first paragraph as HTML (without the `<p>`), for cards and excerpts.
pub fn first_paragraph_html(md: &str) -> String {
    let mut depth = 0usize;
    let mut started = false;
    let events = Parser::new_ext(md, options()).filter_map(|e| {
        match &e {
            Event::Start(Tag::Paragraph) if !started && depth == 0 => {
                started = true;
                return None;
            }
            Event::End(TagEnd::Paragraph) if started && depth == 0 => {
                started = false;
                depth = usize::MAX;
                return None;
            }
            _ => {}
        }
        (started && depth == 0).then_some(e)
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        let html = to_html("# Hi\n\nSome *text* with [a link](https://app.acme.example/signup).\n");
        assert!(html.contains("<h1>Hi</h1>"));
        assert!(html.contains("<a href=\"https://app.acme.example/signup\">a link</a>"));
    }

    #[test]
    fn first_paragraph_only() {
        let md = "## Heading\n\nFirst *para*.\n\nSecond para.\n";
        assert_eq!(first_paragraph_html(md), "First <em>para</em>.");
        assert_eq!(first_paragraph_html(""), "");
    }
}
