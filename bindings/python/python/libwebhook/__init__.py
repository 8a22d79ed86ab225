"""Sign and verify Standard Webhooks deliveries, in Rust.

``Webhook`` is a drop-in for the ``standardwebhooks`` package's class.
``Verifier`` and ``Signer`` add key rings (several secrets, ed25519 ``whpk_``
keys, JWK sets), an explicit ``now`` and a :class:`Verified` result.

For senders, ``check_url`` (or a ``UrlPolicy`` with added rules) checks a
destination URL, and ``check_addresses`` every address its host resolved to,
against server-side request forgery; refusals are ``UrlRefusedError``
subclasses.
"""

from ._errors import (
    BlockedHostError,
    EmptyWebhookSecretError,
    HttpsRequiredError,
    InvalidHeaderError,
    InvalidSecretError,
    InvalidSignatureError,
    IpLiteralError,
    MalformedUrlError,
    MissingHeaderError,
    NoSupportedSignatureError,
    PayloadNotJsonError,
    PortNotAllowedError,
    PrivateAddressError,
    RandomSourceError,
    TimestampTooNewError,
    TimestampTooOldError,
    UrlRefusedError,
    UrlTooLongError,
    UserinfoError,
    WebhookVerificationError,
)
from ._libwebhook import (
    BLOCKED_NAMES,
    DEFAULT_PORTS,
    DEFAULT_TOLERANCE_SECS,
    MAX_URL_LEN,
    Signer,
    UrlPolicy,
    Verified,
    Verifier,
    __version__,
    check_address,
    check_addresses,
    check_url,
    generate_keypair,
    generate_secret,
    is_public_address,
    parse_jwks_keys,
    public_key,
    signing_key,
)
from ._webhook import Webhook

__all__ = [
    "BLOCKED_NAMES",
    "BlockedHostError",
    "DEFAULT_PORTS",
    "DEFAULT_TOLERANCE_SECS",
    "EmptyWebhookSecretError",
    "HttpsRequiredError",
    "InvalidHeaderError",
    "InvalidSecretError",
    "InvalidSignatureError",
    "IpLiteralError",
    "MAX_URL_LEN",
    "MalformedUrlError",
    "MissingHeaderError",
    "NoSupportedSignatureError",
    "PayloadNotJsonError",
    "PortNotAllowedError",
    "PrivateAddressError",
    "RandomSourceError",
    "Signer",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "UrlPolicy",
    "UrlRefusedError",
    "UrlTooLongError",
    "UserinfoError",
    "Verified",
    "Verifier",
    "Webhook",
    "WebhookVerificationError",
    "__version__",
    "check_address",
    "check_addresses",
    "check_url",
    "generate_keypair",
    "generate_secret",
    "is_public_address",
    "parse_jwks_keys",
    "public_key",
    "signing_key",
]
