//! The layer, driven both as a bare tower service (`ServiceExt::oneshot` on a
//! `service_fn`) and inside an axum `Router`.
//!
//! Expected signatures come from the shared vectors in `testdata/`, which
//! Python's `hmac` (and, for `v1a`, the `cryptography` package) computed, never
//! from our own signer. Each case pins the layer's clock to the vector's `now`.

extern crate alloc;

use alloc::sync::Arc;
use core::convert::Infallible;
use core::pin::Pin;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::task::{Context, Poll};

use axum::Router;
use axum::response::IntoResponse;
use axum::routing::post;
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::{Body, Frame};
use http_body_util::{BodyExt as _, Full};
use tower::{Layer as _, ServiceExt as _, service_fn};
use webhook_core::Verifier;
use webhook_tower::{
    DEFAULT_BODY_LIMIT, Error, ErrorKind, VerifiedWebhook, VerifyWebhook, VerifyWebhookLayer,
};

type BoxError = Box<dyn core::error::Error + Send + Sync>;

mod test_helpers {
    use super::*;

    #[cfg(feature = "ed25519")]
    pub(crate) use webhook_test_support::vectors::v1a_cases;
    pub(crate) use webhook_test_support::vectors::{Case, v1, v1_cases};

    /// What the tests here build from a vector: the layer and the requests.
    pub(crate) trait CaseExt {
        /// A layer with this vector's keys and tolerance, its clock pinned to
        /// the vector's `now`.
        fn layer(&self) -> VerifyWebhookLayer;
        /// A POST to `uri` with the headers the vector has, a
        /// `Content-Length` and its body.
        fn request(&self, uri: &str) -> Request<Full<Bytes>>;
        /// The same, with the body streamed in `size`-byte chunks, no
        /// `Content-Length` and no size hint.
        fn chunked(&self, uri: &str, size: usize) -> Request<Chunks>;
        /// Method, path and the webhook headers the vector has.
        fn builder(&self, uri: &str) -> http::request::Builder;
        /// Whether HTTP can carry the header values at all: a few vectors
        /// hold bytes (a newline, a control character) that no request can,
        /// and the core's own tests cover those.
        fn fits_http(&self) -> bool;
    }

    impl CaseExt for Case {
        fn layer(&self) -> VerifyWebhookLayer {
            let ring = self.ring.clone().expect("vector has a valid ring");
            let verifier = Verifier::new(ring).expect("ring is not empty");
            let now = self.now;
            VerifyWebhookLayer::new(verifier.with_tolerance(self.tolerance)).clock(move || now)
        }

        fn request(&self, uri: &str) -> Request<Full<Bytes>> {
            self.builder(uri)
                .header("content-length", self.body.len())
                .body(Full::new(Bytes::from(self.body.clone())))
                .expect("valid request")
        }

        fn chunked(&self, uri: &str, size: usize) -> Request<Chunks> {
            let chunks = self.body.chunks(size).map(Bytes::copy_from_slice).collect();
            let (body, _) = Chunks::new(chunks, false);
            self.builder(uri).body(body).expect("valid request")
        }

        fn builder(&self, uri: &str) -> http::request::Builder {
            let mut req = Request::post(uri);
            for (name, value) in self.headers() {
                req = req.header(name, value);
            }
            req
        }

        fn fits_http(&self) -> bool {
            self.headers()
                .into_iter()
                .all(|(_, value)| http::HeaderValue::from_str(value).is_ok())
        }
    }

    /// The bare inner service: echoes the verified body, with the delivery
    /// details in headers. Without them it answers 500, which no test expects.
    pub(crate) async fn echo(
        req: Request<Full<Bytes>>,
    ) -> Result<Response<Full<Bytes>>, Infallible> {
        let details = req.extensions().get::<VerifiedWebhook>().cloned();
        let body = req.into_body().collect().await?.to_bytes();
        let Some(details) = details else {
            let mut res = Response::new(Full::new(Bytes::from_static(b"no details")));
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return Ok(res);
        };
        // The details carry the same verified bytes as the body; every valid
        // vector's test fails on this 500 if they ever differ.
        if details.body() != &body {
            let mut res = Response::new(Full::new(Bytes::from_static(b"body differs")));
            *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            return Ok(res);
        }
        let res = Response::builder()
            .header("x-id", details.id())
            .header("x-timestamp", details.timestamp())
            .header("x-key-index", details.key_index())
            .header("x-scheme", details.scheme().name())
            .body(Full::new(body))
            .expect("valid response");
        Ok(res)
    }

    /// The axum handler: the same echo, with the details taken as an argument.
    async fn raw(details: VerifiedWebhook, body: Bytes) -> axum::response::Response {
        if details.body() != &body {
            return (StatusCode::INTERNAL_SERVER_ERROR, "body differs").into_response();
        }
        (
            [
                ("x-id", details.id().to_owned()),
                ("x-timestamp", details.timestamp().to_string()),
                ("x-key-index", details.key_index().to_string()),
                ("x-scheme", details.scheme().name().to_owned()),
            ],
            body,
        )
            .into_response()
    }

    /// A route without the layer, for showing that it is left alone.
    async fn open(body: Bytes) -> String {
        format!("open {}", body.len())
    }

    /// `layer` in front of `/raw` only; `/open` and `/unguarded` (which wrongly
    /// takes `VerifiedWebhook` without the layer) are not guarded.
    pub(crate) fn router(layer: VerifyWebhookLayer) -> Router {
        Router::new()
            .route("/raw", post(raw).layer(layer))
            .route("/open", post(open))
            .route("/unguarded", post(raw))
    }

    /// The layer around the bare echo service.
    pub(crate) fn bare(
        layer: VerifyWebhookLayer,
    ) -> VerifyWebhook<
        impl tower::Service<
            Request<Full<Bytes>>,
            Response = Response<Full<Bytes>>,
            Error = Infallible,
            Future = impl Send,
        > + Clone,
    > {
        layer.layer(service_fn(echo))
    }

    /// The answer of `service` to `req`: status, the chosen response headers,
    /// the error in the extensions and the body.
    pub(crate) async fn answer<S, B, RB>(service: S, req: Request<B>) -> Answer
    where
        S: tower::Service<Request<B>, Response = Response<RB>>,
        S::Error: core::fmt::Debug,
        RB: Body,
        RB::Error: core::fmt::Debug,
    {
        let res = service.oneshot(req).await.expect("no service error");
        let (head, body) = res.into_parts();
        let header = |name: &str| {
            head.headers
                .get(name)
                .map(|value| value.to_str().expect("ascii").to_owned())
        };
        let status = head.status;
        let key_index = header("x-key-index").map(|text| text.parse().expect("number"));
        let scheme = header("x-scheme");
        let id = header("x-id");
        let error = head.extensions.get::<Error>().map(Error::kind);
        let body = body.collect().await.expect("body").to_bytes();
        Answer {
            status,
            key_index,
            scheme,
            id,
            error,
            body,
        }
    }

    /// `req()` through the bare service and through the router, in that order.
    pub(crate) async fn both<B>(
        layer: &VerifyWebhookLayer,
        req: impl Fn() -> Request<B>,
    ) -> [Answer; 2]
    where
        B: Body<Data = Bytes> + Send + 'static,
        B::Error: Into<BoxError>,
    {
        [
            answer(bare(layer.clone()), req()).await,
            answer(router(layer.clone()), req()).await,
        ]
    }

    #[derive(Debug)]
    pub(crate) struct Answer {
        pub(crate) status: StatusCode,
        pub(crate) key_index: Option<usize>,
        pub(crate) scheme: Option<String>,
        pub(crate) id: Option<String>,
        pub(crate) error: Option<ErrorKind>,
        pub(crate) body: Bytes,
    }

    impl Answer {
        /// Asserts a default rejection: `status`, `kind` in the extensions and
        /// an empty body.
        pub(crate) fn assert_refused(&self, status: StatusCode, kind: ErrorKind, what: &str) {
            assert_eq!(self.status, status, "{what}: {self:?}");
            assert_eq!(self.error, Some(kind), "{what}");
            assert!(self.body.is_empty(), "{what}: body {:?}", self.body);
        }
    }

    /// A streamed body with no size hint: the given chunks, each after a
    /// `Pending`, then, if `endless`, the last chunk forever. `pulled` counts
    /// the bytes handed out.
    pub(crate) struct Chunks {
        chunks: Vec<Bytes>,
        endless: bool,
        pulled: Arc<AtomicUsize>,
        next: usize,
        yielded: bool,
    }

    impl Chunks {
        pub(crate) fn new(chunks: Vec<Bytes>, endless: bool) -> (Chunks, Arc<AtomicUsize>) {
            let pulled = Arc::new(AtomicUsize::new(0));
            let body = Chunks {
                chunks,
                endless,
                pulled: Arc::clone(&pulled),
                next: 0,
                yielded: false,
            };
            (body, pulled)
        }
    }

    impl Body for Chunks {
        type Data = Bytes;
        type Error = Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
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
            self.pulled.fetch_add(chunk.len(), Ordering::Relaxed);
            Poll::Ready(Some(Ok(Frame::data(chunk))))
        }
    }

    /// A body that fails after its first chunk, like a connection that drops.
    pub(crate) struct Broken(pub(crate) bool);

    impl Body for Broken {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            if self.0 {
                return Poll::Ready(Some(Err(std::io::Error::other("connection reset"))));
            }
            self.0 = true;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"{\"te")))))
        }
    }
}

use test_helpers::*;

/// The status a vector's expected error kind calls for.
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
/// both stacks, and checks the verdict, the matched key, and that a rejection
/// carries the vector's kind and an empty body.
async fn run_vectors(cases: Vec<Case>) -> usize {
    let mut ran = 0;
    for case in cases {
        if case.ring.is_none() || !case.fits_http() {
            continue;
        }
        for got in both(&case.layer(), || case.request("/raw")).await {
            if case.expected.valid {
                assert_eq!(got.status, StatusCode::OK, "{}: {:?}", case.name, got);
                assert_eq!(got.body, case.body, "{}", case.name);
                assert_eq!(got.key_index, case.expected.key_index, "{}", case.name);
                assert_eq!(got.id, case.id, "{}", case.name);
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
                assert_eq!(got.error.map(ErrorKind::name), Some(error), "{}", case.name);
                assert!(got.body.is_empty(), "{}: {:?}", case.name, got.body);
            }
        }
        ran += 1;
    }
    ran
}

#[tokio::test]
async fn accepts_the_reference_known_answer() {
    let case = v1("reflib_known_answer");
    for got in both(&case.layer(), || case.request("/raw")).await {
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.id.as_deref(), Some("msg_p5jXN8AQM9LWM0D4loKWxJek"));
        assert_eq!(got.key_index, Some(0));
        assert_eq!(got.scheme.as_deref(), Some("v1"));
        assert_eq!(got.error, None);
        assert_eq!(got.body, &br#"{"test": 2432232314}"#[..]);
    }
}

#[tokio::test]
async fn every_v1_vector_gets_its_expected_answer() {
    let ran = run_vectors(v1_cases()).await;
    // 145 vectors, of which about 30 have an invalid ring and a few hold
    // header bytes HTTP cannot carry.
    assert!(ran >= 100, "only {ran} v1 vectors ran");
}

#[cfg(feature = "ed25519")]
#[tokio::test]
async fn every_v1a_vector_gets_its_expected_answer() {
    let ran = run_vectors(v1a_cases()).await;
    assert!(ran >= 50, "only {ran} v1a vectors ran");
}

#[tokio::test]
async fn rejects_a_tampered_body() {
    let mut case = v1("reflib_known_answer");
    case.body = br#"{"test": 2432232315}"#.to_vec();
    for got in both(&case.layer(), || case.request("/raw")).await {
        got.assert_refused(
            StatusCode::UNAUTHORIZED,
            ErrorKind::InvalidSignature,
            "tampered",
        );
    }
}

#[tokio::test]
async fn rejects_each_missing_header() {
    let full = v1("reflib_known_answer");
    for header in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut case = full.clone();
        match header {
            "webhook-id" => case.id = None,
            "webhook-timestamp" => case.timestamp = None,
            _ => case.signature = None,
        }
        for got in both(&full.layer(), || case.request("/raw")).await {
            got.assert_refused(StatusCode::BAD_REQUEST, ErrorKind::MissingHeader, header);
        }
    }
}

#[tokio::test]
async fn rejects_stale_and_future_timestamps() {
    for (name, kind) in [
        (
            "reflib_timestamp_tolerance_plus_one_old",
            ErrorKind::TimestampTooOld,
        ),
        (
            "reflib_timestamp_tolerance_plus_one_new",
            ErrorKind::TimestampTooNew,
        ),
    ] {
        let case = v1(name);
        for got in both(&case.layer(), || case.request("/raw")).await {
            got.assert_refused(StatusCode::UNAUTHORIZED, kind, name);
        }
    }
}

#[tokio::test]
async fn rejects_a_delivery_signed_with_another_key() {
    let mut case = v1("reflib_known_answer");
    case.ring = v1("tolerance_now_ts_plus_300").ring;
    for got in both(&case.layer(), || case.request("/raw")).await {
        got.assert_refused(
            StatusCode::UNAUTHORIZED,
            ErrorKind::InvalidSignature,
            "wrong key",
        );
    }
}

#[tokio::test]
async fn accepts_old_and_new_key_during_rotation() {
    for (name, index) in [
        ("rotation_match_by_first_key", 0),
        ("rotation_match_by_second_key", 1),
        ("rotation_sender_signs_with_both", 0),
        ("rotation_receiver_has_only_new_key", 0),
    ] {
        let case = v1(name);
        for got in both(&case.layer(), || case.request("/raw")).await {
            assert_eq!(got.status, StatusCode::OK, "{name}");
            assert_eq!(got.key_index, Some(index), "{name}");
        }
    }
}

#[tokio::test]
async fn refuses_a_declared_length_over_the_limit_without_reading() {
    let case = v1("reflib_known_answer");
    let layer = case.layer().limit(16);
    for stack in ["bare", "router"] {
        let (body, pulled) = Chunks::new(vec![Bytes::from(case.body.clone())], false);
        let req = case
            .builder("/raw")
            .header("content-length", case.body.len())
            .body(body)
            .expect("valid request");
        let got = match stack {
            "bare" => answer(bare(layer.clone()), req).await,
            _ => answer(router(layer.clone()), req).await,
        };
        got.assert_refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            stack,
        );
        assert_eq!(
            pulled.load(Ordering::Relaxed),
            0,
            "{stack}: the body was read"
        );
    }
}

#[tokio::test]
async fn refuses_a_body_whose_size_hint_passes_the_limit() {
    // No `Content-Length` header, but a body that knows its length.
    let case = v1("reflib_known_answer");
    let layer = case.layer().limit(16);
    let req = || {
        case.builder("/raw")
            .body(Full::new(Bytes::from(case.body.clone())))
            .expect("valid request")
    };
    for got in both(&layer, req).await {
        got.assert_refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            "hint",
        );
    }
}

#[tokio::test]
async fn a_body_that_knows_its_length_is_judged_by_it_not_by_the_header() {
    // hyper's bodies carry the framed `Content-Length` as their exact size,
    // so the two agree there; when they disagree, the body's own length is
    // the one that holds bytes.
    let case = v1("reflib_known_answer");
    let len = case.body.len();
    let case = &case;
    let with_header = |declared: String| {
        move || {
            case.builder("/raw")
                .header("content-length", declared.clone())
                .body(Full::new(Bytes::from(case.body.clone())))
                .expect("valid request")
        }
    };
    // Within the limit, though the header claims more: read and verified.
    let layer = case.layer().limit(len);
    for got in both(&layer, with_header((len * 1000).to_string())).await {
        assert_eq!(got.status, StatusCode::OK, "header over, body within");
    }
    // Over the limit, though the header claims less: refused unread.
    let layer = case.layer().limit(len - 1);
    for got in both(&layer, with_header("1".to_owned())).await {
        got.assert_refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            "header within, body over",
        );
    }
}

#[tokio::test]
async fn refuses_an_endless_streamed_body_once_it_passes_the_limit() {
    let case = v1("reflib_known_answer");
    let layer = case.layer().limit(1000);
    for stack in ["bare", "router"] {
        let (body, pulled) = Chunks::new(vec![Bytes::from(vec![b'x'; 64])], true);
        assert_eq!(body.size_hint().upper(), None);
        let req = case.builder("/raw").body(body).expect("valid request");
        assert!(req.headers().get("content-length").is_none());
        let got = match stack {
            "bare" => answer(bare(layer.clone()), req).await,
            _ => answer(router(layer.clone()), req).await,
        };
        got.assert_refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            stack,
        );
        // We stop at the chunk that would pass the limit: 15 chunks fit, the
        // 16th is refused and nothing after it is pulled.
        assert_eq!(pulled.load(Ordering::Relaxed), 16 * 64, "{stack}");
    }
}

#[tokio::test]
async fn accepts_bodies_up_to_exactly_the_limit() {
    let case = v1("reflib_known_answer");
    let len = case.body.len();
    for (limit, status) in [
        (len, StatusCode::OK),
        (len - 1, StatusCode::PAYLOAD_TOO_LARGE),
    ] {
        let layer = case.layer().limit(limit);
        for got in both(&layer, || case.chunked("/raw", 3)).await {
            assert_eq!(got.status, status, "limit {limit}, streamed");
        }
        for got in both(&layer, || case.request("/raw")).await {
            assert_eq!(got.status, status, "limit {limit}, with content-length");
        }
    }
}

#[tokio::test]
async fn the_default_limit_is_one_mebibyte() {
    let case = v1("reflib_known_answer");
    assert_eq!(case.layer().body_limit(), DEFAULT_BODY_LIMIT);
    assert_eq!(DEFAULT_BODY_LIMIT, 1 << 20);
    // One byte over, streamed: refused before the signature is looked at.
    let over = vec![b' '; DEFAULT_BODY_LIMIT + 1];
    let req = || {
        let (body, _) = Chunks::new(
            over.chunks(64 * 1024).map(Bytes::copy_from_slice).collect(),
            false,
        );
        case.builder("/raw").body(body).expect("valid request")
    };
    for got in both(&case.layer(), req).await {
        got.assert_refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::PayloadTooLarge,
            "1 MiB + 1",
        );
    }
}

#[tokio::test]
async fn refuses_an_unreadable_body_with_400() {
    let case = v1("reflib_known_answer");
    let req = || {
        case.builder("/raw")
            .body(Broken(false))
            .expect("valid request")
    };
    for got in both(&case.layer(), req).await {
        got.assert_refused(
            StatusCode::BAD_REQUEST,
            ErrorKind::PayloadUnreadable,
            "broken",
        );
    }
}

#[tokio::test]
async fn passes_a_non_utf8_body_through_unchanged() {
    let case = v1("body_non_utf8");
    assert!(core::str::from_utf8(&case.body).is_err());
    for got in both(&case.layer(), || case.chunked("/raw", 5)).await {
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.body, case.body);
    }
}

#[tokio::test]
async fn a_closure_can_build_the_rejection() {
    let mut case = v1("reflib_known_answer");
    case.signature = None;

    let layer = case.layer().on_reject(|err: Error| {
        let mut res = Response::new(Full::new(Bytes::from(format!("refused: {}", err.kind()))));
        *res.status_mut() = StatusCode::IM_A_TEAPOT;
        res
    });
    let got = answer(layer.layer(service_fn(echo)), case.request("/raw")).await;
    assert_eq!(got.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(got.body, "refused: missing_header");
    assert_eq!(
        got.error,
        Some(ErrorKind::MissingHeader),
        "error still in the extensions"
    );

    // With axum, the closure returns axum's response type.
    let layer = case.layer().on_reject(|err: Error| {
        (StatusCode::UNPROCESSABLE_ENTITY, err.kind().name()).into_response()
    });
    let app = Router::new().route("/raw", post(|| async { "handler ran" }).layer(layer));
    let got = answer(app, case.request("/raw")).await;
    assert_eq!(got.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(got.body, "missing_header");
    assert_eq!(got.error, Some(ErrorKind::MissingHeader));
}

#[tokio::test]
async fn leaves_routes_without_the_layer_alone() {
    let case = v1("reflib_known_answer");
    let app = router(case.layer());

    // An unsigned request to the open route gets through...
    let req = Request::post("/open")
        .body(Full::new(Bytes::from_static(b"hello")))
        .expect("valid");
    let got = answer(app.clone(), req).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body, "open 5");
    assert_eq!(got.error, None);

    // ...as does a signed one, untouched: the open route sees the body too.
    let got = answer(app.clone(), case.request("/open")).await;
    assert_eq!(got.body, "open 20");

    // ...while the guarded route refuses the unsigned one.
    let req = Request::post("/raw")
        .body(Full::new(Bytes::from_static(b"hello")))
        .expect("valid");
    answer(app, req).await.assert_refused(
        StatusCode::BAD_REQUEST,
        ErrorKind::MissingHeader,
        "guarded",
    );
}

#[tokio::test]
async fn the_extractor_answers_500_on_a_route_without_the_layer() {
    let case = v1("reflib_known_answer");
    let got = answer(router(case.layer()), case.request("/unguarded")).await;
    assert_eq!(got.status, StatusCode::INTERNAL_SERVER_ERROR);
    let body = String::from_utf8_lossy(&got.body);
    assert!(body.contains("without VerifyWebhookLayer"), "{body}");
}

#[tokio::test]
async fn counts_every_signature_line_and_refuses_conflicting_ids() {
    let case = v1("reflib_known_answer");
    // A decoy line first, the real signature on a second line.
    let req = || {
        Request::post("/raw")
            .header("webhook-id", case.id.as_deref().unwrap_or_default())
            .header(
                "webhook-timestamp",
                case.timestamp.as_deref().unwrap_or_default(),
            )
            .header(
                "webhook-signature",
                "v1,MND6+IdUFdGkiRW9yW2dTiFKq+DbOnFQ0gg94MATSdo=",
            )
            .header(
                "webhook-signature",
                case.signature.as_deref().unwrap_or_default(),
            )
            .body(Full::new(Bytes::from(case.body.clone())))
            .expect("valid request")
    };
    for got in both(&case.layer(), req).await {
        assert_eq!(got.status, StatusCode::OK);
    }

    let req = || {
        let mut req = case.request("/raw");
        req.headers_mut().append(
            "webhook-id",
            http::HeaderValue::from_static("msg_someone_else"),
        );
        req
    };
    for got in both(&case.layer(), req).await {
        got.assert_refused(StatusCode::BAD_REQUEST, ErrorKind::InvalidHeader, "two ids");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_concurrent_requests_independently() {
    let good = v1("reflib_known_answer");
    let mut forged = good.clone();
    forged.body = br#"{"test": 1}"#.to_vec();
    let service = bare(good.layer());
    let app = router(good.layer());

    // Every request streams its body in small chunks with a `Pending` between
    // chunks, so the futures of all requests interleave.
    let mut tasks = Vec::new();
    for n in 0..64usize {
        let case = if n % 3 == 0 {
            forged.clone()
        } else {
            good.clone()
        };
        let service = service.clone();
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let req = case.chunked("/raw", 1 + n % 7);
            let got = if n % 2 == 0 {
                answer(service, req).await
            } else {
                answer(app, req).await
            };
            (n, got)
        }));
    }
    for task in tasks {
        let (n, got) = task.await.expect("task finished");
        if n % 3 == 0 {
            assert_eq!(got.status, StatusCode::UNAUTHORIZED, "request {n}");
        } else {
            assert_eq!(got.status, StatusCode::OK, "request {n}");
            assert_eq!(got.body, good.body, "request {n}");
        }
    }
}

#[tokio::test]
async fn gives_access_to_the_inner_service() {
    let case = v1("reflib_known_answer");
    let mut service = VerifyWebhook::new(
        service_fn(echo),
        Verifier::new(case.ring.clone().expect("ring")).expect("one key"),
    );
    let _: &_ = service.get_ref();
    let _: &mut _ = service.get_mut();
    let inner = service.into_inner();
    let got = answer(inner, Request::new(Full::new(Bytes::new()))).await;
    assert_eq!(
        got.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "inner runs unguarded"
    );
}

#[test]
fn debug_output_shows_no_key() {
    let case = v1("reflib_known_answer");
    let layer = case.layer();
    let service = VerifyWebhook::new(
        (),
        Verifier::new(case.ring.clone().expect("ring")).expect("one key"),
    );
    for text in [format!("{layer:?}"), format!("{service:?}")] {
        assert!(text.contains("keys: 1"), "{text}");
        assert!(!text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{text}");
    }
}

#[test]
fn kinds_map_to_the_documented_statuses() {
    let expected = [
        (ErrorKind::PayloadTooLarge, 413),
        (ErrorKind::PayloadUnreadable, 400),
        (ErrorKind::MissingHeader, 400),
        (ErrorKind::InvalidHeader, 400),
        (ErrorKind::TimestampTooOld, 401),
        (ErrorKind::TimestampTooNew, 401),
        (ErrorKind::NoSupportedSignature, 401),
        (ErrorKind::InvalidSignature, 401),
    ];
    for (kind, status) in expected {
        assert_eq!(kind.status().as_u16(), status, "{kind}");
        assert_eq!(kind.name(), kind.name().to_lowercase());
    }
}
