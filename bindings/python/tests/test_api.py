"""The Python face's own behaviour: inputs of every accepted shape, wrong types,
the exception classes, threads. Expected signatures come from Python's own
``hmac`` (``reference_signature``), never from our signer."""

from __future__ import annotations

import array
import base64
import email.message
import hashlib
import hmac
import random
import re
import sys
import threading
import time
import tomllib
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List, Union

import pytest

import libwebhook
from libwebhook import (
    InvalidHeaderError,
    InvalidSecretError,
    InvalidSignatureError,
    MissingHeaderError,
    NoSupportedSignatureError,
    PayloadNotJsonError,
    Signer,
    TimestampTooNewError,
    TimestampTooOldError,
    Verifier,
    Webhook,
    WebhookVerificationError,
)

from conftest import ROOT

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = base64.b64decode(SECRET[len("whsec_") :])
MSG_ID = "msg_req_01jxr9wq7zd8tk11dp0yvnw2wv"
NOW = 1_767_226_813


def reference_signature(msg_id: str, timestamp: int, body: bytes, key: bytes = KEY) -> str:
    """The v1 signature by Python's hmac: the oracle for these tests."""
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def delivery(body: bytes, timestamp: int = NOW) -> Dict[str, str]:
    return {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": reference_signature(MSG_ID, timestamp, body),
    }


VERIFIER = Verifier(SECRET)


# Bodies.


@pytest.mark.parametrize(
    "body",
    [b"", b"\xff\xfe\x00not utf-8\x80", b"\xef\xbb\xbf{}", b'{"a":1}\r\n', b"a.b.c"],
    ids=["empty", "non-utf8", "bom", "crlf", "dots"],
)
def test_bodies_verify_byte_for_byte(body: bytes) -> None:
    headers = delivery(body)
    for shaped in (body, bytearray(body), memoryview(body)):
        assert VERIFIER.verify(shaped, headers, now=NOW).id == MSG_ID
    with pytest.raises(InvalidSignatureError):
        VERIFIER.verify(body + b" ", headers, now=NOW)


def test_str_bodies_are_their_utf8_bytes() -> None:
    text = '{"caption":"日本語 ✓"}'
    VERIFIER.verify(text, delivery(text.encode()), now=NOW)


def test_a_str_with_a_lone_surrogate_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="surrogate"):
        VERIFIER.verify("\ud800", delivery(b""), now=NOW)


def test_wide_memoryviews_are_refused() -> None:
    with pytest.raises(TypeError, match="memoryview"):
        VERIFIER.verify(memoryview(array.array("H", [1, 2])), delivery(b""), now=NOW)


# Headers in every shape.


def header_shapes(headers: Dict[str, str]) -> List[Any]:
    from django.http.request import HttpHeaders  # type: ignore[import-untyped]
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import EnvironHeaders, Headers as WerkzeugHeaders

    message = email.message.Message()
    for name, value in headers.items():
        message[name] = value
    environ = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    return [
        headers,
        {name.upper(): value for name, value in headers.items()},
        {name.title(): value for name, value in headers.items()},
        {name.encode(): value.encode() for name, value in headers.items()},
        list(headers.items()),
        [(name.upper().encode(), value.encode()) for name, value in headers.items()],
        WerkzeugHeaders(list(headers.items())),
        EnvironHeaders(environ),
        StarletteHeaders(headers={name.title(): value for name, value in headers.items()}),
        HttpHeaders(environ),
        message,
    ]


def test_headers_are_found_case_insensitively_in_any_mapping_or_pairs() -> None:
    body = b'{"type":"video.completed"}'
    shapes = header_shapes(delivery(body))
    for shape in shapes:
        assert VERIFIER.verify(body, shape, now=NOW).id == MSG_ID, type(shape)
    for shape in header_shapes({k: v for k, v in delivery(body).items() if k != "webhook-id"}):
        with pytest.raises(MissingHeaderError):
            VERIFIER.verify(body, shape, now=NOW)


def test_repeated_signature_lines_all_count_and_ids_must_agree() -> None:
    body = b"{}"
    good = delivery(body)
    pairs = [
        ("webhook-id", MSG_ID),
        ("Webhook-Timestamp", str(NOW)),
        ("webhook-signature", "v1,bm90IHRoZSByaWdodCBzaWduYXR1cmUgYXQgYWxsIQ=="),
        ("WEBHOOK-SIGNATURE", good["webhook-signature"]),
    ]
    VERIFIER.verify(body, pairs, now=NOW)
    with pytest.raises(InvalidHeaderError, match="webhook-id"):
        VERIFIER.verify(body, pairs + [("webhook-id", "msg_other")], now=NOW)


@pytest.mark.parametrize(
    ("signature", "error"),
    [
        ("", NoSupportedSignatureError),
        ("   ", NoSupportedSignatureError),
        ("v1", NoSupportedSignatureError),
        ("v2,abc", NoSupportedSignatureError),
        ("v1,", InvalidSignatureError),
        ("v1,not base64!", InvalidSignatureError),
        ("v1," + "A" * 5000, InvalidHeaderError),
        (" ".join(["v1,x"] * 40), InvalidHeaderError),
    ],
)
def test_malformed_signature_entries(signature: str, error: type) -> None:
    headers = dict(delivery(b"{}"), **{"webhook-signature": signature})
    with pytest.raises(error):
        VERIFIER.verify(b"{}", headers, now=NOW)


def test_timestamps_outside_the_window_and_in_bad_grammar() -> None:
    with pytest.raises(TimestampTooOldError):
        VERIFIER.verify(b"{}", delivery(b"{}", NOW - 301), now=NOW)
    with pytest.raises(TimestampTooNewError):
        VERIFIER.verify(b"{}", delivery(b"{}", NOW + 301), now=NOW)
    VERIFIER.verify(b"{}", delivery(b"{}", NOW - 300), now=NOW)
    for bad in [" 1767226813", "1767226813.0", "01767226813", "+1767226813", "1e9"]:
        headers = dict(delivery(b"{}"), **{"webhook-timestamp": bad})
        with pytest.raises(InvalidHeaderError):
            VERIFIER.verify(b"{}", headers, now=NOW)


def test_now_accepts_ints_floats_and_datetimes() -> None:
    headers = delivery(b"{}")
    aware = datetime.fromtimestamp(NOW, tz=timezone.utc)
    naive = aware.replace(tzinfo=None)
    for now in (NOW, NOW + 0.9, aware, naive, aware.astimezone(timezone(timedelta(hours=5)))):
        VERIFIER.verify(b"{}", headers, now=now)


# Wrong types: always a TypeError that names the argument.


@pytest.mark.parametrize("data", [None, 1, 1.5, ["a"], {"a": 1}, object()])
def test_wrong_body_types(data: Any) -> None:
    with pytest.raises(TypeError, match="data must be"):
        VERIFIER.verify(data, delivery(b""), now=NOW)


@pytest.mark.parametrize("headers", [None, 1, "webhook-id", b"webhook-id", object()])
def test_wrong_header_collection_types(headers: Any) -> None:
    with pytest.raises(TypeError, match="headers must be"):
        VERIFIER.verify(b"", headers, now=NOW)


def test_wrong_header_value_and_pair_types() -> None:
    with pytest.raises(TypeError, match="webhook-id must be str or bytes"):
        VERIFIER.verify(b"", dict(delivery(b""), **{"webhook-id": 5}), now=NOW)
    with pytest.raises(TypeError, match="pair"):
        VERIFIER.verify(b"", [("webhook-id",)], now=NOW)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="header name"):
        VERIFIER.verify(b"", [(5, "x")], now=NOW)  # type: ignore[list-item]


def test_wrong_key_and_time_types() -> None:
    with pytest.raises(TypeError, match="key"):
        Verifier([5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="keys must be"):
        Verifier(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Verifier(SECRET, tolerance="300")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now must be"):
        VERIFIER.verify(b"", delivery(b""), now="1767226813")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now must be"):
        VERIFIER.verify(b"", delivery(b""), now=True)
    with pytest.raises(TypeError, match="msg_id"):
        Signer(SECRET).sign(5, NOW, b"")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="jwks"):
        Verifier(jwks=5)  # type: ignore[arg-type]


def test_hostile_input_raises_only_verification_errors() -> None:
    # Random mutations of a good delivery: whatever goes wrong must be one of
    # our exception classes, never ValueError, UnicodeDecodeError or
    # binascii.Error escaping from inside.
    rng = random.Random(1234)
    body = b'{"type":"video.completed"}'
    good = delivery(body)
    alphabet = "v1a,. =+/\x00\t\n\r\x7f\u00e9\ud800" + "0123456789abcdefXYZ"
    for _ in range(3000):
        headers: Dict[str, Any] = dict(good)
        name = rng.choice(list(headers))
        value = list(headers[name])
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(value) + 1)
            value[at:at + rng.randint(0, 3)] = rng.choice(alphabet)
        headers[name] = "".join(value) if rng.random() < 0.8 else "".join(value).encode("utf-8", "surrogatepass")
        try:
            VERIFIER.verify(body, headers, now=NOW)
        except WebhookVerificationError:
            pass


# Exceptions.


def test_every_error_kind_has_its_own_class_with_a_lowercase_message() -> None:
    kinds = {cls.kind for cls in libwebhook._errors._BY_KIND.values()}
    core_kinds = set(re.findall(r'ErrorKind::\w+ => "(\w+)"', (ROOT / "crates/core/src/error.rs").read_text()))
    assert core_kinds and core_kinds <= kinds
    for cls in libwebhook._errors._BY_KIND.values():
        assert issubclass(cls, WebhookVerificationError)
    with pytest.raises(InvalidSignatureError) as caught:
        VERIFIER.verify(b"tampered", delivery(b"{}"), now=NOW)
    message = str(caught.value)
    assert message == message.lower() and "webhook-signature" in message
    assert caught.value.kind == "invalid_signature"


def test_valid_signature_over_non_json_is_its_own_error() -> None:
    wh = Webhook(SECRET)
    for body in (b"not json", b"\xff\xfe"):
        headers = delivery(body, timestamp=int(datetime.now(tz=timezone.utc).timestamp()))
        with pytest.raises(PayloadNotJsonError):
            wh.verify(body, headers)
        assert wh.verify(body, headers, json_parse=False) is None
    with pytest.raises(InvalidSignatureError):
        wh.verify(b"forged", headers)


def test_bad_secrets_are_refused_at_construction_without_echoing_them() -> None:
    bad_secrets: List[Union[str, bytes]] = [
        "",
        "whsec_",
        SECRET + "\n",
        SECRET[:-1] + "-",
        "v1," + SECRET[6:],
        b"short",
    ]
    for bad in bad_secrets:
        with pytest.raises(InvalidSecretError) as caught:
            Webhook(bad)
        assert SECRET[6:] not in str(caught.value)
    with pytest.raises(InvalidSecretError):
        Webhook("whpk_11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
    with pytest.raises(InvalidSecretError):
        Verifier([])
    assert SECRET[6:] not in repr(Verifier(SECRET)) + repr(Signer(SECRET))


def test_raw_key_bytes_are_a_secret() -> None:
    wh = Webhook(KEY)
    assert wh.sign(MSG_ID, NOW, b"{}") == reference_signature(MSG_ID, NOW, b"{}")


# Key rings, v1a, results.


def test_rings_report_the_key_scheme_and_kid_that_matched() -> None:
    signing, public = libwebhook.generate_keypair()
    assert signing.startswith("whsk_") and public.startswith("whpk_")
    assert libwebhook.signing_key(signing) == (signing, public)
    signed = Signer([signing]).sign(MSG_ID, NOW, b"{}")
    assert signed["webhook-signature"].startswith("v1a,")

    ring = Verifier([SECRET, public])
    verified = ring.verify(b"{}", signed, now=NOW)
    assert (verified.key_index, verified.scheme, verified.kid) == (1, "v1a", None)

    x = base64.urlsafe_b64encode(base64.b64decode(public[5:])).decode().rstrip("=")
    jwks = {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": "2026-12"}]}
    verified = Verifier(SECRET, jwks=jwks).verify(b"{}", signed, now=NOW)
    assert (verified.key_index, verified.kid, verified.timestamp) == (1, "2026-12", NOW)


def test_expired_keys_stop_matching() -> None:
    expiry = datetime.fromtimestamp(NOW - 1, tz=timezone.utc)
    with pytest.raises(InvalidSignatureError):
        Verifier([(SECRET, expiry)]).verify(b"{}", delivery(b"{}"), now=NOW)
    Verifier([(SECRET, NOW)]).verify(b"{}", delivery(b"{}"), now=NOW)


def test_signer_timestamps_and_rotation() -> None:
    other = base64.b64encode(b"k" * 32).decode()
    signed = Signer([SECRET, other]).sign(MSG_ID, datetime.fromtimestamp(NOW, tz=timezone.utc), b"{}")
    assert signed["webhook-timestamp"] == str(NOW)
    assert signed["webhook-signature"].split(" ") == [
        reference_signature(MSG_ID, NOW, b"{}"),
        reference_signature(MSG_ID, NOW, b"{}", key=b"k" * 32),
    ]
    with pytest.raises(InvalidHeaderError):
        Signer(SECRET).sign("msg.with.dots", NOW, b"{}")


def test_version_is_the_cargo_version() -> None:
    manifest = tomllib.loads((ROOT / "Cargo.toml").read_text())
    assert libwebhook.__version__ == manifest["workspace"]["package"]["version"]


# Threads.


def test_threads_share_one_verifier() -> None:
    bodies = [bytes([i]) * (i * 1000) for i in range(16)]
    failures: List[str] = []

    def work(seed: int) -> None:
        rng = random.Random(seed)
        for _ in range(200):
            body = rng.choice(bodies)
            tamper = rng.random() < 0.3
            try:
                VERIFIER.verify(body + (b"x" if tamper else b""), delivery(body), now=NOW)
                if tamper:
                    failures.append("accepted a tampered body")
            except InvalidSignatureError:
                if not tamper:
                    failures.append("refused a good body")

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_large_bodies_are_hashed_without_the_gil() -> None:
    # While the main thread is inside verify() with a large body, a second
    # thread must be able to run Python code. The switch interval is raised so
    # the interpreter never takes the GIL away by force: the helper thread can
    # only run while verify() is in progress if verify() let go of the GIL
    # itself. The helper yields on every step (sleep(0)), so the main thread
    # gets the GIL back the moment it wants it. This checks a behaviour, not a
    # speed: with the GIL held, `during` is exactly 0 however fast the machine.
    body = b"a" * (64 * 1024 * 1024)
    headers = delivery(body)
    in_call = [False]
    during = [0]
    stop = threading.Event()
    ready = threading.Event()

    def helper() -> None:
        ready.set()
        while not stop.is_set():
            if in_call[0]:
                during[0] += 1
            time.sleep(0)

    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(60.0)
    thread = threading.Thread(target=helper)
    thread.start()
    try:
        ready.wait()
        in_call[0] = True
        VERIFIER.verify(body, headers, now=NOW)
        in_call[0] = False
    finally:
        stop.set()
        sys.setswitchinterval(old_interval)
        thread.join()
    assert during[0] > 0
