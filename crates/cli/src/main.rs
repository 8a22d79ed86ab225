//! The `webhook` command: generate secrets, sign and verify Standard Webhooks
//! deliveries, and run a demonstration over the sample Lumenfall payloads.
//!
//! All signing and checking is done by `webhook-core`; this crate only reads
//! arguments, files and stdin, and prints. See `crates/cli/README.md` for usage.
//!
//! Exit status: 0 success (for `verify`, the delivery verified), 1 a rejected
//! delivery, a failing demo row or a system failure, 2 a usage or configuration
//! error (clap's own argument errors exit 2 as well).

use core::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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
    /// Manage signing secrets.
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
}

/// `webhook secret ...`.
#[derive(Debug, Subcommand)]
enum SecretCommand {
    /// Print a new random secret (32 bytes, `whsec_` form) on stdout.
    Generate,
}

/// Where the secrets come from; shared by `sign` and `verify`.
///
/// We parse the text ourselves rather than through a clap value parser, because
/// clap repeats a refused value in its error message and a secret must never be
/// printed. For the same reason `Debug` shows only how many there are.
#[derive(Args)]
pub(crate) struct SecretArgs {
    /// A `whsec_...` secret. Repeat for key rotation; the order given is the
    /// key order reported as key_index. Overrides WEBHOOK_SECRET. Prefer
    /// --secret-file or the environment: other users can see command lines.
    #[arg(long = "secret", value_name = "SECRET")]
    pub(crate) secrets: Vec<String>,

    /// A file holding one secret; exactly one trailing newline (LF or CRLF) is
    /// removed. Repeat for key rotation. Cannot be combined with --secret. With
    /// neither option, the secret is read from WEBHOOK_SECRET.
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

fn generate_secret() -> Result<ExitCode, Failure> {
    let secret =
        webhook_core::generate_secret().map_err(|err| Failure::runtime(err.to_string()))?;
    print(&format!("{secret}\n"))?;
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Secret(SecretCommand::Generate) => generate_secret(),
        Command::Sign(args) => sign::run(&args),
        Command::Verify(args) => verify::run(&args),
        Command::Demo(args) => demo::run(&args),
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
