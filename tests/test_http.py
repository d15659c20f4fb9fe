"""The shared transport: etiquette, limits, retries and error translation."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

from microtask.wikimedia.errors import (
    ApiError,
    BadResponse,
    ServiceUnavailable,
    Throttled,
    UnknownWiki,
)
from microtask.wikimedia.http import (
    LIFTWING,
    MAX_RETRY_AFTER,
    MEDIAWIKI,
    PAGEVIEWS,
    WikimediaHttp,
    parse_retry_after,
)
from tests.fakes import Seen, fake_service, fake_settings, in_turn, json_reply, status

OK = {"ok": True}
MAXLAG = {"error": {"code": "maxlag", "info": "Waiting for db1: 7 seconds lagged"}}


async def test_every_request_carries_user_agent_and_gzip() -> None:
    async with fake_service(lambda seen: OK) as fake:
        settings = fake_settings(fake.url)
        async with WikimediaHttp(settings) as http:
            await http.get_json(
                f"{fake.url}/a", {"x": "1"}, service=MEDIAWIKI, host_key="en"
            )
            await http.post_json(
                f"{fake.url}/b", json={"y": 2}, service=LIFTWING, host_key=LIFTWING
            )
            await http.post_json(
                f"{fake.url}/c", data={"z": "3"}, service=MEDIAWIKI, host_key="en"
            )

    assert len(fake.requests) == 3
    for seen in fake.requests:
        assert seen.headers["User-Agent"] == settings.user_agent
        assert seen.headers["Accept-Encoding"] == "gzip"
    assert "tests@example.org" in settings.user_agent
    assert [seen.method for seen in fake.requests] == ["GET", "POST", "POST"]
    assert fake.requests[2].params == {"z": "3"}


async def test_concurrency_per_host_never_exceeds_max_per_host() -> None:
    crowd = asyncio.Event()

    async def answer(seen: Seen) -> dict[str, bool]:
        # Hold each request until three are in flight, so a client that allowed
        # more would show them piling up.
        if fake.in_flight >= 3:
            crowd.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(crowd.wait(), 2)
        return OK

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url, max_per_host=3)) as http:
            calls = [
                http.get_json(f"{fake.url}/en", service=MEDIAWIKI, host_key="en")
                for _ in range(20)
            ]
            await asyncio.gather(*calls)

    assert len(fake.requests) == 20
    assert fake.peak_in_flight == 3
    assert http.stats.peak_in_flight == {"en": 3}


async def test_each_host_key_has_its_own_slots() -> None:
    crowd = asyncio.Event()

    async def answer(seen: Seen) -> dict[str, bool]:
        if fake.in_flight >= 4:
            crowd.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(crowd.wait(), 2)
        return OK

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url, max_per_host=2)) as http:
            calls = [
                http.get_json(f"{fake.url}/{lang}", service=MEDIAWIKI, host_key=lang)
                for lang in ["en", "de"] * 5
            ]
            await asyncio.gather(*calls)

    assert fake.peak_in_flight == 4
    assert http.stats.peak_in_flight == {"en": 2, "de": 2}


async def test_host_slot_is_free_while_a_retry_waits() -> None:
    throttled = asyncio.Event()

    def answer(seen: Seen) -> web.Response:
        if seen.path == "/slow" and not throttled.is_set():
            throttled.set()
            return web.json_response({}, status=503)
        return web.json_response(OK)

    async with fake_service(answer) as fake:
        settings = fake_settings(fake.url, max_per_host=1, backoff=0.4)
        async with WikimediaHttp(settings) as http:
            slow = asyncio.create_task(
                http.get_json(f"{fake.url}/slow", service=MEDIAWIKI, host_key="en")
            )
            await throttled.wait()
            await http.get_json(f"{fake.url}/fast", service=MEDIAWIKI, host_key="en")
            await slow

    paths = [seen.path for seen in fake.requests]
    assert paths == ["/slow", "/fast", "/slow"]
    assert fake.requests[1].at - fake.requests[0].at < 0.3


async def test_retry_after_holds_back_every_request_to_the_host() -> None:
    throttled = asyncio.Event()

    def answer(seen: Seen) -> web.Response:
        if seen.path == "/first" and not throttled.is_set():
            throttled.set()
            return web.json_response({}, status=429, headers={"Retry-After": "0.3"})
        return web.json_response(OK)

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url, backoff=0.01)) as http:
            first = asyncio.create_task(
                http.get_json(f"{fake.url}/first", service=LIFTWING, host_key="lw")
            )
            await throttled.wait()
            while not http.stats.throttled:  # until the client has read the 429
                await asyncio.sleep(0.001)
            await http.get_json(f"{fake.url}/other", service=LIFTWING, host_key="lw")
            await first

    refused, other = fake.requests[0], fake.requests[1]
    assert other.path == "/other" and other.at - refused.at >= 0.29


def test_a_rate_is_one_request_per_interval() -> None:
    http = WikimediaHttp(fake_settings("http://127.0.0.1:9"))

    http.limit_rate(LIFTWING, 50)

    assert http.rate_interval(LIFTWING) == pytest.approx(1 / 50)
    assert http.rate_interval("en") is None


@pytest.mark.parametrize("rate", [0, -1, float("inf"), float("nan")])
def test_a_rate_must_be_positive_and_finite(rate: float) -> None:
    http = WikimediaHttp(fake_settings("http://127.0.0.1:9"))

    with pytest.raises(ValueError, match="must be positive"):
        http.limit_rate(LIFTWING, rate)


async def test_retry_after_is_honoured() -> None:
    answer = in_turn(json_reply({}, 429, **{"Retry-After": "0.2"}), OK)

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url, backoff=0.01)) as http:
            result = await http.get_json(fake.url, service=LIFTWING, host_key=LIFTWING)

    assert result == OK
    first, second = fake.requests
    assert second.at - first.at >= 0.2
    assert http.stats.throttled[LIFTWING] == 1
    assert http.stats.retries[LIFTWING] == 1


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param("3", 3.0, id="seconds"),
        pytest.param("0.2", 0.2, id="fraction"),
        pytest.param("99999", MAX_RETRY_AFTER, id="capped"),
        pytest.param("-5", 0.0, id="negative-is-now"),
        pytest.param("soon", None, id="unreadable"),
        pytest.param(None, None, id="absent"),
    ],
)
def test_parse_retry_after_seconds(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header) == expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        pytest.param(timedelta(seconds=10), 10.0, id="ten-seconds-ahead"),
        pytest.param(timedelta(hours=5), MAX_RETRY_AFTER, id="far-ahead-capped"),
        pytest.param(timedelta(seconds=-30), 0.0, id="in-the-past"),
    ],
)
def test_parse_retry_after_http_date(offset: timedelta, expected: float) -> None:
    now = datetime(2026, 3, 29, 20, 57, 38, tzinfo=UTC)
    header = format_datetime(now + offset, usegmt=True)

    assert parse_retry_after(header, now=now) == expected


async def test_maxlag_answer_is_retried() -> None:
    answer = in_turn(json_reply(MAXLAG, 200, **{"Retry-After": "0"}), OK)

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            result = await http.get_json(fake.url, service=MEDIAWIKI, host_key="en")

    assert result == OK
    assert len(fake.requests) == 2
    assert http.stats.maxlag[MEDIAWIKI] == 1


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(status(503, "Service Unavailable"), id="503"),
        pytest.param(status(502, "<html>Bad gateway</html>"), id="502"),
        pytest.param(status(200, "<html>not json</html>"), id="malformed-json"),
        pytest.param(json_reply(MAXLAG, 200), id="maxlag"),
        pytest.param(status(429), id="429"),
    ],
)
async def test_transient_failures_then_success(failure: object) -> None:
    answer = in_turn(failure, failure, OK)

    async with fake_service(answer) as fake:
        async with WikimediaHttp(fake_settings(fake.url, retries=2)) as http:
            result = await http.get_json(fake.url, service=MEDIAWIKI, host_key="en")

    assert result == OK
    assert len(fake.requests) == 3
    assert http.stats.retries[MEDIAWIKI] == 2
    assert http.stats.requests[MEDIAWIKI] == 3


@pytest.mark.parametrize(
    ("failure", "error", "words"),
    [
        pytest.param(status(503), ServiceUnavailable, "HTTP 503", id="5xx"),
        pytest.param(status(429), Throttled, "429 Too Many Requests", id="429"),
        pytest.param(json_reply(MAXLAG), Throttled, "lagging", id="maxlag"),
        pytest.param(status(200, "<html>"), BadResponse, "not JSON", id="malformed"),
    ],
)
async def test_giving_up_raises_the_matching_error(
    failure: object, error: type[Exception], words: str
) -> None:
    async with fake_service(in_turn(failure)) as fake:
        async with WikimediaHttp(fake_settings(fake.url, retries=2)) as http:
            with pytest.raises(error) as caught:
                await http.get_json(fake.url, service=MEDIAWIKI, host_key="en")

    assert len(fake.requests) == 3
    message = str(caught.value)
    assert words in message
    assert fake.url.removeprefix("http://") in message
    assert "gave up after 3 attempts" in message


async def test_liftwing_throttling_message_suggests_a_token() -> None:
    async with fake_service(in_turn(status(429))) as fake:
        async with WikimediaHttp(fake_settings(fake.url, retries=0)) as http:
            with pytest.raises(Throttled, match="MICROTASK_LIFTWING_TOKEN"):
                await http.post_json(
                    fake.url, json={}, service=LIFTWING, host_key=LIFTWING
                )


@pytest.mark.parametrize(
    ("reply", "code", "words"),
    [
        pytest.param(
            json_reply({"error": "Revision 12 not found"}, 400),
            "http-400",
            "Revision 12 not found",
            id="liftwing-400",
        ),
        pytest.param(
            json_reply({"error": {"code": "toomanyvalues", "info": "Too many"}}),
            "toomanyvalues",
            "Too many",
            id="mediawiki-error-200",
        ),
        pytest.param(status(403, "Forbidden"), "http-403", "HTTP 403", id="html-403"),
    ],
)
async def test_refusals_are_not_retried(reply: object, code: str, words: str) -> None:
    async with fake_service(in_turn(reply)) as fake:
        async with WikimediaHttp(fake_settings(fake.url, retries=3)) as http:
            with pytest.raises(ApiError) as caught:
                await http.get_json(fake.url, service=LIFTWING, host_key=LIFTWING)

    assert len(fake.requests) == 1
    assert caught.value.code == code
    assert words in str(caught.value)


async def test_404_on_the_action_api_means_unknown_wiki() -> None:
    async with fake_service(
        in_turn(status(404, "<html>Not configured</html>"))
    ) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            with pytest.raises(UnknownWiki, match="Check the code"):
                await http.get_json(fake.url, service=MEDIAWIKI, host_key="xx")

    assert len(fake.requests) == 1


async def test_404_is_none_when_the_caller_allows_it() -> None:
    async with fake_service(in_turn(json_reply({"title": "Not found."}, 404))) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            result = await http.get_json(
                fake.url, service=PAGEVIEWS, host_key=PAGEVIEWS, missing_ok=True
            )

    assert result is None


async def test_timeout_becomes_service_unavailable() -> None:
    release = asyncio.Event()

    async def hang(seen: Seen) -> dict[str, bool]:
        await release.wait()
        return OK

    async with fake_service(hang) as fake:
        settings = fake_settings(fake.url, timeout=0.2, retries=1)
        async with WikimediaHttp(settings) as http:
            with pytest.raises(ServiceUnavailable, match="did not answer within 0.2 s"):
                await http.get_json(fake.url, service=LIFTWING, host_key=LIFTWING)
        release.set()

    assert len(fake.requests) == 2


async def test_refused_connection_becomes_service_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/w/api.php"

    async with WikimediaHttp(fake_settings(url, retries=1)) as http:
        with pytest.raises(ServiceUnavailable, match="cannot reach 127.0.0.1"):
            await http.get_json(url, service=LIFTWING, host_key=LIFTWING)

    assert http.stats.retries[LIFTWING] == 1


class NoSuchHost(AbstractResolver):
    """A resolver for which no name exists, as DNS says of a mistyped wiki."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        raise OSError(f"Name or service not known: {host}")

    async def close(self) -> None:
        return None


@pytest.mark.parametrize(
    ("service", "error", "words"),
    [
        pytest.param(MEDIAWIKI, ServiceUnavailable, "cannot resolve ", id="wiki"),
        pytest.param(LIFTWING, ServiceUnavailable, "cannot resolve ", id="other"),
    ],
)
async def test_dns_failure(service: str, error: type[Exception], words: str) -> None:
    settings = fake_settings("http://127.0.0.1:9", retries=0)

    async with WikimediaHttp(settings, resolver=NoSuchHost()) as http:
        with pytest.raises(error, match=f"{words}xx.wikipedia.org"):
            await http.get_json(
                "http://xx.wikipedia.org/w/api.php", service=service, host_key="xx"
            )


async def test_outside_async_with_is_a_programming_error() -> None:
    http = WikimediaHttp(fake_settings("http://127.0.0.1:9"))

    with pytest.raises(RuntimeError, match="async with"):
        await http.get_json("http://127.0.0.1:9", service=MEDIAWIKI, host_key="en")


async def test_logs_one_debug_line_per_request_and_info_per_retry(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="microtask")

    async with fake_service(in_turn(status(503), OK)) as fake:
        async with WikimediaHttp(fake_settings(fake.url)) as http:
            await http.get_json(fake.url, service=MEDIAWIKI, host_key="en", batch=50)

    records = [r for r in caplog.records if r.name == "microtask.mediawiki"]
    debug = [r.getMessage() for r in records if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in records if r.levelno == logging.INFO]
    assert len(debug) == 2
    assert "-> 503" in debug[0] and "-> 200" in debug[1]
    assert all("batch of 50" in line for line in debug)
    assert len(info) == 1
    assert "HTTP 503" in info[0] and "retry 1/2" in info[0]
