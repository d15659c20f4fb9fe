"""The Streamlit dashboard's presentation layer.

Two kinds of module live here, and the split is the point:

* pure ones (`text`, `state`, `filters`, `table`, `cards`) turn reports and
  choices into frames, strings and URL parameters. They never import Streamlit,
  so they are tested as plain functions;
* Streamlit ones (`inputs`, `runner`, `results`, `detail`, `grid`, `sidebar`,
  `session`) draw widgets and read them back. `app.py` only lays them out.
"""
