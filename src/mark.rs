//! Where each element of a page was written.
//!
//! The link pass reads finished pages, where a link from a template, a
//! Markdown body and an affiliate's note look alike. To say where a link
//! that is wrong was written — the file, line and column the parser that
//! read it saw, never a search of the site's files for its text — a page
//! with a problem is rendered once more from sources whose elements carry
//! their place in a [`MARK`] attribute (`data-tailor-at="file:line:col"`):
//! every start tag of every template, every link and raw tag of every
//! Markdown body, every link of a note (see `render::locate`). Only that
//! second rendering has marks; no published page ever does.

use std::path::{Path, PathBuf};

/// The attribute that says where an element was written.
pub const MARK: &str = "data-tailor-at";

/// Elements whose content is text to the HTML tokenizer: a tag inside is
/// no element, and gets no mark.
const RAW: [&str; 9] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// `file:line:col`, as a mark holds it.
pub fn place(file: &Path, line: usize, col: usize) -> String {
    format!("{}:{line}:{col}", file.to_string_lossy().replace('\\', "/"))
}

/// A mark's file, line and column.
pub fn parse(mark: &str) -> Option<(PathBuf, usize, usize)> {
    let mut parts = mark.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next().filter(|f| !f.is_empty())?;
    Some((PathBuf::from(file), line, col))
}

/// Where a run of [`tags`] calls over consecutive pieces of one document
/// is: inside the text of a raw-text element, or not.
#[derive(Debug, Default, Clone)]
pub struct State {
    raw: Option<String>,
}

/// `text` with a mark after the name of every start tag, its place given
/// by `place(offset of the tag's '<' in text)`. With `tera`, `text` is a
/// template: `{{ … }}`, `{% … %}` and `{# … #}` are stepped over, in text
/// and in tags alike. Comments, end tags and the content of raw-text
/// elements are left as they are.
pub fn tags(
    text: &str,
    tera: bool,
    state: &mut State,
    mut place: impl FnMut(usize) -> String,
) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(name) = &state.raw {
            match find_end_tag(bytes, i, name) {
                Some(at) => {
                    state.raw = None;
                    i = at;
                }
                None => break,
            }
        }
        let Some(off) = bytes[i..]
            .iter()
            .position(|&b| b == b'<' || (tera && b == b'{'))
        else {
            break;
        };
        i += off;
        if bytes[i] == b'{' {
            i = tera_end(bytes, i).unwrap_or(i + 1);
            continue;
        }
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, i + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if !rest.get(1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_end = i
            + 1
            + rest[1..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b':'))
                .unwrap_or(rest.len() - 1);
        out.push_str(&text[copied..name_end]);
        out.push(' ');
        out.push_str(MARK);
        out.push_str("=\"");
        out.push_str(&html_escape::encode_double_quoted_attribute(&place(i)));
        out.push('"');
        copied = name_end;
        let name = text[i + 1..name_end].to_ascii_lowercase();
        let (end, self_closing) = tag_end(bytes, name_end, tera);
        if !self_closing && RAW.contains(&name.as_str()) {
            state.raw = Some(name);
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Where the Tera construct opening at `at` ends, if one does.
fn tera_end(bytes: &[u8], at: usize) -> Option<usize> {
    let close: &[u8] = match bytes.get(at + 1)? {
        b'{' => b"}}",
        b'%' => b"%}",
        b'#' => b"#}",
        _ => return None,
    };
    find(bytes, at + 2, close).map(|e| e + 2)
}

/// The end of a tag whose name ends at `from` (after its `>`), quotes and
/// Tera constructs stepped over; and whether it closes itself.
fn tag_end(bytes: &[u8], from: usize, tera: bool) -> (usize, bool) {
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        if tera
            && b == b'{'
            && let Some(end) = tera_end(bytes, i)
        {
            i = end;
            continue;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return (i + 1, i > from && bytes[i - 1] == b'/'),
            None => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| from + p)
}

/// The start of `</name` (any case) at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(p) = find(bytes, at, b"</") {
        if bytes
            .get(p + 2..p + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
        {
            return Some(p);
        }
        at = p + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, tera: bool) -> String {
        tags(text, tera, &mut State::default(), |at| format!("t:{at}"))
    }

    #[test]
    fn every_start_tag_is_marked_and_nothing_else() {
        assert_eq!(
            marked(
                r#"<a href="/x">x</a><br/><!-- <a href=y> --><p title="<b>">t</p>"#,
                false
            ),
            r#"<a data-tailor-at="t:0" href="/x">x</a><br data-tailor-at="t:18"/><!-- <a href=y> --><p data-tailor-at="t:42" title="<b>">t</p>"#
        );
        // Raw text holds no element, whatever it looks like.
        assert_eq!(
            marked(
                "<script>var a = '<a href=x>';</script><textarea><a></textarea><i>",
                false
            ),
            "<script data-tailor-at=\"t:0\">var a = '<a href=x>';</script><textarea data-tailor-at=\"t:38\"><a></textarea><i data-tailor-at=\"t:62\">"
        );
    }

    #[test]
    fn templates_keep_their_tera() {
        assert_eq!(
            marked(
                r#"{% if x %}<a href="{{ u | default(value='<b>') }}"{{ attrs }}>{# <i> #}</a>{% endif %}<{{ tag }}>"#,
                true
            ),
            r#"{% if x %}<a data-tailor-at="t:10" href="{{ u | default(value='<b>') }}"{{ attrs }}>{# <i> #}</a>{% endif %}<{{ tag }}>"#
        );
    }

    #[test]
    fn pieces_of_one_document_share_their_state() {
        let mut state = State::default();
        let first = tags("<textarea>", false, &mut state, |at| format!("a:{at}"));
        let second = tags("<a href=x></textarea><b>", false, &mut state, |at| {
            format!("b:{at}")
        });
        assert_eq!(first, "<textarea data-tailor-at=\"a:0\">");
        assert_eq!(second, "<a href=x></textarea><b data-tailor-at=\"b:21\">");
    }

    #[test]
    fn a_place_reads_back() {
        let p = place(Path::new("themes/default/templates/base.html"), 12, 5);
        assert_eq!(p, "themes/default/templates/base.html:12:5");
        assert_eq!(
            parse(&p),
            Some((PathBuf::from("themes/default/templates/base.html"), 12, 5))
        );
        assert_eq!(parse("x:1"), None);
    }
}
