//! A table file as spreadsheets save it, before its first row is read:
//! its encoding and its delimiter.
//!
//! Excel writes `;` where the decimal mark is a comma (Germany, Brazil,
//! Russia, Turkey, Lithuania, France...), a tab in "Unicode Text" (which is
//! UTF-16), and the system's code page in plain "CSV" (Windows-1252,
//! -1251, -1254, -1257). A file is read as it comes, or refused with one
//! message naming what was found and the setting that decides:
//!
//! - The encoding is UTF-8, or what a byte-order mark says (UTF-8, UTF-16
//!   LE/BE), or what the user declared (`--encoding`, `encoding:` in
//!   tailor.yaml). A file in any other encoding is decoded by encoding_rs
//!   into a private temporary UTF-8 copy, which the reader then streams as
//!   it would the file itself, positions and all (lines and character
//!   columns are the same in both). An undeclared file that is not UTF-8
//!   is one error, naming the encoding it most likely is (chardetng).
//! - The delimiter is `,` `;` tab or `|`: the one that splits the header
//!   and the first rows into the same number of cells, or the one the user
//!   set. Two that both do, with nothing to choose between them, are an
//!   error naming both readings.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::date::Order;
use super::number::Mark;
use crate::diag::Diagnostic;

/// How much of a file is looked at to find its encoding and delimiter.
const SAMPLE: usize = 64 << 10;
/// Rows of the sample compared to find the delimiter.
const SAMPLE_ROWS: usize = 100;

/// The delimiters tailor looks for, in order of preference.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How messages name a delimiter.
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "commas",
        b';' => "semicolons",
        b'\t' => "tabs",
        b'|' => "vertical bars",
        _ => "another character",
    }
}

/// How a delimiter is written in tailor.yaml or on the command line:
/// the character itself, or its name (`tab`, `semicolon`...).
pub fn parse_delimiter(written: &str) -> Result<u8, String> {
    let d = match written.to_ascii_lowercase().as_str() {
        "," | "comma" => b',',
        ";" | "semicolon" => b';',
        "\t" | "\\t" | "tab" => b'\t',
        "|" | "pipe" | "bar" => b'|',
        _ => {
            return Err(format!(
                "\"{written}\" is no delimiter tailor reads: write \",\", \";\", tab or \"|\""
            ));
        }
    };
    Ok(d)
}

/// The encoding an `encoding:` setting names (`windows-1252`, `cp1251`,
/// `iso-8859-9`, `utf-16le`...), by the WHATWG labels.
pub fn parse_encoding(written: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(written.trim().as_bytes()).ok_or_else(|| {
        format!(
            "\"{written}\" is no encoding tailor knows: write utf-8, utf-16le, windows-1252, windows-1251, windows-1254, windows-1257, iso-8859-9..."
        )
    })
}

/// The data locale: how a site's exports write numbers and dates, from
/// CLDR (ICU4X) for the language and region named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLocale {
    /// As written (`de`, `pt-BR`).
    pub tag: String,
    pub mark: Mark,
    /// `None` where dates are written year first (ja, zh, ko, lt, hu):
    /// such a locale does not say how `05/03/2024` reads.
    pub order: Option<Order>,
}

impl DataLocale {
    pub fn new(written: &str) -> Result<DataLocale, String> {
        use icu_datetime::FixedCalendarDateTimeFormatter;
        use icu_datetime::fieldsets::YMD;
        use icu_datetime::input::Date;
        use icu_decimal::DecimalFormatter;
        use icu_decimal::input::Decimal;
        let no =
            || format!("\"{written}\" is no locale: write a language tag such as en-US, de, pt-BR");
        let locale: icu_locale_core::Locale = written.parse().map_err(|_| no())?;
        if locale.id.language.is_unknown() {
            return Err(no());
        }
        // The locale's own way of writing 1234567.5 says which mark is
        // its decimal one.
        let formatter =
            DecimalFormatter::try_new((&locale).into(), Default::default()).map_err(|_| no())?;
        let number: Decimal = "1234567.5".parse().map_err(|_| no())?;
        let written_number = formatter.format(&number).to_string();
        let mark = match written_number.chars().rev().find(|c| !c.is_numeric()) {
            Some(',') | Some('٫') => Mark::Comma,
            _ => Mark::Point,
        };
        // And its short date of 25 November 2024 which of day and month
        // comes first.
        let dates = FixedCalendarDateTimeFormatter::<icu_calendar::Gregorian, YMD>::try_new(
            (&locale).into(),
            YMD::short(),
        )
        .map_err(|_| no())?;
        let date = Date::try_new_gregorian(2024, 11, 25).map_err(|_| no())?;
        let written_date = dates.format(&date).to_string();
        let year = written_date.find("24").unwrap_or(usize::MAX);
        let order = match (written_date.find("25"), written_date.find("11")) {
            (Some(d), Some(m)) if year < d.min(m) => None,
            (Some(d), Some(m)) if m < d => Some(Order::MonthFirst),
            _ => Some(Order::DayFirst),
        };
        Ok(DataLocale {
            tag: written.to_string(),
            mark,
            order,
        })
    }
}

/// Where the settings of a kind of file are written, so that messages can
/// name the one that decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingsAt {
    /// The tailor.yaml key of the file's settings: `data.customers`,
    /// `data.commissions`, `affiliates`.
    pub key: &'static str,
    /// Whether the command takes `--delimiter` and `--encoding` for it.
    pub flags: bool,
}

impl SettingsAt {
    /// `with --delimiter ";" (or for every run, in tailor.yaml: data: {
    /// customers: { delimiter: ";" } })`, or where there is no flag
    /// `in tailor.yaml: affiliates: { delimiter: ";" }`.
    pub fn how(&self, setting: &str, value: &str) -> String {
        let yaml = super::yaml_at(self.key, &format!("{setting}: {value}"));
        if self.flags {
            format!("with --{setting} {value} (or for every run, in tailor.yaml: {yaml})")
        } else {
            format!("in tailor.yaml: {yaml}")
        }
    }

    /// Where a setting is written: `--encoding or data.customers.encoding
    /// in tailor.yaml`.
    pub fn named(&self, setting: &str) -> String {
        if self.flags {
            format!("--{setting} or {}.{setting} in tailor.yaml", self.key)
        } else {
            format!("{}.{setting} in tailor.yaml", self.key)
        }
    }

    /// How the data locale is set: it is one for every export.
    pub fn how_locale(&self, value: &str) -> String {
        let yaml = format!("data: {{ locale: {value} }}");
        if self.key.starts_with("data.") {
            format!("--locale {value} (or in tailor.yaml: {yaml})")
        } else {
            format!("in tailor.yaml: {yaml}")
        }
    }

    /// "data.customers.values in tailor.yaml".
    pub fn values_key(&self) -> String {
        format!("{}.values", self.key)
    }
}

/// How to read a kind of table file: what the user set, in tailor.yaml or
/// on the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static Encoding>,
    pub locale: Option<DataLocale>,
    /// The value map: cells as written (folded, see `values::fold`) and the
    /// word tailor reads for them.
    pub values: Vec<(String, String)>,
    pub at: SettingsAt,
}

impl Settings {
    pub fn new(at: SettingsAt) -> Settings {
        Settings {
            delimiter: None,
            encoding: None,
            locale: None,
            values: Vec::new(),
            at,
        }
    }
}

/// A table file ready to be read as UTF-8.
#[derive(Debug)]
pub struct Source {
    /// The file as the user named it, for messages.
    pub shown: PathBuf,
    /// The file read: the file itself, or its text decoded into a
    /// temporary UTF-8 copy (removed when the source is dropped).
    pub path: PathBuf,
    _copy: Option<tempfile::TempPath>,
    pub delimiter: u8,
}

impl Source {
    /// Opens `path` (named `shown` in messages). `known` says whether a
    /// header names a field of this kind of file: it settles the delimiter
    /// between two that split the rows alike.
    pub fn open(
        shown: &Path,
        path: &Path,
        what: &str,
        settings: &Settings,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<Source, Vec<Diagnostic>> {
        let one = |d: Diagnostic| vec![d];
        let error = |message: String| Diagnostic::error(shown, message);
        let mut file =
            File::open(path).map_err(|e| one(error(format!("cannot read {what}: {e}"))))?;
        let mut sample = Vec::with_capacity(SAMPLE);
        (&mut file)
            .take(SAMPLE as u64)
            .read_to_end(&mut sample)
            .map_err(|e| one(error(format!("cannot read {what}: {e}"))))?;
        let whole = sample.len() < SAMPLE;

        let (encoding, bom) = match Encoding::for_bom(&sample) {
            Some((e, len)) => (e, len),
            None => (settings.encoding.unwrap_or(encoding_rs::UTF_8), 0),
        };
        let declared = bom == 0 && settings.encoding.is_some();
        if encoding == encoding_rs::UTF_8 {
            if !declared && let Some(d) = utf16_without_bom(&sample) {
                return Err(one(error(format!(
                    "{what} looks like UTF-16 ({d}) without a byte-order mark"
                ))
                .hint(format!(
                    "declare it {}, or save it as CSV UTF-8",
                    settings.at.how(
                        "encoding",
                        if d == "little-endian" {
                            "utf-16le"
                        } else {
                            "utf-16be"
                        }
                    )
                ))));
            }
            check_utf8(&sample[bom..], whole, shown, what, settings)?;
            let text = String::from_utf8_lossy(&sample[bom..]);
            let delimiter = delimiter(&text, whole, shown, settings, known)?;
            return Ok(Source {
                shown: shown.to_path_buf(),
                path: path.to_path_buf(),
                _copy: None,
                delimiter,
            });
        }
        if declared && encoding.is_single_byte() {
            refuse_utf8_declared_otherwise(&sample, whole, encoding, shown, what, settings)?;
        }
        // Decode into a private copy: created with a random name, readable
        // by this user only, removed when dropped.
        let copy = tempfile::Builder::new()
            .prefix("tailor-table-")
            .suffix(".csv")
            .tempfile()
            .map_err(|e| one(error(format!("cannot make a UTF-8 copy of {what}: {e}"))))?;
        let (handle, copy) = copy.into_parts();
        let mut out = BufWriter::with_capacity(1 << 20, handle);
        let mut decoder = encoding.new_decoder_without_bom_handling();
        let mut input = BufReader::with_capacity(
            1 << 20,
            File::open(path).map_err(|e| one(error(format!("cannot read {what}: {e}"))))?,
        );
        // The byte-order mark is no text.
        std::io::copy(&mut (&mut input).take(bom as u64), &mut std::io::sink())
            .map_err(|e| one(error(format!("cannot read {what}: {e}"))))?;
        let mut buf = vec![0u8; 1 << 16];
        let mut text = String::with_capacity(1 << 18);
        let mut head = String::new();
        loop {
            let n = input
                .read(&mut buf)
                .map_err(|e| one(error(format!("cannot read {what}: {e}"))))?;
            let last = n == 0;
            let mut src = &buf[..n];
            loop {
                text.clear();
                let (result, read, _) = decoder.decode_to_string(src, &mut text, last);
                src = &src[read..];
                let room = SAMPLE.saturating_sub(head.len());
                head.push_str(&text[..floor(&text, room)]);
                out.write_all(text.as_bytes())
                    .map_err(|e| one(error(format!("cannot make a UTF-8 copy of {what}: {e}"))))?;
                if matches!(result, encoding_rs::CoderResult::InputEmpty) {
                    break;
                }
            }
            if last {
                break;
            }
        }
        out.flush()
            .map_err(|e| one(error(format!("cannot make a UTF-8 copy of {what}: {e}"))))?;
        let whole = head.len() < SAMPLE;
        let delimiter = delimiter(&head, whole, shown, settings, known)?;
        Ok(Source {
            shown: shown.to_path_buf(),
            path: copy.to_path_buf(),
            _copy: Some(copy),
            delimiter,
        })
    }
}

/// The largest `n` at most `max` that is a character boundary of `s`.
fn floor(s: &str, max: usize) -> usize {
    let mut n = max.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    n
}

/// "little-endian" or "big-endian" when the sample's zero bytes say
/// UTF-16 (every other byte of ASCII text is zero there).
fn utf16_without_bom(sample: &[u8]) -> Option<&'static str> {
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    if odd * 2 > pairs && even * 8 < pairs {
        Some("little-endian")
    } else if even * 2 > pairs && odd * 8 < pairs {
        Some("big-endian")
    } else {
        None
    }
}

/// Line and character column of byte `at` of `bytes`, counted on the
/// valid UTF-8 before it.
fn place(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..at]);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// An undeclared file must be UTF-8: otherwise one error for the file,
/// naming the encoding it most likely is.
fn check_utf8(
    bytes: &[u8],
    whole: bool,
    shown: &Path,
    what: &str,
    settings: &Settings,
) -> Result<(), Vec<Diagnostic>> {
    let Err(e) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    // A character cut by the end of the sample is no error.
    if e.error_len().is_none() && !whole {
        return Ok(());
    }
    Err(vec![not_utf8(
        bytes,
        e.valid_up_to(),
        shown,
        what,
        settings,
    )])
}

/// The one error for a file that is not UTF-8 and says nothing else: the
/// first byte that is not, where it is, and the likely encoding.
pub fn not_utf8(
    bytes: &[u8],
    at: usize,
    shown: &Path,
    what: &str,
    settings: &Settings,
) -> Diagnostic {
    let at = at.min(bytes.len().saturating_sub(1));
    let (line, col) = place(bytes, at);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let likely = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (likely, label) = if likely == encoding_rs::UTF_8 {
        (encoding_rs::WINDOWS_1252, "windows-1252")
    } else {
        (likely, likely.name())
    };
    let label = label.to_ascii_lowercase();
    let byte = bytes.get(at).copied().unwrap_or(0);
    let (decoded, _, _) = likely.decode(bytes.get(at..at + 1).unwrap_or_default());
    Diagnostic::error(
        shown,
        format!(
            "{what} is not UTF-8: byte 0x{byte:02X} here is \"{decoded}\" in {label}, the encoding it most likely is"
        ),
    )
    .at(line, col)
    .hint(format!(
        "declare the encoding {}, or {}",
        settings.at.how("encoding", &label),
        crate::diag::SAVE_CSV_AS_UTF8
    ))
}

/// A file declared in a single-byte code page that reads as UTF-8, with
/// letters beyond ASCII, reads two ways: refused with both.
fn refuse_utf8_declared_otherwise(
    sample: &[u8],
    whole: bool,
    declared: &'static Encoding,
    shown: &Path,
    what: &str,
    settings: &Settings,
) -> Result<(), Vec<Diagnostic>> {
    let valid = match std::str::from_utf8(sample) {
        Ok(s) => s,
        Err(e) if e.error_len().is_none() && !whole => {
            std::str::from_utf8(&sample[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return Ok(()),
    };
    let Some(at) = valid.find(|c: char| !c.is_ascii()) else {
        return Ok(());
    };
    let line_start = valid[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = valid[at..].find('\n').map_or(valid.len(), |i| at + i);
    let as_utf8 = valid[line_start..line_end].trim_end_matches('\r');
    let word_start = as_utf8[..at - line_start]
        .rfind([',', ';', '\t', '|', ' ', '"'])
        .map_or(0, |i| i + 1);
    let word_end = as_utf8[at - line_start..]
        .find([',', ';', '\t', '|', ' ', '"'])
        .map_or(as_utf8.len(), |i| at - line_start + i);
    let word = &as_utf8[word_start..word_end];
    let (other, _, _) = declared.decode(word.as_bytes());
    let (line, col) = place(sample, at);
    Err(vec![
        Diagnostic::error(
            shown,
            format!(
                "{what} is declared {}, but reads as UTF-8: \"{word}\" in UTF-8, \"{other}\" in {}",
                declared.name().to_ascii_lowercase(),
                declared.name().to_ascii_lowercase()
            ),
        )
        .at(line, col)
        .hint(format!(
            "if the file is UTF-8, remove its encoding ({}); if it is {}, this word is what it says",
            settings.at.named("encoding"),
            declared.name().to_ascii_lowercase()
        )),
    ])
}

/// The delimiter of a file whose first bytes are `text`: the setting's, or
/// the one that splits the header and the first rows alike.
fn delimiter(
    text: &str,
    whole: bool,
    shown: &Path,
    settings: &Settings,
    known: &dyn Fn(&str) -> bool,
) -> Result<u8, Vec<Diagnostic>> {
    if let Some(d) = settings.delimiter {
        return Ok(d);
    }
    struct Split {
        delimiter: u8,
        width: usize,
        even: bool,
        known: usize,
        header: Vec<String>,
    }
    let mut splits = Vec::new();
    for d in DELIMITERS {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(text.as_bytes());
        let mut rows: Vec<csv::StringRecord> = Vec::new();
        for record in reader.records().take(SAMPLE_ROWS + 1) {
            match record {
                Ok(r) => rows.push(r),
                Err(_) => break,
            }
        }
        if !whole && rows.len() > 1 {
            // The sample may end inside its last row.
            rows.pop();
        }
        let Some(header) = rows.first() else {
            continue;
        };
        let width = header.len();
        let even = rows
            .iter()
            .skip(1)
            .filter(|r| !r.iter().all(|c| c.trim().is_empty()))
            .all(|r| r.len() == width);
        let header: Vec<String> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        splits.push(Split {
            delimiter: d,
            width,
            even,
            known: header.iter().filter(|h| known(h)).count(),
            header,
        });
    }
    let candidates: Vec<&Split> = {
        let wide: Vec<&Split> = splits.iter().filter(|s| s.width >= 2).collect();
        let even: Vec<&Split> = wide.iter().copied().filter(|s| s.even).collect();
        if even.is_empty() { wide } else { even }
    };
    let best = match candidates.as_slice() {
        [] => return Ok(b','),
        [one] => return Ok(one.delimiter),
        many => {
            let top = many.iter().map(|s| s.known).max().unwrap_or(0);
            let tops: Vec<&&Split> = many.iter().filter(|s| s.known == top).collect();
            if tops.len() == 1 {
                return Ok(tops[0].delimiter);
            }
            tops
        }
    };
    let readings: Vec<String> = best
        .iter()
        .map(|s| {
            format!(
                "split at {} it has {} columns ({})",
                delimiter_name(s.delimiter),
                s.width,
                s.header
                    .iter()
                    .map(|h| format!("\"{h}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let example = match best[0].delimiter {
        b'\t' => "tab".to_string(),
        d => format!("\"{}\"", char::from(d)),
    };
    Err(vec![
        Diagnostic::error(
            shown,
            format!("the header row reads two ways: {}", readings.join("; ")),
        )
        .at(1, 1)
        .hint(format!(
            "say which character separates the columns {}",
            settings.at.how("delimiter", &example)
        )),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> Settings {
        Settings::new(SettingsAt {
            key: "data.customers",
            flags: true,
        })
    }

    fn open(bytes: &[u8], settings: &Settings) -> Result<(Source, String), Vec<String>> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.csv");
        std::fs::write(&file, bytes).unwrap();
        let known = |h: &str| matches!(h, "name" | "niche" | "nps");
        match Source::open(Path::new("x.csv"), &file, "the export", settings, &known) {
            Ok(s) => {
                let text = std::fs::read_to_string(&s.path).unwrap();
                Ok((s, text))
            }
            Err(e) => Err(e.iter().map(|d| d.to_string()).collect()),
        }
    }

    #[test]
    fn delimiters_are_found_from_the_header_and_the_rows() {
        for (text, want) in [
            ("name,niche\nA,B\n", b','),
            ("name;niche;ltv\nA;B;12,5\nC;D;3,0\n", b';'),
            ("name\tniche\nA\tB\n", b'\t'),
            ("name|niche\nA|B\n", b'|'),
            ("name\n", b','),
            // Commas in every row split alike, but the header names
            // known columns only when split at semicolons.
            ("name;niche\n\"a,b\";c,d\n", b';'),
            ("name,niche;x\nA,1;2\n", b','),
        ] {
            let (s, _) = open(text.as_bytes(), &settings()).unwrap();
            assert_eq!(s.delimiter, want, "{text:?}");
        }
        let err = open(b"a,b;c\n1,2;3\n", &settings()).unwrap_err();
        assert!(
            err[0].contains("reads two ways: split at commas it has 2 columns (\"a\", \"b;c\"); split at semicolons it has 2 columns (\"a,b\", \"c\")"),
            "{err:?}"
        );
        assert!(
            err[0].contains("with --delimiter \",\" (or for every run, in tailor.yaml: data: { customers: { delimiter: \",\" } })"),
            "{err:?}"
        );
        let mut set = settings();
        set.delimiter = Some(b';');
        assert_eq!(open(b"a,b;c\n1,2;3\n", &set).unwrap().0.delimiter, b';');
    }

    #[test]
    fn encodings_by_byte_order_mark_or_declared() {
        // Excel's "Unicode Text": UTF-16 LE with a byte-order mark, tabs.
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "name\tniche\r\nMüller\tSaúde\r\n".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let (s, text) = open(&utf16, &settings()).unwrap();
        assert_eq!(s.delimiter, b'\t');
        assert_eq!(text, "name\tniche\r\nMüller\tSaúde\r\n");

        let cp1251 = encoding_rs::WINDOWS_1251
            .encode("name;niche\nИванов;Финтех\n")
            .0
            .into_owned();
        let err = open(&cp1251, &settings()).unwrap_err();
        assert_eq!(err.len(), 1, "one error for the file: {err:?}");
        assert!(
            err[0].starts_with(
                "x.csv:2:1: the export is not UTF-8: byte 0xC8 here is \"И\" in windows-1251"
            ),
            "{err:?}"
        );
        assert!(
            err[0].contains(
                "--encoding windows-1251 (or for every run, in tailor.yaml: data: { customers: { encoding: windows-1251 } })"
            ),
            "{err:?}"
        );
        let mut set = settings();
        set.encoding = Some(encoding_rs::WINDOWS_1251);
        let (s, text) = open(&cp1251, &set).unwrap();
        assert_eq!(
            (s.delimiter, text.as_str()),
            (b';', "name;niche\nИванов;Финтех\n")
        );

        // Declared as a code page, but UTF-8: both readings named.
        set.encoding = Some(encoding_rs::WINDOWS_1252);
        let err = open("name,niche\nMüller,x\n".as_bytes(), &set).unwrap_err();
        assert!(
            err[0].contains("declared windows-1252, but reads as UTF-8: \"Müller\" in UTF-8, \"MÃ¼ller\" in windows-1252"),
            "{err:?}"
        );

        let mut no_bom = Vec::new();
        for u in "name,niche\nA,B\n".encode_utf16() {
            no_bom.extend(u.to_le_bytes());
        }
        let err = open(&no_bom, &settings()).unwrap_err();
        assert!(
            err[0].contains("looks like UTF-16 (little-endian) without a byte-order mark"),
            "{err:?}"
        );
    }

    #[test]
    fn data_locales_from_cldr() {
        for (tag, mark, order) in [
            ("en", Mark::Point, Some(Order::MonthFirst)),
            ("en-US", Mark::Point, Some(Order::MonthFirst)),
            ("en-GB", Mark::Point, Some(Order::DayFirst)),
            ("de", Mark::Comma, Some(Order::DayFirst)),
            ("de-CH", Mark::Point, Some(Order::DayFirst)),
            ("pt-BR", Mark::Comma, Some(Order::DayFirst)),
            ("ru", Mark::Comma, Some(Order::DayFirst)),
            ("tr", Mark::Comma, Some(Order::DayFirst)),
            ("lt", Mark::Comma, None),
            ("ja", Mark::Point, None),
        ] {
            let l = DataLocale::new(tag).unwrap();
            assert_eq!((l.mark, l.order), (mark, order), "{tag}");
        }
        assert!(DataLocale::new("not a locale").is_err());
    }
}
