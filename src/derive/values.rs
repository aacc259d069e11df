//! Cell values as exports write them: `$4,800`, `85%`, `yes`, `churned`.
//! A value that cannot be read is an error, never a guess.

/// Whether a cell says "no value" the way exports do: empty, `N/A`, `-`,
/// `#N/A`, `none`, `null`, `(blank)`, `unknown`.
pub fn missing(cell: &str) -> bool {
    const NONE: [&str; 16] = [
        "", "n/a", "na", "#n/a", "-", "--", "—", "–", "none", "null", "nil", "(blank)", "(none)",
        "(empty)", "unknown", "?",
    ];
    let cell = cell.trim();
    // Every word is short: a longer cell is a value, without a look.
    cell.len() <= 7 && NONE.iter().any(|w| w.eq_ignore_ascii_case(cell))
}

/// A number, ignoring currency signs, spaces, `%` and thousands separators.
pub fn number(cell: &str) -> Result<Option<f64>, String> {
    let t = cell.trim();
    if missing(t) {
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

/// A health score from 0 to 100, or the traffic light many tools show
/// instead: green (and healthy, good) is 100, amber (yellow, at risk,
/// fair) 50, red (unhealthy, poor, critical) 0 — so with the default
/// threshold of 70 only green accounts are healthy.
pub fn health(cell: &str) -> Result<Option<f64>, String> {
    let word = words(cell);
    match word.as_str() {
        "green" | "healthy" | "good" | "strong" => Ok(Some(100.0)),
        "amber" | "yellow" | "orange" | "at risk" | "fair" | "medium" | "neutral" | "okay"
        | "ok" => Ok(Some(50.0)),
        "red" | "unhealthy" | "poor" | "critical" | "bad" | "weak" => Ok(Some(0.0)),
        _ => bounded(cell, 0.0, 100.0).map_err(|e| {
            if number(cell).is_err() {
                format!(
                    "\"{}\" is neither a score from 0 to 100 nor green, amber or red",
                    cell.trim()
                )
            } else {
                e
            }
        }),
    }
}

/// Where an account stands, as CRMs say it in a status, type or lifecycle
/// stage column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Still a customer.
    Current,
    /// Was a customer and left: never a case-study or affiliate candidate.
    Churned,
    /// Never was one (a lead, an opportunity): not counted at all.
    NotCustomer,
}

/// The standing a cell says: yes/no for a "churned" column, and the words
/// of lifecycle stages and statuses (`Former customer`, `Closed lost`,
/// `Cancelled` are churned; `Customer`, `Evangelist`, `Customer - Direct`
/// current; `Lead`, `Opportunity`, `Subscriber` no customer yet).
pub fn standing(cell: &str) -> Result<Option<Standing>, String> {
    if missing(cell) {
        return Ok(None);
    }
    let word = words(cell);
    Ok(Some(match word.as_str() {
        "true" | "yes" | "y" | "1" | "x" | "churned" | "churn" | "cancelled" | "canceled"
        | "lost" | "closed lost" | "former customer" | "former" | "ex customer" | "inactive"
        | "terminated" | "lapsed" | "did not renew" | "not renewed" | "churned customer" => {
            Standing::Churned
        }
        "false" | "no" | "n" | "0" | "active" | "retained" | "customer" | "current" | "renewed"
        | "paying" | "closed won" | "won" | "evangelist" | "customer direct"
        | "customer channel" | "active customer" | "current customer" => Standing::Current,
        "lead"
        | "subscriber"
        | "prospect"
        | "opportunity"
        | "marketing qualified lead"
        | "marketingqualifiedlead"
        | "mql"
        | "sales qualified lead"
        | "salesqualifiedlead"
        | "sql"
        | "trial"
        | "trialing"
        | "other" => Standing::NotCustomer,
        _ => {
            return Err(format!(
                "\"{}\" says neither churned nor a customer — write yes or no, or a status such as Customer or Former customer",
                cell.trim()
            ));
        }
    }))
}

/// `Closed_Lost`, `closed-lost` and `Closed Lost` all read `closed lost`.
fn words(cell: &str) -> String {
    cell.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '–' | '—'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Yes/no cells.
pub fn flag(cell: &str) -> Result<Option<bool>, String> {
    if missing(cell) {
        return Ok(None);
    }
    let t = cell.trim().to_lowercase();
    match t.as_str() {
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
        assert_eq!(flag("N/A"), Ok(None));
        assert!(flag("maybe").is_err());
    }

    #[test]
    fn crm_words() {
        for cell in ["N/A", "-", "#N/A", "none", " ", "(blank)"] {
            assert_eq!(number(cell), Ok(None), "{cell:?}");
            assert_eq!(standing(cell), Ok(None), "{cell:?}");
            assert_eq!(health(cell), Ok(None), "{cell:?}");
        }
        for cell in [
            "Former customer",
            "Closed Lost",
            "closed_lost",
            "Cancelled",
            "Churned",
            "yes",
        ] {
            assert_eq!(standing(cell), Ok(Some(Standing::Churned)), "{cell:?}");
        }
        for cell in [
            "Customer",
            "customer - direct",
            "Evangelist",
            "Active",
            "no",
        ] {
            assert_eq!(standing(cell), Ok(Some(Standing::Current)), "{cell:?}");
        }
        for cell in [
            "Lead",
            "Opportunity",
            "marketingqualifiedlead",
            "Subscriber",
        ] {
            assert_eq!(standing(cell), Ok(Some(Standing::NotCustomer)), "{cell:?}");
        }
        assert!(standing("Partner").is_err());
        assert_eq!(health("Green"), Ok(Some(100.0)));
        assert_eq!(health("at-risk"), Ok(Some(50.0)));
        assert_eq!(health("RED"), Ok(Some(0.0)));
        assert_eq!(health("82"), Ok(Some(82.0)));
        assert!(health("blue").unwrap_err().contains("green, amber or red"));
        assert!(health("101").is_err());
    }
}
