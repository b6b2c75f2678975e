"""Generate: compose a request, check the reference image, see the cost, submit once, follow the task."""

import streamlit as st

from components import cost_box, reference_panel, request_form, request_preview, resources, submit_panel
from components import task_table, video_card
from videogen import settings as config
from videogen.tasks.store import start_of_today
from videogen.request import GenerationRequest

app = resources.services()
backend, client, store, catalog, session_id = app.backend, app.client, app.store, app.catalog, app.session_id

st.title("Generate a video")
if backend.sandbox:
    st.info("Sandbox: no real video is made and nothing is charged. Tasks finish in about 15 seconds with a "
            "sample clip. Set APIMART_API_KEY to make real videos.", icon=":material/science:")

form, summary = st.columns([3, 2], gap="large")
with form:
    chosen = request_form.show(catalog, key="request")
    st.subheader("Reference image")
    frame = chosen.model.size(chosen.aspect_ratio, chosen.resolution)
    reference = reference_panel.show(catalog, chosen.aspect_ratio, frame,
                                     allow_private=config.allow_private_urls(), key="reference")

request = GenerationRequest(chosen.model.id, chosen.prompt, chosen.duration, chosen.aspect_ratio,
                            chosen.resolution, (reference.url,) if reference.url else ())
problems = request.problems(catalog)
blocked_because = None
if problems:
    blocked_because = " ".join(problems.values())
elif reference.blocking:
    blocked_because = "Fix or remove the reference image to submit."

with summary:
    cost_box.show(chosen.model, chosen.duration, chosen.resolution,
                  store.spend(since=start_of_today(), simulated=backend.sandbox), simulated=backend.sandbox, key="cost")
    body = None if problems else request.payload(catalog)
    if body is not None and reference.upload is not None:
        body["image_urls"] = ["<the URL returned by the upload, when you submit>"]
    request_preview.show(body, backend.base_url, key="preview", note=(
        "The image file is uploaded first (POST /v1/uploads/images)." if reference.upload else None))
    sending = submit_panel.show(store, client, catalog, request, reference, session_id=session_id,
                                blocked_because=blocked_because, simulated=backend.sandbox, key="submit")

st.subheader("Tasks in this session")
following = store.has_unfinished(session_id)


@st.fragment(run_every=2 if following else None)
def session_tasks():
    records = store.page(session_id=session_id, limit=20)
    task_table.show(records, key="session_tasks", columns=[
        "Status", "Progress", "Task id", "Created", "Model", "Duration", "Aspect ratio", "Resolution"])
    latest_done = next((r for r in records if r.video_path), None)
    if latest_done is not None:
        st.caption(f"Latest video: {latest_done.task_id}")
        video_card.show(latest_done, key="latest_video")
    if following and not store.has_unfinished(session_id):
        st.rerun()  # once, so the page is drawn again without the timer


session_tasks()
if sending is not None:
    sending.wait()  # last: the page is drawn whole while the answer is awaited
