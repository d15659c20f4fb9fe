"""Session-state keys of the dashboard's widgets and containers.

They double as test hooks: `AppTest` finds widgets by key, and Streamlit gives each
keyed element the CSS class `st-key-<key>` that browser tests locate.
"""

from __future__ import annotations

MODE = "mode"  # segmented control at the top of the main area
MODE_SIDEBAR = "mode_sidebar"  # the same choice, as a radio in the sidebar
LANG = "lang"
TITLES = "titles"
GET_TASKS = "get_tasks"
CATEGORY_SEARCH = "category_search"  # streamlit-searchbox's own state (a dict)
CATEGORY_FRAGMENT = "category_picker"  # holds the searchbox (its own key is random)
LIMIT = "limit"
GET_CATEGORY = "get_category"

TASK_TOGGLE_PREFIX = "task_on_"  # + task id, in the sidebar
FILTER_PREFIX = "filter_"  # + filter name; + "_all" / "_none" for its buttons
ABOUT_TASKS = "about_tasks"
SHOWING = "showing"
GRID_PREFIX = "results_grid_"  # + request key: a new grid for each request
DETAIL = "article_detail"
CARD_PREFIX = "card_"  # + feature name
FAILURES = "failed_sources"  # the warning about failed sources and its button
RETRY_FAILED = "retry_failed"
DOWNLOADS = "downloads"
DOWNLOAD_CSV = "download_csv"
DOWNLOAD_TSV = "download_tsv"
DOWNLOAD_WIKITABLE = "download_wikitable"
WIKITABLE_CODE = "wikitable_code"

# Not widgets: the session's own records.
RESULTS = "_results"  # {request key: Results}, most recent last
CURRENT = "_current"  # key of the results on screen
PENDING = "_pending"  # Request to run on this script run
RETRY = "_retry"  # key of the results whose failed sources to retry on this run
FILTERS = "_filters"  # Filters of the results on screen
URL_READ = "_url_read"  # the link was read once for this session
URL_PROBLEMS = "_url_problems"
CATEGORY = "_category"  # what the category searchbox holds


def task_toggle(task_id: str) -> str:
    return TASK_TOGGLE_PREFIX + task_id


def filter_widget(name: str) -> str:
    return FILTER_PREFIX + name


def grid(request_key: str) -> str:
    return GRID_PREFIX + request_key
