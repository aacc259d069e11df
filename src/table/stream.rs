//! Every table tailor reads — `affiliates.csv`, customer-success exports,
//! commission exports — read one row at a time, with the same header rules
//! and exact positions for every message.
//!
//! The file comes through [`Source`] (its encoding and delimiter found or
//! set). Each field says what kind of value it holds ([`Kind`]); before a
//! row reaches the caller, its numbers and dates are looked at for what
//! they show of the column's convention (a decimal comma, the day first).
//! A value that reads two ways (`1.234`, `05/03/2024`) in a column not
//! settled yet makes the reader look further down the file, on a second
//! handle, until something settles it or the file ends; so a column is
//! read one way from its first row to its last, and memory stays what one
//! row needs. The data locale, when set, decides instead; a value that
//! contradicts what decides is an error at its cell, and a value nothing
//! decides is an error naming both readings and the setting.
//!
//! A row's problems are gathered while its cells are read; a row with any
//! is counted invalid and left out of every figure, and the whole run
//! fails unless the user asked to skip such rows ([`Stream::finish`]).
//! Words a column's vocabulary does not know are reported once per
//! column, with every distinct value and the value map that settles them.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::date::{self, Date, Order};
use super::number::{self, Mark};
use super::source::{Settings, Source};
use super::values::{self, Words};
use super::{Field, Header, Kind, Layout, MapAt, cell_columns_at, normalise};
use crate::diag::{Diagnostic, Severity};

/// At most this many row problems are kept; the rest are counted.
const MAX_ROW_ERRORS: usize = 200;
/// At most this many distinct unknown words are named per column.
const MAX_UNKNOWN: usize = 12;

/// An open table: its header read and mapped, its rows still on disk.
pub struct Stream<F> {
    source: Source,
    reader: csv::Reader<BufReader<Lines<File>>>,
    /// Which cell holds which field.
    pub layout: Layout<F>,
    record: csv::ByteRecord,
    /// The current row as text, once it is known to be UTF-8 (the same
    /// buffers as `record`, moved, never copied).
    text: csv::StringRecord,
    /// Per column, its cells as written and as folded for a vocabulary:
    /// status columns repeat a few words a million times.
    folds: Vec<ahash::AHashMap<Box<str>, Box<str>>>,
    /// Each field's name, for messages.
    names: Vec<(F, &'static str)>,
    /// The kind of each column's values, by position.
    kinds: Vec<Kind>,
    /// The current row's numbers and dates, read once before it reaches
    /// the caller (to settle their columns) and handed to it.
    values: Vec<Value>,
    settings: Settings,
    conv: Conventions,
    unknown: BTreeMap<usize, Unknown>,
    /// Rows that were not blank.
    pub rows: u64,
    /// Rows with a problem (unreadable, wrong width, a bad cell).
    pub invalid: u64,
    errors: Vec<Diagnostic>,
    /// A problem that stops the reading (a file that turns out not to be
    /// UTF-8 past the part looked at when it was opened).
    fatal: Option<Diagnostic>,
}

impl<F: Copy + PartialEq> Stream<F> {
    /// Opens `path` (named `shown` in messages) and maps its header row to
    /// `fields` (`map`: the columns the user named, written where `map_at`
    /// says).
    pub fn open(
        shown: &Path,
        path: &Path,
        what: &str,
        fields: &[Field<F>],
        map: &[(F, String)],
        map_at: MapAt,
        settings: &Settings,
    ) -> Result<Stream<F>, Vec<Diagnostic>> {
        let known = |h: &str| {
            let h = normalise(h);
            fields.iter().any(|f| f.reads_as(&h)) || map.iter().any(|(_, m)| normalise(m) == h)
        };
        let source = Source::open(shown, path, what, settings, &known)?;
        let mut reader = csv_reader(&source.path, 0, source.delimiter, true)
            .map_err(|e| vec![Diagnostic::error(shown, format!("cannot read {what}: {e}"))])?;
        let mut headers = reader
            .byte_headers()
            .map_err(|e| {
                vec![Diagnostic::error(shown, format!("cannot read the header row: {e}")).at(1, 1)]
            })?
            .clone();
        trim_cr(&mut headers);
        let text: Vec<String> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = String::from_utf8_lossy(h);
                // A byte-order mark is no part of the first header.
                if i == 0 {
                    h.trim_start_matches('\u{feff}').to_string()
                } else {
                    h.into_owned()
                }
            })
            .collect();
        if text.iter().all(|h| h.trim().is_empty()) {
            return Err(vec![
                Diagnostic::error(shown, "the file is empty").hint("export it with a header row"),
            ]);
        }
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        let columns: Vec<usize> = cell_columns_at(&source.path, 0, source.delimiter)
            .into_iter()
            .map(|(_, col)| col)
            .collect();
        let header = Header {
            file: shown,
            columns: &columns,
            map_at,
        };
        let layout = Layout::new(&refs, fields, map, &header)?;
        let kinds: Vec<Kind> = (0..layout.width)
            .map(|i| {
                fields
                    .iter()
                    .find(|f| layout.get(f.field) == Some(i))
                    .map_or(Kind::Text, |f| f.kind)
            })
            .collect();
        let conv = Conventions {
            marks: vec![None; layout.width],
            orders: vec![None; layout.width],
            to_end: false,
        };
        Ok(Stream {
            source,
            reader,
            layout,
            record: csv::ByteRecord::new(),
            text: csv::StringRecord::new(),
            names: fields.iter().map(|f| (f.field, f.name)).collect(),
            values: vec![Value::Text; kinds.len()],
            folds: vec![ahash::AHashMap::new(); kinds.len()],
            kinds,
            settings: settings.clone(),
            conv,
            unknown: BTreeMap::new(),
            rows: 0,
            invalid: 0,
            errors: Vec::new(),
            fatal: None,
        })
    }

    /// Calls `each` with every row that is neither blank nor of the wrong
    /// width; what it reports through [`Row::error`] (or a word its column
    /// does not know) makes the row invalid. `each` learns whether the row
    /// is still valid from [`Row::failed`] before it counts anything.
    pub fn for_each(&mut self, mut each: impl FnMut(&mut Row<'_, F>)) {
        while self.fatal.is_none() {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    self.invalid += 1;
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let io = matches!(e.kind(), csv::ErrorKind::Io(_));
                    let d = Diagnostic::error(&self.source.shown, format!("unreadable row: {e}"))
                        .at_line(Some(line));
                    self.push(d);
                    if io {
                        break;
                    }
                    continue;
                }
            }
            if self
                .record
                .iter()
                .all(|f| f.iter().all(u8::is_ascii_whitespace))
            {
                continue;
            }
            normalise_crlf(&mut self.record);
            self.rows += 1;
            let (line, byte) = self
                .record
                .position()
                .map_or((0, 0), |p| (p.line() as usize, p.byte()));
            let width = self.layout.width;
            if self.record.len() != width {
                self.invalid += 1;
                let d = self.wrong_width(line, byte);
                self.push(d);
                continue;
            }
            match csv::StringRecord::from_byte_record(std::mem::take(&mut self.record)) {
                Ok(text) => self.text = text,
                Err(e) => {
                    self.record = e.into_byte_record();
                    self.invalid += 1;
                    self.fatal = Some(self.not_utf8(line, byte));
                    break;
                }
            }
            self.inspect(line);
            let mut row = Row {
                file: &self.source.shown,
                read: &self.source.path,
                delimiter: self.source.delimiter,
                record: &self.text,
                folds: &mut self.folds,
                layout: &self.layout,
                names: &self.names,
                settings: &self.settings,
                conv: &self.conv,
                values: &self.values,
                unknown: &mut self.unknown,
                line,
                byte,
                cells: OnceCell::new(),
                errors: Vec::new(),
                unknown_word: false,
            };
            each(&mut row);
            let errors = std::mem::take(&mut row.errors);
            let failed = row.unknown_word || !errors.is_empty();
            if failed {
                self.invalid += 1;
            }
            for d in errors {
                self.push(d);
            }
            // The buffers go back, to read the next row into.
            self.record = std::mem::take(&mut self.text).into_byte_record();
        }
    }

    /// The error for a row of the wrong width: at the first cell too many
    /// or the last of a short row — or, when a quoted cell runs over
    /// lines, where its quote opens.
    fn wrong_width(&self, line: usize, byte: u64) -> Diagnostic {
        let width = self.layout.width;
        let len = self.record.len();
        let cells = cell_columns_at(&self.source.path, byte, self.source.delimiter);
        let place = |i: usize| {
            let (dl, col) = cells.get(i).copied().unwrap_or((0, 1));
            (line + dl, col)
        };
        let runaway = (0..len).position(|i| {
            let c = &self.record[i];
            // The `\r` of a CRLF line end stays on the last cell.
            let c = match c.strip_suffix(b"\r") {
                Some(kept) if i + 1 == len => kept,
                _ => c,
            };
            c.contains(&b'\n') || c.contains(&b'\r')
        });
        if let Some(i) = runaway {
            // The line breaks the quote took in, but for those it ran into
            // at the end of the file.
            let bytes = self.record.as_slice();
            let end = bytes
                .iter()
                .rposition(|&b| b != b'\n' && b != b'\r')
                .map_or(0, |p| p + 1);
            let lines = bytes[..end].iter().filter(|&&b| b == b'\n').count();
            let cells = if len == 1 { "cell" } else { "cells" };
            return Diagnostic::error(
                &self.source.shown,
                format!(
                    "a quote opens this cell and is not closed until line {}: lines {line} to {} read as one row of {len} {cells}, where the header has {width}",
                    line + lines,
                    line + lines
                ),
            )
            .at_pos(Some(place(i)))
            .hint("close the quote where the cell ends, and write a quote that is part of the text as two (\"\")");
        }
        let at = place(if len > width {
            width
        } else {
            len.saturating_sub(1)
        });
        Diagnostic::error(
            &self.source.shown,
            format!("row has {len} cells, the header has {width}"),
        )
        .at_pos(Some(at))
        .hint(format!(
            "quote cells that contain {}",
            super::source::delimiter_name(self.source.delimiter)
        ))
    }

    /// The one error for a file that is not UTF-8 where this row is.
    fn not_utf8(&self, line: usize, byte: u64) -> Diagnostic {
        let mut bytes = Vec::new();
        if let Ok(mut f) = File::open(&self.source.path)
            && f.seek(SeekFrom::Start(byte)).is_ok()
        {
            let _ = f.take(64 << 10).read_to_end(&mut bytes);
        }
        // After a CRLF the row's position is its line's `\n`.
        let (bytes, line) = match bytes.split_first() {
            Some((b'\n', rest)) => (rest, line + 1),
            _ => (bytes.as_slice(), line),
        };
        let at = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |_| 0);
        let mut d =
            super::source::not_utf8(bytes, at, &self.source.shown, "the file", &self.settings);
        d.line = d.line.map(|l| l + line as u32 - 1);
        d
    }

    /// Notes what this row's numbers and dates show of their columns'
    /// conventions; a value that reads two ways in a column nothing has
    /// settled yet sends a look further down the file.
    fn inspect(&mut self, line: usize) {
        let mut open = Vec::new();
        for (i, &kind) in self.kinds.iter().enumerate() {
            if kind == Kind::Text {
                continue;
            }
            let cell = cell_text(&self.text, i);
            self.values[i] = Value::of(kind, cell);
            if self.conv.note(i, &self.values[i], cell, line) {
                open.push(i);
            }
        }
        if !open.is_empty() && !self.conv.to_end && !self.decided(&open) {
            self.look_ahead(&open);
        }
    }

    /// Whether the data locale decides every column of `open`.
    fn decided(&self, open: &[usize]) -> bool {
        let locale = self.settings.locale.as_ref();
        open.iter().all(|&i| match self.kinds[i] {
            Kind::Number => locale.is_some(),
            Kind::Date => locale.is_some_and(|l| l.order.is_some()),
            Kind::Text => true,
        })
    }

    /// Reads on from after the current row, on a second handle, noting
    /// what every row shows, until every column of `open` is settled or
    /// the file ends (then nothing further can settle anything, and no
    /// other look ahead is made).
    fn look_ahead(&mut self, open: &[usize]) {
        let at = self.reader.position().clone();
        let Ok(mut reader) = csv_reader(&self.source.path, at.byte(), self.source.delimiter, false)
        else {
            return;
        };
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(true) => {}
                Ok(false) => {
                    self.conv.to_end = true;
                    return;
                }
                Err(_) => return,
            }
            if record.len() != self.layout.width {
                continue;
            }
            let line = at.line() as usize + record.position().map_or(1, |p| p.line() as usize) - 1;
            for (i, &kind) in self.kinds.iter().enumerate() {
                if kind != Kind::Text {
                    let cell = cell_text(&record, i);
                    self.conv.note(i, &Value::of(kind, cell), cell, line);
                }
            }
            if open.iter().all(|&i| self.conv.settled(i, self.kinds[i])) {
                return;
            }
        }
    }

    fn push(&mut self, d: Diagnostic) {
        if self.errors.len() < MAX_ROW_ERRORS {
            self.errors.push(d);
        }
    }

    /// Every problem found, in the order found: the rows' (at most
    /// [`MAX_ROW_ERRORS`], then a count of the rest); then one for each
    /// column with words its vocabulary does not know (and the reading's
    /// end, if something stopped it).
    fn problems(&mut self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut rows = std::mem::take(&mut self.errors);
        let mut columns = Vec::new();
        let unknown = std::mem::take(&mut self.unknown);
        let unknown_rows: u64 = unknown
            .values()
            .map(|u| u.values.iter().map(|v| v.1).sum::<u64>() + u.more)
            .sum();
        for (col, u) in unknown {
            columns.push(u.diagnostic(
                &self.source.shown,
                self.layout.headers[col].trim(),
                &self.settings,
            ));
        }
        if let Some(d) = self.fatal.take() {
            columns.push(d);
        }
        if rows.len() == MAX_ROW_ERRORS {
            let shown = rows.len() as u64 + unknown_rows;
            if self.invalid > shown {
                rows.push(Diagnostic::error(
                    &self.source.shown,
                    format!("{} more invalid rows not shown", self.invalid - shown),
                ));
            }
        }
        (rows, columns)
    }

    /// The rows' problems, for a file whose caller reports its own errors
    /// beside them (the affiliates list: every problem of the site in one
    /// run).
    pub fn into_problems(mut self) -> Vec<Diagnostic> {
        let mut out = std::mem::take(&mut self.layout.warnings);
        let (rows, columns) = self.problems();
        out.extend(rows);
        out.extend(columns);
        out
    }

    /// The rows' problems: errors that stop the command (with a closing
    /// count, and `consequence`, e.g. "nothing was derived"), or, with
    /// `skip_invalid`, warnings about the rows left out.
    pub fn finish(
        mut self,
        skip_invalid: bool,
        consequence: &str,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let fatal = self.fatal.is_some();
        // The header row's warnings come first, whatever the rows say.
        let header = std::mem::take(&mut self.layout.warnings);
        let (rows, columns) = self.problems();
        if rows.is_empty() && columns.is_empty() {
            return Ok(header);
        }
        let (invalid, all, file) = (self.invalid, self.rows, self.source.shown.clone());
        if !skip_invalid || fatal {
            let mut errors = rows;
            errors.extend(columns);
            if !fatal {
                errors.push(
                    Diagnostic::error(
                        &file,
                        format!("{invalid} of {all} rows are invalid; {consequence}"),
                    )
                    .hint("fix the rows, or pass --skip-invalid to leave them out"),
                );
            }
            errors.splice(0..0, header);
            return Err(errors);
        }
        let warn = |suffix: &'static str| {
            move |mut d: Diagnostic| {
                d.severity = Severity::Warning;
                d.message.push_str(suffix);
                d
            }
        };
        Ok(header
            .into_iter()
            .chain(rows.into_iter().map(warn(" (row left out)")))
            .chain(columns.into_iter().map(warn(" (their rows left out)")))
            .collect())
    }
}

/// A csv reader of `path` from byte `at`, with lines ending as an editor
/// shows them.
fn csv_reader(
    path: &Path,
    at: u64,
    delimiter: u8,
    headers: bool,
) -> std::io::Result<csv::Reader<BufReader<Lines<File>>>> {
    let mut handle = File::open(path)?;
    if at > 0 {
        handle.seek(SeekFrom::Start(at))?;
    }
    // Lines end at `\n`, or at a `\r` not followed by one, as an editor
    // shows them: a file mixing CRLF, LF and old Mac endings has every
    // row on its own line (`Lines` turns a lone `\r` into a `\n`, byte for
    // byte, so positions stay the file's; the `\r` of a CRLF is no part of
    // the row's last cell: see `cell_text`).
    let handle = Lines {
        inner: handle,
        held: None,
    };
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(headers)
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .buffer_capacity(1 << 20)
        .from_reader(BufReader::with_capacity(1 << 20, handle)))
}

/// Cell `i` of a record: the `\r` of a CRLF line end left on the last
/// cell taken off, never copied.
fn cell_text(record: &csv::StringRecord, i: usize) -> &str {
    let cell = &record[i];
    match cell.strip_suffix('\r') {
        Some(kept) if i + 1 == record.len() => kept,
        _ => cell,
    }
}

/// The first value that showed a column's convention.
#[derive(Debug, Clone)]
struct Seen<M> {
    is: M,
    line: usize,
    text: Box<str>,
    /// Another value of the column shows the other convention.
    mixed: bool,
}

impl<M: Copy + PartialEq> Seen<M> {
    /// Notes that a value of the column shows `is`.
    fn note(seen: &mut Option<Seen<M>>, is: M, line: usize, cell: &str) {
        match seen {
            Some(s) => s.mixed |= s.is != is,
            None => {
                *seen = Some(Seen {
                    is,
                    line,
                    text: cell.trim().into(),
                    mixed: false,
                })
            }
        }
    }
}

/// A cell of a row as its column's kind reads it.
#[derive(Debug, Clone)]
enum Value {
    Text,
    Number(Result<Option<number::Reading>, String>),
    Date(Result<Option<date::Reading>, String>),
}

impl Value {
    fn of(kind: Kind, cell: &str) -> Value {
        match kind {
            Kind::Text => Value::Text,
            Kind::Number => Value::Number(number::read(cell)),
            Kind::Date => Value::Date(date::read(cell)),
        }
    }
}

/// What decides how each column's numbers and dates read.
struct Conventions {
    marks: Vec<Option<Seen<Mark>>>,
    orders: Vec<Option<Seen<Order>>>,
    /// Every row has been seen, by the reader or a look ahead: nothing
    /// further can settle a column.
    to_end: bool,
}

/// What a column's convention comes from.
enum Basis<'a, M> {
    Locale(M),
    /// A value of the column itself.
    Column(&'a Seen<M>),
    /// Values of other columns, which all agree (only once the whole file
    /// has been seen, and the column shows nothing).
    File(&'a Seen<M>),
    Nothing,
}

impl Conventions {
    /// Notes what `cell` (read as `read`) shows; true when it reads two
    /// ways and its column is not settled.
    fn note(&mut self, i: usize, value: &Value, cell: &str, line: usize) -> bool {
        match value {
            Value::Number(Ok(Some(r))) => match r.settles() {
                Some(m) => {
                    Seen::note(&mut self.marks[i], m, line, cell);
                    false
                }
                None => matches!(r, number::Reading::Either { .. }) && self.marks[i].is_none(),
            },
            Value::Date(Ok(Some(r))) => match r.settles() {
                Some(o) => {
                    Seen::note(&mut self.orders[i], o, line, cell);
                    false
                }
                None => matches!(r, date::Reading::Either { .. }) && self.orders[i].is_none(),
            },
            _ => false,
        }
    }

    fn settled(&self, i: usize, kind: Kind) -> bool {
        match kind {
            Kind::Number => self.marks[i].is_some(),
            Kind::Date => self.orders[i].is_some(),
            Kind::Text => true,
        }
    }

    fn basis<'a, M: Copy + PartialEq>(
        seen: &'a [Option<Seen<M>>],
        locale: Option<M>,
        to_end: bool,
        i: usize,
    ) -> Basis<'a, M> {
        if let Some(m) = locale {
            return Basis::Locale(m);
        }
        if let Some(s) = &seen[i] {
            return Basis::Column(s);
        }
        if !to_end {
            return Basis::Nothing;
        }
        let mut others = seen.iter().filter_map(|s| s.as_ref());
        match others.next() {
            Some(first) if !first.mixed && others.all(|s| s.is == first.is && !s.mixed) => {
                Basis::File(first)
            }
            _ => Basis::Nothing,
        }
    }
}

/// The words of one column its vocabulary does not know.
struct Unknown {
    what: &'static str,
    choices: String,
    /// Each value as written, how many rows have it, and where it first is.
    values: Vec<(String, u64, (usize, usize))>,
    /// Rows with a value not named (beyond [`MAX_UNKNOWN`]).
    more: u64,
}

impl Unknown {
    fn diagnostic(&self, file: &Path, header: &str, settings: &Settings) -> Diagnostic {
        let listed: Vec<String> = self
            .values
            .iter()
            .map(|(v, n, (line, _))| {
                let rows = if *n == 1 { "row" } else { "rows" };
                format!(
                    "{} ({n} {rows}, first on line {line})",
                    crate::diag::quoted(v)
                )
            })
            .collect();
        let more = if self.more > 0 {
            format!(", and {} more rows with other values", self.more)
        } else {
            String::new()
        };
        let n = self.values.len();
        let example: Vec<String> = self
            .values
            .iter()
            .take(3)
            .map(|(v, _, _)| format!("\"{}\": …", v.replace('"', "\\\"")))
            .collect();
        Diagnostic::error(
            file,
            format!(
                "\"{header}\" has {} tailor does not read as {}: {}{more}",
                if n == 1 {
                    "a value".to_string()
                } else {
                    format!("{n} values")
                },
                self.what,
                listed.join(", ")
            ),
        )
        .at_pos(self.values.first().map(|(_, _, at)| *at))
        .hint(format!(
            "say what each means in tailor.yaml, with one of {} for each: {}",
            self.choices,
            super::yaml_at(&settings.at.values_key(), &example.join(", "))
        ))
    }
}

/// One row of a table, while it is read.
pub struct Row<'s, F> {
    file: &'s Path,
    read: &'s Path,
    delimiter: u8,
    record: &'s csv::StringRecord,
    folds: &'s mut Vec<ahash::AHashMap<Box<str>, Box<str>>>,
    layout: &'s Layout<F>,
    names: &'s [(F, &'static str)],
    settings: &'s Settings,
    conv: &'s Conventions,
    values: &'s [Value],
    unknown: &'s mut BTreeMap<usize, Unknown>,
    /// The 1-based line the row starts on.
    pub line: usize,
    byte: u64,
    /// Where each cell starts: the row is read again from the file, only
    /// for a row with something to report.
    cells: OnceCell<Vec<(usize, usize)>>,
    errors: Vec<Diagnostic>,
    unknown_word: bool,
}

impl<'s, F: Copy + PartialEq> Row<'s, F> {
    /// Line and column where cell `i` starts.
    pub fn place(&self, i: usize) -> (usize, usize) {
        let (dl, col) = self
            .cells
            .get_or_init(|| cell_columns_at(self.read, self.byte, self.delimiter))
            .get(i)
            .copied()
            .unwrap_or((0, 1));
        (self.line + dl, col)
    }

    /// Every cell's text, by position.
    pub fn cells(&self) -> impl Iterator<Item = (usize, &'s str)> + use<'s, F> {
        let record: &'s csv::StringRecord = self.record;
        (0..record.len()).map(move |i| (i, cell_text(record, i)))
    }

    /// The cell's text, as written (None when the table lacks the column).
    pub fn text(&mut self, f: F) -> Option<&'s str> {
        let i = self.layout.get(f)?;
        let record: &'s csv::StringRecord = self.record;
        Some(cell_text(record, i))
    }

    /// The cell as a number, read by its column's convention.
    pub fn number(&mut self, f: F) -> Option<f64> {
        let i = self.layout.get(f)?;
        let record: &'s csv::StringRecord = self.record;
        let cell = cell_text(record, i);
        let read = match self.values.get(i) {
            Some(Value::Number(r)) => r.clone(),
            _ => number::read(cell),
        };
        let reading = match read {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(why) => {
                self.error(f, format!("{}: {why}", self.name(f)), None);
                return None;
            }
        };
        let settings: &'s Settings = self.settings;
        let conv: &'s Conventions = self.conv;
        let locale = settings.locale.as_ref().map(|l| l.mark);
        let at = settings.at;
        let basis = Conventions::basis(&conv.marks, locale, conv.to_end, i);
        let decided = match &basis {
            Basis::Locale(m) => Some(*m),
            Basis::Column(s) | Basis::File(s) => Some(s.is),
            Basis::Nothing => None,
        };
        if let Some(m) = decided
            && let Ok(v) = reading.under(m)
        {
            return Some(v);
        }
        let (message, hint) = match basis {
            Basis::Locale(m) => (
                format!(
                    "\"{}\" is written with {}, but the data locale {} writes {}",
                    cell.trim(),
                    shown_mark(reading, m),
                    settings.locale.as_ref().map_or("", |l| l.tag.as_str()),
                    m.words()
                ),
                format!(
                    "correct the cell, or set the locale the file is written in ({})",
                    at.how_locale(if m == Mark::Comma { "en-US" } else { "de" })
                ),
            ),
            Basis::Column(seen) | Basis::File(seen) => (
                format!(
                    "\"{}\" is written with {}, but the column writes {} (\"{}\" on line {})",
                    cell.trim(),
                    shown_mark(reading, seen.is),
                    seen.is.words(),
                    seen.text,
                    seen.line
                ),
                "correct the cell, or the one it disagrees with".to_string(),
            ),
            Basis::Nothing => {
                let number::Reading::Either { point, comma } = reading else {
                    return reading.under(Mark::Point).ok();
                };
                (
                    format!(
                        "\"{}\" reads two ways: {} with a decimal point, {} with a decimal comma, and nothing in the file says which",
                        cell.trim(),
                        figure(point),
                        figure(comma)
                    ),
                    format!(
                        "set the locale the file is written in: {} for a decimal comma, {} for a point",
                        at.how_locale("de"),
                        at.how_locale("en-US")
                    ),
                )
            }
        };
        self.error(f, format!("{}: {message}", self.name(f)), Some(hint));
        None
    }

    /// A number within `lo..=hi`.
    pub fn number_in(&mut self, f: F, lo: f64, hi: f64) -> Option<f64> {
        let v = self.number(f)?;
        if v < lo || v > hi {
            let cell = self.text(f).unwrap_or("").trim();
            self.error(
                f,
                format!("{}: {cell} is outside {lo}-{hi}", self.name(f)),
                None,
            );
            return None;
        }
        Some(v)
    }

    /// A whole number of 0 or more.
    pub fn count(&mut self, f: F) -> Option<u32> {
        let v = self.number(f)?;
        if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) {
            return Some(v as u32);
        }
        let cell = self.text(f).unwrap_or("").trim();
        self.error(
            f,
            format!(
                "{}: \"{cell}\" is not a whole number of 0 or more",
                self.name(f)
            ),
            None,
        );
        None
    }

    /// The cell as a date, read by its column's order of day and month.
    pub fn date(&mut self, f: F) -> Option<Date> {
        let i = self.layout.get(f)?;
        let record: &'s csv::StringRecord = self.record;
        let cell = cell_text(record, i);
        let read = match self.values.get(i) {
            Some(Value::Date(r)) => r.clone(),
            _ => date::read(cell),
        };
        let reading = match read {
            Ok(Some(r)) => r,
            Ok(None) => return None,
            Err(why) => {
                self.error(f, format!("{}: {why}", self.name(f)), None);
                return None;
            }
        };
        let settings: &'s Settings = self.settings;
        let conv: &'s Conventions = self.conv;
        let locale = settings.locale.as_ref().and_then(|l| l.order);
        let at = settings.at;
        let basis = Conventions::basis(&conv.orders, locale, conv.to_end, i);
        let decided = match &basis {
            Basis::Locale(o) => Some(*o),
            Basis::Column(s) | Basis::File(s) => Some(s.is),
            Basis::Nothing => None,
        };
        if let Some(o) = decided
            && let Ok(d) = reading.under(o)
        {
            return Some(d);
        }
        let (message, hint) = match basis {
            Basis::Locale(o) => (
                format!(
                    "\"{}\" has {}, but the data locale {} writes {}",
                    cell.trim(),
                    shown_order(reading, o),
                    settings.locale.as_ref().map_or("", |l| l.tag.as_str()),
                    o.words()
                ),
                format!(
                    "correct the cell, or set the locale the file is written in ({})",
                    at.how_locale(if o == Order::DayFirst {
                        "en-US"
                    } else {
                        "pt-BR"
                    })
                ),
            ),
            Basis::Column(seen) | Basis::File(seen) => (
                format!(
                    "\"{}\" has {}, but the column writes {} (\"{}\" on line {})",
                    cell.trim(),
                    shown_order(reading, seen.is),
                    seen.is.words(),
                    seen.text,
                    seen.line
                ),
                "correct the cell, or the one it disagrees with".to_string(),
            ),
            Basis::Nothing => {
                let date::Reading::Either {
                    day_first,
                    month_first,
                } = reading
                else {
                    return reading.under(Order::DayFirst).ok();
                };
                (
                    format!(
                        "\"{}\" reads two ways: {day_first} with the day first, {month_first} with the month first, and nothing in the file says which",
                        cell.trim()
                    ),
                    format!(
                        "set the locale the file is written in: {} for the day first, {} for the month first",
                        at.how_locale("pt-BR"),
                        at.how_locale("en-US")
                    ),
                )
            }
        };
        self.error(f, format!("{}: {message}", self.name(f)), Some(hint));
        None
    }

    /// The cell as one of `words` (after the value map of tailor.yaml); a
    /// word the vocabulary does not know is reported with the column's
    /// other unknown words.
    pub fn word<T: Copy + PartialEq + std::fmt::Debug>(
        &mut self,
        f: F,
        words: &Words<T>,
    ) -> Option<T> {
        let cell = self.text(f)?;
        if values::missing(cell) {
            return None;
        }
        match self.mapped(f, cell, words) {
            Ok(Some(t)) => Some(t),
            Ok(None) => {
                self.unknown_word(f, cell, words);
                None
            }
            Err(()) => None,
        }
    }

    /// A score: one of `words`, or a number within `lo..=hi` (a health
    /// score of 0 to 100, or green, amber, red).
    pub fn score(&mut self, f: F, words: &Words<u8>, lo: f64, hi: f64) -> Option<f64> {
        let cell = self.text(f)?;
        if values::missing(cell) {
            return None;
        }
        match self.mapped(f, cell, words) {
            Ok(Some(t)) => return Some(f64::from(t)),
            Err(()) => return None,
            Ok(None) => {}
        }
        if number::read(cell).is_err() {
            self.unknown_word(f, cell, words);
            return None;
        }
        self.number_in(f, lo, hi)
    }

    /// What the value map, then the vocabulary, say `cell` is; `Err` when
    /// the map names a word the vocabulary does not have (reported).
    fn mapped<T: Copy + PartialEq + std::fmt::Debug>(
        &mut self,
        f: F,
        cell: &str,
        words: &Words<T>,
    ) -> Result<Option<T>, ()> {
        let settings: &'s Settings = self.settings;
        let key = self.folded(f, cell);
        if let Some((_, target)) = settings.values.iter().find(|(k, _)| **k == *key) {
            return match words.get(target) {
                Some(t) => Ok(Some(t)),
                None => {
                    self.error(
                        f,
                        format!(
                            "{}: {} in tailor.yaml reads \"{}\" as \"{target}\", which is not {}",
                            self.name(f),
                            settings.at.values_key(),
                            cell.trim(),
                            words.what
                        ),
                        Some(format!("map it to {}", words.choices())),
                    );
                    Err(())
                }
            };
        }
        Ok(words.get_folded(&key))
    }

    /// `cell` folded as vocabularies compare words, from the column's
    /// cache when it was seen before.
    fn folded(&mut self, f: F, cell: &str) -> Box<str> {
        let Some(cache) = self.layout.get(f).and_then(|i| self.folds.get_mut(i)) else {
            return values::fold(cell).into();
        };
        if let Some(k) = cache.get(cell) {
            return k.clone();
        }
        let k: Box<str> = values::fold(cell).into();
        // A column of a few words repeats them; one of free text would
        // only fill the cache.
        if cache.len() < 256 {
            cache.insert(cell.into(), k.clone());
        }
        k
    }

    fn unknown_word<T: Copy + PartialEq + std::fmt::Debug>(
        &mut self,
        f: F,
        cell: &str,
        words: &Words<T>,
    ) {
        self.unknown_word = true;
        let Some(i) = self.layout.get(f) else {
            return;
        };
        let written = cell.trim();
        let place = self.place(i);
        let u = self.unknown.entry(i).or_insert_with(|| Unknown {
            what: words.what,
            choices: words.choices(),
            values: Vec::new(),
            more: 0,
        });
        if let Some(v) = u.values.iter_mut().find(|(v, _, _)| v == written) {
            v.1 += 1;
        } else if u.values.len() < MAX_UNKNOWN {
            u.values.push((written.to_string(), 1, place));
        } else {
            u.more += 1;
        }
    }

    /// Reports a problem at the cell of `f` (or the row's start), making
    /// the row invalid.
    pub fn error(&mut self, f: F, message: String, hint: Option<String>) {
        let at = self.place(self.layout.get(f).unwrap_or(0));
        let mut d = Diagnostic::error(self.file, message).at_pos(Some(at));
        if let Some(hint) = hint {
            d = d.hint(hint);
        }
        self.errors.push(d);
    }

    /// How messages name field `f`.
    pub fn name(&self, f: F) -> &'static str {
        self.names
            .iter()
            .find(|(g, _)| *g == f)
            .map_or("?", |(_, name)| name)
    }

    /// Whether the row has had a problem so far.
    pub fn failed(&self) -> bool {
        self.unknown_word || !self.errors.is_empty()
    }
}

/// How messages name the mark a reading shows, against `not`.
fn shown_mark(reading: number::Reading, not: Mark) -> &'static str {
    match reading.under(not) {
        Err(shown) => shown.words(),
        Ok(_) => "another mark",
    }
}

fn shown_order(reading: date::Reading, not: Order) -> &'static str {
    match reading.under(not) {
        Err(shown) => shown.words(),
        Ok(_) => "another order",
    }
}

/// A value as messages show it: `1.234`, `1234`.
fn figure(v: f64) -> String {
    format!("{v}")
}

/// The table's bytes, with a `\r` that is not part of a CRLF read as
/// `\n`.
struct Lines<R> {
    inner: R,
    /// A byte read but not given yet.
    held: Option<u8>,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let mut n = 0;
        if let Some(b) = self.held.take() {
            buf[0] = b;
            n = 1;
        }
        if n < buf.len() {
            n += self.inner.read(&mut buf[n..])?;
        }
        if n == 0 {
            return Ok(0);
        }
        let mut end = n;
        if buf[n - 1] == b'\r' {
            if n > 1 {
                // Whether it ends a line is up to the next byte: it waits.
                self.held = Some(b'\r');
                end = n - 1;
            } else {
                let mut next = [0u8];
                if self.inner.read(&mut next)? == 1 {
                    self.held = Some(next[0]);
                    if next[0] != b'\n' {
                        buf[0] = b'\n';
                    }
                } else {
                    buf[0] = b'\n';
                }
                return Ok(1);
            }
        }
        // `buf[i + 1]` is there: the last byte is no \r, or is held.
        let lone: Vec<usize> = memchr::memchr_iter(b'\r', &buf[..end])
            .filter(|&i| buf[i + 1] != b'\n')
            .collect();
        for i in lone {
            buf[i] = b'\n';
        }
        Ok(end)
    }
}

/// A line break inside a quoted cell reads as `\n`, however the file ends
/// its lines (the cell's text, not the file's bytes: positions are found
/// in the file). Only a record with such a break is copied.
fn normalise_crlf(record: &mut csv::ByteRecord) {
    // A line end's own `\r` is the record's last byte; any other is rare.
    let bytes = record.as_slice();
    let body = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if memchr::memchr(b'\r', body).is_none() {
        return;
    }
    let len = record.len();
    let inner = |i: usize, c: &[u8]| {
        let c = match c.strip_suffix(b"\r") {
            Some(kept) if i + 1 == len => kept,
            _ => c,
        };
        memchr::memmem::find(c, b"\r\n").is_some()
    };
    if !record.iter().enumerate().any(|(i, c)| inner(i, c)) {
        return;
    }
    let position = record.position().cloned();
    let cells: Vec<Vec<u8>> = record
        .iter()
        .map(|c| {
            let mut out = Vec::with_capacity(c.len());
            let mut i = 0;
            while i < c.len() {
                if c[i] == b'\r' && c.get(i + 1) == Some(&b'\n') {
                    i += 1;
                    continue;
                }
                out.push(c[i]);
                i += 1;
            }
            out
        })
        .collect();
    record.clear();
    for c in &cells {
        record.push_field(c);
    }
    if let Some(p) = position {
        record.set_position(Some(p));
    }
}

/// A `\r` left at the end of the header row by a CRLF line end goes.
fn trim_cr(record: &mut csv::ByteRecord) {
    let Some(last) = record.len().checked_sub(1).and_then(|i| record.get(i)) else {
        return;
    };
    if let Some(kept) = last.strip_suffix(b"\r") {
        let kept = kept.to_vec();
        record.truncate(record.len() - 1);
        record.push_field(&kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{DataLocale, SettingsAt};

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum C {
        Name,
        Score,
        Arr,
        Since,
        Status,
    }

    const FIELDS: [Field<C>; 5] = [
        Field::text(C::Name, "name", &[]),
        Field::number(C::Score, "score", &[]),
        Field::number(C::Arr, "arr", &[]),
        Field::date(C::Since, "since", &[]),
        Field::text(C::Status, "status", &[]),
    ];

    const AT: SettingsAt = SettingsAt {
        key: "data.customers",
        flags: true,
    };

    /// A valid row's line, name, score and date.
    type Valid = (usize, String, Option<f64>, Option<String>);

    /// Each valid row and the rendered problems, read with `settings`.
    fn read_with(text: &[u8], settings: &Settings) -> (Vec<Valid>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.csv");
        std::fs::write(&file, text).unwrap();
        let mut s = match Stream::open(
            Path::new("x.csv"),
            &file,
            "the file",
            &FIELDS,
            &[],
            MapAt::Config("data.customers"),
            settings,
        ) {
            Ok(s) => s,
            Err(e) => return (Vec::new(), e.iter().map(|d| d.to_string()).collect()),
        };
        let mut rows = Vec::new();
        s.for_each(|row| {
            let name = row.text(C::Name).unwrap_or("").to_string();
            let score = row.number(C::Score);
            let _ = row.number(C::Arr);
            let since = row.date(C::Since).map(|d| d.to_string());
            let _ = row.word(C::Status, &values::STANDING);
            if !row.failed() {
                rows.push((row.line, name, score, since));
            }
        });
        let problems = match s.finish(false, "nothing") {
            Ok(w) => w,
            Err(e) => e,
        };
        (rows, problems.iter().map(|d| d.to_string()).collect())
    }

    fn read(text: &[u8]) -> (Vec<Valid>, Vec<String>) {
        read_with(text, &Settings::new(AT))
    }

    fn scores(rows: &[Valid]) -> Vec<Option<f64>> {
        rows.iter().map(|r| r.2).collect()
    }

    #[test]
    fn every_row_is_on_its_own_line_whatever_ends_the_lines_before() {
        // CRLF, then LF, then CRLF again, a quoted cell over two lines and
        // a blank line: each row's line is where it is written.
        let text = b"name,score\r\na,1\nb,2\r\n\"c\r\nc\",3\r\n\r\nd,x\ne,5\r\n\"f\",6\r\n";
        let (rows, problems) = read(text);
        let lines: Vec<(usize, &str)> = rows.iter().map(|r| (r.0, r.1.as_str())).collect();
        assert_eq!(
            lines,
            [(2, "a"), (3, "b"), (4, "c\nc"), (8, "e"), (9, "f")],
            "a line break in a cell reads as \\n"
        );
        assert_eq!(rows[4].2, Some(6.0), "no \\r left on the last cell");
        assert!(
            problems[0].starts_with("x.csv:7:3: score: "),
            "{problems:?}"
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_wherever_the_reads_split_the_file() {
        let text = b"a\r\nb\rc\r\r\nd\r\re\n\r";
        let want = b"a\r\nb\nc\n\r\nd\n\ne\n\n";
        for chunk in 1..text.len() + 1 {
            /// Gives at most `chunk` bytes a read.
            struct Slow<'a>(&'a [u8], usize);
            impl Read for Slow<'_> {
                fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                    let n = self.1.min(buf.len()).min(self.0.len());
                    buf[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            for size in [1, 2, 3, 7, 64] {
                let mut lines = Lines {
                    inner: Slow(text, chunk),
                    held: None,
                };
                let mut out = Vec::new();
                let mut buf = vec![0; size];
                loop {
                    let n = lines.read(&mut buf).unwrap();
                    if n == 0 {
                        break;
                    }
                    out.extend_from_slice(&buf[..n]);
                }
                assert_eq!(out, want, "reads of {chunk}, buffer of {size}");
            }
        }
    }

    #[test]
    fn old_mac_line_ends_are_lines_too() {
        let (rows, problems) = read(b"name,score\ra,1\rb,oops\rc,3\r");
        assert_eq!(
            rows.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert!(
            problems[0].starts_with("x.csv:3:3: score: "),
            "{problems:?}"
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_named_at_its_extra_cell() {
        let (rows, problems) = read(b"name,score\r\na,1,2\r\nb,2\r\n");
        assert_eq!(rows.len(), 1);
        assert!(
            problems[0].starts_with("x.csv:2:5: row has 3 cells, the header has 2"),
            "{problems:?}"
        );
        assert!(
            problems
                .last()
                .unwrap()
                .contains("1 of 2 rows are invalid; nothing")
        );
    }

    #[test]
    fn a_quote_left_open_is_named_where_it_opens() {
        let (_, problems) = read(b"name,score\na,1\n\"b,2\nc,3\nd,4\n");
        assert!(
            problems[0]
                .starts_with("x.csv:3:1: a quote opens this cell and is not closed until line 5"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_column_is_read_one_way_settled_by_its_own_values() {
        // `1.234` first, settled by `12.500,00` further down: a German
        // thousand, read so from the first row to the last.
        let (rows, problems) = read("name;score\na;1.234\nb;7\nc;12.500,00\n".as_bytes());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(scores(&rows), [Some(1234.0), Some(7.0), Some(12500.0)]);
        // The US way, settled by a cent.
        let (rows, _) = read(b"name,score\na,\"1,234\"\nb,\"2,000.50\"\n");
        assert_eq!(scores(&rows), [Some(1234.0), Some(2000.5)]);
    }

    #[test]
    fn a_value_nothing_settles_is_an_error_with_both_readings() {
        let (rows, problems) = read("name;score\na;1.234\nb;2.500\n".as_bytes());
        assert!(rows.is_empty());
        assert!(
            problems[0].starts_with("x.csv:2:3: score: \"1.234\" reads two ways: 1.234 with a decimal point, 1234 with a decimal comma, and nothing in the file says which — set the locale the file is written in: --locale de (or in tailor.yaml: data: { locale: de }) for a decimal comma"),
            "{problems:?}"
        );
        // The data locale decides.
        let mut settings = Settings::new(AT);
        settings.locale = Some(DataLocale::new("de").unwrap());
        let (rows, problems) = read_with("name;score\na;1.234\nb;2.500\n".as_bytes(), &settings);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(scores(&rows), [Some(1234.0), Some(2500.0)]);
        // And what contradicts it is an error at the cell.
        let (_, problems) = read_with("name;score\na;1.234\nb;2,000.50\n".as_bytes(), &settings);
        assert!(
            problems[0].starts_with("x.csv:3:3: score: \"2,000.50\" is written with a decimal point (1,234.5), but the data locale de writes a decimal comma (1.234,5)"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_value_against_its_column_is_an_error_naming_the_other() {
        let (_, problems) = read("name;score\na;12.500,00\nb;1,234.50\n".as_bytes());
        assert!(
            problems[0].starts_with("x.csv:3:3: score: \"1,234.50\" is written with a decimal point (1,234.5), but the column writes a decimal comma (1.234,5) (\"12.500,00\" on line 2)"),
            "{problems:?}"
        );
    }

    #[test]
    fn other_columns_of_the_file_settle_one_that_shows_nothing() {
        // The score shows nothing of its own; the same spreadsheet wrote
        // the arr column with decimal commas.
        let text = "name;score;arr\na;1.234;10,5\nb;3;7\n";
        let (rows, problems) = read(text.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(scores(&rows), [Some(1234.0), Some(3.0)]);
        // Columns that disagree settle nothing for a third.
        let text = "name;score;arr;since\na;1.234;10,5;2024-01-01\nb;3;\"1,234.5\";2024-01-01\n";
        let (_, problems) = read(text.as_bytes());
        assert!(
            problems
                .iter()
                .any(|p| p.contains("\"1.234\" reads two ways")),
            "{problems:?}"
        );
    }

    #[test]
    fn dates_are_settled_by_a_day_above_12_or_the_locale() {
        let text = "name;since\na;05/03/2024\nb;25/03/2024\n";
        let (rows, problems) = read(text.as_bytes());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].3.as_deref(), Some("2024-03-05"));
        let mut settings = Settings::new(AT);
        settings.locale = Some(DataLocale::new("pt-BR").unwrap());
        let (rows, problems) = read_with("name;since\na;05/03/2024\n".as_bytes(), &settings);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].3.as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn dates_read_two_ways_with_nothing_to_settle_them_are_errors() {
        let (_, problems) = read(b"name,since\na,05/03/2024\nb,2024-01-01\n");
        assert!(
            problems[0].starts_with("x.csv:2:3: since: \"05/03/2024\" reads two ways: 2024-03-05 with the day first, 2024-05-03 with the month first, and nothing in the file says which"),
            "{problems:?}"
        );
        let (rows, problems) = read(b"name,since\na,05/03/2024\nb,12/25/2024\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].3.as_deref(), Some("2024-05-03"), "month first");
    }

    #[test]
    fn unknown_words_are_one_error_for_their_column() {
        let text = "name,status\na,Em dia\nb,Encerrada\nc,Em dia\nd,Customer\n";
        let (rows, problems) = read(text.as_bytes());
        assert_eq!(rows.len(), 1);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("x.csv:2:3: \"status\" has 2 values tailor does not read as a customer's standing: \"Em dia\" (2 rows, first on line 2), \"Encerrada\" (1 row, first on line 3) — say what each means in tailor.yaml, with one of customer, churned or lead for each: data: { customers: { values: { \"Em dia\": …, \"Encerrada\": … } } }"),
            "{problems:?}"
        );
        let mut settings = Settings::new(AT);
        settings.values = vec![
            (values::fold("em dia"), "customer".into()),
            (values::fold("ENCERRADA"), "churned".into()),
        ];
        let (rows, problems) = read_with(text.as_bytes(), &settings);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn a_file_not_utf8_past_its_first_part_is_one_error() {
        let mut text = b"name,score\n".to_vec();
        for i in 0..5000 {
            text.extend(format!("row{i},{i}\n").as_bytes());
        }
        text.extend(b"Jos\xe9,1\nAn\xe9,2\n");
        let (_, problems) = read(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("x.csv:5002:4: the file is not UTF-8: byte 0xE9"),
            "{problems:?}"
        );
    }
}
