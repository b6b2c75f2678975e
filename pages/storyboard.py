"""Storyboard: a film as shots, priced and checked whole, run shot by shot (a shot that continues another
starts on its last frame), then joined into one film."""

import streamlit as st

from ui.shell import polling, resources, shell
from ui.shell.language import t
from ui.storyboard import storyboard_editor, storyboard_files
from ui.tasks import film_progress
from videogen import FilmState, Storyboard

shell.required("pages/storyboard.py")  # through app.py first (its gate, its sidebar)

CURRENT = film_progress.CHOSEN_FILM
studio = resources.studio()
session_id = resources.session_id()
films = studio.films

st.title(t("ui.storyboard.title"))
st.caption(t("ui.storyboard.lead"))
if studio.sandbox:
    st.info(t("ui.storyboard.sandbox"), icon=":material/science:")

desk = resources.desk(studio)
mine = desk.films.listed()
chosen: str | None = st.session_state.get(CURRENT)
if chosen is None or all(f.id != chosen for f in mine):
    if not mine:
        draft = Storyboard(t("ui.storyboard.untitled"), (storyboard_editor.first_shot(studio.catalog),))
        chosen = films.table.save_draft(draft, desk.films.origin())
        mine = desk.films.listed()
    else:
        chosen = mine[0].id
    st.session_state[CURRENT] = chosen

assert chosen is not None
labels: dict[str, str] = {
    f.id: t("ui.storyboard.listed", name=f.name, state=t(f"ui.storyboard.is.{f.state}")) for f in mine
}
with st.container(horizontal=True, vertical_alignment="bottom"):
    picked = st.selectbox(
        t("ui.storyboard.pick"), list(labels), index=list(labels).index(chosen), format_func=lambda i: labels[i]
    )
    if st.button(t("ui.storyboard.new"), key="storyboard_new", icon=":material/add:"):
        draft = Storyboard(t("ui.storyboard.untitled"), (storyboard_editor.first_shot(studio.catalog),))
        st.session_state[CURRENT] = films.table.save_draft(draft, desk.films.origin())
        st.rerun()
if picked != chosen:
    st.session_state[CURRENT] = picked
    st.rerun()

film = films.film(chosen)
if film is None:
    st.stop()
imported = storyboard_files.show(studio, film, session_id=session_id, key="storyboard_files")
if imported is not None:
    st.session_state[CURRENT] = imported
    st.rerun()

if film.editable:
    if storyboard_editor.show(studio, film, session_id=session_id, key="storyboard"):
        st.rerun()
else:
    running, film_id = film.state == FilmState.RUNNING, film.id

    @st.fragment(run_every=polling.when(running))
    def progress():
        latest = films.film(film_id)
        if latest is None:
            return
        copied = film_progress.show(studio, latest, session_id=session_id, key="film")
        if copied is not None:
            st.session_state[CURRENT] = copied
            st.rerun(scope="app")
        if running and latest.state != FilmState.RUNNING:
            polling.rerun_page()  # once, so the page is drawn again without the timer

    progress()
