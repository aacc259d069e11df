//! The pass over every finished page that enforces the tracking rules.
//!
//! Templates and Markdown may write product links any way they like; this
//! pass finds every link a browser follows — `<a href>` and `<area href>`,
//! and `<a href>` / `<a xlink:href>` inside SVG — and gives it exactly what
//! the page requires. A link's placement (`utm_content`) comes from the
//! nearest enclosing element's `data-placement` attribute — a theme marks
//! its regions (`<header data-placement="hero">`) — or is already set by
//! `track()`. The `data-placement` attributes are removed from the output.
//! Product URLs the pass cannot put a code on — a form's `action`, a
//! button's `formaction`, a `<meta http-equiv=refresh>`, a `<base>` — are
//! reported, as is every link that would lose its credit (see `lint`).
//!
//! The pass also notes whether an affiliate disclosure (an element with a
//! `data-disclosure` attribute) comes before the first product link, which
//! every affiliate page must show.
//!
//! This is a small purpose-built HTML tokenizer rather than a general
//! rewriter: it runs once per page, and on large sites a general rewriter
//! was half of the build time (see docs/benchmarks.md, "Where the time
//! went"). It follows the HTML tokenizer where a misreading would hide a link: comments (abrupt ones
//! like `<!-->` included), bogus comments, doctypes, quoted and unquoted
//! attribute values, self-closing syntax, raw-text and RCDATA elements, the
//! escaped states of script data, and the foreign content of `<svg>` and
//! `<math>` (no raw text, self-closing elements, CDATA sections, HTML
//! integration points, the tags that break out of it). It leaves every byte
//! it does not rewrite as it was. Content reaches it already normalised by
//! a standards HTML5 parser (`content::html`), and every kind of page is
//! checked against one at build time (`render::verify`), so a construct
//! this reading gets wrong is an error, never a silently uncredited link.

use memchr::memchr;

use super::script::product_urls;
use super::{DEFAULT_PLACEMENT, Finding, FindingKind, LinkKind, LinkPolicy, PageTracking};
pub use crate::mark::MARK;
use crate::urls::is_script_url;

/// A page after the pass.
#[derive(Debug)]
pub struct Rewritten {
    pub html: String,
    pub product_links: usize,
    /// A `data-disclosure` element came before every product link.
    pub disclosed_first: bool,
    /// Links that lose credit, each once.
    pub findings: Vec<Finding>,
    /// Links to the site's own pages (relative, root-relative, on its
    /// host) and bare fragments, as the page has them after the pass, in
    /// order; for the check that each reaches something (see
    /// `render::reach`).
    pub internal: Vec<String>,
    /// The `id` of every element, in order.
    pub ids: Vec<String>,
    /// The first `<base href>`, as written: relative links resolve
    /// against it, not against the page.
    pub base: Option<String>,
    /// On a page read with [`Reading::marked`], where each of `internal`
    /// was written, in the same order.
    pub internal_at: Vec<Option<String>>,
}

/// How to read one page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reading<'a> {
    /// The page may have SVG or MathML: the pass then tracks where foreign
    /// content ends (see [`has_foreign_content`]).
    pub foreign: bool,
    /// tailor's own inline script on this page, which holds no link: a
    /// script element with exactly this text is not searched.
    pub own_script: &'a str,
    /// The page was rendered to be located: findings and internal links
    /// say where their element was written ([`MARK`]).
    pub marked: bool,
}

/// An open element carrying a `data-placement`, and how many elements of
/// its name opened inside it are still open.
#[derive(Clone)]
struct Region {
    tag: String,
    placement: String,
    nested: usize,
}

#[derive(Debug)]
struct Attr<'a> {
    name: &'a str,
    /// Byte range of the whole attribute, name to end of value.
    span: (usize, usize),
    value: Option<&'a str>,
}

/// Which rules the parser follows where the tokenizer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    Html,
    /// Inside `<svg>` or `<math>`: no raw text, self-closing elements.
    Svg,
    Math,
}

impl Ns {
    fn foreign(self) -> bool {
        self != Ns::Html
    }
}

/// An element open at this point of the page, and its namespace.
#[derive(Debug, Clone, Copy)]
struct Open {
    name: Name,
    ns: Ns,
}

impl Open {
    /// SVG and MathML elements whose content is read as HTML again.
    fn integration_point(&self) -> bool {
        match self.ns {
            Ns::Svg => self.name.is(SVG_IP),
            Ns::Math => self.name.is(MATH_IP),
            Ns::Html => false,
        }
    }
}

#[cfg(test)]
pub fn rewrite_links(
    html: &str,
    policy: &LinkPolicy,
    page: &PageTracking,
) -> Result<Rewritten, String> {
    let reading = Reading {
        foreign: has_foreign_content(html.as_bytes()),
        ..Reading::default()
    };
    rewrite_links_with(html, policy, page, &reading)
}

/// [`rewrite_links`] for a page read as `reading` says: one the caller
/// knows has, or cannot have, SVG or MathML is read without tracking where
/// foreign content ends.
pub fn rewrite_links_with(
    html: &str,
    policy: &LinkPolicy,
    page: &PageTracking,
    reading: &Reading,
) -> Result<Rewritten, String> {
    let foreign = reading.foreign;
    let mut pass = Pass {
        html,
        policy,
        page,
        reading: *reading,
        base: None,
        internal_at: Vec::new(),
        out: String::with_capacity(html.len() + html.len() / 8),
        copied: 0,
        regions: Vec::new(),
        stack: Vec::new(),
        active: Vec::new(),
        foreign,
        disclosed: false,
        disclosed_first: true,
        product_links: 0,
        findings: Vec::new(),
        internal: Vec::new(),
        ids: Vec::new(),
    };
    pass.run(0, html.len());
    pass.out.push_str(&html[pass.copied..]);
    Ok(Rewritten {
        html: pass.out,
        product_links: pass.product_links,
        disclosed_first: pass.disclosed_first,
        findings: pass.findings,
        internal: pass.internal,
        ids: pass.ids,
        base: pass.base,
        internal_at: pass.internal_at,
    })
}

/// The state of the pass over one page.
struct Pass<'a> {
    html: &'a str,
    policy: &'a LinkPolicy,
    page: &'a PageTracking,
    reading: Reading<'a>,
    /// The first `<base href>`.
    base: Option<String>,
    internal_at: Vec<Option<String>>,
    out: String,
    /// Bytes of `html` already in `out`.
    copied: usize,
    regions: Vec<Region>,
    /// The open elements, innermost last, as far as the tokenizer needs
    /// them: which namespace a tag is read in. Implied end tags are not
    /// followed; an end tag closes the nearest open element of its name.
    stack: Vec<Open>,
    /// HTML's active formatting elements (`a`, `b`, `em`...).
    active: Vec<Name>,
    /// The page has SVG or MathML: only then do `stack` and `active`
    /// matter (they decide where foreign content ends), and only then are
    /// they kept.
    foreign: bool,
    disclosed: bool,
    disclosed_first: bool,
    product_links: usize,
    findings: Vec<Finding>,
    internal: Vec<String>,
    ids: Vec<String>,
}

impl<'a> Pass<'a> {
    /// Notes a finding about `href`, written in attribute `attr` of an
    /// element marked `at` (see [`MARK`]), once per page.
    fn note(&mut self, kind: FindingKind, href: &str, attr: &str, at: Option<&str>) {
        if !self
            .findings
            .iter()
            .any(|f| f.kind == kind && f.href == href && f.attr == attr && f.at.as_deref() == at)
        {
            self.findings.push(Finding {
                kind,
                href: href.to_string(),
                attr: attr.to_string(),
                at: at.map(str::to_string),
            });
        }
    }

    /// Every product URL in `text` — script, an event handler, a `data-*`
    /// value, a `srcdoc` — that is not already what the page's links carry
    /// is a finding: tailor cannot track it where it stands.
    fn scripted(&mut self, text: &str, place: &'static str, attr: &str, at: Option<&str>) {
        if text.len() < 8 {
            return;
        }
        let urls = product_urls(text, self.policy);
        if urls.is_empty() {
            return;
        }
        let placement = self
            .regions
            .last()
            .map_or(DEFAULT_PLACEMENT, |r| r.placement.as_str())
            .to_string();
        for url in urls {
            let link = self.policy.rewrite_link(&url, self.page, &placement);
            if link.kind == LinkKind::Product && link.new.is_some() {
                self.note(FindingKind::Scripted { place }, &url, attr, at);
            }
        }
    }

    /// The text of a script element, from `from` to `to`.
    fn script(&mut self, attrs: &[Attr], from: usize, to: usize) {
        let text = &self.html[from..to.max(from)];
        if text.trim().is_empty() || text == self.reading.own_script {
            return;
        }
        let attr = |n: &str| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(n));
        // Structured data is read by search engines, not run.
        if attr("type")
            .and_then(|a| a.value)
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            return;
        }
        let at = self
            .reading
            .marked
            .then(|| attr(MARK).and_then(|a| a.value).map(decode))
            .flatten();
        self.scripted(text, "a <script>", "script", at.as_deref());
    }

    /// Reads `html[from..limit]`. The content of a `<noscript>` is read
    /// with its own limit: a browser with scripts on reads it as text up to
    /// `</noscript>`, one with scripts off as markup, so its links are
    /// tracked for the second and nothing in it runs past its end for the
    /// first.
    fn run(&mut self, from: usize, limit: usize) {
        let html = &self.html[..limit];
        let bytes = html.as_bytes();
        let mut i = from;
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        while let Some(off) = memchr(b'<', &bytes[i..]) {
            let lt = i + off;
            let rest = &bytes[lt + 1..];
            if rest.starts_with(b"!--") {
                i = comment_end(bytes, lt + 4);
                continue;
            }
            let foreign_node = self.stack.last().is_some_and(|o| o.ns.foreign());
            if foreign_node && rest.starts_with(b"![CDATA[") {
                i = find(bytes, lt + 9, b"]]>").map_or(bytes.len(), |e| e + 3);
                continue;
            }
            if rest.first().is_some_and(|&b| b == b'!' || b == b'?') {
                // Doctypes and bogus comments end at the first `>`.
                i = memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
                continue;
            }
            if rest.first() == Some(&b'/') {
                let (name, end) = tag_name(html, lt + 2);
                if name.is_empty() {
                    // `</>` is dropped; `</` before anything but a letter
                    // opens a bogus comment; at the end of the input it is text.
                    i = if lt + 2 >= bytes.len() {
                        bytes.len()
                    } else {
                        memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1)
                    };
                    continue;
                }
                close_region(&mut self.regions, name);
                if self.foreign {
                    self.end_tag(Name::new(name));
                }
                // End tags may carry (ignored) attributes, quotes and all.
                i = if bytes.get(end) == Some(&b'>') {
                    end + 1
                } else {
                    let (gt, _, _) = scan_tag(html, end, None);
                    (gt + 1).min(bytes.len())
                };
                continue;
            }
            let (name, pos) = tag_name(html, lt + 1);
            if name.is_empty() {
                // `<` before anything but a letter is text.
                i = lt + 1;
                continue;
            }
            let tag = Name::new(name);
            let ns = if self.foreign {
                self.start_tag_ns(tag)
            } else {
                Ns::Html
            };
            let kind = TagKind::of(tag, ns);
            attrs.clear();
            let wanted = !matches!(kind, TagKind::Other | TagKind::RawText);
            let (gt, data, self_closing) = if wanted {
                scan_tag(html, pos, Some(&mut attrs))
            } else {
                scan_tag_fast(bytes, pos)
            };
            let opens = match ns {
                Ns::Html => !tag.is(VOID),
                Ns::Svg | Ns::Math => !self_closing,
            };
            if opens {
                for r in self
                    .regions
                    .iter_mut()
                    .filter(|r| r.tag.eq_ignore_ascii_case(name))
                {
                    r.nested += 1;
                }
                if self.foreign {
                    self.stack.push(Open { name: tag, ns });
                }
            }
            let tag_end = (gt + 1).min(bytes.len());
            if data && !wanted {
                scan_tag(html, pos, Some(&mut attrs));
            }
            if wanted || data {
                self.tag(lt, name, ns, kind, opens, &attrs);
            }
            i = tag_end;
            if ns == Ns::Html && tag.is(RAW) {
                let end = raw_text_end(bytes, i, name);
                if kind == TagKind::Script {
                    self.script(&attrs, i, end);
                }
                i = end;
            } else if kind == TagKind::Script {
                // An SVG script: markup to the tokenizer, a script to the
                // browser all the same.
                if opens {
                    let end = find_end_tag(bytes, i, "script").unwrap_or(bytes.len());
                    self.script(&attrs, i, end);
                }
            } else if opens && ns == Ns::Html && name.eq_ignore_ascii_case("noscript") {
                let end = find_end_tag(bytes, i, "noscript").unwrap_or(bytes.len());
                // After it, the page reads on as a browser with scripts on
                // reads it: as if its content were text.
                let stack = self.stack.clone();
                let regions = self.regions.clone();
                let active = self.active.clone();
                self.run(i, end);
                self.stack = stack;
                self.regions = regions;
                self.active = active;
                i = end;
            }
        }
    }

    /// The namespace a start tag named `name` opens its element in. Where
    /// the current node is HTML or an integration point, HTML's rules: `svg`
    /// and `math` start foreign content. Inside foreign content, an element
    /// of the current node's namespace — unless the tag is one that breaks
    /// out, which closes the foreign elements first.
    fn start_tag_ns(&mut self, name: Name) -> Ns {
        let html_rules = |stack: &[Open]| {
            stack
                .last()
                .is_none_or(|o| o.ns == Ns::Html || o.integration_point())
        };
        if !html_rules(&self.stack) {
            if !name.is(BREAKS_OUT) {
                return self.stack.last().map_or(Ns::Html, |o| o.ns);
            }
            while !html_rules(&self.stack) {
                self.stack.pop();
            }
        }
        // HTML's formatting elements come back where phrasing content
        // goes on after a block closed them (`<p><a></p><svg>` puts the
        // svg inside a new `a`).
        if !self.active.is_empty() && (!name.is(SCOPED) || name.is(FORMATTING)) {
            self.reconstruct();
        }
        if name.is(FORMATTING) {
            let a = Name::new("a");
            if name == a
                && let Some(k) = self.active.iter().rposition(|n| *n == a)
            {
                // A new link closes the one still open: what was opened in
                // it closes too, when it is in scope. Past a scope's
                // boundary (an SVG `title`, a table cell), the old link
                // alone leaves the stack and what is above it stays open
                // (HTML's "adoption agency" gives up, then removes the
                // element): `<svg><a><title><a>` keeps the SVG open.
                self.active.remove(k);
                if let Some(j) = self
                    .stack
                    .iter()
                    .rposition(|o| o.ns == Ns::Html && o.name == a)
                {
                    let in_scope = !self.stack[j + 1..].iter().any(|o| {
                        o.integration_point() || (o.ns == Ns::Html && o.name.is(BOUNDARY))
                    });
                    if in_scope {
                        self.stack.truncate(j);
                    } else {
                        self.stack.remove(j);
                    }
                }
            }
            self.active.push(name);
        }
        if name == Name::new("svg") {
            Ns::Svg
        } else if name == Name::new("math") {
            Ns::Math
        } else {
            Ns::Html
        }
    }

    /// Puts formatting elements that a block's end closed back on the
    /// stack, in order.
    fn reconstruct(&mut self) {
        for n in 0..self.active.len() {
            let name = self.active[n];
            if !self
                .stack
                .iter()
                .any(|o| o.ns == Ns::Html && o.name == name)
            {
                self.stack.push(Open { name, ns: Ns::Html });
            }
        }
    }

    /// Closes what an end tag closes. In foreign content, the nearest open
    /// element of its name, unless an HTML element comes first, from where
    /// HTML's rules go on; `</p>` and `</br>` end foreign content.
    fn end_tag(&mut self, name: Name) {
        let Some(top) = self.stack.last() else {
            return;
        };
        if top.ns.foreign() {
            if name.is(P_OR_BR) {
                while self
                    .stack
                    .last()
                    .is_some_and(|o| o.ns.foreign() && !o.integration_point())
                {
                    self.stack.pop();
                }
            } else {
                let mut k = self.stack.len() - 1;
                loop {
                    if self.stack[k].name == name {
                        self.stack.truncate(k);
                        return;
                    }
                    if k == 0 {
                        return;
                    }
                    k -= 1;
                    if self.stack[k].ns == Ns::Html {
                        break;
                    }
                }
            }
        }
        self.html_end_tag(name)
    }

    /// HTML's rules for an end tag, from the current node down: the end
    /// tag of a block or formatting element closes the nearest open one in
    /// scope (not past a table cell or an integration point); any other end
    /// tag closes the nearest open element of its name unless a "special"
    /// element comes first.
    fn html_end_tag(&mut self, name: Name) {
        if name.is(FORMATTING) {
            match self.active.iter().rposition(|a| *a == name) {
                Some(k) => {
                    self.active.remove(k);
                }
                // Not an active formatting element: nothing to close.
                None => return,
            }
        }
        let stop_at = if name.is(SCOPED) { BOUNDARY } else { SPECIAL };
        for k in (0..self.stack.len()).rev() {
            let o = self.stack[k];
            if o.ns == Ns::Html && o.name == name {
                self.stack.truncate(k);
                return;
            }
            if o.integration_point() || (o.ns == Ns::Html && o.name.is(stop_at)) {
                return;
            }
        }
    }

    /// Acts on a start tag with attributes this pass reads.
    fn tag(&mut self, lt: usize, name: &str, ns: Ns, kind: TagKind, opens: bool, attrs: &[Attr]) {
        let html = self.html;
        let bytes = html.as_bytes();
        let attr = |n: &str| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(n));
        if attr("data-disclosure").is_some() {
            self.disclosed = true;
        }
        if let Some(id) = attr("id").and_then(|a| a.value) {
            self.ids.push(decode(id));
        }
        let placement_attr = attr("data-placement");
        // Where the element was written, on a page rendered to be located.
        let at = if self.reading.marked {
            attr(MARK).and_then(|a| a.value).map(decode)
        } else {
            None
        };
        let at = at.as_deref();
        // Changes to the tag: (from, to, replacement).
        let mut edits: Vec<(usize, usize, String)> = Vec::new();
        let own_placement = placement_attr.and_then(|a| a.value).map(decode);
        if kind == TagKind::Follow {
            for (place, attr, target) in follow_targets(name, attrs) {
                let class = self.policy.classify(&target);
                if attr == "href" && self.base.is_none() {
                    // A <base>: the first one with an href is the one a
                    // browser resolves every relative link against.
                    self.base = Some(target.clone());
                    if class == LinkKind::Other && !is_script_url(&target) {
                        self.note(FindingKind::BaseElsewhere, &target, attr, at);
                    }
                }
                if is_script_url(&target) {
                    self.note(FindingKind::ScriptLink, &target, attr, at);
                } else if class == LinkKind::Product {
                    self.note(FindingKind::Untrackable { place }, &target, attr, at);
                }
            }
        }
        let href = match kind {
            // SVG links may name their target with `xlink:href`; `href` wins.
            TagKind::Link => {
                attr("href").or_else(|| (ns == Ns::Svg).then(|| attr("xlink:href")).flatten())
            }
            // Frames and embedded documents are tracked as links are: the
            // embedded signup form gets the page's code in its URL.
            TagKind::Frame if name.eq_ignore_ascii_case("object") => attr("data"),
            TagKind::Frame => attr("src"),
            _ => None,
        };
        if let Some(href_attr) = href {
            let raw = href_attr.value.unwrap_or("");
            let decoded = decode(raw);
            if is_script_url(&decoded) {
                self.note(
                    FindingKind::ScriptLink,
                    &decoded,
                    &href_attr.name.to_ascii_lowercase(),
                    at,
                );
            }
            let placement = own_placement
                .as_deref()
                .or(self.regions.last().map(|r| r.placement.as_str()))
                .unwrap_or(DEFAULT_PLACEMENT);
            let link = self.policy.rewrite_link(&decoded, self.page, placement);
            if link.kind == LinkKind::Product {
                self.product_links += 1;
                if !self.disclosed {
                    self.disclosed_first = false;
                }
            }
            if link.finding.is_none()
                && (link.kind == LinkKind::Internal || decoded.trim_start().starts_with('#'))
            {
                self.internal
                    .push(link.new.clone().unwrap_or_else(|| decoded.clone()));
                if self.reading.marked {
                    self.internal_at.push(at.map(str::to_string));
                }
            }
            if let Some(kind) = link.finding {
                self.note(kind, &decoded, &href_attr.name.to_ascii_lowercase(), at);
            }
            if let Some(new) = link.new {
                let text = format!(
                    "{}=\"{}\"",
                    href_attr.name,
                    html_escape::encode_double_quoted_attribute(&new)
                );
                edits.push((href_attr.span.0, href_attr.span.1, text));
            }
        }
        // Text a script may navigate with: event handlers, `data-*`
        // values, a frame's inline document, an SVG animation's values.
        for a in attrs {
            let Some(value) = a.value else { continue };
            let n = a.name;
            let place = if n.len() > 2 && n.as_bytes()[..2].eq_ignore_ascii_case(b"on") {
                "an event handler"
            } else if is_data(n.as_bytes())
                && !["data-placement", "data-disclosure", MARK]
                    .iter()
                    .any(|d| n.eq_ignore_ascii_case(d))
            {
                "a data-* attribute"
            } else if kind == TagKind::Frame && n.eq_ignore_ascii_case("srcdoc") {
                "a frame's srcdoc"
            } else if kind == TagKind::Animation
                && ["to", "from", "values", "by"]
                    .iter()
                    .any(|v| n.eq_ignore_ascii_case(v))
            {
                "an SVG animation"
            } else {
                continue;
            };
            self.scripted(&decode(value), place, &n.to_ascii_lowercase(), at);
        }
        // Every `data-placement` goes, and the whitespace before it: a
        // browser reads the first one, and one left behind would be read
        // by the next pass.
        for p in attrs
            .iter()
            .filter(|a| a.name.eq_ignore_ascii_case("data-placement"))
        {
            let mut from = p.span.0;
            while from > lt && bytes[from - 1].is_ascii_whitespace() {
                from -= 1;
            }
            edits.push((from, p.span.1, String::new()));
        }
        // In the order they are written, whichever attribute comes first.
        edits.sort_by_key(|e| e.0);
        for (from, to, text) in edits {
            if from >= self.copied {
                self.out.push_str(&html[self.copied..from]);
                self.out.push_str(&text);
                self.copied = to;
            }
        }
        if placement_attr.is_some() && opens {
            self.regions.push(Region {
                tag: name.to_ascii_lowercase(),
                placement: own_placement.unwrap_or_default(),
                nested: 0,
            });
        }
    }
}

/// Whether `html` may open an `<svg>` or `<math>` element, in any case
/// (`<sVg>` opens one too). Pages and documents without either are read
/// without tracking where foreign content ends.
pub fn has_foreign_content(html: &[u8]) -> bool {
    memchr::memchr_iter(b'<', html).any(|at| {
        let rest = &html[at + 1..];
        let opens = |name: &[u8]| {
            rest.get(..name.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(name))
        };
        opens(b"svg") || opens(b"math")
    })
}

/// The URLs a form, button, input, meta refresh or base element sends a
/// browser to, with where they are written.
fn follow_targets(name: &str, attrs: &[Attr]) -> Vec<(&'static str, &'static str, String)> {
    let value = |n: &str| {
        attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(n))
            .and_then(|a| a.value)
            .map(decode)
    };
    let lower = name.to_ascii_lowercase();
    let target = match lower.as_str() {
        "form" => value("action").map(|v| ("a form's action", "action", v)),
        "button" | "input" => value("formaction").map(|v| ("a formaction", "formaction", v)),
        "base" => value("href").map(|v| ("a <base href>", "href", v)),
        "meta" => value("http-equiv")
            .filter(|e| e.trim().eq_ignore_ascii_case("refresh"))
            .and_then(|_| value("content"))
            .and_then(|c| refresh_url(&c))
            .map(|v| ("a <meta http-equiv=refresh>", "content", v)),
        _ => None,
    };
    target.into_iter().collect()
}

/// The URL of a refresh's `content`: `5; url=https://...`.
fn refresh_url(content: &str) -> Option<String> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let after = rest
        .get(..3)
        .filter(|k| k.eq_ignore_ascii_case("url"))
        .map(|_| rest[3..].trim_start())
        .and_then(|r| r.strip_prefix('='))
        .map(str::trim_start)
        .unwrap_or(rest);
    let url = after.trim_matches(|c| c == '"' || c == '\'').trim();
    (!url.is_empty()).then(|| url.to_string())
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

/// Where the tokenizer is inside a start tag, after its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Unquoted,
    /// After a `/` outside any value.
    Slash,
}

/// Reads a tag from `from` (after its name) to its `>`, as the HTML
/// tokenizer does: quotes open a value only after `=`, an unquoted value
/// runs to whitespace or `>`, `/>` closes a tag only outside a value.
/// Returns where the `>` is (`bytes.len()` when unclosed), whether the tag
/// has an attribute the pass reads ([`is_read`]) and whether it is
/// self-closing; with `attrs`, collects every attribute. One plain loop:
/// this runs for every tag of every page.
fn scan_tag<'a>(
    html: &'a str,
    from: usize,
    mut attrs: Option<&mut Vec<Attr<'a>>>,
) -> (usize, bool, bool) {
    let bytes = html.as_bytes();
    let mut at = At::BeforeName;
    let mut data = false;
    let mut name = (from, from);
    let mut value_start = from;
    let mut p = from;
    let mut push =
        |data: &mut bool, name: (usize, usize), end: usize, value: Option<(usize, usize)>| {
            let n = &html.as_bytes()[name.0..name.1];
            *data |= is_read(n);
            let n = &html[name.0..name.1];
            if let Some(list) = attrs.as_mut() {
                list.push(Attr {
                    name: n,
                    span: (name.0, end),
                    value: value.map(|(s, e)| &html[s..e]),
                });
            }
        };
    while p < bytes.len() {
        let b = bytes[p];
        let ws = b.is_ascii_whitespace();
        match at {
            At::BeforeName | At::Slash => match b {
                b'>' => return (p, data, at == At::Slash),
                b'/' => at = At::Slash,
                _ if ws => at = At::BeforeName,
                _ => {
                    name = (p, p + 1);
                    at = At::Name;
                }
            },
            At::Name if !ws && !matches!(b, b'>' | b'/' | b'=') => {
                // The rest of the name at once.
                while p + 1 < bytes.len()
                    && !bytes[p + 1].is_ascii_whitespace()
                    && !matches!(bytes[p + 1], b'>' | b'/' | b'=')
                {
                    p += 1;
                }
                name.1 = p + 1;
            }
            At::Name => match b {
                b'>' => {
                    push(&mut data, name, p, None);
                    return (p, data, false);
                }
                b'/' => {
                    push(&mut data, name, p, None);
                    at = At::Slash;
                }
                b'=' => at = At::BeforeValue,
                _ if ws => at = At::AfterName,
                _ => name.1 = p + 1,
            },
            At::AfterName => match b {
                b'>' => {
                    push(&mut data, name, name.1, None);
                    return (p, data, false);
                }
                b'/' => {
                    push(&mut data, name, name.1, None);
                    at = At::Slash;
                }
                b'=' => at = At::BeforeValue,
                _ if ws => {}
                _ => {
                    push(&mut data, name, name.1, None);
                    name = (p, p + 1);
                    at = At::Name;
                }
            },
            At::BeforeValue => match b {
                b'"' | b'\'' => {
                    let close = memchr(b, &bytes[p + 1..]).map(|e| p + 1 + e);
                    let Some(close) = close else {
                        return (bytes.len(), data, false);
                    };
                    push(&mut data, name, close + 1, Some((p + 1, close)));
                    p = close + 1;
                    at = At::BeforeName;
                    continue;
                }
                b'>' => {
                    push(&mut data, name, p, Some((p, p)));
                    return (p, data, false);
                }
                _ if ws => {}
                _ => {
                    value_start = p;
                    at = At::Unquoted;
                }
            },
            At::Unquoted => match b {
                b'>' => {
                    push(&mut data, name, p, Some((value_start, p)));
                    return (p, data, false);
                }
                _ if ws => {
                    push(&mut data, name, p, Some((value_start, p)));
                    at = At::BeforeName;
                }
                _ => {}
            },
        }
        p += 1;
    }
    (bytes.len(), data, false)
}

/// A tag name as the pass needs it: an identity (lowercase, hashed) and
/// what HTML's rules say about it. Pages have hundreds of tags each; none
/// costs an allocation or a search through lists of names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Name {
    /// The lowercase name packed into an integer (names of up to 15
    /// bytes), or a hash of it with the top byte set.
    key: u128,
    flags: u32,
}

const VOID: u32 = 1;
/// Formatting elements, which the parser reopens after a block.
const FORMATTING: u32 = 1 << 1;
/// End tags HTML closes "in scope": blocks, list items, headings, forms
/// and the formatting elements.
const SCOPED: u32 = 1 << 2;

const SPECIAL: u32 = 1 << 3;
/// Elements that bound a scope.
const BOUNDARY: u32 = 1 << 4;
/// Start tags that end foreign content where they appear.
const BREAKS_OUT: u32 = 1 << 5;
/// Content is text up to the end tag.
const RAW: u32 = 1 << 6;
/// Sends a browser to a URL the pass cannot track.
const FOLLOW: u32 = 1 << 7;
/// May carry an `href` a browser follows (`a`, `area`).
const LINK: u32 = 1 << 8;
/// Integration points: HTML inside SVG, and inside MathML.
const SVG_IP: u32 = 1 << 9;
const MATH_IP: u32 = 1 << 10;
/// `p` and `br`, whose end tags end foreign content.
const P_OR_BR: u32 = 1 << 11;
/// Loads a document a visitor uses in the page: `iframe`, `frame`,
/// `embed`, `object`.
const FRAME: u32 = 1 << 12;
const SCRIPT: u32 = 1 << 13;

impl Name {
    fn new(name: &str) -> Name {
        let bytes = name.as_bytes();
        if bytes.len() < 16 {
            let key = pack(bytes);
            return Name {
                key,
                flags: TABLE.flags(key),
            };
        }
        // FNV-1a over the lowercase name.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for b in bytes {
            hash ^= u64::from(b.to_ascii_lowercase());
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        Name {
            key: u128::from(hash) | 0xff << 120,
            flags: 0,
        }
    }

    fn is(self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// Up to 15 bytes, lowercase, as one integer.
fn pack(bytes: &[u8]) -> u128 {
    bytes
        .iter()
        .fold(0u128, |k, b| k << 8 | u128::from(b.to_ascii_lowercase()))
}

/// Every tag name HTML says something about, with its flags, in an
/// open-addressing hash table: looked up for every tag of every page.
struct Table {
    slots: Vec<(u128, u32)>,
}

const TABLE_BITS: u32 = 9;

impl Table {
    fn slot(key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_BITS)) as usize
    }

    fn new() -> Table {
        let mut slots = vec![(0u128, 0u32); 1 << TABLE_BITS];
        for name in NAMES {
            let key = pack(name.as_bytes());
            let mut i = Table::slot(key);
            while slots[i].0 != 0 {
                i = (i + 1) & ((1 << TABLE_BITS) - 1);
            }
            slots[i] = (key, flags(name.as_bytes()));
        }
        Table { slots }
    }

    fn flags(&self, key: u128) -> u32 {
        let mut i = Table::slot(key);
        loop {
            let (k, f) = self.slots[i];
            if k == key {
                return f;
            }
            if k == 0 {
                return 0;
            }
            i = (i + 1) & ((1 << TABLE_BITS) - 1);
        }
    }
}

static TABLE: std::sync::LazyLock<Table> = std::sync::LazyLock::new(Table::new);

/// The names `flags` knows.
const NAMES: [&str; 100] = [
    "a",
    "area",
    "b",
    "big",
    "code",
    "em",
    "i",
    "s",
    "small",
    "strike",
    "strong",
    "tt",
    "u",
    "nobr",
    "font",
    "br",
    "p",
    "img",
    "embed",
    "hr",
    "meta",
    "base",
    "input",
    "link",
    "param",
    "source",
    "track",
    "wbr",
    "col",
    "form",
    "button",
    "div",
    "blockquote",
    "center",
    "dd",
    "dl",
    "dt",
    "li",
    "listing",
    "menu",
    "ol",
    "pre",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "address",
    "article",
    "aside",
    "details",
    "dialog",
    "dir",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "nav",
    "search",
    "section",
    "summary",
    "applet",
    "marquee",
    "object",
    "table",
    "caption",
    "html",
    "td",
    "th",
    "template",
    "body",
    "head",
    "span",
    "sub",
    "sup",
    "var",
    "ruby",
    "script",
    "style",
    "xmp",
    "iframe",
    "frame",
    "noembed",
    "noframes",
    "plaintext",
    "textarea",
    "title",
    "foreignobject",
    "desc",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "noscript",
];

/// What HTML says about a (lowercase) tag name.
fn flags(name: &[u8]) -> u32 {
    const FMT: u32 = FORMATTING | SCOPED;
    match name {
        b"a" => FMT | LINK,
        b"area" => VOID | LINK | SPECIAL,
        b"b" | b"big" | b"code" | b"em" | b"i" | b"s" | b"small" | b"strike" | b"strong"
        | b"tt" | b"u" | b"nobr" => FMT | BREAKS_OUT,
        b"font" => FMT,
        b"br" => VOID | SPECIAL | BREAKS_OUT | P_OR_BR,
        b"p" => SCOPED | SPECIAL | BREAKS_OUT | P_OR_BR,
        b"img" | b"hr" => VOID | SPECIAL | BREAKS_OUT,
        b"embed" => VOID | SPECIAL | BREAKS_OUT | FRAME,
        b"frame" => VOID | SPECIAL | FRAME,
        b"meta" => VOID | SPECIAL | BREAKS_OUT | FOLLOW,
        b"base" | b"input" => VOID | SPECIAL | FOLLOW,
        b"link" | b"param" | b"source" | b"track" | b"wbr" | b"col" => VOID | SPECIAL,
        b"form" | b"button" => SCOPED | SPECIAL | FOLLOW,
        b"div" | b"blockquote" | b"center" | b"dd" | b"dl" | b"dt" | b"li" | b"listing"
        | b"menu" | b"ol" | b"pre" | b"ul" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
            SCOPED | SPECIAL | BREAKS_OUT
        }
        b"address" | b"article" | b"aside" | b"details" | b"dialog" | b"dir" | b"fieldset"
        | b"figcaption" | b"figure" | b"footer" | b"header" | b"hgroup" | b"main" | b"nav"
        | b"search" | b"section" | b"summary" => SCOPED | SPECIAL,
        b"applet" | b"marquee" => SCOPED | SPECIAL | BOUNDARY,
        b"object" => SCOPED | SPECIAL | BOUNDARY | FRAME,
        b"table" => SPECIAL | BOUNDARY | BREAKS_OUT,
        b"caption" | b"html" | b"td" | b"th" | b"template" => SPECIAL | BOUNDARY,
        b"body" | b"head" => SPECIAL | BREAKS_OUT,
        b"span" | b"sub" | b"sup" | b"var" | b"ruby" => BREAKS_OUT,
        b"script" => RAW | SPECIAL | SCRIPT,
        b"iframe" => RAW | SPECIAL | FRAME,
        b"style" | b"xmp" | b"noembed" | b"noframes" | b"plaintext" | b"textarea" => RAW | SPECIAL,
        b"title" => RAW | SPECIAL | SVG_IP,
        b"foreignobject" | b"desc" => SVG_IP,
        b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" => MATH_IP,
        b"noscript" => SPECIAL,
        _ => 0,
    }
}

#[cfg(test)]
fn is_void(name: &str) -> bool {
    Name::new(name).is(VOID)
}

/// An attribute the pass reads, by its name: `data-*` (placements, the
/// disclosure, values a script may navigate to), `id` (for
/// `render::reach`) and event handlers (`on*`).
#[inline]
fn is_read(name: &[u8]) -> bool {
    is_data(name)
        || name.eq_ignore_ascii_case(b"id")
        || (name.len() > 2 && name[..2].eq_ignore_ascii_case(b"on"))
}

#[inline]
fn is_data(name: &[u8]) -> bool {
    name.len() > 5 && name[4] == b'-' && name[..4].eq_ignore_ascii_case(b"data")
}

/// [`scan_tag`] without collecting attributes: where the tag ends, whether
/// it has an attribute the pass reads ([`is_read`]), whether it is
/// self-closing. The same reading in a tighter loop, for the tags this pass
/// only steps over.
fn scan_tag_fast(bytes: &[u8], from: usize) -> (usize, bool, bool) {
    let mut at = At::BeforeName;
    let mut data = false;
    let mut name_start = from;
    let mut p = from;
    while p < bytes.len() {
        let b = bytes[p];
        let ws = b.is_ascii_whitespace();
        match at {
            At::BeforeName | At::Slash => match b {
                b'>' => return (p, data, at == At::Slash),
                b'/' => at = At::Slash,
                _ if ws => at = At::BeforeName,
                _ => {
                    name_start = p;
                    at = At::Name;
                }
            },
            At::Name => {
                if !(ws || matches!(b, b'>' | b'/' | b'=')) {
                    p += 1;
                    continue;
                }
                data |= is_read(&bytes[name_start..p]);
                match b {
                    b'>' => return (p, data, false),
                    b'/' => at = At::Slash,
                    b'=' => at = At::BeforeValue,
                    _ => at = At::AfterName,
                }
            }
            At::AfterName => match b {
                b'>' => return (p, data, false),
                b'/' => at = At::Slash,
                b'=' => at = At::BeforeValue,
                _ if ws => {}
                _ => {
                    name_start = p;
                    at = At::Name;
                }
            },
            At::BeforeValue => match b {
                b'"' | b'\'' => {
                    match memchr(b, &bytes[p + 1..]) {
                        Some(e) => p += e + 2,
                        None => return (bytes.len(), data, false),
                    }
                    at = At::BeforeName;
                    continue;
                }
                b'>' => return (p, data, false),
                _ if ws => {}
                _ => at = At::Unquoted,
            },
            At::Unquoted => match b {
                b'>' => return (p, data, false),
                _ if ws => at = At::BeforeName,
                _ => {}
            },
        }
        p += 1;
    }
    (bytes.len(), data, false)
}

/// What a tag name means to this pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    /// `a` and `area` (in SVG, `a`): may carry an `href`.
    Link,
    /// Sends a browser to a URL the pass cannot track: `form`, `button`,
    /// `input`, `meta`, `base`.
    Follow,
    /// `iframe`, `frame`, `embed` (`src`) and `object` (`data`): tracked
    /// as links are.
    Frame,
    /// A script, whose text may navigate (`<script>` in HTML and in SVG).
    Script,
    /// SVG's `set` and `animate`, which may change a link's `href`.
    Animation,
    /// Content is text up to the end tag.
    RawText,
    Other,
}

impl TagKind {
    fn of(name: Name, ns: Ns) -> TagKind {
        match ns {
            Ns::Math => TagKind::Other,
            Ns::Svg if name.key == pack(b"a") => TagKind::Link,
            Ns::Svg if name.key == pack(b"script") => TagKind::Script,
            Ns::Svg if name.key == pack(b"set") || name.key == pack(b"animate") => {
                TagKind::Animation
            }
            Ns::Svg => TagKind::Other,
            Ns::Html if name.is(LINK) => TagKind::Link,
            Ns::Html if name.is(FOLLOW) => TagKind::Follow,
            Ns::Html if name.is(FRAME) => TagKind::Frame,
            Ns::Html if name.is(SCRIPT) => TagKind::Script,
            Ns::Html if name.is(RAW) => TagKind::RawText,
            Ns::Html => TagKind::Other,
        }
    }
}

/// Where the raw text of a `name` element that starts at `from` ends: at
/// its end tag (`<script>` following the escaped states of script data),
/// or at the end of the input for `<plaintext>`.
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> usize {
    if name.eq_ignore_ascii_case("plaintext") {
        bytes.len()
    } else if name.eq_ignore_ascii_case("script") {
        script_end(bytes, from)
    } else {
        find_end_tag(bytes, from, name).unwrap_or(bytes.len())
    }
}

/// The end of a comment whose `<!--` ends at `from`: `<!-->` and `<!--->`
/// end at once, and `--!>` ends one as well as `-->`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let plain = find(bytes, from, b"-->").map(|e| e + 3);
    let bang = find(bytes, from, b"--!>").map(|e| e + 4);
    match (plain, bang) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => bytes.len(),
    }
}

/// The start of the `</script` that ends a script whose content starts at
/// `from`, following the HTML tokenizer: after `<!--`, a `<script` starts
/// the double-escaped state, in which `</script` does not end the element.
fn script_end(bytes: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum S {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut s = S::Data;
    let mut p = from;
    while p < bytes.len() {
        // Only `<` matters in script data, `<` and `-` in its escaped states.
        let next = match s {
            S::Data => memchr(b'<', &bytes[p..]),
            _ => memchr::memchr2(b'<', b'-', &bytes[p..]),
        };
        let Some(off) = next else {
            break;
        };
        p += off;
        let rest = &bytes[p..];
        match s {
            S::Data => {
                if rest.starts_with(b"<!--") {
                    // The dashes of `<!--` count towards its end, as in
                    // the tokenizer: `<!-->` and `<!--->` open and close.
                    s = S::Escaped;
                    p += 2;
                    continue;
                }
                if tag_at(bytes, p, b"</script") {
                    return p;
                }
            }
            S::Escaped => {
                if rest.starts_with(b"-->") {
                    s = S::Data;
                    p += 3;
                    continue;
                }
                if tag_at(bytes, p, b"</script") {
                    return p;
                }
                if tag_at(bytes, p, b"<script") {
                    s = S::DoubleEscaped;
                    p += 7;
                    continue;
                }
            }
            S::DoubleEscaped => {
                if rest.starts_with(b"-->") {
                    s = S::Data;
                    p += 3;
                    continue;
                }
                if tag_at(bytes, p, b"</script") {
                    s = S::Escaped;
                    p += 8;
                    continue;
                }
            }
        }
        p += 1;
    }
    bytes.len()
}

/// `prefix` (any case) at `p`, followed by whitespace, `/` or `>`.
fn tag_at(bytes: &[u8], p: usize, prefix: &[u8]) -> bool {
    bytes
        .get(p..p + prefix.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
        && bytes
            .get(p + prefix.len())
            .is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
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
        LinkPolicy::for_tests(
            "via",
            &["app.acme.example"],
            "https://partners.acme.example/",
        )
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
        let t = |s: &str| scan_tag(s, 0, None).0;
        let data = |s: &str| scan_tag(s, 0, None).1;
        let closing = |s: &str| scan_tag(s, 0, None).2;
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
        assert!(data(" ID=main>") && data(" class=x id>"));
        assert!(!data(" idx=1>") && !data(" aid=1>"));
        assert!(closing(" d=\"x\"/>"));
        assert!(closing("/>"));
        assert!(!closing(" d=x/>"), "an unquoted value takes the slash");
        assert!(!closing(" / >"));
        let of = |name: &str, ns| TagKind::of(Name::new(name), ns);
        assert_eq!(of("AREA", Ns::Html), TagKind::Link);
        assert_eq!(of("Script", Ns::Html), TagKind::Script);
        assert_eq!(of("textarea", Ns::Html), TagKind::RawText);
        assert_eq!(of("IFrame", Ns::Html), TagKind::Frame);
        assert_eq!(of("script", Ns::Svg), TagKind::Script);
        assert_eq!(of("style", Ns::Svg), TagKind::Other);
        assert_eq!(of("a", Ns::Math), TagKind::Other);
        assert_eq!(of("a", Ns::Svg), TagKind::Link);
        assert!(is_void("IMG") && is_void("area") && !is_void("a"));
        assert_eq!(of("section", Ns::Html), TagKind::Other);
        assert_eq!(of("form", Ns::Html), TagKind::Follow);
    }

    #[test]
    fn every_known_name_has_its_flags() {
        for name in NAMES {
            assert_ne!(flags(name.as_bytes()), 0, "{name}");
            assert_eq!(
                Name::new(&name.to_uppercase()).flags,
                flags(name.as_bytes())
            );
        }
        let used = TABLE.slots.iter().filter(|(k, _)| *k != 0).count();
        assert_eq!(used, NAMES.len());
        assert_eq!(Name::new("custom-element-with-a-long-name").flags, 0);
        assert_ne!(
            Name::new("custom-element-with-a-long-name"),
            Name::new("custom-element-with-a-long-namf")
        );
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
        let script: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::ScriptLink)
            .map(|f| f.href.as_str())
            .collect();
        assert_eq!(
            script,
            ["javascript:alert(1)", " JaVa\tScript:x", "data:text/html,x"]
        );
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

    /// The links html5ever says a browser follows to a product host, and
    /// whether each carries exactly one `via=jane`.
    fn browser_view(html: &str) -> Vec<(String, bool)> {
        use scraper::{Html, node::Node};
        let doc = Html::parse_document(html);
        let mut out = Vec::new();
        for node in doc.tree.nodes() {
            let Node::Element(el) = node.value() else {
                continue;
            };
            let local = &*el.name.local;
            let ns = &*el.name.ns;
            let href = match (ns, local) {
                ("http://www.w3.org/1999/xhtml", "a" | "area") => el.attr("href"),
                ("http://www.w3.org/1999/xhtml", "iframe" | "frame" | "embed") => el.attr("src"),
                ("http://www.w3.org/1999/xhtml", "object") => el.attr("data"),
                ("http://www.w3.org/2000/svg", "a") => el.attr("href").or_else(|| {
                    el.attrs
                        .iter()
                        .find(|(q, _)| {
                            &*q.local == "href" && &*q.ns == "http://www.w3.org/1999/xlink"
                        })
                        .map(|(_, v)| &**v)
                }),
                _ => None,
            };
            let Some(href) = href else { continue };
            let Ok(url) = url::Url::parse("https://partners.acme.example/")
                .unwrap()
                .join(href.trim())
            else {
                continue;
            };
            if url.host_str() == Some("app.acme.example") {
                let codes: Vec<_> = url
                    .query_pairs()
                    .filter(|(k, _)| k.eq_ignore_ascii_case("via"))
                    .map(|(_, v)| v.into_owned())
                    .collect();
                out.push((href.to_string(), codes == ["jane"]));
            }
        }
        out
    }

    fn page_tracking() -> PageTracking {
        page()
    }

    /// What `content::html` makes of content.
    fn canonical(written: &str) -> String {
        scraper::Html::parse_fragment(written)
            .root_element()
            .inner_html()
    }

    const JUNK: &[&str] = &[
        "<a href=\"https://app.acme.example/x\">",
        "<a href='https://app.acme.example/y?VIA=evil'>",
        "<a href=https://app.acme.example/z/>",
        "<area href=\"https://app.acme.example/m\">",
        "</a>",
        "<a xlink:href=\"https://app.acme.example/s\">",
        "<!--",
        "-->",
        "<!-->",
        "<!--->",
        "--!>",
        "<style>",
        "</style>",
        "<textarea>",
        "</textarea>",
        "<title>",
        "</title>",
        "<svg>",
        "</svg>",
        "<math>",
        "</math>",
        "<path/>",
        "<g>",
        "</g>",
        "<foreignObject>",
        "</foreignObject>",
        "<mtext>",
        "</mtext>",
        "<![CDATA[",
        "]]>",
        "<p>",
        "</p>",
        "<div data-placement=\"r\">",
        "</div>",
        "</ x",
        ">",
        "<",
        "\"",
        "'",
        "=",
        " ",
        "text",
        "<br/>",
        "<noscript>",
        "</noscript>",
        "<xmp>",
        "</xmp>",
        "<!DOCTYPE html>",
        "<?x>",
        "<table>",
        "<td>",
        "<b>",
        "</b>",
        "<select>",
        "<template>",
        "</template>",
        "<plaintext>",
        "<iframe src=\"https://app.acme.example/f\">",
        "</iframe>",
        "<object data=\"https://app.acme.example/o\">",
        "</object>",
        "<embed src='https://app.acme.example/e'>",
    ];

    /// Properly nested markup with every construct the tokenizer must
    /// read as a browser does.
    fn nested() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("text &amp; more".to_string()),
            Just("<a href=\"https://app.acme.example/x\">go</a>".to_string()),
            Just("<a href=https://app.acme.example/u?Via=z>go</a>".to_string()),
            Just("<area href=\"https://app.acme.example/m\">".to_string()),
            Just("<!-->".to_string()),
            Just("<!--->".to_string()),
            Just("<!-- <a href=\"https://app.acme.example/c\"> --!>".to_string()),
            Just("<!---->".to_string()),
            Just("<script><!--<script></script><a href=\"https://app.acme.example/s\">--></script>".to_string()),
            Just("<script><!-- </script>".to_string()),
            Just("<script>var a = '<a href=\"https://app.acme.example/j\">';</script>".to_string()),
            Just("<style>a{} /* <a href=\"https://app.acme.example/st\"> */</style>".to_string()),
            Just("<textarea><a href=\"https://app.acme.example/t\"></textarea>".to_string()),
            Just("<svg><path d=\"m0 0\"/><a href=\"https://app.acme.example/v\"/><a xlink:href=\"https://app.acme.example/w\"><text>w</text></a><style><a href=\"https://app.acme.example/in-svg-style\">x</a></style></svg>".to_string()),
            Just("<svg><![CDATA[ <a href=\"https://app.acme.example/cd\"> ]]></svg>".to_string()),
            Just("<math><mi><a href=\"https://app.acme.example/mi\">m</a></mi></math>".to_string()),
            Just("<noscript><a href=\"https://app.acme.example/ns\">n</a></noscript>".to_string()),
            Just("<p title=\"a > b\" data-x=\"</p>\">t</p>".to_string()),
            Just("<iframe src=\"https://app.acme.example/fr\"><a href=\"https://app.acme.example/in-frame\"></iframe>".to_string()),
            Just("<object data=\"https://app.acme.example/ob\"><embed src=\"https://app.acme.example/em\"></object>".to_string()),
        ];
        leaf.prop_recursive(4, 40, 5, |inner| {
            (
                proptest::sample::select(vec![
                    "div",
                    "p",
                    "span",
                    "section",
                    "svg",
                    "g",
                    "foreignObject",
                    "math",
                    "mtext",
                    "b",
                    "noscript",
                    "em",
                    "li",
                ]),
                proptest::option::of(proptest::sample::select(vec!["hero", "footer"])),
                proptest::collection::vec(inner, 0..4),
            )
                .prop_map(|(tag, placement, children)| {
                    let attr = placement
                        .map(|p| format!(" data-placement=\"{p}\""))
                        .unwrap_or_default();
                    format!("<{tag}{attr}>{}</{tag}>", children.concat())
                })
        })
    }

    fn assert_browser_agrees(input: &str) {
        let out = html(input);
        for (href, ok) in browser_view(&out) {
            assert!(
                ok,
                "a browser follows {href} without one via=jane in:\n{input}\n→\n{out}"
            );
        }
    }

    #[test]
    fn abrupt_comments_end_where_a_browser_ends_them() {
        let link = r#"<a href="https://app.acme.example/">x</a>"#;
        for comment in ["<!-->", "<!--->", "<!-- a --!>", "<!---->", "<!-- -- -->"] {
            let input = format!("{comment}{link}");
            let r = rewrite_links(&input, &policy(), &page()).unwrap();
            assert_eq!(r.product_links, 1, "{input}");
            assert_browser_agrees(&input);
        }
    }

    #[test]
    fn script_data_in_its_escaped_states_hides_no_link() {
        let link = r#"<a href="https://app.acme.example/">x</a>"#;
        // Double-escaped: the first </script> does not end the script.
        let hidden = format!("<script><!--<script></script>{link}--></script>{link}");
        let r = rewrite_links(&hidden, &policy(), &page()).unwrap();
        assert_eq!(r.product_links, 1, "{}", r.html);
        assert!(
            r.html
                .starts_with(&format!("<script><!--<script></script>{link}"))
        );
        assert_browser_agrees(&hidden);
        // Escaped only: </script> ends it.
        let plain = format!("<script><!-- x </script>{link}");
        assert_eq!(
            rewrite_links(&plain, &policy(), &page())
                .unwrap()
                .product_links,
            1
        );
        assert_browser_agrees(&plain);
        assert_browser_agrees(&format!("<script><!--></script>{link}"));
    }

    #[test]
    fn svg_links_and_foreign_content() {
        let cases = [
            // Self-closing in SVG: the region does not swallow what follows.
            r#"<svg data-placement="icon"><path d="x"/></svg><a href="https://app.acme.example/a">a</a>"#,
            // <style> is not raw text inside SVG: the link in it is followed.
            r#"<svg><style><a href="https://app.acme.example/b">b</a></style></svg>"#,
            r#"<svg><a xlink:href="https://app.acme.example/c"><text>c</text></a></svg>"#,
            r#"<svg><![CDATA[ > ]]><a href="https://app.acme.example/d">d</a></svg>"#,
            r#"<svg><foreignObject><textarea><a href="https://app.acme.example/e"></textarea></foreignObject></svg><a href="https://app.acme.example/f">f</a>"#,
            r#"<math><mtext><style>x</style></mtext></math><a href="https://app.acme.example/g">g</a>"#,
            r#"<div><svg><g></div><style><a href="https://app.acme.example/h">h</a></style>"#,
            r#"<svg><p><style><a href="https://app.acme.example/i">i</a></style>"#,
            // A link opened inside an SVG title, with one still open
            // outside the SVG: the old link leaves, the SVG stays open, and
            // the SVG link after the title is followed (found by the
            // property test: the pass had closed the SVG with the old link).
            r#"<a href="https://app.acme.example/x"><svg><a href="https://app.acme.example/x"><title><a href="https://app.acme.example/x"></a></a><a xlink:href="https://app.acme.example/s">s</a></svg>"#,
            r#"<a href="https://app.acme.example/x"><table><td><a href="https://app.acme.example/y"></td></table><a href="https://app.acme.example/z">z</a>"#,
        ];
        for input in cases {
            assert_browser_agrees(input);
        }
        let out = html(r#"<svg><a xlink:href="https://app.acme.example/c">c</a></svg>"#);
        assert!(
            out.contains("xlink:href=\"https://app.acme.example/c?via=jane&amp;"),
            "{out}"
        );
        let region = html(
            r#"<svg data-placement="icon"><path d="x"/></svg><a href="https://app.acme.example/a">a</a>"#,
        );
        assert_eq!(contents(&region), ["link"]);
    }

    #[test]
    fn end_tags_and_bogus_comments_are_read_as_a_browser_reads_them() {
        // `</ 3 ...>` is a bogus comment: the link inside it is not one.
        let input = r#"</ 3 <a href="https://app.acme.example/">x</a>"#;
        assert_browser_agrees(input);
        let input = r#"<p></p title=">"><a href="https://app.acme.example/">x</a>"#;
        assert_eq!(
            rewrite_links(input, &policy(), &page())
                .unwrap()
                .product_links,
            1
        );
        assert_browser_agrees(input);
    }

    /// The findings of `input` on Jane's page, as (place, attribute, URL).
    fn scripted(input: &str) -> Vec<(&'static str, String, String)> {
        let reading = Reading {
            own_script: "var own = 'https://app.acme.example/own';",
            foreign: has_foreign_content(input.as_bytes()),
            ..Reading::default()
        };
        rewrite_links_with(input, &policy(), &page(), &reading)
            .unwrap()
            .findings
            .into_iter()
            .map(|f| match f.kind {
                FindingKind::Scripted { place } => (place, f.attr, f.href),
                other => panic!("{other:?} in {input}"),
            })
            .collect()
    }

    /// What the page's links carry, as `track()` writes it.
    fn tracked(url: &str) -> String {
        policy().track(url, &page(), "link").unwrap()
    }

    #[test]
    fn product_urls_where_script_navigates_must_be_tracked_already() {
        let s =
            |place: &'static str, attr: &str, url: &str| (place, attr.to_string(), url.to_string());
        // Every way of navigating by script the audit found.
        assert_eq!(
            scripted(
                r#"<button data-href="https://app.acme.example/signup" onclick="location.href=this.dataset.href">Go</button>"#
            ),
            [s(
                "a data-* attribute",
                "data-href",
                "https://app.acme.example/signup"
            )]
        );
        assert_eq!(
            scripted(r#"<script>window.location = "https://app.acme.example/a";</script>"#),
            [s("a <script>", "script", "https://app.acme.example/a")]
        );
        assert_eq!(
            scripted(
                r#"<a href="/x/" onclick="window.open('//app.acme.example/b'); return false">x</a>"#
            ),
            [s("an event handler", "onclick", "//app.acme.example/b")]
        );
        assert_eq!(
            scripted(
                r#"<script type="text/template"><a href="https://app.acme.example/c">c</a></script>"#
            ),
            [s("a <script>", "script", "https://app.acme.example/c")]
        );
        assert_eq!(
            scripted(
                r#"<iframe srcdoc="<a href=&quot;https://app.acme.example/d&quot;>d</a>"></iframe>"#
            ),
            [s(
                "a frame's srcdoc",
                "srcdoc",
                "https://app.acme.example/d"
            )]
        );
        assert_eq!(
            scripted(
                r#"<svg><a href="/x/"><set attributeName="href" to="https://app.acme.example/e"/></a><script>location='https://app.acme.example/f'</script></svg>"#
            ),
            [
                s("an SVG animation", "to", "https://app.acme.example/e"),
                s("a <script>", "script", "https://app.acme.example/f")
            ]
        );
        // track() escaped for HTML inside a script: `&amp;` is four
        // characters there, and the URL is not the tracked one.
        let escaped = tracked("https://app.acme.example/g").replace('&', "&amp;");
        assert_eq!(
            scripted(&format!("<script>location.href = \"{escaped}\";</script>")),
            [s("a <script>", "script", &escaped)]
        );
        // The page's tracked URL is right wherever it stands: in a script
        // through `| js`, as JSON, in an attribute as track() writes it.
        let url = tracked("https://app.acme.example/g");
        let literal = crate::track::script::js_literal(&url);
        let attribute = html_escape::encode_double_quoted_attribute(&url);
        for fine in [
            format!("<script>location.href = {literal};</script>"),
            format!(
                "<script>go({})</script>",
                serde_json::to_string(&url).unwrap().replace('/', "\\/")
            ),
            format!(
                "<button data-href=\"{attribute}\" onclick=\"location.href=this.dataset.href\">b</button>"
            ),
            format!("<button onclick=\"location.href={literal}\">b</button>"),
            // Structured data, tailor's own script, a host merely named.
            r#"<script type="application/ld+json">{"url":"https://app.acme.example/h"}</script>"#
                .to_string(),
            "<script>var own = 'https://app.acme.example/own';</script>".to_string(),
            "<script>gtag('config', 'G-1', {linker: {domains: ['app.acme.example']}})</script>"
                .to_string(),
            // Not on a product host.
            "<script>location.href = 'https://other.example/app.acme.example';</script>"
                .to_string(),
        ] {
            assert_eq!(scripted(&fine), [], "{fine}");
        }
        // The button's handler is read whatever its case.
        assert_eq!(
            scripted(r#"<div ONCLICK="location='https://app.acme.example/i'"></div>"#).len(),
            1
        );
    }

    #[test]
    fn frames_and_embedded_documents_are_tracked_as_links_are() {
        let r = rewrite_links(
            r#"<div data-placement="demo"><iframe src="https://app.acme.example/embed?x=1">fallback <a href="https://app.acme.example/raw"></iframe><object data="https://app.acme.example/o"></object><embed src="https://app.acme.example/e"></div><iframe src="/for/x/"></iframe>"#,
            &policy(),
            &page(),
        )
        .unwrap();
        assert_eq!(r.product_links, 3, "{}", r.html);
        assert!(
            r.html.contains(r#"<iframe src="https://app.acme.example/embed?x=1&amp;via=jane&amp;utm_source=jane&amp;utm_medium=affiliate&amp;utm_campaign=seg&amp;utm_content=demo">fallback <a href="https://app.acme.example/raw"></iframe>"#),
            "an iframe's content is text: {}",
            r.html
        );
        assert!(
            r.html
                .contains(r#"<object data="https://app.acme.example/o?via=jane&amp;"#)
        );
        assert!(
            r.html
                .contains(r#"<embed src="https://app.acme.example/e?via=jane&amp;"#)
        );
        assert_eq!(r.internal, ["/for/x/"]);
        assert_browser_agrees(&r.html);
    }

    #[test]
    fn the_first_base_is_kept_and_one_to_another_site_reported() {
        let r = rewrite_links(
            r#"<base href="https://other.example/"><base href="/x/"><a href="y/">y</a>"#,
            &policy(),
            &page(),
        )
        .unwrap();
        assert_eq!(r.base.as_deref(), Some("https://other.example/"));
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].kind, FindingKind::BaseElsewhere);
        let own = rewrite_links(r#"<base href="/partners/">"#, &policy(), &page()).unwrap();
        assert!(own.findings.is_empty());
    }

    #[test]
    fn a_page_rendered_to_be_located_says_where_each_finding_was_written() {
        let input = format!(
            r#"<a {MARK}="t.html:3:1" href="https://app.acme.example/?fpr=x">a</a><a href="/y/" {MARK}="c.md:9:2">y</a><script {MARK}="t.html:7:1">location='https://app.acme.example/z'</script>"#
        );
        let reading = Reading {
            marked: true,
            ..Reading::default()
        };
        let r = rewrite_links_with(&input, &policy(), &page(), &reading).unwrap();
        let at: Vec<Option<&str>> = r.findings.iter().map(|f| f.at.as_deref()).collect();
        assert_eq!(at, [Some("t.html:3:1"), Some("t.html:7:1")]);
        assert_eq!(r.internal_at, [Some("c.md:9:2".to_string())]);
        // Unmarked, nothing is looked for.
        let plain = rewrite_links(&input, &policy(), &page()).unwrap();
        assert!(plain.findings.iter().all(|f| f.at.is_none()));
        assert!(plain.internal_at.is_empty());
    }

    #[test]
    fn forms_refreshes_and_bases_to_the_product_are_reported() {
        let input = r#"<form action="https://app.acme.example/signup"><button formaction="https://app.acme.example/x">b</button></form><meta http-equiv="Refresh" content="0; URL='https://app.acme.example/y'"><base href="https://app.acme.example/"><form action="/search"></form>"#;
        let r = rewrite_links(input, &policy(), &page()).unwrap();
        let places: Vec<_> = r
            .findings
            .iter()
            .map(|f| match &f.kind {
                FindingKind::Untrackable { place } => (*place, f.href.as_str()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            places,
            [
                ("a form's action", "https://app.acme.example/signup"),
                ("a formaction", "https://app.acme.example/x"),
                ("a <meta http-equiv=refresh>", "https://app.acme.example/y"),
                ("a <base href>", "https://app.acme.example/"),
            ]
        );
        let js =
            rewrite_links(r#"<form action="javascript:alert(1)">"#, &policy(), &page()).unwrap();
        assert_eq!(js.findings.len(), 1);
        assert_eq!(
            (
                &js.findings[0].kind,
                js.findings[0].href.as_str(),
                js.findings[0].attr.as_str()
            ),
            (&FindingKind::ScriptLink, "javascript:alert(1)", "action")
        );
        assert_eq!(refresh_url("5;url=/x").as_deref(), Some("/x"));
        assert_eq!(refresh_url("5").as_deref(), None);
    }

    #[test]
    fn every_placement_attribute_goes_whatever_its_place_in_the_tag() {
        // A fuzzer's finding: a tag with two `data-placement`s kept the
        // second, which the next pass then removed. And one written before
        // a rewritten href stayed.
        for input in [
            r#"<div class="x" data-placement="a" data-placement="b"><a href="https://app.acme.example/">x</a></div>"#,
            r#"<div class="x" data-placement="b% s=" w p" data-placement="body"><a href="https://app.acme.example/">x</a></div>"#,
            r#"<a data-placement="hero" href="https://app.acme.example/">x</a>"#,
            r#"<a data-placement="hero" href="https://app.acme.example/" DATA-PLACEMENT="cta">x</a>"#,
        ] {
            let once = html(input);
            assert!(
                !once.to_ascii_lowercase().contains("data-placement"),
                "{input}\n→ {once}"
            );
            assert_eq!(html(&once), once, "{input}");
        }
        // The first one is the one a browser reads.
        let out = html(
            r#"<div data-placement="a" data-placement="b"><a href="https://app.acme.example/">x</a></div>"#,
        );
        assert!(out.contains("utm_content=a"), "{out}");
        let out = html(r#"<a data-placement="hero" href="https://app.acme.example/">x</a>"#);
        assert!(out.contains("utm_content=hero"), "{out}");
    }

    #[test]
    fn referral_parameters_are_compared_without_case() {
        let out = html(r#"<a href="https://app.acme.example/?VIA=evil&amp;Via=other">x</a>"#);
        assert!(
            !out.to_lowercase().contains("evil") && !out.contains("other"),
            "{out}"
        );
        assert_eq!(
            out.matches("via=").count() + out.matches("VIA=").count(),
            1,
            "{out}"
        );
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

        /// Content reaches the pass as a standards parser wrote it back
        /// (`content::html`): whatever an author wrote, every link a browser
        /// follows to the product carries exactly one referral code.
        #[test]
        fn a_browser_follows_no_product_link_of_content_without_its_code(parts in proptest::collection::vec(proptest::sample::select(JUNK.to_vec()), 0..30)) {
            let written: String = parts.concat();
            let canonical = canonical(&written);
            let page = format!("<!doctype html><html><body><main data-placement=\"body\">{canonical}</main><a href=\"https://app.acme.example/signup\">cta</a></body></html>");
            let out = rewrite_links(&page, &policy(), &page_tracking()).unwrap().html;
            for (href, ok) in browser_view(&out) {
                proptest::prop_assert!(ok, "a browser follows {} without one via=jane in:\n{}\n→\n{}", href, written, out);
            }
        }

        /// Template-like markup — elements properly nested, with comments,
        /// scripts, SVG and MathML in all their forms — is read as a
        /// browser reads it.
        #[test]
        fn a_browser_follows_no_product_link_of_nested_markup_without_its_code(markup in nested()) {
            let out = rewrite_links(&markup, &policy(), &page_tracking()).unwrap().html;
            for (href, ok) in browser_view(&out) {
                proptest::prop_assert!(ok, "a browser follows {} without one via=jane in:\n{}\n→\n{}", href, markup, out);
            }
        }

        /// The fast reading of a tag and the full one agree on where it
        /// ends, whether it has a `data-*` attribute and whether it closes
        /// itself.
        #[test]
        fn both_readings_of_a_tag_agree(tag in "( |a|data|-|x|=|\"|'|/|>|\n|DATA-p|v=|d=\"x\"|/>|id|I){0,16}") {
            let fast = scan_tag_fast(tag.as_bytes(), 0);
            let full = scan_tag(&tag, 0, None);
            // A tag the input ends in has nothing after it to act on.
            if full.0 < tag.len() {
                proptest::prop_assert_eq!(fast, full, "{:?}", tag);
            } else {
                proptest::prop_assert_eq!(fast.0, full.0, "{:?}", tag);
            }
        }

        /// A page without links or placements comes out byte for byte.
        #[test]
        fn pages_without_links_are_untouched(html in "[^<]{0,50}(<(p|div|span|em) class=\"[a-z ]{0,8}\">[^<]{0,20}</(p|div|span|em)>){0,5}") {
            proptest::prop_assert_eq!(rewrite_links(&html, &policy(), &page()).unwrap().html, html);
        }
    }
}
