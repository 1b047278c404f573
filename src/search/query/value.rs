//! Reading text as a number or a date, the same way for range bounds and for field values.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// A date, with whether a time of day was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub at: NaiveDateTime,
    pub has_time: bool,
}

impl Date {
    /// The instant itself, or for a date without a time the last instant of that day
    /// (23:59:59.999999999).
    pub fn last_instant(self) -> NaiveDateTime {
        match self.at.date().and_hms_nano_opt(23, 59, 59, 999_999_999) {
            Some(end_of_day) if !self.has_time => end_of_day,
            _ => self.at,
        }
    }
}

/// Whether `text` is a decimal number: an optional sign, digits, and optionally `.` and digits
/// (no exponent, no `inf` or `NaN`).
pub(super) fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    }
}

/// `text` as a number, when it is a decimal number.
pub(crate) fn number(text: &str) -> Option<f64> {
    if is_decimal(text) {
        text.parse().ok()
    } else {
        None
    }
}

/// `text` as a date: `2024-01-31`, `2024-01-31 10:00`, `2024-01-31T10:00:00.123` (the store's
/// `created` format among them) read as UTC, or RFC 3339 with an offset, converted to UTC.
pub(crate) fn date(text: &str) -> Option<Date> {
    const LOCAL: [&str; 4] =
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"];
    if !begins_like_a_date(text) {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(Date { at: at.naive_utc(), has_time: true });
    }
    if let Some(at) = LOCAL.iter().find_map(|format| NaiveDateTime::parse_from_str(text, format).ok()) {
        return Some(Date { at, has_time: true });
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(Date { at: day.and_time(chrono::NaiveTime::MIN), has_time: false })
}

/// What every format above begins with, as chrono reads it: optional whitespace and sign, digits
/// (the year), then `-`. Checking it first spares most texts six failing parses (the index reads
/// every value of every attempt this way).
fn begins_like_a_date(text: &str) -> bool {
    let rest = text.trim_start();
    let rest = rest.strip_prefix(['+', '-']).unwrap_or(rest);
    let year = rest.bytes().take_while(u8::is_ascii_digit).count();
    year > 0 && rest.as_bytes().get(year) == Some(&b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").expect("test date")
    }

    #[test]
    fn decimals_are_numbers() {
        assert_eq!(number("42"), Some(42.0));
        assert_eq!(number("-1.5"), Some(-1.5));
        assert_eq!(number("+0.25"), Some(0.25));
    }

    #[test]
    fn other_texts_are_not_numbers() {
        for text in ["", "1e5", "inf", "NaN", "1.", ".5", "1.2.3", "12a", "-", "2024-01-01"] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn dates_alone_are_midnight_without_time() {
        assert_eq!(date("2024-01-31"), Some(Date { at: at("2024-01-31 00:00:00"), has_time: false }));
    }

    #[test]
    fn the_last_instant_of_a_date_alone_is_the_end_of_its_day() {
        let day = date("2024-01-31").map(Date::last_instant);
        assert_eq!(day, Some(at("2024-01-31 23:59:59.999999999")));
        let instant = date("2024-01-31 10:20").map(Date::last_instant);
        assert_eq!(instant, Some(at("2024-01-31 10:20:00")));
    }

    #[test]
    fn dates_with_times_in_every_format() {
        let expected = Some(Date { at: at("2024-01-31 10:20:00"), has_time: true });
        for text in ["2024-01-31 10:20", "2024-01-31T10:20", "2024-01-31 10:20:00", "2024-01-31T10:20:00"] {
            assert_eq!(date(text), expected, "{text}");
        }
        assert_eq!(date("2024-01-31 10:20:00.500").map(|d| d.at), Some(at("2024-01-31 10:20:00.5")));
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        assert_eq!(date("2024-01-31T10:20:00+02:00").map(|d| d.at), Some(at("2024-01-31 08:20:00")));
        assert_eq!(date("2024-01-31T10:20:00Z").map(|d| d.at), Some(at("2024-01-31 10:20:00")));
    }

    #[test]
    fn leading_whitespace_and_signed_years_are_still_read() {
        assert_eq!(date(" 2024-01-31").map(|d| d.at), Some(at("2024-01-31 00:00:00")));
        assert_eq!(date("\t2024-01-31 10:20").map(|d| d.at), Some(at("2024-01-31 10:20:00")));
        assert!(date("+2024-01-31").is_some());
        assert!(date("-0001-01-01").is_some());
    }

    #[test]
    fn other_texts_are_not_dates() {
        for text in ["2024", "2024-01", "2024-13-01", "2024-02-30", "31/01/2024", "yesterday", "20240131"] {
            assert_eq!(date(text), None, "{text}");
        }
    }
}
