"""One task in full: its video, settings, reference thumbnail, error, and the actions on it."""

from __future__ import annotations

import json
import time

import streamlit as st

from ui.shell import notice, resources
from ui.shell.language import current, price_in_words, said, t, term
from ui.tasks import compare_view, film_progress, media_panel, model_options, task_table, video_card
from videogen import (
    PENDING_UPLOAD,
    BodyRefused,
    Catalog,
    GenerationRequest,
    InvalidRequest,
    KeptImages,
    OverBudget,
    Studio,
    TaskRecord,
    TaskState,
    UnreadableVideo,
    days,
    intent_key,
    new_nonce,
    read_body,
    task_ids,
)

# The request settings a task carries back to the Generate page (the widget keys there).
SETTINGS_KEYS = ("model", "prompt", "duration", "aspect_ratio", "resolution")


KEPT_KEYS = {"image_url": "reference_kept", "first_frame_url": "first_frame_kept", "last_frame_url": "last_frame_kept"}


def settings_of(record: TaskRecord, catalog: Catalog, kept: KeptImages | None = None) -> dict:
    """The Generate page's widget values for this task: read back from the body that was sent (frames,
    references and the model's own fields included), else from the listed columns. A picture the task sent from
    a file comes back as that file (`<role>_kept`, its digest), not as the provider's upload link, which expires
    or, in the sandbox, was never public."""
    columns = {
        "duration": record.duration,
        "aspect_ratio": record.aspect_ratio,
        "resolution": record.resolution,
        "image_url": record.image_url or "",
    }
    return settings_from_body(record.model, record.prompt, record.payload, catalog, kept, columns)


def settings_from_body(
    model_id: str, prompt: str, payload: str | None, catalog: Catalog, kept: KeptImages | None, columns: dict
) -> dict:
    """The form's values for a body that was (or would be) sent: a task's, a recipe's."""
    known = catalog.model(model_id)  # a task sent under an old id opens on the model's documented one
    values: dict[str, object] = {"model": known.id if known is not None else model_id, "prompt": prompt, **columns}
    try:
        sent = read_body(json.loads(payload or "null"), catalog)
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
        for role in sent.model.media_fields:  # videos and sound by their links
            links = [m.url for m in request.media if m.role == role]
            values[f"media_{role}_url"] = "\n".join(links)
    for url_key, kept_key in KEPT_KEYS.items():
        values[kept_key] = None  # nothing kept from an earlier use of the form
        urls = str(values.get(url_key) or "").splitlines()
        digest = kept.digest_for(urls[0]) if kept is not None and urls else None
        if digest is not None:
            values[kept_key] = digest
            values[url_key] = "\n".join(urls[1:])
    return {k: v for k, v in values.items() if v is not None or k in KEPT_KEYS.values()}


def use_settings(
    record: TaskRecord, catalog: Catalog, *, model: str | None = None, kept: KeptImages | None = None
) -> None:
    """Open Generate with this task's settings (the bound widgets there read session_state). With another
    `model`: the same prompt and images rendered again on it (what it cannot take is reset there, saying so),
    and the new task is tied to this one, to be compared side by side."""
    values = settings_of(record, catalog, kept)
    if model is not None and model != record.model:
        values["model"] = model
        st.session_state[REDO] = record.idempotency_key
    else:
        st.session_state.pop(REDO, None)
    st.session_state.update(values)
    st.switch_page("pages/generate.py")


REDO = "_redo_of"  # the key of the task Generate is rendering again (set by "Render again with…")
# (task id, seconds, digest, when): the video whose last frame is Generate's first frame, until a submit after `when`
CONTINUES = "_continues"


NEXT_SHOT = "_next_shot"  # the form's values for the next shot, set before Generate's widgets are drawn


def continue_video(studio: Studio, record: TaskRecord, *, key: str, here: bool = False) -> None:
    """Open Generate on the next shot: this video's exact last frame as the first frame (a kept picture, judged
    like any upload), the same prompt to edit, the same model when it takes a first frame. `here`: from
    Generate itself, whose widgets take the values at the top of its next run."""
    try:
        shot = studio.next_shot(record)
    except UnreadableVideo as unreadable:
        notice.leave(key, ("error", t("video.last_frame_unreadable", reason=str(unreadable))))
        st.rerun()
    st.session_state.pop(REDO, None)
    st.session_state[CONTINUES] = (record.task_id or "", shot.frame.seconds, shot.first_frame, time.time())
    values: dict[str, object] = {url: "" for url in KEPT_KEYS} | {kept: None for kept in KEPT_KEYS.values()}
    values.update(model=shot.model, prompt=record.prompt, first_frame_kept=shot.first_frame)
    if here:
        st.session_state[NEXT_SHOT] = values
        st.rerun(scope="app")
    st.session_state.update(values)
    st.switch_page("pages/generate.py")


def edit_model(catalog: Catalog) -> str | None:
    """The model made to edit a video (its source required: Wan 2.7 VideoEdit), when the catalogue has one."""
    return next(
        (
            m.id
            for m in catalog.models.values()
            if not m.retired and m.videos and "source" in m.videos.required and "source" in m.media_fields
        ),
        None,
    )


def edit_video(record: TaskRecord, model_id: str) -> None:
    """Open Generate on the edit model with this saved video as its source (sent by the provider's link)."""
    st.session_state.pop(REDO, None)
    st.session_state.update(
        {"model": model_id, "prompt": "", "media_source_url": "", "media_source_saved": record.idempotency_key}
    )
    st.switch_page("pages/generate.py")


def _other_models(record: TaskRecord, catalog: Catalog) -> list[str]:
    """Every other model, the same family's first (a draft and its premium sibling are the usual pair)."""
    current = catalog.model(record.model)
    family = current.family if current else ""
    others = [m for m in catalog.models.values() if m.id != record.model]
    return [m.id for m in sorted(others, key=lambda m: m.family != family)]


def _extend(studio: Studio, record: TaskRecord, model, *, key: str) -> None:
    """The model's own extension of this video (Veo's remix: the same model, a few seconds more, from where it
    ends), priced per call; sent once through the same intent and key as any submit, the cap checked."""
    extension = model.extend
    price = extension.price(record.resolution)
    with st.popover(t("ui.detail.extend", seconds=extension.seconds, amount=price), icon=":material/more_time:"):
        prompt = st.text_area(t("ui.detail.extend_prompt"), key=f"{key}_extend_prompt", height=80)
        if not st.button(t("ui.detail.extend_send"), key=f"{key}_extend_send", type="primary", disabled=not prompt):
            return
        request = GenerationRequest(model.id, prompt, resolution=record.resolution, extends=record.task_id)
        try:
            valid = studio.validate(request)
            outcome = resources.desk(studio).tasks.submit(valid, intent_key(new_nonce(), valid.request))
        except InvalidRequest as refused:
            st.error(" ".join(refused.in_language(current()).values()), icon=":material/block:")
            return
        except OverBudget as over:
            st.error(over.note.text(current()), icon=":material/block:")
            return
        if outcome.repeat_of is not None:
            st.warning(t("ui.detail.extend_repeat"), icon=":material/content_copy:")
            return
        st.session_state[OPEN_NEXT] = outcome.record.idempotency_key
        st.rerun()


def _render_again(studio: Studio, record: TaskRecord, *, key: str) -> None:
    catalog = studio.catalog
    with st.popover(t("ui.detail.render_again"), icon=":material/compare:"):
        st.caption(t("ui.detail.render_again_help"))
        others = _other_models(record, catalog)
        # Worded in this run's language (the format function is also called later, outside the run).
        words = {
            m: f"{catalog.models[m].name} ({catalog.models[m].family}) · {price_in_words(catalog.models[m])}"
            for m in others
        }
        choice = st.selectbox(
            t("ui.detail.redo_model"),
            others,
            format_func=words.__getitem__,
            key=f"{key}_redo_model",
        )
        if st.button(t("ui.detail.open_in_generate"), key=f"{key}_redo", type="primary", disabled=choice is None):
            use_settings(record, catalog, model=choice, kept=studio.kept_images)


OPEN_NEXT = "_history_open"  # the task History opens on its next run (its selector exists already in this one)
LINKED = {"linked": "success", "merged": "success", "taken": "error", "settled": "info"}  # ui.link.<result>


def show_notice(*, key: str) -> None:
    notice.show(notice.take(key))


def add_by_id(studio: Studio, text: str, *, session_id: str) -> None:
    """Follow a task made elsewhere: a well-formed id that the API knows (asked once), and only once."""
    try:
        task_id = task_ids.well_formed(text)
        known = studio.store.listing.by_task_id(task_id)
        if known is not None:
            notice.leave("history_add", ("info", t("ui.history.already", task_id=task_id)))
            st.session_state[OPEN_NEXT] = known.idempotency_key
            st.rerun()
        task = studio.confirmed(task_id)
    except task_ids.TaskIdRefused as refusal:
        notice.leave("history_add", ("error", refusal.note.text(current())))
        st.rerun()
    record = resources.desk(studio, session=session_id).tasks.follow(task)
    st.session_state[OPEN_NEXT] = record.idempotency_key
    st.toast(t("ui.history.following", task_id=record.task_id), icon=":material/check_circle:")
    st.rerun()


def _link(studio: Studio, record: TaskRecord, text: str, *, key: str) -> None:
    store = studio.store
    try:
        task = studio.confirmed(text)
    except task_ids.TaskIdRefused as refusal:
        notice.leave(key, ("error", refusal.note.text(current())))
        st.rerun()
    result = store.reconcile(record.idempotency_key, task.id)
    if result in ("linked", "merged"):
        store.tracking.update_from_api(task)
    notice.leave(key, (LINKED[result], t(f"ui.link.{result}", task_id=task.id)))
    st.rerun()


def _retry(studio: Studio, record: TaskRecord, *, key: str) -> None:
    with st.spinner(t("ui.detail.retrying")):
        outcome = studio.retry(record.idempotency_key)
    notice.leave(key, notice.retry_found(outcome))
    st.rerun()


def _reconcile(studio: Studio, record: TaskRecord, *, key: str) -> None:
    st.warning(t("ui.detail.unknown"), icon=":material/help:")
    real = st.text_input(t("ui.detail.real_id"), key=f"{key}_real_id")
    left, middle, right = st.columns(3)
    if left.button(t("ui.detail.link"), key=f"{key}_link", disabled=not (real or "").strip()):
        _link(studio, record, real, key=key)
    if middle.button(t("ui.submit.retry"), key=f"{key}_retry"):
        _retry(studio, record, key=key)
    if right.button(t("ui.detail.dismiss"), key=f"{key}_dismiss"):
        studio.store.dismiss(record.idempotency_key)
        st.rerun()


def _sent_body(record: TaskRecord) -> dict:
    """The JSON body the POST carried (every frame, sound and model field as sent: `mode: std`, `portrait`),
    or, for a task added by its id or an older row, what the listed columns know."""
    try:
        body = json.loads(record.payload or "null")
    except ValueError:
        body = None
    if isinstance(body, dict):
        return body
    settings = {k: getattr(record, k) for k in SETTINGS_KEYS if getattr(record, k) is not None}
    if record.image_url:
        settings["image_url"] = record.image_url
    return settings


def _summary(record: TaskRecord, catalog: Catalog) -> str:
    """The request in words: model, length, shape and resolution as the form names them."""
    model = catalog.model(record.model)
    parts = [model.name if model else record.model or t("ui.detail.model_unknown")]
    if record.duration:
        parts.append(t("ui.seconds", n=record.duration))
    shape = catalog.aspect_ratio(record.aspect_ratio) if record.aspect_ratio else None
    if shape is not None:
        parts.append(term(shape.label))
    parts.append(task_table.resolution_words(record))
    return " · ".join(p for p in parts if p)


def _film_line(studio: Studio, record: TaskRecord, *, key: str) -> None:
    """A film's shot says which, and opens its film in Storyboard."""
    film = studio.films.film(record.film_id or "")
    if film is None:
        return
    st.markdown(t("ui.detail.film_shot", shot=record.shot or 0, shots=len(film.storyboard.shots), name=film.name))
    if st.button(t("ui.gallery.open_film"), key=f"{key}_film", icon=":material/view_carousel:"):
        st.session_state[film_progress.CHOSEN_FILM] = film.id
        st.switch_page("pages/storyboard.py")


def show(studio: Studio, record: TaskRecord, *, key: str) -> None:
    show_notice(key=key)
    task_id = record.task_id or t("ui.detail.no_task_id")
    st.markdown(t("ui.detail.heading", task_id=task_id, status=term(record.display_status)))
    media, facts = st.columns([3, 2], gap="large")
    with media:
        video_card.show(record, key=f"{key}_video")
    with facts:
        if record.film_id:
            _film_line(studio, record, key=key)
        st.caption(_summary(record, studio.catalog))
        st.json(_sent_body(record))  # the body that was sent, field for field (the key is never in it)
        if record.reference_thumbnail:
            st.image(record.reference_thumbnail, caption=t("ui.image.reference"), width=160)
        created = days.shown(record.created_at, "%Y-%m-%d %H:%M:%S")
        times = [t("ui.detail.created", time=created)]
        if record.expires_at:
            expires = days.shown(record.expires_at)
            times.append(t("ui.detail.expires", time=expires))
        st.caption(" · ".join(times))
        if record.estimated_cost is None:
            cost = t("ui.detail.no_estimate")
        else:
            cost = t("ui.detail.estimate", amount=record.estimated_cost)
        if record.billed_cost is not None:
            cost += t("ui.detail.billed", amount=record.billed_cost)
        if record.billed_credits is not None:
            cost += t("ui.detail.credits", credits=record.billed_credits)
        if record.simulated:
            cost += t("ui.detail.simulated")
        st.caption(cost)
        if record.error and record.state != TaskState.UNKNOWN:
            st.error(said(record.error))
    if record.state == TaskState.UNKNOWN:
        _reconcile(studio, record, key=key)
    compare_view.show(studio.store, record, studio.catalog, key=f"{key}_compare")
    left, middle, onward, right = st.columns(4)
    if left.button(t("ui.detail.use"), key=f"{key}_use", icon=":material/replay:"):
        use_settings(record, studio.catalog, kept=studio.kept_images)
    if record.video_path:
        with middle:
            _render_again(studio, record, key=key)
        if onward.button(t("ui.detail.continue"), key=f"{key}_continue", icon=":material/skip_next:"):
            continue_video(studio, record, key=key)
        model = studio.catalog.model(record.model)
        if model is not None and model.extend is not None and record.task_id:
            with onward:
                _extend(studio, record, model, key=key)
        editor = edit_model(studio.catalog)
        if editor is not None and media_panel.still_linked([record]):
            if onward.button(t("ui.detail.edit"), key=f"{key}_edit", icon=":material/movie_edit:"):
                edit_video(record, editor)
    with right.popover(t("ui.detail.remove_record"), icon=":material/delete:"):
        st.caption(t("ui.detail.remove_help"))
        if st.button(t("ui.detail.remove"), key=f"{key}_remove", type="primary"):
            studio.store.remove(record.idempotency_key)
            st.rerun()
