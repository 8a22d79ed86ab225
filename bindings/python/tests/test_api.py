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


def test_framework_header_objects_count_every_signature_line() -> None:
    from starlette.datastructures import Headers as StarletteHeaders
    from werkzeug.datastructures import Headers as WerkzeugHeaders

    body = b"{}"
    good = delivery(body)
    retired = "v1," + base64.b64encode(b"\0" * 32).decode()
    lines = [
        ("Webhook-Id", MSG_ID),
        ("Webhook-Timestamp", str(NOW)),
        ("Webhook-Signature", retired),
        ("Webhook-Signature", good["webhook-signature"]),
    ]
    message = email.message.Message()
    for name, value in lines:
        message[name] = value
    raw = [(name.lower().encode(), value.encode()) for name, value in lines]
    for shape in (WerkzeugHeaders(lines), StarletteHeaders(raw=raw), message):
        assert VERIFIER.verify(body, shape, now=NOW).id == MSG_ID, type(shape)
    conflicting = WerkzeugHeaders(lines + [("Webhook-Id", "msg_other")])
    with pytest.raises(InvalidHeaderError, match="webhook-id"):
        VERIFIER.verify(body, conflicting, now=NOW)


def test_a_dict_spelling_a_name_twice_must_agree() -> None:
    body = b"{}"
    good = delivery(body)
    for name in ("Webhook-Id", "Webhook-Timestamp"):
        clash = dict(good, **{name: "1"})
        with pytest.raises(InvalidHeaderError, match="appears twice"):
            VERIFIER.verify(body, clash, now=NOW)
    # The same spelling twice over is just the one header.
    agree = dict(good, **{"Webhook-Id": MSG_ID})
    assert VERIFIER.verify(body, agree, now=NOW).id == MSG_ID


def test_endpoint_verification_arguments_are_checked() -> None:
    wh = Webhook(SECRET)
    with pytest.raises(TypeError, match="challenge must be str"):
        wh.endpoint_verification_response(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="header must be str"):
        wh.verify_endpoint_verification_response("abc", 5)  # type: ignore[arg-type]
    with pytest.raises(InvalidHeaderError, match="surrogate"):
        wh.endpoint_verification_response("\ud800")


def test_objects_that_are_neither_mappings_nor_iterables_are_refused() -> None:
    class OnlyGetItem:
        def __getitem__(self, name: str) -> str:
            return delivery(b"")[name]

    with pytest.raises(TypeError, match="headers must be"):
        VERIFIER.verify(b"", OnlyGetItem(), now=NOW)  # type: ignore[arg-type]


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


def test_out_of_range_clocks_read_as_the_ends_of_time() -> None:
    # Before 1970 reads as 0 (as the core's own clock does), past u64 as its
    # maximum: the verdict is the real one, and nothing but our errors escape.
    with pytest.raises(TimestampTooNewError):
        VERIFIER.verify(b"{}", delivery(b"{}"), now=-1)
    with pytest.raises(TimestampTooNewError):
        VERIFIER.verify(b"{}", delivery(b"{}"), now=datetime(1969, 1, 1, tzinfo=timezone.utc))
    for huge in (2**64, 2**200, 1e300):
        with pytest.raises(TimestampTooOldError):
            VERIFIER.verify(b"{}", delivery(b"{}"), now=huge)
    for bad in (float("nan"), float("inf")):
        with pytest.raises(TypeError, match="now must be a finite"):
            VERIFIER.verify(b"{}", delivery(b"{}"), now=bad)
    # A key that expired before 1970 never matches; one that expires after the
    # end of u64 always does.
    with pytest.raises(InvalidSignatureError):
        Verifier([(SECRET, -5)]).verify(b"{}", delivery(b"{}"), now=NOW)
    Verifier([(SECRET, 2**70)]).verify(b"{}", delivery(b"{}"), now=NOW)


def test_impossible_configuration_values_name_themselves() -> None:
    with pytest.raises(ValueError, match="tolerance must not be negative, got -1"):
        Verifier(SECRET, tolerance=-1)
    with pytest.raises(TypeError, match="tolerance must be an int"):
        Verifier(SECRET, tolerance=True)
    assert Verifier(SECRET, tolerance=2**70).tolerance == 2**64 - 1
    with pytest.raises(ValueError, match="timestamp must be a unix time from 1970 on, got -1"):
        Signer(SECRET).sign(MSG_ID, -1, b"")
    with pytest.raises(InvalidHeaderError, match="surrogate"):
        Signer(SECRET).sign("\ud800", NOW, b"")
    with pytest.raises(InvalidSecretError, match="surrogate"):
        Verifier("\ud800")
    with pytest.raises(InvalidHeaderError, match="surrogate"):
        VERIFIER.verify(b"", dict(delivery(b""), **{"webhook-signature": "\ud800"}), now=NOW)


def test_bytes_like_keys_are_one_raw_key() -> None:
    for key in (bytearray(KEY), memoryview(KEY)):
        Verifier(key).verify(b"{}", delivery(b"{}"), now=NOW)


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
    deep: Dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["k"] = {}
        node = node["k"]
    circular: Dict[str, Any] = {}
    circular["self"] = circular
    for bad in (deep, circular, {"keys": [object()]}):
        with pytest.raises(InvalidSecretError, match="jwks"):
            Verifier(jwks=bad)
    with pytest.raises(TypeError, match="released memoryview"):
        view = memoryview(b"{}")
        view.release()
        VERIFIER.verify(view, delivery(b"{}"), now=NOW)


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


def test_empty_secrets_raise_the_reference_librarys_error() -> None:
    for empty in ("", b"", "whsec_"):
        with pytest.raises(libwebhook.EmptyWebhookSecretError):
            Webhook(empty)
    assert issubclass(libwebhook.EmptyWebhookSecretError, InvalidSecretError)


def test_the_drop_in_parses_exactly_the_bytes_it_verified() -> None:
    class Liar(bytes):
        def decode(self, *args: Any, **kwargs: Any) -> str:
            return '{"amount": 9}'

    body = b'{"amount": 1}'
    headers = delivery(body, timestamp=int(datetime.now(tz=timezone.utc).timestamp()))
    assert Webhook(SECRET).verify(Liar(body), headers) == {"amount": 1}
    assert Webhook(SECRET).verify(bytearray(body), headers) == {"amount": 1}


def test_generated_secrets_are_32_random_bytes() -> None:
    secrets = {libwebhook.generate_secret() for _ in range(20)}
    assert len(secrets) == 20
    for secret in secrets:
        assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
        Verifier(secret)


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
    # A regex rather than tomllib, which only Python 3.11 and later have.
    manifest = (ROOT / "Cargo.toml").read_text()
    version = re.search(r'^\[workspace\.package\][^\[]*?^version = "([^"]+)"', manifest, re.M | re.S)
    assert version is not None
    assert libwebhook.__version__ == version.group(1)


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


def gil_released_during(call: Any) -> bool:
    """Whether another thread ran Python code while ``call()`` was running.

    The switch interval is raised so the interpreter never takes the GIL away
    by force: the helper thread can only run while ``call()`` is in progress if
    ``call()`` let go of the GIL itself. The helper yields on every step
    (``sleep(0)``), so the main thread gets the GIL back the moment it wants
    it. With the GIL held throughout, the count is exactly 0 however fast the
    machine is: this checks a behaviour, not a speed.
    """
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
        call()
        in_call[0] = False
    finally:
        stop.set()
        sys.setswitchinterval(old_interval)
        thread.join()
    return during[0] > 0


def test_large_bodies_are_hashed_without_the_gil() -> None:
    body = b"a" * (64 * 1024 * 1024)
    headers = delivery(body)
    assert gil_released_during(lambda: VERIFIER.verify(body, headers, now=NOW))
    assert gil_released_during(lambda: Signer(SECRET).sign(MSG_ID, NOW, body))


def test_costly_small_verifications_release_the_gil_too() -> None:
    # Eight ed25519 keys and eight v1a entries: 64 signature checks on a tiny
    # body, which an attacker can ask for with one header.
    # The entries are real signatures by other keys, so each check runs to the
    # end instead of stopping at a malformed point.
    # Ten attempts in a row give the other thread ten chances to be scheduled,
    # so a loaded machine cannot make the check miss the release.
    publics = [libwebhook.generate_keypair()[1] for _ in range(8)]
    strangers = [libwebhook.generate_keypair()[0] for _ in range(8)]
    headers = Signer(strangers).sign(MSG_ID, NOW, b"{}")
    ring = Verifier(publics)

    def attempt() -> None:
        for _ in range(10):
            with pytest.raises(InvalidSignatureError):
                ring.verify(b"{}", headers, now=NOW)

    assert gil_released_during(attempt)
