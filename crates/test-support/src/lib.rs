//! Test helpers shared by the adapters' test suites (`webhook-actix`,
//! `webhook-tower`), so that each suite runs the same vectors, checks the same
//! delivery and reads logs the same way. Not published; only dev-dependencies
//! use it.

pub mod vectors;

extern crate alloc;

use alloc::sync::Arc;
use std::io;
use std::sync::Mutex;

use tracing_subscriber::fmt::MakeWriter;

/// The delivery in `examples/payloads/captured`: a `video.completed` event
/// signed outside this project (see that folder's README), with its secret,
/// headers and the time it was sent.
pub mod captured {
    /// The secret the sender signed with.
    pub const SECRET: &str = include_str!("../../../examples/payloads/captured/secret.txt");
    /// The body, byte for byte as sent.
    pub const BODY: &str = include_str!("../../../examples/payloads/captured/body.json");
    /// `webhook-id`.
    pub const ID: &str = "msg_req_01jxzta4cgxxp1crmsefxrxp9f";
    /// `webhook-timestamp`, which is also the time to pin a clock to.
    pub const SENT_AT: &str = "1767226813";
    /// The two `webhook-signature` lines: one for the secret above, and one
    /// for a second key the sender was rotating to.
    pub const SIGNATURES: [&str; 2] = [
        "v1,paqJzi0zkXxIX5H4ZhvQmrPYpBaSyxhnNHJmjc9oR5k=",
        "v1,VfVgAlgWQ76qSGFi1LkS7cgTDT3nRyxxOu9RMKrgv+A=",
    ];

    /// A text the logging tests put into tampered and oversized bodies, so
    /// that a log quoting a refused body is caught too.
    pub const MARKER: &str = "TAMPERED-BODY-MARKER";

    /// Texts that must never appear in a log: the secret in both its forms,
    /// each signature with and without its `v1,`, the body, distinctive
    /// pieces of it, and [`MARKER`].
    #[must_use]
    pub fn secrets() -> Vec<&'static str> {
        let secret = SECRET.trim();
        let mut texts = vec![
            secret,
            secret.trim_start_matches("whsec_"),
            BODY.trim(),
            "video.completed",
            "media.example.com",
            MARKER,
        ];
        for signature in SIGNATURES {
            texts.push(signature);
            texts.push(signature.trim_start_matches("v1,"));
        }
        texts
    }
}

/// Checks that `log` contains none of [`captured::secrets`].
///
/// # Panics
///
/// When it does, quoting the log: this is a test assertion.
pub fn assert_nothing_secret(log: &str) {
    for text in captured::secrets() {
        assert!(!log.contains(text), "the log contains {text:?}:\n{log}");
    }
}

/// Checks that `log` holds the four rejections the adapters' logging tests
/// provoke (tampered body, bad timestamp, missing id, oversized body), each
/// with its kind, the id the requests claim, and nothing secret.
///
/// # Panics
///
/// When it does not, quoting the log: this is a test assertion.
pub fn assert_logs_the_four_rejections(log: &str) {
    assert_eq!(log.matches("webhook rejected").count(), 4, "{log}");
    for kind in [
        "invalid_signature",
        "invalid_header",
        "missing_header",
        "payload_too_large",
    ] {
        assert!(log.contains(kind), "no {kind} in:\n{log}");
    }
    // The id a rejected request claims is logged, for correlation.
    assert!(log.contains(captured::ID), "{log}");
    assert_nothing_secret(log);
}

/// Everything a `tracing` subscriber writes, kept for the test to read.
#[derive(Clone, Default, Debug)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// A subscriber that writes every event, at every level, without colour
    /// codes, into this capture.
    #[must_use]
    pub fn subscriber(&self) -> impl tracing::Subscriber + Send + Sync + use<> {
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(self.clone())
            .with_ansi(false)
            .finish()
    }

    /// What was written so far, as text.
    #[must_use]
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|buf| buf.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Ok(mut held) = self.0.lock() {
            held.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}
