//! Markdown to HTML, once per document.
//!
//! Bodies are rendered here once and reused on every page that shows them.
//! The HTML — raw HTML written in the Markdown included — is read by a
//! standards HTML5 parser and written back canonical (`content::html`), and
//! what has no place on a page (scripts, script links) is refused with its
//! line. Product links inside are left as the author wrote them: tracking
//! is applied to the finished page (see `track::rewrite`), so a link
//! reaches the page tracked however it got there.
//!
//! Every heading gets an `id` — its own (`## Results {#results}`) or the
//! slug of its text, made unique in the document — so that a link can name
//! a part of a case study (`/customers/ledgerly/#results`), and the build
//! can check that the part exists (`render::reach`).

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

use super::html::{Origin, normalize};
use crate::diag::Diagnostic;
use crate::mark;

/// A document as HTML: as it is published, and with every link and raw
/// tag marked with where it was written (see `mark`), for a page with a
/// problem rendered again to say where.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub marked: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// `events` with an `id` on every heading that has none: the slug of its
/// text, with `-2`, `-3`... when the document has it already.
fn with_heading_ids<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out: Vec<Event<'a>> = Vec::new();
    let mut used = std::collections::HashSet::new();
    // Where the open heading's start is in `out`, and its text so far.
    let mut open: Option<(usize, String)> = None;
    for event in events {
        match &event {
            Event::Start(Tag::Heading { id, .. }) => {
                if let Some(id) = id {
                    used.insert(id.to_string());
                }
                open = Some((out.len(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = open.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, text)) = open.take()
                    && let Event::Start(Tag::Heading { id, .. }) = &mut out[at]
                    && id.is_none()
                {
                    let slug = crate::slug::slugify(&text, "en");
                    let stem = if slug.is_empty() {
                        "section".to_string()
                    } else {
                        slug
                    };
                    let mut unique = stem.clone();
                    let mut n = 1;
                    while used.contains(&unique) {
                        n += 1;
                        unique = format!("{stem}-{n}");
                    }
                    used.insert(unique.clone());
                    *id = Some(unique.into());
                }
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// The whole document as canonical HTML, or what in it cannot be published.
pub fn to_html(md: &str, origin: &Origin) -> Result<Rendered, Vec<Diagnostic>> {
    let html = normalize(&raw_html(md, None), origin)?;
    let marked = normalize(&raw_html(md, Some(origin)), origin).unwrap_or_else(|_| html.clone());
    Ok(Rendered { html, marked })
}

/// The first paragraph as canonical HTML (without the `<p>`), for cards and
/// excerpts.
pub fn first_paragraph_html(md: &str, origin: &Origin) -> Result<Rendered, Vec<Diagnostic>> {
    let html = normalize(&raw_first_paragraph(md, None), origin)?;
    let marked =
        normalize(&raw_first_paragraph(md, Some(origin)), origin).unwrap_or_else(|_| html.clone());
    Ok(Rendered { html, marked })
}

/// The document's events; with `marked`, every link and raw tag carries
/// where it was written in `marked`'s file.
fn events<'a>(md: &'a str, marked: Option<&'a Origin>) -> impl Iterator<Item = Event<'a>> {
    let mut state = mark::State::default();
    Parser::new_ext(md, options())
        .into_offset_iter()
        .map(move |(event, range)| {
            let Some(origin) = marked else {
                return event;
            };
            let place = |at: usize| {
                let (line, col) = origin.place_of(md, at);
                mark::place(origin.file, line, col)
            };
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                }) => {
                    // The place of the URL as written, as a link's errors
                    // name it.
                    let at = md
                        .get(range.clone())
                        .and_then(|r| r.find(&*dest_url))
                        .map_or(range.start, |o| range.start + o);
                    let mut tag = String::from("<a href=\"");
                    if link_type == LinkType::Email {
                        tag.push_str("mailto:");
                    }
                    let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest_url);
                    if !title.is_empty() {
                        tag.push_str("\" title=\"");
                        let _ = pulldown_cmark_escape::escape_html(&mut tag, &title);
                    }
                    tag.push_str("\" ");
                    tag.push_str(mark::MARK);
                    tag.push_str("=\"");
                    tag.push_str(&html_escape::encode_double_quoted_attribute(&place(at)));
                    tag.push_str("\">");
                    Event::InlineHtml(CowStr::from(tag))
                }
                Event::Html(text) | Event::InlineHtml(text) => {
                    let from = md
                        .get(range.clone())
                        .and_then(|r| r.find(&*text))
                        .map(|o| range.start + o);
                    let marked = mark::tags(&text, false, &mut state, |off| {
                        place(from.map_or(range.start, |f| f + off))
                    });
                    Event::InlineHtml(CowStr::from(marked))
                }
                other => other,
            }
        })
}

/// The document as pulldown-cmark writes it, raw HTML passed through.
fn raw_html(md: &str, marked: Option<&Origin>) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, with_heading_ids(events(md, marked)).into_iter());
    out
}

fn raw_first_paragraph(md: &str, marked: Option<&Origin>) -> String {
    let mut depth = 0usize;
    let mut started = false;
    let events = events(md, marked).filter_map(|e| {
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

    fn origin(md: &str) -> Origin<'_> {
        Origin {
            file: std::path::Path::new("x.md"),
            text: md,
            from: 0,
        }
    }

    fn to_html(md: &str) -> String {
        super::to_html(md, &origin(md)).unwrap().html
    }

    fn first_paragraph_html(md: &str) -> String {
        super::first_paragraph_html(md, &origin(md)).unwrap().html
    }

    #[test]
    fn the_marked_document_says_where_each_link_and_tag_was_written() {
        let md = "# Hi\n\nSee [pricing](https://acme.example/p \"Plans\") and\n<a href=\"/x/\">raw</a> <mailto:a@b.example>.\n";
        let r = super::to_html(md, &origin(md)).unwrap();
        let marks: Vec<&str> = r
            .marked
            .split(r#"data-tailor-at=""#)
            .skip(1)
            .map(|rest| &rest[..rest.find('"').unwrap()])
            .collect();
        assert_eq!(
            marks,
            ["x.md:3:15", "x.md:4:1", "x.md:4:24"],
            "{}",
            r.marked
        );
        // Published, the same without the marks.
        let mut stripped = r.marked.clone();
        for m in marks {
            stripped = stripped.replace(&format!(" data-tailor-at=\"{m}\""), "");
        }
        assert_eq!(stripped, r.html);
        assert!(!r.html.contains("data-tailor-at"));
    }

    #[test]
    fn renders_markdown() {
        let html = to_html("# Hi\n\nSome *text* with [a link](https://app.acme.example/signup).\n");
        assert!(html.contains("<h1 id=\"hi\">Hi</h1>"));
        assert!(html.contains("<a href=\"https://app.acme.example/signup\">a link</a>"));
    }

    #[test]
    fn headings_have_ids_a_link_can_name() {
        let html = to_html(
            "## Results\n\n## The `API` à la carte\n\n## Results\n\n## Own {#mine}\n\n## Mine\n\n## ???\n",
        );
        assert_eq!(
            html,
            "<h2 id=\"results\">Results</h2>\n<h2 id=\"the-api-a-la-carte\">The <code>API</code> à la carte</h2>\n<h2 id=\"results-2\">Results</h2>\n<h2 id=\"mine\">Own</h2>\n<h2 id=\"mine-2\">Mine</h2>\n<h2 id=\"section\">???</h2>\n"
        );
    }

    #[test]
    fn first_paragraph_only() {
        let md = "## Heading\n\nFirst *para*.\n\nSecond para.\n";
        assert_eq!(first_paragraph_html(md), "First <em>para</em>.");
        assert_eq!(first_paragraph_html(""), "");
        // Raw HTML opened in the first paragraph is closed in the excerpt.
        assert_eq!(
            first_paragraph_html("<span>one\n\ntwo</span>"),
            "<span>one</span>"
        );
    }

    #[test]
    fn script_links_in_markdown_are_refused_at_their_line() {
        let md = "One\n\n[go](javascript:alert(1))\n";
        let errors = super::to_html(md, &origin(md)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].col), (Some(3), Some(6)));
    }
}
