"""The Model picker: every model of the catalogue, family by family, with its price range and what it is good
at; models this key cannot use are shown as such and never opened on.

Owns the session_state key `model` (also the query parameter), `_model_moved` (a notice) and `{key}_all` (the
table of every model open)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui.shell.language import current, price_in_words, t, term
from videogen import Catalog, Model


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
        if not linked:  # the catalogue's default, not the list's first entry
            st.session_state["model"] = start
        return
    replacement = catalog.models[start].replacement
    chosen = (
        replacement if replacement and usable(replacement) else next((m for m in catalog.models if usable(m)), start)
    )
    if chosen != start:
        st.session_state["model"] = chosen
        st.session_state["_model_moved"] = (catalog.models[start].name, catalog.models[chosen].name)


def show(
    catalog: Catalog,
    usable: Callable[[str], bool],
    *,
    on_change,
    drift: Callable[[Model], list[str]] = lambda model: [],
    undescribed: tuple[str, ...] = (),
    key: str,
) -> Model:
    ordered = [m.id for models in catalog.families().values() for m in models]
    can = {m for m in ordered if usable(m)}  # asked once a run, not once a label and a row
    _opened_on(catalog, can.__contains__)
    mark = t("ui.model.unavailable_mark")  # in this run's language: the format function is also called later
    model_id = st.selectbox(
        t("ui.model.label"),
        ordered,
        format_func=lambda m: label(catalog.models[m]) + ("" if m in can else mark),
        key="model",
        bind="query-params",
        persist_state="session",
        on_change=on_change,
        args=(catalog,),
    )
    model = catalog.model(model_id) or catalog.models[catalog.default_model]
    moved = st.session_state.pop("_model_moved", None)
    if moved:
        st.info(t("ui.model.moved", model=moved[0], instead=moved[1]), icon=":material/swap_horiz:")
    price = t("ui.model.per_call") if model.billing == "call" else t("ui.model.per_second")
    st.caption(
        t(
            "ui.model.caption",
            id=model.id,
            family=model.family,
            price=price_in_words(model),
            per=price,
            blurb=model.blurb,
        )
    )
    if model.like == model.id:  # no APIMart page found, and no documented model to follow: a summary's fields
        st.caption(t("ui.model.summary_only", model=model.name))
    elif model.like:  # no APIMart page found: its fields are its family's documented model's
        documented = catalog.model(model.like)
        st.caption(t("ui.model.like", model=model.name, like=documented.name if documented else model.like))
    if not usable(model.id):
        instead = catalog.model(model.replacement)
        st.warning(
            t("ui.model.unavailable", model=model.name)
            + (t("ui.model.choose_instead", model=instead.name) if instead else t("ui.model.choose_another")),
            icon=":material/block:",
        )
    differing = drift(model) if model.id in can else []
    if differing:
        with st.expander(t("ui.model.drift", model=model.name, count=len(differing))):
            st.caption(t("ui.model.drift_help"))
            for line in differing:
                st.caption(line)
    if model.status == "retiring":
        st.caption(t("ui.model.retiring", model=model.name))
    elif model.retired and model.id in can:
        st.caption(t("ui.model.retired_listed", model=model.name))
    every = st.expander(t("ui.model.all"), key=f"{key}_all", on_change="rerun")
    if every.open:  # drawn when opened (folded, it cost a table's conversion on every run)
        with every:
            st.dataframe(_table(catalog, tuple(ordered), frozenset(can)), hide_index=True, width="stretch")
            taken = {m.prices_taken for m in catalog.models.values() if m.prices_taken}
            st.caption(t("ui.model.prices_of", dates=", ".join(sorted(taken))))
    if undescribed:  # said folded or open: a model the key could use that this studio does not describe yet
        with every:
            st.caption(t("ui.model.undescribed", models=", ".join(f"`{m}`" for m in undescribed)))
    return model


_TABLES: dict[tuple, tuple[Catalog, list[dict]]] = {}  # (catalogue, models, usable, language) -> the rows


def _table(catalog: Catalog, ordered: tuple[str, ...], can: frozenset[str]) -> list[dict]:
    """The table of every model, made once per catalogue, availability and language (not on every run: it is
    drawn, folded, on each one)."""
    key = (id(catalog), ordered, can, current())
    kept = _TABLES.get(key)
    if kept is not None and kept[0] is catalog:  # the very catalogue (an id can be reused once one is gone)
        return kept[1]
    rows = [
        {
            t("ui.model.col.family"): m.family,
            t("ui.col.model"): m.name,
            t("ui.model.col.price"): price_in_words(m),
            t("ui.model.col.good_at"): term(m.blurb),
            t("ui.model.col.available"): t("ui.yes") if m.id in can else t("ui.no"),
        }
        for m in (catalog.models[i] for i in ordered)
    ]
    if len(_TABLES) >= 16:
        _TABLES.clear()
    _TABLES[key] = (catalog, rows)
    return rows
