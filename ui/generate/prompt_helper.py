"""Improve the prompt, on demand: the provider's prompt helper (MiniMax-H3-Context-IR, $0.08 a call, in the
ledger) rewrites the prompt for the video's length and shape; the new words are shown beside the old ones, with
what changed, and go into the prompt only on "Use this prompt" (nothing is sent for generation meanwhile). A
helper that fails or is not on the key's list leaves the prompt as it was, and says so.

Owns `{key}_asked` (the helper's task key and the prompt it was asked about) and the buttons `{key}_*`."""

from __future__ import annotations

import difflib
import re
import secrets

import streamlit as st

from ui.shell import polling, resources
from ui.shell.language import current, said, t
from videogen import GenerationRequest, OverBudget, Studio, TaskRecord, prompt_help, states

MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$])")


def _plain(text: str) -> str:
    return MARKDOWN.sub(r"\\\1", text)


def changes(before: str, after: str) -> str:
    """The new words against the old, word by word: removed struck through in red, added in green."""
    old, new = before.split(), after.split()
    parts: list[str] = []
    for op, a, b, c, d in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f":red[~~{_plain(' '.join(old[a:b]))}~~]")
        if op in ("insert", "replace"):
            parts.append(f":green[**{_plain(' '.join(new[c:d]))}**]")
        if op == "equal":
            parts.append(_plain(" ".join(old[a:b])))
    return " ".join(parts)


def _use(text: str, key: str) -> None:
    st.session_state["prompt"] = text  # a callback: before the prompt's widget is drawn again
    st.session_state.pop(f"{key}_asked", None)


def _keep(key: str) -> None:
    st.session_state.pop(f"{key}_asked", None)


def show(studio: Studio, request: GenerationRequest, *, session_id: str, key: str) -> None:
    """The button, and the helper's answer once it is in."""
    asked = st.session_state.get(f"{key}_asked")
    record = studio.store.listing.by_key(asked[0]) if asked else None
    waiting = _waiting(record)
    listed = studio.prompt_helper_listed
    clicked = st.button(
        t("ui.helper.button", price=prompt_help.PRICE),
        key=f"{key}_ask",
        icon=":material/auto_fix_high:",
        disabled=waiting or not request.prompt.strip() or not listed,
        help=t("ui.helper.help", model=prompt_help.MODEL, price=prompt_help.PRICE),
    )
    if not listed:
        st.caption(t("ui.helper.unlisted", model=prompt_help.MODEL))
    if clicked:
        try:
            desk = resources.desk(studio, session=session_id)
            record = desk.tasks.improve_prompt(request, "vp-" + secrets.token_hex(16))
        except OverBudget as over:
            st.error(t("ui.helper.over_budget", reason=over.note.text(current())), icon=":material/block:")
            return
        st.session_state[f"{key}_asked"] = (record.idempotency_key, request.prompt)
        asked, waiting = st.session_state[f"{key}_asked"], _waiting(record)
    if asked is None or record is None:
        return
    if waiting:
        _wait(studio, asked[0])
        return
    if record.result_text is None:  # ended without words, refused, or lost: the prompt stays as it was
        reason = said(record.error) or t("ui.helper.no_reason")
        st.warning(t("ui.helper.failed", reason=reason.rstrip(".。")), icon=":material/warning:")
        st.button(t("ui.helper.dismiss"), key=f"{key}_dismiss", on_click=_keep, args=(key,))
        return
    better = record.result_text
    st.markdown(t("ui.helper.proposed"))
    mine, theirs = st.columns(2)
    mine.caption(t("ui.helper.yours"))
    mine.markdown(_plain(asked[1]))
    theirs.caption(t("ui.helper.better"))
    theirs.markdown(_plain(better))
    st.caption(t("ui.helper.changes"))
    st.markdown(changes(asked[1], better))
    use, keep = st.columns(2)
    use.button(t("ui.helper.use"), key=f"{key}_use", type="primary", on_click=_use, args=(better, key))
    keep.button(t("ui.helper.keep"), key=f"{key}_keep", on_click=_keep, args=(key,))


def _waiting(record: TaskRecord | None) -> bool:
    """The helper was asked and its answer is still to come (a call refused or lost will not answer)."""
    return record is not None and record.result_text is None and not _ended(record)


def _ended(record: TaskRecord) -> bool:
    return record.state in states.WITHOUT_TASK or record.finished


def _wait(studio: Studio, asked_key: str) -> None:
    @st.fragment(run_every=polling.every())
    def waiting() -> None:
        record = studio.store.listing.by_key(asked_key)
        if record is None or record.result_text is not None or _ended(record):
            polling.rerun_page()  # the whole page: the answer is drawn there
        st.info(t("ui.helper.waiting"), icon=":material/hourglass_top:")

    waiting()
