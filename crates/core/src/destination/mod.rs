//! Where a sender may deliver: the destination-URL rules and the resolve-time
//! address check, a defence against server-side request forgery (SSRF).
//!
//! A webhook sender connects to URLs its customers type in. Without rules, a
//! customer can point it at `http://169.254.169.254/` (the cloud metadata
//! service, which hands out credentials), at a database on the sender's own
//! network, or at `localhost`. Two checks stand in the way, and a sender needs
//! both:
//!
//! 1. **The URL**, when the endpoint is registered and again before every
//!    attempt ([`check_url`], or [`UrlPolicy::check`] with added rules; feature
//!    `url-policy`): `https` only, a domain name rather than an IP address,
//!    ports 443 and 8443, no blocked names, and nothing the URL parser would
//!    have to repair.
//! 2. **The addresses** its host resolves to, after resolving and before
//!    connecting ([`check_addresses`], always available, no allocation): every
//!    address must be publicly routable. This is what stops a public name that
//!    resolves to a private address, which no text rule can see.
//!
//! ```
//! # #[cfg(feature = "url-policy")] {
//! use core::net::IpAddr;
//! use webhook_core::destination::{check_addresses, check_url, UrlErrorKind};
//!
//! let url = check_url("https://hooks.example.com/lumenfall")?;
//!
//! // Resolve `url.host()` with the resolver of your choice, then:
//! let resolved: [IpAddr; 2] = ["93.184.215.14".parse().unwrap(), "10.0.0.7".parse().unwrap()];
//! let err = check_addresses(&resolved).unwrap_err();
//! assert_eq!(err.kind(), UrlErrorKind::PrivateAddress);
//! assert_eq!(
//!     err.to_string(),
//!     "address 10.0.0.7 is not publicly routable (private network 10.0.0.0/8)"
//! );
//! # }
//! # Ok::<(), webhook_core::destination::UrlError>(())
//! ```
//!
//! Connect to the addresses you checked, not to the name: resolving a second
//! time may give another answer (DNS rebinding). With a client that resolves by
//! itself, hand it a resolver that applies [`check_addresses`], or pin the
//! checked addresses for the connection. Do not follow redirects: a `3xx`
//! answer is a failed attempt (see [`crate::retry`]).
//!
//! Every refusal is a [`UrlError`] whose [`UrlErrorKind`] has a stable name;
//! the rules, the blocked names and the address ranges are listed in the
//! repository's README.

mod address;
mod error;
#[cfg(feature = "url-policy")]
mod policy;

pub use address::{check_address, check_addresses, is_public_address, parse_address};
pub use error::{UrlError, UrlErrorKind};
#[cfg(feature = "url-policy")]
pub use policy::{BLOCKED_NAMES, CheckedUrl, DEFAULT_PORTS, MAX_URL_LEN, UrlPolicy, check_url};

/// No [`UrlError`] message is longer than this many bytes, whatever the input,
/// so one can be put in a response or a log line as it is.
pub const MAX_MESSAGE_LEN: usize = 256;
