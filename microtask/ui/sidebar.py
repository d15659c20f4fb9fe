"""The sidebar: mode, task types to show, and notes for the operator."""

from __future__ import annotations

import streamlit as st

from microtask.config import Settings
from microtask.tasks import TASK_TYPES
from microtask.ui import keys
from microtask.ui.inputs import mode_radio


def show_sidebar(settings: Settings) -> None:
    with st.sidebar:
        mode_radio()
        st.divider()
        st.markdown("**Task types**")
        st.caption(
            "Switch off the tasks that do not suit your wiki or event: they leave "
            "the table, the filters and the downloads."
        )
        for task in TASK_TYPES:
            st.toggle(task.title, key=keys.task_toggle(task.id), help=task.what)
        st.divider()
        if not settings.contact:
            st.caption(
                "Operator: set MICROTASK_CONTACT (a URL or e-mail) so Wikimedia can "
                "reach you; their User-Agent policy asks for it."
            )
        st.caption(
            "Data: Wikipedia's Action API and LiftWing models (articlequality, "
            "outlink-topic-model, article-country)."
        )
