//! `Retry-After` (RFC 9110 §10.2.3): how long a server that failed or rate-limited us asks us to
//! wait before the next try, as delta-seconds or as an HTTP-date.

use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};

/// The wait `value` asks for, with an HTTP-date read against `now` (the fetcher's clock, so tests
/// stay on virtual time). A date already past asks for no wait. `None` when `value` is neither
/// form, so the caller falls back to its own backoff.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still a number of seconds, only an absurdly long one.
        return Some(
            value
                .parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let date = parse_http_date(value)?;
    Some((date - now).to_std().unwrap_or(Duration::ZERO))
}

/// RFC 9110 §5.6.7: senders use IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), which RFC 2822
/// parsing covers; recipients must also accept the obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`) forms.
fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.with_timezone(&Utc));
    }
    const OBSOLETE_FORMS: [&str; 2] = ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"];
    OBSOLETE_FORMS
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(value, form).ok())
        .map(|naive| naive.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_seconds_and_every_date_form() {
        let now = DateTime::parse_from_rfc3339("1994-11-06T08:49:30Z")
            .unwrap()
            .with_timezone(&Utc);
        let cases: &[(&str, Option<Duration>)] = &[
            ("120", Some(Duration::from_secs(120))),
            (" 7 ", Some(Duration::from_secs(7))),
            ("0", Some(Duration::ZERO)),
            ("99999999999999999999999", Some(Duration::MAX)),
            (
                "Sun, 06 Nov 1994 08:49:37 GMT",
                Some(Duration::from_secs(7)),
            ),
            (
                "Sunday, 06-Nov-94 08:49:37 GMT",
                Some(Duration::from_secs(7)),
            ),
            ("Sun Nov  6 08:49:37 1994", Some(Duration::from_secs(7))),
            // A date in the past: try again now.
            ("Sun, 06 Nov 1994 08:00:00 GMT", Some(Duration::ZERO)),
            ("", None),
            ("soon", None),
            ("-5", None),
            ("1.5", None),
            ("+30", None),
            ("Sun, 06 Nov 1994", None),
        ];
        for (value, expected) in cases {
            assert_eq!(parse_retry_after(value, now), *expected, "{value:?}");
        }
    }
}
