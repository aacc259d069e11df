//! `tailor report`: which partners send customers who stay.
//!
//! Joins the customer-success export (the one `derive` reads, with a
//! column naming who referred each account) to the site's affiliates by
//! referral code, compared as the affiliate platform compares codes, and
//! optionally to the platform's commission export. For every affiliate,
//! each of the site's segments, each niche × channel of the referred
//! accounts and the whole program it gives the referred accounts, how
//! many churned (with a 95% interval), their NPS, health and LTV, what
//! they cost and what they earn. Flags say what a marketer can act on,
//! and only where the data is evidence: an interval, not two referrals.
//!
//! Both exports are streamed; the state kept is per affiliate, per code
//! and per group, plus (with a commission export) the referrer of each
//! referred account, to join commissions by customer.

pub mod formats;
pub mod html;
pub mod stats;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::exports::commissions;
pub use crate::exports::commissions::Column as CommissionColumn;
use crate::exports::commissions::State;
use stats::{Mean, Share};

use crate::content::AffiliateId;
use crate::diag::Diagnostic;
use crate::exports::customers::{self, Column};
use crate::exports::success::{Judge, Rule, Stats, Values};
use crate::offer::Incentive;
use crate::plan::Site;
use crate::table::values::{self, Standing};

/// What to report on, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub customers: PathBuf,
    pub commissions: Option<PathBuf>,
    /// Commission amounts are in cents whatever their header says.
    pub cents: bool,
    /// Judge referred accounts by this success rule (`--success`).
    pub success: Option<Rule>,
    pub skip_invalid: bool,
    /// `--column field=Header` for the customer export.
    pub map: Vec<(Column, String)>,
    /// `--commission-column field=Header`.
    pub commission_map: Vec<(CommissionColumn, String)>,
    /// How the customer export is written (tailor.yaml's `data.customers`
    /// and the data locale, under the command line's).
    pub settings: crate::table::Settings,
    /// How the commission export is written (`data.commissions`).
    pub commission_settings: crate::table::Settings,
}

impl Options {
    /// A report on `customers` alone, every setting as tailor.yaml's
    /// defaults are.
    pub fn new(customers: PathBuf) -> Options {
        Options {
            customers,
            commissions: None,
            cents: false,
            success: None,
            skip_invalid: false,
            map: Vec::new(),
            commission_map: Vec::new(),
            settings: crate::table::Settings::new(customers::SETTINGS_AT),
            commission_settings: crate::table::Settings::new(commissions::SETTINGS_AT),
        }
    }
}

/// The columns report reads from the customer export.
const READS: [Column; 11] = [
    Column::Account,
    Column::Niche,
    Column::Channel,
    Column::HealthScore,
    Column::Nps,
    Column::Ltv,
    Column::Arr,
    Column::Churned,
    Column::ChurnDate,
    Column::ReferredBy,
    Column::CustomerId,
];

/// With [`Column::Email`], when a commission export is joined by email.
const READS_EMAIL: Column = Column::Email;

/// Figures of a set of referred accounts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub referred: u64,
    pub churned: u64,
    /// Accounts successful by the success rule, when `--success` judged
    /// them.
    pub successful: Option<u64>,
    pub nps: Mean,
    pub health: Mean,
    /// Per account: the LTV column, or ARR × `economics.avg_lifetime_years`.
    pub ltv: Mean,
    /// Commissions from the export (paid and owed, clawbacks off).
    pub commissions: Option<Money>,
    /// What the offers in force cost: the referrer's reward per account
    /// (when there is no export) and the referred customer's.
    pub offer_cost: Option<f64>,
}

/// Commissions from the export.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Money {
    pub paid: f64,
    pub owed: f64,
    /// Rows that cost nothing (voided, refunded).
    pub voided: u64,
}

impl Money {
    pub fn total(&self) -> f64 {
        self.paid + self.owed
    }
}

impl Figures {
    pub fn active(&self) -> u64 {
        self.referred - self.churned
    }

    pub fn churn(&self) -> Option<Share> {
        stats::wilson(self.churned, self.referred)
    }

    /// The share of the accounts that are successful customers, when they
    /// were judged.
    pub fn success(&self) -> Option<Share> {
        stats::wilson(self.successful?, self.referred)
    }

    /// What the referrals cost: commissions (from the export, or the
    /// referrer's reward in force) and the referred customers' rewards.
    pub fn cost(&self) -> Option<f64> {
        match (self.commissions, self.offer_cost) {
            (None, None) => None,
            (c, o) => Some(c.map_or(0.0, |c| c.total()) + o.unwrap_or(0.0)),
        }
    }

    /// Average LTV over what a referral costs.
    pub fn ltv_to_cost(&self) -> Option<f64> {
        let cost = self.cost()?;
        let ltv = self.ltv.value()?;
        (cost > 0.0 && self.referred > 0).then(|| ltv / (cost / self.referred as f64))
    }

    /// Total LTV of the referred accounts less what they cost.
    pub fn net(&self) -> Option<f64> {
        let ltv = self.ltv.value()? * self.referred as f64;
        Some(ltv - self.cost().unwrap_or(0.0))
    }

    fn merge(&mut self, o: &Figures) {
        self.referred += o.referred;
        self.churned += o.churned;
        self.successful = match (self.successful, o.successful) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
        self.nps.merge(&o.nps);
        self.health.merge(&o.health);
        self.ltv.merge(&o.ltv);
        self.commissions = match (self.commissions, o.commissions) {
            (None, None) => None,
            (a, b) => {
                let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
                Some(Money {
                    paid: a.paid + b.paid,
                    owed: a.owed + b.owed,
                    voided: a.voided + b.voided,
                })
            }
        };
        self.offer_cost = match (self.offer_cost, o.offer_cost) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0) + b.unwrap_or(0.0)),
        };
    }
}

/// An affiliate's line.
#[derive(Debug, Clone)]
pub struct AffiliateLine {
    pub slug: String,
    pub name: String,
    pub code: String,
    pub segment: String,
    pub active: bool,
    pub figures: Figures,
}

/// A segment of the site, or a niche × channel of referred accounts.
#[derive(Debug, Clone)]
pub struct GroupLine {
    pub id: String,
    pub name: String,
    pub figures: Figures,
}

/// A referral code in the data that names no affiliate.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownCode {
    pub code: String,
    pub accounts: u64,
    pub line: usize,
    /// An affiliate's code it looks like.
    pub near: Option<String>,
}

/// What a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    /// Referrals credited to nobody.
    UnknownCode,
    /// LTV / cost below `min_ltv_to_cac`, even at the optimistic end.
    LowLtvToCost,
    /// Churn above the program's, even at the interval's low end.
    HighChurn,
    /// An inactive affiliate whose code is on referred accounts.
    InactiveReferring,
    /// An active affiliate with no referred account.
    NoReferrals,
}

impl FlagKind {
    pub const ALL: [FlagKind; 5] = [
        FlagKind::UnknownCode,
        FlagKind::LowLtvToCost,
        FlagKind::HighChurn,
        FlagKind::InactiveReferring,
        FlagKind::NoReferrals,
    ];

    pub fn name(self) -> &'static str {
        match self {
            FlagKind::UnknownCode => "unknown-code",
            FlagKind::LowLtvToCost => "low-ltv-to-cost",
            FlagKind::HighChurn => "high-churn",
            FlagKind::InactiveReferring => "inactive-referring",
            FlagKind::NoReferrals => "no-referrals",
        }
    }

    pub fn by_name(name: &str) -> Option<FlagKind> {
        FlagKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub kind: FlagKind,
    /// The affiliate's slug, or the unknown code.
    pub subject: String,
    pub message: String,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub site: String,
    pub customers: PathBuf,
    pub commissions: Option<PathBuf>,
    pub currency: Option<String>,
    /// Rows that were customers (not leads), referred or not.
    pub customer_rows: u64,
    /// Accounts nobody referred, for comparison.
    pub not_referred: Figures,
    pub program: Figures,
    /// Sorted by slug.
    pub affiliates: Vec<AffiliateLine>,
    /// The site's segments, by id.
    pub segments: Vec<GroupLine>,
    /// Niche × channel of the referred accounts, by id.
    pub groups: Vec<GroupLine>,
    /// Most accounts first, then by code.
    pub unknown: Vec<UnknownCode>,
    pub flags: Vec<Flag>,
    /// `economics.min_ltv_to_cac`, when set.
    pub min_ltv_to_cac: Option<f64>,
    /// The success rule in words, when `--success` judged the accounts.
    pub success_rule: Option<String>,
    /// Commission rows that named no affiliate tailor could find, and
    /// their amount.
    pub unattributed: (u64, f64),
    pub warnings: Vec<Diagnostic>,
}

/// A referral code as the platform compares it: lowercase for platforms
/// that store codes so, exactly as written otherwise.
fn compare_key(site: &Site, code: &str) -> String {
    let preset = site.config.tracking.preset;
    match preset.code(code) {
        Ok(c) => c,
        Err(_) => code.trim().to_string(),
    }
}

/// The code a referred_by cell holds: the cell itself, or the referral
/// parameter of a link pasted into it (`https://acme.example/?via=jane`).
fn written_code(site: &Site, cell: &str) -> String {
    let cell = cell.trim();
    if cell.contains("://") || cell.starts_with('?') {
        let link = if cell.starts_with('?') {
            format!("https://x.invalid/{cell}")
        } else {
            cell.to_string()
        };
        if let Ok(url) = url::Url::parse(&link) {
            let preset = site.config.tracking.preset;
            let param = &site.config.tracking.ref_param;
            if let Some((_, v)) = url
                .query_pairs()
                .find(|(k, _)| k == param.as_str() || preset.reads(k))
            {
                return v.trim().to_string();
            }
        }
    }
    cell.to_string()
}

/// Who referred an account.
#[derive(Debug, Clone)]
enum Whose {
    Nobody,
    Affiliate(usize),
    /// A code no affiliate has (as compared).
    Unknown(String),
}

/// An account that may be a successful customer, judged once its group
/// is complete: who referred it, its niche × channel (for a referred
/// account), its values.
type Pending = (Whose, Option<(u32, u32)>, Values);

/// Every affiliate of the site, inactive ones too, with the code and
/// offer they have.
fn roster(site: &Site) -> Vec<(AffiliateId, Option<String>, Incentive)> {
    // Inactive affiliates have no page, but referrals may still carry
    // their code: the plan keeps their code and offer by the same rules.
    let mut out: Vec<_> = site
        .affiliates
        .iter()
        .map(|p| (p.affiliate, Some(p.code.clone()), p.offer.clone()))
        .chain(
            site.retired
                .iter()
                .map(|r| (r.affiliate, r.code.clone(), r.offer.clone())),
        )
        .collect();
    out.sort_by(|a, b| {
        let (x, y) = (&site.content.affiliates[a.0], &site.content.affiliates[b.0]);
        x.slug.cmp(&y.slug).then(a.0.cmp(&b.0))
    });
    out
}

/// Reads the exports and computes every figure and flag.
pub fn analyse(site: &Site, opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    let file = opts.customers.as_path();
    let mut reads = READS.to_vec();
    if opts.commissions.is_some() {
        reads.push(READS_EMAIL);
    }
    if let Some(rule) = &opts.success {
        for &c in rule.metrics().iter().flat_map(|m| m.columns()) {
            if !reads.contains(&c) {
                reads.push(c);
            }
        }
    }
    let mut stream = customers::open(file, &reads, &opts.map, &opts.settings)?;
    customers::require(&stream.layout, file, "report", &[&[Column::ReferredBy]])?;
    if let Some(rule) = &opts.success {
        if rule.is_default() {
            customers::require(
                &stream.layout,
                file,
                "report --success",
                &[&[Column::Nps, Column::HealthScore]],
            )?;
        } else {
            crate::exports::success::require(
                rule,
                &stream.layout,
                file,
                std::path::Path::new(crate::config::CONFIG_FILE),
            )?;
        }
    }
    // With --success: each group's values the rule compares with (of every
    // customer, referred or not), and each account that may be successful,
    // judged once the groups are complete.
    let collected = opts
        .success
        .as_ref()
        .map(|r| r.collected(&[]))
        .unwrap_or_default();
    let mut judged: ahash::AHashMap<(u32, u32), Stats> = Default::default();
    let mut pending: Vec<Pending> = Vec::new();
    let economics = site.config.economics.clone();

    let roster = roster(site);
    let by_code: ahash::AHashMap<&str, usize> = roster
        .iter()
        .enumerate()
        .filter_map(|(k, (_, code, _))| Some((code.as_deref()?, k)))
        .collect();
    let mut lines: Vec<Figures> = vec![Figures::default(); roster.len()];
    let mut unknown: HashMap<String, UnknownCode> = HashMap::new();
    // Niche × channel, spelt as derive reads them ("E-commerce" is
    // "ecommerce").
    let mut niches = crate::derive::Interner::default();
    let mut channels = crate::derive::Interner::default();
    // Each group's figures, and how many of its accounts each affiliate
    // referred (its share of their cost).
    let mut groups: ahash::AHashMap<(u32, u32), (Figures, BTreeMap<usize, u64>)> =
        Default::default();
    let mut not_referred = Figures::default();
    let mut customer_rows = 0u64;
    // Who referred each account, to join commissions by customer.
    let joining = opts.commissions.is_some();
    let mut referrer_by_id: ahash::AHashMap<Box<str>, Option<usize>> = Default::default();
    let mut referrer_by_email: ahash::AHashMap<Box<str>, Option<usize>> = Default::default();
    let lifetime = economics.as_ref().map(|e| e.avg_lifetime_years);

    stream.for_each(|row| {
        let measures = customers::Measures::read(row);
        let customers::Measures {
            nps,
            health,
            ltv,
            arr,
            standing,
            ..
        } = measures;
        let referred_by = row.text(Column::ReferredBy).filter(|t| !values::missing(t));
        let niche = row.text(Column::Niche).unwrap_or("");
        let channel = row.text(Column::Channel).unwrap_or("");
        let id = row.text(Column::CustomerId).map(str::trim);
        let email = row.text(Column::Email).map(str::trim);
        if row.failed() || standing == Some(Standing::NotCustomer) {
            return;
        }
        customer_rows += 1;
        let churned = standing == Some(Standing::Churned);
        let ltv = ltv.or_else(|| Some(arr? * lifetime?));
        let add = |f: &mut Figures| {
            f.referred += 1;
            if churned {
                f.churned += 1;
            }
            if let Some(v) = nps {
                f.nps.add(v);
            }
            if let Some(v) = health {
                f.health.add(v);
            }
            if let Some(v) = ltv {
                f.ltv.add(v);
            }
        };
        let group = niches.id(niche).zip(channels.id(channel));
        let whose = match referred_by {
            None => Whose::Nobody,
            Some(cell) => {
                let code = compare_key(site, &written_code(site, cell));
                match by_code.get(code.as_str()) {
                    Some(&k) => Whose::Affiliate(k),
                    None => Whose::Unknown(code),
                }
            }
        };
        if let Some(rule) = &opts.success {
            let values = Values::from(&measures);
            if let Some(g) = group {
                judged
                    .entry(g)
                    .or_insert_with(|| Stats::new(&collected))
                    .add(&values);
            }
            if !churned && rule.may_succeed(&values) {
                let at = if matches!(whose, Whose::Nobody) {
                    None
                } else {
                    group
                };
                pending.push((whose.clone(), at, values));
            }
        }
        let (who, code) = match whose {
            Whose::Nobody => {
                add(&mut not_referred);
                return;
            }
            Whose::Affiliate(k) => (Some(k), String::new()),
            Whose::Unknown(code) => (by_code.get(code.as_str()).copied(), code),
        };
        match who {
            Some(k) => add(&mut lines[k]),
            None => {
                let line = row.line;
                unknown
                    .entry(code.clone())
                    .or_insert_with(|| UnknownCode {
                        code,
                        accounts: 0,
                        line,
                        near: None,
                    })
                    .accounts += 1;
            }
        }
        if let Some((n, c)) = group {
            let (figures, by) = groups.entry((n, c)).or_default();
            add(figures);
            if let Some(k) = who {
                *by.entry(k).or_default() += 1;
            }
        }
        if joining {
            if let Some(id) = id.filter(|i| !i.is_empty()) {
                referrer_by_id.insert(id.into(), who);
            }
            if let Some(email) = email.filter(|e| !e.is_empty()) {
                referrer_by_email.insert(email.to_lowercase().into(), who);
            }
        }
    });
    let mut warnings = stream.finish(opts.skip_invalid, "no report was made")?;

    if let Some(rule) = &opts.success {
        for f in lines.iter_mut().chain([&mut not_referred]) {
            f.successful = Some(0);
        }
        for (figures, _) in groups.values_mut() {
            figures.successful = Some(0);
        }
        for stats in judged.values_mut() {
            stats.settle();
        }
        let judges: ahash::AHashMap<(u32, u32), Judge> = judged
            .iter()
            .map(|(&g, stats)| (g, Judge::new(rule, stats)))
            .collect();
        let none = Judge::new(rule, &Stats::default());
        for (whose, group, values) in &pending {
            let judge = group.and_then(|g| judges.get(&g)).unwrap_or(&none);
            if !judge.judge(values).0 {
                continue;
            }
            let figures = match whose {
                Whose::Nobody => Some(&mut not_referred),
                Whose::Affiliate(k) => Some(&mut lines[*k]),
                Whose::Unknown(_) => None,
            };
            if let Some(f) = figures {
                *f.successful.get_or_insert(0) += 1;
            }
            if let Some(g) = group
                && let Some((f, _)) = groups.get_mut(g)
            {
                *f.successful.get_or_insert(0) += 1;
            }
        }
    }

    // Offers in force: the referred customer's reward per account, and the
    // referrer's too when no export says what was paid. A side without an
    // offer costs nothing; an offer without a value, an unknown amount.
    for (k, (_, _, offer)) in roster.iter().enumerate() {
        let value = |o: &Option<crate::offer::Offer>| match o {
            None => Some(0.0),
            Some(o) => o.value,
        };
        let per = if joining {
            value(&offer.referred)
        } else {
            value(&offer.referrer)
                .zip(value(&offer.referred))
                .map(|(a, b)| a + b)
        };
        let f = &mut lines[k];
        f.offer_cost = per.map(|p| p * f.referred as f64);
    }

    let mut currency = None;
    let mut unattributed = (0u64, 0.0);
    if let Some(path) = &opts.commissions {
        for f in &mut lines {
            f.commissions = Some(Money::default());
        }
        let by_email: HashMap<String, usize> = roster
            .iter()
            .enumerate()
            .filter_map(|(k, (i, _, _))| {
                let e = site.content.affiliates[*i].email.as_ref()?;
                Some((e.trim().to_lowercase(), k))
            })
            .collect();
        let mut currencies: BTreeMap<String, usize> = BTreeMap::new();
        let mut first_unattributed = None;
        let more = commissions::read(
            path,
            &opts.commission_map,
            &opts.commission_settings,
            opts.cents,
            opts.skip_invalid,
            |c| {
                if let Some(cur) = c.currency {
                    currencies.entry(cur.to_uppercase()).or_insert(c.line);
                }
                let who = c
                    .affiliate
                    .and_then(|a| {
                        by_code
                            .get(compare_key(site, &written_code(site, a)).as_str())
                            .copied()
                    })
                    .or_else(|| {
                        c.affiliate_email
                            .and_then(|e| by_email.get(&e.to_lowercase()).copied())
                    })
                    .or_else(|| {
                        let id = c.customer_id.and_then(|i| referrer_by_id.get(i));
                        let email = c
                            .customer_email
                            .and_then(|e| referrer_by_email.get(e.to_lowercase().as_str()));
                        id.or(email).copied().flatten()
                    });
                let Some(k) = who else {
                    unattributed.0 += 1;
                    unattributed.1 += c.amount;
                    first_unattributed.get_or_insert(c.line);
                    return;
                };
                let money = lines[k].commissions.get_or_insert_with(Money::default);
                match c.state {
                    Some(State::Paid) => money.paid += c.amount,
                    Some(State::Void) => money.voided += 1,
                    Some(State::Owed) | None => money.owed += c.amount,
                }
            },
        )?;
        warnings.extend(more);
        if currencies.len() > 1 {
            let list: Vec<String> = currencies
                .iter()
                .map(|(c, line)| format!("{c} (first on line {line})"))
                .collect();
            return Err(vec![
                Diagnostic::error(
                    path,
                    format!("the commissions are in more than one currency: {}", list.join(", ")),
                )
                .hint("export one currency at a time: amounts in different currencies cannot be added up"),
            ]);
        }
        currency = currencies.into_keys().next();
        if let Some(line) = first_unattributed {
            warnings.push(
                Diagnostic::warning(
                    path,
                    format!(
                        "{} commission {} no affiliate of the site, by code, affiliate email or a referred customer (first here); their {} is in no affiliate's cost",
                        unattributed.0,
                        plural(unattributed.0, "row names", "rows name"),
                        formats::money(unattributed.1)
                    ),
                )
                .at_line(Some(line))
                .hint("check that the customers export has the customer_id or email the commissions name, and a referred_by code"),
            );
        }
    }

    let affiliates: Vec<AffiliateLine> = roster
        .iter()
        .zip(lines)
        .map(|((i, code, _), figures)| {
            let a = &site.content.affiliates[*i];
            AffiliateLine {
                slug: a.slug.clone(),
                name: a.name.clone(),
                code: code.clone().unwrap_or_default(),
                segment: a.segment.clone(),
                active: a.active,
                figures,
            }
        })
        .collect();

    let mut program = Figures::default();
    for a in &affiliates {
        program.merge(&a.figures);
    }
    let segments: Vec<GroupLine> = site
        .content
        .segments
        .iter()
        .map(|s| {
            let mut figures = Figures::default();
            for a in affiliates.iter().filter(|a| a.segment == s.id) {
                figures.merge(&a.figures);
            }
            GroupLine {
                id: s.id.clone(),
                name: s.name.clone(),
                figures,
            }
        })
        .collect();
    niches.settle(&site.config.locale);
    channels.settle(&site.config.locale);
    let mut groups: Vec<GroupLine> = groups
        .into_iter()
        .map(|((n, c), (mut figures, by))| {
            let (niche, channel) = (niches.name(n), channels.name(c));
            // Its accounts' share of their affiliates' cost.
            figures.offer_cost = by.iter().try_fold(0.0, |sum, (&k, &count)| {
                let f = &affiliates[k].figures;
                Some(sum + f.cost()? / f.referred as f64 * count as f64)
            });
            GroupLine {
                id: crate::slug::limited(&format!("{}-{}", niches.slug(n), channels.slug(c)), 0),
                name: format!("{niche} × {channel}"),
                figures,
            }
        })
        .collect();
    groups.sort_by(|a, b| a.id.cmp(&b.id).then(a.name.cmp(&b.name)));

    let codes: Vec<&str> = affiliates.iter().map(|a| a.code.as_str()).collect();
    let mut unknown: Vec<UnknownCode> = unknown
        .into_values()
        .map(|mut u| {
            u.near = codes
                .iter()
                .find(|c| c.eq_ignore_ascii_case(&u.code))
                .copied()
                .or_else(|| crate::diag::suggest(&u.code, codes.iter().copied()))
                .map(str::to_string);
            u
        })
        .collect();
    unknown.sort_by(|a, b| b.accounts.cmp(&a.accounts).then(a.code.cmp(&b.code)));

    let min_ltv_to_cac = economics.as_ref().map(|e| e.min_ltv_to_cac);
    let mut report = Report {
        site: site.config.name.clone(),
        customers: opts.customers.clone(),
        commissions: opts.commissions.clone(),
        currency,
        customer_rows,
        not_referred,
        program,
        affiliates,
        segments,
        groups,
        unknown,
        flags: Vec::new(),
        min_ltv_to_cac,
        success_rule: opts.success.as_ref().map(Rule::describe),
        unattributed,
        warnings,
    };
    let platform = crate::plan::platform_words(&site.config);
    report.flags = flags(&report, &platform);
    Ok(report)
}

/// The flags, in the order of [`FlagKind`], then by subject.
fn flags(r: &Report, platform: &str) -> Vec<Flag> {
    let mut out = Vec::new();
    let file = r.customers.display();
    for u in &r.unknown {
        let near = match &u.near {
            Some(c) if c.eq_ignore_ascii_case(&u.code) => {
                format!(" — {c} differs only in case, and {platform} compares codes as written")
            }
            Some(c) => format!(" — did you mean {c}?"),
            None => String::new(),
        };
        out.push(Flag {
            kind: FlagKind::UnknownCode,
            subject: u.code.clone(),
            message: format!(
                "{} referred {} by \"{}\", a code no affiliate has (first at {file}:{}): credited to nobody{near}",
                u.accounts,
                plural(u.accounts, "account", "accounts"),
                u.code,
                u.line
            ),
        });
    }
    let base = r.program.churn();
    for a in &r.affiliates {
        let f = &a.figures;
        if let (Some(min), Some(cost)) = (r.min_ltv_to_cac, f.cost())
            && f.referred > 0
            && cost > 0.0
        {
            let per = cost / f.referred as f64;
            let high = f.ltv.high();
            if high / per < min {
                out.push(Flag {
                    kind: FlagKind::LowLtvToCost,
                    subject: a.slug.clone(),
                    message: format!(
                        "{}: LTV / cost {:.2}, below min_ltv_to_cac {min} — even the top of the 95% interval of their referrals' LTV ({}) is {:.2} × their cost per referral ({})",
                        a.slug,
                        f.ltv_to_cost().unwrap_or(0.0),
                        formats::money(high),
                        high / per,
                        formats::money(per)
                    ),
                });
            }
        }
        if let (Some(base), Some(churn)) = (base, f.churn())
            && churn.low > base.value
        {
            out.push(Flag {
                kind: FlagKind::HighChurn,
                subject: a.slug.clone(),
                message: format!(
                    "{}: {} of {} referred accounts churned ({}, 95% interval {}–{}), above the program's {}",
                    a.slug,
                    f.churned,
                    f.referred,
                    formats::percent(churn.value),
                    formats::percent(churn.low),
                    formats::percent(churn.high),
                    formats::percent(base.value)
                ),
            });
        }
    }
    for a in &r.affiliates {
        if !a.active && a.figures.referred > 0 {
            out.push(Flag {
                kind: FlagKind::InactiveReferring,
                subject: a.slug.clone(),
                message: format!(
                    "{} is inactive but {} referred {} their code: their page now redirects without it, so if they still share their link, new signups are credited to nobody — reactivate them, or tell them",
                    a.slug,
                    a.figures.referred,
                    plural(a.figures.referred, "account carries", "accounts carry")
                ),
            });
        }
    }
    for a in &r.affiliates {
        if a.active && a.figures.referred == 0 {
            out.push(Flag {
                kind: FlagKind::NoReferrals,
                subject: a.slug.clone(),
                message: format!("{} is active and has referred no account yet", a.slug),
            });
        }
    }
    out.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.subject.cmp(&b.subject)));
    out
}

fn plural<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(referred: u64, churned: u64, ltvs: &[f64], cost: f64) -> Figures {
        let mut f = Figures {
            referred,
            churned,
            offer_cost: Some(cost),
            ..Figures::default()
        };
        for &v in ltvs {
            f.ltv.add(v);
        }
        f
    }

    fn report(program: Figures, one: Figures, min: f64) -> Report {
        Report {
            site: "S".into(),
            customers: "c.csv".into(),
            commissions: None,
            currency: None,
            customer_rows: program.referred,
            not_referred: Figures::default(),
            program,
            affiliates: vec![AffiliateLine {
                slug: "one".into(),
                name: "One".into(),
                code: "one".into(),
                segment: "s".into(),
                active: true,
                figures: one,
            }],
            segments: Vec::new(),
            groups: Vec::new(),
            unknown: Vec::new(),
            flags: Vec::new(),
            min_ltv_to_cac: Some(min),
            success_rule: None,
            unattributed: (0, 0.0),
            warnings: Vec::new(),
        }
    }

    fn kinds(r: &Report) -> Vec<FlagKind> {
        flags(r, "x").into_iter().map(|f| f.kind).collect()
    }

    #[test]
    fn high_churn_is_flagged_only_when_the_interval_clears_the_base_rate() {
        // 9 of 20 churned: Wilson's interval starts at 25.82%.
        let one = figures(20, 9, &[], 0.0);
        let low = one.churn().unwrap().low;
        assert!((low - 0.2582).abs() < 1e-4, "{low}");
        // The program's rate just below the interval: flagged; at it or
        // just above: not.
        let program = |rate: f64| {
            let mut p = figures(1_000_000, 0, &[], 0.0);
            p.churned = (rate * 1_000_000.0).floor() as u64;
            p
        };
        assert_eq!(
            kinds(&report(program(low - 1e-5), one.clone(), 4.0)),
            [FlagKind::HighChurn]
        );
        assert_eq!(kinds(&report(program(low + 1e-5), one.clone(), 4.0)), []);
        // No churn anywhere is never high churn.
        assert_eq!(
            kinds(&report(
                figures(50, 0, &[], 0.0),
                figures(20, 0, &[], 0.0),
                4.0
            )),
            []
        );
        // The same share from 2 referrals is no evidence at all.
        assert_eq!(
            kinds(&report(program(0.2), figures(2, 1, &[], 0.0), 4.0)),
            []
        );
    }

    #[test]
    fn low_ltv_to_cost_is_flagged_only_when_even_the_optimistic_ltv_is_below() {
        // Ten referrals of LTV 300 and 500 (mean 400, sd 105.4): the mean's
        // interval reaches 400 + 2.262 × 33.33 = 475.4. At 100 a referral:
        let ltvs = [
            300.0, 500.0, 300.0, 500.0, 300.0, 500.0, 300.0, 500.0, 300.0, 500.0,
        ];
        let one = figures(10, 0, &ltvs, 1000.0);
        let high = one.ltv.high();
        assert!((high - 475.4).abs() < 0.1, "{high}");
        let program = figures(10, 0, &ltvs, 1000.0);
        // LTV / cost is 4.0; the optimistic end 4.754.
        let at = high / 100.0;
        assert_eq!(
            kinds(&report(program.clone(), one.clone(), at + 1e-6)),
            [FlagKind::LowLtvToCost]
        );
        assert_eq!(kinds(&report(program.clone(), one.clone(), at - 1e-6)), []);
        // Below the guardrail on average (4.0 < 4.5), but not by more than
        // chance: no flag.
        assert_eq!(kinds(&report(program, one, 4.5)), []);
    }
}
