//! What the optional `tracing` events say, and what they must never say.
//!
//! The extractor logs one event per request: `webhook verified` (debug),
//! `webhook rejected` (debug, with the error kind), or an error event when the
//! app has no `WebhookConfig`. We capture every event at the most verbose
//! level with `tracing-subscriber` and check that the delivery's id and the
//! error kinds appear, and that the secret, the signatures and the body never
//! do, whatever the outcome.
//!
//! The delivery is `examples/payloads/captured`: a `video.completed` event
//! signed outside this project (see that folder's README).

extern crate alloc;

use alloc::sync::Arc;
use std::io;
use std::sync::Mutex;

use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service};
use actix_web::{App, web};
use tracing_subscriber::fmt::MakeWriter;
use webhook_actix::{VerifiedWebhook, WebhookConfig};
use webhook_core::{Verifier, VerifyKey};

const SECRET: &str = include_str!("../../../examples/payloads/captured/secret.txt");
const BODY: &str = include_str!("../../../examples/payloads/captured/body.json");
const ID: &str = "msg_req_01jxzta4cgxxp1crmsefxrxp9f";
const SENT_AT: &str = "1767226813";
const SIGNATURES: [&str; 2] = [
    "v1,paqJzi0zkXxIX5H4ZhvQmrPYpBaSyxhnNHJmjc9oR5k=",
    "v1,VfVgAlgWQ76qSGFi1LkS7cgTDT3nRyxxOu9RMKrgv+A=",
];
const MARKER: &str = "TAMPERED-BODY-MARKER";

/// Everything the subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
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

fn config() -> WebhookConfig {
    let ring = vec![VerifyKey::parse(SECRET.trim()).expect("the captured secret parses")];
    let sent_at: u64 = SENT_AT.parse().expect("a number");
    WebhookConfig::new(Verifier::new(ring).expect("one key"))
        .limit(4096)
        .clock(move || sent_at)
}

async fn receive(delivery: VerifiedWebhook) -> String {
    delivery.id().to_owned()
}

/// A request carrying the captured headers, then `extra` headers, and `body`.
fn delivery(body: &str, extra: &[(&str, &str)]) -> TestRequest {
    let mut request = TestRequest::post()
        .uri("/hook")
        .insert_header(("webhook-id", ID))
        .insert_header(("webhook-timestamp", SENT_AT))
        .append_header(("webhook-signature", SIGNATURES[0]))
        .append_header(("webhook-signature", SIGNATURES[1]));
    for header in extra {
        request = request.append_header(*header);
    }
    request.set_payload(body.to_owned())
}

/// Sends each request to an app with (or without) the config, with every event
/// captured, and returns the statuses and the log.
async fn run(configured: bool, requests: Vec<TestRequest>) -> (Vec<StatusCode>, String) {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    // The test runtime is single-threaded, so a thread-local default sees
    // every event of the requests below.
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut app = App::new().route("/hook", web::post().to(receive));
    if configured {
        app = app.app_data(config());
    }
    let app = init_service(app).await;
    let mut statuses = Vec::new();
    for request in requests {
        statuses.push(call_service(&app, request.to_request()).await.status());
    }
    (statuses, captured.text())
}

/// The texts no event may contain: the secret (in both its forms), each
/// signature, and the body or any distinctive piece of it.
fn assert_nothing_secret(log: &str) {
    let secret = SECRET.trim();
    let mut forbidden = vec![
        secret,
        secret.trim_start_matches("whsec_"),
        BODY.trim(),
        "video.completed",
        "media.example.com",
        MARKER,
    ];
    for signature in SIGNATURES {
        forbidden.push(signature);
        forbidden.push(signature.trim_start_matches("v1,"));
    }
    for text in forbidden {
        assert!(!log.contains(text), "the log contains {text:?}:\n{log}");
    }
}

#[actix_web::test]
async fn a_verified_delivery_logs_its_id_and_nothing_secret() {
    let (statuses, log) = run(true, vec![delivery(BODY, &[])]).await;
    assert_eq!(statuses, [StatusCode::OK]);
    assert!(log.contains("webhook verified"), "{log}");
    assert!(log.contains(ID), "{log}");
    assert!(log.contains("key_index=0"), "{log}");
    assert_nothing_secret(&log);
}

#[actix_web::test]
async fn rejections_log_their_kind_and_nothing_secret() {
    let tampered = format!("{}{MARKER}", BODY.trim());
    let oversized = format!("{MARKER} {}", "x".repeat(5000));
    let no_id = TestRequest::post()
        .uri("/hook")
        .insert_header(("webhook-timestamp", SENT_AT))
        .insert_header(("webhook-signature", SIGNATURES[0]))
        .set_payload(BODY);
    let requests = vec![
        delivery(&tampered, &[]),
        delivery(BODY, &[("webhook-timestamp", "1")]),
        no_id,
        delivery(&oversized, &[]),
    ];
    let (statuses, log) = run(true, requests).await;
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::BAD_REQUEST,
            StatusCode::BAD_REQUEST,
            StatusCode::PAYLOAD_TOO_LARGE
        ]
    );
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
    assert!(log.contains(ID), "{log}");
    assert_nothing_secret(&log);
}

#[actix_web::test]
async fn an_id_that_is_not_valid_is_not_logged() {
    let long_id = "m".repeat(300);
    let request = TestRequest::post()
        .uri("/hook")
        .insert_header(("webhook-id", long_id.as_str()))
        .insert_header(("webhook-timestamp", SENT_AT))
        .insert_header(("webhook-signature", SIGNATURES[0]))
        .set_payload(BODY);
    let (statuses, log) = run(true, vec![request]).await;
    assert_eq!(statuses, [StatusCode::BAD_REQUEST]);
    assert!(log.contains("webhook rejected"), "{log}");
    assert!(!log.contains(&long_id), "{log}");
    assert_nothing_secret(&log);
}

#[actix_web::test]
async fn a_missing_config_is_an_error_event() {
    let (statuses, log) = run(false, vec![delivery(BODY, &[])]).await;
    assert_eq!(statuses, [StatusCode::INTERNAL_SERVER_ERROR]);
    assert!(log.contains("ERROR"), "{log}");
    assert!(log.contains("not_configured"), "{log}");
    assert_nothing_secret(&log);
}
