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

mod ffi;
mod keys;
mod signer;
mod verifier;

use core::ffi::c_char;

use ffi::fence;
use webhook_core::{ErrorKind, Scheme};

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
/// library's error kinds, one code per kind.
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
    /// An error kind this build of the C API has no code for. It cannot happen
    /// while the C API and the library it wraps are built together, as they are.
    UnknownError = 299,
}

impl wh_result {
    /// Every code, for the tests and the message table.
    const ALL: [wh_result; 14] = [
        wh_result::Ok,
        wh_result::NullParameter,
        wh_result::BufferTooSmall,
        wh_result::Panic,
        wh_result::IndexOutOfRange,
        wh_result::InvalidSecret,
        wh_result::MissingHeader,
        wh_result::InvalidHeader,
        wh_result::TimestampTooOld,
        wh_result::TimestampTooNew,
        wh_result::NoSupportedSignature,
        wh_result::InvalidSignature,
        wh_result::RandomSource,
        wh_result::UnknownError,
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

    /// The static, NUL-terminated message for this code.
    fn message(self) -> &'static [u8] {
        match self {
            wh_result::Ok => b"ok\0",
            wh_result::NullParameter => b"a required pointer argument is null\0",
            wh_result::BufferTooSmall => b"the output buffer is too small\0",
            wh_result::Panic => b"internal error: the library panicked\0",
            wh_result::IndexOutOfRange => b"the key index is out of range\0",
            wh_result::InvalidSecret => b"invalid secret or key\0",
            wh_result::MissingHeader => b"a webhook header is missing\0",
            wh_result::InvalidHeader => b"a webhook header is malformed\0",
            wh_result::TimestampTooOld => b"webhook-timestamp is too old\0",
            wh_result::TimestampTooNew => b"webhook-timestamp is too new\0",
            wh_result::NoSupportedSignature => b"no signature of a supported scheme\0",
            wh_result::InvalidSignature => b"no signature matches\0",
            wh_result::RandomSource => b"the os random source failed\0",
            wh_result::UnknownError => b"unknown error\0",
        }
    }
}

impl From<webhook_core::Error> for wh_result {
    fn from(error: webhook_core::Error) -> wh_result {
        wh_result::from_kind(error.kind())
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_code_has_a_lowercase_nul_terminated_message() {
        for code in wh_result::ALL {
            let message = code.message();
            assert_eq!(
                message.iter().position(|&b| b == 0),
                Some(message.len() - 1)
            );
            assert!(!message.iter().any(u8::is_ascii_uppercase), "{code:?}");
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
    }
}
