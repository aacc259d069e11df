//! Affiliate-supplied text is always escaped: it can add no element,
//! attribute or URL to a page.

use crate::support::*;

#[test]
fn hostile_affiliate_text_is_escaped() {
    let site = fixture("escaping");
    site.build();
    let html = site.read("hostile/index.html");
    let page = site.page("hostile/index.html");
    // Only the persistence script, which carries no affiliate text...
    let scripts = select(&page, "script:not([type='application/ld+json'])");
    assert_eq!(scripts.len(), 1);
    assert!(!scripts[0].text().collect::<String>().contains("alert"));
    // ... and the structured data, where the name is JSON and cannot end
    // the element.
    let data = select(&page, "script[type='application/ld+json']");
    assert_eq!(data.len(), 1);
    let json: String = data[0].text().collect();
    assert!(!json.contains('<'), "{json}");
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let name = json["@graph"][1]["name"].as_str().unwrap();
    assert!(name.contains("<script>alert('name')</script>"), "{name}");
    assert!(select(&page, "img").is_empty());
    assert!(select(&page, "[onerror]").is_empty());
    assert!(
        hrefs(&page)
            .iter()
            .all(|h| !h.trim_start().to_lowercase().starts_with("javascript:"))
    );
    // The text is shown as text.
    let note: String = select(&page, ".note blockquote")[0].text().collect();
    assert!(
        note.contains("</p><script>alert('message')</script>"),
        "{note}"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
    // Nor can it reach the affiliate list or other pages' attributes.
    for (path, page) in site.html_files() {
        assert!(select(&page, "img").is_empty(), "{path}");
        assert!(select(&page, "[onerror]").is_empty(), "{path}");
    }
}
