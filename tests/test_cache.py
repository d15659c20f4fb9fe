"""The cache: one behavioural suite run against memory, SQLite and a real Redis.

Time is a `FakeClock` handed to `open_cache`, never a sleep. The Redis tests use
a redis-server started by `tests/redis_server.py`; without the binary they fail
with instructions, unless MICROTASK_SKIP_REDIS=1.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sqlite3
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import redis

from microtask.cache import (
    COUNTRIES,
    COUNTRIES_TTL,
    PAGEVIEWS,
    PAGEVIEWS_TTL,
    QUALITY,
    QUALITY_TTL,
    TOPICS,
    TOPICS_TTL,
    CacheError,
    CacheURLError,
    FailSafeCache,
    default_cache_path,
    open_cache,
    page_key,
    quality_key,
)
from microtask.cache.failsafe import REST_AFTER_FAILURE
from microtask.cache.memory_store import MemoryStore
from microtask.cache.redis_store import RedisStore
from microtask.cache.sqlite_store import SQLiteStore
from microtask.config import ConfigError
from tests.redis_server import (
    SKIP_VARIABLE,
    RedisServer,
    RedisServerError,
    find_redis_server,
    skip_requested,
)

START = 1_750_000_000.0
YEAR = 365 * 24 * 3600.0
REV_AS_TEXT: Any = "12"  # what a caller forgetting int() would pass


class FakeClock:
    """Unix time that moves only when a test says so."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    if skip_requested():
        pytest.skip(f"{SKIP_VARIABLE}=1: Redis cache tests skipped on request")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    try:
        server.start()
    except RedisServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """Database 0 of the shared server, emptied for this test."""
    url = redis_server.url(0)
    with redis.Redis.from_url(url) as raw:
        raw.flushdb()
    return url


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "nested" / "cache.sqlite3"


@pytest.fixture(
    params=["memory", "sqlite", pytest.param("redis", marks=pytest.mark.redis)]
)
def cache_url(request: pytest.FixtureRequest, sqlite_path: Path) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "sqlite":
        return f"sqlite://{sqlite_path}"
    return str(request.getfixturevalue("redis_url"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def cache(cache_url: str, clock: FakeClock) -> AsyncIterator[FailSafeCache]:
    opened = open_cache(cache_url, clock=clock)
    yield opened
    await opened.close()


@pytest.fixture
async def twin(
    cache: FailSafeCache, cache_url: str, clock: FakeClock
) -> AsyncIterator[FailSafeCache]:
    """A second cache on the same storage through its own connection, as another
    process would open it (memory:// has no other process: the same object)."""
    if cache_url == "memory://":
        yield cache
        return
    other = open_cache(cache_url, clock=clock)
    yield other
    await other.close()


def cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "microtask.cache" and r.levelno == logging.WARNING
    ]


# Hits, misses, namespaces


async def test_get_many_returns_only_the_hits(cache: FailSafeCache) -> None:
    await cache.set_many(TOPICS, {"en:Cat": ["STEM.Biology"], "en:Dog": []}, None)

    found = await cache.get_many(TOPICS, ["en:Cat", "en:Dog", "en:Horse"])

    assert found == {"en:Cat": ["STEM.Biology"], "en:Dog": []}


async def test_an_empty_cache_has_no_hits(cache: FailSafeCache) -> None:
    assert await cache.get_many(QUALITY, ["en:1", "en:2"]) == {}
    assert await cache.get_many(QUALITY, []) == {}


async def test_namespaces_do_not_share_keys(cache: FailSafeCache) -> None:
    await cache.set_many(TOPICS, {"en:Cat": "topics"}, None)
    await cache.set_many(COUNTRIES, {"en:Cat": "countries"}, None)

    topics = await cache.get_many(TOPICS, ["en:Cat"])
    pageviews = await cache.get_many(PAGEVIEWS, ["en:Cat"])

    assert topics == {"en:Cat": "topics"}
    assert pageviews == {}


async def test_a_repeated_key_is_read_once(cache: FailSafeCache) -> None:
    await cache.set_many(PAGEVIEWS, {"en:Cat": 12}, PAGEVIEWS_TTL)

    found = await cache.get_many(PAGEVIEWS, ["en:Cat", "en:Cat"])

    assert found == {"en:Cat": 12}


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(
            {"score": 0.98258, "label": "FA", "features": {"infobox": True}},
            id="quality-dict",
        ),
        pytest.param([{"label": "STEM.Physics", "score": 0.999}], id="topic-list"),
        pytest.param(1234, id="int"),
        pytest.param(-0.5, id="float"),
        pytest.param(False, id="false"),
        pytest.param(None, id="null"),
        pytest.param("", id="empty-string"),
        pytest.param({}, id="empty-dict"),
    ],
)
async def test_values_come_back_equal(cache: FailSafeCache, value: Any) -> None:
    await cache.set_many(QUALITY, {"en:1": value}, None)

    found = await cache.get_many(QUALITY, ["en:1"])

    assert found == {"en:1": value}
    assert "en:1" in found  # a stored None is a hit, not a miss


async def test_values_are_json_so_tuples_come_back_as_lists(
    cache: FailSafeCache,
) -> None:
    await cache.set_many(TOPICS, {"en:Cat": ("STEM.Biology", 0.9)}, None)

    found = await cache.get_many(TOPICS, ["en:Cat"])

    assert found == {"en:Cat": ["STEM.Biology", 0.9]}


async def test_changing_a_value_after_storing_it_changes_nothing(
    cache: FailSafeCache,
) -> None:
    value = {"tasks": ["add references"]}
    await cache.set_many(QUALITY, {"en:7": value}, None)

    value["tasks"].append("add images")
    found = await cache.get_many(QUALITY, ["en:7"])

    assert found == {"en:7": {"tasks": ["add references"]}}


# Expiry and overwriting


@pytest.mark.parametrize(
    ("namespace", "ttl"),
    [
        pytest.param(PAGEVIEWS, PAGEVIEWS_TTL, id="pageviews-12h"),
        pytest.param(TOPICS, TOPICS_TTL, id="topics-7d"),
        pytest.param(COUNTRIES, COUNTRIES_TTL, id="countries-7d"),
        pytest.param(TOPICS, 0.5, id="half-a-second"),
    ],
)
async def test_an_entry_is_a_hit_until_its_ttl_then_a_miss(
    cache: FailSafeCache, clock: FakeClock, namespace: str, ttl: float
) -> None:
    await cache.set_many(namespace, {"en:Cat": 1}, ttl)

    clock.advance(ttl * 0.999)
    before = await cache.get_many(namespace, ["en:Cat"])
    clock.advance(ttl * 0.001)
    after = await cache.get_many(namespace, ["en:Cat"])

    assert before == {"en:Cat": 1}
    assert after == {}


async def test_quality_never_expires(cache: FailSafeCache, clock: FakeClock) -> None:
    key = quality_key("en", 1234567)
    await cache.set_many(QUALITY, {key: {"label": "FA"}}, QUALITY_TTL)

    clock.advance(50 * YEAR)
    found = await cache.get_many(QUALITY, [key])

    assert QUALITY_TTL is None
    assert found == {key: {"label": "FA"}}


async def test_overwriting_replaces_the_value(cache: FailSafeCache) -> None:
    await cache.set_many(PAGEVIEWS, {"en:Cat": 10, "en:Dog": 20}, PAGEVIEWS_TTL)
    await cache.set_many(PAGEVIEWS, {"en:Cat": 11}, PAGEVIEWS_TTL)

    found = await cache.get_many(PAGEVIEWS, ["en:Cat", "en:Dog"])

    assert found == {"en:Cat": 11, "en:Dog": 20}


@pytest.mark.parametrize(
    ("first_ttl", "second_ttl", "hit_after_a_year"),
    [
        pytest.param(60.0, None, True, id="expiring-then-forever"),
        pytest.param(None, 60.0, False, id="forever-then-expiring"),
    ],
)
async def test_overwriting_replaces_the_expiry(
    cache: FailSafeCache,
    clock: FakeClock,
    first_ttl: float | None,
    second_ttl: float | None,
    hit_after_a_year: bool,
) -> None:
    await cache.set_many(TOPICS, {"en:Cat": "first"}, first_ttl)
    await cache.set_many(TOPICS, {"en:Cat": "second"}, second_ttl)

    clock.advance(YEAR)
    found = await cache.get_many(TOPICS, ["en:Cat"])

    assert found == ({"en:Cat": "second"} if hit_after_a_year else {})


async def test_an_expired_key_can_be_stored_again(
    cache: FailSafeCache, clock: FakeClock
) -> None:
    await cache.set_many(PAGEVIEWS, {"en:Cat": 1}, 60.0)
    clock.advance(61)

    await cache.set_many(PAGEVIEWS, {"en:Cat": 2}, 60.0)
    found = await cache.get_many(PAGEVIEWS, ["en:Cat"])

    assert found == {"en:Cat": 2}


# Unicode and size


@pytest.mark.parametrize(
    ("lang", "title", "value"),
    [
        pytest.param("he", "אלברט_איינשטיין", "פיזיקאי", id="rtl-hebrew"),
        pytest.param("ar", "القاهرة", {"بلد": "مصر"}, id="rtl-arabic"),
        pytest.param("zh", "阿尔伯特·爱因斯坦", ["物理学家"], id="cjk-chinese"),
        pytest.param("ja", "東京都", {"都市": "東京"}, id="cjk-japanese"),
        pytest.param("en", "🐱 (emoji)", "🐈‍⬛ 👩🏽‍🔬", id="emoji-zwj"),
        pytest.param("vi", "Việt Nam", "Hà Nội", id="combining-marks"),
        pytest.param("en", 'Quotes "and" \\ slashes', 'a "b" \\ c\n', id="escapes"),
        pytest.param("en", "Key with [brackets]*?", "glob", id="redis-glob-chars"),
    ],
)
async def test_unicode_keys_and_values(
    cache: FailSafeCache, lang: str, title: str, value: Any
) -> None:
    key = page_key(lang, title)
    await cache.set_many(COUNTRIES, {key: value}, COUNTRIES_TTL)

    found = await cache.get_many(COUNTRIES, [key])

    assert found == {key: value}


async def test_a_large_value(cache: FailSafeCache) -> None:
    value = {
        "text": "ب" * 1_000_000,
        "links": [{"title": f"Page {i}", "n": i} for i in range(20_000)],
    }

    await cache.set_many(QUALITY, {"ar:1": value}, None)
    found = await cache.get_many(QUALITY, ["ar:1"])

    assert found == {"ar:1": value}


async def test_many_keys_in_one_batch(cache: FailSafeCache) -> None:
    items = {quality_key("en", rev): rev for rev in range(1, 2_501)}

    await cache.set_many(QUALITY, items, None)
    found = await cache.get_many(QUALITY, [*items, "en:999999"])

    assert found == items


# Atomicity and concurrency


class NotJson:
    """A value json.dumps refuses."""


def circular() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


@pytest.mark.parametrize(
    "bad_value",
    [
        pytest.param(NotJson(), id="object"),
        pytest.param({1, 2}, id="set"),
        pytest.param(float("nan"), id="nan"),
        pytest.param(float("inf"), id="infinity"),
        pytest.param(circular(), id="circular-list"),
        pytest.param("\ud800", id="lone-surrogate"),
    ],
)
async def test_a_batch_with_an_unserialisable_value_writes_nothing(
    cache: FailSafeCache, caplog: pytest.LogCaptureFixture, bad_value: Any
) -> None:
    await cache.set_many(QUALITY, {"en:1": "old"}, None)
    batch = {"en:1": "new", "en:2": "new", "en:3": bad_value, "en:4": "new"}

    await cache.set_many(QUALITY, batch, None)
    found = await cache.get_many(QUALITY, list(batch))

    assert found == {"en:1": "old"}
    assert any("'en:3'" in message for message in cache_warnings(caplog))


async def test_a_key_that_is_not_utf8_is_a_miss_and_is_never_written(
    cache: FailSafeCache, caplog: pytest.LogCaptureFixture
) -> None:
    await cache.set_many(TOPICS, {"en:\udc80": 1, "en:Cat": 2}, None)

    found = await cache.get_many(TOPICS, ["en:\udc80", "en:Cat"])

    assert found == {}
    assert cache_warnings(caplog)


async def test_two_concurrent_writers_leave_one_whole_batch(
    cache: FailSafeCache, twin: FailSafeCache
) -> None:
    keys = [page_key("en", f"Page {i}") for i in range(400)]

    await asyncio.gather(
        cache.set_many(TOPICS, dict.fromkeys(keys, "writer A"), None),
        twin.set_many(TOPICS, dict.fromkeys(keys, "writer B"), None),
    )
    found = await cache.get_many(TOPICS, keys)

    assert len(found) == len(keys)
    assert len(set(found.values())) == 1


async def test_a_reader_never_sees_part_of_a_batch(
    cache: FailSafeCache, twin: FailSafeCache
) -> None:
    # Big enough batches that the servers read them in several chunks.
    keys = [page_key("en", f"Page {i}") for i in range(1_000)]
    padding = "x" * 200

    async def write_generations() -> None:
        for generation in range(1, 11):
            batch = {key: [generation, padding] for key in keys}
            await cache.set_many(TOPICS, batch, None)

    async def read_until(writer: asyncio.Task[None]) -> list[set[int]]:
        generations_seen = []
        while not writer.done():
            snapshot = await twin.get_many(TOPICS, keys)
            if snapshot:
                assert len(snapshot) == len(keys)
            generations_seen.append({value[0] for value in snapshot.values()})
            await asyncio.sleep(0)  # let the writer run, even on memory://
        return generations_seen

    writer = asyncio.create_task(write_generations())
    generations_seen = await read_until(writer)
    await writer

    assert generations_seen
    assert all(len(generations) <= 1 for generations in generations_seen)


async def test_clear_forgets_every_namespace(cache: FailSafeCache) -> None:
    await cache.set_many(QUALITY, {"en:1": 1}, None)
    await cache.set_many(PAGEVIEWS, {"en:Cat": 2}, PAGEVIEWS_TTL)

    await cache.clear()

    assert await cache.get_many(QUALITY, ["en:1"]) == {}
    assert await cache.get_many(PAGEVIEWS, ["en:Cat"]) == {}


async def test_a_closed_cache_reopens_when_used_again(cache: FailSafeCache) -> None:
    await cache.set_many(QUALITY, {"en:1": "kept"}, None)

    await cache.close()
    found = await cache.get_many(QUALITY, ["en:1"])

    assert found == {"en:1": "kept"}


# Event loops and threads (Streamlit: one asyncio.run per analysis, per session)


def test_one_cache_serves_two_consecutive_asyncio_runs(cache_url: str) -> None:
    cache = open_cache(cache_url)

    asyncio.run(cache.set_many(QUALITY, {"en:1": "first run"}, None))
    found = asyncio.run(cache.get_many(QUALITY, ["en:1"]))
    asyncio.run(cache.set_many(QUALITY, {"en:2": "third run"}, None))
    later = asyncio.run(cache.get_many(QUALITY, ["en:1", "en:2"]))
    asyncio.run(cache.close())

    assert found == {"en:1": "first run"}
    assert later == {"en:1": "first run", "en:2": "third run"}


def test_one_cache_serves_two_threads_at_once(cache_url: str) -> None:
    cache = open_cache(cache_url)

    def analysis(session: int) -> dict[str, Any]:
        async def run() -> dict[str, Any]:
            keys = [f"en:{session}{i}" for i in range(1, 50)]
            await cache.set_many(QUALITY, dict.fromkeys(keys, session), None)
            return await cache.get_many(QUALITY, keys)

        return asyncio.run(run())

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(analysis, [1, 2]))
    asyncio.run(cache.close())

    assert [set(found.values()) for found in results] == [{1}, {2}]
    assert [len(found) for found in results] == [49, 49]


# Key builders and argument checks


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param(quality_key("en", 1234567), "en:1234567", id="quality"),
        pytest.param(quality_key(" EN ", 5), "en:5", id="quality-lang-case"),
        pytest.param(
            page_key("en", "Albert_Einstein"), "en:Albert Einstein", id="page"
        ),
        pytest.param(page_key("de", " Köln "), "de:Köln", id="page-strip"),
        pytest.param(page_key("en", "iPhone"), "en:iPhone", id="page-keeps-case"),
        pytest.param(
            page_key("zh-min-nan", "Tâi-oân"), "zh-min-nan:Tâi-oân", id="long-lang"
        ),
    ],
)
def test_key_builders(key: str, expected: str) -> None:
    assert key == expected


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: quality_key("en", 0), id="rev-zero"),
        pytest.param(lambda: quality_key("en", -3), id="rev-negative"),
        pytest.param(lambda: quality_key("en", True), id="rev-bool"),
        pytest.param(lambda: quality_key("en", REV_AS_TEXT), id="rev-string"),
        pytest.param(lambda: quality_key("", 12), id="lang-empty"),
        pytest.param(lambda: quality_key("en:", 12), id="lang-colon"),
        pytest.param(lambda: page_key("en wiki", "Cat"), id="lang-space"),
        pytest.param(lambda: page_key("en", " _ "), id="title-blank"),
    ],
)
def test_key_builders_refuse_what_cannot_be_a_key(build: Any) -> None:
    with pytest.raises(ValueError, match="Cache key needs"):
        build()


@pytest.mark.parametrize(
    ("namespace", "ttl"),
    [
        pytest.param("", None, id="namespace-empty"),
        pytest.param("Quality", None, id="namespace-capital"),
        pytest.param("quality:v2", None, id="namespace-colon"),
        pytest.param(QUALITY, 0, id="ttl-zero"),
        pytest.param(QUALITY, -60.0, id="ttl-negative"),
        pytest.param(QUALITY, float("nan"), id="ttl-nan"),
        pytest.param(QUALITY, float("inf"), id="ttl-infinite"),
    ],
)
async def test_set_many_refuses_bad_namespaces_and_ttls(
    namespace: str, ttl: float | None
) -> None:
    cache = open_cache("memory://")

    with pytest.raises(ValueError, match="Cache (namespace|time to live)"):
        await cache.set_many(namespace, {"en:1": 1}, ttl)


# open_cache URLs


def test_an_empty_url_opens_sqlite_in_the_user_cache_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = tmp_path / "microtask-generator" / "cache.sqlite3"

    cache = open_cache("")
    asyncio.run(cache.set_many(QUALITY, {"en:1": 1}, None))
    asyncio.run(cache.close())

    assert default_cache_path() == expected
    assert isinstance(cache.store, SQLiteStore)
    assert cache.store.path == expected
    assert expected.is_file()


@pytest.mark.parametrize(
    ("url", "kind", "where"),
    [
        pytest.param("memory://", MemoryStore, None, id="memory"),
        pytest.param("  memory://\n", MemoryStore, None, id="memory-whitespace"),
        pytest.param(
            "sqlite:///srv/cache/mt.sqlite3",
            SQLiteStore,
            Path("/srv/cache/mt.sqlite3"),
            id="sqlite",
        ),
        pytest.param(
            "SQLite:///srv/my%20cache/mt.db",
            SQLiteStore,
            Path("/srv/my cache/mt.db"),
            id="sqlite-quoted-path",
        ),
        pytest.param(
            "redis://10.0.0.5:6379/2", RedisStore, "redis://10.0.0.5:6379/2", id="redis"
        ),
        pytest.param("redis://cache", RedisStore, "redis://cache", id="redis-defaults"),
        pytest.param(
            "rediss://:pw@cache:6380/0",
            RedisStore,
            "rediss://:pw@cache:6380/0",
            id="tls",
        ),
    ],
)
def test_open_cache_picks_the_store_from_the_url(
    url: str, kind: type, where: object
) -> None:
    cache = open_cache(url)

    store = cache.store
    assert isinstance(store, kind)
    if isinstance(store, SQLiteStore):
        assert store.path == where
    if isinstance(store, RedisStore):
        assert store.url == where


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        pytest.param("http://cache:80/", "scheme 'http'", id="unknown-scheme"),
        pytest.param("/var/cache/mt.db", "scheme '(none)'", id="bare-path"),
        pytest.param("sqlite://var/mt.db", "three slashes", id="sqlite-two-slashes"),
        pytest.param("sqlite:mt.db", "must be absolute", id="sqlite-relative"),
        pytest.param("sqlite:///var/cache/", "names a folder", id="sqlite-folder"),
        pytest.param("sqlite:///", "names a folder", id="sqlite-root"),
        pytest.param("redis:///0", "no host", id="redis-no-host"),
        pytest.param("redis://cache:port/0", "port", id="redis-port-word"),
        pytest.param("redis://cache:70000/0", "port", id="redis-port-range"),
        pytest.param("redis://cache:6379/main", "must be a number", id="redis-db"),
        pytest.param("memory://shared", "takes no host", id="memory-host"),
    ],
)
def test_open_cache_explains_a_bad_url(url: str, reason: str) -> None:
    with pytest.raises(CacheURLError) as caught:
        open_cache(url)

    message = str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ConfigError)
    assert reason in message
    assert "MICROTASK_CACHE_URL" in message
    assert "sqlite:///ABSOLUTE/PATH" in message


def test_a_redis_password_never_reaches_a_message() -> None:
    with pytest.raises(CacheURLError) as caught:
        open_cache("redis://:hunter2@cache:port/0")
    described = open_cache("redis://user:hunter2@cache:6379/0").description

    assert "hunter2" not in str(caught.value)
    assert "hunter2" not in described
    assert "***@cache:6379" in described


# Failures become misses


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A bound loopback port that does not listen: connections are refused."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])


async def test_redis_down_means_misses_and_one_warning(
    closed_port: int, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = open_cache(f"redis://127.0.0.1:{closed_port}/0", clock=clock)

    first = await cache.get_many(QUALITY, ["en:1"])
    await cache.set_many(QUALITY, {"en:1": 1}, None)
    second = await cache.get_many(QUALITY, ["en:1"])
    warned_while_resting = len(cache_warnings(caplog))
    clock.advance(REST_AFTER_FAILURE)
    await cache.get_many(QUALITY, ["en:1"])

    assert first == second == {}
    assert warned_while_resting == 1
    assert len(cache_warnings(caplog)) == 2
    message = cache_warnings(caplog)[0]
    assert f"Redis cache redis://127.0.0.1:{closed_port}/0" in message
    assert "redis-server" in message


async def test_clearing_an_unreachable_redis_raises_a_cache_error(
    closed_port: int,
) -> None:
    cache = open_cache(f"redis://127.0.0.1:{closed_port}/0")

    with pytest.raises(CacheError, match="Could not clear the Redis cache"):
        await cache.clear()


async def test_a_locked_sqlite_file_skips_the_write_and_still_reads(
    sqlite_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = FailSafeCache(SQLiteStore(sqlite_path, busy_timeout=0.05), clock=clock)
    await cache.set_many(TOPICS, {"en:Cat": "before"}, None)
    other_process = sqlite3.connect(sqlite_path, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")

    read_during_lock = await cache.get_many(TOPICS, ["en:Cat"])
    await cache.set_many(TOPICS, {"en:Cat": "during"}, None)
    other_process.execute("ROLLBACK")
    other_process.close()
    clock.advance(REST_AFTER_FAILURE)
    after = await cache.get_many(TOPICS, ["en:Cat"])
    await cache.close()

    assert read_during_lock == {"en:Cat": "before"}
    assert after == {"en:Cat": "before"}
    assert len(cache_warnings(caplog)) == 1
    assert "database is locked" in cache_warnings(caplog)[0]


async def test_a_damaged_sqlite_file_means_misses_not_errors(
    sqlite_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sqlite_path.parent.mkdir(parents=True)
    sqlite_path.write_bytes(b"this is not a database " * 200)
    cache = open_cache(f"sqlite://{sqlite_path}")

    found = await cache.get_many(QUALITY, ["en:1"])
    await cache.set_many(QUALITY, {"en:1": 1}, None)
    with pytest.raises(CacheError, match="delete the file") as caught:
        await cache.clear()
    await cache.close()

    assert found == {}
    assert str(sqlite_path) in cache_warnings(caplog)[0]
    assert str(sqlite_path) in str(caught.value)


async def test_a_deleted_damaged_file_is_replaced_after_the_rest(
    sqlite_path: Path, clock: FakeClock
) -> None:
    sqlite_path.parent.mkdir(parents=True)
    sqlite_path.write_bytes(b"this is not a database " * 200)
    cache = open_cache(f"sqlite://{sqlite_path}", clock=clock)
    await cache.get_many(QUALITY, ["en:1"])

    sqlite_path.unlink()
    clock.advance(REST_AFTER_FAILURE)
    await cache.set_many(QUALITY, {"en:1": "fresh"}, None)
    found = await cache.get_many(QUALITY, ["en:1"])
    await cache.close()

    assert found == {"en:1": "fresh"}


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param("{not json", id="truncated-json"),
        pytest.param("", id="empty"),
    ],
)
async def test_a_damaged_sqlite_row_is_a_miss(
    sqlite_path: Path, caplog: pytest.LogCaptureFixture, damaged: str
) -> None:
    cache = open_cache(f"sqlite://{sqlite_path}")
    await cache.set_many(TOPICS, {"en:Cat": "good", "en:Dog": "good"}, None)
    with sqlite3.connect(sqlite_path) as raw:
        raw.execute("UPDATE entries SET value = ? WHERE key = 'en:Dog'", (damaged,))
    raw.close()

    found = await cache.get_many(TOPICS, ["en:Cat", "en:Dog"])
    await cache.close()

    assert found == {"en:Cat": "good"}
    assert any("topics/en:Dog" in message for message in cache_warnings(caplog))


@pytest.mark.redis
@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param(b"\xff\xfe not utf-8", id="not-utf8"),
        pytest.param(b'{"not": "our envelope"}', id="no-envelope"),
        pytest.param(b"[soon,1]", id="bad-expiry"),
        pytest.param(b"[null,{broken]", id="broken-value"),
    ],
)
async def test_a_damaged_redis_entry_is_a_miss(
    redis_url: str, caplog: pytest.LogCaptureFixture, damaged: bytes
) -> None:
    cache = open_cache(redis_url)
    await cache.set_many(TOPICS, {"en:Cat": "good"}, None)
    with redis.Redis.from_url(redis_url) as raw:
        raw.set("microtask:topics:en:Dog", damaged)

    found = await cache.get_many(TOPICS, ["en:Cat", "en:Dog"])

    assert found == {"en:Cat": "good"}
    assert any("topics/en:Dog" in message for message in cache_warnings(caplog))


# What each store leaves on disk or on the server


async def test_sqlite_rolls_back_a_batch_that_fails_inside_the_transaction(
    sqlite_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache = open_cache(f"sqlite://{sqlite_path}")
    await cache.set_many(QUALITY, {"en:1": "old"}, None)
    with sqlite3.connect(sqlite_path) as raw:
        raw.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON entries WHEN NEW.key = 'en:3' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    raw.close()

    await cache.set_many(QUALITY, {"en:1": "new", "en:2": "new", "en:3": "x"}, None)
    await cache.close()

    with sqlite3.connect(sqlite_path) as raw:
        rows = raw.execute("SELECT key, value FROM entries ORDER BY key").fetchall()
    raw.close()
    assert rows == [("en:1", '"old"')]
    assert "refused by the test" in cache_warnings(caplog)[0]


async def test_sqlite_uses_wal_and_purges_expired_rows_on_the_next_write(
    sqlite_path: Path, clock: FakeClock
) -> None:
    cache = open_cache(f"sqlite://{sqlite_path}", clock=clock)
    await cache.set_many(PAGEVIEWS, {"en:Cat": 1, "en:Dog": 2}, PAGEVIEWS_TTL)
    await cache.set_many(QUALITY, {"en:1": "kept"}, None)

    clock.advance(PAGEVIEWS_TTL)
    await cache.set_many(TOPICS, {"en:Cat": "new"}, TOPICS_TTL)
    await cache.close()

    with sqlite3.connect(sqlite_path) as raw:
        mode = raw.execute("PRAGMA journal_mode").fetchone()[0]
        rows = raw.execute("SELECT namespace, key FROM entries ORDER BY 1").fetchall()
    raw.close()
    assert mode == "wal"
    assert rows == [("quality", "en:1"), ("topics", "en:Cat")]


@pytest.mark.redis
async def test_redis_entries_are_json_and_expire_on_the_server_too(
    redis_url: str, clock: FakeClock
) -> None:
    cache = open_cache(redis_url, clock=clock)

    await cache.set_many(PAGEVIEWS, {"en:Cat": 42}, PAGEVIEWS_TTL)
    await cache.set_many(QUALITY, {"en:1": {"label": "FA"}}, QUALITY_TTL)

    with redis.Redis.from_url(redis_url) as raw:
        pageviews_ms = raw.pttl("microtask:pageviews:en:Cat")
        quality_ms = raw.pttl("microtask:quality:en:1")
        stored = raw.get("microtask:pageviews:en:Cat")
    assert 0 < pageviews_ms <= PAGEVIEWS_TTL * 1000
    assert quality_ms == -1  # no expiry
    assert json.loads(stored) == [START + PAGEVIEWS_TTL, 42]


@pytest.mark.redis
async def test_redis_clear_leaves_other_applications_keys(redis_url: str) -> None:
    cache = open_cache(redis_url)
    await cache.set_many(QUALITY, {f"en:{rev}": rev for rev in range(1, 1200)}, None)
    with redis.Redis.from_url(redis_url) as raw:
        raw.set("someone-else:key", "theirs")

        await cache.clear()

        left = sorted(raw.scan_iter())
    assert left == [b"someone-else:key"]


@pytest.mark.redis
async def test_a_redis_batch_is_one_multi_exec_transaction(redis_url: str) -> None:
    # Interleaving a reader inside a batch is too rare to provoke on demand, so
    # the server's own command counts show the batch went through MULTI/EXEC.
    cache = open_cache(redis_url)
    with redis.Redis.from_url(redis_url) as raw:
        raw.config_resetstat()

        await cache.set_many(QUALITY, {f"en:{rev}": rev for rev in range(1, 101)}, None)

        stats = raw.info("commandstats")
    assert stats["cmdstat_multi"]["calls"] == 1
    assert stats["cmdstat_exec"]["calls"] == 1
    assert stats["cmdstat_set"]["calls"] == 100


def test_a_missing_redis_server_binary_is_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("tests.redis_server.os.access", lambda path, mode: False)

    with pytest.raises(RedisServerError) as caught:
        find_redis_server()

    assert "apt-get install redis-server" in str(caught.value)
    assert f"{SKIP_VARIABLE}=1" in str(caught.value)
