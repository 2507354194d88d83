//! Timestamps in UTC, written as RFC 3339 (`2026-11-27T22:31:05.123Z`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A moment in UTC, to the millisecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Now, from the system clock (the epoch if the clock is before it).
    pub fn now() -> Self {
        let millis = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        Timestamp(millis)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let s = text.get(from..from + len)?;
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
        let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
        let mut rest = &text[19..];
        let mut millis = 0;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            let padded = format!("{:0<3}", &frac[..digits.min(3)]);
            millis = padded.parse().ok()?;
            rest = &frac[digits..];
        }
        if rest != "Z"
            || !(1..=12).contains(&month)
            || !(1..=31).contains(&day)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis,
        ))
    }
}

impl Timestamp {
    /// Appends the RFC 3339 form (`2026-11-27T09:30:00.000Z`) to `out`. Digits are placed
    /// by hand: saving a large set writes two of these per highlight.
    pub fn push_rfc3339(&self, out: &mut String) {
        let days = self.0.div_euclid(86_400_000);
        let ms = self.0.rem_euclid(86_400_000);
        let (y, m, d) = civil_from_days(days);
        if !(0..=9999).contains(&y) {
            // Outside four-digit years the general formatter keeps the sign and width.
            let (h, min, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
            let _ = fmt::Write::write_fmt(
                out,
                format_args!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z"),
            );
            return;
        }
        let digits = |out: &mut String, n: i64, width: u32| {
            for p in (0..width).rev() {
                let digit = (n / 10_i64.pow(p) % 10) as u8;
                out.push(char::from(b'0' + digit));
            }
        };
        digits(out, y, 4);
        out.push('-');
        digits(out, m, 2);
        out.push('-');
        digits(out, d, 2);
        out.push('T');
        digits(out, ms / 3_600_000, 2);
        out.push(':');
        digits(out, ms / 60_000 % 60, 2);
        out.push(':');
        digits(out, ms / 1000 % 60, 2);
        out.push('.');
        digits(out, ms % 1000, 3);
        out.push('Z');
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = String::with_capacity(24);
        self.push_rfc3339(&mut text);
        f.write_str(&text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a UTC time like 2026-11-27T22:31:05Z, found {text:?}"
            ))
        })
    }
}

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_known_moments() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        // 1978-02-28, the day the letter was delivered, at noon.
        let t = Timestamp::parse("1978-02-28T12:00:00Z").unwrap();
        assert_eq!(t.0, 257_515_200_000);
        assert_eq!(t.to_string(), "1978-02-28T12:00:00.000Z");
        assert_eq!(
            Timestamp::parse("2024-02-29T23:59:59.5Z")
                .unwrap()
                .to_string(),
            "2024-02-29T23:59:59.500Z"
        );
        for bad in [
            "",
            "2024-02-29",
            "2024-13-01T00:00:00Z",
            "2024-02-29T00:00:00+01:00",
            "x024-02-29T00:00:00Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn hand_placed_digits_equal_the_general_formatter() {
        let general = |t: Timestamp| {
            let days = t.0.div_euclid(86_400_000);
            let ms = t.0.rem_euclid(86_400_000);
            let (y, m, d) = civil_from_days(days);
            let (h, min, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
            format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
        };
        let mut t = -86_400_000_i64 * 365 * 2100;
        while t < 86_400_000_i64 * 365 * 8100 {
            assert_eq!(Timestamp(t).to_string(), general(Timestamp(t)));
            t += 7_919_000_123;
        }
        for t in [
            i64::MIN / 4,
            -1,
            0,
            1,
            253_402_300_799_999,
            253_402_300_800_000,
        ] {
            assert_eq!(Timestamp(t).to_string(), general(Timestamp(t)));
        }
    }

    #[test]
    fn round_trips_across_centuries() {
        for millis in [
            -86_400_000_i64 * 365 * 300,
            -1,
            0,
            1,
            951_782_400_000,
            4_102_444_800_123,
        ] {
            let t = Timestamp(millis);
            assert_eq!(Timestamp::parse(&t.to_string()), Some(t), "{t}");
        }
    }
}
