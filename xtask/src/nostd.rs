//! `cargo xtask nostd`: proves that the core builds without std, and that each of
//! its features builds on its own.
//!
//! Checking the core with `--no-default-features` on the host is not enough,
//! because a dependency can pull std back in. So we also build
//! `xtask/nostd-check`, a `#![no_std]` staticlib with its own `#[panic_handler]`
//! that calls into the core: if std reaches its crate graph, the two panic
//! handlers collide and the build fails. We build it with no core features, with
//! `alloc` (it brings a small arena allocator for that), with `alloc` and
//! `ed25519`, and with `url-policy` (the destination-URL rules, which bring the
//! `url` crate and its IDNA tables without std). The sender's address check and
//! retry policy are linked in every build, since they need no feature.
//!
//! How we know the check can fail: building it with the core's `std` feature on,
//!
//! ```text
//! cargo build --manifest-path xtask/nostd-check/Cargo.toml \
//!     --target-dir target/nostd --features webhook-core/std
//! ```
//!
//! stops with "found duplicate lang item `panic_impl`", "first defined in crate
//! `std` (which `webhook_core` depends on)". We ran that by hand with rustc 1.95
//! when writing this task, and also linked the archive into a small C program
//! that called it (verify accepted, then refused the delivery six minutes late).
//!
//! No extra rustup target is needed: the staticlib builds for the host, with
//! `panic = "abort"` set in its own manifest. It has its own `Cargo.lock` and
//! builds into `target/nostd`, beside the workspace's profiles.

use crate::util::{cargo, root, target_dir};

/// The core's features, each checked alone on top of `--no-default-features`;
/// `None` checks the crate with no features at all.
const CORE_FEATURES: [Option<&str>; 7] = [
    None,
    Some("alloc"),
    Some("std"),
    Some("http"),
    Some("ed25519"),
    Some("jwk"),
    Some("url-policy"),
];

/// Feature sets for the no_std staticlib.
const STATICLIB_FEATURES: [Option<&str>; 4] = [
    None,
    Some("alloc"),
    Some("alloc,ed25519"),
    Some("url-policy"),
];

pub(crate) fn run() -> Result<(), String> {
    for feature in CORE_FEATURES {
        let mut args = vec!["check", "-p", "webhook-core", "--no-default-features"];
        args.extend(feature.iter().flat_map(|f| ["--features", f]));
        cargo(&args)?;
    }

    let manifest = root().join("xtask").join("nostd-check").join("Cargo.toml");
    let target_dir = target_dir().join("nostd");
    let manifest = path_arg(&manifest)?;
    let target_dir = path_arg(&target_dir)?;
    for feature in STATICLIB_FEATURES {
        let mut args = vec![
            "build",
            "--manifest-path",
            manifest,
            "--target-dir",
            target_dir,
        ];
        args.extend(feature.iter().flat_map(|f| ["--features", f]));
        cargo(&args)?;
    }

    println!(
        "xtask nostd: the core builds without std, alone, with alloc, with ed25519 and with url-policy"
    );
    Ok(())
}

fn path_arg(path: &std::path::Path) -> Result<&str, String> {
    path.to_str()
        .ok_or_else(|| format!("path {} is not valid UTF-8", path.display()))
}
