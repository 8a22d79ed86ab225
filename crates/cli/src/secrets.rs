//! Collecting the key ring from `--secret`, `--secret-file`, `WEBHOOK_SECRET` and,
//! for `verify`, `--jwks`.
//!
//! The rules: `--secret` and `--secret-file` are each repeatable (key rotation) but
//! cannot be mixed, because the order of the keys is reported back as `key_index`
//! and two separate lists have no order between them. `--jwks` keys always come
//! after them, so their order is defined. `WEBHOOK_SECRET` holds one key and is
//! read only when no key option at all is given, so a flag always wins over the
//! environment. No source at all is a usage error.
//!
//! Any option takes any key text; which texts a command accepts is decided by
//! the core's parser the caller passes in (`SignKey::parse` refuses `whpk_`).
//! Every message names where a bad key came from, never the key itself.

use std::path::Path;

use webhook_core::Error;
use webhook_core::jwk::{self, JwkKey};

use crate::{Failure, SecretArgs, input};

/// The environment variable read when no key option is given.
pub(crate) const SECRET_ENV: &str = "WEBHOOK_SECRET";

/// A parser of key text from `webhook-core`: `SignKey::parse`, `VerifyKey::parse`
/// or `Secret::from_base64`.
pub(crate) type ParseKey<K> = fn(&str) -> Result<K, Error>;

/// Whether a command takes `--jwks` besides its secret options, and if so
/// whether any was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Jwks {
    /// The command has no `--jwks` option (`sign`).
    NotAccepted,
    /// The command takes `--jwks`, and none was given.
    NotGiven,
    /// At least one `--jwks` was given: the ring may consist of its keys alone,
    /// and the environment is not read.
    Given,
}

/// The key ring the secret options (or the environment) describe, in the order
/// given. With [`Jwks::Given`] the result may be empty.
pub(crate) fn load<K>(
    args: &SecretArgs,
    parse: ParseKey<K>,
    jwks: Jwks,
) -> Result<Vec<K>, Failure> {
    if !args.secrets.is_empty() {
        let numbered = args.secrets.len() > 1;
        return args
            .secrets
            .iter()
            .enumerate()
            .map(|(index, text)| {
                let source = if numbered {
                    format!("--secret #{}", index + 1)
                } else {
                    "--secret".to_owned()
                };
                parse_from(text, &source, parse)
            })
            .collect();
    }
    if !args.secret_files.is_empty() {
        return args
            .secret_files
            .iter()
            .map(|path| read_file(path, parse))
            .collect();
    }
    if jwks == Jwks::Given {
        return Ok(Vec::new());
    }

    match std::env::var_os(SECRET_ENV) {
        Some(value) => {
            let text = value
                .into_string()
                .map_err(|_| Failure::usage(format!("{SECRET_ENV} is not valid utf-8")))?;
            Ok(vec![parse_from(&text, SECRET_ENV, parse)?])
        }
        None => {
            let options = match jwks {
                Jwks::NotAccepted => "--secret or --secret-file",
                Jwks::NotGiven | Jwks::Given => "--secret, --secret-file or --jwks",
            };
            Err(Failure::usage(format!(
                "no secret given: pass {options}, or set {SECRET_ENV}"
            )))
        }
    }
}

/// Parses one key with `parse`; a refusal is a configuration error, so it
/// exits 2. `source` says where the text came from, for the message.
pub(crate) fn parse_from<K>(text: &str, source: &str, parse: ParseKey<K>) -> Result<K, Failure> {
    parse(text).map_err(|err| Failure::usage(format!("invalid secret from {source}: {err}")))
}

/// Reads a secret file and parses its text.
fn read_file<K>(path: &Path, parse: ParseKey<K>) -> Result<K, Failure> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|err| Failure::usage(format!("cannot read secret file {shown}: {err}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::usage(format!("secret file {shown} is not utf-8 text")))?;
    parse_from(
        strip_one_newline(&text),
        &format!("secret file {shown}"),
        parse,
    )
}

/// Reads the keys of a JWK or JWK set file (`-` for stdin), in document order.
pub(crate) fn read_jwks(path: &Path) -> Result<Vec<JwkKey>, Failure> {
    let shown = path.display();
    let bytes = input::read_path(path, "jwks file")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::usage(format!("jwks file {shown} is not utf-8 text")))?;
    jwk::parse_jwks(&text)
        .map_err(|err| Failure::usage(format!("invalid jwks file {shown}: {err}")))
}

/// Removes exactly one trailing newline (`\n` or `\r\n`), the one an editor or
/// `echo` adds. We take no more than one, and no other whitespace, because the
/// core refuses whitespace on purpose: a file with stray blank lines or spaces is
/// more likely the wrong file than a secret.
pub(crate) fn strip_one_newline(text: &str) -> &str {
    match text.strip_suffix('\n') {
        Some(rest) => rest.strip_suffix('\r').unwrap_or(rest),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_exactly_one_newline() {
        assert_eq!(strip_one_newline("whsec_a\n"), "whsec_a");
        assert_eq!(strip_one_newline("whsec_a\r\n"), "whsec_a");
        assert_eq!(strip_one_newline("whsec_a"), "whsec_a");
        assert_eq!(strip_one_newline("whsec_a\n\n"), "whsec_a\n");
        assert_eq!(strip_one_newline("whsec_a \n"), "whsec_a ");
        assert_eq!(strip_one_newline("whsec_a\r"), "whsec_a\r");
    }
}
