"""Both example receivers, driven by their frameworks' own test clients with the
sample deliveries in ``examples/payloads``, signed here by Python's ``hmac``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest
from fastapi.testclient import TestClient

import fastapi_app
import flask_app

PAYLOADS = Path(__file__).resolve().parents[1] / "payloads"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NOW = 1_767_226_813
PATH = "/webhooks/lumenfall"


def signed(body: bytes, timestamp: int = NOW, secret: str = SECRET) -> Dict[str, str]:
    """Headers for ``body``, with the id derived as the samples' README says."""
    msg_id = "msg_" + json.loads(body)["data"]["id"] if body.startswith(b"{") else "msg_x"
    key = base64.b64decode(secret[len("whsec_") :])
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "Webhook-Id": msg_id,
        "Webhook-Timestamp": str(timestamp),
        "Webhook-Signature": "v1," + base64.b64encode(mac).decode(),
        "Content-Type": "application/json",
    }


Post = Callable[[bytes, Dict[str, str]], "Response"]


class Response:
    """The two clients' responses, reduced to what we check."""

    def __init__(self, status: int, body: Any) -> None:
        self.status = status
        self.body = body


def flask_post(body: bytes, headers: Dict[str, str]) -> Response:
    client = flask_app.create_app(SECRET, now=NOW).test_client()
    reply = client.post(PATH, data=body, headers=headers)
    return Response(reply.status_code, reply.get_json())


def fastapi_post(body: bytes, headers: Dict[str, str]) -> Response:
    client = TestClient(fastapi_app.create_app(SECRET, now=NOW))
    reply = client.post(PATH, content=body, headers=headers)
    return Response(reply.status_code, reply.json())


CLIENTS: List[Any] = [pytest.param(flask_post, id="flask"), pytest.param(fastapi_post, id="fastapi")]


@pytest.mark.parametrize("post", CLIENTS)
@pytest.mark.parametrize("event", ["video.completed", "video.failed", "video.cancelled"])
def test_sample_events_are_accepted(post: Post, event: str) -> None:
    body = (PAYLOADS / f"{event}.json").read_bytes()
    reply = post(body, signed(body))
    assert reply.status == 200, reply.body
    assert reply.body["type"] == event
    data = json.loads(body)["data"]
    assert reply.body["id"] == data["id"]
    if event == "video.completed":
        assert reply.body["url"] == data["output"]["url"]
    if event == "video.failed":
        assert reply.body["error"] == data["error"]["code"]


@pytest.mark.parametrize("post", CLIENTS)
def test_forgeries_and_bad_requests_are_refused(post: Post) -> None:
    body = (PAYLOADS / "video.completed.json").read_bytes()
    headers = signed(body)

    tampered = body.replace(b"veo-3", b"veo-4")
    assert (post(tampered, headers).status, post(tampered, headers).body) == (401, {"error": "invalid_signature"})

    stale = signed(body, timestamp=NOW - 3600)
    assert post(body, stale).body == {"error": "timestamp_too_old"}

    wrong = signed(body, secret="whsec_" + base64.b64encode(b"k" * 32).decode())
    assert post(body, wrong).status == 401

    missing = {k: v for k, v in headers.items() if k != "Webhook-Signature"}
    assert (post(body, missing).status, post(body, missing).body) == (400, {"error": "missing_header"})

    not_json = b"definitely not json"
    assert post(not_json, signed(not_json)).status == 422
