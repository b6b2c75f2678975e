"""Generate: compose a request, check the reference image, see the cost, submit once, follow the task."""

import streamlit as st

from components import (
    cost_box,
    reference_panel,
    request_form,
    request_preview,
    resources,
    submit_panel,
    task_table,
    video_card,
)
from videogen import settings as config
from videogen.request import GenerationRequest, InvalidRequest

studio = resources.studio()
catalog, session_id = studio.catalog, resources.session_id()

st.title("Generate a video")
if studio.sandbox:
    st.info(
        "Sandbox: no real video is made and nothing is charged. Tasks finish in about 15 seconds with a "
        "sample clip. Set APIMART_API_KEY to make real videos.",
        icon=":material/science:",
    )

form, summary = st.columns([3, 2], gap="large")
with form:
    chosen = request_form.show(catalog, key="request")
    st.subheader("Reference image")
    frame = chosen.model.size(chosen.aspect_ratio, chosen.resolution)
    reference = reference_panel.show(
        catalog, chosen.aspect_ratio, frame, allow_private=config.allow_private_urls(), key="reference"
    )

request = GenerationRequest(
    chosen.model.id,
    chosen.prompt,
    chosen.duration,
    chosen.aspect_ratio,
    chosen.resolution,
    (reference.url,) if reference.url else (),
)
try:
    valid, problems = studio.validate(request), {}
except InvalidRequest as invalid:
    valid, problems = None, invalid.problems
blocked_because = None
if problems:
    blocked_because = " ".join(problems.values())
elif reference.blocking:
    blocked_because = "Fix or remove the reference image to submit."

with summary:
    cost_box.show(
        chosen.model, chosen.duration, chosen.resolution, studio.spent_today(), simulated=studio.sandbox, key="cost"
    )
    body = valid.payload() if valid else None
    if body is not None and reference.upload is not None:
        body["image_urls"] = ["<the URL returned by the upload, when you submit>"]
    request_preview.show(
        body,
        studio.base_url,
        key="preview",
        note=("The image file is uploaded first (POST /v1/uploads/images)." if reference.upload else None),
    )
    sending = submit_panel.show(
        studio, valid, reference, session_id=session_id, blocked_because=blocked_because, key="submit"
    )

st.subheader("Tasks in this session")
following = studio.store.has_unfinished(session_id)


@st.fragment(run_every=2 if following else None)
def session_tasks():
    records = studio.store.page(session_id=session_id, limit=20)
    task_table.show(
        records,
        key="session_tasks",
        columns=["Status", "Progress", "Task id", "Created", "Model", "Duration", "Aspect ratio", "Resolution"],
    )
    latest_done = next((r for r in records if r.video_path), None)
    if latest_done is not None:
        st.caption(f"Latest video: {latest_done.task_id}")
        video_card.show(latest_done, key="latest_video")
    if following and not studio.store.has_unfinished(session_id):
        st.rerun()  # once, so the page is drawn again without the timer


session_tasks()
if sending is not None:
    sending.wait()  # last: the page is drawn whole while the answer is awaited
