"""`open_cache(url)`: from MICROTASK_CACHE_URL to a ready `Cache`.

    ""                        SQLite file in the user cache directory (default)
    sqlite:///ABSOLUTE/PATH   SQLite file at that path
    redis://HOST:PORT/N       Redis database N (rediss:// for TLS), shared by
                              several dashboard processes
    memory://                 this process only, empty at start (tests)

Opening connects to nothing: the first operation does, so a bad server shows
up as a logged warning during the analysis, not as an error at start-up.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

import platformdirs

from microtask.cache.base import CacheURLError, Store
from microtask.cache.failsafe import FailSafeCache
from microtask.cache.memory_store import MemoryStore
from microtask.cache.redis_store import RedisStore, redact_url
from microtask.cache.sqlite_store import SQLiteStore

APP_DIR_NAME = "microtask-generator"

_FORMS = (
    "Use sqlite:///ABSOLUTE/PATH, redis://HOST:PORT/N, memory://, or leave "
    "MICROTASK_CACHE_URL empty for the default SQLite file."
)


def default_cache_path() -> Path:
    """The SQLite file used when no URL is given, e.g. ~/.cache/microtask-generator."""
    folder = platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)
    return Path(folder) / "cache.sqlite3"


def open_cache(url: str, *, clock: Callable[[], float] = time.time) -> FailSafeCache:
    """The cache named by `url` (see the module docstring); `clock` is for tests."""
    return FailSafeCache(_store(url.strip()), clock=clock)


def _store(url: str) -> Store:
    if not url:
        return SQLiteStore(default_cache_path())

    parts = _split(url)
    if parts.scheme == "memory":
        if parts.netloc or parts.path or parts.query:
            raise _bad(url, "memory:// takes no host, path or options")
        return MemoryStore()
    if parts.scheme == "sqlite":
        return SQLiteStore(_sqlite_path(url, parts))
    if parts.scheme in ("redis", "rediss"):
        _check_redis(url, parts)
        return RedisStore(url)
    raise _bad(url, f"the scheme {parts.scheme or '(none)'!r} is not supported")


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _bad(url, str(exc)) from None
    return parts._replace(scheme=parts.scheme.lower())


def _sqlite_path(url: str, parts: SplitResult) -> Path:
    if parts.netloc:
        raise _bad(url, "an SQLite path needs three slashes: sqlite:///home/me/c.db")
    path = Path(unquote(parts.path))
    if not path.is_absolute():
        raise _bad(url, "the SQLite path must be absolute")
    if parts.path.endswith("/"):
        raise _bad(url, "the SQLite path names a folder, not a file")
    return path


def _check_redis(url: str, parts: SplitResult) -> None:
    try:
        _ = parts.port  # reading it validates the port
    except ValueError:
        raise _bad(url, "the Redis port is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise _bad(url, "the Redis URL has no host")
    database = parts.path.lstrip("/")
    if database and not database.isdigit():
        raise _bad(url, f"the Redis database must be a number, not {database!r}")


def _bad(url: str, reason: str) -> CacheURLError:
    return CacheURLError(
        f"MICROTASK_CACHE_URL={redact_url(url)!r} cannot be used: {reason}. {_FORMS}"
    )
