"""The published limits, enforced when `SimulatorConfig.enforce_limits` is on.

- MediaWiki: more than 3 requests at once to one wiki is answered 429 (the 2026
  rate-limit guidance for Wikimedia hosts).
- LiftWing: more requests in any sliding second than the client's rate (15/s
  anonymous, 100/s with an `Authorization: Bearer` token, api.wikimedia.org
  rate-limit page) is answered 429 with `Retry-After: 1`. Requests refused do
  not count towards the window.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

MEDIAWIKI_CONCURRENCY = 3
LIFTWING_ANONYMOUS_RATE = 15.0
LIFTWING_TOKEN_RATE = 100.0
LIFTWING_RETRY_AFTER = 1


@dataclass
class SlidingWindow:
    """Requests admitted during the last second, per client."""

    _admitted: dict[str, deque[float]] = field(default_factory=dict)

    def admit(self, client: str, rate: float, now: float) -> bool:
        """Count the request and return True, or return False if over `rate`."""
        window = self._admitted.setdefault(client, deque())
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= rate:
            return False
        window.append(now)
        return True
