//! The response future: collect, verify, then run the inner service's future.

use alloc::sync::Arc;
use core::fmt;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use bytes::{Buf, Bytes, BytesMut};
use http::request::Parts;
use http::{Request, Response};
use http_body::Body;
use http_body_util::Full;
use tower_service::Service;
use webhook_core::HttpHeaders;

use crate::error::Error;
use crate::layer::{Config, Reject};
use crate::verified::VerifiedWebhook;

pin_project_lite::pin_project! {
    /// The future [`VerifyWebhook`](crate::VerifyWebhook) returns.
    ///
    /// It owns the request body while collecting it, and the inner service
    /// until it calls it, so it names both types; it resolves to the inner
    /// service's response, or to the rejection's.
    pub struct ResponseFuture<S, B, R>
    where
        S: Service<Request<Full<Bytes>>>,
    {
        #[pin]
        state: State<S, B, S::Future>,
        reject: R,
    }
}

pin_project_lite::pin_project! {
    #[project = StateProj]
    enum State<S, B, F> {
        // Reading the body. `pending` holds what the inner call needs once
        // the body is complete.
        Collecting {
            #[pin]
            body: B,
            buffer: Buffer,
            pending: Option<Pending<S>>,
        },
        // Refused before reading: answered on the first poll.
        Refused {
            error: Option<Error>,
        },
        // Verified and handed on.
        Calling {
            #[pin]
            future: F,
        },
        Done,
    }
}

/// What the inner call needs besides the body.
struct Pending<S> {
    parts: Parts,
    inner: S,
    config: Arc<Config>,
}

impl<S, B, R> ResponseFuture<S, B, R>
where
    S: Service<Request<Full<Bytes>>>,
{
    pub(crate) fn collecting(req: Request<B>, inner: S, config: Arc<Config>, reject: R) -> Self {
        let (parts, body) = req.into_parts();
        ResponseFuture {
            state: State::Collecting {
                body,
                buffer: Buffer::Empty,
                pending: Some(Pending {
                    parts,
                    inner,
                    config,
                }),
            },
            reject,
        }
    }

    pub(crate) fn refused(error: Error, req: Request<B>, reject: R) -> Self {
        log_rejection(&error, req.headers());
        ResponseFuture {
            state: State::Refused { error: Some(error) },
            reject,
        }
    }
}

impl<S, B, R, ResBody> Future for ResponseFuture<S, B, R>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>>,
    B: Body,
    B::Error: Into<Box<dyn core::error::Error + Send + Sync>>,
    R: Reject<ResBody>,
{
    type Output = Result<Response<ResBody>, S::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            match this.state.as_mut().project() {
                StateProj::Collecting {
                    mut body,
                    buffer,
                    pending,
                } => {
                    let Some(limit) = pending.as_ref().map(|p| p.config.body_limit) else {
                        panic!("ResponseFuture polled after completion");
                    };
                    let error = match ready!(body.as_mut().poll_frame(cx)) {
                        Some(Ok(frame)) => {
                            let Ok(mut data) = frame.into_data() else {
                                // Trailers are not signed; we drop them.
                                continue;
                            };
                            // Refuse at the chunk that would pass the limit, so
                            // we never hold more than `limit` bytes.
                            let len = data.remaining();
                            if len <= limit - buffer.len() {
                                buffer.push(data.copy_to_bytes(len));
                                continue;
                            }
                            Error::too_large(limit)
                        }
                        Some(Err(err)) => Error::unreadable(err.into()),
                        None => {
                            let Some(pending) = pending.take() else {
                                panic!("ResponseFuture polled after completion");
                            };
                            let bytes = core::mem::take(buffer).into_bytes();
                            match verify(pending, bytes) {
                                Ok(future) => {
                                    this.state.set(State::Calling { future });
                                    continue;
                                }
                                Err(error) => error,
                            }
                        }
                    };
                    if let Some(pending) = pending.as_ref() {
                        log_rejection(&error, &pending.parts.headers);
                    }
                    this.state.set(State::Done);
                    return Poll::Ready(Ok(respond(this.reject, error)));
                }
                StateProj::Refused { error } => {
                    let Some(error) = error.take() else {
                        panic!("ResponseFuture polled after completion");
                    };
                    this.state.set(State::Done);
                    return Poll::Ready(Ok(respond(this.reject, error)));
                }
                StateProj::Calling { future } => {
                    let output = ready!(future.poll(cx));
                    this.state.set(State::Done);
                    return Poll::Ready(output);
                }
                StateProj::Done => panic!("ResponseFuture polled after completion"),
            }
        }
    }
}

/// Verifies the collected body against the request's own headers; on success
/// calls the inner service with the verified bytes and details.
fn verify<S>(pending: Pending<S>, bytes: Bytes) -> Result<S::Future, Error>
where
    S: Service<Request<Full<Bytes>>>,
{
    let Pending {
        mut parts,
        mut inner,
        config,
    } = pending;
    // Finding the headers apart from verifying lets the details keep the
    // request's own `webhook-id` value instead of looking it up again.
    let checked = HttpHeaders::find(&parts.headers).and_then(|found| {
        let verified = config
            .verifier
            .verify_http_headers(&found, &bytes, config.now())?;
        Ok(VerifiedWebhook::from_core(
            &verified,
            found.id(),
            bytes.clone(),
        ))
    });
    let verified = match checked {
        Ok(verified) => verified,
        Err(err) => {
            let error = Error::core(err);
            log_rejection(&error, &parts.headers);
            return Err(error);
        }
    };
    log_verified(&verified, bytes.len());
    parts.extensions.insert(verified);
    Ok(inner.call(Request::from_parts(parts, Full::new(bytes))))
}

/// The rejection's response, with the error in its extensions.
fn respond<B, R: Reject<B>>(reject: &mut R, error: Error) -> Response<B> {
    let mut response = reject.reject(error.clone());
    response.extensions_mut().insert(error);
    response
}

impl<S, B, R> fmt::Debug for ResponseFuture<S, B, R>
where
    S: Service<Request<Full<Bytes>>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Collecting { .. } => "collecting",
            State::Refused { .. } => "refused",
            State::Calling { .. } => "calling",
            State::Done => "done",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// The body so far. Most deliveries arrive in one chunk, which we keep as it
/// is; only a second chunk makes us copy into one buffer.
#[derive(Default)]
enum Buffer {
    #[default]
    Empty,
    One(Bytes),
    Many(BytesMut),
}

impl Buffer {
    fn len(&self) -> usize {
        match self {
            Buffer::Empty => 0,
            Buffer::One(bytes) => bytes.len(),
            Buffer::Many(bytes) => bytes.len(),
        }
    }

    fn push(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        *self = match core::mem::take(self) {
            Buffer::Empty => Buffer::One(chunk),
            Buffer::One(first) => {
                let mut joined = BytesMut::with_capacity(first.len() + chunk.len());
                joined.extend_from_slice(&first);
                joined.extend_from_slice(&chunk);
                Buffer::Many(joined)
            }
            Buffer::Many(mut joined) => {
                joined.extend_from_slice(&chunk);
                Buffer::Many(joined)
            }
        };
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Buffer::Empty => Bytes::new(),
            Buffer::One(bytes) => bytes,
            Buffer::Many(bytes) => bytes.freeze(),
        }
    }
}

#[cfg(feature = "tracing")]
fn log_verified(verified: &VerifiedWebhook, body_len: usize) {
    tracing::debug!(
        id = verified.id(),
        key_index = verified.key_index(),
        scheme = verified.scheme().name(),
        body_len,
        "webhook verified"
    );
}

#[cfg(not(feature = "tracing"))]
fn log_verified(_: &VerifiedWebhook, _: usize) {}

#[cfg(feature = "tracing")]
fn log_rejection(err: &Error, headers: &http::HeaderMap) {
    // The id a rejected request claims, for logs only: printable ASCII of a
    // sane length, or nothing.
    let id = headers
        .get(webhook_core::HEADER_ID)
        .and_then(|value| value.to_str().ok())
        .filter(|id| id.len() <= webhook_core::MAX_ID_LEN);
    tracing::debug!(kind = err.kind().name(), id, reason = %err, "webhook rejected");
}

#[cfg(not(feature = "tracing"))]
fn log_rejection(_: &Error, _: &http::HeaderMap) {}
