"""Which model for this request: every model the key can use, with the price of the request as it stands
there, the pictures and videos it takes of those given, what would change (length, shape, resolution, sound,
an input left out), what it still needs, and how long it takes in this studio; a click on a row picks the model
with the request carried over (the form carries it, saying what moved).

Owns `{key}` (the folded section: the table is worked out only when it is open) and `{key}_table_<model>` (its
selection, one per model shown, so a pick starts the next table unselected)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.shell.language import current, t
from videogen import (
    IMAGE_WORDS,
    MEDIA_WORDS,
    Catalog,
    Desk,
    GenerationRequest,
    ModelFit,
    Studio,
    fits,
    term,
    typical_wait,
)


def _taken(row: ModelFit) -> str:
    words = {**IMAGE_WORDS, **MEDIA_WORDS}
    return " · ".join(f"{'✓' if taken else '✗'} {term(words.get(role, role))}" for role, taken in row.taken) or "—"


def _changes(row: ModelFit) -> str:
    notes = [*row.changes, *([row.missing] if row.missing else [])]
    return "; ".join(note.text(current()) for note in notes) or "—"


def rows(fitted: list[ModelFit], chosen: str, waits: dict[str, list[float]]) -> list[dict]:
    """The table's rows, in the reader's words; the price a number (it sorts), None when it cannot be priced."""
    made = []
    for row in fitted:
        wait = typical_wait(waits.get(row.model.id, []))
        made.append(
            {
                t("ui.col.model"): ("● " if row.model.id == chosen else "") + row.model.name,
                t("ui.fit.col.price"): round(row.price, 2) if row.price is not None else None,
                t("ui.fit.col.changes"): _changes(row),
                t("ui.fit.col.inputs"): _taken(row),
                t("ui.fit.col.wait"): round(wait) if wait is not None else None,
            }
        )
    return made


def show(
    studio: Studio, catalog: Catalog, request: GenerationRequest, *, usable: Callable[[str], bool], key: str
) -> None:
    """The folded table; opened, every usable model priced for this request, a click picks one."""
    box = st.expander(t("ui.fit.title"), key=key, on_change="rerun")
    if not box.open:  # folded: nothing worked out
        return
    models = [m for m in catalog.models.values() if not m.retired and usable(m.id)]
    fitted = fits(request, catalog, models)
    ids = [row.model.id for row in fitted]
    table = f"{key}_table_{request.model}"

    def picked() -> None:
        chosen = st.session_state[table].selection.rows
        if chosen:
            st.session_state["model"] = ids[chosen[0]]

    with box:
        st.caption(t("ui.fit.help"))
        st.dataframe(
            rows(fitted, request.model, Desk.of(studio).tasks.waits()),
            hide_index=True,
            width="stretch",
            on_select=picked,
            selection_mode="single-row",
            key=table,
            column_config={
                t("ui.fit.col.price"): st.column_config.NumberColumn(format="$%.2f"),
                t("ui.fit.col.wait"): st.column_config.NumberColumn(format="%d s"),
            },
        )
