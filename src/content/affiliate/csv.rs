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
use crate::inputs::MAX_CSV;
use crate::table::stream::{Row, Stream};
use crate::table::{Field, MapAt};

/// Where the settings of affiliates.csv are written.
pub const SETTINGS_AT: crate::table::SettingsAt = crate::table::SettingsAt {
    key: "affiliates",
    flags: false,
};

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

/// Every field, with the headers exports give it (normalised), in the
/// languages of the platforms' and spreadsheets' users too.
pub const FIELDS: [Field<CsvField>; 12] = [
    Field::text(
        CsvField::Name,
        "name",
        &[
            "full_name",
            "affiliate_name",
            "partner_name",
            "promoter_name",
            "display_name",
            "contact_name",
            "nome",
            "nome_completo",
            "vollständiger_name",
            "nombre",
            "nombre_completo",
            "nom",
            "nom_complet",
            "фио",
            "полное_имя",
            "ad_soyad",
            "vardas_pavardė",
        ],
    ),
    Field::text(
        CsvField::FirstName,
        "first_name",
        &[
            "firstname",
            "given_name",
            "first",
            "vorname",
            "primeiro_nome",
            "nombre_de_pila",
            "prénom",
            "имя",
            "vardas",
        ],
    ),
    Field::text(
        CsvField::LastName,
        "last_name",
        &[
            "lastname",
            "surname",
            "family_name",
            "last",
            "nachname",
            "familienname",
            "sobrenome",
            "apellido",
            "apellidos",
            "nom_de_famille",
            "фамилия",
            "soyad",
            "soyadı",
            "pavardė",
        ],
    ),
    Field::text(CsvField::Slug, "slug", &["url_slug", "page_slug"]),
    Field::text(
        CsvField::Company,
        "company",
        &[
            "company_name",
            "organization",
            "organisation",
            "business",
            "business_name",
            "firma",
            "unternehmen",
            "firmenname",
            "empresa",
            "nome_da_empresa",
            "société",
            "entreprise",
            "компания",
            "организация",
            "şirket",
            "įmonė",
        ],
    ),
    Field::text(
        CsvField::Segment,
        "segment",
        &[
            "segment_id",
            "segment_name",
            "segmento",
            "сегмент",
            "segmentas",
        ],
    ),
    Field::text(
        CsvField::Code,
        "code",
        &[
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
            "empfehlungscode",
            "partnercode",
            "código",
            "código_de_indicação",
            "código_de_afiliado",
            "código_de_referido",
            "code_de_parrainage",
            "code_affilié",
            "код",
            "реферальный_код",
            "referans_kodu",
            "kod",
            "kodas",
            "rekomendacijos_kodas",
        ],
    ),
    // Not `note`: platforms export their admins' private notes so.
    Field::text(
        CsvField::Message,
        "message",
        &[
            "personal_note",
            "personal_message",
            "nachricht",
            "persönliche_nachricht",
            "mensagem",
            "mensaje",
            "сообщение",
            "mesaj",
            "žinutė",
        ],
    ),
    Field::text(
        CsvField::Locale,
        "locale",
        &[
            "language",
            "lang",
            "preferred_language",
            "sprache",
            "idioma",
            "langue",
            "язык",
            "dil",
            "kalba",
        ],
    ),
    Field::text(
        CsvField::Active,
        "active",
        &[
            "status",
            "state",
            "is_active",
            "enabled",
            "aktiv",
            "ativo",
            "activo",
            "actif",
            "активен",
            "aktif",
            "aktyvus",
            "statut",
            "статус",
            "durum",
            "būsena",
            "statusas",
        ],
    ),
    Field::text(
        CsvField::Email,
        "email",
        &[
            "email_address",
            "e_mail",
            "mail",
            "e_mail_adresse",
            "correo",
            "correo_electrónico",
            "courriel",
            "почта",
            "электронная_почта",
            "e_posta",
            "el_paštas",
        ],
    ),
    // Not `avatar`/`image`: platforms export those as remote URLs.
    Field::text(
        CsvField::Photo,
        "photo",
        &[
            "photo_file",
            "headshot",
            "foto",
            "фото",
            "fotoğraf",
            "nuotrauka",
        ],
    ),
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

/// Whether an affiliate whose status is `word` gets a page (see
/// `table::values::ACTIVITY`). `None` for a word that says neither.
pub fn activity(word: &str) -> Option<bool> {
    if word.trim().is_empty() {
        return Some(true);
    }
    crate::table::values::ACTIVITY.get(word)
}

pub(super) fn load(root: &Path, rules: &Rules, out: &mut Vec<Affiliate>, diags: &mut Diagnostics) {
    let file = Path::new(inputs::AFFILIATES_CSV);
    let shared: Arc<Path> = file.into();
    // Read only from inside the site's folder, by the path rule.
    let path = match inputs::regular_file_up_to(root, file, MAX_CSV) {
        Ok((_, 0)) => return,
        Ok((path, _)) => path,
        Err(d) => return diags.push(d),
    };
    let mut stream = match Stream::open(
        file,
        &path,
        "affiliates.csv",
        &FIELDS,
        &rules.columns,
        MapAt::Config("affiliates"),
        &rules.table,
    ) {
        Ok(s) => s,
        Err(ds) => {
            // A file of blank lines is no affiliates yet, like an empty
            // affiliates.yaml.
            if ds.iter().all(|d| d.message == "the file is empty") {
                return;
            }
            return diags.extend(ds);
        }
    };
    let layout = stream.layout.clone();
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
    stream.for_each(|row| {
        let origin_of = |row: &Row<'_, CsvField>, i: Option<usize>| -> Origin {
            let (line, col) = row.place(i.unwrap_or(0));
            Origin {
                file: Arc::clone(&shared),
                line,
                col: Some(col),
            }
        };
        // Every cell, published or not: a hidden character in an email or
        // a code is as wrong as one in a name.
        let mut hidden = false;
        for (i, text) in row.cells() {
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
                    origin_of(row, Some(i))
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
            return;
        }
        let cell = |row: &mut Row<'_, CsvField>, f: CsvField| {
            row.text(f)
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let name = cell(row, CsvField::Name).or_else(|| {
            let joined = [cell(row, CsvField::FirstName), cell(row, CsvField::LastName)]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            (!joined.is_empty()).then_some(joined)
        });
        let name_at = layout
            .get(CsvField::Name)
            .or(layout.get(CsvField::FirstName));
        let segment = cell(row, CsvField::Segment);
        let (Some(name), Some(segment)) = (name, segment.clone()) else {
            let (missing, at) = match segment {
                Some(_) => ("name", name_at),
                None => ("segment", layout.get(CsvField::Segment)),
            };
            diags.push(
                origin_of(row, at)
                    .error(format!("the \"{missing}\" cell is empty"))
                    .hint(format!("every affiliate needs a {missing}")),
            );
            return;
        };
        let active = match cell(row, CsvField::Active) {
            None => true,
            Some(word) => {
                let known = match rules.table.values.iter().find(|(k, _)| *k == crate::table::values::fold(&word)) {
                    Some((_, target)) => activity(target),
                    None => activity(&word),
                };
                match known {
                    Some(a) => a,
                    None => {
                        diags.push(
                            origin_of(row, layout.get(CsvField::Active))
                                .error(format!(
                                    "\"{}\" is {}",
                                    layout.headers[layout.get(CsvField::Active).unwrap_or(0)],
                                    quoted(&word)
                                ))
                                .hint(format!(
                                    "write active (or true, yes) for a page, or inactive (false, no, pending...) for none; or say what it means in tailor.yaml: affiliates: {{ values: {{ {}: active }} }}",
                                    quoted(&word)
                                )),
                        );
                        return;
                    }
                }
            }
        };
        // Kept for `tailor links --columns`: the columns no field reads,
        // and first and last names as given (the page has them joined).
        let names = [CsvField::FirstName, CsvField::LastName].map(|f| layout.get(f));
        let cells: Vec<&str> = row.cells().map(|(_, t)| t).collect();
        let extra: Vec<(String, String)> = names
            .into_iter()
            .flatten()
            .chain(layout.extra.iter().copied())
            .filter_map(|i| {
                let value = cells.get(i)?.trim();
                (!value.is_empty()).then(|| (layout.headers[i].clone(), value.to_string()))
            })
            .collect();
        let raw = RawAffiliate {
            slug: cell(row, CsvField::Slug),
            name,
            company: cell(row, CsvField::Company),
            segment,
            code: cell(row, CsvField::Code),
            message: cell(row, CsvField::Message),
            incentive: None,
            locale: cell(row, CsvField::Locale),
            active: Some(active),
            email: cell(row, CsvField::Email),
            photo: cell(row, CsvField::Photo),
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
        let at = |key: &str| origin_of(row, field_of(key));
        finish(raw, extra, &at, &rules.site_locale, out, diags);
    });
    diags.extend(stream.into_problems());
}
