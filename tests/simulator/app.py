"""The simulator's aiohttp application: one server, three services by path.

    /{lang}/w/api.php                       MediaWiki Action API of {lang}.wikipedia
    /pageviews/per-article/…                Pageviews REST API
    /liftwing/v1/models/{model}:predict     LiftWing

Every request passes through `simulate`, which records it, enforces the limits
when asked, adds latency and injects the faults of the plan, in that order.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.simulator import liftwing, mediawiki, pageviews, responses
from tests.simulator.config import SimulatorConfig
from tests.simulator.corpus import Corpus
from tests.simulator.faults import Call, FaultContext, Handler, inflict
from tests.simulator.limits import LIFTWING_RETRY_AFTER, SlidingWindow
from tests.simulator.params import split
from tests.simulator.recording import InjectedFault, Recorder, RequestRecord

logger = logging.getLogger("microtask.simulator")


@dataclass
class Simulation:
    """The state every handler shares."""

    corpus: Corpus
    config: SimulatorConfig
    recorder: Recorder = field(default_factory=Recorder)
    liftwing_window: SlidingWindow = field(default_factory=SlidingWindow)
    latency_rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.latency_rng = random.Random(self.config.seed)


@dataclass(frozen=True)
class Incoming:
    """A request's input, read once by the middleware."""

    host: str
    params: dict[str, str]
    json: Any


SIMULATION = web.AppKey("simulation", Simulation)
INCOMING = web.RequestKey("incoming", Incoming)


def build_app(simulation: Simulation) -> web.Application:
    app = web.Application(middlewares=[simulate])
    app[SIMULATION] = simulation
    app.router.add_route("*", "/{lang}/w/api.php", action_api, name="mediawiki")
    app.router.add_get(
        "/pageviews/per-article/{project}/{access}/{agent}/{article}"
        "/{granularity}/{start}/{end}",
        per_article,
        name="pageviews",
    )
    app.router.add_post("/liftwing/v1/models/{model}:predict", predict, name="liftwing")
    # For a simulator in another process (the benchmark): read and reset the counts.
    app.router.add_get("/_simulator/stats", stats)
    app.router.add_post("/_simulator/reset", reset)
    return app


async def stats(request: web.Request) -> web.Response:
    return web.json_response(request.app[SIMULATION].recorder.summary())


async def reset(request: web.Request) -> web.Response:
    request.app[SIMULATION].recorder.reset()
    return web.json_response({})


async def action_api(request: web.Request) -> web.Response:
    simulation = request.app[SIMULATION]
    lang = request.match_info["lang"]
    wiki = simulation.corpus.wiki(lang)
    if wiki is None:
        return responses.unknown_wiki(lang)
    return mediawiki.answer(wiki, request[INCOMING].params, simulation.config)


async def per_article(request: web.Request) -> web.Response:
    simulation = request.app[SIMULATION]
    return pageviews.per_article(request, simulation.corpus, simulation.config)


async def predict(request: web.Request) -> web.Response:
    simulation = request.app[SIMULATION]
    model = request.match_info["model"]
    return liftwing.predict(model, request[INCOMING].json, simulation.corpus)


@web.middleware
async def simulate(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Record, limit, delay and break requests as the configuration says."""
    service = request.match_info.route.name
    if service not in ("mediawiki", "pageviews", "liftwing"):
        return await handler(request)
    simulation = request.app[SIMULATION]
    incoming = await _read(request, service)
    request[INCOMING] = incoming
    record = RequestRecord(
        service=service,
        host=incoming.host,
        method=request.method,
        path=request.path,
        params=incoming.params,
        json=incoming.json,
        user_agent=request.headers.get("User-Agent", ""),
        headers=dict(request.headers),
        t_start=time.monotonic(),
    )
    concurrency = simulation.recorder.start(record)
    status = None
    try:
        response = await _serve(request, handler, simulation, record, concurrency)
        if response is None:
            return web.Response(status=499)  # never sent: the connection is closed
        status = response.status
        if isinstance(response, web.Response) and _accepts_gzip(request):
            response.enable_compression(web.ContentCoding.gzip)
        return response
    finally:
        simulation.recorder.finish(record, time.monotonic(), status)
        _log(record)


def _log(record: RequestRecord) -> None:
    elapsed = (record.t_end or record.t_start) - record.t_start
    fault = f" (fault: {record.fault})" if record.fault else ""
    logger.debug(
        "%s %s %s %s -> %s in %.3f s%s",
        record.service,
        record.host,
        record.method,
        record.path,
        record.status,
        elapsed,
        fault,
    )


def _accepts_gzip(request: web.Request) -> bool:
    """Wikimedia answers gzip to clients that accept it (aiohttp would pick deflate)."""
    return "gzip" in request.headers.get("Accept-Encoding", "")


async def _serve(
    request: web.Request,
    handler: Handler,
    simulation: Simulation,
    record: RequestRecord,
    concurrency: int,
) -> web.StreamResponse | None:
    config = simulation.config
    refusal = _over_limit(request, simulation, record, concurrency)
    await _latency(simulation)
    if refusal is not None:
        return refusal

    call = _call(request, simulation, record)
    decision = config.faults.decide(call)
    if decision is None:
        return await handler(request)
    fault = InjectedFault(
        record.service, record.host, decision.kind, record.path, decision.reason
    )
    simulation.recorder.fault(record, fault)
    context = FaultContext(
        service=record.service,
        lang=record.host,
        retry_after=config.retry_after,
        hang_seconds=config.faults.hang_seconds,
    )
    return await inflict(decision, request, handler, context)


def _over_limit(
    request: web.Request,
    simulation: Simulation,
    record: RequestRecord,
    concurrency: int,
) -> web.Response | None:
    """A 429 when `enforce_limits` is on and this request breaks a limit."""
    config = simulation.config
    if not config.enforce_limits:
        return None
    if record.service == "mediawiki" and concurrency > config.mediawiki_concurrency:
        return responses.too_many_requests("mediawiki", config.retry_after)
    if record.service == "liftwing":
        authorization = request.headers.get("Authorization", "")
        has_token = authorization.startswith("Bearer ")
        client = authorization if has_token else "anonymous"
        rate = config.liftwing_token_rate if has_token else config.liftwing_rate
        if not simulation.liftwing_window.admit(client, rate, record.t_start):
            return responses.too_many_requests("liftwing", LIFTWING_RETRY_AFTER)
    return None


async def _latency(simulation: Simulation) -> None:
    """Simulated network and server time (seeded jitter), not a wait for state."""
    config = simulation.config
    if config.latency <= 0 and config.jitter <= 0:
        return
    jitter = simulation.latency_rng.uniform(-config.jitter, config.jitter)
    await asyncio.sleep(max(0.0, config.latency + jitter))


async def _read(request: web.Request, service: str) -> Incoming:
    """Parameters (query string and form body) and the JSON body, read once."""
    params = dict(request.query)
    body: Any = None
    if service == "mediawiki" and request.method == "POST":
        form = await request.post()
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    elif service == "liftwing":
        text = await request.text()
        try:
            body = json.loads(text)
        except ValueError:
            body = text
    info = request.match_info
    host = {"mediawiki": "lang", "pageviews": "project", "liftwing": "model"}[service]
    return Incoming(info[host], params, body)


def _call(request: web.Request, simulation: Simulation, record: RequestRecord) -> Call:
    """The request as the fault plan sees it: its titles, normalized."""
    wiki = simulation.corpus.wiki(record.host)
    titles: list[str] = []
    if record.service == "mediawiki" and wiki is not None:
        raw = split(record.params.get("titles"))
        titles = [wiki.parse(title).text for title in raw]
    elif record.service == "pageviews":
        titles = [request.match_info["article"].replace("_", " ")]
    elif record.service == "liftwing" and isinstance(record.json, dict):
        titles = _liftwing_titles(record.json, simulation.corpus)
    body = json.dumps(record.json, sort_keys=True)
    params = json.dumps(record.params, sort_keys=True)
    return Call(
        service=record.service,
        fingerprint=f"{record.method} {record.path} {params} {body}",
        titles=titles,
        sent_maxlag="maxlag" in record.params,
    )


def _liftwing_titles(body: dict[str, Any], corpus: Corpus) -> list[str]:
    """LiftWing names the article by title, or (articlequality) by revision."""
    wiki = corpus.wiki(str(body.get("lang")))
    if wiki is None:
        return []
    title = body.get("page_title") or body.get("title")
    if isinstance(title, str):
        return [wiki.parse(title).text]
    rev_id = body.get("rev_id")
    article = wiki.by_revid(rev_id) if isinstance(rev_id, int) else None
    return [article.title] if article else []
