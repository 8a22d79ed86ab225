//! A Python virtualenv for the tasks that need packages beyond the standard
//! library.
//!
//! There is one venv, at `venv/` in the workspace's target directory: `cargo
//! clean` removes it, and git never sees it. Each requirements file gets a stamp
//! inside the venv that holds the file's content as of its last successful
//! install. While the stamp matches we do not start pip at all, so a second run
//! costs nothing and needs no network.
//!
//! pip only ever adds: a package dropped from a requirements file stays in the
//! venv until someone deletes the venv. Pinned versions keep that from mattering
//! for what we run.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util;

/// The Python that creates the venv, and runs the scripts that need nothing but
/// the standard library. `PYTHON` lets a machine without a `python3` on PATH
/// point at its own.
pub(crate) fn system_python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Makes sure the venv exists and holds everything in `requirements` (a path
/// relative to the workspace root, or absolute), and returns the venv's python.
///
/// # Errors
///
/// When the venv cannot be created, the requirements file cannot be read, or pip
/// fails. The message names the venv, since deleting it is the usual cure for a
/// half-made one.
pub(crate) fn venv_with(requirements: &Path) -> Result<PathBuf, String> {
    let venv = util::target_dir().join("venv");
    let python = venv_python(&venv);
    let requirements = util::root().join(requirements);

    // `--clear` matters when the interpreter the venv was made from has gone (its
    // python link dangles): the venv is rebuilt, and its stamps go with it.
    if !python.exists() {
        println!("xtask: creating a python venv at {}", venv.display());
        util::run(
            Command::new(system_python())
                .args(["-m", "venv", "--clear"])
                .arg(&venv),
        )?;
    }

    let wanted = fs::read(&requirements)
        .map_err(|e| format!("cannot read {}: {e}", requirements.display()))?;
    let stamp = venv.join("xtask-stamps").join(stamp_name(&requirements));
    if fs::read(&stamp).is_ok_and(|installed| installed == wanted) {
        return Ok(python);
    }

    println!("xtask: installing {} into the venv", requirements.display());
    let pip = ["-m", "pip", "install", "-q", "--disable-pip-version-check"];
    util::run(Command::new(&python).args(pip).arg("-r").arg(&requirements))
        .map_err(|e| format!("{e} (delete {} to start afresh)", venv.display()))?;

    let write_stamp = || -> std::io::Result<()> {
        fs::create_dir_all(venv.join("xtask-stamps"))?;
        fs::write(&stamp, &wanted)
    };
    write_stamp().map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(python)
}

/// Where `python -m venv` puts the interpreter.
fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

/// One stamp per requirements file, named after its path below the root, so two
/// files called `requirements.txt` in different folders keep separate stamps.
fn stamp_name(requirements: &Path) -> String {
    let root = util::root();
    let relative = requirements.strip_prefix(&root).unwrap_or(requirements);
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '.';
    let name = relative.to_string_lossy().replace(|c| !plain(c), "_");
    format!("{name}.stamp")
}
