//! `webhook demo`: sign the sample Lumenfall deliveries, verify them, and show
//! what the verifier refuses.
//!
//! The samples are compiled in, so the demo runs from any directory. Every
//! delivery goes through `Verifier::verify_http`, the same path as
//! `webhook verify`. Each row states what must happen and what did; the command
//! exits 1 if any row differs.

use core::fmt;
use std::process::ExitCode;

use clap::Args;
use http::{HeaderMap, HeaderValue};
use webhook_core::{
    ErrorKind, HEADER_ID, HEADER_TIMESTAMP, Secret, SignKey, SignedHeaders, Signer, Verifier,
    VerifyKey,
};

use crate::{Failure, input, print, secrets, unix_now};

/// How long ago the replayed deliveries were first sent, in seconds: far outside
/// the default five-minute tolerance.
const REPLAY_AGE: u64 = 3600;

/// Arguments of `webhook demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Run as if the clock read this many seconds since the Unix epoch, for
    /// output that is the same on every run [default: now].
    #[arg(
        long,
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(REPLAY_AGE..=i64::MAX.unsigned_abs()),
        allow_negative_numbers = true
    )]
    now: Option<u64>,
}

/// One sample payload file, compiled in.
struct Sample {
    /// The file name under `examples/payloads/`.
    file: &'static str,
    /// The file's bytes, exactly as stored.
    body: &'static [u8],
}

/// The sample deliveries, one per event type.
const SAMPLES: [Sample; 3] = [
    Sample {
        file: "video.completed.json",
        body: include_bytes!("../../../examples/payloads/video.completed.json"),
    },
    Sample {
        file: "video.failed.json",
        body: include_bytes!("../../../examples/payloads/video.failed.json"),
    },
    Sample {
        file: "video.cancelled.json",
        body: include_bytes!("../../../examples/payloads/video.cancelled.json"),
    },
];

/// The example secret, the one the captured delivery was signed with. It is public
/// (it sits in the repository) and is never printed all the same, as a habit.
const EXAMPLE_SECRET: &str = include_str!("../../../examples/payloads/captured/secret.txt");

/// A delivery captured at a receiver, signed by Python's `hmac`, not by us.
const CAPTURED_HEADERS: &[u8] = include_bytes!("../../../examples/payloads/captured/headers.txt");
/// The body of the captured delivery.
const CAPTURED_BODY: &[u8] = include_bytes!("../../../examples/payloads/captured/body.json");

/// What a verification ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Accepted; the index of the key that matched.
    Verified(usize),
    /// Refused, for this reason.
    Rejected(ErrorKind),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Verified(0) => f.write_str("verified"),
            Outcome::Verified(index) => write!(f, "verified (key {index})"),
            Outcome::Rejected(kind) => f.write_str(kind.name()),
        }
    }
}

/// The cases of the table, each with its name and a note on what it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Fresh,
    Captured,
    Rotation,
    TamperedBody,
    Reserialized,
    WrongSecret,
    Replay,
    ReplayNewTimestamp,
}

impl Case {
    /// The short name shown in the table.
    fn name(self) -> &'static str {
        match self {
            Case::Fresh => "fresh delivery",
            Case::Captured => "captured (python hmac)",
            Case::Rotation => "rotated ring, old key",
            Case::TamperedBody => "tampered body",
            Case::Reserialized => "re-serialized body",
            Case::WrongSecret => "wrong secret",
            Case::Replay => "replay after 1 h",
            Case::ReplayNewTimestamp => "replay, new timestamp",
        }
    }

    /// One sentence on what the case does, printed under the table.
    fn note(self) -> &'static str {
        match self {
            Case::Fresh => "signed now with the example secret and verified at once",
            Case::Captured => {
                "examples/payloads/captured, signed by python's hmac, at its own time"
            }
            Case::Rotation => {
                "receiver holds [new key, old key]; the sender still uses the old one"
            }
            Case::TamperedBody => "the video url in the body was changed after signing",
            Case::Reserialized => "parsed and re-encoded as json, as some frameworks do: new bytes",
            Case::WrongSecret => "the receiver holds a different secret from the sender's",
            Case::Replay => "a delivery first sent an hour ago, sent again unchanged",
            Case::ReplayNewTimestamp => "the same, with webhook-timestamp rewritten to now",
        }
    }
}

/// One line of the table.
struct Row {
    case: Case,
    event: String,
    id: String,
    expected: Outcome,
    outcome: Outcome,
}

/// A sample with its event type and the `webhook-id` derived from it.
struct Delivery {
    event: String,
    id: String,
    body: &'static [u8],
}

impl Delivery {
    /// Reads `type` and `data.id`; the id is `msg_` followed by `data.id`, so a
    /// receiver can trace a delivery back to its request.
    fn parse(sample: &Sample) -> Result<Delivery, Failure> {
        let broken = |what: &str| Failure::runtime(format!("sample {} {what}", sample.file));
        let json: serde_json::Value =
            serde_json::from_slice(sample.body).map_err(|_| broken("is not json"))?;
        let event = json["type"].as_str().ok_or_else(|| broken("has no type"))?;
        let request = json["data"]["id"]
            .as_str()
            .ok_or_else(|| broken("has no data.id"))?;
        Ok(Delivery {
            event: event.to_owned(),
            id: format!("msg_{request}"),
            body: sample.body,
        })
    }

    /// A row for this delivery.
    fn row(&self, case: Case, expected: Outcome, outcome: Outcome) -> Row {
        Row {
            case,
            event: self.event.clone(),
            id: self.id.clone(),
            expected,
            outcome,
        }
    }
}

/// Runs `webhook demo`.
pub(crate) fn run(args: &DemoArgs) -> Result<ExitCode, Failure> {
    let now = args.now.unwrap_or_else(unix_now);
    let example: Secret = secrets::parse_from(
        secrets::strip_one_newline(EXAMPLE_SECRET),
        "the example secret",
        Secret::from_base64,
    )?;
    // A second, random key: the "new" key of a rotation, and the wrong key.
    let other_text =
        webhook_core::generate_secret().map_err(|err| Failure::runtime(err.to_string()))?;
    let other: VerifyKey =
        secrets::parse_from(&other_text, "a generated secret", Secret::from_base64)?.into();

    let deliveries = SAMPLES
        .iter()
        .map(Delivery::parse)
        .collect::<Result<Vec<_>, _>>()?;
    let [completed, failed, cancelled] = &deliveries[..] else {
        return Err(Failure::runtime("expected three samples"));
    };

    let signer = Signer::new([SignKey::from(example.clone())]).map_err(core_bug)?;
    let verifier = Verifier::new([VerifyKey::from(example.clone())]).map_err(core_bug)?;
    let rotated = Verifier::new([other.clone(), example.into()]).map_err(core_bug)?;
    let stranger = Verifier::new([other]).map_err(core_bug)?;
    let sign = |d: &Delivery, at: u64| signer.sign(&d.id, at, d.body).map_err(core_bug);
    let accepted = Outcome::Verified(0);
    let forged = Outcome::Rejected(ErrorKind::InvalidSignature);

    let mut rows = Vec::new();
    for delivery in &deliveries {
        let signed = sign(delivery, now)?;
        let outcome = check(&verifier, &signed, delivery.body, now)?;
        rows.push(delivery.row(Case::Fresh, accepted, outcome));
    }
    rows.push(captured(&verifier)?);

    let signed = sign(completed, now)?;
    let outcome = check(&rotated, &signed, completed.body, now)?;
    rows.push(completed.row(Case::Rotation, Outcome::Verified(1), outcome));

    let tampered = replace_first(completed.body, b"media.example.com", b"attacker.example")
        .ok_or_else(|| Failure::runtime("video.completed.json has no media.example.com url"))?;
    let outcome = check(&verifier, &signed, &tampered, now)?;
    rows.push(completed.row(Case::TamperedBody, forged, outcome));

    let signed = sign(failed, now)?;
    let reencoded = reserialize(failed.body)?;
    let outcome = check(&verifier, &signed, &reencoded, now)?;
    rows.push(failed.row(Case::Reserialized, forged, outcome));

    let outcome = check(&stranger, &signed, failed.body, now)?;
    rows.push(failed.row(Case::WrongSecret, forged, outcome));

    // An attacker who captured a delivery an hour ago sends it again: as captured
    // it is too old; with the timestamp header rewritten, the signature no longer
    // covers what is sent.
    let old = sign(cancelled, now.saturating_sub(REPLAY_AGE))?;
    let outcome = check(&verifier, &old, cancelled.body, now)?;
    let stale = Outcome::Rejected(ErrorKind::TimestampTooOld);
    rows.push(cancelled.row(Case::Replay, stale, outcome));

    let refreshed = SignedHeaders {
        timestamp: now.to_string(),
        ..old
    };
    let outcome = check(&verifier, &refreshed, cancelled.body, now)?;
    rows.push(cancelled.row(Case::ReplayNewTimestamp, forged, outcome));

    print(&render(&rows, now))?;
    let all_ok = rows.iter().all(|row| row.expected == row.outcome);
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Verifies the captured delivery at the time it was sent, from its raw header
/// block, exactly as `webhook verify --headers-file` does.
fn captured<K: AsRef<[VerifyKey]>>(verifier: &Verifier<K>) -> Result<Row, Failure> {
    let broken = |what: String| Failure::runtime(format!("captured delivery: {what}"));
    let mut map = HeaderMap::new();
    for (name, value) in input::parse_header_block(CAPTURED_HEADERS).map_err(broken)? {
        map.append(name, value);
    }
    let text = |name: &str| {
        map.get(name)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| broken(format!("no {name} header")))
    };
    let id = text(HEADER_ID)?.to_owned();
    let sent_at: u64 = text(HEADER_TIMESTAMP)?
        .parse()
        .map_err(|_| broken(format!("{HEADER_TIMESTAMP} is not a number")))?;
    let event = serde_json::from_slice::<serde_json::Value>(CAPTURED_BODY)
        .ok()
        .and_then(|json| json["type"].as_str().map(str::to_owned))
        .ok_or_else(|| broken("the body has no type".to_owned()))?;

    let outcome = match verifier.verify_http(&map, CAPTURED_BODY, sent_at) {
        Ok(verified) => Outcome::Verified(verified.key_index()),
        Err(err) => Outcome::Rejected(err.kind()),
    };
    Ok(Row {
        case: Case::Captured,
        event,
        id,
        expected: Outcome::Verified(0),
        outcome,
    })
}

/// Sends `headers` and `body` through `verify_http` at `now`.
fn check<K: AsRef<[VerifyKey]>>(
    verifier: &Verifier<K>,
    headers: &SignedHeaders,
    body: &[u8],
    now: u64,
) -> Result<Outcome, Failure> {
    let mut map = HeaderMap::new();
    for (name, value) in headers.pairs() {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Failure::runtime(format!("the signer wrote an invalid {name}")))?;
        map.append(name, value);
    }
    Ok(match verifier.verify_http(&map, body, now) {
        Ok(verified) => Outcome::Verified(verified.key_index()),
        Err(err) => Outcome::Rejected(err.kind()),
    })
}

/// The body as a framework that parses and re-encodes JSON would pass it on: the
/// same data, with keys reordered and the trailing newline gone.
fn reserialize(body: &[u8]) -> Result<Vec<u8>, Failure> {
    let broken = || Failure::runtime("video.failed.json does not re-serialize to new bytes");
    let json: serde_json::Value = serde_json::from_slice(body).map_err(|_| broken())?;
    let bytes = serde_json::to_vec(&json).map_err(|_| broken())?;
    // The row proves nothing if the bytes happen to come out the same.
    if bytes == body {
        return Err(broken());
    }
    Ok(bytes)
}

/// `haystack` with the first `from` replaced by `to`, or `None` if absent.
fn replace_first(haystack: &[u8], from: &[u8], to: &[u8]) -> Option<Vec<u8>> {
    let at = haystack.windows(from.len()).position(|w| w == from)?;
    Some([&haystack[..at], to, &haystack[at + from.len()..]].concat())
}

/// The core refused something the demo built itself, which is a bug, not a user
/// error.
fn core_bug(err: webhook_core::Error) -> Failure {
    Failure::runtime(format!("unexpected error from webhook-core: {err}"))
}

/// The intro, the aligned table and the summary.
fn render(rows: &[Row], now: u64) -> String {
    let header = ["case", "event", "webhook-id", "expected", "outcome", "ok"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|row| {
            let ok = if row.expected == row.outcome {
                "OK"
            } else {
                "FAIL"
            };
            [
                row.case.name().to_owned(),
                row.event.clone(),
                row.id.clone(),
                row.expected.to_string(),
                row.outcome.to_string(),
                ok.to_owned(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.len());
        }
    }

    let mut out = format!(
        "Signing the sample deliveries in examples/payloads at {now} with the example\n\
         secret (not printed), then verifying them and some forgeries.\n\n"
    );
    let rule = widths.map(|width| "-".repeat(width));
    let lines = core::iter::once(header.map(str::to_owned))
        .chain(core::iter::once(rule))
        .chain(cells);
    for line in lines {
        let padded: Vec<String> = line
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    }

    // One note per case, in table order, under the case column.
    out.push('\n');
    let mut noted = Vec::new();
    for row in rows {
        if !noted.contains(&row.case) {
            noted.push(row.case);
            let name = row.case.name();
            out.push_str(&format!("{name:<0$}  {1}\n", widths[0], row.case.note()));
        }
    }

    let good = rows
        .iter()
        .filter(|row| row.expected == row.outcome)
        .count();
    out.push_str(&format!("\n{good} of {} cases as expected\n", rows.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_first_changes_only_the_first_match() {
        assert_eq!(
            replace_first(b"a.b.a", b"a", b"xy"),
            Some(b"xy.b.a".to_vec())
        );
        assert_eq!(replace_first(b"abc", b"z", b"y"), None);
    }

    #[test]
    fn sample_ids_come_from_the_request_id() {
        let delivery = Delivery::parse(&SAMPLES[0]).unwrap();
        assert_eq!(delivery.event, "video.completed");
        assert!(delivery.id.starts_with("msg_req_"), "{}", delivery.id);
    }

    #[test]
    fn reserialized_bodies_differ_from_the_samples() {
        for sample in &SAMPLES {
            assert_ne!(reserialize(sample.body).unwrap(), sample.body);
        }
    }
}
