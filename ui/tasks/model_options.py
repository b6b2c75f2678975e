"""The chosen model's own documented fields (sound, seed, negative prompt, ...) as proper widgets.

Owns the session_state keys `{key}_<model id>_<field>`: each model keeps its own values."""

from __future__ import annotations

import streamlit as st

from ui.shell.language import t, term
from videogen import Model, Option


def state_key(key: str, model: Model, option: Option) -> str:
    return f"{key}_{model.id}_{option.field}"


def _widget(option: Option, name: str, disabled: bool):
    label, help = term(option.label), term(option.help) if option.help else None
    if option.kind == "bool":
        return st.toggle(label, value=bool(option.default), key=name, help=help, disabled=disabled)
    if option.kind == "choice":
        choices = list(option.choices)
        index = choices.index(option.default) if option.default in choices else 0
        # Words made now, in this run's language (a format function is also called outside the run).
        names = {c: term(option.labels.get(c, c)) for c in choices}
        return st.radio(
            label,
            choices,
            index=index,
            horizontal=True,
            format_func=names.__getitem__,
            key=name,
            help=help,
            disabled=disabled,
        )
    if option.kind == "int":
        return st.number_input(
            label,
            min_value=option.minimum,
            max_value=option.maximum,
            value=None,
            step=1,
            placeholder=t("ui.options.random"),
            key=name,
            help=help,
            disabled=disabled,
        )
    if option.kind == "text":
        return st.text_area(label, key=name, height=68, max_chars=option.max_length, help=help, disabled=disabled)
    return st.text_input(label, key=name, placeholder="https://...", help=help, disabled=disabled)


def show(model: Model, values: dict, *, key: str) -> dict[str, object]:
    """The values set, by field (an empty text or number is left out: the API's default applies)."""
    if not model.options:
        return {}
    chosen: dict[str, object] = {}
    with st.expander(t("ui.options.more", model=model.name), expanded=False):
        for option in model.options:
            name = state_key(key, model, option)
            allowed, why = model.allowed(option.field, values, (True, False) if option.kind == "bool" else ())
            locked = option.kind == "bool" and len(allowed) == 1
            if locked and st.session_state.get(name, option.default) not in allowed:
                st.session_state[name] = allowed[0]
            value = _widget(option, name, locked)
            if locked and why:
                st.caption(term(why))
            if value is not None and value != "":
                chosen[option.field] = int(value) if option.kind == "int" else value
    return chosen
