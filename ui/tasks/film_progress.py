"""A started film: each shot's task as it goes (waiting for the shot it continues, sent, made, saved, or ended
without a video with why and "Retry this shot", which asks first), then "Make the film" and the film itself.

Owns `{key}_{n}_retry`, `{key}_{n}_retry_yes`, `{key}_make`, `{key}_download`, `{key}_copy`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.shell import language, people
from ui.shell.language import said, t, term
from videogen import (
    CONTINUE,
    EXTEND,
    Film,
    FilmNotShot,
    FilmState,
    Origin,
    OverBudget,
    ShotProgress,
    Storyboard,
    Studio,
    UnreadableVideo,
    new_uid,
    poster,
)

COLUMNS = 3
CHOSEN_FILM = "storyboard_film"  # the film the Storyboard page shows (the Gallery opens one there)

STATE_WORDS = {
    FilmState.RUNNING: ("info", "ui.storyboard.state.running"),
    FilmState.STOPPED: ("warning", "ui.storyboard.state.stopped"),
    FilmState.SHOT: ("success", "ui.storyboard.state.shot"),
    FilmState.MADE: ("success", "ui.storyboard.state.made"),
}


def show(studio: Studio, film: Film, *, session_id: str, key: str) -> str | None:
    """Draws the film's progress; returns the id of a new draft when "Copy into a new storyboard" was pressed."""
    kind, code = STATE_WORDS.get(FilmState(film.state), ("info", "ui.storyboard.state.running"))
    getattr(st, kind)(t(code), icon=":material/movie:")
    if film.state in (FilmState.SHOT, FilmState.MADE):
        _film(studio, film, key=key)
    shots = studio.films.progress(film)
    if film.storyboard.one_call and shots and shots[0].record is not None:
        st.caption(t("ui.storyboard.one_call.made", task=shots[0].record.task_id or "-"))
    for start in range(0, len(shots), COLUMNS):  # a strip of cards, as a storyboard is drawn
        row = shots[start : start + COLUMNS]
        for column, progress in zip(st.columns(COLUMNS), row, strict=False):
            with column, st.container(border=True):
                _shot(studio, film, progress, session_id=session_id, key=f"{key}_{progress.number}")
    st.caption(t("ui.storyboard.cost", amount=studio.films.cost(film)))
    if st.button(t("ui.storyboard.copy"), key=f"{key}_copy", icon=":material/content_copy:"):
        board = film.storyboard
        copy = Storyboard(board.name, tuple(type(s)(s.request, s.join, new_uid()) for s in board.shots), board.one_call)
        origin = Origin(session_id, "app", studio.sandbox, language.current(), people.current())
        return studio.films.table.save_draft(copy, origin)
    return None


def _shot(studio: Studio, film: Film, progress: ShotProgress, *, session_id: str, key: str) -> None:
    shot, record = progress.shot, progress.record
    model = studio.catalog.model(shot.request.model)
    seconds = model.extend.seconds if model and model.extend else 0
    join = {
        CONTINUE: t("ui.storyboard.join.continue"),
        EXTEND: t("ui.storyboard.join.extend", seconds=seconds),
    }.get(shot.join, t("ui.storyboard.join.cut"))
    title = t("ui.storyboard.shot", n=progress.number)
    st.markdown(f"**{title}** · {join}")
    st.caption(f"{model.name if model else shot.request.model} · {shot.request.prompt[:160]}")
    if record is None:
        return
    status = term(record.display_status)
    st.caption(t("ui.storyboard.shot_status", status=status, progress=record.progress))
    if progress.saved and record.video_path:
        try:  # a still, not a player: the film is what is watched
            st.image(str(poster(Path(record.video_path), studio.videos_dir / "posters")), width="stretch")
        except UnreadableVideo:
            st.caption(t("ui.gallery.no_poster"))
    if progress.ended_without_video:
        reason = said(record.error) or t("ui.video.no_reason")
        st.error(reason, icon=":material/error:")
        if film.storyboard.one_call and progress.number > 1:
            return  # one call: its shots are one task, retried once (from shot 1)
        _retry(studio, film, progress, session_id=session_id, key=key)


def _retry(studio: Studio, film: Film, progress: ShotProgress, *, session_id: str, key: str) -> None:
    """ "Retry this shot" asks first (it is paid again), then sends a new take of it and of what it held back."""
    if not st.toggle(t("ui.storyboard.retry"), key=f"{key}_retry"):
        return
    amount = progress.record.estimated_cost if progress.record else 0.0
    st.warning(t("ui.storyboard.retry_ask", n=progress.number, amount=amount or 0.0), icon=":material/replay:")
    if st.button(t("ui.storyboard.retry_yes"), key=f"{key}_retry_yes", type="primary"):
        origin = Origin(session_id, "app", studio.sandbox, language.current(), people.current())
        try:
            studio.films.retry(film.id, progress.number, budget=studio.budget(), origin=origin)
        except OverBudget as over:
            st.error(over.note.text(language.current()), icon=":material/block:")
            return
        st.session_state.pop(f"{key}_retry", None)
        st.rerun()


def _film(studio: Studio, film: Film, *, key: str) -> None:
    path = Path(film.film_path) if film.film_path else None
    if film.film_error:
        st.error(said(film.film_error) or "", icon=":material/error:")
    if path is not None and path.is_file():
        st.video(str(path))
        st.download_button(
            t("ui.storyboard.download"),
            data=lambda: path.read_bytes(),
            file_name=f"{film.name[:60] or film.id}.mp4",
            mime="video/mp4",
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
        )
        return
    if st.button(t("ui.storyboard.make"), key=f"{key}_make", type="primary", icon=":material/movie:"):
        try:
            with st.spinner(t("ui.storyboard.making")):
                studio.films.make(film.id)
        except (FilmNotShot, UnreadableVideo):
            pass  # the film's error is kept and shown above on the next run
        st.rerun()
