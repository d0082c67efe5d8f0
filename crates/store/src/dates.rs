//! Calendar helpers: the last day a partial deadline allows, today's date, parsing user dates.

use chidao_extract::date::PartialDate;

use crate::error::{Result, StoreError};

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month.
pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The last day a deadline allows, as `YYYY-MM-DD`: "2020-08" → "2020-08-31", "2020" →
/// "2020-12-31"; `None` without a year (or with an impossible day).
pub fn due_date(d: PartialDate) -> Option<String> {
    let y = d.year?;
    let (m, day) = match (d.month, d.day) {
        (Some(m), Some(day)) if (1..=12).contains(&m) && day >= 1 && day <= days_in_month(y, m) => (m, day),
        (Some(m), None) if (1..=12).contains(&m) => (m, days_in_month(y, m)),
        (None, _) => (12, 31),
        _ => return None,
    };
    Some(format!("{y:04}-{m:02}-{day:02}"))
}

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Now (UTC) as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now() -> String {
    in_secs(0)
}

/// `secs` seconds from now (UTC) as `YYYY-MM-DDTHH:MM:SSZ` (an expiry).
pub fn in_secs(after: u64) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()).saturating_add(after);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
}

/// Days since 1970-01-01 of an ISO day (`YYYY-MM-DD…`): the inverse of [`civil_from_days`].
pub fn day_number(iso: &str) -> Option<i64> {
    let y: i64 = iso.get(0..4)?.parse().ok()?;
    let m: i64 = iso.get(5..7)?.parse().ok()?;
    let d: i64 = iso.get(8..10)?.parse().ok()?;
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The ISO day of a day number (see [`day_number`]).
pub fn day_iso(n: i64) -> String {
    let (y, m, d) = civil_from_days(n);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's days → civil date.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A date the user typed: `2020-06-30`, `2020-06`, `2020`, `30/6/2020`, `6/2020`. Returns an ISO
/// string at the precision given; `end` chooses the last day of a month or year (for `--to`).
pub fn parse_user_date(s: &str, end: bool) -> Result<String> {
    let bad = || StoreError::Invalid(format!("{s:?}: not a date (try 2020-06-30, 2020-06, 2020 or 30/6/2020)"));
    let s = s.trim();
    let nums: Vec<&str> = s.split(['-', '/', '.']).collect();
    let parse = |x: &str| x.parse::<i32>().map_err(|_| bad());
    let (y, m, d) = match (nums.len(), s.contains('-')) {
        (1, _) => (parse(nums[0])?, None, None),
        (2, true) => (parse(nums[0])?, Some(parse(nums[1])?), None),
        (3, true) => (parse(nums[0])?, Some(parse(nums[1])?), Some(parse(nums[2])?)),
        (2, false) => (parse(nums[1])?, Some(parse(nums[0])?), None),
        (3, false) => (parse(nums[2])?, Some(parse(nums[1])?), Some(parse(nums[0])?)),
        _ => return Err(bad()),
    };
    if !(1000..=9999).contains(&y) {
        return Err(bad());
    }
    let m = match m {
        Some(m) if (1..=12).contains(&m) => Some(m as u8),
        Some(_) => return Err(bad()),
        None => None,
    };
    if let (Some(m), Some(d)) = (m, d) {
        if d < 1 || d > days_in_month(y, m) as i32 {
            return Err(bad());
        }
        return Ok(format!("{y:04}-{m:02}-{d:02}"));
    }
    let p = PartialDate { year: Some(y), month: m, day: None };
    if end {
        due_date(p).ok_or_else(bad)
    } else {
        Ok(match m {
            Some(m) => format!("{y:04}-{m:02}-01"),
            None => format!("{y:04}-01-01"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dues() {
        assert_eq!(due_date(PartialDate { year: Some(2020), month: Some(2), day: None }).as_deref(), Some("2020-02-29"));
        assert_eq!(due_date(PartialDate { year: Some(2021), month: None, day: None }).as_deref(), Some("2021-12-31"));
        assert_eq!(due_date(PartialDate::ymd(2021, 6, 30)).as_deref(), Some("2021-06-30"));
        assert_eq!(due_date(PartialDate { year: None, month: Some(6), day: Some(30) }), None);
        assert_eq!(due_date(PartialDate::ymd(2021, 2, 30)), None);
    }

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(), 2);
        assert_eq!(day_number("2024-1"), None);
    }

    #[test]
    fn user_dates() {
        assert_eq!(parse_user_date("30/6/2020", false).unwrap(), "2020-06-30");
        assert_eq!(parse_user_date("2020-06", true).unwrap(), "2020-06-30");
        assert_eq!(parse_user_date("2020", false).unwrap(), "2020-01-01");
        assert!(parse_user_date("hôm qua", false).is_err());
        assert!(parse_user_date("2020-13-01", false).is_err());
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    }
}
