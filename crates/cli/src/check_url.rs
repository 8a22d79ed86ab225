//! `webhook check-url`: check a destination URL against the sender's rules,
//! and optionally the addresses its host resolves to.

use core::net::IpAddr;
use std::net::ToSocketAddrs as _;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;
use webhook_core::destination::{CheckedUrl, UrlError, UrlPolicy, check_addresses, parse_address};

use crate::{Failure, print, to_json};

/// Arguments of `webhook check-url`.
#[derive(Debug, Args)]
pub(crate) struct CheckUrlArgs {
    /// The destination URL, exactly as a receiver would register it. Text
    /// that starts with `-` is taken as the URL (and refused), so that a
    /// customer's `-hxyz` is not read as options; only an exact option name
    /// such as `-h` is still an option, so scripts put `--` before the URL.
    #[arg(value_name = "URL", allow_hyphen_values = true)]
    url: String,

    /// Also resolve the host with the system resolver and check every address
    /// it resolves to (needs DNS).
    #[arg(long, conflicts_with = "addresses")]
    resolve: bool,

    /// Check this address as one the host resolved to, instead of resolving
    /// it (for an answer you got from dig, say). An IPv6 zone (fe80::1%eth0)
    /// is dropped and the address judged without it. Repeatable.
    #[arg(long = "address", value_name = "IP", value_parser = address_arg)]
    addresses: Vec<IpAddr>,

    /// Also block this name and every name below it. Repeatable.
    #[arg(long = "block", value_name = "NAME")]
    block: Vec<String>,

    /// Also allow this port, beside 443 and 8443. Repeatable.
    #[arg(long = "allow-port", value_name = "PORT")]
    allow_ports: Vec<u16>,

    /// Print the result as one JSON object on stdout: accepted, refused, or
    /// a host that did not resolve.
    #[arg(long)]
    json: bool,
}

/// Reads `--address` as every face reads address text: the core's
/// `parse_address`, which takes an IPv6 zone as `getaddrinfo` writes it.
fn address_arg(text: &str) -> Result<IpAddr, String> {
    parse_address(text).map_err(|err| err.to_string())
}

/// The `error` of a host that did not resolve. It is no `UrlErrorKind`: the
/// URL broke no rule, and the same URL may resolve a minute later.
const UNRESOLVED: &str = "unresolved";

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

/// The `--json` form of a refusal, or of a host that did not resolve.
#[derive(Serialize)]
struct RefusedJson<'a> {
    ok: bool,
    error: &'static str,
    message: &'a str,
}

/// What the check found.
#[derive(Debug)]
enum Outcome {
    /// The URL, and the addresses when any were checked, passed.
    Accepted {
        checked: CheckedUrl,
        addresses: Option<Vec<IpAddr>>,
    },
    /// The URL or one of its addresses broke a rule.
    Refused(UrlError),
    /// `--resolve` was given and the resolver failed; the message says why.
    Unresolved(String),
}

/// What to print, and the exit status.
#[derive(Debug, PartialEq, Eq)]
struct Report {
    stdout: String,
    stderr: String,
    failed: bool,
}

/// Resolves a host and port to addresses, or says why it could not.
type Resolver = dyn Fn(&str, u16) -> Result<Vec<IpAddr>, String>;

/// Runs `webhook check-url`: exit 0 when the URL (and any addresses) pass,
/// 1 when refused or when resolving fails, 2 for a bad option.
pub(crate) fn run(args: &CheckUrlArgs) -> Result<ExitCode, Failure> {
    let outcome = check(args, &system_resolver)?;
    let report = report(&outcome, args.json)?;
    print(&report.stdout)?;
    eprint!("{}", report.stderr);
    Ok(if report.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks the URL, then the addresses: resolved by `resolve` with
/// `--resolve`, or those given with `--address`. Only a bad `--block` or
/// `--allow-port` is an error; every other end is an outcome to report.
fn check(args: &CheckUrlArgs, resolve: &Resolver) -> Result<Outcome, Failure> {
    let policy = policy(args)?;
    let checked = match policy.check(&args.url) {
        Ok(checked) => checked,
        Err(err) => return Ok(Outcome::Refused(err)),
    };

    let addresses = if args.resolve {
        match resolve(checked.host(), checked.port()) {
            Ok(found) => Some(found),
            Err(why) => {
                let message = format!("cannot resolve {}: {why}", checked.host());
                return Ok(Outcome::Unresolved(message));
            }
        }
    } else if args.addresses.is_empty() {
        None
    } else {
        Some(args.addresses.clone())
    };
    if let Some(addresses) = &addresses {
        if let Err(err) = check_addresses(addresses) {
            return Ok(Outcome::Refused(err));
        }
    }
    Ok(Outcome::Accepted { checked, addresses })
}

/// The output for an outcome: with `json`, exactly one object on stdout
/// whatever happened; otherwise `ok: URL` on stdout or `KIND: MESSAGE` on
/// stderr, where a host that did not resolve has the kind `unresolved`.
fn report(outcome: &Outcome, json: bool) -> Result<Report, Failure> {
    let (error, message) = match outcome {
        Outcome::Accepted { checked, addresses } => {
            let stdout = if json {
                to_json(&AcceptedJson {
                    ok: true,
                    url: checked.as_str(),
                    host: checked.host(),
                    port: checked.port(),
                    addresses: addresses.as_deref(),
                })?
            } else {
                let mut text = format!("ok: {checked}\n");
                if let Some(addresses) = addresses {
                    let list: Vec<String> = addresses.iter().map(IpAddr::to_string).collect();
                    text.push_str(&format!("addresses: {}\n", list.join(", ")));
                }
                text
            };
            return Ok(Report {
                stdout,
                stderr: String::new(),
                failed: false,
            });
        }
        Outcome::Refused(err) => (err.kind().as_str(), err.to_string()),
        Outcome::Unresolved(message) => (UNRESOLVED, message.clone()),
    };

    let (stdout, stderr) = if json {
        let object = RefusedJson {
            ok: false,
            error,
            message: &message,
        };
        (to_json(&object)?, String::new())
    } else {
        (String::new(), format!("{error}: {message}\n"))
    };
    Ok(Report {
        stdout,
        stderr,
        failed: true,
    })
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

/// The addresses the system resolver gives for `host`, each once, in the
/// resolver's order.
fn system_resolver(host: &str, port: u16) -> Result<Vec<IpAddr>, String> {
    let found = (host, port)
        .to_socket_addrs()
        .map_err(|err| err.to_string())?;
    let mut addresses: Vec<IpAddr> = Vec::new();
    for addr in found {
        if !addresses.contains(&addr.ip()) {
            addresses.push(addr.ip());
        }
    }
    Ok(addresses)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    /// `check-url`'s arguments, parsed as clap would from a command line.
    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: CheckUrlArgs,
    }

    fn args(line: &[&str]) -> CheckUrlArgs {
        let words = core::iter::once("check-url").chain(line.iter().copied());
        Command::try_parse_from(words)
            .expect("a valid command line")
            .args
    }

    /// A resolver for tests: no network, the answer given.
    fn answering(
        answer: Result<Vec<IpAddr>, &'static str>,
    ) -> impl Fn(&str, u16) -> Result<Vec<IpAddr>, String> {
        move |_, _| answer.clone().map_err(str::to_owned)
    }

    fn run_with(line: &[&str], resolver: &Resolver) -> Report {
        let args = args(line);
        let outcome = check(&args, resolver).expect("no usage error");
        report(&outcome, args.json).expect("a report")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn a_host_that_does_not_resolve_is_one_json_object() {
        let failing = answering(Err("failed to lookup address information"));
        let report = run_with(
            &["--json", "--resolve", "https://hooks.example.com/"],
            &failing,
        );
        assert!(report.failed);
        assert_eq!(report.stderr, "");
        let object: serde_json::Value = serde_json::from_str(&report.stdout).expect("json");
        assert_eq!(
            object,
            serde_json::json!({
                "ok": false,
                "error": "unresolved",
                "message": "cannot resolve hooks.example.com: failed to lookup address information",
            })
        );
        assert_eq!(report.stdout.lines().count(), 1);
    }

    #[test]
    fn a_host_that_does_not_resolve_has_a_kind_on_stderr() {
        let failing = answering(Err("no such host"));
        let report = run_with(&["--resolve", "https://hooks.example.com/"], &failing);
        assert_eq!(
            report,
            Report {
                stdout: String::new(),
                stderr: "unresolved: cannot resolve hooks.example.com: no such host\n".into(),
                failed: true,
            }
        );
    }

    #[test]
    fn resolved_addresses_are_checked() {
        let public = answering(Ok(vec![ip("93.184.215.14"), ip("2606:4700::1")]));
        let report = run_with(
            &["--json", "--resolve", "https://hooks.example.com/"],
            &public,
        );
        assert!(!report.failed);
        let object: serde_json::Value = serde_json::from_str(&report.stdout).expect("json");
        assert_eq!(
            object["addresses"],
            serde_json::json!(["93.184.215.14", "2606:4700::1"])
        );

        let rebinding = answering(Ok(vec![ip("93.184.215.14"), ip("169.254.169.254")]));
        let report = run_with(
            &["--json", "--resolve", "https://hooks.example.com/"],
            &rebinding,
        );
        assert!(report.failed);
        let object: serde_json::Value = serde_json::from_str(&report.stdout).expect("json");
        assert_eq!(object["error"], "private_address");

        // No address at all is refused: nothing was checked.
        let empty = answering(Ok(Vec::new()));
        let report = run_with(&["--resolve", "https://hooks.example.com/"], &empty);
        assert!(report.stderr.starts_with("private_address: "), "{report:?}");
    }

    #[test]
    fn a_refused_url_is_never_resolved() {
        let unreachable = |_: &str, _: u16| -> Result<Vec<IpAddr>, String> {
            panic!("a refused url must not be resolved")
        };
        let report = run_with(&["--json", "--resolve", "https://localhost/"], &unreachable);
        let object: serde_json::Value = serde_json::from_str(&report.stdout).expect("json");
        assert_eq!(object["error"], "blocked_host");
    }

    #[test]
    fn address_options_take_zones_as_the_core_does() {
        assert_eq!(
            args(&["--address", "fe80::1%eth0", "https://a.example/"]).addresses,
            [ip("fe80::1")]
        );
        let words = [
            "check-url",
            "--address",
            "10.0.0.1%eth0",
            "https://a.example/",
        ];
        let err = Command::try_parse_from(words).err().expect("a usage error");
        assert!(
            err.to_string().contains("is not an ipv4 or ipv6 address"),
            "{err}"
        );
    }
}
