"""The cache: saves LiftWing and page-view requests between analyses.

    keys           namespaces, their expiries, key builders (`quality_key`, …)
    base           the `Cache` protocol, the `Store` protocol, the errors
    failsafe       `FailSafeCache`: expiry, JSON, failures become misses
    memory_store   `memory://`, for tests
    sqlite_store   the default: one SQLite file, shared by local processes
    redis_store    `redis://`, shared by dashboard processes on several machines
    urls           `open_cache(url)` and the default SQLite path

What it promises:
- Values are JSON (dicts, lists, numbers, strings, booleans, None) and come back
  as `json.loads` gives them: tuples come back as lists.
- A `set_many` is stored whole or not at all, so an analysis stopped midway (or
  a second one started meanwhile) leaves no half-written batch; a reader never
  sees part of a value.
- A failing backend never fails an analysis: a WARNING on `microtask.cache`,
  then misses and skipped writes (see `failsafe`). Only `clear` raises.
- A `Cache` object works across consecutive `asyncio.run` calls and threads:
  nothing bound to an event loop outlives an operation.
"""

from microtask.cache.base import Cache, CacheError, CacheURLError
from microtask.cache.failsafe import FailSafeCache
from microtask.cache.keys import (
    COUNTRIES,
    COUNTRIES_TTL,
    PAGEVIEWS,
    PAGEVIEWS_TTL,
    QUALITY,
    QUALITY_TTL,
    TOPICS,
    TOPICS_TTL,
    page_key,
    quality_key,
)
from microtask.cache.urls import default_cache_path, open_cache

__all__ = [
    "COUNTRIES",
    "COUNTRIES_TTL",
    "PAGEVIEWS",
    "PAGEVIEWS_TTL",
    "QUALITY",
    "QUALITY_TTL",
    "TOPICS",
    "TOPICS_TTL",
    "Cache",
    "CacheError",
    "CacheURLError",
    "FailSafeCache",
    "default_cache_path",
    "open_cache",
    "page_key",
    "quality_key",
]
