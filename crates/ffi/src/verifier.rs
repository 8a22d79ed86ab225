//! The verifier handle: made from key text or a JWK set, then used to verify
//! deliveries from any number of threads.

use core::ffi::c_char;

use webhook_core::ed25519::{PublicKey, SigningKey};
use webhook_core::{Headers, PUBLIC_KEY_PREFIX, SIGNING_KEY_PREFIX, Secret, Verifier, VerifyKey};

use crate::ffi::{self, attempt, fence};
use crate::{WH_PUBLIC_KEY_BUF_LEN, wh_result, wh_scheme};

/// A verifier: a key ring and a clock tolerance, fixed when it is made.
///
/// Make one with `wh_verifier_new`, `wh_verifier_new_secrets` or
/// `wh_verifier_new_jwks` and free it with
/// `wh_verifier_free`. It is immutable, so one verifier may be used from any
/// number of threads at once without locking.
#[derive(Debug)]
pub struct wh_verifier {
    inner: Verifier<Vec<VerifyKey>>,
    /// What `wh_verifier_key` reports, one entry per ring key.
    info: Vec<KeyInfo>,
}

/// What we remember about one ring key beyond what the core keeps.
#[derive(Debug)]
struct KeyInfo {
    /// The JWK `kid`, for keys read from a JWK set that had one.
    kid: Option<Box<[u8]>>,
    /// The `whpk_` text of an ed25519 key; `None` for an HMAC secret.
    public: Option<String>,
}

/// What a successful verification established.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct wh_verified {
    /// The position, in the verifier's key ring, of the first key (in ring
    /// order) that one of the signatures matched.
    pub key_index: usize,
    /// The scheme of the entry that matched: `WH_SCHEME_V1` for an HMAC
    /// secret, `WH_SCHEME_V1A` for an ed25519 key.
    pub scheme: wh_scheme,
}

/// One key of a verifier's ring, as `wh_verifier_key` describes it.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct wh_key_info {
    /// `WH_SCHEME_V1` for an HMAC secret, `WH_SCHEME_V1A` for an ed25519 key.
    pub scheme: wh_scheme,
    /// The last second (Unix time) at which the key may match; `UINT64_MAX`
    /// when it never expires.
    pub not_after: u64,
    /// The JWK `kid` of a key read from a JWK set, `kid_len` bytes, not
    /// NUL-terminated (a `kid` may contain NUL). NULL with `kid_len` 0 when the
    /// key has no `kid`. The bytes belong to the verifier and stay valid until
    /// it is freed.
    pub kid: *const c_char,
    /// The length of `kid` in bytes.
    pub kid_len: usize,
    /// For an ed25519 key, its `whpk_` text (raw 32 bytes in base64),
    /// NUL-terminated; for an HMAC secret, the empty string (secrets are
    /// never handed back).
    pub public_key: [c_char; WH_PUBLIC_KEY_BUF_LEN],
}

/// Reads `n` key texts given as parallel arrays of pointers and lengths.
///
/// # Safety
///
/// As for `wh_verifier_new`'s `keys` and `key_lens`.
pub(crate) unsafe fn key_texts<'a>(
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

/// The `whpk_` text of an ed25519 ring key given as text that has already
/// parsed; `None` for an HMAC secret.
fn public_text(text: &str) -> Option<String> {
    if text.starts_with(PUBLIC_KEY_PREFIX) {
        PublicKey::from_base64(text).ok().map(|key| key.to_whpk())
    } else if text.starts_with(SIGNING_KEY_PREFIX) {
        SigningKey::from_base64(text)
            .ok()
            .map(|key| key.public_key().to_whpk())
    } else {
        None
    }
}

/// Builds the handle and hands it to the caller through `verifier_out`.
///
/// # Safety
///
/// `verifier_out` is not NULL and is writable.
unsafe fn finish(
    ring: Vec<VerifyKey>,
    info: Vec<KeyInfo>,
    tolerance_secs: u64,
    verifier_out: *mut *mut wh_verifier,
) -> wh_result {
    let inner = attempt!(Verifier::new(ring).map_err(wh_result::from));
    let handle = ffi::into_handle(wh_verifier {
        inner: inner.with_tolerance(tolerance_secs),
        info,
    });
    // SAFETY: the caller promises `verifier_out` is writable and not NULL.
    unsafe { verifier_out.write(handle) };
    wh_result::Ok
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
    let ring = Ring {
        keys,
        key_lens,
        not_after,
        n_keys,
    };
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { new_from_texts(&ring, false, tolerance_secs, verifier_out) }
    })
}

/// As `wh_verifier_new`, for a ring of HMAC secrets only (`v1`): each text is
/// `whsec_…` or bare base64, and an ed25519 `whsk_…` or `whpk_…` key is refused
/// with `WH_RESULT_INVALID_SECRET` instead of being read as one.
///
/// A receiver whose sender signs only `v1` should use this: a pasted ed25519
/// key then fails at start-up, where `wh_verifier_new` would accept it and
/// refuse every delivery as `WH_RESULT_NO_SUPPORTED_SIGNATURE`. Ownership and
/// the other arguments are as for `wh_verifier_new`.
///
/// # Safety
///
/// As for `wh_verifier_new`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_new_secrets(
    secrets: *const *const c_char,
    secret_lens: *const usize,
    not_after: *const u64,
    n_secrets: usize,
    tolerance_secs: u64,
    verifier_out: *mut *mut wh_verifier,
) -> wh_result {
    let ring = Ring {
        keys: secrets,
        key_lens: secret_lens,
        not_after,
        n_keys: n_secrets,
    };
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { new_from_texts(&ring, true, tolerance_secs, verifier_out) }
    })
}

/// The key ring arguments of `wh_verifier_new`, still as C pointers.
struct Ring {
    keys: *const *const c_char,
    key_lens: *const usize,
    not_after: *const u64,
    n_keys: usize,
}

/// The shared body of `wh_verifier_new` and `wh_verifier_new_secrets`.
///
/// # Safety
///
/// As for `wh_verifier_new`.
unsafe fn new_from_texts(
    ring: &Ring,
    secrets_only: bool,
    tolerance_secs: u64,
    verifier_out: *mut *mut wh_verifier,
) -> wh_result {
    if verifier_out.is_null() {
        return wh_result::NullParameter;
    }
    // SAFETY: the caller promises the arrays hold `n_keys` elements.
    let texts = attempt!(unsafe { key_texts(ring.keys, ring.key_lens, ring.n_keys) });
    let expiries = if ring.not_after.is_null() {
        None
    } else {
        // SAFETY: not NULL, so the caller promises `n_keys` elements.
        Some(attempt!(unsafe { ffi::array(ring.not_after, ring.n_keys) }))
    };

    let mut keys = Vec::with_capacity(texts.len());
    let mut info = Vec::with_capacity(texts.len());
    for (i, text) in texts.into_iter().enumerate() {
        let parsed = if secrets_only {
            Secret::from_base64(text).map(VerifyKey::from)
        } else {
            VerifyKey::parse(text)
        };
        let mut key = attempt!(parsed.map_err(wh_result::from));
        if let Some(limit) = expiries.and_then(|e| e.get(i)) {
            key = key.not_after(*limit);
        }
        keys.push(key);
        info.push(KeyInfo {
            kid: None,
            public: public_text(text),
        });
    }
    // SAFETY: checked not NULL above; the caller promises it is writable.
    unsafe { finish(keys, info, tolerance_secs, verifier_out) }
}

/// Makes a verifier from a JWK set (`{"keys": [...]}`) or a single JWK, the
/// way some senders publish their `v1a` public keys.
///
/// `jwks` is the document's text, `jwks_len` bytes of UTF-8 JSON (no NUL
/// needed). Every key must be a public Ed25519 key (RFC 8037: `kty` `"OKP"`,
/// `crv` `"Ed25519"`); one key of any other kind, or a private key, refuses the
/// whole document with `WH_RESULT_INVALID_SECRET`, as does text that is not
/// such a document. The keys keep their document order, so `key_index` in a
/// `wh_verified` is a position in the set, and `wh_verifier_key` gives each
/// key's `kid`. `tolerance_secs` is as for `wh_verifier_new`; the keys never
/// expire.
///
/// On success `*verifier_out` receives a new verifier, owned by the caller, who
/// frees it with `wh_verifier_free`. The document is not kept: it may be freed
/// as soon as this returns. On failure `*verifier_out` is not written.
///
/// # Safety
///
/// `jwks` points to `jwks_len` readable bytes (or is NULL with `jwks_len` 0,
/// which is refused as an empty document), and `verifier_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_new_jwks(
    jwks: *const c_char,
    jwks_len: usize,
    tolerance_secs: u64,
    verifier_out: *mut *mut wh_verifier,
) -> wh_result {
    fence!(wh_result::Panic, {
        if verifier_out.is_null() {
            return wh_result::NullParameter;
        }
        // SAFETY: the caller promises `jwks` covers `jwks_len` bytes.
        let text = attempt!(unsafe { ffi::bytes(jwks, jwks_len) });
        let text = attempt!(core::str::from_utf8(text).map_err(|_| wh_result::InvalidSecret));
        let keys = attempt!(webhook_core::jwk::parse_jwks(text).map_err(wh_result::from));

        let ring = keys.iter().map(|key| key.verify_key()).collect();
        let info = keys
            .iter()
            .map(|key| KeyInfo {
                kid: key.kid().map(|kid| kid.as_bytes().into()),
                public: Some(key.public_key().to_whpk()),
            })
            .collect();
        // SAFETY: checked not NULL above; the caller promises it is writable.
        unsafe { finish(ring, info, tolerance_secs, verifier_out) }
    })
}

/// Frees a verifier made by any `wh_verifier_new*` function. NULL does
/// nothing.
///
/// No other thread may still be using the verifier, and it must not be used or
/// freed again afterwards. `kid` pointers from `wh_verifier_key` die with it.
///
/// # Safety
///
/// `verifier` is NULL or a verifier from a `wh_verifier_new*` function, not
/// yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_free(verifier: *mut wh_verifier) {
    // SAFETY: the caller promises it is NULL or live and freed only now.
    fence!((), { unsafe { ffi::free_handle(verifier) } });
}

/// Verifies one delivery received at `now` (seconds since the Unix epoch).
///
/// `id`, `timestamp` and `signature` are the values of the `webhook-id`,
/// `webhook-timestamp` and `webhook-signature` headers, each as a pointer and a
/// length in bytes (no NUL needed, used verbatim, need not be UTF-8). A NULL
/// pointer with length 0 means that header is absent, which gives
/// `WH_RESULT_MISSING_HEADER`; a NULL pointer with a nonzero length is
/// `WH_RESULT_NULL_PARAMETER`. If the request repeats `webhook-signature`,
/// join its values with one space. `body` is the request body exactly as
/// received: any bytes, NUL included; NULL with length 0 is the empty body.
///
/// On success returns `WH_RESULT_OK` and, if `verified_out` is not NULL, writes
/// which key matched and its scheme there. On failure `*verified_out` is not
/// written. The verifier is only read, and nothing is kept after the call
/// returns: the caller keeps ownership of every buffer.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; each non-NULL data pointer points to
/// its length in readable bytes, unchanged during the call; `verified_out` is
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
    verified_out: *mut wh_verified,
) -> wh_result {
    let delivery = Delivery {
        id: (id, id_len),
        timestamp: (timestamp, timestamp_len),
        signature: (signature, signature_len),
        body: (body, body_len),
    };
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { verify(verifier, &delivery, Some(now), verified_out) }
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
    verified_out: *mut wh_verified,
) -> wh_result {
    let delivery = Delivery {
        id: (id, id_len),
        timestamp: (timestamp, timestamp_len),
        signature: (signature, signature_len),
        body: (body, body_len),
    };
    fence!(wh_result::Panic, {
        // SAFETY: forwarded; the caller upholds this function's contract.
        unsafe { verify(verifier, &delivery, None, verified_out) }
    })
}

/// The C arguments of one delivery, still as pointers and lengths.
struct Delivery {
    id: (*const c_char, usize),
    timestamp: (*const c_char, usize),
    signature: (*const c_char, usize),
    body: (*const u8, usize),
}

/// The shared body of both verify functions; `now` of `None` reads the clock.
///
/// # Safety
///
/// As for `wh_verifier_verify`.
unsafe fn verify(
    verifier: *const wh_verifier,
    delivery: &Delivery,
    now: Option<u64>,
    verified_out: *mut wh_verified,
) -> wh_result {
    // SAFETY: the caller promises `verifier` is NULL or live.
    let verifier = attempt!(unsafe { ffi::handle(verifier) });
    // SAFETY: the caller promises each pointer covers its length, unchanged
    // for the length of the call, which is as long as these slices live.
    let (headers, body) = attempt!(unsafe {
        (|| {
            let headers = Headers {
                id: ffi::header(delivery.id.0, delivery.id.1)?,
                timestamp: ffi::header(delivery.timestamp.0, delivery.timestamp.1)?,
                signature: ffi::header(delivery.signature.0, delivery.signature.1)?,
            };
            Ok((headers, ffi::bytes(delivery.body.0, delivery.body.1)?))
        })()
    });

    let result = match now {
        Some(now) => verifier.inner.verify(&headers, body, now),
        None => verifier.inner.verify_now(&headers, body),
    };
    let verified = attempt!(result.map_err(wh_result::from));
    if !verified_out.is_null() {
        let verified = wh_verified {
            key_index: verified.key_index(),
            scheme: verified.scheme().into(),
        };
        // SAFETY: not NULL, so the caller promises it is writable.
        unsafe { verified_out.write(verified) };
    }
    wh_result::Ok
}

/// Writes the number of keys in the verifier's ring to `*count_out`.
///
/// On failure (`WH_RESULT_NULL_PARAMETER` for a NULL argument) nothing is
/// written.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; `count_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_key_count(
    verifier: *const wh_verifier,
    count_out: *mut usize,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `verifier` is NULL or live.
        let verifier = attempt!(unsafe { ffi::handle(verifier) });
        // SAFETY: the caller promises a non-NULL `count_out` is writable.
        attempt!(unsafe { ffi::write_out(count_out, verifier.info.len()) });
        wh_result::Ok
    })
}

/// Describes key `index` of the verifier's ring (0 is the first key) in
/// `*info_out`: its scheme, expiry, JWK `kid` and, for an ed25519 key, its
/// public key text. HMAC secrets are never handed back.
///
/// `info_out->kid` points into the verifier and stays valid until the verifier
/// is freed; the caller must not free it. Returns `WH_RESULT_INDEX_OUT_OF_RANGE`
/// when `index` is not below the ring's size. On failure nothing is written.
///
/// # Safety
///
/// `verifier` is NULL or a live verifier; `info_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn wh_verifier_key(
    verifier: *const wh_verifier,
    index: usize,
    info_out: *mut wh_key_info,
) -> wh_result {
    fence!(wh_result::Panic, {
        // SAFETY: the caller promises `verifier` is NULL or live.
        let verifier = attempt!(unsafe { ffi::handle(verifier) });
        if info_out.is_null() {
            return wh_result::NullParameter;
        }
        let (Some(key), Some(extra)) = (verifier.inner.keys().get(index), verifier.info.get(index))
        else {
            return wh_result::IndexOutOfRange;
        };

        let mut public_key = [0 as c_char; WH_PUBLIC_KEY_BUF_LEN];
        if let Some(text) = &extra.public {
            // A `whpk_` text is always 49 bytes, so it fits; the last byte is
            // left alone either way, so the text is always NUL-terminated.
            let room = &mut public_key[..WH_PUBLIC_KEY_BUF_LEN - 1];
            for (out, byte) in room.iter_mut().zip(text.as_bytes()) {
                *out = c_char::from_ne_bytes([*byte]);
            }
        }
        let (kid, kid_len) = extra.kid.as_deref().map_or((core::ptr::null(), 0), |kid| {
            (kid.as_ptr().cast(), kid.len())
        });
        let info = wh_key_info {
            scheme: key.scheme().into(),
            not_after: key.expiry().unwrap_or(u64::MAX),
            kid,
            kid_len,
            public_key,
        };
        // SAFETY: checked not NULL above; the caller promises it is writable.
        unsafe { info_out.write(info) };
        wh_result::Ok
    })
}
