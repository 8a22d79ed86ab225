//! Collecting the key ring from `--secret`, `--secret-file` or `WEBHOOK_SECRET`.
//!
//! The rules: `--secret` and `--secret-file` are each repeatable (key rotation) but
//! cannot be mixed, because the order of the keys is reported back as `key_index`
//! and two separate lists have no order between them. `WEBHOOK_SECRET` holds one
//! secret and is read only when neither option is given, so a flag always wins
//! over the environment. No source at all is a usage error.
//!
//! Every message names where a bad secret came from, never the secret itself.

use std::path::Path;

use webhook_core::Secret;

use crate::{Failure, SecretArgs};

/// The environment variable read when no secret option is given.
pub(crate) const SECRET_ENV: &str = "WEBHOOK_SECRET";

/// The key ring the arguments (or the environment) describe, in the order given.
pub(crate) fn load(args: &SecretArgs) -> Result<Vec<Secret>, Failure> {
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
                parse(text, &source)
            })
            .collect();
    }
    if !args.secret_files.is_empty() {
        return args
            .secret_files
            .iter()
            .map(|path| read_file(path))
            .collect();
    }

    match std::env::var_os(SECRET_ENV) {
        Some(value) => {
            let text = value
                .into_string()
                .map_err(|_| Failure::usage(format!("{SECRET_ENV} is not valid utf-8")))?;
            Ok(vec![parse(&text, SECRET_ENV)?])
        }
        None => Err(Failure::usage(format!(
            "no secret given: pass --secret or --secret-file, or set {SECRET_ENV}"
        ))),
    }
}

/// Parses one secret; a refusal is a configuration error, so it exits 2.
pub(crate) fn parse(text: &str, source: &str) -> Result<Secret, Failure> {
    Secret::from_base64(text)
        .map_err(|err| Failure::usage(format!("invalid secret from {source}: {err}")))
}

/// Reads a secret file and parses its text.
fn read_file(path: &Path) -> Result<Secret, Failure> {
    let shown = path.display();
    let bytes = std::fs::read(path)
        .map_err(|err| Failure::usage(format!("cannot read secret file {shown}: {err}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::usage(format!("secret file {shown} is not utf-8 text")))?;
    parse(strip_one_newline(&text), &format!("secret file {shown}"))
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
