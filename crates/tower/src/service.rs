//! The service: collects the body within the limit, verifies it, and only then
//! calls the inner service.

use alloc::sync::Arc;
use core::fmt;
use core::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response, header};
use http_body::Body;
use http_body_util::Full;
use tower_layer::Layer as _;
use tower_service::Service;

use crate::error::Error;
use crate::future::ResponseFuture;
use crate::layer::{Config, DefaultRejection, KeyRing, Reject, VerifyWebhookLayer};

/// Middleware that verifies every request as a Standard Webhooks delivery
/// before `S` sees it.
///
/// The inner service receives `Request<Full<Bytes>>`: the verified bytes,
/// exactly as they arrived, with a [`VerifiedWebhook`](crate::VerifiedWebhook)
/// in the request's extensions. Refused requests never reach it; see the
/// [crate documentation](crate) for the order of checks and the statuses.
///
/// Build it with [`VerifyWebhookLayer`] (or [`VerifyWebhook::layer`]) in a
/// stack, or with [`VerifyWebhook::new`] around one service.
#[derive(Clone)]
pub struct VerifyWebhook<S, R = DefaultRejection> {
    inner: S,
    config: Arc<Config>,
    reject: R,
}

impl<S> VerifyWebhook<S> {
    /// Wraps `inner`, verifying with `verifier`, with the defaults of
    /// [`VerifyWebhookLayer::new`].
    pub fn new(inner: S, verifier: impl Into<Arc<KeyRing>>) -> Self {
        VerifyWebhookLayer::new(verifier).layer(inner)
    }

    /// A [`VerifyWebhookLayer`] verifying with `verifier`; the same as
    /// [`VerifyWebhookLayer::new`].
    pub fn layer(verifier: impl Into<Arc<KeyRing>>) -> VerifyWebhookLayer {
        VerifyWebhookLayer::new(verifier)
    }
}

impl<S, R> VerifyWebhook<S, R> {
    pub(crate) fn from_parts(inner: S, config: Arc<Config>, reject: R) -> Self {
        VerifyWebhook {
            inner,
            config,
            reject,
        }
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// The inner service, unwrapped.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, R, ReqBody, ResBody> Service<Request<ReqBody>> for VerifyWebhook<S, R>
where
    S: Service<Request<Full<Bytes>>, Response = Response<ResBody>> + Clone,
    ReqBody: Body,
    ReqBody::Error: Into<Box<dyn core::error::Error + Send + Sync>>,
    R: Reject<ResBody> + Clone,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S, ReqBody, R>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<ReqBody>) -> Self::Future {
        // The service that was polled ready is the one we must call; it goes
        // into the future, and this handle keeps a fresh clone for the next
        // request (the usual tower idiom for calling after an await).
        let clone = self.inner.clone();
        let inner = core::mem::replace(&mut self.inner, clone);
        let reject = self.reject.clone();
        let limit = self.config.body_limit;

        // A body longer than the limit is refused before a byte is read when
        // its length is known up front: from the body itself, which for
        // hyper's bodies is the framed `Content-Length`, or else from the
        // header. The header is read only when the body does not know, so the
        // usual request pays for no second lookup.
        let hint = req.body().size_hint();
        let declared = hint.exact().or_else(|| {
            req.headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
        });
        let too_long = |len: u64| usize::try_from(len).map_or(true, |len| len > limit);
        if declared.is_some_and(too_long) || too_long(hint.lower()) {
            return ResponseFuture::refused(Error::too_large(limit), req, reject);
        }
        ResponseFuture::collecting(req, inner, Arc::clone(&self.config), reject)
    }
}

impl<S: fmt::Debug, R> fmt::Debug for VerifyWebhook<S, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyWebhook")
            .field("inner", &self.inner)
            .field("config", &self.config)
            .field("reject", &core::any::type_name::<R>())
            .finish()
    }
}
