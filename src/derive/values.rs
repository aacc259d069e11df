//! Cell values as exports write them: `$4,800`, `85%`, `yes`, `churned`.
//! A value that cannot be read is an error, never a guess.

/// A number, ignoring currency signs, spaces, `%` and thousands separators.
pub fn number(cell: &str) -> Result<Option<f64>, String> {
    let t = cell.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(v) = t.parse::<f64>() {
        return if v.is_finite() {
            Ok(Some(v))
        } else {
            Err(format!("\"{t}\" is not a number"))
        };
    }
    let mut s: String = t
        .chars()
        .filter(|c| !matches!(c, '$' | '€' | '£' | '%' | ' ' | '_' | '\u{a0}'))
        .collect();
    for suffix in ["USD", "EUR", "GBP", "usd", "eur", "gbp"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.trim().to_string();
        }
    }
    // `1,234.5` and `4,800`: commas group thousands; `4,8`: a decimal comma.
    if s.contains('.') || is_thousands(&s) {
        s = s.replace(',', "");
    } else {
        s = s.replace(',', ".");
    }
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(format!("\"{t}\" is not a number")),
    }
}

/// `4,800` or `1,234,567`: commas every three digits.
fn is_thousands(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut groups = digits.split(',');
    let first = groups.next().unwrap_or("");
    digits.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A number within `lo..=hi`.
pub fn bounded(cell: &str, lo: f64, hi: f64) -> Result<Option<f64>, String> {
    match number(cell)? {
        Some(v) if v < lo || v > hi => Err(format!("{} is outside {lo}-{hi}", cell.trim())),
        other => Ok(other),
    }
}

pub fn count(cell: &str) -> Result<Option<u32>, String> {
    match number(cell)? {
        Some(v) if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) => Ok(Some(v as u32)),
        Some(_) => Err(format!(
            "\"{}\" is not a whole number of 0 or more",
            cell.trim()
        )),
        None => Ok(None),
    }
}

/// Yes/no cells; the `status` column's `churned` / `active` too.
pub fn flag(cell: &str) -> Result<Option<bool>, String> {
    let t = cell.trim().to_lowercase();
    match t.as_str() {
        "" => Ok(None),
        "true" | "yes" | "y" | "1" | "x" | "churned" | "cancelled" | "canceled" | "lost"
        | "inactive" => Ok(Some(true)),
        "false" | "no" | "n" | "0" | "active" | "retained" | "customer" | "current" => {
            Ok(Some(false))
        }
        _ => Err(format!("\"{}\" is not yes or no", cell.trim())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_exports_write_them() {
        for (cell, want) in [
            ("4800", Some(4800.0)),
            ("$4,800", Some(4800.0)),
            ("1,234,567.5", Some(1234567.5)),
            ("4800 USD", Some(4800.0)),
            ("85%", Some(85.0)),
            ("4,5", Some(4.5)),
            ("-2", Some(-2.0)),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(number(cell), Ok(want), "{cell:?}");
        }
        assert!(number("abc").is_err());
        assert!(number("NaN").is_err());
    }

    #[test]
    fn ranges_counts_flags_tags() {
        assert_eq!(bounded("10", 0.0, 10.0), Ok(Some(10.0)));
        assert_eq!(bounded("11", 0.0, 10.0), Err("11 is outside 0-10".into()));
        assert_eq!(count("3"), Ok(Some(3)));
        assert!(count("2.5").is_err());
        assert!(count("-1").is_err());
        assert_eq!(flag("Churned"), Ok(Some(true)));
        assert_eq!(flag("no"), Ok(Some(false)));
        assert_eq!(flag(""), Ok(None));
        assert!(flag("maybe").is_err());
    }
}
