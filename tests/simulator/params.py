"""Reading Action API parameters the way MediaWiki's ParamValidator does."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class ApiFailure(Exception):
    """A request MediaWiki refuses: answered as an Action API `error`."""

    def __init__(self, code: str, info: str, **extra: Any) -> None:
        super().__init__(info)
        self.code = code
        self.info = info
        self.extra = extra


def split(value: str | None) -> list[str]:
    """A multi-value parameter: `a|b|c`, or `\\x1fa\\x1fb` when values hold `|`."""
    if not value:
        return []
    if value.startswith("\x1f"):
        return value[1:].split("\x1f")
    return value.split("|")


def integer(params: Mapping[str, str], name: str, default: int) -> int:
    """An integer parameter; anything else is MediaWiki's `badinteger` error."""
    raw = params.get(name, str(default))
    try:
        return int(raw)
    except ValueError:
        info = f'Invalid value "{raw}" for integer parameter "{name}".'
        raise ApiFailure("badinteger", info) from None


def limit(
    params: Mapping[str, str], name: str, default: int, maximum: int
) -> tuple[int, tuple[str, ...]]:
    """A limit parameter: "max", or a number cut to `maximum` with a warning."""
    if params.get(name) == "max":
        return maximum, ()
    value = integer(params, name, default)
    if value > maximum:
        warning = f'"{name}" may not be over {maximum} (set to {maximum}) for users.'
        return maximum, (warning,)
    return max(1, value), ()
