//! `webhook check-url`: check a destination URL against the sender's rules,
//! and optionally the addresses its host resolves to.

use core::net::IpAddr;
use std::net::ToSocketAddrs as _;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use webhook_core::destination::{CheckedUrl, UrlError, UrlPolicy, check_addresses};

use crate::{Failure, print, to_json};

/// Arguments of `webhook check-url`.
#[derive(Debug, Args)]
pub(crate) struct CheckUrlArgs {
    /// The destination URL, exactly as a receiver would register it. Put `--`
    /// before a URL that starts with `-`.
    #[arg(value_name = "URL")]
    url: String,

    /// Also resolve the host with the system resolver and check every address
    /// it resolves to (needs DNS).
    #[arg(long, conflicts_with = "addresses")]
    resolve: bool,

    /// Check this address as one the host resolved to, instead of resolving
    /// it (for an answer you got from dig, say). Repeatable.
    #[arg(long = "address", value_name = "IP")]
    addresses: Vec<IpAddr>,

    /// Also block this name and every name below it. Repeatable.
    #[arg(long = "block", value_name = "NAME")]
    block: Vec<String>,

    /// Also allow this port, beside 443 and 8443. Repeatable.
    #[arg(long = "allow-port", value_name = "PORT")]
    allow_ports: Vec<u16>,

    /// Print the result as one JSON object on stdout, accepted or not.
    #[arg(long)]
    json: bool,
}

/// The `--json` form of an accepted URL.
#[derive(Serialize)]
struct AcceptedJson<'a> {
    ok: bool,
    url: &'a str,
    host: &'a str,
    port: u16,
    /// The addresses checked, when there were any.
    #[serde(skip_serializing_if = "Option::is_none")]
    addresses: Option<&'a [IpAddr]>,
}

/// The `--json` form of a refusal.
#[derive(Serialize)]
struct RefusedJson {
    ok: bool,
    error: &'static str,
    message: String,
}

/// Runs `webhook check-url`: exit 0 when the URL (and any addresses) pass,
/// 1 when refused or when resolving fails, 2 for a bad option.
pub(crate) fn run(args: &CheckUrlArgs) -> Result<ExitCode, Failure> {
    let policy = policy(args)?;
    let checked = match policy.check(&args.url) {
        Ok(checked) => checked,
        Err(err) => return refused(&err, args.json),
    };

    let addresses = if args.resolve {
        Some(resolve(&checked)?)
    } else if args.addresses.is_empty() {
        None
    } else {
        Some(args.addresses.clone())
    };
    if let Some(addresses) = &addresses {
        if let Err(err) = check_addresses(addresses) {
            return refused(&err, args.json);
        }
    }

    let text = if args.json {
        to_json(&AcceptedJson {
            ok: true,
            url: checked.as_str(),
            host: checked.host(),
            port: checked.port(),
            addresses: addresses.as_deref(),
        })?
    } else {
        let mut text = format!("ok: {checked}\n");
        if let Some(addresses) = &addresses {
            let list: Vec<String> = addresses.iter().map(IpAddr::to_string).collect();
            text.push_str(&format!("addresses: {}\n", list.join(", ")));
        }
        text
    };
    print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The built-in rules plus the names and ports given on the command line.
fn policy(args: &CheckUrlArgs) -> Result<UrlPolicy, Failure> {
    let mut policy = UrlPolicy::new();
    for name in &args.block {
        policy
            .block_name(name)
            .map_err(|err| Failure::usage(format!("--block: {err}")))?;
    }
    for &port in &args.allow_ports {
        policy
            .allow_port(port)
            .map_err(|err| Failure::usage(format!("--allow-port: {err}")))?;
    }
    Ok(policy)
}

/// Reports a refusal, `KIND: MESSAGE` on stderr or JSON on stdout, and
/// exits 1.
fn refused(err: &UrlError, json: bool) -> Result<ExitCode, Failure> {
    if json {
        print(&to_json(&RefusedJson {
            ok: false,
            error: err.kind().as_str(),
            message: err.to_string(),
        })?)?;
    } else {
        eprintln!("{}: {err}", err.kind());
    }
    Ok(ExitCode::FAILURE)
}

/// The addresses the system resolver gives for the URL's host, each once, in
/// the resolver's order.
fn resolve(checked: &CheckedUrl) -> Result<Vec<IpAddr>, Failure> {
    let found = (checked.host(), checked.port())
        .to_socket_addrs()
        .map_err(|err| Failure::runtime(format!("cannot resolve {}: {err}", checked.host())))?;
    let mut addresses: Vec<IpAddr> = Vec::new();
    for addr in found {
        if !addresses.contains(&addr.ip()) {
            addresses.push(addr.ip());
        }
    }
    Ok(addresses)
}
