"""Readable names for outlink-topic-model labels.

The model answers with paths from the ORES article-topic taxonomy (64 labels under
four roots: Culture, Geography, History_and_Society, STEM), e.g.
`Geography.Regions.Asia.South_Asia`. A trailing `*` marks a catch-all for articles
of a group that fit none of its other labels (`Culture.Biography.Biography*`).
Only the shape of the labels is relied on here, not the list, so a label added to
the model later still gets a sensible name.
"""

from __future__ import annotations

_CATCH_ALL = "*"


def topic_name(label: str) -> str:
    """The label's last part, readable: "STEM.Physics" → "Physics".

    A catch-all is named after its group ("Culture.Biography.Biography*" →
    "Biography"), except directly under a root, where the plain name would read
    as the whole root: "STEM.STEM*" → "STEM (other)".
    """
    parts = label.split(".")
    name = _readable(parts[-1].removesuffix(_CATCH_ALL))
    if parts[-1].endswith(_CATCH_ALL) and len(parts) == 2:
        return f"{name} (other)"
    return name


def topic_root(label: str) -> str:
    """The label's root, readable: "History_and_Society.Education" →
    "History and Society"."""
    return _readable(label.split(".")[0].removesuffix(_CATCH_ALL))


def _readable(part: str) -> str:
    return part.replace("_", " ").strip()
