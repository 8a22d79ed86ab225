//! The layer: what a [`VerifyWebhook`] checks with, and how it refuses.

use alloc::sync::Arc;
use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use http::Response;
use tower_layer::Layer;
use webhook_core::{Verifier, VerifyKey};

use crate::error::Error;
use crate::service::VerifyWebhook;

/// The body limit when none is set: 1 MiB, far above any real event and small
/// enough that a flood of maximal requests cannot exhaust memory quickly.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// The key ring type the layer verifies with.
pub type KeyRing = Verifier<Vec<VerifyKey>>;

type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// What every service made by one layer shares: the verifier, the body limit
/// and the clock.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) verifier: Arc<KeyRing>,
    pub(crate) body_limit: usize,
    clock: Clock,
}

impl Config {
    fn new(verifier: Arc<KeyRing>) -> Config {
        Config {
            verifier,
            body_limit: DEFAULT_BODY_LIMIT,
            clock: Arc::new(system_clock),
        }
    }

    pub(crate) fn now(&self) -> u64 {
        (self.clock)()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("keys", &self.verifier.keys().len())
            .field("tolerance", &self.verifier.tolerance())
            .field("body_limit", &self.body_limit)
            .finish_non_exhaustive()
    }
}

/// Seconds since the Unix epoch by the system clock; a clock set before 1970
/// reads as 0, which then fails every delivery as too new rather than panicking.
fn system_clock() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Builds the response for a refused delivery.
///
/// [`DefaultRejection`] answers with the kind's status and an empty body; any
/// closure `FnMut(Error) -> Response<B>` answers as it likes. Either way the
/// service then inserts the [`Error`] into the response's extensions.
pub trait Reject<B> {
    /// The response for `error`.
    fn reject(&mut self, error: Error) -> Response<B>;
}

/// The rejection a layer starts with: [`ErrorKind::status`](crate::ErrorKind::status)
/// and an empty body (`B::default()`), so a refusal tells the sender only which
/// class of problem it has.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct DefaultRejection;

impl<B: Default> Reject<B> for DefaultRejection {
    fn reject(&mut self, error: Error) -> Response<B> {
        let mut response = Response::new(B::default());
        *response.status_mut() = error.kind().status();
        response
    }
}

impl<B, F> Reject<B> for F
where
    F: FnMut(Error) -> Response<B>,
{
    fn reject(&mut self, error: Error) -> Response<B> {
        self(error)
    }
}

/// A [`Layer`] that wraps services in [`VerifyWebhook`].
///
/// ```
/// use webhook_core::{Verifier, VerifyKey};
/// use webhook_tower::VerifyWebhookLayer;
///
/// let ring = vec![VerifyKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?];
/// let layer = VerifyWebhookLayer::new(Verifier::new(ring)?).limit(64 * 1024);
/// # Ok::<(), webhook_core::Error>(())
/// ```
///
/// Cloning is cheap: the verifier and the clock sit behind [`Arc`]s, so every
/// service the layer makes shares one key ring. `Debug` prints the number of
/// keys, never key material.
#[derive(Clone)]
#[must_use]
pub struct VerifyWebhookLayer<R = DefaultRejection> {
    config: Config,
    reject: R,
}

impl VerifyWebhookLayer {
    /// A layer verifying with `verifier`, with a body limit of
    /// [`DEFAULT_BODY_LIMIT`], the system clock and the [`DefaultRejection`].
    pub fn new(verifier: impl Into<Arc<KeyRing>>) -> Self {
        VerifyWebhookLayer {
            config: Config::new(verifier.into()),
            reject: DefaultRejection,
        }
    }
}

impl<R> VerifyWebhookLayer<R> {
    /// Sets the largest body, in bytes, the layer accepts. A request known to
    /// be longer (by its body's exact size, or else its `Content-Length`) is
    /// refused before its body is read, and any other body is refused as soon
    /// as it grows past the limit.
    pub fn limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// Replaces the clock, which gives the receiver's time in seconds since the
    /// Unix epoch. Useful in tests and for replaying a captured delivery at the
    /// time it was sent: `.clock(|| 1767226813)`.
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.config.clock = Arc::new(now);
        self
    }

    /// Replaces the rejection: `reject` builds the response for every refused
    /// delivery. It must return the inner service's response body type; with
    /// axum, `|err| (StatusCode::UNAUTHORIZED, err.kind().name()).into_response()`
    /// fits. The error is inserted into the response's extensions afterwards.
    pub fn on_reject<F>(self, reject: F) -> VerifyWebhookLayer<F> {
        VerifyWebhookLayer {
            config: self.config,
            reject,
        }
    }

    /// The verifier: key ring and tolerance.
    #[must_use]
    pub fn verifier(&self) -> &KeyRing {
        &self.config.verifier
    }

    /// The largest body accepted, in bytes.
    #[must_use]
    pub fn body_limit(&self) -> usize {
        self.config.body_limit
    }
}

impl<S, R: Clone> Layer<S> for VerifyWebhookLayer<R> {
    type Service = VerifyWebhook<S, R>;

    fn layer(&self, inner: S) -> Self::Service {
        VerifyWebhook::from_parts(inner, Arc::new(self.config.clone()), self.reject.clone())
    }
}

impl<R> fmt::Debug for VerifyWebhookLayer<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyWebhookLayer")
            .field("keys", &self.config.verifier.keys().len())
            .field("tolerance", &self.config.verifier.tolerance())
            .field("body_limit", &self.config.body_limit)
            .field("reject", &core::any::type_name::<R>())
            .finish()
    }
}
