//! Developer tasks for libwebhook, run as `cargo xtask <task>`.
//!
//! - `ci`: everything CI checks, in the order a failure is cheapest to find:
//!   formatting, the C header, clippy, tests, the no_std link check and the
//!   conformance run (which includes the C API's tests), then the Python suite
//!   and `mypy --strict`.
//! - `conformance`: re-checks the shared vectors in `testdata/` with independent
//!   implementations (Python's `hmac`, and the `cryptography` package in a venv
//!   under the target directory) and runs them through every face we ship; the
//!   destination address cases are re-derived with Python's `ipaddress`.
//! - `bench-python`: builds a release wheel and compares its verify speed with
//!   the reference `standardwebhooks` package (pytest-benchmark).
//! - `bench-tower`: requests per second of the axum receiver with and without
//!   `VerifyWebhookLayer`, 1 KiB bodies, over loopback with `wrk` (installed
//!   with apt-get if missing); see docs/performance.md.
//! - `capi`: only the C API's checks (header, sanitizers, valgrind, examples,
//!   install tree), for work on `crates/ffi`.
//! - `gen-header`: rewrites `include/webhook.h` from `crates/ffi` with cbindgen.
//! - `gen-vectors`: rewrites `testdata/` from its Python generators.
//! - `install --prefix DIR`: builds the C library in release mode and installs
//!   `lib/`, `include/` and `lib/pkgconfig/webhook.pc` under `DIR`.
//! - `nostd`: links the core, default features off, into a `#![no_std]` staticlib.

use std::process::ExitCode;

mod bench_tower;
mod capi;
mod conformance;
mod header;
mod install;
mod nostd;
mod python;
mod util;
mod wheel;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("conformance") => conformance::run(),
        Some("capi") => capi::all(),
        Some("bench-python") => wheel::bench(),
        Some("bench-tower") => bench_tower::run(),
        Some("gen-vectors") => conformance::generate(),
        Some("gen-header") => header::generate(),
        Some("install") => install::run(&args[1..]),
        Some("nostd") => nostd::run(),
        _ => {
            eprintln!(
                "usage: cargo xtask <ci|bench-python|bench-tower|capi|conformance|gen-header|gen-vectors|install|nostd>"
            );
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
    util::step("entry point", check_entry_point)?;
    util::step("format", || util::cargo(&["fmt", "--all", "--", "--check"]))?;
    util::step("c header is up to date", header::check)?;
    util::step("c header compiles as c99 and c++", capi::header)?;
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
    util::step("python tests and mypy", wheel::tests)?;
    util::step("c and c++ examples", capi::examples)?;
    util::step("install tree and pkg-config", capi::install_check)?;
    println!("xtask ci: all checks passed");
    Ok(())
}

/// The command CI runs and the README's test command must be one and the same:
/// `.ci/run` runs exactly one command after its setup lines, and the README
/// shows that command in a shell block.
fn check_entry_point() -> Result<(), String> {
    const COMMAND: &str = "cargo xtask ci";
    let read = |path: &str| {
        std::fs::read_to_string(util::root().join(path))
            .map_err(|e| format!("cannot read {path}: {e}"))
    };
    let script = read(".ci/run")?;
    let commands: Vec<&str> = script
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter(|line| !line.starts_with("set ") && !line.starts_with("cd "))
        .collect();
    if commands != [COMMAND] {
        return Err(format!(
            ".ci/run must run only `{COMMAND}` after its setup lines, found {commands:?}"
        ));
    }
    let readme = read("README.md")?;
    if !readme.lines().any(|line| line.trim() == COMMAND) {
        return Err(format!("README.md does not show `{COMMAND}` as a command"));
    }
    Ok(())
}
