//! Reading bodies and header blocks, as bytes.
//!
//! A body is signed byte for byte, so nothing here decodes, re-encodes or trims
//! it. Header blocks are parsed the way a receiver sees them: an optional request
//! or status line, then `name: value` lines ending in LF or CRLF, then an
//! optional blank line.

use std::io::Read as _;
use std::path::Path;

use http::{HeaderName, HeaderValue};

use crate::{BodyArgs, Failure};

/// Reads a whole file, or stdin when the path is `-`. `what` names the input in
/// error messages.
pub(crate) fn read_path(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|err| Failure::usage(format!("cannot read {what} from stdin: {err}")))?;
        return Ok(bytes);
    }
    std::fs::read(path)
        .map_err(|err| Failure::usage(format!("cannot read {what} {}: {err}", path.display())))
}

/// Reads the body named by the arguments.
pub(crate) fn read_body(args: &BodyArgs) -> Result<Vec<u8>, Failure> {
    // clap's argument group already demands one of the two spellings.
    let path = args
        .path()
        .ok_or_else(|| Failure::usage("no body given: pass a file, or - for stdin"))?;
    read_path(path, "body file")
}

/// Whether `path` means stdin.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// Parses one `name: value` line. The name is matched case-insensitively later
/// (`HeaderName` lowercases it); spaces and tabs around the value are dropped,
/// as HTTP does.
pub(crate) fn parse_header_line(line: &[u8]) -> Result<(HeaderName, HeaderValue), String> {
    let Some(colon) = line.iter().position(|b| *b == b':') else {
        return Err("has no ':' between header name and value".to_owned());
    };
    let (name, value) = (&line[..colon], &line[colon + 1..]);

    let name = HeaderName::from_bytes(name).map_err(|_| {
        format!(
            "has \"{}\" where a header name should be (a token, no spaces)",
            name.escape_ascii()
        )
    })?;
    let value = HeaderValue::from_bytes(trim_blanks(value))
        .map_err(|_| format!("has a control character in the value of {name}"))?;
    Ok((name, value))
}

/// Parses a raw header block, as `curl -D` saves it or a receiver logs it.
///
/// Accepted: leading blank lines; one request line (`POST /hook HTTP/1.1`) or
/// status line (`HTTP/1.1 200 OK`) before the first header; HTTP/2 pseudo-headers
/// (`:method: POST`), which are skipped; LF or CRLF endings; a blank line ending
/// the block, followed only by more blank lines. Refused, with the line number:
/// a line without a colon, an invalid name or value, an obsolete folded line,
/// and anything after the blank line (most likely a body, which must be passed
/// on its own so that its bytes are exact).
pub(crate) fn parse_header_block(block: &[u8]) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    let mut headers = Vec::new();
    let mut started = false;
    let mut ended = false;

    for (index, raw) in block.split(|b| *b == b'\n').enumerate() {
        let number = index + 1;
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.is_empty() {
            ended |= started;
            continue;
        }
        if ended {
            return Err(format!(
                "line {number} follows the blank line that ends the header block; \
                 pass the body as its own file"
            ));
        }
        if !started && is_start_line(line) {
            started = true;
            continue;
        }
        started = true;

        if line.starts_with(b" ") || line.starts_with(b"\t") {
            return Err(format!(
                "line {number} is a folded continuation line, which is not supported"
            ));
        }
        if line.starts_with(b":") {
            continue;
        }
        let header = parse_header_line(line).map_err(|why| format!("line {number} {why}"))?;
        headers.push(header);
    }
    Ok(headers)
}

/// A request line ends in ` HTTP/<version>`, a status line starts with `HTTP/`.
/// Neither can be a header line, since a header name holds no `/` or space.
fn is_start_line(line: &[u8]) -> bool {
    let last_word = line.rsplit(|b| *b == b' ').next().unwrap_or(line);
    line.starts_with(b"HTTP/") || (last_word.starts_with(b"HTTP/") && last_word != line)
}

/// Strips spaces and tabs (HTTP's optional whitespace) from both ends.
fn trim_blanks(mut value: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = value {
        value = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = value {
        value = rest;
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_values(block: &[u8]) -> Vec<(String, Vec<u8>)> {
        parse_header_block(block)
            .unwrap()
            .into_iter()
            .map(|(name, value)| (name.to_string(), value.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn reads_crlf_block_with_request_line_and_repeats() {
        let block = b"POST /hook HTTP/1.1\r\nWebhook-Id: msg_1\r\n\
                      webhook-signature: v1,a\r\nWEBHOOK-SIGNATURE:v1,b \r\n\r\n";
        assert_eq!(
            names_and_values(block),
            [
                ("webhook-id".to_owned(), b"msg_1".to_vec()),
                ("webhook-signature".to_owned(), b"v1,a".to_vec()),
                ("webhook-signature".to_owned(), b"v1,b".to_vec()),
            ]
        );
    }

    #[test]
    fn reads_lf_block_with_status_line_or_none() {
        let with_status = b"HTTP/1.1 200 OK\nwebhook-id: msg_1\n";
        let plain = b"\nwebhook-id: msg_1";
        let want = [("webhook-id".to_owned(), b"msg_1".to_vec())];
        assert_eq!(names_and_values(with_status), want);
        assert_eq!(names_and_values(plain), want);
    }

    #[test]
    fn skips_http2_pseudo_headers() {
        let block = b":method: POST\n:path: /hook\nwebhook-id: msg_1\n";
        assert_eq!(names_and_values(block).len(), 1);
    }

    #[test]
    fn keeps_colons_and_non_ascii_bytes_in_values() {
        let block = b"x-url: https://a.example:8443/\nx-raw: \xff\xfe\n";
        let got = names_and_values(block);
        assert_eq!(got[0].1, b"https://a.example:8443/");
        assert_eq!(got[1].1, b"\xff\xfe");
    }

    #[test]
    fn refuses_malformed_lines_with_their_number() {
        let cases: [(&[u8], &str); 6] = [
            (b"webhook-id msg_1\n", "line 1 has no ':'"),
            (b"webhook-id: a\nbad name: x\n", "line 2 has \"bad name\""),
            (b"webhook-id: a\n folded\n", "line 2 is a folded"),
            (b"webhook-id: a\x01b\n", "line 1 has a control character"),
            (
                b"webhook-id: a\n\n{\"body\":1}\n",
                "line 3 follows the blank line",
            ),
            (b"POST /a HTTP/1.1\nPOST /b HTTP/1.1\n", "line 2 has no ':'"),
        ];
        for (block, needle) in cases {
            let err = parse_header_block(block).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn trims_only_blanks() {
        assert_eq!(trim_blanks(b" \t v1,a \t"), b"v1,a");
        assert_eq!(trim_blanks(b"   "), b"");
    }
}
