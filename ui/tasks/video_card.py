"""One task's result: the video played from the saved file, its download, or why there is none yet."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ui.shell.language import said, t, term
from videogen import TaskRecord, TaskStatus, states


def show(record: TaskRecord, *, key: str) -> None:
    path = Path(record.video_path) if record.video_path else None
    if path is not None and path.is_file():
        st.video(str(path))  # served by Streamlit from disk, with Range support: no expiring link involved
        if record.simulated:
            st.caption(t("ui.video.sample"))
        st.download_button(
            t("ui.video.download"),
            data=lambda: path.read_bytes(),
            file_name=path.name,
            mime="video/mp4",
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
        )
    elif record.status == TaskStatus.COMPLETED:
        st.info(said(record.save_error) or t("ui.video.saving"), icon=":material/downloading:")
    elif states.ended_without_video(record.status):
        reason = said(record.error) or t("ui.video.no_reason")
        st.error(t("ui.video.ended", status=term(record.status or ""), reason=reason), icon=":material/error:")
    elif record.display_status == "unknown":
        st.warning(said(record.error) or t("ui.video.unknown"), icon=":material/help:")
    else:
        st.progress(record.progress / 100, text=f"{term(record.display_status)} - {record.progress}%")
    if record.poll_error:
        st.caption(t("ui.video.check_failed", reason=said(record.poll_error)))
