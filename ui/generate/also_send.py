"""Also send to: the same request on up to four other models at once, each carried over as the form would
carry it (what moves is said), checked and priced on its own; one intent and one key each, all written and
checked against the day's cap together, their videos then side by side. A retired model, or one the key
cannot use, is not offered.

Owns the session_state key `{key}` (the models chosen)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ui.shell.language import current, t
from videogen import Catalog, GenerationRequest, InvalidRequest, ValidRequest, carry

MOST = 4


@dataclass(frozen=True)
class Also:
    """The other models' requests, ready to send, their price together, and what blocks them."""

    requests: tuple[ValidRequest, ...] = ()
    total: float = 0.0
    blocking: str | None = None


def show(catalog: Catalog, request: GenerationRequest, *, usable: Callable[[str], bool], count: int, key: str) -> Also:
    """The picker and a line per model chosen: its price there and what changes; returns what goes with Submit."""
    offered = [m.id for m in catalog.models.values() if not m.retired and m.id != request.model and usable(m.id)]
    held = st.session_state.get(key) or []
    if any(model_id not in offered for model_id in held):  # picked since, or no longer offered: left out
        st.session_state[key] = [model_id for model_id in held if model_id in offered]
    chosen = st.multiselect(
        t("ui.also.label"),
        offered,
        format_func=lambda model_id: catalog.models[model_id].name,
        max_selections=MOST,
        key=key,
        help=t("ui.also.help", most=MOST),
        placeholder=t("ui.also.none"),
    )
    made: list[ValidRequest] = []
    problems: list[str] = []
    for model_id in chosen:
        model = catalog.models[model_id]
        carried, changes = carry(request, catalog, model)
        try:
            valid = carried.validate(catalog, uploads_allowed=True)
        except InvalidRequest as invalid:
            words = " ".join(invalid.in_language(current()).values())
            problems.append(t("ui.also.refused", model=model.name, why=words))
            st.caption(t("ui.also.refused", model=model.name, why=words))
            continue
        made.append(valid)
        moved = "; ".join(note.text(current()) for note in changes)
        st.caption(t("ui.also.line", model=model.name, cost=valid.estimate(), moved=f" · {moved}" if moved else ""))
    total = sum(v.estimate() for v in made)
    if made:
        st.caption(t("ui.also.total", count=len(made) + count, models=len(made) + 1, total=total))
    return Also(tuple(made), total, " ".join(problems) or None)
