//! The extractors, driven through a real actix-web `App` with actix-web's test
//! utilities.
//!
//! Expected signatures come from the shared vectors in `testdata/`, which
//! Python's `hmac` (and, for `v1a`, the `cryptography` package) computed, never
//! from our own signer. Each case pins the configuration's clock to the
//! vector's `now`.

extern crate alloc;

use alloc::rc::Rc;
use core::cell::Cell;
use core::pin::Pin;
use core::task::{Context, Poll};

use actix_http::Request;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, Service, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web::Bytes;
use actix_web::{App, HttpMessage as _, HttpResponse, web};
use futures_core::Stream;
use serde::Deserialize;
use webhook_actix::{Error, ErrorKind, VerifiedJson, VerifiedWebhook, WebhookConfig};
use webhook_core::{Secret, Verifier};

mod test_helpers {
    use super::*;

    #[cfg(feature = "ed25519")]
    pub(crate) use webhook_test_support::vectors::v1a_cases;
    pub(crate) use webhook_test_support::vectors::{Case, v1, v1_cases};

    /// What the tests here build from a vector: the configuration and the
    /// requests.
    pub(crate) trait CaseExt {
        /// A configuration with this vector's keys and tolerance, its clock
        /// pinned to the vector's `now`.
        fn config(&self) -> WebhookConfig;
        /// A POST to `uri` carrying the headers the vector has and its body,
        /// with a `Content-Length`.
        fn request(&self, uri: &str) -> TestRequest;
        /// Only the webhook headers, for requests that set their own payload.
        fn with_headers(&self, req: TestRequest) -> TestRequest;
        /// Whether actix can carry the header values at all: a few vectors
        /// hold bytes (a newline, a control character) that no HTTP request
        /// can, and the core's own tests cover those.
        fn fits_http(&self) -> bool;
    }

    impl CaseExt for Case {
        fn config(&self) -> WebhookConfig {
            let ring = self.ring.clone().expect("vector has a valid ring");
            let verifier = Verifier::new(ring).expect("ring is not empty");
            let now = self.now;
            WebhookConfig::new(verifier.with_tolerance(self.tolerance)).clock(move || now)
        }

        fn request(&self, uri: &str) -> TestRequest {
            self.with_headers(TestRequest::post().uri(uri))
                .set_payload(self.body.clone())
        }

        fn with_headers(&self, mut req: TestRequest) -> TestRequest {
            for header in self.headers() {
                req = req.insert_header(header);
            }
            req
        }

        fn fits_http(&self) -> bool {
            self.headers()
                .into_iter()
                .all(|(_, value)| actix_web::http::header::HeaderValue::from_str(value).is_ok())
        }
    }

    /// A handler body of JSON the vectors' `reflib_known_answer` carries.
    #[derive(Debug, Deserialize)]
    pub(crate) struct Sample {
        pub(crate) test: u64,
    }

    /// A shape the reference body does not have.
    #[derive(Debug, Deserialize)]
    pub(crate) struct Event {
        #[serde(rename = "type")]
        pub(crate) kind: String,
    }

    /// Echoes the verified body, with the delivery details in headers.
    async fn raw(delivery: VerifiedWebhook) -> HttpResponse {
        HttpResponse::Ok()
            .insert_header(("x-id", delivery.id().to_owned()))
            .insert_header(("x-timestamp", delivery.timestamp().to_string()))
            .insert_header(("x-key-index", delivery.key_index().to_string()))
            .insert_header(("x-scheme", delivery.scheme().name()))
            .body(delivery.into_body())
    }

    async fn sample(event: VerifiedJson<Sample>) -> HttpResponse {
        HttpResponse::Ok().body(format!(
            "{} {} {}",
            event.id(),
            event.key_index(),
            event.test
        ))
    }

    async fn event(event: VerifiedJson<Event>) -> HttpResponse {
        HttpResponse::Ok().body(event.into_inner().kind)
    }

    /// A handler that answers rejections itself.
    async fn own_answer(delivery: Result<VerifiedWebhook, Error>) -> HttpResponse {
        match delivery {
            Ok(_) => HttpResponse::NoContent().finish(),
            Err(err) => HttpResponse::Ok().body(format!("refused: {}", err.kind())),
        }
    }

    /// The routes every test uses, on an app without configuration.
    pub(crate) fn routes() -> App<
        impl actix_web::dev::ServiceFactory<
            actix_web::dev::ServiceRequest,
            Config = (),
            Response = ServiceResponse,
            Error = actix_web::Error,
            InitError = (),
        >,
    > {
        App::new()
            .route("/raw", web::post().to(raw))
            .route("/sample", web::post().to(sample))
            .route("/event", web::post().to(event))
            .route("/own", web::post().to(own_answer))
    }

    /// The answer to `req`: status, the chosen response headers and the body.
    pub(crate) async fn answer<S, B>(app: &S, req: Request) -> Answer
    where
        S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let res = call_service(app, req).await;
        let header = |name: &str| {
            res.headers()
                .get(name)
                .map(|value| value.to_str().expect("ascii").to_owned())
        };
        let status = res.status();
        let key_index = header("x-key-index").map(|text| text.parse().expect("number"));
        let scheme = header("x-scheme");
        let id = header("x-id");
        let body = read_body(res).await;
        Answer {
            status,
            key_index,
            scheme,
            id,
            body,
        }
    }

    #[derive(Debug)]
    pub(crate) struct Answer {
        pub(crate) status: StatusCode,
        pub(crate) key_index: Option<usize>,
        pub(crate) scheme: Option<String>,
        pub(crate) id: Option<String>,
        pub(crate) body: Bytes,
    }

    /// A body stream without `Content-Length`: the given chunks, each after a
    /// `Pending`, so that concurrent requests interleave; then, if `endless`,
    /// the last chunk forever. `pulled` counts the bytes handed out.
    pub(crate) struct Chunks {
        pub(crate) chunks: Vec<Bytes>,
        pub(crate) endless: bool,
        pub(crate) pulled: Rc<Cell<usize>>,
        pub(crate) next: usize,
        pub(crate) yielded: bool,
    }

    impl Chunks {
        pub(crate) fn new(chunks: Vec<Bytes>, endless: bool) -> (Chunks, Rc<Cell<usize>>) {
            let pulled = Rc::new(Cell::new(0));
            let stream = Chunks {
                chunks,
                endless,
                pulled: Rc::clone(&pulled),
                next: 0,
                yielded: false,
            };
            (stream, pulled)
        }

        pub(crate) fn into_payload(self) -> Payload {
            let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(self);
            Payload::from(boxed)
        }
    }

    impl Stream for Chunks {
        type Item = Result<Bytes, PayloadError>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if !self.yielded {
                self.yielded = true;
                cx.waker().wake_by_ref();
                return Poll::Pending;
            }
            self.yielded = false;
            let index = if self.next < self.chunks.len() {
                self.next += 1;
                self.next - 1
            } else if self.endless && !self.chunks.is_empty() {
                self.chunks.len() - 1
            } else {
                return Poll::Ready(None);
            };
            let chunk = self.chunks[index].clone();
            self.pulled.set(self.pulled.get() + chunk.len());
            Poll::Ready(Some(Ok(chunk)))
        }
    }

    /// `case`'s request to `uri` with its body streamed in `size`-byte chunks
    /// and no `Content-Length`.
    pub(crate) fn chunked(case: &Case, uri: &str, size: usize) -> Request {
        let chunks = case.body.chunks(size).map(Bytes::copy_from_slice).collect();
        let (stream, _) = Chunks::new(chunks, false);
        let mut req = case.with_headers(TestRequest::post().uri(uri)).to_request();
        *req.payload() = stream.into_payload();
        req
    }
}

use test_helpers::*;

/// The status and body a vector's expected outcome calls for.
fn status_for(error: &str) -> StatusCode {
    match error {
        "missing_header" | "invalid_header" => StatusCode::BAD_REQUEST,
        "timestamp_too_old"
        | "timestamp_too_new"
        | "no_supported_signature"
        | "invalid_signature" => StatusCode::UNAUTHORIZED,
        other => panic!("unexpected error kind {other} in a vector"),
    }
}

/// Runs every vector that has a valid ring and fits in HTTP headers through
/// `/raw`, and checks the verdict, the matched key, and that a rejection's body
/// is the bare kind name and holds no key or signature.
async fn run_vectors(cases: Vec<Case>) -> usize {
    let mut ran = 0;
    for case in cases {
        if case.ring.is_none() || !case.fits_http() {
            continue;
        }
        let app = init_service(routes().app_data(case.config())).await;
        let got = answer(&app, case.request("/raw").to_request()).await;
        if case.expected.valid {
            assert_eq!(got.status, StatusCode::OK, "{}: {:?}", case.name, got.body);
            assert_eq!(got.body, case.body, "{}", case.name);
            assert_eq!(got.key_index, case.expected.key_index, "{}", case.name);
            if let Some(scheme) = &case.expected.scheme {
                assert_eq!(got.scheme.as_ref(), Some(scheme), "{}", case.name);
            }
        } else {
            let error = case
                .expected
                .error
                .as_deref()
                .expect("invalid vectors name an error");
            assert_eq!(got.status, status_for(error), "{}", case.name);
            assert_eq!(got.body, error, "{}", case.name);
            assert_reveals_nothing(&got.body, &case);
        }
        ran += 1;
    }
    ran
}

/// A response body must not hold any key text, any part of it, or any
/// signature value the request carried.
fn assert_reveals_nothing(body: &[u8], case: &Case) {
    let body = String::from_utf8_lossy(body);
    for key in &case.key_texts {
        let bare = key.split_once('_').map_or(key.as_str(), |(_, rest)| rest);
        assert!(!body.contains(bare), "{}: body shows a key", case.name);
    }
    for entry in case.signature.iter().flat_map(|sig| sig.split(' ')) {
        if let Some((_, value)) = entry.split_once(',') {
            if value.len() >= 8 {
                assert!(
                    !body.contains(value),
                    "{}: body shows a signature",
                    case.name
                );
            }
        }
    }
}

#[actix_web::test]
async fn accepts_the_reference_known_answer() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/raw").to_request()).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.id.as_deref(), Some("msg_p5jXN8AQM9LWM0D4loKWxJek"));
    assert_eq!(got.key_index, Some(0));
    assert_eq!(got.scheme.as_deref(), Some("v1"));
    assert_eq!(got.body, &br#"{"test": 2432232314}"#[..]);
}

#[actix_web::test]
async fn every_v1_vector_gets_its_expected_answer() {
    let ran = run_vectors(v1_cases()).await;
    // 145 vectors, of which about 30 have an invalid ring and a few hold
    // header bytes HTTP cannot carry.
    assert!(ran >= 100, "only {ran} v1 vectors ran");
}

#[cfg(feature = "ed25519")]
#[actix_web::test]
async fn every_v1a_vector_gets_its_expected_answer() {
    let ran = run_vectors(v1a_cases()).await;
    assert!(ran >= 50, "only {ran} v1a vectors ran");
}

#[actix_web::test]
async fn rejects_a_tampered_body() {
    let mut case = v1("reflib_known_answer");
    case.body = br#"{"test": 2432232315}"#.to_vec();
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/raw").to_request()).await;
    assert_eq!(got.status, StatusCode::UNAUTHORIZED);
    assert_eq!(got.body, "invalid_signature");
}

#[actix_web::test]
async fn rejects_each_missing_header() {
    let full = v1("reflib_known_answer");
    let app = init_service(routes().app_data(full.config())).await;
    for header in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut case = full.clone();
        match header {
            "webhook-id" => case.id = None,
            "webhook-timestamp" => case.timestamp = None,
            _ => case.signature = None,
        }
        let got = answer(&app, case.request("/raw").to_request()).await;
        assert_eq!(got.status, StatusCode::BAD_REQUEST, "without {header}");
        assert_eq!(got.body, "missing_header", "without {header}");
    }
}

#[actix_web::test]
async fn rejects_stale_and_future_timestamps() {
    for (name, kind) in [
        (
            "reflib_timestamp_tolerance_plus_one_old",
            "timestamp_too_old",
        ),
        (
            "reflib_timestamp_tolerance_plus_one_new",
            "timestamp_too_new",
        ),
    ] {
        let case = v1(name);
        let app = init_service(routes().app_data(case.config())).await;
        let got = answer(&app, case.request("/raw").to_request()).await;
        assert_eq!(got.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(got.body, kind, "{name}");
    }
}

#[actix_web::test]
async fn rejects_a_delivery_signed_with_another_key() {
    let mut case = v1("reflib_known_answer");
    let other = v1("tolerance_now_ts_plus_300");
    case.ring = other.ring.clone();
    case.key_texts.extend(other.key_texts);
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/raw").to_request()).await;
    assert_eq!(got.status, StatusCode::UNAUTHORIZED);
    assert_eq!(got.body, "invalid_signature");
    assert_reveals_nothing(&got.body, &case);
}

#[actix_web::test]
async fn accepts_old_and_new_key_during_rotation() {
    for (name, index) in [
        ("rotation_match_by_first_key", 0),
        ("rotation_match_by_second_key", 1),
        ("rotation_sender_signs_with_both", 0),
        ("rotation_receiver_has_only_new_key", 0),
    ] {
        let case = v1(name);
        let app = init_service(routes().app_data(case.config())).await;
        let got = answer(&app, case.request("/raw").to_request()).await;
        assert_eq!(got.status, StatusCode::OK, "{name}");
        assert_eq!(got.key_index, Some(index), "{name}");
    }
}

#[actix_web::test]
async fn refuses_a_declared_length_over_the_limit_without_reading() {
    let case = v1("reflib_known_answer");
    let config = case.config().limit(16);
    let app = init_service(routes().app_data(config)).await;
    let (stream, pulled) = Chunks::new(vec![Bytes::from(case.body.clone())], false);
    let mut req = case
        .with_headers(TestRequest::post().uri("/raw"))
        .insert_header(("content-length", case.body.len()))
        .to_request();
    *req.payload() = stream.into_payload();
    let got = answer(&app, req).await;
    assert_eq!(got.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(got.body, "payload_too_large");
    assert_eq!(pulled.get(), 0, "the body was read");
}

#[actix_web::test]
async fn refuses_an_endless_chunked_body_once_it_passes_the_limit() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(case.config().limit(1000))).await;
    let (stream, pulled) = Chunks::new(vec![Bytes::from(vec![b'x'; 64])], true);
    let mut req = case
        .with_headers(TestRequest::post().uri("/raw"))
        .to_request();
    *req.payload() = stream.into_payload();
    assert!(req.headers().get("content-length").is_none());
    let got = answer(&app, req).await;
    assert_eq!(got.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(got.body, "payload_too_large");
    // We stop at the chunk that would pass the limit: 15 chunks fit, the 16th
    // is refused.
    assert_eq!(pulled.get(), 16 * 64);
}

#[actix_web::test]
async fn accepts_chunked_bodies_up_to_exactly_the_limit() {
    let case = v1("reflib_known_answer");
    let len = case.body.len();
    for (limit, status) in [
        (len, StatusCode::OK),
        (len - 1, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let app = init_service(routes().app_data(case.config().limit(limit))).await;
        let got = answer(&app, chunked(&case, "/raw", 3)).await;
        assert_eq!(got.status, status, "limit {limit}");
        // The same with a `Content-Length`.
        let got = answer(&app, case.request("/raw").to_request()).await;
        assert_eq!(got.status, status, "limit {limit}, with content-length");
    }
}

#[actix_web::test]
async fn passes_a_non_utf8_body_through_unchanged() {
    let case = v1("body_non_utf8");
    assert!(core::str::from_utf8(&case.body).is_err());
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, chunked(&case, "/raw", 5)).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, case.body);
}

#[actix_web::test]
async fn deserializes_a_verified_json_body() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/sample").to_request()).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, "msg_p5jXN8AQM9LWM0D4loKWxJek 0 2432232314");
}

#[actix_web::test]
async fn refuses_verified_json_of_another_shape_with_422() {
    // Valid JSON that is not an `Event`, and a verified body that is not JSON.
    for (name, uri) in [
        ("reflib_known_answer", "/event"),
        ("body_not_json", "/sample"),
    ] {
        let case = v1(name);
        let app = init_service(routes().app_data(case.config())).await;
        let got = answer(&app, case.request(uri).to_request()).await;
        assert_eq!(got.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        assert_eq!(got.body, "invalid_json", "{name}");
    }
}

#[actix_web::test]
async fn verifies_json_before_parsing_it() {
    // A forged body that would not parse is an authentication failure, not 422.
    let mut case = v1("reflib_known_answer");
    case.body = b"not json".to_vec();
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/sample").to_request()).await;
    assert_eq!(got.status, StatusCode::UNAUTHORIZED);
    assert_eq!(got.body, "invalid_signature");
}

#[actix_web::test]
async fn answers_500_when_no_config_is_registered() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes()).await;
    for uri in ["/raw", "/sample"] {
        let got = answer(&app, case.request(uri).to_request()).await;
        assert_eq!(got.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(got.body, "not_configured");
    }
}

#[actix_web::test]
async fn finds_the_config_inside_web_data() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(web::Data::new(case.config()))).await;
    let got = answer(&app, case.request("/raw").to_request()).await;
    assert_eq!(got.status, StatusCode::OK);
}

#[actix_web::test]
async fn counts_every_signature_line_and_refuses_conflicting_ids() {
    let case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(case.config())).await;

    // A decoy line first, the real signature on a second line.
    let req = TestRequest::post()
        .uri("/raw")
        .insert_header(("webhook-id", case.id.as_deref().unwrap_or_default()))
        .insert_header((
            "webhook-timestamp",
            case.timestamp.as_deref().unwrap_or_default(),
        ))
        .append_header((
            "webhook-signature",
            "v1,MND6+IdUFdGkiRW9yW2dTiFKq+DbOnFQ0gg94MATSdo=",
        ))
        .append_header((
            "webhook-signature",
            case.signature.as_deref().unwrap_or_default(),
        ))
        .set_payload(case.body.clone());
    assert_eq!(answer(&app, req.to_request()).await.status, StatusCode::OK);

    let req = case
        .request("/raw")
        .append_header(("webhook-id", "msg_someone_else"));
    let got = answer(&app, req.to_request()).await;
    assert_eq!(got.status, StatusCode::BAD_REQUEST);
    assert_eq!(got.body, "invalid_header");
}

#[actix_web::test]
async fn lets_a_handler_answer_rejections_itself() {
    let mut case = v1("reflib_known_answer");
    let app = init_service(routes().app_data(case.config())).await;
    let got = answer(&app, case.request("/own").to_request()).await;
    assert_eq!(got.status, StatusCode::NO_CONTENT);
    case.signature = None;
    let got = answer(&app, case.request("/own").to_request()).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, "refused: missing_header");
}

#[actix_web::test]
async fn answers_concurrent_requests_independently() {
    let good = v1("reflib_known_answer");
    let mut forged = good.clone();
    forged.body = br#"{"test": 1}"#.to_vec();
    let app = Rc::new(init_service(routes().app_data(good.config())).await);

    // Every request streams its body in small chunks with a `Pending` between
    // chunks, so the extractors of all requests interleave on one thread.
    let mut tasks = Vec::new();
    for n in 0..64 {
        let app = Rc::clone(&app);
        let case = if n % 3 == 0 {
            forged.clone()
        } else {
            good.clone()
        };
        tasks.push(actix_web::rt::spawn(async move {
            let got = answer(&*app, chunked(&case, "/sample", 1 + n % 7)).await;
            (n, got)
        }));
    }
    for task in tasks {
        let (n, got) = task.await.expect("task finished");
        if n % 3 == 0 {
            assert_eq!(got.status, StatusCode::UNAUTHORIZED, "request {n}");
        } else {
            assert_eq!(got.status, StatusCode::OK, "request {n}");
            assert_eq!(got.body, "msg_p5jXN8AQM9LWM0D4loKWxJek 0 2432232314");
        }
    }
}

#[test]
fn one_config_serves_several_worker_threads() {
    // Like `HttpServer`, which builds one `App` per worker thread: the config
    // is cloned into each, and all share one key ring.
    let case = v1("reflib_known_answer");
    let config = case.config();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let config = config.clone();
            let case = case.clone();
            std::thread::spawn(move || {
                actix_web::rt::System::new().block_on(async move {
                    let app = init_service(routes().app_data(config)).await;
                    for _ in 0..25 {
                        let got = answer(&app, case.request("/raw").to_request()).await;
                        assert_eq!(got.status, StatusCode::OK);
                    }
                });
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker passed");
    }
}

#[actix_web::test]
async fn rejections_never_reveal_the_secret_or_the_expected_signature() {
    let case = v1("reflib_known_answer");
    let secret_text = &case.key_texts[0];
    let secret = Secret::from_base64(secret_text).expect("valid secret");
    let app = init_service(routes().app_data(case.config())).await;

    let mut tampered = case.clone();
    tampered.body = br#"{"test": 0}"#.to_vec();
    let mut wrong_signature = case.clone();
    wrong_signature.signature = Some("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=".into());
    let mut stale = case.clone();
    stale.timestamp = Some("1614264000".into());
    let mut other_scheme = case.clone();
    other_scheme.signature = Some("v2,abc".into());

    for (what, bad) in [
        ("tampered", tampered),
        ("wrong signature", wrong_signature),
        ("stale", stale),
        ("other scheme", other_scheme),
    ] {
        // What the verifier would have expected for this request. Computed by
        // our signer, but only to look for it in the answer, never as a verdict.
        let timestamp = bad.timestamp.as_deref().unwrap_or_default();
        let expected = secret
            .sign(
                bad.id.as_deref().unwrap_or_default(),
                timestamp.parse().expect("number"),
                &bad.body,
            )
            .expect("signs");
        let expected = expected.as_str().trim_start_matches("v1,");

        let got = answer(&app, bad.request("/sample").to_request()).await;
        let body = String::from_utf8_lossy(&got.body);
        assert!(
            !body.contains(expected),
            "{what}: shows the expected signature"
        );
        assert!(
            !body.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            "{what}: shows the secret"
        );
        assert!(!body.contains("g0hM9SsE"), "{what}: shows a signature");
        assert_reveals_nothing(&got.body, &bad);
    }
}

#[test]
fn config_debug_shows_no_key() {
    let case = v1("reflib_known_answer");
    let text = format!("{:?}", case.config());
    assert!(text.contains("keys: 1"), "{text}");
    assert!(!text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{text}");
}

#[test]
fn kinds_map_to_the_documented_statuses() {
    let expected = [
        (ErrorKind::NotConfigured, 500),
        (ErrorKind::PayloadTooLarge, 413),
        (ErrorKind::PayloadUnreadable, 400),
        (ErrorKind::MissingHeader, 400),
        (ErrorKind::InvalidHeader, 400),
        (ErrorKind::TimestampTooOld, 401),
        (ErrorKind::TimestampTooNew, 401),
        (ErrorKind::NoSupportedSignature, 401),
        (ErrorKind::InvalidSignature, 401),
        (ErrorKind::InvalidJson, 422),
    ];
    for (kind, status) in expected {
        assert_eq!(kind.status().as_u16(), status, "{kind}");
        assert_eq!(kind.name(), kind.name().to_lowercase());
    }
}
