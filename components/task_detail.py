"""One task in full: its video, settings, reference thumbnail, error, and the actions on it."""

from __future__ import annotations

import json
import time

import streamlit as st

from components import compare_view, model_options, notice, video_card
from videogen.catalog import Catalog
from videogen.request import PENDING_UPLOAD
from videogen.request_body import BodyRefused, read_body
from videogen.studio import Studio
from videogen.tasks import task_ids
from videogen.tasks.states import TaskState
from videogen.tasks.store import TaskRecord

# The request settings a task carries back to the Generate page (the widget keys there).
SETTINGS_KEYS = ("model", "prompt", "duration", "aspect_ratio", "resolution")


def settings_of(record: TaskRecord, catalog: Catalog) -> dict:
    """The Generate page's widget values for this task: read back from the body that was sent (frames,
    references and the model's own fields included), else from the listed columns."""
    values = {
        "model": record.model,
        "prompt": record.prompt,
        "duration": record.duration,
        "aspect_ratio": record.aspect_ratio,
        "resolution": record.resolution,
        "image_url": record.image_url or "",
    }
    try:
        sent = read_body(json.loads(record.payload or "null"), catalog)
    except (BodyRefused, ValueError):  # a model gone from the catalogue, or an older row: the columns
        sent = None
    if sent is not None:
        request = sent.request
        values.update(
            duration=request.duration,
            aspect_ratio=request.aspect_ratio,
            resolution=request.resolution,
            image_url="\n".join(u for u in request.image_urls if u != PENDING_UPLOAD),
            first_frame_url=request.first_frame or "",
            last_frame_url=request.last_frame or "",
        )
        for name, value in request.options:
            option = sent.model.option(name)
            if option is not None:
                values[model_options.state_key("request", sent.model, option)] = value
    return {k: v for k, v in values.items() if v is not None}


def use_settings(record: TaskRecord, catalog: Catalog, *, model: str | None = None) -> None:
    """Open Generate with this task's settings (the bound widgets there read session_state). With another
    `model`: the same prompt and images rendered again on it (what it cannot take is reset there, saying so),
    and the new task is tied to this one, to be compared side by side."""
    values = settings_of(record, catalog)
    if model is not None and model != record.model:
        values["model"] = model
        st.session_state[REDO] = record.idempotency_key
    else:
        st.session_state.pop(REDO, None)
    st.session_state.update(values)
    st.switch_page("pages/generate.py")


REDO = "_redo_of"  # the key of the task Generate is rendering again (set by "Render again with…")


def _other_models(record: TaskRecord, catalog: Catalog) -> list[str]:
    """Every other model, the same family's first (a draft and its premium sibling are the usual pair)."""
    current = catalog.model(record.model)
    family = current.family if current else ""
    others = [m for m in catalog.models.values() if m.id != record.model]
    return [m.id for m in sorted(others, key=lambda m: m.family != family)]


def _render_again(studio: Studio, record: TaskRecord, *, key: str) -> None:
    catalog = studio.catalog
    with st.popover("Render again with…", icon=":material/compare:"):
        st.caption(
            "The same prompt and images on another model: a cheap draft first, the premium model for the keeper. "
            "The two are shown side by side when the new one is done."
        )
        choice = st.selectbox(
            "Model for the new render",
            _other_models(record, catalog),
            format_func=lambda m: (
                f"{catalog.models[m].name} ({catalog.models[m].family}) · {catalog.models[m].price_words()}"
            ),
            key=f"{key}_redo_model",
        )
        if st.button("Open in Generate", key=f"{key}_redo", type="primary", disabled=choice is None):
            use_settings(record, catalog, model=choice)


OPEN_NEXT = "_history_open"  # the task History opens on its next run (its selector exists already in this one)
LINKED = {
    "linked": ("success", "Linked: this request is task `{task_id}`, followed from now on."),
    "merged": (
        "success",
        "History already followed `{task_id}` as a task added by id: it is now this request, counted once.",
    ),
    "taken": ("error", "`{task_id}` already belongs to another request in History: check the id."),
    "settled": ("info", "This request's outcome is already known; nothing was changed."),
}


def show_notice(*, key: str) -> None:
    notice.show(st.session_state.pop(f"{key}_notice", None))


def add_by_id(studio: Studio, text: str, *, session_id: str) -> None:
    """Follow a task made elsewhere: a well-formed id that the API knows (asked once), and only once."""
    try:
        task_id = task_ids.well_formed(text)
        known = studio.store.by_task_id(task_id)
        if known is not None:
            st.session_state["history_add_notice"] = ("info", f"`{task_id}` is already in History; it is shown below.")
            st.session_state[OPEN_NEXT] = known.idempotency_key
            st.rerun()
        task = studio.confirmed(task_id)
    except task_ids.TaskIdRefused as refusal:
        st.session_state["history_add_notice"] = ("error", refusal.message)
        st.rerun()
    record = studio.follow(task, session_id=session_id)
    st.session_state[OPEN_NEXT] = record.idempotency_key
    st.toast(f"Following {record.task_id}", icon=":material/check_circle:")
    st.rerun()


def _link(studio: Studio, record: TaskRecord, text: str, *, key: str) -> None:
    store = studio.store
    try:
        task = studio.confirmed(text)
    except task_ids.TaskIdRefused as refusal:
        st.session_state[f"{key}_notice"] = ("error", refusal.message)
        st.rerun()
    result = store.reconcile(record.idempotency_key, task.id)
    if result in ("linked", "merged"):
        store.update_from_api(task)
    kind, words = LINKED[result]
    st.session_state[f"{key}_notice"] = (kind, words.format(task_id=task.id))
    st.rerun()


def _retry(studio: Studio, record: TaskRecord, *, key: str) -> None:
    with st.spinner("Retrying with the same Idempotency-Key..."):
        outcome = studio.retry(record.idempotency_key)
    st.session_state[f"{key}_notice"] = notice.retry_found(outcome)
    st.rerun()


def _reconcile(studio: Studio, record: TaskRecord, *, key: str) -> None:
    st.warning(
        "The outcome of this request is unknown: the API may have created (and billed) a task.", icon=":material/help:"
    )
    real = st.text_input("Real task id (from your APIMart dashboard)", key=f"{key}_real_id")
    left, middle, right = st.columns(3)
    if left.button("Link this task id", key=f"{key}_link", disabled=not (real or "").strip()):
        _link(studio, record, real, key=key)
    if middle.button("Retry safely with the same Idempotency-Key", key=f"{key}_retry"):
        _retry(studio, record, key=key)
    if right.button("Dismiss: no task was made", key=f"{key}_dismiss"):
        studio.store.dismiss(record.idempotency_key)
        st.rerun()


def show(studio: Studio, record: TaskRecord, *, key: str) -> None:
    show_notice(key=key)
    st.markdown(f"**Task** `{record.task_id or '(no task id)'}` · {record.display_status}")
    media, facts = st.columns([3, 2], gap="large")
    with media:
        video_card.show(record, key=f"{key}_video")
    with facts:
        settings = {k: getattr(record, k) for k in SETTINGS_KEYS if getattr(record, k) is not None}
        if record.image_url:
            settings["reference image"] = record.image_url
        st.json(settings)
        if record.reference_thumbnail:
            st.image(record.reference_thumbnail, caption="Reference image", width=160)
        times = [f"created {time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(record.created_at))}"]
        if record.expires_at:
            times.append(f"link expires {time.strftime('%Y-%m-%d %H:%M', time.localtime(record.expires_at))}")
        st.caption(" · ".join(times))
        cost = f"Estimate ${record.estimated_cost or 0:.2f}"
        if record.billed_cost is not None:
            cost += f" · billed ${record.billed_cost:.2f}"
        if record.billed_credits is not None:
            cost += f" ({record.billed_credits:g} credits)"
        if record.simulated:
            cost += " · simulated"
        st.caption(cost)
        if record.error_text and record.state != TaskState.UNKNOWN:
            st.error(record.error_text)
    if record.state == TaskState.UNKNOWN:
        _reconcile(studio, record, key=key)
    compare_view.show(studio.store, record, studio.catalog, key=f"{key}_compare")
    left, middle, right = st.columns(3)
    if left.button("Use these settings", key=f"{key}_use", icon=":material/replay:"):
        use_settings(record, studio.catalog)
    if record.video_path:
        with middle:
            _render_again(studio, record, key=key)
    with right.popover("Remove the local record", icon=":material/delete:"):
        st.caption("Only this app's record is removed; the task at APIMart and any saved video file stay.")
        if st.button("Remove", key=f"{key}_remove", type="primary"):
            studio.store.remove(record.idempotency_key)
            st.rerun()
