"""A storyboard as a file: exported as TOML (to keep, share or run with `python -m videogen film run`), and
imported from TOML or JSON as a new draft; a file with mistakes is refused whole, each mistake with its line.

Owns `{key}_import` (the uploader) and `{key}_export`, `{key}_seen` (the file last read)."""

from __future__ import annotations

import re

import streamlit as st

from ui.shell import language, people
from ui.shell.language import t
from videogen import Film, Origin, StoryboardFileError, Studio, read_storyboard_file


def show(studio: Studio, film: Film, *, session_id: str, key: str) -> str | None:
    """Returns the id of the draft a file was imported into (None when nothing was imported)."""
    with st.expander(t("ui.storyboard.files"), icon=":material/description:"):
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", film.name).strip("-")[:60] or "storyboard"
        st.download_button(
            t("ui.storyboard.export"),
            data=film.storyboard.to_toml(),
            file_name=f"{slug}.toml",
            mime="application/toml",
            key=f"{key}_export",
            on_click="ignore",
            icon=":material/download:",
        )
        upload = st.file_uploader(t("ui.storyboard.import"), type=["toml", "json"], key=f"{key}_import")
        if upload is None:
            return None
        seen = st.session_state.get(f"{key}_seen")
        if seen is not None and seen[0] == upload.file_id:  # read already: its mistakes stay said while it is there
            if seen[1]:
                st.error("\n\n".join(seen[1]), icon=":material/block:")
            return None
        try:
            board = read_storyboard_file(upload.getvalue(), upload.name)
        except StoryboardFileError as refused:
            mistakes = [n.text(language.current()) for n in refused.notes]
            st.session_state[f"{key}_seen"] = (upload.file_id, mistakes)
            st.error("\n\n".join(mistakes), icon=":material/block:")
            return None
        st.session_state[f"{key}_seen"] = (upload.file_id, [])
        origin = Origin(session_id, "app", studio.sandbox, language.current(), people.current())
        return studio.films.table.save_draft(board, origin)
