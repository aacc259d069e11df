//! Tabular input: CSV files with their headers as real exports write them.
//!
//! Marketers bring spreadsheets and exports from affiliate platforms and
//! CRMs, whose headers say the same thing many ways (`Referral Code`,
//! `ref_id`, `Partner Key`). Each kind of file (the affiliates list, a
//! customer-success export) names its fields and their aliases once; a
//! header matches a field when it reads as one of them without regard to
//! case, spaces or punctuation. A header that is ambiguous (two columns
//! that both mean one field) is an error that says how to settle it: a
//! column map naming the header meant. Every other column is kept, as an
//! extra: never an error.
//!
//! Headers are known in the languages of the markets tailor is used in
//! (`Setor`, `Branche`, `Отрасль` for a niche), compared without accents
//! (`Categoria` and `Catégorie` alike).
//!
//! Positions are exact: a row's cells are found in the file's own text,
//! quotes, `""` escapes, a byte-order mark and CRLF line endings included.

pub mod date;
pub mod number;
pub mod source;
pub mod stream;
pub mod values;

pub use source::{DataLocale, Settings, SettingsAt};

use std::path::Path;

use crate::diag::{Diagnostic, suggest};

/// A field of a kind of file, and the headers it is known by.
#[derive(Debug, Clone, Copy)]
pub struct Field<F> {
    pub field: F,
    /// How tailor's own files and messages name it.
    pub name: &'static str,
    /// Other names, normalised (`referral_code`).
    pub aliases: &'static [&'static str],
    /// What its cells hold.
    pub kind: Kind,
}

/// What a column's cells hold: how they are read, and whether the reader
/// settles a convention for them (a decimal mark, the order of day and
/// month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Numbers (or a score that may also be a word, as health is).
    Number,
    Date,
}

impl<F> Field<F> {
    pub const fn text(field: F, name: &'static str, aliases: &'static [&'static str]) -> Self {
        Field {
            field,
            name,
            aliases,
            kind: Kind::Text,
        }
    }

    pub const fn number(field: F, name: &'static str, aliases: &'static [&'static str]) -> Self {
        Field {
            field,
            name,
            aliases,
            kind: Kind::Number,
        }
    }

    pub const fn date(field: F, name: &'static str, aliases: &'static [&'static str]) -> Self {
        Field {
            field,
            name,
            aliases,
            kind: Kind::Date,
        }
    }

    /// Whether a header, normalised, names this field: as written, or
    /// without accents (`categoria` for `Catégorie`, `otrasl` for
    /// `Отрасль`).
    pub fn reads_as(&self, header: &str) -> bool {
        if self.name == header || self.aliases.contains(&header) {
            return true;
        }
        let key = header_key(header);
        header_key(self.name) == key || self.aliases.iter().any(|a| header_key(a) == key)
    }
}

/// A header as compared when accents are set aside: transliterated, then
/// normalised again (`отрасль` → `otrasl`).
fn header_key(normalised: &str) -> String {
    normalise(&deunicode::deunicode(normalised))
}

/// `Referral Code`, `referral-code`, `ReferralCode` and `REFERRAL_CODE`
/// all read as `referral_code`: case and punctuation aside, words are split
/// where the header splits them, camelCase included (`AccountSource`,
/// `NPSScore`). Salesforce's custom-field suffix goes: `Health_Score__c`
/// is `health_score`.
pub fn normalise(header: &str) -> String {
    let header = header.trim().trim_start_matches('\u{feff}').trim();
    let header = match header.len().checked_sub(3) {
        Some(at) if header.is_char_boundary(at) && header[at..].eq_ignore_ascii_case("__c") => {
            &header[..at]
        }
        _ => header,
    };
    let chars: Vec<char> = header.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // A combining accent belongs to its letter (`İ` lowercases to `i`
        // and a combining dot): no word ends there.
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if !c.is_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 && !out.is_empty() && !out.ends_with('_') {
            let before = chars[i - 1];
            let after = chars.get(i + 1).copied();
            // `accountSource`, `nps2Score`; `NPSScore` before its `S`.
            let word_starts = before.is_lowercase()
                || before.is_ascii_digit()
                || (before.is_uppercase() && after.is_some_and(char::is_lowercase));
            if word_starts {
                out.push('_');
            }
        }
        out.extend(
            c.to_lowercase()
                .filter(|l| !('\u{300}'..='\u{36f}').contains(l)),
        );
    }
    out.trim_end_matches('_').to_string()
}

/// Where a header row was read, for messages.
#[derive(Debug, Clone, Copy)]
pub struct Header<'a> {
    pub file: &'a Path,
    /// The character column where each header cell starts.
    pub columns: &'a [usize],
    /// Where the user says which column holds which field.
    pub map_at: MapAt<'a>,
}

/// Where a column map is written, so messages can say how to settle a
/// header.
#[derive(Debug, Clone, Copy)]
pub enum MapAt<'a> {
    /// Under this tailor.yaml key (`affiliates: { columns: ... }`).
    Config(&'a str),
    /// With this flag for one run, or under this tailor.yaml key for all.
    Both { flag: &'a str, config: &'a str },
}

impl MapAt<'_> {
    /// "in tailor.yaml: affiliates: { columns: { code: "Token" } }", or
    /// "with --column code="Token"".
    fn how(&self, field: &str, header: &str) -> String {
        match self {
            MapAt::Config(at) => format!(
                "in tailor.yaml: {}",
                yaml_at(&format!("{at}.columns"), &format!("{field}: \"{header}\""))
            ),
            MapAt::Both { flag, config } => format!(
                "with {flag} {field}=\"{header}\", or for every run {}",
                MapAt::Config(config).how(field, header)
            ),
        }
    }

    fn what(&self) -> String {
        match self {
            MapAt::Config(at) => format!("{at}.columns in tailor.yaml"),
            MapAt::Both { flag, config } => format!("{flag} or {config}.columns in tailor.yaml"),
        }
    }
}

/// A setting under a dotted tailor.yaml key, as YAML a user can paste:
/// `data.customers.values` and `"a": b` give
/// `data: { customers: { values: { "a": b } } }`.
pub fn yaml_at(key: &str, inner: &str) -> String {
    key.rsplit('.')
        .fold(inner.to_string(), |acc, k| format!("{k}: {{ {acc} }}"))
}

/// Which column of a file holds which field, and the columns no field
/// claimed.
#[derive(Debug, Clone)]
pub struct Layout<F> {
    index: Vec<(F, usize)>,
    /// Cells per row.
    pub width: usize,
    /// The headers as written.
    pub headers: Vec<String>,
    /// Columns that are no field: kept, by position.
    pub extra: Vec<usize>,
    /// What the header row is worth saying that does not stop the read:
    /// a column of an export that looks like a field but is not read.
    pub warnings: Vec<Diagnostic>,
}

impl<F: Copy + PartialEq> Layout<F> {
    /// Maps a header row. `map` settles ambiguity: a field and the header
    /// (as written) that holds it. Headers no field claims are extras.
    pub fn new(
        headers: &[&str],
        fields: &[Field<F>],
        map: &[(F, String)],
        header: &Header,
    ) -> Result<Layout<F>, Vec<Diagnostic>> {
        let Header {
            file,
            columns,
            map_at,
        } = *header;

        let mut layout = Layout {
            index: Vec::new(),
            width: headers.len(),
            headers: headers.iter().map(|h| h.trim().to_string()).collect(),
            extra: Vec::new(),
            warnings: Vec::new(),
        };
        let col = |i: usize| columns.get(i).copied().unwrap_or(1);
        let mut errors = Vec::new();
        // The column map first: it names headers exactly.
        for (field, header) in map {
            match headers
                .iter()
                .position(|h| normalise(h) == normalise(header))
            {
                Some(i) => layout.index.push((*field, i)),
                None => {
                    let name = fields
                        .iter()
                        .find(|f| f.field == *field)
                        .map_or("?", |f| f.name);
                    let d = Diagnostic::error(
                        file,
                        format!(
                            "the header row has no column \"{header}\", which {} names for {name}",
                            map_at.what()
                        ),
                    )
                    .at(1, 1);
                    errors.push(match suggest(header, headers.iter().map(|h| h.trim())) {
                        Some(best) => d.hint(format!("did you mean \"{best}\"?")),
                        None => d.hint(format!("the columns are: {}", layout.headers.join(", "))),
                    });
                }
            }
        }
        for (i, raw) in headers.iter().enumerate() {
            if layout.index.iter().any(|(_, at)| *at == i) {
                continue;
            }
            let name = normalise(raw);
            let Some(f) = fields.iter().find(|f| f.reads_as(&name)) else {
                layout.extra.push(i);
                continue;
            };
            if map.iter().any(|(mapped, _)| *mapped == f.field) {
                // The map chose another column for this field.
                layout.extra.push(i);
                continue;
            }
            match layout.get(f.field) {
                Some(first) => errors.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "columns \"{}\" and \"{}\" both mean {}",
                            headers[first].trim(),
                            raw.trim(),
                            f.name
                        ),
                    )
                    .at(1, col(i))
                    .related(file, 1, Some(col(first)), "the other one")
                    .hint(format!(
                        "remove or rename one of them, or say which one {}",
                        map_at.how(f.name, headers[first].trim())
                    )),
                ),
                None => layout.index.push((f.field, i)),
            }
        }
        // A column one slip away from a field that no column fills is a
        // misspelt header, not data of its own. In the site's own list
        // (affiliates.csv) its cells would silently go missing from every
        // page: an error. An export (`derive`, `report`) holds many columns
        // the command never reads (`Accountname` beside `Account`): a
        // warning with the mapping, and the run goes on.
        let export = matches!(map_at, MapAt::Both { .. });
        for &i in &layout.extra {
            let name = normalise(headers[i]);
            let near = fields.iter().filter(|f| !layout.has(f.field)).find(|f| {
                std::iter::once(f.name)
                    .chain(f.aliases.iter().copied())
                    .any(|known| slip(&name, known))
            });
            if let Some(f) = near {
                let d = if export {
                    Diagnostic::warning(
                        file,
                        format!(
                            "column \"{}\" (column {}) is not read, though it looks like {}",
                            headers[i].trim(),
                            i + 1,
                            f.name
                        ),
                    )
                    .hint(format!(
                        "if it holds the {}, name it {}; otherwise nothing needs doing",
                        f.name,
                        map_at.how(f.name, headers[i].trim())
                    ))
                } else {
                    Diagnostic::error(
                        file,
                        format!(
                            "unknown column \"{}\" (column {})",
                            headers[i].trim(),
                            i + 1
                        ),
                    )
                    .hint(format!(
                        "did you mean \"{}\"? Rename the column, or name it {}",
                        f.name,
                        map_at.how(f.name, headers[i].trim())
                    ))
                };
                let d = d.at(1, col(i));
                if export {
                    layout.warnings.push(d);
                } else {
                    errors.push(d);
                }
            }
        }
        if errors.is_empty() {
            Ok(layout)
        } else {
            Err(errors)
        }
    }

    pub fn get(&self, f: F) -> Option<usize> {
        self.index.iter().find(|(g, _)| *g == f).map(|(_, i)| *i)
    }

    pub fn has(&self, f: F) -> bool {
        self.get(f).is_some()
    }

    /// The first eight headers, quoted, and "..." when there are more: the
    /// header row as a message about a missing column shows it.
    pub fn quoted_headers(&self) -> Vec<String> {
        let mut shown: Vec<String> = self
            .headers
            .iter()
            .take(8)
            .map(|h| crate::diag::quoted(h))
            .collect();
        if self.headers.len() > 8 {
            shown.push("...".into());
        }
        shown
    }
}

/// Whether `written` is `known` with one slip of the keyboard (two in
/// long names): a letter added, dropped, changed or two swapped.
fn slip(written: &str, known: &str) -> bool {
    // Short words are one slip from too many others (`note` from `nome`).
    if written.len() < 4 || known.chars().count() < 5 || written == known {
        return false;
    }
    let allowed = if known.len() >= 8 { 2 } else { 1 };
    strsim::osa_distance(written, known) <= allowed
}

/// The 1-based character column where each cell of a CSV record starts,
/// read from the record's own text: quotes and `""` escapes counted as
/// written. Cells on a later line of a multi-line record are given as
/// (line offset, column).
///
/// `record` is the file's text from the byte the csv crate gives as the
/// record's position. After a CRLF that byte is the `\n` (and its line the
/// one before): the record starts a line further on, which the offsets
/// here include.
#[cfg(test)]
fn cell_columns(record: &str, delimiter: u8) -> Vec<(usize, usize)> {
    scan(record, delimiter).0
}

/// [`cell_columns`], and whether the record's end was in `record`.
fn scan(record: &str, delimiter: u8) -> (Vec<(usize, usize)>, bool) {
    if let Some(rest) = record.strip_prefix('\n') {
        let (mut out, ended) = scan(rest, delimiter);
        out.iter_mut().for_each(|(line, _)| *line += 1);
        return (out, ended);
    }
    let delimiter = char::from(delimiter);
    let mut out = vec![(0, 1)];
    let mut in_quotes = false;
    let mut line = 0;
    let mut col = 1;
    // A byte-order mark is no character anyone sees.
    let mut chars = record.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                chars.next();
                col += 1;
            }
            '"' => in_quotes = !in_quotes,
            c if c == delimiter && !in_quotes => out.push((line, col)),
            '\n' if in_quotes => {
                line += 1;
                col = 1;
            }
            // A CR in a quoted cell ends no record; alone, it ends a line
            // (as an editor shows it), before a \n it is no column.
            '\r' if in_quotes && chars.peek() == Some(&'\n') => col -= 1,
            '\r' if in_quotes => {
                line += 1;
                col = 1;
            }
            '\r' | '\n' => return (out, true),
            _ => {}
        }
    }
    (out, false)
}

/// [`cell_columns`] of the record that starts at byte `at` of `file`,
/// read again from disk: for messages about rows of a file too large to
/// keep in memory. Reads no further than the record (in growing chunks);
/// the first cell only, if the file cannot be read.
pub fn cell_columns_at(file: &Path, at: u64, delimiter: u8) -> Vec<(usize, usize)> {
    use std::io::{Read, Seek, SeekFrom};
    /// A record longer than this has its later cells placed at its start.
    const MAX_RECORD: usize = 1 << 20;
    let Ok(mut f) = std::fs::File::open(file) else {
        return vec![(0, 1)];
    };
    if f.seek(SeekFrom::Start(at)).is_err() {
        return vec![(0, 1)];
    }
    let mut bytes = Vec::new();
    let mut chunk = 4096;
    loop {
        let before = bytes.len();
        if (&mut f).take(chunk as u64).read_to_end(&mut bytes).is_err() {
            return vec![(0, 1)];
        }
        let (columns, ended) = scan(&String::from_utf8_lossy(&bytes), delimiter);
        if ended || bytes.len() == before || bytes.len() >= MAX_RECORD {
            return columns;
        }
        chunk = (chunk * 2).min(MAX_RECORD - bytes.len());
    }
}

/// Rows as CSV text, every cell safe to open in a spreadsheet; with
/// `bom`, marked as UTF-8 for Excel on Windows.
pub fn csv_text<'a, R, C>(columns: &[String], rows: R, bom: bool) -> Result<String, String>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = &'a str>,
{
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| e.to_string();
    w.write_record(columns.iter().map(|c| defused(c).into_owned()))
        .map_err(fail)?;
    for row in rows {
        w.write_record(row.into_iter().map(|v| defused(v).into_owned()))
            .map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    if bom {
        text.insert(0, '\u{feff}');
    }
    Ok(text)
}

/// A cell a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, tab or
/// carriage return first) gets a `'` before it, as OWASP advises: shown as
/// text, never evaluated. A plain number (`-30`, `-0.5`) is no formula and
/// stays a number.
fn defused(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('-') if cell.parse::<f64>().is_ok_and(f64::is_finite) => cell.into(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        for cell in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2+3",
            "-inf",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(defused(cell), format!("'{cell}"));
        }
        for cell in ["Jane", "https://a.example/?x=1", "", "1-2", "-30", "-0.25"] {
            assert_eq!(defused(cell), cell);
        }
    }

    use super::*;

    fn header(columns: &[usize]) -> Header<'_> {
        Header {
            file: Path::new("a.csv"),
            columns,
            map_at: MapAt::Config("affiliates"),
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum F {
        Name,
        Code,
    }

    const FIELDS: [Field<F>; 2] = [
        Field::text(F::Name, "name", &["full_name"]),
        Field::text(F::Code, "code", &["referral_code", "ref_id", "token"]),
    ];

    #[test]
    fn headers_read_as_fields_whatever_their_case_and_punctuation() {
        let l = Layout::new(
            &["Full Name", "Referral-Code", "E-mail"],
            &FIELDS,
            &[],
            &header(&[]),
        )
        .unwrap();
        assert_eq!(l.get(F::Name), Some(0));
        assert_eq!(l.get(F::Code), Some(1));
        assert_eq!(l.extra, [2]);
        assert_eq!(normalise("\u{feff} Lead  Source "), "lead_source");
        for (header, want) in [
            ("AccountSource", "account_source"),
            ("NPSScore", "nps_score"),
            ("Health_Score__c", "health_score"),
            ("NPS__c", "nps"),
            ("REFERRAL_CODE", "referral_code"),
            ("RecordID", "record_id"),
            ("lifecyclestage", "lifecyclestage"),
            ("Number of open tickets", "number_of_open_tickets"),
            ("Ölçü Birimi", "ölçü_birimi"),
            ("İptal tarihi", "iptal_tarihi"),
        ] {
            assert_eq!(normalise(header), want, "{header}");
        }
    }

    /// A header one slip from a field no column fills: in the site's own
    /// list its cells would go missing from every page (an error); in an
    /// export, full of columns no command reads, a warning with the
    /// mapping, and the read goes on.
    #[test]
    fn a_near_miss_stops_the_site_s_list_but_not_an_export() {
        let headers = ["Name", "Refferal Code"];
        let err = Layout::new(&headers, &FIELDS, &[], &header(&[1, 6])).unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "a.csv:1:6: unknown column \"Refferal Code\" (column 2) — did you mean \"code\"? Rename the column, or name it in tailor.yaml: affiliates: { columns: { code: \"Refferal Code\" } }"
        );
        let export = Header {
            file: Path::new("accounts.csv"),
            columns: &[1, 6],
            map_at: MapAt::Both {
                flag: "--column",
                config: "data.customers",
            },
        };
        let l = Layout::new(&headers, &FIELDS, &[], &export).unwrap();
        assert_eq!(l.get(F::Code), None);
        assert_eq!(l.warnings.len(), 1);
        assert_eq!(
            l.warnings[0].to_string(),
            "accounts.csv:1:6: column \"Refferal Code\" (column 2) is not read, though it looks like code — if it holds the code, name it with --column code=\"Refferal Code\", or for every run in tailor.yaml: data: { customers: { columns: { code: \"Refferal Code\" } } }; otherwise nothing needs doing"
        );
    }

    #[test]
    fn ambiguity_is_an_error_a_column_map_settles() {
        let headers = ["Name", "token", "ref_id"];
        let err = Layout::new(&headers, &FIELDS, &[], &header(&[1, 6, 12])).unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "a.csv:1:12: columns \"token\" and \"ref_id\" both mean code — remove or rename one of them, or say which one in tailor.yaml: affiliates: { columns: { code: \"token\" } }"
        );
        let l = Layout::new(
            &headers,
            &FIELDS,
            &[(F::Code, "REF ID".into())],
            &header(&[]),
        )
        .unwrap();
        assert_eq!(l.get(F::Code), Some(2));
        assert_eq!(l.extra, [1]);
        let err = Layout::new(
            &headers,
            &FIELDS,
            &[(F::Code, "ref idd".into())],
            &header(&[]),
        )
        .unwrap_err();
        assert!(
            err[0].to_string().contains("did you mean \"ref_id\""),
            "{}",
            err[0]
        );
    }

    #[test]
    fn cells_are_found_as_written() {
        let c = |r| cell_columns(r, b',');
        assert_eq!(c("a,bb,c"), [(0, 1), (0, 3), (0, 6)]);
        assert_eq!(
            c("\"x, y\",\"say \"\"hi\"\"\",z"),
            [(0, 1), (0, 8), (0, 21)]
        );
        assert_eq!(c("a,\"line\nnext\",b"), [(0, 1), (0, 3), (1, 7)]);
        assert_eq!(c("é,ü\r\n"), [(0, 1), (0, 3)]);
        assert_eq!(c("\u{feff}name,code"), [(0, 1), (0, 6)]);
        // After a CRLF, csv's position is at the \n.
        assert_eq!(c("\nab,c\r\n"), [(1, 1), (1, 4)]);
        assert_eq!(c("\"a\r\nbc\",d\r\n"), [(0, 1), (1, 5)]);
        assert_eq!(cell_columns("a;\"b;c\";d", b';'), [(0, 1), (0, 3), (0, 9)]);
    }
}
