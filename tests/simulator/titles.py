"""MediaWiki's title rules, as far as the Action API shows them to a client.

`parse_title` does what MediaWikiTitleCodec does to a `titles=` value: underscores
become spaces, runs of whitespace collapse, a `#fragment` is dropped, a namespace
prefix is recognised (canonical English or the wiki's own name), the first letter
is uppercased, and titles MediaWiki would refuse get the reason the API reports
in `invalidreason`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Canonical namespace names; every wiki also accepts these besides its own.
CANONICAL_NAMESPACES: dict[int, str] = {
    4: "Project",
    10: "Template",
    14: "Category",
    100: "Portal",
}

# The characters $wgLegalTitleChars leaves out, plus the C0 controls and DEL.
_ILLEGAL = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f]")
# "%41" inside a title would be decoded twice by browsers, so MediaWiki refuses it.
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_RELATIVE = re.compile(r"^\.\.?/|/\.\.?/|/\.\.?$|^\.\.?$")
_WHITESPACE = re.compile(
    r"[ _\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
# $wgMaxTitleBytes
MAX_TITLE_BYTES = 255

# English texts of MediaWiki's title-invalid-* messages, as the API returns them.
EMPTY = "The requested page title is empty or contains only the name of a namespace."
RELATIVE = (
    "Title has relative path. Relative page titles (./, ../) are invalid, because "
    "they will often be unreachable when handled by user's browser."
)
MAGIC_TILDE = "The requested page title contains invalid magic tilde sequence (~~~)."
TOO_LONG = (
    "The requested page title is too long. It must be no longer than "
    f"{MAX_TITLE_BYTES} bytes in UTF-8 encoding."
)


def invalid_characters(found: str) -> str:
    """The invalidreason for a title containing characters MediaWiki refuses."""
    return f'The requested page title contains invalid characters: "{found}".'


@dataclass(frozen=True)
class ParsedTitle:
    """A `titles=` value after MediaWiki's parsing.

    `text` is the prefixed title as the API prints it (spaces, local namespace
    name); `invalid_reason` is set instead when MediaWiki refuses the title.
    """

    raw: str
    ns: int = 0
    text: str = ""
    fragment: str | None = None
    invalid_reason: str | None = None

    @property
    def dbkey(self) -> str:
        """The form with underscores, which MediaWiki sorts and stores."""
        return self.text.replace(" ", "_")


def parse_title(
    raw: str, namespaces: Mapping[int, str], aliases: Mapping[str, int] | None = None
) -> ParsedTitle:
    """Parse one requested title.

    `namespaces` maps ids to the wiki's local names, `aliases` extra names
    (like "WP") to ids; canonical English names are always understood.
    """
    text = _WHITESPACE.sub(" ", raw).strip()
    fragment = None
    if "#" in text:
        text, fragment = text.split("#", 1)
        text = text.rstrip()

    ns, text = _split_namespace(text, namespaces, aliases or {})
    reason = _invalid_reason(text)
    if reason:
        return ParsedTitle(raw=raw, invalid_reason=reason)

    text = text[0].upper() + text[1:]
    prefix = f"{namespaces[ns]}:" if ns else ""
    return ParsedTitle(raw=raw, ns=ns, text=prefix + text, fragment=fragment)


def _split_namespace(
    text: str, namespaces: Mapping[int, str], aliases: Mapping[str, int]
) -> tuple[int, str]:
    """Recognise `Category:`, the wiki's own name for it, or any other known prefix."""
    if ":" not in text:
        return 0, text
    prefix, rest = text.split(":", 1)
    wanted = prefix.strip().casefold()
    for alias, ns in aliases.items():
        if alias.casefold() == wanted:
            return ns, rest.strip()
    for ns, local in namespaces.items():
        names = {local.casefold(), CANONICAL_NAMESPACES.get(ns, "").casefold()}
        if ns and wanted in names:
            return ns, rest.strip()
    return 0, text


def _invalid_reason(text: str) -> str | None:
    """Why MediaWiki would refuse this title text, or None when it is fine."""
    if not text:
        return EMPTY
    if match := _ILLEGAL.search(text):
        return invalid_characters(match.group())
    if match := _PERCENT_ESCAPE.search(text):
        return invalid_characters(match.group())
    if _RELATIVE.search(text):
        return RELATIVE
    if "~~~" in text:
        return MAGIC_TILDE
    if len(text.encode("utf-8")) > MAX_TITLE_BYTES:
        return TOO_LONG
    return None
