//! The C API's checks: the header compiled as C and C++, the conformance
//! runner (the signature vectors and the destination corpus) and the edge
//! tests under sanitizers and under valgrind, the two examples, and the
//! install tree with its pkg-config file.
//!
//! Everything links the one `cargo build -p webhook-ffi` (dev profile) in the
//! workspace's target directory, so the C steps add one small build, not a
//! second copy of the world. The C programs are built into `target/capi/`.
//!
//! The sanitizer build and the valgrind build are separate binaries: valgrind
//! cannot run code built with AddressSanitizer. Both link the static library,
//! so the Rust code runs inside the checked process (valgrind sees its heap
//! too; the sanitizers see the C side and every buffer we hand across).
//!
//! The tools come from the system: `cc` and `c++` (or `CC` and `CXX`),
//! `pkg-config` and `valgrind`. When one is missing we install it with
//! `apt-get`, which is what CI's fresh Debian machine has; elsewhere the error
//! names the package to install.

use core::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use crate::util::{self, root, target_dir};

/// Warnings for every C and C++ compile: the header and our programs must be
/// clean under all of them.
const WARNINGS: [&str; 4] = ["-Wall", "-Wextra", "-Werror", "-pedantic"];

/// Sanitizers for the first run. `-fno-sanitize-recover=all` makes undefined
/// behaviour stop the run instead of printing and carrying on.
const SANITIZE: [&str; 4] = [
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
    "-g",
];

/// How valgrind runs: any error, and any leaked or still-reachable block, fails
/// the run. We found no "still reachable" blocks from Rust's std in these
/// programs, so there is no suppressions file; if one ever becomes necessary it
/// should name each suppressed frame and why.
const VALGRIND: [&str; 6] = [
    "--error-exitcode=1",
    "--leak-check=full",
    "--errors-for-leak-kinds=all",
    "--show-leak-kinds=all",
    "--track-origins=yes",
    "-q",
];

/// The C tests: each source under `crates/ffi/tests/c/`, and the arguments it
/// runs with (`{vectors}` is the converted vector file).
const PROGRAMS: [(&str, &[&str]); 2] = [("runner.c", &["{vectors}"]), ("edges.c", &[])];

/// `cargo xtask capi`: every C check, without the rest of CI.
pub(crate) fn all() -> Result<(), String> {
    util::step("c header compiles as c99 and c++", header)?;
    util::step("c api under asan and ubsan", sanitizers)?;
    util::step("c api under valgrind", valgrind)?;
    util::step("c and c++ examples", examples)?;
    util::step("install tree and pkg-config", install_check)
}

/// Where the C programs are built.
fn build_dir() -> PathBuf {
    target_dir().join("capi")
}

fn c_compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".into())
}

fn cxx_compiler() -> String {
    std::env::var("CXX").unwrap_or_else(|_| "c++".into())
}

/// Makes sure `tool` runs (`tool --version`), installing `package` with
/// apt-get if it does not.
pub(crate) fn ensure_tool(tool: &str, package: &str) -> Result<(), String> {
    let runs = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|out| out.status.success())
    };
    if runs(tool) {
        return Ok(());
    }
    println!("xtask: `{tool}` is missing; installing the `{package}` package with apt-get");
    let install = || util::run(Command::new("apt-get").args(["install", "-y", package]));
    // A fresh machine may have no package lists yet: fetch them and try again.
    install()
        .or_else(|_| util::run(Command::new("apt-get").arg("update")).and_then(|()| install()))
        .map_err(|e| format!("cannot install {package} ({e}); install it and run again"))?;
    if runs(tool) {
        Ok(())
    } else {
        Err(format!(
            "installed {package}, but `{tool} --version` still fails"
        ))
    }
}

/// The system libraries a Rust static library needs on this platform, as
/// `-l` flags, from `rustc --print native-static-libs` on an empty crate. The
/// C API uses nothing beyond std, so std's list is the library's list.
pub(crate) fn native_static_libs() -> Result<Vec<String>, String> {
    let dir = build_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let empty = dir.join("empty.rs");
    fs::write(&empty, "").map_err(|e| format!("cannot write {}: {e}", empty.display()))?;
    let out = Command::new(rustc)
        .args(["--crate-type", "staticlib", "--crate-name", "empty"])
        .args(["--print", "native-static-libs", "-o"])
        .arg(dir.join("libempty.a"))
        .arg(&empty)
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    let libs = text
        .lines()
        .find_map(|line| line.split("native-static-libs:").nth(1))
        .ok_or("rustc printed no native-static-libs line")?;
    Ok(libs.split_whitespace().map(String::from).collect())
}

/// Builds the C library (dev profile) and returns the directory holding
/// `libwebhook.a` and `libwebhook.so`.
fn build_library() -> Result<PathBuf, String> {
    util::cargo(&["build", "-p", "webhook-ffi"])?;
    Ok(target_dir().join("debug"))
}

/// Compiles `include/webhook.h` alone as C99 and as C++11 and C++17 with every
/// warning an error.
pub(crate) fn header() -> Result<(), String> {
    ensure_tool(&c_compiler(), "gcc")?;
    ensure_tool(&cxx_compiler(), "g++")?;
    let include = root().join("include");
    let compilers = [
        (c_compiler(), "c", "-std=c99"),
        (cxx_compiler(), "c++", "-std=c++11"),
        (cxx_compiler(), "c++", "-std=c++17"),
    ];
    for (compiler, language, standard) in compilers {
        let mut command = Command::new(compiler);
        command
            .args(["-x", language, standard, "-fsyntax-only"])
            .args(WARNINGS)
            .arg("-I")
            .arg(&include)
            .arg(root().join("crates/ffi/tests/c/header.c"));
        util::run(&mut command)?;
    }
    Ok(())
}

/// The conformance step: every vector through the C runner, and the edge
/// tests, built with AddressSanitizer and UndefinedBehaviorSanitizer.
pub(crate) fn sanitizers() -> Result<(), String> {
    ensure_tool(&c_compiler(), "gcc")?;
    let lib = build_library()?;
    let vectors = write_vectors()?;
    for (source, args) in PROGRAMS {
        let exe = compile_test(source, &lib, true)?;
        let mut command = Command::new(&exe);
        command
            .args(args.iter().map(|a| a.replace("{vectors}", &vectors)))
            .env(
                "ASAN_OPTIONS",
                "detect_leaks=1:abort_on_error=0:strict_string_checks=1",
            )
            .env("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1");
        util::run(&mut command)?;
    }
    Ok(())
}

/// The same programs without sanitizers, under valgrind.
pub(crate) fn valgrind() -> Result<(), String> {
    ensure_tool(&c_compiler(), "gcc")?;
    ensure_tool("valgrind", "valgrind")?;
    let lib = build_library()?;
    let vectors = write_vectors()?;
    for (source, args) in PROGRAMS {
        let exe = compile_test(source, &lib, false)?;
        let mut command = Command::new("valgrind");
        command
            .args(VALGRIND)
            .arg(&exe)
            .args(args.iter().map(|a| a.replace("{vectors}", &vectors)));
        util::run(&mut command)?;
    }
    Ok(())
}

/// Compiles one C test against the static library.
fn compile_test(source: &str, lib: &Path, sanitize: bool) -> Result<PathBuf, String> {
    let stem = source.trim_end_matches(".c");
    let exe = build_dir().join(format!("{stem}-{}", if sanitize { "san" } else { "plain" }));
    let mut command = Command::new(c_compiler());
    command.args(["-std=c99", "-O1", "-g"]).args(WARNINGS);
    if sanitize {
        command.args(SANITIZE);
    }
    command
        .arg(format!(
            "-DWH_EXPECTED_VERSION=\"{}\"",
            env!("CARGO_PKG_VERSION")
        ))
        .arg("-I")
        .arg(root().join("include"))
        .arg(root().join("crates/ffi/tests/c").join(source))
        .arg(lib.join("libwebhook.a"))
        .args(native_static_libs()?)
        .arg("-o")
        .arg(&exe);
    util::run(&mut command)?;
    Ok(exe)
}

/// Builds and runs both examples against the static library: each verifies
/// the captured delivery in `examples/payloads/captured/` at its send time,
/// and must refuse it a day later.
pub(crate) fn examples() -> Result<(), String> {
    ensure_tool(&c_compiler(), "gcc")?;
    ensure_tool(&cxx_compiler(), "g++")?;
    let lib = build_library()?;
    let libs = native_static_libs()?;
    let builds = [
        (c_compiler(), "verify.c", "-std=c99"),
        (cxx_compiler(), "verify.cpp", "-std=c++17"),
    ];
    for (compiler, source, standard) in builds {
        let exe = build_dir().join(format!("example-{source}").replace('.', "-"));
        let mut command = Command::new(compiler);
        command
            .arg(standard)
            .args(WARNINGS)
            .arg("-I")
            .arg(root().join("include"))
            .arg(root().join("examples/c").join(source))
            .arg(lib.join("libwebhook.a"))
            .args(&libs)
            .arg("-o")
            .arg(&exe);
        util::run(&mut command)?;
        run_example(&exe, &[])?;
    }
    Ok(())
}

/// Runs an example on the captured delivery: it must accept it at its send
/// time (exit 0) and refuse it a day later (exit 1).
fn run_example(exe: &Path, env: &[(&str, &Path)]) -> Result<(), String> {
    let captured = root().join("examples/payloads/captured");
    let status = |now: &str| {
        let mut command = Command::new(exe);
        command
            .arg(captured.join("headers.txt"))
            .arg(captured.join("body.json"))
            .arg(captured.join("secret.txt"))
            .arg(now)
            .current_dir(root());
        for (key, value) in env {
            command.env(key, value);
        }
        command
            .status()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))
    };
    let accepted = status("1767226813")?;
    let refused = status("1767313213")?;
    if accepted.code() != Some(0) || refused.code() != Some(1) {
        return Err(format!(
            "{} exited {accepted} on the capture at its send time (want 0) and {refused} a day later (want 1)",
            exe.display()
        ));
    }
    Ok(())
}

/// Installs into a prefix under the target directory, then builds the C
/// example exactly as the README says, through pkg-config, and runs it
/// against the shared library.
pub(crate) fn install_check() -> Result<(), String> {
    ensure_tool("pkg-config", "pkg-config")?;
    ensure_tool(&c_compiler(), "gcc")?;
    let prefix = build_dir().join("prefix");
    if prefix.exists() {
        fs::remove_dir_all(&prefix)
            .map_err(|e| format!("cannot clear {}: {e}", prefix.display()))?;
    }
    crate::install::install(&prefix)?;

    let pkgconfig = prefix.join("lib").join("pkgconfig");
    let flags = Command::new("pkg-config")
        .args(["--cflags", "--libs", "webhook"])
        .env("PKG_CONFIG_PATH", &pkgconfig)
        .output()
        .map_err(|e| format!("cannot run pkg-config: {e}"))?;
    if !flags.status.success() {
        return Err(format!(
            "pkg-config --cflags --libs webhook failed: {}",
            String::from_utf8_lossy(&flags.stderr)
        ));
    }
    let flags = String::from_utf8_lossy(&flags.stdout).into_owned();

    let exe = build_dir().join("example-pkg-config");
    let mut command = Command::new(c_compiler());
    command
        .args(WARNINGS)
        .arg(root().join("examples/c/verify.c"))
        .args(flags.split_whitespace())
        .arg("-o")
        .arg(&exe);
    util::run(&mut command)?;
    run_example(&exe, &[("LD_LIBRARY_PATH", &prefix.join("lib"))])?;

    // The README's C programs (every ```c block is a whole program), built the
    // way the README says and run, so none can stop compiling or start failing
    // unnoticed.
    let readme = fs::read_to_string(root().join("README.md"))
        .map_err(|e| format!("cannot read README.md: {e}"))?;
    let programs: Vec<&str> = readme
        .split("```c\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    if programs.is_empty() {
        return Err("README.md has no ```c block".into());
    }
    for (i, program) in programs.into_iter().enumerate() {
        let source = build_dir().join(format!("readme-app-{i}.c"));
        fs::write(&source, program)
            .map_err(|e| format!("cannot write {}: {e}", source.display()))?;
        let app = build_dir().join(format!("readme-app-{i}"));
        util::run(
            Command::new(c_compiler())
                .args(WARNINGS)
                .arg(&source)
                .args(flags.split_whitespace())
                .arg("-o")
                .arg(&app),
        )?;
        util::run(Command::new(&app).env("LD_LIBRARY_PATH", prefix.join("lib")))?;
    }
    Ok(())
}

/// Writes the vector files and the destination corpus in the line format
/// `runner.c` reads, and returns the path.
///
/// One record per vector or case, one field per line, fields separated by
/// single spaces. A byte string is `-` when absent (JSON null) and otherwise
/// `x` followed by lowercase hex, so that any bytes, NUL and newline included,
/// survive; JSON's `\u` escapes are decoded here, by serde_json, so the C
/// side gets the URL's exact UTF-8. The first line, `count N`, lets the runner
/// notice a short file.
///
/// ```text
/// vector NAME              keytext NAME signing|public    jwks NAME
/// ring secrets|keys        text BYTES                     document BYTES
/// key BYTES NOT_AFTER|-
/// id BYTES                 expect ok WHPK [WHSK]          expect ok N
/// timestamp BYTES            | expect error KIND            | expect error KIND
/// signature BYTES          end                            jwk KID WHPK  (N lines)
/// body BYTES                                              end
/// now N
/// tolerance N
/// expect ok INDEX SCHEME | expect error KIND
/// [sign BYTES]
/// end
///
/// url NAME                 address NAME
/// text BYTES               text BYTES
/// [policy]                 bytes BYTES
/// [block BYTES]  (any)     expect ok | expect error KIND
/// [port N]       (any)     end
/// expect ok NORMALISED | expect error KIND
/// end
/// ```
///
/// A destination record's NAME is its file and its position there, from 0
/// (`urls.json#17`), since the cases have no names of their own. `policy`
/// marks a case with a `policy` object, even an empty one, so the runner uses
/// a policy handle for it; `bytes` is the address in network order as Rust's
/// own parser reads the text (without an IPv6 zone), which the runner compares
/// with `inet_pton`'s.
fn write_vectors() -> Result<String, String> {
    let v1 = read_json("testdata/standardwebhooks_v1.json")?;
    let v1a = read_json("testdata/standardwebhooks_v1a.json")?;
    let urls = read_json("testdata/urls.json")?;
    let addresses = read_json("testdata/addresses.json")?;
    let mut out = String::new();
    let mut count = 0usize;

    for vector in list(&v1, "vectors")? {
        let keys: Vec<(Value, Value)> = list(vector, "secrets")?
            .iter()
            .map(|secret| (secret.clone(), Value::Null))
            .collect();
        write_vector(&mut out, vector, "secrets", &keys)?;
        count += 1;
    }
    for vector in list(&v1a, "vectors")? {
        let keys = list(vector, "keys")?
            .iter()
            .map(|key| (key["key"].clone(), key["not_after"].clone()))
            .collect::<Vec<_>>();
        write_vector(&mut out, vector, "keys", &keys)?;
        count += 1;
    }
    for case in list(&v1a, "keys")? {
        write_key_case(&mut out, case)?;
        count += 1;
    }
    for case in list(&v1a, "jwks")? {
        write_jwks_case(&mut out, case)?;
        count += 1;
    }
    for (i, case) in list(&urls, "cases")?.iter().enumerate() {
        write_url_case(&mut out, &format!("urls.json#{i}"), case)?;
        count += 1;
    }
    for (i, case) in list(&addresses, "cases")?.iter().enumerate() {
        write_address_case(&mut out, &format!("addresses.json#{i}"), case)?;
        count += 1;
    }

    let path = build_dir().join("vectors.txt");
    fs::create_dir_all(build_dir()).map_err(|e| format!("cannot create target/capi: {e}"))?;
    fs::write(&path, format!("count {count}\n{out}"))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    path.to_str()
        .map(String::from)
        .ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

fn read_json(path: &str) -> Result<Value, String> {
    let text =
        fs::read_to_string(root().join(path)).map_err(|e| format!("cannot read {path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))
}

fn list<'a>(value: &'a Value, field: &str) -> Result<&'a Vec<Value>, String> {
    value[field]
        .as_array()
        .ok_or_else(|| format!("`{field}` is not a list in {}", name(value)))
}

fn name(value: &Value) -> &str {
    value["name"].as_str().unwrap_or("(unnamed)")
}

/// A byte string field: `-` for null, `x` and hex otherwise.
fn bytes(value: &[u8]) -> String {
    let mut out = String::with_capacity(1 + 2 * value.len());
    out.push('x');
    for byte in value {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

fn text_field(value: &Value, context: &str) -> Result<String, String> {
    match value {
        Value::Null => Ok("-".into()),
        Value::String(text) => Ok(bytes(text.as_bytes())),
        _ => Err(format!("{context}: expected a string or null")),
    }
}

fn number(value: &Value, context: &str) -> Result<u64, String> {
    value
        .as_u64()
        .ok_or_else(|| format!("{context}: expected an unsigned integer"))
}

/// The `expect` line for an outcome object, `{valid, error, ...}`, with
/// `ok_fields` the rest of the line on success.
fn expect_line(
    expected: &Value,
    ok_fields: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    match (&expected["valid"], &expected["error"]) {
        (Value::Bool(true), Value::Null) => Ok(format!("expect ok {}\n", ok_fields()?)),
        (Value::Bool(false), Value::String(kind)) => Ok(format!("expect error {kind}\n")),
        _ => Err("malformed expectation".into()),
    }
}

/// One verification vector. `ring` is `secrets` for the `v1` file, whose key
/// texts are HMAC secrets by definition (the Rust runner reads them with
/// `Secret::from_base64`; the C runner with `wh_verifier_new_secrets`), and
/// `keys` for the `v1a` file, whose texts are read by prefix
/// (`VerifyKey::parse`; `wh_verifier_new`).
fn write_vector(
    out: &mut String,
    vector: &Value,
    ring: &str,
    keys: &[(Value, Value)],
) -> Result<(), String> {
    let name = name(vector);
    out.push_str(&format!("vector {name}\nring {ring}\n"));
    for (key, not_after) in keys {
        let limit = match not_after {
            Value::Null => "-".into(),
            other => number(other, name)?.to_string(),
        };
        out.push_str(&format!("key {} {limit}\n", text_field(key, name)?));
    }
    for field in ["id", "timestamp", "signature"] {
        out.push_str(&format!("{field} {}\n", text_field(&vector[field], name)?));
    }
    let body = vector["body_base64"]
        .as_str()
        .and_then(|text| STANDARD.decode(text).ok())
        .ok_or_else(|| format!("{name}: body_base64 is not base64"))?;
    out.push_str(&format!("body {}\n", bytes(&body)));
    out.push_str(&format!("now {}\n", number(&vector["now"], name)?));
    out.push_str(&format!(
        "tolerance {}\n",
        number(&vector["tolerance"], name)?
    ));

    // The v1 file has no `scheme` in its outcomes: every match there is v1.
    let expected = &vector["expected"];
    out.push_str(&expect_line(expected, || {
        let index = number(&expected["key_index"], name)?;
        let scheme = expected["scheme"].as_str().unwrap_or("v1");
        Ok(format!("{index} {scheme}"))
    })?);
    if vector["sign"] == Value::Bool(true) {
        out.push_str(&format!(
            "sign {}\n",
            text_field(&vector["signature"], name)?
        ));
    }
    out.push_str("end\n");
    Ok(())
}

fn write_key_case(out: &mut String, case: &Value) -> Result<(), String> {
    let name = name(case);
    let role = case["as"]
        .as_str()
        .ok_or_else(|| format!("{name}: no `as`"))?;
    out.push_str(&format!("keytext {name} {role}\n"));
    out.push_str(&format!("text {}\n", text_field(&case["text"], name)?));
    let expected = &case["expected"];
    out.push_str(&expect_line(expected, || {
        // The raw key and its whpk_ text say the same thing; we hand the runner
        // the text, after checking that the two agree.
        let whpk = expected["whpk"].as_str().unwrap_or_default();
        let raw = expected["public_key_base64"].as_str().unwrap_or_default();
        if whpk.strip_prefix("whpk_") != Some(raw) {
            return Err(format!("{name}: whpk and public_key_base64 disagree"));
        }
        let mut fields = bytes(whpk.as_bytes());
        if role == "signing" {
            fields.push(' ');
            fields.push_str(&text_field(&expected["whsk"], name)?);
        }
        Ok(fields)
    })?);
    out.push_str("end\n");
    Ok(())
}

fn write_jwks_case(out: &mut String, case: &Value) -> Result<(), String> {
    let name = name(case);
    out.push_str(&format!("jwks {name}\n"));
    // As the Rust runner does: the document serialized back to JSON text.
    let document = case["document"].to_string();
    out.push_str(&format!("document {}\n", bytes(document.as_bytes())));
    let expected = &case["expected"];
    let keys = expected["keys"].as_array().cloned().unwrap_or_default();
    out.push_str(&expect_line(expected, || Ok(keys.len().to_string()))?);
    if expected["valid"] == Value::Bool(true) {
        for key in &keys {
            out.push_str(&format!(
                "jwk {} {}\n",
                text_field(&key["kid"], name)?,
                text_field(&key["whpk"], name)?
            ));
        }
    }
    out.push_str("end\n");
    Ok(())
}

/// One case of `testdata/urls.json`: the URL, the case's policy additions, and
/// the outcome (`ok` with the normalised form, or the refusal's kind).
fn write_url_case(out: &mut String, name: &str, case: &Value) -> Result<(), String> {
    let url = case["url"]
        .as_str()
        .ok_or_else(|| format!("{name}: `url` is not a string"))?;
    out.push_str(&format!("url {name}\ntext {}\n", bytes(url.as_bytes())));
    match &case["policy"] {
        Value::Null => {}
        Value::Object(policy) => {
            out.push_str("policy\n");
            let empty = Vec::new();
            let field = |key: &str| match policy.get(key) {
                None => Ok(&empty),
                Some(Value::Array(items)) => Ok(items),
                Some(_) => Err(format!("{name}: policy `{key}` is not a list")),
            };
            for block in field("block")? {
                out.push_str(&format!("block {}\n", text_field(block, name)?));
            }
            for port in field("ports")? {
                out.push_str(&format!("port {}\n", number(port, name)?));
            }
            if let Some(key) = policy.keys().find(|key| *key != "block" && *key != "ports") {
                return Err(format!("{name}: unknown policy field `{key}`"));
            }
        }
        _ => return Err(format!("{name}: `policy` is not an object")),
    }
    match (case["expect"].as_str(), &case["normalised"]) {
        (Some("ok"), Value::String(normalised)) => {
            out.push_str(&format!("expect ok {}\n", bytes(normalised.as_bytes())));
        }
        (Some(kind), Value::Null) if kind != "ok" => {
            out.push_str(&format!("expect error {kind}\n"));
        }
        _ => return Err(format!("{name}: `expect` and `normalised` disagree")),
    }
    out.push_str("end\n");
    Ok(())
}

/// One case of `testdata/addresses.json`: the text, its bytes, the outcome.
fn write_address_case(out: &mut String, name: &str, case: &Value) -> Result<(), String> {
    let text = case["address"]
        .as_str()
        .ok_or_else(|| format!("{name}: `address` is not a string"))?;
    // An IPv6 zone (`fe80::1%eth0`) names an interface, not the address: the
    // bytes are those of the address alone, as the core's `parse_address`
    // reads it.
    let bare = text.split_once('%').map_or(text, |(addr, _)| addr);
    let addr: core::net::IpAddr = match bare.parse() {
        Ok(addr @ core::net::IpAddr::V6(_)) => addr,
        Ok(addr) if bare == text => addr,
        _ => return Err(format!("{name}: {text:?} is not an address")),
    };
    let octets = match addr {
        core::net::IpAddr::V4(v4) => v4.octets().to_vec(),
        core::net::IpAddr::V6(v6) => v6.octets().to_vec(),
    };
    out.push_str(&format!(
        "address {name}\ntext {}\nbytes {}\n",
        bytes(text.as_bytes()),
        bytes(&octets)
    ));
    match case["expect"].as_str() {
        Some("ok") => out.push_str("expect ok\n"),
        Some(kind) => out.push_str(&format!("expect error {kind}\n")),
        None => return Err(format!("{name}: `expect` is not a string")),
    }
    out.push_str("end\n");
    Ok(())
}
