"""Type aliases shared by the package's signatures."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Protocol, Tuple, Union

#: A request body: the bytes exactly as received (a ``str`` is taken as UTF-8).
Body = Union[bytes, bytearray, memoryview, str]


class HeaderObject(Protocol):
    """What framework header objects (Werkzeug, Starlette, Django,
    ``email.message.Message``) have in common: ``get`` and ``items``."""

    def get(self, name: str, /) -> Any: ...

    def items(self) -> Iterable[Tuple[Any, Any]]: ...


#: Request headers: any mapping or header object (names matched
#: case-insensitively), or ``(name, value)`` pairs.
HeadersLike = Union[
    Mapping[str, Any],
    HeaderObject,
    Iterable[Tuple[Union[str, bytes], Union[str, bytes]]],
]
