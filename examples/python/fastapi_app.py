"""A FastAPI receiver for Lumenfall-style ``video.*`` webhooks.

Run it with::

    WEBHOOK_SECRET=whsec_... uvicorn fastapi_app:app --port 8080

(uvicorn is not among the test dependencies; any ASGI server works.)
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from events import handle_event
from libwebhook import PayloadNotJsonError, Verifier, WebhookVerificationError


def create_app(secret: Optional[str] = None, *, now: Optional[int] = None) -> FastAPI:
    """The app, verifying with ``secret`` (default: ``$WEBHOOK_SECRET``).

    ``now`` pins the verifier's clock, for tests that replay old deliveries.
    """
    verifier = Verifier(secret or os.environ["WEBHOOK_SECRET"])
    app = FastAPI()

    @app.post("/webhooks/lumenfall")
    async def lumenfall(request: Request) -> JSONResponse:
        # The raw bytes: a signature covers the body exactly as sent.
        body = await request.body()
        try:
            verifier.verify(body, request.headers, now=now)
        except WebhookVerificationError as err:
            status = 400 if err.kind in ("missing_header", "invalid_header") else 401
            return JSONResponse({"error": err.kind}, status_code=status)
        try:
            event: Any = json.loads(body)
        except ValueError:
            event = None
        if not isinstance(event, dict):
            return JSONResponse({"error": PayloadNotJsonError.kind}, status_code=422)
        summary: Dict[str, Any] = handle_event(event)
        return JSONResponse(summary)

    return app


# `uvicorn fastapi_app:app` needs a module-level app; build it only when the
# secret is configured, so importing this module in tests needs no environment.
if os.environ.get("WEBHOOK_SECRET"):
    app = create_app()
