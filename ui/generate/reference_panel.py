"""An image in one role (a reference, a first frame, a last frame): URLs or a file, each checked once for the
chosen model, shown in the video's frame, optionally fitted to it.

Owns the session_state keys of its URL box (`image_url`, `first_frame_url`, `last_frame_url`: also the
query parameters) and `{key}_*`."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui.shell import uploader
from ui.shell.language import current, t, term
from videogen import (
    UPLOAD_MAX_BYTES,
    Attached,
    Catalog,
    Fitted,
    KeptImage,
    KeptImages,
    Model,
    ReferenceImage,
    Verdict,
    fitting,
    retarget,
)

FIT_WARNINGS = ("aspect_override", "square_unsupported", "ratio_not_exact")
QUIET_WARNINGS = ("ratio_not_exact", "trailing_data")  # worth a line, not a warning box
KEEP_LOADED = 4  # images remembered per session, so switching back and forth costs nothing
UPLOAD_LIMIT_MB = 64  # what the uploader takes (over every model's limit); each model's own limit is judged by the app


URL_KEYS = {"reference": "image_url", "first_frame": "first_frame_url", "last_frame": "last_frame_url"}


@dataclass(frozen=True)
class Reference:
    url: str | None = None  # a public URL sent as it is
    upload: tuple[bytes, str, str] | None = None  # (bytes, file name, MIME) uploaded at submit
    digest: str | None = None  # what identifies the image in the intent key
    verdict: Verdict | None = None
    thumbnail: bytes | None = None
    more: tuple[str, ...] = ()  # further reference URLs, for models that take several
    # Further files (uploaded at submit, after the first): (upload form, digest) each.
    more_files: tuple[tuple[tuple[bytes, str, str], str | None], ...] = ()
    role: str = "reference"
    refused: bool = False  # one of the further URLs is refused

    @property
    def blocking(self) -> bool:
        return self.refused or (self.verdict is not None and not self.verdict.ok)

    @property
    def given(self) -> bool:
        return bool(self.url or self.upload or self.more or self.more_files)

    @property
    def attached(self) -> Attached:
        """What goes with the request when it is submitted."""
        return Attached(self.digest, self.thumbnail, self.upload)


def _load(source_id: str, loader) -> ReferenceImage:
    cache: dict = st.session_state.setdefault("_reference_cache", {})
    if source_id not in cache:
        cache[source_id] = loader()
        while len(cache) > KEEP_LOADED:
            cache.pop(next(iter(cache)))
    return cache[source_id]


def _from_file(catalog: Catalog, uploaded) -> ReferenceImage:
    if uploaded.size > catalog.reference.max_bytes:  # the widget limits it too; this is the server's check
        return ReferenceImage.too_large(uploaded.size, uploaded.name, catalog)
    return ReferenceImage.from_bytes(uploaded.getvalue(), uploaded.name, catalog)


def _from_url(catalog: Catalog, url: str, allow_private: bool) -> ReferenceImage:
    with st.spinner(t("ui.image.checking")):
        return ReferenceImage.from_url(url, catalog, allow_private=allow_private)


def _learn_more(catalog: Catalog, image: ReferenceImage) -> None:
    if image.needs_whole_read:
        with st.spinner(t("ui.image.loading")):
            image.read_whole(catalog)
    if image.needs_decode:
        with st.spinner(t("ui.image.decoding")):
            image.decode()


def _facts(verdict: Verdict) -> str:
    """What is known of the file, and nothing that is not (a refused GIF has no pixel size here)."""
    parts = [verdict.format]
    if verdict.width and verdict.height:
        parts.append(f"{verdict.width}x{verdict.height} px")
    parts.append(_size(verdict.bytes) if verdict.bytes else None)
    parts.append(term(verdict.orientation) if verdict.orientation else None)
    return " · ".join(p for p in parts if p)


def _size(count: int) -> str:
    """A file's size in the unit that shows it (103 bytes, not 0.00 MB)."""
    if count < 1000:
        return f"{count} B"
    return f"{count / 1e3:.0f} KB" if count < 1_000_000 else f"{count / 1e6:.2f} MB"


def _show_verdict(verdict: Verdict, *, fitted: bool) -> None:
    if verdict.format:
        st.caption(_facts(verdict))
    language = current()
    for code in verdict.problems:
        st.error(verdict.message(code, language), icon=":material/block:")
    if verdict.problems:
        return  # a refused image gets its refusal only: no override warning, no "may be cropped", no switch
    for code in verdict.warnings:
        if fitted and code in FIT_WARNINGS:
            continue  # the fitted image is what is sent: only its outcome is stated, below
        if code in QUIET_WARNINGS:
            st.caption(verdict.message(code, language))
        else:
            st.warning(verdict.message(code, language), icon=":material/warning:")


def _outcome_frame(
    catalog: Catalog, model: Model, verdict: Verdict, aspect_ratio: str, size: tuple[int, int] | None, fitted: bool
) -> tuple[tuple[int, int], str]:
    """The frame the video will really have, as the preview draws it, and the words for it."""
    own = (verdict.width or 1, verdict.height or 1)
    if "shape_from_image" in verdict.warnings or size is None:
        return own, t("ui.image.own_shape")
    if "aspect_override" in verdict.warnings and not fitted:
        result = catalog.aspect_ratio_for(verdict.orientation, model)
        if result is not None and result.ratio is not None:
            return (
                (result.ratio.numerator, result.ratio.denominator),
                t("ui.image.frame_taken", shape=result.label),
            )
        return own, t("ui.image.own_shape")
    chosen = catalog.aspect_ratios[aspect_ratio].label
    return size, t("ui.image.frame", shape=chosen, width=size[0], height=size[1])


def _switch_ratio(catalog: Catalog, model: Model, verdict: Verdict, *, key: str) -> None:
    """One click to the aspect ratio the image would give the video anyway."""
    result = catalog.aspect_ratio_for(verdict.orientation, model)
    if result is None:
        return
    st.button(
        t("ui.image.switch", shape=result.label),
        key=f"{key}_switch",
        icon=":material/swap_horiz:",
        on_click=lambda: st.session_state.update(aspect_ratio=result.id),
    )


def _fit(catalog: Catalog, loaded: ReferenceImage, size: tuple[int, int], *, key: str) -> Fitted | None:
    """The fitted image, when the user chose to fit."""
    if not st.toggle(t("ui.fit.toggle", width=size[0], height=size[1]), key=f"{key}_fit"):
        return None
    mode = st.radio(
        t("ui.fit.by"),
        ["crop", "pad"],
        horizontal=True,
        key=f"{key}_fit_mode",
        format_func={mode: t(f"ui.fit.{mode}") for mode in ("crop", "pad")}.__getitem__,
    )
    if mode == "crop":
        anchor = st.selectbox(
            t("ui.fit.keep"),
            fitting.ANCHORS,
            key=f"{key}_anchor",
            format_func={a: t(f"ui.fit.anchor.{a}") for a in fitting.ANCHORS}.__getitem__,
        )
        background = "blur"
    else:
        anchor = "center"
        background = st.selectbox(
            t("ui.fit.background"),
            fitting.BACKGROUNDS,
            key=f"{key}_background",
            format_func={b: t(f"ui.fit.background.{b}") for b in fitting.BACKGROUNDS}.__getitem__,
        )
    with st.spinner(t("ui.fit.fitting")):
        chosen = loaded.fit(catalog, size, mode, anchor, background)
    if chosen is None:
        st.error(t("ui.fit.failed"), icon=":material/error:")
        return None
    fitted = chosen.image
    st.image(fitted.content, caption=t("ui.fit.exactly", width=fitted.width, height=fitted.height))
    st.download_button(
        t("ui.fit.download"),
        fitted.content,
        file_name=fitted.filename,
        mime=fitted.mime,
        key=f"{key}_fit_download",
        on_click="ignore",
    )
    return chosen


def _further(catalog: Catalog, model: Model, urls: list[str], aspect_ratio: str, allow_private: bool) -> bool:
    """Further reference images, each judged for the model in one line; True when one is refused."""
    refused = False
    for number, url in enumerate(urls, start=2):
        loaded = _load(f"url:{url}", lambda url=url: _from_url(catalog, url, allow_private))
        verdict = loaded.judged(catalog, aspect_ratio, model=model, role="reference")
        refused = not _numbered(st.container(), number, verdict) or refused
    return refused


def _numbered(place, number: int, verdict: Verdict, name: str | None = None) -> bool:
    """One further image in one line: its facts, or why it is refused; True when it is accepted."""
    if verdict.ok:
        text = f"{name} · {_facts(verdict)}" if name else _facts(verdict)
        place.caption(t("ui.image.numbered", number=number, text=text))
        return True
    words = " ".join(verdict.message(c, current()) for c in verdict.problems)
    text = f"{name}: {words}" if name else words
    place.error(t("ui.image.numbered", number=number, text=text), icon=":material/block:")
    return False


def show(
    catalog: Catalog,
    model: Model,
    aspect_ratio: str,
    size: tuple[int, int] | None,
    *,
    role: str = "reference",
    allow_private: bool,
    kept: KeptImages | None = None,
    key: str,
) -> Reference:
    """One role's image(s) for the chosen model, in the frame `size` (None when the shape is adaptive). A picture
    kept from an earlier task (`{key}_kept`, set by "Use these settings") counts as the file, and is uploaded
    again at submit."""
    most = 1 if model.images.only_first else model.images.roles.get(role, 1)
    text = st.text_area(
        t(f"ui.image.{role}.url"),
        key=URL_KEYS[role],
        bind="query-params",
        persist_state="session",
        height=68,
        placeholder=t("ui.image.placeholder") + (t("ui.image.placeholder_many", most=most) if most > 1 else ""),
    )
    urls = [line.strip() for line in (text or "").splitlines() if line.strip()]
    rules = model.images.rules
    # Any file is taken, and judged by the app: a GIF or a 12 MB file gets the app's own words and next
    # step, not the uploader's generic refusal.
    # Several files where the model takes several (Vidu Q3 up to 7, Seedance and HappyHorse 9): each judged.
    label = t(f"ui.image.{role}.file")
    formats = ", ".join(rules.formats)
    uploader.say_limits(label, t("ui.image.file_note", formats=formats, mb=rules.max_bytes / 1e6))
    chosen_files = st.file_uploader(
        label,
        key=f"{key}_file",
        max_upload_size=UPLOAD_LIMIT_MB,
        accept_multiple_files=most > 1,
        help=t("ui.image.file_help", formats=formats, mb=rules.max_bytes / 1e6),
    )
    files = list(chosen_files or []) if isinstance(chosen_files, list) else [chosen_files] if chosen_files else []
    uploaded, extra_files = (files[0], files[1:most]) if files else (None, [])
    if len(files) > most:
        st.info(t("ui.image.at_most", model=model.name, most=most, ignored=len(files) - most))
    kept_image = _kept(kept, key) if uploaded is None else None
    has_file = uploaded is not None or kept_image is not None
    if has_file and most == 1:
        further, ignored = [], 0
        if urls:
            st.caption(t("ui.image.file_wins"))
    else:
        room = most - 1 - len(extra_files)
        further = urls[: max(0, room)] if has_file else urls[1:most]
        ignored = len(urls) - len(further) - (0 if has_file else 1)
    if ignored > 0 and model.images.only_first:
        st.info(t("ui.image.only_first", ignored=ignored))
    elif ignored > 0:
        st.info(t("ui.image.at_most", model=model.name, most=most, ignored=ignored))
    if kept_image is not None:
        loaded = _load(
            f"kept:{kept_image.digest}", lambda: ReferenceImage.from_bytes(kept_image.data, kept_image.name, catalog)
        )
    elif uploaded is not None:
        loaded = _load(f"file:{uploaded.file_id}", lambda: _from_file(catalog, uploaded))
    elif urls:
        loaded = _load(f"url:{urls[0]}", lambda: _from_url(catalog, urls[0], allow_private))
    else:
        st.caption(_empty_words(model, role))
        return Reference(role=role)
    refused = _further(catalog, model, further, aspect_ratio, allow_private) if further else False
    more_files, refused_file = _further_files(catalog, model, extra_files, aspect_ratio, role)
    refused = refused or refused_file

    def judged() -> Verdict:
        return loaded.judged(catalog, aspect_ratio, size, model=model, role=role)

    # Read before the toggle is drawn, so that a fitted image's outcome is the only one stated.
    fitted = bool(st.session_state.get(f"{key}_fit"))
    verdict = judged()
    slot = st.empty()  # the verdict shows at once, and is replaced if the whole read judges otherwise
    with slot.container():
        _show_verdict(verdict, fitted=fitted)
    _learn_more(catalog, loaded)
    whole = judged()
    if whole != verdict:  # only a whole read shows a file cut short, only a decode damaged data
        verdict = whole
        with slot.container():
            _show_verdict(verdict, fitted=fitted)
    if "aspect_override" in verdict.warnings and not fitted and verdict.ok:
        _switch_ratio(catalog, model, verdict, key=key)
    more = tuple(further)
    if not verdict.ok or loaded.base is None:
        return Reference(verdict=verdict, role=role, more=more, refused=refused)
    frame, caption = _outcome_frame(catalog, model, verdict, aspect_ratio, size, fitted)
    preview = loaded.preview(frame)
    if preview is not None:
        st.image(preview, caption=caption)
    can_fit = size is not None and set(verdict.warnings) & set(FIT_WARNINGS)
    chosen_fit = _fit(catalog, loaded, size, key=key) if can_fit and size else None
    if chosen_fit is not None:
        image = chosen_fit.image
        st.success(
            t(
                "ui.fit.holds",
                width=image.width,
                height=image.height,
                shape=term(catalog.aspect_ratios[aspect_ratio].label),
            ),
            icon=":material/check:",
        )
        return Reference(
            upload=(image.content, image.filename, image.mime),
            digest=chosen_fit.digest,
            verdict=retarget(chosen_fit.verdict, catalog, aspect_ratio, size, model=model, role=role),
            thumbnail=chosen_fit.thumbnail,
            more=more,
            more_files=more_files,
            role=role,
            refused=refused,
        )
    if has_file:
        if verdict.bytes > UPLOAD_MAX_BYTES:  # the model takes it by URL, but APIMart's upload takes 20 MB at most
            st.error(_over_upload(verdict, model), icon=":material/block:")
            refused = True
        return Reference(
            upload=loaded.upload_form(),
            digest=loaded.digest,
            verdict=verdict,
            thumbnail=loaded.thumbnail,
            more=more,
            more_files=more_files,
            role=role,
            refused=refused,
        )
    return Reference(url=urls[0], verdict=verdict, thumbnail=loaded.thumbnail, more=more, role=role, refused=refused)


def _over_upload(verdict: Verdict, model: Model) -> str:
    return t("ui.image.over_upload", mb=verdict.bytes / 1e6, limit_mb=UPLOAD_MAX_BYTES / 2**20, model=model.name)


def _further_files(catalog: Catalog, model: Model, files: list, aspect_ratio: str, role: str):
    """Files after the first, each judged for the model in one line with its thumbnail; (what is sent, refused)."""
    sent, refused = [], False
    for number, file in enumerate(files, start=2):
        loaded = _load(f"file:{file.file_id}", lambda file=file: _from_file(catalog, file))
        loaded.complete(catalog)
        verdict = loaded.judged(catalog, aspect_ratio, model=model, role=role)
        picture, words = st.columns([1, 4], vertical_alignment="center")
        if loaded.thumbnail:
            picture.image(loaded.thumbnail, width=72)
        form = loaded.upload_form()
        accepted = _numbered(words, number, verdict, file.name)
        if accepted and verdict.bytes > UPLOAD_MAX_BYTES:
            words.error(_over_upload(verdict, model), icon=":material/block:")
            accepted = False
        if accepted and form is not None:
            sent.append((form, loaded.digest))
        else:
            refused = True
    return tuple(sent), refused


def _kept(kept: KeptImages | None, key: str) -> KeptImage | None:
    """The picture kept from an earlier task for this role, said as such, with a way to put it away."""
    digest = st.session_state.get(f"{key}_kept")
    if not digest or kept is None:
        return None
    image = kept.get(digest)
    if image is None:
        st.caption(t("ui.image.kept_gone"))
        st.session_state.pop(f"{key}_kept", None)
        return None
    words, remove = st.columns([4, 1], vertical_alignment="center")
    words.caption(t("ui.image.kept", name=image.name))
    remove.button(
        t("ui.image.kept_remove"),
        key=f"{key}_kept_remove",
        icon=":material/close:",
        on_click=lambda: st.session_state.pop(f"{key}_kept", None),
    )
    return image


def _empty_words(model: Model, role: str) -> str:
    if model.images.required:
        return t("ui.image.required", model=model.name)
    if role == "reference" and model.images.ratio_rule == "override":
        return t("ui.image.optional_override")
    if role == "first_frame" and model.images.ratio_rule == "image":
        return t("ui.image.optional_first")
    if role == "last_frame":
        return t("ui.image.optional_last")
    return t("ui.image.optional")
