//! Numbers as spreadsheets write them in every market: `12.500,00`,
//! `12 500,00`, `1,234.56`, `1'234.50`, `R$ 12.500,00`, `72,5 %`, `−5`.
//!
//! A number's decimal mark is a point or a comma, and the other one (or a
//! space, a no-break space or an apostrophe) groups thousands. Most values
//! show which is which (`12.500,00`, `12500,50`, `1.5`); some could be read
//! both ways (`1.234` is 1234 in Germany and 1.234 in the US). This module
//! only says what a cell shows ([`Reading`]); which convention a column
//! follows is settled by the table reader, from the data locale or the
//! column's other values, so that `1.234` is never guessed.

/// The character that marks decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// `1,234.5`: the US, the UK, Japan, Switzerland...
    Point,
    /// `1.234,5`: Germany, Brazil, Russia, Turkey, Lithuania, France...
    Comma,
}

impl Mark {
    pub fn char(self) -> char {
        match self {
            Mark::Point => '.',
            Mark::Comma => ',',
        }
    }

    /// How messages name the convention.
    pub fn words(self) -> &'static str {
        match self {
            Mark::Point => "a decimal point (1,234.5)",
            Mark::Comma => "a decimal comma (1.234,5)",
        }
    }
}

/// What a cell says, before the column's convention is known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reading {
    /// One value however decimals are marked; `shows` is the mark the cell
    /// itself shows to be the decimal one, if it shows one.
    Sure { value: f64, shows: Option<Mark> },
    /// A value that reads two ways (`1.234`, `1,234`): as it reads where
    /// decimals are marked with a point, and where with a comma.
    Either { point: f64, comma: f64 },
}

impl Reading {
    /// The value where decimals are marked with `mark`; `Err` with the
    /// mark the cell shows when it shows the other one.
    pub fn under(self, mark: Mark) -> Result<f64, Mark> {
        match self {
            Reading::Sure { value, shows } => match shows {
                Some(shown) if shown != mark => Err(shown),
                _ => Ok(value),
            },
            Reading::Either { point, comma } => Ok(match mark {
                Mark::Point => point,
                Mark::Comma => comma,
            }),
        }
    }

    /// The mark this reading settles, if it settles one.
    pub fn settles(self) -> Option<Mark> {
        match self {
            Reading::Sure { shows, .. } => shows,
            Reading::Either { .. } => None,
        }
    }
}

/// Currency signs and names written before or after an amount. Three
/// capital letters (an ISO code: `USD`, `BRL`) are read as one too.
const CURRENCIES: [&str; 24] = [
    "US$", "R$", "A$", "C$", "NZ$", "HK$", "$", "€", "£", "¥", "₽", "₺", "₹", "₩", "₴", "₪", "zł",
    "Kč", "kr", "Fr.", "руб.", "руб", "р.", "TL",
];

/// Spaces and apostrophes that group thousands (`12 500`, `1'234`), never
/// decimals: space, no-break space, narrow no-break space, thin space,
/// apostrophe and right single quote (Swiss).
fn is_group_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '\u{2019}'
    )
}

/// What `cell` says as a number: `None` for "no value" cells (see
/// [`super::values::missing`]); `Err` with a reason for text that is no
/// number however it is read.
pub fn read(cell: &str) -> Result<Option<Reading>, String> {
    // The common cases, without a look at anything else: digits only, or
    // digits on both sides of one point or comma (`19.8`, `4,5`, `1.234`),
    // read as `digits` reads them; as common, a dollar before them or a
    // percent sign after (`$13,682`, `57%`), the one sign the full reader
    // would take off. Each starts and ends with what it is, so there is
    // nothing to trim and no "no value" word to look for.
    if let Some(reading) = plain(cell).or_else(|| {
        cell.strip_prefix('$')
            .or_else(|| cell.strip_suffix('%'))
            .and_then(plain)
    }) {
        return Ok(Some(reading));
    }
    let t = cell.trim();
    if super::values::missing(t) {
        return Ok(None);
    }
    let (negative, core) = strip(t).ok_or_else(|| not_a_number(t))?;
    let reading = digits(core).ok_or_else(|| not_a_number(t))?;
    Ok(Some(if negative { negated(reading) } else { reading }))
}

fn negated(reading: Reading) -> Reading {
    match reading {
        Reading::Sure { value, shows } => Reading::Sure {
            value: -value,
            shows,
        },
        Reading::Either { point, comma } => Reading::Either {
            point: -point,
            comma: -comma,
        },
    }
}

/// A cell of ASCII digits, with at most one point or comma between two
/// of them, read as [`strip`] and [`digits`] would read it (there is
/// nothing around it to strip, and one mark once is read one way or two by
/// the same rule); `None` for any other cell, left to them.
fn plain(t: &str) -> Option<Reading> {
    let bytes = t.as_bytes();
    if bytes.len() > 15 || !bytes.first()?.is_ascii_digit() || !bytes.last()?.is_ascii_digit() {
        return None;
    }
    let mut mark = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            b'.' | b',' if mark.is_none() => mark = Some(i),
            _ => return None,
        }
    }
    let Some(i) = mark else {
        return Some(Reading::Sure {
            value: decimal(t, "")?,
            shows: None,
        });
    };
    let shows = if bytes[i] == b'.' {
        Mark::Point
    } else {
        Mark::Comma
    };
    one_mark(&t[..i], &t[i + 1..], shows)
}

fn not_a_number(t: &str) -> String {
    format!("\"{t}\" is not a number")
}

/// The number's own characters, without currency, percent sign or sign;
/// and whether it is negative (`-`, `−`, or in parentheses as accounts
/// write a loss).
fn strip(t: &str) -> Option<(bool, &str)> {
    let mut s = t;
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    // The number runs from its first digit (or a mark just before it:
    // `,5`) to its last; what is around it must be signs, currencies and
    // percent signs, and is looked at only when there is any.
    let bytes = s.as_bytes();
    let first = bytes.iter().position(u8::is_ascii_digit)?;
    let last = bytes.iter().rposition(u8::is_ascii_digit)?;
    let start = if first > 0 && matches!(bytes[first - 1], b'.' | b',') {
        first - 1
    } else {
        first
    };
    for affix in [&s[..start], &s[last + 1..]] {
        if !affix.is_empty() && !signs(affix, &mut negative) {
            return None;
        }
    }
    Some((negative, &s[start..=last]))
}

/// Whether `affix` (what stands before or after a number) is only signs,
/// currencies and percent signs, in any order; notes a minus.
fn signs(affix: &str, negative: &mut bool) -> bool {
    let mut s = affix;
    loop {
        s = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}');
        // Most often one sign, as a whole: no search of every currency.
        if s.is_empty() || s == "%" || CURRENCIES.contains(&s) {
            return true;
        }
        let before = s;
        for sign in ['-', '\u{2212}', '\u{2013}'] {
            if let Some(rest) = s.strip_prefix(sign).or_else(|| s.strip_suffix(sign)) {
                if *negative {
                    return false;
                }
                *negative = true;
                s = rest;
            }
        }
        if let Some(rest) = s.strip_prefix('+') {
            s = rest;
        }
        if let Some(rest) = s.strip_suffix('%') {
            s = rest;
        }
        for c in CURRENCIES {
            if let Some(rest) = s.strip_prefix(c).or_else(|| s.strip_suffix(c)) {
                s = rest;
            }
        }
        s = strip_code(s);
        if s == before {
            return false;
        }
    }
}

/// `USD 12.00`, `12,00 BRL`: an ISO currency code at either end goes.
fn strip_code(s: &str) -> &str {
    let code = |w: &str| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase());
    if code(s) {
        return "";
    }
    if let Some((head, rest)) = s.split_once(|c: char| c.is_whitespace() || c == '\u{a0}')
        && code(head)
    {
        return rest;
    }
    if let Some((rest, tail)) = s.rsplit_once(|c: char| c.is_whitespace() || c == '\u{a0}')
        && code(tail)
    {
        return rest;
    }
    if s.len() > 3 && s.is_char_boundary(s.len() - 3) && code(&s[s.len() - 3..]) {
        return &s[..s.len() - 3];
    }
    if s.len() > 3 && s.is_char_boundary(3) && code(&s[..3]) {
        return &s[3..];
    }
    s
}

/// Reads digits with their separators: `12.500,00`, `1 234`, `1.234`,
/// `1.2E+05`. `None` when they make no number.
fn digits(s: &str) -> Option<Reading> {
    if s.is_empty() {
        return None;
    }
    // Scientific notation, as spreadsheets write large or small numbers:
    // the mantissa's separator can only be a decimal mark.
    if let Some(e) = s.find(['e', 'E']) {
        let (mantissa, exponent) = (&s[..e], &s[e + 1..]);
        let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
        let exp_ok = {
            let digits = exponent.strip_prefix('-').unwrap_or(exponent);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        };
        if !exp_ok {
            return None;
        }
        let (int, frac, shows) = match mantissa.find(['.', ',']) {
            Some(i) => (
                &mantissa[..i],
                &mantissa[i + 1..],
                Some(if mantissa.as_bytes()[i] == b'.' {
                    Mark::Point
                } else {
                    Mark::Comma
                }),
            ),
            None => (mantissa, "", None),
        };
        if int.is_empty() || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let value = format!("{int}.{frac}0e{exponent}").parse::<f64>().ok()?;
        return value.is_finite().then_some(Reading::Sure { value, shows });
    }
    // One look at every character: what it is, and how many of each mark.
    let (mut points, mut commas, mut spaced) = (0, 0, false);
    for c in s.chars() {
        match c {
            '0'..='9' => {}
            '.' => points += 1,
            ',' => commas += 1,
            c if is_group_space(c) => spaced = true,
            _ => return None,
        }
    }
    if spaced {
        // Spaces group; a point or a comma after them is the decimal mark.
        if points + commas > 1 {
            return None;
        }
        let (int, frac, shows) = split_mark(s);
        let int = grouped(int, is_group_space)?;
        return sure(&int, frac, shows);
    }
    match (points, commas) {
        (0, 0) => sure(s, None, None),
        (p, c) if p > 0 && c > 0 => {
            // The last one is the decimal mark, once; the other groups.
            let last = s.rfind(['.', ','])?;
            let mark = if s.as_bytes()[last] == b'.' {
                Mark::Point
            } else {
                Mark::Comma
            };
            let (int, frac) = (&s[..last], &s[last + 1..]);
            let group = if mark == Mark::Point { ',' } else { '.' };
            let int = grouped(int, |c| c == group)?;
            sure(&int, Some(frac), Some(mark))
        }
        (p, c) if p + c > 1 => {
            // `1.234.567`: a mark that comes more than once groups, so the
            // other one marks decimals.
            let (group, mark) = if p > 0 {
                ('.', Mark::Comma)
            } else {
                (',', Mark::Point)
            };
            let int = grouped(s, |c| c == group)?;
            sure(&int, None, Some(mark))
        }
        _ => {
            // One mark, once.
            let (int, frac, shows) = split_mark(s);
            let (frac, mark) = (frac?, shows?);
            if !all_digits(int) || !all_digits(frac) {
                return None;
            }
            one_mark(int, frac, mark)
        }
    }
}

/// Digits `int` and `frac` on either side of the one `mark` of a number:
/// a decimal mark, unless three digits follow one to three (`1.234`),
/// which read two ways.
fn one_mark(int: &str, frac: &str, mark: Mark) -> Option<Reading> {
    let could_group = frac.len() == 3 && (1..=3).contains(&int.len()) && !int.starts_with('0');
    if !could_group {
        return sure(int, Some(frac), Some(mark));
    }
    let as_decimal = decimal(int, frac)?;
    // At most six digits: `1.234` grouped is 1234 exactly.
    let as_group = f64::from(int.parse::<u32>().ok()? * 1000 + frac.parse::<u32>().ok()?);
    Some(match mark {
        Mark::Point => Reading::Either {
            point: as_decimal,
            comma: as_group,
        },
        Mark::Comma => Reading::Either {
            point: as_group,
            comma: as_decimal,
        },
    })
}

/// The part before the one point or comma of `s`, the part after it, and
/// which mark it is.
fn split_mark(s: &str) -> (&str, Option<&str>, Option<Mark>) {
    match s.find(['.', ',']) {
        Some(i) => (
            &s[..i],
            Some(&s[i + 1..]),
            Some(if s.as_bytes()[i] == b'.' {
                Mark::Point
            } else {
                Mark::Comma
            }),
        ),
        None => (s, None, None),
    }
}

/// The digits of `int` with its thousands separators (those `sep` says)
/// taken out, if they group by three: `12.500` and `1 234 567`, never
/// `12.50` or `1.2345`.
fn grouped(int: &str, sep: impl Fn(char) -> bool) -> Option<String> {
    if !int.chars().any(&sep) {
        return (!int.is_empty() && all_digits(int)).then(|| int.to_string());
    }
    let mut groups = int.split(|c: char| sep(c));
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !all_digits(first) {
        return None;
    }
    let mut out = String::with_capacity(int.len());
    out.push_str(first);
    for g in groups {
        if g.len() != 3 || !all_digits(g) {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// A value read one way: `int` digits, `frac` digits after the mark.
fn sure(int: &str, frac: Option<&str>, shows: Option<Mark>) -> Option<Reading> {
    let frac = frac.unwrap_or("");
    if !all_digits(int) || !all_digits(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let int = if int.is_empty() { "0" } else { int };
    let value = decimal(int, frac)?;
    value.is_finite().then_some(Reading::Sure { value, shows })
}

/// The value of the digits `int`, a decimal mark and the digits `frac`,
/// correctly rounded. Up to 15 digits (every amount a spreadsheet shows),
/// the digits make an integer an f64 holds exactly, and one division by a
/// power of ten an f64 also holds exactly rounds once: the value `str::parse`
/// gives, without building a string for it.
fn decimal(int: &str, frac: &str) -> Option<f64> {
    if int.len() + frac.len() <= 15 {
        let mut m: u64 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m * 10 + u64::from(b - b'0');
        }
        const POW: [f64; 16] = [
            1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        ];
        return Some(m as f64 / POW[frac.len()]);
    }
    if frac.is_empty() {
        int.parse().ok()
    } else {
        format!("{int}.{frac}").parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sure(value: f64, shows: Option<Mark>) -> Option<Reading> {
        Some(Reading::Sure { value, shows })
    }

    #[test]
    fn numbers_as_every_market_writes_them() {
        use Mark::*;
        for (cell, want) in [
            ("4800", sure(4800.0, None)),
            ("12.500,00", sure(12500.0, Some(Comma))),
            ("23.400,90", sure(23400.9, Some(Comma))),
            ("12500,50", sure(12500.5, Some(Comma))),
            ("12 500,00", sure(12500.0, Some(Comma))),
            ("12\u{a0}500,00", sure(12500.0, Some(Comma))),
            ("12\u{202f}500", sure(12500.0, None)),
            ("1,234.56", sure(1234.56, Some(Point))),
            ("1'234.50", sure(1234.5, Some(Point))),
            ("1’234", sure(1234.0, None)),
            ("R$ 12.500,00", sure(12500.0, Some(Comma))),
            ("€1.234,5", sure(1234.5, Some(Comma))),
            ("12 500 ₽", sure(12500.0, None)),
            (
                "12.500 ₺",
                Some(Reading::Either {
                    point: 12.5,
                    comma: 12500.0,
                }),
            ),
            ("72,5 %", sure(72.5, Some(Comma))),
            ("85%", sure(85.0, None)),
            ("−5", sure(-5.0, None)),
            ("-2", sure(-2.0, None)),
            ("(1,234.00)", sure(-1234.0, Some(Point))),
            ("$-12.50", sure(-12.5, Some(Point))),
            (
                "-$4,800",
                Some(Reading::Either {
                    point: -4800.0,
                    comma: -4.8,
                }),
            ),
            ("4800 USD", sure(4800.0, None)),
            ("BRL 1.234,56", sure(1234.56, Some(Comma))),
            ("1.234.567", sure(1234567.0, Some(Comma))),
            ("1,234,567", sure(1234567.0, Some(Point))),
            ("1.5", sure(1.5, Some(Point))),
            ("4,5", sure(4.5, Some(Comma))),
            ("0,500", sure(0.5, Some(Comma))),
            ("1234,567", sure(1234.567, Some(Comma))),
            (",5", sure(0.5, Some(Comma))),
            ("1.2E+05", sure(120000.0, Some(Point))),
            ("1,2E+05", sure(120000.0, Some(Comma))),
            ("3E-2", sure(0.03, None)),
            (
                "1.234",
                Some(Reading::Either {
                    point: 1.234,
                    comma: 1234.0,
                }),
            ),
            (
                "1,234",
                Some(Reading::Either {
                    point: 1234.0,
                    comma: 1.234,
                }),
            ),
            ("", None),
            ("n/a", None),
        ] {
            assert_eq!(read(cell), Ok(want), "{cell:?}");
        }
        for cell in [
            "abc",
            "NaN",
            "1.2.3,4,5",
            "12.50,00",
            "1,23.4",
            "1 23",
            "1.2345.678",
            "--5",
            "1e",
            "12,500.00.00",
            "inf",
            "1 234.567,8",
        ] {
            assert!(read(cell).is_err(), "{cell:?} read as {:?}", read(cell));
        }
    }

    #[test]
    fn plain_cells_read_as_the_full_reader_reads_them() {
        let full = |t: &str| {
            let (negative, core) = strip(t)?;
            assert!(!negative, "{t}");
            digits(core)
        };
        for t in [
            "0",
            "7",
            "19.8",
            "4,5",
            "1.234",
            "1,234",
            "0.500",
            "0,500",
            "012.345",
            "1234.567",
            "12.5",
            "999,999",
            "1000.5",
            "123456789012345",
            "1.2345678901234",
            "00",
            "0.0",
        ] {
            assert_eq!(plain(t), full(t), "{t:?}");
            assert!(plain(t).is_some(), "{t:?} is plain");
        }
        for t in [
            "",
            ".5",
            "5.",
            "1.2.3",
            "1,2.3",
            "1 234",
            "-5",
            "5%",
            "1e5",
            "1234567890123456",
            "1.23456789012345",
        ] {
            assert_eq!(plain(t), None, "{t:?} is left to the full reader");
        }
        // With a dollar before or a percent sign after, as the full
        // reader reads them once it has taken the sign off.
        for t in [
            "$13,682", "$7", "$1.234", "57%", "19.8%", "4,5%", "$1,234.5",
        ] {
            let core = t.trim_start_matches('$').trim_end_matches('%');
            let shown = read(t).unwrap();
            assert_eq!(shown, full(t), "{t:?}");
            if plain(core).is_some() {
                assert_eq!(shown, plain(core), "{t:?} takes the fast path");
            }
        }
        for t in [
            "$", "%", "$%", "$-5", "5%%", "$$5", "($5)", "$ 5", "5 %", "%5", "5$",
        ] {
            assert_eq!(
                read(t).ok().flatten(),
                strip(t)
                    .and_then(|(n, c)| digits(c).map(|r| (n, r)))
                    .map(|(n, r)| if n { negated(r) } else { r }),
                "{t:?}"
            );
        }
    }

    #[test]
    fn decimals_are_what_parse_gives() {
        for (int, frac) in [
            ("0", "1"),
            ("12500", "50"),
            ("999999999999999", ""),
            ("1", "23456789012345"),
            ("123456789", "123456"),
            ("9007199254740993", ""),
            ("1", "0000000000000000000001"),
        ] {
            let want: f64 = format!("{int}.{}", if frac.is_empty() { "0" } else { frac })
                .parse()
                .unwrap();
            assert_eq!(decimal(int, frac), Some(want), "{int}.{frac}");
        }
    }

    #[test]
    fn a_reading_under_a_convention() {
        let either = read("1.234").unwrap().unwrap();
        assert_eq!(either.under(Mark::Comma), Ok(1234.0));
        assert_eq!(either.under(Mark::Point), Ok(1.234));
        assert_eq!(either.settles(), None);
        let comma = read("12.500,00").unwrap().unwrap();
        assert_eq!(comma.under(Mark::Comma), Ok(12500.0));
        assert_eq!(comma.under(Mark::Point), Err(Mark::Comma));
        assert_eq!(comma.settles(), Some(Mark::Comma));
        assert_eq!(read("12").unwrap().unwrap().under(Mark::Point), Ok(12.0));
    }
}
