//! The partner kit: what an affiliate needs to share their page — their
//! URL, a QR code of it, their social card, texts to post in their
//! language with share links, and their offer.
//!
//! A kit page is the theme's `kit.html`, self-contained (its style inline,
//! the QR code inline, the card beside it), so it works from a folder, an
//! email attachment or a published, unlisted URL alike. `tailor kit`
//! writes one per affiliate outside the published site; a build with
//! `TAILOR_KIT_SECRET` set publishes them under paths only the secret
//! gives (see `plan::kits`).

use serde::Serialize;
use tera::{Context, Value};

use super::Renderer;
use crate::diag::Diagnostic;
use crate::offer::Incentive;
use crate::plan::{Active, Kind, Site};

/// Where a kit page finds its files: relative to the page, or absolute.
pub struct KitFiles {
    pub card: Option<String>,
    pub qr_svg: String,
    pub qr_png: String,
}

#[derive(Serialize)]
struct Share {
    /// `email`, `linkedin`, `x` or `whatsapp`.
    network: &'static str,
    label: String,
    /// The email's subject.
    subject: Option<String>,
    text: String,
    /// Opens the network's composer with the text (or the URL) filled in.
    intent: String,
}

#[derive(Serialize)]
struct KitCtx<'a> {
    name: &'a str,
    first_name: &'a str,
    company: Option<&'a str>,
    slug: &'a str,
    code: &'a str,
    lang: &'a str,
    /// `rtl` or `ltr`, as the language is written.
    dir: &'static str,
    /// Their page; the QR code's URL; the tracked signup link.
    url: String,
    qr_url: String,
    signup_url: String,
    offer: &'a Incentive,
    card: Option<&'a str>,
    /// The site's logo as a `data:` URL, with its size 32 px high.
    logo: Option<KitLogo<'a>>,
    qr_svg: Value,
    qr_svg_file: &'a str,
    qr_png_file: &'a str,
    shares: Vec<Share>,
    /// Published at an unlisted URL: the page asks not to be indexed.
    published: bool,
}

#[derive(Serialize)]
struct KitLogo<'a> {
    src: &'a str,
    width: u32,
    height: u32,
}

/// What percent-encoding leaves alone in a share intent's value.
const QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A value in a share intent (`mailto:`, a post or message to prefill):
/// a space is `%20`, which every mail program reads (`+` is a plus sign in
/// `mailto:`). Tracked URLs encode their values with
/// `track::push_utm_value`.
fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY).to_string()
}

/// The URL an affiliate's QR code opens: their page, with the QR medium,
/// encoded as every tracked URL's values are.
pub fn qr_url(site: &Site, affiliate: Active) -> String {
    let mut url = site.absolute(site.out(site.affiliates[affiliate].artifact));
    url.push(if url.contains('?') { '&' } else { '?' });
    url.push_str("utm_medium=");
    crate::track::push_utm_value(&mut url, &site.config.tracking.qr_medium);
    url
}

/// Where a tracked direct link to the product is placed, for its
/// `utm_content`: handed out, not clicked on a page.
const DIRECT: &str = "direct";

/// The tracked signup link handed to an affiliate (`utm_content=direct`),
/// as `tailor links` and the kit give it.
pub fn signup_url(site: &Site, affiliate: Active) -> String {
    let signup = site.config.signup_url.as_str();
    site.policy
        .rewrite_link(signup, &site.tracking(&Kind::Affiliate(affiliate)), DIRECT)
        .new
        .unwrap_or_else(|| signup.to_string())
}

impl Renderer<'_> {
    /// The kit page of affiliate `i` (index into `Site::affiliates`).
    pub fn kit_page(
        &self,
        i: Active,
        files: &KitFiles,
        published: bool,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let plan = &site.affiliates[i];
        let a = &site.content.affiliates[plan.affiliate];
        let li = plan.lang;
        let lang = site.config.locales[li].as_str();
        let first_name = a.first_name();
        let url = site.absolute(site.out(plan.artifact));
        let brand = site.config.name.as_str();
        let offer_label = plan
            .offer
            .referred
            .as_ref()
            .map_or("", |o| o.label.as_str());
        let pitch = match &plan.offer.referred {
            None => String::new(),
            Some(offer) => {
                let (key, offer) = offer.sentence("share_pitch");
                self.text(lang, &key, &[("offer", offer)])?
            }
        };
        let args = [
            ("name", a.name.as_str()),
            ("first_name", first_name),
            ("brand", brand),
            ("offer", offer_label),
            ("pitch", pitch.as_str()),
            ("url", url.as_str()),
        ];
        let text = |key: &str| -> Result<String, Diagnostic> {
            Ok(self
                .text(lang, key, &args)?
                .replace("  ", " ")
                .trim()
                .to_string())
        };
        let subject = text("share_email_subject")?;
        let email = text("share_email_body")?;
        let linkedin = text("share_linkedin")?;
        let x = text("share_x")?;
        let whatsapp = text("share_whatsapp")?;
        let shares = vec![
            Share {
                network: "email",
                label: text("kit_email")?,
                intent: format!("mailto:?subject={}&body={}", enc(&subject), enc(&email)),
                subject: Some(subject),
                text: email,
            },
            Share {
                network: "linkedin",
                label: "LinkedIn".into(),
                subject: None,
                intent: format!(
                    "https://www.linkedin.com/sharing/share-offsite/?url={}",
                    enc(&url)
                ),
                text: linkedin,
            },
            Share {
                network: "x",
                label: "X".into(),
                subject: None,
                intent: format!("https://x.com/intent/post?text={}", enc(&x)),
                text: x,
            },
            Share {
                network: "whatsapp",
                label: "WhatsApp".into(),
                subject: None,
                intent: format!("https://wa.me/?text={}", enc(&whatsapp)),
                text: whatsapp,
            },
        ];
        let qr_url = qr_url(site, i);
        let label = self.text(lang, "kit_qr_label", &[("name", &a.name)])?;
        let qr =
            super::qr::svg(&qr_url, &label).map_err(|e| Diagnostic::error(&*a.slug_at.file, e))?;
        let mut ctx: Context = self.bases[li].clone();
        ctx.insert(
            "kit",
            &KitCtx {
                name: &a.name,
                first_name,
                company: a.company.as_deref(),
                slug: &a.slug,
                code: &plan.code,
                lang,
                dir: crate::lang::direction(lang),
                url,
                qr_url,
                signup_url: signup_url(site, i),
                offer: &plan.offer,
                card: files.card.as_deref(),
                logo: self
                    .theme
                    .logo_data
                    .as_deref()
                    .zip(site.config.logo.as_ref())
                    .map(|(src, logo)| KitLogo {
                        src,
                        width: ((logo.width * 32.0 / logo.height).round() as u32).max(1),
                        height: 32,
                    }),
                qr_svg: Value::safe_string(&qr),
                qr_svg_file: &files.qr_svg,
                qr_png_file: &files.qr_png,
                shares,
                published,
            },
        );
        self.theme.render("kit.html", &ctx)
    }

    fn text(&self, lang: &str, key: &str, args: &[(&str, &str)]) -> Result<String, Diagnostic> {
        self.theme.i18n.format(lang, key, args)
    }
}
