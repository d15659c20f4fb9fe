"""A store in Redis (`redis://HOST:PORT/N`), shared by several dashboard processes.

Each entry is one Redis string `microtask:{namespace}:{key}` holding the JSON
array `[expires_at, value]`: expiry is checked against our clock (so tests can
move time), and Redis's own expiry (PX) purges the key at the same moment.
A `write` is one MULTI/EXEC transaction, so readers see all of a batch or none;
SET cannot fail on a key's type, so no command inside it can fail alone.

NOTE: a redis.asyncio client belongs to the event loop that created it, and the
dashboard runs each analysis in a fresh `asyncio.run`. So every operation opens
its own client and closes it before returning: nothing outlives a loop. That
costs one connection per batch, negligible beside LiftWing's 15 requests/s; if
callers ever go per-article, keep one client per loop and close it per run.
"""

from __future__ import annotations

import json
import math
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from microtask.cache.base import Entry
from microtask.cache.failsafe import warn_corrupt

PREFIX = "microtask:"

# A cache that needs longer than this to answer is slower than no cache.
DEFAULT_TIMEOUT = 2.0

_UNLINK_BATCH = 500


class RedisStore:
    """Entries in one Redis database, under keys starting with `microtask:`."""

    failures: tuple[type[Exception], ...] = (RedisError, OSError)

    def __init__(self, url: str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = url
        self.description = f"Redis cache {redact_url(url)}"
        self.advice = (
            "Check that redis-server is running and reachable, or unset "
            "MICROTASK_CACHE_URL to use a local SQLite cache."
        )
        self._timeout = timeout

    async def read(self, namespace: str, keys: Sequence[str]) -> dict[str, Entry]:
        async with self._client() as client:
            blobs = await client.mget([_redis_key(namespace, key) for key in keys])

        found = {}
        for key, blob in zip(keys, blobs, strict=True):
            if blob is None:
                continue
            entry = _parse(blob)
            if entry is None:
                warn_corrupt(self.description, namespace, key)
            else:
                found[key] = entry
        return found

    async def write(
        self,
        namespace: str,
        rows: Sequence[tuple[str, str]],
        now: float,
        ttl: float | None,
    ) -> None:
        expires_at = None if ttl is None else now + ttl
        px = None if ttl is None else max(1, math.ceil(ttl * 1000))
        head = json.dumps(expires_at)

        async with self._client() as client:
            async with client.pipeline(transaction=True) as pipe:
                for key, text in rows:
                    # Without px, SET also drops an older entry's expiry.
                    pipe.set(_redis_key(namespace, key), f"[{head},{text}]", px=px)
                await pipe.execute()

    async def clear(self) -> None:
        async with self._client() as client:
            batch: list[bytes] = []
            async for name in client.scan_iter(match=f"{PREFIX}*", count=1000):
                batch.append(name)
                if len(batch) >= _UNLINK_BATCH:
                    await client.unlink(*batch)
                    batch = []
            if batch:
                await client.unlink(*batch)

    async def close(self) -> None:
        """Nothing to release: no connection outlives an operation."""

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[Redis]:
        client = Redis.from_url(
            self.url,
            # Bytes, decoded per entry: one foreign non-UTF-8 value is one damaged
            # entry, not a failed batch.
            decode_responses=False,
            socket_timeout=self._timeout,
            socket_connect_timeout=self._timeout,
            # No retries: a failure already means "work without the cache".
            retry=Retry(NoBackoff(), 0),
        )
        try:
            yield client
        finally:
            await client.aclose()


def redact_url(url: str) -> str:
    """The URL without its password, fit for logs and error messages."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"***@{host}"))


def _redis_key(namespace: str, key: str) -> str:
    return f"{PREFIX}{namespace}:{key}"


def _parse(raw: bytes | str) -> Entry | None:
    """`[expires_at,value]` → Entry; None when the blob is not ours."""
    try:
        blob = raw if isinstance(raw, str) else raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not (blob.startswith("[") and blob.endswith("]")):
        return None
    head, comma, text = blob[1:-1].partition(",")
    if not comma:
        return None
    if head == "null":
        return Entry(text, None)
    try:
        return Entry(text, float(head))
    except ValueError:
        return None
