"""Interoperability with the reference ``standardwebhooks`` package from PyPI.

Its signatures must verify with us, ours with it, on UTF-8 bodies (it signs a
``str`` body as UTF-8, as we do). Both sides use the current clock, as the
reference library offers no other.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
import standardwebhooks.webhooks as reference

import libwebhook

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

BODIES = [
    '{"type":"video.completed","data":{"id":"req_01jxr9wq7zd8tk11dp0yvnw2wv"}}',
    "",
    "not json at all",
    '{"caption": "ünïcödé — 日本語 ✓"}',
    '{"a":\r\n1}\r\n',
    "\ufeff{}",
    "x" * 100_000,
]


def now_headers(msg_id: str, signature: str) -> dict[str, str]:
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(time.time())),
        "webhook-signature": signature,
    }


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_reference_signatures_verify_with_us(body: str) -> None:
    ref = reference.Webhook(SECRET)
    stamp = datetime.now(tz=timezone.utc)
    signature = ref.sign("msg_interop", stamp, body)
    headers = now_headers("msg_interop", signature)
    headers["webhook-timestamp"] = str(int(stamp.timestamp()))

    ours = libwebhook.Webhook(SECRET)
    ours.verify(body, headers, json_parse=False)
    ours.verify(body.encode(), headers, json_parse=False)
    # Our own signature over the same input is the same text.
    assert ours.sign("msg_interop", stamp, body) == signature


@pytest.mark.parametrize("body", BODIES, ids=range(len(BODIES)))
def test_our_signatures_verify_with_the_reference(body: str) -> None:
    stamp = int(time.time())
    signed = libwebhook.Signer(SECRET).sign("msg_interop", stamp, body.encode())
    ref = reference.Webhook(SECRET)
    ref.verify(body.encode(), signed, json_parse=False)
    ref.verify(body, signed, json_parse=False)


def test_both_refuse_a_tampered_body() -> None:
    stamp = int(time.time())
    signed = libwebhook.Signer(SECRET).sign("msg_interop", stamp, b'{"amount":1}')
    with pytest.raises(reference.WebhookVerificationError):
        reference.Webhook(SECRET).verify(b'{"amount":2}', signed)
    with pytest.raises(libwebhook.InvalidSignatureError):
        libwebhook.Webhook(SECRET).verify(b'{"amount":2}', signed)


def test_drop_in_code_works_by_changing_the_import() -> None:
    # The README's example, written once against each package's names.
    for module in (reference, libwebhook):
        wh = module.Webhook(SECRET)
        stamp = datetime.now(tz=timezone.utc)
        body = '{"type":"video.completed"}'
        headers = {
            "webhook-id": "msg_1",
            "webhook-timestamp": str(int(stamp.timestamp())),
            "webhook-signature": wh.sign(msg_id="msg_1", timestamp=stamp, data=body),
        }
        assert wh.verify(body, headers) == {"type": "video.completed"}
        assert wh.verify(body.encode(), headers, json_parse=False) is None
        with pytest.raises(module.WebhookVerificationError):
            wh.verify(body + " ", headers)


def test_endpoint_verification_matches_the_reference() -> None:
    ours, theirs = libwebhook.Webhook(SECRET), reference.Webhook(SECRET)
    for challenge in ["", "abc", "ünïcödé", "x" * 1000]:
        answer = theirs.endpoint_verification_response(challenge)
        assert ours.endpoint_verification_response(challenge) == answer
        ours.verify_endpoint_verification_response(challenge, answer)
        with pytest.raises(libwebhook.InvalidSignatureError):
            ours.verify_endpoint_verification_response(challenge, answer[:-2] + "A=")
