//! What the extractors read from app data: the key ring, the body limit and the clock.

use alloc::sync::Arc;
use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{HttpRequest, web};
use webhook_core::{Verifier, VerifyKey};

/// The body limit when none is set: 1 MiB, far above any real event and small
/// enough that a flood of maximal requests cannot exhaust memory quickly.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// The key ring type the extractors verify with.
pub type KeyRing = Verifier<Vec<VerifyKey>>;

type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// How [`VerifiedWebhook`](crate::VerifiedWebhook) and
/// [`VerifiedJson`](crate::VerifiedJson) check deliveries: the verifier (key
/// ring and tolerance), the largest body accepted, and the clock.
///
/// Register it once as app data, either directly or wrapped in [`web::Data`];
/// the extractors look for both, the plain value first:
///
/// ```
/// use actix_web::{App, web};
/// use webhook_actix::WebhookConfig;
/// use webhook_core::{Verifier, VerifyKey};
///
/// let ring = vec![VerifyKey::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?];
/// let config = WebhookConfig::new(Verifier::new(ring)?).limit(64 * 1024);
///
/// let plain = App::new().app_data(config.clone());
/// let wrapped = App::new().app_data(web::Data::new(config));
/// # Ok::<(), webhook_core::Error>(())
/// ```
///
/// Cloning is cheap: the verifier and the clock sit behind [`Arc`]s, so every
/// worker thread shares one key ring. `Debug` prints the number of keys, never
/// key material.
#[derive(Clone)]
#[must_use]
pub struct WebhookConfig {
    verifier: Arc<KeyRing>,
    body_limit: usize,
    clock: Clock,
}

impl WebhookConfig {
    /// A configuration verifying with `verifier`, with a body limit of
    /// [`DEFAULT_BODY_LIMIT`] and the system clock.
    pub fn new(verifier: impl Into<Arc<KeyRing>>) -> Self {
        WebhookConfig {
            verifier: verifier.into(),
            body_limit: DEFAULT_BODY_LIMIT,
            clock: Arc::new(system_clock),
        }
    }

    /// Sets the largest body, in bytes, the extractors accept. A request that
    /// declares a longer `Content-Length` is refused before its body is read, and
    /// a body without one is refused as soon as it grows past the limit.
    pub fn limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Replaces the clock, which gives the receiver's time in seconds since the
    /// Unix epoch. Useful in tests and for replaying a captured delivery at the
    /// time it was sent: `.clock(|| 1767226813)`.
    ///
    /// This takes any closure rather than a plain `fn() -> u64`, so that a
    /// replay time can be captured; a `fn` item works as well.
    pub fn clock(mut self, now: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// The verifier: key ring and tolerance.
    #[must_use]
    pub fn verifier(&self) -> &KeyRing {
        &self.verifier
    }

    /// The largest body accepted, in bytes.
    #[must_use]
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// The receiver's time now, by the configured clock.
    #[must_use]
    pub fn now(&self) -> u64 {
        (self.clock)()
    }

    /// The configuration registered for this request, plain or as [`web::Data`].
    pub(crate) fn of(req: &HttpRequest) -> Option<&WebhookConfig> {
        req.app_data::<WebhookConfig>().or_else(|| {
            req.app_data::<web::Data<WebhookConfig>>()
                .map(web::Data::get_ref)
        })
    }
}

impl From<KeyRing> for WebhookConfig {
    fn from(verifier: KeyRing) -> Self {
        WebhookConfig::new(verifier)
    }
}

impl fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookConfig")
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
