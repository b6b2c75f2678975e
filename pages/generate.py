"""Generate: compose a request, check the reference image, see the cost, submit once, follow the task."""

from dataclasses import replace

import streamlit as st

from ui.generate import (
    also_send,
    blocking,
    model_fit,
    prompt_helper,
    recipes_panel,
    reference_panel,
    request_form,
    request_preview,
    submit_panel,
    video_count,
)
from ui.money import budget_panel, cost_box
from ui.shell import balance, polling, resources, shell
from ui.shell.language import current, t
from ui.tasks import compare_view, media_panel, task_detail, task_table, video_card
from videogen import PENDING_UPLOAD, ROLES, Attached, GenerationRequest, InvalidRequest, ValidRequest
from videogen import settings as config

shell.required("pages/generate.py")  # through app.py first (its gate, its sidebar)

ROLES_GIVEN = "_roles_given"  # the images given in the last run, for the form's rules
IMAGE_SIZE = "_image_size"  # the leading image's (width, height) in the last run: an image-led video's shape

studio = resources.studio()
catalog, session_id = studio.catalog, resources.session_id()
desk = resources.desk(studio)  # the studio as this person on this backend sees it
can = studio.usable_ids(catalog)  # the models a new request may go to, asked once a run
next_shot = st.session_state.pop(task_detail.NEXT_SHOT, None)
if next_shot is not None:  # "Continue this video" from this page: the form takes the next shot before it is drawn
    st.session_state.update(next_shot)

st.title(t("ui.generate.title"))
if studio.sandbox:
    st.info(t("ui.generate.sandbox"), icon=":material/science:")

if catalog.warning:
    st.warning(catalog.warning, icon=":material/warning:")

redo = studio.store.listing.by_key(st.session_state.get(task_detail.REDO) or "")
if redo is not None:
    first = catalog.model(redo.model)
    note, drop = st.columns([5, 1])
    note.info(
        t("ui.redo.banner", task_id=redo.task_id, model=first.name if first else redo.model),
        icon=":material/compare:",
    )
    if drop.button(t("ui.redo.drop"), key="redo_drop"):
        st.session_state.pop(task_detail.REDO, None)
        st.rerun()

continues = st.session_state.get(task_detail.CONTINUES)
if continues is not None and st.session_state.get("first_frame_kept") == continues[2]:  # while its frame is used
    st.info(t("ui.continue.banner", task_id=continues[0], seconds=continues[1]), icon=":material/skip_next:")

form, summary = st.columns([3, 2], gap="large")
with form:
    chosen = request_form.show(
        catalog,
        usable=can.__contains__,
        roles=st.session_state.get(ROLES_GIVEN),
        drift=studio.drift,
        undescribed=tuple(studio.availability.undescribed(catalog)),
        image_size=st.session_state.get(IMAGE_SIZE),
        key="request",
    )
    model = chosen.model
    helper_slot = st.container()  # "Improve the prompt" and its answer, once the request is known
    fit_slot = st.container()  # "which model for this request", filled once the request is known
    frame = catalog.frame(model, chosen.aspect_ratio, chosen.resolution)
    images: dict[str, reference_panel.Reference] = {}
    for role in ROLES:
        if model.images.takes(role):
            st.subheader(t(f"ui.image.{role}"))
            images[role] = reference_panel.show(
                catalog,
                model,
                chosen.aspect_ratio,
                frame,
                role=role,
                allow_private=config.allow_private_urls(),
                key="reference" if role == "reference" else role,
                kept=studio.kept_images,
            )
    if not images and not model.media_fields:
        st.caption(t("ui.image.none", model=model.name))
    media: list[media_panel.GivenMedia] = []
    for role in model.media_fields:
        st.subheader(t(f"ui.media.{role}"))
        media.append(
            media_panel.show(
                studio, catalog, model, role, allow_private=config.allow_private_urls(), key=f"media_{role}"
            )
        )
st.session_state[ROLES_GIVEN] = {role: image.given for role, image in images.items()}
leading = images.get("first_frame") or images.get("reference")
verdict = leading.verdict if leading is not None and not leading.blocking else None
st.session_state[IMAGE_SIZE] = (verdict.width, verdict.height) if verdict and verdict.width and verdict.height else None


def sent_as(image: reference_panel.Reference | None) -> list[str]:
    """What the request carries for one role: its URLs, with a file's place held until its upload."""
    if image is None:
        return []
    first = [image.url] if image.url else [PENDING_UPLOAD] if image.upload else []
    return first + [PENDING_UPLOAD] * len(image.more_files) + list(image.more)


request = GenerationRequest(
    model.id,
    chosen.prompt,
    chosen.duration,
    chosen.aspect_ratio,
    chosen.resolution,
    tuple(sent_as(images.get("reference"))),
    next(iter(sent_as(images.get("first_frame"))), None),
    next(iter(sent_as(images.get("last_frame"))), None),
    tuple(chosen.options.items()),
    media=tuple(item for m in media for item in m.inputs),
)
with helper_slot:
    prompt_helper.show(studio, request, session_id=session_id, key="helper")
with fit_slot:
    model_fit.show(studio, catalog, request, usable=can.__contains__, key="fit")
valid: ValidRequest | None
try:
    valid, problems = studio.validate(request, uploads_allowed=True), {}
except InvalidRequest as invalid:
    valid, problems = None, invalid.in_language(current())
attached = Attached.of(
    [(role, i.digest, i.thumbnail, i.upload) for role, i in images.items()]
    + [(role, digest, None, form) for role, i in images.items() for form, digest in i.more_files]
)
found = blocking.Found(
    model.name,
    usable=model.id in can,
    problems=problems,
    image_refused=any(image.blocking for image in images.values()),
    media_refusal=next((m.blocking for m in media if m.blocking), None),
)

with summary:
    count = video_count.show(key="count")
    also = also_send.show(catalog, request, usable=can.__contains__, count=count, key="also")
    total = cost_box.show(
        model,
        (valid.request.duration if valid is not None else chosen.duration) or model.default_duration,  # measured
        chosen.resolution,
        desk.money.today(),
        simulated=studio.sandbox,
        options=chosen.options,
        media=valid.request.media_seconds() if valid is not None else None,
        count=count,
        others=also.total,
        key="cost",
    )
    found = replace(found, also_refusal=also.blocking, over_budget=budget_panel.show(studio, total, key="budget"))
    blocked_because = blocking.why_blocked(found, t)
    if valid is not None:
        balance.warn_if_short(total, studio.base_url, studio.provider)
    uploads = attached.forms()
    request_preview.show(
        valid.payload() if valid else None,
        config.base_url() if studio.sandbox else studio.base_url,  # the API's address, not the simulator's port
        key="preview",
        note=(t("ui.preview.uploads") if uploads else None),
    )
    recipes_panel.show(studio, catalog, valid, attached, key="recipe")
    sending = submit_panel.show(
        studio,
        valid,
        attached,
        session_id=session_id,
        blocked_because=blocked_because,
        count=count,
        redo_of=redo.idempotency_key if redo else None,
        also=also.requests,
        key="submit",
    )
    last = submit_panel.last_record(studio, key="submit")
if last is not None and continues is not None and last.created_at >= continues[3]:
    st.session_state.pop(task_detail.CONTINUES, None)  # the next shot is sent: what follows is ordinary
if last is not None and last.redo_of:
    if redo is not None and last.redo_of == redo.idempotency_key:
        st.session_state.pop(task_detail.REDO, None)  # sent: the next submit is an ordinary one

    # No timer of its own: the last submit's status above asks, and draws the page again once the video is saved.
    compare_view.show(studio.store, last, catalog, key="compare")

shown_group = last.group_id if last is not None else None  # the set of videos drawn above, side by side
st.subheader(t("ui.generate.session_tasks"))
# What the last submit's status above follows is asked about there, at the usual pace; this table asks about the
# session's other tasks at that pace, and about that one too, at a third of it: a safety net, for a status whose
# own timer was lost (a double click's second send answered first, once, under twenty sessions: no video shown).
followed_above = submit_panel.followed(last)
others = sending is None and desk.tasks.unfinished(this_session=True, other_than=followed_above)
following = sending is None and (others or desk.tasks.unfinished(this_session=True))


@st.fragment(run_every=polling.every() * (1 if others else 3) if following else None)
def session_tasks():
    records = desk.tasks.this_session(limit=20)
    task_table.show(
        records,
        key="session_tasks",
        columns=["Status", "Progress", "Task id", "Created", "Model", "Duration", "Aspect ratio", "Resolution"],
    )
    latest_done = next((r for r in records if r.video_path), None)
    in_the_set = latest_done is not None and bool(latest_done.group_id) and latest_done.group_id == shown_group
    if latest_done is not None and not in_the_set:  # a video of the set above is not drawn again
        st.caption(t("ui.generate.latest", task_id=latest_done.task_id))
        video_card.show(latest_done, key="latest_video")
        if st.button(t("ui.detail.continue"), key="latest_continue", icon=":material/skip_next:"):
            task_detail.continue_video(studio, latest_done, key="submit", here=True)
    if following and not desk.tasks.unfinished(this_session=True):
        polling.rerun_page()  # once, so the page is drawn again without the timer


session_tasks()
if sending is not None:
    sending.wait()  # last: the page is drawn whole while the answer is awaited
