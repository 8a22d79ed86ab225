//! `webhook verify`: check a received delivery, for example one captured from a
//! receiver's logs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use http::HeaderMap;
use serde::Serialize;
use webhook_core::{DEFAULT_TOLERANCE_SECS, Error, Verified, Verifier};

use crate::{BodyArgs, Failure, SecretArgs, input, print, secrets, unix_now};

/// Arguments of `webhook verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The secrets to accept; any one of them may have signed the delivery.
    #[command(flatten)]
    secret: SecretArgs,

    /// The headers as received.
    #[command(flatten)]
    headers: HeaderArgs,

    /// The body exactly as received.
    #[command(flatten)]
    body: BodyArgs,

    /// Check the timestamp against this time (seconds since the Unix epoch)
    /// instead of the clock, to replay an old capture.
    #[arg(long, value_name = "SECONDS")]
    now: Option<u64>,

    /// How far the timestamp may be from now, either way, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TOLERANCE_SECS)]
    tolerance: u64,

    /// Print the result as one JSON object on stdout, whether verified or not.
    #[arg(long)]
    json: bool,
}

/// Where the headers come from. Both may be given; lines from the file come
/// first, and every line goes into one header map.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
struct HeaderArgs {
    /// One header, as `name: value`; names are case-insensitive. Repeatable, and
    /// repeated webhook-signature lines all count.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    lines: Vec<String>,

    /// A raw header block as a receiver captures it (`-` for stdin): an optional
    /// request or status line, `name: value` lines (LF or CRLF), an optional
    /// blank line.
    #[arg(long = "headers-file", value_name = "FILE")]
    file: Option<PathBuf>,
}

/// The `--json` form of a verified delivery.
#[derive(Serialize)]
struct VerifiedJson<'a> {
    verified: bool,
    id: &'a str,
    timestamp: u64,
    key_index: usize,
}

/// The `--json` form of a rejected delivery; `error` is the stable kind name.
#[derive(Serialize)]
struct RejectedJson {
    verified: bool,
    error: &'static str,
    message: String,
}

/// Runs `webhook verify`.
pub(crate) fn run(args: &VerifyArgs) -> Result<ExitCode, Failure> {
    let keys = secrets::load(&args.secret)?;
    let verifier = Verifier::new(keys)
        .map_err(|err| Failure::usage(err.to_string()))?
        .with_tolerance(args.tolerance);

    let stdin_twice = args.headers.file.as_deref().is_some_and(input::is_stdin)
        && args.body.path().is_some_and(input::is_stdin);
    if stdin_twice {
        return Err(Failure::usage(
            "the headers file and the body cannot both be read from stdin",
        ));
    }
    let headers = header_map(&args.headers)?;
    let body = input::read_body(&args.body)?;
    let now = args.now.unwrap_or_else(unix_now);

    let result = verifier.verify_http(&headers, &body, now);
    report(&result, args.json)?;
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Builds the header map from the file, then the `--header` options.
fn header_map(args: &HeaderArgs) -> Result<HeaderMap, Failure> {
    let mut map = HeaderMap::new();
    if let Some(path) = &args.file {
        let block = input::read_path(path, "headers file")?;
        let shown = path.display();
        let lines = input::parse_header_block(&block)
            .map_err(|why| Failure::usage(format!("headers file {shown}: {why}")))?;
        for (name, value) in lines {
            map.append(name, value);
        }
    }
    for line in &args.lines {
        let (name, value) = input::parse_header_line(line.as_bytes())
            .map_err(|why| Failure::usage(format!("--header {line:?} {why}")))?;
        map.append(name, value);
    }
    Ok(map)
}

/// Prints the outcome: a line on stdout when verified, the reason on stderr when
/// not, or one JSON object on stdout either way.
fn report(result: &Result<Verified<'_>, Error>, json: bool) -> Result<(), Failure> {
    let encode = |text: serde_json::Result<String>| {
        text.map_err(|err| Failure::runtime(format!("cannot encode json: {err}")))
    };
    match (result, json) {
        (Ok(verified), true) => {
            let object = VerifiedJson {
                verified: true,
                id: verified.id(),
                timestamp: verified.timestamp(),
                key_index: verified.key_index(),
            };
            print(&format!("{}\n", encode(serde_json::to_string(&object))?))
        }
        (Err(err), true) => {
            let object = RejectedJson {
                verified: false,
                error: err.kind().name(),
                message: err.to_string(),
            };
            print(&format!("{}\n", encode(serde_json::to_string(&object))?))
        }
        (Ok(verified), false) => print(&format!(
            "verified {} (timestamp {}, key {})\n",
            verified.id(),
            verified.timestamp(),
            verified.key_index()
        )),
        (Err(err), false) => {
            eprintln!("rejected ({}): {err}", err.kind().name());
            Ok(())
        }
    }
}
