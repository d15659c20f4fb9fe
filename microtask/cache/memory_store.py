"""A store in this process's memory, for tests and one-off runs (`memory://`).

Values are kept as JSON text, like every other store, so a caller that mutates
a dict after `set_many` cannot change what the cache returns.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from microtask.cache.base import Entry


class MemoryStore:
    """Entries in a dict; each `open_cache("memory://")` starts empty."""

    description = "in-memory cache"
    advice = "Nothing to do: it lives and dies with this process."
    failures: tuple[type[Exception], ...] = ()

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], Entry] = {}
        # Streamlit runs each session in its own thread, each with its own loop.
        self._lock = threading.Lock()

    async def read(self, namespace: str, keys: Sequence[str]) -> dict[str, Entry]:
        with self._lock:
            found = {key: self._entries.get((namespace, key)) for key in keys}
        return {key: entry for key, entry in found.items() if entry is not None}

    async def write(
        self,
        namespace: str,
        rows: Sequence[tuple[str, str]],
        now: float,
        ttl: float | None,
    ) -> None:
        expires_at = None if ttl is None else now + ttl
        new = {(namespace, key): Entry(text, expires_at) for key, text in rows}
        with self._lock:
            self._purge(now)
            self._entries.update(new)

    async def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    async def close(self) -> None:
        """Nothing to release; the entries stay for the next use."""

    def _purge(self, now: float) -> None:
        expired = [
            name
            for name, entry in self._entries.items()
            if entry.expires_at is not None and entry.expires_at <= now
        ]
        for name in expired:
            del self._entries[name]
