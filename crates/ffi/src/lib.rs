//! The C API of libwebhook: sign and verify Standard Webhooks deliveries from C
//! and C++, through `libwebhook.so` / `libwebhook.a` and `include/webhook.h`.
//!
//! The header is generated from this crate by `cargo xtask gen-header`, and the
//! doc comments below become its comments, so they are written for the C caller.
//! The conventions every function follows (ownership, out-params, NULL with
//! length 0, threads) are in this crate's README.
//!
//! The rules themselves (key text, header grammar, the time window, the order of
//! checks) are the core's, unchanged: see `webhook_core`'s crate docs.

// We opt out of the workspace's `unsafe_code = "deny"`: a C ABI cannot be
// written without dereferencing the caller's raw pointers. The pointer helpers
// live in `ffi.rs`, and every block states the caller duty it relies on.
#![allow(unsafe_code)]
// The exported names are C names: `wh_` prefix, snake case types.
#![allow(non_camel_case_types)]

mod destination;
mod ffi;
mod keys;
mod signer;
mod verifier;

use core::ffi::c_char;

use ffi::fence;
use webhook_core::destination::UrlErrorKind;
use webhook_core::{ErrorKind, Scheme};

pub use destination::{
    WH_REFUSAL_MESSAGE_BUF_LEN, WH_URL_BUF_LEN, wh_address_check, wh_address_check_list,
    wh_address_check_text, wh_checked_url, wh_refusal, wh_url_check, wh_url_policy,
    wh_url_policy_allow_port, wh_url_policy_block_name, wh_url_policy_check, wh_url_policy_free,
    wh_url_policy_new,
};

pub use keys::{
    wh_keypair_generate, wh_public_key_normalize, wh_secret_generate, wh_signing_key_normalize,
    wh_signing_key_public,
};
pub use signer::{wh_signer, wh_signer_free, wh_signer_new, wh_signer_sign};
pub use verifier::{
    wh_key_info, wh_verified, wh_verifier, wh_verifier_free, wh_verifier_key,
    wh_verifier_key_count, wh_verifier_new, wh_verifier_new_jwks, wh_verifier_new_secrets,
    wh_verifier_verify, wh_verifier_verify_now,
};

/// The result of every fallible function. Numbers are grouped by area and are
/// never reused: a removed code stays behind as a comment.
///
/// 0 is success; 1xx are mistakes in how a function was called; 2xx mirror the
/// library's error kinds, one code per kind; 3xx are the refusals of a webhook
/// destination (a URL or an address), one code per kind of refusal.
/// `wh_result_name` gives each code's stable name.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wh_result {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL, or a NULL pointer came with a nonzero length.
    NullParameter = 100,
    /// The output buffer is too small; the needed size was reported.
    BufferTooSmall = 101,
    /// The library panicked (a bug in libwebhook); nothing was written.
    Panic = 102,
    /// A key index is not below the number of keys in the ring.
    IndexOutOfRange = 103,
    /// A buffer has a length the function cannot take: an address that is not
    /// 4 (IPv4) or 16 (IPv6) bytes long.
    InvalidLength = 104,
    /// A key or secret could not be parsed, the key ring is empty, or a signing
    /// ring holds more keys than receivers check.
    InvalidSecret = 200,
    /// `webhook-id`, `webhook-timestamp` or `webhook-signature` is absent.
    MissingHeader = 201,
    /// A header is present but malformed or too large.
    InvalidHeader = 202,
    /// `webhook-timestamp` is further in the past than the tolerance allows.
    TimestampTooOld = 203,
    /// `webhook-timestamp` is further in the future than the tolerance allows.
    TimestampTooNew = 204,
    /// The signature header holds no entry of a scheme the key ring has a key for.
    NoSupportedSignature = 205,
    /// Entries of a scheme we hold a key for are present, and none matches.
    InvalidSignature = 206,
    /// The operating system's random source failed.
    RandomSource = 207,
    /// An error kind, or a kind of destination refusal, this build of the C API
    /// has no code for. It cannot happen while the C API and the library it
    /// wraps are built together, as they are.
    UnknownError = 299,
    /// The destination URL's scheme is not `https`.
    HttpsRequired = 300,
    /// The destination URL names its host by an IP address, in any spelling
    /// the URL parser reads as one, or by an invalid attempt at one.
    IpLiteral = 301,
    /// The destination URL names a port that is not allowed, or spells a port
    /// in any form but plain decimal; also a port a policy cannot allow.
    PortNotAllowed = 302,
    /// The destination URL's host is a blocked name: loopback, cloud metadata,
    /// an internal or special-use suffix, a single label, or a name the policy
    /// added.
    BlockedHost = 303,
    /// The text is not something we can check: a URL we do not deliver to
    /// (control characters, whitespace, a fragment, wrong slashes, no valid
    /// host), a name a policy cannot block, text that is not an IP address,
    /// or text that is not UTF-8.
    Malformed = 304,
    /// The destination URL carries user information (`user:pass@`), even an
    /// empty one.
    Userinfo = 305,
    /// The destination URL, or its normalised form, is longer than 8192 bytes.
    TooLong = 306,
    /// An address the destination's host resolved to is not publicly
    /// routable, or the list of addresses is empty.
    PrivateAddress = 307,
}

impl wh_result {
    /// Every code, for the tests and the message table.
    const ALL: [wh_result; 23] = [
        wh_result::Ok,
        wh_result::NullParameter,
        wh_result::BufferTooSmall,
        wh_result::Panic,
        wh_result::IndexOutOfRange,
        wh_result::InvalidLength,
        wh_result::InvalidSecret,
        wh_result::MissingHeader,
        wh_result::InvalidHeader,
        wh_result::TimestampTooOld,
        wh_result::TimestampTooNew,
        wh_result::NoSupportedSignature,
        wh_result::InvalidSignature,
        wh_result::RandomSource,
        wh_result::UnknownError,
        wh_result::HttpsRequired,
        wh_result::IpLiteral,
        wh_result::PortNotAllowed,
        wh_result::BlockedHost,
        wh_result::Malformed,
        wh_result::Userinfo,
        wh_result::TooLong,
        wh_result::PrivateAddress,
    ];

    /// The code for one of the core's error kinds.
    fn from_kind(kind: ErrorKind) -> wh_result {
        match kind {
            ErrorKind::InvalidSecret => wh_result::InvalidSecret,
            ErrorKind::MissingHeader => wh_result::MissingHeader,
            ErrorKind::InvalidHeader => wh_result::InvalidHeader,
            ErrorKind::TimestampTooOld => wh_result::TimestampTooOld,
            ErrorKind::TimestampTooNew => wh_result::TimestampTooNew,
            ErrorKind::NoSupportedSignature => wh_result::NoSupportedSignature,
            ErrorKind::InvalidSignature => wh_result::InvalidSignature,
            ErrorKind::RandomSource => wh_result::RandomSource,
            // ErrorKind is non_exhaustive; a test checks every kind in
            // ErrorKind::ALL has its own code, so this arm stays unused.
            _ => wh_result::UnknownError,
        }
    }

    /// The code for one of the core's kinds of destination refusal.
    fn from_url_kind(kind: UrlErrorKind) -> wh_result {
        match kind {
            UrlErrorKind::HttpsRequired => wh_result::HttpsRequired,
            UrlErrorKind::IpLiteral => wh_result::IpLiteral,
            UrlErrorKind::PortNotAllowed => wh_result::PortNotAllowed,
            UrlErrorKind::BlockedHost => wh_result::BlockedHost,
            UrlErrorKind::Malformed => wh_result::Malformed,
            UrlErrorKind::Userinfo => wh_result::Userinfo,
            UrlErrorKind::TooLong => wh_result::TooLong,
            UrlErrorKind::PrivateAddress => wh_result::PrivateAddress,
            // UrlErrorKind is non_exhaustive; a test checks every kind in
            // UrlErrorKind::ALL has its own code, so this arm stays unused.
            _ => wh_result::UnknownError,
        }
    }

    /// The static, NUL-terminated stable name of this code: the core's kind
    /// name for the 2xx and 3xx codes (a test holds the two together), and a
    /// name in the same style for the others.
    fn name(self) -> &'static [u8] {
        match self {
            wh_result::Ok => b"ok\0",
            wh_result::NullParameter => b"null_parameter\0",
            wh_result::BufferTooSmall => b"buffer_too_small\0",
            wh_result::Panic => b"panic\0",
            wh_result::IndexOutOfRange => b"index_out_of_range\0",
            wh_result::InvalidLength => b"invalid_length\0",
            wh_result::InvalidSecret => b"invalid_secret\0",
            wh_result::MissingHeader => b"missing_header\0",
            wh_result::InvalidHeader => b"invalid_header\0",
            wh_result::TimestampTooOld => b"timestamp_too_old\0",
            wh_result::TimestampTooNew => b"timestamp_too_new\0",
            wh_result::NoSupportedSignature => b"no_supported_signature\0",
            wh_result::InvalidSignature => b"invalid_signature\0",
            wh_result::RandomSource => b"random_source\0",
            wh_result::UnknownError => b"unknown_error\0",
            wh_result::HttpsRequired => b"https_required\0",
            wh_result::IpLiteral => b"ip_literal\0",
            wh_result::PortNotAllowed => b"port_not_allowed\0",
            wh_result::BlockedHost => b"blocked_host\0",
            wh_result::Malformed => b"malformed\0",
            wh_result::Userinfo => b"userinfo\0",
            wh_result::TooLong => b"too_long\0",
            wh_result::PrivateAddress => b"private_address\0",
        }
    }

    /// The static, NUL-terminated message for this code.
    fn message(self) -> &'static [u8] {
        match self {
            wh_result::Ok => b"ok\0",
            wh_result::NullParameter => b"a required pointer argument is null\0",
            wh_result::BufferTooSmall => b"the output buffer is too small\0",
            wh_result::Panic => b"internal error: the library panicked\0",
            wh_result::IndexOutOfRange => b"the key index is out of range\0",
            wh_result::InvalidLength => b"a buffer has a length the function cannot take\0",
            wh_result::InvalidSecret => b"invalid secret or key\0",
            wh_result::MissingHeader => b"a webhook header is missing\0",
            wh_result::InvalidHeader => b"a webhook header is malformed\0",
            wh_result::TimestampTooOld => b"webhook-timestamp is too old\0",
            wh_result::TimestampTooNew => b"webhook-timestamp is too new\0",
            wh_result::NoSupportedSignature => b"no signature of a supported scheme\0",
            wh_result::InvalidSignature => b"no signature matches\0",
            wh_result::RandomSource => b"the os random source failed\0",
            wh_result::UnknownError => b"unknown error\0",
            wh_result::HttpsRequired => b"the url must use https\0",
            wh_result::IpLiteral => b"the url names its host by an ip address\0",
            wh_result::PortNotAllowed => b"the port is not allowed\0",
            wh_result::BlockedHost => b"the url's host is a blocked name\0",
            wh_result::Malformed => b"the url, name or address text is malformed\0",
            wh_result::Userinfo => b"the url carries user information\0",
            wh_result::TooLong => b"the url is too long\0",
            wh_result::PrivateAddress => b"the address is not publicly routable\0",
        }
    }
}

impl From<webhook_core::Error> for wh_result {
    fn from(error: webhook_core::Error) -> wh_result {
        wh_result::from_kind(error.kind())
    }
}

impl From<UrlErrorKind> for wh_result {
    fn from(kind: UrlErrorKind) -> wh_result {
        wh_result::from_url_kind(kind)
    }
}

/// A signature scheme of the Standard Webhooks spec: which kind of key matched,
/// or which kind a ring entry is.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum wh_scheme {
    /// A scheme this build of the C API has no code for. It cannot happen while
    /// the C API and the library it wraps are built together, as they are.
    Unknown = 0,
    /// `v1`: HMAC-SHA256 with a shared secret.
    V1 = 1,
    /// `v1a`: ed25519; the receiver holds the public key.
    V1a = 2,
}

impl From<Scheme> for wh_scheme {
    fn from(scheme: Scheme) -> wh_scheme {
        match scheme {
            Scheme::V1 => wh_scheme::V1,
            Scheme::V1a => wh_scheme::V1a,
            // Scheme is non_exhaustive; the core has no other scheme today.
            _ => wh_scheme::Unknown,
        }
    }
}

/// The size of the buffer `wh_secret_generate` needs: `whsec_`, 44 base64
/// characters and the NUL.
pub const WH_SECRET_BUF_LEN: usize = 51;

/// The size of a buffer that holds any signing key text we write (from
/// `wh_keypair_generate` or `wh_signing_key_normalize`): `whsk_`, 88 base64
/// characters and the NUL.
pub const WH_SIGNING_KEY_BUF_LEN: usize = 94;

/// The size of a buffer that holds any public key text we write: `whpk_`, 44
/// base64 characters and the NUL.
pub const WH_PUBLIC_KEY_BUF_LEN: usize = 50;

/// The library's version, for example `"0.1.0"`.
///
/// The string is static and NUL-terminated: never free it. Never NULL.
#[unsafe(no_mangle)]
pub extern "C" fn wh_version() -> *const c_char {
    const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");
    fence!(VERSION.as_ptr().cast(), { VERSION.as_ptr().cast() })
}

/// A short, lowercase English description of `result`, for logs.
///
/// `result` is a `wh_result`; any other number gives `"unknown result code"`.
/// The string is static and NUL-terminated: never free it. Never NULL. Its text
/// may change between releases; compare the codes, not the messages.
#[unsafe(no_mangle)]
pub extern "C" fn wh_result_message(result: u32) -> *const c_char {
    const UNKNOWN: &[u8] = b"unknown result code\0";
    fence!(UNKNOWN.as_ptr().cast(), {
        let message = wh_result::ALL
            .into_iter()
            .find(|code| *code as u32 == result)
            .map_or(UNKNOWN, wh_result::message);
        message.as_ptr().cast()
    })
}

/// The stable name of `result`, for example `"ip_literal"`: for the 2xx and
/// 3xx codes, the name of the error kind or refusal kind as the test vectors
/// and the `webhook` command's JSON output spell it; for the others, the
/// code's own name in the same style (`"ok"`, `"buffer_too_small"`).
///
/// `result` is a `wh_result`; any other number gives the empty string. The
/// string is static and NUL-terminated: never free it. Never NULL. Unlike the
/// message, a code's name never changes.
#[unsafe(no_mangle)]
pub extern "C" fn wh_result_name(result: u32) -> *const c_char {
    const UNKNOWN: &[u8] = b"\0";
    fence!(UNKNOWN.as_ptr().cast(), {
        let name = wh_result::ALL
            .into_iter()
            .find(|code| *code as u32 == result)
            .map_or(UNKNOWN, wh_result::name);
        name.as_ptr().cast()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(ptr: *const c_char) -> &'static str {
        // SAFETY: only called on the static NUL-terminated strings that
        // `wh_result_name` and `wh_result_message` return.
        unsafe { core::ffi::CStr::from_ptr(ptr) }.to_str().unwrap()
    }

    #[test]
    fn every_error_kind_has_its_own_code() {
        let codes: Vec<wh_result> = ErrorKind::ALL
            .into_iter()
            .map(wh_result::from_kind)
            .collect();
        assert!(!codes.contains(&wh_result::UnknownError));
        for (i, code) in codes.iter().enumerate() {
            assert!(!codes[..i].contains(code), "{code:?} is used twice");
        }
    }

    #[test]
    fn every_url_error_kind_has_its_own_code_in_the_3xx_block() {
        let codes: Vec<wh_result> = UrlErrorKind::ALL.into_iter().map(wh_result::from).collect();
        for (i, code) in codes.iter().enumerate() {
            assert!((300..400).contains(&(*code as u32)), "{code:?}");
            assert!(!codes[..i].contains(code), "{code:?} is used twice");
        }
    }

    #[test]
    fn kind_codes_are_named_after_their_kinds() {
        for kind in ErrorKind::ALL {
            let code = wh_result::from_kind(kind);
            assert_eq!(text(wh_result_name(code as u32)), kind.name());
        }
        for kind in UrlErrorKind::ALL {
            let code = wh_result::from(kind);
            assert_eq!(text(wh_result_name(code as u32)), kind.as_str());
        }
    }

    #[test]
    fn every_code_has_a_unique_snake_case_name() {
        for (i, code) in wh_result::ALL.into_iter().enumerate() {
            let name = text(wh_result_name(code as u32));
            assert!(!name.is_empty(), "{code:?}");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
            let earlier = wh_result::ALL[..i].iter();
            assert!(earlier.map(|c| c.name()).all(|n| n != code.name()));
        }
        assert_eq!(text(wh_result_name(1)), "");
        assert_eq!(text(wh_result_name(u32::MAX)), "");
    }

    #[test]
    fn every_code_has_a_lowercase_nul_terminated_message() {
        for code in wh_result::ALL {
            for text in [code.message(), code.name()] {
                assert_eq!(text.iter().position(|&b| b == 0), Some(text.len() - 1));
                assert!(!text.iter().any(u8::is_ascii_uppercase), "{code:?}");
            }
        }
    }

    #[test]
    fn unknown_codes_get_the_unknown_message() {
        // SAFETY: wh_result_message returns a static NUL-terminated string.
        let text = unsafe { core::ffi::CStr::from_ptr(wh_result_message(1)) };
        assert_eq!(text.to_str().unwrap(), "unknown result code");
        // SAFETY: as above.
        let text = unsafe { core::ffi::CStr::from_ptr(wh_result_message(206)) };
        assert_eq!(text.to_str().unwrap(), "no signature matches");
    }

    #[test]
    fn version_matches_cargo_toml() {
        // SAFETY: wh_version returns a static NUL-terminated string.
        let version = unsafe { core::ffi::CStr::from_ptr(wh_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }

    #[test]
    fn buffer_constants_fit_generated_keys() {
        let secret = webhook_core::generate_secret().unwrap();
        assert_eq!(secret.len() + 1, WH_SECRET_BUF_LEN);
        let key = webhook_core::ed25519::SigningKey::generate().unwrap();
        assert_eq!(key.to_whsk().len() + 1, WH_SIGNING_KEY_BUF_LEN);
        assert_eq!(key.public_key().to_whpk().len() + 1, WH_PUBLIC_KEY_BUF_LEN);
    }

    #[test]
    fn every_scheme_has_its_own_code() {
        assert_eq!(wh_scheme::from(Scheme::V1), wh_scheme::V1);
        assert_eq!(wh_scheme::from(Scheme::V1a), wh_scheme::V1a);
    }

    #[test]
    fn handles_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<wh_verifier>();
        shareable::<wh_signer>();
        shareable::<wh_url_policy>();
    }
}
