"""The Gallery: the films made, then the saved videos as cards, newest first, to pick the keeper by eye and
carry it on; filtered by model, by when, and to the starred keepers.

Each card: the video's poster (its first frame, made once beside the videos), its model, length and day, the start
of its prompt, a star, and two actions: open it in History (to play, download, render again) and continue it.
Owns `{key}_more` (how many cards are shown), `{key}_model|_when|_keepers` (the filters) and
`{key}_<task key>_open|_continue|_star`, `{key}_film_<id>`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.shell import resources
from ui.shell.language import t
from ui.tasks import film_progress, task_detail
from videogen import Desk, FilmState, Studio, TaskRecord, UnreadableVideo, days, poster

PAGE = 24  # cards per page; "Show more" adds as many
COLUMNS = 3
PROMPT_SHOWN = 90


WHEN = {"any": None, "today": 0, "week": 6, "month": 29}  # days before today's start


def show(studio: Studio, *, key: str) -> None:
    desk = resources.desk(studio)
    folder = studio.videos_dir / "posters"
    _films(studio, desk, folder, key=key)
    shown = st.session_state.setdefault(f"{key}_more", PAGE)
    catalog = studio.catalog
    names = {"": t("ui.gallery.all_models")}
    for model_id in desk.tasks.video_models():
        known = catalog.model(model_id)
        names[model_id] = known.name if known else model_id
    when_words = {w: t(f"ui.gallery.when.{w}") for w in WHEN}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        model = st.selectbox(t("ui.gallery.model"), list(names), format_func=lambda m: names[m], key=f"{key}_model")
        when = st.selectbox(t("ui.gallery.when"), list(WHEN), format_func=lambda w: when_words[w], key=f"{key}_when")
        keepers = st.toggle(t("ui.gallery.keepers"), key=f"{key}_keepers")
    back = WHEN.get(str(when))
    since = days.start_of_day() - back * 86400 if back is not None else None
    records = desk.tasks.videos(limit=shown + 1, model=model or None, since=since, keepers=keepers)
    if not records:
        filtered = bool(model) or since is not None or keepers
        st.info(t("ui.gallery.none_match" if filtered else "ui.gallery.empty"), icon=":material/photo_library:")
        return
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
        starred = st.button(
            t("ui.gallery.unstar" if record.keeper else "ui.gallery.star"),
            key=f"{key}_star",
            icon=":material/star:" if record.keeper else ":material/star_outline:",
            type="primary" if record.keeper else "secondary",
        )
        opened = st.button(t("ui.gallery.open"), key=f"{key}_open", icon=":material/open_in_new:")
        continued = st.button(t("ui.gallery.continue"), key=f"{key}_continue", icon=":material/skip_next:")
    if starred:
        studio.store.set_keeper(record.idempotency_key, not record.keeper)
        st.rerun()
    if opened:
        st.session_state[task_detail.OPEN_NEXT] = record.idempotency_key
        st.switch_page("pages/history.py")
    if continued:
        task_detail.continue_video(studio, record, key=key)


def _films(studio: Studio, desk: Desk, folder: Path, *, key: str) -> None:
    """The films made, newest first: the film's poster, its name, length, shots and cost; open it in Storyboard."""
    made = desk.films.listed(states=(FilmState.MADE,))
    if not made:
        return
    st.subheader(t("ui.gallery.films"))
    for start in range(0, len(made), COLUMNS):
        for column, film in zip(st.columns(COLUMNS), made[start : start + COLUMNS], strict=False):
            with column, st.container(border=True):
                try:
                    st.image(str(poster(Path(film.film_path or ""), folder)), width="stretch")
                except UnreadableVideo:
                    st.caption(t("ui.gallery.no_poster"))
                shots = len(film.storyboard.shots)
                st.markdown(f"**{film.name}**")
                st.caption(t("ui.gallery.film_facts", shots=shots, amount=studio.films.cost(film)))
                if st.button(t("ui.gallery.open_film"), key=f"{key}_film_{film.id}", icon=":material/view_carousel:"):
                    st.session_state[film_progress.CHOSEN_FILM] = film.id
                    st.switch_page("pages/storyboard.py")
    st.subheader(t("ui.gallery.videos"))
