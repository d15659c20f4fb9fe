"""Error answers in the shape each Wikimedia service gives them.

MediaWiki's Action API answers its own errors with HTTP 200 and an `error`
object (plus a `MediaWiki-API-Error` header); the edge in front of every
service answers throttling and outages with 429/5xx and an HTML page; the
Pageviews REST API uses JSON "problem" bodies; LiftWing (KServe) answers
`{"error": "..."}`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

DOCREF = (
    "See https://{lang}.wikipedia.org/w/api.php for API usage. Subscribe to the "
    "mediawiki-api-announce mailing list at &lt;https://lists.wikimedia.org/"
    "postorius/lists/mediawiki-api-announce.lists.wikimedia.org/&gt; for notice "
    "of API deprecations and breaking changes."
)
SERVED_BY = "mw-api-ext.simulator"


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.json_response(data, status=status, headers=headers)


def api_error(lang: str, code: str, info: str, **extra: Any) -> web.Response:
    """An Action API error: HTTP 200, `error.code`, `error.info`, a docref."""
    error = {"code": code, "info": info, **extra, "docref": DOCREF.format(lang=lang)}
    body = {"error": error, "servedby": SERVED_BY}
    return json_response(body, headers={"MediaWiki-API-Error": code})


def maxlag_error(lang: str, lag: float, retry_after: int) -> web.Response:
    """The answer to a request whose `maxlag` is below the replicas' lag."""
    response = api_error(
        lang,
        "maxlag",
        f"Waiting for 10.64.16.8: {lag:.2f} seconds lagged.",
        host="10.64.16.8",
        lag=lag,
        type="db",
    )
    response.headers["Retry-After"] = str(retry_after)
    response.headers["X-Database-Lag"] = str(int(lag))
    return response


def unknown_wiki(lang: str) -> web.Response:
    """What a Wikipedia host that does not exist answers: 404 and an HTML page."""
    html = (
        '<!DOCTYPE html>\n<html lang="en"><meta charset="utf-8">'
        "<title>Wikimedia Error</title>"
        f"<p>Domain not configured: no wiki exists at {lang}.wikipedia.org.</p>"
    )
    return web.Response(status=404, text=html, content_type="text/html")


def too_many_requests(service: str, retry_after: int) -> web.Response:
    """HTTP 429 with Retry-After, in the service's own body format."""
    headers = {"Retry-After": str(retry_after)}
    if service == "liftwing":
        body = {"httpCode": 429, "httpReason": "Too Many Requests"}
        return json_response(body, 429, headers)
    if service == "pageviews":
        return problem(429, "request_rate_exceeded", "Too many requests", headers)
    html = _edge_page("Too many requests. Please slow down.")
    return web.Response(
        status=429, text=html, content_type="text/html", headers=headers
    )


def server_error(service: str, status: int) -> web.Response:
    """A 5xx from the service (LiftWing, JSON) or from the edge (HTML)."""
    if service == "liftwing" and status == 500:
        return json_response({"error": "Internal Server Error"}, 500)
    html = _edge_page(f"Error: {status}, upstream connect error or disconnect.")
    return web.Response(status=status, text=html, content_type="text/html")


def problem(
    status: int,
    kind: str,
    title: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> web.Response:
    """A Pageviews REST (RESTBase/HyperSwitch) error body."""
    body = {
        "type": f"https://mediawiki.org/wiki/HyperSwitch/errors/{kind}",
        "title": title,
        "method": "get",
        **extra,
    }
    return web.json_response(
        body, status=status, headers=headers, content_type="application/problem+json"
    )


def kserve_error(status: int, message: str) -> web.Response:
    """LiftWing's KServe error body."""
    return json_response({"error": message}, status)


def _edge_page(message: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><meta charset="utf-8">'
        f"<title>Wikimedia Error</title><p>{message}</p></html>"
    )
