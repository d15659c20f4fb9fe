"""A store in one SQLite file: the default, shared by every process on a machine.

WAL mode lets readers go on while one process writes; `busy_timeout` makes a
writer wait for another's transaction instead of failing at once. Each `write`
is one `BEGIN IMMEDIATE` transaction, so a batch is all there or not at all,
even if the process dies midway.

The sqlite3 calls run in a worker thread (`asyncio.to_thread`): a lookup takes
microseconds, but waiting out another process's lock can take `busy_timeout`, and
that must not freeze the event loop and the HTTP requests running on it.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from microtask.cache.base import Entry

T = TypeVar("T")

# A batch commits in milliseconds; waiting longer than this means something is
# wrong with the file, and working without the cache is faster.
DEFAULT_BUSY_TIMEOUT = 2.0

# Stay far below SQLite's limit on bound parameters per statement.
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    expires_at REAL,
    PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS entries_expiry ON entries (expires_at)
    WHERE expires_at IS NOT NULL;
"""


class SQLiteStore:
    """Entries in the table `entries` of one SQLite file, created on first use."""

    failures: tuple[type[Exception], ...] = (sqlite3.Error, OSError)

    def __init__(
        self, path: Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT
    ) -> None:
        self.path = path
        self.description = f"SQLite cache {path}"
        self.advice = (
            f"Another program may be holding {path} locked, or the file is damaged: "
            "close it, or delete the file to start an empty cache."
        )
        self._busy_timeout = busy_timeout
        self._connection: sqlite3.Connection | None = None
        # One connection, used by one worker thread at a time.
        self._lock = threading.Lock()

    async def read(self, namespace: str, keys: Sequence[str]) -> dict[str, Entry]:
        return await asyncio.to_thread(self._locked, _select, namespace, keys)

    async def write(
        self,
        namespace: str,
        rows: Sequence[tuple[str, str]],
        now: float,
        ttl: float | None,
    ) -> None:
        expires_at = None if ttl is None else now + ttl
        await asyncio.to_thread(self._locked, _upsert, namespace, rows, now, expires_at)

    async def clear(self) -> None:
        await asyncio.to_thread(self._locked, _delete_all)

    async def close(self) -> None:
        await asyncio.to_thread(self._close)

    def _locked(self, work: Callable[..., T], *args: object) -> T:
        with self._lock:
            connection = self._connect()
            try:
                return work(connection, *args)
            except sqlite3.DatabaseError:
                # Reopen next time: the file may have been replaced or repaired.
                self._close_unlocked()
                raise

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection

        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # we say BEGIN and COMMIT ourselves
            check_same_thread=False,  # worker threads take turns under self._lock
        )
        try:
            # WAL is a property of the file; synchronous=NORMAL is safe with WAL
            # (a power cut can lose the last batch, never corrupt the file).
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(_SCHEMA)
        except BaseException:
            connection.close()
            raise

        self._connection = connection
        return connection

    def _close(self) -> None:
        with self._lock:
            self._close_unlocked()

    def _close_unlocked(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@contextmanager
def _transaction(connection: sqlite3.Connection, begin: str) -> Iterator[None]:
    connection.execute(begin)
    try:
        yield
    except BaseException:
        # Some errors (a full disk, a trigger's RAISE(ROLLBACK)) already rolled back.
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _select(
    connection: sqlite3.Connection, namespace: str, keys: Sequence[str]
) -> dict[str, Entry]:
    # One read transaction, so all chunks come from the same snapshot.
    found: dict[str, Entry] = {}
    with _transaction(connection, "BEGIN"):
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            cursor = connection.execute(
                "SELECT key, value, expires_at FROM entries "
                f"WHERE namespace = ? AND key IN ({marks})",
                (namespace, *chunk),
            )
            for key, text, expires_at in cursor:
                found[key] = Entry(text, expires_at)
    return found


def _upsert(
    connection: sqlite3.Connection,
    namespace: str,
    rows: Sequence[tuple[str, str]],
    now: float,
    expires_at: float | None,
) -> None:
    # IMMEDIATE takes the write lock up front: a deferred transaction that reads
    # first can fail with SQLITE_BUSY at once instead of waiting busy_timeout.
    with _transaction(connection, "BEGIN IMMEDIATE"):
        # Expired entries are purged here, lazily, by whoever writes next.
        connection.execute("DELETE FROM entries WHERE expires_at <= ?", (now,))
        connection.executemany(
            "INSERT OR REPLACE INTO entries (namespace, key, value, expires_at) "
            "VALUES (?, ?, ?, ?)",
            [(namespace, key, text, expires_at) for key, text in rows],
        )


def _delete_all(connection: sqlite3.Connection) -> None:
    with _transaction(connection, "BEGIN IMMEDIATE"):
        connection.execute("DELETE FROM entries")
