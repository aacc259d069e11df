//! `tailor links`: the URL to hand each affiliate.
//!
//! The affiliate list never goes into the published site; this is where a
//! marketer (or a script that mails affiliates) gets it. The CSV is made to
//! be opened in a spreadsheet: no cell can be read as a formula, and
//! `--bom` marks it as UTF-8 for Excel on Windows.

use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{FAILURE, SUCCESS, USAGE};
use crate::cli::{Format, LinksArgs};
use crate::content::Affiliate;
use crate::diag::suggest;
use crate::plan::{Active, AffiliatePlan, Site};
use crate::table::normalise;

/// The columns printed without `--columns`, in order.
const DEFAULT: [&str; 8] = [
    "slug",
    "name",
    "segment",
    "code",
    "lang",
    "url",
    "path",
    "signup_url",
];

/// Columns every affiliate has, besides the defaults.
const KNOWN: [&str; 8] = [
    "first_name",
    "company",
    "email",
    "message",
    "locale",
    "active",
    "qr_url",
    "kit_url",
];

/// One affiliate's row: column names and values, in the order asked for.
pub(crate) struct Row(pub Vec<(String, String)>);

impl Serialize for Row {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

pub fn execute(args: LinksArgs) -> u8 {
    let root = args.root.root;
    if args.bom && args.format != Format::Csv {
        eprintln!("error: --bom is for CSV: a JSON reader expects none");
        return USAGE;
    }
    let Some(loaded) = super::load_site(&root) else {
        return FAILURE;
    };
    let site = &loaded.site;
    if let Some(id) = &args.segment
        && !site.content.segments.iter().any(|s| &s.id == id)
    {
        let ids: Vec<_> = site
            .content
            .segments
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        eprintln!(
            "error: --segment {id}: no such segment (segments are: {})",
            ids.join(", ")
        );
        return USAGE;
    }
    let columns: Vec<String> = match &args.columns {
        None => DEFAULT.iter().map(|c| c.to_string()).collect(),
        Some(list) => match chosen(list, site) {
            Ok(c) => c,
            Err(message) => {
                eprintln!("error: --columns: {message}");
                return USAGE;
            }
        },
    };
    let rows: Vec<Row> = site
        .affiliates
        .iter()
        .enumerate()
        .filter(|(_, plan)| {
            args.segment
                .as_ref()
                .is_none_or(|id| *id == site.content.segments[plan.segment].id)
        })
        .map(|(i, plan)| {
            Row(columns
                .iter()
                .map(|c| (c.clone(), value(site, Active(i), plan, c)))
                .collect())
        })
        .collect();
    let printed = match args.format {
        Format::Json => serde_json::to_string_pretty(&rows)
            .map(|s| s + "\n")
            .map_err(|e| e.to_string()),
        Format::Csv => csv_text(&columns, &rows, args.bom),
    };
    match printed {
        Ok(text) => {
            print!("{text}");
            SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write the list: {e}");
            FAILURE
        }
    }
}

/// The columns of `--columns a,b,c`, each a default, a known field or a
/// column of affiliates.csv (by its header, in any case or punctuation).
fn chosen(list: &str, site: &Site) -> Result<Vec<String>, String> {
    let mut available: Vec<String> = DEFAULT
        .iter()
        .chain(&KNOWN)
        .map(|c| c.to_string())
        .collect();
    for a in &site.content.affiliates {
        for (header, _) in &a.extra {
            let name = normalise(header);
            if !available.contains(&name) {
                available.push(name);
            }
        }
    }
    let mut out = Vec::new();
    for asked in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let name = normalise(asked);
        if available.contains(&name) {
            out.push(name);
        } else {
            let hint = match suggest(&name, available.iter().map(String::as_str)) {
                Some(best) => format!("did you mean \"{best}\"?"),
                None => format!("the columns are: {}", available.join(", ")),
            };
            return Err(format!("no column \"{asked}\" — {hint}"));
        }
    }
    if out.is_empty() {
        return Err(format!(
            "name at least one column: {}",
            available.join(", ")
        ));
    }
    Ok(out)
}

/// Column `column` of affiliate `i`.
pub(crate) fn value(site: &Site, i: Active, plan: &AffiliatePlan, column: &str) -> String {
    let a: &Affiliate = &site.content.affiliates[plan.affiliate];
    let extra = |name: &str| {
        a.extra
            .iter()
            .find(|(header, _)| normalise(header) == name)
            .map(|(_, v)| v.clone())
    };
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    match column {
        "slug" => a.slug.clone(),
        "name" => a.name.clone(),
        "segment" => site.content.segments[plan.segment].id.clone(),
        "code" => plan.code.clone(),
        "lang" => site.config.locales[plan.lang].clone(),
        "url" => site.absolute(site.out(plan.artifact)),
        "path" => site.out(plan.artifact).file.clone(),
        "signup_url" => crate::render::kit::signup_url(site, i),
        "first_name" => extra("first_name").unwrap_or_else(|| a.first_name().to_string()),
        "company" => text(&a.company),
        "email" => text(&a.email),
        "message" => text(&a.message),
        "locale" => a.locale.clone(),
        "active" => a.active.to_string(),
        "qr_url" => crate::render::kit::qr_url(site, i),
        // Published only with TAILOR_KIT_SECRET.
        "kit_url" => plan
            .kit
            .map(|k| site.absolute(site.out(k)))
            .unwrap_or_default(),
        other => extra(other).unwrap_or_default(),
    }
}

/// The rows as CSV, every cell safe to open in a spreadsheet.
pub(crate) fn csv_text(columns: &[String], rows: &[Row], bom: bool) -> Result<String, String> {
    crate::table::csv_text(
        columns,
        rows.iter().map(|row| row.0.iter().map(|(_, v)| v.as_str())),
        bom,
    )
}
