//! The affiliate platform's commission export: what was paid or is owed
//! to whom, for which customer. Column names are those the platforms'
//! exports and APIs use (Rewardful, FirstPromoter, PartnerStack, Tolt,
//! Dub), read without regard to case or punctuation like every table.
//!
//! An amount is read as written (`$12.50`, `12,50 €`); a column whose
//! header ends in `_cents` (`amount_cents`), or any amount with
//! `--cents`, is in cents, as the platforms' APIs give them. A voided,
//! rejected, refunded or fraudulent commission costs nothing; a clawback
//! column (or a negative amount, as some exports write a reversal) is
//! taken off.

use std::path::Path;

use crate::derive::values;
use crate::diag::Diagnostic;
use crate::table::stream::Stream;
use crate::table::{Field, MapAt, normalise};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Amount,
    Currency,
    Status,
    Clawback,
    Affiliate,
    AffiliateEmail,
    CustomerId,
    CustomerEmail,
}

const FIELDS: [Field<Column>; 8] = [
    Field {
        field: Column::Amount,
        name: "amount",
        aliases: &[
            "amount_cents",
            "amount_in_cents",
            "commission",
            "commission_amount",
            "commission_amount_cents",
            "commission_cents",
            "earnings",
            "earnings_cents",
            "payout",
            "payout_amount",
            "reward",
            "reward_amount",
            "reward_amount_cents",
        ],
    },
    Field {
        field: Column::Currency,
        name: "currency",
        aliases: &["currency_code", "commission_currency", "payout_currency"],
    },
    Field {
        field: Column::Status,
        name: "status",
        aliases: &[
            "state",
            "commission_status",
            "commission_state",
            "reward_status",
            "payout_status",
        ],
    },
    Field {
        field: Column::Clawback,
        name: "clawback",
        aliases: &[
            "clawback_amount",
            "clawback_cents",
            "clawback_amount_cents",
            "refunded_amount",
            "refunded_amount_cents",
            "commission_refund",
            "commission_refund_cents",
            "reversed_amount",
            "reversal_amount",
        ],
    },
    Field {
        field: Column::Affiliate,
        name: "affiliate",
        aliases: &[
            "affiliate_code",
            "affiliate_token",
            "affiliate_ref",
            "token",
            "code",
            "referral_code",
            "ref_id",
            "promoter_ref_id",
            "promoter_ref",
            "partner_key",
            "partner_code",
            "partner_ref",
            "via",
        ],
    },
    Field {
        field: Column::AffiliateEmail,
        name: "affiliate_email",
        aliases: &["promoter_email", "partner_email", "referrer_email"],
    },
    Field {
        field: Column::CustomerId,
        name: "customer_id",
        aliases: &[
            "stripe_customer_id",
            "sale_referral_stripe_customer_id",
            "referral_stripe_customer_id",
            "customer_stripe_id",
            "customer_key",
            "customer_external_id",
            "external_id",
            "customer_uid",
            "referral_uid",
            "uid",
        ],
    },
    Field {
        field: Column::CustomerEmail,
        name: "customer_email",
        aliases: &["referral_email", "lead_email", "referred_email", "email"],
    },
];

impl Column {
    pub fn by_name(name: &str) -> Option<Column> {
        let name = normalise(name);
        FIELDS.iter().find(|f| f.name == name).map(|f| f.field)
    }

    pub fn names() -> Vec<&'static str> {
        FIELDS.iter().map(|f| f.name).collect()
    }
}

/// Where a commission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Paid,
    /// Pending, due, approved: owed, so a cost already.
    Owed,
    /// Voided, rejected, refunded, fraud: costs nothing.
    Void,
}

/// The words platforms use for a commission's status.
pub fn state(cell: &str) -> Result<Option<State>, String> {
    if values::missing(cell) {
        return Ok(None);
    }
    let word = normalise(cell);
    Ok(Some(match word.as_str() {
        "paid" | "paid_out" | "sent" | "completed" | "complete" | "success" | "succeeded" => {
            State::Paid
        }
        "pending" | "due" | "approved" | "unpaid" | "owed" | "payable" | "processed"
        | "processing" | "hold" | "on_hold" | "scheduled" | "open" | "accepted" | "active" => {
            State::Owed
        }
        "voided" | "void" | "rejected" | "declined" | "denied" | "refunded" | "canceled"
        | "cancelled" | "fraud" | "duplicate" | "reversed" | "clawed_back" | "clawback"
        | "chargeback" | "charged_back" | "failed" | "deleted" => State::Void,
        _ => {
            return Err(format!(
                "\"{}\" is no commission status tailor knows: paid, pending, due, approved, processed (counted) or voided, rejected, refunded, canceled, fraud (not counted)",
                cell.trim()
            ));
        }
    }))
}

/// One commission, as the export has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Commission<'a> {
    /// What it costs, clawbacks taken off; 0 when void.
    pub amount: f64,
    pub state: Option<State>,
    pub currency: Option<&'a str>,
    pub affiliate: Option<&'a str>,
    pub affiliate_email: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub customer_email: Option<&'a str>,
    pub line: usize,
}

/// Reads the export, calling `each` with every valid commission; the
/// row problems (errors, or with `skip_invalid` warnings) come back.
pub fn read(
    file: &Path,
    map: &[(Column, String)],
    cents: bool,
    skip_invalid: bool,
    mut each: impl FnMut(Commission<'_>),
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut stream = Stream::open(
        file,
        "the commission export",
        &FIELDS,
        map,
        MapAt::Flag("--commission-column"),
    )?;
    let layout = &stream.layout;
    let has = |c: Column| layout.has(c);
    let mut missing = Vec::new();
    if !has(Column::Amount) {
        missing.push("amount (commission, earnings, amount_cents, ...)");
    }
    if ![
        Column::Affiliate,
        Column::AffiliateEmail,
        Column::CustomerId,
        Column::CustomerEmail,
    ]
    .into_iter()
    .any(has)
    {
        missing.push("who it was for: affiliate (code, token, ...), affiliate_email, customer_id (stripe_customer_id, ...) or customer_email");
    }
    if !missing.is_empty() {
        return Err(vec![
            Diagnostic::error(
                file,
                format!(
                    "the header row has not every column report needs: missing {}",
                    missing.join("; ")
                ),
            )
            .at(1, 1)
            .hint("export the commissions with these columns, or name them with --commission-column amount=\"Your header\""),
        ]);
    }
    let in_cents = |c: Column| {
        cents
            || layout
                .get(c)
                .is_some_and(|i| normalise(&layout.headers[i]).ends_with("_cents"))
    };
    let (amount_scale, clawback_scale) = (
        if in_cents(Column::Amount) { 0.01 } else { 1.0 },
        if in_cents(Column::Clawback) {
            0.01
        } else {
            1.0
        },
    );
    stream.for_each(|row| {
        let amount = row.value(Column::Amount, values::number);
        let clawback = row.value(Column::Clawback, values::number);
        let state = row.value(Column::Status, state);
        let currency = row
            .text(Column::Currency)
            .map(str::trim)
            .filter(|c| !values::missing(c));
        let affiliate = given(row, Column::Affiliate);
        let affiliate_email = given(row, Column::AffiliateEmail);
        let customer_id = given(row, Column::CustomerId);
        let customer_email = given(row, Column::CustomerEmail);
        if row.failed() {
            return;
        }
        let Some(amount) = amount else {
            row.error(
                Column::Amount,
                "the commission has no amount".into(),
                Some("write 0 for a commission of nothing".into()),
            );
            return;
        };
        if let Some(c) = clawback
            && c < 0.0
        {
            row.error(
                Column::Clawback,
                format!("clawback: {c} is below 0"),
                Some("write the amount taken back as a positive number".into()),
            );
            return;
        }
        let cost = if state == Some(State::Void) {
            0.0
        } else {
            amount * amount_scale - clawback.unwrap_or(0.0) * clawback_scale
        };
        each(Commission {
            amount: cost,
            state,
            currency,
            affiliate,
            affiliate_email,
            customer_id,
            customer_email,
            line: row.line,
        });
    });
    stream.finish(skip_invalid, "no report was made")
}

/// A cell's text, unless it says "no value".
fn given<'s>(row: &mut crate::table::stream::Row<'s, Column>, c: Column) -> Option<&'s str> {
    row.text(c).map(str::trim).filter(|t| !values::missing(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_as_the_platforms_write_them() {
        assert_eq!(state("Paid"), Ok(Some(State::Paid)));
        assert_eq!(state("due"), Ok(Some(State::Owed)));
        assert_eq!(state("On Hold"), Ok(Some(State::Owed)));
        assert_eq!(state("VOIDED"), Ok(Some(State::Void)));
        assert_eq!(state("refunded"), Ok(Some(State::Void)));
        assert_eq!(state(""), Ok(None));
        assert!(
            state("maybe")
                .unwrap_err()
                .contains("\"maybe\" is no commission status")
        );
    }
}
