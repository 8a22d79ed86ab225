"""The exceptions libwebhook raises, one class per kind of failure.

Verification failures derive from :class:`WebhookVerificationError`, so code
written for the ``standardwebhooks`` package, which catches only that, keeps
working. A sender's refused destination (a URL, or an address its host resolved
to) derives from :class:`UrlRefusedError`, a ``ValueError``, and never from
:class:`WebhookVerificationError`: it is the sender's configuration problem, not
a forged delivery. Each class has a ``kind``: the same name the Rust core, the C
library (``WH_RESULT_*``) and the ``webhook`` command use for that failure.
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


class UrlRefusedError(ValueError):
    """A webhook destination was refused: its URL, or an address its host
    resolved to. Subclasses say why.

    The message is the core's: lowercase, naming the offending part, quoting
    the caller's text only escaped, and at most 256 bytes, so it can go back to
    the customer in a 400 response as it is. Match on the class or on ``kind``;
    the wording may change between releases.
    """

    kind: str = "url_refused"


class HttpsRequiredError(UrlRefusedError):
    """The scheme is not ``https``."""

    kind = "https_required"


class IpLiteralError(UrlRefusedError):
    """The host is an IP address, in any spelling the URL parser reads as one,
    or an invalid attempt at one (``999.1.1.1``, ``[::1``)."""

    kind = "ip_literal"


class PortNotAllowedError(UrlRefusedError):
    """The URL names a port other than 443, 8443 and the policy's additions, or
    spells one in any form but plain decimal (``:0443``, an empty ``:``)."""

    kind = "port_not_allowed"


class BlockedHostError(UrlRefusedError):
    """The host is a blocked name: loopback, cloud metadata, an internal or
    special-use suffix, a single label, or a name the policy added."""

    kind = "blocked_host"


class MalformedUrlError(UrlRefusedError):
    """The text is not a URL we deliver to: control characters, whitespace, a
    backslash, a fragment, wrong slashes, no host, a host that is no valid
    domain name, or text the parser refuses. Also a name given to
    :meth:`UrlPolicy.block_name` that is not a domain name."""

    kind = "malformed"


class UserinfoError(UrlRefusedError):
    """The URL carries user information (``user:pass@``), even an empty one."""

    kind = "userinfo"


class UrlTooLongError(UrlRefusedError):
    """The URL, or its normalised form, is longer than ``MAX_URL_LEN`` bytes."""

    kind = "too_long"


class PrivateAddressError(UrlRefusedError):
    """An address the host resolved to is not publicly routable, or it resolved
    to no address at all."""

    kind = "private_address"


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

#: Each destination refusal by its kind (``UrlErrorKind::as_str`` in the core).
_URL_BY_KIND: Dict[str, Type[UrlRefusedError]] = {
    cls.kind: cls
    for cls in (
        HttpsRequiredError,
        IpLiteralError,
        PortNotAllowedError,
        BlockedHostError,
        MalformedUrlError,
        UserinfoError,
        UrlTooLongError,
        PrivateAddressError,
    )
}
