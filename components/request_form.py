"""The request's settings: Model, Prompt, Duration, Aspect ratio, Resolution, each kept in the URL.

Owns the session_state keys `model`, `prompt`, `duration`, `aspect_ratio`, `resolution` (they are also
the query parameter names, so a link reproduces the request). Not inside an st.form: the model must
enable or disable Resolution at once."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from videogen.catalog import Catalog, Model

PROMPT_SOFT_LIMIT = 2000  # not an API limit: past this, a caption suggests trimming
URL_PROMPT_LIMIT = 1000  # longer prompts are not written into the page's link


@dataclass(frozen=True)
class Settings:
    model: Model
    prompt: str
    duration: int
    aspect_ratio: str
    resolution: str | None  # None when the model has no resolution choice


def _all_resolutions(catalog: Catalog) -> list[str]:
    seen: list[str] = []
    for model in catalog.models.values():
        seen += [r for r in model.resolution_ids if r not in seen]
    return seen


def _model_changed(catalog: Catalog) -> None:
    """A resolution the new model does not offer is reset, and the reset is said: a hidden choice must
    never come back later, silently, with a higher price."""
    model = catalog.models.get(st.session_state.get("model"))
    current = st.session_state.get("resolution")
    if model is None or current is None:
        return
    fallback = model.default_resolution or _all_resolutions(catalog)[0]
    if current == fallback or (model.resolutions and current in model.resolution_ids):
        return
    st.session_state["resolution"] = fallback
    labels = {r.id: r.label for m in catalog.models.values() for r in m.resolutions}
    why = "has one resolution" if not model.resolutions else f"does not offer {labels.get(current, current)}"
    st.session_state["_resolution_reset"] = (
        f"Resolution was reset to {labels.get(fallback, fallback)}: {model.name} {why}."
    )


def show(catalog: Catalog, *, key: str) -> Settings:
    models = list(catalog.models)
    # Bound widgets keep their *formatted* option in the URL: labels are short and stable on purpose.
    model_id = st.selectbox(
        "Model",
        models,
        format_func=lambda m: catalog.models[m].name,
        key="model",
        bind="query-params",
        persist_state="session",
        on_change=_model_changed,
        args=(catalog,),
    )
    model = catalog.models.get(model_id) or catalog.models[catalog.default_model]
    st.caption(f"`{model.id}` - {model.description}")

    # Bound to the URL by hand: a long prompt stays out of the link (URLs have limits, and a link is shared).
    if "prompt" not in st.session_state and "prompt" in st.query_params:
        st.session_state["prompt"] = st.query_params["prompt"]
    prompt = st.text_area(
        "Prompt",
        key="prompt",
        persist_state="session",
        height=120,
        placeholder="Describe the scene, the action, the camera and the mood.",
    )
    if prompt and len(prompt) <= URL_PROMPT_LIMIT:
        if st.query_params.get("prompt") != prompt:
            st.query_params["prompt"] = prompt
    elif "prompt" in st.query_params:
        del st.query_params["prompt"]
    length = len((prompt or "").strip())
    if length == 0:
        st.caption(":orange[A prompt is required:] describe what the video should show.")
    else:
        st.caption(
            f"{length} characters"
            + (
                " - long prompts are often followed less closely; consider trimming."
                if length > PROMPT_SOFT_LIMIT
                else ""
            )
            + (" Too long to keep in the page's link." if length > URL_PROMPT_LIMIT else "")
        )

    left, middle, right = st.columns(3)
    with left:
        durations = list(model.durations)
        duration = st.radio(
            "Duration",
            durations,
            format_func=lambda d: f"{d} s",
            horizontal=True,
            index=durations.index(model.default_duration),
            key="duration",
            bind="query-params",
            persist_state="session",
        )
    with middle:
        ratios = list(catalog.aspect_ratios)
        aspect_ratio = st.radio(
            "Aspect ratio",
            ratios,
            format_func=lambda r: catalog.aspect_ratios[r].label,
            horizontal=True,
            index=ratios.index(model.default_aspect_ratio),
            key="aspect_ratio",
            bind="query-params",
            persist_state="session",
        )
    with right:
        # The options stay the same for every model, so switching models never resets the choice.
        options = _all_resolutions(catalog)
        shown_model = model if model.resolutions else next((m for m in catalog.models.values() if m.resolutions), None)

        tiers = [shown_model.resolution(r) if shown_model else None for r in options]
        sizes = ["{}x{}".format(*t.sizes[aspect_ratio]) if t else "" for t in tiers]
        labels = {r: (t.label if t else r) for r, t in zip(options, tiers, strict=True)}
        resolution = st.radio(
            "Resolution",
            options,
            format_func=labels.get,
            captions=sizes,
            horizontal=True,
            key="resolution",
            disabled=not model.resolutions,
            bind="query-params",
            persist_state="session",
        )
        reset = st.session_state.pop("_resolution_reset", None)
        if reset:
            st.info(reset, icon=":material/restart_alt:")
        if not model.resolutions:
            width, height = model.size(aspect_ratio)
            st.caption(
                f"{model.name} has one resolution ({width}x{height}); choose a model that offers High to change it."
            )
        elif resolution not in model.resolution_ids:
            resolution = model.default_resolution
    return Settings(
        model=model,
        prompt=prompt or "",
        duration=int(duration or model.default_duration),
        aspect_ratio=aspect_ratio or model.default_aspect_ratio,
        resolution=resolution if model.resolutions else None,
    )
