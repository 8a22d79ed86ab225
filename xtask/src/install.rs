//! `cargo xtask install --prefix DIR`: builds the C library in release mode and
//! installs it the way a system package would, so that
//! `cc app.c $(pkg-config --cflags --libs webhook)` works:
//!
//! ```text
//! DIR/include/webhook.h
//! DIR/lib/libwebhook.a
//! DIR/lib/libwebhook.so
//! DIR/lib/pkgconfig/webhook.pc
//! ```
//!
//! Only the `webhook-ffi` crate is built, so the release build costs one crate
//! and its dependencies.

use std::fs;
use std::path::{Path, PathBuf};

use crate::util::{self, root, target_dir};

/// Parses `--prefix DIR` and installs there.
pub(crate) fn run(args: &[String]) -> Result<(), String> {
    let prefix = match args {
        [flag, dir] if flag == "--prefix" => PathBuf::from(dir),
        _ => return Err("usage: cargo xtask install --prefix DIR".into()),
    };
    // pkg-config needs an absolute prefix, and so does a user who moves on.
    let prefix = if prefix.is_absolute() {
        prefix
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot read the current directory: {e}"))?
            .join(prefix)
    };
    install(&prefix)
}

/// Builds release and writes the install tree under `prefix` (absolute).
pub(crate) fn install(prefix: &Path) -> Result<(), String> {
    util::cargo(&["build", "--release", "-p", "webhook-ffi"])?;
    let built = target_dir().join("release");
    let lib = prefix.join("lib");
    let include = prefix.join("include");
    let pkgconfig = lib.join("pkgconfig");
    for dir in [&lib, &include, &pkgconfig] {
        fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }

    copy(&built.join("libwebhook.a"), &lib.join("libwebhook.a"))?;
    copy(&built.join("libwebhook.so"), &lib.join("libwebhook.so"))?;
    copy(
        &root().join("include/webhook.h"),
        &include.join("webhook.h"),
    )?;
    let pc = pkg_config_file(prefix)?;
    let pc_path = pkgconfig.join("webhook.pc");
    fs::write(&pc_path, pc).map_err(|e| format!("cannot write {}: {e}", pc_path.display()))?;
    println!(
        "xtask install: installed libwebhook into {}",
        prefix.display()
    );
    Ok(())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// The pkg-config file. `Libs` links the shared library by default; `pkg-config
/// --static` adds `Libs.private`, the system libraries the static library needs.
fn pkg_config_file(prefix: &Path) -> Result<String, String> {
    let prefix = prefix
        .to_str()
        .ok_or_else(|| format!("prefix {} is not UTF-8", prefix.display()))?;
    let private = crate::capi::native_static_libs()?.join(" ");
    Ok(format!(
        "prefix={prefix}\n\
         libdir=${{prefix}}/lib\n\
         includedir=${{prefix}}/include\n\
         \n\
         Name: webhook\n\
         Description: Sign and verify Standard Webhooks deliveries\n\
         Version: {version}\n\
         URL: https://github.com/libwebhook/libwebhook\n\
         Libs: -L${{libdir}} -lwebhook\n\
         Libs.private: {private}\n\
         Cflags: -I${{includedir}}\n",
        version = env!("CARGO_PKG_VERSION"),
    ))
}
