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

use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service};
use actix_web::{App, web};
use webhook_actix::{VerifiedWebhook, WebhookConfig};
use webhook_core::{Verifier, VerifyKey};
use webhook_test_support::captured::{BODY, ID, MARKER, SECRET, SENT_AT, SIGNATURES};
use webhook_test_support::{Captured, assert_logs_the_four_rejections, assert_nothing_secret};

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
    let subscriber = captured.subscriber();
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
    assert_logs_the_four_rejections(&log);
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
