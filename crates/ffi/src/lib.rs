//! The C API of libwebhook: sign and verify Standard Webhooks deliveries from C
//! and C++, through `libwebhook.so` / `libwebhook.a` and `include/webhook.h`.
//!
//! The header is generated from this crate by `cargo xtask gen-header`, and the
//! doc comments below become its comments, so they are written for the C caller.
//! The conventions every function follows are in this crate's README.
//!
//! The rules themselves (key text, header grammar, the time window, the order of
//! checks) are the core's, unchanged: see `webhook_core`'s crate docs.

// We opt out of the workspace's `unsafe_code = "deny"`: a C ABI cannot be
// written without dereferencing the caller's raw pointers. All of that lives in
// `ffi.rs`, and every block states the caller duty it relies on.
#![allow(unsafe_code)]
// The exported names are C names: `wh_` prefix, snake case types.
#![allow(non_camel_case_types)]

mod ffi;

use core::ffi::c_char;

use ffi::{attempt, fence};
use webhook_core::{ErrorKind, Headers, SignKey, Signer, Verifier, VerifyKey};
use zeroize::Zeroize;

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
    /// A key or secret could not be parsed, or the key ring is empty or too big.
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
    const ALL: [wh_result; 13] = [
        wh_result::Ok,
        wh_result::NullParameter,
        wh_result::BufferTooSmall,
        wh_result::Panic,
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

/// The size of the buffer `wh_secret_generate` needs: `whsec_`, 44 base64
/// characters and the NUL.
pub const WH_SECRET_BUF_LEN: usize = 51;

/// The size of the signing key buffer `wh_keypair_generate` needs: `whsk_`, 88
/// base64 characters and the NUL.
pub const WH_SIGNING_KEY_BUF_LEN: usize = 94;

/// The size of the public key buffer `wh_keypair_generate` needs: `whpk_`, 44
/// base64 characters and the NUL.
pub const WH_PUBLIC_KEY_BUF_LEN: usize = 50;

/// The library's version, for example `"0.1.0"`.
///
/// The string is static and NUL-terminated: never free it.
#[unsafe(no_mangle)]
pub extern "C" fn wh_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// A short, lowercase English description of `result`, for logs.
///
/// `result` is a `wh_result`; any other number gives `"unknown result code"`.
/// The string is static and NUL-terminated: never free it. Its text may change
/// between releases; compare the codes, not the messages.
#[unsafe(no_mangle)]
pub extern "C" fn wh_result_message(result: u32) -> *const c_char {
    let message = wh_result::ALL
        .into_iter()
        .find(|code| *code as u32 == result)
        .map_or(&b"unknown result code\0"[..], wh_result::message);
    message.as_ptr().cast()
}

/// Reads `n` key texts given as parallel arrays of pointers and lengths.
///
/// # Safety
///
/// As for `wh_verifier_new`'s `keys` and `key_lens`.
unsafe fn key_texts<'a>(
    keys: *const *const c_char,
    key_lens: *const usize,
    n: usize,
) -> Result<Vec<&'a str>, wh_result> {
    // SAFETY: the caller promises `n` readable pointers and lengths.
    let (keys, lens) = unsafe { (ffi::array(keys, n)?, ffi::array(key_lens, n)?) };
    keys.iter()
        .zip(lens)
        .map(|(&key, &len)| {
            // SAFETY: the caller promises each key points to its length in bytes.
            let text = unsafe { ffi::bytes(key, len)? };
            // Key text is base64 with an ASCII prefix, so text that is not
            // UTF-8 is simply invalid key text.
            core::str::from_utf8(text).map_err(|_| wh_result::InvalidSecret)
        })
        .collect()
}

/// A verifier: a key ring and a clock tolerance, fixed when it is made.
///
/// Make one with `wh_verifier_new` and free it with `wh_verifier_free`. It is
/// immutable, so one verifier may be used from any number of threads at once.
#[derive(Debug)]
pub struct wh_verifier {
    inner: Verifier<Vec<VerifyKey>>,
}

/// Makes a verifier that accepts deliveries signed by any of `n_keys` keys.
///
/// Key `i` is the `key_lens[i]` bytes at `keys[i]` (no NUL needed): `whsec_…` or
/// bare base64 for an HMAC secret (`v1`), `whpk_…` for an ed25519 public key
/// (`v1a`), or `whsk_…` for an ed25519 signing key, of which only the public half
/// is kept. `not_after` may be NULL; otherwise key `i` stops matching once the
/// `now` given to verification is past `not_after[i]` (pass `UINT64_MAX` for a
/// key that never expires). `tolerance_secs` is how far `webhook-timestamp` may
/// be from `now` either way; the usual value is 300.
///
/// On success `*verifier_out` receives a new verifier, owned by the caller, who
/// frees it with `wh_verifier_free`. The key texts are copied: the arrays may be
/// freed as soon as this returns. On failure `*verifier_out` is not written.
///
/// Returns `WH_RESULT_INVALID_SECRET` when a key cannot be parsed or `n_keys`
/// is 0, and `WH_RESULT_NULL_PARAMETER` when `verifier_out` is NULL or an array
/// or key is NULL with a nonzero count or length.
///
/// # Safety
///
/// `keys` and `key_lens` each point to `n_keys` elements (or are NULL with
/// `n_keys` 0), `not_after` is NULL or points to `n_keys` elements, each
/// `keys[i]` points to `key_lens[i]` readable bytes, and `verifier_out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_new(
    keys: *const *const c_char,
    key_lens: *const usize,
    not_after: *const u64,
    n_keys: usize,
    tolerance_secs: u64,
    verifier_out: *mut *mut wh_verifier,
) -> wh_result {
    fence!(wh_result::Panic, {
        if verifier_out.is_null() {
            return wh_result::NullParameter;
        }
        // SAFETY: the caller promises the arrays hold `n_keys` elements.
        let texts = attempt!(unsafe { key_texts(keys, key_lens, n_keys) });
        let expiries = if not_after.is_null() {
            None
        } else {
            // SAFETY: not NULL, so the caller promises `n_keys` elements.
            Some(attempt!(unsafe { ffi::array(not_after, n_keys) }))
        };

        let mut ring = Vec::with_capacity(texts.len());
        for (i, text) in texts.into_iter().enumerate() {
            let mut key = attempt!(VerifyKey::parse(text).map_err(wh_result::from));
            if let Some(limit) = expiries.and_then(|e| e.get(i)) {
                key = key.not_after(*limit);
            }
            ring.push(key);
        }

        let inner = attempt!(Verifier::new(ring).map_err(wh_result::from));
        let handle = ffi::into_handle(wh_verifier {
            inner: inner.with_tolerance(tolerance_secs),
        });
        // SAFETY: checked not NULL above; the caller promises it is writable.
        attempt!(unsafe { ffi::write_out(verifier_out, handle) });
        wh_result::Ok
    })
}

/// Frees a verifier made by `wh_verifier_new`. NULL does nothing.
///
/// No other thread may still be using the verifier, and it must not be used or
/// freed again afterwards.
///
/// # Safety
///
/// `verifier` is NULL or a verifier from `wh_verifier_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_free(verifier: *mut wh_verifier) {
    // SAFETY: the caller promises it is NULL or live and freed only now.
    fence!((), { unsafe { ffi::free_handle(verifier) } });
}

/// Verifies one delivery received at `now` (seconds since the Unix epoch).
///
/// `id`, `timestamp` and `signature` are the values of the `webhook-id`,
/// `webhook-timestamp` and `webhook-signature` headers, each as a pointer and a
/// length in bytes (no NUL needed, used verbatim). A NULL pointer with length 0
/// means that header is absent, which gives `WH_RESULT_MISSING_HEADER`; a NULL
/// pointer with a nonzero length is `WH_RESULT_NULL_PARAMETER`. `body` is the
/// request body exactly as received: any bytes, NUL included; NULL with length
/// 0 is the empty body.
///
/// On success returns `WH_RESULT_OK` and, if `key_index_out` is not NULL, writes
/// the position in the key ring of the first key that matched. On failure
/// `*key_index_out` is not written. Nothing is kept after the call returns.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; each non-NULL data pointer points to
/// its length in readable bytes, unchanged during the call; `key_index_out` is
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_verify(
    verifier: *const wh_verifier,
    id: *const c_char,
    id_len: usize,
    timestamp: *const c_char,
    timestamp_len: usize,
    signature: *const c_char,
    signature_len: usize,
    body: *const u8,
    body_len: usize,
    now: u64,
    key_index_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `verifier` is NULL or live.
        let verifier = attempt!(unsafe { ffi::handle(verifier) });
        // SAFETY: the caller promises each pointer covers its length.
        let (headers, body) = attempt!(unsafe {
            delivery(
                (id, id_len),
                (timestamp, timestamp_len),
                (signature, signature_len),
                (body, body_len),
            )
        });

        let verified = attempt!(
            verifier
                .inner
                .verify(&headers, body, now)
                .map_err(wh_result::from)
        );
        if !key_index_out.is_null() {
            // SAFETY: not NULL, so the caller promises it is writable.
            attempt!(unsafe { ffi::write_out(key_index_out, verified.key_index()) });
        }
        wh_result::Ok
    })
}

/// As `wh_verifier_verify`, with `now` read from the system clock.
///
/// # Safety
///
/// As for `wh_verifier_verify`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_verify_now(
    verifier: *const wh_verifier,
    id: *const c_char,
    id_len: usize,
    timestamp: *const c_char,
    timestamp_len: usize,
    signature: *const c_char,
    signature_len: usize,
    body: *const u8,
    body_len: usize,
    key_index_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `verifier` is NULL or live.
        let verifier = attempt!(unsafe { ffi::handle(verifier) });
        // SAFETY: the caller promises each pointer covers its length.
        let (headers, body) = attempt!(unsafe {
            delivery(
                (id, id_len),
                (timestamp, timestamp_len),
                (signature, signature_len),
                (body, body_len),
            )
        });

        let verified = attempt!(
            verifier
                .inner
                .verify_now(&headers, body)
                .map_err(wh_result::from)
        );
        if !key_index_out.is_null() {
            // SAFETY: not NULL, so the caller promises it is writable.
            attempt!(unsafe { ffi::write_out(key_index_out, verified.key_index()) });
        }
        wh_result::Ok
    })
}

/// The headers and body of one delivery from C's pointers and lengths.
///
/// # Safety
///
/// Each non-NULL pointer points to its length in readable bytes that stay
/// unchanged for `'a`.
unsafe fn delivery<'a>(
    id: (*const c_char, usize),
    timestamp: (*const c_char, usize),
    signature: (*const c_char, usize),
    body: (*const u8, usize),
) -> Result<(Headers<'a>, &'a [u8]), wh_result> {
    // SAFETY: forwarded from the caller.
    unsafe {
        let headers = Headers {
            id: ffi::header(id.0, id.1)?,
            timestamp: ffi::header(timestamp.0, timestamp.1)?,
            signature: ffi::header(signature.0, signature.1)?,
        };
        Ok((headers, ffi::bytes(body.0, body.1)?))
    }
}

/// A signer: a key ring that signs every delivery with each of its keys.
///
/// Make one with `wh_signer_new` and free it with `wh_signer_free`. It is
/// immutable, so one signer may be used from any number of threads at once.
#[derive(Debug)]
pub struct wh_signer {
    inner: Signer<Vec<SignKey>>,
}

/// Makes a signer that signs with each of `n_keys` keys, in order.
///
/// Key `i` is the `key_lens[i]` bytes at `keys[i]`: `whsec_…` or bare base64 for
/// an HMAC secret (a `v1` entry), `whsk_…` for an ed25519 signing key (a `v1a`
/// entry). A `whpk_` public key cannot sign and is refused.
///
/// On success `*signer_out` receives a new signer, owned by the caller, who
/// frees it with `wh_signer_free`. The key texts are copied. On failure
/// `*signer_out` is not written.
///
/// Returns `WH_RESULT_INVALID_SECRET` when a key cannot be parsed, or the ring
/// is empty or holds more keys than receivers accept (32 in all, 8 ed25519).
///
/// # Safety
///
/// `keys` and `key_lens` each point to `n_keys` elements (or are NULL with
/// `n_keys` 0), each `keys[i]` points to `key_lens[i]` readable bytes, and
/// `signer_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_signer_new(
    keys: *const *const c_char,
    key_lens: *const usize,
    n_keys: usize,
    signer_out: *mut *mut wh_signer,
) -> wh_result {
    fence!(wh_result::Panic, {
        if signer_out.is_null() {
            return wh_result::NullParameter;
        }
        // SAFETY: the caller promises the arrays hold `n_keys` elements.
        let texts = attempt!(unsafe { key_texts(keys, key_lens, n_keys) });
        let ring: Result<Vec<SignKey>, _> = texts.into_iter().map(SignKey::parse).collect();
        let ring = attempt!(ring.map_err(wh_result::from));

        let inner = attempt!(Signer::new(ring).map_err(wh_result::from));
        let handle = ffi::into_handle(wh_signer { inner });
        // SAFETY: checked not NULL above; the caller promises it is writable.
        attempt!(unsafe { ffi::write_out(signer_out, handle) });
        wh_result::Ok
    })
}

/// Frees a signer made by `wh_signer_new`. NULL does nothing.
///
/// No other thread may still be using the signer, and it must not be used or
/// freed again afterwards.
///
/// # Safety
///
/// `signer` is NULL or a signer from `wh_signer_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_signer_free(signer: *mut wh_signer) {
    // SAFETY: the caller promises it is NULL or live and freed only now.
    fence!((), { unsafe { ffi::free_handle(signer) } });
}

/// Signs `body` as message `id` sent at `timestamp` (seconds since the Unix
/// epoch) and writes the `webhook-signature` value, NUL-terminated, into `buf`.
///
/// `id` is `id_len` bytes (no NUL needed); it must be an id receivers accept
/// (visible ASCII without `.`, 1 to 256 bytes), else `WH_RESULT_INVALID_HEADER`.
/// `body` is any bytes; NULL with length 0 is the empty body. The
/// `webhook-timestamp` header to send is `timestamp` in decimal.
///
/// `*needed_out` receives the size the value needs, NUL included, both on
/// success and when `buf_len` is too small; in the latter case the result is
/// `WH_RESULT_BUFFER_TOO_SMALL` and `buf` is not written. So `buf` may be NULL
/// with `buf_len` 0 to ask for the size. On any other failure nothing is
/// written.
///
/// # Safety
///
/// `signer` is NULL or a live signer; `id` and `body` point to their lengths in
/// readable bytes (or are NULL with length 0); `buf` is NULL or points to
/// `buf_len` writable bytes; `needed_out` is writable (NULL gives
/// `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_signer_sign(
    signer: *const wh_signer,
    id: *const c_char,
    id_len: usize,
    timestamp: u64,
    body: *const u8,
    body_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `signer` is NULL or live.
        let signer = attempt!(unsafe { ffi::handle(signer) });
        // SAFETY: the caller promises each pointer covers its length.
        let id = attempt!(unsafe { ffi::bytes(id, id_len) });
        // SAFETY: as above.
        let body = attempt!(unsafe { ffi::bytes(body, body_len) });
        if needed_out.is_null() {
            return wh_result::NullParameter;
        }
        // An id that is not UTF-8 is not visible ASCII either, so it is the
        // same error the signer gives any other id receivers would refuse.
        let id = attempt!(core::str::from_utf8(id).map_err(|_| wh_result::InvalidHeader));

        let signed = attempt!(
            signer
                .inner
                .sign(id, timestamp, body)
                .map_err(wh_result::from)
        );
        // SAFETY: `buf` covers `buf_len` bytes and `needed_out` is writable.
        unsafe { write_text(&signed.signature, buf, buf_len, needed_out) }
    })
}

/// Copies `text` into a caller's buffer, reporting the size needed.
///
/// # Safety
///
/// `buf` is NULL or points to `buf_len` writable bytes; `needed_out` is
/// writable and not NULL.
unsafe fn write_text(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    let needed = attempt!(ffi::check_text_buf(text, buf, buf_len));
    // SAFETY: the caller promises `needed_out` is writable.
    attempt!(unsafe { ffi::write_out(needed_out, needed) });
    if buf_len < needed {
        return wh_result::BufferTooSmall;
    }
    // SAFETY: `buf` is not NULL (its length is at least 1) and holds `needed`.
    unsafe { ffi::copy_text(text, buf) };
    wh_result::Ok
}

/// Generates a new `v1` HMAC secret from the operating system's random source
/// and writes it, as NUL-terminated `whsec_…` text, into `buf`.
///
/// `buf_len` of `WH_SECRET_BUF_LEN` is always enough. `*needed_out` receives the
/// size needed, NUL included, on success and with `WH_RESULT_BUFFER_TOO_SMALL`
/// (then `buf` is not written and no secret is kept). The text is a secret: the
/// caller owns `buf` and should clear it when done.
///
/// # Safety
///
/// `buf` is NULL or points to `buf_len` writable bytes; `needed_out` is
/// writable (NULL gives `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_secret_generate(
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        if needed_out.is_null() || (buf.is_null() && buf_len != 0) {
            return wh_result::NullParameter;
        }
        let mut secret = attempt!(webhook_core::generate_secret().map_err(wh_result::from));
        // SAFETY: the caller promises `buf` covers `buf_len` bytes and
        // `needed_out` is writable; checked not NULL above.
        let result = unsafe { write_text(&secret, buf, buf_len, needed_out) };
        secret.zeroize();
        result
    })
}

/// Generates a new ed25519 key pair for `v1a` signing and writes the signing
/// key (`whsk_…`, keep it secret) into `signing_buf` and the public key
/// (`whpk_…`, for receivers) into `public_buf`, both NUL-terminated.
///
/// `WH_SIGNING_KEY_BUF_LEN` and `WH_PUBLIC_KEY_BUF_LEN` are always enough.
/// `*signing_needed_out` and `*public_needed_out` receive the sizes needed, NUL
/// included, on success and with `WH_RESULT_BUFFER_TOO_SMALL`, in which case
/// neither buffer is written and the pair is discarded.
///
/// # Safety
///
/// Each buffer is NULL or points to its length in writable bytes; the two
/// buffers do not overlap; each needed-size pointer is writable (NULL gives
/// `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_keypair_generate(
    signing_buf: *mut c_char,
    signing_buf_len: usize,
    public_buf: *mut c_char,
    public_buf_len: usize,
    signing_needed_out: *mut usize,
    public_needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        let null_buf = |buf: *mut c_char, len| buf.is_null() && len != 0;
        if null_buf(signing_buf, signing_buf_len)
            || null_buf(public_buf, public_buf_len)
            || signing_needed_out.is_null()
            || public_needed_out.is_null()
        {
            return wh_result::NullParameter;
        }
        let key = attempt!(webhook_core::ed25519::SigningKey::generate().map_err(wh_result::from));
        let mut signing = key.to_whsk();
        let public = key.public_key().to_whpk();

        // Both sizes are reported before either buffer is checked, so one call
        // with two empty buffers tells the caller everything.
        // SAFETY: both pointers checked not NULL above; the caller promises
        // they are writable.
        unsafe {
            signing_needed_out.write(signing.len() + 1);
            public_needed_out.write(public.len() + 1);
        }
        let result = if signing_buf_len <= signing.len() || public_buf_len <= public.len() {
            wh_result::BufferTooSmall
        } else {
            // SAFETY: both buffers are long enough (so not NULL) and writable.
            unsafe {
                ffi::copy_text(&signing, signing_buf);
                ffi::copy_text(&public, public_buf);
            }
            wh_result::Ok
        };
        signing.zeroize();
        result
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
    fn handles_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<wh_verifier>();
        shareable::<wh_signer>();
    }
}
