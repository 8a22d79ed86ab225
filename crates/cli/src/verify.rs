//! `webhook verify`: check a received delivery, for example one captured from a
//! receiver's logs.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use http::HeaderMap;
use serde::Serialize;
use webhook_core::{DEFAULT_TOLERANCE_SECS, Error, Verified, Verifier, VerifyKey};

use crate::secrets::{self, Jwks};
use crate::{BodyArgs, Failure, SecretArgs, input, print, to_json, unix_now};

/// Arguments of `webhook verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The keys to accept; any one of them may have signed the delivery. A
    /// whsec_ secret checks v1 entries; a whpk_ public key (or the public half
    /// of a whsk_ key) checks v1a entries.
    #[command(flatten)]
    secret: SecretArgs,

    /// A JWK or JWK set file (`-` for stdin) of Ed25519 public keys. Its keys
    /// join the ring after the --secret or --secret-file keys, in file and then
    /// document order. Repeatable. With --jwks, WEBHOOK_SECRET is not read and
    /// no other key is needed.
    #[arg(long = "jwks", value_name = "FILE")]
    jwks: Vec<PathBuf>,

    /// The headers as received.
    #[command(flatten)]
    headers: HeaderArgs,

    /// The body exactly as received.
    #[command(flatten)]
    body: BodyArgs,

    /// Check the timestamp against this time (seconds since the Unix epoch)
    /// instead of the clock, to replay an old capture.
    // Negative numbers are taken as values so that `--now -5` is refused as a
    // bad number, not as an unknown option with a misleading tip.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    now: Option<u64>,

    /// How far the timestamp may be from now, either way, in seconds.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = DEFAULT_TOLERANCE_SECS,
        allow_negative_numbers = true
    )]
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

/// The `--json` form of a verified delivery. `kid` is always present, `null`
/// unless the matching key came from a JWK with a `kid`.
#[derive(Serialize)]
struct VerifiedJson<'a> {
    verified: bool,
    id: &'a str,
    timestamp: u64,
    key_index: usize,
    scheme: &'static str,
    kid: Option<&'a str>,
}

/// The verifier's key ring, and for each key the `kid` of the JWK it came
/// from, if any; both in ring order.
struct Ring {
    keys: Vec<VerifyKey>,
    kids: Vec<Option<String>>,
}

impl Ring {
    /// The keys of the secret options (or the environment), then those of each
    /// `--jwks` file.
    fn load(args: &VerifyArgs) -> Result<Ring, Failure> {
        let jwks = if args.jwks.is_empty() {
            Jwks::NotGiven
        } else {
            Jwks::Given
        };
        let keys = secrets::load(&args.secret, VerifyKey::parse, jwks)?;
        let mut ring = Ring {
            kids: vec![None; keys.len()],
            keys,
        };
        for path in &args.jwks {
            for key in secrets::read_jwks(path)? {
                ring.keys.push(key.verify_key());
                ring.kids.push(key.kid().map(str::to_owned));
            }
        }
        Ok(ring)
    }

    /// The `kid` of the key at `index`, if it came from a JWK that had one.
    fn kid(&self, index: usize) -> Option<&str> {
        self.kids.get(index).and_then(Option::as_deref)
    }
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
    check_stdin_once(args)?;
    let ring = Ring::load(args)?;
    let verifier = Verifier::new(&ring.keys[..])
        .map_err(|err| Failure::usage(err.to_string()))?
        .with_tolerance(args.tolerance);

    let headers = header_map(&args.headers)?;
    let body = input::read_body(&args.body)?;
    let now = args.now.unwrap_or_else(unix_now);

    let result = verifier.verify_http(&headers, &body, now);
    report(&result, &ring, args.json)?;
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Refuses a command line that reads stdin for two inputs: the first would take
/// all of it and leave the second empty.
fn check_stdin_once(args: &VerifyArgs) -> Result<(), Failure> {
    // In the order `run` reads them.
    let jwks = args
        .jwks
        .iter()
        .map(|path| ("--jwks", Some(path.as_path())));
    let others = [
        ("the headers file", args.headers.file.as_deref()),
        ("the body", args.body.path()),
    ];
    let readers: Vec<&str> = jwks
        .chain(others)
        .filter(|(_, path)| path.is_some_and(input::is_stdin))
        .map(|(what, _)| what)
        .collect();
    match readers[..] {
        [first, second, ..] => Err(Failure::usage(format!(
            "{first} and {second} cannot both be read from stdin"
        ))),
        _ => Ok(()),
    }
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
fn report(result: &Result<Verified<'_>, Error>, ring: &Ring, json: bool) -> Result<(), Failure> {
    match (result, json) {
        (Ok(verified), true) => print(&to_json(&VerifiedJson {
            verified: true,
            id: verified.id(),
            timestamp: verified.timestamp(),
            key_index: verified.key_index(),
            scheme: verified.scheme().name(),
            kid: ring.kid(verified.key_index()),
        })?),
        (Err(err), true) => print(&to_json(&RejectedJson {
            verified: false,
            error: err.kind().name(),
            message: err.to_string(),
        })?),
        (Ok(verified), false) => print(&verified_line(verified, ring.kid(verified.key_index()))),
        (Err(err), false) => {
            eprintln!("rejected ({}): {err}", err.kind().name());
            Ok(())
        }
    }
}

/// `verified ID (timestamp T, key K, SCHEME)`, plus `, kid "KID"` for a key from
/// a JWK with a `kid`. The kid is quoted and escaped as a Rust string literal,
/// since it is text from a file and may hold anything, control characters too.
fn verified_line(verified: &Verified<'_>, kid: Option<&str>) -> String {
    let kid = kid.map(|kid| format!(", kid {kid:?}")).unwrap_or_default();
    format!(
        "verified {} (timestamp {}, key {}, {}{kid})\n",
        verified.id(),
        verified.timestamp(),
        verified.key_index(),
        verified.scheme(),
    )
}
