//! `tailor derive`: segments from customer-success data.
//!
//! Reads a CSV export of accounts, finds the successful customers by the
//! success rule (`crate::exports::success`: the team's, from tailor.yaml,
//! or by default a promoter (NPS 9-10) or healthy (health score at or
//! above the threshold), not churned, and with no more support tickets
//! than the median of their group), groups accounts by niche × channel,
//! and turns every group with enough successful customers into a segment
//! draft whose pain points and use cases are the most frequent among those
//! customers. Each successful customer carries their score and can say
//! what made it.
//!
//! The export is streamed: one pass, the values a group is judged on and
//! the accounts that may be successful, never the whole file.

mod print;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::exports::customers as columns;
pub use crate::exports::customers::Column;
use crate::exports::success::{self, Judge, Metric, Rule, Stats, Values};
pub(crate) use print::grouped;
pub use print::{Wording, Written, json, segment_yaml, table, write_segments};

use crate::diag::Diagnostic;
use crate::table::values;

/// How many of a group's successful customers the table and the drafts
/// list, best first.
pub const LISTED: usize = 15;

/// What to derive, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub customers: PathBuf,
    /// Who counts as successful: the team's rule, or derive's own.
    pub rule: Rule,
    /// Where the team's rule is written (tailor.yaml), for messages.
    pub rule_file: PathBuf,
    /// Successful customers a group needs to become a segment.
    pub min_group: usize,
    /// Report invalid rows as warnings and leave them out, instead of failing.
    pub skip_invalid: bool,
    /// `--column field=Header` over `data.customers.columns`: which
    /// header holds a column.
    pub map: Vec<(Column, String)>,
    /// How the export is written (delimiter, encoding, data locale, value
    /// map), from tailor.yaml and the command line.
    pub settings: crate::table::Settings,
    /// The site's default language: segment ids are slugs in it.
    pub lang: String,
    /// How many of a group's successful accounts are kept, best first
    /// (the table and the drafts list [`LISTED`]); `None` keeps all (the
    /// JSON lists every one).
    pub listed: Option<usize>,
}

/// One account that counts as successful.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub name: String,
    pub line: u64,
    pub nps: Option<f64>,
    pub health: Option<f64>,
    pub ltv: Option<f64>,
    pub tickets: Option<u32>,
    /// The values of the rule's other metrics ([`Rule::kept`]), for its
    /// judgement and the explanation of its score.
    pub kept: Box<[f64]>,
    /// What the rule's points add up to (0 when it gives none).
    pub score: f64,
}

impl Account {
    /// Every metric the rule judges the account by; `kept` is the
    /// analysis's [`Rule::kept`].
    pub fn values(&self, kept: &[Metric]) -> Values {
        Values::with(
            &[
                (Metric::Nps, self.nps),
                (Metric::Health, self.health),
                (Metric::Ltv, self.ltv),
                (Metric::Tickets, self.tickets.map(f64::from)),
            ],
            kept,
            &self.kept,
        )
    }
}

/// A niche × channel group and its figures.
#[derive(Debug, Clone)]
pub struct Group {
    /// `<niche>-<channel>`, the segment id.
    pub id: String,
    pub niche: String,
    pub channel: String,
    pub customers: u64,
    pub churned: u64,
    pub avg_nps: Option<f64>,
    pub avg_ltv: Option<f64>,
    pub median_tickets: Option<f64>,
    /// The values the group's customers were judged against.
    pub stats: Stats,
    /// Best first ([`best_first`]): every one, or the best
    /// [`Options::listed`].
    pub successful: Vec<Account>,
    /// How many are successful.
    pub total: usize,
    /// Among the successful customers, most frequent first, ties by name.
    pub pain_points: Vec<(String, u64)>,
    pub use_cases: Vec<(String, u64)>,
    /// Has enough successful customers to become a segment.
    pub qualifies: bool,
}

impl Group {
    pub fn successful_share(&self) -> f64 {
        if self.customers == 0 {
            0.0
        } else {
            self.total as f64 / self.customers as f64
        }
    }
}

#[derive(Debug)]
pub struct Analysis {
    pub source: PathBuf,
    /// Sorted by id.
    pub groups: Vec<Group>,
    pub rows: u64,
    pub ungrouped: u64,
    /// Rows whose status says they never were customers (leads,
    /// opportunities): left out of every figure.
    pub not_customers: u64,
    pub invalid: u64,
    pub ignored_columns: Vec<String>,
    pub min_group: usize,
    pub has_tickets: bool,
    pub rule: Rule,
    /// What accounts keep of the rule's metrics ([`Rule::kept`]).
    pub kept: Vec<Metric>,
    /// Metrics the export has and the rule does not judge by.
    pub unused: Vec<Metric>,
    /// Row problems, when `skip_invalid` let the analysis go on.
    pub warnings: Vec<Diagnostic>,
}

struct Acc {
    niche: u32,
    channel: u32,
    customers: u64,
    churned: u64,
    nps_sum: f64,
    nps_n: u64,
    ltv_sum: f64,
    ltv_n: u64,
    stats: Stats,
    candidates: Candidates,
}

/// A group's accounts that may be successful, kept until the group is
/// complete, in one block: names in one string, values and tags in flat
/// arrays. A rule with a relative `any` criterion keeps every customer who
/// has not churned, and an allocation or three for each of them cost as
/// much as reading their row; only the successful become [`Account`]s.
#[derive(Default)]
struct Candidates {
    /// Each name as the export writes it, one after another; cleaned
    /// ([`clean_name`]) only for the successful.
    names: String,
    /// Per account: its line and where its name and tags end.
    ends: Vec<Ends>,
    /// Per account, the values of [`held`]: NaN where blank.
    values: Vec<f64>,
    /// Per account, its pain points then its use cases, each sorted.
    tags: Vec<u32>,
}

struct Ends {
    line: usize,
    name: usize,
    pains: usize,
    uses: usize,
}

/// The metrics every [`Account`] has a field for.
const FIELDS: [Metric; 4] = [Metric::Nps, Metric::Health, Metric::Ltv, Metric::Tickets];

/// The metrics a candidate keeps, in order: [`FIELDS`], then the rule's
/// others ([`Rule::kept`]).
fn held(kept: &[Metric]) -> Vec<Metric> {
    FIELDS.into_iter().chain(kept.iter().copied()).collect()
}

/// Strings seen in the export, each compared in its tag form once
/// ("E-commerce" and "ecommerce", "Saúde" and "saude" are one value).
/// A value is named by its most frequent spelling as written, accents
/// and capitals kept ("Obrigações acessórias (SPED)"), and has a slug for
/// ids.
#[derive(Default)]
pub(crate) struct Interner {
    /// Each spelling as written: its value and how often it was seen.
    by_raw: ahash::AHashMap<Box<[u8]>, (u32, u64)>,
    by_key: ahash::AHashMap<String, u32>,
    /// Per value: each spelling and how often it was seen (by `settle`).
    spellings: Vec<Vec<(String, u64)>>,
    names: Vec<String>,
    slugs: Vec<String>,
}

impl Interner {
    pub fn id(&mut self, raw: &str) -> Option<u32> {
        let raw = raw.trim();
        // Counted per occurrence as written; a spelling is keyed once.
        if let Some((id, n)) = self.by_raw.get_mut(raw.as_bytes()) {
            *n += 1;
            return (*id != u32::MAX).then_some(*id);
        }
        if values::missing(raw) {
            return None;
        }
        let id = self.intern(raw);
        self.by_raw.insert(raw.as_bytes().into(), (id, 1));
        (id != u32::MAX).then_some(id)
    }

    fn intern(&mut self, raw: &str) -> u32 {
        if crate::slug::slugify(raw, "en").is_empty() {
            return u32::MAX;
        }
        let key = crate::slug::tag_key(raw);
        *self.by_key.entry(key).or_insert_with(|| {
            self.spellings.push(Vec::new());
            (self.spellings.len() - 1) as u32
        })
    }

    /// Fixes every value's name once all spellings are counted; `lang`
    /// is the language slugs are made in (`ü` is `ue` in German).
    pub fn settle(&mut self, lang: &str) {
        for spellings in &mut self.spellings {
            spellings.clear();
        }
        for (raw, &(id, n)) in &self.by_raw {
            if id == u32::MAX {
                continue;
            }
            // As written, less control characters (a NUL pasted into a
            // cell), which no YAML file, comment or page can hold.
            let written = String::from_utf8_lossy(raw)
                .chars()
                .filter(|c| !c.is_control() || c.is_whitespace())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let spellings = &mut self.spellings[id as usize];
            match spellings.iter_mut().find(|(s, _)| *s == written) {
                Some((_, count)) => *count += n,
                None => spellings.push((written, n)),
            }
        }
        // The id is the slug most spellings make (`Edtech` and `EdTech`
        // outnumber `Ed-Tech`); the name, the spelling written most often
        // among those that make it.
        let most = |counts: &mut Vec<(String, u64)>| {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s.clone())
                .unwrap_or_default()
        };
        self.names.clear();
        self.slugs.clear();
        for spellings in &self.spellings {
            let slugged: Vec<(String, u64)> = spellings
                .iter()
                .map(|(w, n)| (crate::slug::slugify(w, lang), *n))
                .collect();
            let mut by_slug: Vec<(String, u64)> = Vec::new();
            for (slug, n) in &slugged {
                match by_slug.iter_mut().find(|(s, _)| s == slug) {
                    Some((_, count)) => *count += n,
                    None => by_slug.push((slug.clone(), *n)),
                }
            }
            let slug = most(&mut by_slug);
            let mut written: Vec<(String, u64)> = spellings
                .iter()
                .zip(&slugged)
                .filter(|(_, (s, _))| *s == slug)
                .map(|((w, n), _)| (w.clone(), *n))
                .collect();
            self.names.push(most(&mut written));
            self.slugs.push(slug);
        }
    }

    /// The value as written (its most frequent spelling).
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// The value as a slug, for ids.
    pub fn slug(&self, id: u32) -> &str {
        &self.slugs[id as usize]
    }
}

/// The columns derive always reads; a rule's other metrics are read
/// when it names them, and otherwise left as extras, so a usage column no
/// rule judges by costs nothing.
const READS: [Column; 14] = [
    Column::Account,
    Column::Niche,
    Column::Channel,
    Column::HealthScore,
    Column::Nps,
    Column::Csat,
    Column::Ltv,
    Column::Arr,
    Column::SupportTickets,
    Column::Upsell,
    Column::Churned,
    Column::ChurnDate,
    Column::PainPoints,
    Column::UseCases,
];

/// The columns derive cannot do without under its own rule: each, or
/// one of a choice. A team's rule needs the columns of every metric it
/// names besides niche and channel.
pub const NEEDS: &[&[Column]] = &[
    &[Column::Niche],
    &[Column::Channel],
    &[Column::Nps, Column::HealthScore],
];

/// Reads the export and computes every group's figures.
pub fn analyse(opts: &Options) -> Result<Analysis, Vec<Diagnostic>> {
    let file = opts.customers.as_path();
    let rule = &opts.rule;
    let mut reads = READS.to_vec();
    for &c in rule.metrics().iter().flat_map(|m| m.columns()) {
        if !reads.contains(&c) {
            reads.push(c);
        }
    }
    let mut stream = columns::open(file, &reads, &opts.map, &opts.settings)?;
    if rule.is_default() {
        columns::require(&stream.layout, file, "derive", NEEDS).map_err(|mut errors| {
            // An export without NPS or health may still say who succeeds.
            if !NEEDS[2].iter().any(|&c| stream.layout.has(c)) {
                for d in &mut errors {
                    d.hint = Some(format!(
                        "{}; or judge success by the columns the export has, with a rule in tailor.yaml: derive: {{ success: {{ any: {{ csat: at least 4, active_users: top 30% }} }} }}",
                        d.hint.take().unwrap_or_default()
                    ));
                }
            }
            errors
        })?;
    } else {
        columns::require(&stream.layout, file, "derive", &NEEDS[..2])?;
        success::require(rule, &stream.layout, file, &opts.rule_file)?;
    }
    let has_tickets = stream.layout.has(Column::SupportTickets);
    let ignored_columns = columns::ignored(&stream.layout);
    let present: Vec<Column> = reads
        .iter()
        .copied()
        .filter(|&c| stream.layout.has(c))
        .chain(
            stream
                .layout
                .extra
                .iter()
                .filter_map(|&i| columns::named(&stream.layout.headers[i])),
        )
        .collect();
    let unused = success::unused(rule, &present);
    // The group keeps what its customers are compared with, and its
    // tickets for the median figure.
    let collected = rule.collected(&[Metric::Tickets]);
    let kept = rule.kept();
    let held = held(&kept);

    let mut niches = Interner::default();
    let mut channels = Interner::default();
    let mut tags = Interner::default();
    let mut groups: Vec<Acc> = Vec::new();
    let mut group_of: ahash::AHashMap<(u32, u32), usize> = Default::default();
    let (mut ungrouped, mut not_customers) = (0u64, 0u64);
    let mut scratch: Vec<u32> = Vec::new();

    stream.for_each(|row| {
        let measures = columns::Measures::read(row);
        let columns::Measures {
            nps, ltv, standing, ..
        } = measures;
        let churned = standing == Some(values::Standing::Churned);
        let niche = row.text(Column::Niche).unwrap_or("");
        let channel = row.text(Column::Channel).unwrap_or("");
        if row.failed() {
            return;
        }
        if standing == Some(values::Standing::NotCustomer) {
            not_customers += 1;
            return;
        }
        let (Some(n), Some(c)) = (niches.id(niche), channels.id(channel)) else {
            ungrouped += 1;
            return;
        };
        let g = *group_of.entry((n, c)).or_insert_with(|| {
            groups.push(Acc {
                niche: n,
                channel: c,
                customers: 0,
                churned: 0,
                nps_sum: 0.0,
                nps_n: 0,
                ltv_sum: 0.0,
                ltv_n: 0,
                stats: Stats::new(&collected),
                candidates: Candidates::default(),
            });
            groups.len() - 1
        });
        let acc = &mut groups[g];
        acc.customers += 1;
        if churned {
            acc.churned += 1;
        }
        if let Some(v) = nps {
            acc.nps_sum += v;
            acc.nps_n += 1;
        }
        if let Some(v) = ltv {
            acc.ltv_sum += v;
            acc.ltv_n += 1;
        }
        let values = Values::from(&measures);
        acc.stats.add(&values);
        if !churned && rule.may_succeed(&values) {
            let block = &mut acc.candidates;
            let mut ids = |c: Column| -> usize {
                scratch.clear();
                if let Some(t) = row.text(c) {
                    scratch.extend(t.split(';').filter_map(|tag| tags.id(tag)));
                }
                scratch.sort_unstable();
                scratch.dedup();
                block.tags.extend_from_slice(&scratch);
                block.tags.len()
            };
            let pains = ids(Column::PainPoints);
            let uses = ids(Column::UseCases);
            block
                .names
                .push_str(row.text(Column::Account).unwrap_or(""));
            block.ends.push(Ends {
                line: row.line,
                name: block.names.len(),
                pains,
                uses,
            });
            block
                .values
                .extend(held.iter().map(|&m| values.get(m).unwrap_or(f64::NAN)));
        }
    });

    let (rows, invalid) = (stream.rows, stream.invalid);
    let warnings = stream.finish(opts.skip_invalid, "nothing was derived")?;

    niches.settle(&opts.lang);
    channels.settle(&opts.lang);
    tags.settle(&opts.lang);
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|acc| {
            let names = (&niches, &channels, &tags);
            finish(acc, rule, &held, names, opts.min_group, opts.listed)
        })
        .collect();
    out.sort_by(|a, b| a.id.cmp(&b.id));
    // Two groups whose names make one id (or one cut to the longest id):
    // the later ones get -2, -3, …
    let mut taken = std::collections::HashSet::new();
    for group in &mut out {
        let base = group.id.clone();
        let mut n = 1;
        while !taken.insert(group.id.clone()) {
            n += 1;
            let suffix = format!("-{n}");
            group.id = format!("{}{suffix}", crate::slug::limited(&base, suffix.len()));
        }
    }
    Ok(Analysis {
        source: opts.customers.clone(),
        groups: out,
        rows,
        ungrouped,
        not_customers,
        invalid,
        has_tickets,
        ignored_columns,
        rule: rule.clone(),
        kept,
        unused,
        min_group: opts.min_group,
        warnings,
    })
}

/// Names go into YAML comments and the `--dry-run` table: one line, and
/// whatever could recolour or reorder a terminal (escape sequences,
/// text-direction overrides) escaped by the one rule every command prints
/// data with, `diag::printable`.
fn clean_name(raw: &str) -> Cow<'_, str> {
    // Most names are one line already: single spaces between words.
    let tidy = !raw.starts_with(' ')
        && !raw.ends_with(' ')
        && !raw.contains("  ")
        && !raw.chars().any(|c| c.is_whitespace() && c != ' ');
    if tidy {
        return crate::diag::printable(raw);
    }
    let line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    Cow::Owned(crate::diag::printable(&line).into_owned())
}

/// A successful account, before it is one: what ranks it, and where its
/// values are in its group's block.
struct Ranked<'b> {
    score: f64,
    nps: Option<f64>,
    health: Option<f64>,
    ltv: Option<f64>,
    name: Cow<'b, str>,
    line: usize,
    /// Its place in the block.
    at: usize,
}

/// Best first: score, then NPS, then health, then LTV (a blank last),
/// then name, then line. The line settles every tie: no two accounts are
/// equal, so an unstable sort or selection gives the one order.
fn best_first(a: &Ranked<'_>, b: &Ranked<'_>) -> std::cmp::Ordering {
    let desc =
        |a: &Option<f64>, b: &Option<f64>| b.unwrap_or(f64::MIN).total_cmp(&a.unwrap_or(f64::MIN));
    b.score
        .total_cmp(&a.score)
        .then(desc(&a.nps, &b.nps))
        .then(desc(&a.health, &b.health))
        .then(desc(&a.ltv, &b.ltv))
        .then_with(|| a.name.cmp(&b.name))
        .then(a.line.cmp(&b.line))
}

fn finish(
    mut acc: Acc,
    rule: &Rule,
    held: &[Metric],
    names: (&Interner, &Interner, &Interner),
    min_group: usize,
    listed: Option<usize>,
) -> Group {
    let (niches, channels, tags) = names;
    acc.stats.settle();
    let median = acc.stats.median(Metric::Tickets);
    let mut pains: ahash::AHashMap<u32, u64> = Default::default();
    let mut uses: ahash::AHashMap<u32, u64> = Default::default();
    let mut ranked = Vec::new();
    let judge = Judge::new(rule, &acc.stats);
    let block = &acc.candidates;
    let (mut name, mut tag) = (0, 0);
    let chunks = || block.values.chunks_exact(held.len());
    for (at, (ends, values)) in block.ends.iter().zip(chunks()).enumerate() {
        let (from, upto) = (name, ends.name);
        let (pains_from, uses_from) = (tag, ends.pains);
        (name, tag) = (ends.name, ends.uses);
        let v = Values::with(&[], held, values);
        let (ok, score) = judge.judge(&v);
        if !ok {
            continue;
        }
        for &p in &block.tags[pains_from..ends.pains] {
            *pains.entry(p).or_default() += 1;
        }
        for &u in &block.tags[uses_from..ends.uses] {
            *uses.entry(u).or_default() += 1;
        }
        let line = ends.line;
        let name = match clean_name(&block.names[from..upto]) {
            n if n.is_empty() => Cow::Owned(format!("row {line}")),
            n => n,
        };
        ranked.push(Ranked {
            score,
            nps: v.get(Metric::Nps),
            health: v.get(Metric::Health),
            ltv: v.get(Metric::Ltv),
            name,
            line,
            at,
        });
    }
    // Only the best `listed` become accounts, when that is all that is
    // shown: a group may have hundreds of thousands.
    let total = ranked.len();
    match listed {
        Some(0) => ranked.clear(),
        Some(k) if k < total => {
            ranked.select_nth_unstable_by(k - 1, best_first);
            ranked.truncate(k);
        }
        _ => {}
    }
    ranked.sort_unstable_by(best_first);
    let successful = ranked
        .into_iter()
        .map(|r| {
            let values = &block.values[r.at * held.len()..(r.at + 1) * held.len()];
            let v = Values::with(&[], held, values);
            Account {
                name: r.name.into_owned(),
                line: r.line as u64,
                nps: r.nps,
                health: r.health,
                ltv: r.ltv,
                tickets: v.get(Metric::Tickets).map(|t| t as u32),
                kept: values[FIELDS.len()..].into(),
                score: r.score,
            }
        })
        .collect();
    let ranked_tags = |counts: ahash::AHashMap<u32, u64>| {
        let mut v: Vec<(String, u64)> = counts
            .into_iter()
            .map(|(id, n)| (tags.name(id).to_string(), n))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    let niche = niches.name(acc.niche).to_string();
    let channel = channels.name(acc.channel).to_string();
    Group {
        id: crate::slug::limited(
            &format!("{}-{}", niches.slug(acc.niche), channels.slug(acc.channel)),
            0,
        ),
        qualifies: total >= min_group,
        niche,
        channel,
        customers: acc.customers,
        churned: acc.churned,
        avg_nps: (acc.nps_n > 0).then(|| acc.nps_sum / acc.nps_n as f64),
        avg_ltv: (acc.ltv_n > 0).then(|| acc.ltv_sum / acc.ltv_n as f64),
        median_tickets: median,
        stats: acc.stats,
        successful,
        total,
        pain_points: ranked_tags(pains),
        use_cases: ranked_tags(uses),
    }
}

/// Where derived segments go by default.
pub fn default_out(root: &Path) -> PathBuf {
    root.join("segments")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_valid_and_unique_however_long_the_names() {
        // A fuzzer's finding: a niche of 100 letters made an id longer
        // than a segment file may be named, which derive then wrote.
        let long = "d".repeat(120);
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("customers.csv");
        std::fs::write(
            &csv,
            format!("name,niche,channel,nps\nA,{long}a,search,9\nB,{long}b,search,9\nC,{long}c,search,9\nD,Fintech,search,9\n"),
        )
        .unwrap();
        let a = analyse(&Options {
            customers: csv,
            rule: Rule::default_with(70.0),
            rule_file: PathBuf::from("tailor.yaml"),
            min_group: 1,
            skip_invalid: false,
            map: Vec::new(),
            settings: crate::table::Settings::new(columns::SETTINGS_AT),
            lang: "en".into(),
            listed: None,
        })
        .unwrap();
        let ids: Vec<&str> = a.groups.iter().map(|g| g.id.as_str()).collect();
        for id in &ids {
            assert!(crate::slug::is_slug(id), "{id:?}");
        }
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert!(ids.contains(&"fintech-search"), "{ids:?}");
        assert!(ids.iter().any(|id| id.ends_with("-3")), "{ids:?}");
    }

    #[test]
    fn tags_are_slugs_so_spellings_meet() {
        let mut tags = Interner::default();
        let a = tags.id(" Slow Onboarding ").unwrap();
        assert_eq!(tags.id("slow-onboarding"), Some(a));
        assert_eq!(tags.id("SlowOnboarding"), Some(a));
        let b = tags.id("E-commerce").unwrap();
        assert_eq!(tags.id("ecommerce"), Some(b));
        assert_eq!(tags.id("ecommerce"), Some(b));
        tags.settle("en");
        assert_eq!(tags.name(a), "Slow Onboarding", "a tie, by name");
        assert_eq!(tags.slug(a), "slow-onboarding");
        assert_eq!(tags.name(b), "ecommerce", "the most frequent spelling");
        assert_eq!(tags.id("  "), None);
        assert_eq!(tags.id("!!"), None);
    }

    #[test]
    fn names_are_one_line() {
        assert_eq!(clean_name(" Acme\nCorp\t Inc "), "Acme Corp Inc");
        assert_eq!(
            clean_name("Evil\u{1b}[31m Corp\u{202E}"),
            "Evil\\u{1b}[31m Corp\\u{202e}"
        );
        // The quick look for a tidy name says what the long way says.
        for raw in [
            "Acme Corp",
            "Acme  Corp",
            " Acme",
            "Acme ",
            "A\u{a0}B",
            "A\u{2028}B",
            "",
            "Ä Ö",
            "x\u{1b}y z",
        ] {
            let long =
                crate::diag::printable(&raw.split_whitespace().collect::<Vec<_>>().join(" "))
                    .into_owned();
            assert_eq!(clean_name(raw), long, "{raw:?}");
        }
    }
}
