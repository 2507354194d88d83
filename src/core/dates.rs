//! Documents' dates as a study keeps them: `1978`, `1978-02` or `1978-02-25`, so that
//! they sort as text; and ranges of them (`1978-02..1978-03`) as the navigator, the
//! Overview and `stats --dates` take them.
//!
//! A date that is none of these (`1978-13`, `ca. 1978`, typed by hand into a note set or
//! carried by an odd TEI attribute) is kept as written but counts as undated: a chart
//! never gets a thirteenth month.

use std::fmt;

/// The first and last days of a span of dates written `FIRST/LAST` (ISO 8601's form of
/// an interval): the date of a document known only to lie somewhere in it. A span is not
/// a date: it is shown as it is, counted among the undated in charts and in the reading
/// order, and lies in every date filter it overlaps.
pub fn span(s: &str) -> Option<(&str, &str)> {
    let (first, last) = s.split_once('/')?;
    (is_calendar_date(first) && is_calendar_date(last) && first <= last).then_some((first, last))
}

/// True when `s` is a calendar date Marginalia can place in time: a year of four
/// digits, optionally with a month 01–12, optionally with a day that month has.
pub fn is_calendar_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let number = |p: &str| p.parse::<u32>().unwrap_or(0);
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && (1..=12).contains(&number(m)),
        [y, m, d] => {
            if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
                return false;
            }
            let (year, month, day) = (number(y), number(m), number(d));
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
                4 | 6 | 9 | 11 => 30,
                2 if leap => 29,
                2 => 28,
                _ => return false,
            };
            (1..=days).contains(&day)
        }
        _ => false,
    }
}

/// A range of dates, both ends included, either open. An end may be a year or a month:
/// `..1978-03` takes all of March 1978, `1978..` all of 1978 and after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Why a range was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateRangeError {
    /// The end that is not a date, or the whole range when it runs backwards.
    pub bad: String,
    /// Both ends are dates, but the first comes after the second.
    pub reversed: bool,
}

impl fmt::Display for DateRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.reversed {
            return write!(
                f,
                "“{}” runs backwards: its start comes after its end. Write the earlier date first (1990..2020)",
                self.bad
            );
        }
        write!(
            f,
            "“{}” is not a date: write 1978, 1978-02 or 1978-02-25, and a range as 1978-02..1978-03",
            self.bad
        )
    }
}

impl std::error::Error for DateRangeError {}

impl DateRange {
    /// Reads `1978-02` (that month), `1978-02..1978-03`, `1978..` or `..1978-03`; an empty
    /// text is the open range.
    pub fn parse(text: &str) -> Result<Self, DateRangeError> {
        let text = text.trim();
        let (from, to) = match text.split_once("..") {
            Some((from, to)) => (from.trim(), to.trim()),
            None => (text, text),
        };
        let end = |s: &str| -> Result<Option<String>, DateRangeError> {
            if s.is_empty() {
                Ok(None)
            } else if is_calendar_date(s) {
                Ok(Some(s.to_string()))
            } else {
                Err(DateRangeError {
                    bad: s.to_string(),
                    reversed: false,
                })
            }
        };
        let range = DateRange {
            from: end(from)?,
            to: end(to)?,
        };
        // Compared to the shorter end's precision: 1978-03..1978 is March to December.
        if let (Some(from), Some(to)) = (&range.from, &range.to) {
            let k = from.len().min(to.len());
            if from[..k] > to[..k] {
                return Err(DateRangeError {
                    bad: text.to_string(),
                    reversed: true,
                });
            }
        }
        Ok(range)
    }

    /// True when the range is open at both ends (takes everything, the undated too).
    pub fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// Whether `date` lies in the range. A document dated only by a span wider than a
    /// month (`1975-05-28/1981-01-14`, see [`span`]) lies in every range it overlaps: it
    /// may be of any day of its span. Any other date that is not a calendar date lies in
    /// no range but the open one.
    pub fn contains(&self, date: Option<&str>) -> bool {
        if self.is_open() {
            return true;
        }
        if let Some((first, last)) = date.and_then(span) {
            let after = (self.from.as_deref()).is_none_or(|f| last >= f);
            let before =
                (self.to.as_deref()).is_none_or(|t| first.get(..t.len()).unwrap_or(first) <= t);
            return after && before;
        }
        let Some(date) = date.filter(|d| is_calendar_date(d)) else {
            return false;
        };
        // As text: `1978-02-25` and `1978-02` itself are from `1978-02` on; `1978` (a year
        // without its month) is not.
        let after = (self.from.as_deref()).is_none_or(|f| date >= f);
        // Compare as much of the date as the end gives: `1978-03-31` is within `..1978-03`.
        let before = (self.to.as_deref()).is_none_or(|t| date.get(..t.len()).unwrap_or(date) <= t);
        after && before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_of_dates_is_no_date_but_lies_in_the_filters_it_overlaps() {
        let span = "1975-05-28/1981-01-14";
        assert!(!is_calendar_date(span));
        assert_eq!(super::span(span), Some(("1975-05-28", "1981-01-14")));
        assert_eq!(super::span("1981-01-14/1975-05-28"), None);
        let june = DateRange::parse("1978-06").unwrap();
        assert!(june.contains(Some(span)));
        assert!(!DateRange::parse("1982..").unwrap().contains(Some(span)));
        assert!(!DateRange::parse("..1975-04").unwrap().contains(Some(span)));
        assert!(DateRange::parse("..1975-05").unwrap().contains(Some(span)));
    }

    #[test]
    fn calendar_dates() {
        for good in ["1978", "1978-02", "1978-02-28", "1980-02-29", "2000-02-29"] {
            assert!(is_calendar_date(good), "{good}");
        }
        for bad in [
            "",
            "78",
            "1978-2",
            "1978-13",
            "1978-00",
            "1978-02-30",
            "1900-02-29",
            "1978-04-31",
            "1978-02-28T10:00",
            "ca. 1978",
            "１９７８",
            "1978--02",
            "-1978",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }

    #[test]
    fn ranges() {
        let r = |t: &str| DateRange::parse(t).unwrap();
        assert!(r("").is_open());
        let march = r("1978-03");
        assert!(march.contains(Some("1978-03-31")));
        assert!(march.contains(Some("1978-03")));
        assert!(!march.contains(Some("1978-04-01")));
        assert!(!march.contains(Some("1978-02-28")));
        // A year-only date is not known to fall within a month.
        assert!(!march.contains(Some("1978")));
        let spring = r("1978-02..1978-03");
        assert!(spring.contains(Some("1978-02-01")) && spring.contains(Some("1978-03-15")));
        assert!(!spring.contains(Some("1978-01-31")) && !spring.contains(Some("1978-04")));
        assert!(!spring.contains(None));
        assert!(!spring.contains(Some("1978-13")));
        assert!(r("1978..").contains(Some("1980-01-01")));
        assert!(!r("1978..").contains(Some("1977-12-31")));
        assert!(r("..1978").contains(Some("1978-12-31")));
        assert!(r("").contains(None));
        let err = DateRange::parse("1978-02..spring").unwrap_err();
        assert_eq!(err.bad, "spring");
        assert!(DateRange::parse("1978-13").is_err());
    }

    #[test]
    fn a_range_that_runs_backwards_is_refused() {
        let e = DateRange::parse("2020..1990").unwrap_err();
        assert!(e.reversed);
        assert!(e.to_string().contains("runs backwards"), "{e}");
        assert!(DateRange::parse("1978-03..1978").is_ok());
        assert!(DateRange::parse("1978-02-25..1978-02").is_ok());
        assert!(DateRange::parse("1978-03..1978-02").unwrap_err().reversed);
    }
}
