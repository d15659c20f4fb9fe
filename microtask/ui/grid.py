"""The results grid (streamlit-aggrid) and its JavaScript cell renderers.

Facts this module is built on (shared/docs/ui.md, checked on streamlit-aggrid
1.2.1.post2 with AG Grid 34):

* the grid mutates the frame it is given, so it always gets a copy;
* a key per request gives every new result set a fresh grid (and no stale row
  selection), while re-runs of the same request update the grid in place;
* `height=None` renders an invisible grid: the height is fixed;
* a row click is a `singleRow` selection with a `getRowId`, reported on
  `selectionChanged` only; the custom return sends back the selected row ids,
  not every row;
* JsCode runs with the page's rights, and titles come from anyone: the renderers
  build DOM nodes and set `textContent`, never `innerHTML`, and accept only
  http(s) links.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from st_aggrid import AgGrid, JsCode

from microtask.ui import keys
from microtask.ui.table import COLUMNS

# Fixed heights in CSS pixels (AG Grid's default theme: 32 px header, 28 px rows
# plus borders, 48 px pagination bar). A short result gets a short grid instead of a
# tall empty frame; from a full page on, the grid scrolls inside GRID_HEIGHT.
GRID_HEIGHT = 460
MIN_GRID_HEIGHT = 160
_CHROME_HEIGHT = 96
_ROW_HEIGHT = 30
PAGE_SIZE = 20
PAGE_SIZES = [10, 20, 50, 100]  # includes PAGE_SIZE, or AG Grid leaves the box blank

# Link to the article; a redirect shows where it came from, a row without a page
# why (missing, invalid title), and ⚠ (with the status as tooltip) that a source
# failed, since the Status column may be off screen on a phone. The click on the
# link must not reach the row, which would select it and re-run the script.
ARTICLE_RENDERER = """
class ArticleCell {
  init(params) {
    const data = params.data || {};
    const title = data.article == null ? '' : String(data.article);
    this.eGui = document.createElement('span');
    const url = typeof data.url === 'string' ? data.url : '';
    if (/^https?:/i.test(url)) {
      const link = document.createElement('a');
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = title;
      link.addEventListener('click', (event) => event.stopPropagation());
      this.eGui.appendChild(link);
    } else {
      this.eGui.textContent = title;
    }
    if (data.redirected_from) {
      const from = document.createElement('span');
      from.style.opacity = '0.7';
      from.textContent = ' \u21a9 ' + String(data.redirected_from);
      this.eGui.appendChild(from);
    }
    if (data.note) {
      const note = document.createElement('span');
      note.style.opacity = '0.7';
      note.textContent = ' (' + String(data.note) + ')';
      this.eGui.appendChild(note);
    }
    if (data.flag) {
      const flag = document.createElement('span');
      flag.title = String(data.status || '');
      flag.textContent = ' ' + String(data.flag);
      this.eGui.appendChild(flag);
    }
  }
  getGui() { return this.eGui; }
  refresh() { return false; }
}
"""

# The Article cell's value is all it shows (title, redirect, note, ⚠), not the
# title alone: when new rows arrive with the same row ids, AG Grid redraws only the
# cells whose value changed, and a retry that fixes a source changes only the ⚠.
# It is also what the column sorts by.
ARTICLE_VALUE = """
function (params) {
  const data = params.data || {};
  let text = data.article == null ? '' : String(data.article);
  if (data.redirected_from) { text += ' \u21a9 ' + String(data.redirected_from); }
  if (data.note) { text += ' (' + String(data.note) + ')'; }
  if (data.flag) { text += ' ' + String(data.flag); }
  return text;
}
"""

# The quality score (0..1) as a bar with its value written on it.
QUALITY_RENDERER = """
class QualityBar {
  init(params) {
    this.eGui = document.createElement('div');
    this.eGui.style.display = 'flex';
    this.eGui.style.alignItems = 'center';
    this.eGui.style.gap = '6px';
    this.eGui.style.height = '100%';
    const value = Number(params.value);
    if (params.value == null || !Number.isFinite(value)) {
      this.eGui.textContent = '\u2014';
      return;
    }
    const track = document.createElement('div');
    track.style.flex = '1';
    track.style.height = '8px';
    track.style.borderRadius = '4px';
    track.style.background = 'rgba(128, 128, 128, 0.25)';
    const fill = document.createElement('div');
    fill.style.height = '100%';
    fill.style.borderRadius = '4px';
    fill.style.background = '#3366cc';
    fill.style.width = (Math.max(0, Math.min(1, value)) * 100).toFixed(0) + '%';
    track.appendChild(fill);
    const label = document.createElement('span');
    label.textContent = value.toFixed(2);
    this.eGui.appendChild(track);
    this.eGui.appendChild(label);
  }
  getGui() { return this.eGui; }
  refresh() { return false; }
}
"""

# Thousands separators for counts; an unknown value is a dash. AG Grid writes a
# formatter's result as text.
NUMBER_FORMATTER = """
function (params) {
  if (params.value == null || params.value === '') { return '\u2014'; }
  return Number(params.value).toLocaleString();
}
"""

ROW_ID = "function (params) { return String(params.data.row_id); }"

# What the grid sends back on a selection: the selected rows' ids, nothing else.
SELECTED_IDS = """
function ({streamlitRerunEventTriggerName, eventData}) {
  return {selected: eventData.api.getSelectedRows().map((row) => String(row.row_id))};
}
"""

_WIDTHS: dict[str, int] = {
    "article": 170,
    "status": 150,
    "quality_class": 80,
    "quality_score": 140,
    "tasks": 240,
    "topics": 200,
    "countries": 150,
    "pageviews": 120,
    "language_editions": 120,
    "days_since_edit": 130,
}


def grid_options() -> dict[str, Any]:
    """AG Grid options: columns, renderers, single-row selection and pagination."""
    number = JsCode(NUMBER_FORMATTER)
    column_defs = []
    for column in COLUMNS:
        spec: dict[str, Any] = {
            "field": column.field,
            "headerName": column.header,
            "headerTooltip": column.tooltip,
            "width": _WIDTHS[column.field],
        }
        if column.field in ("pageviews", "language_editions", "days_since_edit"):
            spec.update(type="numericColumn", valueFormatter=number)
        if column.field in ("status", "tasks", "topics", "countries"):
            spec["tooltipField"] = column.field
        column_defs.append(spec)

    by_field = {spec["field"]: spec for spec in column_defs}
    by_field["article"].update(
        pinned="left",
        valueGetter=JsCode(ARTICLE_VALUE),
        cellRenderer=JsCode(ARTICLE_RENDERER),
    )
    by_field["quality_score"].update(cellRenderer=JsCode(QUALITY_RENDERER))

    return {
        "columnDefs": column_defs,
        "defaultColDef": {"sortable": True, "resizable": True, "filter": False},
        "getRowId": JsCode(ROW_ID),
        "rowSelection": {
            "mode": "singleRow",
            "checkboxes": False,
            "enableClickSelection": True,
        },
        "pagination": True,
        "paginationPageSize": PAGE_SIZE,
        "paginationPageSizeSelector": PAGE_SIZES,
        "tooltipShowDelay": 400,
        "animateRows": False,
        # Ten columns are cheap to draw; keeping every header in the DOM lets
        # browser tests (and screen readers) find the ones scrolled out of view.
        "suppressColumnVirtualisation": True,
    }


def grid_height(rows: int) -> int:
    """Pixels for a grid of `rows` rows: never 0 (invisible), never a page of air."""
    wanted = _CHROME_HEIGHT + _ROW_HEIGHT * min(rows, PAGE_SIZE)
    return max(MIN_GRID_HEIGHT, min(GRID_HEIGHT, wanted))


def show_grid(frame: pd.DataFrame, request_key: str) -> str | None:
    """Draw the grid; the id (`row_id`) of the selected row, if any."""
    response = AgGrid(
        frame.copy(),
        gridOptions=grid_options(),
        height=grid_height(len(frame)),
        key=keys.grid(request_key),
        update_on=["selectionChanged"],
        data_return_mode="CUSTOM",
        custom_jscode_for_grid_return=JsCode(SELECTED_IDS),
        allow_unsafe_jscode=True,
        show_toolbar=False,
        theme="streamlit",
    )
    selected = response.get("selected")
    if isinstance(selected, list) and selected:
        return str(selected[0])
    return None
