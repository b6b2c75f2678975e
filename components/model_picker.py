"""The Model picker: every model of the catalogue, family by family, with its price range and what it is good
at; models this key cannot use are shown as such and never opened on.

Owns the session_state key `model` (also the query parameter) and `_model_moved` (a notice)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from videogen.catalog import Catalog, Model

UNAVAILABLE = " - not available for this key"


def label(model: Model) -> str:
    """The option's words: the model's name, which names its family (the family is added when it does not)."""
    return model.name if model.family.lower() in model.name.lower() else f"{model.family} {model.name}"


def _opened_on(catalog: Catalog, usable: Callable[[str], bool]) -> None:
    """The form never opens on a model this key cannot use: a new session (or a link) naming one opens on
    its replacement, or the first usable model. A model the user picks stays picked, and is marked."""
    if st.session_state.get("model") in catalog.models:
        return
    linked = next((m.id for m in catalog.models.values() if label(m) == st.query_params.get("model")), None)
    start = linked or catalog.default_model
    if usable(start):
        return
    replacement = catalog.models[start].replacement
    chosen = (
        replacement if replacement and usable(replacement) else next((m for m in catalog.models if usable(m)), start)
    )
    if chosen != start:
        st.session_state["model"] = chosen
        st.session_state["_model_moved"] = (
            f"{catalog.models[start].name} is not available for this API key now; "
            f"{catalog.models[chosen].name} is chosen instead."
        )


def show(
    catalog: Catalog,
    usable: Callable[[str], bool],
    *,
    on_change,
    drift: Callable[[Model], list[str]] = lambda model: [],
    undescribed: tuple[str, ...] = (),
    key: str,
) -> Model:
    _opened_on(catalog, usable)
    ordered = [m.id for models in catalog.families().values() for m in models]
    model_id = st.selectbox(
        "Model",
        ordered,
        format_func=lambda m: label(catalog.models[m]) + ("" if usable(m) else UNAVAILABLE),
        key="model",
        bind="query-params",
        persist_state="session",
        on_change=on_change,
        args=(catalog,),
    )
    model = catalog.models.get(model_id) or catalog.models[catalog.default_model]
    moved = st.session_state.pop("_model_moved", None)
    if moved:
        st.info(moved, icon=":material/swap_horiz:")
    price = "per call" if model.billing == "call" else "per second"
    st.caption(f"`{model.id}` · {model.family} · {model.price_words()} ({price}, estimate) - {model.blurb}")
    if not usable(model.id):
        instead = catalog.model(model.replacement)
        st.warning(
            f"{model.name} is not available for this API key now, so it cannot be submitted."
            + (f" Choose {instead.name} instead." if instead else " Choose another model."),
            icon=":material/block:",
        )
    differing = drift(model) if usable(model.id) else []
    if differing:
        with st.expander(f":orange[The provider now describes {model.name} differently ({len(differing)})]"):
            st.caption(
                "Its live schema differs from this app's description; a request may be refused until the "
                "catalogue is mended (`python -m videogen models --check`)."
            )
            for line in differing:
                st.caption(line)
    if model.status == "retiring":
        st.caption(f":orange[{model.name} is being retired upstream; a relay may no longer serve it.]")
    with st.expander("All models, their prices and what each is good at"):
        rows = [
            {
                "Family": m.family,
                "Model": m.name,
                "Price (estimate)": m.price_words(),
                "Good at": m.blurb,
                "Available": "yes" if usable(m.id) else "no",
            }
            for m in (catalog.models[i] for i in ordered)
        ]
        st.dataframe(rows, hide_index=True, width="stretch")
        taken = {m.prices_taken for m in catalog.models.values() if m.prices_taken}
        st.caption(f"Prices are estimates from the provider's price list of {', '.join(sorted(taken))}.")
        if undescribed:
            st.caption(
                f"Also listed by the API for this key, not described here yet: {', '.join(undescribed)} "
                "(a model is added as a data change: see the README)."
            )
    return model
