//! The `webhook` command: generate secrets, sign and verify Standard Webhooks
//! deliveries, check destination URLs, and run a demonstration over the
//! sample Lumenfall payloads.
//!
//! All signing and checking is done by `webhook-core`; this crate only reads
//! arguments, files and stdin, and prints. See `crates/cli/README.md` for usage.
//!
//! Exit status: 0 success (for `verify`, the delivery verified), 1 a rejected
//! delivery or URL, a failing demo row or a system failure, 2 a usage or
//! configuration error (clap's own argument errors exit 2 as well).

use core::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use webhook_core::ed25519::SigningKey;

mod check_url;
mod demo;
mod input;
mod secrets;
mod sign;
mod verify;

/// Sign and verify Standard Webhooks deliveries.
#[derive(Debug, Parser)]
#[command(name = "webhook", version, about, long_about = None)]
struct Cli {
    /// What to do.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Manage signing secrets and key pairs.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Sign a body and print the three webhook headers.
    Sign(sign::SignArgs),
    /// Verify a received delivery: its headers and its body.
    ///
    /// Exit status: 0 verified, 1 rejected (the reason goes to stderr, or to
    /// stdout as JSON with --json), 2 usage error.
    Verify(verify::VerifyArgs),
    /// Sign and verify the sample deliveries, then watch forgeries fail.
    ///
    /// Signs each sample Lumenfall delivery in examples/payloads (compiled in),
    /// verifies it, verifies a delivery signed by Python's hmac, and shows the
    /// verifier rejecting a tampered body, a re-serialized body, a wrong secret, a
    /// stale replay and a replay with a fresh timestamp. Exits 1 if any case
    /// does not end as expected.
    Demo(demo::DemoArgs),
    /// Check a destination URL against the sender's SSRF rules.
    ///
    /// Prints `ok: NORMALISED-URL` and exits 0 when the URL may be delivered
    /// to; prints `KIND: MESSAGE` on stderr and exits 1 when it is refused,
    /// or with the kind `unresolved` when --resolve cannot resolve the host.
    /// With --resolve (or --address) the addresses of the host are checked
    /// too. With --json, one JSON object on stdout in each of these cases.
    CheckUrl(check_url::CheckUrlArgs),
}

/// `webhook secret ...`.
#[derive(Debug, Subcommand)]
enum SecretCommand {
    /// Print a new random secret (32 bytes, `whsec_` form) on stdout, or with
    /// --asymmetric a new ed25519 key pair for v1a signatures.
    Generate(GenerateArgs),
}

/// Arguments of `webhook secret generate`.
#[derive(Debug, Args)]
struct GenerateArgs {
    /// Generate an ed25519 key pair (v1a) instead of an HMAC secret (v1): the
    /// whsk_ signing key, which is secret and stays with the sender, and the
    /// whpk_ public key, which receivers verify with.
    #[arg(long)]
    asymmetric: bool,

    /// Print one JSON object: {"secret": ...}, or with --asymmetric
    /// {"signing_key": ..., "public_key": ...}.
    #[arg(long)]
    json: bool,
}

/// Where the keys come from; shared by `sign` and `verify`.
///
/// We parse the text ourselves rather than through a clap value parser, because
/// clap repeats a refused value in its error message and a secret must never be
/// printed. For the same reason `Debug` shows only how many there are.
#[derive(Args)]
pub(crate) struct SecretArgs {
    /// A key: a whsec_ secret (v1, HMAC), a whsk_ ed25519 signing key (v1a), or
    /// for verify also a whpk_ ed25519 public key. Repeat for key rotation or to
    /// mix schemes; the order given is the key order reported as key_index.
    /// Overrides WEBHOOK_SECRET. Prefer --secret-file or the environment: other
    /// users can see command lines.
    #[arg(long = "secret", value_name = "KEY")]
    pub(crate) secrets: Vec<String>,

    /// A file holding one key, in any form --secret takes; exactly one trailing
    /// newline (LF or CRLF) is removed. Repeat for key rotation. Cannot be
    /// combined with --secret. With no key option at all, the key is read from
    /// WEBHOOK_SECRET.
    #[arg(long = "secret-file", value_name = "FILE", conflicts_with = "secrets")]
    pub(crate) secret_files: Vec<PathBuf>,
}

impl fmt::Debug for SecretArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretArgs")
            .field(
                "secrets",
                &format_args!("<{} redacted>", self.secrets.len()),
            )
            .field("secret_files", &self.secret_files)
            .finish()
    }
}

/// Where the body comes from: a file, or `-` for stdin.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct BodyArgs {
    /// The body file, read as raw bytes; `-` reads stdin.
    #[arg(value_name = "BODY")]
    body: Option<PathBuf>,

    /// The same as the BODY argument, as an option.
    #[arg(long = "body", value_name = "FILE")]
    body_option: Option<PathBuf>,
}

impl BodyArgs {
    /// The path given, by whichever spelling; clap's group makes exactly one
    /// present.
    pub(crate) fn path(&self) -> Option<&Path> {
        self.body.as_deref().or(self.body_option.as_deref())
    }
}

/// Why a command stopped short, which decides its exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command line, a file or a secret is unusable: exit 2.
    Usage(String),
    /// The system failed us (the random source, stdout): exit 1.
    Runtime(String),
}

impl Failure {
    /// A usage or configuration error.
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Failure::Usage(message.into())
    }

    /// A failure of the system around us.
    pub(crate) fn runtime(message: impl Into<String>) -> Self {
        Failure::Runtime(message.into())
    }
}

/// Writes `text` to stdout. We return the error (a closed pipe, a full disk)
/// instead of letting `print!` panic on it.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| Failure::runtime(format!("cannot write to stdout: {err}")))
}

/// Seconds since the Unix epoch by the system clock. A clock set before 1970
/// reads as 0, which then fails the timestamp window instead of panicking.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// The `--json` form of a generated secret.
#[derive(Serialize)]
struct SecretJson<'a> {
    secret: &'a str,
}

/// The `--json` form of a generated key pair.
#[derive(Serialize)]
struct KeyPairJson<'a> {
    signing_key: &'a str,
    public_key: &'a str,
}

/// Runs `webhook secret generate`.
fn generate(args: &GenerateArgs) -> Result<ExitCode, Failure> {
    let random_failed = |err: webhook_core::Error| Failure::runtime(err.to_string());
    let text = if args.asymmetric {
        let pair = SigningKey::generate().map_err(random_failed)?;
        let (signing_key, public_key) = (pair.to_whsk(), pair.public_key().to_whpk());
        if args.json {
            to_json(&KeyPairJson {
                signing_key: &signing_key,
                public_key: &public_key,
            })?
        } else {
            // Each key on its own line, last on the line, so `awk '{print $NF}'`
            // picks it out; the labels say which one must stay private.
            format!(
                "signing key (secret, for the sender only): {signing_key}\n\
                 public key (not secret, for receivers): {public_key}\n"
            )
        }
    } else {
        let secret = webhook_core::generate_secret().map_err(random_failed)?;
        if args.json {
            to_json(&SecretJson { secret: &secret })?
        } else {
            format!("{secret}\n")
        }
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One JSON object on one line, for `--json` output.
pub(crate) fn to_json(value: &impl Serialize) -> Result<String, Failure> {
    serde_json::to_string(value)
        .map(|text| format!("{text}\n"))
        .map_err(|err| Failure::runtime(format!("cannot encode json: {err}")))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Secret(SecretCommand::Generate(args)) => generate(&args),
        Command::Sign(args) => sign::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::CheckUrl(args) => check_url::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
