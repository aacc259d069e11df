//! The pass over every finished page that enforces the tracking rules.
//!
//! Templates and Markdown may write product links any way they like; this
//! pass finds every `<a href>` and `<area href>` and gives it exactly what
//! the page requires. A link's placement (`utm_content`) comes from the
//! nearest enclosing element's `data-placement` attribute — a theme marks
//! its regions (`<header data-placement="hero">`) — or is already set by
//! `track()`. The `data-placement` attributes are removed from the output.
//!
//! The pass also notes whether an affiliate disclosure (an element with a
//! `data-disclosure` attribute) comes before the first product link, which
//! every affiliate page must show.
//!
//! This is a small purpose-built HTML tokenizer rather than a general
//! rewriter: it runs once per page, and on large sites a general rewriter
//! was half of the build time (see README, "Speed"). It follows the HTML
//! tokenizer where it matters here — comments, doctypes, quoted and
//! unquoted attribute values, raw-text elements like `<script>` — and
//! leaves every byte it does not rewrite as it was.

use memchr::memchr;

use super::{DEFAULT_PLACEMENT, LinkKind, LinkPolicy, PageTracking};

/// A page after the pass.
#[derive(Debug)]
pub struct Rewritten {
    pub html: String,
    pub product_links: usize,
    /// A `data-disclosure` element came before every product link.
    pub disclosed_first: bool,
    /// Links to `javascript:`, `vbscript:` or `data:` URLs, as written.
    pub script_links: Vec<String>,
}

/// An open element carrying a `data-placement`, and how many elements of
/// its name opened inside it are still open.
struct Region {
    tag: String,
    placement: String,
    nested: usize,
}

struct Attr<'a> {
    name: &'a str,
    /// Byte range of the whole attribute, name to end of value.
    span: (usize, usize),
    value: Option<&'a str>,
}

pub fn rewrite_links(
    html: &str,
    policy: &LinkPolicy,
    page: &PageTracking,
) -> Result<Rewritten, String> {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut regions: Vec<Region> = Vec::new();
    let mut disclosed = false;
    let mut disclosed_first = true;
    let mut product_links = 0;
    let mut script_links = Vec::new();
    let mut copied = 0; // bytes of `html` already in `out`
    let mut i = 0;

    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
            i = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
            continue;
        }
        if rest.first() == Some(&b'/') {
            let (name, end) = tag_name(html, lt + 2);
            if name.is_empty() {
                i = lt + 1;
                continue;
            }
            close_region(&mut regions, name);
            i = memchr(b'>', &bytes[end..]).map_or(bytes.len(), |e| end + e + 1);
            continue;
        }
        let (name, mut pos) = tag_name(html, lt + 1);
        if name.is_empty() {
            i = lt + 1;
            continue;
        }
        let kind = TagKind::of(name);
        let is_link = kind == TagKind::Link;
        let void = kind == TagKind::Void || name.eq_ignore_ascii_case("area");
        if !void {
            for r in regions
                .iter_mut()
                .filter(|r| r.tag.eq_ignore_ascii_case(name))
            {
                r.nested += 1;
            }
        }
        // Most tags carry nothing this pass acts on: find their end and move on.
        if !is_link {
            let (end, data) = scan_tag(bytes, pos);
            if !data {
                i = (end + 1).min(bytes.len());
                if kind == TagKind::RawText {
                    i = find_end_tag(bytes, i, name).unwrap_or(bytes.len());
                }
                continue;
            }
        }
        let mut attrs: Vec<Attr> = Vec::new();
        let mut self_closing = false;
        loop {
            while pos < bytes.len() && (bytes[pos].is_ascii_whitespace() || bytes[pos] == b'/') {
                self_closing = bytes[pos] == b'/';
                pos += 1;
            }
            if pos >= bytes.len() || bytes[pos] == b'>' {
                break;
            }
            self_closing = false;
            let start = pos;
            while pos < bytes.len()
                && !bytes[pos].is_ascii_whitespace()
                && !matches!(bytes[pos], b'/' | b'>' | b'=')
            {
                pos += 1;
            }
            if pos == start {
                // A stray `=`: part of no attribute name, skipped like the tokenizer does.
                pos += 1;
                continue;
            }
            let attr_name = &html[start..pos];
            let mut value = None;
            let mut p = skip_ws(bytes, pos);
            if p < bytes.len() && bytes[p] == b'=' {
                p = skip_ws(bytes, p + 1);
                match bytes.get(p) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = memchr(q, &bytes[p + 1..]).map_or(bytes.len(), |e| p + 1 + e);
                        value = Some(&html[p + 1..close]);
                        pos = (close + 1).min(bytes.len());
                    }
                    _ => {
                        let v_start = p;
                        while p < bytes.len() && !bytes[p].is_ascii_whitespace() && bytes[p] != b'>'
                        {
                            p += 1;
                        }
                        value = Some(&html[v_start..p]);
                        pos = p;
                    }
                }
            }
            attrs.push(Attr {
                name: attr_name,
                span: (start, pos),
                value,
            });
        }
        let tag_end = if pos < bytes.len() {
            pos + 1
        } else {
            bytes.len()
        };

        let attr = |n: &str| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(n));
        if attr("data-disclosure").is_some() {
            disclosed = true;
        }
        let placement_attr = attr("data-placement");
        let href = if is_link { attr("href") } else { None };
        // Placement: the element's own, else the nearest region's.
        let own_placement = placement_attr.and_then(|a| a.value).map(decode);
        if let Some(href_attr) = href {
            let raw = href_attr.value.unwrap_or("");
            let decoded = decode(raw);
            if is_script_url(&decoded) {
                script_links.push(decoded.clone());
            }
            let placement = own_placement
                .as_deref()
                .or(regions.last().map(|r| r.placement.as_str()))
                .unwrap_or(DEFAULT_PLACEMENT);
            let (kind, new) = policy.rewrite_classified(&decoded, page, placement);
            if kind == LinkKind::Product {
                product_links += 1;
                if !disclosed {
                    disclosed_first = false;
                }
            }
            if let Some(new) = new {
                out.push_str(&html[copied..href_attr.span.0]);
                out.push_str(href_attr.name);
                out.push_str("=\"");
                out.push_str(&html_escape::encode_double_quoted_attribute(&new));
                out.push('"');
                copied = href_attr.span.1;
            }
        }
        if let Some(p) = placement_attr {
            // Remove the attribute and the whitespace before it.
            let mut from = p.span.0;
            while from > lt && bytes[from - 1].is_ascii_whitespace() {
                from -= 1;
            }
            if from >= copied {
                out.push_str(&html[copied..from]);
                copied = p.span.1;
            }
            if !void && !(self_closing && is_foreign(name)) {
                let tag = name.to_ascii_lowercase();
                regions.push(Region {
                    tag,
                    placement: own_placement.unwrap_or_default(),
                    nested: 0,
                });
            }
        }
        i = tag_end;
        if kind == TagKind::RawText {
            // Skip to the matching end tag; nothing inside is markup.
            i = find_end_tag(bytes, i, name).unwrap_or(bytes.len());
        }
    }
    out.push_str(&html[copied..]);
    Ok(Rewritten {
        html: out,
        product_links,
        disclosed_first,
        script_links,
    })
}

/// A URL that runs or embeds code when followed, read as a browser reads
/// it: leading spaces and controls skipped, tabs and line breaks ignored,
/// any case.
pub fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ':')
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// An end tag closes the innermost region of that name, unless an element
/// of the same name opened inside the region is what it closes.
fn close_region(regions: &mut Vec<Region>, name: &str) {
    if let Some(idx) = regions
        .iter()
        .rposition(|r| r.tag.eq_ignore_ascii_case(name))
    {
        if regions[idx].nested > 0 {
            for r in regions
                .iter_mut()
                .filter(|r| r.tag.eq_ignore_ascii_case(name))
            {
                r.nested = r.nested.saturating_sub(1);
            }
        } else {
            regions.truncate(idx);
        }
    }
}

fn is_foreign(name: &str) -> bool {
    one_of(name, &["svg", "math", "path", "circle", "rect", "g", "use"])
}

/// The tag name starting at `at`, as written, and where it ends. Empty
/// when there is no ASCII letter at `at` (so `<` is text).
fn tag_name(html: &str, at: usize) -> (&str, usize) {
    let bytes = html.as_bytes();
    if !bytes.get(at).is_some_and(u8::is_ascii_alphabetic) {
        return ("", at);
    }
    let mut end = at;
    while end < bytes.len()
        && !bytes[end].is_ascii_whitespace()
        && !matches!(bytes[end], b'/' | b'>')
    {
        end += 1;
    }
    // Tag names are ASCII in practice; a name cut inside a character is no tag we act on.
    (html.get(at..end).unwrap_or(""), end)
}

fn one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Scans a start tag from `from` (after its name) to its `>`, not counting
/// one inside a quoted attribute value (a quote opens a value only right
/// after `=`, as in the HTML tokenizer). Returns where the `>` is
/// (`bytes.len()` when unclosed) and whether the tag has a `data-*`
/// attribute, in any case. One plain loop: tags are short, and this runs
/// for every tag of every page.
fn scan_tag(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut p = from;
    let mut last = 0u8; // the last byte that is not whitespace
    let mut data = false;
    while p < bytes.len() {
        let b = bytes[p];
        match b {
            b'>' => return (p, data),
            b'"' | b'\'' if last == b'=' => {
                match bytes[p + 1..].iter().position(|&c| c == b) {
                    Some(e) => p += e + 2,
                    None => return (bytes.len(), data),
                }
                last = b;
                continue;
            }
            b'-' if p >= from + 4 && bytes[p - 4..p].eq_ignore_ascii_case(b"data") => data = true,
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            last = b;
        }
        p += 1;
    }
    (bytes.len(), data)
}

/// What a tag name means to this pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// `a` and `area`: may carry an `href`.
    Link,
    /// No content and no end tag (so is `area`, a link).
    Void,
    /// Content is text up to the end tag.
    RawText,
    Other,
}

impl TagKind {
    fn of(name: &str) -> TagKind {
        let b = name.as_bytes();
        if b.len() > 8 {
            return TagKind::Other;
        }
        let mut lower = [0u8; 8];
        for (l, c) in lower.iter_mut().zip(b) {
            *l = c.to_ascii_lowercase();
        }
        match &lower[..b.len()] {
            b"a" | b"area" => TagKind::Link,
            b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"link" | b"meta"
            | b"param" | b"source" | b"track" | b"wbr" => TagKind::Void,
            b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
            | b"noframes" => TagKind::RawText,
            _ => TagKind::Other,
        }
    }
}

fn skip_ws(bytes: &[u8], mut p: usize) -> usize {
    while p < bytes.len() && bytes[p].is_ascii_whitespace() {
        p += 1;
    }
    p
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| from + p)
}

/// The start of `</name` (any case) at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(off) = find(bytes, at, b"</") {
        let after = off + 2;
        let candidate = bytes.get(after..after + name.len())?;
        let boundary = bytes
            .get(after + name.len())
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'));
        if candidate.eq_ignore_ascii_case(name.as_bytes()) && boundary {
            return Some(off);
        }
        at = after;
    }
    None
}

fn decode(attr: &str) -> String {
    if attr.contains('&') {
        html_escape::decode_html_entities(attr).into_owned()
    } else {
        attr.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> LinkPolicy {
        LinkPolicy {
            ref_param: "via".into(),
            product_hosts: vec!["app.acme.example".into()],
            base: url::Url::parse("https://partners.acme.example/").unwrap(),
            prepared: Default::default(),
        }
    }

    fn page() -> PageTracking {
        PageTracking {
            code: Some("jane".into()),
            source: "jane".into(),
            medium: "affiliate".into(),
            campaign: "seg".into(),
        }
    }

    fn html(input: &str) -> String {
        rewrite_links(input, &policy(), &page()).unwrap().html
    }

    fn contents(out: &str) -> Vec<&str> {
        out.match_indices("utm_content=")
            .map(|(i, _)| {
                let rest = &out[i + 12..];
                &rest[..rest
                    .find(['"', '&', '#', '\'', ' ', '>'])
                    .unwrap_or(rest.len())]
            })
            .collect()
    }

    #[test]
    fn links_get_the_placement_of_their_region() {
        let input = r#"<header data-placement="hero"><a href="https://app.acme.example/signup">Go</a></header><p><a href="https://app.acme.example/">x</a></p>"#;
        let out = html(input);
        assert_eq!(
            out,
            r#"<header><a href="https://app.acme.example/signup?via=jane&amp;utm_source=jane&amp;utm_medium=affiliate&amp;utm_campaign=seg&amp;utm_content=hero">Go</a></header><p><a href="https://app.acme.example/?via=jane&amp;utm_source=jane&amp;utm_medium=affiliate&amp;utm_campaign=seg&amp;utm_content=link">x</a></p>"#
        );
    }

    #[test]
    fn nested_regions_and_own_placement() {
        let input = r#"<div data-placement="outer"><section data-placement="inner"><a href="https://app.acme.example/">a</a></section><a href="https://app.acme.example/">b</a><a data-placement="own" href="https://app.acme.example/">c</a></div><a href="https://app.acme.example/">d</a>"#;
        assert_eq!(contents(&html(input)), ["inner", "outer", "own", "link"]);
    }

    #[test]
    fn same_name_elements_inside_a_region_do_not_close_it() {
        let input = r#"<div data-placement="r"><div><div></div></div><a href="https://app.acme.example/">in</a></div><a href="https://app.acme.example/">out</a>"#;
        assert_eq!(contents(&html(input)), ["r", "link"]);
    }

    #[test]
    fn attribute_forms() {
        let out = html(
            r#"<A HREF='https://app.acme.example/' class=x>a</A><a class="b" href=https://app.acme.example/?a=1&amp;b=2>b</a><a title="x > y" href="https://app.acme.example/">c</a>"#,
        );
        assert_eq!(contents(&out), ["link", "link", "link"]);
        assert!(out.contains("?a=1&amp;b=2&amp;via=jane"), "{out}");
        assert!(out.contains(r#"title="x > y""#));
    }

    #[test]
    fn comments_scripts_and_text_are_not_markup() {
        let input = r#"<!-- <a href="https://app.acme.example/">no</a> --><script>var s = '<a href="https://app.acme.example/">';</script><style>a[href]{}</style><p>1 < 2 and <3</p><textarea><a href="https://app.acme.example/"></textarea>"#;
        assert_eq!(html(input), input);
        assert_eq!(
            rewrite_links(input, &policy(), &page())
                .unwrap()
                .product_links,
            0
        );
    }

    #[test]
    fn escaped_hrefs_are_decoded_before_tracking() {
        let out = html(r#"<a href="https://app.acme.example/?a=1&amp;via=evil">x</a>"#);
        assert!(out.contains("?a=1&amp;via=jane&amp;"), "{out}");
        assert!(!out.contains("evil"));
    }

    #[test]
    fn other_links_are_untouched_and_bytes_kept() {
        let input = "<!doctype html>\n<a href=\"https://example.org/?utm_source=x\">x</a><a href=\"mailto:a@b.c\">m</a><a name=top>t</a><br/>ünïcode";
        assert_eq!(html(input), input);
    }

    #[test]
    fn internal_links_lose_utm_parameters() {
        assert_eq!(
            html(r#"<a href="/for/x/?utm_source=a&amp;q=1">x</a>"#),
            r#"<a href="/for/x/?q=1">x</a>"#
        );
    }

    #[test]
    fn placement_attributes_are_removed() {
        assert_eq!(
            html(r#"<section class="a" data-placement="hero" id="b">x</section>"#),
            r#"<section class="a" id="b">x</section>"#
        );
        assert_eq!(html("<div\n  data-placement=x>y</div>"), "<div>y</div>");
    }

    #[test]
    fn notes_a_disclosure_before_the_first_product_link() {
        let link = r#"<a href="https://app.acme.example/">x</a>"#;
        let first = format!("<p data-disclosure>Partner link</p>{link}{link}");
        let r = rewrite_links(&first, &policy(), &page()).unwrap();
        assert_eq!((r.product_links, r.disclosed_first), (2, true));
        let late = format!("{link}<p data-disclosure>Partner link</p>{link}");
        assert!(
            !rewrite_links(&late, &policy(), &page())
                .unwrap()
                .disclosed_first
        );
    }

    #[test]
    fn tag_ends_skip_quoted_values_only() {
        let t = |s: &str| scan_tag(s.as_bytes(), 0).0;
        let data = |s: &str| scan_tag(s.as_bytes(), 0).1;
        assert_eq!(t(r#" title="a > b">"#), 14);
        assert_eq!(t(" title='a > b'>"), 14);
        assert_eq!(t(r#" a"b>c">"#), 4);
        assert_eq!(t(r#" a = "x>y">"#), 10);
        assert_eq!(t(r#" a="unclosed>"#), 13);
        assert!(data(" DATA-placement=x>"));
        assert!(data(" data-x>"));
        assert!(data(" class=\"x\" data-disclosure>"));
        assert!(!data(" dat a->"));
        assert!(!data(" class=\"a-b data-c\">"));
        assert_eq!(TagKind::of("AREA"), TagKind::Link);
        assert_eq!(TagKind::of("Script"), TagKind::RawText);
        assert_eq!(TagKind::of("img"), TagKind::Void);
        assert_eq!(TagKind::of("section"), TagKind::Other);
    }

    #[test]
    fn uppercase_attributes_are_seen() {
        let out =
            html(r#"<DIV DATA-PLACEMENT="up"><a HREF="https://app.acme.example/">x</a></DIV>"#);
        assert_eq!(contents(&out), ["up"]);
    }

    #[test]
    fn script_links_are_noticed() {
        let r = rewrite_links(
            "<a href=\"javascript:alert(1)\">a</a><a href=' JaVa&#x09;Script:x'>b</a><a href=\"data:text/html,x\">c</a><a href=\"/javascript-guide/\">d</a>",
            &policy(),
            &page(),
        )
        .unwrap();
        assert_eq!(r.script_links.len(), 3, "{:?}", r.script_links);
        assert!(!is_script_url("https://example.com/javascript:"));
        assert!(!is_script_url("/data:x"));
    }

    #[test]
    fn truncated_input_does_not_panic() {
        for input in [
            "<a href=\"https://app.acme.example/",
            "<a",
            "<",
            "<!--",
            "<script>",
            "<a href='x' data-placement=",
            "</",
            "<a =x>",
        ] {
            let _ = html(input);
        }
    }

    proptest::proptest! {
        /// Any HTML, well formed or not, is processed without a panic, and
        /// processing it again changes nothing.
        #[test]
        fn any_html_is_processed_and_the_pass_is_idempotent(html in "(<a href=\"https://app.acme.example/[a-z?=&#]{0,12}\">|<a href='/x?utm_source=y'>|</a>|<div data-placement=\"[a-z]{1,5}\">|</div>|<script>|</script>|<!--|-->|<p data-disclosure>|[a-z <>\"'=&;/]){0,40}") {
            let once = rewrite_links(&html, &policy(), &page()).unwrap();
            let twice = rewrite_links(&once.html, &policy(), &page()).unwrap();
            proptest::prop_assert_eq!(&once.html, &twice.html);
        }

        /// A page without links or placements comes out byte for byte.
        #[test]
        fn pages_without_links_are_untouched(html in "[^<]{0,50}(<(p|div|span|em) class=\"[a-z ]{0,8}\">[^<]{0,20}</(p|div|span|em)>){0,5}") {
            proptest::prop_assert_eq!(rewrite_links(&html, &policy(), &page()).unwrap().html, html);
        }
    }
}
