//! Key generation and key text: new secrets and key pairs, and the canonical
//! text of ed25519 keys a user already has.

use core::ffi::c_char;

use webhook_core::ed25519::{PublicKey, SigningKey};
use zeroize::Zeroize;

use crate::ffi::{self, attempt, fence};
use crate::wh_result;

/// Generates a new `v1` HMAC secret from the operating system's random source
/// and writes it, as NUL-terminated `whsec_…` text, into `buf`.
///
/// `buf_len` of `WH_SECRET_BUF_LEN` is always enough. `*needed_out` receives the
/// size needed, NUL included, on success and with `WH_RESULT_BUFFER_TOO_SMALL`
/// (then `buf` is not written and the secret is discarded). The text is a
/// secret: the caller owns `buf` and should clear it when done.
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
        let result = unsafe { ffi::write_text(&secret, buf, buf_len, needed_out) };
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
/// neither buffer is written and the pair is discarded. The caller owns both
/// buffers and should clear the signing key when done.
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
        let key = attempt!(SigningKey::generate().map_err(wh_result::from));
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
            // SAFETY: both buffers are long enough (so not NULL) and writable,
            // and the caller promises they do not overlap.
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

/// Reads key text given as a pointer and a length.
///
/// # Safety
///
/// `text` points to `text_len` readable bytes, or is NULL with `text_len` 0.
unsafe fn key_text<'a>(text: *const c_char, text_len: usize) -> Result<&'a str, wh_result> {
    // SAFETY: forwarded from the caller.
    let bytes = unsafe { ffi::bytes(text, text_len)? };
    core::str::from_utf8(bytes).map_err(|_| wh_result::InvalidSecret)
}

/// Reads an ed25519 public key in any form we accept and writes its canonical
/// `whpk_` text (the raw 32 bytes in padded base64), NUL-terminated, into
/// `buf`.
///
/// `text` is `text_len` bytes (no NUL needed): `whpk_` or no prefix, then the
/// raw key or its 44-byte SubjectPublicKeyInfo DER in standard base64. Text
/// that is not such a key, or a weak (small-order) key, is
/// `WH_RESULT_INVALID_SECRET`. `*needed_out` and `buf` follow the rule of
/// `wh_signer_sign`: the size on success and with `WH_RESULT_BUFFER_TOO_SMALL`,
/// the text only on success; `WH_PUBLIC_KEY_BUF_LEN` is always enough.
///
/// # Safety
///
/// `text` points to `text_len` readable bytes (or is NULL with `text_len` 0);
/// `buf` is NULL or points to `buf_len` writable bytes; `needed_out` is
/// writable (NULL gives `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_public_key_normalize(
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `text` covers `text_len` bytes.
        let text = attempt!(unsafe { key_text(text, text_len) });
        if needed_out.is_null() || (buf.is_null() && buf_len != 0) {
            return wh_result::NullParameter;
        }
        let key = attempt!(PublicKey::from_base64(text).map_err(wh_result::from));
        // SAFETY: the caller promises `buf` covers `buf_len` bytes and
        // `needed_out` is writable.
        unsafe { ffi::write_text(&key.to_whpk(), buf, buf_len, needed_out) }
    })
}

/// Reads an ed25519 signing key (`whsk_` or no prefix, then the 32-byte seed
/// or the 64-byte seed-then-public-key form in standard base64) and writes
/// either its canonical `whsk_` text (the 64-byte form) or, when
/// `public` is true, the `whpk_` text of its public key.
///
/// Shared by `wh_signing_key_normalize` and `wh_signing_key_public`.
///
/// # Safety
///
/// As for `wh_signing_key_normalize`.
unsafe fn signing_key_text(
    text: *const c_char,
    text_len: usize,
    public: bool,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    // SAFETY: the caller promises `text` covers `text_len` bytes.
    let text = attempt!(unsafe { key_text(text, text_len) });
    if needed_out.is_null() || (buf.is_null() && buf_len != 0) {
        return wh_result::NullParameter;
    }
    let key = attempt!(SigningKey::from_base64(text).map_err(wh_result::from));
    let mut out = if public {
        key.public_key().to_whpk()
    } else {
        key.to_whsk()
    };
    // SAFETY: the caller promises `buf` covers `buf_len` bytes and
    // `needed_out` is writable.
    let result = unsafe { ffi::write_text(&out, buf, buf_len, needed_out) };
    out.zeroize();
    result
}

/// Reads an ed25519 signing key in any form we accept and writes its
/// canonical `whsk_` text (the 64-byte seed-then-public-key form, as deployed
/// senders use), NUL-terminated, into `buf`.
///
/// `text` is `text_len` bytes (no NUL needed): `whsk_` or no prefix, then the
/// 32-byte seed or the 64-byte form in standard base64. A 64-byte key whose
/// halves do not match, and any other text, is `WH_RESULT_INVALID_SECRET`.
/// `*needed_out` and `buf` follow the rule of `wh_signer_sign`;
/// `WH_SIGNING_KEY_BUF_LEN` is always enough. The text is a secret: the caller
/// owns `buf` and should clear it when done; we keep no copy.
///
/// # Safety
///
/// `text` points to `text_len` readable bytes (or is NULL with `text_len` 0);
/// `buf` is NULL or points to `buf_len` writable bytes that do not overlap
/// `text`; `needed_out` is writable (NULL gives `WH_RESULT_NULL_PARAMETER`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_signing_key_normalize(
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { signing_key_text(text, text_len, false, buf, buf_len, needed_out) }
    })
}

/// Reads an ed25519 signing key as `wh_signing_key_normalize` does and writes
/// the `whpk_` text of its public key, NUL-terminated, into `buf`: the key to
/// give receivers.
///
/// `*needed_out` and `buf` follow the rule of `wh_signer_sign`;
/// `WH_PUBLIC_KEY_BUF_LEN` is always enough.
///
/// # Safety
///
/// As for `wh_signing_key_normalize`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_signing_key_public(
    text: *const c_char,
    text_len: usize,
    buf: *mut c_char,
    buf_len: usize,
    needed_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { signing_key_text(text, text_len, true, buf, buf_len, needed_out) }
    })
}
