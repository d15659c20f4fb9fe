"""The simulator's knobs. Mutable on purpose: a test may turn them mid-run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from tests.simulator.faults import FaultPlan
from tests.simulator.limits import (
    LIFTWING_ANONYMOUS_RATE,
    LIFTWING_TOKEN_RATE,
    MEDIAWIKI_CONCURRENCY,
)


@dataclass
class SimulatorConfig:
    """Latency, limits, faults and the simulated clock. Defaults: fast and kind."""

    latency: float = 0.0  # mean seconds added to every answer
    jitter: float = 0.0  # uniform ± around the mean
    seed: int = 0  # seeds the latency jitter
    enforce_limits: bool = False
    mediawiki_concurrency: int = MEDIAWIKI_CONCURRENCY
    liftwing_rate: float = LIFTWING_ANONYMOUS_RATE
    liftwing_token_rate: float = LIFTWING_TOKEN_RATE
    retry_after: int = 1  # seconds, in 429 and maxlag answers of MediaWiki
    faults: FaultPlan = field(default_factory=FaultPlan)
    # What more than 50 titles get: current MediaWiki's `toomanyvalues` error, or
    # the older warning with only the first 50 titles answered ("truncate").
    titles_limit: Literal["error", "truncate"] = "error"
    # PageViewInfo looks up only this many uncached titles per call.
    pageviews_per_call: int = 5
    # Page views arrive late: this many days up to yesterday have no data yet.
    pageviews_lag_days: int = 0
    now: datetime | None = None  # None: the wall clock (UTC)

    def current_time(self) -> datetime:
        return self.now or datetime.now(UTC)
