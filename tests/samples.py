"""Sample values shared by several test modules."""

from __future__ import annotations

from microtask.models import Feature

# LiftWing's extended articlequality answer for enwiki "Cat" (score 0.98258, FA):
# every feature full but categories (7 of the wiki's 15), which suggests a task.
CAT_FEATURES = {
    "characters": Feature(49245, 1.0),
    "refs": Feature(318, 1.0),
    "wikilinks": Feature(448, 1.0),
    "categories": Feature(7, 0.4666666666666667),
    "media": Feature(36, 1.0),
    "headings": Feature(44, 1.0),
    "sources": Feature(271, 1.0),
    "infobox": Feature(True, True),
    "messagebox": Feature(False, False),
}
