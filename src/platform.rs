//! Affiliate platforms: which query parameter each one's script reads, which
//! codes it issues and how a code is written into a link.
//!
//! A page credits a signup only when its links carry the affiliate's code in
//! exactly the form the platform's own script reads. Every fact tailor
//! relies on about a platform is in [`PRESETS`], each with the public
//! document it was checked against (docs/tracking.md, "Platforms"), so a
//! preset is fixed in one place when a platform changes.

use serde::Deserialize;

/// Affiliate platforms with a preset (`tracking.platform`).
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Rewardful,
    Firstpromoter,
    Partnerstack,
    Tolt,
    Dub,
    Growsurf,
    Refersion,
    Tapfiliate,
    Lemonsqueezy,
    /// The site's own referral system: `ref`, codes as written.
    Generic,
}

/// What tailor knows about one platform.
#[derive(Debug)]
pub struct Preset {
    pub platform: Platform,
    /// As `tracking.platform` names it.
    pub name: &'static str,
    /// As the platform writes its own name, for messages.
    pub display: &'static str,
    /// The parameter its links carry.
    pub param: &'static str,
    /// Other parameters its script also reads as a referral code: a link
    /// carrying one of them would be credited to whoever it names.
    pub aliases: &'static [&'static str],
    /// Codes are stored lowercase by the platform, so they are written so.
    pub lowercase: bool,
    /// Characters a code may hold besides ASCII letters and digits.
    pub extra_chars: &'static str,
    /// How the code travels in the link.
    pub encoding: Encoding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The code itself (percent-encoded where needed).
    Plain,
    /// Base64 of the code: PartnerStack's `ps_partner_key`.
    Base64,
}

/// The longest code tailor writes into a link.
pub const MAX_CODE: usize = 128;

pub const PRESETS: [Preset; 10] = [
    // Checked against help.rewardful.com, "Tracking referred visits from existing affiliate URLs"; developers.rewardful.com, affiliate links (tokens: letters, numbers and dashes).
    Preset {
        platform: Platform::Rewardful,
        name: "rewardful",
        display: "Rewardful",
        param: "via",
        aliases: &[],
        lowercase: false,
        extra_chars: "-",
        encoding: Encoding::Plain,
    },
    // Checked against docs.firstpromoter.com, "Tracking without fpr.js" (fpr, via, fp_ref, deal, ref, _from, _by, _go).
    Preset {
        platform: Platform::Firstpromoter,
        name: "firstpromoter",
        display: "FirstPromoter",
        param: "fpr",
        aliases: &["via", "fp_ref", "deal", "ref", "_from", "_by", "_go"],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
    // Checked against docs.partnerstack.com, "Advanced usage" and "Getting integrated with S2S" (ps_partner_key: the Base64-encoded partner key; gspk is the legacy name).
    Preset {
        platform: Platform::Partnerstack,
        name: "partnerstack",
        display: "PartnerStack",
        param: "ps_partner_key",
        aliases: &["gspk"],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Base64,
    },
    // Checked against docs.tolt.com, "Create a link" (the value is saved in lowercase; param defaults to ref).
    Preset {
        platform: Platform::Tolt,
        name: "tolt",
        display: "Tolt",
        param: "ref",
        aliases: &[],
        lowercase: true,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
    // Checked against dub.co/docs, "Client-side click tracking" (?via=john).
    Preset {
        platform: Platform::Dub,
        name: "dub",
        display: "Dub",
        param: "via",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
    // Checked against support.growsurf.com, "How can I manually trigger a referral" (https://yourwebsite.com?grsf=xia2zh).
    Preset {
        platform: Platform::Growsurf,
        name: "growsurf",
        display: "GrowSurf",
        param: "grsf",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_",
        encoding: Encoding::Plain,
    },
    // Checked against Refersion Help Center, "How to create and use referral links" (?rfsn=123456.abc123).
    Preset {
        platform: Platform::Refersion,
        name: "refersion",
        display: "Refersion",
        param: "rfsn",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
    // Checked against support.tapfiliate.com, "Customizing affiliate links" (?ref=johndoe with referral codes on).
    Preset {
        platform: Platform::Tapfiliate,
        name: "tapfiliate",
        display: "Tapfiliate",
        param: "ref",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
    // Checked against docs.lemonsqueezy.com, "Getting referrals" (?aff=1234).
    Preset {
        platform: Platform::Lemonsqueezy,
        name: "lemonsqueezy",
        display: "Lemon Squeezy",
        param: "aff",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_",
        encoding: Encoding::Plain,
    },
    // Checked against your own referral system.
    Preset {
        platform: Platform::Generic,
        name: "generic",
        display: "your affiliate platform",
        param: "ref",
        aliases: &[],
        lowercase: false,
        extra_chars: "-_.",
        encoding: Encoding::Plain,
    },
];

/// Parameters some platform reads as a referral code. A link written with
/// one the site's platform does not read names someone on another program.
pub const KNOWN_PARAMS: [&str; 14] = [
    "ref",
    "via",
    "fpr",
    "fp_ref",
    "gspk",
    "gsxid",
    "ps_partner_key",
    "ps_xid",
    "grsf",
    "rfsn",
    "aff",
    "tap_a",
    "tap_s",
    "dub_id",
];

impl Platform {
    pub fn preset(self) -> &'static Preset {
        PRESETS
            .iter()
            .find(|p| p.platform == self)
            .expect("every platform has a preset")
    }
}

impl Preset {
    /// Whether `param` is one this platform's script reads.
    pub fn reads(&self, param: &str) -> bool {
        self.param.eq_ignore_ascii_case(param)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(param))
    }

    /// The code as the platform stores it, or why it cannot be one.
    pub fn code(&self, written: &str) -> Result<String, String> {
        let code = written.trim();
        if code.is_empty() {
            return Err("the referral code is empty".into());
        }
        if code.chars().count() > MAX_CODE {
            return Err(format!(
                "the referral code is {} characters long; at most {MAX_CODE} fit in a link",
                code.chars().count()
            ));
        }
        if let Some(bad) = code
            .chars()
            .find(|&c| !(c.is_ascii_alphanumeric() || self.extra_chars.contains(c)))
        {
            let allowed = self
                .extra_chars
                .chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" ");
            let whose = if self.platform == Platform::Generic {
                "codes in links".to_string()
            } else {
                format!("{} codes", self.display)
            };
            return Err(format!(
                "the referral code has {}: {whose} are letters, digits{}",
                describe(bad),
                if allowed.is_empty() {
                    String::new()
                } else {
                    format!(" and {allowed}")
                }
            ));
        }
        Ok(if self.lowercase {
            code.to_lowercase()
        } else {
            code.to_string()
        })
    }

    /// The value of the referral parameter for `code`.
    pub fn encode(&self, code: &str) -> String {
        match self.encoding {
            Encoding::Plain => code.to_string(),
            Encoding::Base64 => base64(code.as_bytes()),
        }
    }
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if crate::diag::is_hidden_control(c) => {
            format!("the hidden character U+{:04X}", u32::from(c))
        }
        c => format!("\"{c}\""),
    }
}

/// Standard Base64 with padding (RFC 4648 §4), as PartnerStack's script
/// decodes it (and as `data:` URLs are written).
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_is_written_as_it_writes_itself() {
        for preset in PRESETS.iter().filter(|p| p.platform != Platform::Generic) {
            let folded: String = preset
                .display
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(folded, preset.name, "{}", preset.display);
        }
        let named = |n: &str| PRESETS.iter().find(|p| p.name == n).unwrap().display;
        assert_eq!(named("partnerstack"), "PartnerStack");
        assert_eq!(named("firstpromoter"), "FirstPromoter");
        assert_eq!(named("lemonsqueezy"), "Lemon Squeezy");
    }

    #[test]
    fn base64_matches_rfc_4648_test_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want, "{input}");
        }
    }

    #[test]
    fn every_platform_has_one_preset_and_a_usable_parameter() {
        for p in &PRESETS {
            assert_eq!(p.platform.preset().name, p.name);
            assert!(p.reads(p.param));
            assert!(!p.param.starts_with("utm_"));
            assert!(KNOWN_PARAMS.contains(&p.param), "{}", p.name);
        }
    }

    #[test]
    fn codes_follow_the_platform() {
        let rewardful = Platform::Rewardful.preset();
        assert_eq!(rewardful.code(" Jane-20 ").unwrap(), "Jane-20");
        assert!(rewardful.code("jane_20").unwrap_err().contains("\"_\""));
        assert_eq!(Platform::Tolt.preset().code("JaneDoe").unwrap(), "janedoe");
        assert_eq!(
            Platform::Refersion.preset().code("123456.abc123").unwrap(),
            "123456.abc123"
        );
        assert!(
            Platform::Generic
                .preset()
                .code("a b")
                .unwrap_err()
                .contains("a space")
        );
        assert!(Platform::Generic.preset().code("").is_err());
        assert!(Platform::Generic.preset().code(&"x".repeat(129)).is_err());
        let ps = Platform::Partnerstack.preset();
        assert_eq!(ps.encode("partner-key"), "cGFydG5lci1rZXk=");
        assert_eq!(Platform::Firstpromoter.preset().encode("Joe13"), "Joe13");
    }

    #[test]
    fn firstpromoter_reads_its_aliases() {
        let fp = Platform::Firstpromoter.preset();
        for p in ["fpr", "FPR", "via", "ref", "_go", "deal"] {
            assert!(fp.reads(p), "{p}");
        }
        assert!(!fp.reads("grsf"));
    }
}
