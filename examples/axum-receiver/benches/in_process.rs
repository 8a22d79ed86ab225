//! The layer's CPU cost per request without a network: the receiver's router
//! with and without `VerifyWebhookLayer`, called in-process with
//! `ServiceExt::oneshot` on a 1 KiB `video.completed` delivery, in alternating
//! batches so that both see the same machine state.
//!
//! `cargo bench -p axum-receiver --bench in_process`; see docs/performance.md.
//! The delivery is signed by our own signer at start-up: this measures time,
//! it decides no verdict (every answer must be 200, or the run stops).

extern crate alloc;

use alloc::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, StatusCode};
use http_body_util::BodyExt as _;
use tower::ServiceExt as _;
use webhook_core::{Secret, SignKey, Signer, Verifier, VerifyKey};
use webhook_tower::VerifyWebhookLayer;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BATCH: u32 = 20_000;
const ROUNDS: usize = 31;

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
    // Signed now and verified against the system clock, as in a server; the
    // whole run takes seconds, well inside the five-minute tolerance.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    let signed = signer
        .sign("msg_bench", now, body.as_bytes())
        .expect("signs");
    let headers = header_map(&signed.pairs(), body.len());
    let body = Bytes::from(body);

    let ring = Arc::new(Verifier::new(vec![VerifyKey::parse(SECRET).expect("key")]).expect("ring"));
    // `with_state` turns the handlers into services once, as `axum::serve`
    // does per connection; without it, every call would rebuild them.
    let apps = [
        axum_receiver::app(VerifyWebhookLayer::new(Arc::clone(&ring))).with_state(()),
        axum_receiver::unverified_app().with_state(()),
        axum_receiver::inline_app(ring).with_state(()),
    ];

    // For a profiler: `ONLY=layer|plain|floor` runs that router alone for
    // `BATCHES` batches (default 1) and reports nothing. Counting instructions
    // under `valgrind --tool=callgrind` for one batch and for two, the
    // difference over `BATCH` is a per-request count that does not drift with
    // the machine; see docs/performance.md.
    if let Ok(only) = std::env::var("ONLY") {
        let which = ["layer", "plain", "floor"]
            .iter()
            .position(|name| *name == only)
            .expect("ONLY is layer, plain or floor");
        let batches: u32 = std::env::var("BATCHES")
            .map_or(Ok(1), |n| n.parse())
            .expect("BATCHES is a number");
        for _ in 0..batches {
            batch(&apps[which], &headers, &body).await;
        }
        return;
    }

    // Warm up all three.
    for app in &apps {
        batch(app, &headers, &body).await;
    }

    // Each round runs the three in a rotating order, so none is always first.
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for round in 0..ROUNDS {
        for turn in 0..apps.len() {
            let which = (round + turn) % apps.len();
            times[which].push(batch(&apps[which], &headers, &body).await);
        }
    }
    let [with, without, inline] = &times;
    let report = |name: &str, side: &[f64]| {
        let mut deltas: Vec<f64> = side.iter().zip(without).map(|(a, b)| a - b).collect();
        // The fastest batch of each side is the one least disturbed by the
        // rest of a shared machine: a second estimate beside the median.
        let fastest = min(side) - min(without);
        println!(
            "  {name}: {:.0} ns/request, {:.0} ns more (fastest batches: {fastest:.0} ns more)",
            median(&mut side.to_vec()),
            median(&mut deltas),
        );
    };
    println!(
        "in-process, medians of {ROUNDS} rounds of {BATCH} requests; without the layer {:.0} ns/request",
        median(&mut without.clone())
    );
    report("with the layer", with);
    report("verified in the handler (floor)", inline);
}

/// Nanoseconds per request over one batch.
///
/// Every request gets a copy of one prepared header map. Its values share one
/// buffer, as hyper's do (hyper slices every header value out of the buffer it
/// read the request into), so copying a value costs what it costs in a server.
async fn batch(app: &Router, headers: &HeaderMap, body: &Bytes) -> f64 {
    let started = Instant::now();
    for _ in 0..BATCH {
        let mut req = Request::post(axum_receiver::PATH)
            .body(Body::from(body.clone()))
            .expect("request");
        *req.headers_mut() = headers.clone();
        let res = app.clone().oneshot(req).await.expect("infallible");
        assert_eq!(res.status(), StatusCode::OK);
        let answer = res.into_body().collect().await.expect("body").to_bytes();
        assert!(!answer.is_empty());
    }
    started.elapsed().as_nanos() as f64 / f64::from(BATCH)
}

/// The request headers every batch sends: the signed three, the length, and
/// the content type `wrk` sends in `cargo xtask bench-tower`.
fn header_map(signed: &[(&str, &str)], body_len: usize) -> HeaderMap {
    let mut map = HeaderMap::new();
    let lines = signed
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .chain([
            ("content-length", body_len.to_string()),
            ("content-type", "application/json".to_owned()),
        ]);
    for (name, value) in lines {
        let name = HeaderName::from_bytes(name.as_bytes()).expect("header name");
        let value = HeaderValue::from_maybe_shared(Bytes::from(value)).expect("header value");
        map.append(name, value);
    }
    map
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
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
