"""A batch file before it is queued: every row checked with its problems, the total estimate against the
daily cap, the rate to send at, and Start. The template to begin from.

Owns `{key}_file_<n>` (the uploader; `n` moves on after a start, which empties it), `{key}_rate`,
`{key}_start`, `{key}_template`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from videogen import batch_file, settings
from videogen.studio import Studio

PROMPT_SHOWN = 60


def _table(read: batch_file.BatchFile, names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Line": [r.number for r in read.rows],
            "Model": [names.get(r.cells.get("model", ""), r.cells.get("model", "") or "(default)") for r in read.rows],
            "Prompt": [(r.cells.get("prompt") or "")[:PROMPT_SHOWN] for r in read.rows],
            "Estimate": [r.estimate if r.request else None for r in read.rows],
            "Problems": [" ".join(r.problems) or "ready" for r in read.rows],
        }
    )


def show(studio: Studio, *, session_id: str, key: str) -> int | None:
    """Returns the id of a batch just queued."""
    st.download_button(
        "Download the template CSV",
        data=batch_file.template(studio.catalog),
        file_name="video-batch-template.csv",
        mime="text/csv",
        key=f"{key}_template",
        on_click="ignore",
        icon=":material/download:",
    )
    turn = st.session_state.setdefault(f"{key}_turn", 0)
    upload = st.file_uploader(
        "Batch file (CSV)",
        type=["csv", "txt"],
        key=f"{key}_file_{turn}",
        help="One request per row: prompt, model, duration, aspect_ratio, resolution, image_url, first_frame_url, "
        "last_frame_url and any model's own field. A blank cell takes the model's default.",
    )
    if upload is None:
        return None
    read = batch_file.read(upload.getvalue(), studio.catalog)
    for problem in read.problems:
        st.error(problem, icon=":material/error:")
    if not read.rows:
        return None
    names = {m.id: m.name for m in studio.catalog.models.values()}
    st.dataframe(
        _table(read, names),
        hide_index=True,
        width="stretch",
        column_config={"Estimate": st.column_config.NumberColumn(format="$%.2f")},
    )
    simulated = " (simulated)" if studio.sandbox else ""
    st.markdown(
        f"**{len(read.ready)} row(s) ready**, {len(read.refused)} with problems (left out until fixed). "
        f"Total estimate{simulated}: **${read.total:.2f}**."
    )
    standing = studio.standing()
    if standing.crossed_by(read.total):
        st.warning(
            f"The whole batch (${read.total:.2f}) would take today past the daily cap (${standing.cap:.2f}, "
            f"${standing.left or 0:.2f} left): it will stop there, and resume when the cap is raised.",
            icon=":material/savings:",
        )
    rate = st.number_input(
        "Requests per minute",
        min_value=1,
        max_value=600,
        value=settings.batch_per_minute(),
        step=1,
        key=f"{key}_rate",
        help="The queue never sends more than this in any minute, and waits longer when the API asks it to.",
    )
    blocked = bool(read.problems) or not read.ready
    if st.button("Start batch", type="primary", disabled=blocked, key=f"{key}_start", icon=":material/play_arrow:"):
        batch_id = studio.queue_batch(upload.name, read, per_minute=int(rate), session_id=session_id)
        st.session_state[f"{key}_turn"] = turn + 1
        return batch_id
    if blocked:
        st.caption("Fix the problems the file names, then upload it again.")
    return None
