//! Small helpers shared by the tasks.

use std::path::PathBuf;
use std::process::Command;

/// The workspace root (xtask lives one level below it).
pub(crate) fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or(manifest.clone(), PathBuf::from)
}

/// The workspace's target directory: `CARGO_TARGET_DIR` if set (relative to the
/// root, as cargo reads it there), otherwise `target/` at the root.
pub(crate) fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Runs `cargo` with `args` at the workspace root, with the cargo that runs us.
pub(crate) fn cargo(args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo).args(args))
}

/// Runs a command at the workspace root and turns a failure into a message.
pub(crate) fn run(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// Runs one CI step between banners and passes its result through.
pub(crate) fn step(name: &str, task: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    println!("xtask ci: {name}: running");
    let started = std::time::Instant::now();
    let result = task();
    let secs = started.elapsed().as_secs_f64();
    match &result {
        Ok(()) => println!("xtask ci: {name}: ok ({secs:.1} s)"),
        Err(e) => eprintln!("xtask ci: {name}: FAILED after {secs:.1} s: {e}"),
    }
    result
}
