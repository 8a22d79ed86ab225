//! Proof that verification never touches the heap: a counting global allocator
//! watches `Verifier::verify` (and `verify_http`) accept and reject deliveries.
//!
//! Everything a call needs (body, header texts, key ring in a `Vec`) is built
//! before we start counting, so the count covers only the call itself. The count
//! is kept per thread, because the test harness runs other tests, and its own
//! bookkeeping, on other threads at the same time.

// A global allocator can only be written with `unsafe`: `GlobalAlloc` is an
// unsafe trait and its methods are unsafe to call. The crate forbids `unsafe`;
// this test file opts back in for the allocator alone, and every block carries
// the argument for why it is sound.
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::cell::Cell;
use core::hint::black_box;
use std::alloc::System;

use webhook_core::{
    ErrorKind, Headers, MAX_SIGNATURE_ENTRIES, Secret, Verified, Verifier, VerifyKey,
};

/// Forwards to the system allocator and counts, per thread, every request for
/// memory: `alloc`, `alloc_zeroed` and `realloc`. Frees are not counted.
struct CountingAllocator;

thread_local! {
    // A `const` initialiser and a type without `Drop` make this a plain
    // thread-local slot: reading it never allocates, so the allocator may use it.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // While a thread is being torn down its slot may already be gone; those
    // allocations happen outside any counted call, so we let them pass.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

// SAFETY: every method passes its arguments unchanged to `System`, so the memory
// handed out obeys `System`'s guarantees, which are the ones `GlobalAlloc` asks
// for. Counting touches only a thread-local `Cell` and neither allocates nor
// unwinds.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: our caller upholds `GlobalAlloc::alloc`'s contract for `layout`,
        // and `System.alloc` has the same contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: as in `alloc`; the contract of `alloc_zeroed` is the same.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: our caller guarantees that `ptr` came from this allocator with
        // `layout`; this allocator got it from `System`, so `System` may resize it.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: our caller guarantees that `ptr` came from this allocator with
        // `layout`, which means it came from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `f` and returns what it returned along with the number of heap
/// allocations it made on this thread.
fn count_allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let value = f();
    let after = ALLOCATIONS.with(Cell::get);
    (value, after - before)
}

const ID: &str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const TIMESTAMP: &str = "1700000000";
const NOW: u64 = 1_700_000_000;

/// A rotated ring, as a receiver holds it during a key change: the new key first,
/// the old one second, both in a `Vec` built before anything is counted.
fn ring() -> (Verifier<Vec<VerifyKey>>, Secret, Secret) {
    let new = Secret::from_bytes(&[0x4e; 32]).expect("valid key");
    let old = Secret::from_bytes(&[0x0d; 24]).expect("valid key");
    let verifier = Verifier::new(vec![new.clone().into(), old.clone().into()]).expect("two keys");
    (verifier, new, old)
}

/// A 1 KiB body.
fn body() -> Vec<u8> {
    br#"{"type":"invoice.paid","amount":4200},"#.iter().copied().cycle().take(1024).collect()
}

fn sign(key: &Secret, body: &[u8]) -> String {
    let timestamp = TIMESTAMP.parse().expect("decimal");
    key.sign(ID, timestamp, body)
        .expect("valid id")
        .as_str()
        .to_owned()
}

/// The outcome we compare: the key that matched, or the kind of failure.
fn outcome(result: Result<Verified<'_>, webhook_core::Error>) -> Result<usize, ErrorKind> {
    result
        .map(|verified| verified.key_index())
        .map_err(|e| e.kind())
}

#[test]
fn the_counter_sees_allocations_on_this_thread() {
    // Without this control, a counter that never counts would pass every test.
    let (buffer, count) = count_allocations(|| black_box(Vec::<u8>::with_capacity(1024)));
    drop(buffer);
    assert!(count > 0, "the counting allocator missed an allocation");

    let (text, count) = count_allocations(|| black_box(format!("{NOW}")));
    drop(text);
    assert!(count > 0, "the counting allocator missed an allocation");
}

#[test]
fn verify_allocates_nothing_for_valid_or_rejected_deliveries() {
    let (verifier, new, old) = ring();
    let body = body();
    let by_new = sign(&new, &body);
    let by_old = sign(&old, &body);
    let unrelated = Secret::from_bytes(&[0x77; 32]).expect("valid key");
    let by_unrelated = sign(&unrelated, &body);
    let both = format!("v1a,ZWQyNTUxOQ== {by_unrelated} {by_old}");
    let oversized = format!("{by_new} {}", "x".repeat(4096));
    let too_many = vec!["v1,x"; MAX_SIGNATURE_ENTRIES + 1].join(" ");
    let malformed = "v1,not-base64-at-all";

    let header = |id, timestamp, signature| Headers {
        id,
        timestamp,
        signature,
    };
    let id = Some(ID.as_bytes());
    let ts = Some(TIMESTAMP.as_bytes());
    let cases: Vec<(&str, Headers<'_>, u64, Result<usize, ErrorKind>)> = vec![
        ("new key", Headers::new(ID, TIMESTAMP, &by_new), NOW, Ok(0)),
        ("old key", Headers::new(ID, TIMESTAMP, &by_old), NOW, Ok(1)),
        (
            "among others",
            Headers::new(ID, TIMESTAMP, &both),
            NOW,
            Ok(1),
        ),
        (
            "no id",
            header(None, ts, Some(by_new.as_bytes())),
            NOW,
            Err(ErrorKind::MissingHeader),
        ),
        (
            "no timestamp",
            header(id, None, Some(by_new.as_bytes())),
            NOW,
            Err(ErrorKind::MissingHeader),
        ),
        (
            "no signature",
            header(id, ts, None),
            NOW,
            Err(ErrorKind::MissingHeader),
        ),
        (
            "id with a dot",
            Headers::new("msg.1", TIMESTAMP, &by_new),
            NOW,
            Err(ErrorKind::InvalidHeader),
        ),
        (
            "timestamp with a leading zero",
            Headers::new(ID, "01700000000", &by_new),
            NOW,
            Err(ErrorKind::InvalidHeader),
        ),
        (
            "signature header too long",
            Headers::new(ID, TIMESTAMP, &oversized),
            NOW,
            Err(ErrorKind::InvalidHeader),
        ),
        (
            "too many signature entries",
            Headers::new(ID, TIMESTAMP, &too_many),
            NOW,
            Err(ErrorKind::InvalidHeader),
        ),
        (
            "too old",
            Headers::new(ID, TIMESTAMP, &by_new),
            NOW + 301,
            Err(ErrorKind::TimestampTooOld),
        ),
        (
            "too new",
            Headers::new(ID, TIMESTAMP, &by_new),
            NOW - 301,
            Err(ErrorKind::TimestampTooNew),
        ),
        (
            "no v1 entry",
            Headers::new(ID, TIMESTAMP, "v1a,ZWQyNTUxOQ== v2,abc"),
            NOW,
            Err(ErrorKind::NoSupportedSignature),
        ),
        (
            "wrong key",
            Headers::new(ID, TIMESTAMP, &by_unrelated),
            NOW,
            Err(ErrorKind::InvalidSignature),
        ),
        (
            "malformed v1 value",
            Headers::new(ID, TIMESTAMP, malformed),
            NOW,
            Err(ErrorKind::InvalidSignature),
        ),
    ];

    // Every kind verification can report must be exercised here.
    for kind in [
        ErrorKind::MissingHeader,
        ErrorKind::InvalidHeader,
        ErrorKind::TimestampTooOld,
        ErrorKind::TimestampTooNew,
        ErrorKind::NoSupportedSignature,
        ErrorKind::InvalidSignature,
    ] {
        assert!(
            cases.iter().any(|case| case.3 == Err(kind)),
            "{kind} untested"
        );
    }

    for (name, headers, now, want) in &cases {
        let (got, count) = count_allocations(|| {
            outcome(verifier.verify(black_box(headers), black_box(&body), *now))
        });
        assert_eq!(got, *want, "{name}");
        assert_eq!(count, 0, "{name}: verify made {count} heap allocations");
    }
}

#[cfg(feature = "ed25519")]
#[test]
fn v1a_verify_allocates_nothing_in_a_mixed_ring() {
    use webhook_core::ed25519::SigningKey;
    use webhook_core::{MAX_V1A_ENTRIES, Scheme};

    let hmac = Secret::from_bytes(&[0x4e; 32]).expect("valid key");
    let signing = SigningKey::from_seed(&[0x5a; 32]);
    let other = SigningKey::from_seed(&[0x6b; 32]);
    let verifier = Verifier::new(vec![
        VerifyKey::from(hmac),
        VerifyKey::from(signing.public_key()),
    ])
    .expect("two keys");
    let body = body();
    let timestamp = TIMESTAMP.parse().expect("decimal");
    let v1a = |key: &SigningKey| {
        key.sign(ID, timestamp, &body)
            .expect("valid id")
            .as_str()
            .to_owned()
    };
    let good = v1a(&signing);
    let wrong = v1a(&other);
    let after_others = format!("{wrong} v1,AAAA {good}");
    let too_many = [wrong.as_str(); MAX_V1A_ENTRIES + 1].join(" ");

    let cases = [
        ("v1a by the ring's key", good.as_str(), Ok((1, Scheme::V1a))),
        ("after other entries", &after_others, Ok((1, Scheme::V1a))),
        (
            "v1a by another key",
            &wrong,
            Err(ErrorKind::InvalidSignature),
        ),
        (
            "too many v1a entries",
            &too_many,
            Err(ErrorKind::InvalidHeader),
        ),
        ("only v2", "v2,abc", Err(ErrorKind::NoSupportedSignature)),
    ];
    for (name, signature, want) in cases {
        let headers = Headers::new(ID, TIMESTAMP, signature);
        let (got, count) = count_allocations(|| {
            verifier
                .verify(black_box(&headers), black_box(&body), NOW)
                .map(|verified| (verified.key_index(), verified.scheme()))
                .map_err(|e| e.kind())
        });
        assert_eq!(got, want, "{name}");
        assert_eq!(count, 0, "{name}: verify made {count} heap allocations");
    }
}

#[cfg(feature = "http")]
#[test]
fn verify_http_allocates_nothing_for_valid_or_rejected_deliveries() {
    use http::{HeaderMap, HeaderValue};

    let (verifier, new, old) = ring();
    let body = body();
    let value = |text: &str| HeaderValue::from_str(text).expect("visible ascii");
    let map = |pairs: &[(&'static str, &str)]| {
        let mut map = HeaderMap::new();
        for (name, text) in pairs {
            map.append(*name, value(text));
        }
        map
    };
    let by_new = sign(&new, &body);
    let by_old = sign(&old, &body);

    let cases = [
        (
            "one line",
            map(&[
                ("webhook-id", ID),
                ("webhook-timestamp", TIMESTAMP),
                ("webhook-signature", &by_new),
            ]),
            Ok(0),
        ),
        (
            "signatures over two lines",
            map(&[
                ("webhook-id", ID),
                ("webhook-timestamp", TIMESTAMP),
                ("webhook-signature", "v1a,ZWQyNTUxOQ=="),
                ("webhook-signature", &by_old),
            ]),
            Ok(1),
        ),
        (
            "no signature",
            map(&[("webhook-id", ID), ("webhook-timestamp", TIMESTAMP)]),
            Err(ErrorKind::MissingHeader),
        ),
        (
            "conflicting ids",
            map(&[
                ("webhook-id", ID),
                ("webhook-id", "msg_other"),
                ("webhook-timestamp", TIMESTAMP),
                ("webhook-signature", &by_new),
            ]),
            Err(ErrorKind::InvalidHeader),
        ),
        (
            "wrong key",
            map(&[
                ("webhook-id", ID),
                ("webhook-timestamp", TIMESTAMP),
                (
                    "webhook-signature",
                    "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                ),
            ]),
            Err(ErrorKind::InvalidSignature),
        ),
    ];

    for (name, headers, want) in &cases {
        let (got, count) = count_allocations(|| {
            outcome(verifier.verify_http(black_box(headers), black_box(&body), NOW))
        });
        assert_eq!(got, *want, "{name}");
        assert_eq!(
            count, 0,
            "{name}: verify_http made {count} heap allocations"
        );
    }
}
