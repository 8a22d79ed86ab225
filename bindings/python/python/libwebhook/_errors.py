"""The exceptions libwebhook raises, one class per kind of failure.

Every class derives from :class:`WebhookVerificationError`, so code written for
the ``standardwebhooks`` package, which catches only that, keeps working. Each
class has a ``kind``: the same name the Rust core, the C library
(``WH_RESULT_*``) and the ``webhook`` command use for that failure.
"""

from __future__ import annotations

from typing import Dict, Type


class WebhookVerificationError(Exception):
    """A delivery, a key or a header was refused. Subclasses say why."""

    kind: str = "webhook_verification_error"


class InvalidSecretError(WebhookVerificationError):
    """A secret or key could not be parsed, a key ring is empty, or a signing
    ring holds more keys than receivers check."""

    kind = "invalid_secret"


class EmptyWebhookSecretError(InvalidSecretError):
    """``Webhook`` was given an empty secret.

    The reference library's name for this case, kept so code that catches it
    still works; it is an :class:`InvalidSecretError` like any other bad secret.
    """


class MissingHeaderError(WebhookVerificationError):
    """``webhook-id``, ``webhook-timestamp`` or ``webhook-signature`` is absent."""

    kind = "missing_header"


class InvalidHeaderError(WebhookVerificationError):
    """A webhook header is present but malformed or too large."""

    kind = "invalid_header"


class TimestampTooOldError(WebhookVerificationError):
    """``webhook-timestamp`` is further in the past than the tolerance allows."""

    kind = "timestamp_too_old"


class TimestampTooNewError(WebhookVerificationError):
    """``webhook-timestamp`` is further in the future than the tolerance allows."""

    kind = "timestamp_too_new"


class NoSupportedSignatureError(WebhookVerificationError):
    """The signature header has no entry of a scheme the key ring holds."""

    kind = "no_supported_signature"


class InvalidSignatureError(WebhookVerificationError):
    """Entries of a scheme we hold a key for are present, and none matches."""

    kind = "invalid_signature"


class RandomSourceError(WebhookVerificationError):
    """The operating system's random source failed while generating a key."""

    kind = "random_source"


class PayloadNotJsonError(WebhookVerificationError):
    """The signature is valid, but the body is not the JSON the caller asked for.

    Raised only when JSON parsing was requested. Telling this apart from
    :class:`InvalidSignatureError` matters: this body really came from the
    sender, who sent something other than JSON.
    """

    kind = "payload_not_json"


#: Each class by its kind, for the compiled module to raise the right one.
_BY_KIND: Dict[str, Type[WebhookVerificationError]] = {
    cls.kind: cls
    for cls in (
        InvalidSecretError,
        MissingHeaderError,
        InvalidHeaderError,
        TimestampTooOldError,
        TimestampTooNewError,
        NoSupportedSignatureError,
        InvalidSignatureError,
        RandomSourceError,
        PayloadNotJsonError,
    )
}
