"""The transport shared by every Wikimedia client: one session, polite and patient.

`WikimediaHttp` owns the only `aiohttp.ClientSession` of a run and applies the
etiquette in shared/docs/wikimedia.md to every request:

- a descriptive User-Agent and `Accept-Encoding: gzip`;
- at most `settings.max_per_host` requests in flight per *host key* (the caller
  names the channel: the wiki's language for the Action API, "liftwing",
  "pageviews"), because the tests and the simulator serve every wiki from one
  127.0.0.1 port and the netloc alone cannot tell them apart; the slots are the
  process's, shared with every other run (`wikimedia.limits`);
- an optional pace per host key, without burst, so that no one-second window
  ever holds more requests than the rate (LiftWing counts per second); a 429 or
  maxlag answer with Retry-After pauses the whole host, not one request;
- bounded retries with jittered exponential backoff on timeouts, connection
  failures, 429, 5xx, MediaWiki's `maxlag` answer and malformed JSON, honouring
  `Retry-After`. The host slot is released while sleeping.

Every failure leaves as a `WikimediaError` (see `wikimedia.errors`); no aiohttp or
asyncio exception escapes `get_json`/`post_json`.

The session is created in `__aenter__`, inside the running loop, and closed on
exit: never keep a `WikimediaHttp` beyond the `async with` block or the loop that
made it (Streamlit runs each script in a new `asyncio.run`).
"""

from __future__ import annotations

import asyncio
import json as jsonlib
import logging
import math
from collections import Counter
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import partial
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from microtask.config import Settings
from microtask.wikimedia import limits
from microtask.wikimedia.errors import (
    ApiError,
    BadResponse,
    ServiceUnavailable,
    Throttled,
    UnknownWiki,
    WikimediaError,
)

# Service names, used in errors, logger names and the counters.
MEDIAWIKI = "mediawiki"
LIFTWING = "liftwing"
PAGEVIEWS = "pageviews"

# A hostile or mistaken Retry-After (hours, a date next year) must not hang a run.
MAX_RETRY_AFTER = 60.0
# Ceiling of one exponential backoff step, before Retry-After is considered.
MAX_BACKOFF = 30.0

Params = Mapping[str, str | int | float]
# Turns a decoded answer into the caller's result; raises BadResponse when the
# answer lacks what it must have, and such an answer is retried.
Parse = Callable[[Any], Any]


@dataclass
class HttpStats:
    """Counters for the benchmark and the logs; keys are service names or host keys."""

    requests: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    throttled: Counter[str] = field(default_factory=Counter)
    maxlag: Counter[str] = field(default_factory=Counter)
    gave_up: Counter[str] = field(default_factory=Counter)
    peak_in_flight: dict[str, int] = field(default_factory=dict)


class _Transient(Exception):
    """A failure worth another attempt; `error` is what the caller gets if none work."""

    def __init__(
        self,
        error: type[WikimediaError],
        message: str,
        reason: str,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.error = error
        self.message = message
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Request:
    """One logical request, replayed unchanged by every attempt."""

    method: str
    url: str
    service: str
    host_key: str
    params: Params | None = None
    data: Params | None = None
    json: Any = None
    headers: Mapping[str, str] | None = None
    missing_ok: bool = False
    batch: int | None = None
    parse: Parse | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


class WikimediaHttp:
    """One aiohttp session with Wikimedia's etiquette; use as `async with`."""

    def __init__(
        self, settings: Settings, *, resolver: AbstractResolver | None = None
    ) -> None:
        # `resolver` exists for tests that need a DNS failure without a network.
        self.settings = settings
        self.stats = HttpStats()
        self._resolver = resolver
        self._session: aiohttp.ClientSession | None = None
        self._in_flight: Counter[str] = Counter()
        self._intervals: dict[str, float] = {}

    async def __aenter__(self) -> WikimediaHttp:
        connector = aiohttp.TCPConnector(resolver=self._resolver)
        self._session = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(total=self.settings.timeout),
            headers={
                "User-Agent": self.settings.user_agent,
                "Accept-Encoding": "gzip",
            },
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def limit_rate(self, host_key: str, per_second: float) -> None:
        """Space requests to `host_key` at most `per_second`, without bursts.

        One request every 1/rate seconds rather than `rate` at once then a pause:
        a per-second quota counts a burst. The pacing is shared by the whole
        process (`wikimedia.limits`), so concurrent runs share the budget.
        """
        if not 0 < per_second < float("inf"):
            raise ValueError(f"Rate for {host_key!r} must be positive: {per_second}")
        self._intervals[host_key] = 1 / per_second

    def rate_interval(self, host_key: str) -> float | None:
        """Seconds between two requests to `host_key`, if `limit_rate` set it."""
        return self._intervals.get(host_key)

    async def get_json(
        self,
        url: str,
        params: Params | None = None,
        *,
        service: str,
        host_key: str,
        headers: Mapping[str, str] | None = None,
        missing_ok: bool = False,
        batch: int | None = None,
        parse: Parse | None = None,
    ) -> Any:
        """GET `url` and decode its JSON; `None` on 404 when `missing_ok`.

        `parse(data)` makes the result out of the answer, and raises
        `BadResponse` when it lacks what it must have: such an answer is retried
        like malformed JSON.
        """
        request = _Request(
            "GET",
            url,
            service,
            host_key,
            params=params,
            headers=headers,
            missing_ok=missing_ok,
            batch=batch,
            parse=parse,
        )
        return await self._send(request)

    async def post_json(
        self,
        url: str,
        *,
        json: Any = None,
        data: Params | None = None,
        service: str,
        host_key: str,
        headers: Mapping[str, str] | None = None,
        batch: int | None = None,
        parse: Parse | None = None,
    ) -> Any:
        """POST a JSON body (`json`) or a form (`data`) and decode the JSON answer."""
        request = _Request(
            "POST",
            url,
            service,
            host_key,
            data=data,
            json=json,
            headers=headers,
            batch=batch,
            parse=parse,
        )
        return await self._send(request)

    async def _send(self, request: _Request) -> Any:
        attempts = self.settings.retries + 1
        retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            before_sleep=partial(self._log_retry, request),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._attempt(request)
        except _Transient as failure:
            self.stats.gave_up[request.service] += 1
            message = f"{failure.message} (gave up after {attempts} attempts)"
            raise failure.error(request.service, message) from None
        raise AssertionError("tenacity ended without a result or an error")

    def _wait(self, state: RetryCallState) -> float:
        """Exponential backoff with jitter, but never less than Retry-After asked."""
        backoff = wait_exponential_jitter(
            multiplier=self.settings.backoff,
            max=MAX_BACKOFF,
            jitter=self.settings.backoff,
        )(state)
        failure = state.outcome.exception() if state.outcome else None
        if isinstance(failure, _Transient) and failure.retry_after is not None:
            return max(backoff, failure.retry_after)
        return backoff

    def _log_retry(self, request: _Request, state: RetryCallState) -> None:
        failure = state.outcome.exception() if state.outcome else None
        reason = failure.reason if isinstance(failure, _Transient) else repr(failure)
        self.stats.retries[request.service] += 1
        delay = state.next_action.sleep if state.next_action else 0.0
        _logger(request.service).info(
            "%s %s: %s; retry %d/%d in %.2f s",
            request.service,
            request.host,
            reason,
            state.attempt_number,
            self.settings.retries,
            delay,
        )

    async def _attempt(self, request: _Request) -> Any:
        session = self._session
        if session is None:
            raise RuntimeError("WikimediaHttp is used outside `async with`.")

        scope = (request.host, request.host_key)
        async with self._slot(scope):
            await limits.pacer(scope).wait(self._intervals.get(request.host_key, 0.0))
            self.stats.requests[request.service] += 1
            started = asyncio.get_running_loop().time()
            status, reason, body, retry_after = await self._exchange(session, request)

        elapsed = asyncio.get_running_loop().time() - started
        _logger(request.service).debug(
            "%s %s %s %s -> %d in %.3f s%s",
            request.service,
            request.method,
            request.host_key,
            request.host,
            status,
            elapsed,
            f" (batch of {request.batch})" if request.batch else "",
        )
        return self._interpret(request, status, reason, body, retry_after)

    @asynccontextmanager
    async def _slot(self, scope: limits.Scope) -> AsyncIterator[None]:
        """Hold one of the host's process-wide slots; track this client's peak."""
        host_key = scope[1]
        slots = limits.slots(scope, self.settings.max_per_host)
        await slots.acquire()
        self._in_flight[host_key] += 1
        peak = self.stats.peak_in_flight.get(host_key, 0)
        self.stats.peak_in_flight[host_key] = max(peak, self._in_flight[host_key])
        try:
            yield
        finally:
            self._in_flight[host_key] -= 1
            slots.release()

    async def _exchange(
        self, session: aiohttp.ClientSession, request: _Request
    ) -> tuple[int, str, bytes, float | None]:
        """Send once; transport failures become `_Transient` or an error."""
        try:
            async with session.request(
                request.method,
                request.url,
                params=request.params,
                data=request.data,
                json=request.json,
                headers=request.headers,
            ) as response:
                body = await response.read()
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
                return response.status, response.reason or "", body, retry_after
        except TimeoutError:
            raise _Transient(
                ServiceUnavailable,
                f"{request.host} did not answer within {self.settings.timeout:g} s; "
                "try again later or raise MICROTASK_TIMEOUT",
                "timeout",
            ) from None
        except aiohttp.ClientConnectorDNSError as exc:
            # Every *.wikipedia.org name resolves (unknown codes get Wikimedia's
            # 404 page), so a name that does not resolve means we are offline.
            raise _Transient(
                ServiceUnavailable,
                f"cannot resolve {request.host} ({exc.os_error}); "
                "check this computer's internet connection and the address",
                "DNS failure",
            ) from None
        except aiohttp.InvalidURL:
            raise ServiceUnavailable(
                request.service,
                f"{request.url!r} is not a valid URL; check the MICROTASK_*_URL "
                "settings",
            ) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise _Transient(
                ServiceUnavailable,
                f"cannot reach {request.host} ({type(exc).__name__}: {exc}); check "
                "the internet connection or try again later",
                f"connection failed ({type(exc).__name__})",
            ) from None

    def _interpret(
        self,
        request: _Request,
        status: int,
        reason: str,
        body: bytes,
        retry_after: float | None,
    ) -> Any:
        """Turn status and body into data, a `_Transient` to retry, or an error."""
        host, service = request.host, request.service
        if status == 429:
            self.stats.throttled[service] += 1
            if retry_after is not None:
                # Everyone waits, not only this request: the quota is per client.
                limits.pacer((host, request.host_key)).pause(retry_after)
            hint = " or set MICROTASK_LIFTWING_TOKEN" if service == LIFTWING else ""
            raise _Transient(
                Throttled,
                f"{host} kept answering 429 Too Many Requests; wait a minute "
                f"before retrying{hint}",
                "HTTP 429",
                retry_after,
            )
        if status >= 500:
            raise _Transient(
                ServiceUnavailable,
                f"{host} answered HTTP {status} {reason}; the service may be down, "
                "try again later",
                f"HTTP {status}",
                retry_after,
            )
        if status == 404 and service == MEDIAWIKI:
            raise _unknown_wiki(request)
        if status == 404 and request.missing_ok:
            return None

        data = _decode(body)
        if status >= 400:
            code, text = _error_of(data)
            message = text or f"HTTP {status} {reason}"
            refusal = f"{host} refused the request: {message}"
            raise ApiError(service, refusal, code or f"http-{status}")
        if data is _NOT_JSON:
            raise _Transient(
                BadResponse,
                f"{host} answered with something that is not JSON: {_preview(body)}",
                "malformed JSON",
            )
        _raise_for_api_error(request, data, retry_after, self.stats)
        if request.parse is None:
            return data
        try:
            return request.parse(data)
        except BadResponse as incomplete:
            # A proxy or a backend in trouble can cut fields out of an answer;
            # the same request usually comes back whole.
            raise _Transient(BadResponse, incomplete.message, "missing field") from None


_NOT_JSON = object()


def _decode(body: bytes) -> Any:
    try:
        return jsonlib.loads(body)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return _NOT_JSON


def _raise_for_api_error(
    request: _Request, data: Any, retry_after: float | None, stats: HttpStats
) -> None:
    """MediaWiki reports errors, maxlag included, as HTTP 200 with an `error` object."""
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict) or "code" not in error:
        return
    code = str(error["code"])
    info = str(error.get("info", ""))
    if code == "maxlag":
        stats.maxlag[request.service] += 1
        if retry_after is not None:
            limits.pacer((request.host, request.host_key)).pause(retry_after)
        raise _Transient(
            Throttled,
            f"{request.host} databases are lagging ({info}); try again in a few "
            "minutes",
            "maxlag",
            retry_after,
        )
    raise ApiError(request.service, f"{request.host} answered {code}: {info}", code)


def _error_of(data: Any) -> tuple[str, str]:
    """The code and text of an error body, in the shapes Wikimedia services use.

    MediaWiki: {"error": {"code", "info"}}; LiftWing: {"error": "..."} or
    {"detail": "..."}; REST (pageviews): {"type", "title", "detail"}.
    """
    if not isinstance(data, dict):
        return "", ""
    error = data.get("error")
    if isinstance(error, dict):
        return str(error.get("code", "")), str(error.get("info", ""))
    if isinstance(error, str):
        return "", error
    for key in ("detail", "title", "message"):
        if isinstance(data.get(key), str):
            return "", data[key]
    return "", ""


def _unknown_wiki(request: _Request) -> UnknownWiki:
    return UnknownWiki(
        request.service,
        f"No Wikipedia answers for the language code '{request.host_key}' "
        f"({request.host}). Check the code (en, es, pa, …) and that this computer "
        "is online.",
    )


def _preview(body: bytes, size: int = 60) -> str:
    text = body[:size].decode("utf-8", errors="replace").replace("\n", " ")
    return repr(text + ("…" if len(body) > size else ""))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP date), capped.

    RFC 9110 §10.2.3 allows both forms. Fractions are accepted because test servers
    and some proxies send them. Capped at MAX_RETRY_AFTER so a hostile header
    cannot stall the run; `None` when absent or unreadable.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _logger(service: str) -> logging.Logger:
    return logging.getLogger(f"microtask.{service}")
