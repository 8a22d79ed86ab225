//! When a sender tries a delivery again: the retry schedule, the per-attempt
//! timeout, and what each outcome of an attempt means.
//!
//! Everything here is pure: no clock, no random source, no I/O. The caller
//! makes the attempt, describes how it went as an [`Outcome`], and asks
//! [`RetryPolicy::next_attempt`] what to do next. It passes the time (for
//! `Retry-After` dates) and, for jitter, a random number of its own, so the
//! same inputs always give the same answer and the crate needs no RNG.
//!
//! # The default policy
//!
//! Four attempts: at once, then 5 s, 15 s and 45 s after the previous attempt
//! ended ([`DEFAULT_RETRY_DELAYS`]), each given 30 s ([`DEFAULT_TIMEOUT`]).
//! Statuses are classified by [`classify`]: `2xx` delivers; `410 Gone` stops
//! and disables the endpoint; `429`, `502`, `503` and `504` back off, honouring
//! `Retry-After` up to [`DEFAULT_MAX_RETRY_AFTER`] but never waiting less than
//! the schedule says; every other status, a timeout and a failed connection
//! are retried on the schedule. Redirects are never followed: a `3xx` is a
//! failed attempt, like a `1xx` that never became a final answer.
//!
//! # A fresh signature for every attempt
//!
//! Each attempt is signed again with the time it is made, under the same
//! `webhook-id`: receivers refuse timestamps older than their tolerance
//! (five minutes by default), and use the id to drop the duplicates that
//! retries create. Sign just before sending, never once up front:
//!
//! ```
//! # #[cfg(feature = "alloc")] {
//! use webhook_core::retry::{Decision, Outcome, RetryPolicy};
//! use webhook_core::{Secret, Signer};
//!
//! let signer = Signer::new([Secret::from_base64("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?.into()])?;
//! let policy = RetryPolicy::new();
//! let (id, body) = ("msg_2KxQbtn1", br#"{"type":"video.completed"}"#);
//!
//! let mut now = 1_767_225_600; // the clock, in Unix seconds
//! let mut attempt = 0;
//! let mut waits = Vec::new();
//! let decision = loop {
//!     // Same id, this attempt's timestamp, so a new signature each time.
//!     let headers = signer.sign(id, now, body)?;
//!     assert_eq!(headers.timestamp, now.to_string());
//!
//!     // POST with `headers` within `policy.timeout()`; here the receiver is
//!     // overloaded every time and asks for 20 seconds.
//!     let outcome = Outcome::response(503, Some("20"), now);
//!
//!     match policy.next_attempt(attempt, outcome, 0) {
//!         Decision::Retry(delay) => {
//!             waits.push(delay.as_secs());
//!             now += delay.as_secs();
//!             attempt += 1;
//!         }
//!         other => break other,
//!     }
//! };
//! // Retry-After raised the first two waits; the schedule's 45 s is longer.
//! assert_eq!(waits, [20, 20, 45]);
//! assert_eq!(decision, Decision::GiveUp);
//! # }
//! # Ok::<(), webhook_core::Error>(())
//! ```
//!
//! # Checking the URL before each attempt
//!
//! The destination is checked again before every attempt (the URL with
//! [`crate::destination`]'s rules, and the addresses its host resolves to). A
//! refusal is reported as [`Outcome::Refused`] with its kind. A URL that
//! breaks a text rule will break it on every attempt, so that disables the
//! endpoint; a host that now resolves to a private address gives up on this
//! message but leaves the endpoint enabled, since DNS answers change.

use core::fmt;
use core::time::Duration;

use crate::destination::UrlErrorKind;

/// The most retries a schedule may hold; attempts are one more.
pub const MAX_RETRIES: usize = 16;

/// The default waits before the second, third and fourth attempts, each
/// counted from the end of the attempt before.
pub const DEFAULT_RETRY_DELAYS: [Duration; 3] = [
    Duration::from_secs(5),
    Duration::from_secs(15),
    Duration::from_secs(45),
];

/// How long one attempt may take by default, from connecting to the end of
/// the response's status line and headers.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The longest `Retry-After` honoured by default; longer values are cut to it.
/// Ten minutes lets an overloaded receiver recover, while a receiver that asks
/// for a day cannot hold a delivery that long.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(600);

/// The largest jitter, in percent of the delay.
pub const MAX_JITTER_PERCENT: u8 = 100;

/// What an HTTP status means for a delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusClass {
    /// `2xx`: delivered.
    Success,
    /// Every status not named elsewhere, `1xx` and `3xx` included: the
    /// attempt failed and is retried on the schedule.
    Failure,
    /// `429`, `502`, `503` and `504`: the receiver is overloaded or its
    /// upstream is down. Retried on the schedule, or later if `Retry-After`
    /// asks for it.
    BackOff,
    /// `410 Gone`: the receiver says the endpoint no longer exists. Stop, and
    /// disable the endpoint.
    Disable,
}

/// Classifies an HTTP status. Values outside `100..=599` are failures.
#[must_use]
pub const fn classify(status: u16) -> StatusClass {
    match status {
        200..=299 => StatusClass::Success,
        410 => StatusClass::Disable,
        429 | 502 | 503 | 504 => StatusClass::BackOff,
        _ => StatusClass::Failure,
    }
}

/// How one attempt went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The receiver answered.
    Response {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` header, parsed with [`parse_retry_after`];
        /// `None` when it is absent or unreadable. Only back-off statuses
        /// use it.
        retry_after: Option<Duration>,
    },
    /// No answer within the attempt's timeout.
    Timeout,
    /// No answer at all: resolving, connecting or the TLS handshake failed,
    /// or the connection broke before a status line arrived.
    ConnectionFailed,
    /// The destination was refused before the attempt, by the URL rules or
    /// the address check, with the refusal's kind.
    Refused(UrlErrorKind),
}

impl Outcome {
    /// A response, with its `Retry-After` header value as received (if any)
    /// and the current time in Unix seconds, against which an HTTP-date is
    /// read.
    #[must_use]
    pub fn response(status: u16, retry_after: Option<&str>, now: u64) -> Outcome {
        Outcome::Response {
            status,
            retry_after: retry_after.and_then(|value| parse_retry_after(value, now)),
        }
    }
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[must_use]
#[non_exhaustive]
pub enum Decision {
    /// The delivery succeeded; nothing more to do.
    Delivered,
    /// Try again after this long, counted from the end of the attempt.
    Retry(Duration),
    /// Stop trying this message; the endpoint stays enabled. Attempts are
    /// used up, or the host resolved to an address that is not public.
    GiveUp,
    /// Stop trying this message, and disable the endpoint until its owner
    /// fixes it: the receiver answered `410 Gone`, or the URL breaks a rule
    /// it will break on every attempt.
    Disable,
}

/// Reads a `Retry-After` header value (RFC 9110, section 10.2.3): a number of
/// seconds, or an HTTP-date, which is turned into the seconds from `now` (Unix
/// seconds) until then, zero if it has passed.
///
/// Surrounding spaces and tabs are ignored. Seconds too large for a `u64` read
/// as `u64::MAX` (the policy's maximum cuts them down). Anything else,
/// negative or fractional numbers included, is `None`, and so is a date that
/// does not parse as RFC 9110 writes them: a weekday that does not match the
/// date, a zone other than `GMT` in capitals.
///
/// HTTP-dates need the `std` feature (the `httpdate` crate); without it only
/// seconds are read, and a date is `None`, so the schedule's delay applies.
#[must_use]
pub fn parse_retry_after(value: &str, now: u64) -> Option<Duration> {
    let value = value.trim_matches([' ', '\t']);
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.bytes().fold(0u64, |secs, digit| {
            secs.saturating_mul(10)
                .saturating_add(u64::from(digit - b'0'))
        });
        return Some(Duration::from_secs(secs));
    }
    http_date(value, now)
}

#[cfg(feature = "std")]
fn http_date(value: &str, now: u64) -> Option<Duration> {
    let at = httpdate::parse_http_date(value).ok()?;
    // A date before 1970 has long passed.
    let at = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    Some(Duration::from_secs(at.saturating_sub(now)))
}

#[cfg(not(feature = "std"))]
fn http_date(_value: &str, _now: u64) -> Option<Duration> {
    None
}

/// The retry schedule and the rules for each outcome.
///
/// The policy is a small `Copy` value that needs no allocator. Build it with
/// [`RetryPolicy::new`] and the `with_` methods:
///
/// ```
/// use core::time::Duration;
/// use webhook_core::retry::{Decision, Outcome, RetryPolicy};
///
/// let policy = RetryPolicy::new()
///     .with_retry_delays(&[Duration::from_secs(60), Duration::from_secs(600)])?
///     .with_timeout(Duration::from_secs(10))?
///     .with_jitter(20)?;
/// assert_eq!(policy.attempts(), 3);
///
/// // The caller's own random number sets the jitter: here 0.5 of 20 %.
/// let next = policy.next_attempt(0, Outcome::Timeout, u32::MAX / 2 + 1);
/// assert_eq!(next, Decision::Retry(Duration::from_secs(66)));
/// assert_eq!(policy.next_attempt(2, Outcome::Timeout, 0), Decision::GiveUp);
/// # Ok::<(), webhook_core::retry::RetryConfigError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    delays: [Duration; MAX_RETRIES],
    retries: usize,
    timeout: Duration,
    max_retry_after: Duration,
    jitter_percent: u8,
}

impl RetryPolicy {
    /// The default policy: four attempts (at once, then after 5 s, 15 s and
    /// 45 s), 30 s each, `Retry-After` honoured up to 600 s, no jitter.
    #[must_use]
    pub const fn new() -> Self {
        let mut delays = [Duration::ZERO; MAX_RETRIES];
        let mut i = 0;
        while i < DEFAULT_RETRY_DELAYS.len() {
            delays[i] = DEFAULT_RETRY_DELAYS[i];
            i += 1;
        }
        RetryPolicy {
            delays,
            retries: DEFAULT_RETRY_DELAYS.len(),
            timeout: DEFAULT_TIMEOUT,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            jitter_percent: 0,
        }
    }

    /// Replaces the schedule: `delays[i]` is the wait before attempt `i + 1`
    /// (counting from 0), counted from the end of attempt `i`. The first
    /// attempt is always made at once; an empty list means one attempt and no
    /// retry.
    ///
    /// # Errors
    ///
    /// When `delays` holds more than [`MAX_RETRIES`] entries.
    pub fn with_retry_delays(mut self, delays: &[Duration]) -> Result<Self, RetryConfigError> {
        let Some(slots) = self.delays.get_mut(..delays.len()) else {
            return Err(RetryConfigError(ConfigProblem::TooManyDelays(delays.len())));
        };
        slots.copy_from_slice(delays);
        self.delays[delays.len()..].fill(Duration::ZERO);
        self.retries = delays.len();
        Ok(self)
    }

    /// Replaces the time one attempt may take.
    ///
    /// # Errors
    ///
    /// When `timeout` is zero, which would fail every attempt.
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, RetryConfigError> {
        if timeout.is_zero() {
            return Err(RetryConfigError(ConfigProblem::ZeroTimeout));
        }
        self.timeout = timeout;
        Ok(self)
    }

    /// Spreads every wait over `[delay, delay × (1 + percent / 100))`, by the
    /// random number passed to [`next_attempt`](RetryPolicy::next_attempt), so
    /// that deliveries that failed together do not all come back at once. Zero
    /// (the default) turns jitter off. Jitter only ever lengthens a wait, so
    /// it never undercuts `Retry-After`; it applies last, after the
    /// `Retry-After` cap, so a wait may exceed that cap by up to `percent`.
    ///
    /// # Errors
    ///
    /// When `percent` is over [`MAX_JITTER_PERCENT`].
    pub fn with_jitter(mut self, percent: u8) -> Result<Self, RetryConfigError> {
        if percent > MAX_JITTER_PERCENT {
            return Err(RetryConfigError(ConfigProblem::Jitter(percent)));
        }
        self.jitter_percent = percent;
        Ok(self)
    }

    /// Replaces the longest `Retry-After` honoured. Longer values are cut to
    /// this; the schedule's own delay still applies when it is longer.
    ///
    /// The cut comes before jitter, which then lengthens the wait as it does
    /// every other: with [`with_jitter`](RetryPolicy::with_jitter) at 100, a
    /// `Retry-After` cut to 600 s becomes a wait of 600 s to just under
    /// 1200 s. So the cap bounds what a receiver can ask for, and deliveries
    /// told to wait an hour do not all come back at the same second.
    #[must_use]
    pub const fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// How many attempts the schedule allows in all: one more than its delays.
    #[must_use]
    pub fn attempts(&self) -> u32 {
        // At most MAX_RETRIES + 1, which fits.
        u32::try_from(self.retries + 1).unwrap_or(u32::MAX)
    }

    /// The waits before each retry, in order.
    #[must_use]
    pub fn retry_delays(&self) -> &[Duration] {
        &self.delays[..self.retries]
    }

    /// How long one attempt may take.
    #[must_use]
    pub const fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The longest `Retry-After` honoured.
    #[must_use]
    pub const fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The jitter, in percent of each wait; 0 when off.
    #[must_use]
    pub const fn jitter_percent(&self) -> u8 {
        self.jitter_percent
    }

    /// Decides what follows attempt number `attempt` (counting from 0 for the
    /// first) that ended with `outcome`.
    ///
    /// `random` is any value from the caller's random source, spread evenly
    /// over all of `u32`; it sets the jitter and is ignored when jitter is off.
    ///
    /// - A `2xx` response: [`Decision::Delivered`]. `410`: [`Decision::Disable`].
    /// - A back-off status (`429`, `502`, `503`, `504`): a retry after the
    ///   schedule's delay or the response's `Retry-After`, whichever is
    ///   longer, with `Retry-After` first cut to
    ///   [`max_retry_after`](RetryPolicy::max_retry_after).
    /// - Any other status, a timeout or a failed connection: a retry after
    ///   the schedule's delay.
    /// - A refused destination: [`Decision::GiveUp`] for
    ///   [`UrlErrorKind::PrivateAddress`] (DNS may answer differently for the
    ///   next message), [`Decision::Disable`] for every other kind (the URL
    ///   itself is wrong, and will be on every attempt).
    ///
    /// A retry past the last attempt is [`Decision::GiveUp`]. Jitter applies
    /// last, to the whole wait.
    pub fn next_attempt(&self, attempt: u32, outcome: Outcome, random: u32) -> Decision {
        let retry_after = match outcome {
            Outcome::Response {
                status,
                retry_after,
            } => match classify(status) {
                StatusClass::Success => return Decision::Delivered,
                StatusClass::Disable => return Decision::Disable,
                StatusClass::BackOff => retry_after,
                StatusClass::Failure => None,
            },
            Outcome::Timeout | Outcome::ConnectionFailed => None,
            Outcome::Refused(UrlErrorKind::PrivateAddress) => return Decision::GiveUp,
            Outcome::Refused(_) => return Decision::Disable,
        };

        let Some(&scheduled) = usize::try_from(attempt)
            .ok()
            .and_then(|i| self.retry_delays().get(i))
        else {
            return Decision::GiveUp;
        };
        let wait = match retry_after {
            Some(asked) => scheduled.max(asked.min(self.max_retry_after)),
            None => scheduled,
        };
        Decision::Retry(self.jitter(wait, random))
    }

    /// `wait` lengthened by `random / 2^32` of the jitter share.
    fn jitter(&self, wait: Duration, random: u32) -> Duration {
        if self.jitter_percent == 0 {
            return wait;
        }
        // In nanoseconds `share` is at most about 1.8e28, so times 2^32 it stays
        // well inside u128; `extra` is below `share`.
        let share = wait.as_nanos() * u128::from(self.jitter_percent) / 100;
        let extra = (share * u128::from(random)) >> 32;
        let secs = u64::try_from(extra / 1_000_000_000).unwrap_or(u64::MAX);
        let nanos = u32::try_from(extra % 1_000_000_000).unwrap_or(0);
        wait.saturating_add(Duration::new(secs, nanos))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

/// What is wrong with a retry configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ConfigProblem {
    TooManyDelays(usize),
    ZeroTimeout,
    Jitter(u8),
}

/// A [`RetryPolicy`] setting that was refused. The `Display` text says which
/// and why; it may change between releases.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfigError(ConfigProblem);

impl fmt::Display for RetryConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            ConfigProblem::TooManyDelays(len) => write!(
                f,
                "retry schedule has {len} delays, the limit is {MAX_RETRIES}"
            ),
            ConfigProblem::ZeroTimeout => f.write_str("attempt timeout must be longer than zero"),
            ConfigProblem::Jitter(percent) => write!(
                f,
                "jitter of {percent} percent is over the limit of {MAX_JITTER_PERCENT}"
            ),
        }
    }
}

impl core::error::Error for RetryConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    const fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn default_schedule_is_four_attempts() {
        let policy = RetryPolicy::new();
        assert_eq!(policy, RetryPolicy::default());
        assert_eq!(policy.attempts(), 4);
        assert_eq!(policy.retry_delays(), [secs(5), secs(15), secs(45)]);
        assert_eq!(policy.timeout(), secs(30));
        for (attempt, wait) in [(0, 5), (1, 15), (2, 45)] {
            let next = policy.next_attempt(attempt, Outcome::Timeout, 7);
            assert_eq!(next, Decision::Retry(secs(wait)));
        }
        assert_eq!(
            policy.next_attempt(3, Outcome::Timeout, 7),
            Decision::GiveUp
        );
        assert_eq!(
            policy.next_attempt(u32::MAX, Outcome::Timeout, 7),
            Decision::GiveUp
        );
    }

    #[test]
    fn jitter_stays_in_bounds() {
        let policy = RetryPolicy::new().with_jitter(100).unwrap();
        for random in [0, 1, 1 << 31, u32::MAX - 1, u32::MAX] {
            let Decision::Retry(wait) = policy.next_attempt(0, Outcome::Timeout, random) else {
                panic!("expected a retry");
            };
            assert!(wait >= secs(5) && wait < secs(10), "{random}: {wait:?}");
        }
        let huge = RetryPolicy::new()
            .with_retry_delays(&[Duration::MAX])
            .unwrap()
            .with_jitter(100)
            .unwrap();
        let next = huge.next_attempt(0, Outcome::Timeout, u32::MAX);
        assert_eq!(next, Decision::Retry(Duration::MAX));
    }

    #[test]
    fn retry_after_seconds_without_std() {
        assert_eq!(parse_retry_after("120", 0), Some(secs(120)));
        assert_eq!(parse_retry_after(" 7\t", 0), Some(secs(7)));
        assert_eq!(parse_retry_after("00", 0), Some(secs(0)));
        assert_eq!(
            parse_retry_after("99999999999999999999999", 0),
            Some(secs(u64::MAX))
        );
        for garbage in ["", " ", "-5", "+5", "5.0", "1e3", "5s", "٣"] {
            assert_eq!(parse_retry_after(garbage, 0), None, "{garbage:?}");
        }
    }
}
