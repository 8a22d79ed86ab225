//! `cargo xtask conformance`: checks the shared vectors in `testdata/` and runs them
//! through every face of libwebhook we ship.
//!
//! The first step re-derives the vectors with Python's `hmac`, an implementation
//! that shares no code with ours, so a bug in our signer cannot hide in the
//! expected values. Each later step is one runner of the same file.

use std::process::Command;

use crate::util;

/// One step of the conformance run.
struct Step {
    name: &'static str,
    run: fn() -> Result<(), String>,
}

/// The steps, in order. The C library and the Python extension each add one
/// runner here when they land, reading the same `testdata/standardwebhooks_v1.json`.
const STEPS: &[Step] = &[
    Step {
        name: "vectors match their generator (python hmac)",
        run: check_vectors,
    },
    Step {
        name: "rust core",
        run: rust_core,
    },
];

/// Runs every step in order and stops at the first failure.
pub(crate) fn run() -> Result<(), String> {
    for step in STEPS {
        println!("xtask conformance: {}: running", step.name);
        (step.run)().map_err(|e| format!("conformance step '{}' failed: {e}", step.name))?;
        println!("xtask conformance: {}: ok", step.name);
    }
    println!("xtask conformance: all {} steps passed", STEPS.len());
    Ok(())
}

/// Regenerates the vectors in memory and compares them with the committed file;
/// the generator also re-verifies every expected outcome with `hmac`.
fn check_vectors() -> Result<(), String> {
    util::run(Command::new(python()).args(["testdata/gen_vectors.py", "--check"]))
}

/// `cargo xtask gen-vectors`: rewrites the committed vector file from its generator.
pub(crate) fn generate() -> Result<(), String> {
    util::run(Command::new(python()).arg("testdata/gen_vectors.py"))
}

/// The Python interpreter; `PYTHON` lets a machine without a `python3` on PATH
/// point at its own.
fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Runs every vector through `webhook-core` (`crates/core/tests/vectors.rs`).
fn rust_core() -> Result<(), String> {
    util::cargo(&["test", "-p", "webhook-core", "--test", "vectors"])
}
