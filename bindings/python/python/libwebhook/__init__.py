"""Sign and verify Standard Webhooks deliveries, in Rust.

``Webhook`` is a drop-in for the ``standardwebhooks`` package's class.
``Verifier`` and ``Signer`` add key rings (several secrets, ed25519 ``whpk_``
keys, JWK sets), an explicit ``now`` and a :class:`Verified` result.
"""

from ._errors import (
    EmptyWebhookSecretError,
    InvalidHeaderError,
    InvalidSecretError,
    InvalidSignatureError,
    MissingHeaderError,
    NoSupportedSignatureError,
    PayloadNotJsonError,
    RandomSourceError,
    TimestampTooNewError,
    TimestampTooOldError,
    WebhookVerificationError,
)
from ._libwebhook import (
    DEFAULT_TOLERANCE_SECS,
    Signer,
    Verified,
    Verifier,
    __version__,
    generate_keypair,
    generate_secret,
    parse_jwks_keys,
    public_key,
    signing_key,
)
from ._webhook import Webhook

__all__ = [
    "DEFAULT_TOLERANCE_SECS",
    "EmptyWebhookSecretError",
    "InvalidHeaderError",
    "InvalidSecretError",
    "InvalidSignatureError",
    "MissingHeaderError",
    "NoSupportedSignatureError",
    "PayloadNotJsonError",
    "RandomSourceError",
    "Signer",
    "TimestampTooNewError",
    "TimestampTooOldError",
    "Verified",
    "Verifier",
    "Webhook",
    "WebhookVerificationError",
    "__version__",
    "generate_keypair",
    "generate_secret",
    "parse_jwks_keys",
    "public_key",
    "signing_key",
]
