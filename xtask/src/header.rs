//! `cargo xtask gen-header`: writes `include/webhook.h` from `crates/ffi` with
//! cbindgen, configured by the committed `crates/ffi/cbindgen.toml`.
//!
//! CI calls [`check`], which generates the header in memory and fails if it
//! differs from the committed file, so a change to the C API that is not
//! committed with its header is caught. cbindgen is pinned in xtask's manifest
//! because its output changes between releases.

use std::path::PathBuf;

use crate::util::root;

/// The committed header, relative to the workspace root.
const HEADER: &str = "include/webhook.h";

/// Writes the header.
pub(crate) fn generate() -> Result<(), String> {
    let text = render()?;
    std::fs::write(root().join(HEADER), text).map_err(|e| format!("cannot write {HEADER}: {e}"))?;
    println!("xtask gen-header: wrote {HEADER}");
    Ok(())
}

/// Fails if the committed header is not what `generate` would write.
pub(crate) fn check() -> Result<(), String> {
    let fresh = render()?;
    let committed = std::fs::read(root().join(HEADER))
        .map_err(|e| format!("cannot read {HEADER}: {e} (run `cargo xtask gen-header`)"))?;
    if committed != fresh {
        return Err(format!(
            "{HEADER} is stale: run `cargo xtask gen-header` and commit the result"
        ));
    }
    Ok(())
}

/// The header as cbindgen writes it today.
fn render() -> Result<Vec<u8>, String> {
    let crate_dir: PathBuf = root().join("crates").join("ffi");
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))?;
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .map_err(|e| format!("cbindgen failed: {e}"))?;
    let mut text = Vec::new();
    bindings.write(&mut text);
    Ok(text)
}
