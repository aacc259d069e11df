//! Brand colours: `#rgb` / `#rrggbb` as a site writes them, WCAG contrast
//! between two colours, and the lighter and darker shades a theme derives
//! from one. A leaf: it uses nothing of the crate.

/// A colour in sRGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// `#1f6f4a` or `#1f4`, any case.
    pub fn parse(text: &str) -> Result<Rgb, String> {
        let hex = text
            .trim()
            .strip_prefix('#')
            .ok_or_else(|| format!("\"{}\" is no colour: write it as #rrggbb", text.trim()))?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("\"#{hex}\" is no colour: #rrggbb takes hex digits 0-9, a-f"))?;
        match digits[..] {
            [r, g, b] => Ok(Rgb(r * 17, g * 17, b * 17)),
            [r1, r2, g1, g2, b1, b2] => Ok(Rgb(r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2)),
            _ => Err(format!(
                "\"#{hex}\" is no colour: write six hex digits, #rrggbb"
            )),
        }
    }

    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2 contrast ratio with `other`, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }

    /// This colour mixed with `other`, `t` of the way towards it.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_read_as_sites_write_them() {
        assert_eq!(Rgb::parse("#3730A3"), Ok(Rgb(0x37, 0x30, 0xa3)));
        assert_eq!(Rgb::parse(" #fff "), Ok(Rgb::WHITE));
        assert!(
            Rgb::parse("3730a3")
                .unwrap_err()
                .contains("write it as #rrggbb")
        );
        assert!(Rgb::parse("#37g0a3").unwrap_err().contains("hex digits"));
        assert!(Rgb::parse("#3730a").unwrap_err().contains("six hex digits"));
        assert_eq!(Rgb(0x37, 0x30, 0xa3).hex(), "#3730a3");
    }

    #[test]
    fn contrast_matches_wcag_s_figures() {
        assert!((Rgb(0, 0, 0).contrast(Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((Rgb::WHITE.contrast(Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the lightest grey that passes AA: 4.54.
        let grey = Rgb(0x76, 0x76, 0x76).contrast(Rgb::WHITE);
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
        assert!(Rgb(0x77, 0x77, 0x77).contrast(Rgb::WHITE) < 4.5);
    }
}
