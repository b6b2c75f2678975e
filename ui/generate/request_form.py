"""The request's settings for the chosen model: Model, Prompt, Duration, Aspect ratio, Resolution (kept in the
URL) and the model's own extra fields; the rules between fields hold live, each with the reason an option is off.

Owns the session_state keys `model`, `prompt`, `duration`, `aspect_ratio`, `resolution` (also the query
parameter names, so a link reproduces the request), `{key}_<model>_<field>` for the extra fields, and
`_reset_notes`. Not inside an st.form: the model must change the other controls at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import streamlit as st

from ui.generate import model_picker
from ui.shell.language import t, term
from ui.tasks import model_options
from videogen import Catalog, Model, Shape

PROMPT_SOFT_LIMIT = 2000  # not an API limit: past this, a caption suggests trimming
URL_PROMPT_LIMIT = 1000  # longer prompts are not written into the page's link
NOTES = "_reset_notes"
TIER_SEEN = "_resolution_seen"  # (pixels, price per second, words) of the tier last chosen, on any model


@dataclass(frozen=True)
class Settings:
    model: Model
    prompt: str
    duration: int | None  # None: the length is an input's (measured), not asked
    aspect_ratio: str
    resolution: str | None  # None when the model has no resolution choice
    options: dict[str, object] = field(default_factory=dict)


def _say(text: str) -> None:
    st.session_state.setdefault(NOTES, []).append(text)


def _current(catalog: Catalog, model: Model, roles: dict[str, bool], key: str) -> dict:
    """The values the rules look at, as the widgets hold them now."""
    shape = catalog.aspect_ratio(st.session_state.get("aspect_ratio"))
    values = {
        "duration": st.session_state.get("duration", model.default_duration),
        "ratio": shape.id if shape else model.default_ratio,
        "resolution": st.session_state.get("resolution", model.default_tier),
        **{o.field: st.session_state.get(model_options.state_key(key, model, o), o.default) for o in model.options},
    }
    for role, given in roles.items():
        values[role] = given
    return values


def _hold(name: str, offered: tuple, default, words, model: Model, values: dict) -> tuple[tuple, str | None]:
    """Keep one field's value among what the model and its rules allow now, saying so when it moves."""
    allowed, why = model.allowed({"aspect_ratio": "ratio"}.get(name, name), values, offered)
    allowed = allowed or offered
    current = st.session_state.get(name)
    if name == "aspect_ratio" and current is not None:
        current = values["ratio"]
    if current is not None and current not in allowed:
        fallback = default if default in allowed else allowed[0]
        if name == "resolution" and current in offered:  # not the default: the nearest that costs no more
            tier = model.tier(current)
            fallback = model.tier_like(tier.short_side, tier.per_second, allowed) or fallback
        st.session_state[name] = fallback
        values[{"aspect_ratio": "ratio"}.get(name, name)] = fallback
        reason = (
            term(why)
            if why
            else t("ui.form.one_resolution", model=model.name)
            if name == "resolution" and len(offered) == 1
            else t("ui.form.not_offered", model=model.name, value=words(current))
        )
        _say(t("ui.form.reset", field=t(f"ui.form.{name}"), value=words(fallback), reason=reason.rstrip(".。")))
    elif current is not None and name == "aspect_ratio":
        st.session_state[name] = current  # an alias (`landscape`, from an older task) made canonical
    return allowed, why


def _model_changed(catalog: Catalog) -> None:
    st.session_state.pop(NOTES, None)


def _prompt(model: Model) -> str:
    # Bound to the URL by hand: a long prompt stays out of the link (URLs have limits, and a link is shared).
    if "prompt" not in st.session_state and "prompt" in st.query_params:
        st.session_state["prompt"] = st.query_params["prompt"]
    prompt = st.text_area(
        t("ui.form.prompt"),
        key="prompt",
        persist_state="session",
        height=120,
        placeholder=t("ui.form.prompt_placeholder"),
    )
    if prompt and len(prompt) <= URL_PROMPT_LIMIT:
        if st.query_params.get("prompt") != prompt:
            st.query_params["prompt"] = prompt
    elif "prompt" in st.query_params:
        del st.query_params["prompt"]
    length = len((prompt or "").strip())
    if length == 0:
        if model.prompt_required == "always":
            st.caption(t("ui.form.prompt_required"))
        elif model.prompt_required == "without_first_frame":
            st.caption(t("ui.form.prompt_unless_first_frame"))
        else:
            st.caption(t("ui.form.prompt_optional"))
    else:
        limit = model.prompt_max or PROMPT_SOFT_LIMIT
        st.caption(
            t("ui.form.characters", length=length)
            + (t("ui.form.prompt_over", model=model.name, limit=limit) if model.prompt_max and length > limit else "")
            + (t("ui.form.prompt_long") if not model.prompt_max and length > PROMPT_SOFT_LIMIT else "")
            + (t("ui.form.prompt_not_in_link") if length > URL_PROMPT_LIMIT else "")
        )
    return prompt or ""


def _duration(model: Model, values: dict) -> int:
    allowed, why = _hold(
        "duration", model.durations, model.default_duration, lambda d: t("ui.seconds", n=d), model, values
    )
    seconds = {d: t("ui.seconds", n=d) for d in model.durations}  # this run's language, not the caller's

    def words(d: int) -> str:
        return seconds.get(d, str(d))

    current = st.session_state.get("duration")
    if current not in allowed:
        current = model.default_duration if model.default_duration in allowed else allowed[0]
    # Set every run: the value must survive the control changing kind (buttons <-> a slider) between models.
    st.session_state["duration"] = current
    if model.duration_is_range and len(allowed) > 6:
        duration = st.select_slider(
            t("ui.form.duration"),
            list(allowed),
            key="duration",
            bind="query-params",
            persist_state="session",
            format_func=words,
        )
        st.caption(t("ui.form.range", low=model.durations[0], high=model.durations[-1]))
    else:
        duration = st.radio(
            t("ui.form.duration"),
            list(allowed),
            horizontal=True,
            key="duration",
            bind="query-params",
            persist_state="session",
            format_func=words,
        )
    if why:
        st.caption(t("ui.form.lengths_off", why=term(why)))
    return int(duration if duration is not None else allowed[0])


def _image_led(model: Model, values: dict) -> bool:
    """The video takes its shape from the image given (the model ignores the shape field then)."""
    if model.images.ratio_rule != "image":
        return False
    return bool(values.get("first_frame") if model.images.frames else values.get("reference"))


def _aspect_ratio(catalog: Catalog, model: Model, values: dict) -> str:
    allowed, why = _hold(
        "aspect_ratio", model.ratios, model.default_ratio, lambda s: term(catalog.shapes[s].label), model, values
    )
    if st.session_state.get("aspect_ratio") not in allowed:
        st.session_state["aspect_ratio"] = model.default_ratio if model.default_ratio in allowed else allowed[0]
    names = {s: term(catalog.shapes[s].label) for s in allowed}  # this run's language, not the caller's
    ratio = st.radio(
        t("ui.form.aspect_ratio"),
        list(allowed),
        format_func=names.__getitem__,
        horizontal=True,
        key="aspect_ratio",
        disabled=not model.available_shapes or _image_led(model, values),
        bind="query-params",
        persist_state="session",
    )
    if not model.ratio_field and model.billed_role:  # motion control, a video edit: the shape is the inputs'
        st.caption(t("ui.form.shape_of_input", model=model.name))
    elif not model.ratio_field:
        st.caption(t("ui.form.no_shape", model=model.name, shape=catalog.shapes[model.ratios[0]].label))
    elif _image_led(model, values):
        st.caption(t("ui.form.shape_from_image"))
    if why:
        st.caption(t("ui.form.shapes_off", why=term(why)))
    return ratio or allowed[0]


def _carry_tier(model: Model, ids: tuple[str, ...], values: dict) -> None:
    """A tier chosen on another model, brought to this one by what it is (its pixels), not by its name: 720p
    stays 720p whether it is called `720p`, `720P` or `std` here; when this model has no such tier, the
    nearest that costs no more is chosen, and the note names the tier the person had chosen."""
    held, seen = st.session_state.get("resolution"), st.session_state.get(TIER_SEEN)
    if held is None or held in ids or not seen or len(ids) == 1:
        return  # nothing to carry, or one tier only (the field's own rule says so)
    pixels, price, words = seen
    allowed, _ = model.allowed("resolution", values, ids)
    like = model.tier_like(pixels, price, allowed or ids)
    if like is None:
        return
    st.session_state["resolution"] = values["resolution"] = like
    if model.tier(like).short_side != pixels:
        reason = t("ui.form.not_offered", model=model.name, value=words)
        _say(t("ui.form.reset", field=t("ui.form.resolution"), value=term(model.tier(like).label), reason=reason))


def _resolution(
    catalog: Catalog, model: Model, aspect_ratio: str, values: dict, image_size: tuple[int, int] | None
) -> str | None:
    ids = tuple(t.id for t in model.tiers)
    labels = {tier.id: term(tier.label) for tier in model.tiers}
    _carry_tier(model, ids, values)
    allowed, why = _hold("resolution", ids, model.default_tier, lambda r: labels.get(r, r), model, values)
    if st.session_state.get("resolution") not in allowed:
        st.session_state["resolution"] = model.default_tier if model.default_tier in allowed else allowed[0]
    shape = catalog.shapes[aspect_ratio]
    if image_size and _image_led(model, values):  # the video takes the image's shape: sizes in that shape
        shape = Shape("image", "", Fraction(*image_size))

    def size_of(tier_id: str) -> str:
        tier = model.tier(tier_id)
        size = tier.size(shape)
        if size is None:
            return t("ui.form.size_from_images") if shape.ratio is None else ""
        return ("{}x{}" if shape.id in tier.sizes else "~{}x{}").format(*size)

    resolution = st.radio(
        t("ui.form.resolution"),
        list(allowed),
        format_func=lambda r: labels.get(r, r),
        captions=[size_of(r) for r in allowed],
        horizontal=True,
        key="resolution",
        disabled=not model.resolutions,
        bind="query-params",
        persist_state="session",
    )
    chosen = model.tier(resolution if model.resolutions else None)
    if model.resolutions:
        st.session_state[TIER_SEEN] = (chosen.short_side, chosen.per_second, term(chosen.label))
    if not model.resolutions:
        size = size_of(model.tiers[0].id)
        st.caption(t("ui.form.one_resolution_is", model=model.name, size=size or term(model.tiers[0].label)))
    elif why:
        st.caption(t("ui.form.resolutions_off", why=term(why)))
    return resolution if model.resolutions else None


def show(
    catalog: Catalog,
    *,
    usable=lambda model_id: True,
    roles: dict[str, bool] | None = None,
    drift=lambda model: [],
    undescribed: tuple[str, ...] = (),
    image_size: tuple[int, int] | None = None,
    key: str,
) -> Settings:
    """The request's fields. `image_size`: the leading image's (width, height) in the last run, for a model
    that gives the video the image's own shape (its sizes are then said in that shape)."""
    model = model_picker.show(catalog, usable, on_change=_model_changed, drift=drift, undescribed=undescribed, key=key)
    prompt = _prompt(model)
    values = _current(catalog, model, roles or {}, key)
    left, middle, right = st.columns(3)
    with left:
        if model.duration_field is None:  # its length is an input's (motion control, a video edit), measured
            role = model.billed_role or ""
            st.caption(t("ui.form.length_of_input", what=t(f"ui.media.{role}").lower()))
            duration = None
        else:
            duration = _duration(model, values)
    with middle:
        aspect_ratio = _aspect_ratio(catalog, model, values)
    with right:
        resolution = _resolution(catalog, model, aspect_ratio, values, image_size)
    for text in st.session_state.pop(NOTES, []):
        st.info(text, icon=":material/restart_alt:")
    options = model_options.show(model, values, key=key)
    return Settings(
        model=model,
        prompt=prompt,
        duration=duration,
        aspect_ratio=aspect_ratio,
        resolution=resolution,
        options=options,
    )
