//! `cargo xtask conformance`: checks the shared vectors in `testdata/` and runs them
//! through every face of libwebhook we ship.
//!
//! The first steps re-derive each vector file with an implementation that shares
//! no code with ours, so a bug in our signer cannot hide in the expected values:
//! Python's `hmac` for `v1`, and the `cryptography` package (OpenSSL's Ed25519)
//! for `v1a`. The `v1` generator needs only the standard library and runs with
//! the system Python; the `v1a` one runs in a venv that holds
//! `testdata/requirements.txt`. Each later step is one runner of those files:
//! the Rust core, then the C API (see `capi.rs`), whose runner must agree with
//! the files on every vector, under sanitizers and then under valgrind, then
//! the Python wheel (see `wheel.rs`), through pytest.
//!
//! The sender's destination corpus takes the same two steps: the
//! `testdata/addresses.json` expectations are re-derived by
//! `testdata/check_addresses.py` from its own table with Python's `ipaddress`
//! (system Python, standard library only), then the Rust core runs every case
//! of it and of `testdata/urls.json`, whose expectations are written by hand
//! from the README's rules; the C runner (in the C API's two steps) and the
//! Python wheel (in its step) run both files too.

use std::path::Path;
use std::process::Command;

use crate::{capi, python, util, wheel};

/// The pinned packages the `v1a` generator needs.
const REQUIREMENTS: &str = "testdata/requirements.txt";

/// One step of the conformance run.
struct Step {
    name: &'static str,
    run: fn() -> Result<(), String>,
}

/// The steps, in order; every runner reads the same files in `testdata/`.
const STEPS: &[Step] = &[
    Step {
        name: "v1 vectors match their generator (python hmac)",
        run: check_v1_vectors,
    },
    Step {
        name: "v1a vectors match their generator (python cryptography)",
        run: check_v1a_vectors,
    },
    Step {
        name: "rust core, v1",
        run: rust_core,
    },
    Step {
        name: "rust core, v1a",
        run: rust_core_v1a,
    },
    Step {
        name: "address corpus matches its independent table (python ipaddress)",
        run: check_address_corpus,
    },
    Step {
        name: "rust core, url policy",
        run: rust_core_url_policy,
    },
    Step {
        name: "c api, every vector and case and the edge tests, asan and ubsan",
        run: capi::sanitizers,
    },
    Step {
        name: "c api, every vector and case and the edge tests, valgrind",
        run: capi::valgrind,
    },
    Step {
        name: "python extension, every vector and the destination corpus",
        run: wheel::vectors,
    },
];

/// Runs every step in order and stops at the first failure.
pub(crate) fn run() -> Result<(), String> {
    for step in STEPS {
        println!("xtask conformance: {}: running", step.name);
        let started = std::time::Instant::now();
        (step.run)().map_err(|e| format!("conformance step '{}' failed: {e}", step.name))?;
        let secs = started.elapsed().as_secs_f64();
        println!("xtask conformance: {}: ok ({secs:.1} s)", step.name);
    }
    println!("xtask conformance: all {} steps passed", STEPS.len());
    Ok(())
}

/// Regenerates the v1 vectors in memory and compares them with the committed
/// file; the generator also re-verifies every expected outcome with `hmac`.
fn check_v1_vectors() -> Result<(), String> {
    util::run(Command::new(python::system_python()).args(["testdata/gen_vectors.py", "--check"]))
}

/// The same for the v1a vectors, whose generator also re-verifies every
/// signature with `cryptography`.
fn check_v1a_vectors() -> Result<(), String> {
    let python = python::venv_with(Path::new(REQUIREMENTS))?;
    util::run(Command::new(python).args(["testdata/gen_vectors_v1a.py", "--check"]))
}

/// `cargo xtask gen-vectors`: rewrites both committed vector files from their
/// generators.
pub(crate) fn generate() -> Result<(), String> {
    util::run(Command::new(python::system_python()).arg("testdata/gen_vectors.py"))?;
    let python = python::venv_with(Path::new(REQUIREMENTS))?;
    util::run(Command::new(python).arg("testdata/gen_vectors_v1a.py"))
}

/// Runs every v1 vector through `webhook-core` (`crates/core/tests/vectors.rs`).
fn rust_core() -> Result<(), String> {
    util::cargo(&["test", "-p", "webhook-core", "--test", "vectors"])
}

/// Runs the v1a vectors through `webhook-core`
/// (`crates/core/tests/vectors_v1a.rs`). The runner compiles to nothing without
/// the `jwk` feature, so we turn it on rather than pass with no test run.
fn rust_core_v1a() -> Result<(), String> {
    util::cargo(&[
        "test",
        "-p",
        "webhook-core",
        "--features",
        "jwk",
        "--test",
        "vectors_v1a",
    ])
}

/// Re-derives every expectation of `testdata/addresses.json` from the Python
/// script's own table of networks, and checks that each range's edges are
/// cases in the file.
fn check_address_corpus() -> Result<(), String> {
    util::run(Command::new(python::system_python()).arg("testdata/check_addresses.py"))
}

/// Runs `testdata/urls.json` and `testdata/addresses.json` through
/// `webhook-core` (`crates/core/tests/url_corpus.rs`). The runner compiles to
/// nothing without the `url-policy` feature, so we turn it on.
fn rust_core_url_policy() -> Result<(), String> {
    util::cargo(&[
        "test",
        "-p",
        "webhook-core",
        "--features",
        "url-policy",
        "--test",
        "url_corpus",
    ])
}
