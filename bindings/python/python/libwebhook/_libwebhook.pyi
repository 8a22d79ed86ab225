"""Type stub for the compiled module ``libwebhook._libwebhook``."""

from datetime import datetime
from ipaddress import IPv4Address, IPv6Address
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
    "MAX_URL_LEN",
    "DEFAULT_PORTS",
    "BLOCKED_NAMES",
    "UrlPolicy",
    "check_url",
    "check_address",
    "check_addresses",
    "is_public_address",
]
__version__: str
DEFAULT_TOLERANCE_SECS: int
MAX_URL_LEN: int
DEFAULT_PORTS: Tuple[int, ...]
BLOCKED_NAMES: Tuple[str, ...]

_Time = Union[datetime, int, float]
_Key = Union[str, bytes, bytearray, memoryview]
_KeyEntry = Union[_Key, Tuple[_Key, _Time]]
_Jwks = Union[str, bytes, Mapping[str, Any]]
_Address = Union[str, IPv4Address, IPv6Address]

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

@final
class UrlPolicy:
    """The destination-URL rules plus added blocked names and ports; safe to
    share between threads."""

    def __new__(cls) -> UrlPolicy: ...
    def block_name(self, name: str, /) -> None: ...
    def allow_port(self, port: int, /) -> None: ...
    def check(self, url: str, /) -> str: ...
    @property
    def blocked_names(self) -> Tuple[str, ...]: ...
    @property
    def allowed_ports(self) -> Tuple[int, ...]: ...

def check_url(url: str, /) -> str: ...
def check_address(address: _Address, /) -> None: ...
def check_addresses(addresses: Iterable[_Address], /) -> None: ...
def is_public_address(address: _Address, /) -> bool: ...
