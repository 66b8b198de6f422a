//! Calendar dates as day numbers: enough to compare an article's date with
//! the validity of a name ("Nur-Sultan", 2019-03-23 to 2022-09-17) or an
//! organisation's membership.
//!
//! This file is also compiled into `build.rs`, which stores dates as the same
//! day numbers.

use std::fmt;

/// A proleptic Gregorian date, stored as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub i32);

/// Why a string is not a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid date {:?}: expected YYYY-MM-DD", self.0)
    }
}

impl std::error::Error for DateError {}

impl Date {
    /// Builds a date from year, month (1–12) and day (1–31), checking that
    /// the day exists in that month.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m)
            || d == 0
            || d > days_in_month(y, m)
            || !(-9999..=9999).contains(&y)
        {
            return None;
        }
        Some(Date(days_from_civil(y, m, d)))
    }

    /// Parses `YYYY-MM-DD`.
    ///
    /// ```
    /// use tripmap::date::Date;
    /// assert_eq!(Date::parse("2022-09-14").unwrap().to_string(), "2022-09-14");
    /// assert!(Date::parse("2022-02-30").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let err = || DateError(s.chars().take(40).collect());
        let mut parts = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(err());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(err());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(err());
        };
        Date::from_ymd(y, m, d).ok_or_else(err)
    }

    /// Year, month and day.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (the era-based algorithm: exact for
/// every proleptic Gregorian date).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe as i32 - 719468
}

/// The inverse of [`days_from_civil`].
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = (z - era * 146097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_orders() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2019-03-23",
            "2022-09-17",
            "1924-01-26",
        ] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-02").unwrap().0, 1);
        assert!(Date::parse("2019-03-23").unwrap() < Date::parse("2022-09-17").unwrap());
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "",
            "2022",
            "2022-9-14",
            "2022-13-01",
            "2023-02-29",
            "abcd-ef-gh",
            "2022-09-14-01",
        ] {
            assert!(Date::parse(s).is_err(), "{s}");
        }
    }
}
