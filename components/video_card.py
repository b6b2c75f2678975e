"""One task's result: the video played from the saved file, its download, or why there is none yet."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from videogen.provider.protocol import TaskStatus
from videogen.provider.simulator import SAMPLE_SECONDS
from videogen.tasks import states
from videogen.tasks.store import TaskRecord


def show(record: TaskRecord, *, key: str) -> None:
    path = Path(record.video_path) if record.video_path else None
    if path is not None and path.is_file():
        st.video(str(path))  # served by Streamlit from disk, with Range support: no expiring link involved
        if record.simulated:
            st.caption(f"Sandbox sample clip ({SAMPLE_SECONDS} s, whatever was asked): not a generated video.")
        st.download_button(
            "Download video",
            data=lambda: path.read_bytes(),
            file_name=path.name,
            mime="video/mp4",
            key=f"{key}_download",
            on_click="ignore",
            icon=":material/download:",
        )
    elif record.status == TaskStatus.COMPLETED:
        st.info(record.save_error_text or "Saving the video to this computer...", icon=":material/downloading:")
    elif states.ended_without_video(record.status):
        st.error(f"The task {record.status}: {record.error_text or 'no reason given'}", icon=":material/error:")
    elif record.display_status == "unknown":
        st.warning(record.error_text or "The outcome of this request is unknown.", icon=":material/help:")
    else:
        st.progress(record.progress / 100, text=f"{record.display_status} - {record.progress}%")
    if record.poll_error_text:
        st.caption(f"Last check failed, retrying: {record.poll_error_text}")
