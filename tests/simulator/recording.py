"""Everything the simulator saw and did, for tests to assert on.

One `RequestRecord` per request (also the ones answered with a fault or a 429),
in arrival order; concurrency per host; the faults injected. The server runs
either in the test's event loop or in a `SimulatorThread`; a lock keeps the
lists consistent when a test thread reads while the server thread writes.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

SERVICES = ("mediawiki", "pageviews", "liftwing")


@dataclass
class RequestRecord:
    """One request as the simulator received and answered it.

    `host` is the language code for MediaWiki (one wiki = one host), the model
    name for LiftWing and the project ("en.wikipedia") for page views. Times are
    `time.monotonic()`; `t_end` and `status` stay None while the request is
    being served, and `status` stays None when the connection was dropped or the
    client gave up waiting.
    """

    service: str
    host: str
    method: str
    path: str
    params: dict[str, str]
    json: Any
    user_agent: str
    headers: dict[str, str]
    t_start: float
    t_end: float | None = None
    status: int | None = None
    fault: str | None = None

    @property
    def titles(self) -> list[str]:
        """The `titles=` values of an Action API request, as sent."""
        raw = self.params.get("titles", "")
        return raw.split("|") if raw else []


@dataclass(frozen=True)
class InjectedFault:
    """A fault the simulator chose to inject, and into which request."""

    service: str
    host: str
    kind: str
    path: str
    reason: str  # "random", "first calls" or "title <T>"


@dataclass
class Recorder:
    """Requests, faults, throttling and concurrency, thread-safe."""

    records: list[RequestRecord] = field(default_factory=list)
    faults: list[InjectedFault] = field(default_factory=list)
    throttled: int = 0  # number of 429 answers sent (limits and faults)
    _in_flight: Counter[tuple[str, str]] = field(default_factory=Counter)
    _peak: Counter[tuple[str, str]] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, record: RequestRecord) -> int:
        """Register an arriving request; returns the host's concurrency with it."""
        key = (record.service, record.host)
        with self._lock:
            self.records.append(record)
            self._in_flight[key] += 1
            self._peak[key] = max(self._peak[key], self._in_flight[key])
            return self._in_flight[key]

    def finish(self, record: RequestRecord, t_end: float, status: int | None) -> None:
        with self._lock:
            record.t_end = t_end
            record.status = status
            self._in_flight[(record.service, record.host)] -= 1
            if status == 429:
                self.throttled += 1

    def fault(self, record: RequestRecord, fault: InjectedFault) -> None:
        with self._lock:
            record.fault = fault.kind
            self.faults.append(fault)

    def requests(
        self, service: str | None = None, host: str | None = None
    ) -> list[RequestRecord]:
        """A copy of the records, optionally of one service and one host."""
        with self._lock:
            return [
                r
                for r in self.records
                if (service is None or r.service == service)
                and (host is None or r.host == host)
            ]

    def count(self, service: str | None = None, host: str | None = None) -> int:
        return len(self.requests(service, host))

    def counts(self) -> dict[str, int]:
        """Requests per service, every service present (0 when none came)."""
        with self._lock:
            seen = Counter(r.service for r in self.records)
        return {service: seen[service] for service in SERVICES}

    def concurrency(self, host: str, service: str = "mediawiki") -> int:
        """Requests to one host being served right now."""
        with self._lock:
            return self._in_flight[(service, host)]

    def peak_concurrency(self, host: str, service: str = "mediawiki") -> int:
        """The most requests one host served at the same time."""
        with self._lock:
            return self._peak[(service, host)]

    def summary(self) -> dict[str, object]:
        """Requests per service, peak concurrency per host, 429s and faults sent."""
        with self._lock:
            peaks = {f"{s}/{h}": n for (s, h), n in sorted(self._peak.items())}
            requests = Counter(r.service for r in self.records)
            return {
                "requests": {s: requests[s] for s in SERVICES},
                "peak_concurrency": peaks,
                "429 sent": self.throttled,
                "faults": len(self.faults),
            }

    def reset(self) -> None:
        """Forget the past, peaks included (call it between runs)."""
        self.clear()
        with self._lock:
            self._peak = Counter(self._in_flight)

    def clear(self) -> None:
        """Forget the past (requests in flight still count towards concurrency)."""
        with self._lock:
            self.records.clear()
            self.faults.clear()
            self.throttled = 0
            self._peak = Counter(self._in_flight)
