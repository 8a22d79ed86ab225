"""Verify speed against the reference ``standardwebhooks`` package.

These are pytest-benchmark benchmarks, not timed tests: nothing here fails
because a machine is slow. `cargo xtask ci` runs each once as a plain test
(``--benchmark-disable``) so they cannot rot; ``cargo xtask bench-python``
builds a release wheel and measures, and ``docs/performance.md`` records the
results.

Both sides verify the same delivery, signed by Python's ``hmac``, at the
current time, with JSON parsing off: the JSON parse is the same ``json.loads``
on either side and would only blur what we compare. Benchmarks of the
drop-in ``Webhook.verify`` and of ``Verifier.verify`` both run, since the latter
also builds its result object.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any, Callable, Dict

import pytest
import standardwebhooks.webhooks as reference

import libwebhook

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SIZES = {"1KiB": 1024, "1MiB": 1024 * 1024}


def delivery(size: int) -> tuple[bytes, Dict[str, str]]:
    pattern = b'{"type":"video.completed","data":{"id":"req_01jxr9wq7zd8tk11dp0yvnw2wv"}},'
    body = (pattern * (size // len(pattern) + 1))[:size]
    msg_id, stamp = "msg_bench", int(time.time())
    key = base64.b64decode(SECRET[len("whsec_") :])
    mac = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    headers = {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": "v1," + base64.b64encode(mac).decode(),
    }
    return body, headers


def verifiers() -> Dict[str, Callable[[bytes, Dict[str, str]], Any]]:
    ours = libwebhook.Webhook(SECRET)
    verifier = libwebhook.Verifier(SECRET)
    theirs = reference.Webhook(SECRET)
    return {
        "standardwebhooks": lambda body, headers: theirs.verify(body, headers, json_parse=False),
        "libwebhook.Webhook": lambda body, headers: ours.verify(body, headers, json_parse=False),
        "libwebhook.Verifier": verifier.verify,
    }


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("impl", list(verifiers()))
def test_verify(benchmark: Any, impl: str, size: str) -> None:
    body, headers = delivery(SIZES[size])
    verify = verifiers()[impl]
    benchmark.group = f"verify {size}"
    benchmark(verify, body, headers)
