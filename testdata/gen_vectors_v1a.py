#!/usr/bin/env python3
"""Writes testdata/standardwebhooks_v1a.json, the conformance vectors for the
Standard Webhooks `v1a` (ed25519) scheme, for key rings that mix it with `v1`,
and for parsing ed25519 keys from text and from JWK documents.

    python testdata/gen_vectors_v1a.py           # regenerate the file
    python testdata/gen_vectors_v1a.py --check   # fail if the file is stale or wrong

Every expected signature is made by the `cryptography` package (OpenSSL's
Ed25519) and every HMAC by Python's hmac, never by our Rust code, so the file is
an oracle that shares no code with what it tests. `cryptography` is the only
package beyond the standard library; testdata/requirements.txt pins it and
`cargo xtask conformance` installs it into a virtualenv of its own.

The v1 rules are not restated: secret text, id and timestamp grammar, and the
signature header caps come from gen_vectors.py, imported, so the two files
cannot drift apart. What is new here is written out in the model at the bottom,
which re-derives every outcome; the run fails if it disagrees with the
expectation written next to a vector.
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

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed448 import Ed448PrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

# The v1 generator sits beside this file, and Python puts a script's own folder
# first on sys.path, so this imports testdata/gen_vectors.py.
import gen_vectors as v1gen
from gen_vectors import (
    BODY,
    ID,
    MAX_SIGNATURE_ENTRIES,
    MAX_SIGNATURE_HEADER_LEN,
    NOW,
    SPEC_BODY_MINIFIED,
    SPEC_ID,
    SPEC_TS,
    SPEC_V1,
    SPEC_V1A,
    TOLERANCE,
    TS,
    Refused,
    b64,
    key,
    whsec,
)

OUT = Path(__file__).resolve().parent / "standardwebhooks_v1a.json"
REGENERATE = "run testdata/gen_vectors_v1a.py (or cargo xtask gen-vectors)"

# The documented limits of the ed25519 support in crates/core, restated on purpose
# like the v1 ones.
MAX_V1A_ENTRIES = 8
V1A_VALUE_LEN = 88  # padded base64 of a 64-byte signature
SIGNING_PREFIX = "whsk_"
PUBLIC_PREFIX = "whpk_"
PREFIXES = ("whsec_", SIGNING_PREFIX, PUBLIC_PREFIX)

# Every Ed25519 SubjectPublicKeyInfo is these 12 DER bytes and then the 32-byte
# key: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (no unused bits) }.
# RFC 8410 forbids parameters, so there is exactly one 44-byte encoding.
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")

MIN_VERIFY_VECTORS = 40
MIN_KEY_VECTORS = 15
MIN_JWK_VECTORS = 12

ERROR_KINDS = v1gen.ERROR_KINDS

DESCRIPTION = (
    "Standard Webhooks v1a (ed25519) vectors for libwebhook, written by "
    "testdata/gen_vectors_v1a.py. A v1a signature is pure Ed25519 (RFC 8032) over "
    "the same bytes as v1, '{id}.{timestamp}.{body}' with the header strings used "
    "verbatim, sent as 'v1a,' and padded standard base64 of the 64 signature "
    "bytes. Expected signatures come from the Python 'cryptography' package "
    "(Ed25519PrivateKey.sign, checked with Ed25519PublicKey.verify), and v1 "
    "HMACs from Python's hmac; none from libwebhook. Three lists: 'vectors' "
    "verifies deliveries against key rings that may mix whsec_ HMAC secrets, "
    "whpk_ public keys and whsk_ signing keys, each with an optional expiry; "
    "'keys' parses whsk_/whpk_ key text; 'jwks' imports public keys from RFC 8037 "
    "JWK and JWKS documents. Name prefixes: 'rfc8032_' uses RFC 8032's test 1 key "
    "(section 7.1), 'rfc8037_' the public key of RFC 8037 appendix A.2 (the same "
    "key), 'spec_' the example headers of the Standard Webhooks "
    "specification (whose v1a public key is not published), and every other "
    "prefix is libwebhook's own, pinning one documented rule each. Public keys "
    "of small order or off the curve are refused when parsed, although "
    "cryptography loads them; the curve arithmetic that finds them is in the "
    "generator. Our own seeds "
    "are SHA-256 of a fixed label; Ed25519 signing is deterministic, so the file "
    "regenerates byte for byte."
)

SCHEMA = {
    "vectors": {
        "name": "unique snake_case name; the prefix is the group",
        "comment": "what the vector checks, and why the expected outcome is right",
        "keys": (
            "the receiver's key ring in order, each {key, not_after}: key is whsec_ "
            "or bare base64 (an HMAC secret, v1 grammar), whpk_ (an ed25519 public "
            "key, raw or SubjectPublicKeyInfo) or whsk_ (an ed25519 signing key, of "
            "which only the public half is used); not_after is null or the last "
            "second (Unix time) at which the key may still match"
        ),
        "id": "webhook-id header value used verbatim, or null when the header is absent",
        "timestamp": "webhook-timestamp header value used verbatim, or null when absent",
        "signature": "webhook-signature header value used verbatim, or null when absent",
        "body_base64": "the request body bytes, standard base64 with padding",
        "now": "the receiver's clock, integer seconds since the Unix epoch",
        "tolerance": "allowed |now - timestamp| in seconds (300 unless the vector says)",
        "expected": (
            "{valid: bool, error: null or an ErrorKind name, key_index: index into "
            "keys of the key that matched, scheme: 'v1' or 'v1a', the last two "
            "present only when valid}"
        ),
        "sign": (
            "optional, default false; when true, signing (id, timestamp as an "
            "integer, body) with every key in order (whsec_ gives a v1 entry, whsk_ "
            "a v1a entry), entries joined by one space, gives exactly 'signature'"
        ),
    },
    "keys": {
        "name": "unique snake_case name; the prefix is the group",
        "comment": "what the case checks, and why the expected outcome is right",
        "text": "the key text exactly as a user would pass it",
        "as": "'signing' (parse as an ed25519 signing key) or 'public' (a public key)",
        "expected": (
            "{valid: bool, error: null or 'invalid_secret'; when valid also "
            "public_key_base64: padded standard base64 of the raw 32-byte public "
            "key, whpk: its canonical text 'whpk_' + that base64, and, for "
            "as = 'signing', whsk: the canonical signing key text, 'whsk_' + base64 "
            "of the 64-byte seed followed by the public key}"
        ),
    },
    "jwks": {
        "name": "unique snake_case name; the prefix is the group",
        "comment": "what the case checks, and why the expected outcome is right",
        "document": "a JWK, or a JWKS {keys: [...]}, as parsed JSON",
        "expected": (
            "{valid: bool, error: null or 'invalid_secret', keys: when valid, the "
            "imported keys in document order, each {kid: string or null, whpk: "
            "'whpk_' + padded standard base64 of the raw public key}}"
        ),
    },
}


# --- ed25519 with cryptography --------------------------------------------------


def public_of(seed: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


def ed_sign(seed: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(seed).sign(message)


def ed_verifies(public: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def spki_of(public: bytes) -> bytes:
    """The SubjectPublicKeyInfo DER of a public key, as cryptography writes it."""
    loaded = Ed25519PublicKey.from_public_bytes(public)
    return loaded.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def signed_content(msg_id: str, timestamp: str, body: bytes) -> bytes:
    return msg_id.encode() + b"." + timestamp.encode() + b"." + body


def v1a(seed: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    return "v1a," + b64(ed_sign(seed, signed_content(msg_id, timestamp, body)))


def v1(raw_key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    return v1gen.v1(raw_key, msg_id, timestamp, body)


def whsk(seed: bytes) -> str:
    """The 32-byte seed form of a signing key."""
    return SIGNING_PREFIX + b64(seed)


def whsk64(seed: bytes) -> str:
    """The 64-byte form, seed then public key, as libsodium and Go lay it out."""
    return SIGNING_PREFIX + b64(seed + public_of(seed))


def whpk(public: bytes) -> str:
    return PUBLIC_PREFIX + b64(public)


def whpk_spki(public: bytes) -> str:
    return PUBLIC_PREFIX + b64(spki_of(public))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def seed_with_slash_or_plus(label: str) -> bytes:
    """The first seed from `label` whose seed and public key both have '+' or '/'
    in their base64, so that their url-safe spellings differ from the standard."""
    for n in range(100):
        seed = key(f"{label} {n}")
        texts = (b64(seed), b64(public_of(seed)))
        if all("+" in t or "/" in t for t in texts):
            return seed
    raise SystemExit("gen_vectors_v1a: no seed with '+' or '/' in 100 tries")


# RFC 8032, section 7.1, TEST 1: the secret key (our seed), its public key, and
# the signature of the empty message.
RFC_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC_EMPTY_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
    "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)

# Our own keys. The delivery (ID, TS, NOW, BODY) is the v1 vectors'.
SEED_A = key("v1a seed a")
SEED_B = key("v1a seed b")
SEED_C = key("v1a seed c")
PUB_A = public_of(SEED_A)
PUB_B = public_of(SEED_B)
HMAC_A = key("v1a hmac a")
SEED_URL = seed_with_slash_or_plus("v1a seed with + or /")

# Decoys are well-formed entries that match none of our keys.
V1A_DECOYS = [v1a(key(f"v1a decoy {i}"), ID, TS, BODY) for i in range(12)]
V1_DECOYS = [v1(key(f"v1a hmac decoy {i}"), ID, TS, BODY) for i in range(32)]


# --- curve arithmetic, for the points ed25519 keys must not be ------------------
#
# `cryptography` loads any 32 bytes as a public key (see cryptography_facts), so
# it cannot tell us which values are off the curve or of small order. We work it
# out here from RFC 8032's definitions: affine coordinates on the twisted Edwards
# curve -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19). Slow, and only ever run
# on a handful of points.

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493  # the prime subgroup's order
D = -121665 * pow(121666, -1, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1)
Point = tuple[int, int]


def point_add(a: Point, b: Point) -> Point:
    (x1, y1), (x2, y2) = a, b
    t = D * x1 * x2 * y1 * y2 % P
    x3 = (x1 * y2 + x2 * y1) * pow(1 + t, -1, P) % P
    y3 = (y1 * y2 + x1 * x2) * pow(1 - t, -1, P) % P
    return x3, y3


def point_mul(n: int, point: Point) -> Point:
    result = IDENTITY
    while n:
        if n & 1:
            result = point_add(result, point)
        point = point_add(point, point)
        n >>= 1
    return result


def decode_point(raw: bytes) -> Point | None:
    """RFC 8032 section 5.1.3: None for a y that is not reduced (y >= p), for a y
    with no x on the curve, and for x = 0 with the sign bit set."""
    if len(raw) != 32:
        return None
    n = int.from_bytes(raw, "little")
    y, sign = n & (2**255 - 1), n >> 255
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, -1, P) % P
    x = pow(x2, (P + 3) // 8, P)
    if x * x % P != x2:
        x = x * SQRT_M1 % P
    if x * x % P != x2:
        return None
    if x == 0 and sign:
        return None
    if x & 1 != sign:
        x = P - x
    return x, y


def encode_point(point: Point) -> bytes:
    x, y = point
    return (y | (x & 1) << 255).to_bytes(32, "little")


def small_order(point: Point) -> bool:
    """True for the eight points whose order divides the cofactor 8. A signature
    check against one of them says little about the message (see
    cryptography_facts), so we refuse them as keys."""
    return point_mul(8, point) == IDENTITY


def off_curve_key() -> bytes:
    """The smallest y >= 2 for which no x is on the curve, as a key."""
    for y in range(2, 1000):
        if decode_point(y.to_bytes(32, "little")) is None:
            return y.to_bytes(32, "little")
    raise SystemExit("gen_vectors_v1a: every y below 1000 is on the curve")


def order_8_key() -> bytes:
    """A point of order 8. Multiplying by L removes a point's prime-order part and
    leaves its torsion part; we take the first point (by y) whose torsion part
    has order 8."""
    for y in range(2, 1000):
        point = decode_point(y.to_bytes(32, "little"))
        if point is not None:
            torsion = point_mul(L, point)
            if point_mul(4, torsion) != IDENTITY:
                return encode_point(torsion)
    raise SystemExit("gen_vectors_v1a: no point below y = 1000 has an order-8 part")


# The weak and invalid public keys the vectors use, each named by what it is.
IDENTITY_KEY = encode_point(IDENTITY)  # 0x01 and 31 zero bytes, order 1
ZERO_KEY = bytes(32)  # y = 0: a point of order 4
ORDER_2_KEY = encode_point((0, P - 1))  # y = -1
ORDER_8_KEY = order_8_key()
OFF_CURVE_KEY = off_curve_key()
IDENTITY_SIGN_BIT_KEY = IDENTITY_KEY[:31] + b"\x80"  # x = 0 with the sign bit set
UNREDUCED_Y_KEY = P.to_bytes(32, "little")  # y = p, which reduces to the order-4 y = 0
# With the identity as public key, R = identity and S = 0 satisfies the
# verification equation for every message (see cryptography_facts).
IDENTITY_FORGERY = IDENTITY_KEY + bytes(32)


# --- the verification vectors ---------------------------------------------------


KeySpec = str | tuple[str, int | None]


class Vectors:
    """Collects the three lists in order and refuses duplicate or badly formed
    names (unique across all three lists)."""

    def __init__(self) -> None:
        self.vectors: list[dict[str, Any]] = []
        self.keys: list[dict[str, Any]] = []
        self.jwks: list[dict[str, Any]] = []
        self.names: set[str] = set()

    def name(self, name: str) -> str:
        if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name):
            raise SystemExit(f"gen_vectors_v1a: name {name!r} is not snake_case")
        if name in self.names:
            raise SystemExit(f"gen_vectors_v1a: name {name!r} is used twice")
        self.names.add(name)
        return name

    def add(
        self,
        name: str,
        comment: str,
        *,
        keys: list[KeySpec],
        id: str | None,
        timestamp: str | None,
        signature: str | None,
        body: bytes,
        now: int,
        tolerance: int = TOLERANCE,
        error: str | None = None,
        key_index: int | None = None,
        scheme: str | None = None,
        sign: bool = False,
    ) -> None:
        name = self.name(name)
        if (error is None) != (key_index is not None) or (error is None) != (scheme is not None):
            raise SystemExit(
                f"gen_vectors_v1a: {name}: give key_index and scheme exactly when valid"
            )
        if error is not None and error not in ERROR_KINDS:
            raise SystemExit(f"gen_vectors_v1a: {name}: unknown error kind {error!r}")
        if scheme not in (None, "v1", "v1a"):
            raise SystemExit(f"gen_vectors_v1a: {name}: unknown scheme {scheme!r}")
        ring = [
            {"key": spec, "not_after": None}
            if isinstance(spec, str)
            else {"key": spec[0], "not_after": spec[1]}
            for spec in keys
        ]
        expected: dict[str, Any] = {"valid": error is None, "error": error}
        if error is None:
            expected["key_index"] = key_index
            expected["scheme"] = scheme
        vector: dict[str, Any] = {
            "name": name,
            "comment": comment,
            "keys": ring,
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
        self.vectors.append(vector)

    def ours(self, name: str, comment: str, **fields: Any) -> None:
        """A vector over the v1 vectors' delivery, ring [whpk_ of key A] and
        now = TS, signed with key A over the exact header text unless `fields`
        says otherwise; valid by key 0 with v1a unless it names an error."""
        base: dict[str, Any] = {
            "keys": [whpk(PUB_A)],
            "id": ID,
            "timestamp": TS,
            "body": BODY,
            "now": NOW,
        }
        base.update(fields)
        if "signature" not in base:
            msg_id = ID if base["id"] is None else base["id"]
            timestamp = TS if base["timestamp"] is None else base["timestamp"]
            base["signature"] = v1a(SEED_A, msg_id, timestamp, base["body"])
        if "error" not in base:
            base.setdefault("key_index", 0)
            base.setdefault("scheme", "v1a")
        self.add(name, comment, **base)

    def key_case(
        self,
        name: str,
        comment: str,
        text: str,
        as_: str,
        *,
        seed: bytes | None = None,
        public: bytes | None = None,
    ) -> None:
        """A key parsing case: valid when `public` (and, as signing, `seed`) is
        given, computed by the caller with cryptography, not by the model."""
        name = self.name(name)
        if as_ not in ("signing", "public"):
            raise SystemExit(f"gen_vectors_v1a: {name}: 'as' must be signing or public")
        if (as_ == "signing" and public is not None) != (seed is not None):
            raise SystemExit(f"gen_vectors_v1a: {name}: a valid signing key needs its seed")
        expected: dict[str, Any] = {
            "valid": public is not None,
            "error": None if public is not None else "invalid_secret",
        }
        if public is not None:
            expected["public_key_base64"] = b64(public)
            if seed is not None:
                expected["whsk"] = SIGNING_PREFIX + b64(seed + public)
            expected["whpk"] = whpk(public)
        self.keys.append(
            {"name": name, "comment": comment, "text": text, "as": as_, "expected": expected}
        )

    def jwk_case(
        self,
        name: str,
        comment: str,
        document: Any,
        imported: list[tuple[str | None, bytes]] | None = None,
    ) -> None:
        """A JWK import case: valid when `imported` lists (kid, raw key) pairs."""
        expected: dict[str, Any] = {
            "valid": imported is not None,
            "error": None if imported is not None else "invalid_secret",
        }
        if imported is not None:
            expected["keys"] = [{"kid": kid, "whpk": whpk(raw)} for kid, raw in imported]
        self.jwks.append(
            {
                "name": self.name(name),
                "comment": comment,
                "document": document,
                "expected": expected,
            }
        )


def basics(vs: Vectors) -> None:
    vs.ours(
        "v1a_signing_key_seed_form",
        "a whsk_ key in its 32-byte seed form verifies with its public half",
        keys=[whsk(SEED_A)],
        sign=True,
    )
    vs.ours(
        "v1a_signing_key_64_byte_form",
        "a whsk_ key in its 64-byte seed-then-public form",
        keys=[whsk64(SEED_A)],
        sign=True,
    )
    vs.ours("v1a_public_key_raw", "a whpk_ key holding the raw 32 bytes")
    vs.ours(
        "v1a_public_key_spki",
        "a whpk_ key holding the 44-byte SubjectPublicKeyInfo DER",
        keys=[whpk_spki(PUB_A)],
    )
    vs.ours(
        "v1a_tampered_body",
        "one digit of the body changed after signing",
        signature=v1a(SEED_A, ID, TS, BODY),
        body=BODY.replace(b"4200", b"4201"),
        error="invalid_signature",
    )
    vs.ours(
        "v1a_wrong_key",
        "the ring holds key B; the sender signed with key A",
        keys=[whpk(PUB_B)],
        error="invalid_signature",
    )
    vs.ours(
        "v1a_signed_by_another_key",
        "a well-formed v1a entry made by a key the ring does not hold",
        signature=v1a(SEED_C, ID, TS, BODY),
        error="invalid_signature",
    )
    vs.ours(
        "v1a_signed_for_other_id",
        "signed for another webhook-id",
        signature=v1a(SEED_A, "msg_other", TS, BODY),
        error="invalid_signature",
    )
    vs.ours(
        "v1a_signed_for_other_timestamp",
        "signed for a timestamp one second later than the header's",
        signature=v1a(SEED_A, ID, str(NOW + 1), BODY),
        error="invalid_signature",
    )
    vs.ours(
        "v1a_signed_body_alone",
        "the body signed without the id and timestamp in front of it",
        signature="v1a," + b64(ed_sign(SEED_A, BODY)),
        error="invalid_signature",
    )
    vs.ours(
        "v1a_same_key_as_signing_and_public",
        "the same key twice, as whsk_ and as whpk_: the first in ring order matches",
        keys=[whsk(SEED_A), whpk(PUB_A)],
    )
    vs.add(
        "rfc8032_test_1_key",
        "RFC 8032's test 1 secret key signs our delivery; its public key is the RFC's d75a9801...",
        keys=[whsk(RFC_SEED)],
        id=ID,
        timestamp=TS,
        signature=v1a(RFC_SEED, ID, TS, BODY),
        body=BODY,
        now=NOW,
        key_index=0,
        scheme="v1a",
        sign=True,
    )
    vs.ours(
        "body_empty",
        "an empty body is signed as zero bytes after the second dot",
        keys=[whsk(SEED_A)],
        body=b"",
        sign=True,
    )
    vs.ours(
        "body_non_utf8",
        "non-UTF-8 bytes, a NUL included, are signed as sent",
        keys=[whsk(SEED_A)],
        body=b"\xff\xfe\x00\x80binary\xc0\xaf",
        sign=True,
    )
    vs.ours(
        "body_crlf_normalized",
        "signed with CRLF, received with LF",
        signature=v1a(SEED_A, ID, TS, b'{"a":1,\r\n"b":2}\r\n'),
        body=b'{"a":1,\n"b":2}\n',
        error="invalid_signature",
    )


def rings(vs: Vectors) -> None:
    vs.ours(
        "ring_empty",
        "a verifier with no key could never accept anything",
        keys=[],
        error="invalid_secret",
    )
    vs.ours(
        "ring_bare_seed_is_hmac",
        "bare base64 in a ring is always an HMAC secret, so key A's seed without "
        "whsk_ is a 32-byte v1 secret and the v1a entry has no key to check it",
        keys=[b64(SEED_A)],
        error="no_supported_signature",
    )
    vs.ours(
        "ring_public_key_31_bytes",
        "a whpk_ key one byte short",
        keys=[whpk(PUB_A[:31])],
        error="invalid_secret",
    )
    vs.ours(
        "ring_mismatched_pair",
        "a 64-byte whsk_ key whose public half is key B's, not its seed's: signing "
        "with such a pair can leak the seed, so it is refused",
        keys=[SIGNING_PREFIX + b64(SEED_A + PUB_B)],
        error="invalid_secret",
    )
    vs.ours(
        "ring_weak_public_key_with_forgery",
        "the identity point as a public key, and R = identity, S = 0 as the "
        "signature: cryptography verifies that pair for any message, so we refuse "
        "the key when the ring is built",
        keys=[whpk(IDENTITY_KEY)],
        signature="v1a," + b64(IDENTITY_FORGERY),
        error="invalid_secret",
    )
    x25519 = X25519PrivateKey.from_private_bytes(SEED_A).public_key()
    x25519_spki = x25519.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    vs.ours(
        "ring_x25519_spki",
        "a 44-byte SubjectPublicKeyInfo for X25519, not Ed25519",
        keys=[PUBLIC_PREFIX + b64(x25519_spki)],
        error="invalid_secret",
    )
    vs.ours(
        "ring_one_bad_key",
        "one bad key refuses the whole ring, even though the other one matches",
        keys=[whpk(PUB_A), whpk(PUB_B) + "\n"],
        error="invalid_secret",
    )
    vs.ours(
        "ring_hmac_secret_with_whpk_prefix",
        "a 24-byte HMAC secret given the whpk_ prefix: the prefix makes it an "
        "ed25519 public key, and 24 bytes is not one",
        keys=[PUBLIC_PREFIX + b64(key("v1a hmac 24", 24))],
        error="invalid_secret",
    )
    vs.ours(
        "ring_whsk_inside_whsec",
        "a signing key pasted after whsec_ is neither a secret nor a key",
        keys=["whsec_" + whsk(SEED_A)],
        error="invalid_secret",
    )


def rotation(vs: Vectors) -> None:
    sig_a = v1a(SEED_A, ID, TS, BODY)
    sig_b = v1a(SEED_B, ID, TS, BODY)
    vs.ours(
        "rotation_wrong_then_right",
        "the ring holds the new key first; the sender still signs with the old one",
        keys=[whpk(PUB_B), whpk(PUB_A)],
        key_index=1,
    )
    vs.ours(
        "rotation_sender_signs_with_both",
        "during a rotation the sender sends one v1a entry per key",
        keys=[whsk(SEED_A), whsk64(SEED_B)],
        signature=f"{sig_a} {sig_b}",
        sign=True,
    )
    vs.ours(
        "rotation_receiver_has_only_new_key",
        "the receiver already dropped the old key; the second entry matches",
        keys=[whpk(PUB_B)],
        signature=f"{sig_a} {sig_b}",
    )
    vs.ours(
        "rotation_both_match_ring_order_wins",
        "both keys match; key_index is the first key of the ring that matches, "
        "whatever the order of entries in the header",
        keys=[whpk(PUB_B), whpk(PUB_A)],
        signature=f"{sig_a} {sig_b}",
    )
    vs.ours(
        "rotation_one_right_among_decoys",
        "three v1a entries, only the second is right",
        signature=" ".join([V1A_DECOYS[0], sig_a, V1A_DECOYS[1]]),
    )
    vs.ours(
        "rotation_no_key_matches",
        "two keys, neither signed the delivery",
        keys=[whpk(PUB_B), whpk(public_of(SEED_C))],
        error="invalid_signature",
    )


def mixed(vs: Vectors) -> None:
    hmac_a = v1(HMAC_A, ID, TS, BODY)
    ed_a = v1a(SEED_A, ID, TS, BODY)
    both = f"{hmac_a} {ed_a}"
    vs.ours(
        "mixed_header_hmac_ring",
        "a v1 and a v1a entry; an HMAC-only ring checks the v1 entry and ignores v1a",
        keys=[whsec(HMAC_A)],
        signature=both,
        scheme="v1",
    )
    vs.ours(
        "mixed_header_ed25519_ring",
        "the same header; an ed25519-only ring checks the v1a entry and ignores v1",
        signature=both,
    )
    vs.ours(
        "mixed_ring_hmac_first",
        "both keys match; the HMAC secret comes first in the ring, so it reports",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=both,
        scheme="v1",
    )
    vs.ours(
        "mixed_ring_ed25519_first",
        "both keys match; the public key comes first in the ring, so it reports",
        keys=[whpk(PUB_A), whsec(HMAC_A)],
        signature=both,
    )
    vs.ours(
        "mixed_ring_only_v1a_right",
        "the v1 entry is a decoy; the ring's second key matches the v1a entry",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=f"{V1_DECOYS[0]} {ed_a}",
        key_index=1,
    )
    vs.ours(
        "mixed_ring_only_v1_right",
        "the v1a entry is a decoy; the ring's second key matches the v1 entry",
        keys=[whpk(PUB_A), whsec(HMAC_A)],
        signature=f"{hmac_a} {V1A_DECOYS[0]}",
        key_index=1,
        scheme="v1",
    )
    vs.ours(
        "mixed_ring_sign_hmac_then_ed25519",
        "a sender holding a secret and a signing key sends one entry for each, in ring order",
        keys=[whsec(HMAC_A), whsk(SEED_A)],
        signature=both,
        scheme="v1",
        sign=True,
    )
    vs.ours(
        "mixed_ring_sign_ed25519_then_hmac",
        "the same keys the other way round: the v1a entry comes first",
        keys=[whsk(SEED_A), whsec(HMAC_A)],
        signature=f"{ed_a} {hmac_a}",
        sign=True,
    )
    vs.ours(
        "mixed_v1a_header_hmac_ring",
        "only a v1a entry, and the ring holds only an HMAC secret",
        keys=[whsec(HMAC_A)],
        error="no_supported_signature",
    )
    vs.ours(
        "mixed_v1_header_ed25519_ring",
        "only a v1 entry, and the ring holds only a public key",
        signature=hmac_a,
        error="no_supported_signature",
    )
    vs.ours(
        "mixed_v1_header_mixed_ring_wrong",
        "a mixed ring and one wrong v1 entry: there is an entry of a scheme the ring "
        "holds, so the answer is invalid_signature",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=V1_DECOYS[0],
        error="invalid_signature",
    )
    vs.ours(
        "mixed_v1a_header_mixed_ring_wrong",
        "a mixed ring and one v1a entry by a key it does not hold",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=v1a(SEED_B, ID, TS, BODY),
        error="invalid_signature",
    )
    vs.ours(
        "mixed_unknown_version_mixed_ring",
        "a mixed ring and only a v2 entry",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature="v2," + ed_a.split(",", 1)[1],
        error="no_supported_signature",
    )


def confusion(vs: Vectors) -> None:
    ed_value = v1a(SEED_A, ID, TS, BODY).split(",", 1)[1]
    hmac_with_public = v1(PUB_A, ID, TS, BODY)
    vs.ours(
        "confusion_public_key_as_hmac_secret",
        "key A's 32 public bytes as a whsec_ secret: an HMAC secret never checks a "
        "v1a entry, whatever bytes it holds",
        keys=[whsec(PUB_A)],
        error="no_supported_signature",
    )
    vs.ours(
        "confusion_hmac_keyed_with_public_key",
        "a v1 entry keyed with key A's public bytes (which anyone can compute) "
        "against a ring holding key A as a public key: a public key never checks v1",
        signature=hmac_with_public,
        error="no_supported_signature",
    )
    vs.ours(
        "confusion_hmac_keyed_with_public_key_mixed_ring",
        "the same v1 entry against a ring that also holds an HMAC secret: it is "
        "checked, but only against the secret, and fails",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=hmac_with_public,
        error="invalid_signature",
    )
    vs.ours(
        "confusion_v1a_value_as_v1",
        "a right ed25519 signature labelled v1, against an HMAC ring: not the HMAC",
        keys=[whsec(HMAC_A)],
        signature="v1," + ed_value,
        error="invalid_signature",
    )
    vs.ours(
        "confusion_v1a_value_as_v1_ed25519_ring",
        "the same entry against the key that made it: the label decides the "
        "scheme, and a public key does not read v1 entries",
        signature="v1," + ed_value,
        error="no_supported_signature",
    )
    vs.ours(
        "confusion_v1_value_as_v1a",
        "a right HMAC labelled v1a: 32 bytes, not a signature",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature="v1a," + v1(HMAC_A, ID, TS, BODY).split(",", 1)[1],
        error="invalid_signature",
    )


def values(vs: Vectors) -> None:
    good = v1a(SEED_URL, ID, TS, BODY)
    value = good.split(",", 1)[1]
    raw = base64.b64decode(value)
    if "+" not in value and "/" not in value:
        raise SystemExit("gen_vectors_v1a: pick a label whose signature has '+' or '/'")
    malleated = raw[:32] + (int.from_bytes(raw[32:], "little") + L).to_bytes(32, "little")
    bad = "invalid_signature"
    cases: list[tuple[str, str, str, str]] = [
        ("empty", "v1a,", "v1a with nothing after the comma", bad),
        ("unpadded", "v1a," + value.rstrip("="), "the right signature without its '=='", bad),
        (
            "url_safe",
            "v1a," + value.replace("+", "-").replace("/", "_"),
            "the right signature in the url-safe alphabet",
            bad,
        ),
        ("63_bytes", "v1a," + b64(raw[:63]), "the right signature minus its last byte", bad),
        ("65_bytes", "v1a," + b64(raw + b"\x00"), "the right signature plus a zero byte", bad),
        ("garbage", "v1a,not*a*signature!", "characters outside base64", bad),
        ("hex", "v1a," + raw.hex(), "the right signature in hex", bad),
        (
            "noncanonical_padding_bits",
            "v1a," + v1gen.flip_unused_bits(value),
            "the right signature with the unused low bits of its last digit set: a "
            "lenient decoder reads the same 64 bytes, but it is not canonical base64",
            bad,
        ),
        ("extra_comma_value", f"{good},x", "the value is everything after the first comma", bad),
        ("halves_swapped", "v1a," + b64(raw[32:] + raw[:32]), "S before R", bad),
        ("all_zero", "v1a," + b64(bytes(64)), "64 zero bytes", bad),
        (
            "s_plus_l",
            "v1a," + b64(malleated),
            "the right signature with the group order added to S: the same equation "
            "holds, but RFC 8032 requires S < L, and so does cryptography",
            bad,
        ),
        (
            "uppercase_version",
            "V1A," + value,
            "versions are case-sensitive, so there is no v1a entry",
            "no_supported_signature",
        ),
    ]
    for label, header, comment, error in cases:
        vs.ours(
            f"value_{label}",
            comment,
            keys=[whpk(public_of(SEED_URL))],
            signature=header,
            error=error,
        )
    vs.ours(
        "value_right_beside_malformed",
        "malformed v1a entries do not stop the right one after them from matching",
        keys=[whpk(public_of(SEED_URL))],
        signature=" ".join(["v1a," + value.rstrip("="), "v1a,", good]),
    )


def caps(vs: Vectors) -> None:
    good = v1a(SEED_A, ID, TS, BODY)
    hmac_a = v1(HMAC_A, ID, TS, BODY)
    nine = " ".join([good] + V1A_DECOYS[:8])
    vs.ours(
        "cap_8_v1a_entries",
        "exactly 8 v1a entries, the right one last: each costs a signature check, "
        "and 8 is the most one request may ask for",
        signature=" ".join(V1A_DECOYS[:7] + [good]),
    )
    vs.ours(
        "cap_9_v1a_entries_ed25519_ring",
        "9 v1a entries, the right one first: refused before any signature is checked",
        signature=nine,
        error="invalid_header",
    )
    vs.ours(
        "cap_9_v1a_entries_hmac_ring",
        "9 v1a entries and a right v1 entry: an HMAC-only ring ignores v1a entries, "
        "so their number does not matter to it",
        keys=[whsec(HMAC_A)],
        signature=f"{nine} {hmac_a}",
        scheme="v1",
    )
    vs.ours(
        "cap_9_v1a_entries_mixed_ring",
        "the same header against a ring that also holds an ed25519 key: refused, "
        "though the v1 entry would match",
        keys=[whsec(HMAC_A), whpk(PUB_A)],
        signature=f"{nine} {hmac_a}",
        error="invalid_header",
    )
    vs.ours(
        "cap_9_v1a_entries_expired_ed25519_key",
        "an expired ed25519 key still makes the ring count v1a entries",
        keys=[whsec(HMAC_A), (whpk(PUB_A), NOW - 1)],
        signature=f"{nine} {hmac_a}",
        error="invalid_header",
    )
    vs.ours(
        "cap_9_v1a_entries_malformed",
        "the cap counts entries labelled v1a, well formed or not",
        signature=" ".join([good] + ["v1a,x"] * 8),
        error="invalid_header",
    )
    vs.ours(
        "cap_8_v1a_and_many_v1",
        "8 v1a entries and 20 v1 entries: only v1a entries count against the 8",
        signature=" ".join(V1_DECOYS[:20] + V1A_DECOYS[:7] + [good]),
    )
    vs.ours(
        "cap_33_pieces",
        "the v1 cap of 32 non-empty pieces still holds: 8 v1a and 25 v1 entries",
        signature=" ".join([good] + V1A_DECOYS[:7] + V1_DECOYS[:25]),
        error="invalid_header",
    )
    vs.ours(
        "cap_4097_bytes",
        "the v1 cap of 4096 bytes still holds, here one byte over with spaces",
        signature=good + " " * (MAX_SIGNATURE_HEADER_LEN + 1 - len(good)),
        error="invalid_header",
    )


def expiry(vs: Vectors) -> None:
    hmac_a = v1(HMAC_A, ID, TS, BODY)
    vs.ours(
        "expiry_ed25519_key_expired",
        "a right signature by a key whose not_after is a second before now",
        keys=[(whpk(PUB_A), NOW - 1)],
        error="invalid_signature",
    )
    vs.ours(
        "expiry_ed25519_now_equals_not_after",
        "not_after is the last second a key may match",
        keys=[(whpk(PUB_A), NOW)],
    )
    vs.ours(
        "expiry_ed25519_not_after_ahead",
        "not_after a day ahead",
        keys=[(whpk(PUB_A), NOW + 86400)],
    )
    vs.ours(
        "expiry_signing_key_expired",
        "expiry applies to a whsk_ key in a ring the same way",
        keys=[(whsk(SEED_A), NOW - 1)],
        error="invalid_signature",
    )
    vs.ours(
        "expiry_hmac_key_expired",
        "expiry applies to HMAC secrets too",
        keys=[(whsec(HMAC_A), NOW - 1)],
        signature=hmac_a,
        error="invalid_signature",
    )
    vs.ours(
        "expiry_hmac_now_equals_not_after",
        "an HMAC secret on its last second",
        keys=[(whsec(HMAC_A), NOW)],
        signature=hmac_a,
        scheme="v1",
    )
    vs.ours(
        "expiry_old_expired_new_valid",
        "the old key expired and the new one matches: key_index 1",
        keys=[(whpk(PUB_A), NOW - 1), whpk(PUB_B)],
        signature=f"{v1a(SEED_A, ID, TS, BODY)} {v1a(SEED_B, ID, TS, BODY)}",
        key_index=1,
    )
    vs.ours(
        "expiry_expired_hmac_mixed_ring_v1_only",
        "an expired secret still puts v1 among the ring's schemes, so a v1-only "
        "header is invalid_signature, not no_supported_signature",
        keys=[(whsec(HMAC_A), NOW - 1), whpk(PUB_A)],
        signature=hmac_a,
        error="invalid_signature",
    )
    vs.ours(
        "expiry_expired_ed25519_mixed_ring_v1a_only",
        "the same for an expired public key and a v1a-only header",
        keys=[whsec(HMAC_A), (whpk(PUB_A), NOW - 1)],
        error="invalid_signature",
    )
    vs.ours(
        "expiry_judged_by_receiver_clock",
        "the timestamp is before not_after but now is after it: expiry follows the "
        "receiver's clock, never the sender's timestamp",
        keys=[(whpk(PUB_A), NOW + 50)],
        now=NOW + 100,
        error="invalid_signature",
    )


def headers(vs: Vectors) -> None:
    for header in ("id", "timestamp", "signature"):
        vs.ours(
            f"header_missing_{header}",
            f"webhook-{header} absent, with an ed25519 ring",
            **{header: None},
            error="missing_header",
        )
    vs.ours(
        "header_id_with_dot",
        "the v1 id grammar applies: a dot is refused, though the entry is signed over it",
        id="msg_1.1700000000",
        error="invalid_header",
    )
    vs.ours(
        "header_timestamp_leading_zero",
        "the v1 timestamp grammar applies: a leading zero is refused",
        timestamp="0" + TS,
        error="invalid_header",
    )
    for offset, error in ((300, None), (301, "timestamp_too_old")):
        vs.ours(
            f"window_now_ts_plus_{offset}",
            f"now is {offset} s after the timestamp, tolerance 300 s",
            now=NOW + offset,
            **({"error": error} if error else {}),
        )
    for offset, error in ((300, None), (301, "timestamp_too_new")):
        vs.ours(
            f"window_now_ts_minus_{offset}",
            f"now is {offset} s before the timestamp, tolerance 300 s",
            now=NOW - offset,
            **({"error": error} if error else {}),
        )
    vs.ours("window_tolerance_0_exact", "zero tolerance accepts now == timestamp", tolerance=0)


def order(vs: Vectors) -> None:
    nine = " ".join([v1a(SEED_A, ID, TS, BODY)] + V1A_DECOYS[:8])
    vs.ours(
        "order_ring_before_headers",
        "keys are checked when the verifier is built, before any header",
        keys=[whpk(IDENTITY_KEY)],
        id=None,
        error="invalid_secret",
    )
    vs.ours(
        "order_missing_before_v1a_cap",
        "an absent id is reported before too many v1a entries",
        id=None,
        signature=nine,
        error="missing_header",
    )
    vs.ours(
        "order_v1a_cap_before_window",
        "too many v1a entries are reported before a stale timestamp",
        signature=nine,
        now=NOW + 3600,
        error="invalid_header",
    )
    vs.ours(
        "order_window_before_no_supported",
        "a stale timestamp is reported before the lack of a v1a entry",
        signature=V1_DECOYS[0],
        now=NOW + 3600,
        error="timestamp_too_old",
    )
    vs.ours(
        "order_window_before_signature",
        "a future timestamp is reported before a wrong signature",
        signature=V1A_DECOYS[0],
        now=NOW - 3600,
        error="timestamp_too_new",
    )


def spec(vs: Vectors) -> None:
    fields = {"id": SPEC_ID, "timestamp": SPEC_TS, "body": SPEC_BODY_MINIFIED, "now": int(SPEC_TS)}
    vs.ours(
        "spec_example_header_ed25519_ring",
        "the spec's whole example signature header against our public key: its v1a "
        "entry is well formed but made by a key the spec does not publish",
        signature=f"{SPEC_V1} {SPEC_V1A}",
        error="invalid_signature",
        **fields,
    )
    vs.ours(
        "spec_example_signed_with_our_key",
        "the spec's id, timestamp and minified payload signed with our key",
        keys=[whsk(SEED_A)],
        sign=True,
        **fields,
    )


# --- the key parsing cases ------------------------------------------------------


def key_texts(vs: Vectors) -> None:
    rfc_spki = spki_of(RFC_PUBLIC)
    vs.key_case(
        "rfc8032_signing_seed",
        "RFC 8032 test 1's 32-byte secret key, as whsk_",
        whsk(RFC_SEED),
        "signing",
        seed=RFC_SEED,
        public=public_of(RFC_SEED),
    )
    vs.key_case(
        "rfc8032_signing_seed_and_public",
        "the same key in the 64-byte layout: seed, then public key",
        SIGNING_PREFIX + b64(RFC_SEED + RFC_PUBLIC),
        "signing",
        seed=RFC_SEED,
        public=RFC_PUBLIC,
    )
    vs.key_case(
        "rfc8032_public_raw",
        "RFC 8032 test 1's public key",
        whpk(RFC_PUBLIC),
        "public",
        public=RFC_PUBLIC,
    )
    vs.key_case(
        "rfc8032_public_spki",
        "the same public key as SubjectPublicKeyInfo DER, as cryptography writes it",
        PUBLIC_PREFIX + b64(rfc_spki),
        "public",
        public=RFC_PUBLIC,
    )
    vs.key_case(
        "rfc8032_public_spki_bare",
        "the prefix is optional on a public key too",
        b64(rfc_spki),
        "public",
        public=RFC_PUBLIC,
    )

    seed, public = SEED_URL, public_of(SEED_URL)
    seed_text, public_text = b64(seed), b64(public)

    def signing(label: str, text: str, comment: str, valid: bool = False) -> None:
        kwargs = {"seed": seed, "public": public} if valid else {}
        vs.key_case(f"signing_{label}", comment, text, "signing", **kwargs)

    signing("bare_seed", seed_text, "no prefix: bare base64 of the seed", valid=True)
    signing(
        "unpadded", SIGNING_PREFIX + seed_text.rstrip("="), "the seed without its '='", valid=True
    )
    signing(
        "64_bytes_unpadded",
        SIGNING_PREFIX + b64(seed + public).rstrip("="),
        "the 64-byte form without its '=='",
        valid=True,
    )
    signing(
        "mismatched_pair",
        SIGNING_PREFIX + b64(seed + PUB_B),
        "64 bytes whose public half belongs to another seed: signing with a "
        "mismatched pair can leak the seed, so it is refused",
    )
    signing("31_bytes", SIGNING_PREFIX + b64(seed[:31]), "one byte short of a seed")
    signing("33_bytes", SIGNING_PREFIX + b64(seed + b"\x00"), "one byte over a seed")
    signing(
        "65_bytes", SIGNING_PREFIX + b64(seed + public + b"\x00"), "one byte over the 64-byte form"
    )
    signing(
        "whpk_prefix",
        whpk(public),
        "a public key where a signing key belongs: the prefix says public, so it is "
        "refused, though its 32 bytes would parse as a seed (see bare_public_key)",
    )
    vs.key_case(
        "signing_bare_public_key_is_a_seed",
        "the same public key without its prefix is just 32 bytes, and any 32 bytes "
        "are a seed: it parses, as a different key; only the prefix can tell",
        public_text,
        "signing",
        seed=public,
        public=public_of(public),
    )
    signing("whsec_prefix", "whsec_" + seed_text, "an HMAC secret's prefix on a seed")
    signing("double_prefix", SIGNING_PREFIX + whsk(seed), "the prefix twice")
    signing("uppercase_prefix", "WHSK_" + seed_text, "the prefix is case-sensitive")
    signing("trailing_newline", whsk(seed) + "\n", "a newline left over from reading a file")
    signing("inner_space", SIGNING_PREFIX + " " + seed_text, "whitespace after the prefix")
    signing(
        "url_safe_alphabet",
        SIGNING_PREFIX + seed_text.replace("+", "-").replace("/", "_"),
        "the url-safe alphabet",
    )
    signing(
        "noncanonical_padding_bits",
        SIGNING_PREFIX + v1gen.flip_pad_bits(seed_text),
        "the seed with the unused low bits of its last digit set",
    )
    signing("stray_character", whsk(seed)[:-2] + "!=", "a character outside base64")
    signing("empty", "", "an empty string")
    signing("prefix_only", SIGNING_PREFIX, "the prefix and nothing after it")

    def public_case(label: str, text: str, comment: str, valid: bool = False) -> None:
        kwargs = {"public": public} if valid else {}
        vs.key_case(f"public_{label}", comment, text, "public", **kwargs)

    public_case("bare_raw", public_text, "no prefix: bare base64 of the 32 bytes", valid=True)
    public_case("unpadded", PUBLIC_PREFIX + public_text.rstrip("="), "without its '='", valid=True)
    public_case(
        "whsk_prefix",
        whsk(seed),
        "a signing key where a public key belongs: refused by its prefix, so a "
        "secret is never taken for something safe to publish",
    )
    public_case("whsec_prefix", "whsec_" + public_text, "an HMAC secret's prefix on a public key")
    public_case("trailing_newline", whpk(public) + "\n", "a newline left over from reading a file")
    public_case(
        "url_safe_alphabet",
        PUBLIC_PREFIX + public_text.replace("+", "-").replace("/", "_"),
        "the url-safe alphabet (JWK's), not the standard one",
    )
    public_case("31_bytes", whpk(public[:31]), "one byte short")
    public_case("33_bytes", whpk(public + b"\x00"), "one byte over")
    public_case(
        "64_byte_signing_key",
        PUBLIC_PREFIX + b64(seed + public),
        "a 64-byte signing key with the public prefix: not a public key length",
    )
    x25519_spki = (
        X25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    public_case(
        "x25519_spki",
        PUBLIC_PREFIX + b64(x25519_spki),
        "a 44-byte SubjectPublicKeyInfo whose algorithm is X25519 (OID 1.3.101.110)",
    )
    ed448_spki = (
        Ed448PrivateKey.from_private_bytes(key("v1a ed448", 57))
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    public_case("ed448_spki", PUBLIC_PREFIX + b64(ed448_spki), "an Ed448 SubjectPublicKeyInfo")

    # cryptography loads every one of these (see cryptography_facts). We refuse
    # them when the key is parsed: a small-order key lets a signature verify
    # without its private key, and the rest are not points at all, though a
    # lenient decoder may read two of them as small-order points.
    bad_points = [
        ("weak_identity", IDENTITY_KEY, "the identity point (0x01 then 31 zero bytes), order 1"),
        ("weak_all_zero", ZERO_KEY, "32 zero bytes: y = 0, a point of order 4"),
        ("weak_order_2", ORDER_2_KEY, "y = -1, the point of order 2"),
        ("weak_order_8", ORDER_8_KEY, "a point of order 8"),
        ("not_on_curve", OFF_CURVE_KEY, "a y for which no x is on the curve"),
        (
            "identity_sign_bit",
            IDENTITY_SIGN_BIT_KEY,
            "x = 0 with the sign bit set, which RFC 8032 decoding refuses (a lenient "
            "decoder reads the identity)",
        ),
        (
            "unreduced_y",
            UNREDUCED_Y_KEY,
            "y = p, which RFC 8032 decoding refuses as not reduced (a lenient decoder "
            "reads y = 0, of order 4)",
        ),
    ]
    for label, raw, comment in bad_points:
        public_case(label, whpk(raw), f"{comment}; cryptography would load it")
    public_case(
        "weak_identity_spki",
        PUBLIC_PREFIX + b64(SPKI_PREFIX + IDENTITY_KEY),
        "the identity point wrapped in a well-formed Ed25519 SubjectPublicKeyInfo",
    )


# --- the JWK import cases -------------------------------------------------------


def jwks(vs: Vectors) -> None:
    seed, public = SEED_URL, public_of(SEED_URL)
    x = b64url(public)
    assert "-" in x or "_" in x, "the url-safe x must differ from standard base64"
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": x}
    jwk_b = {"kty": "OKP", "crv": "Ed25519", "x": b64url(PUB_B), "kid": "key-b"}

    vs.jwk_case("jwk_minimal", "kty, crv and x alone; no kid", jwk, [(None, public)])
    vs.jwk_case(
        "jwk_kid_use_alg",
        "kid, use 'sig' and alg 'EdDSA' (RFC 8037)",
        {**jwk, "kid": "2024-01", "use": "sig", "alg": "EdDSA"},
        [("2024-01", public)],
    )
    vs.jwk_case(
        "jwk_alg_ed25519",
        "alg 'Ed25519', the fully-specified name (RFC 9864)",
        {**jwk, "alg": "Ed25519"},
        [(None, public)],
    )
    vs.jwk_case(
        "jwk_key_ops_verify",
        "key_ops listing verify",
        {**jwk, "key_ops": ["verify"]},
        [(None, public)],
    )
    vs.jwk_case(
        "jwk_unknown_members_ignored",
        "members we do not know are ignored",
        {**jwk, "kid": "a", "ext": True, "x5t": "abc", "custom": {"n": 1}},
        [("a", public)],
    )
    vs.jwk_case(
        "jwks_two_keys",
        "a JWKS of two keys with kids, imported in document order",
        {"keys": [{**jwk, "kid": "key-a"}, jwk_b]},
        [("key-a", public), ("key-b", PUB_B)],
    )
    vs.jwk_case(
        "jwks_extra_members_ignored",
        "members beside 'keys' are ignored",
        {"keys": [jwk_b], "issuer": "https://example.com"},
        [("key-b", PUB_B)],
    )
    vs.jwk_case(
        "rfc8037_public_key",
        "the public key of RFC 8037 appendix A.2 (RFC 8032 test 1's key)",
        {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
        [(None, RFC_PUBLIC)],
    )

    invalid = [
        (
            "jwk_rsa",
            "an RSA key",
            {"kty": "RSA", "n": b64url(key("v1a rsa n", 256)), "e": "AQAB"},
        ),
        (
            "jwk_ec_p256",
            "an EC P-256 key",
            {
                "kty": "EC",
                "crv": "P-256",
                "x": b64url(key("v1a ec x")),
                "y": b64url(key("v1a ec y")),
            },
        ),
        (
            "jwk_x25519",
            "an OKP key for X25519, which is for key agreement, not signatures",
            {"kty": "OKP", "crv": "X25519", "x": x},
        ),
        (
            "jwk_ed448",
            "an OKP key on Ed448",
            {"kty": "OKP", "crv": "Ed448", "x": b64url(bytes(57))},
        ),
        (
            "jwk_private_d",
            "a private key: 'd' holds the seed, and a key set must never carry one",
            {**jwk, "d": b64url(seed)},
        ),
        ("jwk_x_31_bytes", "x one byte short", {**jwk, "x": b64url(public[:31])}),
        ("jwk_x_33_bytes", "x one byte over", {**jwk, "x": b64url(public + b"\x00")}),
        (
            "jwk_x_padded",
            "x with '=' padding, which RFC 7515 base64url omits",
            {**jwk, "x": x + "="},
        ),
        (
            "jwk_x_standard_alphabet",
            "x in standard base64 ('+' and '/'), not base64url",
            {**jwk, "x": b64(public).rstrip("=")},
        ),
        (
            "jwk_x_noncanonical_bits",
            "x with the unused low bits of its last digit set",
            {**jwk, "x": flip_url_pad_bits(x)},
        ),
        ("jwk_x_missing", "no x", {"kty": "OKP", "crv": "Ed25519"}),
        ("jwk_x_not_string", "x is a number", {**jwk, "x": 42}),
        ("jwk_use_enc", "use 'enc': the key is meant for encryption", {**jwk, "use": "enc"}),
        ("jwk_alg_rs256", "alg RS256 on an Ed25519 key", {**jwk, "alg": "RS256"}),
        ("jwk_key_ops_sign_only", "key_ops without verify", {**jwk, "key_ops": ["sign"]}),
        ("jwk_key_ops_not_list", "key_ops as a string, not a list", {**jwk, "key_ops": "verify"}),
        ("jwk_kid_number", "kid must be a string", {**jwk, "kid": 7}),
        ("jwk_missing_kty", "no kty", {"crv": "Ed25519", "x": x}),
        ("jwk_kty_lowercase", "kty values are case-sensitive", {**jwk, "kty": "okp"}),
        ("jwk_missing_crv", "no crv", {"kty": "OKP", "x": x}),
        (
            "jwk_weak_identity",
            "x is the identity point, refused as a whpk_ key would be",
            {**jwk, "x": b64url(IDENTITY_KEY)},
        ),
        ("jwk_not_on_curve", "x is no point on the curve", {**jwk, "x": b64url(OFF_CURVE_KEY)}),
        ("jwks_empty_keys", "a JWKS with no keys at all", {"keys": []}),
        ("jwks_keys_not_list", "'keys' is an object", {"keys": jwk}),
        (
            "jwks_one_bad_key",
            "one RSA key among Ed25519 keys refuses the whole set",
            {"keys": [jwk_b, {"kty": "RSA", "n": "AQAB", "e": "AQAB"}]},
        ),
        ("jwks_key_not_object", "a key that is a string", {"keys": [jwk_b, "key"]}),
        ("document_neither", "an object that is neither a JWK nor a JWKS", {"issuer": "x"}),
        ("document_array", "a JSON array of JWKs rather than a JWKS object", [jwk]),
    ]
    for name, comment, document in invalid:
        vs.jwk_case(name, comment, document)


def flip_url_pad_bits(text: str) -> str:
    """Sets the two unused bits in the last digit of unpadded base64url of 32
    bytes (43 digits)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    assert len(text) == 43
    last = alphabet.index(text[-1])
    assert last & 0b11 == 0
    return text[:-1] + alphabet[last | 0b11]


def build() -> dict[str, Any]:
    vs = Vectors()
    groups = (basics, rings, rotation, mixed, confusion, values, caps, expiry, headers)
    for group in groups + (order, spec, key_texts, jwks):
        group(vs)
    return {
        "description": DESCRIPTION,
        "schema": SCHEMA,
        "vectors": vs.vectors,
        "keys": vs.keys,
        "jwks": vs.jwks,
    }


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=True) + "\n"


# --- an independent model of the documented rules -------------------------------
#
# The v1 parts (secret text, id, timestamp, header caps) are gen_vectors.py's
# functions; Refused is its exception. Only `cryptography` verifies signatures.


def decode_base64_text(body: str) -> bytes:
    """The text grammar of whsec_ secrets, without their length bounds: standard
    alphabet, padding optional but whole if present, canonical (unused bits
    zero), nothing else at all."""
    data = body.rstrip("=")
    padding = len(body) - len(data)
    if not body or not re.fullmatch(r"[A-Za-z0-9+/]*", data):
        raise Refused("invalid_secret")
    if padding and (len(body) % 4 or padding > 2):
        raise Refused("invalid_secret")
    if len(data) % 4 == 1:
        raise Refused("invalid_secret")
    raw = base64.b64decode(data + "=" * (-len(data) % 4), validate=True)
    if b64(raw).rstrip("=") != data:
        raise Refused("invalid_secret")
    return raw


def decode_key_text(text: str, prefix: str) -> bytes:
    """The prefix is optional, but another kind's prefix is refused."""
    if any(text.startswith(other) for other in PREFIXES if other != prefix):
        raise Refused("invalid_secret")
    return decode_base64_text(text.removeprefix(prefix))


def parse_signing_key(text: str) -> tuple[bytes, bytes]:
    """(seed, public key) of a whsk_ text."""
    raw = decode_key_text(text, SIGNING_PREFIX)
    if len(raw) not in (32, 64):
        raise Refused("invalid_secret")
    seed = raw[:32]
    public = public_of(seed)
    if len(raw) == 64 and raw[32:] != public:
        raise Refused("invalid_secret")
    return seed, public


def parse_public_key(text: str) -> bytes:
    """The raw 32 bytes of a whpk_ text, raw or SubjectPublicKeyInfo."""
    raw = decode_key_text(text, PUBLIC_PREFIX)
    if len(raw) == len(SPKI_PREFIX) + 32 and raw.startswith(SPKI_PREFIX):
        raw = raw[len(SPKI_PREFIX) :]
    return check_point(raw)


def check_point(raw: bytes) -> bytes:
    point = decode_point(raw)
    if point is None or small_order(point):
        raise Refused("invalid_secret")
    return raw


def parse_ring_key(text: str) -> tuple[str, bytes]:
    """('v1', HMAC key) or ('v1a', public key): the prefix decides."""
    if text.startswith(SIGNING_PREFIX):
        return "v1a", parse_signing_key(text)[1]
    if text.startswith(PUBLIC_PREFIX):
        return "v1a", parse_public_key(text)
    return "v1", v1gen.parse_secret(text)


def entries(signature: str) -> list[tuple[str, str]]:
    """(version, value) of each piece with a comma, split at the first comma."""
    pieces = (p.split(",", 1) for p in signature.split(" ") if "," in p)
    return [(version, value) for version, value in pieces]


def decode_v1a_value(value: str) -> bytes | None:
    """64 signature bytes, or None unless the value is exactly the canonical padded
    base64 of 64 bytes."""
    if len(value) != V1A_VALUE_LEN or not re.fullmatch(r"[A-Za-z0-9+/]{86}==", value):
        return None
    raw = base64.b64decode(value, validate=True)
    return raw if b64(raw) == value else None


def model(v: dict[str, Any]) -> tuple[str | None, int | None, str | None]:
    """The outcome the documented rules give: (error kind or None, key index,
    scheme)."""
    try:
        ring = [(parse_ring_key(k["key"]), k["not_after"]) for k in v["keys"]]
        if not ring:
            raise Refused("invalid_secret")
        msg_id, timestamp, signature = v["id"], v["timestamp"], v["signature"]
        if msg_id is None or timestamp is None or signature is None:
            raise Refused("missing_header")
        v1gen.check_id(msg_id)
        ts = v1gen.parse_timestamp(timestamp)
        pieces = [p for p in signature.split(" ") if p]
        too_long = len(signature.encode()) > MAX_SIGNATURE_HEADER_LEN
        if too_long or len(pieces) > MAX_SIGNATURE_ENTRIES:
            raise Refused("invalid_header")
        schemes = {scheme for (scheme, _), _ in ring}
        found = entries(signature)
        if "v1a" in schemes and sum(ver == "v1a" for ver, _ in found) > MAX_V1A_ENTRIES:
            raise Refused("invalid_header")
        if abs(v["now"] - ts) > v["tolerance"]:
            raise Refused("timestamp_too_old" if ts < v["now"] else "timestamp_too_new")
        if not any(version in schemes for version, _ in found):
            raise Refused("no_supported_signature")

        body = base64.b64decode(v["body_base64"], validate=True)
        content = signed_content(msg_id, timestamp, body)
        for index, ((scheme, material), not_after) in enumerate(ring):
            if not_after is not None and v["now"] > not_after:
                continue
            if matches(scheme, material, found, content):
                return None, index, scheme
        raise Refused("invalid_signature")
    except Refused as refused:
        return refused.kind, None, None


def matches(scheme: str, material: bytes, found: list[tuple[str, str]], content: bytes) -> bool:
    """Whether one key matches one entry of its own scheme."""
    for version, value in found:
        if version != scheme:
            continue
        if scheme == "v1":
            want = b64(hmac.new(material, content, hashlib.sha256).digest())
            if hmac.compare_digest(value.encode(), want.encode()):
                return True
        else:
            raw = decode_v1a_value(value)
            if raw is not None and ed_verifies(material, raw, content):
                return True
    return False


def key_model(case: dict[str, Any]) -> tuple[bytes, bytes | None] | None:
    """(public key, seed or None) of a key case, or None when it is refused."""
    try:
        if case["as"] == "signing":
            seed, public = parse_signing_key(case["text"])
            return public, seed
        return parse_public_key(case["text"]), None
    except Refused:
        return None


def jwk_model(document: Any) -> list[tuple[str | None, bytes]] | None:
    """(kid, raw public key) of each key of a JWK or JWKS, or None when refused."""
    try:
        if isinstance(document, dict) and "keys" in document:
            keys = document["keys"]
            if not isinstance(keys, list) or not keys:
                raise Refused("invalid_secret")
            return [parse_jwk(k) for k in keys]
        if isinstance(document, dict):
            return [parse_jwk(document)]
        raise Refused("invalid_secret")
    except Refused:
        return None


def parse_jwk(jwk: Any) -> tuple[str | None, bytes]:
    def require(ok: bool) -> None:
        if not ok:
            raise Refused("invalid_secret")

    require(isinstance(jwk, dict))
    require(jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519")
    require("d" not in jwk)
    require(jwk.get("use", "sig") == "sig")
    require(jwk.get("alg", "EdDSA") in ("EdDSA", "Ed25519"))
    ops = jwk.get("key_ops", ["verify"])
    require(isinstance(ops, list) and all(isinstance(op, str) for op in ops) and "verify" in ops)
    kid = jwk.get("kid")
    require("kid" not in jwk or isinstance(kid, str))
    x = jwk.get("x")
    require(isinstance(x, str) and re.fullmatch(r"[A-Za-z0-9_-]*", x) is not None)
    require(len(x) % 4 != 1)
    raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
    require(b64url(raw) == x)
    return kid, check_point(raw)


# --- checking -------------------------------------------------------------------


def cryptography_facts() -> list[str]:
    """What the comments say about cryptography, checked against the installed
    version, plus RFC 8032's test 1 as a known answer."""
    problems = []
    if public_of(RFC_SEED) != RFC_PUBLIC or ed_sign(RFC_SEED, b"") != RFC_EMPTY_SIGNATURE:
        problems.append("cryptography does not reproduce RFC 8032 test 1")
    bad_keys = (IDENTITY_KEY, ZERO_KEY, ORDER_2_KEY, ORDER_8_KEY, OFF_CURVE_KEY)
    for raw in bad_keys + (IDENTITY_SIGN_BIT_KEY, UNREDUCED_Y_KEY):
        try:
            Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            problems.append(f"cryptography now refuses {raw.hex()}; update the comments")
    if not ed_verifies(IDENTITY_KEY, IDENTITY_FORGERY, b"any message"):
        problems.append("cryptography no longer verifies the identity-key forgery")
    if decode_v1a_value(SPEC_V1A.split(",", 1)[1]) is None:
        problems.append("the spec's example v1a value is not 88 characters for 64 bytes")
    for raw in (IDENTITY_KEY, ZERO_KEY, ORDER_2_KEY, ORDER_8_KEY):
        point = decode_point(raw)
        if point is None or not small_order(point):
            problems.append(f"{raw.hex()} should decode to a small-order point")
    for raw in (OFF_CURVE_KEY, IDENTITY_SIGN_BIT_KEY, UNREDUCED_Y_KEY):
        if decode_point(raw) is not None:
            problems.append(f"{raw.hex()} should not decode under RFC 8032")
    order_8 = decode_point(ORDER_8_KEY)
    if order_8 is None or point_mul(4, order_8) == IDENTITY:
        problems.append("ORDER_8_KEY does not have order 8")
    # A sanity check of the arithmetic itself: a real public key has order L.
    rfc_point = decode_point(RFC_PUBLIC)
    if rfc_point is None or point_mul(L, rfc_point) != IDENTITY:
        problems.append("the curve arithmetic does not give [L]A = identity for RFC 8032's key")
    return problems


def check(doc: dict[str, Any]) -> list[str]:
    """Everything wrong with a vector file, as lowercase messages."""
    problems = cryptography_facts()
    problems += check_vectors(doc.get("vectors", []))
    problems += check_keys(doc.get("keys", []))
    problems += check_jwks(doc.get("jwks", []))
    return problems


def check_vectors(vectors: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(vectors) < MIN_VERIFY_VECTORS:
        problems.append(f"only {len(vectors)} vectors, at least {MIN_VERIFY_VECTORS} are required")
    seen = {v["expected"]["error"] for v in vectors}
    for kind in ERROR_KINDS:
        if kind not in seen:
            problems.append(f"no vector expects {kind}")
    for v in vectors:
        name, expected = v["name"], v["expected"]
        got = model(v)
        want = (expected["error"], expected.get("key_index"), expected.get("scheme"))
        if got != want:
            problems.append(f"{name}: the rules give {got}, the vector expects {want}")
        if expected["valid"] != (expected["error"] is None):
            problems.append(f"{name}: 'valid' disagrees with 'error'")
        problems += [f"{name}: {p}" for p in signature_facts(v)]
    return problems


def signature_facts(v: dict[str, Any]) -> list[str]:
    """The cryptographic facts of one vector, stated directly with cryptography and
    hmac, apart from the model: a valid vector has an entry that verifies under
    the key at key_index; no well-formed entry of an invalid_signature vector
    verifies under a live key of its ring; a sign vector's header is what signing
    gives."""
    expected = v["expected"]
    body = base64.b64decode(v["body_base64"])
    problems = []

    def verifies_under(text: str) -> bool:
        content = signed_content(v["id"], v["timestamp"], body)
        found = entries(v["signature"])
        if text.startswith((SIGNING_PREFIX, PUBLIC_PREFIX)):
            public = ring_public_with_cryptography(text)
            return any(
                ed_verifies(public, raw, content)
                for version, value in found
                if version == "v1a" and (raw := decode_v1a_value(value)) is not None
            )
        secret = v1gen.parse_secret(text)
        want = b64(hmac.new(secret, content, hashlib.sha256).digest())
        return any(version == "v1" and value == want for version, value in found)

    if expected["valid"]:
        ring_key = v["keys"][expected["key_index"]]
        if not verifies_under(ring_key["key"]):
            problems.append(f"valid, but no {expected['scheme']} entry verifies under key_index")
        if ring_key["not_after"] is not None and v["now"] > ring_key["not_after"]:
            problems.append("valid, but the key at key_index has expired")
    if expected["error"] == "invalid_signature":
        for ring_key in v["keys"]:
            live = ring_key["not_after"] is None or v["now"] <= ring_key["not_after"]
            if live and verifies_under(ring_key["key"]):
                problems.append("invalid_signature, but an entry verifies under a live key")
    if v.get("sign"):
        timestamp = str(int(v["timestamp"]))
        if any(k["not_after"] is not None or k["key"].startswith(PUBLIC_PREFIX) for k in v["keys"]):
            problems.append("sign is set on a ring with a whpk_ key or a not_after")
            return problems
        signed = " ".join(sign_entry(k["key"], v["id"], timestamp, body) for k in v["keys"])
        if signed != v["signature"]:
            problems.append(f"sign is set, but signing gives {signed!r}")
    return problems


def ring_public_with_cryptography(text: str) -> bytes:
    """A ring key's public bytes as cryptography reads them: the seed's public key
    for whsk_, load_der_public_key for a SubjectPublicKeyInfo."""
    raw = lenient_b64decode(text.removeprefix(SIGNING_PREFIX).removeprefix(PUBLIC_PREFIX))
    if text.startswith(SIGNING_PREFIX):
        return public_of(raw[:32])
    if len(raw) == 32:
        return raw
    loaded = serialization.load_der_public_key(raw)
    assert isinstance(loaded, Ed25519PublicKey), text
    return loaded.public_bytes_raw()


def lenient_b64decode(text: str) -> bytes:
    """Standard base64 with or without its padding, for texts the model accepted."""
    data = text.rstrip("=")
    return base64.b64decode(data + "=" * (-len(data) % 4), validate=True)


def sign_entry(text: str, msg_id: str, timestamp: str, body: bytes) -> str:
    if text.startswith(SIGNING_PREFIX):
        seed = lenient_b64decode(text[len(SIGNING_PREFIX) :])[:32]
        return v1a(seed, msg_id, timestamp, body)
    return v1(v1gen.parse_secret(text), msg_id, timestamp, body)


def check_keys(cases: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(cases) < MIN_KEY_VECTORS:
        problems.append(f"only {len(cases)} key cases, at least {MIN_KEY_VECTORS} are required")
    for case in cases:
        name, expected = case["name"], case["expected"]
        got = key_model(case)
        if (got is not None) != expected["valid"] or expected["valid"] != (
            expected["error"] is None
        ):
            problems.append(
                f"{name}: the rules give {'valid' if got else 'invalid'}, the case disagrees"
            )
            continue
        if got is None:
            continue
        public, seed = got
        if expected["public_key_base64"] != b64(public) or expected["whpk"] != whpk(public):
            problems.append(f"{name}: the public key differs from the rules' {b64(public)}")
        if seed is not None and expected.get("whsk") != SIGNING_PREFIX + b64(seed + public):
            problems.append(f"{name}: whsk is not the canonical 64-byte text")
        if seed is None and "whsk" in expected:
            problems.append(f"{name}: a public key case has whsk")
        # The same facts with cryptography alone: its public key for the seed, and
        # its own reading and writing of a SubjectPublicKeyInfo.
        if seed is not None and public_of(seed) != public:
            problems.append(f"{name}: cryptography derives another public key")
        raw = b"" if seed else lenient_b64decode(case["text"].removeprefix(PUBLIC_PREFIX))
        if len(raw) == 44:
            loaded = serialization.load_der_public_key(raw)
            if not isinstance(loaded, Ed25519PublicKey) or spki_of(public) != raw:
                problems.append(f"{name}: cryptography reads the SubjectPublicKeyInfo otherwise")
    return problems


def check_jwks(cases: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    if len(cases) < MIN_JWK_VECTORS:
        problems.append(f"only {len(cases)} jwk cases, at least {MIN_JWK_VECTORS} are required")
    for case in cases:
        name, expected = case["name"], case["expected"]
        got = jwk_model(case["document"])
        if (got is not None) != expected["valid"] or expected["valid"] != (
            expected["error"] is None
        ):
            problems.append(
                f"{name}: the rules give {'valid' if got else 'invalid'}, the case disagrees"
            )
            continue
        if got is None:
            continue
        want = [{"kid": kid, "whpk": whpk(raw)} for kid, raw in got]
        if expected["keys"] != want:
            problems.append(f"{name}: the rules import {want}")
        for entry in expected["keys"]:
            raw = base64.b64decode(entry["whpk"].removeprefix(PUBLIC_PREFIX))
            if Ed25519PublicKey.from_public_bytes(raw).public_bytes_raw() != raw:
                problems.append(f"{name}: cryptography does not round-trip {entry['whpk']}")
    return problems


def summary(doc: dict[str, Any]) -> str:
    return (
        f"{len(doc['vectors'])} verification vectors, {len(doc['keys'])} key cases, "
        f"{len(doc['jwks'])} jwk cases"
    )


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
        print("gen_vectors_v1a: the generated vectors are inconsistent:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1

    if not args.check:
        OUT.write_text(fresh, encoding="utf-8", newline="\n")
        print(f"gen_vectors_v1a: wrote {summary(json.loads(fresh))} to {OUT.name}")
        return 0

    try:
        committed = OUT.read_text(encoding="utf-8")
    except FileNotFoundError:
        print(f"gen_vectors_v1a: {OUT.name} is missing; {REGENERATE}", file=sys.stderr)
        return 1
    # Check the committed file on its own too, so a hand edit is caught for what it
    # breaks and not only because it differs.
    problems = check(json.loads(committed))
    if committed != fresh:
        problems.append(f"{OUT.name} differs from the generator's output; {REGENERATE}")
    if problems:
        print("gen_vectors_v1a: check failed:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    doc = json.loads(committed)
    print(
        f"gen_vectors_v1a: {OUT.name} is up to date; {summary(doc)} re-verified "
        "with cryptography and hmac"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
