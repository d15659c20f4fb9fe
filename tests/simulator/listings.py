"""Category members and category autocomplete, as list and generator modules.

`category_members` is ApiQueryCategoryMembers: rows sorted by type, sort key and
page id; `cmcontinue` is "type|hex sort key|page id". With `cmnamespace`, on a
wiki in miser mode (every Wikimedia wiki), the namespace filter runs *after*
the database fetched `cmlimit` rows, so a response can hold fewer rows than
asked, even none, while `continue` says more are coming.

`prefix_search` is the prefixsearch generator for autocomplete: ranked titles,
each page carrying its rank in `index`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass

from tests.simulator.params import ApiFailure, integer, limit, split
from tests.simulator.wiki import KIND_ORDER, Member, Wiki

CATEGORY_MEMBERS_MAX = 500  # cmlimit=max for clients without apihighlimits
PREFIX_SEARCH_MAX = 100  # pslimit=max for clients without apihighlimits


@dataclass(frozen=True)
class Listing:
    """One response's worth of rows and the continuation value, if any."""

    rows: list[Member]
    next: str | None
    warnings: tuple[str, ...] = ()


def category_members(wiki: Wiki, params: Mapping[str, str], prefix: str) -> Listing:
    """`list=categorymembers` (prefix "cm") or its generator form ("gcm")."""
    title = params.get(f"{prefix}title")
    if not title:
        raise ApiFailure("missingparam", f'The "{prefix}title" parameter must be set.')
    parsed = wiki.parse(title)
    if parsed.invalid_reason is not None:
        raise ApiFailure("invalidtitle", f'Bad title "{title}".')
    if parsed.ns != 14:
        raise ApiFailure(
            "invalidcategory", "The category name you entered is not valid."
        )
    count, warnings = limit(params, f"{prefix}limit", 10, CATEGORY_MEMBERS_MAX)

    category = wiki.categories.get(parsed.text)
    kinds = split(params.get(f"{prefix}type", "page|subcat|file"))
    rows = [m for m in category.members if m.kind in kinds] if category else []
    start = _start(rows, params.get(f"{prefix}continue"))
    fetched = rows[start : start + count]
    more = rows[start + count] if start + count < len(rows) else None

    namespaces = params.get(f"{prefix}namespace")
    if namespaces is not None:
        wanted = {int(ns) for ns in split(namespaces) if ns.lstrip("-").isdigit()}
        fetched = [m for m in fetched if m.ns in wanted]
    return Listing(fetched, _continue_value(more) if more else None, warnings)


def prefix_search(wiki: Wiki, params: Mapping[str, str]) -> Listing:
    """`generator=prefixsearch`: pages whose title starts with `gpssearch`."""
    if "gpssearch" not in params:
        raise ApiFailure("missingparam", 'The "gpssearch" parameter must be set.')
    namespace = integer(params, "gpsnamespace", 0)
    count, warnings = limit(params, "gpslimit", 10, PREFIX_SEARCH_MAX)
    offset = integer(params, "gpsoffset", 0)

    text = params["gpssearch"]
    if namespace and ":" in text:
        parsed = wiki.parse(text)
        if parsed.ns == namespace:
            text = parsed.text.split(":", 1)[1]
    found = wiki.prefix_search(text.strip(), namespace)
    rows = [Member(page.title, page.ns, page.pageid, "") for page in found]
    window = rows[offset : offset + count]
    more = offset + count < len(rows)
    return Listing(window, str(offset + count) if more else None, warnings)


def _continue_value(row: Member) -> str:
    return f"{row.kind}|{row.sortkey.encode().hex().upper()}|{row.pageid}"


def _start(rows: list[Member], value: str | None) -> int:
    """Index of the first row at or after a `cmcontinue` value."""
    if not value:
        return 0
    try:
        kind, hex_key, pageid = value.split("|")
        key = (KIND_ORDER[kind], bytes.fromhex(hex_key).decode(), int(pageid))
    except (KeyError, ValueError):
        raise ApiFailure(
            "badcontinue",
            "Invalid continue param. You should pass the original value returned "
            "by the previous query.",
        ) from None
    keys = [(KIND_ORDER[m.kind], m.sortkey, m.pageid) for m in rows]
    return bisect_left(keys, key)
