"""The grid's options and its JavaScript renderers, run in Node against a tiny DOM.

The fake DOM throws on `innerHTML` and friends, so a renderer that ever parses data
as HTML fails here; what it shows is read back as the text and links it built.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from st_aggrid import JsCode

from microtask.ui.grid import (
    ARTICLE_RENDERER,
    ARTICLE_VALUE,
    GRID_HEIGHT,
    MIN_GRID_HEIGHT,
    NUMBER_FORMATTER,
    PAGE_SIZE,
    QUALITY_RENDERER,
    ROW_ID,
    SELECTED_IDS,
    grid_height,
    grid_options,
)
from microtask.ui.table import COLUMNS

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

XSS = "<img src=x onerror=alert(1)>"
JSCODE = "::JSCODE::"  # streamlit-aggrid's marker around shipped code

# A DOM just big enough for cell renderers. Anything that parses HTML throws.
FAKE_DOM = r"""
class Element {
  constructor(tag) {
    this.tag = tag; this.children = []; this.style = {}; this.listeners = {};
    this.own = ''; this.href = ''; this.target = ''; this.rel = '';
  }
  set textContent(value) { this.own = String(value); this.children = []; }
  get textContent() {
    return this.own + this.children.map((c) => c.textContent).join('');
  }
  set innerHTML(value) { throw new Error('innerHTML used'); }
  set outerHTML(value) { throw new Error('outerHTML used'); }
  insertAdjacentHTML() { throw new Error('insertAdjacentHTML used'); }
  appendChild(child) { this.children.push(child); return child; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  setAttribute(name, value) { this[name] = String(value); }
  toJSON() {
    return {tag: this.tag, text: this.own, href: this.href, target: this.target,
            rel: this.rel, title: this.title || '', width: this.style.width || '',
            listeners: Object.keys(this.listeners), children: this.children};
  }
}
globalThis.document = {createElement: (tag) => new Element(tag)};
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
// streamlit-aggrid rebuilds JsCode the same way: the source as an expression.
const made = new Function('return ' + input.code)();
let result;
if (input.kind === 'renderer') {
  const cell = new made();
  cell.init(input.params);
  const gui = cell.getGui();
  let stopped = false;
  const link = gui.children.find((c) => c.tag === 'a');
  if (link) {
    const click = {stopPropagation: () => { stopped = true; }};
    link.listeners.click.forEach((fn) => fn(click));
  }
  result = {gui: gui.toJSON(), text: gui.textContent, clickStopped: stopped};
} else {
  result = made(input.params);
}
process.stdout.write(JSON.stringify(result === undefined ? null : result));
"""


def run_js(code: str, params: dict[str, Any], kind: str = "function") -> Any:
    """Run `code` as the grid would: through JsCode's rewriting, then Node."""
    assert NODE is not None
    shipped = JsCode(code).js_code.removeprefix(JSCODE).removesuffix(JSCODE)
    payload = json.dumps({"code": shipped, "params": params, "kind": kind})
    done = subprocess.run(
        [NODE, "-e", FAKE_DOM],
        input=payload,
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_node
def test_that_a_hostile_title_is_shown_as_text_in_a_link() -> None:
    data = {"url": "https://en.wikipedia.org/wiki/X", "redirected_from": ""}

    cell = run_js(ARTICLE_RENDERER, {"data": {**data, "article": XSS}}, kind="renderer")

    (link,) = cell["gui"]["children"]
    assert link["tag"] == "a"
    assert link["text"] == XSS
    assert link["href"] == "https://en.wikipedia.org/wiki/X"
    assert link["target"] == "_blank"
    assert "noopener" in link["rel"]


@needs_node
def test_that_opening_the_link_does_not_select_the_row() -> None:
    data = {"url": "https://en.wikipedia.org/wiki/Cat"}

    cell = run_js(
        ARTICLE_RENDERER, {"data": {**data, "article": "Cat"}}, kind="renderer"
    )

    assert cell["clickStopped"] is True


@needs_node
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript-scheme"),
        pytest.param("", id="no-page"),
    ],
)
def test_that_only_http_links_are_made(url: str) -> None:
    data = {"url": url}

    cell = run_js(ARTICLE_RENDERER, {"data": {**data, "article": XSS}}, kind="renderer")

    assert cell["gui"]["children"] == []
    assert cell["text"] == XSS


@needs_node
def test_that_a_redirect_shows_its_source_as_text() -> None:
    data = {"url": "https://en.wikipedia.org/wiki/Cat", "redirected_from": XSS}

    cell = run_js(
        ARTICLE_RENDERER, {"data": {**data, "article": "Cat"}}, kind="renderer"
    )

    assert cell["text"] == "Cat ↩ " + XSS


@needs_node
def test_that_a_failed_source_is_flagged_next_to_the_title() -> None:
    data = {"url": "https://en.wikipedia.org/wiki/Lyon", "flag": "⚠", "status": XSS}

    cell = run_js(
        ARTICLE_RENDERER, {"data": {**data, "article": "Lyon"}}, kind="renderer"
    )

    link, flag = cell["gui"]["children"]
    assert (link["text"], flag["text"], flag["title"]) == ("Lyon", " ⚠", XSS)


@needs_node
def test_that_a_row_without_a_page_says_why_as_text() -> None:
    data = {"article": "Catt", "url": "", "note": XSS}

    cell = run_js(ARTICLE_RENDERER, {"data": data}, kind="renderer")

    assert cell["text"] == f"Catt ({XSS})"
    assert [c["tag"] for c in cell["gui"]["children"]] == ["span"]


@needs_node
@pytest.mark.parametrize(
    ("data", "value"),
    [
        pytest.param({"article": "Cat"}, "Cat", id="title"),
        pytest.param(
            {"article": "Cat", "redirected_from": "Felis catus"},
            "Cat ↩ Felis catus",
            id="redirect",
        ),
        pytest.param({"article": "Lyon", "flag": "⚠"}, "Lyon ⚠", id="flagged"),
        pytest.param(
            {"article": "Catt", "note": "missing"}, "Catt (missing)", id="note"
        ),
    ],
)
def test_that_the_article_value_changes_with_the_flag(
    data: dict[str, str], value: str
) -> None:
    """A retry that fixes a source must change the value, or AG Grid keeps the ⚠."""
    assert run_js(ARTICLE_VALUE, {"data": data}) == value


@needs_node
@pytest.mark.parametrize(
    ("value", "width", "text"),
    [
        pytest.param(0.9825799824249976, "98%", "0.98", id="cat"),
        pytest.param(1.7, "100%", "1.70", id="clamped"),
        pytest.param(None, "", "—", id="unknown"),
        pytest.param(XSS, "", "—", id="not-a-number"),
    ],
)
def test_that_the_quality_bar_is_drawn_from_numbers_only(
    value: Any, width: str, text: str
) -> None:
    cell = run_js(QUALITY_RENDERER, {"value": value, "data": {}}, kind="renderer")

    fills = [g for c in cell["gui"]["children"] for g in c["children"]]
    assert [f["width"] for f in fills] == ([width] if width else [])
    assert cell["text"] == text


@needs_node
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param(3198294, "3198294", id="grouped"),
        pytest.param(0, "0", id="zero"),
        pytest.param(None, "—", id="unknown"),
    ],
)
def test_that_counts_are_formatted_and_unknowns_dashed(value: Any, shown: str) -> None:
    text = run_js(NUMBER_FORMATTER, {"value": value})

    assert "".join(ch for ch in text if ch not in ",. \u00a0\u202f") == shown


@needs_node
def test_that_the_grid_returns_only_the_selected_ids() -> None:
    code = SELECTED_IDS.replace("function (", "function selected(", 1)
    wrapper = (
        "(params) => ("
        + code
        + ")({streamlitRerunEventTriggerName: 'selectionChanged',"
        " eventData: {api: {getSelectedRows: () => params.rows}}})"
    )

    answer = run_js(wrapper, {"rows": [{"row_id": 7, "article": "Cat"}]})

    assert answer == {"selected": ["7"]}


@needs_node
def test_that_rows_are_identified_by_their_row_id() -> None:
    assert run_js(ROW_ID, {"data": {"row_id": 12}}) == "12"


def test_that_renderers_never_touch_html_parsing() -> None:
    for code in (ARTICLE_RENDERER, ARTICLE_VALUE, QUALITY_RENDERER, NUMBER_FORMATTER):
        assert "innerHTML" not in code
        assert "insertAdjacentHTML" not in code


def test_that_the_options_select_one_row_and_page_with_a_full_selector() -> None:
    options = grid_options()

    assert options["rowSelection"] == {
        "mode": "singleRow",
        "checkboxes": False,
        "enableClickSelection": True,
    }
    assert PAGE_SIZE in options["paginationPageSizeSelector"]
    assert options["paginationPageSize"] == PAGE_SIZE
    assert isinstance(options["getRowId"], JsCode)


def test_that_every_shown_column_is_defined_and_sortable() -> None:
    options = grid_options()

    fields = [c["field"] for c in options["columnDefs"]]
    assert fields == [c.field for c in COLUMNS]
    assert options["defaultColDef"]["sortable"] is True
    article = options["columnDefs"][0]
    assert article["pinned"] == "left"
    assert isinstance(article["cellRenderer"], JsCode)
    assert isinstance(article["valueGetter"], JsCode)


@pytest.mark.parametrize(
    ("rows", "height"),
    [
        pytest.param(1, MIN_GRID_HEIGHT, id="one-row"),
        pytest.param(5, 246, id="a-few-rows"),
        pytest.param(PAGE_SIZE, GRID_HEIGHT, id="full-page"),
        pytest.param(1000, GRID_HEIGHT, id="many-pages"),
    ],
)
def test_that_the_grid_height_is_fixed_and_fits_short_results(
    rows: int, height: int
) -> None:
    assert grid_height(rows) == height
