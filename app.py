"""Microtask Generator dashboard: `streamlit run app.py`.

Layout and wiring only; everything else lives in `microtask.ui`.
"""

from __future__ import annotations

import logging
import sys

import streamlit as st

from microtask.config import ConfigError, Settings
from microtask.ui import inputs, runner, session
from microtask.ui.results import show_results
from microtask.ui.sidebar import show_sidebar
from microtask.ui.state import MODE_CATEGORY
from microtask.ui.text import md_escape


@st.cache_resource
def _configure_logging() -> None:
    """Once per process: the library logs, the app decides where it goes."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
    root = logging.getLogger("microtask")
    root.addHandler(handler)
    root.setLevel(logging.INFO)


st.set_page_config(
    page_title="Microtask Generator",
    page_icon=":material/construction:",
    layout="wide",
)
_configure_logging()

try:
    settings = Settings.from_env()
except ConfigError as error:
    st.error(md_escape(f"The dashboard is misconfigured: {error} Tell the operator."))
    st.stop()

session.read_link_once()
session.init_defaults()
show_sidebar(settings)

st.title("Microtask Generator", anchor=False)
st.caption(
    "Paste Wikipedia articles or pick a category: each article gets small, concrete "
    "editing tasks for your editathon or campaign."
)
for problem in session.link_problems():
    st.warning(md_escape(problem))

mode = inputs.mode_switch()
lang = inputs.lang_input()
if mode == MODE_CATEGORY:
    request = inputs.category_form(lang, settings)
else:
    request = inputs.list_form(lang)
if request is not None:
    session.start(request)

enabled = session.enabled_tasks()
pending = session.pending()
retry = session.pending_retry()
# Drawn on every run, empty unless a run or a retry is in progress: the results
# below keep their place, so Streamlit replaces them instead of showing the old
# and the new copy one under the other while the page re-runs.
with st.container():
    if pending is not None:
        cache = runner.open_cache(settings)
        session.finish(runner.run(pending, settings, cache, enabled))
    elif retry is not None:
        cache = runner.open_cache(settings)
        session.finish_retry(runner.retry(retry, settings, cache, enabled))

results = session.current_results()
if results is not None:
    show_results(results, enabled)
session.write_link()
