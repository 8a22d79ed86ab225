//! The signer handle, for senders and for tests that need deliveries.

use core::ffi::c_char;

use webhook_core::{SignKey, Signer};

use crate::ffi::{self, attempt, fence};
use crate::verifier::key_texts;
use crate::wh_result;

/// A signer: a key ring that signs every delivery with each of its keys.
///
/// Make one with `wh_signer_new` and free it with `wh_signer_free`. It is
/// immutable, so one signer may be used from any number of threads at once
/// without locking.
#[derive(Debug)]
pub struct wh_signer {
    inner: Signer<Vec<SignKey>>,
}

/// Makes a signer that signs with each of `n_keys` keys, in order.
///
/// Key `i` is the `key_lens[i]` bytes at `keys[i]` (no NUL needed): `whsec_…`
/// or bare base64 for an HMAC secret (a `v1` entry), `whsk_…` for an ed25519
/// signing key (a `v1a` entry). A `whpk_` public key cannot sign and is refused.
///
/// On success `*signer_out` receives a new signer, owned by the caller, who
/// frees it with `wh_signer_free`. The key texts are copied: the caller may
/// clear and free them as soon as this returns. On failure `*signer_out` is not
/// written.
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

/// Frees a signer made by `wh_signer_new`, clearing its key material. NULL
/// does nothing.
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
/// `body` is any bytes, NUL included; NULL with length 0 is the empty body.
/// The `webhook-timestamp` header to send is `timestamp` in decimal.
///
/// `*needed_out` receives the size the value needs, NUL included, on success
/// and with `WH_RESULT_BUFFER_TOO_SMALL`; in the latter case `buf` is not
/// written. So `buf` may be NULL with `buf_len` 0 to ask for the size, and a
/// second call with a buffer of that size succeeds (signing is deterministic).
/// On any other failure nothing is written. The caller owns `buf`; nothing is
/// kept after the call returns.
///
/// # Safety
///
/// `signer` is NULL or a live signer; `id` and `body` point to their lengths in
/// readable bytes (or are NULL with length 0); `buf` is NULL or points to
/// `buf_len` writable bytes that overlap no input; `needed_out` is writable
/// (NULL gives `WH_RESULT_NULL_PARAMETER`).
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
        if needed_out.is_null() || (buf.is_null() && buf_len != 0) {
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
        // SAFETY: the caller promises `buf` covers `buf_len` bytes and
        // `needed_out` is writable.
        unsafe { ffi::write_text(&signed.signature, buf, buf_len, needed_out) }
    })
}
