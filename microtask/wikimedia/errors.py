"""The exceptions the Wikimedia clients raise, and nothing else escapes them.

    WikimediaError            base: `service` names the API, the message says what to do
    ├── UnknownWiki           no wiki answers for that language code
    ├── ServiceUnavailable    connection failures, timeouts or 5xx, after retries
    ├── Throttled             429 or maxlag, still after honouring Retry-After
    ├── ApiError              the service answered with an error of its own
    └── BadResponse           the answer was not the JSON we expected

aiohttp's exceptions are translated at the transport (`wikimedia.http`), so callers
only ever catch `WikimediaError`.
"""

from __future__ import annotations


class WikimediaError(Exception):
    """A Wikimedia service could not give an answer."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service
        self.message = message


class UnknownWiki(WikimediaError):
    """No Wikipedia exists (or answers) for the language code."""


class ServiceUnavailable(WikimediaError):
    """The service could not be reached or kept failing after the retries."""


class Throttled(WikimediaError):
    """The service kept asking us to slow down (429 or maxlag)."""


class ApiError(WikimediaError):
    """The service understood the request and refused it (an `error` answer)."""

    def __init__(self, service: str, message: str, code: str = "") -> None:
        super().__init__(service, message)
        self.code = code


class BadResponse(WikimediaError):
    """The answer could not be parsed or lacked a field it must have."""
