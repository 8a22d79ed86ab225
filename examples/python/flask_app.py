"""A Flask receiver for Lumenfall-style ``video.*`` webhooks.

Run it with::

    WEBHOOK_SECRET=whsec_... flask --app flask_app run --port 8080

and point the sender (or ``webhook sign`` piped into curl) at
``http://localhost:8080/webhooks/lumenfall``.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional, Tuple

from flask import Flask, request

from events import handle_event
from libwebhook import PayloadNotJsonError, Verifier, WebhookVerificationError


def create_app(secret: Optional[str] = None, *, now: Optional[int] = None) -> Flask:
    """The app, verifying with ``secret`` (default: ``$WEBHOOK_SECRET``).

    ``now`` pins the verifier's clock, for tests that replay old deliveries.
    """
    verifier = Verifier(secret or os.environ["WEBHOOK_SECRET"])
    app = Flask(__name__)

    @app.post("/webhooks/lumenfall")
    def lumenfall() -> Tuple[Dict[str, Any], int]:
        # The raw bytes, not request.json: a signature covers the exact bytes,
        # and parsed-then-reencoded JSON would no longer match it.
        body = request.get_data(cache=False)
        try:
            verifier.verify(body, request.headers, now=now)
        except WebhookVerificationError as err:
            # The kind says what failed without revealing anything about keys.
            status = 400 if err.kind in ("missing_header", "invalid_header") else 401
            return {"error": err.kind}, status
        try:
            event: Any = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict):
            return {"error": PayloadNotJsonError.kind}, 422
        return handle_event(event), 200

    return app
