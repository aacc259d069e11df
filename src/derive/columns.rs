//! The columns of a customer-success export that `derive` and `report`
//! understand, and the names CRMs and customer-success tools give them.

use super::values;
use crate::diag::Diagnostic;
use crate::table::stream::{Row, Stream};
use crate::table::{self, Field, MapAt};
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
    /// Who referred the account: the affiliate's code, as the platform
    /// or the CRM recorded it (`report`).
    ReferredBy,
    /// The account's id in the billing system or CRM, to join the
    /// affiliate platform's commissions (`report`).
    CustomerId,
    Email,
}

/// Every column, with the headers CRMs give it (normalised: lowercase,
/// words joined by `_`).
const FIELDS: [Field<Column>; 16] = [
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
    field(
        Column::ReferredBy,
        "referred_by",
        &[
            "referral_code",
            "referrer",
            "referred_by_code",
            "affiliate",
            "affiliate_code",
            "affiliate_token",
            "partner",
            "partner_key",
            "partner_code",
            "ref",
            "ref_code",
            // The parameters platforms' links carry, as CRMs store them.
            "via",
            "fpr",
            "fp_ref",
            "gspk",
            "ps_partner_key",
            "referral",
            "rewardful_referral",
        ],
    ),
    field(
        Column::CustomerId,
        "customer_id",
        &[
            "stripe_customer_id",
            "account_id",
            "customer_key",
            "external_id",
            "billing_id",
            "id",
            "record_id",
        ],
    ),
    field(
        Column::Email,
        "email",
        &[
            "customer_email",
            "contact_email",
            "billing_email",
            "email_address",
            "primary_email",
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

/// What a row says of how an account does, each column read by its one
/// rule (NPS 0-10, health a score or a colour, money as exports write it,
/// a status in the CRM's words). A column the command does not read, or
/// the export lacks, is `None`; a cell its rule refuses makes the row
/// invalid.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measures {
    pub nps: Option<f64>,
    pub health: Option<f64>,
    pub ltv: Option<f64>,
    pub arr: Option<f64>,
    pub tickets: Option<u32>,
    pub standing: Option<values::Standing>,
}

impl Measures {
    /// Reads them in the order of the columns, so a row's problems are
    /// reported in that order. CSAT and upsell are read to be checked
    /// only: no figure uses them.
    pub fn read(row: &mut Row<'_, Column>) -> Measures {
        let nps = row.value(Column::Nps, |t| values::bounded(t, 0.0, 10.0));
        let health = row.value(Column::HealthScore, values::health);
        let _csat = row.value(Column::Csat, values::number);
        let ltv = row.value(Column::Ltv, values::number);
        let arr = row.value(Column::Arr, values::number);
        let tickets = row.value(Column::SupportTickets, values::count);
        let standing = row.value(Column::Churned, values::standing);
        let _upsell = row.value(Column::Upsell, values::flag);
        Measures {
            nps,
            health,
            ltv,
            arr,
            tickets,
            standing,
        }
    }
}

/// Opens a customer-success export, its header mapped to the columns a
/// command reads (`map`: `--column field=Header`). Columns it does not
/// read are extras, so two headers that might both mean one of them are
/// no error there.
pub fn open(
    file: &Path,
    reads: &[Column],
    map: &[(Column, String)],
) -> Result<Stream<Column>, Vec<Diagnostic>> {
    let fields: Vec<Field<Column>> = FIELDS
        .iter()
        .filter(|f| reads.contains(&f.field))
        .copied()
        .collect();
    Stream::open(file, "the export", &fields, map, MapAt::Flag("--column"))
}

/// The headers no column claimed, as written.
pub fn ignored(layout: &table::Layout<Column>) -> Vec<String> {
    layout
        .extra
        .iter()
        .map(|&i| layout.headers[i].clone())
        .collect()
}

/// Says which of the columns `command` needs the header lacks: each of
/// `needs` is one column or a choice of them.
pub fn require(
    layout: &table::Layout<Column>,
    file: &Path,
    command: &str,
    needs: &[&[Column]],
) -> Result<(), Vec<Diagnostic>> {
    let looked_for = |c: Column| {
        let aliases = c.known().aliases;
        let more = if aliases.len() > 3 { ", ..." } else { "" };
        format!(
            "{} ({}{more})",
            c.name(),
            aliases[..aliases.len().min(3)].join(", ")
        )
    };
    let missing: Vec<String> = needs
        .iter()
        .filter(|any| !any.iter().any(|&c| layout.has(c)))
        .map(|any| {
            any.iter()
                .map(|&c| looked_for(c))
                .collect::<Vec<_>>()
                .join(" or ")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let found = if layout.extra.len() == layout.width {
        format!("none of the columns {command} needs")
    } else {
        format!("not every column {command} needs")
    };
    let first = needs
        .iter()
        .find(|any| !any.iter().any(|&c| layout.has(c)))
        .map_or("niche", |any| any[0].name());
    Err(vec![
        Diagnostic::error(
            file,
            format!("the header row has {found}: missing {}", missing.join("; ")),
        )
        .at(1, 1)
        .hint(format!("rename the columns, export them from your CRM, or name them with --column {first}=\"Your header\"")),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::table::Header;

    /// `derive`'s check of a header row.
    fn derive_layout(
        headers: &[&str],
        columns: &[usize],
    ) -> Result<table::Layout<Column>, Vec<Diagnostic>> {
        let file = Path::new("x.csv");
        let header = Header {
            file,
            columns,
            map_at: MapAt::Flag("--column"),
        };
        let layout = table::Layout::new(headers, &FIELDS, &[], &header)?;
        require(&layout, file, "derive", crate::derive::NEEDS)?;
        Ok(layout)
    }

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
        let layout = derive_layout(&headers, &[]).unwrap();
        assert_eq!(layout.get(Column::Account), Some(0));
        assert_eq!(layout.get(Column::Niche), Some(1));
        assert_eq!(layout.get(Column::Channel), Some(2));
        assert_eq!(layout.get(Column::Nps), Some(3));
        assert_eq!(layout.get(Column::HealthScore), Some(4));
        assert_eq!(layout.get(Column::PainPoints), Some(5));
        assert_eq!(ignored(&layout), ["Notes"]);
    }

    #[test]
    fn says_what_it_looked_for() {
        let err = derive_layout(&["a", "b"], &[]).unwrap_err();
        let msg = err[0].to_string();
        assert!(msg.starts_with("x.csv:1:1: the header row has none of the columns derive needs: missing niche (industry, vertical, sector, ...); channel (source,"), "{msg}");
        assert!(
            msg.contains(
                "nps (nps_score, net_promoter_score, latest_nps, ...) or health_score (health,"
            ),
            "{msg}"
        );
        let err = derive_layout(
            &["industry", "vertical", "channel", "nps"],
            &[1, 10, 19, 27],
        )
        .unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "x.csv:1:10: columns \"industry\" and \"vertical\" both mean niche — remove or rename one of them, or say which one with --column niche=\"industry\""
        );
    }
}
