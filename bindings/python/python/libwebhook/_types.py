"""Type aliases shared by the package's signatures."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Tuple, Union

#: A request body: the bytes exactly as received (a ``str`` is taken as UTF-8).
Body = Union[bytes, bytearray, memoryview, str]

#: Request headers: any mapping (names matched case-insensitively) or pairs.
HeadersLike = Union[Mapping[str, Any], Iterable[Tuple[Union[str, bytes], Union[str, bytes]]]]
