//! Dates as spreadsheets write them: `2024-03-05`, `05.03.2024`,
//! `05/03/2024` (day first, most of the world), `3/5/2024` (month first,
//! the US) and Excel's serial numbers (`45356`), with or without a time.
//!
//! `05/03/2024` is the 5th of March in Brazil and the 3rd of May in the
//! US: like numbers, a date that reads two ways is settled by the table
//! reader (the data locale, or a day above 12 in the same column), never
//! guessed. This module only says what a cell shows.

/// Which comes first in a date written with slashes or hyphens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// `25/12/2024`: most of the world.
    DayFirst,
    /// `12/25/2024`: the US.
    MonthFirst,
}

impl Order {
    pub fn words(self) -> &'static str {
        match self {
            Order::DayFirst => "the day first (25/12/2024)",
            Order::MonthFirst => "the month first (12/25/2024)",
        }
    }
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What a cell says, before the column's order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// One date however the column orders day and month; `shows` is the
    /// order the cell itself shows (a day above 12), if it shows one.
    Sure { date: Date, shows: Option<Order> },
    /// `05/03/2024`: the 5th of March day first, the 3rd of May month first.
    Either { day_first: Date, month_first: Date },
}

impl Reading {
    /// The date where the column writes `order`; `Err` with the order the
    /// cell shows when it shows the other one.
    pub fn under(self, order: Order) -> Result<Date, Order> {
        match self {
            Reading::Sure { date, shows } => match shows {
                Some(shown) if shown != order => Err(shown),
                _ => Ok(date),
            },
            Reading::Either {
                day_first,
                month_first,
            } => Ok(match order {
                Order::DayFirst => day_first,
                Order::MonthFirst => month_first,
            }),
        }
    }

    pub fn settles(self) -> Option<Order> {
        match self {
            Reading::Sure { shows, .. } => shows,
            Reading::Either { .. } => None,
        }
    }
}

/// What the forms read are, for messages.
pub const FORMS: &str = "2024-03-05, 05.03.2024, 05/03/2024, 3/5/2024 or an Excel date number";

/// What `cell` says as a date: `None` for "no value" cells; `Err` with a
/// reason for text that is no date.
pub fn read(cell: &str) -> Result<Option<Reading>, String> {
    let t = cell.trim();
    if super::values::missing(t) {
        return Ok(None);
    }
    let no = || format!("\"{t}\" is not a date: write {FORMS}");
    // A time after the date (`2024-03-05 14:22`, `2024-03-05T14:22:00Z`)
    // says nothing about the day.
    let day_part = t
        .split(|c: char| c == 'T' || c.is_whitespace())
        .next()
        .unwrap_or(t);
    // Excel's serial number: days since 1899-12-30, a time as a fraction.
    if let Some(serial) = excel_serial(day_part) {
        return Ok(Some(Reading::Sure {
            date: serial.ok_or_else(no)?,
            shows: None,
        }));
    }
    let sep = day_part
        .chars()
        .find(|c| matches!(c, '-' | '/' | '.'))
        .ok_or_else(no)?;
    let parts: Vec<&str> = day_part.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(no());
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (Some(x), Some(y), Some(z)) = (number(a), number(b), number(c)) else {
        return Err(no());
    };
    if a.len() == 4 {
        // Year first: always year, month, day.
        let date = make(x, y, z).ok_or_else(no)?;
        return Ok(Some(Reading::Sure { date, shows: None }));
    }
    if c.len() != 4 {
        return Err(if c.len() == 2 {
            format!("\"{t}\": write the year with four digits, so the century is not a guess")
        } else {
            no()
        });
    }
    if sep == '.' {
        // Dots: day first wherever dates are written with them.
        let date = make(z, y, x).ok_or_else(no)?;
        return Ok(Some(Reading::Sure { date, shows: None }));
    }
    let day_first = make(z, y, x);
    let month_first = make(z, x, y);
    Ok(Some(match (day_first, month_first) {
        (Some(d), Some(m)) if d == m => Reading::Sure {
            date: d,
            shows: None,
        },
        (Some(d), Some(m)) => Reading::Either {
            day_first: d,
            month_first: m,
        },
        (Some(d), None) => Reading::Sure {
            date: d,
            shows: Some(Order::DayFirst),
        },
        (None, Some(m)) => Reading::Sure {
            date: m,
            shows: Some(Order::MonthFirst),
        },
        (None, None) => return Err(no()),
    }))
}

/// `Some(date)` for an Excel serial number (with `None` when it is out of
/// range); `None` for text that is no number at all.
fn excel_serial(s: &str) -> Option<Option<Date>> {
    let whole = s.split_once(['.', ',']).map_or(s, |(w, f)| {
        if f.bytes().all(|b| b.is_ascii_digit()) {
            w
        } else {
            ""
        }
    });
    if whole.is_empty() || whole.len() > 7 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = whole.parse().ok()?;
    // Days count from 1899-12-30 (from day 61 on: day 60 is Lotus 1-2-3's
    // 29 February 1900, which Excel keeps). A number below 10000 (1927)
    // in a date column is more likely a year or a count than a date.
    if !(10_000..=2_958_465).contains(&n) {
        return Some(None);
    }
    Some(Some(from_days(n + days_from_civil(1899, 12, 30))))
}

fn make(year: u32, month: u32, day: u32) -> Option<Date> {
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (day <= days).then_some(Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    })
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `z` days after 1970-01-01 (`civil_from_days`).
fn from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date {
        year: year as u16,
        month: month as u8,
        day: day as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: u16, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn dates_as_spreadsheets_write_them() {
        use Order::*;
        let sure = |date, shows| Ok(Some(Reading::Sure { date, shows }));
        assert_eq!(read("2024-03-05"), sure(d(2024, 3, 5), None));
        assert_eq!(read("2024-03-05T14:22:00Z"), sure(d(2024, 3, 5), None));
        assert_eq!(read("2024/3/5 10:00"), sure(d(2024, 3, 5), None));
        assert_eq!(read("05.03.2024"), sure(d(2024, 3, 5), None));
        assert_eq!(read("5.3.2024 14:22"), sure(d(2024, 3, 5), None));
        assert_eq!(read("25/12/2024"), sure(d(2024, 12, 25), Some(DayFirst)));
        assert_eq!(read("12/25/2024"), sure(d(2024, 12, 25), Some(MonthFirst)));
        assert_eq!(read("03/03/2024"), sure(d(2024, 3, 3), None));
        assert_eq!(
            read("05/03/2024"),
            Ok(Some(Reading::Either {
                day_first: d(2024, 3, 5),
                month_first: d(2024, 5, 3)
            }))
        );
        assert_eq!(read("45356"), sure(d(2024, 3, 5), None));
        assert_eq!(read("45356.75"), sure(d(2024, 3, 5), None));
        assert_eq!(read("10000"), sure(d(1927, 5, 18), None));
        assert_eq!(read(""), Ok(None));
        assert_eq!(read("n/a"), Ok(None));
        assert!(read("5/3/24").unwrap_err().contains("four digits"));
        for bad in [
            "2024-02-30",
            "31.04.2024",
            "13/13/2024",
            "yesterday",
            "2024",
            "59",
            "61",
            "1/2/3/2024",
        ] {
            assert!(read(bad).is_err(), "{bad:?}: {:?}", read(bad));
        }
        assert_eq!(read("29.02.2024"), sure(d(2024, 2, 29), None));
        assert!(read("29.02.2023").is_err());
    }

    #[test]
    fn days_round_trip() {
        for z in [-719_468, -1, 0, 1, 19_787, 2_932_896] {
            let date = from_days(z);
            assert_eq!(
                days_from_civil(
                    i64::from(date.year),
                    i64::from(date.month),
                    i64::from(date.day)
                ),
                z
            );
        }
        assert_eq!(from_days(0), d(1970, 1, 1));
    }
}
