"""A video or sound input in one role (motion, source, reference; audio): a public URL, a saved video of this
studio, or a file to check. Each is probed once (a URL in ranged reads, never whole), judged against the model's
rules and measured before anything is paid, its facts and its verdict shown; what is sent is the URL (APIMart
takes no uploaded video or sound: a file is checked, and its link is asked for).

Owns `{key}_url`, `{key}_saved`, `{key}_file` and the session's `_media_verdicts` (by model, role and source)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ui.shell import resources
from ui.shell.language import current, t
from videogen import Catalog, MediaInput, MediaVerdict, Model, Studio, TaskRecord, check_media

KEEP_VERDICTS = 16  # verdicts remembered per session: a rerun never probes the same source again
SAVED_OFFERED = 30  # the newest saved videos offered as a source


@dataclass(frozen=True)
class GivenMedia:
    """What the panel gives the request: the inputs to send (none when none is ready) and what blocks them."""

    inputs: tuple[MediaInput, ...] = ()
    blocking: str | None = None  # words saying why Submit waits (a refused file, a file without its link)
    given: bool = False


def _verdict(key: tuple, run) -> MediaVerdict:
    kept: dict = st.session_state.setdefault("_media_verdicts", {})
    if key not in kept:
        if len(kept) >= KEEP_VERDICTS:
            kept.pop(next(iter(kept)))
        kept[key] = run()
    return kept[key]


def still_linked(records: list[TaskRecord]) -> list[TaskRecord]:
    """The saved videos whose link the provider still serves for ten minutes at least (a source is sent by it)."""
    now = time.time()
    return [r for r in records if r.video_path and r.urls and (r.expires_at is None or r.expires_at > now + 600)]


def saved_videos(studio: Studio, chosen: str | None = None) -> list[TaskRecord]:
    """This person's newest saved videos still linked, and the one already chosen (History's "Edit this video")."""
    records = resources.desk(studio).tasks.videos(limit=SAVED_OFFERED)
    if chosen and all(r.idempotency_key != chosen for r in records):
        record = studio.store.listing.by_key(chosen)
        records += [record] if record is not None else []
    return still_linked(records)


def facts_line(verdict: MediaVerdict) -> str:
    facts = verdict.facts
    if facts is None:
        return ""
    parts = [f"{facts.seconds:.1f} s" if facts.seconds is not None else ""]
    if facts.width and facts.height:
        parts.append(f"{facts.width}×{facts.height}")
    if facts.fps:
        parts.append(f"{facts.fps:g} fps")
    parts += [facts.video_codec or "", facts.audio_codec or "", facts.container or ""]
    if facts.bytes:
        parts.append(f"{facts.bytes / 1_000_000:.1f} MB" if facts.bytes >= 100_000 else f"{facts.bytes / 1000:.0f} KB")
    return " · ".join(p for p in parts if p)


def _say(verdict: MediaVerdict) -> None:
    if verdict.facts is not None and verdict.facts.poster:
        st.image(verdict.facts.poster, width=200)  # its first frame, as shown (turned)
    line = facts_line(verdict)
    if line:
        st.caption(line)
    for note in verdict.problems:
        st.error(note.text(current()), icon=":material/block:")
    for note in verdict.warnings:
        st.warning(note.text(current()), icon=":material/warning:")


def _links(role: str, limit: int, key: str) -> list[str]:
    """The role's links: one field, or one link a line where the model takes several."""
    label = t(f"ui.media.{role}.url")
    if limit > 1:
        text = st.text_area(label, key=f"{key}_url", placeholder="https://", help=t("ui.media.several", limit=limit))
        return [line.strip() for line in text.splitlines() if line.strip()]
    text = st.text_input(label, key=f"{key}_url", placeholder="https://").strip()
    return [text] if text else []


def show(studio: Studio, catalog: Catalog, model: Model, role: str, *, allow_private: bool, key: str) -> GivenMedia:
    """Draws one role's input; returns what the request carries."""
    taken = model.media(role)
    assert taken is not None
    kind, rules = taken
    urls = _links(role, rules.count(role), key)
    chosen = st.session_state.get(f"{key}_saved")
    saved: dict[str, TaskRecord] = (
        {r.idempotency_key: r for r in saved_videos(studio, chosen)} if kind == "video" else {}
    )
    if chosen and chosen not in saved:
        st.session_state.pop(f"{key}_saved", None)  # gone, or its link lapsed: not offered any more
    picked = None
    if saved:
        names = {k: f"{r.task_id} · {r.model} · {r.prompt[:50]}" for k, r in saved.items()}
        none = t("ui.media.saved_none")  # in this run's language: the format function is also called later
        choice = st.selectbox(
            t("ui.media.saved"),
            [""] + list(names),
            format_func=lambda k: names.get(k, none),
            key=f"{key}_saved",
        )
        picked = saved.get(str(choice)) if choice else None
    upload = st.file_uploader(t(f"ui.media.{role}.file"), key=f"{key}_file", type=None)
    inputs: list[MediaInput] = []
    refused = False
    for url in urls:
        verdict = _verdict(
            (model.id, role, "url", url),
            lambda url=url: check_media(url, kind, catalog, model_id=model.id, role=role, allow_private=allow_private),
        )
        if len(urls) > 1:
            st.caption(url)
        _say(verdict)
        refused = refused or not verdict.ok
        inputs.append(MediaInput(role, url, verdict.billed_seconds))
    if picked is not None and picked.video_path and Path(picked.video_path).is_file():
        path = Path(picked.video_path)
        verdict = _verdict(
            (model.id, role, "saved", picked.idempotency_key),
            lambda: check_media(path, kind, catalog, model_id=model.id, role=role, name=path.name),
        )
        _say(verdict)
        st.caption(t("ui.media.saved_sent", task_id=picked.task_id or ""))
        refused = refused or not verdict.ok
        inputs.append(MediaInput(role, picked.urls[0], verdict.billed_seconds))
    if refused:
        return GivenMedia((), t("ui.media.refused"), True)
    if inputs:
        return GivenMedia(tuple(inputs), None, True)
    if upload is not None:
        data = upload.getvalue()
        verdict = _verdict(
            (model.id, role, "file", upload.file_id),
            lambda: check_media(data, kind, catalog, model_id=model.id, role=role, name=upload.name),
        )
        _say(verdict)
        if verdict.ok:
            st.info(t("ui.media.file_needs_link", name=upload.name), icon=":material/link:")
        return GivenMedia((), t("ui.media.refused" if not verdict.ok else "ui.media.link_asked"), True)
    required = role in (rules.required or ())
    return GivenMedia((), t("ui.media.required") if required else None, False)
