//! Links `webhook-core`, default features off, into a `#![no_std]` static library.
//!
//! Nothing ships from here; `cargo xtask nostd` builds it to prove that the core
//! needs no std. Building with `--no-default-features` on the host alone would not
//! prove it: a dependency could quietly pull std back in. So this crate defines its
//! own `#[panic_handler]`, which std also defines; if std ever reaches the crate
//! graph, the build stops with "found duplicate lang item `panic_impl`".
//!
//! The exported function does real work (parses a secret, verifies a delivery), so
//! the core's code is compiled into the archive rather than left out as unused.
//!
//! With the `alloc` feature the core also needs a global allocator, which a
//! `no_std` library must supply itself: see [`heap`].

#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs, clippy::undocumented_unsafe_blocks)]

use webhook_core::{Headers, Secret, Verifier};

/// The example delivery from the core's documentation.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: &str = "1614265330";
const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
const BODY: &[u8] = br#"{"test": 2432232314}"#;

/// Verifies the documentation's example delivery as if it arrived at `now`
/// (seconds since the Unix epoch). Returns `true` if it is accepted, which it is
/// for `now` within five minutes of 1614265330.
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_verify(now: u64) -> bool {
    let Ok(secret) = Secret::from_base64(SECRET) else {
        return false;
    };
    let Ok(verifier) = Verifier::new([secret.into()]) else {
        return false;
    };
    let headers = Headers::new(ID, TIMESTAMP, SIGNATURE);
    verifier.verify(&headers, BODY, now).is_ok()
}

/// Signs the documentation's example delivery with the `alloc`-only [`Signer`],
/// and returns the length of the `webhook-signature` value (47), or 0 on error.
///
/// [`Signer`]: webhook_core::Signer
#[cfg(feature = "alloc")]
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_sign() -> usize {
    let Ok(secret) = Secret::from_base64(SECRET) else {
        return 0;
    };
    let Ok(signer) = webhook_core::Signer::new([secret.into()]) else {
        return 0;
    };
    signer
        .sign(ID, 1_614_265_330, BODY)
        .map_or(0, |headers| headers.signature.len())
}

/// Signs and verifies a `v1a` delivery with a fixed ed25519 key, so the curve
/// code is linked in. Returns `true` if the signature verifies.
#[cfg(feature = "ed25519")]
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_v1a() -> bool {
    use webhook_core::ed25519::SigningKey;

    let key = SigningKey::from_seed(&[7; 32]);
    let Ok(entry) = key.sign(ID, 1_614_265_330, BODY) else {
        return false;
    };
    let Ok(verifier) = Verifier::new([key.public_key().into()]) else {
        return false;
    };
    let headers = Headers::new(ID, TIMESTAMP, entry.as_str());
    verifier.verify(&headers, BODY, 1_614_265_330).is_ok()
}

/// The sender's resolve-time check and retry policy, which need neither std
/// nor an allocator. Returns `true` if the loopback address is refused, a
/// public one passes, and a 503 asking for 20 s after the first attempt is
/// retried after 20 s.
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_sender() -> bool {
    use core::net::{IpAddr, Ipv4Addr};
    use core::time::Duration;
    use webhook_core::destination::check_addresses;
    use webhook_core::retry::{Decision, Outcome, RetryPolicy};

    let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let public = IpAddr::V4(Ipv4Addr::new(93, 184, 215, 14));
    let outcome = Outcome::response(503, Some("20"), 1_614_265_330);
    let next = RetryPolicy::new().next_attempt(0, outcome, 0);
    check_addresses(&[public, loopback]).is_err()
        && check_addresses(&[public]).is_ok()
        && next == Decision::Retry(Duration::from_secs(20))
}

/// Checks two destination URLs with the `url-policy` feature (the `url` crate
/// without std). Returns `true` if the IDN name is accepted in punycode and
/// the hex spelling of loopback is refused.
#[cfg(feature = "url-policy")]
#[unsafe(no_mangle)]
pub extern "C" fn nostd_check_url() -> bool {
    use webhook_core::destination::check_url;

    let idn = check_url("https://b\u{fc}cher.example.com/hook");
    let hex = check_url("https://0x7f.1/hook");
    idn.is_ok_and(|url| url.as_str() == "https://xn--bcher-kva.example.com/hook")
        && hex.is_err()
}

/// There is nothing to unwind to and nobody to report to: we stop here.
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

/// A heap for the `alloc` build: a fixed arena that hands out memory front to
/// back and never reuses it. That is enough for the few short strings signing
/// makes, and it keeps the proof free of any platform allocator.
#[cfg(feature = "alloc")]
mod heap {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::ptr;
    use core::sync::atomic::{AtomicUsize, Ordering};

    const ARENA_LEN: usize = 64 * 1024;

    struct Arena {
        bytes: UnsafeCell<[u8; ARENA_LEN]>,
        /// How many bytes from the start of `bytes` have been handed out.
        used: AtomicUsize,
    }

    // SAFETY: threads only ever touch disjoint ranges of `bytes`: each range is
    // claimed by one successful compare-exchange on `used`, which only grows.
    unsafe impl Sync for Arena {}

    // SAFETY: `alloc` returns either null or the start of a range that lies inside
    // the arena, has the requested size and alignment, and was never returned
    // before, so no two live allocations overlap. Freeing is a no-op, which is
    // allowed: memory may simply never be reused.
    unsafe impl GlobalAlloc for Arena {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let base = self.bytes.get().cast::<u8>();
            let mut used = self.used.load(Ordering::Relaxed);
            loop {
                let pad = base.wrapping_add(used).align_offset(layout.align());
                let Some(end) = used
                    .checked_add(pad)
                    .and_then(|start| start.checked_add(layout.size()))
                    .filter(|end| *end <= ARENA_LEN)
                else {
                    return ptr::null_mut();
                };
                match self.used.compare_exchange_weak(
                    used,
                    end,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    // SAFETY: `used + pad <= end <= ARENA_LEN`, so the offset stays
                    // inside the arena (or one past its end for a zero size).
                    Ok(_) => return unsafe { base.add(used + pad) },
                    Err(now) => used = now,
                }
            }
        }

        unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
    }

    #[global_allocator]
    static ARENA: Arena = Arena {
        bytes: UnsafeCell::new([0; ARENA_LEN]),
        used: AtomicUsize::new(0),
    };
}
