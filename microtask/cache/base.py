"""What a cache promises (`Cache`) and what a storage backend must provide (`Store`).

`FailSafeCache` (in `failsafe`) turns any `Store` into a `Cache`: it owns the
expiry, the JSON encoding and the rule that a broken cache never breaks an
analysis. Stores only move text in and out, atomically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from microtask.config import ConfigError


class CacheError(Exception):
    """The cache could not do what the user explicitly asked (clearing it)."""


class CacheURLError(ConfigError):
    """MICROTASK_CACHE_URL does not name a cache we can open."""


class Cache(Protocol):
    """JSON values by namespace and key, some with a time to live.

    Reads return hits only; expired entries are misses. Failures of the storage
    are logged on `microtask.cache` and behave as misses or skipped writes.
    """

    async def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, Any]:
        """The values still fresh for those keys; missing keys are misses."""
        ...

    async def set_many(
        self, namespace: str, items: Mapping[str, Any], ttl: float | None
    ) -> None:
        """Store all items or none of them; `ttl` in seconds, None for ever."""
        ...

    async def clear(self) -> None:
        """Forget every entry of this application; raises `CacheError` on failure."""
        ...

    async def close(self) -> None:
        """Release connections; the cache reopens them if used again."""
        ...


@dataclass(frozen=True)
class Entry:
    """One stored value as the store keeps it."""

    text: str  # one complete JSON document
    expires_at: float | None  # Unix time; None means never


class Store(Protocol):
    """Storage behind a `FailSafeCache`: raises its own errors, listed in `failures`.

    `write` must be atomic: after a failure none of the rows is visible, and a
    concurrent `read` sees either none or all of them.
    """

    description: str  # names the backend and where it is, for log messages
    advice: str  # what the user can do when it fails
    failures: tuple[type[Exception], ...]

    async def read(self, namespace: str, keys: Sequence[str]) -> dict[str, Entry]:
        """Stored entries for those keys, expired or not."""
        ...

    async def write(
        self,
        namespace: str,
        rows: Sequence[tuple[str, str]],
        now: float,
        ttl: float | None,
    ) -> None:
        """Store (key, JSON text) rows in one transaction, expiring at now + ttl."""
        ...

    async def clear(self) -> None:
        """Delete every entry of this application."""
        ...

    async def close(self) -> None:
        """Release connections and files."""
        ...
