//! The layer's CPU cost per request without a network: the receiver's router
//! with and without `VerifyWebhookLayer`, called in-process with
//! `ServiceExt::oneshot` on a 1 KiB `video.completed` delivery, in alternating
//! batches so that both see the same machine state.
//!
//! `cargo bench -p axum-receiver --bench in_process`; see docs/performance.md.
//! The delivery is signed by our own signer at start-up: this measures time,
//! it decides no verdict (every answer must be 200, or the run stops).

use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use webhook_core::{Secret, SignKey, Signer, Verifier, VerifyKey};
use webhook_tower::VerifyWebhookLayer;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BATCH: u32 = 20_000;
const ROUNDS: usize = 15;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(run());
}

async fn run() {
    let body = padded_event();
    let signer =
        Signer::new([SignKey::from(Secret::from_base64(SECRET).expect("secret"))]).expect("signer");
    let now = 1_767_226_813;
    let signed = signer
        .sign("msg_bench", now, body.as_bytes())
        .expect("signs");
    let headers: Vec<(String, String)> = signed
        .pairs()
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    let body = Bytes::from(body);

    let ring = vec![VerifyKey::parse(SECRET).expect("key")];
    let layer = VerifyWebhookLayer::new(Verifier::new(ring).expect("ring")).clock(move || now);
    // `with_state` turns the handlers into services once, as `axum::serve`
    // does per connection; without it, every call would rebuild them.
    let verified = axum_receiver::app(layer).with_state(());
    let plain = axum_receiver::unverified_app().with_state(());

    // Warm up both.
    batch(&verified, &headers, &body).await;
    batch(&plain, &headers, &body).await;

    let mut with = Vec::new();
    let mut without = Vec::new();
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            with.push(batch(&verified, &headers, &body).await);
            without.push(batch(&plain, &headers, &body).await);
        } else {
            without.push(batch(&plain, &headers, &body).await);
            with.push(batch(&verified, &headers, &body).await);
        }
    }
    let mut deltas: Vec<f64> = with.iter().zip(&without).map(|(w, wo)| w - wo).collect();
    let (with, without, delta) = (median(&mut with), median(&mut without), median(&mut deltas));
    println!(
        "in-process, median of {ROUNDS} rounds of {BATCH} requests: with the layer {with:.0} ns/request, \
         without {without:.0} ns/request; the layer adds {delta:.0} ns"
    );
}

/// Nanoseconds per request over one batch.
async fn batch(app: &Router, headers: &[(String, String)], body: &Bytes) -> f64 {
    let started = Instant::now();
    for _ in 0..BATCH {
        let mut req = Request::post(axum_receiver::PATH);
        for (name, value) in headers {
            req = req.header(name, value);
        }
        let req = req
            .header("content-length", body.len())
            .body(Body::from(body.clone()))
            .expect("request");
        let res = app.clone().oneshot(req).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::OK);
        let answer = res.into_body().collect().await.expect("body").to_bytes();
        assert!(!answer.is_empty());
    }
    started.elapsed().as_nanos() as f64 / f64::from(BATCH)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The same 1 KiB event as `cargo xtask bench-tower` sends.
fn padded_event() -> String {
    let head = r#"{"type":"video.completed","data":{"object":"video.generation","id":"req_01jxr9wq7zd8tk11dp0yvnw2wv","model":"veo-3","status":"completed","output":{"url":"https://media.example.com/videos/req_01jxr9wq7zd8tk11dp0yvnw2wv.mp4"},"prompt":""#;
    let tail = r#""}}"#;
    let pad = 1024 - head.len() - tail.len();
    let prompt = "a slow pan over a harbour at dawn, ".repeat(pad / 35 + 1);
    format!("{head}{}{tail}", &prompt[..pad])
}
