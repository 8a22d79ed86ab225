"""What both example receivers do with a verified Lumenfall-style event.

Kept apart from the web frameworks so the two apps share it: the handling is
the same whichever framework received the request.
"""

from __future__ import annotations

from typing import Any, Dict


def handle_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """Acts on one ``video.*`` event and returns a short summary for the reply.

    A real receiver would store the video URL, alert on failures, and so on;
    here we only pick out what each event type carries.
    """
    kind = event.get("type")
    data = event.get("data") or {}
    summary: Dict[str, Any] = {"type": kind, "id": data.get("id")}
    if kind == "video.completed":
        summary["url"] = (data.get("output") or {}).get("url")
    elif kind == "video.failed":
        summary["error"] = (data.get("error") or {}).get("code")
    elif kind != "video.cancelled":
        # Senders add event types over time; accept and ignore the unknown
        # ones, or the sender would retry them forever.
        summary["ignored"] = True
    return summary
