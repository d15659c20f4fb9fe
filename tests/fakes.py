"""A fake Wikimedia service per test: a tiny aiohttp.web app on 127.0.0.1.

Each test writes an `answer` function from the request it sees to what the
service says back (a JSON-able value or a `web.Response`), starts it with
`async with fake_service(answer) as fake`, and afterwards reads `fake.requests`
and `fake.peak_in_flight`. Every Wikimedia URL of `fake_settings` points at it:
wikis under /{lang}/w/api.php, LiftWing under /liftwing, page views under
/pageviews.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from microtask.config import Settings


@dataclass
class Seen:
    """One request as the fake service received it."""

    method: str
    path: str
    raw_path: str
    params: dict[str, str]  # query string and form fields together
    json: Any
    headers: Mapping[str, str]
    at: float  # time.monotonic() on arrival


Answer = Callable[[Seen], Any]


@dataclass
class FakeService:
    """What the fake saw; `url` is its root, without a trailing slash."""

    answer: Answer
    url: str = ""
    requests: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    peak_in_flight: int = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        seen = await _seen(request)
        self.requests.append(seen)
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            reply = self.answer(seen)
            if inspect.isawaitable(reply):
                reply = await reply
        finally:
            self.in_flight -= 1
        if isinstance(reply, web.StreamResponse):
            return reply
        return web.json_response(reply)


@asynccontextmanager
async def fake_service(answer: Answer) -> AsyncIterator[FakeService]:
    """Serve `answer` on a free 127.0.0.1 port for the duration of the block."""
    fake = FakeService(answer)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    fake.url = str(server.make_url("")).rstrip("/")
    try:
        yield fake
    finally:
        await server.close()


def fake_settings(root: str, **overrides: Any) -> Settings:
    """Settings aimed at a fake service, with retries fast enough for tests."""
    values: dict[str, Any] = {
        "mediawiki_url": f"{root}/{{lang}}/w/api.php",
        "liftwing_url": f"{root}/liftwing/v1/models",
        "pageviews_url": f"{root}/pageviews",
        "contact": "tests@example.org",
        "backoff": 0.01,
        "retries": 2,
        "timeout": 5.0,
    }
    values.update(overrides)
    return Settings(**values)


def in_turn(*replies: Any) -> Answer:
    """Answer with `replies` one after the other, repeating the last one."""
    queue = list(replies)

    def answer(seen: Seen) -> Any:
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return reply() if callable(reply) else reply

    return answer


def status(code: int, text: str = "", **headers: str) -> Callable[[], web.Response]:
    """A plain-text reply with `code`, built fresh for each request."""
    return lambda: web.Response(status=code, text=text, headers=headers)


def json_reply(
    body: Any, code: int = 200, **headers: str
) -> Callable[[], web.Response]:
    """A JSON reply with `code` and headers, built fresh for each request."""
    return lambda: web.json_response(body, status=code, headers=headers)


def most_in_any_second(moments: Iterable[float]) -> int:
    """The largest number of moments inside any half-open one-second window."""
    ordered = sorted(moments)
    return max(
        (
            sum(1 for later in ordered if start <= later < start + 1.0)
            for start in ordered
        ),
        default=0,
    )


async def _seen(request: web.Request) -> Seen:
    arrived = time.monotonic()
    params = dict(request.query)
    body: Any = None
    if request.content_type == "application/json":
        body = await request.json()
    elif request.method == "POST":
        params.update({k: str(v) for k, v in (await request.post()).items()})
    return Seen(
        method=request.method,
        path=request.path,
        raw_path=request.raw_path,
        params=params,
        json=body,
        headers=request.headers.copy(),
        at=arrived,
    )
