"""A batch file before it is queued: every row checked with its problems, the total estimate against the
daily cap, the rate to send at, and Start. The template to begin from.

Owns `{key}_file_<n>` (the uploader; `n` moves on after a start, which empties it), `{key}_rate`,
`{key}_start`, `{key}_template`."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.shell import resources, uploader
from ui.shell.language import current, t
from videogen import Studio, batch_file, settings

PROMPT_SHOWN = 60


def _table(read: batch_file.BatchFile, names: dict[str, str]) -> pd.DataFrame:
    language, default = current(), t("ui.batch.default_model")
    return pd.DataFrame(
        {
            t("ui.batch.col.line"): [r.number for r in read.rows],
            t("ui.col.model"): [
                names.get(r.cells.get("model", ""), r.cells.get("model", "") or default) for r in read.rows
            ],
            t("ui.form.prompt"): [(r.cells.get("prompt") or "")[:PROMPT_SHOWN] for r in read.rows],
            t("ui.col.estimate"): [r.estimate if r.request else None for r in read.rows],
            t("ui.batch.col.problems"): [" ".join(r.problems_in(language)) or t("ui.batch.ready") for r in read.rows],
        }
    )


def show(studio: Studio, *, session_id: str, key: str) -> int | None:
    """Returns the id of a batch just queued."""
    st.download_button(
        t("ui.batch.template"),
        data=batch_file.template(studio.catalog),
        file_name="video-batch-template.csv",
        mime="text/csv",
        key=f"{key}_template",
        on_click="ignore",
        icon=":material/download:",
    )
    turn = st.session_state.setdefault(f"{key}_turn", 0)
    label = t("ui.batch.file")
    uploader.say_limits(label, t("ui.batch.file_note", mb=batch_file.MAX_BYTES // 1024 // 1024))
    upload = st.file_uploader(
        label,
        type=["csv", "txt"],
        key=f"{key}_file_{turn}",
        help=t("ui.batch.file_help"),
    )
    if upload is None:
        return None
    read = batch_file.read(upload.getvalue(), studio.catalog)
    for problem in read.problems_in(current()):
        st.error(problem, icon=":material/error:")
    if not read.rows:
        return None
    names = {m.id: m.name for m in studio.catalog.models.values()}
    st.dataframe(
        _table(read, names),
        hide_index=True,
        width="stretch",
        column_config={t("ui.col.estimate"): st.column_config.NumberColumn(format="$%.2f")},
    )
    simulated = t("ui.simulated") if studio.sandbox else ""
    st.markdown(
        t("ui.batch.summary", ready=len(read.ready), refused=len(read.refused), simulated=simulated, total=read.total)
    )
    standing = studio.standing()
    if standing.crossed_by(read.total):
        st.warning(
            t("ui.batch.over_cap", total=read.total, cap=standing.cap, left=standing.left or 0),
            icon=":material/savings:",
        )
    rate = st.number_input(
        t("ui.batch.rate"),
        min_value=1,
        max_value=600,
        value=settings.batch_per_minute(),
        step=1,
        key=f"{key}_rate",
        help=t("ui.batch.rate_help"),
    )
    blocked = bool(read.notes) or not read.ready
    if st.button(
        t("ui.batch.start"), type="primary", disabled=blocked, key=f"{key}_start", icon=":material/play_arrow:"
    ):
        desk = resources.desk(studio, session=session_id)
        batch_id = desk.batches.queue(upload.name, read, per_minute=int(rate))
        st.session_state[f"{key}_turn"] = turn + 1
        return batch_id
    if blocked:
        st.caption(t("ui.batch.fix"))
    return None
