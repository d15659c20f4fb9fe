"""The policy every cache backend shares: expiry, JSON, and failing safely.

The cache only saves requests; it never decides an answer. So when the storage
fails (Redis down, SQLite locked too long, a damaged file or row), we log one
WARNING on `microtask.cache`, treat reads as misses and skip writes, and leave the
storage alone for `REST_AFTER_FAILURE` seconds so a dead server costs one timeout,
not one per batch. Only `clear`, which a user asks for, reports failure by raising.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from microtask.cache.base import CacheError, Entry, Store
from microtask.cache.keys import check_namespace, check_ttl

log = logging.getLogger("microtask.cache")

# Long enough to stop a dead Redis from adding a timeout to every batch, short
# enough that a restarted one is used again within the same analysis.
REST_AFTER_FAILURE = 30.0


class UnserialisableValue(ValueError):
    """A value given to `set_many` has no JSON form."""

    def __init__(self, key: str, cause: Exception) -> None:
        super().__init__(f"the entry {key!r} cannot be stored as UTF-8 JSON ({cause})")


class FailSafeCache:
    """A `Cache` over any `Store`; see the module docstring for the failure rule."""

    def __init__(self, store: Store, *, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self._rest_until = -math.inf

    @property
    def description(self) -> str:
        """Which backend, and where: for log lines and the dashboard's footer."""
        return self.store.description

    async def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, Any]:
        """The values still fresh for those keys; failures are misses."""
        check_namespace(namespace)
        # A key that is not valid UTF-8 (a lone surrogate) cannot have been stored.
        wanted = [key for key in dict.fromkeys(keys) if _is_utf8(key)]
        if not wanted or self._resting("read"):
            return {}

        try:
            entries = await self.store.read(namespace, wanted)
        except self.store.failures as exc:
            self._rest_after(exc, "read from")
            return {}

        return self._fresh_values(namespace, entries)

    async def set_many(
        self, namespace: str, items: Mapping[str, Any], ttl: float | None
    ) -> None:
        """Store every item or none; an unserialisable value skips the whole batch."""
        check_namespace(namespace)
        check_ttl(ttl)
        if not items or self._resting("write"):
            return

        try:
            rows = [(key, _encode(key, value)) for key, value in items.items()]
        except UnserialisableValue as exc:
            log.warning(
                "Did not cache %d %s entries: %s. The analysis is unaffected; "
                "please report this as a bug.",
                len(items),
                namespace,
                exc,
            )
            return

        try:
            await self.store.write(namespace, rows, self._clock(), ttl)
        except self.store.failures as exc:
            self._rest_after(exc, "write to")

    async def clear(self) -> None:
        """Forget every entry; raises `CacheError` because a user asked for it."""
        try:
            await self.store.clear()
        except self.store.failures as exc:
            raise CacheError(
                f"Could not clear the {self.description} ({_name(exc)}). "
                f"{self.store.advice}"
            ) from exc
        self._rest_until = -math.inf

    async def close(self) -> None:
        """Release connections; a failure to do so is only logged."""
        try:
            await self.store.close()
        except self.store.failures as exc:
            log.warning("Could not close the %s (%s).", self.description, _name(exc))

    def _fresh_values(
        self, namespace: str, entries: Mapping[str, Entry]
    ) -> dict[str, Any]:
        now = self._clock()
        values = {}
        for key, entry in entries.items():
            if entry.expires_at is not None and entry.expires_at <= now:
                continue
            try:
                values[key] = json.loads(entry.text)
            except ValueError:
                warn_corrupt(self.description, namespace, key)
        return values

    def _resting(self, action: str) -> bool:
        if self._clock() >= self._rest_until:
            return False
        log.debug(
            "Skipped a cache %s: the %s failed recently.", action, self.description
        )
        return True

    def _rest_after(self, exc: Exception, action: str) -> None:
        self._rest_until = self._clock() + REST_AFTER_FAILURE
        log.warning(
            "Could not %s the %s (%s); working without the cache for %d s. %s",
            action,
            self.description,
            _name(exc),
            REST_AFTER_FAILURE,
            self.store.advice,
        )


def warn_corrupt(description: str, namespace: str, key: str) -> None:
    """A damaged entry is a miss; the next write of that key replaces it."""
    log.warning(
        "Ignored a damaged entry %s/%s in the %s; it will be fetched again.",
        namespace,
        key,
        description,
    )


def _encode(key: str, value: Any) -> str:
    # NaN and Infinity are not JSON: other readers of the store would choke on them.
    try:
        text = json.dumps(
            value, ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
    except (TypeError, ValueError, RecursionError) as exc:
        raise UnserialisableValue(key, exc) from None
    # Every store keeps UTF-8; a lone surrogate would fail inside the transaction.
    if not (_is_utf8(key) and _is_utf8(text)):
        raise UnserialisableValue(key, ValueError("it holds a lone surrogate"))
    return text


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _name(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
