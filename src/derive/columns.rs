//! The columns `derive` understands, and the names CRMs and
//! customer-success tools give them.

use crate::diag::Diagnostic;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Column {
    Account,
    Niche,
    Channel,
    HealthScore,
    Nps,
    Csat,
    Ltv,
    Arr,
    SupportTickets,
    Upsell,
    Churned,
    PainPoints,
    UseCases,
}

/// Header names, normalised (lowercase, words joined by `_`), per column.
const ALIASES: [(Column, &[&str]); 13] = [
    (
        Column::Account,
        &[
            "account",
            "account_name",
            "company",
            "company_name",
            "customer",
            "customer_name",
            "organization",
            "organisation",
        ],
    ),
    (Column::Niche, &["niche", "industry", "vertical", "sector"]),
    (
        Column::Channel,
        &[
            "channel",
            "source",
            "acquisition_channel",
            "lead_source",
            "acquisition_source",
            "original_source",
        ],
    ),
    (
        Column::HealthScore,
        &[
            "health_score",
            "health",
            "healthscore",
            "customer_health",
            "customer_health_score",
        ],
    ),
    (Column::Nps, &["nps", "nps_score", "net_promoter_score"]),
    (Column::Csat, &["csat", "csat_score", "satisfaction"]),
    (
        Column::Ltv,
        &["ltv", "lifetime_value", "clv", "customer_lifetime_value"],
    ),
    (Column::Arr, &["arr", "annual_recurring_revenue", "acv"]),
    (
        Column::SupportTickets,
        &[
            "support_tickets",
            "tickets",
            "ticket_count",
            "support_cases",
            "open_tickets",
        ],
    ),
    (
        Column::Upsell,
        &["upsell", "upsold", "expansion", "expanded"],
    ),
    (
        Column::Churned,
        &["churned", "churn", "is_churned", "churn_status", "status"],
    ),
    (
        Column::PainPoints,
        &[
            "pain_points",
            "pain_point",
            "pains",
            "challenges",
            "problems",
        ],
    ),
    (
        Column::UseCases,
        &[
            "use_cases",
            "use_case",
            "usecases",
            "features_used",
            "jobs_to_be_done",
        ],
    ),
];

impl Column {
    pub fn name(self) -> &'static str {
        Self::aliases(self)[0]
    }

    fn aliases(self) -> &'static [&'static str] {
        ALIASES
            .iter()
            .find(|(c, _)| *c == self)
            .map(|(_, a)| *a)
            .unwrap_or(&[])
    }
}

/// Which field of a row holds which column.
#[derive(Debug, Default)]
pub struct Layout {
    index: Vec<(Column, usize)>,
    pub width: usize,
    /// Headers that match no column, kept for the report.
    pub ignored: Vec<String>,
}

impl Layout {
    pub fn get(&self, c: Column) -> Option<usize> {
        self.index
            .iter()
            .find(|(col, _)| *col == c)
            .map(|(_, i)| *i)
    }

    pub fn has(&self, c: Column) -> bool {
        self.get(c).is_some()
    }

    /// Maps a header row, or says which needed columns are missing.
    pub fn from_headers(headers: &[&str], file: &Path) -> Result<Layout, Vec<Diagnostic>> {
        let mut layout = Layout {
            width: headers.len(),
            ..Default::default()
        };
        let mut errors = Vec::new();
        for (i, raw) in headers.iter().enumerate() {
            let name = normalise(raw);
            match ALIASES
                .iter()
                .find(|(_, names)| names.contains(&name.as_str()))
            {
                Some((col, _)) => match layout.get(*col) {
                    Some(first) => errors.push(
                        Diagnostic::error(
                            file,
                            format!(
                                "columns \"{}\" and \"{}\" both mean {}",
                                headers[first].trim(),
                                raw.trim(),
                                col.name()
                            ),
                        )
                        .at(1, i + 1)
                        .hint("remove or rename one of them"),
                    ),
                    None => layout.index.push((*col, i)),
                },
                None => layout.ignored.push(raw.trim().to_string()),
            }
        }
        let looked_for = |c: Column| format!("{} ({})", c.name(), c.aliases()[1..].join(", "));
        let mut missing = Vec::new();
        for c in [Column::Niche, Column::Channel] {
            if !layout.has(c) {
                missing.push(looked_for(c));
            }
        }
        if !layout.has(Column::Nps) && !layout.has(Column::HealthScore) {
            missing.push(format!(
                "{} or {}",
                looked_for(Column::Nps),
                looked_for(Column::HealthScore)
            ));
        }
        if !missing.is_empty() {
            let found = if layout.index.is_empty() {
                "none of the columns derive needs"
            } else {
                "not every column derive needs"
            };
            errors.push(
                Diagnostic::error(
                    file,
                    format!("the header row has {found}: missing {}", missing.join("; ")),
                )
                .at(1, 1)
                .hint("rename the columns, or export them from your CRM"),
            );
        }
        if errors.is_empty() {
            Ok(layout)
        } else {
            Err(errors)
        }
    }
}

/// `Lead Source` → `lead_source`.
fn normalise(header: &str) -> String {
    let mut out = String::new();
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_ignore_case_and_punctuation() {
        let headers = [
            "Company Name",
            "Industry",
            "Lead Source",
            "NPS Score",
            "Health",
            "Pain-Points",
            "Notes",
        ];
        let layout = Layout::from_headers(&headers, Path::new("x.csv")).unwrap();
        assert_eq!(layout.get(Column::Account), Some(0));
        assert_eq!(layout.get(Column::Niche), Some(1));
        assert_eq!(layout.get(Column::Channel), Some(2));
        assert_eq!(layout.get(Column::Nps), Some(3));
        assert_eq!(layout.get(Column::HealthScore), Some(4));
        assert_eq!(layout.get(Column::PainPoints), Some(5));
        assert_eq!(layout.ignored, ["Notes"]);
    }

    #[test]
    fn says_what_it_looked_for() {
        let err = Layout::from_headers(&["a", "b"], Path::new("x.csv")).unwrap_err();
        let msg = err[0].to_string();
        assert!(msg.starts_with("x.csv:1:1: the header row has none of the columns derive needs: missing niche (industry, vertical, sector); channel (source,"), "{msg}");
        assert!(
            msg.contains("nps (nps_score, net_promoter_score) or health_score (health,"),
            "{msg}"
        );
        let err = Layout::from_headers(
            &["industry", "vertical", "channel", "nps"],
            Path::new("x.csv"),
        )
        .unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "x.csv:1:2: columns \"industry\" and \"vertical\" both mean niche — remove or rename one of them"
        );
    }
}
