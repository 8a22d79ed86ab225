//! The grammar of the three headers, and the caps that bound the work a hostile
//! header can cause.

use crate::error::{Error, ErrorKind, Reason};

/// Name of the header carrying the message id.
pub const HEADER_ID: &str = "webhook-id";
/// Name of the header carrying the send time, in seconds since the Unix epoch.
pub const HEADER_TIMESTAMP: &str = "webhook-timestamp";
/// Name of the header carrying the space-separated signature list.
pub const HEADER_SIGNATURE: &str = "webhook-signature";

/// The longest `webhook-id` we accept, in bytes. Real ids are 20 to 60 bytes
/// (`msg_` plus a ULID or UUID); the cap stops a hostile sender from making us
/// hash an arbitrarily long prefix.
pub const MAX_ID_LEN: usize = 256;

/// The longest `webhook-signature` we read, in bytes, summed over all header lines.
/// A `v1` entry is 47 bytes and a `v1a` entry 92, so this leaves room for dozens
/// of rotated keys.
pub const MAX_SIGNATURE_HEADER_LEN: usize = 4096;

/// The most non-empty pieces we accept in `webhook-signature`, summed over all
/// header lines. Verification costs one comparison per entry and key, and this
/// keeps that product small.
pub const MAX_SIGNATURE_ENTRIES: usize = 32;

fn invalid(text: &'static str) -> Error {
    Error::new(ErrorKind::InvalidHeader, text)
}

/// Checks a `webhook-id` and returns it as text; see [`check_id`].
pub(crate) fn parse_id(raw: &[u8]) -> Result<&str, Error> {
    check_id(raw)?;
    core::str::from_utf8(raw).map_err(|_| invalid("webhook-id is not ascii"))
}

/// Checks a `webhook-id`: non-empty visible ASCII (0x21 to 0x7E) without `.`, at
/// most [`MAX_ID_LEN`] bytes.
///
/// Dots are refused because the signed content joins the parts with dots: an id
/// of `a.1700000000` would let one delivery's id and timestamp be re-split into
/// another's.
///
/// Verification needs only this check, not the id as a `str`: the UTF-8
/// conversion is left to whoever asks for the text, since it cannot fail once
/// the bytes are known to be ASCII.
pub(crate) fn check_id(raw: &[u8]) -> Result<(), Error> {
    if raw.is_empty() {
        return Err(invalid("webhook-id is empty"));
    }
    if raw.len() > MAX_ID_LEN {
        return Err(Error::with_reason(
            ErrorKind::InvalidHeader,
            Reason::TooLong {
                what: HEADER_ID,
                len: raw.len(),
                max: MAX_ID_LEN,
            },
        ));
    }
    // One pass for the common, valid case; the error path looks again to say
    // which rule failed.
    if !id_bytes_valid(raw) {
        if raw.contains(&b'.') {
            return Err(invalid("webhook-id contains a '.'"));
        }
        return Err(invalid(
            "webhook-id contains a byte that is not visible ascii (0x21 to 0x7e)",
        ));
    }
    Ok(())
}

/// Whether every byte of `raw` is visible ASCII (0x21 to 0x7E) other than `.`.
///
/// This runs on every delivery, so we test eight bytes per step as one `u64`
/// ("SWAR") instead of one byte at a time; the tail is padded with `a`, which
/// passes. For a word `x` whose bytes are all below 0x80 (the first test), adding
/// a constant to every byte cannot carry into the next byte, so bit 7 of each
/// byte of the sum answers a comparison for that byte:
///
/// - `x + 0x5f` has bit 7 set exactly when the byte is at least 0x21;
/// - `x + 0x01` has bit 7 set exactly when the byte is 0x7f;
/// - `(x ^ 0x2e) + 0x7f` has bit 7 set exactly when the byte is not `.`.
///
/// A byte of 0x80 or more fails the first test, and then the others do not
/// matter. `id_check_matches_a_byte_at_a_time_check` compares this with the
/// plain definition for every byte value in every position of a word.
fn id_bytes_valid(raw: &[u8]) -> bool {
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let lanes = |byte: u8| u64::from_ne_bytes([byte; 8]);
    let word_ok = |x: u64| {
        x & HIGH == 0
            && x.wrapping_add(lanes(0x5f)) & HIGH == HIGH
            && x.wrapping_add(lanes(0x01)) & HIGH == 0
            && (x ^ lanes(b'.')).wrapping_add(lanes(0x7f)) & HIGH == HIGH
    };

    let mut chunks = raw.chunks_exact(8);
    let mut ok = true;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        ok &= word_ok(u64::from_ne_bytes(word));
    }
    let tail = chunks.remainder();
    let mut word = [b'a'; 8];
    word[..tail.len()].copy_from_slice(tail);
    ok & word_ok(u64::from_ne_bytes(word))
}

/// Parses a `webhook-timestamp`: canonical unsigned decimal (`0` or `[1-9][0-9]*`)
/// no larger than `i64::MAX`.
///
/// We refuse every other spelling (signs, spaces, leading zeros, fractions,
/// exponents, hex) because the timestamp is signed as text: two spellings of one
/// number would be two different signed messages.
pub(crate) fn parse_timestamp(raw: &[u8]) -> Result<u64, Error> {
    let [first, ..] = raw else {
        return Err(invalid("webhook-timestamp is empty"));
    };
    // One pass both checks the digits and sums them. The sum wraps on inputs
    // longer than 19 digits, but those are refused below before it is used:
    // i64::MAX has 19 digits and any 19-digit number fits in a u64, so for
    // the rest the sum is exact and one comparison enforces the bound.
    let (value, digits) = raw.iter().fold((0u64, true), |(value, ok), &b| {
        let digit = b.wrapping_sub(b'0');
        let value = value.wrapping_mul(10).wrapping_add(u64::from(digit));
        (value, ok & (digit < 10))
    });
    if !digits {
        return Err(invalid(
            "webhook-timestamp is not an unsigned decimal integer",
        ));
    }
    if *first == b'0' && raw.len() > 1 {
        return Err(invalid("webhook-timestamp has a leading zero"));
    }
    if raw.len() > 19 || value > i64::MAX.unsigned_abs() {
        return Err(invalid("webhook-timestamp is larger than i64::MAX"));
    }
    Ok(value)
}

/// Checks that a sender's timestamp is one receivers accept (at most
/// `i64::MAX`) and writes it in canonical decimal into `buf`.
pub(crate) fn format_signed_timestamp(value: u64, buf: &mut [u8; 20]) -> Result<&str, Error> {
    if i64::try_from(value).is_err() {
        return Err(invalid("webhook-timestamp is larger than i64::MAX"));
    }
    Ok(format_timestamp(value, buf))
}

/// Writes `value` as decimal into `buf` and returns the digits; no allocation.
pub(crate) fn format_timestamp(value: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    let mut rest = value;
    loop {
        at -= 1;
        // `rest % 10` is below 10, so the cast cannot truncate.
        #[allow(clippy::cast_possible_truncation)]
        let digit = (rest % 10) as u8;
        buf[at] = b'0' + digit;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    core::str::from_utf8(&buf[at..]).unwrap_or("0")
}

/// One entry of `webhook-signature`, split at its first comma.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub(crate) version: &'a [u8],
    pub(crate) value: &'a [u8],
}

/// Checks the size caps over all `webhook-signature` lines; `lines` yields them
/// afresh on each call.
pub(crate) fn check_signature_lines<'a, I>(lines: impl Fn() -> I) -> Result<(), Error>
where
    I: Iterator<Item = &'a [u8]>,
{
    // One walk over the lines: summing lengths and counting pieces together
    // keeps this cheap next to hashing a small body.
    // Pieces are non-empty and separated by spaces, so a line of `n` bytes holds
    // at most `(n + 1) / 2` of them; `bound` sums that over the lines.
    let (len, bound) = lines().fold((0usize, 0usize), |(len, bound), line| {
        (
            len.saturating_add(line.len()),
            bound.saturating_add(line.len().div_ceil(2)),
        )
    });
    if len > MAX_SIGNATURE_HEADER_LEN {
        return Err(Error::with_reason(
            ErrorKind::InvalidHeader,
            Reason::TooLong {
                what: HEADER_SIGNATURE,
                len,
                max: MAX_SIGNATURE_HEADER_LEN,
            },
        ));
    }
    // When even the bound is within the cap we skip counting, which spares the
    // usual one-entry header a walk over its bytes.
    if bound <= MAX_SIGNATURE_ENTRIES {
        return Ok(());
    }
    let count = lines().flat_map(split_raw).count();
    if count > MAX_SIGNATURE_ENTRIES {
        return Err(invalid("webhook-signature has more than 32 entries"));
    }
    Ok(())
}

/// The non-empty, space-separated pieces of one header line.
///
/// We find the separators with `memchr`, which scans many bytes per step: the
/// usual header is one 47-byte entry, and a byte-at-a-time scan for its spaces
/// and comma was a visible share of verifying a small body.
fn split_raw(line: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = line;
    core::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let (piece, after) = match memchr::memchr(b' ', rest) {
                Some(at) => (&rest[..at], &rest[at + 1..]),
                None => (rest, &[][..]),
            };
            rest = after;
            if !piece.is_empty() {
                return Some(piece);
            }
        }
    })
}

/// The entries of all `webhook-signature` lines. Pieces without a comma are
/// skipped, as the spec says; they carry no version and so no usable signature.
pub(crate) fn entries<'a, I>(lines: I) -> impl Iterator<Item = Entry<'a>>
where
    I: Iterator<Item = &'a [u8]>,
{
    lines.flat_map(split_raw).filter_map(|piece| {
        let comma = memchr::memchr(b',', piece)?;
        Some(Entry {
            version: &piece[..comma],
            value: &piece[comma + 1..],
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::prelude::rust_2024::*;

    #[test]
    fn timestamp_accepts_only_canonical_decimal() {
        assert_eq!(parse_timestamp(b"0"), Ok(0));
        assert_eq!(parse_timestamp(b"1674087231"), Ok(1_674_087_231));
        assert_eq!(
            parse_timestamp(b"9223372036854775807"),
            Ok(9_223_372_036_854_775_807)
        );
        let bad: [&[u8]; 14] = [
            b"",
            b"+1674087231",
            b"-1",
            b" 1674087231",
            b"1674087231 ",
            b"01674087231",
            b"00",
            b"1674087231.0",
            b"1.674087231e9",
            b"0x63c8f4ff",
            b"9223372036854775808",
            b"18446744073709551616",
            b"99999999999999999999999999",
            "１２".as_bytes(),
        ];
        for raw in bad {
            let err = parse_timestamp(raw).expect_err(&format!("{raw:?}"));
            assert_eq!(err.kind(), ErrorKind::InvalidHeader);
        }
    }

    #[test]
    fn id_rejects_dots_controls_and_oversize() {
        assert_eq!(
            parse_id(b"msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"),
            Ok("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")
        );
        let long = [b'a'; MAX_ID_LEN + 1];
        let bad: [&[u8]; 7] = [
            b"", b"msg.1", b"msg 1", b"msg\t1", b"msg\x7f", b"\xffmsg", &long,
        ];
        for raw in bad {
            assert_eq!(
                parse_id(raw).map_err(|e| e.kind()),
                Err(ErrorKind::InvalidHeader)
            );
        }
        assert!(parse_id(&long[..MAX_ID_LEN]).is_ok());
    }

    #[test]
    fn id_check_matches_a_byte_at_a_time_check() {
        let plain = |raw: &[u8]| raw.iter().all(|b| b.is_ascii_graphic() && *b != b'.');
        // Every byte value at every position of a full word and of a tail, with
        // valid neighbours, so a carry or a lane mix-up in the word test shows.
        for len in [1, 7, 8, 9, 16, 30] {
            for at in 0..len {
                for byte in 0..=255u8 {
                    let mut raw = std::vec![b'm'; len];
                    raw[at] = byte;
                    assert_eq!(id_bytes_valid(&raw), plain(&raw), "{raw:?}");
                }
            }
        }
        // Neighbours that sit at the edges of the valid range.
        for edge in [0x20u8, 0x21, 0x2d, 0x2e, 0x2f, 0x7e, 0x7f, 0x80, 0xff] {
            let raw = [b'!', edge, b'~', b'!', edge, b'~', b'!', edge, b'~'];
            assert_eq!(id_bytes_valid(&raw), plain(&raw), "{raw:?}");
        }
    }

    #[test]
    fn entries_skip_empty_and_commaless_pieces_and_split_at_first_comma() {
        let lines = [&b"  v1,abc  junk v2,x,y "[..], &b"v1a,zz"[..]];
        let got: Vec<_> = entries(lines.into_iter()).collect();
        let want = [
            Entry {
                version: b"v1",
                value: b"abc",
            },
            Entry {
                version: b"v2",
                value: b"x,y",
            },
            Entry {
                version: b"v1a",
                value: b"zz",
            },
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn signature_caps_count_across_lines() {
        let line = [&b"v1,a "[..]; 17].concat();
        let two = [&line[..], &line[..]];
        assert!(check_signature_lines(|| two[..1].iter().copied()).is_ok());
        assert!(check_signature_lines(|| two.iter().copied()).is_err());

        let huge = [b'a'; MAX_SIGNATURE_HEADER_LEN + 1];
        let err = check_signature_lines(|| [&huge[..]].into_iter()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidHeader);
    }

    #[test]
    fn formats_timestamps_without_allocating() {
        let mut buf = [0u8; 20];
        assert_eq!(format_timestamp(0, &mut buf), "0");
        assert_eq!(format_timestamp(u64::MAX, &mut buf), "18446744073709551615");
        assert_eq!(format_timestamp(1_674_087_231, &mut buf), "1674087231");
    }

    #[test]
    fn entry_cap_counts_pieces_across_lines() {
        let kind =
            |lines: &[&[u8]]| check_signature_lines(|| lines.iter().copied()).map_err(|e| e.kind());
        let at_cap = vec![b"a".as_slice(); MAX_SIGNATURE_ENTRIES];
        let over_cap = vec![b"a".as_slice(); MAX_SIGNATURE_ENTRIES + 1];
        assert_eq!(kind(&at_cap), Ok(()));
        assert_eq!(kind(&over_cap), Err(ErrorKind::InvalidHeader));

        let line = |pieces: usize| vec!["a"; pieces].join(" ").into_bytes();
        assert_eq!(kind(&[&line(MAX_SIGNATURE_ENTRIES)]), Ok(()));
        assert_eq!(
            kind(&[&line(MAX_SIGNATURE_ENTRIES + 1)]),
            Err(ErrorKind::InvalidHeader)
        );
        // Runs of spaces make empty pieces, which do not count.
        let spaced = vec!["a"; MAX_SIGNATURE_ENTRIES].join("   ").into_bytes();
        assert_eq!(kind(&[&spaced]), Ok(()));
        assert_eq!(kind(&[&[b'a'; 200]]), Ok(()));
    }
}
