//! The columns of a customer-success export that `derive` and `report`
//! understand, the names CRMs and customer-success tools give them, and
//! how a row's measures are read.

use crate::diag::Diagnostic;
use crate::table::stream::{Row, Stream};
use crate::table::values;
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
    /// Product usage: users active in a period.
    ActiveUsers,
    /// Product usage: logins (a week, a month: as the export counts them).
    Logins,
    SeatsUsed,
    SeatsBought,
    /// Product usage: the share of features adopted, 0-100%.
    FeatureAdoption,
    Ltv,
    Arr,
    SupportTickets,
    Upsell,
    Churned,
    /// When the account left: a date in it means churned.
    ChurnDate,
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
/// words joined by `_`), in English and in the languages of the markets
/// tailor is used in (German, Portuguese, Spanish, French, Russian,
/// Turkish, Lithuanian), as HubSpot, Salesforce and spreadsheets write
/// them there. Accents may be left out (`saude` reads as `saúde`).
const FIELDS: [Field<Column>; 22] = [
    Field::text(
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
            // German, Portuguese, Spanish, French
            "firma",
            "firmenname",
            "unternehmen",
            "kunde",
            "kundenname",
            "empresa",
            "nome_da_empresa",
            "nome",
            "cliente",
            "nombre_de_la_empresa",
            "nombre",
            "entreprise",
            "société",
            "nom_de_l_entreprise",
            "nom",
            "client",
            // Russian, Turkish, Lithuanian
            "компания",
            "название_компании",
            "название",
            "клиент",
            "организация",
            "şirket",
            "şirket_adı",
            "müşteri",
            "müşteri_adı",
            "įmonė",
            "įmonės_pavadinimas",
            "klientas",
            "pavadinimas",
        ],
    ),
    Field::text(
        Column::Niche,
        "niche",
        &[
            "industry",
            "vertical",
            "sector",
            "industry_vertical",
            "branche",
            "industrie",
            "setor",
            "indústria",
            "ramo",
            "ramo_de_atividade",
            "industria",
            "rubro",
            "secteur",
            "secteur_d_activité",
            "settore",
            "отрасль",
            "индустрия",
            "сфера",
            "сфера_деятельности",
            "sektör",
            "endüstri",
            "sektorius",
            "pramonė",
            "šaka",
        ],
    ),
    Field::text(
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
            "quelle",
            "ursprüngliche_quelle",
            "kanal",
            "lead_quelle",
            "herkunft",
            "akquisekanal",
            "fonte",
            "fonte_original",
            "canal",
            "origem",
            "canal_de_aquisição",
            "fuente",
            "fuente_original",
            "origen",
            "canal_de_adquisición",
            "source_d_origine",
            "source_originale",
            "origine",
            "canal_d_acquisition",
            "источник",
            "канал",
            "исходный_источник",
            "канал_привлечения",
            "kaynak",
            "orijinal_kaynak",
            "edinme_kanalı",
            "šaltinis",
            "kanalas",
            "pirminis_šaltinis",
        ],
    ),
    Field::number(
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
            "gesundheit",
            "gesundheitsscore",
            "kundengesundheit",
            "saúde",
            "pontuação_de_saúde",
            "saúde_do_cliente",
            "salud",
            "puntuación_de_salud",
            "salud_del_cliente",
            "santé",
            "score_de_santé",
            "santé_client",
            "здоровье",
            "индекс_здоровья",
            "здоровье_клиента",
            "sağlık",
            "sağlık_skoru",
            "müşteri_sağlığı",
            "sveikata",
            "sveikatos_balas",
        ],
    ),
    Field::number(
        Column::Nps,
        "nps",
        &[
            "nps_score",
            "net_promoter_score",
            "latest_nps",
            "last_nps_score",
            "nps_rating",
            "nps_wert",
            "nota_nps",
            "pontuação_nps",
            "puntuación_nps",
            "score_nps",
            "оценка_nps",
            "nps_puanı",
            "nps_balas",
        ],
    ),
    Field::number(
        Column::Csat,
        "csat",
        &[
            "csat_score",
            "satisfaction",
            "kundenzufriedenheit",
            "zufriedenheit",
            "satisfação",
            "satisfacción",
            "удовлетворенность",
            "memnuniyet",
            "pasitenkinimas",
        ],
    ),
    Field::number(
        Column::ActiveUsers,
        "active_users",
        &[
            "weekly_active_users",
            "monthly_active_users",
            "daily_active_users",
            "wau",
            "mau",
            "dau",
            "users_active",
            "aktive_nutzer",
            "aktive_benutzer",
            "usuários_ativos",
            "usuarios_activos",
            "utilisateurs_actifs",
            "активные_пользователи",
            "aktif_kullanıcılar",
            "aktyvūs_naudotojai",
        ],
    ),
    Field::number(
        Column::Logins,
        "logins",
        &[
            "logins_per_week",
            "weekly_logins",
            "monthly_logins",
            "logins_last_30_days",
            "login_count",
            "sessions",
            "anmeldungen",
            "logins_pro_woche",
            "acessos",
            "inicios_de_sesión",
            "connexions",
            "входы",
            "girişler",
            "prisijungimai",
        ],
    ),
    Field::number(
        Column::SeatsUsed,
        "seats_used",
        &[
            "used_seats",
            "seats_in_use",
            "assigned_seats",
            "licenses_used",
            "used_licenses",
            "genutzte_lizenzen",
            "licenças_usadas",
            "licencias_usadas",
            "licences_utilisées",
            "использованные_лицензии",
            "kullanılan_lisanslar",
            "naudojamos_licencijos",
        ],
    ),
    Field::number(
        Column::SeatsBought,
        "seats_bought",
        &[
            "seats",
            "seats_purchased",
            "purchased_seats",
            "licensed_seats",
            "contracted_seats",
            "seat_count",
            "licenses",
            "lizenzen",
            "licenças",
            "licencias",
            "licences",
            "лицензии",
            "lisanslar",
            "licencijos",
        ],
    ),
    Field::number(
        Column::FeatureAdoption,
        "feature_adoption",
        &[
            "adoption",
            "adoption_rate",
            "feature_adoption_rate",
            "feature_usage",
            "funktionsnutzung",
            "adoção",
            "adopción",
            "adoption_des_fonctionnalités",
            "внедрение",
            "benimseme",
            "pritaikymas",
        ],
    ),
    Field::number(
        Column::Ltv,
        "ltv",
        &[
            "lifetime_value",
            "clv",
            "customer_lifetime_value",
            "lifetime_revenue",
            "kundenwert",
            "kundenlebenswert",
            "valor_vitalício",
            "valor_do_tempo_de_vida",
            "valor_de_vida_del_cliente",
            "valeur_vie_client",
            "пожизненная_ценность",
            "ценность_клиента",
            "yaşam_boyu_değer",
            "gyvavimo_vertė",
        ],
    ),
    Field::number(
        Column::Arr,
        "arr",
        &[
            "annual_recurring_revenue",
            "acv",
            "jährlich_wiederkehrender_umsatz",
            "receita_recorrente_anual",
            "ingresos_recurrentes_anuales",
            "revenu_récurrent_annuel",
            "годовая_выручка",
            "годовой_регулярный_доход",
            "yıllık_yinelenen_gelir",
            "metinės_pasikartojančios_pajamos",
        ],
    ),
    Field::number(
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
            "anfragen",
            "supportanfragen",
            "chamados",
            "tickets_de_suporte",
            "solicitações",
            "tickets_de_soporte",
            "incidencias",
            "demandes_de_support",
            "обращения",
            "тикеты",
            "заявки",
            "destek_talepleri",
            "talepler",
            "užklausos",
            "pagalbos_užklausos",
        ],
    ),
    Field::text(
        Column::Upsell,
        "upsell",
        &[
            "upsold",
            "expansion",
            "expanded",
            "cross_sell",
            "erweiterung",
            "expansão",
            "expansión",
            "расширение",
            "допродажа",
            "genişleme",
            "plėtra",
        ],
    ),
    Field::text(
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
            "lebenszyklusphase",
            "phase_im_lebenszyklus",
            "kundenstatus",
            "gekündigt",
            "abgewandert",
            "fase_do_ciclo_de_vida",
            "estágio_do_ciclo_de_vida",
            "status_do_cliente",
            "situação",
            "cancelado",
            "etapa_del_ciclo_de_vida",
            "estado_del_cliente",
            "phase_du_cycle_de_vie",
            "étape_du_cycle_de_vie",
            "statut",
            "statut_client",
            "résilié",
            "стадия_жизненного_цикла",
            "этап_жизненного_цикла",
            "статус",
            "статус_клиента",
            "отток",
            "yaşam_döngüsü_aşaması",
            "durum",
            "müşteri_durumu",
            "gyvavimo_ciklo_etapas",
            "būsena",
            "kliento_būsena",
            "statusas",
        ],
    ),
    Field::date(
        Column::ChurnDate,
        "churn_date",
        &[
            "churned_at",
            "churned_on",
            "cancellation_date",
            "cancelled_at",
            "canceled_at",
            "cancel_date",
            "date_churned",
            "kündigungsdatum",
            "abwanderungsdatum",
            "gekündigt_am",
            "data_de_cancelamento",
            "data_do_churn",
            "cancelado_em",
            "fecha_de_baja",
            "fecha_de_cancelación",
            "date_de_résiliation",
            "дата_ухода",
            "дата_оттока",
            "дата_расторжения",
            "iptal_tarihi",
            "ayrılma_tarihi",
            "atsisakymo_data",
            "nutraukimo_data",
        ],
    ),
    Field::text(
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
            "schmerzpunkte",
            "herausforderungen",
            "probleme",
            "dores",
            "desafios",
            "principais_desafios",
            "problemas",
            "puntos_de_dolor",
            "desafíos",
            "retos",
            "points_de_douleur",
            "défis",
            "problèmes",
            "difficultés",
            "боли",
            "проблемы",
            "трудности",
            "sorunlar",
            "zorluklar",
            "problemos",
            "iššūkiai",
        ],
    ),
    Field::text(
        Column::UseCases,
        "use_cases",
        &[
            "use_case",
            "usecases",
            "primary_use_case",
            "main_use_case",
            "features_used",
            "jobs_to_be_done",
            "anwendungsfälle",
            "anwendungsfall",
            "einsatzzwecke",
            "casos_de_uso",
            "caso_de_uso",
            "cas_d_usage",
            "cas_d_utilisation",
            "сценарии_использования",
            "сценарии",
            "kullanım_alanları",
            "kullanım_senaryoları",
            "naudojimo_atvejai",
        ],
    ),
    Field::text(
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
            "empfohlen_von",
            "geworben_von",
            "empfehlungscode",
            "partnercode",
            "indicado_por",
            "código_de_indicação",
            "indicação",
            "referido_por",
            "código_de_referido",
            "recommandé_par",
            "code_de_parrainage",
            "parrain",
            "реферальный_код",
            "партнер",
            "партнёр",
            "referans_kodu",
            "öneren",
            "rekomendavo",
            "rekomendacijos_kodas",
        ],
    ),
    Field::text(
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
            "kundennummer",
            "kunden_id",
            "id_do_cliente",
            "código_do_cliente",
            "id_de_cliente",
            "id_client",
            "id_клиента",
            "номер_клиента",
            "müşteri_no",
            "müşteri_id",
            "kliento_id",
        ],
    ),
    Field::text(
        Column::Email,
        "email",
        &[
            "customer_email",
            "contact_email",
            "billing_email",
            "email_address",
            "primary_email",
            "e_mail",
            "e_mail_adresse",
            "correo",
            "correo_electrónico",
            "courriel",
            "adresse_e_mail",
            "почта",
            "электронная_почта",
            "e_posta",
            "el_paštas",
        ],
    ),
];

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

    /// `nps (nps_score, net_promoter_score, latest_nps, ...)`: the name
    /// and the first aliases, for messages.
    pub fn looked_for(self) -> String {
        let aliases = self.known().aliases;
        let more = if aliases.len() > 3 { ", ..." } else { "" };
        format!(
            "{} ({}{more})",
            self.name(),
            aliases[..aliases.len().min(3)].join(", ")
        )
    }

    fn known(self) -> &'static Field<Column> {
        FIELDS
            .iter()
            .find(|f| f.field == self)
            .expect("every column is in FIELDS")
    }
}

/// What a header's cells hold, when it names a column of a customer
/// export.
pub fn kind_of_header(header: &str) -> table::Kind {
    let h = table::normalise(header);
    FIELDS
        .iter()
        .find(|f| f.reads_as(&h))
        .map_or(table::Kind::Text, |f| f.kind)
}

/// What a row says of how an account does, each column read by its one
/// rule (NPS 0-10, health a score or a colour, CSAT and feature adoption
/// 0-100, usage and money as exports write them, upsell yes/no or a count
/// or an amount, a status in the CRM's words, a churn date). A column the
/// command does not read, or the export lacks, is `None`; a cell its rule
/// refuses makes the row invalid.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measures {
    pub nps: Option<f64>,
    pub health: Option<f64>,
    /// As the export writes it: 1-5, 1-10 or a percentage.
    pub csat: Option<f64>,
    pub active_users: Option<f64>,
    pub logins: Option<f64>,
    pub seats_used: Option<f64>,
    pub seats_bought: Option<f64>,
    pub feature_adoption: Option<f64>,
    pub ltv: Option<f64>,
    pub arr: Option<f64>,
    pub tickets: Option<u32>,
    /// Yes is 1, no 0; or a count of upsells, or expansion revenue.
    pub upsell: Option<f64>,
    pub standing: Option<values::Standing>,
}

impl Measures {
    /// Reads them in the order of the columns, so a row's problems are
    /// reported in that order. A churn date makes a customer churned.
    pub fn read(row: &mut Row<'_, Column>) -> Measures {
        let nps = row.number_in(Column::Nps, 0.0, 10.0);
        let health = row.score(Column::HealthScore, &values::HEALTH, 0.0, 100.0);
        let csat = row.number_in(Column::Csat, 0.0, 100.0);
        let active_users = not_negative(row, Column::ActiveUsers);
        let logins = not_negative(row, Column::Logins);
        let seats_used = not_negative(row, Column::SeatsUsed);
        let seats_bought = not_negative(row, Column::SeatsBought);
        let feature_adoption = row.number_in(Column::FeatureAdoption, 0.0, 100.0);
        let ltv = row.number(Column::Ltv);
        let arr = row.number(Column::Arr);
        let tickets = row.count(Column::SupportTickets);
        let mut standing = row.word(Column::Churned, &values::STANDING);
        if row.date(Column::ChurnDate).is_some() && standing != Some(values::Standing::NotCustomer)
        {
            standing = Some(values::Standing::Churned);
        }
        // Yes or no, or what the expansion was: a count, or revenue.
        let upsell = match row.text(Column::Upsell) {
            Some(cell) if matches!(crate::table::number::read(cell), Ok(Some(_))) => {
                not_negative(row, Column::Upsell)
            }
            Some(_) => row
                .word(Column::Upsell, &values::YES_NO)
                .map(|yes| if yes { 1.0 } else { 0.0 }),
            None => None,
        };
        Measures {
            nps,
            health,
            csat,
            active_users,
            logins,
            seats_used,
            seats_bought,
            feature_adoption,
            ltv,
            arr,
            tickets,
            upsell,
            standing,
        }
    }
}

/// A number of 0 or more.
fn not_negative(row: &mut Row<'_, Column>, c: Column) -> Option<f64> {
    let v = row.number(c)?;
    if v < 0.0 {
        let cell = row.text(c).unwrap_or("").trim();
        row.error(c, format!("{}: {cell} is below 0", row.name(c)), None);
        return None;
    }
    Some(v)
}

/// Where a customer export's settings are written.
pub const SETTINGS_AT: table::SettingsAt = table::SettingsAt {
    key: "data.customers",
    flags: true,
};

/// Opens a customer-success export, its header mapped to the columns a
/// command reads (`map`: `--column field=Header` over
/// `data.customers.columns`). Columns it does not read are extras, so two
/// headers that might both mean one of them are no error there.
pub fn open(
    file: &Path,
    reads: &[Column],
    map: &[(Column, String)],
    settings: &table::Settings,
) -> Result<Stream<Column>, Vec<Diagnostic>> {
    let fields: Vec<Field<Column>> = FIELDS
        .iter()
        .filter(|f| reads.contains(&f.field))
        .copied()
        .collect();
    Stream::open(
        file,
        file,
        "the export",
        &fields,
        map,
        MapAt::Both {
            flag: "--column",
            config: "data.customers",
        },
        settings,
    )
}

/// The column a header names, by its aliases (for headers a command
/// leaves unread).
pub fn named(header: &str) -> Option<Column> {
    let h = table::normalise(header);
    FIELDS.iter().find(|f| f.reads_as(&h)).map(|f| f.field)
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
    let looked_for = |c: Column| c.looked_for();
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
    let headers = layout.quoted_headers();
    Err(vec![
        Diagnostic::error(
            file,
            format!(
                "the header row has {found}: missing {} (its columns are {})",
                missing.join("; "),
                headers.join(", ")
            ),
        )
        .at(1, 1)
        .hint(format!("rename the columns, export them from your CRM, or name them with --column {first}=\"Your header\" (or once for every run, in tailor.yaml: data: {{ customers: {{ columns: {{ {first}: \"Your header\" }} }} }})")),
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
            map_at: MapAt::Both {
                flag: "--column",
                config: "data.customers",
            },
        };
        let layout = table::Layout::new(headers, &FIELDS, &[], &header)?;
        require(
            &layout,
            file,
            "derive",
            &[
                &[Column::Niche],
                &[Column::Channel],
                &[Column::Nps, Column::HealthScore],
            ],
        )?;
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
            "x.csv:1:10: columns \"industry\" and \"vertical\" both mean niche — remove or rename one of them, or say which one with --column niche=\"industry\", or for every run in tailor.yaml: data: { customers: { columns: { niche: \"industry\" } } }"
        );
    }
}
