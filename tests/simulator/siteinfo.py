"""`meta=siteinfo`: what a client learns about a wiki before asking for pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.simulator.params import split
from tests.simulator.titles import CANONICAL_NAMESPACES
from tests.simulator.wiki import Wiki


def siteinfo(wiki: Wiki, params: Mapping[str, str]) -> dict[str, Any]:
    """The `query` part for siprop general, namespaces and namespacealiases."""
    wanted = split(params.get("siprop", "general"))
    query: dict[str, Any] = {}
    if "general" in wanted:
        query["general"] = {
            "sitename": "Wikipedia",
            "wikiid": f"{wiki.lang}wiki",
            "lang": wiki.lang,
            "rtl": wiki.direction == "rtl",
            "case": "first-letter",
        }
    if "namespaces" in wanted:
        query["namespaces"] = {"0": _namespace(0, "")} | {
            str(ns): _namespace(ns, name)
            for ns, name in sorted(wiki.namespaces.items())
        }
    if "namespacealiases" in wanted:
        query["namespacealiases"] = [
            {"id": ns, "alias": alias} for alias, ns in wiki.aliases.items()
        ]
    return query


def _namespace(ns: int, name: str) -> dict[str, Any]:
    """One entry of `namespaces`, keyed by the id as a string in formatversion 2."""
    entry: dict[str, Any] = {"id": ns, "case": "first-letter", "name": name}
    entry["subpages"] = ns in (4, 10)
    if ns:
        entry["canonical"] = CANONICAL_NAMESPACES[ns]
    entry["content"] = ns == 0
    entry["nonincludable"] = False
    return entry
