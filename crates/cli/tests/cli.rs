//! Runs the built `webhook` binary and checks its output and exit codes.
//!
//! Expected signatures come from outside this workspace: the Standard Webhooks
//! reference known answer, the captured delivery signed by
//! `examples/payloads/captured/sign_capture.py`, Python's `hmac` module run
//! during the test (so python3 must be on PATH), and for `v1a` the `sign`
//! vectors of `testdata/standardwebhooks_v1a.json`, whose ed25519 signatures
//! the Python `cryptography` package made.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_webhook");

// The reference known answer published with the Standard Webhooks libraries.
const KA_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KA_KEY_TEXT: &str = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KA_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const KA_TS: &str = "1614265330";
const KA_BODY: &[u8] = br#"{"test": 2432232314}"#;
const KA_SIG: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

// A second valid secret (24 bytes 0x00..0x17, base64 by Python).
const OTHER_SECRET: &str = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";
const OTHER_KEY_TEXT: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYX";

/// The key text of the example secret in examples/payloads/captured/secret.txt.
const EXAMPLE_KEY_TEXT: &str = "FCJMkukBU/eGIkEjqAHu/ialNjgBTnyuLXHs6YbHWJ8=";
const CAPTURED_TS: &str = "1767226813";

/// What one run of the binary produced.
#[derive(Debug)]
struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Output {
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the binary without WEBHOOK_SECRET (unless `env` sets it), feeding
/// `stdin` if given.
fn run_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)], dir: &Path) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .env_remove("WEBHOOK_SECRET")
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn webhook");
    if let Some(bytes) = stdin {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        pipe.write_all(bytes).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for webhook");
    Output {
        code: out.status.code().expect("exited with a code"),
        stdout: String::from_utf8(out.stdout).expect("stdout is utf-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is utf-8"),
    }
}

fn run(args: &[&str]) -> Output {
    run_with(args, None, &[], &scratch_dir("cwd"))
}

/// A fresh directory for one test's files.
fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("webhook-cli")
        .join(test);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Writes `bytes` to a file in the test's directory and returns its path.
fn file(test: &str, name: &str, bytes: &[u8]) -> String {
    let path = scratch_dir(test).join(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    path.to_str().expect("utf-8 path").to_owned()
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `v1` signature computed by Python's hmac module, as an independent oracle.
fn python_v1(key_text: &str, id: &str, timestamp: &str, body: &[u8]) -> String {
    let script = "import base64, hashlib, hmac, sys\n\
                  key = base64.b64decode(sys.argv[1], validate=True)\n\
                  msg = f'{sys.argv[2]}.{sys.argv[3]}.'.encode() + sys.stdin.buffer.read()\n\
                  tag = hmac.new(key, msg, hashlib.sha256).digest()\n\
                  print('v1,' + base64.b64encode(tag).decode())";
    let mut child = Command::new("python3")
        .args(["-c", script, key_text, id, timestamp])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 must be installed to compute the expected signature");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(body).expect("write python3 stdin");
    drop(pipe);
    let out = child.wait_with_output().expect("wait for python3");
    assert!(out.status.success(), "python3 failed");
    let text = String::from_utf8(out.stdout).expect("python3 prints ascii");
    text.trim_end().to_owned()
}

fn header_args(id: &str, ts: &str, sig: &str) -> [String; 6] {
    [
        "--header".into(),
        format!("webhook-id: {id}"),
        "--header".into(),
        format!("webhook-timestamp: {ts}"),
        "--header".into(),
        format!("webhook-signature: {sig}"),
    ]
}

/// `verify` of the known answer with the given extra arguments (secret, body,
/// options); the three headers are added.
fn verify_ka(extra: &[&str], sig: &str) -> Output {
    let headers = header_args(KA_ID, KA_TS, sig);
    let mut args = vec!["verify"];
    args.extend(headers.iter().map(String::as_str));
    args.extend(extra);
    run(&args)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|err| panic!("{err}: {text}"))
}

#[test]
fn sign_reproduces_the_reference_known_answer() {
    let body = file("sign_ka", "body.json", KA_BODY);
    let out = run(&[
        "sign",
        "--secret",
        KA_SECRET,
        "--id",
        KA_ID,
        "--timestamp",
        KA_TS,
        &body,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let want =
        format!("webhook-id: {KA_ID}\nwebhook-timestamp: {KA_TS}\nwebhook-signature: {KA_SIG}\n");
    assert_eq!(out.stdout, want);
    assert_eq!(out.stderr, "");
}

#[test]
fn sign_json_is_keyed_by_header_name() {
    let body = file("sign_json", "body.json", KA_BODY);
    let out = run(&[
        "sign",
        "--json",
        "--secret",
        KA_SECRET,
        "--id",
        KA_ID,
        "--timestamp",
        KA_TS,
        "--body",
        &body,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    let value = json(&out.stdout);
    assert_eq!(
        value,
        serde_json::json!({
            "webhook-id": KA_ID,
            "webhook-timestamp": KA_TS,
            "webhook-signature": KA_SIG,
        })
    );
}

#[test]
fn sign_defaults_to_a_fresh_id_and_the_current_time() {
    let body = file("sign_defaults", "body.json", KA_BODY);
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let first = json(&run(&["sign", "--json", "--secret", KA_SECRET, &body]).stdout);
    let second = json(&run(&["sign", "--json", "--secret", KA_SECRET, &body]).stdout);

    let id = first["webhook-id"].as_str().unwrap();
    assert!(id.starts_with("msg_") && id.len() == 36, "{id}");
    assert_ne!(first["webhook-id"], second["webhook-id"]);
    let ts: u64 = first["webhook-timestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((before..before + 60).contains(&ts), "{ts}");
}

#[test]
fn verify_accepts_the_reference_known_answer_at_its_time() {
    let body = file("verify_ka", "body.json", KA_BODY);
    let out = verify_ka(&["--secret", KA_SECRET, "--now", KA_TS, &body], KA_SIG);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        format!("verified {KA_ID} (timestamp {KA_TS}, key 0, v1)\n")
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn verify_json_shapes() {
    let body = file("verify_json", "body.json", KA_BODY);
    let ok = verify_ka(
        &["--json", "--secret", KA_SECRET, "--now", KA_TS, &body],
        KA_SIG,
    );
    assert_eq!(ok.code, 0, "{ok:?}");
    assert_eq!(
        json(&ok.stdout),
        serde_json::json!({
            "verified": true, "id": KA_ID, "timestamp": 1_614_265_330_u64, "key_index": 0,
            "scheme": "v1", "kid": null,
        })
    );

    let bad = verify_ka(
        &["--json", "--secret", OTHER_SECRET, "--now", KA_TS, &body],
        KA_SIG,
    );
    assert_eq!(bad.code, 1, "{bad:?}");
    assert_eq!(bad.stderr, "");
    let value = json(&bad.stdout);
    assert_eq!(value["verified"], false);
    assert_eq!(value["error"], "invalid_signature");
    assert!(
        value["message"].as_str().unwrap().contains("matches"),
        "{value}"
    );
    assert_eq!(value.as_object().unwrap().len(), 3);
}

#[test]
fn verify_rejections_exit_1_with_the_kind_on_stderr() {
    let body = file("verify_reject", "body.json", KA_BODY);
    let tampered = file("verify_reject", "tampered.json", br#"{"test": 2432232315}"#);
    let cases = [
        (vec!["--now", KA_TS, tampered.as_str()], "invalid_signature"),
        (
            vec!["--now", "1614265631", body.as_str()],
            "timestamp_too_old",
        ),
        (
            vec!["--now", "1614265029", body.as_str()],
            "timestamp_too_new",
        ),
        (vec![body.as_str()], "timestamp_too_old"),
    ];
    for (extra, kind) in cases {
        let mut args = vec!["--secret", KA_SECRET];
        args.extend(extra);
        let out = verify_ka(&args, KA_SIG);
        assert_eq!(out.code, 1, "{out:?}");
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.starts_with(&format!("rejected ({kind}): ")),
            "{out:?}"
        );
    }

    // One second inside a widened window is accepted again.
    let out = verify_ka(
        &[
            "--secret",
            KA_SECRET,
            "--now",
            "1614265730",
            "--tolerance",
            "400",
            &body,
        ],
        KA_SIG,
    );
    assert_eq!(out.code, 0, "{out:?}");

    let out = verify_ka(&["--secret", KA_SECRET, "--now", KA_TS, &body], "v1a,abc");
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("no_supported_signature"), "{out:?}");

    let out = run(&[
        "verify",
        "--secret",
        KA_SECRET,
        "--header",
        "webhook-id: msg_1",
        &body,
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("missing_header"), "{out:?}");
}

#[test]
fn usage_errors_exit_2() {
    let body = file("usage", "body.json", KA_BODY);
    let missing = scratch_dir("usage").join("absent.json");
    let missing = missing.to_str().unwrap();
    let mut cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["sign", &body], "no secret given"),
        (
            vec!["sign", "--secret", "whsec_???", &body],
            "invalid secret from --secret",
        ),
        (
            vec!["sign", "--secret", KA_SECRET, missing],
            "cannot read body file",
        ),
        (
            vec!["sign", "--secret", KA_SECRET, "--secret-file", &body, &body],
            "cannot be used",
        ),
        (
            vec!["sign", "--secret", KA_SECRET, "--id", "msg.1", &body],
            "webhook-id",
        ),
        (vec!["sign", "--secret", KA_SECRET], "required"),
        (
            vec!["sign", "--secret", KA_SECRET, "--nope", &body],
            "unexpected argument",
        ),
        (vec!["verify", "--secret", KA_SECRET, &body], "required"),
        (
            vec![
                "verify",
                "--secret",
                KA_SECRET,
                "-H",
                "webhook-id msg_1",
                &body,
            ],
            "has no ':'",
        ),
        (
            vec![
                "verify",
                "--secret",
                KA_SECRET,
                "--headers-file",
                missing,
                &body,
            ],
            "cannot read headers file",
        ),
        (
            vec!["verify", "--secret", KA_SECRET, "--headers-file", "-", "-"],
            "both be read from stdin",
        ),
        (
            vec!["verify", "--secret-file", missing, "-H", "a: b", &body],
            "cannot read secret file",
        ),
        (vec!["demo", "--now", "12"], "--now"),
        (vec!["demo", "--now", "soon"], "--now"),
        (vec!["demo", "--now", "-5"], "--now"),
        (
            vec!["sign", "--secret", KA_SECRET, "--timestamp", "-5", &body],
            "invalid value '-5' for '--timestamp <SECONDS>'",
        ),
        (vec!["bogus"], "unrecognized subcommand"),
    ];
    // A --now or --tolerance that is not a number of seconds, with everything
    // else in order, so that the number is the only thing wrong. Negative
    // numbers must be refused as values, not taken for unknown options.
    for now in ["abc", "-5", "1.5", "1e9", "", "18446744073709551616"] {
        let args = vec![
            "verify", "--secret", KA_SECRET, "-H", "a: b", "--now", now, &body,
        ];
        cases.push((args, "for '--now <SECONDS>'"));
    }
    for tolerance in ["five", "-1"] {
        let args = vec![
            "verify",
            "--secret",
            KA_SECRET,
            "-H",
            "a: b",
            "--tolerance",
            tolerance,
            &body,
        ];
        cases.push((args, "for '--tolerance <SECONDS>'"));
    }
    for (args, needle) in cases {
        let out = run(&args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(out.stderr.contains(needle), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn headers_file_accepts_crlf_start_lines_and_repeated_signature_lines() {
    let test = "headers_file";
    let body = file(test, "body.json", KA_BODY);
    let wrong = python_v1(OTHER_KEY_TEXT, KA_ID, KA_TS, KA_BODY);
    let crlf = format!(
        "POST /hooks HTTP/1.1\r\nHost: example.com\r\nWebhook-Id: {KA_ID}\r\n\
         WEBHOOK-TIMESTAMP: {KA_TS}\r\nWebhook-Signature: {wrong}\r\n\
         webhook-signature: {KA_SIG}\r\n\r\n"
    );
    // Here the matching line comes first, so a parser keeping only the last
    // line of a name would fail one of the two blocks.
    let lf_status = format!(
        "HTTP/1.1 200 OK\nwebhook-id: {KA_ID}\nwebhook-timestamp:{KA_TS}\n\
         webhook-signature:  {KA_SIG}  \nwebhook-signature: v1a,xyz {wrong}\n"
    );
    let plain = format!("webhook-id: {KA_ID}\nwebhook-timestamp: {KA_TS}\n");

    for (name, block) in [("crlf.txt", crlf.as_str()), ("lf.txt", lf_status.as_str())] {
        let headers = file(test, name, block.as_bytes());
        let out = run(&[
            "verify",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            "--headers-file",
            &headers,
            &body,
        ]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
    }

    // A signature given with --header joins the lines of the file.
    let headers = file(test, "plain.txt", plain.as_bytes());
    let sig = format!("webhook-signature: {KA_SIG}");
    let out = run(&[
        "verify",
        "--secret",
        KA_SECRET,
        "--now",
        KA_TS,
        "--headers-file",
        &headers,
        "-H",
        &sig,
        &body,
    ]);
    assert_eq!(out.code, 0, "{out:?}");

    // Only the wrong line: rejected, so the right line above really was used.
    let only_wrong = crlf.replace(&format!("webhook-signature: {KA_SIG}\r\n"), "");
    let headers = file(test, "wrong.txt", only_wrong.as_bytes());
    let out = run(&[
        "verify",
        "--secret",
        KA_SECRET,
        "--now",
        KA_TS,
        "--headers-file",
        &headers,
        &body,
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("invalid_signature"), "{out:?}");

    // A body pasted after the header block is refused rather than ignored.
    let with_body = format!("{crlf}{{\"test\": 2432232314}}");
    let headers = file(test, "with_body.txt", with_body.as_bytes());
    let out = run(&[
        "verify",
        "--secret",
        KA_SECRET,
        "--now",
        KA_TS,
        "--headers-file",
        &headers,
        &body,
    ]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("line 8 follows the blank line"),
        "{out:?}"
    );
}

#[test]
fn bad_header_input_is_refused_clearly_and_never_panics() {
    let test = "bad_headers";
    let body = file(test, "body.json", KA_BODY);
    let block = |name: &str, bytes: &[u8]| file(test, name, bytes);
    let good = format!("webhook-id: {KA_ID}\nwebhook-timestamp: {KA_TS}\n");
    let huge_signature = format!("{good}webhook-signature: v1,{}\n", "A".repeat(1 << 20));
    let huge_id = format!(
        "webhook-id: {}\nwebhook-timestamp: {KA_TS}\nwebhook-signature: {KA_SIG}\n",
        "m".repeat(100_000)
    );
    let huge_timestamp = format!(
        "webhook-id: {KA_ID}\nwebhook-timestamp: {}\nwebhook-signature: {KA_SIG}\n",
        "9".repeat(100_000)
    );
    let rest = format!("webhook-timestamp: {KA_TS}\nwebhook-signature: {KA_SIG}\n");

    // Unusable files are usage errors (2), and the message names the line.
    let usage: [(String, &str); 5] = [
        (
            block("binary.txt", b"\x00\xff\xfe\x01junk\n"),
            "line 1 has no ':'",
        ),
        (
            block("name.txt", &[good.as_bytes(), b"\xff: v\n"].concat()),
            "line 3 has",
        ),
        (
            block(
                "value.txt",
                format!("webhook-id: msg_\u{1}\n{rest}").as_bytes(),
            ),
            "line 1 has a control character in the value of webhook-id",
        ),
        (
            block("folded.txt", format!("{good} v1,abc\n").as_bytes()),
            "line 3 is a folded",
        ),
        (
            block("body.txt", &[good.as_bytes(), b"\n", KA_BODY].concat()),
            "line 4 follows the blank line",
        ),
    ];
    for (path, needle) in &usage {
        let out = run(&[
            "verify",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            "--headers-file",
            path,
            &body,
        ]);
        assert_eq!(out.code, 2, "{path}: {out:?}");
        assert_eq!(out.stdout, "", "{path}");
        let want = format!("error: headers file {path}: {needle}");
        assert!(out.stderr.starts_with(&want), "{path}: {}", out.stderr);
    }

    // Well-formed lines whose values break the rules are rejections (1), with
    // the kind and a message naming the header.
    let rejected: [(String, &str, &str); 5] = [
        (
            block("huge_signature.txt", huge_signature.as_bytes()),
            "invalid_header",
            "webhook-signature is 1048579 bytes long, the limit is 4096",
        ),
        (
            block("huge_id.txt", huge_id.as_bytes()),
            "invalid_header",
            "webhook-id is 100000 bytes long, the limit is 256",
        ),
        (
            block("huge_timestamp.txt", huge_timestamp.as_bytes()),
            "invalid_header",
            "webhook-timestamp is larger than i64::MAX",
        ),
        (
            block(
                "high_byte_id.txt",
                &[b"webhook-id: msg_\xff\n", rest.as_bytes()].concat(),
            ),
            "invalid_header",
            "webhook-id contains a byte that is not visible ascii",
        ),
        (
            block("empty.txt", b""),
            "missing_header",
            "webhook-id header is missing",
        ),
    ];
    for (path, kind, needle) in &rejected {
        let out = run(&[
            "verify",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            "--headers-file",
            path,
            &body,
        ]);
        assert_eq!(out.code, 1, "{path}: {out:?}");
        assert_eq!(out.stdout, "", "{path}");
        let want = format!("rejected ({kind}): {needle}");
        assert!(out.stderr.starts_with(&want), "{path}: {}", out.stderr);

        let out = run(&[
            "verify",
            "--json",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            "--headers-file",
            path,
            &body,
        ]);
        assert_eq!(out.code, 1, "{path}: {out:?}");
        assert_eq!(json(&out.stdout)["error"], *kind, "{path}");
    }
}

#[test]
fn captured_delivery_verifies_with_the_readme_command() {
    // The exact command line of the README, run from the workspace root.
    let args = [
        "verify",
        "--secret-file",
        "examples/payloads/captured/secret.txt",
        "--headers-file",
        "examples/payloads/captured/headers.txt",
        "--now",
        CAPTURED_TS,
        "examples/payloads/captured/body.json",
    ];
    let out = run_with(&args, None, &[], &workspace_root());
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        format!(
            "verified msg_req_01jxzta4cgxxp1crmsefxrxp9f (timestamp {CAPTURED_TS}, key 0, v1)\n"
        )
    );

    // Without --now the capture is long past the tolerance.
    let without_now = [&args[..5], &args[7..]].concat();
    let out = run_with(&without_now, None, &[], &workspace_root());
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.contains("timestamp_too_old"), "{out:?}");
}

#[test]
fn captured_headers_match_their_python_generator() {
    // Like a vector file that must match its generator: rerun sign_capture.py on
    // copies of its inputs and compare with the committed header block.
    let captured = workspace_root().join("examples/payloads/captured");
    let dir = scratch_dir("capture_generator");
    for name in ["sign_capture.py", "secret.txt", "body.json"] {
        std::fs::copy(captured.join(name), dir.join(name)).expect("copy capture input");
    }
    let status = Command::new("python3")
        .arg("sign_capture.py")
        .current_dir(&dir)
        .status()
        .expect("python3 must be installed to rerun sign_capture.py");
    assert!(status.success());
    let fresh = std::fs::read(dir.join("headers.txt")).expect("generated headers");
    let committed = std::fs::read(captured.join("headers.txt")).expect("committed headers");
    assert_eq!(
        String::from_utf8_lossy(&fresh),
        String::from_utf8_lossy(&committed)
    );
}

#[test]
fn secret_comes_from_env_or_file_and_flags_win() {
    let test = "secret_sources";
    let body = file(test, "body.json", KA_BODY);
    let verify = |extra: &[&str], env: &[(&str, &str)]| {
        let headers = header_args(KA_ID, KA_TS, KA_SIG);
        let mut args = vec!["verify", "--now", KA_TS];
        args.extend(headers.iter().map(String::as_str));
        args.extend(extra);
        args.push(&body);
        run_with(&args, None, env, &scratch_dir(test))
    };

    let out = verify(&[], &[("WEBHOOK_SECRET", KA_SECRET)]);
    assert_eq!(out.code, 0, "{out:?}");

    let out = verify(&[], &[("WEBHOOK_SECRET", "whsec_bad!")]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("invalid secret from WEBHOOK_SECRET"),
        "{out:?}"
    );

    let out = verify(
        &["--secret", KA_SECRET],
        &[("WEBHOOK_SECRET", "whsec_bad!")],
    );
    assert_eq!(out.code, 0, "{out:?}");

    for (name, text) in [("lf", "\n"), ("crlf", "\r\n"), ("none", "")] {
        let path = file(test, name, format!("{KA_SECRET}{text}").as_bytes());
        let out = verify(&["--secret-file", &path], &[]);
        assert_eq!(out.code, 0, "{name}: {out:?}");
    }

    // Only one newline is forgiven.
    let path = file(test, "two", format!("{KA_SECRET}\n\n").as_bytes());
    let out = verify(&["--secret-file", &path], &[]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.contains("whitespace"), "{out:?}");
    assert!(
        out.stderr.contains(&format!("secret file {path}")),
        "{out:?}"
    );
}

#[test]
fn body_can_come_from_stdin() {
    let test = "stdin";
    let dir = scratch_dir(test);
    let signed = run_with(
        &[
            "sign",
            "--secret",
            KA_SECRET,
            "--id",
            KA_ID,
            "--timestamp",
            KA_TS,
            "-",
        ],
        Some(KA_BODY),
        &[],
        &dir,
    );
    assert_eq!(
        signed.stdout.lines().nth(2),
        Some(&*format!("webhook-signature: {KA_SIG}"))
    );

    let headers = file(test, "headers.txt", signed.stdout.as_bytes());
    let out = run_with(
        &[
            "verify",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            "--headers-file",
            &headers,
            "--body",
            "-",
        ],
        Some(KA_BODY),
        &[],
        &dir,
    );
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn non_utf8_bodies_are_signed_and_verified_byte_for_byte() {
    let test = "non_utf8";
    let bytes: &[u8] = b"\xff\xfe\x00{\"a\":1}\r\n\x80\n";
    let body = file(test, "body.bin", bytes);
    let expected = python_v1(KA_KEY_TEXT, KA_ID, KA_TS, bytes);

    let out = run(&[
        "sign",
        "--secret",
        KA_SECRET,
        "--id",
        KA_ID,
        "--timestamp",
        KA_TS,
        &body,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout
            .ends_with(&format!("webhook-signature: {expected}\n")),
        "{out:?}"
    );

    let out = verify_ka(&["--secret", KA_SECRET, "--now", KA_TS, &body], &expected);
    assert_eq!(out.code, 0, "{out:?}");

    // Dropping the final newline is a different body.
    let short = file(test, "short.bin", &bytes[..bytes.len() - 1]);
    let out = verify_ka(&["--secret", KA_SECRET, "--now", KA_TS, &short], &expected);
    assert_eq!(out.code, 1, "{out:?}");
}

#[test]
fn rotation_signs_with_every_key_and_reports_which_matched() {
    let body = file("rotation", "body.json", KA_BODY);
    let out = run(&[
        "sign",
        "--json",
        "--secret",
        OTHER_SECRET,
        "--secret",
        KA_SECRET,
        "--id",
        KA_ID,
        "--timestamp",
        KA_TS,
        &body,
    ]);
    let other = python_v1(OTHER_KEY_TEXT, KA_ID, KA_TS, KA_BODY);
    let both = format!("{other} {KA_SIG}");
    assert_eq!(json(&out.stdout)["webhook-signature"], both.as_str());

    let out = verify_ka(
        &[
            "--json",
            "--secret",
            OTHER_SECRET,
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            &body,
        ],
        KA_SIG,
    );
    assert_eq!(json(&out.stdout)["key_index"], 1);

    let out = verify_ka(
        &[
            "--secret",
            "whsec_bad",
            "--secret",
            KA_SECRET,
            "--now",
            KA_TS,
            &body,
        ],
        KA_SIG,
    );
    assert_eq!(out.code, 2, "{out:?}");
    assert!(
        out.stderr.contains("invalid secret from --secret #1"),
        "{out:?}"
    );
}

#[test]
fn generated_secrets_sign_and_verify() {
    let test = "generate";
    let out = run(&["secret", "generate"]);
    assert_eq!(out.code, 0, "{out:?}");
    let secret = out.stdout.strip_suffix('\n').unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 50,
        "{secret}"
    );
    assert_ne!(run(&["secret", "generate"]).stdout, out.stdout);

    // `secret generate > file` gives a usable --secret-file.
    let path = file(test, "secret.txt", out.stdout.as_bytes());
    let body = file(test, "body.json", KA_BODY);
    let signed = run(&["sign", "--secret-file", &path, "--timestamp", KA_TS, &body]);
    let headers = file(test, "headers.txt", signed.stdout.as_bytes());
    let out = run(&[
        "verify",
        "--secret-file",
        &path,
        "--now",
        KA_TS,
        "--headers-file",
        &headers,
        &body,
    ]);
    assert_eq!(out.code, 0, "{out:?}");
}

#[test]
fn demo_passes_every_case_and_prints_every_row() {
    let out = run_with(
        &["demo", "--now", "1767226900"],
        None,
        &[],
        &std::env::temp_dir(),
    );
    assert_eq!(out.code, 0, "{out:?}");
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|line| line.ends_with("  OK") || line.ends_with("FAIL"))
        .collect();
    assert_eq!(rows.len(), 10, "{}", out.stdout);
    assert!(
        rows.iter().all(|row| row.ends_with("  OK")),
        "{}",
        out.stdout
    );
    let cells: Vec<Vec<&str>> = rows
        .iter()
        .map(|row| {
            row.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
        .collect();
    let want = [
        ("fresh delivery", "video.completed", "verified"),
        ("fresh delivery", "video.failed", "verified"),
        ("fresh delivery", "video.cancelled", "verified"),
        ("captured (python hmac)", "video.completed", "verified"),
        (
            "rotated ring, old key",
            "video.completed",
            "verified (key 1)",
        ),
        ("tampered body", "video.completed", "invalid_signature"),
        ("re-serialized body", "video.failed", "invalid_signature"),
        ("wrong secret", "video.failed", "invalid_signature"),
        ("replay after 1 h", "video.cancelled", "timestamp_too_old"),
        (
            "replay, new timestamp",
            "video.cancelled",
            "invalid_signature",
        ),
    ];
    for (row, (case, event, outcome)) in cells.iter().zip(want) {
        assert_eq!(row.len(), 6, "{row:?}");
        assert_eq!((row[0], row[1]), (case, event), "{row:?}");
        assert!(row[2].starts_with("msg_req_"), "{row:?}");
        assert_eq!(
            (row[3], row[4], row[5]),
            (outcome, outcome, "OK"),
            "{row:?}"
        );
    }
    assert!(
        out.stdout.contains("10 of 10 cases as expected"),
        "{}",
        out.stdout
    );

    // With a fixed clock the table is the same on every run.
    let again = run_with(
        &["demo", "--now", "1767226900"],
        None,
        &[],
        &std::env::temp_dir(),
    );
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn secrets_never_appear_in_any_output() {
    let test = "quiet";
    let body = file(test, "body.json", KA_BODY);
    let secret_file = file(test, "secret.txt", format!("{KA_SECRET}\n").as_bytes());
    let headers = header_args(KA_ID, KA_TS, KA_SIG);
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let with_headers = |front: &[&str], rest: &[&str]| -> Vec<String> {
        front
            .iter()
            .chain(&headers)
            .chain(rest)
            .map(|s| (*s).to_owned())
            .collect()
    };
    let bad = format!("{KA_SECRET}!");
    let runs: Vec<Vec<String>> = vec![
        vec![
            "sign".into(),
            "--secret".into(),
            KA_SECRET.into(),
            body.clone(),
        ],
        vec![
            "sign".into(),
            "--json".into(),
            "--secret-file".into(),
            secret_file.clone(),
            body.clone(),
        ],
        vec!["sign".into(), "--secret".into(), bad.clone(), body.clone()],
        vec![
            "sign".into(),
            "--secret".into(),
            KA_SECRET.into(),
            "--id".into(),
            "a.b".into(),
            body.clone(),
        ],
        with_headers(&["verify", "--secret", KA_SECRET, "--now", KA_TS], &[&body]),
        with_headers(&["verify", "--json", "--secret", KA_SECRET], &[&body]),
        with_headers(
            &["verify", "--secret", KA_SECRET, "--secret", OTHER_SECRET],
            &[&body],
        ),
        with_headers(
            &["verify", "--json", "--secret", OTHER_SECRET, "--now", KA_TS],
            &[&body],
        ),
        with_headers(&["verify", "--secret", &bad], &[&body]),
        vec!["demo".into()],
        vec!["demo".into(), "--now".into(), "1767226900".into()],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args);
        let all = out.all();
        assert!(!all.is_empty(), "{args:?}");
        for key in [KA_KEY_TEXT, OTHER_KEY_TEXT, EXAMPLE_KEY_TEXT] {
            assert!(!all.contains(key), "{args:?} printed a secret: {all}");
        }
    }
}

// --- v1a keys, key pairs and JWK sets ------------------------------------------

/// Runs `webhook secret generate --asymmetric --json` and returns the
/// `(signing_key, public_key)` pair it printed.
fn generate_pair() -> (String, String) {
    let out = run(&["secret", "generate", "--asymmetric", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let value = json(&out.stdout);
    let text = |name: &str| value[name].as_str().expect("a string").to_owned();
    (text("signing_key"), text("public_key"))
}

/// The JWK `x` member for a raw `whpk_` key: the same 32 bytes in unpadded
/// base64url (RFC 8037).
fn jwk_x(whpk: &str) -> String {
    use base64::Engine as _;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    let text = whpk.strip_prefix("whpk_").expect("a whpk_ key");
    let raw = STANDARD.decode(text).expect("standard base64");
    assert_eq!(raw.len(), 32, "a raw public key, not spki");
    URL_SAFE_NO_PAD.encode(raw)
}

/// An Ed25519 JWK for a raw `whpk_` key, with a `kid` if given.
fn okp_jwk(whpk: &str, kid: Option<&str>) -> serde_json::Value {
    let mut jwk = serde_json::json!({"kty": "OKP", "crv": "Ed25519", "x": jwk_x(whpk)});
    if let Some(kid) = kid {
        jwk["kid"] = kid.into();
    }
    jwk
}

/// Signs `body` at the known-answer id and time, returning the signature value.
fn sign_value(secrets: &[&str], body: &str) -> String {
    let mut args = vec!["sign", "--json", "--id", KA_ID, "--timestamp", KA_TS];
    for secret in secrets {
        args.extend(["--secret", secret]);
    }
    args.push(body);
    let out = run(&args);
    assert_eq!(out.code, 0, "{out:?}");
    json(&out.stdout)["webhook-signature"]
        .as_str()
        .expect("a signature string")
        .to_owned()
}

#[test]
fn sign_refuses_a_public_key_with_exit_2_and_never_prints_it() {
    let test = "sign_whpk";
    let body = file(test, "body.json", KA_BODY);
    let (_, public) = generate_pair();
    let key_file = file(test, "public.txt", format!("{public}\n").as_bytes());
    let key_body = public.strip_prefix("whpk_").unwrap();
    let file_source = format!("secret file {key_file}");

    let runs = [
        (vec!["--secret", &public], vec![], "--secret"),
        (
            vec!["--secret", KA_SECRET, "--secret", &public],
            vec![],
            "--secret #2",
        ),
        (
            vec!["--secret-file", &key_file],
            vec![],
            file_source.as_str(),
        ),
        (
            vec![],
            vec![("WEBHOOK_SECRET", public.as_str())],
            "WEBHOOK_SECRET",
        ),
    ];
    for (keys, env, source) in runs {
        let mut args = vec!["sign"];
        args.extend(keys);
        args.push(&body);
        let out = run_with(&args, None, &env, &scratch_dir(test));
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        let want = format!(
            "error: invalid secret from {source}: a whpk_ public key cannot sign; \
             signing needs the whsk_ key"
        );
        assert!(out.stderr.starts_with(&want), "{args:?}: {}", out.stderr);
        // Lowercase, apart from where the key came from.
        let message = out.stderr.replace(source, "");
        assert_eq!(message, message.to_lowercase(), "{args:?}");
        assert!(!out.stderr.contains(key_body), "{args:?} printed the key");
    }
}

#[test]
fn generated_key_pair_round_trips_in_both_output_forms() {
    let test = "generate_pair";
    let body = file(test, "body.json", KA_BODY);

    // The plain form: two labelled lines, the key last on each, and the label
    // of the signing key says it is secret.
    let out = run(&["secret", "generate", "--asymmetric"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stderr, "");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert!(
        lines[0].starts_with("signing key (secret, for the sender only): whsk_"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("public key (not secret, for receivers): whpk_"),
        "{}",
        lines[1]
    );
    let last_word = |line: &str| line.rsplit(' ').next().unwrap().to_owned();
    let plain = (last_word(lines[0]), last_word(lines[1]));

    // The JSON form: exactly the two members, and a different pair each time.
    let out = run(&["secret", "generate", "--asymmetric", "--json"]);
    assert_eq!(json(&out.stdout).as_object().unwrap().len(), 2, "{out:?}");
    let from_json = generate_pair();
    assert_ne!(from_json, plain);

    for (signing, public) in [plain, from_json] {
        assert!(signing.starts_with("whsk_"), "{signing}");
        // The signing key is written in the 64-byte layout, seed then the
        // public key printed beside it.
        let pair = b64_decode(&signing["whsk_".len()..]);
        assert_eq!(pair.len(), 64, "{}", pair.len());
        assert_eq!(pair[32..], b64_decode(&public["whpk_".len()..]));
        let signature = sign_value(&[&signing], &body);
        assert!(
            signature.starts_with("v1a,") && !signature.contains(' '),
            "{signature}"
        );

        // What the whsk_ signed, the whpk_ printed beside it verifies.
        let out = verify_ka(
            &["--json", "--secret", &public, "--now", KA_TS, &body],
            &signature,
        );
        assert_eq!(out.code, 0, "{out:?}");
        let value = json(&out.stdout);
        assert_eq!(
            (value["key_index"].as_u64(), value["scheme"].as_str()),
            (Some(0), Some("v1a"))
        );
        assert!(value["kid"].is_null(), "{value}");

        // And no other public key does.
        let (_, stranger) = generate_pair();
        let out = verify_ka(&["--secret", &stranger, "--now", KA_TS, &body], &signature);
        assert_eq!(out.code, 1, "{out:?}");
        assert!(
            out.stderr.starts_with("rejected (invalid_signature)"),
            "{out:?}"
        );

        // Signing and verifying print nothing of the signing key.
        let seed = &signing["whsk_".len()..];
        let out = verify_ka(&["--secret", &signing, "--now", KA_TS, &body], &signature);
        assert_eq!(out.code, 0, "{out:?}");
        assert!(!out.all().contains(seed), "{out:?}");
    }
}

#[test]
fn secret_generate_json_prints_one_secret() {
    let out = run(&["secret", "generate", "--json"]);
    assert_eq!(out.code, 0, "{out:?}");
    let value = json(&out.stdout);
    assert_eq!(value.as_object().unwrap().len(), 1, "{value}");
    let secret = value["secret"].as_str().unwrap();
    assert!(
        secret.starts_with("whsec_") && secret.len() == 50,
        "{secret}"
    );
}

#[test]
fn jwks_files_that_cannot_be_used_are_usage_errors() {
    let test = "jwks_refused";
    let body = file(test, "body.json", KA_BODY);
    let (_, public) = generate_pair();
    let okp = okp_jwk(&public, Some("ed"));
    let rsa = serde_json::json!({"kty": "RSA", "kid": "rsa-1", "n": "sXch", "e": "AQAB"});
    let mut private = okp.clone();
    private["d"] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A".into();

    let rsa_set = serde_json::json!({"keys": [okp, rsa]}).to_string();
    let rsa_path = file(test, "rsa.json", rsa_set.as_bytes());
    let private_set = serde_json::json!({"keys": [private]}).to_string();
    let private_path = file(test, "private.json", private_set.as_bytes());
    let missing = scratch_dir(test).join("absent.json");
    let missing = missing.to_str().unwrap();

    let cases: [(&[&str], String); 4] = [
        (
            &["--jwks", &rsa_path, &body],
            format!(
                "error: invalid jwks file {rsa_path}: jwk 1: has a kty other than OKP; \
                 only Ed25519 keys are supported"
            ),
        ),
        (
            &["--secret", KA_SECRET, "--jwks", &private_path, &body],
            format!("error: invalid jwks file {private_path}: jwk 0: holds a private key (d)"),
        ),
        (
            &["--jwks", missing, &body],
            format!("error: cannot read jwks file {missing}"),
        ),
        (
            &["--jwks", "-", "-"],
            "error: --jwks and the body cannot both be read from stdin".to_owned(),
        ),
    ];
    for (extra, want) in cases {
        let out = verify_ka(extra, KA_SIG);
        assert_eq!(out.code, 2, "{extra:?}: {out:?}");
        assert_eq!(out.stdout, "", "{extra:?}");
        assert!(out.stderr.starts_with(&want), "{extra:?}: {}", out.stderr);
    }
}

// --- v1a against the independent vectors ---------------------------------------

/// `testdata/standardwebhooks_v1a.json`: Standard Webhooks v1a vectors whose
/// ed25519 signatures come from the Python `cryptography` package (OpenSSL) and
/// whose HMACs come from Python's `hmac`, written by testdata/gen_vectors_v1a.py.
const V1A_VECTORS: &str = include_str!("../../../testdata/standardwebhooks_v1a.json");

/// One delivery of the v1a vector file that has `sign: true`: signing it with
/// `keys`, in order, gives exactly `signature`.
#[derive(Debug)]
struct SignVector {
    name: String,
    keys: Vec<String>,
    id: String,
    timestamp: String,
    signature: String,
    body: Vec<u8>,
    now: String,
    tolerance: String,
    key_index: u64,
    scheme: String,
}

fn b64_decode(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|err| panic!("{err}: {text}"))
}

fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn v1a_vectors() -> serde_json::Value {
    json(V1A_VECTORS)
}

/// The `sign: true` vectors. They are all valid deliveries by construction.
fn sign_vectors() -> Vec<SignVector> {
    let doc = v1a_vectors();
    let text = |value: &serde_json::Value| value.as_str().expect("a string").to_owned();
    let vectors: Vec<SignVector> = doc["vectors"]
        .as_array()
        .expect("a vectors list")
        .iter()
        .filter(|v| v["sign"] == true)
        .map(|v| {
            assert_eq!(v["expected"]["valid"], true, "{}", v["name"]);
            SignVector {
                name: text(&v["name"]),
                keys: v["keys"]
                    .as_array()
                    .expect("a key list")
                    .iter()
                    .map(|k| {
                        assert!(k["not_after"].is_null(), "{}", v["name"]);
                        text(&k["key"])
                    })
                    .collect(),
                id: text(&v["id"]),
                timestamp: text(&v["timestamp"]),
                signature: text(&v["signature"]),
                body: b64_decode(v["body_base64"].as_str().expect("base64 text")),
                now: v["now"].to_string(),
                tolerance: v["tolerance"].to_string(),
                key_index: v["expected"]["key_index"].as_u64().expect("a key index"),
                scheme: text(&v["expected"]["scheme"]),
            }
        })
        .collect();
    assert!(
        vectors.len() >= 5,
        "too few sign vectors: {}",
        vectors.len()
    );
    vectors
}

/// The `whpk_` public key of every ed25519 signing key the vector file states
/// one for, keyed by the signing key's 32-byte seed. The file gives it in two
/// places, both computed by `cryptography`: the 64-byte `whsk_` keys of valid
/// vectors (seed, then public key), and the `whsk`/`whpk` of each valid `keys`
/// case. We never derive a public key with our own code here.
fn public_keys_by_seed() -> Vec<(Vec<u8>, String)> {
    let doc = v1a_vectors();
    let mut pairs = Vec::new();
    // Keys in other spellings (unpadded, bare) are skipped; the canonical
    // 64-byte form of each key appears elsewhere in the file.
    let mut add = |whsk: &str, whpk: Option<&str>| {
        use base64::Engine as _;
        let text = whsk.strip_prefix("whsk_").unwrap_or(whsk);
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
            return;
        };
        if bytes.len() != 64 {
            return;
        }
        let whpk = whpk.map_or_else(
            || format!("whpk_{}", b64_encode(&bytes[32..])),
            str::to_owned,
        );
        pairs.push((bytes[..32].to_vec(), whpk));
    };
    for vector in doc["vectors"].as_array().expect("a vectors list") {
        if vector["expected"]["valid"] != true {
            continue;
        }
        for key in vector["keys"].as_array().expect("a key list") {
            let text = key["key"].as_str().expect("key text");
            if text.starts_with("whsk_") {
                add(text, None);
            }
        }
    }
    for case in doc["keys"].as_array().expect("a keys list") {
        let expected = &case["expected"];
        if let (Some(whsk), Some(whpk)) = (expected["whsk"].as_str(), expected["whpk"].as_str()) {
            add(whsk, Some(whpk));
        }
    }
    pairs
}

/// The receiver's ring for a sender's ring: each `whsk_` key replaced by its
/// `whpk_` public key from the vector file; secrets stay as they are.
fn public_ring(keys: &[String]) -> Vec<String> {
    let known = public_keys_by_seed();
    keys.iter()
        .map(|key| match key.strip_prefix("whsk_") {
            None => key.clone(),
            Some(text) => {
                let seed = &b64_decode(text)[..32];
                let (_, whpk) = known
                    .iter()
                    .find(|(known_seed, _)| known_seed == seed)
                    .unwrap_or_else(|| panic!("the vector file states no public key for {key}"));
                whpk.clone()
            }
        })
        .collect()
}

/// `verify --json` of a vector's delivery with `ring` (a mix of any key texts),
/// at the vector's time and tolerance, with `signature` in place of the
/// vector's own when given.
fn verify_vector(test: &str, vector: &SignVector, ring: &[String], signature: &str) -> Output {
    let body = file(test, &format!("{}.body", vector.name), &vector.body);
    let headers = header_args(&vector.id, &vector.timestamp, signature);
    let mut args = vec!["verify", "--json", "--now", &vector.now, "--tolerance"];
    args.push(&vector.tolerance);
    for key in ring {
        args.extend(["--secret", key]);
    }
    args.extend(headers.iter().map(String::as_str));
    args.push(&body);
    run(&args)
}

/// The `key_index` and `scheme` of a verified `--json` result.
fn matched(out: &Output) -> (u64, String) {
    assert_eq!(out.code, 0, "{out:?}");
    let value = json(&out.stdout);
    assert_eq!(value["verified"], true, "{value}");
    let scheme = value["scheme"].as_str().expect("a scheme").to_owned();
    (value["key_index"].as_u64().expect("a key index"), scheme)
}

#[test]
fn v1a_sign_reproduces_the_independent_vectors_and_verify_accepts_them() {
    let test = "v1a_vectors";
    for vector in sign_vectors() {
        let name = &vector.name;
        let body = file(test, &format!("{name}.body"), &vector.body);
        let mut args = vec!["sign", "--json", "--id", &vector.id, "--timestamp"];
        args.push(&vector.timestamp);
        for key in &vector.keys {
            args.extend(["--secret", key]);
        }
        args.push(&body);
        let out = run(&args);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        let signed = json(&out.stdout);
        assert_eq!(
            signed["webhook-signature"],
            vector.signature.as_str(),
            "{name}"
        );
        assert_eq!(
            signed["webhook-timestamp"],
            vector.timestamp.as_str(),
            "{name}"
        );

        // The receiver's side, with the public keys; and with the signing keys
        // themselves, of which verify keeps the public half.
        let want = (vector.key_index, vector.scheme.clone());
        let public = public_ring(&vector.keys);
        let out = verify_vector(test, &vector, &public, &vector.signature);
        assert_eq!(matched(&out), want, "{name} with {public:?}");
        let out = verify_vector(test, &vector, &vector.keys, &vector.signature);
        assert_eq!(matched(&out), want, "{name} with the signing keys");
    }
}

#[test]
fn mixed_ring_signs_v1_and_v1a_in_ring_order_and_either_key_verifies() {
    let test = "mixed_ring";
    let mixed: Vec<SignVector> = sign_vectors()
        .into_iter()
        .filter(|v| v.keys.iter().any(|k| k.starts_with("whsec_")))
        .filter(|v| v.keys.iter().any(|k| k.starts_with("whsk_")))
        .collect();
    assert!(mixed.len() >= 2, "{mixed:?}");

    for vector in &mixed {
        let name = &vector.name;
        let body = file(test, &format!("{name}.body"), &vector.body);
        let mut args = vec!["sign", "--id", &vector.id, "--timestamp", &vector.timestamp];
        for key in &vector.keys {
            args.extend(["--secret", key]);
        }
        args.push(&body);
        let out = run(&args);
        assert_eq!(out.code, 0, "{name}: {out:?}");
        let line = format!("webhook-signature: {}\n", vector.signature);
        assert!(out.stdout.ends_with(&line), "{name}: {}", out.stdout);

        // One entry per key, each of its key's scheme, in ring order.
        let entries: Vec<&str> = vector.signature.split(' ').collect();
        assert_eq!(entries.len(), vector.keys.len(), "{name}");
        for (entry, key) in entries.iter().zip(&vector.keys) {
            let version = if key.starts_with("whsk_") {
                "v1a,"
            } else {
                "v1,"
            };
            assert!(entry.starts_with(version), "{name}: {entry} for {key:.6}");
        }

        // Either half of the ring verifies the delivery on its own, and behind
        // a key that does not match, its position and scheme are reported.
        let public = public_ring(&vector.keys);
        for key in &public {
            let scheme = if key.starts_with("whpk_") {
                "v1a"
            } else {
                "v1"
            };
            let out = verify_vector(test, vector, core::slice::from_ref(key), &vector.signature);
            assert_eq!(matched(&out), (0, scheme.to_owned()), "{name}");
            let ring = [OTHER_SECRET.to_owned(), key.clone()];
            let out = verify_vector(test, vector, &ring, &vector.signature);
            assert_eq!(matched(&out), (1, scheme.to_owned()), "{name}");
        }
    }

    // The plain output names the scheme too.
    let vector = &mixed[0];
    let whpk = public_ring(&vector.keys)
        .into_iter()
        .find(|key| key.starts_with("whpk_"))
        .unwrap();
    let body = file(test, "plain.body", &vector.body);
    let headers = header_args(&vector.id, &vector.timestamp, &vector.signature);
    let mut args = vec![
        "verify",
        "--now",
        &vector.now,
        "--secret",
        KA_SECRET,
        "--secret",
    ];
    args.push(&whpk);
    args.extend(headers.iter().map(String::as_str));
    args.push(&body);
    let out = run(&args);
    assert_eq!(out.code, 0, "{out:?}");
    let want = format!(
        "verified {} (timestamp {}, key 1, v1a)\n",
        vector.id, vector.timestamp
    );
    assert_eq!(out.stdout, want);
}

#[test]
fn jwks_keys_join_the_ring_and_the_match_reports_its_kid() {
    let test = "jwks_kid";
    let doc = v1a_vectors();
    let vectors = sign_vectors();

    // A delivery the vector file signs with two keys, A then B, one entry each.
    let rotation = vectors
        .iter()
        .find(|v| v.keys.len() == 2 && v.keys.iter().all(|k| k.starts_with("whsk_")))
        .expect("a sign vector with two ed25519 keys");
    let public = public_ring(&rotation.keys);
    let (entry_a, entry_b) = rotation.signature.split_once(' ').unwrap();

    // The file's own two-key set holds B as "key-b" and some other key first.
    let two_keys = doc["jwks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|case| case["name"] == "jwks_two_keys")
        .expect("the jwks_two_keys case");
    let imported = &two_keys["expected"]["keys"];
    assert_eq!(imported[1]["kid"], "key-b");
    assert_eq!(imported[1]["whpk"], public[1].as_str());
    assert_ne!(imported[0]["whpk"], public[0].as_str());
    let set = file(
        test,
        "two_keys.json",
        two_keys["document"].to_string().as_bytes(),
    );

    let body = file(test, "body.json", &rotation.body);
    let verify = |extra: &[&str], signature: &str, env: &[(&str, &str)]| {
        let headers = header_args(&rotation.id, &rotation.timestamp, signature);
        let mut args = vec!["verify", "--now", &rotation.now];
        args.extend(extra);
        args.extend(headers.iter().map(String::as_str));
        args.push(&body);
        run_with(&args, None, env, &scratch_dir(test))
    };
    let kid_of = |out: &Output| {
        assert_eq!(out.code, 0, "{out:?}");
        let value = json(&out.stdout);
        assert_eq!(value["scheme"], "v1a", "{value}");
        (value["key_index"].as_u64().unwrap(), value["kid"].clone())
    };

    // --jwks alone is a whole ring, and WEBHOOK_SECRET is then not read.
    let out = verify(
        &["--jwks", &set],
        &rotation.signature,
        &[("WEBHOOK_SECRET", "whsec_bad!")],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let want = format!(
        "verified {} (timestamp {}, key 1, v1a, kid \"key-b\")\n",
        rotation.id, rotation.timestamp
    );
    assert_eq!(out.stdout, want);

    // After a secret option, the set's keys come after it in the ring.
    let out = verify(
        &["--json", "--secret", KA_SECRET, "--jwks", &set],
        &rotation.signature,
        &[],
    );
    assert_eq!(kid_of(&out), (2, "key-b".into()));

    // A's entry alone: A is not in the set.
    let out = verify(&["--jwks", &set], entry_a, &[]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(
        out.stderr.starts_with("rejected (invalid_signature)"),
        "{out:?}"
    );

    // Our own set of A (kid "a") and B (no kid): the kid follows the key that
    // matched, and a key without a kid reports null and prints none.
    let ours =
        serde_json::json!({"keys": [okp_jwk(&public[0], Some("a")), okp_jwk(&public[1], None)]});
    let ours = file(test, "ours.json", ours.to_string().as_bytes());
    let out = verify(&["--json", "--jwks", &ours], entry_a, &[]);
    assert_eq!(kid_of(&out), (0, "a".into()));
    let out = verify(&["--json", "--jwks", &ours], entry_b, &[]);
    assert_eq!(kid_of(&out), (1, serde_json::Value::Null));
    let out = verify(&["--jwks", &ours], entry_b, &[]);
    assert!(out.stdout.ends_with("key 1, v1a)\n"), "{out:?}");

    // Two files: the second file's keys follow the first's.
    let out = verify(&["--json", "--jwks", &ours, "--jwks", &set], entry_b, &[]);
    assert_eq!(kid_of(&out), (1, serde_json::Value::Null));
    let out = verify(&["--json", "--jwks", &set, "--jwks", &ours], entry_a, &[]);
    assert_eq!(kid_of(&out), (2, "a".into()));
}

// `webhook check-url`. Expected outputs follow the rules in the README's
// "Destination URLs" section; the full corpus runs in the core's tests. No
// test resolves a name: `--address` stands in for DNS here, and the unit tests
// in `src/check_url.rs` give `--resolve` a resolver of their own, failing
// ones included.

#[test]
fn check_url_prints_the_normalised_url() {
    let out = run(&["check-url", "HTTPS://Bücher.Example.com:443/hook?x=1"]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "ok: https://xn--bcher-kva.example.com/hook?x=1\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn check_url_refusals_name_the_kind_on_stderr() {
    let cases = [
        (
            "http://example.com/",
            "https_required: scheme \"http\" is not allowed, the url must use https\n",
        ),
        (
            "https://0x7f.1/",
            "ip_literal: host is the ip address 127.0.0.1, the url must name the host by a domain name\n",
        ),
        (
            "https://example.com:0443/",
            "port_not_allowed: port \"0443\" is not a plain decimal port number such as 443\n",
        ),
        (
            "https://%6c%6fcalhost/",
            "blocked_host: host \"localhost\" is loopback (.localhost, rfc 6761)\n",
        ),
        (
            "https://example.com/\u{7}",
            "malformed: url contains control character U+0007 at byte 20\n",
        ),
        (
            "https://@example.com/",
            "userinfo: url has user information (an @ before the host), which is never allowed\n",
        ),
    ];
    for (url, stderr) in cases {
        let out = run(&["check-url", url]);
        assert_eq!(out.code, 1, "{url:?}: {out:?}");
        assert_eq!(out.stdout, "", "{url:?}");
        assert_eq!(out.stderr, stderr, "{url:?}");
    }
}

#[test]
fn check_url_reads_text_starting_with_a_dash_as_the_url() {
    // Customer text that starts with `-` is a URL to refuse, not an option:
    // `-hxyz` must not print the help and exit 0.
    for url in ["-hxyz", "-https://example.com/", "-V"] {
        let out = run(&["check-url", "--json", url]);
        assert_eq!(out.code, 1, "{url:?}: {out:?}");
        assert!(
            out.stdout.contains("\"error\":\"malformed\""),
            "{url:?}: {out:?}"
        );
    }
    // `--` makes even an exact option name the URL.
    for url in ["-h", "--help", "--json"] {
        let out = run(&["check-url", "--", url]);
        assert_eq!(out.code, 1, "{url:?}: {out:?}");
        assert!(out.stderr.starts_with("malformed: "), "{url:?}: {out:?}");
    }
}

#[test]
fn check_url_checks_given_addresses() {
    let out = run(&[
        "check-url",
        "--address",
        "93.184.215.14",
        "--address",
        "2606:4700::1",
        "https://hooks.example.com/",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "ok: https://hooks.example.com/\naddresses: 93.184.215.14, 2606:4700::1\n"
    );

    // One private address among public ones is enough to refuse.
    let out = run(&[
        "check-url",
        "--address",
        "93.184.215.14",
        "--address",
        "::ffff:169.254.169.254",
        "https://hooks.example.com/",
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "private_address: address ::ffff:169.254.169.254 is not publicly routable"
        ),
        "{out:?}"
    );

    // Address text as getaddrinfo writes it: an IPv6 zone is dropped and the
    // address judged without it, as in C and Python.
    let out = run(&[
        "check-url",
        "--address",
        "2606:4700::1%eth0",
        "https://hooks.example.com/",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.stdout,
        "ok: https://hooks.example.com/\naddresses: 2606:4700::1\n"
    );
    let out = run(&[
        "check-url",
        "--json",
        "--address",
        "fe80::1%eth0",
        "https://hooks.example.com/",
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(json(&out.stdout)["error"], "private_address");

    // A URL refused by its text never gets to the addresses.
    let out = run(&["check-url", "--address", "8.8.8.8", "https://localhost/"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(out.stderr.starts_with("blocked_host: "), "{out:?}");
}

#[test]
fn check_url_json_shapes() {
    let out = run(&[
        "check-url",
        "--json",
        "--address",
        "8.8.8.8",
        "https://example.com:8443/x",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        json(&out.stdout),
        serde_json::json!({
            "ok": true,
            "url": "https://example.com:8443/x",
            "host": "example.com",
            "port": 8443,
            "addresses": ["8.8.8.8"],
        })
    );
    let out = run(&["check-url", "--json", "https://example.com/"]);
    assert_eq!(
        json(&out.stdout),
        serde_json::json!({"ok": true, "url": "https://example.com/", "host": "example.com", "port": 443})
    );
    let out = run(&["check-url", "--json", "https://metadata.google.internal/"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(out.stderr, "");
    assert_eq!(
        json(&out.stdout),
        serde_json::json!({
            "ok": false,
            "error": "blocked_host",
            "message": "host \"metadata.google.internal\" is a cloud metadata service (google cloud)",
        })
    );
}

#[test]
fn check_url_policy_options() {
    let out = run(&[
        "check-url",
        "--allow-port",
        "9443",
        "https://example.com:9443/",
    ]);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(out.stdout, "ok: https://example.com:9443/\n");

    let out = run(&[
        "check-url",
        "--block",
        "Partner.Example.com",
        "https://hooks.partner.example.com/",
    ]);
    assert_eq!(out.code, 1, "{out:?}");
    assert_eq!(
        out.stderr,
        "blocked_host: host \"hooks.partner.example.com\" is blocked by this policy\n"
    );

    // Options cannot lift a built-in rule.
    let out = run(&[
        "check-url",
        "--allow-port",
        "8080",
        "https://localhost:8080/",
    ]);
    assert_eq!(out.code, 1, "{out:?}");

    // Bad additions are usage errors.
    let out = run(&["check-url", "--block", "10.0.0.1", "https://example.com/"]);
    assert_eq!(out.code, 2, "{out:?}");
    assert!(out.stderr.starts_with("error: --block: "), "{out:?}");
    let out = run(&["check-url", "--allow-port", "0", "https://example.com/"]);
    assert_eq!(out.code, 2, "{out:?}");
    for bad in ["not-an-ip", "10.0.0.1%eth0", "fe80::1%", "[::1]"] {
        let out = run(&["check-url", "--address", bad, "https://example.com/"]);
        assert_eq!(out.code, 2, "{bad}: {out:?}");
        assert!(
            out.stderr.contains("is not an ipv4 or ipv6 address"),
            "{bad}: {out:?}"
        );
    }
    let out = run(&[
        "check-url",
        "--resolve",
        "--address",
        "8.8.8.8",
        "https://example.com/",
    ]);
    assert_eq!(out.code, 2, "{out:?}");
}

#[test]
fn check_url_never_echoes_control_characters() {
    let out = run(&["check-url", "https://example.com:44\u{1b}[31m3/"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(!out.stderr.contains('\u{1b}'), "{out:?}");
    let out = run(&["check-url", "--json", "https://exa\u{202e}mple.com/"]);
    assert_eq!(out.code, 1, "{out:?}");
    assert!(!out.stdout.contains('\u{202e}'), "{out:?}");
}
