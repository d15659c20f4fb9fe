"""Settings, read from the environment in one place.

Every setting has a default and a one-line help; `Settings.from_env()` is the only
code that looks at `os.environ`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from urllib.parse import quote, urlsplit

import aiohttp

from microtask import __version__

CLIENT_NAME = "MicrotaskGenerator"

# LiftWing's published limits for anonymous and authenticated clients
# (api.wikimedia.org rate-limit page, summarised in shared/docs/wikimedia.md).
LIFTWING_ANONYMOUS_RATE = 15.0
LIFTWING_TOKEN_RATE = 100.0


class ConfigError(ValueError):
    """An environment variable holds a value of the wrong kind."""


def _doc(env: str | None, help: str) -> dict[str, str | None]:
    return {"env": env, "help": help}


@dataclass(frozen=True)
class Settings:
    """Everything the engine needs to know about the outside world."""

    mediawiki_url: str = field(
        default="https://{lang}.wikipedia.org/w/api.php",
        metadata=_doc(
            "MICROTASK_MEDIAWIKI_URL",
            "Action API endpoint; {lang} is replaced by the language code.",
        ),
    )
    pageviews_url: str = field(
        default="https://wikimedia.org/api/rest_v1/metrics/pageviews",
        metadata=_doc(
            "MICROTASK_PAGEVIEWS_URL", "Pageviews REST API root (per-article route)."
        ),
    )
    liftwing_url: str = field(
        default="https://api.wikimedia.org/service/lw/inference/v1/models",
        metadata=_doc(
            "MICROTASK_LIFTWING_URL",
            "LiftWing models root; '/{model}:predict' is appended.",
        ),
    )
    contact: str = field(
        default="",
        metadata=_doc(
            "MICROTASK_CONTACT",
            "Your contact (URL or e-mail), written into the User-Agent.",
        ),
    )
    liftwing_token: str = field(
        default="",
        metadata=_doc(
            "MICROTASK_LIFTWING_TOKEN",
            "Optional bearer token: LiftWing allows 100 requests/s instead of 15.",
        ),
    )
    cache_url: str = field(
        default="",
        metadata=_doc(
            "MICROTASK_CACHE_URL",
            "sqlite:///PATH, redis://HOST:PORT/N or memory://; empty means a "
            "SQLite file in the user cache directory.",
        ),
    )
    liftwing_rate: float = field(
        default=0.0,
        metadata=_doc(
            "MICROTASK_LIFTWING_RATE",
            "LiftWing requests/s, all models together; 0 means the published "
            "limit (15, or 100 with a token), which it can only lower.",
        ),
    )
    timeout: float = field(
        default=30.0,
        metadata=_doc("MICROTASK_TIMEOUT", "Seconds before one request is abandoned."),
    )
    retries: int = field(
        default=4,
        metadata=_doc(
            "MICROTASK_RETRIES", "Retries of one request after a transient failure."
        ),
    )
    backoff: float = field(
        default=0.5,
        metadata=_doc(
            "MICROTASK_BACKOFF", "First retry delay in seconds; doubles, with jitter."
        ),
    )
    max_per_host: int = field(
        default=3,
        metadata=_doc(None, "Concurrent requests per Wikimedia host (at most 3)."),
    )
    maxlag: int | None = field(
        default=None,
        metadata=_doc(
            None,
            "maxlag sent to the Action API: the CLI sends 5 (batch work), the "
            "dashboard nothing (interactive).",
        ),
    )
    task_threshold: float = field(
        default=0.5,
        metadata=_doc(None, "A task is suggested when its feature is at or below."),
    )
    topic_threshold: float = field(
        default=0.5,
        metadata=_doc(None, "Lowest outlink-topic-model score shown as a topic."),
    )

    def __post_init__(self) -> None:
        """Refuse values that would hang or crash a run, naming the setting."""
        checks = {
            "timeout": self.timeout > 0,
            "backoff": self.backoff >= 0,
            "retries": self.retries >= 0,
            "max_per_host": 1 <= self.max_per_host <= 3,
            "liftwing_rate": self.liftwing_rate >= 0,
            "task_threshold": 0 <= self.task_threshold <= 1,
            "topic_threshold": 0 <= self.topic_threshold <= 1,
        }
        for name, good in checks.items():
            value = getattr(self, name)
            finite = not isinstance(value, float) or math.isfinite(value)
            if not (good and finite):
                env = next(f.metadata["env"] for f in fields(self) if f.name == name)
                raise ConfigError(f"{env or name}={value!r} is out of range.")

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, **overrides: object
    ) -> Settings:
        """Build settings from environment variables; keyword arguments win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            name = f.metadata.get("env")
            raw = env.get(name, "").strip() if name else ""
            if not raw:
                continue
            kind: type = type(f.default)
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise ConfigError(
                    f"{name}={raw!r} is not a valid {kind.__name__}."
                ) from None
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def user_agent(self) -> str:
        """User-Agent in the form Wikimedia's policy asks for."""
        contact = self.contact or "contact not configured; set MICROTASK_CONTACT"
        return f"{CLIENT_NAME}/{__version__} ({contact}) aiohttp/{aiohttp.__version__}"

    @property
    def liftwing_limit(self) -> float:
        """Requests per second allowed to LiftWing, shared by its three models.

        A configured rate may only lower the published limit on Wikimedia's own
        API gateway; above it, it applies to other endpoints (a test simulator, a
        self-hosted model server) alone.
        """
        published = (
            LIFTWING_TOKEN_RATE if self.liftwing_token else LIFTWING_ANONYMOUS_RATE
        )
        if self.liftwing_rate <= 0:
            return published
        host = urlsplit(self.liftwing_url).hostname or ""
        if host == "wikimedia.org" or host.endswith(".wikimedia.org"):
            return min(self.liftwing_rate, published)
        return self.liftwing_rate

    def mediawiki_endpoint(self, lang: str) -> str:
        """The Action API URL of one Wikipedia."""
        return self.mediawiki_url.replace("{lang}", lang)


def article_url(lang: str, title: str) -> str:
    """Link to read an article on the public wiki."""
    return f"https://{lang}.wikipedia.org/wiki/{quote(title.replace(' ', '_'))}"


def edit_url(lang: str, title: str) -> str:
    """Link to edit an article on the public wiki."""
    return f"https://{lang}.wikipedia.org/w/index.php?title={quote(title)}&action=edit"


def settings_help() -> str:
    """The environment variables and what they do, for --help and the README."""
    lines = []
    for f in fields(Settings):
        if f.metadata.get("env"):
            lines.append(f"  {f.metadata['env']:<26} {f.metadata['help']}")
    return "\n".join(lines)
