//! An affiliate's note as HTML: its text escaped, and the web addresses in
//! it made links where they go to the product or to the site itself (the
//! link pass then gives a product link the affiliate's code). Any other
//! address stays text: a note is the affiliate's words, not a way to send
//! visitors, and their referral, elsewhere.

use crate::track::{LinkKind, LinkPolicy};

/// `text` as HTML, with the addresses of allowed hosts as links.
pub fn html(text: &str, policy: &LinkPolicy) -> String {
    render(text, policy, None)
}

/// [`html`] with every link marked as written at `place`, the note's
/// field in the affiliate's record (see `mark`).
pub fn html_marked(text: &str, policy: &LinkPolicy, place: &str) -> String {
    render(text, policy, Some(place))
}

fn render(text: &str, policy: &LinkPolicy, place: Option<&str>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(at) = next_address(rest) {
        let (before, from) = rest.split_at(at);
        out.push_str(&html_escape::encode_text(before));
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(from.len());
        // Sentence punctuation after an address is not part of it.
        let address = from[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let linked = address.len() > "https://".len()
            && url::Url::parse(address).is_ok()
            && matches!(
                policy.classify(address),
                LinkKind::Product | LinkKind::Internal
            );
        if linked {
            out.push_str("<a ");
            if let Some(place) = place {
                out.push_str(crate::mark::MARK);
                out.push_str("=\"");
                out.push_str(&html_escape::encode_double_quoted_attribute(place));
                out.push_str("\" ");
            }
            out.push_str("href=\"");
            out.push_str(&html_escape::encode_double_quoted_attribute(address));
            out.push_str("\">");
            out.push_str(&html_escape::encode_text(address));
            out.push_str("</a>");
        } else {
            out.push_str(&html_escape::encode_text(address));
        }
        rest = &from[address.len()..];
    }
    out.push_str(&html_escape::encode_text(rest));
    out
}

/// Where the next `http://` or `https://` address starts, as a word of
/// prose: at the start, or after a space or an opening bracket (not inside
/// something that looks like markup, `href="https://…`).
fn next_address(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find("http") {
        let at = from + i;
        let rest = &text[at..];
        let starts_word = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '«' | '“'));
        if starts_word && (rest.starts_with("https://") || rest.starts_with("http://")) {
            return Some(at);
        }
        from = at + 4;
    }
    None
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

    #[test]
    fn product_and_site_addresses_become_links_others_stay_text() {
        let p = policy();
        assert_eq!(
            html(
                "Try https://app.acme.example/signup. Or see https://evil.example/x!",
                &p
            ),
            "Try <a href=\"https://app.acme.example/signup\">https://app.acme.example/signup</a>. Or see https://evil.example/x!"
        );
        assert_eq!(
            html("<b>& (https://partners.acme.example/for/fintech/)", &p),
            "&lt;b&gt;&amp; (<a href=\"https://partners.acme.example/for/fintech/\">https://partners.acme.example/for/fintech/</a>)"
        );
        assert_eq!(
            html("xhttps://app.acme.example/ https://", &p),
            "xhttps://app.acme.example/ https://"
        );
        assert_eq!(html("no address", &p), "no address");
        assert_eq!(
            html("<a href=\"https://app.acme.example/\">", &p),
            "&lt;a href=\"https://app.acme.example/\"&gt;"
        );
    }
}
