#!/usr/bin/env python3
"""Writes testdata/standardwebhooks_v1.json, the conformance vectors every face of
libwebhook (Rust core, C library, Python extension) is checked against.

    python3 testdata/gen_vectors.py           # regenerate the file
    python3 testdata/gen_vectors.py --check   # fail if the file is stale or wrong

Every expected signature here is computed with Python's own hmac and hashlib, never
with our Rust signer, so the vectors are an independent oracle. Besides the
expectation written next to each vector, a small model of the documented rules
(see crates/core/src/lib.rs) re-derives every outcome, and the run fails if the
two disagree. Standard library only, so any Python 3.11 can run it.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "standardwebhooks_v1.json"
REGENERATE = "run python3 testdata/gen_vectors.py"

# The documented limits of crates/core (lib.rs, headers.rs, secret.rs). We restate
# them rather than parse the Rust, so a change there has to be made here on purpose.
TOLERANCE = 300
I64_MAX = 2**63 - 1
MIN_KEY_LEN = 16
MAX_KEY_LEN = 256
MAX_SECRET_TEXT = len("whsec_") + -(-MAX_KEY_LEN // 3) * 4
MAX_ID_LEN = 256
MAX_SIGNATURE_HEADER_LEN = 4096
MAX_SIGNATURE_ENTRIES = 32

ERROR_KINDS = (
    "invalid_secret",
    "missing_header",
    "invalid_header",
    "timestamp_too_old",
    "timestamp_too_new",
    "no_supported_signature",
    "invalid_signature",
)

DESCRIPTION = (
    "Standard Webhooks v1 (HMAC-SHA256) verification vectors for libwebhook, written "
    "by testdata/gen_vectors.py. Expected signatures are HMAC-SHA256 computed with "
    "Python's hmac and hashlib over the exact bytes '{id}.{timestamp}.{body}', with "
    "the id and timestamp header strings used verbatim, then padded standard base64 "
    "after 'v1,'. Sources, by name prefix: 'reflib_' reproduces the known answer "
    "and cases of the Standard Webhooks reference libraries' tests; 'spec_' uses "
    "the example headers and payload of the Standard Webhooks specification "
    "(which publishes no secret, so its v1 value cannot be reproduced); every other "
    "prefix is libwebhook's own, built to pin one documented rule each. Our own "
    "keys are SHA-256 of a fixed label, so they look random but regenerate exactly. "
    "Timestamps that should fail only on grammar are still signed over their exact "
    "text and 'now' is set to their numeric value, so a lenient parser would accept "
    "them. Header values are strings because JSON cannot hold arbitrary bytes; "
    "non-UTF-8 header values are covered by the core's unit tests instead."
)

SCHEMA = {
    "name": "unique snake_case name; the prefix names the source (see description)",
    "comment": "what the vector checks, and why the expected outcome is right",
    "secrets": (
        "key ring in order, each string exactly as a user would pass it to "
        "Secret::from_base64 (may be invalid); an empty list is itself invalid"
    ),
    "id": "webhook-id header value used verbatim, or null when the header is absent",
    "timestamp": "webhook-timestamp header value used verbatim, or null when absent",
    "signature": "webhook-signature header value used verbatim, or null when absent",
    "body_base64": "the request body bytes, standard base64 with padding",
    "now": "the receiver's clock, integer seconds since the Unix epoch",
    "tolerance": "allowed |now - timestamp| in seconds (300 unless the vector says)",
    "expected": (
        "{valid: bool, error: null or an ErrorKind name, key_index: index into "
        "secrets of the key that matched, present only when valid}"
    ),
    "sign": (
        "optional, default false; when true, signing (id, timestamp, body) with "
        "every secret in order, entries joined by one space, must give exactly "
        "'signature'"
    ),
}


# --- building blocks ------------------------------------------------------------


def key(label: str, length: int = 32) -> bytes:
    """Deterministic key bytes: SHA-256 of a labelled counter, as long as needed."""
    out = b""
    counter = 0
    while len(out) < length:
        out += hashlib.sha256(f"libwebhook conformance {label} {counter}".encode()).digest()
        counter += 1
    return out[:length]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def whsec(raw: bytes) -> str:
    return "whsec_" + b64(raw)


def tag(raw_key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    """The base64 HMAC-SHA256 of the signed content, without the 'v1,' prefix."""
    content = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    return b64(hmac.new(raw_key, content, hashlib.sha256).digest())


def v1(raw_key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    return "v1," + tag(raw_key, msg_id, timestamp, body)


# The known answer published with the reference libraries' tests.
REF_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
REF_KEY = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
REF_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
REF_TS = "1614265330"
REF_BODY = b'{"test": 2432232314}'
REF_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

# The example headers and payload of the specification (spec/standard-webhooks.md).
SPEC_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
SPEC_TS = "1674087231"
SPEC_V1 = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="
SPEC_V1A = (
    "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg=="
)
SPEC_BODY_MINIFIED = (
    b'{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z",'
    b'"data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}'
)
SPEC_BODY_PRETTY = (
    b'{\n  "type": "contact.created",\n  "timestamp": "2022-11-03T20:26:10.344522Z",\n'
    b'  "data": {\n    "id": "1f81eb52-5198-4599-803e-771906343485"\n  }\n}'
)

# Our own keys and delivery.
KEY_A = key("key a")
KEY_B = key("key b")
KEY_C = key("key c")
KEY_25 = key("key 25 bytes", 25)  # 25 bytes: padded base64 ends in "=="
KEY_URL = key("key with + and /")
ID = "msg_2Lh9KRb0pzN4kzMiIoBmjG6OAaQ"
TS = "1700000000"
NOW = int(TS)
BODY = b'{"type":"invoice.paid","data":{"id":"inv_123","amount":4200}}'

# A decoy is a well-formed v1 entry that matches none of our keys.
DECOYS = [v1(key(f"decoy {i}"), ID, TS, BODY) for i in range(40)]


class Vectors:
    """Collects vectors in order and refuses duplicate or badly formed names."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(
        self,
        name: str,
        comment: str,
        *,
        secrets: list[str],
        id: str | None,
        timestamp: str | None,
        signature: str | None,
        body: bytes,
        now: int,
        tolerance: int = TOLERANCE,
        error: str | None = None,
        key_index: int | None = None,
        sign: bool = False,
    ) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name):
            raise SystemExit(f"gen_vectors: name {name!r} is not snake_case")
        if any(v["name"] == name for v in self.items):
            raise SystemExit(f"gen_vectors: name {name!r} is used twice")
        if (error is None) != (key_index is not None):
            raise SystemExit(f"gen_vectors: {name}: give key_index exactly when valid")
        if error is not None and error not in ERROR_KINDS:
            raise SystemExit(f"gen_vectors: {name}: unknown error kind {error!r}")
        expected: dict[str, Any] = {"valid": error is None, "error": error}
        if key_index is not None:
            expected["key_index"] = key_index
        vector: dict[str, Any] = {
            "name": name,
            "comment": comment,
            "secrets": secrets,
            "id": id,
            "timestamp": timestamp,
            "signature": signature,
            "body_base64": b64(body),
            "now": now,
            "tolerance": tolerance,
            "expected": expected,
        }
        if sign:
            vector["sign"] = True
        self.items.append(vector)

    def ours(self, name: str, comment: str, **fields: Any) -> None:
        """A vector over our default delivery (KEY_A, ID, TS, BODY, now = TS),
        correctly signed unless `fields` says otherwise."""
        base: dict[str, Any] = {
            "secrets": [whsec(KEY_A)],
            "id": ID,
            "timestamp": TS,
            "body": BODY,
            "now": NOW,
        }
        base.update(fields)
        if "signature" not in base:
            # Sign the exact header text; an absent header signs as our default.
            msg_id = ID if base["id"] is None else base["id"]
            timestamp = TS if base["timestamp"] is None else base["timestamp"]
            base["signature"] = v1(KEY_A, msg_id, timestamp, base["body"])
        if "error" not in base and "key_index" not in base:
            base["key_index"] = 0
        self.add(name, comment, **base)


# --- the vectors ----------------------------------------------------------------


def reflib(vs: Vectors) -> None:
    ref = {"secrets": [REF_SECRET], "id": REF_ID, "timestamp": REF_TS, "body": REF_BODY}
    now = int(REF_TS)
    vs.add(
        "reflib_known_answer",
        "the signature published in the reference libraries' sign test",
        signature=REF_SIGNATURE,
        now=now,
        key_index=0,
        sign=True,
        **ref,
    )
    vs.add(
        "reflib_known_answer_secret_without_prefix",
        "the reference tests accept the secret with and without whsec_",
        **{**ref, "secrets": [REF_SECRET.removeprefix("whsec_")]},
        signature=REF_SIGNATURE,
        now=now,
        key_index=0,
        sign=True,
    )
    vs.add(
        "reflib_last_character_changed",
        "the known answer with its last base64 digit changed from E to A",
        signature=REF_SIGNATURE[:-2] + "A=",
        now=now,
        error="invalid_signature",
        **ref,
    )
    vs.add(
        "reflib_multi_signature_one_valid",
        "a v1 decoy, a v2 entry, the right signature and another decoy: one match is enough",
        signature=" ".join([DECOYS[0], "v2," + DECOYS[0][3:], REF_SIGNATURE, DECOYS[1]]),
        now=now,
        key_index=0,
        **ref,
    )
    for header in ("id", "timestamp", "signature"):
        fields = {**ref, "signature": REF_SIGNATURE, header: None}
        vs.add(
            f"reflib_missing_{header}",
            f"webhook-{header} header absent",
            now=now,
            error="missing_header",
            **fields,
        )
    vs.add(
        "reflib_timestamp_not_a_number",
        "webhook-timestamp is a word",
        **{**ref, "timestamp": "hello"},
        signature=REF_SIGNATURE,
        now=now,
        error="invalid_header",
    )
    vs.add(
        "reflib_timestamp_tolerance_plus_one_old",
        "sent 301 s before now, one second past the 300 s tolerance",
        signature=REF_SIGNATURE,
        now=now + TOLERANCE + 1,
        error="timestamp_too_old",
        **ref,
    )
    vs.add(
        "reflib_timestamp_tolerance_plus_one_new",
        "sent 301 s after now, one second past the 300 s tolerance",
        signature=REF_SIGNATURE,
        now=now - TOLERANCE - 1,
        error="timestamp_too_new",
        **ref,
    )


def spec(vs: Vectors) -> None:
    ours_v1 = v1(KEY_A, SPEC_ID, SPEC_TS, SPEC_BODY_MINIFIED)
    spec_fields = {"secrets": [whsec(KEY_A)], "id": SPEC_ID, "timestamp": SPEC_TS}
    now = int(SPEC_TS)
    vs.add(
        "spec_example_headers_with_v1a",
        "the spec's example id, timestamp and minified payload signed with our key, "
        "followed by the spec's v1a entry verbatim, which must be ignored",
        signature=f"{ours_v1} {SPEC_V1A}",
        body=SPEC_BODY_MINIFIED,
        now=now,
        key_index=0,
        **spec_fields,
    )
    vs.add(
        "spec_example_signature_header_verbatim",
        "the spec's whole example signature header; the spec publishes no secret, so "
        "its v1 entry cannot match ours, and a v1a entry does not make it unsupported",
        signature=f"{SPEC_V1} {SPEC_V1A}",
        body=SPEC_BODY_MINIFIED,
        now=now,
        error="invalid_signature",
        **spec_fields,
    )
    vs.add(
        "spec_example_v1a_only",
        "only the spec's asymmetric v1a entry: no scheme we hold a key for",
        signature=SPEC_V1A,
        body=SPEC_BODY_MINIFIED,
        now=now,
        error="no_supported_signature",
        **spec_fields,
    )
    vs.add(
        "spec_example_pretty_payload",
        "the spec's pretty-printed payload, newlines and indentation signed as sent",
        signature=v1(KEY_A, SPEC_ID, SPEC_TS, SPEC_BODY_PRETTY),
        body=SPEC_BODY_PRETTY,
        now=now,
        key_index=0,
        sign=True,
        **spec_fields,
    )
    vs.add(
        "spec_example_reserialized_payload",
        "signed over the pretty payload but received minified: the re-serialization "
        "mistake the spec warns about",
        signature=v1(KEY_A, SPEC_ID, SPEC_TS, SPEC_BODY_PRETTY),
        body=SPEC_BODY_MINIFIED,
        now=now,
        error="invalid_signature",
        **spec_fields,
    )


def tolerance(vs: Vectors) -> None:
    for offset, error in ((300, None), (301, "timestamp_too_old")):
        vs.ours(
            f"tolerance_now_ts_plus_{offset}",
            f"now is {offset} s after the timestamp, default tolerance 300 s",
            now=NOW + offset,
            **({"error": error} if error else {}),
        )
    for offset, error in ((300, None), (301, "timestamp_too_new")):
        vs.ours(
            f"tolerance_now_ts_minus_{offset}",
            f"now is {offset} s before the timestamp, default tolerance 300 s",
            now=NOW - offset,
            **({"error": error} if error else {}),
        )
    custom = ((10, None), (11, "timestamp_too_old"), (-10, None), (-11, "timestamp_too_new"))
    for offset, error in custom:
        side = "plus" if offset > 0 else "minus"
        vs.ours(
            f"tolerance_10_now_ts_{side}_{abs(offset)}",
            f"custom tolerance of 10 s, now is timestamp {offset:+d} s",
            now=NOW + offset,
            tolerance=10,
            **({"error": error} if error else {}),
        )
    vs.ours("tolerance_0_exact", "zero tolerance accepts only now == timestamp", tolerance=0)
    vs.ours(
        "tolerance_0_one_second_old",
        "zero tolerance, one second late",
        tolerance=0,
        now=NOW + 1,
        error="timestamp_too_old",
    )
    vs.ours(
        "tolerance_0_one_second_new",
        "zero tolerance, one second early",
        tolerance=0,
        now=NOW - 1,
        error="timestamp_too_new",
    )
    vs.ours(
        "tolerance_timestamp_milliseconds",
        "a millisecond timestamp is well formed but lies far in the future",
        timestamp=str(NOW * 1000),
        error="timestamp_too_new",
    )
    max_ts = str(I64_MAX)
    vs.ours(
        "tolerance_timestamp_i64_max_now_small",
        "the largest timestamp against a 2023 clock: too new, with no overflow",
        timestamp=max_ts,
        error="timestamp_too_new",
    )
    vs.ours(
        "tolerance_timestamp_0_now_i64_max",
        "timestamp 0 against the largest clock: too old, with no overflow",
        timestamp="0",
        now=I64_MAX,
        error="timestamp_too_old",
    )
    vs.ours(
        "tolerance_i64_max_spans_everything",
        "a tolerance of i64::MAX accepts timestamp 0 at now = i64::MAX",
        timestamp="0",
        now=I64_MAX,
        tolerance=I64_MAX,
    )
    vs.ours(
        "ts_0_valid",
        "timestamp 0 is canonical and valid",
        timestamp="0",
        now=0,
        sign=True,
    )
    vs.ours(
        "ts_i64_max_valid",
        "the largest accepted timestamp",
        timestamp=max_ts,
        now=I64_MAX,
        sign=True,
    )


def bodies(vs: Vectors) -> None:
    samples = [
        ("empty", b"", "an empty body is signed as zero bytes after the second dot"),
        ("not_json", b"plain text, not JSON at all", "bodies are bytes; nothing parses JSON"),
        ("crlf", b'{"a":1,\r\n"b":2}\r\n', "CRLF line endings are signed as sent"),
        ("bom", b'\xef\xbb\xbf{"a":1}', "a UTF-8 byte-order mark is part of the body"),
        ("non_utf8", b"\xff\xfe\x00\x80binary\xc0\xaf", "non-UTF-8 bytes, a NUL included"),
        ("dots", b"a.b.1700000000.c", "dots in the body do not confuse the signed content"),
    ]
    for label, body, comment in samples:
        vs.ours(f"body_{label}", comment, body=body, sign=True)

    def wrong(label: str, sent: bytes, received: bytes, comment: str) -> None:
        vs.ours(
            f"body_{label}",
            comment,
            signature=v1(KEY_A, ID, TS, sent),
            body=received,
            error="invalid_signature",
        )

    wrong(
        "crlf_normalized_to_lf",
        b'{"a":1,\r\n"b":2}\r\n',
        b'{"a":1,\n"b":2}\n',
        "signed with CRLF, received with LF",
    )
    wrong("bom_stripped", b'\xef\xbb\xbf{"a":1}', b'{"a":1}', "signed with a BOM, received without")
    wrong("trailing_newline_added", BODY, BODY + b"\n", "one byte appended to the body")
    wrong(
        "non_utf8_replaced",
        b"\xff\xfe",
        "\ufffd\ufffd".encode(),
        "invalid bytes replaced by U+FFFD",
    )
    wrong("empty_vs_nonempty", b"", b" ", "signed empty, received one space")


def rotation(vs: Vectors) -> None:
    sig_a = v1(KEY_A, ID, TS, BODY)
    sig_b = v1(KEY_B, ID, TS, BODY)
    vs.ours(
        "rotation_match_by_second_key",
        "the ring holds the new key first and the old key second; the sender still "
        "signs with the old one",
        secrets=[whsec(KEY_B), whsec(KEY_A)],
        signature=sig_a,
        key_index=1,
    )
    vs.ours(
        "rotation_match_by_first_key",
        "same ring, the sender signs with the first key",
        secrets=[whsec(KEY_A), whsec(KEY_B)],
        signature=sig_a,
    )
    vs.ours(
        "rotation_sender_signs_with_both",
        "during a rotation the sender sends one entry per key",
        secrets=[whsec(KEY_A), whsec(KEY_B)],
        signature=f"{sig_a} {sig_b}",
        sign=True,
    )
    vs.ours(
        "rotation_receiver_has_only_new_key",
        "the receiver already dropped the old key; the second entry matches",
        secrets=[whsec(KEY_B)],
        signature=f"{sig_a} {sig_b}",
    )
    vs.ours(
        "rotation_both_match_ring_order_wins",
        "both keys match; key_index is the first key of the ring that matches, "
        "whatever the order of entries in the header",
        secrets=[whsec(KEY_B), whsec(KEY_A)],
        signature=f"{sig_a} {sig_b}",
    )
    vs.ours(
        "rotation_one_right_among_decoys",
        "several v1 entries, only the third is right",
        signature=" ".join([DECOYS[0], DECOYS[1], sig_a, DECOYS[2]]),
    )
    vs.ours(
        "rotation_no_key_matches",
        "two keys, neither signed the delivery",
        secrets=[whsec(KEY_B), whsec(KEY_C)],
        signature=sig_a,
        error="invalid_signature",
    )
    vs.ours(
        "rotation_only_decoys",
        "several well-formed v1 entries, none right",
        signature=" ".join(DECOYS[:5]),
        error="invalid_signature",
    )


def signature_header(vs: Vectors) -> None:
    good = v1(KEY_A, ID, TS, BODY)
    good_tag = good[3:]
    no_v1 = "no_supported_signature"
    bad = "invalid_signature"
    hex_tag = hmac.new(KEY_A, f"{ID}.{TS}.".encode() + BODY, hashlib.sha256).hexdigest()
    raw_tag = base64.b64decode(good_tag)
    url_safe_tag = good_tag.replace("+", "-").replace("/", "_")
    cases: list[tuple[str, str, str, str | None]] = [
        ("empty", "", "present but empty: no v1 entry at all", no_v1),
        ("only_spaces", "   ", "only empty pieces", no_v1),
        ("surrounding_spaces", f"  {good}  ", "leading and trailing spaces are empty pieces", None),
        ("double_spaces", f"{DECOYS[0]}  {good}", "two spaces between entries", None),
        (
            "entry_without_comma_skipped",
            f"garbage {good}",
            "a piece without a comma is skipped",
            None,
        ),
        (
            "entry_without_comma_only",
            "v1" + good_tag,
            "v1 glued to its value, no comma: skipped",
            no_v1,
        ),
        ("equals_instead_of_comma", "v1=" + good_tag, "'v1=' is not a version separator", no_v1),
        ("v2_only", "v2," + good_tag, "an unknown version, even with a right tag", no_v1),
        ("v1a_only", "v1a," + good_tag, "v1a is asymmetric; we hold no key for it", no_v1),
        ("uppercase_version", "V1," + good_tag, "versions are case-sensitive", no_v1),
        ("empty_version", "," + good, "a leading comma gives an empty version", no_v1),
        ("v1_empty_value", "v1,", "v1 with nothing after the comma", bad),
        ("v1_truncated", good[:-4], "v1 value cut short by four characters", bad),
        ("v1_unpadded", good.rstrip("="), "v1 value without its '=' padding", bad),
        ("v1_garbage", "v1,!!!!not*base64!!!!", "v1 value outside the base64 alphabet", bad),
        ("v1_url_safe", "v1," + url_safe_tag, "the right tag in the url-safe alphabet", bad),
        ("v1_hex", "v1," + hex_tag, "the right tag in hex", bad),
        ("v1_extra_comma_value", f"{good},x", "the value is everything after the first comma", bad),
        ("v1_double_comma", "v1,," + good_tag, "a second comma belongs to the value", bad),
        ("v1_33_bytes", "v1," + b64(raw_tag + b"\x00"), "the right tag plus one byte", bad),
        ("v1_31_bytes", "v1," + b64(raw_tag[:31]), "the right tag minus its last byte", bad),
        (
            "v1_noncanonical_padding_bits",
            "v1," + flip_pad_bits(good_tag),
            "the right tag with its unused low bits set: not canonical base64",
            bad,
        ),
        (
            "tab_separated",
            f"{DECOYS[0]}\t{good}",
            "only spaces separate entries; a tab joins two into one",
            bad,
        ),
        (
            "v1_right_tag_for_other_id",
            v1(KEY_A, "msg_other", TS, BODY),
            "signed for another id",
            bad,
        ),
        (
            "v1_right_tag_for_other_timestamp",
            v1(KEY_A, ID, str(NOW + 1), BODY),
            "signed for another timestamp",
            bad,
        ),
    ]
    for label, header, comment, error in cases:
        fields: dict[str, Any] = {"signature": header}
        if error:
            fields["error"] = error
        vs.ours(f"sig_{label}", comment, **fields)
    vs.ours(
        "sig_v1_decoys_and_v2",
        "v1 entries present, all wrong, beside an unknown version: invalid, not unsupported",
        signature=f"{DECOYS[0]} v2,abc",
        error=bad,
    )


def flip_pad_bits(tag_text: str) -> str:
    """Sets the two unused bits in the last digit of a 32-byte base64 tag. A lenient
    decoder reads the same bytes; the canonical encoding differs."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    assert tag_text.endswith("=") and not tag_text.endswith("==")
    last = alphabet.index(tag_text[-2])
    assert last & 0b11 == 0
    return tag_text[:-2] + alphabet[last | 0b11] + "="


def caps(vs: Vectors) -> None:
    good = v1(KEY_A, ID, TS, BODY)
    exact = good + " " * (MAX_SIGNATURE_HEADER_LEN - len(good))
    vs.ours(
        "cap_signature_header_4096_bytes",
        "exactly the byte cap, padded with spaces",
        signature=exact,
    )
    vs.ours(
        "cap_signature_header_4097_bytes",
        "one byte over the cap, though the right entry is present",
        signature=exact + " ",
        error="invalid_header",
    )
    vs.ours(
        "cap_32_entries",
        "exactly 32 entries, the right one last",
        signature=" ".join(DECOYS[:31] + [good]),
    )
    vs.ours(
        "cap_33_entries",
        "33 entries, one over the cap, though the right entry is first",
        signature=" ".join([good] + DECOYS[:32]),
        error="invalid_header",
    )
    vs.ours(
        "cap_33_pieces_one_without_comma",
        "the entry cap counts every non-empty piece, with or without a comma, so the "
        "work a header causes is bounded before anything is parsed",
        signature=" ".join([good] + DECOYS[:31] + ["nocomma"]),
        error="invalid_header",
    )


def timestamps(vs: Vectors) -> None:
    # Each is signed over its own text with now at its numeric value (when it has
    # one), so the grammar is the only reason to refuse it.
    cases = [
        ("leading_zero", "0" + TS, NOW),
        ("double_zero", "00", 0),
        ("plus_sign", "+" + TS, NOW),
        ("negative", "-1", 0),
        ("leading_space", " " + TS, NOW),
        ("trailing_space", TS + " ", NOW),
        ("trailing_newline", TS + "\n", NOW),
        ("decimal", TS + ".0", NOW),
        ("exponent", "1.7e9", NOW),
        ("hex", hex(NOW), NOW),
        ("underscore_separator", "1_700_000_000", NOW),
        ("fullwidth_digits", "".join(chr(0xFF10 + int(d)) for d in TS), NOW),
        ("i64_max_plus_1", str(I64_MAX + 1), I64_MAX),
        ("u64_max_plus_1", str(2**64), I64_MAX),
        ("empty", "", NOW),
    ]
    for label, text, now in cases:
        vs.ours(
            f"ts_{label}",
            f"webhook-timestamp {text!r} is not canonical unsigned decimal within i64",
            timestamp=text,
            now=now,
            error="invalid_header",
        )


def ids(vs: Vectors) -> None:
    invalid = [
        ("dot", "msg_1.1700000000", "a dot would let id and timestamp be re-split"),
        ("space", "msg 1", "space is not printable ascii in this grammar"),
        ("empty", "", "an empty id"),
        ("non_ascii", "msg_\u00e9t\u00e9", "UTF-8 beyond ascii"),
        ("control_char", "msg_\u0001", "a control character"),
        ("del", "msg_\u007f", "DEL is not printable"),
        ("257_bytes", "m" * (MAX_ID_LEN + 1), "one byte over the 256-byte cap"),
    ]
    for label, text, comment in invalid:
        vs.ours(f"id_{label}", comment, id=text, error="invalid_header")
    punct = "".join(c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum() and c != ".")
    vs.ours("id_256_bytes", "exactly the 256-byte cap", id="m" * MAX_ID_LEN, sign=True)
    vs.ours(
        "id_all_punctuation",
        "every printable ascii punctuation mark except '.'",
        id="msg" + punct,
        sign=True,
    )
    vs.ours("id_uuid", "a bare UUID", id="1f81eb52-5198-4599-803e-771906343485", sign=True)


def secrets(vs: Vectors) -> None:
    bare = b64(KEY_A)
    padded25 = b64(KEY_25)
    assert padded25.endswith("==")
    url = b64(KEY_URL)
    assert "+" in url or "/" in url, "pick another label for KEY_URL"

    def ok(label: str, secret: str, raw: bytes, comment: str, sign: bool = False) -> None:
        signature = v1(raw, ID, TS, BODY)
        vs.ours(f"secret_{label}", comment, secrets=[secret], signature=signature, sign=sign)

    ok("prefixed", whsec(KEY_A), KEY_A, "the usual whsec_ form", sign=True)
    ok("bare_base64", bare, KEY_A, "the whsec_ prefix is optional")
    ok("padded", "whsec_" + padded25, KEY_25, "a 25-byte key with its '==' padding")
    ok("unpadded", "whsec_" + padded25.rstrip("="), KEY_25, "the same key without padding")
    ok("bare_unpadded", padded25.rstrip("="), KEY_25, "no prefix and no padding")
    ok("standard_alphabet_plus_slash", whsec(KEY_URL), KEY_URL, "a key whose base64 uses + or /")
    shortest, longest = key("key 16", MIN_KEY_LEN), key("key 256", MAX_KEY_LEN)
    ok("16_bytes", whsec(shortest), shortest, "the shortest accepted key", sign=True)
    ok("256_bytes", whsec(longest), longest, "the longest accepted key", sign=True)
    ok("reference_24_bytes", REF_SECRET, REF_KEY, "the reference libraries' 24-byte secret")

    def refused(label: str, secret: str, comment: str) -> None:
        vs.ours(
            f"secret_{label}",
            comment,
            secrets=[secret],
            signature=v1(KEY_A, ID, TS, BODY),
            error="invalid_secret",
        )

    refused("empty", "", "an empty string")
    refused("prefix_only", "whsec_", "the prefix and nothing after it")
    refused("trailing_newline", whsec(KEY_A) + "\n", "a newline left over from reading a file")
    refused("trailing_crlf", whsec(KEY_A) + "\r\n", "a CRLF left over from reading a file")
    refused("leading_space", " " + whsec(KEY_A), "whitespace before the secret")
    refused("inner_space", "whsec_ " + bare, "whitespace after the prefix")
    url_safe = url.replace("+", "-").replace("/", "_")
    refused("url_safe_alphabet", "whsec_" + url_safe, "the url-safe alphabet")
    refused("partial_padding", "whsec_" + padded25[:-1], "one '=' of the two needed")
    refused("extra_padding", whsec(key("key 24", 24)) + "=", "padding on a key that needs none")
    refused("length_mod_4_is_1", "whsec_" + bare[:-3], "a base64 length no byte string has")
    noncanonical = flip_unused_bits(padded25)
    refused("noncanonical_trailing_bits", "whsec_" + noncanonical, "unused low bits set")
    refused("v1_prefix", "v1," + bare, "a signature version pasted in front")
    refused("whsec_v1_prefix", "whsec_v1," + bare, "the prefix, then a signature version")
    refused("double_prefix", "whsec_" + whsec(KEY_A), "the prefix twice")
    refused("uppercase_prefix", "WHSEC_" + bare, "the prefix is case-sensitive")
    refused("ed25519_secret_key", "whsk_" + bare, "an asymmetric secret key, not a v1 secret")
    refused("padding_in_the_middle", "whsec_" + bare[:8] + "=" + bare[8:], "'=' inside the text")
    refused("stray_character", whsec(KEY_A)[:-1] + "!", "a character outside base64")
    refused("15_bytes", whsec(key("key 15", 15)), "one byte under the 16-byte minimum")
    refused("257_bytes", whsec(key("key 257", 257)), "one byte over the 256-byte maximum")
    vs.ours(
        "secret_ring_empty",
        "a verifier with no secret could never accept anything",
        secrets=[],
        error="invalid_secret",
    )
    vs.ours(
        "secret_ring_one_invalid",
        "one bad secret refuses the whole ring, even though the other one matches",
        secrets=[whsec(KEY_A), whsec(KEY_B) + "\n"],
        error="invalid_secret",
    )


def flip_unused_bits(padded: str) -> str:
    """Sets the four unused bits of the last digit of base64 ending in '=='."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = alphabet.index(padded[-3])
    assert last & 0b1111 == 0
    return padded[:-3] + alphabet[last | 0b1111] + "=="


def order(vs: Vectors) -> None:
    good = v1(KEY_A, ID, TS, BODY)
    vs.ours(
        "order_secret_before_headers",
        "secrets are checked when the verifier is built, before any header",
        secrets=[whsec(KEY_A) + "\n"],
        id=None,
        error="invalid_secret",
    )
    vs.ours(
        "order_missing_before_malformed",
        "a malformed id does not hide an absent signature header",
        id="msg.1",
        signature=None,
        error="missing_header",
    )
    vs.ours(
        "order_all_missing",
        "no headers at all",
        id=None,
        timestamp=None,
        signature=None,
        error="missing_header",
    )
    vs.ours(
        "order_malformed_id_before_window",
        "a malformed id is reported before a stale timestamp",
        id="msg 1",
        now=NOW + 3600,
        error="invalid_header",
    )
    vs.ours(
        "order_cap_before_window",
        "an oversized signature header is reported before a stale timestamp",
        signature=" ".join([good] + DECOYS[:32]),
        now=NOW + 3600,
        error="invalid_header",
    )
    vs.ours(
        "order_window_before_no_supported",
        "a stale timestamp is reported before the lack of a v1 entry",
        signature="v2,abc",
        now=NOW + 3600,
        error="timestamp_too_old",
    )
    vs.ours(
        "order_window_before_signature",
        "a future timestamp is reported before a wrong signature",
        signature=DECOYS[0],
        now=NOW - 3600,
        error="timestamp_too_new",
    )


def build() -> dict[str, Any]:
    got = v1(REF_KEY, REF_ID, REF_TS, REF_BODY)
    if got != REF_SIGNATURE:
        raise SystemExit(f"gen_vectors: python computes {got} for the reference known answer")
    vs = Vectors()
    groups = (reflib, spec, tolerance, bodies, rotation, signature_header, caps)
    for group in groups + (timestamps, ids, secrets, order):
        group(vs)
    return {"description": DESCRIPTION, "schema": SCHEMA, "vectors": vs.items}


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"


# --- an independent model of the documented rules --------------------------------


class Refused(Exception):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def parse_secret(text: str) -> bytes:
    body = text.removeprefix("whsec_")
    data = body.rstrip("=")
    padding = len(body) - len(data)
    if len(text) > MAX_SECRET_TEXT or not body:
        raise Refused("invalid_secret")
    if not re.fullmatch(r"[A-Za-z0-9+/]*", data):
        raise Refused("invalid_secret")
    if padding and (len(body) % 4 or padding > 2):
        raise Refused("invalid_secret")
    if len(data) % 4 == 1:
        raise Refused("invalid_secret")
    raw = base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
    # The one canonical spelling of those bytes, so unused bits must be zero.
    if b64(raw).rstrip("=") != data:
        raise Refused("invalid_secret")
    if not MIN_KEY_LEN <= len(raw) <= MAX_KEY_LEN:
        raise Refused("invalid_secret")
    return raw


def check_id(text: str) -> None:
    raw = text.encode()
    if not raw or len(raw) > MAX_ID_LEN or b"." in raw or any(not 0x21 <= b <= 0x7E for b in raw):
        raise Refused("invalid_header")


def parse_timestamp(text: str) -> int:
    if not re.fullmatch(r"0|[1-9][0-9]*", text, flags=re.ASCII) or int(text) > I64_MAX:
        raise Refused("invalid_header")
    return int(text)


def model(v: dict[str, Any]) -> tuple[str | None, int | None]:
    """The outcome the documented rules give: (error kind or None, key index)."""
    try:
        keys = [parse_secret(s) for s in v["secrets"]]
        if not keys:
            raise Refused("invalid_secret")
        msg_id, timestamp, signature = v["id"], v["timestamp"], v["signature"]
        if msg_id is None or timestamp is None or signature is None:
            raise Refused("missing_header")
        check_id(msg_id)
        ts = parse_timestamp(timestamp)
        pieces = [p for p in signature.split(" ") if p]
        too_long = len(signature.encode()) > MAX_SIGNATURE_HEADER_LEN
        if too_long or len(pieces) > MAX_SIGNATURE_ENTRIES:
            raise Refused("invalid_header")
        if abs(v["now"] - ts) > v["tolerance"]:
            raise Refused("timestamp_too_old" if ts < v["now"] else "timestamp_too_new")
        values = [value.encode() for value in v1_values(signature)]
        if not values:
            raise Refused("no_supported_signature")
        body = base64.b64decode(v["body_base64"], validate=True)
        for index, raw in enumerate(keys):
            expected = tag(raw, msg_id, timestamp, body).encode()
            if any(hmac.compare_digest(value, expected) for value in values):
                return None, index
        raise Refused("invalid_signature")
    except Refused as refused:
        return refused.kind, None


def v1_values(signature: str) -> list[str]:
    pieces = (p.split(",", 1) for p in signature.split(" ") if "," in p)
    return [value for version, value in pieces if version == "v1"]


def check(doc: dict[str, Any]) -> list[str]:
    """Everything wrong with a vector file, as lowercase messages."""
    problems: list[str] = []
    vectors = doc.get("vectors", [])
    if len(vectors) < 60:
        problems.append(f"only {len(vectors)} vectors, at least 60 are required")
    seen = {v["expected"]["error"] for v in vectors}
    for kind in ERROR_KINDS:
        if kind not in seen:
            problems.append(f"no vector expects {kind}")
    for v in vectors:
        name = v["name"]
        expected = v["expected"]
        error, key_index = model(v)
        if (error, key_index) != (expected["error"], expected.get("key_index")):
            problems.append(
                f"{name}: the rules give {error or 'valid'} (key {key_index}), "
                f"the vector expects {expected['error'] or 'valid'} "
                f"(key {expected.get('key_index')})"
            )
        if expected["valid"] != (expected["error"] is None):
            problems.append(f"{name}: 'valid' disagrees with 'error'")

        # The hmac facts stated directly, apart from the model above.
        body = base64.b64decode(v["body_base64"])
        if expected["valid"]:
            raw = parse_secret(v["secrets"][expected["key_index"]])
            want = tag(raw, v["id"], v["timestamp"], body)
            if want not in v1_values(v["signature"]):
                problems.append(
                    f"{name}: valid, but no v1 entry is the hmac of key {expected['key_index']}"
                )
        if expected["error"] == "invalid_signature":
            for secret in v["secrets"]:
                want = tag(parse_secret(secret), v["id"], v["timestamp"], body)
                if want in v1_values(v["signature"]):
                    problems.append(f"{name}: invalid_signature, but a v1 entry matches a key")
        if v.get("sign"):
            signed = " ".join(
                v1(parse_secret(s), v["id"], v["timestamp"], body) for s in v["secrets"]
            )
            if signed != v["signature"]:
                problems.append(f"{name}: sign is set, but signing gives {signed!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="regenerate in memory and fail if the committed file differs or is wrong",
    )
    args = parser.parse_args()

    fresh = render(build())
    problems = check(json.loads(fresh))
    if problems:
        print("gen_vectors: the generated vectors are inconsistent:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1

    if not args.check:
        OUT.write_text(fresh, encoding="utf-8", newline="\n")
        print(f"gen_vectors: wrote {len(json.loads(fresh)['vectors'])} vectors to {OUT.name}")
        return 0

    try:
        committed = OUT.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"gen_vectors: {OUT.name} is missing; {REGENERATE}", file=sys.stderr)
        return 1
    # Check the committed file on its own too, so a hand edit is caught for what it
    # breaks and not only because it differs.
    problems = check(json.loads(committed))
    if committed != fresh:
        problems.append(f"{OUT.name} differs from the generator's output; {REGENERATE}")
    if problems:
        print("gen_vectors: check failed:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    count = len(json.loads(committed)["vectors"])
    print(f"gen_vectors: {OUT.name} is up to date; {count} vectors re-verified with hmac")
    return 0


if __name__ == "__main__":
    sys.exit(main())
