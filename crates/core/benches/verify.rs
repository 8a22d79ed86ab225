//! How close `Verifier::verify` comes to the cost of the HMAC it cannot avoid.
//!
//! For each body size we time two things in the same run:
//!
//! - `verify`: a full [`Verifier::verify`] of a valid delivery, one key, one `v1`
//!   entry, all header checks included;
//! - `floor`: HMAC-SHA256 over the same signed content, `{id}.{timestamp}.{body}`,
//!   already joined in one buffer, starting from a clone of a keyed `Hmac`. No
//!   verifier can do less work than this, so `verify / floor` is our overhead.
//!
//! Throughput is reported in body bytes. Run with `cargo bench -p webhook-core`;
//! `docs/performance.md` records the numbers and how to read them.

use core::hint::black_box;
use core::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::Sha256;
use webhook_core::{Headers, Secret, Verifier};

/// 24 key bytes, the middle of the range the spec asks senders for.
const KEY: [u8; 24] = *b"libwebhook-bench-key-24b";
const ID: &str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const TIMESTAMP: u64 = 1_700_000_000;

/// Body sizes and the labels criterion shows for them.
const SIZES: [(usize, &str); 4] = [
    (64, "64B"),
    (1024, "1KiB"),
    (16 * 1024, "16KiB"),
    (1024 * 1024, "1MiB"),
];

/// A body of `len` bytes that looks like JSON text, so nothing in the hash path
/// can take a shortcut on a run of equal bytes.
fn body(len: usize) -> Vec<u8> {
    let pattern = br#"{"type":"invoice.paid","data":{"amount":4200,"currency":"eur"}},"#;
    pattern.iter().copied().cycle().take(len).collect()
}

fn verify_vs_floor(c: &mut Criterion) {
    let secret = Secret::from_bytes(&KEY).expect("bench key is a valid length");
    let verifier = Verifier::new([secret.clone().into()]).expect("one key");
    let keyed = Hmac::<Sha256>::new_from_slice(&KEY).expect("hmac takes any key");
    let timestamp = TIMESTAMP.to_string();

    let mut group = c.benchmark_group("verify");
    for (len, label) in SIZES {
        let body = body(len);
        let signature = secret.sign(ID, TIMESTAMP, &body).expect("valid id");
        let headers = Headers::new(ID, &timestamp, signature.as_str());
        let content = [ID.as_bytes(), b".", timestamp.as_bytes(), b".", &body].concat();

        // A benchmark of a failing verify would measure the wrong thing, so we
        // check once, outside the timed loop, that the delivery is accepted.
        assert!(verifier.verify(&headers, &body, TIMESTAMP).is_ok());

        group.throughput(Throughput::Bytes(len as u64));
        group.bench_with_input(BenchmarkId::new("verify", label), &body, |b, body| {
            b.iter(|| verifier.verify(black_box(&headers), black_box(body), black_box(TIMESTAMP)));
        });
        group.bench_with_input(BenchmarkId::new("floor", label), &content, |b, content| {
            b.iter(|| {
                let mut mac = keyed.clone();
                mac.update(black_box(content));
                mac.finalize().into_bytes()
            });
        });
    }
    group.finish();
}

/// Shorter than criterion's defaults (3 s warm-up, 5 s measurement, 100 samples)
/// so that the eight benchmarks finish in well under a minute; 50 samples keep the
/// 1 MiB case inside its time budget.
fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(50)
}

/// `v1a` verification against a bare `ed25519-dalek` verify of the same
/// signature over the same content, already joined in one buffer. The curve
/// arithmetic dominates both, so the ratio shows what our header handling,
/// base64 decoding and streaming hash add on top.
fn v1a_vs_dalek(c: &mut Criterion) {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;
    use ed25519_dalek::Verifier as _;
    use webhook_core::ed25519::SigningKey;

    let signing = SigningKey::from_seed(&[0x5a; 32]);
    let public = signing.public_key();
    let verifier = Verifier::new([public.into()]).expect("one key");
    let bare =
        ed25519_dalek::VerifyingKey::from_bytes(&public.to_bytes()).expect("a valid public key");
    let timestamp = TIMESTAMP.to_string();

    let mut group = c.benchmark_group("v1a");
    for (len, label) in &SIZES[..2] {
        let body = body(*len);
        let entry = signing.sign(ID, TIMESTAMP, &body).expect("valid id");
        let headers = Headers::new(ID, &timestamp, entry.as_str());
        let content = [ID.as_bytes(), b".", timestamp.as_bytes(), b".", &body].concat();
        let raw = STANDARD
            .decode(&entry.as_str()["v1a,".len()..])
            .expect("our own base64");
        let signature = ed25519_dalek::Signature::from_slice(&raw).expect("64 bytes");

        assert!(verifier.verify(&headers, &body, TIMESTAMP).is_ok());
        assert!(bare.verify(&content, &signature).is_ok());

        group.throughput(Throughput::Bytes(*len as u64));
        group.bench_with_input(BenchmarkId::new("verify", label), &body, |b, body| {
            b.iter(|| verifier.verify(black_box(&headers), black_box(body), black_box(TIMESTAMP)));
        });
        group.bench_with_input(BenchmarkId::new("dalek", label), &content, |b, content| {
            b.iter(|| bare.verify(black_box(content), black_box(&signature)));
        });
    }
    group.finish();
}

/// The ratio `verify / floor` measured in pairs, for each body size.
///
/// Criterion times `verify` and `floor` seconds apart, and on a shared machine
/// the speed of the hardware drifts by several percent over seconds, which
/// shows up directly in a ratio of two separate measurements. Here the two are
/// timed in alternating batches of a few thousand calls, so both see the same
/// machine state, and we report the median ratio over the rounds, with the
/// spread. This is a measurement printed for `docs/performance.md`, not a
/// pass/fail check.
fn paired_ratios() {
    use std::time::Instant;

    const ROUNDS: usize = 41;
    let secret = Secret::from_bytes(&KEY).expect("bench key is a valid length");
    let verifier = Verifier::new([secret.clone().into()]).expect("one key");
    let keyed = Hmac::<Sha256>::new_from_slice(&KEY).expect("hmac takes any key");
    let timestamp = TIMESTAMP.to_string();

    println!("\npaired verify/floor ratios (median of {ROUNDS} rounds, min..max):");
    for (len, label) in SIZES {
        let body = body(len);
        let signature = secret.sign(ID, TIMESTAMP, &body).expect("valid id");
        let headers = Headers::new(ID, &timestamp, signature.as_str());
        let content = [ID.as_bytes(), b".", timestamp.as_bytes(), b".", &body].concat();
        // About 2 ms of work per batch whatever the size.
        let batch = (2_000_000 / (len + 200)).max(2);

        let time = |run: &dyn Fn()| {
            let start = Instant::now();
            for _ in 0..batch {
                run();
            }
            start.elapsed().as_secs_f64()
        };
        let verify = || {
            let _ = black_box(verifier.verify(black_box(&headers), black_box(&body), TIMESTAMP));
        };
        let floor = || {
            let mut mac = keyed.clone();
            mac.update(black_box(&content));
            black_box(mac.finalize().into_bytes());
        };

        // One unmeasured round warms caches and the branch predictors.
        time(&verify);
        time(&floor);
        let mut ratios: Vec<f64> = (0..ROUNDS)
            .map(|round| {
                // Alternate which goes first, so neither always runs on a
                // machine the other has just warmed up.
                if round % 2 == 0 {
                    let v = time(&verify);
                    v / time(&floor)
                } else {
                    let f = time(&floor);
                    time(&verify) / f
                }
            })
            .collect();
        ratios.sort_by(f64::total_cmp);
        println!(
            "  {label:>6}: {:.3}x  ({:.3}..{:.3})",
            ratios[ROUNDS / 2],
            ratios[0],
            ratios[ROUNDS - 1]
        );
    }
}

criterion_group! {
    name = benches;
    config = config();
    targets = verify_vs_floor, v1a_vs_dalek
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Skipped when criterion is asked to list or test the benchmarks, or to
    // run only some of them.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().all(|arg| arg == "--bench") {
        paired_ratios();
    }
}
