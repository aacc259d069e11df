//! `data:` and `affiliates:` in tailor.yaml: how the tables a site reads
//! are written, said once instead of on every run.
//!
//! ```yaml
//! data:
//!   locale: pt-BR                 # how the exports write numbers and dates
//!   customers:
//!     columns: { niche: "Segmento de mercado" }
//!     values: { "Cliente ativo": customer }
//!   commissions:
//!     delimiter: ";"
//!     encoding: windows-1252
//! affiliates:
//!   columns: { code: "Promoter ref" }
//! ```
//!
//! Each table's section has the same four settings: `columns` (which
//! header holds a field), `values` (what a cell tailor does not know
//! means), `delimiter` and `encoding` (when the file does not say). The
//! command line's `--column`, `--locale`, `--delimiter` and `--encoding`
//! win over them for one run.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::exports::{commissions, customers};
use crate::table::{DataLocale, Settings, SettingsAt, source, values};
use crate::yaml;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawData {
    /// How the exports write numbers and dates: a locale (`de`, `pt-BR`,
    /// `en-US`).
    locale: Option<String>,
    #[serde(default)]
    customers: RawTable,
    #[serde(default)]
    commissions: RawTable,
}

/// How one kind of table is written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    /// Which header holds which field: `code: "Promoter ref"`.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// What a cell means, where tailor does not know its words:
    /// `"Cliente ativo": customer`.
    #[serde(default)]
    values: BTreeMap<String, String>,
    /// `,` `;` tab or `|`, when the file's rows do not settle it.
    delimiter: Option<String>,
    /// The file's encoding when it is not UTF-8 and has no byte-order mark.
    encoding: Option<String>,
}

/// The exports' settings, resolved.
#[derive(Debug, Clone)]
pub struct Data {
    pub customers: Settings,
    pub customer_columns: Vec<(customers::Column, String)>,
    pub commissions: Settings,
    pub commission_columns: Vec<(commissions::Column, String)>,
}

pub(super) fn resolve(
    raw: &RawData,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Data {
    let locale = raw.locale.as_deref().and_then(|l| {
        DataLocale::new(l)
            .map_err(|why| {
                diags.push(
                    Diagnostic::error(file, format!("data.locale: {why}"))
                        .at_pos(doc.value_pos("data.locale")),
                )
            })
            .ok()
    });
    let mut customer_settings = table(&raw.customers, customers::SETTINGS_AT, doc, file, diags);
    customer_settings.locale = locale.clone();
    let mut commission_settings =
        table(&raw.commissions, commissions::SETTINGS_AT, doc, file, diags);
    commission_settings.locale = locale;
    Data {
        customers: customer_settings,
        customer_columns: columns(
            &raw.customers.columns,
            "data.customers",
            customers::Column::by_name,
            &customers::Column::names(),
            "column of a customer export",
            doc,
            file,
            diags,
        ),
        commissions: commission_settings,
        commission_columns: columns(
            &raw.commissions.columns,
            "data.commissions",
            commissions::Column::by_name,
            &commissions::Column::names(),
            "column of a commission export",
            doc,
            file,
            diags,
        ),
    }
}

/// One table's delimiter, encoding and value map, each checked at its
/// line.
pub(super) fn table(
    raw: &RawTable,
    at: SettingsAt,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Settings {
    let key = at.key;
    let mut settings = Settings::new(at);
    let mut fail = |setting: &str, why: String| {
        diags.push(
            Diagnostic::error(file, format!("{key}.{setting}: {why}"))
                .at_pos(doc.value_pos(&format!("{key}.{setting}"))),
        );
    };
    if let Some(d) = &raw.delimiter {
        match source::parse_delimiter(d) {
            Ok(d) => settings.delimiter = Some(d),
            Err(why) => fail("delimiter", why),
        }
    }
    if let Some(e) = &raw.encoding {
        match source::parse_encoding(e) {
            Ok(e) => settings.encoding = Some(e),
            Err(why) => fail("encoding", why),
        }
    }
    let words = values::canonical_words();
    for (written, word) in &raw.values {
        if words.contains(&word.as_str()) {
            settings.values.push((values::fold(written), word.clone()));
            continue;
        }
        let d = Diagnostic::error(
            file,
            format!(
                "{key}.values reads \"{written}\" as \"{word}\", which is no word tailor reads"
            ),
        )
        .at_pos(doc.value_pos(&format!("{key}.values.{written}")));
        diags.push(match crate::diag::suggest(word, words.iter().copied()) {
            Some(best) => d.hint(format!("did you mean \"{best}\"?")),
            None => d.hint(format!("write one of: {}", words.join(", "))),
        });
    }
    settings
}

/// A column map: each field named, checked against the file's fields.
#[allow(clippy::too_many_arguments)]
pub(super) fn columns<F>(
    raw: &BTreeMap<String, String>,
    key: &str,
    by_name: impl Fn(&str) -> Option<F>,
    names: &[&'static str],
    what: &str,
    doc: &yaml::Doc,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<(F, String)> {
    let mut out = Vec::new();
    for (field, header) in raw {
        match by_name(field) {
            Some(f) => out.push((f, header.clone())),
            None => {
                let d = Diagnostic::error(
                    file,
                    format!("{key}.columns names \"{field}\", which is no {what}"),
                )
                .at_pos(doc.key_pos(&format!("{key}.columns.{field}")));
                diags.push(match crate::diag::suggest(field, names.iter().copied()) {
                    Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                    None => d.hint(format!("the fields are: {}", names.join(", "))),
                });
            }
        }
    }
    out
}

impl Data {
    /// Settings for a site without a tailor.yaml (derive run on an export
    /// alone).
    pub fn none() -> Data {
        Data {
            customers: Settings::new(customers::SETTINGS_AT),
            customer_columns: Vec::new(),
            commissions: Settings::new(commissions::SETTINGS_AT),
            commission_columns: Vec::new(),
        }
    }
}

/// The command line's settings over tailor.yaml's, for one run.
pub fn over(
    settings: &Settings,
    locale: Option<DataLocale>,
    delimiter: Option<u8>,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Settings {
    let mut s = settings.clone();
    if locale.is_some() {
        s.locale = locale;
    }
    if delimiter.is_some() {
        s.delimiter = delimiter;
    }
    if encoding.is_some() {
        s.encoding = encoding;
    }
    s
}

/// A column map from the command line over one from tailor.yaml: a field
/// named in both takes the command line's header.
pub fn columns_over<F: PartialEq + Copy>(
    config: &[(F, String)],
    flags: &[(F, String)],
) -> Vec<(F, String)> {
    let mut out: Vec<(F, String)> = config
        .iter()
        .filter(|(f, _)| !flags.iter().any(|(g, _)| g == f))
        .cloned()
        .collect();
    out.extend(flags.iter().cloned());
    out
}
