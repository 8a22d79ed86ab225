"""Type stub for the compiled module ``libwebhook._libwebhook``."""

from datetime import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union, final

from ._types import Body, HeadersLike

__all__ = [
    "__version__",
    "DEFAULT_TOLERANCE_SECS",
    "Verifier",
    "Verified",
    "Signer",
    "generate_secret",
    "generate_keypair",
    "public_key",
    "signing_key",
    "parse_jwks_keys",
]
__version__: str
DEFAULT_TOLERANCE_SECS: int

_Time = Union[datetime, int, float]
_Key = Union[str, bytes, bytearray, memoryview]
_KeyEntry = Union[_Key, Tuple[_Key, _Time]]
_Jwks = Union[str, bytes, Mapping[str, Any]]

@final
class Verified:
    """What a successful verification established."""

    @property
    def id(self) -> str: ...
    @property
    def timestamp(self) -> int: ...
    @property
    def key_index(self) -> int: ...
    @property
    def scheme(self) -> str: ...
    @property
    def kid(self) -> Optional[str]: ...

@final
class Verifier:
    """A key ring with a clock tolerance, immutable and safe to share between threads."""

    def __new__(
        cls,
        keys: Optional[Union[_Key, Iterable[_KeyEntry]]] = None,
        /,
        *,
        tolerance: int = 300,
        jwks: Optional[_Jwks] = None,
        v1_only: bool = False,
    ) -> Verifier: ...
    @property
    def tolerance(self) -> int: ...
    def __len__(self) -> int: ...
    def verify(
        self, data: Body, headers: HeadersLike, /, *, now: Optional[_Time] = None
    ) -> Verified: ...
    def _check(
        self, data: Body, headers: HeadersLike, /, *, now: Optional[_Time] = None
    ) -> None: ...

@final
class Signer:
    """A signing key ring: one signature per key on every delivery."""

    def __new__(cls, keys: Union[_Key, Iterable[_Key]], /, *, v1_only: bool = False) -> Signer: ...
    def sign(self, msg_id: str, timestamp: _Time, data: Body, /) -> Dict[str, str]: ...

def generate_secret() -> str: ...
def generate_keypair() -> Tuple[str, str]: ...
def public_key(key: str, /) -> str: ...
def signing_key(key: str, /) -> Tuple[str, str]: ...
def parse_jwks_keys(jwks: _Jwks, /) -> List[Tuple[Optional[str], str]]: ...
