//! Words in cells, as exports write them in the languages of the markets
//! tailor is used in: `Former customer`, `Ehemaliger Kunde`, `Ex-cliente`,
//! `бывший клиент`, `eski müşteri`, `buvęs klientas`; `yes`, `ja`, `sim`,
//! `да`, `evet`, `taip`; `Green`, `Grün`, `Verde`.
//!
//! Each kind of value has one vocabulary ([`Words`]): every word it knows,
//! in every language, and what it means. Words are compared as people read
//! them: without regard to case, accents, or the spaces, hyphens and
//! underscores between words (`Closed_Lost`, `closed-lost` and `Closed
//! Lost` are one). A word no vocabulary knows is never guessed: the table
//! reader reports the column's unknown words together, with the value map
//! in tailor.yaml that settles them (`values: { Cliente: customer }`),
//! whose targets are each vocabulary's canonical words.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Whether a cell says "no value" the way exports do: empty, `N/A`, `-`,
/// `#N/A` (and Excel's own spelling of it in German, Portuguese, Russian,
/// Turkish: `#NV`, `#N/D`, `#Н/Д`, `#YOK`), `none`, `null`, `(blank)`,
/// `unknown`, `k. A.`.
pub fn missing(cell: &str) -> bool {
    const NONE: [&str; 24] = [
        "", "n/a", "na", "#n/a", "#nv", "#n/d", "#н/д", "#Н/Д", "#yok", "-", "--", "—", "–",
        "none", "null", "nil", "(blank)", "(none)", "(empty)", "unknown", "?", "k. a.", "k.a.",
        "n. v.",
    ];
    let cell = cell.trim();
    // Every word is short and none starts with a digit: a number or a
    // longer cell is a value, without a look.
    cell.is_empty()
        || (cell.len() <= 8
            && !cell.as_bytes()[0].is_ascii_digit()
            && NONE.iter().any(|w| w.eq_ignore_ascii_case(cell)))
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

/// A kind of value and the words for it.
pub struct Words<T: 'static> {
    /// What the words say, for messages: "a customer's standing".
    pub what: &'static str,
    /// The words a value map in tailor.yaml may name, and what they mean.
    pub canonical: &'static [(&'static str, T)],
    /// Every word, folded, and what it means.
    index: HashMap<String, T>,
}

impl<T: Copy + PartialEq + std::fmt::Debug> Words<T> {
    /// A vocabulary of `canonical` words and `others` (by language). Two
    /// spellings that fold alike must mean one thing.
    fn new(
        what: &'static str,
        canonical: &'static [(&'static str, T)],
        others: &[(&'static [&'static str], T)],
    ) -> Words<T> {
        let mut index = HashMap::new();
        let all = canonical.iter().map(|&(w, t)| (w, t)).chain(
            others
                .iter()
                .flat_map(|(ws, t)| ws.iter().map(move |w| (*w, *t))),
        );
        for (word, t) in all {
            if let Some(before) = index.insert(fold(word), t) {
                assert_eq!(before, t, "\"{word}\" means two things in {what}");
            }
        }
        Words {
            what,
            canonical,
            index,
        }
    }

    /// What `cell` means, if it is one of the words.
    pub fn get(&self, cell: &str) -> Option<T> {
        self.index.get(&fold(cell)).copied()
    }

    /// What a cell already folded (see [`fold`]) means.
    pub fn get_folded(&self, folded: &str) -> Option<T> {
        self.index.get(folded).copied()
    }

    /// "customer, churned or lead", for messages.
    pub fn choices(&self) -> String {
        let words: Vec<&str> = self.canonical.iter().map(|(w, _)| *w).collect();
        match words.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => words.join(""),
        }
    }
}

/// `Ex-Cliente`, `ex_cliente` and ` EX  cliente ` all read `ex cliente`;
/// `Gekündigt` reads `gekundigt`, `İptal` `iptal`, `Не активен` `ne aktiven`.
pub fn fold(cell: &str) -> String {
    let words = cell
        .trim()
        .split(|c: char| c.is_whitespace() || matches!(c, '_' | '-' | '–' | '—' | '/'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    deunicode::deunicode(&words.to_lowercase())
        .trim()
        .to_string()
}

const YES: &[&str] = &[
    "true",
    "yes",
    "y",
    "1",
    "x",
    "ja",
    "wahr",
    "sim",
    "verdadeiro",
    "sí",
    "verdadero",
    "oui",
    "vrai",
    "sì",
    "vero",
    "tak",
    "prawda",
    "waar",
    "да",
    "истина",
    "так",
    "evet",
    "doğru",
    "taip",
    "tiesa",
];
const NO: &[&str] = &[
    "false", "no", "n", "0", "nein", "falsch", "não", "falso", "non", "faux", "nie", "fałsz",
    "nee", "onwaar", "нет", "ложь", "ні", "hayır", "yanlış", "ne", "netiesa",
];

/// Yes or no: `yes`, `ja`, `sim`, `да`, `evet`, `taip`; `true`/`false` as
/// spreadsheets write them (`WAHR`, `VERDADEIRO`, `ИСТИНА`, `DOĞRU`).
pub static YES_NO: LazyLock<Words<bool>> = LazyLock::new(|| {
    Words::new(
        "yes or no",
        &[("yes", true), ("no", false)],
        &[(YES, true), (NO, false)],
    )
});

/// An account's standing: yes/no in a "churned" column, and the words of
/// lifecycle stages and statuses (`Former customer`, `Closed lost`,
/// `Cancelled` are churned; `Customer`, `Evangelist`, `Customer - Direct`
/// current; `Lead`, `Opportunity`, `Subscriber` no customer yet), in the
/// languages CRMs are set to (HubSpot's stages as its German, Portuguese,
/// Spanish and French interfaces name them).
pub static STANDING: LazyLock<Words<Standing>> = LazyLock::new(|| {
    use Standing::*;
    Words::new(
        "a customer's standing",
        &[
            ("customer", Current),
            ("churned", Churned),
            ("lead", NotCustomer),
        ],
        &[
            // A "churned" column's yes and no.
            (YES, Churned),
            (NO, Current),
            (
                &[
                    "churn",
                    "cancelled",
                    "canceled",
                    "lost",
                    "closed lost",
                    "former customer",
                    "former",
                    "ex customer",
                    "inactive",
                    "terminated",
                    "lapsed",
                    "did not renew",
                    "not renewed",
                    "churned customer",
                    // German
                    "ehemaliger kunde",
                    "ehemalige kundin",
                    "ehemalig",
                    "gekündigt",
                    "gekuendigt",
                    "gekündigter kunde",
                    "abgewandert",
                    "verloren",
                    "storniert",
                    "inaktiv",
                    "beendet",
                    "abgesprungen",
                    // Portuguese, Spanish, Italian
                    "ex cliente",
                    "excliente",
                    "cliente perdido",
                    "cancelado",
                    "cancelada",
                    "perdido",
                    "perdida",
                    "inativo",
                    "inativa",
                    "encerrado",
                    "antiguo cliente",
                    "baja",
                    "dado de baja",
                    "inactivo",
                    "inactiva",
                    "cessato",
                    "perso",
                    "disdetto",
                    // French, Dutch, Polish
                    "ancien client",
                    "ancienne cliente",
                    "résilié",
                    "résiliée",
                    "perdu",
                    "annulé",
                    "inactif",
                    "voormalige klant",
                    "ex klant",
                    "opgezegd",
                    "inactief",
                    "były klient",
                    "rezygnacja",
                    "utracony",
                    "nieaktywny",
                    // Russian, Ukrainian
                    "бывший клиент",
                    "ушёл",
                    "ушел",
                    "ушедший",
                    "отток",
                    "расторгнут",
                    "отказался",
                    "потерян",
                    "неактивный",
                    "неактивен",
                    "колишній клієнт",
                    "пішов",
                    // Turkish, Lithuanian
                    "eski müşteri",
                    "iptal",
                    "iptal edildi",
                    "kayıp",
                    "ayrıldı",
                    "pasif",
                    "kaybedildi",
                    "buvęs klientas",
                    "buvusi klientė",
                    "atsisakė",
                    "prarastas",
                    "nutraukta",
                    "nutrauktas",
                    "neaktyvus",
                ],
                Churned,
            ),
            (
                &[
                    "active",
                    "retained",
                    "current",
                    "renewed",
                    "paying",
                    "closed won",
                    "won",
                    "evangelist",
                    "customer direct",
                    "customer channel",
                    "active customer",
                    "current customer",
                    // German
                    "kunde",
                    "kundin",
                    "bestandskunde",
                    "aktiver kunde",
                    "aktiv",
                    "gewonnen",
                    // Portuguese, Spanish, Italian
                    "cliente",
                    "cliente ativo",
                    "ativo",
                    "ativa",
                    "ganho",
                    "evangelista",
                    "cliente activo",
                    "activo",
                    "activa",
                    "ganado",
                    "attivo",
                    // French, Dutch, Polish
                    "client",
                    "client actif",
                    "actif",
                    "gagné",
                    "évangéliste",
                    "klant",
                    "actief",
                    "klient",
                    "aktywny",
                    // Russian, Ukrainian
                    "клиент",
                    "текущий клиент",
                    "действующий клиент",
                    "активный",
                    "активен",
                    "евангелист",
                    "клієнт",
                    "активний",
                    // Turkish, Lithuanian
                    "müşteri",
                    "mevcut müşteri",
                    "aktif",
                    "klientas",
                    "esamas klientas",
                    "aktyvus",
                ],
                Current,
            ),
            (
                &[
                    "subscriber",
                    "prospect",
                    "opportunity",
                    "marketing qualified lead",
                    "marketingqualifiedlead",
                    "mql",
                    "sales qualified lead",
                    "salesqualifiedlead",
                    "sql",
                    "trial",
                    "trialing",
                    "other",
                    // German
                    "interessent",
                    "abonnent",
                    "verkaufschance",
                    "andere",
                    "testphase",
                    // Portuguese, Spanish
                    "assinante",
                    "lead qualificado para marketing",
                    "lead qualificado para vendas",
                    "oportunidade",
                    "outros",
                    "prospecto",
                    "teste",
                    "suscriptor",
                    "lead calificado para marketing",
                    "lead calificado para ventas",
                    "oportunidad",
                    "otro",
                    "prueba",
                    // French
                    "abonné",
                    "lead qualifié marketing",
                    "lead qualifié pour le marketing",
                    "lead qualifié pour la vente",
                    "opportunité",
                    "autre",
                    "essai",
                    // Russian, Turkish, Lithuanian
                    "подписчик",
                    "лид",
                    "квалифицированный лид",
                    "возможность",
                    "потенциальный клиент",
                    "пробный период",
                    "другое",
                    "abone",
                    "potansiyel müşteri",
                    "fırsat",
                    "diğer",
                    "deneme",
                    "prenumeratorius",
                    "potencialus klientas",
                    "galimybė",
                    "kita",
                ],
                NotCustomer,
            ),
        ],
    )
});

/// A health score as a traffic light: green (healthy, good) is 100,
/// amber (yellow, at risk, fair) 50, red (unhealthy, poor, critical) 0 —
/// so with the default threshold of 70 only green accounts are healthy.
pub static HEALTH: LazyLock<Words<u8>> = LazyLock::new(|| {
    Words::new(
        "a health score",
        &[("green", 100), ("amber", 50), ("red", 0)],
        &[
            (
                &[
                    "healthy",
                    "good",
                    "strong",
                    "grün",
                    "gruen",
                    "gesund",
                    "gut",
                    "verde",
                    "saudável",
                    "bom",
                    "saludable",
                    "bueno",
                    "vert",
                    "sain",
                    "bon",
                    "зелёный",
                    "зеленый",
                    "хороший",
                    "здоровый",
                    "yeşil",
                    "sağlıklı",
                    "iyi",
                    "žalia",
                    "žalias",
                    "gera",
                    "sveikas",
                ],
                100,
            ),
            (
                &[
                    "yellow",
                    "orange",
                    "at risk",
                    "fair",
                    "medium",
                    "neutral",
                    "okay",
                    "ok",
                    "gelb",
                    "gefährdet",
                    "mittel",
                    "amarelo",
                    "laranja",
                    "em risco",
                    "médio",
                    "neutro",
                    "regular",
                    "amarillo",
                    "naranja",
                    "en riesgo",
                    "medio",
                    "jaune",
                    "à risque",
                    "moyen",
                    "neutre",
                    "жёлтый",
                    "желтый",
                    "оранжевый",
                    "под угрозой",
                    "в зоне риска",
                    "средний",
                    "sarı",
                    "turuncu",
                    "riskli",
                    "risk altında",
                    "orta",
                    "geltona",
                    "geltonas",
                    "oranžinė",
                    "rizikoje",
                    "vidutinis",
                    "vidutinė",
                ],
                50,
            ),
            (
                &[
                    "unhealthy",
                    "poor",
                    "critical",
                    "bad",
                    "weak",
                    "rot",
                    "kritisch",
                    "schlecht",
                    "ungesund",
                    "vermelho",
                    "crítico",
                    "ruim",
                    "rojo",
                    "malo",
                    "rouge",
                    "critique",
                    "mauvais",
                    "красный",
                    "критический",
                    "плохой",
                    "kırmızı",
                    "kritik",
                    "kötü",
                    "raudona",
                    "raudonas",
                    "kritinis",
                    "bloga",
                ],
                0,
            ),
        ],
    )
});

/// Whether an affiliate gets a page: the words of spreadsheets (`yes`,
/// `true`, `1`) and of platforms (`active`, `approved`; `pending`,
/// `denied`, `blocked`...), in the platforms' interface languages.
pub static ACTIVITY: LazyLock<Words<bool>> = LazyLock::new(|| {
    Words::new(
        "an affiliate's status",
        &[("active", true), ("inactive", false)],
        &[
            (YES, true),
            (NO, false),
            (
                &[
                    "approved",
                    "accepted",
                    "enabled",
                    "live",
                    "aktiv",
                    "freigegeben",
                    "genehmigt",
                    "ativo",
                    "ativa",
                    "aprovado",
                    "activo",
                    "activa",
                    "aprobado",
                    "actif",
                    "approuvé",
                    "активен",
                    "активный",
                    "одобрен",
                    "aktif",
                    "onaylandı",
                    "onaylı",
                    "aktyvus",
                    "aktyvi",
                    "patvirtintas",
                ],
                true,
            ),
            (
                &[
                    "pending",
                    "denied",
                    "rejected",
                    "declined",
                    "disabled",
                    "deactivated",
                    "blocked",
                    "banned",
                    "suspended",
                    "archived",
                    "deleted",
                    "removed",
                    "paused",
                    "on hold",
                    "invited",
                    "not set",
                    "in review",
                    "under review",
                    "unapproved",
                    "expired",
                    "cancelled",
                    "canceled",
                    "terminated",
                    "inaktiv",
                    "ausstehend",
                    "abgelehnt",
                    "gesperrt",
                    "deaktiviert",
                    "pausiert",
                    "archiviert",
                    "gelöscht",
                    "inativo",
                    "inativa",
                    "pendente",
                    "recusado",
                    "rejeitado",
                    "bloqueado",
                    "suspenso",
                    "pausado",
                    "arquivado",
                    "inactivo",
                    "inactiva",
                    "pendiente",
                    "rechazado",
                    "suspendido",
                    "archivado",
                    "inactif",
                    "en attente",
                    "refusé",
                    "rejeté",
                    "bloqué",
                    "suspendu",
                    "archivé",
                    "неактивен",
                    "неактивный",
                    "ожидает",
                    "на рассмотрении",
                    "отклонён",
                    "отклонен",
                    "заблокирован",
                    "приостановлен",
                    "pasif",
                    "beklemede",
                    "reddedildi",
                    "engellendi",
                    "askıya alındı",
                    "neaktyvus",
                    "laukiama",
                    "atmestas",
                    "užblokuotas",
                    "sustabdytas",
                ],
                false,
            ),
        ],
    )
});

/// Every canonical word of every vocabulary, for checking a value map.
pub fn canonical_words() -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    words.extend(STANDING.canonical.iter().map(|(w, _)| *w));
    words.extend(YES_NO.canonical.iter().map(|(w, _)| *w));
    words.extend(HEALTH.canonical.iter().map(|(w, _)| *w));
    words.extend(ACTIVITY.canonical.iter().map(|(w, _)| *w));
    words.extend(COMMISSION.canonical.iter().map(|(w, _)| *w));
    words.sort_unstable();
    words.dedup();
    words
}

/// Where a commission stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commission {
    Paid,
    /// Pending, due, approved: owed, so a cost already.
    Owed,
    /// Voided, rejected, refunded, fraud: costs nothing.
    Void,
}

/// The words platforms use for a commission's status.
pub static COMMISSION: LazyLock<Words<Commission>> = LazyLock::new(|| {
    use Commission::*;
    Words::new(
        "a commission's status",
        &[("paid", Paid), ("owed", Owed), ("void", Void)],
        &[
            (
                &[
                    "paid out",
                    "sent",
                    "completed",
                    "complete",
                    "success",
                    "succeeded",
                    "bezahlt",
                    "ausgezahlt",
                    "pago",
                    "paga",
                    "pagado",
                    "payé",
                    "выплачено",
                    "оплачено",
                    "ödendi",
                    "išmokėta",
                    "apmokėta",
                ],
                Paid,
            ),
            (
                &[
                    "pending",
                    "due",
                    "approved",
                    "unpaid",
                    "payable",
                    "processed",
                    "processing",
                    "hold",
                    "on hold",
                    "scheduled",
                    "open",
                    "accepted",
                    "active",
                    "ausstehend",
                    "offen",
                    "fällig",
                    "genehmigt",
                    "pendente",
                    "aprovado",
                    "a pagar",
                    "pendiente",
                    "aprobado",
                    "en attente",
                    "approuvé",
                    "ожидает",
                    "к выплате",
                    "одобрено",
                    "beklemede",
                    "onaylandı",
                    "laukiama",
                    "patvirtinta",
                ],
                Owed,
            ),
            (
                &[
                    "voided",
                    "rejected",
                    "declined",
                    "denied",
                    "refunded",
                    "canceled",
                    "cancelled",
                    "fraud",
                    "duplicate",
                    "reversed",
                    "clawed back",
                    "clawback",
                    "chargeback",
                    "charged back",
                    "failed",
                    "deleted",
                    "storniert",
                    "abgelehnt",
                    "erstattet",
                    "cancelado",
                    "rejeitado",
                    "reembolsado",
                    "estornado",
                    "anulado",
                    "rechazado",
                    "annulé",
                    "refusé",
                    "remboursé",
                    "отменено",
                    "отклонено",
                    "возврат",
                    "iptal",
                    "reddedildi",
                    "iade",
                    "atšaukta",
                    "atmesta",
                    "grąžinta",
                ],
                Void,
            ),
        ],
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vocabulary_is_consistent() {
        // Construction asserts that no two spellings clash.
        assert!(STANDING.get("customer").is_some());
        assert!(YES_NO.get("yes").is_some());
        assert!(HEALTH.get("green").is_some());
        assert!(ACTIVITY.get("active").is_some());
        assert!(COMMISSION.get("paid").is_some());
    }

    #[test]
    fn standings_in_the_markets_languages() {
        use Standing::*;
        for (cell, want) in [
            ("Former customer", Churned),
            ("Closed Lost", Churned),
            ("closed_lost", Churned),
            ("Ehemaliger Kunde", Churned),
            ("gekündigt", Churned),
            ("Ex-cliente", Churned),
            ("Cancelado", Churned),
            ("ancien client", Churned),
            ("résilié", Churned),
            ("Бывший клиент", Churned),
            ("ушёл", Churned),
            ("Eski müşteri", Churned),
            ("İptal", Churned),
            ("buvęs klientas", Churned),
            ("Ja", Churned),
            ("Sim", Churned),
            ("да", Churned),
            ("Evet", Churned),
            ("taip", Churned),
            ("Customer", Current),
            ("customer - direct", Current),
            ("Kunde", Current),
            ("Cliente", Current),
            ("Клиент", Current),
            ("Müşteri", Current),
            ("nein", Current),
            ("Não", Current),
            ("nao", Current),
            ("нет", Current),
            ("hayır", Current),
            ("ne", Current),
            ("Lead", NotCustomer),
            ("marketingqualifiedlead", NotCustomer),
            ("Lead qualificado para marketing", NotCustomer),
            ("Oportunidade", NotCustomer),
            ("Abonnent", NotCustomer),
        ] {
            assert_eq!(STANDING.get(cell), Some(want), "{cell:?}");
        }
        assert_eq!(STANDING.get("Partner"), None);
        assert_eq!(STANDING.choices(), "customer, churned or lead");
    }

    #[test]
    fn yes_no_health_activity_commissions() {
        assert_eq!(YES_NO.get("WAHR"), Some(true));
        assert_eq!(YES_NO.get("VERDADEIRO"), Some(true));
        assert_eq!(YES_NO.get("ИСТИНА"), Some(true));
        assert_eq!(YES_NO.get("DOĞRU"), Some(true));
        assert_eq!(YES_NO.get("FALSCH"), Some(false));
        assert_eq!(YES_NO.get("maybe"), None);
        assert_eq!(HEALTH.get("Grün"), Some(100));
        assert_eq!(HEALTH.get("at-risk"), Some(50));
        assert_eq!(HEALTH.get("Vermelho"), Some(0));
        assert_eq!(HEALTH.get("blue"), None);
        assert_eq!(ACTIVITY.get("Aktiv"), Some(true));
        assert_eq!(ACTIVITY.get("pendente"), Some(false));
        assert_eq!(ACTIVITY.get("On_Hold"), Some(false));
        assert_eq!(COMMISSION.get("Paid"), Some(Commission::Paid));
        assert_eq!(COMMISSION.get("On Hold"), Some(Commission::Owed));
        assert_eq!(COMMISSION.get("storniert"), Some(Commission::Void));
        assert!(canonical_words().contains(&"churned"));
    }

    #[test]
    fn missing_values_in_every_excel() {
        for cell in [
            "", " ", "N/A", "#N/A", "#NV", "#N/D", "#Н/Д", "#YOK", "-", "k. A.", "null",
        ] {
            assert!(missing(cell), "{cell:?}");
        }
        for cell in ["0", "no", "нет", "Cliente"] {
            assert!(!missing(cell), "{cell:?}");
        }
    }
}
