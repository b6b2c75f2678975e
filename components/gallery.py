"""The Gallery: the saved videos as cards, newest first, to pick the keeper by eye and carry it on.

Each card: the video's poster (its first frame, made once beside the videos), its model, length and day, the start
of its prompt, and two actions: open it in History (to play, download, render again) and continue it.
Owns `{key}_more` (how many cards are shown) and `{key}_<task key>_open|_continue`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import people, task_detail
from components.language import t
from videogen.money import days
from videogen.studio import Studio
from videogen.tasks.store import TaskRecord
from videogen.videos.frames import UnreadableVideo, poster

PAGE = 24  # cards per page; "Show more" adds as many
COLUMNS = 3
PROMPT_SHOWN = 90


def show(studio: Studio, *, key: str) -> None:
    shown = st.session_state.setdefault(f"{key}_more", PAGE)
    records = studio.store.videos(limit=shown + 1, owner=people.current(), simulated=studio.sandbox)
    if not records:
        st.info(t("ui.gallery.empty"), icon=":material/photo_library:")
        return
    folder = studio.videos_dir / "posters"
    cards = records[:shown]
    for start in range(0, len(cards), COLUMNS):
        for column, record in zip(st.columns(COLUMNS), cards[start : start + COLUMNS], strict=False):
            with column, st.container(border=True):
                _card(studio, record, folder, key=f"{key}_{record.idempotency_key}")
    if len(records) > shown and st.button(t("ui.gallery.more"), key=f"{key}_show_more"):
        st.session_state[f"{key}_more"] = shown + PAGE
        st.rerun()


def _card(studio: Studio, record: TaskRecord, folder: Path, *, key: str) -> None:
    try:
        still = poster(Path(record.video_path or ""), folder)
        st.image(str(still), width="stretch")
    except UnreadableVideo:
        st.caption(t("ui.gallery.no_poster"))
    model = studio.catalog.model(record.model)
    facts = [model.name if model else record.model or t("ui.detail.model_unknown")]
    if record.duration:
        facts.append(t("ui.seconds", n=record.duration))
    facts.append(days.shown(record.created_at, "%Y-%m-%d"))
    st.caption(" · ".join(facts))
    prompt = (record.prompt or "").strip()
    st.markdown(prompt[:PROMPT_SHOWN] + ("…" if len(prompt) > PROMPT_SHOWN else "") or " ")
    with st.container(horizontal=True):  # side by side where they fit, one under the other where not
        opened = st.button(t("ui.gallery.open"), key=f"{key}_open", icon=":material/open_in_new:")
        continued = st.button(t("ui.gallery.continue"), key=f"{key}_continue", icon=":material/skip_next:")
    if opened:
        st.session_state[task_detail.OPEN_NEXT] = record.idempotency_key
        st.switch_page("pages/history.py")
    if continued:
        task_detail.continue_video(studio, record, key=key)
