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

use crate::diag::Diagnostic;
use crate::table::stream::Stream;
use crate::table::{Field, MapAt, Settings, SettingsAt, normalise, values};

/// Where a commission export's settings are written.
pub const SETTINGS_AT: SettingsAt = SettingsAt {
    key: "data.commissions",
    flags: false,
};

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
    Field::number(
        Column::Amount,
        "amount",
        &[
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
            // German, Portuguese, Spanish, French, Russian, Turkish, Lithuanian
            "betrag",
            "provision",
            "provisionsbetrag",
            "valor",
            "valor_da_comissão",
            "comissão",
            "comisión",
            "importe",
            "montant",
            "сумма",
            "комиссия",
            "tutar",
            "komisyon",
            "suma",
            "komisinis_atlygis",
        ],
    ),
    Field::text(
        Column::Currency,
        "currency",
        &[
            "currency_code",
            "commission_currency",
            "payout_currency",
            "währung",
            "moeda",
            "moneda",
            "devise",
            "валюта",
            "para_birimi",
            "valiuta",
        ],
    ),
    Field::text(
        Column::Status,
        "status",
        &[
            "state",
            "commission_status",
            "commission_state",
            "reward_status",
            "payout_status",
            "situação",
            "statut",
            "статус",
            "durum",
            "būsena",
            "statusas",
        ],
    ),
    Field::number(
        Column::Clawback,
        "clawback",
        &[
            "clawback_amount",
            "clawback_cents",
            "clawback_amount_cents",
            "refunded_amount",
            "refunded_amount_cents",
            "commission_refund",
            "commission_refund_cents",
            "reversed_amount",
            "reversal_amount",
            "rückbuchung",
            "estorno",
            "reembolso",
            "remboursement",
            "возврат",
            "iade",
            "grąžinimas",
        ],
    ),
    Field::text(
        Column::Affiliate,
        "affiliate",
        &[
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
            "partner",
            "afiliado",
            "affilié",
            "партнер",
            "партнёр",
            "ortak",
            "partneris",
            "partnercode",
            "código_de_afiliado",
        ],
    ),
    Field::text(
        Column::AffiliateEmail,
        "affiliate_email",
        &[
            "promoter_email",
            "partner_email",
            "referrer_email",
            "partner_e_mail",
            "e_mail_do_afiliado",
            "correo_del_afiliado",
            "e_mail_de_l_affilié",
            "почта_партнера",
        ],
    ),
    Field::text(
        Column::CustomerId,
        "customer_id",
        &[
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
            "kundennummer",
            "id_do_cliente",
            "id_de_cliente",
            "id_client",
            "id_клиента",
            "müşteri_no",
            "kliento_id",
        ],
    ),
    Field::text(
        Column::CustomerEmail,
        "customer_email",
        &[
            "referral_email",
            "lead_email",
            "referred_email",
            "email",
            "kunden_e_mail",
            "e_mail_do_cliente",
            "correo_del_cliente",
            "e_mail_du_client",
            "почта_клиента",
        ],
    ),
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

pub use crate::table::values::Commission as State;

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
    settings: &Settings,
    cents: bool,
    skip_invalid: bool,
    mut each: impl FnMut(Commission<'_>),
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut stream = Stream::open(
        file,
        file,
        "the commission export",
        &FIELDS,
        map,
        MapAt::Both {
            flag: "--commission-column",
            config: "data.commissions",
        },
        settings,
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
        let amount = row.number(Column::Amount);
        let clawback = row.number(Column::Clawback);
        let state = row.word(Column::Status, &values::COMMISSION);
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
        let state = |w| values::COMMISSION.get(w);
        assert_eq!(state("Paid"), Some(State::Paid));
        assert_eq!(state("due"), Some(State::Owed));
        assert_eq!(state("On Hold"), Some(State::Owed));
        assert_eq!(state("VOIDED"), Some(State::Void));
        assert_eq!(state("refunded"), Some(State::Void));
        assert_eq!(state("Bezahlt"), Some(State::Paid));
        assert_eq!(state("maybe"), None);
    }
}
