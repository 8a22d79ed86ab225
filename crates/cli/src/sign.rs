//! `webhook sign`: the sender's side, for testing receivers by hand.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use webhook_core::{HEADER_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, SignKey, SignedHeaders, Signer};

use crate::secrets::{self, Jwks};
use crate::{BodyArgs, Failure, SecretArgs, input, print, to_json, unix_now};

/// Arguments of `webhook sign`.
#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The signing keys: whsec_ secrets sign v1, whsk_ keys sign v1a.
    #[command(flatten)]
    secret: SecretArgs,

    /// The body to sign.
    #[command(flatten)]
    body: BodyArgs,

    /// The webhook-id to sign [default: msg_ followed by 32 random hex digits].
    #[arg(long, value_name = "ID")]
    id: Option<String>,

    /// The webhook-timestamp, in seconds since the Unix epoch [default: now].
    // Negative numbers are taken as values so that `--timestamp -5` is refused
    // as a bad number, not as an unknown option with a misleading tip.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    timestamp: Option<u64>,

    /// Print one JSON object keyed by header name instead of header lines.
    #[arg(long)]
    json: bool,
}

/// The `--json` form: keyed by header name, so it can be handed to an HTTP client
/// as a header map. The timestamp stays a string, as it is sent.
#[derive(Serialize)]
struct SignedJson<'a> {
    #[serde(rename = "webhook-id")]
    id: &'a str,
    #[serde(rename = "webhook-timestamp")]
    timestamp: &'a str,
    #[serde(rename = "webhook-signature")]
    signature: &'a str,
}

/// Runs `webhook sign`.
pub(crate) fn run(args: &SignArgs) -> Result<ExitCode, Failure> {
    // One entry per key, in the order given: a whsec_ secret and a whsk_ key
    // together give a `v1,…` and a `v1a,…` entry, for receivers of either scheme.
    let keys = secrets::load(&args.secret, SignKey::parse, Jwks::NotAccepted)?;
    let signer = Signer::new(keys).map_err(|err| Failure::usage(err.to_string()))?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => new_message_id()?,
    };
    let timestamp = args.timestamp.unwrap_or_else(unix_now);
    let body = input::read_body(&args.body)?;

    let signed = signer
        .sign(&id, timestamp, &body)
        .map_err(|err| Failure::usage(format!("cannot sign: {err}")))?;
    print(&render(&signed, args.json)?)?;
    Ok(ExitCode::SUCCESS)
}

/// The headers as `name: value` lines, or as one JSON object.
fn render(signed: &SignedHeaders, json: bool) -> Result<String, Failure> {
    if json {
        return to_json(&SignedJson {
            id: &signed.id,
            timestamp: &signed.timestamp,
            signature: &signed.signature,
        });
    }
    Ok(format!(
        "{HEADER_ID}: {}\n{HEADER_TIMESTAMP}: {}\n{HEADER_SIGNATURE}: {}\n",
        signed.id, signed.timestamp, signed.signature
    ))
}

/// A fresh `msg_` id: 128 random bits in hex, so ids never collide in practice and
/// stay within the id grammar (printable ASCII, no dots).
pub(crate) fn new_message_id() -> Result<String, Failure> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|err| Failure::runtime(format!("the os random source failed: {err}")))?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("msg_{hex}"))
}
