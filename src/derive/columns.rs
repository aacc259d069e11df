//! The columns `derive` understands, and the names CRMs and
//! customer-success tools give them.

use crate::diag::Diagnostic;
use crate::table::{self, Field, Header};
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

/// Every column, with the headers CRMs give it (normalised: lowercase,
/// words joined by `_`).
const FIELDS: [Field<Column>; 13] = [
    field(
        Column::Account,
        "account",
        &[
            "account_name",
            "company",
            "company_name",
            "customer",
            "customer_name",
            "organization",
            "organisation",
        ],
    ),
    field(Column::Niche, "niche", &["industry", "vertical", "sector"]),
    field(
        Column::Channel,
        "channel",
        &[
            "source",
            "acquisition_channel",
            "lead_source",
            "acquisition_source",
            "original_source",
        ],
    ),
    field(
        Column::HealthScore,
        "health_score",
        &[
            "health",
            "healthscore",
            "customer_health",
            "customer_health_score",
        ],
    ),
    field(Column::Nps, "nps", &["nps_score", "net_promoter_score"]),
    field(Column::Csat, "csat", &["csat_score", "satisfaction"]),
    field(
        Column::Ltv,
        "ltv",
        &["lifetime_value", "clv", "customer_lifetime_value"],
    ),
    field(Column::Arr, "arr", &["annual_recurring_revenue", "acv"]),
    field(
        Column::SupportTickets,
        "support_tickets",
        &["tickets", "ticket_count", "support_cases", "open_tickets"],
    ),
    field(Column::Upsell, "upsell", &["upsold", "expansion", "expanded"]),
    field(
        Column::Churned,
        "churned",
        &["churn", "is_churned", "churn_status", "status"],
    ),
    field(
        Column::PainPoints,
        "pain_points",
        &["pain_point", "pains", "challenges", "problems"],
    ),
    field(
        Column::UseCases,
        "use_cases",
        &["use_case", "usecases", "features_used", "jobs_to_be_done"],
    ),
];

const fn field(
    field: Column,
    name: &'static str,
    aliases: &'static [&'static str],
) -> Field<Column> {
    Field {
        field,
        name,
        aliases,
    }
}

impl Column {
    pub fn name(self) -> &'static str {
        Self::known(self).name
    }

    fn known(self) -> &'static Field<Column> {
        FIELDS
            .iter()
            .find(|f| f.field == self)
            .expect("every column is in FIELDS")
    }
}

/// Which cell of a row holds which column.
#[derive(Debug)]
pub struct Layout {
    table: table::Layout<Column>,
    pub width: usize,
    /// Headers that match no column, kept for the report.
    pub ignored: Vec<String>,
}

impl Layout {
    pub fn get(&self, c: Column) -> Option<usize> {
        self.table.get(c)
    }

    pub fn has(&self, c: Column) -> bool {
        self.table.has(c)
    }

    /// Maps a header row (`columns`: where each header cell starts), or
    /// says which needed columns are missing.
    pub fn from_headers(
        headers: &[&str],
        file: &Path,
        columns: &[usize],
    ) -> Result<Layout, Vec<Diagnostic>> {
        let header = Header {
            file,
            columns,
            map_at: None,
        };
        let table = table::Layout::new(headers, &FIELDS, &[], &header)?;
        let layout = Layout {
            width: table.width,
            ignored: table.extra.iter().map(|&i| table.headers[i].clone()).collect(),
            table,
        };
        let looked_for = |c: Column| format!("{} ({})", c.name(), c.known().aliases.join(", "));
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
        if missing.is_empty() {
            return Ok(layout);
        }
        let found = if layout.ignored.len() == layout.width {
            "none of the columns derive needs"
        } else {
            "not every column derive needs"
        };
        Err(vec![
            Diagnostic::error(
                file,
                format!("the header row has {found}: missing {}", missing.join("; ")),
            )
            .at(1, 1)
            .hint("rename the columns, or export them from your CRM"),
        ])
    }
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
        let layout = Layout::from_headers(&headers, Path::new("x.csv"), &[]).unwrap();
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
        let err = Layout::from_headers(&["a", "b"], Path::new("x.csv"), &[]).unwrap_err();
        let msg = err[0].to_string();
        assert!(msg.starts_with("x.csv:1:1: the header row has none of the columns derive needs: missing niche (industry, vertical, sector); channel (source,"), "{msg}");
        assert!(
            msg.contains("nps (nps_score, net_promoter_score) or health_score (health,"),
            "{msg}"
        );
        let err = Layout::from_headers(
            &["industry", "vertical", "channel", "nps"],
            Path::new("x.csv"),
            &[1, 10, 19, 27],
        )
        .unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "x.csv:1:10: columns \"industry\" and \"vertical\" both mean niche — remove or rename one of them"
        );
    }
}
