//! The Python extension: build the wheel with maturin, install it into the
//! venv, and run pytest and mypy against the installed package.
//!
//! Everything runs in the one venv under the target directory (see
//! `python.rs`), which gets `bindings/python/requirements-dev.txt` on top of the
//! conformance run's packages. The wheel is built once per xtask run, in the dev
//! profile like the rest of CI (the hashes are optimised even there, see the
//! root `Cargo.toml`), and reinstalled over whatever an earlier run left.
//! `bench-python` builds a release wheel instead, since benchmarks of debug
//! code would measure the wrong thing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::{python, util};

/// The pinned packages for building and testing the wheel.
const REQUIREMENTS: &str = "bindings/python/requirements-dev.txt";

/// The extension's manifest, for maturin.
const MANIFEST: &str = "bindings/python/Cargo.toml";

/// What pytest and mypy look at.
const TESTS: &str = "bindings/python/tests";
const EXAMPLES: &str = "examples/python";
const PACKAGE: &str = "bindings/python/python/libwebhook";

/// The venv's python once the dev wheel is installed in it; built on first use.
static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// Builds the dev wheel and installs it, once per xtask run.
fn installed() -> Result<PathBuf, String> {
    INSTALLED.get_or_init(|| build_and_install(false)).clone()
}

/// Builds a wheel (`release` or dev profile) into its own folder under the
/// target directory and installs it into the venv; returns the venv's python.
fn build_and_install(release: bool) -> Result<PathBuf, String> {
    let python = python::venv_with(Path::new(REQUIREMENTS))?;
    let out = util::target_dir()
        .join("wheels")
        .join(if release { "release" } else { "dev" });

    // An emptied folder holds exactly the wheel we are about to build, so
    // there is no guessing which file is the new one.
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let mut build = Command::new(&python);
    build
        .args([
            "-m",
            "maturin",
            "build",
            "--quiet",
            "--manifest-path",
            MANIFEST,
            "--out",
        ])
        .arg(&out);
    if release {
        build.arg("--release");
    }
    util::run(&mut build)?;

    let wheel = std::fs::read_dir(&out)
        .map_err(|e| format!("cannot read {}: {e}", out.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"))
        .ok_or_else(|| format!("maturin wrote no wheel into {}", out.display()))?;
    util::run(
        Command::new(&python)
            .args(["-m", "pip", "install", "-q", "--disable-pip-version-check"])
            .args(["--force-reinstall", "--no-deps"])
            .arg(&wheel),
    )?;
    Ok(python)
}

/// Conformance: every vector in `testdata/` through the installed wheel, the
/// signature vectors and the destination corpus (`urls.json`, `addresses.json`).
pub(crate) fn vectors() -> Result<(), String> {
    let python = installed()?;
    util::run(
        Command::new(python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg(Path::new(TESTS).join("test_vectors.py"))
            .arg(Path::new(TESTS).join("test_destinations.py")),
    )
}

/// The whole Python suite (the benchmarks run once each, untimed, so they
/// cannot rot), then `mypy.stubtest` of the compiled module against its stub
/// and `mypy --strict` over the package, its stub and the tests.
pub(crate) fn tests() -> Result<(), String> {
    let python = installed()?;
    util::run(
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .arg("--benchmark-disable")
            .args([TESTS, EXAMPLES]),
    )?;
    // stubtest compares the compiled module with its stub, so the stub
    // cannot drift from what pyo3 really exports.
    util::run(
        Command::new(&python)
            .args(["-m", "mypy.stubtest", "libwebhook._libwebhook"])
            .env("MYPY_CACHE_DIR", util::target_dir().join("mypy-cache")),
    )?;
    util::run(
        Command::new(&python)
            .args(["-m", "mypy", "--strict"])
            .args([PACKAGE, TESTS, EXAMPLES])
            .env("MYPY_CACHE_DIR", util::target_dir().join("mypy-cache")),
    )
}

/// `cargo xtask bench-python`: a release wheel, then the pytest-benchmark
/// comparison with the reference package. The next `ci` puts the dev wheel
/// back.
pub(crate) fn bench() -> Result<(), String> {
    let python = build_and_install(true)?;
    util::run(
        Command::new(python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
            .args([
                "--benchmark-only",
                "--benchmark-columns=min,median,mean,ops",
            ])
            .arg(Path::new(TESTS).join("test_benchmark.py")),
    )
}
