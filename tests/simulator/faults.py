"""Fault injection: which requests fail, and how.

A `FaultPlan` is deterministic. The random part does not depend on arrival
order: whether a request fails is decided from (seed, the request itself, how
many times that same request came before), so concurrent clients see the same
faults on every run, and a retry of a failed request gets a fresh draw.

Kinds:
- `timeout`: hold the answer for `hang_seconds` (longer than the client's
  timeout), then answer normally if anyone still listens;
- `reset`: close the connection without an answer;
- `429`: Too Many Requests with Retry-After;
- `5xx`: 500, 502 or 503;
- `maxlag`: MediaWiki's lag error; only for Action API requests that sent
  `maxlag` (as MediaWiki only checks lag then), other requests pass;
- `malformed`: the real answer cut in half (not valid JSON);
- `missing_field`: the real answer without `query` (MediaWiki), `items`
  (page views), `prediction` or `score` (LiftWing).

Targeted faults: `fail_first(service, k, kind)` fails the first k calls to a
service; `fail_title(service, title, kind)` fails every call about one title
(for the Action API: any batch that contains it).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import Counter
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from enum import StrEnum

from aiohttp import web

from tests.simulator import responses
from tests.simulator.recording import SERVICES


class FaultKind(StrEnum):
    TIMEOUT = "timeout"
    RESET = "reset"
    THROTTLE = "429"
    SERVER_ERROR = "5xx"
    MAXLAG = "maxlag"
    MALFORMED = "malformed"
    MISSING_FIELD = "missing_field"


@dataclass(frozen=True)
class Call:
    """What the fault plan needs to know about one request."""

    service: str
    fingerprint: str  # method, path and parameters: equal for a retry
    titles: Collection[str] = ()  # the normalized titles it is about
    sent_maxlag: bool = False


@dataclass(frozen=True)
class Decision:
    kind: FaultKind
    reason: str  # "random", "first calls" or "title <T>"
    draw: str  # seeds further choices, such as which 5xx


@dataclass(frozen=True)
class _FirstCalls:
    service: str
    count: int
    kind: FaultKind


@dataclass(frozen=True)
class _TitleFault:
    service: str
    title: str
    kind: FaultKind


@dataclass
class FaultPlan:
    """Which requests fail. The default plan injects nothing."""

    rate: float = 0.0  # share of requests hit by a random fault
    kinds: tuple[FaultKind, ...] = tuple(FaultKind)
    services: tuple[str, ...] = SERVICES  # services random faults may hit
    seed: int = 0
    hang_seconds: float = 30.0
    _first_calls: list[_FirstCalls] = field(default_factory=list)
    _title_faults: list[_TitleFault] = field(default_factory=list)
    _calls: Counter[str] = field(default_factory=Counter)
    _attempts: Counter[str] = field(default_factory=Counter)

    def fail_first(self, service: str, count: int, kind: FaultKind | str) -> FaultPlan:
        """Fail the first `count` calls to `service` (chainable)."""
        self._first_calls.append(_FirstCalls(service, count, FaultKind(kind)))
        return self

    def fail_title(self, service: str, title: str, kind: FaultKind | str) -> FaultPlan:
        """Fail every call to `service` about `title` (chainable)."""
        self._title_faults.append(_TitleFault(service, title, FaultKind(kind)))
        return self

    def decide(self, call: Call) -> Decision | None:
        """The fault for this request, or None to answer it normally."""
        self._calls[call.service] += 1
        self._attempts[call.fingerprint] += 1
        draw = f"{self.seed}|{call.fingerprint}|{self._attempts[call.fingerprint]}"
        calls = self._calls[call.service]
        for first in self._first_calls:
            if first.service == call.service and calls <= first.count:
                return _if_applicable(Decision(first.kind, "first calls", draw), call)
        for targeted in self._title_faults:
            if targeted.service == call.service and targeted.title in call.titles:
                reason = f"title {targeted.title}"
                return _if_applicable(Decision(targeted.kind, reason, draw), call)
        return self._random(call, draw)

    def _random(self, call: Call, draw: str) -> Decision | None:
        if self.rate <= 0 or call.service not in self.services:
            return None
        if _unit(draw + "|rate") >= self.rate:
            return None
        kinds = [kind for kind in self.kinds if _applies(kind, call)]
        if not kinds:
            return None
        kind = kinds[int(_unit(draw + "|kind") * len(kinds))]
        return Decision(kind, "random", draw)


def _if_applicable(decision: Decision, call: Call) -> Decision | None:
    return decision if _applies(decision.kind, call) else None


def _applies(kind: FaultKind, call: Call) -> bool:
    if kind is FaultKind.MAXLAG:
        return call.service == "mediawiki" and call.sent_maxlag
    return True


def _unit(text: str) -> float:
    """A number in [0, 1) that depends only on `text`."""
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class FaultContext:
    """What inflicting a fault needs from the running server."""

    service: str
    lang: str
    retry_after: int
    hang_seconds: float


async def inflict(
    decision: Decision, request: web.Request, handler: Handler, context: FaultContext
) -> web.StreamResponse | None:
    """Answer `request` with the fault; None means the connection was dropped."""
    kind, service = decision.kind, context.service
    if kind is FaultKind.TIMEOUT:
        await asyncio.sleep(context.hang_seconds)
        return await handler(request)
    if kind is FaultKind.RESET:
        if request.transport is not None:
            request.transport.close()
        return None
    if kind is FaultKind.THROTTLE:
        return responses.too_many_requests(service, context.retry_after)
    if kind is FaultKind.SERVER_ERROR:
        status = (500, 502, 503)[int(_unit(decision.draw + "|status") * 3)]
        return responses.server_error(service, status)
    if kind is FaultKind.MAXLAG:
        return responses.maxlag_error(context.lang, 7.25, context.retry_after)

    response = await handler(request)
    if not isinstance(response, web.Response) or not isinstance(response.body, bytes):
        return response
    if kind is FaultKind.MALFORMED:
        return _copy(response, response.body[: len(response.body) // 2])
    return _copy(response, _without_main_field(response.body))


def _without_main_field(body: bytes) -> bytes:
    """The JSON answer without the field a client cannot do without."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, dict):
        for name in ("query", "items", "prediction", "score"):
            if name in data:
                del data[name]
                break
    return json.dumps(data).encode()


def _copy(response: web.Response, body: bytes) -> web.Response:
    return web.Response(
        status=response.status,
        body=body,
        content_type=response.content_type,
        charset=response.charset,
    )
