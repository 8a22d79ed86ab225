//! The retry policy: every status class, `Retry-After` in both forms and in
//! forms it must ignore, the clamp, jitter bounds, the end of the schedule,
//! configuration, refused destinations, and a fresh signature per attempt.
//!
//! Expected values come from the documented rules in `crates/core/src/retry.rs`
//! and the README, written out by hand here.

use core::time::Duration;

use webhook_core::destination::UrlErrorKind;
use webhook_core::retry::{
    DEFAULT_MAX_RETRY_AFTER, DEFAULT_RETRY_DELAYS, DEFAULT_TIMEOUT, Decision, MAX_RETRIES, Outcome,
    RetryPolicy, StatusClass, classify, parse_retry_after,
};

const fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

/// 2026-01-01T00:00:00Z, a Thursday.
const NOW: u64 = 1_767_225_600;

fn status(code: u16) -> Outcome {
    Outcome::response(code, None, NOW)
}

fn backoff(code: u16, retry_after: &str) -> Outcome {
    Outcome::response(code, Some(retry_after), NOW)
}

#[test]
fn every_status_has_the_documented_class() {
    for code in 0..=u16::MAX {
        let want = match code {
            200..=299 => StatusClass::Success,
            410 => StatusClass::Disable,
            429 | 502 | 503 | 504 => StatusClass::BackOff,
            _ => StatusClass::Failure,
        };
        assert_eq!(classify(code), want, "{code}");
    }
}

#[test]
fn each_class_leads_to_its_decision() {
    let policy = RetryPolicy::new();
    for code in [200, 201, 202, 204, 299] {
        assert_eq!(
            policy.next_attempt(0, status(code), 0),
            Decision::Delivered,
            "{code}"
        );
    }
    // Redirects are never followed, and a 1xx is no final answer: both are
    // failures, retried on the schedule like other 4xx and 5xx.
    for code in [
        100, 101, 103, 300, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404, 405, 408, 409, 413,
        422, 500, 501, 505, 599, 0, 600, 999,
    ] {
        let next = policy.next_attempt(0, status(code), 0);
        assert_eq!(next, Decision::Retry(secs(5)), "{code}");
    }
    assert_eq!(policy.next_attempt(0, status(410), 0), Decision::Disable);
    for code in [429, 502, 503, 504] {
        let next = policy.next_attempt(1, status(code), 0);
        assert_eq!(next, Decision::Retry(secs(15)), "{code}");
    }
    assert_eq!(
        policy.next_attempt(0, Outcome::Timeout, 0),
        Decision::Retry(secs(5))
    );
    assert_eq!(
        policy.next_attempt(2, Outcome::ConnectionFailed, 0),
        Decision::Retry(secs(45))
    );
}

#[test]
fn defaults_are_the_documented_ones() {
    let policy = RetryPolicy::new();
    assert_eq!(policy.attempts(), 4);
    assert_eq!(policy.retry_delays(), DEFAULT_RETRY_DELAYS);
    assert_eq!(DEFAULT_RETRY_DELAYS, [secs(5), secs(15), secs(45)]);
    assert_eq!(policy.timeout(), DEFAULT_TIMEOUT);
    assert_eq!(DEFAULT_TIMEOUT, secs(30));
    assert_eq!(policy.max_retry_after(), DEFAULT_MAX_RETRY_AFTER);
    assert_eq!(DEFAULT_MAX_RETRY_AFTER, secs(600));
    assert_eq!(policy.jitter_percent(), 0);
}

#[test]
fn retry_after_seconds_lengthen_but_never_shorten_the_wait() {
    let policy = RetryPolicy::new();
    for code in [429, 502, 503, 504] {
        assert_eq!(
            policy.next_attempt(0, backoff(code, "30"), 0),
            Decision::Retry(secs(30)),
            "{code}"
        );
    }
    // Shorter than the schedule: the schedule wins.
    assert_eq!(
        policy.next_attempt(2, backoff(503, "10"), 0),
        Decision::Retry(secs(45))
    );
    assert_eq!(
        policy.next_attempt(0, backoff(503, "0"), 0),
        Decision::Retry(secs(5))
    );
    // Only back-off statuses read it.
    for code in [301, 400, 500] {
        assert_eq!(
            policy.next_attempt(0, backoff(code, "300"), 0),
            Decision::Retry(secs(5)),
            "{code}"
        );
    }
    // Nor does it keep a 410 or a 2xx from ending the delivery.
    assert_eq!(
        policy.next_attempt(0, backoff(410, "300"), 0),
        Decision::Disable
    );
    assert_eq!(
        policy.next_attempt(0, backoff(200, "300"), 0),
        Decision::Delivered
    );
}

#[test]
fn huge_retry_after_values_are_clamped() {
    let policy = RetryPolicy::new();
    for value in [
        "601",
        "3600",
        "86400",
        "18446744073709551615",
        "99999999999999999999999",
    ] {
        assert_eq!(
            policy.next_attempt(0, backoff(429, value), 0),
            Decision::Retry(secs(600)),
            "{value}"
        );
    }
    assert_eq!(
        policy.next_attempt(0, backoff(429, "600"), 0),
        Decision::Retry(secs(600))
    );
    assert_eq!(
        policy.next_attempt(0, backoff(429, "599"), 0),
        Decision::Retry(secs(599))
    );

    let tight = RetryPolicy::new().with_max_retry_after(secs(60));
    assert_eq!(
        tight.next_attempt(0, backoff(503, "3600"), 0),
        Decision::Retry(secs(60))
    );
    // A maximum below the schedule's delay leaves the schedule in charge.
    let below = RetryPolicy::new().with_max_retry_after(secs(1));
    assert_eq!(
        below.next_attempt(2, backoff(503, "3600"), 0),
        Decision::Retry(secs(45))
    );
    let off = RetryPolicy::new().with_max_retry_after(Duration::ZERO);
    assert_eq!(
        off.next_attempt(0, backoff(503, "3600"), 0),
        Decision::Retry(secs(5))
    );
}

#[test]
fn garbage_retry_after_is_ignored() {
    let policy = RetryPolicy::new();
    for value in [
        "",
        " ",
        "soon",
        "-1",
        "+30",
        "30.5",
        "1e3",
        "30s",
        "0x1e",
        "30, 60",
        "\u{0663}0",
        "Thu, 01 Jan 2026 00:02:00",
        "Thu, 32 Jan 2026 00:02:00 GMT",
        "2026-01-01T00:02:00Z",
        // HTTP-dates that do not parse are ignored like any other garbage,
        // and the schedule's delay applies: 1 January 2026 was a Thursday,
        // and the zone must be `GMT` in capitals.
        "Fri, 01 Jan 2026 00:02:00 GMT",
        "Thu, 01 Jan 2026 00:02:00 gmt",
        "Thu, 01 Jan 2026 00:02:00 UTC",
        "thu, 01 jan 2026 00:02:00 GMT",
    ] {
        assert_eq!(parse_retry_after(value, NOW), None, "{value:?}");
        assert_eq!(
            policy.next_attempt(0, backoff(503, value), 0),
            Decision::Retry(secs(5)),
            "{value:?}"
        );
    }
    assert_eq!(parse_retry_after(" 30\t", NOW), Some(secs(30)));
    assert_eq!(parse_retry_after("007", NOW), Some(secs(7)));
}

#[cfg(feature = "std")]
#[test]
fn retry_after_dates_count_from_now() {
    // All three HTTP-date forms of RFC 9110, two minutes after NOW.
    for value in [
        "Thu, 01 Jan 2026 00:02:00 GMT",
        "Thursday, 01-Jan-26 00:02:00 GMT",
        "Thu Jan  1 00:02:00 2026",
    ] {
        assert_eq!(parse_retry_after(value, NOW), Some(secs(120)), "{value}");
    }
    let policy = RetryPolicy::new();
    assert_eq!(
        policy.next_attempt(0, backoff(503, "Thu, 01 Jan 2026 00:02:00 GMT"), 0),
        Decision::Retry(secs(120))
    );
    // A date that has passed asks for no wait: the schedule applies.
    assert_eq!(
        parse_retry_after("Wed, 31 Dec 2025 23:00:00 GMT", NOW),
        Some(Duration::ZERO)
    );
    assert_eq!(
        policy.next_attempt(1, backoff(503, "Wed, 31 Dec 2025 23:00:00 GMT"), 0),
        Decision::Retry(secs(15))
    );
    // A date far ahead is clamped.
    assert_eq!(
        policy.next_attempt(0, backoff(429, "Fri, 31 Dec 9999 23:59:59 GMT"), 0),
        Decision::Retry(secs(600))
    );
}

#[cfg(not(feature = "std"))]
#[test]
fn retry_after_dates_need_std() {
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 2026 00:02:00 GMT", NOW),
        None
    );
}

#[test]
fn jitter_stays_within_its_share() {
    for percent in [1u8, 20, 50, 100] {
        let policy = RetryPolicy::new().with_jitter(percent).unwrap();
        assert_eq!(policy.jitter_percent(), percent);
        for (attempt, base) in [(0u32, 5u64), (1, 15), (2, 45)] {
            let base = secs(base);
            let top = base + base * u32::from(percent) / 100;
            let mut last = Duration::ZERO;
            for step in 0..=256u64 {
                let random = u32::try_from((step * u64::from(u32::MAX)) / 256).unwrap();
                let Decision::Retry(wait) = policy.next_attempt(attempt, Outcome::Timeout, random)
                else {
                    panic!("a retry");
                };
                assert!(wait >= base && wait < top, "{percent}% {random}: {wait:?}");
                assert!(wait >= last, "jitter grows with the random value");
                last = wait;
            }
            let at_zero = policy.next_attempt(attempt, Outcome::Timeout, 0);
            assert_eq!(at_zero, Decision::Retry(base));
        }
    }
    // Half of 20 % of 5 s is half a second.
    let policy = RetryPolicy::new().with_jitter(20).unwrap();
    assert_eq!(
        policy.next_attempt(0, Outcome::Timeout, 1 << 31),
        Decision::Retry(Duration::from_millis(5500))
    );
}

#[test]
fn jitter_never_undercuts_retry_after() {
    let policy = RetryPolicy::new().with_jitter(50).unwrap();
    for random in [0, 1, 1 << 31, u32::MAX] {
        let Decision::Retry(wait) = policy.next_attempt(0, backoff(503, "100"), random) else {
            panic!("a retry");
        };
        assert!(wait >= secs(100) && wait < secs(150), "{wait:?}");
    }
}

#[test]
fn jitter_applies_after_the_retry_after_cap() {
    // The cap bounds what a receiver can ask for; jitter then spreads the
    // capped wait like any other, so with 100 % jitter a wait of 600 s can
    // grow to just under 1200 s. Cutting after jitter would send every
    // delivery that was told to wait an hour back at exactly 600 s.
    let policy = RetryPolicy::new().with_jitter(100).unwrap();
    let wait = |random| match policy.next_attempt(0, backoff(503, "3600"), random) {
        Decision::Retry(wait) => wait,
        other => panic!("a retry, not {other:?}"),
    };
    assert_eq!(wait(0), secs(600));
    assert_eq!(wait(1 << 31), secs(900));
    assert!(wait(u32::MAX) > secs(1199) && wait(u32::MAX) < secs(1200));
    for random in [1, 12345, 1 << 20, u32::MAX / 3, u32::MAX - 1] {
        assert!(wait(random) >= secs(600) && wait(random) < secs(1200));
    }
    // The same bound holds for a cap of one's own.
    let tight = policy.with_max_retry_after(secs(60));
    assert_eq!(
        tight.next_attempt(0, backoff(429, "3600"), 1 << 31),
        Decision::Retry(secs(90))
    );
}

#[test]
fn without_jitter_the_random_value_is_ignored() {
    let policy = RetryPolicy::new();
    for random in [0, 12345, u32::MAX] {
        assert_eq!(
            policy.next_attempt(1, Outcome::Timeout, random),
            Decision::Retry(secs(15))
        );
    }
}

#[test]
fn the_schedule_ends_with_give_up() {
    let policy = RetryPolicy::new();
    for outcome in [
        status(500),
        status(301),
        status(503),
        backoff(429, "5"),
        Outcome::Timeout,
        Outcome::ConnectionFailed,
    ] {
        assert_eq!(
            policy.next_attempt(3, outcome, 0),
            Decision::GiveUp,
            "{outcome:?}"
        );
        assert_eq!(
            policy.next_attempt(99, outcome, 0),
            Decision::GiveUp,
            "{outcome:?}"
        );
    }
    // The last attempt can still succeed, or disable.
    assert_eq!(policy.next_attempt(3, status(200), 0), Decision::Delivered);
    assert_eq!(policy.next_attempt(3, status(410), 0), Decision::Disable);
}

#[test]
fn a_whole_failing_delivery_takes_four_attempts() {
    let policy = RetryPolicy::new();
    let mut waits = Vec::new();
    let mut attempt = 0;
    let end = loop {
        match policy.next_attempt(attempt, status(500), 0) {
            Decision::Retry(wait) => waits.push(wait),
            other => break other,
        }
        attempt += 1;
    };
    assert_eq!(waits, [secs(5), secs(15), secs(45)]);
    assert_eq!(attempt + 1, policy.attempts());
    assert_eq!(end, Decision::GiveUp);
}

#[test]
fn schedules_can_be_configured() {
    let policy = RetryPolicy::new()
        .with_retry_delays(&[secs(1), secs(60), secs(3600), secs(86400)])
        .unwrap()
        .with_timeout(secs(10))
        .unwrap();
    assert_eq!(policy.attempts(), 5);
    assert_eq!(policy.timeout(), secs(10));
    for (attempt, wait) in [(0, 1), (1, 60), (2, 3600), (3, 86400)] {
        assert_eq!(
            policy.next_attempt(attempt, Outcome::Timeout, 0),
            Decision::Retry(secs(wait))
        );
    }
    assert_eq!(
        policy.next_attempt(4, Outcome::Timeout, 0),
        Decision::GiveUp
    );

    // A shorter schedule replaces a longer one entirely.
    let short = policy.with_retry_delays(&[secs(2)]).unwrap();
    assert_eq!(short.retry_delays(), [secs(2)]);
    assert_eq!(short.next_attempt(1, Outcome::Timeout, 0), Decision::GiveUp);

    // No retries at all: one attempt.
    let once = RetryPolicy::new().with_retry_delays(&[]).unwrap();
    assert_eq!(once.attempts(), 1);
    assert_eq!(once.next_attempt(0, status(503), 0), Decision::GiveUp);
    assert_eq!(once.next_attempt(0, status(204), 0), Decision::Delivered);

    let longest = RetryPolicy::new()
        .with_retry_delays(&[secs(1); MAX_RETRIES])
        .unwrap();
    assert_eq!(longest.attempts(), 17);
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let err = RetryPolicy::new()
        .with_retry_delays(&[secs(1); MAX_RETRIES + 1])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "retry schedule has 17 delays, the limit is 16"
    );
    let err = RetryPolicy::new().with_timeout(Duration::ZERO).unwrap_err();
    assert_eq!(err.to_string(), "attempt timeout must be longer than zero");
    let err = RetryPolicy::new().with_jitter(101).unwrap_err();
    assert_eq!(
        err.to_string(),
        "jitter of 101 percent is over the limit of 100"
    );
    assert!(RetryPolicy::new().with_jitter(100).is_ok());
}

#[test]
fn refused_destinations_give_up_or_disable() {
    let policy = RetryPolicy::new();
    for kind in UrlErrorKind::ALL {
        let want = if kind == UrlErrorKind::PrivateAddress {
            Decision::GiveUp
        } else {
            Decision::Disable
        };
        assert_eq!(
            policy.next_attempt(0, Outcome::Refused(kind), 0),
            want,
            "{kind}"
        );
    }
}

#[test]
fn outcomes_parse_their_retry_after_once() {
    assert_eq!(
        Outcome::response(503, Some("12"), NOW),
        Outcome::Response {
            status: 503,
            retry_after: Some(secs(12))
        }
    );
    assert_eq!(
        Outcome::response(503, Some("later"), NOW),
        Outcome::Response {
            status: 503,
            retry_after: None
        }
    );
    assert_eq!(
        Outcome::response(200, None, NOW),
        Outcome::Response {
            status: 200,
            retry_after: None
        }
    );
}

/// Two attempts of one delivery: the same `webhook-id`, each signed with its
/// own time, so the timestamps and signatures differ and each verifies only
/// with its own timestamp.
#[cfg(feature = "std")]
#[test]
fn each_attempt_is_signed_afresh_under_the_same_id() {
    use webhook_core::{Headers, Secret, Signer, Verifier};

    let key = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let signer = Signer::new([Secret::from_base64(key).unwrap().into()]).unwrap();
    let verifier = Verifier::new([Secret::from_base64(key).unwrap().into()]).unwrap();
    let (id, body) = ("msg_2KxQbtn1", br#"{"type":"video.completed"}"#.as_slice());

    let first = signer.sign(id, NOW, body).unwrap();
    let Decision::Retry(wait) = RetryPolicy::new().next_attempt(0, status(503), 0) else {
        panic!("a retry");
    };
    let second_at = NOW + wait.as_secs();
    let second = signer.sign(id, second_at, body).unwrap();

    assert_eq!(first.id, second.id);
    assert_eq!(first.timestamp, NOW.to_string());
    assert_eq!(second.timestamp, second_at.to_string());
    assert_ne!(first.signature, second.signature);

    for (headers, at) in [(&first, NOW), (&second, second_at)] {
        let h = Headers::new(&headers.id, &headers.timestamp, &headers.signature);
        assert!(verifier.verify(&h, body, at).is_ok());
    }
    // The first signature under the second timestamp is no signature at all.
    let mixed = Headers::new(&first.id, &second.timestamp, &first.signature);
    assert!(verifier.verify(&mixed, body, second_at).is_err());
}
