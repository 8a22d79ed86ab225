//! Developer tasks for libwebhook, run as `cargo xtask <task>`.
//!
//! - `ci`: everything CI checks, in the order a failure is cheapest to find:
//!   formatting, clippy, tests, the no_std link check and the conformance run.
//! - `conformance`: re-checks the shared vectors in `testdata/` with an independent
//!   implementation (Python's `hmac`) and runs them through every face we ship.
//! - `gen-vectors`: rewrites `testdata/` from its Python generator.
//! - `nostd`: links the core, default features off, into a `#![no_std]` staticlib.

use std::process::ExitCode;

mod conformance;
mod nostd;
mod util;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("conformance") => conformance::run(),
        Some("gen-vectors") => conformance::generate(),
        Some("nostd") => nostd::run(),
        _ => {
            eprintln!("usage: cargo xtask <ci|conformance|gen-vectors|nostd>");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every check CI runs. All steps share the workspace's one target
/// directory, so each crate is compiled once per profile.
fn ci() -> Result<(), String> {
    util::step("format", || util::cargo(&["fmt", "--all", "--", "--check"]))?;
    util::step("clippy", || {
        util::cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])
    })?;
    util::step("tests", || {
        util::cargo(&["test", "--workspace", "--all-features"])
    })?;
    // The core's feature subsets compile differently (cfg-gated items), so each
    // gets its own test run; they reuse the dependencies built above.
    util::step("core tests, no default features", || {
        util::cargo(&[
            "test",
            "-p",
            "webhook-core",
            "--no-default-features",
            "--lib",
        ])
    })?;
    util::step("core tests, alloc only", || {
        util::cargo(&[
            "test",
            "-p",
            "webhook-core",
            "--no-default-features",
            "--features",
            "alloc",
            "--lib",
        ])
    })?;
    util::step("no_std link check", nostd::run)?;
    util::step("conformance", conformance::run)?;
    println!("xtask ci: all checks passed");
    Ok(())
}
