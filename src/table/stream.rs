//! Exports too large to hold: a CSV file read one row at a time, with the
//! same header rules as every other table and exact positions for every
//! message. `derive` and `report` read customer-success exports through
//! it, `report` also the affiliate platform's commission export.
//!
//! A row's problems are gathered while its cells are read; a row with any
//! is counted invalid and left out of every figure, and the whole run
//! fails unless the user asked to skip such rows ([`Stream::finish`]).

use std::cell::OnceCell;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use super::{Field, Header, Layout, MapAt, cell_columns_at};
use crate::diag::{Diagnostic, Severity};

/// At most this many row problems are kept; the rest are counted.
const MAX_ROW_ERRORS: usize = 200;

/// An open export: its header read and mapped, its rows still on disk.
pub struct Stream<F> {
    file: PathBuf,
    reader: csv::Reader<BufReader<Lines<File>>>,
    /// Which cell holds which field.
    pub layout: Layout<F>,
    record: csv::ByteRecord,
    /// Each field's name, for messages.
    names: Vec<(F, &'static str)>,
    /// Rows that were not blank.
    pub rows: u64,
    /// Rows with a problem (unreadable, wrong width, a bad cell).
    pub invalid: u64,
    errors: Vec<Diagnostic>,
}

impl<F: Copy + PartialEq> Stream<F> {
    /// Opens `file` and maps its header row to `fields` (`map`: the
    /// columns the user named, written where `map_at` says).
    pub fn open(
        file: &Path,
        what: &str,
        fields: &[Field<F>],
        map: &[(F, String)],
        map_at: MapAt,
    ) -> Result<Stream<F>, Vec<Diagnostic>> {
        let one = |message: String| vec![Diagnostic::error(file, message)];
        let handle = File::open(file).map_err(|e| one(format!("cannot read {what}: {e}")))?;
        // Lines end at `\n`, or at a `\r` not followed by one, as an
        // editor shows them: a file mixing CRLF, LF and old Mac endings
        // has every row on its own line (`Lines` turns a lone `\r` into a
        // `\n`, byte for byte, so positions stay the file's; the `\r` of a
        // CRLF is no part of the row's last cell: see `Row::text`).
        let handle = Lines {
            inner: handle,
            held: None,
        };
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 20)
            .from_reader(BufReader::with_capacity(1 << 20, handle));
        let mut headers = reader
            .byte_headers()
            .map_err(|e| {
                vec![Diagnostic::error(file, format!("cannot read the header row: {e}")).at(1, 1)]
            })?
            .clone();
        trim_cr(&mut headers);
        let text: Vec<String> = headers
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        if text.iter().all(|h| h.trim().is_empty()) {
            return Err(vec![
                Diagnostic::error(file, "the file is empty").hint("export it with a header row"),
            ]);
        }
        let refs: Vec<&str> = text.iter().map(String::as_str).collect();
        let columns: Vec<usize> = cell_columns_at(file, 0)
            .into_iter()
            .map(|(_, col)| col)
            .collect();
        let header = Header {
            file,
            columns: &columns,
            map_at,
        };
        let layout = Layout::new(&refs, fields, map, &header)?;
        Ok(Stream {
            file: file.to_path_buf(),
            reader,
            layout,
            record: csv::ByteRecord::new(),
            names: fields.iter().map(|f| (f.field, f.name)).collect(),
            rows: 0,
            invalid: 0,
            errors: Vec::new(),
        })
    }

    /// Calls `each` with every row that is neither blank nor of the wrong
    /// width; what it reports through [`Row::error`] (or a cell that is not
    /// UTF-8) makes the row invalid. `each` learns whether the row is still
    /// valid from [`Row::failed`] before it counts anything.
    pub fn for_each(&mut self, mut each: impl FnMut(&mut Row<'_, F>)) {
        loop {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    self.invalid += 1;
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    let io = matches!(e.kind(), csv::ErrorKind::Io(_));
                    let d = Diagnostic::error(&self.file, format!("unreadable row: {e}"))
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
            self.rows += 1;
            let (line, byte) = self
                .record
                .position()
                .map_or((0, 0), |p| (p.line() as usize, p.byte()));
            let mut row = Row {
                file: &self.file,
                record: &self.record,
                layout: &self.layout,
                names: &self.names,
                line,
                byte,
                cells: OnceCell::new(),
                errors: Vec::new(),
            };
            let width = self.layout.width;
            if row.record.len() != width {
                // At the first cell too many, or the last of a short row.
                let at = row.place(if row.record.len() > width {
                    width
                } else {
                    row.record.len().saturating_sub(1)
                });
                let d = Diagnostic::error(
                    &self.file,
                    format!("row has {} cells, the header has {width}", row.record.len()),
                )
                .at_pos(Some(at))
                .hint("quote cells that contain commas");
                self.invalid += 1;
                self.push(d);
                continue;
            }
            each(&mut row);
            let errors = std::mem::take(&mut row.errors);
            if !errors.is_empty() {
                self.invalid += 1;
                for d in errors {
                    self.push(d);
                }
            }
        }
    }

    fn push(&mut self, d: Diagnostic) {
        if self.errors.len() < MAX_ROW_ERRORS {
            self.errors.push(d);
        }
    }

    /// The rows' problems: errors that stop the command (with a closing
    /// count, and `consequence`, e.g. "nothing was derived"), or, with
    /// `skip_invalid`, warnings about the rows left out.
    pub fn finish(
        self,
        skip_invalid: bool,
        consequence: &str,
    ) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        let Stream {
            file,
            mut errors,
            invalid,
            rows,
            ..
        } = self;
        if errors.is_empty() {
            return Ok(Vec::new());
        }
        if !skip_invalid {
            if invalid as usize > errors.len() {
                let more = invalid as usize - errors.len();
                errors.push(Diagnostic::error(
                    &file,
                    format!("{more} more invalid rows not shown"),
                ));
            }
            errors.push(
                Diagnostic::error(
                    &file,
                    format!("{invalid} of {rows} rows are invalid; {consequence}"),
                )
                .hint("fix the rows, or pass --skip-invalid to leave them out"),
            );
            return Err(errors);
        }
        Ok(errors
            .into_iter()
            .map(|mut d| {
                d.severity = Severity::Warning;
                d.message.push_str(" (row left out)");
                d
            })
            .collect())
    }
}

/// One row of an export, while it is read.
pub struct Row<'s, F> {
    file: &'s Path,
    record: &'s csv::ByteRecord,
    layout: &'s Layout<F>,
    names: &'s [(F, &'static str)],
    /// The 1-based line the row starts on.
    pub line: usize,
    byte: u64,
    /// Where each cell starts: the row is read again from the file, only
    /// for a row with something to report.
    cells: OnceCell<Vec<(usize, usize)>>,
    errors: Vec<Diagnostic>,
}

impl<'s, F: Copy + PartialEq> Row<'s, F> {
    /// Line and column where cell `i` starts.
    pub fn place(&self, i: usize) -> (usize, usize) {
        let (dl, col) = self
            .cells
            .get_or_init(|| cell_columns_at(self.file, self.byte))
            .get(i)
            .copied()
            .unwrap_or((0, 1));
        (self.line + dl, col)
    }

    /// The cell's text, as written (None when the export lacks the
    /// column, or the cell is not UTF-8, which makes the row invalid).
    pub fn text(&mut self, f: F) -> Option<&'s str> {
        let i = self.layout.get(f)?;
        let record: &'s csv::ByteRecord = self.record;
        // The `\r` of a CRLF line end is left on the row's last cell (lines
        // end at `\n`); it is no part of the cell. Taken off here, where a
        // cell is read, the row is never copied for it.
        let cell = &record[i];
        let cell = match cell.strip_suffix(b"\r") {
            Some(kept) if i + 1 == record.len() => kept,
            _ => cell,
        };
        match std::str::from_utf8(cell) {
            Ok(s) => Some(s),
            Err(_) => {
                let d =
                    Diagnostic::error(self.file, format!("{} is not valid UTF-8", self.name(f)))
                        .at_pos(Some(self.place(i)))
                        .hint(crate::diag::SAVE_CSV_AS_UTF8);
                self.errors.push(d);
                None
            }
        }
    }

    /// The cell read by `parse`; a cell it refuses makes the row invalid,
    /// with the reason at the cell.
    pub fn value<T>(
        &mut self,
        f: F,
        parse: impl Fn(&str) -> Result<Option<T>, String>,
    ) -> Option<T> {
        let text = self.text(f)?;
        match parse(text) {
            Ok(v) => v,
            Err(why) => {
                self.error(f, format!("{}: {why}", self.name(f)), None);
                None
            }
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
        !self.errors.is_empty()
    }
}

/// The export's bytes, with a `\r` that is not part of a CRLF read as
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

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum C {
        Name,
        Score,
    }

    const FIELDS: [Field<C>; 2] = [
        Field {
            field: C::Name,
            name: "name",
            aliases: &[],
        },
        Field {
            field: C::Score,
            name: "score",
            aliases: &[],
        },
    ];

    /// A valid row's line, name and score.
    type Valid = (usize, String, Option<f64>);

    /// Each valid row and the rendered problems.
    fn read(text: &[u8]) -> (Vec<Valid>, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.csv");
        std::fs::write(&file, text).unwrap();
        let mut s = Stream::open(&file, "the file", &FIELDS, &[], MapAt::Flag("--column")).unwrap();
        let mut rows = Vec::new();
        s.for_each(|row| {
            let name = row.text(C::Name).unwrap_or("").to_string();
            let score = row.value(C::Score, |t| {
                t.parse::<f64>()
                    .map(Some)
                    .map_err(|_| "not a number".to_string())
            });
            if !row.failed() {
                rows.push((row.line, name, score));
            }
        });
        let problems = match s.finish(false, "nothing") {
            Ok(w) => w,
            Err(e) => e,
        };
        let problems = problems
            .iter()
            .map(|d| {
                d.to_string()
                    .replace(&format!("{}", file.display()), "x.csv")
            })
            .collect();
        (rows, problems)
    }

    #[test]
    fn every_row_is_on_its_own_line_whatever_ends_the_lines_before() {
        // CRLF, then LF, then CRLF again, a quoted cell over two lines and
        // a blank line: each row's line is where it is written.
        let text = b"name,score\r\na,1\nb,2\r\n\"c\r\nc\",3\r\n\r\nd,x\ne,5\r\n\"f\",6\r\n";
        let (rows, problems) = read(text);
        let lines: Vec<(usize, &str)> = rows.iter().map(|(l, n, _)| (*l, n.as_str())).collect();
        assert_eq!(
            lines,
            [(2, "a"), (3, "b"), (4, "c\r\nc"), (8, "e"), (9, "f")]
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
}
