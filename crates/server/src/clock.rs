//! The offices' clock: times stored in UTC shown in local time (Asia/Ho_Chi_Minh by default,
//! `chidao serve --tz`), and "today" as the offices see it.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::i18n::Lang;

/// The default zone: Vietnam's.
pub const DEFAULT_ZONE: &str = "Asia/Ho_Chi_Minh";

/// Vietnam's zone (from the bundled database; UTC+7 fixed if it were missing).
pub fn default_zone() -> TimeZone {
    TimeZone::get(DEFAULT_ZONE).unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(7)))
}

/// A zone by its IANA name; an unknown one is an error naming it.
pub fn zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name.trim()).map_err(|e| format!("{name:?}: not a time zone (an IANA name such as {DEFAULT_ZONE}): {e}"))
}

/// Today in the zone, `YYYY-MM-DD`.
pub fn today(tz: &TimeZone) -> String {
    Timestamp::now().to_zoned(tz.clone()).date().to_string()
}

/// A stored UTC time (`2026-06-30T02:15:00Z`) in local time: `30/6/2026 09:15` in Vietnamese,
/// `2026-06-30 09:15` in English; a value that is not such a time, as stored.
pub fn local(tz: &TimeZone, lang: Lang, utc: &str) -> String {
    let Ok(ts) = utc.trim().parse::<Timestamp>() else { return utc.to_string() };
    let z = ts.to_zoned(tz.clone());
    match lang {
        Lang::Vi => format!("{}/{}/{} {:02}:{:02}", z.day(), z.month(), z.year(), z.hour(), z.minute()),
        Lang::En => format!("{} {:02}:{:02}", z.date(), z.hour(), z.minute()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_shown_in_vietnam_time() {
        let tz = default_zone();
        assert_eq!(local(&tz, Lang::Vi, "2026-06-30T20:15:00Z"), "1/7/2026 03:15");
        assert_eq!(local(&tz, Lang::En, "2026-06-30T02:05:00Z"), "2026-06-30 09:05");
        assert_eq!(local(&tz, Lang::Vi, "hôm qua"), "hôm qua");
        assert!(zone("Asia/Nowhere").is_err());
        assert_eq!(local(&zone("UTC").unwrap(), Lang::En, "2026-06-30T02:05:00Z"), "2026-06-30 02:05");
        assert_eq!(today(&tz).len(), 10);
    }
}
