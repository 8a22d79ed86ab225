"""``Webhook``: the drop-in replacement for ``standardwebhooks.Webhook``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any, Union

from ._errors import (
    EmptyWebhookSecretError,
    InvalidHeaderError,
    InvalidSignatureError,
    PayloadNotJsonError,
)
from ._libwebhook import Signer, Verifier
from ._types import Body, HeadersLike

_SECRET_PREFIX = "whsec_"


class Webhook:
    """Verify and sign ``v1`` deliveries with one secret.

    A drop-in for ``standardwebhooks.Webhook``: the same constructor, the same
    ``verify``, ``sign`` and endpoint-verification methods, and every error a
    :class:`WebhookVerificationError`. The differences are deliberate and
    listed in the package README: malformed secrets are refused here instead of
    being decoded leniently, secrets must be 16 to 256 bytes, and each failure
    has its own subclass.
    """

    __slots__ = ("_key", "_signer", "_verifier")

    def __init__(self, whsecret: Union[str, bytes]) -> None:
        if whsecret in ("", b"", _SECRET_PREFIX):
            raise EmptyWebhookSecretError("webhook secret may not be empty")
        # v1_only: like the reference, a Webhook holds one HMAC secret, so
        # whsk_/whpk_ text is refused rather than read as an ed25519 key.
        self._verifier = Verifier([whsecret], v1_only=True)
        self._signer = Signer([whsecret], v1_only=True)
        # The raw key, for endpoint verification only (a plain HMAC that the
        # core does not offer). The verifier above has already refused any text
        # that is not canonical base64, so decoding it here cannot disagree.
        if isinstance(whsecret, str):
            text = whsecret[len(_SECRET_PREFIX) :] if whsecret.startswith(_SECRET_PREFIX) else whsecret
            self._key = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            self._key = bytes(whsecret)

    def verify(self, data: Body, headers: HeadersLike, *, json_parse: bool = True) -> Any:
        """Verify a delivery at the current time.

        Returns the parsed JSON body, or ``None`` with ``json_parse=False``.
        Raises a :class:`WebhookVerificationError` subclass on any failure, and
        :class:`PayloadNotJsonError` when the signature is valid but the body is
        not JSON.
        """
        body = _snapshot(data)
        self._verifier._check(body, headers)
        if not json_parse:
            return None
        return parse_json(body)

    def sign(self, msg_id: str, timestamp: Union[datetime, int, float], data: Body) -> str:
        """The ``webhook-signature`` value for ``data`` sent as ``msg_id`` at ``timestamp``.

        ``timestamp`` is a ``datetime`` (naive ones are read as UTC) or Unix
        seconds.
        """
        return self._signer.sign(msg_id, timestamp, data)["webhook-signature"]

    def endpoint_verification_response(self, challenge: str) -> str:
        """The ``webhook-challenge-response`` value for a ``webhook-challenge``.

        Some senders check a new endpoint by sending a challenge it must answer
        with an HMAC derived from the secret; this matches the reference
        library's answer exactly.
        """
        verification_key = hmac.new(self._key, b"wev-v1", hashlib.sha256).digest()
        mac = hmac.new(verification_key, _text(challenge, "challenge"), hashlib.sha256).digest()
        return "v1," + base64.b64encode(mac).decode()

    def verify_endpoint_verification_response(self, challenge: str, header: str) -> None:
        """Checks a ``webhook-challenge-response`` value, in constant time.

        Raises :class:`InvalidSignatureError` when it is not the right answer.
        """
        expected = self.endpoint_verification_response(challenge).encode()
        if not hmac.compare_digest(expected, _text(header, "header")):
            raise InvalidSignatureError("webhook-challenge-response does not match")


def _text(value: str, what: str) -> bytes:
    """A ``str`` argument as UTF-8, with the package's errors for bad input."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    try:
        return value.encode()
    except UnicodeEncodeError:
        raise InvalidHeaderError(f"{what} holds a lone surrogate") from None


def _snapshot(data: Body) -> Body:
    """The body as an immutable value, taken once.

    We verify and then parse the very same object. A ``bytearray`` or a
    ``memoryview`` could change between the two (another thread, and we release
    the GIL while hashing large bodies), and a ``bytes`` or ``str`` subclass
    could decode differently from the bytes we checked; so those become plain
    ``bytes``/``str`` first. Other types pass through for the verifier to
    refuse with its ``TypeError``.
    """
    kind = type(data)
    if kind is bytes or kind is str:
        return data
    if isinstance(data, (bytes, bytearray)):
        return bytes(data)
    if isinstance(data, memoryview):
        try:
            if data.itemsize == 1:
                return data.tobytes()
        except ValueError:
            pass  # released: the verifier says so with its TypeError
        return data
    if isinstance(data, str):
        return str.__str__(data)
    return data


def parse_json(data: Body) -> Any:
    """``json.loads`` of a verified body, with its failures as one error type."""
    raw = data.tobytes() if isinstance(data, memoryview) else data
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        # UnicodeDecodeError and JSONDecodeError are both ValueErrors.
        reason = type(exc).__name__
        raise PayloadNotJsonError(
            f"the signature is valid but the body is not json ({reason})"
        ) from None
