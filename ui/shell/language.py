"""The language of the page: English or 中文, chosen in the sidebar and kept in the URL (`lang=en|zh`), by
default the browser's language when Streamlit knows it, else English. `t(code, ...)` gives a code's words in
it, from the one message table per language (`videogen.i18n.messages`): the domain's sentences
(`videogen/i18n/locale/`) and the interface's own (`ui/locale/`).

Owns the session_state key `lang` (also the query parameter's name)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from videogen import LANGUAGES, Model, bind_words, language_of, render, words
from videogen import term as _term

# The interface's own sentences (`ui.*`), kept beside it as gettext files (`ui/locale/interface.pot` and
# `interface.zh_CN.po`) and added to the domain's tables once, at import.
bind_words(Path(__file__).parents[1] / "locale", "interface")

KEY = "lang"
NAMES = {"en": "English", "zh": "中文"}


def _browser() -> str:
    try:
        return language_of(st.context.locale)
    except Exception:  # noqa: BLE001 - no browser (AppTest, a bare run): English
        return "en"


def current() -> str:
    """The reader's language: the switch, else `?lang=`, else the browser's, else English. Read once a run (a
    History page asks some 300 times): kept on the run's context with what marks this run, read again in the next."""
    ctx = get_script_run_ctx()
    run = getattr(ctx, "parallel_coordinator", None)  # made anew by each run (and fragment run) of the session
    kept = getattr(ctx, "_videogen_language", None)
    if run is not None and kept is not None and kept[0] is run:
        return kept[1]
    language = _current()
    if run is not None:
        ctx._videogen_language = (run, language)  # type: ignore[union-attr]
    return language


def _current() -> str:
    if st.session_state.get(KEY) in LANGUAGES:
        return st.session_state[KEY]
    asked = st.query_params.get(KEY)
    return asked if asked in LANGUAGES else _browser()


def t(code: str, **params) -> str:
    """A code's words in the reader's language."""
    return render(code, params, current())


def term(text: str) -> str:
    """A catalogue word (a shape, a tier, a field's label, a blurb) or a status word in the reader's language."""
    return _term(text, current())


def said(stored: str | None) -> str | None:
    """A note the store keeps (a task's error, a poll's or a save's trouble) in the reader's language."""
    return words(stored, current())


def _keep_in_url() -> None:
    st.query_params[KEY] = st.session_state[KEY]
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx._videogen_language = None  # type: ignore[attr-defined]  # the switch moved: read it again


def switch() -> str:
    """The sidebar's switch (its label in both languages, so anyone can find it). Returns the language."""
    if st.session_state.get(KEY) not in LANGUAGES:
        st.session_state[KEY] = current()
    st.radio(
        "Language / 语言", list(NAMES), format_func=NAMES.__getitem__, key=KEY, horizontal=True, on_change=_keep_in_url
    )
    return st.session_state[KEY]


def price_in_words(model: Model) -> str:
    """A model's price range in the reader's units (`$0.14/call`, `$0.14/次`)."""
    return model.price_words(t("ui.unit.call"), t("ui.unit.second"))
