//! The columns `derive` understands, and the names CRMs and
//! customer-success tools give them.

use crate::diag::Diagnostic;
use crate::table::{self, Field, Header, MapAt};
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
            "name",
            "company",
            "company_name",
            "customer",
            "customer_name",
            "organization",
            "organisation",
        ],
    ),
    field(
        Column::Niche,
        "niche",
        &["industry", "vertical", "sector", "industry_vertical"],
    ),
    field(
        Column::Channel,
        "channel",
        &[
            "source",
            "acquisition_channel",
            "lead_source",
            "acquisition_source",
            "original_source",
            // Salesforce's AccountSource; HubSpot's internal name.
            "account_source",
            "hs_analytics_source",
            "first_touch_source",
            "marketing_channel",
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
            "health_status",
            "customer_health_status",
            "csm_health",
        ],
    ),
    field(
        Column::Nps,
        "nps",
        &[
            "nps_score",
            "net_promoter_score",
            "latest_nps",
            "last_nps_score",
            "nps_rating",
        ],
    ),
    field(Column::Csat, "csat", &["csat_score", "satisfaction"]),
    field(
        Column::Ltv,
        "ltv",
        &[
            "lifetime_value",
            "clv",
            "customer_lifetime_value",
            "lifetime_revenue",
        ],
    ),
    field(Column::Arr, "arr", &["annual_recurring_revenue", "acv"]),
    field(
        Column::SupportTickets,
        "support_tickets",
        &[
            "tickets",
            "ticket_count",
            "support_cases",
            "open_tickets",
            "number_of_open_tickets",
            "number_of_tickets",
            "num_tickets",
            "num_open_tickets",
            "open_ticket_count",
            "support_ticket_count",
            "ticket_volume",
        ],
    ),
    field(
        Column::Upsell,
        "upsell",
        &["upsold", "expansion", "expanded"],
    ),
    field(
        Column::Churned,
        "churned",
        &[
            "churn",
            "is_churned",
            "churn_status",
            "status",
            // Where CRMs keep whether an account is still a customer.
            "lifecycle_stage",
            "lifecyclestage",
            "customer_status",
            "account_status",
        ],
    ),
    field(
        Column::PainPoints,
        "pain_points",
        &[
            "pain_point",
            "pains",
            "pain",
            "challenges",
            "challenge",
            "primary_challenge",
            "main_challenge",
            "biggest_challenge",
            "key_challenges",
            "problems",
        ],
    ),
    field(
        Column::UseCases,
        "use_cases",
        &[
            "use_case",
            "usecases",
            "primary_use_case",
            "main_use_case",
            "features_used",
            "jobs_to_be_done",
        ],
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
    /// The column called `name` in `--column name=Header`.
    pub fn by_name(name: &str) -> Option<Column> {
        let name = table::normalise(name);
        FIELDS.iter().find(|f| f.name == name).map(|f| f.field)
    }

    /// Every column's name, for messages.
    pub fn names() -> Vec<&'static str> {
        FIELDS.iter().map(|f| f.name).collect()
    }

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

    /// Maps a header row (`columns`: where each header cell starts; `map`:
    /// the `--column field=Header` the user gave), or says which needed
    /// columns are missing.
    pub fn from_headers(
        headers: &[&str],
        file: &Path,
        columns: &[usize],
        map: &[(Column, String)],
    ) -> Result<Layout, Vec<Diagnostic>> {
        let header = Header {
            file,
            columns,
            map_at: MapAt::Flag("--column"),
        };
        let table = table::Layout::new(headers, &FIELDS, map, &header)?;
        let layout = Layout {
            width: table.width,
            ignored: table
                .extra
                .iter()
                .map(|&i| table.headers[i].clone())
                .collect(),
            table,
        };
        let looked_for = |c: Column| {
            let aliases = c.known().aliases;
            let more = if aliases.len() > 3 { ", ..." } else { "" };
            format!(
                "{} ({}{more})",
                c.name(),
                aliases[..aliases.len().min(3)].join(", ")
            )
        };
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
            .hint("rename the columns, export them from your CRM, or name them with --column niche=\"Your header\""),
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
        let layout = Layout::from_headers(&headers, Path::new("x.csv"), &[], &[]).unwrap();
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
        let err = Layout::from_headers(&["a", "b"], Path::new("x.csv"), &[], &[]).unwrap_err();
        let msg = err[0].to_string();
        assert!(msg.starts_with("x.csv:1:1: the header row has none of the columns derive needs: missing niche (industry, vertical, sector, ...); channel (source,"), "{msg}");
        assert!(
            msg.contains(
                "nps (nps_score, net_promoter_score, latest_nps, ...) or health_score (health,"
            ),
            "{msg}"
        );
        let err = Layout::from_headers(
            &["industry", "vertical", "channel", "nps"],
            Path::new("x.csv"),
            &[1, 10, 19, 27],
            &[],
        )
        .unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "x.csv:1:10: columns \"industry\" and \"vertical\" both mean niche — remove or rename one of them, or say which one with --column niche=\"industry\""
        );
    }
}
