//! `affiliates.csv`: a spreadsheet or an affiliate platform's export.
//!
//! Headers are read as exports write them (`Full Name`, or `First Name` and
//! `Last Name`; `Referral Code`, `ref_id`, `token`, `Partner Key`; `Status`
//! and `State` with the words platforms use), through the one table layer
//! (`crate::table`). Every other column — email, country, payout details —
//! is kept with the record and never published. Per-affiliate offers need
//! YAML.

use std::path::Path;
use std::sync::Arc;

use super::{Affiliate, Origin, RawAffiliate, Rules, finish};
use crate::diag::{Diagnostic, Diagnostics, quoted};
use crate::inputs;
use crate::inputs::{MAX_CSV, read_text_up_to};
use crate::table::{Field, Header, Layout, MapAt, cell_columns};

/// The fields of an affiliates CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvField {
    Name,
    FirstName,
    LastName,
    Slug,
    Company,
    Segment,
    Code,
    Message,
    Locale,
    Active,
    Email,
    Photo,
}

/// Every field, with the headers exports give it (normalised).
pub const FIELDS: [Field<CsvField>; 12] = [
    Field {
        field: CsvField::Name,
        name: "name",
        aliases: &[
            "full_name",
            "affiliate_name",
            "partner_name",
            "promoter_name",
            "display_name",
            "contact_name",
        ],
    },
    Field {
        field: CsvField::FirstName,
        name: "first_name",
        aliases: &["firstname", "given_name", "first"],
    },
    Field {
        field: CsvField::LastName,
        name: "last_name",
        aliases: &["lastname", "surname", "family_name", "last"],
    },
    Field {
        field: CsvField::Slug,
        name: "slug",
        aliases: &["url_slug", "page_slug"],
    },
    Field {
        field: CsvField::Company,
        name: "company",
        aliases: &[
            "company_name",
            "organization",
            "organisation",
            "business",
            "business_name",
        ],
    },
    Field {
        field: CsvField::Segment,
        name: "segment",
        aliases: &["segment_id", "segment_name"],
    },
    Field {
        field: CsvField::Code,
        name: "code",
        aliases: &[
            "referral_code",
            "ref_code",
            "ref_id",
            "default_ref_id",
            "ref",
            "token",
            "link_token",
            "referral_token",
            "partner_key",
            "affiliate_code",
            "referral_id",
            "tracking_code",
            "link_key",
        ],
    },
    Field {
        field: CsvField::Message,
        name: "message",
        // Not `note`: platforms export their admins' private notes so.
        aliases: &["personal_note", "personal_message"],
    },
    Field {
        field: CsvField::Locale,
        name: "locale",
        aliases: &["language", "lang", "preferred_language"],
    },
    Field {
        field: CsvField::Active,
        name: "active",
        aliases: &["status", "state", "is_active", "enabled"],
    },
    Field {
        field: CsvField::Email,
        name: "email",
        aliases: &["email_address", "e_mail", "mail"],
    },
    Field {
        field: CsvField::Photo,
        name: "photo",
        // Not `avatar`/`image`: platforms export those as remote URLs.
        aliases: &["photo_file", "headshot"],
    },
];

impl CsvField {
    /// The field called `name` in tailor.yaml's column map.
    pub fn by_name(name: &str) -> Option<CsvField> {
        FIELDS.iter().find(|f| f.name == name).map(|f| f.field)
    }

    pub fn names() -> Vec<&'static str> {
        FIELDS.iter().map(|f| f.name).collect()
    }
}

/// Whether an affiliate whose status is `word` gets a page: the words of
/// spreadsheets (`yes`, `true`, `1`) and of platforms (`active`,
/// `approved`, `accepted`; `pending`, `denied`, `inactive`, `blocked`...).
/// `None` for a word that says neither.
pub fn activity(word: &str) -> Option<bool> {
    let word = word.trim().to_lowercase().replace(['_', '-'], " ");
    match word.as_str() {
        "" | "true" | "yes" | "y" | "1" | "active" | "approved" | "accepted" | "enabled"
        | "live" => Some(true),
        "false" | "no" | "n" | "0" | "inactive" | "pending" | "denied" | "rejected"
        | "declined" | "disabled" | "deactivated" | "blocked" | "banned" | "suspended"
        | "archived" | "deleted" | "removed" | "paused" | "on hold" | "invited" | "not set"
        | "in review" | "under review" | "unapproved" | "expired" | "cancelled" | "canceled"
        | "terminated" => Some(false),
        _ => None,
    }
}

pub(super) fn load(root: &Path, rules: &Rules, out: &mut Vec<Affiliate>, diags: &mut Diagnostics) {
    let file = Path::new(inputs::AFFILIATES_CSV);
    let shared: Arc<Path> = file.into();
    let src = match read_text_up_to(root, file, MAX_CSV) {
        Ok(s) => s,
        Err(d) => return diags.push(d),
    };
    if src.trim().is_empty() {
        // No affiliates yet, like an empty affiliates.yaml.
        return;
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(src.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return diags.push(
                Diagnostic::error(file, format!("cannot read the header row: {e}")).at(1, 1),
            );
        }
    };
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let header_cols: Vec<usize> = cell_columns(src.lines().next().unwrap_or(""))
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let layout = match Layout::new(
        &header_refs,
        &FIELDS,
        &rules.columns,
        &Header {
            file,
            columns: &header_cols,
            map_at: MapAt::Config("affiliates"),
        },
    ) {
        Ok(l) => l,
        Err(ds) => return diags.extend(ds),
    };
    let names_known = layout.has(CsvField::Name) || layout.has(CsvField::FirstName);
    let mut missing = Vec::new();
    if !names_known {
        missing.push("name (or first_name and last_name; also read as full name, affiliate name, partner name)");
    }
    if !layout.has(CsvField::Segment) {
        missing.push("segment (also read as segment id)");
    }
    if !missing.is_empty() {
        for m in missing {
            diags.push(
                Diagnostic::error(file, format!("missing required column {m}"))
                    .at(1, 1)
                    .hint(format!(
                        "add it to the header row, or name the column that holds it in tailor.yaml: affiliates: {{ columns: {{ {}: \"Your header\" }} }}",
                        m.split(' ').next().unwrap_or(m)
                    )),
            );
        }
        return;
    }
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                diags.push(
                    Diagnostic::error(file, format!("unreadable row: {e}")).at_line(Some(line)),
                );
                continue;
            }
        };
        let Some(position) = record.position() else {
            continue;
        };
        let line = position.line() as usize;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Where each cell is written, read from the row's own text.
        let row_text = src.get(position.byte() as usize..).unwrap_or("");
        let columns = cell_columns(row_text);
        let origin_of = |i: Option<usize>| -> Origin {
            let (dl, col) = i.and_then(|i| columns.get(i).copied()).unwrap_or((0, 1));
            Origin {
                file: Arc::clone(&shared),
                line: line + dl,
                col: Some(col),
            }
        };
        if record.len() != layout.width {
            // At the first cell too many, or the last of a short row.
            diags.push(
                origin_of(Some(if record.len() > layout.width {
                    layout.width
                } else {
                    record.len().saturating_sub(1)
                }))
                .error(format!(
                    "row has {} cells, the header has {}",
                    record.len(),
                    layout.width
                ))
                .hint("quote cells that contain commas"),
            );
            continue;
        }
        // Every cell, published or not: a hidden character in an email or
        // a code is as wrong as one in a name.
        let mut hidden = false;
        for (i, text) in record.iter().enumerate() {
            if let Some((n, c)) = text
                .chars()
                .enumerate()
                .find(|&(_, c)| crate::diag::is_hidden_control(c))
            {
                hidden = true;
                let column = layout.headers.get(i).map_or("a cell", String::as_str);
                let field = FIELDS
                    .iter()
                    .find(|f| layout.get(f.field) == Some(i))
                    .map_or(column, |f| f.name);
                diags.push(
                    origin_of(Some(i))
                        .error(format!(
                            "{field} contains the hidden character U+{:04X} at character {}",
                            u32::from(c),
                            n + 1
                        ))
                        .hint("remove it: invisible and text-direction control characters make text read differently from what it says, and codes and tags that hold one match nothing"),
                );
            }
        }
        if hidden {
            continue;
        }
        let cell = |f: CsvField| {
            layout
                .get(f)
                .and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let name = cell(CsvField::Name).or_else(|| {
            let joined = [cell(CsvField::FirstName), cell(CsvField::LastName)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!joined.is_empty()).then_some(joined)
        });
        let name_at = layout
            .get(CsvField::Name)
            .or(layout.get(CsvField::FirstName));
        let (Some(name), Some(segment)) = (name, cell(CsvField::Segment)) else {
            let (missing, at) = match cell(CsvField::Segment) {
                Some(_) => ("name", name_at),
                None => ("segment", layout.get(CsvField::Segment)),
            };
            diags.push(
                origin_of(at)
                    .error(format!("the \"{missing}\" cell is empty"))
                    .hint(format!("every affiliate needs a {missing}")),
            );
            continue;
        };
        let active = match cell(CsvField::Active) {
            None => true,
            Some(word) => match activity(&word) {
                Some(a) => a,
                None => {
                    diags.push(
                        origin_of(layout.get(CsvField::Active))
                            .error(format!(
                                "\"{}\" is {}",
                                layout.headers[layout.get(CsvField::Active).unwrap_or(0)],
                                quoted(&word)
                            ))
                            .hint("write active (or true, yes) for a page, or inactive (false, no, pending...) for none"),
                    );
                    continue;
                }
            },
        };
        // Kept for `tailor links --columns`: the columns no field reads,
        // and first and last names as given (the page has them joined).
        let names = [CsvField::FirstName, CsvField::LastName].map(|f| layout.get(f));
        let extra: Vec<(String, String)> = names
            .into_iter()
            .flatten()
            .chain(layout.extra.iter().copied())
            .filter_map(|i| {
                let value = record.get(i)?.trim();
                (!value.is_empty()).then(|| (layout.headers[i].clone(), value.to_string()))
            })
            .collect();
        let raw = RawAffiliate {
            slug: cell(CsvField::Slug),
            name,
            company: cell(CsvField::Company),
            segment,
            code: cell(CsvField::Code),
            message: cell(CsvField::Message),
            incentive: None,
            locale: cell(CsvField::Locale),
            active: Some(active),
            email: cell(CsvField::Email),
            photo: cell(CsvField::Photo),
        };
        let field_of = |key: &str| match key {
            "name" => name_at,
            "slug" => layout.get(CsvField::Slug),
            "company" => layout.get(CsvField::Company),
            "segment" => layout.get(CsvField::Segment),
            "code" => layout.get(CsvField::Code),
            "message" => layout.get(CsvField::Message),
            "locale" => layout.get(CsvField::Locale),
            "email" => layout.get(CsvField::Email),
            "photo" => layout.get(CsvField::Photo),
            _ => None,
        };
        let at = |key: &str| origin_of(field_of(key));
        finish(raw, extra, &at, &rules.site_locale, out, diags);
    }
}
