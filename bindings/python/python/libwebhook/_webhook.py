"""``Webhook``: the drop-in replacement for ``standardwebhooks.Webhook``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Union

from ._errors import PayloadNotJsonError
from ._libwebhook import Signer, Verifier
from ._types import Body, HeadersLike


class Webhook:
    """Verify and sign ``v1`` deliveries with one secret.

    A drop-in for ``standardwebhooks.Webhook``: the same constructor, the same
    ``verify`` and ``sign``, and every error a :class:`WebhookVerificationError`.
    The differences are deliberate and documented in the package README:
    malformed secrets are refused here instead of being decoded leniently,
    secrets must be 16 to 256 bytes, and each failure has its own subclass.
    """

    __slots__ = ("_signer", "_verifier")

    def __init__(self, whsecret: Union[str, bytes]) -> None:
        # v1_only: like the reference, a Webhook holds one HMAC secret, so
        # whsk_/whpk_ text is refused rather than read as an ed25519 key.
        self._verifier = Verifier([whsecret], v1_only=True)
        self._signer = Signer([whsecret], v1_only=True)

    def verify(self, data: Body, headers: HeadersLike, *, json_parse: bool = True) -> Any:
        """Verify a delivery at the current time.

        Returns the parsed JSON body, or ``None`` with ``json_parse=False``.
        Raises a :class:`WebhookVerificationError` subclass on any failure, and
        :class:`PayloadNotJsonError` when the signature is valid but the body is
        not JSON.
        """
        self._verifier._check(data, headers)
        if not json_parse:
            return None
        return parse_json(data)

    def sign(self, msg_id: str, timestamp: Union[datetime, int, float], data: Body) -> str:
        """The ``webhook-signature`` value for ``data`` sent as ``msg_id`` at ``timestamp``.

        ``timestamp`` is a ``datetime`` (naive ones are read as UTC) or Unix
        seconds.
        """
        return self._signer.sign(msg_id, timestamp, data)["webhook-signature"]


def parse_json(data: Body) -> Any:
    """``json.loads`` of a verified body, with its failures as one error type."""
    raw = data.tobytes() if isinstance(data, memoryview) else data
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        # UnicodeDecodeError and JSONDecodeError are both ValueErrors.
        raise PayloadNotJsonError(
            f"the signature is valid but the body is not json: {exc}"
        ) from None
