"""A draft and its final render side by side: the same prompt and images on two models, each video with its
model, status and cost, so the keeper can be chosen by eye."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import t, term
from ui.tasks import video_card
from videogen import Catalog, TaskRecord, TaskStore


def _side(record: TaskRecord, catalog: Catalog, title: str, *, key: str) -> None:
    model = catalog.model(record.model)
    cost = f"${record.billed_cost if record.billed_cost is not None else record.estimated_cost or 0:.2f}"
    simulated = t("ui.simulated") if record.simulated else ""
    name = model.name if model else record.model
    st.markdown(f"**{title}: {name}** · {term(record.display_status)} · {cost}{simulated}")
    video_card.show(record, key=key)


def show(store: TaskStore, record: TaskRecord, catalog: Catalog, *, key: str) -> None:
    """When `record` renders another task again, the two side by side (nothing when it does not)."""
    original = store.listing.by_key(record.redo_of) if record.redo_of else None
    if original is None:
        return
    st.subheader(t("ui.compare.title"))
    left, right = st.columns(2)
    with left:
        _side(original, catalog, t("ui.compare.first"), key=f"{key}_first")
    with right:
        _side(record, catalog, t("ui.compare.again"), key=f"{key}_again")
